//! The commands around the transparency log: `disclose log key`, `disclose log witness-key`,
//! `disclose witness` and the log part of `disclose verify`. Reads a site from a folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::site::manifest;
use crate::transparency::note::{Signer, Verifier, COSIGNATURE_V1};
use crate::transparency::verify::{self, Trust};
use crate::transparency::witness;
use crate::transparency::LogEntry;

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
    // Where the site puts a revision's download (site::pages).
    let download = |e: &LogEntry| format!("{}/{}/r{}/snapshot.json", e.unit, e.year, e.revision);
    Ok(verify::pages(&read, &paths, &verified, &key, &download))
}

/// A new witness key named `name`: the private key line (keep it secret) and its `vkey`.
pub fn new_witness_key(name: &str) -> Result<(String, String), String> {
    let signer = Signer::generate(name, COSIGNATURE_V1).map_err(|e| e.to_string())?;
    Ok((signer.skey(), signer.verifier().vkey()))
}

/// In the witness's state folder: the log's key, trusted on first use and then held to.
const STATE_LOG_KEY: &str = "log.vkey";
/// In the witness's state folder: the last checkpoint cosigned.
const STATE_CHECKPOINT: &str = "checkpoint";

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
    let known = state.join(STATE_LOG_KEY);
    let log_key = match (log_key, known.exists()) {
        (Some(given), _) => given.to_string(),
        (None, true) => read_text(&known)?,
        (None, false) => {
            let served = read("log/vkey").ok_or("the log serves no log/vkey; pass --log-key")?;
            String::from_utf8_lossy(&served).into_owned()
        }
    };
    let log_key = verifier(log_key.trim(), "the log key")?;
    let previous_path = state.join(STATE_CHECKPOINT);
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
/// `shown` names the site in what is printed (the folder, or the URL it was downloaded from).
pub fn verify(
    dir: &Path,
    shown: &str,
    key: Option<String>,
    witnesses: Vec<String>,
    since: Option<PathBuf>,
) -> ExitCode {
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
            println!("{shown}: every file matches manifest.json");
            if key.is_some() {
                println!("{shown}: the log's checkpoint, tiles and every page's inclusion proof verify");
            }
            ExitCode::SUCCESS
        }
        Ok(problems) => {
            for problem in &problems {
                println!("{problem}");
            }
            eprintln!("{shown}: {} problem(s)", problems.len());
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

/// Downloads the site served at `url` into `dir`: its `manifest.json` and every file it lists
/// (through the units' manifests),
/// so that a served site is checked exactly as a folder is. Plain HTTP only (no TLS stack); for
/// an HTTPS site, mirror it first (`wget -m`) and check the folder.
pub async fn mirror(url: &str, dir: &Path) -> Result<(), String> {
    let base = url.trim_end_matches('/');
    let client = awc::Client::builder().timeout(std::time::Duration::from_secs(60)).finish();
    let get = |path: String| {
        let client = client.clone();
        let url = format!("{base}/{path}");
        async move {
            let mut response = client.get(&url).send().await.map_err(|e| format!("GET {url}: {e}"))?;
            if !response.status().is_success() {
                return Err(format!("GET {url}: {}", response.status()));
            }
            let body = response.body().limit(64 << 20).await.map_err(|e| format!("GET {url}: {e}"))?;
            Ok::<_, String>(body.to_vec())
        }
    };
    let manifest_bytes = get(manifest::FILE.to_string()).await?;
    let listed: manifest::Manifest =
        serde_json::from_slice(&manifest_bytes).map_err(|e| format!("{base}/{}: {e}", manifest::FILE))?;
    let write = |path: &str, bytes: &[u8]| -> Result<(), String> {
        if path.split('/').any(|p| p.is_empty() || p == "." || p == "..") {
            return Err(format!("the manifest lists {path:?}, which is not a path inside the site"));
        }
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().unwrap_or(dir)).map_err(|e| format!("{}: {e}", dir.display()))?;
        std::fs::write(&target, bytes).map_err(|e| format!("{}: {e}", target.display()))
    };
    write(manifest::FILE, &manifest_bytes)?;
    // A folder's manifest (`<unit>/manifest.json`) lists that folder's files: they are fetched
    // too.
    let mut pending = listed.files;
    let mut fetched = std::collections::BTreeSet::new();
    while let Some(entry) = pending.pop() {
        // A manifest listing itself (or another listed twice) is fetched once.
        if !fetched.insert(entry.path.clone()) {
            continue;
        }
        let bytes = get(entry.path.clone()).await?;
        write(&entry.path, &bytes)?;
        if manifest::is_nested(&entry.path) {
            let nested: manifest::Manifest =
                serde_json::from_slice(&bytes).map_err(|e| format!("{base}/{}: {e}", entry.path))?;
            pending.extend(nested.files);
        }
    }
    Ok(())
}

/// The folder to check for `source`: itself, or a fresh download of the site it addresses.
pub async fn local(source: &str) -> Result<(PathBuf, Option<tempfile_dir::Dir>), String> {
    if !(source.starts_with("http://") || source.starts_with("https://")) {
        return Ok((PathBuf::from(source), None));
    }
    let dir = tempfile_dir::Dir::new()?;
    mirror(source, dir.path()).await?;
    Ok((dir.path().to_path_buf(), Some(dir)))
}

/// A temporary folder removed on drop (tempfile is only a dev-dependency).
pub mod tempfile_dir {
    use std::path::{Path, PathBuf};

    pub struct Dir(PathBuf);

    impl Dir {
        pub fn new() -> Result<Dir, String> {
            let mut bytes = [0u8; 8];
            getrandom::fill(&mut bytes).map_err(|e| e.to_string())?;
            let path = std::env::temp_dir().join(format!("disclose-mirror-{}", hex::encode(bytes)));
            std::fs::create_dir(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(Dir(path))
        }

        pub fn path(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}
