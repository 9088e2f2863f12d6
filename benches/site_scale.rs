//! The site at scale, and what one publication costs after many earlier ones.
//!
//!     cargo bench --bench site_scale -- history 1,10,100,1000   # one unit-year with n earlier publications
//!     cargo bench --bench site_scale -- scale 5000              # 5,000 unit-years: full build, then one publication
//!
//! `history`: revisions of quwo-eco-env 2021 (the 63 KB example, its title changed so each is
//! new) are published until there are n, the site brought up to date, and then the next
//! publication (store and site rebuild, as the server does) is timed, best of 3. `scale`: synthetic units (the 2020 and 2021 examples under other codes, their figures
//! scaled) give the unit-years; the full build and the rebuild after one publication are timed
//! once and the publication best of 3. Both print the peak resident memory (VmHWM) of this process.

use std::time::{Duration, Instant};

use disclose::domain::UnitCode;
use disclose::service::{import, Publish};
use disclose::site::Site;
use disclose::store::{SledStore, Store};
use serde_json::Value;

fn example(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn peak_memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find(|l| l.starts_with("VmHWM")).map(|l| l.split_whitespace().skip(1).collect()).unwrap_or_default()
}

async fn add(store: &dyn Store, snapshot: &Value, publish: Publish) -> u32 {
    import(store, &serde_json::to_vec(snapshot).unwrap(), None, publish).await.unwrap().number
}

/// One publication of a new revision of `code`'s 2021 (stored, published, the site rebuilt).
async fn publish_one(store: &dyn Store, site: &Site, mut snapshot: Value, tag: &str) -> Duration {
    snapshot["title"] = Value::String(format!("更正 {tag}"));
    let number = add(store, &snapshot, Publish::Later).await;
    let code = UnitCode::parse(snapshot["unit"]["code"].as_str().unwrap()).unwrap();
    let started = Instant::now();
    store.publish(&code, 2021, number, disclose::clock::now()).await.unwrap();
    site.rebuild_unit(store, &code).await.unwrap();
    started.elapsed()
}

/// How many publications are timed (the best is printed): 3, or TIMED=<count> (e.g. to profile
/// them).
fn timed() -> usize {
    std::env::var("TIMED").ok().and_then(|t| t.parse().ok()).unwrap_or(3)
}

async fn history(counts: &[usize]) {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = SledStore::open(data.path()).unwrap();
    let site = Site::new(out.path());
    let base = example("quwo-2021.json");
    add(&store, &base, Publish::Now).await;
    site.build(&store).await.unwrap();
    let mut published = 1;
    println!("earlier publications | publication (store + site), best of 3 (or TIMED) | peak memory");
    for &n in counts {
        // The earlier publications go into the store, then the site catches up with them in one
        // rebuild (as at a start after they were published elsewhere); what is timed is the
        // publication after them, as on the server.
        let started = Instant::now();
        while published < n {
            let mut snapshot = base.clone();
            snapshot["title"] = Value::String(format!("更正 {published}"));
            add(&store, &snapshot, Publish::Now).await;
            published += 1;
        }
        site.start(&store).await.unwrap();
        eprintln!("(n = {n}: store and site brought up to date in {:.1} s)", started.elapsed().as_secs_f64());
        let mut best = Duration::MAX;
        for i in 0..timed() {
            best = best.min(publish_one(&store, &site, base.clone(), &format!("{n}-{i}")).await);
            published += 1;
        }
        println!("{n:>20} | {:>10.1} ms | {}", best.as_secs_f64() * 1e3, peak_memory());
    }
}

/// `units` synthetic units, each with the 2020 and 2021 examples (figures scaled per unit).
async fn scale(unit_years: usize) {
    let (data, out) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let store = SledStore::open(data.path()).unwrap();
    let (y2020, y2021) = (example("quwo-2020.json"), example("quwo-2021.json"));
    let started = Instant::now();
    for i in 0..unit_years.div_ceil(2) {
        for base in [&y2020, &y2021] {
            let mut s = base.clone();
            s["unit"]["code"] = Value::String(format!("unit-{i:05}"));
            s["unit"]["name"] = Value::String(format!("合成单位{i}"));
            if let Some(score) = s.pointer_mut("/evaluation/score") {
                *score = Value::String(format!("{}.{}", 80 + i % 20, i % 10));
            }
            add(&store, &s, Publish::Now).await;
        }
    }
    println!("store of {unit_years} unit-years filled in {:.1} s", started.elapsed().as_secs_f64());
    let site = Site::new(out.path());
    let started = Instant::now();
    let built = site.build(&store).await.unwrap();
    let full = started.elapsed();
    println!("full build: {:.2} s, {} files, peak memory {}", full.as_secs_f64(), built.files, peak_memory());
    let mut s = y2021.clone();
    s["unit"]["code"] = Value::String("unit-00007".into());
    let mut partial = Duration::MAX;
    for i in 0..timed() {
        partial = partial.min(publish_one(&store, &site, s.clone(), &format!("scale {i}")).await);
    }
    println!(
        "one publication (best of {}): {:.1} ms ({:.4} of the full build), peak memory {}",
        timed(),
        partial.as_secs_f64() * 1e3,
        partial.as_secs_f64() / full.as_secs_f64(),
        peak_memory()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    match args.first().map(String::as_str) {
        Some("scale") => rt.block_on(scale(args.get(1).map_or(5000, |n| n.parse().unwrap()))),
        _ => {
            let counts: Vec<usize> =
                args.get(1).map_or("1,10,100,1000", String::as_str).split(',').map(|n| n.parse().unwrap()).collect();
            rt.block_on(history(&counts))
        }
    }
}
