//! The anonymous observation: what a professional saw, never who.
//!
//! An [`Observation`] is what the form produces and what the outbox sends: its
//! JSON serialisation (serde, snake_case values) **is** the body of
//! `POST {url}/v1/observations` in the referral protocol
//! (`docs/referral-protocol.md`). The form autosaves a [`Draft`], in
//! which everything is optional; [`Draft::finish`] turns it into an
//! observation or explains, in Dutch and English, what is missing.
//!
//! # Wire format, `zicht.observation/1`
//!
//! Every field is always present in the JSON (absent optional values are
//! `null`, absent lists `[]`), so receivers need no defaults of their own.
//!
//! | field | JSON type | values and meaning |
//! | --- | --- | --- |
//! | `id` | string | UUID v4, lower case, made on the device when the observation is first saved ([`uuid_v4_from_bytes`]); never changes; also the `Idempotency-Key` |
//! | `schema` | string | always `"zicht.observation/1"` ([`SCHEMA`]) |
//! | `observed_on` | string | `YYYY-MM-DD`, the day of the observation, never after the day it was recorded |
//! | `day_part` | string or null | `ochtend` (06–12), `middag` (12–18), `avond` (18–24), `nacht` (00–06); nothing finer than a day part is kept |
//! | `recorded_at` | string | RFC 3339 in UTC with `Z`, e.g. `2026-11-23T09:30:00Z`: when it was saved on the device |
//! | `area` | object or null | `{"gemeente": id, "wijk": id or null}`: ids from the regional contact packs; no street, no coordinates |
//! | `setting` | string or null | `straat_hangplek`, `school`, `buurthuis`, `online`, `woning`, `winkel`, `vervoer`, `anders` |
//! | `age_band` | string | estimated age: `onder_12`, `12_15`, `16_17`, `18_21`, `22_plus`, `onbekend` (default) |
//! | `gender` | string or null | `jongen`, `meisje`, `anders`, `onbekend`; null when not filled in |
//! | `signals` | array of strings | at least one signal id from the catalogue, no duplicates |
//! | `forms` | array of strings | ids of suspected forms of forced crime (catalogue) |
//! | `recruitment` | array of strings | ids of recruitment signs (catalogue) |
//! | `worry` | string | `acuut` (direct danger, act now), `zorgelijk` (worrying), `twijfel` (in doubt) |
//! | `steps_taken` | array of strings | `collega`, `aandachtsfunctionaris`, `shop_jeugd`, `veilig_thuis`, `politie`, `nog_niets`; `nog_niets` stands alone |
//! | `note` | string | free text, at most [`NOTE_MAX_CHARS`] characters; passed the privacy guard (no phone number, e-mail address or BSN) |
//! | `meldroute` | object or null | `{"role": id, "path": [step ids]}`: how far the user went through the meldroute |
//! | `content_version` | string | version of the bundled content the ids refer to ([`crate::CONTENT_VERSION`]) |
//! | `corrects` | string or null | id of an earlier (sent) observation that this one corrects |
//! | `practice` | bool | made in training mode; never sent (the outbox enforces it) |
//!
//! No field holds a name, address, phone number, e-mail address, date of birth,
//! BSN or licence plate: the structured fields are closed lists or ids, and
//! the note passes [`crate::privacy::scan`].

use serde::{Deserialize, Serialize};

use crate::calendar;
use crate::i18n::{self, K};
use crate::privacy;
use crate::Lang;

/// Value of the `schema` field.
pub const SCHEMA: &str = "zicht.observation/1";

