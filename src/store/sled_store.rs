//! The embedded engine: sled 0.34 in a local folder.
//!
//! Trees and keys (a unit code never contains a NUL byte, so `code\0` is a safe prefix):
//! - `units`:  code -> UnitRecord (JSON)
//! - `heads`:  code \0 year(u16 BE) -> Head (JSON): the unit-year index
//! - `metas`:  code \0 year(u16 BE) number(u32 BE) -> RevisionMeta (JSON)
//! - `docs`:   same key -> canonical document bytes, gzipped (`sled_docs`)
//! - `tokens`: SHA-256 hex of the secret -> TokenRecord (JSON)
//! - `log`:    index(u64 BE) -> transparency log entry, as written
//! - `logmeta`: `size` -> entries in `log` (u64 BE); `key` -> the log's signing key
//!
//! Big-endian numbers make sled's byte order the numeric order, so prefix scans list years and
//! revisions in order.
//!
//! The folder is locked first (`folder_lock`).

use std::fs::File;
use std::ops::Bound;
use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};
use sled::Transactional;

use super::folder_lock::lock;
use super::sled_docs;
use super::sled_keys::{revision_key, unit_prefix, year_key};
use super::sled_log;
use super::*;
use crate::clock::Timestamp;
use crate::domain::UnitCode;
use crate::integrity::Sha256;
use crate::transparency::Superseded;

#[derive(Clone)]
pub struct SledStore {
    inner: Arc<Trees>,
}

struct Trees {
    /// Held (never read) for as long as the store is open.
    _lock: File,
    db: sled::Db,
    units: sled::Tree,
    heads: sled::Tree,
    metas: sled::Tree,
    docs: sled::Tree,
    tokens: sled::Tree,
    log: sled::Tree,
    logmeta: sled::Tree,
    /// Hot documents, emptied for a unit-year when a write to it commits.
    cache: DocumentCache,
}

/// The index entry of a unit-year as stored.
#[derive(Debug, Serialize, Deserialize)]
struct Head {
    latest: u32,
    latest_hash: Sha256,
    latest_published: Option<u32>,
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> Self {
        StoreError::Engine(Box::new(e))
    }
}

/// Memory for the store's caches unless told otherwise: 48 MiB.
pub const DEFAULT_CACHE_BYTES: usize = 48 << 20;

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("store records always serialize")
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> StoreResult<T> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt { what: "record", source: Box::new(e) })
}

/// Unwraps a sled transaction result, keeping our own abort reasons.
fn settle<T>(result: Result<T, TransactionError<StoreError>>) -> StoreResult<T> {
    result.map_err(|e| match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => e.into(),
    })
}

fn abort<T>(e: StoreError) -> Result<T, ConflictableTransactionError<StoreError>> {
    Err(ConflictableTransactionError::Abort(e))
}

fn tx_decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ConflictableTransactionError<StoreError>> {
    decode(bytes).map_err(ConflictableTransactionError::Abort)
}

impl SledStore {
    /// Opens (or creates) the store in the existing folder `path` with the default memory budget.
    /// Fails with [`StoreError::Locked`] when another process holds it.
    pub fn open(path: &Path) -> StoreResult<Self> {
        SledStore::open_with_cache(path, DEFAULT_CACHE_BYTES)
    }

    /// Opens the store with `cache_bytes` of memory for caches: two thirds for sled's page cache,
    /// one third for hot documents.
    pub fn open_with_cache(path: &Path, cache_bytes: usize) -> StoreResult<Self> {
        let lock = lock(path)?;
        let config = sled::Config::new().path(path).cache_capacity((cache_bytes / 3 * 2) as u64);
        // With our lock held no other process owns the folder, so sled failing on its own lock
        // (an I/O error) is a child process forked before the last holder closed its file and not
        // yet exec'd: asked again, briefly, like our own lock.
        let mut attempts = 0;
        let db = loop {
            match config.open() {
                Err(sled::Error::Io(_)) if attempts < 40 => attempts += 1,
                opened => {
                    break opened.map_err(|e| StoreError::Open { path: path.to_path_buf(), source: Box::new(e) })?
                }
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        };
        let tree = |name: &str| db.open_tree(name);
        let inner = Trees {
            _lock: lock,
            units: tree("units")?,
            heads: tree("heads")?,
            metas: tree("metas")?,
            docs: tree("docs")?,
            tokens: tree("tokens")?,
            log: tree("log")?,
            logmeta: tree("logmeta")?,
            cache: DocumentCache::new(cache_bytes / 3),
            db,
        };
        Ok(SledStore { inner: Arc::new(inner) })
    }

    /// Runs a sled call on the blocking pool, off the async workers.
    async fn run<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Trees) -> StoreResult<T> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || f(&inner)).await?
    }
}

