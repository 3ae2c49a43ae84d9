//! `/ontvangen`: the receiving organisation reads its sealed observations,
//! decrypted in this browser only, triages them and sees the picture.
//!
//! Thin: paging, opening, filters, marks, counts and CSV are
//! `zicht_core::receiver`. The private key lives in a `StoredValue` of this
//! screen for as long as the tab shows it: never in storage, never in a
//! request, never in the DOM after loading (the paste field is emptied).

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;
use zicht_core::i18n::K;
use zicht_core::observation::{Observation, Worry};
use zicht_core::receiver::inbox::{
    self, area_label, day_part_key, filter_options, form_labels, note_parts, signal_labels,
    worry_key, Filter, Inbox, MarkFilter, Marks,
};
use zicht_core::receiver::paging::{self, ReadState, Reader, Step};
use zicht_core::receiver::picture::{self, ChartLayout, Count};
use zicht_core::receiver::{self, Item, SealKeys};
use zicht_core::seal::PrivateKey;
use zicht_core::Lang;

use crate::i18n::use_i18n;
use crate::platform;

/// The receiver's marks: observation ids only (see `Marks`).
const MARKS_KEY: &str = "zicht.receiver.marks";
/// The endpoint address, for the next visit; the token and key never.
const URL_KEY: &str = "zicht.receiver.url";
/// Cards rendered at first and per "show more".
const SHOWN_STEP: usize = 50;

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    Reading,
    CaughtUp,
    Paused(zicht_core::Text),
    Failed(zicht_core::Text),
}

/// Everything of one reading session; `Copy` handles into the reactive arena.
#[derive(Clone, Copy)]
struct Session {
    keys: StoredValue<SealKeys>,
    key_ids: RwSignal<Vec<String>>,
    announced: RwSignal<Option<String>>,
    reader: StoredValue<Option<Reader>>,
    inbox: RwSignal<Inbox>,
    fetched: RwSignal<usize>,
    phase: RwSignal<Phase>,
    marks: RwSignal<Marks>,
    filter: RwSignal<Filter>,
}

fn random_u64() -> u64 {
    let mut bytes = [0u8; 8];
    platform::random_bytes(&mut bytes);
    u64::from_le_bytes(bytes)
}

fn local_get(key: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()??
        .get_item(key)
        .ok()?
}

