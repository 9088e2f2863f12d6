//! What a report says about its own results in words (全部完成了预期指标任务, 完成率均达到100%,
//! 部门目标实现率100%): typed claims the audit can hold against the document's own figures.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::number::Number;
use crate::domain::texts::Label;
use crate::domain::wire::wire_enum;

/// A sentence of the report that claims something of all its targets or rates (schema 2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// The sentence as printed.
    #[schema(example = "我市全部完成了預期指標任務")]
    #[schema(value_type = Label)]
    pub text: String,
    pub kind: ClaimKind,
    /// The percentage the claim names (完成率均达到**100**%): required for `all_rates_at` and
    /// `goal_achievement_rate`, absent for the others.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::number::Percent>, example = "100")]
    pub value: Option<Number>,
}

wire_enum! {
    /// What a claim says.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum ClaimKind {
        /// Every target was reached (全部完成了预期指标任务): held against each indicator of the
        /// document's self-evaluation tables.
        AllTargetsMet = "all_targets_met",
        /// Every rate reached `value` percent (完成率均达到100%): held against each stated rate.
        AllRatesAt = "all_rates_at",
        /// A goal achievement rate of `value` percent (部门目标实现率100%): shown, not checked.
        GoalAchievementRate = "goal_achievement_rate",
        /// Any other claim, kept as printed.
        Other = "other",
    }
}

impl ClaimKind {
    /// Whether a claim of this kind names a percentage.
    pub fn has_value(self) -> bool {
        matches!(self, ClaimKind::AllRatesAt | ClaimKind::GoalAchievementRate)
    }
}
