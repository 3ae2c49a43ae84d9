//! Zicht's domain: everything that can be decided without a browser.
//!
//! The Leptos app (`src/` at the repository root) renders what this crate
//! computes; keep browser types (web-sys, rexie, leptos) out of here so that all
//! of it tests natively with `cargo test`.

pub mod amsterdam;
pub mod availability;
pub mod calendar;
pub mod content;
pub mod draft;
pub mod endpoint_settings;
pub mod i18n;
pub mod key_trust;
pub mod local_keys;
pub mod observation;
pub mod outbox;
pub mod outbox_lease;
pub mod paths;
pub mod presenter;
pub mod privacy;
pub mod receiver;
pub mod regions;
pub mod seal;
pub mod search;
pub mod sending_status;
pub mod store;
pub mod training;

pub use content::{Catalog, Lang, Source, Text};

use std::sync::OnceLock;

/// Version of the bundled content; changes whenever any content file changes.
/// Observations store it so their signal ids can be resolved later.
pub const CONTENT_VERSION: &str = include_str!(concat!(env!("OUT_DIR"), "/content_version.txt"));

const CATALOG_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/catalog.json"));

/// The bundled content, validated at build time.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        // build.rs wrote this JSON from these very types after validating it, so a
        // failure here is a build defect, which the test below catches.
        serde_json::from_str(CATALOG_JSON).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_round_trips_and_is_valid() {
        let parsed: Result<Catalog, _> = serde_json::from_str(CATALOG_JSON);
        let parsed = parsed.expect("embedded catalog parses");
        assert_eq!(parsed.validate(), vec![]);
        assert_eq!(&parsed, catalog());
    }

    #[test]
    fn content_version_is_a_short_hex_hash() {
        assert_eq!(CONTENT_VERSION.len(), 12);
        assert!(CONTENT_VERSION.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}
