//! Region packs beyond Den Haag: the national pack, the route with it, the
//! choice of region, packs a deployment serves (checked on the device with the
//! build's validator) and the authors' checker `zicht-content`.

use zicht_core::catalog;
use zicht_core::content::contacts::RegionPack;
use zicht_core::content::meldroute::{StepKind, Walk};
use zicht_core::regions::{
    self, check_served_json, line_of_id, on_fetched, options, select, step_contacts, validate_pack,
    CachedPack, Chosen, Refusal, StepContact, Update,
};
use zicht_core::Lang;

fn bundled(id: &str) -> &'static RegionPack {
    catalog()
        .regions
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("pack {id}"))
}

fn national() -> &'static RegionPack {
    bundled(regions::NATIONAL)
}

fn json(pack: &RegionPack) -> String {
    serde_json::to_string_pretty(pack).expect("serialises")
}

// ------------------------------------------------------------------ national pack

#[test]
fn national_pack_holds_only_national_sourced_contacts() {
    let n = national();
    assert_eq!(n.name.nl, "Elders in Nederland");
    assert!(n.is_national(), "the national pack needs a regional_note");
    let note = &n.regional_note.as_ref().expect("regional note").nl;
    for word in [
        "eigen organisatie",
        "gemeente",
        "AVIM",
        "jeugdbescherming",
        "zorgcoördinator",
    ] {
        assert!(
            note.contains(word),
            "regional note should name {word:?}: {note}"
        );
    }
    let dials = |id: &str| -> Vec<&str> {
        n.contact(id)
            .unwrap_or_else(|| panic!("{id} missing"))
            .phones
            .iter()
            .map(|p| p.dial.as_str())
            .collect()
    };
    assert_eq!(dials("112"), vec!["112"]);
    assert_eq!(dials("politie"), vec!["09008844"]);
    assert_eq!(dials("veilig-thuis"), vec!["08002000"]);
    assert_eq!(dials("meld-misdaad-anoniem"), vec!["08007000"]);
    assert_eq!(dials("arbeidsinspectie"), vec!["08005151"]);
    assert!(n.contact("comensha").is_some());
    // Regional organisations of Haaglanden are not national.
    for id in [
        "shop",
        "shop-jeugd",
        "cjg",
        "jeugdbescherming-west",
        "iko",
        "veiligheidshuis",
        "aandachtsfunctionaris",
        "casusoverleg-18-min",
    ] {
        assert!(n.contact(id).is_none(), "{id} is regional, not national");
    }
    // Every number has a source, every contact a date; none without areas.
    for c in &n.contacts {
        assert!(!c.verified_on.is_empty(), "{}", c.id);
        for p in &c.phones {
            assert!(!p.source.section.is_empty(), "{} {}", c.id, p.dial);
        }
    }
    assert!(n.areas.is_empty());
}

#[test]
fn national_numbers_match_haaglanden_where_both_have_them() {
    let h = bundled("haaglanden");
    for c in &national().contacts {
        if let Some(other) = h.contact(&c.id) {
            let a: Vec<_> = c.phones.iter().map(|p| &p.dial).collect();
            let b: Vec<_> = other.phones.iter().map(|p| &p.dial).collect();
            assert_eq!(a, b, "{}", c.id);
        }
    }
}

#[test]
fn bundled_packs_pass_the_served_rules_too() {
    for pack in &catalog().regions {
        assert_eq!(validate_pack(pack, catalog(), false), vec![], "{}", pack.id);
        assert_eq!(validate_pack(pack, catalog(), true), vec![], "{}", pack.id);
    }
}

// ------------------------------------------------------------------ route with the national pack

