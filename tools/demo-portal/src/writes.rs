//! The portal's writes: `startbackup`, `deletebackup/{id}`, `deletebackuphistory`,
//! `startrestore`, and the anonymous `getrestoreprogress`, with the state they change.
//!
//! Read in DocSpace-server (v3.7.2, `common/services/ASC.Data.Backup/Api/BackupController.cs`,
//! `common/ASC.Data.Backup.Core/Service/BackupService.cs`, `BackupWorker.cs`, the progress items,
//! `common/ASC.Api.Core/Middleware/TenantStatusFilter.cs`, `ResponseWrapper.cs`); points marked
//! (inferred) were reasoned, not read:
//!
//! - `startbackup` answers the new task's progress: progress 0, status 0 (Created), a fresh
//!   `taskId`. While a backup of the same kind (portal or dump) runs, the worker starts nothing
//!   and answers the running task's progress (`BackupWorker.StartBackupAsync`: an item that is
//!   not completed is returned as it is; a completed one is dequeued and replaced).
//! - The task then runs for [`BACKUP_DURATION`], as the running situation's does; once it has
//!   completed, the history of the caller's situation holds its backup (id = `taskId`).
//! - `deletebackup/{id}` deletes the record of the caller's portal and answers `true`; a record of
//!   another portal answers `true` and stays; an id with no record at all (never made, or already
//!   deleted) answers 500: `BackupRepository.GetBackupRecordAsync` finds nothing and
//!   `BackupService.DeleteBackupAsync` reads `.TenantId` of null (a NullReferenceException). An id
//!   that is no GUID does not match the route (`deletebackup/{id:guid}`): a bare 404.
//! - `deletebackuphistory?Dump=` deletes every record of that kind and answers `true`.
//! - `startrestore` finds the backup by `backupId` (404 "Unable to find the specified file."
//!   without a record) and answers the restore's progress (`backupProgressEnum` 1, no `link`, no
//!   `warning`). While it runs, the portal's status is Restoring, and `TenantStatusFilter`
//!   answers every API request with a bare 403, except paths ending in `settings`,
//!   `getrestoreprogress`, `portal`, `@self` and a few others ([`Maintenance::Forbidden`], the
//!   default); [`Maintenance::Unavailable`] and [`Maintenance::GatewayPage`] play a gateway
//!   that answers 503 instead.
//! - `getrestoreprogress` is `[AllowAnonymous]`: no credentials needed; no `response` before any
//!   restore; the completed restore stays in the queue, so it keeps answering `isCompleted: true,
//!   status 2` after it.
//! - A key with the `*:read` scope only ([`crate::READ_ONLY_KEY`]) reads everything, and every
//!   write is refused by ASP.NET's authorization (`ScopesAuthorizationHandler` fails the
//!   `*:write` requirement, the scheme forbids): a bare 403, no message.
//!
//! What DocSpace's own client sends for a restore from its backup list is what `startrestore`
//! accepts here, exactly (see [`check_restore`] and `openapi/README.md`).
//!
//! Inferred, or the demo's own choice:
//! - A POST body that is not JSON gets a bare 415 (ASP.NET's `[ApiController]` default; the
//!   body of that answer was not seen). A body that does not bind (broken JSON, a value of the
//!   wrong type) gets the 400 envelope here; ASP.NET's own answer may be a ProblemDetails body.
//! - Each situation is a portal of its own: a write changes its caller's situation only, and a
//!   record another situation holds counts as another portal's.
//! - The schedule-forbidden situation's key may write nothing (403 "Access denied"), as it may
//!   not read the schedule or the progress.
//! - A restore leaves every history as it was (the backup records are not part of the
//!   portal's restored data), and `tenantId` stays 1 (the server reports the restored tenant's
//!   new id). The maintenance window covers the whole restore; the server turns the portal to
//!   Restoring once the backup is downloaded (at 10 %).

use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Timelike;
use serde_json::{json, Map, Value};

use crate::history::{self, Record};
use crate::situation::{situation, Progress, Situation, BACKUP_DURATION};
use crate::{
    caller, dump_param, envelope_for, error_envelope_with, fault_response, json_ok,
    scheduler_admin, Caller, Demo, Fault, Hold, Refused, READ_ONLY_KEY,
};

/// How long a restore takes, from `startrestore` on: the portal is in maintenance meanwhile.
pub const RESTORE_DURATION: Duration = Duration::from_secs(5);

/// The four writes, for the faults a test can set on one of them ([`crate::Behaviour`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WriteOp {
    StartBackup,
    DeleteBackup,
    DeleteBackupHistory,
    StartRestore,
}

impl WriteOp {
    pub const ALL: [WriteOp; 4] = [
        WriteOp::StartBackup,
        WriteOp::DeleteBackup,
        WriteOp::DeleteBackupHistory,
        WriteOp::StartRestore,
    ];

    /// The operation in DocSpace's description (`openapi/backup.json`).
    pub fn operation(self) -> &'static str {
        match self {
            WriteOp::StartBackup => "/api/2.0/backup/startbackup",
            WriteOp::DeleteBackup => "/api/2.0/backup/deletebackup/{id}",
            WriteOp::DeleteBackupHistory => "/api/2.0/backup/deletebackuphistory",
            WriteOp::StartRestore => "/api/2.0/backup/startrestore",
        }
    }

    /// The 402 message the server gives for this operation ([`WriteFault::PaymentRequired`]).
    pub fn payment_message(self) -> &'static str {
        match self {
            WriteOp::StartBackup => FREE_BACKUPS_USED_UP,
            _ => NOT_IN_PLAN,
        }
    }
}

/// `Resource.TariffsFeature_free_backup_exception` with the SaaS plans' `free_backup:2`: what
/// `CountFreeBackupChecker` throws (a TenantQuotaException, so 402) when a portal without the
/// paid backup service has made its free backups of the month.
pub const FREE_BACKUPS_USED_UP: &str =
    "The number of free backups should not exceed 2 within a month";

/// `Resource.ErrorNotAllowedOption`: the BillingException of a plan without the option (a
/// restore on a plan without restore; for the deletes, what older servers threw from
/// `DemandPermissionsBackupAsync`).
pub const NOT_IN_PLAN: &str = "Your pricing plan does not support this option";

