//! Practice mode (oefenmodus): the switch, the cases with feedback, the
//! statements, and a presenter view for a projector.
//!
//! Everything runs on the device: content is compiled in, scores live in local
//! storage, and nothing here talks to a network.

use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;
use zicht_core::content::training::{Case, Choice, Statement, TrainingFile};
use zicht_core::i18n::K;
use zicht_core::paths::{self, Page};
use zicht_core::training::{
    score_case, score_statement, theme_key, verdict, walk_to, CaseResult, CaseStatus,
    TrainingScores,
};

use super::contacts::region;
use super::signal_title;
use super::source::SourceNote;
use crate::i18n::use_i18n;
use crate::platform;
use crate::practice;
use crate::ui::focus_id;

mod case;
mod presenter;

pub use case::TrainingCase;
pub use presenter::TrainingPresentation;

fn training() -> &'static TrainingFile {
    &zicht_core::catalog().training
}

/// "A", "B", … for the choices, so a group can vote by letter.
fn letter(index: usize) -> char {
    char::from(b'A' + u8::try_from(index % 26).unwrap_or(0))
}

#[component]
fn BackLink() -> impl IntoView {
    let i = use_i18n();
    view! {
        <p class="back-link"><a href=Page::Training.path()>"← " {move || i.t(K::TrainingBack)}</a></p>
    }
}

/// The one switch for practice mode.
#[component]
pub fn PracticeSwitch() -> impl IntoView {
    let i = use_i18n();
    let p = practice::use_practice();
    view! {
        <section class="practice-switch" aria-labelledby="practice-title">
            <h2 id="practice-title">{move || i.t(K::TrainingHeading)}</h2>
            <p class="hint" id="practice-hint">{move || i.t(K::TrainingModeHint)}</p>
            <label class="choice switch">
                <input
                    type="checkbox"
                    role="switch"
                    data-testid="practice-switch"
                    aria-describedby="practice-hint"
                    prop:checked=move || p.get()
                    on:change=move |ev| p.set(event_target_checked(&ev))
                />
                <span>{move || i.t(K::TrainingModeLabel)}</span>
            </label>
            <p class="switch-state" role="status">
                {move || if p.get() { i.t(K::TrainingModeOn) } else { i.t(K::TrainingModeOff) }}
            </p>
        </section>
    }
}

/// `/training`: the switch, the cases with progress, statements, presenter
/// view and the reset for a new group.
#[component]
pub fn Training() -> impl IntoView {
    let i = use_i18n();
    let scores = RwSignal::new(practice::load_scores());
    let reset_done = RwSignal::new(false);
    let summary = move || scores.with(|s| s.summary(training()));
    let reset = move |_| {
        if !platform::confirm(i.t(K::TrainingResetConfirm)) {
            return;
        }
        practice::reset_scores();
        scores.set(TrainingScores::default());
        reset_done.set(true);
    };
    let intro = training().intro.clone();
    let cases = training()
        .cases
        .iter()
        .map(|case| {
            let id = case.id.clone();
            let status = {
                let id = id.clone();
                move || scores.with(|s| CaseStatus::of(s, &id))
            };
            let status_text = {
                let status = status.clone();
                move || i.t(status().label())
            };
            let themes = move || {
                case.themes
                    .iter()
                    .map(|t| i.t(theme_key(*t)))
                    .collect::<Vec<_>>()
                    .join(" · ")
            };
            view! {
                <li>
                    <a class="card-link case-card" href=paths::training_case(&id) data-case=id.clone() data-status=move || status().as_str()>
                        <span class="card-title">{move || case.title.get(i.lang()).to_string()}</span>
                        <span class="card-body">{themes}</span>
                        <span class="badge case-status">{status_text}</span>
                    </a>
                </li>
            }
        })
        .collect_view();

    view! {
        <div class="page training">
            <h1>{move || i.t(Page::Training.title())}</h1>
            <p class="lead">{move || i.t(K::TrainingIntro)}</p>
            <PracticeSwitch />
            <section aria-labelledby="cases-title">
                <h2 id="cases-title">{move || i.t(K::TrainingCases)}</h2>
                {intro.map(|t| view! { <p>{move || t.get(i.lang()).to_string()}</p> })}
                <p class="hint">{move || i.t(K::TrainingOverviewCasesHint)}</p>
                <p class="progress" data-testid="cases-progress">
                    {move || {
                        let s = summary();
                        i.tf(K::TrainingProgressCases, &[("done", &s.cases_done.to_string()), ("total", &s.cases_total.to_string())])
                    }}
                </p>
                <ul class="card-list case-list">{cases}</ul>
            </section>
            <section aria-labelledby="statements-title">
                <h2 id="statements-title">{move || i.t(K::TrainingStatements)}</h2>
                <p>{move || i.t(K::TrainingStatementsHint)}</p>
                <p class="progress" data-testid="statements-progress">
                    {move || {
                        let s = summary();
                        i.tf(K::TrainingProgressStatements, &[("correct", &s.statements_correct.to_string()), ("total", &s.statements_total.to_string())])
                    }}
                </p>
                <p><a class="button button-secondary" href=paths::TRAINING_STATEMENTS>{move || i.t(K::TrainingOpenStatements)}</a></p>
            </section>
            <section aria-labelledby="presentation-title">
                <h2 id="presentation-title">{move || i.t(K::TrainingPresentation)}</h2>
                <p>{move || i.t(K::TrainingPresentationHint)}</p>
                <p><a class="button button-secondary" href=paths::TRAINING_PRESENTATION>{move || i.t(K::TrainingStartPresentation)}</a></p>
            </section>
            <section aria-labelledby="scores-title">
                <h2 id="scores-title">{move || i.t(K::TrainingScoresTitle)}</h2>
                <p>{move || i.t(K::TrainingResetHint)}</p>
                <p>
                    <button type="button" class="button button-danger-outline" data-testid="training-reset" on:click=reset>
                        {move || i.t(K::TrainingReset)}
                    </button>
                </p>
                <div aria-live="polite">
                    <Show when=move || reset_done.get()>
                        <p class="notice notice-ok">{move || i.t(K::TrainingResetDone)}</p>
                    </Show>
                </div>
            </section>
        </div>
    }
}