impl Trees {
    /// Makes every write so far durable before the caller reports success.
    fn flush(&self) -> StoreResult<()> {
        self.db.flush()?;
        Ok(())
    }

    fn revision(&self, key: &[u8]) -> StoreResult<Option<Revision>> {
        let (Some(meta), Some(doc)) = (self.metas.get(key)?, self.docs.get(key)?) else {
            return Ok(None);
        };
        let document = String::from_utf8(sled_docs::unpack(&doc)?.into_owned())
            .map_err(|e| StoreError::Corrupt { what: "document", source: Box::new(e) })?;
        Ok(Some(Revision { meta: decode(&meta)?, document }))
    }

    /// The number `at` names in a unit-year, from its index entry when it is a latest one.
    fn number(&self, unit: &str, year: u16, at: At) -> StoreResult<Option<u32>> {
        let which = match at {
            At::Number(number) => return Ok(Some(number)),
            At::Which(which) => which,
        };
        let Some(head) = self.heads.get(year_key(unit, year))? else {
            return Ok(None);
        };
        let head: Head = decode(&head)?;
        Ok(match which {
            Which::Latest => Some(head.latest),
            Which::LatestPublished => head.latest_published,
        })
    }

    fn document(&self, unit: &str, year: u16, at: At) -> StoreResult<Option<Document>> {
        let Some(number) = self.number(unit, year, at)? else {
            return Ok(None);
        };
        let key = revision_key(unit, year, number);
        let (Some(meta), Some(body)) = (self.metas.get(&key)?, self.docs.get(&key)?) else {
            return Ok(None);
        };
        let body = match sled_docs::unpack(&body)? {
            std::borrow::Cow::Owned(document) => bytes::Bytes::from(document),
            std::borrow::Cow::Borrowed(document) => bytes::Bytes::copy_from_slice(document),
        };
        Ok(Some(Document { meta: decode(&meta)?, body }))
    }
}

fn put_head(
    heads: &TransactionalTree,
    key: &[u8],
    head: &Head,
) -> Result<(), ConflictableTransactionError<StoreError>> {
    heads.insert(key, encode(head))?;
    Ok(())
}

/// Logs the publication of `meta`; `before` is the unit-year's latest published revision until
/// now, which a correction supersedes.
fn log_publication(
    trees: (&TransactionalTree, &TransactionalTree),
    metas: &TransactionalTree,
    meta: &RevisionMeta,
    before: Option<u32>,
) -> Result<(), ConflictableTransactionError<StoreError>> {
    let supersedes = match before.filter(|&b| b != meta.number) {
        Some(number) => match metas.get(revision_key(&meta.unit, meta.year, number))? {
            Some(old) => Some(Superseded { revision: number, hash: tx_decode::<RevisionMeta>(&old)?.hash }),
            None => return abort(StoreError::Inconsistent(format!("published revision {number} is missing"))),
        },
        None => None,
    };
    sled_log::publication(trees, meta, supersedes)
}

#[async_trait]
impl Store for SledStore {
    async fn put_unit(&self, unit: Unit, now: Timestamp) -> StoreResult<(UnitRecord, bool)> {
        self.run(move |t| {
            let result = t.units.transaction(|units| {
                let existing = units.get(unit.code.as_bytes())?.map(|v| tx_decode::<UnitRecord>(&v)).transpose()?;
                let created = existing.is_none();
                let created_at = existing.map_or(now, |e| e.created_at);
                let record = UnitRecord { unit: unit.clone(), created_at, updated_at: now };
                units.insert(unit.code.as_bytes(), encode(&record))?;
                Ok((record, created))
            });
            let result = settle(result)?;
            t.flush()?;
            Ok(result)
        })
        .await
    }

