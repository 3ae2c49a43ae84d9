//! Anonymous observations: the list, the form (with autosaved draft and
//! privacy guard), one observation with export, share and delete.

use std::sync::{Arc, Mutex};

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use zicht_core::i18n::K;
use zicht_core::observation::{
    AgeBand, DayPart, Draft, FinishContext, Gender, KnownIds, MeldrouteProgress, Observation,
    Setting, Step, Worry, NOTE_MAX_CHARS,
};
use zicht_core::outbox::SyncState;
use zicht_core::paths::{self, Page};
use zicht_core::privacy;
use zicht_core::search::{SearchIndex, SearchQuery};
use zicht_core::store::{Bucket, ObservationStore, StoredObservation};
use zicht_core::Lang;

use super::signal_title;
use crate::i18n::{use_i18n, I18n};
use crate::platform;
use crate::storage::{self, store};

/// Real observations, or practice ones while practice mode is on.
fn current_bucket() -> Bucket {
    crate::practice::bucket()
}

/// Where a draft is stashed in localStorage while the page goes away.
fn stash_key(draft_key: &str) -> String {
    format!("zicht.draft.{}.{draft_key}", current_bucket().name())
}

/// Draft key of a new observation; edits use `edit-<id>`.
const NEW_DRAFT: &str = "new";
/// How long typing may pause before the draft is written.
const AUTOSAVE_DELAY_MS: u64 = 400;
/// Search results shown under the signal field.
const SIGNAL_RESULTS: usize = 8;

fn setting_key(s: Setting) -> K {
    match s {
        Setting::StraatHangplek => K::ObsSettingStraatHangplek,
        Setting::School => K::ObsSettingSchool,
        Setting::Buurthuis => K::ObsSettingBuurthuis,
        Setting::Online => K::ObsSettingOnline,
        Setting::Woning => K::ObsSettingWoning,
        Setting::Winkel => K::ObsSettingWinkel,
        Setting::Vervoer => K::ObsSettingVervoer,
        Setting::Anders => K::ObsSettingAnders,
    }
}

fn age_key(a: AgeBand) -> K {
    match a {
        AgeBand::Under12 => K::ObsAgeOnder12,
        AgeBand::From12To15 => K::ObsAge1215,
        AgeBand::From16To17 => K::ObsAge1617,
        AgeBand::From18To21 => K::ObsAge1821,
        AgeBand::From22 => K::ObsAge22Plus,
        AgeBand::Unknown => K::ObsAgeOnbekend,
    }
}

fn gender_key(g: Gender) -> K {
    match g {
        Gender::Jongen => K::ObsGenderJongen,
        Gender::Meisje => K::ObsGenderMeisje,
        Gender::Anders => K::ObsGenderAnders,
        Gender::Onbekend => K::ObsGenderOnbekend,
    }
}

fn worry_key(w: Worry) -> K {
    match w {
        Worry::Acuut => K::ObsWorryAcuut,
        Worry::Zorgelijk => K::ObsWorryZorgelijk,
        Worry::Twijfel => K::ObsWorryTwijfel,
    }
}

fn step_key(s: Step) -> K {
    match s {
        Step::Collega => K::ObsStepCollega,
        Step::Aandachtsfunctionaris => K::ObsStepAandachtsfunctionaris,
        Step::ShopJeugd => K::ObsStepShopJeugd,
        Step::VeiligThuis => K::ObsStepVeiligThuis,
        Step::Politie => K::ObsStepPolitie,
        Step::NogNiets => K::ObsStepNogNiets,
    }
}

fn day_part_key(d: DayPart) -> K {
    match d {
        DayPart::Ochtend => K::ObsDayPartOchtend,
        DayPart::Middag => K::ObsDayPartMiddag,
        DayPart::Avond => K::ObsDayPartAvond,
        DayPart::Nacht => K::ObsDayPartNacht,
    }
}

/// Serde name of a closed-list value (`"straat_hangplek"`), for form values.
fn code<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn from_code<T: serde::de::DeserializeOwned>(code: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
}

fn known_ids() -> impl Fn(&str) -> bool {
    |id: &str| {
        let catalog = zicht_core::catalog();
        catalog.signals.signal(id).is_some()
            || catalog.signals.form(id).is_some()
            || catalog.signals.recruitment_item(id).is_some()
            || catalog
                .regions
                .iter()
                .any(|r| r.areas.iter().any(|a| a.id == id))
    }
}

