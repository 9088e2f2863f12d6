//! Standard indicators (预算完成率, 结转结余率 …) against the execution figures, and rates that count
//! the opening balance as budget, on the corpus documents that show them (09, 12): each check fires
//! on a broken copy and stays silent on the intact one.

use disclose::analysis::{Finding, FindingKind, Severity};
use serde_json::{json, Value};

use super::common::{example, expect_finding, schema2, valid_findings};

fn corpus(file: &str) -> Value {
    serde_json::from_str(&example(&format!("corpus/{file}"))).unwrap()
}

/// 西部(重庆)科学城融媒体中心 2021: execution block 76 %, 预算完成率 76 %, 结转结余率 0.
fn chongqing() -> Value {
    corpus("09-kxc-rmtzx-2021.json")
}

/// 2018 basic data: budget 1922.76 + 767.86 = 2690.62, opening and closing balance 19.8,
/// 预算完成率 99.27 %.
fn unnamed() -> Value {
    corpus("12-unnamed-2018.json")
}

const COMPLETION_12: &str = "/self_evaluation/indicators/1/children/0/children/0";

fn of_kind(findings: &[Finding], kind: FindingKind) -> Vec<&Finding> {
    findings.iter().filter(|f| f.kind == kind).collect()
}

#[test]
fn a_completion_rate_that_is_not_the_blocks_rate() {
    let contradicts = |value: Value| {
        let findings = valid_findings(value);
        of_kind(&findings, FindingKind::IndicatorContradictsExecution)
            .into_iter()
            .filter(|f| f.pointers[0].as_str() == "/self_evaluation/indicators/3/actual")
            .cloned()
            .collect::<Vec<_>>()
    };
    assert!(contradicts(chongqing()).is_empty(), "76 % is the block's 76 %");
    // Printed to another precision: 75.6 shown as the block's whole 76 %, 76.0 as 76.
    for agreeing in ["75.6", "76.0"] {
        let mut copy = chongqing();
        copy["self_evaluation"]["indicators"][3]["actual"] = json!({"number": agreeing});
        assert!(contradicts(copy).is_empty(), "{agreeing}");
    }
    let mut broken = chongqing();
    broken["self_evaluation"]["indicators"][3]["actual"] = json!({"number": "80"});
    let found = contradicts(broken);
    let f = &found[0];
    assert_eq!(
        (f.severity, f.stated.as_deref(), f.recomputed.as_deref()),
        (Severity::Warning, Some("80%"), Some("76%"))
    );
    assert_eq!(f.pointers[1], "/self_evaluation/execution/total/stated_rates/0/value");
    assert_eq!(f.message_zh.as_deref(), Some("指标“预算完成率”完成值为80%，但“部门预算执行情况”的执行率为76%"));
    // Without the metric, a 预算完成率 row is just an indicator.
    let mut untagged = chongqing();
    untagged["self_evaluation"]["indicators"][3]["actual"] = json!({"number": "80"});
    untagged["self_evaluation"]["indicators"][3].as_object_mut().unwrap().remove("metric");
    assert!(contradicts(untagged).is_empty());
}

#[test]
fn a_completion_rate_against_the_blocks_amounts() {
    let table = |actual: &str| {
        schema2(json!({"self_evaluation": {"execution": {"total": {
                "label": "总额", "year_start": "238.93", "adjusted": "251.89", "executed": "226.70"}},
            "indicators": [{"name": "预算执行率", "metric": "budget_execution_rate", "unit": "%",
                "actual": {"number": actual}}]}}))
    };
    // 226.70 ÷ 251.89 = 89.999…% → 90.00 %.
    assert!(valid_findings(table("90.00")).is_empty());
    let findings = valid_findings(table("100"));
    let f =
        expect_finding(&findings, FindingKind::IndicatorContradictsExecution, "/self_evaluation/indicators/0/actual");
    assert_eq!(f.recomputed.as_deref(), Some("90%"));
    assert_eq!(
        &f.pointers[1..],
        ["/self_evaluation/execution/total/executed", "/self_evaluation/execution/total/adjusted"]
    );
}

#[test]
fn a_carry_over_rate_of_zero_beside_unexecuted_budget() {
    let findings = valid_findings(chongqing());
    let f =
        expect_finding(&findings, FindingKind::IndicatorContradictsExecution, "/self_evaluation/indicators/5/actual");
    assert_eq!(
        (f.severity, f.stated.as_deref(), f.recomputed.as_deref()),
        (Severity::Warning, Some("0%"), Some("24%"))
    );
    assert!(f.message_zh.as_deref().unwrap().contains("执行率仅为76%：24%的预算未执行"), "{f:?}");
    assert_eq!(of_kind(&findings, FindingKind::IndicatorContradictsExecution).len(), 1, "{findings:#?}");
    // All of the budget executed (10 × 100 % = 10 points): nothing to carry over.
    let mut executed = chongqing();
    executed["self_evaluation"]["execution"]["total"]["stated_rates"][0]["value"] = json!("100");
    executed["self_evaluation"]["execution"]["points"] = json!("10");
    executed["self_evaluation"]["stated_score"] = json!("100");
    executed["self_evaluation"]["indicators"][3]["actual"] = json!({"number": "100"});
    assert!(of_kind(&valid_findings(executed), FindingKind::IndicatorContradictsExecution).is_empty());
    // A carry-over rate that is not 0 says nothing against 76 %.
    let mut carried = chongqing();
    carried["self_evaluation"]["indicators"][5]["actual"] = json!({"number": "1.5"});
    assert!(of_kind(&valid_findings(carried), FindingKind::IndicatorContradictsExecution).is_empty());
}

