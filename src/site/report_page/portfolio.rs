//! 项目数量 (schema 2): the project counts the report states (at year start, added, removed, the
//! total) with start + added − removed recomputed beside the total, and the subsets each count
//! includes (含…); stated counts are marked where the audit disagrees.

use super::findings::Marks;
use crate::domain::{Pointer, PortfolioCount, Snapshot};
use crate::site::doc::Doc;
use crate::site::table::{Cell, Table};

pub fn portfolio(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    let Some(p) = &s.portfolio else { return };
    doc.section("项目数量");
    let at = Pointer::root() / "portfolio";
    let mut t = Table::new("项目数量（个）", &["项目", "数量"]);
    let stated = |count: PortfolioCount| {
        let shown = p.count(count).map_or_else(|| "（报告未说明）".to_string(), |n| n.to_string());
        marks.cell(&(&at / count.as_str()), shown)
    };
    for count in [PortfolioCount::AtYearStart, PortfolioCount::Added, PortfolioCount::Removed] {
        t.row(vec![Cell::head(count.zh()), stated(count)]);
    }
    if let (Some(start), Some(added)) = (p.at_year_start, p.added) {
        let (sum, label) = match p.removed {
            Some(removed) => (i64::from(start) + i64::from(added) - i64::from(removed), "年初 + 增加 − 取消（复核）"),
            None => (i64::from(start) + i64::from(added), "年初 + 增加（复核；取消数未说明）"),
        };
        t.row(vec![Cell::head(label), Cell::Num(sum.to_string())]);
    }
    t.row(vec![Cell::head("项目总数（报告）"), stated(PortfolioCount::StatedProjectCount)]);
    if let Some(groups) = p.stated_group_count {
        t.row(vec![Cell::head("分为几个方面（报告）"), Cell::Num(groups.to_string())]);
    }
    for (i, subset) in p.includes.iter().enumerate() {
        t.row(vec![
            Cell::head(format!("{}中含：{}", subset.of.zh(), subset.label)),
            marks.cell(&(&at / "includes" / i / "count"), subset.count.to_string()),
        ]);
    }
    doc.html(t.render());
}
