//! The checks every part of the report uses: a total against its parts, a count against the
//! items listed, a numbering, a stated change against the figures it comes from.

use rust_decimal::Decimal;

use super::{show, Auditor, Finding, FindingKind, Located};
use crate::analysis::arith::{agrees_at_stated_precision, direction, round};
use crate::analysis::projects::Total;
use crate::domain::{Direction, Figure, Pointer, StatedChange};

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
        self.change_named(at, stated, from, to, what, None);
    }

    /// The same, with the Chinese name of what changed (`what_zh`) for a Chinese message.
    pub(super) fn change_named(
        &mut self,
        at: &Pointer,
        stated: &StatedChange,
        from: Located,
        to: Located,
        what: &str,
        what_zh: Option<&str>,
    ) {
        let (from_at, to_at) = (from.at, to.at);
        let (from, to, exact) = (from.value, to.value, to.value - from.value);
        // The stated field first, then the figures it comes from that are in this snapshot.
        let involved = |kind, field: &str, zh: Option<String>| {
            let draft = Finding::error(kind).at(at / field).at_all([&from_at, &to_at].into_iter().flatten().cloned());
            match zh {
                Some(zh) => draft.zh(zh),
                None => draft,
            }
        };
        let (from_shown, to_shown) = (show(from), show(to));
        if let Some(amount) = stated.amount {
            if amount != exact.abs() {
                let zh = what_zh.map(|w| {
                    format!("{w}：报告所列增减额为{}，但{from_shown}至{to_shown}的变动为{}", show(amount), show(exact))
                });
                self.report(
                    involved(FindingKind::ChangeMismatch, "amount", zh)
                        .stated(show(amount))
                        .recomputed(show(exact.abs()))
                        .message(format!(
                            "{what}: the change is stated as {} but {from_shown} to {to_shown} is {}",
                            show(amount),
                            show(exact)
                        )),
                );
            }
        }
        if let Some(stated_direction) = stated.direction {
            let actual = direction(from, to);
            if stated_direction != actual {
                let zh = what_zh.map(|w| {
                    format!(
                        "{w}：报告为{}，但{from_shown}至{to_shown}实为{}",
                        direction_zh(stated_direction),
                        direction_zh(actual)
                    )
                });
                self.report(
                    involved(FindingKind::DirectionMismatch, "direction", zh)
                        .stated(stated_direction.as_str())
                        .recomputed(actual.as_str())
                        .message(
                            format!(
                                "{what}: stated as {stated_direction:?} but {from_shown} to {to_shown} is {actual:?}"
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
                let (recomputed, rounded) =
                    (show(round(exact_percent, 2)), show(round(exact_percent, percent.scale())));
                let zh = what_zh.map(|w| {
                    format!(
                        "{w}：报告所列增减比例为{}%，按报告数字复核为{recomputed}%（按报告的{}位小数取整为{rounded}%）",
                        show(percent),
                        percent.scale()
                    )
                });
                self.report(
                    involved(FindingKind::PercentMismatch, "percent", zh)
                        .stated(format!("{}%", show(percent)))
                        .recomputed(format!("{recomputed}%"))
                        .message(format!(
                            "{what}: the change is stated as {}% but is {recomputed}% (rounded to the stated {} decimals: {rounded}%)",
                            show(percent),
                            percent.scale(),
                        )),
                );
            }
        }
    }
}

/// A direction as a report words it.
fn direction_zh(direction: Direction) -> &'static str {
    match direction {
        Direction::Increase => "增加",
        Direction::Decrease => "减少",
        Direction::Unchanged => "持平",
    }
}
