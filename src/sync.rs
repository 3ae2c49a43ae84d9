//! The outbox driver: sends stored observations to the configured referral
//! endpoint (`docs/referral-protocol.md`), using the pure state machine in
//! `zicht_core::outbox` and the device store.
//!
//! - One pass at a time per tab, and one tab at a time: the pass runs inside
//!   the Web Lock `zicht-outbox` (`navigator.locks.request`), or, where that
//!   API is missing, a localStorage lease that outlives a request.
//! - Holding the outbox, an observation still marked `Sending` was abandoned
//!   (the app was closed or killed mid-request); it is sent again at once
//!   (`outbox::recover_interrupted`); the endpoint stores each id once.
//! - Every transition is stored before the next step: `Sending` before the
//!   request goes out, the outcome after the answer. Nothing is ever deleted
//!   because of a request.
//! - Triggers: start, `online`, after a save ([`kick`]), the page becoming
//!   visible, a timer while items wait (back-off and `Retry-After` come from
//!   the domain), and "Nu versturen" ([`send_now`]).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_storage::{LocalStorage, Storage};
use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use zicht_core::key_trust::{self, HealthStep, SendMode};
use zicht_core::outbox::{
    self, ConnectionReport, Decision, EndpointConfig, HttpRequest, OutboxItem, Outcome, Pause,
    SyncState, TransportFailure, REQUEST_TIMEOUT_MS,
};
use zicht_core::sending_status::{Conditions, ItemStatus, Overview};
use zicht_core::store::{Bucket, ObservationStore, StoredObservation};
use zicht_core::Text;

use crate::platform;
use crate::storage::{self, store, AppStore};
use crate::sync_seal;
use crate::sync_settings;

/// Name of the Web Lock that guards the outbox across tabs.
const LOCK_NAME: &str = "zicht-outbox";
/// localStorage lease, where Web Locks are missing.
const LEASE_KEY: &str = "zicht.outbox.lease";
/// A lease outlives one request (renewed before each), so a live holder
/// never loses it mid-request.
const LEASE_MS: u64 = REQUEST_TIMEOUT_MS + 15_000;
/// After a store error, try again this much later.
const STORE_RETRY_MS: u64 = 30_000;
/// After a health request before sending failed, ask again this much later.
const HEALTH_RETRY_MS: u64 = 15_000;
/// Timers never wait longer than this (clock changes, sleeping devices).
const MAX_TIMER_MS: u64 = 10 * 60 * 1_000;

/// What the UI shows about sending; one per page, filled by the driver.
#[derive(Clone, Copy)]
pub struct SyncUi {
    /// Bumped when settings or any observation's state change.
    pub revision: RwSignal<u64>,
    pub configured: RwSignal<Option<EndpointConfig>>,
    /// The deployment's preset (`config.json`), once read.
    pub preset: RwSignal<Option<sync_settings::Preset>>,
    pub pause: RwSignal<Option<Pause>>,
    pub online: RwSignal<bool>,
    pub busy: RwSignal<bool>,
    /// When the driver will try again by itself.
    pub next_try_ms: RwSignal<Option<u64>>,
    /// The newest error of an observation that still waits.
    pub last_error: RwSignal<Option<Text>>,
    /// Now, refreshed every 30 s, for ages.
    pub now_ms: RwSignal<u64>,
}

thread_local! {
    static UI: RefCell<Option<SyncUi>> = const { RefCell::new(None) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    static TIMER: Cell<Option<i32>> = const { Cell::new(None) };
    static LEASE_MODE: Cell<bool> = const { Cell::new(false) };
    static TAB_ID: RefCell<String> = const { RefCell::new(String::new()) };
}

fn ui() -> Option<SyncUi> {
    UI.with(|u| *u.borrow())
}

pub fn use_sync() -> SyncUi {
    expect_context::<SyncUi>()
}

pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    platform::random_bytes(&mut bytes);
    u64::from_le_bytes(bytes)
}

/// Puts the status signals in place, empty until the driver fills them.
/// Cheap and synchronous, so every screen can read them from the start.
pub fn provide_status() {
    let ui = SyncUi {
        revision: RwSignal::new(0),
        configured: RwSignal::new(None),
        preset: RwSignal::new(None),
        pause: RwSignal::new(None),
        online: RwSignal::new(platform::is_online()),
        busy: RwSignal::new(false),
        next_try_ms: RwSignal::new(None),
        last_error: RwSignal::new(None),
        now_ms: RwSignal::new(now_ms()),
    };
    provide_context(ui);
    UI.with(|u| *u.borrow_mut() = Some(ui));
}

