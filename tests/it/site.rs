//! The disclosure site built from the example data into temporary folders: real files, the
//! HTML parsed (not grepped), the downloads parsed back, the manifest verified.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use disclose::domain::Snapshot;
use disclose::integrity::Sha256;
use disclose::service;
use disclose::site::{manifest, Site};
use disclose::store::{NewRevision, SledStore, Store};
use scraper::{ElementRef, Html, Selector};

use super::common::{self, code, UNIT};

mod adapts;
mod claims;
mod document;
mod genre;

async fn seeded_store(dir: &Path) -> Arc<dyn Store> {
    let store: Arc<dyn Store> = Arc::new(SledStore::open(dir).unwrap());
    for name in ["quwo-2020.json", "quwo-2021.json"] {
        service::import(store.as_ref(), common::example(name).as_bytes(), None, service::Publish::Now).await.unwrap();
    }
    store
}

fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    manifest::walk(dir).unwrap().into_iter().map(|p| (p.clone(), std::fs::read(dir.join(&p)).unwrap())).collect()
}

fn page(dir: &Path, path: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(dir.join("public").join(path)).unwrap())
}

fn sel(selector: &str) -> Selector {
    Selector::parse(selector).unwrap()
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>().trim().to_string()
}

/// The table whose caption starts with `caption`, as rows of cell texts (header row first).
fn table(html: &Html, caption: &str) -> Vec<Vec<String>> {
    let t = html
        .select(&sel("table"))
        .find(|t| t.select(&sel("caption")).next().is_some_and(|c| text(c).starts_with(caption)))
        .unwrap_or_else(|| panic!("no table captioned {caption}"));
    t.select(&sel("tr")).map(|tr| tr.select(&sel("th, td")).map(text).collect()).collect()
}

fn row<'a>(rows: &'a [Vec<String>], first: &str) -> &'a Vec<String> {
    rows.iter().find(|r| r.first().is_some_and(|c| c == first)).unwrap_or_else(|| panic!("no row {first} in {rows:?}"))
}

#[actix_web::test]
async fn the_2021_page_shows_the_reports_figures_with_their_checks() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = seeded_store(data.path()).await;
    Site::new(out.path()).build(store.as_ref()).await.unwrap();
    let html = page(out.path(), "quwo-eco-env/2021/index.html");

    assert_eq!(html.select(&sel("html")).next().unwrap().value().attr("lang"), Some("zh-CN"));
    let budget = table(&html, "2021年年初预算与2020年比较");
    assert_eq!(budget[0][..3], ["预算项目", "2021年", "2020年"]);
    let income = row(&budget, "收入预算");
    assert_eq!((income[1].as_str(), income[2].as_str(), income[4].as_str()), ("1546.39", "2374.32", "-827.93"));
    assert_eq!((income[5].as_str(), income[6].as_str()), ("35%", "-34.87%"), "stated beside recomputed");

    let projects = table(&html, "工程项目分类及投资估算");
    let total = row(&projects, "总计");
    assert_eq!((total[3].as_str(), total[4].as_str()), ("53", "53"), "53 projects stated and listed");
    assert_eq!(total[5], "1237641.7");
    assert_eq!(total[6], "1237641.7（另有8项未估算）", "recomputed, with the unknown estimates said");
    assert_eq!(
        projects
            .iter()
            .filter(|r| r.get(2).is_some_and(|c| c != "小计" && !c.is_empty()) && r[0] != "工程类别" && r[0] != "总计")
            .count(),
        18,
        "18 groups"
    );

    // Every table has a caption and column headers.
    for t in html.select(&sel("table")) {
        assert!(t.select(&sel("caption")).next().is_some(), "a table without caption");
        assert!(t.select(&sel("thead th[scope=col]")).next().is_some(), "a table without header cells");
    }
    // The charts exist, with their labels as text.
    let charts: Vec<ElementRef> = html.select(&sel("figure.chart svg")).collect();
    assert!(charts.len() >= 2);
    let budget_chart = html.select(&sel("figure#chart-budget svg")).next().expect("the budget chart");
    let labels: Vec<String> = budget_chart.select(&sel("text.label")).map(text).collect();
    assert!(labels.contains(&"收入预算".to_string()), "{labels:?}");
    assert!(budget_chart.select(&sel("text.value")).map(text).any(|v| v == "2374.32"));
    let project_chart = html.select(&sel("figure#chart-projects svg")).next().expect("the projects chart");
    assert!(project_chart.select(&sel("text.label")).map(text).any(|l| l == "生态保护与修复工程"));

    // The hash on the page is the revision's hash, the API's ETag.
    let meta = store.latest(&code(UNIT), 2021, disclose::store::Which::LatestPublished).await.unwrap().unwrap().meta;
    assert_eq!(text(html.select(&sel("#revision-hash")).next().unwrap()), meta.hash.as_str());
    assert_eq!(text(html.select(&sel("#score")).next().unwrap()), "91.25");
    assert!(html.select(&sel("#audit-ok")).next().is_some(), "the reference report raises no finding");

    // The other pages exist and link where they should.
    let home = page(out.path(), "index.html");
    let units = table(&home, "已公开的单位");
    assert_eq!(units[1][..4], ["临汾市生态环境局曲沃分局", "2021年", "91.25", "优"]);
    let targets = page(out.path(), "quwo-eco-env/targets/index.html");
    let progress = table(&targets, "目标进展");
    let fen = progress.iter().find(|r| r[0].contains("汾河北庄") && r[2] == "2025").unwrap();
    assert_eq!(fen[6], "尚未达成（期限未到）");
    let comparison = page(out.path(), "quwo-eco-env/compare-2020-2021/index.html");
    let lines = table(&comparison, "年初预算");
    assert_eq!(row(&lines, "其中：基本支出")[4..6], ["+141.13", "+49.94%"]);
    let unit = page(out.path(), "quwo-eco-env/index.html");
    assert!(unit.select(&sel("figure#trend-budget svg")).next().is_some());
}

