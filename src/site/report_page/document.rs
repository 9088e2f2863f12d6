//! The facts around the figures (schema 2): the form's header block and the origin of the copy
//! as a short list under the summary; quantities and per-unit standards as small tables where
//! the report prints them (a project, the organisation).

use super::findings::Marks;
use crate::domain::{Cell as Printed, PerUnitStandard, Pointer, Quantity, Snapshot};
use crate::site::doc::Doc;
use crate::site::escape::html;
use crate::site::table::{Cell, Table};

/// 表头信息 and 来源: one `<dl>`, nothing when the snapshot has neither.
pub fn header(doc: &mut Doc, s: &Snapshot) {
    let mut items: Vec<(&str, String)> = Vec::new();
    let mut text = |term, value: Option<&String>| {
        if let Some(value) = value {
            items.push((term, html(value)));
        }
    };
    if let Some(h) = &s.header {
        text("表式", h.template.as_ref());
        text("评价方式", h.evaluation_method.as_ref());
        text("评价机构", h.evaluator.as_ref());
        text("报告日期", h.report_date.as_ref());
        text("主管部门", h.supervisor.as_ref());
        text("实施单位", h.implementer.as_ref());
        if let Some(code) = &h.budget_code {
            items.push(("预算编码", printed(code)));
        }
    }
    if let Some(o) = &s.origin {
        if let Some(url) = &o.url {
            let url = html(url);
            items.push(("原文页面", format!(r#"<a href="{url}" rel="nofollow noopener">{url}</a>"#)));
        }
        if let Some(date) = &o.published_on {
            items.push(("原文发布日期", html(date)));
        }
        if !o.notes.is_empty() {
            let notes: Vec<String> = o.notes.iter().map(|n| html(n)).collect();
            items.push(("副本说明", notes.join("；")));
        }
    }
    if items.is_empty() {
        return;
    }
    let body: String = items.iter().map(|(term, value)| format!("<dt>{term}</dt><dd>{value}</dd>")).collect();
    doc.html(format!(r#"<dl class="meta report-header">{body}</dl>"#));
}

/// A blank code reads as blank, not as nothing.
fn printed(code: &Printed<String>) -> String {
    match code {
        Printed::Value(code) => html(code),
        Printed::Blank => "（空白）".into(),
        other => html(&other.to_string()),
    }
}

/// 数量: label, number (约 when approximate), unit; nothing when there are none.
pub fn quantities(doc: &mut Doc, caption: &str, quantities: &[Quantity]) {
    if quantities.is_empty() {
        return;
    }
    let mut t = Table::new(caption, &["项目", "数量", "单位"]);
    for q in quantities {
        let value = if q.approx { format!("约{}", q.value) } else { q.value.to_string() };
        t.row(vec![Cell::head(&q.label), Cell::Num(value), Cell::text(&q.unit)]);
    }
    doc.html(t.render());
}

/// 定额标准: amount per unit, the stated count and total (marked when they disagree).
pub fn standard(doc: &mut Doc, standard: &PerUnitStandard, at: &Pointer, marks: &Marks) {
    let mut t = Table::new("定额标准", &["标准", "数量（报告）", "合计（报告）"]);
    let per = &standard.per;
    let amount = &standard.amount;
    t.row(vec![
        Cell::text(format!("每{per}{}{}", amount.value, amount.unit().as_str())),
        standard.stated_count.map_or(Cell::Num("—".into()), |n| Cell::Num(format!("{n}{per}"))),
        standard.stated_total.as_ref().map_or(Cell::Num("—".into()), |total| {
            marks.cell(&(at / "stated_total"), format!("{}{}", total.value, total.unit().as_str()))
        }),
    ]);
    doc.html(t.render());
}
