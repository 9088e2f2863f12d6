//! 绩效评价 and the self-evaluation attachments: indicators, grade bands, the score.

use rust_decimal::Decimal;

use super::findings::Marks;
use crate::domain::Pointer;
use crate::domain::Snapshot;
use crate::site::doc::Doc;
use crate::site::escape::html;
use crate::site::table::{amount, Cell, Table};

pub fn evaluation(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    let Some(e) = &s.evaluation else { return };
    doc.section("绩效评价");
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

/// The self-evaluation tables attached to the report (附件), with the totals the audit
/// recomputes; the scores, the weights' total and the stated score marked where it disputes them.
pub fn attachments(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    if s.attachments.is_empty() {
        return;
    }
    doc.h2("附件");
    for (a, attachment) in s.attachments.iter().enumerate() {
        doc.h3(&attachment.title);
        if attachment.rows.is_empty() {
            doc.html(r#"<p class="note">报告列出了此附件，但未公开其内容。</p>"#.into());
            continue;
        }
        let rows = Pointer::root() / "attachments" / a / "rows";
        let mut t = Table::new(attachment.title.clone(), &["指标", "权重", "目标值", "实际值", "得分", "偏差原因"]);
        for (r, row) in attachment.rows.iter().enumerate() {
            let at = &rows / r;
            t.row(vec![
                Cell::head(row.indicator.join(" / ")),
                Cell::Num(row.weight.to_string()),
                Cell::text(row.target.clone().unwrap_or_default()),
                Cell::text(row.actual.clone().unwrap_or_default()),
                marks.cell(&(&at / "score"), amount(row.score)),
                Cell::text(row.deviation_reason.clone().unwrap_or_default()),
            ]);
        }
        let weights: Decimal = attachment.rows.iter().map(|r| r.weight).sum();
        let scores: Option<Decimal> = attachment.rows.iter().map(|r| r.score).sum();
        let blank = || Cell::text("");
        // The weights are disputed as a whole: the audit names the first row's weight.
        let weights = marks.cell(&(&rows / 0 / "weight"), weights.to_string());
        t.row(vec![Cell::head("合计（复核）"), weights, blank(), blank(), Cell::num(scores), blank()]);
        if let Some(score) = s.evaluation.as_ref().and_then(|e| e.score) {
            // The score the report states, marked when the table's points do not add up to it.
            let at = Pointer::root() / "evaluation" / "score";
            t.row(vec![
                Cell::head("评价得分（报告）"),
                blank(),
                blank(),
                blank(),
                marks.cell(&at, score.to_string()),
                blank(),
            ]);
        }
        doc.html(t.render());
    }
}
