//! The device's observation store, opened once per page, and the figures the
//! app shows about it (waiting count, persistence, usage).

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use zicht_core::observation::Draft;
use zicht_core::outbox::SyncState;
use zicht_core::sending_status::Item;
use zicht_core::store::{Bucket, MemoryStore, ObservationStore, StoreError, StoredObservation};
use zicht_idb::IdbStore;

/// IndexedDB when the browser allows it; memory otherwise (private windows),
/// so the form still works and the user is told nothing will last.
pub enum AppStore {
    Idb(IdbStore),
    Memory(MemoryStore),
}

macro_rules! delegate {
    ($self:ident, $s:ident => $call:expr) => {
        match $self {
            AppStore::Idb($s) => $call,
            AppStore::Memory($s) => $call,
        }
    };
}

impl ObservationStore for AppStore {
    fn schema_version(&self) -> u32 {
        delegate!(self, s => s.schema_version())
    }
    async fn put(&self, bucket: Bucket, record: StoredObservation) -> Result<(), StoreError> {
        delegate!(self, s => s.put(bucket, record).await)
    }
    async fn get(&self, bucket: Bucket, id: &str) -> Result<Option<StoredObservation>, StoreError> {
        delegate!(self, s => s.get(bucket, id).await)
    }
    async fn list(&self, bucket: Bucket) -> Result<Vec<StoredObservation>, StoreError> {
        delegate!(self, s => s.list(bucket).await)
    }
    async fn delete(&self, bucket: Bucket, id: &str) -> Result<(), StoreError> {
        delegate!(self, s => s.delete(bucket, id).await)
    }
    async fn clear(&self, bucket: Bucket) -> Result<usize, StoreError> {
        delegate!(self, s => s.clear(bucket).await)
    }
    async fn count_unsent(&self, bucket: Bucket) -> Result<usize, StoreError> {
        delegate!(self, s => s.count_unsent(bucket).await)
    }
    async fn put_draft(&self, bucket: Bucket, key: &str, draft: &Draft) -> Result<(), StoreError> {
        delegate!(self, s => s.put_draft(bucket, key, draft).await)
    }
    async fn get_draft(&self, bucket: Bucket, key: &str) -> Result<Option<Draft>, StoreError> {
        delegate!(self, s => s.get_draft(bucket, key).await)
    }
    async fn delete_draft(&self, bucket: Bucket, key: &str) -> Result<(), StoreError> {
        delegate!(self, s => s.delete_draft(bucket, key).await)
    }
}

/// Why the store is not IndexedDB, when it is not.
#[derive(Clone, Debug, PartialEq)]
pub enum OpenProblem {
    /// No IndexedDB (private window, blocked by the browser).
    Unavailable,
    /// The database belongs to a newer app version; it is left untouched.
    Failed(StoreError),
}

thread_local! {
    static JUST_SAVED: RefCell<Option<StoredObservation>> = const { RefCell::new(None) };
    static STORE: RefCell<Option<Rc<AppStore>>> = const { RefCell::new(None) };
    static PROBLEM: RefCell<Option<OpenProblem>> = const { RefCell::new(None) };
    /// The [`Sending`] signal, so code running outside any owner (the
    /// background driver) can update it.
    static SENDING: RefCell<Option<RwSignal<Option<Vec<SendState>>>>> = const { RefCell::new(None) };
}

/// The store of this page, opened on first use.
pub async fn store() -> Rc<AppStore> {
    if let Some(store) = STORE.with(|s| s.borrow().clone()) {
        return store;
    }
    let opened = match IdbStore::open_default().await {
        Ok(idb) => AppStore::Idb(idb),
        Err(error) => {
            let problem = if zicht_idb::is_unavailable(&error) {
                OpenProblem::Unavailable
            } else {
                OpenProblem::Failed(error)
            };
            PROBLEM.with(|p| *p.borrow_mut() = Some(problem));
            AppStore::Memory(MemoryStore::new())
        }
    };
    // A concurrent first call may have opened one too; keep the first.
    STORE.with(|s| {
        s.borrow_mut()
            .get_or_insert_with(|| Rc::new(opened))
            .clone()
    })
}

/// What went wrong opening IndexedDB, if anything (after [`store`] ran).
pub fn open_problem() -> Option<OpenProblem> {
    PROBLEM.with(|p| p.borrow().clone())
}

/// What the sending overview (`sync::overview`) needs of one stored
/// observation. The list of them, as last read from the store, is the one
/// source of what the header badge, the observation list, its cards and
/// Settings show, so they never disagree; `None` until the store was read.
#[derive(Clone, Debug, PartialEq)]
pub struct SendState {
    pub id: String,
    pub state: SyncState,
    pub recorded_at: String,
    pub practice: bool,
}

