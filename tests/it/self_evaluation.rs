//! The typed self-evaluation table (schema 2): each check on an intact table built from the
//! figures of real reports (brief E, docs 01 and 09) and on a broken copy that fires it.

use disclose::analysis::{audit, progress, Achievement, Finding, FindingKind, Severity};
use disclose::domain::validate::validate;
use disclose::domain::{Pointer, Snapshot};
use serde_json::{json, Value};

/// 青神县发展和改革局 2023, project 工资性支出: a Sichuan project table with its execution block,
/// the budget adjusted 238.93 → 251.89 without the reason the template asks for, and the
/// template's prompts left in place.
fn doc01() -> Value {
    let leaf = |name: &str, weight: &str| {
        json!({"name": name, "comparator": "equal", "unit": "%", "target": {"number": "100"}, "actual": "blank",
               "weight": weight, "points": ""})
    };
    let rate = |value: &str| json!([{"name": "预算执行率", "value": value}]);
    json!({
        "schema": 2, "kind": "project", "coverage": "excerpt", "year": 2023,
        "unit": {"code": "qingshen-fgj", "name": "青神县发展和改革局"},
        "projects": [{
            "code": "51000021R000000019951", "name": "工资性支出", "content": {"unfilled": ""},
            "evaluation": {
                "title": "部门预算项目支出绩效自评表(2023年度)",
                "goal": "严格执行相关政策,减少结余资金。",
                "goal_achieved": {"unfilled": "对照年度目标,说明相关任务目标的完成情况(100字以内)"},
                "execution": {
                    "label": "预算执行情况(10分)",
                    "total": {"label": "总额", "year_start": "238.93", "adjusted": "251.89", "executed": "251.89",
                              "stated_rates": rate("100.00"),
                              "by_source": [
                                  {"label": "财政资金", "year_start": "238.93", "adjusted": "251.89", "executed": "251.89",
                                   "stated_rates": rate("100.00")},
                                  {"label": "财政专户管理资金", "year_start": "0.00", "adjusted": "0.00", "executed": "0.00",
                                   "stated_rates": rate("0.00")},
                                  {"label": "其他资金", "year_start": "", "adjusted": "", "executed": "",
                                   "stated_rates": rate("")}
                              ]},
                    "weight": "10", "points": "", "adjustment_needs_reason": true
                },
                "stated_indicator_weight": "90",
                "indicators": [
                    {"name": "产出指标", "children": [{"name": "数量指标", "children": [leaf("发放(缴纳)覆盖率", "60")]}]},
                    {"name": "效益指标", "children": [{"name": "社会效益指标", "children": [leaf("足额保障率(参保率)", "30")]}]}
                ],
                "stated_weight_total": "100",
                "conclusion": {"unfilled": "评价结论"},
                "problems": {"unfilled": "存在问题"},
                "measures": {"unfilled": "改进措施"}
            }
        }]
    })
}

