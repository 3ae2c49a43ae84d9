//! One conformance suite for every storage backend: SQLite (a file) and
//! PostgreSQL (a throw-away cluster this test starts and stops). Then what
//! only a shared database can show: several endpoint processes on one
//! PostgreSQL, the same id posted to two at once stored once with one
//! receipt, a reader never skipping a row that commits late, and health
//! when the database goes away.
mod common;
use common::pg::Cluster;
use common::*;
use std::collections::HashSet;
use std::future::Future;
use zicht_endpoint::store::{self, NewObservation, StoreError};
use zicht_endpoint::Target;

const CONFIG: &str = r#"
[[readers]]
name = "shop"
token = "reader-0123456789abcdef"
"#;
const READER: (&str, &str) = ("Authorization", "Bearer reader-0123456789abcdef");

fn block_on<T>(f: impl Future<Output = T>) -> T {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(f)
}

fn new_obs(id: &str, receipt: &str, body: &str) -> NewObservation {
    NewObservation {
        id: id.to_string(),
        receipt: receipt.to_string(),
        body: body.to_string(),
        received_at: "2026-12-01T10:00:00.000Z".to_string(),
        token_name: Some("team".to_string()),
    }
}

/// The suite: every check on a fresh, empty database from `fresh`;
/// `make_newer` marks a database as written by a future schema version.
fn suite(fresh: &dyn Fn() -> Target, make_newer: &dyn Fn(&Target)) {
    store_or_get_existing(fresh());
    concurrent_repeats_store_one_row(fresh());
    list_after_follows_arrival_order(fresh());
    schema_versions(fresh(), make_newer);
    http_exactly_once_and_reading(fresh());
}

fn store_or_get_existing(target: Target) {
    block_on(async {
        let s = store::open(&target).await.expect("open");
        s.ping().await.expect("ping");
        let id = uuid(1);
        // Stored untouched: spacing, key order, escapes and non-ASCII as sent.
        let body = "{ \"id\" : \"x\",\"é\":\"\\u00e9 ✓\",\n\"z\":1 }";
        let first = s
            .store(new_obs(&id, "zr-first", body))
            .await
            .expect("store");
        assert!(first.created);
        assert_eq!(first.receipt, "zr-first");
        let again = s
            .store(new_obs(&id, "zr-second", "{\"other\":true}"))
            .await
            .expect("store again");
        assert!(!again.created, "a repeat is not created");
        assert_eq!(
            again.receipt, "zr-first",
            "a repeat gets the original receipt"
        );
        let row = s.find(id.clone()).await.expect("find").expect("row");
        assert_eq!(row.body, body, "body kept byte for byte");
        assert_eq!(row.receipt, "zr-first");
        assert_eq!(row.token_name.as_deref(), Some("team"));
        assert_eq!(row.received_at, "2026-12-01T10:00:00.000Z");
        assert_eq!(s.count().await.expect("count"), 1);
        assert_eq!(s.find(uuid(2)).await.expect("find"), None);
        let other = s
            .store(new_obs(&uuid(2), "zr-third", "{}"))
            .await
            .expect("store");
        assert!(other.created);
        assert_eq!(s.count().await.expect("count"), 2);
    });
}

fn concurrent_repeats_store_one_row(target: Target) {
    block_on(async {
        let s = store::open(&target).await.expect("open");
        let id = uuid(50);
        let tasks: Vec<_> = (0..50)
            .map(|n| {
                let s = s.clone();
                let id = id.clone();
                tokio::spawn(
                    async move { s.store(new_obs(&id, &format!("zr-{n:03}"), "{}")).await },
                )
            })
            .collect();
        let mut created = 0;
        let mut receipts = HashSet::new();
        for t in tasks {
            let stored = t.await.expect("task").expect("store");
            created += usize::from(stored.created);
            receipts.insert(stored.receipt);
        }
        assert_eq!(created, 1);
        assert_eq!(receipts.len(), 1, "{receipts:?}");
        assert_eq!(s.count().await.expect("count"), 1);
    });
}

