//! How sled keeps a document: gzipped at the fastest level. The 63 KB 2021 example shrinks to
//! 24 KB (Chinese text in UTF-8 compresses less than ASCII), on disk and in memory: sled 0.34's page cache holds far more than its
//! `cache_capacity` when large values are read at random (744 MB after reads over 10,000 revisions
//! of the 2021 example, measured in benches/memory.sh). A value that does not start with gzip's
//! magic bytes is a document stored before, as it was: JSON never starts so.

use std::borrow::Cow;
use std::io::{Read, Write};

use super::StoreError;

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// The bytes to store for a document.
pub fn pack(document: &[u8]) -> Vec<u8> {
    let mut encoder =
        flate2::write::GzEncoder::new(Vec::with_capacity(document.len() / 5), flate2::Compression::fast());
    encoder.write_all(document).expect("writing to memory does not fail");
    encoder.finish().expect("writing to memory does not fail")
}

/// The document from its stored bytes.
pub fn unpack(stored: &[u8]) -> Result<Cow<'_, [u8]>, StoreError> {
    if !stored.starts_with(&GZIP_MAGIC) {
        return Ok(Cow::Borrowed(stored));
    }
    let mut document = Vec::with_capacity(stored.len() * 8);
    flate2::read::GzDecoder::new(stored)
        .read_to_end(&mut document)
        .map_err(|e| StoreError::Corrupt { what: "stored document", source: Box::new(e) })?;
    Ok(Cow::Owned(document))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_comes_back_byte_for_byte_and_smaller() {
        let document = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/quwo-2021.json")).unwrap();
        let packed = pack(&document);
        assert!(packed.len() * 2 < document.len(), "{} of {}", packed.len(), document.len());
        assert_eq!(unpack(&packed).unwrap().as_ref(), document.as_slice());
    }

    #[test]
    fn a_document_stored_before_reads_as_it_is_and_damage_is_an_error() {
        assert!(matches!(unpack(b"{\"a\":1}").unwrap(), Cow::Borrowed(b"{\"a\":1}")));
        let mut packed = pack(b"{\"a\":1}");
        let end = packed.len() - 10;
        packed.truncate(end);
        assert!(matches!(unpack(&packed), Err(StoreError::Corrupt { .. })));
    }
}
