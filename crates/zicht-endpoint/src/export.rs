//! Export for the receiving organisation, with signal titles resolved from
//! the bundled content. Sealed observations are opened here, on the
//! receiver's machine, with `--key`; every readable note goes through the
//! privacy guard and each finding is marked, so a spreadsheet user sees which
//! rows hold something that identifies a person.
use serde_json::{json, Value};
use std::collections::HashMap;
use zicht_core::receiver;
use zicht_core::seal::{self, OpenError, PrivateKey};
use zicht_core::Lang;

use crate::store::Row;

/// Whether a row was sealed and, if so, whether it could be opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SealState {
    /// Sent unsealed (an endpoint without a key).
    Plain,
    /// Sealed, opened with the given key.
    Opened,
    /// Sealed, and no key given: the body stays ciphertext.
    Sealed,
    /// Sealed to another key than the one given.
    OtherKey,
    /// Sealed to this key, but it does not open: changed after sealing.
    Tampered,
}

impl SealState {
    pub fn name(self) -> &'static str {
        match self {
            SealState::Plain => "plain",
            SealState::Opened => "opened",
            SealState::Sealed => "sealed",
            SealState::OtherKey => "other_key",
            SealState::Tampered => "tampered",
        }
    }
}

/// One row as exported: the observation's JSON (opened when it was sealed and
/// the key fits), how it was sealed, and the privacy guard's findings in it.
#[derive(Clone, Debug)]
pub struct ExportRow {
    pub row: Row,
    pub seal: SealState,
    /// Finding kinds (`phone`, `email`, …) in the note, in order; empty when none
    /// or when the body could not be read.
    pub privacy: Vec<&'static str>,
}

/// Opens sealed rows with `key` and runs the privacy guard over every note
/// that can be read.
pub fn prepare(rows: Vec<Row>, key: Option<&PrivateKey>) -> Vec<ExportRow> {
    rows.into_iter()
        .map(|mut row| {
            let seal = match seal::parse_sealed(&row.body) {
                None => SealState::Plain,
                Some(sealed) => match key.map(|k| seal::open(k, &sealed)) {
                    None => SealState::Sealed,
                    Some(Ok(plain)) => {
                        row.body = plain;
                        SealState::Opened
                    }
                    Some(Err(OpenError::UnknownKey { .. })) => SealState::OtherKey,
                    Some(Err(_)) => SealState::Tampered,
                },
            };
            let privacy = match seal {
                SealState::Plain | SealState::Opened => {
                    let body: Value = serde_json::from_str(&row.body).unwrap_or(Value::Null);
                    zicht_core::privacy::scan(field(&body, "note"))
                        .iter()
                        .map(|f| f.kind.id())
                        .collect()
                }
                _ => Vec::new(),
            };
            ExportRow { row, seal, privacy }
        })
        .collect()
}

/// Signal id → title, from the content bundled in this build.
fn titles() -> HashMap<&'static str, &'static zicht_core::Text> {
    zicht_core::catalog()
        .signals
        .signals
        .iter()
        .map(|s| (s.id.as_str(), &s.title))
        .collect()
}

fn field<'a>(body: &'a Value, name: &str) -> &'a str {
    body.get(name).and_then(Value::as_str).unwrap_or("")
}

fn signal_ids(body: &Value) -> Vec<&str> {
    body.get("signals")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The catalogue's title, or a marker when this build's content does not
/// know the id (the observation came from another content version).
fn title_of(titles: &HashMap<&str, &zicht_core::Text>, id: &str, lang: Lang) -> String {
    match titles.get(id) {
        Some(t) => t.get(lang).to_string(),
        None => match lang {
            Lang::Nl => format!("(onbekend signaal: {id})"),
            Lang::En => format!("(unknown signal: {id})"),
        },
    }
}

pub const CSV_COLUMNS: [&str; 14] = [
    "seq",
    "id",
    "receipt",
    "received_at",
    "token_name",
    "observed_on",
    "recorded_at",
    "content_version",
    "corrects",
    "signals",
    "signal_titles",
    "sealed",
    "privacy_findings",
    "body",
];

pub fn csv(rows: &[ExportRow], lang: Lang) -> String {
    let titles = titles();
    let mut out = String::new();
    out.push_str(&CSV_COLUMNS.join(","));
    out.push_str("\r\n");
    for export_row in rows {
        let row = &export_row.row;
        let body: Value = serde_json::from_str(&row.body).unwrap_or(Value::Null);
        let ids = signal_ids(&body);
        let names: Vec<String> = ids.iter().map(|id| title_of(&titles, id, lang)).collect();
        let cells = [
            row.seq.to_string(),
            row.id.clone(),
            row.receipt.clone(),
            row.received_at.clone(),
            row.token_name.clone().unwrap_or_default(),
            field(&body, "observed_on").to_string(),
            field(&body, "recorded_at").to_string(),
            field(&body, "content_version").to_string(),
            field(&body, "corrects").to_string(),
            ids.join("; "),
            names.join("; "),
            export_row.seal.name().to_string(),
            export_row.privacy.join("; "),
            row.body.clone(),
        ];
        let line: Vec<String> = cells.iter().map(|c| receiver::csv::cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

pub fn json(rows: &[ExportRow]) -> String {
    let titles = titles();
    let items: Vec<Value> = rows
        .iter()
        .map(|export_row| {
            let row = &export_row.row;
            let body: Value = serde_json::from_str(&row.body).unwrap_or(Value::Null);
            let signals: Vec<Value> = signal_ids(&body)
                .into_iter()
                .map(|id| {
                    json!({
                        "id": id,
                        "title_nl": title_of(&titles, id, Lang::Nl),
                        "title_en": title_of(&titles, id, Lang::En),
                    })
                })
                .collect();
            json!({
                "seq": row.seq,
                "id": row.id,
                "receipt": row.receipt,
                "received_at": row.received_at,
                "token_name": row.token_name,
                "signals": signals,
                "sealed": export_row.seal.name(),
                "privacy_findings": export_row.privacy,
                "observation": body,
            })
        })
        .collect();
    serde_json::to_string_pretty(&Value::Array(items)).unwrap_or_else(|_| "[]".into())
}
