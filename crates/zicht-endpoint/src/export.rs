//! Export for the receiving organisation, with signal titles resolved from
//! the bundled content.
use serde_json::{json, Value};
use std::collections::HashMap;
use zicht_core::Lang;

use crate::store::Row;

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

pub const CSV_COLUMNS: [&str; 12] = [
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
    "body",
];

pub fn csv(rows: &[Row], lang: Lang) -> String {
    let titles = titles();
    let mut out = String::new();
    out.push_str(&CSV_COLUMNS.join(","));
    out.push_str("\r\n");
    for row in rows {
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
            row.body.clone(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// RFC 4180 quoting, plus a leading apostrophe for cells a spreadsheet would
/// run as a formula (CSV injection).
fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub fn json(rows: &[Row]) -> String {
    let titles = titles();
    let items: Vec<Value> = rows
        .iter()
        .map(|row| {
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
                "observation": body,
            })
        })
        .collect();
    serde_json::to_string_pretty(&Value::Array(items)).unwrap_or_else(|_| "[]".into())
}
