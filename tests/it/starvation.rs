//! Stalled uploads and idle connections (issue 9, defect 1): a body that does not arrive gets
//! 408 after the configured time, uploads beyond the caps get 429 at once, and GETs keep
//! answering meanwhile. Loopback only, a bounded number of sockets, ends by itself.

use std::time::{Duration, Instant};

use actix_web::rt::net::TcpStream;
use actix_web::rt::time::{sleep, timeout};
use awc::http::StatusCode;
use disclose::startup::Settings;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::common::{spawn_app_with, TestApp, UNIT};

/// Sends the head of an upload and the start of its body, and never the rest.
async fn stall(app: &TestApp, token: &str) -> TcpStream {
    let mut socket = TcpStream::connect(app.address.trim_start_matches("http://")).await.unwrap();
    let head = format!(
        "POST /api/v1/units/{UNIT}/years/2021/revisions HTTP/1.1\r\nHost: localhost\r\n\
         Authorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{{\"schema\""
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket
}

/// The answer on `socket` (head and a body of its Content-Length), or None if none came within
/// `wait`.
async fn answer(socket: &mut TcpStream, wait: Duration) -> Option<String> {
    let read = async {
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            let n = socket.read(&mut chunk).await.ok()?;
            bytes.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&bytes).into_owned();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length = head
                    .lines()
                    .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:")?.trim().parse().ok());
                if n == 0 || length.is_some_and(|length: usize| body.len() >= length) {
                    return Some(text);
                }
            }
            if n == 0 {
                return None;
            }
        }
    };
    timeout(wait, read).await.ok()?
}

fn status_and_json(text: &str) -> (u16, serde_json::Value) {
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {text}")))
}

fn settings(body_timeout: u64) -> Settings {
    Settings {
        body_timeout: Duration::from_secs(body_timeout),
        uploads: 6,
        uploads_per_token: 3,
        head_timeout: Duration::from_secs(1),
        ..Settings::default()
    }
}

#[actix_web::test]
async fn a_stalled_upload_gets_408_after_the_configured_timeout_and_changes_nothing() {
    let app = spawn_app_with(settings(1)).await;
    let before = app.contents().await;
    let started = Instant::now();
    let mut socket = stall(&app, &app.unit_token(UNIT).await).await;
    let text = answer(&mut socket, Duration::from_secs(10)).await.expect("no answer to a stalled upload in 10 s");
    let (status, body) = status_and_json(&text);
    assert_eq!((status, body["error"].as_str()), (408, Some("request_timeout")), "{text}");
    assert!(started.elapsed() >= Duration::from_secs(1), "answered before the timeout");
    assert!(started.elapsed() < Duration::from_secs(5), "answered late: {:?}", started.elapsed());
    assert_eq!(app.contents().await, before);
}

#[actix_web::test]
async fn stalled_uploads_and_idle_connections_do_not_starve_gets() {
    let app = spawn_app_with(settings(4)).await;
    let before = app.contents().await;
    let (first, second, third) = (app.unit_token(UNIT).await, app.unit_token(UNIT).await, app.unit_token(UNIT).await);
    let mut stalled = Vec::new();
    for token in [&first, &second] {
        for _ in 0..10 {
            stalled.push(stall(&app, token).await);
        }
    }
    let idle: Vec<TcpStream> =
        futures_util::future::join_all((0..20).map(|_| TcpStream::connect(app.address.trim_start_matches("http://"))))
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
    sleep(Duration::from_millis(500)).await;

    // Three uploads per token are read; the others were refused at once.
    let (mut held, mut refused) = (Vec::new(), 0);
    for mut socket in stalled {
        match answer(&mut socket, Duration::from_millis(100)).await {
            Some(text) => {
                let (status, body) = status_and_json(&text);
                assert_eq!((status, body["error"].as_str()), (429, Some("too_many_uploads")), "{text}");
                assert!(text.to_ascii_lowercase().contains("retry-after: 4"), "{text}");
                refused += 1;
                // The server lets go of the connection, and of its descriptor.
                let closed = timeout(Duration::from_secs(2), socket.read_to_end(&mut Vec::new())).await;
                assert!(closed.is_ok_and(|read| read.is_ok()), "a refused upload's connection stays open");
            }
            None => held.push(socket),
        }
    }
    assert_eq!((held.len(), refused), (6, 14));
    // Six in all: a third token is refused too.
    let mut over = stall(&app, &third).await;
    let text = answer(&mut over, Duration::from_secs(2)).await.expect("the upload over the total cap waited");
    assert_eq!(status_and_json(&text).0, 429, "{text}");

    // Meanwhile GETs, the API's and the health check's, answer promptly.
    for path in ["/api/v1/healthz", "/api/v1/units", "/api-docs/openapi.json"].repeat(5) {
        let started = Instant::now();
        let reply = timeout(Duration::from_secs(2), app.get(path)).await.expect("a GET starved");
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(started.elapsed() < Duration::from_secs(1), "{path} took {:?}", started.elapsed());
    }

    // The held uploads end with 408, and their places are free again.
    for mut socket in held {
        let text = answer(&mut socket, Duration::from_secs(10)).await.expect("a held upload never ended");
        assert_eq!(status_and_json(&text).0, 408, "{text}");
    }
    drop(idle);
    let reply = app.post_json(&format!("/api/v1/units/{UNIT}/years/2021/revisions"), &first, "{").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "the places were not given back");
    assert_eq!(app.contents().await, before);
}
