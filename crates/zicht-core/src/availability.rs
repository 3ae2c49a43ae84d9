//! Is a contact reachable now, and when is its next walk-in session?
//!
//! Opening hours are wall-clock intervals in Amsterdam time. An interval runs from
//! the first instant the clock shows `from` to the last instant it shows `to`, so
//! on the October change day a 01:00–03:00 slot lasts three real hours and a slot
//! inside the skipped March hour does not happen at all.
//!
//! On a public holiday the sources never say whether an office is open, so for
//! anything but 24/7 the status is `Unknown` rather than a guess.

use serde::{Deserialize, Serialize};

use crate::amsterdam::{self, Date, Holiday, LocalDateTime};
use crate::content::contacts::{parse_hhmm, Availability, Contact, Weekday};
use crate::content::{Lang, Text};
use crate::i18n::{self, K};

/// How far ahead to look for an opening or a session: two weeks covers a
/// weekly rhythm with Christmas or Easter in between.
const HORIZON_DAYS: i64 = 14;

/// Reachability of a contact at one instant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Status {
    /// Reachable now; `until` is `None` for 24/7.
    OpenNow {
        until: Option<LocalDateTime>,
    },
    /// Closed now; `next_open` is `None` if nothing opens within two weeks.
    /// `holiday_skipped`: a holiday lies before the next opening and its hours
    /// were not counted.
    ClosedNow {
        next_open: Option<LocalDateTime>,
        holiday_skipped: bool,
    },
    /// A website or other resource without hours.
    Online,
    Unknown {
        reason: UnknownReason,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum UnknownReason {
    /// The sources give no hours; the text says where to find out.
    NoHours { how_to_find_out: Text },
    /// Today is a public holiday and the contact is not 24/7.
    Holiday { holiday: Holiday, date: Date },
}

/// One interval in UTC seconds, `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Slot {
    start: i64,
    end: i64,
    date: Date,
    index: usize,
}

/// Slots of `(weekday, from, to)` entries on the days around `now`, oldest first.
fn slots<'a, I>(entries: I, today: Date) -> Vec<Slot>
where
    I: Iterator<Item = (usize, Weekday, &'a str, &'a str)> + Clone,
{
    let mut out = Vec::new();
    for offset in -1..=HORIZON_DAYS {
        let date = today.add_days(offset);
        for (index, day, from, to) in entries.clone() {
            if day != date.weekday() {
                continue;
            }
            let (Some(f), Some(t)) = (parse_hhmm(from), parse_hhmm(to)) else {
                continue;
            };
            if f >= t {
                continue;
            }
            let start = amsterdam::from_local(date, f).earliest();
            let end = amsterdam::from_local(date, t).latest();
            if start < end {
                out.push(Slot {
                    start,
                    end,
                    date,
                    index,
                });
            }
        }
    }
    out.sort_by_key(|s| (s.start, s.end));
    out
}

/// The status of `contact` at `now_utc` (unix seconds).
pub fn status(contact: &Contact, now_utc: i64) -> Status {
    status_of(&contact.availability, now_utc)
}

/// [`status`] for an availability on its own.
pub fn status_of(availability: &Availability, now_utc: i64) -> Status {
    let hours = match availability {
        Availability::Always => return Status::OpenNow { until: None },
        Availability::Online => return Status::Online,
        Availability::Unknown { how_to_find_out } => {
            return Status::Unknown {
                reason: UnknownReason::NoHours {
                    how_to_find_out: how_to_find_out.clone(),
                },
            }
        }
        Availability::Weekly { hours } => hours,
    };
    let now = amsterdam::to_local(now_utc);
    if let Some(holiday) = amsterdam::holiday_on(now.date) {
        return Status::Unknown {
            reason: UnknownReason::Holiday {
                holiday,
                date: now.date,
            },
        };
    }
    let entries = hours
        .iter()
        .enumerate()
        .map(|(i, h)| (i, h.day, h.from.as_str(), h.to.as_str()));
    let all = slots(entries, now.date);

    if let Some(open) = all.iter().find(|s| s.start <= now_utc && now_utc < s.end) {
        // Back-to-back slots (e.g. Sunday until 24:00, Monday from 00:00) read as one
        // opening; a holiday in between ends it, since we do not know about that day.
        let mut end = open.end;
        while let Some(next) = all
            .iter()
            .find(|s| s.start <= end && s.end > end && amsterdam::holiday_on(s.date).is_none())
        {
            end = next.end;
        }
        return Status::OpenNow {
            until: Some(amsterdam::to_local(end)),
        };
    }

    let mut holiday_skipped = false;
    for slot in all.iter().filter(|s| s.start > now_utc) {
        if amsterdam::holiday_on(slot.date).is_some() {
            holiday_skipped = true;
            continue;
        }
        return Status::ClosedNow {
            next_open: Some(amsterdam::to_local(slot.start)),
            holiday_skipped,
        };
    }
    Status::ClosedNow {
        next_open: None,
        holiday_skipped,
    }
}

