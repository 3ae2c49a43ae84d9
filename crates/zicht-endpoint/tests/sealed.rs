//! The sealed profile at the endpoint: health announces the current key, sealed bodies
//! are stored untouched, `422 unknown_key` for a key it does not accept (the previous
//! key still is), `422 sealed_required` for plaintext while a key is announced; and the
//! tools: `keygen` (0600, never overwrites) and `export --key` (opens locally, privacy
//! guard marks findings).
mod common;
use common::*;
use serde_json::Value;
use zicht_core::seal::{self, PrivateKey, SealedBody, SUITE};

fn keys() -> (PrivateKey, PrivateKey) {
    (
        PrivateKey::derive(&[21u8; 32]),
        PrivateKey::derive(&[22u8; 32]),
    )
}

fn sealed_config(current: &PrivateKey, previous: Option<&PrivateKey>) -> String {
    let previous = previous
        .map(|k| format!("previous = [\"{}\"]\n", k.public_key().to_base64url()))
        .unwrap_or_default();
    format!(
        "[seal]\npublic_key = \"{}\"\nkey_id = \"{}\"\n{previous}",
        current.public_key().to_base64url(),
        current.public_key().key_id()
    )
}

fn sealed_body(to: &PrivateKey, obs: &Value) -> (String, String) {
    let id = obs["id"].as_str().expect("id").to_string();
    let json = obs.to_string();
    let body = seal::seal(&to.public_key(), &json, &id).expect("seal");
    (id, serde_json::to_string(&body).expect("json"))
}

#[test]
fn health_announces_the_current_key() {
    let (current, previous) = keys();
    let srv = TestServer::start(config(&sealed_config(&current, Some(&previous))));
    let r = request(srv.addr, "GET", "/v1/health", &[], b"").expect("health");
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["protocol"], 1);
    assert_eq!(v["seal"]["suite"], SUITE);
    assert_eq!(v["seal"]["key_id"], current.public_key().key_id());
    assert_eq!(v["seal"]["public_key"], current.public_key().to_base64url());
    // The app's own parser accepts it as is.
    let body = String::from_utf8(r.body.clone()).expect("utf8");
    assert_eq!(
        zicht_core::key_trust::parse_announcement(&body),
        zicht_core::key_trust::Announcement::Key(zicht_core::key_trust::SealKey::from_public(
            &current.public_key()
        ))
    );
    // Without [seal]: no seal object.
    let plain = TestServer::start(config(""));
    let r = request(plain.addr, "GET", "/v1/health", &[], b"").expect("health");
    assert!(r.json().get("seal").is_none());
}

#[test]
fn sealed_bodies_are_stored_untouched_and_deduplicated() {
    let (current, previous) = keys();
    let srv = TestServer::start(config(&sealed_config(&current, Some(&previous))));
    let mut obs = observation(&uuid(1));
    obs["note"] = Value::String("Jongen bij de snackbar, nieuwe schoenen".into());
    let (id, body) = sealed_body(&current, &obs);
    let r = post_json(srv.addr, &id, &body, &[]).expect("post");
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let receipt = r.json()["receipt"].clone();
    let again = post_json(srv.addr, &id, &body, &[]).expect("repeat");
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["receipt"], receipt);
    assert_eq!(srv.rows(), 1);
    let row = srv.row(&id).expect("stored");
    assert_eq!(row.body, body, "stored byte for byte as it came");
    assert!(!row.body.contains("snackbar") && !row.body.contains("a-signal"));
    // The previous key is still accepted (transition period).
    let (id2, body2) = sealed_body(&previous, &observation(&uuid(2)));
    assert_eq!(
        post_json(srv.addr, &id2, &body2, &[]).expect("post").status,
        201
    );
    // And the receiver opens what is stored.
    let stored: SealedBody = serde_json::from_str(&row.body).expect("sealed");
    assert_eq!(seal::open(&current, &stored), Ok(obs.to_string()));
}

#[test]
fn unknown_key_and_sealed_required_are_422_and_store_nothing() {
    let (current, other) = keys();
    let srv = TestServer::start(config(&sealed_config(&current, None)));
    let (id, body) = sealed_body(&other, &observation(&uuid(3)));
    let r = post_json(srv.addr, &id, &body, &[]).expect("post");
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["error"], "unknown_key");
    assert_eq!(r.json()["key_id"], other.public_key().key_id());
    let text = String::from_utf8(r.body.clone()).expect("utf8");
    assert_eq!(
        zicht_core::key_trust::key_refusal(422, &text),
        Some(zicht_core::key_trust::KeyRefusal::UnknownKey)
    );

    let plain = observation(&uuid(4));
    let r = post_json(srv.addr, &uuid(4), &plain.to_string(), &[]).expect("post");
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["error"], "sealed_required");
    let text = String::from_utf8(r.body.clone()).expect("utf8");
    assert_eq!(
        zicht_core::key_trust::key_refusal(422, &text),
        Some(zicht_core::key_trust::KeyRefusal::SealedRequired)
    );
    assert_eq!(srv.rows(), 0);

    // An endpoint without keys accepts no key_id at all.
    let open = TestServer::start(config(""));
    let (id, body) = sealed_body(&current, &observation(&uuid(5)));
    let r = post_json(open.addr, &id, &body, &[]).expect("post");
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["error"], "unknown_key");
    assert_eq!(open.rows(), 0);
}

