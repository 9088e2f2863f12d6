//! What validation refuses in people, organisation, funds and balances (only what cannot be a
//! real report), and what it no longer refuses in schema 1 (issue 8): 万元 with 3 to 6 decimals,
//! the same budget line twice (a finding instead).

use disclose::analysis::{FindingKind, Severity};
use disclose::domain::validate::validate;
use disclose::domain::Snapshot;
use serde_json::{json, Value};

use super::common::{example_2021, expect_finding, schema2, valid_findings};

/// The pointers of the problems validation finds in `value` (which must parse).
fn refused(value: Value) -> Vec<String> {
    let snapshot: Snapshot = serde_json::from_value(value).expect("a snapshot");
    validate(&snapshot).err().unwrap_or_default().into_iter().map(|p| p.pointer.to_string()).collect()
}

fn line(extra: Value) -> Value {
    let mut line = json!({"label": "总额", "year_start": "10"});
    for (key, value) in extra.as_object().unwrap() {
        line[key] = value.clone();
    }
    schema2(json!({ "funds": [line] }))
}

#[test]
fn what_cannot_be_a_real_report_is_refused_where_it_is() {
    let cases: Vec<(&str, Value, Vec<&str>)> = vec![
        ("empty label", line(json!({"label": " "})), vec!["/funds/0/label"]),
        ("markup in a source", line(json!({"source": {"label": "<b>财政</b>"}})), vec!["/funds/0/source/label"]),
        ("over 10^10 万元 in 亿元", line(json!({"executed": "1000001亿元"})), vec!["/funds/0/executed"]),
        (
            "a placeholder row with a figure",
            line(json!({"placeholder": true, "year_start": "10", "adjusted": ""})),
            vec!["/funds/0/year_start"],
        ),
        (
            "a negative rate",
            line(json!({"stated_rates": [{"name": "执行率", "value": "-1"}]})),
            vec!["/funds/0/stated_rates/0/value"],
        ),
        ("a share with 7 decimals", line(json!({"stated_share": "12.1234567"})), vec!["/funds/0/stated_share"]),
        (
            "an empty headcount label",
            schema2(json!({"people": {"in_post": {"label": "", "stated_total": 3}}})),
            vec!["/people/in_post/label"],
        ),
        (
            "a name with a line break",
            schema2(json!({"organisation": {"internal_departments": {"items": ["办公室\n股"]}}})),
            vec!["/organisation/internal_departments/items/0"],
        ),
        (
            "a balance over the absurd",
            schema2(json!({"balances": [{"label": "全部", "closing": "20000000000"}]})),
            vec!["/balances/0/closing"],
        ),
    ];
    for (name, value, pointers) in cases {
        assert_eq!(refused(value), pointers, "{name}");
    }
}

#[test]
fn nesting_deeper_than_nine_levels_is_refused() {
    let nested =
        |depth: usize| (1..depth).fold(json!({"label": "最深"}), |inner, _| json!({"label": "上级", "parts": [inner]}));
    assert!(refused(schema2(json!({"funds": [nested(9)]}))).is_empty());
    let deep = refused(schema2(json!({"funds": [nested(10)]})));
    assert_eq!(deep, [format!("/funds/0{}", "/parts/0".repeat(9))]);
    let group = |depth: usize| {
        (1..depth).fold(json!({"label": "单位"}), |inner, _| json!({"label": "单位组", "includes": [inner]}))
    };
    assert!(refused(schema2(json!({"organisation": {"units": group(9)}}))).is_empty());
    assert_eq!(refused(schema2(json!({"organisation": {"units": group(10)}}))).len(), 1);
}

#[test]
fn lawful_amounts_are_accepted() {
    // 万元 with 3 or 4 decimals in schema-1 fields; amounts in 元 and 亿元; a rate of 215.36 %.
    let mut v1 = example_2021();
    v1["budget"]["lines"][0]["amount"] = json!("1546.3912");
    v1["expenditure"]["stated_total"] = json!("1546.391");
    assert!(refused(v1).is_empty());
    let v2 = line(json!({"executed": "5862.89元", "adjusted": "0.03亿元",
        "stated_rates": [{"name": "执行率", "value": "215.36"}], "stated_share": "0.000001"}));
    assert!(refused(v2).is_empty());
}

#[test]
fn the_same_budget_line_twice_is_a_warning_not_a_refusal() {
    let mut value = example_2021();
    let first = value["budget"]["lines"][0].clone();
    value["budget"]["lines"].as_array_mut().unwrap().push(first);
    let findings = valid_findings(value);
    let f = expect_finding(&findings, FindingKind::DuplicateLine, "/budget/lines/4/item");
    assert_eq!((f.pointers[1].as_str(), f.severity), ("/budget/lines/0/item", Severity::Warning));
    assert_eq!(findings.len(), 1, "{findings:#?}");
}
