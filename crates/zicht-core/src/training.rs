//! Practice mode: scoring answers to cases and statements, and the best result
//! per item as stored on the device.
//!
//! Nothing here is personal: the scores hold content ids, counts and flags, no
//! names and no free text, so they can live in local storage as they are.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet, VecDeque};

use crate::content::meldroute::{MeldrouteFile, Walk};
use crate::content::training::{Case, Choice, Statement, Theme, TrainingFile};
use crate::i18n::K;

/// How the selected signals compare with the signals present in a case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalScore {
    /// Present and selected, in the case's order.
    pub hits: Vec<String>,
    /// Present but not selected, in the case's order.
    pub misses: Vec<String>,
    /// Selected but not present (a distractor or any other id), in selection order.
    pub false_picks: Vec<String>,
}

impl SignalScore {
    /// Number of signals present in the case.
    pub fn total(&self) -> u32 {
        count(self.hits.len() + self.misses.len())
    }

    /// Hits minus false picks, never below zero; at most [`SignalScore::total`].
    pub fn points(&self) -> u32 {
        count(self.hits.len()).saturating_sub(count(self.false_picks.len()))
    }

    /// All present signals found and nothing else picked.
    pub fn is_perfect(&self) -> bool {
        self.misses.is_empty() && self.false_picks.is_empty()
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Compares `selected` signal ids with the signals present in `case`.
/// Duplicates in `selected` count once.
pub fn score_signals<S: AsRef<str>>(case: &Case, selected: &[S]) -> SignalScore {
    let picked: HashSet<&str> = selected.iter().map(AsRef::as_ref).collect();
    let (hits, misses): (Vec<String>, Vec<String>) = case
        .signals
        .iter()
        .cloned()
        .partition(|s| picked.contains(s.as_str()));
    let mut seen = HashSet::new();
    let false_picks = selected
        .iter()
        .map(AsRef::as_ref)
        .filter(|s| !case.is_present(s) && seen.insert(*s))
        .map(str::to_string)
        .collect();
    SignalScore {
        hits,
        misses,
        false_picks,
    }
}

/// The outcome of one attempt at a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseResult {
    pub case: String,
    pub signals: SignalScore,
    /// Index of the chosen next step.
    pub choice: usize,
    pub choice_correct: bool,
}

/// Why an answer could not be scored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnswerError {
    UnknownCase,
    UnknownStatement,
    /// The choice index is not one of the case's choices.
    NoSuchChoice,
}

/// Scores an attempt: the signals picked and the next step chosen (0-based).
pub fn score_case<S: AsRef<str>>(
    case: &Case,
    selected: &[S],
    choice: usize,
) -> Result<CaseResult, AnswerError> {
    let chosen = case.choices.get(choice).ok_or(AnswerError::NoSuchChoice)?;
    Ok(CaseResult {
        case: case.id.clone(),
        signals: score_signals(case, selected),
        choice,
        choice_correct: chosen.correct,
    })
}

/// The feedback for a chosen next step, with the choice itself.
pub fn choice_feedback(case: &Case, choice: usize) -> Option<&Choice> {
    case.choices.get(choice)
}

/// The outcome of answering a statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementResult {
    pub statement: String,
    /// What the user answered: true or false.
    pub answered: bool,
    pub correct: bool,
}

pub fn score_statement(statement: &Statement, answered_true: bool) -> StatementResult {
    StatementResult {
        statement: statement.id.clone(),
        answered: answered_true,
        correct: answered_true == statement.is_true,
    }
}

/// Looks up and scores a case by id.
pub fn answer_case<S: AsRef<str>>(
    training: &TrainingFile,
    case_id: &str,
    selected: &[S],
    choice: usize,
) -> Result<CaseResult, AnswerError> {
    let case = training.case(case_id).ok_or(AnswerError::UnknownCase)?;
    score_case(case, selected, choice)
}

