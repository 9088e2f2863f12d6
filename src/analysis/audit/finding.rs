//! What an audit check reports: a finding of some kind and severity, built by name so that the
//! stated and the recomputed figure cannot be swapped.

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::wire::wire_enum;
use crate::domain::Pointer;

wire_enum! {
    // No derived order: what blocks a submission is said by `is_blocking`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
    pub enum Severity {
        /// A stated figure contradicts what it is computed from.
        Error = "error",
        /// Something a disclosure should have, or a figure that cannot be confirmed.
        Warning = "warning",
        /// Worth knowing, not wrong (e.g. a total over parts some of which are unknown).
        Info = "info",
    }
}

impl Severity {
    /// Whether a finding of this severity stops a `strict` submission: errors and warnings do,
    /// notes do not.
    pub fn is_blocking(self) -> bool {
        match self {
            Severity::Error | Severity::Warning => true,
            Severity::Info => false,
        }
    }
}

wire_enum! {
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
    pub enum FindingKind {
        /// A total or subtotal differs from the sum of its parts.
        TotalMismatch = "total_mismatch",
        /// A total over parts some of which are unknown (`/`): it can only be "at least".
        TotalOverUnknownParts = "total_over_unknown_parts",
        /// An "of which" figure is larger than the figure it is part of.
        PartExceedsWhole = "part_exceeds_whole",
        /// A stated change or difference differs from the two figures it comes from.
        ChangeMismatch = "change_mismatch",
        /// A stated direction (增加/减少) contradicts the figures.
        DirectionMismatch = "direction_mismatch",
        /// A stated percentage differs from the recomputed one beyond the report's rounding.
        PercentMismatch = "percent_mismatch",
        /// A stated count differs from the items listed.
        CountMismatch = "count_mismatch",
        /// Row numbers skip or repeat, so an item may be missing.
        NumberingGap = "numbering_gap",
        /// The stated grade is not the band the score falls in.
        GradeMismatch = "grade_mismatch",
        /// Indicator weights do not sum to full marks.
        WeightsMismatch = "weights_mismatch",
        /// Self-evaluation: full points although the target was missed.
        FullPointsDespiteMiss = "full_points_despite_miss",
        /// Self-evaluation: a missed target without a reason for the deviation.
        MissingDeviationReason = "missing_deviation_reason",
        /// Self-evaluation: more points than the indicator's weight.
        PointsAboveWeight = "points_above_weight",
        /// Self-evaluation: the points do not add up to the stated score.
        PointsDoNotAddUp = "points_do_not_add_up",
        /// A part every disclosure must contain is missing.
        MissingPart = "missing_part",
        /// A prior-year figure differs from the stored snapshot of that year.
        PriorYearMismatch = "prior_year_mismatch",
        /// A stated rate (执行率, 使用率, 人员控制率) differs from the figures it is a rate of.
        RateMismatch = "rate_mismatch",
        /// Points differ from what the table's own scoring rule gives (e.g. weight × execution rate).
        PointsRuleMismatch = "points_rule_mismatch",
        /// A score above the table's full marks.
        ScoreAboveFullMarks = "score_above_full_marks",
        /// The budget was adjusted during the year and the reason the template asks for is not given.
        AdjustmentWithoutReason = "adjustment_without_reason",
        /// Template prompts or table cells left unfilled.
        TemplateUnfilled = "template_unfilled",
        /// A stated share (占比) differs from the line's part of its parent line.
        ShareMismatch = "share_mismatch",
        /// A closing balance differs from opening + income − expenditure (± other flows).
        BalanceMismatch = "balance_mismatch",
        /// The same digits stated in different units of account (万元 and 元): one unit is wrong.
        UnitMixUp = "unit_mix_up",
        /// The same line (item and phase) is stated twice; comparisons use the first.
        DuplicateLine = "duplicate_line",
        /// A project or plan period that starts after it ends.
        PeriodReversed = "period_reversed",
        /// Grade bands that cannot all hold: an end above full marks, min above max, or two that overlap.
        GradeBandsInvalid = "grade_bands_invalid",
        /// A claim in words (全部完成了预期指标任务, 完成率均达到100%) that the document's own indicators or
        /// rates contradict.
        ClaimContradictsIndicators = "claim_contradicts_indicators",
        /// Self-evaluation: a standard indicator (预算完成率, 结转结余率) contradicts the execution figures.
        IndicatorContradictsExecution = "indicator_contradicts_execution",
        /// A stated rate is reproduced only by counting the opening balance as budget.
        RateBasisDiffers = "rate_basis_differs",
        /// The report is dated on or before the last day of the year it evaluates.
        ReportDateImplausible = "report_date_implausible",
        /// A per-unit standard × the stated count differs from the stated total (按生均1000元 … 共计).
        StandardTotalMismatch = "standard_total_mismatch",
        /// Self-evaluation: points that are not the weight × the stated 得分系数.
        CoefficientMismatch = "coefficient_mismatch",
        /// The unit's own formula (a ÷ b, (a − b) ÷ b) does not give the result it prints.
        FormulaMismatch = "formula_mismatch",
        /// The base of the unit's own formula is none of the document's amounts, while the other
        /// figure is one of them: the base comes from outside the report.
        FormulaBaseNotInDocument = "formula_base_not_in_document",
    }
}

