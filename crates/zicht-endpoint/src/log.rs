//! Log lines on stderr, text or JSON. What may go in: times, methods, paths
//! (never query strings), statuses, durations, token *names*, counts and
//! error kinds. Never bodies, observation ids, tokens, queries, client
//! addresses or database passwords: callers pass only such fields, and the
//! request logger reads nothing else from a request.
use serde_json::{Map, Value};
use std::sync::OnceLock;

use crate::config::LogFormat;
use crate::util;

static FORMAT: OnceLock<LogFormat> = OnceLock::new();

/// Chooses the format once, at start; later calls are ignored (tests start
/// several servers in one process).
pub fn init(format: LogFormat) {
    let _ = FORMAT.set(format);
}

fn format() -> LogFormat {
    FORMAT.get().copied().unwrap_or_default()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

impl Level {
    fn as_str(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

/// One event with a message and fields.
pub fn event(level: Level, message: &str, fields: &[(&str, Value)]) {
    eprintln!("{}", render(format(), level, message, fields));
}

pub fn info(message: &str, fields: &[(&str, Value)]) {
    event(Level::Info, message, fields);
}

pub fn warn(message: &str, fields: &[(&str, Value)]) {
    event(Level::Warn, message, fields);
}

pub fn error(message: &str, fields: &[(&str, Value)]) {
    event(Level::Error, message, fields);
}

/// One answered request. The text form is the line tools and tests grep:
/// `<time> <METHOD> <path> <status> <ms>ms`.
pub fn request(method: &str, path: &str, status: u16, ms: u128) {
    let line = match format() {
        LogFormat::Text => format!("{} {method} {path} {status} {ms}ms", util::now_rfc3339()),
        LogFormat::Json => render(
            LogFormat::Json,
            Level::Info,
            "request",
            &[
                ("method", method.into()),
                ("path", path.into()),
                ("status", status.into()),
                ("ms", (ms as u64).into()),
            ],
        ),
    };
    eprintln!("{line}");
}

pub fn render(format: LogFormat, level: Level, message: &str, fields: &[(&str, Value)]) -> String {
    match format {
        LogFormat::Text => {
            let mut line = format!("{} {message}", util::now_rfc3339());
            if level != Level::Info {
                line = format!("{} {}: {message}", util::now_rfc3339(), level.as_str());
            }
            for (k, v) in fields {
                match v {
                    Value::String(s) => line.push_str(&format!(" {k}={s}")),
                    other => line.push_str(&format!(" {k}={other}")),
                }
            }
            line
        }
        LogFormat::Json => {
            let mut map = Map::new();
            map.insert("ts".into(), util::now_rfc3339().into());
            map.insert("level".into(), level.as_str().into());
            map.insert("msg".into(), message.into());
            for (k, v) in fields {
                map.insert((*k).to_string(), v.clone());
            }
            Value::Object(map).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_are_objects_with_the_fields() {
        let line = render(
            LogFormat::Json,
            Level::Warn,
            "storage error",
            &[("kind", "sqlite".into()), ("status", 503.into())],
        );
        let v: Value = serde_json::from_str(&line).expect("one JSON object");
        assert_eq!(v["level"], "warn");
        assert_eq!(v["msg"], "storage error");
        assert_eq!(v["status"], 503);
        assert!(v["ts"].as_str().is_some_and(|t| t.ends_with('Z')));
        let text = render(LogFormat::Text, Level::Info, "started", &[("n", 2.into())]);
        assert!(text.ends_with(" started n=2"), "{text}");
    }
}
