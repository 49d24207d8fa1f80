//! Due runs and their judgement against an independent oracle: chrono with the IANA time-zone
//! database (chrono-tz) walks the portal's calendar day by day and resolves each cron time on
//! the wall clock, where the app's `backup::schedule` does its own arithmetic over a [`Zone`]
//! that only answers "what is the offset at this instant". Native only (`cargo test`).
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use docspace_backups::backup::date::Timestamp;
use docspace_backups::backup::schedule::{
    judge, Cron, Period, Schedule, Verdict, JUDGED_DAYS, MADE_FROM_MS, MADE_WITHIN_MS,
};
use docspace_backups::backup::zone::Zone;
use docspace_backups::backup::Storage;
use proptest::prelude::*;

/// Zones with every kind of rule: none, summer time in either hemisphere, changes at midnight,
/// half-hour and 45-minute offsets, a 30-minute summer shift, and Samoa's skipped day in 2011.
const ZONES: [Tz; 14] = [
    chrono_tz::UTC,
    chrono_tz::Europe::Berlin,
    chrono_tz::Europe::London,
    chrono_tz::America::New_York,
    chrono_tz::America::St_Johns,
    chrono_tz::America::Santiago,
    chrono_tz::America::Havana,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Asia::Kolkata,
    chrono_tz::Asia::Tehran,
    chrono_tz::Pacific::Chatham,
    chrono_tz::Pacific::Apia,
    chrono_tz::Africa::Casablanca,
    chrono_tz::Asia::Gaza,
];

/// A zone's rules as the app sees them: only the offset at an instant.
struct Rules(Tz);

impl Zone for Rules {
    fn offset_minutes(&self, at: Timestamp) -> i32 {
        let utc = DateTime::from_timestamp_millis(at.millis()).expect("in range");
        self.0
            .offset_from_utc_datetime(&utc.naive_utc())
            .fix()
            .local_minus_utc()
            / 60
    }
}

fn ms(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// The oracle: each day of the portal's calendar that the cron names, its time resolved on the
/// wall clock; a time the clock skips runs at the first wall time that exists after it, a time
/// it repeats runs the first time.
fn oracle_runs(period: Period, hour: u32, tz: Tz, after: i64, until: i64) -> Vec<i64> {
    let local_day = |t: i64| {
        DateTime::from_timestamp_millis(t)
            .expect("in range")
            .with_timezone(&tz)
            .date_naive()
    };
    let (first, last) = (
        local_day(after) - Duration::days(2),
        local_day(until) + Duration::days(2),
    );
    let mut runs = Vec::new();
    let mut day: NaiveDate = first;
    while day <= last {
        let due = match period {
            Period::Daily => true,
            Period::Weekly(d) => day.weekday().num_days_from_sunday() + 1 == u32::from(d),
            Period::Monthly(d) => day.day() == u32::from(d),
        };
        if due {
            let mut wall = day.and_hms_opt(hour, 0, 0).expect("valid time");
            let at = loop {
                match tz.from_local_datetime(&wall) {
                    LocalResult::Single(t) => break t,
                    LocalResult::Ambiguous(a, b) => break a.min(b),
                    LocalResult::None => wall += Duration::minutes(1),
                }
            };
            let t = ms(at.with_timezone(&Utc));
            if after < t && t <= until && runs.last() != Some(&t) {
                runs.push(t);
            }
        }
        day += Duration::days(1);
    }
    runs
}

fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        Just(Period::Daily),
        (1u8..=7).prop_map(Period::Weekly),
        (1u8..=31).prop_map(Period::Monthly),
    ]
}

