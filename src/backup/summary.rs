//! Judging backups at a glance: how old the newest one is against the admin's thresholds, what
//! expires next, the counts by storage, backups per day and the gaps in their cadence, and
//! times in words. Pure Rust: the views put the numbers into the reader's language with `Intl`.

use super::date::Timestamp;
use super::view::storage_counts;
use super::{Backup, Expiry, Storage};

pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// When the newest backup counts as late: amber after `warn_days`, red after `alert_days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    pub warn_days: u32,
    pub alert_days: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            warn_days: 1,
            alert_days: 7,
        }
    }
}

/// How healthy the schedule looks, judged by the newest backup's age.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Health {
    /// The newest backup is younger than the warning threshold.
    OnSchedule,
    /// Older than the warning threshold (amber).
    Late,
    /// Older than the alert threshold (red).
    Overdue,
    /// No backup with a readable date.
    NoBackups,
}

impl Health {
    /// The judgement in words (never colour alone).
    pub fn words(self, t: Thresholds) -> String {
        match self {
            Health::OnSchedule => "On schedule".to_owned(),
            Health::Late => format!("Warning: older than {}", days_words(t.warn_days)),
            Health::Overdue => format!("Alert: older than {}", days_words(t.alert_days)),
            Health::NoBackups => "No dated backups".to_owned(),
        }
    }
}

pub fn days_words(n: u32) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

/// The summary above the cards.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub total: usize,
    /// The newest readable creation time.
    pub newest: Option<Timestamp>,
    pub health: Health,
    /// The soonest expiry still ahead, and the backup's name.
    pub next_expiry: Option<(Timestamp, String)>,
    pub by_storage: Vec<(Storage, usize)>,
}

impl Summary {
    pub fn of(backups: &[Backup], now: Timestamp, t: Thresholds) -> Summary {
        let newest = backups.iter().filter_map(|b| b.created).max();
        let health = match newest {
            None => Health::NoBackups,
            Some(at) => {
                let age = now.millis() - at.millis();
                if age > i64::from(t.alert_days.max(t.warn_days)) * DAY_MS {
                    Health::Overdue
                } else if age > i64::from(t.warn_days) * DAY_MS {
                    Health::Late
                } else {
                    Health::OnSchedule
                }
            }
        };
        let next_expiry = backups
            .iter()
            .filter_map(|b| match b.expiry {
                Expiry::At(at) if at > now => Some((at, b.title())),
                _ => None,
            })
            .min_by_key(|(at, _)| *at)
            .map(|(at, name)| (at, name.to_owned()));
        Summary {
            total: backups.len(),
            newest,
            health,
            next_expiry,
            by_storage: storage_counts(backups),
        }
    }
}

/// A unit `Intl.RelativeTimeFormat` knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Month,
    Year,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Second => "second",
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }
}

/// `then` relative to `now` as a whole number of the largest fitting unit, negative in the
/// past: 3 h 12 min ago is `(-3, Hour)`, in 5 h 59 min is `(5, Hour)`.
pub fn relative(then: Timestamp, now: Timestamp) -> (i64, Unit) {
    let delta = then.millis().saturating_sub(now.millis());
    let abs = delta.unsigned_abs();
    let under = |ms: i64| abs < ms as u64;
    let (size, unit) = if under(MINUTE_MS) {
        (1_000, Unit::Second)
    } else if under(HOUR_MS) {
        (MINUTE_MS, Unit::Minute)
    } else if under(DAY_MS) {
        (HOUR_MS, Unit::Hour)
    } else if under(30 * DAY_MS) {
        (DAY_MS, Unit::Day)
    } else if under(365 * DAY_MS) {
        (30 * DAY_MS, Unit::Month)
    } else {
        (365 * DAY_MS, Unit::Year)
    };
    (delta / size, unit)
}

/// Backups per day over a period, in the reader's time zone (`offset_minutes` east of UTC).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// The first day, as days since 1970-01-01 in the reader's zone.
    pub first_day: i64,
    /// Backups made on each day from `first_day` to today.
    pub counts: Vec<u32>,
    /// The usual spacing between days with backups, in days (1 for a daily schedule).
    pub cadence: i64,
    /// Runs of days without backups that are longer than the cadence allows: `(first, last)`
    /// day numbers. Today is not judged: it is not over.
    pub gaps: Vec<(i64, i64)>,
}

