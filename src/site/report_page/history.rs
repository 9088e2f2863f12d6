//! 修订历史 and 下载: every published revision of the year with what changed, and the files.

use serde_json::Value;

use super::Context;
use crate::integrity::diff::differences;
use crate::site::data::Published;
use crate::site::doc::Doc;
use crate::site::downloads;
use crate::site::escape::html;
use crate::site::labels;
use crate::site::table::{Cell, Table};

pub fn history(doc: &mut Doc, ctx: &Context) {
    doc.h2("修订历史");
    let here = ctx.revision.meta.number;
    let mut t = Table::new("已公开的版本", &["版本", "公开时间", "SHA-256", "与上一公开版本相比"]);
    let mut previous: Option<&Published> = None;
    for rev in &ctx.year.revisions {
        let link = if rev.meta.number == here {
            format!("第{}版（本页）", rev.meta.number)
        } else {
            let up = if ctx.downloads.is_empty() { "" } else { "../" };
            format!(r#"<a href="{up}r{}/">第{}版</a>"#, rev.meta.number, rev.meta.number)
        };
        let changes = match previous {
            None => "首次公开".to_string(),
            Some(prev) => changes(&prev.document, &rev.document),
        };
        t.row(vec![
            Cell::Markup(link),
            Cell::Markup(labels::published_time(rev.meta.published_at)),
            Cell::Markup(format!(r#"<code class="hash">{}</code>"#, html(&rev.meta.hash))),
            Cell::Markup(changes),
        ]);
        previous = Some(rev);
    }
    doc.html(t.render());
}

/// Most changes listed under a revision; the rest are counted.
const LISTED: usize = 50;

/// What changed from one stored document to the next, folded.
fn changes(before: &str, after: &str) -> String {
    let parse = |document: &str| -> Value { serde_json::from_str(document).expect("stored documents are JSON") };
    let (before, after) = (parse(before), parse(after));
    let diff = differences(&before, &after);
    let items: String = diff
        .iter()
        .take(LISTED)
        .map(|d| {
            format!("<li><code>{}</code>：{} → {}</li>", html(&d.pointer), html(&show(d.before)), html(&show(d.after)))
        })
        .collect();
    let more =
        if diff.len() > LISTED { format!("<li>……另有{}处</li>", diff.len() - LISTED) } else { String::new() };
    format!("<details><summary>{}处改动</summary><ul>{items}{more}</ul></details>", diff.len())
}

/// A value in a change list: absent says so, long text is cut.
fn show(value: &Value) -> String {
    match value {
        Value::Null => "（无）".to_string(),
        Value::String(s) => s.chars().take(60).collect(),
        other => other.to_string().chars().take(60).collect(),
    }
}

pub fn downloads(doc: &mut Doc, ctx: &Context) {
    doc.h2("下载");
    let mut items = vec![format!(
        r#"<li><a href="{}snapshot.json">snapshot.json</a>：本版本的原始数据，与存档逐字节相同（SHA-256 见上）</li>"#,
        ctx.downloads
    )];
    for table in downloads::tables(&ctx.revision.snapshot) {
        items.push(format!(
            r#"<li><a href="{}{}">{}</a>：{}（CSV，UTF-8）</li>"#,
            ctx.downloads, table.file, table.file, table.title
        ));
    }
    doc.html(format!(r#"<ul class="downloads">{}</ul>"#, items.join("")));
}
