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
    score_case, score_statement, theme_key, walk_to, CaseResult, TrainingScores,
};

use super::contacts::region;
use super::signal_title;
use super::source::SourceNote;
use crate::i18n::use_i18n;
use crate::platform;
use crate::practice;

fn training() -> &'static TrainingFile {
    &zicht_core::catalog().training
}

/// "A", "B", … for the choices, so a group can vote by letter.
fn letter(index: usize) -> char {
    char::from(b'A' + u8::try_from(index % 26).unwrap_or(0))
}

/// Focuses an element once the next frame has rendered it.
fn focus(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

fn status_key(scores: &TrainingScores, id: &str) -> (K, &'static str) {
    match scores.case(id) {
        None => (K::TrainingCaseTodo, "todo"),
        Some(b) if b.is_perfect() => (K::TrainingCasePerfect, "perfect"),
        Some(b) if b.choice_correct => (K::TrainingCaseCorrect, "correct"),
        Some(_) => (K::TrainingCaseDone, "done"),
    }
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
                move || scores.with(|s| status_key(s, &id))
            };
            let status_text = {
                let status = status.clone();
                move || i.t(status().0)
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
                    <a class="card-link case-card" href=paths::training_case(&id) data-case=id.clone() data-status=move || status().1>
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

/// `/training/casus/:id`: one case, played in three steps.
#[component]
pub fn TrainingCase() -> impl IntoView {
    let i = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").unwrap_or_default());
    move || match training().case(&id.get()) {
        Some(case) => view! { <CaseView case=case /> }.into_any(),
        None => view! {
            <div class="page">
                <BackLink />
                <h1>{move || i.t(K::TrainingCases)}</h1>
                <p class="notice" role="alert">{move || i.t(K::TrainingNotFound)}</p>
            </div>
        }
        .into_any(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Signals,
    Choice,
    Feedback,
}

#[component]
fn CaseView(case: &'static Case) -> impl IntoView {
    let i = use_i18n();
    let phase = RwSignal::new(Phase::Signals);
    let selected = RwSignal::new(Vec::<String>::new());
    let choice = RwSignal::new(None::<usize>);
    let missing_choice = RwSignal::new(false);
    let result = RwSignal::new(None::<CaseResult>);

    let to_choice = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        phase.set(Phase::Choice);
        focus("case-step");
    };
    let check = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let Some(index) = choice.get_untracked() else {
            missing_choice.set(true);
            focus("choice-error");
            return;
        };
        let Ok(r) = score_case(case, &selected.get_untracked(), index) else {
            return;
        };
        let mut scores = practice::load_scores();
        scores.record_case(&r);
        practice::save_scores(&scores);
        result.set(Some(r));
        phase.set(Phase::Feedback);
        focus("feedback-title");
    };
    let again = move |_| {
        selected.set(vec![]);
        choice.set(None);
        result.set(None);
        missing_choice.set(false);
        phase.set(Phase::Signals);
        focus("case-step");
    };
    let step_number = move || match phase.get() {
        Phase::Signals => 1,
        Phase::Choice => 2,
        Phase::Feedback => 3,
    };
    let next_case = {
        let cases = &training().cases;
        cases
            .iter()
            .position(|c| c.id == case.id)
            .and_then(|p| cases.get(p + 1))
    };
    let question = move || match &case.question {
        Some(q) => q.get(i.lang()).to_string(),
        None => i.t(K::TrainingNextStep).to_string(),
    };

    let signal_options = case
        .signal_options()
        .into_iter()
        .map(|id| {
            let value = id.to_string();
            let checked = {
                let value = value.clone();
                move || selected.with(|s| s.contains(&value))
            };
            let toggle = {
                let value = value.clone();
                move |ev: ev::Event| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| {
                        s.retain(|v| *v != value);
                        if on {
                            s.push(value.clone());
                        }
                    });
                }
            };
            view! {
                <label class="choice">
                    <input type="checkbox" name="signals" value=value prop:checked=checked on:change=toggle />
                    <span>{move || signal_title(id, i.lang())}</span>
                </label>
            }
        })
        .collect_view();

    let choice_options = case
        .choices
        .iter()
        .enumerate()
        .map(|(index, c)| {
            view! {
                <label class="choice">
                    <input
                        type="radio"
                        name="next-step"
                        value=index.to_string()
                        prop:checked=move || choice.get() == Some(index)
                        on:change=move |_| {
                            choice.set(Some(index));
                            missing_choice.set(false);
                        }
                    />
                    <span>{move || c.label.get(i.lang()).to_string()}</span>
                </label>
            }
        })
        .collect_view();

    view! {
        <div class="page training-case" data-case=case.id.clone()>
            <BackLink />
            <h1>{move || case.title.get(i.lang()).to_string()}</h1>
            <p class="hint">{move || case.themes.iter().map(|t| i.t(theme_key(*t))).collect::<Vec<_>>().join(" · ")}</p>
            <section class="situation" aria-labelledby="situation-title">
                <h2 id="situation-title">{move || i.t(K::TrainingSituation)}</h2>
                <p>{move || case.situation.get(i.lang()).to_string()}</p>
            </section>
            <p class="step-of" id="case-step" tabindex="-1">{move || i.tf(K::TrainingStepOf, &[("n", &step_number().to_string())])}</p>
            <form class="case-form" data-testid="signals-form" on:submit=to_choice hidden=move || phase.get() != Phase::Signals>
                    <fieldset class="field">
                        <legend>{move || i.t(K::TrainingWhichSignals)}</legend>
                        <p class="hint">{move || i.t(K::TrainingWhichSignalsHint)}</p>
                        {signal_options}
                    </fieldset>
                    <button type="submit" class="button button-primary">{move || i.t(K::TrainingToNextStep)}</button>
            </form>
            <form class="case-form" data-testid="choice-form" on:submit=check hidden=move || phase.get() != Phase::Choice>
                    <fieldset class="field" aria-describedby="choice-error">
                        <legend>{question}</legend>
                        <p class="field-error" id="choice-error" tabindex="-1">
                            {move || missing_choice.get().then(|| i.t(K::TrainingPickAChoice))}
                        </p>
                        {choice_options}
                    </fieldset>
                    <button type="submit" class="button button-primary">{move || i.t(K::TrainingCheck)}</button>
            </form>
            {move || result.get().map(|r| view! { <Feedback case=case result=r /> })}
            <Show when=move || phase.get() == Phase::Feedback>
                <div class="case-actions">
                    <button type="button" class="button button-secondary" on:click=again>{move || i.t(K::TrainingTryAgain)}</button>
                    {next_case.map(|n| view! {
                        <a class="button button-primary" href=paths::training_case(&n.id)>{move || i.t(K::TrainingNextCase)}</a>
                    })}
                    <a class="button button-secondary" href=Page::Training.path()>{move || i.t(K::TrainingBack)}</a>
                </div>
            </Show>
        </div>
    }
}

