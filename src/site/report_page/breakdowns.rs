//! 资金分解 (schema 2): one total split one or several ways, a table per way with its parts (and
//! their parts, indented), the document, count and note of each, the stated total marked where
//! the audit disagrees and the sum of the parts recomputed beside it.

use rust_decimal::Decimal;

use super::findings::Marks;
use super::funds::money;
use crate::domain::{Breakdown, BreakdownPart, Pointer, Snapshot};
use crate::site::doc::Doc;
use crate::site::table::{Cell, Table};

pub fn breakdowns(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    if s.breakdowns.is_empty() {
        return;
    }
    doc.section("资金分解");
    for (b, breakdown) in s.breakdowns.iter().enumerate() {
        let whole = Pointer::root() / "breakdowns" / b;
        doc.h3(&breakdown.label);
        for (p, partition) in breakdown.partitions.iter().enumerate() {
            let at = &whole / "partitions" / p;
            let mut t = Table::new(format!("{}（万元）", partition.by), &["项目", "金额", "说明"]);
            let mut rows = Vec::new();
            flatten(&partition.parts, &(&at / "parts"), 0, &mut rows);
            for (part, here, depth) in rows {
                // A part of a part reads 其中 (the table trims leading spaces, so indenting is not seen).
                let label = format!("{}{}", "其中：".repeat(depth.min(1)), part.label);
                t.row(vec![Cell::head(label), money(part.amount.as_ref(), &(&here / "amount"), marks), notes(part)]);
            }
            totals(&mut t, (breakdown, &whole), (&partition.parts, &at, partition.stated_count), marks);
            if !partition.completeness.is_complete() {
                t.row(vec![Cell::head("（只列出部分，合计为“至少”）"), Cell::text(""), Cell::text("")]);
            }
            doc.html(t.render());
        }
    }
}

/// The stated total and count (of the breakdown and the partition at their pointers), and the sum
/// of the known parts.
fn totals(
    t: &mut Table,
    (b, b_at): (&Breakdown, &Pointer),
    (parts, at, count): (&[BreakdownPart], &Pointer, Option<u32>),
    marks: &Marks,
) {
    if let Some(total) = &b.stated_total {
        t.row(vec![
            Cell::head("合计（报告）"),
            marks.cell(&(b_at / "stated_total"), total.to_string()),
            Cell::text(""),
        ]);
    }
    let sum: Option<Decimal> = parts.iter().map(BreakdownPart::in_wan).sum();
    t.row(vec![Cell::head("各分项合计（复核）"), Cell::num(sum), Cell::text("")]);
    if let Some(count) = count {
        t.row(vec![
            Cell::head("项数（报告）"),
            marks.cell(&(at / "stated_count"), count.to_string()),
            Cell::text(format!("列出{}项", parts.len())),
        ]);
    }
}

fn flatten<'a>(
    parts: &'a [BreakdownPart],
    at: &Pointer,
    depth: usize,
    rows: &mut Vec<(&'a BreakdownPart, Pointer, usize)>,
) {
    for (i, part) in parts.iter().enumerate() {
        let here = at / i;
        rows.push((part, here.clone(), depth));
        flatten(&part.parts, &(&here / "parts"), depth + 1, rows);
    }
}

/// The document, items, note and 其余 of a part.
fn notes(part: &BreakdownPart) -> Cell {
    let mut notes = Vec::new();
    if let Some(d) = &part.document {
        let cited: Vec<&str> = [&d.date, &d.title, &d.number].into_iter().flatten().map(String::as_str).collect();
        notes.push(cited.join(" "));
    }
    if let Some(items) = &part.items {
        let count = items.stated_count.map_or_else(String::new, |c| format!("{c}项："));
        notes.push(format!("{count}{}", items.items.join("、")));
    }
    if let Some(note) = &part.note {
        notes.push(note.clone());
    }
    if part.residual {
        notes.push("其余".into());
    }
    Cell::text(notes.join("；"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::audit;

    #[test]
    fn each_partition_is_a_table_with_its_sum_and_marks() {
        let text = include_str!("../../../examples/corpus/10-zizhiqu-nyscfz-2021.json");
        let mut s: Snapshot = serde_json::from_str(text).unwrap();
        let render = |s: &Snapshot| {
            let mut doc = Doc::default();
            breakdowns(&mut doc, s, &Marks::new(&audit(s, None)));
            doc.finish()
        };
        let html = render(&s);
        for shown in [
            "资金分解",
            "按下达文件（万元）",
            "财农〔2020〕90号",
            "8项：耕地地力保护补贴",
            "其中：糖料蔗绿色高质高效行动资金",
        ] {
            assert!(html.contains(shown), "{shown}: {html}");
        }
        assert_eq!(html.matches("671037").count(), 6, "stated and recomputed in each of 3 tables: {html}");
        assert!(!html.contains("≠"), "{html}");
        s.breakdowns[0].partitions[0].parts[1].amount = Some(crate::domain::Cell::Value("163456".parse().unwrap()));
        assert!(render(&s).contains("671037 ≠"));
    }
}
