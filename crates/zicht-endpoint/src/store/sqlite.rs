//! SQLite: one file, one row per observation id, the body kept as received.
//! One connection behind a mutex: SQLite has one writer at a time anyway, and
//! with a single writer the arrival number (`seq`) is also the commit order,
//! so the reading cursor can never skip a row.
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::{
    NewObservation, Page, Row, Storage, StoreError, StoreFuture, StoreResult, Stored, MAX_PAGE,
    SCHEMA_VERSION,
};

pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteStore {
    pub fn open(path: &Path) -> Result<SqliteStore, String> {
        let conn =
            open(path).map_err(|e| format!("cannot open database {}: {e}", path.display()))?;
        Ok(SqliteStore::from_connection(conn))
    }

    pub fn from_connection(conn: Connection) -> SqliteStore {
        SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
        }
    }

    /// Runs `f` on the connection in the blocking pool.
    fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T> + Send + 'static,
    ) -> StoreFuture<'_, T> {
        let conn = self.conn.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || {
                let mut conn = conn.lock().unwrap_or_else(|p| p.into_inner());
                f(&mut conn)
            })
            .await
            .map_err(|e| StoreError::Unavailable(format!("storage task failed: {e}")))?
            .map_err(unavailable)
        })
    }
}

fn unavailable(e: rusqlite::Error) -> StoreError {
    StoreError::Unavailable(format!("sqlite: {e}"))
}

impl Storage for SqliteStore {
    fn kind(&self) -> &'static str {
        "sqlite"
    }

    fn store(&self, obs: NewObservation) -> StoreFuture<'_, Stored> {
        self.with(move |conn| store(conn, &obs))
    }

    fn list_after(&self, after: Option<String>, limit: usize) -> StoreFuture<'_, Page> {
        let after = match after.as_deref().map(parse_cursor) {
            None => 0,
            Some(Ok(seq)) => seq,
            Some(Err(e)) => return Box::pin(async move { Err(e) }),
        };
        let limit = limit.clamp(1, MAX_PAGE);
        self.with(move |conn| {
            let rows = list_after(conn, after, limit as i64)?;
            let next = rows.last().map(|r| r.cursor.clone());
            Ok(Page { rows, next })
        })
    }

    fn find(&self, id: String) -> StoreFuture<'_, Option<Row>> {
        self.with(move |conn| find(conn, &id))
    }

    fn count(&self) -> StoreFuture<'_, i64> {
        self.with(|conn| count(conn))
    }

    fn ping(&self) -> StoreFuture<'_, ()> {
        self.with(|conn| conn.query_row("SELECT 1", [], |_| Ok(())))
    }
}

fn parse_cursor(text: &str) -> StoreResult<i64> {
    match text.parse::<i64>() {
        Ok(seq) if seq >= 0 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(seq),
        _ => Err(StoreError::BadCursor),
    }
}

/// Opens the file (created when missing) and brings its schema to
/// [`SCHEMA_VERSION`] (`PRAGMA user_version`).
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    // WAL lets an export read while the server writes; busy_timeout covers a
    // second process (export) holding a lock briefly.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "schema version {version} is newer than this build's ({SCHEMA_VERSION}); use a newer zicht-endpoint"
        )));
    }
    // Version 0 is a new file or one written before versioning, with the
    // same table: creating it if missing is the whole migration to 1.
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS observations (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            id          TEXT NOT NULL UNIQUE,
            receipt     TEXT NOT NULL UNIQUE,
            body        TEXT NOT NULL,
            received_at TEXT NOT NULL,
            token_name  TEXT
        );",
    )?;
    if version < SCHEMA_VERSION {
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    }
    Ok(conn)
}

/// The schema version of an open database.
pub fn schema_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// The insert and the read happen in one immediate transaction on one
/// connection, so concurrent repeats of one id all get the same receipt and
/// exactly one row exists.
pub fn store(conn: &mut Connection, obs: &NewObservation) -> rusqlite::Result<Stored> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let inserted = tx.execute(
        "INSERT INTO observations (id, receipt, body, received_at, token_name)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO NOTHING",
        params![
            obs.id,
            obs.receipt,
            obs.body,
            obs.received_at,
            obs.token_name
        ],
    )?;
    let receipt: String = tx.query_row(
        "SELECT receipt FROM observations WHERE id = ?1",
        params![obs.id],
        |r| r.get(0),
    )?;
    tx.commit()?;
    Ok(Stored {
        receipt,
        created: inserted == 1,
    })
}

pub fn count(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM observations", [], |r| r.get(0))
}

const COLUMNS: &str = "seq, id, receipt, body, received_at, token_name";

pub fn find(conn: &Connection, id: &str) -> rusqlite::Result<Option<Row>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM observations WHERE id = ?1"),
        params![id],
        row_of,
    )
    .optional()
}

/// `limit` -1: no limit.
pub fn list_after(conn: &Connection, after: i64, limit: i64) -> rusqlite::Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM observations WHERE seq > ?1 ORDER BY seq LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![after, limit], row_of)?;
    rows.collect()
}

pub fn all(conn: &Connection) -> rusqlite::Result<Vec<Row>> {
    list_after(conn, 0, -1)
}

fn row_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let seq: i64 = r.get(0)?;
    Ok(Row {
        cursor: seq.to_string(),
        seq,
        id: r.get(1)?,
        receipt: r.get(2)?,
        body: r.get(3)?,
        received_at: r.get(4)?,
        token_name: r.get(5)?,
    })
}
