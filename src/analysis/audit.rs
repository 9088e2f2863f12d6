//! Audit checks: recompute every figure the report states from others and report each
//! disagreement with the JSON pointers of the figures involved.

use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::arith::{agrees_at_stated_precision, direction, sum_known};
use super::projects::{combine, group_total, Total};
use crate::domain::{
    BudgetItem, ClassifiedTable, ExecutionLine, Figure, GradeBand, MetricValue, Phase, Snapshot, Split, StatedChange,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A stated figure contradicts what it is computed from.
    Error,
    /// Something a disclosure should have, or a figure that cannot be confirmed.
    Warning,
    /// Worth knowing, not wrong (e.g. a total over parts some of which are unknown).
    Info,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A total or subtotal differs from the sum of its parts.
    TotalMismatch,
    /// A total over parts some of which are unknown (`/`): it can only be "at least".
    TotalOverUnknownParts,
    /// An "of which" figure is larger than the figure it is part of.
    PartExceedsWhole,
    /// A stated change or difference differs from the two figures it comes from.
    ChangeMismatch,
    /// A stated direction (增加/减少) contradicts the figures.
    DirectionMismatch,
    /// A stated percentage differs from the recomputed one beyond the report's rounding.
    PercentMismatch,
    /// A stated count differs from the items listed.
    CountMismatch,
    /// Row numbers skip or repeat, so an item may be missing.
    NumberingGap,
    /// The stated grade is not the band the score falls in.
    GradeMismatch,
    /// Indicator weights do not sum to full marks.
    WeightsMismatch,
    /// Self-evaluation: full points although the target was missed.
    FullPointsDespiteMiss,
    /// Self-evaluation: a missed target without a reason for the deviation.
    MissingDeviationReason,
    /// Self-evaluation: more points than the indicator's weight.
    PointsAboveWeight,
    /// Self-evaluation: the points do not add up to the stated score.
    PointsDoNotAddUp,
    /// A part every disclosure must contain is missing.
    MissingPart,
    /// A prior-year figure differs from the stored snapshot of that year.
    PriorYearMismatch,
}

/// One disagreement between what the report states and what its own figures give.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Finding {
    #[schema(example = "percent_mismatch")]
    pub kind: FindingKind,
    #[schema(example = "error")]
    pub severity: Severity,
    /// JSON pointers (into the snapshot) of the figures involved, the stated one first.
    #[schema(example = json!(["/budget/lines/0/stated_change/percent", "/budget/lines/0/prior_year_amount", "/budget/lines/0/amount"]))]
    pub pointers: Vec<String>,
    /// The figure as stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "36%")]
    pub stated: Option<String>,
    /// The figure as recomputed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "34.87%")]
    pub recomputed: Option<String>,
    #[schema(
        example = "budget line 收入预算: the change is stated as 36% but is 34.87% (rounded to the stated 0 decimals: 35%)"
    )]
    pub message: String,
}

/// Grade bands used when a report states none: 优 ≥ 90, 良 80-90, 中 60-80, 差 < 60, as in
/// the Ministry of Finance's performance-evaluation rules (财预〔2020〕10号).
pub fn national_grade_bands() -> Vec<GradeBand> {
    let band = |grade: &str, min: Option<i64>, max: i64, inclusive: bool| GradeBand {
        grade: grade.into(),
        min: min.map(Decimal::from),
        max: Some(Decimal::from(max)),
        max_inclusive: inclusive,
    };
    vec![
        band("优", Some(90), 100, true),
        band("良", Some(80), 90, false),
        band("中", Some(60), 80, false),
        band("差", None, 60, false),
    ]
}

fn in_band(band: &GradeBand, score: Decimal) -> bool {
    let above = band.min.is_none_or(|min| score >= min);
    let below = band.max.is_none_or(|max| if band.max_inclusive { score <= max } else { score < max });
    above && below
}

/// Names that mean the same grade in the rules of different jurisdictions and years.
const GRADE_SYNONYMS: [&[&str]; 4] = [&["优", "优秀"], &["良", "良好"], &["中", "中等", "一般"], &["差", "较差"]];

