//! Budget execution: the year-start budget against the final accounts.

use rust_decimal::Decimal;
use serde::Serialize;
use utoipa::ToSchema;

use super::arith::{direction, percent_of, sum_known};
use crate::domain::{Direction, ExecutionTable, Snapshot, StatedChange};

/// Budget against actual for one side (income or expenditure) of the final accounts.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ExecutionSide {
    /// Sum of the budget column (万元).
    #[schema(example = "1546.39")]
    pub budget: Option<Decimal>,
    /// Sum of the final-accounts column (万元).
    #[schema(example = "1874.44")]
    pub actual: Option<Decimal>,
    /// `actual - budget`, signed (万元).
    #[schema(example = "328.05")]
    pub difference: Option<Decimal>,
    pub direction: Option<Direction>,
    /// `actual / budget` in percent, 2 decimals, half away from zero; none for a zero budget.
    #[schema(example = "121.21")]
    pub execution_rate: Option<Decimal>,
    /// The difference as the report states it (of the 小计 row, or of the only row).
    pub stated_difference: Option<StatedChange>,
    /// The report's explanation of the difference.
    pub explanation: Option<String>,
    /// The same figures for each row of the table.
    pub lines: Vec<ExecutionRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ExecutionRow {
    pub label: String,
    pub budget: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub difference: Option<Decimal>,
    pub execution_rate: Option<Decimal>,
    pub stated_difference: Option<StatedChange>,
}

/// Budget execution of one unit-year.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Execution {
    /// The unit's code.
    #[schema(value_type = crate::domain::UnitCode)]
    pub unit: String,
    pub year: u16,
    pub income: Option<ExecutionSide>,
    pub expenditure: Option<ExecutionSide>,
}

fn row(label: &str, budget: Option<Decimal>, actual: Option<Decimal>, stated: Option<StatedChange>) -> ExecutionRow {
    let (difference, execution_rate) = match (budget, actual) {
        (Some(b), Some(a)) => (Some(a - b), percent_of(a, b, 2)),
        _ => (None, None),
    };
    ExecutionRow { label: label.to_string(), budget, actual, difference, execution_rate, stated_difference: stated }
}

fn side(table: &ExecutionTable) -> ExecutionSide {
    let lines: Vec<_> =
        table.lines.iter().map(|l| row(&l.label, l.budget, l.actual, l.stated_difference.clone())).collect();
    // Totals only when every row gives both figures: a missing one is unknown, not zero.
    let complete = table.lines.iter().all(|l| l.budget.is_some() && l.actual.is_some());
    let budget = sum_known(table.lines.iter().map(|l| l.budget)).filter(|_| complete);
    let actual = sum_known(table.lines.iter().map(|l| l.actual)).filter(|_| complete);
    let total = row("", budget, actual, None);
    let stated_difference = match (&table.stated_subtotal, table.lines.as_slice()) {
        (Some(subtotal), _) => subtotal.stated_difference.clone(),
        (None, [only]) => only.stated_difference.clone(),
        _ => None,
    };
    ExecutionSide {
        budget,
        actual,
        difference: total.difference,
        direction: budget.zip(actual).map(|(b, a)| direction(b, a)),
        execution_rate: total.execution_rate,
        stated_difference,
        explanation: table.explanation.clone(),
        lines,
    }
}

/// Budget against final accounts, recomputed from the rows the report gives.
pub fn execution(snapshot: &Snapshot) -> Execution {
    let accounts = snapshot.final_accounts.as_ref();
    Execution {
        unit: snapshot.unit.code.clone(),
        year: snapshot.year,
        income: accounts.and_then(|a| a.income.as_ref()).map(side),
        expenditure: accounts.and_then(|a| a.expenditure.as_ref()).map(side),
    }
}
