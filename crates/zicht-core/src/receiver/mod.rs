//! The receiving organisation's side: read sealed observations from a
//! referral endpoint, open them with the organisation's own private key, triage
//! them and see the pattern across them.
//!
//! Everything here runs in the receiver's browser (the `/ontvangen` screen)
//! and natively in tests; the endpoint never sees plaintext and never holds
//! the key (`docs/referral-protocol.md`, "Sealed observations" and "Reading").
//!
//! - [`paging`]: the reading API `GET /v1/observations?after=&limit=` as a
//!   bounded, resumable state machine with progress.
//! - [`open_item`]: one item of a page to an [`Outcome`]: opened, or why not
//!   (wrong key, unknown `key_id`, tampered, malformed). Never a panic; one bad
//!   item never stops the others.
//! - [`inbox`]: newest first, labels from the catalogue of the observation's
//!   content version, the note with privacy-guard findings marked, filters and
//!   the "gezien"/"opgepakt" marks kept on the receiver's device.
//! - [`picture`]: counts per month, signal category and form, with the acute
//!   observations apart, and the bar layout of their charts.
//! - [`csv`]: the filtered set as CSV.

pub mod csv;
pub mod inbox;
pub mod paging;
pub mod picture;
pub mod session;

use serde_json::Value;

use crate::i18n::{self, K};
use crate::observation::Observation;
use crate::seal::{self, PrivateKey};
use crate::{Lang, Text};

/// `schema` of a sealed body.
pub const SEALED_SCHEMA: &str = "zicht.sealed/1";

/// What opening needs from the receiver's private keys. The browser app
/// implements it over `crate::seal` with the key loaded for the session; the
/// trait keeps this module testable with any key material.
pub trait KeyRing {
    /// Whether a private key with this `key_id` is loaded.
    fn has_key(&self, key_id: &str) -> bool;
    /// Opens one sealed body whose `key_id` [`KeyRing::has_key`]:
    /// `enc` and `ciphertext` as they came (base64url), `aad` the
    /// observation's id. Returns the plaintext bytes.
    fn open(
        &self,
        key_id: &str,
        enc: &str,
        ciphertext: &str,
        aad: &[u8],
    ) -> Result<Vec<u8>, OpenFailure>;
}

/// The private keys loaded for the session, with their `key_id`s computed
/// once (deriving a public key per item would cost a scalar multiplication
/// each).
#[derive(Clone, Debug, Default)]
pub struct SealKeys {
    keys: Vec<(String, PrivateKey)>,
}

impl SealKeys {
    pub fn new(keys: impl IntoIterator<Item = PrivateKey>) -> SealKeys {
        SealKeys {
            keys: keys
                .into_iter()
                .map(|k| (k.public_key().key_id(), k))
                .collect(),
        }
    }

