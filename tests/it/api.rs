//! The REST API through real HTTP, against the real app with sled in a temp folder.

use super::common::*;
use actix_web::web as web_bytes;
use awc::http::StatusCode;
use disclose::integrity::sha256_hex;
use disclose::startup::Settings;
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
async fn an_oversize_body_gets_413_and_stores_nothing() {
    let app = spawn_app().await;
    let mut body = example_2021();
    body["source"] = json!("字".repeat(800_000)); // 2.4 MB of UTF-8: over the 2 MiB default
    let reply = app.submit(2021, &app.admin, &body).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.json()["error"], "payload_too_large");
    assert!(app.contents().await.is_empty());

    // A smaller configured limit applies to streamed bodies too.
    let small = spawn_app_with(Settings { body_limit: 1024, site: None }).await;
    let reply = small.submit(2021, &small.admin, &example_2021()).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(small.contents().await.is_empty());
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
async fn bad_parameters_in_the_path_get_400_as_json() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/units/..%2F..%2Fetc",
        "/api/v1/units/ABC",
        "/api/v1/units/a",
        "/api/v1/units/-abc",
        "/api/v1/units/quwo-eco-env/years/21x",
        "/api/v1/units/quwo-eco-env/years/1800",
        "/api/v1/units/quwo-eco-env/years/2021/revisions/0",
        "/api/v1/units/quwo-eco-env/years/2021?published=maybe",
    ] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(reply.json()["error"], "invalid_parameter", "{path}");
    }
    let reply = app.get("/api/v1/no/such/thing").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["error"], "not_found");
}

#[actix_web::test]
async fn a_bad_path_parameter_is_named_in_the_message() {
    let app = spawn_app().await;
    let reply = app.get("/api/v1/units/quwo-eco-env/years/1800/revisions/0").await;
    let expected = "invalid parameter: path parameter `year` must be a year from 1949 to 2100";
    assert_eq!(reply.json()["message"], expected);
    let reply = app.get("/api/v1/units/quwo-eco-env/years/2021/checks?revision=0").await;
    assert_eq!(reply.json()["problems"][0]["message"], "query parameter `revision` must be a revision number from 1");
}

/// Applies `change` to a copy of the 2021 example.
fn broken(change: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut body = example_2021();
    change(&mut body);
    serde_json::to_vec(&body).unwrap()
}

