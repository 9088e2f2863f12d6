//! A witness: cosigns a log's checkpoint (C2SP tlog-cosignature) only after checking that the
//! log it serves extends the last checkpoint the witness cosigned. A log that shows two
//! histories is caught by any witness that saw one of them before.

use super::note::{Note, Signer, Verifier};
use super::verify::{self, Trust};

/// Checks the log served through `read` against `log_key` and the `previous` checkpoint this
/// witness cosigned, and returns the served checkpoint with this witness's cosignature added.
pub fn cosign(
    witness: &Signer,
    log_key: &Verifier,
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
    previous: Option<&str>,
    now: u64,
) -> Result<String, Vec<String>> {
    let trust = Trust { key: log_key, witnesses: &[], since: previous };
    let verified = verify::log(read, &trust)?;
    let text = verified.checkpoint.body();
    let served = read("log/checkpoint").and_then(|b| String::from_utf8(b).ok()).unwrap_or_default();
    let mut note = Note::parse(&served).map_err(|e| vec![format!("log/checkpoint: {e}")])?;
    // Only the log's own signature and this witness's new one: other cosignatures are theirs to vouch for.
    note.signatures.retain(|s| s.name == log_key.name && s.id == log_key.id);
    let line = witness.signature_line(&text, now);
    let mut cosigned = note.to_text();
    cosigned.push_str(&line);
    Ok(cosigned)
}
