//! Fault injection: each fault shows up, and drop_after_commit really commits.
mod common;
use common::*;
use std::time::Duration;
use zicht_endpoint::{Config, Faults};

#[test]
fn every_fault_occurs_and_drops_happen_after_commit() {
    let faults =
        Faults::parse("500=0.2,503=0.2,stall=0.2,drop_after_commit=0.2", 42, 1_500).expect("spec");
    let srv = TestServer::start_with(Config::default_checked(), Some(faults));
    let (mut e500, mut e503, mut stalls, mut drops, mut ok) = (0, 0, 0, 0, 0);
    for n in 0..80u64 {
        if e500 > 0 && e503 > 0 && stalls > 0 && drops > 0 && ok > 0 {
            break;
        }
        let id = uuid(1_000 + n);
        let body = observation(&id).to_string();
        let headers = [
            ("Content-Type", "application/json"),
            ("Idempotency-Key", id.as_str()),
        ];
        let r = request_timeout(
            srv.addr,
            "POST",
            "/v1/observations",
            &headers,
            body.as_bytes(),
            Duration::from_millis(700),
        );
        match r {
            Ok(r) if r.status == 500 => {
                e500 += 1;
                assert!(srv.row(&id).is_none(), "500 stores nothing");
            }
            Ok(r) if r.status == 503 => {
                e503 += 1;
                assert!(r
                    .header("retry-after")
                    .and_then(|v| v.parse::<u64>().ok())
                    .is_some());
                assert!(srv.row(&id).is_none(), "503 stores nothing");
            }
            Ok(r) if r.status == 201 => ok += 1,
            Ok(r) => panic!("unexpected status {}", r.status),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                stalls += 1;
            }
            Err(_) => {
                // Closed without an answer: the row must be there already.
                drops += 1;
                assert!(srv.row(&id).is_some(), "drop_after_commit stored {id}");
                // Retrying gets the original receipt (200), as the app would.
                let r = request(
                    srv.addr,
                    "POST",
                    "/v1/observations",
                    &headers,
                    body.as_bytes(),
                );
                if let Ok(r) = r {
                    assert!(matches!(r.status, 200 | 500 | 503), "{}", r.status);
                }
            }
        }
    }
    assert!(
        e500 > 0 && e503 > 0 && stalls > 0 && drops > 0 && ok > 0,
        "500:{e500} 503:{e503} stall:{stalls} drop:{drops} ok:{ok}"
    );
}

#[test]
fn fault_spec_parsing() {
    assert!(Faults::parse("500=0.1,503=0.1,stall=0.05,drop_after_commit=0.05", 1, 10).is_ok());
    for bad in ["500", "500=x", "500=1.5", "404=0.1", "500=0.6,503=0.6"] {
        assert!(Faults::parse(bad, 1, 10).is_err(), "{bad}");
    }
}
