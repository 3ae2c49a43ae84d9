//! The HTTP side: routes, CORS, auth, rate limits, faults, logging, and a
//! shutdown that lets requests in flight finish.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use hyper_util::rt::TokioIo;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::config::{Config, Faults, ReaderConfig, TokenConfig};
use crate::store::{NewObservation, Storage, StoreError, MAX_PAGE};
use crate::{log, util, validate};

pub struct AppState {
    storage: Arc<dyn Storage>,
    config: Arc<Config>,
    buckets: Mutex<HashMap<String, Bucket>>,
    faults: Option<Faults>,
    rng: Mutex<util::SplitMix>,
    /// The sealed profile's keys, from `[seal]` (checked when the config loaded).
    seal: Option<crate::config::SealKeys>,
}

impl AppState {
    pub fn new(storage: Arc<dyn Storage>, config: Config, faults: Option<Faults>) -> Arc<AppState> {
        let seed = faults.map(|f| f.seed).unwrap_or(0);
        Arc::new(AppState {
            storage,
            seal: config.seal_keys(),
            config: Arc::new(config),
            buckets: Mutex::new(HashMap::new()),
            faults,
            rng: Mutex::new(util::SplitMix::new(seed)),
        })
    }

    pub fn storage(&self) -> &Arc<dyn Storage> {
        &self.storage
    }
}

/// Lets a handler close its own connection without an answer.
#[derive(Clone)]
struct ConnKill(Arc<Notify>);

/// A fault drawn for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    None,
    Error500,
    Error503,
    Stall,
    DropAfterCommit,
}

const OBSERVATIONS: &str = "/v1/observations";
const HEALTH: &str = "/v1/health";
/// The reading API's page size when the reader names none.
pub const DEFAULT_PAGE: usize = 100;
/// How long a graceful shutdown waits for requests in flight by default.
pub const DEFAULT_SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route(HEALTH, get(health))
        .route(OBSERVATIONS, get(list_observations).post(post_observation))
        .fallback(not_found)
        .layer(cors_layer(state.config.clone()))
        .layer(middleware::from_fn_with_state(state.clone(), cors_guard))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Serves until `shutdown` resolves, then lets requests in flight finish
/// (up to [`DEFAULT_SHUTDOWN_GRACE`]).
pub async fn serve(
    listener: TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    serve_with_grace(listener, state, shutdown, DEFAULT_SHUTDOWN_GRACE).await
}

