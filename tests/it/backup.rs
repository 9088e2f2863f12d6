//! `disclose export` and `disclose import-dump` with the real binary: a store seeded through the
//! API comes back identical (hashes, numbers, chain, times, publication state, tokens), and a
//! damaged dump or a non-empty target is refused with nothing written.

use std::path::Path;

use awc::http::StatusCode;
use disclose::store::{SledStore, Store};
use serde_json::{json, Value};

use crate::cli::{run, serve};
use crate::common::{contents_of, example_2021, UNIT};

/// Everything a store in `data` holds, tokens included (the store is opened, so not served).
async fn snapshot(data: &Path) -> Vec<String> {
    let store = SledStore::open(data).unwrap();
    let mut seen = contents_of(&store).await;
    for token in store.tokens().await.unwrap() {
        seen.push(serde_json::to_string(&token).unwrap());
    }
    let size = store.log_size().await.unwrap();
    seen.extend(store.log_entries(0, size).await.unwrap().into_iter().map(|e| String::from_utf8(e).unwrap()));
    seen
}

fn ok(output: &std::process::Output) -> String {
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "failed: {said}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The error a refused command printed.
fn refused(output: &std::process::Output) -> String {
    assert!(!output.status.success(), "accepted: {}", String::from_utf8_lossy(&output.stdout));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

async fn post(client: &awc::Client, url: String, token: &str, body: Option<&Value>) -> (StatusCode, Value) {
    let request = client.post(url).bearer_auth(token).insert_header(("content-type", "application/json"));
    let mut response = match body {
        Some(body) => request.send_body(serde_json::to_vec(body).unwrap()).await,
        None => request.send().await,
    }
    .unwrap();
    let body = response.body().await.unwrap();
    (response.status(), serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// Each revision's address with its ETag and body, as a server answers them.
async fn served(address: &str) -> Vec<(String, String, Vec<u8>)> {
    let client = awc::Client::default();
    let mut seen = Vec::new();
    let paths = (1..=3).map(|n| format!("/revisions/{n}")).chain(["".into(), "?published=true".into()]);
    for path in paths {
        let url = format!("{address}/api/v1/units/{UNIT}/years/2021{path}");
        let mut response = client.get(&url).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{url}");
        let etag = response.headers().get("etag").unwrap().to_str().unwrap().to_string();
        seen.push((path, etag, response.body().limit(16 << 20).await.unwrap().to_vec()));
    }
    seen
}

/// A store seeded through the API of the real binary: the bundled examples, two more revisions
/// of 2021 (one published, one with a note), and a unit token. Returns that token.
async fn seed(data: &Path) -> (String, Vec<(String, String, Vec<u8>)>) {
    let site = tempfile::tempdir().unwrap();
    let server = serve(data, site.path());
    let admin = server.token.clone().unwrap();
    let client = awc::Client::default();
    let api = format!("{}/api/v1", server.address);
    let scope = json!({"scope": {"kind": "units", "units": [UNIT]}, "label": "备份测试"});
    let (status, issued) = post(&client, format!("{api}/tokens"), &admin, Some(&scope)).await;
    assert_eq!(status, StatusCode::CREATED, "{issued}");
    let token = issued["token"].as_str().unwrap().to_string();
    let revisions = format!("{api}/units/{UNIT}/years/2021/revisions");
    let mut body = example_2021();
    body["unit"]["name"] = json!("临汾市生态环境局曲沃分局（更正）");
    let (status, _) = post(&client, format!("{revisions}?note=%E6%9B%B4%E6%AD%A3"), &token, Some(&body)).await;
    assert_eq!(status, StatusCode::CREATED);
    body["unit"]["name"] = json!("临汾市生态环境局曲沃分局（再次更正）");
    assert_eq!(post(&client, revisions.clone(), &token, Some(&body)).await.0, StatusCode::CREATED);
    assert_eq!(post(&client, format!("{revisions}/2/publish"), &admin, None).await.0, StatusCode::OK);
    let seen = served(&server.address).await;
    (token, seen)
}

#[actix_web::test]
async fn a_store_survives_export_and_import_identically() {
    let (data, dump, restored) =
        (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (token, before) = seed(data.path()).await;
    let out = dump.path().join("dump");
    let said = ok(&run(&["export", "--data", data.path().to_str().unwrap(), out.to_str().unwrap()]));
    assert!(said.contains("revision(s)"), "{said}");
    for file in ["manifest.json", "units.jsonl", "revisions.jsonl", "tokens.jsonl"] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let target = restored.path().join("data");
    ok(&run(&["import-dump", out.to_str().unwrap(), "--data", target.to_str().unwrap()]));

    let original = snapshot(data.path()).await;
    assert!(original.iter().any(|line| line.contains("published_at")) && original.len() > 10);
    assert!(original.iter().any(|line| line.contains(r#""supersedes":{"revision":1"#)), "the correction is logged");
    assert_eq!(snapshot(&target).await, original, "every unit, index entry, revision, document, token and log entry");
    let key = |data: &Path| ok(&run(&["log", "key", "--data", data.to_str().unwrap()]));
    assert_eq!(key(&target), key(data.path()), "the restored store signs the same log");

    // The restored store serves the same revisions under the same ETags, and the old token writes.
    let site = tempfile::tempdir().unwrap();
    let server = serve(&target, site.path());
    assert!(server.token.is_none(), "the restored store has its tokens");
    assert_eq!(served(&server.address).await, before);
    let revisions = format!("{}/api/v1/units/{UNIT}/years/2021/revisions", server.address);
    let (status, created) = post(&awc::Client::default(), revisions, &token, Some(&example_2021())).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let meta = &created["revision"];
    assert_eq!(meta["number"], 4);
    assert_eq!(format!("\"{}\"", meta["previous_hash"].as_str().unwrap()), before[2].1);
}

/// Rewrites `file` of the dump in `dir` and, with `rehash`, its manifest entry to match.
fn tamper(dir: &Path, file: &str, rehash: bool, change: impl FnOnce(Vec<&str>) -> Vec<String>) {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let lines = change(text.lines().collect());
    let text: String = lines.iter().map(|line| format!("{line}\n")).collect();
    std::fs::write(dir.join(file), &text).unwrap();
    if rehash {
        let mut manifest: Value = serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
        manifest["files"][file] =
            json!({"sha256": disclose::integrity::sha256_hex(text.as_bytes()), "lines": lines.len()});
        std::fs::write(dir.join("manifest.json"), serde_json::to_vec(&manifest).unwrap()).unwrap();
    }
}

fn copy_dump(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

/// A document byte changed inside its line.
fn flip_a_byte(lines: Vec<&str>) -> Vec<String> {
    let mut lines: Vec<String> = lines.into_iter().map(str::to_string).collect();
    let line = lines.iter_mut().find(|l| l.contains(r#"\"year\":2021"#)).unwrap();
    *line = line.replacen(r#"\"year\":2021"#, r#"\"year\":2022"#, 1);
    lines
}

/// The middle revision of 2021 left out.
fn remove_a_line(lines: Vec<&str>) -> Vec<String> {
    let mut lines: Vec<String> = lines.into_iter().map(str::to_string).collect();
    let at = lines.iter().position(|l| l.contains(r#""unit":"quwo-eco-env","year":2021,"number":2,"#));
    lines.remove(at.expect("revision 2 of 2021"));
    lines
}

#[actix_web::test]
async fn damaged_dumps_and_non_empty_targets_are_refused() {
    let (data, work) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    seed(data.path()).await;
    let dump = work.path().join("dump");
    let data_dir = data.path().to_str().unwrap();
    ok(&run(&["export", "--data", data_dir, dump.to_str().unwrap()]));

    type Change = fn(Vec<&str>) -> Vec<String>;
    let cases: [(&str, Change, bool, &str); 4] = [
        ("flipped-file", flip_a_byte, false, "revisions.jsonl has SHA-256"),
        ("flipped-document", flip_a_byte, true, "the document hashes to"),
        ("removed-file", remove_a_line, false, "revisions.jsonl has SHA-256"),
        ("removed-chain", remove_a_line, true, "the chain is broken"),
    ];
    for (name, change, rehash, expected) in cases {
        let copy = work.path().join(name);
        copy_dump(&dump, &copy);
        tamper(&copy, "revisions.jsonl", rehash, change);
        let target = work.path().join(format!("{name}-data"));
        let said = refused(&run(&["import-dump", copy.to_str().unwrap(), "--data", target.to_str().unwrap()]));
        assert!(said.contains("the dump is refused") && said.contains(expected), "{name}: {said}");
        assert!(!target.exists(), "{name}: nothing is written");
    }

    // A rewritten log entry, even with the file's hash in the manifest updated.
    let copy = work.path().join("rewritten-log");
    copy_dump(&dump, &copy);
    tamper(&copy, "log.jsonl", true, |lines| {
        lines.iter().map(|l| l.replacen(r#"\"year\":2021"#, r#"\"year\":2022"#, 1)).collect()
    });
    let target = work.path().join("rewritten-log-data");
    let said = refused(&run(&["import-dump", copy.to_str().unwrap(), "--data", target.to_str().unwrap()]));
    assert!(said.contains("log.jsonl line") && said.contains("leaf hash"), "{said}");
    assert!(!target.exists());

    // A target that holds anything, even an empty store of its own, is left as it was.
    let said = refused(&run(&["import-dump", dump.to_str().unwrap(), "--data", data_dir]));
    assert!(said.contains("is not empty"), "{said}");
    let before = snapshot(data.path()).await;
    let occupied = work.path().join("occupied");
    std::fs::create_dir_all(&occupied).unwrap();
    std::fs::write(occupied.join("notes.txt"), "keep").unwrap();
    refused(&run(&["import-dump", dump.to_str().unwrap(), "--data", occupied.to_str().unwrap()]));
    assert_eq!(std::fs::read_dir(&occupied).unwrap().count(), 1);
    assert_eq!(snapshot(data.path()).await, before);

    // A complete dump is replaced only with --force; an interrupted one is simply redone.
    let said = refused(&run(&["export", "--data", data_dir, dump.to_str().unwrap()]));
    assert!(said.contains("already holds a complete dump"), "{said}");
    ok(&run(&["export", "--data", data_dir, dump.to_str().unwrap(), "--force"]));
    std::fs::remove_file(dump.join("manifest.json")).unwrap();
    std::fs::write(dump.join(".tokens.jsonl.partial"), "half a line").unwrap();
    ok(&run(&["export", "--data", data_dir, dump.to_str().unwrap()]));
    let target = work.path().join("redone");
    ok(&run(&["import-dump", dump.to_str().unwrap(), "--data", target.to_str().unwrap()]));
    assert_eq!(snapshot(&target).await, before);
}
