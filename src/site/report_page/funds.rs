//! 资金 (schema 2): amount tables with a column per phase the report prints (a 决算-only table
//! reads as 决算), sources and parts indented under their line, stated rates and shares marked
//! where the audit disagrees; and balance flows.

use super::findings::Marks;
use crate::domain::{AmountLine, AmountPhase, BalanceFlow, Cell as Figure, Money, Pointer, Snapshot};
use crate::site::doc::Doc;
use crate::site::table::{Cell, Table};

/// The phase columns, in the order a report prints them.
const PHASES: [(AmountPhase, &str); 4] = [
    (AmountPhase::YearStart, "年初预算"),
    (AmountPhase::Adjusted, "调整后预算"),
    (AmountPhase::Received, "到位"),
    (AmountPhase::Executed, "执行（决算）"),
];

pub fn funds(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    if !s.funds.is_empty() {
        doc.section(title(&s.funds));
        let at = Pointer::root() / "funds";
        let lines = s.funds.iter().enumerate().map(|(i, line)| (line, &at / i)).collect();
        doc.html(amount_table("资金（万元，另注单位的除外）", lines, marks));
    }
    if !s.balances.is_empty() {
        doc.section("结转结余");
        doc.html(balance_table(&s.balances, &(Pointer::root() / "balances"), marks));
    }
}

/// A section title that says which phases the report gives.
fn title(lines: &[AmountLine]) -> &'static str {
    let has = |phase| lines.iter().any(|l| has_phase(l, phase));
    let budget = has(AmountPhase::YearStart) || has(AmountPhase::Adjusted);
    match (budget, has(AmountPhase::Executed)) {
        (false, true) => "决算收支",
        (true, false) => "预算收支",
        _ => "预算与执行",
    }
}

fn has_phase(line: &AmountLine, phase: AmountPhase) -> bool {
    line.phase(phase).is_some() || line.by_source.iter().chain(&line.parts).any(|l| has_phase(l, phase))
}

/// A line with its sources and parts below it, indented.
fn flatten<'a>(line: &'a AmountLine, here: Pointer, depth: usize, out: &mut Vec<(&'a AmountLine, Pointer, usize)>) {
    out.push((line, here.clone(), depth));
    for (key, below) in [("by_source", &line.by_source), ("parts", &line.parts)] {
        for (i, part) in below.iter().enumerate() {
            flatten(part, &here / key / i, depth + 1, out);
        }
    }
}

/// An amount column of a line other than the phases.
type Column = fn(&AmountLine) -> Option<&Figure<Money>>;

/// A table of amount lines, each given with its pointer.
pub fn amount_table(caption: &str, lines: Vec<(&AmountLine, Pointer)>, marks: &Marks) -> String {
    let phases: Vec<_> = PHASES.iter().filter(|(p, _)| lines.iter().any(|(l, _)| has_phase(l, *p))).collect();
    let mut rows = Vec::new();
    for (line, here) in lines {
        flatten(line, here, 0, &mut rows);
    }
    // The other amount columns and the stated ones, each shown when some line prints it.
    let columns: Vec<_> = [
        ("opening_balance", "年初结余", (|l: &AmountLine| l.opening_balance.as_ref()) as Column),
        ("closing_balance", "年末结余", |l| l.closing_balance.as_ref()),
        ("prior_year", "上年数", |l| l.prior_year.as_ref()),
    ]
    .into_iter()
    .filter(|(_, _, cell)| rows.iter().any(|(l, ..)| cell(l).is_some()))
    .collect();
    let rates = rows.iter().any(|(l, ..)| !l.stated_rates.is_empty());
    let shares = rows.iter().any(|(l, ..)| l.stated_share.is_some());
    let notes: Vec<String> = rows.iter().map(|(l, ..)| notes(l)).collect();
    let any_note = notes.iter().any(|n| !n.is_empty());
    let mut head = vec!["项目"];
    head.extend(phases.iter().map(|(_, name)| *name));
    head.extend(columns.iter().map(|(_, name, _)| *name));
    for (present, name) in [(rates, "比率（报告）"), (shares, "占比（报告）"), (any_note, "说明")] {
        if present {
            head.push(name);
        }
    }
    let mut t = Table::new(caption, &head);
    for ((line, here, depth), note) in rows.into_iter().zip(notes) {
        let mut row = vec![Cell::head(format!("{}{}", "　".repeat(depth), line.label))];
        for (phase, _) in &phases {
            row.push(money(line.phase(*phase), &(&here / phase.as_str()), marks));
        }
        for (key, _, cell) in &columns {
            row.push(money(cell(line), &(&here / *key), marks));
        }
        if rates {
            let stated = line.stated_rates.iter().enumerate().map(|(i, r)| {
                format!("{} {}", r.name, marks.inline(&(&here / "stated_rates" / i / "value"), format!("{}%", r.value)))
            });
            row.push(Cell::Markup(stated.collect::<Vec<_>>().join("<br>")));
        }
        if shares {
            row.push(match &line.stated_share {
                Some(share) => marks.cell(&(&here / "stated_share"), format!("{share}%")),
                None => Cell::text(""),
            });
        }
        if any_note {
            row.push(Cell::text(note));
        }
        t.row(row);
    }
    t.render()
}