/// 西部(重庆)科学城融媒体中心 2021: an overall table known in part (the excerpt stops after 公共
///服务), execution rate 76 % scored 7.6 of 10, the amounts illegible, score 97.6.
fn doc09() -> Value {
    let n = |v: &str| json!({"number": v});
    let w = |v: &str| json!({"word": v});
    let ill = |v: &str| json!({"illegible": v});
    let row = |name: &str, comparator: Option<&str>, target: Option<Value>, actual: Option<Value>, weight: &str| {
        let mut row = json!({"name": name, "weight": weight, "points": weight});
        if let Some(c) = comparator {
            row["comparator"] = json!(c);
        }
        if let Some(t) = target {
            row["target"] = t;
        }
        if let Some(a) = actual {
            row["actual"] = a;
        }
        row
    };
    let indicators = json!([
        row("财政供养人员控制率", Some("at_most"), Some(n("100")), Some(n("92")), "2"),
        row("三公经费变动率", None, None, None, "2"),
        row("基础信息完善", Some("at_least"), Some(n("100")), Some(n("100")), "1"),
        row("预算完成率", Some("at_least"), Some(n("70")), Some(n("76")), "2"),
        row("预算调整率", Some("at_most"), Some(n("3")), Some(n("0")), "2"),
        row("结转结余率", Some("at_most"), Some(n("2")), Some(n("0")), "2"),
        row("公用经费控制率", Some("at_most"), Some(n("100")), Some(n("97")), "2"),
        row("三公经费控制率", None, None, None, "2"),
        row("政府采购执行率", Some("at_least"), Some(n("100")), Some(n("72.74")), "2"),
        row("管理制度健全性", Some("qualitative"), Some(w("高")), Some(w("高")), "3"),
        row("资金使用合规性", Some("qualitative"), Some(w("好")), Some(w("好")), "5"),
        row("预决算信息公开性", Some("qualitative"), Some(w("高")), Some(w("高")), "1"),
        row("资产管理安全", Some("qualitative"), Some(w("好")), Some(w("好")), "2"),
        row("固定资产利用率", Some("at_least"), Some(n("90")), Some(n("100")), "2"),
        row("党性教育培训次数", Some("at_least"), Some(ill("26次")), Some(n("12")), "5"),
        row("组织宣传活动次数", Some("at_least"), Some(ill("到0次")), Some(n("43")), "10"),
        row("制作宣传品数量", Some("at_least"), Some(ill("第O份")), Some(n("20")), "5"),
        row("播发稿件数量", Some("at_least"), Some(ill("2200篇")), Some(n("2859")), "10"),
        row("业务保障能力提升", Some("at_least"), Some(n("90")), Some(n("95")), "10"),
    ]);
    json!({
        "schema": 2, "kind": "overall", "coverage": "excerpt", "year": 2021,
        "unit": {"code": "kxc-rmt", "name": "西部(重庆)科学城融媒体中心"},
        "self_evaluation": {
            "completeness": "partial",
            "execution": {
                "label": "部门预算执行情况",
                "total": {"label": "总额", "year_start": {"illegible": "O"}, "adjusted": {"illegible": "O"},
                          "executed": {"illegible": "O"}, "stated_rates": [{"name": "执行率", "value": "76"}]},
                "weight": "10", "points": "7.6", "rule": "proportional"
            },
            "indicators": indicators,
            "stated_score": "97.6"
        }
    })
}

/// The findings of the self-evaluation checks on `value` (after checking that it is a valid
/// snapshot); the parts a whole report must have are another check's business.
fn findings(value: &Value) -> Vec<Finding> {
    let snapshot: Snapshot = serde_json::from_value(value.clone()).expect("a snapshot");
    validate(&snapshot).unwrap_or_else(|problems| panic!("refused: {problems:#?}"));
    audit(&snapshot, None).into_iter().filter(|f| f.kind != FindingKind::MissingPart).collect()
}

fn broken(mut value: Value, change: impl FnOnce(&mut Value)) -> Vec<Finding> {
    change(&mut value);
    findings(&value)
}

/// The one finding of `kind` whose first pointer is `pointer`; every finding carries Chinese.
fn expect(findings: &[Finding], kind: FindingKind, pointer: &str) -> Finding {
    let found = findings
        .iter()
        .find(|f| f.kind == kind && f.pointers.first().map(Pointer::as_str) == Some(pointer))
        .unwrap_or_else(|| panic!("no {kind:?} at {pointer} in {findings:#?}"))
        .clone();
    assert!(found.message_zh.as_deref().is_some_and(|zh| !zh.is_empty()), "{found:#?}");
    found
}

fn kinds(findings: &[Finding]) -> Vec<FindingKind> {
    findings.iter().map(|f| f.kind).collect()
}

const P01: &str = "/projects/0/evaluation";

