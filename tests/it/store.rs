//! The sled engine under real concurrency (threads, not one client) and across reopening.

use std::sync::Arc;

use disclose::domain::Unit;
use disclose::integrity::Sha256;
use disclose::store::{NewRevision, Precondition, SledStore, Store, StoreError, Which};

use super::common::code;

fn unit() -> Unit {
    Unit {
        code: "quwo-eco-env".into(),
        name: "临汾市生态环境局曲沃分局".into(),
        kind: None,
        region: None,
        parent: None,
    }
}

fn revision(document: String, precondition: Option<Precondition>) -> NewRevision {
    let hash = Sha256::of(document.as_bytes());
    let code = code(&unit().code);
    NewRevision { unit: unit(), code, year: 2021, document, hash, note: None, precondition, publish: false }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_appends_from_many_threads_keep_one_contiguous_chain() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    let (writers, each) = (8, 25);
    let barrier = Arc::new(tokio::sync::Barrier::new(writers));
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let (store, barrier) = (store.clone(), barrier.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                let mut numbers = Vec::new();
                for i in 0..each {
                    let meta = store.append_revision(revision(format!("{{\"w\":{w},\"i\":{i}}}"), None)).await.unwrap();
                    numbers.push(meta.number);
                }
                numbers
            })
        })
        .collect();
    let mut numbers: Vec<u32> = Vec::new();
    for task in tasks {
        numbers.extend(task.await.unwrap());
    }
    numbers.sort();
    assert_eq!(numbers, (1..=(writers * each) as u32).collect::<Vec<_>>());

    let metas = store.revisions(&code("quwo-eco-env"), 2021).await.unwrap();
    assert_eq!(metas.len(), writers * each);
    for pair in metas.windows(2) {
        assert_eq!(pair[1].previous_hash.as_ref(), Some(&pair[0].hash));
        assert!(pair[1].created_at >= pair[0].created_at, "times follow numbers");
    }
    let years = store.years(&code("quwo-eco-env")).await.unwrap();
    assert_eq!(
        (years[0].latest_revision, &years[0].latest_hash),
        ((writers * each) as u32, &metas.last().unwrap().hash)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_writers_with_the_same_if_match_let_exactly_one_through() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    let base = store.append_revision(revision("{\"base\":true}".into(), None)).await.unwrap();
    let tasks: Vec<_> = (0..10)
        .map(|i| {
            let store = store.clone();
            let precondition = Some(Precondition::AnyOf(vec![base.hash.clone()]));
            tokio::spawn(
                async move { store.append_revision(revision(format!("{{\"edit\":{i}}}"), precondition)).await },
            )
        })
        .collect();
    let mut stored = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(meta) => {
                stored += 1;
                assert_eq!(meta.number, 2);
            }
            Err(StoreError::Stale { current }) => assert!(current.is_some_and(|c| c != base.hash)),
            Err(other) => panic!("{other}"),
        }
    }
    assert_eq!(stored, 1, "one edit wins, the others are told they are stale");
}

#[tokio::test]
async fn everything_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = SledStore::open(dir.path()).unwrap();
        let mut first = revision("{\"a\":1}".into(), None);
        first.publish = true;
        store.append_revision(first).await.unwrap();
        store.append_revision(revision("{\"a\":2}".into(), None)).await.unwrap();
    }
    let store = SledStore::open(dir.path()).unwrap();
    let years = store.years(&code("quwo-eco-env")).await.unwrap();
    assert_eq!((years[0].latest_revision, years[0].latest_published_revision), (2, Some(1)));
    assert_eq!(
        store.latest(&code("quwo-eco-env"), 2021, Which::LatestPublished).await.unwrap().unwrap().document,
        "{\"a\":1}"
    );
    assert_eq!(store.unit(&code("quwo-eco-env")).await.unwrap().unwrap().unit.name, "临汾市生态环境局曲沃分局");
}

#[tokio::test]
async fn a_store_in_use_is_refused_as_locked_until_it_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let Err(error) = SledStore::open(dir.path()) else { panic!("a second handle opened a held store") };
    assert!(matches!(&error, StoreError::Locked { source, .. } if source.kind() == std::io::ErrorKind::WouldBlock));
    assert!(error.to_string().contains("is in use by another process"), "{error}");

    // Why the store takes a lock of its own: sled 0.34 reports a held folder as `Other`, its
    // cause flattened into the message, so its error kind cannot tell "in use" apart.
    match sled::Config::new().path(dir.path()).open() {
        Err(sled::Error::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::Other, "{e}"),
        other => panic!("sled opened a held folder or failed otherwise: {:?}", other.err()),
    }

    drop(store);
    SledStore::open(dir.path()).expect("closing the store releases it");
}
