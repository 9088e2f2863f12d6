use std::net::TcpListener;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use disclose::domain::validate::Problem;
use disclose::error::Error;
use disclose::service::Publish;
use disclose::site::{manifest, Site};
use disclose::startup::LogFormat;
use disclose::store::{Store, TokenScope};
use disclose::store_commands::{
    backup_exit, copy, export, import_dump, migrate, open_store, open_store_with_cache, StoreArgs,
};
use disclose::{api, clock, examples, ledger, log_commands, service, startup, tokens};

#[derive(Parser)]
#[command(
    name = "disclose",
    version,
    about = "Publishes government budget-performance reports as checked, comparable, verifiable data",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    /// What to do; `serve` when omitted.
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
    /// How log lines on stderr are written: text (coloured only on a terminal) or json.
    #[arg(long, global = true, value_enum, env = "DISCLOSE_LOG_FORMAT", default_value_t = LogFormat::Text)]
    log_format: LogFormat,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API, Swagger UI and the data (the default).
    Serve(ServeArgs),
    /// Store snapshot files (request bodies of POST .../revisions) as new revisions.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        store: StoreArgs,
        /// Publish each imported revision.
        #[arg(long)]
        publish: bool,
        /// A note kept with each revision.
        #[arg(long)]
        note: Option<String>,
    },
    /// Manage bearer tokens on a store that is not being served.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Build the static disclosure site from the published revisions.
    Site {
        #[command(subcommand)]
        command: SiteCommand,
    },
    /// Check every file of a built site against its manifest.json; with --key also its
    /// transparency log: the signed checkpoint, the tiles, every page's inclusion proof.
    Verify {
        /// The folder holding manifest.json (e.g. site/public).
        #[arg(required_unless_present = "url", conflicts_with = "url")]
        dir: Option<PathBuf>,
        /// A served site (plain HTTP) instead of a folder: every file its manifest lists is fetched.
        #[arg(long)]
        url: Option<String>,
        /// The log's public key (the `vkey` line of `disclose log key` or the site's log/vkey).
        #[arg(long)]
        key: Option<String>,
        /// A witness's public key whose cosignature the checkpoint must carry (repeatable).
        #[arg(long = "witness-key", requires = "key")]
        witness_keys: Vec<String>,
        /// A checkpoint saved earlier: the log must only have grown since.
        #[arg(long, requires = "key")]
        since: Option<PathBuf>,
    },
    /// The transparency log's keys.
    Log {
        #[command(subcommand)]
        command: LogCommand,
    },
    /// Witness a log: check that its checkpoint extends the last one cosigned, then cosign it.
    Witness {
        /// The site serving the log: a folder (holding log/checkpoint) or a plain-HTTP URL.
        #[arg(long)]
        log: String,
        /// The witness's private key file (from `disclose log witness-key`).
        #[arg(long)]
        key: PathBuf,
        /// The witness's state folder: the log's key and the last checkpoint cosigned.
        #[arg(long)]
        state: PathBuf,
        /// The log's public key; by default the one seen first (trusted on first use).
        #[arg(long)]
        log_key: Option<String>,
    },
    /// Write every unit, revision, publication and token hash of a store that is not being
    /// served into the folder OUT (JSON Lines and a manifest of their SHA-256).
    Export {
        out: PathBuf,
        #[command(flatten)]
        store: StoreArgs,
        /// Replace a complete dump already in OUT.
        #[arg(long)]
        force: bool,
    },
    /// Rebuild a store from a dump written by `export`, into an empty data folder.
    ImportDump {
        dump: PathBuf,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Copy every unit, revision, publication and token hash of one store into an empty other,
    /// checking every document's hash and every chain on the way (e.g. sled into PostgreSQL).
    Copy {
        /// A sled folder or a postgres:// URL.
        #[arg(long)]
        from: String,
        /// An empty (or absent) sled folder, or a postgres:// URL of an empty database.
        #[arg(long)]
        to: String,
    },
    /// Create or upgrade the PostgreSQL schema (`serve` also does it on start).
    Migrate {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Print the OpenAPI document.
    Openapi,
}

#[derive(Subcommand)]
enum LogCommand {
    /// Print the log's public key (a `vkey` line), creating the key on first use.
    Key {
        #[command(flatten)]
        store: StoreArgs,
        /// The log's name (origin) when the key is created now, e.g. budget.example.gov.cn/log.
        #[arg(long)]
        origin: Option<String>,
    },
    /// Create a witness key: prints the private key line (keep it) and, on stderr, its vkey.
    WitnessKey { name: String },
}

#[derive(Subcommand)]
enum SiteCommand {
    /// Write a Zola site root (config, templates, static, content/) and render it to public/.
    Build {
        #[command(flatten)]
        store: StoreArgs,
        /// The site root to write (content/ and public/ inside it are replaced).
        #[arg(long, default_value = "site")]
        out: PathBuf,
    },
}

#[derive(clap::Args)]
struct ServeArgs {
    #[command(flatten)]
    store: StoreArgs,
    /// Address to listen on.
    #[arg(long, env = "DISCLOSE_BIND", default_value = "127.0.0.1:8080")]
    bind: String,
    /// Do not import the bundled sample reports into an empty store.
    #[arg(long)]
    no_examples: bool,
    /// Largest accepted request body in bytes.
    #[arg(long, env = "DISCLOSE_BODY_LIMIT", default_value_t = api::body::DEFAULT_LIMIT)]
    body_limit: usize,
    /// The site root to build on start, serve at / and rebuild on publication.
    #[arg(long, env = "DISCLOSE_SITE", default_value = "site")]
    site: PathBuf,
    /// Seconds a request body may take to arrive (408 after).
    #[arg(long, env = "DISCLOSE_BODY_TIMEOUT", default_value_t = api::body::DEFAULT_TIMEOUT_SECS)]
    body_timeout: u64,
    /// Request bodies read at once on the server (429 beyond).
    #[arg(long, env = "DISCLOSE_UPLOADS", default_value_t = api::body::DEFAULT_UPLOADS)]
    uploads: usize,
    /// Request bodies read at once with one token (429 beyond).
    #[arg(long, env = "DISCLOSE_UPLOADS_PER_TOKEN", default_value_t = api::body::DEFAULT_UPLOADS_PER_TOKEN)]
    uploads_per_token: usize,
    /// Open connections at most; by default half the open-file limit, less a reserve.
    #[arg(long, env = "DISCLOSE_MAX_CONNECTIONS")]
    max_connections: Option<usize>,
    /// Seconds requests in flight get to finish after SIGTERM or SIGINT.
    #[arg(long, env = "DISCLOSE_SHUTDOWN_TIMEOUT", default_value_t = startup::DEFAULT_SHUTDOWN_TIMEOUT_SECS)]
    shutdown_timeout: u64,
    /// Memory for caches in MiB: three quarters for the store (sled's page cache, hot documents),
    /// a quarter for the server (gzipped documents, site files).
    #[arg(long, env = "DISCLOSE_CACHE_MB", default_value_t = startup::DEFAULT_CACHE_MB)]
    cache_mb: usize,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create a token and print it once: admin, or scoped with --unit.
    Create {
        /// Limit the token to this unit (repeat for several); without it the token is admin.
        #[arg(long = "unit")]
        units: Vec<String>,
        /// Who or what the token is for.
        #[arg(long)]
        label: Option<String>,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// List the tokens: id, scope, created, last used, label (never a secret).
    List {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Revoke the token with this id (as `token list` shows it).
    Revoke {
        id: String,
        #[command(flatten)]
        store: StoreArgs,
    },
}

fn report(error: &Error) {
    eprintln!("error: {}", error.chain());
    let problems: Vec<_> = match error {
        Error::Invalid(problems) => problems.iter().collect(),
        Error::Malformed(problem) | Error::BadParameter(problem) => vec![problem],
        _ => Vec::new(),
    };
    for problem in problems {
        let at = if problem.pointer.is_root() { "(document)" } else { problem.pointer.as_str() };
        eprintln!("  {at}: {}", problem.message);
    }
}

/// Tells the operator something on stdout; a closed stdout must not stop the server.
fn say(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}").and_then(|_| out.flush());
}

async fn serve(args: ServeArgs) -> Result<(), Error> {
    let cache_bytes = args.cache_mb.max(1) << 20;
    let store = open_store_with_cache(&args.store, cache_bytes / 4 * 3).await?;
    if !args.no_examples && store.units().await?.is_empty() {
        for (name, body) in examples::BUNDLED {
            let note = Some("bundled example".into());
            let meta = service::import(store.as_ref(), body.as_bytes(), note, Publish::Now).await?;
            say(&format!(
                "Imported the sample report {name} as {} {} revision {} (published).",
                meta.unit, meta.year, meta.number
            ));
        }
    }
    if !store.has_tokens().await? {
        let issued = tokens::issue(TokenScope::Admin {}, Some("first start".into()), clock::now());
        store.add_token(issued.record).await?;
        say(&format!("Created an admin token. It is shown only this once; keep it safe:\n\n    {}\n", issued.secret));
    }
    adopt_earlier_publications(store.as_ref()).await?;
    let site = Arc::new(Site::new(&args.site));
    // Read before the build, so that a publication during it is rebuilt for.
    let publications = store.publications().await?;
    // What is already built from what the store publishes is not built again.
    let built = site.start(store.as_ref()).await?;
    let done = if built.written == 0 { "The disclosure site is up to date" } else { "Built the disclosure site" };
    let log = ledger::load(store.as_ref()).await?;
    say(&format!("Transparency log: {} entries, public key {}", log.log.size(), log.vkey()));
    say(&format!(
        "{done} in {} ({} files, manifest root {}).",
        site.public_dir().display(),
        built.files,
        built.root_hash
    ));
    let listen_error = |address: &str| {
        let address = address.to_string();
        move |source| Error::Listen { address, source }
    };
    let listener = TcpListener::bind(&args.bind).map_err(listen_error(&args.bind))?;
    let address = listener.local_addr().map(|a| a.to_string()).unwrap_or(args.bind);
    say(&format!(
        "disclose is serving the data in {} on http://{address}/\n  \
         Site:       http://{address}/\n  \
         API:        http://{address}/api/v1/units\n  \
         Swagger UI: http://{address}/swagger-ui/",
        args.store.spec()
    ));
    let fits = startup::connections_for_open_files();
    let max_connections = match args.max_connections {
        Some(wanted) if wanted > fits => {
            tracing::warn!(wanted, fits, "--max-connections is above what the open-file limit allows; using {fits}");
            fits
        }
        Some(wanted) => wanted,
        None => fits,
    };
    if let Some(seen) = publications {
        startup::follow_publications(store.clone(), site.clone(), seen);
    }
    let settings = startup::Settings {
        body_limit: args.body_limit,
        site: Some(site),
        body_timeout: std::time::Duration::from_secs(args.body_timeout.max(1)),
        uploads: args.uploads,
        uploads_per_token: args.uploads_per_token,
        max_connections,
        shutdown_timeout: std::time::Duration::from_secs(args.shutdown_timeout),
        cache_bytes: cache_bytes / 4,
        ..startup::Settings::default()
    };
    let server = startup::run(listener, store.clone(), settings).map_err(listen_error(&address))?;
    startup::stop_on_signals(server.handle());
    server.await.map_err(listen_error(&address))?;
    store.flush().await?;
    say(&format!("disclose stopped; the store in {} is flushed.", args.store.spec()));
    Ok(())
}

async fn import(files: Vec<PathBuf>, store: StoreArgs, publish: Publish, note: Option<String>) -> Result<(), Error> {
    let store = open_store(&store).await?;
    let note = service::check_note(note)?;
    for file in files {
        let body = std::fs::read(&file).map_err(|source| Error::File { action: "read", path: file.clone(), source })?;
        let meta = service::import(store.as_ref(), &body, note.clone(), publish)
            .await
            .inspect_err(|_| eprintln!("{}: not imported", file.display()))?;
        let state = if meta.is_published() { "published" } else { "not published" };
        println!(
            "{}: {} {} revision {} ({state}) sha256 {}",
            file.display(),
            meta.unit,
            meta.year,
            meta.number,
            meta.hash
        );
    }
    Ok(())
}

async fn create_token(units: Vec<String>, label: Option<String>, store: StoreArgs) -> Result<(), Error> {
    let scope = tokens::scope_of(units).map_err(Error::Invalid)?;
    let label = service::check_note(label)?;
    let store = open_store(&store).await?;
    let issued = tokens::issue(scope, label, clock::now());
    store.add_token(issued.record).await?;
    println!("{}", issued.secret);
    Ok(())
}

fn scope_text(scope: &TokenScope) -> String {
    match scope {
        TokenScope::Admin {} => "admin".into(),
        TokenScope::Units { units } => {
            format!("units:{}", units.iter().map(|u| u.as_str()).collect::<Vec<_>>().join(","))
        }
    }
}

async fn list_tokens(store: StoreArgs) -> Result<(), Error> {
    let store = open_store(&store).await?;
    let mut records = store.tokens().await?;
    records.sort_by(|a, b| (a.created_at, a.id()).cmp(&(b.created_at, b.id())));
    println!("{:<12}  {:<24}  {:<24}  {:<24}  LABEL", "ID", "SCOPE", "CREATED", "LAST USED");
    for record in records {
        let last_used = record.last_used_at.map_or_else(|| "never".to_string(), |t| t.to_string());
        let scope = scope_text(&record.scope);
        let label = record.label.as_deref().unwrap_or("");
        println!("{:<12}  {scope:<24}  {:<24}  {last_used:<24}  {label}", record.id(), record.created_at.to_string());
    }
    Ok(())
}

async fn revoke_token(id: String, store: StoreArgs) -> Result<(), Error> {
    let id = api::tokens::parse_id(&id).map_err(|m| Error::BadParameter(Problem::new("", format!("ID {m}"))))?;
    let store = open_store(&store).await?;
    let revoked = store.revoke_token(id).await?;
    if revoked.is_empty() {
        return Err(Error::NotFound(format!("token {id}")));
    }
    for record in revoked {
        println!("Revoked token {} ({}).", record.id(), scope_text(&record.scope));
    }
    Ok(())
}

/// Logs the publications of a store written before the transparency log existed.
async fn adopt_earlier_publications(store: &dyn Store) -> Result<(), Error> {
    let adopted = store.log_backfill().await?;
    if adopted > 0 {
        say(&format!("Logged {adopted} publication(s) made before this store had a transparency log."));
    }
    Ok(())
}

async fn build_site(store: StoreArgs, out: PathBuf) -> Result<(), Error> {
    let store = open_store(&store).await?;
    adopt_earlier_publications(store.as_ref()).await?;
    let site = Site::new(&out);
    let built = site.build(store.as_ref()).await?;
    println!(
        "Built {} ({} files listed in {}, root {}).",
        site.public_dir().display(),
        built.files,
        site.public_dir().join(manifest::FILE).display(),
        built.root_hash
    );
    Ok(())
}

async fn log_key(store: StoreArgs, origin: Option<String>) -> Result<(), Error> {
    let store = open_store(&store).await?;
    let signer = ledger::signer(store.as_ref(), origin.as_deref()).await?;
    println!("{}", signer.verifier().vkey());
    Ok(())
}

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    // Kept to the end of `main`: dropping it writes the last log lines.
    let _logs = startup::init_logging(cli.log_format);
    let result = match cli.command.unwrap_or(Command::Serve(cli.serve)) {
        Command::Serve(args) => serve(args).await,
        Command::Import { files, store, publish, note } => {
            let publish = if publish { Publish::Now } else { Publish::Later };
            import(files, store, publish, note).await
        }
        Command::Token { command: TokenCommand::Create { units, label, store } } => {
            create_token(units, label, store).await
        }
        Command::Token { command: TokenCommand::List { store } } => list_tokens(store).await,
        Command::Token { command: TokenCommand::Revoke { id, store } } => revoke_token(id, store).await,
        Command::Site { command: SiteCommand::Build { store, out } } => build_site(store, out).await,
        Command::Verify { dir, url, key, witness_keys, since } => {
            let source = url.unwrap_or_else(|| dir.unwrap_or_default().display().to_string());
            return match log_commands::local(&source).await {
                Ok((dir, _download)) => log_commands::verify(&dir, &source, key, witness_keys, since),
                Err(error) => log_commands::text_exit(Err(error)),
            };
        }
        Command::Log { command: LogCommand::Key { store, origin } } => log_key(store, origin).await,
        Command::Log { command: LogCommand::WitnessKey { name } } => {
            return log_commands::text_exit(log_commands::new_witness_key(&name).map(|(skey, vkey)| {
                eprintln!("{vkey}");
                skey
            }))
        }
        Command::Witness { log, key, state, log_key } => {
            let now = clock::now().utc().unix_timestamp().max(0) as u64;
            let cosigned = match log_commands::local(&log).await {
                Ok((dir, _download)) => log_commands::witness(&dir, &key, &state, log_key.as_deref(), now),
                Err(error) => Err(error),
            };
            return log_commands::text_exit(cosigned);
        }
        Command::Export { store, out, force } => return backup_exit(export(store, out, force).await),
        Command::ImportDump { dump, store } => return backup_exit(import_dump(dump, store).await),
        Command::Copy { from, to } => return backup_exit(copy(&from, &to).await),
        Command::Migrate { store } => migrate(store).await,
        Command::Openapi => {
            print!("{}", api::openapi_json());
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&error);
            ExitCode::FAILURE
        }
    }
}
