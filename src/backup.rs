//! Backup and restore: a store written out as plain files, and rebuilt from them.
//!
//! A dump is a folder of JSON Lines files and a manifest:
//! - `units.jsonl`: one [`UnitRecord`] a line, ordered by code;
//! - `revisions.jsonl`: one [`RevisionLine`] a line (the revision's metadata, its canonical
//!   document exactly as stored, and the SHA-256 of those bytes), by unit, year and number;
//! - `tokens.jsonl`: one [`TokenRecord`] a line (only the hash of a secret is ever stored);
//! - `log.jsonl`: one [`LogLine`] a line: the transparency log's entries in order, each as
//!   written with its leaf hash, then `log-key.jsonl`: the log's signing key, without which a
//!   restored store could not extend the checkpoints readers saved (absent in older dumps);
//! - `manifest.json`: the SHA-256 and line count of each file, written last.
//!
//! Each file is written under a temporary name, synced and renamed, and the manifest only once the
//! others are in place: a folder with a manifest is a complete dump, one without it an interrupted
//! one that the next export overwrites. A complete dump is replaced only when asked to.
//!
//! A restore refuses a dump whose file hashes or line counts differ from the manifest, whose
//! documents do not hash to their revisions' hashes, or whose revisions do not number 1, 2, ...
//! per unit-year, each naming the previous one's hash; and a target folder that holds anything.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::integrity::Sha256;
use crate::store::{Contents, Revision, RevisionMeta, Store, StoreError, TokenRecord, UnitRecord};
use crate::transparency::merkle::leaf_hash;
use crate::transparency::{LogEntry, Signer};

pub const MANIFEST: &str = "manifest.json";
pub const UNITS: &str = "units.jsonl";
pub const REVISIONS: &str = "revisions.jsonl";
pub const TOKENS: &str = "tokens.jsonl";
pub const LOG: &str = "log.jsonl";
pub const LOG_KEY: &str = "log-key.jsonl";
/// What `format` says in a manifest.
const FORMAT: &str = "disclose-dump";
const VERSION: u32 = 1;

/// One line of `revisions.jsonl`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionLine {
    pub meta: RevisionMeta,
    /// SHA-256 of the document's UTF-8 bytes: the revision's hash.
    pub sha256: Sha256,
    /// The canonical document exactly as stored.
    pub document: String,
}

/// One line of `log.jsonl`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogLine {
    pub index: u64,
    /// The entry exactly as logged.
    pub entry: String,
    /// SHA-256(0x00 ‖ entry), hex: its Merkle leaf hash.
    pub leaf_hash: String,
}

/// The line of `log-key.jsonl`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogKeyLine {
    pub key: String,
}

/// `manifest.json`.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub created_at: Timestamp,
    pub files: BTreeMap<String, FileEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    pub sha256: Sha256,
    pub lines: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DumpError {
    #[error("cannot {action} {}", path.display())]
    File {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{} already holds a complete dump; pass --force to replace it", .0.display())]
    Exists(PathBuf),
    #[error("{} is not empty; a dump is imported only into an empty folder", .0.display())]
    NotEmpty(PathBuf),
    /// The dump is damaged or inconsistent: nothing was written.
    #[error("the dump is refused, nothing was imported: {0}")]
    Refused(String),
}

type DumpResult<T> = Result<T, DumpError>;

fn file_error<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> DumpError + 'a {
    move |source| DumpError::File { action, path: path.to_path_buf(), source }
}

fn refused<T>(text: String) -> DumpResult<T> {
    Err(DumpError::Refused(text))
}

/// What an export wrote.
#[derive(Debug)]
pub struct Exported {
    pub units: usize,
    pub revisions: usize,
    pub tokens: usize,
}

