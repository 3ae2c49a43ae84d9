//! The contact directory of the chosen region, and one contact in full.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use zicht_core::availability::{next_spreekuur, status};
use zicht_core::content::contacts::{Contact, RegionPack};
use zicht_core::i18n::K;
use zicht_core::paths::{self, Page};

use super::source::SourceNote;
use crate::i18n::use_i18n;
use crate::platform;
use crate::ui::NotFoundBlock;

/// The region pack in use (the user's choice, the deployment's, or the first
/// regional pack; see `crate::regions`). Reactive: a change of region
/// re-renders whatever read it.
pub fn region() -> Option<&'static RegionPack> {
    crate::regions::current()
}

/// Where the region is chosen.
pub fn region_settings_href() -> String {
    format!("{}#regio", Page::Settings.path())
}

/// "Je ziet de contacten van: Haaglanden — wijzigen" while nobody chose a
/// region on this device; the pack's regional note for a national pack.
/// `compact` (the settings, where the choice itself is shown): only the line.
#[component]
pub fn RegionLine(#[prop(optional)] compact: bool) -> impl IntoView {
    let i = use_i18n();
    move || {
        let selection = crate::regions::selection()?;
        let pack = selection.pack;
        let name = pack.name.clone();
        let line = selection.needs_confirmation().then(|| {
            let name = name.clone();
            view! {
                <p class="region-line notice" data-testid="region-line">
                    {move || i.tf(K::RegionShowing, &[("name", name.get(i.lang()))])}
                    " — "
                    <a href=region_settings_href() data-testid="region-change">{i.text(K::RegionChange)}</a>
                </p>
            }
        });
        if compact {
            return Some(view! { {line} }.into_any());
        }
        let chosen = (!selection.needs_confirmation()).then(|| {
            view! {
                <p class="region" data-testid="region-chosen">
                    {i.text(K::ContactsRegion)} ": " <strong>{move || name.get(i.lang()).to_string()}</strong>
                    " (" <a href=region_settings_href()>{i.text(K::RegionChange)}</a> ")"
                </p>
            }
        });
        let regional = pack.regional_note.clone().map(|t| {
            view! { <p class="notice notice-warning" data-testid="region-regional-note">{move || t.get(i.lang()).to_string()}</p> }
        });
        Some(view! { {line} {chosen} {regional} }.into_any())
    }
}

fn find(id: &str) -> Option<&'static Contact> {
    region().and_then(|r| r.contact(id))
}

/// Seconds since the epoch, from the page's one clock (`sync::provide_status`,
/// every 30 s), so "nu open" stays true.
fn now_signal() -> Memo<i64> {
    let clock = crate::sync::use_sync().now_ms;
    Memo::new(move |_| i64::try_from(clock.get() / 1000).unwrap_or(i64::MAX))
}

#[component]
pub fn Contacts() -> impl IntoView {
    let i = use_i18n();
    view! {
        <div class="page contacts">
            <h1>{i.text(K::TitleContacts)}</h1>
            <p>{i.text(K::ContactsIntro)}</p>
            <RegionLine />
            {move || region().map(|region| {
                let note = region.note.clone();
                view! {
                    {note.map(|t| view! { <p class="hint">{move || t.get(i.lang()).to_string()}</p> })}
                    <ul class="contact-list" data-region=region.id.clone()>
                        {region.contacts.iter().map(|c| view! { <li><ContactCard id=c.id.clone() compact=false /></li> }).collect_view()}
                    </ul>
                }
            })}
        </div>
    }
}

/// A contact with its status and call buttons; `compact` for inside a route step.
#[component]
pub fn ContactCard(id: String, compact: bool) -> impl IntoView {
    let i = use_i18n();
    let Some(contact) = find(&id) else {
        return ().into_any();
    };
    let now = now_signal();
    let name = contact.name.clone();
    let purpose = contact.purpose.clone();
    let detail = paths::contact(&contact.id);
    let status_line = move || status(contact, now.get()).label(now.get(), i.lang());
    let is_open = move || status(contact, now.get()).is_open();
    view! {
        <article class="contact-card" data-contact=contact.id.clone()>
            <h3>{move || name.get(i.lang()).to_string()}</h3>
            {(!compact).then(|| view! { <p>{move || purpose.get(i.lang()).to_string()}</p> })}
            <p class="status" class:is-open=is_open>{status_line}</p>
            <PhoneButtons contact=contact />
            <a class="more-link" href=detail>{move || i.tf(K::ContactsDetails, &[("name", contact.name.get(i.lang()))])}</a>
        </article>
    }
    .into_any()
}

