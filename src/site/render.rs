//! Our own renderer, through the same layout Zola uses: the Markdown content becomes HTML with
//! pulldown-cmark (GFM tables on), and the page frame comes from the site root's Tera templates
//! (`templates/*.html`, Zola's template engine), filled with the variables Zola gives them
//! (`page` or `section`, `config`, `current_path`) and the two Zola functions they call. Only
//! `get_url` differs on purpose: it gives links relative to the page, so the site can be hosted
//! under any path. Escaping is Tera's autoescape, as in Zola.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use pulldown_cmark::{html::push_html, Options, Parser};
use serde_json::{json, Value};
use tera::{Context, Function, Tera};

use super::error::Result;
use super::error::SiteError;
use super::pages::Page;

pub fn markdown_to_html(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 2);
    push_html(&mut out, Parser::new_ext(markdown, Options::ENABLE_TABLES));
    out
}

/// The committed Zola site root (config, templates, static files), built into the binary so
/// that `--out DIR` can write a complete site anywhere.
pub const SKELETON: &[(&str, &str)] = &[
    ("config.toml", include_str!("../../site/config.toml")),
    ("templates/base.html", include_str!("../../site/templates/base.html")),
    ("templates/index.html", include_str!("../../site/templates/index.html")),
    ("templates/section.html", include_str!("../../site/templates/section.html")),
    ("templates/page.html", include_str!("../../site/templates/page.html")),
    ("static/style.css", include_str!("../../site/static/style.css")),
];

/// The templates Zola reads, by name.
const TEMPLATES: [&str; 4] = ["base.html", "index.html", "section.html", "page.html"];

/// A template that does not load or render; Tera's causes stay in the error's chain.
fn template_error(what: String) -> impl FnOnce(tera::Error) -> SiteError {
    move |source| SiteError::Template { what, source }
}

fn skeleton(path: &str) -> &'static str {
    SKELETON.iter().find(|(p, _)| *p == path).map(|(_, text)| *text).expect("a skeleton file")
}

/// The page frame: the site root's templates and its `config.toml`, as Zola would read them.
pub struct Layout {
    tera: Tera,
    /// Zola's `config` variable.
    config: Value,
}

impl Layout {
    /// The committed templates and configuration (the skeleton built into the binary).
    pub fn embedded() -> Result<Layout> {
        Layout::from_files(|path| Ok(skeleton(path).to_string()))
    }

    /// The templates and configuration of a site root, so that an operator's edits render here
    /// as they do in Zola; a file the root lacks is the skeleton's.
    pub fn of_root(root: &Path) -> Result<Layout> {
        Layout::from_files(|path| match std::fs::read_to_string(root.join(path)) {
            Ok(text) => Ok(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(skeleton(path).to_string()),
            Err(source) => Err(SiteError::File { action: "read", path: root.join(path), source }),
        })
    }

    fn from_files(read: impl Fn(&str) -> Result<String>) -> Result<Layout> {
        let mut tera = Tera::default();
        let mut templates = Vec::new();
        for name in TEMPLATES {
            templates.push((name, read(&format!("templates/{name}"))?));
        }
        tera.add_raw_templates(templates).map_err(template_error("the site templates do not load".into()))?;
        let config: toml::Table = toml::from_str(&read("config.toml")?).map_err(SiteError::Config)?;
        let mut config = serde_json::to_value(config).expect("TOML values are JSON values");
        config.as_object_mut().expect("a table").entry("extra").or_insert_with(|| json!({}));
        Ok(Layout { tera, config })
    }

    fn base_url(&self) -> &str {
        self.config["base_url"].as_str().unwrap_or("").trim_end_matches('/')
    }

    /// A page or section as Zola's templates see it (`page` or `section`).
    fn zola_value(&self, page: &Page, content: Option<String>) -> Value {
        let path = format!("/{}", page.url);
        let mut value = json!({
            "title": page.front_title(),
            "path": path,
            "permalink": format!("{}{path}", self.base_url()),
            "extra": page.extra,
            "ancestors": page.ancestors,
        });
        if let Some(content) = content {
            value["content"] = Value::String(content);
        }
        value
    }

    /// A page of the site as HTML; `sections` holds at least the page's ancestors.
    pub fn page_html(&self, page: &Page, sections: &Sections) -> Result<String> {
        let (template, variable) = match (page.url.is_empty(), page.is_section()) {
            (true, _) => ("index.html", "section"),
            (false, true) => ("section.html", "section"),
            (false, false) => ("page.html", "page"),
        };
        let mut context = Context::new();
        context.insert(variable, &self.zola_value(page, Some(markdown_to_html(&page.body))));
        context.insert("config", &self.config);
        context.insert("current_path", &format!("/{}", page.url));
        let crumbs = page.extra.get(super::pages::CRUMBS).and_then(toml::Value::as_table);
        let above = page.ancestors.iter().filter_map(|file| {
            let mut section = sections.0.get(file)?.clone();
            if let Some(title) = crumbs.and_then(|c| c.get(file)).and_then(toml::Value::as_str) {
                section["title"] = Value::String(title.to_string());
            }
            Some((file.clone(), section))
        });
        self.render(template, &context, &page.url, above.collect())
    }

    /// Renders `template` for a page at `url`, with `get_section` answering from `sections`.
    fn render(
        &self,
        template: &str,
        context: &Context,
        url: &str,
        sections: BTreeMap<String, Value>,
    ) -> Result<String> {
        let mut tera = self.tera.clone();
        tera.register_function("get_url", RelativeUrl { root: "../".repeat(url.matches('/').count()) });
        tera.register_function("get_section", GetSection(sections));
        tera.render(template, context).map_err(template_error(format!("cannot render /{url}")))
    }
}

/// Every section of the pages being rendered, by Markdown file, as `get_section` returns it.
#[derive(Default)]
pub struct Sections(BTreeMap<String, Value>);

impl Sections {
    pub fn of<'a>(layout: &Layout, pages: impl IntoIterator<Item = &'a Page>) -> Sections {
        let sections = pages.into_iter().filter(|p| p.is_section());
        Sections(sections.map(|p| (p.file.clone(), layout.zola_value(p, None))).collect())
    }
}

fn string_arg<'a>(args: &'a HashMap<String, Value>, function: &str, name: &str) -> tera::Result<&'a str> {
    args.get(name).and_then(Value::as_str).ok_or_else(|| format!("{function} needs a `{name}` string").into())
}

/// Zola's `get_url(path=…, trailing_slash=…)` for a path under the site root, but relative to
/// the page being rendered (`root` leads back to the site root).
struct RelativeUrl {
    root: String,
}

impl Function for RelativeUrl {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = string_arg(args, "get_url", "path")?;
        let mut url = format!("{}{}", self.root, path.trim_start_matches('/'));
        // As in Zola: a trailing slash is dropped unless asked for.
        if !args.get("trailing_slash").and_then(Value::as_bool).unwrap_or(false) && url.ends_with('/') {
            url.pop();
        }
        Ok(Value::String(url))
    }

    /// A URL made here from the site's own paths, as in Zola.
    fn is_safe(&self) -> bool {
        true
    }
}

/// Zola's `get_section(path=…)`: a section by its Markdown file under `content/`.
struct GetSection(BTreeMap<String, Value>);

impl Function for GetSection {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = string_arg(args, "get_section", "path")?;
        self.0.get(path).cloned().ok_or_else(|| format!("get_section: no section {path}").into())
    }
}

#[cfg(test)]
#[path = "render_tests.rs"]
mod tests;
