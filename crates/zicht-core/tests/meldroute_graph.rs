//! The meldroute: the shipped graph's guarantees, the validator on broken graphs,
//! and the walker.

use std::collections::HashSet;

use zicht_core::catalog;
use zicht_core::content::contacts::{Availability, Contact, Phone, RegionPack};
use zicht_core::content::meldroute::{
    Answer, MeldrouteFile, Outcome, Role, Step, StepKind, Walk, WalkError,
};
use zicht_core::content::{ContentError, Source, Text, MELDROUTE_FILE};

fn route() -> &'static MeldrouteFile {
    &catalog().meldroute
}

// ------------------------------------------------------------------ shipped route

#[test]
fn shipped_route_validates() {
    let mut errors = Vec::new();
    route().validate(catalog(), &mut errors);
    assert_eq!(errors, vec![]);
    assert_eq!(route().roles.len(), 5);
    let ids: HashSet<&str> = route().roles.iter().map(|r| r.id.as_str()).collect();
    for role in ["jongerenwerk", "onderwijs", "zorg", "politie", "gemeente"] {
        assert!(ids.contains(role), "role {role}");
    }
}

#[test]
fn every_role_starts_with_danger_and_112() {
    for role in &route().roles {
        let mut walk = Walk::start(route(), &role.id).expect("role starts");
        let first = walk.current(route()).expect("first step");
        assert_eq!(first.kind, StepKind::Question, "{}", role.id);
        assert!(first.danger_check, "{}", role.id);
        assert!(first.title.nl.contains("direct gevaar"), "{}", role.id);
        let yes = first
            .answers
            .iter()
            .position(|a| a.yes)
            .expect("a yes answer");
        walk.answer(route(), yes).expect("answer yes");
        let action = walk.current(route()).expect("112 step");
        assert_eq!(action.kind, StepKind::Action);
        assert_eq!(action.outcome, Some(Outcome::Alarm));
        assert_eq!(action.title.nl, "Bel 112");
        assert_eq!(action.contacts, vec!["112".to_string()]);
        for pack in &catalog().regions {
            let c = pack.contact("112").expect("112 in every pack");
            assert_eq!(c.phones[0].tel_uri(), "tel:112");
        }
    }
}

#[test]
fn every_role_reaches_veilig_thuis_and_police() {
    for role in &route().roles {
        let outcomes = route().role_outcomes(&role.id);
        assert!(
            outcomes.contains(&Outcome::VeiligThuis),
            "{} lacks Veilig Thuis",
            role.id
        );
        assert!(
            outcomes.contains(&Outcome::Politie),
            "{} lacks police",
            role.id
        );
    }
    assert!(route().role_outcomes("gemeente").contains(&Outcome::Iko));
}

/// Every complete walk of every role ends in a final action.
fn all_walks(route: &MeldrouteFile, walk: Walk, out: &mut Vec<Walk>) {
    let step = walk.current(route).expect("step exists");
    if step.is_terminal() {
        out.push(walk);
        return;
    }
    assert!(walk.path.len() < 50, "walk too long: {:?}", walk.path);
    for next in step.successors() {
        let mut w = walk.clone();
        w.go(route, next).expect("edge");
        all_walks(route, w, out);
    }
}

#[test]
fn every_walk_ends_in_an_action_with_a_decision() {
    for role in &route().roles {
        let mut walks = Vec::new();
        all_walks(
            route(),
            Walk::start(route(), &role.id).expect("start"),
            &mut walks,
        );
        assert!(walks.len() >= 3, "{}", role.id);
        for w in &walks {
            assert!(w.is_finished(route()));
            assert!(w.is_valid(route()));
            assert!(
                !w.outcomes(route()).is_empty(),
                "walk without decision: {:?}",
                w.path
            );
        }
    }
}

#[test]
fn meldcode_steps_follow_the_source() {
    let m = route();
    let step = |id: &str| m.step(id).unwrap_or_else(|| panic!("step {id}"));
    assert!(step("mc-4-wegen")
        .body
        .nl
        .contains("Seksuele uitbuiting van een minderjarige telt altijd als acute onveiligheid"));
    assert_eq!(step("mc-5-melden").outcome, Some(Outcome::VeiligThuis));
    assert_eq!(
        step("mc-5-melden").contacts,
        vec!["veilig-thuis".to_string()]
    );
    assert!(step("mc-2-overleg").body.nl.contains("anoniem"));
    assert_eq!(step("gemeente-iko").contacts, vec!["iko".to_string()]);
    assert_eq!(step("politie-avim").outcome, Some(Outcome::Politie));
    for s in &m.steps {
        assert!(!s.source.doc.is_empty(), "{}", s.id);
    }
}

