//! The bundled signal catalogue is complete and valid, and every validation
//! rule names the file and the item it is about.

use std::collections::HashSet;

use zicht_core::content::signals::{
    Category, Caveat, Context, CrimeForm, Figure, Form, KeyFigure, RecruitmentItem,
    RecruitmentKind, Signal, SignalsFile,
};
use zicht_core::content::{ContentError, SIGNALS_FILE, SOURCE_DOCS};
use zicht_core::{catalog, Catalog, Source, Text};

fn text(nl: &str, en: &str) -> Text {
    Text {
        nl: nl.into(),
        en: en.into(),
    }
}

fn source() -> Source {
    Source {
        doc: "003_ffd7c1375f758767.txt".into(),
        section: "§4.1.1".into(),
        lines: Some("L928".into()),
        url: None,
    }
}

fn signal(id: &str, category: &str) -> Signal {
    Signal {
        id: id.into(),
        title: text("Titel", "Title"),
        explanation: text("Uitleg", "Explanation"),
        why: text("Waarom", "Why"),
        category: category.into(),
        contexts: vec![Context::Straat],
        forms: vec![Form::Criminal],
        related: vec![],
        synonyms: vec!["woord".into()],
        source: source(),
    }
}

/// A small catalogue that validates; each test breaks one thing.
fn valid() -> SignalsFile {
    SignalsFile {
        caveat: Caveat {
            title: text("Let op", "Note"),
            text: text("Tekst", "Text"),
            points: vec![text("Punt", "Point")],
            sources: vec![source()],
        },
        categories: vec![Category {
            id: "money".into(),
            title: text("Geld", "Money"),
            description: text("Geld", "Money"),
        }],
        signals: vec![
            signal("blocked-bank-account", "money"),
            signal("cars-in-name", "money"),
        ],
        forms: vec![CrimeForm {
            id: "form-money-mule".into(),
            title: text("Geldezel", "Money mule"),
            explanation: text("Uitleg", "Explanation"),
            figure: Some(Figure {
                percent: 39,
                n: Some(324),
                base: 821,
                computed: false,
            }),
            signals: vec!["blocked-bank-account".into()],
            source: source(),
        }],
        recruitment: vec![RecruitmentItem {
            id: "place-street".into(),
            kind: RecruitmentKind::Place,
            title: text("Straat", "Street"),
            explanation: text("Uitleg", "Explanation"),
            figure: None,
            signals: vec!["cars-in-name".into()],
            source: source(),
        }],
        figures: vec![KeyFigure {
            id: "fig-survey".into(),
            value: text("1.637", "1,637"),
            label: text("professionals", "professionals"),
            note: None,
            figure: None,
            source: source(),
        }],
    }
}

fn signal_errors(signals: SignalsFile) -> Vec<ContentError> {
    let catalog = Catalog {
        signals,
        ..Catalog::default()
    };
    catalog
        .validate()
        .into_iter()
        .filter(|e| e.file == SIGNALS_FILE)
        .collect()
}

/// Exactly one error on `item` whose message contains `needle`; every error
/// names the signals file.
fn assert_error(errors: &[ContentError], item: &str, needle: &str) {
    assert!(
        errors
            .iter()
            .any(|e| e.file == SIGNALS_FILE && e.item == item && e.message.contains(needle)),
        "expected an error on {item:?} containing {needle:?}, got {errors:#?}"
    );
    let shown = errors
        .iter()
        .find(|e| e.item == item)
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(
        shown.starts_with(&format!("{SIGNALS_FILE}: {item}: ")),
        "{shown}"
    );
}

#[test]
fn bundled_catalogue_is_valid() {
    let errors = signal_errors(catalog().signals.clone());
    assert_eq!(errors, vec![]);
}

#[test]
fn bundled_catalogue_is_substantial() {
    let s = &catalog().signals;
    assert!(s.signals.len() >= 50, "only {} signals", s.signals.len());
    assert!(s.categories.len() >= 10);
    assert!(s.forms.len() >= 8);
    assert!(s.recruitment.len() >= 10);
    assert!(s.figures.len() >= 10);
}

#[test]
fn the_small_fixture_is_valid() {
    assert_eq!(signal_errors(valid()), vec![]);
}

#[test]
fn every_category_has_a_signal() {
    let s = &catalog().signals;
    for (category, count) in s.counts_per_category() {
        assert!(count >= 1, "category {} has no signals", category.id);
    }
    let total: usize = s.counts_per_category().iter().map(|(_, n)| n).sum();
    assert_eq!(
        total,
        s.signals.len(),
        "every signal is in a listed category"
    );
}

