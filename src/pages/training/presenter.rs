//! The presenter view: one case at a time in large type for a projector.
//! Where it is and how it moves is decided by `zicht_core::presenter`.

use super::*;
use zicht_core::presenter::{key_move, Move, Slide, REVEALS};

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
    let ids: Vec<&'static str> = cases.iter().map(|c| c.id.as_str()).collect();
    let slide = {
        let ids = ids.clone();
        Memo::new(move |_| {
            let q = query.read();
            Slide::from_query(
                ids.iter().copied(),
                q.get("c").as_deref(),
                q.get("s").as_deref(),
            )
        })
    };
    let go = move |to: Slide| {
        let (c, s) = to.query(&ids);
        navigate(
            &format!("{}?c={c}&s={s}", paths::TRAINING_PRESENTATION),
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
            let target = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| el.tag_name().to_ascii_lowercase())
                .unwrap_or_default();
            let modified = e.alt_key() || e.ctrl_key() || e.meta_key() || e.shift_key();
            match key_move(&e.key(), &target, modified) {
                Some(Move::Forward) => {
                    e.prevent_default();
                    forward();
                }
                Some(Move::Back) => {
                    e.prevent_default();
                    back();
                }
                None => {}
            }
        })
    };
    on_cleanup(move || keys.remove());

    let at_end = move || slide.get().is_end(total);
    let pick = {
        let go = go.clone();
        move |ev: ev::Event| {
            if let Ok(n) = event_target_value(&ev).parse::<usize>() {
                go(Slide::start_of(n));
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
                        if s.is_end(total) {
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
                } disabled=move || slide.get().is_first()>
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
                            <span class="verdict">{move || i.t(verdict(c.correct))}</span>
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
