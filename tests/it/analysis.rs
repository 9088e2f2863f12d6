//! The analysis on the reference report: pure functions over the example snapshots.

use disclose::analysis::{compare, execution, progress, Finding, FindingKind, Severity, TargetStatus};
use disclose::domain::{Pointer, Snapshot};
use rust_decimal_macros::dec;
use serde_json::{json, Value};

use super::common::example;

fn load(name: &str) -> Value {
    serde_json::from_str(&example(name)).unwrap()
}

fn snapshot(value: Value) -> Snapshot {
    serde_json::from_value(value).unwrap()
}

fn y2020() -> Snapshot {
    snapshot(load("quwo-2020.json"))
}

fn y2021() -> Snapshot {
    snapshot(load("quwo-2021.json"))
}

/// The audit, as every test here runs it: each finding of every broken copy must also say what
/// it found in Chinese, as the public site shows it.
fn audit(snapshot: &Snapshot, prior: Option<&Snapshot>) -> Vec<Finding> {
    let findings = disclose::analysis::audit(snapshot, prior);
    for f in &findings {
        let zh = f.message_zh.as_deref().unwrap_or_else(|| panic!("no Chinese message: {f:#?}"));
        assert!(!zh.is_empty() && !zh.is_ascii(), "{f:#?}");
    }
    findings
}

#[test]
fn the_reference_2021_report_has_no_finding() {
    let findings = audit(&y2021(), Some(&y2020()));
    assert!(findings.is_empty(), "{findings:#?}");
}

/// The findings on a copy of the 2021 report changed by `change` (with the 2020 report stored).
fn findings_after(change: impl FnOnce(&mut Value)) -> Vec<Finding> {
    let mut value = load("quwo-2021.json");
    change(&mut value);
    audit(&snapshot(value), Some(&y2020()))
}

/// Asserts that a finding of `kind` names `pointer` first, and returns it.
fn expect(findings: &[Finding], kind: FindingKind, pointer: &str) -> Finding {
    findings
        .iter()
        .find(|f| f.kind == kind && f.pointers.first().map(Pointer::as_str) == Some(pointer))
        .unwrap_or_else(|| panic!("no {kind:?} at {pointer} in {findings:#?}"))
        .clone()
}

#[test]
fn a_column_total_that_does_not_add_up() {
    let findings = findings_after(|v| v["expenditure"]["table"]["stated_totals"]["basic"] = json!("423.73"));
    expect(&findings, FindingKind::TotalMismatch, "/expenditure/table/stated_totals/basic");
    // Against its column (and, separately, against the budget's basic expenditure line).
    let f = findings
        .iter()
        .find(|f| f.pointers.iter().any(|p| p == "/expenditure/table/rows/0/amounts/basic"))
        .expect("a finding naming the column's cells");
    assert_eq!(
        (f.stated.as_deref(), f.recomputed.as_deref(), f.severity),
        (Some("423.73"), Some("423.72"), Severity::Error)
    );
}

#[test]
fn a_fund_split_that_does_not_add_up() {
    let findings = findings_after(|v| v["expenditure"]["general_public_budget"]["project"] = json!("927.67"));
    let f = expect(&findings, FindingKind::TotalMismatch, "/expenditure/general_public_budget/total");
    assert_eq!(f.recomputed.as_deref(), Some("1351.39"));
}

#[test]
fn a_shared_estimate_is_counted_once() {
    // Giving the second 超低排放 row its own 150000 instead of sharing row 1's cell double-counts.
    let findings = findings_after(|v| {
        let row = &mut v["key_projects"]["categories"][0]["groups"][0]["projects"][1];
        row.as_object_mut().unwrap().remove("shares_estimate_of");
        row["estimate"] = json!("150000");
    });
    let f = expect(&findings, FindingKind::TotalMismatch, "/key_projects/categories/0/groups/0/stated_total");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("151000"), Some("301000")));
    expect(&findings, FindingKind::TotalMismatch, "/key_projects/stated_total");
}