/// The code (its serde name, used as form value) and the label key of every value
/// of a closed list, from one table, so the form and the wire format cannot drift.
macro_rules! closed_list {
    ($ty:ident { $($variant:ident => $code:literal, $key:expr;)+ }) => {
        impl $ty {
            /// The value as in the JSON (`"straat_hangplek"`), also the form value.
            pub fn code(self) -> &'static str {
                match self { $($ty::$variant => $code,)+ }
            }
            /// The value of a code; `None` for anything else (an empty select).
            pub fn from_code(code: &str) -> Option<$ty> {
                match code { $($code => Some($ty::$variant),)+ _ => None }
            }
            /// The text key of its label.
            pub fn label(self) -> K {
                match self { $($ty::$variant => $key,)+ }
            }
        }
    };
}

/// Longest note, in characters (not bytes: Dutch has é, ë, ï …).
pub const NOTE_MAX_CHARS: usize = 1000;

/// Part of the day; the only time of day an observation keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayPart {
    Ochtend,
    Middag,
    Avond,
    Nacht,
}

impl DayPart {
    pub const ALL: [DayPart; 4] = [
        DayPart::Ochtend,
        DayPart::Middag,
        DayPart::Avond,
        DayPart::Nacht,
    ];

    /// The day part of a local hour (0–23); the browser knows the local time.
    pub fn from_local_hour(hour: u8) -> DayPart {
        match hour {
            6..=11 => DayPart::Ochtend,
            12..=17 => DayPart::Middag,
            18..=23 => DayPart::Avond,
            _ => DayPart::Nacht,
        }
    }
}

/// Where it happened, as a kind of place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    StraatHangplek,
    School,
    Buurthuis,
    Online,
    Woning,
    Winkel,
    Vervoer,
    Anders,
}

impl Setting {
    pub const ALL: [Setting; 8] = [
        Setting::StraatHangplek,
        Setting::School,
        Setting::Buurthuis,
        Setting::Online,
        Setting::Woning,
        Setting::Winkel,
        Setting::Vervoer,
        Setting::Anders,
    ];
}

/// Estimated age, in bands wide enough not to identify anyone.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AgeBand {
    #[serde(rename = "onder_12")]
    Under12,
    #[serde(rename = "12_15")]
    From12To15,
    #[serde(rename = "16_17")]
    From16To17,
    #[serde(rename = "18_21")]
    From18To21,
    #[serde(rename = "22_plus")]
    From22,
    #[default]
    #[serde(rename = "onbekend")]
    Unknown,
}

impl AgeBand {
    pub const ALL: [AgeBand; 6] = [
        AgeBand::Under12,
        AgeBand::From12To15,
        AgeBand::From16To17,
        AgeBand::From18To21,
        AgeBand::From22,
        AgeBand::Unknown,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Jongen,
    Meisje,
    Anders,
    Onbekend,
}

/// How worried the professional is; decides the urgency of the meldroute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Worry {
    Acuut,
    Zorgelijk,
    Twijfel,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Collega,
    Aandachtsfunctionaris,
    ShopJeugd,
    VeiligThuis,
    Politie,
    NogNiets,
}

impl Step {
    pub const ALL: [Step; 6] = [
        Step::Collega,
        Step::Aandachtsfunctionaris,
        Step::ShopJeugd,
        Step::VeiligThuis,
        Step::Politie,
        Step::NogNiets,
    ];
}

/// A coarse area: a municipality and optionally a neighbourhood, as ids.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    pub gemeente: String,
    #[serde(default)]
    pub wijk: Option<String>,
}

/// How far the user went through the meldroute.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeldrouteProgress {
    pub role: String,
    #[serde(default)]
    pub path: Vec<String>,
}

/// One anonymous observation; see the module documentation for the wire format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Observation {
    pub id: String,
    pub schema: String,
    pub observed_on: String,
    #[serde(default)]
    pub day_part: Option<DayPart>,
    pub recorded_at: String,
    #[serde(default)]
    pub area: Option<Area>,
    #[serde(default)]
    pub setting: Option<Setting>,
    #[serde(default)]
    pub age_band: AgeBand,
    #[serde(default)]
    pub gender: Option<Gender>,
    pub signals: Vec<String>,
    #[serde(default)]
    pub forms: Vec<String>,
    #[serde(default)]
    pub recruitment: Vec<String>,
    pub worry: Worry,
    #[serde(default)]
    pub steps_taken: Vec<Step>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub meldroute: Option<MeldrouteProgress>,
    pub content_version: String,
    #[serde(default)]
    pub corrects: Option<String>,
    #[serde(default)]
    pub practice: bool,
}

