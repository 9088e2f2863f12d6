//! The networked engine: PostgreSQL (or a compatible database) through a connection pool, so that
//! several `disclose` processes can share one store.
//!
//! Every write is one SERIALIZABLE transaction, retried a bounded number of times when the
//! database reports a serialization failure (40001), a deadlock (40P01) or a key taken by a
//! concurrent transaction (23505); a caller hears of success only after COMMIT. Revision numbers
//! come from `unit_years.latest + 1` read in the same transaction, and the primary key
//! `(unit, year, number)` refuses a duplicate, so numbers stay unique and contiguous whichever
//! process writes. Nothing relies on advisory locks or LISTEN/NOTIFY: other processes learn of
//! publications by polling [`Store::publications`].

mod log;
mod migrate;
mod writes;

use std::future::Future;
use std::pin::Pin;

use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use serde::{de::DeserializeOwned, Serialize};
use tokio_postgres::error::SqlState;
use tokio_postgres::{IsolationLevel, NoTls, Row, Transaction};

use super::*;
use crate::clock::Timestamp;
use crate::domain::UnitCode;
use crate::integrity::Sha256;

pub use migrate::MIGRATIONS;

/// Connections one process keeps at most.
const POOL_SIZE: usize = 16;

/// How many times a transaction is tried before its serialization failure is reported.
const ATTEMPTS: u32 = 60;

#[derive(Clone)]
pub struct PostgresStore {
    pool: Pool,
    /// The URL without its password, for messages.
    target: String,
}

/// Why one attempt of a transaction ended: the database (maybe worth a retry) or our own reason.
pub(crate) enum Failure {
    Db(tokio_postgres::Error),
    Store(StoreError),
}

impl From<tokio_postgres::Error> for Failure {
    fn from(e: tokio_postgres::Error) -> Self {
        Failure::Db(e)
    }
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

impl From<Failure> for StoreError {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Db(e) => StoreError::Engine(Box::new(e)),
            Failure::Store(e) => e,
        }
    }
}

/// Whether another attempt may succeed: the transaction lost a race, not an argument.
pub(crate) fn retryable(e: &tokio_postgres::Error) -> bool {
    let codes = [SqlState::T_R_SERIALIZATION_FAILURE, SqlState::T_R_DEADLOCK_DETECTED, SqlState::UNIQUE_VIOLATION];
    e.code().is_some_and(|code| codes.contains(code))
}

type Attempt<'t, T> = Pin<Box<dyn Future<Output = Result<T, Failure>> + Send + 't>>;

fn encode<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("store records always serialize")
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt { what: "record", source: Box::new(e) })
}

fn document(row: &Row, column: &str) -> StoreResult<String> {
    String::from_utf8(row.get(column)).map_err(|e| StoreError::Corrupt { what: "document", source: Box::new(e) })
}

/// Years and numbers as the database's INT.
fn int(value: impl Into<i64>) -> i32 {
    i32::try_from(value.into()).expect("years and revision numbers fit an INT")
}

