//! How indicators are scored and totals split, on the corpus documents that show them (09, 10, 12):
//! 得分系数, the table's own scoring rules, the unit's own formula, the counts of indicators by type,
//! and one total split several ways. Each check fires on a broken copy and is silent on the intact one.

use disclose::analysis::{Finding, FindingKind, Severity};
use disclose::domain::validate::validate;
use disclose::domain::Snapshot;
use serde_json::{json, Value};

use super::common::{example, expect_finding, schema2, valid_findings};

fn corpus(file: &str) -> Value {
    serde_json::from_str(&example(&format!("corpus/{file}"))).unwrap()
}

/// 09: every indicator with 得分系数 100 % and full points.
fn chongqing() -> Value {
    corpus("09-kxc-rmtzx-2021.json")
}

/// 10: 671037 split by document, by task type and by agency; 33 indicators by type.
fn transfer() -> Value {
    corpus("10-zizhiqu-nyscfz-2021.json")
}

/// 12: deduction and band rules; (63.46-32)÷32=98.31%.
fn unnamed() -> Value {
    corpus("12-unnamed-2018.json")
}

const THREE_PUBLIC_12: &str = "/self_evaluation/indicators/0/children/0/children/1";
const CONTROL_12: &str = "/self_evaluation/indicators/1/children/0/children/1";

fn kinds(findings: &[Finding], kind: FindingKind) -> Vec<String> {
    findings.iter().filter(|f| f.kind == kind).map(|f| f.pointers[0].to_string()).collect()
}

/// Sets the member at `pointer` (its parent must be there).
fn set(value: &mut Value, pointer: &str, new: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    value.pointer_mut(parent).unwrap_or_else(|| panic!("{parent}"))[key] = new;
}

#[test]
fn points_that_are_not_weight_times_coefficient() {
    assert!(kinds(&valid_findings(chongqing()), FindingKind::CoefficientMismatch).is_empty());
    let mut broken = chongqing();
    set(&mut broken, "/self_evaluation/indicators/0/stated_coefficient", json!("50"));
    let f = expect_finding(
        &valid_findings(broken),
        FindingKind::CoefficientMismatch,
        "/self_evaluation/indicators/0/points",
    );
    assert_eq!((f.severity, f.stated.as_deref(), f.recomputed.as_deref()), (Severity::Error, Some("2"), Some("1")));
    assert_eq!(f.message_zh.as_deref(), Some("指标“财政供养人员控制率”：得分2，按权重2×得分系数50%应为1"));
    // At the points' printed precision: 2 × 76 % = 1.52 printed as 2 is rounding, not a mismatch.
    let mut rounded = chongqing();
    set(&mut rounded, "/self_evaluation/indicators/0/stated_coefficient", json!("76"));
    assert!(kinds(&valid_findings(rounded), FindingKind::CoefficientMismatch).is_empty());
}

#[test]
fn points_against_the_tables_own_rule() {
    assert!(kinds(&valid_findings(unnamed()), FindingKind::PointsRuleMismatch).is_empty(), "8, 0, 8 by the rules");
    let mut broken = unnamed();
    set(&mut broken, &format!("{THREE_PUBLIC_12}/actual"), json!({"number": "3"}));
    set(&mut broken, &format!("{THREE_PUBLIC_12}/stated_formula/result"), json!("3"));
    let findings = valid_findings(broken);
    let f = expect_finding(&findings, FindingKind::PointsRuleMismatch, &format!("{THREE_PUBLIC_12}/points"));
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("0"), Some("5.6")), "3 points over: 8 − 3 × 0.8");
    assert_eq!(
        f.message_zh.as_deref(),
        Some("指标“三公经费变动率”：得分0，完成值3按评分规则（以0为标准，每超过1扣0.8分，扣完为止）应得5.6分")
    );
    // Bands: 767.86 / 1922.76 = 39.94 % → 0 points; 2 points is the 20-30 % band's.
    let control = |points: &str| {
        let mut copy = unnamed();
        let indicator = copy.pointer_mut(CONTROL_12).unwrap();
        indicator["actual"] = json!({"number": "39.94"});
        indicator["points"] = json!(points);
        kinds(&valid_findings(copy), FindingKind::PointsRuleMismatch)
    };
    assert!(control("0").is_empty());
    assert_eq!(control("2"), [format!("{CONTROL_12}/points")]);
    // Whole or proportional steps: 94 % is one whole 5 % step (6) or 1.2 steps (5.6).
    for (points, fires) in [("6", false), ("5.6", false), ("8", true)] {
        let mut copy = unnamed();
        set(&mut copy, "/self_evaluation/indicators/1/children/0/children/0/actual", json!({"number": "94"}));
        set(&mut copy, "/self_evaluation/indicators/1/children/0/children/0/points", json!(points));
        assert_eq!(!kinds(&valid_findings(copy), FindingKind::PointsRuleMismatch).is_empty(), fires, "{points}");
    }
}

