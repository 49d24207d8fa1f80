//! The situations the demo portal plays, one per admin token: a schedule, a history that goes
//! with it, a backup that may be running, and the portal's time zone.
//!
//! Everything here is a pure function of the Demo's `now` (its clock at start), so a test can
//! derive what a page must show. The page judges with the real clock a few seconds or minutes
//! later; each situation is built so that this judgement does not depend on the hour the tests
//! run at. The one stateful part, the running backup's progress, lives in [`crate::Demo`].
//!
//! How the real scheduler reads a schedule (docspace-api.md, "How the scheduler really
//! behaves"; read in DocSpace-server's `Schedule.IsToBeProcessed`): the cron is evaluated on the
//! portal's wall clock (`lastBackupTime` is converted to the portal's time zone, the next cron
//! time after it is compared with the local "now"). So a run is due at the first moment the
//! portal's wall clock reaches `hour:00` on a matching day: on the night summer time ends (an
//! hour that happens twice) that is the first of the two; on the night it begins (an hour that
//! does not exist) the first wall-clock time after the gap (inferred from that code, not seen).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde_json::{json, Value};

use crate::history::{self, Record};

/// One of the portal's situations, chosen by the `Authorization` value (see [`situation`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Situation {
    /// `demo-admin-token`, the API key and the session: daily at 02:00 UTC to Amazon S3, two
    /// nights missed (2 and 5 days before the last due run), the last run made. Dumps: weekly,
    /// Sundays 02:00 UTC, to a folder on the server.
    Default,
    /// `demo-weekly-token`: weekly, the last run (50 to 51 hours ago) made no backup.
    Weekly,
    /// `demo-monthly-token`: monthly on the 31st at 03:00 UTC; months without a 31st have no run.
    Monthly,
    /// `demo-unscheduled-token`: no schedule at all; the default history.
    Unscheduled,
    /// `demo-schedule-forbidden-token`: the history answers, the schedule and the progress
    /// answer 403 "Access denied" (a key without the scope for them).
    ScheduleForbidden,
    /// `demo-running-token`: daily, the last run (1 to 2 hours ago) still running; the progress
    /// goes 0 → 100 in 6 seconds, then the backup appears in the history.
    Running,
    /// `demo-berlin-token`: daily at 02:00 Europe/Berlin, 60 days of backups (across a change of
    /// summer time when `now` is within 60 days after one).
    Berlin,
    /// `demo-windows-zone-token`: as [`Situation::Berlin`], but the portal's time zone is the
    /// Windows id "W. Europe Standard Time" (older portals).
    WindowsZone,
}

impl Situation {
    /// Every situation, the default first.
    pub const ALL: [Situation; 8] = [
        Situation::Default,
        Situation::Weekly,
        Situation::Monthly,
        Situation::Unscheduled,
        Situation::ScheduleForbidden,
        Situation::Running,
        Situation::Berlin,
        Situation::WindowsZone,
    ];

