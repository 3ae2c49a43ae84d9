//! Load benchmark of the reference endpoint (figures, not a pass/fail test).
//!
//! Starts `--instances` endpoint processes on loopback (the release binary),
//! sends `--total` observations from `--clients` concurrent keep-alive
//! clients, a tenth of them repeats of an earlier id and a tenth malformed,
//! then reads the database and checks: stored = distinct valid ids (none
//! lost, none twice), every malformed one answered 4xx and none of them
//! stored, and every receipt an id got is the stored one. With
//! `--kill-halfway` the first instance is SIGKILLed when half the
//! observations are answered and started again; clients retry what got no
//! answer, as the app does.
//!
//! ```sh
//! cargo build --release -p zicht-endpoint --examples
//! target/release/examples/load --db /tmp/bench.sqlite
//! target/release/examples/load --database-url postgres://zicht@127.0.0.1:5432/bench --instances 2 --kill-halfway
//! ```
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use zicht_endpoint::util::SplitMix;
use zicht_endpoint::{store, Target};

struct Options {
    target: Target,
    instances: usize,
    clients: usize,
    total: usize,
    kill_halfway: bool,
    bin: String,
}

fn options() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut target = None;
    let (mut instances, mut clients, mut total, mut kill_halfway) = (1, 50, 20_000, false);
    let mut bin = std::env::var("ZICHT_ENDPOINT_BIN")
        .unwrap_or_else(|_| "target/release/zicht-endpoint".to_string());
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--db" => target = Some(Target::Sqlite(value()?.into())),
            "--database-url" => target = Some(Target::Postgres(value()?)),
            "--instances" => instances = value()?.parse().map_err(|_| "--instances")?,
            "--clients" => clients = value()?.parse().map_err(|_| "--clients")?,
            "--total" => total = value()?.parse().map_err(|_| "--total")?,
            "--bin" => bin = value()?,
            "--kill-halfway" => kill_halfway = true,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let target = target.ok_or("--db FILE or --database-url URL")?;
    Ok(Options {
        target,
        instances: instances.max(1),
        clients: clients.max(1),
        total,
        kill_halfway,
        bin,
    })
}

fn uuid(n: u64) -> String {
    format!("{:08x}-{:04x}-4000-8000-{:012x}", n >> 16, n & 0xffff, n)
}

fn valid_body(id: &str, n: u64) -> String {
    serde_json::json!({
        "id": id,
        "schema": "zicht.observation/1",
        "observed_on": "2026-11-20",
        "day_part": "middag",
        "recorded_at": "2026-11-20T14:05:00Z",
        "signals": ["a-signal", "another-signal"],
        "content_version": "0123456789ab",
        "context": "straat",
        "note": format!("benchmark {n}"),
    })
    .to_string()
}

/// Malformed in one of several ways; the id (when there is one) is fresh.
fn malformed_body(id: &str, n: u64) -> String {
    let good = valid_body(id, n);
    match n % 5 {
        0 => good[..good.len() / 2].to_string(), // truncated: 400
        1 => good.replace("zicht.observation/1", "zicht.observation/9"), // 422
        2 => good.replace("\"2026-11-20\"", "\"20-11-2026\""), // 422
        3 => good.replace("\"signals\"", "\"signalen\""), // missing: 422
        _ => good.replace(id, "not-a-uuid"),     // 422
    }
}

#[derive(Clone)]
struct Item {
    id: String,
    body: String,
    valid: bool,
}

fn workload(total: usize) -> Vec<Item> {
    let mut rng = SplitMix::new(20_000);
    let mut items: Vec<Item> = Vec::with_capacity(total);
    let mut valid_ids: Vec<usize> = Vec::new();
    for n in 0..total as u64 {
        let item = match n % 10 {
            9 => {
                let id = uuid(1_000_000 + n);
                Item {
                    body: malformed_body(&id, n),
                    id,
                    valid: false,
                }
            }
            8 if !valid_ids.is_empty() => {
                let pick = valid_ids[(rng.next_u64() % valid_ids.len() as u64) as usize];
                items[pick].clone()
            }
            _ => {
                let id = uuid(n + 1);
                valid_ids.push(items.len());
                Item {
                    body: valid_body(&id, n),
                    id,
                    valid: true,
                }
            }
        };
        items.push(item);
    }
    items
}

/// One keep-alive HTTP/1.1 connection.
struct Client {
    stream: Option<BufReader<TcpStream>>,
}

impl Client {
    fn post(&mut self, addr: SocketAddr, item: &Item) -> std::io::Result<(u16, String)> {
        if self.stream.is_none() {
            let s = TcpStream::connect_timeout(&addr, Duration::from_secs(2))?;
            s.set_nodelay(true)?;
            s.set_read_timeout(Some(Duration::from_secs(30)))?;
            self.stream = Some(BufReader::new(s));
        }
        let result = self.exchange(addr, item);
        if result.is_err() {
            self.stream = None;
        }
        result
    }

