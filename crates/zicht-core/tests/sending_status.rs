//! One status for every screen (issue 15): the cards, the badge and the
//! status block read the same overview, so after a 201, a 422, a 401 and an
//! offline period they agree.

use zicht_core::outbox::SyncState;
use zicht_core::sending_status::{Conditions, Headline, Item, ItemStatus, Overview};
use zicht_core::Text;

const ON: Conditions = Conditions {
    configured: true,
    paused: false,
};

fn sent() -> SyncState {
    SyncState::Sent {
        receipt: "r-1".into(),
        sent_at_ms: 1,
    }
}

fn rejected() -> SyncState {
    SyncState::Rejected {
        status: 422,
        message: "signals: unknown".into(),
        rejected_at_ms: 2,
    }
}

fn retry() -> SyncState {
    SyncState::RetryLater {
        attempts: 1,
        next_attempt_ms: 10,
        last_error: Text::default(),
        status: Some(503),
    }
}

fn overview(states: &[SyncState], conditions: Conditions) -> Overview {
    Overview::of(
        states.iter().enumerate().map(|(n, state)| Item {
            state,
            recorded_at: [
                "2026-11-01T10:00:00Z",
                "2026-11-02T10:00:00Z",
                "2026-11-03T10:00:00Z",
            ][n % 3],
            practice: false,
        }),
        conditions,
    )
}

#[test]
fn each_state_has_one_status_and_label() {
    let sending = SyncState::Sending {
        since_ms: 5,
        attempts: 0,
    };
    let cases = [
        (SyncState::Pending, ON, ItemStatus::Waiting),
        (retry(), ON, ItemStatus::Waiting),
        (sending.clone(), ON, ItemStatus::Sending),
        (sent(), ON, ItemStatus::Sent),
        (rejected(), ON, ItemStatus::Rejected),
        (
            SyncState::Pending,
            Conditions::default(),
            ItemStatus::OnlyHere,
        ),
        (
            retry(),
            Conditions {
                configured: true,
                paused: true,
            },
            ItemStatus::Paused,
        ),
        // Final states stay what they are, paused or not, endpoint or not.
        (sent(), Conditions::default(), ItemStatus::Sent),
        (
            rejected(),
            Conditions {
                configured: true,
                paused: true,
            },
            ItemStatus::Rejected,
        ),
    ];
    for (state, conditions, expected) in cases {
        assert_eq!(
            ItemStatus::of(&state, conditions),
            expected,
            "{state:?} {conditions:?}"
        );
    }
    let codes: std::collections::BTreeSet<&str> = [
        ItemStatus::OnlyHere,
        ItemStatus::Waiting,
        ItemStatus::Sending,
        ItemStatus::Sent,
        ItemStatus::Rejected,
        ItemStatus::Paused,
    ]
    .into_iter()
    .map(ItemStatus::code)
    .collect();
    assert_eq!(codes.len(), 6, "codes are distinct and never empty");
}

#[test]
fn after_a_422_nothing_says_all_sent_or_waiting_for_the_refused_ones() {
    // Two sent, two refused: the badge shows 0 waiting, the headline the refusal.
    let o = overview(&[sent(), rejected(), sent(), rejected()], ON);
    assert_eq!(o.unsent(), 0);
    assert_eq!(o.rejected, 2);
    assert_eq!(o.headline(), Headline::Rejected(2));
    assert_eq!(o.needs_user(), 2);
}

