//! 预算收支: the budget lines against the year before, stated beside recomputed, titled by the
//! phases the report gives (年初预算, 决算, or both).

use super::findings::Marks;
use crate::analysis::arith::percent_change;
use crate::domain::Pointer;
use crate::domain::{Phase, Snapshot, StatedChange};
use crate::site::charts::{self, Series};
use crate::site::doc::Doc;
use crate::site::labels;
use crate::site::table::{signed, Cell, Table};

pub fn stated_amount(change: &Option<StatedChange>) -> String {
    match change {
        Some(StatedChange { amount: Some(a), direction: Some(d), .. }) => format!("{}{a}", labels::direction(*d)),
        Some(StatedChange { amount: Some(a), .. }) => a.to_string(),
        _ => "—".into(),
    }
}

fn stated_percent(change: &Option<StatedChange>) -> String {
    match change.as_ref().and_then(|c| c.percent) {
        Some(p) => format!("{p}%"),
        None => "—".into(),
    }
}

pub fn budget(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    let Some(b) = &s.budget else { return };
    let mut phases: Vec<Phase> = b.lines.iter().map(|l| l.phase).collect();
    phases.sort();
    phases.dedup();
    // What the lines are (年初预算, 决算, …) names the section, its table and its chart.
    let word = match phases[..] {
        [one] => labels::phase(one),
        _ => "预算",
    };
    doc.section(&format!("{word}收支"));
    let (year, prior) = (s.year, s.year - 1);
    // The prior-year columns only when the report gives a prior-year figure.
    let with_prior = b.lines.iter().any(|l| l.prior_year_amount.is_some());
    let with_stated = b.lines.iter().any(|l| l.stated_change.is_some());
    let mixed = phases.len() > 1;
    let mut head = vec!["预算项目".to_string()];
    if mixed {
        head.push("阶段".into());
    }
    head.push(format!("{year}年"));
    if with_prior {
        head.extend([format!("{prior}年"), "增减（报告）".into(), "增减（复核）".into()]);
        head.extend(["比例（报告）".into(), "比例（复核）".into()]);
    } else if with_stated {
        head.extend(["增减（报告）".into(), "比例（报告）".into()]);
    }
    let caption = if with_prior {
        format!("{year}年{word}与{prior}年比较（万元）")
    } else {
        format!("{year}年{word}（万元）")
    };
    let mut t = Table::new(caption, &head.iter().map(String::as_str).collect::<Vec<_>>());
    for (i, l) in b.lines.iter().enumerate() {
        let at = Pointer::root() / "budget" / "lines" / i / "stated_change";
        let stated_change = || marks.cell(&(&at / "amount"), stated_amount(&l.stated_change));
        let stated_pct = || marks.cell(&(&at / "percent"), stated_percent(&l.stated_change));
        let mut row = vec![Cell::head(&l.label)];
        if mixed {
            row.push(Cell::text(labels::phase(l.phase)));
        }
        row.push(Cell::num(l.amount));
        if with_prior {
            let (change, pct) = match (l.amount, l.prior_year_amount) {
                (Some(now), Some(before)) => (Some(now - before), percent_change(before, now, 2)),
                _ => (None, None),
            };
            row.extend([Cell::num(l.prior_year_amount), stated_change(), Cell::Num(change.map_or("—".into(), signed))]);
            row.extend([stated_pct(), Cell::Num(pct.map_or("—".into(), |p| format!("{}%", signed(p))))]);
        } else if with_stated {
            row.extend([stated_change(), stated_pct()]);
        }
        t.row(row);
    }
    doc.html(t.render());
    let categories: Vec<String> = b.lines.iter().map(|l| l.label.clone()).collect();
    let series = vec![
        Series { name: format!("{year}年"), values: b.lines.iter().map(|l| l.amount).collect() },
        Series { name: format!("{prior}年"), values: b.lines.iter().map(|l| l.prior_year_amount).collect() },
    ];
    let title = if with_prior { format!("{year}年与{prior}年{word}") } else { format!("{year}年{word}") };
    doc.html(charts::bars("chart-budget", &title, "万元", &categories, &series));
    if let Some(e) = &b.explanation {
        doc.text(e);
    }
}
