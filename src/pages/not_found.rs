use leptos::prelude::*;
use zicht_core::i18n::K;
use zicht_core::paths::Page;

use crate::i18n::use_i18n;
use crate::screens::MarkReady;

#[component]
pub fn NotFound() -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="page">
            <h1>{i.text(K::TitleNotFound)}</h1>
            <p>{i.text(K::NotFoundBody)}</p>
            <p><a class="button button-primary" href=Page::Home.path()>{i.text(K::NavHome)}</a></p>
            <MarkReady />
        </div>
    }
}
