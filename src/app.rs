//! Routes and the app shell.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, ParamSegment, StaticSegment};
use zicht_core::paths::{self, Page};

use crate::i18n::provide_i18n;
use crate::pages::{Home, NotFound};
use crate::screens::*;
use crate::shell::Shell;
use crate::storage;

/// The first path segment of a top-level page; the router matches on it.
fn segment(page: Page) -> &'static str {
    page.path().trim_start_matches('/')
}

/// The last segment of a sub-path such as `/training/stellingen`.
fn sub(path: &'static str) -> &'static str {
    path.rsplit('/').next().unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    // Marks <html> for practice mode before the first screen paints.
    crate::practice::use_practice();
    // True while a screen's chunk is on its way (first visit, slow network).
    let routing = RwSignal::new(false);
    // False until the first screen is in the document: a deep link says
    // "Scherm laden…" while its chunk arrives, as the prerendered page did.
    provide_context(crate::screens::FirstScreen(RwSignal::new(false)));
    storage::provide_sending();
    crate::sync::provide_status();
    view! {
        <Router set_is_routing=routing>
            <Shell routing=routing>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=StaticSegment(segment(Page::Home)) view=Home />
                    <Route path=StaticSegment(segment(Page::Signals)) view={Lazy::<SignalsRoute>::new()} />
                    <Route path=(StaticSegment(segment(Page::Signals)), ParamSegment("id")) view={Lazy::<SignalDetailRoute>::new()} />
                    <Route path=StaticSegment(paths::ABOUT.trim_start_matches('/')) view={Lazy::<AboutRoute>::new()} />
                    <Route path=StaticSegment(segment(Page::Meldroute)) view={Lazy::<MeldrouteRoute>::new()} />
                    <Route path=StaticSegment(segment(Page::Contacts)) view={Lazy::<ContactsRoute>::new()} />
                    <Route path=(StaticSegment(segment(Page::Contacts)), ParamSegment("id")) view={Lazy::<ContactDetailRoute>::new()} />
                    <Route path=StaticSegment(segment(Page::Observations)) view={Lazy::<ObservationsRoute>::new()} />
                    // Before `:id`, so "nieuw" is never taken for an id.
                    <Route path=(StaticSegment(segment(Page::Observations)), StaticSegment(paths::NEW_OBSERVATION.rsplit('/').next().unwrap_or_default())) view={Lazy::<NewObservationRoute>::new()} />
                    <Route path=(StaticSegment(segment(Page::Observations)), ParamSegment("id"), StaticSegment("bewerken")) view={Lazy::<EditObservationRoute>::new()} />
                    <Route path=(StaticSegment(segment(Page::Observations)), ParamSegment("id")) view={Lazy::<ObservationDetailRoute>::new()} />
                    <Route path=StaticSegment(segment(Page::Training)) view={Lazy::<TrainingRoute>::new()} />
                    <Route path=(StaticSegment(segment(Page::Training)), StaticSegment(sub(paths::TRAINING_STATEMENTS))) view={Lazy::<TrainingStatementsRoute>::new()} />
                    <Route path=(StaticSegment(segment(Page::Training)), StaticSegment(sub(paths::TRAINING_PRESENTATION))) view={Lazy::<TrainingPresentationRoute>::new()} />
                    <Route path=(StaticSegment(segment(Page::Training)), StaticSegment(paths::TRAINING_CASE_SEGMENT), ParamSegment("id")) view={Lazy::<TrainingCaseRoute>::new()} />
                    <Route path=StaticSegment(segment(Page::Settings)) view={Lazy::<SettingsRoute>::new()} />
                    <Route path=StaticSegment(paths::RECEIVE.trim_start_matches('/')) view={Lazy::<ReceiveRoute>::new()} />
                </Routes>
            </Shell>
        </Router>
    }
}

/// Loads and starts the outbox driver, once the first screen is in the
/// document ([`crate::screens::MarkReady`]), so its code never delays it.
/// Its chunk can fail to arrive only on a first visit that loses the network
/// before the service worker cached it; then it is tried again whenever the
/// browser is back online.
pub async fn start_driver_when_loaded() {
    if crate::sync::start_driver().await.is_ok() {
        return;
    }
    let retried = std::cell::Cell::new(false);
    let _ = window_event_listener(leptos::ev::online, move |_| {
        if !retried.replace(true) {
            leptos::task::spawn_local(start_driver_when_loaded());
        }
    });
}