    /// The token that selects it (the default is also selected by the API key and the session).
    pub fn token(self) -> &'static str {
        match self {
            Situation::Default => crate::DEMO_TOKEN,
            Situation::Weekly => crate::WEEKLY_TOKEN,
            Situation::Monthly => crate::MONTHLY_TOKEN,
            Situation::Unscheduled => crate::UNSCHEDULED_TOKEN,
            Situation::ScheduleForbidden => crate::SCHEDULE_FORBIDDEN_TOKEN,
            Situation::Running => crate::RUNNING_TOKEN,
            Situation::Berlin => crate::BERLIN_TOKEN,
            Situation::WindowsZone => crate::WINDOWS_ZONE_TOKEN,
        }
    }

    /// What the situation is, in one line (for the demo's banner).
    pub fn summary(self) -> &'static str {
        match self {
            Situation::Default => "daily 02:00 UTC to S3; 2 nights missed, the last run made",
            Situation::Weekly => "weekly; the last run (50 h ago) left no backup",
            Situation::Monthly => "monthly on the 31st, 03:00 UTC; shorter months skipped",
            Situation::Unscheduled => "no backup schedule at all",
            Situation::ScheduleForbidden => "history 200; schedule and progress 403",
            Situation::Running => "today's run still running: 0 to 100 % in 6 s, then listed",
            Situation::Berlin => "daily 02:00 Europe/Berlin, across summer time",
            Situation::WindowsZone => "as Berlin, zone \"W. Europe Standard Time\"",
        }
    }

    /// The zone the portal's wall clock (and so the schedule's hour) is in.
    pub fn zone(self) -> Tz {
        match self {
            Situation::Berlin | Situation::WindowsZone => chrono_tz::Europe::Berlin,
            _ => chrono_tz::UTC,
        }
    }

    /// The time zone id `GET /api/2.0/settings` sends as `timezone`.
    pub fn timezone_id(self) -> &'static str {
        match self {
            Situation::Berlin => "Europe/Berlin",
            Situation::WindowsZone => "W. Europe Standard Time",
            _ => "UTC",
        }
    }

    /// Whether getbackupschedule and getbackupprogress answer 403 "Access denied".
    pub fn forbids_schedule(self) -> bool {
        self == Situation::ScheduleForbidden
    }

    /// The schedule getbackupschedule answers for `Dump=dump`; `None` when there is none (the
    /// envelope then has no `response`).
    pub fn schedule(self, now: DateTime<Utc>, dump: bool) -> Option<Schedule> {
        let now = second(now);
        match (self, dump) {
            (Situation::Unscheduled, _) | (Situation::ScheduleForbidden, _) => None,
            (_, true) => Some(dump_schedule(now)),
            (Situation::Default, false) => Some(Schedule {
                storage_type: 5,
                storage_params: s3_params(),
                period: Period::EveryDay,
                hour: history::DAILY_HOUR,
                day: 0,
                backups_stored: 30,
                last_backup_time: history::last_run(now),
                dump: false,
                zone: chrono_tz::UTC,
                form: 0,
            }),
            (Situation::Weekly, false) => {
                let last = weekly_last_run(now);
                Some(Schedule {
                    storage_type: 0,
                    storage_params: params(&[("folderId", "4217")]),
                    period: Period::EveryWeek,
                    hour: last.hour(),
                    day: server_weekday(last.date_naive()),
                    backups_stored: 10,
                    last_backup_time: last,
                    dump: false,
                    zone: chrono_tz::UTC,
                    form: 2,
                })
            }
            (Situation::Monthly, false) => {
                let mut schedule = Schedule {
                    storage_type: 3,
                    storage_params: params(&[("filePath", LOCAL_BACKUP_FOLDER)]),
                    period: Period::EveryMonth,
                    hour: 3,
                    day: 31,
                    backups_stored: 12,
                    last_backup_time: now,
                    dump: false,
                    zone: chrono_tz::UTC,
                    form: 1,
                };
                schedule.last_backup_time = schedule.last_due(now).unwrap_or(now);
                Some(schedule)
            }
            (Situation::Running, false) => {
                let last = running_last_run(now);
                Some(Schedule {
                    storage_type: 5,
                    storage_params: s3_params(),
                    period: Period::EveryDay,
                    hour: last.hour(),
                    day: 0,
                    backups_stored: 30,
                    last_backup_time: last,
                    dump: false,
                    zone: chrono_tz::UTC,
                    form: 3,
                })
            }
            (Situation::Berlin | Situation::WindowsZone, false) => {
                let mut schedule = Schedule {
                    storage_type: 5,
                    storage_params: s3_params(),
                    period: Period::EveryDay,
                    hour: 2,
                    day: 0,
                    backups_stored: 60,
                    last_backup_time: now,
                    dump: false,
                    zone: self.zone(),
                    form: if self == Situation::Berlin { 0 } else { 2 },
                };
                schedule.last_backup_time = schedule.last_due(now).unwrap_or(now);
                Some(schedule)
            }
        }
    }

    /// The history getbackuphistory answers for `Dump=dump`, newest first, as it stands at
    /// `now` (for [`Situation::Running`], without the backup the running task makes: see
    /// [`crate::Demo::records_for`]).
    ///
    /// The dumps are the default's ([`history::records`]) in every situation; the portal
    /// backups are the default's for the default, [`Situation::Unscheduled`] and
    /// [`Situation::ScheduleForbidden`], and otherwise one backup for each due run that made
    /// one, a few minutes after it (the scheduler polls): a run due at or before `now` counts as
    /// made even when its backup is dated those few minutes after `now`, so that the page,
    /// judging a little later, never sees a run that is due but not yet made.
    pub fn records(self, now: DateTime<Utc>, dump: bool) -> Vec<Record> {
        let now = second(now);
        if dump {
            return history::records(now, true);
        }
        match self {
            Situation::Default | Situation::Unscheduled | Situation::ScheduleForbidden => {
                history::records(now, false)
            }
            Situation::Weekly => {
                // The last run left nothing; the eight before it each made a backup.
                let last = weekly_last_run(now);
                (1..=8)
                    .map(|k| made(20_000 + k, last - Duration::weeks(k as i64), 20, 0))
                    .collect()
            }
            Situation::Monthly => {
                let schedule = self.schedule(now, false).expect("a monthly schedule");
                let year_ago = now.checked_sub_months(Months::new(12)).unwrap_or(now);
                schedule
                    .due_runs(now, 12)
                    .into_iter()
                    .filter(|due| *due > year_ago)
                    .enumerate()
                    .map(|(k, due)| made(30_000 + k as u64, due, 5, 3))
                    .collect()
            }
            Situation::Running => {
                // The 20 days before the last run; the last run is still under way.
                let last = running_last_run(now);
                (1..=20)
                    .map(|k| made(40_000 + k, last - Duration::days(k as i64), 4, 5))
                    .collect()
            }
            Situation::Berlin | Situation::WindowsZone => {
                let schedule = self.schedule(now, false).expect("a daily schedule");
                schedule
                    .due_runs(now, 60)
                    .into_iter()
                    .enumerate()
                    .map(|(k, due)| made(50_000 + k as u64, due, 3, 5))
                    .collect()
            }
        }
    }

    /// The `response` of `GET /api/2.0/settings` at the moment `at` (its `utcOffset` and
    /// `utcHoursOffset` are the zone's offset at that moment, as the server computes them).
    pub fn settings(self, at: DateTime<Utc>) -> Value {
        let offset = utc_offset_seconds(self.zone(), at);
        json!({
            "timezone": self.timezone_id(),
            "trustedDomains": [],
            "trustedDomainsType": 0,
            "culture": "en-US",
            "utcOffset": time_span(offset),
            "utcHoursOffset": hours(offset),
            "greetingSettings": "Demo portal",
            "ownerId": history::guid(1),
            "nameSchemaId": "Common",
            "enabledJoin": false,
            "enableAdmMess": false,
            "thirdpartyEnable": true,
            "docSpace": true,
            "standalone": true,
            "isAmi": false,
            "baseDomain": "localhost",
            "version": "3.7.0",
            "recaptchaType": 0,
            "debugInfo": false,
            "socketUrl": "/socket.io",
            "tenantStatus": 0,
            "tenantAlias": history::ALIAS,
            "displayAbout": true,
            "domainValidator": {"regex": "^[a-z0-9]([a-z0-9-]){1,98}[a-z0-9]$", "minLength": 3, "maxLength": 100},
            "cookieSettingsEnabled": false,
            "limitedAccessSpace": false,
            "limitedAccessDevToolsForUsers": false,
            "displayBanners": false,
            "plugins": {"enabled": true, "upload": true, "delete": true},
            "deepLink": {"androidPackageName": "", "url": "", "iosPackageId": ""},
            "formGallery": {
                "path": "/api/oforms/", "domain": "https://oforms.onlyoffice.com", "ext": ".pdf",
                "uploadPath": "/api/upload", "uploadDomain": "https://oforms.onlyoffice.com",
                "uploadExt": ".pdf", "uploadDashboard": "/dashboard/api/oforms",
            },
            "maxImageUploadSize": 1_048_576,
            "defaultFolderType": 14,
        })
    }
}

