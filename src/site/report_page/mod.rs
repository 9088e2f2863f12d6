//! The page of one published revision of a unit-year: the whole report, section by section,
//! with the recomputed figures beside the stated ones, the audit findings, the correction
//! history and the downloads. One module per part of the report, in the order the page shows
//! them; this one holds what they share.

mod breakdowns;
mod budget;
mod claims;
mod document;
mod evaluation;
mod expenditure;
mod findings;
mod funds;
mod goals;
mod history;

pub use history::{page as history_page, RECENT};
mod overview;
mod people;
mod portfolio;
mod projects;
mod scoring;
mod self_evaluation;

use super::data::{Published, UnitData, YearData};
use super::doc::Doc;
use crate::analysis::Finding;
use findings::Marks;

/// Everything the page needs besides the revision itself.
pub struct Context<'a> {
    pub unit: &'a UnitData,
    pub year: &'a YearData,
    pub revision: &'a Published,
    /// The audit findings of this revision.
    pub findings: &'a [Finding],
    /// Relative link to the folder holding this revision's downloads ("" or "r3/").
    pub downloads: &'a str,
}

pub fn body(ctx: &Context) -> String {
    let s = &ctx.revision.snapshot;
    let marks = Marks::new(ctx.findings);
    let mut doc = Doc::default();
    overview::summary(&mut doc, ctx);
    document::header(&mut doc, s);
    overview::profile(&mut doc, s, &marks);
    people::people(&mut doc, s, &marks);
    overview::rules(&mut doc, s);
    budget::budget(&mut doc, s, &marks);
    expenditure::expenditure(&mut doc, s, &marks);
    expenditure::final_accounts(&mut doc, s, &marks);
    funds::funds(&mut doc, s, &marks);
    breakdowns::breakdowns(&mut doc, s, &marks);
    portfolio::portfolio(&mut doc, s, &marks);
    goals::goals(&mut doc, ctx);
    projects::key_projects(&mut doc, s, &marks);
    evaluation::evaluation(&mut doc, s, &marks);
    self_evaluation::self_evaluation(&mut doc, s, &marks);
    scoring::scoring(&mut doc, s, &marks);
    claims::claims(&mut doc, s, &marks);
    goals::results(&mut doc, s);
    overview::closing(&mut doc, s);
    evaluation::attachments(&mut doc, s, &marks);
    findings::findings(&mut doc, ctx.findings);
    history::history(&mut doc, ctx);
    history::downloads(&mut doc, ctx);
    doc.finish()
}
