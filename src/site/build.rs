//! Building the site into generations: a full build, the rebuild a publication triggers, and
//! the check at start.
//!
//! A publication renders only what it changes: the new revision's permanent pages (`r<n>/`, which
//! never change once written), the unit's page and its years' latest pages, the comparisons and
//! targets, the home page and the unit's page of the directory (their rows come from the record,
//! not from every unit's report), the last part of the index of revisions and the log's last
//! tiles, the unit's manifest, its group (above 100 units) and the site's list. Publications of
//! different units render at the same time; only putting the next generation together and
//! flipping `public` to it is one at a time. The next generation is the one before the current
//! one, recycled: on disk a publication changes what it changes and what the publication before
//! changed, not one link per unit (`generations::recycle`); and a group of units' manifests
//! that both generations list alike stands for all its units, so that neither the comparison nor
//! the site's list has a line per unit.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::data::{self, Changes};
use super::directory::{self, Directory};

/// The home page's file.
const HOME_FILE: &str = "index.html";
use super::downloads;
use super::error::Result;
use super::generations::Reuse;
use super::manifest::{self, Manifest};
use super::record::{self, Record};
use super::render::Layout;
use super::sealed::{self, Placement};
use super::{changes, generations, io, log_files, pages, prepare_root, remove_dir, write_file, write_tree};
use super::{Built, Output, SiteError};
use crate::domain::UnitCode;
use crate::ledger::{self, Ledger};
use crate::store::{RevisionMeta, Store};

/// A Zola site root on disk that `disclose` builds into.
pub struct Site {
    root: PathBuf,
    /// A full build excludes every other build; publications share it.
    builds: tokio::sync::RwLock<()>,
    /// One publication's rebuild per unit at a time.
    units: Mutex<HashMap<UnitCode, Arc<tokio::sync::Mutex<()>>>>,
    /// Putting a generation together and flipping `public` to it: one at a time.
    flip: Arc<Mutex<()>>,
    /// The generation folder `public` pointed at when last looked, and when: the site's files
    /// are served through it without reading the link on every request.
    current: std::sync::RwLock<Option<(PathBuf, Instant)>>,
    /// The manifests this process last wrote, with their generation folders: a publication starts
    /// from it without parsing the file again (megabytes for a site of thousands of units).
    manifest: Arc<Mutex<LastManifest>>,
    /// The record of the generation `public` points at (read from `built/` once).
    record: Arc<Mutex<Option<Record>>>,
    /// The store's log as last read: a publication reads only the entries added since.
    ledger: tokio::sync::Mutex<Option<Arc<Ledger>>>,
}

/// The last generation folder written, its manifest and the number of files its manifests list;
/// and the one before with its manifest.
#[derive(Default)]
struct LastManifest {
    current: Option<(PathBuf, Arc<Manifest>, usize)>,
    before: Option<(PathBuf, Arc<Manifest>)>,
}

/// How long the generation `public` points at is taken as known. A flip by this process is seen
/// at once (it forgets what it knew); one by another process on the same folder within this.
const GENERATION_RECHECK: Duration = Duration::from_millis(250);

impl Site {
    pub fn new(root: impl Into<PathBuf>) -> Site {
        let (builds, units, flip, current, manifest, record, ledger) = Default::default();
        Site { root: root.into(), builds, units, flip, current, manifest, record, ledger }
    }

    /// The store's log, brought up to date from what this process last read of it.
    async fn ledger(&self, store: &dyn Store) -> Result<Arc<Ledger>> {
        let mut known = self.ledger.lock().await;
        match known.as_mut() {
            Some(ledger) => ledger::refresh(store, ledger).await?,
            None => *known = Some(Arc::new(ledger::load(store).await?)),
        }
        Ok(known.as_ref().expect("just set").clone())
    }

