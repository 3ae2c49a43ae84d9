//! The observation model: drafts, validation, the wire format and ids.

use zicht_core::i18n::{self, K};
use zicht_core::observation::{
    is_date, is_rfc3339_utc, is_uuid_v4, time_sort_key, uuid_v4_from_bytes, AgeBand, Area, DayPart,
    Draft, Field, FieldError, FinishContext, KnownIds, MeldrouteProgress, Observation, Step, Worry,
    NOTE_MAX_CHARS, SCHEMA,
};
use zicht_core::store::Bucket;
use zicht_core::Lang;

const NEW_ID: [u8; 16] = [7; 16];

fn ctx() -> FinishContext {
    FinishContext {
        day_part_now: Some(DayPart::Middag),
        ..FinishContext::new(NEW_ID, "2026-11-23", "2026-11-23T13:05:00Z")
    }
}

fn fast_draft() -> Draft {
    Draft {
        signals: vec!["schoolverzuim".into()],
        worry: Some(Worry::Zorgelijk),
        ..Draft::default()
    }
}

fn any() -> KnownIds<'static> {
    KnownIds::format_only()
}

fn finish(draft: &Draft) -> Result<Observation, Vec<FieldError>> {
    draft.finish(&ctx(), &any())
}

fn fields(errors: &[FieldError]) -> Vec<Field> {
    errors.iter().map(|e| e.field).collect()
}

fn valid() -> Observation {
    finish(&fast_draft()).expect("fast draft is valid")
}

// ---------------------------------------------------------------------------
// Draft::finish

#[test]
fn fast_path_needs_only_a_signal_and_a_worry() {
    let o = valid();
    assert_eq!(o.id, uuid_v4_from_bytes(NEW_ID));
    assert!(is_uuid_v4(&o.id));
    assert_eq!(o.schema, SCHEMA);
    assert_eq!(o.observed_on, "2026-11-23");
    assert_eq!(
        o.day_part,
        Some(DayPart::Middag),
        "today takes the current day part"
    );
    assert_eq!(o.recorded_at, "2026-11-23T13:05:00Z");
    assert_eq!(o.age_band, AgeBand::Unknown);
    assert_eq!(o.content_version, zicht_core::CONTENT_VERSION);
    assert_eq!(o.signals, ["schoolverzuim"]);
    assert!(o.corrects.is_none() && !o.practice && o.note.is_empty());
    assert!(o.validate(&any(), Some("2026-11-23")).is_empty());
}

#[test]
fn an_earlier_date_gets_no_day_part_unless_chosen() {
    let mut d = fast_draft();
    d.observed_on = Some("2026-11-20".into());
    assert_eq!(finish(&d).map(|o| o.day_part), Ok(None));
    d.day_part = Some(DayPart::Nacht);
    assert_eq!(finish(&d).map(|o| o.day_part), Ok(Some(DayPart::Nacht)));
}

#[test]
fn signals_and_worry_are_required_and_all_problems_are_reported() {
    let errors = finish(&Draft::default()).expect_err("empty draft");
    let f = fields(&errors);
    assert!(f.contains(&Field::Worry), "{errors:?}");
    assert!(f.contains(&Field::Signals), "{errors:?}");

    let mut d = fast_draft();
    d.worry = None;
    d.observed_on = Some("2026-13-01".into());
    let errors = finish(&d).expect_err("no worry");
    assert_eq!(fields(&errors), [Field::Worry, Field::ObservedOn]);

    let mut d = fast_draft();
    d.signals.clear();
    assert_eq!(
        fields(&finish(&d).expect_err("no signal")),
        [Field::Signals]
    );
}

