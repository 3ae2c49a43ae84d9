//! Europe/Amsterdam civil time and Dutch public holidays, without a tz database.
//!
//! The Netherlands have followed the EU rule since 1996: CET (UTC+1), and CEST
//! (UTC+2) from the last Sunday of March 01:00 UTC to the last Sunday of October
//! 01:00 UTC. A tz crate would add size to the wasm bundle for one fixed rule, so
//! the offsets are computed here, on top of `crate::calendar`.

use serde::{Deserialize, Serialize};

pub use crate::calendar::{civil_from_days, days_from_civil, days_in_month, is_leap_year, Date};
pub use crate::content::contacts::Weekday;
use crate::content::Lang;
use crate::i18n::{self, K};

const DAY: i64 = 86_400;
const CET: i32 = 3_600;
const CEST: i32 = 7_200;

// Defined here rather than next to `Weekday`: `content/` is also compiled into
// build.rs, where the generated text keys do not exist yet.
impl Weekday {
    /// The day's name (`weekday_*` in `content/i18n/time.toml`): "maandag", "Monday".
    pub fn name(self, lang: Lang) -> &'static str {
        let key = match self {
            Weekday::Mon => K::WeekdayMon,
            Weekday::Tue => K::WeekdayTue,
            Weekday::Wed => K::WeekdayWed,
            Weekday::Thu => K::WeekdayThu,
            Weekday::Fri => K::WeekdayFri,
            Weekday::Sat => K::WeekdaySat,
            Weekday::Sun => K::WeekdaySun,
        };
        i18n::t(lang, key)
    }
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(s: &str) -> Option<Date> {
        if !crate::content::contacts::is_iso_date(s) {
            return None;
        }
        Date::new(
            s[0..4].parse().ok()?,
            s[5..7].parse().ok()?,
            s[8..10].parse().ok()?,
        )
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday (index 3).
        Weekday::from_index((self.days() + 3).rem_euclid(7) as usize)
    }

    /// "23 november" / "23 November".
    pub fn day_month(self, lang: Lang) -> String {
        let month = i18n::t(lang, month_key(self.month));
        i18n::tf(
            lang,
            K::TimeDayMonth,
            &[("day", &self.day.to_string()), ("month", month)],
        )
    }
}

/// The last Sunday of a month.
pub fn last_sunday(year: i32, month: u32) -> Date {
    let last = Date {
        year,
        month,
        day: days_in_month(year, month),
    };
    last.add_days(-(last.weekday().index() as i64 + 1) % 7)
}

/// UTC instants (unix seconds) at which summer time starts and ends in `year`.
pub fn summer_time(year: i32) -> (i64, i64) {
    let start = last_sunday(year, 3).days() * DAY + 3_600;
    let end = last_sunday(year, 10).days() * DAY + 3_600;
    (start, end)
}

/// Offset of Amsterdam local time from UTC at a UTC instant, in seconds.
pub fn utc_offset(utc: i64) -> i32 {
    let year = civil_from_days(utc.div_euclid(DAY)).year;
    let (start, end) = summer_time(year);
    if (start..end).contains(&utc) {
        CEST
    } else {
        CET
    }
}

/// A wall-clock time in Amsterdam, with the offset in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct LocalDateTime {
    pub date: Date,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// +60 (CET) or +120 (CEST).
    pub offset_minutes: i32,
}

impl LocalDateTime {
    pub fn weekday(&self) -> Weekday {
        self.date.weekday()
    }

    pub fn minutes_of_day(&self) -> u32 {
        self.hour * 60 + self.minute
    }

    pub fn is_summer_time(&self) -> bool {
        self.offset_minutes == CEST / 60
    }

    /// "09:30".
    pub fn hm(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    /// The UTC instant this wall time denotes.
    pub fn to_utc(&self) -> i64 {
        self.date.days() * DAY + i64::from(self.hour * 3_600 + self.minute * 60 + self.second)
            - i64::from(self.offset_minutes) * 60
    }

    /// Relative to `now`: "vandaag 17:00", "morgen 09:00", "maandag 09:00" within a
    /// week, else "maandag 30 november 09:00".
    pub fn describe(&self, now: &LocalDateTime, lang: Lang) -> String {
        let diff = self.date.days() - now.date.days();
        let day = match diff {
            0 => i18n::t(lang, K::TimeToday).to_string(),
            1 => i18n::t(lang, K::TimeTomorrow).to_string(),
            2..=6 => self.weekday().name(lang).to_string(),
            _ => i18n::tf(
                lang,
                K::TimeWeekdayDate,
                &[
                    ("weekday", self.weekday().name(lang)),
                    ("date", &self.date.day_month(lang)),
                ],
            ),
        };
        i18n::tf(lang, K::TimeDayAt, &[("day", &day), ("time", &self.hm())])
    }
}

/// Local Amsterdam time of a UTC unix timestamp (seconds).
pub fn to_local(utc: i64) -> LocalDateTime {
    let offset = utc_offset(utc);
    let local = utc + i64::from(offset);
    let secs = local.rem_euclid(DAY) as u32;
    LocalDateTime {
        date: civil_from_days(local.div_euclid(DAY)),
        hour: secs / 3_600,
        minute: secs / 60 % 60,
        second: secs % 60,
        offset_minutes: offset / 60,
    }
}

/// How a wall-clock time maps to UTC on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LocalTime {
    /// An ordinary time.
    Unique(i64),
    /// In the hour skipped in March (02:00–03:00): never shown on the clock.
    /// `transition` is the instant the clocks jumped (03:00 CEST).
    Skipped { transition: i64 },
    /// In the hour repeated in October (02:00–03:00): first in CEST, then in CET.
    Repeated { first: i64, second: i64 },
}

