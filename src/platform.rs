//! Browser glue: storage of small settings, online state, service-worker
//! update flags, performance marks. Kept apart so pages stay declarative.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::{JsCast, JsValue};
use zicht_core::Lang;

const LANG_KEY: &str = zicht_core::local_keys::LANG;

pub fn stored_lang() -> Option<Lang> {
    LocalStorage::get::<String>(LANG_KEY)
        .ok()
        .and_then(|code| Lang::from_code(&code))
}

pub fn store_lang(lang: Lang) {
    // Private mode may refuse storage; the choice then lasts for this visit only.
    let _ = LocalStorage::set(LANG_KEY, lang.code());
}

pub fn set_document_lang(code: &str) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", code);
    }
}

pub fn set_title(title: &str) {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(title);
    }
}

pub fn is_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

/// `performance.mark("app:ready")` once the first screen is mounted (Home
/// is in the main module; other screens arrive with their chunk); the
/// benchmark measures load time up to this mark. Later screens leave it be.
/// True only for the call that set it.
pub fn mark_ready() -> bool {
    let Some(perf) = web_sys::window().and_then(|w| w.performance()) else {
        return false;
    };
    perf.get_entries_by_name("app:ready").length() == 0 && perf.mark("app:ready").is_ok()
}

/// Marks the start of a step that [`measure`] later closes, so a benchmark can
/// read how long it took in the page itself, under its CPU throttling.
pub fn mark_start(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(&format!("{name}:start"));
    }
}

/// `performance.measure(name)` from the [`mark_start`] of `name` to now.
pub fn measure(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.measure_with_start_mark(name, &format!("{name}:start"));
    }
}

fn global(name: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// Set by `boot.js` when a new version waits for the user's consent.
pub fn update_waiting() -> bool {
    global("zichtUpdateWaiting").is_some_and(|v| v.is_truthy())
}

/// Activates the waiting version; `boot.js` reloads when it has taken over.
pub fn apply_update() {
    if let Some(apply) =
        global("zichtApplyUpdate").and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    {
        let _ = apply.call0(&JsValue::NULL);
    }
}

/// Sets (`Some(value)`) or removes (`None`) an attribute on `<html>`, which
/// the styles key on (practice mode, presenter view).
pub fn set_root_attribute(name: &str, value: Option<&str>) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = match value {
            Some(value) => root.set_attribute(name, value),
            None => root.remove_attribute(name),
        };
    }
}

/// Loads the page again (after a screen's code could not be fetched).
pub fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// The deployed build's version from `build.json`, read by `boot.js`.
pub fn build_version() -> Option<String> {
    global("zichtBuildVersion").and_then(|v| v.as_string())
}

const ROLE_KEY: &str = zicht_core::local_keys::ROLE;

/// The meldroute role chosen on this device, if any.
pub fn stored_role() -> Option<String> {
    LocalStorage::get::<String>(ROLE_KEY).ok()
}

pub fn store_role(role: &str) {
    let _ = LocalStorage::set(ROLE_KEY, role);
}

/// Goes back when there is somewhere to go back to within the app (so a
/// restored search keeps its query); a page opened from a shared link goes to
/// `fallback` instead of leaving the app.
pub fn history_back_or(fallback: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let has_previous = window
        .history()
        .ok()
        .and_then(|h| h.length().ok())
        .unwrap_or(0)
        > 1;
    if has_previous {
        history_back();
    } else {
        let _ = window.location().set_href(fallback);
    }
}

pub fn history_back() {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.back();
    }
}

/// Copies `text` to the clipboard; false when the browser refuses.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

const WALK_KEY: &str = zicht_core::local_keys::WALK;

/// Remembers how far the user got in the meldroute, so the next observation
/// can record it.
pub fn store_walk(role: &str, path: &[String]) {
    let _ = LocalStorage::set(WALK_KEY, (role, path));
}

pub fn stored_walk() -> Option<(String, Vec<String>)> {
    LocalStorage::get::<(String, Vec<String>)>(WALK_KEY).ok()
}

/// Once an observation has recorded the walk, the next one starts without it.
pub fn forget_walk() {
    LocalStorage::delete(WALK_KEY);
}

/// Fills `bytes` from the browser's cryptographic generator (observation ids).
pub fn random_bytes(bytes: &mut [u8]) {
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(bytes).ok())
        .is_some();
    if !filled {
        // Without crypto (not in any browser Zicht supports) fall back to
        // Math.random so saving still works; ids stay unique in practice.
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
}

/// Today on the device's clock, `YYYY-MM-DD` in local time.
pub fn local_date() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    )
}

pub fn local_hour() -> u8 {
    js_sys::Date::new_0().get_hours() as u8
}

/// Now as RFC 3339 UTC with milliseconds (`toISOString`).
pub fn now_rfc3339() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

/// The browser's own confirmation dialog: keyboard and screen-reader ready.
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// An RFC 3339 time as the user reads it: local date and time in their language.
pub fn local_date_time(rfc3339: &str, lang: Lang) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if date.get_time().is_nan() {
        return rfc3339.to_string();
    }
    let locale = match lang {
        Lang::Nl => "nl-NL",
        Lang::En => "en-GB",
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    date.to_locale_string(locale, &options)
        .as_string()
        .unwrap_or_else(|| rfc3339.to_string())
}

/// Keeps a draft synchronously while the page is being hidden or torn down.
pub fn stash_draft(key: &str, draft: &zicht_core::observation::Draft) {
    let _ = LocalStorage::set(key, draft);
}

pub fn stashed_draft(key: &str) -> Option<zicht_core::observation::Draft> {
    LocalStorage::get(key).ok()
}

pub fn drop_stashed_draft(key: &str) {
    LocalStorage::delete(key);
}
