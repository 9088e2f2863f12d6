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
use data::{HomeEntry, UnitData};
pub use error::SiteError;
use manifest::Manifest;
use pages::{Asset, Page};
pub use render::SKELETON;
use render::{Layout, Sections};

use crate::store::RevisionMeta;
use error::Result;

/// The index of every published revision, and its checksum.
pub const BULK: &str = "data/revisions.jsonl";
pub const BULK_SUM: &str = "data/revisions.jsonl.sha256";

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

/// Which revisions get their permanent pages (`r<n>/`) rendered: every one, or only some.
pub type Fresh<'a> = &'a (dyn Fn(u16, &RevisionMeta) -> bool + Sync);

/// The home page and the pages and files of the given units (everything under `/{unit}/`).
fn pages_of(entries: &[HomeEntry], units: &[&UnitData], fresh: Fresh) -> (Vec<Page>, Vec<Asset>) {
    let (mut pages, mut assets) = (vec![pages::home(entries)], Vec::new());
    // A unit with nothing published has no pages.
    for unit in units.iter().filter(|u| !u.years.is_empty()) {
        let (unit_pages, unit_assets) = pages::unit_site(unit, fresh);
        pages.extend(unit_pages);
        assets.extend(unit_assets);
    }
    (pages, assets)
}

/// The whole site from every unit's published revisions and the site root's static files, with
/// its manifest.
pub fn render_all(units: &[UnitData], statics: &BTreeMap<String, Vec<u8>>, layout: &Layout) -> Result<Output> {
    let entries: Vec<HomeEntry> = units.iter().filter_map(HomeEntry::of).collect();
    let (pages, assets) = pages_of(&entries, &units.iter().collect::<Vec<_>>(), &|_, _| true);
    let mut out = Output::render(layout, &pages, assets)?;
    let all = |_: u16, _: &RevisionMeta| true;
    let (bulk, sum) = downloads::bulk_files(units.iter().flat_map(|u| downloads::bulk_lines(u, &all)).collect());
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
