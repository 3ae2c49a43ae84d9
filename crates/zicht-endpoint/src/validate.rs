//! Schema check of the protocol's required fields, and the app's privacy
//! guard on the free text: an old or other client cannot slip a phone number,
//! address or other identifier in.
use serde_json::Value;
use zicht_core::observation;
use zicht_core::outbox::parse_rfc3339_ms;

/// The protocol says only "UUID v4"; RFC 9562 reads UUIDs in either case, so
/// the endpoint takes an id from another client in upper case too (the app
/// itself writes lower case, which `observation::is_uuid_v4` holds it to).
fn is_uuid_v4(s: &str) -> bool {
    observation::is_uuid_v4(&s.to_ascii_lowercase())
}
use zicht_core::privacy::{self, FindingKind};
use zicht_core::Lang;

pub const SCHEMA: &str = "zicht.observation/1";

/// A body that is JSON but not a protocol-1 observation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub error: String,
}

fn invalid(field: &'static str, error: impl Into<String>) -> Invalid {
    Invalid {
        field,
        error: error.into(),
    }
}

/// Checks the required fields; returns the observation's id.
pub fn observation(value: &Value) -> Result<String, Invalid> {
    let obj = value
        .as_object()
        .ok_or_else(|| invalid("body", "body: expected a JSON object"))?;
    let string = |field: &'static str| -> Result<&str, Invalid> {
        match obj.get(field) {
            None | Some(Value::Null) => Err(invalid(field, format!("{field}: required"))),
            Some(Value::String(s)) => Ok(s.as_str()),
            Some(_) => Err(invalid(field, format!("{field}: expected a string"))),
        }
    };
    let id = string("id")?;
    if !is_uuid_v4(id) {
        return Err(invalid("id", "id: expected a UUID v4"));
    }
    if string("schema")? != SCHEMA {
        return Err(invalid("schema", format!("schema: expected \"{SCHEMA}\"")));
    }
    if !is_date(string("observed_on")?) {
        return Err(invalid(
            "observed_on",
            "observed_on: expected a date YYYY-MM-DD",
        ));
    }
    if parse_rfc3339_ms(string("recorded_at")?).is_none() {
        return Err(invalid(
            "recorded_at",
            "recorded_at: expected an RFC 3339 timestamp",
        ));
    }
    match obj.get("signals") {
        Some(Value::Array(items)) => {
            if !items.iter().all(Value::is_string) {
                return Err(invalid("signals", "signals: expected an array of strings"));
            }
        }
        None | Some(Value::Null) => return Err(invalid("signals", "signals: required")),
        Some(_) => return Err(invalid("signals", "signals: expected an array of strings")),
    }
    if string("content_version")?.trim().is_empty() {
        return Err(invalid(
            "content_version",
            "content_version: must not be empty",
        ));
    }
    match obj.get("corrects") {
        None | Some(Value::Null) => {}
        Some(Value::String(s)) if is_uuid_v4(s) && s != id => {}
        Some(_) => {
            return Err(invalid(
                "corrects",
                "corrects: expected the UUID v4 of an earlier observation",
            ))
        }
    }
    // The app never sends practice observations; one arriving here is a bug
    // we refuse to store as if it were real.
    if obj.get("practice") == Some(&Value::Bool(true)) {
        return Err(invalid(
            "practice",
            "practice: practice observations are not accepted",
        ));
    }
    if let Some(Value::String(note)) = obj.get("note") {
        if let Some(message) = identifying(note) {
            return Err(invalid("note", message));
        }
    }
    Ok(id.to_string())
}

/// Why a sealed body is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SealedInvalid {
    /// Sealed to a `key_id` this endpoint does not accept (`422 unknown_key`).
    UnknownKey(String),
    /// A field is missing or malformed (`422` naming the field).
    Field(Invalid),
}