/// Writes everything `store` holds into the folder `out` (created if needed).
pub async fn export(store: &dyn Store, out: &Path, force: bool) -> DumpResult<Exported> {
    let manifest_path = out.join(MANIFEST);
    if manifest_path.exists() {
        if !force {
            return Err(DumpError::Exists(out.to_path_buf()));
        }
        // From here the folder is an interrupted dump until the new manifest is in place.
        fs::remove_file(&manifest_path).map_err(file_error("remove", &manifest_path))?;
    }
    fs::create_dir_all(out).map_err(file_error("create", out))?;
    let Gathered { units, revisions, tokens, log, log_key } = gather(store).await?;
    let mut files = BTreeMap::new();
    files.insert(LOG.to_string(), write_lines(out, LOG, &log)?);
    files.insert(LOG_KEY.to_string(), write_lines(out, LOG_KEY, &[LogKeyLine { key: log_key }])?);
    files.insert(UNITS.to_string(), write_lines(out, UNITS, &units)?);
    files.insert(REVISIONS.to_string(), write_lines(out, REVISIONS, &revisions)?);
    files.insert(TOKENS.to_string(), write_lines(out, TOKENS, &tokens)?);
    let manifest = Manifest { format: FORMAT.into(), version: VERSION, created_at: crate::clock::now(), files };
    let mut text = serde_json::to_vec_pretty(&manifest).expect("a manifest always serializes");
    text.push(b'\n');
    write_file(out, MANIFEST, &text)?;
    Ok(Exported { units: units.len(), revisions: revisions.len(), tokens: tokens.len() })
}

/// Everything a store holds, as a dump writes it.
struct Gathered {
    units: Vec<UnitRecord>,
    /// With the hash of each document as read.
    revisions: Vec<RevisionLine>,
    tokens: Vec<TokenRecord>,
    log: Vec<LogLine>,
    log_key: String,
}

impl Gathered {
    /// The records once every document, chain and log entry checks, as a restore takes them.
    fn checked(self) -> DumpResult<Contents> {
        let revisions = check_revisions(self.revisions)?;
        let log = check_log(self.log, &revisions)?;
        let contents = Contents { units: self.units, revisions, tokens: self.tokens, log, log_key: Some(self.log_key) };
        check_references(&contents)?;
        Ok(contents)
    }
}

/// Everything `store` holds: units, revisions, tokens, the transparency log and its key.
async fn gather(store: &dyn Store) -> DumpResult<Gathered> {
    let units = store.units().await?;
    let mut revisions = Vec::new();
    for unit in &units {
        let code = unit.code()?;
        for year in store.years(&code).await? {
            for meta in store.revisions(&code, year.year).await? {
                let revision = store.revision(&code, meta.year, meta.number).await?;
                let missing =
                    || StoreError::Inconsistent(format!("no document for {code} {} #{}", meta.year, meta.number));
                let document = revision.ok_or_else(missing)?.document;
                revisions.push(RevisionLine { sha256: Sha256::of(document.as_bytes()), meta, document });
            }
        }
    }
    let tokens = store.tokens().await?;
    let ledger = crate::ledger::load(store).await?;
    let log: Vec<LogLine> = ledger.log.entries.iter().enumerate().map(|(i, e)| log_line(i as u64, e)).collect();
    Ok(Gathered { units, revisions, tokens, log, log_key: ledger.signer.skey() })
}

/// Copies everything `from` holds, its transparency log and key included, into the empty store
/// `to`, refusing a document that does not hash to its revision's hash, a broken chain or a log
/// entry without its revision (as a restore from a dump does); then reads `to` back and refuses a
/// copy that differs in anything.
pub async fn copy(from: &dyn Store, to: &dyn Store) -> DumpResult<Exported> {
    let contents = gather(from).await?.checked()?;
    to.restore(contents.clone()).await?;
    let copied = gather(to).await?.checked()?;
    if copied != contents {
        return refused("the copy reads back different from the source".into());
    }
    Ok(Exported { units: copied.units.len(), revisions: copied.revisions.len(), tokens: copied.tokens.len() })
}

/// Writes one JSON Lines file and says what the manifest records of it.
fn write_lines<T: Serialize>(out: &Path, name: &str, records: &[T]) -> DumpResult<FileEntry> {
    let mut bytes = Vec::new();
    for record in records {
        serde_json::to_writer(&mut bytes, record).expect("store records always serialize");
        bytes.push(b'\n');
    }
    write_file(out, name, &bytes)?;
    Ok(FileEntry { sha256: Sha256::of(&bytes), lines: records.len() })
}

/// Writes `out/name` whole or not at all: a temporary file, synced, then renamed.
fn write_file(out: &Path, name: &str, bytes: &[u8]) -> DumpResult<()> {
    let temporary = out.join(format!(".{name}.partial"));
    let write = || -> io::Result<()> {
        let mut file = BufWriter::new(File::create(&temporary)?);
        file.write_all(bytes)?;
        file.into_inner().map_err(|e| e.into_error())?.sync_all()
    };
    write().map_err(file_error("write", &temporary))?;
    let path = out.join(name);
    fs::rename(&temporary, &path).map_err(file_error("rename", &path))?;
    // The rename itself is durable once the folder is synced.
    File::open(out).and_then(|dir| dir.sync_all()).map_err(file_error("sync", out))
}

