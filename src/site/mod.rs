//! The public disclosure site, built from the published revisions in the store.
//!
//! Like Zola's components, the parts are kept apart: `data` reads what is published, `pages`
//! and `report_page` turn it into content (Markdown with TOML front matter, as Zola expects),
//! `render` turns that content into HTML through our own layout, `downloads`, `charts` and
//! `manifest` make the rest. `Site` writes it all to a Zola site root: `content/` and `public/`.
//!
//! The build is deterministic: the same store gives byte-identical files (no clock is read,
//! every collection is ordered).

pub mod charts;
pub mod data;
pub mod downloads;
pub mod escape;
pub mod manifest;
pub mod pages;
pub mod render;
pub mod report_page;
pub mod table;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use data::UnitData;
use manifest::Manifest;
use pages::{Asset, HomeEntry, Page};

use crate::error::{Error, Result};
use crate::store::Store;

/// The committed Zola site root (config, templates, static files), built into the binary so
/// that `--out DIR` can write a complete site anywhere.
pub const SKELETON: &[(&str, &str)] = &[
    ("config.toml", include_str!("../../site/config.toml")),
    ("templates/base.html", include_str!("../../site/templates/base.html")),
    ("templates/index.html", include_str!("../../site/templates/index.html")),
    ("templates/section.html", include_str!("../../site/templates/section.html")),
    ("templates/page.html", include_str!("../../site/templates/page.html")),
    ("static/style.css", include_str!("../../site/static/style.css")),
];

pub const BULK: &str = "data/published.jsonl";
pub const BULK_SUM: &str = "data/published.jsonl.sha256";

/// Files by path: what goes under `content/` and what goes under `public/`.
#[derive(Debug, Default, PartialEq)]
pub struct Output {
    pub content: BTreeMap<String, Vec<u8>>,
    pub public: BTreeMap<String, Vec<u8>>,
}

impl Output {
    fn add_pages(&mut self, pages: Vec<Page>, assets: Vec<Asset>) {
        for page in pages {
            self.public.insert(format!("{}index.html", page.url), render::page_html(&page).into_bytes());
            self.content.insert(page.file.clone(), page.markdown().into_bytes());
        }
        for asset in assets {
            self.content.insert(asset.path.clone(), asset.bytes.clone());
            self.public.insert(asset.path, asset.bytes);
        }
    }
}

/// The pages and files of one unit (everything under `/{unit}/`).
pub fn render_unit(unit: &UnitData) -> Output {
    let mut out = Output::default();
    if unit.years.is_empty() {
        return out; // nothing of it is published
    }
    let (pages, assets) = pages::unit_site(unit);
    out.add_pages(pages, assets);
    out
}

/// The home page.
pub fn render_home(entries: &[HomeEntry]) -> Output {
    let mut out = Output::default();
    out.add_pages(vec![pages::home(entries)], Vec::new());
    out
}

