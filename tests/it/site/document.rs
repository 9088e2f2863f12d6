//! The facts around the figures on a report's page (corpus 03, 05, 06, 08, 14): the header block
//! and the origin of the copy under the summary, quantities and per-unit standards beside the
//! project or the organisation they belong to.

use disclose::service;
use disclose::store::SledStore;
use scraper::Html;

use super::{page, row, sel, table, text};
use crate::common::example;

/// The header list of a page: (term, description) in order.
fn header(html: &Html) -> Vec<(String, String)> {
    let Some(dl) = html.select(&sel("dl.report-header")).next() else { return Vec::new() };
    let (dt, dd) = (sel("dt"), sel("dd"));
    dl.select(&dt).map(text).zip(dl.select(&dd).map(text)).collect()
}

#[actix_web::test]
async fn header_origin_quantities_and_standards_are_shown_where_they_belong() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = SledStore::open(data.path()).unwrap();
    let files = ["03-honghe-sjfzzx-2024", "05-yueyang-rwhzx-2016", "06-yueyang-xinkai-2021", "08-leiyang-sizhong-2022"];
    for file in files.into_iter().chain(["14-zhouqu-erbyey-2023"]) {
        let body = example(&format!("corpus/{file}.json"));
        service::import(&store, body.as_bytes(), None, service::Publish::Now).await.unwrap();
    }
    disclose::site::Site::new(out.path()).build(&store).await.unwrap();
    let term = |html: &Html, t: &str| header(html).into_iter().find(|(k, _)| k == t).map(|(_, v)| v);

    let rongwanhu = page(out.path(), "yueyang-rwhzx/2016/index.html");
    assert_eq!(term(&rongwanhu, "预算编码").as_deref(), Some("YYX292"));
    assert_eq!(term(&rongwanhu, "报告日期").as_deref(), Some("2017-07-25"));
    assert_eq!(term(&rongwanhu, "表式").as_deref(), Some("附件6"));
    assert!(term(&rongwanhu, "副本说明").unwrap().contains("“年”字都印成了“-”"));

    let xinkai = page(out.path(), "yueyang-xinkai/2021/index.html");
    assert_eq!(term(&xinkai, "预算编码").as_deref(), Some("（空白）"), "a blank code reads as blank");
    assert_eq!(term(&xinkai, "原文发布日期").as_deref(), Some("2022-09-28"));
    let findings = table(&xinkai, "复核发现");
    assert!(findings.iter().any(|r| r[1] == "报告日期未晚于评价年度末"), "{findings:?}");

    let honghe = page(out.path(), "honghe-sjfzzx/2024/index.html");
    let link = honghe.select(&sel("dl.report-header a")).next().expect("the origin's link");
    assert_eq!(link.value().attr("href"), Some("https://www.hh.gov.cn/info/11481/1179592.htm"));
    let quantities = table(&honghe, "实物数量");
    assert_eq!(row(&quantities, "总建筑面积")[1..], ["约1000", "㎡"]);
    assert_eq!(row(&quantities, "拼接屏")[1..], ["174", "台"]);

    let school = page(out.path(), "leiyang-sizhong/2022/index.html");
    assert_eq!(table(&school, "定额标准")[1], ["每生1000元", "—", "239万元"]);

    let kindergarten = page(out.path(), "zhouqu-erbyey/2023/index.html");
    assert_eq!(row(&table(&kindergarten, "基本数字"), "公务用车")[1..], ["0", "辆"]);
}
