//! `MemoryStore` passes every case of `store::conformance`, one test per case
//! so a failure names its behaviour; plus the store's error messages.

use pollster::block_on;
use zicht_core::i18n::{self, K};
use zicht_core::observation::{uuid_v4_from_bytes, Observation};
use zicht_core::store::{
    check_put, conformance, is_sent, Bucket, MemoryStore, ObservationStore, StoreError,
    StoredObservation, SCHEMA_VERSION,
};
use zicht_core::Lang;

fn run(result: Result<(), String>) {
    if let Err(why) = result {
        panic!("{why}");
    }
}

#[test]
fn put_get_round_trip() {
    run(block_on(conformance::put_get_round_trip(
        &MemoryStore::new(),
    )));
}

#[test]
fn list_is_oldest_first() {
    run(block_on(conformance::list_is_oldest_first(
        &MemoryStore::new(),
    )));
}

#[test]
fn delete_removes_one() {
    run(block_on(conformance::delete_removes_one(
        &MemoryStore::new(),
    )));
}

#[test]
fn clear_counts_and_empties() {
    run(block_on(conformance::clear_counts_and_empties(
        &MemoryStore::new(),
    )));
}

#[test]
fn drafts_round_trip() {
    run(block_on(
        conformance::drafts_round_trip(&MemoryStore::new()),
    ));
}

#[test]
fn sent_is_read_only() {
    run(block_on(
        conformance::sent_is_read_only(&MemoryStore::new()),
    ));
}

#[test]
fn practice_and_real_are_separate() {
    run(block_on(conformance::practice_and_real_are_separate(
        &MemoryStore::new(),
    )));
}

#[test]
fn count_unsent() {
    run(block_on(conformance::count_unsent(&MemoryStore::new())));
}

#[test]
fn reports_schema_version() {
    run(block_on(conformance::reports_schema_version(
        &MemoryStore::new(),
    )));
    assert_eq!(MemoryStore::new().schema_version(), SCHEMA_VERSION);
}

#[test]
fn run_all_covers_every_case_on_fresh_stores() {
    let mut made = 0;
    run(block_on(conformance::run_all(|| {
        made += 1;
        async { MemoryStore::new() }
    })));
    assert_eq!(made, conformance::CASES.len());
}

/// A store that forgets everything: `run_all` must report its failures by case.
struct Forgetful;

impl ObservationStore for Forgetful {
    fn schema_version(&self) -> u32 {
        SCHEMA_VERSION
    }
    async fn put(&self, _: Bucket, _: StoredObservation) -> Result<(), StoreError> {
        Ok(())
    }
    async fn get(&self, _: Bucket, _: &str) -> Result<Option<StoredObservation>, StoreError> {
        Ok(None)
    }
    async fn list(&self, _: Bucket) -> Result<Vec<StoredObservation>, StoreError> {
        Ok(vec![])
    }
    async fn delete(&self, _: Bucket, _: &str) -> Result<(), StoreError> {
        Err(StoreError::NotFound)
    }
    async fn clear(&self, _: Bucket) -> Result<usize, StoreError> {
        Ok(0)
    }
    async fn count_unsent(&self, _: Bucket) -> Result<usize, StoreError> {
        Ok(0)
    }
    async fn put_draft(
        &self,
        _: Bucket,
        _: &str,
        _: &zicht_core::observation::Draft,
    ) -> Result<(), StoreError> {
        Ok(())
    }
    async fn get_draft(
        &self,
        _: Bucket,
        _: &str,
    ) -> Result<Option<zicht_core::observation::Draft>, StoreError> {
        Ok(None)
    }
    async fn delete_draft(&self, _: Bucket, _: &str) -> Result<(), StoreError> {
        Ok(())
    }
}

#[test]
fn the_suite_catches_a_broken_store() {
    let report = block_on(conformance::run_all(|| async { Forgetful })).expect_err("broken");
    assert!(report.contains("put_get_round_trip:"), "{report}");
    assert!(report.contains("sent_is_read_only:"), "{report}");
    assert!(!report.contains("reports_schema_version"), "{report}");
}

fn record(n: u8, practice: bool) -> StoredObservation {
    StoredObservation::new(
        conformance::sample(n, "2026-03-01T10:00:00Z", practice),
        "2026-03-01T10:00:00Z",
    )
}

