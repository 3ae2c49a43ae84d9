//! The network: fetch with the protocol's rules, same-origin text files,
//! and "Verbinding testen".

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use zicht_core::outbox::{
    self, ConnectionReport, EndpointConfig, HttpRequest, TransportFailure, REQUEST_TIMEOUT_MS,
};
use zicht_core::Text;

use super::bump;
use crate::sync_seal;
use crate::sync_settings;

/// An HTTP answer: status, body text, `Retry-After`.
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub retry_after: Option<String>,
}

/// Performs a request with fetch, aborted after [`REQUEST_TIMEOUT_MS`]. No
/// cookies, no cache, no redirects followed (a redirect is not a protocol
/// answer and is retried by the domain's rules).
pub async fn http(req: &HttpRequest) -> Result<Answer, TransportFailure> {
    let window = web_sys::window().ok_or(TransportFailure::Network)?;
    let controller = web_sys::AbortController::new().map_err(|_| TransportFailure::Network)?;
    let init = web_sys::RequestInit::new();
    init.set_method(req.method);
    init.set_mode(web_sys::RequestMode::Cors);
    init.set_cache(web_sys::RequestCache::NoStore);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    init.set_redirect(web_sys::RequestRedirect::Manual);
    init.set_signal(Some(&controller.signal()));
    let headers = web_sys::Headers::new().map_err(|_| TransportFailure::Network)?;
    for (name, value) in &req.headers {
        headers
            .set(name, value)
            .map_err(|_| TransportFailure::Network)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &req.body {
        init.set_body(&JsValue::from_str(body));
    }
    let request = web_sys::Request::new_with_str_and_init(&req.url, &init)
        .map_err(|_| TransportFailure::Network)?;
    let abort = controller.clone();
    let on_timeout = Closure::once_into_js(move || abort.abort());
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.unchecked_ref(),
            REQUEST_TIMEOUT_MS as i32,
        )
        .ok();
    let failure = |controller: &web_sys::AbortController| {
        if controller.signal().aborted() {
            TransportFailure::Timeout
        } else {
            TransportFailure::Network
        }
    };
    let result = async {
        let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
            .await
            .map_err(|_| failure(&controller))?
            .dyn_into()
            .map_err(|_| TransportFailure::Network)?;
        let status = response.status();
        let retry_after = response.headers().get("retry-after").ok().flatten();
        let text = response.text().map_err(|_| failure(&controller))?;
        let body = JsFuture::from(text)
            .await
            .map_err(|_| failure(&controller))?
            .as_string()
            .unwrap_or_default();
        Ok(Answer {
            status,
            body,
            retry_after,
        })
    }
    .await;
    if let Some(timer) = timer {
        window.clear_timeout_with_handle(timer);
    }
    result
}

/// A same-origin text file (for `config.json`); `None` on any failure.
pub async fn fetch_text(path: &str) -> Option<String> {
    let window = web_sys::window()?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(path))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}

/// A text file (the served region pack), bypassing the HTTP cache: its body,
/// or the HTTP status (0 when there was no answer, e.g. offline).
pub async fn fetch_with_status(url: &str) -> Result<String, u16> {
    let window = web_sys::window().ok_or(0u16)?;
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoStore);
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| 0u16)?
        .dyn_into()
        .map_err(|_| 0u16)?;
    if !response.ok() {
        return Err(response.status());
    }
    JsFuture::from(response.text().map_err(|_| 0u16)?)
        .await
        .map_err(|_| 0u16)?
        .as_string()
        .ok_or(0)
}

/// "Verbinding testen": `GET {url}/v1/health` with the given settings.
/// With the token, so a refused token shows here and not on the first
/// send; the report says what was checked.
pub async fn test_connection(config: &EndpointConfig) -> Result<ConnectionReport, Text> {
    let request = outbox::build_health_request(config).map_err(|e| e.text())?;
    let token_set = config
        .token
        .as_deref()
        .is_some_and(|t| !t.trim().is_empty());
    let name = sync_settings::display_name(config);
    Ok(match http(&request).await {
        Ok(answer) => {
            if answer.status == 200 {
                // "Verbinding testen" is where the first key is shown and confirmed.
                sync_seal::record_health(config, &answer.body);
                bump();
            }
            outbox::connection_report(Ok((answer.status, &answer.body)), token_set, &name)
        }
        Err(failure) => outbox::connection_report(Err(failure), token_set, &name),
    })
}
