//! The region whose contacts the app shows: the user's choice (localStorage
//! through gloo-storage), the deployment's preset and served pack from
//! `config.json`, and that served pack cached for offline use.
//!
//! What to choose and whether a served pack is fit to use is decided in
//! `zicht_core::regions` (natively tested); this module keeps the state and
//! tells the screens when it changed (one signal, read by [`selection`]).

use std::cell::{Cell, RefCell};

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use zicht_core::content::contacts::RegionPack;
use zicht_core::regions::{self, CachedPack, RefusalRecord, Selection, Update as PackUpdate};

/// The user's choice: a pack id.
pub const CHOICE_KEY: &str = zicht_core::local_keys::REGION;
/// The last good served pack ([`CachedPack`]), for offline use.
pub const CACHE_KEY: &str = zicht_core::local_keys::REGION_PACK;
/// Why the last served pack was refused ([`RefusalRecord`]).
pub const REFUSAL_KEY: &str = zicht_core::local_keys::REGION_REFUSED;

thread_local! {
    /// The served pack in use, leaked once per new pack (a handful per device).
    static SERVED: RefCell<Option<(&'static RegionPack, CachedPack)>> = const { RefCell::new(None) };
    static CACHE_READ: Cell<bool> = const { Cell::new(false) };
    /// `config.json`'s `region`: the pack a deployment presets.
    static PRESET: RefCell<Option<String>> = const { RefCell::new(None) };
    static CHANGED: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

fn changed() {
    CHANGED.with(|s| s.update(|n| *n = n.wrapping_add(1)));
}

/// Reads the cached served pack once, checking it again with this app's
/// validator (an update may have brought stricter rules).
fn read_cache() {
    if CACHE_READ.with(|r| r.replace(true)) {
        return;
    }
    let Ok(cached) = LocalStorage::get::<CachedPack>(CACHE_KEY) else {
        return;
    };
    if let Some(pack) = regions::cached_pack(&cached, zicht_core::catalog()) {
        let pack: &'static RegionPack = Box::leak(Box::new(pack));
        SERVED.with(|s| *s.borrow_mut() = Some((pack, cached)));
    }
}

fn served() -> Option<&'static RegionPack> {
    read_cache();
    SERVED.with(|s| s.borrow().as_ref().map(|(p, _)| *p))
}

/// The packs to choose from.
pub fn options() -> Vec<&'static RegionPack> {
    CHANGED.with(|s| s.track());
    regions::options(&zicht_core::catalog().regions, served())
}

/// The pack in use and how it was chosen; reactive.
pub fn selection() -> Option<Selection<'static>> {
    let options = options();
    let stored = LocalStorage::get::<String>(CHOICE_KEY).ok();
    let preset = PRESET.with(|p| p.borrow().clone());
    regions::select(
        &options,
        stored.as_deref(),
        preset.as_deref(),
        served().map(|p| p.id.as_str()),
    )
}

/// The pack in use; reactive.
pub fn current() -> Option<&'static RegionPack> {
    selection().map(|s| s.pack)
}

/// Whether `pack` is the served one (and then where from and when).
pub fn served_origin(pack: &RegionPack) -> Option<(String, String)> {
    SERVED.with(|s| {
        s.borrow()
            .as_ref()
            .filter(|(p, _)| std::ptr::eq(*p, pack))
            .map(|(_, c)| (c.url.clone(), c.fetched_on.clone()))
    })
}

/// Remembers the user's choice; false when the browser refuses to store it.
pub fn choose(id: &str) -> bool {
    let saved = LocalStorage::set(CHOICE_KEY, id).is_ok();
    changed();
    saved
}

/// The last refusal of a served pack, if it still stands; reactive.
pub fn refusal() -> Option<RefusalRecord> {
    CHANGED.with(|s| s.track());
    LocalStorage::get::<RefusalRecord>(REFUSAL_KEY).ok()
}

/// `config.json`'s region settings, once it was read (`None`: not reachable,
/// then everything cached stays). Fetches the served pack and keeps it, or
/// keeps the last good one and records why the new one was refused.
pub async fn deployment(config: Option<(Option<String>, Option<String>)>) {
    let Some((preset, pack_url)) = config else {
        return;
    };
    PRESET.with(|p| *p.borrow_mut() = preset);
    read_cache();
    let Some(url) = pack_url.filter(|u| acceptable_url(u)) else {
        // The deployment serves no pack (any more): drop the cached one.
        if SERVED.with(|s| s.borrow_mut().take()).is_some() {
            LocalStorage::delete(CACHE_KEY);
        }
        LocalStorage::delete(REFUSAL_KEY);
        changed();
        return;
    };
    let fetched = crate::sync::fetch_with_status(&url).await;
    let was_fetched = fetched.is_ok();
    let cached = SERVED.with(|s| s.borrow().as_ref().map(|(_, c)| c.clone()));
    let update = regions::on_fetched(
        cached.as_ref(),
        &url,
        fetched,
        &crate::platform::local_date(),
        zicht_core::catalog(),
    );
    match update {
        PackUpdate::Use(pack, cached) => {
            let pack: &'static RegionPack = Box::leak(pack);
            // If the browser will not store it, it is still used until reload.
            let _ = LocalStorage::set(CACHE_KEY, &cached);
            LocalStorage::delete(REFUSAL_KEY);
            SERVED.with(|s| *s.borrow_mut() = Some((pack, cached)));
        }
        PackUpdate::Unchanged => {
            if was_fetched {
                LocalStorage::delete(REFUSAL_KEY);
            }
        }
        PackUpdate::Keep(record) => {
            let _ = LocalStorage::set(REFUSAL_KEY, &record);
        }
    }
    changed();
}

/// Same origin (a path) or https; anything else the CSP would refuse anyway.
fn acceptable_url(url: &str) -> bool {
    (url.starts_with('/') && !url.starts_with("//")) || url.starts_with("https://")
}