/// A stated grade names a band when it is the band's name or one of its synonyms (优 for 优秀).
fn names_band(stated: &str, band: &str) -> bool {
    let stated = stated.trim();
    stated == band || GRADE_SYNONYMS.iter().any(|names| names.contains(&stated) && names.contains(&band))
}

/// The rows a classification table's totals add up: a table that prints 类/款/项 rows under
/// each other adds up at its top level only (rows without a level count as top level).
pub fn top_level_rows(table: &ClassifiedTable) -> Vec<usize> {
    let top = table.rows.iter().filter_map(|r| r.classification.level).min();
    (0..table.rows.len()).filter(|&i| table.rows[i].classification.level.is_none_or(|l| Some(l) == top)).collect()
}

/// Whether findings should stop a `strict` submission: errors and warnings do, notes do not.
pub fn blocks(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity <= Severity::Warning)
}

/// Runs every check on `snapshot`; `prior` is the stored snapshot of the year before, if any.
pub fn audit(snapshot: &Snapshot, prior: Option<&Snapshot>) -> Vec<Finding> {
    let mut a = Auditor::default();
    a.budget(snapshot, prior);
    a.expenditure(snapshot);
    a.final_accounts(snapshot);
    a.key_projects(snapshot);
    a.profile(snapshot);
    a.evaluation(snapshot);
    a.self_evaluation(snapshot);
    a.measurements(snapshot, prior);
    a.completeness(snapshot);
    a.findings
}

/// A figure and, when it is in the snapshot being checked, its pointer.
struct Located {
    value: Decimal,
    at: Option<String>,
}

impl Located {
    fn at(value: Decimal, pointer: String) -> Self {
        Located { value, at: Some(pointer) }
    }
}

#[derive(Default)]
struct Auditor {
    findings: Vec<Finding>,
}

fn show(value: Decimal) -> String {
    value.normalize().to_string()
}

impl Auditor {
    fn add(
        &mut self,
        kind: FindingKind,
        severity: Severity,
        pointers: Vec<String>,
        stated: Option<String>,
        recomputed: Option<String>,
        message: String,
    ) {
        self.findings.push(Finding { kind, severity, pointers, stated, recomputed, message });
    }

    /// A stated total against the exact sum of its parts.
    fn total(
        &mut self,
        stated_at: String,
        stated: Option<Decimal>,
        parts_at: Vec<String>,
        sum: Option<Decimal>,
        what: &str,
    ) {
        if let (Some(stated), Some(sum)) = (stated, sum) {
            if stated != sum {
                let mut pointers = vec![stated_at];
                pointers.extend(parts_at);
                self.add(
                    FindingKind::TotalMismatch,
                    Severity::Error,
                    pointers,
                    Some(show(stated)),
                    Some(show(sum)),
                    format!("{what} is stated as {} but its parts sum to {}", show(stated), show(sum)),
                );
            }
        }
    }

    /// A stated total (or `/`) against the recomputed total of project estimates.
    fn project_total(&mut self, at: String, stated: Option<Figure>, total: &Total, what: &str) {
        let Some(stated) = stated else { return };
        match (stated, total.known) {
            (Figure::Unknown, None) => {}
            (Figure::Unknown, Some(known)) => self.add(
                FindingKind::TotalMismatch,
                Severity::Warning,
                vec![at],
                Some("/".into()),
                Some(show(known)),
                format!("{what} is stated as unknown (/) although estimates of {} are known", show(known)),
            ),
            (Figure::Known(stated), None) => self.add(
                FindingKind::TotalMismatch,
                Severity::Error,
                vec![at],
                Some(show(stated)),
                Some("/".into()),
                format!("{what} is stated as {} but none of its {} estimates is known", show(stated), total.projects),
            ),
            (Figure::Known(stated), Some(known)) if stated == known => {}
            (Figure::Known(stated), Some(known)) if total.unknown > 0 && stated > known => self.add(
                FindingKind::TotalOverUnknownParts,
                Severity::Info,
                vec![at],
                Some(show(stated)),
                Some(format!("≥ {}", show(known))),
                format!(
                    "{what} is stated as {}; the known estimates sum to {} and {} are unknown, so the total is at least that",
                    show(stated),
                    show(known),
                    total.unknown
                ),
            ),
            (Figure::Known(stated), Some(known)) => {
                let unknown = if total.unknown > 0 { format!(" (at least; {} unknown)", total.unknown) } else { String::new() };
                self.add(
                    FindingKind::TotalMismatch,
                    Severity::Error,
                    vec![at],
                    Some(show(stated)),
                    Some(show(known)),
                    format!("{what} is stated as {} but the estimates sum to {}{unknown}", show(stated), show(known)),
                )
            }
        }
    }