/// The situation an `Authorization` value selects. Values that select none of the others (the
/// owner's token, API key and session, but also anything the portal refuses, which never gets
/// this far) give [`Situation::Default`].
pub fn situation(token: &str) -> Situation {
    Situation::ALL
        .into_iter()
        .find(|s| s.token() == token)
        .unwrap_or(Situation::Default)
}

/// `cronParams.period` (enum BackupPeriod, sent as its number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    EveryDay = 0,
    EveryWeek = 1,
    EveryMonth = 2,
}

/// A backup schedule as getbackupschedule describes it, plus the zone its hour is in.
#[derive(Clone, Debug, PartialEq)]
pub struct Schedule {
    /// BackupStorageType, as sent.
    pub storage_type: i64,
    pub storage_params: BTreeMap<String, String>,
    pub period: Period,
    /// The hour on the portal's wall clock.
    pub hour: u32,
    /// Weekly: the weekday, 1 = Sunday … 7 = Saturday; monthly: the day of the month; daily: 0.
    pub day: u32,
    pub backups_stored: i64,
    /// The last attempt (the last due run), in UTC.
    pub last_backup_time: DateTime<Utc>,
    pub dump: bool,
    /// The portal's time zone, which `hour` and `day` are in (not sent: settings has it).
    pub zone: Tz,
    /// Which of the date forms of docspace-api.md `lastBackupTime` is sent in.
    form: usize,
}

