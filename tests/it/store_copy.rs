//! `disclose copy` and `disclose migrate`, run as the real binary: a county's sled store moved into
//! a PostgreSQL database and back, identical on arrival; a non-empty target refused untouched.

use std::process::Command;
use std::sync::Arc;

use disclose::service::Publish;
use disclose::store::{SledStore, Store, TokenScope};

use super::common::{contents_of, example};
use super::store_engines::{Engine, TestDb};

/// Runs `disclose args...`: whether it succeeded, and what it printed on stdout and stderr.
fn disclose(args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_disclose")).args(args).output().unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), said)
}

/// A county's store: the two sample years (2020 published, 2021 published then revised) and a token.
async fn county(dir: &std::path::Path) {
    let store = SledStore::open(dir).unwrap();
    for name in ["quwo-2020.json", "quwo-2021.json"] {
        disclose::service::import(&store, example(name).as_bytes(), None, Publish::Now).await.unwrap();
    }
    let note = Some("revised".into());
    disclose::service::import(&store, example("quwo-2021.json").as_bytes(), note, Publish::Later).await.unwrap();
    let issued = disclose::tokens::issue(TokenScope::Admin {}, Some("county".into()), disclose::clock::now());
    store.add_token(issued.record).await.unwrap();
}

/// Everything a store holds, tokens included, read through a fresh handle.
async fn everything(engine: &Engine) -> (Vec<String>, Vec<disclose::store::TokenRecord>) {
    let store: Arc<dyn Store> = engine.open().await;
    (contents_of(store.as_ref()).await, store.tokens().await.unwrap())
}

#[tokio::test]
async fn a_county_store_moves_into_postgres_and_back_identical() {
    let source = Engine::sled();
    county(std::path::Path::new(&source.spec())).await;
    let expected = everything(&source).await;
    assert_eq!(expected.0.iter().filter(|line| line.contains("published_at")).count(), 2);

    // sled to sled always; through PostgreSQL when a server is there.
    let mut hops = vec![Engine::sled()];
    if let Some(db) = Engine::postgres("copy_round_trip").await {
        hops.insert(0, db);
    }
    let mut from = source;
    for to in hops {
        let (ok, said) = disclose(&["copy", "--from", &from.spec(), "--to", &to.spec()]);
        assert!(ok, "{said}");
        assert!(said.contains("Copied 1 unit(s), 3 revision(s) and 1 token(s)"), "{said}");
        assert!(!said.contains(":disclose@"), "the password stays out of messages: {said}");
        assert_eq!(everything(&to).await, expected, "copied from {}", from.spec());

        let (ok, said) = disclose(&["copy", "--from", &from.spec(), "--to", &to.spec()]);
        assert!(!ok, "a non-empty target is refused: {said}");
        assert_eq!(everything(&to).await, expected, "and left as it was");
        from = to;
    }
}

#[tokio::test]
async fn migrate_creates_the_schema_once_and_the_token_commands_use_the_database() {
    let Some(db) = TestDb::create("migrate_once").await else { return };
    let versions: Vec<i32> = disclose::store::MIGRATIONS.iter().map(|m| m.0).collect();
    assert_eq!(versions, (1..=versions.len() as i32).collect::<Vec<_>>(), "numbered from 1 without a gap");
    let (ok, said) = disclose(&["migrate", "--store", &db.url]);
    assert!(ok && said.contains(&format!("Applied migration(s) {versions:?}")), "{said}");
    let (ok, said) = disclose(&["migrate", "--store", &db.url]);
    let current = format!("at schema version {}; nothing to do", versions.len());
    assert!(ok && said.contains(&current), "{said}");
    let (ok, said) = disclose(&["token", "create", "--store", &db.url, "--unit", "quwo-eco-env"]);
    assert!(ok && said.starts_with("dsc_"), "{said}");
    let (ok, said) = disclose(&["token", "list", "--store", &db.url]);
    assert!(ok && said.contains("units:quwo-eco-env"), "{said}");

    let (ok, said) = disclose(&["migrate", "--store", "postgres://disclose:secret@127.0.0.1:1/none"]);
    assert!(!ok && said.contains("cannot connect to the database postgres://disclose@127.0.0.1:1/none"), "{said}");
    assert!(!said.contains("secret"), "the password stays out of messages: {said}");
}
