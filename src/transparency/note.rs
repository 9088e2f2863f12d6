//! C2SP signed notes (c2sp.org/signed-note) with Ed25519 keys, and witness cosignatures
//! (c2sp.org/tlog-cosignature, signature type 0x04).
//!
//! A key is named; its 4-byte id is SHA-256(name ‖ "\n" ‖ type ‖ public key)[..4]. A note is
//! text ending in a newline, a blank line, then one line per signature:
//! `— <name> base64(id ‖ signature)`.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

/// Ed25519 signatures of a note.
pub const ED25519: u8 = 0x01;
/// Ed25519 cosignatures (timestamped) of a checkpoint by a witness.
pub const COSIGNATURE_V1: u8 = 0x04;

const DASH: &str = "\u{2014} ";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("malformed key: {0}")]
    Key(&'static str),
    #[error("malformed note: {0}")]
    Note(&'static str),
}

fn key_id(name: &str, kind: u8, public: &[u8; 32]) -> u32 {
    let digest = Sha256::new().chain_update(name).chain_update([b'\n', kind]).chain_update(public).finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['+', ' ', '\n', '\t'])
}

/// A public key that checks signatures: parsed from, and printed as, a verifier key (`vkey`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier {
    pub name: String,
    pub kind: u8,
    pub id: u32,
    key: VerifyingKey,
}

impl Verifier {
    /// Reads `name+hexid+base64(type ‖ key)`, checking that the id is the key's.
    pub fn parse(vkey: &str) -> Result<Verifier, NoteError> {
        let mut parts = vkey.trim().splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(NoteError::Key("a verifier key is name+id+key"));
        };
        if !valid_name(name) || id.len() != 8 {
            return Err(NoteError::Key("bad name or id"));
        }
        let id = u32::from_str_radix(id, 16).map_err(|_| NoteError::Key("the id is not hex"))?;
        let bytes = BASE64.decode(key).map_err(|_| NoteError::Key("the key is not base64"))?;
        let [kind, public @ ..]: [u8; 33] = bytes.try_into().map_err(|_| NoteError::Key("not an Ed25519 key"))?;
        if kind != ED25519 && kind != COSIGNATURE_V1 {
            return Err(NoteError::Key("unknown key type"));
        }
        let key = VerifyingKey::from_bytes(&public).map_err(|_| NoteError::Key("not an Ed25519 point"))?;
        if key_id(name, kind, &public) != id {
            return Err(NoteError::Key("the id does not match the name and key"));
        }
        Ok(Verifier { name: name.into(), kind, id, key })
    }

    /// The `vkey` line.
    pub fn vkey(&self) -> String {
        let mut bytes = vec![self.kind];
        bytes.extend_from_slice(self.key.as_bytes());
        format!("{}+{:08x}+{}", self.name, self.id, BASE64.encode(bytes))
    }

    fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        Signature::from_slice(signature).is_ok_and(|s| self.key.verify_strict(message, &s).is_ok())
    }
}

/// A private key that signs: kept as `PRIVATE+KEY+name+hexid+base64(type ‖ seed)` (Go's format).
#[derive(Clone)]
pub struct Signer {
    pub name: String,
    pub kind: u8,
    key: SigningKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signer({})", self.verifier().vkey())
    }
}

impl Signer {
    pub fn from_seed(name: &str, kind: u8, seed: [u8; 32]) -> Result<Signer, NoteError> {
        if !valid_name(name) {
            return Err(NoteError::Key("a key name is not empty and has no '+' or white space"));
        }
        Ok(Signer { name: name.into(), kind, key: SigningKey::from_bytes(&seed) })
    }

