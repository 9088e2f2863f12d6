//! Headless Chromium (Debian's `chromium`, driven by playwright-core from tests/browser/) loads
//! the served site: no console message, no page error, no failed request, and a screenshot of
//! each page in target/screenshots/. CI installs both; elsewhere the test says it was skipped.

use std::path::Path;
use std::process::Command;

use super::common;

/// The driver folder and the screenshot folder, or `None` (skipped) where the browser is not
/// installed; under CI a missing browser is a failure.
fn browser() -> Option<(std::path::PathBuf, std::path::PathBuf)> {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let driver = here.join("tests/browser");
    let ready = Path::new("/usr/bin/chromium").exists() && driver.join("node_modules/playwright-core").exists();
    if !ready {
        assert!(std::env::var_os("CI").is_none(), "CI must install chromium and tests/browser (see .ci/run)");
        println!("SKIPPED: needs /usr/bin/chromium and `npm ci` in tests/browser");
        return None;
    }
    let shots = here.join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    Some((driver, shots))
}

#[actix_web::test]
async fn swagger_ui_lists_every_operation_and_try_it_out_works_with_a_token() {
    let Some((driver, shots)) = browser() else { return };
    let site = tempfile::tempdir().unwrap();
    let app = common::spawn_site_app(site.path()).await;
    let (base, token, script) = (app.address.clone(), app.admin.clone(), driver.join("swagger.mjs"));
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node").arg(script).arg(base).arg(token).arg(shots).output().unwrap()
    })
    .await
    .unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}\n{}", String::from_utf8_lossy(&output.stderr));
    // Operations, not the links between them (which name operations too).
    let document: serde_json::Value = serde_json::from_str(&disclose::api::openapi_json()).unwrap();
    let paths = document["paths"].as_object().unwrap();
    let operations =
        paths.values().flat_map(|p| p.as_object().unwrap().values()).filter(|o| o.get("operationId").is_some()).count();
    assert!(said.contains(&format!(r#"{{"operations":{operations}}}"#)), "{said}");
    assert!(said.contains(r#"{"read":"200"}"#) && said.contains(r#"{"write":"200"}"#), "{said}");
}

/// Submits and publishes a corpus document through the API (the site is rebuilt before the
/// publication answers); its unit-year page's address.
async fn publish_corpus(app: &common::TestApp, file: &str) -> String {
    let body: serde_json::Value = serde_json::from_str(&common::example(&format!("corpus/{file}"))).unwrap();
    let (unit, year) = (body["unit"]["code"].as_str().unwrap().to_string(), body["year"].as_u64().unwrap());
    let path = format!("/api/v1/units/{unit}/years/{year}/revisions");
    let created = app.post_json(&path, &app.admin, serde_json::to_vec(&body).unwrap()).await;
    assert_eq!(created.status.as_u16(), 201, "{file}");
    let published = app.post_json(&format!("{path}/1/publish"), &app.admin, Vec::new()).await;
    assert_eq!(published.status.as_u16(), 200, "{file}");
    format!("/{unit}/{year}/")
}

#[actix_web::test]
async fn the_site_loads_cleanly_in_chromium() {
    let Some((driver, shots)) = browser() else { return };
    let site = tempfile::tempdir().unwrap();
    let app = common::spawn_site_app(site.path()).await;
    // A table-form report and a narrative one besides the reference report.
    let table = publish_corpus(&app, "09-kxc-rmtzx-2021.json").await;
    let narrative = publish_corpus(&app, "13-xuchang-hhsx-2022.json").await;
    let (base, script, out) = (app.address.clone(), driver.join("check.mjs"), shots.clone());
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg(script)
            .arg(base)
            .arg(out)
            .args([
                "/",
                "/quwo-eco-env/",
                "/quwo-eco-env/2021/",
                "/quwo-eco-env/targets/",
                "/quwo-eco-env/compare-2020-2021/",
                &table,
                &narrative,
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(said.contains(r#""h1":"临汾市生态环境局曲沃分局 2021年""#), "{said}");
    for name in ["home", "quwo-eco-env-2021", "kxc-rmtzx-2021", "xuchang-hhsx-2022"] {
        let png = std::fs::read(shots.join(format!("{name}.png"))).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        assert!(png.len() > 20_000, "{name}.png looks empty");
    }
}
