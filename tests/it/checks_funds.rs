//! The schema-2 checks of money by phase and source, and of balance flows, on figures of the
//! corpus (issue 8): each check fires on a broken copy and stays silent on the intact one.

use disclose::analysis::{FindingKind, Severity};
use serde_json::{json, Value};

use super::common::{expect_finding, schema2, valid_findings};

/// A line of the 岳阳 income table (corpus 05): 上年结转, 公共财政拨款, 政府基金, 专户, 其他收入.
fn sources(amounts: [&str; 5]) -> Value {
    let labels = ["上年结转", "公共财政拨款", "政府基金拨款", "纳入专户管理的非税收入拨款", "其他收入"];
    let lines: Vec<Value> = labels
        .iter()
        .zip(amounts)
        .map(|(label, amount)| json!({"label": label, "source": {"label": label}, "executed": amount}))
        .collect();
    json!(lines)
}

/// 岳阳县荣湾湖建设开发服务中心 2016 (corpus 05): sources × sub-units, blanks, a placeholder row.
fn income_table() -> Value {
    schema2(json!({"funds": [{
        "label": "局机关及二级机构汇总", "executed": "229.46",
        "by_source": sources(["37.23", "106.13", "", "", "86.1"]),
        "parts": [
            {"label": "1、局机关", "executed": "176.26", "by_source": sources(["35.87", "80.39", "", "", "60"])},
            {"label": "2、二级机构1", "executed": "53.2", "by_source": sources(["1.36", "25.74", "", "", "26.1"])},
            {"label": "3、二级机构2", "placeholder": true, "executed": "", "by_source": sources(["", "", "", "", ""])}
        ]
    }]}))
}

#[test]
fn sources_and_parts_add_up_per_phase_with_blanks_unknown() {
    // 35.87 + 80.39 + 60 = 176.26; 1.36 + 25.74 + 26.1 = 53.20 (53.2 printed to 1 decimal); 176.26 + 53.2 = 229.46.
    let findings = valid_findings(income_table());
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn a_line_its_sources_contradict() {
    // 35.87 + 80.39 + 60 = 176.26 is more than 176.25, whatever the two blank sources hold.
    let mut broken = income_table();
    broken["funds"][0]["parts"][0]["executed"] = json!("176.25");
    let findings = valid_findings(broken);
    let f = expect_finding(&findings, FindingKind::TotalMismatch, "/funds/0/parts/0/executed");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("176.25"), Some("176.26")));
    assert!(f.pointers.contains(&"/funds/0/parts/0/by_source/4/executed".parse().unwrap()));
    assert!(f.message_zh.unwrap().contains("另有2项未知"));
    // 176.25 + 53.2 + ? (二级机构2) = 229.45 + ? may be 229.46: nothing to say about the whole.
    assert_eq!(findings.len(), 1, "{findings:#?}");

    // The whole against its parts: 176.26 + 53.3 = 229.56 with 二级机构2 unknown, above 229.46.
    let mut broken = income_table();
    broken["funds"][0]["parts"][1]["executed"] = json!("53.3");
    let findings = valid_findings(broken);
    let f = expect_finding(&findings, FindingKind::TotalMismatch, "/funds/0/executed");
    assert_eq!((f.recomputed.as_deref(), f.severity), (Some("229.56"), Severity::Error));
    assert!(f.message_zh.unwrap().contains("另有1项未知"));
    assert_eq!(findings.len(), 1, "53.3 above its sources' 53.20 is not reported (two are blank): {findings:#?}");
}

#[test]
fn known_parts_below_the_line_are_silent_above_it_are_not() {
    // 其他收入 of 局机关 unreadable: 35.87 + 80.39 + ? ≤ 176.26 says nothing.
    let mut unknown = income_table();
    unknown["funds"][0]["parts"][0]["by_source"][4]["executed"] = json!({"illegible": "6O"});
    assert!(valid_findings(unknown).is_empty());
    // 35.87 + 80.39 + 61 = 177.26 > 176.26 although two sources are blank: parts are not negative.
    let mut over = income_table();
    over["funds"][0]["parts"][0]["by_source"][4]["executed"] = json!("61");
    let findings = valid_findings(over);
    expect_finding(&findings, FindingKind::TotalMismatch, "/funds/0/parts/0/executed");
    // A table known only in part: more than the line is a warning, never an error.
    let mut partial = income_table();
    partial["funds"][0]["completeness"] = json!("partial");
    partial["funds"][0]["parts"][1]["executed"] = json!("63.2");
    let findings = valid_findings(partial);
    let f = expect_finding(&findings, FindingKind::TotalMismatch, "/funds/0/executed");
    assert_eq!(f.severity, Severity::Warning);
}

