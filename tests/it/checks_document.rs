//! The facts around the figures (issue 8, schema 2): the header block, the origin of the copy,
//! quantities and per-unit standards. What cannot be a date or a link is refused where it is;
//! each check fires on a broken copy and stays silent on the intact one.

use disclose::analysis::{FindingKind, Severity};
use disclose::domain::validate::validate;
use disclose::domain::Snapshot;
use serde_json::{json, Value};

use super::common::{expect_finding, schema2, valid_findings};

/// 岳阳县新开镇政府 (corpus 06), evaluating 2021, with its header dated `date`.
fn township(date: &str) -> Value {
    let mut s = schema2(json!({"header": {
        "budget_code": "", "evaluation_method": "部门(单位)绩效自评", "evaluator": "部门(单位)评价组",
        "report_date": date
    }}));
    s["year"] = json!(2021);
    s
}

fn refused(value: Value) -> Vec<String> {
    let snapshot: Snapshot = serde_json::from_value(value).expect("a snapshot");
    validate(&snapshot).err().unwrap_or_default().into_iter().map(|p| p.pointer.to_string()).collect()
}

#[test]
fn a_report_dated_within_the_year_it_evaluates_is_noted() {
    // Corpus 06: 报告日期 2021年12月31日 for the year 2021.
    let findings = valid_findings(township("2021-12-31"));
    let f = expect_finding(&findings, FindingKind::ReportDateImplausible, "/header/report_date");
    assert_eq!(f.severity, Severity::Info);
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("2021-12-31"), Some("> 2021-12-31")));
    assert!(f.message_zh.unwrap().contains("报告日期为2021年12月31日，是所评价的2021年度的最后一天"));
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let earlier = valid_findings(township("2021-07-25"));
    assert!(earlier[0].message_zh.as_deref().unwrap().contains("早于所评价的2021年度的最后一天"));
}

#[test]
fn a_report_dated_after_the_year_gives_nothing() {
    // Corpus 05: 报告期 2017-7-25 for the year 2016; a blank 预算编码 is not a finding either.
    for date in ["2022-01-01", "2022-07-25"] {
        let findings = valid_findings(township(date));
        assert!(findings.is_empty(), "{date}: {findings:#?}");
    }
}

/// 耒阳市第四中学 (corpus 08): 按生均1000元安排，共计239万元, with a count of students.
fn school(count: Option<u32>, total: &str) -> Value {
    let mut standard = json!({"amount": "1000元", "per": "生", "stated_total": total});
    if let Some(count) = count {
        standard["stated_count"] = json!(count);
    }
    schema2(json!({"kind": "project", "projects": [{"name": "生均公用经费", "standard": standard}]}))
}

#[test]
fn a_per_unit_standard_times_its_count_is_checked_against_the_total() {
    // 1000 元 × 2390 = 239 万元, exactly as printed (0 decimals) and in 元.
    for (count, total) in [(2390, "239"), (2390, "239.00"), (2390, "2390000元"), (2394, "239")] {
        let findings = valid_findings(school(Some(count), total));
        assert!(findings.is_empty(), "{count} × 1000元 against {total}: {findings:#?}");
    }
    // 2400 students would give 240 万元, not 239; 2395 gives 239.5, i.e. 240 at 0 decimals.
    for (count, recomputed) in [(2400, "240万元"), (2395, "239.5万元")] {
        let findings = valid_findings(school(Some(count), "239"));
        let f = expect_finding(&findings, FindingKind::StandardTotalMismatch, "/projects/0/standard/stated_total");
        assert_eq!(f.severity, Severity::Error);
        assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("239万元"), Some(recomputed)));
        assert_eq!(f.pointers[1..], ["/projects/0/standard/amount", "/projects/0/standard/stated_count"]);
        assert!(f.message_zh.unwrap().contains(&format!("按每生1000元、共{count}生计算应为{recomputed}")));
        assert_eq!(findings.len(), 1, "{findings:#?}");
    }
}

#[test]
fn a_standard_without_a_count_is_not_checked() {
    // Corpus 08 as printed: 239万元 / 1000元 = 2390 students, but no count is stated.
    assert!(valid_findings(school(None, "239")).is_empty());
}

#[test]
fn quantities_keep_their_unit_and_approximation() {
    let s = schema2(json!({
        "kind": "project",
        "organisation": {"facts": [{"label": "公务用车", "value": "0", "unit": "辆"}]},
        "projects": [{"quantities": [
            {"label": "总建筑面积", "value": "1000", "unit": "㎡", "approx": true},
            {"label": "P1.5LED显示屏", "value": "25.29", "unit": "㎡"}]}]
    }));
    assert!(valid_findings(s.clone()).is_empty());
    let snapshot: Snapshot = serde_json::from_value(s.clone()).unwrap();
    assert_eq!(serde_json::to_value(&snapshot).unwrap(), s, "round-trips, approx false is not written");
}

#[test]
fn what_cannot_be_a_date_a_link_or_a_quantity_is_refused_where_it_is() {
    let cases: Vec<(&str, Value, &str)> = vec![
        ("a day that does not exist", township("2021-02-29"), "/header/report_date"),
        ("a date as printed, not ISO", township("2021年12月31日"), "/header/report_date"),
        ("an empty template", schema2(json!({"header": {"template": ""}})), "/header/template"),
        ("a script link", schema2(json!({"origin": {"url": "javascript:alert(1)"}})), "/origin/url"),
        ("markup in a link", schema2(json!({"origin": {"url": "https://x.cn/\"><b>"}})), "/origin/url"),
        ("a publication date", schema2(json!({"origin": {"published_on": "2022-9-28"}})), "/origin/published_on"),
        ("an empty note", schema2(json!({"origin": {"notes": [" "]}})), "/origin/notes/0"),
        (
            "a negative quantity",
            schema2(json!({"projects": [{"quantities": [{"label": "台", "value": "-1", "unit": "台"}]}]})),
            "/projects/0/quantities/0/value",
        ),
        (
            "a unit with markup",
            schema2(json!({"organisation": {"facts": [{"label": "学生", "value": "1", "unit": "<i>人</i>"}]}})),
            "/organisation/facts/0/unit",
        ),
        (
            "an empty per",
            schema2(json!({"projects": [{"standard": {"amount": "1000元", "per": ""}}]})),
            "/projects/0/standard/per",
        ),
    ];
    for (case, value, pointer) in cases {
        assert_eq!(refused(value), [pointer], "{case}");
    }
}

#[test]
fn header_and_origin_are_schema_2_members() {
    let mut s = township("2022-01-01");
    s.as_object_mut().unwrap().remove("schema");
    s["origin"] = json!({"notes": ["繁体转换"]});
    let problems = refused(s);
    for member in ["/header", "/origin"] {
        assert!(problems.iter().any(|p| p == member), "{member}: {problems:?}");
    }
}
