//! Judging backups at a glance: how old the newest one is against the admin's thresholds, what
//! expires next, and the counts by storage. Pure Rust: the views put the times into the reader's
//! language with `Intl`.

use super::date::{Timestamp, DAY_MS};
use super::find::storage_counts;
use super::{days_words, Backup, Expiry, Storage};

/// When the newest backup counts as late: amber after `warn_days`, red after `alert_days`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    pub warn_days: u32,
    pub alert_days: u32,
}

impl Thresholds {
    /// The fields' range, in days: at least a day, at most ten years.
    pub const DAYS: std::ops::RangeInclusive<u32> = 1..=3650;

    /// These thresholds with what the admin typed in either field (`None`: not a number, left
    /// as it was), kept within [`Thresholds::DAYS`].
    pub fn with(self, warn_days: Option<u32>, alert_days: Option<u32>) -> Thresholds {
        let clamp = |d: u32| d.clamp(*Self::DAYS.start(), *Self::DAYS.end());
        Thresholds {
            warn_days: warn_days.map_or(self.warn_days, clamp),
            alert_days: alert_days.map_or(self.alert_days, clamp),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::date::HOUR_MS;
    use crate::backup::fixture;

    fn at(ms: i64) -> Timestamp {
        Timestamp::from_millis(ms)
    }

    fn backup(created: Option<i64>, expiry: Expiry, storage: i64) -> Backup {
        let b = fixture::backup()
            .guid(storage as u64)
            .name(&format!("b{}", created.unwrap_or(0)))
            .storage(storage)
            .expiry(expiry);
        match created {
            Some(ms) => b.created(ms),
            None => b,
        }
        .build()
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
    fn thresholds_take_what_was_typed_within_range() {
        let t = Thresholds::default();
        assert_eq!(
            t.with(Some(3), None),
            Thresholds {
                warn_days: 3,
                alert_days: 7
            }
        );
        assert_eq!(
            t.with(None, Some(0)),
            Thresholds {
                warn_days: 1,
                alert_days: 1
            }
        );
        assert_eq!(t.with(Some(99_999), None).warn_days, 3650);
        assert_eq!(t.with(None, None), t);
    }
}
