//! One observation: its fields, export, share, correct and delete.

use super::super::signal_title;
use super::{current_bucket, Notice, NoticeLine};
use crate::i18n::{use_i18n, I18n};
use crate::platform;
use crate::storage::{self, store};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use zicht_core::i18n::K;
use zicht_core::paths::{self, Page};
use zicht_core::store::{ObservationStore, StoredObservation};

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
    let receipt = r.receipt().map(str::to_string);
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
        let text = o_share.summary(i.lang());
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
            <dd>{move || i.t(o.worry.label())}</dd>
            <dt>{move || i.t(K::ObsFieldObserved)}</dt>
            <dd>{o.observed_on.clone()} {move || o.day_part.map(|d| format!(", {}", i.t(d.label()))).unwrap_or_default()}</dd>
            {o.setting.map(|s| view! { <dt>{move || i.t(K::ObsSetting)}</dt><dd>{move || i.t(s.label())}</dd> })}
            <dt>{move || i.t(K::ObsAge)}</dt>
            <dd>{move || i.t(o.age_band.label())}</dd>
            {(!steps.is_empty()).then(|| {
                let steps = steps.clone();
                view! { <dt>{move || i.t(K::ObsSteps)}</dt><dd>{move || steps.iter().map(|s| i.t(s.label())).collect::<Vec<_>>().join(", ")}</dd> }
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
