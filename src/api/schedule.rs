//! The portal's automatic backups as its API tells them: `getbackupschedule`,
//! `getbackupprogress`, and the portal's time zone from `settings` (the schedule's hour is on
//! that zone's clock). Each answer is read on its own, however it came (fetched, or posted by
//! the plugin): one that cannot be read gives its [`Failure`], and never touches the history.

use serde::de::{IgnoredAny, MapAccess};

use super::envelope::{Lenient, Shape};
use super::failure::Failure;
use crate::backup::date::DocDate;
use crate::backup::schedule::{Cron, Period, Schedule};
use crate::backup::Storage;

pub const SCHEDULE_PATH: &str = "/api/2.0/backup/getbackupschedule";
pub const PROGRESS_PATH: &str = "/api/2.0/backup/getbackupprogress";
pub const SETTINGS_PATH: &str = "/api/2.0/settings";

/// A JSON scalar as sent; each field reads it as what it expects. One type for every scalar
/// field keeps the page to one parser for all of them.
enum Scalar {
    Int(i64),
    Float(f64),
    Text(String),
    Bool(bool),
}

impl Shape<'_> for Scalar {
    fn int(n: i64) -> Option<Self> {
        Some(Scalar::Int(n))
    }
    fn float(n: f64) -> Option<Self> {
        Some(Scalar::Float(n))
    }
    fn string(s: &str) -> Option<Self> {
        Some(Scalar::Text(s.to_owned()))
    }
    fn boolean(b: bool) -> Option<Self> {
        Some(Scalar::Bool(b))
    }
}

impl Scalar {
    /// A whole number, sent as a number or (input enums, older servers) as a numeric string.
    fn number(&self) -> Option<i64> {
        match self {
            Scalar::Int(n) => Some(*n),
            Scalar::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(*f as i64),
            Scalar::Text(t) => t.trim().parse().ok(),
            _ => None,
        }
    }

    fn flag(&self) -> Option<bool> {
        match self {
            Scalar::Bool(b) => Some(*b),
            _ => None,
        }
    }

    fn text(self) -> Option<String> {
        match self {
            Scalar::Text(t) => Some(t),
            _ => None,
        }
    }

    /// `cronParams.period`: a number, or the enum's name.
    fn period(&self) -> Option<i64> {
        match self {
            Scalar::Text(t) => match t.trim().to_ascii_lowercase().as_str() {
                "everyday" => Some(0),
                "everyweek" => Some(1),
                "everymonth" => Some(2),
                _ => self.number(),
            },
            _ => self.number(),
        }
    }

    /// A .NET `TimeSpan` as JSON gives it, `[-][d.]hh:mm:ss[.fffffff]`, in minutes.
    fn span_minutes(&self) -> Option<i32> {
        let Scalar::Text(s) = self else { return None };
        let s = s.trim();
        let (sign, s) = match s.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, s),
        };
        let (days, s) = match s.split_once('.') {
            Some((d, rest)) if !d.contains(':') => (d.parse::<i32>().ok()?, rest),
            _ => (0, s),
        };
        let mut parts = s.split(':');
        let hours: i32 = parts.next()?.parse().ok()?;
        let minutes: i32 = parts.next()?.parse().ok()?;
        if hours >= 24 || minutes >= 60 {
            return None;
        }
        // A day count no zone has (offsets are within ±18 hours) must not overflow.
        let total = days.checked_mul(1440)?.checked_add(hours * 60 + minutes)?;
        Some(sign * total)
    }
}

/// The envelope: `response` is the answer; absent or null means "none" (no schedule, nothing
/// running).
struct Envelope(Option<Dto>);

impl<'de> Shape<'de> for Envelope {
    fn object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let mut response = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "response" {
                response = map.next_value::<Lenient<Dto>>()?.0;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Some(Envelope(response)))
    }
}

/// Every field read from the three answers, in one type read by hand: serde's derive would
/// cost the page some 15 KB for what these few lines do.
#[derive(Default)]
struct Dto {
    // getbackupschedule
    storage_type: Option<Storage>,
    storage_params: Option<Params>,
    cron_params: Option<CronDto>,
    backups_stored: Option<Scalar>,
    last_backup_time: Option<DocDate>,
    // getbackupprogress
    is_completed: Option<Scalar>,
    progress: Option<Scalar>,
    error: Option<Scalar>,
    backup_progress_enum: Option<Scalar>,
    status: Option<Scalar>,
    task_id: Option<Scalar>,
    // settings
    timezone: Option<Scalar>,
    utc_offset: Option<Scalar>,
    utc_hours_offset: Option<Scalar>,
}

