//! The walk over the report: which check applies to each value, at which pointer.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use super::{check_slug, Validator, RATIO_SCALE};
use crate::domain::pointer::Pointer;
use crate::domain::report::*;
use crate::domain::value::MetricValue;
use crate::domain::UnitCode;

impl Validator {
    pub(super) fn snapshot(&mut self, s: &Snapshot) {
        let root = Pointer::root();
        self.schema(s);
        self.unit(&root / "unit", &s.unit);
        self.year(&root / "year", s.year);
        self.opt_label(&root / "title", &s.title);
        self.opt_text(&root / "source", &s.source);
        if let Some(profile) = &s.profile {
            self.profile(&root / "profile", profile);
        }
        let rules = &root / "rules";
        self.count(&rules, s.rules.len());
        for (i, rule) in s.rules.iter().enumerate() {
            self.name(&rules / i / "title", &rule.title);
            self.text(&rules / i / "body", &rule.body);
        }
        if let Some(budget) = &s.budget {
            self.budget(&root / "budget", budget);
        }
        if let Some(expenditure) = &s.expenditure {
            self.expenditure(&root / "expenditure", expenditure);
        }
        if let Some(accounts) = &s.final_accounts {
            for (key, table) in [("income", &accounts.income), ("expenditure", &accounts.expenditure)] {
                if let Some(table) = table {
                    self.execution(&root / "final_accounts" / key, table);
                }
            }
        }
        if let Some(goals) = &s.goals {
            self.goals(&root / "goals", goals);
        }
        if let Some(projects) = &s.key_projects {
            self.key_projects(&root / "key_projects", projects);
        }
        if let Some(evaluation) = &s.evaluation {
            self.evaluation(&root / "evaluation", evaluation);
        }
        if let Some(results) = &s.results {
            self.results(&root / "results", results);
        }
        self.texts(&root / "experience", &s.experience);
        self.texts(&root / "problems", &s.problems);
        self.texts(&root / "recommendations", &s.recommendations);
        let attachments = &root / "attachments";
        self.count(&attachments, s.attachments.len());
        for (i, attachment) in s.attachments.iter().enumerate() {
            self.attachment(&attachments / i, attachment);
        }
        if let Some(table) = &s.self_evaluation {
            self.self_evaluation(&root / "self_evaluation", table);
        }
        self.project_reports(&root / "projects", &s.projects);
        self.people_and_money(s);
        if let Some(portfolio) = &s.portfolio {
            self.portfolio(&root / "portfolio", portfolio);
        }
        self.claims(&root / "claims", &s.claims);
        self.document_facts(s);
    }

    pub(super) fn unit(&mut self, at: Pointer, unit: &Unit) {
        self.result(&at / "code", UnitCode::parse(unit.code.as_str()).map(drop));
        self.name(&at / "name", &unit.name);
        self.opt_label(&at / "kind", &unit.kind);
        self.opt_label(&at / "region", &unit.region);
        self.opt_name(at / "parent", &unit.parent);
    }

    fn profile(&mut self, at: Pointer, p: &Profile) {
        self.opt_text(&at / "description", &p.description);
        let staff = &at / "staff";
        self.count(&staff, p.staff.len());
        for (i, member) in p.staff.iter().enumerate() {
            self.name(&staff / i / "category", &member.category);
        }
        for (key, names) in [("divisions", &p.divisions), ("subordinate_institutions", &p.subordinate_institutions)] {
            let list = &at / key;
            self.count(&list, names.len());
            for (i, name) in names.iter().enumerate() {
                self.name(&list / i, name);
            }
        }
    }

    fn budget(&mut self, at: Pointer, b: &YearStartBudget) {
        let lines = &at / "lines";
        self.count(&lines, b.lines.len());
        for (i, line) in b.lines.iter().enumerate() {
            let at = &lines / i;
            self.label(&at / "label", &line.label);
            self.opt_money(&at / "amount", line.amount);
            self.opt_money(&at / "prior_year_amount", line.prior_year_amount);
            if let Some(change) = &line.stated_change {
                self.change(&at / "stated_change", change, true);
            }
        }
        self.opt_text(at / "explanation", &b.explanation);
    }

    fn expenditure(&mut self, at: Pointer, e: &Expenditure) {
        self.opt_text(&at / "description", &e.description);
        self.opt_money(&at / "stated_total", e.stated_total);
        for (key, split) in
            [("general_public_budget", &e.general_public_budget), ("government_fund_budget", &e.government_fund_budget)]
        {
            if let Some(split) = split {
                self.split(&at / key, split);
            }
        }
        if let Some(table) = &e.table {
            let rows = &at / "table" / "rows";
            self.count(&rows, table.rows.len());
            for (i, row) in table.rows.iter().enumerate() {
                let at = &rows / i;
                let c = &row.classification;
                let classification = &at / "classification";
                self.name(&classification / "label", &c.label);
                if let Some(code) = &c.code {
                    if code.is_empty() || code.len() > 16 || !code.bytes().all(|b| b.is_ascii_digit()) {
                        self.fail(&classification / "code", "must be 1-16 digits");
                    }
                }
                if let Some(level) = c.level {
                    if !(1..=9).contains(&level) {
                        self.fail(&classification / "level", "must be from 1 to 9");
                    }
                }
                self.split(&at / "amounts", &row.amounts);
            }
            if let Some(totals) = &table.stated_totals {
                self.split(at / "table" / "stated_totals", totals);
            }
        }
    }