/// The longest period the plot covers; older backups are summed up in words only.
pub const TIMELINE_MAX_DAYS: i64 = 366;

/// The reader's day number of an instant.
pub fn day_of(ts: Timestamp, offset_minutes: i32) -> i64 {
    (ts.millis() + i64::from(offset_minutes) * MINUTE_MS).div_euclid(DAY_MS)
}

/// The instant of noon on a day number, for formatting the day in the reader's zone.
pub fn noon_of(day: i64, offset_minutes: i32) -> Timestamp {
    Timestamp::from_millis(day * DAY_MS + 12 * HOUR_MS - i64::from(offset_minutes) * MINUTE_MS)
}

impl Timeline {
    /// `None` when no backup has a date in the period.
    pub fn of(
        created: impl Iterator<Item = Timestamp>,
        now: Timestamp,
        offset_minutes: i32,
    ) -> Option<Timeline> {
        let today = day_of(now, offset_minutes);
        let earliest = today - TIMELINE_MAX_DAYS + 1;
        let days: Vec<i64> = created
            .map(|ts| day_of(ts, offset_minutes))
            .filter(|d| (earliest..=today).contains(d))
            .collect();
        let first_day = *days.iter().min()?;
        let mut counts = vec![0u32; (today - first_day + 1) as usize];
        for d in days {
            counts[(d - first_day) as usize] += 1;
        }
        // The usual spacing: the median distance between consecutive days with backups.
        let busy: Vec<i64> = (0..counts.len() as i64)
            .filter(|&i| counts[i as usize] > 0)
            .collect();
        let mut steps: Vec<i64> = busy.windows(2).map(|w| w[1] - w[0]).collect();
        steps.sort_unstable();
        let cadence = steps.get(steps.len() / 2).copied().unwrap_or(1).max(1);
        let mut gaps = Vec::new();
        let mut run_start: Option<i64> = None;
        // Judge complete days only: the last day of the list is today.
        for i in 0..counts.len() as i64 - 1 {
            if counts[i as usize] == 0 {
                run_start.get_or_insert(i);
            } else if let Some(start) = run_start.take() {
                if i - start >= cadence {
                    gaps.push((first_day + start, first_day + i - 1));
                }
            }
        }
        if let Some(start) = run_start {
            let end = counts.len() as i64 - 1; // today, exclusive
            if end - start >= cadence {
                gaps.push((first_day + start, first_day + end - 1));
            }
        }
        Some(Timeline {
            first_day,
            counts,
            cadence,
            gaps,
        })
    }

    pub fn last_day(&self) -> i64 {
        self.first_day + self.counts.len() as i64 - 1
    }

    pub fn most_in_a_day(&self) -> u32 {
        self.counts.iter().copied().max().unwrap_or(0)
    }

    /// Days without a backup that count as gaps.
    pub fn missed_days(&self) -> i64 {
        self.gaps.iter().map(|(a, b)| b - a + 1).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: i64) -> Timestamp {
        Timestamp::from_millis(ms)
    }

    fn backup(created: Option<i64>, expiry: Expiry, storage: i64) -> Backup {
        Backup {
            id: "x".into(),
            file_name: Some(format!("b{}", created.unwrap_or(0))),
            storage: Storage::Code(storage),
            created: created.map(at),
            expiry,
        }
    }

    #[test]
    fn health_follows_the_thresholds() {
        let now = 100 * DAY_MS;
        let t = Thresholds::default();
        let judge =
            |age: i64| Summary::of(&[backup(Some(now - age), Expiry::Never, 0)], at(now), t).health;
        assert_eq!(judge(3 * HOUR_MS), Health::OnSchedule);
        assert_eq!(judge(DAY_MS), Health::OnSchedule);
        assert_eq!(judge(DAY_MS + 1), Health::Late);
        assert_eq!(judge(7 * DAY_MS + 1), Health::Overdue);
        assert_eq!(Summary::of(&[], at(now), t).health, Health::NoBackups);
        assert_eq!(Health::Late.words(t), "Warning: older than 1 day");
        assert_eq!(Health::Overdue.words(t), "Alert: older than 7 days");
    }

