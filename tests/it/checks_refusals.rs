//! What was refused (422) though a real report can print it, now stored and reported (issue 8):
//! reversed periods, numbers used twice, a project row without an estimate cell, grade bands
//! that cannot all hold. Each fires on a broken copy of the reference report, and the intact
//! report gives none.

use disclose::analysis::{Finding, FindingKind, Severity};
use serde_json::{json, Value};

use super::common::{example_2021, expect_finding, valid_findings};

/// The findings on a copy of the 2021 report changed by `change`; the copy must be valid.
fn findings_after(change: impl FnOnce(&mut Value)) -> Vec<Finding> {
    let mut value = example_2021();
    change(&mut value);
    valid_findings(value)
}

fn of_kind(findings: &[Finding], kind: FindingKind) -> Vec<&Finding> {
    findings.iter().filter(|f| f.kind == kind).collect()
}

const NEW_KINDS: [FindingKind; 3] =
    [FindingKind::PeriodReversed, FindingKind::GradeBandsInvalid, FindingKind::NumberingGap];

#[test]
fn the_intact_reference_report_gives_none_of_them() {
    let findings = findings_after(|_| {});
    for kind in NEW_KINDS {
        assert!(of_kind(&findings, kind).is_empty(), "{findings:#?}");
    }
}

#[test]
fn a_project_or_plan_period_that_starts_after_it_ends() {
    let findings =
        findings_after(|v| v["key_projects"]["categories"][0]["groups"][0]["projects"][4]["from"] = json!(2026));
    let f =
        expect_finding(&findings, FindingKind::PeriodReversed, "/key_projects/categories/0/groups/0/projects/4/from");
    assert_eq!((f.severity, f.stated.as_deref()), (Severity::Warning, Some("2026–2025")));
    assert_eq!(f.pointers[1], "/key_projects/categories/0/groups/0/projects/4/to");
    assert_eq!(
        f.message_zh.as_deref(),
        Some("第1组“工业污染防治工程”第5行项目的实施年限：起始年份2026晚于结束年份2025")
    );
    let findings = findings_after(|v| v["key_projects"]["to"] = json!(2020));
    let f = expect_finding(&findings, FindingKind::PeriodReversed, "/key_projects/from");
    assert_eq!(f.message_zh.as_deref(), Some("重点项目的规划期：起始年份2021晚于结束年份2020"));
    // A period of one year is not reversed.
    let findings = findings_after(|v| v["key_projects"]["to"] = json!(2021));
    assert!(of_kind(&findings, FindingKind::PeriodReversed).is_empty(), "{findings:#?}");
}

#[test]
fn a_group_or_row_number_used_twice() {
    let findings = findings_after(|v| v["key_projects"]["categories"][1]["groups"][0]["number"] = json!(5));
    let f = expect_finding(&findings, FindingKind::NumberingGap, "/key_projects/categories");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.message_zh.as_deref(), Some("重点项目的各组中编号5重复使用：应按1至18的顺序编号，可能有一行编号有误"));
    // A row number no merged estimate cell refers to: stored, and reported.
    let findings =
        findings_after(|v| v["key_projects"]["categories"][3]["groups"][2]["projects"][4]["number"] = json!(4));
    let f = expect_finding(&findings, FindingKind::NumberingGap, "/key_projects/categories/3/groups/2/projects");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("[1, 2, 3, 4, 4]"), Some("[1, 2, 3, 4, 5]")));
    assert!(f.message.contains("number 4 used more than once"), "{}", f.message);
}

#[test]
fn a_project_row_without_an_estimate_cell_is_an_unknown_estimate() {
    // Table 4-5: 41700 + 1000 = 42700; without the second cell the total is at least 41700.
    let findings = findings_after(|v| {
        let row = &mut v["key_projects"]["categories"][0]["groups"][4]["projects"][1];
        row.as_object_mut().unwrap().remove("estimate");
    });
    let f = expect_finding(
        &findings,
        FindingKind::TotalOverUnknownParts,
        "/key_projects/categories/0/groups/4/stated_total",
    );
    assert_eq!((f.severity, f.recomputed.as_deref()), (Severity::Info, Some("≥ 41700")));
    assert!(f.message_zh.as_deref().is_some_and(|m| m.contains("另有1项未估算")), "{f:#?}");
    assert!(findings.iter().all(|f| f.severity == Severity::Info), "{findings:#?}");
}

#[test]
fn grade_bands_above_full_marks_reversed_or_overlapping() {
    let findings = findings_after(|v| v["evaluation"]["grade_bands"][0]["max"] = json!("105"));
    let f = expect_finding(&findings, FindingKind::GradeBandsInvalid, "/evaluation/grade_bands/0/max");
    assert_eq!(
        (f.severity, f.stated.as_deref(), f.recomputed.as_deref()),
        (Severity::Warning, Some("105"), Some("≤ 100"))
    );
    assert_eq!(f.message_zh.as_deref(), Some("等级“优秀”的区间端点105超过满分100"));

    let findings = findings_after(|v| v["evaluation"]["grade_bands"][2]["max"] = json!("55"));
    let f = expect_finding(&findings, FindingKind::GradeBandsInvalid, "/evaluation/grade_bands/2/min");
    assert_eq!(f.message_zh.as_deref(), Some("等级“一般”的区间下限60高于上限55"));

    // 良好 70-90 and 优秀 85-100 share 85 to 90.
    let findings = findings_after(|v| v["evaluation"]["grade_bands"][1]["max"] = json!("90"));
    let f = expect_finding(&findings, FindingKind::GradeBandsInvalid, "/evaluation/grade_bands/0");
    assert_eq!(f.pointers[1], "/evaluation/grade_bands/1");
    assert_eq!(f.message_zh.as_deref(), Some("等级区间优秀（85–100）与良好（70–90）重叠：同一得分可属两个等级"));
    // Bands that meet at 85 overlap only when both include it.
    let findings = findings_after(|v| v["evaluation"]["grade_bands"][1]["max_inclusive"] = json!(true));
    expect_finding(&findings, FindingKind::GradeBandsInvalid, "/evaluation/grade_bands/0");
}

#[test]
fn grade_band_ends_and_scores_with_up_to_six_decimals_are_accepted() {
    let findings = findings_after(|v| {
        v["evaluation"]["grade_bands"][0]["min"] = json!("85.125");
        v["evaluation"]["grade_bands"][1]["max"] = json!("85.125");
        v["evaluation"]["score"] = json!("91.250001");
    });
    assert!(of_kind(&findings, FindingKind::GradeBandsInvalid).is_empty(), "{findings:#?}");
    assert!(of_kind(&findings, FindingKind::GradeMismatch).is_empty(), "{findings:#?}");
}
