//! What the user sees of sending: the status block (Settings and the
//! observation list), one observation's sending details, and ages.

use leptos::prelude::*;
use leptos::task::spawn_local;
use zicht_core::i18n::K;
use zicht_core::outbox::{edit_policy, EditPolicy, SyncState};
use zicht_core::paths::{self, Page};
use zicht_core::sending_status::Headline;
use zicht_core::store::{Bucket, ObservationStore, StoredObservation};

use crate::i18n::use_i18n;
use crate::platform;
use crate::storage::store;
use crate::sync::{self, use_sync};
use crate::sync_settings;

/// Where sending stands: no endpoint (nothing is sent), paused (with what to
/// do), offline, waiting count and age, last error, and "Nu versturen".
#[component]
pub fn SyncStatus() -> impl IntoView {
    let i = use_i18n();
    let ui = use_sync();
    sync::ensure_settings_read();
    // One overview for every line here, the cards and the badge; until the
    // store has been read nothing is claimed (no "Alles is verstuurd").
    let overview = move || crate::sync::overview().unwrap_or_default();
    let known = move || crate::sync::overview().is_some();
    let unsent = move || overview().unsent();
    view! {
        <section class="sync-status" data-testid="sync-status" aria-live="polite">
            {move || match ui.configured.get() {
                None => view! { <p class="notice" data-testid="sync-none">{move || i.t(K::SyncNone)}</p> }.into_any(),
                Some(config) => {
                    let name = sync_settings::display_name(&config);
                    view! {
                        <p data-testid="sync-target">{move || i.tf(K::SyncTo, &[("name", &name)])}</p>
                        <crate::sync_seal_view::SealStatus config=config.clone() />
                        {move || ui.pause.get().map(|p| view! {
                            <div class="notice notice-error" role="alert" data-testid="sync-paused">
                                <p>{move || p.message().get(i.lang()).to_string()}</p>
                                <p><a href=Page::Settings.path()>{move || i.t(K::SyncSettingsLink)}</a></p>
                            </div>
                        })}
                        {move || (!ui.online.get() && unsent() > 0).then(|| view! { <p class="notice">{move || i.t(K::SyncOffline)}</p> })}
                        {move || known().then(|| {
                            let o = overview();
                            let n = o.unsent();
                            let headline = o.headline();
                            let text = match headline {
                                Headline::AllSent => i.t(K::SyncAllSent).to_string(),
                                Headline::Rejected(_) => i.t(K::SyncNothingWaiting).to_string(),
                                Headline::Paused(p) => i.tf(K::SyncPausedCount, &[("n", &p.to_string())]),
                                Headline::OnlyHere(_) | Headline::Waiting(_) => {
                                    let age = o.oldest_unsent_ms.map(|t| crate::shell::age_text(i, t, ui.now_ms.get(), false)).unwrap_or_default();
                                    i.tf(K::SyncWaiting, &[("n", &n.to_string()), ("age", &age)])
                                }
                            };
                            view! { <p data-testid="sync-waiting" data-n=n.to_string() data-headline=headline_code(headline)>{text}</p> }
                        })}
                        {move || ui.busy.get().then(|| view! { <p>{move || i.t(K::SyncBusy)}</p> })}
                        {move || (unsent() > 0 && ui.pause.get().is_none()).then(|| ui.last_error.get()).flatten().map(|e| view! {
                            <p class="hint" data-testid="sync-last-error">{i.tf(K::SyncLastError, &[("error", e.get(i.lang()))])}</p>
                        })}
                        {move || (unsent() > 0 && !ui.busy.get()).then(|| ui.next_try_ms.get()).flatten().map(|at| {
                            let now = ui.now_ms.get();
                            (at > now).then(|| view! { <p class="hint">{i.tf(K::SyncNextTry, &[("age", &crate::shell::age_text(i, now, at, false))])}</p> })
                        })}
                        {move || {
                            let n = overview().rejected;
                            (n > 0).then(|| view! { <p class="notice notice-warning" data-testid="sync-rejected">{i.tf(K::SyncRejectedCount, &[("n", &n.to_string())])}</p> })
                        }}
                        <p>
                            <button type="button" class="button button-secondary" data-testid="sync-send-now"
                                disabled=move || ui.busy.get()
                                on:click=move |_| sync::send_now()>
                                {move || i.t(K::SyncSendNow)}
                            </button>
                        </p>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// Stable name of the headline for `data-headline` (tests and styles).
fn headline_code(headline: Headline) -> &'static str {
    match headline {
        Headline::AllSent => "all-sent",
        Headline::OnlyHere(_) => "only-here",
        Headline::Waiting(_) => "waiting",
        Headline::Paused(_) => "paused",
        Headline::Rejected(_) => "rejected",
    }
}

/// One observation's sending: state, receipt, last error in plain words,
/// and how to change it (edit, correction, or wait). Live: it re-reads the
/// record whenever the driver stores a new state.
#[component]
pub fn ObservationSync(id: String) -> impl IntoView {
    let i = use_i18n();
    let ui = use_sync();
    sync::ensure_settings_read();
    let record = live_record(id);
    move || {
        record.get().map(|r| {
            let lang = i.lang();
            let state = r.sync.clone();
            let status = sync::item_status(&state);
            let configured = ui.configured.get().is_some();
            let policy = edit_policy(&state, r.observation.practice);
            let describe = match (&state, configured) {
                (SyncState::Pending, false) => i.t(K::SyncNone).to_string(),
                _ => state.describe().get(lang).to_string(),
            };
            let error_class = match state {
                SyncState::Rejected { .. } => "notice notice-error",
                SyncState::RetryLater { .. } => "notice notice-warning",
                _ => "notice",
            };
            let details = match &state {
                SyncState::Sent { receipt, sent_at_ms } => {
                    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(*sent_at_ms as f64))
                        .to_iso_string()
                        .as_string()
                        .unwrap_or_default();
                    Some(view! {
                        <dl class="facts facts-wide">
                            <dt>{i.t(K::SyncReceipt)}</dt>
                            <dd class="mono" data-testid="sync-receipt">{receipt.clone()}</dd>
                            <dt>{i.t(K::SyncSentAt)}</dt>
                            <dd>{platform::local_date_time(&at, lang)}</dd>
                        </dl>
                    }.into_any())
                }
                SyncState::RetryLater { attempts, .. } if *attempts > 0 => Some(view! {
                    <dl class="facts facts-wide">
                        <dt>{i.t(K::SyncAttempts)}</dt>
                        <dd>{attempts.to_string()}</dd>
                    </dl>
                }.into_any()),
                _ => None,
            };
            let action = match (&state, policy) {
                (SyncState::Rejected { .. }, _) => Some(view! { <p>{i.t(K::SyncCorrectRejected)}</p> }.into_any()),
                (_, EditPolicy::Locked) => Some(view! { <p class="hint">{i.t(K::SyncLocked)}</p> }.into_any()),
                _ => None,
            };
            let corrects = r.observation.corrects.clone().map(|c| {
                let href = paths::observation(&c);
                view! { <p class="hint"><a href=href>{i.tf(K::SyncCorrectionOf, &[("id", &c[..c.len().min(8)])])}</a></p> }
            });
            view! {
                <section class="observation-sync" data-testid="observation-sync" data-state=state_name(&state) data-status=status.code() aria-labelledby="sync-state-title">
                    <h2 id="sync-state-title">{i.t(K::SyncStateTitle)}</h2>
                    <p><span class="badge" data-testid="sync-state" data-status=status.code()>{i.t(status.label())}</span></p>
                    <p class=error_class data-testid="sync-describe">{describe}</p>
                    {details}
                    {action}
                    {corrects}
                </section>
            }
        })
    }
}

/// The stored record, re-read whenever the driver stores a new state.
fn live_record(id: String) -> RwSignal<Option<StoredObservation>> {
    let ui = use_sync();
    let record = RwSignal::new(None::<StoredObservation>);
    Effect::new(move |_| {
        ui.revision.track();
        let id = id.clone();
        spawn_local(async move {
            if let Ok(found) = store().await.get(Bucket::Real, &id).await {
                record.set(found);
            }
        });
    });
    record
}

/// The detail page's main action, following the live state: edit in place
/// while no endpoint has seen it, a correction once sent or rejected,
/// nothing while a request's fate is unknown (the hint above says why).
#[component]
pub fn EditAction(id: String) -> impl IntoView {
    let i = use_i18n();
    let record = live_record(id);
    move || {
        record.get().map(|r| {
            let id = r.observation.id.clone();
            match edit_policy(&r.sync, r.observation.practice) {
                EditPolicy::AsCorrection => view! {
                    <a class="button button-primary" data-testid="make-correction" href=format!("{}?{}={}", paths::NEW_OBSERVATION, paths::OBSERVATION_CORRECTS_PARAM, id)>{move || i.t(K::ObsMakeCorrection)}</a>
                }.into_any(),
                EditPolicy::InPlace => view! {
                    <a class="button button-primary" href=paths::edit_observation(&id)>{move || i.t(K::ObsEdit)}</a>
                }.into_any(),
                EditPolicy::Locked => ().into_any(),
            }
        })
    }
}

fn state_name(state: &SyncState) -> &'static str {
    match state {
        SyncState::Pending => "pending",
        SyncState::Sending { .. } => "sending",
        SyncState::RetryLater { .. } => "retry_later",
        SyncState::Sent { .. } => "sent",
        SyncState::Rejected { .. } => "rejected",
    }
}