#[test]
fn doc01_gives_only_the_missing_adjustment_reason_and_the_unfilled_template() {
    let found = findings(&doc01());
    assert_eq!(kinds(&found), [FindingKind::AdjustmentWithoutReason, FindingKind::TemplateUnfilled], "{found:#?}");
    let f = expect(&found, FindingKind::AdjustmentWithoutReason, &format!("{P01}/execution/total/reason"));
    assert_eq!((f.severity, f.stated.as_deref()), (Severity::Warning, Some("238.93 → 251.89")));
    let f = expect(&found, FindingKind::TemplateUnfilled, "/projects/0/content");
    assert_eq!(f.severity, Severity::Info);
    let leaf = |i: usize| format!("{P01}/indicators/{i}/children/0/children/0");
    let mut expected = vec!["/projects/0/content".to_string(), format!("{P01}/goal_achieved")];
    expected.push(format!("{P01}/execution/points"));
    for i in 0..2 {
        expected.extend([format!("{}/actual", leaf(i)), format!("{}/points", leaf(i))]);
    }
    expected.extend(["conclusion", "problems", "measures"].map(|k| format!("{P01}/{k}")));
    assert_eq!(f.pointers.iter().map(|p| p.as_str().to_string()).collect::<Vec<_>>(), expected);
}

#[test]
fn an_adjustment_with_its_reason_or_in_a_template_that_does_not_ask_is_fine() {
    let given =
        broken(doc01(), |v| v["projects"][0]["evaluation"]["execution"]["total"]["reason"] = json!("追加人员经费"));
    assert!(!kinds(&given).contains(&FindingKind::AdjustmentWithoutReason), "{given:#?}");
    let unasked = broken(doc01(), |v| {
        v["projects"][0]["evaluation"]["execution"].as_object_mut().unwrap().remove("adjustment_needs_reason");
    });
    assert!(!kinds(&unasked).contains(&FindingKind::AdjustmentWithoutReason));
    let unfilled = broken(doc01(), |v| {
        v["projects"][0]["evaluation"]["execution"]["total"]["reason"] = json!({"unfilled": "说明调整理由"})
    });
    expect(&unfilled, FindingKind::AdjustmentWithoutReason, &format!("{P01}/execution/total/reason"));
}

#[test]
fn doc09_gives_only_full_points_on_the_missed_procurement_rate() {
    let found = findings(&doc09());
    assert_eq!(kinds(&found), [FindingKind::FullPointsDespiteMiss], "{found:#?}");
    let f = expect(&found, FindingKind::FullPointsDespiteMiss, "/self_evaluation/indicators/8/points");
    assert_eq!((f.severity, f.stated.as_deref()), (Severity::Warning, Some("2")));
    // Met, the miss is gone.
    let met = broken(doc09(), |v| v["self_evaluation"]["indicators"][8]["actual"] = json!({"number": "100"}));
    assert!(met.is_empty(), "{met:#?}");
    // A qualitative target the report itself says was missed.
    let low = broken(doc09(), |v| v["self_evaluation"]["indicators"][9]["actual"] = json!({"word": "低"}));
    expect(&low, FindingKind::FullPointsDespiteMiss, "/self_evaluation/indicators/9/points");
}

#[test]
fn a_stated_rate_of_100_on_figures_that_give_80_with_full_points() {
    // The case: 执行率 100 % stated, the table's own amounts give 80 %, full points.
    let found = broken(doc01(), |v| {
        let block = &mut v["projects"][0]["evaluation"]["execution"];
        block["total"]["executed"] = json!("201.51");
        block["points"] = json!("10");
        block["rule"] = json!("proportional");
    });
    let f = expect(&found, FindingKind::RateMismatch, &format!("{P01}/execution/total/stated_rates/0/value"));
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("100.00%"), Some("80.00%")));
    assert_eq!(f.pointers[1].as_str(), format!("{P01}/execution/total/executed"));
    assert_eq!(f.pointers[2].as_str(), format!("{P01}/execution/total/adjusted"));
    let f = expect(&found, FindingKind::PointsRuleMismatch, &format!("{P01}/execution/points"));
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref(), f.severity), (Some("10"), Some("8"), Severity::Error));
    // The same table scored by its figures: no finding on the block.
    let fine = broken(doc01(), |v| {
        let block = &mut v["projects"][0]["evaluation"]["execution"];
        block["total"]["executed"] = json!("201.51");
        block["total"]["stated_rates"][0]["value"] = json!("80.00");
        block["points"] = json!("8");
        block["rule"] = json!("proportional");
    });
    assert!(!kinds(&fine).iter().any(|k| matches!(k, FindingKind::RateMismatch | FindingKind::PointsRuleMismatch)));
}

