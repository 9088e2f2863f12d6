//! 重点项目: the project categories and groups with their stated counts and estimates, and
//! the totals the analysis recomputes from the project rows.

use super::findings::Marks;
use crate::analysis::projects::{group_total, project_totals, Total};
use crate::domain::Pointer;
use crate::domain::{Figure, Snapshot};
use crate::site::charts::{self, Series};
use crate::site::doc::Doc;
use crate::site::table::{amount, Cell, Table};

pub fn key_projects(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    let Some(k) = &s.key_projects else { return };
    doc.section("重点项目");
    if let Some(d) = &k.description {
        doc.text(d);
    }
    let totals = project_totals(k);
    let mut t = Table::new(
        "工程项目分类及投资估算（万元）",
        &[
            "工程类别",
            "序号",
            "工程项目",
            "项目数量（报告）",
            "项目数量（列出）",
            "投资估算（报告）",
            "投资估算（复核）",
        ],
    );
    for (c, (category, ctotal)) in k.categories.iter().zip(&totals.categories).enumerate() {
        for (g, (group, gtotal)) in category.groups.iter().zip(&ctotal.groups).enumerate() {
            let at = Pointer::root() / "key_projects" / "categories" / c / "groups" / g;
            t.row(vec![
                Cell::text(&category.name),
                Cell::Num(group.number.to_string()),
                Cell::head(&group.name),
                marks.cell(
                    &(&at / "stated_project_count"),
                    group.stated_project_count.map_or("—".into(), |n| n.to_string()),
                ),
                Cell::Num(gtotal.projects.to_string()),
                marks.cell(&(&at / "stated_estimate"), group.stated_estimate.map_or("—".into(), |f| f.to_string())),
                Cell::Num(at_least(gtotal)),
            ]);
        }
        let at = Pointer::root() / "key_projects" / "categories" / c;
        t.row(vec![
            Cell::text(&category.name),
            Cell::text(""),
            Cell::head("小计"),
            marks.cell(
                &(&at / "stated_project_count"),
                category.stated_project_count.map_or("—".into(), |n| n.to_string()),
            ),
            Cell::Num(ctotal.total.projects.to_string()),
            marks.cell(&(&at / "stated_subtotal"), amount(category.stated_subtotal)),
            Cell::Num(at_least(&ctotal.total)),
        ]);
    }
    t.row(vec![
        Cell::head("总计"),
        Cell::text(""),
        Cell::text(""),
        marks.cell(
            &(Pointer::root() / "key_projects" / "stated_project_count"),
            k.stated_project_count.map_or("—".into(), |n| n.to_string()),
        ),
        Cell::Num(totals.total.projects.to_string()),
        marks.cell(&(Pointer::root() / "key_projects" / "stated_total"), amount(k.stated_total)),
        Cell::Num(at_least(&totals.total)),
    ]);
    doc.html(t.render());
    let categories: Vec<String> = k.categories.iter().map(|c| c.name.clone()).collect();
    let series =
        vec![Series { name: "投资估算".into(), values: totals.categories.iter().map(|c| c.total.known).collect() }];
    doc.html(charts::bars("chart-projects", "重点项目投资估算（按工程类别）", "万元", &categories, &series));
    doc.html(r#"<p class="note">“/”表示报告未给出估算（不计为零）；合并单元格中的同一估算只计一次。</p>"#.into());
    for (c, category) in k.categories.iter().enumerate() {
        for (g, group) in category.groups.iter().enumerate() {
            let caption = match &group.table {
                Some(table) => format!("表{table} {}", group.name),
                None => group.name.clone(),
            };
            doc.h3(&caption);
            let mut t = Table::new(
                format!("{caption}（万元）"),
                &["编号", "项目名称", "主要建设内容", "投资估算", "实施年限", "责任单位"],
            );
            for p in &group.projects {
                let estimate = match (p.estimate, p.shares_estimate_of) {
                    (Some(Figure::Known(v)), _) => v.to_string(),
                    (Some(Figure::Unknown), _) => "/（未估算）".into(),
                    (None, Some(n)) => format!("（与第{n}行合并计列）"),
                    (None, None) => "（未列估算）".into(),
                };
                let years = match (p.from, p.to) {
                    (Some(a), Some(b)) if a == b => a.to_string(),
                    (Some(a), Some(b)) => format!("{a}–{b}"),
                    _ => "/".into(),
                };
                t.row(vec![
                    Cell::Num(p.number.to_string()),
                    Cell::head(p.name.clone().unwrap_or_default()),
                    Cell::text(p.content.clone().unwrap_or_default()),
                    Cell::Num(estimate),
                    Cell::Num(years),
                    Cell::text(p.responsible.join("、")),
                ]);
            }
            if let Some(stated) = group.stated_total {
                let at = Pointer::root() / "key_projects" / "categories" / c / "groups" / g / "stated_total";
                let blank = || Cell::text("");
                t.row(vec![
                    blank(),
                    Cell::head("合计（报告）"),
                    blank(),
                    marks.cell(&at, stated.to_string()),
                    blank(),
                    blank(),
                ]);
            }
            let total = group_total(group);
            t.row(vec![
                Cell::text(""),
                Cell::head("合计（复核）"),
                Cell::text(""),
                Cell::Num(at_least(&total)),
                Cell::text(""),
                Cell::text(""),
            ]);
            doc.html(t.render());
        }
    }
}

/// A recomputed project total: the sum of the known estimates, saying how many are unknown
/// (the true total is then at least this).
fn at_least(total: &Total) -> String {
    match (total.known, total.unknown) {
        (None, _) => "/".into(),
        (Some(k), 0) => k.normalize().to_string(),
        (Some(k), n) => format!("{}（另有{n}项未估算）", k.normalize()),
    }
}
