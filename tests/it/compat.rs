//! Nothing stored is lost: revisions stored before schema 2 (the bytes of today's examples, as the
//! store kept them, committed in fixtures/schema1/) still load with the same bytes and hash, and
//! still audit, compare and render as before.

use std::sync::Arc;

use disclose::domain::{Snapshot, UnitCode};
use disclose::integrity::{canonical_json, Sha256};
use disclose::site::Site;
use disclose::store::{NewRevision, SledStore, Store, Which};
use rust_decimal_macros::dec;

fn fixture(name: &str) -> (String, Sha256) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/fixtures/schema1");
    let document = std::fs::read_to_string(format!("{dir}/{name}.json")).unwrap();
    let hash = std::fs::read_to_string(format!("{dir}/{name}.json.sha256")).unwrap();
    (document, Sha256::parse(hash.trim()).unwrap())
}

#[test]
fn schema_1_documents_keep_their_bytes_and_hashes() {
    for name in ["quwo-2020", "quwo-2021"] {
        let (document, hash) = fixture(name);
        assert_eq!(Sha256::of(document.as_bytes()), hash, "{name}: the fixture is what was stored");
        let snapshot: Snapshot = serde_json::from_str(&document).unwrap();
        assert_eq!(snapshot.schema, None, "a schema 1 document names no schema");
        assert_eq!(canonical_json(&snapshot).unwrap(), document, "{name}: read and written back unchanged");
    }
}

#[tokio::test]
async fn schema_1_revisions_still_audit_compare_and_render() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    let code = UnitCode::parse("quwo-eco-env").unwrap();
    for name in ["quwo-2020", "quwo-2021"] {
        // Stored as the store of the time stored them: the bytes and their hash, as they are.
        let (document, hash) = fixture(name);
        let snapshot: Snapshot = serde_json::from_str(&document).unwrap();
        let new = NewRevision {
            unit: snapshot.unit.clone(),
            code: code.clone(),
            year: snapshot.year,
            document,
            hash,
            note: None,
            precondition: None,
            publish: true,
        };
        store.append_revision(new).await.unwrap();
    }
    let load = |year| {
        let (store, code) = (store.clone(), code.clone());
        async move { store.latest(&code, year, Which::Latest).await.unwrap().unwrap().snapshot().unwrap() }
    };
    let (y2020, y2021) = (load(2020).await, load(2021).await);
    assert!(disclose::analysis::audit(&y2021, Some(&y2020)).is_empty(), "the reference report still adds up");

    let comparison = disclose::analysis::compare(2020, Some(&y2020), &y2021);
    let income = comparison.lines.iter().find(|l| l.label == "收入预算").unwrap();
    assert_eq!(
        (income.from, income.to, income.change),
        (Some(dec!(2374.32)), Some(dec!(1546.39)), Some(dec!(-827.93)))
    );

    let out = tempfile::tempdir().unwrap();
    Site::new(out.path()).build(store.as_ref()).await.unwrap();
    let page = std::fs::read_to_string(out.path().join("public/quwo-eco-env/2021/index.html")).unwrap();
    assert!(page.contains("1546.39") && page.contains(fixture("quwo-2021").1.as_str()));
}

#[test]
fn schema_2_members_need_schema_2_and_unknown_versions_are_refused() {
    let mut body: serde_json::Value = serde_json::from_str(&fixture("quwo-2021").0).unwrap();
    body["people"] = serde_json::json!({"in_post": {"label": "实有人数", "stated_total": 19}});
    let problems = disclose::service::parse_snapshot(body.to_string().as_bytes()).unwrap_err();
    assert!(problems.to_string().contains("invalid"), "{problems}");
    let disclose::error::Error::Invalid(problems) = problems else { panic!() };
    assert_eq!(problems.iter().map(|p| p.pointer.as_str()).collect::<Vec<_>>(), ["/people"]);
    body["schema"] = serde_json::json!(2);
    disclose::service::parse_snapshot(body.to_string().as_bytes()).unwrap();
    body["schema"] = serde_json::json!(3);
    let Err(disclose::error::Error::Invalid(problems)) = disclose::service::parse_snapshot(body.to_string().as_bytes())
    else {
        panic!("schema 3 is not read")
    };
    assert_eq!(problems[0].pointer, "/schema");
}
