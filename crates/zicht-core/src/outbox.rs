//! The outbox: sending observations to a referral endpoint, as a state machine.
//!
//! Everything here is pure: the app injects the clock (`now_ms`, milliseconds
//! since the Unix epoch, UTC) and randomness (`jitter`, any uniformly random
//! `u64`), performs the HTTP request itself and feeds the answer back.
//!
//! The loop the app runs (see `docs/referral-protocol.md`):
//! 1. [`decide`] over all stored observations → [`Decision`].
//! 2. On [`Decision::Send`]: store [`start_sending`]'s state, build the request
//!    with [`build_observation_request`], send it with a timeout of
//!    [`REQUEST_TIMEOUT_MS`].
//! 3. Turn the answer into an [`Outcome`] with [`classify_response`] (or
//!    [`classify_failure`] for network errors and timeouts), then store
//!    [`apply_outcome`]'s new state and, when it says so, the global [`Pause`].
//! 4. Go to 1; on [`Decision::Wait`] set a timer for the given delay.
//!
//! Decisions on answers the protocol table does not list (see [`classify`]):
//! - `200`/`201` count as stored only with a receipt in a JSON body. Without one
//!   it is retried: a captive portal or proxy answering `200` with an HTML page
//!   must never make the app believe an observation arrived. A retry is safe
//!   because the endpoint de-duplicates on `id`.
//! - other `2xx`, all `1xx` and `3xx`: retried the same way (not a protocol
//!   answer; nothing is lost by asking again).
//! - `407`: paused like `401`/`403` (credentials, this time for a proxy).
//! - `404`, `405`, `406`, `410`, `414`, `415`: paused. They say the address or
//!   the server is wrong for this protocol, which holds for every observation;
//!   rejecting would mark each queued observation rejected one after another.
//! - `421`: retried (RFC 9110 allows retrying it on a new connection).
//! - every other `4xx`: rejected, like `400`.
//! - `5xx`: retried, as the table says, including `501`.
//! - statuses outside 100–599 (0 is what a browser reports for an opaque or
//!   failed response): retried as a network error.
use serde::{Deserialize, Serialize};

use crate::calendar;
use crate::i18n::{self, K};
use crate::observation::is_uuid_v4;
use crate::{Lang, Text};

/// First back-off step.
pub const BACKOFF_BASE_MS: u64 = 2_000;
/// Back-off never grows past this (before `Retry-After` is applied).
pub const BACKOFF_CAP_MS: u64 = 5 * 60 * 1_000;
/// Shortest wait after a failure, so that jitter near zero cannot make the app
/// hammer a failing endpoint.
pub const BACKOFF_MIN_MS: u64 = 1_000;
/// A `Retry-After` longer than this is shortened to it: a misconfigured server
/// asking for days must not silently park observations that long.
pub const RETRY_AFTER_CAP_MS: u64 = 60 * 60 * 1_000;
/// How long the app should wait for an answer before calling it a timeout.
pub const REQUEST_TIMEOUT_MS: u64 = 30_000;
/// A `Sending` state older than this is treated as abandoned (the app was
/// closed mid-request) and may be sent again; the endpoint's de-duplication
/// on `id` makes that safe. Well above [`REQUEST_TIMEOUT_MS`].
pub const SENDING_STALE_MS: u64 = 2 * 60 * 1_000;
/// The protocol version this module speaks.
pub const PROTOCOL_VERSION: u64 = 1;
/// Longest server message kept with a rejected observation.
const MAX_SERVER_MESSAGE_CHARS: usize = 300;

/// Where one observation stands with the referral endpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum SyncState {
    /// Saved on the device, not yet accepted by an endpoint, never tried.
    #[default]
    Pending,
    /// A request is in flight (or was, when the app was closed mid-request).
    Sending {
        /// When the request started.
        since_ms: u64,
        /// Failed attempts before this one.
        attempts: u32,
    },
    /// A previous attempt failed in a way that may pass later.
    RetryLater {
        /// Failed attempts so far (drives the back-off).
        attempts: u32,
        /// Not before this time.
        next_attempt_ms: u64,
        /// Why the last attempt failed, for the sync status.
        last_error: Text,
        /// HTTP status of the last attempt, if there was an answer.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        status: Option<u16>,
    },
    /// Stored by the endpoint. Final; the observation is read-only now.
    Sent {
        /// The endpoint's receipt.
        receipt: String,
        /// When the app got the receipt.
        #[serde(default)]
        sent_at_ms: u64,
    },
    /// The endpoint refused the observation as it is. Final until the user
    /// makes a correction (see [`plan_correction`]).
    Rejected {
        status: u16,
        /// The server's own words (may be empty), shortened and cleaned.
        message: String,
        rejected_at_ms: u64,
    },
}

impl SyncState {
    /// Failed attempts counted for back-off.
    pub fn attempts(&self) -> u32 {
        match self {
            SyncState::Sending { attempts, .. } | SyncState::RetryLater { attempts, .. } => {
                *attempts
            }
            _ => 0,
        }
    }

    /// Sent or rejected: the outbox will not touch it again by itself.
    pub fn is_final(&self) -> bool {
        matches!(self, SyncState::Sent { .. } | SyncState::Rejected { .. })
    }
}