/// 青神县发展和改革局 2023 (corpus 01): the 预算执行情况 block as an amount line with four sources.
fn qingshen() -> Value {
    let source = |label: &str, amounts: [&str; 3], rate: &str| {
        json!({"label": label, "source": {"label": label}, "year_start": amounts[0], "adjusted": amounts[1],
               "executed": amounts[2], "stated_rates": [{"name": "执行率", "value": rate}]})
    };
    schema2(json!({"kind": "project", "funds": [{
        "label": "年度资金总额", "year_start": "238.93", "adjusted": "251.89", "executed": "251.89",
        "stated_rates": [{"name": "预算执行率", "value": "100.00"}],
        "by_source": [
            source("财政资金", ["238.93", "251.89", "251.89"], "100.00"),
            source("财政专户管理资金", ["0.00", "0.00", "0.00"], "0.00"),
            source("单位资金", ["0.00", "0.00", "0.00"], "0.00"),
            source("其他资金", ["", "", ""], "")
        ]
    }]}))
}

#[test]
fn stated_execution_rates_against_the_figures() {
    // 251.89 / 251.89 = 100.00 %; 0.00 / 0.00 printed 0.00 %; sources add up in every phase.
    let findings = valid_findings(qingshen());
    assert!(findings.is_empty(), "{findings:#?}");

    let mut broken = qingshen();
    broken["funds"][0]["stated_rates"][0]["value"] = json!("90.00");
    let findings = valid_findings(broken);
    let f = expect_finding(&findings, FindingKind::RateMismatch, "/funds/0/stated_rates/0/value");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("90%"), Some("100%")));
    assert_eq!(f.pointers[1..], ["/funds/0/executed", "/funds/0/adjusted"]);

    // The case: 执行率 100 % stated while the figures give about 80 %.
    let mut low = qingshen();
    low["funds"][0]["executed"] = json!("201.51");
    low["funds"][0]["by_source"][0]["executed"] = json!("201.51");
    let findings = valid_findings(low);
    let f = expect_finding(&findings, FindingKind::RateMismatch, "/funds/0/stated_rates/0/value");
    assert_eq!(f.recomputed.as_deref(), Some("80%"));
    expect_finding(&findings, FindingKind::RateMismatch, "/funds/0/by_source/0/stated_rates/0/value");
}

#[test]
fn a_rate_of_the_money_received() {
    // 扎兰屯 (corpus 11): 3000 received, 2700 paid, 使用率 and 完成率 both 90 % of the money received.
    let park = |rate: &str| {
        schema2(json!({"kind": "project", "projects": [{"name": "国家现代农业产业园(大豆)", "funding": {
            "label": "中央财政专项资金", "source": {"label": "中央财政专项资金"}, "received": "3000", "executed": "2700",
            "stated_rates": [{"name": "使用率", "value": rate, "of": "received"},
                             {"name": "完成率", "value": "90", "of": "received"}]}}]}))
    };
    assert!(valid_findings(park("90")).is_empty());
    let findings = valid_findings(park("91"));
    let f = expect_finding(&findings, FindingKind::RateMismatch, "/projects/0/funding/stated_rates/0/value");
    assert_eq!(f.pointers[2], "/projects/0/funding/received");
}

/// 未具名单位 2018 (corpus 12): 部门整体支出 1922.76 at the start of the year, 追加767.86, 2690.62.
fn adjustment(amount: &str) -> Value {
    schema2(json!({"funds": [{"label": "部门整体支出", "year_start": "1922.76", "adjusted": "2690.62",
        "stated_adjustment": {"direction": "increase", "amount": amount}}]}))
}

#[test]
fn a_stated_adjustment_against_the_two_budgets() {
    assert!(valid_findings(adjustment("767.86")).is_empty());
    let findings = valid_findings(adjustment("767.87"));
    let f = expect_finding(&findings, FindingKind::ChangeMismatch, "/funds/0/stated_adjustment/amount");
    assert_eq!(f.pointers[1..], ["/funds/0/year_start", "/funds/0/adjusted"]);
    assert!(f.message_zh.unwrap().contains("1922.76至2690.62的增减额为767.86"));
}

/// 许昌市河湖水系水源调度中心 2022 (corpus 13): 803.74 = 757.49 基本支出 + 46.25 项目支出, with a share.
fn split(share: &str) -> Value {
    schema2(json!({"funds": [{"label": "部门预算总金额", "item": "expenditure", "year_start": "803.74", "parts": [
        {"label": "基本支出", "item": "basic_expenditure", "year_start": "757.49", "stated_share": share},
        {"label": "项目支出", "item": "project_expenditure", "year_start": "46.25"}]}]}))
}

