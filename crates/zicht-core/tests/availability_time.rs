//! Amsterdam time, Dutch holidays, opening status and walk-in sessions.

use zicht_core::amsterdam::{
    self, days_from_civil, easter_sunday, from_local, holiday_on, last_sunday, summer_time,
    to_local, Date, Holiday, LocalTime, Weekday,
};
use zicht_core::availability::{next_spreekuur, status, Status, UnknownReason};
use zicht_core::content::contacts::{Availability, Contact, Hours, Spreekuur, WalkIn};
use zicht_core::{Lang, Source, Text};

fn utc(y: i32, m: u32, d: u32, h: i64, min: i64) -> i64 {
    days_from_civil(y, m, d) * 86_400 + h * 3_600 + min * 60
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::new(y, m, d).expect("valid test date")
}

/// The UTC instant at which Amsterdam's clock first shows this time.
fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
    from_local(date(y, m, d), h * 60 + min).earliest()
}

fn text(s: &str) -> Text {
    Text {
        nl: s.to_string(),
        en: s.to_string(),
    }
}

fn hours(list: &[(Weekday, &str, &str)]) -> Contact {
    Contact {
        id: "test".into(),
        availability: Availability::Weekly {
            hours: list
                .iter()
                .map(|(day, from, to)| Hours {
                    day: *day,
                    from: from.to_string(),
                    to: to.to_string(),
                })
                .collect(),
        },
        ..Contact::default()
    }
}

fn with_sessions(list: &[(Weekday, &str, &str, &str)]) -> Contact {
    Contact {
        id: "test".into(),
        walk_in: Some(WalkIn {
            sessions: list
                .iter()
                .map(|(day, from, to, place)| Spreekuur {
                    day: *day,
                    from: from.to_string(),
                    to: to.to_string(),
                    place: text(place),
                })
                .collect(),
            note: text("test"),
            source: Source::default(),
        }),
        ..Contact::default()
    }
}

fn office() -> Contact {
    use Weekday::*;
    hours(&[
        (Mon, "09:00", "17:00"),
        (Tue, "09:00", "17:00"),
        (Wed, "09:00", "17:00"),
        (Thu, "09:00", "17:00"),
        (Fri, "09:00", "17:00"),
    ])
}

fn until(s: &Status) -> (Date, String) {
    match s {
        Status::OpenNow { until: Some(t) } => (t.date, t.hm()),
        other => panic!("expected open with an end, got {other:?}"),
    }
}

fn next_open(s: &Status) -> (Date, String) {
    match s {
        Status::ClosedNow {
            next_open: Some(t), ..
        } => (t.date, t.hm()),
        other => panic!("expected closed with a next opening, got {other:?}"),
    }
}

// ------------------------------------------------------------------ calendar

#[test]
fn civil_days_round_trip_and_known_points() {
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    assert_eq!(days_from_civil(1969, 12, 31), -1);
    for days in (-800_000..800_000).step_by(997) {
        let d = amsterdam::civil_from_days(days);
        assert_eq!(d.days(), days);
    }
    assert_eq!(date(2026, 11, 23).weekday(), Weekday::Mon);
    assert_eq!(date(2024, 2, 29).weekday(), Weekday::Thu);
    assert!(Date::new(2025, 2, 29).is_none());
    assert_eq!(Date::parse_iso("2026-11-23"), Some(date(2026, 11, 23)));
    assert_eq!(Date::parse_iso("2026-13-01"), None);
}

#[test]
fn easter_dates() {
    let known = [
        (2000, 4, 23),
        (2008, 3, 23),
        (2011, 4, 24),
        (2019, 4, 21),
        (2024, 3, 31),
        (2025, 4, 20),
        (2026, 4, 5),
        (2027, 3, 28),
        (2038, 4, 25),
        (2285, 3, 22),
    ];
    for (y, m, d) in known {
        assert_eq!(easter_sunday(y), date(y, m, d), "Easter {y}");
    }
}

