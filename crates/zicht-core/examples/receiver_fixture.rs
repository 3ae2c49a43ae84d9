//! Observations sealed by the app's own code, for the receiver's browser
//! test and benchmark: they seed a real endpoint through its API.
//!
//! `cargo run --release -p zicht-core --example receiver_fixture -- <count> <seed>`
//!
//! Prints one JSON object: the receiver's key file (and a second, wrong one),
//! the public key and `key_id` to configure on the endpoint, and per
//! observation its plaintext (so the test computes what the screen must
//! show) and its sealed body (what is posted). The same seed gives the same
//! observations and keys; the sealing itself uses fresh randomness.

use serde_json::{json, Value};
use zicht_core::observation::{Area, DayPart, Observation, Worry, SCHEMA};
use zicht_core::seal::{self, PrivateKey};

/// A small deterministic generator (xorshift64*), so a seed reproduces a set.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn bytes16(&mut self) -> [u8; 16] {
        let (a, b) = (self.next(), self.next());
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&a.to_le_bytes());
        out[8..].copy_from_slice(&b.to_le_bytes());
        out
    }
}

/// Notes a professional might write; one holds a postcode, which the guard
/// marks without blocking, so the receiver's screen must mark it.
const NOTES: [&str; 4] = [
    "",
    "Stond lang te wachten bij de ingang, keek steeds op zijn telefoon.",
    "Nieuwe dure jas, zegt dat hij geld verdient met klusjes.",
    "Werd opgehaald bij 2512 AB door een oudere jongen op een scooter.",
];

fn observation(rng: &mut Rng, n: usize) -> Observation {
    let catalog = zicht_core::catalog();
    let signals = &catalog.signals.signals;
    let forms = &catalog.signals.forms;
    let mut chosen: Vec<String> = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let id = signals[rng.below(signals.len())].id.clone();
        if !chosen.contains(&id) {
            chosen.push(id);
        }
    }
    let form_ids: Vec<String> = match rng.below(3) {
        0 => vec![],
        _ => vec![forms[rng.below(forms.len())].id.clone()],
    };
    // Spread over January to November 2026.
    let month = 1 + rng.below(11);
    let day = 1 + rng.below(28);
    let observed_on = format!("2026-{month:02}-{day:02}");
    let worry = [Worry::Acuut, Worry::Zorgelijk, Worry::Twijfel][rng.below(3)];
    Observation {
        id: zicht_core::observation::uuid_v4_from_bytes(rng.bytes16()),
        schema: SCHEMA.to_string(),
        recorded_at: format!("{observed_on}T{:02}:{:02}:00Z", 6 + rng.below(16), n % 60),
        observed_on,
        day_part: Some(DayPart::ALL[rng.below(4)]),
        area: Some(Area {
            gemeente: "den-haag".to_string(),
            wijk: None,
        }),
        setting: None,
        age_band: Default::default(),
        gender: None,
        signals: chosen,
        forms: form_ids,
        recruitment: vec![],
        worry,
        steps_taken: vec![],
        note: NOTES[rng.below(NOTES.len())].to_string(),
        meldroute: None,
        content_version: zicht_core::CONTENT_VERSION.to_string(),
        corrects: None,
        practice: false,
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(17);
    let mut rng = Rng(seed.max(1));
    let ikm = rng.bytes16();
    let key = PrivateKey::derive(&[ikm, ikm].concat());
    let other = PrivateKey::derive(&[rng.bytes16(), rng.bytes16()].concat());
    let public = key.public_key();
    let mut items: Vec<Value> = Vec::with_capacity(count);
    for n in 0..count {
        let o = observation(&mut rng, n);
        let plain = o.to_json();
        let sealed = match seal::seal(&public, &plain, &o.id) {
            Ok(sealed) => sealed,
            Err(e) => {
                eprintln!("sealing failed: {e}");
                std::process::exit(1);
            }
        };
        items.push(json!({ "observation": o, "sealed": sealed }));
    }
    let out = json!({
        "key_file": key.to_key_file(),
        "other_key_file": other.to_key_file(),
        "key_id": public.key_id(),
        "public_key": public.to_base64url(),
        "content_version": zicht_core::CONTENT_VERSION,
        // Catalogue data (not expectations): the test counts per category itself.
        "signal_categories": zicht_core::catalog()
            .signals
            .signals
            .iter()
            .map(|s| (s.id.clone(), Value::String(s.category.clone())))
            .collect::<serde_json::Map<String, Value>>(),
        "items": items,
    });
    println!("{out}");
}
