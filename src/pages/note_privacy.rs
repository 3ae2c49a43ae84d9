//! What the privacy guard found in the observation's note: the note with each
//! finding underlined, per finding what it is and why it matters, for a
//! suspected name the choice "Het is geen naam" / "Ik haal het weg", and where
//! a suspect's plate or name goes instead. The rules are `zicht_core`'s
//! (`privacy::scan`, `Draft::unconfirmed_names`); this only shows them and
//! hands the edited draft back.

use leptos::prelude::*;
use zicht_core::i18n::K;
use zicht_core::observation::Draft;
use zicht_core::privacy::{self, Finding};

use crate::i18n::use_i18n;

/// Hands an edit of the draft to the form (which autosaves it). Kept in a
/// local arena slot: the form's closures are not `Send`.
type Edit = StoredValue<Box<dyn Fn(Box<dyn Fn(&mut Draft)>)>, LocalStorage>;

/// `apply` takes the edited draft.
pub fn note_privacy(draft: RwSignal<Draft>, apply: impl Fn(Draft) + 'static) -> impl IntoView {
    let i = use_i18n();
    let findings = Memo::new(move |_| draft.with(|d| privacy::scan(&d.note)));
    let edit: Edit = StoredValue::new_local(Box::new(move |f: Box<dyn Fn(&mut Draft)>| {
        let mut next = draft.get_untracked();
        f(&mut next);
        apply(next);
    }));
    move || {
        let list = findings.get();
        if list.is_empty() {
            return None;
        }
        // Tracked: a confirmation changes the choices without changing the note.
        let (note, unconfirmed) = draft.with(|d| (d.note.clone(), d.unconfirmed_names()));
        let blocks = list.iter().any(|f| f.blocks_sending);
        let marked = privacy::marked_parts(&note, &list)
            .into_iter()
            .map(|(text, found)| match found.and_then(|n| list.get(n)) {
                Some(f) => {
                    let label = f.kind.label(i.lang());
                    view! { <mark class="privacy-mark" data-kind=f.kind.id() title=label>{text.to_string()}</mark> }.into_any()
                }
                None => text.to_string().into_any(),
            })
            .collect_view();
        let items = list
            .iter()
            .map(|f| {
                let needs_choice = unconfirmed
                    .iter()
                    .any(|u| u.start == f.start && u.kind == f.kind);
                finding_item(i, f, needs_choice, edit)
            })
            .collect_view();
        let suspect = list
            .iter()
            .any(|f| f.kind.may_belong_to_a_suspect())
            .then(|| suspect_hint(i));
        Some(view! {
            <div class="notice notice-warning privacy-warning" data-blocks=blocks.to_string()>
                <p><strong>{i.t(K::ObsPrivacyTitle)}</strong></p>
                <p class="hint">{i.t(K::ObsPrivacyMarked)}</p>
                <p class="privacy-marked" data-testid="privacy-marked">{marked}</p>
                <ul>{items}</ul>
                {blocks.then(|| view! { <p><strong>{i.t(K::ObsPrivacyBlocks)}</strong></p> })}
                {suspect}
            </div>
        })
    }
}

fn finding_item(
    i: crate::i18n::I18n,
    f: &Finding,
    needs_choice: bool,
    edit: Edit,
) -> impl IntoView {
    let kind = f.kind;
    let lang = i.lang();
    let found = i.tf(
        K::ObsPrivacyFound,
        &[("kind", kind.label(lang)), ("text", &f.excerpt)],
    );
    let remove = {
        let f = f.clone();
        move |_| {
            let f = f.clone();
            edit.with_value(|edit| edit(Box::new(move |d: &mut Draft| d.remove_finding(&f))))
        }
    };
    let not_a_name = {
        let excerpt = f.excerpt.clone();
        move |_| {
            let excerpt = excerpt.clone();
            edit.with_value(|edit| {
                edit(Box::new(move |d: &mut Draft| d.confirm_not_name(&excerpt)))
            })
        }
    };
    let choice = if kind.needs_confirmation() && !needs_choice {
        view! { <p class="hint" data-testid="privacy-confirmed">{i.tf(K::ObsPrivacyConfirmed, &[("text", &f.excerpt)])}</p> }
            .into_any()
    } else {
        let question = kind
            .needs_confirmation()
            .then(|| view! { <p><strong>{i.t(K::ObsPrivacyNameQuestion)}</strong></p> });
        let keep = kind.needs_confirmation().then(|| {
            view! {
                <button type="button" class="button button-secondary button-small" data-testid="privacy-not-a-name" on:click=not_a_name>
                    {i.t(K::ObsPrivacyNotAName)}
                </button>
            }
        });
        view! {
            {question}
            <p class="answers">
                {keep}
                <button type="button" class="button button-secondary button-small" data-testid="privacy-remove" on:click=remove>
                    {i.t(K::ObsPrivacyRemove)}
                </button>
            </p>
        }
        .into_any()
    };
    view! {
        <li data-kind=kind.id() data-needs-choice=needs_choice.to_string()>
            {found}
            <br /><span class="hint">{kind.explanation(lang)}</span>
            {choice}
        </li>
    }
}

/// The police and Meld Misdaad Anoniem from the region's directory, each
/// with its number and a link to its page there (with its source).
fn suspect_hint(i: crate::i18n::I18n) -> impl IntoView {
    let lang = i.lang();
    let contacts = ["politie", "meld-misdaad-anoniem"]
        .into_iter()
        .filter_map(|id| super::contacts::region().and_then(|r| r.contact(id)))
        .map(|c| {
            let href = zicht_core::paths::contact(&c.id);
            let phone = c.phones.first().map(|p| {
                view! { " " <a href=p.tel_uri()>{p.display.clone()}</a> }
            });
            view! { <li><a href=href>{c.name.get(lang).to_string()}</a>{phone}</li> }
        })
        .collect_view();
    view! {
        <div data-testid="privacy-suspect">
            <p>{i.t(K::ObsPrivacySuspect)}</p>
            <ul>{contacts}</ul>
        </div>
    }
}
