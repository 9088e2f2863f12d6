//! Tokens listed, revoked and their last use recorded, over the API and the command line; the
//! server's process life: a graceful stop on SIGTERM and SIGINT, a refused second server.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use awc::http::StatusCode;
use disclose::integrity::Sha256;
use disclose::store::{TokenRecord, TokenScope};
use disclose::{clock, tokens};
use serde_json::Value;

use crate::cli::{run, serve, BIN};
use crate::common::{code, example, spawn_app, TestApp, UNIT};

async fn list(app: &TestApp, token: &str) -> crate::common::Reply {
    app.send(app.client.get(app.url("/api/v1/tokens")).bearer_auth(token), None).await
}

async fn revoke(app: &TestApp, token: &str, id: &str) -> crate::common::Reply {
    app.send(app.client.delete(app.url(&format!("/api/v1/tokens/{id}"))).bearer_auth(token), None).await
}

/// The listed token whose id starts the hash of `secret`.
fn listed<'a>(listing: &'a Value, secret: &str) -> Option<&'a Value> {
    let hash = tokens::hash_secret(secret);
    listing.as_array().unwrap().iter().find(|t| hash.as_str().starts_with(t["id"].as_str().unwrap()))
}

#[actix_web::test]
async fn admins_list_tokens_without_secrets_or_hashes() {
    let app = spawn_app().await;
    let writer = app.unit_token(UNIT).await;

    let reply = list(&app, &app.admin).await;
    assert_eq!(reply.status, StatusCode::OK);
    let listing = reply.json();
    assert_eq!(listing.as_array().unwrap().len(), 2);
    let text = String::from_utf8(reply.body.clone()).unwrap();
    for secret in [&app.admin, &writer] {
        assert!(!text.contains(secret.as_str()) && !text.contains(tokens::hash_secret(secret).as_str()), "{text}");
    }
    crate::contract::assert_documented(&crate::contract::document(), "get", "/tokens", 200, &listing);
    let entry = listed(&listing, &writer).unwrap();
    assert_eq!(entry["id"].as_str().unwrap().len(), 12);
    assert_eq!(entry["scope"], serde_json::json!({"kind": "units", "units": [UNIT]}));
    assert!(entry["created_at"].is_string());
    assert!(entry.get("last_used_at").is_none(), "never used: {entry}");

    let before = app.contents().await;
    assert_eq!(list(&app, &writer).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.send(app.client.get(app.url("/api/v1/tokens")), None).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.contents().await, before);
}

#[actix_web::test]
async fn a_revoked_token_is_refused_at_once() {
    let app = spawn_app().await;
    let writer = app.unit_token(UNIT).await;
    let body = example("quwo-2021.json");
    let path = format!("/api/v1/units/{UNIT}/years/2021/revisions");
    assert_eq!(app.post_json(&path, &writer, body.clone()).await.status, StatusCode::CREATED);

    let hash = tokens::hash_secret(&writer);
    let id = &hash.as_str()[..12];
    // Only admins revoke; a malformed id is a 400 with nothing changed.
    let before = app.contents().await;
    list(&app, &app.admin).await; // Both tokens used now: their last use is recorded for the minute.
    let tokens_before = app.store.tokens().await.unwrap();
    for (token, id, status) in [
        (writer.as_str(), id, StatusCode::FORBIDDEN),
        (&app.admin, "ABCDEF012345", StatusCode::BAD_REQUEST),
        (&app.admin, &hash.as_str()[..11], StatusCode::BAD_REQUEST),
        (&app.admin, "000000000000", StatusCode::NOT_FOUND),
    ] {
        let reply = revoke(&app, token, id).await;
        assert_eq!(reply.status, status, "{id}: {}", String::from_utf8_lossy(&reply.body));
        let doc = crate::contract::document();
        crate::contract::assert_documented(&doc, "delete", "/tokens/{id}", status.as_u16(), &reply.json());
    }
    assert_eq!(app.contents().await, before);
    assert_eq!(app.store.tokens().await.unwrap(), tokens_before, "no token revoked or touched");

    let reply = revoke(&app, &app.admin, id).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let refused = app.post_json(&path, &writer, body).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.json()["error"], "unauthorized");
    assert_eq!(app.contents().await, before, "the revoked token wrote nothing");
    assert_eq!(revoke(&app, &app.admin, id).await.status, StatusCode::NOT_FOUND);
    assert!(listed(&list(&app, &app.admin).await.json(), &writer).is_none());
}

#[actix_web::test]
async fn last_use_is_recorded_at_most_once_a_minute() {
    let app = spawn_app().await;
    let writer = app.unit_token(UNIT).await;
    let path = format!("/api/v1/units/{UNIT}/years/2021/revisions");
    let first = clock::now();
    assert_eq!(app.post_json(&path, &writer, example("quwo-2021.json")).await.status, StatusCode::CREATED);
    let used = |listing: Value| listed(&listing, &writer).unwrap()["last_used_at"].clone();
    let last = used(list(&app, &app.admin).await.json());
    let at = clock::Timestamp::parse(last.as_str().expect("a use is recorded")).unwrap();
    assert!(at >= first && at <= clock::now(), "{last}");

    // Used again within the minute: the store is not written again.
    let stored = app.store.token(&tokens::hash_secret(&writer)).await.unwrap().unwrap();
    assert_eq!(app.post_json(&path, &writer, example("quwo-2021.json")).await.status, StatusCode::CREATED);
    assert_eq!(app.store.token(&tokens::hash_secret(&writer)).await.unwrap().unwrap(), stored);
    assert_eq!(used(list(&app, &app.admin).await.json()), last);
}

