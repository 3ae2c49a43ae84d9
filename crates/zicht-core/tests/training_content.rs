//! The bundled training content is complete and valid, every reference resolves,
//! and a broken training file fails validation naming the file and the item.

use std::collections::HashSet;

use zicht_core::content::training::{Case, Choice, Statement, Theme, TrainingFile};
use zicht_core::content::{ContentError, SOURCE_DOCS, TRAINING_FILE};
use zicht_core::training::{answer_case, answer_statement, walk_to, TrainingScores};
use zicht_core::{catalog, Catalog};

fn training() -> &'static TrainingFile {
    &catalog().training
}

fn training_errors(training: TrainingFile) -> Vec<ContentError> {
    let catalog = Catalog {
        training,
        ..catalog().clone()
    };
    catalog
        .validate()
        .into_iter()
        .filter(|e| e.file == TRAINING_FILE)
        .collect()
}

fn has(errors: &[ContentError], item: &str, needle: &str) -> bool {
    errors
        .iter()
        .any(|e| e.file == TRAINING_FILE && e.item == item && e.message.contains(needle))
}

#[test]
fn shipped_training_is_valid() {
    assert_eq!(training_errors(training().clone()), vec![]);
}

#[test]
fn enough_cases_covering_every_theme() {
    let t = training();
    assert!(t.cases.len() >= 8, "{} cases", t.cases.len());
    assert_eq!(t.uncovered_themes(), vec![], "themes without a case");
    for theme in Theme::ALL {
        assert_eq!(Theme::from_code(theme.code()), Some(theme));
        assert!(t.cases_with(theme).count() >= 1, "{}", theme.code());
    }
}

#[test]
fn enough_statements_both_true_and_false() {
    let t = training();
    assert!(
        t.statements.len() >= 20,
        "{} statements",
        t.statements.len()
    );
    let trues = t.statements.iter().filter(|s| s.is_true).count();
    assert!(
        trues >= 5 && t.statements.len() - trues >= 5,
        "{trues} true"
    );
}

#[test]
fn every_reference_resolves() {
    let c = catalog();
    for case in &training().cases {
        assert!(c.meldroute.role(&case.role).is_some(), "{}", case.id);
        for s in case.signals.iter().chain(&case.distractors) {
            assert!(c.signals.signal(s).is_some(), "{}: {s}", case.id);
        }
        let present: HashSet<&String> = case.signals.iter().collect();
        assert!(
            case.distractors.iter().all(|d| !present.contains(d)),
            "{}",
            case.id
        );
        assert!((3..=4).contains(&case.choices.len()), "{}", case.id);
        assert!(!case.correct_choices().is_empty(), "{}", case.id);
        for ch in &case.choices {
            assert!(ch.step.is_some() || ch.contact.is_some(), "{}", case.id);
            if let Some(step) = &ch.step {
                // The UI can open the meldroute right at the step.
                let walk = walk_to(&c.meldroute, ch.role_in(case), step);
                assert!(walk.is_some(), "{}: {step}", case.id);
            }
            if let Some(contact) = &ch.contact {
                assert!(
                    c.regions.iter().any(|p| p.contact(contact).is_some()),
                    "{}: {contact}",
                    case.id
                );
            }
        }
        for src in std::iter::once(&case.source).chain(&case.more_sources) {
            assert!(SOURCE_DOCS.contains(&src.doc.as_str()), "{}", case.id);
        }
    }
    for s in &training().statements {
        for src in std::iter::once(&s.source).chain(&s.more_sources) {
            assert!(SOURCE_DOCS.contains(&src.doc.as_str()), "{}", s.id);
        }
    }
}

#[test]
fn texts_are_bilingual_and_cases_fictional() {
    for case in &training().cases {
        for t in [&case.title, &case.situation, &case.takeaway] {
            assert!(
                !t.nl.trim().is_empty() && !t.en.trim().is_empty(),
                "{}",
                case.id
            );
        }
        assert!(
            case.situation.nl.contains("verzonnen") && case.situation.en.contains("invented"),
            "{}: say the people are invented",
            case.id
        );
        for ch in &case.choices {
            assert!(!ch.feedback.nl.trim().is_empty() && !ch.feedback.en.trim().is_empty());
        }
    }
}

#[test]
fn direct_danger_case_expects_112() {
    let case = training().case("mannen-voor-de-deur").expect("case");
    let right: Vec<&Choice> = case.choices.iter().filter(|c| c.correct).collect();
    assert_eq!(right.len(), 1);
    assert_eq!(right[0].step.as_deref(), Some("bel-112"));
    // And no other case treats 112 as the next step.
    for other in training().cases.iter().filter(|c| c.id != case.id) {
        assert!(
            other
                .choices
                .iter()
                .all(|c| !(c.correct && c.step.as_deref() == Some("bel-112"))),
            "{}",
            other.id
        );
    }
}

#[test]
fn figures_in_statements_are_exact() {
    let t = training();
    let training_stmt = t.statement("nooit-getraind").expect("statement");
    for needle in ["67%", "1.637", "1.093", "88%", "1.436"] {
        assert!(training_stmt.explanation.nl.contains(needle), "{needle}");
    }
    for needle in ["1,637", "1,093", "1,436"] {
        assert!(training_stmt.explanation.en.contains(needle), "{needle}");
    }
    let places = t.statement("ronselen-vooral-online").expect("statement");
    for needle in ["53%", "32%", "29%", "n=821"] {
        assert!(places.explanation.nl.contains(needle), "{needle}");
    }
    let coercion = t.statement("geweld-nodig").expect("statement");
    for needle in ["47%", "43%", "38%"] {
        assert!(coercion.explanation.en.contains(needle), "{needle}");
    }
}