/// What the form autosaves: every field optional, nothing validated.
///
/// Stored as JSON; unknown or missing fields are tolerated so a draft saved by
/// an older or newer version of the app still opens.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    /// Set when the draft edits a saved, unsent observation (its id is kept).
    pub id: Option<String>,
    pub observed_on: Option<String>,
    pub day_part: Option<DayPart>,
    pub area: Option<Area>,
    pub setting: Option<Setting>,
    pub age_band: Option<AgeBand>,
    pub gender: Option<Gender>,
    pub signals: Vec<String>,
    pub forms: Vec<String>,
    pub recruitment: Vec<String>,
    pub worry: Option<Worry>,
    pub steps_taken: Vec<Step>,
    pub note: String,
    pub meldroute: Option<MeldrouteProgress>,
    pub corrects: Option<String>,
    pub practice: bool,
    /// What the user confirmed is no name although the guard took it for one
    /// ("Het is geen naam"), as found in the note; never sent.
    pub not_names: Vec<String>,
}

/// What only the caller knows when a draft is finished: the clock and fresh
/// random bytes come from the browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinishContext {
    /// Id for a new observation (a draft that has no id yet).
    pub new_id: String,
    /// Today's local date, `YYYY-MM-DD`: default and upper bound of `observed_on`.
    pub today: String,
    /// Now, RFC 3339 UTC.
    pub recorded_at: String,
    /// The current local day part, used when the draft has no date or day
    /// part (the fast path: "just now").
    pub day_part_now: Option<DayPart>,
    pub content_version: String,
}

impl FinishContext {
    /// A context with the bundled content version and no day part.
    pub fn new(random: [u8; 16], today: &str, recorded_at: &str) -> FinishContext {
        FinishContext {
            new_id: uuid_v4_from_bytes(random),
            today: today.to_string(),
            recorded_at: recorded_at.to_string(),
            day_part_now: None,
            content_version: crate::CONTENT_VERSION.to_string(),
        }
    }
}

/// Which catalogue lists an id must be in. The catalogue is separate content,
/// so the caller passes lookups; [`KnownIds::format_only`] accepts any well
/// formed id (for tests and for an endpoint without the catalogue).
#[derive(Clone, Copy)]
pub struct KnownIds<'a> {
    pub signal: &'a dyn Fn(&str) -> bool,
    pub form: &'a dyn Fn(&str) -> bool,
    pub recruitment: &'a dyn Fn(&str) -> bool,
    /// Gemeente and wijk ids.
    pub area: &'a dyn Fn(&str) -> bool,
}

/// One id list of an observation to check: its field, the ids, the lookup that
/// knows them, and the messages for an unknown and for a repeated id.
type IdListCheck<'a> = (Field, &'a Vec<String>, &'a dyn Fn(&str) -> bool, K, K);

closed_list!(DayPart {
    Ochtend => "ochtend", K::ObsDayPartOchtend;
    Middag => "middag", K::ObsDayPartMiddag;
    Avond => "avond", K::ObsDayPartAvond;
    Nacht => "nacht", K::ObsDayPartNacht;
});

closed_list!(Setting {
    StraatHangplek => "straat_hangplek", K::ObsSettingStraatHangplek;
    School => "school", K::ObsSettingSchool;
    Buurthuis => "buurthuis", K::ObsSettingBuurthuis;
    Online => "online", K::ObsSettingOnline;
    Woning => "woning", K::ObsSettingWoning;
    Winkel => "winkel", K::ObsSettingWinkel;
    Vervoer => "vervoer", K::ObsSettingVervoer;
    Anders => "anders", K::ObsSettingAnders;
});

