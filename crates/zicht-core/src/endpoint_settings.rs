//! Which endpoint the app sends to: the deployment's preset from
//! `config.json`, the user's own settings over it, and the name shown for
//! it. The shell reads `config.json` and localStorage; the rules are here.
//!
//! The user's own settings override the preset; saving an empty address
//! switches sending off even when the deployment presets one.

use serde::{Deserialize, Serialize};

use crate::key_trust::SealKey;
use crate::outbox::{self, EndpointConfig};
use crate::Text;

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

/// What `config.json` says: the region settings (`None` when it is not
/// valid JSON of this shape) and the endpoint preset. An invalid preset
/// address is ignored, so the app then sends nothing.
pub fn parse_deployment(text: &str) -> (RegionConfig, Option<Preset>) {
    let config = serde_json::from_str::<DeploymentConfig>(text).ok();
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
    (regions, preset)
}

/// The endpoint to send to now: the user's settings, else the preset.
pub fn effective(user: Option<EndpointConfig>, preset: Option<&Preset>) -> Option<EndpointConfig> {
    match user {
        Some(user) if user.url.trim().is_empty() => None,
        Some(user) => outbox::validate_endpoint_url(&user.url)
            .ok()
            .map(|url| EndpointConfig { url, ..user }),
        None => preset.map(|p| EndpointConfig {
            url: p.url.clone(),
            token: None,
            label: p.label.clone(),
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

/// What the settings form starts with: address and name as saved on the
/// device, else as the deployment presets them.
pub fn form_start(stored: Option<&EndpointConfig>, preset: Option<&Preset>) -> (String, String) {
    let url = stored
        .map(|c| c.url.clone())
        .or_else(|| preset.map(|p| p.url.clone()))
        .unwrap_or_default();
    let label = stored
        .and_then(|c| c.label.clone())
        .or_else(|| preset.and_then(|p| p.label.clone()))
        .unwrap_or_default();
    (url, label)
}

/// When `config.json` arrives after the form opened: the address and name
/// to fill in, if nothing was saved and the address field is still empty
/// (the name only when its field is empty too; `None` leaves it).
pub fn preset_fill(
    user_saved: bool,
    url: &str,
    label: &str,
    preset: &Preset,
) -> Option<(String, Option<String>)> {
    if user_saved || !url.is_empty() {
        return None;
    }
    let label = label
        .is_empty()
        .then(|| preset.label.clone().unwrap_or_default());
    Some((preset.url.clone(), label))
}

/// The settings as the form holds them, checked: a valid address, the token
/// just typed or else the stored one (a stored token is never put back in a
/// field), the name trimmed (empty: none). The error says what to fix,
/// including a token a header cannot carry.
pub fn form_config(
    url: &str,
    typed_token: &str,
    saved_token: Option<String>,
    label: &str,
) -> Result<EndpointConfig, Text> {
    let url = outbox::validate_endpoint_url(url).map_err(|e| e.text())?;
    let typed = typed_token.trim();
    let token = if typed.is_empty() {
        saved_token
    } else {
        Some(typed.to_string())
    };
    let label = label.trim();
    let config = EndpointConfig {
        url,
        token,
        label: (!label.is_empty()).then(|| label.to_string()),
    };
    outbox::build_health_request(&config).map_err(|e| e.text())?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(url: &str, label: Option<&str>) -> EndpointConfig {
        EndpointConfig {
            url: url.into(),
            token: Some("t".into()),
            label: label.map(Into::into),
        }
    }

    fn preset() -> Preset {
        Preset {
            url: "https://preset.example/api".into(),
            label: Some("Veilig Thuis".into()),
            seal: None,
        }
    }

    #[test]
    fn nothing_set_means_no_endpoint() {
        assert_eq!(effective(None, None), None);
    }

    #[test]
    fn the_preset_applies_without_user_settings_and_without_token() {
        let got = effective(None, Some(&preset())).expect("preset");
        assert_eq!(got.url, "https://preset.example/api");
        assert_eq!(got.token, None);
        assert_eq!(got.label.as_deref(), Some("Veilig Thuis"));
    }

    #[test]
    fn an_empty_user_address_switches_sending_off_despite_a_preset() {
        assert_eq!(effective(Some(config("  ", None)), Some(&preset())), None);
    }

    #[test]
    fn user_settings_win_and_an_invalid_address_sends_nothing() {
        let user = config("https://mine.example", Some("Mijn"));
        let got = effective(Some(user.clone()), Some(&preset())).expect("user");
        assert_eq!(got.token, user.token);
        assert_eq!(got.label, user.label);
        assert_eq!(
            got.url,
            outbox::validate_endpoint_url(&user.url).expect("valid")
        );
        assert_eq!(
            effective(Some(config("not a url", None)), Some(&preset())),
            None
        );
    }

    #[test]
    fn the_display_name_is_the_label_else_the_host() {
        assert_eq!(
            display_name(&config("https://a.example/x", Some(" VT "))),
            "VT"
        );
        assert_eq!(
            display_name(&config("https://a.example:8443/x/y", Some("  "))),
            "a.example:8443"
        );
        assert_eq!(
            display_name(&config("https://a.example", None)),
            "a.example"
        );
        assert_eq!(display_name(&config("no-scheme", None)), "no-scheme");
    }

    #[test]
    fn the_deployment_file_gives_regions_and_a_checked_preset() {
        let (regions, preset) = parse_deployment(
            r#"{"region":"nl-amsterdam","region_pack":"/r.json",
                "referral_endpoint":{"url":"https://vt.example","label":" "}}"#,
        );
        assert_eq!(
            regions,
            Some((Some("nl-amsterdam".into()), Some("/r.json".into())))
        );
        let preset = preset.expect("preset");
        assert_eq!(preset.label, None);
        assert_eq!(
            preset.url,
            outbox::validate_endpoint_url("https://vt.example").expect("valid")
        );
        let (regions, preset) =
            parse_deployment(r#"{"referral_endpoint":{"url":"javascript:alert(1)"}}"#);
        assert_eq!(regions, Some((None, None)));
        assert_eq!(preset, None);
        assert_eq!(parse_deployment("not json"), (None, None));
    }

    #[test]
    fn the_form_starts_from_the_saved_settings_else_the_preset() {
        assert_eq!(form_start(None, None), (String::new(), String::new()));
        assert_eq!(
            form_start(None, Some(&preset())),
            ("https://preset.example/api".into(), "Veilig Thuis".into())
        );
        let mine = config("https://mine.example", None);
        // A saved address without a name still shows the preset's name.
        assert_eq!(
            form_start(Some(&mine), Some(&preset())),
            ("https://mine.example".into(), "Veilig Thuis".into())
        );
    }

    #[test]
    fn the_form_keeps_the_saved_token_unless_a_new_one_is_typed() {
        let kept =
            form_config("https://a.example", "  ", Some("old".into()), " VT ").expect("valid");
        assert_eq!(kept.token.as_deref(), Some("old"));
        assert_eq!(kept.label.as_deref(), Some("VT"));
        let typed =
            form_config("https://a.example", " new ", Some("old".into()), "").expect("valid");
        assert_eq!(typed.token.as_deref(), Some("new"));
        assert_eq!(typed.label, None);
    }

    #[test]
    fn the_form_refuses_a_bad_address_or_token() {
        let bad_url = form_config("ftp://a.example", "", None, "").expect_err("bad url");
        assert_eq!(
            bad_url,
            outbox::validate_endpoint_url("ftp://a.example")
                .expect_err("bad")
                .text()
        );
        assert!(form_config("https://a.example", "a\u{7f}b", None, "").is_err());
    }

    #[test]
    fn a_late_preset_fills_only_an_untouched_form() {
        let p = preset();
        assert_eq!(preset_fill(true, "", "", &p), None);
        assert_eq!(preset_fill(false, "https://typed.example", "", &p), None);
        assert_eq!(
            preset_fill(false, "", "", &p),
            Some((p.url.clone(), Some("Veilig Thuis".into())))
        );
        assert_eq!(
            preset_fill(false, "", "Eigen", &p),
            Some((p.url.clone(), None))
        );
    }
}
