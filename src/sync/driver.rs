//! The driver's passes: triggers, timers, the outbox drained one
//! observation at a time, and the figures the UI shows.

use std::cell::Cell;

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zicht_core::key_trust::SendMode;
use zicht_core::outbox::{self, Decision, OutboxItem, SyncState};
use zicht_core::outbox_lease;
use zicht_core::store::{Bucket, ObservationStore, StoredObservation};

use super::lock::{lease_remaining_ms, set_tab_id, with_outbox_lock};
use super::send::{check_key, send_one};
use super::{bump, kick, now_ms, read_settings, set_if_changed, settings_changed, ui};
use crate::platform;
use crate::storage::{self, store, AppStore};
use crate::sync_seal;
use crate::sync_settings;

/// After a store error, try again this much later.
pub(super) const STORE_RETRY_MS: u64 = 30_000;
/// After a health request before sending failed, ask again this much later.
pub(super) const HEALTH_RETRY_MS: u64 = 15_000;
/// Timers never wait longer than this (clock changes, sleeping devices).
const MAX_TIMER_MS: u64 = 10 * 60 * 1_000;

thread_local! {
    static TIMER: Cell<Option<i32>> = const { Cell::new(None) };
}

pub(super) fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    platform::random_bytes(&mut bytes);
    u64::from_le_bytes(bytes)
}

/// Starts the driver: reads the settings, sets up the triggers and runs the
/// first pass. Its code is a chunk of its own (`zicht_driver`), loaded right
/// after the first screen, so the first load carries none of it.
#[wasm_split(zicht_driver, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn start_driver() -> Result<(), SplitLoaderError> {
    zicht_core::i18n::load_all_texts();
    if ui().is_none() {
        return Ok(());
    }
    set_tab_id(format!("{:016x}", random_u64()));

    // `provide_status` keeps the online state; coming back online starts a pass.
    let _ = window_event_listener(leptos::ev::online, move |_| kick());
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

pub(super) fn schedule(delay_ms: u64) {
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
pub(super) async fn pass() {
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
pub(super) async fn persist(
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
    if outbox_lease::no_error_left(list.iter().map(|r| (r.observation.practice, &r.sync))) {
        ui.last_error.set(None);
    }
    ui.now_ms.set(now_ms());
    // The one overview of the badge, the list, its cards and Settings.
    storage::set_sending_from(list);
}
