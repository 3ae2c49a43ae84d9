use leptos::prelude::*;
use zicht_core::i18n::K;
use zicht_core::paths::Page;

use super::AcuteCall;
use crate::i18n::use_i18n;

/// A screen whose content a later release fills; it says what is coming and
/// what to do until then.
#[component]
pub fn Placeholder(page: Page) -> impl IntoView {
    let i = use_i18n();
    let coming = match page {
        Page::Signals => K::ComingSignals,
        Page::Meldroute => K::ComingMeldroute,
        Page::Contacts => K::ComingContacts,
        Page::Observations => K::ComingObservations,
        _ => K::ComingTraining,
    };
    view! {
        <div class="page">
            <h1>{move || i.t(page.title())}</h1>
            <section class="notice" aria-labelledby="coming-title">
                <h2 id="coming-title">{move || i.t(K::ComingTitle)}</h2>
                <p>{move || i.t(coming)}</p>
                <p>{move || i.t(K::ComingMeanwhile)}</p>
            </section>
            <AcuteCall />
        </div>
    }
}
