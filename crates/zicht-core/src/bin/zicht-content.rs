//! Content authors' checker for region packs.
//!
//! ```text
//! cargo run -p zicht-core --bin zicht-content -- check FILE...
//! cargo run -p zicht-core --bin zicht-content -- check --bundled content/regions/x.toml
//! cargo run -p zicht-core --bin zicht-content -- json FILE.toml > regio.json
//! ```
//!
//! `check` reads a pack (TOML or JSON, by extension) and runs the validator the
//! build and the app run (`zicht_core::regions::located_errors`), printing each
//! problem as `file:line[:column]: item: message`; it exits with 1 if there is
//! any. By default it applies the rules for a pack a deployment serves (a
//! `version` and a `verified_on`); `--bundled` applies only the build's rules.
//! `json` checks a pack and prints it as the JSON a deployment serves.

use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("check") => {
            let bundled = args.iter().any(|a| a == "--bundled");
            let files: Vec<&String> = args[1..].iter().filter(|a| !a.starts_with("--")).collect();
            if files.is_empty() {
                return usage();
            }
            let mut failed = false;
            for file in files {
                match load(file, !bundled) {
                    Ok(pack) => println!(
                        "{file}: ok: region {:?}, {} contacts, version {}, checked on {}",
                        pack.id,
                        pack.contacts.len(),
                        pack.version.as_deref().unwrap_or("-"),
                        pack.checked_on().unwrap_or("-")
                    ),
                    Err(problems) => {
                        failed = true;
                        for p in &problems {
                            eprintln!("{p}");
                        }
                        eprintln!("{file}: {} problem(s)", problems.len());
                    }
                }
            }
            if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Some("json") if args.len() == 2 => match load(&args[1], true) {
            Ok(pack) => match serde_json::to_string_pretty(&pack) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{}: {e}", args[1]);
                    ExitCode::FAILURE
                }
            },
            Err(problems) => {
                for p in &problems {
                    eprintln!("{p}");
                }
                ExitCode::FAILURE
            }
        },
        _ => usage(),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn usage() -> ExitCode {
    eprintln!("usage: zicht-content check [--bundled] FILE...   (TOML or JSON region pack)");
    eprintln!("       zicht-content json FILE.toml            (checked pack as the JSON to serve)");
    ExitCode::from(2)
}

/// Reads, parses and validates one pack file.
#[cfg(not(target_arch = "wasm32"))]
fn load(
    file: &str,
    served: bool,
) -> Result<zicht_core::content::contacts::RegionPack, Vec<zicht_core::regions::PackError>> {
    use zicht_core::content::contacts::RegionPack;
    use zicht_core::regions::{located_errors, PackError};

    let problem = |line: usize, column: Option<usize>, message: String| PackError {
        file: file.to_string(),
        line,
        column,
        item: None,
        message,
    };
    let text = std::fs::read_to_string(file)
        .map_err(|e| vec![problem(1, None, format!("cannot read: {e}"))])?;
    let pack: RegionPack = if file.ends_with(".json") {
        serde_json::from_str(&text)
            .map_err(|e| vec![problem(e.line().max(1), Some(e.column()), e.to_string())])?
    } else {
        toml::from_str(&text).map_err(|e| {
            let start = e.span().map_or(0, |s| s.start).min(text.len());
            let before = &text[..start];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            vec![problem(line, Some(column), e.message().to_string())]
        })?
    };
    let mut errors = located_errors(file, &text, &pack, zicht_core::catalog(), served);
    if !served {
        // The build's own rule for bundled packs: the id is the file name.
        let stem = std::path::Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if pack.id != stem {
            errors.push(PackError {
                item: Some(format!("region {}", pack.id)),
                ..problem(
                    zicht_core::regions::line_of_id(&text, &pack.id).unwrap_or(1),
                    None,
                    format!("id {:?} must equal the file name {stem:?}", pack.id),
                )
            });
        }
    }
    if errors.is_empty() {
        Ok(pack)
    } else {
        Err(errors)
    }
}

#[cfg(target_arch = "wasm32")]
fn main() -> ExitCode {
    ExitCode::FAILURE
}
