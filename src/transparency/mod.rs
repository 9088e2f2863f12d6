//! The transparency log of publications: every publication and correction is an entry of one
//! append-only log hashed into a Merkle tree (RFC 6962/9162), whose signed checkpoints
//! (C2SP tlog-checkpoint, signed-note) anyone can check, witnesses cosign
//! (C2SP tlog-cosignature) and a static host serves as tiles (C2SP tlog-tiles).
//!
//! Hand-written rather than taken from a crate: the Merkle algorithms and the note format are a
//! few hundred lines, and the crates that implement them (azul's `tlog_tiles`/`signed_note`)
//! bring in a larger tree of dependencies than this small machine wants. They are tested against
//! the published vectors of RFC 6962 (transparency-dev), Go's sumdb/note and C2SP.
//! Pure: no HTTP, no storage.

pub mod checkpoint;
pub mod entry;
pub mod merkle;
pub mod note;
pub mod tiles;

pub use checkpoint::Checkpoint;
pub use entry::{LogEntry, Superseded};
pub use merkle::Hash;
pub use note::{Note, Signer, Verifier};

/// The log's origin (its key's name) unless one is given when the key is created.
pub const DEFAULT_ORIGIN: &str = "disclose.local/log";

/// A log as read from the store: its entries and their leaf hashes.
#[derive(Debug, Clone, Default)]
pub struct Log {
    pub entries: Vec<Vec<u8>>,
    pub leaves: Vec<Hash>,
}

impl Log {
    pub fn new(entries: Vec<Vec<u8>>) -> Log {
        let leaves = entries.iter().map(|e| merkle::leaf_hash(e)).collect();
        Log { entries, leaves }
    }

    pub fn size(&self) -> u64 {
        self.entries.len() as u64
    }

    pub fn checkpoint(&self, origin: &str) -> Checkpoint {
        Checkpoint { origin: origin.into(), size: self.size(), root: merkle::root(&self.leaves) }
    }

    /// The inclusion proof of entry `index` in the tree of the first `size` entries.
    pub fn inclusion(&self, index: u64, size: u64) -> Option<Vec<Hash>> {
        let size = usize::try_from(size).ok().filter(|&s| s <= self.leaves.len())?;
        merkle::inclusion_proof(&self.leaves[..size], usize::try_from(index).ok()?)
    }

    /// The consistency proof from the tree of `old` entries to the tree of `new` entries.
    pub fn consistency(&self, old: u64, new: u64) -> Option<Vec<Hash>> {
        let new = usize::try_from(new).ok().filter(|&s| s <= self.leaves.len())?;
        merkle::consistency_proof(&self.leaves[..new], usize::try_from(old).ok()?)
    }

    /// The index of the latest entry that published revision `revision` of `unit`'s `year`.
    pub fn find(&self, unit: &str, year: u16, revision: u32) -> Option<u64> {
        self.entries.iter().rposition(|bytes| {
            LogEntry::decode(bytes).is_ok_and(|e| e.unit.as_str() == unit && e.year == year && e.revision == revision)
        })
        .map(|i| i as u64)
    }
}

/// Hex of a hash, as proofs are shown on pages and in the API.
pub fn hex_hashes(hashes: &[Hash]) -> Vec<String> {
    hashes.iter().map(hex::encode).collect()
}
