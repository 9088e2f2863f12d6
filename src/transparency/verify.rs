//! Checking a copy of the site's log: the checkpoint's signature and cosignatures, every tile
//! against the entries, the entries against the checkpoint's root, every page's proof, and that
//! the log only grew since a checkpoint saved earlier. Reads files through a function, so a
//! folder and a served site are checked alike.

use super::merkle::Tree;
use super::proof::PageProof;
use super::{tiles, Checkpoint, Log, LogEntry, Verifier};

/// What to check a log against.
pub struct Trust<'a> {
    /// The log's public key.
    pub key: &'a Verifier,
    /// Witnesses whose cosignature the checkpoint must carry.
    pub witnesses: &'a [Verifier],
    /// A signed checkpoint saved earlier: the log must extend it.
    pub since: Option<&'a str>,
}

/// The log as verified: its checkpoint and entries.
pub struct Verified {
    pub checkpoint: Checkpoint,
    pub log: Log,
}

/// Checks `log/checkpoint` and the tiles through `read` (a site path to its bytes). The
/// verified log, or every problem found, each naming what failed.
pub fn log(read: &dyn Fn(&str) -> Option<Vec<u8>>, trust: &Trust) -> Result<Verified, Vec<String>> {
    let text = read("log/checkpoint").ok_or_else(|| vec!["log/checkpoint is missing".to_string()])?;
    let text = String::from_utf8(text).map_err(|_| vec!["log/checkpoint is not UTF-8".to_string()])?;
    let (checkpoint, note) = Checkpoint::open(&text, trust.key).map_err(|e| vec![format!("log/checkpoint: {e}")])?;
    let mut problems = Vec::new();
    for witness in trust.witnesses {
        if note.signed_by(witness).is_none() {
            problems.push(format!("log/checkpoint: no valid cosignature of witness {}", witness.name));
        }
    }
    let (entries, _) = tiles::read(checkpoint.size, |p| read(&format!("log/{p}"))).map_err(|e| vec![e])?;
    let log = Log::new(entries);
    if log.tree.root(log.entries.len()) != checkpoint.root {
        problems.push("log/checkpoint: the log's entries do not hash to the checkpoint's root".into());
    }
    if let Some(saved) = trust.since {
        problems.extend(since(saved, &checkpoint, &log.tree, trust.key).err());
    }
    if problems.is_empty() {
        Ok(Verified { checkpoint, log })
    } else {
        Err(problems)
    }
}

/// That the log of `checkpoint` extends the `saved` one: nothing published then was changed.
fn since(saved: &str, checkpoint: &Checkpoint, tree: &Tree, key: &Verifier) -> Result<(), String> {
    let (old, _) = Checkpoint::open(saved, key).map_err(|e| format!("the saved checkpoint: {e}"))?;
    if old.size > checkpoint.size {
        return Err(format!(
            "log/checkpoint was rolled back: it has {} entries, the saved checkpoint {}",
            checkpoint.size, old.size
        ));
    }
    let proof = tree.consistency_proof(old.size as usize, checkpoint.size as usize).unwrap_or_default();
    if !super::merkle::verify_consistency(old.size, checkpoint.size, &old.root, &checkpoint.root, &proof) {
        return Err(format!(
            "log/checkpoint is not consistent with the saved checkpoint: the first {} entries were rewritten since",
            old.size
        ));
    }
    Ok(())
}

/// Checks that every logged publication's download (at `download_path`) is among `paths`, and
/// the proof of every `snapshot.json` among them against the verified log.
pub fn pages(
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
    paths: &[String],
    verified: &Verified,
    key: &Verifier,
    download_path: &dyn Fn(&LogEntry) -> String,
) -> Vec<String> {
    let mut problems = published(paths, verified, download_path);
    for path in paths.iter().filter(|p| p.ends_with("snapshot.json")) {
        let proof_path = path.replace("snapshot.json", "snapshot.proof.json");
        let result = read(&proof_path)
            .ok_or_else(|| "is missing".to_string())
            .and_then(|bytes| serde_json::from_slice::<PageProof>(&bytes).map_err(|e| format!("is not a proof: {e}")))
            .and_then(|proof| page(read, path, &proof, verified, key));
        if let Err(e) = result {
            problems.push(format!("{proof_path}: {e}"));
        }
    }
    problems
}

/// Every logged publication is still on the site: a page taken down is named by its entry.
/// (Its bytes are checked with its proof.)
fn published(paths: &[String], verified: &Verified, download_path: &dyn Fn(&LogEntry) -> String) -> Vec<String> {
    let present: std::collections::BTreeSet<&str> = paths.iter().map(String::as_str).collect();
    let mut problems = Vec::new();
    for (index, bytes) in verified.log.entries.iter().enumerate() {
        match LogEntry::decode(bytes) {
            Ok(entry) if present.contains(download_path(&entry).as_str()) => {}
            Ok(entry) => problems.push(format!(
                "log entry {index} ({} {} revision {}): {} is not on the site",
                entry.unit,
                entry.year,
                entry.revision,
                download_path(&entry)
            )),
            Err(e) => problems.push(format!("log entry {index}: {e}")),
        }
    }
    problems
}

fn page(
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
    path: &str,
    proof: &PageProof,
    verified: &Verified,
    key: &Verifier,
) -> Result<(), String> {
    let download = read(path).ok_or_else(|| format!("{path} is missing"))?;
    proof.verify(key, Some(&download)).map_err(|e| format!("{path}: {e}"))?;
    // The revision's page beside its download shows the same entry.
    let page = path.replace("snapshot.json", "index.html");
    if let Some(html) = read(&page) {
        let shown = format!(r#"<span id="log-index">{}</span>"#, proof.index);
        if !String::from_utf8_lossy(&html).contains(&shown) {
            return Err(format!("{page} does not show log entry {}", proof.index));
        }
    }
    let logged = verified.log.entries.get(proof.index as usize);
    if logged.map(|e| e.as_slice()) != Some(proof.entry.as_bytes()) {
        return Err(format!("entry {} is not the log's entry {}", proof.index, proof.index));
    }
    if proof.tree_size > verified.checkpoint.size
        || hex::encode(verified.log.tree.root(proof.tree_size as usize)) != proof.root
    {
        return Err(format!("the page's checkpoint (size {}) is not in the log's history", proof.tree_size));
    }
    Ok(())
}
