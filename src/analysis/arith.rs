//! The arithmetic of the report, exact and with explicit rounding: the report rounds half away
//! from zero, so does this.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::{Direction, Money};

/// Rounds half away from zero to `dp` decimals (34.865 -> 34.87, -34.865 -> -34.87).
pub fn round(value: Decimal, dp: u32) -> Decimal {
    value.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// Direction of the change from `from` to `to`.
pub fn direction(from: Decimal, to: Decimal) -> Direction {
    match to.cmp(&from) {
        std::cmp::Ordering::Greater => Direction::Increase,
        std::cmp::Ordering::Less => Direction::Decrease,
        std::cmp::Ordering::Equal => Direction::Unchanged,
    }
}

/// `part / whole` in percent, rounded to `dp` decimals; none when the whole is zero.
pub fn percent_of(part: Decimal, whole: Decimal, dp: u32) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    part.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(whole).map(|p| round(p, dp))
}

/// Signed percent change from `from` to `to`, rounded to `dp` decimals; none for a zero base.
pub fn percent_change(from: Decimal, to: Decimal, dp: u32) -> Option<Decimal> {
    percent_of(to - from, from.abs(), dp)
}

/// Whether a stated percentage agrees with an exact one at the precision the report printed
/// it: a whole-number 35 % agrees with 34.87 %, 36 % does not.
pub fn agrees_at_stated_precision(stated: Decimal, exact: Decimal) -> bool {
    round(exact, stated.scale()) == stated
}

/// An exact amount in 万元 expressed in the unit `stated` is printed in (0.86 万元 is 8600 元).
pub fn in_unit_of(stated: &Money, wan: Decimal) -> Decimal {
    wan / Money { value: Decimal::ONE, unit: Some(stated.unit()) }.in_wan()
}

/// Whether an exact amount in 万元 agrees with a stated amount at the precision it was printed
/// with, in its own unit: `53.2` agrees with 53.20, `5862.89元` does not agree with 0.86 万元.
pub fn agrees_at_printed_precision(stated: &Money, wan: Decimal) -> bool {
    round(in_unit_of(stated, wan), stated.value.scale()) == stated.value
}

/// Sum of figures, skipping unknown ones; `None` when every one is unknown.
pub fn sum_known<I: IntoIterator<Item = Option<Decimal>>>(values: I) -> Option<Decimal> {
    values.into_iter().flatten().fold(None, |sum, v| Some(sum.unwrap_or(Decimal::ZERO) + v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(round(dec!(34.865), 2), dec!(34.87));
        assert_eq!(round(dec!(-34.865), 2), dec!(-34.87));
        assert_eq!(round(dec!(0.5), 0), dec!(1));
        assert_eq!(round(dec!(-0.5), 0), dec!(-1));
        assert_eq!(round(dec!(2.5), 0), dec!(3), "not banker's rounding");
    }

    #[test]
    fn percent_changes_of_the_reference_budget() {
        assert_eq!(percent_change(dec!(2374.32), dec!(1546.39), 2), Some(dec!(-34.87)));
        assert_eq!(percent_change(dec!(282.59), dec!(423.72), 2), Some(dec!(49.94)));
        assert_eq!(percent_of(dec!(1874.44), dec!(1546.39), 2), Some(dec!(121.21)));
        assert_eq!(percent_of(dec!(2220.45), dec!(1546.39), 2), Some(dec!(143.59)));
    }

    #[test]
    fn zero_bases_have_no_percentage() {
        assert_eq!(percent_change(Decimal::ZERO, dec!(5), 2), None);
        assert_eq!(percent_of(dec!(5), Decimal::ZERO, 2), None);
        assert_eq!(percent_change(dec!(5), dec!(5), 2), Some(dec!(0)));
    }

    #[test]
    fn negative_changes_keep_their_sign_and_direction() {
        assert_eq!(percent_change(dec!(100), dec!(87.5), 1), Some(dec!(-12.5)));
        assert_eq!(direction(dec!(100), dec!(87.5)), Direction::Decrease);
        assert_eq!(direction(dec!(1), dec!(1.00)), Direction::Unchanged);
    }

    #[test]
    fn stated_percentages_are_judged_at_their_printed_precision() {
        assert!(agrees_at_stated_precision(dec!(35), dec!(34.8700)));
        assert!(agrees_at_stated_precision(dec!(50), dec!(49.94)));
        assert!(!agrees_at_stated_precision(dec!(36), dec!(34.87)));
        assert!(agrees_at_stated_precision(dec!(12.5), dec!(12.46)));
        assert!(!agrees_at_stated_precision(dec!(12.5), dec!(12.44)));
    }

    #[test]
    fn amounts_are_judged_at_their_printed_precision_in_their_unit() {
        let money = |text: &str| text.parse::<Money>().unwrap();
        assert!(agrees_at_printed_precision(&money("53.2"), dec!(53.20)));
        assert!(agrees_at_printed_precision(&money("0.3"), dec!(0.25)), "1 decimal printed");
        assert!(!agrees_at_printed_precision(&money("229.46"), dec!(229.47)));
        assert!(agrees_at_printed_precision(&money("8600.00元"), dec!(0.86)));
        assert!(!agrees_at_printed_precision(&money("5862.89元"), dec!(0.86)));
        assert_eq!(in_unit_of(&money("1亿元"), dec!(25000)), dec!(2.5));
    }

    #[test]
    fn unknowns_are_skipped_not_zeroed() {
        assert_eq!(sum_known([Some(dec!(1)), None, Some(dec!(2.5))]), Some(dec!(3.5)));
        assert_eq!(sum_known([None, None]), None);
    }
}
