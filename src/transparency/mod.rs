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

use std::collections::HashMap;

pub mod checkpoint;
pub mod entry;
pub mod merkle;
pub mod note;
pub mod proof;
pub mod tiles;
pub mod verify;
pub mod witness;

pub use checkpoint::Checkpoint;
pub use entry::{LogEntry, Superseded};
pub use merkle::Hash;
pub use note::{Note, Signer, Verifier};
pub use proof::PageProof;

/// The log's origin (its key's name) unless one is given when the key is created.
pub const DEFAULT_ORIGIN: &str = "disclose.local/log";

/// A log as read from the store: its entries, their tree, and where each publication is.
#[derive(Debug, Clone)]
pub struct Log {
    pub entries: Vec<Vec<u8>>,
    pub tree: merkle::Tree,
    /// (unit, year, revision) to the index of its entry.
    positions: HashMap<(String, u16, u32), u64>,
}

impl Log {
    pub fn new(entries: Vec<Vec<u8>>) -> Log {
        let mut log = Log { entries: Vec::new(), tree: merkle::Tree::new(Vec::new()), positions: HashMap::new() };
        log.append(entries);
        log
    }

    /// Adds entries at the end: their leaves join the tree, their publications the positions.
    pub fn append(&mut self, entries: Vec<Vec<u8>>) {
        let first = self.entries.len();
        self.tree.append(entries.iter().map(|e| merkle::leaf_hash(e)));
        for (i, bytes) in entries.iter().enumerate() {
            if let Ok(e) = LogEntry::decode(bytes) {
                self.positions.insert((e.unit.as_str().to_string(), e.year, e.revision), (first + i) as u64);
            }
        }
        self.entries.extend(entries);
    }

    pub fn size(&self) -> u64 {
        self.entries.len() as u64
    }

    pub fn checkpoint(&self, origin: &str) -> Checkpoint {
        Checkpoint { origin: origin.into(), size: self.size(), root: self.tree.root(self.entries.len()) }
    }

    /// The inclusion proof of entry `index` in the tree of the first `size` entries.
    pub fn inclusion(&self, index: u64, size: u64) -> Option<Vec<Hash>> {
        self.tree.inclusion_proof(usize::try_from(index).ok()?, usize::try_from(size).ok()?)
    }

    /// The consistency proof from the tree of `old` entries to the tree of `new` entries.
    pub fn consistency(&self, old: u64, new: u64) -> Option<Vec<Hash>> {
        self.tree.consistency_proof(usize::try_from(old).ok()?, usize::try_from(new).ok()?)
    }

    /// The index of the entry of a publication (the last one, if logged twice).
    pub fn position(&self, unit: &str, year: u16, revision: u32) -> Option<u64> {
        self.positions.get(&(unit.to_string(), year, revision)).copied()
    }

    /// The proof the page of entry `index` carries: against the checkpoint signed right after
    /// the entry (tree size index + 1), which never changes, so a page is
    /// never rebuilt for a later publication; a reader checks that checkpoint's root against the
    /// current log.
    pub fn page_proof(&self, index: u64, signer: &Signer) -> Option<PageProof> {
        let size = index as usize + 1;
        let checkpoint = Checkpoint { origin: signer.name.clone(), size: index + 1, root: self.tree.root(size) };
        let proof = self.inclusion(index, index + 1)?;
        Some(PageProof::new(index, &self.entries[index as usize], &checkpoint, &checkpoint.sign(signer), &proof))
    }
}

/// Hex of a hash, as proofs are shown on pages and in the API.
pub fn hex_hashes(hashes: &[Hash]) -> Vec<String> {
    hashes.iter().map(hex::encode).collect()
}
