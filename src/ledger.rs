//! The store's transparency log with its signing key: what the site, the API and the CLI sign
//! and prove with. The key is created on first use and kept in the store's folder.

use std::sync::Arc;

use crate::store::{Store, StoreError, StoreResult};
use crate::transparency::note::{Signer, ED25519};
use crate::transparency::{Checkpoint, Log, DEFAULT_ORIGIN};

#[derive(Clone)]
pub struct Ledger {
    pub signer: Signer,
    pub log: Log,
}

fn corrupt(e: crate::transparency::note::NoteError) -> StoreError {
    StoreError::Corrupt { what: "log key", source: Box::new(e) }
}

/// The log's signer: the stored key, or a new one named `origin` stored now.
pub async fn signer(store: &dyn Store, origin: Option<&str>) -> StoreResult<Signer> {
    let candidate = Signer::generate(origin.unwrap_or(DEFAULT_ORIGIN), ED25519).map_err(corrupt)?;
    Signer::parse(&store.log_key(candidate.skey()).await?).map_err(corrupt)
}

/// The whole log and its signer.
pub async fn load(store: &dyn Store) -> StoreResult<Ledger> {
    let signer = signer(store, None).await?;
    let size = store.log_size().await?;
    let log = Log::new(store.log_entries(0, size).await?);
    if log.size() != size {
        return Err(StoreError::Inconsistent(format!("the log has {} of its {size} entries", log.size())));
    }
    Ok(Ledger { signer, log })
}

/// Brings `ledger` up to the store's log, reading only the entries added since (and the last
/// one it knows, to see that the store's log still starts with it). A log that is shorter or
/// does not start with it is read whole again.
pub async fn refresh(store: &dyn Store, ledger: &mut Arc<Ledger>) -> StoreResult<()> {
    let (known, size) = (ledger.log.size(), store.log_size().await?);
    if size == known {
        return Ok(());
    }
    let overlap = known.saturating_sub(1);
    let mut entries = match size > known {
        true => store.log_entries(overlap, size).await?,
        false => Vec::new(),
    };
    let continues = known == 0 || entries.first() == ledger.log.entries.last();
    if size < known || !continues || entries.len() as u64 != size - overlap {
        *ledger = Arc::new(load(store).await?);
        return Ok(());
    }
    entries.drain(..(known - overlap) as usize);
    Arc::make_mut(ledger).log.append(entries);
    Ok(())
}

impl Ledger {
    pub fn checkpoint(&self) -> Checkpoint {
        self.log.checkpoint(&self.signer.name)
    }

    /// The signed checkpoint of the whole log.
    pub fn signed_checkpoint(&self) -> String {
        self.checkpoint().sign(&self.signer)
    }

    /// The `vkey` line that checks the log's checkpoints.
    pub fn vkey(&self) -> String {
        self.signer.verifier().vkey()
    }
}
