//! Progress toward the targets a unit set itself: the year's goals and the medium-term ones.

use serde::Serialize;
use utoipa::ToSchema;

use super::achievement::{achievement, counting_target, Achievement};
use super::audit::self_evaluation_tables;
use crate::domain::wire::wire_enum;
use crate::domain::{
    Comparator, Direction, Goal, Horizon, Indicator, IndicatorValue, MetricValue, Pointer, Snapshot, StatedChange,
};

wire_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
    pub enum TargetStatus {
        /// The latest measurement meets the target.
        Met = "met",
        /// Not met, but the deadline is still ahead (or its year is not measured yet).
        NotYetMet = "not_yet_met",
        /// Not met by the deadline: the deadline year's measurement fails, or the deadline is past.
        Missed = "missed",
        /// Nothing measured (or nothing comparable) to judge by.
        NoData = "no_data",
    }
}

/// A measured value of a metric in one year.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Observation {
    pub year: u16,
    pub value: MetricValue,
    pub unit: Option<String>,
    /// The change against the prior year as that year's report states it.
    pub stated_change: Option<StatedChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TargetProgress {
    pub metric: String,
    pub label: String,
    pub horizon: Horizon,
    pub deadline: u16,
    pub goal: Goal,
    /// The unit of the target value, as the report prints it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The latest report (at or before `as_of`) that sets this target.
    pub declared_in: u16,
    /// The earliest measurement on record.
    pub baseline: Option<Observation>,
    /// The measurement the status is judged by: the latest at or before both `as_of` and the
    /// deadline.
    pub latest: Option<Observation>,
    pub status: TargetStatus,
    /// Why, in one line.
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TargetReport {
    /// The unit's code.
    #[schema(value_type = crate::domain::UnitCode)]
    pub unit: String,
    pub as_of: u16,
    pub targets: Vec<TargetProgress>,
    /// The indicators of the self-evaluation tables (overall and per project) of the reports up
    /// to `as_of`, each judged as the audit judges it.
    pub indicators: Vec<IndicatorProgress>,
}

/// One indicator of a self-evaluation table with its achievement, derived from its comparator
/// and values exactly as the audit derives it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct IndicatorProgress {
    /// The year of the report whose table it is in.
    pub year: u16,
    /// Where it is in that year's snapshot.
    #[schema(value_type = String, example = "/self_evaluation/indicators/0/children/0/children/0")]
    pub pointer: Pointer,
    /// The names of the levels above it, level one first (产出指标, 数量指标).
    pub levels: Vec<String>,
    /// The indicator as worded.
    pub label: String,
    pub comparator: Option<Comparator>,
    /// The target that counts: the adjusted one when there is one.
    pub target: Option<IndicatorValue>,
    pub actual: Option<IndicatorValue>,
    pub unit: Option<String>,
    pub achievement: Achievement,
}

/// The leaf indicators under `indicators` (placeholder rows left out), in table order.
fn leaf_indicators(
    year: u16,
    at: &Pointer,
    levels: &[String],
    indicators: &[Indicator],
    out: &mut Vec<IndicatorProgress>,
) {
    for (n, i) in indicators.iter().enumerate().filter(|(_, i)| !i.placeholder) {
        let at = at / n;
        if !i.children.is_empty() {
            let levels = [levels, std::slice::from_ref(&i.name)].concat();
            leaf_indicators(year, &(&at / "children"), &levels, &i.children, out);
            continue;
        }
        out.push(IndicatorProgress {
            year,
            pointer: at,
            levels: levels.to_vec(),
            label: i.name.clone(),
            comparator: i.comparator,
            target: counting_target(i).cloned(),
            actual: i.actual.clone(),
            unit: i.unit.clone(),
            achievement: achievement(i),
        });
    }
}

/// The indicators of every self-evaluation table of `snapshots`, year by year.
fn table_indicators(snapshots: &[&Snapshot]) -> Vec<IndicatorProgress> {
    let mut out = Vec::new();
    for s in snapshots {
        for (at, table) in self_evaluation_tables(s) {
            leaf_indicators(s.year, &(&at / "indicators"), &[], &table.indicators, &mut out);
        }
    }
    out
}

/// Whole-year measurements of a metric at or before `until`, oldest first.
fn observations(snapshots: &[&Snapshot], metric: &str, until: u16) -> Vec<Observation> {
    let mut found: Vec<Observation> = snapshots
        .iter()
        .filter(|s| s.year <= until)
        .flat_map(|s| {
            let measurements = s.results.iter().flat_map(|r| &r.measurements);
            measurements.filter(|m| m.metric == metric && m.period.is_none()).map(|m| Observation {
                year: s.year,
                value: m.value.clone(),
                unit: m.unit.clone(),
                stated_change: m.stated_change.clone(),
            })
        })
        .collect();
    found.sort_by_key(|o| o.year);
    found
}

