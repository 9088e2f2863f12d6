//! The checks every part of the report uses: a total against its parts, a count against the
//! items listed, a numbering, a stated change against the figures it comes from.

use rust_decimal::Decimal;

use super::{show, Auditor, Finding, FindingKind, Located};
use crate::analysis::arith::{agrees_at_stated_precision, direction, round};
use crate::analysis::projects::Total;
use crate::domain::{Figure, Pointer, StatedChange};

impl Auditor {
    /// A stated total against the exact sum of its parts.
    pub(super) fn total(
        &mut self,
        stated_at: Pointer,
        stated: Option<Decimal>,
        parts_at: Vec<Pointer>,
        sum: Option<Decimal>,
        what: &str,
    ) {
        if let (Some(stated), Some(sum)) = (stated, sum) {
            if stated != sum {
                self.report(
                    Finding::error(FindingKind::TotalMismatch)
                        .at(stated_at)
                        .at_all(parts_at)
                        .stated(show(stated))
                        .recomputed(show(sum))
                        .message(format!("{what} is stated as {} but its parts sum to {}", show(stated), show(sum))),
                );
            }
        }
    }

    /// A stated total (or `/`) against the recomputed total of project estimates.
    pub(super) fn project_total(&mut self, at: Pointer, stated: Option<Figure>, total: &Total, what: &str) {
        let Some(stated) = stated else { return };
        let finding = match (stated, total.known) {
            (Figure::Unknown, None) => return,
            (Figure::Unknown, Some(known)) => Finding::warning(FindingKind::TotalMismatch)
                .at(at)
                .stated("/")
                .recomputed(show(known))
                .message(format!("{what} is stated as unknown (/) although estimates of {} are known", show(known))),
            (Figure::Known(stated), None) => Finding::error(FindingKind::TotalMismatch)
                .at(at)
                .stated(show(stated))
                .recomputed("/")
                .message(format!(
                    "{what} is stated as {} but none of its {} estimates is known",
                    show(stated),
                    total.projects
                )),
            (Figure::Known(stated), Some(known)) if stated == known => return,
            (Figure::Known(stated), Some(known)) if total.unknown > 0 && stated > known => {
                Finding::info(FindingKind::TotalOverUnknownParts)
                    .at(at)
                    .stated(show(stated))
                    .recomputed(format!("≥ {}", show(known)))
                    .message(format!(
                        "{what} is stated as {}; the known estimates sum to {} and {} are unknown, so the total is at least that",
                        show(stated),
                        show(known),
                        total.unknown
                    ))
            }
            (Figure::Known(stated), Some(known)) => {
                let unknown = if total.unknown > 0 { format!(" (at least; {} unknown)", total.unknown) } else { String::new() };
                Finding::error(FindingKind::TotalMismatch).at(at).stated(show(stated)).recomputed(show(known)).message(
                    format!("{what} is stated as {} but the estimates sum to {}{unknown}", show(stated), show(known)),
                )
            }
        };
        self.report(finding);
    }

    /// A stated count against the items listed.
    pub(super) fn count(&mut self, at: Pointer, stated: Option<u32>, listed: usize, what: &str) {
        if let Some(stated) = stated {
            if stated as usize != listed {
                self.report(
                    Finding::error(FindingKind::CountMismatch)
                        .at(at)
                        .stated(stated.to_string())
                        .recomputed(listed.to_string())
                        .message(format!("{what}: {stated} stated, {listed} listed")),
                );
            }
        }
    }

    /// Row numbers must run 1, 2, 3 ... in order.
    pub(super) fn numbering(&mut self, at: Pointer, numbers: impl Iterator<Item = u32>, what: &str) {
        let numbers: Vec<u32> = numbers.collect();
        let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
        if numbers != expected {
            self.report(
                Finding::warning(FindingKind::NumberingGap)
                    .at(at)
                    .stated(format!("{numbers:?}"))
                    .recomputed(format!("{expected:?}"))
                    .message(format!("{what} are not numbered 1 to {} in order: a row may be missing", numbers.len())),
            );
        }
    }

    /// A stated change (magnitude, direction, percentage) at `at` against `from` -> `to`.
    pub(super) fn change(&mut self, at: &Pointer, stated: &StatedChange, from: Located, to: Located, what: &str) {
        let (from_at, to_at) = (from.at, to.at);
        let (from, to, exact) = (from.value, to.value, to.value - from.value);
        // The stated field first, then the figures it comes from that are in this snapshot.
        let involved = |kind, field: &str| {
            Finding::error(kind).at(at / field).at_all([&from_at, &to_at].into_iter().flatten().cloned())
        };
        if let Some(amount) = stated.amount {
            if amount != exact.abs() {
                self.report(
                    involved(FindingKind::ChangeMismatch, "amount")
                        .stated(show(amount))
                        .recomputed(show(exact.abs()))
                        .message(format!(
                            "{what}: the change is stated as {} but {} to {} is {}",
                            show(amount),
                            show(from),
                            show(to),
                            show(exact)
                        )),
                );
            }
        }
        if let Some(stated_direction) = stated.direction {
            let actual = direction(from, to);
            if stated_direction != actual {
                self.report(
                    involved(FindingKind::DirectionMismatch, "direction")
                        .stated(stated_direction.as_str())
                        .recomputed(actual.as_str())
                        .message(
                            format!(
                                "{what}: stated as {stated_direction:?} but {} to {} is {actual:?}",
                                show(from),
                                show(to)
                            )
                            .to_lowercase(),
                        ),
                );
            }
        }
        if let Some(percent) = stated.percent {
            if from.is_zero() {
                return;
            }
            let exact_percent = exact.abs() * Decimal::ONE_HUNDRED / from.abs();
            if !agrees_at_stated_precision(percent, exact_percent) {
                self.report(
                    involved(FindingKind::PercentMismatch, "percent")
                        .stated(format!("{}%", show(percent)))
                        .recomputed(format!("{}%", show(round(exact_percent, 2))))
                        .message(format!(
                            "{what}: the change is stated as {}% but is {}% (rounded to the stated {} decimals: {}%)",
                            show(percent),
                            show(round(exact_percent, 2)),
                            percent.scale(),
                            show(round(exact_percent, percent.scale()))
                        )),
                );
            }
        }
    }
}