impl Schedule {
    /// The `response` of getbackupschedule: enums as numbers, nothing null.
    pub fn to_json(&self) -> Value {
        json!({
            "storageType": self.storage_type,
            "storageParams": self.storage_params,
            "cronParams": {"period": self.period as i64, "hour": self.hour, "day": self.day},
            "backupsStored": self.backups_stored,
            "lastBackupTime": history::dotnet_date(self.last_backup_time, self.form),
            "dump": self.dump,
        })
    }

    /// Whether the cron fires on this day of the portal's calendar.
    fn fires_on(&self, date: NaiveDate) -> bool {
        match self.period {
            Period::EveryDay => true,
            Period::EveryWeek => server_weekday(date) == self.day,
            Period::EveryMonth => date.day() == self.day,
        }
    }

    /// The last `n` runs due at or before `until`, newest first, in UTC (a monthly schedule
    /// skips months without its day, as DocSpace's cron does).
    pub fn due_runs(&self, until: DateTime<Utc>, n: usize) -> Vec<DateTime<Utc>> {
        let mut date = until.with_timezone(&self.zone).date_naive();
        let mut out = Vec::new();
        // Five years back is more than any of the demo's schedules needs.
        for _ in 0..5 * 366 {
            if out.len() == n {
                break;
            }
            if self.fires_on(date) {
                let due = wall_clock_run(self.zone, date, self.hour);
                if due <= until {
                    out.push(due);
                }
            }
            match date.pred_opt() {
                Some(d) => date = d,
                None => break,
            }
        }
        out
    }

    /// The last run due at or before `until`.
    pub fn last_due(&self, until: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.due_runs(until, 1).first().copied()
    }
}

/// When a run due at `hour:00` on `date` of `zone`'s wall clock starts, in UTC: the first
/// moment the wall clock shows that time (the earlier of two on the night summer time ends, the
/// first time after the gap on the night it begins).
pub fn wall_clock_run(zone: Tz, date: NaiveDate, hour: u32) -> DateTime<Utc> {
    let start = date.and_hms_opt(hour, 0, 0).unwrap_or_default();
    (0..=180)
        .find_map(|minutes| {
            zone.from_local_datetime(&(start + Duration::minutes(minutes)))
                .earliest()
        })
        .map_or_else(|| start.and_utc(), |t| t.with_timezone(&Utc))
}

/// The weekday in the server's numbering: 1 = Sunday … 7 = Saturday.
pub fn server_weekday(date: NaiveDate) -> u32 {
    date.weekday().num_days_from_sunday() + 1
}

/// The weekly situation's last due run (which made no backup): `now` − 50 h, to the hour.
pub fn weekly_last_run(now: DateTime<Utc>) -> DateTime<Utc> {
    to_hour(second(now) - Duration::hours(50))
}

/// The running situation's last due run, still running: `now` − 1 h, to the hour (so 1 to 2
/// hours ago; the schedule's hour is its hour).
pub fn running_last_run(now: DateTime<Utc>) -> DateTime<Utc> {
    to_hour(second(now) - Duration::hours(1))
}

/// `zone`'s offset from UTC at `at`, in seconds.
pub fn utc_offset_seconds(zone: Tz, at: DateTime<Utc>) -> i32 {
    zone.offset_from_utc_datetime(&at.naive_utc())
        .fix()
        .local_minus_utc()
}

/// A .NET TimeSpan as System.Text.Json writes it: `01:00:00`, `-08:30:00`.
pub fn time_span(seconds: i32) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.unsigned_abs();
    format!("{sign}{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}

/// The offset in hours as a .NET double is written: `1`, `-8.5`.
fn hours(seconds: i32) -> Value {
    if seconds % 3600 == 0 {
        json!(seconds / 3600)
    } else {
        json!(f64::from(seconds) / 3600.0)
    }
}

/// How long the running situation's backup takes, counted from the first progress request.
pub const BACKUP_DURATION: std::time::Duration = std::time::Duration::from_secs(6);

/// The running backup's task id, which becomes the finished backup's id in the history.
pub fn running_task_id() -> String {
    history::guid(70_000)
}

/// getbackupprogress's percentage `elapsed` after the first request: proportional to
/// [`BACKUP_DURATION`], rounded down to a multiple of 5, at most 100.
pub fn progress_percent(elapsed: std::time::Duration) -> u32 {
    let percent = (elapsed.as_millis() * 100 / BACKUP_DURATION.as_millis()).min(100);
    u32::try_from(percent).unwrap_or(100) / 5 * 5
}

/// The running situation's backup, as getbackupprogress reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// 0 to 100, in steps of 5.
    pub progress: u32,
    pub task_id: String,
}

