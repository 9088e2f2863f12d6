//! The report's claims in words against its own figures: "all targets met" while an indicator of
//! its self-evaluation tables was missed (by the figures or by the report's own word), "all rates
//! at x %" while a rate it states is below x. Only judgeable indicators count: one not filled or
//! not judgeable neither confirms nor contradicts a claim.

use rust_decimal::Decimal;

use super::{self_evaluation_tables, show, walk_indicators, Auditor, Finding, FindingKind};
use crate::analysis::achievement::{achievement, counting_target, Achievement};
use crate::domain::{AmountLine, Claim, ClaimKind, Comparator, Indicator, IndicatorValue, Pointer, Snapshot};

/// A missed indicator or a low rate, with its pointer and how the messages name it.
struct Contradiction {
    at: Pointer,
    zh: String,
    en: String,
}

impl Auditor {
    pub(super) fn claims(&mut self, s: &Snapshot) {
        for (n, claim) in s.claims.iter().enumerate() {
            let at = Pointer::root() / "claims" / n;
            match (claim.kind, claim.value) {
                (ClaimKind::AllTargetsMet, _) => self.all_targets_met(at, claim, s),
                (ClaimKind::AllRatesAt, Some(at_least)) => self.all_rates_at(at, claim, at_least.0, s),
                _ => {}
            }
        }
    }

    fn all_targets_met(&mut self, at: Pointer, claim: &Claim, s: &Snapshot) {
        let mut missed = Vec::new();
        for (table_at, table) in self_evaluation_tables(s) {
            walk_indicators(&(&table_at / "indicators"), &table.indicators, &mut |at, indicator| {
                if achievement(indicator).is_missed() {
                    missed.push(missed_indicator(at, indicator));
                }
            });
        }
        if missed.is_empty() {
            return;
        }
        let n = missed.len();
        let what = ("个指标未达成".to_string(), "indicator(s) missed".to_string());
        self.contradicted(at, claim, missed, format!("{n}项未达成"), what);
    }

    fn all_rates_at(&mut self, at: Pointer, claim: &Claim, at_least: Decimal, s: &Snapshot) {
        let root = Pointer::root();
        let mut lines: Vec<(Pointer, &AmountLine)> = Vec::new();
        lines.extend(s.funds.iter().enumerate().map(|(i, line)| (&root / "funds" / i, line)));
        for (p, project) in s.projects.iter().enumerate() {
            lines.extend(project.funding.iter().map(|line| (&root / "projects" / p / "funding", line)));
        }
        for (table_at, table) in self_evaluation_tables(s) {
            lines.extend(table.execution.iter().map(|block| (&table_at / "execution" / "total", &block.total)));
        }
        let mut below = Vec::new();
        for (line_at, line) in lines {
            rates_below(&line_at, line, at_least, &mut below);
        }
        if below.is_empty() {
            return;
        }
        let lowest = below.iter().map(|(_, value)| *value).min().unwrap_or(at_least);
        let below = below.into_iter().map(|(c, _)| c).collect();
        let x = show(at_least);
        let what = (format!("项比率低于{x}%"), format!("stated rate(s) below {x}%"));
        self.contradicted(at, claim, below, format!("{}%", show(lowest)), what);
    }

    /// One finding: the claim first, then each figure that contradicts it.
    fn contradicted(
        &mut self,
        at: Pointer,
        claim: &Claim,
        found: Vec<Contradiction>,
        recomputed: String,
        (what_zh, what_en): (String, String),
    ) {
        let n = found.len();
        let zh: Vec<&str> = found.iter().map(|c| c.zh.as_str()).collect();
        let en: Vec<&str> = found.iter().map(|c| c.en.as_str()).collect();
        let text = &claim.text;
        self.report(
            Finding::warning(FindingKind::ClaimContradictsIndicators)
                .at(at)
                .at_all(found.iter().map(|c| c.at.clone()))
                .stated(text.clone())
                .recomputed(recomputed)
                .zh(format!("报告称“{text}”，但按报告本身的数字有{n}{what_zh}：{}", zh.join("；")))
                .message(format!("the report claims \"{text}\" but {n} {what_en}: {}", en.join("; "))),
        );
    }
}

fn missed_indicator(at: &Pointer, i: &Indicator) -> Contradiction {
    let name = &i.name;
    let unit = i.unit.as_deref().unwrap_or("");
    let (zh, en) = match (achievement(i), counting_target(i), &i.actual) {
        (Achievement::Missed, Some(target), Some(actual)) => {
            let (target, actual) = (value(target, unit), value(actual, unit));
            let sign = comparator(i.comparator);
            (
                format!("“{name}”目标{sign}{target}，完成{actual}"),
                format!("{name}: target {sign}{target}, actual {actual}"),
            )
        }
        (_, _, Some(actual)) => {
            let actual = value(actual, unit);
            (format!("“{name}”完成情况为“{actual}”"), format!("{name}: stated as \"{actual}\""))
        }
        _ => (format!("“{name}”未达成"), format!("{name}: missed")),
    };
    Contradiction { at: at.clone(), zh, en }
}

/// The stated rates of `line` and of the lines within it that are below `at_least` percent.
fn rates_below(at: &Pointer, line: &AmountLine, at_least: Decimal, found: &mut Vec<(Contradiction, Decimal)>) {
    for (k, rate) in line.stated_rates.iter().enumerate() {
        let Some(value) = rate.value.known().map(|n| n.0).filter(|v| *v < at_least) else { continue };
        let (label, name, shown) = (&line.label, &rate.name, show(value));
        let contradiction = Contradiction {
            at: at / "stated_rates" / k / "value",
            zh: format!("“{label}”{name}{shown}%"),
            en: format!("{label} {name} {shown}%"),
        };
        found.push((contradiction, value));
    }
    for (key, lines) in [("by_source", &line.by_source), ("parts", &line.parts)] {
        for (i, child) in lines.iter().enumerate() {
            rates_below(&(at / key / i), child, at_least, found);
        }
    }
}

fn comparator(c: Option<Comparator>) -> &'static str {
    match c {
        Some(Comparator::AtLeast) => "≥",
        Some(Comparator::AtMost) => "≤",
        Some(Comparator::Equal) => "=",
        _ => "",
    }
}

fn value(v: &IndicatorValue, unit: &str) -> String {
    match v {
        IndicatorValue::Number(n) => format!("{}{unit}", show(*n)),
        IndicatorValue::Range { min, max } => format!("{}–{}{unit}", show(*min), show(*max)),
        IndicatorValue::Word(word) | IndicatorValue::Illegible(word) => word.clone(),
        IndicatorValue::Blank => String::new(),
    }
}
