//! Header, update prompt and bottom navigation around every screen.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use zicht_core::i18n::K;
use zicht_core::paths::{self, Page};
use zicht_core::Lang;

use crate::i18n::{use_i18n, I18n};
use crate::platform;
use crate::practice;

#[component]
pub fn Shell(children: Children, routing: RwSignal<bool>) -> impl IntoView {
    let i = use_i18n();
    let location = use_location();
    let current = Memo::new(move |_| Page::for_path(&location.pathname.get()));
    let first = use_context::<crate::screens::FirstScreen>();
    let first_shown = move || first.is_none_or(|f| f.0.get());
    Effect::new(move |_| {
        let title = i.t(paths::title_for_path(&location.pathname.get()));
        platform::set_title(&format!("{title} · {}", i.t(K::AppName)));
    });

    view! {
        <a class="skip-link" href="#main">{i.text(K::SkipToContent)}</a>
        <Header />
        <PracticeBanner />
        <UpdatePrompt />
        // Until a screen's code arrived the previous screen stays; say so.
        // Also while the first screen of a deep link arrives; then at once,
        // as the prerendered page showed it (no delay to appear).
        <p
            class="route-loading"
            class:is-first=move || !first_shown()
            role="status"
            hidden=move || !routing.get() && first_shown()
        >
            {i.text(K::RouteLoading)}
        </p>
        <main id="main" tabindex="-1">{children()}</main>
        <BottomNav current=current />
    }
}

#[component]
fn Header() -> impl IntoView {
    let i = use_i18n();
    // One online state for the page, kept by `sync::provide_status`.
    let online = crate::sync::use_sync().online;
    let other = move || match i.lang() {
        Lang::Nl => Lang::En,
        Lang::En => Lang::Nl,
    };

    view! {
        <header class="app-header" class:is-practice=practice::is_on>
            <a class="brand" href=Page::Home.path()>
                <svg class="brand-mark" viewBox="0 0 512 512" aria-hidden="true" focusable="false">
                    <path d="M64 256c48-88 116-132 192-132s144 44 192 132c-48 88-116 132-192 132S112 344 64 256z" fill="none" stroke="currentColor" stroke-width="40" />
                    <circle cx="256" cy="256" r="64" fill="currentColor" />
                </svg>
                <span>{i.text(K::AppName)}</span>
            </a>
            <p class="net-status" class:is-offline=move || !online.get() role="status" data-online=move || online.get().to_string()>
                <span class="net-dot" aria-hidden="true"></span>
                <span class="net-long">{move || if online.get() { i.t(K::StatusOnline) } else { i.t(K::StatusOffline) }}</span>
                <span class="net-short" aria-hidden="true">{move || if online.get() { i.t(K::StatusOnline) } else { i.t(K::StatusOfflineShort) }}</span>
            </p>
            <button
                type="button"
                class="lang-switch"
                lang=move || other().code()
                title=i.text(K::LangSwitchHint)
                on:click=move |_| i.set(other())
            >
                {i.text(K::LangSwitchTo)}
            </button>
            <a class="header-icon" href=Page::Settings.path() aria-label=i.text(K::NavSettings)>
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M12 8.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7zm8.9 4.6-.1-2.2 2-1.6-2-3.4-2.4.9a8 8 0 0 0-1.9-1.1L16 3.2h-4l-.5 2.5a8 8 0 0 0-1.9 1.1l-2.4-.9-2 3.4 2 1.6-.1 1.1.1 1.1-2 1.6 2 3.4 2.4-.9a8 8 0 0 0 1.9 1.1l.5 2.5h4l.5-2.5a8 8 0 0 0 1.9-1.1l2.4.9 2-3.4-2-1.6z" fill="currentColor" />
                </svg>
            </a>
        </header>
    }
}

/// While practice mode is on, every screen says so and links to the switch.
#[component]
fn PracticeBanner() -> impl IntoView {
    let i = use_i18n();
    view! {
        <Show when=practice::is_on>
            <div class="practice-banner" role="status" data-testid="practice-banner">
                <p>{i.text(K::TrainingBanner)}</p>
                <a href=Page::Training.path()>{i.text(K::TrainingBannerLink)}</a>
            </div>
        </Show>
    }
}

