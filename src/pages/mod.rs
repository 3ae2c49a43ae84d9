//! One module per screen.

mod contacts;
mod home;
mod meldroute;
mod not_found;
mod note_privacy;
mod observations;
mod receiver;
mod settings;
mod signals;
mod source;
mod training;

pub use contacts::{ContactDetail, Contacts};
pub use home::Home;
pub use meldroute::Meldroute;
pub use not_found::NotFound;
pub use observations::{EditObservation, NewObservation, ObservationDetail, Observations};
pub use receiver::Receive;
pub use settings::Settings;
pub use signals::{About, SignalDetail, Signals};
pub use training::{Training, TrainingCase, TrainingPresentation, TrainingStatements};

use leptos::prelude::*;
use zicht_core::i18n::K;

use crate::i18n::use_i18n;

/// The one-tap emergency action, shown wherever a decision may be urgent.
#[component]
pub fn AcuteCall() -> impl IntoView {
    let i = use_i18n();
    view! {
        <section class="acute" aria-labelledby="acute-title">
            <h2 id="acute-title">{i.text(K::AcuteTitle)}</h2>
            <p>{i.text(K::AcuteBody)}</p>
            <a class="acute-call" href="tel:112">
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M6.6 10.8a15 15 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.6 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.6 3.6a1 1 0 0 1-.25 1z" fill="currentColor" />
                </svg>
                {i.text(K::AcuteCall)}
            </a>
        </section>
    }
}

/// A signal's title in `lang`; the id itself for an id the catalogue no
/// longer knows (an observation made with older content).
pub(crate) fn signal_title(id: &str, lang: zicht_core::Lang) -> String {
    zicht_core::catalog()
        .signals
        .signal(id)
        .map(|s| s.title.get(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}
