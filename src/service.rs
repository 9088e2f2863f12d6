//! What the application does, independent of how it is called (HTTP or CLI): parse and
//! validate a submission, canonicalize and hash it, store it as the next revision.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::analysis::{self, Finding};
use crate::clock;
use crate::domain::validate::{check_name, is_blank, validate, validate_unit, Problem};
use crate::domain::{Pointer, Snapshot, Unit, UnitCode};
use crate::error::{Error, Result};
use crate::integrity::{canonical_json, Sha256};
use crate::store::{NewRevision, Precondition, Revision, RevisionMeta, Store, UnitRecord, Which};

/// Parses a JSON body into `T`, locating every failure by JSON pointer: syntax errors are
/// `Malformed`, wrong types and unknown fields are `Invalid`.
pub fn parse_json<T: DeserializeOwned + Serialize>(body: &[u8]) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let pointer = json_pointer(e.path());
        from_serde(pointer, e.into_inner())
    })?;
    // Trailing characters after the document.
    de.end().map_err(|e| from_serde(Pointer::root(), e))?;
    objects_only(body, &value)?;
    Ok(value)
}

/// Serde reads a struct from an array of its fields in order (`[{"code": ..}, 2021]` for a
/// snapshot): the API takes objects only. Wherever the body has an array and the parsed value,
/// written back, has an object, the array stood for a struct.
fn objects_only<T: Serialize>(body: &[u8], value: &T) -> Result<()> {
    let (Ok(sent), Ok(read)) = (serde_json::from_slice::<Value>(body), serde_json::to_value(value)) else {
        return Ok(());
    };
    match positional(&sent, &read, Pointer::root()) {
        Some(at) => Err(Error::Invalid(vec![Problem::new(at, "must be an object (members by name), not an array")])),
        None => Ok(()),
    }
}

/// The first place where `sent` has an array and `read` an object.
fn positional(sent: &Value, read: &Value, at: Pointer) -> Option<Pointer> {
    match (sent, read) {
        (Value::Array(_), Value::Object(_)) => Some(at),
        (Value::Array(sent), Value::Array(read)) => {
            sent.iter().zip(read).enumerate().find_map(|(i, (s, r))| positional(s, r, &at / i))
        }
        (Value::Object(sent), Value::Object(read)) => {
            sent.iter().find_map(|(key, s)| read.get(key).and_then(|r| positional(s, r, &at / key.as_str())))
        }
        _ => None,
    }
}

fn from_serde(pointer: Pointer, error: serde_json::Error) -> Error {
    if error.classify() != serde_json::error::Category::Data {
        return Error::Malformed(Problem::new(pointer, error.to_string()));
    }
    // serde_path_to_error's path already ends at an unknown member's own name.
    Error::Invalid(vec![Problem::new(pointer, strip_position(&error.to_string()))])
}

/// At most this many problems are reported for one request; the rest are counted.
const MAX_PROBLEMS: usize = 1000;

fn invalid(mut problems: Vec<Problem>) -> Error {
    if problems.len() > MAX_PROBLEMS {
        let more = problems.len() - MAX_PROBLEMS;
        problems.truncate(MAX_PROBLEMS);
        problems.push(Problem::new("", format!("... and {more} more problems")));
    }
    Error::Invalid(problems)
}

/// Parses and validates a snapshot.
pub fn parse_snapshot(body: &[u8]) -> Result<Snapshot> {
    let snapshot: Snapshot = parse_json(body)?;
    validate(&snapshot).map_err(invalid)?;
    Ok(snapshot)
}

/// Parses and validates a snapshot submitted for `unit` and `year`: a body for another unit
/// or year is one more problem, reported with the others.
pub fn parse_submission(body: &[u8], unit: &str, year: u16) -> Result<Snapshot> {
    let snapshot: Snapshot = parse_json(body)?;
    let mut problems = validate(&snapshot).err().unwrap_or_default();
    if snapshot.unit.code != unit {
        let message = format!("is {:?} but the address names unit {unit:?}", snapshot.unit.code);
        problems.push(Problem::new("/unit/code", message));
    }
    if snapshot.year != year {
        problems.push(Problem::new("/year", format!("is {} but the address names year {year}", snapshot.year)));
    }
    if problems.is_empty() {
        Ok(snapshot)
    } else {
        Err(invalid(problems))
    }
}

/// RFC 6901 pointer of a serde path (`budget.lines[0].amount` -> `/budget/lines/0/amount`).
fn json_pointer(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter().fold(Pointer::root(), |pointer, segment| match segment {
        Segment::Seq { index } => pointer / *index,
        Segment::Map { key } => pointer / key,
        // Externally tagged: the variant is the member name in the JSON.
        Segment::Enum { variant } => pointer / variant,
        Segment::Unknown => pointer,
    })
}

/// Drops serde_json's " at line L column C": the pointer says where.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

