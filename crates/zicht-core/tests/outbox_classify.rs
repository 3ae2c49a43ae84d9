//! Every HTTP status 100–599 against the protocol table
//! (`docs/referral-protocol.md`) and the documented decisions for the rest.
use zicht_core::outbox::*;

const RECEIPT: &str = r#"{"id":"0b6f3c9e-2f4a-4c1e-9d7b-1a2b3c4d5e6f","receipt":"R-1"}"#;

/// The expectation, written out independently of `status_kind`.
fn expected(status: u16) -> OutcomeKind {
    use OutcomeKind::*;
    match status {
        // The protocol table.
        201 | 200 => Stored,
        400 | 413 | 422 => Rejected,
        401 | 403 => Pause,
        408 | 425 | 429 => RetryLater,
        500..=599 => RetryLater,
        // Decisions for statuses the table does not list.
        100..=199 | 202..=299 | 300..=399 => RetryLater,
        407 | 404 | 405 | 406 | 410 | 414 | 415 => Pause,
        421 => RetryLater,
        402 | 409 | 411 | 412 | 416..=418 | 419 | 420 | 423 | 424 | 426..=428 | 430..=499 => {
            Rejected
        }
        _ => unreachable!("status {status} not in the table"),
    }
}

#[test]
fn every_status_from_100_to_599_with_a_receipt_body() {
    for status in 100..=599u16 {
        let got = classify(status, RECEIPT, None);
        assert_eq!(got.kind(), expected(status), "status {status}: {got:?}");
        assert_eq!(
            status_kind(status),
            expected(status),
            "status_kind {status}"
        );
    }
}

#[test]
fn every_status_with_an_empty_or_html_body() {
    for body in [
        "",
        "<html><body>Log in to the Wi-Fi</body></html>",
        "{\"error\":\"x\"}",
    ] {
        for status in 100..=599u16 {
            let got = classify(status, body, None);
            let want = match expected(status) {
                // No receipt: never count it as stored.
                OutcomeKind::Stored => OutcomeKind::RetryLater,
                other => other,
            };
            assert_eq!(got.kind(), want, "status {status} body {body:?}: {got:?}");
        }
    }
}

