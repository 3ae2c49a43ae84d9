//! Which region pack the app shows, and region packs a deployment serves.
//!
//! The bundled packs come from `content/regions/*.toml` (validated by the build).
//! A deployment may serve one more pack next to `config.json` (`"region_pack":
//! "/regio.json"`, see `docs/region-packs.md`): the device checks it here with the
//! very validator the build runs ([`RegionPack::validate`] and
//! [`MeldrouteFile::check_pack`](crate::content::meldroute::MeldrouteFile::check_pack)),
//! plus the rules for served packs (a `version` and a `verified_on`), keeps the
//! last good one, and refuses a broken one with a message that names the problem
//! and its line. `zicht-content check FILE` runs the same checks for authors.

use serde::{Deserialize, Serialize};

use crate::content::contacts::{Contact, RegionPack};
use crate::content::meldroute::{MeldrouteFile, Step};
use crate::content::{Catalog, Checker, ContentError, Text};
use crate::i18n::{t, tf, K};
use crate::Lang;

/// Id of the national pack ("Elders in Nederland").
pub const NATIONAL: &str = "nederland";

// ------------------------------------------------------------------ choice

/// How the pack in use was arrived at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chosen {
    /// The user picked it on this device.
    User,
    /// The deployment presets it (`config.json`'s `region`, or its served pack).
    Deployment,
    /// Nobody chose: the first regional pack. The UI says so and offers a change.
    Default,
}

/// The pack in use and how it was chosen.
#[derive(Clone, Copy, Debug)]
pub struct Selection<'a> {
    pub pack: &'a RegionPack,
    pub how: Chosen,
}

impl Selection<'_> {
    /// True unless the user picked the region: then the screens say whose
    /// contacts these are, with a link to change it.
    pub fn needs_confirmation(&self) -> bool {
        self.how != Chosen::User
    }
}

/// The packs a user can choose from: the bundled ones, a served pack in place of
/// the bundled pack with its id (or added), regional packs first and national
/// ones (with a `regional_note`) last.
pub fn options<'a>(
    bundled: &'a [RegionPack],
    served: Option<&'a RegionPack>,
) -> Vec<&'a RegionPack> {
    let mut list: Vec<&RegionPack> = bundled
        .iter()
        .map(|b| match served {
            Some(s) if s.id == b.id => s,
            _ => b,
        })
        .collect();
    if let Some(s) = served {
        if !bundled.iter().any(|b| b.id == s.id) {
            list.insert(0, s);
        }
    }
    // Stable: keeps the bundled order within each group.
    list.sort_by_key(|p| p.is_national());
    list
}

/// The pack to show: the user's stored choice if it is still offered, else the
/// deployment's preset (`config.json` `region`, else its served pack), else the
/// first regional pack. `None` only when there is no pack at all.
pub fn select<'a>(
    options: &[&'a RegionPack],
    stored: Option<&str>,
    preset: Option<&str>,
    served: Option<&str>,
) -> Option<Selection<'a>> {
    let find = |id: Option<&str>| id.and_then(|id| options.iter().copied().find(|p| p.id == id));
    if let Some(pack) = find(stored) {
        return Some(Selection {
            pack,
            how: Chosen::User,
        });
    }
    if let Some(pack) = find(preset).or_else(|| find(served)) {
        return Some(Selection {
            pack,
            how: Chosen::Deployment,
        });
    }
    options
        .iter()
        .copied()
        .find(|p| !p.is_national())
        .or_else(|| options.first().copied())
        .map(|pack| Selection {
            pack,
            how: Chosen::Default,
        })
}

// ------------------------------------------------------------------ route

/// What a route step shows for its contacts with a given pack.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum StepContact<'a> {
    /// The pack has the contact.
    Listed(&'a Contact),
    /// The pack does not hold this regional contact: ask your own organisation
    /// or municipality (the pack's `regional_note`). Several missing contacts
    /// of one step become one such line.
    AskOwnOrganisation(&'a Text),
}

/// The contacts of `step` as `pack` resolves them, in the step's order.
/// A contact the pack lacks is covered by its `regional_note`; a pack without
/// one that lacks a contact fails [`validate_pack`], so nothing is dropped for
/// a pack that passed it.
pub fn step_contacts<'a>(step: &Step, pack: &'a RegionPack) -> Vec<StepContact<'a>> {
    let mut out = Vec::new();
    let mut asked = false;
    for id in &step.contacts {
        match (pack.contact(id), &pack.regional_note) {
            (Some(c), _) => out.push(StepContact::Listed(c)),
            (None, Some(note)) if !asked => {
                asked = true;
                out.push(StepContact::AskOwnOrganisation(note));
            }
            _ => {}
        }
    }
    out
}

