//! Reading `GET {url}/v1/observations?after=<cursor>&limit=<n>` page by page.
//!
//! Bounded: every request asks for at most [`MAX_LIMIT`] items, a run stops
//! after [`RUN_CAP`] items (the user continues it), a cursor that does not move
//! ends the run, and transient failures are retried at most [`MAX_ATTEMPTS`]
//! times. Resumable: the cursor survives every stop, so "continue" and "fetch
//! new ones" ask from where reading stopped. When the endpoint says there is
//! nothing more (`next` is null) the cursor of the last page is kept; asking
//! again later re-reads that one page and the inbox drops the ids it has.

use serde_json::Value;

use crate::i18n::{self, K};
use crate::outbox::{self, HttpRequest, UrlError};
use crate::{Lang, Text};

/// Items per page when the user does not choose (the protocol's maximum is
/// [`MAX_LIMIT`]; large pages mean fewer round trips for thousands).
pub const DEFAULT_LIMIT: u32 = 500;
pub const MAX_LIMIT: u32 = 1000;
/// Items one run reads before it pauses for the user to continue.
pub const RUN_CAP: usize = 50_000;
/// Failed attempts at one page before the run pauses.
pub const MAX_ATTEMPTS: u32 = 4;

/// Why reading stopped before it caught up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// `401`/`403`: the reader token is missing or wrong, or is a sender token.
    Auth(u16),
    /// Network errors or `408`/`425`/`429`/`5xx`, [`MAX_ATTEMPTS`] times.
    Unreachable(Option<u16>),
    /// Any other answer, with the server's `error` when it gave one.
    Rejected(u16, String),
    /// `200` whose body is not `{"items": [...], "next": ...}`.
    BadPage,
    /// [`RUN_CAP`] items read in this run.
    RunCap,
}

impl ReadError {
    pub fn text(&self) -> Text {
        let text = |key: K, args: &[(&str, &str)]| Text {
            nl: i18n::tf(Lang::Nl, key, args),
            en: i18n::tf(Lang::En, key, args),
        };
        match self {
            ReadError::Auth(status) => text(K::RcvReadAuth, &[("status", &status.to_string())]),
            ReadError::Unreachable(_) => text(K::RcvReadUnreachable, &[]),
            ReadError::Rejected(status, error) => text(
                K::RcvReadRejected,
                &[("status", &status.to_string()), ("error", error)],
            ),
            ReadError::BadPage => text(K::RcvReadBadPage, &[]),
            ReadError::RunCap => text(K::RcvReadRunCap, &[("n", &RUN_CAP.to_string())]),
        }
    }
}

/// Why a reader cannot be set up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectError {
    Url(UrlError),
    TokenMissing,
    /// Characters a header cannot carry (or spaces around it).
    BadToken,
}