#[test]
fn finish_trims_dedups_and_drops_empty_values() {
    let d = Draft {
        signals: vec!["a".into(), "b".into(), "a".into()],
        forms: vec!["f".into(), "f".into()],
        steps_taken: vec![Step::Collega, Step::Collega],
        note: "  met spaties  ".into(),
        observed_on: Some("   ".into()),
        area: Some(Area {
            gemeente: " den-haag ".into(),
            wijk: Some("  ".into()),
        }),
        corrects: Some(" ".into()),
        ..fast_draft()
    };
    let o = finish(&d).expect("valid after cleaning");
    assert_eq!(o.signals, ["a", "b"]);
    assert_eq!(o.forms, ["f"]);
    assert_eq!(o.steps_taken, [Step::Collega]);
    assert_eq!(o.note, "met spaties");
    assert_eq!(o.observed_on, "2026-11-23");
    assert_eq!(
        o.area,
        Some(Area {
            gemeente: "den-haag".into(),
            wijk: None
        })
    );
    assert_eq!(o.corrects, None);

    let blank_area = Draft {
        area: Some(Area {
            gemeente: "  ".into(),
            wijk: Some("x".into()),
        }),
        ..fast_draft()
    };
    assert_eq!(finish(&blank_area).map(|o| o.area), Ok(None));
}

#[test]
fn editing_a_saved_observation_keeps_its_id() {
    let o = valid();
    let mut d = Draft::from_observation(&o);
    d.note = "aangevuld".into();
    let other_ctx = FinishContext::new([9; 16], "2026-11-24", "2026-11-24T08:00:00Z");
    let edited = d.finish(&other_ctx, &any()).expect("valid");
    assert_eq!(edited.id, o.id);
    assert_eq!(edited.note, "aangevuld");
    assert_eq!(edited.observed_on, o.observed_on);
}

#[test]
fn a_correction_is_a_new_observation_pointing_at_the_old_one() {
    let o = valid();
    let d = Draft::correcting(&o);
    assert_eq!(d.id, None);
    assert_eq!(d.corrects.as_deref(), Some(o.id.as_str()));
    let fix_ctx = FinishContext::new([3; 16], "2026-11-24", "2026-11-24T08:00:00Z");
    let fixed = d.finish(&fix_ctx, &any()).expect("valid correction");
    assert_ne!(fixed.id, o.id);
    assert_eq!(fixed.corrects.as_deref(), Some(o.id.as_str()));
    assert_eq!(fixed.signals, o.signals);

    let mut self_ref = fixed.clone();
    self_ref.corrects = Some(self_ref.id.clone());
    assert_eq!(fields(&self_ref.validate(&any(), None)), [Field::Corrects]);
    let mut garbage = fixed;
    garbage.corrects = Some("niet-een-uuid".into());
    assert_eq!(fields(&garbage.validate(&any(), None)), [Field::Corrects]);
}

#[test]
fn the_practice_flag_survives_and_decides_the_bucket() {
    let d = Draft {
        practice: true,
        ..fast_draft()
    };
    let o = finish(&d).expect("valid");
    assert!(o.practice);
    assert_eq!(Bucket::of(&o), Bucket::Practice);
    assert_eq!(Bucket::of(&valid()), Bucket::Real);
    assert!(Draft::from_observation(&o).practice);
    let back = Observation::from_json(&o.to_json()).expect("round trip");
    assert!(back.practice);
}

// ---------------------------------------------------------------------------
// Observation::validate

#[test]
fn note_is_limited_to_1000_characters_not_bytes() {
    let mut o = valid();
    o.note = "é".repeat(NOTE_MAX_CHARS);
    assert!(o.note.len() > NOTE_MAX_CHARS, "é takes two bytes");
    assert!(o.validate(&any(), None).is_empty());
    o.note.push('x');
    let errors = o.validate(&any(), None);
    assert_eq!(fields(&errors), [Field::Note]);
    assert!(errors[0].message(Lang::Nl).contains("1001"));
    assert!(errors[0].message(Lang::En).contains("1000"));
}

