//! Folders written once and linked, so that what a publication costs on disk does not grow with
//! the revisions before it nor with the other units.
//!
//! - A revision's own folder (`<unit>/<year>/r<n>/`) never changes once written: it is written
//!   once under `sealed/`, named with a hash of its files, and linked by one symlink.
//! - A unit's folder (`<unit>/`) is written whole when the unit is rebuilt, as
//!   `units/<unit>/<k>`, with its pages and the links of its revisions; a generation holds one
//!   symlink per unit.
//!
//! A symlink carried from one folder to the next is itself hard-linked (`link` does not follow
//! it): no new inode, which ext4 makes costly to allocate right after the removal of the
//! previous generation freed many. A generation is copied whole with `cp -rL`, which follows
//! the links.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::error::Result;
use super::{io, remove_dir};
use crate::integrity::sha256_hex;

/// Where the revisions' own folders are kept, each once per content.
pub const SEALED: &str = "sealed";
/// Where the units' folders are kept, one per rebuild of the unit.
pub const UNITS: &str = "units";

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

/// The sealed copy of a revision's folder with these files (name within the folder, bytes).
pub fn sealed_path(root: &Path, folder: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let listing: String = files.iter().map(|(name, bytes)| format!("{name}\t{}\n", sha256_hex(bytes))).collect();
    root.join(SEALED).join(format!("{folder}-{}", &sha256_hex(listing.as_bytes())[..16]))
}

/// A symlink at `at` to `target` (given relative to `at`'s folder: the site root can move).
pub fn symlink_at(at: &Path, target: &Path) -> Result<()> {
    if let Some(parent) = at.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
    }
    super::symlink(target, at).map_err(|e| io("link", at, e))
}

/// Hard-links the symlink `from` to `to` (a new symlink with its target where links fail).
fn carry_link(from: &Path, to: &Path) -> Result<()> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
    }
    if std::fs::hard_link(from, to).is_err() {
        let target = std::fs::read_link(from).map_err(|e| io("read", from, e))?;
        symlink_at(to, &target)?;
    }
    Ok(())
}

/// Carries `from` to `to` when it is a symlink, by a hard link: one system call when it can (a
/// big site carries one link per unit at each publication). `false` when `from` is not a symlink
/// (a real folder, whose files are carried one by one).
pub fn carry_if_link(from: &Path, to: &Path) -> Result<bool> {
    match std::fs::hard_link(from, to) {
        Ok(()) => Ok(true),
        Err(_) if !is_symlink(from) => Ok(false),
        Err(_) => carry_link(from, to).map(|()| true),
    }
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Where the files of a generation being put together go: under its folder, except those of
/// the units being rebuilt, which go under each one's new folder (`units/<unit>/<k>`); the
/// generation links those.
pub struct Placement<'a> {
    root: &'a Path,
    fresh: &'a Path,
    units: BTreeMap<String, PathBuf>,
}

impl<'a> Placement<'a> {
    /// `rebuilt`: the units whose folders are written anew.
    pub fn new(root: &'a Path, fresh: &'a Path, rebuilt: impl IntoIterator<Item = String>) -> Result<Placement<'a>> {
        let mut units = BTreeMap::new();
        for code in rebuilt {
            let folder = root.join(UNITS).join(&code);
            let next = numbered(&folder)?.into_iter().max().unwrap_or(0) + 1;
            let at = folder.join(next.to_string());
            remove_dir(&at)?;
            std::fs::create_dir_all(&at).map_err(|e| io("create", &at, e))?;
            units.insert(code, at);
        }
        Ok(Placement { root, fresh, units })
    }

    pub fn root(&self) -> &Path {
        self.root
    }

    /// Whether the folder of unit `code` is being written anew.
    pub fn rebuilds(&self, code: &str) -> bool {
        self.units.contains_key(code)
    }

    /// Where the file at `path` of the site goes on disk.
    pub fn place(&self, path: &str) -> PathBuf {
        match path.split_once('/').and_then(|(unit, rest)| Some((self.units.get(unit)?, rest))) {
            Some((folder, rest)) => folder.join(rest),
            None => self.fresh.join(path),
        }
    }

    /// Links a revision's folder to its sealed copy.
    pub fn link_sealed(&self, folder: &str, sealed: &Path) -> Result<()> {
        // From `<root>/generations/<n>/<unit>/<year>/` or `<root>/units/<unit>/<k>/<year>/`:
        // four folders up to the root.
        let up = 2 + folder.matches('/').count();
        let mut target: PathBuf = std::iter::repeat_n("..", up).collect();
        target.push(sealed.strip_prefix(self.root).unwrap_or(sealed));
        symlink_at(&self.place(folder), &target)
    }

    /// Links the new units' folders into the generation.
    pub fn finish(self) -> Result<()> {
        for (code, folder) in &self.units {
            let target = Path::new("../..").join(folder.strip_prefix(self.root).unwrap_or(folder));
            symlink_at(&self.fresh.join(code), &target)?;
        }
        Ok(())
    }
}

/// The numbered entries of a folder.
fn numbered(folder: &Path) -> Result<Vec<u64>> {
    match std::fs::read_dir(folder) {
        Ok(entries) => Ok(entries.flatten().filter_map(|e| e.file_name().to_str()?.parse().ok()).collect()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(io("list", folder, e)),
    }
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

/// Removes the unit folders (of `only`, or of every unit) that none of `generations` links,
/// then, for a full sweep, the sealed folders no unit folder or generation links.
pub fn sweep(root: &Path, generations: &[PathBuf], only: Option<&str>) -> Result<()> {
    let mut linked = BTreeSet::new();
    for generation in generations {
        match only {
            // A unit's link is at the top of a generation.
            Some(code) => linked.extend(std::fs::canonicalize(generation.join(code)).ok()),
            None => add_links(generation, &mut linked)?,
        }
    }
    let units = root.join(UNITS);
    let unit_folders: Vec<PathBuf> = match only {
        Some(code) => vec![units.join(code)],
        None => std::fs::read_dir(&units).into_iter().flatten().flatten().map(|e| e.path()).collect(),
    };
    for folder in unit_folders {
        remove_unlinked(root, &folder, &linked)?;
    }
    if only.is_some() {
        super::empty_trash(root);
        return Ok(());
    }
    if units.exists() {
        add_links(&units, &mut linked)?;
    }
    for unit in std::fs::read_dir(root.join(SEALED)).into_iter().flatten().flatten() {
        for year in std::fs::read_dir(unit.path()).into_iter().flatten().flatten() {
            remove_unlinked(root, &year.path(), &linked)?;
        }
    }
    super::empty_trash(root);
    Ok(())
}

/// Adds where the symlinks under `dir` lead.
fn add_links(dir: &Path, linked: &mut BTreeSet<PathBuf>) -> Result<()> {
    for path in links_in(dir).map_err(|e| io("list", dir, e))? {
        linked.extend(std::fs::canonicalize(&path).ok());
    }
    Ok(())
}

/// Discards the entries of `folder` that no link leads to.
fn remove_unlinked(root: &Path, folder: &Path, linked: &BTreeSet<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        let path = std::fs::canonicalize(entry.path()).unwrap_or(entry.path());
        if !linked.contains(&path) {
            super::discard(root, &entry.path())?;
        }
    }
    Ok(())
}
