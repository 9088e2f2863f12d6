//! Key projects: categories, groups and projects with their investment estimates.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::figure::Figure;
use crate::domain::texts::{Label, Name, Text};

/// Key projects of the plan period (重点项目): categories, groups, projects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyProjects {
    /// First year of the plan period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1949, maximum = 2100)]
    pub from: Option<u16>,
    /// Last year of the plan period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1949, maximum = 2100)]
    pub to: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub description: Option<String>,
    /// Number of projects as stated (项目数量共计).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_project_count: Option<u32>,
    /// Total investment estimate as stated (投资估算总计, 万元).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::WanYuan>, example = "1237641.7")]
    pub stated_total: Option<Decimal>,
    pub categories: Vec<ProjectCategory>,
}

/// A category of works (工程类别), e.g. 大气环境质量改善工程.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectCategory {
    #[schema(value_type = Name)]
    pub name: String,
    /// Project count as stated in the summary table's 小计 row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_project_count: Option<u32>,
    /// Investment subtotal as stated in the summary table (万元).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::WanYuan>)]
    pub stated_subtotal: Option<Decimal>,
    pub groups: Vec<ProjectGroup>,
}

/// A group of projects (工程项目): one row of the summary table and one detail table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectGroup {
    /// The row number in the summary table (序号).
    pub number: u32,
    #[schema(value_type = Name)]
    pub name: String,
    /// The detail table's number, e.g. `4-2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub table: Option<String>,
    /// Project count as stated in the summary table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_project_count: Option<u32>,
    /// Investment estimate as stated in the summary table: an amount or `/` (unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_estimate: Option<Figure>,
    /// The detail table's 合计 row, when printed: an amount or `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_total: Option<Figure>,
    pub projects: Vec<Project>,
}

/// One project row of a detail table.
///
/// A merged estimate cell spanning several rows is given once, on its first row, and the
/// other rows point to it with `shares_estimate_of`: the amount is counted once. Merged text
/// cells (content, years, responsible units) are repeated on each row they cover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The row number in its table (编号).
    pub number: u32,
    /// Project or enterprise name; some tables only give the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Name>)]
    pub name: Option<String>,
    /// Main construction content (主要建设内容).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub content: Option<String>,
    /// Investment estimate (万元): an amount, or `/` when the report gives none. Absent, without
    /// `shares_estimate_of`, when the row has no estimate cell at all: unknown, like `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Figure>,
    /// The number of the row whose merged estimate cell also covers this row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shares_estimate_of: Option<u32>,
    /// First year of implementation; absent when the report gives `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1949, maximum = 2100)]
    pub from: Option<u16>,
    /// Last year of implementation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1949, maximum = 2100)]
    pub to: Option<u16>,
    /// Responsible units (责任单位).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Name>)]
    pub responsible: Vec<String>,
}
