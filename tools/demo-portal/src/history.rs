//! The demo portal's backup history: two months of daily backups across storage types (two
//! nights missed), a few temporary ones (one of them expired), and weekly workspace dumps.
//! Deterministic for a given "now", so tests can derive what the page must show.

use chrono::{DateTime, Datelike, Duration, FixedOffset, Timelike, Utc};
use serde_json::{json, Value};

/// The portal alias in file names (`{alias}_{yyyy-MM-dd_HH-mm-ss}.tar.gz`).
pub(crate) const ALIAS: &str = "demo";

/// The nights the default daily schedule left no backup: its runs due this many days before
/// the last due run (see [`records`]). The scheduler tried (`lastBackupTime` moved on) and failed.
pub const MISSED_NIGHTS: [i64; 2] = [2, 5];

/// The daily schedule's hour (UTC) in the default history and schedule.
pub const DAILY_HOUR: u32 = 2;

/// One record, as the test harness may want to reason about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub id: String,
    pub file_name: String,
    pub storage_type: i64,
    pub created_on: DateTime<Utc>,
    /// `None` for "does not expire" (the server sends the .NET minimum date).
    pub expires_on: Option<DateTime<Utc>>,
}

impl Record {
    /// The record as the server serialises it. `form` picks one of the date forms
    /// the real server is seen to send (docspace-api.md, "Dates").
    pub fn to_json(&self, form: usize) -> Value {
        json!({
            "id": self.id,
            "fileName": self.file_name,
            "storageType": self.storage_type,
            "createdOn": dotnet_date(self.created_on, form),
            "expiresOn": self.expires_on.map_or_else(|| "0001-01-01T00:00:00".to_owned(), |d| dotnet_date(d, form)),
        })
    }
}

/// The four forms: no offset (UTC), 7 fractional digits, `Z` with 6 digits, `+03:00`.
pub(crate) fn dotnet_date(d: DateTime<Utc>, form: usize) -> String {
    match form % 4 {
        0 => d.format("%Y-%m-%dT%H:%M:%S").to_string(),
        1 => format!("{}{}", d.format("%Y-%m-%dT%H:%M:%S"), ticks(d)),
        2 => d.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
        _ => {
            let moscow = FixedOffset::east_opt(3 * 3600).expect("valid offset");
            let local = d.with_timezone(&moscow);
            format!(
                "{}{}{}",
                local.format("%Y-%m-%dT%H:%M:%S"),
                ticks(d),
                local.format("%:z")
            )
        }
    }
}

/// .NET's seven fractional digits (100 ns ticks); chrono has no `%.7f`.
fn ticks(d: DateTime<Utc>) -> String {
    format!(".{:07}", d.timestamp_subsec_nanos() / 100)
}

/// A GUID-shaped id, the same for the same seed.
pub(crate) fn guid(seed: u64) -> String {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    let mut next = || {
        x ^= x >> 33;
        x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        x ^= x >> 33;
        x
    };
    let (a, b) = (next(), next());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}

pub(crate) fn file_name(prefix: &str, made: DateTime<Utc>) -> String {
    format!("{prefix}_{}.tar.gz", made.format("%Y-%m-%d_%H-%M-%S"))
}

/// The most recent 02:00 UTC at or before `now`: the default daily schedule's last due run.
pub fn last_run(now: DateTime<Utc>) -> DateTime<Utc> {
    let now = now.with_nanosecond(0).unwrap_or(now);
    let today = now
        .date_naive()
        .and_hms_opt(DAILY_HOUR, 0, 0)
        .map_or(now, |t| t.and_utc());
    if today <= now {
        today
    } else {
        today - Duration::days(1)
    }
}