fn list_after_follows_arrival_order(target: Target) {
    block_on(async {
        let s = store::open(&target).await.expect("open");
        let empty = s.list_after(None, 10).await.expect("list");
        assert!(empty.rows.is_empty());
        assert_eq!(empty.next, None);
        // Arrival order, not id order.
        let ids: Vec<String> = (0..25u64).map(|n| uuid((n * 37) % 25 + 100)).collect();
        for (n, id) in ids.iter().enumerate() {
            s.store(new_obs(id, &format!("zr-{n}"), &format!("{{\"n\":{n}}}")))
                .await
                .expect("store");
        }
        let mut seen = Vec::new();
        let mut after = None;
        for _ in 0..10 {
            let page = s.list_after(after.clone(), 10).await.expect("list");
            if page.rows.is_empty() {
                assert_eq!(page.next, None);
                break;
            }
            assert!(page.rows.len() <= 10);
            assert_eq!(
                page.next.as_deref(),
                page.rows.last().map(|r| r.cursor.as_str())
            );
            seen.extend(page.rows.iter().map(|r| r.id.clone()));
            after = page.next;
        }
        assert_eq!(seen, ids);
        let all = store::all(s.as_ref()).await.expect("all");
        assert_eq!(all.len(), 25);
        assert!(all.windows(2).all(|w| w[0].seq < w[1].seq), "seq increases");
        assert_eq!(
            s.list_after(None, 5_000).await.expect("list").rows.len(),
            25,
            "limit is clamped, not refused"
        );
        for bad in ["abc", "x.y", "-1", "1.2.3"] {
            assert_eq!(
                s.list_after(Some(bad.into()), 10).await,
                Err(StoreError::BadCursor),
                "{bad}"
            );
        }
    });
}

fn schema_versions(target: Target, make_newer: &dyn Fn(&Target)) {
    block_on(async {
        let s = store::open(&target).await.expect("open");
        s.store(new_obs(&uuid(7), "zr-7", "{}"))
            .await
            .expect("store");
    });
    // Opening again keeps the data (the migration is idempotent).
    block_on(async {
        let s = store::open(&target).await.expect("reopen");
        assert_eq!(s.count().await.expect("count"), 1);
    });
    make_newer(&target);
    let refused = block_on(store::open(&target));
    match refused {
        Err(e) => assert!(e.contains("newer"), "{e}"),
        Ok(_) => panic!("a database of a newer schema version must be refused"),
    }
}

fn http_exactly_once_and_reading(target: Target) {
    let srv = TestServer::start_on(target, config(CONFIG));
    let id = uuid(5_000);
    let body = observation(&id).to_string();
    fifty_parallel_posts_of_one_id(srv.addr, &id, &body);
    assert_eq!(srv.rows(), 1);
    let r = request(srv.addr, "GET", "/v1/observations", &[READER], b"").expect("read");
    assert_eq!(r.status, 200);
    let text = String::from_utf8_lossy(&r.body).to_string();
    assert!(text.contains(&format!("\"body\":{body}")), "{text}");
    let h = request(srv.addr, "GET", "/v1/health", &[], b"").expect("health");
    assert_eq!(h.json()["database"]["reachable"], true);
    let kind = match srv.target {
        Target::Sqlite(_) => "sqlite",
        Target::Postgres(_) => "postgres",
    };
    assert_eq!(h.json()["database"]["kind"], kind);
}

#[test]
fn sqlite_backend_conforms() {
    let dir = TempDir::new("conformance");
    let n = std::sync::atomic::AtomicU64::new(0);
    suite(
        &|| {
            let k = n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Target::Sqlite(dir.0.join(format!("db{k}.sqlite")))
        },
        &|target| {
            let Target::Sqlite(path) = target else {
                unreachable!("sqlite suite")
            };
            let conn = rusqlite::Connection::open(path).expect("open");
            conn.pragma_update(None, "user_version", 2).expect("bump");
        },
    );
}

