//! One total split one or several ways (schema 2): a transfer allocated by several documents, by
//! task type and by managing agency (corpus 10); payments by project. Each way (a partition) is
//! checked on its own against the total.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::people::{Completeness, NamedList};
use crate::domain::cell::Cell;
use crate::domain::money::Money;
use crate::domain::texts::{Label, Name};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Breakdown {
    /// As printed, e.g. 2021年农业生产发展资金.
    #[schema(value_type = Name)]
    pub label: String,
    /// The total as printed (合计).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>, example = "671037")]
    pub stated_total: Option<Cell<Money>>,
    /// Each way the total is split.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partitions: Vec<Partition>,
}

/// One way of splitting the total: its parts add up to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Partition {
    /// What the split is by, as printed or described: 按下达文件, 按任务类型, 按管理部门.
    #[schema(value_type = Label)]
    pub by: String,
    /// The number of parts the report states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_count: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<BreakdownPart>,
    /// `partial` when only some parts are given: their sum is "at least".
    #[serde(default, skip_serializing_if = "Completeness::is_complete")]
    pub completeness: Completeness,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BreakdownPart {
    /// As printed, e.g. 约束性任务资金, 财政厅.
    #[schema(value_type = Name)]
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<crate::domain::cell::MoneyCell>, example = "463142")]
    pub amount: Option<Cell<Money>>,
    /// The document that allocated it (date, 文号, title).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentRef>,
    /// Things the part is made of, by name, with the count the report states (8项约束性任务).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<NamedList>,
    /// An accounting note as printed (列入耕地地力保护补贴支出).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub note: Option<String>,
    /// Amounts the part is made of (their sum is the part's amount, or the part when it has none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub parts: Vec<BreakdownPart>,
    /// The rest of the total (其余).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub residual: bool,
}

impl BreakdownPart {
    /// The part's amount in 万元: its own, or the sum of its parts when it prints none; `None` when
    /// unknown (a blank or illegible cell, or an unknown part below).
    pub fn in_wan(&self) -> Option<rust_decimal::Decimal> {
        match &self.amount {
            Some(cell) => cell.known().map(|m| m.in_wan()),
            None if !self.parts.is_empty() => self.parts.iter().map(BreakdownPart::in_wan).sum(),
            None => None,
        }
    }
}

/// A document as a report cites it: 2020年10月30日 …《…的通知》(财农〔2020〕90号).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "2020年10月30日")]
    #[schema(value_type = Option<Label>)]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(example = "财农〔2020〕90号")]
    #[schema(value_type = Option<Label>)]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Label>)]
    pub title: Option<String>,
}
