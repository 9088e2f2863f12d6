//! The standard indicators of an overall self-evaluation table (部门整体支出绩效评价指标): what an
//! indicator measures when it is one of them, so that its value can be checked against the
//! report's own figures (a 预算完成率 against the execution block, a 结转结余率 against it).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::wire::wire_enum;

wire_enum! {
    /// A standard indicator, whatever the report calls it.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum StandardMetric {
        /// 预算完成率: budget executed ÷ budget.
        BudgetCompletionRate = "budget_completion_rate",
        /// 预算执行率: executed ÷ (adjusted) budget.
        BudgetExecutionRate = "budget_execution_rate",
        /// 结转结余率: balance carried over ÷ budget.
        CarryOverRate = "carry_over_rate",
        /// 预算调整率: adjustment ÷ year-start budget.
        BudgetAdjustmentRate = "budget_adjustment_rate",
        /// 预算控制率: budget added during the year ÷ year-start budget.
        BudgetControlRate = "budget_control_rate",
        /// 财政供养人员控制率 / 在职人员控制率: staff in post ÷ establishment.
        StaffControlRate = "staff_control_rate",
        /// 三公经费变动率: change of the 三公 budget on the year before.
        ThreePublicChangeRate = "three_public_change_rate",
        /// 三公经费控制率: 三公 spent ÷ 三公 budget.
        ThreePublicControlRate = "three_public_control_rate",
        /// 公用经费控制率: public running costs spent ÷ budget.
        PublicExpenseControlRate = "public_expense_control_rate",
        /// 政府采购执行率: procurement executed ÷ planned.
        ProcurementExecutionRate = "procurement_execution_rate",
        /// 固定资产利用率: fixed assets in use ÷ all.
        FixedAssetUtilisationRate = "fixed_asset_utilisation_rate",
    }
}

impl StandardMetric {
    /// Whether the metric is the budget's execution rate (预算完成率, 预算执行率).
    pub fn is_execution_rate(self) -> bool {
        matches!(self, StandardMetric::BudgetCompletionRate | StandardMetric::BudgetExecutionRate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::wire::assert_wire_names;

    #[test]
    fn metrics_name_themselves_as_serde_does() {
        assert_wire_names(StandardMetric::ALL, StandardMetric::as_str);
    }
}