impl ConnectError {
    pub fn text(self) -> Text {
        match self {
            ConnectError::Url(e) => e.text(),
            ConnectError::TokenMissing => Text {
                nl: i18n::t(Lang::Nl, K::RcvTokenMissing).to_string(),
                en: i18n::t(Lang::En, K::RcvTokenMissing).to_string(),
            },
            ConnectError::BadToken => Text {
                nl: i18n::t(Lang::Nl, K::SyncBadToken).to_string(),
                en: i18n::t(Lang::En, K::SyncBadToken).to_string(),
            },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadState {
    /// Asking for pages.
    Reading,
    /// The endpoint had nothing more; "fetch new ones" asks again.
    CaughtUp,
    Paused(ReadError),
}

/// What the app does after a response or a failure.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Open these items (`first` is the position of the first one over the
    /// whole read, for items without an id); ask for the next page at once
    /// when `more`.
    Page {
        items: Vec<Value>,
        first: usize,
        more: bool,
    },
    /// Ask for the same page again after this many milliseconds.
    Retry { delay_ms: u64 },
    /// Stopped: see [`Reader::state`].
    Stopped,
}

/// Reading state of one endpoint for one session.
#[derive(Clone, PartialEq, Eq)]
pub struct Reader {
    base: String,
    token: String,
    limit: u32,
    cursor: Option<String>,
    state: ReadState,
    attempts: u32,
    /// Pages and items received over the whole session.
    pub pages: usize,
    pub items: usize,
    run_items: usize,
}

impl std::fmt::Debug for Reader {
    // The reader token must never end up in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("base", &self.base)
            .field("cursor", &self.cursor)
            .field("state", &self.state)
            .field("items", &self.items)
            .finish()
    }
}

impl Reader {
    /// A reader of `url` with a reader token; `limit` is clamped to 1..=1000.
    pub fn new(url: &str, token: &str, limit: u32) -> Result<Reader, ConnectError> {
        let base = outbox::validate_endpoint_url(url).map_err(ConnectError::Url)?;
        if token.is_empty() {
            return Err(ConnectError::TokenMissing);
        }
        if !token.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
            return Err(ConnectError::BadToken);
        }
        Ok(Reader {
            base,
            token: token.to_string(),
            limit: limit.clamp(1, MAX_LIMIT),
            cursor: None,
            state: ReadState::Reading,
            attempts: 0,
            pages: 0,
            items: 0,
            run_items: 0,
        })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn state(&self) -> &ReadState {
        &self.state
    }

    pub fn cursor(&self) -> Option<&str> {
        self.cursor.as_deref()
    }

    fn get(&self, url: String) -> HttpRequest {
        HttpRequest {
            method: "GET",
            url,
            headers: vec![("Authorization", format!("Bearer {}", self.token))],
            body: None,
        }
    }

    /// The request for the next page.
    pub fn request(&self) -> HttpRequest {
        let mut url = format!("{}/v1/observations?limit={}", self.base, self.limit);
        if let Some(cursor) = &self.cursor {
            url.push_str("&after=");
            url.push_str(&percent_encode(cursor));
        }
        self.get(url)
    }

    /// `GET /v1/health`, to read the key the endpoint announces. Without the
    /// token: health checks a token as a sender's and would refuse a reader
    /// token; the first page checks it instead.
    pub fn health_request(&self) -> HttpRequest {
        HttpRequest {
            method: "GET",
            url: format!("{}/v1/health", self.base),
            headers: vec![],
            body: None,
        }
    }

    /// Continues after a pause or after catching up, from the same cursor.
    pub fn resume(&mut self) {
        self.state = ReadState::Reading;
        self.attempts = 0;
        self.run_items = 0;
    }

    /// An answer to [`Reader::request`]. `now_ms` and `jitter` (random) set
    /// the back-off, which honours `Retry-After`.
    pub fn on_response(
        &mut self,
        status: u16,
        body: &str,
        retry_after: Option<&str>,
        now_ms: u64,
        jitter: u64,
    ) -> Step {
        match status {
            200 => self.on_page(body),
            401 | 403 => self.stop(ReadError::Auth(status)),
            408 | 425 | 429 | 500..=599 => {
                let after = retry_after
                    .and_then(outbox::parse_retry_after)
                    .map(|r| r.delay_ms(now_ms));
                self.transient(Some(status), after, jitter)
            }
            _ => {
                let error = serde_json::from_str::<Value>(body)
                    .ok()
                    .and_then(|v| v.get("error").and_then(Value::as_str).map(str::to_string))
                    .unwrap_or_default();
                self.stop(ReadError::Rejected(status, error))
            }
        }
    }

    /// The request did not get an answer (network error, timeout).
    pub fn on_failure(&mut self, jitter: u64) -> Step {
        self.transient(None, None, jitter)
    }

    fn stop(&mut self, error: ReadError) -> Step {
        self.state = ReadState::Paused(error);
        Step::Stopped
    }

    fn transient(&mut self, status: Option<u16>, after: Option<u64>, jitter: u64) -> Step {
        self.attempts += 1;
        if self.attempts >= MAX_ATTEMPTS {
            return self.stop(ReadError::Unreachable(status));
        }
        Step::Retry {
            delay_ms: outbox::backoff_delay_ms(self.attempts, after, jitter),
        }
    }