impl Progress {
    pub fn is_completed(&self) -> bool {
        self.progress >= 100
    }

    /// DistributedTaskStatus: 1 Running, then 2 Completed.
    pub fn status(&self) -> i64 {
        if self.is_completed() {
            2
        } else {
            1
        }
    }

    /// The `response` of getbackupprogress. `error` and `warning` are empty strings while it
    /// runs and after success (docspace-api.md); so is `link` here (inferred: the server leaves
    /// it out when null, and a backup to third-party storage has no download link).
    pub fn to_json(&self) -> Value {
        json!({
            "isCompleted": self.is_completed(),
            "progress": self.progress,
            "error": "",
            "warning": "",
            "link": "",
            "tenantId": 1,
            "backupProgressEnum": 0,
            "status": self.status(),
            "taskId": self.task_id,
        })
    }
}

/// The backup the running situation's task leaves when it completes at `completed`: its id is
/// the task id, its file is named after the completion time, on third-party storage.
pub fn running_backup(completed: DateTime<Utc>) -> Record {
    let completed = second(completed);
    Record {
        id: running_task_id(),
        file_name: history::file_name(history::ALIAS, completed),
        storage_type: 5,
        created_on: completed,
        expires_on: None,
    }
}

/// Where the server-folder backups go (storage type 3, `filePath`).
pub const LOCAL_BACKUP_FOLDER: &str = "/var/backups/docspace";

/// The default's Dump=true schedule (and every situation's that has one): weekly on Sundays at
/// 02:00 UTC to a folder on the server, matching [`history::records`]' dumps. DocSpace adds the
/// portal's `tenantId` to a dump schedule's storage parameters (read in `BackupAjaxHandler`).
fn dump_schedule(now: DateTime<Utc>) -> Schedule {
    let mut schedule = Schedule {
        storage_type: 3,
        storage_params: params(&[("filePath", LOCAL_BACKUP_FOLDER), ("tenantId", "1")]),
        period: Period::EveryWeek,
        hour: history::DAILY_HOUR,
        day: 1,
        backups_stored: 6,
        last_backup_time: now,
        dump: true,
        zone: chrono_tz::UTC,
        form: 0,
    };
    schedule.last_backup_time = schedule.last_due(now).unwrap_or(now);
    schedule
}

/// Third-party storage (ThirdPartyConsumer) on Amazon S3: the consumer's name under `module`,
/// its settings beside it (DocSpace's `ConsumerBackupStorage` reads them so; the key names
/// besides `module` are inferred). No credentials: the demo has none to show.
fn s3_params() -> BTreeMap<String, String> {
    params(&[
        ("module", "S3"),
        ("bucket", "demo-docspace-backups"),
        ("region", "eu-central-1"),
    ])
}

fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// A backup of a scheduled run due at `due`, started `minutes` later.
fn made(seed: u64, due: DateTime<Utc>, minutes: i64, storage_type: i64) -> Record {
    let started = due + Duration::minutes(minutes);
    Record {
        id: history::guid(seed),
        file_name: history::file_name(history::ALIAS, started),
        storage_type,
        created_on: started,
        expires_on: None,
    }
}

fn second(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_nanosecond(0).unwrap_or(t)
}

