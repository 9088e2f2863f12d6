//! The hostile-request corpus (`tests/hostile/`, its format in the README there): each file's raw
//! bytes over a plain TCP connection to the app serving the site, its answer held to the status
//! (and error code, pointers, headers or schema) the file expects; the store identical before and
//! after the whole corpus, and the server still answering at the end.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use actix_web::rt::net::TcpStream;
use actix_web::rt::time::timeout;
use disclose::startup::Settings;
use disclose::store::TokenScope;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{code, example, example_2021, spawn_site_app_with, TestApp, UNIT};

/// How long an answer may take: more than the body timeout the app is given, so that a stalled
/// upload is answered (408) well within it, also on a loaded machine.
const WAIT: Duration = Duration::from_secs(30);

/// One file of the corpus.
#[derive(Debug)]
struct Case {
    name: String,
    /// `# expect:` the status, or 0 for `closed`; `400 or closed` lists what may come.
    statuses: Vec<u16>,
    /// `# error:` the `error` code of the JSON body.
    error: Option<String>,
    /// `# pointer:` (one line each, in order) the pointers of its problems.
    pointers: Vec<String>,
    /// `# header: Name: value`: headers the answer carries, with these values.
    headers: Vec<(String, String)>,
    /// `# body: empty`: the answer has no body (the parser's own answers).
    empty_body: bool,
    /// `# documented: get /units/{unit}`: the body is valid by the document's schema of the answer.
    documented: Option<(String, String)>,
    /// The request, as written after the comments.
    request: String,
}

fn parse(name: &str, text: &str) -> Case {
    let mut case = Case {
        name: name.into(),
        statuses: Vec::new(),
        error: None,
        pointers: Vec::new(),
        headers: Vec::new(),
        empty_body: false,
        documented: None,
        request: String::new(),
    };
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next_if(|l| l.starts_with('#')) {
        let Some((key, value)) = line.trim_start_matches('#').split_once(':') else { continue };
        let value = value.trim().to_string();
        match key.trim() {
            // `closed`: the connection is closed without an answer (status 0 here).
            "expect" => {
                let status = |s: &str| if s == "closed" { Some(0) } else { s.parse().ok() };
                let statuses = value.split(" or ").map(|s| status(s.trim()));
                case.statuses = statuses.collect::<Option<_>>().unwrap_or_else(|| panic!("{name}: expect {value:?}"));
            }
            "error" => case.error = Some(value),
            "pointer" => case.pointers.push(value),
            "header" => {
                let (header, expected) = value.split_once(':').unwrap_or_else(|| panic!("{name}: header {value:?}"));
                case.headers.push((header.trim().to_ascii_lowercase(), expected.trim().to_string()));
            }
            "body" => case.empty_body = value == "empty",
            "documented" => {
                let (method, path) = value.split_once(' ').unwrap_or_else(|| panic!("{name}: documented {value:?}"));
                case.documented = Some((method.into(), path.into()));
            }
            _ => {} // `# why:` and any other comment
        }
    }
    case.request = lines.collect();
    assert!(!case.statuses.is_empty(), "{name} has no `# expect:` status");
    case
}

/// The request's bytes: placeholders filled, every line break CRLF, and `{{CONTENT_LENGTH}}`
/// the length of what follows the head.
fn fill(request: &str, values: &BTreeMap<&str, String>) -> Vec<u8> {
    let mut text = request.replace("\r\n", "\n").replace('\n', "\r\n");
    for (name, value) in values {
        text = text.replace(&format!("{{{{{name}}}}}"), value);
    }
    while let Some(start) = text.find("{{REPEAT:") {
        let end = start + text[start..].find("}}").expect("a closed REPEAT");
        let (count, unit) = text[start + 9..end].split_once(':').expect("{{REPEAT:n:text}}");
        text.replace_range(start..end + 2, &unit.repeat(count.parse().expect("a count")));
    }
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_str();
    // Raw bytes, such as bytes that are not UTF-8, cannot be written in a text file.
    while let Some(start) = rest.find("{{BYTES:") {
        bytes.extend_from_slice(&rest.as_bytes()[..start]);
        let end = start + rest[start..].find("}}").expect("a closed BYTES");
        let hex = rest[start + 8..end].split_whitespace();
        bytes.extend(hex.map(|h| u8::from_str_radix(h, 16).expect("hex bytes")));
        rest = &rest[end + 2..];
    }
    bytes.extend_from_slice(rest.as_bytes());
    let placeholder = b"{{CONTENT_LENGTH}}";
    if let Some(at) = bytes.windows(placeholder.len()).position(|w| w == placeholder) {
        let head_end = bytes.windows(4).position(|w| w == b"\r\n\r\n").expect("a head") + 4;
        let length = (bytes.len() - head_end).to_string();
        bytes.splice(at..at + placeholder.len(), length.into_bytes());
    }
    bytes
}

/// Everything the server sends on one connection until it closes it (or `WAIT` passes).
async fn exchange(address: &str, request: &[u8]) -> Vec<u8> {
    let mut socket = TcpStream::connect(address).await.unwrap();
    // A server may answer and close before it has read all of a refused request.
    let _ = socket.write_all(request).await;
    let mut answer = Vec::new();
    let _ = timeout(WAIT, socket.read_to_end(&mut answer)).await;
    answer
}

/// An answer read: status, headers (lower-case names), body, and what followed it.
struct Answer {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
    after: Vec<u8>,
}

