//! Backups per day over the last year in the reader's time zone, the usual cadence and the gaps
//! in it: the plot above the cards, and its text alternative.

use super::date::{Timestamp, DAY_MS, HOUR_MS, MINUTE_MS};
use super::days_words;

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

/// The reader's words for a cadence of `days`.
fn cadence_words(days: i64) -> String {
    match days {
        1 => "daily".to_owned(),
        7 => "weekly".to_owned(),
        n => format!("every {n} days"),
    }
}

impl Timeline {
    /// What the plot shows, in words: its text alternative, also printed under it. `day` names
    /// a day number in the reader's language ("12 May").
    pub fn describe(&self, day: impl Fn(i64) -> String) -> String {
        let mut text = format!(
            "Backups per day from {} to {}: at most {} a day, usually {}. ",
            day(self.first_day),
            day(self.last_day()),
            self.most_in_a_day(),
            cadence_words(self.cadence)
        );
        if self.gaps.is_empty() {
            text.push_str("No gaps in that cadence.");
            return text;
        }
        let missed = days_words(u32::try_from(self.missed_days()).unwrap_or(u32::MAX));
        let runs: Vec<String> = self
            .gaps
            .iter()
            .take(5)
            .map(|&(a, b)| {
                if a == b {
                    day(a)
                } else {
                    format!("{} – {}", day(a), day(b))
                }
            })
            .collect();
        let more = self.gaps.len().saturating_sub(runs.len());
        text.push_str(&format!(
            "Gaps: no backups on {missed} ({}",
            runs.join("; ")
        ));
        if more > 0 {
            text.push_str(&format!("; and {more} more"));
        }
        text.push_str(").");
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: i64) -> Timestamp {
        Timestamp::from_millis(ms)
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

    /// Day numbers as words, without a browser: "d90".
    fn day(n: i64) -> String {
        format!("d{n}")
    }

    #[test]
    fn the_text_alternative_names_the_period_the_cadence_and_the_gaps() {
        let now = at(100 * DAY_MS + 10 * HOUR_MS);
        let days: Vec<i64> = (80..=100).filter(|d| *d != 90 && *d != 91).collect();
        let t = Timeline::of(days.iter().map(|d| at(d * DAY_MS + 2 * HOUR_MS)), now, 0).unwrap();
        assert_eq!(
            t.describe(day),
            "Backups per day from d80 to d100: at most 1 a day, usually daily. \
             Gaps: no backups on 2 days (d90 – d91)."
        );
        let weekly = [86i64, 93, 100];
        let t = Timeline::of(weekly.iter().map(|d| at(d * DAY_MS)), now, 0).unwrap();
        assert_eq!(
            t.describe(day),
            "Backups per day from d86 to d100: at most 1 a day, usually weekly. \
             No gaps in that cadence."
        );
    }

    #[test]
    fn the_text_alternative_lists_five_gaps_and_counts_the_rest() {
        let now = at(100 * DAY_MS + 10 * HOUR_MS);
        // Daily, with five runs of three missed days and one lone missed day: six gaps.
        let mut days: Vec<i64> = (30..=100).collect();
        days.retain(|d| {
            ![
                40, 41, 42, 50, 51, 52, 60, 61, 62, 70, 71, 72, 80, 81, 82, 90,
            ]
            .contains(d)
        });
        let t = Timeline::of(days.iter().map(|d| at(d * DAY_MS)), now, 0).unwrap();
        let text = t.describe(day);
        assert!(text.contains("usually daily"), "{text}");
        assert!(
            text.ends_with("(d40 – d42; d50 – d52; d60 – d62; d70 – d72; d80 – d82; and 1 more)."),
            "{text}"
        );
        assert!(text.contains("Gaps: no backups on 16 days"), "{text}");
        assert_eq!(cadence_words(3), "every 3 days");
    }
}
