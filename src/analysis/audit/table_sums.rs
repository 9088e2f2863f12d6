//! The sums of a self-evaluation table: weights (分值) against full marks, the indicators' heading
//! and the 合计 row; points (得分) against the score and each level's stated points. A cell that is
//! slashed, blank or illegible is an unknown part, never zero; a table (or level) known only in part
//! gives "at least" sums, which are never an error.

use rust_decimal::Decimal;

use super::{show, Auditor, Finding, FindingKind, Severity};
use crate::domain::{Cell, Indicator, Number, Pointer, SelfEvaluation};

/// Which figure of the rows is summed.
#[derive(Clone, Copy)]
pub(super) enum Column {
    Weight,
    Points,
}

impl Column {
    /// The row's own cell and the level's stated subtotal, with their member names.
    fn cells(self, i: &Indicator) -> [(&'static str, &Option<Cell<Number>>); 2] {
        match self {
            Column::Weight => [("weight", &i.weight), ("stated_weight", &i.stated_weight)],
            Column::Points => [("points", &i.points), ("stated_points", &i.stated_points)],
        }
    }

    fn kind(self) -> FindingKind {
        match self {
            Column::Weight => FindingKind::WeightsMismatch,
            Column::Points => FindingKind::PointsDoNotAddUp,
        }
    }

    fn names(self) -> (&'static str, &'static str) {
        match self {
            Column::Weight => ("weights", "分值"),
            Column::Points => ("points", "得分"),
        }
    }
}

/// A sum over parts some of which may be unknown.
#[derive(Debug, Default, Clone)]
pub(super) struct Tally {
    /// The sum of the known parts.
    known: Decimal,
    any_known: bool,
    /// Some part is a slash, a blank, illegible or absent.
    unknown: bool,
    /// Some parts are not in the table at all (a partial table or level).
    partial: bool,
    /// Pointers of the known parts.
    parts: Vec<Pointer>,
}

impl Tally {
    fn cell(at: Pointer, cell: &Option<Cell<Number>>) -> Tally {
        match cell.as_ref().and_then(Cell::known) {
            Some(value) => Tally { known: value.0, any_known: true, parts: vec![at], ..Tally::default() },
            None => Tally { unknown: true, ..Tally::default() },
        }
    }

    fn add(&mut self, other: Tally) {
        self.known += other.known;
        self.any_known |= other.any_known;
        self.unknown |= other.unknown;
        self.partial |= other.partial;
        self.parts.extend(other.parts);
    }

    /// The sum, when every part is known.
    fn exact(&self) -> Option<Decimal> {
        (self.any_known && !self.unknown && !self.partial).then_some(self.known)
    }
}

/// What an indicator contributes to the level above: its own cell, else its level's stated
/// subtotal, else the sum of its children. A placeholder row (……) contributes nothing.
fn part(at: &Pointer, i: &Indicator, column: Column) -> Tally {
    if i.placeholder {
        return Tally::default();
    }
    let [(own_key, own), (stated_key, stated)] = column.cells(i);
    if own.as_ref().and_then(Cell::known).is_some() {
        return Tally::cell(at / own_key, own);
    }
    if stated.as_ref().and_then(Cell::known).is_some() {
        return Tally::cell(at / stated_key, stated);
    }
    if i.children.is_empty() {
        return Tally { unknown: true, ..Tally::default() };
    }
    children(at, i, column, false)
}

/// The sum over the children of `i`.
fn children(at: &Pointer, i: &Indicator, column: Column, partial: bool) -> Tally {
    let mut tally = level(&(at / "children"), &i.children, column);
    tally.partial |= partial || !i.completeness.is_complete();
    tally
}

/// The sum over one level of indicators.
pub(super) fn level(at: &Pointer, indicators: &[Indicator], column: Column) -> Tally {
    let mut tally = Tally::default();
    for (n, i) in indicators.iter().enumerate() {
        tally.add(part(&(at / n), i, column));
    }
    tally
}

impl Auditor {
    /// The table's sums: level one plus the execution block against full marks, the heading, the
    /// 合计 row and the score.
    pub(super) fn table_sums(&mut self, at: &Pointer, t: &SelfEvaluation) {
        let partial = !t.completeness.is_complete();
        let full_marks = t.full_marks.map_or(Decimal::ONE_HUNDRED, |n| n.0);
        let (block_weight, block_points) = match &t.execution {
            Some(b) => (
                Tally::cell(at / "execution" / "weight", &b.weight),
                Tally::cell(at / "execution" / "points", &b.points),
            ),
            None => (Tally::default(), Tally::default()),
        };
        let indicators = at / "indicators";
        let mut level_one = level(&indicators, &t.indicators, Column::Weight);
        level_one.partial |= partial;
        if let Some(stated) = t.stated_indicator_weight {
            let stated_at = at / "stated_indicator_weight";
            self.sum_against(Column::Weight, stated_at, stated.0, &level_one, "绩效指标", "the indicators' heading");
        }
        let mut weights = level_one;
        weights.add(block_weight);
        if let Some(stated) = t.stated_weight_total.as_ref().and_then(Cell::known) {
            self.sum_against(Column::Weight, at / "stated_weight_total", stated.0, &weights, "合计", "the total row");
        }
        if t.full_marks.is_some() || t.stated_weight_total.is_none() {
            let stated_at = if t.full_marks.is_some() { at / "full_marks" } else { indicators.clone() };
            self.sum_against(Column::Weight, stated_at, full_marks, &weights, "满分", "full marks");
        }
        let mut points = level(&indicators, &t.indicators, Column::Points);
        points.add(block_points);
        points.partial |= partial;
        if let Some(score) = t.stated_score.as_ref().and_then(Cell::known) {
            self.score(at, score.0, full_marks, &points, &weights);
        }
        self.level_sums(&indicators, &t.indicators, partial);
    }

