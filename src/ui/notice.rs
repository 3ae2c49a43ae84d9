//! The result line under an action, announced to screen readers.

use leptos::prelude::*;

/// What the line under an action says, if anything.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Notice {
    #[default]
    None,
    /// Neutral news (copied, wiped): `role="status"`.
    Info(String),
    /// A success that is styled as one (saved, connected): `role="status"`.
    Ok(String),
    /// Something to fix: `role="alert"`, focusable so the screen can move focus to it.
    Error(String),
}

#[component]
pub fn NoticeLine(#[prop(into)] notice: Signal<Notice>) -> impl IntoView {
    move || match notice.get() {
        Notice::None => ().into_any(),
        Notice::Info(text) => view! { <p class="notice" role="status">{text}</p> }.into_any(),
        Notice::Ok(text) => {
            view! { <p class="notice notice-ok" role="status">{text}</p> }.into_any()
        }
        Notice::Error(text) => view! {
            <p class="notice notice-error" role="alert" tabindex="-1">{text}</p>
        }
        .into_any(),
    }
}