    fn count(&mut self, at: String, stated: Option<u32>, listed: usize, what: &str) {
        if let Some(stated) = stated {
            if stated as usize != listed {
                self.add(
                    FindingKind::CountMismatch,
                    Severity::Error,
                    vec![at],
                    Some(stated.to_string()),
                    Some(listed.to_string()),
                    format!("{what}: {stated} stated, {listed} listed"),
                );
            }
        }
    }

    /// Row numbers must run 1, 2, 3 ... in order.
    fn numbering(&mut self, at: String, numbers: impl Iterator<Item = u32>, what: &str) {
        let numbers: Vec<u32> = numbers.collect();
        let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
        if numbers != expected {
            self.add(
                FindingKind::NumberingGap,
                Severity::Warning,
                vec![at],
                Some(format!("{numbers:?}")),
                Some(format!("{expected:?}")),
                format!("{what} are not numbered 1 to {} in order: a row may be missing", numbers.len()),
            );
        }
    }

    /// A stated change (magnitude, direction, percentage) against `from` -> `to`.
    fn change(&mut self, at: &str, stated: &StatedChange, from: Located, to: Located, what: &str) {
        let (from_at, to_at) = (from.at, to.at);
        let (from, to, exact) = (from.value, to.value, to.value - from.value);
        let involved = |field: &str| {
            let mut pointers = vec![format!("{at}/{field}")];
            pointers.extend([&from_at, &to_at].into_iter().flatten().cloned());
            pointers
        };
        if let Some(amount) = stated.amount {
            if amount != exact.abs() {
                self.add(
                    FindingKind::ChangeMismatch,
                    Severity::Error,
                    involved("amount"),
                    Some(show(amount)),
                    Some(show(exact.abs())),
                    format!(
                        "{what}: the change is stated as {} but {} to {} is {}",
                        show(amount),
                        show(from),
                        show(to),
                        show(exact)
                    ),
                );
            }
        }
        if let Some(stated_direction) = stated.direction {
            let actual = direction(from, to);
            if stated_direction != actual {
                self.add(
                    FindingKind::DirectionMismatch,
                    Severity::Error,
                    involved("direction"),
                    Some(format!("{stated_direction:?}").to_lowercase()),
                    Some(format!("{actual:?}").to_lowercase()),
                    format!("{what}: stated as {stated_direction:?} but {} to {} is {actual:?}", show(from), show(to))
                        .to_lowercase(),
                );
            }
        }
        if let Some(percent) = stated.percent {
            if from.is_zero() {
                return;
            }
            let exact_percent = exact.abs() * Decimal::ONE_HUNDRED / from.abs();
            if !agrees_at_stated_precision(percent, exact_percent) {
                self.add(
                    FindingKind::PercentMismatch,
                    Severity::Error,
                    involved("percent"),
                    Some(format!("{}%", show(percent))),
                    Some(format!("{}%", show(super::arith::round(exact_percent, 2)))),
                    format!(
                        "{what}: the change is stated as {}% but is {}% (rounded to the stated {} decimals: {}%)",
                        show(percent),
                        show(super::arith::round(exact_percent, 2)),
                        percent.scale(),
                        show(super::arith::round(exact_percent, percent.scale()))
                    ),
                );
            }
        }
    }

