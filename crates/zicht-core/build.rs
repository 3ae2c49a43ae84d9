//! Parses, validates and embeds the content under `content/`.
//!
//! A syntax or type error fails the build with `file:line:column`; a semantic
//! error (duplicate or dangling id, missing source or translation) fails it with
//! the file and the item. Output in `OUT_DIR`: `catalog.json`,
//! `content_version.txt` and `i18n_gen.rs`.

#[path = "src/content/mod.rs"]
#[allow(dead_code)]
mod content;

// `content/contacts.rs` checks dates with it.
#[path = "src/calendar.rs"]
#[allow(dead_code)]
mod calendar;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::exit;

fn main() {
    let manifest = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    // ZICHT_CONTENT_ROOT points at another checkout's root (a folder holding
    // `content/`), e.g. to build against a snapshot or a deliberately broken copy.
    println!("cargo:rerun-if-env-changed=ZICHT_CONTENT_ROOT");
    let repo = std::env::var_os("ZICHT_CONTENT_ROOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../.."));
    let out = PathBuf::from(env("OUT_DIR"));
    println!("cargo:rerun-if-changed={}", repo.join("content").display());
    println!("cargo:rerun-if-changed=src/content");
    println!(
        "cargo:rerun-if-changed={}",
        repo.join(PRIVACY_WORDS).display()
    );

    let mut problems: Vec<String> = Vec::new();
    let signals = parse_or_default(&repo, content::SIGNALS_FILE, &mut problems);
    let meldroute = parse_or_default(&repo, content::MELDROUTE_FILE, &mut problems);
    let training = parse_or_default(&repo, content::TRAINING_FILE, &mut problems);
    let mut regions = Vec::new();
    for path in toml_files(&repo.join(content::REGIONS_DIR)) {
        let rel = format!(
            "{}/{}",
            content::REGIONS_DIR,
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let pack: content::contacts::RegionPack = parse_or_default(&repo, &rel, &mut problems);
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        if pack.id != stem {
            problems.push(format!(
                "{rel}: id {:?} must equal the file name {stem:?}",
                pack.id
            ));
        }
        regions.push(pack);
    }
    fail_if_any(&problems);

    let catalog = content::Catalog {
        signals,
        meldroute,
        regions,
        training,
    };
    let problems: Vec<String> = catalog.validate().iter().map(|e| e.to_string()).collect();
    fail_if_any(&problems);

    let json = serde_json::to_string(&catalog).unwrap_or_else(|e| die(&format!("serialise: {e}")));
    let version = format!("{:012x}", fnv1a64(json.as_bytes()) >> 16);
    write(&out.join("catalog.json"), &json);
    write(&out.join("content_version.txt"), &version);
    write(&out.join("i18n_gen.rs"), &i18n(&repo));
    write(
        &out.join("privacy_words.rs"),
        &privacy_words(&repo, &catalog),
    );
}

/// The privacy guard's word lists.
const PRIVACY_WORDS: &str = "content/privacy_words.toml";