/// Hand-rolled accept loop (instead of `axum::serve`) so that a handler can
/// drop its connection after committing, for the `drop_after_commit` fault.
/// When `shutdown` resolves it stops accepting, tells every connection to
/// close after the request it is serving (HTTP/1 graceful shutdown), and
/// waits up to `grace` for them; what is still running then is cut off.
pub async fn serve_with_grace(
    listener: TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) -> std::io::Result<()> {
    let app = router(state);
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: log, back off, go on.
                    log::warn("accept failed", &[("error", e.to_string().into())]);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Finished connection tasks are collected as we go.
        while connections.try_join_next().is_some() {}
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let mut stop = stop_rx.clone();
        connections.spawn(async move {
            let kill = ConnKill(Arc::new(Notify::new()));
            let kill_for_requests = kill.clone();
            let service =
                hyper::service::service_fn(move |mut req: Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(kill_for_requests.clone());
                    let mut app = app.clone();
                    async move {
                        use tower::Service;
                        app.call(req.map(Body::new)).await
                    }
                });
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(Duration::from_secs(30))
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            let mut stopping = false;
            loop {
                if !stopping && *stop.borrow_and_update() {
                    conn.as_mut().graceful_shutdown();
                    stopping = true;
                }
                tokio::select! {
                    _ = conn.as_mut() => break,
                    () = kill.0.notified() => break,
                    changed = stop.changed(), if !stopping => {
                        if changed.is_err() {
                            // The server is gone: finish as if told to stop.
                            conn.as_mut().graceful_shutdown();
                            stopping = true;
                        }
                    }
                }
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let in_flight = connections.len();
    if in_flight > 0 {
        log::info(
            "shutting down: letting connections finish",
            &[("connections", in_flight.into())],
        );
    }
    let drained = tokio::time::timeout(grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        log::warn(
            "shutdown grace period over: cutting off connections",
            &[("connections", connections.len().into())],
        );
        connections.abort_all();
    }
    Ok(())
}

async fn log_request(req: Request, next: Next) -> Response {
    // Method, path, status and duration only: no bodies, tokens, queries or
    // client addresses end up in the log.
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let started = Instant::now();
    let response = next.run(req).await;
    log::request(
        method.as_str(),
        &path,
        response.status().as_u16(),
        started.elapsed().as_millis(),
    );
    response
}

const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Which configured origins may call this request from a browser: the
/// reading API has its own list (the receiving organisation's tools), the
/// sending side the app's origins, health both.
fn origin_allowed(
    config: &Config,
    origin: &HeaderValue,
    parts: &axum::http::request::Parts,
) -> bool {
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let method = if parts.method == Method::OPTIONS {
        parts
            .headers
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    } else {
        parts.method.as_str().to_string()
    };
    let senders = config.allowed_origins.iter();
    let readers = config.reader_origins.iter();
    let in_list = |mut list: std::slice::Iter<'_, String>| list.any(|o| o == origin);
    match parts.uri.path() {
        OBSERVATIONS if method.eq_ignore_ascii_case("GET") => in_list(readers),
        HEALTH => in_list(senders) || in_list(readers),
        _ => in_list(senders),
    }
}

/// tower-http's CORS layer: pre-flight answers and the CORS headers of
/// every answer to an allowed origin, `Retry-After` exposed.
fn cors_layer(config: Arc<Config>) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, parts| {
            origin_allowed(&config, origin, parts)
        }))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([
            header::CONTENT_TYPE,
            header::AUTHORIZATION,
            HeaderName::from_static("idempotency-key"),
        ])
        // The app must read Retry-After on 429/503 from another origin.
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(600))
        // `Vary: Origin` is added by `cors_guard`, for every answer.
        .vary(Vec::<HeaderName>::new())
}

/// In front of the CORS layer: a pre-flight from an origin that is not
/// allowed is refused outright (403, no CORS headers), where the layer would
/// answer 200 without `Access-Control-Allow-Origin`; and every answer says
/// that it varies by origin.
async fn cors_guard(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = if preflight {
        let (parts, body) = req.into_parts();
        let allowed = parts
            .headers
            .get(header::ORIGIN)
            .is_some_and(|o| origin_allowed(&state.config, o, &parts));
        if allowed {
            next.run(Request::from_parts(parts, body)).await
        } else {
            StatusCode::FORBIDDEN.into_response()
        }
    } else {
        next.run(req).await
    };
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("Origin"));
    response
}

/// `200` with the database reachable, `503` when it is not (a load balancer
/// then takes this instance out; the app's "test connection" says so).
async fn health(State(state): State<Arc<AppState>>) -> Response {
    let started = Instant::now();
    let ping = tokio::time::timeout(Duration::from_secs(5), state.storage.ping()).await;
    let reachable = matches!(ping, Ok(Ok(())));
    if !reachable {
        let why = match ping {
            Ok(Err(e)) => e.to_string(),
            _ => "no answer within 5 s".into(),
        };
        log::warn("health: database unreachable", &[("error", why.into())]);
    }
    let mut body = json!({
        "protocol": 1,
        "name": "zicht-endpoint",
        "version": env!("CARGO_PKG_VERSION"),
        "database": {
            "kind": state.storage.kind(),
            "reachable": reachable,
            "ms": started.elapsed().as_millis() as u64,
        },
    });
    // Sealed profile: the current key only (previous keys are accepted, not
    // announced, so devices move to the current one).
    if let (Some(keys), Some(obj)) = (&state.seal, body.as_object_mut()) {
        obj.insert(
            "seal".into(),
            json!({
                "suite": zicht_core::seal::SUITE,
                "key_id": keys.current.key_id(),
                "public_key": keys.current.to_base64url(),
            }),
        );
    }
    let status = if reachable {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let response = json_response(status, body);
    if reachable {
        response
    } else {
        with_retry_after(response, 5)
    }
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not found")
}

fn json_response(status: StatusCode, value: Value) -> Response {
    json_text_response(status, value.to_string())
}

fn json_text_response(status: StatusCode, text: String) -> Response {
    let mut r = (status, text).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn error(status: StatusCode, message: &str) -> Response {
    json_response(status, json!({ "error": message }))
}

fn field_error(invalid: validate::Invalid) -> Response {
    json_response(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"error": invalid.error, "field": invalid.field}),
    )
}