#[test]
fn a_total_over_unknown_parts_is_at_least_not_wrong() {
    // Table 4-4 has one "/" row: a 合计 above the known 10000 may include it.
    let findings = findings_after(|v| v["key_projects"]["categories"][0]["groups"][2]["stated_total"] = json!("12000"));
    let f = expect(&findings, FindingKind::TotalOverUnknownParts, "/key_projects/categories/0/groups/2/stated_total");
    assert_eq!((f.severity, f.recomputed.as_deref()), (Severity::Info, Some("≥ 10000")));
    // Below the known parts it is wrong whatever the unknowns are.
    let findings = findings_after(|v| v["key_projects"]["categories"][0]["groups"][2]["stated_total"] = json!("9000"));
    expect(&findings, FindingKind::TotalMismatch, "/key_projects/categories/0/groups/2/stated_total");
}

#[test]
fn an_of_which_line_larger_than_its_whole() {
    let findings = findings_after(|v| v["budget"]["lines"][3]["amount"] = json!("1600"));
    expect(&findings, FindingKind::PartExceedsWhole, "/budget/lines/3/amount");
}

#[test]
fn a_stated_change_that_does_not_follow_from_its_figures() {
    let findings = findings_after(|v| v["budget"]["lines"][0]["stated_change"]["amount"] = json!("827.39"));
    let f = expect(&findings, FindingKind::ChangeMismatch, "/budget/lines/0/stated_change/amount");
    assert_eq!(f.recomputed.as_deref(), Some("827.93"));
    let findings =
        findings_after(|v| v["final_accounts"]["income"]["lines"][0]["stated_difference"]["amount"] = json!("328.5"));
    expect(&findings, FindingKind::ChangeMismatch, "/final_accounts/income/lines/0/stated_difference/amount");
}

#[test]
fn a_direction_word_that_contradicts_the_figures() {
    let findings = findings_after(|v| v["budget"]["lines"][0]["stated_change"]["direction"] = json!("increase"));
    let f = expect(&findings, FindingKind::DirectionMismatch, "/budget/lines/0/stated_change/direction");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("increase"), Some("decrease")));
}

#[test]
fn a_percentage_beyond_the_reports_rounding() {
    // 34.87 % printed as a whole number is 35 %: 36 % is wrong, and so is 34.86 % printed to 2 decimals.
    for stated in ["36", "34.86"] {
        let findings = findings_after(|v| v["budget"]["lines"][0]["stated_change"]["percent"] = json!(stated));
        let f = expect(&findings, FindingKind::PercentMismatch, "/budget/lines/0/stated_change/percent");
        assert_eq!(f.recomputed.as_deref(), Some("34.87%"));
    }
    let findings = findings_after(|v| v["budget"]["lines"][0]["stated_change"]["percent"] = json!("36"));
    let f = expect(&findings, FindingKind::PercentMismatch, "/budget/lines/0/stated_change/percent");
    assert_eq!(
        f.message_zh.as_deref(),
        Some("预算项目“收入预算”：报告所列增减比例为36%，按报告数字复核为34.87%（按报告的0位小数取整为35%）")
    );
    assert!(findings_after(|v| v["budget"]["lines"][0]["stated_change"]["percent"] = json!("34.9")).is_empty());
}

#[test]
fn counts_that_differ_from_the_items_listed() {
    let findings = findings_after(|v| v["key_projects"]["stated_project_count"] = json!(54));
    let f = expect(&findings, FindingKind::CountMismatch, "/key_projects/stated_project_count");
    assert_eq!(f.recomputed.as_deref(), Some("53"));
    let findings = findings_after(|v| v["profile"]["stated_staff_total"] = json!(146));
    let f = expect(&findings, FindingKind::CountMismatch, "/profile/stated_staff_total");
    assert!(f.message.contains("8 + ") && f.message.ends_with("= 145"), "{}", f.message);
    let findings = findings_after(|v| v["key_projects"]["categories"][3]["stated_project_count"] = json!(17));
    expect(&findings, FindingKind::CountMismatch, "/key_projects/categories/3/stated_project_count");
}

#[test]
fn a_gap_in_the_numbering_of_the_18_groups() {
    let findings = findings_after(|v| v["key_projects"]["categories"][0]["groups"][1]["number"] = json!(20));
    expect(&findings, FindingKind::NumberingGap, "/key_projects/categories");
}