/// Starts the driver: reads the settings, sets up the triggers and runs the
/// first pass. Its code is a chunk of its own (`zicht_driver`), loaded right
/// after the first screen, so the first load carries none of it.
#[wasm_split(zicht_driver, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn start_driver() -> Result<(), SplitLoaderError> {
    zicht_core::i18n::load_all_texts();
    let Some(ui) = ui() else {
        return Ok(());
    };
    let mut id = [0u8; 8];
    platform::random_bytes(&mut id);
    TAB_ID.with(|t| *t.borrow_mut() = format!("{:016x}", u64::from_le_bytes(id)));

    let _ = window_event_listener(leptos::ev::online, move |_| {
        ui.online.set(true);
        kick();
    });
    let _ = window_event_listener(leptos::ev::offline, move |_| ui.online.set(false));
    let _ = window_event_listener(leptos::ev::storage, move |ev| {
        // Another tab changed the settings or paused sending.
        let key = ev.key().unwrap_or_default();
        if key == sync_settings::SETTINGS_KEY || key == sync_settings::PAUSE_KEY {
            settings_changed();
        }
    });
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let on_visible = Closure::<dyn Fn()>::new(move || {
            let visible = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
            if visible {
                kick();
            }
        });
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
        on_visible.forget();
    }
    let _ = set_interval_with_handle(
        move || ui.now_ms.set(now_ms()),
        std::time::Duration::from_secs(30),
    );
    // The stored settings show at once; the first pass waits for config.json.
    read_settings();
    leptos::task::spawn_local(async {
        let regions = sync_settings::load_preset().await;
        settings_changed();
        crate::regions::deployment(regions).await;
    });
    storage::refresh_sending();
    // Observations must not be evicted when the device runs low on space.
    leptos::task::spawn_local(async {
        storage::request_persistence().await;
    });
    Ok(())
}

/// Re-reads settings and pause (after Settings saved them, or another tab
/// did) and starts a pass.
pub fn settings_changed() {
    read_settings();
    kick();
}

/// Reads the stored settings unless that already happened: a screen can
/// open before the driver's chunk has arrived and must not claim that no
/// endpoint is set when one is.
pub fn ensure_settings_read() {
    if ui().is_some_and(|ui| ui.revision.get_untracked() == 0) {
        read_settings();
    }
}

fn read_settings() {
    if let Some(ui) = ui() {
        // Only real changes: a view built on the settings (and its state,
        // such as "Sleutel bevestigd") must not be rebuilt when the same
        // settings are read again (config.json arriving, another tab).
        set_if_changed(ui.configured, sync_settings::effective());
        set_if_changed(ui.preset, sync_settings::preset());
        set_if_changed(ui.pause, sync_settings::pause());
        ui.revision.update(|r| *r += 1);
    }
}

fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|old| *old != value) {
        signal.set(value);
    }
}

/// Starts a pass now (or right after the one running). Cheap; call it after
/// every save.
pub fn kick() {
    if RUNNING.with(Cell::get) {
        AGAIN.with(|a| a.set(true));
        return;
    }
    RUNNING.with(|r| r.set(true));
    leptos::task::spawn_local(async {
        loop {
            AGAIN.with(|a| a.set(false));
            pass().await;
            if !AGAIN.with(Cell::get) {
                break;
            }
        }
        RUNNING.with(|r| r.set(false));
    });
}

/// "Nu versturen": lifts a pause, makes every waiting observation due now
/// and starts a pass.
pub fn send_now() {
    sync_settings::clear_pause();
    if let Some(ui) = ui() {
        ui.pause.set(None);
    }
    leptos::task::spawn_local(async {
        let s = store().await;
        if let Ok(list) = s.list(Bucket::Real).await {
            let now = now_ms();
            for mut record in list {
                let due = outbox::send_now(&record.sync, now);
                if due != record.sync {
                    record.sync = due;
                    record.updated_at = platform::now_rfc3339();
                    let _ = s.put(Bucket::Real, record).await;
                }
            }
        }
        kick();
    });
}

fn schedule(delay_ms: u64) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Some(id) = TIMER.with(Cell::take) {
        window.clear_timeout_with_handle(id);
    }
    let delay = delay_ms.clamp(50, MAX_TIMER_MS);
    if let Some(ui) = ui() {
        ui.next_try_ms.set(Some(now_ms() + delay));
    }
    let callback = Closure::once_into_js(|| {
        TIMER.with(|t| t.set(None));
        kick();
    });
    if let Ok(id) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
        callback.unchecked_ref(),
        delay as i32,
    ) {
        TIMER.with(|t| t.set(Some(id)));
    }
}

