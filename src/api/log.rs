//! The transparency log: its signed checkpoint, its entries, and inclusion and consistency
//! proofs, for readers who would rather ask than fetch the static tiles.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::ErrorBody;
use super::AppState;
use crate::domain::validate::Problem;
use crate::error::{Error, Result};
use crate::ledger::{self, Ledger};
use crate::site::log_files;
use crate::store::StoreError;
use crate::transparency::{hex_hashes, LogEntry};

/// Entries one request returns at most.
pub const MAX_ENTRIES: u64 = 1000;

fn bad(name: &str, message: String) -> Error {
    Error::BadParameter(Problem::new("", format!("query parameter `{name}` {message}")))
}

/// The tree size asked for in the query parameter `name`, at most the log's `size` (by default).
fn tree_size(name: &str, asked: Option<u64>, size: u64) -> Result<u64> {
    match asked {
        Some(n) if n > size => Err(bad(name, format!("must be at most the log's size ({size})"))),
        asked => Ok(asked.unwrap_or(size)),
    }
}

/// The log as of now, with the witnesses' cosignatures the site holds.
async fn ledger_and_checkpoint(state: &AppState) -> Result<(Ledger, String)> {
    let ledger = ledger::load(state.store.as_ref()).await?;
    let cosigned = state.site.as_ref().map(|s| log_files::cosignatures(s.root())).unwrap_or_default();
    let checkpoint = log_files::checkpoint_with(&ledger.signed_checkpoint(), &cosigned);
    Ok((ledger, checkpoint))
}

/// The log's state: its origin, size, root, public key and signed checkpoint.
#[derive(Debug, Serialize, ToSchema)]
pub struct LogState {
    /// The log's name, the first line of its checkpoints.
    #[schema(example = "disclose.local/log")]
    pub origin: String,
    /// Entries in the log.
    pub size: u64,
    /// The root hash of the tree of all entries (hex).
    pub root: String,
    /// The public key (a C2SP signed-note verifier key) that checks the checkpoints.
    pub vkey: String,
    /// The signed checkpoint (C2SP tlog-checkpoint) with any witness cosignatures.
    pub checkpoint: String,
}

/// The log's current checkpoint and public key.
#[utoipa::path(
    tag = "log",
    responses((status = 200, description = "The log's state", body = LogState), (status = 500, description = "The store failed", body = ErrorBody))
)]
#[get("/log")]
pub async fn log_state(state: web::Data<AppState>) -> Result<HttpResponse> {
    let (ledger, checkpoint) = ledger_and_checkpoint(&state).await?;
    let head = ledger.checkpoint();
    Ok(HttpResponse::Ok().json(LogState {
        origin: head.origin,
        size: head.size,
        root: hex::encode(head.root),
        vkey: ledger.vkey(),
        checkpoint,
    }))
}

