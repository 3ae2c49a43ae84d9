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

/// Every `.rs` file under `dir`, as paths relative to the repository.
fn rust_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
}

/// The module name a file is known by: `src/sync_view.rs` → `sync_view`,
/// `src/pages/observations/form.rs` → `form`, `src/sync/mod.rs` → `sync`.
fn module_name(file: &str) -> &str {
    let file = file.strip_suffix("/mod.rs").unwrap_or(file);
    let file = file.strip_suffix(".rs").unwrap_or(file);
    file.rsplit('/').next().unwrap_or(file)
}

/// Whether `code` names module `name` as a path (`name::`), outside the
/// `mod name;` declarations and `pub use name::…` re-exports that only give
/// it a place in the tree.
fn names_module(code: &str, name: &str) -> bool {
    let needle = format!("{name}::");
    code.lines()
        .filter(|line| {
            let t = line.trim_start();
            !t.starts_with("mod ") && !t.starts_with("pub mod ") && !t.starts_with("pub use ")
        })
        .any(|line| {
            line.match_indices(&needle).any(|(at, _)| {
                !line[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
        })
}

/// Files whose code is in the app's main WebAssembly module: the first load.
/// Derived, not listed: the screens of the one table in `src/screens.rs` sit
/// behind split points (each area loads all texts first), so the page modules
/// that export only such screens are lazy; every other file that a first-load
/// file names (`module::…`, or a page component imported from `crate::pages`)
/// is in the first load, starting from `src/main.rs`. Erring towards more
/// files is safe: it only checks more. `paths.rs` of the core gives the shell
/// its page titles.
fn first_load_files(root: &Path) -> Vec<String> {
    let read = |f: &str| fs::read_to_string(root.join(f)).unwrap_or_default();
    let screens_rs = read("src/screens.rs");
    let table = screens_rs
        .split_once("\nscreens! {")
        .map(|(_, t)| t)
        .expect("the screens! table in src/screens.rs");
    let screens: Vec<&str> = table
        .lines()
        .filter_map(|l| l.trim().split_once(" at ").map(|(name, _)| name))
        .collect();
    assert!(screens.len() >= 10, "read {} screens", screens.len());
    // `pub use observations::{EditObservation, …};` in src/pages/mod.rs.
    let pages_rs = read("src/pages/mod.rs");
    let exports: Vec<(&str, Vec<&str>)> = pages_rs
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub use "))
        .filter_map(|l| l.trim_end_matches(';').split_once("::"))
        .map(|(module, names)| {
            let names = names.trim_matches(|c| c == '{' || c == '}');
            (
                module,
                names
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .collect(),
            )
        })
        .collect();
    let lazy_modules: Vec<&str> = exports
        .iter()
        .filter(|(_, names)| names.iter().all(|n| screens.contains(n)))
        .map(|(m, _)| *m)
        .collect();
    assert!(
        lazy_modules.contains(&"observations"),
        "lazy pages: {lazy_modules:?}"
    );
    let is_lazy = |f: &str| {
        lazy_modules
            .iter()
            .any(|m| f == format!("src/pages/{m}.rs") || f.starts_with(&format!("src/pages/{m}/")))
    };
    let mut all = Vec::new();
    rust_files(root, &root.join("src"), &mut all);
    all.sort();
    let mut first = vec!["src/main.rs".to_string()];
    loop {
        let code: String = first.iter().map(|f| read(f)).collect();
        let added: Vec<String> = all
            .iter()
            .filter(|f| !first.contains(f) && !is_lazy(f))
            .filter(|f| {
                let name = module_name(f);
                names_module(&code, name)
                    || exports.iter().any(|(m, names)| {
                        *m == name && names.iter().any(|n| code.contains(&format!(" {n}")))
                    })
            })
            .cloned()
            .collect();
        if added.is_empty() {
            break;
        }
        first.extend(added);
    }
    first.push("crates/zicht-core/src/paths.rs".to_string());
    first
}

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
    let first_load = first_load_files(&root);
    println!("first-load files: {}", first_load.join(", "));
    for needed in ["src/shell.rs", "src/pages/home.rs", "src/i18n.rs"] {
        assert!(
            first_load.iter().any(|f| f == needed),
            "{needed} not in {first_load:?}"
        );
    }
    for lazy in ["src/pages/settings.rs", "src/pages/observations/form.rs"] {
        assert!(
            !first_load.iter().any(|f| f == lazy),
            "{lazy} in the first load"
        );
    }
    for file in &first_load {
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
