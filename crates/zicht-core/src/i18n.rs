//! UI texts in Dutch and English, from `content/i18n/*.toml`.

use crate::Lang;

include!(concat!(env!("OUT_DIR"), "/i18n_gen.rs"));

/// The texts beyond the shell's, once [`load_all_texts`] ran.
static MORE: std::sync::OnceLock<[&[&str]; 2]> = std::sync::OnceLock::new();

/// Makes every text available, not only the shell's.
///
/// Why a call and not just a table: in the browser app the first load carries
/// only the shell's texts. Only code in lazily loaded chunks calls this, so
/// the build moves the other texts out of the main module, into the chunk
/// loaded with the first screen that needs them.
pub fn load_all_texts() {
    MORE.get_or_init(|| [MORE_NL, MORE_EN]);
}

/// The text for `key` in `lang`; empty for a text outside the shell before
/// [`load_all_texts`] ran (which the app's tests rule out).
pub fn t(lang: Lang, key: K) -> &'static str {
    let index = key as usize;
    let column = match lang {
        Lang::Nl => 0,
        Lang::En => 1,
    };
    if index < SHELL_LEN {
        return [SHELL_NL, SHELL_EN][column][index];
    }
    // Native code (tests, tools) has no chunks: everything is at hand.
    #[cfg(not(target_family = "wasm"))]
    load_all_texts();
    MORE.get()
        .and_then(|tables| tables[column].get(index - SHELL_LEN))
        .copied()
        .unwrap_or_default()
}

/// The text for `key` with `{name}` placeholders filled in.
pub fn tf(lang: Lang, key: K, args: &[(&str, &str)]) -> String {
    fill(t(lang, key), args)
}

fn fill(template: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(template.to_string(), |s, (name, value)| {
        s.replace(&format!("{{{name}}}"), value)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages_and_matching_placeholders() {
        for &key in K::ALL {
            let (nl, en) = (t(Lang::Nl, key), t(Lang::En, key));
            assert!(
                !nl.trim().is_empty() && !en.trim().is_empty(),
                "{}",
                key.key()
            );
            assert_eq!(
                placeholders(nl),
                placeholders(en),
                "placeholders differ in {}",
                key.key()
            );
        }
    }

    fn placeholders(s: &str) -> Vec<&str> {
        let mut found: Vec<&str> = s
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn fill_replaces_every_named_placeholder() {
        assert_eq!(
            fill(
                "{n} van {total} wachten, {n}",
                &[("n", "3"), ("total", "7")]
            ),
            "3 van 7 wachten, 3"
        );
        assert_eq!(fill("geen", &[("n", "1")]), "geen");
    }
}
