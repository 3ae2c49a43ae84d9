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
use leptos_router::components::{Route, Routes};
use leptos_router::{Lazy, LazyRoute, ParamSegment, StaticSegment};
use zicht_core::i18n::K;
use zicht_core::paths::{self, Page};

use crate::i18n::use_i18n;
use crate::pages::{self, Home, NotFound};

/// The first path segment of a top-level page; the router matches on it.
fn segment(page: Page) -> &'static str {
    page.path().trim_start_matches('/')
}

/// The last segment of a sub-path such as `/training/stellingen`.
fn sub(path: &'static str) -> &'static str {
    path.rsplit('/').next().unwrap_or_default()
}

/// The one table of screens. Each entry names a screen (the component of the
/// same name in `crate::pages`) and its route; each group is one area, a
/// `#[lazy]` split point, so screens that share code (a list and its detail
/// page) share one chunk instead of duplicating it. From it come the
/// [`Screen`] enum, one loader per area (which loads the texts beyond the
/// shell, src/i18n.rs in zicht-core, before it renders), a lazy route per
/// screen and the router's table ([`ScreenRoutes`]). Routes are matched in
/// the order given. `fallible`: a chunk that cannot be fetched gives an error
/// to show, not an abort.
macro_rules! screens {
    ($(
        $(#[$area_doc:meta])*
        $area:ident in $module:ident { $($screen:ident at $path:expr),+ $(,)? }
    )*) => {
        /// Which screen of an area to render. `repr(u8)` because the value
        /// crosses the boundary between the main module and a chunk as a
        /// plain integer.
        #[derive(Clone, Copy)]
        #[repr(u8)]
        pub enum Screen {
            $($($screen,)+)*
        }

        $(
            $(#[$area_doc])*
            #[wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $area(screen: Screen) -> Result<AnyView, SplitLoaderError> {
                zicht_core::i18n::load_all_texts();
                #[allow(unreachable_patterns)]
                Ok(match screen {
                    $(Screen::$screen => view! { <pages::$screen /> }.into_any(),)+
                    // `load` never sends another area's screen here.
                    _ => view! { <NotFound /> }.into_any(),
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

        /// A route whose view is one [`Screen`], loaded on first use.
        mod route {
            use super::*;
            $($(
                pub struct $screen;
                impl LazyRoute for $screen {
                    fn data() -> Self {
                        $screen
                    }
                    async fn view(_: Self) -> AnyView {
                        load(Screen::$screen).await
                    }
                }
            )+)*
        }

        /// The router's table: Home (in the main module, prerendered) and
        /// every screen above.
        #[component]
        pub fn ScreenRoutes() -> impl IntoView {
            view! {
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=StaticSegment(segment(Page::Home)) view=Home />
                    $($(<Route path={$path} view={Lazy::<route::$screen>::new()} />)+)*
                </Routes>
            }
        }
    };
}

screens! {
    signals_area in zicht_signals {
        Signals at StaticSegment(segment(Page::Signals)),
        SignalDetail at (StaticSegment(segment(Page::Signals)), ParamSegment("id")),
        About at StaticSegment(paths::ABOUT.trim_start_matches('/')),
    }
    meldroute_area in zicht_meldroute {
        Meldroute at StaticSegment(segment(Page::Meldroute)),
    }
    contacts_area in zicht_contacts {
        Contacts at StaticSegment(segment(Page::Contacts)),
        ContactDetail at (StaticSegment(segment(Page::Contacts)), ParamSegment("id")),
    }
    observations_area in zicht_observations {
        Observations at StaticSegment(segment(Page::Observations)),
        // Before `:id`, so "nieuw" is never taken for an id.
        NewObservation at (StaticSegment(segment(Page::Observations)), StaticSegment(sub(paths::NEW_OBSERVATION))),
        EditObservation at (StaticSegment(segment(Page::Observations)), ParamSegment("id"), StaticSegment("bewerken")),
        ObservationDetail at (StaticSegment(segment(Page::Observations)), ParamSegment("id")),
    }
    training_area in zicht_training {
        Training at StaticSegment(segment(Page::Training)),
        TrainingStatements at (StaticSegment(segment(Page::Training)), StaticSegment(sub(paths::TRAINING_STATEMENTS))),
        TrainingPresentation at (StaticSegment(segment(Page::Training)), StaticSegment(sub(paths::TRAINING_PRESENTATION))),
        TrainingCase at (StaticSegment(segment(Page::Training)), StaticSegment(paths::TRAINING_CASE_SEGMENT), ParamSegment("id")),
    }
    settings_area in zicht_settings {
        Settings at StaticSegment(segment(Page::Settings)),
    }
    /// The receiving organisation's screen: its decryption and charts reach no other area.
    receive_area in zicht_receive {
        Receive at StaticSegment(paths::RECEIVE.trim_start_matches('/')),
    }
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
