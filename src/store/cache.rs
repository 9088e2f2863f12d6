//! Hot revision documents as shared immutable bytes, for serving them without a trip to the
//! engine. An engine keeps one and forgets a unit-year's entries when it commits a write to it
//! (a new revision, a publication).

use std::sync::Arc;

use bytes::Bytes;

use super::{RevisionMeta, Which};
use crate::bounded::Bounded;
use crate::domain::UnitCode;

/// Which revision of a unit-year is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum At {
    Which(Which),
    Number(u32),
}

/// A stored revision for serving: its metadata and its canonical JSON as shared bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub meta: RevisionMeta,
    pub body: Bytes,
}

/// Documents by unit-year and revision (or latest / latest published), within a byte budget.
pub struct DocumentCache(Bounded<(UnitCode, u16, At), Document>);

impl DocumentCache {
    pub fn new(budget: usize) -> DocumentCache {
        DocumentCache(Bounded::new(budget))
    }

    pub fn get(&self, unit: &UnitCode, year: u16, at: At) -> Option<Arc<Document>> {
        self.0.get(&(unit.clone(), year, at))
    }

    /// The generation to pass to [`insert`](Self::insert), taken before reading the engine.
    pub fn generation(&self) -> u64 {
        self.0.generation()
    }

    /// Keeps a document read from the engine, unless a write came in between.
    pub fn insert(&self, unit: &UnitCode, year: u16, at: At, document: Arc<Document>, generation: u64) {
        // The body, and a little for the rest.
        let weight = document.body.len() + 512;
        self.0.insert((unit.clone(), year, at), document, weight, generation);
    }

    /// Forgets every entry of a unit-year (after a write to it was committed).
    pub fn invalidate(&self, unit: &UnitCode, year: u16) {
        self.0.remove_where(|(u, y, _)| u == unit && *y == year);
    }

    /// Forgets everything (after a restore).
    pub fn clear(&self) {
        self.0.remove_where(|_| true);
    }
}