/// Checks a sealed body's fields (never its content: the endpoint cannot and
/// must not decrypt it) against the accepted `key_id`s; returns its id.
pub fn sealed(value: &Value, accepted_key_ids: &[String]) -> Result<String, SealedInvalid> {
    use zicht_core::seal::{base64url_decode, KEY_LEN, SEALED_SCHEMA, TAG_LEN};
    let field = |f: &'static str, e: &str| SealedInvalid::Field(invalid(f, e));
    let obj = value
        .as_object()
        .ok_or_else(|| field("body", "body: expected a JSON object"))?;
    let string = |name: &'static str| -> Result<&str, SealedInvalid> {
        match obj.get(name) {
            Some(Value::String(s)) => Ok(s.as_str()),
            None | Some(Value::Null) => Err(field(name, &format!("{name}: required"))),
            Some(_) => Err(field(name, &format!("{name}: expected a string"))),
        }
    };
    let id = string("id")?;
    if !is_uuid_v4(id) {
        return Err(field("id", "id: expected a UUID v4"));
    }
    if string("schema")? != SEALED_SCHEMA {
        return Err(field("schema", "schema: expected \"zicht.sealed/1\""));
    }
    let key_id = string("key_id")?;
    let enc = base64url_decode(string("enc")?);
    if enc.as_ref().map(Vec::len) != Some(KEY_LEN) {
        return Err(field(
            "enc",
            "enc: expected 32 bytes in base64url without padding",
        ));
    }
    match base64url_decode(string("ciphertext")?) {
        Some(ct) if ct.len() >= TAG_LEN => {}
        _ => {
            return Err(field(
                "ciphertext",
                "ciphertext: expected base64url without padding, at least 16 bytes",
            ))
        }
    }
    if parse_rfc3339_ms(string("recorded_at")?).is_none() {
        return Err(field(
            "recorded_at",
            "recorded_at: expected an RFC 3339 timestamp",
        ));
    }
    if !accepted_key_ids.iter().any(|k| k == key_id) {
        return Err(SealedInvalid::UnknownKey(key_id.to_string()));
    }
    Ok(id.to_string())
}

/// A Dutch message naming the kinds of identifier the note holds, if it holds
/// any that block sending; it does not repeat the identifier itself.
pub fn identifying(note: &str) -> Option<String> {
    let mut kinds: Vec<FindingKind> = privacy::scan(note)
        .into_iter()
        .filter(|f| f.blocks_sending)
        .map(|f| f.kind)
        .collect();
    kinds.sort();
    kinds.dedup();
    let labels: Vec<&str> = kinds.iter().map(|k| k.label(Lang::Nl)).collect();
    let list = match labels.as_slice() {
        [] => return None,
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} en {last}", rest.join(", ")),
    };
    Some(format!(
        "note: de notitie bevat gegevens die iemand herkenbaar maken ({list}). \
         Een observatie is anoniem: haal dit uit de notitie en verstuur haar opnieuw."
    ))
}

/// `YYYY-MM-DD`, a real calendar day.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1900 && (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2024-13-01"));
        assert!(!is_date("2024-1-01"));
        assert!(!is_date("２０２４-01-01"));
    }

    #[test]
    fn notes_with_an_identifier_are_named_in_dutch() {
        let m = identifying("bel 06-12345678 of mail mo@hotmail.com").expect("refused");
        assert!(m.starts_with("note: "), "{m}");
        assert!(m.contains("telefoonnummer en e-mailadres"), "{m}");
        assert!(
            !m.contains("06-12345678") && !m.contains("mo@hotmail.com"),
            "{m}"
        );
        for note in [
            "kenteken 12-ABC-3",
            "woont op de Hoefkade 12",
            "2525 AB",
            "NL91 ABNA 0417 1643 00",
            "geboren op 12-03-2010",
            "BSN 111222333",
            "snap: lil.daan09",
        ] {
            assert!(identifying(note).is_some(), "{note}");
        }
        // Names and long numbers are the app's to confirm; harmless notes pass.
        assert_eq!(identifying("Youssef zat achterop"), None);
        assert_eq!(identifying("Twee jongens bij de snackbar om 23:00"), None);
        assert_eq!(identifying(""), None);
    }
}