#[test]
fn a_rate_on_nothing_budgeted() {
    // 0.00 / 0.00 printed 0.00 % is fine (doc01 intact); any other rate on it is not.
    let found = broken(doc01(), |v| {
        v["projects"][0]["evaluation"]["execution"]["total"]["by_source"][1]["stated_rates"][0]["value"] = json!("5.00")
    });
    let f =
        expect(&found, FindingKind::RateMismatch, &format!("{P01}/execution/total/by_source/1/stated_rates/0/value"));
    assert_eq!(f.recomputed.as_deref(), Some("0%"));
}

#[test]
fn execution_points_against_the_stated_rate_when_the_amounts_are_illegible() {
    let found = broken(doc09(), |v| v["self_evaluation"]["execution"]["points"] = json!("8.6"));
    let f = expect(&found, FindingKind::PointsRuleMismatch, "/self_evaluation/execution/points");
    assert_eq!(f.recomputed.as_deref(), Some("7.6"));
    assert!(f.pointers.iter().any(|p| p == "/self_evaluation/execution/total/stated_rates/0/value"));
    let above = broken(doc09(), |v| v["self_evaluation"]["execution"]["points"] = json!("11"));
    expect(&above, FindingKind::PointsAboveWeight, "/self_evaluation/execution/points");
}

#[test]
fn weights_against_the_total_row_the_heading_and_each_level() {
    let leaf = "/projects/0/evaluation/indicators/0/children/0/children/0";
    let found = broken(doc01(), |v| {
        v["projects"][0]["evaluation"]["indicators"][0]["children"][0]["children"][0]["weight"] = json!("50")
    });
    let f = expect(&found, FindingKind::WeightsMismatch, &format!("{P01}/stated_weight_total"));
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("100"), Some("90")));
    assert!(f.pointers.iter().any(|p| p.as_str() == format!("{leaf}/weight")));
    let f = expect(&found, FindingKind::WeightsMismatch, &format!("{P01}/stated_indicator_weight"));
    assert_eq!(f.recomputed.as_deref(), Some("80"));
    // A level's printed weight (产出指标(60分)) against its children.
    let level = |weight: &str| {
        broken(doc01(), |v| v["projects"][0]["evaluation"]["indicators"][0]["stated_weight"] = json!(weight))
    };
    assert!(!kinds(&level("60")).contains(&FindingKind::WeightsMismatch));
    expect(&level("65"), FindingKind::WeightsMismatch, &format!("{P01}/indicators/0/stated_weight"));
    // Full marks, when stated, against level one plus the execution block.
    let full = broken(doc01(), |v| v["projects"][0]["evaluation"]["full_marks"] = json!("120"));
    let f = expect(&full, FindingKind::WeightsMismatch, &format!("{P01}/full_marks"));
    assert_eq!(f.recomputed.as_deref(), Some("100"));
}

#[test]
fn points_against_the_score_and_each_level() {
    let scored = |v: &mut Value| {
        let e = &mut v["projects"][0]["evaluation"];
        e["execution"]["points"] = json!("10");
        for i in 0..2 {
            let leaf = &mut e["indicators"][i]["children"][0]["children"][0];
            leaf["actual"] = json!({"number": "100"});
            leaf["points"] = leaf["weight"].clone();
        }
        e["stated_score"] = json!("100");
    };
    let fine = broken(doc01(), scored);
    assert!(!kinds(&fine).contains(&FindingKind::PointsDoNotAddUp), "{fine:#?}");
    let found = broken(doc01(), |v| {
        scored(v);
        v["projects"][0]["evaluation"]["stated_score"] = json!("95");
    });
    let f = expect(&found, FindingKind::PointsDoNotAddUp, &format!("{P01}/stated_score"));
    assert_eq!((f.recomputed.as_deref(), f.severity), (Some("100"), Severity::Error));
    let found = broken(doc01(), |v| {
        scored(v);
        v["projects"][0]["evaluation"]["indicators"][0]["stated_points"] = json!("55");
    });
    expect(&found, FindingKind::PointsDoNotAddUp, &format!("{P01}/indicators/0/stated_points"));
    let found = broken(doc01(), |v| {
        scored(v);
        v["projects"][0]["evaluation"]["stated_score"] = json!("101");
    });
    expect(&found, FindingKind::ScoreAboveFullMarks, &format!("{P01}/stated_score"));
}

