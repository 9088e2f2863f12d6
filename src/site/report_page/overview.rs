//! The parts of the page around the figures: which revision this is, the unit's profile and
//! rules, and the closing narrative.

use super::findings::Marks;
use super::Context;
use crate::domain::{Pointer, Snapshot};
use crate::site::doc::Doc;
use crate::site::escape::{html, html_cell};
use crate::site::labels;
use crate::site::table::{Cell, Table};

pub fn summary(doc: &mut Doc, ctx: &Context) {
    let meta = &ctx.revision.meta;
    let latest = ctx.year.latest().meta.number;
    let mut dl = String::from(r#"<dl class="meta">"#);
    let mut item = |term: &str, value: String| dl.push_str(&format!("<dt>{term}</dt><dd>{value}</dd>"));
    item("单位", html(&ctx.revision.snapshot.unit.name));
    item("年度", format!("{}年", ctx.year.year));
    item("版本", format!("第{}版（共{}个公开版本）", meta.number, ctx.year.published.len()));
    item("公开时间", labels::published_time(meta.published_at));
    item("SHA-256", format!(r#"<code class="hash" id="revision-hash">{}</code>"#, html(&meta.hash)));
    item(
        "原始数据",
        format!(r#"<a href="{}snapshot.json">snapshot.json</a>（与接口 ETag 相同的哈希）"#, ctx.downloads),
    );
    if let Some(proof) = &ctx.revision.proof {
        // Links stay relative (the site may live under a path): the page is at unit/year/[rN/].
        let root = "../".repeat(if ctx.downloads.is_empty() { 3 } else { 2 });
        item(
            "公开日志",
            format!(
                r#"第<span id="log-index">{}</span>号记录（<a href="{}snapshot.proof.json">包含证明</a>，依据日志含{}条记录时签名的<a href="{root}log/">校验点</a>）"#,
                proof.index, ctx.downloads, proof.tree_size
            ),
        );
    }
    dl.push_str("</dl>");
    doc.html(dl);
    if meta.number != latest {
        doc.html(format!(
            r#"<p class="notice">这是早期版本。<a href="../">查看最新公开版本（第{latest}版）</a>。</p>"#
        ));
    } else if ctx.downloads.is_empty() {
        // A revision's own page is written once, when it is published: it cannot know of later
        // ones, so it always points to the year's address.
        doc.html(
            r#"<p class="notice">本页固定显示这一版本，此后的更正不会改动本页。<a href="../">查看最新公开版本</a>。</p>"#
                .into(),
        );
    }
    if let Some(title) = &ctx.revision.snapshot.title {
        doc.line(title);
    }
    if let Some(source) = &ctx.revision.snapshot.source {
        doc.html(format!(r#"<p class="notice">数据来源：{}</p>"#, html_cell(source)));
    }
}

pub fn profile(doc: &mut Doc, s: &Snapshot, marks: &Marks) {
    let Some(p) = &s.profile else { return };
    doc.section("部门（单位）概况");
    if let Some(d) = &p.description {
        doc.text(d);
    }
    if !p.staff.is_empty() {
        let mut t = Table::new("人员构成", &["类别", "人数"]);
        for c in &p.staff {
            t.row(vec![Cell::head(&c.category), Cell::Num(c.count.to_string())]);
        }
        let sum: u32 = p.staff.iter().map(|c| c.count).sum();
        t.row(vec![Cell::head("合计（复核）"), Cell::Num(sum.to_string())]);
        if let Some(stated) = p.stated_staff_total {
            // Marked as the other tables mark a stated total the audit disputes.
            let at = Pointer::root() / "profile" / "stated_staff_total";
            t.row(vec![Cell::head("合计（报告）"), marks.cell(&at, stated.to_string())]);
        }
        doc.html(t.render());
    }
    if !p.divisions.is_empty() {
        doc.h3("内设股室");
        doc.list(&p.divisions, false);
    }
    if !p.subordinate_institutions.is_empty() {
        doc.h3("下属事业单位");
        doc.list(&p.subordinate_institutions, false);
    }
}

pub fn rules(doc: &mut Doc, s: &Snapshot) {
    if s.rules.is_empty() {
        return;
    }
    doc.h2("部门（单位）管理制度");
    for rule in &s.rules {
        doc.details(&rule.title, &rule.body);
    }
}

pub fn closing(doc: &mut Doc, s: &Snapshot) {
    for (title, items) in
        [("主要经验及做法", &s.experience), ("存在的问题", &s.problems), ("建议和改进措施", &s.recommendations)]
    {
        if !items.is_empty() {
            doc.section(title);
            for item in items {
                doc.text(item);
            }
        }
    }
}
