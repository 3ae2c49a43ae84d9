//! The meldroute as a graph of questions and actions, per role.
//!
//! Steps are shared between roles where the sources describe one procedure for all
//! of them (the meldcode); each role has its own entry, which must be the question
//! "is there direct danger?" with a yes-answer to the 112 action. The validator
//! refuses dangling ids, dead ends, unreachable steps and cycles, so the UI can walk
//! any shipped graph without guarding against it.
//!
//! Compiled into `build.rs` as well: `std`, `serde` and `super::` only.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

use super::{Checker, ContentError, Source, Text};

/// The contact id of the emergency number; the danger action must list it.
pub const EMERGENCY_CONTACT: &str = "112";
/// Longest body, per language: two short lines on a phone.
pub const MAX_BODY_CHARS: usize = 320;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeldrouteFile {
    /// Shown above the route: what it is based on and what it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intro: Option<Text>,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub steps: Vec<Step>,
}

/// A professional role with its own entry into the graph.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub title: Text,
    pub description: Text,
    /// The first step: always the danger question.
    pub start: String,
    /// The role is itself an emergency service (the police): its danger answer
    /// must not tell it to call 112, and no step of its route may list 112.
    #[serde(default, skip_serializing_if = "is_false")]
    pub emergency_service: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    #[default]
    Question,
    Action,
}

/// A decision the route arrives at; tests and the UI use it to label actions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Call 112 now.
    Alarm,
    /// Report to (melden bij) Veilig Thuis.
    VeiligThuis,
    /// Report to the police (incl. AVIM, or anonymously).
    Politie,
    /// Offer or organise help, e.g. through the zorgcoördinator.
    Hulp,
    /// Ask advice (consultatie), possibly anonymously.
    Consult,
    /// Municipal staff: report to the IKO.
    Iko,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    pub kind: StepKind,
    pub title: Text,
    /// Why, in at most two short lines.
    pub body: Text,
    /// Questions: 2–4 answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<Answer>,
    /// Actions: the step after it; `None` ends the route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    /// Contact ids of the region pack, shown as buttons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Marks the direct-danger question that opens each role.
    #[serde(default, skip_serializing_if = "is_false")]
    pub danger_check: bool,
    /// Edges into this step may close a loop (e.g. "weigh again after advice").
    #[serde(default, skip_serializing_if = "is_false")]
    pub allow_cycle: bool,
    /// The ordering or wording is Zicht's synthesis of the sources, not a quoted
    /// procedure; the UI says so.
    #[serde(default, skip_serializing_if = "is_false")]
    pub derived: bool,
    #[serde(default)]
    pub source: Source,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more_sources: Vec<Source>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub label: Text,
    pub next: String,
    /// The "yes" of the danger question.
    #[serde(default, skip_serializing_if = "is_false")]
    pub yes: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Step {
    /// Ids of the steps this one leads to, in answer order.
    pub fn successors(&self) -> Vec<&str> {
        match self.kind {
            StepKind::Question => self.answers.iter().map(|a| a.next.as_str()).collect(),
            StepKind::Action => self.next.iter().map(String::as_str).collect(),
        }
    }

    /// An action that ends the route.
    pub fn is_terminal(&self) -> bool {
        self.kind == StepKind::Action && self.next.is_none()
    }
}

impl MeldrouteFile {
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// Steps reachable from `start`, including it.
    pub fn reachable_from(&self, start: &str) -> HashSet<String> {
        let index: HashMap<&str, &Step> = self.steps.iter().map(|s| (s.id.as_str(), s)).collect();
        let mut seen = HashSet::new();
        let mut stack = vec![start.to_string()];
        while let Some(id) = stack.pop() {
            let Some(step) = index.get(id.as_str()) else {
                continue;
            };
            if seen.insert(id.clone()) {
                stack.extend(step.successors().into_iter().map(str::to_string));
            }
        }
        seen
    }

    /// Outcomes that some walk of the role can reach.
    pub fn role_outcomes(&self, role: &str) -> HashSet<Outcome> {
        let Some(role) = self.role(role) else {
            return HashSet::new();
        };
        self.reachable_from(&role.start)
            .iter()
            .filter_map(|id| self.step(id).and_then(|s| s.outcome))
            .collect()
    }

    /// Every contact id the route refers to.
    pub fn contact_ids(&self) -> HashSet<&str> {
        self.steps
            .iter()
            .flat_map(|s| s.contacts.iter().map(String::as_str))
            .collect()
    }

    pub fn validate(&self, catalog: &super::Catalog, errors: &mut Vec<ContentError>) {
        self.validate_as(super::MELDROUTE_FILE, &catalog.regions, errors);
    }