#[actix_web::test]
async fn every_bad_input_gets_its_4xx_with_the_pointer_and_changes_nothing() {
    let app = spawn_app().await;
    // One good revision first, so "unchanged" means more than "empty".
    assert_eq!(app.submit(2021, &app.admin, &example_2021()).await.status, StatusCode::CREATED);
    let before = app.contents().await;

    let cases: Vec<(&str, Vec<u8>, u16, Vec<&str>)> = vec![
        ("truncated JSON (located where it broke off)", br#"{"unit": {"code": "#.to_vec(), 400, vec!["/unit/code"]),
        ("empty body", Vec::new(), 400, vec![""]),
        ("trailing garbage", [serde_json::to_vec(&example_2021()).unwrap(), b"}".to_vec()].concat(), 400, vec![""]),
        ("year as a string", broken(|b| b["year"] = json!("2021")), 422, vec!["/year"]),
        ("unknown top-level field", broken(|b| b["colour"] = json!("red")), 422, vec!["/colour"]),
        (
            "unknown nested field",
            broken(|b| b["budget"]["lines"][0]["note"] = json!("x")),
            422,
            vec!["/budget/lines/0/note"],
        ),
        (
            "amount as a JSON number",
            broken(|b| b["budget"]["lines"][0]["amount"] = json!(1546.39)),
            422,
            vec!["/budget/lines/0/amount"],
        ),
        (
            "amount that is not a number",
            broken(|b| b["budget"]["lines"][0]["amount"] = json!("lots")),
            422,
            vec!["/budget/lines/0/amount"],
        ),
        (
            "negative amount",
            broken(|b| b["budget"]["lines"][0]["amount"] = json!("-1546.39")),
            422,
            vec!["/budget/lines/0/amount"],
        ),
        (
            "three decimals in 万元",
            broken(|b| b["expenditure"]["stated_total"] = json!("1546.391")),
            422,
            vec!["/expenditure/stated_total"],
        ),
        (
            "absurd amount",
            broken(|b| b["key_projects"]["stated_total"] = json!("99999999999")),
            422,
            vec!["/key_projects/stated_total"],
        ),
        (
            "estimate that is neither amount nor /",
            broken(|b| {
                b["key_projects"]["categories"][0]["groups"][0]["projects"][0]["estimate"] = json!("about 15亿")
            }),
            422,
            vec!["/key_projects/categories/0/groups/0/projects/0/estimate"],
        ),
        (
            "bad unit code (also not the address's)",
            broken(|b| b["unit"]["code"] = json!("Quwo/../x")),
            422,
            vec!["/unit/code", "/unit/code"],
        ),
        ("unit of another address", broken(|b| b["unit"]["code"] = json!("another-unit")), 422, vec!["/unit/code"]),
        ("year of another address", broken(|b| b["year"] = json!(2020)), 422, vec!["/year"]),
        (
            "year out of range (also not the address's)",
            broken(|b| b["year"] = json!(1900)),
            422,
            vec!["/year", "/year"],
        ),
        ("HTML in the unit name", broken(|b| b["unit"]["name"] = json!("<b>曲沃</b>")), 422, vec!["/unit/name"]),
        (
            "HTML in a project name",
            broken(|b| {
                b["key_projects"]["categories"][0]["groups"][0]["projects"][0]["name"] =
                    json!("<img src=x onerror=alert(1)>")
            }),
            422,
            vec!["/key_projects/categories/0/groups/0/projects/0/name"],
        ),
        ("empty name", broken(|b| b["unit"]["name"] = json!("  ")), 422, vec!["/unit/name"]),
        ("name over the limit", broken(|b| b["unit"]["name"] = json!("局".repeat(201))), 422, vec!["/unit/name"]),
        (
            "newline in a name",
            broken(|b| b["profile"]["divisions"][0] = json!("办公室\n+++")),
            422,
            vec!["/profile/divisions/0"],
        ),
        (
            "project ends before it starts",
            broken(|b| b["key_projects"]["categories"][0]["groups"][0]["projects"][0]["from"] = json!(2026)),
            422,
            vec!["/key_projects/categories/0/groups/0/projects/0/from"],
        ),
        (
            "weights that do not sum to 100",
            broken(|b| b["evaluation"]["indicator_groups"][0]["points"] = json!("14")),
            422,
            vec!["/evaluation/indicator_groups"],
        ),
        ("score above full marks", broken(|b| b["evaluation"]["score"] = json!("101")), 422, vec!["/evaluation/score"]),
        (
            "merged estimate pointing nowhere",
            broken(|b| b["key_projects"]["categories"][0]["groups"][0]["projects"][1]["shares_estimate_of"] = json!(7)),
            422,
            vec!["/key_projects/categories/0/groups/0/projects/1/shares_estimate_of"],
        ),
        (
            "unknown water class",
            broken(|b| b["goals"]["targets"][3]["goal"]["water_class"] = json!("VI")),
            422,
            vec!["/goals/targets/3/goal/water_class"],
        ),
        (
            "amount in exponent notation",
            broken(|b| b["budget"]["lines"][0]["amount"] = json!("1.54639e3")),
            422,
            vec!["/budget/lines/0/amount"],
        ),
        (
            "amount with a trailing zero beyond 2 decimals",
            broken(|b| b["budget"]["lines"][0]["amount"] = json!("1546.390")),
            422,
            vec!["/budget/lines/0/amount"],
        ),
        (
            "negative zero",
            broken(|b| b["budget"]["lines"][0]["amount"] = json!("-0")),
            422,
            vec!["/budget/lines/0/amount"],
        ),
        (
            "too many digits to keep exactly",
            broken(|b| b["budget"]["lines"][0]["amount"] = json!("1546.3900000000000000000000000001")),
            422,
            vec!["/budget/lines/0/amount"],
        ),
        (
            "grade band below zero",
            broken(|b| b["evaluation"]["grade_bands"][0]["min"] = json!("-5")),
            422,
            vec!["/evaluation/grade_bands/0/min"],
        ),
        (
            "an invalid field and a body for another unit, reported together",
            broken(|b| {
                b["unit"]["name"] = json!("");
                b["unit"]["code"] = json!("another-unit");
            }),
            422,
            vec!["/unit/name", "/unit/code"],
        ),
        (
            "several problems at once",
            broken(|b| {
                b["unit"]["name"] = json!("");
                b["budget"]["lines"][1]["prior_year_amount"] = json!("-5");
                b["evaluation"]["score"] = json!("91.255");
            }),
            422,
            vec!["/unit/name", "/budget/lines/1/prior_year_amount", "/evaluation/score"],
        ),
    ];

    let path = format!("/api/v1/units/{UNIT}/years/2021/revisions");
    for (name, body, status, pointers) in cases {
        let reply = app.post_json(&path, &app.admin, body).await;
        assert_eq!(reply.status.as_u16(), status, "{name}: {}", String::from_utf8_lossy(&reply.body));
        let expected = if status == 400 { "malformed_json" } else { "invalid_document" };
        assert_eq!(reply.json()["error"], expected, "{name}");
        assert_eq!(reply.pointers(), pointers, "{name}: {}", reply.json());
    }

    // Not JSON at all.
    let text = app.client.post(app.url(&path)).bearer_auth(&app.admin).insert_header(("content-type", "text/plain"));
    let reply = app.send(text, Some(serde_json::to_vec(&example_2021()).unwrap())).await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(reply.json()["error"], "unsupported_media_type");

    assert_eq!(app.contents().await, before, "a rejected request changed the store");
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
async fn a_streamed_body_over_the_limit_gets_413() {
    // Chunked, with no Content-Length: the limit is enforced while reading.
    let app = spawn_app_with(Settings { body_limit: 4096, site: None }).await;
    let body = serde_json::to_vec(&example_2021()).unwrap();
    let chunks: Vec<Result<web_bytes::Bytes, std::io::Error>> =
        body.chunks(1024).map(|c| Ok(web_bytes::Bytes::copy_from_slice(c))).collect();
    let request = app
        .client
        .post(app.url(&format!("/api/v1/units/{UNIT}/years/2021/revisions")))
        .bearer_auth(&app.admin)
        .insert_header(("content-type", "application/json"));
    let mut response = request.send_stream(futures_util::stream::iter(chunks)).await.unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = serde_json::from_slice(&response.body().await.unwrap()).unwrap();
    assert_eq!(body["error"], "payload_too_large");
    assert!(app.contents().await.is_empty());
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

#[actix_web::test]
async fn units_and_tokens_refuse_bad_requests_like_revisions_do() {
    let app = spawn_app_with(Settings { body_limit: 512, site: None }).await;
    let unit = json!({"code": UNIT, "name": "曲沃分局"}).to_string();
    let put = |token: Option<&str>, content_type: &str, body: Vec<u8>| {
        let mut request =
            app.client.put(app.url(&format!("/api/v1/units/{UNIT}"))).insert_header(("content-type", content_type));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        app.send(request, Some(body))
    };
    assert_eq!(put(None, "application/json", unit.clone().into_bytes()).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        put(Some(&app.admin), "text/plain", unit.clone().into_bytes()).await.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE
    );
    let big = json!({"code": UNIT, "name": "局".repeat(300)}).to_string().into_bytes();
    assert_eq!(put(Some(&app.admin), "application/json", big).await.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(put(Some(&app.admin), "application/json", b"{".to_vec()).await.status, StatusCode::BAD_REQUEST);

    let tokens = |body: Value| app.post_json("/api/v1/tokens", &app.admin, body.to_string());
    // A scope that looks limited but is not must not pass as admin.
    let sneaky = tokens(json!({"scope": {"kind": "admin", "units": [UNIT]}})).await;
    assert_eq!(sneaky.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(sneaky.pointers(), vec!["/scope"]);
    let label = tokens(json!({"scope": {"kind": "admin"}, "label": "<b>x</b>"})).await;
    assert_eq!((label.status, label.pointers()), (StatusCode::UNPROCESSABLE_ENTITY, vec!["/label".to_string()]));
    let not_json = app
        .client
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&app.admin)
        .insert_header(("content-type", "text/plain"));
    assert_eq!(app.send(not_json, Some(b"{}".to_vec())).await.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(app.contents().await.is_empty());

    let reply = app.get("/no/such/page").await;
    assert_eq!((reply.status, reply.json()["error"].clone()), (StatusCode::NOT_FOUND, json!("not_found")));
}
