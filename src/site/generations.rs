//! The atomic switch of the whole site: every build writes a new folder `generations/<n>` beside
//! `public`, complete with its manifest, then flips the one symlink `public` → `generations/<n>`
//! with a rename. A reader, or a copy taken at any moment, sees one whole generation; a build cut
//! short leaves a folder `public` never pointed at, removed by the next build. The generation
//! before the current one is kept until the next flip, for readers still inside it.
//!
//! A revision's own folder (`<unit>/<year>/r<n>/`) never changes once written: it is written once
//! under `sealed/`, named with a hash of its files, and each generation holds one symlink to it.
//! So a publication carries an earlier revision over with one link, not one per file, and
//! what it costs does not grow with the revisions before it. (Copy a generation with
//! `cp -rL`, which follows the links.)

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use super::error::Result;
use super::manifest::{Entry, Manifest};
use super::{io, precompress, record, remove_dir, write_file};
use crate::integrity::sha256_hex;

pub const FOLDER: &str = "generations";
/// Where the revisions' own folders are kept, each once per content.
pub const SEALED: &str = "sealed";
/// Where generations no longer needed wait to be removed.
const TRASH: &str = "trash";

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
    let _ = std::fs::remove_file(record::path_of(&folder));
    std::fs::create_dir_all(&folder).map_err(|e| io("create", &folder, e))?;
    Ok(folder)
}

/// The generation `public` points at, if it is a symlink to one.
pub fn current(root: &Path) -> Option<u64> {
    let target = std::fs::read_link(root.join("public")).ok()?;
    target.strip_prefix(FOLDER).ok()?.to_str()?.parse().ok()
}

/// Hard-links a file of the previous generation into `fresh` (a copy where the file system has
/// no links: files are only ever replaced by rename, never written in place), with its
/// compressed copies. `false` when the file is not there.
fn link(previous: &Path, fresh: &Path, path: &str, size: u64) -> Result<bool> {
    let (from, to) = (previous.join(path), fresh.join(path));
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
    }
    if std::fs::hard_link(&from, &to).is_err() {
        match std::fs::copy(&from, &to) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(io("copy", &from, e)),
            Ok(_) => {}
        }
    }
    if precompress::worth(path, size as usize) {
        for suffix in precompress::SUFFIXES {
            let (from, to) = (previous.join(format!("{path}{suffix}")), fresh.join(format!("{path}{suffix}")));
            // A copy not worth keeping was never written.
            if std::fs::hard_link(&from, &to).is_err() && from.exists() {
                std::fs::copy(&from, &to).map_err(|e| io("copy", &from, e))?;
            }
        }
    }
    Ok(true)
}

/// The revision's own folder a path of the site is in (`"<unit>/<year>/r<n>"`), if any: what
/// never changes once written.
pub fn sealed_folder(path: &str) -> Option<&str> {
    let mut slashes = path.match_indices('/').map(|(i, _)| i);
    let (unit, year, revision) = (slashes.next()?, slashes.next()?, slashes.next()?);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let sealed =
        unit > 0 && digits(&path[unit + 1..year]) && path[year + 1..revision].strip_prefix('r').is_some_and(digits);
    sealed.then(|| &path[..revision])
}

/// Links `folder` of generation `fresh` to its sealed copy `target`, given relative to the
/// folder's parent (the site root can move).
fn link_sealed(fresh: &Path, folder: &str, target: &Path) -> Result<()> {
    let at = fresh.join(folder);
    if let Some(parent) = at.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
    }
    symlink(target, &at).map_err(|e| io("link", &at, e))
}

/// Where the link of `folder` in a generation points to reach `sealed` (a folder under the root).
fn relative_target(root: &Path, folder: &str, sealed: &Path) -> PathBuf {
    // From `<root>/generations/<n>/<unit>/<year>/`: up to the root.
    let up = 2 + folder.matches('/').count();
    let mut target: PathBuf = std::iter::repeat_n("..", up).collect();
    target.push(sealed.strip_prefix(root).unwrap_or(sealed));
    target
}

