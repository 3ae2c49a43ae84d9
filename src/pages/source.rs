//! How a piece of content names where it comes from.

use leptos::prelude::*;
use zicht_core::i18n::K;
use zicht_core::Source;

use crate::i18n::use_i18n;

fn doc_title(doc: &str) -> K {
    match doc.get(..3) {
        Some("000") => K::SourceDoc000,
        Some("001") => K::SourceDoc001,
        Some("002") => K::SourceDoc002,
        Some("003") => K::SourceDoc003,
        Some("004") => K::SourceDoc004,
        _ => K::SourceWeb,
    }
}

/// "Bron: <document>, <section>" with a link for web sources.
#[component]
pub fn SourceNote(source: Source, #[prop(optional)] also: Vec<Source>) -> impl IntoView {
    let i = use_i18n();
    let line = move |source: &Source, label: K| {
        let title = doc_title(&source.doc);
        let section = source.section.clone();
        let url = source.url.clone();
        view! {
            <p class="source">
                {move || i.t(label)} ": "
                {match url {
                    Some(url) => view! {
                        <a href=url target="_blank" rel="noopener noreferrer">{section}</a>
                    }.into_any(),
                    None => view! { <span>{move || i.t(title)} ", " {section.clone()}</span> }.into_any(),
                }}
            </p>
        }
    };
    view! {
        {line(&source, K::SourceLabel)}
        {also.iter().map(|s| line(s, K::SourceAlso)).collect_view()}
    }
}