/// Reads and checks the dump in `dump`: every file against the manifest, every document against
/// its hash, every unit-year's chain.
pub fn read(dump: &Path) -> DumpResult<Contents> {
    let manifest_path = dump.join(MANIFEST);
    let text = fs::read(&manifest_path).map_err(file_error("read", &manifest_path))?;
    let manifest: Manifest = match serde_json::from_slice(&text) {
        Ok(manifest) => manifest,
        Err(e) => return refused(format!("{MANIFEST} is not a dump manifest: {e}")),
    };
    if manifest.format != FORMAT || manifest.version != VERSION {
        return refused(format!("{MANIFEST} describes {} version {}", manifest.format, manifest.version));
    }
    let names: BTreeSet<&str> = manifest.files.keys().map(String::as_str).collect();
    let with_log = BTreeSet::from([UNITS, REVISIONS, TOKENS, LOG, LOG_KEY]);
    if names != BTreeSet::from([UNITS, REVISIONS, TOKENS]) && names != with_log {
        return refused(format!(
            "{MANIFEST} lists {names:?}, not {UNITS}, {REVISIONS}, {TOKENS} (and {LOG}, {LOG_KEY})"
        ));
    }
    let units: Vec<UnitRecord> = read_lines(dump, UNITS, &manifest.files[UNITS])?;
    let lines: Vec<RevisionLine> = read_lines(dump, REVISIONS, &manifest.files[REVISIONS])?;
    let tokens: Vec<TokenRecord> = read_lines(dump, TOKENS, &manifest.files[TOKENS])?;
    let mut contents = Contents { units, revisions: check_revisions(lines)?, tokens, ..Contents::default() };
    if names.contains(LOG) {
        let log: Vec<LogLine> = read_lines(dump, LOG, &manifest.files[LOG])?;
        contents.log = check_log(log, &contents.revisions)?;
        let keys: Vec<LogKeyLine> = read_lines(dump, LOG_KEY, &manifest.files[LOG_KEY])?;
        let key = keys.into_iter().next().map(|k| k.key);
        if let Some(Err(e)) = key.as_deref().map(Signer::parse) {
            return refused(format!("{LOG_KEY}: {e}"));
        }
        contents.log_key = key;
    }
    check_references(&contents)?;
    Ok(contents)
}

/// Reads one JSON Lines file that must match its manifest entry.
fn read_lines<T: DeserializeOwned>(dump: &Path, name: &str, entry: &FileEntry) -> DumpResult<Vec<T>> {
    let path = dump.join(name);
    let bytes = fs::read(&path).map_err(file_error("read", &path))?;
    let actual = Sha256::of(&bytes);
    if actual != entry.sha256 {
        return refused(format!("{name} has SHA-256 {actual}, the manifest says {}", entry.sha256));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return refused(format!("{name} is not UTF-8: {e}")),
    };
    let records = text
        .lines()
        .enumerate()
        .map(|(i, line)| serde_json::from_str(line).or_else(|e| refused(format!("{name} line {}: {e}", i + 1))))
        .collect::<DumpResult<Vec<T>>>()?;
    if records.len() != entry.lines {
        return refused(format!("{name} has {} lines, the manifest says {}", records.len(), entry.lines));
    }
    Ok(records)
}

/// The revisions of the dump once each document matches its hash and each unit-year numbers its
/// revisions 1, 2, ... with every one naming its predecessor's hash.
fn check_revisions(lines: Vec<RevisionLine>) -> DumpResult<Vec<Revision>> {
    let mut previous: Option<&RevisionMeta> = None;
    for (i, line) in lines.iter().enumerate() {
        let at = format!("{REVISIONS} line {}", i + 1);
        let meta = &line.meta;
        let actual = Sha256::of(line.document.as_bytes());
        if actual != line.sha256 || actual != meta.hash {
            let (listed, hash) = (&line.sha256, &meta.hash);
            return refused(format!("{at}: the document hashes to {actual}, the line says {listed} and {hash}"));
        }
        check_address(&at, line)?;
        let same_year = previous.filter(|p| p.unit == meta.unit && p.year == meta.year);
        let (expected_number, expected_previous) = match same_year {
            Some(p) => (p.number + 1, Some(&p.hash)),
            None => (1, None),
        };
        if meta.number != expected_number || meta.previous_hash.as_ref() != expected_previous {
            let what = format!("{} {} revision {}", meta.unit, meta.year, meta.number);
            return refused(format!("{at}: the chain is broken at {what} (expected revision {expected_number})"));
        }
        previous = Some(meta);
    }
    Ok(lines.into_iter().map(|line| Revision { meta: line.meta, document: line.document }).collect())
}