/// The next value, read as `T` (`None` when it has another shape).
fn value<'de, A: MapAccess<'de>, T: Shape<'de>>(map: &mut A) -> Result<Option<T>, A::Error> {
    Ok(map.next_value::<Lenient<T>>()?.0)
}

impl<'de> Shape<'de> for Dto {
    fn object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let mut d = Dto::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "storageType" => d.storage_type = value(&mut map)?,
                "storageParams" => d.storage_params = value(&mut map)?,
                "cronParams" => d.cron_params = value(&mut map)?,
                "backupsStored" => d.backups_stored = value(&mut map)?,
                "lastBackupTime" => d.last_backup_time = value(&mut map)?,
                "isCompleted" => d.is_completed = value(&mut map)?,
                "progress" => d.progress = value(&mut map)?,
                "error" => d.error = value(&mut map)?,
                "backupProgressEnum" => d.backup_progress_enum = value(&mut map)?,
                "status" => d.status = value(&mut map)?,
                "taskId" => d.task_id = value(&mut map)?,
                "timezone" => d.timezone = value(&mut map)?,
                "utcOffset" => d.utc_offset = value(&mut map)?,
                "utcHoursOffset" => d.utc_hours_offset = value(&mut map)?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Some(d))
    }
}

/// `storageParams`: an object of strings (numbers are kept as written).
struct Params(Vec<(String, String)>);

impl<'de> Shape<'de> for Params {
    fn object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let mut params = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = match value::<A, Scalar>(&mut map)? {
                Some(Scalar::Text(t)) => t,
                Some(Scalar::Int(n)) => n.to_string(),
                Some(Scalar::Bool(b)) => b.to_string(),
                _ => continue,
            };
            params.push((key, value));
        }
        Ok(Some(Params(params)))
    }
}

#[derive(Default)]
struct CronDto {
    period: Option<Scalar>,
    hour: Option<Scalar>,
    day: Option<Scalar>,
}

impl<'de> Shape<'de> for CronDto {
    fn object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let mut c = CronDto::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "period" => c.period = value(&mut map)?,
                "hour" => c.hour = value(&mut map)?,
                "day" => c.day = value(&mut map)?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Some(c))
    }
}

/// Reads one answer's envelope: a failure for a non-2xx status or a body of another shape.
fn envelope(status: u16, body: &str, dump: bool) -> Result<Option<Dto>, Failure> {
    if !(200..300).contains(&status) {
        return Err(Failure::from_http(status, body, dump));
    }
    // A 204 or an empty 200 is "nothing" as much as an envelope without `response`.
    if body.trim().is_empty() {
        return Ok(None);
    }
    match serde_json::from_str::<Lenient<Envelope>>(body) {
        Ok(Lenient(Some(Envelope(response)))) => Ok(response),
        _ => Err(Failure::NotDocSpace { status }),
    }
}

/// `getbackupschedule`: the schedule, or `None` when the portal has none.
pub fn read_schedule(status: u16, body: &str, dump: bool) -> Result<Option<Schedule>, Failure> {
    let Some(dto) = envelope(status, body, dump)? else {
        return Ok(None);
    };
    let cron = dto.cron_params.and_then(|c| {
        let hour = u8::try_from(c.hour?.number()?).ok()?;
        let day = c.day.and_then(|d| u8::try_from(d.number()?).ok());
        let period = match c.period?.period()? {
            0 => Period::Daily,
            1 => Period::Weekly(day?),
            2 => Period::Monthly(day?),
            _ => return None,
        };
        Cron::new(period, hour)
    });
    // A schedule whose time cannot be read is not judged as if it were some other time.
    let cron = cron.ok_or(Failure::NotDocSpace { status })?;
    Ok(Some(Schedule {
        cron,
        storage: dto.storage_type.unwrap_or(Storage::Missing),
        storage_params: dto.storage_params.map(|Params(p)| p).unwrap_or_default(),
        keeps: dto
            .backups_stored
            .and_then(|n| u32::try_from(n.number()?).ok())
            .filter(|&n| n > 0),
        last_attempt: dto.last_backup_time.and_then(DocDate::timestamp),
    }))
}