/// How a write misbehaves ([`crate::Behaviour::write_fault`]). Credentials are checked first, as
/// the server does: a stranger still gets 401, a plain user 403. A fault changes nothing.
#[derive(Clone, Debug)]
pub enum WriteFault {
    /// 402, the error envelope with the server's message ([`WriteOp::payment_message`]).
    PaymentRequired,
    /// A bare 403, as a key without the `*:write` scope gets ([`crate::READ_ONLY_KEY`]).
    Forbidden,
    /// 500, the error envelope.
    ServerError,
    /// No answer until the test releases it; then the normal answer (and the change).
    Hold(Hold),
    /// The normal answer (and the change), this much later.
    Delay(Duration),
}

impl WriteFault {
    fn answer(&self, op: WriteOp) -> Option<Response> {
        match self {
            WriteFault::PaymentRequired => Some(error_envelope_with(
                StatusCode::PAYMENT_REQUIRED,
                op.payment_message(),
                match op {
                    WriteOp::StartBackup => "ASC.Core.Tenants.TenantQuotaException",
                    _ => "ASC.Core.Billing.BillingException",
                },
                HRESULT_EXCEPTION,
            )),
            WriteFault::Forbidden => Some(Refused::Scope.into_response()),
            WriteFault::ServerError => Some(error_envelope_with(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The backup service failed (a fault set by the test)",
                "System.Exception",
                HRESULT_EXCEPTION,
            )),
            WriteFault::Hold(_) | WriteFault::Delay(_) => None,
        }
    }
}

/// How the portal answers while a restore runs ([`crate::Behaviour::maintenance`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Maintenance {
    /// As DocSpace's `TenantStatusFilter` does: a bare 403 to every API request but those whose
    /// path ends in one of its pass-through names (`getrestoreprogress`, `settings`, …); after
    /// authentication, so unknown credentials still get 401.
    #[default]
    Forbidden,
    /// A bare 503 (with CORS) to every API request but `getrestoreprogress`, before anything
    /// else: a gateway that knows the portal is in maintenance.
    Unavailable,
    /// nginx's HTML 503 page (with CORS) instead of the bare 503.
    GatewayPage,
}

/// The path endings `TenantStatusFilter` lets through while the portal is restoring.
const PASS_THROUGH: [&str; 17] = [
    "preparation-portal",
    "portal",
    "getrestoreprogress",
    "cancelrestore",
    "settings",
    "settings.json",
    "colortheme",
    "colortheme.json",
    "logos",
    "logos.json",
    "build",
    "build.json",
    "@self",
    "@self.json",
    "encryption/progress",
    "rebranding/additional",
    "rebranding/company",
];

/// A record a write deleted: of which situation's portal, which kind, which id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deleted {
    pub situation: Situation,
    pub dump: bool,
    pub id: String,
}

/// A backup started by `startbackup`.
#[derive(Clone, Debug)]
pub struct StartedBackup {
    pub situation: Situation,
    pub dump: bool,
    /// The task's id, which becomes the backup's id in the history.
    pub task_id: String,
    pub storage_type: i64,
    /// The request's `storageParams`, in order.
    pub storage_params: Vec<(String, String)>,
    started: Instant,
    /// Whether getbackupprogress has given the completed answer (after which nothing runs).
    completion_answered: bool,
}

impl StartedBackup {
    /// When its backup is made, on the real clock.
    pub fn completes(&self) -> Instant {
        self.started + BACKUP_DURATION
    }
}

/// The restore started by `startrestore`.
#[derive(Clone, Debug)]
pub struct Restore {
    /// The situation of the admin who started it (the portal is the same for everyone).
    pub situation: Situation,
    pub task_id: String,
    pub backup_id: String,
    pub notify: bool,
    pub dump: bool,
    started: Instant,
}

impl Restore {
    /// When it completes (and the portal answers normally again), on the real clock.
    pub fn completes(&self) -> Instant {
        self.started + RESTORE_DURATION
    }
}

/// A restore's progress, as startrestore and getrestoreprogress report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RestoreProgress {
    /// 0 to 100, in steps of 5.
    pub progress: u32,
    /// DistributedTaskStatus: 0 Created (the answer of startrestore), 1 Running, 2 Completed.
    pub status: i64,
    pub task_id: String,
}

impl RestoreProgress {
    pub fn is_completed(&self) -> bool {
        self.status == 2
    }

    /// The `response`: as the backup's, but `backupProgressEnum` 1, and no `link` or `warning`
    /// (the server sets them for backups only; null properties are left out).
    pub fn to_json(&self) -> Value {
        json!({
            "isCompleted": self.is_completed(),
            "progress": self.progress,
            "error": "",
            "tenantId": 1,
            "backupProgressEnum": 1,
            "status": self.status,
            "taskId": self.task_id,
        })
    }
}

/// What the writes have changed, per Demo.
#[derive(Debug, Default)]
pub(crate) struct WriteState {
    deleted: Vec<Deleted>,
    backups: Vec<StartedBackup>,
    restore: Option<Restore>,
    tasks: u64,
}

impl WriteState {
    fn next_task_id(&mut self) -> String {
        self.tasks += 1;
        history::guid(80_000 + self.tasks)
    }
}

/// A percentage `elapsed` into a task of `total`, in steps of 5, at most 100.
fn percent(elapsed: Duration, total: Duration) -> u32 {
    let p = (elapsed.as_millis() * 100 / total.as_millis().max(1)).min(100);
    u32::try_from(p).unwrap_or(100) / 5 * 5
}

impl Demo {
    fn write_state<T>(&self, f: impl FnOnce(&mut WriteState) -> T) -> T {
        match self.writes.lock() {
            Ok(mut state) => f(&mut state),
            Err(poisoned) => f(&mut poisoned.into_inner()),
        }
    }

    /// The records deleted so far, in order (deletebackuphistory: each record it deleted).
    pub fn deleted(&self) -> Vec<Deleted> {
        self.write_state(|s| s.deleted.clone())
    }

    /// The backups startbackup has started so far, in order.
    pub fn started_backups(&self) -> Vec<StartedBackup> {
        self.write_state(|s| s.backups.clone())
    }

