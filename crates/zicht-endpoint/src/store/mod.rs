//! Storage behind one trait, so the HTTP side does not know which database it
//! talks to: SQLite (one file, the default) or PostgreSQL (several endpoint
//! processes on one shared database). Every backend keeps one row per
//! observation id, enforced by the database's unique key, and the body exactly
//! as it was received (a sealed body stays ciphertext).
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

pub mod postgres;
pub mod sqlite;

pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// The schema version this build writes. A database with a higher version
/// was written by a newer build: refused rather than misread.
pub const SCHEMA_VERSION: i64 = 1;

/// Most rows one `list_after` call returns (the reading API's maximum).
pub const MAX_PAGE: usize = 1000;

/// One stored observation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Position in arrival order; the reading API's cursor after this row.
    pub cursor: String,
    /// Arrival number, for the export (backend-assigned, increasing).
    pub seq: i64,
    pub id: String,
    pub receipt: String,
    pub body: String,
    pub received_at: String,
    pub token_name: Option<String>,
}

/// What the server hands to the store.
#[derive(Clone, Debug)]
pub struct NewObservation {
    pub id: String,
    /// The receipt used when this id is new; a repeat gets the stored one.
    pub receipt: String,
    pub body: String,
    pub received_at: String,
    pub token_name: Option<String>,
}

/// The result of storing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    pub receipt: String,
    /// `false` when this id was stored before (the receipt is the original).
    pub created: bool,
}

/// A page of the reading API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    pub rows: Vec<Row>,
    /// Cursor after the last row; `None` when the page is empty (nothing
    /// after the given cursor yet: ask again later with the same cursor).
    pub next: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The cursor was not made by this backend.
    BadCursor,
    /// The database cannot be reached or refused the statement. The text
    /// names the failure, never observation content.
    Unavailable(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::BadCursor => f.write_str("cursor not recognised"),
            StoreError::Unavailable(why) => write!(f, "database unavailable: {why}"),
        }
    }
}

impl std::error::Error for StoreError {}

pub type StoreResult<T> = Result<T, StoreError>;
/// Boxed so the trait stays object safe (`Arc<dyn Storage>`).
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = StoreResult<T>> + Send + 'a>>;

/// What the endpoint needs from a database.
pub trait Storage: Send + Sync {
    /// `"sqlite"` or `"postgres"`, for health and logs.
    fn kind(&self) -> &'static str;
    /// Stores the observation unless its id is there already; either way
    /// returns the receipt of the one stored row. Concurrent calls with one id
    /// (also from several processes on one database) store one row and all
    /// return the same receipt.
    fn store(&self, obs: NewObservation) -> StoreFuture<'_, Stored>;
    /// Up to `limit` rows (at most [`MAX_PAGE`]) after `after` (from the
    /// start when `None`), in arrival order. A row never appears before a row
    /// that arrived earlier, so a reader that follows `next` misses none.
    fn list_after(&self, after: Option<String>, limit: usize) -> StoreFuture<'_, Page>;
    fn find(&self, id: String) -> StoreFuture<'_, Option<Row>>;
    fn count(&self) -> StoreFuture<'_, i64>;
    /// A round trip to the database.
    fn ping(&self) -> StoreFuture<'_, ()>;
}

/// Which database, from the command line.
#[derive(Clone, PartialEq, Eq)]
pub enum Target {
    Sqlite(PathBuf),
    Postgres(String),
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl Target {
    /// For logs: the SQLite path, or the PostgreSQL host and database name
    /// without user or password.
    pub fn describe(&self) -> String {
        match self {
            Target::Sqlite(path) => format!("sqlite {}", path.display()),
            Target::Postgres(url) => format!("postgres {}", redact_url(url)),
        }
    }
}

/// `postgres://user:secret@host:5432/db?x=y` → `host:5432/db`.
pub fn redact_url(url: &str) -> String {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let rest = rest.rsplit_once('@').map(|(_, r)| r).unwrap_or(rest);
    rest.split('?').next().unwrap_or("").to_string()
}

/// Opens (and creates or migrates) the database.
pub async fn open(target: &Target) -> Result<Arc<dyn Storage>, String> {
    open_with(target, 4).await
}

/// As [`open`], with `pool_size` connections for PostgreSQL.
pub async fn open_with(target: &Target, pool_size: usize) -> Result<Arc<dyn Storage>, String> {
    match target {
        Target::Sqlite(path) => {
            let path = path.clone();
            let store = tokio::task::spawn_blocking(move || SqliteStore::open(&path))
                .await
                .map_err(|e| format!("cannot open database: {e}"))??;
            Ok(Arc::new(store))
        }
        Target::Postgres(url) => Ok(Arc::new(PostgresStore::connect(url, pool_size).await?)),
    }
}

/// Every row in arrival order, a page at a time.
pub async fn all(storage: &dyn Storage) -> StoreResult<Vec<Row>> {
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        let page = storage.list_after(after.clone(), MAX_PAGE).await?;
        let full = page.rows.len() == MAX_PAGE;
        rows.extend(page.rows);
        match page.next {
            Some(next) if full => after = Some(next),
            _ => return Ok(rows),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_credentials_in_logs() {
        assert_eq!(
            redact_url("postgres://zicht:s3cret@db.example:5432/zicht?sslmode=require"),
            "db.example:5432/zicht"
        );
        assert_eq!(
            redact_url("postgresql://localhost/zicht"),
            "localhost/zicht"
        );
        assert!(!Target::Postgres("postgres://u:pw@h/d".into())
            .describe()
            .contains("pw"));
    }
}
