//! SQLite storage: one row per observation id, the body kept as received.
use rusqlite::{params, Connection, OptionalExtension};
use std::path::Path;

/// One stored observation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub seq: i64,
    pub id: String,
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

pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    // WAL lets an export read while the server writes; busy_timeout covers a
    // second process (export) holding a lock briefly.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
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
    Ok(conn)
}

/// Stores the observation unless its id is there already; either way returns
/// the receipt of the stored row. The insert and the read happen in one
/// transaction on one connection, so concurrent repeats of one id all get the
/// same receipt and exactly one row exists.
pub fn store(
    conn: &mut Connection,
    id: &str,
    new_receipt: &str,
    body: &str,
    received_at: &str,
    token_name: Option<&str>,
) -> rusqlite::Result<Stored> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let inserted = tx.execute(
        "INSERT INTO observations (id, receipt, body, received_at, token_name)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO NOTHING",
        params![id, new_receipt, body, received_at, token_name],
    )?;
    let receipt: String = tx.query_row(
        "SELECT receipt FROM observations WHERE id = ?1",
        params![id],
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

pub fn find(conn: &Connection, id: &str) -> rusqlite::Result<Option<Row>> {
    conn.query_row(
        "SELECT seq, id, receipt, body, received_at, token_name FROM observations WHERE id = ?1",
        params![id],
        row_of,
    )
    .optional()
}

pub fn all(conn: &Connection) -> rusqlite::Result<Vec<Row>> {
    let mut stmt = conn.prepare(
        "SELECT seq, id, receipt, body, received_at, token_name FROM observations ORDER BY seq",
    )?;
    let rows = stmt.query_map([], row_of)?;
    rows.collect()
}

fn row_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        seq: r.get(0)?,
        id: r.get(1)?,
        receipt: r.get(2)?,
        body: r.get(3)?,
        received_at: r.get(4)?,
        token_name: r.get(5)?,
    })
}
