//! [`ObservationStore`] over IndexedDB, for the Zicht app in the browser.
//!
//! Layout (schema version [`SCHEMA_VERSION`], created by [`MIGRATIONS`]):
//! - per [`Bucket`] an object store `observations_<bucket>` with key path
//!   `id`, holding `{ id, order, json }` where `json` is the serde JSON of a
//!   [`StoredObservation`] and `order` is [`StoredObservation::order_key`];
//!   the index `by_order` on `order` yields records oldest first by
//!   `recorded_at`, then id;
//! - per bucket an object store `drafts_<bucket>` with out-of-line keys
//!   (the draft key), holding `{ json }` with the serde JSON of a [`Draft`].
//!
//! Records hold serde JSON rather than structured-clone objects so that they
//! round-trip exactly as the domain types define them (serde defaults keep
//! old records readable) without an extra serialisation crate.
//!
//! Why IndexedDB directly (web-sys) and not rexie 0.6: rexie keeps its
//! `IdbDatabase` and `IdbTransaction` private and its transaction API takes no
//! options, so it cannot request `durability: "strict"`; `Transaction::done`
//! reports an abort without its reason, so a `QuotaExceededError` at commit
//! cannot be told apart from other aborts; its database builder has no
//! `blocked` handler (an open blocked by another tab never resolves) and
//! panics (`expect`) inside `upgradeneeded` when a migration step fails; and
//! its migrations are declarative only (stores not listed are deleted). Each
//! of those is a requirement here, so this crate drives IndexedDB through
//! web-sys with a small request/transaction future of its own.
//!
//! Strict durability: web-sys only exposes `IdbTransactionOptions` behind
//! `--cfg=web_sys_unstable_apis` (a flag for the whole build), so the
//! three-argument `IDBDatabase.transaction(names, mode, options)` is bound
//! here directly. Browsers that do not know `durability` ignore the member.
//!
//! The crate is empty on targets other than wasm32.
#![cfg(target_arch = "wasm32")]

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    DomException, Event, IdbDatabase, IdbFactory, IdbIndexParameters, IdbObjectStore,
    IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode,
    IdbVersionChangeEvent,
};
use zicht_core::observation::Draft;
use zicht_core::store::{
    check_put, Bucket, ObservationStore, StoreError, StoredObservation, SCHEMA_VERSION,
};

/// The database the app uses.
pub const DEFAULT_DB_NAME: &str = "zicht";

/// Start of the [`StoreError::Unavailable`] details: IndexedDB cannot be used
/// at all here (private browsing in some browsers, storage disabled,
/// sandboxed frame); see [`is_unavailable`].
pub const UNAVAILABLE: &str = "IndexedDB unavailable";

const BY_ORDER: &str = "by_order";

/// One migration step: called inside `upgradeneeded` with the database and
/// the version-change transaction; step `i` brings the layout from version
/// `i` to `i + 1`. Steps only ever get appended.
pub type Migration = fn(&IdbDatabase, &IdbTransaction) -> Result<(), JsValue>;

/// The migration steps, in order: `MIGRATIONS[i]` upgrades version `i` to
/// `i + 1`, so there is exactly one step per schema version.
pub const MIGRATIONS: &[Migration] = &[migrate_to_v1];

const _: () = assert!(MIGRATIONS.len() == SCHEMA_VERSION as usize);

/// Version 1: observations and drafts per bucket, with the oldest-first index.
fn migrate_to_v1(db: &IdbDatabase, _tx: &IdbTransaction) -> Result<(), JsValue> {
    for bucket in Bucket::ALL {
        let params = IdbObjectStoreParameters::new();
        params.set_key_path(&JsValue::from_str("id"));
        let store =
            db.create_object_store_with_optional_parameters(&observations_store(bucket), &params)?;
        let index = IdbIndexParameters::new();
        index.set_unique(false);
        store.create_index_with_str_and_optional_parameters(BY_ORDER, "order", &index)?;
        db.create_object_store(&drafts_store(bucket))?;
    }
    Ok(())
}

fn observations_store(bucket: Bucket) -> String {
    format!("observations_{}", bucket.name())
}

fn drafts_store(bucket: Bucket) -> String {
    format!("drafts_{}", bucket.name())
}

