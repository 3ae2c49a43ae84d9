//! One tab at a time drives the outbox: the Web Lock `zicht-outbox`, or,
//! where that API is missing, a localStorage lease whose rules are
//! `zicht_core::outbox_lease`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_storage::{LocalStorage, Storage};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use zicht_core::outbox_lease::{self, Lease};

use super::now_ms;

/// Name of the Web Lock that guards the outbox across tabs.
const LOCK_NAME: &str = zicht_core::local_keys::OUTBOX_LOCK;
/// localStorage lease, where Web Locks are missing.
const LEASE_KEY: &str = zicht_core::local_keys::OUTBOX_LEASE;

thread_local! {
    static LEASE_MODE: Cell<bool> = const { Cell::new(false) };
    static TAB_ID: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Names this tab for the lease (once, when the driver starts).
pub(super) fn set_tab_id(id: String) {
    TAB_ID.with(|t| *t.borrow_mut() = id);
}

/// Runs `f` while holding the outbox across tabs. False when another tab
/// holds the localStorage lease (then `f` did not run).
pub(super) async fn with_outbox_lock<F, Fut>(f: F) -> bool
where
    F: FnOnce() -> Fut + 'static,
    Fut: std::future::Future<Output = ()> + 'static,
{
    if let Some((locks, request)) = web_locks() {
        LEASE_MODE.with(|l| l.set(false));
        let f = Rc::new(RefCell::new(Some(f)));
        let run = f.clone();
        let callback = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
            let job = run.borrow_mut().take();
            wasm_bindgen_futures::future_to_promise(async move {
                if let Some(job) = job {
                    job().await;
                }
                Ok(JsValue::UNDEFINED)
            })
            .into()
        });
        if let Ok(promise) = request.call2(&locks, &JsValue::from_str(LOCK_NAME), &callback) {
            if let Ok(promise) = promise.dyn_into::<Promise>() {
                let _ = JsFuture::from(promise).await;
                return true;
            }
        }
        // The API refused the call: fall through to the lease if `f` is unused.
        let Some(f) = f.borrow_mut().take() else {
            return true;
        };
        return with_lease(f).await;
    }
    with_lease(f).await
}

fn web_locks() -> Option<(JsValue, Function)> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks"))
        .ok()
        .filter(|v| v.is_object())?;
    let request = Reflect::get(&locks, &JsValue::from_str("request"))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    Some((locks, request))
}

fn tab_id() -> String {
    TAB_ID.with(|t| t.borrow().clone())
}

async fn with_lease<F, Fut>(f: F) -> bool
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    LEASE_MODE.with(|l| l.set(true));
    if !take_lease() {
        return false;
    }
    // localStorage has no compare-and-set: write, let other tabs write,
    // read back; the last writer wins and the others back off.
    sleep_ms(50).await;
    if !owns_lease() {
        return false;
    }
    f().await;
    if owns_lease() {
        LocalStorage::delete(LEASE_KEY);
    }
    true
}

/// The stored lease; unreadable counts as none.
fn stored_lease() -> Option<Lease> {
    LocalStorage::get::<Lease>(LEASE_KEY).ok()
}

fn take_lease() -> bool {
    let now = now_ms();
    let me = tab_id();
    outbox_lease::may_take(stored_lease().as_ref(), &me, now)
        && LocalStorage::set(LEASE_KEY, Lease::taken_by(&me, now)).is_ok()
}

fn owns_lease() -> bool {
    outbox_lease::holds(stored_lease().as_ref(), &tab_id())
}

/// Before each request in lease mode: still ours, and extended past the
/// request's timeout. Always true with Web Locks.
pub(super) fn renew_lease() -> bool {
    if !LEASE_MODE.with(Cell::get) {
        return true;
    }
    owns_lease() && take_lease()
}

pub(super) fn lease_remaining_ms() -> u64 {
    outbox_lease::remaining_ms(stored_lease().as_ref(), now_ms())
}

async fn sleep_ms(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