#[test]
fn every_signal_has_both_languages_and_a_real_source() {
    for s in &catalog().signals.signals {
        for (field, t) in [
            ("title", &s.title),
            ("explanation", &s.explanation),
            ("why", &s.why),
        ] {
            assert!(!t.nl.trim().is_empty(), "{}: {field} nl", s.id);
            assert!(!t.en.trim().is_empty(), "{}: {field} en", s.id);
            assert_ne!(t.nl, t.en, "{}: {field} is not translated", s.id);
        }
        assert!(
            SOURCE_DOCS.contains(&s.source.doc.as_str()),
            "{}: {}",
            s.id,
            s.source.doc
        );
        assert!(!s.source.section.trim().is_empty(), "{}", s.id);
        let lines = s.source.lines.as_deref().unwrap_or("");
        assert!(lines.starts_with('L'), "{}: lines {lines:?}", s.id);
        assert!(!s.synonyms.is_empty(), "{}: no search terms", s.id);
    }
}

// The cited-line check over the whole catalogue is tests/source_lines.rs; it fails,
// rather than skips, when the seed documents are missing.

#[test]
fn key_figures_are_exact() {
    let s = &catalog().signals;
    let f = |id: &str| s.figure(id).unwrap_or_else(|| panic!("missing {id}"));
    assert_eq!(f("fig-survey-size").value.nl, "1.637");
    assert_eq!(f("fig-known-victims-council").value.nl, "68");
    let know = f("fig-know-what-to-do").figure.clone().unwrap_or_default();
    assert_eq!((know.percent, know.n, know.base), (38, Some(308), 821));
    let never = f("fig-never-trained").figure.clone().unwrap_or_default();
    assert_eq!((never.percent, never.n, never.base), (67, Some(1093), 1637));
    let want = f("fig-want-training").figure.clone().unwrap_or_default();
    assert_eq!((want.percent, want.n, want.base), (88, Some(1436), 1637));
    let drugs = s
        .form("form-drugs")
        .and_then(|x| x.figure.clone())
        .unwrap_or_default();
    assert_eq!((drugs.percent, drugs.n), (48, Some(393)));
    let street = s
        .recruitment_item("place-street")
        .and_then(|x| x.figure.clone())
        .unwrap_or_default();
    assert_eq!(
        (street.percent, street.n, street.base),
        (53, Some(434), 821)
    );
}

#[test]
fn lookups_work() {
    let s = &catalog().signals;
    assert!(s.signal("money-in-and-out").is_some());
    assert!(s.signal("no-such-signal").is_none());
    assert!(s.category("money").is_some());
    assert!(s.signals_in("money").all(|x| x.category == "money"));
    assert!(s.recruitment_of(RecruitmentKind::Place).count() >= 5);
    assert!(s.related_to("money-in-and-out").count() >= 1);
    let ids: HashSet<&str> = s.signals.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids.len(), s.signals.len());
}

#[test]
fn duplicate_id_is_reported() {
    let mut s = valid();
    s.signals.push(signal("cars-in-name", "money"));
    assert_error(&signal_errors(s), "cars-in-name", "duplicate id");
}

#[test]
fn ids_are_unique_across_lists() {
    let mut s = valid();
    s.figures[0].id = "blocked-bank-account".into();
    assert_error(&signal_errors(s), "blocked-bank-account", "duplicate id");
}

#[test]
fn malformed_id_is_reported() {
    let mut s = valid();
    s.signals[0].id = "Geld Ezel".into();
    assert_error(&signal_errors(s), "Geld Ezel", "lowercase");
}

#[test]
fn dangling_related_is_reported() {
    let mut s = valid();
    s.signals[0].related = vec!["nope".into()];
    assert_error(
        &signal_errors(s),
        "blocked-bank-account",
        "unknown signal \"nope\"",
    );
}

#[test]
fn self_reference_is_reported() {
    let mut s = valid();
    s.signals[0].related = vec!["blocked-bank-account".into()];
    assert_error(&signal_errors(s), "blocked-bank-account", "itself");
}

#[test]
fn unknown_category_is_reported() {
    let mut s = valid();
    s.signals[1].category = "moneys".into();
    assert_error(
        &signal_errors(s),
        "cars-in-name",
        "unknown category \"moneys\"",
    );
}

#[test]
fn empty_category_is_reported() {
    let mut s = valid();
    s.categories.push(Category {
        id: "online".into(),
        title: text("Online", "Online"),
        description: text("Online", "Online"),
    });
    assert_error(&signal_errors(s), "online", "no signals");
}

