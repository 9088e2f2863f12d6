//! Lists a page at a time (issue 10): `?limit=&after=` and `Link: <...>; rel="next"`, every
//! item exactly once and in order while other clients keep adding items.

use awc::http::StatusCode;
use serde_json::{json, Value};

use crate::common::{example_2021, spawn_app, TestApp, UNIT};

/// Follows `Link: rel="next"` from `first`: every item of every page, and the number of pages.
async fn every_page(app: &TestApp, first: &str) -> (Vec<Value>, usize) {
    let (mut items, mut pages, mut next) = (Vec::new(), 0, Some(first.to_string()));
    while let Some(path) = next {
        let reply = app.get(&path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", String::from_utf8_lossy(&reply.body));
        items.extend(reply.json().as_array().unwrap().iter().cloned());
        pages += 1;
        next = reply.header("link").map(|link| {
            assert!(link.ends_with("; rel=\"next\""), "{link}");
            link.trim_start_matches('<').split('>').next().unwrap().to_string()
        });
    }
    (items, pages)
}

#[actix_web::test]
async fn revision_pages_cover_every_revision_once_while_more_are_submitted() {
    let app = spawn_app().await;
    let token = app.unit_token(UNIT).await;
    for _ in 0..15 {
        assert_eq!(app.submit(2021, &token, &example_2021()).await.status, StatusCode::CREATED);
    }
    let list = format!("/api/v1/units/{UNIT}/years/2021/revisions");
    // The first page as it always was, now with a link to the next one.
    let all = app.get(&list).await;
    assert_eq!(all.json().as_array().unwrap().len(), 15);
    assert!(all.header("link").is_none(), "15 revisions fit in the default page");

    let writer = async {
        for _ in 0..15 {
            assert_eq!(app.submit(2021, &token, &example_2021()).await.status, StatusCode::CREATED);
        }
    };
    let first = format!("{list}?limit=4");
    let ((items, pages), ()) = tokio::join!(every_page(&app, &first), writer);
    let numbers: Vec<u64> = items.iter().map(|m| m["number"].as_u64().unwrap()).collect();
    assert!(numbers.len() >= 15 && pages >= 4, "{numbers:?}");
    assert_eq!(numbers, (1..=numbers.len() as u64).collect::<Vec<_>>(), "each once, in order, none skipped");

    // The pages after the writes hold all 30, in 8 pages of 4 at most.
    let (items, pages) = every_page(&app, &format!("{list}?limit=4")).await;
    assert_eq!((items.len(), pages), (30, 8));
    let page = app.get(&format!("{list}?limit=4&after=28")).await;
    assert_eq!(page.json().as_array().unwrap().len(), 2);
    assert!(page.header("link").is_none());
    assert_eq!(app.get(&format!("{list}?after=30")).await.json(), json!([]));
    assert_eq!(app.get(&format!("/api/v1/units/{UNIT}/years/2020/revisions")).await.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn unit_pages_cover_every_unit_once_while_units_are_added() {
    let app = spawn_app().await;
    let put = |code: String| {
        let request = app
            .client
            .put(app.url(&format!("/api/v1/units/{code}")))
            .bearer_auth(&app.admin)
            .insert_header(("content-type", "application/json"));
        let body = json!({"code": code, "name": "测试单位"}).to_string();
        app.send(request, Some(body.into_bytes()))
    };
    let before: Vec<String> = (0..20).map(|i| format!("unit-{:02}", i * 5)).collect();
    for code in &before {
        assert_eq!(put(code.clone()).await.status, StatusCode::CREATED);
    }
    // Added meanwhile, before, between and after the codes being paged through.
    let writer = async {
        for i in 0..20 {
            assert_eq!(put(format!("unit-{:02}", i * 5 + 2)).await.status, StatusCode::CREATED);
        }
    };
    let ((items, _), ()) = tokio::join!(every_page(&app, "/api/v1/units?limit=3"), writer);
    let codes: Vec<String> = items.iter().map(|u| u["code"].as_str().unwrap().to_string()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(codes, sorted, "in order, each once");
    assert!(before.iter().all(|code| codes.contains(code)), "every unit there from the start: {codes:?}");

    let (items, pages) = every_page(&app, "/api/v1/units?limit=7").await;
    assert_eq!((items.len(), pages), (40, 6));
    assert!(items[0]["years"].is_array(), "each unit with its years, as before");
}

#[actix_web::test]
async fn a_page_size_out_of_range_or_a_bad_cursor_is_refused() {
    let app = spawn_app().await;
    let list = format!("/api/v1/units/{UNIT}/years/2021/revisions");
    for path in [
        format!("{list}?limit=0"),
        format!("{list}?limit=1001"),
        format!("{list}?after=x"),
        "/api/v1/units?limit=0".to_string(),
        "/api/v1/units?after=..%2Fetc".to_string(),
    ] {
        let reply = app.get(&path).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(reply.json()["error"], "invalid_parameter", "{path}");
    }
}
