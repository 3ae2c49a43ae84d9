//! Zicht, the browser app: a thin Leptos layer over `zicht-core`.

mod app;
mod i18n;
mod pages;
mod platform;
mod practice;
mod screens;
mod shell;
mod storage;
mod sync;
mod sync_seal;
mod sync_settings;
mod sync_view;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
