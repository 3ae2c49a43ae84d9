use leptos::prelude::*;
use zicht_core::i18n::K;
use zicht_core::Lang;

use crate::i18n::use_i18n;
use crate::platform;
use crate::storage;
use crate::sync;
use crate::sync_settings;
use crate::ui::{Notice, NoticeLine};
use zicht_core::endpoint_settings;
use zicht_core::outbox::{self, EndpointConfig};

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
            <RegionSection />
            <SendingSection />
            <StorageSection />
            <p class="more-link"><a href=zicht_core::paths::RECEIVE data-testid="receive-link">{move || i.t(K::RcvSettingsLink)}</a></p>
            <section aria-labelledby="about-title">
                <h2 id="about-title">{move || i.t(K::SettingsAbout)}</h2>
                <p>{move || i.t(K::SettingsOffline)}</p>
                <dl class="facts">
                    <dt>{move || i.t(K::SettingsAppVersion)}</dt>
                    <dd class="mono" data-testid="build-version">{move || build.get().unwrap_or_else(|| "–".to_string())}</dd>
                    <dt>{move || i.t(K::SettingsContentVersion)}</dt>
                    <dd class="mono" data-testid="content-version">{zicht_core::CONTENT_VERSION}</dd>
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
            <p data-testid="storage-waiting">{move || i.tf(K::StorageWaiting, &[("n", &crate::sync::overview().map_or(0, |o| o.unsent()).to_string())])}</p>
        </section>
    }
}

