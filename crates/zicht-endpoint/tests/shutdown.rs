//! Graceful shutdown of the binary: on SIGTERM a request in flight is
//! finished and stored, new connections are refused, and the process exits 0.
mod common;
use common::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_zicht-endpoint");

#[test]
fn sigterm_finishes_the_request_in_flight_then_exits() {
    let dir = TempDir::new("shutdown");
    let db = dir.0.join("db.sqlite");
    // Every POST stalls 1.5 s before it is handled: a request in flight.
    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--log-format", "json", "--db"])
        .arg(&db)
        .args(["--faults", "stall=1", "--fault-stall-ms", "1500"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    let rx = stderr_lines(&mut child);
    let first = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("startup line");
    let started: serde_json::Value = serde_json::from_str(&first).expect("a JSON log line");
    let addr: std::net::SocketAddr = started["msg"]
        .as_str()
        .and_then(|m| m.split("http://").nth(1))
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {first}"));

    let id = uuid(31_337);
    let body = observation(&id).to_string();
    let (post_id, post_body) = (id.clone(), body.clone());
    let in_flight = std::thread::spawn(move || post_json(addr, &post_id, &post_body, &[]));
    std::thread::sleep(Duration::from_millis(400));
    let sent_at = Instant::now();
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(term.success());

    let answer = in_flight
        .join()
        .expect("thread")
        .expect("an answer, not a cut connection");
    assert_eq!(
        answer.status,
        201,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    // Bounded wait for the exit.
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(sent_at.elapsed() < Duration::from_secs(15), "did not exit");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
    // No new connections after the stop.
    assert!(request(addr, "GET", "/v1/health", &[], b"").is_err());
    let conn = zicht_endpoint::store::sqlite::open(&db).expect("open");
    let row = zicht_endpoint::store::sqlite::find(&conn, &id).expect("find");
    assert_eq!(row.map(|r| r.body), Some(body), "stored as sent");

    // Every log line is a JSON object, and none carries the id or the body.
    // The reader thread ends at EOF (the process is gone), which ends this.
    let mut log = Vec::new();
    while let Ok(line) = rx.recv_timeout(Duration::from_secs(5)) {
        log.push(line);
    }
    assert!(log.iter().any(|l| l.contains("\"stopped\"")), "{log:?}");
    for line in &log {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        assert!(v["ts"].is_string() && v["level"].is_string(), "{line}");
        assert!(!line.contains(&id), "{line}");
    }
    assert!(log.iter().any(|l| l.contains("\"status\":201")), "{log:?}");
}