    fn budget(&mut self, s: &Snapshot, prior: Option<&Snapshot>) {
        let Some(budget) = &s.budget else { return };
        for (i, line) in budget.lines.iter().enumerate() {
            let at = format!("/budget/lines/{i}");
            if let (Some(change), Some(before), Some(now)) = (&line.stated_change, line.prior_year_amount, line.amount)
            {
                let what = format!("budget line {}", line.label);
                let (from, to) =
                    (Located::at(before, format!("{at}/prior_year_amount")), Located::at(now, format!("{at}/amount")));
                self.change(&format!("{at}/stated_change"), change, from, to, &what);
            }
            // The prior-year column against what is stored for that year.
            let stored = prior
                .and_then(|p| p.budget.as_ref())
                .and_then(|b| b.lines.iter().find(|l| l.item == line.item && l.phase == line.phase));
            if let (Some(stated), Some(stored_amount)) = (line.prior_year_amount, stored.and_then(|l| l.amount)) {
                if stated != stored_amount {
                    self.add(
                        FindingKind::PriorYearMismatch,
                        Severity::Warning,
                        vec![format!("{at}/prior_year_amount")],
                        Some(show(stated)),
                        Some(show(stored_amount)),
                        format!(
                            "{}: the prior-year figure {} differs from the stored {} report's {}",
                            line.label,
                            show(stated),
                            s.year - 1,
                            show(stored_amount)
                        ),
                    );
                }
            }
        }
        // Basic and project expenditure, when both are stated, make up the expenditure.
        let year_start =
            |item: BudgetItem| budget.lines.iter().position(|l| l.item == item && l.phase == Phase::YearStart);
        if let (Some(w), Some(b), Some(p)) = (
            year_start(BudgetItem::Expenditure),
            year_start(BudgetItem::BasicExpenditure),
            year_start(BudgetItem::ProjectExpenditure),
        ) {
            let sum = sum_known([budget.lines[b].amount, budget.lines[p].amount]);
            let parts = vec![format!("/budget/lines/{b}/amount"), format!("/budget/lines/{p}/amount")];
            self.total(
                format!("/budget/lines/{w}/amount"),
                budget.lines[w].amount,
                parts,
                sum,
                "the expenditure budget",
            );
        }
        // "Of which" lines are parts of their whole.
        let find = |item: BudgetItem| budget.lines.iter().position(|l| l.item == item && l.phase == Phase::YearStart);
        for (part, whole) in [
            (BudgetItem::FiscalAppropriation, BudgetItem::Income),
            (BudgetItem::BasicExpenditure, BudgetItem::Expenditure),
            (BudgetItem::ProjectExpenditure, BudgetItem::Expenditure),
        ] {
            let (Some(p), Some(w)) = (find(part), find(whole)) else {
                continue;
            };
            let (pl, wl) = (&budget.lines[p], &budget.lines[w]);
            for (field, part_amount, whole_amount) in
                [("amount", pl.amount, wl.amount), ("prior_year_amount", pl.prior_year_amount, wl.prior_year_amount)]
            {
                if let (Some(pa), Some(wa)) = (part_amount, whole_amount) {
                    if pa > wa {
                        self.add(
                            FindingKind::PartExceedsWhole,
                            Severity::Error,
                            vec![format!("/budget/lines/{p}/{field}"), format!("/budget/lines/{w}/{field}")],
                            Some(show(pa)),
                            Some(format!("≤ {}", show(wa))),
                            format!("{} ({}) exceeds {} ({})", pl.label, show(pa), wl.label, show(wa)),
                        );
                    }
                }
            }
        }
        // The budget's expenditure and basic expenditure against the expenditure section.
        if let Some(e) = s.expenditure.as_ref().filter(|e| e.phase == Phase::YearStart) {
            if let Some(w) = find(BudgetItem::Expenditure) {
                self.total(
                    "/expenditure/stated_total".into(),
                    e.stated_total,
                    vec![format!("/budget/lines/{w}/amount")],
                    budget.lines[w].amount,
                    "the overall expenditure",
                );
            }
            if let (Some(b), Some(totals)) =
                (find(BudgetItem::BasicExpenditure), e.table.as_ref().and_then(|t| t.stated_totals.as_ref()))
            {
                let at = "/expenditure/table/stated_totals/basic".to_string();
                self.total(
                    at,
                    totals.basic,
                    vec![format!("/budget/lines/{b}/amount")],
                    budget.lines[b].amount,
                    "the basic expenditure of the table",
                );
            }
        }
    }

