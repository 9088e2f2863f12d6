//! The REST API through real HTTP, against the real app with sled in a temp folder.

use super::common::*;
use awc::http::StatusCode;
use disclose::integrity::sha256_hex;
use serde_json::{json, Value};

#[actix_web::test]
async fn health_answers() {
    let app = spawn_app().await;
    let reply = app.get("/api/v1/healthz").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["status"], "ok");
}

#[actix_web::test]
async fn the_2021_example_round_trips_and_its_hash_can_be_recomputed() {
    let app = spawn_app().await;
    let example = example_2021();
    let reply = app.submit(2021, &app.admin, &example).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&reply.body));
    let revision = &reply.json()["revision"];
    assert_eq!(revision["number"], 1);
    assert!(revision.get("previous_hash").is_none());
    let hash = revision["hash"].as_str().unwrap().to_string();
    assert_eq!(reply.header("etag").unwrap(), format!("\"{hash}\""));
    assert_eq!(reply.header("location").unwrap(), format!("/api/v1/units/{UNIT}/years/2021/revisions/1"));

    for path in [format!("/api/v1/units/{UNIT}/years/2021"), format!("/api/v1/units/{UNIT}/years/2021/revisions/1")] {
        let got = app.get(&path).await;
        assert_eq!(got.status, StatusCode::OK);
        assert_eq!(got.json(), example, "{path} does not give back the submitted value");
        assert_eq!(sha256_hex(&got.body), hash, "the body of {path} must hash to the ETag");
        assert_eq!(got.header("etag").unwrap(), format!("\"{hash}\""));
        assert_eq!(got.header("x-revision").unwrap(), "1");
    }

    // The first revision registered the unit from the snapshot.
    let unit = app.get(&format!("/api/v1/units/{UNIT}")).await.json();
    assert_eq!(unit["name"], "临汾市生态环境局曲沃分局");
    assert_eq!(unit["years"], json!([{"year": 2021, "latest_revision": 1, "latest_hash": hash}]));
}

#[actix_web::test]
async fn if_none_match_gives_304() {
    let app = spawn_app().await;
    let reply = app.submit(2021, &app.admin, &example_2021()).await;
    let etag = reply.header("etag").unwrap();
    let request = app
        .client
        .get(app.url(&format!("/api/v1/units/{UNIT}/years/2021")))
        .insert_header(("if-none-match", etag.clone()));
    let reply = app.send(request, None).await;
    assert_eq!(reply.status, StatusCode::NOT_MODIFIED);
    assert!(reply.body.is_empty());
    let request = app
        .client
        .get(app.url(&format!("/api/v1/units/{UNIT}/years/2021")))
        .insert_header(("if-none-match", "\"other\""));
    assert_eq!(app.send(request, None).await.status, StatusCode::OK);
}

#[actix_web::test]
async fn revisions_chain_and_publication() {
    let app = spawn_app().await;
    let mut example = example_2021();
    let first = app.submit(2021, &app.admin, &example).await.json()["revision"].clone();
    example["title"] = json!("更正后的报告");
    let path = format!("/api/v1/units/{UNIT}/years/2021/revisions?note=corrected%20title");
    let second = app.post_json(&path, &app.admin, serde_json::to_vec(&example).unwrap()).await;
    assert_eq!(second.status, StatusCode::CREATED);
    let second = second.json()["revision"].clone();
    assert_eq!(second["number"], 2);
    assert_eq!(second["previous_hash"], first["hash"]);
    assert_eq!(second["note"], "corrected title");

    let list = app.get(&format!("/api/v1/units/{UNIT}/years/2021/revisions")).await.json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[1]["previous_hash"], list[0]["hash"]);

    // Nothing is public before publication.
    let published = format!("/api/v1/units/{UNIT}/years/2021?published=true");
    assert_eq!(app.get(&published).await.status, StatusCode::NOT_FOUND);

    let publish = |n: u32, token: String| {
        let request = app
            .client
            .post(app.url(&format!("/api/v1/units/{UNIT}/years/2021/revisions/{n}/publish")))
            .bearer_auth(token);
        app.send(request, None)
    };
    assert_eq!(
        app.send(app.client.post(app.url(&format!("/api/v1/units/{UNIT}/years/2021/revisions/1/publish"))), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(publish(1, app.unit_token("other-unit").await).await.status, StatusCode::FORBIDDEN);
    assert_eq!(publish(9, app.admin.clone()).await.status, StatusCode::NOT_FOUND);
    let done = publish(1, app.unit_token(UNIT).await).await;
    assert_eq!(done.status, StatusCode::OK);
    let published_at = done.json()["published_at"].as_str().unwrap().to_string();
    // Publishing again keeps the first publication time.
    assert_eq!(publish(1, app.admin.clone()).await.json()["published_at"], published_at.as_str());

    let public = app.get(&published).await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.header("x-revision").unwrap(), "1");
    assert_eq!(public.header("x-published-at").unwrap(), published_at);
    // The latest revision is still the unpublished correction.
    assert_eq!(app.get(&format!("/api/v1/units/{UNIT}/years/2021")).await.header("x-revision").unwrap(), "2");

    publish(2, app.admin.clone()).await;
    assert_eq!(app.get(&published).await.json()["title"], "更正后的报告");
    let unit = app.get(&format!("/api/v1/units/{UNIT}")).await.json();
    assert_eq!(unit["years"][0]["latest_published_revision"], 2);
}

