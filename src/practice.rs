//! Practice mode (oefenmodus): one switch for the whole app, remembered on this
//! device, and the practice scores kept in local storage.
//!
//! While it is on, every screen says so (a banner and another header colour),
//! and the observation form writes to the practice bucket with
//! `practice = true`, which the domain never lets the outbox send.

use std::cell::RefCell;

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use zicht_core::store::Bucket;
use zicht_core::training::TrainingScores;

const MODE_KEY: &str = zicht_core::local_keys::PRACTICE;
/// Attribute on `<html>` while practice mode is on; the CSS keys off it.
const ROOT_ATTR: &str = "data-practice";

thread_local! {
    // Reference counted rather than arena owned: it must outlive whichever
    // component happens to read it first.
    static MODE: RefCell<Option<ArcRwSignal<bool>>> = const { RefCell::new(None) };
}

fn mode() -> ArcRwSignal<bool> {
    MODE.with(|m| {
        m.borrow_mut()
            .get_or_insert_with(|| {
                let on = LocalStorage::get::<bool>(MODE_KEY).unwrap_or(false);
                mark_root(on);
                ArcRwSignal::new(on)
            })
            .clone()
    })
}

fn mark_root(on: bool) {
    crate::platform::set_root_attribute(ROOT_ATTR, on.then_some("on"));
}

/// Whether practice mode is on; tracked, so views and effects follow it.
pub fn is_on() -> bool {
    mode().get()
}

/// Whether practice mode is on, without subscribing (for event handlers and
/// async tasks).
pub fn is_on_untracked() -> bool {
    mode().get_untracked()
}

/// Switches practice mode and remembers the choice on this device.
pub fn set(on: bool) {
    // Private mode may refuse storage; the switch then lasts for this visit.
    let _ = LocalStorage::set(MODE_KEY, on);
    mark_root(on);
    mode().set(on);
}

/// The observation bucket new work goes to: practice while the mode is on.
pub fn bucket() -> Bucket {
    if is_on_untracked() {
        Bucket::Practice
    } else {
        Bucket::Real
    }
}

/// A handle on practice mode for components.
#[derive(Clone, Copy, Debug, Default)]
pub struct Practice;

impl Practice {
    pub fn get(self) -> bool {
        is_on()
    }

    pub fn set(self, on: bool) {
        set(on);
    }
}

pub fn use_practice() -> Practice {
    // Reading it once puts the mark on <html> before the first paint.
    let _ = is_on_untracked();
    Practice
}

/// Practice scores on this device; unreadable data gives empty scores.
pub fn load_scores() -> TrainingScores {
    let mut scores = LocalStorage::raw()
        .get_item(zicht_core::local_keys::TRAINING_SCORES)
        .ok()
        .flatten()
        .map(|json| TrainingScores::from_json(&json))
        .unwrap_or_default();
    scores.prune(&zicht_core::catalog().training);
    scores
}

pub fn save_scores(scores: &TrainingScores) {
    let _ =
        LocalStorage::raw().set_item(zicht_core::local_keys::TRAINING_SCORES, &scores.to_json());
}

/// "Alles wissen": forgets every score on this device.
pub fn reset_scores() {
    LocalStorage::delete(zicht_core::local_keys::TRAINING_SCORES);
}