#[test]
fn dangling_form_and_recruitment_references_are_reported() {
    let mut s = valid();
    s.forms[0].signals.push("gone".into());
    s.recruitment[0].signals.push("gone-too".into());
    let errors = signal_errors(s);
    assert_error(&errors, "form-money-mule", "unknown signal \"gone\"");
    assert_error(&errors, "place-street", "unknown signal \"gone-too\"");
}

#[test]
fn missing_source_is_reported() {
    let mut s = valid();
    s.signals[0].source = Source::default();
    s.forms[0].source.doc = "999_unknown.txt".into();
    s.figures[0].source.section = " ".into();
    s.caveat.sources.clear();
    let errors = signal_errors(s);
    assert_error(&errors, "blocked-bank-account", "source: doc is missing");
    assert_error(
        &errors,
        "blocked-bank-account",
        "source: section is missing",
    );
    assert_error(&errors, "form-money-mule", "unknown document");
    assert_error(&errors, "fig-survey", "section is missing");
    assert_error(&errors, "caveat", "source is missing");
}

#[test]
fn missing_translation_is_reported() {
    let mut s = valid();
    s.signals[0].title.en = String::new();
    s.signals[1].why.nl = "  ".into();
    s.categories[0].description.en.clear();
    s.caveat.points[0].nl.clear();
    s.recruitment[0].explanation.en.clear();
    let errors = signal_errors(s);
    assert_error(
        &errors,
        "blocked-bank-account",
        "title: English text (en) is missing",
    );
    assert_error(&errors, "cars-in-name", "why: Dutch text (nl) is missing");
    assert_error(&errors, "money", "description: English");
    assert_error(&errors, "caveat", "points[0]: Dutch");
    assert_error(&errors, "place-street", "explanation: English");
}

#[test]
fn empty_or_repeated_contexts_and_forms_are_reported() {
    let mut s = valid();
    s.signals[0].contexts.clear();
    s.signals[0].forms = vec![Form::Sexual, Form::Sexual];
    let errors = signal_errors(s);
    assert_error(
        &errors,
        "blocked-bank-account",
        "needs at least one context",
    );
    assert_error(&errors, "blocked-bank-account", "listed twice");
}

#[test]
fn unknown_context_or_form_does_not_parse() {
    // build.rs reports these parse errors with file:line:column; here we only
    // check that the closed sets reject unknown values.
    let json = serde_json::to_string(&valid()).unwrap_or_default();
    assert!(serde_json::from_str::<SignalsFile>(&json).is_ok());
    let bad_context = json.replacen("\"straat\"", "\"zwembad\"", 1);
    let err = serde_json::from_str::<SignalsFile>(&bad_context)
        .map(|_| ())
        .unwrap_err();
    assert!(err.to_string().contains("zwembad"), "{err}");
    let bad_form = json.replacen("\"criminal\"", "\"financial\"", 1);
    assert!(serde_json::from_str::<SignalsFile>(&bad_form).is_err());
    let bad_kind = json.replacen("\"place\"", "\"plaats\"", 1);
    assert!(serde_json::from_str::<SignalsFile>(&bad_kind).is_err());
}

#[test]
fn inconsistent_figures_are_reported() {
    let mut s = valid();
    s.forms[0].figure = Some(Figure {
        percent: 48,
        n: Some(324),
        base: 821,
        computed: false,
    });
    s.recruitment[0].figure = Some(Figure {
        percent: 10,
        n: Some(900),
        base: 821,
        computed: false,
    });
    s.figures[0].figure = Some(Figure {
        percent: 10,
        n: None,
        base: 0,
        computed: false,
    });
    let errors = signal_errors(s);
    assert_error(&errors, "form-money-mule", "does not match");
    assert_error(&errors, "place-street", "more than base");
    assert_error(&errors, "fig-survey", "base must be");
}

#[test]
fn every_figure_in_the_catalogue_is_consistent() {
    // validate() checks n against percent; also make sure bases are the survey's.
    let s = &catalog().signals;
    let figures = s
        .forms
        .iter()
        .filter_map(|x| x.figure.as_ref())
        .chain(s.recruitment.iter().filter_map(|x| x.figure.as_ref()))
        .chain(s.figures.iter().filter_map(|x| x.figure.as_ref()));
    for f in figures {
        assert!(
            [821, 1637, 240, 363].contains(&f.base),
            "unexpected base {}",
            f.base
        );
    }
}