/// Signals as links to their pages, or "Geen".
fn signal_links(ids: Vec<String>, i: crate::i18n::I18n) -> impl IntoView {
    if ids.is_empty() {
        return view! { <p>{move || i.t(K::TrainingNone)}</p> }.into_any();
    }
    view! {
        <ul class="signal-feedback">
            {ids.into_iter().map(|id| {
                let href = paths::signal(&id);
                let data = id.clone();
                view! { <li><a href=href data-signal=data>{move || signal_title(&id, i.lang())}</a></li> }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Feedback(case: &'static Case, result: CaseResult) -> impl IntoView {
    let i = use_i18n();
    let s = result.signals.clone();
    let points = s.points().to_string();
    let total = s.total().to_string();
    let correct = result.choice_correct;
    let chosen = result.choice;
    view! {
        <section class="feedback" aria-labelledby="feedback-title" data-testid="case-feedback">
            <h2 id="feedback-title" tabindex="-1">{move || i.t(K::TrainingFeedback)}</h2>
            <div class="notice" class:notice-ok=correct class:notice-warning=!correct>
                <p data-testid="signal-score">{move || i.tf(K::TrainingSignalScore, &[("points", &points), ("total", &total)])}</p>
                <p data-testid="choice-verdict">
                    {move || i.t(K::TrainingYourChoice)} ": "
                    {move || if correct { i.t(K::TrainingCorrect) } else { i.t(K::TrainingIncorrect) }}
                </p>
            </div>
            <h3>{move || i.t(K::TrainingYourSignals)}</h3>
            <div class="signal-groups">
                <div class="signal-group is-hit">
                    <h4>{move || i.t(K::TrainingHits)} " (" {s.hits.len()} ")"</h4>
                    {signal_links(s.hits.clone(), i)}
                </div>
                <div class="signal-group is-miss">
                    <h4>{move || i.t(K::TrainingMisses)} " (" {s.misses.len()} ")"</h4>
                    {signal_links(s.misses.clone(), i)}
                </div>
                <div class="signal-group is-false">
                    <h4>{move || i.t(K::TrainingFalsePicks)} " (" {s.false_picks.len()} ")"</h4>
                    {signal_links(s.false_picks.clone(), i)}
                </div>
            </div>
            <h3>{move || i.t(K::TrainingChoicesExplained)}</h3>
            <ol class="choice-feedback">
                {case.choices.iter().enumerate().map(|(index, c)| view! {
                    <ChoiceFeedback case=case choice=c chosen=index == chosen />
                }).collect_view()}
            </ol>
            <section class="takeaway" aria-labelledby="takeaway-title">
                <h3 id="takeaway-title">{move || i.t(K::TrainingTakeaway)}</h3>
                <p>{move || case.takeaway.get(i.lang()).to_string()}</p>
                <SourceNote source=case.source.clone() also=case.more_sources.clone() />
            </section>
        </section>
    }
}

/// One answer with its verdict, explanation, route step and contact.
#[component]
fn ChoiceFeedback(case: &'static Case, choice: &'static Choice, chosen: bool) -> impl IntoView {
    let i = use_i18n();
    let catalog = zicht_core::catalog();
    let route = choice.step.as_deref().and_then(|step| {
        let walk = walk_to(&catalog.meldroute, choice.role_in(case), step)?;
        let title = catalog.meldroute.step(step)?.title.clone();
        Some((paths::meldroute_walk(&walk.to_param()), title))
    });
    let contact = choice
        .contact
        .as_deref()
        .and_then(|id| region()?.contact(id))
        .map(|c| (paths::contact(&c.id), c.name.clone()));
    view! {
        <li class="choice-result" class:is-correct=choice.correct class:is-chosen=chosen data-correct=choice.correct.to_string()>
            <p class="choice-label">
                <span class="verdict">{move || if choice.correct { i.t(K::TrainingCorrect) } else { i.t(K::TrainingIncorrect) }}</span>
                " "
                <strong>{move || choice.label.get(i.lang()).to_string()}</strong>
                {chosen.then(|| view! { " " <span class="badge">{move || i.t(K::TrainingYourChoice)}</span> })}
            </p>
            <p>{move || choice.feedback.get(i.lang()).to_string()}</p>
            <ul class="choice-links">
                {route.map(|(href, title)| view! {
                    <li><a href=href data-testid="route-link">{move || i.t(K::TrainingOpenInRoute)} ": " {move || title.get(i.lang()).to_string()}</a></li>
                })}
                {contact.map(|(href, name)| view! {
                    <li><a href=href data-testid="contact-link">{move || i.tf(K::TrainingContactLink, &[("name", name.get(i.lang()))])}</a></li>
                })}
            </ul>
        </li>
    }
}

/// `/training/stellingen`: true or false, explained, with the source.
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
                            <p><strong>{move || if correct { i.t(K::TrainingCorrect) } else { i.t(K::TrainingIncorrect) }}</strong>
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

/// Reveals per case: situation, signal question, signal answer, step
/// question, step answer, take-away.
const REVEALS: usize = 6;

/// Position in the presentation: case index (== number of cases at the end)
/// and how much of it is revealed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Slide {
    case: usize,
    step: usize,
}

impl Slide {
    fn next(self, cases: usize) -> Slide {
        if self.case >= cases {
            self
        } else if self.step + 1 < REVEALS {
            Slide {
                case: self.case,
                step: self.step + 1,
            }
        } else {
            Slide {
                case: self.case + 1,
                step: 0,
            }
        }
    }

    fn previous(self, cases: usize) -> Slide {
        if self.case >= cases {
            Slide {
                case: cases.saturating_sub(1),
                step: REVEALS - 1,
            }
        } else if self.step > 0 {
            Slide {
                case: self.case,
                step: self.step - 1,
            }
        } else if self.case > 0 {
            Slide {
                case: self.case - 1,
                step: REVEALS - 1,
            }
        } else {
            self
        }
    }
}

/// Calls `el.scrollIntoView({block: "nearest"})` without more web-sys features.
fn scroll_into_view(selector: &'static str) {
    request_animation_frame(move || {
        let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(selector).ok().flatten())
        else {
            return;
        };
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"block".into(), &"nearest".into());
        if let Ok(f) = js_sys::Reflect::get(&el, &"scrollIntoView".into()) {
            if let Ok(f) = f.dyn_into::<js_sys::Function>() {
                let _ = f.call1(&el, &options);
            }
        }
    });
}

/// `/training/presentatie`: one case at a time in large type for a projector,
/// driven with the keyboard or a clicker; the position is kept in the URL.
#[component]
pub fn TrainingPresentation() -> impl IntoView {
    let i = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let cases = &training().cases;
    let total = cases.len();
    let slide = Memo::new(move |_| {
        let q = query.read();
        let case = q
            .get("c")
            .and_then(|id| cases.iter().position(|c| c.id == id))
            .unwrap_or(if q.get("c").as_deref() == Some("einde") {
                total
            } else {
                0
            });
        let step = q
            .get("s")
            .and_then(|s| s.parse::<usize>().ok())
            .unwrap_or(0)
            .min(REVEALS - 1);
        Slide { case, step }
    });
    let go = move |to: Slide| {
        let c = cases.get(to.case).map_or("einde", |c| c.id.as_str());
        navigate(
            &format!("{}?c={c}&s={}", paths::TRAINING_PRESENTATION, to.step),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
        scroll_into_view(".presenter [data-latest]");
    };
    let forward = {
        let go = go.clone();
        move || go(slide.get_untracked().next(total))
    };
    let back = {
        let go = go.clone();
        move || go(slide.get_untracked().previous(total))
    };

    // Large type, no bottom navigation, full width while presenting.
    crate::platform::set_root_attribute("data-presenting", Some(""));
    on_cleanup(|| crate::platform::set_root_attribute("data-presenting", None));

    let keys = {
        let forward = forward.clone();
        let back = back.clone();
        window_event_listener(ev::keydown, move |e| {
            if e.alt_key() || e.ctrl_key() || e.meta_key() || e.shift_key() {
                return;
            }
            let target = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| el.tag_name().to_ascii_lowercase())
                .unwrap_or_default();
            if matches!(target.as_str(), "input" | "select" | "textarea") {
                return;
            }
            let key = e.key();
            // Space on a focused button or link activates it; let it.
            if key == " " && matches!(target.as_str(), "button" | "a") {
                return;
            }
            match key.as_str() {
                "ArrowRight" | " " | "PageDown" => {
                    e.prevent_default();
                    forward();
                }
                "ArrowLeft" | "PageUp" => {
                    e.prevent_default();
                    back();
                }
                _ => {}
            }
        })
    };
    on_cleanup(move || keys.remove());

    let at_end = move || slide.get().case >= total;
    let pick = {
        let go = go.clone();
        move |ev: ev::Event| {
            if let Ok(n) = event_target_value(&ev).parse::<usize>() {
                go(Slide { case: n, step: 0 });
            }
        }
    };
    let case_options = cases
        .iter()
        .enumerate()
        .map(|(n, c)| {
            view! {
                <option value=n.to_string() prop:selected=move || slide.get().case == n>
                    {move || format!("{}. {}", n + 1, c.title.get(i.lang()))}
                </option>
            }
        })
        .collect_view();

    view! {
        <div class="presenter" data-case=move || cases.get(slide.get().case).map(|c| c.id.clone()).unwrap_or_default() data-step=move || slide.get().step.to_string()>
            <div class="presenter-bar">
                <p class="presenter-progress" aria-live="polite" data-testid="presenter-progress">
                    {move || {
                        let s = slide.get();
                        if s.case >= total {
                            i.t(K::TrainingPresentationEnd).to_string()
                        } else {
                            format!(
                                "{} · {}",
                                i.tf(K::TrainingPresentationCase, &[("n", &(s.case + 1).to_string()), ("total", &total.to_string())]),
                                i.tf(K::TrainingPresentationStep, &[("n", &(s.step + 1).to_string()), ("total", &REVEALS.to_string())]),
                            )
                        }
                    }}
                </p>
                <label class="presenter-pick">
                    <span>{move || i.t(K::TrainingPresentationPick)}</span>
                    <select class="input" on:change=pick>{case_options}</select>
                </label>
                <a class="button button-secondary" href=Page::Training.path()>{move || i.t(K::TrainingExitPresentation)}</a>
            </div>
            <p class="presenter-keys hint">{move || i.t(K::TrainingPresentationKeys)}</p>
            {move || {
                let s = slide.get();
                match cases.get(s.case) {
                    Some(case) => view! { <PresenterCase case=case step=s.step /> }.into_any(),
                    None => view! {
                        <div class="presenter-end">
                            <h1 data-latest="">{move || i.t(K::TrainingPresentationEnd)}</h1>
                            <p><a class="button button-primary" href=Page::Training.path()>{move || i.t(K::TrainingExitPresentation)}</a></p>
                        </div>
                    }.into_any(),
                }
            }}
            <div class="presenter-nav">
                <button type="button" class="button button-secondary" on:click={
                    let back = back.clone();
                    move |_| back()
                } disabled=move || slide.get() == Slide { case: 0, step: 0 }>
                    "← " {move || i.t(K::TrainingPrevious)}
                </button>
                <button type="button" class="button button-primary" on:click={
                    let forward = forward.clone();
                    move |_| forward()
                } disabled=at_end>
                    {move || i.t(K::TrainingNext)} " →"
                </button>
            </div>
        </div>
    }
}

#[component]
fn PresenterCase(case: &'static Case, step: usize) -> impl IntoView {
    let i = use_i18n();
    let latest = move |n: usize| (step == n).then_some("");
    let answering = step >= 3;
    let intro = step == 0;
    let signals = case
        .signal_options()
        .into_iter()
        .map(|id| {
            let present = case.is_present(id);
            let revealed = step >= 2;
            view! {
                <li class:is-present=revealed && present class:is-absent=revealed && !present data-signal=id>
                    <span>{move || signal_title(id, i.lang())}</span>
                    {revealed.then(|| view! {
                        <span class="verdict">{move || if present { i.t(K::TrainingInCase) } else { i.t(K::TrainingNotInCase) }}</span>
                    })}
                </li>
            }
        })
        .collect_view();
    let choices = case
        .choices
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let revealed = step >= 4;
            view! {
                <li class:is-correct=revealed && c.correct class:is-wrong=revealed && !c.correct data-correct=revealed.then(|| c.correct.to_string())>
                    <p class="choice-label">
                        <span class="letter" aria-hidden="true">{letter(n).to_string()}</span>
                        <span class="visually-hidden">{letter(n).to_string()} ": "</span>
                        <span>{move || c.label.get(i.lang()).to_string()}</span>
                        {revealed.then(|| view! {
                            <span class="verdict">{move || if c.correct { i.t(K::TrainingCorrect) } else { i.t(K::TrainingIncorrect) }}</span>
                        })}
                    </p>
                    {revealed.then(|| view! { <p class="choice-why">{move || c.feedback.get(i.lang()).to_string()}</p> })}
                </li>
            }
        })
        .collect_view();
    let question = move || match &case.question {
        Some(q) => q.get(i.lang()).to_string(),
        None => i.t(K::TrainingNextStep).to_string(),
    };
    view! {
        <article class="presenter-case" class:is-intro=intro class:is-answering=answering>
            <div class="presenter-situation">
                <h1>{move || case.title.get(i.lang()).to_string()}</h1>
                <p data-latest=latest(0)>{move || case.situation.get(i.lang()).to_string()}</p>
            </div>
            <div class="presenter-reveal">
                {(1..=2).contains(&step).then(|| view! {
                    <section aria-labelledby="p-signals" data-latest=latest(step)>
                        <h2 id="p-signals">{move || i.t(K::TrainingWhichSignals)}</h2>
                        {(step == 1).then(|| view! { <p class="presenter-ask">{move || i.t(K::TrainingPresentationHands)}</p> })}
                        <ul class="presenter-signals">{signals}</ul>
                    </section>
                })}
                {(3..=4).contains(&step).then(|| view! {
                    <section aria-labelledby="p-choices" data-latest=latest(step)>
                        <h2 id="p-choices">{question}</h2>
                        {(step == 3).then(|| view! { <p class="presenter-ask">{move || i.t(K::TrainingPresentationVote)}</p> })}
                        <ol class="presenter-choices">{choices}</ol>
                    </section>
                })}
                {(step == 5).then(|| view! {
                    <section aria-labelledby="p-takeaway" class="takeaway" data-latest="">
                        <h2 id="p-takeaway">{move || i.t(K::TrainingTakeaway)}</h2>
                        <p class="presenter-takeaway">{move || case.takeaway.get(i.lang()).to_string()}</p>
                        <SourceNote source=case.source.clone() />
                    </section>
                })}
            </div>
        </article>
    }
}
