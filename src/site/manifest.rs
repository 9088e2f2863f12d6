//! The integrity manifest: every file of the built site with its SHA-256 and size, and a root
//! hash over the list, so that anyone can check a copy of the site.
//!
//! The root hash is the SHA-256 of the lines `"<sha256>  <size>  <path>\n"`, one per file,
//! sorted by path (byte order). `manifest.json` itself is not listed. The format carries a
//! version, so signatures and a publication log can be added beside `root` later.
//!
//! Since `disclose-manifest/2`, each unit's folder has a manifest of its own,
//! `<unit>/manifest.json`, in the same format, listing the unit's files (paths from the site's
//! root); the site's manifest lists it like any file. The root hash thus covers every file
//! through the unit's manifest's hash (a tree of two levels), and a publication rewrites one
//! unit's manifest and a list with one line per unit, not one line per file of the site.
//!
//! Since `disclose-manifest/3`, a site of more than 100 units lists its units' manifests in
//! groups, one per page of the directory (`units/<page>/manifest.json`, see `directory`): the
//! site's manifest lists the groups, and a group lists the manifests of the units on its page
//! (`<unit>/manifest.json`) and nothing else. A tree of three levels: a publication rewrites its
//! unit's manifest, its group (and the one before, when the unit starts a page) and a site list
//! of one line per group.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::directory::FOLDER;
use super::precompress;
use crate::integrity::sha256_hex;

pub const FILE: &str = "manifest.json";
pub const FORMAT: &str = "disclose-manifest/3";

/// Whether a listed path is the manifest of a folder (`<folder>/manifest.json`), whose own
/// list is checked too.
pub fn is_nested(path: &str) -> bool {
    path.rsplit_once('/').is_some_and(|(_, name)| name == FILE)
}

/// Whether a listed path is a group of units' manifests (`units/<page>/manifest.json`).
pub fn is_group(path: &str) -> bool {
    path.strip_prefix(FOLDER)
        .and_then(|rest| rest.strip_prefix('/'))
        .and_then(|rest| rest.strip_suffix(FILE))
        .is_some_and(|page| page.strip_suffix('/').is_some_and(|p| !p.is_empty() && !p.contains('/')))
}

/// Whether a listed path is a unit's manifest (`<unit>/manifest.json`).
pub fn is_unit_manifest(path: &str) -> bool {
    unit_of(path).is_some()
}

/// The unit whose manifest `path` is: `<unit>/manifest.json` → `<unit>`.
pub fn unit_of(path: &str) -> Option<&str> {
    let unit = path.strip_suffix(FILE)?.strip_suffix('/')?;
    (!unit.is_empty() && !unit.contains('/') && unit != FOLDER).then_some(unit)
}

/// The group's name: `units/<page>/manifest.json` → `<page>`.
pub fn group_of(path: &str) -> Option<&str> {
    is_group(path).then(|| &path[FOLDER.len() + 1..path.len() - FILE.len() - 1])
}

/// The group of the directory's page `page`.
pub fn group_path(page: &str) -> String {
    format!("{FOLDER}/{page}/{FILE}")
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub algorithm: String,
    /// SHA-256 over the sorted list of entries (see the module documentation).
    pub root: String,
    pub files: Vec<Entry>,
}

impl Manifest {
    pub fn from_entries(mut files: Vec<Entry>) -> Manifest {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        Manifest { format: FORMAT.into(), algorithm: "sha256".into(), root: root_hash(&files), files }
    }

    pub fn of_files(files: &BTreeMap<String, Vec<u8>>) -> Manifest {
        Manifest::from_entries(files.iter().map(|(path, bytes)| entry(path, bytes)).collect())
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("manifests serialize");
        bytes.push(b'\n');
        bytes
    }
}

pub fn entry(path: &str, bytes: &[u8]) -> Entry {
    Entry { path: path.to_string(), sha256: sha256_hex(bytes), size: bytes.len() as u64 }
}

pub fn root_hash(files: &[Entry]) -> String {
    let listing: String = files.iter().map(|e| format!("{}  {}  {}\n", e.sha256, e.size, e.path)).collect();
    sha256_hex(listing.as_bytes())
}

/// What `verify` found wrong with a copy of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Missing(String),
    Extra(String),
    Altered(String),
    /// The manifest's own root hash does not match its list: the manifest was edited.
    RootMismatch,
    Unreadable(String),
}

impl Problem {
    /// The path the problem is about ("" for the site's manifest itself).
    fn path(&self) -> &str {
        match self {
            Problem::Missing(p) | Problem::Extra(p) | Problem::Altered(p) | Problem::Unreadable(p) => p,
            Problem::RootMismatch => "",
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Missing(p) => write!(f, "missing: {p}"),
            Problem::Extra(p) => write!(f, "extra (not in the manifest): {p}"),
            Problem::Altered(p) => write!(f, "altered: {p}"),
            Problem::RootMismatch => write!(f, "the manifest's root hash does not match its list of files"),
            Problem::Unreadable(p) => write!(f, "unreadable or outside the folder: {p}"),
        }
    }
}

