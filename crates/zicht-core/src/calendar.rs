//! Proleptic Gregorian calendar arithmetic, the one copy in the workspace.
//!
//! Amsterdam time, HTTP dates, RFC 3339 timestamps and `YYYY-MM-DD` checks all
//! need the same few functions; a date crate would add size to the wasm bundle
//! for them, so they are done here (Howard Hinnant's days-from-civil).
//!
//! No `crate::` imports: `build.rs` compiles this file too (for the content
//! checks in `content/contacts.rs`).

use serde::{Deserialize, Serialize};

const MS_PER_DAY: u64 = 86_400_000;

/// A calendar date (proleptic Gregorian).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// The date if `month` and `day` exist in `year`.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day))
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01.
    pub fn days(self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    pub fn add_days(self, n: i64) -> Date {
        civil_from_days(self.days() + n)
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1–12) of `year`; 0 for a month that does not exist.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a civil date.
pub fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

/// Milliseconds since the Unix epoch as RFC 3339 UTC with milliseconds:
/// `2026-11-23T09:41:00.000Z`.
pub fn rfc3339_from_ms(ms: u64) -> String {
    let date = civil_from_days((ms / MS_PER_DAY) as i64);
    let secs = ms % MS_PER_DAY / 1_000;
    format!(
        "{}T{:02}:{:02}:{:02}.{:03}Z",
        date.iso(),
        secs / 3_600,
        secs % 3_600 / 60,
        secs % 60,
        ms % 1_000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn the_epoch_is_day_zero() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), date(1970, 1, 1));
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(civil_from_days(-1), date(1969, 12, 31));
    }

    #[test]
    fn known_dates_have_known_day_counts() {
        for (d, days) in [
            (date(2000, 2, 29), 11_016),
            (date(2000, 3, 1), 11_017),
            (date(2026, 11, 23), 20_780),
            (date(2100, 2, 28), 47_540),
            (date(2100, 3, 1), 47_541),
            (date(1900, 1, 1), -25_567),
            (date(1600, 1, 1), -135_140),
        ] {
            assert_eq!(d.days(), days, "{d:?}");
            assert_eq!(civil_from_days(days), d, "{days}");
        }
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        for year in [1600, 2000, 2004, 2024, 2400] {
            assert!(is_leap_year(year), "{year}");
        }
        for year in [1700, 1800, 1900, 2023, 2100, 2200] {
            assert!(!is_leap_year(year), "{year}");
        }
    }

    #[test]
    fn february_has_29_days_only_in_leap_years() {
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(days_in_month(2026, 2), 28);
        assert_eq!(days_in_month(2026, 4), 30);
        assert_eq!(days_in_month(2026, 12), 31);
        assert_eq!(days_in_month(2026, 0), 0);
        assert_eq!(days_in_month(2026, 13), 0);
        assert_eq!(Date::new(2000, 2, 29), Some(date(2000, 2, 29)));
        assert_eq!(Date::new(2100, 2, 29), None);
        assert_eq!(Date::new(2100, 2, 28), Some(date(2100, 2, 28)));
        assert_eq!(Date::new(2026, 13, 1), None);
        assert_eq!(Date::new(2026, 4, 31), None);
    }

    #[test]
    fn day_counts_round_trip_and_are_consecutive() {
        // 1600-01-01 to about 2400: every date follows the one before it.
        let mut prev = civil_from_days(-135_141);
        for days in -135_140..157_000 {
            let d = civil_from_days(days);
            assert_eq!(days_from_civil(d.year, d.month, d.day), days);
            assert_eq!(Date::new(d.year, d.month, d.day), Some(d));
            let next_of_prev = if prev.day < days_in_month(prev.year, prev.month) {
                date(prev.year, prev.month, prev.day + 1)
            } else if prev.month < 12 {
                date(prev.year, prev.month + 1, 1)
            } else {
                date(prev.year + 1, 1, 1)
            };
            assert_eq!(d, next_of_prev);
            prev = d;
        }
    }

    #[test]
    fn dates_add_days_and_print_as_iso() {
        assert_eq!(date(2000, 2, 28).add_days(1), date(2000, 2, 29));
        assert_eq!(date(2100, 2, 28).add_days(1), date(2100, 3, 1));
        assert_eq!(date(2026, 12, 31).add_days(1), date(2027, 1, 1));
        assert_eq!(date(2026, 1, 1).add_days(-1), date(2025, 12, 31));
        assert_eq!(date(2000, 2, 29).iso(), "2000-02-29");
        assert_eq!(date(987, 3, 4).iso(), "0987-03-04");
    }

    #[test]
    fn rfc3339_from_ms_prints_utc_with_milliseconds() {
        assert_eq!(rfc3339_from_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339_from_ms(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(rfc3339_from_ms(784_111_777_500), "1994-11-06T08:49:37.500Z");
        assert_eq!(
            rfc3339_from_ms(4_107_542_399_999),
            "2100-02-28T23:59:59.999Z"
        );
    }
}
