//! Every word the site prints for an enum value, in one place: a new variant is a compile error
//! here, not a silently wrong label on a page.

use time::UtcOffset;

use crate::analysis::achievement::Achievement;
use crate::analysis::comparison::Section;
use crate::analysis::targets::{TargetProgress, TargetStatus};
use crate::analysis::{FindingKind, Severity};
use crate::clock::Timestamp;
use crate::domain::{
    ClassificationScheme, Comparator, Direction, FundingType, Goal, Horizon, MetricValue, Phase, ScoringRule,
};

pub fn direction(direction: Direction) -> &'static str {
    match direction {
        Direction::Increase => "增加",
        Direction::Decrease => "减少",
        Direction::Unchanged => "持平",
    }
}

/// A publication time as the public reads it, in Beijing time (UTC+8, no daylight saving), with
/// the exact stored instant in `datetime`:
/// `<time datetime="2026-11-29T03:05:46.170Z">2026年11月29日 11:05（北京时间）</time>`.
pub fn beijing_time(time: &Timestamp) -> String {
    let beijing = UtcOffset::from_hms(8, 0, 0).expect("UTC+8 is an offset");
    let t = time.utc().to_offset(beijing);
    format!(
        r#"<time datetime="{time}">{}年{}月{}日 {:02}:{:02}（北京时间）</time>"#,
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute()
    )
}

/// A revision's publication time ([`beijing_time`]), or a dash when it has none.
pub fn published_time(time: Option<Timestamp>) -> String {
    time.as_ref().map_or_else(|| "—".into(), beijing_time)
}

/// A budget phase as a report names it.
pub fn phase(phase: Phase) -> &'static str {
    match phase {
        Phase::YearStart => "年初预算",
        Phase::Adjusted => "调整预算",
        Phase::FinalAccounts => "决算",
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

/// A target's requirement, with the unit of its metric where the model has one (`≥ 299 亿元`,
/// `≤ 30%`). `Target` has no unit of its own yet: when it gets one, pass it here.
pub fn goal(goal: &Goal, unit: Option<&str>) -> String {
    let with_unit = |v: &rust_decimal::Decimal| match unit.map(str::trim).filter(|u| !u.is_empty()) {
        // A percent sign sits on its number, a unit word after a space.
        Some(u) if u.starts_with('%') => format!("{v}{u}"),
        Some(u) => format!("{v} {u}"),
        None => v.to_string(),
    };
    match goal {
        Goal::AtLeast(v) => format!("≥ {}", with_unit(v)),
        Goal::AtMost(v) => format!("≤ {}", with_unit(v)),
        Goal::IncreaseOnPriorYear => "同比上升".into(),
        Goal::DecreaseOnPriorYear => "同比下降".into(),
        Goal::WaterClass(c) => format!("{}类或更好", c.as_str()),
        Goal::Rank(r) => format!("第{r}名或更前"),
        Goal::Achieved => "完成".into(),
    }
}

/// A target's requirement as its progress reads it: with the target's own unit, else the one its
/// measurements give.
pub fn target_goal(p: &TargetProgress) -> String {
    let measured = p.latest.as_ref().or(p.baseline.as_ref()).and_then(|o| o.unit.as_deref());
    let unit = p.unit.as_deref().or(measured);
    goal(&p.goal, unit)
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
        FindingKind::NumberingGap => "编号不连续或重复",
        FindingKind::GradeMismatch => "等级与得分不符",
        FindingKind::WeightsMismatch => "权重合计不符",
        FindingKind::FullPointsDespiteMiss => "未达标却得满分",
        FindingKind::MissingDeviationReason => "未说明偏差原因",
        FindingKind::PointsAboveWeight => "得分超过权重",
        FindingKind::PointsDoNotAddUp => "得分合计不符",
        FindingKind::MissingPart => "缺少必备内容",
        FindingKind::PriorYearMismatch => "上年数与存档不符",
        FindingKind::RateMismatch => "比率与金额不符",
        FindingKind::PointsRuleMismatch => "得分与评分规则不符",
        FindingKind::ScoreAboveFullMarks => "得分超过满分",
        FindingKind::AdjustmentWithoutReason => "预算调整未说明理由",
        FindingKind::TemplateUnfilled => "模板内容未填写",
        FindingKind::ShareMismatch => "占比不符",
        FindingKind::BalanceMismatch => "结转结余不符",
        FindingKind::UnitMixUp => "计量单位疑误",
        FindingKind::DuplicateLine => "同一项目重复列示",
        FindingKind::PeriodReversed => "起止年份颠倒",
        FindingKind::GradeBandsInvalid => "等级区间有误",
        FindingKind::ClaimContradictsIndicators => "报告表述与指标不符",
        FindingKind::IndicatorContradictsExecution => "指标与预算执行情况矛盾",
        FindingKind::RateBasisDiffers => "比率计算口径不同",
        FindingKind::ReportDateImplausible => "报告日期未晚于评价年度末",
        FindingKind::StandardTotalMismatch => "定额标准与合计不符",
        FindingKind::CoefficientMismatch => "得分与得分系数不符",
        FindingKind::FormulaMismatch => "计算式结果不符",
        FindingKind::FormulaBaseNotInDocument => "计算式基数未见于报告",
    }
}

