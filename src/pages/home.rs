use leptos::prelude::*;
use zicht_core::i18n::K;
use zicht_core::paths::Page;

use super::AcuteCall;
use crate::i18n::use_i18n;
use crate::screens::MarkReady;

#[component]
pub fn Home() -> impl IntoView {
    let i = use_i18n();
    let cards = [
        (Page::Signals, K::HomeCardSignals, K::HomeCardSignalsBody),
        (
            Page::Meldroute,
            K::HomeCardMeldroute,
            K::HomeCardMeldrouteBody,
        ),
        (Page::Contacts, K::HomeCardContacts, K::HomeCardContactsBody),
        (
            Page::Observations,
            K::HomeCardObservation,
            K::HomeCardObservationBody,
        ),
        (Page::Training, K::NavTraining, K::HomeCardTrainingBody),
    ]
    .into_iter()
    .map(|(page, title, body)| {
        view! {
            <li>
                <a class="card-link" href=page.path()>
                    <span class="card-title">{move || i.t(title)}</span>
                    <span class="card-body">{move || i.t(body)}</span>
                </a>
            </li>
        }
    })
    .collect_view();

    view! {
        <div class="page home">
            <h1>{i.text(K::TitleHome)}</h1>
            <AcuteCall />
            <p class="lead">{i.text(K::HomeIntro)}</p>
            <ul class="card-list">{cards}</ul>
            <section class="why" aria-labelledby="why-title">
                <h2 id="why-title">{i.text(K::HomeWhy)}</h2>
                <p>{i.text(K::HomeWhyBody)}</p>
                <p class="source">{i.text(K::HomeWhySource)}</p>
            </section>
            <MarkReady />
        </div>
    }
}
