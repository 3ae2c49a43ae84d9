//! Routes and the app shell.

use leptos::prelude::*;
use leptos_router::components::Router;

use crate::i18n::provide_i18n;
use crate::screens::ScreenRoutes;
use crate::shell::Shell;
use crate::storage;

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
                <ScreenRoutes />
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