    /// The last restore startrestore started, running or completed.
    pub fn restore(&self) -> Option<Restore> {
        self.write_state(|s| s.restore.clone())
    }

    /// Whether a restore runs now (the portal is in maintenance).
    pub fn restoring(&self) -> bool {
        self.restoring_at(Instant::now())
    }

    pub(crate) fn restoring_at(&self, at: Instant) -> bool {
        self.restore().is_some_and(|r| at < r.completes())
    }

    /// What getrestoreprogress answers now: `Dump=dump` (`None`: the parameter left out, any
    /// restore). `None` before any restore.
    pub fn restore_progress(&self, dump: Option<bool>) -> Option<RestoreProgress> {
        self.restore_progress_at(dump, Instant::now())
    }

    /// [`Demo::restore_progress`] at the real-clock moment `at`.
    pub fn restore_progress_at(&self, dump: Option<bool>, at: Instant) -> Option<RestoreProgress> {
        let restore = self
            .restore()
            .filter(|r| dump.is_none_or(|d| d == r.dump))?;
        let progress = percent(
            at.saturating_duration_since(restore.started),
            RESTORE_DURATION,
        );
        Some(RestoreProgress {
            progress,
            status: if progress >= 100 { 2 } else { 1 },
            task_id: restore.task_id,
        })
    }

    /// Forgets every write's change: nothing deleted, started or restoring.
    pub fn forget_writes(&self) {
        self.write_state(|s| *s = WriteState::default());
    }

    /// The backups started by `startbackup` for this situation and kind that are made by `at`.
    pub(crate) fn made_backups_at(
        &self,
        situation: Situation,
        dump: bool,
        at: Instant,
    ) -> Vec<Record> {
        self.write_state(|s| {
            s.backups
                .iter()
                .filter(|b| b.situation == situation && b.dump == dump && at >= b.completes())
                .map(|b| {
                    let made = self.clock_at(b.completes());
                    let made = made.with_nanosecond(0).unwrap_or(made);
                    Record {
                        id: b.task_id.clone(),
                        file_name: history::file_name(
                            if dump { "workspace" } else { history::ALIAS },
                            made,
                        ),
                        storage_type: b.storage_type,
                        created_on: made,
                        // DataStore backups are temporary: they expire a day after.
                        expires_on: (b.storage_type == 4).then(|| made + chrono::Duration::days(1)),
                    }
                })
                .collect()
        })
    }

    /// Removes from `records` those a write deleted from this situation's portal.
    pub(crate) fn drop_deleted(&self, situation: Situation, records: &mut Vec<Record>) {
        self.write_state(|s| {
            records.retain(|r| {
                !s.deleted
                    .iter()
                    .any(|d| d.situation == situation && d.id == r.id)
            })
        });
    }

    /// The progress of the backup startbackup started for this situation and kind, if it has
    /// not been answered completed yet (then it is answered, and counts as such).
    pub(crate) fn started_progress_at(
        &self,
        situation: Situation,
        dump: bool,
        at: Instant,
    ) -> Option<Progress> {
        self.write_state(|s| {
            let task = s
                .backups
                .iter_mut()
                .rev()
                .find(|b| b.situation == situation && b.dump == dump)
                .filter(|b| !b.completion_answered)?;
            let progress = percent(at.saturating_duration_since(task.started), BACKUP_DURATION);
            task.completion_answered = progress >= 100;
            Some(Progress {
                progress,
                task_id: task.task_id.clone(),
            })
        })
    }

    /// startbackup for `token` at `at`: the running task's progress if one runs (`false`), or a
    /// new task's (`true`).
    pub(crate) fn start_backup_at(
        &self,
        token: &str,
        request: BackupRequest,
        at: Instant,
    ) -> (Progress, bool) {
        let situation = situation(token);
        let dump = request.dump;
        // The running situation's scheduled run, while it runs.
        if situation == Situation::Running && !dump {
            let runs = self.running.lock().is_ok_and(|r| {
                !r.completion_answered
                    && r.started
                        .is_none_or(|started| at < started + BACKUP_DURATION)
            });
            if runs {
                if let Some(progress) = self.progress_at(token, dump, at) {
                    return (progress, false);
                }
            }
            // A completed task is dequeued when the next one starts.
            if let Ok(mut running) = self.running.lock() {
                if running.started.is_some() {
                    running.completion_answered = true;
                }
            }
        }
        self.write_state(|s| {
            if let Some(task) = s
                .backups
                .iter()
                .rev()
                .find(|b| b.situation == situation && b.dump == dump && at < b.completes())
            {
                let progress = Progress {
                    progress: percent(at.saturating_duration_since(task.started), BACKUP_DURATION),
                    task_id: task.task_id.clone(),
                };
                return (progress, false);
            }
            for done in s
                .backups
                .iter_mut()
                .filter(|b| b.situation == situation && b.dump == dump)
            {
                done.completion_answered = true;
            }
            let task_id = s.next_task_id();
            s.backups.push(StartedBackup {
                situation,
                dump,
                task_id: task_id.clone(),
                storage_type: request.storage_type,
                storage_params: request.storage_params,
                started: at,
                completion_answered: false,
            });
            (
                Progress {
                    progress: 0,
                    task_id,
                },
                true,
            )
        })
    }

    /// The records `token`'s portal serves now, of either kind, with their kind.
    fn held_records(&self, token: &str, at: Instant) -> Vec<(bool, Record)> {
        [false, true]
            .into_iter()
            .flat_map(|dump| {
                self.served_records_at(token, dump, at)
                    .into_iter()
                    .map(move |r| (dump, r))
            })
            .collect()
    }

    /// deletebackup/{id} for `token`: `Ok` (the answer `true`) when the record was deleted or
    /// is another portal's; `Err` when no record has this id.
    pub(crate) fn delete_backup_at(&self, token: &str, id: &str, at: Instant) -> Result<(), ()> {
        let situation = situation(token);
        if let Some((dump, _)) = self
            .held_records(token, at)
            .into_iter()
            .find(|(_, r)| r.id == id)
        {
            self.write_state(|s| {
                s.deleted.push(Deleted {
                    situation,
                    dump,
                    id: id.to_owned(),
                })
            });
            return Ok(());
        }
        let deleted_here = self.write_state(|s| {
            s.deleted
                .iter()
                .any(|d| d.situation == situation && d.id == id)
        });
        if deleted_here {
            return Err(());
        }
        // Another portal's record: the server answers true and leaves it.
        let elsewhere = Situation::ALL
            .into_iter()
            .filter(|s| *s != situation)
            .any(|s| {
                self.held_records(s.token(), at)
                    .iter()
                    .any(|(_, r)| r.id == id)
            });
        if elsewhere {
            Ok(())
        } else {
            Err(())
        }
    }

