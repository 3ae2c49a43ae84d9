//! Training content: cases (casussen) and statements (stellingen) for the
//! practice mode and for presenting in a group.
//!
//! A case is a short, fictional situation built from what the source documents
//! describe. The user picks the signals they see from the signals present plus
//! some plausible distractors, then answers "what is your next step?" with
//! choices that point into the meldroute (a role and a step) and/or at a contact
//! of a region pack. A statement is a common misconception or fact, answered
//! true or false, with a sourced explanation.
//!
//! Compiled into `build.rs` as well (see `super`), so only `std`, `serde` and
//! `super::` may be used here. Scoring lives in `crate::training`.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;

use super::{Catalog, Checker, ContentError, Source, Text, TRAINING_FILE};

/// Fewest and most choices a case question may have.
pub const MIN_CHOICES: usize = 3;
pub const MAX_CHOICES: usize = 4;

/// The situations the cases must cover (closed set; an unknown value in the
/// TOML is a parse error with its line).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    /// Carrying or selling drugs ("drugsrunner").
    DrugRunning,
    /// Lending a bank account (geldezel).
    MoneyMule,
    /// Shoplifting or theft on someone else's behalf.
    Shoplifting,
    /// Hosting or tending a cannabis plantation (hennepteelt).
    Cannabis,
    /// Recruitment through social media or chat.
    OnlineRecruitment,
    /// Recruitment at or around school.
    SchoolRecruitment,
    /// Overlap with sexual exploitation.
    SexualExploitation,
    /// A parent is involved in the exploitation.
    ParentInvolved,
    /// The young person sees no problem.
    NoProblemSeen,
}

impl Theme {
    pub const ALL: [Theme; 9] = [
        Theme::DrugRunning,
        Theme::MoneyMule,
        Theme::Shoplifting,
        Theme::Cannabis,
        Theme::OnlineRecruitment,
        Theme::SchoolRecruitment,
        Theme::SexualExploitation,
        Theme::ParentInvolved,
        Theme::NoProblemSeen,
    ];

    /// The value used in the TOML.
    pub fn code(self) -> &'static str {
        match self {
            Theme::DrugRunning => "drug-running",
            Theme::MoneyMule => "money-mule",
            Theme::Shoplifting => "shoplifting",
            Theme::Cannabis => "cannabis",
            Theme::OnlineRecruitment => "online-recruitment",
            Theme::SchoolRecruitment => "school-recruitment",
            Theme::SexualExploitation => "sexual-exploitation",
            Theme::ParentInvolved => "parent-involved",
            Theme::NoProblemSeen => "no-problem-seen",
        }
    }

    pub fn from_code(code: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self, lang: super::Lang) -> &'static str {
        use super::Lang::{En, Nl};
        match (self, lang) {
            (Theme::DrugRunning, Nl) => "Drugs rondbrengen",
            (Theme::DrugRunning, En) => "Drug running",
            (Theme::MoneyMule, Nl) => "Geldezel",
            (Theme::MoneyMule, En) => "Money mule",
            (Theme::Shoplifting, Nl) => "Winkeldiefstal",
            (Theme::Shoplifting, En) => "Shoplifting",
            (Theme::Cannabis, Nl) => "Hennepteelt",
            (Theme::Cannabis, En) => "Cannabis cultivation",
            (Theme::OnlineRecruitment, Nl) => "Online ronselen",
            (Theme::OnlineRecruitment, En) => "Online recruitment",
            (Theme::SchoolRecruitment, Nl) => "Ronselen op school",
            (Theme::SchoolRecruitment, En) => "Recruitment at school",
            (Theme::SexualExploitation, Nl) => "Samen met seksuele uitbuiting",
            (Theme::SexualExploitation, En) => "Overlap with sexual exploitation",
            (Theme::ParentInvolved, Nl) => "Ouder betrokken",
            (Theme::ParentInvolved, En) => "A parent involved",
            (Theme::NoProblemSeen, Nl) => "Jongere ziet geen probleem",
            (Theme::NoProblemSeen, En) => "Young person sees no problem",
        }
    }
}

