//! The observation form: which draft it opens with, autosave, save and
//! discard. The decisions are in `zicht_core::draft`; this carries them out.

use super::fields::{self, FormState};
use super::{current_bucket, finish_context, focus, stash_key, Notice};
use crate::i18n::{use_i18n, I18n};
use crate::platform;
use crate::storage::{self, store};
use crate::ui::NotFoundBlock;
use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use std::sync::{Arc, Mutex};
use zicht_core::draft::{self, Base, Effect, Event, Mode, RestoreInput, Session};
use zicht_core::i18n::K;
use zicht_core::observation::{catalog_knows_signal, Draft, KnownIds, MeldrouteProgress};
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
            <NotFoundBlock title=K::ObsEditTitle message=K::ObsNotFound
                back_href=Page::Observations.path() back_label=K::NavObservations />
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
    let mode = Mode::new(edit_id, corrects);
    let shell = FormShell {
        draft_key: mode.draft_key(),
        session: Arc::new(Mutex::new(Session::new())),
        timer: Arc::new(Mutex::new(None)),
        state: FormState {
            draft: RwSignal::new(Draft::default()),
            errors: RwSignal::new(Vec::new()),
            notice: RwSignal::new(Notice::None),
            saving: RwSignal::new(false),
            loaded: RwSignal::new(false),
            draft_saved: RwSignal::new(false),
            signal_query: RwSignal::new(String::new()),
        },
        navigate: Arc::new(use_navigate()),
        i: use_i18n(),
    };
    spawn_local(shell.clone().restore(mode, preselect));

    {
        let on_hide = shell.clone();
        let hide =
            window_event_listener(ev::pagehide, move |_| on_hide.dispatch(Event::PageHidden));
        let on_hidden = shell.clone();
        let visibility = window_event_listener(ev::visibilitychange, move |_| {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .map(|d| d.hidden())
                .unwrap_or(false);
            if hidden {
                on_hidden.dispatch(Event::PageHidden);
            }
        });
        let on_leave = shell.clone();
        on_cleanup(move || {
            hide.remove();
            visibility.remove();
            on_leave.dispatch(Event::Left);
        });
    }

    let change = {
        let shell = shell.clone();
        move |f: &dyn Fn(&mut Draft)| {
            shell.state.draft.update(|d| f(d));
            shell.dispatch(Event::Typed(Box::new(shell.state.draft.get_untracked())));
        }
    };
    let save = {
        let shell = shell.clone();
        move |ev: ev::SubmitEvent| {
            ev.prevent_default();
            shell.dispatch(Event::SaveRequested);
        }
    };
    let discard = {
        let shell = shell.clone();
        move |_| {
            if platform::confirm(shell.i.t(K::ObsDraftDiscardConfirm)) {
                spawn_local(shell.clone().dispatch_in_order(Event::DiscardConfirmed));
            }
        }
    };
    fields::form_view(shell.state, change, save, discard)
}

/// The router's `navigate`, kept past the form's own lifetime.
type Navigate = Arc<dyn Fn(&str, NavigateOptions) + Send + Sync>;

/// Carries out what the form's [`Session`] decides. It outlives the form's
/// signals (leaving the screen still writes the draft), so it holds the
/// session and the timer in plain shared values and sets signals with `try_`.
#[derive(Clone)]
struct FormShell {
    draft_key: String,
    session: Arc<Mutex<Session>>,
    timer: Arc<Mutex<Option<TimeoutHandle>>>,
    state: FormState,
    navigate: Navigate,
    i: I18n,
}

impl FormShell {
    fn effects(&self, event: Event) -> Vec<Effect> {
        self.session
            .lock()
            .map(|mut s| s.handle(event))
            .unwrap_or_default()
    }

    /// Carries out the effects now; storage writes run on their own.
    fn dispatch(&self, event: Event) {
        for effect in self.effects(event) {
            self.perform(effect);
        }
    }

    /// Carries out the effects one after another, each storage write
    /// committed before the next effect.
    async fn dispatch_in_order(self, event: Event) {
        for effect in self.effects(event) {
            self.clone().perform_async(effect).await;
        }
    }

    fn stash(&self) -> String {
        stash_key(&self.draft_key)
    }

