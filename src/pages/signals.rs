//! The signal guide: search with filters kept in the URL, one signal in full,
//! and the background page with the key figures.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use zicht_core::content::signals::{Context, Figure, Form, RecruitmentKind, Signal};
use zicht_core::i18n::K;
use zicht_core::paths::{self, Page};
use zicht_core::search::{SearchIndex, SearchQuery};
use zicht_core::Lang;

use super::source::SourceNote;
use crate::i18n::use_i18n;
use crate::platform;
use crate::ui::{Choice, ChoiceOption, NotFoundBlock};

pub fn context_key(context: Context) -> K {
    match context {
        Context::Straat => K::ContextStraat,
        Context::School => K::ContextSchool,
        Context::Buurthuis => K::ContextBuurthuis,
        Context::Online => K::ContextOnline,
        Context::Thuis => K::ContextThuis,
    }
}

pub fn form_key(form: Form) -> K {
    match form {
        Form::Criminal => K::FormCriminal,
        Form::Sexual => K::FormSexual,
        Form::Labour => K::FormLabour,
    }
}

/// "one signal proves nothing": shown above every list and every signal.
#[component]
fn Caveat() -> impl IntoView {
    let i = use_i18n();
    let caveat = &zicht_core::catalog().signals.caveat;
    view! {
        <aside class="caveat" aria-labelledby="caveat-title">
            <h2 id="caveat-title">{move || caveat.title.get(i.lang()).to_string()}</h2>
            <p>{move || caveat.text.get(i.lang()).to_string()}</p>
            <details>
                <summary>{i.text(K::SignalsCaveatMore)}</summary>
                <ul>{caveat.points.iter().map(|p| view! { <li>{move || p.get(i.lang()).to_string()}</li> }).collect_view()}</ul>
            </details>
        </aside>
    }
}

/// Results rendered before "show more".
const RESULTS_PER_PAGE: usize = 25;

#[component]
pub fn Signals() -> impl IntoView {
    let i = use_i18n();
    let query_map = use_query_map();
    let navigate = use_navigate();
    let query = Memo::new(move |_| {
        let map = query_map.read();
        let pairs: Vec<String> = ["q", "context", "form", "category"]
            .iter()
            .filter_map(|k| {
                map.get(k)
                    .map(|v| format!("{k}={}", zicht_core::search::percent_encode(&v)))
            })
            .collect();
        SearchQuery::from_query_string(&pairs.join("&"))
    });
    let go = move |next: SearchQuery| {
        let qs = next.to_query_string();
        let url = if qs.is_empty() {
            Page::Signals.path().to_string()
        } else {
            format!("{}?{qs}", Page::Signals.path())
        };
        // Typing replaces the entry so back leaves the list in one step, with
        // the query and filters of the moment.
        navigate(
            &url,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        );
    };
    let hits = Memo::new(move |_| SearchIndex::global().search(&query.get(), i.lang()));
    let browsing = move || {
        let q = query.get();
        q.q.trim().is_empty() && q.context.is_none() && q.form.is_none() && q.category.is_none()
    };
    let browsing_now = Memo::new(move |_| browsing());
    // A short list paints at once on a phone; the rest is one tap away.
    let shown = RwSignal::new(RESULTS_PER_PAGE);
    Effect::new(move |_| {
        query.track();
        shown.set(RESULTS_PER_PAGE);
    });

    let on_input = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let mut next = query.get_untracked();
            next.q = event_target_value(&ev);
            go(next);
        }
    };
    let on_context = {
        let go = go.clone();
        move |value: String| {
            let mut next = query.get_untracked();
            next.context = Context::from_code(&value);
            go(next);
        }
    };
    let on_form = {
        let go = go.clone();
        move |value: String| {
            let mut next = query.get_untracked();
            next.form = Form::from_code(&value);
            go(next);
        }
    };
    let on_category = {
        let go = go.clone();
        move |value: String| {
            let mut next = query.get_untracked();
            next.category = (!value.is_empty()).then_some(value);
            go(next);
        }
    };
    let clear = move |_| go(SearchQuery::default());

    let catalog = &zicht_core::catalog().signals;
    view! {
        <div class="page signals">
            <h1>{i.text(K::TitleSignals)}</h1>
            <p>{i.text(K::SignalsIntro)}</p>
            <form class="search" role="search" on:submit=|ev| ev.prevent_default()>
                <label for="signal-search">{i.text(K::SignalsSearchLabel)}</label>
                <div class="search-row">
                    <input
                        id="signal-search"
                        type="search"
                        autocomplete="off"
                        spellcheck="false"
                        placeholder=i.text(K::SignalsSearchPlaceholder)
                        prop:value=move || query.get().q
                        on:input=on_input
                    />
                </div>
                <div class="filters">
                    <div>
                        <label for="filter-context">{i.text(K::SignalsFilterContext)}</label>
                        <Choice id="filter-context" empty=K::SignalsFilterAll on_change=on_context
                            value=move || query.get().context.map(|c| c.code()).unwrap_or("").to_string()
                            options=Context::ALL.into_iter().map(|c| ChoiceOption::keyed(c.code(), context_key(c))).collect() />
                    </div>
                    <div>
                        <label for="filter-form">{i.text(K::SignalsFilterForm)}</label>
                        <Choice id="filter-form" empty=K::SignalsFilterAll on_change=on_form
                            value=move || query.get().form.map(|f| f.code()).unwrap_or("").to_string()
                            options=Form::ALL.into_iter().map(|f| ChoiceOption::keyed(f.code(), form_key(f))).collect() />
                    </div>
                    <div>
                        <label for="filter-category">{i.text(K::SignalsFilterCategory)}</label>
                        <Choice id="filter-category" empty=K::SignalsFilterAll on_change=on_category
                            value=move || query.get().category.unwrap_or_default()
                            options=catalog.categories.iter().map(|c| ChoiceOption::derived(c.id.clone(), move || c.title.get(i.lang()).to_string())).collect() />
                    </div>
                </div>
                <Show when=move || !browsing()>
                    {
                        let clear = clear.clone();
                        view! { <button type="button" class="button button-secondary button-small" on:click=clear>{i.text(K::SignalsClear)}</button> }
                    }
                </Show>
            </form>
            <Caveat />
            // Only switching between categories and results rebuilds this
            // block; while typing, the keyed list patches what changed.
            {move || if browsing_now.get() {
                view! { <CategoryList /> }.into_any()
            } else {
                view! {
                    <p class="result-count" role="status" aria-live="polite">
                        {move || match hits.with(Vec::len) {
                            0 => i.t(K::SignalsNoResults).to_string(),
                            1 => i.t(K::SignalsResultOne).to_string(),
                            n => i.tf(K::SignalsResults, &[("n", &n.to_string())]),
                        }}
                    </p>
                    <ul class="signal-list">
                        <For
                            each=move || hits.get().into_iter().take(shown.get()).filter_map(|id| catalog.signal(id))
                            key=|s| s.id.as_str()
                            children=|s| view! { <li><SignalCard signal=s /></li> }
                        />
                    </ul>
                    <Show when=move || { hits.with(Vec::len) > shown.get() }>
                        <button type="button" class="button button-secondary" on:click=move |_| shown.update(|n| *n += RESULTS_PER_PAGE)>
                            {move || i.tf(K::SignalsShowMore, &[("n", &(hits.with(Vec::len) - shown.get()).to_string())])}
                        </button>
                    </Show>
                }.into_any()
            }}
            <p><a href=paths::ABOUT>{i.text(K::SignalsAboutLink)}</a></p>
        </div>
    }
}

