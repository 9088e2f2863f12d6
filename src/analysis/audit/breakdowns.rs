//! Breakdowns (schema 2): one total split one or several ways. Each way (partition) is checked on
//! its own: its parts against the total, at the precision the total is printed with, and the
//! number of parts against the count it states; a part made of parts against their sum; a part's
//! named items against their count. Unknown parts (blank, illegible) and partitions given only in
//! part make the sum "at least": only a sum above the total is reported.

use rust_decimal::Decimal;

use super::{Auditor, Finding, FindingKind, Severity};
use crate::analysis::arith::{agrees_at_printed_precision, in_unit_of, round};
use crate::domain::{BreakdownPart, Cell, Money, Pointer, Snapshot};

/// What a sum is checked against, named for the messages.
struct Whole<'a> {
    at: Pointer,
    stated: Money,
    zh: &'a str,
    en: &'a str,
}

impl Auditor {
    pub(super) fn breakdowns(&mut self, s: &Snapshot) {
        for (b, breakdown) in s.breakdowns.iter().enumerate() {
            let at = Pointer::root() / "breakdowns" / b;
            let total_at = &at / "stated_total";
            let total = breakdown.stated_total.as_ref().and_then(Cell::known);
            for (p, partition) in breakdown.partitions.iter().enumerate() {
                let at = &at / "partitions" / p;
                let partial = !partition.completeness.is_complete();
                if let Some(stated) = total {
                    let (zh, en) = (
                        format!("{}（{}）", breakdown.label, partition.by),
                        format!("{} ({})", breakdown.label, partition.by),
                    );
                    let whole = Whole { at: total_at.clone(), stated, zh: &zh, en: &en };
                    self.parts_sum(whole, &(&at / "parts"), &partition.parts, partial);
                }
                if let Some(count) = partition.stated_count {
                    let listed = partition.parts.len();
                    if listed != count as usize && !(partial && listed < count as usize) {
                        self.report(
                            Finding::error(FindingKind::CountMismatch)
                                .at_all([&at / "stated_count", &at / "parts"])
                                .stated(count.to_string())
                                .recomputed(listed.to_string())
                                .zh(format!("{}（{}）：报告为{count}项，列出{listed}项", breakdown.label, partition.by))
                                .message(format!(
                                    "{} ({}): {count} stated, {listed} listed",
                                    breakdown.label, partition.by
                                )),
                        );
                    }
                }
                self.breakdown_parts(&(&at / "parts"), &partition.parts);
            }
        }
    }

    /// Within each part: its own parts against its amount, its named items against their count.
    fn breakdown_parts(&mut self, at: &Pointer, parts: &[BreakdownPart]) {
        for (i, part) in parts.iter().enumerate() {
            let at = at / i;
            if let (Some(stated), false) = (part.amount.as_ref().and_then(Cell::known), part.parts.is_empty()) {
                let whole = Whole { at: &at / "amount", stated, zh: &part.label, en: &part.label };
                self.parts_sum(whole, &(&at / "parts"), &part.parts, false);
            }
            if let Some(items) = &part.items {
                self.named_list(&(&at / "items"), items, None, &part.label, &part.label);
            }
            self.breakdown_parts(&(&at / "parts"), &part.parts);
        }
    }

    /// The known parts against the stated whole, at its printed precision.
    fn parts_sum(&mut self, whole: Whole, at: &Pointer, parts: &[BreakdownPart], partial: bool) {
        if parts.is_empty() {
            return;
        }
        let values: Vec<Option<Decimal>> = parts.iter().map(BreakdownPart::in_wan).collect();
        let unknown = values.iter().filter(|v| v.is_none()).count();
        let sum: Decimal = values.iter().flatten().sum();
        if agrees_at_printed_precision(&whole.stated, sum) {
            return;
        }
        let printed = round(in_unit_of(&whole.stated, sum), whole.stated.value.scale());
        let over = printed > whole.stated.value;
        let severity = match (partial, unknown > 0, over) {
            (false, false, _) | (false, true, true) => Severity::Error,
            (true, _, true) => Severity::Warning,
            (_, _, false) => return,
        };
        let (rest_zh, rest_en) = match (partial, unknown) {
            (true, _) => {
                ("（仅列出部分），已超过报告数".to_string(), " (only some are given), more than stated".to_string())
            }
            (false, 0) => (String::new(), String::new()),
            (false, n) => (format!("（另有{n}项未知），已超过报告数"), format!(" ({n} unknown), more than stated")),
        };
        let (stated, sum) = (whole.stated.to_string(), printed.normalize().to_string());
        self.report(
            Finding::with_severity(severity, FindingKind::TotalMismatch)
                .at(whole.at)
                .at_all((0..parts.len()).filter(|&i| values[i].is_some()).map(|i| at / i))
                .stated(&stated)
                .recomputed(&sum)
                .zh(format!("“{}”：报告为{stated}，各分项合计为{sum}{rest_zh}", whole.zh))
                .message(format!("{} is stated as {stated} but its parts sum to {sum}{rest_en}", whole.en)),
        );
    }
}
