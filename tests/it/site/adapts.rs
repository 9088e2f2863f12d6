//! Pages that adapt to what a report has: copies of the 2021 example with parts changed or left
//! out, published and built into a real site, the HTML parsed.

use std::path::Path;

use disclose::service;
use disclose::store::{SledStore, Store, Which};
use scraper::Html;
use serde_json::{json, Value};
use tempfile::TempDir;

use super::{page, row, sel, table, text};
use crate::common::{self, code, UNIT};

/// The 2021 example changed by `change`.
fn example_2021(change: impl FnOnce(&mut Value)) -> Value {
    let mut value = common::example_2021();
    change(&mut value);
    value
}

/// A site built from `reports`, published in order: (store folder, site folder, store).
async fn site_of(reports: &[Value]) -> (TempDir, TempDir, SledStore) {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = SledStore::open(data.path()).unwrap();
    for report in reports {
        let body = serde_json::to_vec(report).unwrap();
        service::import(&store, &body, None, service::Publish::Now).await.unwrap();
    }
    disclose::site::Site::new(out.path()).build(&store).await.unwrap();
    (data, out, store)
}

fn year_page(out: &Path) -> Html {
    page(out, "quwo-eco-env/2021/index.html")
}

/// The page's own h2 headings: not those of a unit's text folded in a `<details>`.
fn headings(html: &Html) -> Vec<String> {
    let folded =
        |h: &scraper::ElementRef| h.ancestors().any(|a| a.value().as_element().is_some_and(|e| e.name() == "details"));
    html.select(&sel("h2")).filter(|h| !folded(h)).map(text).collect()
}

/// The Chinese ordinals that number the page's h2 headings (一、二、…), in order.
fn section_numbers(html: &Html) -> Vec<String> {
    headings(html).iter().filter_map(|h| h.split_once('、').map(|(n, _)| n.to_string())).collect()
}

#[actix_web::test]
async fn a_report_of_final_accounts_only_reads_as_such() {
    let report = example_2021(|v| {
        for line in v["budget"]["lines"].as_array_mut().unwrap() {
            line["phase"] = json!("final_accounts");
            let line = line.as_object_mut().unwrap();
            line.remove("prior_year_amount");
            line.remove("stated_change");
        }
        v["budget"].as_object_mut().unwrap().remove("explanation");
    });
    let (_data, out, _store) = site_of(&[report]).await;
    let html = year_page(out.path());
    let heads = headings(&html);
    assert!(heads.contains(&"二、决算收支".to_string()), "{heads:?}");
    assert!(!heads.iter().any(|h| h.contains("年初")), "{heads:?}");
    let budget = table(&html, "2021年决算");
    assert_eq!(budget[0], ["预算项目", "2021年"], "no prior-year or change column without figures for them");
    assert_eq!(row(&budget, "收入预算")[1], "1546.39");
    // The chart draws the one series that has values, and says nothing of the year before.
    let chart = html.select(&sel("figure#chart-budget")).next().expect("the budget chart");
    let legend: Vec<String> = chart.select(&sel("text.legend")).map(text).collect();
    assert_eq!(legend, ["2021年"]);
    assert_eq!(text(chart.select(&sel("figcaption")).next().unwrap()), "2021年决算（单位：万元）");
    let section = std::fs::read_to_string(out.path().join("content/quwo-eco-env/2021/_index.md")).unwrap();
    let start = section.find("## 二、决算收支").unwrap();
    let end = start + section[start..].find("\n## 三、").unwrap();
    insta::with_settings!({ snapshot_path => "../snapshots" }, {
        insta::assert_snapshot!("final_accounts_budget_section", &section[start..end]);
    });
    // The unit page leads with the 决算 line, and the home page has no year-start figure to show.
    let unit = page(out.path(), "quwo-eco-env/index.html");
    let facts: Vec<String> = unit.select(&sel("#year-facts dt")).map(text).collect();
    assert!(facts.contains(&"决算：支出预算（万元）".to_string()), "{facts:?}");
    let home = table(&page(out.path(), "index.html"), "已公开的单位");
    assert_eq!(home[1][4..], ["—", "—"]);
}

#[actix_web::test]
async fn sections_are_numbered_by_what_the_report_has() {
    let report = example_2021(|v| {
        let v = v.as_object_mut().unwrap();
        v.remove("profile");
        v.remove("budget");
    });
    let (_data, out, _store) = site_of(&[report]).await;
    let html = year_page(out.path());
    let expected = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];
    assert_eq!(section_numbers(&html), expected, "{:?}", headings(&html));
    assert!(headings(&html).contains(&"一、财政预算整体支出使用范围".to_string()));
    // The full example keeps its eleven sections in order.
    let (_data, out, _store) = site_of(&[common::example_2021()]).await;
    let numbers = section_numbers(&year_page(out.path()));
    assert_eq!(numbers.len(), 11);
    assert_eq!(numbers.last().map(String::as_str), Some("十一"));
}