/// "Verzenden": address, token (masked once stored), name; test and save.
/// Without an address nothing is sent, and the status block says so.
#[component]
fn SendingSection() -> impl IntoView {
    let i = use_i18n();
    let stored = sync_settings::user_settings();
    let (initial_url, initial_label) =
        endpoint_settings::form_start(stored.as_ref(), sync_settings::preset().as_ref());
    let url = RwSignal::new(initial_url);
    let label = RwSignal::new(initial_label);
    // A new token typed here; the stored one is never put back in a field.
    let token = RwSignal::new(String::new());
    let saved_token = RwSignal::new(stored.and_then(|c| c.token).filter(|t| !t.is_empty()));
    let url_error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(Notice::None);
    let testing = RwSignal::new(false);
    let report = RwSignal::new(None::<outbox::ConnectionReport>);
    // `config.json` is read at start; fill the form once it is known.
    let ui = sync::use_sync();
    Effect::new(move |_| {
        let Some(p) = ui.preset.get() else {
            return;
        };
        let saved = sync_settings::user_settings().is_some();
        let fill =
            endpoint_settings::preset_fill(saved, &url.get_untracked(), &label.get_untracked(), &p);
        if let Some((new_url, new_label)) = fill {
            url.set(new_url);
            if let Some(new_label) = new_label {
                label.set(new_label);
            }
        }
    });

    // The settings as the form holds them, validated.
    let current = move || -> Result<EndpointConfig, String> {
        endpoint_settings::form_config(
            &url.get_untracked(),
            &token.get_untracked(),
            saved_token.get_untracked(),
            &label.get_untracked(),
        )
        .map_err(|e| e.get(i.lang()).to_string())
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(Notice::None);
        match current() {
            Err(message) => url_error.set(Some(message)),
            Ok(config) => {
                url_error.set(None);
                url.set(config.url.clone());
                if sync_settings::save_user_settings(&config) {
                    saved_token.set(config.token.clone());
                    token.set(String::new());
                    notice.set(Notice::Ok(i.t(K::SyncSaved).to_string()));
                } else {
                    notice.set(Notice::Error(i.t(K::StorageUnavailable).to_string()));
                }
                sync::settings_changed();
            }
        }
    };
    let test = move |_| {
        notice.set(Notice::None);
        report.set(None);
        match current() {
            Err(message) => url_error.set(Some(message)),
            Ok(config) => {
                url_error.set(None);
                testing.set(true);
                leptos::task::spawn_local(async move {
                    match sync::test_connection(&config).await {
                        Err(problem) => {
                            notice.set(Notice::Error(problem.get(i.lang()).to_string()))
                        }
                        Ok(found) => {
                            let text = found.headline().get(i.lang()).to_string();
                            notice.set(if found.ok {
                                Notice::Ok(text)
                            } else {
                                Notice::Error(text)
                            });
                            report.set(Some(found));
                        }
                    }
                    testing.set(false);
                });
            }
        }
    };
    let remove = move |_| {
        if !platform::confirm(i.t(K::SyncRemoveConfirm)) {
            return;
        }
        let off = EndpointConfig::default();
        sync_settings::save_user_settings(&off);
        url.set(String::new());
        label.set(String::new());
        token.set(String::new());
        saved_token.set(None);
        url_error.set(None);
        notice.set(Notice::Ok(i.t(K::SyncRemoved).to_string()));
        sync::settings_changed();
    };
    let forget_token = move |_| {
        saved_token.set(None);
        token.set(String::new());
    };

    view! {
        <section aria-labelledby="sending-title" class="sending">
            <h2 id="sending-title">{move || i.t(K::SyncTitle)}</h2>
            <p>{move || i.t(K::SyncIntro)}</p>
            <crate::sync_view::SyncStatus />
            {move || ui.preset.get().map(|p| view! { <p class="hint" data-testid="sync-preset">{move || i.tf(K::SyncPreset, &[("url", &p.url)])}</p> })}
            <form class="sending-form" novalidate on:submit=save>
                <div class="field">
                    <label for="sync-url">{move || i.t(K::SyncUrl)}</label>
                    <p class="hint" id="sync-url-hint">{move || i.t(K::SyncUrlHint)}</p>
                    {move || url_error.get().map(|m| view! { <p class="field-error" id="sync-url-error" role="alert">{m}</p> })}
                    <input id="sync-url" class="input" type="url" inputmode="url" autocomplete="off" spellcheck="false"
                        aria-describedby=move || if url_error.get().is_some() { "sync-url-hint sync-url-error" } else { "sync-url-hint" }
                        aria-invalid=move || url_error.get().is_some().to_string()
                        prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="sync-token">{move || i.t(K::SyncToken)}</label>
                    <p class="hint" id="sync-token-hint">{move || i.t(K::SyncTokenHint)}</p>
                    {move || saved_token.get().map(|t| {
                        let masked = outbox::mask_token(&t);
                        view! {
                            <p class="hint" data-testid="sync-token-saved">{move || i.tf(K::SyncTokenSaved, &[("masked", &masked)])} " "
                                <button type="button" class="button button-secondary button-small" on:click=forget_token>{move || i.t(K::SyncTokenRemove)}</button>
                            </p>
                        }
                    })}
                    <input id="sync-token" class="input" type="password" autocomplete="off" spellcheck="false"
                        aria-describedby="sync-token-hint"
                        prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="sync-label">{move || i.t(K::SyncLabel)}</label>
                    <p class="hint" id="sync-label-hint">{move || i.t(K::SyncLabelHint)}</p>
                    <input id="sync-label" class="input" type="text" autocomplete="off" aria-describedby="sync-label-hint"
                        prop:value=move || label.get() on:input=move |ev| label.set(event_target_value(&ev)) />
                </div>
                <div class="answers">
                    <button type="submit" class="button button-primary" data-testid="sync-save">{move || i.t(K::SyncSave)}</button>
                    <button type="button" class="button button-secondary" data-testid="sync-test" disabled=move || testing.get() on:click=test>
                        {move || if testing.get() { i.t(K::SyncTesting) } else { i.t(K::SyncTest) }}
                    </button>
                    <button type="button" class="button button-secondary button-danger-outline" data-testid="sync-remove" on:click=remove>{move || i.t(K::SyncRemove)}</button>
                </div>
                <div aria-live="polite" data-testid="sync-notice">
                    <NoticeLine notice=notice />
                    {move || report.get().map(|found| {
                        let lang = i.lang();
                        let items = found.checks.into_iter().map(|c| {
                            let (mark, state) = match c.passed {
                                Some(true) => ("✓", "passed"),
                                Some(false) => ("✗", "failed"),
                                None => ("–", "unchecked"),
                            };
                            view! { <li data-passed=state><span aria-hidden="true">{mark} " "</span>{c.text.get(lang).to_string()}</li> }
                        }).collect_view();
                        view! {
                            <p class="hint">{i.t(K::SyncCheckTitle)}</p>
                            <ul class="check-list" data-testid="sync-checks">{items}</ul>
                        }
                    })}
                </div>
            </form>
        </section>
    }
}