/// The next (or current) walk-in session of a contact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NextSpreekuur {
    pub start: LocalDateTime,
    pub end: LocalDateTime,
    pub place: Text,
    /// The session is running now.
    pub ongoing: bool,
    /// A session on a public holiday was passed over: it may or may not be held.
    pub holiday_skipped: bool,
}

/// The session running now or the next one to start, within two weeks; `None` when
/// the contact has no session times (see `walk_in.note` for what is known).
/// Sessions on public holidays are not offered: the sources never say they happen.
pub fn next_spreekuur(contact: &Contact, now_utc: i64) -> Option<NextSpreekuur> {
    let walk_in = contact.walk_in.as_ref()?;
    if walk_in.sessions.is_empty() {
        return None;
    }
    let now = amsterdam::to_local(now_utc);
    let entries = walk_in
        .sessions
        .iter()
        .enumerate()
        .map(|(i, s)| (i, s.day, s.from.as_str(), s.to.as_str()));
    let mut holiday_skipped = false;
    for slot in slots(entries, now.date)
        .into_iter()
        .filter(|s| s.end > now_utc)
    {
        if amsterdam::holiday_on(slot.date).is_some() {
            holiday_skipped = true;
            continue;
        }
        let session = &walk_in.sessions[slot.index];
        return Some(NextSpreekuur {
            start: amsterdam::to_local(slot.start),
            end: amsterdam::to_local(slot.end),
            place: session.place.clone(),
            ongoing: slot.start <= now_utc,
            holiday_skipped,
        });
    }
    None
}

impl Status {
    pub fn is_open(&self) -> bool {
        matches!(self, Status::OpenNow { .. } | Status::Online)
    }

    /// One line for the UI, e.g. "Nu open, tot vandaag 17:00" or "Nu gesloten,
    /// weer open morgen 09:00" (`status_*` in `content/i18n/time.toml`).
    pub fn label(&self, now_utc: i64, lang: Lang) -> String {
        let now = amsterdam::to_local(now_utc);
        match self {
            Status::OpenNow { until: None } => i18n::t(lang, K::ContactStatusAlways).to_string(),
            Status::OpenNow { until: Some(t) } => i18n::tf(
                lang,
                K::ContactStatusOpenUntil,
                &[("when", &t.describe(&now, lang))],
            ),
            Status::ClosedNow {
                next_open,
                holiday_skipped,
            } => {
                let status = match next_open {
                    Some(t) => i18n::tf(
                        lang,
                        K::ContactStatusClosedOpens,
                        &[("when", &t.describe(&now, lang))],
                    ),
                    None => i18n::t(lang, K::ContactStatusClosed).to_string(),
                };
                if *holiday_skipped {
                    i18n::tf(lang, K::ContactStatusHolidayBetween, &[("status", &status)])
                } else {
                    status
                }
            }
            Status::Online => i18n::t(lang, K::ContactStatusOnline).to_string(),
            Status::Unknown {
                reason: UnknownReason::NoHours { how_to_find_out },
            } => i18n::tf(
                lang,
                K::ContactStatusHoursUnknown,
                &[("how", how_to_find_out.get(lang))],
            ),
            Status::Unknown {
                reason: UnknownReason::Holiday { holiday, .. },
            } => i18n::tf(
                lang,
                K::ContactStatusHolidayToday,
                &[("holiday", holiday.name(lang))],
            ),
        }
    }
}

impl NextSpreekuur {
    /// "Volgende inloopspreekuur maandag 14:00–16:00 (plaats)" or, while it
    /// runs, "Inloopspreekuur nu, tot 16:00 (plaats)" (`spreekuur_*` in
    /// `content/i18n/time.toml`).
    pub fn label(&self, now_utc: i64, lang: Lang) -> String {
        let now = amsterdam::to_local(now_utc);
        let place = self.place.get(lang);
        let end = self.end.hm();
        if self.ongoing {
            i18n::tf(lang, K::SpreekuurNow, &[("end", &end), ("place", place)])
        } else {
            i18n::tf(
                lang,
                K::SpreekuurNext,
                &[
                    ("start", &self.start.describe(&now, lang)),
                    ("end", &end),
                    ("place", place),
                ],
            )
        }
    }
}
