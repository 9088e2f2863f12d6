//! Money as a report prints it: a non-negative decimal in its unit of account (元, 万元, 亿元),
//! with the precision it was printed with (up to 6 decimals, kept as the decimal's scale).
//!
//! JSON: a string, the amount and, unless it is 万元 (the genre's default), its unit:
//! `"251.89"` (万元), `"5862.89元"`, `"299亿元"`. Arithmetic converts exactly to 万元.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use super::wire::wire_enum;
use crate::newtype::string_schema;

/// The most decimals an amount may be printed with in its own unit.
pub const MAX_SCALE: u32 = 6;

wire_enum! {
    /// A unit of account.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
    pub enum MoneyUnit {
        Yuan = "元",
        WanYuan = "万元",
        YiYuan = "亿元",
    }
}

impl MoneyUnit {
    /// How many 万元 one of this unit is, as a power of ten.
    fn exponent(self) -> i32 {
        match self {
            MoneyUnit::Yuan => -4,
            MoneyUnit::WanYuan => 0,
            MoneyUnit::YiYuan => 4,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    /// The amount as printed; its scale is the printed precision.
    pub value: Decimal,
    /// The unit written after it; `None` is 万元 (and writes no suffix).
    pub unit: Option<MoneyUnit>,
}

impl Money {
    /// An amount in 万元 with no unit written.
    pub fn wan(value: Decimal) -> Money {
        Money { value, unit: None }
    }

    pub fn unit(&self) -> MoneyUnit {
        self.unit.unwrap_or(MoneyUnit::WanYuan)
    }

    /// The amount in 万元, exactly (a shift of the decimal point).
    pub fn in_wan(&self) -> Decimal {
        shift(self.value, self.unit().exponent())
    }

    /// The precision it was printed with, in 万元 decimals (`5862.89元` is 0.000001 万元).
    pub fn scale_in_wan(&self) -> u32 {
        (self.value.scale() as i32 - self.unit().exponent()).max(0) as u32
    }
}

/// `value × 10^exponent`, exactly.
fn shift(value: Decimal, exponent: i32) -> Decimal {
    let ten = Decimal::TEN;
    (0..exponent.unsigned_abs()).fold(value, |v, _| if exponent > 0 { v * ten } else { v / ten })
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.value)?;
        match self.unit {
            Some(unit) => f.write_str(unit.as_str()),
            None => Ok(()),
        }
    }
}

impl FromStr for Money {
    type Err = String;

    fn from_str(text: &str) -> Result<Money, String> {
        // 万元 and 亿元 before 元, which ends both.
        let (number, unit) = [MoneyUnit::WanYuan, MoneyUnit::YiYuan, MoneyUnit::Yuan]
            .iter()
            .find_map(|&unit| text.strip_suffix(unit.as_str()).map(|n| (n, Some(unit))))
            .unwrap_or((text, None));
        let value = super::decimal::parse(number)
            .map_err(|_| format!("{text:?} is not an amount such as \"1546.39\", \"5862.89元\" or \"299亿元\""))?;
        if value.is_sign_negative() {
            return Err(format!("{text:?}: an amount is not negative"));
        }
        if value.scale() > MAX_SCALE {
            return Err(format!("{text:?} has more than {MAX_SCALE} decimals"));
        }
        Ok(Money { value, unit })
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer)?.parse().map_err(serde::de::Error::custom)
    }
}

impl PartialSchema for Money {
    fn schema() -> RefOr<Schema> {
        // Below 10^10 万元 with at most 6 decimals in 万元: 10 integer digits in 万元, 14 with 2
        // decimals in 元, 6 in 亿元.
        let pattern = concat!(
            r"^((0|[1-9][0-9]{0,9})(\.[0-9]{1,6})?(万元)?|(0|[1-9][0-9]{0,13})(\.[0-9]{1,2})?元",
            r"|(0|[1-9][0-9]{0,5})(\.[0-9]{1,6})?亿元)$"
        );
        string_schema(Some(pattern), None, "5862.89元")
    }
}

impl ToSchema for Money {}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn amounts_keep_their_unit_and_precision() {
        for text in ["251.89", "5862.89元", "299亿元", "0.586289", "12.30万元", "0"] {
            let money: Money = text.parse().unwrap();
            assert_eq!(money.to_string(), text);
        }
        let yuan: Money = "5862.89元".parse().unwrap();
        assert_eq!(yuan.in_wan(), dec!(0.586289));
        assert_eq!(yuan.scale_in_wan(), 6);
        assert_eq!("299亿元".parse::<Money>().unwrap().in_wan(), dec!(2990000));
        assert_eq!("251.89".parse::<Money>().unwrap().in_wan(), dec!(251.89));
    }

    #[test]
    fn impossible_amounts_are_refused() {
        for text in ["-1", "1.2345678", "1e3", "12 元", "12美元", "", "元"] {
            assert!(text.parse::<Money>().is_err(), "{text:?}");
        }
    }

    #[test]
    fn units_name_themselves_as_serde_does() {
        crate::domain::wire::assert_wire_names(MoneyUnit::ALL, MoneyUnit::as_str);
    }
}
