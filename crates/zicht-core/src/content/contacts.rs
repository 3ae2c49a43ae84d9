//! Regional contact packs: organisations, numbers, availability.
//!
//! One file per region under `content/regions/<id>.toml`; adding a region is adding
//! a file. Every number, address and time in a pack must come from its cited source:
//! where the sources are silent the entry says so (`availability.kind = "unknown"`
//! with where to find out), so that filling it in later is a one-line edit.
//!
//! Compiled into `build.rs` as well: `std`, `serde` and `super::` only. Clock logic
//! lives in `crate::availability`.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use super::{Checker, ContentError, Source, Text};

/// A region: its areas (for coarse observation areas) and its contacts.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionPack {
    /// Equal to the file stem: `content/regions/<id>.toml`.
    pub id: String,
    pub name: Text,
    /// Scope and caveats of the whole pack, shown with the directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    /// Version of the pack's content, e.g. `2026-11-30.1`; shown with the directory
    /// so a user can tell which pack a device holds. Served packs must set it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// ISO date on which the pack as a whole was last checked; served packs must
    /// set it. Without it the newest `verified_on` of its contacts stands for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_on: Option<String>,
    /// Where regional contacts come from when this pack does not hold them
    /// (a national pack); a pack with this line may leave out route contacts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regional_note: Option<Text>,
    /// Gemeenten with their wijken or stadsdelen, only as far as a source names them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<Area>,
    #[serde(default)]
    pub contacts: Vec<Contact>,
}

/// A gemeente; its districts are optional because they must be sourced.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub districts: Vec<District>,
    /// Why the list of districts is empty or partial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct District {
    pub id: String,
    pub name: String,
}

/// One organisation or service a professional may need.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub id: String,
    pub name: Text,
    /// What a professional can go there for.
    pub purpose: Text,
    /// Who it is for.
    pub audience: Text,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phones: Vec<Phone>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    /// A chat: its URL when a source gives one, otherwise a description of how to
    /// reach it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat: Option<Chat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    pub availability: Availability,
    /// Quoted facts about reachability that do not fit the structure, e.g.
    /// "de hele week bereikbaar".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_note: Option<Text>,
    /// Walk-in sessions; `sessions` may be empty when the sources name a spreekuur
    /// without its times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub walk_in: Option<WalkIn>,
    /// What the sources do not give, so the UI can say so instead of leaving a gap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_in_sources: Option<Text>,
    /// Where the description comes from.
    pub source: Source,
    /// Further sources, e.g. the public page that gives the number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_sources: Vec<Source>,
    /// ISO date on which the entry was last checked against its sources.
    pub verified_on: String,
}

/// A phone number: `dial` is what goes into `tel:`, `display` what people read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phone {
    pub dial: String,
    pub display: String,
    pub label: Text,
    /// A number always needs its own source: the seeds give none.
    pub source: Source,
}

impl Phone {
    pub fn tel_uri(&self) -> String {
        format!("tel:{}", self.dial)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chat {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub description: Text,
}

/// When a contact can be reached.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Availability {
    /// Day and night, every day, holidays included.
    Always,
    /// Opening hours per weekday, Europe/Amsterdam local time.
    Weekly { hours: Vec<Hours> },
    /// A website or other resource without opening hours.
    Online,
    /// The sources give no hours: say where to find out.
    Unknown { how_to_find_out: Text },
}

impl Default for Availability {
    fn default() -> Self {
        Availability::Unknown {
            how_to_find_out: Text::default(),
        }
    }
}

/// One opening interval on one weekday; `to` may be `24:00`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hours {
    pub day: Weekday,
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WalkIn {
    #[serde(default)]
    pub sessions: Vec<Spreekuur>,
    /// What the source says about the spreekuur (frequency, for whom).
    pub note: Text,
    pub source: Source,
}

/// A walk-in session on a weekday, local time, at a place.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spreekuur {
    pub day: Weekday,
    pub from: String,
    pub to: String,
    pub place: Text,
}

/// Days of the week, Monday first as in Dutch calendars.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Weekday {
    #[default]
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    pub const ALL: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    /// 0 = Monday … 6 = Sunday.
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(i: usize) -> Weekday {
        Weekday::ALL[i % 7]
    }

    pub fn next(self) -> Weekday {
        Weekday::from_index(self.index() + 1)
    }

    // `name(lang)` is in `crate::amsterdam`: its texts come from the generated
    // `i18n::K`, which does not exist when build.rs compiles this module.
}

/// `"HH:MM"` as minutes after midnight; `"24:00"` is allowed (end of day).
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b':' {
        return None;
    }
    let digit = |c: u8| c.is_ascii_digit().then(|| u32::from(c - b'0'));
    let h = digit(b[0])? * 10 + digit(b[1])?;
    let m = digit(b[3])? * 10 + digit(b[4])?;
    if m > 59 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 60 + m)
}

/// A valid Gregorian `YYYY-MM-DD`.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    // Four digits keep the cast lossless; a month that does not exist has 0 days.
    y >= 1900 && (1..=crate::calendar::days_in_month(y as i32, m)).contains(&d)
}