/// A Chinese ordinal as section headings number: 1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 21 → 二十一
/// (up to 99; beyond that the Arabic number).
pub fn chinese_ordinal(n: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match (n / 10, n % 10) {
        _ if n == 0 || n > 99 => n.to_string(),
        (0, ones) => DIGITS[ones].into(),
        (tens, ones) => {
            let tens = if tens == 1 { "" } else { DIGITS[tens] };
            let ones = if ones == 0 { "" } else { DIGITS[ones] };
            format!("{tens}十{ones}")
        }
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

pub fn funding_type(funding: FundingType) -> &'static str {
    match funding {
        FundingType::Administrative => "行政单位",
        FundingType::CivilServantManaged => "参照公务员法管理",
        FundingType::FullyFunded => "全额拨款事业单位",
        FundingType::PartlyFunded => "差额拨款事业单位",
        FundingType::SelfFinanced => "自收自支事业单位",
    }
}

pub fn comparator(comparator: Comparator) -> &'static str {
    match comparator {
        Comparator::AtLeast => "≥",
        Comparator::AtMost => "≤",
        Comparator::Equal => "=",
        Comparator::Range => "区间",
        Comparator::Qualitative => "定性",
    }
}

pub fn scoring_rule(rule: ScoringRule) -> &'static str {
    match rule {
        ScoringRule::Proportional => "得分 = 分值 × 执行率（不超过分值）",
        ScoringRule::FullIfMet => "达成得满分，否则不得分",
    }
}

pub fn achievement(achievement: Achievement) -> &'static str {
    match achievement {
        Achievement::Met => "达成",
        Achievement::Missed => "未达成",
        Achievement::MetAsStated => "达成（据报告文字）",
        Achievement::MissedAsStated => "未达成（据报告文字）",
        Achievement::NotFilled => "未填",
        Achievement::NotJudgeable => "无法判断",
    }
}

/// An achievement as a marked span, its wire name as the CSS class.
pub fn achievement_mark(achievement: Achievement) -> String {
    format!(r#"<span class="achievement {}">{}</span>"#, achievement.as_str(), self::achievement(achievement))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::WaterClass;

    #[test]
    fn sections_are_numbered_as_chinese_documents_number_them() {
        let numbers: Vec<String> = [1, 2, 9, 10, 11, 19, 20, 21, 99].into_iter().map(chinese_ordinal).collect();
        assert_eq!(numbers, ["一", "二", "九", "十", "十一", "十九", "二十", "二十一", "九十九"]);
        assert_eq!(chinese_ordinal(100), "100");
    }

    #[test]
    fn times_read_in_beijing_time_with_the_exact_instant() {
        let at = |text: &str| beijing_time(&Timestamp::parse(text).unwrap());
        assert_eq!(
            at("2026-11-29T03:05:46.170Z"),
            r#"<time datetime="2026-11-29T03:05:46.170Z">2026年11月29日 11:05（北京时间）</time>"#
        );
        // Late evening UTC is the next morning in Beijing, across a year's end.
        assert_eq!(
            at("2021-12-31T16:30:00Z"),
            r#"<time datetime="2021-12-31T16:30:00.000Z">2022年1月1日 00:30（北京时间）</time>"#
        );
        assert_eq!(published_time(None), "—");
    }

    #[test]
    fn targets_carry_the_unit_of_their_metric() {
        let v = rust_decimal::Decimal::new(299, 0);
        assert_eq!(goal(&Goal::AtLeast(v), Some("亿元")), "≥ 299 亿元");
        assert_eq!(goal(&Goal::AtMost(v), Some("%")), "≤ 299%");
        assert_eq!(goal(&Goal::AtMost(v), None), "≤ 299");
        assert_eq!(goal(&Goal::Rank(1), Some("名")), "第1名或更前");
    }

    #[test]
    fn water_classes_read_as_printed() {
        assert_eq!(metric_value(&MetricValue::WaterClass(WaterClass::WorseThanV)), "劣V类");
    }
}
