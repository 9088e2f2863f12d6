//! Amount lines by phase and source: per phase, the sources and the parts against the line;
//! stated rates (执行率, 使用率) against executed ÷ budget; stated shares (占比) against the
//! parent line; a stated adjustment against adjusted − year-start. Amounts are compared in 万元,
//! each stated figure at the precision it was printed with in its own unit. A blank, slashed or
//! illegible cell is an unknown part, never zero: known parts below the stated line are silent.

use rust_decimal::Decimal;

use super::checks::what;
use super::rate_basis::{base_phase, StatedRate};
use super::rates::{ratio_agrees, StatedRatio};
use super::{show, Auditor, Finding, FindingKind, Located, Severity};
use crate::analysis::arith::{agrees_at_printed_precision, in_unit_of, round};
use crate::domain::{AmountLine, Cell, Money, Number, Pointer, Snapshot};

impl Auditor {
    pub(super) fn funds(&mut self, s: &Snapshot) {
        let root = Pointer::root();
        for (i, line) in s.funds.iter().enumerate() {
            self.amount_line(&(&root / "funds" / i), line, None);
        }
        for (i, project) in s.projects.iter().enumerate() {
            if let Some(funding) = &project.funding {
                self.amount_line(&(&root / "projects" / i / "funding"), funding, None);
            }
        }
    }

    /// Every check of one amount line and of the lines below it; `parent` is the line it is a
    /// source or a part of.
    pub(super) fn amount_line(&mut self, at: &Pointer, line: &AmountLine, parent: Option<(&Pointer, &AmountLine)>) {
        for (key, children) in [("by_source", &line.by_source), ("parts", &line.parts)] {
            self.line_sums(at, line, key, children);
        }
        self.line_rates(at, line);
        if let Some((parent_at, parent)) = parent {
            self.line_share(at, line, parent_at, parent);
        }
        if let (Some(change), Some(year_start), Some(adjusted)) =
            (&line.stated_adjustment, known(line.year_start.as_ref()), known(line.adjusted.as_ref()))
        {
            self.change(
                &(at / "stated_adjustment"),
                change,
                Located::at(year_start.in_wan(), at / "year_start"),
                Located::at(adjusted.in_wan(), at / "adjusted"),
                &what(
                    format!("the adjustment of {}", line.label),
                    format!("“{}”的预算调整（调整后预算数减年初预算数）", line.label),
                ),
            );
        }
        for (key, children) in [("by_source", &line.by_source), ("parts", &line.parts)] {
            for (i, child) in children.iter().enumerate() {
                self.amount_line(&(at / key / i), child, Some((at, line)));
            }
        }
    }

    /// Per phase, the children (sources or parts) against the line.
    fn line_sums(&mut self, at: &Pointer, line: &AmountLine, key: &str, children: &[AmountLine]) {
        if children.is_empty() {
            return;
        }
        for (p, (phase, cell)) in line.phase_cells().into_iter().enumerate() {
            let Some(Cell::Value(stated)) = cell else { continue };
            let cells: Vec<_> = children.iter().map(|c| c.phase_cells()[p].1).collect();
            if cells.iter().all(Option::is_none) {
                continue; // the children do not split this phase
            }
            let unknown = cells.iter().filter(|c| known(**c).is_none()).count();
            let known: Decimal = cells.iter().filter_map(|c| known(*c)).map(|m| m.in_wan()).sum();
            if agrees_at_printed_precision(stated, known) {
                continue;
            }
            let over = round(in_unit_of(stated, known), stated.value.scale()) > stated.value;
            let partial = !line.completeness.is_complete();
            let severity = match (partial, unknown > 0, over) {
                (false, false, _) => Severity::Error,
                (false, true, true) => Severity::Error,
                (true, _, true) => Severity::Warning,
                (_, _, false) => continue,
            };
            let (zh_children, en_children) = match key {
                "by_source" => ("各资金来源", "its sources"),
                _ => ("各分项", "its parts"),
            };
            let sum = in_stated_unit(stated, known);
            let (zh_rest, en_rest) = match (partial, unknown) {
                (true, _) => {
                    ("（仅列出部分），已超过报告数".to_string(), " (only some are listed), more than stated".into())
                }
                (false, 0) => (String::new(), String::new()),
                (false, n) => (format!("（另有{n}项未知），已超过报告数"), format!(" ({n} unknown), more than stated")),
            };
            let involved = (0..children.len()).filter(|&i| cells[i].is_some()).map(|i| at / key / i / phase);
            self.report(
                Finding::with_severity(severity, FindingKind::TotalMismatch)
                    .at(at / phase)
                    .at_all(involved)
                    .stated(stated.to_string())
                    .recomputed(sum.clone())
                    .zh(format!(
                        "“{}”{}：报告为{stated}，{zh_children}合计为{sum}{zh_rest}",
                        line.label,
                        phase_zh(phase)
                    ))
                    .message(format!(
                        "{} ({phase}) is stated as {stated} but {en_children} sum to {sum}{en_rest}",
                        line.label
                    )),
            );
        }
    }