#[test]
fn a_note_with_a_phone_number_email_or_bsn_cannot_be_saved() {
    for note in [
        "Hij gaf 06-12345678 aan een klasgenoot.",
        "Mail van kingpin070@hotmail.com.",
        "BSN 725763863 stond op een kopie.",
    ] {
        let mut d = fast_draft();
        d.note = note.into();
        let errors = finish(&d).expect_err(note);
        assert_eq!(fields(&errors), [Field::Note], "{note}");
        let nl = errors[0].message(Lang::Nl);
        let en = errors[0].message(Lang::En);
        assert!(
            nl.starts_with("Haal “") && en.starts_with("Remove “"),
            "{nl} / {en}"
        );
    }
}

#[test]
fn every_structured_kind_in_the_note_blocks_saving() {
    for note in [
        "Hij woont in 2525 AB.",
        "Een auto met 12-ABC-3 stond er steeds.",
        "Op snap is hij lil.mo09.",
        "Hij woont op de Hoefkade 12.",
        "Geld ging naar NL91 ABNA 0417 1643 00.",
        "Geboren op 12-03-2010.",
    ] {
        let mut d = fast_draft();
        d.note = note.into();
        let errors = finish(&d).expect_err(note);
        assert_eq!(fields(&errors), [Field::Note], "{note}");
    }
}

#[test]
fn a_suspected_name_is_saved_only_after_the_user_confirmed_it_is_none() {
    let mut d = fast_draft();
    d.note = "Mo (14) zat achterop bij een oudere jongen.".into();
    let errors = finish(&d).expect_err("an unconfirmed name");
    assert_eq!(fields(&errors), [Field::Note]);
    assert!(
        errors[0].message(Lang::Nl).contains("Mo (14)"),
        "{}",
        errors[0].message(Lang::Nl)
    );
    assert_eq!(d.unconfirmed_names().len(), 1);
    // "Het is geen naam": saved, and the confirmation is not part of what is sent.
    d.confirm_not_name("mo (14) ");
    assert!(d.unconfirmed_names().is_empty());
    let saved = finish(&d).expect("confirmed");
    assert!(!saved.to_json().contains("not_names"));
    // A second name in the note asks again.
    d.note.push_str(" Later kwam Dani erbij.");
    assert_eq!(finish(&d).map_err(|e| fields(&e)), Err(vec![Field::Note]));
}

#[test]
fn removing_a_suspected_name_leaves_a_clean_note() {
    let mut d = fast_draft();
    d.note = "Zat achterop bij Dani, ging richting station.".into();
    let found = d.unconfirmed_names();
    assert_eq!(found.len(), 1, "{found:?}");
    d.remove_finding(&found[0]);
    assert_eq!(d.note, "Zat achterop bij, ging richting station.");
    assert!(finish(&d).is_ok());
    // A finding from an older scan of another note changes nothing.
    let before = d.note.clone();
    d.remove_finding(&found[0]);
    assert_eq!(d.note, before);
}

#[test]
fn an_edited_observation_keeps_its_confirmed_names_and_the_model_does_not_block_them() {
    let mut d = fast_draft();
    d.note = "Mo (14) zat achterop; op de pas stond 123456789012.".into();
    d.confirm_not_name("Mo (14)");
    let saved = finish(&d).expect("confirmed");
    // The model (what an endpoint checks) warns about names but does not refuse them.
    assert!(saved.validate(&any(), None).is_empty());
    assert!(Draft::from_observation(&saved)
        .unconfirmed_names()
        .is_empty());
}

#[test]
fn remove_span_joins_the_words_around_the_cut() {
    use zicht_core::privacy::remove_span;
    let cut = |note: &str, what: &str| {
        let start = note.find(what).expect(what);
        remove_span(note, start, start + what.len())
    };
    assert_eq!(cut("bel 06-12345678 vandaag", "06-12345678"), "bel vandaag");
    assert_eq!(cut("Dani kwam later.", "Dani"), "kwam later.");
    assert_eq!(cut("kwam met Dani.", "Dani"), "kwam met.");
    assert_eq!(cut("(Dani) kwam", "Dani"), "() kwam");
    assert_eq!(cut("alleen Dani", "Dani"), "alleen");
}

