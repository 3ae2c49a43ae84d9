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
        let action = walk.current(route()).expect("alarm step");
        assert_eq!(action.kind, StepKind::Action);
        assert_eq!(action.outcome, Some(Outcome::Alarm));
        if role.emergency_service {
            // The police are not told to call the police.
            assert!(!action.contacts.iter().any(|c| c == "112"), "{}", role.id);
            assert!(!action.title.nl.contains("112"), "{}", role.id);
        } else {
            assert_eq!(action.title.nl, "Bel 112");
            assert_eq!(action.contacts, vec!["112".to_string()]);
        }
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
    // An allowed loop (weigh again after advice) is walked once.
    for next in step.successors() {
        if walk.path.iter().any(|p| p == next) {
            continue;
        }
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
    // A pack with a regional note (the national one) says where the rest is.
    for pack in catalog()
        .regions
        .iter()
        .filter(|p| p.regional_note.is_none())
    {
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

    // Danger does not end the route; its last step does.
    let mut end = Walk::start(m, "politie").expect("start");
    end.answer(m, 0).expect("danger");
    assert!(!end.is_finished(m));
    assert!(Walk::from_param(m, "politie:politie-gevaar.politie-spoed").is_some());
    for to in [
        "politie-slachtoffer",
        "politie-avim",
        "politie-veilig-thuis-vraag",
        "politie-zorgcoordinatie",
        "politie-casusoverleg",
        "politie-comensha",
    ] {
        end.go(m, to).unwrap_or_else(|e| panic!("{to}: {e:?}"));
    }
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
    let mut alarm = action("bel-112", Some("melden"), Some(Outcome::Alarm));
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
            emergency_service: false,
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

// ------------------------------------------------------------------ issue 16: the route after 112

/// The step the danger question's `yes` leads to, for `role`.
fn alarm_of(role: &str) -> &'static Step {
    let m = route();
    let start = m.step(&m.role(role).expect("role").start).expect("start");
    let yes = start.answers.iter().find(|a| a.yes).expect("yes");
    m.step(&yes.next).expect("alarm step")
}

fn reachable_after(step: &Step) -> HashSet<String> {
    step.successors()
        .iter()
        .flat_map(|n| route().reachable_from(n))
        .collect()
}

#[test]
fn after_112_the_route_goes_on_to_veilig_thuis_and_the_trafficking_route() {
    let bel = route().step("bel-112").expect("bel-112");
    let next = route()
        .step(bel.next.as_deref().expect("bel-112 goes on"))
        .expect("next step");
    assert_eq!(next.outcome, Some(Outcome::VeiligThuis), "{}", next.id);
    assert!(next.contacts.iter().any(|c| c == "veilig-thuis"));
    assert!(
        next.body.nl.contains("SHOP of CoMensha"),
        "{}",
        next.body.nl
    );
    for role in &route().roles {
        let after = reachable_after(alarm_of(&role.id));
        let outcomes: HashSet<Outcome> = after
            .iter()
            .filter_map(|id| route().step(id).and_then(|s| s.outcome))
            .collect();
        assert!(
            outcomes.contains(&Outcome::VeiligThuis),
            "{}: no Veilig Thuis after the alarm",
            role.id
        );
        assert!(
            outcomes.contains(&Outcome::Hulp),
            "{}: no care coordination after the alarm",
            role.id
        );
    }
}

#[test]
fn no_police_step_says_bel_112_and_avim_is_internal() {
    let police = route().role("politie").expect("politie");
    assert!(police.emergency_service);
    for id in route().reachable_from(&police.start) {
        let s = route().step(&id).expect("step");
        let text = format!("{} {}", s.title.nl, s.body.nl).to_lowercase();
        assert!(!text.contains("112"), "{id}: {text}");
        assert!(!s.contacts.iter().any(|c| c == "112"), "{id}");
    }
    let spoed = alarm_of("politie");
    assert!(spoed.body.nl.contains("meldkamer"), "{}", spoed.body.nl);
    assert!(spoed.derived);
    let avim = route().step("politie-avim").expect("avim");
    assert!(
        avim.contacts.is_empty(),
        "no public number at the internal step"
    );
    assert!(avim.body.nl.contains("staat niet in de bronnen"));
}

#[test]
fn police_route_has_cit_casusoverleg_and_uses_jeugdbescherming() {
    let reach = route().reachable_from(&route().role("politie").expect("politie").start);
    let contacts: HashSet<&str> = reach
        .iter()
        .filter_map(|id| route().step(id))
        .flat_map(|s| s.contacts.iter().map(String::as_str))
        .collect();
    assert!(contacts.contains("jeugdbescherming-west"));
    assert!(contacts.contains("casusoverleg-18-min"));
    let overleg = route().step("politie-casusoverleg").expect("casusoverleg");
    for who in ["8 weken", "AVIM", "CJG", "SHOP", "CIT"] {
        assert!(overleg.body.nl.contains(who), "{who}");
    }
    assert!(route().contact_ids().contains("jeugdbescherming-west"));
}

#[test]
fn ask_advice_leads_back_to_weighing() {
    let advies = route().step("mc-4-advies").expect("mc-4-advies");
    assert_eq!(advies.next.as_deref(), Some("mc-4-wegen"));
    assert!(route().step("mc-4-wegen").expect("wegen").allow_cycle);
    let mut w = Walk::start(route(), "zorg").expect("start");
    for to in [
        "zorg-meldcode",
        "mc-1-signalen",
        "mc-2-overleg",
        "mc-2-collega",
        "mc-delen",
        "mc-3-gesprek",
        "mc-4-wegen",
        "mc-4-advies",
        "mc-4-wegen",
        "mc-5-melden",
    ] {
        w.go(route(), to).unwrap_or_else(|e| panic!("{to}: {e:?}"));
    }
    assert!(w.is_valid(route()));
}

#[test]
fn no_age_21_rule_splits_the_route() {
    for s in &route().steps {
        if s.kind == StepKind::Question {
            let text = format!("{} {}", s.title.nl, s.body.nl);
            assert!(!text.contains("21"), "{}: {text}", s.id);
        }
    }
    let zc = route()
        .step("politie-zorgcoordinatie")
        .expect("zorgcoordinatie");
    assert!(
        zc.contacts.contains(&"shop-jeugd".to_string())
            && zc.contacts.contains(&"shop".to_string())
    );
    assert!(zc.body.nl.contains("per persoon"));
}

#[test]
fn without_an_aandachtsfunctionaris_there_is_an_alternative() {
    let overleg = route().step("mc-2-overleg").expect("mc-2-overleg");
    let alt = overleg
        .answers
        .iter()
        .filter_map(|a| route().step(&a.next))
        .find(|s| s.id.contains("geen-aandachtsfunctionaris"))
        .expect("an answer for organisations without one");
    assert!(alt.contacts.contains(&"veilig-thuis".to_string()));
    assert!(alt.contacts.contains(&"shop-jeugd".to_string()));
    assert!(!alt.contacts.contains(&"aandachtsfunctionaris".to_string()));
}

#[test]
fn steps_in_the_apps_own_order_are_marked_derived() {
    for id in [
        "na-112-veilig-thuis",
        "na-112-minderjarig",
        "na-112-cit",
        "mc-2-geen-aandachtsfunctionaris",
        "mc-4-advies",
        "mc-delen",
        "politie-spoed",
        "politie-slachtoffer",
        "politie-avim",
        "politie-veilig-thuis-vraag",
        "politie-veilig-thuis",
        "politie-zorgcoordinatie",
        "politie-casusoverleg",
        "politie-comensha",
        "gemeente-iko",
        "gemeente-meldcode-vraag",
    ] {
        assert!(
            route().step(id).unwrap_or_else(|| panic!("{id}")).derived,
            "{id}"
        );
    }
    // The meldcode's own five steps are the source's order.
    for id in [
        "mc-1-signalen",
        "mc-2-overleg",
        "mc-3-gesprek",
        "mc-4-wegen",
        "mc-5-melden",
    ] {
        let s = route().step(id).expect("meldcode step");
        assert!(!s.derived || id == "mc-3-gesprek", "{id}");
    }
}

#[test]
fn validator_refuses_112_for_an_emergency_service_and_a_stop_after_the_alarm() {
    let mut m = good();
    m.roles[0].emergency_service = true;
    let e = errors(&m);
    assert!(has(&e, "bel-112", "must not be sent to 112"), "{e:?}");
    m.steps[1].contacts.clear();
    assert_eq!(errors(&m), vec![]);

    let mut m = good();
    m.steps[1].next = None;
    assert!(has(
        &errors(&m),
        "bel-112",
        "go on to a Veilig Thuis report"
    ));
}

#[test]
fn a_pack_with_a_regional_note_may_leave_out_route_contacts() {
    let mut m = good();
    m.steps[2].contacts.push("shop-jeugd".into());
    let mut p = pack();
    let mut e = Vec::new();
    m.validate_as(MELDROUTE_FILE, &[p.clone()], &mut e);
    assert!(
        e.iter()
            .any(|e| e.message.contains("\"shop-jeugd\" is not in region pack")),
        "{e:?}"
    );
    p.regional_note = Some(t("eigen organisatie"));
    let mut e = Vec::new();
    m.validate_as(MELDROUTE_FILE, &[p], &mut e);
    assert_eq!(e, vec![]);
}
