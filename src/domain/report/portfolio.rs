//! A unit's projects as a whole (实施项目共15个, 年初批复8个, 年中增加8个): the counts the report
//! states and the subsets it says they include (含…), kept as stated so the audit can check that
//! year start + added − removed is the total.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::texts::Name;
use crate::domain::wire::wire_enum;

/// The project counts of a report (schema 2). An absent count is unknown, never zero: in
/// particular an absent `removed` means the report does not say whether a project was dropped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Portfolio {
    /// The total the report states (实施项目共15个).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 15)]
    pub stated_project_count: Option<u32>,
    /// Projects at the start of the year (年初批复预算8个项目).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 8)]
    pub at_year_start: Option<u32>,
    /// Projects added during the year (年中增加8个项目).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 8)]
    pub added: Option<u32>,
    /// Projects dropped during the year (取消, 收回). Absent: the report does not say (unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed: Option<u32>,
    /// How many groups the report says the projects fall into (分为七个方面); the groups themselves
    /// are the `funds` lines that follow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = 7)]
    pub stated_group_count: Option<u32>,
    /// The subsets the report says a count includes (含2023年转列暂付性款项项目5个).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub includes: Vec<PortfolioSubset>,
}

/// A subset a count includes (含…): counted inside it, so never larger than it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PortfolioSubset {
    /// As printed, e.g. 2023年转列暂付性款项项目.
    #[schema(example = "2023年转列暂付性款项项目")]
    #[schema(value_type = Name)]
    pub label: String,
    #[schema(example = 5)]
    pub count: u32,
    /// The count it is part of; absent: the total (`stated_project_count`).
    #[serde(default, skip_serializing_if = "PortfolioCount::is_total")]
    pub of: PortfolioCount,
}

wire_enum! {
    /// One of the counts of a [`Portfolio`], named by its member.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum PortfolioCount {
        #[default]
        StatedProjectCount = "stated_project_count",
        AtYearStart = "at_year_start",
        Added = "added",
        Removed = "removed",
    }
}

impl PortfolioCount {
    pub fn is_total(&self) -> bool {
        *self == PortfolioCount::StatedProjectCount
    }

    /// The count's name in Chinese, as findings and pages word it.
    pub fn zh(self) -> &'static str {
        match self {
            PortfolioCount::StatedProjectCount => "项目总数",
            PortfolioCount::AtYearStart => "年初项目",
            PortfolioCount::Added => "年中增加项目",
            PortfolioCount::Removed => "年中取消项目",
        }
    }
}

impl Portfolio {
    /// The count a subset is part of, if the report states it.
    pub fn count(&self, which: PortfolioCount) -> Option<u32> {
        match which {
            PortfolioCount::StatedProjectCount => self.stated_project_count,
            PortfolioCount::AtYearStart => self.at_year_start,
            PortfolioCount::Added => self.added,
            PortfolioCount::Removed => self.removed,
        }
    }
}