closed_list!(AgeBand {
    Under12 => "onder_12", K::ObsAgeOnder12;
    From12To15 => "12_15", K::ObsAge1215;
    From16To17 => "16_17", K::ObsAge1617;
    From18To21 => "18_21", K::ObsAge1821;
    From22 => "22_plus", K::ObsAge22Plus;
    Unknown => "onbekend", K::ObsAgeOnbekend;
});

closed_list!(Gender {
    Jongen => "jongen", K::ObsGenderJongen;
    Meisje => "meisje", K::ObsGenderMeisje;
    Anders => "anders", K::ObsGenderAnders;
    Onbekend => "onbekend", K::ObsGenderOnbekend;
});

closed_list!(Worry {
    Acuut => "acuut", K::ObsWorryAcuut;
    Zorgelijk => "zorgelijk", K::ObsWorryZorgelijk;
    Twijfel => "twijfel", K::ObsWorryTwijfel;
});

closed_list!(Step {
    Collega => "collega", K::ObsStepCollega;
    Aandachtsfunctionaris => "aandachtsfunctionaris", K::ObsStepAandachtsfunctionaris;
    ShopJeugd => "shop_jeugd", K::ObsStepShopJeugd;
    VeiligThuis => "veilig_thuis", K::ObsStepVeiligThuis;
    Politie => "politie", K::ObsStepPolitie;
    NogNiets => "nog_niets", K::ObsStepNogNiets;
});

impl Gender {
    pub const ALL: [Gender; 4] = [
        Gender::Jongen,
        Gender::Meisje,
        Gender::Anders,
        Gender::Onbekend,
    ];
}

impl Worry {
    pub const ALL: [Worry; 3] = [Worry::Acuut, Worry::Zorgelijk, Worry::Twijfel];
}

/// Whether an id is in the bundled catalogue: a signal, a form, a recruitment
/// sign or an area (ids are unique over the catalogue, see [`KnownIds::all`]).
pub fn catalog_knows(id: &str) -> bool {
    let catalog = crate::catalog();
    catalog.signals.signal(id).is_some()
        || catalog.signals.form(id).is_some()
        || catalog.signals.recruitment_item(id).is_some()
        || catalog
            .regions
            .iter()
            .any(|r| r.areas.iter().any(|a| a.id == id))
}

/// The title of a signal in the catalogue, or its id when the catalogue has none.
fn signal_title(id: &str, lang: Lang) -> String {
    crate::catalog()
        .signals
        .signal(id)
        .map(|s| s.title.get(lang).to_string())
        .unwrap_or_else(|| id.to_string())
}

fn accept_any(_: &str) -> bool {
    true
}

/// Whether the bundled catalogue has this signal.
pub fn catalog_knows_signal(id: &str) -> bool {
    crate::catalog().signals.signal(id).is_some()
}

impl KnownIds<'static> {
    /// The bundled catalogue's ids: what a saved observation is checked against.
    pub fn catalog() -> KnownIds<'static> {
        KnownIds::all(&catalog_knows)
    }

    pub fn format_only() -> KnownIds<'static> {
        KnownIds {
            signal: &accept_any,
            form: &accept_any,
            recruitment: &accept_any,
            area: &accept_any,
        }
    }
}

impl<'a> KnownIds<'a> {
    /// One lookup for every list (when ids are unique over the catalogue).
    pub fn all(lookup: &'a dyn Fn(&str) -> bool) -> KnownIds<'a> {
        KnownIds {
            signal: lookup,
            form: lookup,
            recruitment: lookup,
            area: lookup,
        }
    }
}

/// A field of the observation, named as in the JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Id,
    Schema,
    ObservedOn,
    DayPart,
    RecordedAt,
    Area,
    Setting,
    AgeBand,
    Gender,
    Signals,
    Forms,
    Recruitment,
    Worry,
    StepsTaken,
    Note,
    Meldroute,
    ContentVersion,
    Corrects,
}

