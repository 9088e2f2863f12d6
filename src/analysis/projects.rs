//! Totals of the key projects, recomputed from the project rows: an estimate shared by merged
//! rows is counted once (it sits on the first row), and `/` is unknown, never zero; so is the
//! estimate of a row that has no estimate cell at all.

use rust_decimal::Decimal;

use super::arith::sum_known;
use crate::domain::{Figure, KeyProjects, Project, ProjectGroup};

#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    /// Sum of the known estimates; `None` when no estimate is known.
    pub known: Option<Decimal>,
    /// How many estimates are unknown (`/`, or no estimate cell): with any, the true total is at
    /// least `known`.
    pub unknown: usize,
    /// How many projects (rows) are listed.
    pub projects: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CategoryTotal {
    pub total: Total,
    pub groups: Vec<Total>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProjectTotals {
    pub total: Total,
    pub categories: Vec<CategoryTotal>,
}

pub fn group_total(group: &ProjectGroup) -> Total {
    let known = sum_known(group.projects.iter().map(|p| p.estimate.and_then(Figure::known)));
    let unknown = group.projects.iter().filter(|p| has_unknown_estimate(p)).count();
    Total { known, unknown, projects: group.projects.len() }
}

/// Whether a row's estimate is unknown: printed `/`, or the row has no estimate cell of its own
/// and shares none (a row sharing a merged cell is counted on the cell's row).
pub fn has_unknown_estimate(project: &Project) -> bool {
    match (project.estimate, project.shares_estimate_of) {
        (Some(Figure::Unknown), _) | (None, None) => true,
        (Some(Figure::Known(_)), _) | (None, Some(_)) => false,
    }
}

pub fn combine(totals: &[Total]) -> Total {
    Total {
        known: sum_known(totals.iter().map(|t| t.known)),
        unknown: totals.iter().map(|t| t.unknown).sum(),
        projects: totals.iter().map(|t| t.projects).sum(),
    }
}

pub fn project_totals(projects: &KeyProjects) -> ProjectTotals {
    let categories: Vec<CategoryTotal> = projects
        .categories
        .iter()
        .map(|c| {
            let groups: Vec<Total> = c.groups.iter().map(group_total).collect();
            CategoryTotal { total: combine(&groups), groups }
        })
        .collect();
    let total = combine(&categories.iter().map(|c| c.total.clone()).collect::<Vec<_>>());
    ProjectTotals { total, categories }
}
