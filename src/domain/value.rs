//! Measured values of the metrics a report gives: numbers, water-quality classes, ranks, yes/no.

use std::cmp::Ordering;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::wire::wire_enum;

wire_enum! {
    /// Surface-water quality class (GB 3838-2002): I is best, 劣V (worse than V) is worst.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
    pub enum WaterClass {
        I = "I",
        II = "II",
        III = "III",
        IV = "IV",
        V = "V",
        WorseThanV = "劣V",
    }
}

impl WaterClass {
    /// 1 for I up to 6 for 劣V: lower is better.
    pub fn rank(self) -> u8 {
        match self {
            WaterClass::I => 1,
            WaterClass::II => 2,
            WaterClass::III => 3,
            WaterClass::IV => 4,
            WaterClass::V => 5,
            WaterClass::WorseThanV => 6,
        }
    }

    /// Whether `self` is at least as good as `other`.
    pub fn meets(self, other: WaterClass) -> bool {
        self.rank() <= other.rank()
    }

    /// Compares by quality: `Greater` means better water.
    pub fn cmp_quality(self, other: WaterClass) -> Ordering {
        other.rank().cmp(&self.rank())
    }
}

/// A measured value, tagged by its kind: `{"number": "5.02"}`, `{"water_class": "IV"}`,
/// `{"rank": 1}`, `{"yes_no": true}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum MetricValue {
    Number(#[serde(with = "crate::domain::decimal")] Decimal),
    WaterClass(WaterClass),
    Rank(u32),
    YesNo(bool),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn water_classes_order_best_first() {
        assert!(WaterClass::III.meets(WaterClass::III));
        assert!(WaterClass::II.meets(WaterClass::III));
        assert!(!WaterClass::IV.meets(WaterClass::III));
        assert!(!WaterClass::WorseThanV.meets(WaterClass::V));
        assert_eq!(WaterClass::I.cmp_quality(WaterClass::II), Ordering::Greater);
    }

    #[test]
    fn values_are_tagged_in_json() {
        let v: MetricValue = serde_json::from_str(r#"{"water_class":"劣V"}"#).unwrap();
        assert_eq!(v, MetricValue::WaterClass(WaterClass::WorseThanV));
        let v: MetricValue = serde_json::from_str(r#"{"number":"5.02"}"#).unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"number":"5.02"}"#);
    }
}
