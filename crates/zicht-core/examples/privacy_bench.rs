//! Times the privacy guard the way the form runs it: one full scan of the note
//! on every keystroke. Prints p50/p95/p99/max per keystroke for 1,000-character
//! notes of three kinds (plain prose, many identifiers, many digits), and for
//! typing a note from the first character to the thousandth.
//!
//! `cargo run --release -p zicht-core --example privacy_bench`

use std::hint::black_box;
use std::time::Instant;

use zicht_core::privacy::scan;

const KEYSTROKES: usize = 3_000;

/// CPU time of this thread in µs: unlike wall time, it leaves out the moments
/// the scheduler gives the core to another process (this machine is shared).
#[cfg(target_os = "linux")]
fn cpu_micros() -> f64 {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: clock_gettime only writes the struct we pass; the layout is the
    // C timespec of 64-bit Linux.
    let rc = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) };
    if rc == 0 {
        t.sec as f64 * 1e6 + t.nsec as f64 / 1e3
    } else {
        f64::NAN
    }
}

#[cfg(not(target_os = "linux"))]
fn cpu_micros() -> f64 {
    f64::NAN
}

/// Wall and CPU time of one scan, in µs.
fn timed(text: &str) -> (f64, f64) {
    let cpu = cpu_micros();
    let started = Instant::now();
    let found = scan(black_box(text));
    let wall = started.elapsed().as_secs_f64() * 1e6;
    let cpu = cpu_micros() - cpu;
    black_box(found);
    (wall, cpu)
}

const PROSE: &str =
    "Twee jongens van een jaar of vijftien hingen na schooltijd rond bij de snackbar \
aan het plein. Een oudere jongen in een dure auto kwam langs, gaf ze iets en reed weer weg. \
Ze hadden allebei nieuwe kleding en sneakers, en een van hen had twee telefoons. Volgens de \
conciërge zijn ze de laatste weken vaak afwezig. In het buurthuis vertelde een van hen dat hij \
'klusjes' doet voor iemand die hij alleen via Snapchat kent. Hij leek bang toen ik doorvroeg. ";

const DENSE: &str =
    "Hij gaf zijn nummer 06-12345678 en mailde vanaf jan.jansen [at] gmail punt com; \
BSN 111 222 333 stond op een kopie, rekening NL91 ABNA 0417 1643 00. Woont op de Hoefkade 12, \
2525 AB, auto XK-12-DB. Snap: lil.daan09. Daan (14) en Youssef zaten achterop. Geboren op \
12-03-2010. Via wa.me/31612345678 kreeg hij berichten, ook van +32 470 12 34 56. ";

const DIGITS: &str =
    "Om 13:30 bus 25 en tram 9, groep 8, 3 jongens, €50 per rit, 2 keer per week, \
zaaknummer 123456789, ordernummer 9876543210, schooljaar 2024-2025, 0800-2000 gebeld, \
op 12-03-2024 gezien, 1500 euro contant, 06 - 1 2 3 4 5 6 7 8, nul zes een twee drie vier. ";

fn note_of(text: &str) -> String {
    let mut note = String::new();
    while note.chars().count() < 1000 {
        note.push_str(text);
    }
    note.chars().take(1000).collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(name: &str, samples: Vec<(f64, f64)>) {
    let (mut wall, mut cpu): (Vec<f64>, Vec<f64>) = samples.into_iter().unzip();
    wall.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    println!(
        "{name:<34} {:>8.1} {:>8.1} {:>8.1} {:>8.1}   {:>8.1} {:>8.1} {:>8.1}",
        percentile(&wall, 0.5),
        percentile(&wall, 0.95),
        percentile(&wall, 0.99),
        wall[wall.len() - 1],
        percentile(&cpu, 0.5),
        percentile(&cpu, 0.95),
        percentile(&cpu, 0.99),
    );
}

/// A keystroke at a pseudo-random place: one character replaced by another,
/// so the note stays 1,000 characters and every scan sees a different note.
fn keystrokes(base: &str) -> Vec<(f64, f64)> {
    let chars: Vec<char> = base.chars().collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut times = Vec::with_capacity(KEYSTROKES);
    let alphabet: Vec<char> = "abcdefghijklmnopqrstuvwxyz 0123456789.,-@"
        .chars()
        .collect();
    let mut note = chars.clone();
    for _ in 0..KEYSTROKES {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let at = (seed % note.len() as u64) as usize;
        note[at] = alphabet[(seed >> 32) as usize % alphabet.len()];
        let text: String = note.iter().collect();
        times.push(timed(&text));
    }
    times
}

/// Typing the note character by character: a scan after each.
fn typing(base: &str) -> Vec<(f64, f64)> {
    let mut times = Vec::with_capacity(1000);
    let mut text = String::with_capacity(base.len());
    for c in base.chars() {
        text.push(c);
        times.push(timed(&text));
    }
    times
}

fn main() {
    // Warm up (page in the word lists, fill caches).
    for _ in 0..200 {
        black_box(scan(black_box(DENSE)));
    }
    let (not_names, first, word) = zicht_core::privacy::list_sizes();
    println!(
        "privacy guard: {KEYSTROKES} keystrokes per 1,000-character note; word lists: {not_names} not-names, {first} first names, {word} word-names\n"
    );
    println!(
        "{:<34} {:>8} {:>8} {:>8} {:>8}   {:>8} {:>8} {:>8}",
        "µs per keystroke (full scan)", "wall p50", "p95", "p99", "max", "cpu p50", "p95", "p99"
    );
    for (name, text) in [
        ("prose", PROSE),
        ("dense identifiers", DENSE),
        ("digits", DIGITS),
    ] {
        let note = note_of(text);
        let findings = scan(&note).len();
        report(&format!("{name} ({findings} findings)"), keystrokes(&note));
    }
    for (name, text) in [
        ("typing prose 1..1000", PROSE),
        ("typing dense 1..1000", DENSE),
    ] {
        report(name, typing(&note_of(text)));
    }
    println!(
        "\nbudget: p95 ≤ 2,000 µs per keystroke for a 1,000-character note (native).\n\
         Wall time includes time the scheduler lends the core to other processes;\n\
         on a shared machine compare the cpu columns (this thread's CPU time)."
    );
}
