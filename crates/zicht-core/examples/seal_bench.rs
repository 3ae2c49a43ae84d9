//! Times sealing one observation (what the driver does just before sending),
//! natively. The browser figure at 4x CPU comes from the app itself.
//!
//! `cargo run --release --example seal_bench -p zicht-core`

use std::hint::black_box;
use std::time::Instant;

use zicht_core::seal::{self, PrivateKey};

const RUNS: usize = 2_000;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let receiver = PrivateKey::derive(&[42u8; 32]);
    let pk = receiver.public_key();
    let id = "0b8f3c1e-2a4d-4e6f-8a1b-3c5d7e9f1a2b";
    // A long observation: 12 signals and a 1,000-character note.
    let signals: Vec<String> = (0..12).map(|n| format!("\"signaal-{n:02}\"")).collect();
    let note =
        "Jongen bij de bushalte, nieuwe schoenen, veel contact met oudere jongens. ".repeat(14);
    let json = format!(
        r#"{{"id":"{id}","schema":"zicht.observation/1","observed_on":"2026-11-30","day_part":"middag","recorded_at":"2026-11-30T14:05:00Z","signals":[{}],"content_version":"0123456789ab","note":"{}"}}"#,
        signals.join(","),
        &note[..1000.min(note.len())]
    );
    for (label, body) in [
        (
            "short (no note)",
            json.split(",\"note\"").next().unwrap_or(&json).to_string() + "}",
        ),
        ("long (1,000-char note)", json.clone()),
    ] {
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let start = Instant::now();
            let sealed = seal::seal(&pk, &body, id);
            times.push(start.elapsed().as_secs_f64() * 1e6);
            black_box(sealed.is_ok());
        }
        times.sort_by(f64::total_cmp);
        println!(
            "seal {label}: {} bytes, p50 {:.0} µs, p95 {:.0} µs, max {:.0} µs ({RUNS} runs)",
            body.len(),
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            percentile(&times, 1.0)
        );
    }
    let sealed = seal::seal(&pk, &json, id).map(|b| serde_json::to_string(&b).unwrap_or_default());
    if let Ok(text) = sealed {
        println!(
            "body size: plaintext {} bytes, sealed {} bytes (+{})",
            json.len(),
            text.len(),
            text.len() - json.len()
        );
    }
}
