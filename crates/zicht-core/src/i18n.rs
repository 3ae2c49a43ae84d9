//! UI texts in Dutch and English, from `content/i18n/*.toml`.

use crate::Lang;

include!(concat!(env!("OUT_DIR"), "/i18n_gen.rs"));

/// The text for `key` in `lang`.
pub fn t(lang: Lang, key: K) -> &'static str {
    match lang {
        Lang::Nl => NL[key as usize],
        Lang::En => EN[key as usize],
    }
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