#[component]
fn CategoryList() -> impl IntoView {
    let i = use_i18n();
    let catalog = &zicht_core::catalog().signals;
    view! {
        <h2>{i.text(K::SignalsCategories)}</h2>
        <ul class="card-list">
            {catalog.counts_per_category().into_iter().map(|(category, count)| {
                let href = format!("{}?{}", Page::Signals.path(), SearchQuery { category: Some(category.id.clone()), ..Default::default() }.to_query_string());
                let n = count.to_string();
                view! {
                    <li>
                        <a class="card-link" href=href>
                            <span class="card-title">{move || category.title.get(i.lang()).to_string()}</span>
                            <span class="card-body">{move || category.description.get(i.lang()).to_string()}</span>
                            <span class="badge">{move || i.tf(K::SignalsCategoryCount, &[("n", &n)])}</span>
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn SignalCard(signal: &'static Signal) -> impl IntoView {
    let i = use_i18n();
    view! {
        <a class="card-link signal-card" href=paths::signal(&signal.id) data-signal=signal.id.clone()>
            <span class="card-title">{move || signal.title.get(i.lang()).to_string()}</span>
            <span class="card-body">{move || signal.explanation.get(i.lang()).to_string()}</span>
        </a>
    }
}

#[component]
pub fn SignalDetail() -> impl IntoView {
    let params = use_params_map();
    move || {
        let id = params.read().get("id").unwrap_or_default();
        match zicht_core::catalog().signals.signal(&id) {
            Some(signal) => view! { <SignalFull signal=signal /> }.into_any(),
            None => view! {
                <NotFoundBlock title=K::TitleSignals message=K::SignalNotFound
                    back_href=Page::Signals.path() back_label=K::SignalBack />
            }
            .into_any(),
        }
    }
}

#[component]
fn SignalFull(signal: &'static Signal) -> impl IntoView {
    let i = use_i18n();
    let catalog = &zicht_core::catalog().signals;
    let category = catalog.category(&signal.category);
    let route_href = match platform::stored_role() {
        Some(role) => {
            zicht_core::content::meldroute::Walk::start(&zicht_core::catalog().meldroute, &role)
                .map(|w| format!("{}?w={}", Page::Meldroute.path(), w.to_param()))
                .unwrap_or_else(|_| Page::Meldroute.path().to_string())
        }
        None => Page::Meldroute.path().to_string(),
    };
    let record_href = paths::new_observation_with_signal(&signal.id);
    let text = move |t: &'static zicht_core::Text| move || t.get(i.lang()).to_string();
    view! {
        <div class="page signal-detail" data-signal=signal.id.clone()>
            <p><a href=Page::Signals.path() on:click=|ev| { ev.prevent_default(); platform::history_back_or(Page::Signals.path()); }>{i.text(K::SignalBack)}</a></p>
            <h1>{text(&signal.title)}</h1>
            {category.map(|c| view! { <p class="badge">{move || c.title.get(i.lang()).to_string()}</p> })}
            <h2>{i.text(K::SignalExplanation)}</h2>
            <p>{text(&signal.explanation)}</p>
            <h2>{i.text(K::SignalWhy)}</h2>
            <p>{text(&signal.why)}</p>
            <dl class="facts">
                <dt>{i.text(K::SignalSeenWhere)}</dt>
                <dd>{move || signal.contexts.iter().map(|c| i.t(context_key(*c))).collect::<Vec<_>>().join(", ")}</dd>
                <dt>{i.text(K::SignalForms)}</dt>
                <dd>{move || signal.forms.iter().map(|f| i.t(form_key(*f))).collect::<Vec<_>>().join(", ")}</dd>
            </dl>
            <div class="answers">
                <a class="button button-primary" href=route_href>{i.text(K::SignalWhatToDo)}</a>
                <a class="button button-secondary" href=record_href>{i.text(K::SignalRecord)}</a>
            </div>
            {(!signal.related.is_empty()).then(|| view! {
                <h2>{i.text(K::SignalRelated)}</h2>
                <ul class="signal-list">
                    {catalog.related_to(&signal.id).map(|s| view! { <li><SignalCard signal=s /></li> }).collect_view()}
                </ul>
            })}
            <SourceNote source=signal.source.clone() />
            <Caveat />
        </div>
    }
}

fn figure_text(figure: &Figure, lang: Lang) -> String {
    let percent = figure.percent.to_string();
    let base = figure.base.to_string();
    let text = match figure.n {
        Some(n) => zicht_core::i18n::tf(
            lang,
            K::FigureNOf,
            &[
                ("n", &n.to_string()),
                ("base", &base),
                ("percent", &percent),
            ],
        ),
        None => zicht_core::i18n::tf(
            lang,
            K::FigureOfN,
            &[("percent", &percent), ("base", &base)],
        ),
    };
    if figure.computed {
        zicht_core::i18n::tf(lang, K::FigureComputed, &[("text", &text)])
    } else {
        text
    }
}

#[component]
pub fn About() -> impl IntoView {
    let i = use_i18n();
    let catalog = &zicht_core::catalog().signals;
    let places: Vec<_> = catalog
        .recruitment_of(RecruitmentKind::Place)
        .filter(|r| r.figure.is_some())
        .collect();
    view! {
        <div class="page about">
            <h1>{i.text(K::TitleAbout)}</h1>
            <p>{i.text(K::AboutIntro)}</p>
            <h2>{i.text(K::AboutFigures)}</h2>
            <ul class="figure-list">
                {catalog.figures.iter().map(|f| view! {
                    <li class="figure">
                        <p class="figure-value">{move || f.value.get(i.lang()).to_string()}</p>
                        <p>{move || f.label.get(i.lang()).to_string()}</p>
                        {f.note.as_ref().map(|n| view! { <p class="hint">{move || n.get(i.lang()).to_string()}</p> })}
                        <SourceNote source=f.source.clone() />
                    </li>
                }).collect_view()}
            </ul>
            <h2 id="chart-title">{i.text(K::AboutRecruitment)}</h2>
            <p class="hint">{i.text(K::AboutChartTitle)}</p>
            // One small inline SVG per bar keeps the chart readable at 320 px;
            // screen readers get the figure text beside each bar instead.
            <ul class="chart" aria-labelledby="chart-title">
                {places.into_iter().map(|item| {
                    let percent = item.figure.as_ref().map(|f| f.percent).unwrap_or(0);
                    view! {
                        <li>
                            <span class="bar-label">{move || item.title.get(i.lang()).to_string()}</span>
                            <span class="bar-row">
                                <svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                                    <rect class="bar-track" x="0" y="0" width="100" height="10" />
                                    <rect class="bar-fill" x="0" y="0" width=percent.min(100).to_string() height="10" />
                                </svg>
                                <span class="bar-value">{format!("{percent}%")}</span>
                            </span>
                            <span class="hint">{move || item.figure.as_ref().map(|f| figure_text(f, i.lang())).unwrap_or_default()}</span>
                            <SourceNote source=item.source.clone() />
                        </li>
                    }
                }).collect_view()}
            </ul>
            <h2>{i.text(K::AboutForms)}</h2>
            <ul class="plain-list">
                {catalog.forms.iter().map(|form| view! {
                    <li>
                        <strong>{move || form.title.get(i.lang()).to_string()}</strong>
                        {form.figure.as_ref().map(|f| view! { " – " {move || figure_text(f, i.lang())} })}
                        <p>{move || form.explanation.get(i.lang()).to_string()}</p>
                        <SourceNote source=form.source.clone() />
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}
