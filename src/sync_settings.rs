//! Where observations are sent: the referral endpoint settings on this device
//! (localStorage through gloo-storage), the deployment preset from
//! `config.json`, and the global pause after an auth or address error.
//! Which of them applies is `zicht_core::endpoint_settings`. The token is
//! never logged: [`EndpointConfig`]'s `Debug` hides it.

use std::cell::RefCell;

use gloo_storage::{LocalStorage, Storage};
use zicht_core::endpoint_settings;
use zicht_core::outbox::{EndpointConfig, Pause};

/// The user's settings (an [`EndpointConfig`]; an empty `url` means "off").
pub const SETTINGS_KEY: &str = zicht_core::local_keys::ENDPOINT;
/// The global [`Pause`], cleared whenever the settings are saved.
pub const PAUSE_KEY: &str = zicht_core::local_keys::SYNC_PAUSE;

pub use zicht_core::endpoint_settings::{display_name, Preset, RegionConfig};

thread_local! {
    static PRESET: RefCell<Option<Preset>> = const { RefCell::new(None) };
}

/// Reads `config.json` (network first, cached by the service worker). An
/// invalid or missing preset is ignored: the app then sends nothing. Returns
/// the region settings for `crate::regions` (`None` when it was not readable).
pub async fn load_preset() -> RegionConfig {
    let text = crate::sync::fetch_text("/config.json").await?;
    let (regions, preset) = endpoint_settings::parse_deployment(&text);
    PRESET.with(|p| *p.borrow_mut() = preset);
    regions
}

pub fn preset() -> Option<Preset> {
    PRESET.with(|p| p.borrow().clone())
}

/// What the user saved on this device, if anything.
pub fn user_settings() -> Option<EndpointConfig> {
    LocalStorage::get::<EndpointConfig>(SETTINGS_KEY).ok()
}

/// Stores the user's settings and lifts any pause (the user has looked at
/// them). Returns false when the browser refuses to store.
pub fn save_user_settings(config: &EndpointConfig) -> bool {
    let saved = LocalStorage::set(SETTINGS_KEY, config).is_ok();
    clear_pause();
    saved
}

/// The endpoint to send to now: the user's settings, else the preset.
pub fn effective() -> Option<EndpointConfig> {
    endpoint_settings::effective(user_settings(), preset().as_ref())
}

pub fn pause() -> Option<Pause> {
    LocalStorage::get::<Pause>(PAUSE_KEY).ok()
}

pub fn set_pause(pause: &Pause) {
    let _ = LocalStorage::set(PAUSE_KEY, pause);
}

pub fn clear_pause() {
    LocalStorage::delete(PAUSE_KEY);
}
