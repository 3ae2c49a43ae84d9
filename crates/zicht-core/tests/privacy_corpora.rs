//! Precision and recall of the privacy guard on four labelled sets:
//! - the tuned corpus (`tests/data/privacy_corpus.tsv`), which the scanners
//!   were developed against;
//! - the second to fifth tuning sets (`tests/data/privacy_tuning2.tsv` …
//!   `privacy_tuning5.tsv`): each written as a held-out set by someone told
//!   only the classes of misses in issue 11 and shown no code, measured once
//!   untuned, then tuned on, so they are tuning sets now (the fourth, 864
//!   sentences, measured untuned: phone 0.879, e-mail 0.971, BSN 1.000,
//!   blocking kinds together 0.938; the fifth, 733 sentences with 319 BSNs in
//!   every written form, untuned: phone 0.947, e-mail 0.977, BSN 0.934,
//!   blocking 0.948, name precision 0.721; its writer labelled "Sem (16)" as
//!   name_age and name, relabelled name_age as in the other sets; the
//!   sixth, 452 sentences with 252 BSNs in the forms the earlier sets lacked
//!   (named after the number, key-value and table notes, file names,
//!   country codes and zeros before it, letters after it, cue typos), untuned:
//!   BSN 0.861, phone 0.969, blocking 0.883, harmless wrongly blocked 2/150);
//! - the held-out set (`tests/data/privacy_heldout.tsv`), written the same
//!   way by someone who saw neither the code nor the other sets, and never
//!   used to tune a scanner. Its disagreements are not printed, so that
//!   nobody tunes on them by reading the test output; only its figures are.
//!
//! The thresholds (phone, e-mail and BSN recall ≥ 0.99, blocking kinds
//! ≥ 0.97, harmless notes wrongly blocked ≤ 1%, name precision ≥ 0.8) are
//! asserted on every tuning set and on the held-out set. The held-out set's
//! phone / e-mail / BSN recall went 0.965 / 1.000 / 0.976 at its first
//! measurement, 1.000 / 1.000 / 0.976 after tuning on the fourth and the
//! fifth set, and 1.000 / 1.000 / 1.000 after the sixth; until then it was
//! held to a floor of 0.95, now to the 0.99.
//!
//! `cargo test -p zicht-core --test privacy_corpora -- --nocapture` prints,
//! for every set: per-kind recall and precision, the recall of the blocking
//! kinds together, the share of harmless notes that would be wrongly blocked
//! or get any warning, and (tuning sets only) every disagreement.

use std::collections::{BTreeMap, BTreeSet};

use zicht_core::privacy::{scan, FindingKind};

struct Case {
    line: usize,
    expected: BTreeSet<FindingKind>,
    sentence: String,
}

fn parse(name: &str, text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (labels, sentence) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("{name}:{}: no tab", i + 1));
        let expected = if labels.trim() == "-" {
            BTreeSet::new()
        } else {
            labels
                .split(',')
                .map(|id| {
                    FindingKind::from_id(id.trim())
                        .unwrap_or_else(|| panic!("{name}:{}: unknown kind {id:?}", i + 1))
                })
                .collect()
        };
        cases.push(Case {
            line: i + 1,
            expected,
            sentence: sentence.to_string(),
        });
    }
    cases
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