/// Why all sending stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PauseReason {
    /// `401`, `403`, `407`: the token is missing or wrong.
    Auth,
    /// `404`, `405`, `406`, `410`, `414`, `415`: the address does not lead to
    /// a protocol-1 endpoint.
    Endpoint,
}

/// The global pause. The app stores it next to the endpoint settings and
/// clears it (sets it to `None`) whenever the user saves those settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub reason: PauseReason,
    pub status: u16,
    pub since_ms: u64,
}

impl Pause {
    /// What to tell the user.
    pub fn message(&self) -> Text {
        pause_text(self.reason, self.status)
    }
}

/// When the server asked to be tried again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryAfter {
    /// `Retry-After: <seconds>`.
    Seconds(u64),
    /// `Retry-After: <HTTP-date>`, as milliseconds since the Unix epoch.
    At(u64),
}

impl RetryAfter {
    /// The wait this asks for, counted from `now_ms` (0 for a date in the past).
    pub fn delay_ms(self, now_ms: u64) -> u64 {
        match self {
            RetryAfter::Seconds(s) => s.saturating_mul(1_000),
            RetryAfter::At(at) => at.saturating_sub(now_ms),
        }
    }
}

/// Why a retry is needed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryCause {
    /// An HTTP status that means "later": `408`, `425`, `429`, `421`, `5xx`.
    Status(u16),
    /// An answer that is not a protocol answer (`1xx`, `3xx`, odd `2xx`, a
    /// `200`/`201` without a receipt, a status outside 100–599).
    Unexpected(u16),
    /// No answer: offline, DNS, TLS, connection reset, CORS refusal.
    Network,
    /// No answer within [`REQUEST_TIMEOUT_MS`].
    Timeout,
}

/// What an answer (or the lack of one) means for the observation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// `201`, or `200` for a repeat: stored exactly once.
    Stored { receipt: String, repeat: bool },
    /// Refused as it is; keep it, do not retry automatically.
    Rejected { status: u16, message: String },
    /// Stop all sending until the user changes the settings.
    Pause { status: u16, reason: PauseReason },
    /// Try again after a back-off (never earlier than `retry_after`).
    RetryLater {
        cause: RetryCause,
        retry_after: Option<RetryAfter>,
    },
}

/// The four kinds of [`Outcome`], for tables and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutcomeKind {
    Stored,
    Rejected,
    Pause,
    RetryLater,
}

impl Outcome {
    pub fn kind(&self) -> OutcomeKind {
        match self {
            Outcome::Stored { .. } => OutcomeKind::Stored,
            Outcome::Rejected { .. } => OutcomeKind::Rejected,
            Outcome::Pause { .. } => OutcomeKind::Pause,
            Outcome::RetryLater { .. } => OutcomeKind::RetryLater,
        }
    }
}

/// A request that got no HTTP answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportFailure {
    /// fetch rejected: offline, DNS, TLS, reset, CORS refusal.
    Network,
    /// The app's timer ([`REQUEST_TIMEOUT_MS`]) fired first.
    Timeout,
}

/// What kind of outcome a status gets, ignoring the body (see module docs).
pub fn status_kind(status: u16) -> OutcomeKind {
    match status {
        200 | 201 => OutcomeKind::Stored,
        401 | 403 | 407 => OutcomeKind::Pause,
        404 | 405 | 406 | 410 | 414 | 415 => OutcomeKind::Pause,
        408 | 421 | 425 | 429 => OutcomeKind::RetryLater,
        400..=499 => OutcomeKind::Rejected,
        _ => OutcomeKind::RetryLater,
    }
}

/// Classifies an HTTP answer to `POST /v1/observations`.
///
/// `body` is the response text (empty if none), `retry_after` the raw
/// `Retry-After` header. A `200`/`201` whose body has no receipt is a retry
/// (see module docs), so [`status_kind`] alone is not the whole answer.
pub fn classify(status: u16, body: &str, retry_after: Option<&str>) -> Outcome {
    let retry_after = retry_after.and_then(parse_retry_after);
    match status_kind(status) {
        OutcomeKind::Stored => match receipt_of(body) {
            Some(receipt) => Outcome::Stored {
                receipt,
                repeat: status == 200,
            },
            None => Outcome::RetryLater {
                cause: RetryCause::Unexpected(status),
                retry_after,
            },
        },
        OutcomeKind::Pause => Outcome::Pause {
            status,
            reason: if matches!(status, 401 | 403 | 407) {
                PauseReason::Auth
            } else {
                PauseReason::Endpoint
            },
        },
        OutcomeKind::Rejected => Outcome::Rejected {
            status,
            message: server_message(body),
        },
        OutcomeKind::RetryLater => {
            let cause = match status {
                408 | 421 | 425 | 429 | 500..=599 => RetryCause::Status(status),
                100..=599 => RetryCause::Unexpected(status),
                _ => RetryCause::Network,
            };
            Outcome::RetryLater { cause, retry_after }
        }
    }
}

