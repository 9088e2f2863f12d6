//! 修订历史 and 下载: every published revision of the year with what changed, and the files.

use super::Context;
use crate::site::data::{change_key, Changes, YearData};
use crate::site::doc::Doc;
use crate::site::downloads;
use crate::site::escape::html;
use crate::site::labels;
use crate::site::table::{Cell, Table};
use crate::store::RevisionMeta;

/// How many of the latest published revisions a report page lists. The rest are on the year's
/// history page: a page's size, and what a publication renders, do not grow with the number of
/// corrections before it.
pub const RECENT: usize = 10;

/// The published revisions from index `from` on, each with what changed from the one before;
/// `here` is the revision of the page showing the table; links to the permanent pages start
/// with `up`.
fn table(published: &[RevisionMeta], from: usize, changes: &Changes, here: Option<u32>, up: &str) -> String {
    let mut t = Table::new("已公开的版本", &["版本", "公开时间", "SHA-256", "与上一公开版本相比"]);
    for (i, meta) in published.iter().enumerate().skip(from) {
        let link = if Some(meta.number) == here {
            format!("第{}版（本页）", meta.number)
        } else {
            format!(r#"<a href="{up}r{}/">第{}版</a>"#, meta.number, meta.number)
        };
        let changed = match i.checked_sub(1).map(|p| &published[p]) {
            None => "首次公开".to_string(),
            Some(prev) => changes.get(&change_key(prev, meta)).cloned().unwrap_or_default(),
        };
        t.row(vec![
            Cell::Markup(link),
            Cell::Markup(labels::published_time(meta.published_at)),
            Cell::Markup(format!(r#"<code class="hash">{}</code>"#, html(&meta.hash))),
            Cell::Markup(changed),
        ]);
    }
    t.render()
}

pub fn history(doc: &mut Doc, ctx: &Context) {
    doc.h2("修订历史");
    let published = &ctx.year.published;
    let from = published.len().saturating_sub(RECENT);
    let up = if ctx.downloads.is_empty() { "../" } else { "" };
    if from > 0 {
        doc.html(format!(
            r#"<p>共 {} 个公开版本，下表列出最近 {RECENT} 个；全部版本见<a href="{up}history/">修订历史</a>。</p>"#,
            published.len()
        ));
    }
    doc.html(table(published, from, &ctx.unit.changes, Some(ctx.revision.meta.number), up));
}

/// The body of a year's history page (`/<unit>/<year>/history/`): every published revision.
pub fn page(year: &YearData, changes: &Changes) -> String {
    let mut doc = Doc::default();
    doc.html(table(&year.published, 0, changes, None, "../"));
    doc.finish()
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
