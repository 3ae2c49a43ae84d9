use leptos::prelude::*;
use zicht_core::i18n::K;
use zicht_core::Lang;

use crate::i18n::use_i18n;
use crate::platform;
use crate::storage;

#[component]
pub fn Settings() -> impl IntoView {
    let i = use_i18n();
    let build = RwSignal::new(platform::build_version());
    let _ =
        window_event_listener_untyped("zicht-build", move |_| build.set(platform::build_version()));
    let options = Lang::ALL
        .into_iter()
        .map(|lang| {
            let name = match lang {
                Lang::Nl => K::LangNameNl,
                Lang::En => K::LangNameEn,
            };
            view! {
                <label class="choice" lang=lang.code()>
                    <input
                        type="radio"
                        name="lang"
                        value=lang.code()
                        prop:checked=move || i.lang() == lang
                        on:change=move |_| i.set(lang)
                    />
                    <span>{move || i.t(name)}</span>
                </label>
            }
        })
        .collect_view();

    view! {
        <div class="page">
            <h1>{move || i.t(K::TitleSettings)}</h1>
            <fieldset class="field">
                <legend>{move || i.t(K::SettingsLanguage)}</legend>
                <p class="hint">{move || i.t(K::SettingsLanguageBody)}</p>
                {options}
            </fieldset>
            <StorageSection />
            <section aria-labelledby="about-title">
                <h2 id="about-title">{move || i.t(K::SettingsAbout)}</h2>
                <p>{move || i.t(K::SettingsOffline)}</p>
                <dl class="facts">
                    <dt>{move || i.t(K::SettingsAppVersion)}</dt>
                    <dd data-testid="build-version">{move || build.get().unwrap_or_else(|| "–".to_string())}</dd>
                    <dt>{move || i.t(K::SettingsContentVersion)}</dt>
                    <dd data-testid="content-version">{zicht_core::CONTENT_VERSION}</dd>
                </dl>
            </section>
        </div>
    }
}

/// Whether observations are safe on this device: persistence, usage and
/// how many wait to be sent.
#[component]
fn StorageSection() -> impl IntoView {
    let i = use_i18n();
    let info = RwSignal::new(None::<storage::StorageInfo>);
    let storage::Waiting(waiting) = storage::use_waiting();
    leptos::task::spawn_local(async move {
        info.set(Some(storage::storage_info().await));
    });
    view! {
        <section aria-labelledby="storage-title" class="storage-info">
            <h2 id="storage-title">{move || i.t(K::StorageTitle)}</h2>
            {move || info.get().map(|info| {
                let persistence = match info.persistent {
                    Some(true) => view! { <p data-testid="storage-persistent">{move || i.t(K::StoragePersistent)}</p> }.into_any(),
                    Some(false) => view! { <p class="notice notice-warning" data-testid="storage-persistent">{move || i.t(K::StorageNotPersistent)}</p> }.into_any(),
                    None => view! { <p data-testid="storage-persistent">{move || i.t(K::StorageUnknown)}</p> }.into_any(),
                };
                let usage = info.usage_bytes.zip(info.quota_bytes).map(|(used, quota)| {
                    let used = storage::human_bytes(used);
                    let quota = storage::human_bytes(quota);
                    view! { <p data-testid="storage-usage">{move || i.tf(K::StorageUsed, &[("used", &used), ("quota", &quota)])}</p> }
                });
                view! { {persistence} {usage} }
            })}
            <p data-testid="storage-waiting">{move || i.tf(K::StorageWaiting, &[("n", &waiting.get().unwrap_or(0).to_string())])}</p>
        </section>
    }
}
