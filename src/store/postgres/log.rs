//! The transparency log in the PostgreSQL engine: `log_entries` by index, `log_key` one row.

use tokio_postgres::Transaction;

use super::{int, Failure, PostgresStore};
use crate::store::publication_log;
use crate::store::{RevisionMeta, StoreError, StoreResult};
use crate::transparency::Superseded;

/// Appends the entry of the publication of `meta`, inside the transaction that publishes it;
/// `before` is the unit-year's latest published revision until now, which a correction supersedes.
pub async fn publication(tx: &Transaction<'_>, meta: &RevisionMeta, before: Option<u32>) -> Result<(), Failure> {
    let supersedes = match before.filter(|&b| b != meta.number) {
        Some(number) => {
            let sql = "SELECT hash FROM revisions WHERE unit = $1 AND year = $2 AND number = $3";
            let row = tx.query_opt(sql, &[&meta.unit.as_str(), &int(meta.year), &int(number)]).await?;
            let Some(row) = row else {
                return Err(StoreError::Inconsistent(format!("published revision {number} is missing")).into());
            };
            let hash = crate::integrity::Sha256::parse(row.get(0))
                .map_err(|e| StoreError::Corrupt { what: "hash", source: e.to_string().into() })?;
            Some(Superseded { revision: number, hash })
        }
        None => None,
    };
    append(tx, &[(meta.clone(), supersedes)]).await
}

/// Appends one entry per publication at the end of the log.
async fn append(tx: &Transaction<'_>, publications: &[(RevisionMeta, Option<Superseded>)]) -> Result<(), Failure> {
    let mut size = size(tx).await?;
    for (meta, supersedes) in publications {
        let entry = publication_log::entry(meta, supersedes.clone()).encode();
        tx.execute("INSERT INTO log_entries (idx, entry) VALUES ($1, $2)", &[&size, &entry]).await?;
        size += 1;
    }
    Ok(())
}

async fn size(tx: &Transaction<'_>) -> Result<i64, Failure> {
    Ok(tx.query_one("SELECT COALESCE(max(idx) + 1, 0) FROM log_entries", &[]).await?.get(0))
}

async fn entries(tx: &Transaction<'_>) -> Result<Vec<Vec<u8>>, Failure> {
    let rows = tx.query("SELECT entry FROM log_entries ORDER BY idx", &[]).await?;
    Ok(rows.iter().map(|row| row.get(0)).collect())
}

/// Logs the published revisions without an entry, in one transaction; how many.
pub async fn backfill(tx: &Transaction<'_>) -> Result<u64, Failure> {
    let rows = tx.query("SELECT meta FROM revisions", &[]).await?;
    let published = rows.iter().map(|row| super::decode(row.get(0))).collect::<StoreResult<Vec<RevisionMeta>>>()?;
    let missing = publication_log::missing(&entries(tx).await?, published)?;
    append(tx, &missing).await?;
    Ok(missing.len() as u64)
}

/// Writes a restored log (empty before) and its key.
pub async fn restore(tx: &Transaction<'_>, log: &[Vec<u8>], key: Option<&str>) -> Result<(), Failure> {
    for (index, entry) in log.iter().enumerate() {
        let index = i64::try_from(index).expect("a log index fits");
        tx.execute("INSERT INTO log_entries (idx, entry) VALUES ($1, $2)", &[&index, entry]).await?;
    }
    if let Some(key) = key {
        tx.execute("INSERT INTO log_key (singleton, skey) VALUES (TRUE, $1)", &[&key]).await?;
    }
    Ok(())
}

impl PostgresStore {
    pub(super) async fn log_size_now(&self) -> StoreResult<u64> {
        let rows = self.query("SELECT COALESCE(max(idx) + 1, 0) FROM log_entries", &[]).await?;
        Ok(rows[0].get::<_, i64>(0).unsigned_abs())
    }

    pub(super) async fn log_range(&self, start: u64, end: u64) -> StoreResult<Vec<Vec<u8>>> {
        let (start, end) = (i64::try_from(start).unwrap_or(i64::MAX), i64::try_from(end).unwrap_or(i64::MAX));
        let sql = "SELECT entry FROM log_entries WHERE idx >= $1 AND idx < $2 ORDER BY idx";
        let rows = self.query(sql, &[&start, &end]).await?;
        Ok(rows.iter().map(|row| row.get(0)).collect())
    }

    /// The stored key, or `candidate` stored now: only the first writer's key is ever kept.
    pub(super) async fn log_key_or(&self, candidate: String) -> StoreResult<String> {
        self.serializable(&candidate, |tx, candidate| {
            Box::pin(async move {
                let sql = "INSERT INTO log_key (singleton, skey) VALUES (TRUE, $1) ON CONFLICT (singleton) DO NOTHING";
                tx.execute(sql, &[candidate]).await?;
                Ok(tx.query_one("SELECT skey FROM log_key", &[]).await?.get(0))
            })
        })
        .await
    }
}