fn with_retry_after(mut r: Response, seconds: u64) -> Response {
    if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

/// Why a request is not let in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AuthError {
    /// 401: no bearer token.
    Missing,
    /// 403: a token that is not configured.
    Wrong,
    /// 403: a reader token on the sending side.
    ReaderCannotSend,
    /// 403: a sender token (or none configured for reading) on the reading side.
    CannotRead,
}

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        let mut r = match self {
            AuthError::Missing => error(StatusCode::UNAUTHORIZED, "missing bearer token"),
            AuthError::Wrong => error(StatusCode::FORBIDDEN, "token not accepted"),
            AuthError::ReaderCannotSend => {
                error(StatusCode::FORBIDDEN, "a reader token cannot send")
            }
            AuthError::CannotRead => {
                error(StatusCode::FORBIDDEN, "this token cannot read observations")
            }
        };
        r.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        r
    }
}

/// The bearer token of the request, `""` when there is none.
fn presented_token(headers: &HeaderMap) -> &str {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .unwrap_or("")
}

/// The entry whose secret is `presented`: every entry is compared, each in
/// constant time, so timing does not tell which one matched.
fn matching<'a, T>(
    entries: &'a [T],
    secret: impl Fn(&T) -> &str,
    presented: &str,
) -> Option<&'a T> {
    let mut found = None;
    for entry in entries {
        if util::constant_time_eq(secret(entry).as_bytes(), presented.as_bytes()) {
            found = Some(entry);
        }
    }
    found
}

/// Who sends: `Ok(None)` when the endpoint is open (no sender tokens
/// configured). A reader token never sends, open or not.
fn authenticate<'a>(
    config: &'a Config,
    headers: &HeaderMap,
) -> Result<Option<&'a TokenConfig>, AuthError> {
    let presented = presented_token(headers);
    if !presented.is_empty() && matching(&config.readers, |r| &r.token, presented).is_some() {
        return Err(AuthError::ReaderCannotSend);
    }
    if config.tokens.is_empty() {
        return Ok(None);
    }
    if presented.is_empty() {
        return Err(AuthError::Missing);
    }
    matching(&config.tokens, |t| &t.token, presented)
        .map(Some)
        .ok_or(AuthError::Wrong)
}

/// Who reads: always a reader token; reading is never open.
fn authenticate_reader<'a>(
    config: &'a Config,
    headers: &HeaderMap,
) -> Result<&'a ReaderConfig, AuthError> {
    let presented = presented_token(headers);
    if presented.is_empty() {
        return Err(AuthError::Missing);
    }
    if let Some(reader) = matching(&config.readers, |r| &r.token, presented) {
        return Ok(reader);
    }
    if matching(&config.tokens, |t| &t.token, presented).is_some() {
        return Err(AuthError::CannotRead);
    }
    Err(AuthError::Wrong)
}

