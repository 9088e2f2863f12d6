//! What a publication costs: the partial rebuild of one unit against a full build, on a store of
//! 20 units that each publish the sample 2020 and 2021 reports. Also the audit of one report.
//!
//!     cargo bench --bench site
//!
//! Compare the two `site/*` lines: their ratio is what rebuilding only the affected pages saves.

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use disclose::domain::UnitCode;
use disclose::site::Site;
use disclose::store::{SledStore, Store};
use serde_json::Value;

const UNITS: usize = 20;

fn example(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn seeded(rt: &tokio::runtime::Runtime, dir: &std::path::Path) -> Arc<dyn Store> {
    let store: Arc<dyn Store> = Arc::new(SledStore::open(dir).unwrap());
    rt.block_on(async {
        for i in 0..UNITS {
            for name in ["quwo-2020.json", "quwo-2021.json"] {
                let mut snapshot = example(name);
                snapshot["unit"]["code"] = Value::String(format!("unit-{i:02}"));
                let body = serde_json::to_vec(&snapshot).unwrap();
                disclose::service::import(store.as_ref(), &body, None, disclose::service::Publish::Now).await.unwrap();
            }
        }
    });
    store
}

fn site(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let data = tempfile::tempdir().unwrap();
    let store = seeded(&rt, data.path());
    let out = tempfile::tempdir().unwrap();
    let site = Site::new(out.path());
    rt.block_on(site.build(store.as_ref())).unwrap();

    let mut group = c.benchmark_group("site");
    group.sample_size(10);
    group.bench_function("full build, 20 units", |b| b.iter(|| rt.block_on(site.build(store.as_ref())).unwrap()));
    group.bench_function("rebuild one unit after a publication", |b| {
        b.iter(|| rt.block_on(site.rebuild_unit(store.as_ref(), &UnitCode::parse("unit-07").unwrap())).unwrap())
    });
    group.finish();

    let report: disclose::domain::Snapshot = serde_json::from_value(example("quwo-2021.json")).unwrap();
    let prior: disclose::domain::Snapshot = serde_json::from_value(example("quwo-2020.json")).unwrap();
    c.bench_function("audit of the 2021 report", |b| b.iter(|| disclose::analysis::audit(&report, Some(&prior))));
}

criterion_group!(benches, site);
criterion_main!(benches);
