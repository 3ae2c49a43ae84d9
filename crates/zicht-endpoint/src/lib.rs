//! Reference referral endpoint for Zicht observations (protocol version 1,
//! `docs/referral-protocol.md`): stores each observation exactly once, in
//! SQLite (one file, the default) or PostgreSQL (several instances on one
//! database), serves the reading API and exports for the receiving
//! organisation.
pub mod config;
pub mod export;
pub mod log;
pub mod server;
pub mod store;
pub mod util;
pub mod validate;

pub use config::{
    parse_args, Command, Config, ExportArgs, ExportFormat, Faults, LogFormat, ServeArgs,
};
pub use server::{router, serve, serve_with_grace, AppState};
pub use store::{Storage, Target};

/// Writes the export of the database `args.target`.
pub fn run_export(args: &ExportArgs) -> Result<(), String> {
    if let Target::Sqlite(path) = &args.target {
        // Exporting must not create an empty database by a typo.
        if !path.exists() {
            return Err(format!("no database at {}", path.display()));
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start runtime: {e}"))?;
    let rows = runtime.block_on(async {
        let storage = store::open(&args.target).await?;
        store::all(storage.as_ref())
            .await
            .map_err(|e| format!("cannot read database: {e}"))
    })?;
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