fn finish_context() -> FinishContext {
    let mut random = [0u8; 16];
    platform::random_bytes(&mut random);
    let mut ctx = FinishContext::new(random, &platform::local_date(), &platform::now_rfc3339());
    ctx.day_part_now = Some(DayPart::from_local_hour(platform::local_hour()));
    ctx
}

/// A short, readable text of one observation, for sharing or printing.
fn summary(o: &Observation, lang: Lang) -> String {
    use zicht_core::i18n::t;
    let mut lines = vec![t(lang, K::ObsSummaryHeading).to_string(), String::new()];
    let mut line = |k: K, v: String| lines.push(format!("{}: {v}", t(lang, k)));
    line(
        K::ObsFieldObserved,
        format!(
            "{}{}",
            o.observed_on,
            o.day_part
                .map(|d| format!(", {}", t(lang, day_part_key(d))))
                .unwrap_or_default()
        ),
    );
    line(K::ObsWorry, t(lang, worry_key(o.worry)).to_string());
    line(
        K::ObsSignalsChosen,
        o.signals
            .iter()
            .map(|s| signal_title(s, lang))
            .collect::<Vec<_>>()
            .join("; "),
    );
    if let Some(s) = o.setting {
        line(K::ObsSetting, t(lang, setting_key(s)).to_string());
    }
    line(K::ObsAge, t(lang, age_key(o.age_band)).to_string());
    if !o.steps_taken.is_empty() {
        line(
            K::ObsSteps,
            o.steps_taken
                .iter()
                .map(|s| t(lang, step_key(*s)))
                .collect::<Vec<_>>()
                .join("; "),
        );
    }
    if !o.note.is_empty() {
        line(K::ObsNote, privacy::redact(&o.note, lang));
    }
    line(K::ObsFieldId, o.id.clone());
    lines.push(String::new());
    lines.push(t(lang, K::ObsSummaryFor).to_string());
    lines.join("\n")
}

/// Error or success line under an action, announced to screen readers.
#[derive(Clone, Debug, PartialEq)]
enum Notice {
    None,
    Info(String),
    Error(String),
}

#[component]
fn NoticeLine(notice: RwSignal<Notice>) -> impl IntoView {
    move || match notice.get() {
        Notice::None => ().into_any(),
        Notice::Info(text) => view! { <p class="notice" role="status">{text}</p> }.into_any(),
        Notice::Error(text) => view! {
            <p class="notice notice-error" role="alert" tabindex="-1">{text}</p>
        }
        .into_any(),
    }
}

#[component]
fn StorageProblem() -> impl IntoView {
    let i = use_i18n();
    let problem = RwSignal::new(None);
    spawn_local(async move {
        store().await;
        problem.set(storage::open_problem());
    });
    move || {
        problem.get().map(|p| {
            let text = match p {
                storage::OpenProblem::Unavailable => i.t(K::StorageUnavailable).to_string(),
                storage::OpenProblem::Failed(e) => e.message(i.lang()),
            };
            view! { <p class="notice notice-error" role="alert">{text}</p> }
        })
    }
}