impl Field {
    /// The JSON name; the form uses it to put the message next to its input.
    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Schema => "schema",
            Field::ObservedOn => "observed_on",
            Field::DayPart => "day_part",
            Field::RecordedAt => "recorded_at",
            Field::Area => "area",
            Field::Setting => "setting",
            Field::AgeBand => "age_band",
            Field::Gender => "gender",
            Field::Signals => "signals",
            Field::Forms => "forms",
            Field::Recruitment => "recruitment",
            Field::Worry => "worry",
            Field::StepsTaken => "steps_taken",
            Field::Note => "note",
            Field::Meldroute => "meldroute",
            Field::ContentVersion => "content_version",
            Field::Corrects => "corrects",
        }
    }
}

/// Why a field is not acceptable, in words the user can act on. The texts
/// come from `content/i18n/observation.toml` (keys `obs_err_*`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Field,
    pub message_nl: String,
    pub message_en: String,
}

impl FieldError {
    /// The message `key` in both languages, with `{name}` placeholders filled.
    pub fn new(field: Field, key: K, args: &[(&str, &str)]) -> FieldError {
        FieldError {
            field,
            message_nl: i18n::tf(Lang::Nl, key, args),
            message_en: i18n::tf(Lang::En, key, args),
        }
    }

    /// Like [`FieldError::new`], with arguments that differ per language.
    fn localised(field: Field, key: K, args: impl Fn(Lang) -> Vec<(String, String)>) -> FieldError {
        let fill = |lang| {
            let owned = args(lang);
            let borrowed: Vec<(&str, &str)> = owned
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            i18n::tf(lang, key, &borrowed)
        };
        FieldError {
            field,
            message_nl: fill(Lang::Nl),
            message_en: fill(Lang::En),
        }
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.message_nl,
            Lang::En => &self.message_en,
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field.name(), self.message_en)
    }
}

impl Draft {
    /// A draft to edit a saved observation that was not sent yet (a sent one
    /// is read-only: correct it with [`Draft::correcting`]).
    pub fn from_observation(o: &Observation) -> Draft {
        Draft {
            id: Some(o.id.clone()),
            observed_on: Some(o.observed_on.clone()),
            day_part: o.day_part,
            area: o.area.clone(),
            setting: o.setting,
            age_band: Some(o.age_band),
            gender: o.gender,
            signals: o.signals.clone(),
            forms: o.forms.clone(),
            recruitment: o.recruitment.clone(),
            worry: Some(o.worry),
            steps_taken: o.steps_taken.clone(),
            note: o.note.clone(),
            meldroute: o.meldroute.clone(),
            corrects: o.corrects.clone(),
            practice: o.practice,
            // Saved, so each suspected name in it was confirmed then.
            not_names: privacy::scan(&o.note)
                .into_iter()
                .filter(|f| f.kind.needs_confirmation())
                .map(|f| f.excerpt)
                .collect(),
        }
    }

    /// The suspected names in the note the user has not yet confirmed to be
    /// none: while there is one, the draft is not saved.
    pub fn unconfirmed_names(&self) -> Vec<privacy::Finding> {
        privacy::scan(&self.note)
            .into_iter()
            .filter(|f| f.kind.needs_confirmation() && !self.is_confirmed_not_name(&f.excerpt))
            .collect()
    }

    fn is_confirmed_not_name(&self, excerpt: &str) -> bool {
        let excerpt = excerpt.trim().to_lowercase();
        self.not_names
            .iter()
            .any(|n| n.trim().to_lowercase() == excerpt)
    }

    /// "Het is geen naam": `excerpt` may stay in the note.
    pub fn confirm_not_name(&mut self, excerpt: &str) {
        if !self.is_confirmed_not_name(excerpt) {
            self.not_names.push(excerpt.trim().to_string());
        }
    }

