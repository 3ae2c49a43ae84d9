//! Moving focus after a render (a new step, an error list).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focus the element with `id` once the next frame has rendered it.
pub fn focus_id(id: &'static str) {
    request_animation_frame(move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// Scroll the first element matching `selector` into view and focus it, once the
/// next frame has rendered it. Into view first: the sticky save button must not cover it.
pub fn focus_selector(selector: &str) {
    let selector = selector.to_string();
    request_animation_frame(move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            el.scroll_into_view_with_bool(true);
            let _ = el.focus();
        }
    });
}