    fn split(&mut self, at: &str, split: &Split, what: &str) {
        let parts = sum_known([split.basic, split.project]);
        self.total(
            format!("{at}/total"),
            split.total,
            vec![format!("{at}/basic"), format!("{at}/project")],
            parts,
            what,
        );
    }

    fn expenditure(&mut self, s: &Snapshot) {
        let Some(e) = &s.expenditure else { return };
        if let Some(g) = &e.general_public_budget {
            self.split("/expenditure/general_public_budget", g, "the general public budget expenditure");
        }
        if let Some(g) = &e.government_fund_budget {
            self.split("/expenditure/government_fund_budget", g, "the government fund budget expenditure");
        }
        let funds = [&e.general_public_budget, &e.government_fund_budget];
        if funds.iter().all(|f| f.as_ref().is_some_and(|f| f.total.is_some())) {
            let sum = sum_known(funds.iter().map(|f| f.as_ref().and_then(|f| f.total)));
            let parts = vec![
                "/expenditure/general_public_budget/total".into(),
                "/expenditure/government_fund_budget/total".into(),
            ];
            self.total("/expenditure/stated_total".into(), e.stated_total, parts, sum, "the overall expenditure");
        }
        let Some(table) = &e.table else { return };
        for (i, row) in table.rows.iter().enumerate() {
            self.split(
                &format!("/expenditure/table/rows/{i}/amounts"),
                &row.amounts,
                &format!("the row {}", row.classification.label),
            );
        }
        let Some(totals) = &table.stated_totals else {
            return;
        };
        let at = "/expenditure/table/stated_totals";
        let counted = top_level_rows(table);
        let column =
            |pick: fn(&Split) -> Option<Decimal>| sum_known(counted.iter().map(|&i| pick(&table.rows[i].amounts)));
        let pointers = |field: &str| {
            counted.iter().map(|i| format!("/expenditure/table/rows/{i}/amounts/{field}")).collect::<Vec<_>>()
        };
        self.total(
            format!("{at}/basic"),
            totals.basic,
            pointers("basic"),
            column(|a| a.basic),
            "the basic expenditure column total",
        );
        self.total(
            format!("{at}/project"),
            totals.project,
            pointers("project"),
            column(|a| a.project),
            "the project expenditure column total",
        );
        let rows_total = sum_known(counted.iter().map(|&i| {
            let r = &table.rows[i];
            r.amounts.total.or(sum_known([r.amounts.basic, r.amounts.project]))
        }));
        self.total(format!("{at}/total"), totals.total, pointers("total"), rows_total, "the table's grand total");
        self.split(at, totals, "the table's grand total");
        // The table against the fund split.
        if e.general_public_budget.is_some() || e.government_fund_budget.is_some() {
            for (field, pick) in
                [("basic", (|s: &Split| s.basic) as fn(&Split) -> Option<Decimal>), ("project", |s: &Split| s.project)]
            {
                let by_fund = sum_known(funds.iter().filter_map(|f| f.as_ref()).map(pick));
                let parts = vec![
                    format!("/expenditure/general_public_budget/{field}"),
                    format!("/expenditure/government_fund_budget/{field}"),
                ];
                self.total(
                    format!("{at}/{field}"),
                    pick(totals),
                    parts,
                    by_fund,
                    &format!("the table's {field} total against the fund split"),
                );
            }
            self.total(
                format!("{at}/total"),
                totals.total,
                vec!["/expenditure/stated_total".into()],
                e.stated_total,
                "the table's grand total against the overall expenditure",
            );
        }
    }