fn read_answer(bytes: &[u8]) -> Option<Answer> {
    let head_end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..head_end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: BTreeMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    let rest = &bytes[head_end + 4..];
    let length = match headers.get("content-length") {
        Some(length) => length.parse().ok()?,
        None if headers.get("transfer-encoding").is_some_and(|t| t.contains("chunked")) => {
            return read_chunked(status, headers, rest)
        }
        None => rest.len(),
    };
    let length = length.min(rest.len());
    Some(Answer { status, headers, body: rest[..length].to_vec(), after: rest[length..].to_vec() })
}

fn read_chunked(status: u16, headers: BTreeMap<String, String>, mut rest: &[u8]) -> Option<Answer> {
    let mut body = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&rest[..line_end]).ok()?.trim(), 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            let after = rest.get(2..).unwrap_or_default().to_vec();
            return Some(Answer { status, headers, body, after });
        }
        body.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

/// What `answer` breaks of what `case` expects.
fn judge(case: &Case, answer: &Answer, doc: &Value) -> Vec<String> {
    let mut wrong = Vec::new();
    if !case.statuses.contains(&answer.status) {
        wrong.push(format!("status {} instead of {:?}", answer.status, case.statuses));
    }
    if !answer.after.is_empty() {
        wrong.push(format!("a second answer followed: {}", String::from_utf8_lossy(&answer.after)));
    }
    if case.empty_body && !answer.body.is_empty() {
        wrong.push("a body where the parser answers with none".into());
    }
    for (name, expected) in &case.headers {
        if answer.headers.get(name) != Some(expected) {
            wrong.push(format!("header {name} is {:?}, not {expected:?}", answer.headers.get(name)));
        }
    }
    if case.error.is_none() && case.pointers.is_empty() && case.documented.is_none() {
        return wrong;
    }
    let body: Value = match serde_json::from_slice(&answer.body) {
        Ok(body) => body,
        Err(e) => return [wrong, vec![format!("the body is not JSON ({e})")]].concat(),
    };
    if let Some(error) = &case.error {
        if body["error"] != error.as_str() {
            wrong.push(format!("error {} instead of {error}", body["error"]));
        }
    }
    if !case.pointers.is_empty() {
        let problems = body["problems"].as_array().cloned().unwrap_or_default();
        let pointers: Vec<&str> = problems.iter().filter_map(|p| p["pointer"].as_str()).collect();
        if pointers != case.pointers {
            wrong.push(format!("pointers {pointers:?} instead of {:?}", case.pointers));
        }
    }
    if let Some((method, path)) = &case.documented {
        let check = || crate::contract::assert_documented(doc, method, path, answer.status, &body);
        if let Err(e) = std::panic::catch_unwind(check) {
            wrong.push(e.downcast_ref::<String>().cloned().unwrap_or_else(|| "breaks its schema".into()));
        }
    }
    wrong
}

fn corpus() -> Vec<(String, PathBuf)> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "http"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    files.sort();
    files
}

/// The app serving the site, with two revisions of 2021 (so that revision 1 is stale) and a
/// body timeout short enough for a stalled upload to be answered within `WAIT`.
async fn hostile_app(site: &Path) -> (TestApp, BTreeMap<&'static str, String>) {
    let settings = Settings { body_timeout: Duration::from_secs(2), ..Settings::default() };
    let app = spawn_site_app_with(site, settings).await;
    let mut corrected = example_2021();
    corrected["unit"]["name"] = "临汾市生态环境局曲沃分局（更正）".into();
    assert_eq!(app.submit(2021, &app.admin, &corrected).await.status, 201);
    let stale = app.store.revisions(&code(UNIT), 2021).await.unwrap()[0].hash.to_string();
    let host = app.address.trim_start_matches("http://").to_string();
    let values = BTreeMap::from([
        ("HOST", host),
        ("UNIT", UNIT.to_string()),
        ("TOKEN", app.admin.clone()),
        ("UNIT_TOKEN", app.unit_token(UNIT).await),
        ("OTHER_UNIT_TOKEN", app.token(TokenScope::Units { units: vec![code("qingshen-fgj")] }).await),
        ("STALE_HASH", stale),
        ("EXAMPLE_2021", example("quwo-2021.json").trim_end().to_string()),
    ]);
    (app, values)
}

#[actix_web::test]
async fn every_hostile_request_gets_its_answer_and_changes_nothing() {
    let site = tempfile::tempdir().unwrap();
    let (app, values) = hostile_app(site.path()).await;
    let doc = crate::contract::document();
    let before = app.contents().await;
    let cases = corpus();
    assert!(cases.len() >= 40, "the corpus holds {} requests", cases.len());
    let mut failures = Vec::new();
    for (name, path) in cases {
        let case = parse(&name, &std::fs::read_to_string(&path).unwrap());
        let bytes = exchange(&values["HOST"], &fill(&case.request, &values)).await;
        let wrong = match read_answer(&bytes) {
            Some(answer) => judge(&case, &answer, &doc),
            None if case.statuses.contains(&0) && bytes.is_empty() => Vec::new(),
            None => vec![format!("no answer: {:?}", String::from_utf8_lossy(&bytes))],
        };
        if !wrong.is_empty() {
            failures.push(format!("{}: {}", case.name, wrong.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{} of the corpus answered wrongly:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(app.contents().await, before, "a hostile request changed the store");
    let reply = app.get(&format!("/api/v1/units/{UNIT}/years/2021")).await;
    assert_eq!(reply.status, 200, "the server no longer answers");
    assert_eq!(app.get("/").await.status, 200, "the site no longer answers");
}
