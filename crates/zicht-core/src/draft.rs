//! The observation form's draft decisions: which draft a form opens with, and
//! the rules of its closed lists. The form (`src/pages/observations/form.rs`)
//! fetches what these functions ask for and carries out the storage effects.
//!
//! Restore order, newest first:
//! 1. the localStorage stash, written while the page was torn down (a killed
//!    tab may not have committed its IndexedDB write);
//! 2. the draft in IndexedDB;
//! 3. the observation being edited (kept id) or corrected (new id);
//! 4. a blank draft, linked to the stored meldroute walk.
//!
//! Then a signal preselected in the URL is added (when the catalogue knows it),
//! and the practice flag is set from the current mode.

use crate::i18n::K;
use crate::observation::{Draft, MeldrouteProgress, Observation, Step};

/// Draft key of a new observation (and of a correction).
pub const NEW_DRAFT: &str = "new";

/// What the form was opened for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    New,
    /// Edit a saved, unsent observation in place.
    Edit(String),
    /// Correct a sent observation with a new one.
    Correct(String),
}

impl Mode {
    /// An edit id wins over a `corrects` parameter.
    pub fn new(edit_id: Option<String>, corrects: Option<String>) -> Mode {
        match (edit_id, corrects) {
            (Some(id), _) => Mode::Edit(id),
            (None, Some(id)) => Mode::Correct(id),
            (None, None) => Mode::New,
        }
    }

    /// Where the autosaved draft is kept; only an edit has a key of its own.
    pub fn draft_key(&self) -> String {
        match self {
            Mode::Edit(id) => format!("edit-{id}"),
            Mode::New | Mode::Correct(_) => NEW_DRAFT.to_string(),
        }
    }

    /// The saved observation a blank draft starts from.
    pub fn record_id(&self) -> Option<&str> {
        match self {
            Mode::New => None,
            Mode::Edit(id) | Mode::Correct(id) => Some(id),
        }
    }
}

/// The first step of a restore: the stash or the stored draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base {
    pub draft: Draft,
    /// The stash was used: write it to IndexedDB, then drop the stash once
    /// that has committed.
    pub move_stash: bool,
}

impl Base {
    /// A stash is newer than anything in IndexedDB (it was written last,
    /// synchronously, while the page went away).
    pub fn new(stash: Option<Draft>, stored: Option<Draft>) -> Base {
        match stash {
            Some(draft) => Base {
                draft,
                move_stash: true,
            },
            None => Base {
                draft: stored.unwrap_or_default(),
                move_stash: false,
            },
        }
    }

    /// Only a blank draft is filled from the saved observation; the caller
    /// fetches it when this says so.
    pub fn needs_record(&self) -> bool {
        self.draft == Draft::default()
    }
}

/// What the rest of a restore needs besides the base draft.
pub struct RestoreInput<'a> {
    pub mode: &'a Mode,
    /// The observation of [`Mode::record_id`], when it was found.
    pub record: Option<&'a Observation>,
    /// The meldroute walk stored on the device.
    pub walk: Option<MeldrouteProgress>,
    pub preselect: Option<&'a str>,
    /// Whether the catalogue has this signal.
    pub known_signal: &'a dyn Fn(&str) -> bool,
    pub practice: bool,
}

/// The draft the form opens with.
pub fn restore(base: Base, input: RestoreInput<'_>) -> Draft {
    let mut draft = base.draft;
    if draft == Draft::default() {
        if let Some(o) = input.record {
            draft = match input.mode {
                Mode::Edit(_) => Draft::from_observation(o),
                Mode::Correct(_) | Mode::New => Draft::correcting(o),
            };
        }
        if draft.meldroute.is_none() {
            draft.meldroute = input.walk;
        }
    }
    if let Some(id) = input.preselect.filter(|id| (input.known_signal)(id)) {
        if !draft.signals.iter().any(|s| s == id) {
            draft.signals.push(id.to_string());
        }
    }
    // In practice mode the observation goes to the practice bucket, which the
    // outbox never sends.
    draft.practice = input.practice;
    draft
}

/// The draft after "discard": blank, in the current mode.
pub fn discarded(practice: bool) -> Draft {
    Draft {
        practice,
        ..Draft::default()
    }
}

impl Draft {
    /// Tick or untick a step. "Nog niets" stands alone: ticking it clears the
    /// others, ticking another clears it.
    pub fn toggle_step(&mut self, step: Step) {
        if let Some(pos) = self.steps_taken.iter().position(|s| *s == step) {
            self.steps_taken.remove(pos);
        } else if step == Step::NogNiets {
            self.steps_taken = vec![Step::NogNiets];
        } else {
            self.steps_taken.retain(|s| *s != Step::NogNiets);
            self.steps_taken.push(step);
        }
    }

    /// Acute danger was chosen: the form shows "Bel 112" right under it.
    pub fn asks_for_112(&self) -> bool {
        self.worry == Some(crate::observation::Worry::Acuut)
    }