#[test]
fn samples_are_valid_observations() {
    let o: Observation = conformance::sample(5, "2026-03-01T10:00:00Z", false);
    assert_eq!(o.id, uuid_v4_from_bytes([5; 16]));
    assert!(o
        .validate(&zicht_core::observation::KnownIds::format_only(), None)
        .is_empty());
}

#[test]
fn check_put_rules() {
    let real = record(1, false);
    assert_eq!(check_put(Bucket::Real, None, &real), Ok(()));
    assert_eq!(
        check_put(Bucket::Practice, None, &real),
        Err(StoreError::WrongBucket)
    );
    let Some(sent_state) = conformance::sent_state() else {
        panic!("no sent state in outbox::SyncState");
    };
    assert!(is_sent(&sent_state));
    assert!(!is_sent(&Default::default()));
    let mut sent = real.clone();
    sent.sync = sent_state;
    assert!(sent.is_sent());
    assert_eq!(sent.receipt(), Some("r-1"));
    assert_eq!(real.receipt(), None);
    assert_eq!(check_put(Bucket::Real, Some(&real), &sent), Ok(()));
    assert_eq!(check_put(Bucket::Real, Some(&sent), &sent), Ok(()));
    assert_eq!(
        check_put(Bucket::Real, Some(&sent), &real),
        Err(StoreError::ReadOnlySent)
    );
}

#[test]
fn order_key_sorts_fractions_after_whole_seconds() {
    let a = StoredObservation::new(conformance::sample(1, "2026-03-01T10:00:00Z", false), "x");
    let b = StoredObservation::new(conformance::sample(2, "2026-03-01T10:00:00.5Z", false), "x");
    assert!(a.order_key() < b.order_key());
}

#[test]
fn error_messages_come_from_the_translation_files() {
    let all = [
        StoreError::QuotaExceeded,
        StoreError::Blocked,
        StoreError::NewerSchema {
            found: 3,
            supported: 1,
        },
        StoreError::NotFound,
        StoreError::ReadOnlySent,
        StoreError::WrongBucket,
        StoreError::Unavailable("IndexedDB unavailable: x".into()),
        StoreError::Other("QuotaError: x".into()),
    ];
    for e in &all {
        for lang in Lang::ALL {
            let m = e.message(lang);
            assert!(m.len() > 10 && !m.contains('{'), "{e:?}: {m}");
        }
        assert_eq!(e.message_nl(), e.message(Lang::Nl));
        assert_eq!(e.message_en(), e.message(Lang::En));
        assert_eq!(e.to_string(), e.message_en());
    }
    assert_eq!(
        StoreError::NotFound.message(Lang::Nl),
        i18n::t(Lang::Nl, K::StoreErrNotFound)
    );
    let newer = StoreError::NewerSchema {
        found: 3,
        supported: 1,
    };
    assert!(newer.message(Lang::Nl).contains("versie 3"));
    assert!(newer.message(Lang::En).contains("up to 1"));
    assert!(StoreError::Other("disk".into())
        .message(Lang::En)
        .contains("(disk)"));
    // Unavailable reads like Other did before it had its own variant.
    assert_eq!(
        StoreError::Unavailable("disk".into()).message(Lang::En),
        StoreError::Other("disk".into()).message(Lang::En)
    );
}

#[test]
fn only_the_sent_state_counts_as_sent() {
    use zicht_core::outbox::SyncState;
    use zicht_core::store::is_sent;
    use zicht_core::Text;
    assert!(is_sent(&SyncState::Sent {
        receipt: "r-1".into(),
        sent_at_ms: 0,
    }));
    for unsent in [
        SyncState::Pending,
        SyncState::Sending {
            since_ms: 1,
            attempts: 0,
        },
        SyncState::RetryLater {
            attempts: 1,
            next_attempt_ms: 2,
            last_error: Text::default(),
            status: Some(503),
        },
        SyncState::Rejected {
            status: 422,
            message: String::new(),
            rejected_at_ms: 3,
        },
    ] {
        assert!(!is_sent(&unsent), "{unsent:?}");
    }
}

#[test]
fn bucket_names_are_stable() {
    assert_eq!(Bucket::Real.name(), "real");
    assert_eq!(Bucket::Practice.name(), "practice");
    assert_eq!(Bucket::ALL.len(), 2);
}
