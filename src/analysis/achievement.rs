//! Whether an indicator of a self-evaluation table reached its target, derived from its comparator
//! (指标性质) and values — never hand-set. The audit, the `/targets` view and the pages all ask here.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::wire::wire_enum;
use crate::domain::{Comparator, Indicator, IndicatorValue};

wire_enum! {
    /// What the values of an indicator say about its target.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum Achievement {
        /// The actual value meets the target by the comparator (达成).
        Met = "met",
        /// The actual value does not meet the target (未达成).
        Missed = "missed",
        /// The report says in words that the target was reached (完成, 达到, 好 …).
        MetAsStated = "met_as_stated",
        /// The report says in words that it was not (未完成, 否, 差 …).
        MissedAsStated = "missed_as_stated",
        /// No actual value: the cell is absent or blank (未填).
        NotFilled = "not_filled",
        /// The values cannot be compared: illegible, no comparator, a word that says neither.
        NotJudgeable = "not_judgeable",
    }
}

impl Achievement {
    /// Missed by the figures or by the report's own words.
    pub fn is_missed(self) -> bool {
        matches!(self, Achievement::Missed | Achievement::MissedAsStated)
    }
}

/// Words that state a target as reached (exact cell contents, trimmed).
const MET_WORDS: &[&str] = &[
    "完成",
    "已完成",
    "全部完成",
    "按时完成",
    "达到",
    "已达到",
    "达成",
    "已达成",
    "达标",
    "已达标",
    "是",
    "好",
    "较好",
    "良好",
    "高",
    "较高",
    "优",
    "优秀",
    "合格",
    "有效",
    "满意",
    "符合",
    "及时",
];

/// Words that state a target as not reached.
const MISSED_WORDS: &[&str] = &[
    "未完成",
    "没有完成",
    "未达到",
    "未达成",
    "未达标",
    "否",
    "差",
    "较差",
    "低",
    "较低",
    "不合格",
    "无效",
    "不满意",
    "不符合",
    "不及时",
];

/// The target that counts: the adjusted one (调整指标值) when the table gives one, else the target.
pub fn counting_target(indicator: &Indicator) -> Option<&IndicatorValue> {
    match &indicator.adjusted_target {
        None | Some(IndicatorValue::Blank) => indicator.target.as_ref(),
        adjusted => adjusted.as_ref(),
    }
}

/// Derives the achievement of `indicator`: the adjusted target counts when there is one.
pub fn achievement(indicator: &Indicator) -> Achievement {
    use IndicatorValue::*;
    let target = counting_target(indicator);
    match &indicator.actual {
        None | Some(Blank) => Achievement::NotFilled,
        Some(Word(word)) => by_words(word.trim(), target),
        Some(Number(actual)) => match (indicator.comparator, target) {
            (Some(Comparator::AtLeast), Some(Number(t))) => met_if(actual >= t),
            (Some(Comparator::AtMost), Some(Number(t))) => met_if(actual <= t),
            (Some(Comparator::Equal), Some(Number(t))) => met_if(actual == t),
            (Some(Comparator::Range) | None, Some(Range { min, max })) => met_if(min <= actual && actual <= max),
            _ => Achievement::NotJudgeable,
        },
        Some(Illegible(_) | Range { .. }) => Achievement::NotJudgeable,
    }
}

fn met_if(met: bool) -> Achievement {
    if met {
        Achievement::Met
    } else {
        Achievement::Missed
    }
}