/// Whether an error means IndexedDB cannot be used in this browser context,
/// so the app should fall back to [`zicht_core::store::MemoryStore`].
pub fn is_unavailable(error: &StoreError) -> bool {
    matches!(error, StoreError::Unavailable(_))
}

#[wasm_bindgen]
extern "C" {
    /// An `IDBDatabase`, seen through the binding below.
    #[wasm_bindgen(extends = IdbDatabase, js_name = IDBDatabase)]
    type DurableDb;

    /// `IDBDatabase.transaction(storeNames, mode, options)`; see the crate docs.
    #[wasm_bindgen(method, catch, js_name = transaction)]
    fn transaction_with_options(
        this: &DurableDb,
        store_names: &Array,
        mode: &str,
        options: &Object,
    ) -> Result<IdbTransaction, JsValue>;
}

// ---------------------------------------------------------------- errors

fn dom_name(error: &JsValue) -> Option<String> {
    error.dyn_ref::<DomException>().map(DomException::name)
}

fn describe(error: &JsValue) -> String {
    if let Some(dom) = error.dyn_ref::<DomException>() {
        format!("{}: {}", dom.name(), dom.message())
    } else if let Some(err) = error.dyn_ref::<js_sys::Error>() {
        String::from(err.message())
    } else {
        error.as_string().unwrap_or_else(|| format!("{error:?}"))
    }
}

/// Maps an IndexedDB error (usually a `DOMException`) to a [`StoreError`].
fn store_error(error: &JsValue) -> StoreError {
    match dom_name(error).as_deref() {
        Some("QuotaExceededError") => StoreError::QuotaExceeded,
        Some("InvalidStateError") => StoreError::Other(format!(
            "the database connection is closed, probably because another tab updated or deleted it; reload the page ({})",
            describe(error)
        )),
        _ => StoreError::Other(describe(error)),
    }
}

fn unavailable(error: &JsValue) -> StoreError {
    if dom_name(error).as_deref() == Some("QuotaExceededError") {
        return StoreError::QuotaExceeded;
    }
    StoreError::Unavailable(format!(
        "{UNAVAILABLE} (private browsing or storage blocked?): {}",
        describe(error)
    ))
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Other(format!("unreadable record in IndexedDB: {what}"))
}

// ---------------------------------------------------------------- futures

/// A slot a JS callback fills and a future waits on.
struct Slot<T> {
    value: Option<T>,
    waker: Option<Waker>,
}

type Shared<T> = Rc<RefCell<Slot<T>>>;

fn shared<T>() -> Shared<T> {
    Rc::new(RefCell::new(Slot {
        value: None,
        waker: None,
    }))
}

fn fill<T>(slot: &Shared<T>, value: T) {
    let waker = {
        let mut slot = slot.borrow_mut();
        if slot.value.is_none() {
            slot.value = Some(value);
        }
        slot.waker.take()
    };
    if let Some(waker) = waker {
        waker.wake();
    }
}

