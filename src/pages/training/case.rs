//! One case played in three steps, with feedback per choice.

use super::*;

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
        focus_id("case-step");
    };
    let check = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let Some(index) = choice.get_untracked() else {
            missing_choice.set(true);
            focus_id("choice-error");
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
        focus_id("feedback-title");
    };
    let again = move |_| {
        selected.set(vec![]);
        choice.set(None);
        result.set(None);
        missing_choice.set(false);
        phase.set(Phase::Signals);
        focus_id("case-step");
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
                    {move || i.t(verdict(correct))}
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
                <span class="verdict">{move || i.t(verdict(choice.correct))}</span>
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
