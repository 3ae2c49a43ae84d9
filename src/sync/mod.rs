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

mod driver;
mod lock;
mod send;
mod transport;

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use zicht_core::key_trust::SendMode;
use zicht_core::outbox::{self, EndpointConfig, Pause, SyncState};
use zicht_core::sending_status::{Conditions, ItemStatus, Overview};
use zicht_core::store::{Bucket, ObservationStore};
use zicht_core::Text;

use crate::platform;
use crate::storage::{self, store};
use crate::sync_seal;
use crate::sync_settings;

pub use driver::start_driver;
pub use transport::{fetch_text, fetch_with_status, http, test_connection};

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
    // The one online state of the page (header and status block). The
    // handles live as long as the page: the app is never unmounted.
    let _ = window_event_listener(leptos::ev::online, move |_| ui.online.set(true));
    let _ = window_event_listener(leptos::ev::offline, move |_| ui.online.set(false));
    // The page's one clock: ages ("3 min geleden") and opening hours ("nu open").
    let _ = set_interval_with_handle(
        move || ui.now_ms.set(now_ms()),
        std::time::Duration::from_secs(30),
    );
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
            driver::pass().await;
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

fn bump() {
    if let Some(ui) = ui() {
        ui.revision.update(|r| *r += 1);
    }
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
