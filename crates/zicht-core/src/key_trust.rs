//! Which key the app seals to, and when it must not send at all
//! (`docs/referral-protocol.md`, "Sealed observations").
//!
//! The rules, in the order [`send_mode`] applies them:
//! 1. A key pinned in `config.json` wins: every observation is sealed to it. If the
//!    endpoint announces another key, sending pauses (with both fingerprints).
//! 2. Without a pin, the app must know what the endpoint announces before it sends the
//!    first observation to it ([`SendMode::CheckFirst`]), so it never sends plaintext to
//!    an endpoint that would refuse it; after a `422 unknown_key` or `sealed_required` it
//!    asks again ([`KeyTrust::key_refused`]).
//! 3. An endpoint without a key gets plaintext, and the settings say it can read it.
//! 4. An announced key is used only once the user confirmed its fingerprint (the first
//!    with "Verbinding testen"); a key other than the confirmed one pauses sending until
//!    the user confirms the new one. Nothing is lost meanwhile: observations stay queued.
//! 5. Once an endpoint announced a key, it never gets plaintext again, even if a later
//!    health answer lacks the key.
//!
//! The app stores one [`KeyTrust`] per endpoint URL on the device; this module is pure.

use serde::{Deserialize, Serialize};

use crate::i18n::{self, K};
use crate::outbox::{self, SyncState};
use crate::seal::{self, KeyError, PublicKey, SUITE};
use crate::{Lang, Text};

/// A public key with its `key_id`, as health announces it and `config.json` pins it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealKey {
    pub key_id: String,
    pub public_key: String,
}

impl SealKey {
    pub fn from_public(key: &PublicKey) -> Self {
        SealKey {
            key_id: key.key_id(),
            public_key: key.to_base64url(),
        }
    }

    /// The key, if its `key_id` matches it.
    pub fn parse(&self) -> Result<PublicKey, KeyError> {
        PublicKey::announced(&self.public_key, &self.key_id)
    }

    /// The fingerprint for reading aloud: `3f9a 0c1d 2e4b 5a69`.
    pub fn fingerprint(&self) -> String {
        seal::group_key_id(&self.key_id)
    }

    fn same_key(&self, other: &SealKey) -> bool {
        self.key_id == other.key_id && self.public_key == other.public_key
    }
}

/// What a `GET /v1/health` answer says about sealing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Announcement {
    /// No `seal` object: the endpoint reads what it receives.
    NoKey,
    /// A valid key of this protocol's suite, `key_id` checked.
    Key(SealKey),
    /// A `seal` object the app cannot use (another suite, bad key, wrong `key_id`).
    Invalid,
}

#[derive(Deserialize)]
struct HealthSeal {
    suite: Option<String>,
    key_id: Option<String>,
    public_key: Option<String>,
}

#[derive(Deserialize)]
struct HealthBody {
    #[serde(default)]
    seal: Option<serde_json::Value>,
}

/// Reads the `seal` object of a health answer's body (status `200` assumed).
pub fn parse_announcement(body: &str) -> Announcement {
    let Ok(health) = serde_json::from_str::<HealthBody>(body) else {
        return Announcement::Invalid;
    };
    let Some(value) = health.seal else {
        return Announcement::NoKey;
    };
    if value.is_null() {
        return Announcement::NoKey;
    }
    let Ok(s) = serde_json::from_value::<HealthSeal>(value) else {
        return Announcement::Invalid;
    };
    let (Some(suite), Some(key_id), Some(public_key)) = (s.suite, s.key_id, s.public_key) else {
        return Announcement::Invalid;
    };
    if suite != SUITE {
        return Announcement::Invalid;
    }
    match PublicKey::announced(&public_key, &key_id) {
        Ok(key) => Announcement::Key(SealKey::from_public(&key)),
        Err(_) => Announcement::Invalid,
    }
}

/// `config.json`'s `"seal": {"key_id": …, "public_key": …}`; `None` when the deployment
/// pins no key. A pin that does not parse is kept as it is and pauses sending (a
/// deployment that meant to pin must never fall back to plaintext).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pin(pub SealKey);