    /// A new key from the operating system's random source.
    pub fn generate(name: &str, kind: u8) -> Result<Signer, NoteError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|_| NoteError::Key("no random source"))?;
        Signer::from_seed(name, kind, seed)
    }

    pub fn parse(skey: &str) -> Result<Signer, NoteError> {
        let rest = skey.trim().strip_prefix("PRIVATE+KEY+").ok_or(NoteError::Key("not a private key"))?;
        let mut parts = rest.splitn(3, '+');
        let (Some(name), Some(_id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(NoteError::Key("a private key is PRIVATE+KEY+name+id+key"));
        };
        let bytes = BASE64.decode(key).map_err(|_| NoteError::Key("the key is not base64"))?;
        let [kind, seed @ ..]: [u8; 33] = bytes.try_into().map_err(|_| NoteError::Key("not an Ed25519 seed"))?;
        let signer = Signer::from_seed(name, kind, seed)?;
        if signer.skey() != skey.trim() {
            return Err(NoteError::Key("the id does not match the name and key"));
        }
        Ok(signer)
    }

    pub fn skey(&self) -> String {
        let mut bytes = vec![self.kind];
        bytes.extend_from_slice(self.key.as_bytes());
        format!("PRIVATE+KEY+{}+{:08x}+{}", self.name, self.id(), BASE64.encode(bytes))
    }

    pub fn id(&self) -> u32 {
        key_id(&self.name, self.kind, self.key.verifying_key().as_bytes())
    }

    pub fn verifier(&self) -> Verifier {
        Verifier { name: self.name.clone(), kind: self.kind, id: self.id(), key: self.key.verifying_key() }
    }

    /// The signature line of `text` (type 0x01), or of a cosignature at `time` (type 0x04).
    pub fn signature_line(&self, text: &str, time: u64) -> String {
        let mut blob = self.id().to_be_bytes().to_vec();
        if self.kind == COSIGNATURE_V1 {
            blob.extend_from_slice(&time.to_be_bytes());
            blob.extend_from_slice(&self.key.sign(&cosigned_message(text, time)).to_bytes());
        } else {
            blob.extend_from_slice(&self.key.sign(text.as_bytes()).to_bytes());
        }
        format!("{DASH}{} {}\n", self.name, BASE64.encode(blob))
    }

    /// `text` signed: the text, a blank line and this key's signature line.
    pub fn sign(&self, text: &str) -> Result<String, NoteError> {
        check_text(text)?;
        Ok(format!("{text}\n{}", self.signature_line(text, 0)))
    }
}

/// What a witness signs (tlog-cosignature): a header with the time, then the checkpoint text.
fn cosigned_message(text: &str, time: u64) -> Vec<u8> {
    format!("cosignature/v1\ntime {time}\n{text}").into_bytes()
}

fn check_text(text: &str) -> Result<(), NoteError> {
    if !text.ends_with('\n') || text.contains("\n\n") {
        return Err(NoteError::Note("the text must end in a newline and have no blank line"));
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(NoteError::Note("the text has a control character"));
    }
    Ok(())
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureLine {
    pub name: String,
    pub id: u32,
    /// The signature after the id (for a cosignature: the time, then the signature).
    pub signature: Vec<u8>,
    /// The line as written, with its newline.
    pub line: String,
}

/// A note split into its text and signature lines (nothing verified yet).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub signatures: Vec<SignatureLine>,
}

impl Note {
    pub fn parse(note: &str) -> Result<Note, NoteError> {
        let split = note.rfind("\n\n").ok_or(NoteError::Note("no blank line before the signatures"))?;
        let (text, lines) = (&note[..split + 1], &note[split + 2..]);
        check_text(text)?;
        if !lines.ends_with('\n') {
            return Err(NoteError::Note("the signatures must end in a newline"));
        }
        let signatures = lines.split_inclusive('\n').map(parse_signature).collect::<Result<Vec<_>, _>>()?;
        if signatures.is_empty() {
            return Err(NoteError::Note("no signature"));
        }
        Ok(Note { text: text.into(), signatures })
    }

