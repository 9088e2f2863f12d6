//! The proof a page carries: its log entry, the entry's index, and the inclusion proof against
//! the signed checkpoint the page was built with. Enough, with the log's public key, to check
//! offline that the download beside it is what the log recorded.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::merkle::{leaf_hash, verify_inclusion, Hash};
use super::{Checkpoint, LogEntry, Verifier};

/// `snapshot.proof.json`, beside each `snapshot.json` of the site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PageProof {
    /// The entry's index in the log (0 for the first publication).
    pub index: u64,
    /// The entry exactly as logged (compact JSON): its leaf hash is SHA-256(0x00 ‖ entry).
    pub entry: String,
    /// The size of the tree the proof is against.
    pub tree_size: u64,
    /// The tree's root hash (hex).
    pub root: String,
    /// The inclusion proof (RFC 9162), hex, leaf side first.
    pub proof: Vec<String>,
    /// The signed checkpoint of that tree (C2SP tlog-checkpoint).
    pub checkpoint: String,
}

fn unhex(text: &str) -> Option<Hash> {
    hex::decode(text).ok()?.try_into().ok()
}

impl PageProof {
    pub fn new(index: u64, entry: &[u8], checkpoint: &Checkpoint, signed: &str, proof: &[Hash]) -> PageProof {
        PageProof {
            index,
            entry: String::from_utf8_lossy(entry).into_owned(),
            tree_size: checkpoint.size,
            root: hex::encode(checkpoint.root),
            proof: super::hex_hashes(proof),
            checkpoint: signed.to_string(),
        }
    }

    /// Checks the proof with the log's key and, given the download's bytes, that the entry
    /// records their hash. The entry, or what does not hold.
    pub fn verify(&self, key: &Verifier, download: Option<&[u8]>) -> Result<LogEntry, String> {
        let (checkpoint, _) = Checkpoint::open(&self.checkpoint, key)?;
        let root = unhex(&self.root).ok_or("the root is not a hex SHA-256")?;
        if checkpoint.size != self.tree_size || checkpoint.root != root {
            return Err("the proof's tree is not the checkpoint's".into());
        }
        let proof: Option<Vec<Hash>> = self.proof.iter().map(|h| unhex(h)).collect();
        let proof = proof.ok_or("a proof hash is not a hex SHA-256")?;
        if !verify_inclusion(&leaf_hash(self.entry.as_bytes()), self.index, self.tree_size, &proof, &root) {
            return Err(format!("the inclusion proof of entry {} does not verify against the checkpoint", self.index));
        }
        let entry = LogEntry::decode(self.entry.as_bytes())?;
        if let Some(bytes) = download {
            let hash = hex::encode(Sha256::digest(bytes));
            if hash != entry.hash.as_str() {
                return Err(format!(
                    "the download hashes to {hash}, but log entry {} records {}",
                    self.index, entry.hash
                ));
            }
        }
        Ok(entry)
    }
}
