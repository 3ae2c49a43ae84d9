//! The Haaglanden contact directory: required entries, exact numbers, and the
//! pack validator on broken entries.

use zicht_core::catalog;
use zicht_core::content::contacts::{
    is_dial_string, is_iso_date, parse_hhmm, Availability, Contact, Hours, Phone, RegionPack,
    Spreekuur, WalkIn, Weekday,
};
use zicht_core::content::{Catalog, ContentError, Source, Text};

fn haaglanden() -> &'static RegionPack {
    catalog()
        .regions
        .iter()
        .find(|r| r.id == "haaglanden")
        .expect("haaglanden pack")
}

fn contact(id: &str) -> &'static Contact {
    haaglanden()
        .contact(id)
        .unwrap_or_else(|| panic!("contact {id} missing"))
}

fn dials(id: &str) -> Vec<(&'static str, &'static str)> {
    contact(id)
        .phones
        .iter()
        .map(|p| (p.dial.as_str(), p.display.as_str()))
        .collect()
}

#[test]
fn shipped_packs_validate() {
    for pack in &catalog().regions {
        let mut errors = Vec::new();
        pack.validate(catalog(), &mut errors);
        assert_eq!(errors, vec![], "{}", pack.id);
    }
}

#[test]
fn required_numbers_are_exact() {
    assert_eq!(dials("112"), vec![("112", "112")]);
    assert_eq!(dials("politie"), vec![("09008844", "0900-8844")]);
    assert_eq!(dials("veilig-thuis"), vec![("08002000", "0800-2000")]);
    assert_eq!(dials("shop"), vec![("0703614747", "070-361 47 47")]);
    assert_eq!(
        dials("meld-misdaad-anoniem"),
        vec![("08007000", "0800-7000")]
    );
    assert_eq!(dials("arbeidsinspectie"), vec![("08005151", "0800-5151")]);
    assert_eq!(contact("veilig-thuis").phones[0].tel_uri(), "tel:08002000");
}

#[test]
fn required_contacts_exist() {
    for id in [
        "112",
        "politie",
        "veilig-thuis",
        "shop",
        "shop-jeugd",
        "comensha",
        "cjg",
        "jip",
        "fier",
        "meld-misdaad-anoniem",
        "arbeidsinspectie",
        "veiligheidshuis",
        "iko",
        "aandachtsfunctionaris",
        "jeugdbescherming-west",
    ] {
        contact(id);
    }
}

