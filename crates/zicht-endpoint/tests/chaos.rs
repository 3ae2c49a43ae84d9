//! The core outbox driving the real endpoint with every fault switched on:
//! every observation ends up stored exactly once, and each receipt the
//! outbox keeps is the one in the database.
mod common;
use common::*;
use std::time::Duration;
use zicht_core::outbox::*;
use zicht_endpoint::{Config, Faults};

#[test]
fn outbox_against_a_faulty_endpoint_stores_each_observation_exactly_once() {
    let faults =
        Faults::parse("500=0.15,503=0.15,stall=0.1,drop_after_commit=0.15", 7, 600).expect("spec");
    let srv = TestServer::start_with(Config::default_checked(), Some(faults));
    let cfg = EndpointConfig {
        url: format!("http://127.0.0.1:{}", srv.addr.port()),
        token: None,
        label: Some("test".into()),
    };
    struct Obs {
        id: String,
        recorded_at: String,
        body: String,
        practice: bool,
        state: SyncState,
    }
    let mut items: Vec<Obs> = (0..12u64)
        .map(|n| {
            let id = uuid(7_000 + n);
            let mut body = observation(&id);
            let recorded_at = format!("2026-11-20T10:{:02}:00Z", 59 - n);
            body["recorded_at"] = recorded_at.clone().into();
            Obs {
                id,
                recorded_at,
                body: body.to_string(),
                practice: false,
                state: SyncState::Pending,
            }
        })
        .collect();
    // A practice observation in the same outbox is never sent.
    let practice_id = uuid(7_999);
    let mut practice_body = observation(&practice_id);
    practice_body["practice"] = true.into();
    items.push(Obs {
        id: practice_id.clone(),
        recorded_at: "2020-01-01T00:00:00Z".into(),
        body: practice_body.to_string(),
        practice: true,
        state: SyncState::Pending,
    });

    // Virtual clock: waits are skipped by moving `now` forward.
    let mut now: u64 = 1_800_000_000_000;
    let mut jitter: u64 = 12345;
    let mut requests = 0;
    let mut sent_order = Vec::new();
    let mut first_attempt = None;
    for _ in 0..400 {
        let view: Vec<OutboxItem<'_>> = items
            .iter()
            .map(|o| OutboxItem {
                id: &o.id,
                recorded_at: &o.recorded_at,
                practice: o.practice,
                state: &o.state,
            })
            .collect();
        let decision = decide(&view, false, now);
        match decision {
            Decision::Idle => break,
            Decision::Wait { delay_ms } => now += delay_ms,
            Decision::Busy { .. } | Decision::Paused => panic!("unexpected {decision:?}"),
            Decision::Send { id } => {
                first_attempt.get_or_insert_with(|| id.clone());
                let obs = items.iter_mut().find(|o| o.id == id).expect("item");
                obs.state = start_sending(&obs.state, obs.practice, now).expect("may send");
                let req = build_observation_request(&cfg, &obs.id, &obs.body).expect("request");
                let path = req
                    .url
                    .split_once(&cfg.url)
                    .map(|(_, p)| p.to_string())
                    .expect("path");
                let headers: Vec<(&str, &str)> =
                    req.headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
                requests += 1;
                let answer = request_timeout(
                    srv.addr,
                    req.method,
                    &path,
                    &headers,
                    req.body.as_deref().unwrap_or("").as_bytes(),
                    Duration::from_millis(300),
                );
                let outcome = match answer {
                    Ok(r) => classify_response(
                        &obs.id,
                        r.status,
                        &String::from_utf8_lossy(&r.body),
                        r.header("retry-after"),
                    ),
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) =>
                    {
                        classify_failure(TransportFailure::Timeout)
                    }
                    Err(_) => classify_failure(TransportFailure::Network),
                };
                jitter = jitter
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let applied = apply_outcome(&obs.state, &outcome, now, jitter);
                assert_eq!(applied.pause, None);
                assert!(
                    !matches!(applied.state, SyncState::Rejected { .. }),
                    "{outcome:?}"
                );
                if let SyncState::Sent { .. } = applied.state {
                    sent_order.push(obs.id.clone());
                }
                obs.state = applied.state;
                now += 50;
            }
        }
    }
    // Let stalled requests finish on the server before counting.
    std::thread::sleep(Duration::from_millis(700));
    let real: Vec<&Obs> = items.iter().filter(|o| !o.practice).collect();
    for o in &real {
        match &o.state {
            SyncState::Sent { receipt, .. } => {
                let row = srv.row(&o.id).expect("stored");
                assert_eq!(&row.receipt, receipt, "the receipt kept is the stored one");
                assert_eq!(row.body, o.body);
            }
            other => panic!("{} not sent: {other:?}", o.id),
        }
    }
    assert_eq!(srv.rows(), real.len() as i64, "exactly once");
    assert!(srv.row(&practice_id).is_none());
    assert_eq!(items.last().map(|o| &o.state), Some(&SyncState::Pending));
    assert!(
        requests > real.len(),
        "faults happened ({requests} requests)"
    );
    // Oldest first: recorded_at runs backwards with the index, so the first
    // observation tried is the last one made.
    assert_eq!(first_attempt, Some(uuid(7_011)));
    assert_eq!(sent_order.len(), real.len());
}