/// What a running task is: `backupProgressEnum`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Task {
    Backup,
    Restore,
    Transfer,
}

impl Task {
    /// The task in a sentence: "The backup failed…".
    pub fn noun(self) -> &'static str {
        match self {
            Task::Backup => "backup",
            Task::Restore => "restore",
            Task::Transfer => "transfer",
        }
    }

    /// The progress bar's name, as the UI contract says it.
    pub fn words(self) -> &'static str {
        match self {
            Task::Backup => "Backup in progress",
            Task::Restore => "Restore in progress",
            Task::Transfer => "Transfer in progress",
        }
    }
}

/// A backup or restore running on the portal, or just finished.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub task: Task,
    /// 0–100.
    pub percent: u8,
    /// It has ended (completed, cancelled or failed): polling stops.
    pub ended: bool,
    /// Why it failed, in the server's words.
    pub error: Option<String>,
    /// The task's id: a finished backup's id in the history.
    pub task_id: Option<String>,
}

/// `getbackupprogress`: what runs, or `None` when nothing does.
pub fn read_progress(status: u16, body: &str, dump: bool) -> Result<Option<Progress>, Failure> {
    let Some(dto) = envelope(status, body, dump)? else {
        return Ok(None);
    };
    let task = match dto.backup_progress_enum.and_then(|e| e.number()) {
        Some(1) => Task::Restore,
        Some(2) => Task::Transfer,
        _ => Task::Backup,
    };
    let error = dto
        .error
        .and_then(Scalar::text)
        .filter(|e| !e.trim().is_empty());
    // DistributedTaskStatus: 2 Completed, 3 Canceled, 4 Failed.
    let ended = dto.is_completed.and_then(|c| c.flag()) == Some(true)
        || matches!(dto.status.and_then(|s| s.number()), Some(2..=4))
        || error.is_some();
    Ok(Some(Progress {
        task,
        percent: dto
            .progress
            .and_then(|p| p.number())
            .map_or(0, |p| p.clamp(0, 100) as u8),
        ended,
        error,
        task_id: dto.task_id.and_then(Scalar::text),
    }))
}

/// The portal's time zone, as `settings` gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PortalZone {
    /// `timezone`: an IANA id (`Europe/Berlin`) or, on older portals, a Windows one.
    pub id: Option<String>,
    /// `utcOffset` (or `utcHoursOffset`): the offset at the moment of the call, in minutes.
    pub offset_minutes: Option<i32>,
}

