//! The checks every part of the report uses: a total against its parts, a count against the
//! items listed, a numbering, a stated change against the figures it comes from.
//!
//! Each check names what it checks twice: in English for the API's `message`, in Chinese for
//! the public site's `message_zh`.

use rust_decimal::Decimal;

use super::{show, Auditor, Finding, FindingKind, Located};
use crate::analysis::arith::{agrees_at_stated_precision, direction, round};
use crate::analysis::projects::Total;
use crate::domain::{Direction, Figure, Pointer, StatedChange};

/// What a check is about, in both languages: `the expenditure budget` / `支出预算`.
pub(super) struct What {
    pub en: String,
    pub zh: String,
}

/// Names what a check is about in English and in Chinese.
pub(super) fn what(en: impl Into<String>, zh: impl Into<String>) -> What {
    What { en: en.into(), zh: zh.into() }
}

/// A direction as a Chinese report words it.
fn direction_zh(direction: Direction) -> &'static str {
    match direction {
        Direction::Increase => "增加",
        Direction::Decrease => "减少",
        Direction::Unchanged => "持平",
    }
}

impl Auditor {
    /// A stated total against the exact sum of its parts.
    pub(super) fn total(
        &mut self,
        stated_at: Pointer,
        stated: Option<Decimal>,
        parts_at: Vec<Pointer>,
        sum: Option<Decimal>,
        what: &What,
    ) {
        if let (Some(stated), Some(sum)) = (stated, sum) {
            if stated != sum {
                let (stated, sum) = (show(stated), show(sum));
                self.report(
                    Finding::error(FindingKind::TotalMismatch)
                        .at(stated_at)
                        .at_all(parts_at)
                        .stated(&stated)
                        .recomputed(&sum)
                        .zh(format!("{}：报告所列为{stated}，各分项合计为{sum}", what.zh))
                        .message(format!("{} is stated as {stated} but its parts sum to {sum}", what.en)),
                );
            }
        }
    }

    /// A stated total (or `/`) against the recomputed total of project estimates.
    pub(super) fn project_total(&mut self, at: Pointer, stated: Option<Figure>, total: &Total, what: &What) {
        let Some(stated) = stated else { return };
        let (en, zh) = (&what.en, &what.zh);
        let finding = match (stated, total.known) {
            (Figure::Unknown, None) => return,
            (Figure::Unknown, Some(known)) => Finding::warning(FindingKind::TotalMismatch)
                .at(at)
                .stated("/")
                .recomputed(show(known))
                .zh(format!("{zh}：报告列为未估算（/），但已知的估算合计为{}", show(known)))
                .message(format!("{en} is stated as unknown (/) although estimates of {} are known", show(known))),
            (Figure::Known(stated), None) => Finding::error(FindingKind::TotalMismatch)
                .at(at)
                .stated(show(stated))
                .recomputed("/")
                .zh(format!("{zh}：报告所列为{}，但其{}个项目均无估算", show(stated), total.projects))
                .message(format!(
                    "{en} is stated as {} but none of its {} estimates is known",
                    show(stated),
                    total.projects
                )),
            (Figure::Known(stated), Some(known)) if stated == known => return,
            (Figure::Known(stated), Some(known)) if total.unknown > 0 && stated > known => {
                Finding::info(FindingKind::TotalOverUnknownParts)
                    .at(at)
                    .stated(show(stated))
                    .recomputed(format!("≥ {}", show(known)))
                    .zh(format!(
                        "{zh}：报告所列为{}；已知估算合计为{}，另有{}项未估算，合计至少为此数",
                        show(stated),
                        show(known),
                        total.unknown
                    ))
                    .message(format!(
                "{en} is stated as {}; the known estimates sum to {} and {} are unknown, so the total is at least that",
                show(stated),
                show(known),
                total.unknown
            ))
            }
            (Figure::Known(stated), Some(known)) => {
                let (unknown, unknown_zh) = if total.unknown > 0 {
                    (
                        format!(" (at least; {} unknown)", total.unknown),
                        format!("（至少；另有{}项未估算）", total.unknown),
                    )
                } else {
                    (String::new(), String::new())
                };
                Finding::error(FindingKind::TotalMismatch)
                    .at(at)
                    .stated(show(stated))
                    .recomputed(show(known))
                    .zh(format!("{zh}：报告所列为{}，各项估算合计为{}{unknown_zh}", show(stated), show(known)))
                    .message(format!(
                        "{en} is stated as {} but the estimates sum to {}{unknown}",
                        show(stated),
                        show(known)
                    ))
            }
        };
        self.report(finding);
    }

