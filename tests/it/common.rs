//! Spawns the real application on a random port, with sled in a temporary folder.

use std::net::TcpListener;
use std::sync::Arc;

use awc::http::StatusCode;
use disclose::domain::UnitCode;
use disclose::service::Publish;
use disclose::startup::{self, Settings};
use disclose::store::{SledStore, Store, TokenScope};
use disclose::{clock, tokens};
use serde_json::Value;

pub const UNIT: &str = "quwo-eco-env";

/// A unit code the test knows to be valid.
pub fn code(text: &str) -> UnitCode {
    UnitCode::parse(text).unwrap()
}

pub fn example(name: &str) -> String {
    std::fs::read_to_string(format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The `.json` files of a folder of the crate (e.g. `examples`), sorted by name.
pub fn json_files(folder: &str) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(format!("{}/{folder}", env!("CARGO_MANIFEST_DIR")))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

pub fn example_2021() -> Value {
    serde_json::from_str(&example("quwo-2021.json")).unwrap()
}

pub struct TestApp {
    pub address: String,
    pub store: Arc<dyn Store>,
    pub admin: String,
    pub client: awc::Client,
    _dir: tempfile::TempDir,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Settings::default()).await
}

pub async fn spawn_app_with(settings: Settings) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    start(dir, store, settings).await
}

/// The app as `disclose serve` runs it: the examples imported and published, the site built
/// into `site` and served at `/`.
pub async fn spawn_site_app(site: &std::path::Path) -> TestApp {
    spawn_site_app_with(site, Settings::default()).await
}

/// [`spawn_site_app`] with `settings` (their `site` is replaced by the one built).
pub async fn spawn_site_app_with(site: &std::path::Path, settings: Settings) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SledStore::open(dir.path()).unwrap());
    for name in ["quwo-2020.json", "quwo-2021.json"] {
        disclose::service::import(store.as_ref(), example(name).as_bytes(), None, Publish::Now).await.unwrap();
    }
    let site = Arc::new(disclose::site::Site::new(site));
    site.build(store.as_ref()).await.unwrap();
    start(dir, store, Settings { site: Some(site), ..settings }).await
}

async fn start(dir: tempfile::TempDir, store: Arc<dyn Store>, settings: Settings) -> TestApp {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let server = startup::run(listener, store.clone(), settings).unwrap();
    actix_web::rt::spawn(server);
    let client = awc::Client::builder().timeout(std::time::Duration::from_secs(30)).finish();
    let mut app = TestApp { address, store, admin: String::new(), client, _dir: dir };
    app.admin = app.token(TokenScope::Admin {}).await;
    app
}

/// A response read whole.
pub struct Reply {
    pub status: StatusCode,
    pub headers: awc::http::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).map(|v| v.to_str().unwrap().to_string())
    }

    /// The pointers of the problems in an error body.
    pub fn pointers(&self) -> Vec<String> {
        self.json()["problems"].as_array().map_or_else(Vec::new, |problems| {
            problems.iter().map(|p| p["pointer"].as_str().unwrap().to_string()).collect()
        })
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn token(&self, scope: TokenScope) -> String {
        let issued = tokens::issue(scope, None, clock::now());
        self.store.add_token(issued.record).await.unwrap();
        issued.secret
    }

    pub async fn unit_token(&self, unit: &str) -> String {
        self.token(TokenScope::Units { units: vec![code(unit)] }).await
    }

    pub async fn send(&self, request: awc::ClientRequest, body: Option<Vec<u8>>) -> Reply {
        let mut response = match body {
            Some(body) => request.send_body(body).await,
            None => request.send().await,
        }
        .unwrap();
        let body = response.body().limit(64 * 1024 * 1024).await.unwrap().to_vec();
        Reply { status: response.status(), headers: response.headers().clone(), body }
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(self.client.get(self.url(path)), None).await
    }

    /// POSTs JSON text with a bearer token.
    pub async fn post_json(&self, path: &str, token: &str, body: impl Into<Vec<u8>>) -> Reply {
        let request =
            self.client.post(self.url(path)).bearer_auth(token).insert_header(("content-type", "application/json"));
        self.send(request, Some(body.into())).await
    }

    pub async fn submit(&self, year: u16, token: &str, body: &Value) -> Reply {
        let path = format!("/api/v1/units/{UNIT}/years/{year}/revisions");
        self.post_json(&path, token, serde_json::to_vec(body).unwrap()).await
    }

    /// Everything the store holds (units, years, revisions and their documents), to show that
    /// a rejected request changed nothing.
    pub async fn contents(&self) -> Vec<String> {
        contents_of(self.store.as_ref()).await
    }
}

