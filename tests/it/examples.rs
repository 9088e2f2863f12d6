//! The bundled examples are exactly valid request bodies, and they survive the model unchanged.

use std::path::PathBuf;

use disclose::domain::{validate::validate, Snapshot};

fn example_files() -> Vec<PathBuf> {
    crate::common::json_files("examples")
}

#[test]
fn every_example_is_a_valid_snapshot_that_round_trips() {
    let files = example_files();
    assert!(files.len() >= 2, "expected the 2020 and 2021 examples, found {files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let de = &mut serde_json::Deserializer::from_str(&text);
        let snapshot: Snapshot = serde_path_to_error::deserialize(de)
            .unwrap_or_else(|e| panic!("{}: {} at {}", file.display(), e, e.path()));
        if let Err(problems) = validate(&snapshot) {
            panic!("{}: {problems:#?}", file.display());
        }
        let original: serde_json::Value = serde_json::from_str(&text).unwrap();
        let again = serde_json::to_value(&snapshot).unwrap();
        assert_eq!(original, again, "{} does not round-trip through the model", file.display());
    }
}

/// The README's examples of each kind of document are valid snapshots (the README stays true).
#[test]
fn the_readme_examples_of_each_kind_are_valid() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme.split("### Entering a report").nth(1).unwrap().split("### What is refused").next().unwrap();
    let blocks: Vec<&str> = section.split("```json\n").skip(1).map(|b| b.split("```").next().unwrap()).collect();
    assert_eq!(blocks.len(), 4, "one example per kind of document");
    let mut kinds = Vec::new();
    for block in blocks {
        let snapshot = disclose::service::parse_snapshot(block.as_bytes()).unwrap_or_else(|e| panic!("{e:?}\n{block}"));
        kinds.push(snapshot.kind.unwrap().as_str());
    }
    assert_eq!(kinds, ["overall", "project", "transfer_payment", "final_accounts"]);
}