    /// Each stated rate against executed ÷ its base (`of`, else adjusted if printed, else year-start);
    /// one that counts the opening balance as budget is noted, not contradicted.
    fn line_rates(&mut self, at: &Pointer, line: &AmountLine) {
        for (i, rate) in line.stated_rates.iter().enumerate() {
            let Cell::Value(Number(stated)) = rate.value else { continue };
            let base = base_phase(line, rate.of);
            let (executed, of) = (known(line.executed.as_ref()), known(line.phase(base)));
            if let (Some(executed), Some(of)) = (executed, of) {
                if ratio_agrees(stated, executed.in_wan(), of.in_wan()) {
                    continue;
                }
            }
            let stated_at = at / "stated_rates" / i / "value";
            let (what_zh, what) =
                (format!("“{}”的{}", line.label, rate.name), format!("{} of {}", rate.name, line.label));
            let noted = StatedRate { at: stated_at.clone(), value: stated, what_zh: &what_zh, what: &what };
            if self.opening_counted_as_budget(noted, at, line, base) {
                continue;
            }
            let (Some(executed), Some(of)) = (executed, of) else { continue };
            let base_key = base.as_str();
            self.stated_ratio(
                FindingKind::RateMismatch,
                StatedRatio {
                    pointers: vec![stated_at, at / "executed", at / base_key],
                    stated,
                    numerator: executed.in_wan(),
                    denominator: of.in_wan(),
                    what_zh: &what_zh,
                    what: &what,
                    formula_zh: format!("执行数{executed} ÷ {}{of}", phase_zh(base_key)),
                    formula: format!("executed {executed} ÷ {base_key} {of}"),
                },
            );
        }
    }

    /// A stated share (占比) against the line ÷ its parent line, in the same phase: any phase both
    /// print agrees, or the first of them is reported.
    fn line_share(&mut self, at: &Pointer, line: &AmountLine, parent_at: &Pointer, parent: &AmountLine) {
        let Some(Cell::Value(Number(stated))) = line.stated_share else { return };
        let pairs: Vec<_> = line
            .phase_cells()
            .into_iter()
            .zip(parent.phase_cells())
            .filter_map(|((phase, part), (_, whole))| Some((phase, known(part)?, known(whole)?)))
            .filter(|(_, _, whole)| !whole.in_wan().is_zero())
            .collect();
        if pairs.is_empty() || pairs.iter().any(|(_, part, whole)| ratio_agrees(stated, part.in_wan(), whole.in_wan()))
        {
            return;
        }
        let (phase, part, whole) = pairs[0];
        self.stated_ratio(
            FindingKind::ShareMismatch,
            StatedRatio {
                pointers: vec![at / "stated_share", at / phase, parent_at / phase],
                stated,
                numerator: part.in_wan(),
                denominator: whole.in_wan(),
                what_zh: &format!("“{}”占“{}”的比重", line.label, parent.label),
                what: &format!("the share of {} in {}", line.label, parent.label),
                formula_zh: format!("{}{part} ÷ {whole}", phase_zh(phase)),
                formula: format!("{phase} {part} ÷ {whole}"),
            },
        );
    }
}

/// The amount of a cell, if the report prints one.
fn known(cell: Option<&Cell<Money>>) -> Option<Money> {
    cell.and_then(Cell::known)
}

/// An exact sum in 万元 shown as the stated amount is printed: `0.86` or `8600元`.
fn in_stated_unit(stated: &Money, wan: Decimal) -> String {
    let value = show(in_unit_of(stated, wan));
    match stated.unit {
        Some(unit) => format!("{value}{}", unit.as_str()),
        None => value,
    }
}

/// The Chinese name of a phase column.
fn phase_zh(phase: &str) -> &'static str {
    match phase {
        "year_start" => "年初预算数",
        "adjusted" => "调整后预算数",
        "received" => "到位数",
        "executed" => "执行数",
        "opening_balance" => "年初结余",
        "closing_balance" => "年末结余",
        _ => "上年数",
    }
}
