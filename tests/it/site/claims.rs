//! The project counts and the claims on a report's page (corpus 03 and 11): their own numbered
//! sections, start + added recomputed beside the stated total, and the stated figures the audit
//! disputes marked.

use disclose::service;
use disclose::store::SledStore;
use scraper::Html;

use super::{page, row, sel, table, text};
use crate::common::example;

#[actix_web::test]
async fn counts_and_claims_have_their_sections_with_marks() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = SledStore::open(data.path()).unwrap();
    for file in ["corpus/03-honghe-sjfzzx-2024.json", "corpus/11-zhalantun-nycyy-2022.json"] {
        service::import(&store, example(file).as_bytes(), None, service::Publish::Now).await.unwrap();
    }
    disclose::site::Site::new(out.path()).build(&store).await.unwrap();
    let sections = |html: &Html| -> Vec<String> { html.select(&sel("main > h2")).map(text).collect() };

    let honghe = page(out.path(), "honghe-sjfzzx/2024/index.html");
    assert!(sections(&honghe).iter().any(|h| h.ends_with("、项目数量")), "{:?}", sections(&honghe));
    let counts = table(&honghe, "项目数量");
    assert_eq!(row(&counts, "年初项目")[1], "8");
    assert_eq!(row(&counts, "年中取消项目")[1], "（报告未说明）");
    assert_eq!(row(&counts, "年初 + 增加（复核；取消数未说明）")[1], "16");
    assert_eq!(row(&counts, "项目总数（报告）")[1], "15 ≠", "the total the audit disputes is marked");
    assert_eq!(row(&counts, "年中增加项目中含：2023年转列暂付性款项项目")[1], "5");

    let zhalantun = page(out.path(), "zhalantun-nycyy/2022/index.html");
    assert!(sections(&zhalantun).iter().any(|h| h.ends_with("、报告的总体表述")), "{:?}", sections(&zhalantun));
    let claims = table(&zhalantun, "报告的总体表述");
    assert_eq!(claims[1], ["我市全部完成了預期指標任務 ≠", "全部指标均已完成", "与报告本身的数字不符，见复核结果"]);
    let findings = table(&zhalantun, "复核发现");
    assert!(findings.iter().any(|r| r[1] == "报告表述与指标不符" && r[2].contains("完成2700萬元")), "{findings:?}");
}
