//! What the site shows: only published revisions, read from the store. The bottom layer of the
//! site generator: it imports nothing else from `site`.

use std::collections::HashMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use super::error::Result;
use crate::clock::Timestamp;
use crate::domain::{BudgetItem, BudgetLine, Phase, Snapshot, UnitCode};
use crate::store::{Revision, RevisionMeta, Store, UnitRecord};

/// A published revision with its stored document (byte for byte) and its parsed snapshot.
#[derive(Debug, Clone)]
pub struct Published {
    pub meta: RevisionMeta,
    pub document: String,
    pub snapshot: Snapshot,
    /// Its log entry's inclusion proof, when the site is built with the log.
    pub proof: Option<crate::transparency::PageProof>,
}

impl Published {
    /// Parses a stored revision, keeping its document as it is (moved, not copied).
    fn from_revision(revision: Revision) -> Result<Published> {
        let snapshot = revision.snapshot()?;
        Ok(Published { meta: revision.meta, document: revision.document, snapshot, proof: None })
    }
}

/// When a revision was published, as an order: the time, then the number (two published in the
/// same millisecond keep their numbers' order).
pub type Moment = (Option<Timestamp>, u32);

pub fn moment(meta: &RevisionMeta) -> Moment {
    (meta.published_at, meta.number)
}

/// What changed from one published revision to the next, by `"<before hash>:<after hash>"`, as
/// the folded HTML the history shows (a pure function of the two documents, so it is kept).
pub type Changes = HashMap<String, String>;

pub fn change_key(before: &RevisionMeta, after: &RevisionMeta) -> String {
    format!("{}:{}", before.hash, after.hash)
}

/// The published revisions of one unit-year.
#[derive(Debug, Clone)]
pub struct YearData {
    pub year: u16,
    /// Every published revision's metadata, by number.
    pub published: Vec<RevisionMeta>,
    /// The published revisions read with their documents, by number: all of them for a full
    /// build; the latest and those to render for a publication. The last is what the public sees.
    pub revisions: Vec<Arc<Published>>,
}

impl YearData {
    pub fn latest(&self) -> &Published {
        self.revisions.last().expect("a year on the site has a published revision")
    }

    /// The year as the public saw it at `at`; `None` before its first publication.
    fn as_of(&self, at: Moment) -> Option<YearData> {
        let published: Vec<RevisionMeta> = self.published.iter().filter(|m| moment(m) <= at).cloned().collect();
        let revisions: Vec<Arc<Published>> = self.revisions.iter().filter(|r| moment(&r.meta) <= at).cloned().collect();
        // The last of `revisions` is what the public saw at `at`, except when an older revision
        // was published after a newer one (the newer one stays the latest shown, but only the
        // revisions to render were read): then its page shows the older one as the latest.
        published.last()?;
        Some(YearData { year: self.year, published, revisions })
    }
}

/// A unit and its years that have at least one published revision, oldest first.
#[derive(Debug, Clone)]
pub struct UnitData {
    /// The unit's code: its folder's name.
    pub code: UnitCode,
    pub record: UnitRecord,
    pub years: Vec<YearData>,
    /// The changes the history tables show, filled by `history::fill` before rendering.
    pub changes: Arc<Changes>,
}

impl UnitData {
    pub fn code(&self) -> &UnitCode {
        &self.code
    }

    /// The unit as its latest published report describes it: the site shows what was disclosed,
    /// not the registry's current metadata (which changes without a publication).
    pub fn published_unit(&self) -> &crate::domain::Unit {
        self.years.last().map_or(&self.record.unit, |y| &y.latest().snapshot.unit)
    }

    pub fn year(&self, year: u16) -> Option<&YearData> {
        self.years.iter().find(|y| y.year == year)
    }

    /// The latest published snapshot of every year up to `year`, oldest first.
    pub fn snapshots_up_to(&self, year: u16) -> impl Iterator<Item = &Snapshot> {
        self.years.iter().filter(move |y| y.year <= year).map(|y| &y.latest().snapshot)
    }