/// `/observaties`: what is on this device, newest first.
#[component]
pub fn Observations() -> impl IntoView {
    let i = use_i18n();
    let records = RwSignal::new(None::<Vec<StoredObservation>>);
    let has_draft = RwSignal::new(false);
    let notice = RwSignal::new(Notice::None);
    let load = move || {
        spawn_local(async move {
            let s = store().await;
            match s.list(current_bucket()).await {
                Ok(mut list) => {
                    list.reverse();
                    records.set(Some(list));
                }
                Err(e) => notice.set(Notice::Error(e.message(i.lang()))),
            }
            has_draft.set(matches!(
                s.get_draft(current_bucket(), NEW_DRAFT).await,
                Ok(Some(_))
            ));
        });
    };
    load();
    // Live: every stored change of any observation (the driver's passes, a
    // send in another tab) re-reads the list, so no card goes stale.
    if let Some(states) = storage::sending_states() {
        Effect::new(move |seen: Option<bool>| {
            states.track();
            if seen.is_some() {
                load();
            }
            true
        });
    }

    let export_all = move |_| {
        let list = records.get_untracked().unwrap_or_default();
        let observations: Vec<&Observation> = list.iter().map(|r| &r.observation).collect();
        let json = serde_json::to_string_pretty(&observations).unwrap_or_default();
        storage::download("zicht-observaties.json", "application/json", &json);
    };
    let wipe = move |_| {
        let list = records.get_untracked().unwrap_or_default();
        let unsent = list.iter().filter(|r| !r.is_sent()).count();
        let question = i.tf(
            K::ObsWipeConfirm,
            &[
                ("n", &list.len().to_string()),
                ("unsent", &unsent.to_string()),
            ],
        );
        if !platform::confirm(&question) {
            return;
        }
        spawn_local(async move {
            let s = store().await;
            let cleared = s.clear(current_bucket()).await;
            match cleared {
                Ok(_) => notice.set(Notice::Info(i.t(K::ObsWiped).to_string())),
                Err(e) => notice.set(Notice::Error(e.message(i.lang()))),
            }
            storage::refresh_sending();
            load();
        });
    };

    view! {
        <div class="page observations">
            <h1>{move || i.t(K::TitleObservations)}</h1>
            // Recording comes first: on patrol every second counts.
            <Show when=move || has_draft.get()>
                <p class="notice">{move || i.t(K::ObsDraftWaiting)}</p>
            </Show>
            <div class="answers">
                <a class="button button-primary" href=paths::NEW_OBSERVATION>
                    {move || if has_draft.get() { i.t(K::ObsDraftContinue) } else { i.t(K::ObsNew) }}
                </a>
            </div>
            <p>{move || i.t(K::ObsIntro)}</p>
            <StorageProblem />
            <crate::sync_view::SyncStatus />
            <NoticeLine notice=notice />
            <h2>{move || i.t(K::ObsListTitle)}</h2>
            {move || match records.get() {
                None => ().into_any(),
                Some(list) if list.is_empty() => view! { <p>{move || i.t(K::ObsListEmpty)}</p> }.into_any(),
                Some(list) => {
                    let count_key = if list.len() == 1 { K::ObsCountOne } else { K::ObsCount };
                    let total = list.len().to_string();
                    view! {
                        <p class="result-count">{move || {
                            let unsent = crate::sync::overview().map_or(0, |o| o.unsent()).to_string();
                            i.tf(count_key, &[("n", &total), ("unsent", &unsent)])
                        }}</p>
                        <ul class="card-list observation-list">
                            {list.into_iter().map(|r| view! { <li><ObservationCard record=r /></li> }).collect_view()}
                        </ul>
                        <div class="route-nav">
                            <button type="button" class="button button-secondary" on:click=export_all>{move || i.t(K::ObsExportAll)}</button>
                            <button type="button" class="button button-secondary button-danger-outline" on:click=wipe>{move || i.t(K::ObsWipeAll)}</button>
                        </div>
                    }.into_any()
                }
            }}
        </div>
    }
}

