//! Validation of how indicators are scored (得分系数, rules, the unit's formula), of stated
//! indicator counts, and of breakdowns (one total split several ways). Refused: only what cannot
//! be printed (a step of zero, a band whose ends cross, negative points or amounts, empty labels);
//! points that do not follow from the rule are the audit's.

use super::schema2::MAX_PERCENT;
use super::{Validator, MAX_AMOUNT};
use crate::domain::number::Number;
use crate::domain::pointer::Pointer;
use crate::domain::report::*;

/// Values a rule or a formula works with (a rate, a standard, an amount): at most this many decimals.
const VALUE_SCALE: u32 = 6;

impl Validator {
    /// The scoring members of one indicator.
    pub(super) fn indicator_scoring(&mut self, at: &Pointer, i: &Indicator) {
        self.percent(at / "stated_coefficient", i.stated_coefficient.as_ref());
        self.opt_text(at / "rule_text", &i.rule_text);
        match &i.scoring_rule {
            Some(IndicatorRule::Deduction(d)) => self.deduction(&(at / "scoring_rule" / "deduction"), d),
            Some(IndicatorRule::Bands(bands)) => self.bands(&(at / "scoring_rule" / "bands"), bands),
            Some(IndicatorRule::Proportional | IndicatorRule::FullIfMet) | None => {}
        }
        if let Some(f) = &i.stated_formula {
            let at = at / "stated_formula";
            self.label(&at / "text", &f.text);
            for (key, n) in [("a", f.a), ("b", f.b)] {
                self.value(&at / key, n, false);
            }
            self.value(&at / "result", f.result, f.kind == FormulaKind::ChangeRate);
        }
    }

    pub(super) fn indicator_counts(&mut self, at: Pointer, counts: &IndicatorCounts) {
        let by_type = &at / "by_type";
        self.count(&by_type, counts.by_type.len());
        for (i, line) in counts.by_type.iter().enumerate() {
            self.name(&by_type / i / "label", &line.label);
        }
    }

    pub(super) fn breakdowns(&mut self, at: Pointer, breakdowns: &[Breakdown]) {
        self.count(&at, breakdowns.len());
        for (b, breakdown) in breakdowns.iter().enumerate() {
            let at = &at / b;
            self.name(&at / "label", &breakdown.label);
            self.money_cell(&at / "stated_total", breakdown.stated_total.as_ref());
            let partitions = &at / "partitions";
            self.count(&partitions, breakdown.partitions.len());
            for (p, partition) in breakdown.partitions.iter().enumerate() {
                self.label(&partitions / p / "by", &partition.by);
                self.breakdown_parts(&partitions / p / "parts", &partition.parts, 1);
            }
        }
    }

    fn breakdown_parts(&mut self, at: Pointer, parts: &[BreakdownPart], depth: usize) {
        self.count(&at, parts.len());
        if !parts.is_empty() && !self.within_depth(&at, depth) {
            return;
        }
        for (i, part) in parts.iter().enumerate() {
            let at = &at / i;
            self.name(&at / "label", &part.label);
            self.money_cell(&at / "amount", part.amount.as_ref());
            self.opt_label(&at / "note", &part.note);
            if let Some(doc) = &part.document {
                for (key, text) in [("date", &doc.date), ("number", &doc.number), ("title", &doc.title)] {
                    self.opt_label(&at / "document" / key, text);
                }
            }
            if let Some(items) = &part.items {
                self.named_list(&at / "items", items);
            }
            self.breakdown_parts(&at / "parts", &part.parts, depth + 1);
        }
    }

    fn deduction(&mut self, at: &Pointer, d: &Deduction) {
        self.value(at / "standard", d.standard, true);
        self.ratio(at / "per", d.per.0, VALUE_SCALE, MAX_PERCENT);
        if d.per.0.is_zero() {
            self.fail(at / "per", "must be positive (the size of one step)");
        }
        self.ratio(at / "deduct", d.deduct.0, VALUE_SCALE, MAX_PERCENT);
    }

    fn bands(&mut self, at: &Pointer, bands: &[RuleBand]) {
        self.count(at, bands.len());
        if bands.is_empty() {
            self.fail(at.clone(), "must have at least one band");
        }
        for (i, band) in bands.iter().enumerate() {
            let at = at / i;
            for (key, end) in [("min", band.min), ("max", band.max)] {
                if let Some(end) = end {
                    self.value(&at / key, end, true);
                }
            }
            if let (Some(min), Some(max)) = (band.min, band.max) {
                let empty = min.0 > max.0 || (min.0 == max.0 && !(band.min_inclusive && band.max_inclusive));
                if empty {
                    self.fail(&at / "min", format!("the band {min} to {max} holds no value"));
                }
            }
            self.ratio(&at / "points", band.points.0, VALUE_SCALE, MAX_PERCENT);
        }
    }

    /// A value of a rule or a formula (a rate or an amount): at most 6 decimals, at most the largest
    /// amount; negative only where `signed`.
    pub(super) fn value(&mut self, at: Pointer, n: Number, signed: bool) {
        let magnitude = if signed { n.0.abs() } else { n.0 };
        self.ratio(at, magnitude, VALUE_SCALE, MAX_AMOUNT);
    }
}
