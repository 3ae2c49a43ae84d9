//! Every UI text in `content/i18n/` is used somewhere: a text nobody shows is
//! either dead or a screen that forgot to show it.

use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_sources(dir: &Path, out: &mut String) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push_str(&fs::read_to_string(&path).unwrap_or_default());
        }
    }
}

/// `obs_age_12_15` → `ObsAge1215`, as build.rs names the variants.
fn variant(key: &str) -> String {
    key.split('_')
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect()
}

#[test]
fn every_i18n_key_is_used() {
    let root = repo();
    let mut code = String::new();
    rust_sources(&root.join("src"), &mut code);
    rust_sources(&root.join("crates"), &mut code);
    let mut unused = Vec::new();
    let mut files: Vec<_> = fs::read_dir(root.join("content/i18n"))
        .expect("content/i18n exists")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut total = 0;
    for file in files {
        let text = fs::read_to_string(&file).expect("readable i18n file");
        for line in text.lines() {
            let Some((key, _)) = line.split_once(" = ") else {
                continue;
            };
            if key.starts_with('#') || key.contains(' ') {
                continue;
            }
            total += 1;
            let name = format!("K::{}", variant(key));
            let used = code.match_indices(&name).any(|(at, _)| {
                !code[at + name.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric())
            });
            if !used {
                unused.push(format!("{}: {key}", file.display()));
            }
        }
    }
    assert!(total > 300, "read {total} keys");
    assert!(unused.is_empty(), "unused UI texts:\n{}", unused.join("\n"));
}

/// Files whose code is in the app's main WebAssembly module: the first load.
/// Everything else runs only behind a split point (`src/screens.rs`,
/// `sync::start_driver`), which loads all texts first.
const FIRST_LOAD_FILES: &[&str] = &[
    "src/main.rs",
    "src/app.rs",
    "src/shell.rs",
    "src/i18n.rs",
    "src/platform.rs",
    "src/practice.rs",
    "src/screens.rs",
    "src/pages/mod.rs",
    "src/pages/home.rs",
    "src/pages/not_found.rs",
    "crates/zicht-core/src/paths.rs",
];

/// The first load carries only `shell.toml`'s texts (crates/zicht-core/src/i18n.rs):
/// a text of another file used there would show empty.
#[test]
fn the_first_load_uses_only_shell_texts() {
    let root = repo();
    let shell = fs::read_to_string(root.join("content/i18n/shell.toml")).expect("shell.toml");
    let shell_keys: Vec<String> = shell
        .lines()
        .filter_map(|line| line.split_once(" = ").map(|(key, _)| key))
        .filter(|key| !key.starts_with('#') && !key.contains(' '))
        .map(|key| format!("K::{}", variant(key)))
        .collect();
    let mut outside = Vec::new();
    for file in FIRST_LOAD_FILES {
        let code = fs::read_to_string(root.join(file)).expect("first-load file exists");
        for (at, _) in code.match_indices("K::") {
            let name: String = code[at..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == ':' || *c == '_')
                .collect();
            if !shell_keys.contains(&name) {
                outside.push(format!("{file}: {name}"));
            }
        }
    }
    assert!(
        shell_keys.len() > 50,
        "read {} shell keys",
        shell_keys.len()
    );
    assert!(
        outside.is_empty(),
        "texts outside content/i18n/shell.toml in the first load:\n{}",
        outside.join("\n")
    );
}
