//! The observation form: which draft it opens with, autosave, save and
//! discard. The decisions are in `zicht_core::draft`; this carries them out.

use super::fields::{self, FormState};
use super::{current_bucket, finish_context, focus, stash_key, Notice, AUTOSAVE_DELAY_MS};
use crate::i18n::use_i18n;
use crate::platform;
use crate::storage::{self, store};
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use std::sync::{Arc, Mutex};
use zicht_core::draft::{self, Base, Mode, RestoreInput};
use zicht_core::i18n::K;
use zicht_core::observation::{catalog_knows, Draft, Field, KnownIds, MeldrouteProgress};
use zicht_core::outbox::{edit_policy, EditPolicy};
use zicht_core::paths::{self, Page};
use zicht_core::store::{ObservationStore, StoredObservation};

/// `/observaties/nieuw` and `/observaties/:id/bewerken`.
#[component]
pub fn NewObservation() -> impl IntoView {
    let query = use_query_map();
    let preselect = query.read_untracked().get(paths::OBSERVATION_SIGNAL_PARAM);
    let corrects = query
        .read_untracked()
        .get(paths::OBSERVATION_CORRECTS_PARAM);
    view! { <ObservationForm edit_id=None preselect=preselect corrects=corrects /> }
}

#[component]
pub fn EditObservation() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = params.read_untracked().get("id").unwrap_or_default();
    // Only an observation that no request has carried yet may change in
    // place; anything else is corrected with a new observation (protocol).
    let editable = RwSignal::new(None::<Option<bool>>);
    {
        let id = id.clone();
        spawn_local(async move {
            let s = store().await;
            // None inside: no such observation on this device.
            let found = s.get(current_bucket(), &id).await.ok().flatten();
            editable.set(Some(found.map(|r| {
                edit_policy(&r.sync, r.observation.practice) == EditPolicy::InPlace
            })));
        });
    }
    move || {
        match editable.get() {
        None => ().into_any(),
        Some(None) => view! {
            <div class="page">
                <h1>{move || i.t(K::ObsEditTitle)}</h1>
                <p role="alert">{move || i.t(K::ObsNotFound)}</p>
                <p><a href=Page::Observations.path()>{move || i.t(K::NavObservations)}</a></p>
            </div>
        }
        .into_any(),
        Some(Some(true)) => {
            view! { <ObservationForm edit_id=Some(id.clone()) preselect=None corrects=None /> }
                .into_any()
        }
        Some(Some(false)) => view! {
            <div class="page">
                <h1>{move || i.t(K::ObsEditTitle)}</h1>
                <p class="notice" role="alert">{move || i.t(K::ObsEditNotAllowed)}</p>
                <div class="answers">
                    <a class="button button-primary" href=format!("{}?{}={}", paths::NEW_OBSERVATION, paths::OBSERVATION_CORRECTS_PARAM, id)>
                        {move || i.t(K::ObsMakeCorrection)}
                    </a>
                    <a class="button button-secondary" href=paths::observation(&id)>{move || i.t(K::ObsDetailTitle)}</a>
                </div>
            </div>
        }
        .into_any(),
    }
    }
}

