//! Key trust for sealed observations: which key, the pinned key wins, when to pause,
//! what to seal, and what a key refusal does.

use zicht_core::key_trust::{
    health_step, key_refusal, parse_announcement, prepare_body, refused_state, send_mode,
    Announcement, HealthStep, KeyPause, KeyRefusal, KeySource, KeyTrust, Pin, PrepareError,
    Readability, SealKey, SendMode,
};
use zicht_core::outbox::{PauseReason, SyncState};
use zicht_core::seal::{self, PrivateKey, SealedBody, SUITE};
use zicht_core::Lang;

const URL: &str = "https://meldpunt.example.nl";

fn key(seed: u8) -> (PrivateKey, SealKey) {
    let sk = PrivateKey::derive(&[seed; 32]);
    let sealed = SealKey::from_public(&sk.public_key());
    (sk, sealed)
}

fn health(k: &SealKey) -> String {
    format!(
        r#"{{"protocol":1,"seal":{{"suite":"{SUITE}","key_id":"{}","public_key":"{}"}}}}"#,
        k.key_id, k.public_key
    )
}

fn checked(announcement: Announcement) -> KeyTrust {
    let mut t = KeyTrust::for_url(None, URL);
    t.record(&announcement);
    t
}

#[test]
fn health_announcement_is_parsed_and_its_key_id_checked() {
    let (_, k) = key(1);
    assert_eq!(
        parse_announcement(&health(&k)),
        Announcement::Key(k.clone())
    );
    assert_eq!(parse_announcement(r#"{"protocol":1}"#), Announcement::NoKey);
    assert_eq!(
        parse_announcement(r#"{"protocol":1,"seal":null}"#),
        Announcement::NoKey
    );
    // Wrong key_id, other suite, short key, missing field, not JSON: all unusable.
    let wrong_id = health(&SealKey {
        key_id: "0000000000000000".into(),
        ..k.clone()
    });
    assert_eq!(parse_announcement(&wrong_id), Announcement::Invalid);
    let other_suite = health(&k).replace(SUITE, "X25519-HKDF-SHA256/HKDF-SHA256/AES-128-GCM");
    assert_eq!(parse_announcement(&other_suite), Announcement::Invalid);
    let short = health(&SealKey {
        public_key: seal::base64url_encode(&[1u8; 31]),
        key_id: seal::key_id(&[1u8; 31]),
    });
    assert_eq!(parse_announcement(&short), Announcement::Invalid);
    assert_eq!(
        parse_announcement(r#"{"protocol":1,"seal":{"suite":"x"}}"#),
        Announcement::Invalid
    );
    assert_eq!(parse_announcement("<html>"), Announcement::Invalid);
}

#[test]
fn nothing_is_sent_before_health_was_read() {
    let t = KeyTrust::for_url(None, URL);
    assert_eq!(send_mode(&t, None), SendMode::CheckFirst);
    assert_eq!(Readability::of(&send_mode(&t, None)), Readability::Unknown);
    assert_eq!(
        prepare_body(&SendMode::CheckFirst, "id", "{}"),
        Err(PrepareError::NotNow)
    );
}

#[test]
fn an_endpoint_without_a_key_gets_plaintext_and_the_settings_say_so() {
    let t = checked(Announcement::NoKey);
    let mode = send_mode(&t, None);
    assert_eq!(mode, SendMode::Plain);
    let r = Readability::of(&mode);
    assert_eq!(r.name(), "plain");
    assert!(r.text("SHOP").get(Lang::Nl).starts_with("Niet versleuteld"));
    assert!(r.text("SHOP").get(Lang::Nl).contains("SHOP"));
    let json = r#"{"id":"a","recorded_at":"2026-01-01T00:00:00Z"}"#;
    assert_eq!(prepare_body(&mode, "a", json).as_deref(), Ok(json));
}

#[test]
fn the_first_key_waits_for_confirmation_then_everything_is_sealed_to_it() {
    let (sk, k) = key(2);
    let mut t = checked(Announcement::Key(k.clone()));
    let mode = send_mode(&t, None);
    assert_eq!(
        mode,
        SendMode::Paused(KeyPause::FirstKey {
            announced: k.clone()
        })
    );
    let text = KeyPause::FirstKey {
        announced: k.clone(),
    }
    .text("SHOP");
    assert!(text.get(Lang::Nl).contains(&k.fingerprint()));
    assert!(prepare_body(&mode, "a", "{}").is_err());

    assert!(t.confirm(&k));
    let mode = send_mode(&t, None);
    let SendMode::Sealed { key: pk, source } = &mode else {
        panic!("sealed expected, got {mode:?}");
    };
    assert_eq!(*source, KeySource::Confirmed);
    assert_eq!(pk.key_id(), k.key_id);
    let r = Readability::of(&mode);
    assert_eq!(r.name(), "sealed");
    assert!(r
        .text("SHOP")
        .get(Lang::Nl)
        .starts_with("Versleuteld voor SHOP"));
    assert!(r.text("SHOP").get(Lang::Nl).contains(&k.fingerprint()));

    // What is sealed: the exact JSON, under the same id, to the confirmed key.
    let id = "6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    let json = format!(r#"{{"id":"{id}","recorded_at":"2026-11-30T10:00:00Z","note":"x"}}"#);
    let body = prepare_body(&mode, id, &json).expect("sealed");
    let sealed: SealedBody = serde_json::from_str(&body).expect("sealed body");
    assert_eq!(sealed.id, id);
    assert_eq!(sealed.key_id, k.key_id);
    assert!(!body.contains("\"note\""));
    assert_eq!(seal::open(&sk, &sealed).as_deref(), Ok(json.as_str()));
}

#[test]
fn the_fingerprint_is_grouped_in_fours_for_reading_aloud() {
    let (_, k) = key(3);
    let f = k.fingerprint();
    assert_eq!(f.len(), 19);
    assert_eq!(f.split(' ').count(), 4);
    assert_eq!(f.replace(' ', ""), k.key_id);
}

#[test]
fn only_the_announced_key_can_be_confirmed() {
    let (_, k) = key(4);
    let (_, other) = key(5);
    let mut t = checked(Announcement::Key(k.clone()));
    assert!(!t.confirm(&other));
    assert_eq!(t.confirmed, None);
    let mut none = checked(Announcement::NoKey);
    assert!(!none.confirm(&k));
}

#[test]
fn a_changed_key_pauses_with_both_fingerprints_until_confirmed() {
    let (_, old) = key(6);
    let (new_sk, new) = key(7);
    let mut t = checked(Announcement::Key(old.clone()));
    assert!(t.confirm(&old));
    assert!(matches!(send_mode(&t, None), SendMode::Sealed { .. }));

    // 422 unknown_key → ask health again before anything else goes out.
    t.key_refused();
    assert_eq!(send_mode(&t, None), SendMode::CheckFirst);
    t.record(&Announcement::Key(new.clone()));
    let mode = send_mode(&t, None);
    let pause = KeyPause::Changed {
        confirmed: old.clone(),
        announced: new.clone(),
    };
    assert_eq!(mode, SendMode::Paused(pause.clone()));
    let text = pause.text("SHOP");
    for lang in [Lang::Nl, Lang::En] {
        assert!(text.get(lang).contains(&old.fingerprint()), "{lang:?}");
        assert!(text.get(lang).contains(&new.fingerprint()), "{lang:?}");
    }
    assert_eq!(pause.confirmable(), Some(&new));

    assert!(t.confirm(&new));
    let SendMode::Sealed { key, .. } = send_mode(&t, None) else {
        panic!("sealed to the new key");
    };
    assert_eq!(key, new_sk.public_key());
}

#[test]
fn a_pinned_key_wins_and_a_mismatch_pauses() {
    let (pin_sk, pinned) = key(8);
    let (_, other) = key(9);
    let pin = Pin(pinned.clone());
    // No health needed, no confirmation needed.
    let fresh = KeyTrust::for_url(None, URL);
    assert_eq!(
        send_mode(&fresh, Some(&pin)),
        SendMode::Sealed {
            key: pin_sk.public_key(),
            source: KeySource::Pinned
        }
    );
    // The endpoint announcing the pinned key, or none: still the pin.
    assert!(matches!(
        send_mode(&checked(Announcement::Key(pinned.clone())), Some(&pin)),
        SendMode::Sealed {
            source: KeySource::Pinned,
            ..
        }
    ));
    assert!(matches!(
        send_mode(&checked(Announcement::NoKey), Some(&pin)),
        SendMode::Sealed {
            source: KeySource::Pinned,
            ..
        }
    ));
    // A key the user confirmed does not override the pin either.
    let mut confirmed_other = checked(Announcement::Key(other.clone()));
    assert!(confirmed_other.confirm(&other));
    let mode = send_mode(&confirmed_other, Some(&pin));
    let expected = KeyPause::PinMismatch {
        pinned: pinned.clone(),
        announced: other.clone(),
    };
    assert_eq!(mode, SendMode::Paused(expected.clone()));
    assert_eq!(expected.confirmable(), None);
    let text = expected.text("SHOP");
    assert!(text.get(Lang::Nl).contains(&pinned.fingerprint()));
    assert!(text.get(Lang::Nl).contains(&other.fingerprint()));
    // A broken pin never falls back to plaintext.
    let bad = Pin(SealKey {
        key_id: "0000000000000000".into(),
        ..pinned
    });
    assert_eq!(
        send_mode(&checked(Announcement::NoKey), Some(&bad)),
        SendMode::Paused(KeyPause::BadPin)
    );
}

#[test]
fn once_a_key_was_announced_plaintext_never_goes_out_again() {
    let (_, k) = key(10);
    let mut t = checked(Announcement::Key(k.clone()));
    assert!(t.confirm(&k));
    t.record(&Announcement::NoKey);
    assert_eq!(
        send_mode(&t, None),
        SendMode::Paused(KeyPause::KeyWithdrawn)
    );
    let mut bad = checked(Announcement::Invalid);
    assert_eq!(
        send_mode(&bad, None),
        SendMode::Paused(KeyPause::BadAnnouncement)
    );
    bad.record(&Announcement::NoKey);
    assert_eq!(
        send_mode(&bad, None),
        SendMode::Paused(KeyPause::KeyWithdrawn)
    );
}

#[test]
fn another_endpoint_starts_afresh() {
    let (_, k) = key(11);
    let mut t = checked(Announcement::Key(k.clone()));
    assert!(t.confirm(&k));
    let same = KeyTrust::for_url(Some(t.clone()), URL);
    assert_eq!(same, t);
    let other = KeyTrust::for_url(Some(t), "https://ander.example.nl");
    assert_eq!(other.url, "https://ander.example.nl");
    assert_eq!(other.confirmed, None);
    assert_eq!(send_mode(&other, None), SendMode::CheckFirst);
}

#[test]
fn trust_round_trips_as_json_and_old_json_reads() {
    let (_, k) = key(12);
    let mut t = checked(Announcement::Key(k.clone()));
    assert!(t.confirm(&k));
    let text = serde_json::to_string(&t).expect("json");
    assert_eq!(serde_json::from_str::<KeyTrust>(&text).expect("back"), t);
    let minimal: KeyTrust =
        serde_json::from_str(r#"{"url":"https://a.example"}"#).expect("minimal");
    assert!(!minimal.checked && minimal.confirmed.is_none());
}

#[test]
fn health_before_sending_is_judged_like_a_post() {
    let (_, k) = key(13);
    assert_eq!(
        health_step(200, &health(&k)),
        HealthStep::Record(Announcement::Key(k))
    );
    assert_eq!(
        health_step(200, r#"{"protocol":1}"#),
        HealthStep::Record(Announcement::NoKey)
    );
    assert_eq!(
        health_step(200, r#"{"protocol":2}"#),
        HealthStep::Pause(PauseReason::Endpoint, 200)
    );
    assert_eq!(
        health_step(200, "<html>"),
        HealthStep::Pause(PauseReason::Endpoint, 200)
    );
    assert_eq!(
        health_step(401, ""),
        HealthStep::Pause(PauseReason::Auth, 401)
    );
    assert_eq!(
        health_step(403, ""),
        HealthStep::Pause(PauseReason::Auth, 403)
    );
    assert_eq!(
        health_step(404, ""),
        HealthStep::Pause(PauseReason::Endpoint, 404)
    );
    for s in [0, 408, 425, 429, 500, 502, 503] {
        assert_eq!(health_step(s, ""), HealthStep::RetryLater, "{s}");
    }
}

#[test]
fn key_refusals_are_told_apart_from_other_422s() {
    assert_eq!(
        key_refusal(422, r#"{"error":"unknown_key","key_id":"ab"}"#),
        Some(KeyRefusal::UnknownKey)
    );
    assert_eq!(
        key_refusal(422, r#"{"error":"sealed_required"}"#),
        Some(KeyRefusal::SealedRequired)
    );
    assert_eq!(key_refusal(422, r#"{"error":"invalid signals"}"#), None);
    assert_eq!(key_refusal(422, "not json"), None);
    assert_eq!(key_refusal(400, r#"{"error":"unknown_key"}"#), None);
}

#[test]
fn a_refused_key_keeps_the_observation_waiting_with_back_off() {
    let sending = SyncState::Sending {
        since_ms: 1_000,
        attempts: 0,
    };
    let state = refused_state(&sending, 10_000, 0);
    let SyncState::RetryLater {
        attempts,
        next_attempt_ms,
        status,
        last_error,
    } = state
    else {
        panic!("retry later expected");
    };
    assert_eq!(attempts, 1);
    assert!(next_attempt_ms > 10_000);
    assert_eq!(status, Some(422));
    assert!(!last_error.get(Lang::Nl).is_empty());
    // Repeated refusals back off further.
    let later = refused_state(
        &SyncState::Sending {
            since_ms: 0,
            attempts: 5,
        },
        10_000,
        u64::MAX,
    );
    assert!(later.attempts() == 6);
    assert!(!later.is_final());
}