    fn on_page(&mut self, body: &str) -> Step {
        let Ok(page) = serde_json::from_str::<Value>(body) else {
            return self.stop(ReadError::BadPage);
        };
        let Some(items) = page.get("items").and_then(Value::as_array) else {
            return self.stop(ReadError::BadPage);
        };
        let next = match page.get("next") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(_) => return self.stop(ReadError::BadPage),
        };
        self.attempts = 0;
        let first = self.items;
        self.pages += 1;
        self.items += items.len();
        self.run_items += items.len();
        let items = items.clone();
        let more = match next {
            // Nothing more now: keep the cursor of this page (see the module docs).
            None => false,
            // A cursor that does not move would ask for the same page forever.
            Some(next) if self.cursor.as_deref() == Some(next.as_str()) => false,
            Some(next) => {
                self.cursor = Some(next);
                !items.is_empty()
            }
        };
        if !more {
            self.state = ReadState::CaughtUp;
        } else if self.run_items >= RUN_CAP {
            self.state = ReadState::Paused(ReadError::RunCap);
        }
        Step::Page {
            items,
            first,
            more: more && self.state == ReadState::Reading,
        }
    }
}

/// The `key_id` a `/v1/health` answer announces, if any.
pub fn announced_key_id(health: &str) -> Option<String> {
    let v: Value = serde_json::from_str(health).ok()?;
    let id = v.get("seal")?.get("key_id")?.as_str()?;
    super::is_key_id(id).then(|| id.to_string())
}

