//! A log entry: one publication or correction, as the bytes the Merkle leaf hashes.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::clock::Timestamp;
use crate::domain::UnitCode;
use crate::integrity::Sha256;

/// One publication: which revision of which unit-year became public when, and for a
/// correction the published revision it supersedes and the reason stated for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LogEntry {
    pub unit: UnitCode,
    #[schema(example = 2021)]
    pub year: u16,
    /// The revision number published.
    pub revision: u32,
    /// Its hash (the SHA-256 of its canonical document).
    pub hash: Sha256,
    /// When it was published.
    pub published_at: Timestamp,
    /// The revision that was the published one until then: set for a correction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<Superseded>,
    /// The reason stated: the note of the published revision.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The previously published revision a correction replaces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Superseded {
    pub revision: u32,
    pub hash: Sha256,
}

impl LogEntry {
    /// The entry as logged: compact JSON in field order. Stored as written, never re-encoded.
    pub fn encode(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("an entry always serializes")
    }

    pub fn decode(bytes: &[u8]) -> Result<LogEntry, String> {
        serde_json::from_slice(bytes).map_err(|e| format!("not a log entry: {e}"))
    }
}
