//! Expenditure and its execution: the fund split, the classification table's columns and
//! totals, and the final accounts' stated differences and subtotals.

use rust_decimal::Decimal;

use super::checks::{what, What};
use super::{Auditor, Located};
use crate::analysis::arith::sum_known;
use crate::domain::{ClassifiedTable, ExecutionLine, Pointer, Snapshot, Split};

/// The rows a classification table's totals add up: a table that prints 类/款/项 rows under
/// each other adds up at its top level only (rows without a level count as top level).
pub fn top_level_rows(table: &ClassifiedTable) -> Vec<usize> {
    let top = table.rows.iter().filter_map(|r| r.classification.level).min();
    (0..table.rows.len()).filter(|&i| table.rows[i].classification.level.is_none_or(|l| Some(l) == top)).collect()
}

impl Auditor {
    /// Basic and project make up the total of a split.
    fn split(&mut self, at: &Pointer, split: &Split, what: &What) {
        let parts = sum_known([split.basic, split.project]);
        self.total(at / "total", split.total, vec![at / "basic", at / "project"], parts, what);
    }

    pub(super) fn expenditure(&mut self, s: &Snapshot) {
        let Some(e) = &s.expenditure else { return };
        let root = Pointer::root() / "expenditure";
        let (general, fund) = (&root / "general_public_budget", &root / "government_fund_budget");
        if let Some(g) = &e.general_public_budget {
            self.split(&general, g, &what("the general public budget expenditure", "一般公共预算支出"));
        }
        if let Some(g) = &e.government_fund_budget {
            self.split(&fund, g, &what("the government fund budget expenditure", "政府性基金预算支出"));
        }
        let funds = [&e.general_public_budget, &e.government_fund_budget];
        if funds.iter().all(|f| f.as_ref().is_some_and(|f| f.total.is_some())) {
            let sum = sum_known(funds.iter().map(|f| f.as_ref().and_then(|f| f.total)));
            let parts = vec![&general / "total", &fund / "total"];
            self.total(
                &root / "stated_total",
                e.stated_total,
                parts,
                sum,
                &what("the overall expenditure", "整体支出"),
            );
        }
        let Some(table) = &e.table else { return };
        let rows = &root / "table" / "rows";
        for (i, row) in table.rows.iter().enumerate() {
            let label = &row.classification.label;
            let named = what(format!("the row {label}"), format!("支出分类表“{label}”行"));
            self.split(&(&rows / i / "amounts"), &row.amounts, &named);
        }
        let Some(totals) = &table.stated_totals else {
            return;
        };
        let at = &root / "table" / "stated_totals";
        let counted = top_level_rows(table);
        let column =
            |pick: fn(&Split) -> Option<Decimal>| sum_known(counted.iter().map(|&i| pick(&table.rows[i].amounts)));
        let pointers = |field: &str| counted.iter().map(|&i| &rows / i / "amounts" / field).collect::<Vec<_>>();
        self.total(
            &at / "basic",
            totals.basic,
            pointers("basic"),
            column(|a| a.basic),
            &what("the basic expenditure column total", "支出分类表基本支出列合计"),
        );
        self.total(
            &at / "project",
            totals.project,
            pointers("project"),
            column(|a| a.project),
            &what("the project expenditure column total", "支出分类表项目支出列合计"),
        );
        let rows_total = sum_known(counted.iter().map(|&i| {
            let r = &table.rows[i];
            r.amounts.total.or(sum_known([r.amounts.basic, r.amounts.project]))
        }));
        let grand_total = what("the table's grand total", "支出分类表总计");
        self.total(&at / "total", totals.total, pointers("total"), rows_total, &grand_total);
        self.split(&at, totals, &grand_total);
        // The table against the fund split.
        if e.general_public_budget.is_some() || e.government_fund_budget.is_some() {
            for (field, zh, pick) in [
                ("basic", "基本支出", (|s: &Split| s.basic) as fn(&Split) -> Option<Decimal>),
                ("project", "项目支出", |s: &Split| s.project),
            ] {
                let by_fund = sum_known(funds.iter().filter_map(|f| f.as_ref()).map(pick));
                self.total(
                    &at / field,
                    pick(totals),
                    vec![&general / field, &fund / field],
                    by_fund,
                    &what(
                        format!("the table's {field} total against the fund split"),
                        format!("支出分类表的{zh}合计（与按资金来源所列支出相比）"),
                    ),
                );
            }
            self.total(
                &at / "total",
                totals.total,
                vec![&root / "stated_total"],
                e.stated_total,
                &what("the table's grand total against the overall expenditure", "支出分类表总计（与整体支出相比）"),
            );
        }
    }

    fn execution_line(&mut self, at: &Pointer, line: &ExecutionLine) {
        if let (Some(stated), Some(budget), Some(actual)) = (&line.stated_difference, line.budget, line.actual) {
            let named = what(format!("final accounts {}", line.label), format!("决算项目“{}”", line.label));
            let (from, to) = (Located::at(budget, at / "budget"), Located::at(actual, at / "actual"));
            self.change(&(at / "stated_difference"), stated, from, to, &named);
        }
    }

    pub(super) fn final_accounts(&mut self, s: &Snapshot) {
        let Some(accounts) = &s.final_accounts else {
            return;
        };
        for (side, side_zh, table) in
            [("income", "收入", &accounts.income), ("expenditure", "支出", &accounts.expenditure)]
        {
            let Some(table) = table else { continue };
            let at = Pointer::root() / "final_accounts" / side;
            let lines = &at / "lines";
            for (i, line) in table.lines.iter().enumerate() {
                self.execution_line(&(&lines / i), line);
            }
            if let Some(subtotal) = &table.stated_subtotal {
                let subtotal_at = &at / "stated_subtotal";
                self.execution_line(&subtotal_at, subtotal);
                for (field, field_zh, pick) in [
                    ("budget", "预算", (|l: &ExecutionLine| l.budget) as fn(&ExecutionLine) -> Option<Decimal>),
                    ("actual", "决算", |l: &ExecutionLine| l.actual),
                ] {
                    let parts = (0..table.lines.len()).map(|i| &lines / i / field).collect();
                    let sum = sum_known(table.lines.iter().map(pick));
                    self.total(
                        &subtotal_at / field,
                        pick(subtotal),
                        parts,
                        sum,
                        &what(format!("the {side} subtotal ({field})"), format!("{side_zh}决算小计（{field_zh}）")),
                    );
                }
            }
        }
    }
}
