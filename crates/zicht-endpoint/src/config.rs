//! Command line (clap) and configuration file (TOML).
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::store::Target;

/// Default body limit; an observation is a few KiB at most.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024;
/// Default stall: past the app's 30 s request timeout.
pub const DEFAULT_STALL_MS: u64 = 35_000;

/// The `--config` TOML file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Origins of the app allowed to call from a browser (CORS), exactly as the
    /// browser sends them, e.g. `https://zicht.example.nl`.
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// Body limit in bytes.
    #[serde(default = "default_max_body")]
    pub max_body_bytes: usize,
    /// Bearer tokens. With none, POST /v1/observations is open.
    #[serde(default)]
    pub tokens: Vec<TokenConfig>,
    /// Reader tokens of the receiving organisation, for
    /// `GET /v1/observations`. Separate from the sender tokens: a reader
    /// token cannot post, a sender token cannot read. With none, reading is off.
    #[serde(default)]
    pub readers: Vec<ReaderConfig>,
    /// Origins a browser may read from (CORS for `GET /v1/observations`).
    #[serde(default)]
    pub reader_origins: Vec<String>,
    /// The receiving organisation's public keys (sealed profile). Public keys
    /// only: the private key is never on the endpoint.
    #[serde(default)]
    pub seal: Option<SealConfig>,
}

/// `[seal]`: the key health announces, and the keys still accepted.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealConfig {
    /// The current public key, base64url without padding (what `keygen` prints).
    pub public_key: String,
    /// Its `key_id` as `keygen` printed it; checked against the key when given.
    #[serde(default)]
    pub key_id: Option<String>,
    /// Earlier public keys, still accepted while devices move to the current
    /// one (a transition period: remove them once every device confirmed the
    /// new key; until then a device may still send under an old one).
    #[serde(default)]
    pub previous: Vec<String>,
}

/// `[seal]` checked: the current key and every accepted `key_id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealKeys {
    pub current: zicht_core::seal::PublicKey,
    /// The current key's id first, then the previous keys'.
    pub accepted: Vec<String>,
}

impl SealConfig {
    pub fn keys(&self) -> Result<SealKeys, String> {
        use zicht_core::seal::PublicKey;
        let current = PublicKey::from_base64url(&self.public_key)
            .map_err(|e| format!("config: seal.public_key: {e}"))?;
        if let Some(id) = &self.key_id {
            if id.trim() != current.key_id() {
                return Err(format!(
                    "config: seal.key_id {id:?} is not the id of seal.public_key ({})",
                    current.key_id()
                ));
            }
        }
        let mut accepted = vec![current.key_id()];
        for (n, text) in self.previous.iter().enumerate() {
            let key = PublicKey::from_base64url(text)
                .map_err(|e| format!("config: seal.previous[{n}]: {e}"))?;
            if !accepted.contains(&key.key_id()) {
                accepted.push(key.key_id());
            }
        }
        Ok(SealKeys { current, accepted })
    }
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReaderConfig {
    /// Shown in logs; never the token itself.
    pub name: String,
    pub token: String,
}

impl std::fmt::Debug for ReaderConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReaderConfig")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// At least 16 printable ASCII characters without spaces.
fn token_ok(token: &str) -> bool {
    token.len() >= 16 && token.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

fn origin_ok(o: &str) -> bool {
    (o.starts_with("https://") || o.starts_with("http://"))
        && !o.ends_with('/')
        && o.matches('/').count() == 2
}

fn default_max_body() -> usize {
    DEFAULT_MAX_BODY_BYTES
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenConfig {
    /// Shown in logs and stored with each observation; never the token itself.
    pub name: String,
    pub token: String,
    /// Sustained requests per minute.
    #[serde(default = "default_rate")]
    pub rate_per_minute: u32,
    /// Requests allowed in a burst; defaults to `rate_per_minute`.
    #[serde(default)]
    pub burst: Option<u32>,
}

fn default_rate() -> u32 {
    60
}

impl std::fmt::Debug for TokenConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenConfig")
            .field("name", &self.name)
            .field("rate_per_minute", &self.rate_per_minute)
            .field("burst", &self.burst)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// The sealed profile's keys, when `[seal]` is set (checked at load).
    pub fn seal_keys(&self) -> Option<SealKeys> {
        self.seal.as_ref().and_then(|s| s.keys().ok())
    }

    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| format!("config: {e}"))?;
        config.validate()?;
        Ok(config)
    }

    pub fn load(path: &std::path::Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read config {}: {e}", path.display()))?;
        Config::parse(&text)
    }

