//! The crash test (issue 9): the real binary under concurrent writers and publications, killed
//! with SIGKILL at seeded random moments, again and again. After each kill the site folder
//! verifies as it was left, and after each restart every acknowledged revision (201) and
//! publication (200) is there: same number and hash, numbers contiguous from 1, the hash chain
//! unbroken, published still published, its page built, and `disclose verify` passes.
//!
//! Loopback only, every wait bounded, the server killed on drop. `CRASH_SEED` replays a run (the
//! seed is printed), `CRASH_CYCLES` runs more cycles.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::rc::Rc;
use std::time::{Duration, Instant};

use awc::http::StatusCode;
use serde_json::{json, Value};

use crate::common::Served;

const UNITS: [&str; 2] = ["crash-a", "crash-b"];
const YEAR: u16 = 2023;
/// Writers at once; two per unit, so that they race for the next number.
const WRITERS: usize = 4;
/// Longest time a start, a request, a `verify` or the writers' end may take.
const BOUND: Duration = Duration::from_secs(30);

/// SplitMix64: reproducible from its seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// What the server acknowledged, per unit: revision number → (hash, publication acknowledged).
type Ledger = Rc<RefCell<BTreeMap<String, BTreeMap<u64, (String, bool)>>>>;

/// Revisions and publications acknowledged so far.
fn acknowledged(ledger: &Ledger) -> usize {
    ledger.borrow().values().flat_map(|acked| acked.values()).map(|(_, published)| 1 + usize::from(*published)).sum()
}

