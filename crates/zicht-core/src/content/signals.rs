//! The signal catalogue: signals of criminal exploitation, the forms of forced
//! crime, where and how young people are recruited, key figures and the caveat
//! that belongs above every list of signals.
//!
//! Compiled into `build.rs` as well (see `super`), so only `std`, `serde` and
//! `super::` may be used here.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use super::{Catalog, Checker, ContentError, Source, Text, SIGNALS_FILE};

/// Where a professional meets the young person. A closed set: an unknown value
/// in the TOML is a parse error with its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Context {
    Straat,
    School,
    Buurthuis,
    Online,
    Thuis,
}

impl Context {
    pub const ALL: [Context; 5] = [
        Context::Straat,
        Context::School,
        Context::Buurthuis,
        Context::Online,
        Context::Thuis,
    ];

    /// The value used in the TOML and in URLs.
    pub fn code(self) -> &'static str {
        match self {
            Context::Straat => "straat",
            Context::School => "school",
            Context::Buurthuis => "buurthuis",
            Context::Online => "online",
            Context::Thuis => "thuis",
        }
    }

    pub fn from_code(code: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Form of exploitation a signal can point to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    Criminal,
    Sexual,
    Labour,
}

impl Form {
    pub const ALL: [Form; 3] = [Form::Criminal, Form::Sexual, Form::Labour];

    pub fn code(self) -> &'static str {
        match self {
            Form::Criminal => "criminal",
            Form::Sexual => "sexual",
            Form::Labour => "labour",
        }
    }

    pub fn from_code(code: &str) -> Option<Form> {
        Form::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// What a recruitment item describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RecruitmentKind {
    /// A place where victims were recruited (CKM question 15).
    Place,
    /// A type of school, among respondents who named a school (question 16).
    SchoolType,
    /// A means of coercion (question 17).
    Coercion,
    /// How recruitment unfolds (interviews and literature).
    Method,
}

/// A survey share: `percent` of `base` respondents, `n` of them when the source
/// gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub percent: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<u32>,
    pub base: u32,
    /// The percentage is derived from counts in an annex, not printed as such;
    /// the UI should say so.
    #[serde(default, skip_serializing_if = "is_false")]
    pub computed: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub title: Text,
    pub description: Text,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signal {
    pub id: String,
    pub title: Text,
    pub explanation: Text,
    pub why: Text,
    pub category: String,
    pub contexts: Vec<Context>,
    pub forms: Vec<Form>,
    #[serde(default)]
    pub related: Vec<String>,
    #[serde(default)]
    pub synonyms: Vec<String>,
    pub source: Source,
}

/// A form of forced crime (drug running, money mule, …).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrimeForm {
    pub id: String,
    pub title: Text,
    pub explanation: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<Figure>,
    /// Signals to check for this form.
    #[serde(default)]
    pub signals: Vec<String>,
    pub source: Source,
}

/// A place or method of recruitment or coercion.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecruitmentItem {
    pub id: String,
    pub kind: RecruitmentKind,
    pub title: Text,
    pub explanation: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<Figure>,
    #[serde(default)]
    pub signals: Vec<String>,
    pub source: Source,
}

/// A figure for the "Over criminele uitbuiting" page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyFigure {
    pub id: String,
    /// The number as shown, e.g. "1.637" / "1,637" or "38%".
    pub value: Text,
    pub label: Text,
    /// What the number does and does not mean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figure: Option<Figure>,
    pub source: Source,
}

/// Shown above every list of signals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caveat {
    pub title: Text,
    pub text: Text,
    #[serde(default)]
    pub points: Vec<Text>,
    pub sources: Vec<Source>,
}

/// `content/signals.toml`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalsFile {
    pub caveat: Caveat,
    pub categories: Vec<Category>,
    pub signals: Vec<Signal>,
    #[serde(default)]
    pub forms: Vec<CrimeForm>,
    #[serde(default)]
    pub recruitment: Vec<RecruitmentItem>,
    #[serde(default)]
    pub figures: Vec<KeyFigure>,
}

impl SignalsFile {
    pub fn signal(&self, id: &str) -> Option<&Signal> {
        self.signals.iter().find(|s| s.id == id)
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn form(&self, id: &str) -> Option<&CrimeForm> {
        self.forms.iter().find(|f| f.id == id)
    }

    pub fn recruitment_item(&self, id: &str) -> Option<&RecruitmentItem> {
        self.recruitment.iter().find(|r| r.id == id)
    }

    pub fn figure(&self, id: &str) -> Option<&KeyFigure> {
        self.figures.iter().find(|f| f.id == id)
    }

    /// Signals of one category, in catalogue order.
    pub fn signals_in<'a>(&'a self, category: &'a str) -> impl Iterator<Item = &'a Signal> + 'a {
        self.signals.iter().filter(move |s| s.category == category)
    }

    /// Every category with its number of signals, in catalogue order.
    pub fn counts_per_category(&self) -> Vec<(&Category, usize)> {
        self.categories
            .iter()
            .map(|c| (c, self.signals_in(&c.id).count()))
            .collect()
    }

    pub fn recruitment_of(&self, kind: RecruitmentKind) -> impl Iterator<Item = &RecruitmentItem> {
        self.recruitment.iter().filter(move |r| r.kind == kind)
    }

