//! Which draft the observation form opens with, and the rules of its lists.

use zicht_core::draft::{self, Base, Mode, RestoreInput, NEW_DRAFT};
use zicht_core::i18n::K;
use zicht_core::observation::{Draft, MeldrouteProgress, Observation, Step, Worry};

fn typed(note: &str) -> Draft {
    Draft {
        note: note.into(),
        worry: Some(Worry::Twijfel),
        ..Draft::default()
    }
}

fn saved() -> Observation {
    serde_json::from_str(
        r#"{"id":"0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b","schema":"zicht.observation/1",
        "observed_on":"2026-11-23","day_part":null,"recorded_at":"2026-11-23T13:05:00Z",
        "area":null,"setting":null,"age_band":"onbekend","gender":null,"signals":["a"],
        "forms":[],"recruitment":[],"worry":"zorgelijk","steps_taken":[],"note":"saved",
        "meldroute":null,"content_version":"1","corrects":null,"practice":false}"#,
    )
    .expect("sample observation")
}

fn walk() -> Option<MeldrouteProgress> {
    Some(MeldrouteProgress {
        role: "jongerenwerker".into(),
        path: vec!["start".into()],
    })
}

fn known(id: &str) -> bool {
    id == "known"
}

fn input<'a>(mode: &'a Mode, record: Option<&'a Observation>) -> RestoreInput<'a> {
    RestoreInput {
        mode,
        record,
        walk: walk(),
        preselect: None,
        known_signal: &known,
        practice: false,
    }
}

#[test]
fn modes_and_their_draft_keys() {
    assert_eq!(Mode::new(None, None), Mode::New);
    assert_eq!(
        Mode::new(Some("x".into()), Some("y".into())),
        Mode::Edit("x".into())
    );
    assert_eq!(Mode::new(None, Some("y".into())), Mode::Correct("y".into()));
    assert_eq!(Mode::New.draft_key(), NEW_DRAFT);
    assert_eq!(Mode::Correct("y".into()).draft_key(), NEW_DRAFT);
    assert_eq!(Mode::Edit("x".into()).draft_key(), "edit-x");
    assert_eq!(Mode::New.record_id(), None);
    assert_eq!(Mode::Correct("y".into()).record_id(), Some("y"));
}

#[test]
fn restore_after_a_kill_takes_the_stash_over_indexeddb() {
    let base = Base::new(Some(typed("stash")), Some(typed("older")));
    assert!(
        base.move_stash,
        "the stash is written to IndexedDB, then dropped"
    );
    assert!(!base.needs_record());
    let d = draft::restore(base, input(&Mode::New, None));
    assert_eq!(d.note, "stash");
    assert_eq!(d.meldroute, None, "a typed draft is not linked to the walk");
}

#[test]
fn without_a_stash_the_stored_draft_is_used() {
    let base = Base::new(None, Some(typed("stored")));
    assert!(!base.move_stash);
    assert_eq!(draft::restore(base, input(&Mode::New, None)).note, "stored");
}

#[test]
fn a_blank_new_draft_is_linked_to_the_walk() {
    let base = Base::new(None, None);
    assert!(base.needs_record());
    let d = draft::restore(base, input(&Mode::New, None));
    assert_eq!(d.meldroute, walk());
    assert_eq!(
        Draft {
            meldroute: None,
            ..d
        },
        Draft::default()
    );
}

#[test]
fn edit_keeps_the_id_and_correct_makes_a_correction() {
    let o = saved();
    let edit = Mode::Edit(o.id.clone());
    let d = draft::restore(Base::new(None, None), input(&edit, Some(&o)));
    assert_eq!(d.id.as_deref(), Some(o.id.as_str()));
    assert_eq!(d.note, "saved");
    assert_eq!(d.title_key(), K::ObsEditTitle);

    let correct = Mode::Correct(o.id.clone());
    let d = draft::restore(Base::new(None, None), input(&correct, Some(&o)));
    assert_eq!(d.id, None);
    assert_eq!(d.corrects.as_deref(), Some(o.id.as_str()));
    assert_eq!(d.title_key(), K::ObsCorrectTitle);
    assert_eq!(Draft::default().title_key(), K::ObsNewTitle);
}

#[test]
fn an_autosaved_edit_wins_over_the_saved_record() {
    let o = saved();
    let edit = Mode::Edit(o.id.clone());
    let base = Base::new(None, Some(typed("changed")));
    assert!(!base.needs_record());
    assert_eq!(draft::restore(base, input(&edit, Some(&o))).note, "changed");
}

#[test]
fn preselect_adds_a_known_signal_once_and_ignores_an_unknown_one() {
    let mode = Mode::New;
    let with = |pre: &'static str, base: Base| {
        draft::restore(
            base,
            RestoreInput {
                preselect: Some(pre),
                ..input(&mode, None)
            },
        )
    };
    assert_eq!(with("known", Base::new(None, None)).signals, vec!["known"]);
    assert!(with("made-up", Base::new(None, None)).signals.is_empty());
    let chosen = Draft {
        signals: vec!["known".into()],
        ..Draft::default()
    };
    assert_eq!(
        with("known", Base::new(None, Some(chosen))).signals,
        vec!["known"]
    );
}

#[test]
fn practice_flag_comes_from_the_current_mode() {
    let stored = Draft {
        practice: true,
        ..typed("x")
    };
    let d = draft::restore(
        Base::new(None, Some(stored)),
        RestoreInput {
            practice: false,
            ..input(&Mode::New, None)
        },
    );
    assert!(!d.practice);
    assert!(draft::discarded(true).practice);
    assert_eq!(
        Draft {
            practice: false,
            ..draft::discarded(true)
        },
        Draft::default()
    );
}

#[test]
fn nog_niets_stands_alone() {
    let mut d = Draft::default();
    d.toggle_step(Step::Collega);
    d.toggle_step(Step::Politie);
    assert_eq!(d.steps_taken, vec![Step::Collega, Step::Politie]);
    d.toggle_step(Step::NogNiets);
    assert_eq!(d.steps_taken, vec![Step::NogNiets]);
    d.toggle_step(Step::Collega);
    assert_eq!(d.steps_taken, vec![Step::Collega]);
    d.toggle_step(Step::Collega);
    assert!(d.steps_taken.is_empty());
}

#[test]
fn toggle_id_adds_and_removes() {
    let mut list = vec![];
    draft::toggle_id(&mut list, "a");
    draft::toggle_id(&mut list, "b");
    draft::toggle_id(&mut list, "a");
    assert_eq!(list, vec!["b".to_string()]);
}