/// The signed checkpoint as a C2SP signed note (what the site serves as `log/checkpoint`).
#[utoipa::path(
    tag = "log",
    responses((status = 200, description = "The signed checkpoint", body = String, content_type = "text/plain; charset=utf-8"), (status = 500, description = "The store failed", body = ErrorBody))
)]
#[get("/log/checkpoint")]
pub async fn log_checkpoint(state: web::Data<AppState>) -> Result<HttpResponse> {
    let (_, checkpoint) = ledger_and_checkpoint(&state).await?;
    Ok(HttpResponse::Ok().content_type("text/plain; charset=utf-8").body(checkpoint))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntriesQuery {
    /// The first index (from 0).
    #[serde(default)]
    pub start: u64,
    /// One past the last index; at most 1000 entries are returned.
    pub end: Option<u64>,
}

/// One entry with its index and leaf hash.
#[derive(Debug, Serialize, ToSchema)]
pub struct IndexedEntry {
    pub index: u64,
    pub entry: LogEntry,
    /// The entry exactly as logged: SHA-256(0x00 ‖ these bytes) is its leaf hash.
    pub raw: String,
    /// Its leaf hash (hex).
    pub leaf_hash: String,
}

/// Entries of the log, oldest first.
#[utoipa::path(
    tag = "log",
    params(EntriesQuery),
    responses(
        (status = 200, description = "The entries", body = Vec<IndexedEntry>),
        (status = 400, description = "Bad parameter", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    )
)]
#[get("/log/entries")]
pub async fn log_entries(query: web::Query<EntriesQuery>, state: web::Data<AppState>) -> Result<HttpResponse> {
    let size = state.store.log_size().await?;
    if query.end.is_some_and(|e| e < query.start) {
        return Err(bad("end", format!("must not be below start ({})", query.start)));
    }
    let end = query.end.unwrap_or(size).min(size).min(query.start.saturating_add(MAX_ENTRIES));
    let raw = state.store.log_entries(query.start, end).await?;
    let mut out = Vec::with_capacity(raw.len());
    for (i, bytes) in raw.into_iter().enumerate() {
        let entry = LogEntry::decode(&bytes)
            .map_err(|e| Error::Store(StoreError::Corrupt { what: "log entry", source: e.into() }))?;
        let leaf_hash = hex::encode(crate::transparency::merkle::leaf_hash(&bytes));
        out.push(IndexedEntry {
            index: query.start + i as u64,
            entry,
            raw: String::from_utf8_lossy(&bytes).into(),
            leaf_hash,
        });
    }
    Ok(HttpResponse::Ok().json(out))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InclusionQuery {
    /// The entry's index.
    pub index: u64,
    /// The tree size to prove against; the current size when omitted.
    pub tree_size: Option<u64>,
}

/// An inclusion proof (RFC 9162 2.1.3).
#[derive(Debug, Serialize, ToSchema)]
pub struct InclusionProof {
    pub index: u64,
    pub tree_size: u64,
    /// The root of the tree of `tree_size` entries (hex).
    pub root: String,
    /// The entry exactly as logged.
    pub entry: String,
    /// Sibling hashes, leaf side first (hex).
    pub proof: Vec<String>,
}

/// The proof that an entry is in the tree of a given size.
#[utoipa::path(
    tag = "log",
    params(InclusionQuery),
    responses(
        (status = 200, description = "The proof", body = InclusionProof),
        (status = 400, description = "Bad parameter (an index or size beyond the log)", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    )
)]
#[get("/log/proofs/inclusion")]
pub async fn inclusion_proof(query: web::Query<InclusionQuery>, state: web::Data<AppState>) -> Result<HttpResponse> {
    let ledger = ledger::load(state.store.as_ref()).await?;
    let tree_size = tree_size("tree_size", query.tree_size, ledger.log.size())?;
    let proof = ledger
        .log
        .inclusion(query.index, tree_size)
        .ok_or_else(|| bad("index", format!("must be below the tree size ({tree_size})")))?;
    Ok(HttpResponse::Ok().json(InclusionProof {
        index: query.index,
        tree_size,
        root: hex::encode(ledger.log.tree.root(tree_size as usize)),
        entry: String::from_utf8_lossy(&ledger.log.entries[query.index as usize]).into(),
        proof: hex_hashes(&proof),
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsistencyQuery {
    /// The older tree size (a checkpoint saved earlier).
    pub from: u64,
    /// The newer tree size; the current size when omitted.
    pub to: Option<u64>,
}

/// A consistency proof (RFC 9162 2.1.4).
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsistencyProof {
    pub from: u64,
    pub to: u64,
    pub from_root: String,
    pub to_root: String,
    /// The proof's hashes (hex).
    pub proof: Vec<String>,
}

/// The proof that the tree of `from` entries is a prefix of the tree of `to` entries.
#[utoipa::path(
    tag = "log",
    params(ConsistencyQuery),
    responses(
        (status = 200, description = "The proof", body = ConsistencyProof),
        (status = 400, description = "Bad parameter (sizes out of order or beyond the log)", body = ErrorBody),
        (status = 500, description = "The store failed", body = ErrorBody),
    )
)]
#[get("/log/proofs/consistency")]
pub async fn consistency_proof(
    query: web::Query<ConsistencyQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse> {
    let ledger = ledger::load(state.store.as_ref()).await?;
    let to = tree_size("to", query.to, ledger.log.size())?;
    let proof =
        ledger.log.consistency(query.from, to).ok_or_else(|| bad("from", format!("must be at most `to` ({to})")))?;
    let root = |n: u64| hex::encode(ledger.log.tree.root(n as usize));
    Ok(HttpResponse::Ok().json(ConsistencyProof {
        from: query.from,
        to,
        from_root: root(query.from),
        to_root: root(to),
        proof: hex_hashes(&proof),
    }))
}
