//! The year-start budget: stated changes, the prior-year column against the stored year, and
//! "of which" lines against their whole and against the expenditure section.

use std::collections::HashMap;

use super::checks::what;
use super::{show, Auditor, Finding, FindingKind, Located};
use crate::analysis::arith::sum_known;
use crate::domain::{BudgetItem, BudgetLine, Phase, Pointer, Snapshot};

impl Auditor {
    pub(super) fn budget(&mut self, s: &Snapshot, prior: Option<&Snapshot>) {
        let Some(budget) = &s.budget else { return };
        let lines = Pointer::root() / "budget" / "lines";
        self.duplicate_lines(&lines, &budget.lines);
        for (i, line) in budget.lines.iter().enumerate() {
            let at = &lines / i;
            if let (Some(change), Some(before), Some(now)) = (&line.stated_change, line.prior_year_amount, line.amount)
            {
                let named = what(format!("budget line {}", line.label), format!("预算项目“{}”", line.label));
                let (from, to) = (Located::at(before, &at / "prior_year_amount"), Located::at(now, &at / "amount"));
                self.change(&(&at / "stated_change"), change, from, to, &named);
            }
            // The prior-year column against what is stored for that year.
            let stored = prior
                .and_then(|p| p.budget.as_ref())
                .and_then(|b| b.lines.iter().find(|l| l.item == line.item && l.phase == line.phase));
            if let (Some(stated), Some(stored_amount)) = (line.prior_year_amount, stored.and_then(|l| l.amount)) {
                if stated != stored_amount {
                    self.report(
                        Finding::warning(FindingKind::PriorYearMismatch)
                            .at(&at / "prior_year_amount")
                            .stated(show(stated))
                            .recomputed(show(stored_amount))
                            .zh(format!(
                                "预算项目“{}”：报告所列上年数为{}，与已存档的{}年报告所列{}不符",
                                line.label,
                                show(stated),
                                s.year - 1,
                                show(stored_amount)
                            ))
                            .message(format!(
                                "{}: the prior-year figure {} differs from the stored {} report's {}",
                                line.label,
                                show(stated),
                                s.year - 1,
                                show(stored_amount)
                            )),
                    );
                }
            }
        }
        let year_start =
            |item: BudgetItem| budget.lines.iter().position(|l| l.item == item && l.phase == Phase::YearStart);
        let amount_at = |line: usize| &lines / line / "amount";
        // Basic and project expenditure, when both are stated, make up the expenditure.
        if let (Some(w), Some(b), Some(p)) = (
            year_start(BudgetItem::Expenditure),
            year_start(BudgetItem::BasicExpenditure),
            year_start(BudgetItem::ProjectExpenditure),
        ) {
            let sum = sum_known([budget.lines[b].amount, budget.lines[p].amount]);
            let parts = vec![amount_at(b), amount_at(p)];
            self.total(amount_at(w), budget.lines[w].amount, parts, sum, &what("the expenditure budget", "支出预算"));
        }
        // "Of which" lines are parts of their whole.
        for (part, whole) in [
            (BudgetItem::FiscalAppropriation, BudgetItem::Income),
            (BudgetItem::BasicExpenditure, BudgetItem::Expenditure),
            (BudgetItem::ProjectExpenditure, BudgetItem::Expenditure),
        ] {
            let (Some(p), Some(w)) = (year_start(part), year_start(whole)) else {
                continue;
            };
            let (pl, wl) = (&budget.lines[p], &budget.lines[w]);
            for (field, part_amount, whole_amount) in
                [("amount", pl.amount, wl.amount), ("prior_year_amount", pl.prior_year_amount, wl.prior_year_amount)]
            {
                if let (Some(pa), Some(wa)) = (part_amount, whole_amount) {
                    if pa > wa {
                        self.report(
                            Finding::error(FindingKind::PartExceedsWhole)
                                .at(&lines / p / field)
                                .at(&lines / w / field)
                                .stated(show(pa))
                                .recomputed(format!("≤ {}", show(wa)))
                                .zh(format!("“{}”（{}）大于“{}”（{}）", pl.label, show(pa), wl.label, show(wa)))
                                .message(format!("{} ({}) exceeds {} ({})", pl.label, show(pa), wl.label, show(wa))),
                        );
                    }
                }
            }
        }
        // The budget's expenditure and basic expenditure against the expenditure section.
        if let Some(e) = s.expenditure.as_ref().filter(|e| e.phase == Phase::YearStart) {
            let expenditure = Pointer::root() / "expenditure";
            if let Some(w) = year_start(BudgetItem::Expenditure) {
                self.total(
                    &expenditure / "stated_total",
                    e.stated_total,
                    vec![amount_at(w)],
                    budget.lines[w].amount,
                    &what("the overall expenditure", "整体支出"),
                );
            }
            if let (Some(b), Some(totals)) =
                (year_start(BudgetItem::BasicExpenditure), e.table.as_ref().and_then(|t| t.stated_totals.as_ref()))
            {
                self.total(
                    expenditure / "table" / "stated_totals" / "basic",
                    totals.basic,
                    vec![amount_at(b)],
                    budget.lines[b].amount,
                    &what("the basic expenditure of the table", "支出分类表的基本支出合计"),
                );
            }
        }
    }

    /// The same line (item and phase) stated twice: comparisons and checks use the first.
    fn duplicate_lines(&mut self, lines: &Pointer, budget: &[BudgetLine]) {
        let mut first = HashMap::new();
        for (i, line) in budget.iter().enumerate() {
            let Some(&earlier) = first.get(&(line.item, line.phase)) else {
                first.insert((line.item, line.phase), i);
                continue;
            };
            self.report(
                Finding::warning(FindingKind::DuplicateLine)
                    .at(lines / i / "item")
                    .at(lines / earlier / "item")
                    .stated(line.label.clone())
                    .zh(format!(
                        "预算项目“{}”（{}）重复列示：第{}行已列出同一项目的同一阶段，比较和复核采用第{}行",
                        line.label,
                        phase_zh(line.phase),
                        earlier + 1,
                        earlier + 1
                    ))
                    .message(format!(
                        "budget line {} ({}) is stated twice: line {} has the same item and phase, and comparisons use it",
                        line.label,
                        line.phase.as_str(),
                        earlier + 1
                    )),
            );
        }
    }
}

/// The Chinese name of a budget phase.
fn phase_zh(phase: Phase) -> &'static str {
    match phase {
        Phase::YearStart => "年初预算",
        Phase::Adjusted => "调整预算",
        Phase::FinalAccounts => "决算",
    }
}