#[test]
fn a_grade_that_is_not_the_band_of_the_score() {
    let findings = findings_after(|v| v["evaluation"]["stated_grade"] = json!("良"));
    let f = expect(&findings, FindingKind::GradeMismatch, "/evaluation/stated_grade");
    assert_eq!(f.recomputed.as_deref(), Some("优秀"));
    // Without bands of its own the report is judged by the national bands: 88 is 良 there.
    let findings = findings_after(|v| {
        v["evaluation"].as_object_mut().unwrap().remove("grade_bands");
        v["evaluation"]["score"] = json!("88");
    });
    let f = expect(&findings, FindingKind::GradeMismatch, "/evaluation/stated_grade");
    assert_eq!(f.recomputed.as_deref(), Some("良"));
}

#[test]
fn weights_that_do_not_sum_to_full_marks() {
    let findings = findings_after(|v| v["evaluation"]["indicator_groups"][0]["points"] = json!("14"));
    let f = expect(&findings, FindingKind::WeightsMismatch, "/evaluation/indicator_groups/0/points");
    assert_eq!(f.recomputed.as_deref(), Some("101"));
}

#[test]
fn a_score_above_full_marks() {
    let findings = findings_after(|v| v["evaluation"]["score"] = json!("101"));
    let f = expect(&findings, FindingKind::ScoreAboveFullMarks, "/evaluation/score");
    assert_eq!((f.recomputed.as_deref(), f.severity), (Some("≤ 100"), Severity::Error));
}

fn with_self_evaluation_rows(rows: Value) -> Vec<Finding> {
    findings_after(|v| v["attachments"][0]["rows"] = rows)
}

fn row(weight: &str, score: &str, met: bool, reason: Option<&str>) -> Value {
    let mut row = json!({"indicator": ["产出", "重点工作完成率"], "weight": weight, "target": "100%", "actual": "90%", "target_met": met, "score": score});
    if let Some(reason) = reason {
        row["deviation_reason"] = json!(reason);
    }
    row
}

#[test]
fn self_evaluation_weights_that_do_not_share_out_full_marks() {
    let findings = with_self_evaluation_rows(json!([row("50", "45", true, None), row("40", "46.25", true, None)]));
    let f = expect(&findings, FindingKind::WeightsMismatch, "/attachments/0/rows/0/weight");
    assert_eq!(f.recomputed.as_deref(), Some("90"));
}

#[test]
fn grade_names_of_other_rules_are_the_same_grade() {
    // 优秀 under the national bands (优/良/中/差) names 优.
    let findings = findings_after(|v| {
        v["evaluation"].as_object_mut().unwrap().remove("grade_bands");
        v["evaluation"]["stated_grade"] = json!("优秀");
    });
    assert!(findings.is_empty(), "{findings:#?}");
    // 一般 and 中 are the same grade: a score of 65 stated as 中 against bands that say 一般.
    let findings = findings_after(|v| {
        v["evaluation"]["score"] = json!("65");
        v["evaluation"]["stated_grade"] = json!("中");
    });
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn basic_and_project_budget_lines_make_up_the_expenditure() {
    let findings = findings_after(|v| {
        let lines = v["budget"]["lines"].as_array_mut().unwrap();
        lines.push(
            json!({"item": "project_expenditure", "label": "其中：项目支出", "phase": "year_start", "amount": "1100"}),
        );
    });
    let f = expect(&findings, FindingKind::TotalMismatch, "/budget/lines/2/amount");
    assert_eq!(f.recomputed.as_deref(), Some("1523.72"));
}

#[test]
fn self_evaluation_full_points_for_a_missed_target() {
    let findings =
        with_self_evaluation_rows(json!([row("50", "50", false, Some("疫情影响")), row("50", "41.25", true, None)]));
    expect(&findings, FindingKind::FullPointsDespiteMiss, "/attachments/0/rows/0/score");
}

#[test]
fn self_evaluation_a_missed_target_without_reason() {
    let findings = with_self_evaluation_rows(json!([row("50", "45", false, None), row("50", "46.25", true, None)]));
    expect(&findings, FindingKind::MissingDeviationReason, "/attachments/0/rows/0/deviation_reason");
}

#[test]
fn self_evaluation_points_above_the_weight() {
    let findings = with_self_evaluation_rows(json!([row("40", "45", true, None), row("60", "46.25", true, None)]));
    expect(&findings, FindingKind::PointsAboveWeight, "/attachments/0/rows/0/score");
}

#[test]
fn self_evaluation_points_that_do_not_add_up_to_the_score() {
    let findings = with_self_evaluation_rows(json!([row("50", "45", true, None), row("50", "45", true, None)]));
    let f = expect(&findings, FindingKind::PointsDoNotAddUp, "/evaluation/score");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("91.25"), Some("90")));
    // Rows that add up to 91.25 raise nothing.
    assert!(with_self_evaluation_rows(json!([row("50", "45", true, None), row("50", "46.25", true, None)])).is_empty());
}