    /// The generation folder `public` points at (or `public` itself when it is not a link),
    /// read again after a flip of this process or after `GENERATION_RECHECK`.
    pub fn current_generation(&self) -> PathBuf {
        if let Some((folder, at)) = self.current.read().expect("not poisoned").as_ref() {
            if at.elapsed() < GENERATION_RECHECK {
                return folder.clone();
            }
        }
        let public = self.public_dir();
        let folder = match std::fs::read_link(&public) {
            Ok(target) => self.root.join(target),
            Err(_) => public,
        };
        *self.current.write().expect("not poisoned") = Some((folder.clone(), Instant::now()));
        folder
    }

    /// After a flip: the next request reads the link again.
    fn flipped<T>(&self, result: Result<T>) -> Result<T> {
        *self.current.write().expect("not poisoned") = None;
        result
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

    fn changes_file(&self, code: &str) -> PathBuf {
        self.root.join("cache").join("changes").join(format!("{code}.json"))
    }

    fn known_changes(&self, code: &str) -> Changes {
        std::fs::read(self.changes_file(code)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    fn unit_lock(&self, code: &UnitCode) -> Arc<tokio::sync::Mutex<()>> {
        self.units.lock().expect("not poisoned").entry(code.clone()).or_default().clone()
    }

    /// The record of the generation `public` points at.
    fn current_record(&self) -> Option<Record> {
        self.with_record(|record| record.cloned())
    }

    /// Looks at the record, read from `built/` the first time.
    fn with_record<T>(&self, look: impl FnOnce(Option<&Record>) -> T) -> T {
        let mut known = self.record.lock().expect("not poisoned");
        if known.is_none() {
            *known = record::read(&self.root);
        }
        look(known.as_ref())
    }

    /// Builds the whole site: the Zola skeleton, `content/` and `public/`, replacing what was
    /// there (`public` is flipped to a new generation whole, so nobody sees a half-built site).
    /// Files whose bytes the current generation already has are linked from it, compressed copies
    /// included.
    pub async fn build(&self, store: &dyn Store) -> Result<Built> {
        self.build_with(store, Reuse::Unchanged).await
    }

    /// A full build that trusts the files already on disk (`Reuse::Unchanged`: a file whose
    /// bytes the current generation lists, a revision folder already sealed) or writes
    /// everything anew (`Reuse::Nothing`: after the site failed to verify).
    ///
    /// The generation is put together unit by unit: one unit's documents and files are in
    /// memory at a time, with the manifest's entries, the home page's rows and the index's lines
    /// of all of them.
    async fn build_with(&self, store: &dyn Store, reuse: generations::Reuse) -> Result<Built> {
        let _all = self.builds.write().await;
        let ledger = self.ledger(store).await?;
        let (root, content) = (self.root.clone(), self.content_dir());
        let start = blocking({
            let (root, content) = (root.clone(), content.clone());
            move || {
                let layout = Layout::of_root(&root)?;
                let statics = prepare_root(&root)?;
                remove_dir(&content)?;
                let previous = std::fs::canonicalize(root.join("public")).ok();
                // The previous generation's list with its groups read: every file it has.
                let flat = |dir: &Path| {
                    let mut listed = read_manifest(dir)?;
                    listed.files = expanded(dir, &listed.files, |_| true).ok()?.0;
                    Some(listed)
                };
                let old = previous.clone().zip(previous.as_deref().and_then(flat));
                let fresh = generations::next(&root)?;
                Ok(Arc::new((layout, old.filter(|_| reuse == Reuse::Unchanged), fresh, statics)))
            }
        })
        .await?;
        let mut record = Record { version: record::version(), inputs: record::inputs(&root)?, units: BTreeMap::new() };
        let (mut entries, mut written, mut in_units) = (Vec::new(), 0, 0);
        for code in data::unit_codes(store).await? {
            let Some(mut unit) = data::load_unit(store, &code).await? else { continue };
            log_files::attach(std::slice::from_mut(&mut unit), &ledger);
            changes::fill(store, &mut unit, &|_, _| true, &self.known_changes(code.as_str())).await?;
            write_file(&self.changes_file(code.as_str()), &serde_json::to_vec(&*unit.changes).expect("serializes"))?;
            record.units.insert(code.to_string(), record::unit_record(&unit));
            if unit.years.is_empty() {
                continue;
            }
            let (start, root, content) = (start.clone(), root.clone(), content.clone());
            let (count, unit_files, listed) = blocking(move || {
                let (layout, previous, fresh, _) = &*start;
                let (unit_pages, assets) = pages::unit_site(&unit, &|_, _| true);
                // The home page goes with them for their breadcrumbs; it is rendered last, with
                // every unit's row.
                let pages: Vec<_> = std::iter::once(Directory::of([], 0).home()).chain(unit_pages).collect();
                let mut out = Output::render(layout, &pages, assets)?;
                out.content.remove(pages::HOME);
                out.public.remove(HOME_FILE);
                write_tree(&content, &out.content)?;
                let code = unit.code().to_string();
                let placement = Placement::new(&root, fresh, [code.clone()])?;
                let own = UnitManifest::new(&code);
                let in_unit = own.entries_in(&out.public);
                let unit_files = in_unit.len();
                own.add(&mut out.public, in_unit);
                let old_unit =
                    previous.as_ref().map(|(dir, listed)| own.previous(dir, &listed.files).0).unwrap_or_default();
                let dir = previous.as_ref().map(|(dir, _)| dir.as_path());
                let count = generations::write_files(&placement, &out.public, dir, &[&old_unit], reuse)?;
                placement.finish()?;
                let listed = out.public.iter().filter(|(path, _)| own.in_site_list(path));
                Ok((count, unit_files, listed.map(|(path, bytes)| manifest::entry(path, bytes)).collect::<Vec<_>>()))
            })
            .await?;
            written += count;
            in_units += unit_files;
            entries.extend(listed);
        }
        let (flip, last, records) = (self.flip.clone(), self.manifest.clone(), self.record.clone());
        let built = blocking(move || {
            let (layout, previous, fresh, statics) = &*start;
            let index_parts = downloads::index_parts(ledger.log.size());
            let directory = Directory::of(record.home_entries(), index_parts);
            let home = Output::render(layout, &directory.pages(), Vec::new())?;
            write_tree(&content, &home.content)?;
            let mut public = home.public;
            public.extend(statics.iter().map(|(path, bytes)| (path.clone(), bytes.clone())));
            public.extend(log_files::files(&ledger, &log_files::cosignatures(&root)));
            public.extend(downloads::index_files(&ledger.log, 0));
            // In pages, the units' manifests are listed by their pages' groups.
            let mut in_groups = 0;
            if directory.is_paged() {
                let pages: Vec<(String, Vec<String>)> = directory
                    .page_units()
                    .into_iter()
                    .map(|(page, units)| (page.to_string(), units.into_iter().map(String::from).collect()))
                    .collect();
                entries.sort_by(|a, b| a.path.cmp(&b.path));
                let groups = groups_of(&pages, |path| find(&entries, path).cloned());
                entries.retain(|e| !manifest::is_unit_manifest(&e.path));
                in_groups = groups.values().map(|g| g.files.len()).sum();
                public.extend(groups.iter().map(|(path, group)| (path.clone(), group.to_bytes())));
            }
            entries.extend(public.iter().map(|(path, bytes)| manifest::entry(path, bytes)));
            let manifest = Arc::new(Manifest::from_entries(entries));
            public.insert(manifest::FILE.into(), manifest.to_bytes());
            let _flip = flip.lock().expect("not poisoned");
            let placement = Placement::new(&root, fresh, [])?;
            let listed = previous.as_ref().map_or(&[][..], |(_, listed)| listed.files.as_slice());
            let dir = previous.as_ref().map(|(dir, _)| dir.as_path());
            let written = written + generations::write_files(&placement, &public, dir, &[listed], reuse)?;
            generations::flip(&root, fresh)?;
            record::write(&root, &record)?;
            *records.lock().expect("not poisoned") = Some(record);
            if reuse == Reuse::Nothing {
                // The site on disk failed to verify: the generation before shares its folders
                // and is not to be recycled by the next publication.
                if let Some(before) = generations::before(&root) {
                    super::discard(&root, &before)?;
                    super::empty_trash(&root);
                }
            }
            let files = manifest.files.len() + in_groups + in_units;
            remember(&last, fresh, &manifest, files);
            sealed::sweep(&root, &generations::folders(&root)?, None)?;
            Ok(Built { written, files, root_hash: manifest.root.clone() })
        })
        .await;
        self.flipped(built)
    }

    /// At start: rebuilds nothing when the current generation verifies and was built by this
    /// version from these templates and what the store publishes now; only the units whose
    /// publications differ when that is all; else everything.
    pub async fn start(&self, store: &dyn Store) -> Result<Built> {
        let (Some(built), Ok(inputs)) = (self.current_record(), record::inputs(&self.root)) else {
            return self.build(store).await;
        };
        let now = Record { version: record::version(), inputs, units: BTreeMap::new() };
        let published = record::published_in(store).await?;
        let checked = manifest::verify_counted(&self.public_dir()).ok().filter(|(problems, _)| problems.is_empty());
        let Some((_, files)) = checked else {
            return self.build_with(store, Reuse::Nothing).await;
        };
        let known_units = published.keys().all(|c| built.units.contains_key(c))
            && built.units.keys().all(|c| published.contains_key(c));
        if !known_units || !built.same_inputs(&now) {
            return self.build(store).await;
        }
        // The site verified: its manifest and its count of files are what publications start from.
        let public = self.public_dir();
        let manifest = Arc::new(load_manifest(&public)?);
        remember(&self.manifest, &public, &manifest, files);
        let stored = Record { units: published.into_iter().map(|(c, p)| (c, unit_of(p))).collect(), ..now };
        let mut result = Built { written: 0, files, root_hash: manifest.root.clone() };
        for code in stored.changed_units(&built).iter().filter_map(|c| UnitCode::parse(c).ok()) {
            result = self.rebuild_unit(store, &code).await?;
        }
        Ok(result)
    }

    /// Rebuilds what a publication of `code` changes (see the module documentation) into a new
    /// generation that links every other file from the current one, then flips `public` to it.
    pub async fn rebuild_unit(&self, store: &dyn Store, code: &UnitCode) -> Result<Built> {
        if !self.with_record(|r| r.is_some()) || !self.public_dir().join(manifest::FILE).is_file() {
            return self.build(store).await;
        }
        let _shared = self.builds.read().await;
        let lock = self.unit_lock(code);
        let _unit = lock.lock().await;
        let built = self.with_record(|r| r.and_then(|r| r.units.get(code.as_str()).cloned())).unwrap_or_default();
        let fresh = move |year: u16, meta: &RevisionMeta| !built.is_built(year, meta);
        let mut unit =
            data::load_unit_with(store, code, &fresh).await?.ok_or_else(|| SiteError::UnknownUnit(code.clone()))?;
        let ledger = self.ledger(store).await?;
        log_files::attach(std::slice::from_mut(&mut unit), &ledger);
        let known = self.known_changes(code.as_str());
        let computed = changes::fill(store, &mut unit, &fresh, &known).await?;
        if !computed.is_empty() {
            let all: Changes = known.into_iter().chain(computed).collect();
            write_file(&self.changes_file(code.as_str()), &serde_json::to_vec(&all).expect("serializes"))?;
        }
        let (root, content, flip) = (self.root.clone(), self.content_dir(), self.flip.clone());
        let (last, records) = (self.manifest.clone(), self.record.clone());
        let built = blocking(move || {
            let layout = Layout::of_root(&root)?;
            // The home page goes with them for their breadcrumbs (without its rows); it is
            // rendered below, with the rows of the generation this one follows.
            let mut pages = vec![Directory::of([], 0).home()];
            let mut assets = Vec::new();
            if !unit.years.is_empty() {
                let (unit_pages, unit_assets) = pages::unit_site(&unit, &fresh);
                pages.extend(unit_pages);
                assets = unit_assets;
            }
            let mut out = Output::render(&layout, &pages, assets)?;
            // The home page's Markdown is written below, one publication at a time.
            out.content.remove(pages::HOME);
            write_tree(&content, &out.content)?;

            // One at a time from here: the next generation starts from the current one.
            let _flip = flip.lock().expect("not poisoned");
            let public = std::fs::canonicalize(root.join("public")).map_err(|e| io("read", &root, e))?;
            let known = last.lock().expect("not poisoned").current.clone().filter(|(folder, ..)| *folder == public);
            let (old, known_total) = match known {
                Some((_, manifest, total)) => (manifest, Some(total)),
                None => (Arc::new(load_manifest(&public)?), None),
            };
            // Publications of other units may have flipped a generation with a longer log since
            // this one's was read: the site's log only grows. Else only the tiles from the site's
            // log size on are new.
            let in_site = log_files::size_in(&public);
            let newer_log = in_site > ledger.log.size();
            if !newer_log {
                out.public.extend(log_files::files_from(&ledger, &log_files::cosignatures(&root), in_site));
                out.public.extend(downloads::index_files(&ledger.log, usize::try_from(in_site).unwrap_or(0)));
            }
            let index_parts = downloads::index_parts(in_site.max(ledger.log.size()));
            let published = record::unit_record(&unit);
            let code = unit.code().to_string();
            // The home page and the directory's pages this unit's row changes: the record's rows
            // before, and with this unit's as now (the record itself changes after the flip).
            let (home, gone, paging) = {
                let known = records.lock().expect("not poisoned");
                let record = known.as_ref().map_or_else(Default::default, std::borrow::Cow::Borrowed);
                let before = Directory::of(record.home_entries(), index_parts);
                let now = Directory::of(record.home_entries_with(&code, &published), index_parts);
                let (pages, gone) = now.changed_since(&before, &code);
                let paging = Paging::of(&before, &now, &code);
                (Output::render(&layout, &pages, Vec::new())?, gone, paging)
            };
            write_tree(&content, &home.content)?;
            out.public.extend(home.public);
            // The directory's pages no more: their Markdown, and in the site their page and group.
            let mut removed = Vec::new();
            for page in &gone {
                let (html, markdown) = directory::files_of(page);
                let _ = std::fs::remove_file(content.join(markdown));
                removed.extend([html, manifest::group_path(page)]);
            }
            // The groups written anew (not kept from the current generation).
            let written_groups: BTreeSet<String> =
                paging.write.iter().map(|(page, _)| manifest::group_path(page)).collect();

            let recycled_from = recyclable(&root, &last);
            let fresh_folder = match &recycled_from {
                Some((folder, _)) => generations::recycle(&root, folder)?,
                None => generations::next(&root)?,
            };
            let rebuilt = published.published.values().any(|r| !r.is_empty()).then(|| code.clone());
            let placement = Placement::new(&root, &fresh_folder, rebuilt)?;
            let own = UnitManifest::new(&code);
            let listed_in = |files: &[manifest::Entry], e: &manifest::Entry| {
                files.binary_search_by(|f| f.path.cmp(&e.path)).is_ok_and(|i| files[i] == *e)
            };
            // The site's list keeps every other unit (by its manifest, or file by file in the
            // flat format) and the files outside the units' folders not rendered again.
            let kept = |path: &str| {
                let log_kept = newer_log || !log_files::replaced_when_longer(path);
                let page_kept = !removed.iter().any(|p| p == path) && !written_groups.contains(path);
                log_kept && page_kept && !path.starts_with(&own.prefix) && !out.public.contains_key(path)
            };
            // Above `directory::ONE_PAGE` units, units' manifests are listed by groups, and a
            // group stands for its units as long as it is the same. The groups read: those this
            // publication rewrites or removes, and those the recycled generation has otherwise
            // than the current one (changed by the publication before); all of them when the
            // site passes `ONE_PAGE` units, or when the generation starts empty.
            let differ = |a: &[manifest::Entry], b: &[manifest::Entry]| -> Vec<String> {
                let groups = a.iter().filter(|e| manifest::is_group(&e.path) && !listed_in(b, e));
                groups.filter_map(|e| manifest::group_of(&e.path)).map(str::to_string).collect()
            };
            let mut read = paging.read.clone();
            if let Some((_, listed)) = &recycled_from {
                read.extend(differ(&listed.files, &old.files));
                read.extend(differ(&old.files, &listed.files));
            }
            let all = paging.all || recycled_from.is_none();
            let which = |page: &str| all || read.contains(page);
            let (old_flat, old_groups) = expanded(&public, &old.files, which)?;
            let recycled_flat = match &recycled_from {
                Some((_, listed)) => Some(expanded(&fresh_folder, &listed.files, which)?.0),
                None => None,
            };
            // The unit's list keeps its permanent files (`<year>/r<n>/…`) of revisions still
            // published.
            let (old_unit, had_manifest) = own.previous(&public, &old_flat);
            let unit_kept = |path: &str| keeps(path, &code, &published.published) && !out.public.contains_key(path);
            // A recycled generation keeps what it has as the current one has it; what changed
            // since is carried from the current one.
            if let Some(listed) = &recycled_flat {
                generations::prune(&fresh_folder, listed, |e| kept(&e.path) && listed_in(&old_flat, e))?;
            }
            let recycled = |e: &manifest::Entry| recycled_flat.as_ref().is_some_and(|l| listed_in(l, e));
            generations::carry_over(&public, &placement, &old_flat, |e| !kept(&e.path) || recycled(e))?;
            generations::carry_over(&public, &placement, &old_unit, |e| !unit_kept(&e.path))?;
            // The site's list: in pages, the units' manifests are in the groups, not in it.
            let in_root = |path: &str| !(paging.after && manifest::is_unit_manifest(path));
            let mut entries: Vec<manifest::Entry> =
                old_flat.iter().filter(|e| kept(&e.path) && in_root(&e.path)).cloned().collect();
            let mut unit_entries: Vec<manifest::Entry> =
                old_unit.iter().filter(|e| unit_kept(&e.path)).cloned().collect();
            unit_entries.extend(own.entries_in(&out.public));
            let unit_files = unit_entries.len();
            own.add(&mut out.public, unit_entries);
            let groups = groups_of(&paging.write, |path| match path == own.path {
                true => out.public.get(path).map(|bytes| manifest::entry(path, bytes)),
                false => find(&old_flat, path).cloned(),
            });
            let in_groups: usize = groups.values().map(|g| g.files.len()).sum();
            out.public.extend(groups.iter().map(|(path, group)| (path.clone(), group.to_bytes())));
            let lists = [old_flat.as_slice(), old_unit.as_slice()];
            let written = generations::write_files(&placement, &out.public, Some(&public), &lists, Reuse::Unchanged)?;
            placement.finish()?;
            let listed = out.public.iter().filter(|(path, _)| own.in_site_list(path) && in_root(path));
            entries.extend(listed.map(|(path, bytes)| manifest::entry(path, bytes)));
            let manifest = Arc::new(Manifest::from_entries(entries));
            generations::write_with_copies(&fresh_folder, manifest::FILE, &manifest.to_bytes())?;
            generations::flip(&root, &fresh_folder)?;
            let mut known = records.lock().expect("not poisoned");
            known.get_or_insert_with(Record::default).units.insert(code.clone(), published.clone());
            drop(known);
            record::write_unit(&root, &code, &published)?;
            // The site's files: the other units' as before, this unit's and the site's list as now.
            let before_unit = if had_manifest { old_unit.len() } else { 0 };
            // The groups of the current generation that the next one no longer has as they are.
            let replaced: Option<usize> = old
                .files
                .iter()
                .filter(|e| manifest::is_group(&e.path) && !listed_in(&manifest.files, e))
                .map(|e| manifest::group_of(&e.path).and_then(|page| old_groups.get(page).copied()))
                .sum();
            let files = match (known_total, replaced) {
                (Some(total), Some(replaced)) => {
                    total.saturating_sub(old.files.len() + replaced + before_unit)
                        + manifest.files.len()
                        + in_groups
                        + unit_files
                }
                _ => manifest::all_entries(&fresh_folder).map_or(manifest.files.len(), |all| all.len()),
            };
            remember(&last, &fresh_folder, &manifest, files);
            sealed::sweep(&root, &generations::folders(&root)?, Some(&code))?;
            Ok(Built { written: written + 1, files, root_hash: manifest.root.clone() })
        })
        .await;
        self.flipped(built)
    }
}

/// Whether a file of the current generation stays in the next one when `code` is rebuilt:
/// every other unit's files, and this unit's permanent files (`<year>/r<n>/…`) of revisions
/// still published; the unit's other pages are rendered again.
fn keeps(path: &str, code: &str, published: &record::Published) -> bool {
    if path.strip_prefix(code).is_none_or(|rest| !rest.starts_with('/')) {
        return true;
    }
    let Some(folder) = sealed::sealed_folder(path) else { return false };
    let mut parts = folder.rsplitn(3, '/');
    let (Some(revision), Some(year)) = (parts.next(), parts.next()) else { return false };
    let (Ok(year), Some(Ok(number))) = (year.parse::<u16>(), revision.strip_prefix('r').map(str::parse::<u32>)) else {
        return false;
    };
    published.get(&year).is_some_and(|list| list.iter().any(|(n, _)| *n == number))
}

fn unit_of(published: record::Published) -> record::UnitRecord {
    record::UnitRecord { published, home: None }
}

/// Keeps the manifest just written for generation `folder`, with the number of files the
/// site has (read by the next publication).
fn remember(last: &Mutex<LastManifest>, folder: &Path, manifest: &Arc<Manifest>, files: usize) {
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    let mut last = last.lock().expect("not poisoned");
    last.before = last.current.take().map(|(folder, manifest, _)| (folder, manifest));
    last.current = Some((folder, manifest.clone(), files));
}

/// The generation before the current one and its manifest, when it lists units by their own
/// manifests (only such a generation is recycled: see `generations::recycle`).
fn recyclable(root: &Path, last: &Mutex<LastManifest>) -> Option<(PathBuf, Arc<Manifest>)> {
    let folder = std::fs::canonicalize(generations::before(root)?).ok()?;
    let known = last.lock().expect("not poisoned").before.clone().filter(|(f, _)| *f == folder);
    let manifest = known.map(|(_, m)| m).or_else(|| read_manifest(&folder).map(Arc::new))?;
    (manifest.format == manifest::FORMAT).then_some((folder, manifest))
}

/// A unit's own manifest, `<code>/manifest.json` in its folder: the list of the unit's files,
/// which the site's manifest lists as one file (see `manifest`).
struct UnitManifest {
    /// `<code>/`
    prefix: String,
    /// `<code>/manifest.json`
    path: String,
}

impl UnitManifest {
    fn new(code: &str) -> UnitManifest {
        UnitManifest { prefix: format!("{code}/"), path: format!("{code}/{}", manifest::FILE) }
    }

    /// The entries of the unit's files among `files` (its manifest aside).
    fn entries_in(&self, files: &BTreeMap<String, Vec<u8>>) -> Vec<manifest::Entry> {
        let unit = files.range(self.prefix.clone()..).take_while(|(path, _)| path.starts_with(&self.prefix));
        unit.filter(|(path, _)| **path != self.path).map(|(path, bytes)| manifest::entry(path, bytes)).collect()
    }

    /// Adds the unit's manifest listing `entries` to `files` (none for a unit without files).
    fn add(&self, files: &mut BTreeMap<String, Vec<u8>>, entries: Vec<manifest::Entry>) {
        if !entries.is_empty() {
            files.insert(self.path.clone(), Manifest::from_entries(entries).to_bytes());
        }
    }

    /// Whether the site's own list has `path`: what is outside the unit's folder, and the
    /// unit's manifest.
    fn in_site_list(&self, path: &str) -> bool {
        !path.starts_with(&self.prefix) || path == self.path
    }

    /// The unit's files as the generation in `dir` lists them, and whether it lists them in the
    /// unit's manifest (else in the site's list: the flat format, `disclose-manifest/1`).
    fn previous(&self, dir: &Path, files: &[manifest::Entry]) -> (Vec<manifest::Entry>, bool) {
        if files.binary_search_by(|e| e.path.as_str().cmp(&self.path)).is_ok() {
            return (read_manifest(&dir.join(&self.prefix)).map(|m| m.files).unwrap_or_default(), true);
        }
        let start = files.partition_point(|e| e.path.as_str() < self.prefix.as_str());
        (files[start..].iter().take_while(|e| e.path.starts_with(&self.prefix)).cloned().collect(), false)
    }
}

/// What a publication does to the groups of units' manifests (see `manifest`): in pages of the
/// directory, a unit's manifest is listed by the group of its page.
struct Paging {
    /// Whether the site is in pages after the publication.
    after: bool,
    /// The site passes `directory::ONE_PAGE` units: every group is read, written or removed.
    all: bool,
    /// The groups of the current generation read: those around the unit.
    read: BTreeSet<String>,
    /// The groups written, with their pages' units.
    write: Vec<(String, Vec<String>)>,
}

impl Paging {
    fn of(before: &Directory, now: &Directory, code: &str) -> Paging {
        let all = before.is_paged() != now.is_paged();
        let owned = |pages: Vec<(&str, Vec<&str>)>| -> Vec<(String, Vec<String>)> {
            pages
                .into_iter()
                .map(|(page, units)| (page.into(), units.into_iter().map(String::from).collect()))
                .collect()
        };
        let write = match (now.is_paged(), all) {
            (false, _) => Vec::new(),
            (true, true) => owned(now.page_units()),
            (true, false) => owned(now.around_units(code)),
        };
        let read = before.around_units(code).into_iter().map(|(page, _)| page.to_string()).collect();
        Paging { after: now.is_paged(), all, read, write }
    }
}

/// The groups of `pages`, each listing its units' manifests as `entry_of` gives them.
fn groups_of(
    pages: &[(String, Vec<String>)],
    entry_of: impl Fn(&str) -> Option<manifest::Entry>,
) -> BTreeMap<String, Manifest> {
    let group =
        |units: &[String]| units.iter().filter_map(|unit| entry_of(&format!("{unit}/{}", manifest::FILE))).collect();
    pages.iter().map(|(page, units)| (manifest::group_path(page), Manifest::from_entries(group(units)))).collect()
}

/// The entry of `path` in a list sorted by path.
fn find<'e>(files: &'e [manifest::Entry], path: &str) -> Option<&'e manifest::Entry> {
    files.binary_search_by(|e| e.path.as_str().cmp(path)).ok().map(|i| &files[i])
}

/// A site's list (`files`, of the generation in `dir`) with the entries of the groups it lists
/// whose page `which` names (the groups' own entries stay), sorted by path; and the number of
/// entries of each group read.
fn expanded(
    dir: &Path,
    files: &[manifest::Entry],
    which: impl Fn(&str) -> bool,
) -> Result<(Vec<manifest::Entry>, BTreeMap<String, usize>)> {
    let mut all = files.to_vec();
    let mut sizes = BTreeMap::new();
    for entry in files {
        let Some(page) = manifest::group_of(&entry.path).filter(|page| which(page)) else { continue };
        let group = load_manifest_at(dir, &entry.path)?;
        sizes.insert(page.to_string(), group.files.len());
        all.extend(group.files);
    }
    all.sort_by(|a, b| a.path.cmp(&b.path));
    Ok((all, sizes))
}

fn read_manifest(dir: &Path) -> Option<Manifest> {
    serde_json::from_slice(&std::fs::read(dir.join(manifest::FILE)).ok()?).ok()
}

fn load_manifest(dir: &Path) -> Result<Manifest> {
    load_manifest_at(dir, manifest::FILE)
}

fn load_manifest_at(dir: &Path, file: &str) -> Result<Manifest> {
    let path = dir.join(file);
    let text = std::fs::read(&path).map_err(|e| io("read", &path, e))?;
    serde_json::from_slice(&text).map_err(SiteError::Manifest)
}

/// Runs file work off the async threads.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tokio::task::spawn_blocking(work).await?
}
