//! Routes and the app shell.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{ParamSegment, StaticSegment};
use zicht_core::paths::{self, Page};

use crate::i18n::provide_i18n;
use crate::pages::{
    About, ContactDetail, Contacts, EditObservation, Home, Meldroute, NewObservation, NotFound,
    ObservationDetail, Observations, Settings, SignalDetail, Signals, Training, TrainingCase,
    TrainingPresentation, TrainingStatements,
};
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
    storage::provide_waiting();
    crate::sync::start();
    // Observations must not be evicted when the device runs low on space.
    leptos::task::spawn_local(async {
        storage::request_persistence().await;
    });
    view! {
        <Router>
            <Shell>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=StaticSegment(segment(Page::Home)) view=Home />
                    <Route path=StaticSegment(segment(Page::Signals)) view=Signals />
                    <Route path=(StaticSegment(segment(Page::Signals)), ParamSegment("id")) view=SignalDetail />
                    <Route path=StaticSegment(paths::ABOUT.trim_start_matches('/')) view=About />
                    <Route path=StaticSegment(segment(Page::Meldroute)) view=Meldroute />
                    <Route path=StaticSegment(segment(Page::Contacts)) view=Contacts />
                    <Route path=(StaticSegment(segment(Page::Contacts)), ParamSegment("id")) view=ContactDetail />
                    <Route path=StaticSegment(segment(Page::Observations)) view=Observations />
                    // Before `:id`, so "nieuw" is never taken for an id.
                    <Route path=(StaticSegment(segment(Page::Observations)), StaticSegment(paths::NEW_OBSERVATION.rsplit('/').next().unwrap_or_default())) view=NewObservation />
                    <Route path=(StaticSegment(segment(Page::Observations)), ParamSegment("id"), StaticSegment("bewerken")) view=EditObservation />
                    <Route path=(StaticSegment(segment(Page::Observations)), ParamSegment("id")) view=ObservationDetail />
                    <Route path=StaticSegment(segment(Page::Training)) view=Training />
                    <Route path=(StaticSegment(segment(Page::Training)), StaticSegment(sub(paths::TRAINING_STATEMENTS))) view=TrainingStatements />
                    <Route path=(StaticSegment(segment(Page::Training)), StaticSegment(sub(paths::TRAINING_PRESENTATION))) view=TrainingPresentation />
                    <Route path=(StaticSegment(segment(Page::Training)), StaticSegment(paths::TRAINING_CASE_SEGMENT), ParamSegment("id")) view=TrainingCase />
                    <Route path=StaticSegment(segment(Page::Settings)) view=Settings />
                </Routes>
            </Shell>
        </Router>
    }
}