/// Whether `latest` meets `goal`; `None` when it cannot be judged.
fn meets(goal: &Goal, latest: &Observation, history: &[Observation]) -> Option<bool> {
    use MetricValue::*;
    match (goal, &latest.value) {
        (Goal::AtLeast(target), Number(value)) => Some(value >= target),
        (Goal::AtMost(target), Number(value)) => Some(value <= target),
        (Goal::IncreaseOnPriorYear | Goal::DecreaseOnPriorYear, Number(value)) => {
            let wanted =
                if matches!(goal, Goal::IncreaseOnPriorYear) { Direction::Increase } else { Direction::Decrease };
            // Prefer the stored prior-year measurement; else the change the report states.
            let prior = history.iter().find(|o| o.year + 1 == latest.year);
            let actual = match prior.map(|o| &o.value) {
                Some(Number(before)) => Some(super::arith::direction(*before, *value)),
                _ => latest.stated_change.as_ref().and_then(|c| c.direction),
            };
            actual.map(|d| d == wanted)
        }
        (Goal::WaterClass(target), WaterClass(class)) => Some(class.meets(*target)),
        (Goal::Rank(target), Rank(rank)) => Some(rank <= target),
        (Goal::Achieved, YesNo(done)) => Some(*done),
        _ => None,
    }
}

/// Every target declared in the snapshots at or before `as_of`, with its status then.
pub fn progress<'a>(unit: &str, snapshots: impl IntoIterator<Item = &'a Snapshot>, as_of: u16) -> TargetReport {
    let mut relevant: Vec<&Snapshot> = snapshots.into_iter().filter(|s| s.year <= as_of).collect();
    relevant.sort_by_key(|s| s.year);

    // The same target declared again later is one target; the latest wording wins.
    let mut declared: Vec<(u16, &crate::domain::Target)> = Vec::new();
    for s in &relevant {
        for target in s.goals.iter().flat_map(|g| &g.targets) {
            // A target revised later (same metric, deadline and horizon) is the same target.
            let same = |(_, t): &&mut (u16, &crate::domain::Target)| {
                t.metric == target.metric && t.deadline == target.deadline && t.horizon == target.horizon
            };
            match declared.iter_mut().find(|d| same(d)) {
                Some(entry) => *entry = (s.year, target),
                None => declared.push((s.year, target)),
            }
        }
    }
    declared.sort_by_key(|(_, t)| t.deadline);

    let targets = declared
        .into_iter()
        .map(|(declared_in, target)| {
            let history = observations(&relevant, &target.metric, as_of.min(target.deadline));
            let baseline = observations(&relevant, &target.metric, as_of).into_iter().next();
            let latest = history.last().cloned();
            let (status, explanation) = match &latest {
                None => (
                    TargetStatus::NoData,
                    format!("no whole-year measurement of {} up to {}", target.metric, as_of.min(target.deadline)),
                ),
                Some(obs) => match meets(&target.goal, obs, &history) {
                    None => (
                        TargetStatus::NoData,
                        format!("the {} measurement cannot be compared with this target", obs.year),
                    ),
                    Some(true) => (TargetStatus::Met, format!("met as measured in {}", obs.year)),
                    // Missed only once the deadline year itself was measured, or is past.
                    Some(false)
                        if as_of < target.deadline || (as_of == target.deadline && obs.year < target.deadline) =>
                    {
                        (
                            TargetStatus::NotYetMet,
                            format!("not met as measured in {}; the deadline is {}", obs.year, target.deadline),
                        )
                    }
                    Some(false) => (
                        TargetStatus::Missed,
                        format!("not met by the deadline {} (measured in {})", target.deadline, obs.year),
                    ),
                },
            };
            TargetProgress {
                metric: target.metric.clone(),
                label: target.label.clone(),
                horizon: target.horizon,
                deadline: target.deadline,
                goal: target.goal.clone(),
                unit: target.unit.clone(),
                declared_in,
                baseline,
                latest,
                status,
                explanation,
            }
        })
        .collect();
    TargetReport { unit: unit.to_string(), as_of, targets, indicators: table_indicators(&relevant) }
}

#[cfg(test)]
mod tests {
    use super::TargetStatus;
    use crate::domain::wire::assert_wire_names;

    #[test]
    fn statuses_name_themselves_as_serde_does() {
        assert_wire_names(TargetStatus::ALL, TargetStatus::as_str);
    }
}