/// [`classify`] for the answer to sending observation `id`: a receipt for
/// another id (a broken server or proxy) is not taken as proof of storage.
/// This is the one the app calls.
pub fn classify_response(id: &str, status: u16, body: &str, retry_after: Option<&str>) -> Outcome {
    let outcome = classify(status, body, retry_after);
    if let Outcome::Stored { .. } = outcome {
        let echoed = serde_json::from_str::<serde_json::Value>(body)
            .ok()
            .and_then(|v| v.get("id").and_then(|i| i.as_str().map(str::to_string)));
        if echoed.is_some_and(|e| !e.eq_ignore_ascii_case(id)) {
            return Outcome::RetryLater {
                cause: RetryCause::Unexpected(status),
                retry_after: retry_after.and_then(parse_retry_after),
            };
        }
    }
    outcome
}

/// Classifies a request that got no answer.
pub fn classify_failure(failure: TransportFailure) -> Outcome {
    Outcome::RetryLater {
        cause: match failure {
            TransportFailure::Network => RetryCause::Network,
            TransportFailure::Timeout => RetryCause::Timeout,
        },
        retry_after: None,
    }
}

/// The receipt in a `{"id": …, "receipt": …}` body: a non-empty string, or a
/// number (some servers use a serial), as text.
fn receipt_of(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    match value.get("receipt")? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(clean_message(s)),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The server's `{"error": …}` text; a plain-text body is used when short and
/// not HTML. Control characters are removed and the length is bounded, since
/// it is shown in the UI and stored on the device.
fn server_message(body: &str) -> String {
    let text = match serde_json::from_str::<serde_json::Value>(body) {
        Ok(value) => match value.get("error") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Object(o)) => match o.get("message") {
                Some(serde_json::Value::String(s)) => s.clone(),
                _ => serde_json::Value::Object(o.clone()).to_string(),
            },
            Some(other) if !other.is_null() => other.to_string(),
            _ => String::new(),
        },
        Err(_) if !body.contains('<') => body.to_string(),
        Err(_) => String::new(),
    };
    clean_message(&text)
}

fn clean_message(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(MAX_SERVER_MESSAGE_CHARS)
        .collect();
    cleaned.trim().to_string()
}

/// Parses a `Retry-After` value: delay-seconds or an HTTP-date (IMF-fixdate,
/// RFC 850 or asctime, as RFC 9110 requires recipients to accept).
pub fn parse_retry_after(value: &str) -> Option<RetryAfter> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    if v.bytes().all(|b| b.is_ascii_digit()) {
        // An absurdly long number is still "very long", not an error.
        return Some(RetryAfter::Seconds(v.parse().unwrap_or(u64::MAX)));
    }
    parse_http_date(v).map(RetryAfter::At)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// An HTTP-date as milliseconds since the Unix epoch.
pub fn parse_http_date(v: &str) -> Option<u64> {
    let parts: Vec<&str> = v.split_whitespace().collect();
    let (day, month, year, time) = match parts.as_slice() {
        // Sun, 06 Nov 1994 08:49:37 GMT
        [wd, d, m, y, t, "GMT"] if wd.ends_with(',') => (*d, *m, y.parse::<i64>().ok()?, *t),
        // Sunday, 06-Nov-94 08:49:37 GMT
        [wd, dmy, t, "GMT"] if wd.ends_with(',') => {
            let mut it = dmy.split('-');
            let (d, m, y) = (it.next()?, it.next()?, it.next()?);
            if it.next().is_some() || y.len() != 2 {
                return None;
            }
            let y: i64 = y.parse().ok()?;
            // RFC 9110: a two-digit year more than 50 years ahead is in the past century.
            (d, m, if y < 70 { 2000 + y } else { 1900 + y }, *t)
        }
        // Sun Nov  6 08:49:37 1994
        [_wd, m, d, t, y] => (*d, *m, y.parse::<i64>().ok()?, *t),
        _ => return None,
    };
    let month = MONTHS.iter().position(|&name| name == month)? as i64 + 1;
    let day: i64 = day.parse().ok()?;
    let (h, mi, s) = parse_hms(time)?;
    to_epoch_ms(year, month, day, h, mi, s, 0)
}

fn parse_hms(t: &str) -> Option<(i64, i64, i64)> {
    let mut it = t.split(':');
    let h: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let s: i64 = it.next()?.parse().ok()?;
    if it.next().is_some() {
        return None;
    }
    Some((h, m, s))
}

fn to_epoch_ms(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64, ms: i64) -> Option<u64> {
    let valid = (1970..=9999).contains(&y)
        && (1..=12).contains(&mo)
        // The checks above keep the casts below lossless.
        && (1..=i64::from(calendar::days_in_month(y as i32, mo as u32))).contains(&d)
        && (0..24).contains(&h)
        && (0..60).contains(&mi)
        // 60 for a leap second, which is then folded into the next minute.
        && (0..=60).contains(&s);
    if !valid {
        return None;
    }
    let secs =
        calendar::days_from_civil(y as i32, mo as u32, d as u32) * 86_400 + h * 3_600 + mi * 60 + s;
    u64::try_from(secs * 1_000 + ms).ok()
}

