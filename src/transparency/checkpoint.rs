//! Checkpoints (c2sp.org/tlog-checkpoint): the origin, the tree size and the root hash, signed as
//! a note by the log's key, whose name is the origin.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;

use super::merkle::Hash;
use super::note::{Note, NoteError, Signer, Verifier};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

impl Checkpoint {
    /// The note text: three lines.
    pub fn body(&self) -> String {
        format!("{}\n{}\n{}\n", self.origin, self.size, BASE64.encode(self.root))
    }

    pub fn parse_body(text: &str) -> Result<Checkpoint, NoteError> {
        let bad = NoteError::Note("a checkpoint is origin, size and base64 root hash, one a line");
        let mut lines = text.split_terminator('\n');
        let (Some(origin), Some(size), Some(root)) = (lines.next(), lines.next(), lines.next()) else {
            return Err(bad);
        };
        // Extension lines may follow; a size is decimal without leading zeros.
        if origin.is_empty() || size.is_empty() || (size.starts_with('0') && size != "0") {
            return Err(bad);
        }
        let size = size.parse().map_err(|_| bad.clone())?;
        let root = BASE64.decode(root).ok().and_then(|r| r.try_into().ok()).ok_or(bad)?;
        Ok(Checkpoint { origin: origin.into(), size, root })
    }

    /// The signed note.
    pub fn sign(&self, log: &Signer) -> String {
        log.sign(&self.body()).expect("a checkpoint body is a valid note text")
    }

    /// Reads a signed checkpoint and checks the log's signature: its key is named by the origin.
    pub fn open(note: &str, log: &Verifier) -> Result<(Checkpoint, Note), String> {
        let parsed = Note::parse(note).map_err(|e| format!("the checkpoint is not a signed note: {e}"))?;
        let checkpoint = Checkpoint::parse_body(&parsed.text).map_err(|e| e.to_string())?;
        if checkpoint.origin != log.name {
            return Err(format!("the checkpoint is of log {:?}, not of the key's {:?}", checkpoint.origin, log.name));
        }
        if parsed.signed_by(log).is_none() {
            return Err(format!("the checkpoint's signature does not verify with the key {}", log.vkey()));
        }
        Ok((checkpoint, parsed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transparency::note::{COSIGNATURE_V1, ED25519};

    fn signed() -> (Signer, String) {
        let log = Signer::from_seed("disclose.example/log", ED25519, [3; 32]).unwrap();
        let checkpoint = Checkpoint { origin: log.name.clone(), size: 7, root: [9; 32] };
        let note = checkpoint.sign(&log);
        (log, note)
    }

    #[test]
    fn a_checkpoint_verifies_with_its_key_only_and_not_after_any_byte_changed() {
        let (log, note) = signed();
        let (checkpoint, _) = Checkpoint::open(&note, &log.verifier()).unwrap();
        assert_eq!((checkpoint.size, checkpoint.root), (7, [9; 32]));
        assert_eq!(note.lines().nth(1), Some("7"));
        let other = Signer::from_seed("disclose.example/log", ED25519, [4; 32]).unwrap();
        assert!(Checkpoint::open(&note, &other.verifier()).unwrap_err().contains("does not verify"));
        for i in 0..note.len() {
            let mut bytes = note.clone().into_bytes();
            bytes[i] ^= 1;
            let Ok(changed) = String::from_utf8(bytes) else { continue };
            assert!(Checkpoint::open(&changed, &log.verifier()).is_err(), "byte {i} changed and still verifies");
        }
        let witness = Signer::from_seed("w", COSIGNATURE_V1, [5; 32]).unwrap();
        assert!(Checkpoint::open(&note, &witness.verifier()).is_err());
    }
}
