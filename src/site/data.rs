//! What the site shows: only published revisions, read from the store.

use crate::domain::validate::check_unit_code;
use crate::domain::Snapshot;
use crate::error::{Error, Result};
use crate::service;
use crate::store::{RevisionMeta, Store, UnitRecord};

/// A published revision with its stored document (byte for byte) and its parsed snapshot.
#[derive(Debug, Clone)]
pub struct Published {
    pub meta: RevisionMeta,
    pub document: String,
    pub snapshot: Snapshot,
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
    pub record: UnitRecord,
    pub years: Vec<YearData>,
}

impl UnitData {
    pub fn code(&self) -> &str {
        &self.record.unit.code
    }

    /// The unit as its latest published report describes it: the site shows what was disclosed,
    /// not the registry's current metadata (which changes without a publication).
    pub fn published_unit(&self) -> &crate::domain::Unit {
        self.years.last().map_or(&self.record.unit, |y| &y.latest().snapshot.unit)
    }

    pub fn year(&self, year: u16) -> Option<&YearData> {
        self.years.iter().find(|y| y.year == year)
    }

    pub fn latest_snapshots(&self) -> Vec<Snapshot> {
        self.years.iter().map(|y| y.latest().snapshot.clone()).collect()
    }
}

/// Every published revision of a unit; `None` when the unit is unknown. Unit codes become
/// folder names, so a code that is not a valid slug (which the API never stores) is refused.
pub async fn load_unit(store: &dyn Store, code: &str) -> Result<Option<UnitData>> {
    if let Err(message) = check_unit_code(code) {
        return Err(Error::Io(format!("unit code {code:?} cannot name a folder: it {message}")));
    }
    let Some(record) = store.unit(code).await? else { return Ok(None) };
    let mut years = Vec::new();
    for entry in store.years(code).await? {
        let mut revisions = Vec::new();
        for meta in store.revisions(code, entry.year).await?.into_iter().filter(|m| m.is_published()) {
            if let Some(revision) = store.revision(code, entry.year, meta.number).await? {
                let (snapshot, meta) = service::decode(revision.clone())?;
                revisions.push(Published { meta, document: revision.document, snapshot });
            }
        }
        if !revisions.is_empty() {
            years.push(YearData { year: entry.year, revisions });
        }
    }
    Ok(Some(UnitData { record, years }))
}

/// Every unit with its published revisions, ordered by code.
pub async fn load_all(store: &dyn Store) -> Result<Vec<UnitData>> {
    let mut units = Vec::new();
    for record in store.units().await?.into_iter().filter(|r| check_unit_code(&r.unit.code).is_ok()) {
        if let Some(unit) = load_unit(store, &record.unit.code).await? {
            units.push(unit);
        }
    }
    Ok(units)
}

/// What the home page needs of every unit: only the latest published revision of its latest
/// published year (a partial rebuild does not read everything).
pub async fn home_entries(store: &dyn Store) -> Result<Vec<super::pages::HomeEntry>> {
    let mut entries = Vec::new();
    for record in store.units().await?.into_iter().filter(|r| check_unit_code(&r.unit.code).is_ok()) {
        let code = record.unit.code.clone();
        let latest =
            store.years(&code).await?.into_iter().rev().find_map(|y| y.latest_published_revision.map(|n| (y.year, n)));
        let Some((year, number)) = latest else { continue };
        let Some(revision) = store.revision(&code, year, number).await? else { continue };
        let (snapshot, meta) = service::decode(revision.clone())?;
        let published = Published { meta, document: revision.document, snapshot };
        let unit = UnitData { record, years: vec![YearData { year, revisions: vec![published] }] };
        entries.extend(super::pages::HomeEntry::of(&unit));
    }
    Ok(entries)
}