/// Dialled digits: a Dutch number or short code, 3–13 digits, nothing else.
pub fn is_dial_string(s: &str) -> bool {
    (3..=13).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

impl RegionPack {
    /// The file this pack is read from, for error messages.
    pub fn file(&self) -> String {
        format!("{}/{}.toml", super::REGIONS_DIR, self.id)
    }

    /// The pack's verified-on date: its own, else its newest contact's.
    pub fn checked_on(&self) -> Option<&str> {
        self.verified_on
            .as_deref()
            .or_else(|| self.contacts.iter().map(|c| c.verified_on.as_str()).max())
    }

    /// A national pack: it holds no regional contacts and says where to get them.
    pub fn is_national(&self) -> bool {
        self.regional_note.is_some()
    }

    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }

    pub fn validate(&self, _catalog: &super::Catalog, errors: &mut Vec<ContentError>) {
        let mut c = Checker::new(self.file(), errors);
        let pack = format!("region {}", self.id);
        if self.id.is_empty() {
            c.error(&pack, "id is missing");
        }
        c.text(&pack, "name", &self.name);
        if let Some(note) = &self.note {
            c.text(&pack, "note", note);
        }
        if let Some(note) = &self.regional_note {
            c.text(&pack, "regional_note", note);
        }
        if let Some(version) = &self.version {
            if version.trim().is_empty() {
                c.error(&pack, "version: empty; leave it out instead");
            }
        }
        if let Some(date) = &self.verified_on {
            if !is_iso_date(date) {
                c.error(
                    &pack,
                    format!("verified_on {date:?} is not a valid YYYY-MM-DD date"),
                );
            }
        }

        let mut area_ids = HashSet::new();
        for area in &self.areas {
            c.id(&area.id, &mut area_ids);
            if area.name.trim().is_empty() {
                c.error(&area.id, "area: name is missing");
            }
            if let Some(note) = &area.note {
                c.text(&area.id, "note", note);
            }
            if !area.districts.is_empty() && area.source.is_none() {
                c.error(&area.id, "districts need a source");
            }
            if let Some(source) = &area.source {
                c.source(&area.id, source);
            }
            let mut district_ids = HashSet::new();
            for d in &area.districts {
                c.id(&d.id, &mut district_ids);
                if d.name.trim().is_empty() {
                    c.error(&d.id, "district: name is missing");
                }
            }
        }

        if self.contacts.is_empty() {
            c.error(&pack, "a region needs contacts");
        }
        let mut ids = HashSet::new();
        for contact in &self.contacts {
            validate_contact(&mut c, contact, &mut ids);
        }
    }
}

fn validate_contact<'a>(c: &mut Checker<'_>, contact: &'a Contact, ids: &mut HashSet<&'a str>) {
    let item = contact.id.as_str();
    c.id(item, ids);
    c.text(item, "name", &contact.name);
    c.text(item, "purpose", &contact.purpose);
    c.text(item, "audience", &contact.audience);
    c.source(item, &contact.source);
    for s in &contact.more_sources {
        c.source(item, s);
    }
    if !is_iso_date(&contact.verified_on) {
        c.error(
            item,
            format!(
                "verified_on {:?} is not a valid YYYY-MM-DD date",
                contact.verified_on
            ),
        );
    }
    for phone in &contact.phones {
        if !is_dial_string(&phone.dial) {
            c.error(
                item,
                format!("phone {:?}: dial must be 3-13 digits only", phone.dial),
            );
        }
        let display_digits: String = phone.display.chars().filter(char::is_ascii_digit).collect();
        if display_digits != phone.dial {
            c.error(
                item,
                format!(
                    "phone {:?}: display {:?} shows other digits than it dials",
                    phone.dial, phone.display
                ),
            );
        }
        c.text(item, "phone label", &phone.label);
        c.source(item, &phone.source);
    }
    for (field, url) in [
        ("website", &contact.website),
        (
            "chat url",
            &contact.chat.as_ref().and_then(|ch| ch.url.clone()),
        ),
    ] {
        if let Some(url) = url {
            if !url.starts_with("https://") {
                c.error(item, format!("{field}: must be an https URL"));
            }
        }
    }
    if let Some(chat) = &contact.chat {
        c.text(item, "chat description", &chat.description);
    }
    if let Some(address) = &contact.address {
        if address.trim().is_empty() {
            c.error(item, "address: empty; leave it out instead");
        }
    }
    match &contact.availability {
        Availability::Always | Availability::Online => {}
        Availability::Weekly { hours } => {
            if hours.is_empty() {
                c.error(
                    item,
                    "weekly availability without hours; use kind = \"unknown\"",
                );
            }
            for h in hours {
                check_interval(c, item, &h.from, &h.to);
            }
        }
        Availability::Unknown { how_to_find_out } => {
            c.text(item, "availability.how_to_find_out", how_to_find_out);
        }
    }
    if let Some(note) = &contact.availability_note {
        c.text(item, "availability_note", note);
    }
    if let Some(walk_in) = &contact.walk_in {
        c.text(item, "walk_in.note", &walk_in.note);
        c.source(item, &walk_in.source);
        for s in &walk_in.sessions {
            check_interval(c, item, &s.from, &s.to);
            c.text(item, "spreekuur place", &s.place);
        }
    }
    if let Some(missing) = &contact.not_in_sources {
        c.text(item, "not_in_sources", missing);
    }
}

fn check_interval(c: &mut Checker<'_>, item: &str, from: &str, to: &str) {
    match (parse_hhmm(from), parse_hhmm(to)) {
        (Some(f), Some(t)) if f < t && f < 24 * 60 => {}
        (Some(_), Some(_)) => c.error(
            item,
            format!("time {from}-{to}: from must be before to (split a night into two days)"),
        ),
        _ => c.error(item, format!("time {from}-{to}: times must be HH:MM")),
    }
}