/// One answer to "what is your next step?".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub label: Text,
    /// Meldroute role whose route holds `step`; defaults to the case's role.
    /// Set it when the choice is another profession's route (e.g. the IKO).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Meldroute step id this choice stands for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    /// Contact id of a region pack this choice stands for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(default)]
    pub correct: bool,
    /// Why this choice is (not) the next step.
    pub feedback: Text,
}

impl Choice {
    /// The meldroute role of this choice, given its case.
    pub fn role_in<'a>(&'a self, case: &'a Case) -> &'a str {
        self.role.as_deref().unwrap_or(&case.role)
    }
}

/// A casus: a fictional situation with signals and a next-step question.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub id: String,
    pub title: Text,
    /// The meldroute role from whose point of view the case is told.
    pub role: String,
    pub themes: Vec<Theme>,
    /// A few sentences; fictional people only.
    pub situation: Text,
    /// Signal ids (content/signals.toml) present in the situation.
    pub signals: Vec<String>,
    /// Plausible signal ids that are not in the situation.
    pub distractors: Vec<String>,
    /// Overrides the default question "Wat is je volgende stap?".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<Text>,
    pub choices: Vec<Choice>,
    /// The one thing to take away, shown after answering.
    pub takeaway: Text,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_sources: Vec<Source>,
}

impl Case {
    /// Every signal the user can pick from: present and distractors, mixed and
    /// in a stable order (by id), so the list does not give the answer away.
    pub fn signal_options(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self
            .signals
            .iter()
            .chain(&self.distractors)
            .map(String::as_str)
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    pub fn is_present(&self, signal: &str) -> bool {
        self.signals.iter().any(|s| s == signal)
    }

    /// Indexes of the correct choices.
    pub fn correct_choices(&self) -> Vec<usize> {
        self.choices
            .iter()
            .enumerate()
            .filter(|(_, c)| c.correct)
            .map(|(i, _)| i)
            .collect()
    }

    pub fn has_theme(&self, theme: Theme) -> bool {
        self.themes.contains(&theme)
    }
}

/// A stelling: true or false, with the explanation the sources give.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub id: String,
    pub statement: Text,
    /// Whether the statement is true according to the sources.
    pub is_true: bool,
    pub explanation: Text,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_sources: Vec<Source>,
}

/// `content/training.toml`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingFile {
    /// Shown above the practice mode: what the cases are and are not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<Text>,
    #[serde(default)]
    pub cases: Vec<Case>,
    #[serde(default)]
    pub statements: Vec<Statement>,
}

impl TrainingFile {
    pub fn case(&self, id: &str) -> Option<&Case> {
        self.cases.iter().find(|c| c.id == id)
    }

    pub fn statement(&self, id: &str) -> Option<&Statement> {
        self.statements.iter().find(|s| s.id == id)
    }

    /// Cases about one theme, in file order.
    pub fn cases_with<'a>(&'a self, theme: Theme) -> impl Iterator<Item = &'a Case> + 'a {
        self.cases.iter().filter(move |c| c.has_theme(theme))
    }

    /// Themes no case covers.
    pub fn uncovered_themes(&self) -> Vec<Theme> {
        Theme::ALL
            .into_iter()
            .filter(|t| self.cases_with(*t).next().is_none())
            .collect()
    }

    pub fn validate(&self, catalog: &Catalog, errors: &mut Vec<ContentError>) {
        self.validate_as(TRAINING_FILE, catalog, errors);
    }

    /// `validate` under another file name, for tests of broken files.
    /// Reports every problem as `<file>: <case or statement id>: <message>`;
    /// ids are unique across cases and statements.
    pub fn validate_as(&self, file: &str, catalog: &Catalog, errors: &mut Vec<ContentError>) {
        let mut c = Checker::new(file, errors);
        let mut seen: HashSet<&str> = HashSet::new();
        if let Some(intro) = &self.intro {
            c.text("intro", "intro", intro);
        }
        if self.cases.is_empty() {
            c.error("cases", "no cases");
        }
        if self.statements.is_empty() {
            c.error("statements", "no statements");
        }
        let signal_ids: HashSet<&str> = catalog
            .signals
            .signals
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        for case in &self.cases {
            c.id(&case.id, &mut seen);
            check_case(&mut c, case, catalog, &signal_ids);
        }
        for s in &self.statements {
            c.id(&s.id, &mut seen);
            c.text(&s.id, "statement", &s.statement);
            c.text(&s.id, "explanation", &s.explanation);
            c.source(&s.id, &s.source);
            for more in &s.more_sources {
                c.source(&s.id, more);
            }
        }
    }
}