fn cancel_timer() {
    if let Some(id) = TIMER.with(Cell::take) {
        if let Some(window) = web_sys::window() {
            window.clear_timeout_with_handle(id);
        }
    }
    if let Some(ui) = ui() {
        ui.next_try_ms.set(None);
    }
}

/// One pass: figures for the UI, then, when there is an endpoint, no pause
/// and a network, the outbox under the cross-tab lock.
async fn pass() {
    let s = store().await;
    refresh_figures(&s).await;
    let Some(ui) = ui() else {
        return;
    };
    set_if_changed(ui.configured, sync_settings::effective());
    set_if_changed(ui.pause, sync_settings::pause());
    if ui.configured.get_untracked().is_none() || ui.pause.get_untracked().is_some() {
        cancel_timer();
        return;
    }
    if !platform::is_online() {
        // The `online` event starts the next pass.
        cancel_timer();
        return;
    }
    ui.busy.set(true);
    let ran = with_outbox_lock(drain).await;
    ui.busy.set(false);
    if !ran {
        // Another tab holds the lease; look again when it may have ended.
        schedule(lease_remaining_ms().max(1_000));
    }
    refresh_figures(&s).await;
}

/// Sends due observations one by one until nothing is due.
async fn drain() {
    let s = store().await;
    let mut recovered = false;
    loop {
        let Some(config) = sync_settings::effective() else {
            return;
        };
        if sync_settings::pause().is_some() {
            return;
        }
        let list = match s.list(Bucket::Real).await {
            Ok(list) => list,
            Err(_) => {
                schedule(STORE_RETRY_MS);
                return;
            }
        };
        if !recovered {
            recovered = true;
            // We hold the outbox: a `Sending` left over was abandoned.
            let now = now_ms();
            for record in &list {
                if let Some(state) = outbox::recover_interrupted(&record.sync, now) {
                    if persist(&s, record, state).await.is_err() {
                        schedule(STORE_RETRY_MS);
                        return;
                    }
                }
            }
            continue;
        }
        figures_from(&list);
        let items: Vec<OutboxItem<'_>> = list
            .iter()
            .map(|r| OutboxItem {
                id: &r.observation.id,
                recorded_at: &r.observation.recorded_at,
                practice: r.observation.practice,
                state: &r.sync,
            })
            .collect();
        match outbox::decide(&items, false, now_ms()) {
            Decision::Send { id } => {
                let Some(record) = list.into_iter().find(|r| r.observation.id == id) else {
                    return;
                };
                // Sealed or not, and whether at all: the endpoint's key decides.
                let mode = sync_seal::mode_for(&config);
                match mode {
                    SendMode::CheckFirst => {
                        if !check_key(&config).await {
                            return;
                        }
                        continue;
                    }
                    SendMode::Paused(_) => {
                        // Nothing goes out until the user confirms (the settings
                        // show the fingerprints); the queue stays as it is.
                        bump();
                        cancel_timer();
                        return;
                    }
                    SendMode::Plain | SendMode::Sealed { .. } => {}
                }
                if !send_one(&s, &config, &mode, record).await {
                    return;
                }
            }
            Decision::Busy { recheck_in_ms, .. } => {
                schedule(recheck_in_ms);
                return;
            }
            Decision::Wait { delay_ms } => {
                schedule(delay_ms);
                return;
            }
            Decision::Paused | Decision::Idle => {
                cancel_timer();
                return;
            }
        }
    }
}

/// Stores `record` with a new state (and a new `updated_at`).
async fn persist(
    s: &AppStore,
    record: &StoredObservation,
    state: SyncState,
) -> Result<(), zicht_core::store::StoreError> {
    let mut next = record.clone();
    next.sync = state;
    next.updated_at = platform::now_rfc3339();
    s.put(Bucket::Real, next).await?;
    bump();
    Ok(())
}

fn bump() {
    if let Some(ui) = ui() {
        ui.revision.update(|r| *r += 1);
    }
}