/// Everything `store` holds: units, years, revisions and their documents, one string each.
pub async fn contents_of(store: &dyn Store) -> Vec<String> {
    let mut seen = Vec::new();
    for unit in store.units().await.unwrap() {
        seen.push(serde_json::to_string(&unit).unwrap());
        let unit_code = unit.code().unwrap();
        for year in store.years(&unit_code).await.unwrap() {
            seen.push(serde_json::to_string(&year).unwrap());
            for meta in store.revisions(&unit_code, year.year).await.unwrap() {
                seen.push(serde_json::to_string(&meta).unwrap());
                let revision = store.revision(&meta.unit, meta.year, meta.number).await.unwrap().unwrap();
                seen.push(revision.document);
            }
        }
    }
    seen
}

/// A schema-2 snapshot of a test unit holding `parts` (members of the snapshot), an excerpt
/// unless `parts` says otherwise, so that only the checks under test speak.
pub fn schema2(parts: Value) -> Value {
    let mut snapshot = serde_json::json!({
        "schema": 2,
        "coverage": "excerpt",
        "unit": {"code": "corpus-test", "name": "测试单位"},
        "year": 2023
    });
    for (key, value) in parts.as_object().expect("the parts of a snapshot").clone() {
        snapshot[key] = value;
    }
    snapshot
}

/// The snapshot `value` validated (it must be valid) and audited.
pub fn valid_findings(value: Value) -> Vec<disclose::analysis::Finding> {
    let snapshot: disclose::domain::Snapshot = serde_json::from_value(value).expect("a snapshot");
    if let Err(problems) = disclose::domain::validate::validate(&snapshot) {
        panic!("refused: {problems:#?}");
    }
    disclose::analysis::audit(&snapshot, None)
}

/// Asserts that a finding of `kind` names `pointer` first, and returns it.
pub fn expect_finding(
    findings: &[disclose::analysis::Finding],
    kind: disclose::analysis::FindingKind,
    pointer: &str,
) -> disclose::analysis::Finding {
    let found = findings.iter().find(|f| f.kind == kind && f.pointers.first().map(|p| p.as_str()) == Some(pointer));
    let finding = found.unwrap_or_else(|| panic!("no {kind:?} at {pointer} in {findings:#?}")).clone();
    assert!(finding.message_zh.as_deref().is_some_and(|m| !m.is_empty()), "{kind:?} has no Chinese message");
    finding
}

/// A `disclose serve` process (the real binary) on a random loopback port, killed on drop, so
/// that a failed assertion leaves no server behind.
pub struct Served {
    pub child: std::process::Child,
    pub address: String,
    /// Every line it printed before it was serving (the first start prints an admin token).
    pub said: String,
}

impl Served {
    /// `disclose serve` with `args`, awaited for at most `wait`: panics (after killing it) if it
    /// exits or is not serving by then.
    pub fn start(args: &[&std::ffi::OsStr], wait: std::time::Duration) -> Served {
        use std::io::BufRead;
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_disclose"))
            .arg("serve")
            .args(["--bind", "127.0.0.1:0"])
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut served = Served { child, address: String::new(), said: String::new() };
        let stdout = served.child.stdout.take().unwrap();
        let (lines, said) = std::sync::mpsc::channel();
        // Reads to the end, so that the server never writes into a closed pipe.
        std::thread::spawn(move || {
            std::io::BufReader::new(stdout).lines().map_while(Result::ok).try_for_each(|l| lines.send(l))
        });
        let deadline = std::time::Instant::now() + wait;
        while served.address.is_empty() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let line = said.recv_timeout(left).unwrap_or_else(|e| panic!("not serving ({e}) after:\n{}", served.said));
            served.said.push_str(&line);
            served.said.push('\n');
            if let Some(rest) = line.strip_prefix("disclose is serving") {
                served.address = rest.split("http://").nth(1).unwrap().trim_end_matches('/').to_string();
            }
        }
        served.address = format!("http://{}", served.address);
        served
    }

    /// The admin token the first start printed, if it printed one.
    pub fn token(&self) -> Option<String> {
        self.said.lines().find_map(|line| line.trim().starts_with("dsc_").then(|| line.trim().to_string()))
    }

    /// SIGKILL, and the process reaped.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.kill();
    }
}
