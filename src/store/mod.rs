//! Storage of units, revisions and tokens behind a small engine-neutral trait.
//!
//! The trait is async so that a networked engine can implement it directly; the embedded sled
//! engine runs its calls on the blocking thread pool, off the HTTP workers; the PostgreSQL engine
//! lets several processes share one store. Nothing of either engine appears in the signatures.

mod cache;
mod folder_lock;
mod open;
mod postgres;
mod publication_log;
mod sled_docs;
mod sled_keys;
mod sled_log;
mod sled_store;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::clock::Timestamp;
use crate::domain::{Snapshot, Unit, UnitCode};
use crate::integrity::Sha256;

pub use cache::{At, Document, DocumentCache};
pub use open::{open, open_with_cache, StoreSpec};
pub use postgres::{PostgresStore, MIGRATIONS};
pub use sled_store::{SledStore, DEFAULT_CACHE_BYTES};

/// A registered unit: its metadata and when it was registered and last changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UnitRecord {
    #[serde(flatten)]
    pub unit: Unit,
    /// RFC 3339 UTC time of registration.
    pub created_at: Timestamp,
    /// RFC 3339 UTC time of the last metadata change.
    pub updated_at: Timestamp,
}

impl UnitRecord {
    /// The unit's code; a stored one that is not a code means a damaged store.
    pub fn code(&self) -> StoreResult<UnitCode> {
        UnitCode::parse(self.unit.code.as_str())
            .map_err(|reason| StoreError::Corrupt { what: "unit code", source: reason.into() })
    }
}

/// The index entry of one unit-year: enough to list years without reading any document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct YearEntry {
    #[schema(example = 2021, minimum = 1949, maximum = 2100)]
    pub year: u16,
    /// Number of the latest revision.
    #[schema(minimum = 1)]
    pub latest_revision: u32,
    /// Hash of the latest revision.
    pub latest_hash: Sha256,
    /// Number of the latest (highest-numbered) published revision, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(minimum = 1)]
    pub latest_published_revision: Option<u32>,
}

/// What is known of a revision besides its document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RevisionMeta {
    pub unit: UnitCode,
    #[schema(example = 2021, minimum = 1949, maximum = 2100)]
    pub year: u16,
    /// 1 for the first submission of a unit-year, then n+1.
    #[schema(example = 1, minimum = 1)]
    pub number: u32,
    /// SHA-256 (lowercase hex) of the canonical JSON document.
    pub hash: Sha256,
    /// Hash of revision `number - 1`: the revisions of a unit-year form a hash chain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_hash: Option<Sha256>,
    /// RFC 3339 UTC time the revision was stored.
    pub created_at: Timestamp,
    /// The submitter's note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// RFC 3339 UTC time the revision was published (disclosed); absent while unpublished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_at: Option<Timestamp>,
}

impl RevisionMeta {
    pub fn is_published(&self) -> bool {
        self.published_at.is_some()
    }
}

/// A stored revision: its metadata and the canonical JSON whose hash it carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub meta: RevisionMeta,
    pub document: String,
}

impl Revision {
    /// The stored document as a snapshot (it was validated on the way in); one that does not
    /// parse means a damaged store.
    pub fn snapshot(&self) -> StoreResult<Snapshot> {
        serde_json::from_str(&self.document)
            .map_err(|e| StoreError::Corrupt { what: "snapshot document", source: Box::new(e) })
    }
}

/// A submission ready to be stored: already validated, canonicalized and hashed.
#[derive(Debug, Clone)]
pub struct NewRevision {
    /// The snapshot's unit, registered if the store does not know it yet.
    pub unit: Unit,
    /// Its code, parsed (the document's `unit.code`).
    pub code: UnitCode,
    pub year: u16,
    pub document: String,
    pub hash: Sha256,
    pub note: Option<String>,
    /// Store only if this holds of the latest revision (`If-Match`).
    pub precondition: Option<Precondition>,
    /// Publish it in the same transaction.
    pub publish: bool,
}

