//! The inbox: every item read so far, newest first; what each observation
//! shows; the filters; and the receiver's own "gezien" / "opgepakt" marks.

use std::collections::{BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use super::Item;
use crate::content::Catalog;
use crate::i18n::K;
use crate::observation::{time_sort_key, DayPart, Observation, Worry};
use crate::privacy::{self, FindingKind};
use crate::Lang;

/// The catalogue an observation's ids refer to: the one bundled with this
/// app when the content versions are equal; `None` for any other version,
/// whose titles this app cannot know.
pub fn catalog_for(content_version: &str) -> Option<&'static Catalog> {
    (content_version == crate::CONTENT_VERSION).then(crate::catalog)
}

/// Every item read in this session, opened or not, newest first.
#[derive(Clone, Debug, Default)]
pub struct Inbox {
    items: Vec<Item>,
    ids: HashSet<String>,
}

/// Newest first: the day observed (for an unopened item the day recorded),
/// then the moment recorded, then the id so the order is total.
fn sort_key(item: &Item) -> (String, String, String) {
    let day = match item.outcome.observation() {
        Some(o) => o.observed_on.clone(),
        None => item.recorded_at.get(..10).unwrap_or_default().to_string(),
    };
    (day, time_sort_key(&item.recorded_at), item.id.clone())
}

impl Inbox {
    /// Adds the items of a page; an id already in the inbox (a page read
    /// twice) is skipped. Returns how many were new.
    pub fn add(&mut self, items: Vec<Item>) -> usize {
        let before = self.items.len();
        for item in items {
            if self.ids.insert(item.id.clone()) {
                self.items.push(item);
            }
        }
        let added = self.items.len() - before;
        if added > 0 {
            self.items
                .sort_by_cached_key(|i| std::cmp::Reverse(sort_key(i)));
        }
        added
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The opened observations, newest first.
    pub fn opened(&self) -> impl Iterator<Item = (&Item, &Observation)> {
        self.items
            .iter()
            .filter_map(|i| i.outcome.observation().map(|o| (i, o)))
    }

    /// The items that could not be opened, newest first.
    pub fn failed(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|i| i.outcome.observation().is_none())
    }

    /// The opened observations that pass `filter`, newest first.
    pub fn filtered<'a>(
        &'a self,
        filter: &'a Filter,
        marks: &'a Marks,
    ) -> impl Iterator<Item = (&'a Item, &'a Observation)> + 'a {
        self.opened().filter(move |(_, o)| filter.matches(o, marks))
    }
}

/// Which marks an observation must (not) have to be listed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkFilter {
    #[default]
    All,
    /// Not marked "gezien".
    Unseen,
    /// Not marked "opgepakt".
    NotPickedUp,
}

impl MarkFilter {
    /// Every choice, in the order the select lists them.
    pub const ALL: [MarkFilter; 3] = [MarkFilter::All, MarkFilter::Unseen, MarkFilter::NotPickedUp];

    /// The `<option>` value; empty for no filter.
    pub fn value(self) -> &'static str {
        match self {
            MarkFilter::All => "",
            MarkFilter::Unseen => "unseen",
            MarkFilter::NotPickedUp => "not_picked_up",
        }
    }

    /// Reads an `<option>` value back; anything unknown is no filter.
    pub fn from_value(value: &str) -> MarkFilter {
        MarkFilter::ALL
            .into_iter()
            .find(|m| m.value() == value)
            .unwrap_or_default()
    }

    pub fn label(self) -> K {
        match self {
            MarkFilter::All => K::RcvFilterAll,
            MarkFilter::Unseen => K::RcvFilterUnseen,
            MarkFilter::NotPickedUp => K::RcvFilterNotPickedUp,
        }
    }
}

/// The worry levels in the order the filter lists them, with the id suffix
/// of their checkbox.
pub const WORRIES: [(Worry, &str); 3] = [
    (Worry::Acuut, "acuut"),
    (Worry::Zorgelijk, "zorgelijk"),
    (Worry::Twijfel, "twijfel"),
];

