//! The report's claims and project counts (issue 8, corpus 11 and 03): each check fires on a
//! broken copy and stays silent on the intact one; validation refuses only malformed claims.

use disclose::analysis::{FindingKind, Severity};
use disclose::domain::validate::validate;
use disclose::domain::Snapshot;
use serde_json::{json, Value};

use super::common::{example, expect_finding, schema2, valid_findings};

/// 扎兰屯 2022 (corpus 11) as encoded: the claim and the 數量指標 at 2700 of 3000 萬元.
fn zhalantun() -> Value {
    serde_json::from_str(&example("corpus/11-zhalantun-nycyy-2022.json")).unwrap()
}

const QUANTITY: &str = "/projects/0/evaluation/indicators/0/children/0";

#[test]
fn all_targets_met_against_a_missed_indicator() {
    let findings = valid_findings(zhalantun());
    let f = expect_finding(&findings, FindingKind::ClaimContradictsIndicators, "/claims/0");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.pointers, ["/claims/0", QUANTITY], "the claim, then the indicator");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("我市全部完成了預期指標任務"), Some("1项未达成")));
    let zh = f.message_zh.unwrap();
    assert!(zh.contains("目标≥3000萬元，完成2700萬元"), "{zh}");
    assert_eq!(findings.len(), 1, "{findings:#?}");

    // Intact: the target met, or nothing to judge it by: the claim stands.
    for actual in [json!({"number": "3000"}), json!("blank"), json!({"illegible": "27O0"})] {
        let mut intact = zhalantun();
        intact.pointer_mut(QUANTITY).unwrap()["actual"] = actual.clone();
        let findings = valid_findings(intact);
        assert!(findings.iter().all(|f| f.kind != FindingKind::ClaimContradictsIndicators), "{actual}: {findings:#?}");
    }
}

#[test]
fn a_miss_stated_in_words_and_an_overall_table_count_too() {
    let indicator = |name: &str, actual: Value| json!({"name": name, "comparator": "qualitative", "actual": actual});
    let snapshot = schema2(json!({
        "self_evaluation": {"indicators": [indicator("群众满意度", json!({"word": "满意"}))]},
        "projects": [{"name": "甲"}, {"name": "乙", "evaluation": {"indicators": [
            {"name": "产出指标", "children": [indicator("按时完工", json!({"word": "未完成"}))]}]}}],
        "claims": [{"text": "全部完成了年初设定的绩效目标", "kind": "all_targets_met"}]
    }));
    let findings = valid_findings(snapshot.clone());
    let f = expect_finding(&findings, FindingKind::ClaimContradictsIndicators, "/claims/0");
    assert_eq!(f.pointers, ["/claims/0", "/projects/1/evaluation/indicators/0/children/0"]);
    assert!(f.message_zh.unwrap().contains("“按时完工”完成情况为“未完成”"));

    let mut missed_overall = snapshot;
    missed_overall["self_evaluation"]["indicators"][0]["actual"] = json!({"word": "不满意"});
    let findings = valid_findings(missed_overall);
    let f = expect_finding(&findings, FindingKind::ClaimContradictsIndicators, "/claims/0");
    assert_eq!(f.pointers.len(), 3, "one finding per claim, every missed indicator in it");
    assert_eq!(f.pointers[1], "/self_evaluation/indicators/0");
}

/// 许昌 2022 (corpus 13) words: 完成率均达到100%, here beside stated rates.
fn rates(funds_rate: &str, block_rate: &str) -> Value {
    schema2(json!({
        "funds": [{"label": "部门预算", "adjusted": "803.74", "executed": "803.74",
                   "stated_rates": [{"name": "预算完成率", "value": funds_rate}],
                   "parts": [{"label": "项目支出", "stated_rates": [{"name": "执行率", "value": "100.00"}]}]}],
        "self_evaluation": {"execution": {"total": {"label": "总额",
            "stated_rates": [{"name": "执行率", "value": block_rate}]}}},
        "claims": [{"text": "完成率均达到100%", "kind": "all_rates_at", "value": "100"},
                   {"text": "部门目标实现率100%", "kind": "goal_achievement_rate", "value": "100"},
                   {"text": "整体绩效自评为优秀", "kind": "other"}]
    }))
}

#[test]
fn all_rates_at_against_a_lower_stated_rate() {
    let findings = valid_findings(rates("100", "100.00"));
    assert!(findings.iter().all(|f| f.kind != FindingKind::ClaimContradictsIndicators), "{findings:#?}");

    let findings = valid_findings(rates("100", "92.5"));
    let f = expect_finding(&findings, FindingKind::ClaimContradictsIndicators, "/claims/0");
    assert_eq!(f.pointers, ["/claims/0", "/self_evaluation/execution/total/stated_rates/0/value"]);
    assert_eq!(f.recomputed.as_deref(), Some("92.5%"));
    assert!(f.message_zh.unwrap().contains("“总额”执行率92.5%"));

    let mut low_part = rates("99.99", "100");
    low_part["funds"][0]["parts"][0]["stated_rates"][0]["value"] = json!("80");
    let findings = valid_findings(low_part);
    let f = expect_finding(&findings, FindingKind::ClaimContradictsIndicators, "/claims/0");
    assert_eq!(f.pointers[1..], ["/funds/0/stated_rates/0/value", "/funds/0/parts/0/stated_rates/0/value"]);
    assert_eq!(f.recomputed.as_deref(), Some("80%"), "the lowest rate");
    let claims: Vec<_> = findings.iter().filter(|f| f.kind == FindingKind::ClaimContradictsIndicators).collect();
    assert_eq!(claims.len(), 1, "a goal achievement rate and other claims are shown, not checked");
}

