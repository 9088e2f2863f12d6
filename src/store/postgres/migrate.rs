//! Versioned migrations embedded in the binary: SQL files applied in order, each recorded in
//! `schema_version`, all pending ones in one transaction.

use tokio_postgres::error::SqlState;
use tokio_postgres::{Client, IsolationLevel};

use super::{retryable, Failure};
use crate::store::{StoreError, StoreResult};

/// Every migration, numbered from 1; a new one is appended, an applied one never changes.
pub const MIGRATIONS: &[(i32, &str)] =
    &[(1, include_str!("migrations/001_init.sql")), (2, include_str!("migrations/002_log.sql"))];

/// How many times a migration racing another process's is tried.
const ATTEMPTS: u32 = 10;

/// Brings the schema up to the newest migration; the versions applied now (none when current).
pub async fn migrate(client: &mut Client) -> StoreResult<Vec<i32>> {
    let mut attempt = 0;
    loop {
        match apply(client).await {
            Ok(applied) => return Ok(applied),
            // Processes starting together race to create the same tables: the loser retries and
            // finds them made.
            Err(Failure::Db(e)) if attempt + 1 < ATTEMPTS && (retryable(&e) || created_meanwhile(&e)) => {
                attempt += 1;
                tokio::time::sleep(std::time::Duration::from_millis(20 * u64::from(attempt))).await;
            }
            Err(failure) => return Err(failure.into()),
        }
    }
}

fn created_meanwhile(e: &tokio_postgres::Error) -> bool {
    e.code().is_some_and(|c| *c == SqlState::DUPLICATE_TABLE || *c == SqlState::UNIQUE_VIOLATION)
}

async fn apply(client: &mut Client) -> Result<Vec<i32>, Failure> {
    let tx = client.build_transaction().isolation_level(IsolationLevel::Serializable).start().await?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, applied_at TEXT NOT NULL)")
        .await?;
    let current: Option<i32> = tx.query_one("SELECT max(version) FROM schema_version", &[]).await?.get(0);
    let current = current.unwrap_or(0);
    if let Some(&(newest, _)) = MIGRATIONS.last() {
        if current > newest {
            let message = format!("the database has schema version {current}, this disclose knows up to {newest}");
            return Err(Failure::Store(StoreError::Inconsistent(message)));
        }
    }
    let mut applied = Vec::new();
    for &(version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        tx.batch_execute(sql).await?;
        let at = crate::clock::now().to_string();
        tx.execute("INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)", &[&version, &at]).await?;
        applied.push(version);
    }
    tx.commit().await?;
    Ok(applied)
}