#[test]
fn unknown_and_duplicate_ids_are_reported_per_list() {
    let signals = |id: &str| id == "schoolverzuim" || id == "dure-spullen";
    let forms = |id: &str| id == "drugskoerier";
    let recruitment = |id: &str| id == "cadeaus";
    let areas = |id: &str| id == "den-haag" || id == "escamp";
    let known = KnownIds {
        signal: &signals,
        form: &forms,
        recruitment: &recruitment,
        area: &areas,
    };
    let mut o = valid();
    o.forms = vec!["drugskoerier".into()];
    o.recruitment = vec!["cadeaus".into()];
    o.area = Some(Area {
        gemeente: "den-haag".into(),
        wijk: Some("escamp".into()),
    });
    assert!(o.validate(&known, None).is_empty());

    let mut bad = o.clone();
    bad.signals = vec![
        "schoolverzuim".into(),
        "bestaat-niet".into(),
        "Hoofdletter".into(),
    ];
    bad.forms = vec!["onbekend".into()];
    bad.recruitment = vec!["cadeaus".into(), "cadeaus".into()];
    bad.area = Some(Area {
        gemeente: "den-haag".into(),
        wijk: Some("nergens".into()),
    });
    let errors = bad.validate(&known, None);
    assert_eq!(
        fields(&errors),
        [
            Field::Area,
            Field::Signals,
            Field::Forms,
            Field::Recruitment
        ]
    );
    assert!(errors[1]
        .message(Lang::Nl)
        .contains("bestaat-niet, Hoofdletter"));
    assert!(errors[1].message(Lang::En).starts_with("Unknown signal"));
    assert_eq!(
        errors[3].message(Lang::Nl),
        i18n::t(Lang::Nl, K::ObsErrRecruitmentTwice)
    );

    let all = |id: &str| id == "schoolverzuim";
    let mut one_lookup = valid();
    assert!(one_lookup.validate(&KnownIds::all(&all), None).is_empty());
    one_lookup.signals = vec!["anders".into()];
    assert_eq!(
        fields(&one_lookup.validate(&KnownIds::all(&all), None)),
        [Field::Signals]
    );
}

#[test]
fn dates_must_exist_and_not_lie_in_the_future() {
    let check = |date: &str, today: Option<&str>| {
        let mut o = valid();
        o.observed_on = date.into();
        fields(&o.validate(&any(), today))
    };
    assert!(check("2024-02-29", None).is_empty());
    assert!(check("2026-11-23", Some("2026-11-23")).is_empty());
    assert_eq!(check("2026-11-24", Some("2026-11-23")), [Field::ObservedOn]);
    assert!(
        check("2026-11-24", None).is_empty(),
        "no clock, no upper bound"
    );
    for bad in [
        "2025-02-29",
        "2026-02-30",
        "2026-13-01",
        "23-11-2026",
        "2026-1-5",
        "",
        "vandaag",
    ] {
        assert_eq!(check(bad, None), [Field::ObservedOn], "{bad:?}");
    }
    assert!(is_date("2000-02-29") && !is_date("1900-02-29") && !is_date("1899-12-31"));
    assert!(!is_date("２０２６-11-23"));
}

