//! Every word the site prints for an enum value, in one place: a new variant is a compile error
//! here, not a silently wrong label on a page.

use crate::analysis::comparison::Section;
use crate::analysis::targets::TargetStatus;
use crate::analysis::{FindingKind, Severity};
use crate::domain::{ClassificationScheme, Direction, Goal, Horizon, MetricValue};

pub fn direction(direction: Direction) -> &'static str {
    match direction {
        Direction::Increase => "增加",
        Direction::Decrease => "减少",
        Direction::Unchanged => "持平",
    }
}

pub fn metric_value(value: &MetricValue) -> String {
    match value {
        MetricValue::Number(n) => n.to_string(),
        MetricValue::WaterClass(c) => format!("{}类", c.as_str()),
        MetricValue::Rank(r) => format!("第{r}名"),
        MetricValue::YesNo(b) => if *b { "是" } else { "否" }.into(),
    }
}

pub fn goal(goal: &Goal) -> String {
    match goal {
        Goal::AtLeast(v) => format!("≥ {v}"),
        Goal::AtMost(v) => format!("≤ {v}"),
        Goal::IncreaseOnPriorYear => "同比上升".into(),
        Goal::DecreaseOnPriorYear => "同比下降".into(),
        Goal::WaterClass(c) => format!("{}类或更好", c.as_str()),
        Goal::Rank(r) => format!("第{r}名或更前"),
        Goal::Achieved => "完成".into(),
    }
}

pub fn status(status: TargetStatus) -> &'static str {
    match status {
        TargetStatus::Met => "已达成",
        TargetStatus::NotYetMet => "尚未达成（期限未到）",
        TargetStatus::Missed => "未达成（期限已过）",
        TargetStatus::NoData => "无数据",
    }
}

/// A target's status as a marked span, its wire name as the CSS class.
pub fn status_mark(status: TargetStatus) -> String {
    format!(r#"<span class="status {}">{}</span>"#, status.as_str(), self::status(status))
}

pub fn horizon(horizon: Horizon) -> &'static str {
    match horizon {
        Horizon::Annual => "年度目标",
        Horizon::MediumTerm => "中长期目标",
    }
}

pub fn scheme(scheme: ClassificationScheme) -> &'static str {
    match scheme {
        ClassificationScheme::Economic => "经济分类",
        ClassificationScheme::Functional => "功能分类",
    }
}

pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
    }
}

pub fn finding_kind(kind: FindingKind) -> &'static str {
    match kind {
        FindingKind::TotalMismatch => "合计与分项不符",
        FindingKind::TotalOverUnknownParts => "合计含未估算项",
        FindingKind::PartExceedsWhole => "分项大于总额",
        FindingKind::ChangeMismatch => "增减额不符",
        FindingKind::DirectionMismatch => "增减方向不符",
        FindingKind::PercentMismatch => "比例不符",
        FindingKind::CountMismatch => "数量不符",
        FindingKind::NumberingGap => "编号不连续",
        FindingKind::GradeMismatch => "等级与得分不符",
        FindingKind::WeightsMismatch => "权重合计不符",
        FindingKind::FullPointsDespiteMiss => "未达标却得满分",
        FindingKind::MissingDeviationReason => "未说明偏差原因",
        FindingKind::PointsAboveWeight => "得分超过权重",
        FindingKind::PointsDoNotAddUp => "得分合计不符",
        FindingKind::MissingPart => "缺少必备内容",
        FindingKind::PriorYearMismatch => "上年数与存档不符",
        FindingKind::RateMismatch => "比率与数字不符",
        FindingKind::ShareMismatch => "占比不符",
        FindingKind::BalanceMismatch => "结转结余不符",
        FindingKind::UnitMixUp => "计量单位疑误",
        FindingKind::DuplicateLine => "同一项目重复列示",
    }
}

/// The heading of a section of the year-on-year comparison.
pub fn comparison_section(section: Section) -> &'static str {
    match section {
        Section::Budget => "年初预算",
        Section::ExpenditureClassification => "支出分类",
        Section::FinalAccounts => "决算",
        Section::KeyProjects => "重点项目投资估算",
        Section::Results => "绩效结果指标",
        Section::Evaluation => "绩效评价",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::WaterClass;

    #[test]
    fn water_classes_read_as_printed() {
        assert_eq!(metric_value(&MetricValue::WaterClass(WaterClass::WorseThanV)), "劣V类");
    }
}