fn by_words(word: &str, target: Option<&IndicatorValue>) -> Achievement {
    let same_as_target = matches!(target, Some(IndicatorValue::Word(t)) if t.trim() == word);
    if MISSED_WORDS.contains(&word) {
        Achievement::MissedAsStated
    } else if same_as_target || MET_WORDS.contains(&word) {
        Achievement::MetAsStated
    } else {
        Achievement::NotJudgeable
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::wire::assert_wire_names;
    use rust_decimal_macros::dec;
    use Achievement::*;

    fn indicator(
        comparator: Option<Comparator>,
        target: Option<IndicatorValue>,
        actual: Option<IndicatorValue>,
    ) -> Indicator {
        serde_json::from_value::<Indicator>(serde_json::json!({"name": "指标"}))
            .map(|i| Indicator { comparator, target, actual, ..i })
            .unwrap()
    }

    fn number(value: rust_decimal::Decimal) -> Option<IndicatorValue> {
        Some(IndicatorValue::Number(value))
    }

    fn word(text: &str) -> Option<IndicatorValue> {
        Some(IndicatorValue::Word(text.into()))
    }

    #[test]
    fn numbers_are_judged_by_the_comparator() {
        let at_least = Some(Comparator::AtLeast);
        assert_eq!(achievement(&indicator(at_least, number(dec!(70)), number(dec!(76)))), Met);
        assert_eq!(achievement(&indicator(at_least, number(dec!(100)), number(dec!(72.74)))), Missed);
        assert_eq!(achievement(&indicator(at_least, number(dec!(100)), number(dec!(100.00)))), Met);
        let equal = Some(Comparator::Equal);
        assert_eq!(achievement(&indicator(equal, number(dec!(100)), number(dec!(100.0)))), Met);
        assert_eq!(achievement(&indicator(equal, number(dec!(100)), number(dec!(99)))), Missed);
    }

    #[test]
    fn lower_is_better_is_at_most() {
        let at_most = Some(Comparator::AtMost);
        assert_eq!(achievement(&indicator(at_most, number(dec!(5)), number(dec!(0)))), Met, "≤5% met by 0");
        assert_eq!(achievement(&indicator(at_most, number(dec!(3)), number(dec!(3)))), Met);
        assert_eq!(achievement(&indicator(at_most, number(dec!(3)), number(dec!(3.1)))), Missed);
    }

    #[test]
    fn ranges_include_their_ends() {
        let range = Some(IndicatorValue::Range { min: dec!(90), max: dec!(100) });
        for (actual, expected) in [(dec!(90), Met), (dec!(100), Met), (dec!(95.5), Met), (dec!(89.99), Missed)] {
            assert_eq!(achievement(&indicator(Some(Comparator::Range), range.clone(), number(actual))), expected);
        }
        assert_eq!(achievement(&indicator(None, range, number(dec!(95)))), Met, "a range says how it compares");
    }

    #[test]
    fn the_adjusted_target_counts() {
        let mut i = indicator(Some(Comparator::AtLeast), number(dec!(100)), number(dec!(90)));
        assert_eq!(achievement(&i), Missed);
        i.adjusted_target = number(dec!(90));
        assert_eq!(achievement(&i), Met);
        i.adjusted_target = Some(IndicatorValue::Blank);
        assert_eq!(achievement(&i), Missed, "a blank adjusted target is no adjustment");
    }

    #[test]
    fn no_actual_value_is_not_filled() {
        assert_eq!(achievement(&indicator(Some(Comparator::Equal), number(dec!(100)), None)), NotFilled);
        let blank = Some(IndicatorValue::Blank);
        assert_eq!(achievement(&indicator(Some(Comparator::Equal), number(dec!(100)), blank)), NotFilled);
    }

    #[test]
    fn what_cannot_be_compared_is_not_judgeable() {
        let illegible = Some(IndicatorValue::Illegible("26次".into()));
        assert_eq!(
            achievement(&indicator(Some(Comparator::AtLeast), illegible.clone(), number(dec!(12)))),
            NotJudgeable
        );
        assert_eq!(achievement(&indicator(Some(Comparator::AtLeast), number(dec!(12)), illegible)), NotJudgeable);
        assert_eq!(achievement(&indicator(None, number(dec!(100)), number(dec!(92)))), NotJudgeable, "no comparator");
        assert_eq!(achievement(&indicator(Some(Comparator::AtLeast), None, number(dec!(92)))), NotJudgeable);
        assert_eq!(achievement(&indicator(Some(Comparator::Qualitative), word("高"), word("一般"))), NotJudgeable);
    }

    #[test]
    fn words_are_taken_as_the_report_states_them() {
        let q = Some(Comparator::Qualitative);
        for met in ["完成", "已完成", "达到", "达成", "是", "好", "高", "优", "合格", "满意"] {
            assert_eq!(achievement(&indicator(q, None, word(met))), MetAsStated, "{met}");
        }
        for missed in ["未完成", "未达到", "否", "差", "低"] {
            assert_eq!(achievement(&indicator(q, word("高"), word(missed))), MissedAsStated, "{missed}");
        }
        assert_eq!(achievement(&indicator(q, word("逐步提升"), word("逐步提升"))), MetAsStated, "the target's word");
        assert_eq!(achievement(&indicator(Some(Comparator::AtMost), number(dec!(30)), word("完成"))), MetAsStated);
    }

    #[test]
    fn achievements_name_themselves_as_serde_does() {
        assert_wire_names(Achievement::ALL, Achievement::as_str);
    }
}
