use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

use disclose::domain::validate::Problem;
use disclose::error::Error;
use disclose::service::Publish;
use disclose::site::{manifest, Site};
use disclose::startup::LogFormat;
use disclose::store::{PostgresStore, Store, StoreSpec, TokenScope, MIGRATIONS};
use disclose::{api, backup, clock, examples, service, startup, tokens};

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
    /// Check every file of a built site against its manifest.json.
    Verify {
        /// The folder holding manifest.json (e.g. site/public).
        dir: PathBuf,
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

/// Which store a command uses: `--store` names a PostgreSQL database, else sled in `--data`.
#[derive(clap::Args)]
struct StoreArgs {
    /// Folder of the embedded store (when --store is not given).
    #[arg(long, env = "DISCLOSE_DATA", default_value = "data")]
    data: PathBuf,
    /// A PostgreSQL database (postgres://user:password@host/db) shared by every process, or a folder.
    #[arg(long, env = "DISCLOSE_STORE")]
    store: Option<String>,
}

impl StoreArgs {
    fn spec(&self) -> StoreSpec {
        StoreSpec::or_folder(self.store.as_deref(), &self.data)
    }
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

async fn open_store(store: &StoreArgs) -> Result<Arc<dyn Store>, Error> {
    let spec = store.spec();
    if let StoreSpec::Sled(data) = &spec {
        std::fs::create_dir_all(data).map_err(|source| Error::File { action: "create", path: data.clone(), source })?;
    }
    Ok(disclose::store::open(&spec).await?)
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
    let store = open_store(&args.store).await?;
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
    let site = Arc::new(Site::new(&args.site));
    // Read before the build, so that a publication during it is rebuilt for.
    let publications = store.publications().await?;
    let built = site.build(store.as_ref()).await?;
    say(&format!(
        "Built the disclosure site in {} ({} files, manifest root {}).",
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

async fn build_site(store: StoreArgs, out: PathBuf) -> Result<(), Error> {
    let store = open_store(&store).await?;
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

async fn export(store: StoreArgs, out: PathBuf, force: bool) -> Result<(), backup::DumpError> {
    let spec = store.spec();
    if let StoreSpec::Sled(data) = &spec {
        if !data.is_dir() {
            let source = std::io::Error::new(std::io::ErrorKind::NotFound, "no such folder");
            return Err(backup::DumpError::File { action: "open", path: data.clone(), source });
        }
    }
    let store = disclose::store::open(&spec).await?;
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

async fn import_dump(dump: PathBuf, store: StoreArgs) -> Result<(), backup::DumpError> {
    let spec = store.spec();
    if let StoreSpec::Sled(data) = &spec {
        backup::check_empty(data)?;
    }
    let contents = backup::read(&dump)?;
    let (units, revisions, tokens) = (contents.units.len(), contents.revisions.len(), contents.tokens.len());
    disclose::store::open(&spec).await?.restore(contents).await?;
    println!(
        "Imported {units} unit(s), {revisions} revision(s) and {tokens} token(s) from {} into {spec}.",
        dump.display()
    );
    Ok(())
}

async fn copy(from: &str, to: &str) -> Result<(), backup::DumpError> {
    let (from, to) = (StoreSpec::parse(from), StoreSpec::parse(to));
    if let StoreSpec::Sled(data) = &to {
        backup::check_empty(data)?;
    }
    let source = disclose::store::open(&from).await?;
    let target = disclose::store::open(&to).await?;
    let done = backup::copy(source.as_ref(), target.as_ref()).await?;
    target.flush().await?;
    println!(
        "Copied {} unit(s), {} revision(s) and {} token(s) from {from} to {to}; every hash checked.",
        done.units, done.revisions, done.tokens
    );
    Ok(())
}

async fn migrate(store: StoreArgs) -> Result<(), Error> {
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
fn backup_exit(result: Result<(), backup::DumpError>) -> ExitCode {
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

fn verify(dir: &Path) -> ExitCode {
    match manifest::verify(dir) {
        Ok(problems) if problems.is_empty() => {
            println!("{}: every file matches manifest.json", dir.display());
            ExitCode::SUCCESS
        }
        Ok(problems) => {
            for problem in &problems {
                println!("{problem}");
            }
            eprintln!("{}: {} problem(s)", dir.display(), problems.len());
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

#[actix_web::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    startup::init_logging(cli.log_format);
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
        Command::Verify { dir } => return verify(&dir),
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