#[test]
fn every_route_step_resolves_with_the_national_pack() {
    let route = &catalog().meldroute;
    let n = national();
    assert_eq!(regions::unresolved(route, n), vec![]);
    let mut asked = 0;
    for step in &route.steps {
        let shown = step_contacts(step, n);
        if step.contacts.is_empty() {
            assert!(shown.is_empty());
            continue;
        }
        assert!(!shown.is_empty(), "{}: nothing to show", step.id);
        let listed = shown
            .iter()
            .filter(|s| matches!(s, StepContact::Listed(_)))
            .count();
        let missing = step
            .contacts
            .iter()
            .filter(|c| n.contact(c).is_none())
            .count();
        assert_eq!(listed, step.contacts.len() - missing, "{}", step.id);
        let own = shown
            .iter()
            .filter(|s| matches!(s, StepContact::AskOwnOrganisation(_)))
            .count();
        assert_eq!(
            own,
            usize::from(missing > 0),
            "{}: one 'ask your own organisation' line",
            step.id
        );
        asked += own;
    }
    assert!(asked > 0, "some steps name regional contacts");
    // The danger action still lists 112 itself.
    let alarm = route
        .steps
        .iter()
        .find(|s| s.contacts.iter().any(|c| c == "112"))
        .expect("a 112 step");
    assert!(matches!(step_contacts(alarm, n)[0], StepContact::Listed(c) if c.id == "112"));
}

#[test]
fn every_walk_of_every_role_resolves_with_every_bundled_pack() {
    let route = &catalog().meldroute;
    for pack in &catalog().regions {
        for role in &route.roles {
            // Bounded depth-first walk over the route's answers and nexts.
            let mut stack = vec![Walk::start(route, &role.id).expect("start")];
            let mut visited = 0;
            while let Some(walk) = stack.pop() {
                visited += 1;
                assert!(visited < 20_000, "walks of {} do not end", role.id);
                let step = walk.current(route).expect("step");
                for id in &step.contacts {
                    let covered = pack.contact(id).is_some() || pack.regional_note.is_some();
                    assert!(covered, "{}: {} on {} of {}", pack.id, id, step.id, role.id);
                }
                if walk.path.len() > 40 {
                    continue; // a loop marked allow_cycle; its steps were seen
                }
                match step.kind {
                    StepKind::Question => {
                        for i in 0..step.answers.len() {
                            let mut next = walk.clone();
                            next.answer(route, i).expect("answer");
                            if !walk.path.contains(next.path.last().expect("last")) {
                                stack.push(next);
                            }
                        }
                    }
                    StepKind::Action => {
                        let mut next = walk.clone();
                        if next.advance(route).is_ok()
                            && !walk.path.contains(next.path.last().expect("last"))
                        {
                            stack.push(next);
                        }
                    }
                }
            }
        }
    }
}

// ------------------------------------------------------------------ choice

#[test]
fn the_choice_follows_user_then_deployment_then_default() {
    let all = &catalog().regions;
    let opts = options(all, None);
    assert_eq!(
        opts.last().map(|p| p.id.as_str()),
        Some(regions::NATIONAL),
        "national last"
    );

    let s = select(&opts, None, None, None).expect("a pack");
    assert_eq!((s.pack.id.as_str(), s.how), ("haaglanden", Chosen::Default));
    assert!(s.needs_confirmation());

    let s = select(&opts, Some("nederland"), Some("haaglanden"), None).expect("a pack");
    assert_eq!((s.pack.id.as_str(), s.how), ("nederland", Chosen::User));
    assert!(!s.needs_confirmation());

    // A stored choice that no longer exists falls back to the preset.
    let s = select(&opts, Some("weg"), Some("nederland"), None).expect("a pack");
    assert_eq!(
        (s.pack.id.as_str(), s.how),
        ("nederland", Chosen::Deployment)
    );
    assert!(s.needs_confirmation());

    assert!(select(&[], None, None, None).is_none());
}

#[test]
fn a_served_pack_is_offered_first_and_replaces_a_bundled_one_with_its_id() {
    let all = &catalog().regions;
    let mut own = national().clone();
    own.id = "utrecht".into();
    own.name.nl = "Utrecht".into();
    own.regional_note = None; // a regional pack: it must hold the route's contacts
    let opts = options(all, Some(&own));
    assert_eq!(opts[0].id, "utrecht");
    assert_eq!(opts.len(), all.len() + 1);
    let s = select(&opts, None, None, Some("utrecht")).expect("a pack");
    assert_eq!((s.pack.id.as_str(), s.how), ("utrecht", Chosen::Deployment));

    let mut newer = bundled("haaglanden").clone();
    newer.version = Some("2027-01-01.1".into());
    let opts = options(all, Some(&newer));
    assert_eq!(opts.len(), all.len());
    let h = opts
        .iter()
        .find(|p| p.id == "haaglanden")
        .expect("haaglanden");
    assert_eq!(h.version.as_deref(), Some("2027-01-01.1"));
}