/// `(step, contact)` pairs of the route that `pack` neither lists nor covers
/// with a regional note; empty for every pack the app may use.
pub fn unresolved<'r>(route: &'r MeldrouteFile, pack: &RegionPack) -> Vec<(&'r str, &'r str)> {
    route
        .steps
        .iter()
        .flat_map(|s| s.contacts.iter().map(move |c| (s.id.as_str(), c.as_str())))
        .filter(|(_, c)| pack.contact(c).is_none() && pack.regional_note.is_none())
        .collect()
}

// ------------------------------------------------------------------ validation

/// One problem in a pack file, with its place when it can be found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackError {
    pub file: String,
    pub line: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    pub message: String,
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.file, self.line)?;
        if let Some(col) = self.column {
            write!(f, ":{col}")?;
        }
        if let Some(item) = &self.item {
            write!(f, ": {item}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Every problem of `pack` by the build's rules (the pack's own validator and
/// what the meldroute needs of it), plus, when `served`, the served-pack rules:
/// a `version` and a pack-level `verified_on`.
pub fn validate_pack(pack: &RegionPack, catalog: &Catalog, served: bool) -> Vec<ContentError> {
    let mut errors = Vec::new();
    pack.validate(catalog, &mut errors);
    let mut c = Checker::new(pack.file(), &mut errors);
    catalog.meldroute.check_pack(&mut c, pack);
    if served {
        let item = format!("region {}", pack.id);
        if pack.version.as_deref().is_none_or(|v| v.trim().is_empty()) {
            c.error(&item, "version is missing: a served pack needs one");
        }
        // A malformed date is reported by the pack's own validator.
        if pack.verified_on.is_none() {
            c.error(&item, "verified_on is missing: a served pack needs one");
        }
    }
    errors
}

/// `validate_pack` with every error placed on a line of `text` (the file the
/// pack was read from, TOML or JSON): the line of the item's `id`, else the
/// line of the pack's `id`, else line 1.
pub fn located_errors(
    file: &str,
    text: &str,
    pack: &RegionPack,
    catalog: &Catalog,
    served: bool,
) -> Vec<PackError> {
    let pack_line = line_of_id(text, &pack.id).unwrap_or(1);
    validate_pack(pack, catalog, served)
        .into_iter()
        .map(|e| {
            let line = if e.item.starts_with("region ") {
                pack_line
            } else {
                line_of_id(text, &e.item).unwrap_or(pack_line)
            };
            PackError {
                file: file.to_string(),
                line,
                column: None,
                item: Some(e.item),
                message: e.message,
            }
        })
        .collect()
}

/// The 1-based line on which `id = "<id>"` (TOML) or `"id": "<id>"` (JSON)
/// stands; also finds `dial = "<id>"` for phone errors, which name the number.
pub fn line_of_id(text: &str, id: &str) -> Option<usize> {
    let quoted = format!("\"{id}\"");
    let mut from = 0;
    while let Some(pos) = text[from..].find(&quoted) {
        let at = from + pos;
        let before = text[..at].trim_end();
        let key_ok = before
            .strip_suffix('=')
            .or_else(|| before.strip_suffix(':'))
            .map(|b| b.trim_end())
            .is_some_and(|b| {
                b.ends_with("id")
                    || b.ends_with("\"id\"")
                    || b.ends_with("dial")
                    || b.ends_with("\"dial\"")
            });
        if key_ok {
            return Some(text[..at].matches('\n').count() + 1);
        }
        from = at + quoted.len();
    }
    None
}

/// A served pack (JSON) parsed and checked; its problems otherwise.
pub fn check_served_json(file: &str, text: &str, catalog: &Catalog) -> Result<RegionPack, Refusal> {
    let pack: RegionPack = serde_json::from_str(text).map_err(|e| {
        Refusal::Syntax(PackError {
            file: file.to_string(),
            line: e.line().max(1),
            column: Some(e.column()),
            item: None,
            message: e.to_string(),
        })
    })?;
    let errors = located_errors(file, text, &pack, catalog, true);
    if errors.is_empty() {
        Ok(pack)
    } else {
        Err(Refusal::Invalid(errors))
    }
}

/// Why a served pack was not used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// The server answered with this HTTP status (0: no answer at all).
    Http(u16),
    /// Not a region pack: JSON syntax, a wrong type or an unknown field.
    Syntax(PackError),
    /// A pack, but the validator found these problems.
    Invalid(Vec<PackError>),
}

impl Refusal {
    /// Names the problem, for the screen ("regel 14: …").
    pub fn reason(&self, lang: Lang) -> String {
        match self {
            Refusal::Http(0) => t(lang, K::RegionReasonOffline).to_string(),
            Refusal::Http(status) => tf(
                lang,
                K::RegionReasonHttp,
                &[("status", &status.to_string())],
            ),
            Refusal::Syntax(e) => tf(
                lang,
                K::RegionReasonSyntax,
                &[
                    ("line", &e.line.to_string()),
                    ("column", &e.column.unwrap_or(1).to_string()),
                    ("detail", &e.message),
                ],
            ),
            Refusal::Invalid(list) => {
                let first = list.first();
                tf(
                    lang,
                    K::RegionReasonInvalid,
                    &[
                        ("n", &list.len().to_string()),
                        ("line", &first.map_or(1, |e| e.line).to_string()),
                        ("item", first.and_then(|e| e.item.as_deref()).unwrap_or("")),
                        (
                            "detail",
                            &first
                                .map(|e| dutch_detail(&e.message, lang))
                                .unwrap_or_default(),
                        ),
                    ],
                )
            }
        }
    }
}

/// The validator's messages are for authors (English); the ones a served pack
/// most likely trips over get a sentence in the user's language, the rest are
/// passed on as they are.
fn dutch_detail(message: &str, lang: Lang) -> String {
    let key = if message.starts_with("version is missing") {
        Some(K::RegionDetailVersion)
    } else if message.starts_with("verified_on is missing") {
        Some(K::RegionDetailVerifiedOn)
    } else if message.contains("not a valid YYYY-MM-DD date") {
        Some(K::RegionDetailDate)
    } else if message.contains("dialling 112") {
        Some(K::RegionDetail112)
    } else if message.contains("is not in region pack") {
        Some(K::RegionDetailRouteContact)
    } else if message.contains("shows other digits than it dials")
        || message.contains("dial must be")
    {
        Some(K::RegionDetailPhone)
    } else if message.starts_with("source:") {
        Some(K::RegionDetailSource)
    } else if message.contains("text (nl) is missing") || message.contains("text (en) is missing") {
        Some(K::RegionDetailText)
    } else {
        None
    };
    match key {
        Some(k) => format!("{} ({message})", t(lang, k)),
        None => message.to_string(),
    }
}

// ------------------------------------------------------------------ served pack on the device

/// A served pack as the device keeps it for offline use (localStorage): the
/// text as fetched, so it is checked again with the validator of the app that
/// reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CachedPack {
    pub url: String,
    /// Local date of the fetch, `YYYY-MM-DD`.
    pub fetched_on: String,
    pub text: String,
}

