//! Reference referral endpoint for Zicht observations (protocol version 1,
//! `docs/referral-protocol.md`): stores each observation exactly once in
//! SQLite and exports them for the receiving organisation.
pub mod config;
pub mod export;
pub mod server;
pub mod store;
pub mod util;
pub mod validate;

pub use config::{parse_args, Command, Config, ExportArgs, ExportFormat, Faults, ServeArgs};
pub use server::{router, serve, AppState};

/// Writes the export of the database at `args.db`.
pub fn run_export(args: &ExportArgs) -> Result<(), String> {
    if !args.db.exists() {
        return Err(format!("no database at {}", args.db.display()));
    }
    let conn = store::open(&args.db).map_err(|e| format!("cannot open database: {e}"))?;
    let rows = store::all(&conn).map_err(|e| format!("cannot read database: {e}"))?;
    let text = match args.format {
        ExportFormat::Csv => export::csv(&rows, args.lang),
        ExportFormat::Json => export::json(&rows),
    };
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(text.as_bytes())
                .map_err(|e| format!("cannot write export: {e}"))
        }
    }
}