/// What the device knows about one endpoint's key. Stored as JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyTrust {
    /// The endpoint URL (normalised) this is about; another URL starts afresh.
    pub url: String,
    /// Health was read since the last start or refusal; what it said is `announced`.
    #[serde(default)]
    pub checked: bool,
    /// The key the endpoint announced last (`None`: none, or none yet).
    #[serde(default)]
    pub announced: Option<SealKey>,
    /// The last health answer held a `seal` object the app cannot use.
    #[serde(default)]
    pub announced_invalid: bool,
    /// The endpoint announced a key at some time: never plaintext to it again.
    #[serde(default)]
    pub ever_announced: bool,
    /// The key the user confirmed by its fingerprint.
    #[serde(default)]
    pub confirmed: Option<SealKey>,
}

impl KeyTrust {
    /// The stored trust if it is about `url`, else a fresh one for `url`.
    pub fn for_url(stored: Option<KeyTrust>, url: &str) -> KeyTrust {
        match stored {
            Some(t) if t.url == url => t,
            _ => KeyTrust {
                url: url.to_string(),
                ..KeyTrust::default()
            },
        }
    }

    /// Takes in what health said.
    pub fn record(&mut self, announcement: &Announcement) {
        self.checked = true;
        match announcement {
            Announcement::NoKey => {
                self.announced = None;
                self.announced_invalid = false;
            }
            Announcement::Key(key) => {
                self.announced = Some(key.clone());
                self.announced_invalid = false;
                self.ever_announced = true;
            }
            Announcement::Invalid => {
                self.announced = None;
                self.announced_invalid = true;
                // An endpoint that tries to announce a key means to seal.
                self.ever_announced = true;
            }
        }
    }

    /// The user confirmed the fingerprint of the key the endpoint announces now.
    /// Returns false (and changes nothing) if `key` is not the announced one: the user
    /// can only confirm what they were shown.
    pub fn confirm(&mut self, key: &SealKey) -> bool {
        match &self.announced {
            Some(announced) if announced.same_key(key) => {
                self.confirmed = Some(key.clone());
                true
            }
            _ => false,
        }
    }

    /// The endpoint answered `422 unknown_key` or `sealed_required`: ask health again
    /// before the next observation goes out.
    pub fn key_refused(&mut self) {
        self.checked = false;
    }
}

/// Why sending waits for the user (or the deployment) before anything goes out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyPause {
    /// The endpoint announces a key nobody confirmed yet ("Verbinding testen" shows it).
    FirstKey { announced: SealKey },
    /// The endpoint announces another key than the one confirmed.
    Changed {
        confirmed: SealKey,
        announced: SealKey,
    },
    /// The endpoint announces another key than `config.json` pins.
    PinMismatch { pinned: SealKey, announced: SealKey },
    /// `config.json` pins a key that does not parse or whose `key_id` is wrong.
    BadPin,
    /// The endpoint's `seal` object cannot be used (another suite, bad key or `key_id`).
    BadAnnouncement,
    /// The endpoint announced a key before and now announces none.
    KeyWithdrawn,
}

impl KeyPause {
    /// The message for the sync status and settings, with both fingerprints where
    /// there are two.
    pub fn text(&self, name: &str) -> Text {
        match self {
            KeyPause::FirstKey { announced } => tx(
                K::SealPauseFirstKey,
                &[("name", name), ("new", &announced.fingerprint())],
            ),
            KeyPause::Changed {
                confirmed,
                announced,
            } => tx(
                K::SealPauseChanged,
                &[
                    ("name", name),
                    ("old", &confirmed.fingerprint()),
                    ("new", &announced.fingerprint()),
                ],
            ),
            KeyPause::PinMismatch { pinned, announced } => tx(
                K::SealPausePinMismatch,
                &[
                    ("name", name),
                    ("old", &pinned.fingerprint()),
                    ("new", &announced.fingerprint()),
                ],
            ),
            KeyPause::BadPin => tx(K::SealPauseBadPin, &[("name", name)]),
            KeyPause::BadAnnouncement => tx(K::SealPauseBadAnnouncement, &[("name", name)]),
            KeyPause::KeyWithdrawn => tx(K::SealPauseWithdrawn, &[("name", name)]),
        }
    }

