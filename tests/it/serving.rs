//! Serving reads (issue 10): site files and API documents from memory, compressed when asked,
//! with strong tags (a site file's is its manifest hash), 304, `Vary`, `Cache-Control` per
//! kind of address, and the cache of hot documents never answering with what a write replaced.

use std::io::Read;
use std::path::Path;

use awc::http::StatusCode;
use disclose::site::manifest;

use crate::common::{example_2021, spawn_app, spawn_site_app, Reply, TestApp, UNIT};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const BOTH: &str = "gzip, br";

async fn get_with(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = app.client.get(app.url(path));
    for header in headers {
        request = request.insert_header(*header);
    }
    app.send(request, None).await
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut plain).unwrap();
    plain
}

/// Every file of the site, as its manifests (the site's and the units') list them.
fn listed(site: &Path) -> Vec<manifest::Entry> {
    manifest::all_entries(&site.join("public")).unwrap()
}

#[actix_web::test]
async fn every_site_file_is_tagged_with_its_manifest_hash_and_gzips_to_the_same_bytes() {
    let site = tempfile::tempdir().unwrap();
    let app = spawn_site_app(site.path()).await;
    let files = listed(site.path());
    assert!(files.len() > 20);
    assert!(files.iter().any(|e| e.path == format!("{UNIT}/manifest.json")), "the unit's manifest is served too");
    for entry in files {
        let path = format!("/{}", entry.path.strip_suffix("index.html").unwrap_or(&entry.path));
        let plain = app.get(&path).await;
        assert_eq!(plain.status, StatusCode::OK, "{path}");
        assert_eq!(plain.header("etag").unwrap(), format!("\"{}\"", entry.sha256), "{path}");
        assert!(plain.header("content-encoding").is_none(), "{path}");
        let gzipped = get_with(&app, &path, &[("accept-encoding", "gzip")]).await;
        if gzipped.header("content-encoding").as_deref() == Some("gzip") {
            assert_eq!(gunzip(&gzipped.body), plain.body, "{path}");
            assert_eq!(gzipped.header("etag").unwrap(), format!("\"{}-gzip\"", entry.sha256));
            assert_eq!(gzipped.header("vary").as_deref(), Some("accept-encoding"), "{path}");
            assert!(gzipped.body.len() < plain.body.len(), "{path}");
        }
        let expected = if entry.path.contains("/r1/") || entry.path.contains("/r2/") { IMMUTABLE } else { "no-cache" };
        assert_eq!(plain.header("cache-control").as_deref(), Some(expected), "{path}");
        // Any variant's tag names the file: 304, with no body.
        for tag in [format!("\"{}\"", entry.sha256), format!("\"{}-gzip\"", entry.sha256)] {
            let unchanged = get_with(&app, &path, &[("if-none-match", &tag)]).await;
            assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED, "{path}");
            assert!(unchanged.body.is_empty());
        }
    }
    let year = app.get(&format!("/{UNIT}/2021/")).await;
    assert!(year.header("content-type").unwrap().starts_with("text/html"));
    assert_eq!(year.header("vary").as_deref(), Some("accept-encoding"));
}

#[actix_web::test]
async fn precompressed_variants_beside_a_file_are_chosen_by_accept_encoding() {
    let site = tempfile::tempdir().unwrap();
    let app = spawn_site_app(site.path()).await;
    let folder = site.path().join(format!("public/{UNIT}/2021"));
    let page = std::fs::read(folder.join("index.html")).unwrap();
    // What a build writes beside the file: gzip at its own level, and brotli (any bytes do
    // here: the server sends the file as written).
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut gz, &page).unwrap();
    let gz = gz.finish().unwrap();
    std::fs::write(folder.join("index.html.gz"), &gz).unwrap();
    std::fs::write(folder.join("index.html.br"), b"brotli bytes as written at build time").unwrap();
    let path = format!("/{UNIT}/2021/");

    let br = get_with(&app, &path, &[("accept-encoding", BOTH)]).await;
    assert_eq!(br.header("content-encoding").as_deref(), Some("br"));
    assert_eq!(br.body, b"brotli bytes as written at build time");
    let tag = br.header("etag").unwrap();
    assert!(tag.ends_with("-br\""), "{tag}");
    let unchanged = get_with(&app, &path, &[("accept-encoding", BOTH), ("if-none-match", &tag)]).await;
    assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);

    let gzip = get_with(&app, &path, &[("accept-encoding", "gzip, br;q=0")]).await;
    assert_eq!(gzip.header("content-encoding").as_deref(), Some("gzip"));
    assert_eq!(gzip.body, gz, "the precompressed file, not one made on the fly");
    assert_eq!(gunzip(&gzip.body), page);

    for refused in ["gzip;q=0, br;q=0", "identity", "*;q=0, identity", "compress"] {
        let plain = get_with(&app, &path, &[("accept-encoding", refused)]).await;
        assert!(plain.header("content-encoding").is_none(), "{refused}");
        assert_eq!(plain.body, page, "{refused}");
    }
    let any = get_with(&app, &path, &[("accept-encoding", "*")]).await;
    assert_eq!(any.header("content-encoding").as_deref(), Some("br"));
}

