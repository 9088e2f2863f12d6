//! Year-over-year comparison of two snapshots of one unit, line by line.

use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::arith::{direction, percent_change, sum_known};
use super::projects::project_totals;
use crate::domain::wire::wire_enum;
use crate::domain::{BudgetItem, Direction, MetricValue, Phase, Snapshot};

wire_enum! {
    /// Where a compared figure comes from.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
    pub enum Source {
        /// Printed in the snapshot of that year.
        Stated = "stated",
        /// Computed from figures printed in that snapshot (e.g. expenditure minus basic).
        Derived = "derived",
        /// Printed as the prior-year column of the later year's report.
        PriorYearColumn = "prior_year_column",
    }
}

wire_enum! {
    /// Which side of the comparison has the line.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
    pub enum Availability {
        Both = "both",
        /// Only the earlier year has it: nothing is invented for the later one.
        OnlyFrom = "only_from",
        /// Only the later year has it: nothing is invented for the earlier one.
        OnlyTo = "only_to",
    }
}

wire_enum! {
    /// The part of the report a compared line comes from, in report order.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
    // `Section` is also the name of the results' narrative sections in the document.
    #[schema(as = ComparisonSection)]
    pub enum Section {
        /// The year-start budget lines.
        Budget = "budget",
        /// The expenditure table by economic and functional classification.
        ExpenditureClassification = "expenditure_classification",
        /// The final accounts' budget and actual columns.
        FinalAccounts = "final_accounts",
        /// The key projects' investment estimates.
        KeyProjects = "key_projects",
        /// Measured results (whole-year numbers).
        Results = "results",
        /// The evaluation score.
        Evaluation = "evaluation",
    }
}

