//! The schema-2 checks of people, organisation and lists, on figures of the corpus (issue 8):
//! each check fires on a broken copy and stays silent on the intact one.

use disclose::analysis::{FindingKind, Severity};
use serde_json::{json, Value};

use super::common::{expect_finding, schema2, valid_findings};

/// 舟曲县第二幼儿园 2023 (corpus 14): 82 staff in post against 54 established posts.
fn kindergarten() -> Value {
    schema2(json!({"people": {
        "in_post": {"label": "教职工", "stated_total": 82, "categories": [
            {"label": "专任教师", "count": 73}, {"label": "校医", "count": 2},
            {"label": "校警", "count": 2}, {"label": "工勤人员", "count": 5}]},
        "establishment": {"label": "单位核定事业编制", "stated_total": 54},
        "others": [{"label": "退休人员", "count": 0}, {"label": "临聘人员", "count": 0}]
    }}))
}

#[test]
fn staff_in_post_above_the_establishment_is_shown_not_reported() {
    // 73 + 2 + 2 + 5 = 82; 82 in post against 54 posts is a fact of the unit, not a finding.
    let findings = valid_findings(kindergarten());
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn each_headcount_is_checked_on_its_own() {
    let mut broken = kindergarten();
    broken["people"]["in_post"]["stated_total"] = json!(83);
    let findings = valid_findings(broken);
    let f = expect_finding(&findings, FindingKind::CountMismatch, "/people/in_post/stated_total");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("83"), Some("82")));
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.pointers.len(), 5, "the total and the four categories");
    assert!(f.message_zh.unwrap().contains("专任教师 73 + 校医 2 + 校警 2 + 工勤人员 5 = 82人"));
    assert_eq!(findings.len(), 1, "the establishment is not held against the staff: {findings:#?}");

    // The establishment's categories against its own total, never against the staff in post.
    let mut broken = kindergarten();
    broken["people"]["establishment"]["categories"] = json!([{"label": "事业编制", "count": 50}]);
    let findings = valid_findings(broken);
    expect_finding(&findings, FindingKind::CountMismatch, "/people/establishment/stated_total");
    assert_eq!(findings.len(), 1, "{findings:#?}");
}

#[test]
fn categories_given_in_part_are_at_least() {
    let mut partial = kindergarten();
    partial["people"]["in_post"]["completeness"] = json!("partial");
    partial["people"]["in_post"]["categories"] = json!([{"label": "专任教师", "count": 73}]);
    assert!(valid_findings(partial.clone()).is_empty(), "73 of 82 named: nothing to say");
    partial["people"]["in_post"]["categories"] = json!([{"label": "专任教师", "count": 90}]);
    let findings = valid_findings(partial);
    let f = expect_finding(&findings, FindingKind::CountMismatch, "/people/in_post/stated_total");
    assert_eq!(f.severity, Severity::Warning);
}

/// 未具名单位 2018 (corpus 12): 编制数 143, 在职 136, 控制率 95.10 %.
fn control_rate(stated: &str) -> Value {
    schema2(json!({"people": {
        "establishment": {"label": "编制数", "stated_total": 143},
        "in_post": {"label": "2018年实际在职人数", "stated_total": 136},
        "stated_control_rate": stated
    }}))
}

#[test]
fn the_staff_control_rate_against_the_two_headcounts() {
    // 136 / 143 = 95.105 %: 95.10 at 2 decimals (half away from zero on the exact quotient), 95 at 0.
    for stated in ["95.10", "95.1", "95", "/", ""] {
        let findings = valid_findings(control_rate(stated));
        assert!(findings.is_empty(), "{stated}: {findings:#?}");
    }
    let findings = valid_findings(control_rate("95.20"));
    let f = expect_finding(&findings, FindingKind::RateMismatch, "/people/stated_control_rate");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("95.2%"), Some("95.1%")));
    assert_eq!(f.pointers[1..], ["/people/in_post/stated_total", "/people/establishment/stated_total"]);
    assert!(f.message_zh.unwrap().starts_with("人员控制率报告为95.2%，但实有136人 ÷ 编制143人"));
}