/// An instant from 1995 to 2035 (zones' rules before are full of local mean times).
fn instant() -> impl Strategy<Value = i64> {
    let (from, to) = (
        ms(Utc.with_ymd_and_hms(1995, 1, 1, 0, 0, 0).unwrap()),
        ms(Utc.with_ymd_and_hms(2035, 1, 1, 0, 0, 0).unwrap()),
    );
    from..to
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(2048))]

    #[test]
    fn due_runs_match_the_time_zone_database(
        zone in 0..ZONES.len(),
        period in period(),
        hour in 0u8..24,
        after in instant(),
        days in 0i64..120,
    ) {
        let tz = ZONES[zone];
        let until = after + days * 86_400_000;
        let cron = Cron::new(period, hour).expect("a valid cron");
        let got: Vec<i64> = cron
            .due_between(&Rules(tz), Timestamp::from_millis(after), Timestamp::from_millis(until))
            .iter()
            .map(|t| t.millis())
            .collect();
        prop_assert_eq!(got, oracle_runs(period, u32::from(hour), tz, after, until), "{} {:?} {}", tz, period, hour);
    }
}

/// The same judgement, said declaratively from the UI contract's words over the oracle's runs
/// (no loop shared with the app's): a run is made when a backup was created in [T − 1 h, T + 12 h);
/// the last run, not made and under 12 hours old, is "due now" and not judged; with `keeps`, runs
/// older than the keeps-th newest made run were rotated away and are not judged.
fn oracle_judge(
    runs: &[i64],
    created: &[i64],
    keeps: Option<u32>,
    now: i64,
) -> (Verdict, usize, Vec<i64>) {
    let made = |t: i64| {
        created
            .iter()
            .any(|&c| t - MADE_FROM_MS <= c && c < t + MADE_WITHIN_MS)
    };
    let last = runs.last().copied();
    let pending = last.filter(|&t| !made(t) && now - t < MADE_WITHIN_MS);
    let made_runs: Vec<i64> = runs.iter().copied().filter(|&t| made(t)).collect();
    let oldest_kept = keeps.and_then(|k| {
        let k = k as usize;
        (made_runs.len() >= k).then(|| made_runs[made_runs.len() - k])
    });
    let judged: Vec<i64> = runs
        .iter()
        .copied()
        .filter(|&t| oldest_kept.is_none_or(|kept| t >= kept))
        .filter(|&t| Some(t) != pending)
        .collect();
    let missed: Vec<i64> = judged.iter().rev().copied().filter(|&t| !made(t)).collect();
    let verdict = match (last, pending) {
        (Some(t), Some(_)) => Verdict::DueNow {
            due: Timestamp::from_millis(t),
        },
        (Some(t), None) if !made(t) => Verdict::Missed {
            due: Timestamp::from_millis(t),
        },
        _ => Verdict::OnSchedule,
    };
    (verdict, judged.len(), missed)
}

proptest! {
    #![proptest_config(config(1024))]

    #[test]
    fn the_judgement_matches_the_contracts_rule(
        zone in 0..ZONES.len(),
        period in period(),
        hour in 0u8..24,
        now in instant(),
        // Backups as hours before now: some near due runs, some anywhere.
        ages in prop::collection::vec(0i64..(100 * 24), 0..60),
        keeps in prop::option::of(1u32..=30),
    ) {
        let tz = ZONES[zone];
        let created: Vec<i64> = ages.iter().map(|h| now - h * 3_600_000 - 7 * 60_000).collect();
        let start = created
            .iter()
            .min()
            .map_or(i64::MIN, |&oldest| oldest - MADE_WITHIN_MS)
            .max(now - JUDGED_DAYS * 86_400_000 - 1);
        let runs = oracle_runs(period, u32::from(hour), tz, start, now);
        let schedule = Schedule {
            cron: Cron::new(period, hour).expect("a valid cron"),
            storage: Storage::Code(5),
            storage_params: vec![],
            keeps,
            last_attempt: None,
        };
        let stamps: Vec<Timestamp> = created.iter().map(|&c| Timestamp::from_millis(c)).collect();
        let j = judge(&schedule, &Rules(tz), &stamps, Timestamp::from_millis(now));
        let missed: Vec<i64> = j.missed.iter().map(|t| t.millis()).collect();
        prop_assert_eq!((j.verdict, j.judged, missed), oracle_judge(&runs, &created, keeps, now));
        // The next run is the oracle's first after now.
        let next = oracle_runs(period, u32::from(hour), tz, now, now + 400 * 86_400_000);
        prop_assert_eq!(j.next_due.map(|t| t.millis()), next.first().copied());
    }
}
