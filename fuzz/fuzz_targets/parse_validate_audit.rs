//! Any bytes as a submission body: parsing and validation answer with a refusal or a snapshot, and
//! a snapshot they accept is audited, canonicalized and read back without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &[u8]| {
    let Ok(snapshot) = disclose::service::parse_snapshot(body) else { return };
    let _ = disclose::analysis::audit(&snapshot, None);
    let canonical = disclose::integrity::canonical_json(&snapshot).expect("a snapshot serializes");
    let again = disclose::service::parse_snapshot(canonical.as_bytes()).expect("the canonical form is valid");
    assert_eq!(disclose::integrity::canonical_json(&again).unwrap(), canonical, "the canonical form is stable");
});