    #[test]
    fn next_expiry_is_the_soonest_ahead() {
        let now = 10 * DAY_MS;
        let list = [
            backup(Some(1), Expiry::At(at(now - 1)), 4),
            backup(Some(2), Expiry::At(at(now + 5 * HOUR_MS)), 4),
            backup(Some(3), Expiry::At(at(now + 9 * HOUR_MS)), 4),
            backup(Some(4), Expiry::Never, 0),
        ];
        let s = Summary::of(&list, at(now), Thresholds::default());
        assert_eq!(
            s.next_expiry,
            Some((at(now + 5 * HOUR_MS), "b2".to_owned()))
        );
        assert_eq!(s.newest, Some(at(4)));
        assert_eq!(s.by_storage, [(Storage::Code(0), 1), (Storage::Code(4), 3)]);
    }

    #[test]
    fn relative_times_in_whole_units() {
        let now = at(1_000 * DAY_MS);
        let rel = |d: i64| relative(at(now.millis() + d), now);
        assert_eq!(rel(-(3 * HOUR_MS + 12 * MINUTE_MS)), (-3, Unit::Hour));
        assert_eq!(rel(5 * HOUR_MS + 59 * MINUTE_MS), (5, Unit::Hour));
        assert_eq!(rel(-30_000), (-30, Unit::Second));
        assert_eq!(rel(0), (0, Unit::Second));
        assert_eq!(rel(-90 * MINUTE_MS / 60), (-1, Unit::Minute));
        assert_eq!(rel(-2 * DAY_MS), (-2, Unit::Day));
        assert_eq!(rel(-65 * DAY_MS), (-2, Unit::Month));
        assert_eq!(rel(-800 * DAY_MS), (-2, Unit::Year));
        assert_eq!(relative(at(i64::MIN), at(i64::MAX)).1, Unit::Year);
    }

    #[test]
    fn days_follow_the_readers_zone() {
        // 23:30 UTC is the next day three hours east of UTC.
        let late = at(10 * DAY_MS + 23 * HOUR_MS + 30 * MINUTE_MS);
        assert_eq!(day_of(late, 0), 10);
        assert_eq!(day_of(late, 180), 11);
        assert_eq!(day_of(at(-1), 0), -1);
        assert_eq!(day_of(noon_of(11, 180), 180), 11);
    }

    #[test]
    fn a_daily_schedule_with_two_missed_days() {
        let now = at(100 * DAY_MS + 10 * HOUR_MS);
        let days: Vec<i64> = (80..=100).filter(|d| *d != 90 && *d != 91).collect();
        let t = Timeline::of(days.iter().map(|d| at(d * DAY_MS + 2 * HOUR_MS)), now, 0).unwrap();
        assert_eq!((t.first_day, t.last_day()), (80, 100));
        assert_eq!(t.cadence, 1);
        assert_eq!(t.gaps, [(90, 91)]);
        assert_eq!(t.missed_days(), 2);
        assert_eq!(t.most_in_a_day(), 1);
    }

    #[test]
    fn weekly_dumps_are_not_gaps_but_a_missed_week_is() {
        let now = at(100 * DAY_MS + 10 * HOUR_MS);
        let weeks = [44i64, 51, 58, 72, 79, 86, 93, 100];
        let t = Timeline::of(weeks.iter().map(|d| at(d * DAY_MS)), now, 0).unwrap();
        assert_eq!(t.cadence, 7);
        assert_eq!(t.gaps, [(59, 71)]);
    }

    #[test]
    fn today_is_not_judged_yet() {
        // Daily at 02:00, and it is 01:00: yesterday had one, today has none yet.
        let now = at(100 * DAY_MS + HOUR_MS);
        let t = Timeline::of((90..100).map(|d| at(d * DAY_MS + 2 * HOUR_MS)), now, 0).unwrap();
        assert!(t.gaps.is_empty(), "{:?}", t.gaps);
        // But two whole days without one are a gap, however the list ends.
        let t = Timeline::of((90..98).map(|d| at(d * DAY_MS + 2 * HOUR_MS)), now, 0).unwrap();
        assert_eq!(t.gaps, [(98, 99)]);
    }

    #[test]
    fn the_plot_covers_at_most_a_year() {
        let now = at(1_000 * DAY_MS);
        let t = Timeline::of((0..1_000).map(|d| at(d * DAY_MS)), now, 0).unwrap();
        assert_eq!(t.counts.len() as i64, TIMELINE_MAX_DAYS);
        assert!(Timeline::of(std::iter::empty(), now, 0).is_none());
    }
}