impl LocalTime {
    /// The first instant at or after the wall time: for opening times.
    pub fn earliest(self) -> i64 {
        match self {
            LocalTime::Unique(t) => t,
            LocalTime::Skipped { transition } => transition,
            LocalTime::Repeated { first, .. } => first,
        }
    }

    /// The last instant the wall time denotes: for closing times.
    pub fn latest(self) -> i64 {
        match self {
            LocalTime::Unique(t) => t,
            LocalTime::Skipped { transition } => transition,
            LocalTime::Repeated { second, .. } => second,
        }
    }
}

/// Resolves `minutes` after local midnight of `date` (up to 1440 = next midnight).
pub fn from_local(date: Date, minutes: u32) -> LocalTime {
    let wall = date.days() * DAY + i64::from(minutes) * 60;
    let as_cet = wall - i64::from(CET);
    let as_cest = wall - i64::from(CEST);
    match (utc_offset(as_cet) == CET, utc_offset(as_cest) == CEST) {
        (true, true) => LocalTime::Repeated {
            first: as_cest,
            second: as_cet,
        },
        (true, false) => LocalTime::Unique(as_cet),
        (false, true) => LocalTime::Unique(as_cest),
        (false, false) => LocalTime::Skipped {
            transition: summer_time(date.year).0,
        },
    }
}

/// Dutch public holidays (nationale feestdagen) as used for opening hours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Holiday {
    Nieuwjaarsdag,
    GoedeVrijdag,
    EerstePaasdag,
    TweedePaasdag,
    Koningsdag,
    Bevrijdingsdag,
    Hemelvaartsdag,
    EerstePinksterdag,
    TweedePinksterdag,
    EersteKerstdag,
    TweedeKerstdag,
}

impl Holiday {
    /// The holiday's name (`holiday_*` in `content/i18n/time.toml`).
    pub fn name(self, lang: Lang) -> &'static str {
        let key = match self {
            Holiday::Nieuwjaarsdag => K::HolidayNieuwjaarsdag,
            Holiday::GoedeVrijdag => K::HolidayGoedeVrijdag,
            Holiday::EerstePaasdag => K::HolidayEerstePaasdag,
            Holiday::TweedePaasdag => K::HolidayTweedePaasdag,
            Holiday::Koningsdag => K::HolidayKoningsdag,
            Holiday::Bevrijdingsdag => K::HolidayBevrijdingsdag,
            Holiday::Hemelvaartsdag => K::HolidayHemelvaartsdag,
            Holiday::EerstePinksterdag => K::HolidayEerstePinksterdag,
            Holiday::TweedePinksterdag => K::HolidayTweedePinksterdag,
            Holiday::EersteKerstdag => K::HolidayEersteKerstdag,
            Holiday::TweedeKerstdag => K::HolidayTweedeKerstdag,
        };
        i18n::t(lang, key)
    }
}

/// Easter Sunday (Gregorian; anonymous algorithm of Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> Date {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date {
        year,
        month: month as u32,
        day: day as u32,
    }
}

/// The public holidays of `year`, in date order. Koningsdag follows the rule in
/// force since 2014 (27 April, or 26 April when the 27th is a Sunday); earlier
/// years are left without it rather than guessed.
pub fn holidays(year: i32) -> Vec<(Date, Holiday)> {
    let easter = easter_sunday(year);
    let fixed = |month, day| Date { year, month, day };
    let mut list = vec![
        (fixed(1, 1), Holiday::Nieuwjaarsdag),
        (easter.add_days(-2), Holiday::GoedeVrijdag),
        (easter, Holiday::EerstePaasdag),
        (easter.add_days(1), Holiday::TweedePaasdag),
        (fixed(5, 5), Holiday::Bevrijdingsdag),
        (easter.add_days(39), Holiday::Hemelvaartsdag),
        (easter.add_days(49), Holiday::EerstePinksterdag),
        (easter.add_days(50), Holiday::TweedePinksterdag),
        (fixed(12, 25), Holiday::EersteKerstdag),
        (fixed(12, 26), Holiday::TweedeKerstdag),
    ];
    if year >= 2014 {
        let kingsday = fixed(4, 27);
        let kingsday = if kingsday.weekday() == Weekday::Sun {
            fixed(4, 26)
        } else {
            kingsday
        };
        list.push((kingsday, Holiday::Koningsdag));
    }
    list.sort_by_key(|(d, _)| *d);
    list
}

/// The public holiday on `date`, if any.
pub fn holiday_on(date: Date) -> Option<Holiday> {
    holidays(date.year)
        .into_iter()
        .find(|(d, _)| *d == date)
        .map(|(_, h)| h)
}

/// The name of month `month` (1–12; out of range clamps), as a UI text key.
pub fn month_key(month: u32) -> K {
    const MONTHS: [K; 12] = [
        K::MonthJan,
        K::MonthFeb,
        K::MonthMar,
        K::MonthApr,
        K::MonthMay,
        K::MonthJun,
        K::MonthJul,
        K::MonthAug,
        K::MonthSep,
        K::MonthOct,
        K::MonthNov,
        K::MonthDec,
    ];
    MONTHS[(month as usize).saturating_sub(1).min(11)]
}