/// 红河州数据发展中心 2024 (corpus 03): 15 stated; 8 at year start, 8 added; 含 5, 1, 5.
fn honghe(extra: Value) -> Value {
    let mut portfolio = json!({"stated_project_count": 15, "at_year_start": 8, "added": 8, "includes": [
        {"label": "2023年转列暂付性款项项目", "count": 5},
        {"label": "年初结转结余项目", "count": 1, "of": "at_year_start"},
        {"label": "2023年转列暂付性款项项目", "count": 5, "of": "added"}]});
    for (key, value) in extra.as_object().unwrap() {
        portfolio[key] = value.clone();
    }
    schema2(json!({ "portfolio": portfolio }))
}

#[test]
fn start_plus_added_against_the_stated_total() {
    let findings = valid_findings(honghe(json!({})));
    let f = expect_finding(&findings, FindingKind::CountMismatch, "/portfolio/stated_project_count");
    assert_eq!(f.severity, Severity::Warning, "no removal stated: unknown, not zero");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("15"), Some("16")));
    assert_eq!(f.pointers, ["/portfolio/stated_project_count", "/portfolio/at_year_start", "/portfolio/added"]);
    assert!(f.message_zh.unwrap().contains("报告未说明取消了1个项目"));
    assert_eq!(findings.len(), 1, "every 含 subset is within its count: {findings:#?}");

    assert!(valid_findings(honghe(json!({"removed": 1}))).is_empty(), "8 + 8 − 1 = 15");
    assert!(valid_findings(honghe(json!({"stated_project_count": 16}))).is_empty(), "8 + 8 = 16");
    assert!(valid_findings(honghe(json!({"added": null}))).is_empty(), "added unknown: nothing to check");

    let findings = valid_findings(honghe(json!({"removed": 2})));
    let f = expect_finding(&findings, FindingKind::CountMismatch, "/portfolio/stated_project_count");
    assert_eq!((f.severity, f.recomputed.as_deref()), (Severity::Error, Some("14")));
    assert_eq!(f.pointers.last().unwrap(), "/portfolio/removed");

    let findings = valid_findings(honghe(json!({"stated_project_count": 17})));
    let f = expect_finding(&findings, FindingKind::CountMismatch, "/portfolio/stated_project_count");
    assert_eq!(f.severity, Severity::Error, "no removal explains more than start + added");
}

#[test]
fn a_subset_larger_than_its_count() {
    let mut broken = honghe(json!({"stated_project_count": 16}));
    broken["portfolio"]["includes"][2]["count"] = json!(9);
    let findings = valid_findings(broken);
    let f = expect_finding(&findings, FindingKind::PartExceedsWhole, "/portfolio/includes/2/count");
    assert_eq!(f.pointers[1], "/portfolio/added");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("9"), Some("≤ 8")));
    assert!(f.message_zh.unwrap().contains("年中增加项目共8个，其中所含“2023年转列暂付性款项项目”却有9个"));
    assert_eq!(findings.len(), 1, "{findings:#?}");

    let mut whole_unknown = honghe(json!({"stated_project_count": null}));
    whole_unknown["portfolio"]["includes"][0]["count"] = json!(99);
    assert!(valid_findings(whole_unknown).is_empty(), "a subset of a count not stated is not checked");
}

fn refused(value: Value) -> Vec<String> {
    let snapshot: Snapshot = serde_json::from_value(value).expect("a snapshot");
    validate(&snapshot).err().unwrap_or_default().into_iter().map(|p| p.pointer.to_string()).collect()
}

#[test]
fn malformed_claims_and_counts_are_refused_where_they_are() {
    let claim = |c: Value| schema2(json!({ "claims": [c] }));
    let cases = [
        (claim(json!({"text": " ", "kind": "other"})), "/claims/0/text"),
        (claim(json!({"text": "完成率均达到100%", "kind": "all_rates_at"})), "/claims/0/value"),
        (claim(json!({"text": "全部完成", "kind": "all_targets_met", "value": "100"})), "/claims/0/value"),
        (claim(json!({"text": "实现率", "kind": "goal_achievement_rate", "value": "-1"})), "/claims/0/value"),
        (honghe(json!({"includes": [{"label": "", "count": 1}]})), "/portfolio/includes/0/label"),
    ];
    for (value, pointer) in cases {
        assert_eq!(refused(value.clone()), [pointer], "{value}");
    }
    for member in ["claims", "portfolio"] {
        let mut schema1 = if member == "claims" {
            claim(json!({"text": "全部完成", "kind": "other"}))
        } else {
            honghe(json!({}))
        };
        schema1.as_object_mut().unwrap().remove("schema");
        schema1.as_object_mut().unwrap().remove("coverage");
        assert_eq!(refused(schema1), [format!("/{member}")], "{member} is a schema 2 member");
    }
    let unknown: Result<Snapshot, _> = serde_json::from_value(claim(json!({"text": "x", "kind": "all_done"})));
    assert!(unknown.is_err(), "a claim kind is one of the wire names");
}
