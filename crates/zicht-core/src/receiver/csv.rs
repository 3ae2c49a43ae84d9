//! The decrypted, filtered set as CSV (RFC 4180, comma, CRLF), made in the
//! receiver's browser. Titles are in the chosen language; ids stay beside
//! them so a spreadsheet can still group on them.

use super::inbox::{area_label, form_labels, signal_labels, worry_key, Marks};
use super::Item;
use crate::i18n;
use crate::observation::Observation;
use crate::Lang;

pub const COLUMNS: [&str; 22] = [
    "id",
    "observed_on",
    "day_part",
    "recorded_at",
    "received_at",
    "receipt",
    "worry",
    "gemeente",
    "wijk",
    "area",
    "setting",
    "age_band",
    "gender",
    "signals",
    "signal_titles",
    "forms",
    "form_titles",
    "recruitment",
    "steps_taken",
    "note",
    "content_version",
    "marks",
];

/// Serde name of a closed-list value (`"straat_hangplek"`).
fn code<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// RFC 4180 quoting, plus a leading apostrophe for cells a spreadsheet would
/// run as a formula (CSV injection): the note is free text from outside.
pub fn cell(s: &str) -> String {
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

/// The CSV of `rows` (a header line first); `marks` adds the receiver's own
/// "gezien"/"opgepakt".
pub fn csv<'a>(
    rows: impl IntoIterator<Item = (&'a Item, &'a Observation)>,
    marks: &Marks,
    lang: Lang,
) -> String {
    let mut out = COLUMNS.join(",");
    out.push_str("\r\n");
    for (item, o) in rows {
        let titles: Vec<String> = signal_labels(o, lang)
            .into_iter()
            .map(|l| l.title.unwrap_or(l.id))
            .collect();
        let mut mark = Vec::new();
        if marks.is_seen(&o.id) {
            mark.push(i18n::t(lang, i18n::K::RcvMarkSeen));
        }
        if marks.is_picked_up(&o.id) {
            mark.push(i18n::t(lang, i18n::K::RcvMarkPickedUp));
        }
        let cells = [
            o.id.clone(),
            o.observed_on.clone(),
            o.day_part.as_ref().map(code).unwrap_or_default(),
            o.recorded_at.clone(),
            item.received_at.clone(),
            item.receipt.clone(),
            format!("{} ({})", code(&o.worry), i18n::t(lang, worry_key(o.worry))),
            o.area
                .as_ref()
                .map(|a| a.gemeente.clone())
                .unwrap_or_default(),
            o.area
                .as_ref()
                .and_then(|a| a.wijk.clone())
                .unwrap_or_default(),
            area_label(o).unwrap_or_default(),
            o.setting.as_ref().map(code).unwrap_or_default(),
            code(&o.age_band),
            o.gender.as_ref().map(code).unwrap_or_default(),
            o.signals.join("; "),
            titles.join("; "),
            o.forms.join("; "),
            form_labels(o, lang).join("; "),
            o.recruitment.join("; "),
            o.steps_taken
                .iter()
                .map(code)
                .collect::<Vec<_>>()
                .join("; "),
            o.note.clone(),
            o.content_version.clone(),
            mark.join("; "),
        ];
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observation::Worry;
    use crate::receiver::inbox::tests::{item, obs};

    #[test]
    fn one_line_per_observation_with_quoting_and_no_formulas() {
        let mut o = obs(1, "2026-11-02", Worry::Acuut, &["x"]);
        o.note = "=HYPERLINK(\"x\"), en\nmeer".into();
        let i = item(o.clone());
        let mut marks = Marks::default();
        marks.set_picked_up(&o.id, true);
        let text = csv([(&i, &o)], &marks, Lang::Nl);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0].split(',').count(), COLUMNS.len());
        assert!(
            text.contains("\"'=HYPERLINK(\"\"x\"\"), en\nmeer\""),
            "{text}"
        );
        assert!(text.contains("acuut (Acuut"), "{text}");
        assert!(lines[1].starts_with(&o.id));
        assert!(
            text.contains("gezien; opgepakt") || text.contains("Gezien; Opgepakt"),
            "{text}"
        );
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("plain"), "plain");
        let empty = csv(std::iter::empty(), &marks, Lang::En);
        assert_eq!(empty, format!("{}\r\n", COLUMNS.join(",")));
    }
}