#[component]
fn ObservationCard(record: StoredObservation) -> impl IntoView {
    let i = use_i18n();
    let o = record.observation.clone();
    let sync = StoredValue::new(record.sync.clone());
    let status = move || sync.with_value(crate::sync::item_status);
    let href = paths::observation(&o.id);
    let titles = o.signals.clone();
    view! {
        <a class="card-link observation-card" href=href data-observation=o.id.clone()>
            <span class="card-title">{move || titles.iter().map(|s| signal_title(s, i.lang())).collect::<Vec<_>>().join(", ")}</span>
            <span class="card-body">
                {o.observed_on.clone()} " · " {move || i.t(worry_key(o.worry))}
            </span>
            <span class="badge" data-state=move || status().code()>{move || i.t(status().label())}</span>
        </a>
    }
}

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
            editable.set(Some(found.map(|r| r.sync == SyncState::Pending)));
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
    let draft_key = match &edit_id {
        Some(id) => format!("edit-{id}"),
        None => NEW_DRAFT.to_string(),
    };
    let draft = RwSignal::new(Draft::default());
    let loaded = RwSignal::new(false);
    let draft_saved = RwSignal::new(false);
    let errors = RwSignal::new(Vec::<(String, String)>::new());
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
            let mut restored = match platform::stashed_draft(&stash) {
                Some(d) => {
                    if s.put_draft(current_bucket(), &draft_key, &d).await.is_ok() {
                        platform::drop_stashed_draft(&stash);
                    }
                    d
                }
                None => match s.get_draft(current_bucket(), &draft_key).await {
                    Ok(Some(d)) => d,
                    _ => Draft::default(),
                },
            };
            if restored == Draft::default() {
                if let Some(id) = edit_id.as_deref().or(corrects.as_deref()) {
                    if let Ok(Some(record)) = s.get(current_bucket(), id).await {
                        restored = if edit_id.is_some() {
                            Draft::from_observation(&record.observation)
                        } else {
                            Draft::correcting(&record.observation)
                        };
                    }
                }
                if restored.meldroute.is_none() {
                    restored.meldroute = platform::stored_walk()
                        .map(|(role, path)| MeldrouteProgress { role, path });
                }
            }
            if let Some(id) =
                preselect.filter(|id| zicht_core::catalog().signals.signal(id).is_some())
            {
                if !restored.signals.contains(&id) {
                    restored.signals.push(id);
                }
            }
            // In practice mode the observation goes to the practice bucket,
            // which the outbox never sends.
            restored.practice = crate::practice::is_on_untracked();
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
            let lookup = known_ids();
            let known = KnownIds::all(&lookup);
            let finished = draft.get_untracked().finish(&finish_context(), &known);
            let observation = match finished {
                Ok(o) => o,
                Err(list) => {
                    errors.set(
                        list.iter()
                            .map(|e| (e.field.name().to_string(), e.message(i.lang()).to_string()))
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
                draft.set(Draft {
                    practice: crate::practice::is_on_untracked(),
                    ..Draft::default()
                });
                draft_saved.set(false);
            });
        }
    };

    let apply_privacy = {
        let c = change.clone();
        move |next: Draft| c(&|d: &mut Draft| *d = next.clone())
    };
    let error_for = move |field: &'static str| {
        move || {
            errors.with(|list| {
                list.iter().find(|(f, _)| f == field).map(|(_, m)| {
                    view! { <p class="field-error" id=format!("err-{field}")>{m.clone()}</p> }
                })
            })
        }
    };

    let title = move || {
        let d = draft.get();
        if d.id.is_some() {
            i.t(K::ObsEditTitle)
        } else if d.corrects.is_some() {
            i.t(K::ObsCorrectTitle)
        } else {
            i.t(K::ObsNewTitle)
        }
    };

    // The signal picker: chosen chips, then search results as checkboxes.
    let signal_hits = Memo::new(move |_| {
        let q = signal_query.get();
        if q.trim().is_empty() {
            return vec![];
        }
        let query = SearchQuery {
            q,
            ..Default::default()
        };
        SearchIndex::global()
            .search(&query, i.lang())
            .into_iter()
            .take(SIGNAL_RESULTS)
            .map(str::to_string)
            .collect::<Vec<_>>()
    });
    let toggle_signal = {
        let change = change.clone();
        move |id: String| {
            change(&|d: &mut Draft| {
                if let Some(pos) = d.signals.iter().position(|s| *s == id) {
                    d.signals.remove(pos);
                } else {
                    d.signals.push(id.clone());
                }
            })
        }
    };

    let c = change.clone();
    let on_date = move |ev: ev::Event| {
        let v = event_target_value(&ev);
        c(&|d: &mut Draft| d.observed_on = (!v.is_empty()).then(|| v.clone()))
    };
    let c = change.clone();
    let on_day_part = move |ev: ev::Event| {
        let v = event_target_value(&ev);
        c(&|d: &mut Draft| d.day_part = from_code(&v))
    };
    let c = change.clone();
    let on_area = move |ev: ev::Event| {
        let v = event_target_value(&ev);
        c(&|d: &mut Draft| {
            d.area = (!v.is_empty()).then(|| zicht_core::observation::Area {
                gemeente: v.clone(),
                wijk: None,
            })
        })
    };
    let c = change.clone();
    let on_setting = move |ev: ev::Event| {
        let v = event_target_value(&ev);
        c(&|d: &mut Draft| d.setting = from_code(&v))
    };
    let c = change.clone();
    let on_age = move |ev: ev::Event| {
        let v = event_target_value(&ev);
        c(&|d: &mut Draft| d.age_band = from_code(&v))
    };
    let c = change.clone();
    let on_gender = move |ev: ev::Event| {
        let v = event_target_value(&ev);
        c(&|d: &mut Draft| d.gender = from_code(&v))
    };
    let c = change.clone();
    let on_note = move |ev: ev::Event| {
        let v = event_target_value(&ev);
        c(&|d: &mut Draft| d.note = v.clone())
    };
    let c = change.clone();
    let drop_meldroute = move |_| c(&|d: &mut Draft| d.meldroute = None);

    let worry_options = [Worry::Acuut, Worry::Zorgelijk, Worry::Twijfel]
        .into_iter()
        .map(|w| {
            let c = change.clone();
            view! {
                <label class="choice" class:choice-danger=w == Worry::Acuut>
                    <input type="radio" name="worry" value=code(&w) prop:checked=move || draft.with(|d| d.worry == Some(w))
                        on:change=move |_| c(&|d: &mut Draft| d.worry = Some(w)) />
                    <span>{move || i.t(worry_key(w))}</span>
                </label>
            }
        })
        .collect_view();

    let catalog = &zicht_core::catalog().signals;
    let id_checkboxes = |items: Vec<(String, &'static zicht_core::Text)>,
                         pick: fn(&mut Draft) -> &mut Vec<String>,
                         name: &'static str| {
        items
            .into_iter()
            .map(|(id, title)| {
                let c = change.clone();
                let id_check = id.clone();
                let id_toggle = id.clone();
                view! {
                    <label class="choice">
                        <input type="checkbox" name=name value=id.clone()
                            prop:checked=move || draft.with(|d| { let mut d = d.clone(); pick(&mut d).contains(&id_check) })
                            on:change=move |_| {
                                let id = id_toggle.clone();
                                c(&move |d: &mut Draft| {
                                    let list = pick(d);
                                    if let Some(pos) = list.iter().position(|s| *s == id) { list.remove(pos); } else { list.push(id.clone()); }
                                })
                            } />
                        <span>{move || title.get(i.lang()).to_string()}</span>
                    </label>
                }
            })
            .collect_view()
    };
    let forms = id_checkboxes(
        catalog
            .forms
            .iter()
            .map(|f| (f.id.clone(), &f.title))
            .collect(),
        |d| &mut d.forms,
        "forms",
    );
    let recruitment = id_checkboxes(
        catalog
            .recruitment
            .iter()
            .map(|r| (r.id.clone(), &r.title))
            .collect(),
        |d| &mut d.recruitment,
        "recruitment",
    );

    let steps = Step::ALL
        .into_iter()
        .map(|step| {
            let c = change.clone();
            view! {
                <label class="choice">
                    <input type="checkbox" name="steps" value=code(&step) prop:checked=move || draft.with(|d| d.steps_taken.contains(&step))
                        on:change=move |_| c(&|d: &mut Draft| {
                            if let Some(pos) = d.steps_taken.iter().position(|s| *s == step) {
                                d.steps_taken.remove(pos);
                            } else if step == Step::NogNiets {
                                d.steps_taken = vec![Step::NogNiets];
                            } else {
                                d.steps_taken.retain(|s| *s != Step::NogNiets);
                                d.steps_taken.push(step);
                            }
                        }) />
                    <span>{move || i.t(step_key(step))}</span>
                </label>
            }
        })
        .collect_view();

    let areas: Vec<(String, String)> = zicht_core::catalog()
        .regions
        .iter()
        .flat_map(|r| r.areas.iter().map(|a| (a.id.clone(), a.name.clone())))
        .collect();
    let max = NOTE_MAX_CHARS.to_string();
    let max2 = max.clone();
    let toggle_for_hits = toggle_signal.clone();

    view! {
        <div class="page observation-form">
            <h1>{title}</h1>
            <StorageProblem />
            <form novalidate on:submit=save aria-describedby="obs-intro">
                <p id="obs-intro" class="hint">{move || i.t(K::ObsIntro)}</p>
                {move || (!errors.get().is_empty()).then(|| view! {
                    <div id="form-errors" class="notice notice-error" role="alert" tabindex="-1">
                        <p><strong>{move || i.t(K::ObsErrorsTitle)}</strong></p>
                        <ul>{errors.get().into_iter().map(|(_, m)| view! { <li>{m}</li> }).collect_view()}</ul>
                    </div>
                })}

                <fieldset class="field" aria-describedby="signals-hint">
                    <legend>{move || i.t(K::ObsSignalsLegend)}</legend>
                    <p id="signals-hint" class="hint">{move || i.t(K::ObsSignalsHint)}</p>
                    {error_for("signals")}
                    <p class="visually-hidden" id="chosen-label">{move || i.t(K::ObsSignalsChosen)}</p>
                    <ul class="chips" aria-labelledby="chosen-label">
                        {move || {
                            let chosen = draft.with(|d| d.signals.clone());
                            if chosen.is_empty() {
                                return view! { <li class="hint">{move || i.t(K::ObsSignalsNone)}</li> }.into_any();
                            }
                            chosen.into_iter().map(|id| {
                                let toggle = toggle_signal.clone();
                                let name = signal_title(&id, i.lang());
                                let label = i.tf(K::ObsSignalRemove, &[("name", &name)]);
                                let id2 = id.clone();
                                view! {
                                    <li class="chip" data-signal=id>
                                        <span>{name}</span>
                                        <button type="button" class="chip-remove" aria-label=label on:click=move |_| toggle(id2.clone())>"×"</button>
                                    </li>
                                }
                            }).collect_view().into_any()
                        }}
                    </ul>
                    <label for="signal-search">{move || i.t(K::ObsSignalsSearch)}</label>
                    <div class="search-row">
                        <input id="signal-search" type="search" autocomplete="off" spellcheck="false"
                            prop:value=move || signal_query.get()
                            on:input=move |ev| signal_query.set(event_target_value(&ev)) />
                    </div>
                    <div class="signal-options">
                        {move || signal_hits.get().into_iter().map(|id| {
                            let toggle = toggle_for_hits.clone();
                            let id_check = id.clone();
                            let id_toggle = id.clone();
                            view! {
                                <label class="choice">
                                    <input type="checkbox" name="signal" value=id.clone()
                                        prop:checked=move || draft.with(|d| d.signals.contains(&id_check))
                                        on:change=move |_| toggle(id_toggle.clone()) />
                                    <span>{signal_title(&id, i.lang())}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>

                <fieldset class="field">
                    <legend>{move || i.t(K::ObsWorryLegend)}</legend>
                    {error_for("worry")}
                    {worry_options}
                    <Show when=move || draft.with(|d| d.worry == Some(Worry::Acuut))>
                        <p class="notice notice-error">
                            {move || i.t(K::ObsWorryAcuutHint)} " "
                            <a class="button button-danger button-small" href="tel:112">{move || i.t(K::AcuteCall)}</a>
                        </p>
                    </Show>
                </fieldset>

                <details class="more" open=move || draft.with(|d| d.note.chars().count() > 0 || d.setting.is_some() || d.observed_on.is_some())>
                    <summary>{move || i.t(K::ObsMore)}</summary>
                    <div class="field">
                        <label for="obs-date">{move || i.t(K::ObsDate)}</label>
                        {error_for("observed_on")}
                        <input id="obs-date" class="input" type="date" max=platform::local_date()
                            prop:value=move || draft.with(|d| d.observed_on.clone().unwrap_or_else(platform::local_date))
                            on:change=on_date />
                    </div>
                    <div class="field">
                        <label for="obs-day-part">{move || i.t(K::ObsDayPart)}</label>
                        <select id="obs-day-part" class="input" on:change=on_day_part prop:value=move || draft.with(|d| d.day_part.map(|v| code(&v)).unwrap_or_default())>
                            <option value="">{move || i.t(K::ObsNotFilled)}</option>
                            {DayPart::ALL.into_iter().map(|v| view! { <option value=code(&v)>{move || i.t(day_part_key(v))}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="obs-area">{move || i.t(K::ObsArea)}</label>
                        <select id="obs-area" class="input" on:change=on_area prop:value=move || draft.with(|d| d.area.as_ref().map(|a| a.gemeente.clone()).unwrap_or_default())>
                            <option value="">{move || i.t(K::ObsNotFilled)}</option>
                            {areas.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="obs-setting">{move || i.t(K::ObsSetting)}</label>
                        <select id="obs-setting" class="input" on:change=on_setting prop:value=move || draft.with(|d| d.setting.map(|v| code(&v)).unwrap_or_default())>
                            <option value="">{move || i.t(K::ObsNotFilled)}</option>
                            {Setting::ALL.into_iter().map(|v| view! { <option value=code(&v)>{move || i.t(setting_key(v))}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="obs-age">{move || i.t(K::ObsAge)}</label>
                        <select id="obs-age" class="input" on:change=on_age prop:value=move || draft.with(|d| d.age_band.map(|v| code(&v)).unwrap_or_default())>
                            <option value="">{move || i.t(K::ObsNotFilled)}</option>
                            {AgeBand::ALL.into_iter().map(|v| view! { <option value=code(&v)>{move || i.t(age_key(v))}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="obs-gender">{move || i.t(K::ObsGender)}</label>
                        <select id="obs-gender" class="input" on:change=on_gender prop:value=move || draft.with(|d| d.gender.map(|v| code(&v)).unwrap_or_default())>
                            <option value="">{move || i.t(K::ObsNotFilled)}</option>
                            {[Gender::Jongen, Gender::Meisje, Gender::Anders, Gender::Onbekend].into_iter().map(|v| view! { <option value=code(&v)>{move || i.t(gender_key(v))}</option> }).collect_view()}
                        </select>
                    </div>
                    <fieldset class="field">
                        <legend>{move || i.t(K::ObsForms)}</legend>
                        {forms}
                    </fieldset>
                    <fieldset class="field">
                        <legend>{move || i.t(K::ObsRecruitment)}</legend>
                        {recruitment}
                    </fieldset>
                    <fieldset class="field">
                        <legend>{move || i.t(K::ObsSteps)}</legend>
                        {steps}
                    </fieldset>
                    {move || draft.with(|d| d.meldroute.clone()).map(|m| {
                        let role = zicht_core::catalog().meldroute.roles.iter().find(|r| r.id == m.role).map(|r| r.title.get(i.lang()).to_string()).unwrap_or(m.role.clone());
                        let n = m.path.len().to_string();
                        let drop = drop_meldroute.clone();
                        view! {
                            <p class="notice">{i.tf(K::ObsMeldrouteLinked, &[("role", &role), ("n", &n)])} " "
                                <button type="button" class="button button-secondary button-small" on:click=drop>{move || i.t(K::ObsDelete)}</button>
                            </p>
                        }
                    })}
                    <div class="field">
                        <label for="obs-note">{move || i.t(K::ObsNote)}</label>
                        <p class="hint" id="note-hint">{move || i.tf(K::ObsNoteHint, &[("max", &max)])}</p>
                        {error_for("note")}
                        <textarea id="obs-note" class="input" rows="5" aria-describedby="note-hint note-count privacy-findings"
                            prop:value=move || draft.with(|d| d.note.clone()) on:input=on_note></textarea>
                        <p class="hint" id="note-count" aria-live="polite">
                            {move || i.tf(K::ObsNoteCount, &[("n", &draft.with(|d| d.note.chars().count()).to_string()), ("max", &max2)])}
                        </p>
                        <div id="privacy-findings" aria-live="polite">
                            {super::note_privacy::note_privacy(draft, apply_privacy)}
                        </div>
                    </div>
                </details>

                <NoticeLine notice=notice />
                <div class="answers save-bar">
                    <button type="submit" class="button button-primary" disabled=move || saving.get() || !loaded.get()>
                        {move || if saving.get() { i.t(K::ObsSaving) } else { i.t(K::ObsSave) }}
                    </button>
                </div>
                <p class="hint draft-state" aria-live="polite">
                    {move || draft_saved.get().then(|| i.t(K::ObsDraftSaved))}
                </p>
                <p>
                    <button type="button" class="button button-secondary button-small" on:click=discard>{move || i.t(K::ObsDraftDiscard)}</button>
                </p>
            </form>
        </div>
    }
}

fn focus(selector: &str) {
    let selector = selector.to_string();
    // After the error list has rendered.
    request_animation_frame(move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&selector).ok().flatten())
        {
            use wasm_bindgen::JsCast;
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                // Into view first: the sticky save button must not cover it.
                el.scroll_into_view_with_bool(true);
                let _ = el.focus();
            }
        }
    });
}

/// `/observaties/:id`.
#[component]
pub fn ObservationDetail() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let navigate = use_navigate();
    let record = RwSignal::new(None::<Option<StoredObservation>>);
    let notice = RwSignal::new(Notice::None);
    let just_saved = query.read_untracked().get(paths::SAVED_PARAM).is_some();
    Effect::new(move |_| {
        let id = params.read().get("id").unwrap_or_default();
        // Right after saving, show what was committed without reading it back.
        if let Some(saved) = storage::take_saved(&id) {
            record.set(Some(Some(saved)));
            return;
        }
        spawn_local(async move {
            let s = store().await;
            match s.get(current_bucket(), &id).await {
                Ok(found) => record.set(Some(found)),
                Err(e) => {
                    record.set(Some(None));
                    notice.set(Notice::Error(e.message(i.lang())));
                }
            }
        });
    });

    let body = move || {
        let navigate = navigate.clone();
        match record.get() {
            None => ().into_any(),
            Some(None) => view! {
                <h1>{move || i.t(K::ObsDetailTitle)}</h1>
                <p role="alert">{move || i.t(K::ObsNotFound)}</p>
                <p><a href=Page::Observations.path()>{move || i.t(K::NavObservations)}</a></p>
            }
            .into_any(),
            Some(Some(r)) => detail_view(i, r, just_saved, notice, navigate).into_any(),
        }
    };
    view! {
        <div class="page observation-detail">
            {body}
            <NoticeLine notice=notice />
        </div>
    }
}

fn detail_view(
    i: I18n,
    r: StoredObservation,
    just_saved: bool,
    notice: RwSignal<Notice>,
    navigate: impl Fn(&str, NavigateOptions) + Clone + 'static,
) -> impl IntoView {
    let o = r.observation.clone();
    let sent = r.is_sent();
    let receipt = match &r.sync {
        SyncState::Sent { receipt, .. } => Some(receipt.clone()),
        _ => None,
    };
    let id = o.id.clone();
    let o_json = o.clone();
    let export = move |_| {
        let json = serde_json::to_string_pretty(&o_json).unwrap_or_default();
        storage::download(
            &format!("zicht-observatie-{}.json", &o_json.id[..8]),
            "application/json",
            &json,
        );
    };
    let o_share = o.clone();
    let share = move |_| {
        let text = summary(&o_share, i.lang());
        spawn_local(async move {
            let title = i.t(K::ObsSummaryHeading);
            if !storage::share_text(title, &text).await && platform::copy_text(&text).await {
                notice.set(Notice::Info(i.t(K::ObsCopied).to_string()));
            }
        });
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let id_delete = id.clone();
    let signals_for_delete = o.signals.clone();
    let delete = move |_| {
        let what = signals_for_delete
            .iter()
            .map(|s| signal_title(s, i.lang()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut question = i.tf(K::ObsDeleteConfirm, &[("what", &what)]);
        if !sent {
            question = format!("{question} {}", i.t(K::ObsDeleteUnsentWarning));
        }
        if !platform::confirm(&question) {
            return;
        }
        let id = id_delete.clone();
        let navigate = navigate.clone();
        spawn_local(async move {
            let s = store().await;
            match s.delete(current_bucket(), &id).await {
                Ok(()) => {
                    storage::refresh_sending();
                    navigate(Page::Observations.path(), NavigateOptions::default());
                }
                Err(e) => notice.set(Notice::Error(e.message(i.lang()))),
            }
        });
    };
    let signals = o.signals.clone();
    let steps = o.steps_taken.clone();
    let note = o.note.clone();
    view! {
        <h1>{move || i.t(K::ObsDetailTitle)}</h1>
        {just_saved.then(|| view! { <p class="notice notice-ok saved-notice" role="status">{move || i.t(K::ObsSaved)}</p> })}
        <crate::sync_view::ObservationSync id=id.clone() />
        {sent.then(|| view! { <p class="notice">{move || i.t(K::ObsSentReadOnly)}</p> })}
        <dl class="facts facts-wide">
            <dt>{move || i.t(K::ObsSignalsChosen)}</dt>
            <dd>{move || signals.iter().map(|s| signal_title(s, i.lang())).collect::<Vec<_>>().join(", ")}</dd>
            <dt>{move || i.t(K::ObsWorry)}</dt>
            <dd>{move || i.t(worry_key(o.worry))}</dd>
            <dt>{move || i.t(K::ObsFieldObserved)}</dt>
            <dd>{o.observed_on.clone()} {move || o.day_part.map(|d| format!(", {}", i.t(day_part_key(d)))).unwrap_or_default()}</dd>
            {o.setting.map(|s| view! { <dt>{move || i.t(K::ObsSetting)}</dt><dd>{move || i.t(setting_key(s))}</dd> })}
            <dt>{move || i.t(K::ObsAge)}</dt>
            <dd>{move || i.t(age_key(o.age_band))}</dd>
            {(!steps.is_empty()).then(|| {
                let steps = steps.clone();
                view! { <dt>{move || i.t(K::ObsSteps)}</dt><dd>{move || steps.iter().map(|s| i.t(step_key(*s))).collect::<Vec<_>>().join(", ")}</dd> }
            })}
            {(!note.is_empty()).then(|| view! { <dt>{move || i.t(K::ObsNote)}</dt><dd class="note-text">{note.clone()}</dd> })}
            <dt>{move || i.t(K::ObsFieldRecorded)}</dt>
            <dd>{let at = o.recorded_at.clone(); move || platform::local_date_time(&at, i.lang())}</dd>
            <dt>{move || i.t(K::ObsFieldId)}</dt>
            <dd class="mono">{o.id.clone()}</dd>
            {receipt.map(|rc| view! { <dt>{move || i.t(K::ObsStateSent)}</dt><dd class="mono">{rc}</dd> })}
            <dt>{move || i.t(K::ObsFieldContentVersion)}</dt>
            <dd class="mono">{o.content_version.clone()}</dd>
        </dl>
        <div class="answers">
            <crate::sync_view::EditAction id=id.clone() />
            <button type="button" class="button button-secondary" on:click=share>{move || i.t(K::ObsShare)}</button>
            <button type="button" class="button button-secondary" on:click=export>{move || i.t(K::ObsExportJson)}</button>
            <button type="button" class="button button-secondary" on:click=print>{move || i.t(K::ObsPrint)}</button>
            <button type="button" class="button button-secondary button-danger-outline" on:click=delete>{move || i.t(K::ObsDelete)}</button>
        </div>
        <p><a href=Page::Observations.path()>{move || i.t(K::NavObservations)}</a></p>
    }
}