impl SendState {
    pub fn item(&self) -> Item<'_> {
        Item {
            state: &self.state,
            recorded_at: &self.recorded_at,
            practice: self.practice,
        }
    }
}

/// Puts the (still unknown) states in place; [`refresh_sending`] fills them
/// in once the store is open, which happens after the first screen painted.
pub fn provide_sending() {
    let signal = RwSignal::new(None);
    SENDING.with(|w| *w.borrow_mut() = Some(signal));
}

/// The states signal, also outside any owner.
pub fn sending_states() -> Option<RwSignal<Option<Vec<SendState>>>> {
    SENDING.with(|w| *w.borrow())
}

/// Takes the states of `list` (the driver reads the list on every pass).
pub fn set_sending_from(list: &[StoredObservation]) {
    let states: Vec<SendState> = list
        .iter()
        .map(|r| SendState {
            id: r.observation.id.clone(),
            state: r.sync.clone(),
            recorded_at: r.observation.recorded_at.clone(),
            practice: r.observation.practice,
        })
        .collect();
    if let Some(signal) = sending_states() {
        if signal.with_untracked(|old| old.as_ref() != Some(&states)) {
            signal.set(Some(states));
        }
    }
}

/// Recomputes after a write or a change of conditions (one read of the list).
pub fn refresh_sending() {
    if sending_states().is_none() {
        return;
    }
    leptos::task::spawn_local(async move {
        let store = store().await;
        if let Ok(list) = store.list(Bucket::Real).await {
            set_sending_from(&list);
        }
    });
}

/// Persistence and usage as the browser reports them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StorageInfo {
    pub persistent: Option<bool>,
    pub usage_bytes: Option<f64>,
    pub quota_bytes: Option<f64>,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = web_sys::window()?.navigator();
    // Older browsers have no navigator.storage at all.
    js_sys::Reflect::get(&navigator, &"storage".into())
        .ok()
        .filter(|v| !v.is_undefined())?;
    Some(navigator.storage())
}

async fn promise_value(
    promise: Result<js_sys::Promise, wasm_bindgen::JsValue>,
) -> Option<wasm_bindgen::JsValue> {
    JsFuture::from(promise.ok()?).await.ok()
}

/// Asks the browser to keep Zicht's data (observations must not be evicted);
/// returns whether storage is persistent now.
pub async fn request_persistence() -> Option<bool> {
    let manager = storage_manager()?;
    if let Some(true) = promise_value(manager.persisted())
        .await
        .and_then(|v| v.as_bool())
    {
        return Some(true);
    }
    promise_value(manager.persist())
        .await
        .and_then(|v| v.as_bool())
}

pub async fn storage_info() -> StorageInfo {
    let Some(manager) = storage_manager() else {
        return StorageInfo::default();
    };
    let persistent = promise_value(manager.persisted())
        .await
        .and_then(|v| v.as_bool());
    let estimate = promise_value(manager.estimate()).await;
    let number = |key: &str| {
        estimate
            .as_ref()
            .and_then(|e| js_sys::Reflect::get(e, &key.into()).ok())
            .and_then(|v| v.as_f64())
    };
    StorageInfo {
        persistent,
        usage_bytes: number("usage"),
        quota_bytes: number("quota"),
    }
}

/// "1,2 MB" style sizes for Settings.
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Saves `text` as a file through a temporary object URL (no server).
pub fn download(file_name: &str, mime: &str, text: &str) -> bool {
    let run = || -> Option<()> {
        let document = web_sys::window()?.document()?;
        let parts = js_sys::Array::of1(&text.into());
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let anchor: web_sys::HtmlAnchorElement =
            document.create_element("a").ok()?.dyn_into().ok()?;
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    };
    run().is_some()
}

/// Opens the system share sheet with `text`; false where there is none.
pub async fn share_text(title: &str, text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    let Ok(share) = js_sys::Reflect::get(&navigator, &"share".into()) else {
        return false;
    };
    let Some(share) = share.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    let data = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&data, &"title".into(), &title.into());
    let _ = js_sys::Reflect::set(&data, &"text".into(), &text.into());
    match share.call1(&navigator, &data) {
        Ok(promise) => match promise.dyn_into::<js_sys::Promise>() {
            Ok(promise) => JsFuture::from(promise).await.is_ok(),
            Err(_) => false,
        },
        Err(_) => false,
    }
}

/// The record the form has just committed, for the page that shows it next.
pub fn hand_over_saved(record: StoredObservation) {
    JUST_SAVED.with(|s| *s.borrow_mut() = Some(record));
}

/// The handed-over record if it is the one with `id`; taken only once.
pub fn take_saved(id: &str) -> Option<StoredObservation> {
    JUST_SAVED.with(|s| {
        let mut slot = s.borrow_mut();
        match slot.as_ref() {
            Some(r) if r.observation.id == id => slot.take(),
            _ => None,
        }
    })
}
