//! The self-evaluation table and the project reports (schema 2): only what cannot be a real
//! report is refused. Weights that do not add up, points above a weight, a score above full marks
//! are statements of the report, stored and reported by the audit.

use rust_decimal::Decimal;

use super::Validator;
use crate::domain::cell::{Cell, Narrative};
use crate::domain::number::Number;
use crate::domain::pointer::Pointer;
use crate::domain::report::{ExecutionBlock, Indicator, IndicatorValue, ProjectReport, SelfEvaluation};

/// Indicators nest at most this deep (一级, 二级, 三级 … nine levels is already absurd).
pub const MAX_INDICATOR_DEPTH: usize = 9;
/// Weights, points, scores and full marks: at most this many decimals.
const POINTS_SCALE: u32 = 6;
/// … and at most this much.
const MAX_POINTS: Decimal = Decimal::from_parts(10_000, 0, 0, false, 0);

impl Validator {
    pub(super) fn project_reports(&mut self, at: Pointer, projects: &[ProjectReport]) {
        self.count(&at, projects.len());
        for (p, project) in projects.iter().enumerate() {
            let at = &at / p;
            self.opt_name(&at / "name", &project.name);
            self.opt_label(&at / "code", &project.code);
            self.opt_name(&at / "supervisor", &project.supervisor);
            self.opt_name(&at / "implementer", &project.implementer);
            // The project's funding is an amount line, validated with the others (schema2.rs).
            self.opt_narrative(&at / "content", &project.content);
            if let Some(evaluation) = &project.evaluation {
                self.self_evaluation(at / "evaluation", evaluation);
            }
        }
    }

    pub(super) fn self_evaluation(&mut self, at: Pointer, e: &SelfEvaluation) {
        self.opt_label(&at / "title", &e.title);
        if let Some(full) = e.full_marks {
            self.points(&at / "full_marks", full);
            if full.0.is_zero() {
                self.fail(&at / "full_marks", "must be positive");
            }
        }
        for (key, narrative) in [
            ("goal", &e.goal),
            ("goal_achieved", &e.goal_achieved),
            ("conclusion", &e.conclusion),
            ("problems", &e.problems),
            ("measures", &e.measures),
        ] {
            self.opt_narrative(&at / key, narrative);
        }
        if let Some(block) = &e.execution {
            self.execution_block(&(&at / "execution"), block);
        }
        if let Some(weight) = e.stated_indicator_weight {
            self.points(&at / "stated_indicator_weight", weight);
        }
        self.indicators(&(&at / "indicators"), &e.indicators, 1);
        self.points_cell(&at / "stated_weight_total", &e.stated_weight_total);
        self.points_cell(&at / "stated_score", &e.stated_score);
        self.opt_name(&at / "stated_grade", &e.stated_grade);
        if let Some(counts) = &e.stated_indicator_counts {
            self.indicator_counts(at / "stated_indicator_counts", counts);
        }
    }

    fn execution_block(&mut self, at: &Pointer, b: &ExecutionBlock) {
        self.opt_label(at / "label", &b.label);
        // The amounts are an AmountLine, validated as every amount line is.
        self.amount_line(at / "total", &b.total);
        self.points_cell(at / "weight", &b.weight);
        self.points_cell(at / "points", &b.points);
        self.opt_text(at / "rule_text", &b.rule_text);
    }

    fn indicators(&mut self, at: &Pointer, indicators: &[Indicator], depth: usize) {
        self.count(at, indicators.len());
        if depth > MAX_INDICATOR_DEPTH && !indicators.is_empty() {
            self.fail(at.clone(), format!("indicators nest at most {MAX_INDICATOR_DEPTH} levels deep"));
            return;
        }
        for (i, indicator) in indicators.iter().enumerate() {
            self.indicator(&(at / i), indicator, depth);
        }
    }

    fn indicator(&mut self, at: &Pointer, i: &Indicator, depth: usize) {
        self.name(at / "name", &i.name);
        self.opt_label(at / "unit", &i.unit);
        for (key, value) in [("target", &i.target), ("adjusted_target", &i.adjusted_target), ("actual", &i.actual)] {
            if let Some(value) = value {
                self.indicator_value(&(at / key), value);
            }
        }
        for (key, cell) in [
            ("weight", &i.weight),
            ("points", &i.points),
            ("stated_weight", &i.stated_weight),
            ("stated_points", &i.stated_points),
        ] {
            self.points_cell(at / key, cell);
        }
        self.opt_narrative(at / "deviation_reason", &i.deviation_reason);
        self.opt_narrative(at / "measure", &i.measure);
        self.indicator_scoring(at, i);
        if i.placeholder {
            self.placeholder(at, i);
        }
        self.indicators(&(at / "children"), &i.children, depth + 1);
    }

    /// A placeholder row (……) stands for rows the template leaves out: a figure on it has no meaning.
    fn placeholder(&mut self, at: &Pointer, i: &Indicator) {
        let carried = [
            ("target", i.target.is_some()),
            ("adjusted_target", i.adjusted_target.is_some()),
            ("actual", i.actual.is_some()),
            ("weight", i.weight.is_some()),
            ("points", i.points.is_some()),
            ("stated_weight", i.stated_weight.is_some()),
            ("stated_points", i.stated_points.is_some()),
            ("stated_coefficient", i.stated_coefficient.is_some()),
            ("stated_formula", i.stated_formula.is_some()),
            ("children", !i.children.is_empty()),
        ];
        for (key, _) in carried.into_iter().filter(|(_, present)| *present) {
            self.fail(at / key, "a placeholder row (……) carries no figures");
        }
    }

    fn indicator_value(&mut self, at: &Pointer, value: &IndicatorValue) {
        // At most 6 decimals and no larger than the largest amount, negative allowed (a change).
        match value {
            IndicatorValue::Number(n) => self.value(at / "number", Number(*n), true),
            IndicatorValue::Range { min, max } => {
                for (end, n) in [("min", min), ("max", max)] {
                    self.value(at / "range" / end, Number(*n), true);
                }
                if min > max {
                    self.fail(at / "range" / "min", format!("min {min} is above max {max}"));
                }
            }
            IndicatorValue::Word(word) => self.label(at / "word", word),
            IndicatorValue::Illegible(shown) => self.illegible(at / "illegible", shown),
            IndicatorValue::Blank => {}
        }
    }

    /// A weight, points, a score or full marks: not negative, at most 6 decimals, not absurd.
    fn points(&mut self, at: Pointer, value: Number) {
        self.ratio(at, value.0, POINTS_SCALE, MAX_POINTS);
    }

    fn points_cell(&mut self, at: Pointer, cell: &Option<Cell<Number>>) {
        match cell {
            Some(Cell::Value(value)) => self.points(at, *value),
            Some(Cell::Illegible(shown)) => self.illegible(at / "illegible", shown),
            Some(Cell::Slash | Cell::Blank) | None => {}
        }
    }

    /// What a damaged copy shows: anything printable, on one line (it may be empty).
    pub(super) fn illegible(&mut self, at: Pointer, shown: &str) {
        if !shown.is_empty() {
            self.label(at, shown);
        }
    }

    fn opt_narrative(&mut self, at: Pointer, narrative: &Option<Narrative>) {
        if let Some(narrative) = narrative {
            self.narrative(at, narrative);
        }
    }
}
