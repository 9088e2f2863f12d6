//! The grade bands a report states (schema 1 `evaluation.grade_bands`): each must lie within
//! full marks, run from its min up to its max, and no two may share a score. A report can print
//! bands that break this; they are reported, not refused.

use rust_decimal::Decimal;

use super::{show, Auditor, Finding, FindingKind};
use crate::domain::{GradeBand, Pointer, Snapshot};

/// The upper end of a band: its value and whether the value itself belongs to the band.
type Upper = Option<(Decimal, bool)>;

fn upper(band: &GradeBand) -> Upper {
    band.max.map(|max| (max, band.max_inclusive))
}

/// Whether no score is in the band: min above max, or min = max with the max excluded.
fn is_empty(band: &GradeBand) -> bool {
    match (band.min, upper(band)) {
        (Some(min), Some((max, inclusive))) => min > max || (min == max && !inclusive),
        _ => false,
    }
}

/// The lower of two upper ends (an absent end is unbounded); at a tie, included only if both are.
fn lower_upper(a: Upper, b: Upper) -> Upper {
    match (a, b) {
        (None, end) | (end, None) => end,
        (Some((x, xi)), Some((y, yi))) if x == y => Some((x, xi && yi)),
        (Some(x), Some(y)) => Some(if x.0 < y.0 { x } else { y }),
    }
}

/// Whether some score is in both bands (neither of them empty).
fn overlap(a: &GradeBand, b: &GradeBand) -> bool {
    let low = a.min.max(b.min); // `None` (unbounded) is below every value
    match (low, lower_upper(upper(a), upper(b))) {
        (Some(low), Some((high, inclusive))) => low < high || (low == high && inclusive),
        _ => true,
    }
}

/// A band as the report words it: `优秀（85–100）`.
fn shown(band: &GradeBand) -> String {
    let end = |v: Option<Decimal>| v.map_or(String::new(), show);
    format!("{}（{}–{}）", band.grade, end(band.min), end(band.max))
}

impl Auditor {
    pub(super) fn grade_bands(&mut self, s: &Snapshot) {
        let Some(e) = &s.evaluation else { return };
        let full_marks = e.max_score.unwrap_or(Decimal::ONE_HUNDRED);
        let bands = Pointer::root() / "evaluation" / "grade_bands";
        for (i, band) in e.grade_bands.iter().enumerate() {
            let at = &bands / i;
            for (end, value) in [("min", band.min), ("max", band.max)] {
                let Some(value) = value.filter(|v| *v > full_marks) else { continue };
                self.report(
                    Finding::warning(FindingKind::GradeBandsInvalid)
                        .at(&at / end)
                        .stated(show(value))
                        .recomputed(format!("≤ {}", show(full_marks)))
                        .zh(format!("等级“{}”的区间端点{}超过满分{}", band.grade, show(value), show(full_marks)))
                        .message(format!(
                            "grade band {}: its {end} {} is above full marks ({})",
                            band.grade,
                            show(value),
                            show(full_marks)
                        )),
                );
            }
            if let (Some(min), Some(max)) = (band.min, band.max) {
                if min > max {
                    self.report(
                        Finding::warning(FindingKind::GradeBandsInvalid)
                            .at_all([&at / "min", &at / "max"])
                            .stated(shown(band))
                            .zh(format!("等级“{}”的区间下限{}高于上限{}", band.grade, show(min), show(max)))
                            .message(format!(
                                "grade band {}: its min {} is above its max {}",
                                band.grade,
                                show(min),
                                show(max)
                            )),
                    );
                }
            }
        }
        let valid: Vec<(usize, &GradeBand)> = e.grade_bands.iter().enumerate().filter(|(_, b)| !is_empty(b)).collect();
        for (n, (i, a)) in valid.iter().enumerate() {
            for (j, b) in valid[n + 1..].iter().filter(|(_, b)| overlap(a, b)) {
                let (a_shown, b_shown) = (shown(a), shown(b));
                self.report(
                    Finding::warning(FindingKind::GradeBandsInvalid)
                        .at_all([&bands / *i, &bands / *j])
                        .stated(format!("{a_shown}, {b_shown}"))
                        .zh(format!("等级区间{a_shown}与{b_shown}重叠：同一得分可属两个等级"))
                        .message(format!(
                            "grade bands {a_shown} and {b_shown} overlap: a score could have either grade"
                        )),
                );
            }
        }
    }
}
