//! What the site was built from, kept beside the generations (`built/`): the disclose version
//! and a hash of the site root's templates and static files (`built/site.json`), and per unit
//! the published revisions (year, number, hash) with what the home page shows of it
//! (`built/units/<code>.json`). A start compares it with the store and rebuilds only what
//! differs; a publication learns from it which revisions already have their permanent pages and
//! reads the home page's rows from it, instead of reading every unit's report again.
//!
//! One file per unit, written after the flip that made it true: a publication writes its own
//! unit's, whatever the number of units, and a crash between the flip and the write leaves a
//! record behind the site, which a start mends by rebuilding that unit, never one ahead of it.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::data::HomeEntry;
use super::error::Result;
use super::manifest;
use crate::domain::UnitCode;
use crate::integrity::sha256_hex;
use crate::store::{RevisionMeta, Store};

/// Per year, the published revisions as (number, hash), by number.
pub type Published = BTreeMap<u16, Vec<(u32, String)>>;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    pub version: String,
    /// SHA-256 over the site root's `config.toml`, `templates/` and `static/` (paths and bytes).
    pub inputs: String,
    pub units: BTreeMap<String, UnitRecord>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitRecord {
    pub published: Published,
    /// The unit's row on the home page; `None` while nothing of it is published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home: Option<HomeEntry>,
}

impl UnitRecord {
    /// Whether the site has the permanent pages of this revision.
    pub fn is_built(&self, year: u16, meta: &RevisionMeta) -> bool {
        let listed = self.published.get(&year);
        listed.is_some_and(|l| l.iter().any(|(n, h)| *n == meta.number && h == meta.hash.as_str()))
    }
}

impl Record {
    /// The home page's rows, by code.
    pub fn home_entries(&self) -> impl Iterator<Item = &HomeEntry> {
        self.units.values().filter_map(|u| u.home.as_ref())
    }

    /// The home page's rows, with `code`'s as `unit` has it.
    pub fn home_entries_with<'a>(&'a self, code: &'a str, unit: &'a UnitRecord) -> impl Iterator<Item = &'a HomeEntry> {
        use std::ops::Bound::{Excluded, Unbounded};
        let before = self.units.range::<str, _>((Unbounded, Excluded(code))).map(|(_, u)| u);
        let after = self.units.range::<str, _>((Excluded(code), Unbounded)).map(|(_, u)| u);
        before.chain(std::iter::once(unit)).chain(after).filter_map(|u| u.home.as_ref())
    }

    /// Whether the site was built by this program from these templates and static files.
    pub fn same_inputs(&self, other: &Record) -> bool {
        self.version == other.version && self.inputs == other.inputs
    }

    /// The units whose published revisions differ from `other`'s (either side).
    pub fn changed_units(&self, other: &Record) -> Vec<String> {
        let codes: std::collections::BTreeSet<&String> = self.units.keys().chain(other.units.keys()).collect();
        let published = |r: &Record, c: &str| r.units.get(c).map(|u| u.published.clone()).unwrap_or_default();
        codes.into_iter().filter(|c| published(self, c) != published(other, c)).cloned().collect()
    }
}

pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The hash of what the site root contributes besides the data.
pub fn inputs(root: &Path) -> Result<String> {
    let mut listing = Vec::new();
    for folder in ["templates", "static"] {
        let dir = root.join(folder);
        let files = manifest::walk(&dir).map_err(|e| super::io("list", &dir, e))?;
        for path in files {
            let bytes = std::fs::read(dir.join(&path)).map_err(|e| super::io("read", &dir, e))?;
            listing.push(format!("{folder}/{path} {}\n", sha256_hex(&bytes)));
        }
    }
    let config = std::fs::read(root.join("config.toml")).unwrap_or_default();
    listing.push(format!("config.toml {}\n", sha256_hex(&config)));
    Ok(sha256_hex(listing.concat().as_bytes()))
}

/// What the store has published, per unit (metadata only: no document is read).
pub async fn published_in(store: &dyn Store) -> Result<BTreeMap<String, Published>> {
    let mut out = BTreeMap::new();
    for record in store.units().await? {
        let Ok(code) = record.code() else { continue };
        out.insert(code.to_string(), published_of(store, &code).await?);
    }
    Ok(out)
}

pub async fn published_of(store: &dyn Store, code: &UnitCode) -> Result<Published> {
    let mut years = Published::new();
    for entry in store.years(code).await? {
        let list: Vec<(u32, String)> = store
            .revisions(code, entry.year)
            .await?
            .into_iter()
            .filter(|m| m.is_published())
            .map(|m| (m.number, m.hash.as_str().to_string()))
            .collect();
        if !list.is_empty() {
            years.insert(entry.year, list);
        }
    }
    Ok(years)
}

/// The site's part of the record.
#[derive(Serialize, Deserialize)]
struct SiteRecord {
    version: String,
    inputs: String,
}

pub const FOLDER: &str = "built";
const SITE: &str = "site.json";
const UNITS: &str = "units";

/// The record of the site in `root`, if there is one that reads whole.
pub fn read(root: &Path) -> Option<Record> {
    let folder = root.join(FOLDER);
    let site: SiteRecord = serde_json::from_slice(&std::fs::read(folder.join(SITE)).ok()?).ok()?;
    let mut units = BTreeMap::new();
    for entry in std::fs::read_dir(folder.join(UNITS)).ok()? {
        let entry = entry.ok()?;
        let name = entry.file_name();
        // A file cut short by a crash is a temporary name: skipped.
        let Some(code) = name.to_str().and_then(|n| n.strip_suffix(".json")) else { continue };
        units.insert(code.to_string(), serde_json::from_slice(&std::fs::read(entry.path()).ok()?).ok()?);
    }
    Some(Record { version: site.version, inputs: site.inputs, units })
}

/// Writes the whole record, replacing every unit's (after a full build).
pub fn write(root: &Path, record: &Record) -> Result<()> {
    let folder = root.join(FOLDER);
    let units = folder.join(UNITS);
    std::fs::create_dir_all(&units).map_err(|e| super::io("create", &units, e))?;
    if let Ok(listed) = std::fs::read_dir(&units) {
        for entry in listed.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.strip_suffix(".json").is_none_or(|code| !record.units.contains_key(code)) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    for (code, unit) in &record.units {
        write_unit(root, code, unit)?;
    }
    let site = SiteRecord { version: record.version.clone(), inputs: record.inputs.clone() };
    super::write_file(&folder.join(SITE), &serde_json::to_vec(&site).expect("records serialize"))?;
    // The records of a site built by an earlier version, one file per generation, are no more.
    for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.strip_suffix(".json").is_some_and(|n| n.parse::<u64>().is_ok()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// Writes one unit's record (after a publication of it).
pub fn write_unit(root: &Path, code: &str, unit: &UnitRecord) -> Result<()> {
    let path = root.join(FOLDER).join(UNITS).join(format!("{code}.json"));
    super::write_file(&path, &serde_json::to_vec(unit).expect("records serialize"))
}

/// The record of a full build.
pub fn of_units(version: String, inputs: String, units: &[super::data::UnitData]) -> Record {
    let units = units.iter().map(|u| (u.code().to_string(), unit_record(u))).collect();
    Record { version, inputs, units }
}

pub fn unit_record(unit: &super::data::UnitData) -> UnitRecord {
    let published = unit
        .years
        .iter()
        .map(|y| (y.year, y.published.iter().map(|m| (m.number, m.hash.as_str().to_string())).collect()))
        .collect();
    UnitRecord { published, home: HomeEntry::of(unit) }
}