    async fn unit(&self, code: &UnitCode) -> StoreResult<Option<UnitRecord>> {
        let code = code.clone();
        self.run(move |t| t.units.get(code.as_bytes())?.map(|v| decode(&v)).transpose()).await
    }

    async fn units(&self) -> StoreResult<Vec<UnitRecord>> {
        self.run(|t| t.units.iter().map(|kv| decode(&kv?.1)).collect()).await
    }

    async fn units_page(&self, after: Option<&UnitCode>, limit: usize) -> StoreResult<Vec<UnitRecord>> {
        let after = after.map(|code| code.as_bytes().to_vec());
        self.run(move |t| {
            let from = after.map_or(Bound::Unbounded, Bound::Excluded);
            t.units.range::<Vec<u8>, _>((from, Bound::Unbounded)).take(limit).map(|kv| decode(&kv?.1)).collect()
        })
        .await
    }

    async fn years(&self, code: &UnitCode) -> StoreResult<Vec<YearEntry>> {
        let code = code.clone();
        self.run(move |t| {
            t.heads
                .scan_prefix(unit_prefix(&code))
                .map(|kv| {
                    let (key, value) = kv?;
                    let year = u16::from_be_bytes([key[key.len() - 2], key[key.len() - 1]]);
                    let head: Head = decode(&value)?;
                    Ok(YearEntry {
                        year,
                        latest_revision: head.latest,
                        latest_hash: head.latest_hash,
                        latest_published_revision: head.latest_published,
                    })
                })
                .collect()
        })
        .await
    }

    async fn append_revision(&self, new: NewRevision) -> StoreResult<RevisionMeta> {
        self.run(move |t| {
            let head_key = year_key(&new.code, new.year);
            // Compressed once, outside the transaction (which may run more than once).
            let packed = sled_docs::pack(new.document.as_bytes());
            let trees = (&t.units, &t.heads, &t.metas, &t.docs, &t.log, &t.logmeta);
            let result = trees.transaction(|(units, heads, metas, docs, log, logmeta)| {
                let head = heads.get(&head_key)?.map(|v| tx_decode::<Head>(&v)).transpose()?;
                let current = head.as_ref().map(|h| h.latest_hash.clone());
                if !new.may_follow(current.as_ref()) {
                    return abort(StoreError::Stale { current });
                }
                let number = head.as_ref().map_or(1, |h| h.latest + 1);
                let now = crate::clock::now();
                let meta = new.meta(number, current, now);
                let key = revision_key(&new.code, new.year, number);
                metas.insert(key.clone(), encode(&meta))?;
                docs.insert(key, packed.as_slice())?;
                if new.publish {
                    log_publication((log, logmeta), metas, &meta, head.as_ref().and_then(|h| h.latest_published))?;
                }
                let head = Head {
                    latest: number,
                    latest_hash: new.hash.clone(),
                    latest_published: if new.publish { Some(number) } else { head.and_then(|h| h.latest_published) },
                };
                put_head(heads, &head_key, &head)?;
                // The first revision of an unknown unit registers it.
                if units.get(new.code.as_bytes())?.is_none() {
                    let record = UnitRecord { unit: new.unit.clone(), created_at: now, updated_at: now };
                    units.insert(new.code.as_bytes(), encode(&record))?;
                }
                Ok(meta)
            });
            let meta = settle(result)?;
            t.cache.invalidate(&new.code, new.year);
            t.flush()?;
            Ok(meta)
        })
        .await
    }

    async fn revisions(&self, unit: &UnitCode, year: u16) -> StoreResult<Vec<RevisionMeta>> {
        let prefix = year_key(unit, year);
        self.run(move |t| t.metas.scan_prefix(prefix).map(|kv| decode(&kv?.1)).collect()).await
    }

    async fn revisions_page(
        &self,
        unit: &UnitCode,
        year: u16,
        after: u32,
        limit: usize,
    ) -> StoreResult<Vec<RevisionMeta>> {
        let (prefix, from) = (year_key(unit, year), after.checked_add(1));
        let Some(from) = from else { return Ok(Vec::new()) };
        let from = revision_key(unit, year, from);
        self.run(move |t| {
            let page = t.metas.range(from..).take_while(|kv| kv.as_ref().map_or(true, |(k, _)| k.starts_with(&prefix)));
            page.take(limit).map(|kv| decode(&kv?.1)).collect()
        })
        .await
    }