#[component]
pub fn TrainingStatements() -> impl IntoView {
    let i = use_i18n();
    let scores = RwSignal::new(practice::load_scores());
    let progress = move || {
        let s = scores.with(|s| s.summary(training()));
        i.tf(
            K::TrainingProgressStatements,
            &[
                ("correct", &s.statements_correct.to_string()),
                ("total", &s.statements_total.to_string()),
            ],
        )
    };
    view! {
        <div class="page training-statements">
            <BackLink />
            <h1>{move || i.t(K::TrainingStatements)}</h1>
            <p>{move || i.t(K::TrainingStatementsHint)}</p>
            <p class="progress" data-testid="statements-progress">{progress}</p>
            <ol class="statement-list">
                {training().statements.iter().enumerate().map(|(n, s)| view! {
                    <li><StatementCard statement=s number=n + 1 scores=scores /></li>
                }).collect_view()}
            </ol>
        </div>
    }
}

#[component]
fn StatementCard(
    statement: &'static Statement,
    number: usize,
    scores: RwSignal<TrainingScores>,
) -> impl IntoView {
    let i = use_i18n();
    let answer = RwSignal::new(None::<bool>);
    let title_id = format!("statement-{}", statement.id);
    let answer_with = move |value: bool| {
        let r = score_statement(statement, value);
        scores.update(|s| {
            s.record_statement(&r);
            practice::save_scores(s);
        });
        answer.set(Some(value));
    };
    let labelled_by = title_id.clone();
    view! {
        <article class="statement" data-statement=statement.id.clone() aria-labelledby=labelled_by>
            <h2 id=title_id>{move || i.tf(K::TrainingStatementNumber, &[("n", &number.to_string())])}</h2>
            <p class="statement-text">{move || statement.statement.get(i.lang()).to_string()}</p>
            <Show when=move || answer.get().is_none()>
                <div class="answers">
                    <button type="button" class="button button-secondary" data-answer="true" on:click=move |_| answer_with(true)>{move || i.t(K::TrainingTrue)}</button>
                    <button type="button" class="button button-secondary" data-answer="false" on:click=move |_| answer_with(false)>{move || i.t(K::TrainingFalse)}</button>
                </div>
            </Show>
            <div aria-live="polite">
                {move || answer.get().map(|given| {
                    let correct = given == statement.is_true;
                    view! {
                        <div class="notice statement-result" class:notice-ok=correct class:notice-warning=!correct data-correct=correct.to_string()>
                            <p><strong>{move || i.t(verdict(correct))}</strong>
                                " — " {move || i.tf(K::TrainingYourAnswer, &[("answer", if given { i.t(K::TrainingTrue) } else { i.t(K::TrainingFalse) })])}</p>
                            <p>{move || if statement.is_true { i.t(K::TrainingStatementIsTrue) } else { i.t(K::TrainingStatementIsFalse) }}</p>
                            <p>{move || statement.explanation.get(i.lang()).to_string()}</p>
                            <SourceNote source=statement.source.clone() also=statement.more_sources.clone() />
                            <button type="button" class="button button-secondary button-small" on:click=move |_| answer.set(None)>{move || i.t(K::TrainingTryAgain)}</button>
                        </div>
                    }
                })}
            </div>
        </article>
    }
}
