//! The one layout, rendered by us and as Zola fills it.

use super::*;

fn page(file: &str, url: &str, title: &str, extra: Value, ancestors: &[&str]) -> Page {
    let extra = match serde_json::from_value(extra).unwrap() {
        toml::Value::Table(table) => table,
        other => panic!("extra must be a table, not {other}"),
    };
    let ancestors = ancestors.iter().map(|a| a.to_string()).collect();
    Page { file: file.into(), url: url.into(), title: title.into(), extra, ancestors, body: "正文 *强调*\n".into() }
}

/// The home page, a unit, a year and a revision of that year: a page three sections deep.
fn site() -> Vec<Page> {
    vec![
        page("_index.md", "", "预算绩效信息公开", json!({"units": 1}), &[]),
        page("u/_index.md", "u/", "单位 <甲>", json!({"unit": "u", "years": [2021]}), &["_index.md"]),
        page(
            "u/2021/_index.md",
            "u/2021/",
            "单位 <甲> 2021年",
            json!({"year": 2021, "revision": 1}),
            &["_index.md", "u/_index.md"],
        ),
        page(
            "u/2021/r1/index.md",
            "u/2021/r1/",
            "单位 <甲> 2021年 第1版",
            json!({"year": 2021, "revision": 1}),
            &["_index.md", "u/_index.md", "u/2021/_index.md"],
        ),
    ]
}

fn ours(pages: &[Page], i: usize) -> String {
    let layout = Layout::embedded().unwrap();
    layout.page_html(&pages[i], &Sections::of(&layout, pages)).unwrap()
}

#[test]
fn the_frame_has_title_trail_heading_and_footer_with_relative_links() {
    let html = ours(&site(), 3);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n"), "{html}");
    assert!(html.contains("<title>单位 &lt;甲&gt; 2021年 第1版 · 预算绩效信息公开</title>"), "{html}");
    assert!(html.contains(r#"<link rel="stylesheet" href="../../../style.css">"#), "{html}");
    assert!(html.contains(concat!(
        r#"<nav class="crumbs" aria-label="位置"><a href="../../../">预算绩效信息公开</a> › "#,
        r#"<a href="../../../u/">单位 &lt;甲&gt;</a> › <a href="../../../u/2021/">2021年</a> › "#,
        r#"<span aria-current="page">单位 &lt;甲&gt; 2021年 第1版</span></nav>"#
    )));
    assert!(
        html.contains("<main>\n<h1>单位 &lt;甲&gt; 2021年 第1版</h1>\n<p>正文 <em>强调</em></p>\n</main>"),
        "{html}"
    );
    assert!(html.contains(r#"<a href="../../../#downloads">全部版本索引</a>"#), "{html}");

    let home = ours(&site(), 0);
    assert!(home.contains("<title>预算绩效信息公开</title>"), "{home}");
    assert!(home.contains(r#"<a class="home" href="">"#) && home.contains(r#"href="style.css""#), "{home}");
    assert!(home.contains(r#"<nav class="crumbs" aria-label="位置"><span aria-current="page">"#), "{home}");
}

/// What Zola puts in a page template's context and returns from `get_section` (the fields of
/// its `SerializingPage` and `SerializingSection`; the lists are empty here).
fn zola_context(pages: &[Page], i: usize) -> (Context, BTreeMap<String, Value>) {
    let base = "http://127.0.0.1:8080";
    let zola = |p: &Page, content: Option<String>| {
        let components: Vec<&str> = p.url.split('/').filter(|c| !c.is_empty()).collect();
        json!({
            "relative_path": p.file,
            "content": content.unwrap_or_default(),
            "permalink": format!("{base}/{}", p.url),
            "slug": components.last().copied().unwrap_or(""),
            "ancestors": p.ancestors,
            "title": p.front_title(),
            "description": null,
            "date": null,
            "updated": null,
            "extra": p.extra,
            "path": format!("/{}", p.url),
            "components": components,
            "summary": null,
            "toc": [],
            "word_count": 2,
            "reading_time": 1,
            "assets": [],
            "draft": false,
            "lang": "zh",
            "lower": null,
            "higher": null,
            "translations": [],
            "pages": [],
            "subsections": [],
        })
    };
    let mut context = Context::new();
    let page = &pages[i];
    let variable = if page.is_section() { "section" } else { "page" };
    context.insert(variable, &zola(page, Some(markdown_to_html(&page.body))));
    context.insert(
        "config",
        &json!({
            "base_url": base,
            "title": "预算绩效信息公开",
            "description": "部门整体支出绩效自评报告：预算、决算、目标、项目、评价与复核",
            "default_language": "zh",
            "languages": {},
            "generate_feeds": false,
            "taxonomies": [],
            "build_search_index": false,
            "extra": {},
            "markdown": {"highlight_code": false},
        }),
    );
    context.insert("current_path", &format!("/{}", page.url));
    context.insert("current_url", &format!("{base}/{}", page.url));
    context.insert("lang", "zh");
    let sections = pages.iter().filter(|p| p.is_section()).map(|p| (p.file.clone(), zola(p, None))).collect();
    (context, sections)
}

#[test]
fn zolas_context_gives_the_same_frame_as_ours() {
    let pages = site();
    let layout = Layout::embedded().unwrap();
    for (i, template) in [(0, "index.html"), (1, "section.html"), (2, "section.html"), (3, "page.html")] {
        let (context, sections) = zola_context(&pages, i);
        // The same `get_url` in both: Zola's would prefix the base URL instead of `../`.
        let zola = layout.render(template, &context, &pages[i].url, sections).unwrap();
        assert_eq!(zola, ours(&pages, i), "{template} for /{}", pages[i].url);
    }
}

#[test]
fn an_operators_edited_template_is_what_renders() {
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("templates")).unwrap();
    let page_html = "{% extends \"base.html\" %}{% block title %}改过的 {{ page.title }}{% endblock title %}";
    std::fs::write(root.path().join("templates/page.html"), page_html).unwrap();
    let layout = Layout::of_root(root.path()).unwrap();
    let pages = site();
    let html = layout.page_html(&pages[3], &Sections::of(&layout, &pages)).unwrap();
    assert!(html.contains("<title>改过的 单位 &lt;甲&gt; 2021年 第1版</title>"), "{html}");

    std::fs::write(root.path().join("templates/page.html"), "{% if %}").unwrap();
    let Err(error) = Layout::of_root(root.path()) else { panic!("a broken template loads") };
    let mut chain = error.to_string();
    let mut cause = std::error::Error::source(&error);
    while let Some(c) = cause {
        chain.push_str(&format!(": {c}"));
        cause = c.source();
    }
    assert!(matches!(error, SiteError::Template { .. }) && chain.contains("page.html"), "{chain}");
}
