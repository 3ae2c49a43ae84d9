//! Which draft the observation form opens with, what the open form writes
//! when (autosave, hidden page, leaving, save, discard), and the rules of its
//! lists.

use zicht_core::draft::{self, Base, Effect, Event, Mode, RestoreInput, Session, NEW_DRAFT};
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

fn write(draft: Draft) -> Effect {
    Effect::WriteDraft {
        draft,
        then_drop_stash: false,
        report_failure: true,
    }
}

fn open_session() -> Session {
    let mut session = Session::new();
    assert_eq!(session.handle(Event::Restored), vec![]);
    session
}

#[test]
fn typing_clears_errors_and_restarts_the_timer_which_writes_the_last_change_once() {
    let mut session = open_session();
    let expected = vec![
        Effect::ClearErrors,
        Effect::ShowUnsaved,
        Effect::StartAutosave,
    ];
    assert_eq!(session.handle(Event::Typed(Box::new(typed("a")))), expected);
    assert_eq!(
        session.handle(Event::Typed(Box::new(typed("ab")))),
        expected
    );
    assert_eq!(session.handle(Event::AutosaveDue), vec![write(typed("ab"))]);
    // Written: the timer of an older keystroke and leaving write nothing more.
    assert_eq!(session.handle(Event::AutosaveDue), vec![]);
    assert_eq!(session.handle(Event::Left), vec![Effect::StopAutosave]);
}

#[test]
fn a_change_before_the_restore_finished_is_not_written_over_the_stored_draft() {
    let mut session = Session::new();
    session.handle(Event::Typed(Box::new(typed("too early"))));
    assert_eq!(session.handle(Event::AutosaveDue), vec![]);
    assert_eq!(session.handle(Event::PageHidden), vec![]);
    session.handle(Event::Restored);
    session.handle(Event::Typed(Box::new(typed("after"))));
    assert_eq!(
        session.handle(Event::AutosaveDue),
        vec![write(typed("after"))]
    );
}

#[test]
fn a_hidden_page_stashes_first_then_writes_and_drops_the_stash_silently() {
    let mut session = open_session();
    session.handle(Event::Typed(Box::new(typed("killed soon"))));
    assert_eq!(
        session.handle(Event::PageHidden),
        vec![
            Effect::Stash(typed("killed soon")),
            Effect::WriteDraft {
                draft: typed("killed soon"),
                then_drop_stash: true,
                report_failure: false,
            },
        ]
    );
    // Hidden again (pagehide after visibilitychange): nothing new to write.
    assert_eq!(session.handle(Event::PageHidden), vec![]);
    assert_eq!(session.handle(Event::AutosaveDue), vec![]);
}

#[test]
fn leaving_the_form_stops_the_timer_and_writes_what_is_pending() {
    let mut session = open_session();
    session.handle(Event::Typed(Box::new(typed("left quickly"))));
    assert_eq!(
        session.handle(Event::Left),
        vec![Effect::StopAutosave, write(typed("left quickly"))]
    );
}

#[test]
fn save_is_not_started_twice_and_a_failure_allows_another_try() {
    let mut session = open_session();
    assert_eq!(
        session.handle(Event::SaveRequested),
        vec![Effect::ShowSaving(true), Effect::SaveObservation]
    );
    assert!(session.is_saving());
    assert_eq!(session.handle(Event::SaveRequested), vec![]);
    assert_eq!(
        session.handle(Event::SaveFailed),
        vec![Effect::ShowSaving(false)]
    );
    assert!(!session.is_saving());
    assert_eq!(
        session.handle(Event::SaveRequested),
        vec![Effect::ShowSaving(true), Effect::SaveObservation]
    );
}

#[test]
fn after_a_save_leaving_the_form_does_not_bring_the_draft_back() {
    // The teardown of the form after "Opslaan" once wrote the draft again,
    // so the next new observation opened with the saved one's answers.
    let mut session = open_session();
    session.handle(Event::Typed(Box::new(typed("saved now"))));
    session.handle(Event::SaveRequested);
    assert_eq!(
        session.handle(Event::Saved),
        vec![
            Effect::StopAutosave,
            Effect::DropStash,
            Effect::DeleteDraft,
            Effect::ForgetWalk
        ]
    );
    assert_eq!(session.handle(Event::Left), vec![Effect::StopAutosave]);
    assert_eq!(session.handle(Event::PageHidden), vec![]);
}

#[test]
fn discard_forgets_the_draft_everywhere_and_blanks_the_form() {
    let mut session = open_session();
    session.handle(Event::Typed(Box::new(typed("weg ermee"))));
    assert_eq!(
        session.handle(Event::DiscardConfirmed),
        vec![
            Effect::StopAutosave,
            Effect::DropStash,
            Effect::DeleteDraft,
            Effect::ResetForm
        ]
    );
    assert_eq!(session.handle(Event::AutosaveDue), vec![]);
    assert_eq!(session.handle(Event::Left), vec![Effect::StopAutosave]);
    // Typing again after a discard is a new draft, written as usual.
    session.handle(Event::Typed(Box::new(typed("opnieuw"))));
    assert_eq!(
        session.handle(Event::AutosaveDue),
        vec![write(typed("opnieuw"))]
    );
}

#[test]
fn acute_worry_asks_for_112_and_filled_details_stay_open() {
    let mut draft = Draft::default();
    assert!(!draft.asks_for_112() && !draft.shows_more_details());
    draft.worry = Some(Worry::Acuut);
    assert!(draft.asks_for_112());
    draft.worry = Some(Worry::Twijfel);
    assert!(!draft.asks_for_112());
    assert!(typed("iets in de notitie").shows_more_details());
}