/// An RFC 3339 timestamp (`2026-11-23T09:41:00Z`, optional fraction, `Z` or
/// `±HH:MM`) as milliseconds since the Unix epoch.
pub fn parse_rfc3339_ms(v: &str) -> Option<u64> {
    let b = v.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = v.get(r)?;
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    if b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut rest = &v[19..];
    let mut ms = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let padded = format!("{:0<3}", &frac[..digits.min(3)]);
        ms = padded.parse().ok()?;
        rest = &frac[digits..];
    }
    let offset_min: i64 = match rest {
        "Z" | "z" => 0,
        _ => {
            let rb = rest.as_bytes();
            if rb.len() != 6 || rb[3] != b':' || !matches!(rb[0], b'+' | b'-') {
                return None;
            }
            let oh: i64 = rest.get(1..3)?.parse().ok()?;
            let om: i64 = rest.get(4..6)?.parse().ok()?;
            if oh > 23 || om > 59 {
                return None;
            }
            let total = oh * 60 + om;
            if rb[0] == b'-' {
                -total
            } else {
                total
            }
        }
    };
    let local = to_epoch_ms(y, mo, d, h, mi, s, ms)? as i64;
    u64::try_from(local - offset_min * 60_000).ok()
}

/// The largest back-off (before jitter) after `attempts` failed attempts:
/// `BASE * 2^(attempts-1)`, capped at [`BACKOFF_CAP_MS`].
pub fn backoff_ceiling_ms(attempts: u32) -> u64 {
    let exp = attempts.saturating_sub(1).min(20);
    BACKOFF_BASE_MS
        .saturating_mul(1u64 << exp)
        .clamp(BACKOFF_MIN_MS, BACKOFF_CAP_MS)
}

/// The wait after `attempts` failed attempts, "full jitter" (uniform between
/// [`BACKOFF_MIN_MS`] and the ceiling), and never shorter than the server's
/// `Retry-After`, which itself is capped at [`RETRY_AFTER_CAP_MS`].
pub fn backoff_delay_ms(attempts: u32, retry_after_ms: Option<u64>, jitter: u64) -> u64 {
    let ceiling = backoff_ceiling_ms(attempts);
    let span = ceiling - BACKOFF_MIN_MS + 1;
    let jittered = BACKOFF_MIN_MS + jitter % span;
    let floor = retry_after_ms.unwrap_or(0).min(RETRY_AFTER_CAP_MS);
    jittered.max(floor)
}

/// The new state (and maybe a pause) after an attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub state: SyncState,
    /// `Some` when all sending must stop; store it globally.
    pub pause: Option<Pause>,
}

/// Applies an attempt's outcome to the observation's state.
///
/// A `Sent` state never changes (a late answer cannot undo a receipt). A
/// pause does not count as a failed attempt of this observation: it goes back
/// to the queue as due now, to be sent first once the user fixed the settings.
pub fn apply_outcome(state: &SyncState, outcome: &Outcome, now_ms: u64, jitter: u64) -> Applied {
    if let SyncState::Sent { .. } = state {
        return Applied {
            state: state.clone(),
            pause: None,
        };
    }
    let attempts = state.attempts();
    match outcome {
        Outcome::Stored { receipt, .. } => Applied {
            state: SyncState::Sent {
                receipt: receipt.clone(),
                sent_at_ms: now_ms,
            },
            pause: None,
        },
        Outcome::Rejected { status, message } => Applied {
            state: SyncState::Rejected {
                status: *status,
                message: message.clone(),
                rejected_at_ms: now_ms,
            },
            pause: None,
        },
        Outcome::Pause { status, reason } => Applied {
            state: SyncState::RetryLater {
                attempts,
                next_attempt_ms: now_ms,
                last_error: pause_text(*reason, *status),
                status: Some(*status),
            },
            pause: Some(Pause {
                reason: *reason,
                status: *status,
                since_ms: now_ms,
            }),
        },
        Outcome::RetryLater { cause, retry_after } => {
            let attempts = attempts.saturating_add(1);
            let wait = backoff_delay_ms(attempts, retry_after.map(|r| r.delay_ms(now_ms)), jitter);
            Applied {
                state: SyncState::RetryLater {
                    attempts,
                    next_attempt_ms: now_ms.saturating_add(wait),
                    last_error: retry_text(*cause),
                    status: match cause {
                        RetryCause::Status(s) | RetryCause::Unexpected(s) => Some(*s),
                        _ => None,
                    },
                },
                pause: None,
            }
        }
    }
}

/// Why the outbox will not send an observation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Practice observations never leave the device, whatever the settings.
    Practice,
    /// Already sent or rejected.
    Final,
    /// Another request for it is in flight.
    InFlight,
}

impl Refusal {
    pub fn text(self) -> Text {
        match self {
            Refusal::Practice => tx(K::SyncRefusedPractice, &[]),
            Refusal::Final => tx(K::SyncRefusedFinal, &[]),
            Refusal::InFlight => tx(K::SyncRefusedInFlight, &[]),
        }
    }
}

/// The state to store right before the request goes out.
pub fn start_sending(state: &SyncState, practice: bool, now_ms: u64) -> Result<SyncState, Refusal> {
    if practice {
        return Err(Refusal::Practice);
    }
    match state {
        SyncState::Sent { .. } | SyncState::Rejected { .. } => Err(Refusal::Final),
        SyncState::Sending { since_ms, .. }
            if now_ms.saturating_sub(*since_ms) < SENDING_STALE_MS =>
        {
            Err(Refusal::InFlight)
        }
        _ => Ok(SyncState::Sending {
            since_ms: now_ms,
            attempts: state.attempts(),
        }),
    }
}

