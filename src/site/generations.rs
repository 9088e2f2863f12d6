//! The atomic switch of the whole site: every build writes a new folder `generations/<n>` beside
//! `public`, complete with its manifest, then flips the one symlink `public` → `generations/<n>`
//! with a rename. A reader, or a copy taken at any moment, sees one whole generation; a build cut
//! short leaves a folder `public` never pointed at, removed by the next build. The generation
//! before the current one is kept until the next flip, for readers still inside it.

use std::path::{Path, PathBuf};

use super::error::Result;
use super::{io, remove_dir};

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

/// The generation `public` points at, if it is a symlink to one.
pub fn current(root: &Path) -> Option<u64> {
    let target = std::fs::read_link(root.join("public")).ok()?;
    target.strip_prefix(FOLDER).ok()?.to_str()?.parse().ok()
}

/// Copies the files of the current generation (hard links where the file system allows: files
/// are only ever replaced by rename, never written in place) into `fresh`, except those `skip`
/// refuses.
pub fn carry_over(public: &Path, fresh: &Path, files: &[String], skip: impl Fn(&str) -> bool) -> Result<()> {
    for path in files.iter().filter(|p| !skip(p)) {
        let (from, to) = (public.join(path), fresh.join(path));
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
        }
        if std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to).map_err(|e| io("copy", &from, e))?;
        }
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
    let folder = root.join(FOLDER);
    for entry in std::fs::read_dir(&folder).map_err(|e| io("list", &folder, e))? {
        let entry = entry.map_err(|e| io("list", &folder, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !keep.iter().flatten().any(|k| *k == name) {
            remove_dir(&entry.path())?;
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