/// The last refusal, kept so the settings can say why the new pack is not used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusalRecord {
    pub url: String,
    pub on: String,
    pub refusal: Refusal,
}

/// What to do after fetching the served pack.
#[derive(Clone, Debug, PartialEq)]
pub enum Update {
    /// A good pack: use it and cache it (replacing any older one).
    Use(Box<RegionPack>, CachedPack),
    /// The same pack as cached: nothing changes.
    Unchanged,
    /// Refused: keep the last good pack (or the bundled ones) and say why.
    Keep(RefusalRecord),
}

/// Decides what a fetch of the served pack means. `fetched` is the body, or the
/// HTTP status (0 when offline). Offline is not a refusal worth a message when a
/// good pack is cached: the cached one simply stays.
pub fn on_fetched(
    cached: Option<&CachedPack>,
    url: &str,
    fetched: Result<String, u16>,
    today: &str,
    catalog: &Catalog,
) -> Update {
    let record = |refusal| {
        Update::Keep(RefusalRecord {
            url: url.to_string(),
            on: today.to_string(),
            refusal,
        })
    };
    let text = match fetched {
        Ok(text) => text,
        Err(0) if cached.is_some_and(|c| c.url == url) => return Update::Unchanged,
        Err(status) => return record(Refusal::Http(status)),
    };
    if cached.is_some_and(|c| c.url == url && c.text == text) {
        return Update::Unchanged;
    }
    match check_served_json(url, &text, catalog) {
        Ok(pack) => Update::Use(
            Box::new(pack),
            CachedPack {
                url: url.to_string(),
                fetched_on: today.to_string(),
                text,
            },
        ),
        Err(refusal) => record(refusal),
    }
}

/// The cached pack, checked again (an app update may bring stricter rules);
/// `None` if there is none or it no longer passes.
pub fn cached_pack(cached: &CachedPack, catalog: &Catalog) -> Option<RegionPack> {
    check_served_json(&cached.url, &cached.text, catalog).ok()
}