#[actix_web::test]
async fn times_read_in_beijing_time_with_the_exact_instant() {
    let (_data, out, store) = site_of(&[common::example_2021()]).await;
    let meta = store.latest(&code(UNIT), 2021, Which::LatestPublished).await.unwrap().unwrap().meta;
    let published = meta.published_at.unwrap();
    let beijing = published.utc().to_offset(time::UtcOffset::from_hms(8, 0, 0).unwrap());
    let shown = format!(
        "{}年{}月{}日 {:02}:{:02}（北京时间）",
        beijing.year(),
        u8::from(beijing.month()),
        beijing.day(),
        beijing.hour(),
        beijing.minute()
    );
    let html = year_page(out.path());
    let times: Vec<_> = html.select(&sel("time")).collect();
    assert_eq!(times.len(), 2, "the summary and the history table");
    for t in times {
        assert_eq!(t.value().attr("datetime"), Some(published.to_string().as_str()));
        assert_eq!(text(t), shown);
    }
    // The front matter keeps the stored UTC string.
    let markdown = std::fs::read_to_string(out.path().join("content/quwo-eco-env/2021/_index.md")).unwrap();
    assert!(markdown.contains(&format!("published_at = \"{published}\"")), "{markdown}");
}

#[actix_web::test]
async fn a_unit_with_a_single_year_has_its_facts_and_no_empty_chart() {
    let (_data, out, _store) = site_of(&[common::example_2021()]).await;
    let unit = page(out.path(), "quwo-eco-env/index.html");
    assert_eq!(unit.select(&sel("figure.chart")).count(), 0, "no chart of a single point");
    assert!(!headings(&unit).iter().any(|h| h == "历年趋势"));
    let facts: Vec<(String, String)> = unit
        .select(&sel("#year-facts dt"))
        .zip(unit.select(&sel("#year-facts dd")))
        .map(|(dt, dd)| (text(dt), text(dd)))
        .collect();
    let fact = |name: &str| facts.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    assert_eq!(fact("年初预算：支出预算（万元）"), Some("1546.39"), "{facts:?}");
    assert_eq!((fact("评价得分"), fact("等级"), fact("复核发现")), (Some("91.25"), Some("优"), Some("0项")));
    // With two years, the trends are back, and every chart on the site has a series with values.
    let (_data, out, _store) =
        site_of(&[serde_json::from_str(&common::example("quwo-2020.json")).unwrap(), common::example_2021()]).await;
    let unit = page(out.path(), "quwo-eco-env/index.html");
    assert!(headings(&unit).iter().any(|h| h == "历年趋势"));
    for chart in unit.select(&sel("figure.chart")) {
        assert!(chart.select(&sel("text.value")).next().is_some(), "an empty chart");
    }
}

#[actix_web::test]
async fn a_disputed_headcount_total_is_marked_and_explained_in_chinese() {
    let report = example_2021(|v| v["profile"]["stated_staff_total"] = json!(146));
    let (_data, out, _store) = site_of(&[report]).await;
    let html = year_page(out.path());
    let staff = table(&html, "人员构成");
    assert_eq!(row(&staff, "合计（复核）")[1], "145");
    assert_eq!(row(&staff, "合计（报告）")[1], "146 ≠", "marked as other tables mark a disputed total");
    let findings = table(&html, "复核发现");
    let count = row(&findings, "错误");
    assert_eq!(count[2], "人员：报告所列合计为146人，但行政人员 8人 + 事业人员 31人 + 自收自支人员 106人 = 145人");
}

#[actix_web::test]
async fn self_evaluation_scores_are_marked_where_the_audit_disputes_them() {
    let report = example_2021(|v| {
        v["attachments"][0]["rows"] = json!([
            {"indicator": ["产出", "完成率"], "weight": "40", "target": "100%", "actual": "100%", "target_met": true, "score": "45"},
            {"indicator": ["效益", "满意度"], "weight": "60", "target": "90%", "actual": "95%", "target_met": true, "score": "46.25"}
        ]);
    });
    let (_data, out, _store) = site_of(&[report]).await;
    let rows = table(&year_page(out.path()), "部门（单位）整体支出绩效自评表");
    assert_eq!(row(&rows, "产出 / 完成率")[4], "45 ≠", "points above the weight");
    assert_eq!(row(&rows, "效益 / 满意度")[4], "46.25");
    assert_eq!(row(&rows, "合计（复核）")[1..5], ["100", "", "", "91.25"]);
    assert_eq!(row(&rows, "评价得分（报告）")[4], "91.25");
}

#[actix_web::test]
async fn a_project_row_without_an_estimate_cell_reads_as_such_and_counts_as_unknown() {
    let report = example_2021(|v| {
        let row = &mut v["key_projects"]["categories"][0]["groups"][4]["projects"][1];
        row.as_object_mut().unwrap().remove("estimate");
    });
    let (_data, out, _store) = site_of(&[report]).await;
    let rows = table(&year_page(out.path()), "表4-6");
    assert_eq!(row(&rows, "2")[3], "（未列估算）");
    assert_eq!(rows.last().unwrap()[3], "41700（另有1项未估算）", "{rows:?}");
}
