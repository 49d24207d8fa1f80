//! The portal's automatic backups: when its schedule was due to run, in the portal's own time
//! zone, and whether each run left a backup. Pure Rust; a zone's rules come in through [`Zone`]
//! (the browser's `Intl` in the page, chrono-tz in the tests), so nothing here needs a clock or
//! a time-zone database.
//!
//! How DocSpace runs a schedule (`shared/docspace-api.md`, "How the scheduler really behaves";
//! `ASC.Data.Backup/Schedule.cs`): its cron (`0 0 H ? * *`, `0 0 H ? * D`, `0 0 H D * ?`) is
//! evaluated on the portal's wall clock, and a poll starts the run once the wall clock has
//! passed the due time. So a run is due at the first instant whose wall-clock time is the cron
//! time or later: in a spring-forward gap (02:00 that never happens) that is the moment the
//! clock jumps; in a fall-back overlap, the first of the two 02:00s. A monthly day that a month
//! lacks (the 31st in April) has no run that month: the cron library is Quartz's, which skips
//! such months rather than moving the run to the last day.

use super::date::{civil_from_days, Timestamp, DAY_MS, HOUR_MS, MINUTE_MS};
use super::zone::{first_instant_at, wall_clock, Zone};
use super::Storage;

/// A run counts as made when a backup was created from an hour before it...
pub const MADE_FROM_MS: i64 = HOUR_MS;
/// ...to twelve hours after it (the scheduler polls, and a big portal takes hours).
pub const MADE_WITHIN_MS: i64 = 12 * HOUR_MS;
/// Runs older than this are not judged.
pub const JUDGED_DAYS: i64 = 90;

/// How often the schedule runs: DocSpace's `cronParams.period` with its `day`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Daily,
    /// On a weekday in the server's numbering: 1 = Sunday … 7 = Saturday.
    Weekly(u8),
    /// On a day of the month, 1–31.
    Monthly(u8),
}

/// When the schedule runs: the period and the hour on the portal's wall clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cron {
    period: Period,
    hour: u8,
}

/// The weekdays in the server's numbering (index 0 is day 1, Sunday).
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Cron {
    /// A cron the server can hold, or `None` (an hour past 23, a weekday outside 1–7, a day of
    /// the month outside 1–31).
    pub fn new(period: Period, hour: u8) -> Option<Cron> {
        let valid = hour < 24
            && match period {
                Period::Daily => true,
                Period::Weekly(d) => (1..=7).contains(&d),
                Period::Monthly(d) => (1..=31).contains(&d),
            };
        valid.then_some(Cron { period, hour })
    }

    pub fn period(self) -> Period {
        self.period
    }

    /// The hour as a 24-hour time: "02:00".
    pub fn time_words(self) -> String {
        format!("{:02}:00", self.hour)
    }

    /// The schedule in words: "every day at 02:00", "every week on Monday at 02:00", "every
    /// month on day 15 at 02:00" (the zone is said beside it).
    pub fn words(self) -> String {
        let time = self.time_words();
        match self.period {
            Period::Daily => format!("every day at {time}"),
            Period::Weekly(d) => format!("every week on {} at {time}", weekday_name(d)),
            Period::Monthly(d) => format!("every month on day {d} at {time}"),
        }
    }

    /// Whether the schedule runs on a day (days since 1970-01-01 on the portal's calendar).
    fn runs_on(self, day: i64) -> bool {
        match self.period {
            Period::Daily => true,
            Period::Weekly(d) => server_weekday(day) == d,
            Period::Monthly(d) => civil_from_days(day).2 == u32::from(d),
        }
    }

    /// The due instants in `(after, until]`, oldest first.
    pub fn due_between(
        self,
        zone: &dyn Zone,
        after: Timestamp,
        until: Timestamp,
    ) -> Vec<Timestamp> {
        // Wall-clock days a little wider than the instants: offsets reach ±14 hours.
        let first = after.millis().div_euclid(DAY_MS) - 2;
        let last = until.millis().div_euclid(DAY_MS) + 2;
        let mut runs: Vec<Timestamp> = (first..=last)
            .filter(|&day| self.runs_on(day))
            .map(|day| first_instant_at(day * DAY_MS + i64::from(self.hour) * HOUR_MS, zone))
            .filter(|&t| after < t && t <= until)
            .collect();
        // Two wall times can fall on one instant only where a zone skipped a whole day.
        runs.dedup();
        runs
    }

    /// The first run due after `after` (within the next year; every valid cron has one).
    pub fn next_after(self, zone: &dyn Zone, after: Timestamp) -> Option<Timestamp> {
        // The longest wait is two months (a 31st) or a week; look in steps to stay cheap.
        let mut from = after;
        for _ in 0..8 {
            let until = Timestamp::from_millis(from.millis() + 62 * DAY_MS);
            if let Some(&t) = self.due_between(zone, from, until).first() {
                return Some(t);
            }
            from = until;
        }
        None
    }
}