    /// "Ik haal het weg": the found text leaves the note (when the note has
    /// not changed under it since the scan).
    pub fn remove_finding(&mut self, finding: &privacy::Finding) {
        if self.note.get(finding.start..finding.end) == Some(finding.excerpt.as_str()) {
            self.note = privacy::remove_span(&self.note, finding.start, finding.end);
        }
    }

    /// A draft for a new observation that corrects `o` (protocol guarantee 4).
    pub fn correcting(o: &Observation) -> Draft {
        Draft {
            id: None,
            corrects: Some(o.id.clone()),
            ..Draft::from_observation(o)
        }
    }

    /// Validates the draft and fills in defaults. The fast path needs only
    /// one signal and a worry level; the date defaults to today, the day part
    /// to the current one (when the date is today), the age band to
    /// `onbekend`. Every problem is reported, not only the first.
    pub fn finish(
        &self,
        ctx: &FinishContext,
        known: &KnownIds<'_>,
    ) -> Result<Observation, Vec<FieldError>> {
        let mut errors = Vec::new();
        let Some(worry) = self.worry else {
            errors.push(FieldError::new(Field::Worry, K::ObsErrWorryMissing, &[]));
            // Validate the rest too so the user sees everything at once.
            let probe = self.build(ctx, Worry::Twijfel);
            errors.extend(probe.validate(known, Some(&ctx.today)));
            return Err(errors);
        };
        let observation = self.build(ctx, worry);
        errors.extend(observation.validate(known, Some(&ctx.today)));
        // A suspected name is never saved (and so never sent) silently.
        for finding in self.unconfirmed_names() {
            errors.push(FieldError::new(
                Field::Note,
                K::ObsErrNoteNameUnconfirmed,
                &[("excerpt", &finding.excerpt)],
            ));
        }
        if errors.is_empty() {
            Ok(observation)
        } else {
            Err(errors)
        }
    }

    fn build(&self, ctx: &FinishContext, worry: Worry) -> Observation {
        let observed_on = self
            .observed_on
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .unwrap_or(&ctx.today)
            .to_string();
        let day_part = self.day_part.or(if observed_on == ctx.today {
            ctx.day_part_now
        } else {
            None
        });
        let area = self.area.as_ref().and_then(|a| {
            let gemeente = a.gemeente.trim();
            (!gemeente.is_empty()).then(|| Area {
                gemeente: gemeente.to_string(),
                wijk: a
                    .wijk
                    .as_deref()
                    .map(str::trim)
                    .filter(|w| !w.is_empty())
                    .map(str::to_string),
            })
        });
        Observation {
            id: self.id.clone().unwrap_or_else(|| ctx.new_id.clone()),
            schema: SCHEMA.to_string(),
            observed_on,
            day_part,
            recorded_at: ctx.recorded_at.clone(),
            area,
            setting: self.setting,
            age_band: self.age_band.unwrap_or_default(),
            gender: self.gender,
            signals: dedup(&self.signals),
            forms: dedup(&self.forms),
            recruitment: dedup(&self.recruitment),
            worry,
            steps_taken: dedup(&self.steps_taken),
            note: self.note.trim().to_string(),
            meldroute: self.meldroute.clone(),
            content_version: ctx.content_version.clone(),
            corrects: self
                .corrects
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            practice: self.practice,
        }
    }
}

fn dedup<T: Clone + PartialEq>(items: &[T]) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    out
}

