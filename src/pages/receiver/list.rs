//! The inbox cards with their marks, and the observations that did not open.

use super::*;

#[component]
pub(super) fn InboxList(s: Session) -> impl IntoView {
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
    let sealed = !item.outcome.is_unsealed();
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
pub(super) fn Failed(s: Session) -> impl IntoView {
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
