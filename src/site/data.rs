//! What the site shows: only published revisions, read from the store. The bottom layer of the
//! site generator: it imports nothing else from `site`.

use rust_decimal::Decimal;

use super::error::Result;
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

/// The published revisions of one unit-year, oldest first; the last is what the public sees.
#[derive(Debug, Clone)]
pub struct YearData {
    pub year: u16,
    pub revisions: Vec<Published>,
}

impl YearData {
    pub fn latest(&self) -> &Published {
        self.revisions.last().expect("a year on the site has a published revision")
    }
}

/// A unit and its years that have at least one published revision, oldest first.
#[derive(Debug, Clone)]
pub struct UnitData {
    /// The unit's code: its folder's name.
    pub code: UnitCode,
    pub record: UnitRecord,
    pub years: Vec<YearData>,
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
}

/// Every published revision of a unit; `None` when the unit is unknown. (Unit codes name
/// folders; a `UnitCode` is always a safe one.)
pub async fn load_unit(store: &dyn Store, code: &UnitCode) -> Result<Option<UnitData>> {
    let Some(record) = store.unit(code).await? else { return Ok(None) };
    let mut years = Vec::new();
    for entry in store.years(code).await? {
        let mut revisions = Vec::new();
        for meta in store.revisions(code, entry.year).await?.into_iter().filter(|m| m.is_published()) {
            if let Some(revision) = store.revision(code, entry.year, meta.number).await? {
                revisions.push(Published::from_revision(revision)?);
            }
        }
        if !revisions.is_empty() {
            years.push(YearData { year: entry.year, revisions });
        }
    }
    Ok(Some(UnitData { code: code.clone(), record, years }))
}

/// Every unit with its published revisions, ordered by code.
pub async fn load_all(store: &dyn Store) -> Result<Vec<UnitData>> {
    let mut units = Vec::new();
    for (code, _) in coded(store.units().await?) {
        if let Some(unit) = load_unit(store, &code).await? {
            units.push(unit);
        }
    }
    Ok(units)
}

/// Registered units with their codes; a record whose code could not name a folder (which the
/// API never stores) is left out.
fn coded(records: Vec<UnitRecord>) -> impl Iterator<Item = (UnitCode, UnitRecord)> {
    records.into_iter().filter_map(|r| Some((r.code().ok()?, r)))
}

/// What the home page needs of every unit: only the latest published revision of its latest
/// published year (a partial rebuild does not read everything).
pub async fn home_entries(store: &dyn Store) -> Result<Vec<HomeEntry>> {
    let mut entries = Vec::new();
    for (code, record) in coded(store.units().await?) {
        let latest =
            store.years(&code).await?.into_iter().rev().find_map(|y| y.latest_published_revision.map(|n| (y.year, n)));
        let Some((year, number)) = latest else { continue };
        let Some(revision) = store.revision(&code, year, number).await? else { continue };
        let years = vec![YearData { year, revisions: vec![Published::from_revision(revision)?] }];
        let unit = UnitData { code, record, years };
        entries.extend(HomeEntry::of(&unit));
    }
    Ok(entries)
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

/// What the home page says of a unit.
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