impl Observation {
    /// A short, readable text of one observation, for sharing or printing; the
    /// note is redacted once more, in case it was stored before a guard update.
    pub fn summary(&self, lang: Lang) -> String {
        let t = |k: K| i18n::t(lang, k).to_string();
        let mut lines = vec![t(K::ObsSummaryHeading), String::new()];
        let mut line = |k: K, v: String| lines.push(format!("{}: {v}", t(k)));
        let day_part = self
            .day_part
            .map(|d| format!(", {}", t(d.label())))
            .unwrap_or_default();
        line(
            K::ObsFieldObserved,
            format!("{}{day_part}", self.observed_on),
        );
        line(K::ObsWorry, t(self.worry.label()));
        let signals: Vec<String> = self.signals.iter().map(|s| signal_title(s, lang)).collect();
        line(K::ObsSignalsChosen, signals.join("; "));
        if let Some(s) = self.setting {
            line(K::ObsSetting, t(s.label()));
        }
        line(K::ObsAge, t(self.age_band.label()));
        if !self.steps_taken.is_empty() {
            let steps: Vec<String> = self.steps_taken.iter().map(|s| t(s.label())).collect();
            line(K::ObsSteps, steps.join("; "));
        }
        if !self.note.is_empty() {
            line(K::ObsNote, privacy::redact(&self.note, lang));
        }
        line(K::ObsFieldId, self.id.clone());
        lines.push(String::new());
        lines.push(t(K::ObsSummaryFor));
        lines.join("\n")
    }

    /// Every problem with this observation. `today` (`YYYY-MM-DD`) bounds
    /// `observed_on`; pass `None` where the local date is unknown (a server).
    pub fn validate(&self, known: &KnownIds<'_>, today: Option<&str>) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut err = |field, key, args: &[(&str, &str)]| {
            errors.push(FieldError::new(field, key, args));
        };

        if !is_uuid_v4(&self.id) {
            err(Field::Id, K::ObsErrIdInvalid, &[]);
        }
        if self.schema != SCHEMA {
            let found = format!("{:?}", self.schema);
            err(
                Field::Schema,
                K::ObsErrSchemaUnknown,
                &[("found", &found), ("expected", SCHEMA)],
            );
        }
        if !is_date(&self.observed_on) {
            err(Field::ObservedOn, K::ObsErrDateInvalid, &[]);
        } else if today.is_some_and(|t| is_date(t) && self.observed_on.as_str() > t) {
            err(Field::ObservedOn, K::ObsErrDateFuture, &[]);
        }
        if !is_rfc3339_utc(&self.recorded_at) {
            err(Field::RecordedAt, K::ObsErrRecordedAtInvalid, &[]);
        }
        if let Some(area) = &self.area {
            let ok = |id: &str| is_id(id) && (known.area)(id);
            if !ok(&area.gemeente) || area.wijk.as_deref().is_some_and(|w| !ok(w)) {
                err(Field::Area, K::ObsErrAreaUnknown, &[]);
            }
        }
        if self.signals.is_empty() {
            err(Field::Signals, K::ObsErrSignalsMissing, &[]);
        }
        let lists: [IdListCheck<'_>; 3] = [
            (
                Field::Signals,
                &self.signals,
                known.signal,
                K::ObsErrSignalUnknown,
                K::ObsErrSignalTwice,
            ),
            (
                Field::Forms,
                &self.forms,
                known.form,
                K::ObsErrFormUnknown,
                K::ObsErrFormTwice,
            ),
            (
                Field::Recruitment,
                &self.recruitment,
                known.recruitment,
                K::ObsErrRecruitmentUnknown,
                K::ObsErrRecruitmentTwice,
            ),
        ];
        for (field, ids, lookup, unknown_key, twice_key) in lists {
            let unknown: Vec<&str> = ids
                .iter()
                .map(String::as_str)
                .filter(|id| !is_id(id) || !lookup(id))
                .collect();
            if !unknown.is_empty() {
                err(field, unknown_key, &[("list", &unknown.join(", "))]);
            }
            if dedup(ids).len() != ids.len() {
                err(field, twice_key, &[]);
            }
        }
        if self.steps_taken.contains(&Step::NogNiets) && self.steps_taken.len() > 1 {
            err(Field::StepsTaken, K::ObsErrNothingYetAlone, &[]);
        }
        let chars = self.note.chars().count();
        if chars > NOTE_MAX_CHARS {
            err(
                Field::Note,
                K::ObsErrNoteTooLong,
                &[
                    ("chars", &chars.to_string()),
                    ("max", &NOTE_MAX_CHARS.to_string()),
                ],
            );
        }
        if let Some(m) = &self.meldroute {
            if !is_id(&m.role) || m.path.iter().any(|s| !is_id(s)) {
                err(Field::Meldroute, K::ObsErrMeldrouteInvalid, &[]);
            }
        }
        if self.content_version.trim().is_empty() || self.content_version.len() > 64 {
            err(Field::ContentVersion, K::ObsErrContentVersionMissing, &[]);
        }
        if let Some(c) = &self.corrects {
            if !is_uuid_v4(c) || *c == self.id {
                err(Field::Corrects, K::ObsErrCorrectsInvalid, &[]);
            }
        }
        for finding in privacy::scan(&self.note) {
            if finding.blocks_sending {
                errors.push(FieldError::localised(
                    Field::Note,
                    K::ObsErrNoteIdentifying,
                    |lang| {
                        vec![
                            ("excerpt".to_string(), finding.excerpt.clone()),
                            (
                                "why".to_string(),
                                finding.kind.explanation(lang).to_string(),
                            ),
                        ]
                    },
                ));
            }
        }
        errors
    }

    /// The wire body (protocol `POST /v1/observations`).
    pub fn to_json(&self) -> String {
        // Serialising plain strings, enums and vectors cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(json: &str) -> Result<Observation, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }
}