impl NewRevision {
    /// Whether the precondition holds when `current` is the latest revision's hash.
    pub fn may_follow(&self, current: Option<&Sha256>) -> bool {
        match &self.precondition {
            None => true,
            Some(Precondition::Exists) => current.is_some(),
            Some(Precondition::AnyOf(expected)) => current.is_some_and(|c| expected.contains(c)),
        }
    }

    /// Its metadata once stored as revision `number`, after `previous_hash`, at `now`.
    pub fn meta(&self, number: u32, previous_hash: Option<Sha256>, now: Timestamp) -> RevisionMeta {
        RevisionMeta {
            unit: self.code.clone(),
            year: self.year,
            number,
            hash: self.hash.clone(),
            previous_hash,
            created_at: now,
            note: self.note.clone(),
            published_at: self.publish.then_some(now),
        }
    }
}

/// What a writer expects of the latest revision of a unit-year (HTTP `If-Match`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Precondition {
    /// `If-Match: *`: some revision exists.
    Exists,
    /// `If-Match: "<hash>", ...`: the latest revision has one of these hashes.
    AnyOf(Vec<Sha256>),
}

/// Who a token lets write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "ScopeMembers")]
pub enum TokenScope {
    /// Every unit, and token management. (A struct variant, so that stray members such as
    /// `units` are refused rather than silently ignored.)
    Admin {},
    /// Only these units.
    Units {
        #[schema(min_items = 1)]
        units: Vec<UnitCode>,
    },
}

/// A scope as written, read as a plain object rather than through serde's internally tagged
/// enums: those buffer their content, which loses the JSON pointer of a bad unit code.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeMembers {
    kind: ScopeKind,
    units: Option<Vec<UnitCode>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ScopeKind {
    Admin,
    Units,
}

impl TryFrom<ScopeMembers> for TokenScope {
    type Error = &'static str;

    fn try_from(scope: ScopeMembers) -> Result<Self, Self::Error> {
        match (scope.kind, scope.units) {
            (ScopeKind::Admin, None) => Ok(TokenScope::Admin {}),
            (ScopeKind::Admin, Some(_)) => Err("an admin scope names no units (it allows every unit)"),
            (ScopeKind::Units, Some(units)) => Ok(TokenScope::Units { units }),
            (ScopeKind::Units, None) => Err("missing field `units`"),
        }
    }
}

impl TokenScope {
    pub fn allows_unit(&self, code: &UnitCode) -> bool {
        match self {
            TokenScope::Admin {} => true,
            TokenScope::Units { units } => units.iter().any(|u| u == code),
        }
    }
}

/// A token as stored: only the SHA-256 of the secret is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TokenRecord {
    /// SHA-256 of the bearer secret.
    pub hash: Sha256,
    pub scope: TokenScope,
    pub label: Option<String>,
    pub created_at: Timestamp,
    /// When the token was last accepted, to the minute ([`TOKEN_USE_RESOLUTION`]); absent if never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<Timestamp>,
}

/// Hex digits of a token's hash that name it in listings and revocation: enough to tell tokens
/// apart, too few to matter to anyone who sees them.
pub const TOKEN_ID_LEN: usize = 12;

/// How stale a token's recorded last use may get: one write per token per interval at most.
pub const TOKEN_USE_RESOLUTION: time::Duration = time::Duration::minutes(1);

impl TokenRecord {
    /// The token's public name: the first [`TOKEN_ID_LEN`] hex digits of its hash.
    pub fn id(&self) -> &str {
        &self.hash.as_str()[..TOKEN_ID_LEN]
    }

    /// Whether `hash` is this token's, compared in constant time.
    pub fn matches(&self, hash: &Sha256) -> bool {
        let (a, b) = (self.hash.as_str().as_bytes(), hash.as_str().as_bytes());
        a.len() == b.len() && std::hint::black_box(a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y))) == 0
    }

    /// Whether a use at `now` should be recorded: never recorded, or recorded over a minute ago.
    pub fn use_is_news(&self, now: Timestamp) -> bool {
        self.last_used_at.is_none_or(|last| now.utc() - last.utc() >= TOKEN_USE_RESOLUTION)
    }
}

