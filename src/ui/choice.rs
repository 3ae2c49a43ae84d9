//! A `<select>` over a closed list of options, with an empty first option
//! ("Alle", "Niet ingevuld") that stands for "none chosen".

use leptos::prelude::*;
use zicht_core::i18n::K;

use crate::i18n::use_i18n;

/// One option: its value (a code) and its label, tracked so it follows the language.
#[derive(Clone)]
pub struct ChoiceOption {
    pub value: String,
    pub label: Signal<String>,
}

impl ChoiceOption {
    /// An option whose label is a UI text.
    pub fn keyed(value: impl Into<String>, key: K) -> Self {
        let i = use_i18n();
        Self {
            value: value.into(),
            label: Signal::derive(move || i.t(key).to_string()),
        }
    }

    /// An option whose label is computed (content titles, place names).
    pub fn derived(
        value: impl Into<String>,
        label: impl Fn() -> String + Send + Sync + 'static,
    ) -> Self {
        Self {
            value: value.into(),
            label: Signal::derive(label),
        }
    }
}

/// `value` is the chosen code, "" for none; `on_change` gets the new code.
#[component]
pub fn Choice(
    #[prop(into)] id: String,
    #[prop(optional)] class: &'static str,
    /// The label of the empty first option.
    empty: K,
    options: Vec<ChoiceOption>,
    value: impl Fn() -> String + Send + Sync + 'static,
    on_change: impl Fn(String) + 'static,
) -> impl IntoView {
    let i = use_i18n();
    let value = Signal::derive(value);
    let class = (!class.is_empty()).then_some(class);
    view! {
        <select id=id class=class
            on:change=move |ev| on_change(event_target_value(&ev))
            prop:value=move || value.get()>
            <option value="">{i.text(empty)}</option>
            {options.into_iter().map(|o| {
                let code = o.value.clone();
                view! {
                    <option value=o.value selected=move || value.with(|v| *v == code)>
                        {move || o.label.get()}
                    </option>
                }
            }).collect_view()}
        </select>
    }
}
