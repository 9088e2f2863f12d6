//! The atomic switch of the site (issue 9, defect 8): `public` is a symlink to one complete
//! generation, flipped by each publication; a generation cut short never becomes `public`.

use std::path::Path;

use awc::http::StatusCode;
use disclose::site::{generations, manifest, Site};
use disclose::store::TokenScope;

use crate::common::{example_2021, spawn_site_app, UNIT};

/// The generation `public` points at, checked to be a symlink into `generations/`.
fn current(site: &Path) -> u64 {
    let public = site.join("public");
    assert!(std::fs::symlink_metadata(&public).unwrap().file_type().is_symlink(), "public is not a symlink");
    generations::current(site).unwrap_or_else(|| panic!("public points at {:?}", std::fs::read_link(&public)))
}

fn generation(site: &Path, n: u64) -> std::path::PathBuf {
    site.join(generations::FOLDER).join(n.to_string())
}

#[actix_web::test]
async fn a_publication_flips_public_to_a_complete_generation_and_keeps_the_one_before() {
    let site = tempfile::tempdir().unwrap();
    let app = spawn_site_app(site.path()).await;
    let first = current(site.path());
    assert_eq!(manifest::verify(&site.path().join("public")).unwrap(), vec![]);

    let token = app.token(TokenScope::Admin {}).await;
    for number in [2, 3] {
        let mut snapshot = example_2021();
        snapshot["title"] = serde_json::json!(format!("更正 {number}"));
        assert_eq!(app.submit(2021, &token, &snapshot).await.status, StatusCode::CREATED);
        let publish = format!("/api/v1/units/{UNIT}/years/2021/revisions/{number}/publish");
        let reply = app.send(app.client.post(app.url(&publish)).bearer_auth(&token), None).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", String::from_utf8_lossy(&reply.body));
    }
    let now = current(site.path());
    assert_eq!(now, first + 2);
    for dir in [site.path().join("public"), generation(site.path(), now), generation(site.path(), now - 1)] {
        assert_eq!(manifest::verify(&dir).unwrap(), vec![], "{}", dir.display());
    }
    assert!(!generation(site.path(), first).exists(), "a generation two flips old is kept");
    // The server answers from the generation `public` points at now, not the one it started with.
    assert_eq!(app.get(&format!("/{UNIT}/2021/r3/")).await.status, StatusCode::OK);
    assert_eq!(app.get("/").await.status, StatusCode::OK);
    // A folder without its `/` is redirected (the client follows) to its index.
    assert_eq!(app.get(&format!("/{UNIT}/2021")).await.status, StatusCode::OK);
}

#[actix_web::test]
async fn a_generation_left_half_written_never_becomes_public() {
    let site = tempfile::tempdir().unwrap();
    let app = spawn_site_app(site.path()).await;
    let first = current(site.path());
    // A build cut short: some files of the next generation, no manifest.
    let broken = generation(site.path(), first + 1);
    std::fs::create_dir_all(broken.join(UNIT)).unwrap();
    std::fs::write(broken.join("index.html"), "half").unwrap();
    assert_eq!(current(site.path()), first, "public moved to an unfinished generation");

    Site::new(site.path()).rebuild_unit(app.store.as_ref(), &crate::common::code(UNIT)).await.unwrap();
    let now = current(site.path());
    assert!(now > first + 1, "the half-written generation was reused");
    assert_eq!(manifest::verify(&site.path().join("public")).unwrap(), vec![]);
    assert!(!broken.exists(), "the half-written generation was left behind");
}

#[actix_web::test]
async fn a_public_folder_of_the_older_layout_is_replaced_by_the_symlink() {
    let old = tempfile::tempdir().unwrap();
    let app = spawn_site_app(old.path()).await;
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("public/stale")).unwrap();
    std::fs::write(site.path().join("public/stale/index.html"), "old").unwrap();
    Site::new(site.path()).build(app.store.as_ref()).await.unwrap();
    assert_eq!(current(site.path()), 1);
    assert_eq!(manifest::verify(&site.path().join("public")).unwrap(), vec![]);
    assert_eq!(std::fs::read_dir(site.path().join(generations::FOLDER)).unwrap().count(), 1, "the old folder stayed");
}

#[actix_web::test]
async fn a_write_to_a_site_path_is_refused_with_json_405() {
    let site = tempfile::tempdir().unwrap();
    let app = spawn_site_app(site.path()).await;
    let reply = app.send(app.client.put(app.url("/index.html")), Some(b"x".to_vec())).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.header("allow").as_deref(), Some("GET, HEAD"));
    assert_eq!(reply.json()["error"], "method_not_allowed");
    assert_eq!(app.get("/no/such/page.html").await.json()["error"], "not_found");
}