    /// Whether a signature by `verifier` is present and valid; a cosignature's time with it.
    pub fn signed_by(&self, verifier: &Verifier) -> Option<u64> {
        self.signatures.iter().filter(|s| s.name == verifier.name && s.id == verifier.id).find_map(|s| {
            if verifier.kind == COSIGNATURE_V1 {
                let (time, signature) = s.signature.split_at_checked(8)?;
                let time = u64::from_be_bytes(time.try_into().ok()?);
                verifier.verifies(&cosigned_message(&self.text, time), signature).then_some(time)
            } else {
                verifier.verifies(self.text.as_bytes(), &s.signature).then_some(0)
            }
        })
    }

    /// The note as written.
    pub fn to_text(&self) -> String {
        let lines: String = self.signatures.iter().map(|s| s.line.as_str()).collect();
        format!("{}\n{lines}", self.text)
    }
}

fn parse_signature(line: &str) -> Result<SignatureLine, NoteError> {
    let bad = NoteError::Note("a signature line is '— name base64'");
    let body = line.strip_prefix(DASH).and_then(|l| l.strip_suffix('\n')).ok_or(bad.clone())?;
    let (name, blob) = body.split_once(' ').ok_or(bad.clone())?;
    let blob = BASE64.decode(blob).map_err(|_| bad.clone())?;
    if !valid_name(name) || blob.len() < 5 {
        return Err(bad);
    }
    let id = u32::from_be_bytes([blob[0], blob[1], blob[2], blob[3]]);
    Ok(SignatureLine { name: name.into(), id, signature: blob[4..].to_vec(), line: line.into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PETER_SKEY: &str = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    const PETER_VKEY: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    const PETER_TEXT: &str =
        "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    const PETER_SIG: &str =
        "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    #[test]
    fn signing_matches_the_go_sumdb_note_vector_byte_for_byte() {
        let signer = Signer::parse(PETER_SKEY).unwrap();
        assert_eq!(signer.skey(), PETER_SKEY);
        assert_eq!(signer.verifier().vkey(), PETER_VKEY);
        assert_eq!(signer.sign(PETER_TEXT).unwrap(), format!("{PETER_TEXT}\n{PETER_SIG}"));
    }

    #[test]
    fn the_c2sp_example_note_verifies_and_fails_when_changed() {
        let verifier =
            Verifier::parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k").unwrap();
        let note = "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
        assert_eq!(Note::parse(note).unwrap().signed_by(&verifier), Some(0));
        let changed = note.replace("example message", "example massage");
        assert_eq!(Note::parse(&changed).unwrap().signed_by(&verifier), None);
        assert!(Note::parse(note).unwrap().signed_by(&Verifier::parse(PETER_VKEY).unwrap()).is_none());
    }

    #[test]
    fn published_verifier_keys_of_both_types_parse_and_print_back() {
        // transparency-dev/formats note tests: a '+' inside the base64, and a cosignature key (0x04).
        for vkey in [
            PETER_VKEY,
            "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6",
            "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2",
        ] {
            assert_eq!(Verifier::parse(vkey).unwrap().vkey(), vkey);
        }
        assert!(Verifier::parse(&PETER_VKEY.replace("c74f20a3", "c74f20a4")).is_err());
    }

    #[test]
    fn a_cosignature_carries_its_time_and_binds_the_text() {
        let witness = Signer::from_seed("witness.example/w", COSIGNATURE_V1, [7; 32]).unwrap();
        let log = Signer::from_seed("log.example", ED25519, [9; 32]).unwrap();
        let signed = log.sign("log.example\n3\nAAAA\n").unwrap();
        let cosigned = format!("{signed}{}", witness.signature_line("log.example\n3\nAAAA\n", 1_727_964_367));
        let note = Note::parse(&cosigned).unwrap();
        assert_eq!(note.signed_by(&witness.verifier()), Some(1_727_964_367));
        assert_eq!(note.signed_by(&log.verifier()), Some(0));
        assert_eq!(note.to_text(), cosigned);
        let other = Note::parse(&cosigned.replace("\n3\n", "\n4\n")).unwrap();
        assert_eq!(other.signed_by(&witness.verifier()), None);
    }
}