    fn execution_line(&mut self, at: &str, line: &ExecutionLine) {
        if let (Some(stated), Some(budget), Some(actual)) = (&line.stated_difference, line.budget, line.actual) {
            let what = format!("final accounts {}", line.label);
            let (from, to) = (Located::at(budget, format!("{at}/budget")), Located::at(actual, format!("{at}/actual")));
            self.change(&format!("{at}/stated_difference"), stated, from, to, &what);
        }
    }

    fn final_accounts(&mut self, s: &Snapshot) {
        let Some(accounts) = &s.final_accounts else {
            return;
        };
        for (side, table) in [("income", &accounts.income), ("expenditure", &accounts.expenditure)] {
            let Some(table) = table else { continue };
            let at = format!("/final_accounts/{side}");
            for (i, line) in table.lines.iter().enumerate() {
                self.execution_line(&format!("{at}/lines/{i}"), line);
            }
            if let Some(subtotal) = &table.stated_subtotal {
                self.execution_line(&format!("{at}/stated_subtotal"), subtotal);
                for (field, pick) in [
                    ("budget", (|l: &ExecutionLine| l.budget) as fn(&ExecutionLine) -> Option<Decimal>),
                    ("actual", |l: &ExecutionLine| l.actual),
                ] {
                    let parts = (0..table.lines.len()).map(|i| format!("{at}/lines/{i}/{field}")).collect();
                    let sum = sum_known(table.lines.iter().map(pick));
                    self.total(
                        format!("{at}/stated_subtotal/{field}"),
                        pick(subtotal),
                        parts,
                        sum,
                        &format!("the {side} subtotal ({field})"),
                    );
                }
            }
        }
    }

    fn key_projects(&mut self, s: &Snapshot) {
        let Some(k) = &s.key_projects else { return };
        let mut all = Vec::new();
        for (c, category) in k.categories.iter().enumerate() {
            let at = format!("/key_projects/categories/{c}");
            let mut groups = Vec::new();
            for (g, group) in category.groups.iter().enumerate() {
                let at = format!("{at}/groups/{g}");
                let total = group_total(group);
                let name = format!("group {} {}", group.number, group.name);
                self.project_total(
                    format!("{at}/stated_total"),
                    group.stated_total,
                    &total,
                    &format!("the 合计 of {name}"),
                );
                self.project_total(
                    format!("{at}/stated_estimate"),
                    group.stated_estimate,
                    &total,
                    &format!("the summary-table estimate of {name}"),
                );
                self.count(
                    format!("{at}/stated_project_count"),
                    group.stated_project_count,
                    group.projects.len(),
                    &format!("projects of {name}"),
                );
                self.numbering(
                    format!("{at}/projects"),
                    group.projects.iter().map(|p| p.number),
                    &format!("the projects of {name}"),
                );
                groups.push(total);
            }
            let total = combine(&groups);
            let name = format!("category {}", category.name);
            self.project_total(
                format!("{at}/stated_subtotal"),
                category.stated_subtotal.map(Figure::Known),
                &total,
                &format!("the 小计 of {name}"),
            );
            self.count(
                format!("{at}/stated_project_count"),
                category.stated_project_count,
                total.projects,
                &format!("projects of {name}"),
            );
            all.push(total);
        }
        let total = combine(&all);
        self.project_total(
            "/key_projects/stated_total".into(),
            k.stated_total.map(Figure::Known),
            &total,
            "the 总计 of the key projects",
        );
        self.count("/key_projects/stated_project_count".into(), k.stated_project_count, total.projects, "key projects");
        let numbers = k.categories.iter().flat_map(|c| c.groups.iter().map(|g| g.number));
        self.numbering("/key_projects/categories".into(), numbers, "the project groups");
    }

