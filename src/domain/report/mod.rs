//! The report: one unit's budget-performance disclosure for one fiscal year, as typed data.
//!
//! Everything the report *states* is kept as stated (`stated_*` fields): derived figures such
//! as totals, changes and percentages are never replaced by recomputed ones, so the analysis
//! can show both and flag where they disagree. Money is `Decimal` in 万元 (ten thousand yuan)
//! unless a field says otherwise, and travels as a JSON string (`"1546.39"`).
//!
//! Every section but the unit and the year is optional: a partial snapshot is real (the 2020
//! figures of the reference unit are only known through the 2021 report's prior-year column).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::wire::wire_enum;
use crate::domain::texts::{Label, Name, Text};

mod breakdown;
mod budget;
mod claims;
mod document;
mod evaluation;
mod funds;
mod goals;
mod metric;
mod people;
mod portfolio;
mod projects;
mod quantities;
mod scoring;
mod self_evaluation;

pub use breakdown::*;
pub use budget::*;
pub use claims::*;
pub use document::*;
pub use evaluation::*;
pub use funds::*;
pub use goals::*;
pub use metric::*;
pub use people::*;
pub use portfolio::*;
pub use projects::*;
pub use quantities::*;
pub use scoring::*;
pub use self_evaluation::*;

/// One unit's report for one fiscal year: the body of `POST .../revisions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    /// The version of this format. Absent: 1 (what every revision stored before version 2 has);
    /// 2 adds the members marked "(schema 2)". A reader of either keeps the stored bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 2, minimum = 1, maximum = 2)]
    pub schema: Option<u8>,
    /// What kind of document it is (schema 2). Absent: an overall report (部门整体支出).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<DocumentKind>,
    /// `excerpt` when the snapshot holds only part of the document (schema 2): what is missing is
    /// not reported missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<Coverage>,
    pub unit: Unit,
    /// The fiscal year the report covers.
    #[schema(example = 2021, minimum = 1949, maximum = 2100)]
    pub year: u16,
    /// Title of the report as published, e.g. 整体绩效自评报告.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub title: Option<String>,
    /// Where the figures come from when the snapshot is not a report of its own (e.g. the
    /// prior-year column of a later report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub source: Option<String>,
    /// The form's header block: template, 预算编码, 评价方式, 评价机构, 报告日期 … (schema 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<ReportHeader>,
    /// Where the stored copy comes from and what copying did to it (schema 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// Management rules the unit publishes in full (Markdown bodies).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleDocument>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<YearStartBudget>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expenditure: Option<Expenditure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_accounts: Option<FinalAccounts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goals: Option<Goals>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_projects: Option<KeyProjects>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results: Option<Results>,
    /// Experience and practice worth keeping (Markdown paragraphs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Text>)]
    pub experience: Vec<String>,
    /// Problems the unit found (Markdown paragraphs, one per problem).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Text>)]
    pub problems: Vec<String>,
    /// Recommendations and corrective measures (Markdown paragraphs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Text>)]
    pub recommendations: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// Establishment and staff in post, each with its own total (schema 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people: Option<People>,
    /// Internal departments and subordinate units (schema 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Organisation>,
    /// Amount tables by phase and source: budget, income, expenditure, execution (schema 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub funds: Vec<AmountLine>,
    /// Balance flows (结转结余) (schema 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub balances: Vec<BalanceFlow>,
    /// Totals split one or several ways (by document, task type, agency, project) (schema 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breakdowns: Vec<Breakdown>,
    /// The self-evaluation table of an overall report (schema 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_evaluation: Option<SelfEvaluation>,
    /// The projects of a project report, each with its own money and table (schema 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<ProjectReport>,
    /// The unit's projects counted as a whole: at year start, added, removed, total (schema 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portfolio: Option<Portfolio>,
    /// What the report claims in words of all its targets or rates (schema 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
}

wire_enum! {
    /// The kinds of disclosure document the genre has.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum DocumentKind {
        /// 部门（单位）整体支出绩效自评.
        Overall = "overall",
        /// 项目支出绩效自评: one or more projects, each with its own money, indicators and score.
        Project = "project",
        /// 转移支付绩效自评.
        TransferPayment = "transfer_payment",
        /// 决算公开: final accounts only.
        FinalAccounts = "final_accounts",
    }
}

wire_enum! {
    /// How much of the document a snapshot holds.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum Coverage {
        Whole = "whole",
        Excerpt = "excerpt",
    }
}

/// The reporting unit (部门/单位).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Stable identifier: 2-64 of lowercase ASCII letters, digits and `-`.
    #[schema(value_type = crate::domain::UnitCode)]
    pub code: String,
    /// A name: 1-200 characters, not blank, one line, no `<` or `>`.
    #[schema(example = "临汾市生态环境局曲沃分局")]
    #[schema(value_type = Name)]
    pub name: String,
    /// Kind of unit as the report states it, e.g. 行政单位.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub kind: Option<String>,
    /// Region the unit serves, e.g. 山西省临汾市曲沃县.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub region: Option<String>,
    /// The parent body, e.g. 临汾市生态环境局.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Name>)]
    pub parent: Option<String>,
}

/// Staff and organisation (部门概况).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub description: Option<String>,
    /// Staff total as stated (财政供养人员).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_staff_total: Option<u32>,
    /// Staff by category (行政, 事业, 自收自支 ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staff: Vec<StaffCategory>,
    /// Number of internal divisions as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_division_count: Option<u32>,
    /// Internal divisions (股室).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Name>)]
    pub divisions: Vec<String>,
    /// Subordinate institutions (下属事业单位).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Name>)]
    pub subordinate_institutions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffCategory {
    #[schema(example = "行政人员")]
    #[schema(value_type = Name)]
    pub category: String,
    pub count: u32,
}

/// A rule document published in full (管理制度).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDocument {
    #[schema(value_type = Name)]
    pub title: String,
    /// The text, as Markdown.
    #[schema(value_type = Text)]
    pub body: String,
}

wire_enum! {
    /// Direction of a change as the report words it (增加 / 减少).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum Direction {
        Increase = "increase",
        Decrease = "decrease",
        Unchanged = "unchanged",
    }
}

/// A change as the report states it: magnitudes, with the direction in words.
/// Both the amount and the percentage are optional, as reports give one or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatedChange {
    /// Direction as worded; absent when the report gives only a magnitude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// Magnitude of the change, in the unit of the figure it changes.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::WanYuan>, example = "827.93")]
    pub amount: Option<Decimal>,
    /// Magnitude of the change in percent, as printed (e.g. `35` for "35%").
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::Percent>, example = "35")]
    pub percent: Option<Decimal>,
}