    async fn document(&self, unit: &UnitCode, year: u16, at: At) -> StoreResult<Option<Arc<Document>>> {
        // A hot document is answered here, without a hop to the blocking pool.
        if let Some(document) = self.inner.cache.get(unit, year, at) {
            return Ok(Some(document));
        }
        let generation = self.inner.cache.generation();
        let code = unit.clone();
        let found = self.run(move |t| t.document(&code, year, at)).await?.map(Arc::new);
        if let Some(document) = &found {
            self.inner.cache.insert(unit, year, at, document.clone(), generation);
        }
        Ok(found)
    }

    async fn revision(&self, unit: &UnitCode, year: u16, number: u32) -> StoreResult<Option<Revision>> {
        let key = revision_key(unit, year, number);
        self.run(move |t| t.revision(&key)).await
    }

    async fn latest(&self, unit: &UnitCode, year: u16, which: Which) -> StoreResult<Option<Revision>> {
        let unit = unit.clone();
        self.run(move |t| match t.number(&unit, year, At::Which(which))? {
            Some(number) => t.revision(&revision_key(&unit, year, number)),
            None => Ok(None),
        })
        .await
    }

    async fn publish(&self, unit: &UnitCode, year: u16, number: u32, now: Timestamp) -> StoreResult<RevisionMeta> {
        let unit = unit.clone();
        self.run(move |t| {
            let head_key = year_key(&unit, year);
            let key = revision_key(&unit, year, number);
            let trees = (&t.heads, &t.metas, &t.log, &t.logmeta);
            let result = trees.transaction(|(heads, metas, log, logmeta)| {
                let Some(meta) = metas.get(&key)? else {
                    return abort(StoreError::NotFound(format!("revision {number} of {unit} {year}")));
                };
                let mut meta: RevisionMeta = tx_decode(&meta)?;
                let Some(head) = heads.get(&head_key)? else {
                    return abort(StoreError::Inconsistent(format!("index entry missing for {unit} {year}")));
                };
                let mut head: Head = tx_decode(&head)?;
                // Publishing again changes nothing and logs nothing.
                if meta.published_at.is_none() {
                    meta.published_at = Some(now);
                    metas.insert(key.clone(), encode(&meta))?;
                    log_publication((log, logmeta), metas, &meta, head.latest_published)?;
                }
                head.latest_published = head.latest_published.max(Some(number));
                put_head(heads, &head_key, &head)?;
                Ok(meta)
            });
            let meta = settle(result)?;
            t.cache.invalidate(&unit, year);
            t.flush()?;
            Ok(meta)
        })
        .await
    }

    async fn log_size(&self) -> StoreResult<u64> {
        self.run(|t| sled_log::size(&t.logmeta)).await
    }

    async fn log_entries(&self, start: u64, end: u64) -> StoreResult<Vec<Vec<u8>>> {
        self.run(move |t| sled_log::entries(&t.log, start, end)).await
    }

    async fn log_backfill(&self) -> StoreResult<u64> {
        self.run(|t| {
            let written = sled_log::backfill(&t.metas, &t.log, &t.logmeta)?;
            t.flush()?;
            Ok(written)
        })
        .await
    }

    async fn log_key(&self, candidate: String) -> StoreResult<String> {
        self.run(move |t| {
            let key = sled_log::key(&t.logmeta, candidate)?;
            t.flush()?;
            Ok(key)
        })
        .await
    }

    async fn add_token(&self, token: TokenRecord) -> StoreResult<()> {
        self.run(move |t| {
            t.tokens.insert(token.hash.as_bytes(), encode(&token))?;
            t.flush()
        })
        .await
    }

    async fn token(&self, hash: &Sha256) -> StoreResult<Option<TokenRecord>> {
        let hash = hash.clone();
        self.run(move |t| {
            // Looked up by the id only, so that the time sled takes says nothing of the rest.
            let id = &hash.as_str()[..TOKEN_ID_LEN];
            let mut found = None;
            for entry in t.tokens.scan_prefix(id.as_bytes()) {
                let record: TokenRecord = decode(&entry?.1)?;
                if record.matches(&hash) {
                    found = Some(record);
                }
            }
            Ok(found)
        })
        .await
    }

