//! Where observations are sent: the referral endpoint settings on this device
//! (localStorage through gloo-storage), the deployment preset from
//! `config.json`, and the global pause after an auth or address error.
//!
//! The user's own settings override the preset; saving an empty address
//! switches sending off even when the deployment presets one. The token is
//! never logged: [`EndpointConfig`]'s `Debug` hides it.

use std::cell::RefCell;

use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use zicht_core::key_trust::SealKey;
use zicht_core::outbox::{self, EndpointConfig, Pause};

/// The user's settings (an [`EndpointConfig`]; an empty `url` means "off").
pub const SETTINGS_KEY: &str = "zicht.endpoint";
/// The global [`Pause`], cleared whenever the settings are saved.
pub const PAUSE_KEY: &str = "zicht.sync.pause";

/// `config.json`'s `referral_endpoint`: address and name, never a token; and
/// the receiving organisation's public key when the deployment pins one
/// (`"seal": {"key_id": …, "public_key": …}`, beside or inside it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preset {
    pub url: String,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub seal: Option<SealKey>,
}

#[derive(Deserialize)]
struct DeploymentConfig {
    #[serde(default)]
    referral_endpoint: Option<Preset>,
    #[serde(default)]
    seal: Option<SealKey>,
    /// The region pack the deployment presets (a pack id).
    #[serde(default)]
    region: Option<String>,
    /// A region pack the deployment serves (docs/region-packs.md).
    #[serde(default)]
    region_pack: Option<String>,
}

/// `config.json`'s `region` and `region_pack`, when it could be read.
pub type RegionConfig = Option<(Option<String>, Option<String>)>;

thread_local! {
    static PRESET: RefCell<Option<Preset>> = const { RefCell::new(None) };
}

/// Reads `config.json` (network first, cached by the service worker). An
/// invalid or missing preset is ignored: the app then sends nothing. Returns
/// the region settings for `crate::regions` (`None` when it was not readable).
pub async fn load_preset() -> RegionConfig {
    let text = crate::sync::fetch_text("/config.json").await?;
    let config = serde_json::from_str::<DeploymentConfig>(&text).ok();
    let regions = config
        .as_ref()
        .map(|c| (c.region.clone(), c.region_pack.clone()));
    let preset = config
        .and_then(|c| c.referral_endpoint.map(|p| (p, c.seal)))
        .and_then(|(p, top_seal)| {
            let url = outbox::validate_endpoint_url(&p.url).ok()?;
            Some(Preset {
                url,
                label: p.label.filter(|l| !l.trim().is_empty()),
                seal: p.seal.or(top_seal),
            })
        });
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
    match user_settings() {
        Some(user) if user.url.trim().is_empty() => None,
        Some(user) => outbox::validate_endpoint_url(&user.url)
            .ok()
            .map(|url| EndpointConfig { url, ..user }),
        None => preset().map(|p| EndpointConfig {
            url: p.url,
            token: None,
            label: p.label,
        }),
    }
}

/// The name to show for the endpoint: its label, else its host.
pub fn display_name(config: &EndpointConfig) -> String {
    match config.label.as_deref().map(str::trim) {
        Some(label) if !label.is_empty() => label.to_string(),
        _ => config
            .url
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or(rest).to_string())
            .unwrap_or_else(|| config.url.clone()),
    }
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