    fn profile(&mut self, s: &Snapshot) {
        let Some(p) = &s.profile else { return };
        if !p.staff.is_empty() {
            let sum: u32 = p.staff.iter().map(|c| c.count).sum();
            if let Some(stated) = p.stated_staff_total.filter(|&t| t != sum) {
                let parts =
                    p.staff.iter().map(|c| format!("{} {}", c.category, c.count)).collect::<Vec<_>>().join(" + ");
                let mut pointers = vec!["/profile/stated_staff_total".to_string()];
                pointers.extend((0..p.staff.len()).map(|i| format!("/profile/staff/{i}/count")));
                self.add(
                    FindingKind::CountMismatch,
                    Severity::Error,
                    pointers,
                    Some(stated.to_string()),
                    Some(sum.to_string()),
                    format!("staff: {stated} stated, but {parts} = {sum}"),
                );
            }
        }
        if !p.divisions.is_empty() {
            self.count(
                "/profile/stated_division_count".into(),
                p.stated_division_count,
                p.divisions.len(),
                "internal divisions",
            );
        }
    }

    fn evaluation(&mut self, s: &Snapshot) {
        let Some(e) = &s.evaluation else { return };
        let full_marks = e.max_score.unwrap_or(Decimal::ONE_HUNDRED);
        if !e.indicator_groups.is_empty() {
            let sum: Decimal = e.indicator_groups.iter().map(|g| g.points).sum();
            if sum != full_marks {
                let pointers =
                    (0..e.indicator_groups.len()).map(|i| format!("/evaluation/indicator_groups/{i}/points")).collect();
                self.add(
                    FindingKind::WeightsMismatch,
                    Severity::Error,
                    pointers,
                    Some(show(full_marks)),
                    Some(show(sum)),
                    format!("the indicator weights sum to {} instead of {}", show(sum), show(full_marks)),
                );
            }
        }
        let (Some(score), Some(stated)) = (e.score, &e.stated_grade) else {
            return;
        };
        let (bands, whose) = if e.grade_bands.is_empty() {
            (national_grade_bands(), "the national")
        } else {
            (e.grade_bands.clone(), "the report's")
        };
        match bands.iter().find(|b| in_band(b, score)) {
            Some(band) if names_band(stated, &band.grade) => {}
            Some(band) => self.add(
                FindingKind::GradeMismatch,
                Severity::Error,
                vec!["/evaluation/stated_grade".into(), "/evaluation/score".into(), "/evaluation/grade_bands".into()],
                Some(stated.clone()),
                Some(band.grade.clone()),
                format!("a score of {} is {} by {whose} grade bands, not {stated}", show(score), band.grade),
            ),
            None => self.add(
                FindingKind::GradeMismatch,
                Severity::Warning,
                vec!["/evaluation/grade_bands".into(), "/evaluation/score".into()],
                Some(stated.clone()),
                None,
                format!("no grade band of {whose} bands contains the score {}", show(score)),
            ),
        }
    }