/// Before the first observation goes to an endpoint (and after it refused a
/// key): what does its health say about the key? False when the pass must
/// stop (no answer: try later; token or address refused: paused).
async fn check_key(config: &EndpointConfig) -> bool {
    let request = match outbox::build_health_request(config) {
        Ok(request) => request,
        Err(error) => {
            if let Some(ui) = ui() {
                ui.last_error.set(Some(error.text()));
            }
            return false;
        }
    };
    let step = match http(&request).await {
        Ok(answer) => key_trust::health_step(answer.status, &answer.body),
        Err(_) => HealthStep::RetryLater,
    };
    match step {
        HealthStep::Record(announcement) => {
            sync_seal::record(config, &announcement);
            bump();
            true
        }
        HealthStep::RetryLater => {
            schedule(HEALTH_RETRY_MS);
            false
        }
        HealthStep::Pause(reason, status) => {
            let pause = Pause {
                reason,
                status,
                since_ms: now_ms(),
            };
            sync_settings::set_pause(&pause);
            if let Some(ui) = ui() {
                ui.pause.set(Some(pause));
            }
            false
        }
    }
}

/// One observation: store `Sending`, send, store the outcome. False when the
/// pass must stop (store error, pause, settings that cannot be used).
async fn send_one(
    s: &AppStore,
    config: &EndpointConfig,
    mode: &SendMode,
    record: StoredObservation,
) -> bool {
    let id = record.observation.id.clone();
    let started = now_ms();
    let Ok(sending) = outbox::start_sending(&record.sync, record.observation.practice, started)
    else {
        return true;
    };
    let body = match serde_json::to_string(&record.observation) {
        Ok(body) => body,
        Err(_) => return false,
    };
    // Checked as plaintext first (id, never practice), then sealed when the
    // endpoint has a key: the sealed body is what goes out, the stored
    // observation stays readable on the device.
    let mut request = match outbox::build_observation_request(config, &id, &body) {
        Ok(request) => request,
        Err(error) => {
            // Settings that cannot be used: say so, send nothing.
            if let Some(ui) = ui() {
                ui.last_error.set(Some(error.text()));
            }
            return false;
        }
    };
    platform::mark_start("zicht:seal");
    let prepared = key_trust::prepare_body(mode, &id, &body);
    if matches!(mode, SendMode::Sealed { .. }) {
        // Read by the sealing benchmark (tests/e2e/seal.test.mjs prints it).
        platform::measure("zicht:seal");
    }
    match prepared {
        Ok(prepared) => request.body = Some(prepared),
        Err(_) => {
            if let Some(ui) = ui() {
                ui.last_error
                    .set(Some(outbox::RequestError::BadBody.text()));
            }
            return false;
        }
    }
    if !renew_lease() {
        return false;
    }
    // Stored before the request goes out: a kill from here on leaves
    // `Sending`, which the next holder of the outbox sends again.
    if persist(s, &record, sending.clone()).await.is_err() {
        schedule(STORE_RETRY_MS);
        return false;
    }
    let answer = http(&request).await;
    if let Ok(answer) = &answer {
        if key_trust::key_refusal(answer.status, &answer.body).is_some() {
            // Not this observation's fault: it waits, and before the next one
            // goes out the app asks health which key the endpoint wants now.
            sync_seal::key_refused(config);
            let state = key_trust::refused_state(&sending, now_ms(), random_u64());
            return match s.get(Bucket::Real, &id).await {
                Ok(Some(current)) => persist(s, &current, state).await.is_ok(),
                Ok(None) => true,
                Err(_) => false,
            };
        }
    }
    let outcome = match answer {
        Ok(answer) => outbox::classify_response(
            &id,
            answer.status,
            &answer.body,
            answer.retry_after.as_deref(),
        ),
        Err(failure) => outbox::classify_failure(failure),
    };
    let applied = outbox::apply_outcome(&sending, &outcome, now_ms(), random_u64());
    // The stored record now (deleted while in flight: leave it deleted).
    let current = match s.get(Bucket::Real, &id).await {
        Ok(Some(current)) => current,
        Ok(None) => return true,
        Err(_) => {
            schedule(STORE_RETRY_MS);
            return false;
        }
    };
    // Stored: the endpoint holds the version that was sent, so keep that one.
    let base = if matches!(outcome, Outcome::Stored { .. }) {
        StoredObservation {
            observation: record.observation.clone(),
            ..current
        }
    } else {
        current
    };
    if persist(s, &base, applied.state.clone()).await.is_err() {
        schedule(STORE_RETRY_MS);
        return false;
    }
    if let SyncState::RetryLater { last_error, .. } = &applied.state {
        if let Some(ui) = ui() {
            ui.last_error.set(Some(last_error.clone()));
        }
    }
    if let Some(pause) = applied.pause {
        sync_settings::set_pause(&pause);
        if let Some(ui) = ui() {
            ui.pause.set(Some(pause));
        }
        return false;
    }
    true
}