/// "Send now": makes a waiting observation due at once, keeping its attempt
/// count. Everything else is returned unchanged.
pub fn send_now(state: &SyncState, now_ms: u64) -> SyncState {
    match state {
        SyncState::RetryLater {
            attempts,
            last_error,
            status,
            ..
        } => SyncState::RetryLater {
            attempts: *attempts,
            next_attempt_ms: now_ms,
            last_error: last_error.clone(),
            status: *status,
        },
        other => other.clone(),
    }
}

/// One stored observation as the scheduler sees it.
#[derive(Clone, Copy, Debug)]
pub struct OutboxItem<'a> {
    pub id: &'a str,
    /// RFC 3339; the order of sending.
    pub recorded_at: &'a str,
    pub practice: bool,
    pub state: &'a SyncState,
}

/// What the app should do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Send this observation now (after storing [`start_sending`]).
    Send { id: String },
    /// A request is in flight; decide again when it ends, or after
    /// `recheck_in_ms` when it may have been abandoned.
    Busy { id: String, recheck_in_ms: u64 },
    /// Nothing due yet; set a timer.
    Wait { delay_ms: u64 },
    /// Sending is paused; nothing goes out until the settings change.
    Paused,
    /// Nothing to send.
    Idle,
}

/// Picks what to do: oldest due observation first, only one in flight, none
/// while paused, none whose next attempt lies in the future, never a practice
/// observation. An observation waiting for its back-off does not hold back
/// newer ones (each is stored independently; the endpoint does not care about
/// order), so "oldest first" is among those that are due.
pub fn decide(items: &[OutboxItem<'_>], paused: bool, now_ms: u64) -> Decision {
    if paused {
        return Decision::Paused;
    }
    let live = items.iter().filter(|i| !i.practice);
    let mut due: Vec<&OutboxItem<'_>> = Vec::new();
    let mut next_wake: Option<u64> = None;
    for item in live {
        match item.state {
            SyncState::Sending { since_ms, .. } => {
                let age = now_ms.saturating_sub(*since_ms);
                if age < SENDING_STALE_MS {
                    return Decision::Busy {
                        id: item.id.to_string(),
                        recheck_in_ms: SENDING_STALE_MS - age,
                    };
                }
                due.push(item);
            }
            SyncState::Pending => due.push(item),
            SyncState::RetryLater {
                next_attempt_ms, ..
            } => {
                if *next_attempt_ms <= now_ms {
                    due.push(item);
                } else {
                    let wait = next_attempt_ms - now_ms;
                    next_wake = Some(next_wake.map_or(wait, |w| w.min(wait)));
                }
            }
            SyncState::Sent { .. } | SyncState::Rejected { .. } => {}
        }
    }
    let oldest = due.into_iter().min_by(|a, b| {
        let key = |i: &OutboxItem<'_>| parse_rfc3339_ms(i.recorded_at).unwrap_or(u64::MAX);
        key(a)
            .cmp(&key(b))
            .then_with(|| a.recorded_at.cmp(b.recorded_at))
            .then_with(|| a.id.cmp(b.id))
    });
    match (oldest, next_wake) {
        (Some(item), _) => Decision::Send {
            id: item.id.to_string(),
        },
        (None, Some(delay_ms)) => Decision::Wait { delay_ms },
        (None, None) => Decision::Idle,
    }
}

/// The receiving organisation as configured on the device.
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct EndpointConfig {
    pub url: String,
    #[serde(default)]
    pub token: Option<String>,
    #[serde(default)]
    pub label: Option<String>,
}

impl std::fmt::Debug for EndpointConfig {
    // The token must never end up in a log, so Debug hides it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EndpointConfig")
            .field("url", &self.url)
            .field("token", &self.token.as_ref().map(|_| "<hidden>"))
            .field("label", &self.label)
            .finish()
    }
}

/// A token shown after entry: only its last four characters.
pub fn mask_token(token: &str) -> String {
    let chars: Vec<char> = token.chars().collect();
    if chars.len() <= 8 {
        return "••••".to_string();
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("••••{tail}")
}

/// An HTTP request for the app to perform with fetch.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<String>,
}

impl std::fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    *k,
                    if *k == "Authorization" {
                        "<hidden>"
                    } else {
                        v.as_str()
                    },
                )
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(String::len))
            .finish()
    }
}

/// Why a request could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequestError {
    Url(UrlError),
    /// The token holds characters a header cannot carry.
    BadToken,
    /// Practice observations are never sent.
    Practice,
    /// The body is not a JSON object with a string `id` equal to the given id.
    BadBody,
}

impl RequestError {
    pub fn text(&self) -> Text {
        match self {
            RequestError::Url(e) => e.text(),
            RequestError::BadToken => tx(K::SyncBadToken, &[]),
            RequestError::Practice => Refusal::Practice.text(),
            RequestError::BadBody => tx(K::SyncBadBody, &[]),
        }
    }
}