/// Reads `content/privacy_words.toml` (`[not_names]` and `[names]`, each a table of
/// word lists), checks every entry (one lower-case word; no duplicates; no word both
/// a name and not a name) and generates sorted slices the guard searches with a
/// binary search. The words of every contact's and area's name are added to the
/// words that are not names.
fn privacy_words(repo: &Path, catalog: &content::Catalog) -> String {
    type Lists = BTreeMap<String, BTreeMap<String, Vec<toml::Spanned<String>>>>;
    let text = fs::read_to_string(repo.join(PRIVACY_WORDS))
        .unwrap_or_else(|e| die(&format!("{PRIVACY_WORDS}: cannot read: {e}")));
    let lists: Lists = match toml::from_str(&text) {
        Ok(l) => l,
        Err(e) => {
            fail_if_any(&[located(PRIVACY_WORDS, &text, e.span(), e.message())]);
            unreachable!()
        }
    };
    let line_of =
        |span: std::ops::Range<usize>| text[..span.start.min(text.len())].matches('\n').count() + 1;
    let mut problems = Vec::new();
    for table in lists.keys() {
        if table != "not_names" && table != "names" {
            problems.push(format!(
                "{PRIVACY_WORDS}: unknown table [{table}] (expected [not_names] and [names])"
            ));
        }
    }
    for (table, list) in [("names", "first_names"), ("names", "word_names")] {
        if !lists.get(table).is_some_and(|t| t.contains_key(list)) {
            problems.push(format!("{PRIVACY_WORDS}: [{table}] needs a list `{list}`"));
        }
    }
    if let Some(names) = lists.get("names") {
        for key in names.keys() {
            if key != "first_names" && key != "word_names" {
                problems.push(format!(
                    "{PRIVACY_WORDS}: [names] {key}: unknown list (expected first_names, word_names)"
                ));
            }
        }
    }
    // word -> (line, table) of its first appearance
    let mut seen: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut out: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (table, groups) in &lists {
        for (group, words) in groups {
            let target = match (table.as_str(), group.as_str()) {
                ("names", "first_names") => "FIRST_NAMES",
                ("names", _) => "WORD_NAMES",
                _ => "NOT_NAMES",
            };
            for word in words {
                let line = line_of(word.span());
                let w = word.get_ref();
                let ok_char = |c: char| c.is_lowercase() || c.is_ascii_digit();
                let inner_ok = w.chars().all(|c| ok_char(c) || c == '-' || c == '\'');
                let ends_ok =
                    w.starts_with(|c: char| ok_char(c) || c == '\'') && w.ends_with(ok_char);
                if w.is_empty() || !inner_ok || !ends_ok {
                    problems.push(format!(
                        "{PRIVACY_WORDS}:{line}: {w:?} in [{table}] {group}: one lower-case word, letters with at most a hyphen or apostrophe inside"
                    ));
                    continue;
                }
                if let Some((first, first_table)) = seen.get(w) {
                    let what = if *first_table == *table {
                        "duplicate".to_string()
                    } else {
                        "both a name and not a name".to_string()
                    };
                    problems.push(format!(
                        "{PRIVACY_WORDS}:{line}: {w:?} in [{table}] {group}: {what}, also on line {first}"
                    ));
                    continue;
                }
                seen.insert(w.clone(), (line, table.clone()));
                out.entry(target).or_default().push(w.clone());
            }
        }
    }
    fail_if_any(&problems);
    // Words of the organisations and areas the content names are never names.
    let not_names = out.entry("NOT_NAMES").or_default();
    for region in &catalog.regions {
        let mut names: Vec<&str> = vec![region.name.nl.as_str(), region.name.en.as_str()];
        names.extend(region.areas.iter().map(|a| a.name.as_str()));
        names.extend(
            region
                .contacts
                .iter()
                .flat_map(|c| [c.name.nl.as_str(), c.name.en.as_str()]),
        );
        for name in names {
            for word in name.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'') {
                let w = word.to_lowercase();
                if w.chars().count() >= 2
                    && w.chars().any(char::is_alphabetic)
                    && !seen.contains_key(&w)
                {
                    not_names.push(w);
                }
            }
        }
    }
    let mut code =
        String::from("// Generated by build.rs from content/privacy_words.toml. Do not edit.\n");
    // One sorted table, so a word is classified with a single binary search:
    // 0 = not a name, 1 = first name, 2 = first name that is also a word.
    let mut all: Vec<(String, u8)> = Vec::new();
    for (name, tag) in [("NOT_NAMES", 0u8), ("FIRST_NAMES", 1), ("WORD_NAMES", 2)] {
        let mut words = out.get(name).cloned().unwrap_or_default();
        words.sort();
        words.dedup();
        code.push_str(&format!(
            "pub(super) const {name}_LEN: usize = {};\n",
            words.len()
        ));
        all.extend(words.into_iter().map(|w| (w, tag)));
    }
    all.sort();
    all.dedup_by(|a, b| a.0 == b.0);
    code.push_str(&format!(
        "pub(super) static WORDS: &[(&str, u8)] = &{all:?};\n"
    ));
    code
}

/// Parses one content file; on error records `file:line:column: message`.
fn parse_or_default<T: serde::de::DeserializeOwned + Default>(
    repo: &Path,
    rel: &str,
    problems: &mut Vec<String>,
) -> T {
    let text = match fs::read_to_string(repo.join(rel)) {
        Ok(text) => text,
        Err(e) => {
            problems.push(format!("{rel}: cannot read: {e}"));
            return T::default();
        }
    };
    match toml::from_str::<T>(&text) {
        Ok(value) => value,
        Err(e) => {
            problems.push(located(rel, &text, e.span(), e.message()));
            T::default()
        }
    }
}

