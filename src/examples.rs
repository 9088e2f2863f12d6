//! The reference report, bundled so that a fresh store can show real data.

/// (file name, contents) in the order they are imported: the earlier year first.
pub const BUNDLED: &[(&str, &str)] = &[
    ("quwo-2020.json", include_str!("../examples/quwo-2020.json")),
    ("quwo-2021.json", include_str!("../examples/quwo-2021.json")),
];
