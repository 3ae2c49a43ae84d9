//! PostgreSQL: one database shared by several endpoint processes. The unique
//! key on `id` and `INSERT … ON CONFLICT DO NOTHING` make the database the
//! one place that decides whether an id is new, whichever process asks.
//!
//! Arrival order across processes: `seq` is handed out when a row is
//! inserted, but transactions commit in any order, so a reader that had read
//! up to seq 10 could later see seq 9 appear. Each row therefore records the
//! id of its transaction (`tx`, `pg_current_xact_id()`), and the reading API
//! only returns rows whose transaction is older than every transaction still
//! running (`pg_snapshot_xmin`): those can no longer be joined by an earlier
//! one. The cursor is `(tx, seq)`. A long-running transaction on the database
//! delays reading (not storing) until it ends.
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use std::time::Duration;
use tokio_postgres::NoTls;

use super::{
    NewObservation, Page, Row, Storage, StoreError, StoreFuture, StoreResult, Stored, MAX_PAGE,
    SCHEMA_VERSION,
};

/// Any fixed number: the advisory lock that serialises schema migrations
/// when several processes start at once.
const MIGRATION_LOCK: i64 = 0x7a69_6368_7400_0001;
const WAIT: Duration = Duration::from_secs(5);

pub struct PostgresStore {
    pool: Pool,
}

fn unavailable(e: tokio_postgres::Error) -> StoreError {
    // The server's message and SQLSTATE, not its DETAIL (which can quote
    // values, such as an id).
    let text = match e.as_db_error() {
        Some(db) => format!("postgres {}: {}", db.code().code(), db.message()),
        None => format!("postgres: {e}"),
    };
    StoreError::Unavailable(text)
}

fn pool_error(e: deadpool_postgres::PoolError) -> StoreError {
    match e {
        deadpool_postgres::PoolError::Backend(e) => unavailable(e),
        other => StoreError::Unavailable(format!("postgres pool: {other}")),
    }
}

impl PostgresStore {
    /// Connects (failing within seconds when the database is not there) and
    /// brings the schema to [`SCHEMA_VERSION`].
    pub async fn connect(url: &str, pool_size: usize) -> Result<PostgresStore, String> {
        let mut config: tokio_postgres::Config = url
            .parse()
            .map_err(|e| format!("--database-url is not a PostgreSQL URL: {e}"))?;
        config.connect_timeout(WAIT);
        if config.get_application_name().is_none() {
            config.application_name("zicht-endpoint");
        }
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(pool_size.max(1))
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(WAIT))
            .create_timeout(Some(WAIT))
            .recycle_timeout(Some(WAIT))
            .build()
            .map_err(|e| format!("cannot set up the connection pool: {e}"))?;
        let store = PostgresStore { pool };
        store
            .migrate()
            .await
            .map_err(|e| format!("cannot prepare the database: {e}"))?;
        Ok(store)
    }

    async fn migrate(&self) -> StoreResult<()> {
        let mut client = self.pool.get().await.map_err(pool_error)?;
        let tx = client.transaction().await.map_err(unavailable)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await
            .map_err(unavailable)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS zicht_schema (version BIGINT NOT NULL);
             CREATE TABLE IF NOT EXISTS observations (
                 seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                 id          TEXT NOT NULL UNIQUE,
                 receipt     TEXT NOT NULL UNIQUE,
                 body        TEXT NOT NULL,
                 received_at TEXT NOT NULL,
                 token_name  TEXT,
                 tx          xid8 NOT NULL DEFAULT pg_current_xact_id()
             );
             CREATE INDEX IF NOT EXISTS observations_arrival ON observations (tx, seq);",
        )
        .await
        .map_err(unavailable)?;
        let version: Option<i64> = tx
            .query_opt("SELECT max(version) FROM zicht_schema", &[])
            .await
            .map_err(unavailable)?
            .and_then(|row| row.get(0));
        match version {
            Some(v) if v > SCHEMA_VERSION => {
                return Err(StoreError::Unavailable(format!(
                    "schema version {v} is newer than this build's ({SCHEMA_VERSION}); use a newer zicht-endpoint"
                )))
            }
            Some(v) if v == SCHEMA_VERSION => {}
            _ => {
                tx.execute("DELETE FROM zicht_schema", &[])
                    .await
                    .map_err(unavailable)?;
                tx.execute(
                    "INSERT INTO zicht_schema (version) VALUES ($1)",
                    &[&SCHEMA_VERSION],
                )
                .await
                .map_err(unavailable)?;
            }
        }
        tx.commit().await.map_err(unavailable)
    }

    /// The schema version recorded in the database.
    pub async fn schema_version(&self) -> StoreResult<i64> {
        let client = self.pool.get().await.map_err(pool_error)?;
        let row = client
            .query_one("SELECT max(version) FROM zicht_schema", &[])
            .await
            .map_err(unavailable)?;
        Ok(row.get::<_, Option<i64>>(0).unwrap_or(0))
    }
}

const COLUMNS: &str = "seq, id, receipt, body, received_at, token_name, tx::text";

