//! The corpus: real reports of other units, provinces and kinds (`examples/corpus/`), each encoded
//! as a schema-2 snapshot holding only what its excerpt prints. Every document imports through the
//! API, round-trips through the model, and audits to exactly the findings the corpus analysis
//! verified (`shared/reference/corpus/README.md`, brief section E): each inconsistency fires where
//! the excerpt holds its figures, and every consistent figure gives nothing.
//!
//! The expected finding kinds are compared by their wire names, as the API gives them.

use std::path::PathBuf;

use awc::http::StatusCode;
use disclose::analysis::audit;
use disclose::domain::Snapshot;
use serde_json::Value;

use crate::common::{json_files, spawn_app};

fn corpus_files() -> Vec<PathBuf> {
    json_files("examples/corpus")
}

/// The corpus document numbered `number` (its file name starts with it), as JSON and as a snapshot.
fn corpus(number: &str) -> (Value, Snapshot) {
    let file = corpus_files()
        .into_iter()
        .find(|f| f.file_name().unwrap().to_string_lossy().starts_with(&format!("{number}-")))
        .unwrap_or_else(|| panic!("no corpus document {number}"));
    let text = std::fs::read_to_string(&file).unwrap();
    let de = &mut serde_json::Deserializer::from_str(&text);
    let snapshot =
        serde_path_to_error::deserialize(de).unwrap_or_else(|e| panic!("{}: {} at {}", file.display(), e, e.path()));
    (serde_json::from_str(&text).unwrap(), snapshot)
}

#[actix_web::test]
async fn every_corpus_document_imports_through_the_api() {
    let files = corpus_files();
    assert!(files.len() >= 12, "expected at least 12 corpus documents, found {files:?}");
    let app = spawn_app().await;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let body: Value = serde_json::from_str(&text).unwrap();
        let unit = body["unit"]["code"].as_str().unwrap();
        let year = body["year"].as_u64().unwrap();
        assert_eq!(body["schema"], 2, "{}: a corpus document is schema 2", file.display());
        let token = app.unit_token(unit).await;
        let reply = app.post_json(&format!("/api/v1/units/{unit}/years/{year}/revisions"), &token, text).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}: {}", file.display(), String::from_utf8_lossy(&reply.body));
    }
}

#[test]
fn every_corpus_document_round_trips_through_the_model() {
    for file in corpus_files() {
        let number = file.file_name().unwrap().to_string_lossy()[..2].to_string();
        let (original, snapshot) = corpus(&number);
        let again = serde_json::to_value(&snapshot).unwrap();
        assert_eq!(original, again, "{} does not round-trip through the model", file.display());
    }
}

/// Audits corpus document `number` and compares its findings, as (kind, first pointer), with
/// `expected` in any order. Each expected pointer must name a member of the document (a missing
/// part names an absent member: then its parent must be there).
fn expect_findings(number: &str, expected: &[(&str, &str)]) {
    let (json, snapshot) = corpus(number);
    for (kind, pointer) in expected {
        // A finding about something missing names the absent member: its parent must be there.
        let absent = ["missing_part", "adjustment_without_reason", "missing_deviation_reason"].contains(kind);
        let present = if absent { pointer.rsplit_once('/').unwrap().0 } else { pointer };
        assert!(json.pointer(present).is_some(), "corpus {number}: {pointer} is not in the document");
    }
    let mut found: Vec<(String, String)> = audit(&snapshot, None)
        .iter()
        .map(|f| {
            let kind = serde_json::to_value(f.kind).unwrap().as_str().unwrap().to_string();
            (kind, f.pointers.first().map(|p| p.as_str().to_string()).unwrap_or_default())
        })
        .collect();
    found.sort();
    let mut expected: Vec<(String, String)> = expected.iter().map(|(k, p)| (k.to_string(), p.to_string())).collect();
    expected.sort();
    assert_eq!(found, expected, "corpus {number}: findings (kind, first pointer)");
}