    fn self_evaluation(&mut self, s: &Snapshot) {
        for (a, attachment) in s.attachments.iter().enumerate().filter(|(_, a)| !a.rows.is_empty()) {
            // The table's weights share out full marks, as the indicator groups do.
            let full_marks = s.evaluation.as_ref().and_then(|e| e.max_score).unwrap_or(Decimal::ONE_HUNDRED);
            let weights: Decimal = attachment.rows.iter().map(|r| r.weight).sum();
            if weights != full_marks {
                let pointers =
                    (0..attachment.rows.len()).map(|r| format!("/attachments/{a}/rows/{r}/weight")).collect();
                self.add(
                    FindingKind::WeightsMismatch,
                    Severity::Error,
                    pointers,
                    Some(show(full_marks)),
                    Some(show(weights)),
                    format!(
                        "the self-evaluation table's weights sum to {} instead of {}",
                        show(weights),
                        show(full_marks)
                    ),
                );
            }
            for (r, row) in attachment.rows.iter().enumerate() {
                let at = format!("/attachments/{a}/rows/{r}");
                let name = row.indicator.join(" / ");
                if let Some(score) = row.score {
                    if score > row.weight {
                        self.add(
                            FindingKind::PointsAboveWeight,
                            Severity::Error,
                            vec![format!("{at}/score"), format!("{at}/weight")],
                            Some(show(score)),
                            Some(format!("≤ {}", show(row.weight))),
                            format!("{name}: {} points for a weight of {}", show(score), show(row.weight)),
                        );
                    }
                    if row.target_met == Some(false) && score == row.weight {
                        self.add(
                            FindingKind::FullPointsDespiteMiss,
                            Severity::Warning,
                            vec![format!("{at}/score"), format!("{at}/target_met")],
                            Some(show(score)),
                            Some(format!("< {}", show(row.weight))),
                            format!("{name}: full points although the target was not met"),
                        );
                    }
                }
                if row.target_met == Some(false) && row.deviation_reason.as_deref().is_none_or(|r| r.trim().is_empty())
                {
                    self.add(
                        FindingKind::MissingDeviationReason,
                        Severity::Warning,
                        vec![format!("{at}/deviation_reason")],
                        None,
                        None,
                        format!("{name}: the target was not met and no reason for the deviation is given"),
                    );
                }
            }
            let scores: Option<Vec<Decimal>> = attachment.rows.iter().map(|r| r.score).collect();
            if let (Some(scores), Some(stated)) = (scores, s.evaluation.as_ref().and_then(|e| e.score)) {
                let sum: Decimal = scores.iter().sum();
                if sum != stated {
                    self.add(
                        FindingKind::PointsDoNotAddUp,
                        Severity::Error,
                        vec!["/evaluation/score".into(), format!("/attachments/{a}/rows")],
                        Some(show(stated)),
                        Some(show(sum)),
                        format!(
                            "the self-evaluation table's points sum to {} but the score is stated as {}",
                            show(sum),
                            show(stated)
                        ),
                    );
                }
            }
        }
    }

    fn measurements(&mut self, s: &Snapshot, prior: Option<&Snapshot>) {
        let Some(prior) = prior else { return };
        let Some(results) = &s.results else { return };
        for (i, m) in results.measurements.iter().enumerate() {
            let (Some(change), MetricValue::Number(now), None) = (&m.stated_change, &m.value, &m.period) else {
                continue;
            };
            let before =
                prior.results.iter().flat_map(|r| &r.measurements).find(|p| p.metric == m.metric && p.period.is_none());
            if let Some(MetricValue::Number(before)) = before.map(|p| &p.value) {
                let at = format!("/results/measurements/{i}");
                // The earlier figure lives in the stored prior-year snapshot, not in this one.
                let from = Located { value: *before, at: None };
                let what = format!("{} (against the stored {} report)", m.label, prior.year);
                self.change(
                    &format!("{at}/stated_change"),
                    change,
                    from,
                    Located::at(*now, format!("{at}/value/number")),
                    &what,
                );
            }
        }
    }

    fn completeness(&mut self, s: &Snapshot) {
        let parts: [(&str, &str, bool); 6] = [
            ("/budget", "the year-start budget (年初预算)", s.budget.as_ref().is_some_and(|b| !b.lines.is_empty())),
            (
                "/final_accounts",
                "the final accounts (决算)",
                s.final_accounts.as_ref().is_some_and(|f| f.income.is_some() || f.expenditure.is_some()),
            ),
            (
                "/goals",
                "the performance goals (绩效目标)",
                s.goals.as_ref().is_some_and(|g| g.strategic.is_some() || !g.targets.is_empty()),
            ),
            (
                "/evaluation/score",
                "the evaluation score (评价得分)",
                s.evaluation.as_ref().is_some_and(|e| e.score.is_some()),
            ),
            ("/problems", "the problems found (存在的问题)", !s.problems.is_empty()),
            ("/recommendations", "the corrective measures (改进措施)", !s.recommendations.is_empty()),
        ];
        // A snapshot that says where its figures come from (`source`) is a declared partial
        // reconstruction: what it lacks is noted, not held against it.
        let severity = if s.source.is_some() { Severity::Info } else { Severity::Warning };
        for (at, what, present) in parts {
            if !present {
                self.add(
                    FindingKind::MissingPart,
                    severity,
                    vec![at.into()],
                    None,
                    None,
                    format!("a disclosure must contain {what}, and this one does not"),
                );
            }
        }
    }
}
