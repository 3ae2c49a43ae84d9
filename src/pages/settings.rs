use leptos::prelude::*;
use zicht_core::i18n::K;
use zicht_core::Lang;

use crate::i18n::use_i18n;
use crate::platform;

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
