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

pub mod charts;
pub mod data;
pub mod doc;
pub mod downloads;
mod error;
pub mod escape;
pub mod generations;
pub mod labels;
pub mod log_files;
pub mod manifest;
pub mod pages;
pub mod render;
pub mod report_page;
pub mod table;
pub mod trends;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use data::{HomeEntry, UnitData};
use downloads::BulkLine;
pub use error::SiteError;
use manifest::Manifest;
use pages::{Asset, Page};
pub use render::SKELETON;
use render::{Layout, Sections};

use crate::domain::UnitCode;
use crate::store::Store;
use error::Result;

pub const BULK: &str = "data/published.jsonl";
pub const BULK_SUM: &str = "data/published.jsonl.sha256";

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

/// The home page and the pages and files of the given units (everything under `/{unit}/`).
fn pages_of(entries: &[HomeEntry], units: &[&UnitData]) -> (Vec<Page>, Vec<Asset>) {
    let (mut pages, mut assets) = (vec![pages::home(entries)], Vec::new());
    // A unit with nothing published has no pages.
    for unit in units.iter().filter(|u| !u.years.is_empty()) {
        let (unit_pages, unit_assets) = pages::unit_site(unit);
        pages.extend(unit_pages);
        assets.extend(unit_assets);
    }
    (pages, assets)
}

/// The whole site from every unit's published revisions and the site root's static files, with
/// its manifest.
pub fn render_all(units: &[UnitData], statics: &BTreeMap<String, Vec<u8>>, layout: &Layout) -> Result<Output> {
    let entries: Vec<HomeEntry> = units.iter().filter_map(HomeEntry::of).collect();
    let (pages, assets) = pages_of(&entries, &units.iter().collect::<Vec<_>>());
    let mut out = Output::render(layout, &pages, assets)?;
    let (bulk, sum) = downloads::bulk_files(units.iter().flat_map(downloads::bulk_lines).collect());
    out.public.insert(BULK.into(), bulk);
    out.public.insert(BULK_SUM.into(), sum);
    out.public.extend(statics.iter().map(|(path, bytes)| (path.clone(), bytes.clone())));
    let manifest = Manifest::of_files(&out.public);
    out.public.insert(manifest::FILE.into(), manifest.to_bytes());
    Ok(out)
}

/// What a build did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// Files written under `public/`.
    pub written: usize,
    /// Files the manifest lists.
    pub files: usize,
    pub root_hash: String,
}

/// A Zola site root on disk that `disclose` builds into.
pub struct Site {
    root: PathBuf,
    /// One build at a time: publications arriving together rebuild in turn.
    lock: tokio::sync::Mutex<()>,
}

fn io(action: &'static str, path: &Path, source: std::io::Error) -> SiteError {
    SiteError::File { action, path: path.to_path_buf(), source }
}

/// Writes a file through a temporary name, so that a reader never sees half of it.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io("create", parent, e))?;
    }
    let tmp = path.with_extension("disclose-tmp");
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

/// Makes `target` hold exactly `files` (paths relative to it): writes them into a fresh folder
/// beside it and swaps that in with renames, so a reader sees the old folder or the new one,
/// never a half-written one.
fn swap_in<'a>(target: &Path, files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> Result<()> {
    let beside = |suffix: &str| {
        let mut name = target.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    let (fresh, old) = (beside(".disclose-new"), beside(".disclose-old"));
    remove_dir(&fresh)?;
    remove_dir(&old)?;
    for (path, bytes) in files {
        write_file(&fresh.join(path), bytes)?;
    }
    if target.exists() {
        std::fs::rename(target, &old).map_err(|e| io("move", target, e))?;
    }
    if fresh.exists() {
        std::fs::rename(&fresh, target).map_err(|e| io("move", &fresh, e))?;
    }
    remove_dir(&old)
}

/// The files of `files` under `folder/`, with paths relative to it.
fn inside<'a>(files: &'a BTreeMap<String, Vec<u8>>, folder: &'a str) -> impl Iterator<Item = (&'a str, &'a [u8])> {
    files
        .iter()
        .filter_map(move |(path, bytes)| Some((path.strip_prefix(folder)?.strip_prefix('/')?, bytes.as_slice())))
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

