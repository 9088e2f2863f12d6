//! The points an indicator's own scoring rule gives: deductions per step beyond a standard, bands,
//! weight × value, full if met. Exact; always within [0, weight]. A rule that does not decide (no
//! band holds the value, an achievement that cannot be judged) gives nothing to compare with.

use rust_decimal::Decimal;

use super::achievement::Achievement;
use super::arith::round;
use crate::domain::{Deduction, DeductionDirection, IndicatorRule, RuleBand};

/// Every reading of `rule` for the actual `value` out of `weight`: a deduction is read with whole
/// steps (rounded down or up, 每超过一个百分点) and with proportional steps, since tables use both.
pub fn rule_points(rule: &IndicatorRule, value: Decimal, weight: Decimal, achieved: Achievement) -> Vec<Decimal> {
    let cap = |points: Decimal| points.max(Decimal::ZERO).min(weight);
    match rule {
        IndicatorRule::Deduction(d) => deduction(d, value).into_iter().map(|off| cap(weight - off)).collect(),
        IndicatorRule::Bands(bands) => {
            bands.iter().filter(|b| holds(b, value)).map(|b| cap(b.points.0)).take(1).collect()
        }
        IndicatorRule::Proportional => vec![cap(weight * value.max(Decimal::ZERO) / Decimal::ONE_HUNDRED)],
        IndicatorRule::FullIfMet => match achieved {
            Achievement::Met | Achievement::MetAsStated => vec![weight],
            Achievement::Missed | Achievement::MissedAsStated => vec![Decimal::ZERO],
            Achievement::NotFilled | Achievement::NotJudgeable => Vec::new(),
        },
    }
}

/// Whether `points` (as printed) is what one of the `candidates` gives at its precision.
pub fn agrees(points: Decimal, candidates: &[Decimal]) -> bool {
    candidates.iter().any(|c| round(*c, points.scale()) == points)
}

/// The points taken off, by whole steps (down, up) and by proportional steps; none beyond the standard.
fn deduction(d: &Deduction, value: Decimal) -> Vec<Decimal> {
    let beyond = match d.direction {
        DeductionDirection::Above => value - d.standard.0,
        DeductionDirection::Below => d.standard.0 - value,
    };
    if beyond <= Decimal::ZERO || d.per.0.is_zero() {
        return vec![Decimal::ZERO];
    }
    let steps = beyond / d.per.0;
    [steps.floor(), steps.ceil(), steps].into_iter().map(|s| s * d.deduct.0).collect()
}

fn holds(band: &RuleBand, value: Decimal) -> bool {
    let above_min = band.min.is_none_or(|m| value > m.0 || (band.min_inclusive && value == m.0));
    let below_max = band.max.is_none_or(|m| value < m.0 || (band.max_inclusive && value == m.0));
    above_min && below_max
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Number;
    use rust_decimal_macros::dec;

    fn deduct(standard: Decimal, direction: DeductionDirection, per: Decimal, off: Decimal) -> IndicatorRule {
        IndicatorRule::Deduction(Deduction {
            standard: Number(standard),
            direction,
            per: Number(per),
            deduct: Number(off),
        })
    }

    fn band(min: Option<Decimal>, min_inclusive: bool, max: Option<Decimal>, points: Decimal) -> RuleBand {
        RuleBand {
            min: min.map(Number),
            min_inclusive,
            max: max.map(Number),
            max_inclusive: true,
            points: Number(points),
        }
    }

    #[test]
    fn deductions_of_corpus_12() {
        let met = Achievement::Met;
        let staff = deduct(dec!(100), DeductionDirection::Above, dec!(1), dec!(0.5));
        assert!(agrees(dec!(8), &rule_points(&staff, dec!(95.10), dec!(8), met)), "95.10 ≤ 100: full points");
        let three_public = deduct(dec!(0), DeductionDirection::Above, dec!(1), dec!(0.8));
        assert_eq!(rule_points(&three_public, dec!(98.31), dec!(8), met), [dec!(0), dec!(0), dec!(0)], "capped at 0");
        let completion = deduct(dec!(100), DeductionDirection::Below, dec!(5), dec!(2));
        assert!(agrees(dec!(8), &rule_points(&completion, dec!(99.27), dec!(8), met)), "less than one 5 % step");
        assert!(agrees(dec!(6), &rule_points(&completion, dec!(94), dec!(8), met)), "one whole step");
        assert!(!agrees(dec!(8), &rule_points(&completion, dec!(80), dec!(8), met)), "four steps: 0");
    }

    #[test]
    fn bands_of_corpus_12() {
        let rule = IndicatorRule::Bands(vec![
            band(Some(dec!(0)), true, Some(dec!(0)), dec!(8)),
            band(Some(dec!(0)), false, Some(dec!(10)), dec!(6)),
            band(Some(dec!(10)), false, Some(dec!(20)), dec!(4)),
            band(Some(dec!(20)), false, Some(dec!(30)), dec!(2)),
            band(Some(dec!(30)), false, None, dec!(0)),
        ]);
        let points = |value| rule_points(&rule, value, dec!(8), Achievement::NotJudgeable);
        assert_eq!(points(dec!(0)), [dec!(8)]);
        assert_eq!(points(dec!(10)), [dec!(6)], "0-10%(含)");
        assert_eq!(points(dec!(10.01)), [dec!(4)]);
        assert_eq!(points(dec!(39.94)), [dec!(0)]);
    }

    #[test]
    fn proportional_and_full_if_met() {
        assert_eq!(rule_points(&IndicatorRule::Proportional, dec!(76), dec!(10), Achievement::Met), [dec!(7.6)]);
        assert_eq!(rule_points(&IndicatorRule::Proportional, dec!(120), dec!(10), Achievement::Met), [dec!(10)]);
        assert_eq!(rule_points(&IndicatorRule::FullIfMet, dec!(1), dec!(5), Achievement::Missed), [dec!(0)]);
        assert!(rule_points(&IndicatorRule::FullIfMet, dec!(1), dec!(5), Achievement::NotJudgeable).is_empty());
    }
}