    /// Signals that name `id` as related, for "see also" in both directions.
    pub fn related_to<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Signal> + 'a {
        self.signals
            .iter()
            .filter(move |s| s.related.iter().any(|r| r == id))
    }

    /// Reports every problem as `content/signals.toml: <item id>: <message>`.
    /// Ids are unique across all lists of the file, so an id alone names the item.
    pub fn validate(&self, _catalog: &Catalog, errors: &mut Vec<ContentError>) {
        let mut check = Checker::new(SIGNALS_FILE, errors);
        let mut seen: HashSet<&str> = HashSet::new();

        check.text("caveat", "caveat.title", &self.caveat.title);
        check.text("caveat", "caveat.text", &self.caveat.text);
        for (i, point) in self.caveat.points.iter().enumerate() {
            check.text("caveat", &format!("caveat.points[{i}]"), point);
        }
        if self.caveat.sources.is_empty() {
            check.error("caveat", "source is missing");
        }
        for source in &self.caveat.sources {
            check.source("caveat", source);
        }

        if self.categories.is_empty() {
            check.error("categories", "no categories");
        }
        for c in &self.categories {
            check.id(&c.id, &mut seen);
            check.text(&c.id, "title", &c.title);
            check.text(&c.id, "description", &c.description);
            if !self.signals.iter().any(|s| s.category == c.id) {
                check.error(&c.id, "category has no signals");
            }
        }

        let signal_ids: HashSet<&str> = self.signals.iter().map(|s| s.id.as_str()).collect();
        for s in &self.signals {
            check.id(&s.id, &mut seen);
            check.text(&s.id, "title", &s.title);
            check.text(&s.id, "explanation", &s.explanation);
            check.text(&s.id, "why", &s.why);
            check.source(&s.id, &s.source);
            if self.category(&s.category).is_none() {
                check.error(&s.id, format!("unknown category {:?}", s.category));
            }
            if s.contexts.is_empty() {
                check.error(&s.id, "contexts: needs at least one context");
            }
            if has_duplicates(&s.contexts) {
                check.error(&s.id, "contexts: a context is listed twice");
            }
            if s.forms.is_empty() {
                check.error(&s.id, "forms: needs at least one form");
            }
            if has_duplicates(&s.forms) {
                check.error(&s.id, "forms: a form is listed twice");
            }
            for r in &s.related {
                if r == &s.id {
                    check.error(&s.id, "related: a signal cannot relate to itself");
                } else if !signal_ids.contains(r.as_str()) {
                    check.error(&s.id, format!("related: unknown signal {r:?}"));
                }
            }
            if s.synonyms.iter().any(|w| w.trim().is_empty()) {
                check.error(&s.id, "synonyms: empty search term");
            }
        }

        // Forms of forced crime and recruitment items share one shape.
        let described = self
            .forms
            .iter()
            .map(|f| {
                (
                    &f.id,
                    &f.title,
                    &f.explanation,
                    &f.source,
                    &f.figure,
                    &f.signals,
                )
            })
            .chain(self.recruitment.iter().map(|r| {
                (
                    &r.id,
                    &r.title,
                    &r.explanation,
                    &r.source,
                    &r.figure,
                    &r.signals,
                )
            }));
        for (id, title, explanation, source, figure, signals) in described {
            check.id(id, &mut seen);
            check.text(id, "title", title);
            check.text(id, "explanation", explanation);
            check.source(id, source);
            check_figure(&mut check, id, figure.as_ref());
            check_signal_refs(&mut check, id, signals, &signal_ids);
        }

        for k in &self.figures {
            check.id(&k.id, &mut seen);
            check.text(&k.id, "value", &k.value);
            check.text(&k.id, "label", &k.label);
            if let Some(note) = &k.note {
                check.text(&k.id, "note", note);
            }
            check.source(&k.id, &k.source);
            check_figure(&mut check, &k.id, k.figure.as_ref());
        }
    }
}

fn has_duplicates<T: PartialEq>(items: &[T]) -> bool {
    items
        .iter()
        .enumerate()
        .any(|(i, a)| items[i + 1..].contains(a))
}

fn check_signal_refs(check: &mut Checker<'_>, item: &str, refs: &[String], known: &HashSet<&str>) {
    for r in refs {
        if !known.contains(r.as_str()) {
            check.error(item, format!("signals: unknown signal {r:?}"));
        }
    }
}

/// A typo in a survey figure is the error most likely to slip through review,
/// so `n` must fit `base` and agree with the percentage (rounding allowed).
fn check_figure(check: &mut Checker<'_>, item: &str, figure: Option<&Figure>) {
    let Some(f) = figure else { return };
    if f.base == 0 {
        check.error(item, "figure: base must be more than 0");
        return;
    }
    if f.percent > 100 {
        check.error(item, format!("figure: {}% is more than 100%", f.percent));
    }
    if let Some(n) = f.n {
        if n > f.base {
            check.error(item, format!("figure: n={n} is more than base {}", f.base));
        } else {
            let exact = f64::from(n) * 100.0 / f64::from(f.base);
            if (exact - f64::from(f.percent)).abs() > 1.0 {
                check.error(
                    item,
                    format!(
                        "figure: {}% does not match n={n} of {} ({exact:.1}%)",
                        f.percent, f.base
                    ),
                );
            }
        }
    }
}