fn to_hour(t: DateTime<Utc>) -> DateTime<Utc> {
    t.with_minute(0).and_then(|t| t.with_second(0)).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn time_spans_and_hours_as_dotnet_writes_them() {
        assert_eq!(time_span(3600), "01:00:00");
        assert_eq!(time_span(0), "00:00:00");
        assert_eq!(time_span(-30_600), "-08:30:00");
        assert_eq!(time_span(20_700), "05:45:00");
        assert_eq!(hours(7200), json!(2));
        assert_eq!(hours(-30_600), json!(-8.5));
    }

    #[test]
    fn server_weekdays_start_on_sunday() {
        let sunday = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        assert_eq!(server_weekday(sunday), 1);
        assert_eq!(server_weekday(sunday.succ_opt().unwrap()), 2);
        assert_eq!(server_weekday(sunday.pred_opt().unwrap()), 7);
    }

    #[test]
    fn the_wall_clock_decides_across_summer_time() {
        let berlin = chrono_tz::Europe::Berlin;
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        // Summer: 02:00 CEST = 00:00 UTC; winter: 02:00 CET = 01:00 UTC.
        assert_eq!(
            wall_clock_run(berlin, day(10, 24), 2),
            at("2026-10-24T00:00:00Z")
        );
        assert_eq!(
            wall_clock_run(berlin, day(10, 26), 2),
            at("2026-10-26T01:00:00Z")
        );
        // 25 October 2026: 02:00 happens twice; the first.
        assert_eq!(
            wall_clock_run(berlin, day(10, 25), 2),
            at("2026-10-25T00:00:00Z")
        );
        // 29 March 2026: 02:00 does not happen; 03:00 CEST comes instead.
        assert_eq!(
            wall_clock_run(berlin, day(3, 29), 2),
            at("2026-03-29T01:00:00Z")
        );
    }

    /// `now`s spread over two days, every 37 minutes, from a date in mid-month.
    fn nows() -> Vec<DateTime<Utc>> {
        let start = at("2026-11-26T00:00:00Z");
        (0..78).map(|k| start + Duration::minutes(37 * k)).collect()
    }

    /// A record's start: when its file name says it was made.
    fn made_at(r: &Record) -> DateTime<Utc> {
        let stamp = r
            .file_name
            .trim_start_matches("demo_")
            .trim_end_matches(".tar.gz");
        chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d_%H-%M-%S")
            .unwrap()
            .and_utc()
    }

    #[test]
    fn tokens_select_their_situation_and_anything_else_the_default() {
        for s in Situation::ALL {
            assert_eq!(situation(s.token()), s);
        }
        assert_eq!(situation("Bearer sk-demo-admin-key"), Situation::Default);
        assert_eq!(situation(""), Situation::Default);
        assert_eq!(situation("demo-weekly-token "), Situation::Default);
    }

    #[test]
    fn default_daily_schedule_missed_exactly_two_nights() {
        for now in nows() {
            let s = Situation::Default.schedule(now, false).unwrap();
            assert_eq!(
                (s.period, s.hour, s.day, s.storage_type),
                (Period::EveryDay, 2, 0, 5)
            );
            assert_eq!(s.storage_params["module"], "S3");
            assert_eq!(s.backups_stored, 30);
            let records = Situation::Default.records(now, false);
            let runs = s.due_runs(now, 30);
            assert_eq!(s.last_backup_time, runs[0], "{now}");
            assert_eq!(runs[0], history::last_run(now));
            // A run is made when a backup starts within the next 12 hours.
            let made = |due: DateTime<Utc>| {
                records
                    .iter()
                    .any(|r| r.created_on >= due && r.created_on < due + Duration::hours(12))
            };
            let missed: Vec<usize> = (0..30).filter(|&k| !made(runs[k])).collect();
            assert_eq!(missed, [2, 5], "{now}");
            // Nothing at all near the missed runs, not even a temporary or manual backup.
            for k in missed {
                let due = runs[k];
                assert!(records
                    .iter()
                    .all(|r| r.created_on < due - Duration::hours(1)
                        || r.created_on >= due + Duration::hours(12)));
            }
        }
    }

    #[test]
    fn default_dumps_are_weekly_on_sundays_at_two_utc() {
        for now in nows() {
            let s = Situation::Default.schedule(now, true).unwrap();
            assert_eq!(
                (s.period, s.hour, s.day, s.storage_type),
                (Period::EveryWeek, 2, 1, 3)
            );
            assert!(s.dump);
            assert_eq!(s.storage_params["filePath"], LOCAL_BACKUP_FOLDER);
            let dumps = Situation::Default.records(now, true);
            assert_eq!(s.backups_stored, dumps.len() as i64);
            let runs = s.due_runs(now, dumps.len());
            assert_eq!(s.last_backup_time, runs[0]);
            for (run, dump) in runs.iter().zip(&dumps) {
                assert_eq!(run.weekday(), chrono::Weekday::Sun);
                assert_eq!(dump.created_on - *run, Duration::seconds(41));
            }
        }
    }

    #[test]
    fn weekly_last_run_is_missed_whatever_the_hour() {
        for now in nows() {
            let s = Situation::Weekly.schedule(now, false).unwrap();
            let last = s.last_backup_time;
            assert_eq!(s.period, Period::EveryWeek);
            assert_eq!((s.storage_type, s.backups_stored), (0, 10));
            assert!(s.storage_params.contains_key("folderId"));
            assert_eq!(s.last_due(now), Some(last), "{now}");
            assert!(now - last >= Duration::hours(50) && now - last < Duration::hours(51));
            assert_eq!(
                (s.hour, s.day),
                (last.hour(), server_weekday(last.date_naive()))
            );
            let records = Situation::Weekly.records(now, false);
            let runs = s.due_runs(now, 9);
            assert_eq!(records.len(), 8);
            for (k, run) in runs.iter().enumerate() {
                let made: Vec<_> = records
                    .iter()
                    .filter(|r| r.created_on >= *run && r.created_on < *run + Duration::days(1))
                    .collect();
                if k == 0 {
                    assert!(made.is_empty(), "the last run left no backup");
                } else {
                    assert_eq!(made.len(), 1);
                    assert_eq!(made[0].created_on, *run + Duration::minutes(20));
                    assert_eq!(made[0].storage_type, 0);
                }
            }
        }
    }

    #[test]
    fn monthly_on_the_31st_skips_shorter_months() {
        let now = at("2026-11-27T05:00:00Z");
        let s = Situation::Monthly.schedule(now, false).unwrap();
        assert_eq!((s.period, s.hour, s.day), (Period::EveryMonth, 3, 31));
        assert_eq!((s.storage_type, s.backups_stored), (3, 12));
        assert_eq!(s.storage_params["filePath"], LOCAL_BACKUP_FOLDER);
        assert_eq!(s.last_backup_time, at("2026-10-31T03:00:00Z"));
        let made: Vec<String> = Situation::Monthly
            .records(now, false)
            .iter()
            .map(|r| r.file_name.clone())
            .collect();
        assert_eq!(
            made,
            [
                "demo_2026-10-31_03-05-00.tar.gz",
                "demo_2026-08-31_03-05-00.tar.gz",
                "demo_2026-07-31_03-05-00.tar.gz",
                "demo_2026-05-31_03-05-00.tar.gz",
                "demo_2026-03-31_03-05-00.tar.gz",
                "demo_2026-01-31_03-05-00.tar.gz",
                "demo_2025-12-31_03-05-00.tar.gz",
            ]
        );
        // On the 31st itself, from 03:00 on, that day's run is the last one, and made.
        let on_31st = at("2026-12-31T03:01:00Z");
        let s = Situation::Monthly.schedule(on_31st, false).unwrap();
        assert_eq!(s.last_backup_time, at("2026-12-31T03:00:00Z"));
        let records = Situation::Monthly.records(on_31st, false);
        assert_eq!(records.len(), 7);
        assert_eq!(records[0].created_on, at("2026-12-31T03:05:00Z"));
        for now in nows() {
            let s = Situation::Monthly.schedule(now, false).unwrap();
            let records = Situation::Monthly.records(now, false);
            assert_eq!(records.len(), 7, "{now}");
            assert!(records.iter().all(|r| r.created_on.day() == 31));
            assert_eq!(
                records[0].created_on,
                s.last_backup_time + Duration::minutes(5)
            );
        }
    }

    #[test]
    fn running_last_run_has_no_backup_yet() {
        for now in nows() {
            let s = Situation::Running.schedule(now, false).unwrap();
            let last = s.last_backup_time;
            assert!(now - last >= Duration::hours(1) && now - last < Duration::hours(2));
            assert_eq!((s.period, s.hour), (Period::EveryDay, last.hour()));
            assert_eq!(s.last_due(now), Some(last));
            let records = Situation::Running.records(now, false);
            assert_eq!(records.len(), 20);
            assert!(records.iter().all(|r| r.created_on < last));
            for (k, r) in records.iter().enumerate() {
                let due = last - Duration::days(k as i64 + 1);
                assert_eq!(r.created_on, due + Duration::minutes(4));
            }
        }
    }

    #[test]
    fn berlin_backups_follow_the_wall_clock_across_summer_time() {
        let now = at("2026-11-27T05:00:00Z");
        let berlin = chrono_tz::Europe::Berlin;
        for s in [Situation::Berlin, Situation::WindowsZone] {
            let schedule = s.schedule(now, false).unwrap();
            assert_eq!((schedule.hour, schedule.backups_stored), (2, 60));
            assert_eq!(schedule.last_backup_time, at("2026-11-27T01:00:00Z"));
            let records = s.records(now, false);
            assert_eq!(records.len(), 60);
            for r in &records {
                let local = (r.created_on - Duration::minutes(3)).with_timezone(&berlin);
                assert_eq!((local.hour(), local.minute()), (2, 0), "{}", r.file_name);
                let summer = r.created_on < at("2026-10-25T01:00:00Z");
                assert_eq!(made_at(r).hour(), if summer { 0 } else { 1 });
            }
            // The night summer time ended: the first 02:00, in summer time, only.
            let names: Vec<&str> = records.iter().map(|r| r.file_name.as_str()).collect();
            assert!(names.contains(&"demo_2026-10-25_00-03-00.tar.gz"));
            assert!(!names.contains(&"demo_2026-10-25_01-03-00.tar.gz"));
        }
        // Spring: 02:00 does not exist on 29 March; the run comes at 03:00 summer time.
        let spring = Situation::Berlin.records(at("2026-04-15T12:00:00Z"), false);
        let names: Vec<&str> = spring.iter().map(|r| r.file_name.as_str()).collect();
        assert!(names.contains(&"demo_2026-03-28_01-03-00.tar.gz"));
        assert!(names.contains(&"demo_2026-03-29_01-03-00.tar.gz"));
        assert!(names.contains(&"demo_2026-03-30_00-03-00.tar.gz"));
    }

    #[test]
    fn settings_give_the_zone_and_its_offset_at_the_moment_of_the_call() {
        let winter = at("2026-11-27T05:00:00Z");
        let summer = at("2026-07-01T12:00:00Z");
        let check = |s: Situation, t, zone: &str, offset: &str, hours: i64| {
            let v = s.settings(t);
            assert_eq!(v["timezone"], zone);
            assert_eq!(v["utcOffset"], offset);
            assert_eq!(v["utcHoursOffset"], hours);
            assert_eq!(v["culture"], "en-US");
            assert!(v["baseDomain"].is_string() && v["cookieSettingsEnabled"].is_boolean());
            assert!(v["deepLink"].is_object());
        };
        check(Situation::Default, winter, "UTC", "00:00:00", 0);
        check(Situation::Running, summer, "UTC", "00:00:00", 0);
        check(Situation::Berlin, winter, "Europe/Berlin", "01:00:00", 1);
        check(Situation::Berlin, summer, "Europe/Berlin", "02:00:00", 2);
        check(
            Situation::WindowsZone,
            winter,
            "W. Europe Standard Time",
            "01:00:00",
            1,
        );
        check(
            Situation::WindowsZone,
            summer,
            "W. Europe Standard Time",
            "02:00:00",
            2,
        );
    }

    #[test]
    fn only_some_situations_have_a_schedule() {
        let now = at("2026-11-27T05:00:00Z");
        for s in Situation::ALL {
            let none = matches!(s, Situation::Unscheduled | Situation::ScheduleForbidden);
            assert_eq!(s.schedule(now, false).is_none(), none, "{s:?}");
            assert_eq!(s.schedule(now, true).is_none(), none, "{s:?}");
            assert_eq!(s.records(now, true), history::records(now, true));
        }
        assert_eq!(
            Situation::Unscheduled.records(now, false),
            history::records(now, false)
        );
    }

    #[test]
    fn progress_moves_in_steps_of_five() {
        let ms = std::time::Duration::from_millis;
        assert_eq!(progress_percent(ms(0)), 0);
        assert_eq!(progress_percent(ms(299)), 0);
        assert_eq!(progress_percent(ms(300)), 5);
        assert_eq!(progress_percent(ms(1190)), 15);
        assert_eq!(progress_percent(ms(5999)), 95);
        assert_eq!(progress_percent(ms(6000)), 100);
        assert_eq!(progress_percent(ms(60_000)), 100);
        let p = Progress {
            progress: 40,
            task_id: running_task_id(),
        };
        assert_eq!((p.is_completed(), p.status()), (false, 1));
        let done = Progress {
            progress: 100,
            ..p.clone()
        };
        assert_eq!((done.is_completed(), done.status()), (true, 2));
        assert_eq!(done.to_json()["taskId"], p.task_id.as_str());
    }
}