fn local_set(key: &str, value: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Reads pages until the reader stops; each page is opened and added before
/// the next is asked for, yielding to the browser in between so progress
/// shows for thousands.
async fn read_pages(s: Session) {
    s.phase.set(Phase::Reading);
    loop {
        let Some(request) = s.reader.with_value(|r| r.as_ref().map(Reader::request)) else {
            return;
        };
        let answer = crate::sync::http(&request).await;
        let jitter = random_u64();
        let now = crate::sync::now_ms();
        let step = s.reader.try_update_value(|r| {
            r.as_mut().map(|r| match &answer {
                Ok(a) => r.on_response(a.status, &a.body, a.retry_after.as_deref(), now, jitter),
                Err(_) => r.on_failure(jitter),
            })
        });
        match step.flatten() {
            None => return,
            Some(Step::Page { items, first, more }) => {
                let announced = s.announced.get_untracked();
                let opened: Vec<Item> = s.keys.with_value(|keys| {
                    items
                        .iter()
                        .enumerate()
                        .map(|(n, raw)| {
                            receiver::open_item(raw, first + n, keys, announced.as_deref())
                        })
                        .collect()
                });
                s.fetched.update(|f| *f += items.len());
                s.inbox.update(|inbox| {
                    inbox.add(opened);
                });
                if !more {
                    break;
                }
                sleep_ms(0).await;
            }
            Some(Step::Retry { delay_ms }) => sleep_ms(delay_ms.min(i32::MAX as u64) as i32).await,
            Some(Step::Stopped) => break,
        }
    }
    let state = s
        .reader
        .with_value(|r| r.as_ref().map(|r| r.state().clone()));
    s.phase.set(match state {
        Some(ReadState::Paused(e)) => Phase::Paused(e.text()),
        _ => Phase::CaughtUp,
    });
}

/// Checks the reader token and reads the announced key, then reads pages.
async fn connect(s: Session, reader: Reader) {
    s.phase.set(Phase::Reading);
    let health = crate::sync::http(&reader.health_request()).await;
    match health {
        Ok(a) if a.status == 200 => s.announced.set(paging::announced_key_id(&a.body)),
        Ok(a) if a.status == 401 || a.status == 403 => {
            s.phase
                .set(Phase::Failed(paging::ReadError::Auth(a.status).text()));
            return;
        }
        Ok(a) => {
            s.phase.set(Phase::Failed(tx(
                K::RcvHealthFailed,
                &[("status", &a.status.to_string())],
            )));
            return;
        }
        Err(_) => {
            s.phase
                .set(Phase::Failed(paging::ReadError::Unreachable(None).text()));
            return;
        }
    }
    s.reader.set_value(Some(reader));
    read_pages(s).await;
}

fn tx(key: K, args: &[(&str, &str)]) -> zicht_core::Text {
    zicht_core::Text {
        nl: zicht_core::i18n::tf(Lang::Nl, key, args),
        en: zicht_core::i18n::tf(Lang::En, key, args),
    }
}

#[component]
pub fn Receive() -> impl IntoView {
    let i = use_i18n();
    let s = Session {
        keys: StoredValue::new(SealKeys::default()),
        key_ids: RwSignal::new(Vec::new()),
        announced: RwSignal::new(None),
        reader: StoredValue::new(None),
        inbox: RwSignal::new(Inbox::default()),
        fetched: RwSignal::new(0),
        phase: RwSignal::new(Phase::Idle),
        marks: RwSignal::new(
            local_get(MARKS_KEY)
                .map(|j| Marks::from_json(&j))
                .unwrap_or_default(),
        ),
        filter: RwSignal::new(Filter::default()),
    };
    let connected = move || !matches!(s.phase.get(), Phase::Idle | Phase::Failed(_));
    view! {
        <div class="page receiver">
            <h1>{move || i.t(K::TitleReceive)}</h1>
            <p class="lead">{move || i.t(K::RcvIntro)}</p>
            <Connect s=s />
            <Show when=connected>
                <Progress s=s />
                <Filters s=s />
                <ThePicture s=s />
                <Export s=s />
                <InboxList s=s />
                <Failed s=s />
            </Show>
        </div>
    }
}

/// Endpoint, reader token and key; the key stays in memory only.
#[component]
fn Connect(s: Session) -> impl IntoView {
    let i = use_i18n();
    let url = RwSignal::new(local_get(URL_KEY).unwrap_or_default());
    let token = RwSignal::new(String::new());
    let key_error = RwSignal::new(None::<K>);
    let error = RwSignal::new(None::<zicht_core::Text>);
    let forgotten = RwSignal::new(false);
    let paste: NodeRef<leptos::html::Textarea> = NodeRef::new();
    let file: NodeRef<leptos::html::Input> = NodeRef::new();

    let load_key = move |text: &str| match PrivateKey::from_key_file(text) {
        Ok(key) => {
            let keys = SealKeys::new([key]);
            s.key_ids.set(keys.key_ids());
            s.keys.set_value(keys);
            key_error.set(None);
            forgotten.set(false);
        }
        Err(_) => key_error.set(Some(K::RcvKeyInvalid)),
    };
    let on_paste = move |_| {
        if let Some(area) = paste.get() {
            load_key(&area.value());
            // The key must not stay in the page.
            area.set_value("");
        }
    };
    let on_file = move |_| {
        let Some(input) = file.get() else { return };
        let Some(chosen) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        spawn_local(async move {
            match JsFuture::from(chosen.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
            {
                Some(text) => load_key(&text),
                None => key_error.set(Some(K::RcvKeyUnreadable)),
            }
            input.set_value("");
        });
    };
    let forget = move |_| {
        s.keys.set_value(SealKeys::default());
        s.key_ids.set(Vec::new());
        s.reader.set_value(None);
        s.inbox.set(Inbox::default());
        s.fetched.set(0);
        s.phase.set(Phase::Idle);
        forgotten.set(true);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if s.key_ids.with_untracked(Vec::is_empty) {
            error.set(Some(tx(K::RcvKeyNeeded, &[])));
            return;
        }
        match Reader::new(
            &url.get_untracked(),
            token.get_untracked().trim(),
            paging::DEFAULT_LIMIT,
        ) {
            Err(e) => error.set(Some(e.text())),
            Ok(reader) => {
                error.set(None);
                local_set(URL_KEY, reader.base());
                s.inbox.set(Inbox::default());
                s.fetched.set(0);
                spawn_local(connect(s, reader));
            }
        }
    };
    let mismatch = move || {
        let loaded = s.key_ids.get();
        let announced = s.announced.get()?;
        (!loaded.is_empty() && !loaded.contains(&announced)).then(|| {
            i.tf(
                K::RcvKeyOtherThanAnnounced,
                &[("announced", &announced), ("loaded", &loaded.join(", "))],
            )
        })
    };
    view! {
        <section aria-labelledby="rcv-connect-title" class="rcv-connect">
            <h2 id="rcv-connect-title">{move || i.t(K::RcvConnectTitle)}</h2>
            <form novalidate on:submit=submit>
                <div class="rcv-connect-grid">
                    <div class="field">
                        <label for="rcv-url">{move || i.t(K::RcvUrl)}</label>
                        <p class="hint" id="rcv-url-hint">{move || i.t(K::RcvUrlHint)}</p>
                        <input id="rcv-url" class="input" type="url" inputmode="url" autocomplete="url" spellcheck="false"
                            aria-describedby="rcv-url-hint"
                            prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="rcv-token">{move || i.t(K::RcvToken)}</label>
                        <p class="hint" id="rcv-token-hint">{move || i.t(K::RcvTokenHint)}</p>
                        <input id="rcv-token" class="input" type="password" autocomplete="off" spellcheck="false"
                            aria-describedby="rcv-token-hint"
                            prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev)) />
                    </div>
                </div>
                <fieldset class="field rcv-key">
                    <legend>{move || i.t(K::RcvKeyTitle)}</legend>
                    <p class="notice" data-testid="rcv-key-memory">{move || i.t(K::RcvKeyMemory)}</p>
                    <div class="rcv-connect-grid">
                        <div class="field">
                            <label for="rcv-key-file">{move || i.t(K::RcvKeyFile)}</label>
                            <input id="rcv-key-file" class="input" type="file" node_ref=file on:change=on_file />
                        </div>
                        <div class="field">
                            <label for="rcv-key-paste">{move || i.t(K::RcvKeyPaste)}</label>
                            <textarea id="rcv-key-paste" class="input rcv-key-paste" node_ref=paste autocomplete="off" spellcheck="false"></textarea>
                            <button type="button" class="button button-secondary" on:click=on_paste>{move || i.t(K::RcvKeyLoad)}</button>
                        </div>
                    </div>
                    <div aria-live="polite">
                        {move || s.key_ids.get().first().cloned().map(|id| view! {
                            <p class="notice notice-ok" data-testid="rcv-key-loaded">{move || i.tf(K::RcvKeyLoaded, &[("key_id", &id)])}</p>
                            <button type="button" class="button button-secondary" on:click=forget>{move || i.t(K::RcvKeyForget)}</button>
                        })}
                        {move || forgotten.get().then(|| view! { <p class="notice" data-testid="rcv-key-forgotten">{move || i.t(K::RcvKeyForgotten)}</p> })}
                        {move || key_error.get().map(|k| view! { <p class="notice notice-error" role="alert" data-testid="rcv-key-error">{move || i.t(k)}</p> })}
                        {move || mismatch().map(|m| view! { <p class="notice notice-warning" data-testid="rcv-key-mismatch">{m}</p> })}
                    </div>
                </fieldset>
                {move || error.get().map(|e| view! { <p class="notice notice-error" role="alert" data-testid="rcv-connect-error">{move || e.get(i.lang()).to_string()}</p> })}
                {move || match s.phase.get() {
                    Phase::Failed(e) => Some(view! { <p class="notice notice-error" role="alert" data-testid="rcv-connect-error">{move || e.get(i.lang()).to_string()}</p> }),
                    _ => None,
                }}
                <button type="submit" class="button button-primary" data-testid="rcv-connect">{move || i.t(K::RcvConnect)}</button>
            </form>
        </section>
    }
}

