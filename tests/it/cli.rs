//! The `disclose` binary: first start, restart, tokens, import, the committed OpenAPI document.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use awc::http::StatusCode;
use serde_json::Value;

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_disclose");

pub(crate) fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

/// A `disclose serve` process on a random port, killed on drop.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) address: String,
    /// The admin token, if this start printed one.
    pub(crate) token: Option<String>,
    /// What it printed before it was serving.
    pub(crate) said: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Serves the store in `data`, building the site into `site`.
pub(crate) fn serve(data: &Path, site: &Path) -> Server {
    serve_with(data, site, Command::new(BIN).arg("serve").stderr(Stdio::null()))
}

/// Serves as [`serve`] does with `command`: `disclose serve`, its options and stderr.
pub(crate) fn serve_with(data: &Path, site: &Path, command: &mut Command) -> Server {
    let mut child = command
        .args(["--bind", "127.0.0.1:0", "--data"])
        .arg(data)
        .arg("--site")
        .arg(site)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut token = None;
    let mut said = String::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let address = loop {
        let line = lines.next().expect("serve exited before it was serving").unwrap();
        said.push_str(&line);
        said.push('\n');
        if let Some(secret) = line.trim().strip_prefix("dsc_") {
            token = Some(format!("dsc_{secret}"));
        }
        if let Some(rest) = line.strip_prefix("disclose is serving") {
            break rest.split("http://").nth(1).unwrap().trim_end_matches('/').to_string();
        }
    };
    // Keep reading so the server never writes into a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Server { child, address: format!("http://{address}"), token, said }
}