    fn execution(&mut self, at: Pointer, table: &ExecutionTable) {
        let lines = &at / "lines";
        self.count(&lines, table.lines.len());
        let rows = table.lines.iter().enumerate().map(|(i, l)| (&lines / i, l));
        let subtotal = table.stated_subtotal.iter().map(|l| (&at / "stated_subtotal", l));
        for (at, line) in rows.chain(subtotal) {
            self.label(&at / "label", &line.label);
            self.opt_money(&at / "budget", line.budget);
            self.opt_money(&at / "actual", line.actual);
            if let Some(change) = &line.stated_difference {
                self.change(&at / "stated_difference", change, true);
            }
        }
        self.opt_text(at / "explanation", &table.explanation);
    }

    fn goals(&mut self, at: Pointer, g: &Goals) {
        self.opt_text(&at / "strategic", &g.strategic);
        self.opt_text(&at / "medium_term", &g.medium_term);
        let targets = &at / "targets";
        self.count(&targets, g.targets.len());
        for (i, target) in g.targets.iter().enumerate() {
            let at = &targets / i;
            self.result(&at / "metric", check_slug(&target.metric).map_err(|m| format!("metric id {m}")));
            self.label(&at / "label", &target.label);
            self.opt_label(&at / "unit", &target.unit);
            self.year(&at / "deadline", target.deadline);
            let goal = &at / "goal";
            match &target.goal {
                Goal::AtLeast(value) if value.scale() > 6 => {
                    self.fail(goal / "at_least", "must have at most 6 decimals")
                }
                Goal::AtMost(value) if value.scale() > 6 => self.fail(goal / "at_most", "must have at most 6 decimals"),
                Goal::Rank(0) => self.fail(goal / "rank", "ranks start at 1"),
                _ => {}
            }
        }
        self.texts(at / "functions", &g.functions);
    }

    fn key_projects(&mut self, at: Pointer, k: &KeyProjects) {
        self.opt_year(&at / "from", k.from);
        self.opt_year(&at / "to", k.to);
        // A period that starts after it ends, and a group number used twice, are statements of
        // the report: the audit reports them (period_reversed, numbering_gap).
        self.opt_text(&at / "description", &k.description);
        self.opt_money(&at / "stated_total", k.stated_total);
        let categories = &at / "categories";
        self.count(&categories, k.categories.len());
        for (c, category) in k.categories.iter().enumerate() {
            let at = &categories / c;
            self.name(&at / "name", &category.name);
            self.opt_money(&at / "stated_subtotal", category.stated_subtotal);
            let groups = &at / "groups";
            self.count(&groups, category.groups.len());
            for (g, group) in category.groups.iter().enumerate() {
                let at = &groups / g;
                self.name(&at / "name", &group.name);
                self.opt_label(&at / "table", &group.table);
                self.figure(&at / "stated_estimate", group.stated_estimate);
                self.figure(&at / "stated_total", group.stated_total);
                self.projects(&at, group);
            }
        }
    }

    fn projects(&mut self, group_at: &Pointer, group: &ProjectGroup) {
        let projects = group_at / "projects";
        self.count(&projects, group.projects.len());
        // A row number used twice is a finding (numbering_gap), unless a merged estimate cell
        // refers to it: which row shares its cell could then be read two ways.
        let referenced: HashSet<u32> = group.projects.iter().filter_map(|p| p.shares_estimate_of).collect();
        // number -> whether that row carries an estimate cell of its own (an amount or "/")
        let mut earlier: HashMap<u32, bool> = HashMap::new();
        for (p, project) in group.projects.iter().enumerate() {
            let at = &projects / p;
            self.opt_name(&at / "name", &project.name);
            self.opt_text(&at / "content", &project.content);
            if project.name.is_none() && project.content.is_none() {
                self.fail(at.clone(), "needs a name or a content");
            }
            // A row with neither is a row without an estimate cell: its estimate is unknown, like "/".
            match (project.estimate, project.shares_estimate_of) {
                (Some(_), Some(_)) => self.fail(
                    &at / "shares_estimate_of",
                    "a row either has its own estimate or shares another row's, not both",
                ),
                (None, Some(of)) => match earlier.get(&of) {
                    Some(true) => {}
                    Some(false) => self
                        .fail(&at / "shares_estimate_of", format!("row {of} has no estimate cell of its own to share")),
                    None => self.fail(
                        &at / "shares_estimate_of",
                        format!("must name an earlier row of the same table; there is no row {of} before this one"),
                    ),
                },
                (_, None) => {}
            }
            self.figure(&at / "estimate", project.estimate);
            self.opt_year(&at / "from", project.from);
            self.opt_year(&at / "to", project.to);
            let responsible = &at / "responsible";
            self.count(&responsible, project.responsible.len());
            for (r, unit) in project.responsible.iter().enumerate() {
                self.name(&responsible / r, unit);
            }
            let number = project.number;
            // The first row of a number is the one a later row shares (the duplicate is refused anyway).
            let used = earlier.contains_key(&number);
            earlier.entry(number).or_insert(project.estimate.is_some());
            if used && referenced.contains(&number) {
                let message = format!(
                    "row number {number} is used twice and a merged estimate cell (shares_estimate_of) refers to it: \
                     which row is meant is ambiguous"
                );
                self.fail(at / "number", message);
            }
        }
    }