/// Sichuan project table published unfilled: 238.93 → 251.89 with no reason although the template
/// asks for one; 完成值, 得分 and the narratives still hold the prompts. ✓ 251.89/251.89 = 100.00 %,
/// sources add up, 0.00/0.00 printed 0.00 %, 10 + 60 + 30 = 100, 60 + 30 = 90.
#[test]
fn corpus_01_qingshen_fgj() {
    expect_findings(
        "01",
        &[
            ("adjustment_without_reason", "/projects/0/evaluation/execution/total/reason"),
            ("template_unfilled", "/projects/0/content"),
        ],
    );
}

/// Two Sichuan tables: 0.00 → 3.36 added mid-year without a reason. ✓ `≤ 30 万元` met by the word
/// 完成 (90 of 90 points), the first table's 90 visible points of 100 (partial), 10 × 100 % = 10.
#[test]
fn corpus_02_daying_sfj() {
    expect_findings("02", &[("adjustment_without_reason", "/projects/1/evaluation/execution/total/reason")]);
}

/// Narrative project report: 985 approved, 861.46 adjusted, 334.67 received; 50 of 985 carried over.
/// 15 projects stated, but 8 at year start + 8 added = 16 and no removal is stated (the 5 转列 are
/// inside both the 15 and the 8 added): a warning, as a dropped project would explain it.
/// ✓ 5 ≤ 15, 1 ≤ 8, 5 ≤ 8.
#[test]
fn corpus_03_honghe_sjfzzx() {
    expect_findings("03", &[("count_mismatch", "/portfolio/stated_project_count")]);
}

/// 03 names 13 halls before 等28个展区: a partial list is not counted against its count, but the same
/// list given as complete is.
#[test]
fn corpus_03_a_list_closed_by_deng_is_partial() {
    let (mut json, _) = corpus("03");
    json["projects"][0]["lists"][0]["completeness"] = Value::String("complete".into());
    let snapshot: Snapshot = serde_json::from_value(json).unwrap();
    let found = audit(&snapshot, None);
    let counted = found.iter().find(|f| f.pointers[0] == "/projects/0/lists/0/stated_count").expect("counted");
    assert_eq!((counted.stated.as_deref(), counted.recomputed.as_deref()), (Some("28"), Some("13")));
}

/// Narrative overall report. ✓ 15 + 1 + 1 = 17 units (含 1 + 1 ≤ 15); 43 + 7 + 276 = 326 编制;
/// 326 in post, no breakdown.
#[test]
fn corpus_04_baoshan_nyncj() {
    expect_findings("04", &[]);
}

/// Yueyang table: income by source and sub-unit. ✓ every row and column adds up; blanks are unknown
/// parts; 二级机构2 is a placeholder row.
#[test]
fn corpus_05_yueyang_rwhzx() {
    expect_findings("05", &[]);
}

/// Yueyang township: 185 in post against 128 编制 is shown, never a finding; the report is dated
/// 2021-12-31, the last day of the year it evaluates (a note). The blank 预算编码 gives nothing.
#[test]
fn corpus_06_yueyang_xinkai() {
    expect_findings("06", &[("report_date_implausible", "/header/report_date")]);
}

/// Project summary by spending area. ✓ each 100 % = spent/amount; the lists are partial where the
/// report says 等 or the excerpt cuts them; the same fund name in two areas is fine.
#[test]
fn corpus_07_huoqiu_jyj() {
    expect_findings("07", &[]);
}

/// The whole report: no score and no grade. ✓ 179.25 + 59.75 = 239; no rate stated, none checked.
#[test]
fn corpus_08_leiyang_sizhong() {
    expect_findings("08", &[("missing_part", "/projects/0/evaluation/stated_score")]);
}

/// Chongqing overall table: 政府采购执行率 72.74 % against 100 % with full points; 结转结余率 0 while
/// only 76 % of the budget was executed. ✓ 10 × 76 % = 7.6; 预算完成率 76 % = the block's 76 %;
/// 97.6 within the partial table's bounds [77.6, 97.6]; illegible targets not judged; every 得分 is
/// 权重 × 得分系数 100 %.
#[test]
fn corpus_09_kxc_rmtzx() {
    expect_findings(
        "09",
        &[
            ("full_points_despite_miss", "/self_evaluation/indicators/8/points"),
            ("indicator_contradicts_execution", "/self_evaluation/indicators/5/actual"),
        ],
    );
}