impl Site {
    pub fn new(root: impl Into<PathBuf>) -> Site {
        Site { root: root.into(), lock: tokio::sync::Mutex::new(()) }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn public_dir(&self) -> PathBuf {
        self.root.join("public")
    }

    fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// Builds the whole site: the Zola skeleton, `content/` and `public/`, replacing what was
    /// there (`public` is flipped to a new generation whole, so nobody sees a half-built site).
    pub async fn build(&self, store: &dyn Store) -> Result<Built> {
        let _guard = self.lock.lock().await;
        let mut units = data::load_all(store).await?;
        let ledger = crate::ledger::load(store).await?;
        log_files::attach(&mut units, &ledger);
        let (root, content) = (self.root.clone(), self.content_dir());
        blocking(move || {
            let mut statics = prepare_root(&root)?;
            statics.extend(log_files::files(&ledger, &log_files::cosignatures(&root)));
            let out = render_all(&units, &statics, &Layout::of_root(&root)?)?;
            remove_dir(&content)?;
            write_tree(&content, &out.content)?;
            let fresh = generations::next(&root)?;
            write_tree(&fresh, &out.public)?;
            generations::flip(&root, &fresh)?;
            let manifest: Manifest = serde_json::from_slice(&out.public[manifest::FILE]).expect("just written");
            Ok(Built { written: out.public.len(), files: manifest.files.len(), root_hash: manifest.root })
        })
        .await
    }

    /// Rebuilds what a publication of `code` affects: the unit's pages and downloads, the home
    /// page, the bulk file and the manifest, into a new generation that keeps everything else
    /// byte for byte (hard links), then flips `public` to it.
    pub async fn rebuild_unit(&self, store: &dyn Store, code: &UnitCode) -> Result<Built> {
        if !self.public_dir().join(manifest::FILE).exists() {
            return self.build(store).await;
        }
        let _guard = self.lock.lock().await;
        let mut unit = data::load_unit(store, code).await?.ok_or_else(|| SiteError::UnknownUnit(code.clone()))?;
        let ledger = crate::ledger::load(store).await?;
        log_files::attach(std::slice::from_mut(&mut unit), &ledger);
        let entries = data::home_entries(store).await?;
        let (root, public, content, code) =
            (self.root.clone(), self.public_dir(), self.content_dir(), code.to_string());
        blocking(move || {
            let (pages, assets) = pages_of(&entries, &[&unit]);
            let mut out = Output::render(&Layout::of_root(&root)?, &pages, assets)?;
            // Swap this unit's lines of the bulk file.
            let old_bulk = std::fs::read_to_string(public.join(BULK)).unwrap_or_default();
            let mut lines: Vec<BulkLine> = old_bulk.lines().map(BulkLine::read).filter(|l| l.unit != code).collect();
            lines.extend(downloads::bulk_lines(&unit));
            let (bulk, sum) = downloads::bulk_files(lines);
            out.public.insert(BULK.into(), bulk);
            out.public.insert(BULK_SUM.into(), sum);
            out.public.extend(log_files::files(&ledger, &log_files::cosignatures(&root)));

            swap_in(&content.join(&code), inside(&out.content, &code))?;
            let prefix = format!("{code}/");
            let others = |files: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
                files.iter().filter(|(p, _)| !p.starts_with(&prefix)).map(|(p, b)| (p.clone(), b.clone())).collect()
            };
            write_tree(&content, &others(&out.content))?;

            // A new generation: the current one's files but this unit's, then the new ones.
            let public = std::fs::canonicalize(&public).map_err(|e| io("read", &public, e))?;
            let text = std::fs::read(public.join(manifest::FILE)).map_err(|e| io("read", &public, e))?;
            let old: Manifest = serde_json::from_slice(&text).map_err(SiteError::Manifest)?;
            let fresh = generations::next(&root)?;
            let listed: Vec<String> = old.files.iter().map(|e| e.path.clone()).collect();
            generations::carry_over(&public, &fresh, &listed, |p| {
                p.starts_with(&prefix) || p.starts_with("log/") || out.public.contains_key(p)
            })?;
            write_tree(&fresh, &out.public)?;
            let mut entries: Vec<manifest::Entry> = old
                .files
                .into_iter()
                .filter(|e| {
                    !e.path.starts_with(&prefix) && !e.path.starts_with("log/") && !out.public.contains_key(&e.path)
                })
                .collect();
            entries.extend(out.public.iter().map(|(path, bytes)| manifest::entry(path, bytes)));
            let manifest = Manifest::from_entries(entries);
            write_file(&fresh.join(manifest::FILE), &manifest.to_bytes())?;
            generations::flip(&root, &fresh)?;
            Ok(Built { written: out.public.len() + 1, files: manifest.files.len(), root_hash: manifest.root })
        })
        .await
    }
}

/// Runs file work off the async threads.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(work).await?
}
