//! The public disclosure site, built from the published revisions in the store.
//!
//! Like Zola's components, the parts are kept apart, and imports go one way only:
//! `data` (what is published) → `escape`, `table`, `charts`, `doc`, `labels` (the pieces of a
//! page) → `downloads`, `report_page`, `trends` (the files, the revision page, a unit's years) →
//! `pages` (every page as Markdown with TOML front matter, as Zola expects) → `render` (HTML
//! through the site root's Tera templates, the ones Zola reads). `manifest` lists the result.
//! `Site` writes it all to a Zola site root: `content/` and `public/`.
//!
//! The build is deterministic: the same store gives byte-identical files (no clock is read,
//! every collection is ordered).

mod build;
pub mod changes;
pub mod charts;
pub mod data;
pub mod directory;
pub mod doc;
pub mod downloads;
mod error;
pub mod escape;
pub mod generations;
pub mod labels;
pub mod log_files;
pub mod manifest;
pub mod pages;
pub mod precompress;
pub mod record;
pub mod render;
pub mod report_page;
pub mod sealed;
pub mod table;
pub mod trends;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use build::Site;
pub use error::SiteError;
use pages::{Asset, Page};
pub use render::SKELETON;
use render::{Layout, Sections};

use error::Result;

/// Files by path: what goes under `content/` and what goes under `public/`.
#[derive(Debug, Default, PartialEq)]
pub struct Output {
    pub content: BTreeMap<String, Vec<u8>>,
    pub public: BTreeMap<String, Vec<u8>>,
}

impl Output {
    /// The pages as Markdown and HTML, and the assets beside them. The pages given are all the
    /// sections their breadcrumbs name (the home page and the unit's sections).
    pub fn render(layout: &Layout, pages: &[Page], assets: Vec<Asset>) -> Result<Output> {
        let sections = Sections::of(layout, pages);
        let mut out = Output::default();
        for page in pages {
            out.public.insert(format!("{}index.html", page.url), layout.page_html(page, &sections)?.into_bytes());
            out.content.insert(page.file.clone(), page.markdown().into_bytes());
        }
        for asset in assets {
            out.content.insert(asset.path.clone(), asset.bytes.clone());
            out.public.insert(asset.path, asset.bytes);
        }
        Ok(out)
    }
}

/// What a build did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// Files written under `public/` (not counting compressed copies); 0 when the site was
    /// already built from what the store holds.
    pub written: usize,
    /// Files the manifest lists.
    pub files: usize,
    pub root_hash: String,
}

fn io(action: &'static str, path: &Path, source: std::io::Error) -> SiteError {
    SiteError::File { action, path: path.to_path_buf(), source }
}

/// Writes a file through a temporary name, so that a reader never sees half of it.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".disclose-tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(|e| io("write", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| io("replace", path, e))
}

fn remove_dir(path: &Path) -> Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io("remove", path, e)),
        _ => Ok(()),
    }
}

fn write_tree(dir: &Path, files: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    for (path, bytes) in files {
        write_file(&dir.join(path), bytes)?;
    }
    Ok(())
}

/// Writes the skeleton files the site root lacks (an operator's edits are kept), then reads its
/// static files, which go to `public/` as they are.
fn prepare_root(root: &Path) -> Result<BTreeMap<String, Vec<u8>>> {
    for (path, text) in SKELETON {
        let target = root.join(path);
        if !target.exists() {
            write_file(&target, text.as_bytes())?;
        }
    }
    let statics = root.join("static");
    let files = manifest::walk(&statics).map_err(|e| io("list", &statics, e))?;
    files
        .into_iter()
        .map(|path| Ok((path.clone(), std::fs::read(statics.join(&path)).map_err(|e| io("read", &statics, e))?)))
        .collect()
}

/// Where folders no longer needed wait to be removed.
const TRASH: &str = "trash";

/// Moves a folder out of the way at once, to be removed in the background (`empty_trash`):
/// removing a folder costs as many unlinks as it has entries, which no publication should wait
/// for.
fn discard(root: &Path, folder: &Path) -> Result<()> {
    static MOVED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = MOVED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let trash = root.join(TRASH);
    std::fs::create_dir_all(&trash).map_err(|e| io("create", &trash, e))?;
    let to = trash.join(format!("{}-{n}", std::process::id()));
    remove_dir(&to)?;
    std::fs::rename(folder, &to).map_err(|e| io("move", folder, e))
}

/// Removes what was discarded, in the background.
fn empty_trash(root: &Path) {
    let trash = root.join(TRASH);
    std::thread::spawn(move || {
        for entry in std::fs::read_dir(&trash).into_iter().flatten().flatten() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    });
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(windows)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::windows::fs::symlink_dir(target, link)
}
