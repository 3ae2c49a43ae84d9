//! Sealed observations on the device: what the app knows about the endpoint's key
//! (stored in localStorage per endpoint URL) and the pinned key from `config.json`.
//! The rules are `zicht_core::key_trust`'s; sealing itself happens in the driver
//! (`sync::send::send_one`), so its code travels in the driver's chunk; the
//! settings block about it is `crate::sync_seal_view`.

use gloo_storage::{LocalStorage, Storage};
use zicht_core::key_trust::{self, Announcement, KeyTrust, Pin, SendMode};
use zicht_core::outbox::EndpointConfig;

use crate::sync_settings;

/// The stored [`KeyTrust`] (one endpoint at a time: another URL starts afresh).
pub const TRUST_KEY: &str = zicht_core::local_keys::SEAL_TRUST;

/// What the device knows about `config`'s endpoint key.
pub fn trust_for(config: &EndpointConfig) -> KeyTrust {
    KeyTrust::for_url(LocalStorage::get::<KeyTrust>(TRUST_KEY).ok(), &config.url)
}

/// Stores the trust; false when the browser refuses (then nothing is sent that
/// depends on it: the next pass reads the old state and asks again).
pub fn save_trust(trust: &KeyTrust) -> bool {
    LocalStorage::set(TRUST_KEY, trust).is_ok()
}

/// The key `config.json` pins for this endpoint: only for the deployment's own
/// endpoint, not for an address the user typed.
pub fn pin_for(config: &EndpointConfig) -> Option<Pin> {
    let preset = sync_settings::preset()?;
    (preset.url == config.url)
        .then_some(preset.seal)
        .flatten()
        .map(Pin)
}

/// How the next observation to `config` goes out.
pub fn mode_for(config: &EndpointConfig) -> SendMode {
    key_trust::send_mode(&trust_for(config), pin_for(config).as_ref())
}

/// Takes in what a `200` health answer says about the key.
pub fn record_health(config: &EndpointConfig, body: &str) {
    record(config, &key_trust::parse_announcement(body));
}

pub fn record(config: &EndpointConfig, announcement: &Announcement) {
    let mut trust = trust_for(config);
    trust.record(announcement);
    save_trust(&trust);
}

/// The endpoint refused the key (`422 unknown_key` / `sealed_required`).
pub fn key_refused(config: &EndpointConfig) {
    let mut trust = trust_for(config);
    trust.key_refused();
    save_trust(&trust);
}
