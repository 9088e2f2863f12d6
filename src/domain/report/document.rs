//! The facts printed around a report's figures (schema 2): its header block (template, 预算编码,
//! 评价方式, 评价机构, 报告日期, 主管部门, 实施单位) and where the stored copy comes from (page,
//! publication date, what copying did to the text).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::cell::Cell;
use crate::domain::number::IsoDate;
use crate::domain::texts::{Label, Name};

/// The header block of a report form, each member as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportHeader {
    /// The template's own title or number, e.g. 部门预算项目支出绩效自评表(2023年度), 附件6.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "部门预算项目支出绩效自评表(2023年度)")]
    #[schema(value_type = Option<Label>)]
    pub template: Option<String>,
    /// 预算编码: the printed code, or `""` when the form leaves it blank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>, example = "YYX292")]
    pub budget_code: Option<Cell<String>>,
    /// 评价方式, e.g. 部门(单位)绩效自评.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub evaluation_method: Option<String>,
    /// 评价机构, e.g. 部门(单位)评价组.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub evaluator: Option<String>,
    /// 报告期 / 报告日期 as an ISO date (`2017-07-25`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<IsoDate>, example = "2017-07-25")]
    pub report_date: Option<String>,
    /// 主管部门.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Name>)]
    pub supervisor: Option<String>,
    /// 实施单位.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Name>)]
    pub implementer: Option<String>,
}

/// Where the stored copy of the report comes from, and what copying did to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Origin {
    /// The page the copy was taken from (http or https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "https://yyx.gov.cn/37584/38146/48374/content_2046924.html")]
    pub url: Option<String>,
    /// The page's publication date (发布日期 / 公开日期) as an ISO date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<IsoDate>, example = "2022-09-28")]
    pub published_on: Option<String>,
    /// Copy debris a reader should know of: every 年 printed as `-`, traditional script, OCR damage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Label>)]
    pub notes: Vec<String>,
}