/// Carries the files of the previous generation `listed` (its manifest's entries) into `fresh`,
/// except those `skip` refuses: a revision's folder by its one link, other files by a hard link
/// each.
pub fn carry_over(previous: &Path, fresh: &Path, listed: &[Entry], skip: impl Fn(&str) -> bool) -> Result<()> {
    let mut sealed = std::collections::BTreeSet::new();
    for entry in listed.iter().filter(|e| !skip(&e.path)) {
        if let Some(folder) = sealed_folder(&entry.path) {
            if sealed.contains(folder) {
                continue;
            }
            // The previous generation's symlink itself is hard-linked (`link` does not follow
            // it): no new inode, which the file system makes costly to allocate right after the
            // last generation's removal freed many. A generation of the older layout holds the
            // folder itself: its files are linked one by one.
            let (from, to) = (previous.join(folder), fresh.join(folder));
            if std::fs::symlink_metadata(&from).is_ok_and(|m| m.file_type().is_symlink()) {
                if let Some(parent) = to.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
                }
                if std::fs::hard_link(&from, &to).is_err() {
                    let target = std::fs::read_link(&from).map_err(|e| io("read", &from, e))?;
                    link_sealed(fresh, folder, &target)?;
                }
                sealed.insert(folder);
                continue;
            }
        }
        link(previous, fresh, &entry.path, entry.size)?;
    }
    Ok(())
}

/// The sealed copy of a revision's folder with these files (name within the folder, bytes).
fn sealed_path(root: &Path, folder: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let listing: String = files.iter().map(|(name, bytes)| format!("{name}\t{}\n", sha256_hex(bytes))).collect();
    root.join(SEALED).join(format!("{folder}-{}", &sha256_hex(listing.as_bytes())[..16]))
}

/// Whether a build may use what is already on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reuse {
    /// Link a file whose bytes the previous generation lists, and a sealed revision folder.
    Unchanged,
    /// Write everything (the site on disk failed to verify): a sealed folder is replaced.
    Nothing,
}

/// Writes `files` into the generation `fresh` of the site at `root`, with their compressed
/// copies, and returns how many were written. A file the previous generation already has with
/// the same bytes (by its manifest) is linked from there, copies included; a revision's folder
/// whose sealed copy exists is linked to it: a permanent file is written and compressed once.
pub fn write_files(
    root: &Path,
    fresh: &Path,
    files: &BTreeMap<String, Vec<u8>>,
    previous: Option<(&Path, &Manifest)>,
    reuse: Reuse,
) -> Result<usize> {
    let known: BTreeMap<&str, &Entry> =
        previous.map(|(_, m)| m.files.iter().map(|e| (e.path.as_str(), e)).collect()).unwrap_or_default();
    let mut folders: BTreeMap<&str, Vec<(&str, &[u8])>> = BTreeMap::new();
    let mut to_write: Vec<(PathBuf, &str, &[u8])> = Vec::new();
    for (path, bytes) in files {
        if let Some(folder) = sealed_folder(path) {
            folders.entry(folder).or_default().push((&path[folder.len() + 1..], bytes));
            continue;
        }
        let same = known.get(path.as_str()).filter(|e| e.size == bytes.len() as u64 && e.sha256 == sha256_hex(bytes));
        let linked = match (same, previous) {
            (Some(e), Some((dir, _))) => link(dir, fresh, path, e.size)?,
            _ => false,
        };
        if !linked {
            to_write.push((fresh.to_path_buf(), path.as_str(), bytes.as_slice()));
        }
    }
    // Each new sealed folder is written under a temporary name, then renamed whole.
    let mut sealed = Vec::new();
    for (folder, files) in &folders {
        let target = sealed_path(root, folder, files);
        let unfinished = (reuse == Reuse::Nothing || !target.is_dir()).then(|| {
            let mut name = target.as_os_str().to_owned();
            name.push(format!(".tmp-{}", std::process::id()));
            PathBuf::from(name)
        });
        if let Some(tmp) = &unfinished {
            remove_dir(tmp)?;
            to_write.extend(files.iter().map(|(name, bytes)| (tmp.clone(), *name, *bytes)));
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
                    part.iter().try_for_each(|(folder, path, bytes)| write_with_copies(folder, path, bytes))
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| w.join().expect("a writer does not panic"))
    })?;
    for (folder, target, unfinished) in sealed {
        if let Some(tmp) = unfinished {
            if target.is_dir() {
                // A folder cannot be renamed over another: the old one goes to the trash.
                static MOVED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
                let n = MOVED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let trash = root.join(TRASH).join(format!("sealed-{}-{n}", std::process::id()));
                std::fs::create_dir_all(root.join(TRASH)).map_err(|e| io("create", &trash, e))?;
                std::fs::rename(&target, &trash).map_err(|e| io("move", &target, e))?;
            }
            std::fs::rename(&tmp, &target).map_err(|e| io("replace", &target, e))?;
        }
        link_sealed(fresh, folder, &relative_target(root, folder, &target))?;
    }
    Ok(to_write.len())
}

