//! The settings block about sealing: who can read what is sent, and while a key
//! pauses sending, its fingerprint(s) and the confirmation. Only the screens
//! behind split points show it, so its texts stay out of the first load.

use leptos::prelude::*;
use zicht_core::i18n::K;
use zicht_core::key_trust::{KeyPause, KeySource, Readability, SealKey, SendMode};
use zicht_core::outbox::EndpointConfig;

use crate::i18n::use_i18n;
use crate::sync::{self, use_sync};
use crate::sync_seal::{mode_for, save_trust, trust_for};
use crate::sync_settings;

/// The user confirmed `key`'s fingerprint; sending resumes at once.
fn confirm(config: &EndpointConfig, key: &SealKey) -> bool {
    let mut trust = trust_for(config);
    if !trust.confirm(key) || !save_trust(&trust) {
        return false;
    }
    sync::send_now();
    true
}

/// "Versleuteld voor …" / "Niet versleuteld", and while the key pauses sending, the
/// fingerprint(s) and the confirmation. Follows the driver (`revision`).
#[component]
pub fn SealStatus(config: EndpointConfig) -> impl IntoView {
    let i = use_i18n();
    let ui = use_sync();
    let name = sync_settings::display_name(&config);
    let confirmed_now = RwSignal::new(false);
    move || {
        ui.revision.track();
        let mode = mode_for(&config);
        let readability = Readability::of(&mode);
        let lang = i.lang();
        let line = readability.text(&name).get(lang).to_string();
        let class = match readability {
            Readability::Sealed { .. } => "notice notice-ok",
            Readability::Plain => "notice notice-warning",
            Readability::Unknown => "notice",
            Readability::Paused(_) => "notice notice-error",
        };
        let pinned = matches!(
            mode,
            SendMode::Sealed {
                source: KeySource::Pinned,
                ..
            }
        )
        .then(|| view! { <p class="hint" data-testid="seal-pinned">{i.t(K::SealPinned)}</p> });
        let fingerprints = match &mode {
            SendMode::Paused(pause) => fingerprints(i, &name, pause),
            _ => None,
        };
        let confirm_block = match &mode {
            SendMode::Paused(pause) => pause.confirmable().cloned().map(|key| {
                let config = config.clone();
                let hint = i.tf(K::SealConfirmHint, &[("name", &name)]);
                view! {
                    <p class="hint">{hint}</p>
                    <p>
                        <button type="button" class="button button-primary" data-testid="seal-confirm"
                            on:click=move |_| { if confirm(&config, &key) { confirmed_now.set(true); } }>
                            {i.t(K::SealConfirm)}
                        </button>
                    </p>
                }
            }),
            _ => None,
        };
        let done = (confirmed_now.get() && matches!(mode, SendMode::Sealed { .. })).then(|| {
            view! { <p class="notice notice-ok" role="status" data-testid="seal-confirmed">{i.tf(K::SealConfirmed, &[("name", &name)])}</p> }
        });
        view! {
            <div class="seal-status" data-testid="seal-status" data-readability=readability.name()>
                <h3>{i.t(K::SealTitle)}</h3>
                <p class=class data-testid="seal-readability">{line}</p>
                {pinned}
                {fingerprints}
                {confirm_block}
                {done}
            </div>
        }
    }
}

/// Both fingerprints for a changed or mismatching key, one for a first key.
fn fingerprints(i: crate::i18n::I18n, name: &str, pause: &KeyPause) -> Option<AnyView> {
    let (old, new) = match pause {
        KeyPause::FirstKey { announced } => (None, announced),
        KeyPause::Changed {
            confirmed,
            announced,
        } => (Some(confirmed), announced),
        KeyPause::PinMismatch { pinned, announced } => (Some(pinned), announced),
        _ => return None,
    };
    let old = old.map(|k| {
        view! {
            <dt>{i.t(K::SealFingerprintOld)}</dt>
            <dd class="mono fingerprint" data-testid="seal-fingerprint-old">{k.fingerprint()}</dd>
        }
    });
    let new_label = if matches!(pause, KeyPause::FirstKey { .. }) {
        i.tf(K::SealFingerprintOffered, &[("name", name)])
    } else {
        i.t(K::SealFingerprintNew).to_string()
    };
    Some(
        view! {
            <dl class="facts facts-wide">
                {old}
                <dt>{new_label}</dt>
                <dd class="mono fingerprint" data-testid="seal-fingerprint-new">{new.fingerprint()}</dd>
            </dl>
        }
        .into_any(),
    )
}