/// Recounts what waits, for the badge and the status lines.
async fn refresh_figures(s: &AppStore) {
    if let Ok(list) = s.list(Bucket::Real).await {
        figures_from(&list);
    }
}

fn figures_from(list: &[StoredObservation]) {
    let Some(ui) = ui() else {
        return;
    };
    if list
        .iter()
        .all(|r| r.observation.practice || r.sync.is_final())
    {
        ui.last_error.set(None);
    }
    ui.now_ms.set(now_ms());
    // The one overview of the badge, the list, its cards and Settings.
    storage::set_sending_from(list);
}

/// What besides each observation's own state decides its status: an
/// endpoint set, and a pause that waits for the user (a refused token or
/// address, or an endpoint key to confirm).
pub fn conditions() -> Conditions {
    let configured = sync_settings::effective();
    let key_paused = configured
        .as_ref()
        .is_some_and(|c| matches!(sync_seal::mode_for(c), SendMode::Paused(_)));
    Conditions {
        configured: configured.is_some(),
        paused: sync_settings::pause().is_some() || key_paused,
    }
}

/// Runs `f` while holding the outbox across tabs. False when another tab
/// holds the localStorage lease (then `f` did not run).
async fn with_outbox_lock<F, Fut>(f: F) -> bool
where
    F: FnOnce() -> Fut + 'static,
    Fut: std::future::Future<Output = ()> + 'static,
{
    if let Some((locks, request)) = web_locks() {
        LEASE_MODE.with(|l| l.set(false));
        let f = Rc::new(RefCell::new(Some(f)));
        let run = f.clone();
        let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
            let job = run.borrow_mut().take();
            wasm_bindgen_futures::future_to_promise(async move {
                if let Some(job) = job {
                    job().await;
                }
                Ok(JsValue::UNDEFINED)
            })
            .into()
        });
        if let Ok(promise) = request.call2(&locks, &JsValue::from_str(LOCK_NAME), &callback) {
            if let Ok(promise) = promise.dyn_into::<Promise>() {
                let _ = JsFuture::from(promise).await;
                return true;
            }
        }
        // The API refused the call: fall through to the lease if `f` is unused.
        let Some(f) = f.borrow_mut().take() else {
            return true;
        };
        return with_lease(f).await;
    }
    with_lease(f).await
}

fn web_locks() -> Option<(JsValue, Function)> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks"))
        .ok()
        .filter(|v| v.is_object())?;
    let request = Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    Some((locks, request))
}

#[derive(Serialize, Deserialize)]
struct Lease {
    owner: String,
    until_ms: u64,
}

fn tab_id() -> String {
    TAB_ID.with(|t| t.borrow().clone())
}

async fn with_lease<F, Fut>(f: F) -> bool
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    LEASE_MODE.with(|l| l.set(true));
    if !take_lease() {
        return false;
    }
    // localStorage has no compare-and-set: write, let other tabs write,
    // read back; the last writer wins and the others back off.
    sleep_ms(50).await;
    if !owns_lease() {
        return false;
    }
    f().await;
    if owns_lease() {
        LocalStorage::delete(LEASE_KEY);
    }
    true
}

fn take_lease() -> bool {
    let now = now_ms();
    let me = tab_id();
    match LocalStorage::get::<Lease>(LEASE_KEY) {
        Ok(lease) if lease.owner != me && lease.until_ms > now => false,
        _ => LocalStorage::set(
            LEASE_KEY,
            Lease {
                owner: me,
                until_ms: now + LEASE_MS,
            },
        )
        .is_ok(),
    }
}

fn owns_lease() -> bool {
    LocalStorage::get::<Lease>(LEASE_KEY).is_ok_and(|l| l.owner == tab_id())
}

/// Before each request in lease mode: still ours, and extended past the
/// request's timeout. Always true with Web Locks.
fn renew_lease() -> bool {
    if !LEASE_MODE.with(Cell::get) {
        return true;
    }
    owns_lease() && take_lease()
}

fn lease_remaining_ms() -> u64 {
    LocalStorage::get::<Lease>(LEASE_KEY)
        .map(|l| l.until_ms.saturating_sub(now_ms()))
        .unwrap_or(0)
}