/// Why an endpoint URL is not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlError {
    Empty,
    /// Not `https://` (nor `http://` to this machine).
    NotHttps,
    /// `http://` to another machine than localhost, 127.0.0.1 or [::1].
    HttpNotLocal,
    /// `user:password@` in the URL: credentials belong in the token.
    Credentials,
    /// `?query` or `#fragment`: the app appends `/v1/…` to the URL.
    QueryOrFragment,
    /// Missing or malformed host or port, spaces or control characters.
    Malformed,
}

impl UrlError {
    pub fn text(self) -> Text {
        match self {
            UrlError::Empty => tx(K::SyncUrlEmpty, &[]),
            UrlError::NotHttps => tx(K::SyncUrlNotHttps, &[]),
            UrlError::HttpNotLocal => tx(K::SyncUrlHttpNotLocal, &[]),
            UrlError::Credentials => tx(K::SyncUrlCredentials, &[]),
            UrlError::QueryOrFragment => tx(K::SyncUrlQuery, &[]),
            UrlError::Malformed => tx(K::SyncUrlMalformed, &[]),
        }
    }
}

/// Checks an endpoint URL and returns it normalised (trimmed, scheme and host
/// lower-case, no trailing slash), ready to have `/v1/…` appended.
pub fn validate_endpoint_url(input: &str) -> Result<String, UrlError> {
    let url = input.trim();
    if url.is_empty() {
        return Err(UrlError::Empty);
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(UrlError::Malformed);
    }
    let (scheme, rest) = url.split_once("://").ok_or(UrlError::NotHttps)?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(UrlError::NotHttps);
    }
    if rest.contains('?') || rest.contains('#') {
        return Err(UrlError::QueryOrFragment);
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if authority.contains('@') {
        return Err(UrlError::Credentials);
    }
    let (host, port) = split_host_port(authority).ok_or(UrlError::Malformed)?;
    let host = host.to_ascii_lowercase();
    if !valid_host(&host) {
        return Err(UrlError::Malformed);
    }
    if let Some(port) = port {
        if port.is_empty()
            || !port.bytes().all(|b| b.is_ascii_digit())
            || !matches!(port.parse::<u32>(), Ok(1..=65535))
        {
            return Err(UrlError::Malformed);
        }
    }
    if scheme == "http" && !matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]") {
        return Err(UrlError::HttpNotLocal);
    }
    let path = path.trim_end_matches('/');
    if path.contains("//") {
        return Err(UrlError::Malformed);
    }
    let port = port.map(|p| format!(":{p}")).unwrap_or_default();
    Ok(format!("{scheme}://{host}{port}{path}"))
}

fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, rest) = authority.split_at(end + 1);
        match rest {
            "" => Some((host, None)),
            _ => Some((host, Some(rest.strip_prefix(':')?))),
        }
    } else {
        match authority.split_once(':') {
            Some((h, p)) => Some((h, Some(p))),
            None => Some((authority, None)),
        }
    }
}

fn valid_host(host: &str) -> bool {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return !inner.is_empty()
            && inner
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.');
    }
    !host.is_empty()
        && host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// `{url}/{path}` without a double slash (the URL is validated first).
pub fn endpoint_url(base: &str, path: &str) -> Result<String, UrlError> {
    let base = validate_endpoint_url(base)?;
    Ok(format!("{base}/{}", path.trim_start_matches('/')))
}

fn auth_headers(cfg: &EndpointConfig) -> Result<Vec<(&'static str, String)>, RequestError> {
    match cfg.token.as_deref() {
        None => Ok(vec![]),
        Some(token) if token.trim().is_empty() => Ok(vec![]),
        Some(token) => {
            // Surrounding spaces would be silently wrong, newlines a header injection.
            let printable = token.bytes().all(|b| (0x21..=0x7e).contains(&b));
            if !printable {
                return Err(RequestError::BadToken);
            }
            Ok(vec![("Authorization", format!("Bearer {token}"))])
        }
    }
}

/// `POST {url}/v1/observations` for one observation. `body` is the
/// observation's JSON; its `id` must equal `id`, and an observation with
/// `"practice": true` is refused here too, as a second line of defence.
pub fn build_observation_request(
    cfg: &EndpointConfig,
    id: &str,
    body: &str,
) -> Result<HttpRequest, RequestError> {
    let url = endpoint_url(&cfg.url, "v1/observations").map_err(RequestError::Url)?;
    let value: serde_json::Value = serde_json::from_str(body).map_err(|_| RequestError::BadBody)?;
    if value.get("practice").and_then(serde_json::Value::as_bool) == Some(true) {
        return Err(RequestError::Practice);
    }
    if value.get("id").and_then(serde_json::Value::as_str) != Some(id) {
        return Err(RequestError::BadBody);
    }
    let mut headers = vec![
        ("Content-Type", "application/json".to_string()),
        ("Idempotency-Key", id.to_string()),
    ];
    headers.extend(auth_headers(cfg)?);
    Ok(HttpRequest {
        method: "POST",
        url,
        headers,
        body: Some(body.to_string()),
    })
}

/// `GET {url}/v1/health`, for "test connection".
pub fn build_health_request(cfg: &EndpointConfig) -> Result<HttpRequest, RequestError> {
    let url = endpoint_url(&cfg.url, "v1/health").map_err(RequestError::Url)?;
    Ok(HttpRequest {
        method: "GET",
        url,
        headers: auth_headers(cfg)?,
        body: None,
    })
}