pub fn check_note(note: Option<String>) -> Result<Option<String>> {
    match note {
        None => Ok(None),
        Some(note) if is_blank(&note) => Ok(None),
        Some(note) => {
            let mut checked = check_name(&note).map(|_| note.clone());
            if note.chars().count() > 200 {
                checked = Err("must be at most 200 characters".into());
            }
            checked.map(Some).map_err(|m| Error::BadParameter(Problem::new("", format!("note {m}"))))
        }
    }
}

/// The latest revision of a unit-year (or the latest published one), parsed.
pub async fn load(
    store: &dyn Store,
    unit: &UnitCode,
    year: u16,
    which: Which,
) -> Result<Option<(Snapshot, RevisionMeta)>> {
    store.latest(unit, year, which).await?.map(decode).transpose()
}

/// One revision of a unit-year by number, parsed.
pub async fn load_revision(
    store: &dyn Store,
    unit: &UnitCode,
    year: u16,
    number: u32,
) -> Result<Option<(Snapshot, RevisionMeta)>> {
    store.revision(unit, year, number).await?.map(decode).transpose()
}

/// Every year of a unit at or before `until`, parsed, oldest first.
pub async fn load_years(store: &dyn Store, unit: &UnitCode, until: u16, which: Which) -> Result<Vec<Snapshot>> {
    let mut snapshots = Vec::new();
    for entry in store.years(unit).await?.into_iter().filter(|y| y.year <= until) {
        if let Some((snapshot, _)) = load(store, unit, entry.year, which).await? {
            snapshots.push(snapshot);
        }
    }
    Ok(snapshots)
}

/// A validated snapshot's unit code (validation refuses a document whose code is not one).
fn code_of(snapshot: &Snapshot) -> Result<UnitCode> {
    UnitCode::parse(snapshot.unit.code.as_str())
        .map_err(|message| Error::Invalid(vec![Problem::new(Pointer::root() / "unit" / "code", message)]))
}

/// Parses a stored revision (its document was validated on the way in).
pub fn decode(revision: Revision) -> Result<(Snapshot, RevisionMeta)> {
    Ok((revision.snapshot()?, revision.meta))
}

/// The audit findings of a snapshot, against the stored snapshot of the year before (the
/// latest, or the latest published one).
pub async fn audit(store: &dyn Store, snapshot: &Snapshot, prior: Which) -> Result<Vec<Finding>> {
    let prior = match snapshot.year.checked_sub(1) {
        Some(year) => load(store, &code_of(snapshot)?, year, prior).await?,
        None => None,
    };
    Ok(analysis::audit(snapshot, prior.as_ref().map(|(s, _)| s)))
}

/// Stores a validated snapshot as the next revision of its unit-year and returns the audit
/// findings with it. With `strict`, errors and warnings refuse the write instead; with
/// `publish`, the revision is published in the same transaction.
pub async fn submit(
    store: &dyn Store,
    snapshot: Snapshot,
    options: Submission,
) -> Result<(RevisionMeta, Vec<Finding>)> {
    let findings = audit(store, &snapshot, Which::Latest).await?;
    if options.strict && analysis::audit::blocks(&findings) {
        return Err(Error::ChecksFailed(findings));
    }
    let document = canonical_json(&snapshot).map_err(|source| Error::Serialize { what: "snapshot", source })?;
    let hash = Sha256::of(document.as_bytes());
    let revision = NewRevision {
        year: snapshot.year,
        code: code_of(&snapshot)?,
        unit: snapshot.unit,
        document,
        hash,
        note: options.note,
        precondition: options.precondition,
        publish: options.publish,
    };
    Ok((store.append_revision(revision).await?, findings))
}

/// How a submission is to be stored.
#[derive(Debug, Default)]
pub struct Submission {
    pub note: Option<String>,
    pub precondition: Option<Precondition>,
    pub strict: bool,
    pub publish: bool,
}

/// Whether an imported revision is published at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Publish {
    /// In the same transaction that stores it.
    Now,
    /// Not yet: a later `publish` call discloses it.
    Later,
}

/// Imports a snapshot file's contents as the next revision of its unit-year, optionally
/// publishing it: what `disclose import` and the first start with sample data do.
pub async fn import(store: &dyn Store, body: &[u8], note: Option<String>, publish: Publish) -> Result<RevisionMeta> {
    let snapshot = parse_snapshot(body)?;
    let submission = Submission { note, publish: publish == Publish::Now, ..Submission::default() };
    let (meta, _) = submit(store, snapshot, submission).await?;
    Ok(meta)
}

/// Creates or updates a unit's metadata after validating it.
pub async fn put_unit(store: &dyn Store, code: &str, body: &[u8]) -> Result<(UnitRecord, bool)> {
    let unit: Unit = parse_json(body)?;
    let mut problems = validate_unit(&unit).err().unwrap_or_default();
    if unit.code != code {
        problems.push(Problem::new("/code", format!("is {:?} but the address names unit {code:?}", unit.code)));
    }
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    Ok(store.put_unit(unit, clock::now()).await?)
}