fn poll_slot<T>(slot: &Shared<T>, cx: &mut Context<'_>) -> Poll<T> {
    let mut slot = slot.borrow_mut();
    match slot.value.take() {
        Some(value) => Poll::Ready(value),
        None => {
            slot.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

/// The result of one `IDBRequest`: its `result`, or its `error`.
struct RequestFuture {
    request: IdbRequest,
    slot: Shared<Result<JsValue, JsValue>>,
    _on_success: Closure<dyn FnMut(Event)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl RequestFuture {
    fn new(request: IdbRequest) -> RequestFuture {
        let slot = shared();
        let on_success = {
            let slot = slot.clone();
            let request = request.clone();
            Closure::<dyn FnMut(Event)>::new(move |_| {
                fill(&slot, request.result());
            })
        };
        let on_error = {
            let slot = slot.clone();
            let request = request.clone();
            Closure::<dyn FnMut(Event)>::new(move |_| {
                let error = match request.error() {
                    Ok(Some(dom)) => dom.into(),
                    Ok(None) => JsValue::from_str("request failed without an error"),
                    Err(e) => e,
                };
                // Not preventDefault: the failed request aborts its transaction.
                fill(&slot, Err(error));
            })
        };
        request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
        request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        RequestFuture {
            request,
            slot,
            _on_success: on_success,
            _on_error: on_error,
        }
    }
}

impl Future for RequestFuture {
    type Output = Result<JsValue, StoreError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        poll_slot(&self.slot, cx).map(|r| r.map_err(|e| store_error(&e)))
    }
}

impl Drop for RequestFuture {
    fn drop(&mut self) {
        self.request.set_onsuccess(None);
        self.request.set_onerror(None);
    }
}

/// Issues a request and waits for its result.
async fn request(made: Result<IdbRequest, JsValue>) -> Result<JsValue, StoreError> {
    RequestFuture::new(made.map_err(|e| store_error(&e))?).await
}

/// Completion of a transaction: `Ok` only on its `complete` event (the data
/// is committed); an abort gives the transaction's error.
struct TxDone {
    tx: IdbTransaction,
    slot: Shared<Result<(), StoreError>>,
    _on_complete: Closure<dyn FnMut(Event)>,
    _on_abort: Closure<dyn FnMut(Event)>,
}

impl TxDone {
    fn new(tx: IdbTransaction) -> TxDone {
        let slot = shared();
        let on_complete = {
            let slot = slot.clone();
            Closure::<dyn FnMut(Event)>::new(move |_| fill(&slot, Ok(())))
        };
        let on_abort = {
            let slot = slot.clone();
            let tx = tx.clone();
            Closure::<dyn FnMut(Event)>::new(move |_| {
                let error = match tx.error() {
                    Some(dom) => store_error(&dom.into()),
                    None => StoreError::Other("the transaction was aborted".into()),
                };
                fill(&slot, Err(error));
            })
        };
        tx.set_oncomplete(Some(on_complete.as_ref().unchecked_ref()));
        tx.set_onabort(Some(on_abort.as_ref().unchecked_ref()));
        TxDone {
            tx,
            slot,
            _on_complete: on_complete,
            _on_abort: on_abort,
        }
    }

    /// Gives up on the transaction: nothing it wrote is kept.
    fn abort(self) {
        // Fails only if the transaction already finished; nothing to undo then.
        let _ = self.tx.abort();
    }
}

impl Future for TxDone {
    type Output = Result<(), StoreError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        poll_slot(&self.slot, cx)
    }
}

impl Drop for TxDone {
    fn drop(&mut self) {
        self.tx.set_oncomplete(None);
        self.tx.set_onabort(None);
    }
}

/// What became of an open or delete request.
enum OpenOutcome {
    Success(JsValue),
    Failed(JsValue),
    Blocked,
}

/// How long an open or delete may stay blocked before [`StoreError::Blocked`]
/// is reported. Connections that close themselves on `versionchange` (all of
/// this crate's) still finish their running transactions first, which briefly
/// raises `blocked`; the request then goes through on its own.
const BLOCKED_GRACE_MS: i32 = 1500;

/// A future that resolves after `ms` milliseconds (`setTimeout`).
fn sleep(ms: i32) -> JsFuture {
    let promise = Promise::new(&mut |resolve, _reject| {
        let global = js_sys::global();
        let set_timeout = Reflect::get(&global, &JsValue::from_str("setTimeout"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        let scheduled = set_timeout
            .map(|f| f.call2(&global, &resolve, &JsValue::from(ms)).is_ok())
            .unwrap_or(false);
        if !scheduled {
            // Without timers, give up at once rather than never.
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    JsFuture::from(promise)
}

/// Waits for the open/delete outcome, or for a timer.
struct OutcomeOrTimer<'a> {
    slot: &'a Shared<OpenOutcome>,
    timer: Option<JsFuture>,
}

impl Future for OutcomeOrTimer<'_> {
    type Output = OpenOutcome;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<OpenOutcome> {
        if let Poll::Ready(outcome) = poll_slot(self.slot, cx) {
            return Poll::Ready(outcome);
        }
        let expired = match self.timer.as_mut() {
            Some(timer) => Pin::new(timer).poll(cx).is_ready(),
            None => false,
        };
        if expired {
            Poll::Ready(OpenOutcome::Blocked)
        } else {
            Poll::Pending
        }
    }
}

/// Marks an open request as given up on when dropped (also on cancellation).
struct Abandon(Rc<Cell<bool>>);

impl Drop for Abandon {
    fn drop(&mut self) {
        self.0.set(true);
    }
}

/// Waits for an `IDBOpenDBRequest` (open or delete). A `blocked` event only
/// counts after [`BLOCKED_GRACE_MS`]. The callbacks are handed to the JS
/// garbage collector rather than dropped, because the request can still
/// finish after the caller gave up on it (blocked): a database opened that
/// late is closed at once, so it cannot block anyone in turn.
async fn open_request(request: &IdbOpenDbRequest) -> OpenOutcome {
    let slot: Shared<OpenOutcome> = shared();
    let abandoned = Rc::new(Cell::new(false));
    let _abandon_on_return = Abandon(abandoned.clone());
    let on_success = {
        let slot = slot.clone();
        let abandoned = abandoned.clone();
        let request = request.clone();
        Closure::once_into_js(move |_: Event| {
            let result = request.result().unwrap_or(JsValue::UNDEFINED);
            if abandoned.get() {
                if let Some(db) = result.dyn_ref::<IdbDatabase>() {
                    db.close();
                }
            } else {
                fill(&slot, OpenOutcome::Success(result));
            }
        })
    };
    let on_error = {
        let slot = slot.clone();
        let request = request.clone();
        Closure::once_into_js(move |_: Event| {
            let error = match request.error() {
                Ok(Some(dom)) => dom.into(),
                Ok(None) => JsValue::from_str("open failed without an error"),
                Err(e) => e,
            };
            fill(&slot, OpenOutcome::Failed(error));
        })
    };
    let on_blocked = {
        let slot = slot.clone();
        Closure::once_into_js(move |_: Event| fill(&slot, OpenOutcome::Blocked))
    };
    request.set_onsuccess(Some(on_success.unchecked_ref()));
    request.set_onerror(Some(on_error.unchecked_ref()));
    request.set_onblocked(Some(on_blocked.unchecked_ref()));

    let first = OutcomeOrTimer {
        slot: &slot,
        timer: None,
    }
    .await;
    match first {
        OpenOutcome::Blocked => {
            OutcomeOrTimer {
                slot: &slot,
                timer: Some(sleep(BLOCKED_GRACE_MS)),
            }
            .await
        }
        done => done,
    }
}

fn factory() -> Result<IdbFactory, StoreError> {
    let value = Reflect::get(&js_sys::global(), &JsValue::from_str("indexedDB"))
        .map_err(|e| unavailable(&e))?;
    if value.is_undefined() || value.is_null() {
        return Err(StoreError::Unavailable(format!(
            "{UNAVAILABLE}: this browser has no indexedDB"
        )));
    }
    value.dyn_into::<IdbFactory>().map_err(|_| {
        StoreError::Unavailable(format!("{UNAVAILABLE}: indexedDB is not an IDBFactory"))
    })
}

/// Runs the migration steps from `old` up to [`SCHEMA_VERSION`].
fn migrate(db: &IdbDatabase, tx: &IdbTransaction, old: u32) -> Result<(), String> {
    for (step, migration) in MIGRATIONS.iter().enumerate().skip(old as usize) {
        migration(db, tx)
            .map_err(|e| format!("migration to version {}: {}", step + 1, describe(&e)))?;
    }
    Ok(())
}

/// The version of an existing database, without upgrading it.
async fn current_version(factory: &IdbFactory, name: &str) -> Option<u32> {
    let request = factory.open(name).ok()?;
    match open_request(&request).await {
        OpenOutcome::Success(db) => {
            let db: IdbDatabase = db.dyn_into().ok()?;
            let version = db.version();
            db.close();
            Some(version as u32)
        }
        _ => None,
    }
}

// ---------------------------------------------------------------- records

fn get_str(value: &JsValue, field: &str) -> Option<String> {
    Reflect::get(value, &JsValue::from_str(field))
        .ok()?
        .as_string()
}

fn object(fields: &[(&str, &str)]) -> Result<JsValue, StoreError> {
    let object = Object::new();
    for (key, value) in fields {
        Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value))
            .map_err(|e| store_error(&e))?;
    }
    Ok(object.into())
}

fn encode_observation(record: &StoredObservation) -> Result<JsValue, StoreError> {
    let json = serde_json::to_string(record)
        .map_err(|e| StoreError::Other(format!("cannot serialise observation: {e}")))?;
    object(&[
        ("id", &record.observation.id),
        ("order", &record.order_key()),
        ("json", &json),
    ])
}

fn decode_observation(value: &JsValue) -> Result<Option<StoredObservation>, StoreError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let json = get_str(value, "json").ok_or_else(|| corrupt("observation without json"))?;
    serde_json::from_str(&json)
        .map(Some)
        .map_err(|e| corrupt(&format!("observation: {e}")))
}

fn encode_draft(draft: &Draft) -> Result<JsValue, StoreError> {
    let json = serde_json::to_string(draft)
        .map_err(|e| StoreError::Other(format!("cannot serialise draft: {e}")))?;
    object(&[("json", &json)])
}

fn decode_draft(value: &JsValue) -> Result<Option<Draft>, StoreError> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let json = get_str(value, "json").ok_or_else(|| corrupt("draft without json"))?;
    serde_json::from_str(&json)
        .map(Some)
        .map_err(|e| corrupt(&format!("draft: {e}")))
}

// ---------------------------------------------------------------- the store

/// An [`ObservationStore`] in one IndexedDB database.
///
/// Dropping it closes the connection. When another tab upgrades or deletes
/// the database, this connection closes itself so it never blocks that tab;
/// later calls then fail with a [`StoreError::Other`] asking for a reload.
pub struct IdbStore {
    name: String,
    db: IdbDatabase,
    _on_version_change: Closure<dyn FnMut(Event)>,
}

impl IdbStore {
    /// Opens (creating or migrating as needed) the database `name` at
    /// [`SCHEMA_VERSION`]. The app uses [`DEFAULT_DB_NAME`]; tests use
    /// unique names.
    ///
    /// Errors: [`StoreError::NewerSchema`] when a newer app wrote the
    /// database (nothing is touched); [`StoreError::Blocked`] when another tab
    /// keeps an older version open; [`StoreError::QuotaExceeded`] when there
    /// is no room to create it; otherwise [`StoreError::Other`], for which
    /// [`is_unavailable`] tells whether IndexedDB is unusable here.
    pub async fn open(name: &str) -> Result<IdbStore, StoreError> {
        let factory = factory()?;
        let request = factory
            .open_with_u32(name, SCHEMA_VERSION)
            .map_err(|e| unavailable(&e))?;

        let migration_error: Rc<RefCell<Option<String>>> = Rc::new(RefCell::new(None));
        let on_upgrade = {
            let request = request.clone();
            let migration_error = migration_error.clone();
            Closure::once_into_js(move |event: IdbVersionChangeEvent| {
                let old = event.old_version() as u32;
                let outcome = match (request.result(), request.transaction()) {
                    (Ok(db), Some(tx)) => match db.dyn_into::<IdbDatabase>() {
                        Ok(db) => migrate(&db, &tx, old).map_err(|why| (why, Some(tx))),
                        Err(_) => Err(("upgrade without a database".to_string(), Some(tx))),
                    },
                    _ => Err(("upgrade without a transaction".to_string(), None)),
                };
                if let Err((why, tx)) = outcome {
                    *migration_error.borrow_mut() = Some(why);
                    if let Some(tx) = tx {
                        // The open request then fails with AbortError.
                        let _ = tx.abort();
                    }
                }
            })
        };
        request.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));

        match open_request(&request).await {
            OpenOutcome::Success(db) => {
                let db: IdbDatabase = db
                    .dyn_into()
                    .map_err(|_| StoreError::Other("open gave no database".into()))?;
                let on_version_change = {
                    let db = db.clone();
                    Closure::<dyn FnMut(Event)>::new(move |_| db.close())
                };
                db.set_onversionchange(Some(on_version_change.as_ref().unchecked_ref()));
                Ok(IdbStore {
                    name: name.to_string(),
                    db,
                    _on_version_change: on_version_change,
                })
            }
            OpenOutcome::Blocked => Err(StoreError::Blocked),
            OpenOutcome::Failed(error) => {
                if dom_name(&error).as_deref() == Some("VersionError") {
                    let found = current_version(&factory, name)
                        .await
                        .unwrap_or(SCHEMA_VERSION + 1);
                    return Err(StoreError::NewerSchema {
                        found,
                        supported: SCHEMA_VERSION,
                    });
                }
                if let Some(why) = migration_error.borrow_mut().take() {
                    return Err(StoreError::Other(why));
                }
                match dom_name(&error).as_deref() {
                    Some("QuotaExceededError") => Err(StoreError::QuotaExceeded),
                    // Firefox private mode and disabled storage refuse here.
                    Some("InvalidStateError" | "SecurityError" | "UnknownError") => {
                        Err(unavailable(&error))
                    }
                    _ => Err(store_error(&error)),
                }
            }
        }
    }

    /// Opens [`DEFAULT_DB_NAME`].
    pub async fn open_default() -> Result<IdbStore, StoreError> {
        IdbStore::open(DEFAULT_DB_NAME).await
    }

    /// The database name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Closes the connection (as dropping does).
    pub fn close(self) {}

    /// Deletes the database `name` with everything in it ("wis alles").
    /// Connections of this crate close themselves when asked; if a connection
    /// elsewhere does not, this returns [`StoreError::Blocked`] and the
    /// browser deletes the database as soon as that connection closes.
    pub async fn delete_database(name: &str) -> Result<(), StoreError> {
        let factory = factory()?;
        let request = factory.delete_database(name).map_err(|e| unavailable(&e))?;
        match open_request(&request).await {
            OpenOutcome::Success(_) => Ok(()),
            OpenOutcome::Blocked => Err(StoreError::Blocked),
            OpenOutcome::Failed(error) => Err(store_error(&error)),
        }
    }

    /// Closes this connection and deletes its database.
    pub async fn delete(self) -> Result<(), StoreError> {
        let name = self.name.clone();
        drop(self);
        IdbStore::delete_database(&name).await
    }

    fn read(&self, stores: &[&str]) -> Result<IdbTransaction, StoreError> {
        let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        self.db
            .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readonly)
            .map_err(|e| store_error(&e))
    }

    /// A read-write transaction with strict durability: its `complete` event
    /// comes only after the data is flushed to disk.
    fn write(&self, stores: &[&str]) -> Result<(IdbTransaction, TxDone), StoreError> {
        let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
        let options = Object::new();
        Reflect::set(
            &options,
            &JsValue::from_str("durability"),
            &JsValue::from_str("strict"),
        )
        .map_err(|e| store_error(&e))?;
        let tx = self
            .db
            .unchecked_ref::<DurableDb>()
            .transaction_with_options(&names, "readwrite", &options)
            .map_err(|e| store_error(&e))?;
        let done = TxDone::new(tx.clone());
        Ok((tx, done))
    }
}

