//! Which tab drives the outbox when the browser has no Web Locks: a lease in
//! `localStorage` ([`crate::local_keys::OUTBOX_LEASE`]). The shell reads and
//! writes the stored lease; whether this tab may take it, whether it holds
//! it and how long another tab keeps it are decided here.

use serde::{Deserialize, Serialize};

use crate::outbox::{SyncState, REQUEST_TIMEOUT_MS};

/// A lease outlives one request (renewed before each), so a live holder
/// never loses it mid-request.
pub const LEASE_MS: u64 = REQUEST_TIMEOUT_MS + 15_000;
const _: () = assert!(LEASE_MS > REQUEST_TIMEOUT_MS);

/// The stored lease: which tab holds the outbox, and until when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    pub owner: String,
    pub until_ms: u64,
}

impl Lease {
    /// The lease `me` writes when taking or renewing it at `now_ms`.
    pub fn taken_by(me: &str, now_ms: u64) -> Lease {
        Lease {
            owner: me.to_string(),
            until_ms: now_ms + LEASE_MS,
        }
    }
}

/// Whether `me` may write its lease: nobody holds one, it is ours, or the
/// other tab's lease ran out (that tab was closed or killed).
pub fn may_take(current: Option<&Lease>, me: &str, now_ms: u64) -> bool {
    match current {
        Some(lease) => lease.owner == me || lease.until_ms <= now_ms,
        None => true,
    }
}

/// Whether the stored lease is `me`'s.
pub fn holds(current: Option<&Lease>, me: &str) -> bool {
    current.is_some_and(|lease| lease.owner == me)
}

/// How long until the stored lease runs out (0 when there is none).
pub fn remaining_ms(current: Option<&Lease>, now_ms: u64) -> u64 {
    current.map_or(0, |lease| lease.until_ms.saturating_sub(now_ms))
}

/// Whether the newest error shown about sending can go: every real
/// observation is final (sent or refused), so none of them still waits.
/// `records` are `(practice, state)` of the stored observations.
pub fn no_error_left<'a>(records: impl IntoIterator<Item = (bool, &'a SyncState)>) -> bool {
    records
        .into_iter()
        .all(|(practice, state)| practice || state.is_final())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lease(owner: &str, until_ms: u64) -> Lease {
        Lease {
            owner: owner.into(),
            until_ms,
        }
    }

    #[test]
    fn a_free_or_own_lease_may_be_taken() {
        assert!(may_take(None, "me", 10));
        assert!(may_take(Some(&lease("me", 1_000)), "me", 10));
    }

    #[test]
    fn another_tabs_lease_blocks_until_it_runs_out() {
        let other = lease("other", 1_000);
        assert!(!may_take(Some(&other), "me", 999));
        assert!(may_take(Some(&other), "me", 1_000));
        assert!(may_take(Some(&other), "me", 5_000));
    }

    #[test]
    fn a_taken_lease_outlives_a_request() {
        let taken = Lease::taken_by("me", 100);
        assert_eq!(taken.owner, "me");
        assert_eq!(taken.until_ms, 100 + LEASE_MS);
    }

    #[test]
    fn holding_and_remaining_time() {
        let mine = lease("me", 1_000);
        assert!(holds(Some(&mine), "me"));
        assert!(!holds(Some(&mine), "other"));
        assert!(!holds(None, "me"));
        assert_eq!(remaining_ms(Some(&mine), 400), 600);
        assert_eq!(remaining_ms(Some(&mine), 4_000), 0);
        assert_eq!(remaining_ms(None, 4_000), 0);
    }

    #[test]
    fn the_error_goes_only_when_nothing_real_waits() {
        let sent = SyncState::Sent {
            receipt: "r".into(),
            sent_at_ms: 1,
        };
        let pending = SyncState::Pending;
        assert!(no_error_left([]));
        assert!(no_error_left([(false, &sent), (true, &pending)]));
        assert!(!no_error_left([(false, &sent), (false, &pending)]));
    }
}
