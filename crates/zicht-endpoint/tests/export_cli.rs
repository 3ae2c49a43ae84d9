//! Export (CSV and JSON, signal titles resolved) and the binary itself.
mod common;
use common::*;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use zicht_endpoint::Config;

const BIN: &str = env!("CARGO_BIN_EXE_zicht-endpoint");

fn known_signal() -> Option<(String, zicht_core::Text)> {
    zicht_core::catalog()
        .signals
        .signals
        .first()
        .map(|s| (s.id.clone(), s.title.clone()))
}

#[test]
fn export_csv_and_json_with_titles() {
    let srv = TestServer::start(Config::default_checked());
    let known = known_signal();
    let known_id = known
        .as_ref()
        .map(|k| k.0.clone())
        .unwrap_or_else(|| "no-catalogue".into());
    let (a, b) = (uuid(501), uuid(502));
    let mut first = observation(&a);
    first["signals"] = serde_json::json!([known_id, "not-in-catalogue"]);
    first["note"] = serde_json::json!("=HYPERLINK(\"x\"), with \"quotes\"\nand a newline");
    let mut second = observation(&b);
    second["corrects"] = serde_json::json!(a);
    for (id, obs) in [(&a, &first), (&b, &second)] {
        assert_eq!(
            post_json(srv.addr, id, &obs.to_string(), &[])
                .expect("post")
                .status,
            201
        );
    }
    let db = srv.db_path.clone();

    let out = Command::new(BIN)
        .args(["export", "--db"])
        .arg(&db)
        .args(["--format", "csv"])
        .output()
        .expect("export runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).expect("utf-8");
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next(),
        Some(zicht_endpoint::export::CSV_COLUMNS.join(",").as_str())
    );
    assert!(csv.contains(&a) && csv.contains(&b));
    if let Some((_, title)) = &known {
        assert!(csv.contains(&title.nl), "Dutch title in CSV");
    }
    assert!(csv.contains("(onbekend signaal: not-in-catalogue)"));
    // The body column is quoted with doubled quotes.
    assert!(csv.contains("\"\"note\"\""), "{csv}");

    let out = Command::new(BIN)
        .args(["export", "--format", "json", "--db"])
        .arg(&db)
        .output()
        .expect("export runs");
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let items = json.as_array().expect("array");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["id"], a.as_str());
    assert_eq!(items[0]["observation"], first);
    assert_eq!(items[1]["observation"]["corrects"], a.as_str());
    assert!(items[0]["receipt"]
        .as_str()
        .is_some_and(|r| r.starts_with("zr-")));
    if let Some((id, title)) = &known {
        assert_eq!(items[0]["signals"][0]["id"], id.as_str());
        assert_eq!(items[0]["signals"][0]["title_nl"], title.nl.as_str());
        assert_eq!(items[0]["signals"][0]["title_en"], title.en.as_str());
    }
    assert_eq!(
        items[0]["signals"][1]["title_en"],
        "(unknown signal: not-in-catalogue)"
    );

    // English titles, to a file.
    let file = db.with_file_name("export.csv");
    let out = Command::new(BIN)
        .args(["export", "--lang", "en", "--out"])
        .arg(&file)
        .arg("--db")
        .arg(&db)
        .output()
        .expect("export runs");
    assert!(out.status.success());
    let text = std::fs::read_to_string(&file).expect("written");
    assert!(text.contains("(unknown signal: not-in-catalogue)"));

    // Missing database and bad flags fail clearly.
    let out = Command::new(BIN)
        .args(["export", "--db", "/nonexistent/x.sqlite"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let out = Command::new(BIN)
        .args(["export", "--db", "x", "--format", "xml"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

/// Kills the child on every exit path.
struct Child(std::process::Child);
impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_binary_serves_with_one_command_and_logs_without_secrets() {
    let dir = TempDir::new("bin");
    let config = dir.0.join("endpoint.toml");
    std::fs::write(
        &config,
        "allowed_origins = [\"http://localhost:8080\"]\n[[tokens]]\nname = \"team\"\ntoken = \"secret-0123456789abcdef\"\n",
    )
    .expect("config written");
    let mut child = Child(
        Command::new(BIN)
            .args(["--listen", "127.0.0.1:0", "--db"])
            .arg(dir.0.join("db.sqlite"))
            .arg("--config")
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts"),
    );
    let rx = stderr_lines(&mut child.0);
    let first = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("startup line");
    let addr: std::net::SocketAddr = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    let r = request(addr, "GET", "/v1/health", &[], b"").expect("health");
    assert_eq!(r.json()["protocol"], 1);
    let id = uuid(900);
    let r = post_json(
        addr,
        &id,
        &observation(&id).to_string(),
        &[("Authorization", "Bearer secret-0123456789abcdef")],
    )
    .expect("post");
    assert_eq!(r.status, 201);
    // Collect log lines for a moment; the log has the request but no secrets.
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut log = Vec::new();
    while Instant::now() < deadline {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                let done = line.contains("POST /v1/observations 201");
                log.push(line);
                if done {
                    break;
                }
            }
            Err(_) => continue,
        }
    }
    let log = log.join("\n");
    assert!(log.contains("POST /v1/observations 201"), "{log}");
    assert!(!log.contains("secret-0123456789abcdef"), "{log}");
    assert!(!log.contains(&id), "{log}");
    assert!(!log.contains("127.0.0.1:"), "no client address: {log}");
    drop(child);
}