async fn sleep_ms(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// An HTTP answer: status, body text, `Retry-After`.
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<String>,
}

/// Performs a request with fetch, aborted after [`REQUEST_TIMEOUT_MS`]. No
/// cookies, no cache, no redirects followed (a redirect is not a protocol
/// answer and is retried by the domain's rules).
pub async fn http(req: &HttpRequest) -> Result<Answer, TransportFailure> {
    let window = web_sys::window().ok_or(TransportFailure::Network)?;
    let controller = web_sys::AbortController::new().map_err(|_| TransportFailure::Network)?;
    let init = web_sys::RequestInit::new();
    init.set_method(req.method);
    init.set_mode(web_sys::RequestMode::Cors);
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_redirect(web_sys::RequestRedirect::Manual);
    init.set_signal(Some(&controller.signal()));
    let headers = web_sys::Headers::new().map_err(|_| TransportFailure::Network)?;
    for (name, value) in &req.headers {
        headers
            .set(name, value)
            .map_err(|_| TransportFailure::Network)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &req.body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = web_sys::Request::new_with_str_and_init(&req.url, &init)
        .map_err(|_| TransportFailure::Network)?;
    let abort = controller.clone();
    let on_timeout = Closure::once_into_js(move || abort.abort());
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.unchecked_ref(),
            REQUEST_TIMEOUT_MS as i32,
        )
        .ok();
    let failure = |controller: &web_sys::AbortController| {
        if controller.signal().aborted() {
            TransportFailure::Timeout
        } else {
            TransportFailure::Network
        }
    };
    let result = async {
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|_| failure(&controller))?
            .dyn_into()
            .map_err(|_| TransportFailure::Network)?;
        let status = response.status();
        let retry_after = response.headers().get("retry-after").ok().flatten();
        let text = response.text().map_err(|_| failure(&controller))?;
        let body = JsFuture::from(text)
            .await
            .map_err(|_| failure(&controller))?
            .as_string()
            .unwrap_or_default();
        Ok(Answer {
            status,
            body,
            retry_after,
        })
    }
    .await;
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    result
}

/// A same-origin text file (for `config.json`); `None` on any failure.
pub async fn fetch_text(path: &str) -> Option<String> {
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(path))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// A text file (the served region pack), bypassing the HTTP cache: its body,
/// or the HTTP status (0 when there was no answer, e.g. offline).
pub async fn fetch_with_status(url: &str) -> Result<String, u16> {
    let window = web_sys::window().ok_or(0u16)?;
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| 0u16)?
        .dyn_into()
        .map_err(|_| 0u16)?;
    if !response.ok() {
        return Err(response.status());
    }
    JsFuture::from(response.text().map_err(|_| 0u16)?)
        .await
        .map_err(|_| 0u16)?
        .as_string()
        .ok_or(0)
}

/// "Verbinding testen": `GET {url}/v1/health` with the given settings.
/// With the token, so a refused token shows here and not on the first
/// send; the report says what was checked.
pub async fn test_connection(config: &EndpointConfig) -> Result<ConnectionReport, Text> {
    let request = outbox::build_health_request(config).map_err(|e| e.text())?;
    let token_set = config
        .token
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty());
    let name = sync_settings::display_name(config);
    Ok(match http(&request).await {
        Ok(answer) => {
            if answer.status == 200 {
                // "Verbinding testen" is where the first key is shown and confirmed.
                sync_seal::record_health(config, &answer.body);
                bump();
            }
            outbox::connection_report(Ok((answer.status, &answer.body)), token_set, &name)
        }
        Err(failure) => outbox::connection_report(Err(failure), token_set, &name),
    })
}

/// An observation's status as every screen shows it. Reactive: it follows
/// the settings, the pause and the key (all bump `revision`).
pub fn item_status(state: &SyncState) -> ItemStatus {
    if let Some(ui) = ui() {
        ui.revision.track();
        ui.pause.track();
        ui.configured.track();
    }
    ItemStatus::of(state, conditions())
}

/// Where sending stands, from the stored states and the conditions; `None`
/// until the store has been read. Reactive, like [`item_status`].
pub fn overview() -> Option<Overview> {
    if let Some(ui) = ui() {
        ui.revision.track();
        ui.pause.track();
        ui.configured.track();
    }
    let states = storage::sending_states()?;
    let conditions = conditions();
    states.with(|list| {
        list.as_ref()
            .map(|list| Overview::of(list.iter().map(storage::SendState::item), conditions))
    })
}