#[test]
fn dutch_public_holidays() {
    let h = |y, m, d| holiday_on(date(y, m, d));
    assert_eq!(h(2026, 1, 1), Some(Holiday::Nieuwjaarsdag));
    assert_eq!(h(2026, 4, 3), Some(Holiday::GoedeVrijdag));
    assert_eq!(h(2026, 4, 5), Some(Holiday::EerstePaasdag));
    assert_eq!(h(2026, 4, 6), Some(Holiday::TweedePaasdag));
    assert_eq!(h(2026, 4, 27), Some(Holiday::Koningsdag));
    assert_eq!(h(2026, 5, 5), Some(Holiday::Bevrijdingsdag));
    assert_eq!(h(2026, 5, 14), Some(Holiday::Hemelvaartsdag));
    assert_eq!(h(2026, 5, 24), Some(Holiday::EerstePinksterdag));
    assert_eq!(h(2026, 5, 25), Some(Holiday::TweedePinksterdag));
    assert_eq!(h(2026, 12, 25), Some(Holiday::EersteKerstdag));
    assert_eq!(h(2026, 12, 26), Some(Holiday::TweedeKerstdag));
    assert_eq!(h(2026, 11, 23), None);
    // 27 April 2025 was a Sunday: Koningsdag moved to Saturday the 26th.
    assert_eq!(h(2025, 4, 26), Some(Holiday::Koningsdag));
    assert_eq!(h(2025, 4, 27), None);
    assert_eq!(h(2025, 5, 29), Some(Holiday::Hemelvaartsdag));
    assert_eq!(amsterdam::holidays(2026).len(), 11);
    assert_eq!(Holiday::Koningsdag.name(Lang::En), "King's Day");
}

// ------------------------------------------------------------------ DST

#[test]
fn summer_time_starts_and_ends_on_last_sundays() {
    assert_eq!(last_sunday(2026, 3), date(2026, 3, 29));
    assert_eq!(last_sunday(2026, 10), date(2026, 10, 25));
    assert_eq!(last_sunday(2025, 3), date(2025, 3, 30));
    assert_eq!(last_sunday(2025, 10), date(2025, 10, 26));
    assert_eq!(last_sunday(2024, 3), date(2024, 3, 31));
    assert_eq!(last_sunday(2024, 10), date(2024, 10, 27));
    // Cross-checked against the tz database.
    assert_eq!(summer_time(2026), (1_774_746_000, 1_792_890_000));
}

#[test]
fn local_time_across_both_changes() {
    let show = |t: i64| {
        let l = to_local(t);
        (l.date.iso(), l.hm(), l.offset_minutes)
    };
    // March: 01:59:59 CET is followed by 03:00:00 CEST.
    assert_eq!(
        show(1_774_745_999),
        ("2026-03-29".into(), "01:59".into(), 60)
    );
    assert_eq!(
        show(1_774_746_000),
        ("2026-03-29".into(), "03:00".into(), 120)
    );
    // October: 02:59:59 CEST is followed by 02:00:00 CET.
    assert_eq!(
        show(1_792_889_999),
        ("2026-10-25".into(), "02:59".into(), 120)
    );
    assert_eq!(
        show(1_792_890_000),
        ("2026-10-25".into(), "02:00".into(), 60)
    );
    // An ordinary winter day.
    assert_eq!(
        show(1_795_424_400),
        ("2026-11-23".into(), "10:00".into(), 60)
    );
    // Midnight and year boundaries in local time.
    assert_eq!(
        show(utc(2026, 12, 31, 23, 0)),
        ("2027-01-01".into(), "00:00".into(), 60)
    );
    assert_eq!(
        show(utc(2026, 6, 30, 22, 0)),
        ("2026-07-01".into(), "00:00".into(), 120)
    );
    for t in (1_700_000_000..1_900_000_000).step_by(86_399 * 3) {
        assert_eq!(to_local(t).to_utc(), t);
    }
}

#[test]
fn skipped_and_repeated_hours_resolve() {
    let spring = date(2026, 3, 29);
    assert_eq!(
        from_local(spring, 2 * 60 + 30),
        LocalTime::Skipped {
            transition: 1_774_746_000
        }
    );
    assert_eq!(
        from_local(spring, 60),
        LocalTime::Unique(1_774_746_000 - 3_600)
    );
    assert_eq!(from_local(spring, 3 * 60), LocalTime::Unique(1_774_746_000));
    let autumn = date(2026, 10, 25);
    assert_eq!(
        from_local(autumn, 2 * 60 + 30),
        LocalTime::Repeated {
            first: 1_792_888_200,
            second: 1_792_891_800
        }
    );
    assert_eq!(
        from_local(autumn, 3 * 60),
        LocalTime::Unique(1_792_890_000 + 3_600)
    );
    // 24:00 is the next midnight.
    assert_eq!(
        from_local(autumn, 24 * 60),
        from_local(date(2026, 10, 26), 0)
    );
}

// ------------------------------------------------------------------ status

#[test]
fn always_online_and_unknown() {
    let t = utc(2026, 12, 25, 3, 0);
    let mut c = Contact {
        availability: Availability::Always,
        ..Contact::default()
    };
    assert_eq!(status(&c, t), Status::OpenNow { until: None });
    c.availability = Availability::Online;
    assert_eq!(status(&c, t), Status::Online);
    c.availability = Availability::Unknown {
        how_to_find_out: text("bel"),
    };
    assert!(matches!(
        status(&c, t),
        Status::Unknown {
            reason: UnknownReason::NoHours { .. }
        }
    ));
}