/// The symlinks under `dir`, not following them.
fn links_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut links = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_symlink() {
            links.push(entry.path());
        } else if kind.is_dir() {
            links.extend(links_in(&entry.path())?);
        }
    }
    Ok(links)
}

/// Removes the sealed folders no generation links to any more (after a full build: a
/// publication only adds them), and any left unfinished.
pub fn sweep_sealed(root: &Path) -> Result<()> {
    let mut linked = std::collections::BTreeSet::new();
    for number in numbers(root)? {
        let generation = root.join(FOLDER).join(number.to_string());
        for path in links_in(&generation).map_err(|e| io("list", &generation, e))? {
            linked.extend(std::fs::canonicalize(&path).ok());
        }
    }
    let sealed = root.join(SEALED);
    for unit in std::fs::read_dir(&sealed).into_iter().flatten().flatten() {
        for year in std::fs::read_dir(unit.path()).into_iter().flatten().flatten() {
            for folder in std::fs::read_dir(year.path()).into_iter().flatten().flatten() {
                let path = std::fs::canonicalize(folder.path()).unwrap_or(folder.path());
                if !linked.contains(&path) {
                    remove_dir(&folder.path())?;
                }
            }
        }
    }
    Ok(())
}

/// Writes a file into a generation with its compressed copies.
pub fn write_with_copies(folder: &Path, path: &str, bytes: &[u8]) -> Result<()> {
    write_file(&folder.join(path), bytes)?;
    for (suffix, copy) in precompress::variants(path, bytes) {
        write_file(&folder.join(format!("{path}{suffix}")), &copy)?;
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
    symlink(&Path::new(FOLDER).join(&name), &link).map_err(|e| io("link", &link, e))?;
    std::fs::rename(&link, &public).map_err(|e| io("replace", &public, e))?;
    let keep = [Some(name), before.map(|n| n.to_string())];
    let kept = |entry: &str| keep.iter().flatten().any(|k| entry == k);
    let folder = root.join(FOLDER);
    for entry in std::fs::read_dir(&folder).map_err(|e| io("list", &folder, e))? {
        let entry = entry.map_err(|e| io("list", &folder, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !kept(&name) {
            // Moved out of the way at once, removed in the background: removing a generation
            // costs as many unlinks as it has files, which no publication should wait for.
            let trash = root.join(TRASH).join(format!("{name}-{}", std::process::id()));
            std::fs::create_dir_all(root.join(TRASH)).map_err(|e| io("create", &trash, e))?;
            remove_dir(&trash)?;
            std::fs::rename(entry.path(), &trash).map_err(|e| io("move", &entry.path(), e))?;
        }
    }
    let trash = root.join(TRASH);
    std::thread::spawn(move || {
        for entry in std::fs::read_dir(&trash).into_iter().flatten().flatten() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    });
    // The records of the generations removed go with them.
    if let Ok(records) = std::fs::read_dir(root.join(record::FOLDER)) {
        for entry in records.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if !name.strip_suffix(".json").is_some_and(kept) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(windows)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
}
