//! The picture (charts with the same numbers as tables) and the CSV export.

use super::*;

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
pub(super) fn ThePicture(s: Session) -> impl IntoView {
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
pub(super) fn Export(s: Session) -> impl IntoView {
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
