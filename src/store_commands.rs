//! The commands that move a store or its schema: `export`, `import-dump`, `copy`, `migrate`,
//! and the `--store` / `--data` arguments every command that opens a store takes.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use crate::backup;
use crate::error::Error;
use crate::store::{PostgresStore, Store, StoreSpec, MIGRATIONS};

/// Which store a command uses: `--store` names a PostgreSQL database, else sled in `--data`.
#[derive(clap::Args)]
pub struct StoreArgs {
    /// Folder of the embedded store (when --store is not given).
    #[arg(long, env = "DISCLOSE_DATA", default_value = "data")]
    pub data: PathBuf,
    /// A PostgreSQL database (postgres://user:password@host/db) shared by every process, or a folder.
    #[arg(long, env = "DISCLOSE_STORE")]
    pub store: Option<String>,
}

impl StoreArgs {
    pub fn spec(&self) -> StoreSpec {
        StoreSpec::or_folder(self.store.as_deref(), &self.data)
    }
}

/// Opens the store named: a sled folder is created if missing (and named if it cannot be).
pub async fn open_store(store: &StoreArgs) -> Result<Arc<dyn Store>, Error> {
    open_store_with_cache(store, crate::store::DEFAULT_CACHE_BYTES).await
}

/// [`open_store`] with `cache_bytes` for sled's caches.
pub async fn open_store_with_cache(store: &StoreArgs, cache_bytes: usize) -> Result<Arc<dyn Store>, Error> {
    let spec = store.spec();
    if let StoreSpec::Sled(data) = &spec {
        std::fs::create_dir_all(data).map_err(|source| Error::File { action: "create", path: data.clone(), source })?;
    }
    Ok(crate::store::open_with_cache(&spec, cache_bytes).await?)
}

pub async fn export(store: StoreArgs, out: PathBuf, force: bool) -> Result<(), backup::DumpError> {
    let spec = store.spec();
    if let StoreSpec::Sled(data) = &spec {
        if !data.is_dir() {
            let source = std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder");
            return Err(backup::DumpError::File { action: "open", path: data.clone(), source });
        }
    }
    let store = crate::store::open(&spec).await?;
    let done = backup::export(store.as_ref(), &out, force).await?;
    println!(
        "Exported {} unit(s), {} revision(s) and {} token(s) from {spec} to {}.",
        done.units,
        done.revisions,
        done.tokens,
        out.display()
    );
    Ok(())
}

pub async fn import_dump(dump: PathBuf, store: StoreArgs) -> Result<(), backup::DumpError> {
    let spec = store.spec();
    if let StoreSpec::Sled(data) = &spec {
        backup::check_empty(data)?;
    }
    let contents = backup::read(&dump)?;
    let (units, revisions, tokens) = (contents.units.len(), contents.revisions.len(), contents.tokens.len());
    crate::store::open(&spec).await?.restore(contents).await?;
    println!(
        "Imported {units} unit(s), {revisions} revision(s) and {tokens} token(s) from {} into {spec}.",
        dump.display()
    );
    Ok(())
}

pub async fn copy(from: &str, to: &str) -> Result<(), backup::DumpError> {
    let (from, to) = (StoreSpec::parse(from), StoreSpec::parse(to));
    if let StoreSpec::Sled(data) = &to {
        backup::check_empty(data)?;
    }
    let source = crate::store::open(&from).await?;
    let target = crate::store::open(&to).await?;
    let done = backup::copy(source.as_ref(), target.as_ref()).await?;
    target.flush().await?;
    println!(
        "Copied {} unit(s), {} revision(s) and {} token(s) from {from} to {to}; every hash checked.",
        done.units, done.revisions, done.tokens
    );
    Ok(())
}

pub async fn migrate(store: StoreArgs) -> Result<(), Error> {
    let StoreSpec::Postgres(url) = store.spec() else {
        println!("The sled store needs no migration.");
        return Ok(());
    };
    let applied = PostgresStore::without_migrating(&url)?.migrate().await?;
    let newest = MIGRATIONS.last().map_or(0, |m| m.0);
    match applied.as_slice() {
        [] => println!("The database is at schema version {newest}; nothing to do."),
        versions => println!("Applied migration(s) {versions:?}; the database is at schema version {newest}."),
    }
    Ok(())
}

/// The exit of a backup command: its error and causes on stderr.
pub fn backup_exit(result: Result<(), backup::DumpError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let mut text = error.to_string();
            let mut cause = std::error::Error::source(&error);
            while let Some(error) = cause {
                text = format!("{text}: {error}");
                cause = error.source();
            }
            eprintln!("error: {text}");
            ExitCode::FAILURE
        }
    }
}