#[actix_web::test]
async fn a_stale_if_match_gets_412_and_stores_nothing() {
    let app = spawn_app().await;
    let example = example_2021();
    let first = app.submit(2021, &app.admin, &example).await.header("etag").unwrap();
    let second = app.submit(2021, &app.admin, &example).await.header("etag").unwrap();
    assert_eq!(first, second, "the same document has the same hash");
    let mut changed = example.clone();
    changed["title"] = json!("changed");
    let third = app.submit(2021, &app.admin, &changed).await.header("etag").unwrap();
    let before = app.contents().await;

    let path = format!("/api/v1/units/{UNIT}/years/2021/revisions");
    let stale = app
        .client
        .post(app.url(&path))
        .bearer_auth(&app.admin)
        .insert_header(("content-type", "application/json"))
        .insert_header(("if-match", first.clone()));
    let reply = app.send(stale, Some(serde_json::to_vec(&example).unwrap())).await;
    assert_eq!(reply.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(reply.json()["error"], "stale_revision");
    assert_eq!(format!("\"{}\"", reply.json()["current_hash"].as_str().unwrap()), third);
    assert_eq!(app.contents().await, before);

    let fresh = app
        .client
        .post(app.url(&path))
        .bearer_auth(&app.admin)
        .insert_header(("content-type", "application/json"))
        .insert_header(("if-match", third));
    let reply = app.send(fresh, Some(serde_json::to_vec(&example).unwrap())).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.json()["revision"]["number"], 4);

    // `If-Match: *` on a unit-year with no revision fails too.
    let mut other_year = example.clone();
    other_year["year"] = json!(2022);
    let star = app
        .client
        .post(app.url(&format!("/api/v1/units/{UNIT}/years/2022/revisions")))
        .bearer_auth(&app.admin)
        .insert_header(("content-type", "application/json"))
        .insert_header(("if-match", "*"));
    assert_eq!(
        app.send(star, Some(serde_json::to_vec(&other_year).unwrap())).await.status,
        StatusCode::PRECONDITION_FAILED
    );
}

#[actix_web::test]
async fn twenty_concurrent_writers_get_revisions_1_to_20_in_one_chain() {
    let app = spawn_app().await;
    let token = app.unit_token(UNIT).await;
    let submissions = (0..20).map(|i| {
        let mut body = example_2021();
        body["title"] = json!(format!("writer {i}"));
        let token = token.clone();
        let app = &app;
        async move { app.submit(2021, &token, &body).await }
    });
    let replies = futures_util::future::join_all(submissions).await;
    let mut numbers: Vec<u64> = replies
        .iter()
        .map(|r| {
            assert_eq!(r.status, StatusCode::CREATED);
            r.json()["revision"]["number"].as_u64().unwrap()
        })
        .collect();
    numbers.sort();
    assert_eq!(numbers, (1..=20).collect::<Vec<_>>());

    let list = app.get(&format!("/api/v1/units/{UNIT}/years/2021/revisions")).await.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 20);
    assert!(list[0].get("previous_hash").is_none());
    for pair in list.windows(2) {
        assert_eq!(pair[1]["number"].as_u64().unwrap(), pair[0]["number"].as_u64().unwrap() + 1);
        assert_eq!(pair[1]["previous_hash"], pair[0]["hash"], "the chain is broken at {}", pair[1]["number"]);
    }
    // Each stored document still hashes to its recorded hash.
    for meta in list {
        let got = app.get(&format!("/api/v1/units/{UNIT}/years/2021/revisions/{}", meta["number"])).await;
        assert_eq!(sha256_hex(&got.body), meta["hash"].as_str().unwrap());
    }
}

