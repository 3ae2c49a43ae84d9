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
use zicht_core::receiver::paging::{self, Reader, Step};
use zicht_core::receiver::picture::{self, ChartLayout, Count};
use zicht_core::receiver::session::{text as tx, Phase, Resume};
use zicht_core::receiver::{self, Item, SealKeys};
use zicht_core::seal::PrivateKey;

use crate::i18n::use_i18n;
use crate::platform;

mod chart;
mod filters;
mod form;
mod list;

use chart::{Export, ThePicture};
use filters::{Filters, Progress};
use form::Connect;
use list::{Failed, InboxList};

/// The receiver's marks: observation ids only (see `Marks`).
const MARKS_KEY: &str = "zicht.receiver.marks";
/// The endpoint address, for the next visit; the token and key never.
const URL_KEY: &str = "zicht.receiver.url";
/// Cards rendered at first and per "show more".
const SHOWN_STEP: usize = 50;

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
    let phase = s
        .reader
        .with_value(|r| Phase::after_run(r.as_ref().map(Reader::state)));
    s.phase.set(phase);
}

/// Checks the reader token and reads the announced key, then reads pages.
async fn connect(s: Session, reader: Reader) {
    s.phase.set(Phase::Reading);
    let health = crate::sync::http(&reader.health_request()).await;
    let answer = health.as_ref().ok().map(|a| (a.status, a.body.as_str()));
    match Phase::after_health(answer) {
        Ok(announced) => s.announced.set(announced),
        Err(failed) => {
            s.phase.set(failed);
            return;
        }
    }
    s.reader.set_value(Some(reader));
    read_pages(s).await;
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
    let connected = move || s.phase.with(Phase::is_connected);
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
