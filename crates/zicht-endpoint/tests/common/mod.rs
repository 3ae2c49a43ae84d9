//! A real server on 127.0.0.1, port 0, in its own thread and runtime, plus a
//! tiny blocking HTTP/1.1 client over TcpStream.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use zicht_endpoint::store::{self, sqlite};
use zicht_endpoint::{AppState, Config, Faults, Target};

pub mod pg;

static COUNTER: AtomicU64 = AtomicU64::new(1);

pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "zicht-endpoint-{tag}-{}-{n}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub struct TestServer {
    pub addr: SocketAddr,
    pub db_path: PathBuf,
    pub target: Target,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _dir: TempDir,
}

impl TestServer {
    pub fn start(config: Config) -> TestServer {
        TestServer::start_with(config, None)
    }

    pub fn start_with(config: Config, faults: Option<Faults>) -> TestServer {
        let dir = TempDir::new("srv");
        let target = Target::Sqlite(dir.0.join("observations.sqlite"));
        TestServer::start_in(dir, target, config, faults)
    }

    /// A server on the given database (SQLite file or PostgreSQL URL).
    pub fn start_on(target: Target, config: Config) -> TestServer {
        TestServer::start_in(TempDir::new("srv"), target, config, None)
    }

    fn start_in(
        dir: TempDir,
        target: Target,
        config: Config,
        faults: Option<Faults>,
    ) -> TestServer {
        let db_path = match &target {
            Target::Sqlite(path) => path.clone(),
            Target::Postgres(_) => dir.0.join("unused.sqlite"),
        };
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        std_listener.set_nonblocking(true).expect("nonblocking");
        let addr = std_listener.local_addr().expect("addr");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<Result<(), String>>();
        let server_target = target.clone();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                // Opened on this runtime: a pool's connections live on it.
                let storage = match store::open_with(&server_target, 8).await {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                let _ = ready_tx.send(Ok(()));
                let listener = tokio::net::TcpListener::from_std(std_listener).expect("listener");
                let state = AppState::new(storage, config, faults);
                let _ = zicht_endpoint::serve(listener, state, async {
                    let _ = rx.await;
                })
                .await;
            });
            // Stalled or dropped connections are cancelled here.
            rt.shutdown_timeout(Duration::from_secs(1));
        });
        match ready_rx.recv_timeout(Duration::from_secs(30)) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => panic!("server could not open {target:?}: {e}"),
            Err(e) => panic!("server did not start: {e}"),
        }
        TestServer {
            addr,
            db_path,
            target,
            shutdown: Some(tx),
            thread: Some(thread),
            _dir: dir,
        }
    }

    /// Runs `f` on a store of this server's database, on a runtime of its own.
    pub fn with_store<T>(
        &self,
        f: impl for<'a> FnOnce(&'a dyn store::Storage) -> store::StoreFuture<'a, T>,
    ) -> T {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async {
            let storage = store::open_with(&self.target, 1).await.expect("open db");
            f(storage.as_ref()).await.expect("store call")
        })
    }

    pub fn rows(&self) -> i64 {
        if let Target::Sqlite(path) = &self.target {
            let conn = sqlite::open(path).expect("open db");
            return sqlite::count(&conn).expect("count");
        }
        self.with_store(|s| s.count())
    }

    pub fn row(&self, id: &str) -> Option<store::Row> {
        if let Target::Sqlite(path) = &self.target {
            let conn = sqlite::open(path).expect("open db");
            return sqlite::find(&conn, id).expect("find");
        }
        let id = id.to_string();
        self.with_store(move |s| s.find(id))
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn has_header_prefix(&self, prefix: &str) -> bool {
        self.headers
            .iter()
            .any(|(k, _)| k.to_ascii_lowercase().starts_with(prefix))
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Resp> {
    request_timeout(addr, method, path, headers, body, Duration::from_secs(10))
}

/// One request on a fresh connection (`Connection: close`), read to EOF.
pub fn request_timeout(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> std::io::Result<Resp> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if method != "GET" && method != "OPTIONS" || !body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw)
}

fn parse_response(raw: &[u8]) -> std::io::Result<Resp> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no complete response head (connection closed without an answer)"))?;
    let head = std::str::from_utf8(&raw[..split]).map_err(|_| bad("head not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().ok_or_else(|| bad("no status line"))?;
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body).ok_or_else(|| bad("bad chunked body"))?;
    }
    Ok(Resp {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

/// The child's stderr, line by line, read on a thread of its own so a test
/// can wait for a line with a timeout.
pub fn stderr_lines(child: &mut std::process::Child) -> std::sync::mpsc::Receiver<String> {
    use std::io::BufRead;
    let stderr = child.stderr.take().expect("stderr piped");
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// A valid UUID v4 made from a number.
pub fn uuid(n: u64) -> String {
    format!("{:08x}-{:04x}-4000-8000-{:012x}", n >> 16, n & 0xffff, n)
}

pub fn observation(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "schema": "zicht.observation/1",
        "observed_on": "2026-11-20",
        "day_part": "middag",
        "recorded_at": "2026-11-20T14:05:00Z",
        "signals": ["a-signal", "another-signal"],
        "content_version": "0123456789ab",
        "context": "straat"
    })
}

pub fn post_json(
    addr: SocketAddr,
    id: &str,
    body: &str,
    extra: &[(&str, &str)],
) -> std::io::Result<Resp> {
    let mut headers = vec![
        ("Content-Type", "application/json"),
        ("Idempotency-Key", id),
    ];
    headers.extend_from_slice(extra);
    request(addr, "POST", "/v1/observations", &headers, body.as_bytes())
}

/// Posts one observation to each of `addrs` at the same moment (a barrier
/// releases all threads together) and returns the answers in `addrs`' order.
pub fn post_at_once(addrs: &[SocketAddr], id: &str, body: &str) -> Vec<Resp> {
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(addrs.len()));
    let handles: Vec<_> = addrs
        .iter()
        .map(|&addr| {
            let (id, body, barrier) = (id.to_string(), body.to_string(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                post_json(addr, &id, &body, &[])
            })
        })
        .collect();
    handles
        .into_iter()
        .map(|h| h.join().expect("thread").expect("response"))
        .collect()
}

/// Posts one observation 50 times at once; exactly one is created (201) and
/// 49 are repeats (200), all with one receipt.
pub fn fifty_parallel_posts_of_one_id(addr: SocketAddr, id: &str, body: &str) {
    let answers = post_at_once(&[addr; 50], id, body);
    let statuses: Vec<u16> = answers.iter().map(|r| r.status).collect();
    let receipts: std::collections::HashSet<Option<String>> = answers
        .iter()
        .map(|r| r.json()["receipt"].as_str().map(String::from))
        .collect();
    let count = |status: u16| statuses.iter().filter(|&&s| s == status).count();
    assert_eq!((count(201), count(200)), (1, 49), "{statuses:?}");
    assert_eq!(receipts.len(), 1, "{receipts:?}");
}

pub fn config(toml_text: &str) -> Config {
    Config::parse(toml_text).expect("config parses")
}
