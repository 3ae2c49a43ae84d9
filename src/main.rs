//! Zicht, the browser app: a thin Leptos layer over `zicht-core`.

mod app;
mod i18n;
mod pages;
mod platform;
mod practice;
mod regions;
mod screens;
mod shell;
mod storage;
mod sync;
mod sync_seal;
mod sync_seal_view;
mod sync_settings;
mod sync_view;
mod ui;

use wasm_bindgen::JsCast;

fn main() {
    console_error_panic_hook::set_once();
    // Into `<div id="app">`, beside the page the build prerendered there;
    // `boot.js` removes that page once the app is in (the take-over).
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match root {
        Some(root) => leptos::mount::mount_to(root, app::App).forget(),
        None => leptos::mount::mount_to_body(app::App),
    }
}