#[test]
fn malformed_sealed_bodies_name_the_field() {
    let (current, _) = keys();
    let srv = TestServer::start(config(&sealed_config(&current, None)));
    let (id, body) = sealed_body(&current, &observation(&uuid(6)));
    let good: Value = serde_json::from_str(&body).expect("json");
    let cases: [(&str, Value); 5] = [
        ("enc", Value::String("short".into())),
        ("ciphertext", Value::String("AAAA".into())),
        ("recorded_at", Value::String("gisteren".into())),
        ("id", Value::String("not-a-uuid".into())),
        ("key_id", Value::Null),
    ];
    for (field, value) in cases {
        let mut bad = good.clone();
        bad[field] = value;
        let key = if field == "id" {
            "not-a-uuid"
        } else {
            id.as_str()
        };
        let r = post_json(srv.addr, key, &bad.to_string(), &[]).expect("post");
        assert_eq!(r.status, 422, "{field}");
        assert_eq!(r.json()["field"], field, "{field}");
    }
    // Idempotency-Key must still equal the id.
    let r = post_json(srv.addr, &uuid(99), &body, &[]).expect("post");
    assert_eq!(r.status, 422);
    assert_eq!(srv.rows(), 0);
}

#[test]
fn config_refuses_a_bad_key_or_a_wrong_key_id() {
    let (current, _) = keys();
    let ok = sealed_config(&current, None);
    assert!(zicht_endpoint::Config::parse(&ok).is_ok());
    let wrong_id = format!(
        "[seal]\npublic_key = \"{}\"\nkey_id = \"0000000000000000\"\n",
        current.public_key().to_base64url()
    );
    assert!(zicht_endpoint::Config::parse(&wrong_id)
        .expect_err("wrong id")
        .contains("key_id"));
    assert!(zicht_endpoint::Config::parse("[seal]\npublic_key = \"abc\"\n").is_err());
    // A private key has no place in the endpoint's config.
    assert!(zicht_endpoint::Config::parse(&format!(
        "[seal]\npublic_key = \"{}\"\nprivate_key = \"x\"\n",
        current.public_key().to_base64url()
    ))
    .is_err());
}

#[test]
fn keygen_writes_a_0600_key_file_and_never_overwrites_it() {
    let dir = TempDir::new("keygen");
    let path = dir.0.join("receiver.key");
    let printed = zicht_endpoint::run_keygen(&path).expect("keygen");
    let key = zicht_endpoint::load_private_key(&path).expect("load");
    let public = key.public_key();
    assert!(printed.contains(&public.to_base64url()));
    assert!(printed.contains(&public.key_id()));
    assert!(!printed.contains(&seal::base64url_encode(&key.to_bytes())));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let before = std::fs::read(&path).expect("read");
    assert!(zicht_endpoint::run_keygen(&path).is_err());
    assert_eq!(std::fs::read(&path).expect("read"), before);
    // The printed [seal] lines are a valid config.
    let snippet = printed
        .split("# for the endpoint's config file:\n")
        .nth(1)
        .expect("snippet");
    let cfg = zicht_endpoint::Config::parse(snippet).expect("config from keygen");
    assert_eq!(cfg.seal_keys().map(|k| k.current), Some(public));
}

#[test]
fn export_with_the_key_opens_rows_and_marks_privacy_findings() {
    let (current, other) = keys();
    let srv = TestServer::start(config(&sealed_config(&current, Some(&other))));
    let mut clean = observation(&uuid(10));
    clean["note"] = Value::String("Bij de bushalte, twee keer gezien".into());
    let mut leaky = observation(&uuid(11));
    leaky["note"] = Value::String("Bel hem op 06-12345678".into());
    let from_other = observation(&uuid(12));
    for (obs, key) in [
        (&clean, &current),
        (&leaky, &current),
        (&from_other, &other),
    ] {
        let (id, body) = sealed_body(key, obs);
        assert_eq!(
            post_json(srv.addr, &id, &body, &[]).expect("post").status,
            201
        );
    }
    let rows = {
        let conn = zicht_endpoint::store::sqlite::open(&srv.db_path).expect("db");
        zicht_endpoint::store::sqlite::all(&conn).expect("rows")
    };
    let opened = zicht_endpoint::export::prepare(rows.clone(), Some(&current));
    let by_id = |id: &str| opened.iter().find(|r| r.row.id == id).expect("row");
    use zicht_endpoint::export::SealState;
    assert_eq!(by_id(&uuid(10)).seal, SealState::Opened);
    assert_eq!(by_id(&uuid(10)).row.body, clean.to_string());
    assert!(by_id(&uuid(10)).privacy.is_empty());
    assert_eq!(by_id(&uuid(11)).seal, SealState::Opened);
    assert!(
        !by_id(&uuid(11)).privacy.is_empty(),
        "the phone number is marked"
    );
    assert_eq!(by_id(&uuid(12)).seal, SealState::OtherKey);

    let csv = zicht_endpoint::export::csv(&opened, zicht_core::Lang::Nl);
    assert!(csv.contains("bushalte"));
    let leaky_line = csv.lines().find(|l| l.contains(&uuid(11))).expect("line");
    assert!(leaky_line.contains(",opened,"));
    let json: Value =
        serde_json::from_str(&zicht_endpoint::export::json(&opened)).expect("json export");
    let item = json
        .as_array()
        .and_then(|a| a.iter().find(|i| i["id"] == uuid(10)))
        .expect("item");
    assert_eq!(item["observation"], clean);
    assert_eq!(item["sealed"], "opened");

    // Without the key nothing is opened.
    let closed = zicht_endpoint::export::prepare(rows, None);
    assert!(closed.iter().all(|r| r.seal == SealState::Sealed));
    assert!(!zicht_endpoint::export::csv(&closed, zicht_core::Lang::Nl).contains("bushalte"));
}