impl Counts {
    fn precision(self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn recall(self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

/// The kinds a corpus labels: every kind but the long-number warning.
fn labelled() -> impl Iterator<Item = FindingKind> {
    FindingKind::ALL
        .into_iter()
        .filter(|kind| *kind != FindingKind::LongNumber)
}

struct Report {
    sentences: usize,
    counts: BTreeMap<FindingKind, Counts>,
    /// Labelled blocking (sentence, kind) pairs found / all.
    blocking: (usize, usize),
    /// Harmless sentences wrongly blocked / with any finding / all.
    harmless: (usize, usize, usize),
}

fn evaluate(name: &str, cases: &[Case], show_disagreements: bool) -> Report {
    let mut counts: BTreeMap<FindingKind, Counts> = BTreeMap::new();
    let mut disagreements = Vec::new();
    let mut blocking = (0, 0);
    let mut harmless = (0, 0, 0);
    for case in cases {
        let found = scan(&case.sentence);
        let got: BTreeSet<FindingKind> = found.iter().map(|f| f.kind).collect();
        for kind in labelled() {
            let c = counts.entry(kind).or_default();
            let expected = case.expected.contains(&kind);
            let hit = got.contains(&kind);
            if expected && kind.blocks_sending() {
                blocking.1 += 1;
                if hit {
                    blocking.0 += 1;
                }
            }
            match (expected, hit) {
                (true, true) => c.tp += 1,
                (true, false) => {
                    c.fn_ += 1;
                    disagreements.push(format!(
                        "  {name}:{} missed {}: {}",
                        case.line,
                        kind.id(),
                        case.sentence
                    ));
                }
                (false, true) => {
                    c.fp += 1;
                    let what: Vec<&str> = found
                        .iter()
                        .filter(|f| f.kind == kind)
                        .map(|f| f.excerpt.as_str())
                        .collect();
                    disagreements.push(format!(
                        "  {name}:{} false {} {what:?}: {}",
                        case.line,
                        kind.id(),
                        case.sentence
                    ));
                }
                (false, false) => {}
            }
        }
        if case.expected.is_empty() {
            harmless.2 += 1;
            if found.iter().any(|f| f.blocks_sending) {
                harmless.0 += 1;
            }
            if !found.is_empty() {
                harmless.1 += 1;
            }
        }
    }
    println!("\n== {name}: {} sentences", cases.len());
    println!(
        "{:<14} {:>4} {:>4} {:>4} {:>7} {:>9}",
        "kind", "tp", "fp", "fn", "recall", "precision"
    );
    for kind in labelled() {
        let c = counts[&kind];
        println!(
            "{:<14} {:>4} {:>4} {:>4} {:>7.3} {:>9.3}",
            kind.id(),
            c.tp,
            c.fp,
            c.fn_,
            c.recall(),
            c.precision()
        );
    }
    println!(
        "blocking kinds together: recall {:.3} ({}/{})",
        ratio(blocking.0, blocking.1),
        blocking.0,
        blocking.1
    );
    println!(
        "harmless notes wrongly blocked: {:.3} ({}/{}); with any warning: {:.3} ({}/{})",
        ratio(harmless.0, harmless.2),
        harmless.0,
        harmless.2,
        ratio(harmless.1, harmless.2),
        harmless.1,
        harmless.2
    );
    if show_disagreements && !disagreements.is_empty() {
        println!("disagreements:\n{}", disagreements.join("\n"));
    }
    Report {
        sentences: cases.len(),
        counts,
        blocking,
        harmless,
    }
}

/// The sets tuned on: name, file, text.
const TUNING_SETS: &[(&str, &str, &str)] = &[
    (
        "tuned corpus",
        "privacy_corpus.tsv",
        include_str!("data/privacy_corpus.tsv"),
    ),
    (
        "second tuning set",
        "privacy_tuning2.tsv",
        include_str!("data/privacy_tuning2.tsv"),
    ),
    (
        "third tuning set",
        "privacy_tuning3.tsv",
        include_str!("data/privacy_tuning3.tsv"),
    ),
    (
        "fourth tuning set",
        "privacy_tuning4.tsv",
        include_str!("data/privacy_tuning4.tsv"),
    ),
    (
        "fifth tuning set",
        "privacy_tuning5.tsv",
        include_str!("data/privacy_tuning5.tsv"),
    ),
    (
        "sixth tuning set",
        "privacy_tuning6.tsv",
        include_str!("data/privacy_tuning6.tsv"),
    ),
];

#[test]
fn tuned_corpus_and_held_out_set() {
    // Every set is measured and printed before any threshold is checked.
    let reports: Vec<(&str, Report)> = TUNING_SETS
        .iter()
        .map(|(name, file, text)| (*name, evaluate(name, &parse(file, text), true)))
        .collect();
    let held_out = parse(
        "privacy_heldout.tsv",
        include_str!("data/privacy_heldout.tsv"),
    );
    let h = evaluate("held-out set (never tuned on)", &held_out, false);
    for (name, report) in reports.iter().chain([&("held-out set", h)]) {
        assert!(report.sentences >= 300, "{name}: too few sentences");
        assert_thresholds(name, report, 0.99);
    }
    assert_tuned_corpus_per_kind(&reports[0].1);
}

/// The corpus the scanners were written against holds every kind to a
/// threshold of its own, not only the blocking kinds.
fn assert_tuned_corpus_per_kind(report: &Report) {
    let at_least = |kind: FindingKind, recall: f64, precision: f64| {
        let c = report.counts[&kind];
        assert!(
            c.tp + c.fn_ >= 10,
            "tuned corpus: too few {kind:?} examples"
        );
        assert!(
            c.recall() >= recall,
            "tuned corpus: {kind:?} recall {:.3}",
            c.recall()
        );
        assert!(
            c.precision() >= precision,
            "tuned corpus: {kind:?} precision {:.3}",
            c.precision()
        );
    };
    // Structured identifiers: a scanner either parses them or it does not.
    for kind in [
        FindingKind::Phone,
        FindingKind::Email,
        FindingKind::Bsn,
        FindingKind::Iban,
        FindingKind::Postcode,
        FindingKind::LicencePlate,
    ] {
        at_least(kind, 0.99, 0.95);
    }
    for kind in [
        FindingKind::BirthDate,
        FindingKind::NameAge,
        FindingKind::SocialHandle,
        FindingKind::Address,
    ] {
        at_least(kind, 0.85, 0.85);
    }
    at_least(FindingKind::Name, 0.75, 0.75);
    let untouched = 1.0 - ratio(report.harmless.1, report.harmless.2);
    assert!(
        untouched >= 0.9,
        "tuned corpus: too many harmless notes flagged"
    );
}

/// The thresholds on `report`, with `per_kind` as the recall each of
/// phone, e-mail and BSN must reach.
fn assert_thresholds(name: &str, report: &Report, per_kind: f64) {
    for kind in [FindingKind::Phone, FindingKind::Email, FindingKind::Bsn] {
        let c = report.counts[&kind];
        assert!(c.tp + c.fn_ >= 10, "{name}: too few {kind:?} examples");
        assert!(
            c.recall() >= per_kind,
            "{name}: {kind:?} recall {:.3} < {per_kind}",
            c.recall()
        );
    }
    let blocking = ratio(report.blocking.0, report.blocking.1);
    assert!(
        blocking >= 0.97,
        "{name}: blocking-kind recall {blocking:.3}"
    );
    let wrongly_blocked = ratio(report.harmless.0, report.harmless.2);
    assert!(
        wrongly_blocked <= 0.01,
        "{name}: harmless notes wrongly blocked {wrongly_blocked:.3}"
    );
    let names = report.counts[&FindingKind::Name];
    assert!(
        names.precision() >= 0.8,
        "{name}: name precision {:.3}",
        names.precision()
    );
}