/// Looks up and scores a statement by id.
pub fn answer_statement(
    training: &TrainingFile,
    statement_id: &str,
    answered_true: bool,
) -> Result<StatementResult, AnswerError> {
    let s = training
        .statement(statement_id)
        .ok_or(AnswerError::UnknownStatement)?;
    Ok(score_statement(s, answered_true))
}

/// A walk from the role's start to `step` along the shortest route, so the UI
/// can open the meldroute at the step a choice points to ("bekijk in de
/// meldroute"). `None` if the role or step is unknown or not on that route.
pub fn walk_to(route: &MeldrouteFile, role: &str, step: &str) -> Option<Walk> {
    let r = route.role(role)?;
    route.step(step)?;
    let mut prev: BTreeMap<String, String> = BTreeMap::new();
    let mut queue = VecDeque::from([r.start.clone()]);
    let mut seen: HashSet<String> = HashSet::from([r.start.clone()]);
    while let Some(id) = queue.pop_front() {
        if id == step {
            let mut path = vec![id.clone()];
            let mut at = id;
            while let Some(p) = prev.get(&at) {
                path.push(p.clone());
                at = p.clone();
            }
            path.reverse();
            let walk = Walk {
                role: r.id.clone(),
                path,
            };
            return walk.is_valid(route).then_some(walk);
        }
        let Some(s) = route.step(&id) else { continue };
        for next in s.successors() {
            if seen.insert(next.to_string()) {
                prev.insert(next.to_string(), id.clone());
                queue.push_back(next.to_string());
            }
        }
    }
    None
}

/// Best result so far for one case.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseBest {
    pub attempts: u32,
    pub choice_correct: bool,
    /// [`SignalScore::points`] of the best attempt.
    pub signal_points: u32,
    /// Signals present in the case when that attempt was made.
    pub signal_total: u32,
    pub signal_misses: u32,
    pub false_picks: u32,
}

impl CaseBest {
    fn from_result(r: &CaseResult) -> CaseBest {
        CaseBest {
            attempts: 0,
            choice_correct: r.choice_correct,
            signal_points: r.signals.points(),
            signal_total: r.signals.total(),
            signal_misses: count(r.signals.misses.len()),
            false_picks: count(r.signals.false_picks.len()),
        }
    }

    /// Right step first, then more points, then fewer misses and false picks.
    fn rank(&self) -> (bool, u32, std::cmp::Reverse<u32>, std::cmp::Reverse<u32>) {
        (
            self.choice_correct,
            self.signal_points,
            std::cmp::Reverse(self.signal_misses),
            std::cmp::Reverse(self.false_picks),
        )
    }

    /// Right step, every signal found and no false picks.
    pub fn is_perfect(&self) -> bool {
        self.choice_correct && self.signal_misses == 0 && self.false_picks == 0
    }
}

/// Best result so far for one statement.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementBest {
    pub attempts: u32,
    /// Answered correctly at least once.
    pub correct: bool,
}

/// Practice results on this device: per case and per statement the best result.
/// Serialise with serde (e.g. JSON in local storage under [`TrainingScores::STORAGE_KEY`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingScores {
    #[serde(default)]
    pub cases: BTreeMap<String, CaseBest>,
    #[serde(default)]
    pub statements: BTreeMap<String, StatementBest>,
}

/// Totals for the practice overview.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreSummary {
    pub cases_total: u32,
    pub cases_done: u32,
    pub cases_correct: u32,
    pub cases_perfect: u32,
    pub statements_total: u32,
    pub statements_done: u32,
    pub statements_correct: u32,
}

impl TrainingScores {
    /// Local-storage key; bump the version if the format changes incompatibly.
    pub const STORAGE_KEY: &'static str = "zicht.training.scores.v1";

    /// Records an attempt; true if it is a new best for that case.
    pub fn record_case(&mut self, result: &CaseResult) -> bool {
        let new = CaseBest::from_result(result);
        let entry = self.cases.entry(result.case.clone()).or_default();
        let attempts = entry.attempts.saturating_add(1);
        let improved = entry.attempts == 0 || new.rank() > entry.rank();
        if improved {
            *entry = new;
        }
        entry.attempts = attempts;
        improved
    }