/// A UUID v4 string (lower case, hyphenated) from 16 random bytes, with the
/// version and variant bits set. The browser supplies the bytes
/// (`crypto.getRandomValues`); this crate has no randomness of its own.
pub fn uuid_v4_from_bytes(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Canonical lower-case hyphenated UUID with version 4 and the RFC 4122 variant:
/// `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`.
///
/// The one check for the app, the outbox and the endpoint. The protocol says
/// only "UUID v4"; RFC 9562 writes UUIDs in lower case, the app makes them so
/// ([`uuid_v4_from_bytes`]), and the id is the idempotency key, compared as a
/// string: accepting upper case would let one UUID be stored twice.
pub fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(&c),
        })
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

/// An id as the content uses them: lower-case ASCII letters, digits, `-`, `_`.
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A real calendar date written `YYYY-MM-DD` (years 1900–2999).
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (digits(&s[0..4]), digits(&s[5..7]), digits(&s[8..10]))
    else {
        return false;
    };
    // The year range keeps the cast lossless.
    (1900..=2999).contains(&y)
        && (1..=12).contains(&m)
        && d >= 1
        && d <= calendar::days_in_month(y as i32, m)
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z`: RFC 3339 in UTC.
pub fn is_rfc3339_utc(s: &str) -> bool {
    let b = s.as_bytes();
    if !s.is_ascii()
        || b.len() < 20
        || !is_date(&s[..10])
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return false;
    }
    let (Some(h), Some(mi), Some(sec)) =
        (digits(&s[11..13]), digits(&s[14..16]), digits(&s[17..19]))
    else {
        return false;
    };
    if h > 23 || mi > 59 || sec > 60 {
        return false;
    }
    match &s[19..] {
        "Z" => true,
        rest => rest
            .strip_prefix('.')
            .and_then(|r| r.strip_suffix('Z'))
            .is_some_and(|frac| {
                !frac.is_empty() && frac.len() <= 9 && frac.bytes().all(|c| c.is_ascii_digit())
            }),
    }
}

/// A key that sorts RFC 3339 UTC times chronologically as strings: the
/// fraction is padded to nanoseconds (plain string order puts
/// `…:00.5Z` before `…:00Z`). Store it as an index to list oldest first.
pub fn time_sort_key(rfc3339: &str) -> String {
    let Some(body) = rfc3339.strip_suffix('Z') else {
        return rfc3339.to_string();
    };
    let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
    format!("{whole}.{frac:0<9}")
}