    /// What the route needs of one region pack: every contact a step lists
    /// (unless the pack says where regional contacts come from, `regional_note`),
    /// and contact "112" dialling 112. The build runs it on every bundled pack,
    /// the app on a pack a deployment serves (`crate::regions`), the same code.
    pub fn check_pack(&self, c: &mut Checker<'_>, pack: &super::contacts::RegionPack) {
        for step in &self.steps {
            for id in &step.contacts {
                // A pack that says where regional contacts come from may leave
                // them out; the UI shows that line in their place.
                if pack.contact(id).is_none() && pack.regional_note.is_none() {
                    c.error(
                        &step.id,
                        format!("contact {id:?} is not in region pack {:?}", pack.id),
                    );
                }
            }
        }
        let dials_112 = pack
            .contact(EMERGENCY_CONTACT)
            .is_some_and(|ct| ct.phones.iter().any(|p| p.dial == "112"));
        if !dials_112 {
            c.error(
                "roles",
                format!(
                    "region pack {:?} needs contact {EMERGENCY_CONTACT:?} dialling 112",
                    pack.id
                ),
            );
        }
    }

    /// `validate` with the file name and packs given, for tests of broken graphs.
    pub fn validate_as(
        &self,
        file: &str,
        regions: &[super::contacts::RegionPack],
        errors: &mut Vec<ContentError>,
    ) {
        let mut c = Checker::new(file, errors);
        if let Some(intro) = &self.intro {
            c.text("intro", "intro", intro);
        }
        let index: HashMap<&str, &Step> = self.steps.iter().map(|s| (s.id.as_str(), s)).collect();

        let mut step_ids = HashSet::new();
        for step in &self.steps {
            c.id(&step.id, &mut step_ids);
            check_step(&mut c, step, &index);
        }

        for pack in regions {
            self.check_pack(&mut c, pack);
        }

        if self.roles.is_empty() {
            c.error("roles", "the meldroute needs at least one role");
        }
        let mut role_ids = HashSet::new();
        let mut reachable: HashSet<String> = HashSet::new();
        for role in &self.roles {
            let item = format!("role {}", role.id);
            c.id(&role.id, &mut role_ids);
            c.text(&item, "title", &role.title);
            c.text(&item, "description", &role.description);
            match index.get(role.start.as_str()) {
                None => c.error(&item, format!("start {:?} is not a step", role.start)),
                Some(start) => check_danger_start(&mut c, role, start, &index),
            }
            let from_start = self.reachable_from(&role.start);
            if role.emergency_service {
                for id in &from_start {
                    if index
                        .get(id.as_str())
                        .is_some_and(|s| s.contacts.iter().any(|c| c == EMERGENCY_CONTACT))
                    {
                        c.error(
                            id,
                            format!(
                                "on the route of {:?}, an emergency service: it must not be sent to 112",
                                role.id
                            ),
                        );
                    }
                }
            }
            let decides = from_start.iter().any(|id| {
                index
                    .get(id.as_str())
                    .and_then(|s| s.outcome)
                    .is_some_and(|o| matches!(o, Outcome::VeiligThuis | Outcome::Politie))
            });
            if !decides {
                c.error(
                    &item,
                    "no walk of this role reaches a Veilig Thuis or police decision",
                );
            }
            reachable.extend(from_start);
        }

        for step in &self.steps {
            if !reachable.contains(&step.id) && !self.roles.is_empty() {
                c.error(&step.id, "unreachable: no role's route leads to this step");
            }
        }

        // Direct danger does not end the meldcode: after the alarm the route
        // must go on to a Veilig Thuis report.
        for step in &self.steps {
            if step.outcome == Some(Outcome::Alarm) {
                let after: HashSet<String> = step
                    .successors()
                    .iter()
                    .flat_map(|n| self.reachable_from(n))
                    .collect();
                let reports = after.iter().any(|id| {
                    index
                        .get(id.as_str())
                        .is_some_and(|s| s.outcome == Some(Outcome::VeiligThuis))
                });
                if !reports {
                    c.error(
                        &step.id,
                        "after the alarm the route must go on to a Veilig Thuis report",
                    );
                }
            }
        }

        check_cycles(&mut c, &self.steps, &index);
        check_exits(&mut c, &self.steps, &index);
    }
}

