//! What a failure tells the caller and the operator: a 500 answer names nothing internal but
//! quotes the request id that every answer carries and under which the cause is logged.

use std::sync::Arc;

use awc::http::StatusCode;
use disclose::site::Site;
use disclose::startup::Settings;

use super::common::*;

#[actix_web::test]
async fn every_answer_carries_a_request_id() {
    let app = spawn_app().await;
    let ids: Vec<_> = [app.get("/api/v1/healthz").await, app.get("/api/v1/no/such/thing").await]
        .iter()
        .map(|reply| reply.header("x-request-id").expect("an X-Request-Id header"))
        .collect();
    assert!(ids.iter().all(|id| id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit())), "{ids:?}");
    assert_ne!(ids[0], ids[1]);
}

#[actix_web::test]
async fn a_500_names_nothing_internal_and_quotes_the_request_id() {
    // The site root lies under a plain file, so rebuilding the site after a publication fails
    // with an I/O error whose message holds the path.
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "").unwrap();
    let site = Arc::new(Site::new(blocker.join("site")));
    let app = spawn_app_with(Settings { site: Some(site), ..Settings::default() }).await;
    assert_eq!(app.submit(2021, &app.admin, &example_2021()).await.status, StatusCode::CREATED);

    let path = format!("/api/v1/units/{UNIT}/years/2021/revisions/1/publish");
    let reply = app.send(app.client.post(app.url(&path)).bearer_auth(&app.admin), None).await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    let id = reply.header("x-request-id").expect("an X-Request-Id header");
    let body = reply.json();
    let message = body["message"].as_str().unwrap();
    assert_eq!(body["error"], "io_error");
    assert!(message.contains("revision 1 is published") && message.contains("publish it again"), "{message}");
    assert!(message.ends_with(&format!("reference {id}")), "{message}");
    let text = String::from_utf8_lossy(&reply.body);
    for internal in [dir.path().to_str().unwrap(), "not-a-folder", "os error", "Not a directory"] {
        assert!(!text.contains(internal), "{internal:?} in {text}");
    }
    // The publication itself holds: the rebuild is what failed.
    let published = app.get(&format!("/api/v1/units/{UNIT}/years/2021?published=true")).await;
    assert_eq!(published.status, StatusCode::OK);
}