    /// deletebackuphistory?Dump=dump for `token`: deletes every record of that kind.
    pub(crate) fn delete_history_at(&self, token: &str, dump: bool, at: Instant) {
        let situation = situation(token);
        let records = self.served_records_at(token, dump, at);
        self.write_state(|s| {
            s.deleted.extend(records.into_iter().map(|r| Deleted {
                situation,
                dump,
                id: r.id,
            }))
        });
    }

    /// startrestore for `token`: the restore's first progress, or `Err` when the backup is not
    /// in its portal's history of that kind.
    pub(crate) fn start_restore_at(
        &self,
        token: &str,
        request: &RestoreRequest,
        at: Instant,
    ) -> Result<RestoreProgress, ()> {
        if let Some(running) = self
            .restore_progress_at(None, at)
            .filter(|p| !p.is_completed())
        {
            return Ok(running);
        }
        if !self
            .served_records_at(token, request.dump, at)
            .iter()
            .any(|r| r.id == request.backup_id)
        {
            return Err(());
        }
        let task_id = self.write_state(|s| {
            let task_id = s.next_task_id();
            s.restore = Some(Restore {
                situation: situation(token),
                task_id: task_id.clone(),
                backup_id: request.backup_id.clone(),
                notify: request.notify,
                dump: request.dump,
                started: at,
            });
            task_id
        });
        Ok(RestoreProgress {
            progress: 0,
            status: 0,
            task_id,
        })
    }
}

/// A startbackup body, as the server binds it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BackupRequest {
    pub storage_type: i64,
    pub storage_params: Vec<(String, String)>,
    pub dump: bool,
}

/// A startrestore body, as DocSpace's own backup list sends it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RestoreRequest {
    pub backup_id: String,
    pub notify: bool,
    pub dump: bool,
}

/// The HRESULTs .NET gives the exceptions the demo plays.
const HRESULT_EXCEPTION: i64 = -2146233088;
const HRESULT_ARGUMENT: i64 = -2147024809;
const HRESULT_NULL_REFERENCE: i64 = -2147467261;
const HRESULT_KEY_NOT_FOUND: i64 = -2146232969;
const HRESULT_FILE_NOT_FOUND: i64 = -2147024894;

fn bad_argument(message: &str) -> Response {
    error_envelope_with(
        StatusCode::BAD_REQUEST,
        message,
        "System.ArgumentException",
        HRESULT_ARGUMENT,
    )
}

/// .NET's KeyNotFoundException, for a storage parameter the server reads without checking.
fn missing_key(key: &str) -> Response {
    error_envelope_with(
        StatusCode::INTERNAL_SERVER_ERROR,
        &format!("The given key '{key}' was not present in the dictionary."),
        "System.Collections.Generic.KeyNotFoundException",
        HRESULT_KEY_NOT_FOUND,
    )
}

/// Why a write's request cannot be done as asked.
#[derive(Debug)]
enum Invalid {
    /// Not JSON: a bare 415.
    NotJson,
    /// The 400 envelope.
    Argument(String),
    /// A storage parameter the server reads without checking: .NET's KeyNotFoundException, 500.
    MissingKey(&'static str),
}

impl IntoResponse for Invalid {
    fn into_response(self) -> Response {
        match self {
            Invalid::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response(),
            Invalid::Argument(message) => bad_argument(&message),
            Invalid::MissingKey(key) => missing_key(key),
        }
    }
}

/// The caller of a write, or the refusal: as for the reads (401 bare, 403 envelope for a
/// plain user and for the schedule-forbidden situation's key), and a bare 403 for a key
/// without the `*:write` scope.
fn writer(headers: &HeaderMap) -> Result<String, Refused> {
    let token = scheduler_admin(headers)?;
    if token == format!("Bearer {READ_ONLY_KEY}") {
        return Err(Refused::Scope);
    }
    Ok(token)
}

/// What every write does first: the test's hold or delay, the caller, the test's fault.
async fn admit(demo: &Demo, op: WriteOp, headers: &HeaderMap) -> Result<String, Response> {
    let fault = demo
        .behaviour()
        .write_fault
        .filter(|(o, _)| *o == op)
        .map(|(_, f)| f);
    match &fault {
        Some(WriteFault::Hold(hold)) => hold.wait().await,
        Some(WriteFault::Delay(delay)) => tokio::time::sleep(*delay).await,
        _ => {}
    }
    let token = writer(headers).map_err(IntoResponse::into_response)?;
    match fault.and_then(|f| f.answer(op)) {
        Some(answer) => Err(answer),
        None => Ok(token),
    }
}

/// The body of a POST as ASP.NET's `[ApiController]` binds it: JSON only (415 otherwise,
/// inferred: the framework's default, not seen), an object, member names in any case.
fn json_body(headers: &HeaderMap, body: &Bytes) -> Result<Map<String, Value>, Invalid> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let media = content_type.split(';').next().unwrap_or("").trim();
    if !(media == "application/json" || media.ends_with("+json")) {
        return Err(Invalid::NotJson);
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(Invalid::Argument(format!(
            "The request body must be a JSON object, not {other}"
        ))),
        Err(e) => Err(Invalid::Argument(format!(
            "The request body is not JSON: {e}"
        ))),
    }
}

/// A member of the body, its name matched in any case (System.Text.Json in ASP.NET's web
/// defaults); `null` counts as absent.
fn member<'a>(body: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    body.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

const STORAGE_TYPES: [&str; 6] = [
    "Documents",
    "ThridpartyDocuments",
    "CustomCloud",
    "Local",
    "DataStore",
    "ThirdPartyConsumer",
];

