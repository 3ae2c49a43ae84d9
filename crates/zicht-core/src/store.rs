//! Where observations and drafts live on the device.
//!
//! [`ObservationStore`] is implemented over IndexedDB by the app and in memory
//! here ([`MemoryStore`]); [`conformance`] holds one behavioural suite that
//! both must pass. Practice (training) and real observations live in separate
//! [`Bucket`]s, so a training observation can never end up in the outbox.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::{self, K};
use crate::observation::{time_sort_key, Draft, Observation};
use crate::outbox::SyncState;
use crate::Lang;

/// Version of the stored layout; an IndexedDB database with a higher version
/// was written by a newer app and must not be touched
/// ([`StoreError::NewerSchema`]).
pub const SCHEMA_VERSION: u32 = 1;

/// Real observations versus those made in training mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    Real,
    Practice,
}

impl Bucket {
    pub const ALL: [Bucket; 2] = [Bucket::Real, Bucket::Practice];

    /// The bucket an observation belongs in.
    pub fn of(observation: &Observation) -> Bucket {
        if observation.practice {
            Bucket::Practice
        } else {
            Bucket::Real
        }
    }

    /// A name for an IndexedDB object store prefix or similar.
    pub fn name(self) -> &'static str {
        match self {
            Bucket::Real => "real",
            Bucket::Practice => "practice",
        }
    }
}

/// One saved observation with where it stands in the outbox.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredObservation {
    pub observation: Observation,
    #[serde(default)]
    pub sync: SyncState,
    /// RFC 3339 UTC: last change of this record (observation or sync state).
    pub updated_at: String,
}

impl StoredObservation {
    /// A freshly saved observation, waiting to be sent.
    pub fn new(observation: Observation, updated_at: &str) -> StoredObservation {
        StoredObservation {
            observation,
            sync: SyncState::default(),
            updated_at: updated_at.to_string(),
        }
    }

    /// Sorts oldest first (by `recorded_at`, then id); index on it in IndexedDB.
    pub fn order_key(&self) -> String {
        format!(
            "{}|{}",
            time_sort_key(&self.observation.recorded_at),
            self.observation.id
        )
    }

    pub fn is_sent(&self) -> bool {
        is_sent(&self.sync)
    }

    /// The endpoint's receipt, once it accepted the observation.
    pub fn receipt(&self) -> Option<&str> {
        match &self.sync {
            SyncState::Sent { receipt, .. } => Some(receipt),
            _ => None,
        }
    }
}

/// Whether an endpoint has accepted the observation: only [`SyncState::Sent`]
/// carries a receipt, so this is the one state to look for; a sent
/// observation is read-only (protocol guarantee 4).
pub fn is_sent(sync: &SyncState) -> bool {
    matches!(sync, SyncState::Sent { .. })
}

/// Why the store could not do what was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The browser refused to store more (storage full or evicted quota).
    QuotaExceeded,
    /// Another tab holds the database open on an older version.
    Blocked,
    /// The database was written by a newer version of the app.
    NewerSchema {
        found: u32,
        supported: u32,
    },
    /// No observation with this id in this bucket.
    NotFound,
    /// The observation was sent and cannot be changed; make a correction.
    ReadOnlySent,
    /// A practice observation offered to the real bucket or the other way round.
    WrongBucket,
    /// The storage cannot be used at all in this browser context (private
    /// browsing, storage disabled, sandboxed frame); the app falls back to
    /// [`MemoryStore`]. The detail says what the browser answered.
    Unavailable(String),
    Other(String),
}

impl StoreError {
    /// What went wrong and what to do, from `store_err_*` in
    /// `content/i18n/observation.toml`.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            StoreError::QuotaExceeded => i18n::tf(lang, K::StoreErrQuota, &[]),
            StoreError::Blocked => i18n::tf(lang, K::StoreErrBlocked, &[]),
            StoreError::NewerSchema { found, supported } => i18n::tf(
                lang,
                K::StoreErrNewerSchema,
                &[
                    ("found", &found.to_string()),
                    ("supported", &supported.to_string()),
                ],
            ),
            StoreError::NotFound => i18n::tf(lang, K::StoreErrNotFound, &[]),
            StoreError::ReadOnlySent => i18n::tf(lang, K::StoreErrReadOnlySent, &[]),
            StoreError::WrongBucket => i18n::tf(lang, K::StoreErrWrongBucket, &[]),
            StoreError::Unavailable(detail) | StoreError::Other(detail) => {
                i18n::tf(lang, K::StoreErrOther, &[("detail", detail)])
            }
        }
    }

    pub fn message_nl(&self) -> String {
        self.message(Lang::Nl)
    }

    pub fn message_en(&self) -> String {
        self.message(Lang::En)
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_en())
    }
}