#[test]
fn a_disclosure_missing_a_required_part() {
    let findings = findings_after(|v| {
        v.as_object_mut().unwrap().remove("final_accounts");
        v.as_object_mut().unwrap().remove("problems");
    });
    expect(&findings, FindingKind::MissingPart, "/final_accounts");
    expect(&findings, FindingKind::MissingPart, "/problems");
    // The partial 2020 snapshot is honest about what it lacks.
    // The partial 2020 snapshot, which declares its source, is told what it lacks, not warned.
    let partial = audit(&y2020(), None);
    let pointers: Vec<_> = partial.iter().map(|f| f.pointers[0].clone()).collect();
    assert_eq!(pointers, ["/final_accounts", "/goals", "/evaluation/score", "/problems", "/recommendations"]);
    assert!(partial.iter().all(|f| f.severity == Severity::Info));
}

#[test]
fn a_prior_year_figure_that_differs_from_the_stored_year() {
    let mut stored = load("quwo-2020.json");
    stored["budget"]["lines"][0]["amount"] = json!("2374.00");
    let findings = audit(&y2021(), Some(&snapshot(stored)));
    let f = expect(&findings, FindingKind::PriorYearMismatch, "/budget/lines/0/prior_year_amount");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("2374.32"), Some("2374")));
}

#[test]
fn a_measured_change_against_the_stored_prior_year() {
    // 2021 states the air index fell 12.5 % to 5.02.
    let prior = |index: &str| {
        let mut v = load("quwo-2020.json");
        v["results"] = json!({"measurements": [{"metric": "air-composite-index", "label": "大气环境综合指数", "value": {"number": index}}]});
        snapshot(v)
    };
    assert!(audit(&y2021(), Some(&prior("5.737"))).is_empty(), "5.737 -> 5.02 is -12.50 %");
    let findings = audit(&y2021(), Some(&prior("5.80")));
    let f = findings.iter().find(|f| f.kind == FindingKind::PercentMismatch).expect("a percent finding");
    assert_eq!(f.recomputed.as_deref(), Some("13.45%"));
}

#[test]
fn comparing_2020_with_2021() {
    let comparison = compare(2020, Some(&y2020()), &y2021());
    let line = |key: &str| comparison.lines.iter().find(|l| l.key == key).unwrap_or_else(|| panic!("no line {key}"));
    let income = line("budget/income");
    assert_eq!(
        (income.from, income.to, income.change, income.percent_change),
        (Some(dec!(2374.32)), Some(dec!(1546.39)), Some(dec!(-827.93)), Some(dec!(-34.87)))
    );
    assert_eq!(serde_json::to_value(income.direction).unwrap(), "decrease");
    let basic = line("budget/basic_expenditure");
    assert_eq!((basic.change, basic.percent_change), (Some(dec!(141.13)), Some(dec!(49.94))));
    let project = line("budget/project_expenditure");
    assert_eq!((project.from, project.to), (Some(dec!(2091.73)), Some(dec!(1122.67))));
    assert_eq!(serde_json::to_value(project.from_source).unwrap(), "derived");
    // 2020 has no score: the line says so instead of inventing a zero.
    let score = line("evaluation/score");
    assert_eq!((score.from, score.to, score.change), (None, Some(dec!(91.25)), None));
    assert_eq!(serde_json::to_value(score.availability).unwrap(), "only_to");
    assert!(comparison.lines.iter().all(|l| l.restatement.is_none()));
}