#[test]
fn the_units_own_formula() {
    let findings = valid_findings(unnamed());
    assert!(
        kinds(&findings, FindingKind::FormulaMismatch).is_empty(),
        "(63.46-32)÷32 = 98.3125 → 98.31; 136/143 → 95.10"
    );
    let f = expect_finding(
        &findings,
        FindingKind::FormulaBaseNotInDocument,
        &format!("{THREE_PUBLIC_12}/stated_formula/b"),
    );
    assert_eq!(
        (f.severity, f.stated.as_deref(), f.recomputed.as_deref()),
        (Severity::Info, Some("32"), Some("118.23%"))
    );
    assert_eq!(f.pointers[1], "/funds/0/year_start");
    assert_eq!(
        f.message_zh.as_deref(),
        Some("指标“三公经费变动率”的计算式“(63.46-32)÷32=98.31%”以32为基数，该数未见于报告所列金额，而63.46见于报告；以报告所列“三公经费”上年数29.08为基数则为118.23%")
    );
    let mut wrong = unnamed();
    set(&mut wrong, &format!("{THREE_PUBLIC_12}/stated_formula/result"), json!("98.32"));
    let f = expect_finding(
        &valid_findings(wrong),
        FindingKind::FormulaMismatch,
        &format!("{THREE_PUBLIC_12}/stated_formula/result"),
    );
    assert_eq!(
        (f.severity, f.stated.as_deref(), f.recomputed.as_deref()),
        (Severity::Error, Some("98.32%"), Some("98.31%"))
    );
    // With the table's own base, nothing to note.
    let mut own = unnamed();
    set(
        &mut own,
        &format!("{THREE_PUBLIC_12}/stated_formula"),
        json!({"text": "(63.46-29.08)÷29.08=118.23%", "kind": "change_rate", "a": "63.46", "b": "29.08", "result": "118.23"}),
    );
    let findings = valid_findings(own);
    assert!(kinds(&findings, FindingKind::FormulaBaseNotInDocument).is_empty());
    assert!(kinds(&findings, FindingKind::FormulaMismatch).is_empty());
}

#[test]
fn indicator_counts_by_type() {
    assert!(valid_findings(transfer()).is_empty(), "33 = 23 + 2 + 1 × 7 + 2; every partition adds up");
    let mut broken = transfer();
    set(&mut broken, "/self_evaluation/stated_indicator_counts/stated_total", json!(34));
    let f = expect_finding(
        &valid_findings(broken),
        FindingKind::CountMismatch,
        "/self_evaluation/stated_indicator_counts/stated_total",
    );
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("34"), Some("33")));
}

#[test]
fn each_partition_of_a_breakdown_against_the_total() {
    let mut broken = transfer();
    set(&mut broken, "/breakdowns/0/partitions/0/parts/1/amount", json!("163456"));
    let findings = valid_findings(broken);
    assert_eq!(
        kinds(&findings, FindingKind::TotalMismatch),
        ["/breakdowns/0/stated_total"],
        "only the split by document"
    );
    let f = &findings[0];
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("671037"), Some("671038")));
    assert_eq!(
        f.message_zh.as_deref(),
        Some("“2021年农业生产发展资金（按下达文件）”：报告为671037，各分项合计为671038")
    );
    // A part made of parts (the managers' split): its amount against them, and it in the partition.
    let mut nested = transfer();
    set(&mut nested, "/breakdowns/0/partitions/2/parts/1/amount", json!("77450"));
    assert!(valid_findings(nested.clone()).is_empty(), "76850 + 600");
    set(&mut nested, "/breakdowns/0/partitions/2/parts/1/amount", json!("77000"));
    let findings = valid_findings(nested);
    assert_eq!(
        kinds(&findings, FindingKind::TotalMismatch),
        ["/breakdowns/0/stated_total", "/breakdowns/0/partitions/2/parts/1/amount"]
    );
    // A partition given in part: less than the total is "at least"; more is a warning.
    let mut partial = transfer();
    set(&mut partial, "/breakdowns/0/partitions/0/completeness", json!("partial"));
    set(&mut partial, "/breakdowns/0/partitions/0/parts/1/amount", json!("1"));
    assert!(valid_findings(partial.clone()).is_empty());
    set(&mut partial, "/breakdowns/0/partitions/0/parts/1/amount", json!("200000"));
    let f = expect_finding(&valid_findings(partial), FindingKind::TotalMismatch, "/breakdowns/0/stated_total");
    assert_eq!(f.severity, Severity::Warning);
}

