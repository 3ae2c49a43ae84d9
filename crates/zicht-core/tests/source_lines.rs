//! Every cited line of every source exists and is not empty in the seed documents.
//!
//! The seeds are not in the repository: they sit in `../shared/seeds` next to it
//! (a worktree under `wt/` finds the same folder one level further up, so the
//! search walks up from the repository root's parent). `ZICHT_SEEDS` overrides the
//! folder. When no folder holds the documents the test FAILS: a check that passes
//! without looking would hide exactly the drift it exists to catch.

use std::path::{Path, PathBuf};

use serde_json::Value;
use zicht_core::catalog;
use zicht_core::content::SOURCE_DOCS;

fn seeds_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ZICHT_SEEDS") {
        return PathBuf::from(dir);
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let repo = repo.canonicalize().unwrap_or(repo);
    repo.parent()
        .into_iter()
        .flat_map(Path::ancestors)
        .map(|a| a.join("shared/seeds"))
        .find(|d| d.join(SOURCE_DOCS[0]).is_file())
        .unwrap_or_else(|| repo.join("../shared/seeds"))
}

/// Every `{doc, section, lines?, url?}` object in the catalogue, with a path to it.
fn sources(value: &Value, path: &str, out: &mut Vec<(String, String, Option<String>)>) {
    match value {
        Value::Object(map) => {
            if let (Some(Value::String(doc)), Some(Value::String(_))) =
                (map.get("doc"), map.get("section"))
            {
                let lines = map.get("lines").and_then(Value::as_str).map(str::to_string);
                out.push((path.to_string(), doc.clone(), lines));
            }
            let id = map.get("id").and_then(Value::as_str);
            for (k, v) in map {
                let p = match id {
                    Some(id) => format!("{path}/{id}.{k}"),
                    None => format!("{path}.{k}"),
                };
                sources(v, &p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                sources(v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// `"L12"`, `"L12-L14"`, `"L12; L20"`, `"L12, L20-L22"` → [(12, 12), (12, 14), …].
fn ranges(lines: &str) -> Result<Vec<(usize, usize)>, String> {
    let mut out = Vec::new();
    for part in lines
        .split([',', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let num = |s: &str| -> Result<usize, String> {
            s.trim()
                .strip_prefix('L')
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| format!("{part:?} is not L<number>"))
        };
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (num(a)?, num(b)?),
            None => (num(part)?, num(part)?),
        };
        if a == 0 || b < a {
            return Err(format!("{part:?} is not a forward range"));
        }
        out.push((a, b));
    }
    Ok(out)
}

#[test]
fn line_ranges_parse() {
    assert_eq!(ranges("L12"), Ok(vec![(12, 12)]));
    assert_eq!(ranges("L12-L14; L20"), Ok(vec![(12, 14), (20, 20)]));
    assert_eq!(ranges("L377, L852"), Ok(vec![(377, 377), (852, 852)]));
    assert!(ranges("12").is_err());
    assert!(ranges("L14-L12").is_err());
}

#[test]
fn every_cited_line_exists_and_is_not_empty() {
    let dir = seeds_dir();
    let json = serde_json::to_value(catalog()).expect("catalogue serialises");
    let mut all = Vec::new();
    sources(&json, "catalog", &mut all);
    assert!(all.len() > 300, "found only {} sources", all.len());

    let mut docs = std::collections::HashMap::new();
    for doc in SOURCE_DOCS {
        let text = std::fs::read_to_string(dir.join(doc)).unwrap_or_else(|e| {
            panic!(
                "the seed {doc} is missing in {} ({e}); the source check needs the documents \
                 (set ZICHT_SEEDS to their folder)",
                dir.display()
            )
        });
        docs.insert(*doc, text.lines().map(str::to_string).collect::<Vec<_>>());
    }

    let mut problems = Vec::new();
    let mut checked = 0;
    for (path, doc, lines) in &all {
        if doc == "web" {
            continue;
        }
        let Some(text) = docs.get(doc.as_str()) else {
            problems.push(format!("{path}: unknown document {doc}"));
            continue;
        };
        let Some(lines) = lines else {
            problems.push(format!("{path}: a seed source needs its lines"));
            continue;
        };
        match ranges(lines) {
            Err(e) => problems.push(format!("{path}: lines {e}")),
            Ok(rs) => {
                for (a, b) in rs {
                    for n in [a, b] {
                        checked += 1;
                        match text.get(n - 1) {
                            None => problems.push(format!(
                                "{path}: {doc} has {} lines, L{n} cited",
                                text.len()
                            )),
                            Some(l) if l.trim().is_empty() => {
                                problems.push(format!("{path}: {doc} L{n} is empty"))
                            }
                            Some(_) => {}
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 300, "checked only {checked} lines");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
