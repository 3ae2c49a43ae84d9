//! The block a detail screen shows when its id is not (or no longer) known.

use leptos::prelude::*;
use zicht_core::i18n::K;

use crate::i18n::use_i18n;

/// Title, an alert with the message, and a link back to the list.
#[component]
pub fn NotFoundBlock(
    title: K,
    message: K,
    back_href: &'static str,
    back_label: K,
) -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="page">
            <h1>{i.text(title)}</h1>
            <p role="alert">{i.text(message)}</p>
            <p><a href=back_href>{i.text(back_label)}</a></p>
        </div>
    }
}