#[test]
fn counts_in_a_breakdown() {
    let mut broken = transfer();
    set(&mut broken, "/breakdowns/0/partitions/1/stated_count", json!(3));
    set(&mut broken, "/breakdowns/0/partitions/1/parts/0/items/stated_count", json!(9));
    let findings = valid_findings(broken);
    assert_eq!(
        kinds(&findings, FindingKind::CountMismatch),
        ["/breakdowns/0/partitions/1/stated_count", "/breakdowns/0/partitions/1/parts/0/items/stated_count"]
    );
}

/// The pointers of the problems validation finds in `value` (which must parse).
fn refused(value: Value) -> Vec<String> {
    let snapshot: Snapshot = serde_json::from_value(value).expect("a snapshot");
    validate(&snapshot).err().unwrap_or_default().into_iter().map(|p| p.pointer.to_string()).collect()
}

#[test]
fn what_cannot_be_printed_is_refused() {
    let indicator = |extra: Value| {
        let mut i = json!({"name": "预算完成率", "weight": "8"});
        for (key, value) in extra.as_object().unwrap() {
            i[key] = value.clone();
        }
        schema2(json!({"self_evaluation": {"indicators": [i]}}))
    };
    let at = "/self_evaluation/indicators/0";
    let rule = |r: Value| indicator(json!({"scoring_rule": r}));
    let cases: Vec<(&str, Value, Vec<String>)> = vec![
        (
            "a step of zero",
            rule(json!({"deduction": {"standard": "100", "direction": "below", "per": "0", "deduct": "2"}})),
            vec![format!("{at}/scoring_rule/deduction/per")],
        ),
        (
            "a band that holds nothing",
            rule(
                json!({"bands": [{"min": "10", "min_inclusive": true, "max": "5", "max_inclusive": true, "points": "1"}]}),
            ),
            vec![format!("{at}/scoring_rule/bands/0/min")],
        ),
        (
            "negative points in a band",
            rule(json!({"bands": [{"min": "0", "min_inclusive": true, "points": "-1"}]})),
            vec![format!("{at}/scoring_rule/bands/0/points")],
        ),
        (
            "a negative coefficient",
            indicator(json!({"stated_coefficient": "-100"})),
            vec![format!("{at}/stated_coefficient")],
        ),
        (
            "an empty formula",
            indicator(json!({"stated_formula": {"text": " ", "kind": "ratio", "a": "1", "b": "2", "result": "50"}})),
            vec![format!("{at}/stated_formula/text")],
        ),
        (
            "a negative ratio",
            indicator(json!({"stated_formula": {"text": "x", "kind": "ratio", "a": "1", "b": "2", "result": "-50"}})),
            vec![format!("{at}/stated_formula/result")],
        ),
        (
            "an empty part label",
            schema2(
                json!({"breakdowns": [{"label": "合计", "partitions": [{"by": "按项目", "parts": [{"label": ""}]}]}]}),
            ),
            vec!["/breakdowns/0/partitions/0/parts/0/label".into()],
        ),
    ];
    for (case, value, expected) in cases {
        assert_eq!(refused(value), expected, "{case}");
    }
    // A falling rate is a negative change; a breakdown needs schema 2.
    assert!(refused(indicator(
        json!({"stated_formula": {"text": "x", "kind": "change_rate", "a": "1", "b": "2", "result": "-50"}})
    ))
    .is_empty());
    let mut v1 = schema2(json!({"breakdowns": [{"label": "合计"}]}));
    for key in ["schema", "coverage"] {
        v1.as_object_mut().unwrap().remove(key);
    }
    assert_eq!(refused(v1), ["/breakdowns"]);
}