#[actix_web::test]
async fn api_documents_gzip_to_the_stored_bytes_and_say_how_long_to_keep_them() {
    let app = spawn_app().await;
    let token = app.unit_token(UNIT).await;
    assert_eq!(app.submit(2021, &token, &example_2021()).await.status, StatusCode::CREATED);
    for (path, cache) in [
        (format!("/api/v1/units/{UNIT}/years/2021"), "no-cache"),
        (format!("/api/v1/units/{UNIT}/years/2021/revisions/1"), IMMUTABLE),
    ] {
        let plain = app.get(&path).await;
        assert_eq!(plain.status, StatusCode::OK);
        let hash = disclose::integrity::sha256_hex(&plain.body);
        assert_eq!(plain.header("etag").unwrap(), format!("\"{hash}\""));
        assert_eq!(plain.header("cache-control").as_deref(), Some(cache), "{path}");
        assert_eq!(plain.header("vary").as_deref(), Some("accept-encoding"));
        let gzipped = get_with(&app, &path, &[("accept-encoding", BOTH)]).await;
        assert_eq!(gzipped.header("content-encoding").as_deref(), Some("gzip"));
        assert_eq!(gzipped.header("etag").unwrap(), format!("\"{hash}-gzip\""));
        assert_eq!(gunzip(&gzipped.body), plain.body);
        assert!(gzipped.body.len() * 3 < plain.body.len());
        for tag in [format!("\"{hash}\""), format!("\"{hash}-gzip\"")] {
            let unchanged = get_with(&app, &path, &[("if-none-match", &tag)]).await;
            assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);
            assert_eq!(unchanged.header("cache-control").as_deref(), Some(cache));
        }
    }
}

#[actix_web::test]
async fn a_read_right_after_a_write_sees_the_write() {
    let app = spawn_app().await;
    let token = app.unit_token(UNIT).await;
    let latest = format!("/api/v1/units/{UNIT}/years/2021");
    let mut snapshot = example_2021();
    for n in 1..=12u32 {
        snapshot["title"] = serde_json::json!(format!("第{n}稿"));
        let created = app.submit(2021, &token, &snapshot).await;
        assert_eq!(created.status, StatusCode::CREATED);
        // Read it (and so cache it) twice: the next write must replace it at once.
        for _ in 0..2 {
            let read = app.get(&latest).await;
            assert_eq!(read.header("x-revision").unwrap(), n.to_string());
            assert_eq!(read.header("etag"), created.header("etag"));
        }
        let published = app.get(&format!("{latest}?published=true")).await;
        if n == 1 {
            assert_eq!(published.status, StatusCode::NOT_FOUND);
        } else {
            assert_eq!(published.header("x-revision").unwrap(), (n - 1).to_string());
        }
        let one = app.get(&format!("{latest}/revisions/{n}")).await;
        assert!(one.header("x-published-at").is_none());
        let publish = app.url(&format!("{latest}/revisions/{n}/publish"));
        assert_eq!(app.send(app.client.post(publish).bearer_auth(&token), None).await.status, StatusCode::OK);
        let one = app.get(&format!("{latest}/revisions/{n}")).await;
        assert!(one.header("x-published-at").is_some(), "the publication shows at once");
        let published = app.get(&format!("{latest}?published=true")).await;
        assert_eq!(published.header("x-revision").unwrap(), n.to_string());
    }
}

#[actix_web::test]
async fn the_site_shows_a_publication_as_soon_as_it_is_answered() {
    let site = tempfile::tempdir().unwrap();
    let app = spawn_site_app(site.path()).await;
    let token = app.unit_token(UNIT).await;
    let latest = format!("/api/v1/units/{UNIT}/years/2021");
    let mut snapshot = example_2021();
    for n in 2..=4u32 {
        // The year's page is read (and so kept in memory) before each publication.
        let before = String::from_utf8(app.get(&format!("/{UNIT}/2021/")).await.body.to_vec()).unwrap();
        assert!(before.contains(&format!("第{}版（共{}个公开版本）", n - 1, n - 1)));
        snapshot["title"] = serde_json::json!(format!("第{n}稿"));
        assert_eq!(app.submit(2021, &token, &snapshot).await.status, StatusCode::CREATED);
        let publish = app.url(&format!("{latest}/revisions/{n}/publish"));
        assert_eq!(app.send(app.client.post(publish).bearer_auth(&token), None).await.status, StatusCode::OK);
        let after = String::from_utf8(app.get(&format!("/{UNIT}/2021/")).await.body.to_vec()).unwrap();
        assert!(after.contains(&format!("第{n}版（共{n}个公开版本）")), "publication {n} not shown at once");
        let permanent = app.get(&format!("/{UNIT}/2021/r{n}/")).await;
        assert_eq!(permanent.status, StatusCode::OK);
        assert_eq!(permanent.header("cache-control").as_deref(), Some(IMMUTABLE));
    }
}