impl Drop for IdbStore {
    fn drop(&mut self) {
        self.db.set_onversionchange(None);
        self.db.close();
    }
}

fn store_of(tx: &IdbTransaction, name: &str) -> Result<IdbObjectStore, StoreError> {
    tx.object_store(name).map_err(|e| store_error(&e))
}

fn key(s: &str) -> JsValue {
    JsValue::from_str(s)
}

impl ObservationStore for IdbStore {
    fn schema_version(&self) -> u32 {
        SCHEMA_VERSION
    }

    async fn put(&self, bucket: Bucket, record: StoredObservation) -> Result<(), StoreError> {
        let name = observations_store(bucket);
        let value = encode_observation(&record)?;
        let (tx, done) = self.write(&[&name])?;
        let store = store_of(&tx, &name)?;
        // Read and write in one transaction, so the read-only rule for sent
        // records holds even with several tabs.
        let existing = request(store.get(&key(&record.observation.id))).await?;
        let checked = decode_observation(&existing)
            .and_then(|existing| check_put(bucket, existing.as_ref(), &record));
        if let Err(error) = checked {
            done.abort();
            return Err(error);
        }
        request(store.put(&value)).await?;
        done.await
    }

    async fn get(&self, bucket: Bucket, id: &str) -> Result<Option<StoredObservation>, StoreError> {
        let name = observations_store(bucket);
        let tx = self.read(&[&name])?;
        let value = request(store_of(&tx, &name)?.get(&key(id))).await?;
        decode_observation(&value)
    }