#[test]
fn answering_shipped_content_and_storing_scores() {
    let t = training();
    let case = t.case("geld-erop-geld-eraf").expect("case");
    let all: Vec<&str> = case.signals.iter().map(String::as_str).collect();
    let right = case.correct_choices()[0];
    let r = answer_case(t, &case.id, &all, right).unwrap();
    assert!(r.signals.is_perfect() && r.choice_correct);

    let s = answer_statement(t, "dader-geen-slachtoffer", false).unwrap();
    assert!(s.correct);

    let mut scores = TrainingScores::default();
    scores.record_case(&r);
    scores.record_statement(&s);
    let restored = TrainingScores::from_json(&scores.to_json());
    assert_eq!(restored, scores);
    let sum = restored.summary(t);
    assert_eq!((sum.cases_done, sum.cases_perfect), (1, 1));
    assert_eq!(sum.statements_correct, 1);
    assert_eq!(sum.cases_total as usize, t.cases.len());
}

fn broken_case() -> Case {
    training().cases[0].clone()
}

#[test]
fn broken_training_file_names_file_and_item() {
    let mut t = training().clone();

    let mut dup = broken_case();
    dup.title.en.clear();
    t.cases.push(dup.clone());

    let mut c = broken_case();
    c.id = "kapotte-casus".into();
    c.role = "brandweer".into();
    c.signals.push("no-such-signal".into());
    c.distractors.push(c.signals[0].clone());
    c.source.doc = "005_unknown.txt".into();
    for ch in &mut c.choices {
        ch.correct = false;
    }
    c.choices[0].step = Some("no-such-step".into());
    c.choices[1].contact = Some("no-such-contact".into());
    c.choices[2].step = None;
    c.choices[2].contact = None;
    c.choices[2].feedback.nl = " ".into();
    t.cases.push(c);

    let mut wrong_route = broken_case();
    wrong_route.id = "verkeerde-route".into();
    wrong_route.choices[0].step = Some("gemeente-iko".into());
    wrong_route.choices[0].role = None;
    wrong_route.choices.truncate(2);
    t.cases.push(wrong_route);

    t.statements.push(Statement {
        id: "Kapotte Stelling".into(),
        statement: zicht_core::Text {
            nl: "Stelling".into(),
            en: String::new(),
        },
        is_true: true,
        explanation: zicht_core::Text::default(),
        source: zicht_core::Source::default(),
        more_sources: vec![],
    });

    let errors = training_errors(t);
    let first = &training().cases[0].id;
    assert!(has(&errors, first, "duplicate id"), "{errors:#?}");
    assert!(has(&errors, first, "title: English text (en) is missing"));
    assert!(has(
        &errors,
        "kapotte-casus",
        "unknown meldroute role \"brandweer\""
    ));
    assert!(has(
        &errors,
        "kapotte-casus",
        "unknown signal \"no-such-signal\""
    ));
    assert!(has(&errors, "kapotte-casus", "listed twice"));
    assert!(has(&errors, "kapotte-casus", "unknown document"));
    assert!(has(&errors, "kapotte-casus", "at least one correct choice"));
    assert!(has(
        &errors,
        "kapotte-casus",
        "unknown meldroute step \"no-such-step\""
    ));
    assert!(has(
        &errors,
        "kapotte-casus",
        "contact \"no-such-contact\" is in no region pack"
    ));
    assert!(has(
        &errors,
        "kapotte-casus",
        "choice 3: needs a meldroute step or a contact"
    ));
    assert!(has(
        &errors,
        "kapotte-casus",
        "choice 3 feedback: Dutch text (nl) is missing"
    ));
    assert!(has(&errors, "verkeerde-route", "not on the route of role"));
    assert!(has(&errors, "verkeerde-route", "needs 3-4 choices, has 2"));
    assert!(has(&errors, "Kapotte Stelling", "id must be lowercase"));
    assert!(has(
        &errors,
        "Kapotte Stelling",
        "statement: English text (en) is missing"
    ));
    assert!(has(
        &errors,
        "Kapotte Stelling",
        "explanation: Dutch text (nl) is missing"
    ));
    assert!(has(&errors, "Kapotte Stelling", "source: doc is missing"));
    // Rendered as the build prints it.
    let line = errors
        .iter()
        .find(|e| e.item == "kapotte-casus")
        .unwrap()
        .to_string();
    assert!(
        line.starts_with("content/training.toml: kapotte-casus: "),
        "{line}"
    );
}

#[test]
fn empty_training_file_is_refused() {
    let errors = training_errors(TrainingFile::default());
    assert!(has(&errors, "cases", "no cases"));
    assert!(has(&errors, "statements", "no statements"));
}

#[test]
fn validate_as_uses_the_given_file_name() {
    let mut t = training().clone();
    t.statements[0].explanation.en.clear();
    let mut errors = Vec::new();
    t.validate_as("elders/training.toml", catalog(), &mut errors);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].file, "elders/training.toml");
    assert_eq!(errors[0].item, t.statements[0].id);
}
