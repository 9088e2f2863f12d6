//! One spelling per address and per value (issue 9): a number in a path only as it prints, a query
//! string only as percent-encoded UTF-8, JSON structs only as objects. Each alias is a 400 or 422
//! that names what is wrong, and changes nothing.

use super::common::*;
use awc::http::StatusCode;
use serde_json::json;

/// The unit with one revision of 2021, so that an alias would find something.
async fn app_with_a_revision() -> TestApp {
    let app = spawn_app().await;
    assert_eq!(app.submit(2021, &app.admin, &example_2021()).await.status, StatusCode::CREATED);
    app
}

/// GET `path` is a 400 whose message names `what` (the parameter at fault).
async fn assert_refused(app: &TestApp, path: &str, what: &str) {
    let reply = app.get(path).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{path}");
    assert_eq!(reply.json()["error"], "invalid_parameter", "{path}");
    let message = reply.json()["message"].as_str().unwrap().to_string();
    assert!(message.contains(what), "{path}: {message}");
}

#[actix_web::test]
async fn a_number_in_a_path_has_one_spelling() {
    let app = app_with_a_revision().await;
    let base = format!("/api/v1/units/{UNIT}/years");
    for (path, parameter) in [
        (format!("{base}/+2021"), "year"),
        (format!("{base}/02021"), "year"),
        (format!("{base}/%2B2021"), "year"),
        (format!("{base}/+2021/revisions"), "year"),
        (format!("{base}/2021/revisions/+1"), "revision"),
        (format!("{base}/2021/revisions/01"), "revision"),
        (format!("{base}/2021/checks?x=1&y=2").replace("2021", "2021.0"), "year"),
    ] {
        assert_refused(&app, &path, &format!("path parameter `{parameter}`")).await;
    }
    for path in [format!("{base}/2021"), format!("{base}/2021/revisions/1")] {
        assert_eq!(app.get(&path).await.status, StatusCode::OK, "{path}");
    }

    // Writes to an alias store nothing under the canonical address.
    let before = app.contents().await;
    let body = serde_json::to_vec(&example_2021()).unwrap();
    for path in [format!("{base}/+2021/revisions"), format!("{base}/02021/revisions/1/publish")] {
        let reply = app.post_json(&path, &app.admin, body.clone()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{path}");
    }
    let reply = app.post_json(&format!("{base}/2021/revisions/+1/publish"), &app.admin, Vec::new()).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.contents().await, before);
}

#[actix_web::test]
async fn a_query_string_that_is_not_utf8_gets_400() {
    let app = app_with_a_revision().await;
    let before = app.contents().await;
    let revisions = format!("/api/v1/units/{UNIT}/years/2021/revisions");
    let body = serde_json::to_vec(&example_2021()).unwrap();
    for query in ["note=%FF", "note=caf%E9", "note=%C3", "note=50%", "note=%zz", "strict=false&note=%ED%A0%80"] {
        let reply = app.post_json(&format!("{revisions}?{query}"), &app.admin, body.clone()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}: {}", String::from_utf8_lossy(&reply.body));
        assert_eq!(reply.json()["error"], "invalid_parameter", "{query}");
        assert!(reply.json()["message"].as_str().unwrap().contains("query string"), "{query}");
    }
    let reply = app.get(&format!("/api/v1/units/{UNIT}/years/2021?published=%FE")).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.contents().await, before);

    // Percent-encoded UTF-8 is the note itself.
    let reply = app.post_json(&format!("{revisions}?note=%E6%9B%B2%E6%B2%83+ok"), &app.admin, body).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.json()["revision"]["note"], "曲沃 ok");
}

#[actix_web::test]
async fn units_and_tokens_are_objects_too_and_their_text_shows_what_it_says() {
    let app = spawn_app().await;
    let put = |body: serde_json::Value| {
        let request = app
            .client
            .put(app.url(&format!("/api/v1/units/{UNIT}")))
            .bearer_auth(&app.admin)
            .insert_header(("content-type", "application/json"));
        app.send(request, Some(body.to_string().into_bytes()))
    };
    let tokens = |body: serde_json::Value| app.post_json("/api/v1/tokens", &app.admin, body.to_string());
    let cases = [
        ("a unit as an array", put(json!([UNIT, "曲沃分局"])).await, ""),
        ("a unit named with an override", put(json!({"code": UNIT, "name": "\u{202D}曲沃分局"})).await, "/name"),
        ("a unit named with nothing visible", put(json!({"code": UNIT, "name": "\u{200B}\u{200C}"})).await, "/name"),
        ("a token request as an array", tokens(json!([{"kind": "admin"}])).await, ""),
        ("a scope as an array", tokens(json!({"scope": ["admin"]})).await, "/scope"),
        ("a label with a mark", tokens(json!({"scope": {"kind": "admin"}, "label": "ci\u{200F}"})).await, "/label"),
    ];
    for (name, reply, pointer) in cases {
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {}", String::from_utf8_lossy(&reply.body));
        assert_eq!(reply.pointers(), vec![pointer.to_string()], "{name}");
    }
    assert!(app.contents().await.is_empty());

    // A note of invisible characters is no note; one with an override is refused.
    let revisions = format!("/api/v1/units/{UNIT}/years/2021/revisions");
    let body = serde_json::to_vec(&example_2021()).unwrap();
    let reply = app.post_json(&format!("{revisions}?note=ok%E2%80%AEko"), &app.admin, body.clone()).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let reply = app.post_json(&format!("{revisions}?note=%E2%80%8B"), &app.admin, body).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert!(reply.json()["revision"]["note"].is_null(), "{}", reply.json());
}

#[actix_web::test]
async fn a_number_in_a_query_string_has_one_spelling_too() {
    let app = app_with_a_revision().await;
    let unit = format!("/api/v1/units/{UNIT}");
    for (path, parameter) in [
        (format!("{unit}/years/2021/checks?revision=+1"), "revision"),
        (format!("{unit}/years/2021/checks?revision=%2B1"), "revision"),
        (format!("{unit}/years/2021/checks?revision=01"), "revision"),
        (format!("{unit}/years/2021/checks?revision=1.0"), "revision"),
        (format!("{unit}/comparison?from=02020&to=2021"), "from"),
        (format!("{unit}/comparison?from=2020&to=+2021"), "to"),
        (format!("{unit}/comparison?from=2020&to=%202021"), "to"),
        (format!("{unit}/targets?as_of=02021"), "as_of"),
        (format!("{unit}/targets?as_of=+2021"), "as_of"),
        (format!("{unit}/years/2021/revisions?limit=+5"), "limit"),
        (format!("{unit}/years/2021/revisions?limit=05"), "limit"),
        (format!("{unit}/years/2021/revisions?limit=0"), "limit"),
        (format!("{unit}/years/2021/revisions?after=01"), "after"),
        ("/api/v1/units?limit=1001".to_string(), "limit"),
        (format!("{unit}/years/2021/revisions?after=2147483648"), "after"),
        ("/api/v1/log/entries?start=+1".to_string(), "start"),
        ("/api/v1/log/entries?start=9223372036854775808".to_string(), "start"),
        ("/api/v1/log/proofs/inclusion?index=0&tree_size=01".to_string(), "tree_size"),
    ] {
        assert_refused(&app, &path, &format!("query parameter `{parameter}` ")).await;
    }
    for path in [
        format!("{unit}/years/2021/checks?revision=1"),
        format!("{unit}/targets?as_of=2021"),
        format!("{unit}/years/2021/revisions?limit=5&after=1"),
    ] {
        assert_eq!(app.get(&path).await.status, StatusCode::OK, "{path}");
    }
}
