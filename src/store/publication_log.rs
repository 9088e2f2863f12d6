//! What either engine writes to the transparency log: the entry of a publication, and which
//! publications a log from before the log existed lacks (for `log_backfill`).

use std::collections::{BTreeMap, BTreeSet};

use super::{RevisionMeta, StoreError, StoreResult};
use crate::transparency::{LogEntry, Superseded};

/// The entry that logs the publication of `meta`; `supersedes` is the published revision a
/// correction replaces.
pub fn entry(meta: &RevisionMeta, supersedes: Option<Superseded>) -> LogEntry {
    LogEntry {
        unit: meta.unit.clone(),
        year: meta.year,
        revision: meta.number,
        hash: meta.hash.clone(),
        published_at: meta.published_at.expect("only a published revision is logged"),
        supersedes,
        reason: meta.note.clone(),
    }
}

/// The published revisions of `published` that no entry of `logged` records, oldest publication
/// first, each with the unit-year's revision published before it (which it supersedes).
pub fn missing(
    logged: &[Vec<u8>],
    mut published: Vec<RevisionMeta>,
) -> StoreResult<Vec<(RevisionMeta, Option<Superseded>)>> {
    let mut seen = BTreeSet::new();
    for bytes in logged {
        let entry = LogEntry::decode(bytes).map_err(|e| StoreError::Corrupt { what: "log entry", source: e.into() })?;
        seen.insert((entry.unit.to_string(), entry.year, entry.revision));
    }
    published.retain(|meta| meta.published_at.is_some());
    published
        .sort_by(|a, b| (a.published_at, &a.unit, a.year, a.number).cmp(&(b.published_at, &b.unit, b.year, b.number)));
    // The previous publication of each unit-year, as the entries go.
    let mut last: BTreeMap<(String, u16), Superseded> = BTreeMap::new();
    let mut missing = Vec::new();
    for meta in published {
        let year = (meta.unit.to_string(), meta.year);
        let before = last.insert(year, Superseded { revision: meta.number, hash: meta.hash.clone() });
        if !seen.contains(&(meta.unit.to_string(), meta.year, meta.number)) {
            missing.push((meta, before));
        }
    }
    Ok(missing)
}