#[test]
fn recorded_at_is_rfc3339_utc() {
    for ok in [
        "2026-11-23T09:30:00Z",
        "2026-11-23T09:30:00.123Z",
        "2026-11-23T23:59:60Z",
    ] {
        assert!(is_rfc3339_utc(ok), "{ok}");
    }
    for bad in [
        "2026-11-23T09:30:00",
        "2026-11-23T09:30:00+01:00",
        "2026-11-23 09:30:00Z",
        "2026-11-23T24:00:00Z",
        "2026-11-23T09:30:00.Z",
        "2026-11-23T09:30:00.1234567890Z",
        "2026-11-2éT09:30:00Z",
        "",
    ] {
        assert!(!is_rfc3339_utc(bad), "{bad}");
    }
    let mut o = valid();
    o.recorded_at = "gisteren".into();
    assert_eq!(fields(&o.validate(&any(), None)), [Field::RecordedAt]);
}

#[test]
fn other_fields_are_checked() {
    let mut o = valid();
    o.id = uuid_v4_from_bytes([0xab; 16]).to_uppercase();
    o.schema = "zicht.observation/2".into();
    o.steps_taken = vec![Step::NogNiets, Step::Politie];
    o.meldroute = Some(MeldrouteProgress {
        role: "leraar".into(),
        path: vec!["Stap 1".into()],
    });
    o.content_version = String::new();
    assert_eq!(
        fields(&o.validate(&any(), None)),
        [
            Field::Id,
            Field::Schema,
            Field::StepsTaken,
            Field::Meldroute,
            Field::ContentVersion
        ]
    );
    let mut alone = valid();
    alone.steps_taken = vec![Step::NogNiets];
    assert!(alone.validate(&any(), None).is_empty());
}

#[test]
fn messages_come_from_the_translation_files_in_both_languages() {
    let mut d = fast_draft();
    d.signals.clear();
    let errors = finish(&d).expect_err("no signal");
    assert_eq!(
        errors[0].message(Lang::Nl),
        i18n::t(Lang::Nl, K::ObsErrSignalsMissing)
    );
    assert_eq!(
        errors[0].message(Lang::En),
        i18n::t(Lang::En, K::ObsErrSignalsMissing)
    );
    assert_eq!(errors[0].message_en, errors[0].message(Lang::En));
    assert_eq!(
        errors[0].to_string(),
        format!("signals: {}", errors[0].message_en)
    );
    let e = FieldError::new(
        Field::Note,
        K::ObsErrNoteTooLong,
        &[("chars", "1200"), ("max", "1000")],
    );
    assert!(!e.message(Lang::Nl).contains('{') && !e.message(Lang::En).contains('{'));
}

// ---------------------------------------------------------------------------
// Wire format

#[test]
fn json_round_trip_keeps_every_field() {
    let d = Draft {
        observed_on: Some("2026-11-20".into()),
        day_part: Some(DayPart::Avond),
        area: Some(Area {
            gemeente: "den-haag".into(),
            wijk: Some("escamp".into()),
        }),
        setting: Some(zicht_core::observation::Setting::StraatHangplek),
        age_band: Some(AgeBand::From12To15),
        gender: Some(zicht_core::observation::Gender::Jongen),
        forms: vec!["drugskoerier".into()],
        recruitment: vec!["cadeaus".into()],
        worry: Some(Worry::Acuut),
        steps_taken: vec![Step::ShopJeugd, Step::VeiligThuis],
        note: "Nieuwe kleding, veel contant geld; ‘baas’ genoemd. €50 per rit.".into(),
        meldroute: Some(MeldrouteProgress {
            role: "leraar".into(),
            path: vec!["start".into(), "acuut".into()],
        }),
        corrects: Some(uuid_v4_from_bytes([1; 16])),
        ..fast_draft()
    };
    let o = finish(&d).expect("valid");
    let json = o.to_json();
    assert_eq!(Observation::from_json(&json), Ok(o.clone()));
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["age_band"], "12_15");
    assert_eq!(v["setting"], "straat_hangplek");
    assert_eq!(v["worry"], "acuut");
    assert_eq!(v["day_part"], "avond");
    assert_eq!(
        v["steps_taken"],
        serde_json::json!(["shop_jeugd", "veilig_thuis"])
    );
    assert_eq!(v["schema"], SCHEMA);
}

