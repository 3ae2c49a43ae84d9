//! Closed-list codes and labels, the catalogue lookup and the summary text.

use zicht_core::i18n::{self, K};
use zicht_core::observation::{
    catalog_knows, AgeBand, DayPart, Gender, Observation, Setting, Step, Worry,
};
use zicht_core::Lang;

/// The code of every value is its serde name, and `from_code` turns it back.
fn codes_match_serde<T>(
    all: &[T],
    code: impl Fn(&T) -> &'static str,
    back: impl Fn(&str) -> Option<T>,
) where
    T: serde::Serialize + PartialEq + std::fmt::Debug,
{
    for v in all {
        let json = serde_json::to_value(v).expect("closed-list value serialises");
        assert_eq!(json.as_str(), Some(code(v)), "{v:?}");
        assert_eq!(back(code(v)).as_ref(), Some(v));
    }
}

#[test]
fn codes_are_the_serde_names_and_round_trip() {
    codes_match_serde(&DayPart::ALL, |v| v.code(), DayPart::from_code);
    codes_match_serde(&Setting::ALL, |v| v.code(), Setting::from_code);
    codes_match_serde(&AgeBand::ALL, |v| v.code(), AgeBand::from_code);
    codes_match_serde(&Gender::ALL, |v| v.code(), Gender::from_code);
    codes_match_serde(&Worry::ALL, |v| v.code(), Worry::from_code);
    codes_match_serde(&Step::ALL, |v| v.code(), Step::from_code);
}

#[test]
fn an_unknown_or_empty_code_is_no_value() {
    assert_eq!(Setting::from_code(""), None);
    assert_eq!(AgeBand::from_code("Under12"), None);
    assert_eq!(Gender::from_code("JONGEN"), None);
}

#[test]
fn labels_are_distinct_and_translated() {
    let labels: Vec<K> = Setting::ALL.iter().map(|s| s.label()).collect();
    let mut unique = labels.clone();
    unique.dedup();
    assert_eq!(labels.len(), unique.len());
    assert_eq!(Step::NogNiets.label(), K::ObsStepNogNiets);
    assert_eq!(AgeBand::Unknown.label(), K::ObsAgeOnbekend);
    for lang in [Lang::Nl, Lang::En] {
        assert!(!i18n::t(lang, Worry::Acuut.label()).is_empty());
    }
}

#[test]
fn catalog_knows_its_own_signals_and_no_made_up_id() {
    let catalog = zicht_core::catalog();
    let signal = catalog
        .signals
        .signals
        .first()
        .expect("catalogue has signals");
    assert!(catalog_knows(&signal.id));
    let area = &catalog.regions[0].areas[0];
    assert!(catalog_knows(&area.id));
    assert!(!catalog_knows("not-a-real-id"));
    // The signal lookup knows only signals: an area id is none.
    assert!(zicht_core::observation::catalog_knows_signal(&signal.id));
    assert!(!zicht_core::observation::catalog_knows_signal(&area.id));
    let known = zicht_core::observation::KnownIds::catalog();
    assert!((known.signal)(&signal.id) && (known.area)(&area.id));
    assert!(!(known.form)("not-a-real-id"));
}

#[test]
fn summary_lists_the_fields_and_redacts_the_note() {
    let signal = zicht_core::catalog().signals.signals[0].clone();
    let o = Observation {
        id: "0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b".into(),
        observed_on: "2026-11-23".into(),
        day_part: Some(DayPart::Middag),
        setting: Some(Setting::School),
        age_band: AgeBand::From12To15,
        signals: vec![signal.id.clone()],
        worry: Worry::Zorgelijk,
        steps_taken: vec![Step::Collega, Step::Politie],
        note: "bel 0612345678".into(),
        ..serde_json::from_str::<Observation>(&minimal_json()).expect("minimal observation")
    };
    let text = o.summary(Lang::Nl);
    let t = |k: K| i18n::t(Lang::Nl, k);
    assert!(text.starts_with(t(K::ObsSummaryHeading)));
    assert!(text.contains(&format!("2026-11-23, {}", t(K::ObsDayPartMiddag))));
    assert!(text.contains(signal.title.get(Lang::Nl)));
    assert!(text.contains(&format!(
        "{}; {}",
        t(K::ObsStepCollega),
        t(K::ObsStepPolitie)
    )));
    assert!(text.contains(t(K::ObsSettingSchool)));
    assert!(!text.contains("0612345678"), "the note is redacted: {text}");
    assert!(text.ends_with(t(K::ObsSummaryFor)));

    let bare = Observation {
        setting: None,
        steps_taken: vec![],
        note: String::new(),
        ..o
    };
    let text = bare.summary(Lang::En);
    assert!(!text.contains(i18n::t(Lang::En, K::ObsSetting)));
    assert!(!text.contains(i18n::t(Lang::En, K::ObsSteps)));
    assert!(!text.contains(i18n::t(Lang::En, K::ObsNote)));
}

fn minimal_json() -> String {
    r#"{"id":"0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b","schema":"zicht.observation/1",
    "observed_on":"2026-11-23","day_part":null,"recorded_at":"2026-11-23T13:05:00Z",
    "area":null,"setting":null,"age_band":"onbekend","gender":null,"signals":["x"],
    "forms":[],"recruitment":[],"worry":"twijfel","steps_taken":[],"note":"",
    "meldroute":null,"content_version":"1","corrects":null,"practice":false}"#
        .to_string()
}
