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
    parse_args, Command, Config, ExportArgs, ExportFormat, Faults, LogFormat, SealConfig, SealKeys,
    ServeArgs,
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
    let key = match &args.key {
        Some(path) => Some(load_private_key(path)?),
        None => None,
    };
    let rows = export::prepare(rows, key.as_ref());
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

/// Reads a private key file written by `keygen`.
pub fn load_private_key(path: &std::path::Path) -> Result<zicht_core::seal::PrivateKey, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read key {}: {e}", path.display()))?;
    zicht_core::seal::PrivateKey::from_key_file(&text)
        .map_err(|e| format!("{} is not a Zicht private key file: {e}", path.display()))
}

/// `keygen --out FILE`: a new key pair; the private key goes to `out` (mode
/// 0600, never over an existing file), the returned text (public key, key_id,
/// the `[seal]` lines for the endpoint's config) to standard output.
pub fn run_keygen(out: &std::path::Path) -> Result<String, String> {
    use std::io::Write;
    let key =
        zicht_core::seal::PrivateKey::generate().map_err(|e| format!("cannot make a key: {e}"))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(out).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!(
                "{} exists; a key file is never overwritten (move it away first)",
                out.display()
            )
        } else {
            format!("cannot create {}: {e}", out.display())
        }
    })?;
    file.write_all(key.to_key_file().as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    let public = key.public_key();
    Ok(format!(
        "private key written to {} (keep it secret; it never goes on the endpoint)\n\
         suite      {}\n\
         public_key {}\n\
         key_id     {}\n\
         fingerprint {}\n\
         \n\
         # for the endpoint's config file:\n\
         [seal]\n\
         public_key = \"{}\"\n\
         key_id = \"{}\"\n",
        out.display(),
        zicht_core::seal::SUITE,
        public.to_base64url(),
        public.key_id(),
        zicht_core::seal::group_key_id(&public.key_id()),
        public.to_base64url(),
        public.key_id(),
    ))
}