/// The English name of a weekday in the server's numbering (1 = Sunday).
pub fn weekday_name(day: u8) -> &'static str {
    WEEKDAYS[usize::from(day.clamp(1, 7) - 1)]
}

/// A day's weekday in the server's numbering. 1970-01-01 was a Thursday (5).
fn server_weekday(day: i64) -> u8 {
    ((day + 4).rem_euclid(7) + 1) as u8
}

/// A portal's schedule, as `getbackupschedule` gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub cron: Cron,
    pub storage: Storage,
    /// Where in that storage (`storageParams`: a folder, a bucket), as the server keeps them;
    /// a backup made now to the schedule's storage goes there too.
    pub storage_params: Vec<(String, String)>,
    /// How many scheduled backups the server keeps (`backupsStored`), if it said.
    pub keeps: Option<u32>,
    /// `lastBackupTime`: when the scheduler last *started* a run (written before the run, so
    /// it proves nothing was made); `None` when it never ran or the date is unreadable.
    pub last_attempt: Option<Timestamp>,
}

/// The judgement of the last due run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The last due run left a backup (or none was due in the judged period).
    OnSchedule,
    /// The last due run left no backup in the twelve hours after it.
    Missed { due: Timestamp },
    /// The last due run is under twelve hours old and its backup has not appeared yet.
    DueNow { due: Timestamp },
}

impl Verdict {
    /// The judgement's first words, as the UI contract names them.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::OnSchedule => "On schedule",
            Verdict::Missed { .. } => "Missed the last scheduled backup",
            Verdict::DueNow { .. } => "Due now",
        }
    }
}

/// A schedule judged against a history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Judgement {
    pub verdict: Verdict,
    /// How many due runs were judged (made or missed; a run still due now is not).
    pub judged: usize,
    /// The missed runs, newest first.
    pub missed: Vec<Timestamp>,
    /// The next run the schedule will start.
    pub next_due: Option<Timestamp>,
    /// The last attempt is over twelve hours old and no backup was created in the twelve hours
    /// after it.
    pub attempt_left_nothing: bool,
}

/// Judges `schedule` against the creation times of a history (any order) at `now`.
///
/// Runs are judged from the oldest backup (or [`JUDGED_DAYS`] ago, if later) until now; a run
/// due at T is made when a backup was created in [T − 1 h, T + 12 h). The server keeps only the
/// newest `backupsStored` scheduled backups, so once that many runs are found made, older runs
/// are not judged: their backups were deleted on purpose.
pub fn judge(
    schedule: &Schedule,
    zone: &dyn Zone,
    created: &[Timestamp],
    now: Timestamp,
) -> Judgement {
    let mut made: Vec<i64> = created.iter().map(|t| t.millis()).collect();
    made.sort_unstable();
    let any_in = |from: i64, until: i64| {
        let i = made.partition_point(|&m| m < from);
        made.get(i).is_some_and(|&m| m < until)
    };
    let now_ms = now.millis();
    // A run due up to 12 hours before the oldest backup is judged too: that backup makes it.
    let start = made
        .first()
        .map(|&oldest| oldest - MADE_WITHIN_MS)
        .unwrap_or(i64::MIN)
        .max(now_ms - JUDGED_DAYS * DAY_MS - 1);
    let runs = schedule
        .cron
        .due_between(zone, Timestamp::from_millis(start), now);

    let mut verdict = Verdict::OnSchedule;
    let (mut judged, mut found, mut missed) = (0, 0, Vec::new());
    for (i, &due) in runs.iter().rev().enumerate() {
        let t = due.millis();
        let ok = any_in(t - MADE_FROM_MS, t + MADE_WITHIN_MS);
        if i == 0 && !ok {
            if now_ms - t < MADE_WITHIN_MS {
                verdict = Verdict::DueNow { due };
                continue;
            }
            verdict = Verdict::Missed { due };
        }
        judged += 1;
        if ok {
            found += 1;
            if schedule.keeps.is_some_and(|k| found >= k as usize) {
                break;
            }
        } else {
            missed.push(due);
        }
    }
    let attempt_left_nothing = schedule.last_attempt.is_some_and(|a| {
        now_ms - a.millis() > MADE_WITHIN_MS && !any_in(a.millis(), a.millis() + MADE_WITHIN_MS)
    });
    Judgement {
        verdict,
        judged,
        missed,
        next_due: schedule.cron.next_after(zone, now),
        attempt_left_nothing,
    }
}

