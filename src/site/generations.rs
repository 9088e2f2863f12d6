//! The atomic switch of the whole site: every build puts a folder `generations/<n>` together
//! beside `public` (a full build from nothing, a publication from the generation before the
//! current one, renamed and brought up to date: `recycle`), complete with its manifest, then
//! flips the one symlink `public` → `generations/<n>` with a rename. A reader, or a copy taken at
//! any moment, sees one whole generation; a build cut short leaves a folder `public` never
//! pointed at, removed by the next flip. The generation before the current one is kept until
//! the next publication, for readers still inside it.
//!
//! The units' folders and the revisions' own folders are written once and linked (`sealed`).

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use super::error::Result;
use super::manifest::Entry;
use super::sealed::{self, Placement};
use super::{io, precompress, remove_dir, write_file};
use crate::integrity::sha256_hex;

pub const FOLDER: &str = "generations";

/// The generation folders under `root` by number.
fn numbers(root: &Path) -> Result<Vec<u64>> {
    let folder = root.join(FOLDER);
    let entries = match std::fs::read_dir(&folder) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io("list", &folder, e)),
    };
    let mut numbers = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io("list", &folder, e))?;
        numbers.extend(entry.file_name().to_str().and_then(|name| name.parse::<u64>().ok()));
    }
    Ok(numbers)
}

/// A fresh, empty folder for the next generation, numbered after every existing one (a folder
/// left half-written is never reused).
pub fn next(root: &Path) -> Result<PathBuf> {
    let number = numbers(root)?.into_iter().max().unwrap_or(0) + 1;
    let folder = root.join(FOLDER).join(number.to_string());
    remove_dir(&folder)?;
    std::fs::create_dir_all(&folder).map_err(|e| io("create", &folder, e))?;
    Ok(folder)
}

/// Every generation folder there is (after a flip: the current one and the one before).
pub fn folders(root: &Path) -> Result<Vec<PathBuf>> {
    Ok(numbers(root)?.into_iter().map(|n| root.join(FOLDER).join(n.to_string())).collect())
}

/// The generation `public` points at, if it is a symlink to one.
pub fn current(root: &Path) -> Option<u64> {
    let target = std::fs::read_link(root.join("public")).ok()?;
    target.strip_prefix(FOLDER).ok()?.to_str()?.parse().ok()
}

/// Hard-links the file at `path` of the previous generation to `to` (a copy where the file
/// system has no links: files are only ever replaced by rename, never written in place), with
/// its compressed copies. `false` when the file is not there.
fn link(previous: &Path, path: &str, to: &Path, size: u64) -> Result<bool> {
    let from = previous.join(path);
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
    }
    if std::fs::hard_link(&from, to).is_err() {
        match std::fs::copy(&from, to) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(io("copy", &from, e)),
            Ok(_) => {}
        }
    }
    if precompress::worth(path, size as usize) {
        for suffix in precompress::SUFFIXES {
            let from = previous.join(format!("{path}{suffix}"));
            let mut copy = to.as_os_str().to_owned();
            copy.push(suffix);
            // A copy not worth keeping was never written.
            if std::fs::hard_link(&from, &copy).is_err() && from.exists() {
                std::fs::copy(&from, &copy).map_err(|e| io("copy", &from, e))?;
            }
        }
    }
    Ok(true)
}

/// Carries the files of the previous generation `listed` (its manifest's entries) into the new
/// one, except those `skip` refuses: a unit not rebuilt by its one link, a revision's folder by
/// its one link, other files by a hard link each.
pub fn carry_over(previous: &Path, to: &Placement, listed: &[Entry], skip: impl Fn(&Entry) -> bool) -> Result<()> {
    // Each folder met, looked at once: a link is carried once; the files of a real folder
    // (`data/`, `log/`, or any folder of a generation of an older layout) one by one.
    let mut is_link: BTreeMap<&str, bool> = BTreeMap::new();
    for entry in listed.iter().filter(|e| !skip(e)) {
        let unit = entry.path.split_once('/').map(|(unit, _)| unit).filter(|unit| !to.rebuilds(unit));
        if let Some(folder) = unit.or_else(|| sealed::sealed_folder(&entry.path)) {
            let carried = match is_link.get(folder) {
                Some(known) => *known,
                None => {
                    let link = sealed::carry_if_link(&previous.join(folder), &to.place(folder))?;
                    is_link.insert(folder, link);
                    link
                }
            };
            if carried {
                continue;
            }
        }
        link(previous, &entry.path, &to.place(&entry.path), entry.size)?;
    }
    Ok(())
}

