//! Decimals travel as JSON strings in plain notation: `"1546.39"`, `"-0.5"`, `"150000"`.
//!
//! The grammar is strict so that what is stored is exactly what was sent: an optional `-`, an
//! integer part without leading zeros, an optional fraction; no exponent, no `+`, no spaces, no
//! negative zero, at most 28 significant digits (parsed exactly, never rounded). JSON numbers
//! are refused: a binary float cannot carry 1546.39 exactly.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serializer};

pub fn parse(text: &str) -> Result<Decimal, String> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match digits.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let plain = all_digits(int) && (int == "0" || !int.starts_with('0')) && frac.is_none_or(all_digits);
    if !plain {
        return Err(format!("{text:?} is not a decimal in plain notation such as \"1546.39\""));
    }
    let value =
        Decimal::from_str_exact(text).map_err(|_| format!("{text:?} has more digits than can be kept exactly"))?;
    if value.is_zero() && text.starts_with('-') {
        return Err(format!("{text:?}: write zero without a sign"));
    }
    Ok(value)
}

pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse(&text).map_err(serde::de::Error::custom)
}

/// The same for optional fields (used with `#[serde(default)]`).
pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.collect_str(value),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| parse(&text).map_err(serde::de::Error::custom))
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_decimals_and_keeps_them_as_written() {
        for text in ["0", "1546.39", "70451.70", "0.5", "-12.5", "150000", "1237641.7"] {
            assert_eq!(parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn refuses_everything_else() {
        for text in
            ["", "-", "1e5", "+1", " 1", "1 ", "1_000", ".5", "5.", "007", "-0", "-0.00", "1.2.3", "NaN", "1,5", "１２"]
        {
            assert!(parse(text).is_err(), "{text:?} accepted");
        }
        assert!(parse("1.00000000000000000000000000001").is_err(), "would be rounded");
    }

    #[test]
    fn json_numbers_are_refused() {
        #[derive(serde::Deserialize)]
        struct Amount {
            #[serde(with = "super")]
            #[allow(dead_code)]
            value: Decimal,
        }
        assert!(serde_json::from_str::<Amount>(r#"{"value": 1546.39}"#).is_err());
        assert!(serde_json::from_str::<Amount>(r#"{"value": "1546.39"}"#).is_ok());
    }
}
