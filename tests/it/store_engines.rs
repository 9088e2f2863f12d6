//! The engines the store tests run on: sled in a temporary folder, and PostgreSQL in a fresh
//! database per test (created from `DISCLOSE_TEST_POSTGRES`, dropped after), so that tests run in
//! parallel. Without that variable the PostgreSQL half says it was skipped, except under CI, where
//! it fails.

use std::io::Write;
use std::sync::Arc;

use disclose::store::{PostgresStore, SledStore, Store};

/// Where the PostgreSQL tests create their databases: a URL whose user may CREATE DATABASE.
pub const POSTGRES_ENV: &str = "DISCLOSE_TEST_POSTGRES";

/// A store's home that outlives the handles opened on it.
pub enum Engine {
    Sled(tempfile::TempDir),
    Postgres(TestDb),
}

impl Engine {
    pub fn sled() -> Engine {
        Engine::Sled(tempfile::tempdir().unwrap())
    }

    /// A fresh database, or `None` (said on stderr) when no server is configured outside CI.
    pub async fn postgres(test: &str) -> Option<Engine> {
        TestDb::create(test).await.map(Engine::Postgres)
    }

    /// A handle on the store (sled: drop the previous one first, it holds the folder's lock).
    pub async fn open(&self) -> Arc<dyn Store> {
        match self {
            Engine::Sled(dir) => Arc::new(SledStore::open(dir.path()).unwrap()),
            Engine::Postgres(db) => Arc::new(PostgresStore::connect(&db.url).await.unwrap()),
        }
    }

    /// What `--store` takes to name this store.
    pub fn spec(&self) -> String {
        match self {
            Engine::Sled(dir) => dir.path().display().to_string(),
            Engine::Postgres(db) => db.url.clone(),
        }
    }
}

/// A database of its own for one test, dropped (with its connections) when the test ends.
pub struct TestDb {
    pub url: String,
    server: String,
    name: String,
}

impl TestDb {
    pub async fn create(test: &str) -> Option<TestDb> {
        let Ok(server) = std::env::var(POSTGRES_ENV) else {
            assert!(std::env::var_os("CI").is_none(), "CI must set {POSTGRES_ENV} and start PostgreSQL (.ci/run)");
            // Straight to stderr, past the test harness's capture, so that a skip is seen.
            let _ = writeln!(std::io::stderr(), "{test}: skipped on PostgreSQL ({POSTGRES_ENV} is not set)");
            return None;
        };
        let name =
            format!("disclose_t_{}_{:08x}", test.chars().take(30).collect::<String>(), getrandom::u32().unwrap());
        let (client, connection) = tokio_postgres::connect(&server, tokio_postgres::NoTls)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL at {POSTGRES_ENV} is unreachable: {e}"));
        tokio::spawn(connection);
        client.batch_execute(&format!("CREATE DATABASE {name}")).await.unwrap();
        // The same server and credentials, another database: the URL's path is the database.
        let base = server.rsplit_once('/').map_or(server.as_str(), |(base, _)| base);
        Some(TestDb { url: format!("{base}/{name}"), server, name })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let (server, name) = (self.server.clone(), self.name.clone());
        // Drop runs inside the test's runtime: a thread of its own may block on another.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            runtime.block_on(async {
                let (client, connection) = tokio_postgres::connect(&server, tokio_postgres::NoTls).await?;
                tokio::spawn(connection);
                client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await
            })
        });
        if let Ok(Err(e)) = dropped.join() {
            eprintln!("could not drop the test database {}: {e}", self.name);
        }
    }
}

/// Runs each listed `async fn(Engine)` of the calling module on both engines, as `sled::name` and
/// `postgres::name`.
macro_rules! on_both_engines {
    ($($test:ident),* $(,)?) => {
        mod sled {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $test() {
                    super::$test($crate::store_engines::Engine::sled()).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $test() {
                    if let Some(engine) = $crate::store_engines::Engine::postgres(stringify!($test)).await {
                        super::$test(engine).await;
                    }
                }
            )*
        }
    };
}
pub(crate) use on_both_engines;
