//! The transparency log in the sled engine: entries under their index (u64 BE) in `log`, the
//! count and the signing key in `logmeta`. An entry is only ever written by [`publication`],
//! inside the transaction that publishes its revision.

use sled::transaction::{ConflictableTransactionError, TransactionalTree};
use sled::Transactional;

use super::{RevisionMeta, StoreError, StoreResult};
use crate::transparency::Superseded;

pub const SIZE: &[u8] = b"size";
pub const KEY: &[u8] = b"key";

/// Appends the entry of a publication of revision `meta` to the log, inside the transaction
/// that publishes it, so that neither is ever stored without the other. `supersedes` is the
/// published revision a correction replaces.
pub fn publication(
    (log, logmeta): (&TransactionalTree, &TransactionalTree),
    meta: &RevisionMeta,
    supersedes: Option<Superseded>,
) -> Result<(), ConflictableTransactionError<StoreError>> {
    let entry = super::publication_log::entry(meta, supersedes);
    let size = match logmeta.get(SIZE)? {
        Some(bytes) => u64::from_be_bytes(
            bytes
                .as_ref()
                .try_into()
                .map_err(|_| ConflictableTransactionError::Abort(StoreError::Inconsistent("bad log size".into())))?,
        ),
        None => 0,
    };
    log.insert(&size.to_be_bytes(), entry.encode())?;
    logmeta.insert(SIZE, &(size + 1).to_be_bytes())?;
    Ok(())
}

fn decode_size(bytes: &[u8]) -> StoreResult<u64> {
    let bytes = bytes.try_into().map_err(|_| StoreError::Inconsistent("bad log size".into()))?;
    Ok(u64::from_be_bytes(bytes))
}

pub fn size(logmeta: &sled::Tree) -> StoreResult<u64> {
    logmeta.get(SIZE)?.map_or(Ok(0), |bytes| decode_size(&bytes))
}

pub fn entries(log: &sled::Tree, start: u64, end: u64) -> StoreResult<Vec<Vec<u8>>> {
    if start >= end {
        return Ok(Vec::new());
    }
    log.range(start.to_be_bytes()..end.to_be_bytes()).map(|kv| Ok(kv?.1.to_vec())).collect()
}

/// The stored key, or `candidate` stored now: only the first writer's key is ever kept.
pub fn key(logmeta: &sled::Tree, candidate: String) -> StoreResult<String> {
    let _ = logmeta.compare_and_swap(KEY, None as Option<&[u8]>, Some(candidate.as_bytes()))?;
    let key = logmeta.get(KEY)?.ok_or_else(|| StoreError::Inconsistent("the log key vanished".into()))?;
    String::from_utf8(key.to_vec()).map_err(|e| StoreError::Corrupt { what: "log key", source: Box::new(e) })
}

/// Logs every published revision that has no entry, oldest publication first: a store written
/// before the log existed joins it. Each such entry supersedes the unit-year's revision
/// published before it. Aborts, logging nothing, if the log grows meanwhile (a later run
/// retries). The number of entries written.
pub fn backfill(metas: &sled::Tree, log: &sled::Tree, logmeta: &sled::Tree) -> StoreResult<u64> {
    let decode = |bytes: &[u8]| -> StoreResult<RevisionMeta> {
        serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt { what: "record", source: Box::new(e) })
    };
    let size = size(logmeta)?;
    let published = metas.iter().map(|kv| decode(&kv?.1)).collect::<StoreResult<Vec<_>>>()?;
    let missing = super::publication_log::missing(&entries(log, 0, size)?, published)?;
    if missing.is_empty() {
        return Ok(0);
    }
    let result = (log, logmeta).transaction(|(log, logmeta)| {
        if logmeta.get(SIZE)?.map_or(Ok(0), |b| decode_size(&b)).map_err(ConflictableTransactionError::Abort)? != size {
            return Err(ConflictableTransactionError::Abort(StoreError::Inconsistent("the log grew meanwhile".into())));
        }
        for (meta, before) in &missing {
            publication((log, logmeta), meta, before.clone())?;
        }
        Ok(missing.len() as u64)
    });
    result.map_err(|e| match e {
        sled::transaction::TransactionError::Abort(e) => e,
        sled::transaction::TransactionError::Storage(e) => e.into(),
    })
}