impl std::error::Error for StoreError {}

/// Storage of observations and drafts, per [`Bucket`].
///
/// Methods take `&self` (implementations use interior mutability, as
/// IndexedDB handles do) and their futures are not `Send`: the app is single
/// threaded wasm.
///
/// Rules every implementation keeps (checked by [`conformance`]):
/// - `put` refuses an observation whose `practice` flag does not match the
///   bucket ([`StoreError::WrongBucket`]);
/// - once a record is sent, `put` may only repeat it with the same
///   observation and a sent state; anything else is [`StoreError::ReadOnlySent`];
/// - `list` returns oldest first by `recorded_at` (then id);
/// - `delete` of an unknown id is [`StoreError::NotFound`];
/// - `clear` removes a bucket's observations and drafts, returns how many
///   observations it removed, and leaves the other bucket alone.
#[allow(async_fn_in_trait)]
pub trait ObservationStore {
    /// The layout version this store reads and writes.
    fn schema_version(&self) -> u32;

    /// Insert or replace by `observation.id`.
    async fn put(&self, bucket: Bucket, record: StoredObservation) -> Result<(), StoreError>;
    async fn get(&self, bucket: Bucket, id: &str) -> Result<Option<StoredObservation>, StoreError>;
    /// All records, oldest first.
    async fn list(&self, bucket: Bucket) -> Result<Vec<StoredObservation>, StoreError>;
    async fn delete(&self, bucket: Bucket, id: &str) -> Result<(), StoreError>;
    async fn clear(&self, bucket: Bucket) -> Result<usize, StoreError>;
    /// Records not (yet) accepted by an endpoint.
    async fn count_unsent(&self, bucket: Bucket) -> Result<usize, StoreError>;

    async fn put_draft(&self, bucket: Bucket, key: &str, draft: &Draft) -> Result<(), StoreError>;
    async fn get_draft(&self, bucket: Bucket, key: &str) -> Result<Option<Draft>, StoreError>;
    /// Removing a draft that does not exist is not an error.
    async fn delete_draft(&self, bucket: Bucket, key: &str) -> Result<(), StoreError>;
}

/// The checks of `put` that do not depend on the storage technology; an
/// implementation calls it with the record currently stored under the id.
pub fn check_put(
    bucket: Bucket,
    existing: Option<&StoredObservation>,
    record: &StoredObservation,
) -> Result<(), StoreError> {
    if Bucket::of(&record.observation) != bucket {
        return Err(StoreError::WrongBucket);
    }
    match existing {
        Some(old) if old.is_sent() => {
            if old.observation == record.observation && record.is_sent() {
                Ok(())
            } else {
                Err(StoreError::ReadOnlySent)
            }
        }
        _ => Ok(()),
    }
}

#[derive(Default)]
struct Shelf {
    observations: BTreeMap<String, StoredObservation>,
    drafts: BTreeMap<String, Draft>,
}

/// An [`ObservationStore`] in memory: for tests and as a fallback when the
/// browser refuses IndexedDB (private mode), so the form still works.
#[derive(Default)]
pub struct MemoryStore {
    shelves: RefCell<BTreeMap<Bucket, Shelf>>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    fn with<R>(&self, bucket: Bucket, f: impl FnOnce(&mut Shelf) -> R) -> R {
        let mut shelves = self.shelves.borrow_mut();
        f(shelves.entry(bucket).or_default())
    }
}

impl ObservationStore for MemoryStore {
    fn schema_version(&self) -> u32 {
        SCHEMA_VERSION
    }

