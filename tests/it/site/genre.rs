//! The whole genre on the site: every example (the reference report and the 14 corpus documents of
//! other units, provinces and kinds) published into one site. Every page parses, each unit-year
//! page numbers its own sections 一、二、三… in order without a gap, and the parts a document has
//! are the parts its page shows.

use std::collections::BTreeMap;

use disclose::service;
use disclose::store::SledStore;
use scraper::Html;
use serde_json::Value;

use super::{read_tree, sel, text};
use crate::common::json_files;

/// The section headings of a page, in order: 一、… are the report's parts.
fn numbered_sections(html: &Html) -> Vec<String> {
    html.select(&sel("main > h2")).map(text).filter(|h| h.contains('、')).collect()
}

#[tokio::test]
async fn every_example_publishes_into_one_site_whose_pages_number_their_own_sections() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = SledStore::open(data.path()).unwrap();
    let mut documents: BTreeMap<String, Value> = BTreeMap::new();
    for file in json_files("examples").into_iter().chain(json_files("examples/corpus")) {
        let body = std::fs::read(&file).unwrap();
        service::import(&store, &body, None, service::Publish::Now).await.unwrap();
        let doc: Value = serde_json::from_slice(&body).unwrap();
        documents.insert(format!("{}/{}/index.html", doc["unit"]["code"].as_str().unwrap(), doc["year"]), doc);
    }
    disclose::site::Site::new(out.path()).build(&store).await.unwrap();
    let public = read_tree(&out.path().join("public"));
    let pages: Vec<_> = public.keys().filter(|p| p.ends_with(".html")).collect();
    assert!(pages.len() > 40, "{pages:?}");
    for path in &pages {
        let html = Html::parse_document(std::str::from_utf8(&public[*path]).unwrap());
        assert!(html.errors.is_empty(), "{path}: {:?}", html.errors);
        assert_eq!(html.select(&sel("h1")).count(), 1, "{path}");
    }
    let ordinals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"];
    for (path, doc) in &documents {
        let html = Html::parse_document(std::str::from_utf8(&public[path]).unwrap());
        let sections = numbered_sections(&html);
        for (i, heading) in sections.iter().enumerate() {
            assert!(heading.starts_with(&format!("{}、", ordinals[i])), "{path}: {sections:?}");
        }
        // What the document has, its page shows.
        let has = |member: &str| doc.get(member).is_some();
        let shows = |title: &str| sections.iter().any(|s| s.split_once('、').is_some_and(|(_, t)| t == title));
        for (member, title) in [
            ("people", "人员与机构"),
            ("balances", "结转结余"),
            ("self_evaluation", "绩效自评"),
            ("projects", "项目支出绩效自评"),
            ("portfolio", "项目数量"),
            ("claims", "报告的总体表述"),
        ] {
            assert_eq!(has(member), shows(title), "{path}: {member} / {title} in {sections:?}");
        }
    }
}