/// The inbox filters; an empty field lets everything through.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Any of these worry levels (none chosen: all).
    pub worry: Vec<Worry>,
    /// A signal category id: at least one signal in it.
    pub category: Option<String>,
    /// A form of forced crime id.
    pub form: Option<String>,
    /// A gemeente id.
    pub gemeente: Option<String>,
    /// Observed on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Observed on or before this day (`YYYY-MM-DD`).
    pub to: Option<String>,
    pub marks: MarkFilter,
}

impl Filter {
    /// Ticks or unticks one worry level; a level is listed once.
    pub fn set_worry(&mut self, worry: Worry, on: bool) {
        self.worry.retain(|w| *w != worry);
        if on {
            self.worry.push(worry);
        }
    }
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self == &Filter::default()
    }

    pub fn matches(&self, o: &Observation, marks: &Marks) -> bool {
        (self.worry.is_empty() || self.worry.contains(&o.worry))
            && self
                .category
                .as_deref()
                .is_none_or(|c| signal_categories(o).iter().any(|s| s == c))
            && self
                .form
                .as_deref()
                .is_none_or(|f| o.forms.iter().any(|x| x == f))
            && self
                .gemeente
                .as_deref()
                .is_none_or(|g| o.area.as_ref().is_some_and(|a| a.gemeente == g))
            && self
                .from
                .as_deref()
                .is_none_or(|d| o.observed_on.as_str() >= d)
            && self
                .to
                .as_deref()
                .is_none_or(|d| o.observed_on.as_str() <= d)
            && match self.marks {
                MarkFilter::All => true,
                MarkFilter::Unseen => !marks.is_seen(&o.id),
                MarkFilter::NotPickedUp => !marks.is_picked_up(&o.id),
            }
    }
}

/// The categories of an observation's signals, once each, in signal order;
/// empty when its content version is unknown (its ids cannot be placed).
pub fn signal_categories(o: &Observation) -> Vec<String> {
    let Some(catalog) = catalog_for(&o.content_version) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for id in &o.signals {
        if let Some(s) = catalog.signals.signal(id) {
            if !out.contains(&s.category) {
                out.push(s.category.clone());
            }
        }
    }
    out
}

/// The receiver's marks, kept on its device (localStorage) as JSON: only
/// observation ids, never content.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Marks {
    seen: BTreeSet<String>,
    picked_up: BTreeSet<String>,
}

impl Marks {
    /// Marks from storage; unreadable JSON gives no marks (the observations
    /// are unaffected, the receiver marks again).
    pub fn from_json(json: &str) -> Marks {
        serde_json::from_str(json).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn is_seen(&self, id: &str) -> bool {
        self.seen.contains(id)
    }

    pub fn is_picked_up(&self, id: &str) -> bool {
        self.picked_up.contains(id)
    }

    pub fn set_seen(&mut self, id: &str, on: bool) {
        if on {
            self.seen.insert(id.to_string());
        } else {
            self.seen.remove(id);
            // Not seen cannot be picked up.
            self.picked_up.remove(id);
        }
    }

    /// Picking up implies having seen it.
    pub fn set_picked_up(&mut self, id: &str, on: bool) {
        if on {
            self.picked_up.insert(id.to_string());
            self.seen.insert(id.to_string());
        } else {
            self.picked_up.remove(id);
        }
    }
}

/// One signal as the inbox shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignalLabel {
    pub id: String,
    /// From the catalogue of the observation's content version; `None` when
    /// that version is unknown or does not have the id: show the id.
    pub title: Option<String>,
}

/// A labelled id (form, area): the catalogue's name, or the id itself.
pub fn signal_labels(o: &Observation, lang: Lang) -> Vec<SignalLabel> {
    let catalog = catalog_for(&o.content_version);
    o.signals
        .iter()
        .map(|id| SignalLabel {
            id: id.clone(),
            title: catalog
                .and_then(|c| c.signals.signal(id))
                .map(|s| s.title.get(lang).to_string()),
        })
        .collect()
}

/// Titles of the observation's forms of forced crime (ids where unknown).
pub fn form_labels(o: &Observation, lang: Lang) -> Vec<String> {
    let catalog = catalog_for(&o.content_version);
    o.forms
        .iter()
        .map(|id| {
            catalog
                .and_then(|c| c.signals.form(id))
                .map_or_else(|| id.clone(), |f| f.title.get(lang).to_string())
        })
        .collect()
}