    async fn put(&self, bucket: Bucket, record: StoredObservation) -> Result<(), StoreError> {
        self.with(bucket, |shelf| {
            check_put(
                bucket,
                shelf.observations.get(&record.observation.id),
                &record,
            )?;
            shelf
                .observations
                .insert(record.observation.id.clone(), record);
            Ok(())
        })
    }

    async fn get(&self, bucket: Bucket, id: &str) -> Result<Option<StoredObservation>, StoreError> {
        Ok(self.with(bucket, |shelf| shelf.observations.get(id).cloned()))
    }

    async fn list(&self, bucket: Bucket) -> Result<Vec<StoredObservation>, StoreError> {
        let mut all: Vec<StoredObservation> = self.with(bucket, |shelf| {
            shelf.observations.values().cloned().collect()
        });
        all.sort_by_cached_key(StoredObservation::order_key);
        Ok(all)
    }

    async fn delete(&self, bucket: Bucket, id: &str) -> Result<(), StoreError> {
        self.with(bucket, |shelf| match shelf.observations.remove(id) {
            Some(_) => Ok(()),
            None => Err(StoreError::NotFound),
        })
    }

    async fn clear(&self, bucket: Bucket) -> Result<usize, StoreError> {
        Ok(self.with(bucket, |shelf| {
            let n = shelf.observations.len();
            *shelf = Shelf::default();
            n
        }))
    }

    async fn count_unsent(&self, bucket: Bucket) -> Result<usize, StoreError> {
        Ok(self.with(bucket, |shelf| {
            shelf.observations.values().filter(|r| !r.is_sent()).count()
        }))
    }

    async fn put_draft(&self, bucket: Bucket, key: &str, draft: &Draft) -> Result<(), StoreError> {
        self.with(bucket, |shelf| {
            shelf.drafts.insert(key.to_string(), draft.clone());
        });
        Ok(())
    }

    async fn get_draft(&self, bucket: Bucket, key: &str) -> Result<Option<Draft>, StoreError> {
        Ok(self.with(bucket, |shelf| shelf.drafts.get(key).cloned()))
    }

    async fn delete_draft(&self, bucket: Bucket, key: &str) -> Result<(), StoreError> {
        self.with(bucket, |shelf| {
            shelf.drafts.remove(key);
        });
        Ok(())
    }
}

/// One behavioural suite for every [`ObservationStore`]: each function runs
/// one behaviour on an empty store and returns `Err` with what went wrong.
/// Native tests run it against [`MemoryStore`]; the app runs it against
/// IndexedDB with wasm-bindgen-test.
pub mod conformance {
    use super::*;
    use crate::observation::{uuid_v4_from_bytes, Worry, SCHEMA};
    use std::future::Future;

    /// A valid observation with a deterministic id from `n`.
    pub fn sample(n: u8, recorded_at: &str, practice: bool) -> Observation {
        Observation {
            id: uuid_v4_from_bytes([n; 16]),
            schema: SCHEMA.to_string(),
            observed_on: recorded_at.get(..10).unwrap_or("2026-01-01").to_string(),
            day_part: None,
            recorded_at: recorded_at.to_string(),
            area: None,
            setting: None,
            age_band: Default::default(),
            gender: None,
            signals: vec!["schoolverzuim".to_string()],
            forms: vec![],
            recruitment: vec![],
            worry: Worry::Zorgelijk,
            steps_taken: vec![],
            note: format!("testobservatie {n}"),
            meldroute: None,
            content_version: "000000000000".to_string(),
            corrects: None,
            practice,
        }
    }

    /// A sync state the store must treat as sent, built from the outbox's
    /// serialised form so this suite follows that enum as it grows.
    pub fn sent_state() -> Option<SyncState> {
        const SHAPES: &[&str] = &[
            r#"{"state":"sent","receipt":"r-1","at":"2026-01-01T00:00:00Z"}"#,
            r#"{"state":"sent","receipt":"r-1","sent_at":"2026-01-01T00:00:00Z"}"#,
            r#"{"state":"sent","receipt":"r-1"}"#,
            r#"{"state":"sent"}"#,
        ];
        SHAPES
            .iter()
            .filter_map(|s| serde_json::from_str::<SyncState>(s).ok())
            .find(is_sent)
    }