/// The result of "test connection".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HealthCheck {
    Ok,
    /// Answered, but not `200` with `"protocol": 1`.
    WrongProtocol,
    Status(u16),
    Failed(TransportFailure),
}

impl HealthCheck {
    pub fn text(self) -> Text {
        match self {
            HealthCheck::Ok => tx(K::SyncHealthOk, &[]),
            HealthCheck::WrongProtocol => tx(K::SyncHealthWrongProtocol, &[]),
            HealthCheck::Status(s) => tx(K::SyncHealthStatus, &[("status", &s.to_string())]),
            HealthCheck::Failed(TransportFailure::Network) => retry_text(RetryCause::Network),
            HealthCheck::Failed(TransportFailure::Timeout) => retry_text(RetryCause::Timeout),
        }
    }
}

/// Judges the answer to `GET /v1/health`.
pub fn check_health(status: u16, body: &str) -> HealthCheck {
    if status != 200 {
        return HealthCheck::Status(status);
    }
    let protocol = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("protocol").and_then(serde_json::Value::as_u64));
    if protocol == Some(PROTOCOL_VERSION) {
        HealthCheck::Ok
    } else {
        HealthCheck::WrongProtocol
    }
}

/// One line of the "Verbinding testen" report: what was checked and how it
/// went (`None`: not checked, because an earlier check failed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub passed: Option<bool>,
    pub text: Text,
}

/// What "Verbinding testen" found, check by check: reachable, protocol 1,
/// token accepted (the endpoint checks a token sent to `/v1/health`), and
/// whether what is sent is sealed for the receiver.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionReport {
    /// Sending can work with these settings.
    pub ok: bool,
    pub checks: Vec<Check>,
}

impl ConnectionReport {
    /// The line above the report: all is well, or the first failed check,
    /// which says what to fix.
    pub fn headline(&self) -> Text {
        if self.ok {
            HealthCheck::Ok.text()
        } else {
            self.checks
                .iter()
                .find(|c| c.passed == Some(false))
                .map(|c| c.text.clone())
                .unwrap_or_default()
        }
    }
}

/// The report for the answer to `GET /v1/health` (or the failure to get
/// one), sent with the token when `token_set`; `name` is the endpoint's
/// display name.
pub fn connection_report(
    answer: Result<(u16, &str), TransportFailure>,
    token_set: bool,
    name: &str,
) -> ConnectionReport {
    let check = |passed: Option<bool>, key: K, args: &[(&str, &str)]| Check {
        passed,
        text: tx(key, args),
    };
    let (status, body) = match answer {
        Err(failure) => {
            return ConnectionReport {
                ok: false,
                checks: vec![
                    Check {
                        passed: Some(false),
                        text: HealthCheck::Failed(failure).text(),
                    },
                    check(None, K::SyncCheckProtocolUnchecked, &[]),
                    check(None, K::SyncCheckTokenUnchecked, &[]),
                    check(None, K::SyncCheckSealUnchecked, &[]),
                ],
            }
        }
        Ok(answer) => answer,
    };
    let mut checks = vec![check(Some(true), K::SyncCheckReachable, &[])];
    let code = status.to_string();
    let token_refused = matches!(status, 401 | 403);
    let protocol = check_health(status, body);
    checks.push(match protocol {
        HealthCheck::Ok => check(Some(true), K::SyncCheckProtocol, &[]),
        _ if token_refused => check(None, K::SyncCheckProtocolUnchecked, &[]),
        other => Check {
            passed: Some(false),
            text: other.text(),
        },
    });
    checks.push(match (token_set, token_refused, protocol) {
        (_, true, _) => check(Some(false), K::SyncCheckTokenRefused, &[("status", &code)]),
        (true, false, HealthCheck::Ok) => check(Some(true), K::SyncCheckTokenAccepted, &[]),
        (false, false, HealthCheck::Ok) => check(None, K::SyncCheckTokenNone, &[]),
        _ => check(None, K::SyncCheckTokenUnchecked, &[]),
    });
    checks.push(if protocol == HealthCheck::Ok {
        match crate::key_trust::parse_announcement(body) {
            crate::key_trust::Announcement::Key(key) => check(
                Some(true),
                K::SyncCheckSealed,
                &[("name", name), ("fingerprint", &key.fingerprint())],
            ),
            crate::key_trust::Announcement::NoKey => {
                check(Some(true), K::SyncCheckNotSealed, &[("name", name)])
            }
            crate::key_trust::Announcement::Invalid => {
                check(Some(false), K::SyncCheckSealInvalid, &[])
            }
        }
    } else {
        check(None, K::SyncCheckSealUnchecked, &[])
    });
    ConnectionReport {
        ok: protocol == HealthCheck::Ok && !token_refused,
        checks,
    }
}

/// How an observation may be edited, given its sync state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditPolicy {
    /// No endpoint has seen it (never tried, or practice): edit it in place.
    InPlace,
    /// Sent or rejected: it stays as it is; the edit becomes a new observation
    /// (new id) whose `corrects` holds this id.
    AsCorrection,
    /// A request was made and its fate is unknown (in flight or retrying):
    /// the endpoint may already hold it, and would keep the first version of
    /// this id, so an edit in place could be lost. Wait for an answer.
    Locked,
}