#[component]
fn Progress(s: Session) -> impl IntoView {
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
                <span data-testid="rcv-phase">{move || match s.phase.get() {
                    Phase::Reading => i.t(K::RcvReading).to_string(),
                    Phase::CaughtUp => i.t(K::RcvCaughtUp).to_string(),
                    Phase::Paused(t) | Phase::Failed(t) => t.get(i.lang()).to_string(),
                    Phase::Idle => String::new(),
                }}</span>
            </p>
            {move || match s.phase.get() {
                Phase::Paused(_) => Some(view! { <button type="button" class="button button-secondary" on:click=resume>{move || i.t(K::RcvContinue)}</button> }.into_any()),
                Phase::CaughtUp => Some(view! { <button type="button" class="button button-secondary" on:click=resume data-testid="rcv-fetch-new">{move || i.t(K::RcvFetchNew)}</button> }.into_any()),
                _ => None,
            }}
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
fn Filters(s: Session) -> impl IntoView {
    let i = use_i18n();
    let options = Memo::new(move |_| s.inbox.with(|inbox| filter_options(inbox, i.lang())));
    let f = s.filter;
    let worry_box = move |w: Worry| {
        let id = format!(
            "rcv-worry-{}",
            match w {
                Worry::Acuut => "acuut",
                Worry::Zorgelijk => "zorgelijk",
                Worry::Twijfel => "twijfel",
            }
        );
        let for_id = id.clone();
        view! {
            <label class="choice" for={for_id}>
                <input type="checkbox" id=id
                    prop:checked=move || f.with(|f| f.worry.contains(&w))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        f.update(|f| {
                            f.worry.retain(|x| *x != w);
                            if on {
                                f.worry.push(w);
                            }
                        });
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
                {worry_box(Worry::Acuut)}
                {worry_box(Worry::Zorgelijk)}
                {worry_box(Worry::Twijfel)}
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
                        prop:value=move || f.with(|f| match f.marks {
                            MarkFilter::All => "",
                            MarkFilter::Unseen => "unseen",
                            MarkFilter::NotPickedUp => "not_picked_up",
                        })
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            f.update(|f| f.marks = match v.as_str() {
                                "unseen" => MarkFilter::Unseen,
                                "not_picked_up" => MarkFilter::NotPickedUp,
                                _ => MarkFilter::All,
                            });
                        }>
                        <option value="">{move || i.t(K::RcvFilterAll)}</option>
                        <option value="unseen">{move || i.t(K::RcvFilterUnseen)}</option>
                        <option value="not_picked_up">{move || i.t(K::RcvFilterNotPickedUp)}</option>
                    </select>
                </label>
            </div>
            <button type="button" class="button button-secondary" data-testid="rcv-filter-clear"
                on:click=move |_| f.set(Filter::default())>{move || i.t(K::RcvFilterClear)}</button>
        </section>
    }
}

/// One chart: bars as inline SVG (hidden from screen readers) and the same
/// numbers as a table beside it.
#[component]
fn Chart(
    id: &'static str,
    title: K,
    #[prop(optional)] hint: Option<K>,
    counts: Signal<Vec<Count>>,
) -> impl IntoView {
    let i = use_i18n();
    let layout = ChartLayout::default();
    view! {
        <figure class="rcv-chart" aria-labelledby={format!("{id}-title")} data-testid=id>
            <figcaption id={format!("{id}-title")}><h3>{move || i.t(title)}</h3>
                {hint.map(|h| view! { <p class="hint">{move || i.t(h)}</p> })}
            </figcaption>
            <div class="rcv-chart-body">
                {move || {
                    let rows = layout.rows(&counts.get());
                    let height = layout.height(rows.len());
                    view! {
                        <svg class="rcv-svg" viewBox={format!("0 0 {} {}", layout.width, height)} aria-hidden="true" focusable="false">
                            {rows.into_iter().map(|r| {
                                let bar_y = r.y + (layout.row_height - layout.bar_height) / 2.0;
                                let text_y = r.y + layout.row_height / 2.0 + 5.0;
                                view! {
                                    <text class="rcv-svg-label" x="0" y={text_y.to_string()}>{r.label.clone()}</text>
                                    <rect class="rcv-svg-total" x={r.x.to_string()} y={bar_y.to_string()} width={r.width.to_string()} height={layout.bar_height.to_string()} />
                                    <rect class="rcv-svg-acute" x={r.x.to_string()} y={bar_y.to_string()} width={r.acute_width.to_string()} height={layout.bar_height.to_string()} />
                                    <text class="rcv-svg-number" x={(r.x + r.width + 6.0).to_string()} y={text_y.to_string()}>{r.total.to_string()}</text>
                                }
                            }).collect_view()}
                        </svg>
                    }
                }}
                <table class="rcv-table">
                    <thead><tr>
                        <th scope="col">{move || i.t(K::RcvColWhat)}</th>
                        <th scope="col">{move || i.t(K::RcvColTotal)}</th>
                        <th scope="col">{move || i.t(K::RcvColAcute)}</th>
                    </tr></thead>
                    <tbody>
                        {move || counts.get().into_iter().map(|c| view! {
                            <tr data-key={c.key.clone()}>
                                <th scope="row">{c.label.clone()}</th>
                                <td>{c.total}</td>
                                <td class:rcv-acute-cell={c.acute > 0}>{c.acute}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </figure>
    }
}

#[component]
fn ThePicture(s: Session) -> impl IntoView {
    let i = use_i18n();
    let picture = Memo::new(move |_| {
        let lang = i.lang();
        s.marks.with(|marks| {
            s.filter.with(|filter| {
                s.inbox.with(|inbox| {
                    picture::picture(inbox.filtered(filter, marks).map(|(_, o)| o), lang)
                })
            })
        })
    });
    let months = Signal::derive(move || picture.with(|p| p.months.clone()));
    let categories = Signal::derive(move || picture.with(|p| p.categories.clone()));
    let forms = Signal::derive(move || picture.with(|p| p.forms.clone()));
    view! {
        <section aria-labelledby="rcv-picture-title" class="rcv-picture">
            <h2 id="rcv-picture-title">{move || i.t(K::RcvPicture)}</h2>
            <p data-testid="rcv-picture-totals">{move || picture.with(|p| i.tf(K::RcvPictureTotals, &[
                ("total", &p.total.to_string()),
                ("acute", &p.acute.to_string()),
            ]))}</p>
            <Chart id="rcv-chart-month" title=K::RcvPerMonth counts=months />
            <Chart id="rcv-chart-category" title=K::RcvPerCategory hint=K::RcvPerCategoryHint counts=categories />
            <Chart id="rcv-chart-form" title=K::RcvPerForm counts=forms />
        </section>
    }
}

#[component]
fn Export(s: Session) -> impl IntoView {
    let i = use_i18n();
    let count = move || {
        s.marks.with(|m| {
            s.filter
                .with(|f| s.inbox.with(|inbox| inbox.filtered(f, m).count()))
        })
    };
    let download = move |_| {
        let text = s.marks.with_untracked(|m| {
            s.filter.with_untracked(|f| {
                s.inbox
                    .with_untracked(|inbox| receiver::csv::csv(inbox.filtered(f, m), m, i.lang()))
            })
        });
        crate::storage::download("zicht-observaties.csv", "text/csv;charset=utf-8", &text);
    };
    view! {
        <section class="rcv-export">
            <button type="button" class="button button-primary" data-testid="rcv-export" on:click=download>
                {move || i.tf(K::RcvExport, &[("n", &count().to_string())])}
            </button>
            <p class="hint">{move || i.t(K::RcvExportHint)}</p>
        </section>
    }
}

#[component]
fn InboxList(s: Session) -> impl IntoView {
    let i = use_i18n();
    let shown = RwSignal::new(SHOWN_STEP);
    // A new filter starts from the top again.
    Effect::new(move |_| {
        s.filter.track();
        shown.set(SHOWN_STEP);
    });
    let filtered = Memo::new(move |_| {
        s.marks.with(|m| {
            s.filter.with(|f| {
                s.inbox.with(|inbox| {
                    let all: Vec<(Item, Observation)> = inbox
                        .filtered(f, m)
                        .take(shown.get())
                        .map(|(i, o)| (i.clone(), o.clone()))
                        .collect();
                    (all, inbox.filtered(f, m).count(), inbox.opened().count())
                })
            })
        })
    });
    view! {
        <section aria-labelledby="rcv-inbox-title" class="rcv-inbox">
            <h2 id="rcv-inbox-title">{move || i.t(K::RcvInbox)}</h2>
            <p data-testid="rcv-count">{move || filtered.with(|(_, n, total)| i.tf(K::RcvCount, &[("n", &n.to_string()), ("total", &total.to_string())]))}</p>
            {move || filtered.with(|(list, _, _)| list.is_empty()).then(|| view! { <p>{move || i.t(K::RcvEmpty)}</p> })}
            <ul class="rcv-list">
                <For each=move || filtered.get().0 key=|(item, _)| item.id.clone() let:entry>
                    <Card s=s item={entry.0} observation={entry.1} />
                </For>
            </ul>
            {move || filtered.with(|(list, n, _)| list.len() < *n).then(|| view! {
                <button type="button" class="button button-secondary" data-testid="rcv-show-more"
                    on:click=move |_| shown.update(|n| *n += SHOWN_STEP)>{move || i.t(K::RcvShowMore)}</button>
            })}
        </section>
    }
}

#[component]
fn Card(s: Session, item: Item, observation: Observation) -> impl IntoView {
    let i = use_i18n();
    let o = observation;
    let id = o.id.clone();
    let heading_id = format!("rcv-o-{}", o.id);
    let acute = o.worry == Worry::Acuut;
    let sealed = !matches!(
        item.outcome,
        receiver::Outcome::Opened { sealed: false, .. }
    );
    let version_known = inbox::catalog_for(&o.content_version).is_some();
    let parts = note_parts(&o.note);
    let has_finding = parts.iter().any(|p| p.finding.is_some());
    let (id_seen, id_picked) = (id.clone(), id.clone());
    let (id_seen2, id_picked2) = (id.clone(), id.clone());
    let set_mark = move |picked: bool, id: String, on: bool| {
        s.marks.update(|m| {
            if picked {
                m.set_picked_up(&id, on);
            } else {
                m.set_seen(&id, on);
            }
        });
        local_set(MARKS_KEY, &s.marks.with_untracked(Marks::to_json));
    };
    let o_lang = o.clone();
    let version = o.content_version.clone();
    view! {
        <li class="rcv-card" class:rcv-card-acute=acute data-testid="rcv-card" data-id={o.id.clone()}>
            <h3 id={heading_id.clone()}>
                {o.observed_on.clone()}
                {o.day_part.map(|d| view! { " · " {move || i.t(day_part_key(d))} })}
            </h3>
            <p class="badge rcv-worry" class:rcv-worry-acute=acute data-testid="rcv-worry">{move || i.t(worry_key(o.worry))}</p>
            <dl class="facts">
                {area_label(&o).map(|a| view! { <dt>{move || i.t(K::RcvFilterArea)}</dt><dd>{a}</dd> })}
                <dt>{move || i.t(K::RcvSignals)}</dt>
                <dd>
                    <ul class="rcv-signals">
                        {move || signal_labels(&o_lang, i.lang()).into_iter().map(|l| match l.title {
                            Some(t) => view! { <li>{t}</li> }.into_any(),
                            None => view! { <li class="mono">{l.id}</li> }.into_any(),
                        }).collect_view()}
                    </ul>
                </dd>
                {(!o.forms.is_empty()).then(|| {
                    let o = o.clone();
                    view! { <dt>{move || i.t(K::RcvFilterForm)}</dt><dd>{move || form_labels(&o, i.lang()).join(", ")}</dd> }
                })}
                <dt>{move || i.t(K::RcvReceived)}</dt>
                <dd>{move || platform::local_date_time(&item.received_at, i.lang())}</dd>
            </dl>
            {(!version_known).then(|| view! { <p class="hint" data-testid="rcv-unknown-version">{move || i.tf(K::RcvUnknownVersion, &[("version", &version)])}</p> })}
            {(!sealed).then(|| view! { <p class="notice notice-warning">{move || i.t(K::RcvUnsealed)}</p> })}
            {(!parts.is_empty()).then(|| view! {
                <div class="rcv-note">
                    <h4 class="rcv-note-title">{move || i.t(K::ObsNote)}</h4>
                    {has_finding.then(|| view! { <p class="notice notice-warning" data-testid="rcv-finding">{move || i.t(K::RcvFinding)}</p> })}
                    <p class="note-text">
                        {parts.into_iter().map(|p| match p.finding {
                            None => view! { <span>{p.text}</span> }.into_any(),
                            Some(kind) => view! {
                                <mark class="rcv-mark">{p.text}</mark>
                                <span class="rcv-mark-label">" [" {move || kind.label(i.lang())} "]"</span>
                            }.into_any(),
                        }).collect_view()}
                    </p>
                </div>
            })}
            <div class="rcv-marks">
                <label class="choice">
                    <input type="checkbox" aria-describedby={heading_id.clone()} data-testid="rcv-mark-seen"
                        prop:checked=move || s.marks.with(|m| m.is_seen(&id_seen))
                        on:change=move |ev| set_mark(false, id_seen2.clone(), event_target_checked(&ev)) />
                    <span>{move || i.t(K::RcvMarkSeen)}</span>
                </label>
                <label class="choice">
                    <input type="checkbox" aria-describedby={heading_id} data-testid="rcv-mark-picked-up"
                        prop:checked=move || s.marks.with(|m| m.is_picked_up(&id_picked))
                        on:change=move |ev| set_mark(true, id_picked2.clone(), event_target_checked(&ev)) />
                    <span>{move || i.t(K::RcvMarkPickedUp)}</span>
                </label>
            </div>
        </li>
    }
}

#[component]
fn Failed(s: Session) -> impl IntoView {
    let i = use_i18n();
    let failed = Memo::new(move |_| {
        let loaded = s.key_ids.get();
        s.inbox.with(|inbox| {
            inbox
                .failed()
                .map(|item| {
                    (
                        item.id.clone(),
                        item.outcome.message(&loaded).unwrap_or_default(),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let shown = RwSignal::new(SHOWN_STEP * 4);
    view! {
        {move || (!failed.with(Vec::is_empty)).then(|| view! {
            <section aria-labelledby="rcv-failed-title" class="rcv-failed">
                <h2 id="rcv-failed-title">{move || i.tf(K::RcvFailedTitle, &[("n", &failed.with(Vec::len).to_string())])}</h2>
                <ul class="rcv-list">
                    {move || failed.get().into_iter().take(shown.get()).map(|(id, message)| {
                        let shown = id.clone();
                        view! {
                        <li class="rcv-card rcv-card-failed" data-testid="rcv-failed" data-id=id>
                            <p class="mono">{shown}</p>
                            <p>{move || message.get(i.lang()).to_string()}</p>
                        </li>
                    }}).collect_view()}
                </ul>
                // Every observation that did not open gets its message, however many.
                {move || (shown.get() < failed.with(Vec::len)).then(|| view! {
                    <button type="button" class="button button-secondary" data-testid="rcv-failed-more"
                        on:click=move |_| shown.update(|n| *n += SHOWN_STEP * 4)>{move || i.t(K::RcvShowMore)}</button>
                })}
            </section>
        })}
    }
}