/// The findings of `value` but the note on 12's 三公经费 formula (its base 32 is no figure of the
/// document), which every copy of 12 has (tests/it/checks_scoring.rs).
fn beside_the_formula_note(value: Value) -> Vec<Finding> {
    let findings = valid_findings(value);
    findings.into_iter().filter(|f| f.kind != FindingKind::FormulaBaseNotInDocument).collect()
}

#[test]
fn a_completion_rate_that_counts_the_opening_balance_as_budget() {
    let findings = beside_the_formula_note(unnamed());
    let f = expect_finding(&findings, FindingKind::RateBasisDiffers, &format!("{COMPLETION_12}/actual"));
    assert_eq!(
        (f.severity, f.stated.as_deref(), f.recomputed.as_deref()),
        (Severity::Info, Some("99.27%"), Some("99.27%"))
    );
    assert_eq!(
        f.message_zh.as_deref(),
        Some(
            "指标“预算完成率”的完成值为99.27%：按通常口径（预算数2690.62 − 年末结余19.8）÷ 预算数2690.62 = 99.26%；\
             报告数只能由（年初结余19.8 + 预算数2690.62 − 年末结余19.8） ÷（年初结余19.8 + 预算数2690.62） = 99.27%得出，\
             即把年初结余计入了预算"
        )
    );
    assert!(f.pointers.contains(&"/funds/4/opening_balance".parse().unwrap()));
    assert_eq!(findings.len(), 1, "{findings:#?}");
    // The usual basis' figure is no note; without balances there is nothing to say either way.
    let mut usual = unnamed();
    usual["self_evaluation"]["indicators"][1]["children"][0]["children"][0]["actual"] = json!({"number": "99.26"});
    assert!(beside_the_formula_note(usual).is_empty());
    let mut no_balances = unnamed();
    no_balances["funds"][4].as_object_mut().unwrap().remove("opening_balance");
    assert!(beside_the_formula_note(no_balances).is_empty());
}

#[test]
fn with_the_executed_amount_printed_neither_basis_may_contradict() {
    let with_executed = |executed: &str| {
        let mut copy = unnamed();
        copy["funds"][4]["executed"] = json!(executed);
        valid_findings(copy)
    };
    // 2690.62 ÷ (19.8 + 2690.62) = 99.27 %: still the opening balance counted as budget.
    let findings = with_executed("2690.62");
    expect_finding(&findings, FindingKind::RateBasisDiffers, &format!("{COMPLETION_12}/actual"));
    // 2600 ÷ 2690.62 = 96.63 %, 2600 ÷ 2710.42 = 95.93 %: 99.27 % is neither.
    let findings = with_executed("2600");
    let f = expect_finding(&findings, FindingKind::IndicatorContradictsExecution, &format!("{COMPLETION_12}/actual"));
    assert_eq!(f.recomputed.as_deref(), Some("96.63%"));
    assert!(of_kind(&findings, FindingKind::RateBasisDiffers).is_empty());
}

#[test]
fn a_stated_rate_on_a_line_that_counts_the_opening_balance() {
    let line = |executed: Option<&str>, rate: &str| {
        let mut line = json!({"label": "部门整体支出", "year_start": "1922.76", "adjusted": "2690.62",
            "opening_balance": "19.8", "closing_balance": "19.8",
            "stated_rates": [{"name": "预算完成率", "value": rate}]});
        if let Some(executed) = executed {
            line["executed"] = json!(executed);
        }
        valid_findings(schema2(json!({ "funds": [line] })))
    };
    let at = "/funds/0/stated_rates/0/value";
    for executed in [None, Some("2690.62")] {
        let findings = line(executed, "99.27");
        let f = expect_finding(&findings, FindingKind::RateBasisDiffers, at);
        assert!(f.message_zh.unwrap().starts_with("“部门整体支出”的预算完成率为99.27%"));
        assert_eq!(findings.len(), 1, "{findings:#?}");
    }
    // The usual basis: 2690.62 ÷ 2690.62 = 100 %.
    assert!(line(Some("2690.62"), "100.00").is_empty());
    // Neither basis: a rate mismatch, as without balances.
    let findings = line(Some("2690.62"), "98");
    expect_finding(&findings, FindingKind::RateMismatch, at);
    assert!(of_kind(&findings, FindingKind::RateBasisDiffers).is_empty());
}

#[test]
fn balances_on_a_line_add_up_and_are_validated_like_its_phases() {
    let table = |closing: &str| {
        schema2(json!({"funds": [{"label": "总额", "opening_balance": "19.8", "closing_balance": closing,
            "parts": [{"label": "局机关", "opening_balance": "12.3", "closing_balance": "10"},
                      {"label": "二级机构", "opening_balance": "7.5", "closing_balance": "9.8"}]}]}))
    };
    assert!(valid_findings(table("19.8")).is_empty());
    let findings = valid_findings(table("19.9"));
    let f = expect_finding(&findings, FindingKind::TotalMismatch, "/funds/0/closing_balance");
    assert!(f.message_zh.unwrap().contains("年末结余"));

    let snapshot: disclose::domain::Snapshot = serde_json::from_value(schema2(json!({"funds": [
        {"label": "……", "placeholder": true, "opening_balance": "1"},
        {"label": "总额", "closing_balance": "10000000001"}
    ]})))
    .unwrap();
    let refused: Vec<String> = disclose::domain::validate::validate(&snapshot)
        .unwrap_err()
        .into_iter()
        .map(|p| p.pointer.to_string())
        .collect();
    assert_eq!(refused, ["/funds/0/opening_balance", "/funds/1/closing_balance"]);
    let negative = schema2(json!({"funds": [{"label": "总额", "opening_balance": "-1"}]}));
    assert!(serde_json::from_value::<disclose::domain::Snapshot>(negative).is_err());
}