/// The history for `Dump=false` (portal backups) or `Dump=true` (workspace dumps), newest first.
///
/// It depends on `now`, and so does what a page shows of it: the daily runs are at 02:00 UTC
/// (the newest at the last 02:00 at or before `now`, [`last_run`]) and the temporary backups
/// 3, 20 and 30 hours before `now`. So the newest backup is the temporary one of "3 hours ago",
/// except from 02:00 to about 05:12 UTC, when it is that day's 02:00 run. Two nights left no
/// backup: the runs due [`MISSED_NIGHTS`] (2 and 5) days before the last run; no other backup
/// lies within an hour before or 12 hours after either. So 58 dailies, 2 manual backups and 3
/// temporary ones: 63 records. The dumps are weekly, Sundays 02:00 UTC, the newest the last
/// Sunday 02:00 at or before `now`. Tests derive what they expect from these records and the
/// clock, never from the hour they happen to run at.
pub fn records(now: DateTime<Utc>, dump: bool) -> Vec<Record> {
    let now = now.with_nanosecond(0).unwrap_or(now);
    let mut out = Vec::new();
    // The daily schedule's last due run.
    let last_run = last_run(now);

    if dump {
        for week in 0..6i64 {
            let made = last_run
                - Duration::weeks(week)
                - Duration::days(i64::from(last_run.weekday().num_days_from_sunday()));
            out.push(Record {
                id: guid(10_000 + week as u64),
                file_name: file_name("workspace", made),
                storage_type: 3,
                created_on: made + Duration::seconds(41),
                expires_on: None,
            });
        }
        return out;
    }

    for day in (0..60i64).filter(|d| !MISSED_NIGHTS.contains(d)) {
        let made = last_run - Duration::days(day) + Duration::seconds((day * 7) % 50);
        let storage_type = match day {
            0..=19 => 5,  // Amazon S3
            20..=39 => 0, // a DocSpace room
            _ => 3,       // a folder on the server
        };
        out.push(Record {
            id: guid(day as u64),
            file_name: file_name(ALIAS, made),
            storage_type,
            created_on: made + Duration::seconds(2),
            expires_on: None,
        });
    }
    // Two manual backups to other kinds of storage.
    for (n, (days_ago, storage_type)) in [(10i64, 1i64), (25, 2)].into_iter().enumerate() {
        let made = last_run - Duration::days(days_ago) + Duration::hours(9) + Duration::minutes(17);
        out.push(Record {
            id: guid(500 + n as u64),
            file_name: file_name(ALIAS, made),
            storage_type,
            created_on: made + Duration::seconds(3),
            expires_on: None,
        });
    }
    // Temporary backups expire a day after they are made: 3 and 20 hours ago are live, 30 is not.
    for (n, hours_ago) in [3i64, 20, 30].into_iter().enumerate() {
        let made = now - Duration::hours(hours_ago) - Duration::minutes(12);
        let created = made + Duration::seconds(4);
        out.push(Record {
            id: guid(900 + n as u64),
            file_name: file_name(ALIAS, made),
            storage_type: 4,
            created_on: created,
            expires_on: Some(created + Duration::days(1)),
        });
    }
    out.sort_by_key(|r| std::cmp::Reverse(r.created_on));
    out
}

/// A generated history of `n` backups for size tests and the benchmark: an hourly schedule
/// going back from `now`, spread over the storage types, with a temporary backup every
/// 24th hour that expires a day after it was made. Newest first.
pub fn generated(now: DateTime<Utc>, n: usize) -> Vec<Record> {
    let now = now.with_nanosecond(0).unwrap_or(now);
    let last_hour = now
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .unwrap_or(now);
    (0..n)
        .map(|i| {
            let made = last_hour - Duration::hours(i as i64);
            let created = made + Duration::seconds((i % 50) as i64 + 1);
            let temporary = i % 24 == 7;
            Record {
                id: guid(1_000_000 + i as u64),
                file_name: file_name(ALIAS, made),
                storage_type: if temporary {
                    4
                } else {
                    [5, 0, 3, 2, 1][(i / 24) % 5]
                },
                created_on: created,
                expires_on: temporary.then(|| created + Duration::days(1)),
            }
        })
        .collect()
}

