//! Scheduler order, one in flight, pause, practice, corrections.
use zicht_core::outbox::*;

fn item<'a>(id: &'a str, at: &'a str, state: &'a SyncState) -> OutboxItem<'a> {
    OutboxItem {
        id,
        recorded_at: at,
        practice: false,
        state,
    }
}

fn retry(next: u64) -> SyncState {
    SyncState::RetryLater {
        attempts: 1,
        next_attempt_ms: next,
        last_error: zicht_core::Text::default(),
        status: Some(503),
    }
}

const NOW: u64 = 1_000_000;

#[test]
fn oldest_due_first() {
    let p = SyncState::Pending;
    let items = [
        item("c", "2026-11-20T10:00:00Z", &p),
        item("a", "2026-11-20T09:00:00+01:00", &p), // 08:00Z, the oldest
        item("b", "2026-11-20T09:00:00Z", &p),
    ];
    assert_eq!(
        decide(&items, false, NOW),
        Decision::Send { id: "a".into() }
    );
}

#[test]
fn ties_break_on_id_and_bad_timestamps_go_last() {
    let p = SyncState::Pending;
    let items = [
        item("z", "not a date", &p),
        item("b", "2026-11-20T09:00:00Z", &p),
        item("a", "2026-11-20T09:00:00Z", &p),
    ];
    assert_eq!(
        decide(&items, false, NOW),
        Decision::Send { id: "a".into() }
    );
    let items = [item("z", "not a date", &p)];
    assert_eq!(
        decide(&items, false, NOW),
        Decision::Send { id: "z".into() }
    );
}

#[test]
fn only_one_in_flight() {
    let p = SyncState::Pending;
    let s = SyncState::Sending {
        since_ms: NOW - 1_000,
        attempts: 0,
    };
    let items = [
        item("old", "2026-11-20T08:00:00Z", &p),
        item("new", "2026-11-21T08:00:00Z", &s),
    ];
    assert_eq!(
        decide(&items, false, NOW),
        Decision::Busy {
            id: "new".into(),
            recheck_in_ms: SENDING_STALE_MS - 1_000
        }
    );
    assert_eq!(start_sending(&s, false, NOW), Err(Refusal::InFlight));
}

#[test]
fn an_abandoned_request_is_sent_again() {
    let p = SyncState::Pending;
    let s = SyncState::Sending {
        since_ms: NOW - SENDING_STALE_MS,
        attempts: 3,
    };
    let items = [
        item("new", "2026-11-21T08:00:00Z", &p),
        item("stale", "2026-11-20T08:00:00Z", &s),
    ];
    assert_eq!(
        decide(&items, false, NOW),
        Decision::Send { id: "stale".into() }
    );
    assert_eq!(
        start_sending(&s, false, NOW),
        Ok(SyncState::Sending {
            since_ms: NOW,
            attempts: 3
        })
    );
}

#[test]
fn nothing_while_paused() {
    let p = SyncState::Pending;
    let items = [item("a", "2026-11-20T08:00:00Z", &p)];
    assert_eq!(decide(&items, true, NOW), Decision::Paused);
    assert_eq!(decide(&[], true, NOW), Decision::Paused);
}

#[test]
fn future_attempts_wait_and_give_the_timer_delay() {
    let (r1, r2) = (retry(NOW + 5_000), retry(NOW + 2_000));
    let items = [
        item("a", "2026-11-20T08:00:00Z", &r1),
        item("b", "2026-11-20T09:00:00Z", &r2),
    ];
    assert_eq!(
        decide(&items, false, NOW),
        Decision::Wait { delay_ms: 2_000 }
    );
    // A newer due item is not held back by an older one waiting for its back-off.
    let p = SyncState::Pending;
    let items = [
        item("a", "2026-11-20T08:00:00Z", &r1),
        item("c", "2026-11-22T08:00:00Z", &p),
    ];
    assert_eq!(
        decide(&items, false, NOW),
        Decision::Send { id: "c".into() }
    );
    // Due exactly now counts as due.
    let r3 = retry(NOW);
    let items = [item("a", "2026-11-20T08:00:00Z", &r3)];
    assert_eq!(
        decide(&items, false, NOW),
        Decision::Send { id: "a".into() }
    );
    // "Send now" makes a waiting one due.
    let items = [item("a", "2026-11-20T08:00:00Z", &r1)];
    let now_state = send_now(&r1, NOW);
    assert!(matches!(decide(&items, false, NOW), Decision::Wait { .. }));
    let items = [item("a", "2026-11-20T08:00:00Z", &now_state)];
    assert_eq!(
        decide(&items, false, NOW),
        Decision::Send { id: "a".into() }
    );
}