#[actix_web::test]
async fn a_token_is_accepted_only_for_its_whole_hash() {
    let app = spawn_app().await;
    // A stored token whose hash shares its first 32 digits, its id among them, with the secret's.
    let secret = "dsc_guess";
    let hash = tokens::hash_secret(secret);
    let near = format!("{}{}", &hash.as_str()[..32], "0".repeat(32));
    let near = if near == hash.as_str() { format!("{}{}", &hash.as_str()[..32], "1".repeat(32)) } else { near };
    let record = TokenRecord {
        hash: Sha256::parse(&near).unwrap(),
        scope: TokenScope::Units { units: vec![code(UNIT)] },
        label: None,
        created_at: clock::now(),
        last_used_at: None,
    };
    app.store.add_token(record).await.unwrap();
    let reply = app.post_json(&format!("/api/v1/units/{UNIT}/years/2021/revisions"), secret, "{}").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(app.contents().await.is_empty());
}

fn said(output: &std::process::Output) -> (String, String) {
    (String::from_utf8_lossy(&output.stdout).into_owned(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn tokens_are_listed_and_revoked_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let created = run(&["token", "create", "--unit", UNIT, "--label", "bureau clerk", "--data", dir]);
    assert!(created.status.success(), "{}", said(&created).1);
    let secret = said(&created).0.trim().to_string();
    assert!(run(&["token", "create", "--data", dir]).status.success());
    let hash = tokens::hash_secret(&secret);
    let id = &hash.as_str()[..12];

    let (listing, _) = said(&run(&["token", "list", "--data", dir]));
    assert!(listing.starts_with("ID"), "{listing}");
    let line = listing.lines().find(|l| l.starts_with(id)).unwrap_or_else(|| panic!("{id} not in\n{listing}"));
    assert!(
        line.contains(&format!("units:{UNIT}")) && line.contains("never") && line.ends_with("bureau clerk"),
        "{line}"
    );
    assert_eq!(listing.lines().filter(|l| l.contains("admin")).count(), 1, "{listing}");
    assert!(!listing.contains(&secret) && !listing.contains(hash.as_str()), "{listing}");

    for bad in ["nothex", "000000000000"] {
        let refused = run(&["token", "revoke", bad, "--data", dir]);
        assert!(!refused.status.success(), "{bad}");
        assert!(said(&refused).1.starts_with("error: "), "{}", said(&refused).1);
    }
    let revoked = run(&["token", "revoke", id, "--data", dir]);
    assert!(revoked.status.success(), "{}", said(&revoked).1);
    assert!(said(&revoked).0.contains(&format!("Revoked token {id}")));
    let (listing, _) = said(&run(&["token", "list", "--data", dir]));
    assert!(!listing.contains(id) && listing.lines().count() == 2, "{listing}");
}

/// Sends `head` and the first half of `body`, then waits for the signal before the rest.
fn upload_across_a_signal(address: &str, token: &str, signal: libc::c_int, pid: u32) -> String {
    let body = example("quwo-2021.json");
    let mut stream = TcpStream::connect(address.trim_start_matches("http://")).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let head = format!(
        "POST /api/v1/units/{UNIT}/years/2021/revisions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let (first, rest) = body.as_bytes().split_at(body.len() / 2);
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(first).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    // SAFETY: kill sends a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(pid as libc::pid_t, signal) }, 0);
    std::thread::sleep(Duration::from_millis(500));
    stream.write_all(rest).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn sigterm_and_sigint_let_an_upload_finish_then_exit_zero() {
    for signal in [libc::SIGTERM, libc::SIGINT] {
        let (data, site) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let mut server = serve(data.path(), site.path());
        let token = server.token.clone().unwrap();
        let answer = upload_across_a_signal(&server.address, &token, signal, server.child.id());
        assert!(answer.starts_with("HTTP/1.1 201"), "signal {signal}: {answer}");

        let started = Instant::now();
        let status = loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                break status;
            }
            assert!(started.elapsed() < Duration::from_secs(20), "signal {signal}: still running");
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "signal {signal}: {status}");
        // The stopped server no longer accepts, and its upload is in the store.
        assert!(TcpStream::connect(server.address.trim_start_matches("http://")).is_err());
        let listing = run(&["token", "list", "--data", data.path().to_str().unwrap()]);
        assert!(listing.status.success(), "the lock is released: {}", said(&listing).1);
        let store = disclose::store::SledStore::open(data.path()).unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let revisions = runtime.block_on(disclose::store::Store::revisions(&store, &code(UNIT), 2021)).unwrap();
        assert_eq!(revisions.len(), 2, "the example and the upload");
    }
}

#[test]
fn a_second_server_on_the_same_folder_exits_with_a_message() {
    let (data, site) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let _first = serve(data.path(), site.path());
    let second = Command::new(BIN)
        .args(["serve", "--bind", "127.0.0.1:0", "--data"])
        .arg(data.path())
        .arg("--site")
        .arg(site.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!second.status.success());
    let (_, stderr) = said(&second);
    assert!(stderr.contains("is in use by another process (is `disclose serve` running on it?)"), "{stderr}");

    // A data folder that is not a folder is named, with the reason.
    let file = data.path().join("disclose.lock");
    let refused = run(&["serve", "--bind", "127.0.0.1:0", "--data", file.to_str().unwrap()]);
    assert!(!refused.status.success());
    let (_, stderr) = said(&refused);
    assert!(stderr.starts_with(&format!("error: cannot create {}", file.display())), "{stderr}");
}
