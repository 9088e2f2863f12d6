//! Money: the year-start budget against the prior year, the expenditure and its classification
//! tables, and the final accounts against the budget.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::*;
use crate::domain::texts::{Label, Name, Text};
use crate::domain::wire::wire_enum;

wire_enum! {
    /// Phase of a budget figure, as in the Fiscal Data Package.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
    pub enum Phase {
        /// 年初预算
        YearStart = "year_start",
        /// 调整预算
        Adjusted = "adjusted",
        /// 决算
        FinalAccounts = "final_accounts",
    }
}

wire_enum! {
    /// Which line of the budget a figure belongs to, so that years can be compared line by line.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
    pub enum BudgetItem {
        /// 收入预算
        Income = "income",
        /// 财政拨款 (of which, within income)
        FiscalAppropriation = "fiscal_appropriation",
        /// 支出预算
        Expenditure = "expenditure",
        /// 基本支出 (of which, within expenditure)
        BasicExpenditure = "basic_expenditure",
        /// 项目支出 (of which, within expenditure)
        ProjectExpenditure = "project_expenditure",
    }
}
/// Year-start budget against the prior year (年初预算收支).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct YearStartBudget {
    pub lines: Vec<BudgetLine>,
    /// Why the budget changed, as the report explains it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub explanation: Option<String>,
}

/// One budget line: this year's figure, the prior year's as this report states it, and the
/// change as stated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    pub item: BudgetItem,
    /// The row label as printed, e.g. 其中：财政经费拨款.
    #[schema(value_type = Label)]
    pub label: String,
    pub phase: Phase,
    /// This year's amount (万元).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(example = "1546.39", pattern = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,6})?$")]
    pub amount: Option<Decimal>,
    /// The prior year's amount as this report states it (万元).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(example = "2374.32", pattern = r"^(0|[1-9][0-9]{0,9})(\.[0-9]{1,6})?$")]
    pub prior_year_amount: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_change: Option<StatedChange>,
}

/// A basic / project / total split of one amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Split {
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::WanYuan>)]
    pub basic: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::WanYuan>)]
    pub project: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::WanYuan>)]
    pub total: Option<Decimal>,
}

/// How this year's expenditure is used (财政预算整体支出使用范围、方向和内容).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Expenditure {
    pub phase: Phase,
    /// Scope and purpose of basic and project expenditure, as Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub description: Option<String>,
    /// Overall expenditure as stated (整体支出).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::WanYuan>, example = "1546.39")]
    pub stated_total: Option<Decimal>,
    /// 一般公共预算支出, split into basic and project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub general_public_budget: Option<Split>,
    /// 政府性基金预算支出, split into basic and project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub government_fund_budget: Option<Split>,
    /// The table by economic and functional classification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<ClassifiedTable>,
}

wire_enum! {
    /// Classification scheme of a budget line, as in the Fiscal Data Package.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum ClassificationScheme {
        /// 支出经济分类
        Economic = "economic",
        /// 支出功能分类
        Functional = "functional",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    pub scheme: ClassificationScheme,
    /// Official code when the report gives one (e.g. `301`, `2110199`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "301", pattern = "^[0-9]{1,16}$")]
    pub code: Option<String>,
    /// The label as printed, e.g. 工资福利支出.
    #[schema(value_type = Name)]
    pub label: String,
    /// Level in the classification (1 = 类, 2 = 款, 3 = 项), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1, maximum = 9)]
    pub level: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassifiedRow {
    pub classification: Classification,
    /// Amounts as printed; a blank cell is absent.
    pub amounts: Split,
}

/// Expenditure by classification with basic / project / total columns and the stated totals row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassifiedTable {
    pub rows: Vec<ClassifiedRow>,
    /// The 合计 row as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_totals: Option<Split>,
}

/// Final accounts against the year-start budget (年度收入决算 / 年度支出决算).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FinalAccounts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income: Option<ExecutionTable>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expenditure: Option<ExecutionTable>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExecutionTable {
    pub lines: Vec<ExecutionLine>,
    /// The 小计 row, when the report prints one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_subtotal: Option<ExecutionLine>,
    /// Why the final accounts differ from the budget, as the report explains it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Text>)]
    pub explanation: Option<String>,
}

/// One row of a final-accounts table: budget, actual and the difference as stated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExecutionLine {
    /// The row label as printed, e.g. 财政拨款收入.
    #[schema(value_type = Label)]
    pub label: String,
    /// Budget (预算金额, 万元).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::WanYuan>, example = "1546.39")]
    pub budget: Option<Decimal>,
    /// Final accounts (决算金额, 万元).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(value_type = Option<crate::domain::number::WanYuan>, example = "1874.44")]
    pub actual: Option<Decimal>,
    /// The difference as stated (差额 / 增减金额).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_difference: Option<StatedChange>,
}