#[test]
fn the_later_reports_prior_year_column_fills_in_and_flags_restatements() {
    // Without a stored 2020 snapshot the 2021 report's prior-year column still gives the comparison.
    let comparison = compare(2020, None, &y2021());
    let income = comparison.lines.iter().find(|l| l.key == "budget/income").unwrap();
    assert_eq!((income.from, income.percent_change), (Some(dec!(2374.32)), Some(dec!(-34.87))));
    assert_eq!(serde_json::to_value(income.from_source).unwrap(), "prior_year_column");

    let mut stored = load("quwo-2020.json");
    stored["budget"]["lines"][0]["amount"] = json!("2374.00");
    let comparison = compare(2020, Some(&snapshot(stored)), &y2021());
    let income = comparison.lines.iter().find(|l| l.key == "budget/income").unwrap();
    let restated = income.restatement.as_ref().expect("a restatement");
    assert_eq!(
        (restated.stored, restated.stated_by_later_report, restated.difference),
        (dec!(2374.00), dec!(2374.32), dec!(0.32))
    );
}

#[test]
fn budget_execution_in_2021() {
    let execution = execution(&y2021());
    let income = execution.income.unwrap();
    assert_eq!(
        (income.budget, income.actual, income.difference, income.execution_rate),
        (Some(dec!(1546.39)), Some(dec!(1874.44)), Some(dec!(328.05)), Some(dec!(121.21)))
    );
    let spending = execution.expenditure.unwrap();
    assert_eq!((spending.difference, spending.execution_rate), (Some(dec!(674.06)), Some(dec!(143.59))));
    assert!(spending.explanation.unwrap().contains("上年结转结余资金"));
}

#[test]
fn progress_to_the_targets() {
    let report = progress("quwo-eco-env", &[y2020(), y2021()], 2021);
    let status = |metric: &str, deadline: u16| {
        report
            .targets
            .iter()
            .find(|t| t.metric == metric && t.deadline == deadline)
            .unwrap_or_else(|| panic!("no target {metric} {deadline}"))
            .status
    };
    assert_eq!(status("water-class-fen-beizhuang", 2025), TargetStatus::NotYetMet);
    assert_eq!(status("water-class-hui-dongxihan", 2025), TargetStatus::Met);
    assert_eq!(status("rank-fen-river-counties", 2021), TargetStatus::Met);
    assert_eq!(status("water-class-fen-beizhuang", 2021), TargetStatus::Met, "class IV meets the 2021 target IV");
    assert_eq!(status("pm25-annual-mean", 2021), TargetStatus::Met, "the report states a 12 % fall");
    assert_eq!(status("good-air-days-ratio", 2021), TargetStatus::NoData);

    // With nothing measured after 2021, the Fen river target is not missed in 2025 (that year is
    // not measured yet), but it is once 2025 has passed.
    let fen = |as_of| {
        let report = progress("quwo-eco-env", &[y2020(), y2021()], as_of);
        report.targets.iter().find(|t| t.metric == "water-class-fen-beizhuang" && t.deadline == 2025).unwrap().status
    };
    assert_eq!(fen(2025), TargetStatus::NotYetMet);
    assert_eq!(fen(2026), TargetStatus::Missed);
    // Before the reports, nothing was declared.
    assert!(progress("quwo-eco-env", &[y2020(), y2021()], 2020).targets.is_empty());
}

#[test]
fn a_classification_table_with_levels_adds_up_at_its_top_level() {
    // 211 环境保护 (类) printed above its 项 rows: the column total counts the 类 row only.
    let findings = findings_after(|v| {
        let rows = v["expenditure"]["table"]["rows"].as_array_mut().unwrap();
        for row in rows.iter_mut() {
            row["classification"]["level"] = json!(1);
        }
        rows.push(json!({"classification": {"scheme": "functional", "code": "2110199", "label": "其他环境保护管理事务支出（项）", "level": 3}, "amounts": {"project": "902.67"}}));
    });
    assert!(findings.is_empty(), "{findings:#?}");
}