#[test]
fn final_states_are_idle() {
    let sent = SyncState::Sent {
        receipt: "r".into(),
        sent_at_ms: 1,
    };
    let rej = SyncState::Rejected {
        status: 422,
        message: String::new(),
        rejected_at_ms: 1,
    };
    let items = [
        item("a", "2026-11-20T08:00:00Z", &sent),
        item("b", "2026-11-20T08:00:00Z", &rej),
    ];
    assert_eq!(decide(&items, false, NOW), Decision::Idle);
    assert_eq!(decide(&[], false, NOW), Decision::Idle);
    assert_eq!(start_sending(&sent, false, NOW), Err(Refusal::Final));
    assert_eq!(start_sending(&rej, false, NOW), Err(Refusal::Final));
}

#[test]
fn practice_observations_are_never_sent() {
    let p = SyncState::Pending;
    let s = SyncState::Sending {
        since_ms: NOW,
        attempts: 0,
    };
    let r = retry(NOW - 1);
    for state in [&p, &s, &r] {
        let items = [OutboxItem {
            id: "practice",
            recorded_at: "2020-01-01T00:00:00Z",
            practice: true,
            state,
        }];
        // Whatever the state and with or without pause: never sent, never blocking.
        assert_eq!(decide(&items, false, NOW), Decision::Idle);
        assert_eq!(start_sending(state, true, NOW), Err(Refusal::Practice));
    }
    let items = [
        OutboxItem {
            id: "practice",
            recorded_at: "2020-01-01T00:00:00Z",
            practice: true,
            state: &p,
        },
        item("real", "2026-11-20T08:00:00Z", &p),
    ];
    assert_eq!(
        decide(&items, false, NOW),
        Decision::Send { id: "real".into() }
    );
    // Also refused when building the request, whatever the configuration.
    let cfg = EndpointConfig {
        url: "https://meldpunt.example.nl".into(),
        token: Some("abcdef0123456789".into()),
        label: None,
    };
    let body = r#"{"id":"0b6f3c9e-2f4a-4c1e-9d7b-1a2b3c4d5e6f","practice":true}"#;
    assert_eq!(
        build_observation_request(&cfg, "0b6f3c9e-2f4a-4c1e-9d7b-1a2b3c4d5e6f", body),
        Err(RequestError::Practice)
    );
    assert!(Refusal::Practice.text().nl.contains("oefen"));
}

