//! Screens that load on demand.
//!
//! The first load has to stay small (the size budget in issue 2): only the
//! shell, Home and the background machinery (storage, sync) are in the main
//! WebAssembly module. Each area below is a `#[lazy]` split point; the build
//! (`scripts/split-wasm.mjs`) cuts the code and data only it reaches into a
//! chunk of its own, fetched when the user first opens the area and precached
//! by the service worker for offline use.

use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use leptos_router::LazyRoute;
use zicht_core::i18n::K;

use crate::i18n::use_i18n;

use crate::pages::{
    About, ContactDetail, Contacts, EditObservation, Meldroute, NewObservation, ObservationDetail,
    Observations, Receive, Settings, SignalDetail, Signals, Training, TrainingCase,
    TrainingPresentation, TrainingStatements,
};

/// Which screen of an area to render. `repr(u8)` because the value crosses
/// the boundary between the main module and a chunk as a plain integer.
#[derive(Clone, Copy)]
#[repr(u8)]
pub enum Screen {
    Signals,
    SignalDetail,
    About,
    Meldroute,
    Contacts,
    ContactDetail,
    Observations,
    NewObservation,
    EditObservation,
    ObservationDetail,
    Training,
    TrainingCase,
    TrainingPresentation,
    TrainingStatements,
    Settings,
    Receive,
}

/// One split point per area, so screens that share code (a list and its
/// detail page) share one chunk instead of duplicating it; `load` picks the
/// area of a screen. Declared once here so the screen-to-area table exists
/// only once and every area loads the texts beyond the shell (src/i18n.rs in
/// zicht-core) before it renders. `fallible`: a chunk that cannot be fetched
/// gives an error to show, not an abort.
macro_rules! areas {
    ($($area:ident in $module:ident { $($screen:ident => $component:ident),+ $(,)? })*) => {
        $(
            #[wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $area(screen: Screen) -> Result<AnyView, SplitLoaderError> {
                zicht_core::i18n::load_all_texts();
                #[allow(unreachable_patterns)]
                Ok(match screen {
                    $(Screen::$screen => view! { <$component /> }.into_any(),)+
                    // `load` never sends another area's screen here.
                    _ => view! { <crate::pages::NotFound /> }.into_any(),
                })
            }
        )*

        async fn load(screen: Screen) -> AnyView {
            let loaded = match screen {
                $($(Screen::$screen)|+ => $area(screen).await,)*
            };
            let view = loaded.unwrap_or_else(|_| view! { <LoadFailed /> }.into_any());
            view! { {view} <MarkReady /> }.into_any()
        }
    };
}

areas! {
    signals_area in zicht_signals {
        Signals => Signals,
        SignalDetail => SignalDetail,
        About => About,
    }
    meldroute_area in zicht_meldroute { Meldroute => Meldroute }
    contacts_area in zicht_contacts {
        Contacts => Contacts,
        ContactDetail => ContactDetail,
    }
    observations_area in zicht_observations {
        Observations => Observations,
        NewObservation => NewObservation,
        EditObservation => EditObservation,
        ObservationDetail => ObservationDetail,
    }
    training_area in zicht_training {
        Training => Training,
        TrainingCase => TrainingCase,
        TrainingPresentation => TrainingPresentation,
        TrainingStatements => TrainingStatements,
    }
    settings_area in zicht_settings { Settings => Settings }
    // The receiving organisation's screen: its decryption and charts reach no other area.
    receive_area in zicht_receive { Receive => Receive }
}

/// Whether the first screen is in the document yet (set by [`MarkReady`]).
#[derive(Clone, Copy)]
pub struct FirstScreen(pub RwSignal<bool>);

/// Marks `app:ready` once the screen it sits in is in the document; the
/// first time, it also starts the background work (store, outbox).
#[component]
pub fn MarkReady() -> impl IntoView {
    let first = use_context::<FirstScreen>();
    Effect::new(move |_| {
        if let Some(FirstScreen(shown)) = first {
            if !shown.get_untracked() {
                shown.set(true);
            }
        }
        if crate::platform::mark_ready() {
            leptos::task::spawn_local(crate::app::start_driver_when_loaded());
        }
    });
}

/// Shown instead of a screen whose chunk could not be fetched: offline on a
/// first visit, before the service worker cached everything.
#[component]
fn LoadFailed() -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="page load-failed" role="alert">
            <h1>{i.text(K::ScreenLoadFailedTitle)}</h1>
            <p>{i.text(K::ScreenLoadFailedBody)}</p>
            <button type="button" class="button button-primary" on:click=|_| crate::platform::reload()>
                {i.text(K::ScreenLoadFailedRetry)}
            </button>
            <crate::pages::AcuteCall />
        </div>
    }
}

/// A route whose view is one [`Screen`], loaded on first use.
macro_rules! lazy_screens {
    ($($route:ident => $screen:ident,)*) => {$(
        pub struct $route;
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            async fn view(_: Self) -> AnyView {
                load(Screen::$screen).await
            }
        }
    )*};
}

lazy_screens! {
    SignalsRoute => Signals,
    SignalDetailRoute => SignalDetail,
    AboutRoute => About,
    MeldrouteRoute => Meldroute,
    ContactsRoute => Contacts,
    ContactDetailRoute => ContactDetail,
    ObservationsRoute => Observations,
    NewObservationRoute => NewObservation,
    EditObservationRoute => EditObservation,
    ObservationDetailRoute => ObservationDetail,
    TrainingRoute => Training,
    TrainingCaseRoute => TrainingCase,
    TrainingPresentationRoute => TrainingPresentation,
    TrainingStatementsRoute => TrainingStatements,
    SettingsRoute => Settings,
    ReceiveRoute => Receive,
}
