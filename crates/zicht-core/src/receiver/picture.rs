//! The picture across observations: how many per month, per signal category
//! and per form of forced crime, each with how many of them were acute; and
//! the bar layout the screen draws as inline SVG (next to a table with the
//! same numbers for screen readers).

use super::inbox::{catalog_for, signal_categories};
use crate::amsterdam::month_key;
use crate::i18n::{self, K};
use crate::observation::{Observation, Worry};
use crate::Lang;

/// One bar: what it counts and how many, of which acute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Count {
    /// Month `YYYY-MM`, category id or form id.
    pub key: String,
    pub label: String,
    pub total: usize,
    pub acute: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Picture {
    pub total: usize,
    pub acute: usize,
    /// Every month from the first to the last observed, empty ones included,
    /// oldest first.
    pub months: Vec<Count>,
    /// Observations with at least one signal in the category, catalogue
    /// order; last, those whose content version is unknown.
    pub categories: Vec<Count>,
    /// Observations naming the form, catalogue order; unknown ids after.
    pub forms: Vec<Count>,
}

/// Key of the category bar for observations of an unknown content version.
pub const UNKNOWN_VERSION: &str = "?";

fn bump(counts: &mut [Count], key: &str, acute: bool) -> bool {
    match counts.iter_mut().find(|c| c.key == key) {
        Some(c) => {
            c.total += 1;
            c.acute += usize::from(acute);
            true
        }
        None => false,
    }
}

fn month_label(month: &str, lang: Lang) -> String {
    let (year, m) = month.split_once('-').unwrap_or((month, "1"));
    let name = i18n::t(lang, month_key(m.parse().unwrap_or(1)));
    format!("{name} {year}")
}

/// The month after `YYYY-MM`.
fn next_month(month: &str) -> Option<String> {
    let (y, m) = month.split_once('-')?;
    let (y, m): (u32, u32) = (y.parse().ok()?, m.parse().ok()?);
    Some(if m >= 12 {
        format!("{:04}-01", y + 1)
    } else {
        format!("{y:04}-{:02}", m + 1)
    })
}

/// Counts over `observations` (the filtered set).
pub fn picture<'a>(observations: impl IntoIterator<Item = &'a Observation>, lang: Lang) -> Picture {
    let zero = |(key, label): (String, String)| Count {
        key,
        label,
        total: 0,
        acute: 0,
    };
    let [categories, forms] = super::inbox::category_and_form_titles(lang);
    let mut p = Picture {
        categories: categories.into_iter().map(zero).collect(),
        forms: forms.into_iter().map(zero).collect(),
        ..Picture::default()
    };
    let mut months: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut unknown_version = Count {
        key: UNKNOWN_VERSION.to_string(),
        label: i18n::t(lang, K::RcvPictureUnknownVersion).to_string(),
        total: 0,
        acute: 0,
    };
    for o in observations {
        let acute = o.worry == Worry::Acuut;
        p.total += 1;
        p.acute += usize::from(acute);
        if let Some(month) = o.observed_on.get(..7) {
            let m = months.entry(month.to_string()).or_default();
            m.0 += 1;
            m.1 += usize::from(acute);
        }
        if catalog_for(&o.content_version).is_some() {
            for c in signal_categories(o) {
                bump(&mut p.categories, &c, acute);
            }
        } else {
            unknown_version.total += 1;
            unknown_version.acute += usize::from(acute);
        }
        for f in &o.forms {
            if !bump(&mut p.forms, f, acute) {
                p.forms.push(Count {
                    key: f.clone(),
                    label: f.clone(),
                    total: 1,
                    acute: usize::from(acute),
                });
            }
        }
    }
    if unknown_version.total > 0 {
        p.categories.push(unknown_version);
    }
    if let (Some(first), Some(last)) =
        (months.keys().next().cloned(), months.keys().last().cloned())
    {
        let mut month = first;
        // Bounded by the number of months between two real dates (years 1900–2999).
        for _ in 0..(12 * 1100) {
            let (total, acute) = months.get(&month).copied().unwrap_or_default();
            p.months.push(Count {
                label: month_label(&month, lang),
                key: month.clone(),
                total,
                acute,
            });
            if month >= last {
                break;
            }
            match next_month(&month) {
                Some(next) => month = next,
                None => break,
            }
        }
    }
    p
}

/// Geometry of a horizontal bar chart in SVG user units: a label column,
/// then the bar, then the number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartLayout {
    pub width: f32,
    pub label_width: f32,
    pub number_width: f32,
    pub row_height: f32,
    pub bar_height: f32,
}

impl Default for ChartLayout {
    fn default() -> Self {
        ChartLayout {
            width: 640.0,
            label_width: 260.0,
            number_width: 56.0,
            row_height: 28.0,
            bar_height: 18.0,
        }
    }
}

/// One row of the chart, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct BarRow {
    pub label: String,
    pub total: usize,
    pub acute: usize,
    /// Top of the row.
    pub y: f32,
    /// Where bars start.
    pub x: f32,
    /// Width of the whole bar and of its acute part (drawn from `x`).
    pub width: f32,
    pub acute_width: f32,
}