    /// A freshly saved record of [`sample`], saved when it was recorded.
    pub fn sample_record(n: u8, recorded_at: &str, practice: bool) -> StoredObservation {
        StoredObservation::new(sample(n, recorded_at, practice), recorded_at)
    }

    /// Saves three real, unsent observations (recorded on 1 to 3 March).
    async fn put_three_unsent<S: ObservationStore>(s: &S) -> Result<(), String> {
        for n in 1..=3 {
            let t = format!("2026-03-0{n}T10:00:00Z");
            s.put(Bucket::Real, sample_record(n, &t, false))
                .await
                .map_err(e)?;
        }
        Ok(())
    }

    /// Whether `bucket` holds an observation with `id`.
    async fn holds<S: ObservationStore>(s: &S, bucket: Bucket, id: &str) -> Result<bool, String> {
        Ok(s.get(bucket, id).await.map_err(e)?.is_some())
    }

    /// Whether `bucket` holds a draft under `key`.
    async fn has_draft<S: ObservationStore>(
        s: &S,
        bucket: Bucket,
        key: &str,
    ) -> Result<bool, String> {
        Ok(s.get_draft(bucket, key).await.map_err(e)?.is_some())
    }

    fn check(cond: bool, what: &str) -> Result<(), String> {
        if cond {
            Ok(())
        } else {
            Err(what.to_string())
        }
    }

    fn e(err: StoreError) -> String {
        format!("store error: {err:?}")
    }

    pub async fn put_get_round_trip<S: ObservationStore>(s: &S) -> Result<(), String> {
        let record = sample_record(1, "2026-03-01T10:00:00Z", false);
        s.put(Bucket::Real, record.clone()).await.map_err(e)?;
        let got = s
            .get(Bucket::Real, &record.observation.id)
            .await
            .map_err(e)?;
        check(got.as_ref() == Some(&record), "get returns what put stored")?;
        let missing = s
            .get(Bucket::Real, &uuid_v4_from_bytes([99; 16]))
            .await
            .map_err(e)?;
        check(missing.is_none(), "get of an unknown id is None")?;
        let mut changed = record.clone();
        changed.observation.note = "aangepast".into();
        changed.updated_at = "2026-03-01T11:00:00Z".into();
        s.put(Bucket::Real, changed.clone()).await.map_err(e)?;
        let got = s
            .get(Bucket::Real, &record.observation.id)
            .await
            .map_err(e)?;
        check(got == Some(changed), "put replaces an unsent record")?;
        check(
            s.list(Bucket::Real).await.map_err(e)?.len() == 1,
            "replacing does not duplicate",
        )
    }

    pub async fn list_is_oldest_first<S: ObservationStore>(s: &S) -> Result<(), String> {
        let times = [
            (3, "2026-03-02T08:00:00Z"),
            (1, "2026-03-01T10:00:00.500Z"),
            (2, "2026-03-01T10:00:00Z"),
            (4, "2025-12-31T23:59:59Z"),
        ];
        for (n, t) in times {
            s.put(Bucket::Real, StoredObservation::new(sample(n, t, false), t))
                .await
                .map_err(e)?;
        }
        let order: Vec<String> = s
            .list(Bucket::Real)
            .await
            .map_err(e)?
            .into_iter()
            .map(|r| r.observation.recorded_at)
            .collect();
        check(
            order
                == [
                    "2025-12-31T23:59:59Z",
                    "2026-03-01T10:00:00Z",
                    "2026-03-01T10:00:00.500Z",
                    "2026-03-02T08:00:00Z",
                ],
            &format!("list is oldest first, got {order:?}"),
        )
    }

    pub async fn delete_removes_one<S: ObservationStore>(s: &S) -> Result<(), String> {
        let a = sample_record(1, "2026-03-01T10:00:00Z", false);
        let b = sample_record(2, "2026-03-01T11:00:00Z", false);
        s.put(Bucket::Real, a.clone()).await.map_err(e)?;
        s.put(Bucket::Real, b.clone()).await.map_err(e)?;
        s.delete(Bucket::Real, &a.observation.id).await.map_err(e)?;
        check(
            !holds(s, Bucket::Real, &a.observation.id).await?,
            "deleted record is gone",
        )?;
        check(
            holds(s, Bucket::Real, &b.observation.id).await?,
            "other record stays",
        )?;
        check(
            s.delete(Bucket::Real, &a.observation.id).await == Err(StoreError::NotFound),
            "deleting twice is NotFound",
        )
    }

