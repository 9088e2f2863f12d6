//! The projects a report lists with their money against its project expenditure (项目支出): the
//! listed ones may be only some of them (e.g. those with performance targets), so a remainder
//! is noted; listed projects above the whole cannot be.

use super::{show, Auditor, Finding, FindingKind};
use crate::domain::{AmountLine, AmountPhase, BudgetItem, Pointer, Snapshot};

impl Auditor {
    pub(super) fn projects_against_project_expenditure(&mut self, s: &Snapshot) {
        let Some((at, line)) = find_item(&s.funds, &(Pointer::root() / "funds"), BudgetItem::ProjectExpenditure) else {
            return;
        };
        for phase in [AmountPhase::YearStart, AmountPhase::Adjusted, AmountPhase::Executed] {
            let Some(whole) = line.phase(phase).and_then(|c| c.known()) else { continue };
            let listed: Option<Vec<_>> = s
                .projects
                .iter()
                .map(|p| p.funding.as_ref().and_then(|f| f.phase(phase)).and_then(|c| c.known()))
                .collect();
            let Some(listed) = listed.filter(|l| !l.is_empty()) else { continue };
            let (sum, whole_wan) = (listed.iter().map(|m| m.in_wan()).sum(), whole.in_wan());
            let (n, at) = (listed.len(), &at / phase.as_str());
            if sum < whole_wan {
                let rest = show(whole_wan - sum);
                self.report(
                    Finding::info(FindingKind::TotalOverUnknownParts)
                        .at(at.clone())
                        .at_all((0..n).map(|i| Pointer::root() / "projects" / i / "funding" / phase.as_str()))
                        .stated(show(whole_wan))
                        .recomputed(format!("≥ {}", show(sum)))
                        .zh(format!(
                            "“{}”为{}万元，报告列出的{n}个项目合计{}万元，另有{rest}万元未列明到项目",
                            line.label,
                            show(whole_wan),
                            show(sum)
                        ))
                        .message(format!(
                            "{} is {}; the {n} projects listed sum to {}, so {rest} is not itemised",
                            line.label,
                            show(whole_wan),
                            show(sum)
                        )),
                );
            } else if sum > whole_wan {
                self.report(
                    Finding::warning(FindingKind::PartExceedsWhole)
                        .at(at.clone())
                        .stated(show(whole_wan))
                        .recomputed(show(sum))
                        .zh(format!(
                            "报告列出的{n}个项目合计{}万元，超过“{}”{}万元",
                            show(sum),
                            line.label,
                            show(whole_wan)
                        ))
                        .message(format!(
                            "the {n} projects listed sum to {}, more than {} ({})",
                            show(sum),
                            line.label,
                            show(whole_wan)
                        )),
                );
            }
        }
    }
}

/// The first line (at any depth) that is `item`, with its pointer.
pub(super) fn find_item<'a>(
    lines: &'a [AmountLine],
    at: &Pointer,
    item: BudgetItem,
) -> Option<(Pointer, &'a AmountLine)> {
    lines.iter().enumerate().find_map(|(i, line)| {
        let here = at / i;
        if line.item == Some(item) {
            return Some((here, line));
        }
        find_item(&line.parts, &(&here / "parts"), item)
            .or_else(|| find_item(&line.by_source, &(&here / "by_source"), item))
    })
}