#[test]
fn office_hours_open_and_closed() {
    let c = office();
    // Monday 23 November 2026, 10:00 local.
    let s = status(&c, local(2026, 11, 23, 10, 0));
    assert_eq!(until(&s), (date(2026, 11, 23), "17:00".into()));
    assert!(s
        .label(local(2026, 11, 23, 10, 0), Lang::Nl)
        .contains("17:00"));
    // 17:00 itself is closed; next opening Tuesday 09:00.
    let s = status(&c, local(2026, 11, 23, 17, 0));
    assert_eq!(next_open(&s), (date(2026, 11, 24), "09:00".into()));
    // 08:59 opens the same day.
    let s = status(&c, local(2026, 11, 23, 8, 59));
    assert_eq!(next_open(&s), (date(2026, 11, 23), "09:00".into()));
}

#[test]
fn week_and_midnight_boundaries() {
    let c = office();
    // Friday evening to Monday morning.
    let s = status(&c, local(2026, 11, 27, 18, 0));
    assert_eq!(next_open(&s), (date(2026, 11, 30), "09:00".into()));
    // Sunday 23:59 → Monday 09:00.
    let s = status(&c, local(2026, 11, 29, 23, 59));
    assert_eq!(next_open(&s), (date(2026, 11, 30), "09:00".into()));
    // A night line: Sunday until 24:00 and Monday from 00:00 run on as one opening.
    use Weekday::*;
    let night = hours(&[(Sun, "20:00", "24:00"), (Mon, "00:00", "08:00")]);
    let s = status(&night, local(2026, 11, 29, 23, 30));
    assert_eq!(until(&s), (date(2026, 11, 30), "08:00".into()));
    let s = status(&night, local(2026, 11, 30, 0, 0));
    assert_eq!(until(&s), (date(2026, 11, 30), "08:00".into()));
    let s = status(&night, local(2026, 11, 30, 8, 0));
    assert_eq!(next_open(&s), (date(2026, 12, 6), "20:00".into()));
}

#[test]
fn holidays_make_hours_unknown() {
    let c = office();
    // Tweede Kerstdag 2025 was a Friday, Eerste Kerstdag a Thursday.
    let s = status(&c, local(2025, 12, 25, 11, 0));
    assert!(matches!(
        s,
        Status::Unknown {
            reason: UnknownReason::Holiday {
                holiday: Holiday::EersteKerstdag,
                ..
            }
        }
    ));
    assert!(s
        .label(local(2025, 12, 25, 11, 0), Lang::Nl)
        .contains("Eerste Kerstdag"));
    // Wednesday evening 24 December: Thursday and Friday are holidays, so the next
    // known opening is Monday 29 December, flagged.
    match status(&c, local(2025, 12, 24, 18, 0)) {
        Status::ClosedNow {
            next_open: Some(t),
            holiday_skipped,
        } => {
            assert_eq!((t.date, t.hm()), (date(2025, 12, 29), "09:00".into()));
            assert!(holiday_skipped);
        }
        other => panic!("{other:?}"),
    }
    // 24/7 stays open on a holiday.
    let always = Contact {
        availability: Availability::Always,
        ..Contact::default()
    };
    assert_eq!(
        status(&always, local(2026, 4, 27, 12, 0)),
        Status::OpenNow { until: None }
    );
}

#[test]
fn hours_across_the_spring_change() {
    use Weekday::*;
    // Sunday 29 March 2026: 01:00-04:00 spans the skipped hour.
    let c = hours(&[(Sun, "01:00", "04:00")]);
    let s = status(&c, 1_774_745_999); // 01:59:59 CET
    assert_eq!(until(&s), (date(2026, 3, 29), "04:00".into()));
    let s = status(&c, 1_774_746_000); // 03:00:00 CEST
    assert_eq!(until(&s), (date(2026, 3, 29), "04:00".into()));
    // A slot entirely inside the skipped hour never happens; a week later is
    // Easter Sunday (unknown, skipped), so the next known one is 12 April.
    let gap = hours(&[(Sun, "02:00", "03:00")]);
    let s = status(&gap, local(2026, 3, 29, 1, 30));
    assert_eq!(next_open(&s), (date(2026, 4, 12), "02:00".into()));
    assert!(matches!(
        s,
        Status::ClosedNow {
            holiday_skipped: true,
            ..
        }
    ));
    // Opening at 02:30 on the change day starts when the clock jumps to 03:00.
    let late = hours(&[(Sun, "02:30", "05:00")]);
    let s = status(&late, local(2026, 3, 29, 1, 0));
    assert_eq!(next_open(&s), (date(2026, 3, 29), "03:00".into()));
}

