//! The performance evaluation, measured results and attachments (the self-evaluation table).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::*;
use crate::domain::texts::{Label, Name, Text};
use crate::domain::value::MetricValue;

/// The performance evaluation: method, indicator weights, grade bands, score and grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// Approach and focus (评价思路及关注点), Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub approach: Option<String>,
    /// Method (评价方法).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub method: Option<String>,
    /// Process (评价过程).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub process: Option<String>,
    /// Level-one indicator groups and their points; they sum to `max_score`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicator_groups: Vec<IndicatorGroup>,
    /// Full marks (满分).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::FullMarks>, example = "100")]
    pub max_score: Option<Decimal>,
    /// Grade bands as this report states them (they differ between jurisdictions and years).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grade_bands: Vec<GradeBand>,
    /// The score as stated.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::Points>, example = "91.25")]
    pub score: Option<Decimal>,
    /// The grade as stated, e.g. 优.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Name>)]
    pub stated_grade: Option<String>,
    /// The conclusion as worded, Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub conclusion: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorGroup {
    /// 投入, 过程, 产出及效率 ...
    #[schema(value_type = Name)]
    pub name: String,
    #[schema(example = "13")]
    #[serde(with = "crate::domain::decimal")]
    #[schema(value_type = crate::domain::number::Points)]
    pub points: Decimal,
    /// What the group covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub description: Option<String>,
}

/// A grade band: `min <= score` (or `<`) and `score <= max` (or `<`). An open end is absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    #[schema(example = "优秀")]
    #[schema(value_type = Name)]
    pub grade: String,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::Points>, example = "85")]
    pub min: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::Points>, example = "100")]
    pub max: Option<Decimal>,
    /// Whether `max` itself belongs to the band (`≤` rather than `<`).
    pub max_inclusive: bool,
}

/// What was achieved: measured metrics and narrative sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Results {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<Measurement>,
    /// Narrative sections (绩效分析), Markdown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
}

/// A measured metric with its value and the change against the prior year as stated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    /// Stable metric identifier (a slug), shared across years and with targets.
    #[schema(example = "pm25-annual-mean")]
    pub metric: String,
    /// The metric as worded, e.g. PM2.5平均浓度.
    #[schema(value_type = Label)]
    pub label: String,
    /// The period measured when it is not the whole year, e.g. 1-3月.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub period: Option<String>,
    pub value: MetricValue,
    /// Unit of the value, e.g. μg/m³, 天, %, 万元.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub unit: Option<String>,
    /// Change against the prior year as stated (同比).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_change: Option<StatedChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    #[schema(value_type = Label)]
    pub title: String,
    /// Markdown.
    #[schema(value_type = Text)]
    pub body: String,
}

/// An attachment named by the report; the self-evaluation table's rows when they are given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    #[schema(value_type = Label)]
    pub title: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<SelfEvaluationRow>,
}

/// One row of the self-evaluation table (绩效自评表).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfEvaluationRow {
    /// Indicator path, level one first (一级指标 / 二级指标 / 三级指标).
    #[schema(value_type = Vec<Label>, min_items = 1)]
    pub indicator: Vec<String>,
    #[serde(with = "crate::domain::decimal")]
    #[schema(value_type = crate::domain::number::Points)]
    pub weight: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub actual: Option<String>,
    /// Whether the actual value meets the target, as the table shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_met: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::Points>)]
    pub score: Option<Decimal>,
    /// Reason for the deviation (偏差原因).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub deviation_reason: Option<String>,
}