#[test]
fn a_stated_share_against_the_parent_line() {
    // 757.49 / 803.74 = 94.2456…%
    for share in ["94.25", "94.2", "94"] {
        assert!(valid_findings(split(share)).is_empty(), "{share}");
    }
    let findings = valid_findings(split("94.26"));
    let f = expect_finding(&findings, FindingKind::ShareMismatch, "/funds/0/parts/0/stated_share");
    assert_eq!(f.pointers[1..], ["/funds/0/parts/0/year_start", "/funds/0/year_start"]);
    assert_eq!(f.recomputed.as_deref(), Some("94.25%"));
}

/// 舟曲县第二幼儿园 2023 (corpus 14): the balance flows as printed, 5862.89 in 万元 and in 元.
fn kindergarten_balances(whole: &str, appropriation: &str) -> Value {
    let flow = |label: &str, closing: &str| json!({"label": label, "opening": "98.45", "income": "1095.76", "expenditure": "1193.35", "closing": closing});
    let mut whole = flow("全部", whole);
    whole["other_in"] = json!("0");
    whole["other_out"] = json!("0");
    schema2(json!({"kind": "final_accounts", "balances": [
        whole,
        flow("一般公共预算财政拨款", appropriation),
        {"label": "政府性基金预算财政拨款", "opening": "0", "income": "0"}
    ]}))
}

#[test]
fn closing_balances_against_the_flows_and_units_mixed_up() {
    // 98.45 + 1095.76 − 1193.35 = 0.86 万元 = 8600 元.
    let findings = valid_findings(kindergarten_balances("0.86", "8600.00元"));
    assert!(findings.is_empty(), "{findings:#?}");

    let findings = valid_findings(kindergarten_balances("5862.89", "5862.89元"));
    let f = expect_finding(&findings, FindingKind::BalanceMismatch, "/balances/0/closing");
    assert_eq!((f.stated.as_deref(), f.recomputed.as_deref()), (Some("5862.89"), Some("0.86万元")));
    assert!(f.message_zh.unwrap().contains("98.45万元 + 1095.76万元 − 1193.35万元 = 0.86万元"));
    let f = expect_finding(&findings, FindingKind::BalanceMismatch, "/balances/1/closing");
    assert!(f.message_zh.unwrap().contains("即8600元"), "compared at 0.01 元: short by 2737.11 元");
    let f = expect_finding(&findings, FindingKind::UnitMixUp, "/balances/0/closing");
    assert_eq!((f.pointers[1].as_str(), f.severity), ("/balances/1/closing", Severity::Warning));
    assert!(f.message_zh.unwrap().contains("收支计算得0.86万元"));
    assert_eq!(findings.len(), 3, "{findings:#?}");
}

#[test]
fn a_closing_in_yuan_is_judged_at_a_fen() {
    // 8600.004元 would be 8600.00 at 2 decimals of 元, but 8600.01 is a cent off.
    assert!(valid_findings(kindergarten_balances("0.86", "8600元")).is_empty());
    let findings = valid_findings(kindergarten_balances("0.86", "8600.01元"));
    expect_finding(&findings, FindingKind::BalanceMismatch, "/balances/1/closing");
}

#[test]
fn what_a_document_must_contain_depends_on_its_kind() {
    // 耒阳市第四中学 (corpus 08), the whole report: its money and goal, but no score and no grade.
    let school = |coverage: &str| {
        schema2(json!({"kind": "project", "coverage": coverage, "projects": [{"name": "生均公用经费",
            "funding": {"label": "共计", "year_start": "239", "executed": "87.06", "by_source": [
                {"label": "上级资金", "source": {"label": "上级资金"}, "year_start": "179.25"},
                {"label": "本级", "source": {"label": "本级"}, "year_start": "59.75"}]},
            "evaluation": {"goal": "保证学校的正常运转", "goal_achieved": "保证了学校的正常运转"}}]}))
    };
    let findings = valid_findings(school("whole"));
    let f = expect_finding(&findings, FindingKind::MissingPart, "/projects/0/evaluation/stated_score");
    assert_eq!((f.severity, findings.len()), (Severity::Warning, 1), "{findings:#?}");
    assert!(valid_findings(school("excerpt")).is_empty(), "an excerpt is not told what it leaves out");

    // Final accounts need their figures, not a score.
    let mut accounts = kindergarten_balances("0.86", "8600.00元");
    accounts["coverage"] = json!("whole");
    assert!(valid_findings(accounts).is_empty());
}