/// Everything a store holds, as plain records: what a backup writes and a restore rebuilds.
/// The unit-year index is not part of it: it follows from the revisions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Contents {
    pub units: Vec<UnitRecord>,
    /// Every revision with its document exactly as stored.
    pub revisions: Vec<Revision>,
    pub tokens: Vec<TokenRecord>,
    /// The transparency log's entries in order, as written.
    pub log: Vec<Vec<u8>>,
    /// The log's signing key; a store restored without it creates a new one on first use.
    pub log_key: Option<String>,
}

/// Which revision of a unit-year a reader wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Which {
    /// The latest revision, published or not.
    Latest,
    /// The latest (highest-numbered) published revision: what the public sees.
    LatestPublished,
}

impl Which {
    /// From the API's `published` query flag.
    pub fn published_if(published: bool) -> Which {
        if published {
            Which::LatestPublished
        } else {
            Which::Latest
        }
    }
}

/// An engine's own error, kept whole as the cause without naming the engine in this trait.
pub type EngineError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// `If-Match` named a hash that is no longer the latest revision's.
    #[error("the latest revision is {current:?}, not the one expected")]
    Stale { current: Option<Sha256> },
    #[error("{0} not found")]
    NotFound(String),
    /// Another process (or another handle in this one) holds the store.
    #[error("the store in {} is in use by another process (is `disclose serve` running on it?)", path.display())]
    Locked {
        path: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot open the store in {}", path.display())]
    Open {
        path: std::path::PathBuf,
        #[source]
        source: EngineError,
    },
    /// The database named by a URL (shown without its password) cannot be reached or used.
    #[error("cannot connect to the database {target}")]
    Connect {
        target: String,
        #[source]
        source: EngineError,
    },
    /// The engine failed to read or write.
    #[error("storage failure")]
    Engine(#[source] EngineError),
    /// A stored record does not decode: the store was damaged or written by something else.
    #[error("corrupt {what} in the store")]
    Corrupt {
        what: &'static str,
        #[source]
        source: EngineError,
    },
    /// The store's records disagree with each other.
    #[error("inconsistent store: {0}")]
    Inconsistent(String),
    /// The blocking task that ran the engine call panicked or was cancelled.
    #[error("the storage task failed")]
    Task(#[from] tokio::task::JoinError),
}

pub type StoreResult<T> = Result<T, StoreError>;

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Creates or updates a unit's metadata; `true` when it was created.
    async fn put_unit(&self, unit: Unit, now: Timestamp) -> StoreResult<(UnitRecord, bool)>;
    async fn unit(&self, code: &UnitCode) -> StoreResult<Option<UnitRecord>>;
    /// All units, ordered by code.
    async fn units(&self) -> StoreResult<Vec<UnitRecord>>;
    /// Up to `limit` units ordered by code, from the first code after `after` (or the first).
    async fn units_page(&self, after: Option<&UnitCode>, limit: usize) -> StoreResult<Vec<UnitRecord>>;
    /// The unit's years in ascending order.
    async fn years(&self, code: &UnitCode) -> StoreResult<Vec<YearEntry>>;

    /// Stores revision n+1 of the unit-year atomically and durably, stamped with the time of
    /// the transaction so that numbers and times agree.
    async fn append_revision(&self, revision: NewRevision) -> StoreResult<RevisionMeta>;
    /// All revisions of a unit-year, oldest first.
    async fn revisions(&self, unit: &UnitCode, year: u16) -> StoreResult<Vec<RevisionMeta>>;
    /// Up to `limit` revisions of a unit-year numbered above `after`, oldest first.
    async fn revisions_page(
        &self,
        unit: &UnitCode,
        year: u16,
        after: u32,
        limit: usize,
    ) -> StoreResult<Vec<RevisionMeta>>;
    async fn revision(&self, unit: &UnitCode, year: u16, number: u32) -> StoreResult<Option<Revision>>;
    /// A revision's document as shared bytes, for serving: from memory when it was read lately.
    async fn document(&self, unit: &UnitCode, year: u16, at: At) -> StoreResult<Option<std::sync::Arc<Document>>>;
    /// The latest revision, or the latest published one.
    async fn latest(&self, unit: &UnitCode, year: u16, which: Which) -> StoreResult<Option<Revision>>;
    /// Marks a revision published (idempotent: publishing twice keeps the first time). A first
    /// publication appends its [`LogEntry`](crate::transparency::LogEntry) to the transparency
    /// log in the same transaction; so does `append_revision` with `publish`.
    async fn publish(&self, unit: &UnitCode, year: u16, number: u32, now: Timestamp) -> StoreResult<RevisionMeta>;
    /// A count of publications that other processes sharing the store also advance: a process
    /// polls it to rebuild its site after their publications. `None` for a store that no other
    /// process can write to.
    async fn publications(&self) -> StoreResult<Option<u64>> {
        Ok(None)
    }

    /// Entries in the transparency log.
    async fn log_size(&self) -> StoreResult<u64>;
    /// Entries `start..end` of the log (fewer when it is shorter), as written.
    async fn log_entries(&self, start: u64, end: u64) -> StoreResult<Vec<Vec<u8>>>;
    /// Logs the published revisions that have no entry (a store from before the log), oldest
    /// publication first, in one transaction; how many.
    async fn log_backfill(&self) -> StoreResult<u64>;
    /// The log's signing key (a signed-note private key): the one stored, or `candidate`,
    /// stored now, on first use.
    async fn log_key(&self, candidate: String) -> StoreResult<String>;

    async fn add_token(&self, token: TokenRecord) -> StoreResult<()>;
    /// The token whose hash is `hash`: found by its id, then compared in constant time.
    async fn token(&self, hash: &Sha256) -> StoreResult<Option<TokenRecord>>;
    async fn has_tokens(&self) -> StoreResult<bool>;
    /// Every token, ordered by id.
    async fn tokens(&self) -> StoreResult<Vec<TokenRecord>>;
    /// Deletes the tokens whose id is `id` (one, but for a collision) durably; the ones deleted.
    async fn revoke_token(&self, id: &str) -> StoreResult<Vec<TokenRecord>>;
    /// Records a use of the token at `now`, unless it was revoked meanwhile. Not flushed at once:
    /// a last use lost in a crash costs nothing.
    async fn touch_token(&self, hash: &Sha256, now: Timestamp) -> StoreResult<()>;
    /// Makes every write so far durable (on shutdown).
    async fn flush(&self) -> StoreResult<()>;
    /// Writes `contents` as they are (numbers, hashes, times, publication state) into an empty
    /// store in one transaction, with the index derived from the revisions; refuses a store that
    /// holds anything. The caller checks the records (hashes, chains) first.
    async fn restore(&self, contents: Contents) -> StoreResult<()>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(hash: &str, last_used_at: Option<Timestamp>) -> TokenRecord {
        let hash = Sha256::parse(hash).unwrap();
        TokenRecord { hash, scope: TokenScope::Admin {}, label: None, created_at: crate::clock::now(), last_used_at }
    }

    #[test]
    fn a_token_matches_only_its_whole_hash_and_is_named_by_its_first_digits() {
        let hash = Sha256::of(b"secret");
        let token = record(hash.as_str(), None);
        assert_eq!(token.id(), &hash.as_str()[..TOKEN_ID_LEN]);
        assert!(token.matches(&hash));
        let mut near = hash.as_str().to_string();
        near.replace_range(63.., if near.ends_with('0') { "1" } else { "0" });
        assert!(!token.matches(&Sha256::parse(&near).unwrap()));
    }

    #[test]
    fn a_use_is_recorded_at_most_once_a_minute() {
        let now = crate::clock::now();
        let at = |seconds: i64| Some(Timestamp::from(now.utc() - time::Duration::seconds(seconds)));
        let hash = Sha256::of(b"secret");
        assert!(record(hash.as_str(), None).use_is_news(now));
        assert!(!record(hash.as_str(), at(59)).use_is_news(now));
        assert!(record(hash.as_str(), at(60)).use_is_news(now));
    }
}
