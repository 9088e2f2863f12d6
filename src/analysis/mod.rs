//! What `disclose` computes from the reports: comparisons between years, budget execution,
//! progress to targets and audit checks. Pure functions over snapshots, exact decimals.

pub mod achievement;
pub mod arith;
pub mod audit;
pub mod comparison;
pub mod execution;
pub mod projects;
pub mod scoring;
pub mod targets;

pub use achievement::{achievement, Achievement};
pub use audit::{audit, Finding, FindingKind, Severity};
pub use comparison::{compare, Comparison};
pub use execution::{execution, Execution};
pub use targets::{progress, TargetReport, TargetStatus};
