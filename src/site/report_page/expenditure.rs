//! 财政预算整体支出 and 年度收支决算: how the money was spent, and the final accounts
//! against the budget (differences and execution rates as the analysis computes them).

use rust_decimal::Decimal;

use super::budget::stated_amount;
use super::findings::Marks;
use crate::analysis;
use crate::analysis::arith::{percent_of, sum_known};
use crate::domain::Pointer;
use crate::domain::Snapshot;
use crate::site::doc::Doc;
use crate::site::labels;
use crate::site::table::{amount, signed, Cell, Table};

pub fn expenditure(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    let Some(e) = &s.expenditure else { return };
    doc.section("财政预算整体支出使用范围");
    if let Some(d) = &e.description {
        doc.text(d);
    }
    let mut t = Table::new("支出按资金来源（万元）", &["资金来源", "基本支出", "项目支出", "合计"]);
    for (name, split) in [("一般公共预算", &e.general_public_budget), ("政府性基金预算", &e.government_fund_budget)]
    {
        if let Some(sp) = split {
            t.row(vec![Cell::head(name), Cell::num(sp.basic), Cell::num(sp.project), Cell::num(sp.total)]);
        }
    }
    t.row(vec![
        Cell::head("整体支出（报告）"),
        Cell::num(None),
        Cell::num(None),
        marks.cell(&(Pointer::root() / "expenditure" / "stated_total"), amount(e.stated_total)),
    ]);
    doc.html(t.render());
    if let Some(table) = &e.table {
        let mut t =
            Table::new("支出按经济分类和功能分类（万元）", &["支出项目", "分类", "基本支出", "项目支出", "合计"]);
        for r in &table.rows {
            let code = r.classification.code.as_deref().map(|c| format!("{c} ")).unwrap_or_default();
            t.row(vec![
                Cell::head(format!("{code}{}", r.classification.label)),
                Cell::text(labels::scheme(r.classification.scheme)),
                Cell::num(r.amounts.basic),
                Cell::num(r.amounts.project),
                Cell::num(r.amounts.total),
            ]);
        }
        if let Some(totals) = &table.stated_totals {
            let at = Pointer::root() / "expenditure" / "table" / "stated_totals";
            t.row(vec![
                Cell::head("合计（报告）"),
                Cell::text(""),
                marks.cell(&(&at / "basic"), amount(totals.basic)),
                marks.cell(&(&at / "project"), amount(totals.project)),
                marks.cell(&(&at / "total"), amount(totals.total)),
            ]);
        }
        let counted = analysis::audit::top_level_rows(table);
        let col = |pick: fn(&crate::domain::Split) -> Option<Decimal>| {
            sum_known(counted.iter().map(|&i| pick(&table.rows[i].amounts)))
        };
        let basic = col(|a| a.basic);
        let project = col(|a| a.project);
        let total = sum_known([basic, project]);
        t.row(vec![Cell::head("合计（复核）"), Cell::text(""), Cell::num(basic), Cell::num(project), Cell::num(total)]);
        doc.html(t.render());
    }
}

pub fn final_accounts(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    let Some(f) = &s.final_accounts else { return };
    let execution = analysis::execution(s);
    doc.section("年度收支决算");
    let sides = [
        ("income", "收入", &f.income, &execution.income),
        ("expenditure", "支出", &f.expenditure, &execution.expenditure),
    ];
    for (side, name, table, computed) in sides {
        let (Some(table), Some(computed)) = (table, computed) else { continue };
        let mut t = Table::new(
            format!("年度{name}决算（万元）"),
            &["项目", "预算", "决算", "差额（报告）", "差额（复核）", "执行率（复核）"],
        );
        let rows = table.lines.iter().zip(&computed.lines).enumerate().map(|(i, (l, c))| {
            (Pointer::root() / "final_accounts" / side / "lines" / i, l, c.difference, c.execution_rate)
        });
        // The analysis totals the rows; the stated subtotal row shows its own figures' difference.
        let subtotal = table.stated_subtotal.iter().map(|l| {
            let (difference, rate) = match (l.budget, l.actual) {
                (Some(b), Some(a)) => (Some(a - b), percent_of(a, b, 2)),
                _ => (None, None),
            };
            (Pointer::root() / "final_accounts" / side / "stated_subtotal", l, difference, rate)
        });
        for (at, l, difference, rate) in rows.chain(subtotal) {
            t.row(vec![
                Cell::head(&l.label),
                marks.cell(&(&at / "budget"), amount(l.budget)),
                marks.cell(&(&at / "actual"), amount(l.actual)),
                marks.cell(&(&at / "stated_difference" / "amount"), stated_amount(&l.stated_difference)),
                Cell::Num(difference.map_or("—".into(), signed)),
                Cell::Num(rate.map_or("—".into(), |r| format!("{r}%"))),
            ]);
        }
        doc.html(t.render());
        if let Some(e) = &table.explanation {
            doc.text(e);
        }
    }
}