    fn evaluation(&mut self, at: Pointer, e: &Evaluation) {
        self.opt_text(&at / "approach", &e.approach);
        self.opt_text(&at / "method", &e.method);
        self.opt_text(&at / "process", &e.process);
        self.opt_text(&at / "conclusion", &e.conclusion);
        let limit = Decimal::from(10_000);
        if let Some(max) = e.max_score {
            self.ratio(&at / "max_score", max, RATIO_SCALE, limit);
            if max.is_zero() {
                self.fail(&at / "max_score", "must be positive");
            }
        }
        // Weights that do not share out full marks, a score above them, and grade bands that
        // cannot all hold (an end above full marks, min above max, overlapping) are statements
        // of the report: the audit reports them (weights_mismatch, score_above_full_marks,
        // grade_bands_invalid).
        let groups = &at / "indicator_groups";
        self.count(&groups, e.indicator_groups.len());
        for (i, group) in e.indicator_groups.iter().enumerate() {
            self.name(&groups / i / "name", &group.name);
            self.opt_text(&groups / i / "description", &group.description);
            self.ratio(&groups / i / "points", group.points, RATIO_SCALE, limit);
        }
        for (i, band) in e.grade_bands.iter().enumerate() {
            let at = &at / "grade_bands" / i;
            self.name(&at / "grade", &band.grade);
            if band.min.is_none() && band.max.is_none() {
                self.fail(at.clone(), "needs a min or a max");
            }
            for (end, value) in [("min", band.min), ("max", band.max)] {
                if let Some(value) = value {
                    self.ratio(&at / end, value, RATIO_SCALE, limit);
                }
            }
        }
        if let Some(score) = e.score {
            self.ratio(&at / "score", score, RATIO_SCALE, limit);
        }
        self.opt_name(at / "stated_grade", &e.stated_grade);
    }

    fn results(&mut self, at: Pointer, r: &Results) {
        let measurements = &at / "measurements";
        self.count(&measurements, r.measurements.len());
        for (i, m) in r.measurements.iter().enumerate() {
            let at = &measurements / i;
            self.result(&at / "metric", check_slug(&m.metric).map_err(|e| format!("metric id {e}")));
            self.label(&at / "label", &m.label);
            self.opt_label(&at / "period", &m.period);
            self.opt_label(&at / "unit", &m.unit);
            match &m.value {
                MetricValue::Number(n) if n.scale() > 6 => {
                    self.fail(&at / "value" / "number", "must have at most 6 decimals")
                }
                MetricValue::Rank(0) => self.fail(&at / "value" / "rank", "ranks start at 1"),
                _ => {}
            }
            if let Some(change) = &m.stated_change {
                self.change(&at / "stated_change", change, false);
            }
        }
        let sections = &at / "sections";
        self.count(&sections, r.sections.len());
        for (i, section) in r.sections.iter().enumerate() {
            self.label(&sections / i / "title", &section.title);
            self.text(&sections / i / "body", &section.body);
        }
    }

    fn attachment(&mut self, at: Pointer, a: &Attachment) {
        self.label(&at / "title", &a.title);
        let rows = &at / "rows";
        self.count(&rows, a.rows.len());
        for (i, row) in a.rows.iter().enumerate() {
            let at = &rows / i;
            if row.indicator.is_empty() {
                self.fail(&at / "indicator", "must name at least the level-one indicator");
            }
            for (j, name) in row.indicator.iter().enumerate() {
                self.label(&at / "indicator" / j, name);
            }
            self.ratio(&at / "weight", row.weight, RATIO_SCALE, Decimal::from(10_000));
            if let Some(score) = row.score {
                self.ratio(&at / "score", score, RATIO_SCALE, Decimal::from(10_000));
            }
            self.opt_label(&at / "target", &row.target);
            self.opt_label(&at / "actual", &row.actual);
            self.opt_text(at / "deviation_reason", &row.deviation_reason);
        }
    }
}
