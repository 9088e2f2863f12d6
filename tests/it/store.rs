//! The store conformance suite: every test runs on both engines (`store::sled::*` and
//! `store::postgres::*`), under real concurrency (threads, not one client) and across reopening.

use std::sync::Arc;

use disclose::clock;
use disclose::domain::Unit;
use disclose::integrity::Sha256;
use disclose::store::{Contents, NewRevision, Precondition, SledStore, Store, StoreError, TokenScope, Which};

use super::common::code;
use super::store_engines::{on_both_engines, Engine};

on_both_engines!(
    concurrent_appends_from_many_threads_keep_one_contiguous_chain,
    racing_writers_with_the_same_if_match_let_exactly_one_through,
    everything_survives_reopening,
    preconditions_publication_and_units_behave_alike,
    tokens_are_found_touched_and_revoked,
    a_restore_rebuilds_everything_into_an_empty_store_only,
    concurrent_publications_each_log_one_entry_in_one_contiguous_log,
    pages_and_documents_read_what_was_written,
);

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

async fn concurrent_appends_from_many_threads_keep_one_contiguous_chain(engine: Engine) {
    let store = engine.open().await;
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

async fn racing_writers_with_the_same_if_match_let_exactly_one_through(engine: Engine) {
    let store = engine.open().await;
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

async fn everything_survives_reopening(engine: Engine) {
    {
        let store = engine.open().await;
        let mut first = revision("{\"a\":1}".into(), None);
        first.publish = true;
        store.append_revision(first).await.unwrap();
        store.append_revision(revision("{\"a\":2}".into(), None)).await.unwrap();
    }
    let store = engine.open().await;
    let years = store.years(&code("quwo-eco-env")).await.unwrap();
    assert_eq!((years[0].latest_revision, years[0].latest_published_revision), (2, Some(1)));
    assert_eq!(
        store.latest(&code("quwo-eco-env"), 2021, Which::LatestPublished).await.unwrap().unwrap().document,
        "{\"a\":1}"
    );
    assert_eq!(store.unit(&code("quwo-eco-env")).await.unwrap().unwrap().unit.name, "临汾市生态环境局曲沃分局");
}

#[tokio::test]
async fn a_sled_store_in_use_is_refused_as_locked_until_it_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let store = SledStore::open(dir.path()).unwrap();
    let Err(error) = SledStore::open(dir.path()) else { panic!("a second handle opened a held store") };
    assert!(matches!(&error, StoreError::Locked { source, .. } if source.kind() == std::io::ErrorKind::WouldBlock));
    assert!(error.to_string().contains("is in use by another process"), "{error}");

    // Why the store takes a lock of its own: sled 0.34 reports a held folder as `Other`, its
    // cause flattened into the message, so its error kind cannot tell "in use" apart.
    match ::sled::Config::new().path(dir.path()).open() {
        Err(::sled::Error::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::Other, "{e}"),
        other => panic!("sled opened a held folder or failed otherwise: {:?}", other.err()),
    }

    drop(store);
    SledStore::open(dir.path()).expect("closing the store releases it");
}

async fn preconditions_publication_and_units_behave_alike(engine: Engine) {
    let store = engine.open().await;
    let quwo = code("quwo-eco-env");
    let exists = store.append_revision(revision("{\"a\":1}".into(), Some(Precondition::Exists))).await;
    assert!(matches!(exists, Err(StoreError::Stale { current: None })), "If-Match: * needs a revision");
    assert!(store.latest(&quwo, 2021, Which::Latest).await.unwrap().is_none(), "a refusal stores nothing");
    assert!(store.units().await.unwrap().is_empty());

    let first = store.append_revision(revision("{\"a\":1}".into(), None)).await.unwrap();
    let second = store.append_revision(revision("{\"a\":2}".into(), Some(Precondition::Exists))).await.unwrap();
    assert_eq!((first.number, second.number, second.previous_hash.as_ref()), (1, 2, Some(&first.hash)));
    assert!(store.latest(&quwo, 2021, Which::LatestPublished).await.unwrap().is_none());

    let now = clock::now();
    let published = store.publish(&quwo, 2021, 1, now).await.unwrap();
    assert_eq!(published.published_at, Some(now));
    let again = store.publish(&quwo, 2021, 1, clock::now()).await.unwrap();
    assert_eq!(again.published_at, Some(now), "publishing twice keeps the first time");
    assert!(matches!(store.publish(&quwo, 2021, 3, now).await, Err(StoreError::NotFound(_))));
    let public = store.latest(&quwo, 2021, Which::LatestPublished).await.unwrap().unwrap();
    assert_eq!((public.meta.number, public.document.as_str()), (1, "{\"a\":1}"));
    assert_eq!(store.latest(&quwo, 2021, Which::Latest).await.unwrap().unwrap().meta.hash, second.hash);
    let years = store.years(&quwo).await.unwrap();
    assert_eq!((years[0].latest_revision, years[0].latest_published_revision), (2, Some(1)));

    // The first revision registered the unit; a metadata change keeps its creation time.
    let registered = store.unit(&quwo).await.unwrap().unwrap();
    let renamed = Unit { name: "曲沃县生态环境局".into(), ..unit() };
    let (record, created) = store.put_unit(renamed, clock::now()).await.unwrap();
    assert!(!created);
    assert_eq!((record.created_at, record.unit.name.as_str()), (registered.created_at, "曲沃县生态环境局"));
    let other = Unit { code: "a-unit".into(), ..unit() };
    assert!(store.put_unit(other, clock::now()).await.unwrap().1);
    let codes: Vec<_> = store.units().await.unwrap().into_iter().map(|u| u.unit.code).collect();
    assert_eq!(codes, ["a-unit", "quwo-eco-env"], "units are ordered by code");
}

async fn tokens_are_found_touched_and_revoked(engine: Engine) {
    let store = engine.open().await;
    assert!(!store.has_tokens().await.unwrap());
    let issued = disclose::tokens::issue(TokenScope::Units { units: vec![code("quwo-eco-env")] }, None, clock::now());
    let hash = issued.record.hash.clone();
    store.add_token(issued.record.clone()).await.unwrap();
    assert!(store.has_tokens().await.unwrap());
    assert_eq!(store.token(&hash).await.unwrap(), Some(issued.record.clone()));
    assert_eq!(store.token(&Sha256::of(b"another secret")).await.unwrap(), None);

    let used = clock::now();
    store.touch_token(&hash, used).await.unwrap();
    assert_eq!(store.token(&hash).await.unwrap().unwrap().last_used_at, Some(used));
    assert_eq!(store.tokens().await.unwrap().len(), 1);

    let revoked = store.revoke_token(issued.record.id()).await.unwrap();
    assert_eq!(revoked.len(), 1);
    assert_eq!(store.token(&hash).await.unwrap(), None);
    store.touch_token(&hash, clock::now()).await.unwrap();
    assert!(!store.has_tokens().await.unwrap(), "a use after revocation does not bring the token back");
}

async fn a_restore_rebuilds_everything_into_an_empty_store_only(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let source: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    let mut first = revision("{\"a\":1}".into(), None);
    first.publish = true;
    source.append_revision(first).await.unwrap();
    source.append_revision(revision("{\"a\":2}".into(), None)).await.unwrap();
    let issued = disclose::tokens::issue(TokenScope::Admin {}, Some("admin".into()), clock::now());
    source.add_token(issued.record).await.unwrap();
    let unit = code("quwo-eco-env");
    let mut revisions = Vec::new();
    for meta in source.revisions(&unit, 2021).await.unwrap() {
        revisions.push(source.revision(&unit, 2021, meta.number).await.unwrap().unwrap());
    }
    let log = source.log_entries(0, source.log_size().await.unwrap()).await.unwrap();
    assert_eq!(log.len(), 1, "the publication was logged");
    let key = disclose::ledger::signer(source.as_ref(), None).await.unwrap().skey();
    let contents = Contents {
        units: source.units().await.unwrap(),
        revisions,
        tokens: source.tokens().await.unwrap(),
        log,
        log_key: Some(key.clone()),
    };

    let store = engine.open().await;
    store.restore(contents.clone()).await.unwrap();
    assert_eq!(super::common::contents_of(store.as_ref()).await, super::common::contents_of(source.as_ref()).await);
    assert_eq!(store.tokens().await.unwrap(), contents.tokens);
    assert_eq!(store.log_entries(0, 10).await.unwrap(), contents.log);
    assert_eq!(store.log_key("another".into()).await.unwrap(), key, "the log keeps its key");
    let refused = store.restore(contents).await;
    assert!(matches!(refused, Err(StoreError::Inconsistent(_))), "{refused:?}");
    // The restored index goes on where the source stopped.
    let mut next = revision("{\"a\":3}".into(), None);
    next.publish = true;
    assert_eq!(store.append_revision(next).await.unwrap().number, 3);
    let log = store.log_entries(0, store.log_size().await.unwrap()).await.unwrap();
    let entry = disclose::transparency::LogEntry::decode(&log[1]).unwrap();
    assert_eq!((log.len(), entry.revision, entry.supersedes.map(|s| s.revision)), (2, 3, Some(1)));
}

async fn concurrent_publications_each_log_one_entry_in_one_contiguous_log(engine: Engine) {
    let store = engine.open().await;
    let tasks: Vec<_> = (0..8u16)
        .map(|w| {
            let store = store.clone();
            tokio::spawn(async move {
                for i in 0..5 {
                    let mut new = revision(format!("{{\"w\":{w},\"i\":{i}}}"), None);
                    (new.year, new.publish) = (2000 + w, true);
                    store.append_revision(new).await.unwrap();
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(store.log_size().await.unwrap(), 40);
    let log = store.log_entries(0, 40).await.unwrap();
    let mut logged: Vec<_> = log
        .iter()
        .map(|bytes| disclose::transparency::LogEntry::decode(bytes).unwrap())
        .map(|e| (e.year, e.revision, e.supersedes.map(|s| s.revision)))
        .collect();
    logged.sort();
    let expected: Vec<_> = (2000..2008).flat_map(|y| (1..=5).map(move |n| (y, n, (n > 1).then(|| n - 1)))).collect();
    assert_eq!(logged, expected, "every publication once, each correction superseding the one before");
}

async fn pages_and_documents_read_what_was_written(engine: Engine) {
    use disclose::store::At;
    let store = engine.open().await;
    for code in ["c-unit", "a-unit", "b-unit"] {
        store.put_unit(Unit { code: code.into(), ..unit() }, clock::now()).await.unwrap();
    }
    let codes = |page: Vec<disclose::store::UnitRecord>| page.into_iter().map(|u| u.unit.code).collect::<Vec<_>>();
    assert_eq!(codes(store.units_page(None, 2).await.unwrap()), ["a-unit", "b-unit"]);
    assert_eq!(codes(store.units_page(Some(&code("b-unit")), 2).await.unwrap()), ["c-unit"]);

    for i in 1..=5 {
        store.append_revision(revision(format!("{{\"a\":{i}}}"), None)).await.unwrap();
    }
    let quwo = code("quwo-eco-env");
    let numbers = |page: Vec<disclose::store::RevisionMeta>| page.into_iter().map(|m| m.number).collect::<Vec<_>>();
    assert_eq!(numbers(store.revisions_page(&quwo, 2021, 0, 2).await.unwrap()), [1, 2]);
    assert_eq!(numbers(store.revisions_page(&quwo, 2021, 3, 10).await.unwrap()), [4, 5]);
    assert!(store.revisions_page(&quwo, 2021, u32::MAX, 10).await.unwrap().is_empty());

    let latest = store.document(&quwo, 2021, At::Which(Which::Latest)).await.unwrap().unwrap();
    assert_eq!((latest.meta.number, &latest.body[..]), (5, &b"{\"a\":5}"[..]));
    assert!(store.document(&quwo, 2021, At::Which(Which::LatestPublished)).await.unwrap().is_none());
    store.publish(&quwo, 2021, 2, clock::now()).await.unwrap();
    let public = store.document(&quwo, 2021, At::Which(Which::LatestPublished)).await.unwrap().unwrap();
    assert_eq!(public.meta.number, 2);
    assert!(store.document(&quwo, 2021, At::Number(2)).await.unwrap().unwrap().meta.is_published());
    store.append_revision(revision("{\"a\":6}".into(), None)).await.unwrap();
    let latest = store.document(&quwo, 2021, At::Which(Which::Latest)).await.unwrap().unwrap();
    assert_eq!(latest.meta.number, 6, "a write is seen by the next read");
}