    async fn list(&self, bucket: Bucket) -> Result<Vec<StoredObservation>, StoreError> {
        let name = observations_store(bucket);
        let tx = self.read(&[&name])?;
        let index = store_of(&tx, &name)?
            .index(BY_ORDER)
            .map_err(|e| store_error(&e))?;
        let all: Array = request(index.get_all())
            .await?
            .dyn_into()
            .map_err(|_| corrupt("getAll gave no array"))?;
        let mut records = Vec::with_capacity(all.length() as usize);
        for value in all.iter() {
            if let Some(record) = decode_observation(&value)? {
                records.push(record);
            }
        }
        Ok(records)
    }

    async fn delete(&self, bucket: Bucket, id: &str) -> Result<(), StoreError> {
        let name = observations_store(bucket);
        let (tx, done) = self.write(&[&name])?;
        let store = store_of(&tx, &name)?;
        let count = request(store.count_with_key(&key(id))).await?;
        if count.as_f64().unwrap_or(0.0) < 1.0 {
            done.abort();
            return Err(StoreError::NotFound);
        }
        request(store.delete(&key(id))).await?;
        done.await
    }

    async fn clear(&self, bucket: Bucket) -> Result<usize, StoreError> {
        let observations = observations_store(bucket);
        let drafts = drafts_store(bucket);
        let (tx, done) = self.write(&[&observations, &drafts])?;
        let store = store_of(&tx, &observations)?;
        let count = request(store.count()).await?.as_f64().unwrap_or(0.0) as usize;
        request(store.clear()).await?;
        request(store_of(&tx, &drafts)?.clear()).await?;
        done.await?;
        Ok(count)
    }

