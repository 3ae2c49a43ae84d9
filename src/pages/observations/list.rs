//! The list of saved observations, with export.

use super::super::signal_title;
use super::{current_bucket, Notice, NoticeLine, StorageProblem};
use crate::i18n::use_i18n;
use crate::platform;
use crate::storage::{self, store};
use leptos::prelude::*;
use leptos::task::spawn_local;
use zicht_core::draft::NEW_DRAFT;
use zicht_core::i18n::K;
use zicht_core::observation::Observation;
use zicht_core::paths::{self};
use zicht_core::store::{ObservationStore, StoredObservation};

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
                {o.observed_on.clone()} " · " {move || i.t(o.worry.label())}
            </span>
            <span class="badge" data-state=move || status().code()>{move || i.t(status().label())}</span>
        </a>
    }
}