#[test]
fn every_referenced_contact_exists_in_every_pack() {
    for pack in &catalog().regions {
        for id in route().contact_ids() {
            assert!(pack.contact(id).is_some(), "{id} missing in {}", pack.id);
        }
    }
}

// ------------------------------------------------------------------ walker

#[test]
fn walker_moves_back_and_round_trips() {
    let m = route();
    let mut w = Walk::start(m, "zorg").expect("start");
    assert!(!w.back());
    w.answer(m, 1).expect("no danger");
    assert_eq!(w.path, vec!["zorg-gevaar", "zorg-meldcode"]);
    assert_eq!(w.answer(m, 0), Err(WalkError::NotAnOption));
    w.advance(m).expect("to step 1");
    w.advance(m).expect("to step 2");
    assert_eq!(w.advance(m), Err(WalkError::NeedsAnswer));
    w.answer(m, 1).expect("Veilig Thuis advice");
    assert_eq!(
        w.current(m).map(|s| s.id.as_str()),
        Some("mc-2-veilig-thuis")
    );
    assert_eq!(w.outcomes(m), vec![Outcome::Consult]);

    let param = w.to_param();
    assert_eq!(Walk::from_param(m, &param), Some(w.clone()));
    let json = serde_json::to_string(&w).expect("serialise");
    let back: Walk = serde_json::from_str(&json).expect("parse");
    assert_eq!(back, w);

    assert!(w.back());
    assert_eq!(w.current(m).map(|s| s.id.as_str()), Some("mc-2-overleg"));
    assert_eq!(w.go(m, "bel-112"), Err(WalkError::NotAnOption));
    assert_eq!(w.answer(m, 9), Err(WalkError::NotAnOption));

    // Tampered or stale URLs are refused.
    assert_eq!(Walk::from_param(m, "zorg:zorg-gevaar.mc-5-melden"), None);
    assert_eq!(Walk::from_param(m, "nobody:zorg-gevaar"), None);
    assert_eq!(Walk::from_param(m, "zorg"), None);
    assert_eq!(Walk::start(m, "nobody"), Err(WalkError::UnknownRole));

    let mut end = Walk::start(m, "politie").expect("start");
    end.answer(m, 0).expect("danger");
    assert!(end.is_finished(m));
    assert_eq!(end.advance(m), Err(WalkError::Finished));
}

// ------------------------------------------------------------------ broken graphs

fn t(s: &str) -> Text {
    Text {
        nl: format!("{s} nl"),
        en: format!("{s} en"),
    }
}

fn src() -> Source {
    Source {
        doc: "002_b09dbac4a0b784f0.txt".into(),
        section: "Ambitie 3".into(),
        lines: Some("L384".into()),
        url: None,
    }
}

fn question(id: &str, answers: &[&str]) -> Step {
    Step {
        id: id.into(),
        kind: StepKind::Question,
        title: t(id),
        body: t(id),
        answers: answers
            .iter()
            .map(|n| Answer {
                label: t(n),
                next: n.to_string(),
                yes: false,
            })
            .collect(),
        source: src(),
        ..Step::default()
    }
}

fn action(id: &str, next: Option<&str>, outcome: Option<Outcome>) -> Step {
    Step {
        id: id.into(),
        kind: StepKind::Action,
        title: t(id),
        body: t(id),
        next: next.map(str::to_string),
        outcome,
        source: src(),
        ..Step::default()
    }
}

/// A valid two-role graph to break in each test.
fn good() -> MeldrouteFile {
    let mut danger = question("gevaar", &["bel-112", "melden"]);
    danger.danger_check = true;
    danger.answers[0].yes = true;
    let mut alarm = action("bel-112", None, Some(Outcome::Alarm));
    alarm.contacts = vec!["112".into()];
    let mut melden = action("melden", None, Some(Outcome::VeiligThuis));
    melden.contacts = vec!["veilig-thuis".into()];
    MeldrouteFile {
        intro: None,
        roles: vec![Role {
            id: "zorg".into(),
            title: t("zorg"),
            description: t("zorg"),
            start: "gevaar".into(),
        }],
        steps: vec![danger, alarm, melden],
    }
}

fn pack() -> RegionPack {
    let contact = |id: &str, dial: Option<&str>| Contact {
        id: id.into(),
        phones: dial
            .map(|d| Phone {
                dial: d.into(),
                display: d.into(),
                label: t("tel"),
                source: src(),
            })
            .into_iter()
            .collect(),
        availability: Availability::Always,
        ..Contact::default()
    };
    RegionPack {
        id: "test".into(),
        contacts: vec![
            contact("112", Some("112")),
            contact("veilig-thuis", Some("08002000")),
        ],
        ..RegionPack::default()
    }
}

