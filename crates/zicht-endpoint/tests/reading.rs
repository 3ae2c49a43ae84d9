//! The reading API (`GET /v1/observations?after=&limit=`): reader tokens
//! apart from sender tokens, arrival order, pages and cursors, bodies as
//! posted, CORS for reader origins.
mod common;
use common::*;
use serde_json::Value;

const CONFIG: &str = r#"
allowed_origins = ["https://zicht.example.nl"]
reader_origins = ["https://lezen.example.nl"]

[[tokens]]
name = "wijkteam"
token = "sender-0123456789abcdef"
rate_per_minute = 100000

[[readers]]
name = "shop-jeugd"
token = "reader-0123456789abcdef"
"#;

const SENDER: (&str, &str) = ("Authorization", "Bearer sender-0123456789abcdef");
const READER: (&str, &str) = ("Authorization", "Bearer reader-0123456789abcdef");

fn read(srv: &TestServer, query: &str, headers: &[(&str, &str)]) -> Resp {
    request(
        srv.addr,
        "GET",
        &format!("/v1/observations{query}"),
        headers,
        b"",
    )
    .expect("response")
}

#[test]
fn pages_follow_arrival_order_with_bodies_as_posted() {
    let srv = TestServer::start(config(CONFIG));
    // Ids deliberately out of their sort order: arrival order is what counts.
    let mut posted = Vec::new();
    for n in 0..250u64 {
        let id = uuid((n * 7_919) % 1_000 + 1);
        let mut obs = observation(&id);
        obs["note"] = Value::String(format!("nummer {n}, \"gequote\" tekst"));
        // Key order and spacing of the posted text are kept byte for byte.
        let body = obs.to_string().replacen("{", "{ ", 1);
        let r = post_json(srv.addr, &id, &body, &[SENDER]).expect("post");
        assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
        let receipt = r.json()["receipt"].as_str().map(String::from);
        posted.push((id, body, receipt));
    }
    // A repeat is stored once and read once.
    let (id0, body0, _) = &posted[0];
    assert_eq!(
        post_json(srv.addr, id0, body0, &[SENDER])
            .expect("post")
            .status,
        200
    );

    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut pages = 0;
    loop {
        let query = match &after {
            Some(c) => format!("?after={c}"),
            None => String::new(),
        };
        let r = read(&srv, &query, &[READER]);
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.header("cache-control"), Some("no-store"));
        let text = String::from_utf8(r.body.clone()).expect("utf-8");
        let page = r.json();
        let items = page["items"].as_array().expect("items").clone();
        if items.is_empty() {
            assert_eq!(page["next"], Value::Null, "an empty page has no next");
            break;
        }
        assert!(items.len() <= 100, "default limit 100");
        for item in &items {
            let id = item["id"].as_str().expect("id").to_string();
            let (_, body, receipt) = posted
                .iter()
                .find(|(p, _, _)| *p == id)
                .expect("a posted id");
            // The body comes back exactly as it was posted.
            assert!(text.contains(&format!("\"body\":{body}")), "{id}");
            assert_eq!(item["receipt"].as_str(), receipt.as_deref());
            assert!(item["received_at"]
                .as_str()
                .and_then(zicht_core::outbox::parse_rfc3339_ms)
                .is_some());
            seen.push(id);
        }
        after = Some(page["next"].as_str().expect("next cursor").to_string());
        pages += 1;
        assert!(pages < 10, "bounded");
    }
    assert_eq!(pages, 3, "100 + 100 + 50");
    let order: Vec<String> = posted.iter().map(|(id, _, _)| id.clone()).collect();
    assert_eq!(seen, order, "arrival order, each once");

    // limit: 1..=1000, larger asks get 1000 at most.
    let r = read(&srv, "?limit=7", &[READER]);
    assert_eq!(r.json()["items"].as_array().map(Vec::len), Some(7));
    let r = read(&srv, "?limit=5000", &[READER]);
    assert_eq!(r.json()["items"].as_array().map(Vec::len), Some(250));
    for bad in [
        "?limit=0",
        "?limit=ten",
        "?limit=-1",
        "?after=abc",
        "?after=-5",
    ] {
        let r = read(&srv, bad, &[READER]);
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.json()["error"].is_string(), "{bad}");
    }
    // The cursor of the 7th row continues with the 8th.
    let first = read(&srv, "?limit=7", &[READER]).json();
    let next = first["next"].as_str().expect("next").to_string();
    let rest = read(&srv, &format!("?after={next}&limit=1"), &[READER]).json();
    assert_eq!(rest["items"][0]["id"].as_str(), Some(order[7].as_str()));
}

