//! What can go wrong building the site besides files (those are `Error::File`).

/// A site that cannot be built as asked.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
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
}