    async fn has_tokens(&self) -> StoreResult<bool> {
        self.run(|t| Ok(!t.tokens.is_empty())).await
    }

    async fn tokens(&self) -> StoreResult<Vec<TokenRecord>> {
        self.run(|t| t.tokens.iter().map(|entry| decode(&entry?.1)).collect()).await
    }

    async fn revoke_token(&self, id: &str) -> StoreResult<Vec<TokenRecord>> {
        let id = id.to_string();
        self.run(move |t| {
            let mut revoked = Vec::new();
            for entry in t.tokens.scan_prefix(id.as_bytes()) {
                let (key, value) = entry?;
                revoked.push(decode(&value)?);
                t.tokens.remove(key)?;
            }
            t.flush()?;
            Ok(revoked)
        })
        .await
    }

    async fn touch_token(&self, hash: &Sha256, now: Timestamp) -> StoreResult<()> {
        let hash = hash.clone();
        self.run(move |t| {
            let mut failure = None;
            // Only an existing record is updated: a token revoked meanwhile stays revoked.
            t.tokens.update_and_fetch(hash.as_bytes(), |old| {
                let mut record: TokenRecord = match decode(old?) {
                    Ok(record) => record,
                    Err(e) => {
                        failure = Some(e);
                        return old.map(<[u8]>::to_vec);
                    }
                };
                record.last_used_at = Some(now);
                Some(encode(&record))
            })?;
            failure.map_or(Ok(()), Err)
        })
        .await
    }

    async fn flush(&self) -> StoreResult<()> {
        self.run(|t| t.flush()).await
    }

    async fn restore(&self, contents: Contents) -> StoreResult<()> {
        self.run(move |t| {
            // Checked before the transaction (a tree is not read outside it while it runs); the
            // folder's lock keeps other processes out in between.
            let all = [&t.units, &t.heads, &t.metas, &t.docs, &t.tokens, &t.log, &t.logmeta];
            if all.iter().any(|tree| !tree.is_empty()) {
                return Err(StoreError::Inconsistent("a restore needs an empty store".into()));
            }
            let heads = restored_heads(&contents.revisions);
            let trees = (&t.units, &t.heads, &t.metas, &t.docs, &t.tokens, &t.log, &t.logmeta);
            let result = trees.transaction(|(units, heads_tree, metas, docs, tokens, log, logmeta)| {
                for record in &contents.units {
                    units.insert(record.unit.code.as_bytes(), encode(record))?;
                }
                for Revision { meta, document } in &contents.revisions {
                    let key = revision_key(&meta.unit, meta.year, meta.number);
                    metas.insert(key.clone(), encode(meta))?;
                    docs.insert(key, sled_docs::pack(document.as_bytes()))?;
                }
                for (key, head) in &heads {
                    put_head(heads_tree, key, head)?;
                }
                for token in &contents.tokens {
                    tokens.insert(token.hash.as_bytes(), encode(token))?;
                }
                for (index, entry) in contents.log.iter().enumerate() {
                    log.insert(&(index as u64).to_be_bytes(), entry.as_slice())?;
                }
                logmeta.insert(sled_log::SIZE, &(contents.log.len() as u64).to_be_bytes())?;
                if let Some(key) = &contents.log_key {
                    logmeta.insert(sled_log::KEY, key.as_bytes())?;
                }
                Ok(())
            });
            settle(result)?;
            t.cache.clear();
            t.flush()
        })
        .await
    }
}

/// The index entries that `revisions` imply: per unit-year the highest number, its hash and the
/// highest published number.
fn restored_heads(revisions: &[Revision]) -> std::collections::BTreeMap<Vec<u8>, Head> {
    let mut heads = std::collections::BTreeMap::new();
    for Revision { meta, .. } in revisions {
        let head = heads.entry(year_key(&meta.unit, meta.year)).or_insert(Head {
            latest: 0,
            latest_hash: meta.hash.clone(),
            latest_published: None,
        });
        if meta.number > head.latest {
            head.latest = meta.number;
            head.latest_hash = meta.hash.clone();
        }
        if meta.is_published() {
            head.latest_published = head.latest_published.max(Some(meta.number));
        }
    }
    heads
}
