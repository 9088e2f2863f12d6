//! Validation of a snapshot on the way in. It reports **every** problem at once, each with the
//! JSON pointer (RFC 6901) of the value at fault, so a client can fix a submission in one go.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::figure::Figure;
use super::report::*;
use super::value::MetricValue;

/// One thing wrong with a request, located by a JSON pointer into its body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Problem {
    /// JSON pointer (RFC 6901) to the offending value; `""` is the whole document.
    #[schema(example = "/budget/lines/0/amount")]
    pub pointer: String,
    #[schema(example = "must not be negative")]
    pub message: String,
}

impl Problem {
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Problem { pointer: pointer.into(), message: message.into() }
    }
}

pub const MIN_YEAR: u16 = 1949;
pub const MAX_YEAR: u16 = 2100;
/// Amounts above this many 万元 (100 trillion yuan) are typing errors, not budgets.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(1_410_065_408, 2, 0, false, 0); // 10^10
/// A 万元 amount has at most two decimals (0.01 万元 = 100 元, the precision reports print).
pub const MONEY_SCALE: u32 = 2;
const MAX_NAME_CHARS: usize = 200;
const MAX_LABEL_CHARS: usize = 1_000;
const MAX_TEXT_CHARS: usize = 200_000;
const MAX_ITEMS: usize = 10_000;

/// Addresses the server and the site use themselves, which no unit may take.
pub const RESERVED_CODES: [&str; 5] = ["api", "api-docs", "swagger-ui", "data", "static"];

/// Checks a unit code: 2-64 characters of `a-z`, `0-9` and `-`, not starting or ending with `-`,
/// and none of the reserved addresses. Codes become file names and URL segments, so nothing
/// else may pass.
pub fn check_unit_code(code: &str) -> Result<(), String> {
    if RESERVED_CODES.contains(&code) {
        return Err(format!("is reserved ({})", RESERVED_CODES.join(", ")));
    }
    check_slug(code)
}

/// A slug: 2-64 characters of `a-z`, `0-9` and `-`, not starting or ending with `-`.
pub fn check_slug(code: &str) -> Result<(), String> {
    let ok_chars = code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !(2..=64).contains(&code.len()) || !ok_chars {
        return Err("must be 2-64 characters of lowercase a-z, 0-9 and '-'".into());
    }
    if code.starts_with('-') || code.ends_with('-') {
        return Err("must not start or end with '-'".into());
    }
    Ok(())
}

pub fn check_year(year: u16) -> Result<(), String> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(format!("must be a year from {MIN_YEAR} to {MAX_YEAR}"))
    }
}

/// Checks a single-line name (unit, project, category ...): not blank, short, no markup, no
/// control characters. Names end up in titles, tables and file listings.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.trim().is_empty() {
        return Err("must not be empty".into());
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!("must be at most {MAX_NAME_CHARS} characters"));
    }
    if name.chars().any(char::is_control) {
        return Err("must be a single line without control characters".into());
    }
    if name.contains(['<', '>']) {
        return Err("must not contain '<' or '>' (markup is not allowed in names)".into());
    }
    Ok(())
}

/// Validates a whole snapshot; `Err` carries every problem found.
pub fn validate(snapshot: &Snapshot) -> Result<(), Vec<Problem>> {
    let mut v = Validator::default();
    v.snapshot(snapshot);
    if v.problems.is_empty() {
        Ok(())
    } else {
        Err(v.problems)
    }
}

/// Validates a unit on its own (the body of `PUT /units/{unit}`); pointers are relative to it.
pub fn validate_unit(unit: &Unit) -> Result<(), Vec<Problem>> {
    let mut v = Validator::default();
    v.unit("", unit);
    if v.problems.is_empty() {
        Ok(())
    } else {
        Err(v.problems)
    }
}

#[derive(Default)]
struct Validator {
    problems: Vec<Problem>,
}

