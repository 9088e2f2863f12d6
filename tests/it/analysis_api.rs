//! The analysis endpoints on the reference data, through real HTTP.

use super::common::*;
use awc::http::StatusCode;
use serde_json::{json, Value};

async fn seeded() -> TestApp {
    let app = spawn_app().await;
    let y2020: Value = serde_json::from_str(&example("quwo-2020.json")).unwrap();
    assert_eq!(app.submit(2020, &app.admin, &y2020).await.status, StatusCode::CREATED);
    let reply = app.submit(2021, &app.admin, &example_2021()).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.json()["findings"], json!([]), "the reference report raises no finding");
    app
}

fn line<'a>(comparison: &'a Value, key: &str) -> &'a Value {
    comparison["lines"].as_array().unwrap().iter().find(|l| l["key"] == key).unwrap_or_else(|| panic!("no line {key}"))
}

#[actix_web::test]
async fn how_did_the_budget_change() {
    let app = seeded().await;
    let reply = app.get(&format!("/api/v1/units/{UNIT}/comparison?from=2020&to=2021")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let comparison = reply.json();
    let income = line(&comparison, "budget/income");
    assert_eq!(
        (&income["from"], &income["to"], &income["change"], &income["percent_change"], &income["direction"]),
        (&json!("2374.32"), &json!("1546.39"), &json!("-827.93"), &json!("-34.87"), &json!("decrease"))
    );
    let basic = line(&comparison, "budget/basic_expenditure");
    assert_eq!((&basic["change"], &basic["percent_change"]), (&json!("141.13"), &json!("49.94")));
    assert_eq!(line(&comparison, "evaluation/score")["availability"], "only_to");

    assert_eq!(
        app.get(&format!("/api/v1/units/{UNIT}/comparison?from=2021&to=2020")).await.status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        app.get(&format!("/api/v1/units/{UNIT}/comparison?from=2021&to=2022")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/api/v1/units/{UNIT}/comparison?from=2018&to=2021")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.get(&format!("/api/v1/units/{UNIT}/comparison?to=2021")).await.status, StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn did_they_spend_what_they_planned() {
    let app = seeded().await;
    let execution = app.get(&format!("/api/v1/units/{UNIT}/years/2021/execution")).await.json();
    let income = &execution["income"];
    assert_eq!(
        (&income["budget"], &income["actual"], &income["difference"], &income["execution_rate"]),
        (&json!("1546.39"), &json!("1874.44"), &json!("328.05"), &json!("121.21"))
    );
    let spending = &execution["expenditure"];
    assert_eq!((&spending["difference"], &spending["execution_rate"]), (&json!("674.06"), &json!("143.59")));
    assert!(spending["explanation"].as_str().unwrap().starts_with("年初预算金额与决算金额相差674.06万元"));
    // 2020 has no final accounts: nothing is invented.
    let partial = app.get(&format!("/api/v1/units/{UNIT}/years/2020/execution")).await.json();
    assert_eq!((&partial["income"], &partial["expenditure"]), (&Value::Null, &Value::Null));
}

#[actix_web::test]
async fn are_they_on_track_for_2025() {
    let app = seeded().await;
    let report = app.get(&format!("/api/v1/units/{UNIT}/targets?as_of=2021")).await.json();
    let status = |metric: &str, deadline: u64| {
        report["targets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["metric"] == metric && t["deadline"] == deadline)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status("water-class-fen-beizhuang", 2025), "not_yet_met");
    assert_eq!(status("water-class-hui-dongxihan", 2025), "met");
    assert_eq!(status("rank-fen-river-counties", 2021), "met");
    let fen = report["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["metric"] == "water-class-fen-beizhuang" && t["deadline"] == 2025)
        .unwrap();
    assert_eq!(fen["latest"]["value"], json!({"water_class": "IV"}));
    assert_eq!(fen["goal"], json!({"water_class": "III"}));
    // Without as_of: the latest year.
    assert_eq!(app.get(&format!("/api/v1/units/{UNIT}/targets")).await.json()["as_of"], 2021);
    assert_eq!(app.get("/api/v1/units/nobody/targets").await.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn checks_of_the_reference_and_of_a_broken_copy() {
    let app = seeded().await;
    let report = app.get(&format!("/api/v1/units/{UNIT}/years/2021/checks")).await.json();
    assert_eq!((&report["errors"], &report["warnings"], &report["findings"]), (&json!(0), &json!(0), &json!([])));
    let partial = app.get(&format!("/api/v1/units/{UNIT}/years/2020/checks")).await.json();
    assert_eq!(
        (&partial["warnings"], &partial["notes"]),
        (&json!(0), &json!(5)),
        "the partial 2020 snapshot is told what it lacks"
    );

    // A broken copy is stored (its findings come back as warnings) unless strict is asked for.
    let mut broken = example_2021();
    broken["budget"]["lines"][0]["stated_change"]["percent"] = json!("36");
    let before = app.contents().await;
    let path = format!("/api/v1/units/{UNIT}/years/2021/revisions?strict=true");
    let refused = app.post_json(&path, &app.admin, serde_json::to_vec(&broken).unwrap()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refused.json()["error"], "checks_failed");
    assert_eq!(refused.json()["findings"][0]["kind"], "percent_mismatch");
    assert_eq!(app.contents().await, before, "a strict refusal stores nothing");

    let stored = app.submit(2021, &app.admin, &broken).await;
    assert_eq!(stored.status, StatusCode::CREATED);
    let finding = &stored.json()["findings"][0];
    assert_eq!(finding["pointers"][0], "/budget/lines/0/stated_change/percent");
    assert_eq!((&finding["stated"], &finding["recomputed"]), (&json!("36%"), &json!("34.87%")));
    let latest = app.get(&format!("/api/v1/units/{UNIT}/years/2021/checks")).await.json();
    assert_eq!((&latest["revision"], &latest["errors"]), (&json!(2), &json!(1)));
    let first = app.get(&format!("/api/v1/units/{UNIT}/years/2021/checks?revision=1")).await.json();
    assert_eq!(first["errors"], 0);
}