/// Query-string encoding of an opaque cursor.
fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn page(n: usize, next: Option<&str>) -> String {
        let items: Vec<Value> = (0..n).map(|i| json!({"id": format!("i{i}")})).collect();
        json!({"items": items, "next": next}).to_string()
    }

    fn reader() -> Reader {
        Reader::new("http://127.0.0.1:9/", "reader-token", 2000).expect("reader")
    }

    #[test]
    fn pages_follow_the_cursor_until_next_is_null_and_resume_from_it() {
        let mut r = reader();
        let req = r.request();
        assert_eq!(req.url, "http://127.0.0.1:9/v1/observations?limit=1000");
        assert_eq!(
            req.headers,
            vec![("Authorization", "Bearer reader-token".into())]
        );
        assert!(!format!("{r:?}").contains("reader-token"));

        let step = r.on_response(200, &page(3, Some("c 1/+")), None, 0, 0);
        assert!(matches!(step, Step::Page { ref items, first: 0, more: true } if items.len() == 3));
        assert_eq!(
            r.request().url,
            "http://127.0.0.1:9/v1/observations?limit=1000&after=c%201%2F%2B"
        );

        let step = r.on_response(200, &page(2, None), None, 0, 0);
        assert!(matches!(
            step,
            Step::Page {
                first: 3,
                more: false,
                ..
            }
        ));
        assert_eq!(r.state(), &ReadState::CaughtUp);
        assert_eq!((r.pages, r.items), (2, 5));
        // The last page's cursor is kept: later, "fetch new ones" asks again from it.
        r.resume();
        assert_eq!(r.state(), &ReadState::Reading);
        assert_eq!(r.cursor(), Some("c 1/+"));
    }

    #[test]
    fn a_cursor_that_does_not_move_or_an_empty_page_ends_the_run() {
        let mut r = reader();
        r.on_response(200, &page(1, Some("a")), None, 0, 0);
        let step = r.on_response(200, &page(1, Some("a")), None, 0, 0);
        assert!(matches!(step, Step::Page { more: false, .. }));
        assert_eq!(r.state(), &ReadState::CaughtUp);
        r.resume();
        let step = r.on_response(200, &page(0, Some("b")), None, 0, 0);
        assert!(matches!(step, Step::Page { more: false, .. }));
        assert_eq!(r.cursor(), Some("b"));
    }

    #[test]
    fn transient_failures_retry_with_back_off_then_pause_and_resume_keeps_the_cursor() {
        let mut r = reader();
        r.on_response(200, &page(1, Some("a")), None, 0, 0);
        let Step::Retry { delay_ms } = r.on_response(503, "", Some("30"), 0, 0) else {
            panic!("expected a retry");
        };
        assert!(delay_ms >= 30_000, "honours Retry-After: {delay_ms}");
        assert!(matches!(r.on_failure(7), Step::Retry { .. }));
        assert!(matches!(r.on_failure(7), Step::Retry { .. }));
        // The fourth failed attempt pauses.
        assert_eq!(r.on_failure(7), Step::Stopped);
        assert_eq!(r.state(), &ReadState::Paused(ReadError::Unreachable(None)));
        r.resume();
        assert_eq!(r.cursor(), Some("a"));
        assert!(matches!(r.on_failure(0), Step::Retry { .. }));
    }

    #[test]
    fn refusals_pause_with_their_reason() {
        let mut r = reader();
        assert_eq!(r.on_response(403, "", None, 0, 0), Step::Stopped);
        assert_eq!(r.state(), &ReadState::Paused(ReadError::Auth(403)));
        let mut r = reader();
        r.on_response(400, r#"{"error":"bad_cursor"}"#, None, 0, 0);
        assert_eq!(
            r.state(),
            &ReadState::Paused(ReadError::Rejected(400, "bad_cursor".into()))
        );
        for body in ["<html>", r#"{"next":null}"#, r#"{"items":[],"next":5}"#] {
            let mut r = reader();
            assert_eq!(r.on_response(200, body, None, 0, 0), Step::Stopped);
            assert_eq!(r.state(), &ReadState::Paused(ReadError::BadPage));
        }
        for e in [ReadError::Auth(401), ReadError::RunCap, ReadError::BadPage] {
            let t = e.text();
            assert!(!t.nl.is_empty() && !t.nl.contains('{'));
        }
    }

    #[test]
    fn a_run_is_bounded() {
        let mut r = reader();
        let mut pages = 0;
        loop {
            let step = r.on_response(200, &page(1000, Some(&format!("c{pages}"))), None, 0, 0);
            pages += 1;
            if !matches!(step, Step::Page { more: true, .. }) {
                break;
            }
            assert!(pages < 1000, "unbounded");
        }
        assert_eq!(pages, RUN_CAP / 1000);
        assert_eq!(r.state(), &ReadState::Paused(ReadError::RunCap));
        r.resume();
        assert!(matches!(
            r.on_response(200, &page(1, None), None, 0, 0),
            Step::Page { first: RUN_CAP, .. }
        ));
    }

    #[test]
    fn setup_checks_the_url_and_the_token() {
        assert_eq!(
            Reader::new("http://example.org", "t", 10).err(),
            Some(ConnectError::Url(UrlError::HttpNotLocal))
        );
        assert_eq!(
            Reader::new("https://example.org", "", 10).err(),
            Some(ConnectError::TokenMissing)
        );
        assert_eq!(
            Reader::new("https://example.org", "a b", 10).err(),
            Some(ConnectError::BadToken)
        );
        assert_eq!(
            Reader::new("https://example.org", "t", 0).map(|r| r.limit),
            Ok(1)
        );
        let health = reader().health_request();
        assert_eq!(health.url, "http://127.0.0.1:9/v1/health");
        assert!(health.headers.is_empty(), "no token on health");
    }

    #[test]
    fn reads_the_announced_key_id() {
        let h =
            r#"{"protocol":1,"seal":{"suite":"x","key_id":"3f9a0c1d2e4b5a69","public_key":"p"}}"#;
        assert_eq!(announced_key_id(h), Some("3f9a0c1d2e4b5a69".into()));
        assert_eq!(announced_key_id(r#"{"protocol":1}"#), None);
        assert_eq!(announced_key_id(r#"{"seal":{"key_id":"XYZ"}}"#), None);
    }
}