#[test]
fn numbers_cite_a_public_page_and_never_a_seed() {
    for c in &haaglanden().contacts {
        for p in &c.phones {
            assert_eq!(p.source.doc, "web", "{}: the seeds give no numbers", c.id);
            assert!(p
                .source
                .url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://")));
        }
    }
    let shop = &contact("shop").phones[0].source;
    assert!(shop
        .url
        .as_deref()
        .is_some_and(|u| u.contains("wegwijzermensenhandel.nl")));
}

#[test]
fn availability_is_what_the_sources_say() {
    assert_eq!(contact("112").availability, Availability::Always);
    assert_eq!(contact("veilig-thuis").availability, Availability::Always);
    // SHOP Jeugd: no hours, no number, no spreekuur times in the sources.
    let sj = contact("shop-jeugd");
    assert!(matches!(sj.availability, Availability::Unknown { .. }));
    assert!(sj.phones.is_empty());
    assert!(sj
        .availability_note
        .as_ref()
        .is_some_and(|n| n.nl.contains("de hele week bereikbaar")));
    let walk_in = sj.walk_in.as_ref().expect("spreekuur described");
    assert!(walk_in.sessions.is_empty());
    assert!(walk_in.note.nl.contains("twee keer per week"));
    assert_eq!(
        zicht_core::availability::next_spreekuur(sj, 1_795_424_400),
        None
    );
    for c in &haaglanden().contacts {
        if let Availability::Unknown { how_to_find_out } = &c.availability {
            assert!(
                !how_to_find_out.nl.is_empty() && !how_to_find_out.en.is_empty(),
                "{}",
                c.id
            );
        }
        assert!(
            zicht_core::content::contacts::is_iso_date(&c.verified_on)
                && c.verified_on.as_str() >= "2026-11-23",
            "{}: {}",
            c.id,
            c.verified_on
        );
        assert!(c.address.is_none(), "{}: the sources give no address", c.id);
    }
}

#[test]
fn the_area_is_den_haag_only() {
    let areas = &haaglanden().areas;
    assert_eq!(areas.len(), 1);
    assert_eq!(areas[0].name, "Den Haag");
    assert!(areas[0].districts.is_empty());
    assert!(areas[0].note.is_some());
}

#[test]
fn field_parsers() {
    assert_eq!(parse_hhmm("09:30"), Some(570));
    assert_eq!(parse_hhmm("24:00"), Some(1440));
    for bad in ["9:30", "24:01", "12:60", "ab:cd", "12-00", ""] {
        assert_eq!(parse_hhmm(bad), None, "{bad}");
    }
    assert!(is_iso_date("2024-02-29"));
    for bad in ["2025-02-29", "2026-11-31", "23-11-2026", "2026-1-01"] {
        assert!(!is_iso_date(bad), "{bad}");
    }
    assert!(is_dial_string("112"));
    assert!(is_dial_string("0703614747"));
    for bad in ["11", "0800-2000", "+31703614747", "12345678901234"] {
        assert!(!is_dial_string(bad), "{bad}");
    }
}

// ------------------------------------------------------------------ broken packs

fn text(s: &str) -> Text {
    Text {
        nl: s.into(),
        en: s.into(),
    }
}

fn src() -> Source {
    Source {
        doc: "web".into(),
        section: "test".into(),
        lines: None,
        url: Some("https://example.org".into()),
    }
}

fn good_contact(id: &str) -> Contact {
    Contact {
        id: id.into(),
        name: text("naam"),
        purpose: text("waarvoor"),
        audience: text("voor wie"),
        phones: vec![Phone {
            dial: "08002000".into(),
            display: "0800-2000".into(),
            label: text("tel"),
            source: src(),
        }],
        availability: Availability::Always,
        source: src(),
        verified_on: "2026-11-23".into(),
        ..Contact::default()
    }
}

fn pack_errors(contacts: Vec<Contact>) -> Vec<ContentError> {
    let pack = RegionPack {
        id: "test".into(),
        name: text("Test"),
        contacts,
        ..RegionPack::default()
    };
    let mut errors = Vec::new();
    pack.validate(&Catalog::default(), &mut errors);
    errors
}

fn has(errors: &[ContentError], item: &str, needle: &str) -> bool {
    errors.iter().any(|e| {
        e.file == "content/regions/test.toml" && e.item == item && e.message.contains(needle)
    })
}

#[test]
fn good_pack_is_valid() {
    assert_eq!(
        pack_errors(vec![good_contact("a"), good_contact("b")]),
        vec![]
    );
}

#[test]
fn broken_entries_are_named() {
    let e = pack_errors(vec![good_contact("a"), good_contact("a")]);
    assert!(has(&e, "a", "duplicate id"), "{e:?}");

    let mut c = good_contact("a");
    c.source = Source::default();
    c.verified_on = "2026-02-30".into();
    c.phones[0].dial = "0800-2000".into();
    c.name.en.clear();
    let e = pack_errors(vec![c]);
    assert!(has(&e, "a", "source: doc is missing"), "{e:?}");
    assert!(has(&e, "a", "verified_on"), "{e:?}");
    assert!(has(&e, "a", "3-13 digits"), "{e:?}");
    assert!(has(&e, "a", "name: English text"), "{e:?}");

    let mut c = good_contact("a");
    c.phones[0].display = "0800-2001".into();
    assert!(has(&pack_errors(vec![c]), "a", "other digits"));

    let mut c = good_contact("a");
    c.availability = Availability::Weekly {
        hours: vec![
            Hours {
                day: Weekday::Mon,
                from: "17:00".into(),
                to: "09:00".into(),
            },
            Hours {
                day: Weekday::Tue,
                from: "9:00".into(),
                to: "17:00".into(),
            },
        ],
    };
    let e = pack_errors(vec![c]);
    assert!(has(&e, "a", "from must be before to"), "{e:?}");
    assert!(has(&e, "a", "HH:MM"), "{e:?}");

    let mut c = good_contact("a");
    c.availability = Availability::Unknown {
        how_to_find_out: Text::default(),
    };
    assert!(has(&pack_errors(vec![c]), "a", "how_to_find_out"));

    let mut c = good_contact("a");
    c.walk_in = Some(WalkIn {
        sessions: vec![Spreekuur {
            day: Weekday::Wed,
            from: "14:00".into(),
            to: "14:00".into(),
            place: text("buurthuis"),
        }],
        note: text("wekelijks"),
        source: src(),
    });
    assert!(has(&pack_errors(vec![c]), "a", "from must be before to"));

    let mut c = good_contact("a");
    c.website = Some("http://example.org".into());
    assert!(has(&pack_errors(vec![c]), "a", "https"));
}

#[test]
fn another_region_is_just_another_pack() {
    // The format has nothing Haaglanden-specific: a pack built in code validates
    // and round-trips through JSON like the shipped one.
    let pack = RegionPack {
        id: "utrecht".into(),
        name: text("Utrecht"),
        contacts: vec![good_contact("112"), good_contact("veilig-thuis")],
        ..RegionPack::default()
    };
    let mut errors = Vec::new();
    pack.validate(&Catalog::default(), &mut errors);
    assert_eq!(errors, vec![]);
    let json = serde_json::to_string(&pack).expect("serialise");
    let back: RegionPack = serde_json::from_str(&json).expect("parse");
    assert_eq!(back, pack);
}

// ------------------------------------------------------------------ issue 16: audit fixes and additions

#[test]
fn shop_has_no_general_walk_in_and_veilig_thuis_no_anonymity_claim() {
    // The weekly spreekuur at De Chinese Brug is for one target group only.
    let shop = contact("shop");
    assert!(shop.walk_in.is_none());
    let note = shop.availability_note.as_ref().expect("note");
    assert!(
        note.nl.contains("Alleen voor de Chinese doelgroep"),
        "{}",
        note.nl
    );
    let vt = contact("veilig-thuis");
    assert!(!vt
        .availability_note
        .as_ref()
        .is_some_and(|n| n.nl.contains("anoniem")));
    assert!(!contact("meldcode-rijksoverheid")
        .purpose
        .nl
        .contains("afwegingskader"));
}

#[test]
fn the_appendix_organisations_and_consultation_bodies_are_in_the_directory() {
    for id in [
        // Bijlage 3, organisations
        "cjg",
        "comensha",
        "ggd-haaglanden",
        "heit",
        "haagse-pandbrigade",
        "arbeidsinspectie",
        "jeugdbescherming-west",
        "politie",
        "riec-den-haag",
        "rsiv",
        "stek",
        "vluchtelingenwerk",
        "fairwork",
        "shop",
        "shop-jeugd",
        "stichting-perspektief",
        "veiligheidshuis",
        "veilig-thuis",
        "maatschappelijke-opvang",
        // Bijlage 3, Mensenhandeloverleggen
        "mensenhandeloverleg-cjg",
        "casusoverleg-18-min",
        "zorgnetwerk-mensenhandel",
        "werkoverleg-preventie",
        "expertmeetings-mensenhandel",
        // training
        "training-signaleren",
    ] {
        let c = contact(id);
        assert!(c.source.doc.ends_with(".txt"), "{id}: a seed source");
        assert!(
            c.phones.is_empty() || c.phones.iter().all(|p| p.source.doc == "web"),
            "{id}"
        );
    }
    let overleg = contact("casusoverleg-18-min");
    assert!(overleg.purpose.nl.contains("1 keer per 8 weken"));
    for who in ["CJG", "AVIM", "SHOP", "CIT"] {
        assert!(overleg.audience.nl.contains(who), "{who}");
    }
    assert!(contact("stichting-perspektief")
        .purpose
        .nl
        .contains("mannelijke slachtoffers"));
    let sj = contact("shop-jeugd");
    for channel in ["telefonisch", "trainingen", "sociale media", "website"] {
        assert!(sj.purpose.nl.contains(channel), "{channel}");
    }
    let training = contact("training-signaleren");
    assert!(training.purpose.nl.contains("88%") && training.purpose.nl.contains("67%"));
}