/// The generation before the current one (`before`, complete: `public` pointed at it), renamed
/// to be the next one. A publication then changes in it only what differs (`prune`, then carry
/// what changed since), instead of linking every unit into an empty folder: a big site's
/// publication costs the file system what it changes, not one link per unit. Readers still
/// inside `before` lose it now rather than at the next flip.
pub fn recycle(root: &Path, before: &Path) -> Result<PathBuf> {
    let number = numbers(root)?.into_iter().max().unwrap_or(0) + 1;
    let folder = root.join(FOLDER).join(number.to_string());
    std::fs::rename(before, &folder).map_err(|e| io("move", before, e))?;
    Ok(folder)
}

/// The generation numbered just below the current one, if it is there: the one before, kept
/// for its readers until the next publication (a folder cut short is numbered above the current
/// one, and removed by the next flip).
pub fn before(root: &Path) -> Option<PathBuf> {
    let current = current(root)?;
    let below = numbers(root).ok()?.into_iter().filter(|n| *n < current).max()?;
    Some(root.join(FOLDER).join(below.to_string()))
}

/// Removes from the recycled generation `folder`, which `listed` lists, every entry that `keep`
/// refuses (a unit by its link, any other file with its compressed copies), and the manifest:
/// what remains is what the next generation has as it is.
pub fn prune(folder: &Path, listed: &[Entry], keep: impl Fn(&Entry) -> bool) -> Result<()> {
    let remove = |path: &Path| match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io("remove", path, e)),
        _ => Ok(()),
    };
    let remove_with_copies = |path: &str| {
        remove(&folder.join(path))?;
        precompress::SUFFIXES.iter().try_for_each(|suffix| remove(&folder.join(format!("{path}{suffix}"))))
    };
    for entry in listed.iter().filter(|e| !keep(e)) {
        // A unit is listed by its manifest and linked as a whole.
        match super::manifest::unit_of(&entry.path) {
            Some(unit) => remove(&folder.join(unit))?,
            None => remove_with_copies(&entry.path)?,
        }
    }
    remove_with_copies(super::manifest::FILE)
}

/// Whether a build may use what is already on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// Link a file whose bytes the previous generation lists, and a sealed revision folder.
    Unchanged,
    /// Write everything (the site on disk failed to verify): a sealed folder is replaced.
    Nothing,
}