    /// Records an answer; true if the statement is now correct for the first time.
    pub fn record_statement(&mut self, result: &StatementResult) -> bool {
        let entry = self.statements.entry(result.statement.clone()).or_default();
        entry.attempts = entry.attempts.saturating_add(1);
        let improved = result.correct && !entry.correct;
        entry.correct |= result.correct;
        improved
    }

    pub fn case(&self, id: &str) -> Option<&CaseBest> {
        self.cases.get(id)
    }

    pub fn statement(&self, id: &str) -> Option<&StatementBest> {
        self.statements.get(id)
    }

    /// "Alles wissen": forget every result.
    pub fn reset(&mut self) {
        self.cases.clear();
        self.statements.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.cases.is_empty() && self.statements.is_empty()
    }

    /// Drops results for cases and statements that are no longer in the content.
    pub fn prune(&mut self, training: &TrainingFile) {
        self.cases.retain(|id, _| training.case(id).is_some());
        self.statements
            .retain(|id, _| training.statement(id).is_some());
    }

    /// Totals against the current content; results for removed items are ignored.
    pub fn summary(&self, training: &TrainingFile) -> ScoreSummary {
        let mut s = ScoreSummary {
            cases_total: count(training.cases.len()),
            statements_total: count(training.statements.len()),
            ..ScoreSummary::default()
        };
        for case in &training.cases {
            if let Some(b) = self.cases.get(&case.id) {
                s.cases_done += 1;
                s.cases_correct += u32::from(b.choice_correct);
                s.cases_perfect += u32::from(b.is_perfect());
            }
        }
        for st in &training.statements {
            if let Some(b) = self.statements.get(&st.id) {
                s.statements_done += 1;
                s.statements_correct += u32::from(b.correct);
            }
        }
        s
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }

    /// Reads stored scores; anything unreadable gives empty scores rather than
    /// an error, since losing practice results is harmless.
    pub fn from_json(json: &str) -> TrainingScores {
        serde_json::from_str(json).unwrap_or_default()
    }
}

/// "Goed" or "Niet goed" for an answer.
pub fn verdict(correct: bool) -> K {
    if correct {
        K::TrainingCorrect
    } else {
        K::TrainingIncorrect
    }
}

/// How far a case has been played, shown on the practice overview.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseStatus {
    Todo,
    Perfect,
    Correct,
    Done,
}

impl CaseStatus {
    /// The status of case `id` from its best result.
    pub fn of(scores: &TrainingScores, id: &str) -> CaseStatus {
        match scores.case(id) {
            None => CaseStatus::Todo,
            Some(b) if b.is_perfect() => CaseStatus::Perfect,
            Some(b) if b.choice_correct => CaseStatus::Correct,
            Some(_) => CaseStatus::Done,
        }
    }

    /// The UI text of the status.
    pub fn label(self) -> K {
        match self {
            CaseStatus::Todo => K::TrainingCaseTodo,
            CaseStatus::Perfect => K::TrainingCasePerfect,
            CaseStatus::Correct => K::TrainingCaseCorrect,
            CaseStatus::Done => K::TrainingCaseDone,
        }
    }

    /// The `data-status` value the styles and browser tests read.
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Todo => "todo",
            CaseStatus::Perfect => "perfect",
            CaseStatus::Correct => "correct",
            CaseStatus::Done => "done",
        }
    }
}