#[test]
fn a_full_round_pending_to_sent() {
    let mut state = SyncState::Pending;
    let mut now = NOW;
    // Two failures, then a receipt.
    for answer in [(503, ""), (0, ""), (201, r#"{"id":"x","receipt":"R-9"}"#)] {
        state = start_sending(&state, false, now).expect("may send");
        let outcome = classify(answer.0, answer.1, None);
        state = apply_outcome(&state, &outcome, now + 10, 12_345).state;
        if let SyncState::RetryLater {
            next_attempt_ms, ..
        } = state
        {
            let items = [item("x", "2026-11-20T08:00:00Z", &state)];
            assert!(matches!(
                decide(&items, false, now + 10),
                Decision::Wait { .. }
            ));
            now = next_attempt_ms;
        }
    }
    assert_eq!(
        state,
        SyncState::Sent {
            receipt: "R-9".into(),
            sent_at_ms: now + 10
        }
    );
}

#[test]
fn corrections() {
    let old = "0b6f3c9e-2f4a-4c1e-9d7b-1a2b3c4d5e6f";
    let new = "9f1c2b3a-4d5e-4f60-8a7b-6c5d4e3f2a1b";
    let rej = SyncState::Rejected {
        status: 422,
        message: String::new(),
        rejected_at_ms: 1,
    };
    let sent = SyncState::Sent {
        receipt: "r".into(),
        sent_at_ms: 1,
    };
    for state in [&rej, &sent] {
        assert_eq!(edit_policy(state, false), EditPolicy::AsCorrection);
        assert_eq!(
            plan_correction(old, state, false, new),
            Ok(CorrectionPlan {
                id: new.into(),
                corrects: old.into(),
                state: SyncState::Pending
            })
        );
    }
    assert_eq!(
        plan_correction(old, &rej, false, old),
        Err(CorrectionError::BadNewId)
    );
    assert_eq!(
        plan_correction(old, &rej, false, "not-a-uuid"),
        Err(CorrectionError::BadNewId)
    );
    // v1 UUID is not v4.
    assert_eq!(
        plan_correction(old, &rej, false, "9f1c2b3a-4d5e-1f60-8a7b-6c5d4e3f2a1b"),
        Err(CorrectionError::BadNewId)
    );
    assert_eq!(edit_policy(&SyncState::Pending, false), EditPolicy::InPlace);
    assert_eq!(
        plan_correction(old, &SyncState::Pending, false, new),
        Err(CorrectionError::NotFinal(EditPolicy::InPlace))
    );
    let s = SyncState::Sending {
        since_ms: 0,
        attempts: 0,
    };
    assert_eq!(edit_policy(&s, false), EditPolicy::Locked);
    assert_eq!(edit_policy(&retry(5), false), EditPolicy::Locked);
    assert_eq!(
        plan_correction(old, &retry(5), false, new),
        Err(CorrectionError::NotFinal(EditPolicy::Locked))
    );
    // Practice observations never left the device.
    assert_eq!(edit_policy(&rej, true), EditPolicy::InPlace);
}

#[test]
fn interrupted_request_is_due_after_its_timeout_without_counting_an_attempt() {
    // Killed mid-request a moment ago: without recovery the scheduler would
    // wait SENDING_STALE_MS; the lock holder makes it due once the abandoned
    // request's own timeout has passed, so a slow endpoint is not hit twice.
    let sending = SyncState::Sending {
        since_ms: NOW - 1_000,
        attempts: 2,
    };
    assert!(matches!(
        decide(&[item("a", "2026-11-20T09:00:00Z", &sending)], false, NOW),
        Decision::Busy { .. }
    ));
    let recovered = recover_interrupted(&sending, NOW).expect("sending is recovered");
    match &recovered {
        SyncState::RetryLater {
            attempts,
            next_attempt_ms,
            last_error,
            status,
        } => {
            assert_eq!(*attempts, 2, "an interruption is not a failed attempt");
            assert_eq!(*next_attempt_ms, NOW - 1_000 + REQUEST_TIMEOUT_MS);
            assert!(last_error.nl.contains("onderbroken"), "{}", last_error.nl);
            assert!(!last_error.en.is_empty());
            assert_eq!(*status, None);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(matches!(
        decide(&[item("a", "2026-11-20T09:00:00Z", &recovered)], false, NOW),
        Decision::Wait { .. }
    ));
    let due = NOW - 1_000 + REQUEST_TIMEOUT_MS;
    assert_eq!(
        decide(&[item("a", "2026-11-20T09:00:00Z", &recovered)], false, due),
        Decision::Send { id: "a".into() }
    );
    // Interrupted long ago: due at once; started "in the future": one timeout from now.
    for (since_ms, expected) in [
        (NOW - 600_000, NOW),
        (NOW + 600_000, NOW + REQUEST_TIMEOUT_MS),
    ] {
        let old = SyncState::Sending {
            since_ms,
            attempts: 0,
        };
        match recover_interrupted(&old, NOW) {
            Some(SyncState::RetryLater {
                next_attempt_ms, ..
            }) => assert_eq!(next_attempt_ms, expected),
            other => panic!("unexpected {other:?}"),
        }
    }
    // Starting again keeps the attempt count for the back-off.
    assert_eq!(
        start_sending(&recovered, false, NOW),
        Ok(SyncState::Sending {
            since_ms: NOW,
            attempts: 2
        })
    );
}

#[test]
fn recovery_leaves_every_other_state_alone() {
    let states = [
        SyncState::Pending,
        retry(NOW + 5_000),
        SyncState::Sent {
            receipt: "r-1".into(),
            sent_at_ms: NOW,
        },
        SyncState::Rejected {
            status: 422,
            message: "bad".into(),
            rejected_at_ms: NOW,
        },
    ];
    for state in states {
        assert_eq!(recover_interrupted(&state, NOW), None, "{state:?}");
    }
}

#[test]
fn outbox_texts_come_from_the_catalogue_in_both_languages() {
    let rejected = rejected_text(422, "veld {status} ontbreekt");
    assert!(rejected.nl.contains("HTTP 422"));
    // Braces in the server's words are shown as they are, never filled in.
    assert!(
        rejected.nl.contains("veld {status} ontbreekt"),
        "{}",
        rejected.nl
    );
    assert!(rejected.en.contains("The endpoint said"));
    let plain = rejected_text(400, "");
    assert!(!plain.nl.contains('“'));
    let health = HealthCheck::Status(503).text();
    assert!(health.nl.contains("HTTP 503") && health.en.contains("HTTP 503"));
    for err in [UrlError::Empty, UrlError::NotHttps, UrlError::HttpNotLocal] {
        let text = err.text();
        assert!(!text.nl.is_empty() && !text.en.is_empty() && text.nl != text.en);
    }
}