async fn get_json(url: &str) -> (StatusCode, Value) {
    let mut response = awc::Client::default().get(url).send().await.unwrap();
    let body = response.body().limit(16 << 20).await.unwrap();
    (response.status(), serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[test]
fn the_committed_openapi_document_is_the_generated_one() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json")).unwrap();
    let printed = run(&["openapi"]);
    assert!(printed.status.success());
    // Compared as booleans: the document is too long to print usefully.
    let fresh = String::from_utf8(printed.stdout).unwrap() == committed;
    assert!(fresh, "openapi/openapi.json is out of date: run `cargo run -- openapi > openapi/openapi.json`");
    assert!(committed == disclose::api::openapi_json());
}

#[actix_web::test]
async fn first_start_seeds_the_examples_and_data_survives_a_restart() {
    let (data, site) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let server = serve(data.path(), site.path());
    let token = server.token.clone().expect("the first start prints an admin token");
    assert!(server
        .said
        .contains("Imported the sample report quwo-2021.json as quwo-eco-env 2021 revision 1 (published)."));

    let (status, units) = get_json(&format!("{}/api/v1/units", server.address)).await;
    assert_eq!(status, StatusCode::OK);
    // The reference unit among the bundled examples (the corpus units come with it).
    let quwo = units.as_array().unwrap().iter().find(|u| u["code"] == "quwo-eco-env").unwrap();
    let years: Vec<_> = quwo["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| (y["year"].as_u64().unwrap(), y["latest_published_revision"].as_u64()))
        .collect();
    assert_eq!(years, vec![(2020, Some(1)), (2021, Some(1))]);

    // A write with the printed token, then a restart.
    let body = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/quwo-2021.json")).unwrap();
    let response = awc::Client::default()
        .post(format!("{}/api/v1/units/quwo-eco-env/years/2021/revisions", server.address))
        .bearer_auth(&token)
        .insert_header(("content-type", "application/json"))
        .send_body(body)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    drop(server);

    let server = serve(data.path(), site.path());
    assert!(server.token.is_none(), "a store that has tokens gets no new one");
    assert!(!server.said.contains("Imported"), "{}", server.said);
    let (_, revisions) = get_json(&format!("{}/api/v1/units/quwo-eco-env/years/2021/revisions", server.address)).await;
    let numbers: Vec<_> = revisions.as_array().unwrap().iter().map(|r| r["number"].as_u64().unwrap()).collect();
    assert_eq!(numbers, vec![1, 2], "the examples are not imported twice, and revision 2 survived");
    assert_eq!(revisions[1]["previous_hash"], revisions[0]["hash"]);
}

#[actix_web::test]
async fn tokens_and_imports_from_the_command_line() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();

    let created = run(&["token", "create", "--unit", "quwo-eco-env", "--data", dir]);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    let token = String::from_utf8(created.stdout).unwrap().trim().to_string();
    assert!(token.starts_with("dsc_"));

    let refused = run(&["token", "create", "--unit", "../etc", "--data", dir]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("/units/0"));

    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/quwo-2020.json");
    let imported = run(&["import", example, "--data", dir, "--publish"]);
    assert!(imported.status.success(), "{}", String::from_utf8_lossy(&imported.stderr));
    assert!(String::from_utf8_lossy(&imported.stdout).contains("quwo-eco-env 2020 revision 1 (published)"));

    let bad = data.path().join("bad.json");
    std::fs::write(&bad, r#"{"unit": {"code": "x y", "name": "n"}, "year": 2021}"#).unwrap();
    let rejected = run(&["import", bad.to_str().unwrap(), "--data", dir]);
    assert!(!rejected.status.success());
    assert!(String::from_utf8_lossy(&rejected.stderr).contains("/unit/code"));

    // The store is not seeded (it holds a unit), and the CLI token writes its unit.
    let site = tempfile::tempdir().unwrap();
    let server = serve(data.path(), site.path());
    let (_, units) = get_json(&format!("{}/api/v1/units", server.address)).await;
    assert_eq!(units[0]["years"].as_array().unwrap().len(), 1);
    let client = awc::Client::default();
    let publish = |unit: &str| {
        client
            .post(format!("{}/api/v1/units/{unit}/years/2020/revisions/1/publish", server.address))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(publish("quwo-eco-env").await.unwrap().status(), StatusCode::OK);
    assert_eq!(publish("other-unit").await.unwrap().status(), StatusCode::FORBIDDEN);

    // A served store is locked: the CLI says so instead of corrupting it.
    let out = tempfile::tempdir().unwrap();
    let built = run(&["site", "build", "--data", dir, "--out", out.path().to_str().unwrap()]);
    assert!(!built.status.success(), "the store is in use by the server");
    let busy = run(&["token", "create", "--data", dir]);
    assert!(!busy.status.success());
    assert!(String::from_utf8_lossy(&busy.stderr).contains("in use"), "{}", String::from_utf8_lossy(&busy.stderr));
    drop(server);

    // With the server stopped, `site build --out` writes a complete Zola root anywhere.
    let built = run(&["site", "build", "--data", dir, "--out", out.path().to_str().unwrap()]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    for file in [
        "config.toml",
        "templates/page.html",
        "static/style.css",
        "content/_index.md",
        "content/quwo-eco-env/2020/_index.md",
        "public/index.html",
    ] {
        assert!(out.path().join(file).exists(), "{file} missing");
    }
    let verified = run(&["verify", out.path().join("public").to_str().unwrap()]);
    assert!(verified.status.success(), "{}", String::from_utf8_lossy(&verified.stdout));
}

#[test]
fn an_unreadable_file_is_an_io_error_not_a_bad_parameter() {
    let data = tempfile::tempdir().unwrap();
    let missing = data.path().join("missing.json");
    let out = run(&["import", missing.to_str().unwrap(), "--data", data.path().to_str().unwrap()]);
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.starts_with(&format!("error: cannot read {}: ", missing.display())), "{said}");
    assert!(said.contains("No such file") && !said.contains("invalid parameter"), "{said}");
}

/// What `disclose serve` logs while answering three requests, with these log options.
async fn server_log(options: &[&str]) -> String {
    let (data, site) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let mut command = Command::new(BIN);
    command.arg("serve").args(options).env("RUST_LOG", "info").env_remove("DISCLOSE_LOG_FORMAT").stderr(Stdio::piped());
    let mut server = serve_with(data.path(), site.path(), &mut command);
    assert_eq!(get_json(&format!("{}/api/v1/units", server.address)).await.0, StatusCode::OK);
    assert_eq!(get_json(&format!("{}/api/v1/nothing", server.address)).await.0, StatusCode::NOT_FOUND);
    let home = awc::Client::new().get(format!("{}/", server.address)).send().await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    let mut stderr = server.child.stderr.take().unwrap();
    // Stopped as an operator stops it: the log's last lines are written on the way out (they
    // are written in batches, after the answers).
    // SAFETY: kill(2) on the child's process id.
    assert_eq!(unsafe { libc::kill(server.child.id() as libc::pid_t, libc::SIGTERM) }, 0);
    assert!(server.child.wait().unwrap().success());
    drop(server);
    let mut log = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut log).unwrap();
    log
}

#[actix_web::test]
async fn logs_to_a_pipe_are_plain_text_with_a_line_per_request() {
    let log = server_log(&[]).await;
    assert!(!log.contains('\u{1b}'), "colour codes in a log that is not a terminal:\n{log}");
    let answered = log.lines().find(|l| l.contains("route=/api/v1/units ") && l.contains("answered"));
    let answered = answered.unwrap_or_else(|| panic!("no line for GET /api/v1/units:\n{log}"));
    assert!(answered.contains("method=GET") && answered.contains("status=200"), "{answered}");
    assert!(answered.contains("latency_ms=") && answered.contains(" id="), "{answered}");
    let site = log.lines().find(|l| l.contains("route=(site) ") && l.contains("status=200"));
    assert!(site.is_some(), "no line for the site's GET /:\n{log}");
}

#[actix_web::test]
async fn logs_are_json_lines_with_log_format_json() {
    let log = server_log(&["--log-format", "json"]).await;
    let lines: Vec<Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    let answered: Vec<_> = lines.iter().filter(|l| l["fields"]["message"] == "answered").collect();
    assert_eq!(answered.len(), 3, "{log}");
    assert_eq!(answered[0]["fields"]["route"], "/api/v1/units");
    assert_eq!(answered[0]["fields"]["status"], 200);
    assert_eq!(answered[1]["fields"]["status"], 404);
    assert_eq!(answered[2]["fields"]["route"], "(site)");
}