/// The whole site from every unit's published revisions and the site root's static files, with
/// its manifest.
pub fn render_all(units: &[UnitData], statics: &BTreeMap<String, Vec<u8>>) -> Output {
    let mut out = render_home(&units.iter().filter_map(HomeEntry::of).collect::<Vec<_>>());
    let mut lines = Vec::new();
    for unit in units {
        let part = render_unit(unit);
        out.content.extend(part.content);
        out.public.extend(part.public);
        lines.extend(downloads::bulk_lines(unit));
    }
    let (bulk, sum) = downloads::bulk_files(lines);
    out.public.insert(BULK.into(), bulk);
    out.public.insert(BULK_SUM.into(), sum);
    out.public.extend(statics.iter().map(|(path, bytes)| (path.clone(), bytes.clone())));
    let manifest = Manifest::of_files(&out.public);
    out.public.insert(manifest::FILE.into(), manifest.to_bytes());
    out
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

fn io(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::Io(format!("cannot {what} {}: {e}", path.display()))
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

/// Writes the files under `dir/{folder}/` into a fresh folder and swaps it in with renames, so a
/// reader sees the old folder or the new one, never a half-written one.
fn swap_folder(dir: &Path, folder: &str, files: &BTreeMap<String, Vec<u8>>) -> Result<()> {
    let fresh = dir.join(format!(".disclose-new-{folder}"));
    let old = dir.join(format!(".disclose-old-{folder}"));
    remove_dir(&fresh)?;
    remove_dir(&old)?;
    let prefix = format!("{folder}/");
    for (path, bytes) in files {
        if let Some(inner) = path.strip_prefix(&prefix) {
            write_file(&fresh.join(inner), bytes)?;
        }
    }
    let target = dir.join(folder);
    if target.exists() {
        std::fs::rename(&target, &old).map_err(|e| io("move", &target, e))?;
    }
    if fresh.exists() {
        std::fs::rename(&fresh, &target).map_err(|e| io("move", &fresh, e))?;
    }
    remove_dir(&old)
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
    /// there (`public/` is swapped in whole, so a server never shows a half-built site).
    pub async fn build(&self, store: &dyn Store) -> Result<Built> {
        let _guard = self.lock.lock().await;
        let units = data::load_all(store).await?;
        let (root, public, content) = (self.root.clone(), self.public_dir(), self.content_dir());
        tokio::task::spawn_blocking(move || {
            let statics = prepare_root(&root)?;
            let out = render_all(&units, &statics);
            remove_dir(&content)?;
            write_tree(&content, &out.content)?;
            let fresh = root.join("public.disclose-new");
            let old = root.join("public.disclose-old");
            remove_dir(&fresh)?;
            write_tree(&fresh, &out.public)?;
            remove_dir(&old)?;
            if public.exists() {
                std::fs::rename(&public, &old).map_err(|e| io("move", &public, e))?;
            }
            std::fs::rename(&fresh, &public).map_err(|e| io("move", &fresh, e))?;
            remove_dir(&old)?;
            let manifest: Manifest = serde_json::from_slice(&out.public[manifest::FILE]).expect("just written");
            Ok(Built { written: out.public.len(), files: manifest.files.len(), root_hash: manifest.root })
        })
        .await
        .map_err(|e| Error::Io(e.to_string()))?
    }

    /// Rebuilds what a publication of `code` affects: the unit's pages and downloads, the home
    /// page, the bulk file and the manifest. Everything else stays as it is, byte for byte.
    pub async fn rebuild_unit(&self, store: &dyn Store, code: &str) -> Result<Built> {
        if !self.public_dir().join(manifest::FILE).exists() {
            return self.build(store).await;
        }
        let _guard = self.lock.lock().await;
        let unit = data::load_unit(store, code).await?.ok_or_else(|| Error::NotFound(format!("unit {code}")))?;
        let entries = data::home_entries(store).await?;
        let (public, content, code) = (self.public_dir(), self.content_dir(), code.to_string());
        tokio::task::spawn_blocking(move || {
            let mut out = render_unit(&unit);
            let home = render_home(&entries);
            // Swap this unit's lines of the bulk file.
            let old_bulk = std::fs::read_to_string(public.join(BULK)).unwrap_or_default();
            let mut lines: Vec<String> = old_bulk
                .lines()
                .filter(|l| downloads::line_unit(l).as_deref() != Some(code.as_str()))
                .map(str::to_string)
                .collect();
            lines.extend(downloads::bulk_lines(&unit));
            let (bulk, sum) = downloads::bulk_files(lines);

            swap_folder(&content, &code, &out.content)?;
            swap_folder(&public, &code, &out.public)?;
            out.content.extend(home.content);
            out.public.extend(home.public);
            out.public.insert(BULK.into(), bulk);
            out.public.insert(BULK_SUM.into(), sum);
            let prefix = format!("{code}/");
            let others = |files: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
                files.iter().filter(|(p, _)| !p.starts_with(&prefix)).map(|(p, b)| (p.clone(), b.clone())).collect()
            };
            write_tree(&content, &others(&out.content))?;
            write_tree(&public, &others(&out.public))?;

            let text = std::fs::read(public.join(manifest::FILE)).map_err(|e| io("read", &public, e))?;
            let old: Manifest =
                serde_json::from_slice(&text).map_err(|e| Error::Io(format!("the manifest does not parse: {e}")))?;
            let mut entries: Vec<manifest::Entry> = old
                .files
                .into_iter()
                .filter(|e| !e.path.starts_with(&prefix) && !out.public.contains_key(&e.path))
                .collect();
            entries.extend(out.public.iter().map(|(path, bytes)| manifest::entry(path, bytes)));
            let manifest = Manifest::from_entries(entries);
            write_file(&public.join(manifest::FILE), &manifest.to_bytes())?;
            Ok(Built { written: out.public.len() + 1, files: manifest.files.len(), root_hash: manifest.root })
        })
        .await
        .map_err(|e| Error::Io(e.to_string()))?
    }
}