/// Every file under `dir` (relative paths with `/`), except the manifest.
pub fn walk(dir: &Path) -> std::io::Result<Vec<String>> {
    fn visit(base: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                visit(base, &path, out)?;
            } else {
                let relative = path.strip_prefix(base).expect("inside the base");
                let parts: Vec<String> =
                    relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                out.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    visit(dir, dir, &mut out)?;
    out.retain(|p| p != FILE);
    out.sort();
    Ok(out)
}

/// Every file of the site in `dir` as its manifests list them: the site's manifest's entries
/// and those of every folder's manifest it lists, sorted by path.
pub fn all_entries(dir: &Path) -> Result<Vec<Entry>, String> {
    let mut all = Vec::new();
    let mut manifests = vec![read(dir, FILE)?];
    while let Some(manifest) = manifests.pop() {
        for entry in manifest.files {
            if is_nested(&entry.path) {
                manifests.push(read(dir, &entry.path)?);
            }
            all.push(entry);
        }
    }
    all.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(all)
}

fn read(dir: &Path, path: &str) -> Result<Manifest, String> {
    let text = std::fs::read(dir.join(path)).map_err(|e| format!("cannot read {}: {e}", dir.join(path).display()))?;
    serde_json::from_slice(&text).map_err(|e| format!("{path} is not a manifest: {e}"))
}

/// What a manifest may list: the files of a folder (the site's root is the folder ""), or, a
/// group, units' manifests.
#[derive(Clone)]
enum Scope {
    Folder(String),
    Units,
}

/// Whether a listed path stays inside the site (no absolute path, no `..`) and inside what its
/// manifest may list.
fn inside(path: &str, scope: &Scope) -> bool {
    let safe = !path.is_empty()
        && !path.starts_with('/')
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != "..");
    safe && match scope {
        Scope::Folder(folder) => path.starts_with(folder.as_str()),
        Scope::Units => is_unit_manifest(path),
    }
}

/// Checks every file of the site in `dir` against its manifest (and the folders' manifests it
/// lists), and every compressed copy against the file it copies.
pub fn verify(dir: &Path) -> Result<Vec<Problem>, String> {
    verify_counted(dir).map(|(problems, _)| problems)
}

/// `verify`, with the number of files the manifests list (read on the way, not again).
pub fn verify_counted(dir: &Path) -> Result<(Vec<Problem>, usize), String> {
    let text = std::fs::read(dir.join(FILE)).map_err(|e| format!("cannot read {}: {e}", dir.join(FILE).display()))?;
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|e| format!("{FILE} is not a manifest: {e}"))?;
    let mut problems = Vec::new();
    if root_hash(&manifest.files) != manifest.root {
        problems.push(Problem::RootMismatch);
    }
    let mut listed: BTreeMap<String, String> = BTreeMap::new();
    // Folders whose manifest is altered or missing: what is in them is not listed by anything
    // trustworthy, and is not reported file by file. Likewise the units of a group that is.
    let mut unchecked: Vec<String> = Vec::new();
    let mut unchecked_group = false;
    let mut pending = vec![(Scope::Folder(String::new()), manifest.files)];
    while let Some((scope, files)) = pending.pop() {
        for e in files {
            if !inside(&e.path, &scope) {
                problems.push(Problem::Unreadable(e.path.clone()));
                continue;
            }
            let sub = match is_group(&e.path) {
                true => Some(Scope::Units),
                false => is_nested(&e.path).then(|| Scope::Folder(e.path[..e.path.len() - FILE.len()].to_string())),
            };
            let problem = match std::fs::read(dir.join(&e.path)) {
                Ok(bytes) if bytes.len() as u64 == e.size && sha256_hex(&bytes) == e.sha256 => match &sub {
                    // A folder's manifest matching its hash was written so: its own root hash
                    // must match its list too, or it was made by hand.
                    Some(sub) => match serde_json::from_slice::<Manifest>(&bytes) {
                        Ok(nested) if root_hash(&nested.files) == nested.root => {
                            pending.push((sub.clone(), nested.files));
                            None
                        }
                        _ => Some(Problem::Altered(e.path.clone())),
                    },
                    None => None,
                },
                Ok(_) => Some(Problem::Altered(e.path.clone())),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => Some(Problem::Missing(e.path.clone())),
                Err(_) => Some(Problem::Unreadable(e.path.clone())),
            };
            if let Some(problem) = problem {
                problems.push(problem);
                match sub {
                    Some(Scope::Folder(folder)) => unchecked.push(folder),
                    Some(Scope::Units) => unchecked_group = true,
                    None => {}
                }
            }
            listed.insert(e.path, e.sha256);
        }
    }
    // Folders' manifests are read as they come: the problems go in the order of their paths.
    problems.sort_by(|a, b| a.path().cmp(b.path()));
    let present = walk(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let manifest_hash = sha256_hex(&text);
    let hash_of = |p: &str| if p == FILE { Some(manifest_hash.as_str()) } else { listed.get(p).map(String::as_str) };
    // A unit a group would list: a folder with a manifest that nothing lists.
    let unit_of_group = |p: &str| {
        p.split_once('/').is_some_and(|(unit, _)| {
            let own = format!("{unit}/{FILE}");
            is_unit_manifest(&own) && !listed.contains_key(&own) && dir.join(&own).is_file()
        })
    };
    let covered = |p: &str| {
        listed.contains_key(p)
            || unchecked.iter().any(|f| p.starts_with(f.as_str()))
            || (unchecked_group && unit_of_group(p))
    };
    let unlisted = |p: &String| !covered(p);
    for path in present.into_iter().filter(unlisted) {
        // Not listed: only a compressed copy of a listed file (or of the manifest) may be there,
        // decoding to the bytes the manifest gives.
        let plain = precompress::plain_of(&path);
        let expected = plain.and_then(|(p, _)| hash_of(p));
        match (plain, expected) {
            (Some((_, suffix)), Some(expected)) => {
                let decoded = std::fs::read(dir.join(&path)).ok().and_then(|b| precompress::decode(suffix, &b));
                if decoded.is_none_or(|d| sha256_hex(&d) != expected) {
                    problems.push(Problem::Altered(path));
                }
            }
            _ => problems.push(Problem::Extra(path)),
        }
    }
    Ok((problems, listed.len()))
}