    fn validate(&self) -> Result<(), String> {
        let mut names = std::collections::HashSet::new();
        let mut secrets = std::collections::HashSet::new();
        for t in &self.tokens {
            if t.name.trim().is_empty() {
                return Err("config: a token has an empty name".into());
            }
            if !names.insert(t.name.as_str()) {
                return Err(format!("config: token name {:?} is used twice", t.name));
            }
            if !token_ok(&t.token) {
                return Err(format!(
                    "config: token {:?} must be at least 16 printable characters without spaces",
                    t.name
                ));
            }
            if !secrets.insert(t.token.as_str()) {
                return Err(format!(
                    "config: token {:?} has the same secret as another",
                    t.name
                ));
            }
            if t.rate_per_minute == 0 || t.burst == Some(0) {
                return Err(format!("config: token {:?} needs a rate above 0", t.name));
            }
        }
        let mut reader_names = std::collections::HashSet::new();
        for r in &self.readers {
            if r.name.trim().is_empty() {
                return Err("config: a reader has an empty name".into());
            }
            if !reader_names.insert(r.name.as_str()) {
                return Err(format!("config: reader name {:?} is used twice", r.name));
            }
            if !token_ok(&r.token) {
                return Err(format!(
                    "config: reader {:?} must have a token of at least 16 printable characters without spaces",
                    r.name
                ));
            }
            // One secret is one role: a sender token must never read.
            if !secrets.insert(r.token.as_str()) {
                return Err(format!(
                    "config: reader {:?} has the same secret as another token",
                    r.name
                ));
            }
        }
        for o in self.allowed_origins.iter().chain(&self.reader_origins) {
            if !origin_ok(o) {
                return Err(format!(
                    "config: allowed origin {o:?} must look like https://host[:port], without a path or trailing slash"
                ));
            }
        }
        if let Some(seal) = &self.seal {
            seal.keys()?;
        }
        if self.max_body_bytes < 1024 {
            return Err("config: max_body_bytes must be at least 1024".into());
        }
        Ok(())
    }
}

/// Rates of injected faults, for the app's chaos test. Each is a probability
/// per `POST /v1/observations`; together at most 1.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Faults {
    /// `500` before storing.
    pub error_500: f64,
    /// `503` with `Retry-After` before storing.
    pub error_503: f64,
    /// Sleep `stall_ms` first, then handle the request normally.
    pub stall: f64,
    /// Store the row, then close the connection without an answer.
    pub drop_after_commit: f64,
    pub stall_ms: u64,
    pub seed: u64,
}

impl Faults {
    /// `500=0.1,503=0.1,stall=0.05,drop_after_commit=0.05`.
    pub fn parse(spec: &str, seed: u64, stall_ms: u64) -> Result<Faults, String> {
        let mut f = Faults {
            stall_ms,
            seed,
            ..Faults::default()
        };
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, rate) = part
                .split_once('=')
                .ok_or_else(|| format!("--faults: {part:?} is not name=rate"))?;
            let rate: f64 = rate
                .trim()
                .parse()
                .map_err(|_| format!("--faults: rate {rate:?} is not a number"))?;
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("--faults: rate {rate} is not between 0 and 1"));
            }
            match name.trim() {
                "500" => f.error_500 = rate,
                "503" => f.error_503 = rate,
                "stall" => f.stall = rate,
                "drop_after_commit" | "drop" => f.drop_after_commit = rate,
                other => {
                    return Err(format!(
                        "--faults: unknown fault {other:?} (500, 503, stall, drop_after_commit)"
                    ))
                }
            }
        }
        if f.error_500 + f.error_503 + f.stall + f.drop_after_commit > 1.0 + 1e-9 {
            return Err("--faults: rates add up to more than 1".into());
        }
        Ok(f)
    }
}

/// How log lines are written (stderr).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One readable line per event: `<time> <method> <path> <status> <ms>ms`.
    #[default]
    Text,
    /// One JSON object per line, for a log collector.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
}

/// Where the observations are (exactly one of the two).
#[derive(Args, Clone, Debug)]
#[group(id = "database", required = true, multiple = false)]
pub struct DatabaseArgs {
    /// SQLite database file, created when missing (one endpoint process).
    #[arg(long, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// PostgreSQL, e.g. postgres://zicht@db.internal/zicht (several endpoint
    /// processes may share it). Also read from ZICHT_DATABASE_URL, which keeps
    /// a password out of the process list.
    #[arg(
        long,
        value_name = "URL",
        env = "ZICHT_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
}

impl DatabaseArgs {
    pub fn target(&self) -> Target {
        match (&self.db, &self.database_url) {
            (_, Some(url)) => Target::Postgres(url.clone()),
            (Some(path), None) => Target::Sqlite(path.clone()),
            // clap's group makes one of the two required.
            (None, None) => Target::Sqlite(PathBuf::from("observations.sqlite")),
        }
    }
}