/// "Den Haag · Escamp": names from the regional packs, ids where unknown.
pub fn area_label(o: &Observation) -> Option<String> {
    let area = o.area.as_ref()?;
    let known = crate::catalog()
        .regions
        .iter()
        .flat_map(|r| r.areas.iter())
        .find(|a| a.id == area.gemeente);
    let gemeente = known.map_or_else(|| area.gemeente.clone(), |a| a.name.clone());
    Some(match &area.wijk {
        None => gemeente,
        Some(w) => {
            let wijk = known
                .and_then(|a| a.districts.iter().find(|d| &d.id == w))
                .map_or_else(|| w.clone(), |d| d.name.clone());
            format!("{gemeente} · {wijk}")
        }
    })
}

/// A piece of a note: plain text, or a privacy-guard finding to mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotePart {
    pub text: String,
    pub finding: Option<FindingKind>,
}

/// The note cut at the findings of [`privacy::scan`], so the screen can mark
/// them (the sender's app blocks the structured kinds; what reaches the
/// receiver may still hold a suspected name, or come from another client).
pub fn note_parts(note: &str) -> Vec<NotePart> {
    let mut parts = Vec::new();
    let mut at = 0;
    for f in privacy::scan(note) {
        if f.start < at || note.get(f.start..f.end).is_none() {
            continue;
        }
        if f.start > at {
            parts.push(NotePart {
                text: note[at..f.start].to_string(),
                finding: None,
            });
        }
        parts.push(NotePart {
            text: note[f.start..f.end].to_string(),
            finding: Some(f.kind),
        });
        at = f.end;
    }
    if at < note.len() {
        parts.push(NotePart {
            text: note[at..].to_string(),
            finding: None,
        });
    }
    parts
}

pub fn worry_key(w: Worry) -> K {
    match w {
        Worry::Acuut => K::ObsWorryAcuut,
        Worry::Zorgelijk => K::ObsWorryZorgelijk,
        Worry::Twijfel => K::ObsWorryTwijfel,
    }
}

pub fn day_part_key(d: DayPart) -> K {
    match d {
        DayPart::Ochtend => K::ObsDayPartOchtend,
        DayPart::Middag => K::ObsDayPartMiddag,
        DayPart::Avond => K::ObsDayPartAvond,
        DayPart::Nacht => K::ObsDayPartNacht,
    }
}

/// What the filter menus offer: catalogue order, then ids the inbox holds
/// that the catalogue does not know.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilterOptions {
    pub categories: Vec<(String, String)>,
    pub forms: Vec<(String, String)>,
    pub gemeenten: Vec<(String, String)>,
}

/// The catalogue's signal categories and forms of exploitation, each as
/// (id, title in `lang`), in the catalogue's order.
pub(crate) fn category_and_form_titles(lang: Lang) -> [Vec<(String, String)>; 2] {
    let signals = &crate::catalog().signals;
    [
        signals
            .categories
            .iter()
            .map(|c| (c.id.clone(), c.title.get(lang).to_string()))
            .collect(),
        signals
            .forms
            .iter()
            .map(|f| (f.id.clone(), f.title.get(lang).to_string()))
            .collect(),
    ]
}

