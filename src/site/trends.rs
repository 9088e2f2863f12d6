//! 历年趋势 on a unit's page: the budget, the score and the key metrics across the published
//! years; a unit with a single year gets that year's key facts instead of charts of one point.

use rust_decimal::Decimal;

use super::charts::{self, Series};
use super::data::{budget_line, UnitData, YearData};
use super::doc::Doc;
use super::escape::html;
use super::labels;
use super::table::amount;
use crate::domain::{BudgetItem, BudgetLine, MetricValue, Phase, Snapshot};

/// The line a year's facts lead with: the year-start budget line, else the first line of any
/// phase (a report of 决算 only), expenditure first.
fn lead_line(s: &Snapshot) -> Option<&BudgetLine> {
    budget_line(s).or_else(|| {
        let lines = &s.budget.as_ref()?.lines;
        lines.iter().find(|l| l.item == BudgetItem::Expenditure).or(lines.first())
    })
}

/// The key facts of a unit's only year, as a short list: what a chart of one point would say.
pub fn year_facts(doc: &mut Doc, year: &YearData, findings: usize) {
    let s = &year.latest().snapshot;
    let mut facts = vec![("年度".to_string(), format!("{}年", year.year))];
    if let Some(line) = lead_line(s) {
        facts.push((format!("{}：{}（万元）", labels::phase(line.phase), line.label), amount(line.amount)));
    }
    let e = s.evaluation.as_ref();
    facts.push(("评价得分".into(), amount(e.and_then(|e| e.score))));
    facts.push(("等级".into(), e.and_then(|e| e.stated_grade.clone()).unwrap_or_else(|| "—".into())));
    facts.push(("复核发现".into(), format!("{findings}项")));
    let items: String = facts.iter().map(|(k, v)| format!("<dt>{}</dt><dd>{}</dd>", html(k), html(v))).collect();
    doc.h2(&format!("{}年概况", year.year));
    doc.html(format!(r#"<dl class="meta" id="year-facts">{items}</dl>"#));
}

/// A budget amount of a year: as stated in its own report, else the next report's prior-year column.
fn amount_of(unit: &UnitData, year: u16, item: BudgetItem) -> Option<Decimal> {
    let line =
        |s: &Snapshot| s.budget.as_ref()?.lines.iter().find(|l| l.item == item && l.phase == Phase::YearStart).cloned();
    let own = unit.year(year).and_then(|y| line(&y.latest().snapshot)).and_then(|l| l.amount);
    own.or_else(|| unit.year(year + 1).and_then(|y| line(&y.latest().snapshot)).and_then(|l| l.prior_year_amount))
}

/// 历年趋势: a line or bar chart per figure that some year gives; no heading when no chart is left.
pub fn trends(doc: &mut Doc, unit: &UnitData) {
    let years: Vec<u16> = unit.years.iter().map(|y| y.year).collect();
    let mut charts = Vec::new();
    let series = |name: &str, item: BudgetItem| Series {
        name: name.into(),
        values: years.iter().map(|&y| amount_of(unit, y, item)).collect(),
    };
    charts.push(charts::lines(
        "trend-budget",
        "年初预算",
        "万元",
        &years,
        &[series("收入预算", BudgetItem::Income), series("支出预算", BudgetItem::Expenditure)],
    ));
    let basic = series("基本支出", BudgetItem::BasicExpenditure);
    let project = Series {
        name: "项目支出".into(),
        values: years
            .iter()
            .map(|&y| {
                amount_of(unit, y, BudgetItem::ProjectExpenditure).or_else(|| {
                    Some(
                        amount_of(unit, y, BudgetItem::Expenditure)?
                            - amount_of(unit, y, BudgetItem::BasicExpenditure)?,
                    )
                })
            })
            .collect(),
    };
    let labels: Vec<String> = years.iter().map(|y| format!("{y}年")).collect();
    charts.push(charts::bars("trend-basic-project", "基本支出与项目支出", "万元", &labels, &[basic, project]));
    let scores = Series {
        name: "评价得分".into(),
        values: unit.years.iter().map(|y| y.latest().snapshot.evaluation.as_ref().and_then(|e| e.score)).collect(),
    };
    charts.push(charts::lines("trend-score", "绩效评价得分", "分", &years, &[scores]));
    // Key metrics: the whole-year numbers that some report gives with a target on them.
    let mut metrics: Vec<(String, String, Option<String>)> = Vec::new();
    for y in &unit.years {
        let s = &y.latest().snapshot;
        let targeted: Vec<&str> = s.goals.iter().flat_map(|g| &g.targets).map(|t| t.metric.as_str()).collect();
        for m in s.results.iter().flat_map(|r| &r.measurements) {
            let keep = m.period.is_none()
                && matches!(m.value, MetricValue::Number(_))
                && (targeted.contains(&m.metric.as_str()) || metrics.len() < 4);
            if keep && !metrics.iter().any(|(id, ..)| *id == m.metric) {
                metrics.push((m.metric.clone(), m.label.clone(), m.unit.clone()));
            }
        }
    }
    for (i, (id, label, unit_name)) in metrics.iter().enumerate() {
        let values = unit
            .years
            .iter()
            .map(|y| {
                let s = &y.latest().snapshot;
                s.results.iter().flat_map(|r| &r.measurements).find(|m| m.metric == *id && m.period.is_none()).and_then(
                    |m| match m.value {
                        MetricValue::Number(n) => Some(n),
                        _ => None,
                    },
                )
            })
            .collect();
        let unit_name = unit_name.clone().unwrap_or_default();
        charts.push(charts::lines(
            &format!("trend-metric-{i}"),
            label,
            &unit_name,
            &years,
            &[Series { name: label.clone(), values }],
        ));
    }
    charts.retain(|c| !c.is_empty());
    if !charts.is_empty() {
        doc.h2("历年趋势");
        for chart in charts {
            doc.html(chart);
        }
    }
}