#[component]
fn ObservationForm(
    edit_id: Option<String>,
    preselect: Option<String>,
    corrects: Option<String>,
) -> impl IntoView {
    let i = use_i18n();
    let navigate = use_navigate();
    let mode = Mode::new(edit_id, corrects);
    let draft_key = mode.draft_key();
    let draft = RwSignal::new(Draft::default());
    let loaded = RwSignal::new(false);
    let draft_saved = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<(Field, String)>::new());
    let notice = RwSignal::new(Notice::None);
    let saving = RwSignal::new(false);
    let signal_query = RwSignal::new(String::new());

    // Restore: the autosaved draft first, else the observation being edited
    // or corrected, else a blank one; a signal from the URL is added to it.
    {
        let draft_key = draft_key.clone();
        spawn_local(async move {
            let s = store().await;
            // A draft stashed while the page was being torn down is newer
            // than the one in IndexedDB; move it there.
            let stash = stash_key(&draft_key);
            let stashed = platform::stashed_draft(&stash);
            // IndexedDB is read only when there is no stash, as before.
            let stored = match stashed {
                Some(_) => None,
                None => s
                    .get_draft(current_bucket(), &draft_key)
                    .await
                    .ok()
                    .flatten(),
            };
            let base = Base::new(stashed, stored);
            if base.move_stash
                && s.put_draft(current_bucket(), &draft_key, &base.draft)
                    .await
                    .is_ok()
            {
                platform::drop_stashed_draft(&stash);
            }
            let record = match mode.record_id().filter(|_| base.needs_record()) {
                Some(id) => s.get(current_bucket(), id).await.ok().flatten(),
                None => None,
            };
            let known_signal = |id: &str| zicht_core::catalog().signals.signal(id).is_some();
            let restored = draft::restore(
                base,
                RestoreInput {
                    mode: &mode,
                    record: record.as_ref().map(|r| &r.observation),
                    walk: platform::stored_walk()
                        .map(|(role, path)| MeldrouteProgress { role, path }),
                    preselect: preselect.as_deref(),
                    known_signal: &known_signal,
                    practice: crate::practice::is_on_untracked(),
                },
            );
            draft.set(restored);
            loaded.set(true);
        });
    }

    // Autosave: debounced while typing, at once when the page is hidden.
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // The last change not yet written: written after a pause in typing, when
    // the page is hidden, and when the form is left for another screen (the
    // signals may be gone by then, hence a plain shared value).
    let unsaved: Arc<Mutex<Option<Draft>>> = Arc::new(Mutex::new(None));
    let take_unsaved = {
        let unsaved = unsaved.clone();
        move || unsaved.lock().ok().and_then(|mut u| u.take())
    };
    let write_draft = {
        let draft_key = draft_key.clone();
        let take_unsaved = take_unsaved.clone();
        move || {
            let Some(snapshot) = take_unsaved() else {
                return;
            };
            let key = draft_key.clone();
            spawn_local(async move {
                let s = store().await;
                match s.put_draft(current_bucket(), &key, &snapshot).await {
                    Ok(()) => {
                        draft_saved.try_set(true);
                    }
                    Err(e) => {
                        notice.try_set(Notice::Error(e.message(i.lang())));
                    }
                }
            });
        }
    };
    let schedule = {
        let write_draft = write_draft.clone();
        move || {
            draft_saved.set(false);
            if let Some(handle) = timer.get_value() {
                handle.clear();
            }
            let write_draft = write_draft.clone();
            let handle = set_timeout_with_handle(
                write_draft,
                std::time::Duration::from_millis(AUTOSAVE_DELAY_MS),
            )
            .ok();
            timer.set_value(handle);
        }
    };
    let change = {
        let schedule = schedule.clone();
        let unsaved = unsaved.clone();
        move |f: &dyn Fn(&mut Draft)| {
            draft.update(|d| f(d));
            if loaded.get_untracked() {
                if let Ok(mut u) = unsaved.lock() {
                    *u = Some(draft.get_untracked());
                }
            }
            errors.set(vec![]);
            schedule();
        }
    };
    // When the page is hidden or torn down an IndexedDB transaction may not
    // get to commit, so the draft goes to localStorage first (synchronous),
    // then to IndexedDB, and the stash is dropped once that has committed.
    let stash_and_write = {
        let draft_key = draft_key.clone();
        let take_unsaved = take_unsaved.clone();
        move || {
            let Some(snapshot) = take_unsaved() else {
                return;
            };
            let stash = stash_key(&draft_key);
            platform::stash_draft(&stash, &snapshot);
            let key = draft_key.clone();
            spawn_local(async move {
                let s = store().await;
                if s.put_draft(current_bucket(), &key, &snapshot).await.is_ok() {
                    platform::drop_stashed_draft(&stash);
                    draft_saved.try_set(true);
                }
            });
        }
    };
    {
        let flush = stash_and_write.clone();
        let hide = window_event_listener(ev::pagehide, move |_| flush());
        let flush = stash_and_write.clone();
        let visibility = window_event_listener(ev::visibilitychange, move |_| {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .map(|d| d.hidden())
                .unwrap_or(false);
            if hidden {
                flush();
            }
        });
        let flush = write_draft.clone();
        on_cleanup(move || {
            hide.remove();
            visibility.remove();
            if let Some(handle) = timer.try_get_value().flatten() {
                handle.clear();
            }
            flush();
        });
    }

    let save = {
        let draft_key = draft_key.clone();
        let take_unsaved = take_unsaved.clone();
        let navigate = navigate.clone();
        move |ev: ev::SubmitEvent| {
            ev.prevent_default();
            if saving.get_untracked() {
                return;
            }
            let known = KnownIds::all(&catalog_knows);
            let finished = draft.get_untracked().finish(&finish_context(), &known);
            let observation = match finished {
                Ok(o) => o,
                Err(list) => {
                    errors.set(
                        list.iter()
                            .map(|e| (e.field, e.message(i.lang()).to_string()))
                            .collect(),
                    );
                    focus("#form-errors");
                    return;
                }
            };
            saving.set(true);
            let key = draft_key.clone();
            let navigate = navigate.clone();
            let take_unsaved = take_unsaved.clone();
            spawn_local(async move {
                let s = store().await;
                let record = StoredObservation::new(observation, &platform::now_rfc3339());
                let id = record.observation.id.clone();
                let handoff = record.clone();
                match s.put(current_bucket(), record).await {
                    Ok(()) => {
                        storage::hand_over_saved(handoff);
                        if let Some(handle) = timer.get_value() {
                            handle.clear();
                        }
                        // Saved: leaving the form must not bring the draft back.
                        take_unsaved();
                        platform::drop_stashed_draft(&stash_key(&key));
                        let _ = s.delete_draft(current_bucket(), &key).await;
                        platform::forget_walk();
                        storage::refresh_sending();
                        crate::sync::kick();
                        navigate(
                            &format!("{}?{}=1", paths::observation(&id), paths::SAVED_PARAM),
                            NavigateOptions::default(),
                        );
                    }
                    Err(e) => {
                        saving.set(false);
                        notice.set(Notice::Error(e.message(i.lang())));
                        focus(".observation-form .notice-error[role=alert]");
                    }
                }
            });
        }
    };

    let discard = {
        let draft_key = draft_key.clone();
        let take_unsaved = take_unsaved.clone();
        move |_| {
            if !platform::confirm(i.t(K::ObsDraftDiscardConfirm)) {
                return;
            }
            if let Some(handle) = timer.get_value() {
                handle.clear();
            }
            take_unsaved();
            let key = draft_key.clone();
            platform::drop_stashed_draft(&stash_key(&key));
            spawn_local(async move {
                let s = store().await;
                let _ = s.delete_draft(current_bucket(), &key).await;
                draft.set(draft::discarded(crate::practice::is_on_untracked()));
                draft_saved.set(false);
            });
        }
    };

    fields::form_view(
        FormState {
            draft,
            errors,
            notice,
            saving,
            loaded,
            draft_saved,
            signal_query,
        },
        change,
        save,
        discard,
    )
}
