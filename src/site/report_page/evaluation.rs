//! 七、绩效评价 and the self-evaluation attachments: indicators, grade bands, the score.

use rust_decimal::Decimal;

use super::findings::Marks;
use crate::domain::Pointer;
use crate::domain::Snapshot;
use crate::site::doc::Doc;
use crate::site::escape::html;
use crate::site::table::{Cell, Table};

pub fn evaluation(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    let Some(e) = &s.evaluation else { return };
    doc.h2("七、绩效评价");
    for (title, text) in [("评价思路", &e.approach), ("评价方法", &e.method), ("评价过程", &e.process)] {
        if let Some(text) = text {
            doc.h3(title);
            doc.text(text);
        }
    }
    if !e.indicator_groups.is_empty() {
        let mut t = Table::new("评价指标体系", &["一级指标", "分值", "内容"]);
        for g in &e.indicator_groups {
            t.row(vec![
                Cell::head(&g.name),
                Cell::Num(g.points.to_string()),
                Cell::text(g.description.clone().unwrap_or_default()),
            ]);
        }
        let sum: Decimal = e.indicator_groups.iter().map(|g| g.points).sum();
        t.row(vec![
            Cell::head("合计（复核）"),
            marks.cell(&(Pointer::root() / "evaluation" / "indicator_groups" / 0 / "points"), sum.to_string()),
            Cell::text(""),
        ]);
        doc.html(t.render());
    }
    if !e.grade_bands.is_empty() {
        let mut t = Table::new("评价等级", &["等级", "得分区间"]);
        for b in &e.grade_bands {
            let low = b.min.map(|m| format!("{m} ≤ ")).unwrap_or_default();
            let high = b.max.map(|m| format!(" {} {m}", if b.max_inclusive { "≤" } else { "<" })).unwrap_or_default();
            t.row(vec![Cell::head(&b.grade), Cell::text(format!("{low}得分{high}"))]);
        }
        doc.html(t.render());
    }
    if let Some(score) = e.score {
        let grade = e.stated_grade.as_deref().unwrap_or("—");
        let max = e.max_score.unwrap_or(Decimal::ONE_HUNDRED);
        let flag = if marks.at(&(Pointer::root() / "evaluation" / "stated_grade")) {
            r#" <span class="differs">（与等级区间不符，见复核结果）</span>"#
        } else {
            ""
        };
        doc.html(format!(
            r#"<p class="score">评价得分 <strong id="score">{score}</strong> 分（满分 {max}），等级 <strong id="grade">{}</strong>{flag}</p>"#,
            html(grade)
        ));
    }
    if let Some(c) = &e.conclusion {
        doc.text(c);
    }
}

/// The self-evaluation tables attached to the report (附件).
pub fn attachments(doc: &mut Doc, s: &Snapshot) {
    if s.attachments.is_empty() {
        return;
    }
    doc.h2("附件");
    for a in &s.attachments {
        doc.h3(&a.title);
        if a.rows.is_empty() {
            doc.html(r#"<p class="note">报告列出了此附件，但未公开其内容。</p>"#.into());
            continue;
        }
        let mut t = Table::new(a.title.clone(), &["指标", "权重", "目标值", "实际值", "得分", "偏差原因"]);
        for r in &a.rows {
            t.row(vec![
                Cell::head(r.indicator.join(" / ")),
                Cell::Num(r.weight.to_string()),
                Cell::text(r.target.clone().unwrap_or_default()),
                Cell::text(r.actual.clone().unwrap_or_default()),
                Cell::num(r.score),
                Cell::text(r.deviation_reason.clone().unwrap_or_default()),
            ]);
        }
        doc.html(t.render());
    }
}