    /// The key the user may confirm to lift this pause (none for a pin or a bad key).
    pub fn confirmable(&self) -> Option<&SealKey> {
        match self {
            KeyPause::FirstKey { announced } | KeyPause::Changed { announced, .. } => {
                Some(announced)
            }
            _ => None,
        }
    }
}

/// Where a key to seal to came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySource {
    Pinned,
    Confirmed,
}

/// How the next observation goes out, if at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendMode {
    /// Read `GET /v1/health` first; send nothing before.
    CheckFirst,
    /// The endpoint has no key: plaintext, and the settings say it can read it.
    Plain,
    /// Seal every observation to this key.
    Sealed { key: PublicKey, source: KeySource },
    /// Send nothing until the user (or the deployment) acts.
    Paused(KeyPause),
}

/// The decision for one endpoint: see the module's rules.
pub fn send_mode(trust: &KeyTrust, pin: Option<&Pin>) -> SendMode {
    if let Some(Pin(pinned)) = pin {
        let Ok(key) = pinned.parse() else {
            return SendMode::Paused(KeyPause::BadPin);
        };
        if let Some(announced) = trust.announced.as_ref().filter(|_| trust.checked) {
            if !announced.same_key(&SealKey::from_public(&key)) {
                return SendMode::Paused(KeyPause::PinMismatch {
                    pinned: SealKey::from_public(&key),
                    announced: announced.clone(),
                });
            }
        }
        return SendMode::Sealed {
            key,
            source: KeySource::Pinned,
        };
    }
    if !trust.checked {
        return SendMode::CheckFirst;
    }
    if trust.announced_invalid {
        return SendMode::Paused(KeyPause::BadAnnouncement);
    }
    let Some(announced) = &trust.announced else {
        return if trust.ever_announced {
            SendMode::Paused(KeyPause::KeyWithdrawn)
        } else {
            SendMode::Plain
        };
    };
    match &trust.confirmed {
        Some(confirmed) if confirmed.same_key(announced) => match announced.parse() {
            Ok(key) => SendMode::Sealed {
                key,
                source: KeySource::Confirmed,
            },
            Err(_) => SendMode::Paused(KeyPause::BadAnnouncement),
        },
        Some(confirmed) => SendMode::Paused(KeyPause::Changed {
            confirmed: confirmed.clone(),
            announced: announced.clone(),
        }),
        None => SendMode::Paused(KeyPause::FirstKey {
            announced: announced.clone(),
        }),
    }
}

/// What the settings say about who can read what the device sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Readability {
    /// Sealed: only the receiving organisation can read it.
    Sealed { key_id: String },
    /// The endpoint reads what it receives.
    Plain,
    /// Not known yet ("Verbinding testen" finds out).
    Unknown,
    /// Paused because of the key.
    Paused(KeyPause),
}

impl Readability {
    pub fn of(mode: &SendMode) -> Readability {
        match mode {
            SendMode::CheckFirst => Readability::Unknown,
            SendMode::Plain => Readability::Plain,
            SendMode::Sealed { key, .. } => Readability::Sealed {
                key_id: key.key_id(),
            },
            SendMode::Paused(p) => Readability::Paused(p.clone()),
        }
    }

    /// "versleuteld voor <label>" / "niet versleuteld", for the settings.
    pub fn text(&self, name: &str) -> Text {
        match self {
            Readability::Sealed { key_id } => tx(
                K::SealStatusSealed,
                &[("name", name), ("fingerprint", &seal::group_key_id(key_id))],
            ),
            Readability::Plain => tx(K::SealStatusPlain, &[("name", name)]),
            Readability::Unknown => tx(K::SealStatusUnknown, &[("name", name)]),
            Readability::Paused(p) => p.text(name),
        }
    }

    /// A short name for tests and styling: `sealed`, `plain`, `unknown`, `paused`.
    pub fn name(&self) -> &'static str {
        match self {
            Readability::Sealed { .. } => "sealed",
            Readability::Plain => "plain",
            Readability::Unknown => "unknown",
            Readability::Paused(_) => "paused",
        }
    }
}