    pub fn key_ids(&self) -> Vec<String> {
        self.keys.iter().map(|(id, _)| id.clone()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl KeyRing for SealKeys {
    fn has_key(&self, key_id: &str) -> bool {
        self.keys.iter().any(|(id, _)| id == key_id)
    }

    fn open(
        &self,
        key_id: &str,
        enc: &str,
        ciphertext: &str,
        aad: &[u8],
    ) -> Result<Vec<u8>, OpenFailure> {
        let Some((_, key)) = self.keys.iter().find(|(id, _)| id == key_id) else {
            return Err(OpenFailure::Authentication);
        };
        let enc = seal::base64url_decode(enc)
            .filter(|e| e.len() == seal::KEY_LEN)
            .ok_or(OpenFailure::Encoding)?;
        let ciphertext = seal::base64url_decode(ciphertext)
            .filter(|c| c.len() >= seal::TAG_LEN)
            .ok_or(OpenFailure::Encoding)?;
        seal::open_raw(key, &enc, seal::INFO, &ciphertext, aad).map_err(|e| match e {
            seal::OpenError::Malformed(_) => OpenFailure::Encoding,
            _ => OpenFailure::Authentication,
        })
    }
}

/// Why a [`KeyRing`] could not open a body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpenFailure {
    /// `enc` or `ciphertext` is not base64url, or `enc` is not 32 bytes.
    Encoding,
    /// Authentication failed: the ciphertext, `enc` or the id was changed
    /// (or sealed to another key under this `key_id`).
    Authentication,
}

/// Why an item is malformed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Malformed {
    /// The item or its body is not a JSON object.
    NotObject,
    /// No string `id` in the item or the body.
    MissingId,
    /// The body's `id` differs from the item's.
    IdMismatch,
    /// A `schema` this app does not read.
    UnknownSchema(String),
    /// `key_id`, `enc` or `ciphertext` missing, or not base64url.
    Envelope,
    /// The plaintext is not an observation (`zicht.observation/1`).
    Plaintext(String),
}

/// What became of one item of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Read: `sealed` is false for a plaintext body (an endpoint without a
    /// key could read it).
    Opened {
        observation: Box<Observation>,
        sealed: bool,
    },
    /// Sealed to the key the endpoint announces, which is not the key loaded.
    WrongKey {
        key_id: String,
    },
    /// Sealed to a key that is neither loaded nor announced.
    UnknownKeyId {
        key_id: String,
    },
    /// The `key_id` is the loaded key's, but the body does not authenticate.
    Tampered,
    Malformed(Malformed),
}

impl Outcome {
    /// Opened from a plaintext body: the card warns that the endpoint could read it.
    pub fn is_unsealed(&self) -> bool {
        matches!(self, Outcome::Opened { sealed: false, .. })
    }

    pub fn observation(&self) -> Option<&Observation> {
        match self {
            Outcome::Opened { observation, .. } => Some(observation),
            _ => None,
        }
    }

    /// The message shown with an item that could not be opened, in both
    /// languages; `None` for an opened one. `loaded` names the loaded keys.
    pub fn message(&self, loaded: &[String]) -> Option<Text> {
        let loaded = loaded.join(", ");
        let text = |key: K, args: &[(&str, &str)]| Text {
            nl: i18n::tf(Lang::Nl, key, args),
            en: i18n::tf(Lang::En, key, args),
        };
        Some(match self {
            Outcome::Opened { .. } => return None,
            Outcome::WrongKey { key_id } => text(
                K::RcvOutcomeWrongKey,
                &[("key_id", key_id), ("loaded", &loaded)],
            ),
            Outcome::UnknownKeyId { key_id } => text(
                K::RcvOutcomeUnknownKey,
                &[("key_id", key_id), ("loaded", &loaded)],
            ),
            Outcome::Tampered => text(K::RcvOutcomeTampered, &[]),
            Outcome::Malformed(why) => {
                let detail = match why {
                    Malformed::NotObject => text(K::RcvMalformedNotObject, &[]),
                    Malformed::MissingId => text(K::RcvMalformedMissingId, &[]),
                    Malformed::IdMismatch => text(K::RcvMalformedIdMismatch, &[]),
                    Malformed::UnknownSchema(s) => {
                        text(K::RcvMalformedSchema, &[("schema", s.as_str())])
                    }
                    Malformed::Envelope => text(K::RcvMalformedEnvelope, &[]),
                    Malformed::Plaintext(e) => {
                        text(K::RcvMalformedPlaintext, &[("error", e.as_str())])
                    }
                };
                let outer =
                    |lang: Lang, d: &str| i18n::tf(lang, K::RcvOutcomeMalformed, &[("why", d)]);
                Text {
                    nl: outer(Lang::Nl, &detail.nl),
                    en: outer(Lang::En, &detail.en),
                }
            }
        })
    }
}

/// One item of a reading page, as far as it could be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The observation's id; for an item without one, `#<position>` in the
    /// page so it can still be listed.
    pub id: String,
    pub received_at: String,
    pub receipt: String,
    /// `recorded_at` of the body (in the clear on a sealed body too).
    pub recorded_at: String,
    pub outcome: Outcome,
}

