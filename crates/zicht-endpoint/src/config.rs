//! Command line and configuration file.
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;

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
            if t.token.len() < 16 || !t.token.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
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
        for o in &self.allowed_origins {
            let ok = (o.starts_with("https://") || o.starts_with("http://"))
                && !o.ends_with('/')
                && o.matches('/').count() == 2;
            if !ok {
                return Err(format!(
                    "config: allowed origin {o:?} must look like https://host[:port], without a path or trailing slash"
                ));
            }
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

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Serve(ServeArgs),
    Export(ExportArgs),
    Help,
}

#[derive(Debug)]
pub struct ServeArgs {
    pub db: PathBuf,
    pub listen: SocketAddr,
    pub config: Config,
    pub faults: Option<Faults>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

#[derive(Debug)]
pub struct ExportArgs {
    pub db: PathBuf,
    pub format: ExportFormat,
    pub lang: zicht_core::Lang,
    pub out: Option<PathBuf>,
}

pub const USAGE: &str = "\
zicht-endpoint: reference referral endpoint for Zicht (protocol 1)

USAGE:
  zicht-endpoint [serve] --db FILE [--listen ADDR] [--config FILE]
                 [--faults SPEC] [--fault-seed N] [--fault-stall-ms MS]
  zicht-endpoint export --db FILE [--format csv|json] [--lang nl|en] [--out FILE]

  --db FILE          SQLite database (created when missing)
  --listen ADDR      address to listen on (default 127.0.0.1:8787)
  --config FILE      TOML file with tokens and allowed origins
  --faults SPEC      chaos testing only, e.g. 500=0.1,503=0.1,stall=0.05,drop_after_commit=0.05
  --fault-seed N     seed for the fault draws (default: from the clock)
  --fault-stall-ms   how long a stall lasts (default 35000)
";

/// Hand-parsed: a handful of flags does not need an argument-parser crate.
pub fn parse_args(args: &[String]) -> Result<Command, String> {
    let mut it = args.iter().peekable();
    let sub = match it.peek().map(|s| s.as_str()) {
        Some("export") => {
            it.next();
            "export"
        }
        Some("serve") => {
            it.next();
            "serve"
        }
        _ => "serve",
    };
    let mut db = None;
    let mut listen = None;
    let mut config_path = None;
    let mut faults_spec = None;
    let mut seed = None;
    let mut stall_ms = DEFAULT_STALL_MS;
    let mut format = ExportFormat::Csv;
    let mut lang = zicht_core::Lang::Nl;
    let mut out = None;
    while let Some(flag) = it.next() {
        let (flag, inline) = match flag.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (flag.clone(), None),
        };
        if flag == "--help" || flag == "-h" {
            return Ok(Command::Help);
        }
        let mut value = || -> Result<String, String> {
            match &inline {
                Some(v) => Ok(v.clone()),
                None => it
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value")),
            }
        };
        match (sub, flag.as_str()) {
            (_, "--db") => db = Some(PathBuf::from(value()?)),
            ("serve", "--listen") => {
                let v = value()?;
                listen = Some(v.parse::<SocketAddr>().map_err(|_| {
                    format!("--listen: {v:?} is not an address like 127.0.0.1:8787")
                })?);
            }
            ("serve", "--config") => config_path = Some(PathBuf::from(value()?)),
            ("serve", "--faults") => faults_spec = Some(value()?),
            ("serve", "--fault-seed") => {
                let v = value()?;
                seed = Some(
                    v.parse::<u64>()
                        .map_err(|_| format!("--fault-seed: {v:?} is not a number"))?,
                );
            }
            ("serve", "--fault-stall-ms") => {
                let v = value()?;
                stall_ms = v
                    .parse::<u64>()
                    .map_err(|_| format!("--fault-stall-ms: {v:?} is not a number"))?;
            }
            ("export", "--format") => {
                format = match value()?.as_str() {
                    "csv" => ExportFormat::Csv,
                    "json" => ExportFormat::Json,
                    other => return Err(format!("--format: {other:?} is not csv or json")),
                }
            }
            ("export", "--lang") => {
                let v = value()?;
                lang = zicht_core::Lang::from_code(&v)
                    .ok_or_else(|| format!("--lang: {v:?} is not nl or en"))?;
            }
            ("export", "--out") => out = Some(PathBuf::from(value()?)),
            _ => return Err(format!("unknown argument {flag:?} for {sub}\n\n{USAGE}")),
        }
    }
    let db = db.ok_or_else(|| format!("--db FILE is required\n\n{USAGE}"))?;
    if sub == "export" {
        return Ok(Command::Export(ExportArgs {
            db,
            format,
            lang,
            out,
        }));
    }
    let config = match config_path {
        Some(p) => Config::load(&p)?,
        None => Config::default_checked(),
    };
    let seed = seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
    });
    let faults = faults_spec
        .map(|s| Faults::parse(&s, seed, stall_ms))
        .transpose()?;
    Ok(Command::Serve(ServeArgs {
        db,
        listen: listen.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8787))),
        config,
        faults,
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