/// `settings`: the portal's zone. A settings answer without one is read as "not said".
pub fn read_zone(status: u16, body: &str) -> Result<PortalZone, Failure> {
    let dto = envelope(status, body, false)?.unwrap_or_default();
    Ok(PortalZone {
        id: dto
            .timezone
            .and_then(Scalar::text)
            .filter(|z| !z.trim().is_empty()),
        offset_minutes: dto
            .utc_offset
            .and_then(|o| o.span_minutes())
            .or_else(|| {
                let hours = dto.utc_hours_offset?.number()?;
                i32::try_from(hours.checked_mul(60)?).ok()
            })
            .filter(|m| m.abs() <= 18 * 60),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::date::Timestamp;

    const DAILY: &str = r#"{"response":{"storageType":5,"storageParams":{"module":"S3"},
        "cronParams":{"period":0,"hour":2,"day":0},"backupsStored":30,
        "lastBackupTime":"2026-11-28T02:00:00","dump":false},"count":1,"status":0,"statusCode":200}"#;

    #[test]
    fn a_schedule_is_read_with_its_numbers() {
        let s = read_schedule(200, DAILY, false).unwrap().unwrap();
        assert_eq!(s.cron, Cron::new(Period::Daily, 2).unwrap());
        assert_eq!(s.storage, Storage::Code(5));
        assert_eq!(s.keeps, Some(30));
        assert_eq!(s.storage_params, [("module".to_owned(), "S3".to_owned())]);
        assert_eq!(
            s.last_attempt.map(Timestamp::to_iso_utc).as_deref(),
            Some("2026-11-28T02:00:00Z")
        );
        let weekly = r#"{"response":{"storageType":0,"cronParams":{"period":"EveryWeek","hour":"14","day":2},
            "backupsStored":10,"lastBackupTime":"0001-01-01T00:00:00"}}"#;
        let s = read_schedule(200, weekly, false).unwrap().unwrap();
        assert_eq!(s.cron.words(), "every week on Monday at 14:00");
        assert_eq!(s.last_attempt, None, "the .NET minimum: never ran");
    }

    #[test]
    fn no_schedule_is_none_and_a_refusal_is_a_failure() {
        for body in [
            r#"{"status":0,"statusCode":200}"#,
            r#"{"response":null}"#,
            "",
        ] {
            assert_eq!(read_schedule(200, body, false), Ok(None), "{body}");
        }
        let refused = read_schedule(403, r#"{"error":{"message":"Access denied"}}"#, false);
        assert_eq!(
            refused.unwrap_err().brief(),
            "the portal answered HTTP 403 Forbidden: “Access denied”"
        );
        assert_eq!(
            read_schedule(200, "<html>", false),
            Err(Failure::NotDocSpace { status: 200 })
        );
    }

    #[test]
    fn a_schedule_whose_time_cannot_be_read_is_not_guessed() {
        for cron in [
            r#"{"period":0}"#,
            r#"{"period":0,"hour":24}"#,
            r#"{"period":1,"hour":2}"#,
            r#"{"period":1,"hour":2,"day":8}"#,
            r#"{"period":2,"hour":2,"day":32}"#,
            r#"{"period":7,"hour":2,"day":1}"#,
        ] {
            let body = format!(r#"{{"response":{{"storageType":5,"cronParams":{cron}}}}}"#);
            assert_eq!(
                read_schedule(200, &body, false),
                Err(Failure::NotDocSpace { status: 200 }),
                "{cron}"
            );
        }
    }

    #[test]
    fn progress_is_read_until_it_ends() {
        let running = r#"{"response":{"isCompleted":false,"progress":45,"error":"","warning":"",
            "backupProgressEnum":0,"status":1,"taskId":"x"}}"#;
        assert_eq!(
            read_progress(200, running, false),
            Ok(Some(Progress {
                task: Task::Backup,
                percent: 45,
                ended: false,
                error: None,
                task_id: Some("x".into()),
            }))
        );
        let restore_failed = r#"{"response":{"isCompleted":true,"progress":30,"error":"Disk full",
            "backupProgressEnum":1,"status":4}}"#;
        let p = read_progress(200, restore_failed, false).unwrap().unwrap();
        assert_eq!(
            (p.task, p.ended, p.error.as_deref()),
            (Task::Restore, true, Some("Disk full"))
        );
        assert_eq!(read_progress(200, r#"{"statusCode":200}"#, false), Ok(None));
        assert_eq!(Task::Restore.words(), "Restore in progress");
    }

    #[test]
    fn the_portals_zone_and_todays_offset() {
        let body = r#"{"response":{"timezone":"Europe/Berlin","utcOffset":"01:00:00","utcHoursOffset":1,
            "culture":"en-US"}}"#;
        assert_eq!(
            read_zone(200, body),
            Ok(PortalZone {
                id: Some("Europe/Berlin".into()),
                offset_minutes: Some(60)
            })
        );
        let india = r#"{"response":{"timezone":"India Standard Time","utcOffset":"05:30:00"}}"#;
        assert_eq!(read_zone(200, india).unwrap().offset_minutes, Some(330));
        let west = r#"{"response":{"utcOffset":"-03:30:00"}}"#;
        assert_eq!(read_zone(200, west).unwrap().offset_minutes, Some(-210));
        let absurd = r#"{"response":{"utcOffset":"99999999.01:00:00","utcHoursOffset":9223372036854775807}}"#;
        assert_eq!(
            read_zone(200, absurd).unwrap().offset_minutes,
            None,
            "no overflow, no zone"
        );
        let hours_only = r#"{"response":{"utcHoursOffset":-5}}"#;
        assert_eq!(
            read_zone(200, hours_only).unwrap().offset_minutes,
            Some(-300)
        );
        assert_eq!(
            read_zone(200, r#"{"response":{}}"#),
            Ok(PortalZone::default())
        );
        assert!(read_zone(401, "").is_err());
    }
}
