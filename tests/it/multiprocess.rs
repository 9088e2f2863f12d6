//! Three `disclose serve` processes (the real binary) on one PostgreSQL database: concurrent
//! writes to one unit-year through all three, If-Match races across processes, reads through one
//! right after a write through another, publications reaching every process's site, and a
//! SIGKILL of one process mid-write. Skipped without `DISCLOSE_TEST_POSTGRES`, except under CI.

use std::ffi::OsStr;
use std::time::{Duration, Instant};

use awc::http::StatusCode;
use serde_json::{json, Value};

use crate::common::Served;
use crate::store_engines::TestDb;

const UNIT: &str = "multi-proc";
const YEAR: u16 = 2024;
const BOUND: Duration = Duration::from_secs(60);

/// Three processes on one fresh database, each with its own site folder; the admin token.
struct Cluster {
    servers: Vec<Served>,
    token: String,
    client: awc::Client,
    _sites: Vec<tempfile::TempDir>,
    _db: TestDb,
}

async fn cluster(test: &str) -> Option<Cluster> {
    let db = TestDb::create(test).await?;
    let mut servers = Vec::new();
    let mut sites = Vec::new();
    for _ in 0..3 {
        let site = tempfile::tempdir().unwrap();
        let args = [OsStr::new("--store"), OsStr::new(&db.url), OsStr::new("--no-examples")];
        let args = [&args[..], &[OsStr::new("--site"), site.path().as_os_str()]].concat();
        // One after the other: the first creates the schema and prints the admin token.
        servers.push(Served::start(&args, BOUND));
        sites.push(site);
    }
    let token = servers[0].token().expect("the first process prints an admin token");
    assert!(servers[1..].iter().all(|s| s.token().is_none()), "the others find the token in the database");
    let client = awc::Client::builder().timeout(BOUND).finish();
    Some(Cluster { servers, token, client, _sites: sites, _db: db })
}

fn snapshot(title: &str) -> String {
    json!({
        "schema": 2, "coverage": "excerpt", "unit": {"code": UNIT, "name": "多进程测试单位"}, "year": YEAR,
        "title": title,
    })
    .to_string()
}

/// Status and body of a request, or `None` when the connection failed (a killed process).
async fn call(request: awc::ClientRequest, body: Option<String>) -> Option<(StatusCode, Value, Option<String>)> {
    let mut response = match body {
        Some(body) => request.insert_header(("content-type", "application/json")).send_body(body).await.ok()?,
        None => request.send().await.ok()?,
    };
    let bytes = response.body().limit(16 << 20).await.ok()?;
    let etag = response.headers().get("etag").map(|v| v.to_str().unwrap().to_string());
    Some((response.status(), serde_json::from_slice(&bytes).unwrap_or(Value::Null), etag))
}

/// POSTs a snapshot titled `title` to `url`; `None` when the process did not answer.
async fn submit(
    client: &awc::Client,
    url: &str,
    token: &str,
    title: &str,
    if_match: Option<&str>,
) -> Option<(StatusCode, Value)> {
    let mut request = client.post(url).bearer_auth(token);
    if let Some(hash) = if_match {
        request = request.insert_header(("if-match", format!("\"{hash}\"")));
    }
    call(request, Some(snapshot(title))).await.map(|(status, body, _)| (status, body))
}

impl Cluster {
    fn revisions_url(&self, server: usize) -> String {
        format!("{}/api/v1/units/{UNIT}/years/{YEAR}/revisions", self.servers[server].address)
    }

    async fn submit(&self, server: usize, title: &str, if_match: Option<&str>) -> Option<(StatusCode, Value)> {
        submit(&self.client, &self.revisions_url(server), &self.token, title, if_match).await
    }

    /// The revision list as process `server` reads it: (number, hash, previous hash).
    async fn chain(&self, server: usize) -> Vec<(u64, String, Option<String>)> {
        let url = format!("{}?limit=1000", self.revisions_url(server));
        let (status, body, _) = call(self.client.get(url), None).await.unwrap();
        assert_eq!(status, StatusCode::OK, "{body}");
        let items = body.get("items").unwrap_or(&body).as_array().unwrap().clone();
        items
            .iter()
            .map(|r| {
                let text = |key: &str| r[key].as_str().map(str::to_string);
                (r["number"].as_u64().unwrap(), text("hash").unwrap(), text("previous_hash"))
            })
            .collect()
    }
}

/// Numbers 1..=n, each revision naming the one before it.
fn assert_contiguous_chain(chain: &[(u64, String, Option<String>)], n: usize) {
    let numbers: Vec<u64> = chain.iter().map(|r| r.0).collect();
    assert_eq!(numbers, (1..=n as u64).collect::<Vec<_>>(), "no duplicate and no missing revision");
    assert_eq!(chain[0].2, None);
    for pair in chain.windows(2) {
        assert_eq!(pair[1].2.as_ref(), Some(&pair[0].1), "the hash chain holds at {}", pair[1].0);
    }
}

