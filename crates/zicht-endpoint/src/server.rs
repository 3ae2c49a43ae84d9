//! The HTTP side: routes, CORS, auth, rate limits, faults, logging.
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use hyper_util::rt::TokioIo;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::config::{Config, Faults, TokenConfig};
use crate::{store, util, validate};

pub struct AppState {
    db: Arc<Mutex<Connection>>,
    config: Config,
    buckets: Mutex<HashMap<String, Bucket>>,
    faults: Option<Faults>,
    rng: Mutex<util::SplitMix>,
}

impl AppState {
    pub fn new(db: Connection, config: Config, faults: Option<Faults>) -> Arc<AppState> {
        let seed = faults.map(|f| f.seed).unwrap_or(0);
        Arc::new(AppState {
            db: Arc::new(Mutex::new(db)),
            config,
            buckets: Mutex::new(HashMap::new()),
            faults,
            rng: Mutex::new(util::SplitMix::new(seed)),
        })
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

pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/v1/health", get(health))
        .route("/v1/observations", post(post_observation))
        .fallback(not_found)
        .layer(middleware::from_fn_with_state(state.clone(), cors))
        .layer(middleware::from_fn(log))
        .with_state(state)
}

/// Serves until `shutdown` resolves. Hand-rolled accept loop (instead of
/// `axum::serve`) so that a handler can drop its connection after committing,
/// for the `drop_after_commit` fault.
pub async fn serve(
    listener: TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let app = router(state);
    tokio::pin!(shutdown);
    loop {
        let (stream, _peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: log, back off, go on.
                    eprintln!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => return Ok(()),
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        tokio::spawn(async move {
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
            tokio::select! {
                _ = conn => {}
                () = kill.0.notified() => {}
            }
        });
    }
}

async fn log(req: Request, next: Next) -> Response {
    // Method, path, status and duration only: no bodies, tokens, queries or
    // client addresses end up in the log.
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let started = Instant::now();
    let response = next.run(req).await;
    eprintln!(
        "{} {} {} {} {}ms",
        util::now_rfc3339(),
        method,
        path,
        response.status().as_u16(),
        started.elapsed().as_millis()
    );
    response
}

const BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);
const ALLOW_HEADERS: &str = "content-type, authorization, idempotency-key";
const ALLOW_METHODS: &str = "GET, POST";

async fn cors(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let allowed = origin
        .as_deref()
        .filter(|o| state.config.allowed_origins.iter().any(|a| a == o))
        .and_then(|o| HeaderValue::from_str(o).ok());
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        let mut response = match &allowed {
            Some(origin) => {
                let mut r = StatusCode::NO_CONTENT.into_response();
                let h = r.headers_mut();
                h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    HeaderValue::from_static(ALLOW_METHODS),
                );
                h.insert(
                    header::ACCESS_CONTROL_ALLOW_HEADERS,
                    HeaderValue::from_static(ALLOW_HEADERS),
                );
                h.insert(
                    header::ACCESS_CONTROL_MAX_AGE,
                    HeaderValue::from_static("600"),
                );
                r
            }
            // Refused: no CORS headers, so the browser blocks the real request.
            None => StatusCode::FORBIDDEN.into_response(),
        };
        response
            .headers_mut()
            .insert(header::VARY, HeaderValue::from_static("Origin"));
        return response;
    }
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = allowed {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        // The app must read Retry-After on 429/503 from another origin.
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("retry-after"),
        );
    }
    response
}

async fn health() -> Response {
    json_response(
        StatusCode::OK,
        json!({"protocol": 1, "name": "zicht-endpoint", "version": env!("CARGO_PKG_VERSION")}),
    )
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not found")
}

fn json_response(status: StatusCode, value: Value) -> Response {
    let mut r = (status, value.to_string()).into_response();
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
}

impl IntoResponse for AuthError {
    fn into_response(self) -> Response {
        let mut r = match self {
            AuthError::Missing => error(StatusCode::UNAUTHORIZED, "missing bearer token"),
            AuthError::Wrong => error(StatusCode::FORBIDDEN, "token not accepted"),
        };
        r.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        r
    }
}

/// Who sent it: `Ok(None)` when the endpoint is open (no tokens configured).
fn authenticate<'a>(
    config: &'a Config,
    headers: &HeaderMap,
) -> Result<Option<&'a TokenConfig>, AuthError> {
    if config.tokens.is_empty() {
        return Ok(None);
    }
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .unwrap_or("");
    if presented.is_empty() {
        return Err(AuthError::Missing);
    }
    // Compare against every token, constant time per comparison.
    let mut found = None;
    for t in &config.tokens {
        if util::constant_time_eq(t.token.as_bytes(), presented.as_bytes()) {
            found = Some(t);
        }
    }
    found.map(Some).ok_or(AuthError::Wrong)
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
    let id = match validate::observation(&value) {
        Ok(id) => id,
        Err(invalid) => return field_error(invalid),
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
            eprintln!("no randomness for a receipt: {e}");
            return error(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    let db = state.db.clone();
    let body_text = text.to_string();
    let token_name = token.map(|t| t.name.clone());
    let received_at = util::now_rfc3339();
    let id_for_db = id.clone();
    let result = tokio::task::spawn_blocking(move || {
        let mut conn = db.lock().unwrap_or_else(|p| p.into_inner());
        store::store(
            &mut conn,
            &id_for_db,
            &receipt,
            &body_text,
            &received_at,
            token_name.as_deref(),
        )
    })
    .await;
    let stored = match result {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => {
            eprintln!("storage error: {e}");
            return with_retry_after(
                error(StatusCode::SERVICE_UNAVAILABLE, "storage unavailable"),
                5,
            );
        }
        Err(e) => {
            eprintln!("storage task failed: {e}");
            return error(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    if fault == Fault::DropAfterCommit {
        if let Some(Extension(kill)) = kill {
            eprintln!(
                "{} fault drop_after_commit: closing without an answer",
                util::now_rfc3339()
            );
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