/// The UI text of a case theme (texts live in `content/i18n/themes.toml`).
pub fn theme_key(theme: Theme) -> K {
    match theme {
        Theme::DrugRunning => K::ThemeDrugRunning,
        Theme::MoneyMule => K::ThemeMoneyMule,
        Theme::Shoplifting => K::ThemeShoplifting,
        Theme::Cannabis => K::ThemeCannabis,
        Theme::OnlineRecruitment => K::ThemeOnlineRecruitment,
        Theme::SchoolRecruitment => K::ThemeSchoolRecruitment,
        Theme::SexualExploitation => K::ThemeSexualExploitation,
        Theme::ParentInvolved => K::ThemeParentInvolved,
        Theme::NoProblemSeen => K::ThemeNoProblemSeen,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::training::Theme;
    use crate::{Source, Text};

    fn text(s: &str) -> Text {
        Text {
            nl: s.into(),
            en: s.into(),
        }
    }

    fn choice(correct: bool) -> Choice {
        Choice {
            label: text("keuze"),
            role: None,
            step: Some("mc-2-overleg".into()),
            contact: None,
            correct,
            feedback: text("omdat"),
        }
    }

    fn case() -> Case {
        Case {
            id: "c".into(),
            title: text("titel"),
            role: "jongerenwerk".into(),
            themes: vec![Theme::MoneyMule],
            situation: text("situatie"),
            signals: vec!["a".into(), "b".into(), "c".into()],
            distractors: vec!["x".into(), "y".into()],
            question: None,
            choices: vec![choice(true), choice(false), choice(false)],
            takeaway: text("les"),
            source: Source::default(),
            more_sources: vec![],
        }
    }

    fn statement(is_true: bool) -> Statement {
        Statement {
            id: "s".into(),
            statement: text("stelling"),
            is_true,
            explanation: text("uitleg"),
            source: Source::default(),
            more_sources: vec![],
        }
    }

    #[test]
    fn case_status_follows_the_best_result() {
        let mut scores = TrainingScores::default();
        assert_eq!(CaseStatus::of(&scores, "c"), CaseStatus::Todo);
        for (signals, choice, status) in [
            (&["x"][..], 1, CaseStatus::Done),
            (&["a"][..], 0, CaseStatus::Correct),
            (&["a", "b", "c"][..], 0, CaseStatus::Perfect),
        ] {
            let result = score_case(&case(), signals, choice);
            assert!(result.is_ok());
            if let Ok(r) = result {
                scores.record_case(&r);
            }
            assert_eq!(CaseStatus::of(&scores, "c"), status);
        }
        assert_eq!(CaseStatus::Perfect.label(), K::TrainingCasePerfect);
        assert_eq!(CaseStatus::Todo.as_str(), "todo");
    }

    #[test]
    fn verdict_names_right_and_wrong() {
        assert_eq!(verdict(true), K::TrainingCorrect);
        assert_eq!(verdict(false), K::TrainingIncorrect);
    }

    #[test]
    fn signals_hits_misses_and_false_picks() {
        let s = score_signals(&case(), &["c", "x", "a", "zzz", "x"]);
        assert_eq!(s.hits, vec!["a", "c"]);
        assert_eq!(s.misses, vec!["b"]);
        assert_eq!(s.false_picks, vec!["x", "zzz"]);
        assert_eq!(s.total(), 3);
        assert_eq!(s.points(), 0);
        assert!(!s.is_perfect());

        let perfect = score_signals(&case(), &["a", "b", "c", "a"]);
        assert!(perfect.is_perfect());
        assert_eq!(perfect.points(), 3);

        let none = score_signals::<&str>(&case(), &[]);
        assert_eq!(none.misses.len(), 3);
        assert_eq!(none.points(), 0);
    }

    #[test]
    fn options_mix_present_and_distractors_in_id_order() {
        assert_eq!(case().signal_options(), vec!["a", "b", "c", "x", "y"]);
    }

    #[test]
    fn case_answer_checks_the_choice() {
        let r = score_case(&case(), &["a"], 0).unwrap();
        assert!(r.choice_correct);
        assert!(!score_case(&case(), &["a"], 2).unwrap().choice_correct);
        assert_eq!(
            score_case(&case(), &["a"], 3),
            Err(AnswerError::NoSuchChoice)
        );
        assert!(choice_feedback(&case(), 1).is_some_and(|c| !c.correct));
    }

    #[test]
    fn statement_answers() {
        assert!(score_statement(&statement(false), false).correct);
        assert!(!score_statement(&statement(false), true).correct);
        assert!(score_statement(&statement(true), true).correct);
    }

    #[test]
    fn best_result_is_kept_and_attempts_counted() {
        let c = case();
        let mut scores = TrainingScores::default();
        assert!(scores.record_case(&score_case(&c, &["a"], 1).unwrap()));
        // Better: right step.
        assert!(scores.record_case(&score_case(&c, &["a"], 0).unwrap()));
        // Worse: wrong step, even with all signals.
        assert!(!scores.record_case(&score_case(&c, &["a", "b", "c"], 1).unwrap()));
        let best = scores.case("c").unwrap();
        assert_eq!(best.attempts, 3);
        assert!(best.choice_correct);
        assert_eq!(best.signal_points, 1);
        assert!(!best.is_perfect());
        // Perfect beats it.
        assert!(scores.record_case(&score_case(&c, &["a", "b", "c"], 0).unwrap()));
        assert!(scores.case("c").unwrap().is_perfect());
        assert_eq!(scores.case("c").unwrap().attempts, 4);

        let s = statement(true);
        assert!(!scores.record_statement(&score_statement(&s, false)));
        assert!(scores.record_statement(&score_statement(&s, true)));
        assert!(!scores.record_statement(&score_statement(&s, false)));
        let b = scores.statement("s").unwrap();
        assert_eq!((b.attempts, b.correct), (3, true));
    }

    #[test]
    fn summary_prune_reset_and_storage_round_trip() {
        let training = TrainingFile {
            intro: None,
            cases: vec![case()],
            statements: vec![statement(true)],
        };
        let mut scores = TrainingScores::default();
        scores.record_case(&answer_case(&training, "c", &["a", "b", "c"], 0).unwrap());
        scores.record_statement(&answer_statement(&training, "s", false).unwrap());
        scores
            .statements
            .insert("gone".into(), StatementBest::default());
        assert_eq!(
            answer_case(&training, "nope", &["a"], 0),
            Err(AnswerError::UnknownCase)
        );
        assert_eq!(
            answer_statement(&training, "nope", true),
            Err(AnswerError::UnknownStatement)
        );

        let sum = scores.summary(&training);
        assert_eq!(
            sum,
            ScoreSummary {
                cases_total: 1,
                cases_done: 1,
                cases_correct: 1,
                cases_perfect: 1,
                statements_total: 1,
                statements_done: 1,
                statements_correct: 0,
            }
        );

        let json = scores.to_json();
        assert!(!json.contains("situatie"), "no content text is stored");
        assert_eq!(TrainingScores::from_json(&json), scores);
        assert_eq!(
            TrainingScores::from_json("not json"),
            TrainingScores::default()
        );
        assert_eq!(TrainingScores::from_json("{}"), TrainingScores::default());

        scores.prune(&training);
        assert!(scores.statement("gone").is_none());
        assert!(scores.case("c").is_some());

        scores.reset();
        assert!(scores.is_empty());
        assert_eq!(scores.summary(&training).cases_done, 0);
    }

    #[test]
    fn walk_to_follows_the_shortest_route() {
        let route = &crate::catalog().meldroute;
        let walk = walk_to(route, "jongerenwerk", "mc-2-shop-jeugd").unwrap();
        assert_eq!(
            walk.path,
            vec![
                "jongerenwerk-gevaar",
                "jongerenwerk-meldcode",
                "mc-1-signalen",
                "mc-2-overleg",
                "mc-2-shop-jeugd"
            ]
        );
        assert!(walk.is_valid(route));
        assert_eq!(
            walk_to(route, "politie", "politie-spoed").unwrap().path,
            vec!["politie-gevaar", "politie-spoed"]
        );
        // A police officer is never sent to 112.
        assert!(walk_to(route, "politie", "bel-112").is_none());
        assert!(walk_to(route, "politie", "gemeente-iko").is_none());
        assert!(walk_to(route, "nobody", "bel-112").is_none());
        assert!(walk_to(route, "politie", "no-such-step").is_none());
    }
}