    fn perform(&self, effect: Effect) {
        let state = &self.state;
        match effect {
            Effect::ClearErrors => {
                state.errors.try_set(vec![]);
            }
            Effect::ShowUnsaved => {
                state.draft_saved.try_set(false);
            }
            Effect::StartAutosave => {
                self.stop_autosave();
                let shell = self.clone();
                let handle = set_timeout_with_handle(
                    move || shell.dispatch(Event::AutosaveDue),
                    std::time::Duration::from_millis(draft::AUTOSAVE_DELAY_MS),
                )
                .ok();
                if let Ok(mut timer) = self.timer.lock() {
                    *timer = handle;
                }
            }
            Effect::StopAutosave => self.stop_autosave(),
            Effect::Stash(draft) => platform::stash_draft(&self.stash(), &draft),
            Effect::ShowSaving(busy) => {
                state.saving.try_set(busy);
            }
            Effect::DropStash => platform::drop_stashed_draft(&self.stash()),
            Effect::ForgetWalk => platform::forget_walk(),
            Effect::ResetForm => {
                state
                    .draft
                    .try_set(draft::discarded(crate::practice::is_on_untracked()));
                state.draft_saved.try_set(false);
            }
            Effect::SaveObservation => spawn_local(self.clone().save()),
            Effect::WriteDraft { .. } | Effect::DeleteDraft => {
                spawn_local(self.clone().perform_async(effect));
            }
        }
    }

    async fn perform_async(self, effect: Effect) {
        match effect {
            Effect::WriteDraft {
                draft,
                then_drop_stash,
                report_failure,
            } => {
                let s = store().await;
                match s.put_draft(current_bucket(), &self.draft_key, &draft).await {
                    Ok(()) => {
                        if then_drop_stash {
                            platform::drop_stashed_draft(&self.stash());
                        }
                        self.state.draft_saved.try_set(true);
                    }
                    Err(e) if report_failure => {
                        self.state
                            .notice
                            .try_set(Notice::Error(e.message(self.i.lang())));
                    }
                    Err(_) => {}
                }
            }
            Effect::DeleteDraft => {
                let _ = store()
                    .await
                    .delete_draft(current_bucket(), &self.draft_key)
                    .await;
            }
            other => self.perform(other),
        }
    }

    fn stop_autosave(&self) {
        if let Some(handle) = self.timer.lock().ok().and_then(|mut t| t.take()) {
            handle.clear();
        }
    }

    /// The draft the form opens with: the stash, else the stored draft, else
    /// the observation being edited or corrected, else a blank one; a signal
    /// from the URL is added to it (`zicht_core::draft::restore`).
    async fn restore(self, mode: Mode, preselect: Option<String>) {
        let s = store().await;
        let stash = self.stash();
        let stashed = platform::stashed_draft(&stash);
        // IndexedDB is read only when there is no stash.
        let stored = match stashed {
            Some(_) => None,
            None => s
                .get_draft(current_bucket(), &self.draft_key)
                .await
                .ok()
                .flatten(),
        };
        let base = Base::new(stashed, stored);
        if base.move_stash
            && s.put_draft(current_bucket(), &self.draft_key, &base.draft)
                .await
                .is_ok()
        {
            platform::drop_stashed_draft(&stash);
        }
        let record = match mode.record_id().filter(|_| base.needs_record()) {
            Some(id) => s.get(current_bucket(), id).await.ok().flatten(),
            None => None,
        };
        let restored = draft::restore(
            base,
            RestoreInput {
                mode: &mode,
                record: record.as_ref().map(|r| &r.observation),
                walk: platform::stored_walk().map(|(role, path)| MeldrouteProgress { role, path }),
                preselect: preselect.as_deref(),
                known_signal: &catalog_knows_signal,
                practice: crate::practice::is_on_untracked(),
            },
        );
        self.state.draft.try_set(restored);
        self.state.loaded.try_set(true);
        self.dispatch(Event::Restored);
    }

    async fn save(self) {
        let i = self.i;
        let known = KnownIds::catalog();
        let finished = self
            .state
            .draft
            .get_untracked()
            .finish(&finish_context(), &known);
        let observation = match finished {
            Ok(o) => o,
            Err(list) => {
                self.state.errors.try_set(
                    list.iter()
                        .map(|e| (e.field, e.message(i.lang()).to_string()))
                        .collect(),
                );
                focus("#form-errors");
                self.dispatch(Event::SaveFailed);
                return;
            }
        };
        let s = store().await;
        let record = StoredObservation::new(observation, &platform::now_rfc3339());
        let id = record.observation.id.clone();
        let handoff = record.clone();
        match s.put(current_bucket(), record).await {
            Ok(()) => {
                storage::hand_over_saved(handoff);
                self.clone().dispatch_in_order(Event::Saved).await;
                storage::refresh_sending();
                crate::sync::kick();
                (self.navigate)(
                    &format!("{}?{}=1", paths::observation(&id), paths::SAVED_PARAM),
                    NavigateOptions::default(),
                );
            }
            Err(e) => {
                self.dispatch(Event::SaveFailed);
                self.state
                    .notice
                    .try_set(Notice::Error(e.message(i.lang())));
                focus(".observation-form .notice-error[role=alert]");
            }
        }
    }
}