/// One disagreement between what the report states and what its own figures give.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Finding {
    #[schema(example = "percent_mismatch")]
    pub kind: FindingKind,
    #[schema(example = "error")]
    pub severity: Severity,
    /// JSON pointers (into the snapshot) of the figures involved, the stated one first.
    #[schema(value_type = Vec<String>, example = json!(["/budget/lines/0/stated_change/percent", "/budget/lines/0/prior_year_amount", "/budget/lines/0/amount"]))]
    pub pointers: Vec<Pointer>,
    /// The figure as stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "36%")]
    pub stated: Option<String>,
    /// The figure as recomputed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "34.87%")]
    pub recomputed: Option<String>,
    #[schema(
        example = "budget line 收入预算: the change is stated as 36% but is 34.87% (rounded to the stated 0 decimals: 35%)"
    )]
    pub message: String,
    /// The same in Chinese, as the public site shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(
        example = "预算项目“收入预算”：报告所列增减比例为36%，按报告数字复核为34.87%（按报告的0位小数取整为35%）"
    )]
    pub message_zh: Option<String>,
}

impl Finding {
    /// Starts a finding; it is complete once it has its [`message`](FindingDraft::message).
    pub fn with_severity(severity: Severity, kind: FindingKind) -> FindingDraft {
        FindingDraft(Finding {
            kind,
            severity,
            pointers: Vec::new(),
            stated: None,
            recomputed: None,
            message: String::new(),
            message_zh: None,
        })
    }

    pub fn error(kind: FindingKind) -> FindingDraft {
        Finding::with_severity(Severity::Error, kind)
    }

    pub fn warning(kind: FindingKind) -> FindingDraft {
        Finding::with_severity(Severity::Warning, kind)
    }

    pub fn info(kind: FindingKind) -> FindingDraft {
        Finding::with_severity(Severity::Info, kind)
    }
}

/// A finding without its message yet: `Finding::error(kind).at(p).stated(x).recomputed(y).message(m)`.
#[must_use = "a draft becomes a finding with `.message(..)`"]
pub struct FindingDraft(Finding);

impl FindingDraft {
    /// Adds the pointer of a figure involved; the stated figure comes first.
    pub fn at(mut self, pointer: Pointer) -> Self {
        self.0.pointers.push(pointer);
        self
    }

    /// Adds the pointers of several figures involved, in order.
    pub fn at_all(mut self, pointers: impl IntoIterator<Item = Pointer>) -> Self {
        self.0.pointers.extend(pointers);
        self
    }

    /// The figure as the report states it.
    pub fn stated(mut self, value: impl Into<String>) -> Self {
        self.0.stated = Some(value.into());
        self
    }

    /// The figure as recomputed from the report's other figures.
    pub fn recomputed(mut self, value: impl Into<String>) -> Self {
        self.0.recomputed = Some(value.into());
        self
    }

    /// The message in Chinese, for the public site (give it before the English `message`).
    pub fn zh(mut self, message: impl Into<String>) -> Self {
        self.0.message_zh = Some(message.into());
        self
    }

    pub fn message(mut self, message: impl Into<String>) -> Finding {
        self.0.message = message.into();
        self.0
    }
}

/// Whether findings should stop a `strict` submission.
pub fn blocks(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity.is_blocking())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::wire::assert_wire_names;

    #[test]
    fn findings_are_built_by_name() {
        let at = Pointer::root() / "budget" / "lines" / 0;
        let f = Finding::error(FindingKind::TotalMismatch)
            .at(&at / "amount")
            .at_all([&at / "a", &at / "b"])
            .stated("2")
            .recomputed("3")
            .message("m");
        assert_eq!((f.severity, f.stated.as_deref(), f.recomputed.as_deref()), (Severity::Error, Some("2"), Some("3")));
        assert_eq!(f.pointers, ["/budget/lines/0/amount", "/budget/lines/0/a", "/budget/lines/0/b"]);
        let json = serde_json::to_value(Finding::info(FindingKind::MissingPart).at(at).message("m")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"kind": "missing_part", "severity": "info", "pointers": ["/budget/lines/0"], "message": "m"})
        );
    }

    #[test]
    fn errors_and_warnings_block_notes_do_not() {
        assert!(Severity::Error.is_blocking() && Severity::Warning.is_blocking());
        assert!(!Severity::Info.is_blocking());
        assert!(!blocks(&[Finding::info(FindingKind::TotalOverUnknownParts).message("")]));
        assert!(blocks(&[Finding::warning(FindingKind::NumberingGap).message("")]));
    }

    #[test]
    fn finding_enums_name_themselves_as_serde_does() {
        assert_wire_names(Severity::ALL, Severity::as_str);
        assert_wire_names(FindingKind::ALL, FindingKind::as_str);
    }
}
