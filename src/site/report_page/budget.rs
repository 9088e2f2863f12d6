//! 二、年初预算收支: the year-start budget against the year before, stated beside recomputed.

use super::findings::Marks;
use crate::analysis::arith::percent_change;
use crate::domain::Pointer;
use crate::domain::{Snapshot, StatedChange};
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
    if let Some(b) = &s.budget {
        doc.h2("二、年初预算收支");
        let prior = s.year - 1;
        let mut t = Table::new(
            format!("{}年年初预算与{}年比较（万元）", s.year, prior),
            &[
                "预算项目",
                &format!("{}年", s.year),
                &format!("{prior}年"),
                "增减（报告）",
                "增减（复核）",
                "比例（报告）",
                "比例（复核）",
            ],
        );
        for (i, l) in b.lines.iter().enumerate() {
            let at = Pointer::root() / "budget" / "lines" / i / "stated_change";
            let (change, pct) = match (l.amount, l.prior_year_amount) {
                (Some(now), Some(before)) => (Some(now - before), percent_change(before, now, 2)),
                _ => (None, None),
            };
            t.row(vec![
                Cell::head(&l.label),
                Cell::num(l.amount),
                Cell::num(l.prior_year_amount),
                marks.cell(&(&at / "amount"), stated_amount(&l.stated_change)),
                Cell::Num(change.map_or("—".into(), signed)),
                marks.cell(&(&at / "percent"), stated_percent(&l.stated_change)),
                Cell::Num(pct.map_or("—".into(), |p| format!("{}%", signed(p)))),
            ]);
        }
        doc.html(t.render());
        let categories: Vec<String> = b.lines.iter().map(|l| l.label.clone()).collect();
        let series = vec![
            Series { name: format!("{}年", s.year), values: b.lines.iter().map(|l| l.amount).collect() },
            Series { name: format!("{prior}年"), values: b.lines.iter().map(|l| l.prior_year_amount).collect() },
        ];
        doc.html(charts::bars(
            "chart-budget",
            &format!("{}年与{prior}年年初预算", s.year),
            "万元",
            &categories,
            &series,
        ));
        if let Some(e) = &b.explanation {
            doc.text(e);
        }
    }
}