fn check_step(c: &mut Checker<'_>, step: &Step, index: &HashMap<&str, &Step>) {
    let item = step.id.as_str();
    c.text(item, "title", &step.title);
    c.text(item, "body", &step.body);
    for (lang, body) in [("nl", &step.body.nl), ("en", &step.body.en)] {
        let n = body.chars().count();
        if n > MAX_BODY_CHARS {
            c.error(
                item,
                format!(
                    "body ({lang}) has {n} characters; keep it to two lines ({MAX_BODY_CHARS})"
                ),
            );
        }
    }
    c.source(item, &step.source);
    for s in &step.more_sources {
        c.source(item, s);
    }
    match step.kind {
        StepKind::Question => {
            if step.answers.is_empty() {
                c.error(item, "dead end: a question without answers");
            } else if !(2..=4).contains(&step.answers.len()) {
                c.error(
                    item,
                    format!("a question needs 2-4 answers, has {}", step.answers.len()),
                );
            }
            if step.next.is_some() {
                c.error(item, "a question goes on through its answers, not `next`");
            }
            if step.outcome.is_some() {
                c.error(item, "only actions carry an outcome");
            }
            for (i, a) in step.answers.iter().enumerate() {
                c.text(item, &format!("answer {}", i + 1), &a.label);
                if !index.contains_key(a.next.as_str()) {
                    c.error(
                        item,
                        format!("answer {} leads to unknown step {:?}", i + 1, a.next),
                    );
                }
            }
        }
        StepKind::Action => {
            if !step.answers.is_empty() {
                c.error(item, "an action has no answers; make it a question");
            }
            if let Some(next) = &step.next {
                if !index.contains_key(next.as_str()) {
                    c.error(item, format!("next leads to unknown step {next:?}"));
                }
            }
        }
    }
    if step.danger_check && step.kind != StepKind::Question {
        c.error(item, "danger_check is for the danger question");
    }
    if step.answers.iter().any(|a| a.yes) && !step.danger_check {
        c.error(
            item,
            "`yes` marks the danger question's answer; set danger_check",
        );
    }
}

fn check_danger_start(
    c: &mut Checker<'_>,
    role: &Role,
    start: &Step,
    index: &HashMap<&str, &Step>,
) {
    let item = format!("role {}", role.id);
    let item = item.as_str();
    if !start.danger_check || start.kind != StepKind::Question {
        c.error(
            item,
            format!(
                "start {:?} must be the direct-danger question (danger_check)",
                start.id
            ),
        );
        return;
    }
    let yes: Vec<&Answer> = start.answers.iter().filter(|a| a.yes).collect();
    if yes.len() != 1 {
        c.error(
            &start.id,
            "the danger question needs exactly one `yes` answer",
        );
        return;
    }
    let target = index.get(yes[0].next.as_str());
    let alarm =
        target.is_some_and(|s| s.kind == StepKind::Action && s.outcome == Some(Outcome::Alarm));
    let lists_112 = target.is_some_and(|s| s.contacts.iter().any(|c| c == EMERGENCY_CONTACT));
    if role.emergency_service {
        if !alarm {
            c.error(
                &start.id,
                "the `yes` answer must lead to an action with outcome \"alarm\"",
            );
        }
    } else if !(alarm && lists_112) {
        c.error(
            &start.id,
            "the `yes` answer must lead to an action with outcome \"alarm\" and contact \"112\"",
        );
    }
}

/// Depth-first search over edges not marked as allowed loops.
fn check_cycles(c: &mut Checker<'_>, steps: &[Step], index: &HashMap<&str, &Step>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: HashMap<&str, Mark> = HashMap::new();
    let mut reported = HashSet::new();
    for root in steps {
        if marks.contains_key(root.id.as_str()) {
            continue;
        }
        // Iterative DFS: (step, index of the next successor to visit).
        let mut stack: Vec<(&Step, usize)> = vec![(root, 0)];
        marks.insert(root.id.as_str(), Mark::Open);
        while let Some((step, i)) = stack.pop() {
            let succ = step.successors();
            if i >= succ.len() {
                marks.insert(step.id.as_str(), Mark::Done);
                continue;
            }
            stack.push((step, i + 1));
            let Some(next) = index.get(succ[i]) else {
                continue;
            };
            if next.allow_cycle {
                continue;
            }
            match marks.get(next.id.as_str()) {
                Some(Mark::Open) => {
                    if reported.insert(step.id.clone()) {
                        c.error(
                            &step.id,
                            format!(
                                "cycle: leads back to {:?}; set allow_cycle on it if intended",
                                next.id
                            ),
                        );
                    }
                }
                Some(Mark::Done) => {}
                None => {
                    marks.insert(next.id.as_str(), Mark::Open);
                    stack.push((next, 0));
                }
            }
        }
    }
}

/// Every step must have a way on to an action that ends the route.
fn check_exits(c: &mut Checker<'_>, steps: &[Step], index: &HashMap<&str, &Step>) {
    // A dangling edge is reported on its own; counting it as an exit keeps every
    // step before it from being reported as a dead end too.
    let mut exits: HashSet<&str> = steps
        .iter()
        .filter(|s| s.is_terminal() || s.successors().iter().any(|n| !index.contains_key(n)))
        .map(|s| s.id.as_str())
        .collect();
    loop {
        let before = exits.len();
        for s in steps {
            if !exits.contains(s.id.as_str()) && s.successors().iter().any(|n| exits.contains(n)) {
                exits.insert(s.id.as_str());
            }
        }
        if exits.len() == before {
            break;
        }
    }
    for s in steps {
        let trivially_broken = s.kind == StepKind::Question && s.answers.is_empty();
        if !exits.contains(s.id.as_str()) && !trivially_broken {
            c.error(&s.id, "dead end: no path from here ends in an action");
        }
    }
}