impl Validator {
    fn fail(&mut self, pointer: &str, message: impl Into<String>) {
        self.problems.push(Problem::new(pointer, message));
    }

    fn result(&mut self, pointer: &str, result: Result<(), String>) {
        if let Err(message) = result {
            self.fail(pointer, message);
        }
    }

    fn name(&mut self, pointer: &str, name: &str) {
        self.result(pointer, check_name(name));
    }

    fn opt_name(&mut self, pointer: &str, name: &Option<String>) {
        if let Some(name) = name {
            self.name(pointer, name);
        }
    }

    /// A single-line label or short statement: may contain any printable text.
    fn label(&mut self, pointer: &str, text: &str) {
        if text.trim().is_empty() {
            self.fail(pointer, "must not be empty");
        } else if text.chars().count() > MAX_LABEL_CHARS {
            self.fail(pointer, format!("must be at most {MAX_LABEL_CHARS} characters"));
        } else if text.chars().any(char::is_control) {
            self.fail(pointer, "must be a single line without control characters");
        }
    }

    fn opt_label(&mut self, pointer: &str, text: &Option<String>) {
        if let Some(text) = text {
            self.label(pointer, text);
        }
    }

    /// Multi-line Markdown text.
    fn text(&mut self, pointer: &str, text: &str) {
        if text.trim().is_empty() {
            self.fail(pointer, "must not be empty");
        } else if text.chars().count() > MAX_TEXT_CHARS {
            self.fail(pointer, format!("must be at most {MAX_TEXT_CHARS} characters"));
        } else if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
            self.fail(pointer, "must not contain control characters other than line breaks and tabs");
        }
    }

    fn opt_text(&mut self, pointer: &str, text: &Option<String>) {
        if let Some(text) = text {
            self.text(pointer, text);
        }
    }

    fn texts(&mut self, pointer: &str, texts: &[String]) {
        self.count(pointer, texts.len());
        for (i, text) in texts.iter().enumerate() {
            self.text(&format!("{pointer}/{i}"), text);
        }
    }

    fn count(&mut self, pointer: &str, len: usize) {
        if len > MAX_ITEMS {
            self.fail(pointer, format!("must have at most {MAX_ITEMS} items"));
        }
    }

    fn year(&mut self, pointer: &str, year: u16) {
        self.result(pointer, check_year(year));
    }

    fn opt_year(&mut self, pointer: &str, year: Option<u16>) {
        if let Some(year) = year {
            self.year(pointer, year);
        }
    }

    /// A non-negative amount in 万元 with at most two decimals, below the absurd.
    fn money(&mut self, pointer: &str, amount: Decimal) {
        if amount.is_sign_negative() {
            self.fail(pointer, "must not be negative");
        } else if amount.scale() > MONEY_SCALE {
            self.fail(pointer, "must have at most 2 decimals (an amount in 万元)");
        } else if amount > MAX_AMOUNT {
            self.fail(pointer, format!("is implausibly large (over {MAX_AMOUNT} 万元)"));
        }
    }

    fn opt_money(&mut self, pointer: &str, amount: Option<Decimal>) {
        if let Some(amount) = amount {
            self.money(pointer, amount);
        }
    }

    fn figure(&mut self, pointer: &str, figure: Option<Figure>) {
        if let Some(Figure::Known(amount)) = figure {
            self.money(pointer, amount);
        }
    }

    /// A non-negative ratio or score with at most `scale` decimals and at most `max`.
    fn ratio(&mut self, pointer: &str, value: Decimal, scale: u32, max: Decimal) {
        if value.is_sign_negative() {
            self.fail(pointer, "must not be negative");
        } else if value.scale() > scale {
            self.fail(pointer, format!("must have at most {scale} decimals"));
        } else if value > max {
            self.fail(pointer, format!("must be at most {max}"));
        }
    }

    fn split(&mut self, pointer: &str, split: &Split) {
        self.opt_money(&format!("{pointer}/basic"), split.basic);
        self.opt_money(&format!("{pointer}/project"), split.project);
        self.opt_money(&format!("{pointer}/total"), split.total);
    }

    fn change(&mut self, pointer: &str, change: &StatedChange, money: bool) {
        if change.amount.is_none() && change.percent.is_none() && change.direction.is_none() {
            self.fail(pointer, "must state a direction, an amount or a percentage");
        }
        if let Some(amount) = change.amount {
            let at = format!("{pointer}/amount");
            if money {
                self.money(&at, amount);
            } else {
                self.ratio(&at, amount, 4, MAX_AMOUNT);
            }
        }
        if let Some(percent) = change.percent {
            self.ratio(&format!("{pointer}/percent"), percent, 2, Decimal::from(1_000_000));
        }
    }

    fn snapshot(&mut self, s: &Snapshot) {
        self.unit("/unit", &s.unit);
        self.year("/year", s.year);
        self.opt_label("/title", &s.title);
        self.opt_text("/source", &s.source);
        if let Some(profile) = &s.profile {
            self.profile(profile);
        }
        self.count("/rules", s.rules.len());
        for (i, rule) in s.rules.iter().enumerate() {
            self.name(&format!("/rules/{i}/title"), &rule.title);
            self.text(&format!("/rules/{i}/body"), &rule.body);
        }
        if let Some(budget) = &s.budget {
            self.budget(budget);
        }
        if let Some(expenditure) = &s.expenditure {
            self.expenditure(expenditure);
        }
        if let Some(accounts) = &s.final_accounts {
            for (key, table) in [("income", &accounts.income), ("expenditure", &accounts.expenditure)] {
                if let Some(table) = table {
                    self.execution(&format!("/final_accounts/{key}"), table);
                }
            }
        }
        if let Some(goals) = &s.goals {
            self.goals(goals);
        }
        if let Some(projects) = &s.key_projects {
            self.key_projects(projects);
        }
        if let Some(evaluation) = &s.evaluation {
            self.evaluation(evaluation);
        }
        if let Some(results) = &s.results {
            self.results(results);
        }
        self.texts("/experience", &s.experience);
        self.texts("/problems", &s.problems);
        self.texts("/recommendations", &s.recommendations);
        self.count("/attachments", s.attachments.len());
        for (i, attachment) in s.attachments.iter().enumerate() {
            self.attachment(&format!("/attachments/{i}"), attachment);
        }
    }

    fn unit(&mut self, at: &str, unit: &Unit) {
        self.result(&format!("{at}/code"), check_unit_code(&unit.code));
        self.name(&format!("{at}/name"), &unit.name);
        self.opt_label(&format!("{at}/kind"), &unit.kind);
        self.opt_label(&format!("{at}/region"), &unit.region);
        self.opt_name(&format!("{at}/parent"), &unit.parent);
    }

    fn profile(&mut self, p: &Profile) {
        self.opt_text("/profile/description", &p.description);
        self.count("/profile/staff", p.staff.len());
        for (i, staff) in p.staff.iter().enumerate() {
            self.name(&format!("/profile/staff/{i}/category"), &staff.category);
        }
        for (key, names) in [("divisions", &p.divisions), ("subordinate_institutions", &p.subordinate_institutions)] {
            self.count(&format!("/profile/{key}"), names.len());
            for (i, name) in names.iter().enumerate() {
                self.name(&format!("/profile/{key}/{i}"), name);
            }
        }
    }

    fn budget(&mut self, b: &YearStartBudget) {
        self.count("/budget/lines", b.lines.len());
        let mut seen = HashSet::new();
        for (i, line) in b.lines.iter().enumerate() {
            let at = format!("/budget/lines/{i}");
            if !seen.insert((line.item, line.phase)) {
                self.fail(&format!("{at}/item"), "appears twice for the same phase");
            }
            self.label(&format!("{at}/label"), &line.label);
            self.opt_money(&format!("{at}/amount"), line.amount);
            self.opt_money(&format!("{at}/prior_year_amount"), line.prior_year_amount);
            if let Some(change) = &line.stated_change {
                self.change(&format!("{at}/stated_change"), change, true);
            }
        }
        self.opt_text("/budget/explanation", &b.explanation);
    }

    fn expenditure(&mut self, e: &Expenditure) {
        self.opt_text("/expenditure/description", &e.description);
        self.opt_money("/expenditure/stated_total", e.stated_total);
        for (key, split) in
            [("general_public_budget", &e.general_public_budget), ("government_fund_budget", &e.government_fund_budget)]
        {
            if let Some(split) = split {
                self.split(&format!("/expenditure/{key}"), split);
            }
        }
        if let Some(table) = &e.table {
            self.count("/expenditure/table/rows", table.rows.len());
            for (i, row) in table.rows.iter().enumerate() {
                let at = format!("/expenditure/table/rows/{i}");
                let c = &row.classification;
                self.name(&format!("{at}/classification/label"), &c.label);
                if let Some(code) = &c.code {
                    if code.is_empty() || code.len() > 16 || !code.bytes().all(|b| b.is_ascii_digit()) {
                        self.fail(&format!("{at}/classification/code"), "must be 1-16 digits");
                    }
                }
                if let Some(level) = c.level {
                    if !(1..=9).contains(&level) {
                        self.fail(&format!("{at}/classification/level"), "must be from 1 to 9");
                    }
                }
                self.split(&format!("{at}/amounts"), &row.amounts);
            }
            if let Some(totals) = &table.stated_totals {
                self.split("/expenditure/table/stated_totals", totals);
            }
        }
    }

    fn execution(&mut self, at: &str, table: &ExecutionTable) {
        self.count(&format!("{at}/lines"), table.lines.len());
        let lines = table.lines.iter().enumerate().map(|(i, l)| (format!("{at}/lines/{i}"), l));
        let subtotal = table.stated_subtotal.iter().map(|l| (format!("{at}/stated_subtotal"), l));
        for (at, line) in lines.chain(subtotal) {
            self.label(&format!("{at}/label"), &line.label);
            self.opt_money(&format!("{at}/budget"), line.budget);
            self.opt_money(&format!("{at}/actual"), line.actual);
            if let Some(change) = &line.stated_difference {
                self.change(&format!("{at}/stated_difference"), change, true);
            }
        }
        self.opt_text(&format!("{at}/explanation"), &table.explanation);
    }

    fn goals(&mut self, g: &Goals) {
        self.opt_text("/goals/strategic", &g.strategic);
        self.opt_text("/goals/medium_term", &g.medium_term);
        self.count("/goals/targets", g.targets.len());
        for (i, target) in g.targets.iter().enumerate() {
            let at = format!("/goals/targets/{i}");
            self.result(&format!("{at}/metric"), check_slug(&target.metric).map_err(|m| format!("metric id {m}")));
            self.label(&format!("{at}/label"), &target.label);
            self.year(&format!("{at}/deadline"), target.deadline);
            match &target.goal {
                Goal::AtLeast(value) if value.scale() > 6 => {
                    self.fail(&format!("{at}/goal/at_least"), "must have at most 6 decimals")
                }
                Goal::AtMost(value) if value.scale() > 6 => {
                    self.fail(&format!("{at}/goal/at_most"), "must have at most 6 decimals")
                }
                Goal::Rank(0) => self.fail(&format!("{at}/goal/rank"), "ranks start at 1"),
                _ => {}
            }
        }
        self.texts("/goals/functions", &g.functions);
    }

    fn key_projects(&mut self, k: &KeyProjects) {
        self.opt_year("/key_projects/from", k.from);
        self.opt_year("/key_projects/to", k.to);
        if let (Some(from), Some(to)) = (k.from, k.to) {
            if from > to {
                self.fail("/key_projects/from", format!("the period starts ({from}) after it ends ({to})"));
            }
        }
        self.opt_text("/key_projects/description", &k.description);
        self.opt_money("/key_projects/stated_total", k.stated_total);
        self.count("/key_projects/categories", k.categories.len());
        let mut group_numbers = HashSet::new();
        for (c, category) in k.categories.iter().enumerate() {
            let at = format!("/key_projects/categories/{c}");
            self.name(&format!("{at}/name"), &category.name);
            self.opt_money(&format!("{at}/stated_subtotal"), category.stated_subtotal);
            self.count(&format!("{at}/groups"), category.groups.len());
            for (g, group) in category.groups.iter().enumerate() {
                let at = format!("{at}/groups/{g}");
                if !group_numbers.insert(group.number) {
                    self.fail(&format!("{at}/number"), format!("group number {} is used twice", group.number));
                }
                self.name(&format!("{at}/name"), &group.name);
                self.opt_label(&format!("{at}/table"), &group.table);
                self.figure(&format!("{at}/stated_estimate"), group.stated_estimate);
                self.figure(&format!("{at}/stated_total"), group.stated_total);
                self.projects(&at, group);
            }
        }
    }

    fn projects(&mut self, group_at: &str, group: &ProjectGroup) {
        self.count(&format!("{group_at}/projects"), group.projects.len());
        // number -> whether that row carries an estimate cell of its own (an amount or "/")
        let mut earlier: HashMap<u32, bool> = HashMap::new();
        for (p, project) in group.projects.iter().enumerate() {
            let at = format!("{group_at}/projects/{p}");
            self.opt_name(&format!("{at}/name"), &project.name);
            self.opt_text(&format!("{at}/content"), &project.content);
            if project.name.is_none() && project.content.is_none() {
                self.fail(&at, "needs a name or a content");
            }
            match (project.estimate, project.shares_estimate_of) {
                (Some(_), Some(_)) => self.fail(
                    &format!("{at}/shares_estimate_of"),
                    "a row either has its own estimate or shares another row's, not both",
                ),
                (None, None) => self.fail(
                    &format!("{at}/estimate"),
                    "is required: an amount, \"/\" when unknown, or shares_estimate_of for a merged cell",
                ),
                (None, Some(of)) => match earlier.get(&of) {
                    Some(true) => {}
                    Some(false) => self.fail(
                        &format!("{at}/shares_estimate_of"),
                        format!("row {of} has no estimate cell of its own to share"),
                    ),
                    None => self.fail(
                        &format!("{at}/shares_estimate_of"),
                        format!("must name an earlier row of the same table; there is no row {of} before this one"),
                    ),
                },
                (Some(_), None) => {}
            }
            self.figure(&format!("{at}/estimate"), project.estimate);
            self.opt_year(&format!("{at}/from"), project.from);
            self.opt_year(&format!("{at}/to"), project.to);
            if let (Some(from), Some(to)) = (project.from, project.to) {
                if from > to {
                    self.fail(&format!("{at}/from"), format!("the project starts ({from}) after it ends ({to})"));
                }
            }
            self.count(&format!("{at}/responsible"), project.responsible.len());
            for (r, unit) in project.responsible.iter().enumerate() {
                self.name(&format!("{at}/responsible/{r}"), unit);
            }
            if earlier.insert(project.number, project.estimate.is_some()).is_some() {
                self.fail(&format!("{at}/number"), format!("row number {} is used twice", project.number));
            }
        }
    }

    fn evaluation(&mut self, e: &Evaluation) {
        self.opt_text("/evaluation/approach", &e.approach);
        self.opt_text("/evaluation/method", &e.method);
        self.opt_text("/evaluation/process", &e.process);
        self.opt_text("/evaluation/conclusion", &e.conclusion);
        let hundred = Decimal::ONE_HUNDRED;
        let max_score = e.max_score.unwrap_or(hundred);
        if let Some(max) = e.max_score {
            self.ratio("/evaluation/max_score", max, 2, Decimal::from(10_000));
            if max.is_zero() {
                self.fail("/evaluation/max_score", "must be positive");
            }
        }
        self.count("/evaluation/indicator_groups", e.indicator_groups.len());
        let mut sum = Decimal::ZERO;
        for (i, group) in e.indicator_groups.iter().enumerate() {
            self.name(&format!("/evaluation/indicator_groups/{i}/name"), &group.name);
            self.opt_text(&format!("/evaluation/indicator_groups/{i}/description"), &group.description);
            self.ratio(&format!("/evaluation/indicator_groups/{i}/points"), group.points, 2, max_score);
            sum += group.points;
        }
        if !e.indicator_groups.is_empty() && sum != max_score {
            self.fail("/evaluation/indicator_groups", format!("the weights sum to {sum}, not {max_score}"));
        }
        for (i, band) in e.grade_bands.iter().enumerate() {
            let at = format!("/evaluation/grade_bands/{i}");
            self.name(&format!("{at}/grade"), &band.grade);
            if band.min.is_none() && band.max.is_none() {
                self.fail(&at, "needs a min or a max");
            }
            for (end, value) in [("min", band.min), ("max", band.max)] {
                if let Some(value) = value {
                    self.ratio(&format!("{at}/{end}"), value, 2, max_score);
                }
            }
            if let (Some(min), Some(max)) = (band.min, band.max) {
                if min > max {
                    self.fail(&format!("{at}/min"), format!("min {min} is above max {max}"));
                }
            }
        }
        if let Some(score) = e.score {
            self.ratio("/evaluation/score", score, 2, max_score);
        }
        self.opt_name("/evaluation/stated_grade", &e.stated_grade);
    }

    fn results(&mut self, r: &Results) {
        self.count("/results/measurements", r.measurements.len());
        for (i, m) in r.measurements.iter().enumerate() {
            let at = format!("/results/measurements/{i}");
            self.result(&format!("{at}/metric"), check_slug(&m.metric).map_err(|e| format!("metric id {e}")));
            self.label(&format!("{at}/label"), &m.label);
            self.opt_label(&format!("{at}/period"), &m.period);
            self.opt_label(&format!("{at}/unit"), &m.unit);
            match &m.value {
                MetricValue::Number(n) if n.scale() > 6 => {
                    self.fail(&format!("{at}/value/number"), "must have at most 6 decimals")
                }
                MetricValue::Rank(0) => self.fail(&format!("{at}/value/rank"), "ranks start at 1"),
                _ => {}
            }
            if let Some(change) = &m.stated_change {
                self.change(&format!("{at}/stated_change"), change, false);
            }
        }
        self.count("/results/sections", r.sections.len());
        for (i, section) in r.sections.iter().enumerate() {
            self.label(&format!("/results/sections/{i}/title"), &section.title);
            self.text(&format!("/results/sections/{i}/body"), &section.body);
        }
    }

    fn attachment(&mut self, at: &str, a: &Attachment) {
        self.label(&format!("{at}/title"), &a.title);
        self.count(&format!("{at}/rows"), a.rows.len());
        for (i, row) in a.rows.iter().enumerate() {
            let at = format!("{at}/rows/{i}");
            if row.indicator.is_empty() {
                self.fail(&format!("{at}/indicator"), "must name at least the level-one indicator");
            }
            for (j, name) in row.indicator.iter().enumerate() {
                self.label(&format!("{at}/indicator/{j}"), name);
            }
            self.ratio(&format!("{at}/weight"), row.weight, 2, Decimal::from(10_000));
            if let Some(score) = row.score {
                self.ratio(&format!("{at}/score"), score, 2, Decimal::from(10_000));
            }
            self.opt_label(&format!("{at}/target"), &row.target);
            self.opt_label(&format!("{at}/actual"), &row.actual);
            self.opt_text(&format!("{at}/deviation_reason"), &row.deviation_reason);
        }
    }
}