/// "Nieuwe versie beschikbaar — vernieuwen": shown when a new deployment has
/// installed and waits, so code is never swapped under the user.
#[component]
fn UpdatePrompt() -> impl IntoView {
    let i = use_i18n();
    let waiting = RwSignal::new(platform::update_waiting());
    let _ = window_event_listener_untyped("zicht-update", move |_| waiting.set(true));
    view! {
        <Show when=move || waiting.get()>
            <div class="update-prompt" role="status">
                <p>{i.text(K::UpdateAvailable)}</p>
                <button type="button" class="button button-primary" on:click=move |_| platform::apply_update()>
                    {i.text(K::UpdateReload)}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| waiting.set(false)>
                    {i.text(K::UpdateLater)}
                </button>
            </div>
        </Show>
    }
}

#[component]
fn BottomNav(current: Memo<Option<Page>>) -> impl IntoView {
    let i = use_i18n();
    let items = Page::BOTTOM_NAV
        .into_iter()
        .map(|page| {
            view! {
                <li>
                    <a
                        href=page.path()
                        aria-current=move || (current.get() == Some(page)).then_some("page")
                    >
                        <NavIcon page=page />
                        <span>{move || i.t(page.label())}</span>
                        {(page == Page::Observations).then(|| view! { <WaitingBadge /> })}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="bottom-nav" aria-label=i.text(K::NavLabel)>
            <ul>{items}</ul>
        </nav>
    }
}

/// On the Observations tab: how many wait to be sent (and how long the
/// oldest has waited), and a mark when some need the user (refused, or
/// paused), from the same overview as the list and Settings.
#[component]
fn WaitingBadge() -> impl IntoView {
    let i = use_i18n();
    move || {
        let overview = crate::sync::overview()?;
        if !overview.shows_badge() {
            return None;
        }
        let n = overview.unsent();
        let needs_user = overview.needs_user();
        let age = badge_age(i, &overview);
        let mut label = i.tf(K::StorageWaiting, &[("n", &n.to_string())]);
        if let Some(age) = &age {
            label = format!("{label}, {}", i.tf(K::SyncBadgeAge, &[("age", age)]));
        }
        if needs_user > 0 {
            label = format!(
                "{label}; {}",
                i.tf(K::StorageNeedsUser, &[("n", &needs_user.to_string())])
            );
        }
        Some(view! {
            <span class="nav-count" data-testid="waiting-count" data-n=n.to_string() data-needs-user=needs_user.to_string() title=label.clone()>
                {(n > 0).then_some(n)}
                {age.map(|a| view! { <span class="nav-age" aria-hidden="true" data-testid="waiting-age">{format!(" · {a}")}</span> })}
                {(needs_user > 0).then(|| view! { <span class="nav-alert" aria-hidden="true">" !"</span> })}
                <span class="visually-hidden">{format!(" ({label})")}</span>
            </span>
        })
    }
}

#[component]
fn NavIcon(page: Page) -> impl IntoView {
    let d = match page {
        Page::Home => "M3 11.5 12 4l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z",
        Page::Signals => "M10.5 3a7.5 7.5 0 0 1 6 12l4.8 4.8-1.5 1.5-4.8-4.8A7.5 7.5 0 1 1 10.5 3zm0 2a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11z",
        Page::Meldroute => "M6 3a3 3 0 0 1 1 5.8V11h8a3 3 0 0 1 3 3v1.2a3 3 0 1 1-2 0V14a1 1 0 0 0-1-1H7v2.2a3 3 0 1 1-2 0V8.8A3 3 0 0 1 6 3z",
        Page::Contacts => "M6.6 10.8a15 15 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.6 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.6 3.6a1 1 0 0 1-.25 1z",
        Page::Observations => "M5 3h10l4 4v13a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm2 8v2h10v-2zm0 4v2h7v-2zm0-8v2h6V7z",
        Page::Training => "M12 3 1 9l11 6 9-4.9V17h2V9zM5 13.2V17l7 4 7-4v-3.8L12 17z",
        Page::Settings => "M12 8.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7z",
    };
    view! {
        <svg class="nav-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d=d fill="currentColor" />
        </svg>
    }
}

/// "3 uur", "12 min", "2 dagen": how long ago `since_ms` was
/// (`zicht_core::sending_status::age`).
pub fn age_text(i: I18n, since_ms: u64, now_ms: u64, short: bool) -> String {
    let (key, n) = zicht_core::sending_status::age(since_ms, now_ms, short);
    i.tf(key, &[("n", &n.to_string())])
}

/// The compact age of the oldest waiting observation, for the nav badge.
fn badge_age(i: I18n, overview: &zicht_core::sending_status::Overview) -> Option<String> {
    let ui = use_context::<crate::sync::SyncUi>()?;
    let now = ui.now_ms.get();
    let oldest = overview.badge_since(now)?;
    Some(age_text(i, oldest, now, true))
}
