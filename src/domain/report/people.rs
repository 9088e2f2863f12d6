//! People and organisation: the establishment (编制) and the staff in post (实有/在职) as two
//! headcounts, each with its own stated total; other staff (临聘, 离退休) beside them, never summed
//! into either; subordinate units by funding type; lists the report may give only in part.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::cell::Cell;
use crate::domain::number::Number;
use crate::domain::texts::{Label, Name};
use crate::domain::wire::wire_enum;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct People {
    /// 编制: the posts the unit is allowed (人员编制, 编制数, 核定事业编制).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub establishment: Option<Headcount>,
    /// 实有/在职: the people actually in post (实有人数, 在职人数, 教职工). May exceed the establishment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_post: Option<Headcount>,
    /// Other people the report counts apart (临聘人员, 退休人员, 离退休).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<HeadcountLine>,
    /// 人员控制率 as stated, in percent (in post ÷ establishment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::PercentCell>, example = "95.10")]
    pub stated_control_rate: Option<Cell<Number>>,
}

/// One headcount with its categories and the total the report states for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Headcount {
    /// As printed, e.g. 人员编制, 实有人数, 教职工.
    #[schema(example = "实有人数")]
    #[schema(value_type = Name)]
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_total: Option<u32>,
    /// What the count leaves out or covers, as printed, e.g. 不含自收自支事业单位.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub scope: Option<String>,
    /// When it was counted, e.g. 2019年末.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub as_of: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<HeadcountLine>,
    /// Whether the categories are all the report gives (`partial`: only some are listed).
    #[serde(default, skip_serializing_if = "Completeness::is_complete")]
    pub completeness: Completeness,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadcountLine {
    /// As printed, e.g. 行政编制, 专任教师, 临聘人员.
    #[schema(value_type = Name)]
    pub label: String,
    pub count: u32,
}

wire_enum! {
    /// Whether a list or a table is all the report gives.
    #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum Completeness {
        /// Everything the report has is here.
        #[default]
        Complete = "complete",
        /// The report gives only some items (closed by 等 or ……), or the copy holds only part of
        /// it: sums and counts of what is here are "at least", never an error.
        Partial = "partial",
    }
}

impl Completeness {
    pub fn is_complete(&self) -> bool {
        *self == Completeness::Complete
    }
}

/// Names the report lists, with the count it states: `办公室、综合股……等9个股室`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NamedList {
    /// What is listed, as printed (展区, 股室), when the list stands on its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_count: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Name>)]
    pub items: Vec<String>,
    /// `partial` when the report closes the list with 等 or …… after fewer names than it counts.
    #[serde(default, skip_serializing_if = "Completeness::is_complete")]
    pub completeness: Completeness,
}

/// The unit's organisation: internal departments and subordinate units by funding type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// 内设机构 / 股室.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_departments: Option<NamedList>,
    /// The units the department is made of (由17家单位组成), by funding type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<UnitGroup>,
    /// Facts about the unit as quantities (学生683人, 22个教学班, 公务用车0辆).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<super::Quantity>,
}

/// A group of units: the whole system or one funding type, with the count it states and the
/// groups it says it includes (含: a subset, counted inside it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitGroup {
    /// As printed, e.g. 全额拨款单位, 差额拨款事业单位.
    #[schema(value_type = Name)]
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub funding: Option<FundingType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_count: Option<u32>,
    /// The groups that make up this one (their counts add up to it).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub parts: Vec<UnitGroup>,
    /// Groups the report says this one includes (含…): each no larger than this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub includes: Vec<UnitGroup>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<NamedList>,
}

wire_enum! {
    /// How a unit is funded and managed (the genre's fixed vocabulary).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
    pub enum FundingType {
        /// 行政单位.
        Administrative = "administrative",
        /// 参照公务员法管理事业单位 (参公).
        CivilServantManaged = "civil_servant_managed",
        /// 全额拨款事业单位.
        FullyFunded = "fully_funded",
        /// 差额拨款事业单位.
        PartlyFunded = "partly_funded",
        /// 自收自支事业单位.
        SelfFinanced = "self_financed",
    }
}
