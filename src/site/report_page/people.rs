//! 人员与机构 (schema 2): the establishment and the staff in post as two headcounts, each with
//! its stated total beside the recomputed one, the gap between them shown (not a finding); other
//! staff apart; subordinate units by funding type; lists the report gives only in part.

use super::findings::Marks;
use crate::domain::{Completeness, Headcount, NamedList, Pointer, Snapshot, UnitGroup};
use crate::site::doc::Doc;
use crate::site::labels;
use crate::site::table::{Cell, Table};

pub fn people(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    if s.people.is_none() && s.organisation.is_none() {
        return;
    }
    doc.section("人员与机构");
    let at = Pointer::root() / "people";
    if let Some(p) = &s.people {
        for (key, headcount) in [("establishment", &p.establishment), ("in_post", &p.in_post)] {
            if let Some(h) = headcount {
                doc.html(headcount_table(h, &(&at / key), marks));
            }
        }
        if let (Some(e), Some(i)) = (p.establishment.as_ref().and_then(total), p.in_post.as_ref().and_then(total)) {
            let gap = i as i64 - e as i64;
            let words = match gap {
                0 => "实有人数与编制数相同".to_string(),
                g if g > 0 => format!("实有人数比编制数多{g}人"),
                g => format!("实有人数比编制数少{}人", -g),
            };
            doc.html(format!(r#"<p class="note">{words}（编制 {e}，实有 {i}）。</p>"#));
        }
        if let Some(rate) = &p.stated_control_rate {
            let cell = marks.cell(&(&at / "stated_control_rate"), format!("{rate}%"));
            let mut t = Table::new("人员控制率", &["项目", "报告值"]);
            t.row(vec![Cell::head("人员控制率（实有÷编制）"), cell]);
            doc.html(t.render());
        }
        if !p.others.is_empty() {
            let mut t = Table::new("其他人员（不计入编制和实有人数）", &["类别", "人数"]);
            for o in &p.others {
                t.row(vec![Cell::head(&o.label), Cell::Num(o.count.to_string())]);
            }
            doc.html(t.render());
        }
    }
    if let Some(o) = &s.organisation {
        let at = Pointer::root() / "organisation";
        if let Some(list) = &o.internal_departments {
            doc.h3("内设机构");
            named_list(doc, list, &(&at / "internal_departments"), marks);
        }
        if let Some(units) = &o.units {
            doc.h3("所属单位");
            let mut t = Table::new("所属单位（按经费形式）", &["单位类别", "经费形式", "数量（报告）", "名称"]);
            unit_rows(&mut t, units, &(&at / "units"), 0, "", marks);
            doc.html(t.render());
        }
        super::document::quantities(doc, "基本数字", &o.facts);
    }
}

/// The total a headcount states, else the sum of its categories when they are all there.
fn total(h: &Headcount) -> Option<u32> {
    h.stated_total.or_else(|| {
        (h.completeness.is_complete() && !h.categories.is_empty()).then(|| h.categories.iter().map(|c| c.count).sum())
    })
}

fn headcount_table(h: &Headcount, at: &Pointer, marks: &Marks) -> String {
    let mut caption = h.label.clone();
    for extra in [&h.as_of, &h.scope].into_iter().flatten() {
        caption.push_str(&format!("（{extra}）"));
    }
    let mut t = Table::new(caption, &["类别", "人数"]);
    for c in &h.categories {
        t.row(vec![Cell::head(&c.label), Cell::Num(c.count.to_string())]);
    }
    if !h.categories.is_empty() {
        let sum: u32 = h.categories.iter().map(|c| c.count).sum();
        let label = if h.completeness.is_complete() {
            "合计（复核）"
        } else {
            "已列类别合计（报告只列出部分类别）"
        };
        t.row(vec![Cell::head(label), Cell::Num(sum.to_string())]);
    }
    if let Some(stated) = h.stated_total {
        t.row(vec![Cell::head("合计（报告）"), marks.cell(&(at / "stated_total"), stated.to_string())]);
    }
    t.render()
}

pub(super) fn named_list(doc: &mut Doc, list: &NamedList, at: &Pointer, marks: &Marks) {
    doc.list(&list.items, false);
    let listed = list.items.len();
    let note = match (list.stated_count, list.completeness) {
        (Some(n), Completeness::Partial) => format!("报告称共{n}个，列出{listed}个（“等”：只列出部分）。"),
        (Some(n), Completeness::Complete) => {
            format!("报告称共{}个，列出{listed}个。", marks.inline(&(at / "stated_count"), n.to_string()))
        }
        (None, Completeness::Partial) => format!("报告只列出部分（{listed}个）。"),
        (None, Completeness::Complete) => return,
    };
    doc.html(format!(r#"<p class="note">{note}</p>"#));
}

/// A group's row and, indented below it, its parts and the subsets it includes (`prefix` names a
/// subset as such).
fn unit_rows(t: &mut Table, group: &UnitGroup, at: &Pointer, depth: usize, prefix: &str, marks: &Marks) {
    let indent = "　".repeat(depth);
    let names = group.names.as_ref().map(|n| n.items.join("、")).unwrap_or_default();
    t.row(vec![
        Cell::head(format!("{indent}{prefix}{}", group.label)),
        Cell::text(group.funding.map(labels::funding_type).unwrap_or("")),
        group.stated_count.map_or(Cell::text(""), |n| marks.cell(&(at / "stated_count"), n.to_string())),
        Cell::text(names),
    ]);
    for (i, part) in group.parts.iter().enumerate() {
        unit_rows(t, part, &(at / "parts" / i), depth + 1, "", marks);
    }
    for (i, subset) in group.includes.iter().enumerate() {
        unit_rows(t, subset, &(at / "includes" / i), depth + 1, "其中（含）：", marks);
    }
}