/// POSTs until the server is gone: a revision, then (one time in two) its publication. Any
/// answer but 201/200 is a failure; a failed connection is the kill.
async fn writer(address: String, token: String, unit: &'static str, id: usize, seed: u64, ledger: Ledger) {
    let client = awc::Client::builder().timeout(BOUND).finish();
    let mut rng = Rng(seed);
    for seq in 0.. {
        let snapshot = json!({
            "schema": 2, "coverage": "excerpt", "unit": {"code": unit, "name": "崩溃测试单位"}, "year": YEAR,
            "title": format!("writer {id} submission {seq}"),
        });
        let path = format!("{address}/api/v1/units/{unit}/years/{YEAR}/revisions");
        let request = client.post(path).bearer_auth(&token).insert_header(("content-type", "application/json"));
        let Ok(mut response) = request.send_body(snapshot.to_string()).await else { return };
        let Ok(body) = response.body().await else { return };
        assert_eq!(response.status(), StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
        let receipt: Value = serde_json::from_slice(&body).unwrap();
        let number = receipt["revision"]["number"].as_u64().unwrap();
        let hash = receipt["revision"]["hash"].as_str().unwrap().to_string();
        ledger.borrow_mut().entry(unit.into()).or_default().insert(number, (hash, false));
        if rng.below(2) == 0 {
            continue;
        }
        let publish = format!("{address}/api/v1/units/{unit}/years/{YEAR}/revisions/{number}/publish");
        let Ok(mut response) = client.post(publish).bearer_auth(&token).send().await else { return };
        let Ok(body) = response.body().await else { return };
        assert_eq!(response.status(), StatusCode::OK, "{}", String::from_utf8_lossy(&body));
        ledger.borrow_mut().get_mut(unit).unwrap().get_mut(&number).unwrap().1 = true;
    }
}

/// `disclose verify` on a site's `public`, bounded; panics with what it said unless it passes.
fn verify(site: &Path, when: &str) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_disclose"))
        .arg("verify")
        .arg(site.join("public"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + BOUND;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("disclose verify {when} took over {BOUND:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "disclose verify {when}:\n{said}");
}

async fn get(client: &awc::Client, url: &str) -> (StatusCode, Vec<u8>) {
    let mut response = client.get(url).send().await.unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let body = response.body().limit(16 << 20).await.unwrap().to_vec();
    (response.status(), body)
}

/// Every acknowledged revision and publication of `ledger` is in the restarted server, in an
/// unbroken chain, and the latest acknowledged publication has its page.
async fn check(server: &Served, ledger: &Ledger, cycle: usize) {
    let client = awc::Client::builder().timeout(BOUND).finish();
    let acknowledged = ledger.borrow().clone();
    // Every publication stored has its log entry and every entry its publication: the two are
    // written in one transaction, so a kill leaves neither or both.
    let mut published = std::collections::BTreeSet::new();
    for (unit, acked) in &acknowledged {
        let url = format!("{}/api/v1/units/{unit}/years/{YEAR}/revisions?limit=1000", server.address);
        let (status, body) = get(&client, &url).await;
        assert_eq!(status, StatusCode::OK, "cycle {cycle}: {}", String::from_utf8_lossy(&body));
        let stored: Vec<Value> = serde_json::from_slice(&body).unwrap();
        for (i, revision) in stored.iter().enumerate() {
            if revision["published_at"].is_string() {
                published.insert((
                    unit.to_string(),
                    revision["number"].to_string(),
                    revision["hash"].to_string(),
                    revision["published_at"].to_string(),
                ));
            }
            assert_eq!(revision["number"], i + 1, "cycle {cycle}: {unit} numbers not contiguous from 1");
            let previous = if i == 0 { Value::Null } else { stored[i - 1]["hash"].clone() };
            assert_eq!(revision["previous_hash"], previous, "cycle {cycle}: {unit} chain broken at {}", i + 1);
        }
        for (&number, (hash, published)) in acked {
            let revision = stored.get(number as usize - 1);
            let revision = revision.unwrap_or_else(|| panic!("cycle {cycle}: acknowledged {unit} r{number} lost"));
            assert_eq!(revision["hash"], hash.as_str(), "cycle {cycle}: {unit} r{number} changed");
            if *published {
                assert!(revision["published_at"].is_string(), "cycle {cycle}: {unit} r{number} unpublished");
            }
        }
        if let Some(last) = acked.iter().rev().find_map(|(number, (_, published))| published.then_some(number)) {
            let page = format!("{}/{unit}/{YEAR}/r{last}/", server.address);
            assert_eq!(get(&client, &page).await.0, StatusCode::OK, "cycle {cycle}: no page for {unit} r{last}");
        }
    }
    let (status, body) = get(&client, &format!("{}/api/v1/log/entries", server.address)).await;
    assert_eq!(status, StatusCode::OK, "cycle {cycle}");
    let entries: Vec<Value> = serde_json::from_slice(&body).unwrap();
    let logged: std::collections::BTreeSet<_> = entries
        .iter()
        .map(|e| &e["entry"])
        .filter(|e| acknowledged.contains_key(e["unit"].as_str().unwrap()))
        .map(|e| {
            (
                e["unit"].as_str().unwrap().to_string(),
                e["revision"].to_string(),
                e["hash"].to_string(),
                e["published_at"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        logged.len(),
        entries.iter().filter(|e| acknowledged.contains_key(e["entry"]["unit"].as_str().unwrap())).count(),
        "cycle {cycle}: a publication logged twice"
    );
    assert_eq!(logged, published, "cycle {cycle}: publications and log entries differ");
}

#[actix_web::test]
async fn acknowledged_writes_and_publications_survive_sigkill_at_random_moments() {
    let seed = env_or("CRASH_SEED", 0x5eed_c4a5);
    let cycles = env_or("CRASH_CYCLES", 20);
    println!("crash test: CRASH_SEED={seed} CRASH_CYCLES={cycles}");
    let mut rng = Rng(seed);
    let (data, site) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let args = [OsStr::new("--no-examples"), "--data".as_ref(), data.path().as_os_str(), "--site".as_ref()];
    let args = [&args[..], &[site.path().as_os_str()]].concat();
    let ledger = Ledger::default();
    let mut token = None;
    let started = Instant::now();
    for cycle in 0..cycles {
        let mut server = Served::start(&args, BOUND);
        token = token.or_else(|| server.token());
        let token = token.clone().expect("the first start prints an admin token");
        verify(site.path(), &format!("after restart {cycle}"));
        check(&server, &ledger, cycle).await;

        let writers: Vec<_> = (0..WRITERS)
            .map(|id| {
                let unit = UNITS[id % UNITS.len()];
                let task = writer(server.address.clone(), token.clone(), unit, id, rng.next(), ledger.clone());
                actix_web::rt::spawn(task)
            })
            .collect();
        // At a random moment (sometimes at once), or in every other cycle the moment a random
        // acknowledgement arrives: what was just acknowledged must already be durable.
        let moment = Instant::now() + Duration::from_millis(rng.below(1200));
        let target = (cycle % 2 == 1).then(|| acknowledged(&ledger) + 1 + rng.below(40) as usize);
        while Instant::now() < moment && target.is_none_or(|target| acknowledged(&ledger) < target) {
            actix_web::rt::time::sleep(Duration::from_millis(1)).await;
        }
        server.kill();
        let ended = actix_web::rt::time::timeout(BOUND, futures_util::future::join_all(writers)).await;
        for result in ended.expect("the writers did not stop after the kill") {
            result.expect("a writer failed");
        }
        // Any moment's copy verifies: the kill left no half-switched site.
        verify(site.path(), &format!("after kill {cycle}"));
    }
    let server = Served::start(&args, BOUND);
    verify(site.path(), "at the end");
    check(&server, &ledger, cycles).await;
    let acked = acknowledged(&ledger);
    let published: usize = ledger.borrow().values().flat_map(|a| a.values()).filter(|(_, p)| *p).count();
    let revisions = acked - published;
    println!(
        "{cycles} kills in {:?}: {revisions} revisions and {published} publications acknowledged",
        started.elapsed()
    );
    assert!(revisions >= cycles && published > 0, "too little was written to prove anything");
}