    /// "Meer details" opens by itself once something in it is filled in, so
    /// a restored draft never hides what it holds.
    pub fn shows_more_details(&self) -> bool {
        !self.note.is_empty() || self.setting.is_some() || self.observed_on.is_some()
    }

    /// The heading of the form: editing, correcting or new.
    pub fn title_key(&self) -> K {
        if self.id.is_some() {
            K::ObsEditTitle
        } else if self.corrects.is_some() {
            K::ObsCorrectTitle
        } else {
            K::ObsNewTitle
        }
    }
}

/// Add an id to a list, or remove it when it is there.
pub fn toggle_id(list: &mut Vec<String>, id: &str) {
    if let Some(pos) = list.iter().position(|s| s == id) {
        list.remove(pos);
    } else {
        list.push(id.to_string());
    }
}

/// How long the form waits after the last keystroke before it writes the
/// draft: short enough that a kill loses at most a word or two, long enough
/// not to write on every key.
pub const AUTOSAVE_DELAY_MS: u64 = 400;

/// What happens to the open form; the shell reports these to [`Session::handle`].
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The draft the form opens with is in place (see [`restore`]).
    Restored,
    /// The user changed the draft; this is the draft after the change.
    Typed(Box<Draft>),
    /// The autosave timer ran out.
    AutosaveDue,
    /// The page was hidden or is being torn down (`pagehide`, hidden tab).
    PageHidden,
    /// The form was left for another screen.
    Left,
    /// "Opslaan" was pressed.
    SaveRequested,
    /// The observation did not pass validation, or the store refused it.
    SaveFailed,
    /// The observation is stored.
    Saved,
    /// The user confirmed "weggooien".
    DiscardConfirmed,
}

/// What the shell carries out, in the order given.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Clear the list of field errors: the user is fixing them.
    ClearErrors,
    /// Show that the latest change is not written yet.
    ShowUnsaved,
    /// (Re)start the autosave timer of [`AUTOSAVE_DELAY_MS`]; it reports
    /// [`Event::AutosaveDue`].
    StartAutosave,
    StopAutosave,
    /// Write the draft to localStorage, synchronously: an IndexedDB
    /// transaction may not get to commit while the page goes away.
    Stash(Draft),
    /// Write the draft to IndexedDB; on success show "concept bewaard".
    WriteDraft {
        draft: Draft,
        /// Drop the stash once the write has committed.
        then_drop_stash: bool,
        /// Show a failed write to the user (not while the page goes away).
        report_failure: bool,
    },
    /// Validate the draft and store it as an observation; the shell reports
    /// [`Event::Saved`] or [`Event::SaveFailed`].
    SaveObservation,
    /// Show the save button as busy, or not.
    ShowSaving(bool),
    DropStash,
    /// Delete the stored draft.
    DeleteDraft,
    /// Forget the meldroute walk the draft was linked to.
    ForgetWalk,
    /// Put a blank draft in the form (see [`discarded`]).
    ResetForm,
}

/// The open observation form: which change is not written yet and whether a
/// save is under way. It lives as long as the form, and its effects must still
/// be carried out after the form's signals are gone (leaving the screen).
#[derive(Clone, Debug, Default)]
pub struct Session {
    loaded: bool,
    /// The last change not yet written anywhere.
    unsaved: Option<Draft>,
    saving: bool,
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    pub fn is_saving(&self) -> bool {
        self.saving
    }

    pub fn handle(&mut self, event: Event) -> Vec<Effect> {
        use Effect::*;
        match event {
            Event::Restored => {
                self.loaded = true;
                vec![]
            }
            Event::Typed(draft) => {
                // Before the restore has finished a change would overwrite
                // the stored draft with a blank one.
                if self.loaded {
                    self.unsaved = Some(*draft);
                }
                vec![ClearErrors, ShowUnsaved, StartAutosave]
            }
            Event::AutosaveDue => self.write(true).into_iter().collect(),
            Event::PageHidden => match self.unsaved.take() {
                Some(draft) => vec![
                    Stash(draft.clone()),
                    WriteDraft {
                        draft,
                        then_drop_stash: true,
                        report_failure: false,
                    },
                ],
                None => vec![],
            },
            Event::Left => {
                let mut effects = vec![StopAutosave];
                effects.extend(self.write(true));
                effects
            }
            Event::SaveRequested if self.saving => vec![],
            Event::SaveRequested => {
                self.saving = true;
                vec![ShowSaving(true), SaveObservation]
            }
            Event::SaveFailed => {
                self.saving = false;
                vec![ShowSaving(false)]
            }
            Event::Saved => {
                // Leaving the form after this must not bring the draft back.
                self.unsaved = None;
                vec![StopAutosave, DropStash, DeleteDraft, ForgetWalk]
            }
            Event::DiscardConfirmed => {
                self.unsaved = None;
                vec![StopAutosave, DropStash, DeleteDraft, ResetForm]
            }
        }
    }

    fn write(&mut self, report_failure: bool) -> Option<Effect> {
        self.unsaved.take().map(|draft| Effect::WriteDraft {
            draft,
            then_drop_stash: false,
            report_failure,
        })
    }
}
