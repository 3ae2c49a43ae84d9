//! Times realistic searches over the bundled catalogue.
//!
//! `cargo run --release --example search_bench -p zicht-core`

use std::hint::black_box;
use std::time::Instant;

use zicht_core::content::signals::{Context, Form};
use zicht_core::search::{SearchIndex, SearchQuery};
use zicht_core::Lang;

const RUNS: usize = 2_000;

fn main() {
    // Parse the embedded catalogue first, so only the index build is timed.
    let signals = &zicht_core::catalog().signals;
    let build = Instant::now();
    let index = SearchIndex::new(signals);
    let build_us = build.elapsed().as_secs_f64() * 1e6;
    println!(
        "index: {} signals, built in {build_us:.0} µs; {RUNS} runs per query\n",
        index.len()
    );

    let long = "geldezel bankpas schulden ".repeat(400);
    let queries: Vec<(&str, SearchQuery, Lang)> = vec![
        ("(empty)", SearchQuery::default(), Lang::Nl),
        ("geldezel", SearchQuery::text("geldezel"), Lang::Nl),
        ("geld ezel", SearchQuery::text("geld ezel"), Lang::Nl),
        ("money mule", SearchQuery::text("money mule"), Lang::En),
        ("geldez (prefix)", SearchQuery::text("geldez"), Lang::Nl),
        ("geïsoleerd", SearchQuery::text("geïsoleerd"), Lang::Nl),
        (
            "schoolverzuim",
            SearchQuery::text("schoolverzuim"),
            Lang::En,
        ),
        (
            "oudere jongens school",
            SearchQuery::text("oudere jongens school"),
            Lang::Nl,
        ),
        (
            "drugs + context straat",
            SearchQuery {
                q: "drugs".into(),
                context: Some(Context::Straat),
                ..SearchQuery::default()
            },
            Lang::Nl,
        ),
        (
            "filter form sexual",
            SearchQuery {
                form: Some(Form::Sexual),
                ..SearchQuery::default()
            },
            Lang::Nl,
        ),
        ("no match", SearchQuery::text("xylofoon"), Lang::Nl),
        ("10,000 chars", SearchQuery::text(long.clone()), Lang::Nl),
    ];

    println!(
        "{:<26} {:>7} {:>10} {:>10}",
        "query", "hits", "mean µs", "p95 µs"
    );
    println!("{}", "-".repeat(56));
    for (label, query, lang) in &queries {
        let hits = index.search(query, *lang).len();
        let mut samples: Vec<f64> = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let start = Instant::now();
            black_box(index.search(black_box(query), *lang));
            samples.push(start.elapsed().as_secs_f64() * 1e6);
        }
        samples.sort_by(f64::total_cmp);
        let mean = samples.iter().sum::<f64>() / samples.len() as f64;
        let p95 = samples[(samples.len() * 95 / 100).min(samples.len() - 1)];
        println!("{label:<26} {hits:>7} {mean:>10.1} {p95:>10.1}");
    }
}
