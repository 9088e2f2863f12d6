//! What a publication costs the site (issue 10): permanent pages are written once, units publish
//! side by side, a start rebuilds only what changed, and compressed copies are checked.

use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::sync::Arc;

use disclose::service::{self, Publish};
use disclose::site::{generations, manifest, sealed, Built, Site};
use disclose::store::{SledStore, Store};
use serde_json::Value;

use crate::common::{code, example};

const UNIT: &str = "quwo-eco-env";

async fn store_in(dir: &Path) -> Arc<dyn Store> {
    let store: Arc<dyn Store> = Arc::new(SledStore::open(dir).unwrap());
    service::import(store.as_ref(), example("quwo-2021.json").as_bytes(), None, Publish::Now).await.unwrap();
    store
}

/// A store with the 2021 example published, and its site built: (store folder, site root,
/// store, site).
async fn built_site() -> (tempfile::TempDir, tempfile::TempDir, Arc<dyn Store>, Site) {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = store_in(data.path()).await;
    let site = Site::new(out.path());
    site.build(store.as_ref()).await.unwrap();
    (data, out, store, site)
}

/// Publishes a new revision of `unit`'s 2021 in the store (the site is not told).
async fn publish(store: &dyn Store, unit: &str, tag: &str) {
    let mut snapshot: Value = serde_json::from_str(&example("quwo-2021.json")).unwrap();
    snapshot["unit"]["code"] = Value::String(unit.into());
    snapshot["title"] = Value::String(format!("更正 {tag}"));
    service::import(store, &serde_json::to_vec(&snapshot).unwrap(), None, Publish::Now).await.unwrap();
}

/// Publishes a new revision of `unit`'s 2021 and rebuilds the site for it, as the server does.
async fn publish_and_rebuild(store: &dyn Store, site: &Site, unit: &str, tag: &str) -> Built {
    publish(store, unit, tag).await;
    site.rebuild_unit(store, &code(unit)).await.unwrap()
}

/// (inode, modification time) of a file of the current generation.
fn identity(site: &Path, path: &str) -> (u64, i64) {
    let meta = std::fs::metadata(site.join("public").join(path)).unwrap();
    (meta.ino(), meta.mtime_nsec())
}

#[tokio::test]
async fn a_publication_after_many_leaves_earlier_permanent_files_untouched() {
    let (_data, out, store, site) = built_site().await;
    let permanent =
        ["quwo-eco-env/2021/r1/index.html", "quwo-eco-env/2021/r1/index.html.br", "quwo-eco-env/2021/r1/snapshot.json"];
    let before: Vec<_> = permanent.iter().map(|p| identity(out.path(), p)).collect();
    let r1_page = std::fs::read(out.path().join("public").join(permanent[0])).unwrap();
    for n in 2..=6 {
        publish(store.as_ref(), UNIT, &n.to_string()).await;
        let built = site.rebuild_unit(store.as_ref(), &code(UNIT)).await.unwrap();
        // The new revision's page and downloads, the year, unit and home pages, the bulk file
        // and its sum, the manifest, the log's checkpoint, index and last tiles: a bounded
        // number, whatever came before.
        assert!(built.written < 30, "publication {n} wrote {} files", built.written);
    }
    let after: Vec<_> = permanent.iter().map(|p| identity(out.path(), p)).collect();
    assert_eq!(before, after, "an earlier permanent file was written again");
    assert_eq!(std::fs::read(out.path().join("public").join(permanent[0])).unwrap(), r1_page);
    let latest = std::fs::read_to_string(out.path().join("public/quwo-eco-env/2021/index.html")).unwrap();
    assert!(latest.contains("第6版（共6个公开版本）"), "the year's page shows the latest");
    assert_eq!(manifest::verify(&out.path().join("public")).unwrap(), vec![]);

    // The same store built from scratch gives the same bytes: the permanent pages as they were.
    let full = tempfile::tempdir().unwrap();
    Site::new(full.path()).build(store.as_ref()).await.unwrap();
    let listed = |dir: &Path| std::fs::read(dir.join("public").join(manifest::FILE)).unwrap();
    assert_eq!(listed(out.path()), listed(full.path()));
}