#[actix_web::test]
async fn tokens_are_checked_and_scoped() {
    let app = spawn_app().await;
    let example = serde_json::to_vec(&example_2021()).unwrap();
    let path = format!("/api/v1/units/{UNIT}/years/2021/revisions");

    let anonymous = app.client.post(app.url(&path)).insert_header(("content-type", "application/json"));
    let reply = app.send(anonymous, Some(example.clone())).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.header("www-authenticate").unwrap(), "Bearer");
    assert_eq!(app.post_json(&path, "dsc_not-a-token", example.clone()).await.status, StatusCode::UNAUTHORIZED);
    let basic = app
        .client
        .post(app.url(&path))
        .insert_header(("authorization", "Basic YTpi"))
        .insert_header(("content-type", "application/json"));
    assert_eq!(app.send(basic, Some(example.clone())).await.status, StatusCode::UNAUTHORIZED);

    let other = app.unit_token("another-unit").await;
    let reply = app.post_json(&path, &other, example.clone()).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.json()["error"], "forbidden");
    assert!(app.contents().await.is_empty());

    let own = app.unit_token(UNIT).await;
    assert_eq!(app.post_json(&path, &own, example).await.status, StatusCode::CREATED);
}

#[actix_web::test]
async fn admins_create_tokens_over_http() {
    let app = spawn_app().await;
    let scope = json!({"scope": {"kind": "units", "units": [UNIT]}, "label": "county finance bureau"});
    let reply = app.post_json("/api/v1/tokens", &app.admin, scope.to_string()).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let token = reply.json()["token"].as_str().unwrap().to_string();
    assert!(token.starts_with("dsc_"));

    // The new token writes its unit and nothing else, and cannot make tokens.
    let unit = json!({"code": UNIT, "name": "临汾市生态环境局曲沃分局"}).to_string();
    let put = |code: &str, token: &str| {
        let request = app
            .client
            .put(app.url(&format!("/api/v1/units/{code}")))
            .bearer_auth(token)
            .insert_header(("content-type", "application/json"));
        let body = unit.replace(UNIT, code);
        app.send(request, Some(body.into_bytes()))
    };
    assert_eq!(put(UNIT, &token).await.status, StatusCode::CREATED);
    assert_eq!(put("elsewhere", &token).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post_json("/api/v1/tokens", &token, scope.to_string()).await.status, StatusCode::FORBIDDEN);

    let bad = json!({"scope": {"kind": "units", "units": ["../etc"]}});
    let reply = app.post_json("/api/v1/tokens", &app.admin, bad.to_string()).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.pointers(), vec!["/scope/units/0"]);
}