#[actix_web::test]
async fn a_hundred_writers_through_three_processes_get_one_contiguous_chain() {
    let Some(cluster) = cluster("hundred_writers").await else { return };
    let cluster = std::rc::Rc::new(cluster);
    let writers: Vec<_> = (0..100)
        .map(|i| {
            let cluster = cluster.clone();
            actix_web::rt::spawn(async move { cluster.submit(i % 3, &format!("writer {i}"), None).await })
        })
        .collect();
    let mut numbers = Vec::new();
    for writer in writers {
        let (status, body) = writer.await.unwrap().expect("every process answers");
        assert_eq!(status, StatusCode::CREATED, "{body}");
        numbers.push(body["revision"]["number"].as_u64().unwrap());
    }
    numbers.sort();
    assert_eq!(numbers, (1..=100).collect::<Vec<_>>(), "each writer got its own number");
    for server in 0..3 {
        assert_contiguous_chain(&cluster.chain(server).await, 100);
    }
}

#[actix_web::test]
async fn racing_if_match_through_three_processes_lets_exactly_one_through() {
    let Some(cluster) = cluster("if_match_race").await else { return };
    let (status, base) = cluster.submit(0, "base", None).await.unwrap();
    assert_eq!(status, StatusCode::CREATED);
    let base = base["revision"]["hash"].as_str().unwrap().to_string();
    let cluster = std::rc::Rc::new(cluster);
    let racers: Vec<_> = (0..12)
        .map(|i| {
            let (cluster, base) = (cluster.clone(), base.clone());
            actix_web::rt::spawn(async move { cluster.submit(i % 3, &format!("edit {i}"), Some(&base)).await })
        })
        .collect();
    let mut statuses = Vec::new();
    for racer in racers {
        statuses.push(racer.await.unwrap().unwrap().0);
    }
    let won = statuses.iter().filter(|s| **s == StatusCode::CREATED).count();
    let stale = statuses.iter().filter(|s| **s == StatusCode::PRECONDITION_FAILED).count();
    assert_eq!((won, stale), (1, 11), "{statuses:?}");
    assert_contiguous_chain(&cluster.chain(2).await, 2);
}

#[actix_web::test]
async fn a_read_through_one_process_right_after_a_write_through_another_sees_it() {
    let Some(cluster) = cluster("read_after_write").await else { return };
    let latest = |server: usize| format!("{}/api/v1/units/{UNIT}/years/{YEAR}", cluster.servers[server].address);
    for i in 0..30 {
        let (writer, reader) = (i % 3, (i + 1) % 3);
        let (status, body) = cluster.submit(writer, &format!("round {i}"), None).await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let hash = body["revision"]["hash"].as_str().unwrap().to_string();
        let (status, _, etag) = call(cluster.client.get(latest(reader)), None).await.unwrap();
        assert_eq!((status, etag), (StatusCode::OK, Some(format!("\"{hash}\""))), "round {i}");
    }
}

#[actix_web::test]
async fn a_publication_through_one_process_reaches_the_sites_of_the_others() {
    let Some(cluster) = cluster("publication_reaches").await else { return };
    let home = |server: usize| format!("{}/", cluster.servers[server].address);
    let shows_unit = |server: usize| {
        let request = cluster.client.get(home(server));
        async move {
            let mut response = request.send().await.unwrap();
            String::from_utf8(response.body().limit(16 << 20).await.unwrap().to_vec()).unwrap().contains(UNIT)
        }
    };
    assert!(!shows_unit(1).await && !shows_unit(2).await, "nothing is published yet");
    let (status, _) = cluster.submit(0, "to publish", None).await.unwrap();
    assert_eq!(status, StatusCode::CREATED);
    let publish = format!("{}/1/publish", cluster.revisions_url(0));
    let (status, body, _) = call(cluster.client.post(publish).bearer_auth(&cluster.token), None).await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(shows_unit(0).await, "the publishing process rebuilt its site before answering");
    let deadline = Instant::now() + Duration::from_secs(15);
    for server in [1, 2] {
        while !shows_unit(server).await {
            assert!(Instant::now() < deadline, "process {server}'s site never showed the publication");
            actix_web::rt::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

#[actix_web::test]
async fn a_process_killed_mid_write_loses_no_acknowledged_revision_and_the_others_serve_on() {
    let Some(mut cluster) = cluster("kill_mid_write").await else { return };
    let acknowledged = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    // Four writers on each of the first two processes, writing until their process goes away.
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let (client, url, token) = (cluster.client.clone(), cluster.revisions_url(w % 2), cluster.token.clone());
            let acknowledged = acknowledged.clone();
            actix_web::rt::spawn(async move {
                for i in 0..40 {
                    let Some((status, body)) = submit(&client, &url, &token, &format!("w{w} #{i}"), None).await else {
                        return;
                    };
                    assert_eq!(status, StatusCode::CREATED, "{body}");
                    let revision = &body["revision"];
                    let hash = revision["hash"].as_str().unwrap().to_string();
                    acknowledged.borrow_mut().push((revision["number"].as_u64().unwrap(), hash));
                }
            })
        })
        .collect();
    while acknowledged.borrow().len() < 20 {
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
    cluster.servers[0].kill();
    for writer in writers {
        writer.await.unwrap();
    }
    let chain = cluster.chain(2).await;
    for (number, hash) in acknowledged.borrow().iter() {
        let stored = chain.iter().find(|r| r.0 == *number);
        assert_eq!(stored.map(|r| &r.1), Some(hash), "acknowledged revision {number} is kept");
    }
    let (status, body) = cluster.submit(1, "after the kill", None).await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = cluster.submit(2, "after the kill", None).await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let total = body["revision"]["number"].as_u64().unwrap() as usize;
    assert!(total > acknowledged.borrow().len(), "{total}");
    assert_contiguous_chain(&cluster.chain(1).await, total);
}