#[test]
fn stored_carries_receipt_and_repeat_flag() {
    assert_eq!(
        classify(201, RECEIPT, None),
        Outcome::Stored {
            receipt: "R-1".into(),
            repeat: false
        }
    );
    assert_eq!(
        classify(200, RECEIPT, None),
        Outcome::Stored {
            receipt: "R-1".into(),
            repeat: true
        }
    );
    assert_eq!(
        classify(201, r#"{"id":"x","receipt":42}"#, None),
        Outcome::Stored {
            receipt: "42".into(),
            repeat: false
        }
    );
    for bad in [
        r#"{"id":"x"}"#,
        r#"{"receipt":""}"#,
        r#"{"receipt":null}"#,
        "[1]",
        "{",
        "ok",
    ] {
        assert_eq!(
            classify(201, bad, None).kind(),
            OutcomeKind::RetryLater,
            "{bad}"
        );
    }
}

#[test]
fn rejected_keeps_the_server_message_cleaned_and_bounded() {
    assert_eq!(
        classify(422, r#"{"error":"signals: expected an array"}"#, None),
        Outcome::Rejected {
            status: 422,
            message: "signals: expected an array".into()
        }
    );
    assert_eq!(
        classify(400, r#"{"error":{"message":"truncated"}}"#, None),
        Outcome::Rejected {
            status: 400,
            message: "truncated".into()
        }
    );
    assert_eq!(
        classify(413, "too large\n", None),
        Outcome::Rejected {
            status: 413,
            message: "too large".into()
        }
    );
    // HTML is not shown to the user.
    assert_eq!(
        classify(400, "<html>Bad</html>", None),
        Outcome::Rejected {
            status: 400,
            message: String::new()
        }
    );
    let long = format!("{{\"error\":\"{}\\u0007\"}}", "x".repeat(5000));
    match classify(422, &long, None) {
        Outcome::Rejected { message, .. } => {
            assert!(message.chars().count() <= 300);
            assert!(!message.chars().any(char::is_control));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn auth_and_endpoint_pauses() {
    for s in [401, 403, 407] {
        assert_eq!(
            classify(s, "", None),
            Outcome::Pause {
                status: s,
                reason: PauseReason::Auth
            }
        );
    }
    for s in [404, 405, 406, 410, 414, 415] {
        assert_eq!(
            classify(s, "", None),
            Outcome::Pause {
                status: s,
                reason: PauseReason::Endpoint
            }
        );
    }
}

#[test]
fn retry_causes_and_retry_after() {
    assert_eq!(
        classify(503, "", Some("120")),
        Outcome::RetryLater {
            cause: RetryCause::Status(503),
            retry_after: Some(RetryAfter::Seconds(120))
        }
    );
    assert_eq!(
        classify(429, "", Some("garbage")),
        Outcome::RetryLater {
            cause: RetryCause::Status(429),
            retry_after: None
        }
    );
    assert_eq!(
        classify(302, "", None),
        Outcome::RetryLater {
            cause: RetryCause::Unexpected(302),
            retry_after: None
        }
    );
    assert_eq!(
        classify(204, "", None),
        Outcome::RetryLater {
            cause: RetryCause::Unexpected(204),
            retry_after: None
        }
    );
}

#[test]
fn statuses_outside_the_http_range_are_network_errors() {
    for s in [0u16, 1, 99, 600, 999, u16::MAX] {
        assert_eq!(
            classify(s, RECEIPT, None),
            Outcome::RetryLater {
                cause: RetryCause::Network,
                retry_after: None
            },
            "{s}"
        );
    }
}

#[test]
fn network_errors_and_timeouts_retry() {
    assert_eq!(
        classify_failure(TransportFailure::Network),
        Outcome::RetryLater {
            cause: RetryCause::Network,
            retry_after: None
        }
    );
    assert_eq!(
        classify_failure(TransportFailure::Timeout),
        Outcome::RetryLater {
            cause: RetryCause::Timeout,
            retry_after: None
        }
    );
    let applied = apply_outcome(
        &SyncState::Sending {
            since_ms: 0,
            attempts: 0,
        },
        &classify_failure(TransportFailure::Timeout),
        10_000,
        0,
    );
    match applied.state {
        SyncState::RetryLater {
            attempts,
            next_attempt_ms,
            last_error,
            status,
        } => {
            assert_eq!(attempts, 1);
            assert!(next_attempt_ms >= 10_000 + BACKOFF_MIN_MS);
            assert!(last_error.nl.contains("niet op tijd"), "{}", last_error.nl);
            assert!(last_error.en.contains("in time"));
            assert_eq!(status, None);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(applied.pause, None);
}

#[test]
fn retry_after_seconds_and_http_dates() {
    assert_eq!(parse_retry_after("0"), Some(RetryAfter::Seconds(0)));
    assert_eq!(parse_retry_after(" 30 "), Some(RetryAfter::Seconds(30)));
    assert_eq!(
        parse_retry_after("99999999999999999999999"),
        Some(RetryAfter::Seconds(u64::MAX))
    );
    // The three formats of RFC 9110 for 1994-11-06T08:49:37Z.
    let want = Some(RetryAfter::At(784_111_777_000));
    assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"), want);
    assert_eq!(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT"), want);
    assert_eq!(parse_retry_after("Sun Nov  6 08:49:37 1994"), want);
    assert_eq!(
        parse_retry_after("Mon, 23 Nov 2026 10:00:00 GMT"),
        Some(RetryAfter::At(1_795_428_000_000))
    );
    for bad in [
        "",
        "-5",
        "1.5",
        "soon",
        "Sun, 31 Feb 2026 00:00:00 GMT",
        "Sun, 06 Nov 1994 25:00:00 GMT",
        "Sun, 06 Nov 1994 08:49:37 CET",
    ] {
        assert_eq!(parse_retry_after(bad), None, "{bad:?}");
    }
    assert_eq!(RetryAfter::Seconds(3).delay_ms(0), 3_000);
    assert_eq!(RetryAfter::At(5_000).delay_ms(2_000), 3_000);
    assert_eq!(RetryAfter::At(5_000).delay_ms(9_000), 0);
    assert_eq!(RetryAfter::Seconds(u64::MAX).delay_ms(0), u64::MAX);
}

#[test]
fn rfc3339_parsing() {
    assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
    assert_eq!(
        parse_rfc3339_ms("1994-11-06T08:49:37.5Z"),
        Some(784_111_777_500)
    );
    assert_eq!(
        parse_rfc3339_ms("1994-11-06T09:49:37+01:00"),
        Some(784_111_777_000)
    );
    assert_eq!(
        parse_rfc3339_ms("2024-02-29T00:00:00.123456Z"),
        Some(1_709_164_800_123)
    );
    for bad in [
        "",
        "2024-02-30T00:00:00Z",
        "2024-01-01",
        "2024-01-01T00:00:00",
        "2024-01-01T00:00:00+1:00",
    ] {
        assert_eq!(parse_rfc3339_ms(bad), None, "{bad:?}");
    }
}

#[test]
fn apply_outcome_transitions() {
    let sending = SyncState::Sending {
        since_ms: 1_000,
        attempts: 2,
    };
    let sent = apply_outcome(&sending, &classify(201, RECEIPT, None), 2_000, 7);
    assert_eq!(
        sent.state,
        SyncState::Sent {
            receipt: "R-1".into(),
            sent_at_ms: 2_000
        }
    );
    // A late answer never undoes a receipt.
    let late = apply_outcome(&sent.state, &classify(500, "", None), 3_000, 7);
    assert_eq!(late.state, sent.state);

    let rejected = apply_outcome(
        &sending,
        &classify(422, r#"{"error":"id"}"#, None),
        2_000,
        7,
    );
    assert_eq!(
        rejected.state,
        SyncState::Rejected {
            status: 422,
            message: "id".into(),
            rejected_at_ms: 2_000
        }
    );
    assert!(rejected.state.is_final());
    assert!(rejected.state.describe().nl.contains("geweigerd"));

    let paused = apply_outcome(&sending, &classify(401, "", None), 2_000, 7);
    assert_eq!(
        paused.pause,
        Some(Pause {
            reason: PauseReason::Auth,
            status: 401,
            since_ms: 2_000
        })
    );
    match &paused.state {
        // Nothing is discarded; the pause does not count as an attempt.
        SyncState::RetryLater {
            attempts: 2,
            next_attempt_ms: 2_000,
            status: Some(401),
            last_error,
        } => {
            assert!(last_error.nl.contains("gepauzeerd"));
            assert!(last_error.en.contains("paused"));
        }
        other => panic!("{other:?}"),
    }
    assert!(paused
        .pause
        .as_ref()
        .map(|p| p.message().nl.contains("toegangscode"))
        .unwrap_or(false));

    // Retry-After is honoured even on the first attempt.
    let retry = apply_outcome(&sending, &classify(503, "", Some("600")), 2_000, 0);
    match retry.state {
        SyncState::RetryLater {
            attempts: 3,
            next_attempt_ms,
            ..
        } => {
            assert_eq!(next_attempt_ms, 2_000 + 600_000)
        }
        other => panic!("{other:?}"),
    }
    // An absurd Retry-After is capped at an hour.
    let retry = apply_outcome(&sending, &classify(503, "", Some("999999999")), 2_000, 0);
    match retry.state {
        SyncState::RetryLater {
            next_attempt_ms, ..
        } => {
            assert_eq!(next_attempt_ms, 2_000 + RETRY_AFTER_CAP_MS)
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn sync_state_serde_round_trip_and_default() {
    assert_eq!(SyncState::default(), SyncState::Pending);
    let states = [
        SyncState::Pending,
        SyncState::Sending {
            since_ms: 1,
            attempts: 0,
        },
        SyncState::RetryLater {
            attempts: 1,
            next_attempt_ms: 2,
            last_error: zicht_core::Text {
                nl: "a".into(),
                en: "b".into(),
            },
            status: Some(503),
        },
        SyncState::Sent {
            receipt: "r".into(),
            sent_at_ms: 3,
        },
        SyncState::Rejected {
            status: 400,
            message: "m".into(),
            rejected_at_ms: 4,
        },
    ];
    for s in states {
        let json = serde_json::to_string(&s).expect("serialises");
        let back: SyncState = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, s, "{json}");
    }
    assert_eq!(
        serde_json::to_string(&SyncState::Pending).ok().as_deref(),
        Some(r#"{"state":"pending"}"#)
    );
}

#[test]
fn a_receipt_for_another_id_is_not_proof() {
    let id = "0b6f3c9e-2f4a-4c1e-9d7b-1a2b3c4d5e6f";
    assert_eq!(
        classify_response(id, 201, RECEIPT, None),
        Outcome::Stored {
            receipt: "R-1".into(),
            repeat: false
        }
    );
    // Without an echoed id the receipt is accepted, as the table allows.
    assert_eq!(
        classify_response(id, 200, r#"{"receipt":"R-2"}"#, None).kind(),
        OutcomeKind::Stored
    );
    assert_eq!(
        classify_response("9f1c2b3a-4d5e-4f60-8a7b-6c5d4e3f2a1b", 201, RECEIPT, None),
        Outcome::RetryLater {
            cause: RetryCause::Unexpected(201),
            retry_after: None
        }
    );
    // Other outcomes pass through unchanged.
    assert_eq!(
        classify_response(id, 422, "", None),
        classify(422, "", None)
    );
}

#[test]
fn a_sent_state_without_time_still_reads() {
    let s: SyncState = serde_json::from_str(r#"{"state":"sent","receipt":"r-1"}"#).expect("parses");
    assert_eq!(
        s,
        SyncState::Sent {
            receipt: "r-1".into(),
            sent_at_ms: 0
        }
    );
}
