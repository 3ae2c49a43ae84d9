//! IdbStore in a real browser: every conformance case of zicht-core, plus
//! what only IndexedDB can get wrong (reopening, versions, deletion).
//! Run with scripts/test-wasm (headless chromium).
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::IdbDatabase;
use zicht_core::observation::Draft;
use zicht_core::store::{
    conformance, Bucket, ObservationStore, StoreError, StoredObservation, SCHEMA_VERSION,
};
use zicht_idb::{is_unavailable, IdbStore, MIGRATIONS};

wasm_bindgen_test_configure!(run_in_browser);

/// A database name no other test uses.
fn unique(label: &str) -> String {
    let salt = (js_sys::Math::random() * 1e12) as u64;
    format!("zicht-test-{label}-{salt}")
}

async fn fresh(label: &str) -> IdbStore {
    IdbStore::open(&unique(label))
        .await
        .expect("a fresh database opens")
}

async fn finish(store: IdbStore) {
    store.delete().await.expect("the test database is deleted");
}

/// Opens `name` at `version` with plain JS and returns the connection, which
/// does not close itself on `versionchange` (as an old or foreign tab might).
async fn raw_open(name: &str, version: u32) -> IdbDatabase {
    let open = Function::new_with_args(
        "name, version",
        "return new Promise((resolve, reject) => {
            const r = indexedDB.open(name, version);
            r.onupgradeneeded = () => r.result.createObjectStore('from_the_future');
            r.onsuccess = () => resolve(r.result);
            r.onerror = () => reject(r.error);
        });",
    );
    let promise: Promise = open
        .call2(
            &JsValue::NULL,
            &JsValue::from_str(name),
            &JsValue::from(version),
        )
        .expect("open call")
        .dyn_into()
        .expect("a promise");
    JsFuture::from(promise)
        .await
        .expect("raw open succeeds")
        .dyn_into()
        .expect("an IDBDatabase")
}

macro_rules! conformance_cases {
    ($($case:ident),* $(,)?) => {
        $(
            #[wasm_bindgen_test]
            async fn $case() {
                let store = fresh(stringify!($case)).await;
                let result = conformance::$case(&store).await;
                finish(store).await;
                if let Err(why) = result {
                    panic!("{}: {why}", stringify!($case));
                }
            }
        )*

        /// Fails when zicht-core gains a conformance case this file does not run.
        #[wasm_bindgen_test]
        fn every_conformance_case_runs() {
            assert_eq!(conformance::CASES.as_slice(), [$(stringify!($case)),*].as_slice());
        }
    };
}

conformance_cases!(
    put_get_round_trip,
    list_is_oldest_first,
    delete_removes_one,
    clear_counts_and_empties,
    drafts_round_trip,
    sent_is_read_only,
    practice_and_real_are_separate,
    count_unsent,
    reports_schema_version,
);

#[wasm_bindgen_test]
async fn run_all_passes() {
    let mut names = Vec::new();
    let result = conformance::run_all(|| {
        let name = unique("run-all");
        names.push(name.clone());
        async move { IdbStore::open(&name).await.expect("opens") }
    })
    .await;
    for name in names {
        IdbStore::delete_database(&name)
            .await
            .expect("test database deleted");
    }
    if let Err(why) = result {
        panic!("{why}");
    }
}

#[wasm_bindgen_test]
async fn reopening_after_drop_keeps_data() {
    let name = unique("reopen");
    let real = StoredObservation::new(
        conformance::sample(1, "2026-03-01T10:00:00Z", false),
        "2026-03-01T10:00:00Z",
    );
    let practice = StoredObservation::new(
        conformance::sample(2, "2026-03-01T09:00:00Z", true),
        "2026-03-01T09:00:00Z",
    );
    let draft = Draft {
        note: "nog niet af".into(),
        ..Draft::default()
    };
    {
        let store = IdbStore::open(&name).await.expect("opens");
        store.put(Bucket::Real, real.clone()).await.expect("put");
        store
            .put(Bucket::Practice, practice.clone())
            .await
            .expect("put practice");
        store
            .put_draft(Bucket::Real, "form", &draft)
            .await
            .expect("put draft");
    }
    let store = IdbStore::open(&name).await.expect("reopens");
    assert_eq!(store.list(Bucket::Real).await.expect("list"), vec![real]);
    assert_eq!(
        store.list(Bucket::Practice).await.expect("list"),
        vec![practice]
    );
    assert_eq!(
        store.get_draft(Bucket::Real, "form").await.expect("draft"),
        Some(draft)
    );
    assert_eq!(store.count_unsent(Bucket::Real).await.expect("count"), 1);
    finish(store).await;
}

#[wasm_bindgen_test]
async fn newer_schema_is_refused_untouched() {
    let name = unique("newer");
    let newer = SCHEMA_VERSION + 1;
    raw_open(&name, newer).await.close();

    match IdbStore::open(&name).await {
        Err(StoreError::NewerSchema { found, supported }) => {
            assert_eq!(found, newer);
            assert_eq!(supported, SCHEMA_VERSION);
        }
        Err(other) => panic!("expected NewerSchema, got {other:?}"),
        Ok(_) => panic!("expected NewerSchema, the database opened"),
    }

    // Nothing was changed: the newer layout is still there.
    let db = raw_open(&name, newer).await;
    assert_eq!(db.version() as u32, newer);
    assert!(db.object_store_names().contains("from_the_future"));
    db.close();
    IdbStore::delete_database(&name).await.expect("deleted");
}

#[wasm_bindgen_test]
async fn delete_database_erases_everything() {
    let store = fresh("erase").await;
    let name = store.name().to_string();
    let record = StoredObservation::new(
        conformance::sample(3, "2026-03-03T10:00:00Z", false),
        "2026-03-03T10:00:00Z",
    );
    store.put(Bucket::Real, record).await.expect("put");
    // An open IdbStore closes itself for the deletion instead of blocking it.
    IdbStore::delete_database(&name)
        .await
        .expect("deletion is not blocked by our own connection");
    let err = store
        .list(Bucket::Real)
        .await
        .expect_err("the old connection is closed");
    assert!(matches!(err, StoreError::Other(_)), "{err:?}");
    drop(store);

    let store = IdbStore::open(&name).await.expect("opens empty");
    assert!(store.list(Bucket::Real).await.expect("list").is_empty());
    finish(store).await;
}

#[wasm_bindgen_test]
async fn a_connection_that_will_not_close_gives_blocked() {
    let name = unique("blocked");
    let stubborn = raw_open(&name, SCHEMA_VERSION).await;
    assert_eq!(
        IdbStore::delete_database(&name).await,
        Err(StoreError::Blocked)
    );
    // Once the other connection closes, the browser finishes the deletion.
    stubborn.close();
    let store = IdbStore::open(&name).await.expect("opens after deletion");
    assert!(store.list(Bucket::Real).await.expect("list").is_empty());
    finish(store).await;
}

#[wasm_bindgen_test]
fn one_migration_per_schema_version() {
    assert_eq!(MIGRATIONS.len(), SCHEMA_VERSION as usize);
    assert!(!is_unavailable(&StoreError::Blocked));
}
