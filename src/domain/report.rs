//! The report: one unit's budget-performance disclosure for one fiscal year, as typed data.
//!
//! Everything the report *states* is kept as stated (`stated_*` fields): derived figures such
//! as totals, changes and percentages are never replaced by recomputed ones, so the analysis
//! can show both and flag where they disagree. Money is `Decimal` in 万元 (ten thousand yuan)
//! unless a field says otherwise, and travels as a JSON string (`"1546.39"`).
//!
//! Every section but the unit and the year is optional: a partial snapshot is real (the 2020
//! figures of the reference unit are only known through the 2021 report's prior-year column).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::figure::Figure;
use super::value::{MetricValue, WaterClass};
use super::wire::wire_enum;

/// One unit's report for one fiscal year: the body of `POST .../revisions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Snapshot {
    pub unit: Unit,
    /// The fiscal year the report covers.
    #[schema(example = 2021, minimum = 1949, maximum = 2100)]
    pub year: u16,
    /// Title of the report as published, e.g. 整体绩效自评报告.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where the figures come from when the snapshot is not a report of its own (e.g. the
    /// prior-year column of a later report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// Management rules the unit publishes in full (Markdown bodies).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleDocument>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<YearStartBudget>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expenditure: Option<Expenditure>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_accounts: Option<FinalAccounts>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goals: Option<Goals>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_projects: Option<KeyProjects>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Evaluation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub results: Option<Results>,
    /// Experience and practice worth keeping (Markdown paragraphs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experience: Vec<String>,
    /// Problems the unit found (Markdown paragraphs, one per problem).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
    /// Recommendations and corrective measures (Markdown paragraphs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
}

/// The reporting unit (部门/单位).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Stable identifier: 2-64 of lowercase ASCII letters, digits and `-`.
    #[schema(example = "quwo-eco-env", pattern = "^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$")]
    pub code: String,
    #[schema(example = "临汾市生态环境局曲沃分局")]
    pub name: String,
    /// Kind of unit as the report states it, e.g. 行政单位.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Region the unit serves, e.g. 山西省临汾市曲沃县.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The parent body, e.g. 临汾市生态环境局.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// Staff and organisation (部门概况).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Staff total as stated (财政供养人员).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_staff_total: Option<u32>,
    /// Staff by category (行政, 事业, 自收自支 ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub staff: Vec<StaffCategory>,
    /// Number of internal divisions as stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_division_count: Option<u32>,
    /// Internal divisions (股室).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub divisions: Vec<String>,
    /// Subordinate institutions (下属事业单位).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subordinate_institutions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffCategory {
    #[schema(example = "行政人员")]
    pub category: String,
    pub count: u32,
}

/// A rule document published in full (管理制度).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDocument {
    pub title: String,
    /// The text, as Markdown.
    pub body: String,
}

wire_enum! {
    /// Phase of a budget figure, as in the Fiscal Data Package.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
    pub enum Phase {
        /// 年初预算
        YearStart = "year_start",
        /// 调整预算
        Adjusted = "adjusted",
        /// 决算
        FinalAccounts = "final_accounts",
    }
}

wire_enum! {
    /// Which line of the budget a figure belongs to, so that years can be compared line by line.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
    pub enum BudgetItem {
        /// 收入预算
        Income = "income",
        /// 财政拨款 (of which, within income)
        FiscalAppropriation = "fiscal_appropriation",
        /// 支出预算
        Expenditure = "expenditure",
        /// 基本支出 (of which, within expenditure)
        BasicExpenditure = "basic_expenditure",
        /// 项目支出 (of which, within expenditure)
        ProjectExpenditure = "project_expenditure",
    }
}

wire_enum! {
    /// Direction of a change as the report words it (增加 / 减少).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum Direction {
        Increase = "increase",
        Decrease = "decrease",
        Unchanged = "unchanged",
    }
}

/// A change as the report states it: magnitudes, with the direction in words.
/// Both the amount and the percentage are optional, as reports give one or both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatedChange {
    /// Direction as worded; absent when the report gives only a magnitude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
    /// Magnitude of the change, in the unit of the figure it changes.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(example = "827.93")]
    pub amount: Option<Decimal>,
    /// Magnitude of the change in percent, as printed (e.g. `35` for "35%").
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(example = "35")]
    pub percent: Option<Decimal>,
}

/// Year-start budget against the prior year (年初预算收支).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct YearStartBudget {
    pub lines: Vec<BudgetLine>,
    /// Why the budget changed, as the report explains it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

/// One budget line: this year's figure, the prior year's as this report states it, and the
/// change as stated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetLine {
    pub item: BudgetItem,
    /// The row label as printed, e.g. 其中：财政经费拨款.
    pub label: String,
    pub phase: Phase,
    /// This year's amount (万元).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(example = "1546.39")]
    pub amount: Option<Decimal>,
    /// The prior year's amount as this report states it (万元).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(example = "2374.32")]
    pub prior_year_amount: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_change: Option<StatedChange>,
}