/// Transfer payment, a positive control: one total split three ways (a breakdown). ✓ 463142 +
/// 163455 + 44440 = 671037; 575218 + 95819 = 671037 with 8 binding tasks named; 9779 + 76850 + 600 +
/// 583808 = 671037; 33 indicators = 23 + 2 + 1 × 7 + 2 by type.
#[test]
fn corpus_10_zizhiqu_nyscfz() {
    expect_findings("10", &[]);
}

/// Central-transfer project: the claim 我市全部完成了預期指標任務 right before the 數量指標 at 2700 of
/// 3000 萬元 (90 %). ✓ Σ 8 payments = 2700; 使用率 and 完成率 2700/3000 = 90 %.
#[test]
fn corpus_11_zhalantun_nycyy() {
    expect_findings("11", &[("claim_contradicts_indicators", "/claims/0")]);
}

/// Basic data + scored indicators: 预算完成率 99.27 % is (2690.62 − 19.8) ÷ 2690.62 = 99.26 % by the
/// usual basis, and only 2690.62 ÷ (19.8 + 2690.62) = 99.27 % with the opening balance counted as
/// budget. ✓ 136/143 = 95.10 %; 三公 sums in all three columns; 1922.76 + 767.86 = 2690.62; 8 + 8 =
/// 16 twice; points by the printed rules (95.10 ≤ 100 → 8; 98.31 → 0; 99.27, less than one 5 % step
/// below 100 → 8); (63.46 − 32) ÷ 32 = 98.31 %, but 32 is no figure of the document, while 63.46 is
/// (its 2017 figure 29.08 would give 118.23 %): a note.
#[test]
fn corpus_12_unnamed() {
    expect_findings(
        "12",
        &[
            ("rate_basis_differs", "/self_evaluation/indicators/1/children/0/children/0/actual"),
            ("formula_base_not_in_document", "/self_evaluation/indicators/0/children/0/children/1/stated_formula/b"),
        ],
    );
}

/// Grade only (优秀), no score. ✓ 757.49 + 46.25 = 803.74. The one project with targets (46.00) is
/// below 项目支出 46.25: 0.25 not itemised.
#[test]
fn corpus_13_xuchang_hhsx() {
    expect_findings("13", &[("total_over_unknown_parts", "/funds/0/parts/1/year_start")]);
}

/// Final accounts: 98.45 + 1095.76 − 1193.35 = 0.86 万元, stated 5862.89 万元 and 5862.89 元 (the
/// same digits in two units). ✓ 73 + 2 + 2 + 5 = 82; 82 in post against 54 编制 is shown only.
#[test]
fn corpus_14_zhouqu_erbyey() {
    expect_findings(
        "14",
        &[
            ("balance_mismatch", "/balances/0/closing"),
            ("balance_mismatch", "/balances/1/closing"),
            ("unit_mix_up", "/balances/0/closing"),
        ],
    );
}

/// Every figure of every corpus document (and of the reference report) set to extreme values: what validation accepts, the
/// audit and the page take without a panic (no arithmetic overflows on a stored report).
#[test]
fn extreme_figures_are_refused_or_audited_without_a_panic() {
    fn leaves(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => map.iter().for_each(|(k, v)| leaves(v, format!("{at}/{k}"), out)),
            Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| leaves(v, format!("{at}/{i}"), out)),
            Value::String(s) if s.trim_end_matches(['元', '万', '亿']).parse::<f64>().is_ok() => out.push(at),
            _ => {}
        }
    }
    let mut audited = 0;
    for file in corpus_files().into_iter().chain(json_files("examples")) {
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let mut pointers = Vec::new();
        leaves(&json, String::new(), &mut pointers);
        for pointer in pointers {
            for extreme in ["0", "9999999999.999999", "79228162514264337593543950335", "0.000001"] {
                let mut broken = json.clone();
                *broken.pointer_mut(&pointer).unwrap() = Value::String(extreme.into());
                let Ok(snapshot) = disclose::service::parse_snapshot(broken.to_string().as_bytes()) else { continue };
                let result = std::panic::catch_unwind(|| audit(&snapshot, None));
                assert!(result.is_ok(), "{}: {pointer} = {extreme}", file.display());
                audited += 1;
            }
        }
    }
    assert!(audited > 500, "{audited}");
}
