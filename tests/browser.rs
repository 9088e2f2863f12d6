//! Headless Chromium (Debian's `chromium`, driven by playwright-core from tests/browser/) loads
//! the served site: no console message, no page error, no failed request, and a screenshot of
//! each page in target/screenshots/. CI installs both; elsewhere the test says it was skipped.

mod common;

use std::path::Path;
use std::process::Command;

#[actix_web::test]
async fn the_site_loads_cleanly_in_chromium() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let driver = here.join("tests/browser");
    let ready = Path::new("/usr/bin/chromium").exists() && driver.join("node_modules/playwright-core").exists();
    if !ready {
        assert!(std::env::var_os("CI").is_none(), "CI must install chromium and tests/browser (see .ci/run)");
        println!("SKIPPED: needs /usr/bin/chromium and `npm ci` in tests/browser");
        return;
    }
    let site = tempfile::tempdir().unwrap();
    let app = common::spawn_site_app(site.path()).await;
    let shots = here.join("target/screenshots");
    std::fs::create_dir_all(&shots).unwrap();
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
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{said}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(said.contains(r#""h1":"临汾市生态环境局曲沃分局 2021年""#), "{said}");
    for name in ["home", "quwo-eco-env-2021"] {
        let png = std::fs::read(shots.join(format!("{name}.png"))).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        assert!(png.len() > 20_000, "{name}.png looks empty");
    }
}