fn pool_error(e: deadpool_postgres::PoolError) -> StoreError {
    StoreError::Engine(Box::new(e))
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user:password@host/db`, no TLS) and migrates the schema.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let store = Self::without_migrating(url)?;
        store.migrate().await?;
        Ok(store)
    }

    /// A pool for `url`; nothing is connected until first used.
    pub fn without_migrating(url: &str) -> StoreResult<Self> {
        let config: tokio_postgres::Config = url.parse().map_err(|e| connect_error(url, e))?;
        let manager = Manager::from_config(config, NoTls, ManagerConfig { recycling_method: RecyclingMethod::Fast });
        let pool = Pool::builder(manager).max_size(POOL_SIZE).build().map_err(|e| connect_error(url, e))?;
        Ok(PostgresStore { pool, target: redact(url) })
    }

    /// Applies the migrations the database lacks; the versions applied.
    pub async fn migrate(&self) -> StoreResult<Vec<i32>> {
        let connect_error = |e| StoreError::Connect { target: self.target.clone(), source: Box::new(e) };
        let mut client = self.pool.get().await.map_err(connect_error)?;
        migrate::migrate(&mut client).await
    }

    /// Runs `work` on `args` in a SERIALIZABLE transaction, again on a lost race, and commits.
    async fn serializable<A, T, F>(&self, args: &A, work: F) -> StoreResult<T>
    where
        A: Sync + ?Sized,
        F: for<'t> Fn(&'t Transaction<'_>, &'t A) -> Attempt<'t, T> + Send + Sync,
        T: Send,
    {
        let mut client = self.pool.get().await.map_err(pool_error)?;
        let mut attempt = 0;
        loop {
            let tx = client.build_transaction().isolation_level(IsolationLevel::Serializable).start().await;
            let tx = tx.map_err(|e| StoreError::Engine(Box::new(e)))?;
            let result = match work(&tx, args).await {
                Ok(value) => tx.commit().await.map(|()| value).map_err(Failure::Db),
                Err(failure) => Err(failure),
            };
            match result {
                Ok(value) => return Ok(value),
                Err(Failure::Db(e)) if retryable(&e) && attempt + 1 < ATTEMPTS => {
                    attempt += 1;
                    // Jittered and growing, so that racing writers spread out.
                    let jitter = u64::from(getrandom::u32().unwrap_or(0) % 10);
                    let pause = (2 * u64::from(attempt)).min(50) + jitter;
                    tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
                }
                Err(failure) => return Err(failure.into()),
            }
        }
    }

    /// Rows of a read outside any explicit transaction (each statement sees one snapshot).
    async fn query(&self, sql: &str, params: &[&(dyn tokio_postgres::types::ToSql + Sync)]) -> StoreResult<Vec<Row>> {
        let client = self.pool.get().await.map_err(pool_error)?;
        client.query(sql, params).await.map_err(|e| StoreError::Engine(Box::new(e)))
    }
}

fn connect_error(url: &str, e: impl std::error::Error + Send + Sync + 'static) -> StoreError {
    StoreError::Connect { target: redact(url), source: Box::new(e) }
}

/// The URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            let user = credentials.split(':').next().unwrap_or("");
            format!("{}{user}{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

fn revision_of(row: &Row) -> StoreResult<Revision> {
    Ok(Revision { meta: decode(row.get("meta"))?, document: document(row, "document")? })
}

#[async_trait]
impl Store for PostgresStore {
    async fn put_unit(&self, unit: Unit, now: Timestamp) -> StoreResult<(UnitRecord, bool)> {
        self.serializable(&(unit, now), |tx, (unit, now)| {
            Box::pin(async move {
                let (unit, now) = (unit.clone(), *now);
                let sql = "SELECT record FROM units WHERE code = $1 FOR UPDATE";
                let existing = tx.query_opt(sql, &[&unit.code.as_str()]).await?;
                let existing = existing.map(|row| decode::<UnitRecord>(row.get(0))).transpose()?;
                let created = existing.is_none();
                let created_at = existing.map_or(now, |e| e.created_at);
                let record = UnitRecord { unit, created_at, updated_at: now };
                let sql = "INSERT INTO units (code, record) VALUES ($1, $2) \
                           ON CONFLICT (code) DO UPDATE SET record = EXCLUDED.record";
                tx.execute(sql, &[&record.unit.code.as_str(), &encode(&record)]).await?;
                Ok((record, created))
            })
        })
        .await
    }

    async fn unit(&self, code: &UnitCode) -> StoreResult<Option<UnitRecord>> {
        let rows = self.query("SELECT record FROM units WHERE code = $1", &[&code.as_str()]).await?;
        rows.first().map(|row| decode(row.get(0))).transpose()
    }

    async fn units(&self) -> StoreResult<Vec<UnitRecord>> {
        let rows = self.query("SELECT record FROM units ORDER BY code", &[]).await?;
        rows.iter().map(|row| decode(row.get(0))).collect()
    }

    async fn units_page(&self, after: Option<&UnitCode>, limit: usize) -> StoreResult<Vec<UnitRecord>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        // Keyset pagination: the primary key's order, from the code after the last one seen.
        let rows = match after {
            Some(after) => {
                let sql = "SELECT record FROM units WHERE code > $1 ORDER BY code LIMIT $2";
                self.query(sql, &[&after.as_str(), &limit]).await?
            }
            None => self.query("SELECT record FROM units ORDER BY code LIMIT $1", &[&limit]).await?,
        };
        rows.iter().map(|row| decode(row.get(0))).collect()
    }

    async fn years(&self, code: &UnitCode) -> StoreResult<Vec<YearEntry>> {
        let sql = "SELECT year, latest, latest_hash, latest_published FROM unit_years WHERE unit = $1 ORDER BY year";
        let rows = self.query(sql, &[&code.as_str()]).await?;
        let corrupt = |what| move |e: String| StoreError::Corrupt { what, source: e.into() };
        rows.iter()
            .map(|row| {
                let number = |n: i32| u32::try_from(n).map_err(|e| corrupt("revision number")(e.to_string()));
                Ok(YearEntry {
                    year: u16::try_from(row.get::<_, i32>(0)).map_err(|e| corrupt("year")(e.to_string()))?,
                    latest_revision: number(row.get(1))?,
                    latest_hash: Sha256::parse(row.get(2)).map_err(|e| corrupt("hash")(e.to_string()))?,
                    latest_published_revision: row.get::<_, Option<i32>>(3).map(number).transpose()?,
                })
            })
            .collect()
    }

    async fn append_revision(&self, new: NewRevision) -> StoreResult<RevisionMeta> {
        self.serializable(&new, |tx, new| Box::pin(writes::append(tx, new))).await
    }

    async fn revisions(&self, unit: &UnitCode, year: u16) -> StoreResult<Vec<RevisionMeta>> {
        let sql = "SELECT meta FROM revisions WHERE unit = $1 AND year = $2 ORDER BY number";
        let rows = self.query(sql, &[&unit.as_str(), &int(year)]).await?;
        rows.iter().map(|row| decode(row.get(0))).collect()
    }

    async fn revisions_page(
        &self,
        unit: &UnitCode,
        year: u16,
        after: u32,
        limit: usize,
    ) -> StoreResult<Vec<RevisionMeta>> {
        let (after, limit) = (i64::from(after), i64::try_from(limit).unwrap_or(i64::MAX));
        let sql = "SELECT meta FROM revisions WHERE unit = $1 AND year = $2 AND number > $3::BIGINT \
                   ORDER BY number LIMIT $4";
        let rows = self.query(sql, &[&unit.as_str(), &int(year), &after, &limit]).await?;
        rows.iter().map(|row| decode(row.get(0))).collect()
    }

    async fn document(&self, unit: &UnitCode, year: u16, at: At) -> StoreResult<Option<std::sync::Arc<Document>>> {
        // Read afresh each time, never from memory: another process may have written since.
        let revision = match at {
            At::Which(which) => self.latest(unit, year, which).await?,
            At::Number(number) => self.revision(unit, year, number).await?,
        };
        let document = |r: Revision| Document { meta: r.meta, body: bytes::Bytes::from(r.document) };
        Ok(revision.map(document).map(std::sync::Arc::new))
    }

    async fn revision(&self, unit: &UnitCode, year: u16, number: u32) -> StoreResult<Option<Revision>> {
        let sql = "SELECT meta, document FROM revisions WHERE unit = $1 AND year = $2 AND number = $3";
        let rows = self.query(sql, &[&unit.as_str(), &int(year), &int(number)]).await?;
        rows.first().map(revision_of).transpose()
    }

    async fn latest(&self, unit: &UnitCode, year: u16, which: Which) -> StoreResult<Option<Revision>> {
        let column = match which {
            Which::Latest => "latest",
            Which::LatestPublished => "latest_published",
        };
        // One statement: the index entry and the revision it names are read in one snapshot.
        let sql = format!(
            "SELECT r.meta, r.document FROM unit_years h JOIN revisions r \
             ON r.unit = h.unit AND r.year = h.year AND r.number = h.{column} WHERE h.unit = $1 AND h.year = $2"
        );
        let rows = self.query(&sql, &[&unit.as_str(), &int(year)]).await?;
        rows.first().map(revision_of).transpose()
    }

    async fn publish(&self, unit: &UnitCode, year: u16, number: u32, now: Timestamp) -> StoreResult<RevisionMeta> {
        let args = (unit, year, number, now);
        self.serializable(&args, |tx, &(unit, year, number, now)| {
            Box::pin(writes::publish(tx, unit, year, number, now))
        })
        .await
    }

    async fn publications(&self) -> StoreResult<Option<u64>> {
        let rows = self.query("SELECT generation FROM publications", &[]).await?;
        Ok(rows.first().map(|row| row.get::<_, i64>(0).unsigned_abs()))
    }

    async fn log_size(&self) -> StoreResult<u64> {
        self.log_size_now().await
    }

    async fn log_entries(&self, start: u64, end: u64) -> StoreResult<Vec<Vec<u8>>> {
        self.log_range(start, end).await
    }

    async fn log_backfill(&self) -> StoreResult<u64> {
        self.serializable(&(), |tx, ()| Box::pin(log::backfill(tx))).await
    }

    async fn log_key(&self, candidate: String) -> StoreResult<String> {
        self.log_key_or(candidate).await
    }

    async fn add_token(&self, token: TokenRecord) -> StoreResult<()> {
        self.serializable(&token, |tx, token| {
            Box::pin(async move {
                let sql = "INSERT INTO tokens (hash, id, record) VALUES ($1, $2, $3) \
                           ON CONFLICT (hash) DO UPDATE SET record = EXCLUDED.record";
                tx.execute(sql, &[&token.hash.as_str(), &token.id(), &encode(&token)]).await?;
                Ok(())
            })
        })
        .await
    }

    async fn token(&self, hash: &Sha256) -> StoreResult<Option<TokenRecord>> {
        // Looked up by the id only, so that the time the database takes says nothing of the rest.
        let rows = self.query("SELECT record FROM tokens WHERE id = $1", &[&&hash.as_str()[..TOKEN_ID_LEN]]).await?;
        let mut found = None;
        for row in rows {
            let record: TokenRecord = decode(row.get(0))?;
            if record.matches(hash) {
                found = Some(record);
            }
        }
        Ok(found)
    }

    async fn has_tokens(&self) -> StoreResult<bool> {
        Ok(!self.query("SELECT 1 FROM tokens LIMIT 1", &[]).await?.is_empty())
    }

    async fn tokens(&self) -> StoreResult<Vec<TokenRecord>> {
        let rows = self.query("SELECT record FROM tokens ORDER BY hash", &[]).await?;
        rows.iter().map(|row| decode(row.get(0))).collect()
    }

    async fn revoke_token(&self, id: &str) -> StoreResult<Vec<TokenRecord>> {
        self.serializable(id, |tx, id| {
            Box::pin(async move {
                let rows = tx.query("DELETE FROM tokens WHERE id = $1 RETURNING record", &[&id]).await?;
                let mut revoked: Vec<TokenRecord> =
                    rows.iter().map(|row| decode(row.get(0))).collect::<Result<_, _>>()?;
                revoked.sort_by(|a, b| a.hash.cmp(&b.hash));
                Ok(revoked)
            })
        })
        .await
    }

    async fn touch_token(&self, hash: &Sha256, now: Timestamp) -> StoreResult<()> {
        self.serializable(&(hash, now), |tx, &(hash, now)| {
            Box::pin(async move {
                // Only an existing record is updated: a token revoked meanwhile stays revoked.
                let sql = "SELECT record FROM tokens WHERE hash = $1 FOR UPDATE";
                let Some(row) = tx.query_opt(sql, &[&hash.as_str()]).await? else { return Ok(()) };
                let mut record: TokenRecord = decode(row.get(0))?;
                record.last_used_at = Some(now);
                tx.execute("UPDATE tokens SET record = $2 WHERE hash = $1", &[&hash.as_str(), &encode(&record)])
                    .await?;
                Ok(())
            })
        })
        .await
    }

    async fn flush(&self) -> StoreResult<()> {
        // Every write was committed (and so made durable by the database) before it returned.
        Ok(())
    }

    async fn restore(&self, contents: Contents) -> StoreResult<()> {
        self.serializable(&contents, |tx, contents| Box::pin(writes::restore(tx, contents))).await
    }
}