// ------------------------------------------------------------------ served packs

#[test]
fn a_good_served_pack_passes_the_device_check() {
    let text = json(national());
    let pack = check_served_json("/regio.json", &text, catalog()).expect("valid");
    assert_eq!(&pack, national());
}

#[test]
fn syntax_and_unknown_fields_are_refused_with_their_line() {
    let text =
        "{\n  \"id\": \"x\",\n  \"name\": {\"nl\": \"X\", \"en\": \"X\"},\n  \"colour\": 3\n}";
    match check_served_json("/regio.json", text, catalog()) {
        Err(Refusal::Syntax(e)) => {
            assert_eq!(e.line, 4, "{e}");
            assert!(e.message.contains("colour"), "{e}");
            assert!(e.to_string().starts_with("/regio.json:4:"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    match check_served_json("/regio.json", "{\n\"id\": \"x\",,\n}", catalog()) {
        Err(Refusal::Syntax(e)) => assert_eq!(e.line, 2, "{e}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn content_errors_are_refused_on_the_line_of_their_item() {
    let mut broken = national().clone();
    broken.version = None;
    let phone = broken
        .contacts
        .iter_mut()
        .find(|c| c.id == "politie")
        .expect("politie");
    phone.phones[0].display = "0900-8845".into();
    let text = json(&broken);
    let Err(Refusal::Invalid(errors)) = check_served_json("/regio.json", &text, catalog()) else {
        panic!("must be refused");
    };
    let politie_line = line_of_id(&text, "politie").expect("line");
    let pack_line = line_of_id(&text, "nederland").expect("line");
    assert!(
        errors.iter().any(|e| e.line == politie_line
            && e.item.as_deref() == Some("politie")
            && e.message.contains("other digits")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.line == pack_line && e.message.contains("version is missing")),
        "{errors:?}"
    );
    let reason = Refusal::Invalid(errors).reason(Lang::Nl);
    assert!(
        reason.contains("fout(en)") && reason.contains("regel"),
        "{reason}"
    );
}

#[test]
fn a_served_pack_without_112_or_route_contacts_is_refused() {
    let mut p = bundled("haaglanden").clone();
    p.contacts.retain(|c| c.id != "112" && c.id != "shop-jeugd");
    let errors = validate_pack(&p, catalog(), true);
    assert!(
        errors.iter().any(|e| e.message.contains("dialling 112")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("\"shop-jeugd\" is not in region pack")),
        "{errors:?}"
    );
    let Err(refusal) = check_served_json("/regio.json", &json(&p), catalog()) else {
        panic!("must be refused");
    };
    let nl = refusal.reason(Lang::Nl);
    assert!(nl.starts_with("het bevat"), "{nl}");
}

#[test]
fn a_fetch_keeps_the_last_good_pack_when_the_new_one_is_broken() {
    let good = json(national());
    let url = "/regio.json";
    let Update::Use(pack, cached) =
        on_fetched(None, url, Ok(good.clone()), "2026-12-02", catalog())
    else {
        panic!("a good pack is used");
    };
    assert_eq!(pack.id, "nederland");
    assert_eq!(cached.fetched_on, "2026-12-02");
    assert_eq!(
        regions::cached_pack(&cached, catalog()).as_ref(),
        Some(&*pack)
    );

    // The same text again changes nothing; offline keeps it silently.
    assert_eq!(
        on_fetched(Some(&cached), url, Ok(good), "2026-12-03", catalog()),
        Update::Unchanged
    );
    assert_eq!(
        on_fetched(Some(&cached), url, Err(0), "2026-12-03", catalog()),
        Update::Unchanged
    );

    // A broken one is refused and says why; the caller keeps `cached`.
    match on_fetched(
        Some(&cached),
        url,
        Ok("{\"id\": 1}".into()),
        "2026-12-04",
        catalog(),
    ) {
        Update::Keep(r) => {
            assert_eq!((r.url.as_str(), r.on.as_str()), (url, "2026-12-04"));
            assert!(
                r.refusal.reason(Lang::Nl).contains("regel 1"),
                "{}",
                r.refusal.reason(Lang::Nl)
            );
        }
        other => panic!("{other:?}"),
    }
    match on_fetched(Some(&cached), url, Err(404), "2026-12-04", catalog()) {
        Update::Keep(r) => assert_eq!(r.refusal.reason(Lang::Nl), "de server gaf status 404."),
        other => panic!("{other:?}"),
    }
    // Offline with nothing cached is worth saying.
    assert!(matches!(
        on_fetched(None, url, Err(0), "2026-12-04", catalog()),
        Update::Keep(_)
    ));
}

#[test]
fn a_cached_pack_that_no_longer_passes_is_dropped() {
    let cached = CachedPack {
        url: "/regio.json".into(),
        fetched_on: "2026-12-01".into(),
        text: "{}".into(),
    };
    assert_eq!(regions::cached_pack(&cached, catalog()), None);
}

// ------------------------------------------------------------------ zicht-content

fn checker(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zicht-content"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("zicht-content-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path.to_string_lossy().to_string()
}

#[test]
fn checker_accepts_the_bundled_packs() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../content/regions/");
    for name in ["haaglanden.toml", "nederland.toml"] {
        let file = format!("{root}{name}");
        let (ok, out, err) = checker(&["check", "--bundled", &file]);
        assert!(ok, "{err}");
        assert!(out.contains(": ok: region"), "{out}");
        let (ok, _, err) = checker(&["check", &file]);
        assert!(ok, "served rules: {err}");
    }
}

#[test]
fn checker_names_file_and_line() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../content/regions/nederland.toml"
    ))
    .expect("read");
    // A TOML type error: line and column of the value.
    let broken = text.replacen("version = \"2026-12-02.1\"", "version = 3", 1);
    let line = broken
        .lines()
        .position(|l| l.starts_with("version = 3"))
        .expect("line")
        + 1;
    let file = temp_file("typo.toml", &broken);
    let (ok, _, err) = checker(&["check", &file]);
    assert!(!ok);
    assert!(err.contains(&format!("{file}:{line}:")), "{err}");

    // A content error: the line of the contact's id.
    let broken = text.replacen("display = \"0900-8844\"", "display = \"0900-8845\"", 1);
    let line = broken
        .lines()
        .position(|l| l == "id = \"politie\"")
        .expect("line")
        + 1;
    let file = temp_file("digits.toml", &broken);
    let (ok, _, err) = checker(&["check", &file]);
    assert!(!ok);
    assert!(
        err.contains(&format!("{file}:{line}: politie: phone")),
        "{err}"
    );

    // JSON as served, with a missing version: the line of the pack's id.
    let mut pack = national().clone();
    pack.version = None;
    let text = json(&pack);
    let line = line_of_id(&text, "nederland").expect("line");
    let file = temp_file("regio.json", &text);
    let (ok, _, err) = checker(&["check", &file]);
    assert!(!ok);
    assert!(
        err.contains(&format!(
            "{file}:{line}: region nederland: version is missing"
        )),
        "{err}"
    );

    // json converts a checked pack to what a deployment serves.
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../content/regions/nederland.toml"
    );
    let (ok, out, err) = checker(&["json", file]);
    assert!(ok, "{err}");
    assert!(check_served_json("out.json", &out, catalog()).is_ok());
}

#[test]
fn the_browser_tests_served_pack_passes_the_device_check() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/e2e/fixtures/regio.json"
    ))
    .expect("fixture");
    let pack =
        check_served_json("/regio.json", &text, catalog()).expect("the fixture must stay valid");
    assert_eq!(pack.id, "testregio");
    assert!(pack.version.is_some() && pack.verified_on.is_some());
}