pub fn edit_policy(state: &SyncState, practice: bool) -> EditPolicy {
    if practice {
        return EditPolicy::InPlace;
    }
    match state {
        SyncState::Pending => EditPolicy::InPlace,
        SyncState::Sent { .. } | SyncState::Rejected { .. } => EditPolicy::AsCorrection,
        SyncState::Sending { .. } | SyncState::RetryLater { .. } => EditPolicy::Locked,
    }
}

/// What the app stores for a correction: a new observation with these fields,
/// queued as `Pending`. The original keeps its state and is never deleted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CorrectionPlan {
    pub id: String,
    pub corrects: String,
    pub state: SyncState,
}

/// Why a correction cannot be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CorrectionError {
    /// Edit it in place or wait (see [`edit_policy`]).
    NotFinal(EditPolicy),
    /// The new id is not a fresh UUID v4.
    BadNewId,
}

/// Decides whether an edited observation `old_id` becomes a correction with
/// the freshly made `new_id` (UUID v4, from the app's random source).
pub fn plan_correction(
    old_id: &str,
    old_state: &SyncState,
    practice: bool,
    new_id: &str,
) -> Result<CorrectionPlan, CorrectionError> {
    match edit_policy(old_state, practice) {
        EditPolicy::AsCorrection => {}
        other => return Err(CorrectionError::NotFinal(other)),
    }
    if !is_uuid_v4(new_id) || new_id.eq_ignore_ascii_case(old_id) {
        return Err(CorrectionError::BadNewId);
    }
    Ok(CorrectionPlan {
        id: new_id.to_ascii_lowercase(),
        corrects: old_id.to_string(),
        state: SyncState::Pending,
    })
}

/// A UI text from `content/i18n/sync.toml` in both languages (it is stored
/// with the observation, so the language can change later).
fn tx(key: K, args: &[(&str, &str)]) -> Text {
    Text {
        nl: i18n::tf(Lang::Nl, key, args),
        en: i18n::tf(Lang::En, key, args),
    }
}

fn pause_text(reason: PauseReason, status: u16) -> Text {
    let status = status.to_string();
    let key = match reason {
        PauseReason::Auth => K::SyncPauseAuth,
        PauseReason::Endpoint => K::SyncPauseEndpoint,
    };
    tx(key, &[("status", &status)])
}

fn retry_text(cause: RetryCause) -> Text {
    let (key, status) = match cause {
        RetryCause::Network => (K::SyncRetryNetwork, None),
        RetryCause::Timeout => (K::SyncRetryTimeout, None),
        RetryCause::Status(429) => (K::SyncRetryBusy, None),
        RetryCause::Status(s @ 500..=599) => (K::SyncRetryServer, Some(s)),
        RetryCause::Status(s) => (K::SyncRetryLater, Some(s)),
        RetryCause::Unexpected(s) => (K::SyncRetryUnexpected, Some(s)),
    };
    let status = status.map(|s| s.to_string()).unwrap_or_default();
    tx(key, &[("status", &status)])
}

/// The sentence for a rejected observation.
pub fn rejected_text(status: u16, server_message: &str) -> Text {
    let status = status.to_string();
    if server_message.is_empty() {
        tx(K::SyncRejected, &[("status", &status)])
    } else {
        // The server's words last, so braces in them are never filled in.
        tx(
            K::SyncRejectedMessage,
            &[("status", &status), ("message", server_message)],
        )
    }
}

/// The state to store for an observation found in [`SyncState::Sending`]
/// by an app that holds the outbox exclusively (a Web Lock, or a lease that
/// outlives [`REQUEST_TIMEOUT_MS`]): no live request for it can exist, so
/// the request was abandoned (the app was closed or killed mid-request).
/// It becomes due, without counting a failed attempt, once that request's
/// own timeout ([`REQUEST_TIMEOUT_MS`] after it started) has passed, instead
/// of waiting [`SENDING_STALE_MS`]: a slow endpoint may still be working on
/// it, and is not hit twice while it does (issue 15). The endpoint's
/// de-duplication on `id` makes sending it again safe. A start time in the
/// future (a clock set back) waits one timeout from now. `None` for every
/// other state.
pub fn recover_interrupted(state: &SyncState, now_ms: u64) -> Option<SyncState> {
    match state {
        SyncState::Sending { attempts, since_ms } => Some(SyncState::RetryLater {
            attempts: *attempts,
            next_attempt_ms: since_ms
                .min(&now_ms)
                .saturating_add(REQUEST_TIMEOUT_MS)
                .max(now_ms),
            last_error: tx(K::SyncInterrupted, &[]),
            status: None,
        }),
        _ => None,
    }
}

impl SyncState {
    /// One line for the sync status of this observation.
    pub fn describe(&self) -> Text {
        match self {
            SyncState::Pending => tx(K::SyncDescribePending, &[]),
            SyncState::Sending { .. } => tx(K::SyncDescribeSending, &[]),
            SyncState::RetryLater { last_error, .. } => last_error.clone(),
            SyncState::Sent { receipt, .. } => tx(K::SyncDescribeSent, &[("receipt", receipt)]),
            SyncState::Rejected {
                status, message, ..
            } => rejected_text(*status, message),
        }
    }
}