/// Writes `files` into the new generation with their compressed copies, and returns how many
/// were written. A file the previous generation already has with the same bytes (by its
/// manifest) is linked from there, copies included; a revision's folder whose sealed copy
/// exists is linked to it: a permanent file is written and compressed once. `previous` is the
/// previous generation's folder, `listed` the lists of its manifests that may name the files
/// (each sorted by path).
pub fn write_files(
    to: &Placement,
    files: &BTreeMap<String, Vec<u8>>,
    previous: Option<&Path>,
    listed: &[&[Entry]],
    reuse: Reuse,
) -> Result<usize> {
    // Manifests list their files sorted by path: found by bisection (in the site's list or the
    // unit's), without indexing all of them for each unit of a full build.
    let known = |path: &str| {
        listed.iter().find_map(|files| files.binary_search_by(|e| e.path.as_str().cmp(path)).ok().map(|i| &files[i]))
    };
    let mut folders: BTreeMap<&str, Vec<(&str, &[u8])>> = BTreeMap::new();
    let mut to_write: Vec<(PathBuf, &str, &[u8])> = Vec::new();
    for (path, bytes) in files {
        if let Some(folder) = sealed::sealed_folder(path) {
            folders.entry(folder).or_default().push((&path[folder.len() + 1..], bytes));
            continue;
        }
        let same = known(path).filter(|e| e.size == bytes.len() as u64 && e.sha256 == sha256_hex(bytes));
        let linked = match (same, previous) {
            (Some(e), Some(dir)) => link(dir, path, &to.place(path), e.size)?,
            _ => false,
        };
        if !linked {
            to_write.push((to.place(path), path.as_str(), bytes.as_slice()));
        }
    }
    // Each new sealed folder is written under a temporary name, then renamed whole.
    let mut sealed = Vec::new();
    for (folder, files) in &folders {
        let target = sealed::sealed_path(to.root(), folder, files);
        let unfinished = (reuse == Reuse::Nothing || !target.is_dir()).then(|| {
            let mut name = target.as_os_str().to_owned();
            name.push(format!(".tmp-{}", std::process::id()));
            PathBuf::from(name)
        });
        if let Some(tmp) = &unfinished {
            remove_dir(tmp)?;
            to_write.extend(files.iter().map(|(name, bytes)| (tmp.join(name), *name, *bytes)));
        }
        sealed.push((*folder, target, unfinished));
    }
    // Compressing is the costly part of a full build: spread it over the cores.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(to_write.len().max(1));
    let chunk = to_write.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = to_write
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || -> Result<()> {
                    part.iter().try_for_each(|(at, path, bytes)| write_with_copies_at(at, path, bytes))
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| w.join().expect("a writer does not panic"))
    })?;
    for (folder, target, unfinished) in sealed {
        if let Some(tmp) = unfinished {
            if target.is_dir() {
                // A folder cannot be renamed over another: the old one goes to the trash.
                super::discard(to.root(), &target)?;
            }
            std::fs::rename(&tmp, &target).map_err(|e| io("replace", &target, e))?;
        }
        to.link_sealed(folder, &target)?;
    }
    Ok(to_write.len())
}

/// Writes a file into a generation with its compressed copies.
pub fn write_with_copies(folder: &Path, path: &str, bytes: &[u8]) -> Result<()> {
    write_with_copies_at(&folder.join(path), path, bytes)
}

/// Writes the file `path` of the site at `at` with its compressed copies beside it.
fn write_with_copies_at(at: &Path, path: &str, bytes: &[u8]) -> Result<()> {
    write_file(at, bytes)?;
    for (suffix, copy) in precompress::variants(path, bytes) {
        let mut beside = at.as_os_str().to_owned();
        beside.push(suffix);
        write_file(Path::new(&beside), &copy)?;
    }
    Ok(())
}

/// Points `public` at the complete generation `fresh` in one rename, then removes every
/// generation but it and the one before. A `public` folder of an older layout is moved aside.
pub fn flip(root: &Path, fresh: &Path) -> Result<()> {
    let public = root.join("public");
    let name = fresh.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
    let before = current(root);
    if public.is_dir() && std::fs::symlink_metadata(&public).is_ok_and(|m| !m.file_type().is_symlink()) {
        let aside = root.join(FOLDER).join(format!("{name}.layout"));
        std::fs::rename(&public, &aside).map_err(|e| io("move", &public, e))?;
    }
    let link = root.join("public.disclose-new");
    let _ = std::fs::remove_file(&link);
    super::symlink(&Path::new(FOLDER).join(&name), &link).map_err(|e| io("link", &link, e))?;
    std::fs::rename(&link, &public).map_err(|e| io("replace", &public, e))?;
    let keep = [Some(name), before.map(|n| n.to_string())];
    let kept = |entry: &str| keep.iter().flatten().any(|k| entry == k);
    let folder = root.join(FOLDER);
    for entry in std::fs::read_dir(&folder).map_err(|e| io("list", &folder, e))? {
        let entry = entry.map_err(|e| io("list", &folder, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !kept(&name) {
            super::discard(root, &entry.path())?;
        }
    }
    super::empty_trash(root);
    Ok(())
}