impl ChartLayout {
    /// Height of the whole chart for `rows` rows.
    pub fn height(&self, rows: usize) -> f32 {
        self.row_height * rows.max(1) as f32
    }

    /// Bars scaled to the largest count; a count above zero is never drawn
    /// thinner than one unit, so it stays visible.
    pub fn rows(&self, counts: &[Count]) -> Vec<BarRow> {
        let max = counts.iter().map(|c| c.total).max().unwrap_or(0).max(1) as f32;
        let span = (self.width - self.label_width - self.number_width).max(1.0);
        let scale = |n: usize| {
            if n == 0 {
                0.0
            } else {
                (n as f32 / max * span).max(1.0)
            }
        };
        counts
            .iter()
            .enumerate()
            .map(|(i, c)| BarRow {
                label: c.label.clone(),
                total: c.total,
                acute: c.acute,
                y: i as f32 * self.row_height,
                x: self.label_width,
                width: scale(c.total),
                acute_width: scale(c.acute),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::receiver::inbox::tests::obs;

    fn first_signal(category: &str) -> String {
        crate::catalog()
            .signals
            .signals_in(category)
            .next()
            .map(|s| s.id.clone())
            .expect("signal")
    }

    #[test]
    fn counts_per_month_category_and_form_with_acute_apart() {
        let money = first_signal("money");
        let school = first_signal("school");
        let mut a = obs(1, "2026-08-30", Worry::Acuut, &[&money, &school]);
        a.forms = vec!["form-drugs".into()];
        let mut b = obs(2, "2026-11-02", Worry::Zorgelijk, &[&money]);
        b.forms = vec!["form-drugs".into(), "vorm-x".into()];
        let mut c = obs(3, "2026-11-03", Worry::Acuut, &[&school]);
        c.content_version = "ffffffffffff".into();
        let p = picture([&a, &b, &c], Lang::Nl);
        assert_eq!((p.total, p.acute), (3, 2));
        let months: Vec<(&str, usize, usize)> = p
            .months
            .iter()
            .map(|m| (m.key.as_str(), m.total, m.acute))
            .collect();
        assert_eq!(
            months,
            [
                ("2026-08", 1, 1),
                ("2026-09", 0, 0),
                ("2026-10", 0, 0),
                ("2026-11", 2, 1)
            ]
        );
        assert_eq!(p.months[0].label, "augustus 2026");
        let cat = |k: &str| {
            p.categories
                .iter()
                .find(|c| c.key == k)
                .map(|c| (c.total, c.acute))
        };
        assert_eq!(cat("money"), Some((2, 1)));
        // c's content version is unknown: counted apart, not as "school".
        assert_eq!(cat("school"), Some((1, 1)));
        assert_eq!(cat(UNKNOWN_VERSION), Some((1, 1)));
        assert_eq!(cat("home"), Some((0, 0)));
        let form = |k: &str| {
            p.forms
                .iter()
                .find(|c| c.key == k)
                .map(|c| (c.total, c.acute))
        };
        assert_eq!(form("form-drugs"), Some((2, 1)));
        assert_eq!(form("vorm-x"), Some((1, 0)));
        assert_eq!(p.forms.last().map(|f| f.key.as_str()), Some("vorm-x"));
    }

    #[test]
    fn months_cross_the_year_and_an_empty_set_has_none() {
        let a = obs(1, "2025-12-31", Worry::Twijfel, &["x"]);
        let b = obs(2, "2026-01-01", Worry::Twijfel, &["x"]);
        let keys: Vec<String> = picture([&a, &b], Lang::En)
            .months
            .into_iter()
            .map(|m| m.key)
            .collect();
        assert_eq!(keys, ["2025-12", "2026-01"]);
        let empty = picture(std::iter::empty(), Lang::Nl);
        assert!(empty.months.is_empty());
        assert_eq!(empty.total, 0);
        assert!(empty.categories.iter().all(|c| c.total == 0));
    }

    #[test]
    fn bars_scale_to_the_largest_and_small_counts_stay_visible() {
        let layout = ChartLayout::default();
        let counts = [
            Count {
                key: "a".into(),
                label: "A".into(),
                total: 1000,
                acute: 250,
            },
            Count {
                key: "b".into(),
                label: "B".into(),
                total: 1,
                acute: 0,
            },
            Count {
                key: "c".into(),
                label: "C".into(),
                total: 0,
                acute: 0,
            },
        ];
        let rows = layout.rows(&counts);
        let span = layout.width - layout.label_width - layout.number_width;
        assert_eq!(rows[0].width, span);
        assert_eq!(rows[0].acute_width, span / 4.0);
        assert_eq!(rows[1].width, 1.0);
        assert_eq!(rows[2].width, 0.0);
        assert_eq!(rows[2].y, 2.0 * layout.row_height);
        assert_eq!(layout.height(0), layout.row_height);
    }
}
