//! The committed OpenAPI document against the wire: real answers validated against the schemas
//! the document gives them, and the rules the server enforces written in the document.

use serde_json::{json, Value};

use crate::common::{spawn_app, TestApp, UNIT};

pub(crate) fn document() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The schema `reference` (`#/components/schemas/X`) points to.
fn resolve<'a>(doc: &'a Value, reference: &str) -> &'a Value {
    let pointer = reference.strip_prefix('#').expect("a local reference");
    doc.pointer(pointer).unwrap_or_else(|| panic!("no schema {reference}"))
}

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_u64() || value.is_i64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        other => panic!("unknown type {other}"),
    }
}

/// What of `value` at `at` breaks `schema`, in the subset of JSON Schema the document uses, as
/// a strict validator reads it (`additionalProperties` sees only the schema's own properties).
fn violations(doc: &Value, schema: &Value, value: &Value, at: &str) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(reference) = schema["$ref"].as_str() {
        found.extend(violations(doc, resolve(doc, reference), value, at));
    }
    for part in schema["allOf"].as_array().into_iter().flatten() {
        found.extend(violations(doc, part, value, at));
    }
    if let Some(options) = schema["oneOf"].as_array() {
        let passing = options.iter().filter(|o| violations(doc, o, value, at).is_empty()).count();
        if passing != 1 {
            found.push(format!("{at}: matches {passing} of the oneOf options"));
        }
    }
    if let Some(options) = schema["anyOf"].as_array() {
        if !options.iter().any(|o| violations(doc, o, value, at).is_empty()) {
            found.push(format!("{at}: matches none of the anyOf options"));
        }
    }
    if let Some(excluded) = schema.get("not") {
        if violations(doc, excluded, value, at).is_empty() {
            found.push(format!("{at}: {value} is what `not` excludes"));
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(one) => vec![one.as_str()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !types.is_empty() && !types.iter().any(|t| type_matches(t, value)) {
        found.push(format!("{at}: {value} is not of type {types:?}"));
    }
    if let Some(allowed) = schema["enum"].as_array() {
        if !allowed.contains(value) {
            found.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if let (Some(pattern), Some(text)) = (schema["pattern"].as_str(), value.as_str()) {
        if !regex::Regex::new(pattern).unwrap().is_match(text) {
            found.push(format!("{at}: {text:?} does not match {pattern}"));
        }
    }
    if let (Some(minimum), Some(number)) = (schema["minimum"].as_f64(), value.as_f64()) {
        if number < minimum {
            found.push(format!("{at}: {number} is under {minimum}"));
        }
    }
    if let (Some(maximum), Some(number)) = (schema["maximum"].as_f64(), value.as_f64()) {
        if number > maximum {
            found.push(format!("{at}: {number} is over {maximum}"));
        }
    }
    let length = value.as_str().map(|text| text.chars().count()).or(value.as_array().map(Vec::len));
    for (keyword, longest) in [("minLength", false), ("maxLength", true), ("minItems", false), ("maxItems", true)] {
        if let (Some(bound), Some(length)) = (schema[keyword].as_u64(), length) {
            if (longest && length as u64 > bound) || (!longest && (length as u64) < bound) {
                found.push(format!("{at}: length {length} breaks {keyword} {bound}"));
            }
        }
    }
    if let Value::Object(members) = value {
        let properties = schema["properties"].as_object();
        for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !members.contains_key(name) {
                found.push(format!("{at}: `{name}` is required"));
            }
        }
        for (name, member) in members {
            match properties.and_then(|p| p.get(name)) {
                Some(property) => found.extend(violations(doc, property, member, &format!("{at}/{name}"))),
                None if schema["additionalProperties"] == json!(false) => {
                    found.push(format!("{at}: `{name}` is not allowed (additionalProperties: false)"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Value::Array(elements)) = (schema.get("items"), value) {
        for (i, element) in elements.iter().enumerate() {
            found.extend(violations(doc, items, element, &format!("{at}/{i}")));
        }
    }
    found
}

/// Asserts that `body`, the answer `status` of `method path` (as the document writes the path),
/// is valid by the document's schema of that answer.
pub(crate) fn assert_documented(doc: &Value, method: &str, path: &str, status: u16, body: &Value) {
    let operation = &doc["paths"][path][method];
    let schema = &operation["responses"][status.to_string()]["content"]["application/json"]["schema"];
    assert!(schema.is_object(), "the document has no JSON answer {status} for {method} {path}");
    let found = violations(doc, schema, body, "");
    assert!(found.is_empty(), "{method} {path} → {status} breaks its schema:\n{}\n{body:#}", found.join("\n"));
}

/// A request with a JSON body (to send), the admin token and `headers`.
fn json_request(
    app: &TestApp,
    method: &str,
    path: &str,
    headers: &[(&'static str, &'static str)],
) -> awc::ClientRequest {
    let method = awc::http::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = app
        .client
        .request(method, app.url(path))
        .bearer_auth(&app.admin)
        .insert_header(("content-type", "application/json"));
    for &header in headers {
        request = request.insert_header(header);
    }
    request
}

async fn put_unit(app: &TestApp, body: Value) -> crate::common::Reply {
    let request = json_request(app, "PUT", &format!("/api/v1/units/{UNIT}"), &[]);
    app.send(request, Some(serde_json::to_vec(&body).unwrap())).await
}

#[actix_web::test]
async fn the_unit_registry_answers_as_its_schema_says() {
    let doc = document();
    let app = spawn_app().await;
    let unit = json!({"code": UNIT, "name": "临汾市生态环境局曲沃分局", "region": "山西省临汾市曲沃县"});
    let created = put_unit(&app, unit.clone()).await;
    assert_eq!(created.status, 201);
    assert_documented(&doc, "put", "/units/{unit}", 201, &created.json());
    let updated = put_unit(&app, unit).await;
    assert_eq!(updated.status, 200);
    assert_documented(&doc, "put", "/units/{unit}", 200, &updated.json());

    // With a year, so that `years` holds an entry.
    assert_eq!(app.submit(2021, &app.admin, &crate::common::example_2021()).await.status, 201);
    let list = app.get("/api/v1/units").await;
    assert_eq!(list.status, 200);
    assert!(list.json()[0]["years"][0]["year"] == 2021);
    assert_documented(&doc, "get", "/units", 200, &list.json());
    let one = app.get(&format!("/api/v1/units/{UNIT}")).await;
    assert_eq!(one.status, 200);
    assert_documented(&doc, "get", "/units/{unit}", 200, &one.json());
}

/// Sends `method path` with no body and returns the answer, which must be a JSON error.
async fn error_answer(app: &TestApp, method: &str, path: &str) -> crate::common::Reply {
    let method = awc::http::Method::from_bytes(method.as_bytes()).unwrap();
    let reply = app.send(app.client.request(method.clone(), app.url(path)).bearer_auth(&app.admin), None).await;
    assert!(reply.header("content-type").is_some_and(|t| t.starts_with("application/json")), "{method} {path}");
    reply
}

#[actix_web::test]
async fn a_wrong_method_on_an_api_route_gets_405_with_allow() {
    let app = spawn_app().await;
    let unit = format!("/api/v1/units/{UNIT}");
    for (method, path, allow) in [
        ("DELETE", unit.as_str(), "GET, PUT"),
        ("POST", unit.as_str(), "GET, PUT"),
        ("DELETE", "/api/v1/units/NOT-A-CODE", "GET, PUT"),
        ("PUT", "/api/v1/units", "GET"),
        ("PUT", "/api/v1/tokens", "GET, POST"),
        ("GET", "/api/v1/tokens/0123456789ab", "DELETE"),
        ("DELETE", &format!("{unit}/years/2021/revisions/1"), "GET"),
        ("GET", &format!("{unit}/years/2021/revisions/1/publish"), "POST"),
        ("PATCH", &format!("{unit}/years/2021/revisions"), "GET, POST"),
    ] {
        let reply = error_answer(&app, method, path).await;
        assert_eq!(reply.status, 405, "{method} {path}");
        assert_eq!(reply.json()["error"], "method_not_allowed", "{method} {path}");
        assert_eq!(reply.header("allow").as_deref(), Some(allow), "{method} {path}");
    }
    // A path no route has is still not found, whatever the method.
    let reply = error_answer(&app, "DELETE", "/api/v1/no/such/thing").await;
    assert_eq!((reply.status.as_u16(), reply.json()["error"].clone()), (404, json!("not_found")));
    assert!(app.contents().await.is_empty());
}

#[actix_web::test]
async fn writes_to_the_site_get_a_json_405() {
    let site = tempfile::tempdir().unwrap();
    let app = crate::common::spawn_site_app(site.path()).await;
    let before = app.contents().await;
    for (method, path) in [("PUT", "/"), ("DELETE", "/quwo-eco-env/2021/"), ("POST", "/manifest.json"), ("PUT", "/x")] {
        let reply = error_answer(&app, method, path).await;
        assert_eq!(reply.status, 405, "{method} {path}");
        assert_eq!(reply.json()["error"], "method_not_allowed", "{method} {path}");
        assert_eq!(reply.header("allow").as_deref(), Some("GET, HEAD"), "{method} {path}");
    }
    assert_eq!(app.get("/").await.status, 200);
    assert_eq!(app.get("/no/such/page").await.json()["error"], "not_found");
    assert_eq!(app.contents().await, before);
}

#[actix_web::test]
async fn an_encoded_body_gets_415_and_changes_nothing() {
    let app = spawn_app().await;
    let body = serde_json::to_vec(&crate::common::example_2021()).unwrap();
    for encoding in ["br", "gzip", "identity, gzip", "x-unknown"] {
        let path = format!("/api/v1/units/{UNIT}/years/2021/revisions");
        let request = json_request(&app, "POST", &path, &[("content-encoding", encoding)]);
        let reply = app.send(request, Some(body.clone())).await;
        assert_eq!(reply.status, 415, "{encoding}");
        assert_eq!(reply.json()["error"], "unsupported_media_type", "{encoding}");
    }
    assert!(app.contents().await.is_empty());
    // `identity` is no encoding at all.
    let request = json_request(&app, "PUT", &format!("/api/v1/units/{UNIT}"), &[("content-encoding", "identity")]);
    let unit = json!({"code": UNIT, "name": "曲沃分局"});
    assert_eq!(app.send(request, Some(serde_json::to_vec(&unit).unwrap())).await.status, 201);
}

#[actix_web::test]
async fn every_read_answers_as_its_schema_says() {
    let doc = document();
    let app = spawn_app().await;
    for (year, name) in [(2020, "quwo-2020.json"), (2021, "quwo-2021.json")] {
        let snapshot: Value = serde_json::from_str(&crate::common::example(name)).unwrap();
        let submitted = app.submit(year, &app.admin, &snapshot).await;
        assert_eq!(submitted.status, 201);
        assert_documented(&doc, "post", "/units/{unit}/years/{year}/revisions", 201, &submitted.json());
    }
    let publish = format!("/api/v1/units/{UNIT}/years/2021/revisions/1/publish");
    let published = app.post_json(&publish, &app.admin, "").await;
    assert_documented(
        &doc,
        "post",
        "/units/{unit}/years/{year}/revisions/{n}/publish",
        published.status.as_u16(),
        &published.json(),
    );
    let unit = format!("/api/v1/units/{UNIT}");
    for (address, path) in [
        (format!("{unit}/years/2021"), "/units/{unit}/years/{year}"),
        (format!("{unit}/years/2021/revisions"), "/units/{unit}/years/{year}/revisions"),
        (format!("{unit}/years/2021/revisions/1"), "/units/{unit}/years/{year}/revisions/{n}"),
        (format!("{unit}/years/2021/checks"), "/units/{unit}/years/{year}/checks"),
        (format!("{unit}/years/2021/execution"), "/units/{unit}/years/{year}/execution"),
        (format!("{unit}/comparison?from=2020&to=2021"), "/units/{unit}/comparison"),
        (format!("{unit}/targets"), "/units/{unit}/targets"),
        ("/api/v1/healthz".to_string(), "/healthz"),
    ] {
        let reply = app.get(&address).await;
        assert_eq!(reply.status, 200, "{address}");
        assert_documented(&doc, "get", path, 200, &reply.json());
    }
    let token = json!({"scope": {"kind": "units", "units": [UNIT]}, "label": "财务科"}).to_string();
    let issued = app.post_json("/api/v1/tokens", &app.admin, token).await;
    assert_documented(&doc, "post", "/tokens", 201, &issued.json());
    // Errors too.
    let refused = app.get(&format!("{unit}/years/1800")).await;
    assert_documented(&doc, "get", "/units/{unit}/years/{year}", 400, &refused.json());
}

/// The schema of parameter `name` of `method path` in the document.
fn parameter<'a>(doc: &'a Value, method: &str, path: &str, name: &str) -> &'a Value {
    let parameters = doc["paths"][path][method]["parameters"].as_array().expect("parameters");
    &parameters.iter().find(|p| p["name"] == name).unwrap_or_else(|| panic!("no {name} in {method} {path}"))["schema"]
}

/// Asserts that the document refuses what the server refuses (`refused`) and takes what it
/// takes (`taken`): a client that follows the document gets no 400 or 422 for these rules.
fn assert_rule(doc: &Value, schema: &Value, what: &str, refused: &Value, taken: &Value) {
    assert!(!violations(doc, schema, refused, "").is_empty(), "the document allows {what}: {refused}");
    let found = violations(doc, schema, taken, "");
    assert!(found.is_empty(), "the document refuses the valid {taken} ({what}): {found:?}");
}

#[actix_web::test]
async fn the_document_states_the_rules_the_server_enforces() {
    let doc = document();
    let app = spawn_app().await;
    assert_eq!(app.submit(2021, &app.admin, &crate::common::example_2021()).await.status, 201);
    let before = app.contents().await;
    let year = format!("/api/v1/units/{UNIT}/years");

    // Path and query parameters: each refused value gets a 400, and its schema refuses it.
    let revision = "/units/{unit}/years/{year}/revisions/{n}";
    let parameters = [
        (format!("{year}/1948"), ("get", "/units/{unit}/years/{year}", "year"), json!(1948), json!(2021)),
        (format!("{year}/2101"), ("get", "/units/{unit}/years/{year}", "year"), json!(2101), json!(2100)),
        (format!("{year}/2021/revisions/0"), ("get", revision, "n"), json!(0), json!(1)),
        (
            format!("{year}/2021/checks?revision=0"),
            ("get", "/units/{unit}/years/{year}/checks", "revision"),
            json!(0),
            json!(1),
        ),
        (
            format!("/api/v1/units/{UNIT}/comparison?from=1800&to=2021"),
            ("get", "/units/{unit}/comparison", "from"),
            json!(1800),
            json!(2020),
        ),
        (
            format!("/api/v1/units/{UNIT}/targets?as_of=2200"),
            ("get", "/units/{unit}/targets", "as_of"),
            json!(2200),
            json!(2021),
        ),
    ];
    for (address, (method, path, name), refused, taken) in parameters {
        assert_eq!(app.get(&address).await.status, 400, "{address}");
        assert_rule(&doc, parameter(&doc, method, path, name), &format!("{name} of {path}"), &refused, &taken);
    }
    let submit = "/units/{unit}/years/{year}/revisions";
    for (note, written) in
        [("<script>".to_string(), "%3Cscript%3E".to_string()), ("长".repeat(201), "%E9%95%BF".repeat(201))]
    {
        let reply = app
            .post_json(
                &format!("{year}/2021/revisions?note={written}"),
                &app.admin,
                crate::common::example("quwo-2021.json"),
            )
            .await;
        assert_eq!(reply.status, 400, "note {note}");
        assert_rule(&doc, parameter(&doc, "post", submit, "note"), "a note", &json!(note), &json!("按审计意见更正"));
    }

    // Bodies: the unit of `PUT /units/{unit}` and the scope of a token.
    let unit_schema = &doc["paths"]["/units/{unit}"]["put"]["requestBody"]["content"]["application/json"]["schema"];
    let good = json!({"code": UNIT, "name": "曲沃分局", "kind": "行政单位"});
    for (member, bad) in
        [("name", ""), ("name", "   "), ("name", "<b>局</b>"), ("name", "a\nb"), ("kind", ""), ("code", "Bad_Code")]
    {
        let mut unit = good.clone();
        unit[member] = json!(bad);
        let reply = put_unit(&app, unit.clone()).await;
        assert!(matches!(reply.status.as_u16(), 400 | 422), "{member} {bad:?}: {}", reply.status);
        assert_rule(&doc, unit_schema, &format!("the unit's {member} {bad:?}"), &unit, &good);
    }
    let scope_schema = &doc["paths"]["/tokens"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    let good = json!({"scope": {"kind": "units", "units": [UNIT]}});
    for scope in [
        json!({"kind": "units", "units": []}),
        json!({"kind": "admin", "units": [UNIT]}),
        json!({"kind": "units", "units": [UNIT], "admin": true}),
        json!({"kind": "root"}),
    ] {
        let request = json!({"scope": scope});
        let reply = app.post_json("/api/v1/tokens", &app.admin, request.to_string()).await;
        assert!(matches!(reply.status.as_u16(), 400 | 422), "{scope}: {}", reply.status);
        assert_rule(&doc, scope_schema, "a token scope", &request, &good);
    }

    // Reserved unit codes, the token label, and the text of a snapshot (issue 9).
    assert_eq!(app.get("/api/v1/units/api-docs").await.status, 400);
    let unit = parameter(&doc, "put", "/units/{unit}", "unit");
    assert_rule(&doc, unit, "a reserved unit code", &json!("api-docs"), &json!(UNIT));
    let labelled = |label: &str| json!({"scope": {"kind": "admin"}, "label": label});
    let reply = app.post_json("/api/v1/tokens", &app.admin, labelled("").to_string()).await;
    assert_eq!(reply.status, 422);
    assert_rule(&doc, scope_schema, "an empty token label", &labelled(""), &labelled("审计"));
    let snapshot_schema = &doc["paths"][submit]["post"]["requestBody"]["content"]["application/json"]["schema"];
    let good = crate::common::example_2021();
    for (pointer, bad) in [
        ("/budget/lines/0/label", json!("\u{200B}")),
        ("/experience/0", json!(" \n ")),
        ("/experience/0", json!("段落\u{202E}")),
        ("/unit/parent", json!("")),
        ("/key_projects/from", json!(1900)),
    ] {
        let mut snapshot = good.clone();
        *snapshot.pointer_mut(pointer).unwrap() = bad.clone();
        let reply = app.submit(2021, &app.admin, &snapshot).await;
        assert_eq!(reply.status, 422, "{pointer} {bad}: {}", reply.json());
        assert_rule(&doc, snapshot_schema, &format!("{pointer} {bad}"), &snapshot, &good);
    }
    assert_eq!(app.contents().await, before);
}

#[actix_web::test]
async fn the_sites_own_errors_are_json() {
    let site = tempfile::tempdir().unwrap();
    let app = crate::common::spawn_site_app(site.path()).await;
    let get = |path: &str, header: (&'static str, &'static str)| {
        app.send(app.client.get(app.url(path)).insert_header(header), None)
    };
    let errors = [(("range", "bytes=999999999-"), 416), (("if-match", "\"no-such-tag\""), 412)];
    for (path, (header, status)) in ["/manifest.json", "/"].into_iter().flat_map(|p| errors.map(|e| (p, e))) {
        let reply = get(path, header).await;
        assert_eq!(reply.status, status, "{path} {header:?}");
        assert!(reply.header("content-type").is_some_and(|t| t.starts_with("application/json")), "{path} {header:?}");
        assert!(reply.json()["error"].is_string(), "{path} {header:?}");
    }
    assert_eq!(get("/", ("range", "bytes=0-0")).await.status, 206);
}

/// OpenAPI: "The id MUST be unique among all operations" (clients and Swagger UI key on it).
#[test]
fn every_operation_id_is_unique() {
    let document: serde_json::Value = serde_json::from_str(&disclose::api::openapi_json()).unwrap();
    let mut ids: Vec<&str> = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter_map(|operation| operation["operationId"].as_str())
        .collect();
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "{ids:?}");
}

/// The document's `Name` says what `check_name` does, character by character (issue 9).
#[test]
fn the_name_schema_refuses_what_the_validator_refuses() {
    let doc = document();
    let schema = &doc["components"]["schemas"]["Name"];
    let samples = [
        "临汾市生态环境局曲沃分局",
        "a",
        "0",
        " a ",
        "a b",
        "",
        " ",
        "\u{3000}",
        "\u{200B}",
        "\u{200B}a",
        "\u{FEFF}\u{2060}",
        "a\u{202E}b",
        "\u{2066}a\u{2069}",
        "a\u{200F}",
        "a\u{061C}",
        "a\nb",
        "a\tb",
        "a\u{0}",
        "a\u{85}b",
        "<b>",
        "a>b",
        "👍\u{200D}👍",
        "a\u{00AD}",
        "\u{00AD}",
        "\u{3164}",
        &"长".repeat(200),
        &"长".repeat(201),
    ];
    for sample in samples {
        let server = disclose::domain::validate::check_name(sample).is_ok();
        let document = violations(&doc, schema, &json!(sample), "").is_empty();
        assert_eq!(document, server, "{sample:?}: the document says {document}, the server {server}");
    }
}