    /// The unit as the public saw it at `at`: what a revision's permanent page shows, so that
    /// the page never changes once written.
    pub fn as_of(&self, at: Moment) -> UnitData {
        let years = self.years.iter().filter_map(|y| y.as_of(at)).collect();
        UnitData { code: self.code.clone(), record: self.record.clone(), years, changes: self.changes.clone() }
    }
}

/// Every published revision of a unit; `None` when the unit is unknown. (Unit codes name
/// folders; a `UnitCode` is always a safe one.)
pub async fn load_unit(store: &dyn Store, code: &UnitCode) -> Result<Option<UnitData>> {
    load_unit_with(store, code, &|_, _| true).await
}

/// A unit with the metadata of every published revision, and the documents of each year's
/// latest and of those `wanted` says (a publication reads only what it renders).
pub async fn load_unit_with(
    store: &dyn Store,
    code: &UnitCode,
    wanted: &(dyn Fn(u16, &RevisionMeta) -> bool + Sync),
) -> Result<Option<UnitData>> {
    let Some(record) = store.unit(code).await? else { return Ok(None) };
    let mut years = Vec::new();
    for entry in store.years(code).await? {
        let published: Vec<RevisionMeta> =
            store.revisions(code, entry.year).await?.into_iter().filter(|m| m.is_published()).collect();
        let Some(latest) = published.last().map(|m| m.number) else { continue };
        let mut revisions = Vec::new();
        for meta in published.iter().filter(|m| m.number == latest || wanted(entry.year, m)) {
            if let Some(revision) = store.revision(code, entry.year, meta.number).await? {
                revisions.push(Arc::new(Published::from_revision(revision)?));
            }
        }
        years.push(YearData { year: entry.year, published, revisions });
    }
    Ok(Some(UnitData { code: code.clone(), record, years, changes: Arc::default() }))
}

/// The codes of the registered units, ordered.
pub async fn unit_codes(store: &dyn Store) -> Result<Vec<UnitCode>> {
    let mut codes: Vec<UnitCode> = coded(store.units().await?).map(|(code, _)| code).collect();
    codes.sort();
    Ok(codes)
}

/// Registered units with their codes; a record whose code could not name a folder (which the
/// API never stores) is left out.
fn coded(records: Vec<UnitRecord>) -> impl Iterator<Item = (UnitCode, UnitRecord)> {
    records.into_iter().filter_map(|r| Some((r.code().ok()?, r)))
}

/// The line a page leads with: the year-start expenditure budget, else the income budget.
pub fn budget_line(s: &Snapshot) -> Option<&BudgetLine> {
    let lines = s.budget.as_ref()?.lines.iter().filter(|l| l.phase == Phase::YearStart);
    let mut lines: Vec<_> = lines.collect();
    lines.sort_by_key(|l| match l.item {
        BudgetItem::Expenditure => 0,
        BudgetItem::Income => 1,
        _ => 2,
    });
    lines.into_iter().next()
}

/// What the home page says of a unit (kept in the build record, so a publication does not read
/// every unit's report again for it).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HomeEntry {
    pub code: String,
    pub name: String,
    pub year: u16,
    pub revision: u32,
    pub score: Option<Decimal>,
    pub grade: Option<String>,
    pub budget: Option<Decimal>,
    pub prior: Option<Decimal>,
}

impl HomeEntry {
    pub fn of(unit: &UnitData) -> Option<HomeEntry> {
        let year = unit.years.last()?;
        let latest = year.latest();
        let s = &latest.snapshot;
        let line = budget_line(s);
        Some(HomeEntry {
            code: unit.code().to_string(),
            name: unit.published_unit().name.clone(),
            year: year.year,
            revision: latest.meta.number,
            score: s.evaluation.as_ref().and_then(|e| e.score),
            grade: s.evaluation.as_ref().and_then(|e| e.stated_grade.clone()),
            budget: line.and_then(|l| l.amount),
            prior: line.and_then(|l| l.prior_year_amount),
        })
    }
}