#[test]
fn json_always_has_every_field() {
    let json = valid().to_json();
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let obj = v.as_object().expect("object");
    for key in [
        "id",
        "schema",
        "observed_on",
        "day_part",
        "recorded_at",
        "area",
        "setting",
        "age_band",
        "gender",
        "signals",
        "forms",
        "recruitment",
        "worry",
        "steps_taken",
        "note",
        "meldroute",
        "content_version",
        "corrects",
        "practice",
    ] {
        assert!(obj.contains_key(key), "missing {key}");
    }
    assert_eq!(obj.len(), 19);
    assert!(v["area"].is_null() && v["corrects"].is_null());
    assert_eq!(v["age_band"], "onbekend");
}

#[test]
fn bad_json_is_an_error_not_a_panic() {
    for bad in ["", "{", "[]", r#"{"id":1}"#, r#"{"worry":"paniek"}"#] {
        assert!(Observation::from_json(bad).is_err(), "{bad}");
    }
}

#[test]
fn drafts_tolerate_unknown_and_missing_fields() {
    let d: Draft = serde_json::from_str(r#"{"note":"half","nieuw_veld":3}"#).expect("draft");
    assert_eq!(d.note, "half");
    assert_eq!(d.worry, None);
    let back: Draft =
        serde_json::from_str(&serde_json::to_string(&fast_draft()).expect("ser")).expect("de");
    assert_eq!(back, fast_draft());
}

// ---------------------------------------------------------------------------
// Ids and times

/// Lower case only: the canonical form, which the app makes and the endpoint
/// uses as the idempotency key.
#[test]
fn uuid_v4_check_accepts_lower_case_only() {
    assert!(is_uuid_v4("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"));
    assert!(is_uuid_v4("abcdef00-0000-4000-b000-000000000000"));
    for bad in [
        "0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D",
        "0a1B2c3D-4e5F-4a6B-8c7D-9e0F1a2B3c4D",
        "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4D",
        "abcdef00-0000-4000-B000-000000000000",
    ] {
        assert!(!is_uuid_v4(bad), "{bad}");
    }
}

#[test]
fn uuid_v4_sets_version_and_variant() {
    for bytes in [[0u8; 16], [0xff; 16], [0x5a; 16]] {
        let id = uuid_v4_from_bytes(bytes);
        assert!(is_uuid_v4(&id), "{id}");
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
    }
    assert_eq!(
        uuid_v4_from_bytes([0; 16]),
        "00000000-0000-4000-8000-000000000000"
    );
    assert_ne!(uuid_v4_from_bytes([1; 16]), uuid_v4_from_bytes([2; 16]));
    for bad in [
        "00000000-0000-1000-8000-000000000000",
        "00000000-0000-4000-c000-000000000000",
        "00000000-0000-4000-8000-00000000000",
        "00000000-0000-4000-8000-00000000000G",
        "ABCDEF00-0000-4000-8000-000000000000",
        "000000000000-4000-8000-0000000000000",
        "",
    ] {
        assert!(!is_uuid_v4(bad), "{bad}");
    }
}

#[test]
fn day_parts_and_time_order() {
    let parts: Vec<DayPart> = (0..24).map(DayPart::from_local_hour).collect();
    assert_eq!(parts[5], DayPart::Nacht);
    assert_eq!(parts[6], DayPart::Ochtend);
    assert_eq!(parts[12], DayPart::Middag);
    assert_eq!(parts[18], DayPart::Avond);
    assert_eq!(parts[23], DayPart::Avond);
    assert_eq!(DayPart::from_local_hour(99), DayPart::Nacht);
    assert!(time_sort_key("2026-03-01T10:00:00Z") < time_sort_key("2026-03-01T10:00:00.5Z"));
    assert!(time_sort_key("2026-03-01T10:00:00.5Z") < time_sort_key("2026-03-01T10:00:01Z"));
}