#[derive(Args, Clone, Debug)]
pub struct ServeOpts {
    #[command(flatten)]
    pub database: DatabaseArgs,
    /// Address to listen on (plain HTTP; put TLS in front).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,
    /// TOML file with tokens, reader tokens and allowed origins.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Log lines as text (default) or JSON.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// On SIGTERM or Ctrl-C: seconds to let requests in flight finish.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub shutdown_grace: u64,
    /// PostgreSQL only: connections per endpoint process.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub pool_size: usize,
    /// Chaos testing only, e.g. 500=0.1,503=0.1,stall=0.05,drop_after_commit=0.05
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<String>,
    /// Seed for the fault draws (default: from the clock).
    #[arg(long, value_name = "N")]
    pub fault_seed: Option<u64>,
    /// How long a stall lasts, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = DEFAULT_STALL_MS)]
    pub fault_stall_ms: u64,
}

#[derive(Args, Clone, Debug)]
pub struct ExportOpts {
    #[command(flatten)]
    pub database: DatabaseArgs,
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    /// Language of the signal titles: nl or en.
    #[arg(long, value_name = "LANG", default_value = "nl", value_parser = parse_lang)]
    pub lang: zicht_core::Lang,
    /// Write to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The receiving organisation's private key file (from `keygen`): sealed
    /// observations are opened here, on this machine, for the export.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
}

#[derive(Args, Clone, Debug)]
pub struct KeygenOpts {
    /// Where to write the private key (mode 0600); an existing file is never
    /// overwritten.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

fn parse_lang(v: &str) -> Result<zicht_core::Lang, String> {
    zicht_core::Lang::from_code(v).ok_or_else(|| format!("{v:?} is not nl or en"))
}

#[derive(Subcommand, Clone, Debug)]
pub enum Sub {
    /// Serve protocol 1 (also what runs without a subcommand).
    Serve(ServeOpts),
    /// Write every stored observation as CSV or JSON, signal titles resolved.
    Export(ExportOpts),
    /// Make the receiving organisation's key pair for sealed observations:
    /// writes the private key file, prints the public key for `[seal]`.
    Keygen(KeygenOpts),
}

/// zicht-endpoint: reference referral endpoint for Zicht (protocol 1)
#[derive(Parser, Debug)]
#[command(
    name = "zicht-endpoint",
    version,
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Sub>,
    #[command(flatten)]
    pub serve: ServeOpts,
}

/// What the command line asks for, with the configuration loaded.
// Made once per process start, so the size of the serve variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Command {
    Serve(ServeArgs),
    Export(ExportArgs),
    Keygen { out: PathBuf },
}

#[derive(Debug)]
pub struct ServeArgs {
    pub target: Target,
    pub listen: SocketAddr,
    pub config: Config,
    pub faults: Option<Faults>,
    pub log_format: LogFormat,
    pub shutdown_grace: std::time::Duration,
    pub pool_size: usize,
}

#[derive(Debug)]
pub struct ExportArgs {
    pub target: Target,
    pub format: ExportFormat,
    pub lang: zicht_core::Lang,
    pub out: Option<PathBuf>,
    pub key: Option<PathBuf>,
}

/// Parses the arguments (without the program name) and loads the config
/// file. `--help` and `--version` come back as a clap error of their kind;
/// `Error::exit` prints them and exits 0, and real errors with 2.
pub fn parse_args<I, T>(args: I) -> Result<Command, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = Cli::try_parse_from(
        std::iter::once(std::ffi::OsString::from("zicht-endpoint"))
            .chain(args.into_iter().map(Into::into)),
    )?;
    let invalid =
        |msg: String| clap::Error::raw(clap::error::ErrorKind::ValueValidation, msg + "\n");
    match cli.command {
        Some(Sub::Export(e)) => Ok(Command::Export(ExportArgs {
            target: e.database.target(),
            format: e.format,
            lang: e.lang,
            out: e.out,
            key: e.key,
        })),
        Some(Sub::Keygen(k)) => Ok(Command::Keygen { out: k.out }),
        Some(Sub::Serve(s)) => serve_args(s).map_err(invalid),
        None => serve_args(cli.serve).map_err(invalid),
    }
}

fn serve_args(s: ServeOpts) -> Result<Command, String> {
    let config = match &s.config {
        Some(p) => Config::load(p)?,
        None => Config::default_checked(),
    };
    let seed = s.fault_seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
    });
    let faults = s
        .faults
        .as_deref()
        .map(|spec| Faults::parse(spec, seed, s.fault_stall_ms))
        .transpose()?;
    if s.pool_size == 0 {
        return Err("--pool-size must be at least 1".into());
    }
    Ok(Command::Serve(ServeArgs {
        target: s.database.target(),
        listen: s.listen,
        config,
        faults,
        log_format: s.log_format,
        shutdown_grace: std::time::Duration::from_secs(s.shutdown_grace),
        pool_size: s.pool_size,
    }))
}

impl Config {
    /// No tokens, no origins, default limit.
    pub fn default_checked() -> Config {
        Config {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            ..Config::default()
        }
    }
}