    pub async fn clear_counts_and_empties<S: ObservationStore>(s: &S) -> Result<(), String> {
        put_three_unsent(s).await?;
        s.put_draft(Bucket::Real, "form", &Draft::default())
            .await
            .map_err(e)?;
        check(
            s.clear(Bucket::Real).await.map_err(e)? == 3,
            "clear returns the number removed",
        )?;
        check(
            s.list(Bucket::Real).await.map_err(e)?.is_empty(),
            "nothing left after clear",
        )?;
        check(
            s.count_unsent(Bucket::Real).await.map_err(e)? == 0,
            "no unsent after clear",
        )?;
        check(
            !has_draft(s, Bucket::Real, "form").await?,
            "clear removes drafts",
        )?;
        check(
            s.clear(Bucket::Real).await.map_err(e)? == 0,
            "clearing an empty bucket removes 0",
        )
    }

    pub async fn drafts_round_trip<S: ObservationStore>(s: &S) -> Result<(), String> {
        let draft = Draft {
            signals: vec!["schoolverzuim".into()],
            note: "half af, met ë en €".into(),
            worry: Some(Worry::Twijfel),
            ..Draft::default()
        };
        check(
            !has_draft(s, Bucket::Real, "form").await?,
            "no draft at first",
        )?;
        s.put_draft(Bucket::Real, "form", &draft).await.map_err(e)?;
        check(
            s.get_draft(Bucket::Real, "form").await.map_err(e)? == Some(draft.clone()),
            "draft round trip",
        )?;
        let mut newer = draft.clone();
        newer.note.push_str(" meer");
        s.put_draft(Bucket::Real, "form", &newer).await.map_err(e)?;
        check(
            s.get_draft(Bucket::Real, "form").await.map_err(e)? == Some(newer),
            "draft replaced",
        )?;
        check(
            !has_draft(s, Bucket::Real, "other").await?,
            "keys are separate",
        )?;
        s.delete_draft(Bucket::Real, "form").await.map_err(e)?;
        check(!has_draft(s, Bucket::Real, "form").await?, "draft deleted")?;
        s.delete_draft(Bucket::Real, "form").await.map_err(e)
    }

    pub async fn sent_is_read_only<S: ObservationStore>(s: &S) -> Result<(), String> {
        let Some(sent) = sent_state() else {
            return Err("outbox::SyncState has no state that serialises as \"sent\"".into());
        };
        let mut record = sample_record(1, "2026-03-01T10:00:00Z", false);
        s.put(Bucket::Real, record.clone()).await.map_err(e)?;
        record.sync = sent;
        s.put(Bucket::Real, record.clone()).await.map_err(e)?;
        let mut edited = record.clone();
        edited.observation.note = "achteraf gewijzigd".into();
        check(
            s.put(Bucket::Real, edited).await == Err(StoreError::ReadOnlySent),
            "editing a sent observation is ReadOnlySent",
        )?;
        let mut unsent = record.clone();
        unsent.sync = SyncState::default();
        check(
            s.put(Bucket::Real, unsent).await == Err(StoreError::ReadOnlySent),
            "a sent observation cannot become unsent",
        )?;
        let got = s
            .get(Bucket::Real, &record.observation.id)
            .await
            .map_err(e)?;
        check(got == Some(record.clone()), "the sent record is unchanged")?;
        // Repeating the same sent record (e.g. a late duplicate answer) is harmless.
        s.put(Bucket::Real, record).await.map_err(e)
    }

