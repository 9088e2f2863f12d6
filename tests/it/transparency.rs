//! The transparency log end to end: publications and corrections logged in the same
//! transaction, proofs from the API, the log in the built site, `disclose verify` and
//! `disclose witness` catching a rewritten tile, a replaced page, a rolled-back checkpoint and a
//! forked history.

use std::path::Path;
use std::sync::Arc;

use awc::http::StatusCode;
use serde_json::Value;

use crate::cli::{run, BIN};
use crate::common::{example, example_2021, spawn_app};
use disclose::service::Publish;
use disclose::store::{SledStore, Store};
use disclose::transparency::merkle::{leaf_hash, verify_consistency, verify_inclusion, Hash};
use disclose::transparency::note::{COSIGNATURE_V1, ED25519};
use disclose::transparency::{Checkpoint, LogEntry, Signer, Verifier};

fn hash(text: &Value) -> Hash {
    hex::decode(text.as_str().unwrap()).unwrap().try_into().unwrap()
}

fn hashes(list: &Value) -> Vec<Hash> {
    list.as_array().unwrap().iter().map(hash).collect()
}

#[actix_web::test]
async fn a_correction_is_logged_with_what_it_supersedes_and_both_revisions_stay_provable() {
    let app = spawn_app().await;
    let token = app.unit_token("quwo-eco-env").await;
    let base = "/api/v1/units/quwo-eco-env/years/2021/revisions";
    assert_eq!(app.submit(2021, &token, &example_2021()).await.status, StatusCode::CREATED);
    assert_eq!(app.post_json(&format!("{base}/1/publish"), &token, "").await.status, StatusCode::OK);
    let mut corrected = example_2021();
    corrected["title"] = Value::String("更正后的报告".into());
    let reply = app.post_json(&format!("{base}?note=corrected%20the%20title"), &token, corrected.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(app.post_json(&format!("{base}/2/publish"), &token, "").await.status, StatusCode::OK);
    // Publishing again is idempotent and logs nothing.
    assert_eq!(app.post_json(&format!("{base}/2/publish"), &token, "").await.status, StatusCode::OK);

    let state = app.get("/api/v1/log").await.json();
    assert_eq!(state["size"], 2);
    let key = Verifier::parse(state["vkey"].as_str().unwrap()).unwrap();
    let text = String::from_utf8(app.get("/api/v1/log/checkpoint").await.body).unwrap();
    let (checkpoint, _) = Checkpoint::open(&text, &key).unwrap();
    assert_eq!((checkpoint.size, hex::encode(checkpoint.root)), (2, state["root"].as_str().unwrap().to_string()));

    let entries = app.get("/api/v1/log/entries").await.json();
    let revisions = app.get(base).await.json();
    let (first, second) = (&entries[0]["entry"], &entries[1]["entry"]);
    assert_eq!((first["revision"].clone(), first.get("supersedes")), (Value::from(1), None));
    assert_eq!(second["revision"], 2);
    assert_eq!(second["supersedes"]["revision"], 1);
    assert_eq!(second["supersedes"]["hash"], revisions[0]["hash"]);
    assert_eq!(second["hash"], revisions[1]["hash"]);
    assert_eq!(second["reason"], "corrected the title");
    assert_eq!(second["published_at"], revisions[1]["published_at"]);

    for index in 0..2u64 {
        let proof = app.get(&format!("/api/v1/log/proofs/inclusion?index={index}")).await.json();
        let leaf = leaf_hash(proof["entry"].as_str().unwrap().as_bytes());
        assert_eq!(LogEntry::decode(proof["entry"].as_str().unwrap().as_bytes()).unwrap().revision as u64, index + 1);
        assert!(verify_inclusion(&leaf, index, 2, &hashes(&proof["proof"]), &checkpoint.root), "entry {index}");
    }
    let proof = app.get("/api/v1/log/proofs/consistency?from=1").await.json();
    assert!(verify_consistency(1, 2, &hash(&proof["from_root"]), &checkpoint.root, &hashes(&proof["proof"])));

    let before = app.contents().await;
    for bad in ["inclusion?index=2", "inclusion?index=0&tree_size=3", "consistency?from=3", "inclusion?index=x"] {
        let reply = app.get(&format!("/api/v1/log/proofs/{bad}")).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(reply.json()["error"], "invalid_parameter", "{bad}");
    }
    assert_eq!(app.get("/api/v1/log/entries?start=2&end=1").await.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.contents().await, before);
}

/// A store with the two reference reports published, its site built into `site`.
async fn published_site(data: &Path, site: &Path) -> Arc<dyn Store> {
    let store: Arc<dyn Store> = Arc::new(SledStore::open(data).unwrap());
    for name in ["quwo-2020.json", "quwo-2021.json"] {
        disclose::service::import(store.as_ref(), example(name).as_bytes(), None, Publish::Now).await.unwrap();
    }
    disclose::site::Site::new(site).build(store.as_ref()).await.unwrap();
    store
}

fn verify(public: &Path, extra: &[&str]) -> (bool, String) {
    let vkey = std::fs::read_to_string(public.join("log/vkey")).unwrap();
    let mut args = vec!["verify", public.to_str().unwrap(), "--key", vkey.trim()];
    args.extend_from_slice(extra);
    let out = run(&args);
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

#[actix_web::test]
async fn verify_checks_the_log_and_names_a_rewritten_tile_a_replaced_page_and_a_rolled_back_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let (data, site) = (dir.path().join("data"), dir.path().join("site"));
    std::fs::create_dir_all(&data).unwrap();
    let store = published_site(&data, &site).await;
    let public = site.join("public");
    let (ok, said) = verify(&public, &[]);
    assert!(ok, "{said}");
    assert!(said.contains("every page's inclusion proof verify"), "{said}");
    // The page shows its entry; the proof beside its download is the log's.
    let page = std::fs::read_to_string(public.join("quwo-eco-env/2021/index.html")).unwrap();
    assert!(page.contains(r#"<span id="log-index">1</span>"#), "the year page shows its entry index");
    assert!(public.join("quwo-eco-env/2021/r1/snapshot.proof.json").exists());

    // Save today's checkpoint; publish more; the log only grew.
    let saved = dir.path().join("saved-checkpoint");
    std::fs::copy(public.join("log/checkpoint"), &saved).unwrap();
    let mut body: Value = serde_json::from_str(&example("quwo-2021.json")).unwrap();
    body["title"] = Value::String("更正".into());
    disclose::service::import(store.as_ref(), body.to_string().as_bytes(), Some("更正标题".into()), Publish::Now)
        .await
        .unwrap();
    disclose::site::Site::new(&site).build(store.as_ref()).await.unwrap();
    let (ok, said) = verify(&public, &["--since", saved.to_str().unwrap()]);
    assert!(ok, "{said}");

    // A rolled-back checkpoint: the saved one has more entries than the one served.
    let old_site = dir.path().join("old");
    let newer = dir.path().join("newer-checkpoint");
    std::fs::copy(public.join("log/checkpoint"), &newer).unwrap();
    copy_dir(&public, &old_site);
    std::fs::copy(&saved, old_site.join("log/checkpoint")).unwrap();
    std::fs::remove_file(old_site.join("log/tile/0/000.p/3")).unwrap();
    std::fs::remove_file(old_site.join("log/tile/entries/000.p/3")).unwrap();
    std::fs::write(old_site.join("log/tile/0/000.p/2"), tile_prefix(&public, 2)).unwrap();
    std::fs::write(old_site.join("log/tile/entries/000.p/2"), bundle_prefix(&public, 2)).unwrap();
    let (ok, said) = verify(&old_site, &["--since", newer.to_str().unwrap()]);
    assert!(!ok);
    assert!(said.contains("log/checkpoint was rolled back"), "{said}");

    // A rewritten tile.
    let tampered = dir.path().join("tampered");
    copy_dir(&public, &tampered);
    let tile = tampered.join("log/tile/0/000.p/3");
    let mut bytes = std::fs::read(&tile).unwrap();
    bytes[5] ^= 1;
    std::fs::write(&tile, bytes).unwrap();
    let (ok, said) = verify(&tampered, &[]);
    assert!(!ok && said.contains("log/tile/0/000.p/3"), "{said}");

    // A replaced page: the download no longer hashes to what the log recorded.
    let replaced = dir.path().join("replaced");
    copy_dir(&public, &replaced);
    let download = replaced.join("quwo-eco-env/2020/r1/snapshot.json");
    let text = std::fs::read_to_string(&download).unwrap().replacen("2020", "2019", 1);
    std::fs::write(&download, text).unwrap();
    let (ok, said) = verify(&replaced, &[]);
    assert!(!ok, "{said}");
    assert!(
        said.contains("quwo-eco-env/2020/r1/snapshot.proof.json") && said.contains("log entry 0 records"),
        "{said}"
    );

    // A page taken down (and left out of a rewritten manifest): its entry names it.
    let removed = dir.path().join("removed");
    copy_dir(&public, &removed);
    for file in ["snapshot.json", "snapshot.proof.json"] {
        std::fs::remove_file(removed.join("quwo-eco-env/2020/r1").join(file)).unwrap();
    }
    let (ok, said) = verify(&removed, &[]);
    assert!(!ok, "{said}");
    assert!(
        said.contains(
            "log entry 0 (quwo-eco-env 2020 revision 1): quwo-eco-env/2020/r1/snapshot.json is not on the site"
        ),
        "{said}"
    );

    // A key that is not the log's.
    let other = Signer::from_seed("disclose.local/log", ED25519, [1; 32]).unwrap().verifier().vkey();
    let out = run(&["verify", public.to_str().unwrap(), "--key", &other]);
    let said = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{said}");
    assert!(said.contains("log/checkpoint: the checkpoint's signature does not verify with the key"), "{said}");
}

/// The level-0 tile of the first `n` leaves of the site's log.
fn tile_prefix(public: &Path, n: usize) -> Vec<u8> {
    std::fs::read(public.join("log/tile/0/000.p/3")).unwrap()[..32 * n].to_vec()
}

/// The entry bundle of the first `n` entries.
fn bundle_prefix(public: &Path, n: usize) -> Vec<u8> {
    let bytes = std::fs::read(public.join("log/tile/entries/000.p/3")).unwrap();
    let mut at = 0;
    for _ in 0..n {
        at += 2 + u16::from_be_bytes([bytes[at], bytes[at + 1]]) as usize;
    }
    bytes[..at].to_vec()
}

fn copy_dir(from: &Path, to: &Path) {
    for path in disclose::site::manifest::walk(from).unwrap().into_iter().chain(["manifest.json".into()]) {
        let target = to.join(&path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(from.join(&path), target).unwrap();
    }
}

#[actix_web::test]
async fn a_witness_cosigns_a_growing_log_and_refuses_a_forked_history() {
    let dir = tempfile::tempdir().unwrap();
    let (data, site) = (dir.path().join("data"), dir.path().join("site"));
    std::fs::create_dir_all(&data).unwrap();
    let store = published_site(&data, &site).await;
    let public = site.join("public");
    let key_file = dir.path().join("witness.key");
    let out = run(&["log", "witness-key", "audit.example/witness"]);
    assert!(out.status.success());
    std::fs::write(&key_file, &out.stdout).unwrap();
    let witness_vkey = String::from_utf8(out.stderr).unwrap().trim().to_string();
    let state = dir.path().join("state");
    let witness = |log: &Path| {
        let out = std::process::Command::new(BIN)
            .args(["witness", "--log", log.to_str().unwrap(), "--key"])
            .arg(&key_file)
            .arg("--state")
            .arg(&state)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, cosigned, err) = witness(&public);
    assert!(ok, "{err}");
    // The operator puts the cosignature beside the site; the next build serves it.
    std::fs::create_dir_all(site.join("cosignatures")).unwrap();
    std::fs::write(site.join("cosignatures/audit"), &cosigned).unwrap();
    disclose::site::Site::new(&site).build(store.as_ref()).await.unwrap();
    let (ok, said) = verify(&public, &["--witness-key", &witness_vkey]);
    assert!(ok, "{said}");
    let stranger = Signer::from_seed("other.example/w", COSIGNATURE_V1, [2; 32]).unwrap().verifier().vkey();
    let (ok, said) = verify(&public, &["--witness-key", &stranger]);
    assert!(!ok && said.contains("no valid cosignature of witness other.example/w"), "{said}");

    // The log grows: the witness cosigns again.
    let mut body: Value = serde_json::from_str(&example("quwo-2021.json")).unwrap();
    body["title"] = Value::String("更正".into());
    disclose::service::import(store.as_ref(), body.to_string().as_bytes(), None, Publish::Now).await.unwrap();
    disclose::site::Site::new(&site).build(store.as_ref()).await.unwrap();
    let (ok, _, err) = witness(&public);
    assert!(ok, "{err}");

    // A fork: the same key signs another history (the 2020 report never published), shown to
    // the witness who saw the first one.
    let fork_dir = dir.path().join("fork-data");
    std::fs::create_dir_all(&fork_dir).unwrap();
    let fork: Arc<dyn Store> = Arc::new(SledStore::open(&fork_dir).unwrap());
    fork.log_key(store.log_key(String::new()).await.unwrap()).await.unwrap();
    for name in ["quwo-2021.json", "quwo-2020.json", "quwo-2021.json"] {
        let mut body: Value = serde_json::from_str(&example(name)).unwrap();
        body["title"] = Value::String(format!("{name} forked"));
        disclose::service::import(fork.as_ref(), body.to_string().as_bytes(), None, Publish::Now).await.unwrap();
    }
    let fork_site = dir.path().join("fork-site");
    disclose::site::Site::new(&fork_site).build(fork.as_ref()).await.unwrap();
    let (ok, said) = verify(&fork_site.join("public"), &[]);
    assert!(ok, "the fork is well signed on its own: {said}");
    let (ok, _, err) = witness(&fork_site.join("public"));
    assert!(!ok);
    assert!(err.contains("refusing to cosign") && err.contains("not consistent with the saved checkpoint"), "{err}");
}

#[actix_web::test]
async fn a_served_site_is_verified_and_witnessed_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let (data, site) = (dir.path().join("data"), dir.path().join("site"));
    let server = crate::cli::serve(&data, &site);
    let vkey = std::fs::read_to_string(site.join("public/log/vkey")).unwrap();
    let url = server.address.clone();
    let out = run(&["verify", "--url", &url, "--key", vkey.trim()]);
    let said = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains(&format!("{url}: the log's checkpoint, tiles and every page's inclusion proof verify")),
        "{said}"
    );

    let key_file = dir.path().join("witness.key");
    std::fs::write(&key_file, run(&["log", "witness-key", "journalist.example/w"]).stdout).unwrap();
    let state = dir.path().join("state");
    let args = ["witness", "--log", &url, "--key", key_file.to_str().unwrap(), "--state", state.to_str().unwrap()];
    let out = run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let cosigned = String::from_utf8(out.stdout).unwrap();
    assert!(cosigned.starts_with(&std::fs::read_to_string(site.join("public/log/checkpoint")).unwrap()));
    assert!(cosigned.lines().filter(|l| l.starts_with("— ")).count() == 2, "{cosigned}");
    let gone = run(&["verify", "--url", "http://127.0.0.1:9/", "--key", vkey.trim()]);
    assert!(!gone.status.success());
}

#[actix_web::test]
async fn a_store_from_before_the_log_logs_its_publications_once() {
    let dir = tempfile::tempdir().unwrap();
    let (data, dump, old) = (dir.path().join("data"), dir.path().join("dump"), dir.path().join("old"));
    std::fs::create_dir_all(&data).unwrap();
    {
        let store = published_site(&data, &dir.path().join("unused")).await;
        let mut body: Value = serde_json::from_str(&example("quwo-2021.json")).unwrap();
        body["title"] = Value::String("更正".into());
        disclose::service::import(store.as_ref(), body.to_string().as_bytes(), Some("更正".into()), Publish::Now)
            .await
            .unwrap();
    }
    assert!(run(&["export", "--data", data.to_str().unwrap(), dump.to_str().unwrap()]).status.success());
    // A dump as written before the log: no log.jsonl, no log-key.jsonl.
    let manifest_path = dump.join("manifest.json");
    let mut manifest: Value = serde_json::from_slice(&std::fs::read(&manifest_path).unwrap()).unwrap();
    let files = manifest["files"].as_object_mut().unwrap();
    files.remove("log.jsonl");
    files.remove("log-key.jsonl");
    std::fs::write(&manifest_path, manifest.to_string()).unwrap();
    assert!(run(&["import-dump", dump.to_str().unwrap(), "--data", old.to_str().unwrap()]).status.success());

    let site = dir.path().join("site");
    let build = || run(&["site", "build", "--data", old.to_str().unwrap(), "--out", site.to_str().unwrap()]);
    let said = String::from_utf8(build().stdout).unwrap();
    assert!(said.contains("Logged 3 publication(s) made before"), "{said}");
    assert!(!String::from_utf8(build().stdout).unwrap().contains("Logged"), "a second run logs nothing");
    let (ok, said) = verify(&site.join("public"), &[]);
    assert!(ok, "{said}");
    let store = SledStore::open(&old).unwrap();
    let entries: Vec<LogEntry> =
        store.log_entries(0, 10).await.unwrap().iter().map(|e| LogEntry::decode(e).unwrap()).collect();
    assert_eq!(entries.len(), 3);
    assert_eq!((entries[2].revision, entries[2].reason.as_deref()), (2, Some("更正")));
    assert_eq!(entries[2].supersedes.as_ref().map(|s| s.revision), Some(1));
}
