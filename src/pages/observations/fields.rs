//! The fields of the observation form: signal picker, closed lists, note.

use super::super::note_privacy;
use super::super::signal_title;
use super::{Notice, NoticeLine, StorageProblem, SIGNAL_RESULTS};
use crate::i18n::use_i18n;
use crate::platform;
use leptos::ev;
use leptos::prelude::*;
use zicht_core::draft::{self};
use zicht_core::i18n::K;
use zicht_core::observation::{
    AgeBand, DayPart, Draft, Field, Gender, Setting, Step, Worry, NOTE_MAX_CHARS,
};
use zicht_core::search::{SearchIndex, SearchQuery};

/// The signals the form's state and its fields share.
#[derive(Clone, Copy)]
pub(super) struct FormState {
    pub draft: RwSignal<Draft>,
    pub errors: RwSignal<Vec<(Field, String)>>,
    pub notice: RwSignal<Notice>,
    pub saving: RwSignal<bool>,
    pub loaded: RwSignal<bool>,
    pub draft_saved: RwSignal<bool>,
    pub signal_query: RwSignal<String>,
}

/// The fields of the form; every change goes through `change`, which the
/// form turns into an autosave.
pub(super) fn form_view(
    state: FormState,
    change: impl Fn(&dyn Fn(&mut Draft)) + Clone + Send + Sync + 'static,
    save: impl FnMut(ev::SubmitEvent) + 'static,
    discard: impl FnMut(ev::MouseEvent) + 'static,
) -> impl IntoView {
    let i = use_i18n();
    let FormState {
        draft,
        errors,
        notice,
        saving,
        loaded,
        draft_saved,
        signal_query,
    } = state;
    let apply_privacy = {
        let c = change.clone();
        move |next: Draft| c(&|d: &mut Draft| *d = next.clone())
    };
    let error_for = move |field: Field| {
        move || {
            errors.with(|list| {
                list.iter().find(|(f, _)| *f == field).map(|(_, m)| {
                    view! { <p class="field-error" id=format!("err-{}", field.name())>{m.clone()}</p> }
                })
            })
        }
    };

    let title = move || i.t(draft.with(Draft::title_key));

    // The signal picker: chosen chips, then search results as checkboxes.
    let signal_hits = Memo::new(move |_| {
        let q = signal_query.get();
        if q.trim().is_empty() {
            return vec![];
        }
        let query = SearchQuery {
            q,
            ..Default::default()
        };
        SearchIndex::global()
            .search(&query, i.lang())
            .into_iter()
            .take(SIGNAL_RESULTS)
            .map(str::to_string)
            .collect::<Vec<_>>()
    });
    let toggle_signal = {
        let change = change.clone();
        move |id: String| change(&|d: &mut Draft| draft::toggle_id(&mut d.signals, &id))
    };

    let c = change.clone();
    let on_date = move |ev: ev::Event| {
        let v = event_target_value(&ev);
        c(&|d: &mut Draft| d.observed_on = (!v.is_empty()).then(|| v.clone()))
    };
    let c = change.clone();
    let on_day_part = move |ev: ev::Event| {
        let v = event_target_value(&ev);
        c(&|d: &mut Draft| d.day_part = DayPart::from_code(&v))
    };
    let c = change.clone();
    let on_area = move |ev: ev::Event| {
        let v = event_target_value(&ev);
        c(&|d: &mut Draft| {
            d.area = (!v.is_empty()).then(|| zicht_core::observation::Area {
                gemeente: v.clone(),
                wijk: None,
            })
        })
    };
    let c = change.clone();
    let on_setting = move |ev: ev::Event| {
        let v = event_target_value(&ev);
        c(&|d: &mut Draft| d.setting = Setting::from_code(&v))
    };
    let c = change.clone();
    let on_age = move |ev: ev::Event| {
        let v = event_target_value(&ev);
        c(&|d: &mut Draft| d.age_band = AgeBand::from_code(&v))
    };
    let c = change.clone();
    let on_gender = move |ev: ev::Event| {
        let v = event_target_value(&ev);
        c(&|d: &mut Draft| d.gender = Gender::from_code(&v))
    };
    let c = change.clone();
    let on_note = move |ev: ev::Event| {
        let v = event_target_value(&ev);
        c(&|d: &mut Draft| d.note = v.clone())
    };
    let c = change.clone();
    let drop_meldroute = move |_| c(&|d: &mut Draft| d.meldroute = None);

    let worry_options = Worry::ALL
        .into_iter()
        .map(|w| {
            let c = change.clone();
            view! {
                <label class="choice" class:choice-danger=w == Worry::Acuut>
                    <input type="radio" name="worry" value=w.code() prop:checked=move || draft.with(|d| d.worry == Some(w))
                        on:change=move |_| c(&|d: &mut Draft| d.worry = Some(w)) />
                    <span>{move || i.t(w.label())}</span>
                </label>
            }
        })
        .collect_view();

    let catalog = &zicht_core::catalog().signals;
    let id_checkboxes = |items: Vec<(String, &'static zicht_core::Text)>,
                         pick: fn(&mut Draft) -> &mut Vec<String>,
                         name: &'static str| {
        items
            .into_iter()
            .map(|(id, title)| {
                let c = change.clone();
                let id_check = id.clone();
                let id_toggle = id.clone();
                view! {
                    <label class="choice">
                        <input type="checkbox" name=name value=id.clone()
                            prop:checked=move || draft.with(|d| { let mut d = d.clone(); pick(&mut d).contains(&id_check) })
                            on:change=move |_| {
                                let id = id_toggle.clone();
                                c(&move |d: &mut Draft| draft::toggle_id(pick(d), &id))
                            } />
                        <span>{move || title.get(i.lang()).to_string()}</span>
                    </label>
                }
            })
            .collect_view()
    };
    let forms = id_checkboxes(
        catalog
            .forms
            .iter()
            .map(|f| (f.id.clone(), &f.title))
            .collect(),
        |d| &mut d.forms,
        "forms",
    );
    let recruitment = id_checkboxes(
        catalog
            .recruitment
            .iter()
            .map(|r| (r.id.clone(), &r.title))
            .collect(),
        |d| &mut d.recruitment,
        "recruitment",
    );

    let steps = Step::ALL
        .into_iter()
        .map(|step| {
            let c = change.clone();
            view! {
                <label class="choice">
                    <input type="checkbox" name="steps" value=step.code() prop:checked=move || draft.with(|d| d.steps_taken.contains(&step))
                        on:change=move |_| c(&|d: &mut Draft| d.toggle_step(step)) />
                    <span>{move || i.t(step.label())}</span>
                </label>
            }
        })
        .collect_view();

    let areas: Vec<(String, String)> = zicht_core::catalog()
        .regions
        .iter()
        .flat_map(|r| r.areas.iter().map(|a| (a.id.clone(), a.name.clone())))
        .collect();
    let max = NOTE_MAX_CHARS.to_string();
    let max2 = max.clone();
    let toggle_for_hits = toggle_signal.clone();

    view! {
        <div class="page observation-form">
            <h1>{title}</h1>
            <StorageProblem />
            <form novalidate on:submit=save aria-describedby="obs-intro">
                <p id="obs-intro" class="hint">{move || i.t(K::ObsIntro)}</p>
                {move || (!errors.get().is_empty()).then(|| view! {
                    <div id="form-errors" class="notice notice-error" role="alert" tabindex="-1">
                        <p><strong>{move || i.t(K::ObsErrorsTitle)}</strong></p>
                        <ul>{errors.get().into_iter().map(|(_, m)| view! { <li>{m}</li> }).collect_view()}</ul>
                    </div>
                })}

                <fieldset class="field" aria-describedby="signals-hint">
                    <legend>{move || i.t(K::ObsSignalsLegend)}</legend>
                    <p id="signals-hint" class="hint">{move || i.t(K::ObsSignalsHint)}</p>
                    {error_for(Field::Signals)}
                    <p class="visually-hidden" id="chosen-label">{move || i.t(K::ObsSignalsChosen)}</p>
                    <ul class="chips" aria-labelledby="chosen-label">
                        {move || {
                            let chosen = draft.with(|d| d.signals.clone());
                            if chosen.is_empty() {
                                return view! { <li class="hint">{move || i.t(K::ObsSignalsNone)}</li> }.into_any();
                            }
                            chosen.into_iter().map(|id| {
                                let toggle = toggle_signal.clone();
                                let name = signal_title(&id, i.lang());
                                let label = i.tf(K::ObsSignalRemove, &[("name", &name)]);
                                let id2 = id.clone();
                                view! {
                                    <li class="chip" data-signal=id>
                                        <span>{name}</span>
                                        <button type="button" class="chip-remove" aria-label=label on:click=move |_| toggle(id2.clone())>"×"</button>
                                    </li>
                                }
                            }).collect_view().into_any()
                        }}
                    </ul>
                    <label for="signal-search">{move || i.t(K::ObsSignalsSearch)}</label>
                    <div class="search-row">
                        <input id="signal-search" type="search" autocomplete="off" spellcheck="false"
                            prop:value=move || signal_query.get()
                            on:input=move |ev| signal_query.set(event_target_value(&ev)) />
                    </div>
                    <div class="signal-options">
                        {move || signal_hits.get().into_iter().map(|id| {
                            let toggle = toggle_for_hits.clone();
                            let id_check = id.clone();
                            let id_toggle = id.clone();
                            view! {
                                <label class="choice">
                                    <input type="checkbox" name="signal" value=id.clone()
                                        prop:checked=move || draft.with(|d| d.signals.contains(&id_check))
                                        on:change=move |_| toggle(id_toggle.clone()) />
                                    <span>{signal_title(&id, i.lang())}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>

                <fieldset class="field">
                    <legend>{move || i.t(K::ObsWorryLegend)}</legend>
                    {error_for(Field::Worry)}
                    {worry_options}
                    <Show when=move || draft.with(Draft::asks_for_112)>
                        <p class="notice notice-error">
                            {move || i.t(K::ObsWorryAcuutHint)} " "
                            <a class="button button-danger button-small" href="tel:112">{move || i.t(K::AcuteCall)}</a>
                        </p>
                    </Show>
                </fieldset>

                <details class="more" open=move || draft.with(Draft::shows_more_details)>
                    <summary>{move || i.t(K::ObsMore)}</summary>
                    <div class="field">
                        <label for="obs-date">{move || i.t(K::ObsDate)}</label>
                        {error_for(Field::ObservedOn)}
                        <input id="obs-date" class="input" type="date" max=platform::local_date()
                            prop:value=move || draft.with(|d| d.observed_on.clone().unwrap_or_else(platform::local_date))
                            on:change=on_date />
                    </div>
                    <div class="field">
                        <label for="obs-day-part">{move || i.t(K::ObsDayPart)}</label>
                        <select id="obs-day-part" class="input" on:change=on_day_part prop:value=move || draft.with(|d| d.day_part.map(|v| v.code()).unwrap_or_default())>
                            <option value="">{move || i.t(K::ObsNotFilled)}</option>
                            {DayPart::ALL.into_iter().map(|v| view! { <option value=v.code()>{move || i.t(v.label())}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="obs-area">{move || i.t(K::ObsArea)}</label>
                        <select id="obs-area" class="input" on:change=on_area prop:value=move || draft.with(|d| d.area.as_ref().map(|a| a.gemeente.clone()).unwrap_or_default())>
                            <option value="">{move || i.t(K::ObsNotFilled)}</option>
                            {areas.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="obs-setting">{move || i.t(K::ObsSetting)}</label>
                        <select id="obs-setting" class="input" on:change=on_setting prop:value=move || draft.with(|d| d.setting.map(|v| v.code()).unwrap_or_default())>
                            <option value="">{move || i.t(K::ObsNotFilled)}</option>
                            {Setting::ALL.into_iter().map(|v| view! { <option value=v.code()>{move || i.t(v.label())}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="obs-age">{move || i.t(K::ObsAge)}</label>
                        <select id="obs-age" class="input" on:change=on_age prop:value=move || draft.with(|d| d.age_band.map(|v| v.code()).unwrap_or_default())>
                            <option value="">{move || i.t(K::ObsNotFilled)}</option>
                            {AgeBand::ALL.into_iter().map(|v| view! { <option value=v.code()>{move || i.t(v.label())}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="obs-gender">{move || i.t(K::ObsGender)}</label>
                        <select id="obs-gender" class="input" on:change=on_gender prop:value=move || draft.with(|d| d.gender.map(|v| v.code()).unwrap_or_default())>
                            <option value="">{move || i.t(K::ObsNotFilled)}</option>
                            {Gender::ALL.into_iter().map(|v| view! { <option value=v.code()>{move || i.t(v.label())}</option> }).collect_view()}
                        </select>
                    </div>
                    <fieldset class="field">
                        <legend>{move || i.t(K::ObsForms)}</legend>
                        {forms}
                    </fieldset>
                    <fieldset class="field">
                        <legend>{move || i.t(K::ObsRecruitment)}</legend>
                        {recruitment}
                    </fieldset>
                    <fieldset class="field">
                        <legend>{move || i.t(K::ObsSteps)}</legend>
                        {steps}
                    </fieldset>
                    {move || draft.with(|d| d.meldroute.clone()).map(|m| {
                        let role = zicht_core::catalog().meldroute.roles.iter().find(|r| r.id == m.role).map(|r| r.title.get(i.lang()).to_string()).unwrap_or(m.role.clone());
                        let n = m.path.len().to_string();
                        let drop = drop_meldroute.clone();
                        view! {
                            <p class="notice">{i.tf(K::ObsMeldrouteLinked, &[("role", &role), ("n", &n)])} " "
                                <button type="button" class="button button-secondary button-small" on:click=drop>{move || i.t(K::ObsDelete)}</button>
                            </p>
                        }
                    })}
                    <div class="field">
                        <label for="obs-note">{move || i.t(K::ObsNote)}</label>
                        <p class="hint" id="note-hint">{move || i.tf(K::ObsNoteHint, &[("max", &max)])}</p>
                        {error_for(Field::Note)}
                        <textarea id="obs-note" class="input" rows="5" aria-describedby="note-hint note-count privacy-findings"
                            prop:value=move || draft.with(|d| d.note.clone()) on:input=on_note></textarea>
                        <p class="hint" id="note-count" aria-live="polite">
                            {move || i.tf(K::ObsNoteCount, &[("n", &draft.with(|d| d.note.chars().count()).to_string()), ("max", &max2)])}
                        </p>
                        <div id="privacy-findings" aria-live="polite">
                            {note_privacy::note_privacy(draft, apply_privacy)}
                        </div>
                    </div>
                </details>

                <NoticeLine notice=notice />
                <div class="answers save-bar">
                    <button type="submit" class="button button-primary" disabled=move || saving.get() || !loaded.get()>
                        {move || if saving.get() { i.t(K::ObsSaving) } else { i.t(K::ObsSave) }}
                    </button>
                </div>
                <p class="hint draft-state" aria-live="polite">
                    {move || draft_saved.get().then(|| i.t(K::ObsDraftSaved))}
                </p>
                <p>
                    <button type="button" class="button button-secondary button-small" on:click=discard>{move || i.t(K::ObsDraftDiscard)}</button>
                </p>
            </form>
        </div>
    }
}