/// "Missed 2 of the last 30 scheduled backups".
pub fn missed_words(missed: usize, judged: usize) -> String {
    let noun = if judged == 1 { "backup" } else { "backups" };
    format!("Missed {missed} of the last {judged} scheduled {noun}")
}

/// When a run is or was due, on the portal's wall clock, in words relative to `now`: "02:00
/// today", "02:00 yesterday", "02:00 tomorrow", "02:00 on Thursday" (within a week either
/// way), else "02:00 on 3 November".
pub fn due_words(due: Timestamp, now: Timestamp, zone: &dyn Zone) -> String {
    let wall = wall_clock(due, zone);
    let (day, minutes) = (wall.div_euclid(DAY_MS), wall.rem_euclid(DAY_MS) / MINUTE_MS);
    let today = wall_clock(now, zone).div_euclid(DAY_MS);
    let time = format!("{:02}:{:02}", minutes / 60, minutes % 60);
    let when = match today - day {
        0 => "today".to_owned(),
        1 => "yesterday".to_owned(),
        -1 => "tomorrow".to_owned(),
        2..=6 | -6..=-2 => format!("on {}", weekday_name(server_weekday(day))),
        _ => {
            let (_, m, d) = civil_from_days(day);
            format!("on {d} {}", MONTHS[m as usize - 1])
        }
    };
    format!("{time} {when}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::date::days_from_civil;
    use crate::backup::zone::FixedOffset;

    /// An instant from a UTC civil date and time.
    fn utc(y: i64, mo: u32, d: u32, h: i64, mi: i64) -> Timestamp {
        Timestamp::from_millis(days_from_civil(y, mo, d) * DAY_MS + h * HOUR_MS + mi * MINUTE_MS)
    }

    /// Central European rules since 1996: summer time (+2) from 01:00 UTC on the last Sunday of
    /// March to 01:00 UTC on the last Sunday of October, else +1. Written out by hand here, so
    /// the table below does not lean on any library; the property tests use chrono-tz.
    struct Berlin;
    impl Zone for Berlin {
        fn offset_minutes(&self, at: Timestamp) -> i32 {
            let (y, _, _) = civil_from_days(at.millis().div_euclid(DAY_MS));
            let last_sunday = |m: u32| {
                let end = days_from_civil(y, m, 31);
                end - (end + 4).rem_euclid(7)
            };
            let start = last_sunday(3) * DAY_MS + HOUR_MS;
            let end = last_sunday(10) * DAY_MS + HOUR_MS;
            if (start..end).contains(&at.millis()) {
                120
            } else {
                60
            }
        }
    }

    fn daily(hour: u8) -> Cron {
        Cron::new(Period::Daily, hour).unwrap()
    }

    #[test]
    fn crons_the_server_cannot_hold_are_refused() {
        assert!(Cron::new(Period::Daily, 24).is_none());
        assert!(Cron::new(Period::Weekly(0), 2).is_none());
        assert!(Cron::new(Period::Weekly(8), 2).is_none());
        assert!(Cron::new(Period::Monthly(0), 2).is_none());
        assert!(Cron::new(Period::Monthly(32), 2).is_none());
        assert!(Cron::new(Period::Monthly(31), 23).is_some());
    }

    #[test]
    fn the_schedule_in_words() {
        assert_eq!(daily(2).words(), "every day at 02:00");
        assert_eq!(
            Cron::new(Period::Weekly(2), 14).unwrap().words(),
            "every week on Monday at 14:00"
        );
        assert_eq!(
            Cron::new(Period::Weekly(1), 0).unwrap().words(),
            "every week on Sunday at 00:00"
        );
        assert_eq!(
            Cron::new(Period::Monthly(15), 2).unwrap().words(),
            "every month on day 15 at 02:00"
        );
    }

    #[test]
    fn weekdays_follow_the_servers_numbering() {
        // 2026-11-29 is a Sunday (1), 2026-12-05 a Saturday (7).
        assert_eq!(server_weekday(days_from_civil(2026, 11, 29)), 1);
        assert_eq!(server_weekday(days_from_civil(2026, 12, 5)), 7);
        assert_eq!(server_weekday(0), 5, "1970-01-01 was a Thursday");
        let monday = Cron::new(Period::Weekly(2), 2).unwrap();
        let runs = monday.due_between(
            &FixedOffset(0),
            utc(2026, 11, 1, 0, 0),
            utc(2026, 11, 30, 0, 0),
        );
        assert_eq!(
            runs,
            [2, 9, 16, 23].map(|d| utc(2026, 11, d, 2, 0)),
            "the Mondays of November 2026"
        );
    }

    #[test]
    fn a_day_a_month_lacks_has_no_run() {
        let the_31st = Cron::new(Period::Monthly(31), 3).unwrap();
        let runs = the_31st.due_between(
            &FixedOffset(0),
            utc(2026, 1, 1, 0, 0),
            utc(2027, 1, 1, 0, 0),
        );
        let months: Vec<u32> = runs
            .iter()
            .map(|t| civil_from_days(t.millis() / DAY_MS).1)
            .collect();
        assert_eq!(months, [1, 3, 5, 7, 8, 10, 12]);
        let the_29th = Cron::new(Period::Monthly(29), 3).unwrap();
        let feb = |y| the_29th.due_between(&FixedOffset(0), utc(y, 2, 1, 0, 0), utc(y, 3, 1, 0, 0));
        assert_eq!(feb(2028), [utc(2028, 2, 29, 3, 0)], "a leap year has it");
        assert!(feb(2027).is_empty());
    }

    #[test]
    fn runs_follow_the_portals_wall_clock_across_daylight_saving() {
        // 02:00 in Berlin is 01:00 UTC in winter and 00:00 UTC in summer.
        let runs = daily(3).due_between(&Berlin, utc(2026, 3, 27, 0, 0), utc(2026, 3, 31, 0, 0));
        assert_eq!(
            runs,
            [
                utc(2026, 3, 27, 2, 0),
                utc(2026, 3, 28, 2, 0),
                // 2026-03-29: the clocks go from 02:00 to 03:00; 03:00 summer time.
                utc(2026, 3, 29, 1, 0),
                utc(2026, 3, 30, 1, 0),
            ]
        );
    }

    #[test]
    fn a_run_in_the_spring_gap_is_due_when_the_clock_jumps() {
        // 2026-03-29 02:00 does not exist in Berlin: the wall clock jumps 02:00 → 03:00 at
        // 01:00 UTC, and the scheduler's next poll finds 02:00 passed.
        let runs = daily(2).due_between(&Berlin, utc(2026, 3, 28, 0, 0), utc(2026, 3, 30, 12, 0));
        assert_eq!(
            runs,
            [
                utc(2026, 3, 28, 1, 0),
                utc(2026, 3, 29, 1, 0),
                utc(2026, 3, 30, 0, 0)
            ]
        );
    }

    #[test]
    fn a_run_in_the_autumn_overlap_is_due_the_first_time() {
        // 2026-10-25: 02:00–03:00 happens twice in Berlin (at 00:00 and 01:00 UTC).
        let runs =
            daily(2).due_between(&Berlin, utc(2026, 10, 24, 12, 0), utc(2026, 10, 26, 12, 0));
        assert_eq!(runs, [utc(2026, 10, 25, 0, 0), utc(2026, 10, 26, 1, 0)]);
    }

    /// The judgement of a daily 02:00 UTC schedule keeping `keeps`, against `created`, at `now`.
    fn judged(keeps: Option<u32>, created: &[Timestamp], now: Timestamp) -> Judgement {
        let schedule = Schedule {
            cron: daily(2),
            storage: Storage::Code(5),
            storage_params: vec![],
            keeps,
            last_attempt: None,
        };
        judge(&schedule, &FixedOffset(0), created, now)
    }

    /// Backups `late_minutes` after the runs due `days` days before the run at `last`.
    fn nights(
        last: Timestamp,
        days: impl IntoIterator<Item = i64>,
        late_minutes: i64,
    ) -> Vec<Timestamp> {
        days.into_iter()
            .map(|d| Timestamp::from_millis(last.millis() - d * DAY_MS + late_minutes * MINUTE_MS))
            .collect()
    }

    #[test]
    fn a_table_of_histories_and_nows() {
        let run = utc(2026, 11, 28, 2, 0);
        let at =
            |h: i64, m: i64| Timestamp::from_millis(run.millis() + h * HOUR_MS + m * MINUTE_MS);
        struct Case {
            what: &'static str,
            keeps: Option<u32>,
            created: Vec<Timestamp>,
            now: Timestamp,
            verdict: Verdict,
            judged: usize,
            missed: Vec<Timestamp>,
        }
        let all = |n: i64| nights(run, 0..n, 7);
        let cases = [
            Case {
                what: "every night made",
                keeps: None,
                created: all(10),
                now: at(8, 0),
                verdict: Verdict::OnSchedule,
                judged: 10,
                missed: vec![],
            },
            Case {
                what: "two nights missed, the last made",
                keeps: None,
                created: nights(run, (0..10).filter(|d| *d != 2 && *d != 5), 7),
                now: at(8, 0),
                verdict: Verdict::OnSchedule,
                judged: 10,
                missed: nights(run, [2, 5], 0),
            },
            Case {
                what: "the last night missed, 13 hours on",
                keeps: None,
                created: nights(run, 1..10, 7),
                now: at(13, 0),
                verdict: Verdict::Missed { due: run },
                judged: 10,
                missed: nights(run, [0], 0),
            },
            Case {
                what: "the last run is an hour old: due now, not missed",
                keeps: None,
                created: nights(run, 1..10, 7),
                now: at(1, 0),
                verdict: Verdict::DueNow { due: run },
                judged: 9,
                missed: vec![],
            },
            Case {
                what: "a backup 59 minutes early still counts",
                keeps: None,
                created: nights(run, 0..3, -59),
                now: at(20, 0),
                verdict: Verdict::OnSchedule,
                judged: 3,
                missed: vec![],
            },
            Case {
                what: "a backup 12 hours late does not",
                keeps: None,
                created: nights(run, 0..3, 12 * 60),
                // Judged from 12 hours before the oldest backup: the two runs after it.
                now: at(23, 0),
                verdict: Verdict::Missed { due: run },
                judged: 2,
                missed: nights(run, [0, 1], 0),
            },
            Case {
                what: "an empty history: every run of 90 days missed",
                keeps: None,
                created: vec![],
                now: at(13, 0),
                verdict: Verdict::Missed { due: run },
                judged: 90,
                missed: nights(run, 0..90, 0),
            },
            Case {
                what: "a history older than 90 days is judged for 90 days",
                keeps: None,
                created: all(200),
                now: at(13, 0),
                verdict: Verdict::OnSchedule,
                judged: 90,
                missed: vec![],
            },
            Case {
                what: "rotation: keeps 3, an old manual backup does not make the gap missed",
                keeps: Some(3),
                created: [nights(run, 0..3, 7), nights(run, [40], 9 * 60)].concat(),
                now: at(13, 0),
                verdict: Verdict::OnSchedule,
                judged: 3,
                missed: vec![],
            },
            Case {
                what: "rotation: a miss among the kept ones counts",
                keeps: Some(3),
                created: [nights(run, [0, 2, 3], 7), nights(run, [40], 0)].concat(),
                now: at(13, 0),
                verdict: Verdict::OnSchedule,
                judged: 4,
                missed: nights(run, [1], 0),
            },
        ];
        for c in cases {
            let j = judged(c.keeps, &c.created, c.now);
            assert_eq!(
                (j.verdict, j.judged, &j.missed),
                (c.verdict, c.judged, &c.missed),
                "{}",
                c.what
            );
        }
    }

    #[test]
    fn a_monthly_schedule_on_the_31st_is_not_missed_in_november() {
        let the_31st = Cron::new(Period::Monthly(31), 3).unwrap();
        let schedule = Schedule {
            cron: the_31st,
            storage: Storage::Code(3),
            storage_params: vec![],
            keeps: None,
            last_attempt: None,
        };
        let created = [utc(2026, 8, 31, 3, 5), utc(2026, 10, 31, 3, 5)];
        let j = judge(
            &schedule,
            &FixedOffset(0),
            &created,
            utc(2026, 11, 28, 12, 0),
        );
        assert_eq!(
            (j.verdict, j.judged, j.missed.len()),
            (Verdict::OnSchedule, 2, 0)
        );
        assert_eq!(j.next_due, Some(utc(2026, 12, 31, 3, 0)));
    }

    #[test]
    fn judging_in_berlin_uses_the_rules_of_each_day() {
        // Backups three minutes after 02:00 Berlin time, across the end of summer time: a page
        // that took today's offset for every day would put the summer runs an hour late.
        let cron = daily(2);
        let created: Vec<Timestamp> = cron
            .due_between(&Berlin, utc(2026, 10, 9, 12, 0), utc(2026, 11, 5, 0, 0))
            .into_iter()
            .map(|t| Timestamp::from_millis(t.millis() + 3 * MINUTE_MS))
            .collect();
        assert_eq!(
            created[0],
            utc(2026, 10, 10, 0, 3),
            "summer: 02:03 is 00:03 UTC"
        );
        assert_eq!(
            created[created.len() - 1],
            utc(2026, 11, 4, 1, 3),
            "winter: 01:03 UTC"
        );
        let schedule = Schedule {
            cron,
            storage: Storage::Code(5),
            storage_params: vec![],
            keeps: None,
            last_attempt: None,
        };
        let j = judge(&schedule, &Berlin, &created, utc(2026, 11, 4, 12, 0));
        assert_eq!(
            (j.verdict, j.judged, j.missed.len()),
            (Verdict::OnSchedule, 26, 0)
        );
    }

    #[test]
    fn the_last_attempt_that_left_no_backup() {
        let run = utc(2026, 11, 25, 2, 0);
        let schedule = |attempt| Schedule {
            cron: daily(2),
            storage: Storage::Code(5),
            storage_params: vec![],
            keeps: None,
            last_attempt: Some(attempt),
        };
        let created = nights(run, 1..5, 10);
        let now = utc(2026, 11, 25, 15, 0);
        let j = judge(&schedule(run), &FixedOffset(0), &created, now);
        assert!(j.attempt_left_nothing);
        // Made, or still under 12 hours old: nothing to say.
        let j = judge(&schedule(run), &FixedOffset(0), &nights(run, 0..5, 10), now);
        assert!(!j.attempt_left_nothing);
        let j = judge(
            &schedule(run),
            &FixedOffset(0),
            &created,
            utc(2026, 11, 25, 13, 0),
        );
        assert!(!j.attempt_left_nothing);
    }

    #[test]
    fn when_a_run_was_due_in_words() {
        let now = utc(2026, 11, 28, 12, 0); // a Saturday
        let z = FixedOffset(0);
        assert_eq!(due_words(utc(2026, 11, 28, 2, 0), now, &z), "02:00 today");
        assert_eq!(
            due_words(utc(2026, 11, 27, 2, 0), now, &z),
            "02:00 yesterday"
        );
        assert_eq!(
            due_words(utc(2026, 11, 26, 2, 0), now, &z),
            "02:00 on Thursday"
        );
        assert_eq!(
            due_words(utc(2026, 11, 3, 2, 0), now, &z),
            "02:00 on 3 November"
        );
        assert_eq!(
            due_words(utc(2026, 11, 29, 2, 0), now, &z),
            "02:00 tomorrow"
        );
        assert_eq!(
            due_words(utc(2026, 12, 3, 2, 0), now, &z),
            "02:00 on Thursday"
        );
        assert_eq!(
            due_words(utc(2026, 12, 31, 3, 0), now, &z),
            "03:00 on 31 December"
        );
        // On the portal's clock: 23:00 UTC is already the next day in Berlin.
        assert_eq!(
            due_words(utc(2026, 11, 27, 23, 0), now, &Berlin),
            "00:00 today"
        );
        assert_eq!(
            missed_words(2, 30),
            "Missed 2 of the last 30 scheduled backups"
        );
        assert_eq!(
            missed_words(1, 1),
            "Missed 1 of the last 1 scheduled backup"
        );
    }
}
