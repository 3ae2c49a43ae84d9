//! Every key the app keeps in the browser's `localStorage`, in one list, so
//! two features can never pick the same key and a reader sees at a glance
//! what the device remembers outside IndexedDB. Values never change: a
//! renamed key would forget what users already stored.

use crate::store::Bucket;
use crate::training::TrainingScores;

/// The interface language the user chose (`platform.rs`).
pub const LANG: &str = "zicht.lang";
/// The role picked on the first screen (`platform.rs`).
pub const ROLE: &str = "zicht.role";
/// The meldroute walk in progress: role and steps (`platform.rs`).
pub const WALK: &str = "zicht.walk";
/// Whether practice mode is on (`practice.rs`).
pub const PRACTICE: &str = "zicht.practice";
/// Training scores (`practice.rs`); defined next to [`TrainingScores`].
pub const TRAINING_SCORES: &str = TrainingScores::STORAGE_KEY;
/// The chosen region (`regions.rs`).
pub const REGION: &str = "zicht.region";
/// The last region pack fetched, for offline use (`regions.rs`).
pub const REGION_PACK: &str = "zicht.region.pack";
/// Why the last region pack was refused (`regions.rs`).
pub const REGION_REFUSED: &str = "zicht.region.refused";
/// The endpoint settings (`sync_settings.rs`).
pub const ENDPOINT: &str = "zicht.endpoint";
/// A pause of sending set by the user (`sync_settings.rs`).
pub const SYNC_PAUSE: &str = "zicht.sync.pause";
/// Which tab drives the outbox, when Web Locks are missing (`sync`).
pub const OUTBOX_LEASE: &str = "zicht.outbox.lease";
/// The trusted sealing key per endpoint (`sync_seal.rs`).
pub const SEAL_TRUST: &str = "zicht.seal.trust";
/// Marks the receiver set on observations (`pages/receiver.rs`).
pub const RECEIVER_MARKS: &str = "zicht.receiver.marks";
/// The address the receiver reads from (`pages/receiver.rs`).
pub const RECEIVER_URL: &str = "zicht.receiver.url";

/// Every fixed key above; the draft stashes ([`draft_stash`]) come on top.
pub const ALL: [&str; 14] = [
    LANG,
    ROLE,
    WALK,
    PRACTICE,
    TRAINING_SCORES,
    REGION,
    REGION_PACK,
    REGION_REFUSED,
    ENDPOINT,
    SYNC_PAUSE,
    OUTBOX_LEASE,
    SEAL_TRUST,
    RECEIVER_MARKS,
    RECEIVER_URL,
];

/// Start of every draft stash key; see [`draft_stash`].
pub const DRAFT_PREFIX: &str = "zicht.draft.";

/// The key of the synchronous stash of an observation draft (written when
/// the page hides, before IndexedDB could finish), per bucket so practice
/// drafts never surface in real mode.
pub fn draft_stash(bucket: Bucket, draft_key: &str) -> String {
    format!("{DRAFT_PREFIX}{}.{draft_key}", bucket.name())
}

/// Name of the Web Lock that elects the tab which drives the outbox. Not a
/// storage key, but named in the same space so it is listed here too.
pub const OUTBOX_LOCK: &str = "zicht-outbox";

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_key_is_distinct_and_in_the_app_namespace() {
        let unique: BTreeSet<&str> = ALL.iter().copied().collect();
        assert_eq!(unique.len(), ALL.len());
        for key in ALL {
            assert!(key.starts_with("zicht."), "{key}");
            assert!(!key.starts_with(DRAFT_PREFIX), "{key}");
        }
    }

    #[test]
    fn draft_stash_keys_are_per_bucket() {
        assert_eq!(
            draft_stash(Bucket::Real, "new"),
            format!("zicht.draft.{}.new", Bucket::Real.name())
        );
        assert_ne!(
            draft_stash(Bucket::Real, "new"),
            draft_stash(Bucket::Practice, "new")
        );
        for key in ALL {
            assert_ne!(draft_stash(Bucket::Real, "new"), key);
        }
    }
}