fn str_field<'a>(v: &'a Value, name: &str) -> Option<&'a str> {
    v.get(name).and_then(Value::as_str)
}

/// A `key_id` as the protocol defines it: 16 lowercase hex digits.
pub fn is_key_id(s: &str) -> bool {
    s.len() == 16
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Opens one item of a page (`{"id", "received_at", "receipt", "body"}`).
/// `announced` is the `key_id` the endpoint announces in `/v1/health`, when
/// known: it tells a wrong key file from a body sealed to a key nobody has.
pub fn open_item(
    raw: &Value,
    position: usize,
    keys: &dyn KeyRing,
    announced: Option<&str>,
) -> Item {
    let fallback_id = format!("#{}", position + 1);
    let id = str_field(raw, "id")
        .or_else(|| raw.get("body").and_then(|b| str_field(b, "id")))
        .map(str::to_string);
    let mut item = Item {
        id: id.clone().unwrap_or(fallback_id),
        received_at: str_field(raw, "received_at")
            .unwrap_or_default()
            .to_string(),
        receipt: str_field(raw, "receipt").unwrap_or_default().to_string(),
        recorded_at: raw
            .get("body")
            .and_then(|b| str_field(b, "recorded_at"))
            .unwrap_or_default()
            .to_string(),
        outcome: Outcome::Tampered,
    };
    item.outcome = match (raw.is_object(), id) {
        (false, _) => Outcome::Malformed(Malformed::NotObject),
        (true, None) => Outcome::Malformed(Malformed::MissingId),
        (true, Some(id)) => match raw.get("body") {
            Some(body) if body.is_object() => open_body(&id, body, keys, announced),
            _ => Outcome::Malformed(Malformed::NotObject),
        },
    };
    item
}

fn open_body(id: &str, body: &Value, keys: &dyn KeyRing, announced: Option<&str>) -> Outcome {
    if str_field(body, "id").is_some_and(|b| b != id) {
        return Outcome::Malformed(Malformed::IdMismatch);
    }
    let schema = str_field(body, "schema").unwrap_or_default();
    if schema == crate::observation::SCHEMA {
        return match parse_observation(id, body.to_string().as_bytes()) {
            Ok(o) => Outcome::Opened {
                observation: Box::new(o),
                sealed: false,
            },
            Err(m) => Outcome::Malformed(m),
        };
    }
    if schema != SEALED_SCHEMA {
        return Outcome::Malformed(Malformed::UnknownSchema(schema.to_string()));
    }
    let (Some(key_id), Some(enc), Some(ciphertext)) = (
        str_field(body, "key_id"),
        str_field(body, "enc"),
        str_field(body, "ciphertext"),
    ) else {
        return Outcome::Malformed(Malformed::Envelope);
    };
    if !is_key_id(key_id) {
        return Outcome::Malformed(Malformed::Envelope);
    }
    if !keys.has_key(key_id) {
        return if announced == Some(key_id) {
            Outcome::WrongKey {
                key_id: key_id.to_string(),
            }
        } else {
            Outcome::UnknownKeyId {
                key_id: key_id.to_string(),
            }
        };
    }
    match keys.open(key_id, enc, ciphertext, id.as_bytes()) {
        Err(OpenFailure::Encoding) => Outcome::Malformed(Malformed::Envelope),
        Err(OpenFailure::Authentication) => Outcome::Tampered,
        Ok(plain) => match parse_observation(id, &plain) {
            Ok(o) => Outcome::Opened {
                observation: Box::new(o),
                sealed: true,
            },
            Err(m) => Outcome::Malformed(m),
        },
    }
}

fn parse_observation(id: &str, bytes: &[u8]) -> Result<Observation, Malformed> {
    let text = std::str::from_utf8(bytes).map_err(|e| Malformed::Plaintext(e.to_string()))?;
    let o = Observation::from_json(text).map_err(Malformed::Plaintext)?;
    if o.schema != crate::observation::SCHEMA {
        return Err(Malformed::UnknownSchema(o.schema));
    }
    if o.id != id {
        return Err(Malformed::IdMismatch);
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A key ring that "opens" a ciphertext that is the plaintext itself,
    /// prefixed with the aad; enough to test the routing of outcomes.
    struct Fake;
    impl KeyRing for Fake {
        fn has_key(&self, key_id: &str) -> bool {
            key_id == "00112233aabbccdd"
        }
        fn open(&self, _: &str, enc: &str, ct: &str, aad: &[u8]) -> Result<Vec<u8>, OpenFailure> {
            if enc == "bad" {
                return Err(OpenFailure::Encoding);
            }
            let aad = std::str::from_utf8(aad).map_err(|_| OpenFailure::Authentication)?;
            ct.strip_prefix(aad)
                .map(|p| p.as_bytes().to_vec())
                .ok_or(OpenFailure::Authentication)
        }
    }

    const ID: &str = "0a0b0c0d-0000-4000-8000-000000000001";

    fn plain() -> String {
        json!({"id": ID, "schema": "zicht.observation/1", "observed_on": "2026-11-02",
            "recorded_at": "2026-11-02T10:00:00Z", "signals": ["a"], "worry": "acuut",
            "content_version": "x"})
        .to_string()
    }

    fn sealed(key_id: &str, enc: &str, ct: &str) -> Value {
        json!({"id": ID, "received_at": "2026-11-02T10:00:01Z", "receipt": "r1",
            "body": {"id": ID, "schema": SEALED_SCHEMA, "key_id": key_id, "enc": enc,
            "ciphertext": ct, "recorded_at": "2026-11-02T10:00:00Z"}})
    }

    #[test]
    fn routes_every_kind_of_item_to_its_outcome() {
        let good = sealed("00112233aabbccdd", "e", &format!("{ID}{}", plain()));
        let item = open_item(&good, 0, &Fake, None);
        assert!(matches!(item.outcome, Outcome::Opened { sealed: true, .. }));
        assert_eq!(item.receipt, "r1");
        assert_eq!(item.recorded_at, "2026-11-02T10:00:00Z");

        let tampered = sealed("00112233aabbccdd", "e", &format!("x{ID}{}", plain()));
        assert_eq!(
            open_item(&tampered, 0, &Fake, None).outcome,
            Outcome::Tampered
        );

        let other = sealed("ffffffffffffffff", "e", "");
        assert_eq!(
            open_item(&other, 0, &Fake, Some("ffffffffffffffff")).outcome,
            Outcome::WrongKey {
                key_id: "ffffffffffffffff".into()
            }
        );
        assert_eq!(
            open_item(&other, 0, &Fake, Some("00112233aabbccdd")).outcome,
            Outcome::UnknownKeyId {
                key_id: "ffffffffffffffff".into()
            }
        );
        let bad_enc = sealed("00112233aabbccdd", "bad", "");
        assert_eq!(
            open_item(&bad_enc, 0, &Fake, None).outcome,
            Outcome::Malformed(Malformed::Envelope)
        );
        let not_json = sealed("00112233aabbccdd", "e", &format!("{ID}not json"));
        assert!(matches!(
            open_item(&not_json, 0, &Fake, None).outcome,
            Outcome::Malformed(Malformed::Plaintext(_))
        ));
        assert_eq!(
            open_item(&json!([1]), 4, &Fake, None),
            Item {
                id: "#5".into(),
                received_at: String::new(),
                receipt: String::new(),
                recorded_at: String::new(),
                outcome: Outcome::Malformed(Malformed::NotObject)
            }
        );
        assert_eq!(
            open_item(&json!({"body": {}}), 0, &Fake, None).outcome,
            Outcome::Malformed(Malformed::MissingId)
        );
        let mut mismatch = sealed("00112233aabbccdd", "e", "");
        mismatch["id"] = json!("other");
        assert_eq!(
            open_item(&mismatch, 0, &Fake, None).outcome,
            Outcome::Malformed(Malformed::IdMismatch)
        );
        let mut schema = sealed("00112233aabbccdd", "e", "");
        schema["body"]["schema"] = json!("zicht.sealed/9");
        assert_eq!(
            open_item(&schema, 0, &Fake, None).outcome,
            Outcome::Malformed(Malformed::UnknownSchema("zicht.sealed/9".into()))
        );
        let mut no_key = sealed("", "e", "");
        no_key["body"]["key_id"] = json!(7);
        assert_eq!(
            open_item(&no_key, 0, &Fake, None).outcome,
            Outcome::Malformed(Malformed::Envelope)
        );
    }

    #[test]
    fn a_plaintext_body_opens_as_unsealed() {
        let body: Value = serde_json::from_str(&plain()).expect("json");
        let raw = json!({"id": ID, "received_at": "t", "receipt": "r", "body": body});
        let outcome = open_item(&raw, 0, &Fake, None).outcome;
        assert!(matches!(outcome, Outcome::Opened { sealed: false, .. }));
        assert!(outcome.is_unsealed());
    }

    #[test]
    fn every_failure_has_a_message_naming_the_keys() {
        let loaded = vec!["00112233aabbccdd".to_string()];
        let wrong = Outcome::WrongKey {
            key_id: "ffffffffffffffff".into(),
        }
        .message(&loaded)
        .expect("message");
        assert!(wrong.nl.contains("ffffffffffffffff") && wrong.nl.contains("00112233aabbccdd"));
        assert!(wrong.en.contains("ffffffffffffffff"));
        for outcome in [
            Outcome::Tampered,
            Outcome::UnknownKeyId { key_id: "k".into() },
            Outcome::Malformed(Malformed::Plaintext("eof".into())),
            Outcome::Malformed(Malformed::UnknownSchema("s".into())),
        ] {
            let m = outcome.message(&loaded).expect("message");
            assert!(!m.nl.is_empty() && !m.en.is_empty() && m.nl != m.en);
            assert!(!m.nl.contains('{'), "unfilled placeholder: {}", m.nl);
        }
    }

    /// The real thing: sealed by `crate::seal` as the app seals, opened with
    /// the session's keys; a changed byte, a wrong key and another id fail
    /// each in their own way, and the others still open.
    #[test]
    fn sealed_by_the_app_opened_by_the_receiver() {
        let key = PrivateKey::derive(&[7u8; 32]);
        let other = PrivateKey::derive(&[8u8; 32]);
        let plain = plain();
        let body = seal::seal(&key.public_key(), &plain, ID).expect("sealed");
        let raw =
            |b: &seal::SealedBody| json!({"id": ID, "received_at": "t", "receipt": "r", "body": b});
        let keys = SealKeys::new([key.clone()]);
        assert_eq!(keys.key_ids(), [key.public_key().key_id()]);
        let opened = open_item(&raw(&body), 0, &keys, None);
        assert_eq!(
            opened.outcome.observation().map(|o| o.id.as_str()),
            Some(ID)
        );

        let mut tampered = body.clone();
        let mut ct: Vec<char> = tampered.ciphertext.chars().collect();
        ct[10] = if ct[10] == 'A' { 'B' } else { 'A' };
        tampered.ciphertext = ct.into_iter().collect();
        assert_eq!(
            open_item(&raw(&tampered), 1, &keys, None).outcome,
            Outcome::Tampered
        );

        let wrong = SealKeys::new([other]);
        assert_eq!(
            open_item(&raw(&body), 0, &wrong, Some(&body.key_id)).outcome,
            Outcome::WrongKey {
                key_id: body.key_id.clone()
            }
        );
        let mut short = body.clone();
        short.enc = "AAAA".into();
        assert_eq!(
            open_item(&raw(&short), 0, &keys, None).outcome,
            Outcome::Malformed(Malformed::Envelope)
        );
        // Both keys loaded (a key transition): each body opens with its own.
        let both = SealKeys::new([PrivateKey::derive(&[8u8; 32]), key]);
        assert!(open_item(&raw(&body), 0, &both, None)
            .outcome
            .observation()
            .is_some());
    }
}