fn check_case(c: &mut Checker<'_>, case: &Case, catalog: &Catalog, signal_ids: &HashSet<&str>) {
    let item = case.id.as_str();
    c.text(item, "title", &case.title);
    c.text(item, "situation", &case.situation);
    c.text(item, "takeaway", &case.takeaway);
    if let Some(q) = &case.question {
        c.text(item, "question", q);
    }
    c.source(item, &case.source);
    for more in &case.more_sources {
        c.source(item, more);
    }
    if case.themes.is_empty() {
        c.error(item, "themes: needs at least one theme");
    }
    if catalog.meldroute.role(&case.role).is_none() {
        c.error(
            item,
            format!("role: unknown meldroute role {:?}", case.role),
        );
    }

    if case.signals.is_empty() {
        c.error(item, "signals: needs at least one signal present");
    }
    if case.distractors.is_empty() {
        c.error(item, "distractors: needs at least one distractor");
    }
    let mut listed: HashSet<&str> = HashSet::new();
    for (field, list) in [
        ("signals", &case.signals),
        ("distractors", &case.distractors),
    ] {
        for id in list {
            if !signal_ids.contains(id.as_str()) {
                c.error(item, format!("{field}: unknown signal {id:?}"));
            }
            if !listed.insert(id.as_str()) {
                c.error(
                    item,
                    format!("{field}: signal {id:?} is listed twice (present and distractor?)"),
                );
            }
        }
    }

    let n = case.choices.len();
    if !(MIN_CHOICES..=MAX_CHOICES).contains(&n) {
        c.error(
            item,
            format!("choices: needs {MIN_CHOICES}-{MAX_CHOICES} choices, has {n}"),
        );
    }
    if !case.choices.iter().any(|ch| ch.correct) {
        c.error(item, "choices: needs at least one correct choice");
    }
    if n > 0 && case.choices.iter().all(|ch| ch.correct) {
        c.error(
            item,
            "choices: needs at least one choice that is not correct",
        );
    }
    for (i, choice) in case.choices.iter().enumerate() {
        check_choice(c, case, i + 1, choice, catalog);
    }
}

fn check_choice(c: &mut Checker<'_>, case: &Case, nr: usize, choice: &Choice, catalog: &Catalog) {
    let item = case.id.as_str();
    c.text(item, &format!("choice {nr} label"), &choice.label);
    c.text(item, &format!("choice {nr} feedback"), &choice.feedback);
    if choice.step.is_none() && choice.contact.is_none() {
        c.error(
            item,
            format!("choice {nr}: needs a meldroute step or a contact"),
        );
    }
    let role = choice.role_in(case);
    if choice.role.is_some() && catalog.meldroute.role(role).is_none() {
        c.error(
            item,
            format!("choice {nr}: unknown meldroute role {role:?}"),
        );
    }
    if let Some(step) = &choice.step {
        match (catalog.meldroute.step(step), catalog.meldroute.role(role)) {
            (None, _) => c.error(
                item,
                format!("choice {nr}: unknown meldroute step {step:?}"),
            ),
            (Some(_), Some(r)) => {
                if !catalog.meldroute.reachable_from(&r.start).contains(step) {
                    c.error(
                        item,
                        format!("choice {nr}: step {step:?} is not on the route of role {role:?}"),
                    );
                }
            }
            // The unknown role is reported above or with the case.
            (Some(_), None) => {}
        }
    }
    if let Some(contact) = &choice.contact {
        if !catalog.regions.iter().any(|p| p.contact(contact).is_some()) {
            c.error(
                item,
                format!("choice {nr}: contact {contact:?} is in no region pack"),
            );
        }
    }
}