/// A basic / project / total split of one amount.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Split {
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    pub basic: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    pub project: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    pub total: Option<Decimal>,
}

/// How this year's expenditure is used (财政预算整体支出使用范围、方向和内容).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Expenditure {
    pub phase: Phase,
    /// Scope and purpose of basic and project expenditure, as Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Overall expenditure as stated (整体支出).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(example = "1546.39")]
    pub stated_total: Option<Decimal>,
    /// 一般公共预算支出, split into basic and project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub general_public_budget: Option<Split>,
    /// 政府性基金预算支出, split into basic and project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub government_fund_budget: Option<Split>,
    /// The table by economic and functional classification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<ClassifiedTable>,
}

wire_enum! {
    /// Classification scheme of a budget line, as in the Fiscal Data Package.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum ClassificationScheme {
        /// 支出经济分类
        Economic = "economic",
        /// 支出功能分类
        Functional = "functional",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Classification {
    pub scheme: ClassificationScheme,
    /// Official code when the report gives one (e.g. `301`, `2110199`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "301")]
    pub code: Option<String>,
    /// The label as printed, e.g. 工资福利支出.
    pub label: String,
    /// Level in the classification (1 = 类, 2 = 款, 3 = 项), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassifiedRow {
    pub classification: Classification,
    /// Amounts as printed; a blank cell is absent.
    pub amounts: Split,
}

/// Expenditure by classification with basic / project / total columns and the stated totals row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClassifiedTable {
    pub rows: Vec<ClassifiedRow>,
    /// The 合计 row as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_totals: Option<Split>,
}

/// Final accounts against the year-start budget (年度收入决算 / 年度支出决算).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FinalAccounts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income: Option<ExecutionTable>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expenditure: Option<ExecutionTable>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExecutionTable {
    pub lines: Vec<ExecutionLine>,
    /// The 小计 row, when the report prints one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_subtotal: Option<ExecutionLine>,
    /// Why the final accounts differ from the budget, as the report explains it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

/// One row of a final-accounts table: budget, actual and the difference as stated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExecutionLine {
    /// The row label as printed, e.g. 财政拨款收入.
    pub label: String,
    /// Budget (预算金额, 万元).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(example = "1546.39")]
    pub budget: Option<Decimal>,
    /// Final accounts (决算金额, 万元).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(example = "1874.44")]
    pub actual: Option<Decimal>,
    /// The difference as stated (差额 / 增减金额).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_difference: Option<StatedChange>,
}

/// Goals: strategic goals, medium-term plan, machine-readable targets, functions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Goals {
    /// The year's strategic goals as worded (战略目标), Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strategic: Option<String>,
    /// The medium-term plan as worded (中长期规划), Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medium_term: Option<String>,
    /// Every target in the goals, machine-readable.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// The unit's official functions (职能职责), one entry each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub functions: Vec<String>,
}

wire_enum! {
    /// Whether a target is the year's or part of the medium-term plan.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum Horizon {
        Annual = "annual",
        MediumTerm = "medium_term",
    }
}

/// A target: a metric, how it is compared, the target value and the deadline year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The metric it is measured by; matches `results.measurements[].metric`.
    #[schema(example = "water-class-fen-beizhuang")]
    pub metric: String,
    /// The target as worded, e.g. 汾河北庄出境断面水质均值达到地表水Ⅲ类.
    pub label: String,
    pub horizon: Horizon,
    /// The last year by which the target is to be met.
    #[schema(example = 2025)]
    pub deadline: u16,
    pub goal: Goal,
}

/// How a target compares a measured value. Tagged like `MetricValue`:
/// `{"water_class": "III"}`, `{"rank": 1}`, `{"at_most": "35"}`, `"increase_on_prior_year"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Goal {
    /// A number that must reach at least this value (higher is better).
    AtLeast(#[serde(with = "crate::domain::decimal")] Decimal),
    /// A number that must stay at or below this value (lower is better).
    AtMost(#[serde(with = "crate::domain::decimal")] Decimal),
    /// A number that must rise against the prior year (同比上升).
    IncreaseOnPriorYear,
    /// A number that must fall against the prior year (同比下降).
    DecreaseOnPriorYear,
    /// A water-quality class that must be this class or better (I best, 劣V worst).
    WaterClass(WaterClass),
    /// A rank that must be this rank or better (1 = first).
    Rank(u32),
    /// Something that must be achieved (yes/no).
    Achieved,
}

/// Key projects of the plan period (重点项目): categories, groups, projects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyProjects {
    /// First year of the plan period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<u16>,
    /// Last year of the plan period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Number of projects as stated (项目数量共计).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_project_count: Option<u32>,
    /// Total investment estimate as stated (投资估算总计, 万元).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(example = "1237641.7")]
    pub stated_total: Option<Decimal>,
    pub categories: Vec<ProjectCategory>,
}

