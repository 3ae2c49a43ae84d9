//! The connect form: endpoint, reader token and the key, kept in memory only.

use super::*;

#[component]
pub(super) fn Connect(s: Session) -> impl IntoView {
    let i = use_i18n();
    let url = RwSignal::new(local_get(URL_KEY).unwrap_or_default());
    let token = RwSignal::new(String::new());
    let key_error = RwSignal::new(None::<K>);
    let error = RwSignal::new(None::<zicht_core::Text>);
    let forgotten = RwSignal::new(false);
    let paste: NodeRef<leptos::html::Textarea> = NodeRef::new();
    let file: NodeRef<leptos::html::Input> = NodeRef::new();

    let load_key = move |text: &str| match PrivateKey::from_key_file(text) {
        Ok(key) => {
            let keys = SealKeys::new([key]);
            s.key_ids.set(keys.key_ids());
            s.keys.set_value(keys);
            key_error.set(None);
            forgotten.set(false);
        }
        Err(_) => key_error.set(Some(K::RcvKeyInvalid)),
    };
    let on_paste = move |_| {
        if let Some(area) = paste.get() {
            load_key(&area.value());
            // The key must not stay in the page.
            area.set_value("");
        }
    };
    let on_file = move |_| {
        let Some(input) = file.get() else { return };
        let Some(chosen) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        spawn_local(async move {
            match JsFuture::from(chosen.text())
                .await
                .ok()
                .and_then(|v| v.as_string())
            {
                Some(text) => load_key(&text),
                None => key_error.set(Some(K::RcvKeyUnreadable)),
            }
            input.set_value("");
        });
    };
    let forget = move |_| {
        s.keys.set_value(SealKeys::default());
        s.key_ids.set(Vec::new());
        s.reader.set_value(None);
        s.inbox.set(Inbox::default());
        s.fetched.set(0);
        s.phase.set(Phase::Idle);
        forgotten.set(true);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if s.key_ids.with_untracked(Vec::is_empty) {
            error.set(Some(tx(K::RcvKeyNeeded, &[])));
            return;
        }
        match Reader::new(
            &url.get_untracked(),
            token.get_untracked().trim(),
            paging::DEFAULT_LIMIT,
        ) {
            Err(e) => error.set(Some(e.text())),
            Ok(reader) => {
                error.set(None);
                local_set(URL_KEY, reader.base());
                s.inbox.set(Inbox::default());
                s.fetched.set(0);
                spawn_local(connect(s, reader));
            }
        }
    };
    let mismatch = move || {
        let loaded = s.key_ids.get();
        let announced = s.announced.get()?;
        (!loaded.is_empty() && !loaded.contains(&announced)).then(|| {
            i.tf(
                K::RcvKeyOtherThanAnnounced,
                &[("announced", &announced), ("loaded", &loaded.join(", "))],
            )
        })
    };
    view! {
        <section aria-labelledby="rcv-connect-title" class="rcv-connect">
            <h2 id="rcv-connect-title">{move || i.t(K::RcvConnectTitle)}</h2>
            <form novalidate on:submit=submit>
                <div class="rcv-connect-grid">
                    <div class="field">
                        <label for="rcv-url">{move || i.t(K::RcvUrl)}</label>
                        <p class="hint" id="rcv-url-hint">{move || i.t(K::RcvUrlHint)}</p>
                        <input id="rcv-url" class="input" type="url" inputmode="url" autocomplete="url" spellcheck="false"
                            aria-describedby="rcv-url-hint"
                            prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="rcv-token">{move || i.t(K::RcvToken)}</label>
                        <p class="hint" id="rcv-token-hint">{move || i.t(K::RcvTokenHint)}</p>
                        <input id="rcv-token" class="input" type="password" autocomplete="off" spellcheck="false"
                            aria-describedby="rcv-token-hint"
                            prop:value=move || token.get() on:input=move |ev| token.set(event_target_value(&ev)) />
                    </div>
                </div>
                <fieldset class="field rcv-key">
                    <legend>{move || i.t(K::RcvKeyTitle)}</legend>
                    <p class="notice" data-testid="rcv-key-memory">{move || i.t(K::RcvKeyMemory)}</p>
                    <div class="rcv-connect-grid">
                        <div class="field">
                            <label for="rcv-key-file">{move || i.t(K::RcvKeyFile)}</label>
                            <input id="rcv-key-file" class="input" type="file" node_ref=file on:change=on_file />
                        </div>
                        <div class="field">
                            <label for="rcv-key-paste">{move || i.t(K::RcvKeyPaste)}</label>
                            <textarea id="rcv-key-paste" class="input rcv-key-paste" node_ref=paste autocomplete="off" spellcheck="false"></textarea>
                            <button type="button" class="button button-secondary" on:click=on_paste>{move || i.t(K::RcvKeyLoad)}</button>
                        </div>
                    </div>
                    <div aria-live="polite">
                        {move || s.key_ids.get().first().cloned().map(|id| view! {
                            <p class="notice notice-ok" data-testid="rcv-key-loaded">{move || i.tf(K::RcvKeyLoaded, &[("key_id", &id)])}</p>
                            <button type="button" class="button button-secondary" on:click=forget>{move || i.t(K::RcvKeyForget)}</button>
                        })}
                        {move || forgotten.get().then(|| view! { <p class="notice" data-testid="rcv-key-forgotten">{move || i.t(K::RcvKeyForgotten)}</p> })}
                        {move || key_error.get().map(|k| view! { <p class="notice notice-error" role="alert" data-testid="rcv-key-error">{move || i.t(k)}</p> })}
                        {move || mismatch().map(|m| view! { <p class="notice notice-warning" data-testid="rcv-key-mismatch">{m}</p> })}
                    </div>
                </fieldset>
                {move || error.get().map(|e| view! { <p class="notice notice-error" role="alert" data-testid="rcv-connect-error">{move || e.get(i.lang()).to_string()}</p> })}
                {move || s.phase.with(|p| p.failure().cloned()).map(|e| view! { <p class="notice notice-error" role="alert" data-testid="rcv-connect-error">{move || e.get(i.lang()).to_string()}</p> })}
                <button type="submit" class="button button-primary" data-testid="rcv-connect">{move || i.t(K::RcvConnect)}</button>
            </form>
        </section>
    }
}