/// `storageType` as `JsonStringEnumConverter` reads it: a number, a number in a string, or the
/// name; `None` when absent (the server then takes Documents, 0).
fn storage_type(body: &Map<String, Value>) -> Result<Option<i64>, String> {
    let Some(value) = member(body, "storageType") else {
        return Ok(None);
    };
    let n = match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok().or_else(|| {
            STORAGE_TYPES
                .iter()
                .position(|name| name.eq_ignore_ascii_case(s.trim()))
                .map(|i| i as i64)
        }),
        _ => None,
    };
    match n {
        Some(n) if (0..=5).contains(&n) => Ok(Some(n)),
        _ => Err(format!(
            "The JSON value could not be converted to BackupStorageType (0 to 5, or its name): \
             {value}. Path: $.storageType"
        )),
    }
}

/// `storageParams`: a list of `{key, value}`; each key and value as the server turns it into
/// text (a string as it is, anything else as its JSON).
fn storage_params(body: &Map<String, Value>) -> Result<Vec<(String, String)>, String> {
    let Some(value) = member(body, "storageParams") else {
        return Ok(Vec::new());
    };
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Null) | None => None,
        Some(other) => Some(other.to_string()),
    };
    let list = value.as_array().ok_or_else(|| {
        format!("storageParams must be a list of {{\"key\", \"value\"}}, not {value}")
    })?;
    list.iter()
        .map(|item| {
            let pair = item.as_object();
            let key = text(pair.and_then(|p| member(p, "key")));
            let value = text(pair.and_then(|p| member(p, "value")));
            key.zip(value).ok_or_else(|| {
                format!("each of storageParams must be {{\"key\": …, \"value\": …}}, not {item}")
            })
        })
        .collect()
}

fn boolean(body: &Map<String, Value>, name: &str) -> Result<Option<bool>, String> {
    match member(body, name) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(format!(
            "The JSON value could not be converted to System.Boolean: {other}. Path: $.{name}"
        )),
    }
}

/// A startbackup body, checked as `BackupController.StartBackup` does: a Documents backup
/// needs a numeric `folderId`, a third-party resource a non-numeric one ("wrong folder type");
/// a third-party resource without `folderId` and a server folder without `filePath` fail when
/// the server reads them (500).
fn check_backup(body: &Map<String, Value>) -> Result<BackupRequest, Invalid> {
    let storage_type = storage_type(body).map_err(Invalid::Argument)?.unwrap_or(0);
    let storage_params = storage_params(body).map_err(Invalid::Argument)?;
    let dump = boolean(body, "dump")
        .map_err(Invalid::Argument)?
        .unwrap_or(false);
    let param = |key: &str| {
        storage_params
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let numeric_folder = param("folderId").is_some_and(|f| f.parse::<i32>().is_ok());
    if (storage_type == 0 && !numeric_folder) || (storage_type == 1 && numeric_folder) {
        return Err(Invalid::Argument("wrong folder type".into()));
    }
    if storage_type == 1 && param("folderId").is_none() {
        return Err(Invalid::MissingKey("folderId"));
    }
    if storage_type == 3 && param("filePath").is_none() {
        return Err(Invalid::MissingKey("filePath"));
    }
    Ok(BackupRequest {
        storage_type,
        storage_params,
        dump,
    })
}

/// A startrestore body, accepted exactly as DocSpace's own backup list sends it for a backup
/// from the list (DocSpace-client, `packages/shared/pages/backup/restore-backup/
/// sub-components/backup-list/index.tsx`, `onRestorePortal`, through `startRestore` in
/// `packages/shared/api/portal/index.ts`): `{backupId, storageType: "0", storageParams:
/// [{key: "fileId", value: backupId}], notify, dump}`. `storageType` may also be the number 0
/// or the name "Documents" (the server binds all three alike). Anything else is a 400 that says
/// what is expected (the real server is more lenient: it takes the record by `backupId` and
/// ignores the rest).
pub(crate) fn check_restore(body: &Map<String, Value>) -> Result<RestoreRequest, String> {
    const EXPECTED: &str = "startrestore expects, for a backup from the history, \
        {\"backupId\": ID, \"storageType\": \"0\", \"storageParams\": [{\"key\": \"fileId\", \
        \"value\": ID}], \"notify\": true|false, \"dump\": true|false}, as DocSpace's own \
        backup list sends it";
    let backup_id = match member(body, "backupId") {
        Some(Value::String(id)) => parse_guid(id).ok_or_else(|| {
            format!("backupId must be the id (a GUID) of a backup from the history, not {id:?}; {EXPECTED}")
        })?,
        Some(other) => return Err(format!("backupId must be a string, not {other}; {EXPECTED}")),
        None => return Err(format!("backupId is missing; {EXPECTED}")),
    };
    match storage_type(body).map_err(|e| format!("{e}; {EXPECTED}"))? {
        Some(0) => {}
        Some(n) => {
            return Err(format!(
            "storageType must be 0 (Documents) for a backup from the history, not {n}; {EXPECTED}"
        ))
        }
        None => return Err(format!("storageType is missing; {EXPECTED}")),
    }
    let params = storage_params(body).map_err(|e| format!("{e}; {EXPECTED}"))?;
    let file_id_matches = matches!(params.as_slice(),
        [(key, value)] if key == "fileId" && parse_guid(value).as_deref() == Some(backup_id.as_str()));
    if !file_id_matches {
        return Err(format!(
            "storageParams must be exactly [{{\"key\": \"fileId\", \"value\": \"{backup_id}\"}}] \
             (the backupId again); {EXPECTED}"
        ));
    }
    let notify = boolean(body, "notify")
        .map_err(|e| format!("{e}; {EXPECTED}"))?
        .ok_or_else(|| format!("notify is missing; {EXPECTED}"))?;
    let dump = boolean(body, "dump")
        .map_err(|e| format!("{e}; {EXPECTED}"))?
        .unwrap_or(false);
    Ok(RestoreRequest {
        backup_id,
        notify,
        dump,
    })
}

/// A GUID as .NET's `Guid.TryParse` reads it (`D`, `N`, `B` or `P` form), in the `D` form in
/// lower case; `None` for anything else.
pub fn parse_guid(s: &str) -> Option<String> {
    let s = s.trim();
    let inner = s
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .or_else(|| s.strip_prefix('(').and_then(|x| x.strip_suffix(')')))
        .unwrap_or(s);
    let hex: String = match inner.len() {
        36 => {
            let dashes = [8, 13, 18, 23];
            let ok = inner
                .char_indices()
                .all(|(i, c)| (c == '-') == dashes.contains(&i));
            if !ok {
                return None;
            }
            inner.chars().filter(|c| *c != '-').collect()
        }
        32 if inner.len() == s.len() => inner.to_owned(),
        _ => return None,
    };
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let h = hex.to_ascii_lowercase();
    Some(format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    ))
}