#[test]
fn hours_across_the_autumn_change() {
    use Weekday::*;
    // Sunday 25 October 2026: 01:00-03:00 by the clock lasts three real hours.
    let c = hours(&[(Sun, "01:00", "03:00")]);
    for t in [
        local(2026, 10, 25, 1, 0),
        1_792_888_200, // 02:30 CEST
        1_792_891_800, // 02:30 CET, the repeated hour
    ] {
        let s = status(&c, t);
        assert_eq!(until(&s), (date(2026, 10, 25), "03:00".into()), "at {t}");
    }
    let s = status(&c, 1_792_890_000 + 3_600); // 03:00 CET
    assert_eq!(next_open(&s), (date(2026, 11, 1), "01:00".into()));
}

// ------------------------------------------------------------------ spreekuur

#[test]
fn next_spreekuur_basics() {
    use Weekday::*;
    let c = with_sessions(&[(Tue, "14:00", "16:00", "A"), (Thu, "10:00", "12:00", "B")]);
    // Monday → Tuesday 14:00 at A.
    let n = next_spreekuur(&c, local(2026, 11, 23, 12, 0)).expect("a session");
    assert_eq!(
        (n.start.date, n.start.hm(), n.end.hm()),
        (date(2026, 11, 24), "14:00".into(), "16:00".into())
    );
    assert_eq!(n.place.nl, "A");
    assert!(!n.ongoing);
    // During the Tuesday session: it is ongoing.
    let n = next_spreekuur(&c, local(2026, 11, 24, 15, 0)).expect("a session");
    assert!(n.ongoing);
    assert!(n
        .label(local(2026, 11, 24, 15, 0), Lang::Nl)
        .contains("16:00"));
    // Friday → next Tuesday, over the weekend.
    let n = next_spreekuur(&c, local(2026, 11, 27, 9, 0)).expect("a session");
    assert_eq!(n.start.date, date(2026, 12, 1));
    assert_eq!(n.start.weekday(), Tue);
    // Sunday 23:59 → Tuesday.
    let n = next_spreekuur(&c, local(2026, 11, 29, 23, 59)).expect("a session");
    assert_eq!(n.start.date, date(2026, 12, 1));
}

#[test]
fn next_spreekuur_without_times_or_on_holidays() {
    use Weekday::*;
    assert_eq!(next_spreekuur(&with_sessions(&[]), 0), None);
    assert_eq!(next_spreekuur(&Contact::default(), 0), None);
    // Monday sessions; Tweede Paasdag 6 April 2026 is skipped → 13 April, flagged.
    let c = with_sessions(&[(Mon, "13:00", "15:00", "A")]);
    let n = next_spreekuur(&c, local(2026, 4, 4, 12, 0)).expect("a session");
    assert_eq!(n.start.date, date(2026, 4, 13));
    assert!(n.holiday_skipped);
}

#[test]
fn next_spreekuur_across_dst_changes() {
    use Weekday::*;
    let c = with_sessions(&[(Sun, "10:00", "12:00", "A")]);
    // Saturday before the spring change (CET) → Sunday 10:00 CEST.
    let n = next_spreekuur(&c, local(2026, 3, 28, 12, 0)).expect("a session");
    assert_eq!(
        (n.start.date, n.start.hm(), n.start.offset_minutes),
        (date(2026, 3, 29), "10:00".into(), 120)
    );
    assert_eq!(n.start.to_utc(), utc(2026, 3, 29, 8, 0));
    // Saturday before the autumn change (CEST) → Sunday 10:00 CET.
    let n = next_spreekuur(&c, local(2026, 10, 24, 12, 0)).expect("a session");
    assert_eq!(
        (n.start.date, n.start.hm(), n.start.offset_minutes),
        (date(2026, 10, 25), "10:00".into(), 60)
    );
    assert_eq!(n.start.to_utc(), utc(2026, 10, 25, 9, 0));
    // A session in the repeated hour starts at its first occurrence.
    let night = with_sessions(&[(Sun, "02:15", "02:45", "B")]);
    let n = next_spreekuur(&night, local(2026, 10, 25, 1, 0)).expect("a session");
    assert_eq!(n.start.to_utc(), 1_792_890_000 - 2_700);
    assert_eq!(n.end.to_utc(), 1_792_890_000 + 2_700);
}

#[test]
fn labels_in_both_languages() {
    let c = office();
    let t = local(2026, 11, 27, 18, 0);
    let s = status(&c, t);
    assert_eq!(s.label(t, Lang::Nl), "Nu gesloten, weer open maandag 09:00");
    assert_eq!(s.label(t, Lang::En), "Closed now, opens Monday 09:00");
    let t = local(2026, 11, 23, 10, 0);
    assert_eq!(
        status(&c, t).label(t, Lang::Nl),
        "Nu open, tot vandaag 17:00"
    );
    let always = Status::OpenNow { until: None };
    assert_eq!(always.label(t, Lang::En), "Available day and night");
}