/// A token bucket per token name.
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Takes one request from the bucket, or says how many seconds to wait.
fn rate_limit(state: &AppState, token: &TokenConfig) -> Result<(), u64> {
    let capacity = f64::from(token.burst.unwrap_or(token.rate_per_minute));
    let per_sec = f64::from(token.rate_per_minute) / 60.0;
    let now = Instant::now();
    let mut buckets = state.buckets.lock().unwrap_or_else(|p| p.into_inner());
    let bucket = buckets.entry(token.name.clone()).or_insert(Bucket {
        tokens: capacity,
        last: now,
    });
    let elapsed = now.duration_since(bucket.last).as_secs_f64();
    bucket.tokens = (bucket.tokens + elapsed * per_sec).min(capacity);
    bucket.last = now;
    if bucket.tokens >= 1.0 {
        bucket.tokens -= 1.0;
        Ok(())
    } else {
        let wait = ((1.0 - bucket.tokens) / per_sec).ceil();
        Err((wait as u64).max(1))
    }
}

fn draw_fault(state: &AppState) -> Fault {
    let Some(f) = state.faults else {
        return Fault::None;
    };
    let r = state
        .rng
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .next_f64();
    let mut edge = f.error_500;
    if r < edge {
        return Fault::Error500;
    }
    edge += f.error_503;
    if r < edge {
        return Fault::Error503;
    }
    edge += f.stall;
    if r < edge {
        return Fault::Stall;
    }
    edge += f.drop_after_commit;
    if r < edge {
        return Fault::DropAfterCommit;
    }
    Fault::None
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/json")
        })
        .unwrap_or(false)
}

async fn post_observation(
    State(state): State<Arc<AppState>>,
    kill: Option<Extension<ConnKill>>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let token = match authenticate(&state.config, &headers) {
        Ok(t) => t,
        Err(e) => return e.into_response(),
    };
    if let Some(t) = token {
        if let Err(wait) = rate_limit(&state, t) {
            return with_retry_after(
                error(StatusCode::TOO_MANY_REQUESTS, "rate limit exceeded"),
                wait,
            );
        }
    }
    let fault = draw_fault(&state);
    match fault {
        Fault::Error500 => return error(StatusCode::INTERNAL_SERVER_ERROR, "injected fault"),
        Fault::Error503 => {
            return with_retry_after(error(StatusCode::SERVICE_UNAVAILABLE, "injected fault"), 1)
        }
        Fault::Stall => {
            let ms = state.faults.map(|f| f.stall_ms).unwrap_or(0);
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        Fault::None | Fault::DropAfterCommit => {}
    }
    if !is_json(&headers) {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Content-Type must be application/json",
        );
    }
    let limit = state.config.max_body_bytes;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return error(StatusCode::PAYLOAD_TOO_LARGE, "body too large");
    }
    // A client trickling its body must not hold a connection for ever.
    let collect = http_body_util::BodyExt::collect(http_body_util::Limited::new(body, limit));
    let collected = match tokio::time::timeout(BODY_READ_TIMEOUT, collect).await {
        Ok(c) => c,
        Err(_) => return error(StatusCode::REQUEST_TIMEOUT, "body not received in time"),
    };
    let bytes = match collected {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            return error(StatusCode::PAYLOAD_TOO_LARGE, "body too large")
        }
        Err(_) => return error(StatusCode::BAD_REQUEST, "body could not be read"),
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return error(StatusCode::BAD_REQUEST, "body is not valid UTF-8");
    };
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("body is not valid JSON: {e}"),
            )
        }
    };
    let sealed =
        value.get("schema").and_then(Value::as_str) == Some(zicht_core::seal::SEALED_SCHEMA);
    let id = match (&state.seal, sealed) {
        // Stored as it came; the endpoint has no key to open it with.
        (keys, true) => {
            let accepted = keys.as_ref().map(|k| k.accepted.as_slice()).unwrap_or(&[]);
            match validate::sealed(&value, accepted) {
                Ok(id) => id,
                Err(validate::SealedInvalid::UnknownKey(key_id)) => {
                    return json_response(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        json!({
                            "error": "unknown_key",
                            "key_id": key_id,
                            "current_key_id": keys.as_ref().map(|k| k.current.key_id()),
                        }),
                    )
                }
                Err(validate::SealedInvalid::Field(invalid)) => return field_error(invalid),
            }
        }
        // While a key is announced, plaintext is refused before anything is stored.
        (Some(keys), false) => {
            return json_response(
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({
                    "error": "sealed_required",
                    "current_key_id": keys.current.key_id(),
                }),
            )
        }
        (None, false) => match validate::observation(&value) {
            Ok(id) => id,
            Err(invalid) => return field_error(invalid),
        },
    };
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok());
    if key.map(str::trim) != Some(id.as_str()) {
        return field_error(validate::Invalid {
            field: "Idempotency-Key",
            error: "Idempotency-Key header must equal the observation's id".into(),
        });
    }
    let receipt = match util::new_receipt() {
        Ok(r) => r,
        Err(e) => {
            log::error(
                "no randomness for a receipt",
                &[("error", e.to_string().into())],
            );
            return error(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    let obs = NewObservation {
        id: id.clone(),
        receipt,
        body: text.to_string(),
        received_at: util::now_rfc3339(),
        token_name: token.map(|t| t.name.clone()),
    };
    let stored = match state.storage.store(obs).await {
        Ok(s) => s,
        Err(e) => {
            log::error("storage error", &[("error", e.to_string().into())]);
            return with_retry_after(
                error(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable"),
                5,
            );
        }
    };
    if fault == Fault::DropAfterCommit {
        if let Some(Extension(kill)) = kill {
            log::info("fault drop_after_commit: closing without an answer", &[]);
            kill.0.notify_one();
            // The connection task drops this future together with the socket.
            std::future::pending::<()>().await;
        }
    }
    let status = if stored.created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    json_response(status, json!({"id": id, "receipt": stored.receipt}))
}

/// One item of the reading API; the body goes out byte for byte as stored.
#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    received_at: &'a str,
    receipt: &'a str,
    body: &'a serde_json::value::RawValue,
}

#[derive(Serialize)]
struct ItemsPage<'a> {
    items: Vec<Item<'a>>,
    next: Option<&'a str>,
}

/// `after` and `limit` from the query string (other parameters ignored).
fn reading_query(uri: &Uri) -> (Option<String>, Option<String>) {
    let (mut after, mut limit) = (None, None);
    for pair in uri.query().unwrap_or("").split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "after" if !value.is_empty() => after = Some(value.to_string()),
            "limit" => limit = Some(value.to_string()),
            _ => {}
        }
    }
    (after, limit)
}