#[tokio::test]
async fn publications_of_two_units_at_once_both_reach_the_site() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = store_in(data.path()).await;
    publish(store.as_ref(), "another-bureau", "1").await;
    let site = Arc::new(Site::new(out.path()));
    site.build(store.as_ref()).await.unwrap();
    publish(store.as_ref(), UNIT, "2").await;
    publish(store.as_ref(), "another-bureau", "2").await;
    let (one, other) = (code(UNIT), code("another-bureau"));
    let (a, b) = tokio::join!(site.rebuild_unit(store.as_ref(), &one), site.rebuild_unit(store.as_ref(), &other));
    a.unwrap();
    b.unwrap();
    let public = out.path().join("public");
    assert!(public.join("quwo-eco-env/2021/r2/index.html").exists());
    assert!(public.join("another-bureau/2021/r2/index.html").exists());
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(home.contains("another-bureau/2021/") && home.contains("quwo-eco-env/2021/"));
    let bulk = std::fs::read_to_string(public.join("data/revisions/0.jsonl")).unwrap();
    assert_eq!(bulk.lines().count(), 4, "every published revision has its line");
    assert_eq!(manifest::verify(&public).unwrap(), vec![]);
}

#[tokio::test]
async fn a_second_start_rebuilds_nothing_and_a_change_of_template_or_store_rebuilds() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = store_in(data.path()).await;
    let first = Site::new(out.path()).start(store.as_ref()).await.unwrap();
    assert!(first.written > 0);
    let generation = generations::current(out.path()).unwrap();
    let again = Site::new(out.path()).start(store.as_ref()).await.unwrap();
    assert_eq!((again.written, again.root_hash.as_str()), (0, first.root_hash.as_str()));
    assert_eq!(generations::current(out.path()), Some(generation), "a start with nothing new flipped public");

    // The store publishes more (as after restoring a dump): that unit is rebuilt.
    publish(store.as_ref(), UNIT, "2").await;
    let rebuilt = Site::new(out.path()).start(store.as_ref()).await.unwrap();
    assert!(rebuilt.written > 0);
    assert!(out.path().join("public/quwo-eco-env/2021/r2/index.html").exists());

    // An operator's template edit: everything is rendered with it.
    let base = out.path().join("templates/base.html");
    let mut text = std::fs::read_to_string(&base).unwrap();
    text = text.replacen("<body", "<!-- edited -->\n<body", 1);
    std::fs::write(&base, text).unwrap();
    let edited = Site::new(out.path()).start(store.as_ref()).await.unwrap();
    assert!(edited.written > 0);
    let page = std::fs::read_to_string(out.path().join("public/quwo-eco-env/2021/r1/index.html")).unwrap();
    assert!(page.contains("<!-- edited -->"));
    assert_eq!(manifest::verify(&out.path().join("public")).unwrap(), vec![]);

    // A damaged site is rebuilt too.
    let generation = generations::current(out.path()).unwrap();
    std::fs::remove_file(out.path().join("public/index.html")).unwrap();
    assert!(Site::new(out.path()).start(store.as_ref()).await.unwrap().written > 0);
    assert!(generations::current(out.path()).unwrap() > generation);
    assert_eq!(manifest::verify(&out.path().join("public")).unwrap(), vec![]);
}

#[tokio::test]
async fn compressed_copies_decode_to_their_files_and_verify_names_an_altered_one() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = store_in(data.path()).await;
    Site::new(out.path()).build(store.as_ref()).await.unwrap();
    let public = std::fs::canonicalize(out.path().join("public")).unwrap();
    let page = std::fs::read(public.join("quwo-eco-env/2021/index.html")).unwrap();
    for (suffix, decode) in [(".gz", gunzip as fn(&[u8]) -> Vec<u8>), (".br", unbrotli)] {
        let copy = std::fs::read(public.join(format!("quwo-eco-env/2021/index.html{suffix}"))).unwrap();
        assert!(copy.len() * 3 < page.len(), "{suffix} saves little");
        assert_eq!(decode(&copy), page);
    }
    let listed: Value = serde_json::from_slice(&std::fs::read(public.join(manifest::FILE)).unwrap()).unwrap();
    let paths: Vec<&str> = listed["files"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert!(paths.iter().all(|p| !p.ends_with(".gz") && !p.ends_with(".br")), "a copy is listed");

    // A copy that no longer decodes to its file, and one without a file, are named.
    let br = public.join("quwo-eco-env/2021/index.html.br");
    let mut other = std::fs::read(public.join("index.html.br")).unwrap();
    std::fs::remove_file(&br).unwrap();
    std::fs::write(&br, &other).unwrap();
    other.truncate(10);
    std::fs::write(public.join("nothing.html.gz"), &other).unwrap();
    assert_eq!(
        manifest::verify(&public).unwrap(),
        vec![
            manifest::Problem::Extra("nothing.html.gz".into()),
            manifest::Problem::Altered("quwo-eco-env/2021/index.html.br".into())
        ]
    );
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(bytes), &mut out).unwrap();
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliDecompress(&mut &bytes[..], &mut out).unwrap();
    out
}