#[actix_web::test]
async fn units_are_created_updated_and_listed() {
    let app = spawn_app().await;
    let path = format!("/api/v1/units/{UNIT}");
    let put = |body: Value| {
        let request =
            app.client.put(app.url(&path)).bearer_auth(&app.admin).insert_header(("content-type", "application/json"));
        app.send(request, Some(body.to_string().into_bytes()))
    };
    let created = put(json!({"code": UNIT, "name": "曲沃分局"})).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let updated = put(json!({"code": UNIT, "name": "临汾市生态环境局曲沃分局", "region": "山西省临汾市曲沃县"})).await;
    assert_eq!(updated.status, StatusCode::OK);
    assert_eq!(updated.json()["created_at"], created.json()["created_at"]);

    let mismatch = put(json!({"code": "other", "name": "x"})).await;
    assert_eq!(mismatch.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(mismatch.pointers(), vec!["/code"]);
    let html = put(json!({"code": UNIT, "name": "<script>alert(1)</script>"})).await;
    assert_eq!(html.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(html.pointers(), vec!["/name"]);

    let list = app.get("/api/v1/units").await.json();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["region"], "山西省临汾市曲沃县");
    assert_eq!(list[0]["years"], json!([]));

    assert_eq!(app.get("/api/v1/units/nobody").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/api/v1/units/{UNIT}/years/2021")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/api/v1/units/{UNIT}/years/2021/revisions")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/api/v1/units/{UNIT}/years/2021/revisions/1")).await.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn swagger_ui_and_the_openapi_document_are_served() {
    let app = spawn_app().await;
    let ui = app.get("/swagger-ui/").await;
    assert_eq!(ui.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&ui.body).contains("swagger-ui"));
    let init = app.get("/swagger-ui/swagger-initializer.js").await;
    assert!(String::from_utf8_lossy(&init.body).contains("/api-docs/openapi.json"));

    let doc = app.get("/api-docs/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths: Vec<_> = doc["paths"].as_object().unwrap().keys().cloned().collect();
    for path in [
        "/units",
        "/units/{unit}",
        "/units/{unit}/years/{year}",
        "/units/{unit}/years/{year}/revisions",
        "/units/{unit}/years/{year}/revisions/{n}",
        "/units/{unit}/years/{year}/revisions/{n}/publish",
        "/tokens",
        "/healthz",
    ] {
        assert!(paths.contains(&path.to_string()), "{path} is missing from {paths:?}");
    }
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    // Amounts are strings in the schema too.
    assert_eq!(doc["components"]["schemas"]["BudgetLine"]["properties"]["amount"]["type"], json!(["string", "null"]));
}

#[actix_web::test]
async fn the_stored_bytes_are_the_rfc_8785_form() {
    let app = spawn_app().await;
    // Member order, white space, escapes and characters beyond the BMP, written out by hand.
    let body = "{ \"year\": 2021, \"title\": \"曲沃 \\u00e9 😀\",\n \"unit\": {\"name\": \"曲沃分局\", \"code\": \"quwo-eco-env\"},\n \"source\": \"行1\\n\\t\\\"引\\\" \\u00e9\\\\\", \"rules\": [], \"budget\": null }";
    let reply = app
        .post_json(&format!("/api/v1/units/{UNIT}/years/2021/revisions"), &app.admin, body.as_bytes().to_vec())
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&reply.body));
    let expected = "{\"source\":\"行1\\n\\t\\\"引\\\" é\\\\\",\"title\":\"曲沃 é 😀\",\"unit\":{\"code\":\"quwo-eco-env\",\"name\":\"曲沃分局\"},\"year\":2021}";
    let stored = app.get(&format!("/api/v1/units/{UNIT}/years/2021/revisions/1")).await;
    assert_eq!(String::from_utf8(stored.body.clone()).unwrap(), expected);
    assert_eq!(reply.json()["revision"]["hash"], sha256_hex(expected.as_bytes()));
}

#[actix_web::test]
async fn if_match_compares_strongly_and_accepts_a_list() {
    let app = spawn_app().await;
    let example = example_2021();
    let hash = app.submit(2021, &app.admin, &example).await.json()["revision"]["hash"].as_str().unwrap().to_string();
    let post = |if_match: String| {
        let request = app
            .client
            .post(app.url(&format!("/api/v1/units/{UNIT}/years/2021/revisions")))
            .bearer_auth(&app.admin)
            .insert_header(("content-type", "application/json"))
            .insert_header(("if-match", if_match));
        app.send(request, Some(serde_json::to_vec(&example).unwrap()))
    };
    assert_eq!(post(format!("W/\"{hash}\"")).await.status, StatusCode::PRECONDITION_FAILED, "a weak tag never matches");
    assert_eq!(post("not a tag".into()).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(post(format!("\"elsewhere\", \"{hash}\"")).await.status, StatusCode::CREATED);
}

#[actix_web::test]
async fn not_modified_works_for_every_document_address() {
    let app = spawn_app().await;
    let etag = app.submit(2021, &app.admin, &example_2021()).await.header("etag").unwrap();
    let publish = app
        .client
        .post(app.url(&format!("/api/v1/units/{UNIT}/years/2021/revisions/1/publish")))
        .bearer_auth(&app.admin);
    assert_eq!(app.send(publish, None).await.status, StatusCode::OK);
    for path in [
        format!("/api/v1/units/{UNIT}/years/2021/revisions/1"),
        format!("/api/v1/units/{UNIT}/years/2021?published=true"),
    ] {
        let request = app.client.get(app.url(&path)).insert_header(("if-none-match", etag.clone()));
        assert_eq!(app.send(request, None).await.status, StatusCode::NOT_MODIFIED, "{path}");
    }
}