fn row_of(r: &tokio_postgres::Row) -> Result<Row, tokio_postgres::Error> {
    let seq: i64 = r.try_get(0)?;
    let tx: String = r.try_get(6)?;
    Ok(Row {
        cursor: format!("{tx}.{seq}"),
        seq,
        id: r.try_get(1)?,
        receipt: r.try_get(2)?,
        body: r.try_get(3)?,
        received_at: r.try_get(4)?,
        token_name: r.try_get(5)?,
    })
}

/// `"<tx>.<seq>"` as this backend writes it.
fn parse_cursor(text: &str) -> StoreResult<(String, i64)> {
    let (tx, seq) = text.split_once('.').ok_or(StoreError::BadCursor)?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(tx) || !digits(seq) {
        return Err(StoreError::BadCursor);
    }
    let seq = seq.parse::<i64>().map_err(|_| StoreError::BadCursor)?;
    Ok((tx.to_string(), seq))
}

impl Storage for PostgresStore {
    fn kind(&self) -> &'static str {
        "postgres"
    }

    fn store(&self, obs: NewObservation) -> StoreFuture<'_, Stored> {
        Box::pin(async move {
            let client = self.pool.get().await.map_err(pool_error)?;
            let insert = client
                .prepare_cached(
                    "INSERT INTO observations (id, receipt, body, received_at, token_name)
                     VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (id) DO NOTHING
                     RETURNING receipt",
                )
                .await
                .map_err(unavailable)?;
            let inserted = client
                .query_opt(
                    &insert,
                    &[
                        &obs.id,
                        &obs.receipt,
                        &obs.body,
                        &obs.received_at,
                        &obs.token_name,
                    ],
                )
                .await
                .map_err(unavailable)?;
            if let Some(row) = inserted {
                return Ok(Stored {
                    receipt: row.try_get(0).map_err(unavailable)?,
                    created: true,
                });
            }
            // Not inserted: the id is there, committed (ON CONFLICT waited for
            // a concurrent insert of it to finish). A new statement has a new
            // snapshot and sees it.
            let select = client
                .prepare_cached("SELECT receipt FROM observations WHERE id = $1")
                .await
                .map_err(unavailable)?;
            let row = client
                .query_opt(&select, &[&obs.id])
                .await
                .map_err(unavailable)?
                .ok_or_else(|| {
                    StoreError::Unavailable("postgres: conflicting row not found".into())
                })?;
            Ok(Stored {
                receipt: row.try_get(0).map_err(unavailable)?,
                created: false,
            })
        })
    }

    fn list_after(&self, after: Option<String>, limit: usize) -> StoreFuture<'_, Page> {
        Box::pin(async move {
            let (tx, seq) = match after.as_deref() {
                None => ("0".to_string(), 0),
                Some(text) => parse_cursor(text)?,
            };
            let limit = limit.clamp(1, MAX_PAGE) as i64;
            let client = self.pool.get().await.map_err(pool_error)?;
            let stmt = client
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM observations
                     WHERE (tx, seq) > ($1::text::xid8, $2::bigint)
                       AND tx < pg_snapshot_xmin(pg_current_snapshot())
                     ORDER BY tx, seq
                     LIMIT $3::bigint"
                ))
                .await
                .map_err(unavailable)?;
            let rows = client
                .query(&stmt, &[&tx, &seq, &limit])
                .await
                .map_err(unavailable)?
                .iter()
                .map(row_of)
                .collect::<Result<Vec<Row>, _>>()
                .map_err(unavailable)?;
            let next = rows.last().map(|r| r.cursor.clone());
            Ok(Page { rows, next })
        })
    }

    fn find(&self, id: String) -> StoreFuture<'_, Option<Row>> {
        Box::pin(async move {
            let client = self.pool.get().await.map_err(pool_error)?;
            let row = client
                .query_opt(
                    &format!("SELECT {COLUMNS} FROM observations WHERE id = $1"),
                    &[&id],
                )
                .await
                .map_err(unavailable)?;
            row.as_ref().map(row_of).transpose().map_err(unavailable)
        })
    }

    fn count(&self) -> StoreFuture<'_, i64> {
        Box::pin(async move {
            let client = self.pool.get().await.map_err(pool_error)?;
            let row = client
                .query_one("SELECT count(*) FROM observations", &[])
                .await
                .map_err(unavailable)?;
            row.try_get(0).map_err(unavailable)
        })
    }

    fn ping(&self) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let client = self.pool.get().await.map_err(pool_error)?;
            client.simple_query("SELECT 1").await.map_err(unavailable)?;
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_are_tx_dot_seq() {
        assert_eq!(parse_cursor("812.5"), Ok(("812".to_string(), 5)));
        for bad in [
            "",
            "5",
            "a.5",
            "5.",
            ".5",
            "1.2.3",
            "-1.5",
            "99999999999999999999.1",
        ] {
            assert_eq!(parse_cursor(bad), Err(StoreError::BadCursor), "{bad}");
        }
    }
}