/// What to do with the answer to a health request made before sending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HealthStep {
    /// `200` with protocol 1: take this into [`KeyTrust::record`].
    Record(Announcement),
    /// Network error, timeout, `408`/`425`/`429`/`5xx`: try later, send nothing.
    RetryLater,
    /// Token refused (`401`/`403`/`407`) or no protocol-1 endpoint: pause, as a `POST`
    /// with the same answer would.
    Pause(outbox::PauseReason, u16),
}

/// Judges a health answer the driver asked for before sending.
pub fn health_step(status: u16, body: &str) -> HealthStep {
    match status {
        200 => {
            let protocol = serde_json::from_str::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v.get("protocol").and_then(serde_json::Value::as_u64));
            if protocol == Some(outbox::PROTOCOL_VERSION) {
                HealthStep::Record(parse_announcement(body))
            } else {
                HealthStep::Pause(outbox::PauseReason::Endpoint, status)
            }
        }
        401 | 403 | 407 => HealthStep::Pause(outbox::PauseReason::Auth, status),
        404 | 405 | 406 | 410 | 414 | 415 => {
            HealthStep::Pause(outbox::PauseReason::Endpoint, status)
        }
        _ => HealthStep::RetryLater,
    }
}

/// A `422` the sealed profile defines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyRefusal {
    /// `{"error": "unknown_key"}`: the endpoint no longer accepts that `key_id`.
    UnknownKey,
    /// `{"error": "sealed_required"}`: the endpoint announces a key now.
    SealedRequired,
}

/// Recognises `422 unknown_key` and `422 sealed_required`; every other answer is the
/// outbox's to classify.
pub fn key_refusal(status: u16, body: &str) -> Option<KeyRefusal> {
    if status != 422 {
        return None;
    }
    let error = serde_json::from_str::<serde_json::Value>(body)
        .ok()?
        .get("error")?
        .as_str()?
        .to_string();
    match error.as_str() {
        "unknown_key" => Some(KeyRefusal::UnknownKey),
        "sealed_required" => Some(KeyRefusal::SealedRequired),
        _ => None,
    }
}

/// The observation's state after a key refusal: not rejected (it is fine as it is), but
/// waiting with back-off, so an endpoint that keeps refusing the key it announces
/// cannot make the app loop. It is sealed again and sent under the same `id`.
pub fn refused_state(sending: &SyncState, now_ms: u64, jitter: u64) -> SyncState {
    let attempts = sending.attempts().saturating_add(1);
    SyncState::RetryLater {
        attempts,
        next_attempt_ms: now_ms.saturating_add(outbox::backoff_delay_ms(attempts, None, jitter)),
        last_error: tx(K::SealKeyRefused, &[]),
        status: Some(422),
    }
}

/// Why an observation could not be made ready to send in the current mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrepareError {
    /// Sending must wait (check health first, or a key pause).
    NotNow,
    /// Sealing failed (no randomness, or the key cannot be sealed to).
    Seal(seal::SealError),
}

/// The body to `POST` for one observation: its JSON as is (plaintext mode) or the
/// sealed body's JSON. `observation_json` is exactly what would be sent unsealed.
pub fn prepare_body(
    mode: &SendMode,
    id: &str,
    observation_json: &str,
) -> Result<String, PrepareError> {
    match mode {
        SendMode::Plain => Ok(observation_json.to_string()),
        SendMode::Sealed { key, .. } => {
            let sealed = seal::seal(key, observation_json, id).map_err(PrepareError::Seal)?;
            serde_json::to_string(&sealed)
                .map_err(|_| PrepareError::Seal(seal::SealError::NotAnObservation))
        }
        SendMode::CheckFirst | SendMode::Paused(_) => Err(PrepareError::NotNow),
    }
}

fn tx(key: K, args: &[(&str, &str)]) -> Text {
    Text {
        nl: i18n::tf(Lang::Nl, key, args),
        en: i18n::tf(Lang::En, key, args),
    }
}
