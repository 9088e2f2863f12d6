//! The commands around the transparency log: `disclose log key`, `disclose log witness-key`,
//! `disclose witness` and the log part of `disclose verify`. Reads a site from a folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::site::manifest;
use crate::transparency::note::{Signer, Verifier, COSIGNATURE_V1};
use crate::transparency::verify::{self, Trust};
use crate::transparency::witness;

/// Reads site files from the folder `dir` (paths with `/`, never leaving it).
pub fn folder_reader(dir: &Path) -> impl Fn(&str) -> Option<Vec<u8>> + '_ {
    move |path: &str| {
        if path.split('/').any(|p| p.is_empty() || p == "." || p == "..") {
            return None;
        }
        std::fs::read(dir.join(path)).ok()
    }
}

fn verifier(vkey: &str, what: &str) -> Result<Verifier, String> {
    Verifier::parse(vkey).map_err(|e| format!("{what} {vkey:?}: {e}"))
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Checks the log of the site in `dir`: the checkpoint against `key`, cosignatures of
/// `witnesses`, every tile and page proof, and with `since` that the log extends that saved
/// checkpoint. The problems found, each naming what failed.
pub fn verify_site(dir: &Path, key: &str, witnesses: &[String], since: Option<&Path>) -> Result<Vec<String>, String> {
    let key = verifier(key, "the log key")?;
    let witnesses: Vec<Verifier> =
        witnesses.iter().map(|w| verifier(w, "the witness key")).collect::<Result<_, _>>()?;
    let since = since.map(read_text).transpose()?;
    let read = folder_reader(dir);
    let trust = Trust { key: &key, witnesses: &witnesses, since: since.as_deref() };
    let verified = match verify::log(&read, &trust) {
        Ok(verified) => verified,
        Err(problems) => return Ok(problems),
    };
    let paths = manifest::walk(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    Ok(verify::pages(&read, &paths, &verified, &key))
}

/// A new witness key named `name`: the private key line (keep it secret) and its `vkey`.
pub fn new_witness_key(name: &str) -> Result<(String, String), String> {
    let signer = Signer::generate(name, COSIGNATURE_V1).map_err(|e| e.to_string())?;
    Ok((signer.skey(), signer.verifier().vkey()))
}

/// What the witness keeps in its state folder.
pub struct WitnessState {
    pub dir: PathBuf,
}

impl WitnessState {
    /// The log's key: trusted on first use, then held to.
    const LOG_KEY: &'static str = "log.vkey";
    /// The last checkpoint cosigned.
    const CHECKPOINT: &'static str = "checkpoint";
}

/// Runs the witness over the site in `log_dir`: checks it, cosigns its checkpoint, keeps the
/// cosigned checkpoint in `state` and returns it.
pub fn witness(
    log_dir: &Path,
    key_file: &Path,
    state: &Path,
    log_key: Option<&str>,
    now: u64,
) -> Result<String, String> {
    let signer = Signer::parse(&read_text(key_file)?).map_err(|e| format!("{}: {e}", key_file.display()))?;
    if signer.kind != COSIGNATURE_V1 {
        return Err(format!("{}: not a witness (cosignature) key", key_file.display()));
    }
    std::fs::create_dir_all(state).map_err(|e| format!("cannot create {}: {e}", state.display()))?;
    let read = folder_reader(log_dir);
    let known = state.join(WitnessState::LOG_KEY);
    let log_key = match (log_key, known.exists()) {
        (Some(given), _) => given.to_string(),
        (None, true) => read_text(&known)?,
        (None, false) => {
            let served = read("log/vkey").ok_or("the log serves no log/vkey; pass --log-key")?;
            String::from_utf8_lossy(&served).into_owned()
        }
    };
    let log_key = verifier(log_key.trim(), "the log key")?;
    let previous_path = state.join(WitnessState::CHECKPOINT);
    let previous = previous_path.exists().then(|| read_text(&previous_path)).transpose()?;
    let cosigned = witness::cosign(&signer, &log_key, &read, previous.as_deref(), now)
        .map_err(|problems| format!("refusing to cosign: {}", problems.join("; ")))?;
    let write = |path: &Path, text: &str| {
        std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(&known, &format!("{}\n", log_key.vkey()))?;
    write(&previous_path, &cosigned)?;
    Ok(cosigned)
}

/// `disclose verify`: the manifest, and with `key` the log; what failed on stdout, and the exit.
pub fn verify(dir: &Path, key: Option<String>, witnesses: Vec<String>, since: Option<PathBuf>) -> ExitCode {
    let log = match &key {
        Some(key) => verify_site(dir, key, &witnesses, since.as_deref()),
        None => Ok(Vec::new()),
    };
    let both = manifest::verify(dir).and_then(|files| {
        let mut problems: Vec<String> = files.iter().map(ToString::to_string).collect();
        problems.extend(log?);
        Ok(problems)
    });
    match both {
        Ok(problems) if problems.is_empty() => {
            println!("{}: every file matches manifest.json", dir.display());
            if key.is_some() {
                println!("{}: the log's checkpoint, tiles and every page's inclusion proof verify", dir.display());
            }
            ExitCode::SUCCESS
        }
        Ok(problems) => {
            for problem in &problems {
                println!("{problem}");
            }
            eprintln!("{}: {} problem(s)", dir.display(), problems.len());
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Prints a command's text, or its error on stderr with a failing exit.
pub fn text_exit(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(text) => {
            print!("{}", if text.ends_with('\n') { text } else { format!("{text}\n") });
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