/// What a line's row says besides its figures.
fn notes(line: &AmountLine) -> String {
    let mut notes = Vec::new();
    if line.placeholder {
        notes.push("表中空行");
    }
    if !line.completeness.is_complete() {
        notes.push("只列出部分");
    }
    if let Some(reason) = line.reason.as_ref().and_then(|r| r.text()) {
        notes.push(reason);
    }
    notes.join("；")
}

/// A stated amount as printed (with its unit when it is not 万元), or the state of its cell.
pub(super) fn money(cell: Option<&Figure<Money>>, at: &Pointer, marks: &Marks) -> Cell {
    match cell {
        None => Cell::text(""),
        Some(Figure::Blank) => Cell::text("（空白）"),
        Some(cell) => marks.cell(at, cell.to_string()),
    }
}

fn balance_table(flows: &[BalanceFlow], at: &Pointer, marks: &Marks) -> String {
    let mut t = Table::new(
        "结转结余（万元，另注单位的除外）",
        &["项目", "年初结转结余", "收入", "支出", "其他转入", "其他转出", "年末结转结余（报告）"],
    );
    for (i, f) in flows.iter().enumerate() {
        let here = at / i;
        let cells = [
            ("opening", &f.opening),
            ("income", &f.income),
            ("expenditure", &f.expenditure),
            ("other_in", &f.other_in),
            ("other_out", &f.other_out),
            ("closing", &f.closing),
        ];
        let mut row = vec![Cell::head(&f.label)];
        row.extend(cells.iter().map(|(key, cell)| money(cell.as_ref(), &(&here / *key), marks)));
        t.row(row);
    }
    t.render()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balances_of_a_line_have_their_own_columns_when_printed() {
        let line: AmountLine = serde_json::from_value(serde_json::json!({
            "label": "部门整体支出", "year_start": "1922.76", "adjusted": "2690.62",
            "opening_balance": "19.8", "closing_balance": "19.7"
        }))
        .unwrap();
        let marks = Marks::new(&[]);
        let html = amount_table("资金", vec![(&line, Pointer::root() / "funds" / 0)], &marks);
        let (opening, closing) = (html.find("年初结余").unwrap(), html.find("年末结余").unwrap());
        assert!(html.find("调整后预算").unwrap() < opening && opening < closing, "{html}");
        assert!(html.contains("19.8") && html.contains("19.7"), "{html}");
        assert!(!html.contains("上年数"), "no prior-year column when no line prints one: {html}");
        let without: AmountLine =
            serde_json::from_value(serde_json::json!({"label": "总额", "executed": "1"})).unwrap();
        let html = amount_table("资金", vec![(&without, Pointer::root() / "funds" / 0)], &marks);
        assert!(!html.contains("结余"), "{html}");
    }
}
