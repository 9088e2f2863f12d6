//! What the API refuses, through real HTTP: bad parameters, bad bodies, oversize bodies, each
//! answered with its 4xx and the pointer at fault, and nothing stored.

use super::common::*;
use actix_web::web as web_bytes;
use awc::http::StatusCode;
use disclose::startup::Settings;
use serde_json::{json, Value};

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
    let small = spawn_app_with(Settings { body_limit: 1024, site: None, ..Settings::default() }).await;
    let reply = small.submit(2021, &small.admin, &example_2021()).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(small.contents().await.is_empty());
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
    assert_eq!(
        reply.json()["problems"][0]["message"],
        "query parameter `revision` must be a revision number from 1 to 2147483647"
    );
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
            // Reports print 万元 with 3 or 4 decimals (issue 8): seven is beyond the 6 allowed.
            "seven decimals in 万元",
            broken(|b| b["expenditure"]["stated_total"] = json!("1546.3910001")),
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
            // Row 1's merged estimate cell is shared by rows 2-4: a second row 1 makes that ambiguous.
            "a row number used twice that a merged estimate cell refers to",
            broken(|b| b["key_projects"]["categories"][0]["groups"][0]["projects"][2]["number"] = json!(1)),
            422,
            vec!["/key_projects/categories/0/groups/0/projects/2/number"],
        ),
        (
            "sharing the cell of a row that has no estimate cell",
            broken(|b| {
                let projects = &mut b["key_projects"]["categories"][0]["groups"][0]["projects"];
                projects[4].as_object_mut().unwrap().remove("estimate");
            }),
            422,
            vec![
                "/key_projects/categories/0/groups/0/projects/5/shares_estimate_of",
                "/key_projects/categories/0/groups/0/projects/6/shares_estimate_of",
                "/key_projects/categories/0/groups/0/projects/7/shares_estimate_of",
            ],
        ),
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
            "amount with a trailing zero beyond 6 decimals",
            broken(|b| b["budget"]["lines"][0]["amount"] = json!("1546.3900000")),
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
        // Issue 9, defect 6: text that reads other than it is, or shows nothing.
        (
            "a right-to-left override in a name",
            broken(|b| b["unit"]["name"] = json!("曲沃\u{202E}局分")),
            422,
            vec!["/unit/name"],
        ),
        ("an isolate in a label", broken(|b| b["title"] = json!("\u{2067}报告\u{2069}")), 422, vec!["/title"]),
        (
            "a name of zero-width characters",
            broken(|b| b["unit"]["name"] = json!("\u{200B}\u{FEFF}\u{2060}")),
            422,
            vec!["/unit/name"],
        ),
        (
            "a text of zero-width characters",
            broken(|b| b["experience"][0] = json!("\u{200B}\u{200D} ")),
            422,
            vec!["/experience/0"],
        ),
        // Issue 9, defect 5: serde reads a struct from an array of its fields; objects only.
        (
            "a snapshot as an array",
            br#"[null, null, null, {"code": "quwo-eco-env", "name": "n"}, 2021]"#.to_vec(),
            422,
            vec![""],
        ),
        ("the unit as an array", broken(|b| b["unit"] = json!([UNIT, "曲沃分局"])), 422, vec!["/unit"]),
        (
            "a budget line as an array",
            broken(|b| b["budget"]["lines"][0] = json!(["income", "收入预算", "year_start", "1546.39"])),
            422,
            vec!["/budget/lines/0"],
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
                b["evaluation"]["score"] = json!("91.2500001"); // 6 decimals are allowed, not 7
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

/// What a real report can state inconsistently is stored and reported, not refused (issue 8):
/// these were 422s before.
#[actix_web::test]
async fn weights_off_full_marks_and_a_score_above_them_are_findings_not_refusals() {
    let app = spawn_app().await;
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        (
            "weights that do not sum to 100",
            broken(|b| b["evaluation"]["indicator_groups"][0]["points"] = json!("14")),
            "weights_mismatch",
            "/evaluation/indicator_groups/0/points",
        ),
        (
            "score above full marks",
            broken(|b| b["evaluation"]["score"] = json!("101")),
            "score_above_full_marks",
            "/evaluation/score",
        ),
        (
            "project ends before it starts",
            broken(|b| b["key_projects"]["categories"][0]["groups"][0]["projects"][0]["from"] = json!(2026)),
            "period_reversed",
            "/key_projects/categories/0/groups/0/projects/0/from",
        ),
        (
            "plan period ends before it starts",
            broken(|b| b["key_projects"]["from"] = json!(2026)),
            "period_reversed",
            "/key_projects/from",
        ),
        (
            "a group number used twice",
            broken(|b| b["key_projects"]["categories"][0]["groups"][1]["number"] = json!(1)),
            "numbering_gap",
            "/key_projects/categories",
        ),
        (
            "a row number used twice that no merged cell refers to",
            broken(|b| b["key_projects"]["categories"][0]["groups"][2]["projects"][1]["number"] = json!(1)),
            "numbering_gap",
            "/key_projects/categories/0/groups/2/projects",
        ),
        (
            // 41700 + an unknown estimate: the stated 42700 can only be "at least" checked.
            "a project row with no estimate cell",
            broken(|b| {
                let row = &mut b["key_projects"]["categories"][0]["groups"][4]["projects"][1];
                row.as_object_mut().unwrap().remove("estimate");
            }),
            "total_over_unknown_parts",
            "/key_projects/categories/0/groups/4/stated_total",
        ),
        (
            "a grade band above full marks",
            broken(|b| b["evaluation"]["grade_bands"][0]["max"] = json!("105")),
            "grade_bands_invalid",
            "/evaluation/grade_bands/0/max",
        ),
        (
            "a grade band whose min is above its max",
            broken(|b| b["evaluation"]["grade_bands"][2]["min"] = json!("75")),
            "grade_bands_invalid",
            "/evaluation/grade_bands/2/min",
        ),
    ];
    let path = format!("/api/v1/units/{UNIT}/years/2021/revisions");
    for (name, body, kind, pointer) in cases {
        let reply = app.post_json(&path, &app.admin, body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{name}: {}", String::from_utf8_lossy(&reply.body));
        let findings = reply.json()["findings"].as_array().cloned().unwrap_or_default();
        assert!(findings.iter().any(|f| f["kind"] == kind && f["pointers"][0] == pointer), "{name}: {findings:#?}");
    }
}

#[actix_web::test]
async fn a_streamed_body_over_the_limit_gets_413() {
    // Chunked, with no Content-Length: the limit is enforced while reading.
    let app = spawn_app_with(Settings { body_limit: 4096, site: None, ..Settings::default() }).await;
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
async fn units_and_tokens_refuse_bad_requests_like_revisions_do() {
    let app = spawn_app_with(Settings { body_limit: 512, site: None, ..Settings::default() }).await;
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

#[actix_web::test]
async fn bidi_controls_are_refused_in_narratives_as_in_names() {
    let app = spawn_app().await;
    assert_eq!(app.submit(2021, &app.admin, &example_2021()).await.status, StatusCode::CREATED);
    let before = app.contents().await;
    let path = format!("/api/v1/units/{UNIT}/years/2021/revisions");
    for (control, pointer) in [
        ('\u{202E}', "/experience/0"),
        ('\u{202A}', "/problems/0"),
        ('\u{2066}', "/recommendations/0"),
        ('\u{2069}', "/source"),
        ('\u{200F}', "/experience/0"),
        ('\u{200E}', "/problems/0"),
    ] {
        // Several lines, one of them turned around by the control.
        let text = format!("第一段。\n\n第二段{control}。gnp.exe\n");
        let body = broken(|b| match pointer {
            "/source" => b["source"] = json!(text),
            _ => b.pointer_mut(pointer).map(|v| *v = json!(text)).unwrap(),
        });
        let reply = app.post_json(&path, &app.admin, body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{control:?}: {}", reply.json());
        assert_eq!(reply.pointers(), vec![pointer], "{control:?}");
        assert!(reply.json()["problems"][0]["message"].as_str().unwrap().contains("bidirectional"));
    }
    assert_eq!(app.contents().await, before);

    // Line breaks, tabs and joiners inside visible text stay allowed.
    let body = broken(|b| b["experience"][0] = json!("第一段。\r\n\t第二段：👍\u{200D}，完。\n"));
    assert_eq!(app.post_json(&path, &app.admin, body).await.status, StatusCode::CREATED);
}
