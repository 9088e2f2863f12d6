//! What can go wrong building the site. The site has its own error (the application's `Error`
//! wraps it), so that nothing in `site` depends on the layers above it.

use std::path::PathBuf;

use crate::domain::UnitCode;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// A file or folder of the site could not be used.
    #[error("cannot {action} {}", path.display())]
    File {
        /// What was tried: `read`, `write`, `move` ...
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The site root's templates do not load or a page does not render.
    #[error("{what}")]
    Template {
        what: String,
        #[source]
        source: tera::Error,
    },
    /// The site root's `config.toml` does not parse.
    #[error("the site's config.toml does not parse")]
    Config(#[source] toml::de::Error),
    /// The built site's `manifest.json` does not parse, so a partial rebuild cannot update it.
    #[error("the site's manifest.json does not parse")]
    Manifest(#[source] serde_json::Error),
    /// A rebuild was asked for a unit the store does not know.
    #[error("unit {0} is not in the store")]
    UnknownUnit(UnitCode),
    /// Reading the published revisions failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The blocking task that wrote the files panicked or was cancelled.
    #[error("the site build task failed")]
    Task(#[from] tokio::task::JoinError),
}

pub type Result<T, E = SiteError> = std::result::Result<T, E>;