/// Why a walk could not move.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WalkError {
    UnknownRole,
    UnknownStep,
    /// The current step does not lead to the requested step.
    NotAnOption,
    /// The current step is a question: pick an answer.
    NeedsAnswer,
    /// The route has ended.
    Finished,
}

/// Progress through the route of one role: the steps visited, first to current.
///
/// Plain data, so the UI can keep it in the URL ([`Walk::to_param`]) and an
/// observation can store it; [`Walk::from_param`] re-checks it against the graph,
/// because an old URL may predate a content change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Walk {
    pub role: String,
    pub path: Vec<String>,
}

impl Walk {
    /// A walk at the role's first step, the danger question.
    pub fn start(route: &MeldrouteFile, role: &str) -> Result<Walk, WalkError> {
        let r = route.role(role).ok_or(WalkError::UnknownRole)?;
        route.step(&r.start).ok_or(WalkError::UnknownStep)?;
        Ok(Walk {
            role: r.id.clone(),
            path: vec![r.start.clone()],
        })
    }

    pub fn current<'r>(&self, route: &'r MeldrouteFile) -> Option<&'r Step> {
        self.path.last().and_then(|id| route.step(id))
    }

    /// Takes answer `index` (0-based) of the current question.
    pub fn answer(&mut self, route: &MeldrouteFile, index: usize) -> Result<(), WalkError> {
        let step = self.current(route).ok_or(WalkError::UnknownStep)?;
        if step.kind != StepKind::Question {
            return Err(WalkError::NotAnOption);
        }
        let next = step.answers.get(index).ok_or(WalkError::NotAnOption)?;
        route.step(&next.next).ok_or(WalkError::UnknownStep)?;
        self.path.push(next.next.clone());
        Ok(())
    }

    /// Moves on from an action that has a next step.
    pub fn advance(&mut self, route: &MeldrouteFile) -> Result<(), WalkError> {
        let step = self.current(route).ok_or(WalkError::UnknownStep)?;
        match (step.kind, &step.next) {
            (StepKind::Question, _) => Err(WalkError::NeedsAnswer),
            (StepKind::Action, None) => Err(WalkError::Finished),
            (StepKind::Action, Some(next)) => {
                route.step(next).ok_or(WalkError::UnknownStep)?;
                self.path.push(next.clone());
                Ok(())
            }
        }
    }

    /// Moves to `step_id` if the current step leads there (by answer or next).
    pub fn go(&mut self, route: &MeldrouteFile, step_id: &str) -> Result<(), WalkError> {
        let step = self.current(route).ok_or(WalkError::UnknownStep)?;
        if !step.successors().contains(&step_id) {
            return Err(WalkError::NotAnOption);
        }
        route.step(step_id).ok_or(WalkError::UnknownStep)?;
        self.path.push(step_id.to_string());
        Ok(())
    }

    /// One step back; false at the first step.
    pub fn back(&mut self) -> bool {
        if self.path.len() > 1 {
            self.path.pop();
            true
        } else {
            false
        }
    }

    pub fn is_finished(&self, route: &MeldrouteFile) -> bool {
        self.current(route).is_some_and(Step::is_terminal)
    }

    /// The decisions passed on the way, in order.
    pub fn outcomes(&self, route: &MeldrouteFile) -> Vec<Outcome> {
        self.path
            .iter()
            .filter_map(|id| route.step(id).and_then(|s| s.outcome))
            .collect()
    }

    /// True if the walk starts at its role's start and every move is an edge.
    pub fn is_valid(&self, route: &MeldrouteFile) -> bool {
        let Some(role) = route.role(&self.role) else {
            return false;
        };
        if self.path.first() != Some(&role.start) {
            return false;
        }
        self.path.windows(2).all(|w| {
            route
                .step(&w[0])
                .is_some_and(|s| s.successors().contains(&w[1].as_str()))
        })
    }

    /// Compact URL form: `role:step1.step2.step3` (ids never contain `:` or `.`).
    pub fn to_param(&self) -> String {
        format!("{}:{}", self.role, self.path.join("."))
    }

    /// Parses [`Walk::to_param`]; `None` if it does not fit the current graph.
    pub fn from_param(route: &MeldrouteFile, param: &str) -> Option<Walk> {
        let (role, path) = param.split_once(':')?;
        let walk = Walk {
            role: role.to_string(),
            path: path.split('.').map(str::to_string).collect(),
        };
        walk.is_valid(route).then_some(walk)
    }
}