    async fn count_unsent(&self, bucket: Bucket) -> Result<usize, StoreError> {
        Ok(self
            .list(bucket)
            .await?
            .iter()
            .filter(|r| !r.is_sent())
            .count())
    }

    async fn put_draft(&self, bucket: Bucket, key_: &str, draft: &Draft) -> Result<(), StoreError> {
        let name = drafts_store(bucket);
        let value = encode_draft(draft)?;
        let (tx, done) = self.write(&[&name])?;
        request(store_of(&tx, &name)?.put_with_key(&value, &key(key_))).await?;
        done.await
    }

    async fn get_draft(&self, bucket: Bucket, key_: &str) -> Result<Option<Draft>, StoreError> {
        let name = drafts_store(bucket);
        let tx = self.read(&[&name])?;
        let value = request(store_of(&tx, &name)?.get(&key(key_))).await?;
        decode_draft(&value)
    }

    async fn delete_draft(&self, bucket: Bucket, key_: &str) -> Result<(), StoreError> {
        let name = drafts_store(bucket);
        let (tx, done) = self.write(&[&name])?;
        request(store_of(&tx, &name)?.delete(&key(key_))).await?;
        done.await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn dom(name: &str) -> JsValue {
        DomException::new_with_message_and_name("test", name)
            .map(JsValue::from)
            .unwrap_or_else(|e| e)
    }

    #[wasm_bindgen_test]
    fn errors_map_to_clear_variants() {
        assert_eq!(
            store_error(&dom("QuotaExceededError")),
            StoreError::QuotaExceeded
        );
        assert_eq!(
            unavailable(&dom("QuotaExceededError")),
            StoreError::QuotaExceeded
        );
        assert!(is_unavailable(&unavailable(&dom("InvalidStateError"))));
        assert!(is_unavailable(&unavailable(&dom("SecurityError"))));
        assert!(!is_unavailable(&store_error(&dom("InvalidStateError"))));
        assert!(matches!(
            store_error(&dom("DataError")),
            StoreError::Other(d) if d.contains("DataError")
        ));
    }

    #[wasm_bindgen_test]
    async fn writes_ask_for_strict_durability() {
        let name = format!("zicht-test-durability-{}", js_sys::Math::random());
        let store = IdbStore::open(&name).await.expect("opens");
        let (tx, done) = store
            .write(&[&drafts_store(Bucket::Real)])
            .expect("write transaction");
        let durability = Reflect::get(&tx, &JsValue::from_str("durability"))
            .ok()
            .and_then(|d| d.as_string());
        // Chromium implements IDBTransaction.durability; it must echo "strict".
        assert_eq!(durability.as_deref(), Some("strict"));
        done.await.expect("an empty transaction completes");
        store.delete().await.expect("deleted");
    }
}
