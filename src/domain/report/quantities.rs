//! Physical quantities and per-unit standards a report prints beside its money (schema 2):
//! 约1000㎡, 174台拼接屏, 学生683人; 按生均1000元安排，共计239万元.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::money::Money;
use crate::domain::number::Number;
use crate::domain::texts::Name;

/// A quantity as printed: what is counted or measured, the number, its unit, and whether the
/// report says it is approximate (约).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    /// What is counted or measured, e.g. 总建筑面积, 拼接屏, 学生.
    #[schema(example = "总建筑面积")]
    #[schema(value_type = Name)]
    pub label: String,
    #[schema(value_type = Number, example = "1000")]
    pub value: Number,
    /// The unit as printed: ㎡, m, 台, 人, 个, 辆.
    #[schema(example = "㎡")]
    #[schema(value_type = Name)]
    pub unit: String,
    /// The report says 约 (about).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub approx: bool,
}

/// A per-unit standard the money is allotted by (按生均1000元安排), with the count and the total
/// the report states, when it states them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PerUnitStandard {
    /// The amount per unit, e.g. `"1000元"`.
    #[schema(value_type = crate::domain::Money, example = "1000元")]
    pub amount: Money,
    /// What one unit is, e.g. 生 (per student), 人, 亩.
    #[schema(example = "生")]
    #[schema(value_type = Name)]
    pub per: String,
    /// How many units the report says the standard is applied to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_count: Option<u32>,
    /// The total the report states for it (共计239万元).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::Money>, example = "239")]
    pub stated_total: Option<Money>,
}