#[test]
fn a_run_with_201_422_401_and_offline_agrees_at_every_step() {
    let paused = Conditions {
        configured: true,
        paused: true,
    };
    // Recorded offline: three waiting.
    let mut states = vec![SyncState::Pending, SyncState::Pending, SyncState::Pending];
    let o = overview(&states, ON);
    assert_eq!((o.unsent(), o.headline()), (3, Headline::Waiting(3)));
    assert_eq!(
        o.oldest_unsent_ms,
        zicht_core::outbox::parse_rfc3339_ms("2026-11-01T10:00:00Z")
    );
    // 201 for the first.
    states[0] = sent();
    let o = overview(&states, ON);
    assert_eq!(
        (o.unsent(), o.sent, o.headline()),
        (2, 1, Headline::Waiting(2))
    );
    assert_eq!(
        o.oldest_unsent_ms,
        zicht_core::outbox::parse_rfc3339_ms("2026-11-02T10:00:00Z")
    );
    // 422 for the second.
    states[1] = rejected();
    let o = overview(&states, ON);
    assert_eq!(
        (o.unsent(), o.rejected, o.headline()),
        (1, 1, Headline::Waiting(1))
    );
    // 401 for the third: sending pauses; the card, the count and the headline say so.
    states[2] = retry();
    let o = overview(&states, paused);
    assert_eq!(ItemStatus::of(&states[2], paused), ItemStatus::Paused);
    assert_eq!(
        (o.unsent(), o.paused, o.headline()),
        (1, 1, Headline::Paused(1))
    );
    assert_eq!(o.needs_user(), 2);
    // Token fixed, 201: only the refusal is left.
    states[2] = sent();
    let o = overview(&states, ON);
    assert_eq!((o.unsent(), o.headline()), (0, Headline::Rejected(1)));
    assert_eq!(o.oldest_unsent_ms, None);
}

#[test]
fn practice_observations_are_never_counted_and_no_endpoint_means_only_here() {
    let state = SyncState::Pending;
    let items = [
        Item {
            state: &state,
            recorded_at: "2026-11-01T10:00:00Z",
            practice: true,
        },
        Item {
            state: &state,
            recorded_at: "2026-11-01T10:00:00Z",
            practice: false,
        },
    ];
    let o = Overview::of(items, Conditions::default());
    assert_eq!(
        (o.only_here, o.unsent(), o.headline()),
        (1, 1, Headline::OnlyHere(1))
    );
    assert_eq!(Overview::of([], ON).headline(), Headline::AllSent);
}

#[test]
fn the_badge_shows_while_something_waits_or_needs_the_user() {
    assert!(!Overview::default().shows_badge());
    let waiting = Overview {
        waiting: 1,
        ..Overview::default()
    };
    assert!(waiting.shows_badge());
    let refused = Overview {
        rejected: 1,
        ..Overview::default()
    };
    assert!(refused.shows_badge());
    assert_eq!(refused.unsent(), 0);
}

#[test]
fn the_badge_shows_an_age_only_after_a_minute() {
    use zicht_core::sending_status::BADGE_AGE_AFTER_MS;
    let o = Overview {
        waiting: 1,
        oldest_unsent_ms: Some(1_000),
        ..Overview::default()
    };
    assert_eq!(o.badge_since(1_000 + BADGE_AGE_AFTER_MS - 1), None);
    assert_eq!(o.badge_since(1_000 + BADGE_AGE_AFTER_MS), Some(1_000));
    // A clock behind the record shows no age.
    assert_eq!(o.badge_since(0), None);
    assert_eq!(Overview::default().badge_since(u64::MAX), None);
}

#[test]
fn ages_in_minutes_hours_and_days() {
    use zicht_core::i18n::K;
    use zicht_core::sending_status::age;
    const MIN: u64 = 60_000;
    let now = 10_000 * MIN;
    assert_eq!(age(now - 30_000, now, false), (K::SyncAgeNow, 0));
    assert_eq!(age(now - 30_000, now, true), (K::SyncAgeShortMin, 0));
    assert_eq!(age(now - 59 * MIN, now, false), (K::SyncAgeMin, 59));
    assert_eq!(age(now - 60 * MIN, now, false), (K::SyncAgeHours, 1));
    assert_eq!(age(now - 2879 * MIN, now, true), (K::SyncAgeShortHours, 47));
    assert_eq!(age(now - 2880 * MIN, now, false), (K::SyncAgeDays, 2));
    // A time in the future (a next try) reads as now, never as a huge age.
    assert_eq!(age(now + MIN, now, false), (K::SyncAgeNow, 0));
}
