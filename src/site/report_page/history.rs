//! 修订历史 and 下载: every published revision of the year with what changed, and the files.

use super::Context;
use crate::site::data::change_key;
use crate::site::doc::Doc;
use crate::site::downloads;
use crate::site::escape::html;
use crate::site::labels;
use crate::site::table::{Cell, Table};
use crate::store::RevisionMeta;

pub fn history(doc: &mut Doc, ctx: &Context) {
    doc.h2("修订历史");
    let here = ctx.revision.meta.number;
    let mut t = Table::new("已公开的版本", &["版本", "公开时间", "SHA-256", "与上一公开版本相比"]);
    let mut previous: Option<&RevisionMeta> = None;
    for meta in &ctx.year.published {
        let link = if meta.number == here {
            format!("第{}版（本页）", meta.number)
        } else {
            let up = if ctx.downloads.is_empty() { "" } else { "../" };
            format!(r#"<a href="{up}r{}/">第{}版</a>"#, meta.number, meta.number)
        };
        let changes = match previous {
            None => "首次公开".to_string(),
            Some(prev) => ctx.unit.changes.get(&change_key(prev, meta)).cloned().unwrap_or_default(),
        };
        t.row(vec![
            Cell::Markup(link),
            Cell::Markup(labels::published_time(meta.published_at)),
            Cell::Markup(format!(r#"<code class="hash">{}</code>"#, html(&meta.hash))),
            Cell::Markup(changes),
        ]);
        previous = Some(meta);
    }
    doc.html(t.render());
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