#[tokio::test]
async fn a_revision_folder_is_sealed_once_and_linked_by_every_generation() {
    let (_data, out, store, site) = built_site().await;
    let public = out.path().join("public");
    let r1 = public.join("quwo-eco-env/2021/r1");
    let sealed = std::fs::canonicalize(&r1).unwrap();
    assert!(std::fs::symlink_metadata(&r1).unwrap().file_type().is_symlink());
    assert!(sealed.starts_with(std::fs::canonicalize(out.path().join(sealed::SEALED)).unwrap()), "{sealed:?}");
    let link_inode = std::fs::symlink_metadata(&r1).unwrap().ino();

    // Twelve more publications: r1 is still the one sealed folder, reached through the same
    // link (hard-linked from generation to generation, not made again).
    for n in 2..=13 {
        publish(store.as_ref(), UNIT, &n.to_string()).await;
        site.rebuild_unit(store.as_ref(), &code(UNIT)).await.unwrap();
    }
    assert_eq!(std::fs::canonicalize(&r1).unwrap(), sealed);
    assert_eq!(std::fs::symlink_metadata(&r1).unwrap().ino(), link_inode);
    assert_eq!(manifest::verify(&public).unwrap(), vec![]);

    // A report page lists the latest ten; the year's history page lists all thirteen.
    let year = std::fs::read_to_string(public.join("quwo-eco-env/2021/index.html")).unwrap();
    assert!(year.contains("共 13 个公开版本，下表列出最近 10 个"), "{year}");
    assert!(year.contains(r#"<a href="r4/">第4版</a>"#) && !year.contains(r#"<a href="r3/">"#));
    let history = std::fs::read_to_string(public.join("quwo-eco-env/2021/history/index.html")).unwrap();
    assert!((1..=13).all(|n| history.contains(&format!(r#"<a href="../r{n}/">第{n}版</a>"#))), "{history}");

    // A damaged sealed file fails verification; the next start writes the site anew, and only
    // the folders the generations link stay sealed.
    std::fs::write(r1.join("snapshot.json"), b"{}").unwrap();
    assert_ne!(manifest::verify(&public).unwrap(), vec![]);
    Site::new(out.path()).start(store.as_ref()).await.unwrap();
    assert_eq!(manifest::verify(&public).unwrap(), vec![]);
    let count = |dir: &Path| std::fs::read_dir(dir).unwrap().count();
    let sealed_folders = out.path().join(sealed::SEALED).join("quwo-eco-env/2021");
    assert_eq!(count(&sealed_folders), 13);

    // A template edit changes every page: new sealed folders, the old ones kept while the
    // generation before links them, then swept.
    let base = out.path().join("templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap().replacen("<body", "<!-- edited -->\n<body", 1);
    std::fs::write(&base, text).unwrap();
    site.build(store.as_ref()).await.unwrap();
    assert_eq!(count(&sealed_folders), 26);
    site.build(store.as_ref()).await.unwrap();
    assert_eq!(count(&sealed_folders), 13);
    assert!(std::fs::read_to_string(r1.join("index.html")).unwrap().contains("<!-- edited -->"));
}

/// The site's manifest as JSON.
fn root_manifest(public: &Path) -> manifest::Manifest {
    serde_json::from_slice(&std::fs::read(public.join(manifest::FILE)).unwrap()).unwrap()
}

#[tokio::test]
async fn the_site_lists_each_unit_by_the_manifest_in_its_folder() {
    let (_data, out, store, site) = built_site().await;
    publish_and_rebuild(store.as_ref(), &site, "another-bureau", "1").await;
    let built = publish_and_rebuild(store.as_ref(), &site, UNIT, "2").await;
    let public = out.path().join("public");

    // The site's list: one line per unit, and the files outside the units' folders.
    let root = root_manifest(&public);
    assert_eq!(root.format, "disclose-manifest/3");
    for unit in [UNIT, "another-bureau"] {
        let in_unit: Vec<_> = root.files.iter().filter(|e| e.path.starts_with(&format!("{unit}/"))).collect();
        assert_eq!(in_unit.len(), 1, "{unit}: {in_unit:?}");
        assert_eq!(in_unit[0].path, format!("{unit}/manifest.json"));
        let own = root_manifest(&public.join(unit));
        assert_eq!(own.root, manifest::root_hash(&own.files));
        assert!(own.files.iter().all(|e| e.path.starts_with(&format!("{unit}/"))), "{unit}");
    }
    let own = root_manifest(&public.join(UNIT));
    assert!(own.files.iter().any(|e| e.path == "quwo-eco-env/2021/r2/snapshot.json"), "the new revision");
    assert!(own.files.iter().any(|e| e.path == "quwo-eco-env/2021/r1/snapshot.json"), "the earlier one, kept");

    // Through the units' manifests, every file of the site is listed, once.
    let all = manifest::all_entries(&public).unwrap();
    let plain: Vec<String> =
        manifest::walk(&public).unwrap().into_iter().filter(|p| !p.ends_with(".gz") && !p.ends_with(".br")).collect();
    assert_eq!(all.iter().map(|e| e.path.clone()).collect::<Vec<_>>(), plain);
    assert_eq!(built.files, all.len());
    assert_eq!(manifest::verify(&public).unwrap(), vec![]);

    // A unit's manifest edited to match an edited file no longer matches the site's list.
    let own_path = public.join(UNIT).join(manifest::FILE);
    let mut edited = own.clone();
    let page = edited.files.iter_mut().find(|e| e.path == "quwo-eco-env/2021/index.html").unwrap();
    std::fs::write(public.join(&page.path), "改过的页面").unwrap();
    page.sha256 = disclose::integrity::sha256_hex("改过的页面".as_bytes());
    page.size = "改过的页面".len() as u64;
    let edited = manifest::Manifest::from_entries(edited.files);
    std::fs::write(&own_path, edited.to_bytes()).unwrap();
    // Named once: the files of a folder whose manifest is altered are not listed one by one.
    assert_eq!(
        manifest::verify(&public).unwrap(),
        vec![manifest::Problem::Altered("quwo-eco-env/manifest.json".into())]
    );
}

#[tokio::test]
async fn a_site_listed_in_the_flat_format_verifies_and_takes_the_next_publication() {
    let (_data, out, store, site) = built_site().await;
    let public = out.path().join("public");
    // The site as an earlier version listed it: every file in the site's manifest, no unit's
    // manifest (`disclose-manifest/1`).
    let flat: Vec<manifest::Entry> =
        manifest::all_entries(&public).unwrap().into_iter().filter(|e| !manifest::is_nested(&e.path)).collect();
    let unit_folder = std::fs::canonicalize(public.join(UNIT)).unwrap();
    for (folder, copy) in
        [(&unit_folder, ""), (&unit_folder, ".gz"), (&unit_folder, ".br"), (&public, ".gz"), (&public, ".br")]
    {
        let _ = std::fs::remove_file(folder.join(format!("{}{copy}", manifest::FILE)));
    }
    let mut old = manifest::Manifest::from_entries(flat);
    old.format = "disclose-manifest/1".into();
    std::fs::write(public.join(manifest::FILE), old.to_bytes()).unwrap();
    assert_eq!(manifest::verify(&public).unwrap(), vec![]);

    // A new process (nothing remembered) publishes: the unit gets its manifest.
    let site = {
        drop(site);
        Site::new(out.path())
    };
    let built = publish_and_rebuild(store.as_ref(), &site, UNIT, "2").await;
    let root = root_manifest(&public);
    assert!(root.files.iter().any(|e| e.path == "quwo-eco-env/manifest.json"));
    assert!(root.files.iter().all(|e| !e.path.starts_with("quwo-eco-env/2021")));
    assert_eq!(manifest::verify(&public).unwrap(), vec![]);
    assert_eq!(built.files, manifest::all_entries(&public).unwrap().len());
}

/// The inode of the generation folder numbered `n`.
fn folder_inode(site: &Path, n: u64) -> u64 {
    std::fs::metadata(site.join(generations::FOLDER).join(n.to_string())).unwrap().ino()
}

#[tokio::test]
async fn a_publication_recycles_the_generation_before_and_carries_what_changed_since() {
    let (_data, out, store, site) = built_site().await;
    let public = out.path().join("public");
    // The first publication has no generation before the current one: a new folder.
    publish_and_rebuild(store.as_ref(), &site, "another-bureau", "1").await;
    assert_eq!(generations::current(out.path()), Some(2));
    for (n, unit, tag) in [(3, UNIT, "2"), (4, "another-bureau", "2"), (5, UNIT, "3")] {
        // The folder of the generation before the current one becomes the next generation.
        let recycled = folder_inode(out.path(), n - 2);
        publish_and_rebuild(store.as_ref(), &site, unit, tag).await;
        assert_eq!(generations::current(out.path()), Some(n));
        assert_eq!(folder_inode(out.path(), n), recycled, "generation {n}");
        assert!(!out.path().join(generations::FOLDER).join((n - 2).to_string()).exists());
        // It has what the publication before changed, and this one's changes, and nothing else.
        assert_eq!(manifest::verify(&public).unwrap(), vec![], "generation {n}");
    }
    assert!(public.join("another-bureau/2021/r2/index.html").exists());
    assert!(public.join("quwo-eco-env/2021/r3/index.html").exists());
    let full = tempfile::tempdir().unwrap();
    Site::new(full.path()).build(store.as_ref()).await.unwrap();
    let listed = |dir: &Path| std::fs::read(dir.join("public").join(manifest::FILE)).unwrap();
    assert_eq!(listed(out.path()), listed(full.path()), "the same files as a full build");
    let all = |dir: &Path| manifest::all_entries(&dir.join("public")).unwrap();
    assert_eq!(all(out.path()), all(full.path()));
}

#[tokio::test]
async fn after_a_site_failed_to_verify_no_generation_sharing_its_folders_is_recycled() {
    let (_data, out, store, site) = built_site().await;
    let public = out.path().join("public");
    publish_and_rebuild(store.as_ref(), &site, "another-bureau", "1").await;
    // A file of quwo-eco-env's folder, which this generation and the one before both link, is
    // altered on disk: the start finds it and builds everything anew.
    let page = public.join("quwo-eco-env/2021/index.html");
    let tampered = std::fs::canonicalize(&page).unwrap();
    std::fs::remove_file(&tampered).unwrap();
    std::fs::write(&tampered, "改过的页面").unwrap();
    assert_ne!(manifest::verify(&public).unwrap(), vec![]);
    let site = Site::new(out.path());
    site.start(store.as_ref()).await.unwrap();
    assert_eq!(manifest::verify(&public).unwrap(), vec![]);
    // The next publication does not start from the generation that still links the altered file.
    publish_and_rebuild(store.as_ref(), &site, "another-bureau", "2").await;
    assert_eq!(manifest::verify(&public).unwrap(), vec![]);
    assert_ne!(std::fs::read_to_string(&page).unwrap(), "改过的页面");
}

#[tokio::test]
async fn a_publication_writes_its_units_record_only_and_a_record_left_behind_is_mended_at_start() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = store_in(data.path()).await;
    publish(store.as_ref(), "another-bureau", "1").await;
    let site = Site::new(out.path());
    site.build(store.as_ref()).await.unwrap();
    let record_of = |unit: &str| out.path().join("built/units").join(format!("{unit}.json"));
    let written = |path: &Path| std::fs::metadata(path).map(|m| (m.ino(), m.mtime_nsec())).unwrap();
    let (other, before) = (written(&record_of("another-bureau")), std::fs::read(record_of(UNIT)));

    publish_and_rebuild(store.as_ref(), &site, UNIT, "2").await;
    assert_eq!(written(&record_of("another-bureau")), other, "another unit's record was written");
    let after = std::fs::read(record_of(UNIT)).unwrap();
    assert_ne!(before.as_ref().unwrap(), &after);

    // A crash between the flip and the record's write: the record is behind the site. A start
    // rebuilds that unit and ends where a full build ends.
    std::fs::write(record_of(UNIT), before.unwrap()).unwrap();
    let started = Site::new(out.path()).start(store.as_ref()).await.unwrap();
    assert!(started.written > 0, "the unit was rebuilt");
    assert_eq!(std::fs::read(record_of(UNIT)).unwrap(), after);
    assert_eq!(manifest::verify(&out.path().join("public")).unwrap(), vec![]);
    let full = tempfile::tempdir().unwrap();
    Site::new(full.path()).build(store.as_ref()).await.unwrap();
    let listed = |dir: &Path| std::fs::read(dir.join("public").join(manifest::FILE)).unwrap();
    assert_eq!(listed(out.path()), listed(full.path()));
    assert_eq!(Site::new(out.path()).start(store.as_ref()).await.unwrap().written, 0);
}

/// The directory page of the site in `public` that lists `unit`, and every page's path.
fn directory_pages(public: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = std::fs::read_dir(public.join("units"))
        .unwrap()
        .map(|e| e.unwrap().path().join("index.html"))
        .filter(|p| p.exists())
        .map(|p| (p.strip_prefix(public).unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    pages.sort();
    pages
}

#[tokio::test]
async fn above_a_hundred_units_the_home_page_lists_pages_and_a_publication_renders_its_own() {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = store_in(data.path()).await;
    for i in 0..110 {
        publish(store.as_ref(), &format!("unit-{i:03}"), "1").await;
    }
    let site = Site::new(out.path());
    site.build(store.as_ref()).await.unwrap();
    let public = out.path().join("public");
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(home.contains("共111个单位") && !home.contains(r#"href="unit-005/""#), "the home page lists pages");
    let pages = directory_pages(&public);
    assert!(pages.len() >= 2, "{} pages", pages.len());
    for i in 0..110 {
        let link = format!(r#"href="../../unit-{i:03}/""#);
        assert_eq!(pages.iter().filter(|(_, html)| html.contains(&link)).count(), 1, "unit-{i:03} is on one page");
    }

    // A unit renamed: its page shows the new name; the other pages are the same files.
    let (renamed, _) = pages.iter().find(|(_, html)| html.contains(r#"href="../../unit-050/""#)).unwrap().clone();
    let others: Vec<_> =
        pages.iter().filter(|(path, _)| *path != renamed).map(|(p, _)| (p.clone(), identity(out.path(), p))).collect();
    let mut snapshot: Value = serde_json::from_str(&example("quwo-2021.json")).unwrap();
    snapshot["unit"]["code"] = Value::String("unit-050".into());
    snapshot["unit"]["name"] = Value::String("更名后的单位".into());
    service::import(store.as_ref(), &serde_json::to_vec(&snapshot).unwrap(), None, Publish::Now).await.unwrap();
    site.rebuild_unit(store.as_ref(), &code("unit-050")).await.unwrap();
    assert!(std::fs::read_to_string(public.join(&renamed)).unwrap().contains("更名后的单位"));
    for (path, identity_before) in others {
        assert_eq!(identity(out.path(), &path), identity_before, "{path} was written again");
    }

    // New units, wherever they fall: the site lists what a full build lists (the renamed
    // unit's first revision keeps its page, breadcrumbs included, as it was published).
    for unit in ["aaa-first", "unit-0505", "zzz-last"] {
        publish_and_rebuild(store.as_ref(), &site, unit, "1").await;
    }
    assert_eq!(manifest::verify(&public).unwrap(), vec![]);
    let full = tempfile::tempdir().unwrap();
    Site::new(full.path()).build(store.as_ref()).await.unwrap();
    let listed = |dir: &Path| root_manifest(&dir.join("public")).files;
    assert_eq!(listed(out.path()), listed(full.path()));
    assert_eq!(directory_pages(&public), directory_pages(&full.path().join("public")));

    // The site's list names the groups, one per page, and no unit's manifest; each group the
    // manifests of its page's units.
    let root = root_manifest(&public);
    assert!(root.files.iter().all(|e| !manifest::is_unit_manifest(&e.path)));
    let groups: Vec<&str> =
        root.files.iter().filter(|e| manifest::is_group(&e.path)).map(|e| e.path.as_str()).collect();
    assert_eq!(groups.len(), directory_pages(&public).len());
    let in_groups: usize = groups.iter().map(|g| root_manifest(public.join(g).parent().unwrap()).files.len()).sum();
    assert_eq!(in_groups, 114, "every unit's manifest, in one group");
    // A publication writes its unit's group, not the others.
    let (own, others): (Vec<&str>, Vec<&str>) = groups
        .iter()
        .partition(|g| std::fs::read_to_string(public.join(g)).unwrap().contains("\"unit-0505/manifest.json\""));
    let before: Vec<_> = others.iter().map(|g| identity(out.path(), g)).collect();
    let own_before = identity(out.path(), own[0]);
    publish_and_rebuild(store.as_ref(), &site, "unit-0505", "2").await;
    assert_eq!(others.iter().map(|g| identity(out.path(), g)).collect::<Vec<_>>(), before);
    assert_ne!(identity(out.path(), own[0]), own_before);
    assert_eq!(manifest::verify(&public).unwrap(), vec![]);

    // A group removed is named once, not followed by each file of its units.
    let full_public = full.path().join("public");
    std::fs::remove_file(full_public.join(groups[1])).unwrap();
    assert_eq!(manifest::verify(&full_public).unwrap(), vec![manifest::Problem::Missing(groups[1].to_string())]);
}
