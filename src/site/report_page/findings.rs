//! 复核结果: the audit's findings as a table, and the marks on the stated figures they concern.

use crate::analysis::Finding;
use crate::domain::Pointer;
use crate::site::doc::Doc;
use crate::site::escape::html;
use crate::site::labels;
use crate::site::table::{Cell, Table};

/// The first pointer of every finding that disputes a stated figure (errors and warnings do,
/// notes do not): the figures the page marks.
pub struct Marks(Vec<Pointer>);

impl Marks {
    pub fn new(findings: &[Finding]) -> Marks {
        let disputed = findings.iter().filter(|f| f.severity.is_blocking());
        Marks(disputed.filter_map(|f| f.pointers.first().cloned()).collect())
    }

    /// Whether a finding is at `pointer` itself.
    pub fn at(&self, pointer: &Pointer) -> bool {
        self.0.contains(pointer)
    }

    /// A stated figure as HTML in running text, marked when the audit disagrees with it.
    pub fn inline(&self, pointer: &Pointer, text: String) -> String {
        match self.cell(pointer, text) {
            Cell::Markup(markup) => markup,
            Cell::Num(text) | Cell::Text(text) | Cell::Head(text) => html(&text),
        }
    }

    /// A stated figure, marked when the audit disagrees with it or with a figure inside it.
    pub fn cell(&self, pointer: &Pointer, text: String) -> Cell {
        if self.0.iter().any(|p| p.is_within(pointer)) {
            Cell::Markup(format!(r#"<span class="differs" title="与复核结果不符">{} ≠</span>"#, html(&text)))
        } else {
            Cell::Num(text)
        }
    }
}

pub fn findings(doc: &mut Doc, findings: &[Finding]) {
    doc.h2("复核结果");
    if findings.is_empty() {
        doc.html(r#"<p class="ok" id="audit-ok">报告中可由其他数字推算的每一个数字（合计、增减额、比例、数量、等级）均已复核，全部一致。</p>"#.into());
        return;
    }
    let mut t = Table::new("复核发现", &["程度", "类型", "说明", "报告值", "复核值", "位置"]);
    t.class = "data findings";
    for f in findings {
        t.row(vec![
            Cell::text(labels::severity(f.severity)),
            Cell::head(labels::finding_kind(f.kind)),
            // The public reads Chinese; the English message is the API's.
            Cell::text(f.message_zh.as_deref().unwrap_or(labels::finding_kind(f.kind))),
            Cell::Num(f.stated.clone().unwrap_or_default()),
            Cell::Num(f.recomputed.clone().unwrap_or_default()),
            Cell::Markup(
                f.pointers
                    .iter()
                    .map(|p| format!("<code>{}</code>", html(p.as_str())))
                    .collect::<Vec<_>>()
                    .join("<br>"),
            ),
        ]);
    }
    doc.html(t.render());
}