#[component]
fn PhoneButtons(contact: &'static Contact) -> impl IntoView {
    let i = use_i18n();
    let copied = RwSignal::new(None::<bool>);
    let buttons = contact
        .phones
        .iter()
        .map(|phone| {
            let dial = phone.dial.clone();
            let display = phone.display.clone();
            let label = phone.label.clone();
            view! {
                <div class="phone">
                    <a class="button button-call" href=phone.tel_uri()>
                        {move || i.tf(K::ContactsCall, &[("number", &display)])}
                    </a>
                    <span class="phone-label">{move || label.get(i.lang()).to_string()}</span>
                    <button
                        type="button"
                        class="button button-secondary button-small"
                        on:click=move |_| {
                            let dial = dial.clone();
                            leptos::task::spawn_local(async move {
                                copied.set(Some(platform::copy_text(&dial).await));
                            });
                        }
                    >
                        {i.text(K::ContactsCopy)}
                    </button>
                </div>
            }
        })
        .collect_view();
    view! {
        {buttons}
        <p class="copy-status" role="status">
            {move || match copied.get() {
                Some(true) => i.t(K::ContactsCopied),
                Some(false) => i.t(K::ContactsCopyFailed),
                None => "",
            }}
        </p>
    }
}

#[component]
pub fn ContactDetail() -> impl IntoView {
    let params = use_params_map();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        // Read here so that a change of region re-renders the page.
        match region().and_then(|r| r.contact(&id)) {
            Some(contact) => view! { <ContactFull contact=contact /> }.into_any(),
            None => view! {
                <NotFoundBlock title=K::TitleContacts message=K::ContactsNotFound
                    back_href=Page::Contacts.path() back_label=K::ContactsBack />
            }
            .into_any(),
        }
    }
}

#[component]
fn ContactFull(contact: &'static Contact) -> impl IntoView {
    let i = use_i18n();
    let now = now_signal();
    let text = move |t: &'static zicht_core::Text| move || t.get(i.lang()).to_string();
    view! {
        <div class="page contact-detail">
            <p><a href=Page::Contacts.path()>{i.text(K::ContactsBack)}</a></p>
            <h1>{text(&contact.name)}</h1>
            <RegionLine compact=true />
            <h2>{i.text(K::ContactsForWhat)}</h2>
            <p>{text(&contact.purpose)}</p>
            <h2>{i.text(K::ContactsForWhom)}</h2>
            <p>{text(&contact.audience)}</p>

            <h2>{i.text(K::ContactsPhone)}</h2>
            {if contact.phones.is_empty() {
                view! { <p>{i.text(K::ContactsNoPhone)}</p> }.into_any()
            } else {
                view! { <PhoneButtons contact=contact /> }.into_any()
            }}

            <h2>{i.text(K::ContactsReachability)}</h2>
            <p class="status" class:is-open=move || status(contact, now.get()).is_open()>
                {move || status(contact, now.get()).label(now.get(), i.lang())}
            </p>
            {contact.availability_note.as_ref().map(|t| view! { <p>{text(t)}</p> })}

            {contact.walk_in.as_ref().map(|walk_in| view! {
                <h2>{i.text(K::ContactsWalkIn)}</h2>
                {move || next_spreekuur(contact, now.get()).map(|s| view! {
                    <p class="status" class:is-open=s.ongoing>{s.label(now.get(), i.lang())}</p>
                })}
                <p>{text(&walk_in.note)}</p>
                <SourceNote source=walk_in.source.clone() />
            })}

            {contact.website.as_ref().map(|url| view! {
                <h2>{i.text(K::ContactsWebsite)}</h2>
                <p><a href=url.clone() target="_blank" rel="noopener noreferrer">{url.clone()}</a> " " <span class="hint">{i.text(K::ContactsOpensElsewhere)}</span></p>
            })}
            {contact.chat.as_ref().map(|chat| view! {
                <h2>{i.text(K::ContactsChat)}</h2>
                <p>{text(&chat.description)}</p>
                {chat.url.as_ref().map(|url| view! { <p><a href=url.clone() target="_blank" rel="noopener noreferrer">{url.clone()}</a></p> })}
            })}
            {contact.address.as_ref().map(|address| view! {
                <h2>{i.text(K::ContactsAddress)}</h2>
                <p>{address.clone()}</p>
            })}
            {contact.not_in_sources.as_ref().map(|t| view! {
                <h2>{i.text(K::ContactsNotInSources)}</h2>
                <p>{text(t)}</p>
            })}

            <SourceNote source=contact.source.clone() also=contact.more_sources.clone() />
            <p class="source">{move || i.tf(K::ContactsVerified, &[("date", &contact.verified_on)])}</p>
        </div>
    }
}
