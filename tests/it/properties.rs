//! Properties over generated inputs (proptest): the decimal grammar, the rounding, the canonical
//! form and its hash, and validation through a round trip.

use disclose::analysis::arith::round;
use disclose::domain::{decimal, Money};
use disclose::integrity::{canonical_json, Sha256};
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

use crate::common::example_2021;

/// A decimal in plain notation: an integer part without leading zeros and up to 6 decimals.
fn plain_decimal() -> impl Strategy<Value = String> {
    (0u64..10_000_000_000, 0u32..=6, any::<bool>()).prop_map(|(n, scale, negative)| {
        let value = Decimal::from_i128_with_scale(i128::from(n), scale);
        let text = value.to_string();
        if negative && !value.is_zero() {
            format!("-{text}")
        } else {
            text
        }
    })
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("\\PC{0,8}", inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_plain_decimal_reads_back_as_it_was_written(text in plain_decimal()) {
        let value = decimal::parse(&text).unwrap();
        prop_assert_eq!(value.to_string(), text);
    }

    #[test]
    fn money_keeps_its_unit_and_precision(text in plain_decimal(), unit in prop::sample::select(vec!["", "元", "万元", "亿元"])) {
        let text = format!("{}{unit}", text.trim_start_matches('-'));
        let money: Money = text.parse().unwrap();
        prop_assert_eq!(money.to_string(), text);
    }

    #[test]
    fn rounding_is_half_away_from_zero_and_within_half_a_unit(text in plain_decimal(), dp in 0u32..=4) {
        let value = decimal::parse(&text).unwrap();
        let rounded = round(value, dp);
        let half = Decimal::new(5, dp + 1);
        prop_assert!((rounded - value).abs() <= half);
        prop_assert_eq!(round(-value, dp), -rounded, "symmetric around zero");
        prop_assert_eq!(round(rounded, dp), rounded, "idempotent");
    }

    #[test]
    fn the_canonical_form_is_stable_and_so_is_its_hash(value in json_value()) {
        let once = canonical_json(&value).unwrap();
        let reparsed: Value = serde_json::from_str(&once).unwrap();
        let twice = canonical_json(&reparsed).unwrap();
        prop_assert_eq!(&once, &twice);
        prop_assert_eq!(Sha256::of(once.as_bytes()), Sha256::of(twice.as_bytes()));
    }

    #[test]
    fn a_valid_snapshot_stays_valid_through_a_round_trip(amount in plain_decimal(), line in 0usize..3) {
        let mut body = example_2021();
        body["budget"]["lines"][line]["amount"] = Value::String(amount.trim_start_matches('-').to_string());
        // The stated changes may now disagree: that is a finding, never a refusal.
        let snapshot = disclose::service::parse_snapshot(body.to_string().as_bytes()).unwrap();
        let canonical = canonical_json(&snapshot).unwrap();
        let again = disclose::service::parse_snapshot(canonical.as_bytes()).unwrap();
        prop_assert_eq!(canonical_json(&again).unwrap(), canonical);
    }
}
