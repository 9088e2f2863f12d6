//! Which engine a command opens: a `postgres://` URL, or else a folder for sled.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{PostgresStore, SledStore, Store, StoreError, StoreResult};

/// Where a store lives, as the operator names it (`--store`, `DISCLOSE_STORE`, `--from`, `--to`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreSpec {
    /// A PostgreSQL (or compatible) database URL.
    Postgres(String),
    /// A folder of the embedded sled store.
    Sled(PathBuf),
}

impl StoreSpec {
    /// A URL with a `postgres://` or `postgresql://` scheme names a database; anything else a folder.
    pub fn parse(text: &str) -> StoreSpec {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            StoreSpec::Postgres(text.to_string())
        } else {
            StoreSpec::Sled(PathBuf::from(text))
        }
    }

    /// `--store` if given, else the sled folder `data`.
    pub fn or_folder(store: Option<&str>, data: &Path) -> StoreSpec {
        store.map_or_else(|| StoreSpec::Sled(data.to_path_buf()), StoreSpec::parse)
    }
}

impl std::fmt::Display for StoreSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreSpec::Postgres(url) => f.write_str(&super::postgres::redact(url)),
            StoreSpec::Sled(path) => write!(f, "{}", path.display()),
        }
    }
}

/// Opens the store: a database is migrated first; a folder is created if missing.
pub async fn open(spec: &StoreSpec) -> StoreResult<Arc<dyn Store>> {
    open_with_cache(spec, super::DEFAULT_CACHE_BYTES).await
}

/// Opens the store with `cache_bytes` for sled's caches. A database is read afresh each time
/// (another process may have written), so it takes no cache.
pub async fn open_with_cache(spec: &StoreSpec, cache_bytes: usize) -> StoreResult<Arc<dyn Store>> {
    match spec {
        StoreSpec::Postgres(url) => Ok(Arc::new(PostgresStore::connect(url).await?)),
        StoreSpec::Sled(path) => {
            std::fs::create_dir_all(path).map_err(|e| StoreError::Open { path: path.clone(), source: Box::new(e) })?;
            Ok(Arc::new(SledStore::open_with_cache(path, cache_bytes)?))
        }
    }
}