#[test]
fn a_partial_table_gives_at_least_sums_never_an_error() {
    // doc09 intact: 80 of 100 weights visible, score 97.6 = 77.6 visible points + 20 not shown.
    assert!(findings(&doc09()).iter().all(|f| f.kind == FindingKind::FullPointsDespiteMiss));
    let over = broken(doc09(), |v| v["self_evaluation"]["stated_score"] = json!("98"));
    let f = expect(&over, FindingKind::PointsDoNotAddUp, "/self_evaluation/stated_score");
    assert_eq!((f.severity, f.recomputed.as_deref()), (Severity::Warning, Some("≤ 97.6")));
    let under = broken(doc09(), |v| v["self_evaluation"]["stated_score"] = json!("70"));
    let f = expect(&under, FindingKind::PointsDoNotAddUp, "/self_evaluation/stated_score");
    assert_eq!((f.severity, f.recomputed.as_deref()), (Severity::Warning, Some("≥ 77.6")));
    // Visible weights above full marks: at least that much, a warning.
    let heavy = broken(doc09(), |v| {
        v["self_evaluation"]["indicators"][17]["weight"] = json!("40");
        v["self_evaluation"]["indicators"][17]["points"] = json!("40");
        v["self_evaluation"]["stated_score"] = json!("100");
    });
    let f = expect(&heavy, FindingKind::WeightsMismatch, "/self_evaluation/indicators");
    assert_eq!((f.severity, f.recomputed.as_deref()), (Severity::Warning, Some("≥ 110")));
    assert!(heavy.iter().all(|f| f.severity != Severity::Error), "{heavy:#?}");
}

#[test]
fn unknown_cells_are_unknown_parts_not_zero() {
    // A slashed weight: the others (70 + 10 - 2) are at most full marks, so nothing to say.
    let slashed = broken(doc09(), |v| {
        v["self_evaluation"]["completeness"] = json!("complete");
        v["self_evaluation"]["indicators"][0]["weight"] = json!("/");
        v["self_evaluation"]["indicators"][0]["points"] = json!({"illegible": "2?"});
        v["self_evaluation"]["stated_score"] = json!("75");
    });
    assert!(!kinds(&slashed).iter().any(|k| matches!(k, FindingKind::WeightsMismatch)), "{slashed:#?}");
    // … but known points above the score are wrong whatever the unknown ones are.
    let f = expect(&slashed, FindingKind::PointsDoNotAddUp, "/self_evaluation/stated_score");
    assert_eq!((f.severity, f.recomputed.as_deref()), (Severity::Error, Some("≥ 75.6")));
}

#[test]
fn points_above_an_indicators_weight() {
    let found = broken(doc09(), |v| v["self_evaluation"]["indicators"][0]["points"] = json!("3"));
    let f = expect(&found, FindingKind::PointsAboveWeight, "/self_evaluation/indicators/0/points");
    assert_eq!(f.recomputed.as_deref(), Some("≤ 2"));
}

#[test]
fn a_missed_target_without_reason_where_the_table_asks_for_one() {
    let asked = broken(doc09(), |v| v["self_evaluation"]["has_reason_column"] = json!(true));
    expect(&asked, FindingKind::MissingDeviationReason, "/self_evaluation/indicators/8/deviation_reason");
    let unfilled =
        broken(doc09(), |v| v["self_evaluation"]["indicators"][8]["deviation_reason"] = json!({"unfilled": ""}));
    expect(&unfilled, FindingKind::MissingDeviationReason, "/self_evaluation/indicators/8/deviation_reason");
    let given = broken(doc09(), |v| {
        v["self_evaluation"]["has_reason_column"] = json!(true);
        v["self_evaluation"]["indicators"][8]["deviation_reason"] = json!("部分采购项目跨年度实施");
    });
    assert!(!kinds(&given).contains(&FindingKind::MissingDeviationReason));
}