    pub async fn practice_and_real_are_separate<S: ObservationStore>(s: &S) -> Result<(), String> {
        let real = sample_record(1, "2026-03-01T10:00:00Z", false);
        let practice = sample_record(2, "2026-03-01T11:00:00Z", true);
        s.put(Bucket::Real, real.clone()).await.map_err(e)?;
        s.put(Bucket::Practice, practice.clone()).await.map_err(e)?;
        check(
            s.put(Bucket::Real, practice.clone()).await == Err(StoreError::WrongBucket),
            "a practice observation is refused in the real bucket",
        )?;
        check(
            s.put(Bucket::Practice, real.clone()).await == Err(StoreError::WrongBucket),
            "a real observation is refused in the practice bucket",
        )?;
        check(
            !holds(s, Bucket::Real, &practice.observation.id).await?,
            "practice not visible in real",
        )?;
        check(
            !holds(s, Bucket::Practice, &real.observation.id).await?,
            "real not visible in practice",
        )?;
        check(
            s.list(Bucket::Real).await.map_err(e)? == vec![real.clone()],
            "real list holds only real",
        )?;
        s.put_draft(
            Bucket::Practice,
            "form",
            &Draft {
                practice: true,
                ..Draft::default()
            },
        )
        .await
        .map_err(e)?;
        check(
            !has_draft(s, Bucket::Real, "form").await?,
            "drafts are separate",
        )?;
        check(
            s.clear(Bucket::Practice).await.map_err(e)? == 1,
            "clearing practice removes one",
        )?;
        check(
            s.list(Bucket::Real).await.map_err(e)?.len() == 1,
            "clearing practice keeps real",
        )
    }

    pub async fn count_unsent<S: ObservationStore>(s: &S) -> Result<(), String> {
        check(
            s.count_unsent(Bucket::Real).await.map_err(e)? == 0,
            "empty store has 0 unsent",
        )?;
        put_three_unsent(s).await?;
        check(
            s.count_unsent(Bucket::Real).await.map_err(e)? == 3,
            "three pending",
        )?;
        check(
            s.count_unsent(Bucket::Practice).await.map_err(e)? == 0,
            "practice counted apart",
        )?;
        if let Some(sent) = sent_state() {
            let mut first = s
                .get(Bucket::Real, &uuid_v4_from_bytes([1; 16]))
                .await
                .map_err(e)?
                .ok_or("stored record missing")?;
            first.sync = sent;
            s.put(Bucket::Real, first).await.map_err(e)?;
            check(
                s.count_unsent(Bucket::Real).await.map_err(e)? == 2,
                "a sent one is not counted",
            )?;
        }
        Ok(())
    }

    pub async fn reports_schema_version<S: ObservationStore>(s: &S) -> Result<(), String> {
        check(
            s.schema_version() == SCHEMA_VERSION,
            "schema_version is SCHEMA_VERSION",
        )
    }

    /// Names of the cases in the order [`run_all`] runs them.
    pub const CASES: [&str; 9] = [
        "put_get_round_trip",
        "list_is_oldest_first",
        "delete_removes_one",
        "clear_counts_and_empties",
        "drafts_round_trip",
        "sent_is_read_only",
        "practice_and_real_are_separate",
        "count_unsent",
        "reports_schema_version",
    ];

    /// Runs every case, each on a fresh store from `make_store` (which must
    /// return an empty store), and reports all failures as `case: reason`.
    pub async fn run_all<S, F, Fut>(mut make_store: F) -> Result<(), String>
    where
        S: ObservationStore,
        F: FnMut() -> Fut,
        Fut: Future<Output = S>,
    {
        let mut failures = Vec::new();
        for name in CASES {
            let store = make_store().await;
            let result = match name {
                "put_get_round_trip" => put_get_round_trip(&store).await,
                "list_is_oldest_first" => list_is_oldest_first(&store).await,
                "delete_removes_one" => delete_removes_one(&store).await,
                "clear_counts_and_empties" => clear_counts_and_empties(&store).await,
                "drafts_round_trip" => drafts_round_trip(&store).await,
                "sent_is_read_only" => sent_is_read_only(&store).await,
                "practice_and_real_are_separate" => practice_and_real_are_separate(&store).await,
                "count_unsent" => count_unsent(&store).await,
                _ => reports_schema_version(&store).await,
            };
            if let Err(why) = result {
                failures.push(format!("{name}: {why}"));
            }
        }
        if failures.is_empty() {
            Ok(())
        } else {
            Err(failures.join("\n"))
        }
    }
}