/// A category of works (工程类别), e.g. 大气环境质量改善工程.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectCategory {
    pub name: String,
    /// Project count as stated in the summary table's 小计 row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_project_count: Option<u32>,
    /// Investment subtotal as stated in the summary table (万元).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    pub stated_subtotal: Option<Decimal>,
    pub groups: Vec<ProjectGroup>,
}

/// A group of projects (工程项目): one row of the summary table and one detail table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectGroup {
    /// The row number in the summary table (序号).
    pub number: u32,
    pub name: String,
    /// The detail table's number, e.g. `4-2`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    /// Project count as stated in the summary table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_project_count: Option<u32>,
    /// Investment estimate as stated in the summary table: an amount or `/` (unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_estimate: Option<Figure>,
    /// The detail table's 合计 row, when printed: an amount or `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_total: Option<Figure>,
    pub projects: Vec<Project>,
}

/// One project row of a detail table.
///
/// A merged estimate cell spanning several rows is given once, on its first row, and the
/// other rows point to it with `shares_estimate_of`: the amount is counted once. Merged text
/// cells (content, years, responsible units) are repeated on each row they cover.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The row number in its table (编号).
    pub number: u32,
    /// Project or enterprise name; some tables only give the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Main construction content (主要建设内容).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Investment estimate (万元): an amount, or `/` when the report gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimate: Option<Figure>,
    /// The number of the row whose merged estimate cell also covers this row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shares_estimate_of: Option<u32>,
    /// First year of implementation; absent when the report gives `/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<u16>,
    /// Last year of implementation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<u16>,
    /// Responsible units (责任单位).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responsible: Vec<String>,
}

/// The performance evaluation: method, indicator weights, grade bands, score and grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    /// Approach and focus (评价思路及关注点), Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approach: Option<String>,
    /// Method (评价方法).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Process (评价过程).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process: Option<String>,
    /// Level-one indicator groups and their points; they sum to `max_score`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indicator_groups: Vec<IndicatorGroup>,
    /// Full marks (满分).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(example = "100")]
    pub max_score: Option<Decimal>,
    /// Grade bands as this report states them (they differ between jurisdictions and years).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub grade_bands: Vec<GradeBand>,
    /// The score as stated.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(example = "91.25")]
    pub score: Option<Decimal>,
    /// The grade as stated, e.g. 优.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_grade: Option<String>,
    /// The conclusion as worded, Markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conclusion: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorGroup {
    /// 投入, 过程, 产出及效率 ...
    pub name: String,
    #[schema(example = "13")]
    #[serde(with = "crate::domain::decimal")]
    pub points: Decimal,
    /// What the group covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A grade band: `min <= score` (or `<`) and `score <= max` (or `<`). An open end is absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeBand {
    #[schema(example = "优秀")]
    pub grade: String,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(example = "85")]
    pub min: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    #[schema(example = "100")]
    pub max: Option<Decimal>,
    /// Whether `max` itself belongs to the band (`≤` rather than `<`).
    pub max_inclusive: bool,
}

/// What was achieved: measured metrics and narrative sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Results {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measurements: Vec<Measurement>,
    /// Narrative sections (绩效分析), Markdown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
}

/// A measured metric with its value and the change against the prior year as stated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Measurement {
    /// Stable metric identifier (a slug), shared across years and with targets.
    #[schema(example = "pm25-annual-mean")]
    pub metric: String,
    /// The metric as worded, e.g. PM2.5平均浓度.
    pub label: String,
    /// The period measured when it is not the whole year, e.g. 1-3月.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    pub value: MetricValue,
    /// Unit of the value, e.g. μg/m³, 天, %, 万元.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Change against the prior year as stated (同比).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_change: Option<StatedChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: String,
    /// Markdown.
    pub body: String,
}

/// An attachment named by the report; the self-evaluation table's rows when they are given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    pub title: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<SelfEvaluationRow>,
}

/// One row of the self-evaluation table (绩效自评表).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SelfEvaluationRow {
    /// Indicator path, level one first (一级指标 / 二级指标 / 三级指标).
    pub indicator: Vec<String>,
    #[serde(with = "crate::domain::decimal")]
    pub weight: Decimal,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// Whether the actual value meets the target, as the table shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_met: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::domain::decimal::option")]
    pub score: Option<Decimal>,
    /// Reason for the deviation (偏差原因).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deviation_reason: Option<String>,
}
