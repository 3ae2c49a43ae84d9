//! Tokens, CORS and rate limits.
mod common;
use common::*;

const CONFIG: &str = r#"
allowed_origins = ["https://zicht.example.nl", "http://localhost:8080"]

[[tokens]]
name = "wijkteam-noord"
token = "noord-0123456789abcdef"
rate_per_minute = 600

[[tokens]]
name = "school-zuid"
token = "zuid-0123456789abcdef"
rate_per_minute = 60
burst = 2
"#;

#[test]
fn tokens_401_missing_403_wrong_201_right() {
    let srv = TestServer::start(config(CONFIG));
    let id = uuid(11);
    let body = observation(&id).to_string();
    let r = post_json(srv.addr, &id, &body, &[]).expect("post");
    assert_eq!(r.status, 401);
    assert_eq!(r.header("www-authenticate"), Some("Bearer"));
    let r = post_json(srv.addr, &id, &body, &[("Authorization", "Bearer ")]).expect("post");
    assert_eq!(r.status, 401);
    let r = post_json(
        srv.addr,
        &id,
        &body,
        &[("Authorization", "Basic bm9vcmQ6eA==")],
    )
    .expect("post");
    assert_eq!(r.status, 401);
    let r = post_json(
        srv.addr,
        &id,
        &body,
        &[("Authorization", "Bearer noord-0123456789abcdeX")],
    )
    .expect("post");
    assert_eq!(r.status, 403);
    assert_eq!(srv.rows(), 0);
    // The app pauses on both.
    use zicht_core::outbox::{classify, OutcomeKind};
    assert_eq!(classify(401, "", None).kind(), OutcomeKind::Pause);
    assert_eq!(classify(403, "", None).kind(), OutcomeKind::Pause);

    let r = post_json(
        srv.addr,
        &id,
        &body,
        &[("Authorization", "Bearer noord-0123456789abcdef")],
    )
    .expect("post");
    assert_eq!(r.status, 201);
    assert_eq!(
        srv.row(&id).and_then(|r| r.token_name).as_deref(),
        Some("wijkteam-noord")
    );
    // Health stays open for "test connection".
    assert_eq!(
        request(srv.addr, "GET", "/v1/health", &[], b"")
            .expect("health")
            .status,
        200
    );
}

#[test]
fn cors_preflight_for_allowed_and_refused_origins() {
    let srv = TestServer::start(config(CONFIG));
    let preflight = |origin: &str| {
        request(
            srv.addr,
            "OPTIONS",
            "/v1/observations",
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "POST"),
                (
                    "Access-Control-Request-Headers",
                    "content-type, authorization, idempotency-key",
                ),
            ],
            b"",
        )
        .expect("preflight")
    };
    let r = preflight("https://zicht.example.nl");
    assert!(r.status == 204 || r.status == 200, "{}", r.status);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://zicht.example.nl")
    );
    let methods = r
        .header("access-control-allow-methods")
        .unwrap_or("")
        .to_ascii_uppercase();
    assert!(
        methods.contains("GET") && methods.contains("POST"),
        "{methods}"
    );
    let allowed = r
        .header("access-control-allow-headers")
        .unwrap_or("")
        .to_ascii_lowercase();
    for h in ["content-type", "authorization", "idempotency-key"] {
        assert!(allowed.contains(h), "{allowed}");
    }
    assert!(r.header("vary").unwrap_or("").contains("Origin"));

    for refused in [
        "https://evil.example",
        "https://zicht.example.nl.evil.example",
        "null",
        "http://localhost:8081",
    ] {
        let r = preflight(refused);
        assert!(r.status >= 400, "{refused}: {}", r.status);
        assert!(
            !r.has_header_prefix("access-control-"),
            "{refused}: {:?}",
            r.headers
        );
    }

    // Actual requests: allowed origin gets the header (and can read Retry-After),
    // another origin gets no Access-Control-Allow-Origin, so the browser
    // withholds the answer from its page.
    let id = uuid(12);
    let body = observation(&id).to_string();
    let auth = ("Authorization", "Bearer noord-0123456789abcdef");
    let r = post_json(
        srv.addr,
        &id,
        &body,
        &[auth, ("Origin", "http://localhost:8080")],
    )
    .expect("post");
    assert_eq!(r.status, 201);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://localhost:8080")
    );
    assert!(r
        .header("access-control-expose-headers")
        .unwrap_or("")
        .contains("retry-after"));
    let r = request(
        srv.addr,
        "GET",
        "/v1/health",
        &[("Origin", "https://evil.example")],
        b"",
    )
    .expect("health");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin"),
        None,
        "{:?}",
        r.headers
    );
    assert!(r.header("vary").unwrap_or("").contains("Origin"));
    let r = request(
        srv.addr,
        "GET",
        "/v1/health",
        &[("Origin", "https://zicht.example.nl")],
        b"",
    )
    .expect("health");
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://zicht.example.nl")
    );
}

#[test]
fn rate_limit_answers_429_with_retry_after_per_token() {
    let srv = TestServer::start(config(CONFIG));
    let zuid = ("Authorization", "Bearer zuid-0123456789abcdef");
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for n in 0..4 {
        let id = uuid(100 + n);
        let r = post_json(srv.addr, &id, &observation(&id).to_string(), &[zuid]).expect("post");
        statuses.push(r.status);
        if r.status == 429 {
            retry_after = r.header("retry-after").map(String::from);
        }
    }
    assert_eq!(&statuses[..2], &[201, 201]);
    assert!(statuses[2..].iter().all(|&s| s == 429), "{statuses:?}");
    let secs: u64 = retry_after
        .as_deref()
        .and_then(|v| v.parse().ok())
        .expect("Retry-After seconds");
    assert!((1..=60).contains(&secs), "{secs}");
    // The app retries and honours it.
    use zicht_core::outbox::{classify, Outcome, RetryAfter, RetryCause};
    assert_eq!(
        classify(429, "", retry_after.as_deref()),
        Outcome::RetryLater {
            cause: RetryCause::Status(429),
            retry_after: Some(RetryAfter::Seconds(secs))
        }
    );
    // Another token has its own bucket.
    let id = uuid(200);
    let r = post_json(
        srv.addr,
        &id,
        &observation(&id).to_string(),
        &[("Authorization", "Bearer noord-0123456789abcdef")],
    )
    .expect("post");
    assert_eq!(r.status, 201);
    assert_eq!(srv.rows(), 3);
}

#[test]
fn config_errors_are_caught() {
    use zicht_endpoint::Config;
    for bad in [
        "[[tokens]]\nname = \"a\"\ntoken = \"short\"\n",
        "[[tokens]]\nname = \"\"\ntoken = \"0123456789abcdef0\"\n",
        "[[tokens]]\nname = \"a\"\ntoken = \"0123456789abcdef0\"\n[[tokens]]\nname = \"a\"\ntoken = \"0123456789abcdef1\"\n",
        "[[tokens]]\nname = \"a\"\ntoken = \"0123456789abcdef0\"\nrate_per_minute = 0\n",
        "allowed_origins = [\"https://x.nl/\"]\n",
        "allowed_origins = [\"*\"]\n",
        "unknown = 1\n",
    ] {
        assert!(Config::parse(bad).is_err(), "{bad}");
    }
    let c = config(CONFIG);
    assert_eq!(c.max_body_bytes, 64 * 1024);
    // Debug never shows a secret.
    assert!(!format!("{c:?}").contains("0123456789abcdef"));
}