    fn exchange(&mut self, addr: SocketAddr, item: &Item) -> std::io::Result<(u16, String)> {
        let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
        let stream = self.stream.as_mut().ok_or_else(|| bad("no connection"))?;
        let head = format!(
            "POST /v1/observations HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nIdempotency-Key: {}\r\nContent-Length: {}\r\n\r\n",
            item.id,
            item.body.len()
        );
        let s = stream.get_mut();
        s.write_all(head.as_bytes())?;
        s.write_all(item.body.as_bytes())?;
        let mut line = String::new();
        if stream.read_line(&mut line)? == 0 {
            return Err(bad("closed"));
        }
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("status line"))?;
        let mut length = 0usize;
        let mut close = false;
        loop {
            line.clear();
            stream.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.trim().parse().map_err(|_| bad("content-length"))?;
                }
                if k.eq_ignore_ascii_case("connection") && v.trim().eq_ignore_ascii_case("close") {
                    close = true;
                }
            }
        }
        let mut body = vec![0u8; length];
        stream.read_exact(&mut body)?;
        if close {
            self.stream = None;
        }
        Ok((status, String::from_utf8_lossy(&body).into_owned()))
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(18_787)
}

fn spawn(bin: &str, target: &Target, addr: SocketAddr) -> Result<Child, String> {
    let mut cmd = Command::new(bin);
    cmd.arg("--listen").arg(addr.to_string());
    match target {
        Target::Sqlite(path) => cmd.arg("--db").arg(path),
        Target::Postgres(url) => cmd.env("ZICHT_DATABASE_URL", url),
    };
    let child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {bin}: {e}"))?;
    // Ready when health answers (bounded).
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(30) {
        if let Ok(mut s) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            let _ = s.write_all(b"GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            let mut text = String::new();
            let _ = s.read_to_string(&mut text);
            if text.starts_with("HTTP/1.1 200") {
                return Ok(child);
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err(format!("endpoint on {addr} did not become healthy"))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.saturating_sub(1).min(sorted.len() - 1)]
}

struct Outcome {
    item: usize,
    status: u16,
    receipt: Option<String>,
}

fn main() {
    if let Err(e) = run() {
        eprintln!("load: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let o = options()?;
    let items = Arc::new(workload(o.total));
    let addrs: Vec<SocketAddr> = (0..o.instances)
        .map(|_| SocketAddr::from(([127, 0, 0, 1], free_port())))
        .collect();
    let mut children = Vec::new();
    for addr in &addrs {
        children.push(spawn(&o.bin, &o.target, *addr)?);
    }
    let children = Arc::new(Mutex::new(children));
    let next = Arc::new(AtomicUsize::new(0));
    let answered = Arc::new(AtomicUsize::new(0));
    let retries = Arc::new(AtomicUsize::new(0));
    let outcomes = Arc::new(Mutex::new(Vec::with_capacity(o.total)));
    let latencies = Arc::new(Mutex::new(Vec::with_capacity(o.total)));
    let started = Instant::now();

    // The killer: SIGKILL instance 0 at half, start it again on its port.
    let killer = o.kill_halfway.then(|| {
        let (children, answered, target, bin, addr, half) = (
            children.clone(),
            answered.clone(),
            o.target.clone(),
            o.bin.clone(),
            addrs[0],
            o.total / 2,
        );
        std::thread::spawn(move || -> Result<Duration, String> {
            while answered.load(Ordering::SeqCst) < half {
                std::thread::sleep(Duration::from_millis(1));
            }
            let mut list = children.lock().map_err(|_| "lock")?;
            list[0].kill().map_err(|e| format!("kill: {e}"))?; // SIGKILL
            let _ = list[0].wait();
            let down = Instant::now();
            list[0] = spawn(&bin, &target, addr)?;
            Ok(down.elapsed())
        })
    });

    let workers: Vec<_> = (0..o.clients)
        .map(|c| {
            let (items, next, answered, retries, outcomes, latencies, addrs) = (
                items.clone(),
                next.clone(),
                answered.clone(),
                retries.clone(),
                outcomes.clone(),
                latencies.clone(),
                addrs.clone(),
            );
            std::thread::spawn(move || -> Result<(), String> {
                let mut client = Client { stream: None };
                let mut instance = c % addrs.len();
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(i) else {
                        return Ok(());
                    };
                    // Retry without an answer, bounded (the app backs off likewise).
                    let mut attempts = 0;
                    let (status, text, took) = loop {
                        let t0 = Instant::now();
                        match client.post(addrs[instance], item) {
                            Ok((status, text)) if status < 500 => {
                                break (status, text, t0.elapsed())
                            }
                            _ => {
                                attempts += 1;
                                retries.fetch_add(1, Ordering::SeqCst);
                                if attempts > 600 {
                                    return Err(format!(
                                        "item {i}: no answer after {attempts} tries"
                                    ));
                                }
                                // Another instance if there is one.
                                instance = (instance + 1) % addrs.len();
                                std::thread::sleep(Duration::from_millis(20));
                            }
                        }
                    };
                    let receipt = serde_json::from_str::<serde_json::Value>(&text)
                        .ok()
                        .and_then(|v| v["receipt"].as_str().map(String::from));
                    latencies.lock().map_err(|_| "lock")?.push(took);
                    outcomes.lock().map_err(|_| "lock")?.push(Outcome {
                        item: i,
                        status,
                        receipt,
                    });
                    answered.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    for w in workers {
        w.join().map_err(|_| "client thread panicked")??;
    }
    let wall = started.elapsed();
    let restart = match killer {
        Some(k) => Some(k.join().map_err(|_| "killer panicked")??),
        None => None,
    };
    // Stop the instances gracefully, then read what the database holds.
    for child in children.lock().map_err(|_| "lock")?.iter_mut() {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status();
        let _ = child.wait();
    }
    let rows = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?
        .block_on(async {
            let s = store::open(&o.target).await?;
            let count = s.count().await.map_err(|e| e.to_string())?;
            // The reading view (PostgreSQL) holds back rows while an older
            // transaction runs anywhere on the cluster: wait for it (bounded)
            // and say so.
            let t0 = Instant::now();
            loop {
                let rows = store::all(s.as_ref()).await.map_err(|e| e.to_string())?;
                if rows.len() as i64 == count || t0.elapsed() > Duration::from_secs(30) {
                    if t0.elapsed() > Duration::from_millis(1) && rows.len() as i64 != count {
                        println!("  reading view: {} of {count} rows after 30 s", rows.len());
                    } else if t0.elapsed() > Duration::from_millis(50) {
                        println!(
                            "  reading view caught up with count(*) = {count} after {:?}",
                            t0.elapsed()
                        );
                    }
                    return Ok::<_, String>(rows);
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })?;

    // Checks.
    let outcomes = outcomes.lock().map_err(|_| "lock")?;
    let valid_ids: std::collections::HashSet<&str> = items
        .iter()
        .filter(|i| i.valid)
        .map(|i| i.id.as_str())
        .collect();
    let malformed_ids: std::collections::HashSet<&str> = items
        .iter()
        .filter(|i| !i.valid)
        .map(|i| i.id.as_str())
        .collect();
    let stored: std::collections::HashMap<&str, &str> = rows
        .iter()
        .map(|r| (r.id.as_str(), r.receipt.as_str()))
        .collect();
    let duplicated = rows.len() - stored.len();
    let lost = valid_ids
        .iter()
        .filter(|id| !stored.contains_key(*id))
        .count();
    let partial = malformed_ids
        .iter()
        .filter(|id| stored.contains_key(*id))
        .count();
    let mut malformed_4xx = 0;
    let mut malformed_other = 0;
    let mut wrong_receipts = 0;
    let mut valid_not_stored_answer = 0;
    let (mut created, mut repeat) = (0, 0);
    for out in outcomes.iter() {
        let item = &items[out.item];
        if item.valid {
            match out.status {
                201 => created += 1,
                200 => repeat += 1,
                _ => valid_not_stored_answer += 1,
            }
            if out.receipt.as_deref() != stored.get(item.id.as_str()).copied() {
                wrong_receipts += 1;
            }
        } else if (400..500).contains(&out.status) {
            malformed_4xx += 1;
        } else {
            malformed_other += 1;
        }
    }
    let mut lat = latencies.lock().map_err(|_| "lock")?.clone();
    lat.sort_unstable();
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    println!(
        "backend {}, {} instance(s), {} clients, {} observations{}",
        match &o.target {
            Target::Sqlite(_) => "sqlite",
            Target::Postgres(_) => "postgres",
        },
        o.instances,
        o.clients,
        o.total,
        if o.kill_halfway {
            ", instance 1 SIGKILLed at half and restarted"
        } else {
            ""
        }
    );
    println!(
        "  wall {:.2} s, throughput {:.0} requests/s, latency p50 {} p99 {} max {}",
        wall.as_secs_f64(),
        o.total as f64 / wall.as_secs_f64(),
        ms(percentile(&lat, 50.0)),
        ms(percentile(&lat, 99.0)),
        ms(lat.last().copied().unwrap_or_default())
    );
    if let Some(r) = restart {
        println!("  restart took {} (kill to healthy)", ms(r));
    }
    println!(
        "  answers: {} created (201), {} repeats (200), {} malformed refused 4xx, {} malformed otherwise, {} valid not stored, {} retries without an answer",
        created, repeat, malformed_4xx, malformed_other, valid_not_stored_answer, retries.load(Ordering::SeqCst)
    );
    println!(
        "  database: {} rows, {} distinct valid ids sent; lost {}, duplicated {}, malformed stored {}, answers with a receipt other than the stored one {}",
        rows.len(),
        valid_ids.len(),
        lost,
        duplicated,
        partial,
        wrong_receipts
    );
    let ok = lost == 0
        && duplicated == 0
        && partial == 0
        && malformed_other == 0
        && wrong_receipts == 0
        && valid_not_stored_answer == 0
        && rows.len() == valid_ids.len()
        && outcomes.len() == o.total;
    println!("  {}", if ok { "CHECKS OK" } else { "CHECKS FAILED" });
    if ok {
        Ok(())
    } else {
        Err("checks failed".into())
    }
}
