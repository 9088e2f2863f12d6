//! The keys of the sled trees (see `sled_store`): `code \0 year(u16 BE) [number(u32 BE)]`. A unit
//! code never contains a NUL byte, and big-endian numbers sort in numeric order.

pub(super) fn unit_prefix(code: &str) -> Vec<u8> {
    let mut key = code.as_bytes().to_vec();
    key.push(0);
    key
}

pub(super) fn year_key(code: &str, year: u16) -> Vec<u8> {
    let mut key = unit_prefix(code);
    key.extend_from_slice(&year.to_be_bytes());
    key
}

pub(super) fn revision_key(code: &str, year: u16, number: u32) -> Vec<u8> {
    let mut key = year_key(code, year);
    key.extend_from_slice(&number.to_be_bytes());
    key
}
