//! The progress line and the inbox filters.

use super::*;
use zicht_core::receiver::inbox::WORRIES;

#[component]
pub(super) fn Progress(s: Session) -> impl IntoView {
    let i = use_i18n();
    let counts = move || {
        s.inbox.with(|inbox| {
            let opened = inbox.opened().count();
            (inbox.len(), opened, inbox.len() - opened)
        })
    };
    let resume = move |_| {
        s.reader.update_value(|r| {
            if let Some(r) = r {
                r.resume();
            }
        });
        spawn_local(read_pages(s));
    };
    view! {
        <section class="rcv-progress" aria-live="polite" data-testid="rcv-progress">
            <p>
                {move || {
                    let (_, opened, failed) = counts();
                    i.tf(K::RcvProgress, &[
                        ("fetched", &s.fetched.get().to_string()),
                        ("opened", &opened.to_string()),
                        ("failed", &failed.to_string()),
                    ])
                }}
                " "
                <span data-testid="rcv-phase">{move || s.phase.with(Phase::status).map(|t| t.get(i.lang()).to_string()).unwrap_or_default()}</span>
            </p>
            {move || s.phase.with(Phase::resume).map(|r| {
                // The browser tests find the "fetch new" button by its test id.
                let testid = (r == Resume::FetchNew).then_some("rcv-fetch-new");
                view! { <button type="button" class="button button-secondary" on:click=resume data-testid=testid>{move || i.t(r.label())}</button> }
            })}
        </section>
    }
}

/// `<select>` of `(id, label)` options with "Alle" first; empty value = no filter.
fn options_view(options: Vec<(String, String)>, all: &'static str) -> impl IntoView {
    view! {
        <option value="">{all}</option>
        {options.into_iter().map(|(id, label)| view! { <option value=id>{label}</option> }).collect_view()}
    }
}

fn non_empty(v: String) -> Option<String> {
    (!v.is_empty()).then_some(v)
}

#[component]
pub(super) fn Filters(s: Session) -> impl IntoView {
    let i = use_i18n();
    let options = Memo::new(move |_| s.inbox.with(|inbox| filter_options(inbox, i.lang())));
    let f = s.filter;
    let worry_box = move |(w, slug): (Worry, &str)| {
        let id = format!("rcv-worry-{slug}");
        let for_id = id.clone();
        view! {
            <label class="choice" for={for_id}>
                <input type="checkbox" id=id
                    prop:checked=move || f.with(|f| f.worry.contains(&w))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        f.update(|f| f.set_worry(w, on));
                    } />
                <span>{move || i.t(worry_key(w))}</span>
            </label>
        }
    };
    view! {
        <section aria-labelledby="rcv-filters-title" class="rcv-filters">
            <h2 id="rcv-filters-title">{move || i.t(K::RcvFilters)}</h2>
            <fieldset class="field rcv-worry">
                <legend>{move || i.t(K::RcvFilterWorry)}</legend>
                {WORRIES.into_iter().map(worry_box).collect_view()}
            </fieldset>
            <div class="filters rcv-filter-grid">
                <label>{move || i.t(K::RcvFilterCategory)}
                    <select class="input" data-testid="rcv-filter-category"
                        prop:value=move || f.with(|f| f.category.clone().unwrap_or_default())
                        on:change=move |ev| f.update(|f| f.category = non_empty(event_target_value(&ev)))>
                        {move || options_view(options.get().categories, i.t(K::RcvFilterAll))}
                    </select>
                </label>
                <label>{move || i.t(K::RcvFilterForm)}
                    <select class="input" data-testid="rcv-filter-form"
                        prop:value=move || f.with(|f| f.form.clone().unwrap_or_default())
                        on:change=move |ev| f.update(|f| f.form = non_empty(event_target_value(&ev)))>
                        {move || options_view(options.get().forms, i.t(K::RcvFilterAll))}
                    </select>
                </label>
                <label>{move || i.t(K::RcvFilterArea)}
                    <select class="input" data-testid="rcv-filter-area"
                        prop:value=move || f.with(|f| f.gemeente.clone().unwrap_or_default())
                        on:change=move |ev| f.update(|f| f.gemeente = non_empty(event_target_value(&ev)))>
                        {move || options_view(options.get().gemeenten, i.t(K::RcvFilterAll))}
                    </select>
                </label>
                <label>{move || i.t(K::RcvFilterFrom)}
                    <input class="input" type="date" data-testid="rcv-filter-from"
                        prop:value=move || f.with(|f| f.from.clone().unwrap_or_default())
                        on:change=move |ev| f.update(|f| f.from = non_empty(event_target_value(&ev))) />
                </label>
                <label>{move || i.t(K::RcvFilterTo)}
                    <input class="input" type="date" data-testid="rcv-filter-to"
                        prop:value=move || f.with(|f| f.to.clone().unwrap_or_default())
                        on:change=move |ev| f.update(|f| f.to = non_empty(event_target_value(&ev))) />
                </label>
                <label>{move || i.t(K::RcvFilterMarks)}
                    <select class="input" data-testid="rcv-filter-marks"
                        prop:value=move || f.with(|f| f.marks.value())
                        on:change=move |ev| f.update(|f| f.marks = MarkFilter::from_value(&event_target_value(&ev)))>
                        {MarkFilter::ALL.into_iter().map(|m| view! { <option value=m.value()>{move || i.t(m.label())}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <button type="button" class="button button-secondary" data-testid="rcv-filter-clear"
                on:click=move |_| f.set(Filter::default())>{move || i.t(K::RcvFilterClear)}</button>
        </section>
    }
}