fn log_line(index: u64, entry: &[u8]) -> LogLine {
    let leaf_hash = hex::encode(leaf_hash(entry));
    LogLine { index, entry: String::from_utf8_lossy(entry).into_owned(), leaf_hash }
}

/// The log's entries once they are numbered 0, 1, ..., hash to their leaf hashes and each
/// records a published revision of the dump as it is.
fn check_log(lines: Vec<LogLine>, revisions: &[Revision]) -> DumpResult<Vec<Vec<u8>>> {
    let metas: BTreeMap<_, _> =
        revisions.iter().map(|r| ((r.meta.unit.as_str(), r.meta.year, r.meta.number), &r.meta)).collect();
    for (i, line) in lines.iter().enumerate() {
        let at = format!("{LOG} line {}", i + 1);
        if line.index != i as u64 || log_line(line.index, line.entry.as_bytes()).leaf_hash != line.leaf_hash {
            return refused(format!("{at}: not entry {i} with its leaf hash"));
        }
        let entry = match LogEntry::decode(line.entry.as_bytes()) {
            Ok(entry) => entry,
            Err(e) => return refused(format!("{at}: {e}")),
        };
        let meta = metas.get(&(entry.unit.as_str(), entry.year, entry.revision));
        if !meta.is_some_and(|m| m.hash == entry.hash && m.published_at == Some(entry.published_at)) {
            let what = format!("{} {} revision {}", entry.unit, entry.year, entry.revision);
            return refused(format!("{at}: records {what} as {REVISIONS} does not have it"));
        }
    }
    Ok(lines.into_iter().map(|line| line.entry.into_bytes()).collect())
}

/// The unit and year a document states about itself: a revision filed under another address
/// would be served, compared and published as what it is not.
#[derive(Deserialize)]
struct Address {
    unit: AddressUnit,
    year: u16,
}

#[derive(Deserialize)]
struct AddressUnit {
    code: String,
}

/// The document of `line` (at `at`) is of the unit and year its metadata files it under.
fn check_address(at: &str, line: &RevisionLine) -> DumpResult<()> {
    let meta = &line.meta;
    let address: Address = match serde_json::from_str(&line.document) {
        Ok(address) => address,
        Err(e) => return refused(format!("{at}: the document does not state its unit and year: {e}")),
    };
    if address.unit.code != meta.unit.as_str() || address.year != meta.year {
        let (unit, year) = (&address.unit.code, address.year);
        return refused(format!(
            "{at}: the document is of {unit} {year}, the line files it under {} {}",
            meta.unit, meta.year
        ));
    }
    Ok(())
}

/// Every revision's unit is listed once; units, unit-years and tokens are not repeated.
fn check_references(contents: &Contents) -> DumpResult<()> {
    let mut codes = BTreeSet::new();
    for unit in &contents.units {
        if !codes.insert(unit.unit.code.as_str()) {
            return refused(format!("{UNITS} lists {} twice", unit.unit.code));
        }
    }
    let mut years = BTreeSet::new();
    for Revision { meta, .. } in &contents.revisions {
        if !codes.contains(meta.unit.as_str()) {
            return refused(format!("{REVISIONS} has revisions of {}, which {UNITS} does not list", meta.unit));
        }
        if meta.number == 1 && !years.insert((meta.unit.as_str(), meta.year)) {
            return refused(format!("{REVISIONS} starts {} {} twice", meta.unit, meta.year));
        }
    }
    let mut hashes = BTreeSet::new();
    if let Some(token) = contents.tokens.iter().find(|t| !hashes.insert(&t.hash)) {
        return refused(format!("{TOKENS} lists the token {} twice", token.hash));
    }
    Ok(())
}

/// Whether `folder` is absent or holds nothing: the only target a dump is imported into.
pub fn check_empty(folder: &Path) -> DumpResult<()> {
    match fs::read_dir(folder).map(|mut entries| entries.next().is_none()) {
        Ok(true) => Ok(()),
        Ok(false) => Err(DumpError::NotEmpty(folder.to_path_buf())),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(file_error("read", folder)(e)),
    }
}
