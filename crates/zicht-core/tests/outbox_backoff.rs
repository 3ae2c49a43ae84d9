//! Back-off bounds as properties.
use proptest::prelude::*;
use zicht_core::outbox::*;

#[test]
fn ceiling_doubles_from_two_seconds_to_five_minutes() {
    assert_eq!(backoff_ceiling_ms(0), 2_000);
    assert_eq!(backoff_ceiling_ms(1), 2_000);
    assert_eq!(backoff_ceiling_ms(2), 4_000);
    assert_eq!(backoff_ceiling_ms(3), 8_000);
    assert_eq!(backoff_ceiling_ms(8), 256_000);
    assert_eq!(backoff_ceiling_ms(9), BACKOFF_CAP_MS);
    assert_eq!(backoff_ceiling_ms(u32::MAX), BACKOFF_CAP_MS);
}

#[test]
fn jitter_spans_the_whole_range() {
    assert_eq!(backoff_delay_ms(5, None, 0), BACKOFF_MIN_MS);
    let ceiling = backoff_ceiling_ms(5);
    assert_eq!(backoff_delay_ms(5, None, ceiling - BACKOFF_MIN_MS), ceiling);
}

proptest! {
    #[test]
    fn delay_within_bounds(attempts in any::<u32>(), jitter in any::<u64>(), retry_after in proptest::option::of(any::<u64>())) {
        let d = backoff_delay_ms(attempts, retry_after, jitter);
        let floor = retry_after.unwrap_or(0).min(RETRY_AFTER_CAP_MS);
        // Never earlier than Retry-After (capped), never shorter than the minimum.
        prop_assert!(d >= floor);
        prop_assert!(d >= BACKOFF_MIN_MS);
        // Never longer than the back-off ceiling, unless the server asked for more.
        prop_assert!(d <= backoff_ceiling_ms(attempts).max(floor));
        prop_assert!(d <= BACKOFF_CAP_MS.max(RETRY_AFTER_CAP_MS));
    }

    #[test]
    fn ceiling_is_monotonic(a in 0u32..64) {
        prop_assert!(backoff_ceiling_ms(a) <= backoff_ceiling_ms(a + 1));
        prop_assert!(backoff_ceiling_ms(a) <= BACKOFF_CAP_MS);
    }

    #[test]
    fn apply_retry_schedules_within_bounds(attempts in 0u32..1000, now in 0u64..4_000_000_000_000, jitter in any::<u64>(), secs in proptest::option::of(0u64..100_000)) {
        let state = SyncState::Sending { since_ms: now, attempts };
        let header = secs.map(|s| s.to_string());
        let outcome = classify(503, "", header.as_deref());
        let applied = apply_outcome(&state, &outcome, now, jitter);
        match applied.state {
            SyncState::RetryLater { attempts: a, next_attempt_ms, .. } => {
                prop_assert_eq!(a, attempts + 1);
                let wait = next_attempt_ms - now;
                let floor = secs.map(|s| s * 1000).unwrap_or(0).min(RETRY_AFTER_CAP_MS);
                prop_assert!(wait >= floor.max(BACKOFF_MIN_MS));
                prop_assert!(wait <= BACKOFF_CAP_MS.max(floor));
            }
            other => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn classify_never_panics(status in any::<u16>(), body in ".{0,200}", ra in proptest::option::of(".{0,40}")) {
        let _ = classify(status, &body, ra.as_deref());
    }
}