/// 保山市农业农村局 2019 (corpus 04): 由17家单位组成, 全额拨款单位15家（含行政单位1家、参公管理事业单位1家）,
/// 差额拨款事业单位1家, 自收自支事业单位1家; 人员编制326 = 43 + 7 + 276.
fn agriculture_bureau() -> Value {
    schema2(json!({
        "people": {
            "establishment": {"label": "人员编制", "stated_total": 326, "scope": "不含自收自支事业单位",
                "categories": [{"label": "行政编制", "count": 43}, {"label": "参照公务员法管理编制", "count": 7},
                               {"label": "事业编制", "count": 276}]},
            "in_post": {"label": "实有在职人数", "stated_total": 326, "as_of": "2019年末"}
        },
        "organisation": {"units": {"label": "由17家单位组成", "stated_count": 17, "parts": [
            {"label": "全额拨款单位", "stated_count": 15, "includes": [
                {"label": "行政单位", "funding": "administrative", "stated_count": 1},
                {"label": "参公管理事业单位", "funding": "civil_servant_managed", "stated_count": 1}]},
            {"label": "差额拨款事业单位", "funding": "partly_funded", "stated_count": 1},
            {"label": "自收自支事业单位", "funding": "self_financed", "stated_count": 1}
        ]}}
    }))
}

#[test]
fn a_unit_system_against_its_groups_and_what_they_include() {
    assert!(valid_findings(agriculture_bureau()).is_empty());

    let mut broken = agriculture_bureau();
    broken["organisation"]["units"]["stated_count"] = json!(18);
    let findings = valid_findings(broken);
    let f = expect_finding(&findings, FindingKind::CountMismatch, "/organisation/units/stated_count");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("18"), Some("17")));

    let mut broken = agriculture_bureau();
    broken["organisation"]["units"]["parts"][0]["includes"][0]["stated_count"] = json!(15);
    let findings = valid_findings(broken);
    let f =
        expect_finding(&findings, FindingKind::PartExceedsWhole, "/organisation/units/parts/0/includes/0/stated_count");
    assert_eq!(f.pointers.last().unwrap(), "/organisation/units/parts/0/stated_count");
    assert_eq!(findings.len(), 1, "what a group includes is not added to the system: {findings:#?}");

    // A group without a count is an unknown part: 15 + ? + 1 ≤ 17 is silent, 15 + ? + 3 > 17 is not.
    let mut unknown = agriculture_bureau();
    unknown["organisation"]["units"]["parts"][1].as_object_mut().unwrap().remove("stated_count");
    assert!(valid_findings(unknown.clone()).is_empty());
    unknown["organisation"]["units"]["parts"][2]["stated_count"] = json!(3);
    expect_finding(&valid_findings(unknown), FindingKind::CountMismatch, "/organisation/units/stated_count");
}

/// The "办公室、……等N个股室": a list the report closes with 等 after fewer names.
fn departments(count: u32, names: &[&str], completeness: &str) -> Value {
    schema2(json!({"organisation": {"internal_departments": {
        "stated_count": count, "items": names, "completeness": completeness}}}))
}

#[test]
fn a_partial_list_is_not_counted_against_its_count() {
    assert!(valid_findings(departments(9, &["办公室", "综合股"], "partial")).is_empty());
    assert!(valid_findings(departments(2, &["办公室", "综合股"], "complete")).is_empty());

    let findings = valid_findings(departments(9, &["办公室", "综合股"], "complete"));
    let f = expect_finding(&findings, FindingKind::CountMismatch, "/organisation/internal_departments/stated_count");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref(), f.severity), (Some("9"), Some("2"), Severity::Error));

    // More names than the count contradicts it even when the list is partial.
    let findings = valid_findings(departments(1, &["办公室", "综合股"], "partial"));
    let f = expect_finding(&findings, FindingKind::CountMismatch, "/organisation/internal_departments/stated_count");
    assert_eq!(f.severity, Severity::Warning);
}

#[test]
fn a_group_names_its_units_against_its_count() {
    // 红河州数据发展中心 (corpus 03) and 霍邱县教育局 (07) close lists with 等: 13 names for 28.
    let names: Vec<String> = (1..=13).map(|i| format!("展区{i}")).collect();
    let group = |completeness: &str| {
        schema2(json!({"organisation": {"units": {"label": "展区", "stated_count": 28,
            "names": {"items": names, "completeness": completeness}}}}))
    };
    assert!(valid_findings(group("partial")).is_empty());
    let findings = valid_findings(group("complete"));
    let f = expect_finding(&findings, FindingKind::CountMismatch, "/organisation/units/stated_count");
    assert_eq!(f.pointers[1], "/organisation/units/names/items");
}