    /// Each level's stated weight and points against its children.
    fn level_sums(&mut self, at: &Pointer, indicators: &[Indicator], partial: bool) {
        for (n, i) in indicators.iter().enumerate().filter(|(_, i)| !i.children.is_empty()) {
            let at = at / n;
            for column in [Column::Weight, Column::Points] {
                let [_, (stated_key, stated)] = column.cells(i);
                if let Some(stated) = stated.as_ref().and_then(Cell::known) {
                    let sum = children(&at, i, column, partial);
                    self.sum_against(column, &at / stated_key, stated.0, &sum, &i.name, &i.name);
                }
            }
            self.level_sums(&(&at / "children"), &i.children, partial || !i.completeness.is_complete());
        }
    }

    /// A stated total against a sum: exact when every part is known; with unknown cells only a
    /// known sum above it is wrong; on a partial table that is a warning.
    fn sum_against(&mut self, column: Column, at: Pointer, stated: Decimal, sum: &Tally, zh: &str, en: &str) {
        if !sum.any_known {
            return;
        }
        let severity = match sum.exact() {
            Some(exact) if exact == stated => return,
            Some(_) => Severity::Error,
            None if sum.known <= stated => return,
            None if sum.partial => Severity::Warning,
            None => Severity::Error,
        };
        let (what, what_zh) = column.names();
        let at_least = if sum.exact().is_some() { "" } else { "≥ " };
        let (stated_shown, sum_shown) = (show(stated), show(sum.known));
        self.report(
            Finding::with_severity(severity, column.kind())
                .at(at)
                .at_all(sum.parts.iter().cloned())
                .stated(stated_shown.clone())
                .recomputed(format!("{at_least}{sum_shown}"))
                .zh(format!("{zh}：报告所列为{stated_shown}，各项{what_zh}相加为{at_least}{sum_shown}"))
                .message(format!("{en}: stated as {stated_shown} but the {what} add up to {at_least}{sum_shown}")),
        );
    }

    /// The score: not above full marks, and the points add up to it (on a partial table: the
    /// visible points at least, and at most those plus the weights not visible).
    fn score(&mut self, at: &Pointer, score: Decimal, full_marks: Decimal, points: &Tally, weights: &Tally) {
        let score_at = at / "stated_score";
        if score > full_marks {
            self.report(
                Finding::error(FindingKind::ScoreAboveFullMarks)
                    .at(score_at.clone())
                    .stated(show(score))
                    .recomputed(format!("≤ {}", show(full_marks)))
                    .zh(format!("自评得分{}超过满分{}", show(score), show(full_marks)))
                    .message(format!("the score {} is above full marks ({})", show(score), show(full_marks))),
            );
        }
        if points.partial && !points.unknown && !weights.unknown && points.any_known {
            let most = points.known + (full_marks - weights.known);
            if score > most {
                self.report(
                    Finding::warning(FindingKind::PointsDoNotAddUp)
                        .at(score_at)
                        .at_all(points.parts.iter().cloned())
                        .stated(show(score))
                        .recomputed(format!("≤ {}", show(most)))
                        .zh(format!(
                            "自评得分{}：表中可见得分{}加上未列出指标的分值{}，最多为{}",
                            show(score),
                            show(points.known),
                            show(full_marks - weights.known),
                            show(most)
                        ))
                        .message(format!(
                            "the score {}: the visible points {} plus the weights not shown ({}) give at most {}",
                            show(score),
                            show(points.known),
                            show(full_marks - weights.known),
                            show(most)
                        )),
                );
                return;
            }
        }
        self.sum_against(Column::Points, score_at, score, points, "自评得分", "the score");
    }
}