#[test]
fn what_cannot_be_a_real_table_is_refused() {
    let refused = |change: fn(&mut Value), pointer: &str| {
        let mut v = doc09();
        change(&mut v);
        let snapshot: Snapshot = serde_json::from_value(v).unwrap();
        let problems = validate(&snapshot).expect_err("refused");
        assert!(problems.iter().any(|p| p.pointer == pointer), "{pointer}: {problems:#?}");
    };
    refused(|v| v["self_evaluation"]["indicators"][0]["weight"] = json!("-2"), "/self_evaluation/indicators/0/weight");
    refused(|v| v["self_evaluation"]["stated_score"] = json!("97.6000001"), "/self_evaluation/stated_score");
    refused(
        |v| v["self_evaluation"]["indicators"][0]["name"] = json!("<b>x</b>"),
        "/self_evaluation/indicators/0/name",
    );
    refused(
        |v| v["self_evaluation"]["indicators"][0]["target"] = json!({"range": {"min": "100", "max": "90"}}),
        "/self_evaluation/indicators/0/target/range/min",
    );
    refused(
        |v| v["self_evaluation"]["indicators"][1] = json!({"name": "……", "placeholder": true, "weight": "2"}),
        "/self_evaluation/indicators/1/weight",
    );
    refused(|v| v["self_evaluation"]["full_marks"] = json!("0"), "/self_evaluation/full_marks");
    refused(
        |v| {
            let mut deep = json!({"name": "十级"});
            for level in 0..9 {
                deep = json!({"name": format!("第{level}级"), "children": [deep]});
            }
            v["self_evaluation"]["indicators"] = json!([deep]);
        },
        "/self_evaluation/indicators/0/children/0/children/0/children/0/children/0/children/0/children/0/children/0/children/0/children",
    );
    // A placeholder row without figures is a real template's row, and nine levels are fine.
    let mut v = doc09();
    v["self_evaluation"]["indicators"][1] = json!({"name": "……", "placeholder": true});
    v["self_evaluation"]["indicators"][0]["weight"] = json!("1.123456");
    findings(&v);
}

#[test]
fn the_targets_view_judges_the_indicators_as_the_audit_does() {
    let snapshot: Snapshot = serde_json::from_value(doc09()).unwrap();
    let report = progress("kxc-rmt", [&snapshot], 2021);
    let by_label = |label: &str| report.indicators.iter().find(|i| i.label == label).unwrap();
    assert_eq!(report.indicators.len(), 19);
    assert_eq!(by_label("政府采购执行率").achievement, Achievement::Missed);
    assert_eq!(by_label("政府采购执行率").pointer, "/self_evaluation/indicators/8");
    assert_eq!(by_label("预算调整率").achievement, Achievement::Met, "≤3% met by 0");
    assert_eq!(by_label("管理制度健全性").achievement, Achievement::MetAsStated);
    assert_eq!(by_label("播发稿件数量").achievement, Achievement::NotJudgeable);
    assert_eq!(by_label("三公经费变动率").achievement, Achievement::NotFilled);
    let project: Snapshot = serde_json::from_value(doc01()).unwrap();
    let report = progress("qingshen-fgj", [&project], 2023);
    let first = &report.indicators[0];
    assert_eq!(
        (first.levels.as_slice(), first.label.as_str()),
        (&["产出指标".to_string(), "数量指标".to_string()][..], "发放(缴纳)覆盖率")
    );
    assert_eq!(first.achievement, Achievement::NotFilled);
    assert_eq!(first.pointer, "/projects/0/evaluation/indicators/0/children/0/children/0");
}