fn located(rel: &str, text: &str, span: Option<std::ops::Range<usize>>, message: &str) -> String {
    let start = span.map(|s| s.start).unwrap_or(0).min(text.len());
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
    format!("{rel}:{line}:{column}: {message}")
}

fn toml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// The translation file whose texts the first load carries.
const SHELL_TEXTS: &str = "content/i18n/shell.toml";

/// Translation files: `content/i18n/*.toml`, each entry `key = { nl = "…", en = "…" }`.
/// Generates an enum `K` with one variant per key, so a missing key is a compile
/// error, and one string table per language.
fn i18n(repo: &Path) -> String {
    let mut entries: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    let mut problems = Vec::new();
    for path in toml_files(&repo.join("content/i18n")) {
        let rel = format!(
            "content/i18n/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let text = fs::read_to_string(&path).unwrap_or_else(|e| die(&format!("{rel}: {e}")));
        let table: BTreeMap<String, content::Text> = match toml::from_str(&text) {
            Ok(t) => t,
            Err(e) => {
                problems.push(located(&rel, &text, e.span(), e.message()));
                continue;
            }
        };
        for (key, t) in table {
            let valid = key.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid {
                problems.push(format!("{rel}: {key}: key must be snake_case ASCII"));
            }
            if t.nl.trim().is_empty() || t.en.trim().is_empty() {
                problems.push(format!("{rel}: {key}: needs both nl and en text"));
            }
            if let Some((_, _, other)) = entries.get(&key) {
                problems.push(format!("{rel}: {key}: duplicate key, also in {other}"));
            }
            entries.insert(key, (t.nl, t.en, rel.clone()));
        }
    }
    fail_if_any(&problems);

    // The shell's texts first: they are the first load's, in one table of
    // their own; the rest form a second table (see src/i18n.rs).
    let (shell, more): (Vec<_>, Vec<_>) = entries
        .iter()
        .partition(|(_, (_, _, file))| file == SHELL_TEXTS);
    let ordered: Vec<_> = shell.iter().chain(more.iter()).collect();

    let mut code =
        String::from("// Generated by build.rs from content/i18n/*.toml. Do not edit.\n");
    code.push_str("/// A UI text key; one variant per key in `content/i18n/*.toml`.\n");
    code.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub enum K {\n");
    for (key, _) in &ordered {
        code.push_str(&format!("    {},\n", camel(key)));
    }
    code.push_str("}\n\nimpl K {\n    pub const ALL: &'static [K] = &[");
    for (key, _) in &ordered {
        code.push_str(&format!("K::{}, ", camel(key)));
    }
    code.push_str(
        "];\n\n    pub fn key(self) -> &'static str {\n        KEYS[self as usize]\n    }\n}\n\n",
    );
    code.push_str(&format!(
        "/// Keys below this index are the shell's (`{SHELL_TEXTS}`).\nconst SHELL_LEN: usize = {};\n",
        shell.len()
    ));
    let table = |name: &str, rows: &[&(&String, &(String, String, String))], pick: usize| {
        let mut t = format!("static {name}: &[&str] = &[\n");
        for (key, (nl, en, _)) in rows {
            let s = match pick {
                0 => key.as_str(),
                1 => nl.as_str(),
                _ => en.as_str(),
            };
            t.push_str(&format!("    {s:?},\n"));
        }
        t.push_str("];\n");
        t
    };
    let shell_rows: Vec<_> = shell.iter().collect();
    let more_rows: Vec<_> = more.iter().collect();
    code.push_str(&table("KEYS", &ordered, 0));
    code.push_str(&table("SHELL_NL", &shell_rows, 1));
    code.push_str(&table("SHELL_EN", &shell_rows, 2));
    code.push_str(&table("MORE_NL", &more_rows, 1));
    code.push_str(&table("MORE_EN", &more_rows, 2));
    code
}

fn camel(key: &str) -> String {
    key.split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn fnv1a64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn fail_if_any(problems: &[String]) {
    if problems.is_empty() {
        return;
    }
    eprintln!("\nZicht content is broken ({} problem(s)):", problems.len());
    for p in problems {
        eprintln!("  {p}");
        println!("cargo:warning={p}");
    }
    exit(1);
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap_or_else(|e| die(&format!("write {}: {e}", path.display())));
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| die(&format!("{name} is not set")))
}

fn die(message: &str) -> ! {
    eprintln!("zicht-core build: {message}");
    exit(1);
}
