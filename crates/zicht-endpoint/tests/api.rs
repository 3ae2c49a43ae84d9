//! Health, idempotent storage, malformed bodies.
mod common;
use common::*;
use zicht_endpoint::Config;

fn open() -> TestServer {
    TestServer::start(Config::default_checked())
}

#[test]
fn health_says_protocol_1() {
    let srv = open();
    let r = request(srv.addr, "GET", "/v1/health", &[], b"").expect("health");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["protocol"], 1);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let r = request(srv.addr, "GET", "/nothing", &[], b"").expect("404");
    assert_eq!(r.status, 404);
}

#[test]
fn first_201_then_200_with_the_same_receipt() {
    let srv = open();
    let id = uuid(1);
    let body = observation(&id).to_string();
    let first = post_json(srv.addr, &id, &body, &[]).expect("post");
    assert_eq!(
        first.status,
        201,
        "{:?}",
        String::from_utf8_lossy(&first.body)
    );
    let receipt = first.json()["receipt"]
        .as_str()
        .map(String::from)
        .expect("receipt");
    assert_eq!(first.json()["id"], id.as_str());
    let again = post_json(srv.addr, &id, &body, &[]).expect("post again");
    assert_eq!(again.status, 200);
    assert_eq!(again.json()["receipt"].as_str(), Some(receipt.as_str()));
    // The core outbox reads both answers as "stored".
    use zicht_core::outbox::{classify, Outcome};
    assert_eq!(
        classify(first.status, &String::from_utf8_lossy(&first.body), None),
        Outcome::Stored {
            receipt: receipt.clone(),
            repeat: false
        }
    );
    assert_eq!(srv.rows(), 1);
    let row = srv.row(&id).expect("row");
    assert_eq!(row.body, body, "kept as received");
    assert_eq!(row.receipt, receipt);
    assert_eq!(row.token_name, None);
    assert!(zicht_core::outbox::parse_rfc3339_ms(&row.received_at).is_some());
    // A second observation gets its own receipt.
    let other =
        post_json(srv.addr, &uuid(2), &observation(&uuid(2)).to_string(), &[]).expect("post");
    assert_eq!(other.status, 201);
    assert_ne!(other.json()["receipt"].as_str(), Some(receipt.as_str()));
}

#[test]
fn fifty_parallel_requests_for_one_id_store_one_row() {
    let srv = open();
    let id = uuid(50);
    fifty_parallel_posts_of_one_id(srv.addr, &id, &observation(&id).to_string());
    assert_eq!(srv.rows(), 1);
}

#[test]
fn malformed_bodies_are_refused_and_nothing_is_stored() {
    let srv = open();
    let id = uuid(7);
    let good = observation(&id).to_string();
    let addr = srv.addr;
    let post = |body: &[u8], headers: &[(&str, &str)]| {
        request(addr, "POST", "/v1/observations", headers, body).expect("response")
    };
    let json_headers = [
        ("Content-Type", "application/json"),
        ("Idempotency-Key", id.as_str()),
    ];

    // Truncated JSON.
    let r = post(&good.as_bytes()[..good.len() / 2], &json_headers);
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].is_string());
    // Invalid UTF-8.
    let mut bad_utf8 = good.clone().into_bytes();
    bad_utf8.splice(10..10, [0xff, 0xfe]);
    let r = post(&bad_utf8, &json_headers);
    assert_eq!(r.status, 400);
    assert!(r.json()["error"].as_str().unwrap_or("").contains("UTF-8"));
    // Empty body.
    assert_eq!(post(b"", &json_headers).status, 400);
    // Oversize (declared and actual).
    let mut big = observation(&id);
    big["notes"] = serde_json::Value::String("x".repeat(70 * 1024));
    assert_eq!(post(big.to_string().as_bytes(), &json_headers).status, 413);
    // Wrong content type, or none.
    let r = post(
        good.as_bytes(),
        &[
            ("Content-Type", "text/plain"),
            ("Idempotency-Key", id.as_str()),
        ],
    );
    assert_eq!(r.status, 415);
    assert_eq!(
        post(good.as_bytes(), &[("Idempotency-Key", id.as_str())]).status,
        415
    );
    // A charset parameter is fine: checked last, stored.
    // Wrong types and values, each naming its field.
    let cases: Vec<(&str, serde_json::Value)> = vec![
        ("id", serde_json::json!(42)),
        ("id", serde_json::json!("not-a-uuid")),
        (
            "id",
            serde_json::json!("0b6f3c9e-2f4a-1c1e-9d7b-1a2b3c4d5e6f"),
        ),
        ("schema", serde_json::json!("zicht.observation/2")),
        ("schema", serde_json::Value::Null),
        ("observed_on", serde_json::json!("20-11-2026")),
        ("observed_on", serde_json::json!(20261120)),
        ("recorded_at", serde_json::json!("2026-11-20 14:05")),
        ("signals", serde_json::json!("a-signal")),
        ("signals", serde_json::json!([1, 2])),
        ("content_version", serde_json::json!(3)),
        ("corrects", serde_json::json!("nope")),
        ("practice", serde_json::json!(true)),
    ];
    for (field, value) in cases {
        let mut obs = observation(&id);
        obs[field] = value.clone();
        let key = obs["id"].as_str().unwrap_or(&id).to_string();
        let r = post(
            obs.to_string().as_bytes(),
            &[
                ("Content-Type", "application/json"),
                ("Idempotency-Key", &key),
            ],
        );
        assert_eq!(r.status, 422, "{field}={value}");
        assert_eq!(r.json()["field"], field, "{field}={value}: {:?}", r.json());
        assert!(r.json()["error"].as_str().unwrap_or("").contains(field));
    }
    for missing in [
        "id",
        "schema",
        "observed_on",
        "recorded_at",
        "signals",
        "content_version",
    ] {
        let mut obs = observation(&id);
        obs.as_object_mut().map(|o| o.remove(missing));
        let r = post(obs.to_string().as_bytes(), &json_headers);
        assert_eq!(r.status, 422, "missing {missing}");
        assert_eq!(r.json()["field"], missing);
    }
    // Not an object.
    assert_eq!(post(b"[1,2]", &json_headers).status, 422);
    // Idempotency-Key missing or different.
    let r = post(good.as_bytes(), &[("Content-Type", "application/json")]);
    assert_eq!(
        (r.status, r.json()["field"].clone()),
        (422, "Idempotency-Key".into())
    );
    let other = uuid(8);
    let r = post(
        good.as_bytes(),
        &[
            ("Content-Type", "application/json"),
            ("Idempotency-Key", &other),
        ],
    );
    assert_eq!(r.status, 422);

    assert_eq!(srv.rows(), 0, "nothing stored from malformed requests");

    // And the same valid body, with a charset, is accepted.
    let r = post(
        good.as_bytes(),
        &[
            ("Content-Type", "application/json; charset=utf-8"),
            ("Idempotency-Key", &id),
        ],
    );
    assert_eq!(r.status, 201);
    assert_eq!(srv.rows(), 1);
}

#[test]
fn methods_other_than_get_and_post_are_refused() {
    let srv = open();
    // GET is the reading API: never open, even on an open endpoint.
    let r = request(srv.addr, "GET", "/v1/observations", &[], b"").expect("get");
    assert_eq!(r.status, 401);
    let r = request(srv.addr, "DELETE", "/v1/observations", &[], b"").expect("delete");
    assert_eq!(r.status, 405);
}