/// `GET /v1/observations?after=<cursor>&limit=<n>`: what arrived after the
/// cursor, in arrival order, for a reader token.
async fn list_observations(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    if let Err(e) = authenticate_reader(&state.config, &headers) {
        return e.into_response();
    }
    let (after, limit) = reading_query(&uri);
    let limit = match limit.as_deref() {
        None => DEFAULT_PAGE,
        Some(text) => match text.parse::<usize>() {
            Ok(n) if n >= 1 => n.min(MAX_PAGE),
            _ => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "limit: expected a whole number from 1 to 1000",
                )
            }
        },
    };
    let page = match state.storage.list_after(after, limit).await {
        Ok(page) => page,
        Err(StoreError::BadCursor) => {
            return error(
                StatusCode::BAD_REQUEST,
                "after: not a cursor this endpoint gave out",
            )
        }
        Err(e) => {
            log::error("storage error", &[("error", e.to_string().into())]);
            return with_retry_after(
                error(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable"),
                5,
            );
        }
    };
    let mut items = Vec::with_capacity(page.rows.len());
    for row in &page.rows {
        // Stored bodies were checked as JSON on the way in.
        let Ok(body) = serde_json::from_str::<&serde_json::value::RawValue>(&row.body) else {
            log::error("stored body is not JSON", &[("seq", row.seq.into())]);
            return error(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        };
        items.push(Item {
            id: &row.id,
            received_at: &row.received_at,
            receipt: &row.receipt,
            body,
        });
    }
    let text = serde_json::to_string(&ItemsPage {
        items,
        next: page.next.as_deref(),
    });
    match text {
        Ok(text) => json_text_response(StatusCode::OK, text),
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal error"),
    }
}