/// The `response` array as the server sends it: in no particular order, dates in mixed forms.
pub fn response_json(records: &[Record]) -> Vec<Value> {
    let mut shuffled: Vec<(usize, &Record)> = records.iter().enumerate().collect();
    // A fixed permutation: stride through the list with a step coprime to its length.
    let len = shuffled.len().max(1);
    let step = (1..len)
        .rev()
        .find(|s| gcd(*s, len) == 1 && *s * 3 < len * 2)
        .unwrap_or(1);
    shuffled.sort_by_key(|(i, _)| (i * step + len / 2) % len);
    shuffled.into_iter().map(|(i, r)| r.to_json(i)).collect()
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn two_months_of_dailies_plus_manual_and_temporary() {
        let recs = records(at("2026-11-27T05:00:00Z"), false);
        assert_eq!(recs.len(), 63);
        assert_eq!(recs.iter().filter(|r| r.storage_type == 4).count(), 3);
        let expired: Vec<_> = recs
            .iter()
            .filter(|r| {
                r.expires_on
                    .is_some_and(|e| e <= at("2026-11-27T05:00:00Z"))
            })
            .collect();
        assert_eq!(expired.len(), 1);
        for t in 0..=5 {
            assert!(
                recs.iter().any(|r| r.storage_type == t),
                "storage {t} present"
            );
        }
        // Newest first: today's 02:00 run, then the temporary backup of 3 hours ago.
        assert_eq!(recs[0].storage_type, 5);
        assert_eq!(recs[0].file_name, "demo_2026-11-27_02-00-00.tar.gz");
        assert_eq!(recs[1].file_name, "demo_2026-11-27_01-48-00.tar.gz");
        assert!(recs.windows(2).all(|w| w[0].created_on >= w[1].created_on));
    }

    #[test]
    fn the_newest_backup_depends_on_the_hour() {
        let newest = |now: &str| records(at(now), false)[0].file_name.clone();
        assert_eq!(
            newest("2026-11-27T18:00:00Z"),
            "demo_2026-11-27_14-48-00.tar.gz"
        );
        assert_eq!(
            newest("2026-11-27T03:00:00Z"),
            "demo_2026-11-27_02-00-00.tar.gz"
        );
        assert_eq!(
            newest("2026-11-27T01:00:00Z"),
            "demo_2026-11-26_21-48-00.tar.gz"
        );
    }

    #[test]
    fn generated_histories_have_the_size_asked_for() {
        let now = at("2024-05-01T12:34:56Z");
        let records = generated(now, 1_000);
        assert_eq!(records.len(), 1_000);
        assert!(records
            .windows(2)
            .all(|w| w[0].created_on > w[1].created_on));
        let ids: std::collections::HashSet<_> = records.iter().map(|r| &r.id).collect();
        assert_eq!(ids.len(), 1_000);
        assert_eq!(records.iter().filter(|r| r.storage_type == 4).count(), 42);
        assert!(records
            .iter()
            .filter(|r| r.storage_type == 4)
            .all(|r| r.expires_on.is_some()));
    }

    #[test]
    fn ids_are_distinct_and_guid_shaped() {
        let recs = records(at("2026-11-27T01:00:00Z"), false);
        let mut ids: Vec<_> = recs.iter().map(|r| r.id.clone()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), recs.len());
        assert!(ids
            .iter()
            .all(|id| id.len() == 36 && id.matches('-').count() == 4));
    }

    #[test]
    fn dumps_are_weekly_workspace_files() {
        let recs = records(at("2026-11-27T05:00:00Z"), true);
        assert_eq!(recs.len(), 6);
        assert!(recs.iter().all(|r| r.file_name.starts_with("workspace_")));
    }

    #[test]
    fn json_uses_every_date_form_and_the_minimum_date() {
        let recs = records(at("2026-11-27T05:00:00Z"), false);
        let json = response_json(&recs);
        assert_eq!(json.len(), recs.len());
        let created: Vec<&str> = json
            .iter()
            .map(|v| v["createdOn"].as_str().unwrap())
            .collect();
        assert!(created.iter().any(|d| d.len() == 19));
        assert!(created.iter().any(|d| d.ends_with('Z')));
        assert!(created.iter().any(|d| d.ends_with("+03:00")));
        assert!(created.iter().any(|d| d.len() == 27));
        assert!(json.iter().any(|v| v["expiresOn"] == "0001-01-01T00:00:00"));
        // Not sent newest first: the client must sort.
        assert_ne!(json[0]["id"], recs[0].id.as_str());
    }
}
