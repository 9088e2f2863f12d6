//! Our own renderer: the same Markdown content, turned into HTML with pulldown-cmark (GFM tables
//! on) and wrapped in the site's layout. Links are relative, so the site can be hosted under any
//! path.

use pulldown_cmark::{html::push_html, Options, Parser};

use super::escape::html;
use super::pages::{Page, SITE_TITLE};

pub fn markdown_to_html(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 2);
    push_html(&mut out, Parser::new_ext(markdown, Options::ENABLE_TABLES));
    out
}

/// The relative path from a page's address back to the site root.
fn root(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

pub fn page_html(page: &Page) -> String {
    let root = root(&page.url);
    let mut crumbs = String::new();
    for (title, url) in &page.crumbs {
        crumbs.push_str(&format!(r#"<a href="{root}{url}">{}</a> › "#, html(title)));
    }
    let title = if page.url.is_empty() { SITE_TITLE.to_string() } else { format!("{} · {SITE_TITLE}", page.title) };
    format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{root}style.css">
</head>
<body>
<header class="site"><a class="home" href="{root}">{SITE_TITLE}</a></header>
<nav class="crumbs" aria-label="位置">{crumbs}<span aria-current="page">{}</span></nav>
<main>
<h1>{}</h1>
{}</main>
<footer class="site"><p>本站由 disclose 根据已公开的报告生成，数字以万元为单位（另有说明的除外）。<a href="{root}manifest.json">完整性清单</a> · <a href="{root}data/published.jsonl">全部数据</a></p></footer>
</body>
</html>
"#,
        html(&title),
        html(&page.title),
        html(&page.title),
        markdown_to_html(&page.body)
    )
}
