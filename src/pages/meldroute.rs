//! The meldroute: a role, then short questions and actions, with the walk in
//! the URL (`?w=role:step.step`) so back, forward and shared links work.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use zicht_core::content::meldroute::{Outcome, Step, StepKind, Walk};
use zicht_core::i18n::K;
use zicht_core::paths::Page;

use super::contacts::{region, ContactCard, RegionLine};
use super::source::SourceNote;
use super::AcuteCall;
use crate::i18n::use_i18n;
use crate::platform;
use zicht_core::regions::{step_contacts, StepContact};

fn outcome_key(outcome: Outcome) -> K {
    match outcome {
        Outcome::Alarm => K::RouteOutcomeAlarm,
        Outcome::VeiligThuis => K::RouteOutcomeVeiligThuis,
        Outcome::Politie => K::RouteOutcomePolitie,
        Outcome::Hulp => K::RouteOutcomeHulp,
        Outcome::Consult => K::RouteOutcomeConsult,
        Outcome::Iko => K::RouteOutcomeIko,
    }
}

fn walk_href(walk: &Walk) -> String {
    format!("{}?w={}", Page::Meldroute.path(), walk.to_param())
}

#[component]
pub fn Meldroute() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let walk = Memo::new(move |_| {
        query
            .read()
            .get("w")
            .map(|w| Walk::from_param(&zicht_core::catalog().meldroute, &w))
    });
    // The next observation records how far the user got.
    Effect::new(move |_| {
        if let Some(Some(w)) = walk.get() {
            platform::store_walk(&w.role, &w.path);
        }
    });
    view! {
        <div class="page meldroute">
            <h1>{i.text(K::TitleMeldroute)}</h1>
            {move || match walk.get() {
                None => view! { <RolePicker /> }.into_any(),
                Some(None) => view! {
                    <p class="notice" role="alert">{i.text(K::RouteInvalid)}</p>
                    <RolePicker />
                }.into_any(),
                Some(Some(walk)) => view! { <WalkView walk=walk /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn RolePicker() -> impl IntoView {
    let i = use_i18n();
    let route = &zicht_core::catalog().meldroute;
    let stored = platform::stored_role();
    let mut roles: Vec<_> = route.roles.iter().collect();
    // The remembered role first: one tap to start again.
    roles.sort_by_key(|r| Some(&r.id) != stored.as_ref());
    let intro = route.intro.clone();
    let items = roles
        .into_iter()
        .map(|role| {
            let is_mine = Some(&role.id) == stored.as_ref();
            let id = role.id.clone();
            let href = Walk::start(route, &role.id)
                .map(|w| walk_href(&w))
                .unwrap_or_default();
            let title = role.title.clone();
            let description = role.description.clone();
            view! {
                <li>
                    <a class="card-link" href=href on:click=move |_| platform::store_role(&id)>
                        <span class="card-title">{move || title.get(i.lang()).to_string()}</span>
                        <span class="card-body">{move || description.get(i.lang()).to_string()}</span>
                        {is_mine.then(|| view! { <span class="badge">{i.text(K::RouteYourRole)}</span> })}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <AcuteCall />
        <h2>{i.text(K::RouteChooseRole)}</h2>
        <p>{i.text(K::RouteChooseRoleBody)}</p>
        <ul class="card-list">{items}</ul>
        {intro.map(|t| view! { <p class="source">{move || t.get(i.lang()).to_string()}</p> })}
    }
}

#[component]
fn WalkView(walk: Walk) -> impl IntoView {
    let i = use_i18n();
    let route = &zicht_core::catalog().meldroute;
    let Some(step) = walk.current(route).cloned() else {
        return view! { <RolePicker /> }.into_any();
    };
    let role_title = route
        .role(&walk.role)
        .map(|r| r.title.clone())
        .unwrap_or_default();
    let trail = walk.path[..walk.path.len().saturating_sub(1)]
        .iter()
        .filter_map(|id| route.step(id))
        .map(|s| {
            let title = s.title.clone();
            view! { <li>{move || title.get(i.lang()).to_string()}</li> }
        })
        .collect_view();
    let has_trail = walk.path.len() > 1;
    let actions = step_actions(&step, &walk);
    let contacts = step.contacts.clone();
    let step_for_contacts = step.clone();
    let title = step.title.clone();
    let body = step.body.clone();
    let outcome = step.outcome;
    let derived = step.derived;
    let source = step.source.clone();
    let more = step.more_sources.clone();
    let restart = Walk::start(route, &walk.role)
        .map(|w| walk_href(&w))
        .unwrap_or_default();

    view! {
        <p class="route-role">
            <span>{move || role_title.get(i.lang()).to_string()}</span>
            " · "
            <a href=Page::Meldroute.path()>{i.text(K::RouteChangeRole)}</a>
        </p>
        <section class="route-step" aria-labelledby="step-title" data-step=step.id.clone()>
            <h2 id="step-title">{move || title.get(i.lang()).to_string()}</h2>
            <p>{move || body.get(i.lang()).to_string()}</p>
            {outcome.map(|o| view! { <p class="outcome">{move || i.t(outcome_key(o))}</p> })}
            {(!contacts.is_empty()).then(|| view! {
                <h3>{i.text(K::RouteContactsNeeded)}</h3>
                <RegionLine compact=true />
                {move || region().map(|pack| view! {
                    <ul class="contact-list" data-region=pack.id.clone()>
                        {step_contacts(&step_for_contacts, pack).into_iter().map(|shown| match shown {
                            StepContact::Listed(c) => view! { <li><ContactCard id=c.id.clone() compact=true /></li> }.into_any(),
                            StepContact::AskOwnOrganisation(note) => {
                                let note = note.clone();
                                view! {
                                    <li>
                                        <article class="contact-card contact-own" data-testid="ask-own">
                                            <h3>{i.text(K::RegionAskOwn)}</h3>
                                            <p>{move || note.get(i.lang()).to_string()}</p>
                                        </article>
                                    </li>
                                }.into_any()
                            }
                        }).collect_view()}
                    </ul>
                })}
            })}
            {actions}
            {derived.then(|| view! { <p class="hint">{i.text(K::RouteDerived)}</p> })}
            <SourceNote source=source also=more />
        </section>
        <div class="route-nav">
            {has_trail.then(|| view! {
                <button type="button" class="button button-secondary" on:click=move |_| platform::history_back()>
                    {i.text(K::RouteBack)}
                </button>
            })}
            <a class="button button-secondary" href=restart>{i.text(K::RouteRestart)}</a>
        </div>
        {has_trail.then(|| view! {
            <details class="route-trail">
                <summary>{i.text(K::RouteTrail)}</summary>
                <ol>{trail}</ol>
            </details>
        })}
    }
    .into_any()
}

/// Answer buttons for a question, "next" for an action with a successor, or the
/// end of the route.
fn step_actions(step: &Step, walk: &Walk) -> AnyView {
    let i = use_i18n();
    let route = &zicht_core::catalog().meldroute;
    match step.kind {
        StepKind::Question => {
            let buttons = step
                .answers
                .iter()
                .enumerate()
                .map(|(index, answer)| {
                    let mut next = walk.clone();
                    let href = next
                        .answer(route, index)
                        .map(|_| walk_href(&next))
                        .unwrap_or_default();
                    let label = answer.label.clone();
                    let class = if answer.yes {
                        "button button-danger"
                    } else {
                        "button button-primary"
                    };
                    view! { <a class=class href=href>{move || label.get(i.lang()).to_string()}</a> }
                })
                .collect_view();
            view! { <div class="answers">{buttons}</div> }.into_any()
        }
        StepKind::Action if step.next.is_some() => {
            let mut next = walk.clone();
            let href = next
                .advance(route)
                .map(|_| walk_href(&next))
                .unwrap_or_default();
            view! { <div class="answers"><a class="button button-primary" href=href>{i.text(K::RouteNext)}</a></div> }
                .into_any()
        }
        StepKind::Action => view! {
            <div class="route-done">
                <h3>{i.text(K::RouteDone)}</h3>
                <p>{i.text(K::RouteDoneBody)}</p>
            </div>
        }
        .into_any(),
    }
}