/// "Regio": which pack's contacts the app shows, its version and date, where
/// it comes from, and why a pack the deployment served was refused.
#[component]
fn RegionSection() -> impl IntoView {
    let i = use_i18n();
    let notice = RwSignal::new(Notice::None);
    let choices = move || {
        let selected = crate::regions::selection().map(|s| (s.pack.id.clone(), s.how));
        let current = selected.as_ref().map(|(id, _)| id.clone());
        crate::regions::options()
            .into_iter()
            .map(|pack| {
                let id = pack.id.clone();
                let checked = current.as_deref() == Some(id.as_str());
                let name = pack.name.clone();
                let national = pack.is_national();
                let preset = checked
                    && selected
                        .as_ref()
                        .is_some_and(|(_, how)| *how == zicht_core::regions::Chosen::Deployment);
                view! {
                    <label class="choice">
                        <input type="radio" name="region" value=id.clone() data-testid="region-option"
                            prop:checked=checked
                            on:change=move |_| {
                                let saved = crate::regions::choose(&id);
                                let name = name.get(i.lang()).to_string();
                                notice.set(if saved {
                                    Notice::Ok(i.tf(K::RegionSaved, &[("name", &name)]))
                                } else {
                                    Notice::Error(i.t(K::RegionNotSaved).to_string())
                                });
                            } />
                        <span>
                            {move || pack.name.get(i.lang()).to_string()}
                            {national.then(|| view! { " " <span class="badge">{move || i.t(K::RegionNational)}</span> })}
                            {preset.then(|| view! { " " <span class="badge">{move || i.t(K::RegionPreset)}</span> })}
                        </span>
                    </label>
                }
            })
            .collect_view()
    };
    let facts = move || {
        let pack = crate::regions::current()?;
        let unknown = move || i.t(K::RegionUnknown).to_string();
        let version = pack.version.clone();
        let checked = pack.checked_on().map(str::to_string);
        let origin = crate::regions::served_origin(pack);
        Some(view! {
            <dl class="facts" data-testid="region-facts" data-region=pack.id.clone()>
                <dt>{move || i.t(K::RegionVersion)}</dt>
                <dd class="mono" data-testid="region-version">{move || version.clone().unwrap_or_else(unknown)}</dd>
                <dt>{move || i.t(K::RegionCheckedOn)}</dt>
                <dd data-testid="region-checked">{move || checked.clone().unwrap_or_else(unknown)}</dd>
                <dt>{move || i.t(K::RegionOrigin)}</dt>
                <dd data-testid="region-origin">{move || match &origin {
                    Some((url, date)) => i.tf(K::RegionOriginServed, &[("url", url), ("date", date)]),
                    None => i.t(K::RegionOriginBundled).to_string(),
                }}</dd>
            </dl>
        })
    };
    let refused = move || {
        let record = crate::regions::refusal()?;
        let lang = i.lang();
        let reason = record.refusal.reason(lang);
        let kept = crate::regions::options()
            .into_iter()
            .find(|p| crate::regions::served_origin(p).is_some())
            .map(|p| {
                i.tf(
                    K::RegionKeptPrevious,
                    &[
                        ("name", p.name.get(lang)),
                        ("version", p.version.as_deref().unwrap_or("–")),
                    ],
                )
            })
            .unwrap_or_else(|| i.t(K::RegionKeptBundled).to_string());
        Some(view! {
            <div class="notice notice-error" role="alert" data-testid="region-refused">
                <p>{i.tf(K::RegionRefused, &[("url", &record.url), ("reason", &reason)])}</p>
                <p>{kept}</p>
            </div>
        })
    };
    view! {
        <section aria-labelledby="regio" class="region-settings">
            <h2 id="regio">{move || i.t(K::RegionTitle)}</h2>
            <super::contacts::RegionLine compact=true />
            <fieldset class="field">
                <legend>{move || i.t(K::RegionChoose)}</legend>
                <p class="hint">{move || i.t(K::RegionIntro)}</p>
                {choices}
            </fieldset>
            <div aria-live="polite" data-testid="region-notice">
                <NoticeLine notice=notice />
            </div>
            {refused}
            {facts}
        </section>
    }
}