    /// A stated count against the items listed.
    pub(super) fn count(&mut self, at: Pointer, stated: Option<u32>, listed: usize, what: &What) {
        if let Some(stated) = stated {
            if stated as usize != listed {
                self.report(
                    Finding::error(FindingKind::CountMismatch)
                        .at(at)
                        .stated(stated.to_string())
                        .recomputed(listed.to_string())
                        .zh(format!("{}：报告所列为{stated}个，实际列出{listed}个", what.zh))
                        .message(format!("{}: {stated} stated, {listed} listed", what.en)),
                );
            }
        }
    }

    /// Row numbers must run 1, 2, 3 ... in order: a gap may be a missing row, a number used
    /// twice a row numbered wrong.
    pub(super) fn numbering(&mut self, at: Pointer, numbers: impl Iterator<Item = u32>, what: &What) {
        let numbers: Vec<u32> = numbers.collect();
        let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
        if numbers == expected {
            return;
        }
        let n = numbers.len();
        let mut repeated: Vec<u32> =
            numbers.iter().enumerate().filter(|(i, x)| numbers[..*i].contains(x)).map(|(_, x)| *x).collect();
        repeated.sort_unstable();
        repeated.dedup();
        let (zh, en) = if repeated.is_empty() {
            (
                format!("{}未按1至{n}的顺序编号：可能缺少一行", what.zh),
                format!("{} are not numbered 1 to {n} in order: a row may be missing", what.en),
            )
        } else {
            let list = repeated.iter().map(u32::to_string).collect::<Vec<_>>();
            (
                format!("{}中编号{}重复使用：应按1至{n}的顺序编号，可能有一行编号有误", what.zh, list.join("、")),
                format!("{}: number {} used more than once instead of 1 to {n} in order", what.en, list.join(", ")),
            )
        };
        self.report(
            Finding::warning(FindingKind::NumberingGap)
                .at(at)
                .stated(format!("{numbers:?}"))
                .recomputed(format!("{expected:?}"))
                .zh(zh)
                .message(en),
        );
    }

    /// A stated change (magnitude, direction, percentage) at `at` against `from` -> `to`.
    pub(super) fn change(&mut self, at: &Pointer, stated: &StatedChange, from: Located, to: Located, what: &What) {
        let (from_at, to_at) = (from.at, to.at);
        let (from, to, exact) = (from.value, to.value, to.value - from.value);
        let (en, zh) = (&what.en, &what.zh);
        let (from_shown, to_shown) = (show(from), show(to));
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
                        .zh(format!(
                            "{zh}：报告所列增减额为{}，按报告数字复核，{from_shown}至{to_shown}的增减额为{}",
                            show(amount),
                            show(exact)
                        ))
                        .message(format!(
                            "{en}: the change is stated as {} but {from_shown} to {to_shown} is {}",
                            show(amount),
                            show(exact)
                        )),
                );
            }
        }
        if let Some(stated_direction) = stated.direction {
            let actual = direction(from, to);
            if stated_direction != actual {
                let (stated_zh, actual_zh) = (direction_zh(stated_direction), direction_zh(actual));
                self.report(
                    involved(FindingKind::DirectionMismatch, "direction")
                        .stated(stated_direction.as_str())
                        .recomputed(actual.as_str())
                        .zh(format!("{zh}：报告称{stated_zh}，按报告数字复核，{from_shown}至{to_shown}为{actual_zh}"))
                        .message(
                            format!(
                                "{en}: stated as {stated_direction:?} but {from_shown} to {to_shown} is {actual:?}"
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
                let (stated, recomputed, scale) = (show(percent), show(round(exact_percent, 2)), percent.scale());
                let rounded = show(round(exact_percent, scale));
                self.report(
                    involved(FindingKind::PercentMismatch, "percent")
                        .stated(format!("{stated}%"))
                        .recomputed(format!("{recomputed}%"))
                        .zh(format!(
                            "{zh}：报告所列增减比例为{stated}%，按报告数字复核为{recomputed}%（按报告的{scale}位小数取整为{rounded}%）"
                        ))
                        .message(format!(
                            "{en}: the change is stated as {stated}% but is {recomputed}% (rounded to the stated {scale} decimals: {rounded}%)"
                        )),
                );
            }
        }
    }
}
