//! One request to the endpoint: the key check before the first
//! observation, and one observation sent with its outcome stored.

use leptos::prelude::*;
use zicht_core::key_trust::{self, HealthStep, SendMode};
use zicht_core::outbox::{self, EndpointConfig, Outcome, Pause, SyncState};
use zicht_core::store::{Bucket, ObservationStore, StoredObservation};

use super::driver::{persist, random_u64, schedule, HEALTH_RETRY_MS, STORE_RETRY_MS};
use super::lock::renew_lease;
use super::transport::http;
use super::{bump, now_ms, ui};
use crate::platform;
use crate::storage::AppStore;
use crate::sync_seal;
use crate::sync_settings;

/// Before the first observation goes to an endpoint (and after it refused a
/// key): what does its health say about the key? False when the pass must
/// stop (no answer: try later; token or address refused: paused).
pub(super) async fn check_key(config: &EndpointConfig) -> bool {
    let request = match outbox::build_health_request(config) {
        Ok(request) => request,
        Err(error) => {
            if let Some(ui) = ui() {
                ui.last_error.set(Some(error.text()));
            }
            return false;
        }
    };
    let step = match http(&request).await {
        Ok(answer) => key_trust::health_step(answer.status, &answer.body),
        Err(_) => HealthStep::RetryLater,
    };
    match step {
        HealthStep::Record(announcement) => {
            sync_seal::record(config, &announcement);
            bump();
            true
        }
        HealthStep::RetryLater => {
            schedule(HEALTH_RETRY_MS);
            false
        }
        HealthStep::Pause(reason, status) => {
            let pause = Pause {
                reason,
                status,
                since_ms: now_ms(),
            };
            sync_settings::set_pause(&pause);
            if let Some(ui) = ui() {
                ui.pause.set(Some(pause));
            }
            false
        }
    }
}

/// One observation: store `Sending`, send, store the outcome. False when the
/// pass must stop (store error, pause, settings that cannot be used).
pub(super) async fn send_one(
    s: &AppStore,
    config: &EndpointConfig,
    mode: &SendMode,
    record: StoredObservation,
) -> bool {
    let id = record.observation.id.clone();
    let started = now_ms();
    let Ok(sending) = outbox::start_sending(&record.sync, record.observation.practice, started)
    else {
        return true;
    };
    let body = match serde_json::to_string(&record.observation) {
        Ok(body) => body,
        Err(_) => return false,
    };
    // Checked as plaintext first (id, never practice), then sealed when the
    // endpoint has a key: the sealed body is what goes out, the stored
    // observation stays readable on the device.
    let mut request = match outbox::build_observation_request(config, &id, &body) {
        Ok(request) => request,
        Err(error) => {
            // Settings that cannot be used: say so, send nothing.
            if let Some(ui) = ui() {
                ui.last_error.set(Some(error.text()));
            }
            return false;
        }
    };
    platform::mark_start("zicht:seal");
    let prepared = key_trust::prepare_body(mode, &id, &body);
    if matches!(mode, SendMode::Sealed { .. }) {
        // Read by the sealing benchmark (tests/e2e/seal.test.mjs prints it).
        platform::measure("zicht:seal");
    }
    match prepared {
        Ok(prepared) => request.body = Some(prepared),
        Err(_) => {
            if let Some(ui) = ui() {
                ui.last_error
                    .set(Some(outbox::RequestError::BadBody.text()));
            }
            return false;
        }
    }
    if !renew_lease() {
        return false;
    }
    // Stored before the request goes out: a kill from here on leaves
    // `Sending`, which the next holder of the outbox sends again.
    if persist(s, &record, sending.clone()).await.is_err() {
        schedule(STORE_RETRY_MS);
        return false;
    }
    let answer = http(&request).await;
    if let Ok(answer) = &answer {
        if key_trust::key_refusal(answer.status, &answer.body).is_some() {
            // Not this observation's fault: it waits, and before the next one
            // goes out the app asks health which key the endpoint wants now.
            sync_seal::key_refused(config);
            let state = key_trust::refused_state(&sending, now_ms(), random_u64());
            return match s.get(Bucket::Real, &id).await {
                Ok(Some(current)) => persist(s, &current, state).await.is_ok(),
                Ok(None) => true,
                Err(_) => false,
            };
        }
    }
    let outcome = match answer {
        Ok(answer) => outbox::classify_response(
            &id,
            answer.status,
            &answer.body,
            answer.retry_after.as_deref(),
        ),
        Err(failure) => outbox::classify_failure(failure),
    };
    let applied = outbox::apply_outcome(&sending, &outcome, now_ms(), random_u64());
    // The stored record now (deleted while in flight: leave it deleted).
    let current = match s.get(Bucket::Real, &id).await {
        Ok(Some(current)) => current,
        Ok(None) => return true,
        Err(_) => {
            schedule(STORE_RETRY_MS);
            return false;
        }
    };
    // Stored: the endpoint holds the version that was sent, so keep that one.
    let base = if matches!(outcome, Outcome::Stored { .. }) {
        StoredObservation {
            observation: record.observation.clone(),
            ..current
        }
    } else {
        current
    };
    if persist(s, &base, applied.state.clone()).await.is_err() {
        schedule(STORE_RETRY_MS);
        return false;
    }
    if let SyncState::RetryLater { last_error, .. } = &applied.state {
        if let Some(ui) = ui() {
            ui.last_error.set(Some(last_error.clone()));
        }
    }
    if let Some(pause) = applied.pause {
        sync_settings::set_pause(&pause);
        if let Some(ui) = ui() {
            ui.pause.set(Some(pause));
        }
        return false;
    }
    true
}