fn errors(m: &MeldrouteFile) -> Vec<ContentError> {
    let mut e = Vec::new();
    m.validate_as(MELDROUTE_FILE, &[pack()], &mut e);
    e
}

fn has(errors: &[ContentError], item: &str, needle: &str) -> bool {
    errors
        .iter()
        .any(|e| e.file == MELDROUTE_FILE && e.item == item && e.message.contains(needle))
}

#[test]
fn good_graph_is_valid() {
    assert_eq!(errors(&good()), vec![]);
}

#[test]
fn dangling_answer_and_next_are_named() {
    let mut m = good();
    m.steps[0].answers[1].next = "nergens".into();
    let e = errors(&m);
    assert!(has(&e, "gevaar", "unknown step \"nergens\""), "{e:?}");
    assert!(e[0]
        .to_string()
        .starts_with("content/meldroute.toml: gevaar: "));
    // The broken edge is reported once, not again as a dead end upstream.
    assert!(!e.iter().any(|e| e.message.contains("dead end")), "{e:?}");

    let mut m = good();
    m.steps[2].next = Some("weg".into());
    assert!(has(&errors(&m), "melden", "unknown step \"weg\""));
}

#[test]
fn dead_ends_are_named() {
    // A question without answers.
    let mut m = good();
    m.steps.push(question("leeg", &[]));
    m.steps[2].next = Some("leeg".into());
    let e = errors(&m);
    assert!(has(&e, "leeg", "dead end"), "{e:?}");

    // A loop with no way out (allowed as a loop, but never ends).
    let mut m = good();
    m.steps[2].next = Some("rond".into());
    let mut rond = action("rond", Some("melden"), None);
    rond.allow_cycle = true;
    m.steps[2].allow_cycle = true;
    m.steps.push(rond);
    let e = errors(&m);
    assert!(has(&e, "melden", "dead end"), "{e:?}");
    assert!(has(&e, "rond", "dead end"), "{e:?}");
}

#[test]
fn unreachable_steps_are_named() {
    let mut m = good();
    m.steps.push(action("wees", None, None));
    let e = errors(&m);
    assert!(has(&e, "wees", "unreachable"), "{e:?}");
}

#[test]
fn missing_source_and_translation_are_named() {
    let mut m = good();
    m.steps[2].source = Source::default();
    m.steps[1].body.en.clear();
    let e = errors(&m);
    assert!(has(&e, "melden", "source: doc is missing"), "{e:?}");
    assert!(has(&e, "bel-112", "English text (en) is missing"), "{e:?}");
}

#[test]
fn cycles_need_permission() {
    let mut m = good();
    // melden → terug → (question) → melden or einde
    m.steps[2].next = Some("terug".into());
    m.steps.push(question("terug", &["melden", "einde"]));
    m.steps.push(action("einde", None, None));
    let e = errors(&m);
    assert!(e.iter().any(|e| e.message.contains("cycle")), "{e:?}");
    m.steps[2].allow_cycle = true;
    assert_eq!(errors(&m), vec![]);
}

#[test]
fn danger_start_is_enforced() {
    let mut m = good();
    m.steps[0].danger_check = false;
    m.steps[0].answers[0].yes = false;
    assert!(has(&errors(&m), "role zorg", "direct-danger question"));

    let mut m = good();
    m.steps[1].contacts.clear();
    assert!(has(&errors(&m), "gevaar", "contact \"112\""));

    let mut m = good();
    m.steps[1].outcome = Some(Outcome::Politie);
    assert!(has(&errors(&m), "gevaar", "outcome \"alarm\""));
}

#[test]
fn unknown_contacts_and_missing_decisions_are_named() {
    let mut m = good();
    m.steps[2].contacts.push("geen-idee".into());
    let e = errors(&m);
    assert!(
        has(
            &e,
            "melden",
            "contact \"geen-idee\" is not in region pack \"test\""
        ),
        "{e:?}"
    );

    let mut m = good();
    m.steps[2].outcome = Some(Outcome::Hulp);
    assert!(has(&errors(&m), "role zorg", "Veilig Thuis or police"));
}

#[test]
fn question_shape_and_body_length_are_checked() {
    let mut m = good();
    m.steps[0].answers.truncate(1);
    assert!(has(&errors(&m), "gevaar", "2-4 answers"));

    let mut m = good();
    m.steps[2].body.nl = "x".repeat(400);
    assert!(has(&errors(&m), "melden", "two lines"));
}