pub fn filter_options(inbox: &Inbox, lang: Lang) -> FilterOptions {
    let catalog = crate::catalog();
    let [categories, forms] = category_and_form_titles(lang);
    let mut options = FilterOptions {
        categories,
        forms,
        gemeenten: catalog
            .regions
            .iter()
            .flat_map(|r| r.areas.iter())
            .map(|a| (a.id.clone(), a.name.clone()))
            .collect(),
    };
    for (_, o) in inbox.opened() {
        for f in &o.forms {
            if !options.forms.iter().any(|(id, _)| id == f) {
                options.forms.push((f.clone(), f.clone()));
            }
        }
        if let Some(a) = &o.area {
            if !options.gemeenten.iter().any(|(id, _)| *id == a.gemeente) {
                options
                    .gemeenten
                    .push((a.gemeente.clone(), a.gemeente.clone()));
            }
        }
    }
    options
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn mark_filter_values_round_trip_and_unknown_is_all() {
        for m in MarkFilter::ALL {
            assert_eq!(MarkFilter::from_value(m.value()), m);
        }
        assert_eq!(MarkFilter::from_value("zzz"), MarkFilter::All);
        assert_eq!(MarkFilter::NotPickedUp.label(), K::RcvFilterNotPickedUp);
    }

    #[test]
    fn set_worry_ticks_once_and_unticks() {
        let mut f = Filter::default();
        f.set_worry(Worry::Acuut, true);
        f.set_worry(Worry::Acuut, true);
        f.set_worry(Worry::Twijfel, true);
        assert_eq!(f.worry, vec![Worry::Acuut, Worry::Twijfel]);
        f.set_worry(Worry::Acuut, false);
        assert_eq!(f.worry, vec![Worry::Twijfel]);
    }
    use crate::observation::{AgeBand, Area};
    use crate::receiver::Outcome;

    pub(crate) fn obs(n: u32, observed_on: &str, worry: Worry, signals: &[&str]) -> Observation {
        Observation {
            id: format!("00000000-0000-4000-8000-{n:012}"),
            schema: crate::observation::SCHEMA.into(),
            observed_on: observed_on.into(),
            day_part: Some(DayPart::Avond),
            recorded_at: format!("{observed_on}T20:00:00Z"),
            area: Some(Area {
                gemeente: "den-haag".into(),
                wijk: None,
            }),
            setting: None,
            age_band: AgeBand::Unknown,
            gender: None,
            signals: signals.iter().map(|s| s.to_string()).collect(),
            forms: vec![],
            recruitment: vec![],
            worry,
            steps_taken: vec![],
            note: String::new(),
            meldroute: None,
            content_version: crate::CONTENT_VERSION.into(),
            corrects: None,
            practice: false,
        }
    }

    pub(crate) fn item(o: Observation) -> Item {
        Item {
            id: o.id.clone(),
            received_at: String::new(),
            receipt: String::new(),
            recorded_at: o.recorded_at.clone(),
            outcome: Outcome::Opened {
                observation: Box::new(o),
                sealed: true,
            },
        }
    }

    fn first_signal(category: &str) -> String {
        crate::catalog()
            .signals
            .signals_in(category)
            .next()
            .map(|s| s.id.clone())
            .expect("category has signals")
    }

    #[test]
    fn newest_first_without_duplicates_failed_items_in_place() {
        let mut inbox = Inbox::default();
        let a = obs(1, "2026-10-01", Worry::Twijfel, &["x"]);
        let b = obs(2, "2026-11-05", Worry::Acuut, &["x"]);
        assert_eq!(inbox.add(vec![item(a.clone()), item(b.clone())]), 2);
        let failed = Item {
            id: "00000000-0000-4000-8000-000000000009".into(),
            received_at: String::new(),
            receipt: String::new(),
            recorded_at: "2026-10-20T08:00:00Z".into(),
            outcome: Outcome::Tampered,
        };
        assert_eq!(inbox.add(vec![item(a.clone()), failed]), 1);
        let order: Vec<&str> = inbox.items().iter().map(|i| &i.id[32..]).collect();
        assert_eq!(order, ["0002", "0009", "0001"]);
        assert_eq!(inbox.opened().count(), 2);
        assert_eq!(inbox.failed().count(), 1);
        assert_eq!(inbox.len(), 3);
    }

    #[test]
    fn filters_combine_and_marks_stay_by_id() {
        let money = first_signal("money");
        let school = first_signal("school");
        let mut a = obs(1, "2026-10-01", Worry::Acuut, &[&money]);
        a.forms = vec!["form-drugs".into()];
        let mut b = obs(2, "2026-11-05", Worry::Zorgelijk, &[&school, &money]);
        b.area = Some(Area {
            gemeente: "elders".into(),
            wijk: None,
        });
        let mut c = obs(3, "2026-11-20", Worry::Twijfel, &[&school]);
        c.content_version = "000000000000".into();
        let mut inbox = Inbox::default();
        inbox.add(vec![item(a), item(b), item(c)]);
        let mut marks = Marks::default();
        let ids = |f: &Filter, m: &Marks| -> Vec<String> {
            inbox
                .filtered(f, m)
                .map(|(i, _)| i.id[32..].to_string())
                .collect()
        };
        assert_eq!(ids(&Filter::default(), &marks), ["0003", "0002", "0001"]);
        let by = |f: Filter| ids(&f, &Marks::default());
        assert_eq!(
            by(Filter {
                worry: vec![Worry::Acuut, Worry::Twijfel],
                ..Filter::default()
            }),
            ["0003", "0001"]
        );
        // The unknown content version cannot be placed in a category.
        assert_eq!(
            by(Filter {
                category: Some("school".into()),
                ..Filter::default()
            }),
            ["0002"]
        );
        assert_eq!(
            by(Filter {
                category: Some("money".into()),
                ..Filter::default()
            }),
            ["0002", "0001"]
        );
        assert_eq!(
            by(Filter {
                form: Some("form-drugs".into()),
                ..Filter::default()
            }),
            ["0001"]
        );
        assert_eq!(
            by(Filter {
                gemeente: Some("elders".into()),
                ..Filter::default()
            }),
            ["0002"]
        );
        assert_eq!(
            by(Filter {
                from: Some("2026-11-01".into()),
                to: Some("2026-11-05".into()),
                ..Filter::default()
            }),
            ["0002"]
        );
        let b_id = "00000000-0000-4000-8000-000000000002";
        marks.set_picked_up(b_id, true);
        assert!(marks.is_seen(b_id));
        let unseen = Filter {
            marks: MarkFilter::Unseen,
            ..Filter::default()
        };
        assert_eq!(ids(&unseen, &marks), ["0003", "0001"]);
        let restored = Marks::from_json(&marks.to_json());
        assert_eq!(restored, marks);
        assert!(!restored.to_json().contains("2026"), "marks hold ids only");
        marks.set_seen(b_id, false);
        assert!(!marks.is_picked_up(b_id));
        assert_eq!(Marks::from_json("{broken"), Marks::default());
    }

    #[test]
    fn labels_come_from_the_catalogue_of_the_content_version() {
        let money = first_signal("money");
        let mut o = obs(1, "2026-10-01", Worry::Acuut, &[&money, "not-a-signal"]);
        o.forms = vec!["form-drugs".into()];
        o.area = Some(Area {
            gemeente: "den-haag".into(),
            wijk: Some("onbekende-wijk".into()),
        });
        let labels = signal_labels(&o, Lang::Nl);
        let title = crate::catalog()
            .signals
            .signal(&money)
            .map(|s| s.title.nl.clone());
        assert_eq!(labels[0].title, title);
        assert_eq!(labels[1].title, None);
        assert_ne!(form_labels(&o, Lang::Nl)[0], "form-drugs");
        let area = area_label(&o).expect("area");
        assert!(
            area.ends_with(" · onbekende-wijk") && !area.starts_with("den-haag"),
            "{area}"
        );
        o.content_version = "ffffffffffff".into();
        assert!(signal_labels(&o, Lang::Nl)
            .iter()
            .all(|l| l.title.is_none()));
        assert_eq!(form_labels(&o, Lang::En), ["form-drugs"]);
    }

    #[test]
    fn the_note_is_cut_at_privacy_findings() {
        let note = "Belde 06-12345678 en ging weg.";
        let parts = note_parts(note);
        let joined: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(joined, note);
        let marked: Vec<_> = parts.iter().filter(|p| p.finding.is_some()).collect();
        assert_eq!(marked.len(), 1);
        assert_eq!(marked[0].finding, Some(FindingKind::Phone));
        assert!(marked[0].text.contains("12345678"));
        assert_eq!(
            note_parts("niets bijzonders"),
            vec![NotePart {
                text: "niets bijzonders".into(),
                finding: None
            }]
        );
        assert!(note_parts("").is_empty());
    }

    #[test]
    fn filter_options_add_unknown_ids_after_the_catalogue() {
        let mut o = obs(1, "2026-10-01", Worry::Acuut, &["x"]);
        o.forms = vec!["vorm-x".into()];
        let mut inbox = Inbox::default();
        inbox.add(vec![item(o)]);
        let options = filter_options(&inbox, Lang::Nl);
        assert_eq!(
            options.categories.len(),
            crate::catalog().signals.categories.len()
        );
        assert_eq!(
            options.forms.last(),
            Some(&("vorm-x".to_string(), "vorm-x".to_string()))
        );
        assert!(options.gemeenten.iter().any(|(id, _)| id == "den-haag"));
    }
}
