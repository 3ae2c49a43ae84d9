//! The chosen language as reactive state, remembered on this device.

use leptos::prelude::*;
use zicht_core::i18n::{t, tf, K};
use zicht_core::Lang;

use crate::platform;

/// The app's language; read it with [`use_i18n`].
#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    pub fn lang(self) -> Lang {
        self.lang.get()
    }

    pub fn set(self, lang: Lang) {
        self.lang.set(lang);
        platform::store_lang(lang);
        platform::set_document_lang(lang.code());
    }

    /// The UI text for `key`, tracked, so views update when the language changes.
    pub fn t(self, key: K) -> &'static str {
        t(self.lang.get(), key)
    }

    /// The UI text for `key` as a view child or attribute: `{i.text(key)}` in
    /// place of `{move || i.t(key)}`. Tracked like [`I18n::t`].
    pub fn text(self, key: K) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || self.t(key)
    }

    pub fn tf(self, key: K, args: &[(&str, &str)]) -> String {
        tf(self.lang.get(), key, args)
    }
}

pub fn provide_i18n() -> I18n {
    let lang = platform::stored_lang().unwrap_or_default();
    platform::set_document_lang(lang.code());
    let i18n = I18n {
        lang: RwSignal::new(lang),
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
