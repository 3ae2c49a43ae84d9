//! The content model: signals, meldroute, regional contact packs and training.
//!
//! This module is compiled twice: into the crate, and into `build.rs` (through
//! `#[path]`), which parses the TOML files under `content/`, validates them and
//! embeds the result. A broken content file therefore fails the build with its
//! file and line. Keep this module and its children free of anything but `std`,
//! `serde` and `super::`, or the build script cannot compile it.

use serde::{Deserialize, Serialize};

pub mod contacts;
pub mod meldroute;
pub mod signals;
pub mod training;

/// Path of the signal catalogue, relative to the repository root.
pub const SIGNALS_FILE: &str = "content/signals.toml";
/// Path of the meldroute, relative to the repository root.
pub const MELDROUTE_FILE: &str = "content/meldroute.toml";
/// Path of the training cases and statements, relative to the repository root.
pub const TRAINING_FILE: &str = "content/training.toml";
/// Folder of the regional contact packs; one `<region id>.toml` per region.
pub const REGIONS_DIR: &str = "content/regions";

/// The source documents in `shared/seeds`, the only documents an item may cite
/// besides a public web page (`doc = "web"` with a `url`).
pub const SOURCE_DOCS: &[&str] = &[
    "000_f497078731c31ce6.txt",
    "001_3999aee16d4b3847.txt",
    "002_b09dbac4a0b784f0.txt",
    "003_ffd7c1375f758767.txt",
    "004_2f565493d8595553.txt",
];

/// The two languages of Zicht; Dutch is the default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Nl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    /// BCP 47 code, as used in `<html lang>` and in storage.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A text in both languages. Both must be present and non-empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub nl: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Nl => &self.nl,
            Lang::En => &self.en,
        }
    }
}

/// Where a piece of content comes from: a seed document and its section, or a
/// public web page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// A file name of [`SOURCE_DOCS`], or `"web"`.
    pub doc: String,
    /// The section, chapter, annex or question in that document, as a reader
    /// would look it up (for the web: the page title).
    pub section: String,
    /// Line range in the seed text, e.g. `"L120-L134"`, for reviewers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<String>,
    /// Required when `doc = "web"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One problem in the content, named by file and item so an editor can find it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContentError {
    pub file: String,
    pub item: String,
    pub message: String,
}

impl std::fmt::Display for ContentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.file, self.item, self.message)
    }
}

/// Collects content errors for one file.
pub struct Checker<'a> {
    pub file: String,
    pub errors: &'a mut Vec<ContentError>,
}

impl<'a> Checker<'a> {
    pub fn new(file: impl Into<String>, errors: &'a mut Vec<ContentError>) -> Self {
        Checker {
            file: file.into(),
            errors,
        }
    }

    pub fn error(&mut self, item: &str, message: impl Into<String>) {
        self.errors.push(ContentError {
            file: self.file.clone(),
            item: item.to_string(),
            message: message.into(),
        });
    }

    /// Both languages present and non-empty.
    pub fn text(&mut self, item: &str, field: &str, text: &Text) {
        if text.nl.trim().is_empty() {
            self.error(item, format!("{field}: Dutch text (nl) is missing"));
        }
        if text.en.trim().is_empty() {
            self.error(item, format!("{field}: English text (en) is missing"));
        }
    }

    /// A known document and a section; a web source needs an https URL.
    pub fn source(&mut self, item: &str, source: &Source) {
        if source.doc.trim().is_empty() {
            self.error(item, "source: doc is missing");
        } else if source.doc == "web" {
            match &source.url {
                Some(url) if url.starts_with("https://") => {}
                _ => self.error(item, "source: a web source needs an https url"),
            }
        } else if !SOURCE_DOCS.contains(&source.doc.as_str()) {
            self.error(item, format!("source: unknown document {:?}", source.doc));
        }
        if source.section.trim().is_empty() {
            self.error(item, "source: section is missing");
        }
    }

    /// Ids are lowercase ASCII words joined by `-`, and unique within `seen`.
    pub fn id<'s>(&mut self, id: &'s str, seen: &mut std::collections::HashSet<&'s str>) {
        let well_formed = !id.is_empty()
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            self.error(id, "id must be lowercase letters, digits and '-'");
        }
        if !seen.insert(id) {
            self.error(id, "duplicate id");
        }
    }
}

/// All bundled content, as validated and embedded at build time.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub signals: signals::SignalsFile,
    pub meldroute: meldroute::MeldrouteFile,
    pub regions: Vec<contacts::RegionPack>,
    #[serde(default)]
    pub training: training::TrainingFile,
}

impl Catalog {
    /// Every problem in the content; empty when it is fit to ship.
    pub fn validate(&self) -> Vec<ContentError> {
        let mut errors = Vec::new();
        self.signals.validate(self, &mut errors);
        self.meldroute.validate(self, &mut errors);
        for region in &self.regions {
            region.validate(self, &mut errors);
        }
        self.training.validate(self, &mut errors);
        errors
    }
}