#[test]
fn postgres_backend_conforms_and_instances_share_one_database() {
    let mut cluster = Cluster::start();
    suite(&|| Target::Postgres(cluster.fresh_database()), &|target| {
        let Target::Postgres(url) = target else {
            unreachable!("postgres suite")
        };
        cluster.execute(url, "UPDATE zicht_schema SET version = 2");
    });
    let url = cluster.fresh_database();
    two_instances_store_each_id_once(&url);
    reader_waits_for_a_transaction_that_commits_late(&cluster.fresh_database());
    health_when_the_database_is_gone(&mut cluster);
}

/// Two endpoint processes (each its own pool) on one database.
fn two_instances_store_each_id_once(url: &str) {
    let a = TestServer::start_on(Target::Postgres(url.into()), config(CONFIG));
    let b = TestServer::start_on(Target::Postgres(url.into()), config(CONFIG));
    let ids: Vec<String> = (0..30u64).map(|n| uuid(9_000 + n)).collect();
    for id in &ids {
        let body = observation(id).to_string();
        let answers = post_at_once(&[a.addr, b.addr], id, &body);
        let mut statuses: Vec<u16> = answers.iter().map(|r| r.status).collect();
        statuses.sort_unstable();
        assert_eq!(statuses, vec![200, 201], "{id}");
        assert_eq!(
            answers[0].json()["receipt"],
            answers[1].json()["receipt"],
            "{id}: both instances answer with the same receipt"
        );
    }
    assert_eq!(a.rows(), 30);
    // Both instances read the same rows in the same order.
    let read = |srv: &TestServer| -> Vec<String> {
        let r = request(
            srv.addr,
            "GET",
            "/v1/observations?limit=1000",
            &[READER],
            b"",
        )
        .expect("read");
        r.json()["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i["id"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let from_a = read(&a);
    assert_eq!(from_a.len(), 30);
    assert_eq!(from_a, read(&b));
    assert_eq!(
        from_a.iter().collect::<HashSet<_>>(),
        ids.iter().collect::<HashSet<_>>()
    );
}

/// A row whose transaction began earlier but commits later must not be
/// skipped by a reader that already read past a later row.
fn reader_waits_for_a_transaction_that_commits_late(url: &str) {
    block_on(async {
        let s = store::open(&Target::Postgres(url.into()))
            .await
            .expect("open");
        s.store(new_obs(&uuid(1), "zr-1", "{}"))
            .await
            .expect("store");
        let (slow, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .expect("connect");
        let task = tokio::spawn(connection);
        slow.batch_execute(&format!(
            "BEGIN; INSERT INTO observations (id, receipt, body, received_at) VALUES ('{}', 'zr-2', '{{}}', 'now')",
            uuid(2)
        ))
        .await
        .expect("open transaction");
        s.store(new_obs(&uuid(3), "zr-3", "{}"))
            .await
            .expect("store");
        let page = s.list_after(None, 100).await.expect("list");
        let ids: Vec<&str> = page.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![uuid(1).as_str()],
            "rows after the open transaction wait"
        );
        let cursor = page.next.expect("cursor");
        slow.batch_execute("COMMIT").await.expect("commit");
        let page = s.list_after(Some(cursor), 100).await.expect("list");
        let ids: Vec<&str> = page.rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            vec![uuid(2).as_str(), uuid(3).as_str()],
            "none skipped"
        );
        drop(slow);
        let _ = task.await;
    });
}

fn health_when_the_database_is_gone(cluster: &mut Cluster) {
    let srv = TestServer::start_on(Target::Postgres(cluster.fresh_database()), config(CONFIG));
    let r = request(srv.addr, "GET", "/v1/health", &[], b"").expect("health");
    assert_eq!(r.status, 200);
    cluster.stop();
    let r = request(srv.addr, "GET", "/v1/health", &[], b"").expect("health");
    assert_eq!(r.status, 503);
    assert_eq!(r.json()["database"]["reachable"], false);
    let id = uuid(31);
    let r = post_json(srv.addr, &id, &observation(&id).to_string(), &[]).expect("post");
    assert_eq!(r.status, 503, "try again later; nothing is lost");
    assert!(r.header("retry-after").is_some());
}
