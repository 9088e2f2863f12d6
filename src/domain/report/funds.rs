//! Money by phase and by source: one kind of line for every budget, income, expenditure and
//! execution table the genre prints (年初预算, 调整后预算/全年预算, 到位, 执行数/决算), with open
//! labelled funding sources, stated rates and shares; and balance flows (结转结余).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::people::Completeness;
use super::{BudgetItem, StatedChange};
use crate::domain::cell::{Cell, Narrative};
use crate::domain::money::Money;
use crate::domain::number::Number;
use crate::domain::texts::Name;

/// One line of an amount table, with a column per phase the report prints. A phase the report
/// does not print is absent; a printed blank or slash is a [`Cell`] state, never zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AmountLine {
    /// As printed: 总额, 其中：财政资金, 局机关, 项目支出.
    #[schema(value_type = Name)]
    pub label: String,
    /// What the line is, when it is one of the standard items (links it to comparisons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<BudgetItem>,
    /// The funding source, when the line is one source's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<FundingSource>,
    /// 年初预算 / 年初批复 / 预算数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>, example = "238.93")]
    pub year_start: Option<Cell<Money>>,
    /// 调整后预算 / 全年(调整)预算.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>, example = "251.89")]
    pub adjusted: Option<Cell<Money>>,
    /// 到位 / 下达 / 收到.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>)]
    pub received: Option<Cell<Money>>,
    /// 执行数 / 实际支出 / 决算数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>, example = "251.89")]
    pub executed: Option<Cell<Money>>,
    /// The prior year's figure as this report prints it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>)]
    pub prior_year: Option<Cell<Money>>,
    /// 年初结余 / 上年结转: the balance brought into the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>, example = "19.8")]
    pub opening_balance: Option<Cell<Money>>,
    /// 年末结余: the balance left at the end of the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>, example = "19.8")]
    pub closing_balance: Option<Cell<Money>>,
    /// A stated adjustment of the budget during the year (本年追加预算767.86万元).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_adjustment: Option<StatedChange>,
    /// Rates the report states on this line (预算执行率, 使用率, 完成率), in percent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stated_rates: Vec<StatedRate>,
    /// The line's share of its parent line (占比), in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::PercentCell>, example = "90.42")]
    pub stated_share: Option<Cell<Number>>,
    /// The same amounts by funding source (其中：财政资金 …): per phase they add up to this line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub by_source: Vec<AmountLine>,
    /// The lines this one is made of (sub-units, items): per phase they add up to this line.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub parts: Vec<AmountLine>,
    /// `partial` when the sources or parts listed are not all there are.
    #[serde(default, skip_serializing_if = "Completeness::is_complete")]
    pub completeness: Completeness,
    /// A row the template prints with no figures (……, 二级机构2): it carries none.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub placeholder: bool,
    /// The explanation the table asks for (原因, 调整理由).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Narrative>,
}

/// A funding source as the report names it: an open list (财政拨款, 一般公共预算, 政府性基金, 上年结转,
/// 上级补助, 本级, 其他资金 …), never a closed set that would refuse a real label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FundingSource {
    #[schema(example = "财政资金")]
    #[schema(value_type = Name)]
    pub label: String,
    /// A standard code for the source, if the report or the system gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Name>)]
    pub code: Option<String>,
}

/// A rate the report states, in percent, and what it is a rate of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatedRate {
    /// As printed: 预算执行率, 使用率, 完成率.
    #[schema(value_type = Name)]
    pub name: String,
    #[schema(value_type = crate::domain::cell::PercentCell, example = "100.00")]
    pub value: Cell<Number>,
    /// The phase divided by (default: `adjusted`, else `year_start`); the numerator is `executed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<AmountPhase>,
}

crate::domain::wire::wire_enum! {
    /// A phase column of an [`AmountLine`].
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum AmountPhase {
        YearStart = "year_start",
        Adjusted = "adjusted",
        Received = "received",
        Executed = "executed",
    }
}

impl AmountLine {
    /// The cell of a phase, if the report prints it.
    pub fn phase(&self, phase: AmountPhase) -> Option<&Cell<Money>> {
        match phase {
            AmountPhase::YearStart => self.year_start.as_ref(),
            AmountPhase::Adjusted => self.adjusted.as_ref(),
            AmountPhase::Received => self.received.as_ref(),
            AmountPhase::Executed => self.executed.as_ref(),
        }
    }

    /// Every amount column with its member name, in table order (the balances after the phases,
    /// the prior year's last).
    pub fn phase_cells(&self) -> [(&'static str, Option<&Cell<Money>>); 7] {
        [
            ("year_start", self.year_start.as_ref()),
            ("adjusted", self.adjusted.as_ref()),
            ("received", self.received.as_ref()),
            ("executed", self.executed.as_ref()),
            ("opening_balance", self.opening_balance.as_ref()),
            ("closing_balance", self.closing_balance.as_ref()),
            ("prior_year", self.prior_year.as_ref()),
        ]
    }
}

/// A balance flow (结转结余): opening + income − expenditure (± other flows) = closing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BalanceFlow {
    /// As printed, e.g. 一般公共预算财政拨款.
    #[schema(value_type = Name)]
    pub label: String,
    /// 年初结转和结余.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>, example = "98.45")]
    pub opening: Option<Cell<Money>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>, example = "1095.76")]
    pub income: Option<Cell<Money>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>, example = "1193.35")]
    pub expenditure: Option<Cell<Money>>,
    /// Other money in (用事业基金弥补收支差额).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>)]
    pub other_in: Option<Cell<Money>>,
    /// Other money out (结余分配).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>)]
    pub other_out: Option<Cell<Money>>,
    /// 年末结转和结余.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>, example = "0.86")]
    pub closing: Option<Cell<Money>>,
}

impl BalanceFlow {
    /// Every amount with its member name, in flow order.
    pub fn cells(&self) -> [(&'static str, Option<&Cell<Money>>); 6] {
        [
            ("opening", self.opening.as_ref()),
            ("income", self.income.as_ref()),
            ("expenditure", self.expenditure.as_ref()),
            ("other_in", self.other_in.as_ref()),
            ("other_out", self.other_out.as_ref()),
            ("closing", self.closing.as_ref()),
        ]
    }
}
