//! What a generation of the site was built from, kept beside it (`built/<n>.json`):
//! the disclose version, a hash of the site root's templates and static files, and per unit the
//! published revisions (year, number, hash) with what the home page shows of it. A start compares
//! it with the store and rebuilds only what differs; a publication learns from it which
//! revisions already have their permanent pages and reads the home page's rows from it, instead
//! of reading every unit's report again.

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

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
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

impl Record {
    /// The home page's rows, by code.
    pub fn home_entries(&self) -> Vec<HomeEntry> {
        self.units.values().filter_map(|u| u.home.clone()).collect()
    }

    pub fn is_built(&self, code: &str, year: u16, meta: &RevisionMeta) -> bool {
        let listed = self.units.get(code).and_then(|u| u.published.get(&year));
        listed.is_some_and(|l| l.iter().any(|(n, h)| *n == meta.number && h == meta.hash.as_str()))
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

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("records serialize")
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

/// The record beside generation `folder`, if there is one that reads.
pub fn read(folder: &Path) -> Option<Record> {
    serde_json::from_slice(&std::fs::read(path_of(folder)).ok()?).ok()
}

/// `generations/<n>` → `built/<n>.json`: beside the generations, not in one (where it would be
/// a file the manifest does not list).
pub fn path_of(folder: &Path) -> std::path::PathBuf {
    let name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let root = folder.parent().and_then(Path::parent).unwrap_or(Path::new("."));
    root.join(FOLDER).join(format!("{name}.json"))
}

pub const FOLDER: &str = "built";

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