#[actix_web::test]
async fn downloads_parse_back_to_the_stored_figures() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = seeded_store(data.path()).await;
    Site::new(out.path()).build(store.as_ref()).await.unwrap();
    let folder = out.path().join("public/quwo-eco-env/2021/r1");
    let stored = store.revision(&code(UNIT), 2021, 1).await.unwrap().unwrap();
    assert_eq!(
        std::fs::read_to_string(folder.join("snapshot.json")).unwrap(),
        stored.document,
        "the JSON exactly as stored"
    );
    let snapshot: Snapshot = serde_json::from_str(&stored.document).unwrap();

    let csv_rows = |file: &str| {
        let bytes = std::fs::read(folder.join(file)).unwrap();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "{file} starts with a BOM");
        let mut reader = csv::Reader::from_reader(&bytes[3..]);
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        let rows: Vec<BTreeMap<String, String>> = reader
            .records()
            .map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_string)).collect())
            .collect();
        rows
    };
    let budget = csv_rows("budget.csv");
    let lines = &snapshot.budget.as_ref().unwrap().lines;
    assert_eq!(budget.len(), lines.len());
    for (row, line) in budget.iter().zip(lines) {
        assert_eq!(row["amount"].parse::<rust_decimal::Decimal>().unwrap(), line.amount.unwrap());
        assert_eq!(row["prior_year_amount"].parse::<rust_decimal::Decimal>().unwrap(), line.prior_year_amount.unwrap());
        assert_eq!(row["label"], line.label);
    }
    let staff = csv_rows("staff.csv");
    assert_eq!(staff.iter().map(|r| r["count"].as_str()).collect::<Vec<_>>(), ["8", "31", "106", "145"]);
    let funds = csv_rows("expenditure-funds.csv");
    assert_eq!((funds[0]["fund"].as_str(), funds[0]["total"].as_str()), ("general_public_budget", "1396.39"));
    let summary = csv_rows("key-projects-summary.csv");
    assert_eq!(summary.iter().filter(|r| !r["number"].is_empty()).count(), 18);
    let projects = csv_rows("key-projects.csv");
    assert_eq!(projects.len(), 53);
    let known: rust_decimal::Decimal =
        projects.iter().filter_map(|r| r["estimate"].parse::<rust_decimal::Decimal>().ok()).sum();
    assert_eq!(known, snapshot.key_projects.as_ref().unwrap().stated_total.unwrap(), "shared estimates appear once");
    assert_eq!(projects.iter().filter(|r| r["estimate"] == "/").count(), 8, "unknown estimates stay /");

    // The index: one line per published revision, in the order of the log (line i is entry i),
    // naming its snapshot.json, whose bytes hash to the revision's hash; the home page links it.
    let bulk = std::fs::read(out.path().join("public/data/revisions/0.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> =
        bulk.split(|b| *b == b'\n').filter(|l| !l.is_empty()).map(|l| serde_json::from_slice(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["hash"], stored.meta.hash.as_str());
    for line in &lines {
        let snapshot = std::fs::read(out.path().join("public").join(line["snapshot"].as_str().unwrap())).unwrap();
        assert_eq!(disclose::integrity::sha256_hex(&snapshot), line["hash"].as_str().unwrap());
    }
    let home = std::fs::read_to_string(out.path().join("public/index.html")).unwrap();
    assert!(home.contains(r#"<a href="data/revisions/0.jsonl">0.jsonl</a>"#));
    assert!(!out.path().join("public/data/revisions/1.jsonl").exists());
}

#[actix_web::test]
async fn builds_are_byte_identical_and_verifiable() {
    let data = tempfile::tempdir().unwrap();
    let store = seeded_store(data.path()).await;
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    Site::new(a.path()).build(store.as_ref()).await.unwrap();
    Site::new(b.path()).build(store.as_ref()).await.unwrap();
    let (first, second) = (read_tree(a.path()), read_tree(b.path()));
    assert!(first.len() > 20);
    assert!(first == second, "two builds of the same store differ");

    let public = a.path().join("public");
    assert_eq!(manifest::verify(&public).unwrap(), vec![]);
    let victim = public.join("quwo-eco-env/2021/index.html");
    let mut bytes = std::fs::read(&victim).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&victim, &bytes).unwrap();
    std::fs::remove_file(public.join("quwo-eco-env/2021/r1/budget.csv")).unwrap();
    std::fs::write(public.join("planted.html"), "x").unwrap();
    let problems = manifest::verify(&public).unwrap();
    assert_eq!(
        problems,
        vec![
            manifest::Problem::Altered("quwo-eco-env/2021/index.html".into()),
            manifest::Problem::Missing("quwo-eco-env/2021/r1/budget.csv".into()),
            manifest::Problem::Extra("planted.html".into()),
        ]
    );

    // The command line says the same, with a failing exit code.
    let run = |dir: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_disclose")).arg("verify").arg(dir).output().unwrap()
    };
    assert!(run(&b.path().join("public")).status.success());
    let failed = run(&public);
    assert!(!failed.status.success());
    let said = String::from_utf8_lossy(&failed.stdout);
    assert!(
        said.contains("altered: quwo-eco-env/2021/index.html")
            && said.contains("missing: quwo-eco-env/2021/r1/budget.csv"),
        "{said}"
    );
}

#[actix_web::test]
async fn a_publication_rebuilds_its_unit_to_the_same_bytes_as_a_full_build() {
    let data = tempfile::tempdir().unwrap();
    let store = seeded_store(data.path()).await;
    // A second unit, which the partial rebuild must leave exactly as a full build makes it.
    let mut other: serde_json::Value = serde_json::from_str(&common::example("quwo-2021.json")).unwrap();
    other["unit"]["code"] = serde_json::json!("another-bureau");
    service::import(store.as_ref(), &serde_json::to_vec(&other).unwrap(), None, service::Publish::Now).await.unwrap();
    let out = tempfile::tempdir().unwrap();
    let site = Site::new(out.path());
    site.build(store.as_ref()).await.unwrap();
    let before = read_tree(&out.path().join("public"));

    let mut corrected: serde_json::Value = serde_json::from_str(&common::example("quwo-2021.json")).unwrap();
    corrected["title"] = serde_json::json!("更正后的报告");
    corrected["profile"]["description"] = serde_json::json!("第一段。\n\n[点我](javascript:alert(1))\n\n第三段。");
    service::import(store.as_ref(), &serde_json::to_vec(&corrected).unwrap(), None, service::Publish::Now)
        .await
        .unwrap();
    site.rebuild_unit(store.as_ref(), &code(UNIT)).await.unwrap();
    let after = read_tree(&out.path().join("public"));
    assert!(after.contains_key("quwo-eco-env/2021/r2/index.html"));
    assert!(after.contains_key("quwo-eco-env/2021/r1/index.html"), "the earlier revision keeps its address");
    assert_eq!(before["quwo-eco-env/2021/r1/snapshot.json"], after["quwo-eco-env/2021/r1/snapshot.json"]);
    assert_eq!(before["quwo-eco-env/2020/r1/snapshot.json"], after["quwo-eco-env/2020/r1/snapshot.json"]);
    assert_eq!(manifest::verify(&out.path().join("public")).unwrap(), vec![]);

    let full = tempfile::tempdir().unwrap();
    Site::new(full.path()).build(store.as_ref()).await.unwrap();
    assert!(read_tree(&full.path().join("public")) == after, "the partial rebuild differs from a full build");
    assert!(read_tree(&full.path().join("content")) == read_tree(&out.path().join("content")));

    let latest = page(out.path(), "quwo-eco-env/2021/index.html");
    let history = table(&latest, "已公开的版本");
    assert_eq!(history.len(), 3, "two published revisions");
    assert!(history.iter().all(|r| r.len() == 4), "a multi-line change must not break the table: {history:?}");
    assert!(
        history[2][3].contains("2处改动")
            && history[2][3].contains("/title")
            && history[2][3].contains("/profile/description"),
        "{:?}",
        history[2]
    );
    assert!(latest.select(&sel("a[href]")).all(|a| !a.value().attr("href").unwrap().contains("javascript:")));
}

#[actix_web::test]
async fn hostile_text_renders_as_text() {
    // Straight into the store, past validation: the site must be safe on its own.
    let data = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SledStore::open(data.path()).unwrap());
    let hostile = "<script>alert(1)</script>](javascript:alert(2)) | +++\n\"title\" = 'x'";
    let mut snapshot: Snapshot = serde_json::from_str(&common::example("quwo-2021.json")).unwrap();
    snapshot.unit.name = hostile.into();
    let project = &mut snapshot.key_projects.as_mut().unwrap().categories[0].groups[0].projects[0];
    project.name = Some(hostile.into());
    project.content = Some("[点我](javascript:alert(3))\n\n<img src=x onerror=alert(4)>".into());
    snapshot.rules[0].body = "## 标题\n\n<script>alert(5)</script>\n\n[链接](javascript:alert(6))".into();
    let document = disclose::integrity::canonical_json(&snapshot).unwrap();
    let hash = Sha256::of(document.as_bytes());
    store
        .append_revision(NewRevision {
            unit: snapshot.unit.clone(),
            code: code(UNIT),
            year: 2021,
            document,
            hash,
            note: None,
            precondition: None,
            publish: true,
        })
        .await
        .unwrap();
    // A stored unit record whose code is no slug (the API never stores one) must not name a folder.
    let mut evil = snapshot.clone();
    evil.unit.code = "../../evil".into();
    let document = disclose::integrity::canonical_json(&evil).unwrap();
    let hash = Sha256::of(document.as_bytes());
    let (unit, code) = (evil.unit, code("evil"));
    let new = NewRevision { unit, code, year: 2021, document, hash, note: None, precondition: None, publish: true };
    store.append_revision(new).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a/b");
    Site::new(&out).build(store.as_ref()).await.unwrap();
    assert!(!dir.path().join("evil").exists() && !dir.path().join("a/evil").exists());
    assert!(manifest::walk(&out.join("public")).unwrap().iter().all(|p| !p.contains("evil")));

    for path in
        ["index.html", "quwo-eco-env/index.html", "quwo-eco-env/2021/index.html", "quwo-eco-env/2021/r1/index.html"]
    {
        let html = page(&out, path);
        assert_eq!(html.select(&sel("script")).count(), 0, "{path}: a script element");
        assert_eq!(html.select(&sel("img")).count(), 0, "{path}: an img element");
        for a in html.select(&sel("a[href]")) {
            let href = a.value().attr("href").unwrap();
            assert!(!href.to_ascii_lowercase().contains("javascript:"), "{path}: {href}");
        }
        assert!(html.select(&sel("[onerror]")).next().is_none());
    }
    let year = page(&out, "quwo-eco-env/2021/index.html");
    let heading = text(year.select(&sel("h1")).next().unwrap());
    assert!(heading.starts_with("<script>alert(1)</script>](javascript:alert(2)) | +++"), "{heading}");
    // The project table keeps its shape: the name is one cell.
    let group = table(&year, "表4-2");
    assert!(group.iter().all(|r| r.len() == 6), "{group:?}");
    assert!(group[1][1].starts_with("<script>"));
    // The front matter still parses, with the hostile name as its title, when it is cut the way
    // Zola cuts it: at the first `+++` followed by nothing but spaces up to the line's end.
    let markdown = std::fs::read_to_string(out.join("content/quwo-eco-env/2021/_index.md")).unwrap();
    let rest = markdown.strip_prefix("+++\n").unwrap();
    let end = rest
        .match_indices("+++")
        .map(|(i, _)| i)
        .find(|&i| rest[i + 3..].trim_start_matches([' ', '\t']).starts_with('\n'))
        .unwrap();
    let front: toml::Table = toml::from_str(&rest[..end]).unwrap();
    assert!(front["title"].as_str().unwrap().starts_with(&hostile.replace('\n', " ")));
}

#[test]
fn zola_builds_the_same_content_when_it_is_installed() {
    let Ok(version) = std::process::Command::new("zola").arg("--version").output() else {
        println!("SKIPPED: no `zola` on PATH; the content was not checked with Zola");
        return;
    };
    println!("checking with {}", String::from_utf8_lossy(&version.stdout).trim());
    let pages =
        ["index.html", "quwo-eco-env/index.html", "quwo-eco-env/2021/index.html", "quwo-eco-env/2021/r1/index.html"];
    zola_frames_are_ours(0, &pages);
    // Above a hundred units the home page lists the directory's pages (`units/`).
    let out = zola_frames_are_ours(110, &["index.html", "units/index.html"]);
    let first = std::fs::read_dir(out.path().join("public/units")).unwrap().flatten().find(|e| e.path().is_dir());
    let first = format!("units/{}/index.html", first.unwrap().file_name().to_string_lossy());
    zola_frames_are_ours_in(out.path(), &[first.as_str()]);
}

/// Builds the site of the examples and `more` units with disclose and with Zola, and checks
/// that `pages` have the same frame in both.
fn zola_frames_are_ours(more: usize, pages: &[&str]) -> tempfile::TempDir {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let out = tempfile::tempdir().unwrap();
    rt.block_on(async {
        let data = tempfile::tempdir().unwrap();
        let store = seeded_store(data.path()).await;
        for i in 0..more {
            let mut snapshot: serde_json::Value = serde_json::from_str(&common::example("quwo-2021.json")).unwrap();
            snapshot["unit"]["code"] = serde_json::Value::String(format!("unit-{i:03}"));
            let bytes = serde_json::to_vec(&snapshot).unwrap();
            service::import(store.as_ref(), &bytes, None, service::Publish::Now).await.unwrap();
        }
        Site::new(out.path()).build(store.as_ref()).await.unwrap();
    });
    let status = std::process::Command::new("zola")
        .arg("build")
        .arg("--output-dir")
        .arg(out.path().join("zola/public"))
        .current_dir(out.path())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(out.path().join("zola/public/quwo-eco-env/2021/index.html").exists());
    zola_frames_are_ours_in(out.path(), pages);
    out
}

/// One layout: Zola's frame of each page is ours, but for its absolute links.
fn zola_frames_are_ours_in(out: &Path, pages: &[&str]) {
    let zola_root = out.join("zola");
    for path in pages {
        let (mine, zolas) = (frame(&page(out, path)), frame(&page(&zola_root, path)));
        assert!(mine.len() > 5 && mine == zolas, "{path}: ours {mine:#?}\nZola's {zolas:#?}");
    }
}

/// The page frame: title, header, breadcrumbs and footer, each as its text and link targets from
/// the site root (ours are relative to the page, Zola's absolute under `base_url`).
fn frame(html: &Html) -> Vec<String> {
    let root_relative = |href: &str| {
        let href = href.strip_prefix("http://127.0.0.1:8080/").unwrap_or(href);
        href.trim_start_matches("../").to_string()
    };
    let mut out = vec![text(html.select(&sel("title")).next().unwrap())];
    let anchor = sel("a");
    for part in ["header.site", "nav.crumbs", "footer.site", "head link"] {
        for element in html.select(&sel(part)) {
            out.push(format!("{part}: {}", text(element)));
            let links = element.select(&anchor).chain(std::iter::once(element));
            out.extend(links.filter_map(|a| a.value().attr("href")).map(root_relative));
        }
    }
    out
}

#[actix_web::test]
async fn the_server_serves_the_site_and_publishing_updates_it_before_answering() {
    let site = tempfile::tempdir().unwrap();
    let app = common::spawn_site_app(site.path()).await;
    let home = app.get("/").await;
    assert_eq!(home.status.as_u16(), 200);
    assert!(home.header("content-type").unwrap().starts_with("text/html"));
    let year = app.get("/quwo-eco-env/2021/").await;
    let html = Html::parse_document(&String::from_utf8(year.body).unwrap());
    let first_hash = text(html.select(&sel("#revision-hash")).next().unwrap());
    assert_eq!(app.get("/quwo-eco-env/2021").await.status.as_u16(), 200, "a folder without / redirects to it");
    assert_eq!(app.get("/quwo-eco-env/2021/r1/budget.csv").await.status.as_u16(), 200);
    assert_eq!(app.get("/../Cargo.toml").await.status.as_u16(), 404);
    assert_eq!(app.get("/api/v1/healthz").await.status.as_u16(), 200, "the API still answers under the site");

    let mut corrected = common::example_2021();
    corrected["title"] = serde_json::json!("更正后的报告");
    let submitted = app.submit(2021, &app.admin, &corrected).await.json();
    let hash = submitted["revision"]["hash"].as_str().unwrap().to_string();
    // Not published yet: the public page still shows revision 1.
    let html = Html::parse_document(&String::from_utf8(app.get("/quwo-eco-env/2021/").await.body).unwrap());
    assert_eq!(text(html.select(&sel("#revision-hash")).next().unwrap()), first_hash);

    let publish =
        app.client.post(app.url("/api/v1/units/quwo-eco-env/years/2021/revisions/2/publish")).bearer_auth(&app.admin);
    assert_eq!(app.send(publish, None).await.status.as_u16(), 200);
    let html = Html::parse_document(&String::from_utf8(app.get("/quwo-eco-env/2021/").await.body).unwrap());
    assert_eq!(text(html.select(&sel("#revision-hash")).next().unwrap()), hash, "the page shows the API's ETag");
    assert_eq!(app.get("/quwo-eco-env/2021/r2/").await.status.as_u16(), 200);
    assert_eq!(app.get("/quwo-eco-env/2021/r1/").await.status.as_u16(), 200, "the first revision keeps its address");
    assert_eq!(manifest::verify(&site.path().join("public")).unwrap(), vec![]);
}

/// Publication times come from the clock: the one part of a page a snapshot must not pin, in
/// UTC (`[published_at]`) or as shown in Beijing time (`[北京时间]`).
fn without_times(text: &str) -> String {
    let text = without_utc_times(text);
    let (open, close) = ("[published_at]\">", "</time>");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find(open) {
        let shown = &rest[i + open.len()..];
        let end = shown.find(close).expect("a time element ends");
        assert!(shown[..end].ends_with("（北京时间）"), "{}", &shown[..end]);
        out.push_str(&rest[..i + open.len()]);
        out.push_str("[北京时间]");
        rest = &shown[end..];
    }
    out.push_str(rest);
    out
}

fn without_utc_times(text: &str) -> String {
    let shape = "0000-00-00T00:00:00.000Z";
    let fits =
        |s: &[u8]| s.iter().zip(shape.bytes()).all(|(c, p)| if p == b'0' { c.is_ascii_digit() } else { *c == p });
    let (bytes, mut out, mut i) = (text.as_bytes(), Vec::new(), 0);
    while i < bytes.len() {
        if bytes.len() - i >= shape.len() && fits(&bytes[i..i + shape.len()]) {
            out.extend_from_slice(b"[published_at]");
            i += shape.len();
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The rendered output of the 2021 example, reviewed as a whole: any change to a page shows up
/// as a snapshot to accept (`cargo insta review`), not as a change nobody saw.
#[actix_web::test]
async fn the_2021_example_renders_as_reviewed() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = seeded_store(data.path()).await;
    Site::new(out.path()).build(store.as_ref()).await.unwrap();
    let read = |path: &str| without_times(&std::fs::read_to_string(out.path().join(path)).unwrap());
    insta::assert_snapshot!("year_2021_markdown", read("content/quwo-eco-env/2021/_index.md"));
    insta::assert_snapshot!("year_2021_html", read("public/quwo-eco-env/2021/index.html"));
    insta::assert_snapshot!("home_html", read("public/index.html"));
}