#[test]
fn reader_and_sender_tokens_each_do_their_own_job() {
    let srv = TestServer::start(config(CONFIG));
    let id = uuid(4_242);
    let body = observation(&id).to_string();
    // A reader token cannot send, and nothing is stored.
    let r = post_json(srv.addr, &id, &body, &[READER]).expect("post");
    assert_eq!(r.status, 403);
    assert_eq!(srv.rows(), 0);
    // A sender token cannot read.
    assert_eq!(
        post_json(srv.addr, &id, &body, &[SENDER])
            .expect("post")
            .status,
        201
    );
    let r = read(&srv, "", &[SENDER]);
    assert_eq!(r.status, 403);
    assert!(r.json().get("items").is_none(), "nothing leaks with a 403");
    // No token: 401; an unknown one: 403; the reader: 200.
    assert_eq!(read(&srv, "", &[]).status, 401);
    assert_eq!(
        read(
            &srv,
            "",
            &[("Authorization", "Bearer reader-0123456789abcdeX")]
        )
        .status,
        403
    );
    let r = read(&srv, "", &[READER]);
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["items"][0]["id"].as_str(), Some(id.as_str()));

    // On an endpoint open for sending, a reader token still cannot send,
    // and reading still needs a reader token.
    let open = TestServer::start(config(
        "[[readers]]\nname = \"shop\"\ntoken = \"reader-0123456789abcdef\"\n",
    ));
    assert_eq!(
        post_json(open.addr, &id, &body, &[READER])
            .expect("post")
            .status,
        403
    );
    assert_eq!(
        post_json(open.addr, &id, &body, &[]).expect("post").status,
        201
    );
    assert_eq!(read(&open, "", &[]).status, 401);
    assert_eq!(read(&open, "", &[READER]).status, 200);
    // With no readers configured nobody reads.
    let none = TestServer::start(config(""));
    assert_eq!(read(&none, "", &[READER]).status, 403);
}

#[test]
fn a_secret_used_for_sending_and_reading_is_a_config_error() {
    let both = "[[tokens]]\nname = \"a\"\ntoken = \"same-0123456789abcdef\"\n[[readers]]\nname = \"b\"\ntoken = \"same-0123456789abcdef\"\n";
    assert!(zicht_endpoint::Config::parse(both).is_err());
    assert!(zicht_endpoint::Config::parse("reader_origins = [\"https://x.nl/\"]\n").is_err());
    let c = config(CONFIG);
    assert!(
        !format!("{c:?}").contains("0123456789abcdef"),
        "no secrets in Debug"
    );
}

#[test]
fn cors_reading_for_reader_origins_and_retry_after_on_every_answer() {
    let srv = TestServer::start(config(CONFIG));
    let preflight = |origin: &str, method: &str| {
        request(
            srv.addr,
            "OPTIONS",
            "/v1/observations",
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", method),
                ("Access-Control-Request-Headers", "authorization"),
            ],
            b"",
        )
        .expect("preflight")
    };
    let r = preflight("https://lezen.example.nl", "GET");
    assert!(r.status < 300, "{}", r.status);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://lezen.example.nl")
    );
    // The reader origin may not send, the app's origin may not read.
    for (origin, method) in [
        ("https://lezen.example.nl", "POST"),
        ("https://zicht.example.nl", "GET"),
    ] {
        let r = preflight(origin, method);
        assert_eq!(r.status, 403, "{origin} {method}");
        assert!(!r.has_header_prefix("access-control-"), "{origin} {method}");
    }
    let r = read(&srv, "", &[READER, ("Origin", "https://lezen.example.nl")]);
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://lezen.example.nl")
    );
    // Every answer to an allowed origin exposes Retry-After, errors included.
    let id = uuid(77);
    let origin = ("Origin", "https://zicht.example.nl");
    for (status, extra) in [(401, vec![origin]), (403, vec![origin, READER])] {
        let r = post_json(srv.addr, &id, &observation(&id).to_string(), &extra).expect("post");
        assert_eq!(r.status, status);
        assert_eq!(
            r.header("access-control-allow-origin"),
            Some("https://zicht.example.nl")
        );
        assert!(r
            .header("access-control-expose-headers")
            .unwrap_or("")
            .eq_ignore_ascii_case("retry-after"));
    }
    let r = request(srv.addr, "GET", "/nothing", &[origin], b"").expect("404");
    assert_eq!(r.status, 404);
    assert!(r.header("access-control-expose-headers").is_some());
}

#[test]
fn health_reports_the_database() {
    let srv = TestServer::start(config(CONFIG));
    let r = request(srv.addr, "GET", "/v1/health", &[], b"").expect("health");
    assert_eq!(r.status, 200);
    let v = r.json();
    assert_eq!(v["protocol"], 1);
    assert_eq!(v["database"]["kind"], "sqlite");
    assert_eq!(v["database"]["reachable"], true);
}