fn path_and_query(uri: &Uri) -> String {
    uri.path_and_query()
        .map(|p| p.to_string())
        .unwrap_or_default()
}

/// `POST …/startbackup`.
pub(crate) async fn start_backup_handler(
    State(demo): State<Demo>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let token = match admit(&demo, WriteOp::StartBackup, &headers).await {
        Ok(token) => token,
        Err(answer) => return answer,
    };
    let request = match json_body(&headers, &body).and_then(|b| check_backup(&b)) {
        Ok(request) => request,
        Err(invalid) => return invalid.into_response(),
    };
    let (progress, new) = demo.start_backup_at(&token, request, Instant::now());
    let mut response = progress.to_json();
    if new {
        // Published, not yet picked up by the worker: Created.
        response["status"] = json!(0);
    }
    json_ok(envelope_for("POST", Some(response), &path_and_query(&uri)))
}

/// `DELETE …/deletebackup/{id}`.
pub(crate) async fn delete_backup_handler(
    State(demo): State<Demo>,
    headers: HeaderMap,
    uri: Uri,
    Path(id): Path<String>,
) -> Response {
    // The route's `{id:guid}` constraint comes before anything else.
    let Some(id) = parse_guid(&id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let token = match admit(&demo, WriteOp::DeleteBackup, &headers).await {
        Ok(token) => token,
        Err(answer) => return answer,
    };
    match demo.delete_backup_at(&token, &id, Instant::now()) {
        Ok(()) => json_ok(envelope_for(
            "DELETE",
            Some(json!(true)),
            &path_and_query(&uri),
        )),
        Err(()) => error_envelope_with(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Object reference not set to an instance of an object.",
            "System.NullReferenceException",
            HRESULT_NULL_REFERENCE,
        ),
    }
}

/// `DELETE …/deletebackuphistory?Dump=`.
pub(crate) async fn delete_history_handler(
    State(demo): State<Demo>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let token = match admit(&demo, WriteOp::DeleteBackupHistory, &headers).await {
        Ok(token) => token,
        Err(answer) => return answer,
    };
    let dump = match dump_param(uri.query()) {
        Ok(dump) => dump,
        Err(message) => return bad_argument(&message),
    };
    demo.delete_history_at(&token, dump, Instant::now());
    json_ok(envelope_for(
        "DELETE",
        Some(json!(true)),
        &path_and_query(&uri),
    ))
}

/// `POST …/startrestore`.
pub(crate) async fn start_restore_handler(
    State(demo): State<Demo>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Response {
    let token = match admit(&demo, WriteOp::StartRestore, &headers).await {
        Ok(token) => token,
        Err(answer) => return answer,
    };
    let body = match json_body(&headers, &body) {
        Ok(body) => body,
        Err(invalid) => return invalid.into_response(),
    };
    let request = match check_restore(&body) {
        Ok(request) => request,
        Err(message) => return bad_argument(&message),
    };
    match demo.start_restore_at(&token, &request, Instant::now()) {
        Ok(progress) => json_ok(envelope_for(
            "POST",
            Some(progress.to_json()),
            &path_and_query(&uri),
        )),
        // BackupService.StartRestoreAsync: no record with this id, `new FileNotFoundException()`.
        Err(()) => error_envelope_with(
            StatusCode::NOT_FOUND,
            "Unable to find the specified file.",
            "System.IO.FileNotFoundException",
            HRESULT_FILE_NOT_FOUND,
        ),
    }
}

/// `Dump` of getrestoreprogress (`bool?`): `None` when left out.
fn optional_dump(query: Option<&str>) -> Result<Option<bool>, String> {
    let given = query.is_some_and(|q| {
        q.split('&').any(|p| {
            p.split('=')
                .next()
                .is_some_and(|k| k.eq_ignore_ascii_case("dump"))
        })
    });
    if given {
        dump_param(query).map(Some)
    } else {
        Ok(None)
    }
}

/// `GET …/getrestoreprogress?Dump=`: anonymous; the restore's progress, or no `response`.
pub(crate) async fn restore_progress_handler(State(demo): State<Demo>, uri: Uri) -> Response {
    let dump = match optional_dump(uri.query()) {
        Ok(dump) => dump,
        Err(message) => return bad_argument(&message),
    };
    json_ok(envelope_for(
        "GET",
        demo.restore_progress(dump).map(|p| p.to_json()),
        &path_and_query(&uri),
    ))
}

/// Middleware: the portal in maintenance while a restore runs ([`Maintenance`]).
pub(crate) async fn maintenance(State(demo): State<Demo>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_ascii_lowercase();
    if !path.starts_with("/api/") || !demo.restoring() || path.ends_with("getrestoreprogress") {
        return next.run(req).await;
    }
    match demo.behaviour().maintenance {
        Maintenance::Forbidden => {
            if PASS_THROUGH.iter().any(|end| path.ends_with(end)) {
                return next.run(req).await;
            }
            match caller(req.headers()) {
                Caller::Unknown => StatusCode::UNAUTHORIZED.into_response(),
                _ => StatusCode::FORBIDDEN.into_response(),
            }
        }
        Maintenance::Unavailable => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        Maintenance::GatewayPage => fault_response(Fault::GatewayPage {
            status: StatusCode::SERVICE_UNAVAILABLE,
            cors: true,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::situation;
    use chrono::{DateTime, Utc};

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-27T05:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn body(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn s3() -> BackupRequest {
        BackupRequest {
            storage_type: 5,
            storage_params: vec![("module".into(), "S3".into())],
            dump: false,
        }
    }

    #[test]
    fn guids_as_dotnet_parses_them() {
        let d = "3f2c1a9e-8b7d-4c1e-9a55-0c2d7e4b6f10";
        assert_eq!(parse_guid(d).as_deref(), Some(d));
        assert_eq!(parse_guid(&d.to_uppercase()).as_deref(), Some(d));
        assert_eq!(parse_guid(&format!("{{{d}}}")).as_deref(), Some(d));
        assert_eq!(parse_guid(&d.replace('-', "")).as_deref(), Some(d));
        for bad in [
            "",
            "abc",
            "3f2c1a9e8b7d-4c1e-9a55-0c2d7e4b6f10-",
            "{3f2c1a9e8b7d4c1e9a550c2d7e4b6f10}",
            "zf2c1a9e-8b7d-4c1e-9a55-0c2d7e4b6f10",
        ] {
            assert_eq!(parse_guid(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_backup_body_is_bound_and_checked_as_the_controller_does() {
        let ok = check_backup(&body(
            json!({"storageType": 0, "storageParams": [{"key": "folderId", "value": "4217"}]}),
        ))
        .unwrap();
        assert_eq!(ok.storage_type, 0);
        assert_eq!(
            ok.storage_params,
            [("folderId".to_owned(), "4217".to_owned())]
        );
        // Names, numbers in strings, any case of the member names.
        for st in [json!("DataStore"), json!("4"), json!(4)] {
            let b = check_backup(&body(json!({"StorageType": st, "dump": false}))).unwrap();
            assert_eq!(b.storage_type, 4);
        }
        let status = |v: Value| match check_backup(&body(v)) {
            Ok(_) => 200,
            Err(r) => r.into_response().status().as_u16(),
        };
        assert_eq!(status(json!({})), 400, "Documents without a folder");
        assert_eq!(
            status(
                json!({"storageType": 0, "storageParams": [{"key": "folderId", "value": "abc"}]})
            ),
            400
        );
        assert_eq!(
            status(
                json!({"storageType": 1, "storageParams": [{"key": "folderId", "value": "12"}]})
            ),
            400
        );
        assert_eq!(
            status(
                json!({"storageType": 1, "storageParams": [{"key": "folderId", "value": "box-1"}]})
            ),
            200
        );
        assert_eq!(status(json!({"storageType": 1})), 500);
        assert_eq!(status(json!({"storageType": 3})), 500);
        assert_eq!(
            status(
                json!({"storageType": 3, "storageParams": [{"key": "filePath", "value": "/b"}]})
            ),
            200
        );
        assert_eq!(status(json!({"storageType": 9})), 400);
        assert_eq!(status(json!({"storageType": 4, "dump": "yes"})), 400);
        assert_eq!(
            status(json!({"storageType": 4, "storageParams": {"a": 1}})),
            400
        );
    }

    #[test]
    fn a_restore_body_must_be_what_the_backup_list_sends() {
        let id = "3f2c1a9e-8b7d-4c1e-9a55-0c2d7e4b6f10";
        let client = json!({"backupId": id, "storageType": "0",
            "storageParams": [{"key": "fileId", "value": id}], "notify": true, "dump": false});
        assert_eq!(
            check_restore(&body(client.clone())),
            Ok(RestoreRequest {
                backup_id: id.into(),
                notify: true,
                dump: false
            })
        );
        let with = |key: &str, v: Value| {
            let mut b = client.clone();
            b[key] = v;
            check_restore(&body(b))
        };
        assert!(with("storageType", json!(0)).is_ok());
        assert!(with("storageType", json!("Documents")).is_ok());
        let wrong = [
            ("backupId", json!("not-a-guid")),
            ("backupId", json!(7)),
            ("storageType", json!(5)),
            ("storageType", Value::Null),
            ("storageParams", json!([{"key": "filePath", "value": id}])),
            (
                "storageParams",
                json!([{"key": "fileId", "value": "3f2c1a9e-0000-4c1e-9a55-0c2d7e4b6f10"}]),
            ),
            (
                "storageParams",
                json!([{"key": "fileId", "value": id}, {"key": "x", "value": "y"}]),
            ),
            ("storageParams", json!([])),
            ("notify", Value::Null),
            ("notify", json!("true")),
        ];
        for (key, v) in wrong {
            let e = with(key, v.clone()).unwrap_err();
            assert!(
                e.contains("as DocSpace's own backup list sends it"),
                "{key}={v}: {e}"
            );
        }
    }

    #[test]
    fn a_started_backup_runs_then_joins_the_history() {
        let demo = Demo::new(now());
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let token = crate::DEMO_TOKEN;
        let before = demo.records_for_at(token, false, t0).len();
        let (first, new) = demo.start_backup_at(token, s3(), t0);
        assert!(new);
        assert_eq!(first.progress, 0);
        // A second start while it runs: the same task, its progress.
        let (again, new) = demo.start_backup_at(token, s3(), at(3_000));
        assert!(!new);
        assert_eq!(
            (again.task_id.as_str(), again.progress),
            (first.task_id.as_str(), 50)
        );
        // Another situation starts its own; a dump is a task of its own too.
        assert!(demo.start_backup_at(crate::WEEKLY_TOKEN, s3(), at(100)).1);
        assert!(
            demo.start_backup_at(
                token,
                BackupRequest {
                    dump: true,
                    storage_type: 3,
                    storage_params: vec![("filePath".into(), "/b".into())]
                },
                at(100)
            )
            .1
        );
        assert_eq!(
            demo.progress_at(token, false, at(1_000)).unwrap().progress,
            15
        );
        assert_eq!(demo.records_for_at(token, false, at(5_999)).len(), before);
        let done = demo.progress_at(token, false, at(6_000)).unwrap();
        assert!(done.is_completed());
        assert_eq!(
            demo.progress_at(token, false, at(6_100)),
            None,
            "answered once"
        );
        let history = demo.records_for_at(token, false, at(6_000));
        assert_eq!(history.len(), before + 1);
        let made = history.iter().find(|r| r.id == first.task_id).unwrap();
        assert_eq!(made.storage_type, 5);
        assert_eq!(made.expires_on, None);
        assert!(made.file_name.starts_with("demo_"));
        let dumps = demo.records_for_at(token, true, at(6_100));
        assert!(dumps[0].file_name.starts_with("workspace_"), "{dumps:?}");
        // After it completed, a new start is a new task.
        let (next, new) = demo.start_backup_at(token, s3(), at(7_000));
        assert!(new);
        assert_ne!(next.task_id, first.task_id);
        assert_eq!(demo.started_backups().len(), 4);
    }

    #[test]
    fn the_running_situations_scheduled_run_is_the_running_task() {
        let demo = Demo::new(now());
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let token = crate::RUNNING_TOKEN;
        let (p, new) = demo.start_backup_at(token, s3(), t0);
        assert!(!new);
        assert_eq!(p.task_id, situation::running_task_id());
        assert_eq!(demo.start_backup_at(token, s3(), at(3_000)).0.progress, 50);
        // Completed: dequeued, and a new task starts; the scheduled run's backup stays listed.
        let (p, new) = demo.start_backup_at(token, s3(), at(6_500));
        assert!(new);
        assert_ne!(p.task_id, situation::running_task_id());
        assert_eq!(
            demo.progress_at(token, false, at(7_000)).unwrap().task_id,
            p.task_id
        );
        assert_eq!(demo.records_for_at(token, false, at(12_600)).len(), 22);
    }

    #[test]
    fn deletes_act_on_the_callers_portal_only() {
        let demo = Demo::new(now());
        let t = Instant::now();
        let token = crate::DEMO_TOKEN;
        let records = demo.records_for_at(token, false, t);
        let id = records[3].id.clone();
        assert_eq!(demo.delete_backup_at(token, &id, t), Ok(()));
        assert_eq!(
            demo.records_for_at(token, false, t).len(),
            records.len() - 1
        );
        assert!(!demo
            .records_for_at(token, false, t)
            .iter()
            .any(|r| r.id == id));
        // Deleted: no record any more, as for an id never made.
        assert_eq!(demo.delete_backup_at(token, &id, t), Err(()));
        assert_eq!(
            demo.delete_backup_at(token, "00000000-0000-4000-8000-000000000000", t),
            Err(())
        );
        // A weekly backup is another portal's: true, and it stays.
        let weekly = demo.records_for_at(crate::WEEKLY_TOKEN, false, t)[0]
            .id
            .clone();
        assert_eq!(demo.delete_backup_at(token, &weekly, t), Ok(()));
        assert_eq!(demo.records_for_at(crate::WEEKLY_TOKEN, false, t).len(), 8);
        // The unscheduled portal's history still holds the one the default deleted.
        assert!(demo
            .records_for_at(crate::UNSCHEDULED_TOKEN, false, t)
            .iter()
            .any(|r| r.id == id));
        // A dump is deleted from the dumps.
        let dump = demo.records_for_at(token, true, t)[0].id.clone();
        assert_eq!(demo.delete_backup_at(token, &dump, t), Ok(()));
        assert_eq!(demo.records_for_at(token, true, t).len(), 5);
        // Clearing the history: every portal backup, not the dumps.
        demo.delete_history_at(token, false, t);
        assert!(demo.records_for_at(token, false, t).is_empty());
        assert_eq!(demo.records_for_at(token, true, t).len(), 5);
        assert_eq!(demo.deleted().len(), records.len() + 1);
        demo.delete_history_at(token, true, t);
        assert!(demo.records_for_at(token, true, t).is_empty());
        demo.forget_writes();
        assert_eq!(demo.records_for_at(token, false, t).len(), records.len());
    }

    #[test]
    fn a_restore_runs_then_stays_completed() {
        let demo = Demo::new(now());
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        assert_eq!(demo.restore_progress_at(None, t0), None);
        let id = demo.records_for_at(crate::DEMO_TOKEN, false, t0)[5]
            .id
            .clone();
        let unknown = RestoreRequest {
            backup_id: "00000000-0000-4000-8000-000000000000".into(),
            notify: true,
            dump: false,
        };
        assert_eq!(
            demo.start_restore_at(crate::DEMO_TOKEN, &unknown, t0),
            Err(())
        );
        // A dump's id is not a portal backup.
        let dump_id = demo.records_for_at(crate::DEMO_TOKEN, true, t0)[0]
            .id
            .clone();
        let wrong_kind = RestoreRequest {
            backup_id: dump_id,
            notify: true,
            dump: false,
        };
        assert_eq!(
            demo.start_restore_at(crate::DEMO_TOKEN, &wrong_kind, t0),
            Err(())
        );
        let request = RestoreRequest {
            backup_id: id.clone(),
            notify: true,
            dump: false,
        };
        let first = demo
            .start_restore_at(crate::DEMO_TOKEN, &request, t0)
            .unwrap();
        assert_eq!((first.progress, first.status), (0, 0));
        assert!(demo.restoring_at(at(4_999)));
        let mid = demo.restore_progress_at(None, at(2_500)).unwrap();
        assert_eq!(
            (mid.progress, mid.status, &mid.task_id),
            (50, 1, &first.task_id)
        );
        assert_eq!(demo.restore_progress_at(Some(true), at(2_500)), None);
        assert!(!demo.restoring_at(at(5_000)));
        for ms in [5_000, 60_000] {
            let done = demo.restore_progress_at(Some(false), at(ms)).unwrap();
            assert_eq!(
                (done.progress, done.status, done.is_completed()),
                (100, 2, true)
            );
        }
        let r = demo.restore().unwrap();
        assert_eq!(
            (r.backup_id.as_str(), r.notify, r.dump),
            (id.as_str(), true, false)
        );
        let json = first.to_json();
        assert_eq!(json["backupProgressEnum"], 1);
        assert!(json.get("link").is_none() && json.get("warning").is_none());
    }

    #[test]
    fn percentages_step_by_five() {
        let ms = Duration::from_millis;
        assert_eq!(percent(ms(0), RESTORE_DURATION), 0);
        assert_eq!(percent(ms(260), RESTORE_DURATION), 5);
        assert_eq!(percent(ms(4_999), RESTORE_DURATION), 95);
        assert_eq!(percent(ms(9_000), RESTORE_DURATION), 100);
        assert_eq!(percent(ms(10), Duration::ZERO), 100);
    }
}