/// The later report restates the earlier year differently from what is stored for it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Restatement {
    /// The figure in the stored snapshot of the earlier year.
    pub stored: Decimal,
    /// The figure the later report gives for the earlier year.
    pub stated_by_later_report: Decimal,
    /// `stated_by_later_report - stored`.
    pub difference: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ComparisonLine {
    /// Stable key of the line, e.g. `budget/income`, `metric/pm25-annual-mean`.
    #[schema(example = "budget/income")]
    pub key: String,
    pub section: Section,
    pub label: String,
    /// Unit of the figures (万元 unless said otherwise).
    pub unit: Option<String>,
    #[schema(example = "2374.32")]
    pub from: Option<Decimal>,
    pub from_source: Option<Source>,
    #[schema(example = "1546.39")]
    pub to: Option<Decimal>,
    pub to_source: Option<Source>,
    /// `to - from`, signed.
    #[schema(example = "-827.93")]
    pub change: Option<Decimal>,
    pub direction: Option<Direction>,
    /// Signed percent change, 2 decimals, half away from zero; none for a zero or unknown base.
    #[schema(example = "-34.87")]
    pub percent_change: Option<Decimal>,
    pub availability: Availability,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restatement: Option<Restatement>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Comparison {
    /// The unit's code.
    #[schema(value_type = crate::domain::UnitCode)]
    pub unit: String,
    pub from: u16,
    pub to: u16,
    /// Lines of the later year in report order, then lines only the earlier year has.
    pub lines: Vec<ComparisonLine>,
}

/// A comparable figure of one snapshot.
struct Figure {
    key: String,
    section: Section,
    label: String,
    unit: Option<String>,
    value: Decimal,
    source: Source,
}

const WAN_YUAN: &str = "万元";

fn money(key: String, section: Section, label: &str, value: Decimal, source: Source) -> Figure {
    Figure { key, section, label: label.to_string(), unit: Some(WAN_YUAN.into()), value, source }
}

fn item_key(item: BudgetItem) -> String {
    format!("budget/{}", item.as_str())
}

fn year_start_lines(s: &Snapshot) -> impl Iterator<Item = &crate::domain::BudgetLine> {
    s.budget.iter().flat_map(|b| &b.lines).filter(|l| l.phase == Phase::YearStart)
}

/// Every comparable figure of a snapshot, in report order.
fn figures(s: &Snapshot) -> Vec<Figure> {
    let mut out = Vec::new();
    for line in year_start_lines(s) {
        if let Some(amount) = line.amount {
            out.push(money(item_key(line.item), Section::Budget, &line.label, amount, Source::Stated));
        }
    }
    // Project expenditure is often only implied: expenditure minus basic expenditure.
    let amount_of = |item| year_start_lines(s).find(|l| l.item == item).and_then(|l| l.amount);
    if amount_of(BudgetItem::ProjectExpenditure).is_none() {
        if let (Some(total), Some(basic)) =
            (amount_of(BudgetItem::Expenditure), amount_of(BudgetItem::BasicExpenditure))
        {
            let key = item_key(BudgetItem::ProjectExpenditure);
            out.push(money(key, Section::Budget, "项目支出（支出预算减基本支出）", total - basic, Source::Derived));
        }
    }
    if let Some(table) = s.expenditure.as_ref().and_then(|e| e.table.as_ref()) {
        for row in &table.rows {
            let c = &row.classification;
            let parts = [row.amounts.basic, row.amounts.project];
            let (value, source) = match row.amounts.total {
                Some(total) => (Some(total), Source::Stated),
                None if parts.iter().flatten().count() == 1 => (sum_known(parts), Source::Stated),
                None => (sum_known(parts), Source::Derived),
            };
            if let Some(value) = value {
                let key = format!("classification/{}/{}", c.scheme.as_str(), c.label);
                out.push(money(key, Section::ExpenditureClassification, &c.label, value, source));
            }
        }
    }
    if let Some(accounts) = &s.final_accounts {
        for (side, table, label) in
            [("income", &accounts.income, "收入"), ("expenditure", &accounts.expenditure, "支出")]
        {
            let Some(table) = table else { continue };
            for (column, name, values) in [
                ("budget", "预算", sum_known(table.lines.iter().map(|l| l.budget))),
                ("actual", "决算", sum_known(table.lines.iter().map(|l| l.actual))),
            ] {
                if let Some(value) = values {
                    let source = if table.lines.len() == 1 { Source::Stated } else { Source::Derived };
                    out.push(money(
                        format!("final_accounts/{side}/{column}"),
                        Section::FinalAccounts,
                        &format!("{label}{name}"),
                        value,
                        source,
                    ));
                }
            }
        }
    }
    if let Some(projects) = &s.key_projects {
        let totals = project_totals(projects);
        for (category, total) in projects.categories.iter().zip(&totals.categories) {
            let (value, source) = match (category.stated_subtotal, total.total.known) {
                (Some(stated), _) => (Some(stated), Source::Stated),
                (None, known) => (known, Source::Derived),
            };
            if let Some(value) = value {
                let key = format!("key_projects/{}", category.name);
                out.push(money(key, Section::KeyProjects, &category.name, value, source));
            }
        }
        let (value, source) = match projects.stated_total {
            Some(stated) => (Some(stated), Source::Stated),
            None => (totals.total.known, Source::Derived),
        };
        if let Some(value) = value {
            out.push(money("key_projects/total".into(), Section::KeyProjects, "重点项目投资估算总计", value, source));
        }
    }
    for m in s.results.iter().flat_map(|r| &r.measurements) {
        // Only whole-year numbers compare across years; classes and ranks are targets' business.
        if let (MetricValue::Number(value), None) = (&m.value, &m.period) {
            out.push(Figure {
                key: format!("metric/{}", m.metric),
                section: Section::Results,
                label: m.label.clone(),
                unit: m.unit.clone(),
                value: *value,
                source: Source::Stated,
            });
        }
    }
    if let Some(score) = s.evaluation.as_ref().and_then(|e| e.score) {
        out.push(Figure {
            key: "evaluation/score".into(),
            section: Section::Evaluation,
            label: "绩效评价得分".into(),
            unit: Some("分".into()),
            value: score,
            source: Source::Stated,
        });
    }
    out
}

/// The later report's prior-year column, by line key, when it is about the earlier year.
fn prior_year_column(from_year: u16, to: &Snapshot) -> Vec<(String, String, Decimal)> {
    if to.year != from_year + 1 {
        return Vec::new();
    }
    year_start_lines(to)
        .filter_map(|l| l.prior_year_amount.map(|amount| (item_key(l.item), l.label.clone(), amount)))
        .collect()
}

/// Compares the snapshot of an earlier year (if stored) with a later one. Lines missing on one
/// side say so; the later report's prior-year column fills in or flags restatements.
pub fn compare(from_year: u16, from: Option<&Snapshot>, to: &Snapshot) -> Comparison {
    let mut earlier: Vec<Figure> = from.map(figures).unwrap_or_default();
    let prior_column = prior_year_column(from_year, to);
    let mut restatements = Vec::new();
    for (key, label, stated) in prior_column {
        match earlier.iter().find(|f| f.key == key) {
            Some(stored) if stored.value != stated => restatements.push((key, stored.value, stated)),
            Some(_) => {}
            None => earlier.push(money(key, Section::Budget, &label, stated, Source::PriorYearColumn)),
        }
    }

    let later = figures(to);
    let mut lines = Vec::new();
    for figure in &later {
        let before = earlier.iter().find(|f| f.key == figure.key);
        lines.push(line(before, Some(figure), &restatements));
    }
    for figure in earlier.iter().filter(|f| !later.iter().any(|l| l.key == f.key)) {
        lines.push(line(Some(figure), None, &restatements));
    }
    Comparison { unit: to.unit.code.clone(), from: from_year, to: to.year, lines }
}

fn line(from: Option<&Figure>, to: Option<&Figure>, restatements: &[(String, Decimal, Decimal)]) -> ComparisonLine {
    let any = to.or(from).expect("a line has at least one side");
    let (change, dir, percent) = match (from, to) {
        (Some(a), Some(b)) => {
            (Some(b.value - a.value), Some(direction(a.value, b.value)), percent_change(a.value, b.value, 2))
        }
        _ => (None, None, None),
    };
    let availability = match (from, to) {
        (Some(_), Some(_)) => Availability::Both,
        (Some(_), None) => Availability::OnlyFrom,
        _ => Availability::OnlyTo,
    };
    let restatement = restatements.iter().find(|(key, ..)| *key == any.key).map(|&(_, stored, stated)| Restatement {
        stored,
        stated_by_later_report: stated,
        difference: stated - stored,
    });
    ComparisonLine {
        key: any.key.clone(),
        section: any.section,
        label: any.label.clone(),
        unit: any.unit.clone(),
        from: from.map(|f| f.value),
        from_source: from.map(|f| f.source),
        to: to.map(|f| f.value),
        to_source: to.map(|f| f.source),
        change,
        direction: dir,
        percent_change: percent,
        availability,
        restatement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::wire::assert_wire_names;

    #[test]
    fn comparison_enums_name_themselves_as_serde_does() {
        assert_wire_names(Section::ALL, Section::as_str);
        assert_wire_names(Source::ALL, Source::as_str);
        assert_wire_names(Availability::ALL, Availability::as_str);
    }
}
