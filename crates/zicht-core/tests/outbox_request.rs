//! Request building and endpoint URL validation.
use zicht_core::outbox::*;

const ID: &str = "0b6f3c9e-2f4a-4c1e-9d7b-1a2b3c4d5e6f";

fn body() -> String {
    format!(r#"{{"id":"{ID}","schema":"zicht.observation/1","signals":[]}}"#)
}

fn cfg(url: &str, token: Option<&str>) -> EndpointConfig {
    EndpointConfig {
        url: url.into(),
        token: token.map(String::from),
        label: Some("SHOP Jeugd".into()),
    }
}

#[test]
fn post_with_all_headers() {
    let req = build_observation_request(
        &cfg(
            "https://meldpunt.example.nl/zicht/",
            Some("s3cret-token-1234"),
        ),
        ID,
        &body(),
    )
    .expect("builds");
    assert_eq!(req.method, "POST");
    assert_eq!(req.url, "https://meldpunt.example.nl/zicht/v1/observations");
    assert_eq!(
        req.headers,
        vec![
            ("Content-Type", "application/json".to_string()),
            ("Idempotency-Key", ID.to_string()),
            ("Authorization", "Bearer s3cret-token-1234".to_string()),
        ]
    );
    assert_eq!(req.body.as_deref(), Some(body().as_str()));
    // The token never shows in Debug output.
    let debug = format!(
        "{req:?} {:?}",
        cfg("https://x.nl", Some("s3cret-token-1234"))
    );
    assert!(!debug.contains("s3cret"), "{debug}");
}

#[test]
fn no_authorization_without_token() {
    for token in [None, Some(""), Some("   ")] {
        let req =
            build_observation_request(&cfg("https://x.nl", token), ID, &body()).expect("builds");
        assert!(
            req.headers.iter().all(|(k, _)| *k != "Authorization"),
            "{token:?}"
        );
        assert_eq!(req.url, "https://x.nl/v1/observations");
    }
    for bad in ["a b", "abc\r\nX-Evil: 1", " abc"] {
        assert_eq!(
            build_observation_request(&cfg("https://x.nl", Some(bad)), ID, &body()),
            Err(RequestError::BadToken)
        );
    }
}

#[test]
fn body_must_match_the_id() {
    let c = cfg("https://x.nl", None);
    assert_eq!(
        build_observation_request(&c, "other", &body()),
        Err(RequestError::BadBody)
    );
    assert_eq!(
        build_observation_request(&c, ID, "{"),
        Err(RequestError::BadBody)
    );
    assert_eq!(
        build_observation_request(&cfg("http://x.nl", None), ID, &body()),
        Err(RequestError::Url(UrlError::HttpNotLocal))
    );
}

#[test]
fn health_request_and_check() {
    let req = build_health_request(&cfg("http://localhost:8787//", None)).expect("builds");
    assert_eq!(
        (req.method, req.url.as_str()),
        ("GET", "http://localhost:8787/v1/health")
    );
    assert_eq!(
        check_health(200, r#"{"protocol":1,"name":"x"}"#),
        HealthCheck::Ok
    );
    assert_eq!(
        check_health(200, r#"{"protocol":2}"#),
        HealthCheck::WrongProtocol
    );
    assert_eq!(check_health(200, "<html>"), HealthCheck::WrongProtocol);
    assert_eq!(check_health(503, ""), HealthCheck::Status(503));
}

#[test]
fn url_validation() {
    let ok = [
        ("https://meldpunt.example.nl", "https://meldpunt.example.nl"),
        (
            "  HTTPS://Meldpunt.Example.NL/ ",
            "https://meldpunt.example.nl",
        ),
        (
            "https://meldpunt.example.nl:8443/api/zicht/",
            "https://meldpunt.example.nl:8443/api/zicht",
        ),
        ("http://localhost", "http://localhost"),
        ("http://localhost:8787/", "http://localhost:8787"),
        ("http://127.0.0.1:8787", "http://127.0.0.1:8787"),
        ("http://[::1]:8787", "http://[::1]:8787"),
        ("https://[2001:db8::1]", "https://[2001:db8::1]"),
        ("https://10.1.2.3", "https://10.1.2.3"),
    ];
    for (input, want) in ok {
        assert_eq!(validate_endpoint_url(input).as_deref(), Ok(want), "{input}");
    }
    let bad = [
        ("", UrlError::Empty),
        ("   ", UrlError::Empty),
        ("meldpunt.example.nl", UrlError::NotHttps),
        ("ftp://meldpunt.example.nl", UrlError::NotHttps),
        ("javascript://x", UrlError::NotHttps),
        ("http://meldpunt.example.nl", UrlError::HttpNotLocal),
        ("http://127.0.0.2", UrlError::HttpNotLocal),
        ("http://localhost.example.nl", UrlError::HttpNotLocal),
        ("http://192.168.1.10:8787", UrlError::HttpNotLocal),
        ("https://user:pw@meldpunt.example.nl", UrlError::Credentials),
        ("http://localhost@evil.example", UrlError::Credentials),
        ("https://x.nl/?a=1", UrlError::QueryOrFragment),
        ("https://x.nl/#top", UrlError::QueryOrFragment),
        ("https://", UrlError::Malformed),
        ("https://x .nl", UrlError::Malformed),
        ("https://x.nl:0", UrlError::Malformed),
        ("https://x.nl:99999", UrlError::Malformed),
        ("https://x.nl:", UrlError::Malformed),
        ("https://-x.nl", UrlError::Malformed),
        ("https://x..nl", UrlError::Malformed),
        ("https://x.nl//v1", UrlError::Malformed),
        ("https://[::1", UrlError::Malformed),
    ];
    for (input, want) in bad {
        assert_eq!(validate_endpoint_url(input), Err(want), "{input:?}");
        let text = want.text();
        assert!(!text.nl.is_empty() && !text.en.is_empty() && text.nl != text.en);
    }
    assert_eq!(
        endpoint_url("https://x.nl/", "/v1/health").as_deref(),
        Ok("https://x.nl/v1/health")
    );
}

#[test]
fn token_masking() {
    assert_eq!(mask_token("abcdefghijkl"), "••••ijkl");
    assert_eq!(mask_token("short"), "••••");
}

mod connection_report {
    use zicht_core::outbox::{connection_report, TransportFailure};

    fn passed(report: &zicht_core::outbox::ConnectionReport) -> Vec<Option<bool>> {
        report.checks.iter().map(|c| c.passed).collect()
    }

    #[test]
    fn a_wrong_token_fails_the_test_even_though_the_address_answers() {
        let r = connection_report(Ok((401, r#"{"error":"unauthorized"}"#)), true, "SHOP Jeugd");
        assert!(!r.ok);
        assert_eq!(passed(&r), [Some(true), None, Some(false), None]);
        assert!(
            r.checks[2].text.nl.contains("geweigerd (HTTP 401)"),
            "{}",
            r.checks[2].text.nl
        );
        assert!(r.checks[2].text.en.contains("refused (HTTP 401)"));
    }

    #[test]
    fn every_check_is_reported_when_all_pass() {
        let body = r#"{"protocol":1}"#;
        let r = connection_report(Ok((200, body)), true, "SHOP Jeugd");
        assert!(r.ok);
        assert_eq!(passed(&r), [Some(true); 4]);
        assert!(
            r.checks[3].text.nl.contains("Niet versleuteld"),
            "{}",
            r.checks[3].text.nl
        );
        assert!(r.checks[3].text.nl.contains("SHOP Jeugd"));
        // Without a token the test passes, and says the token was not checked.
        let r = connection_report(Ok((200, body)), false, "x");
        assert!(r.ok);
        assert_eq!(r.checks[2].passed, None);
        assert!(r.checks[2].text.nl.contains("Geen toegangscode"));
    }

    #[test]
    fn a_sealed_endpoint_names_the_key_and_failures_stop_early() {
        let key = zicht_core::seal::PrivateKey::derive(&[7u8; 32]).public_key();
        let body = format!(
            r#"{{"protocol":1,"seal":{{"suite":"{}","key_id":"{}","public_key":"{}"}}}}"#,
            zicht_core::seal::SUITE,
            key.key_id(),
            key.to_base64url()
        );
        let r = connection_report(Ok((200, &body)), true, "Meldpunt");
        assert!(r.ok);
        assert!(
            r.checks[3]
                .text
                .nl
                .starts_with("Versleuteld: alleen Meldpunt"),
            "{}",
            r.checks[3].text.nl
        );
        let r = connection_report(Err(TransportFailure::Network), true, "x");
        assert!(!r.ok);
        assert_eq!(passed(&r), [Some(false), None, None, None]);
        let r = connection_report(Ok((200, r#"{"hello":1}"#)), true, "x");
        assert!(!r.ok);
        assert_eq!(passed(&r), [Some(true), Some(false), None, None]);
        let r = connection_report(Ok((404, "")), true, "x");
        assert_eq!(passed(&r), [Some(true), Some(false), None, None]);
    }
}
