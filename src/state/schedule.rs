//! The portal's automatic backups beside its history: the schedule, the portal's time zone and
//! a backup or restore running on it, each read by its own request (or sent by the plugin), each
//! with its own failure. What the "Automatic backups" group says follows from them, the history
//! and the clock, worded here once ([`ScheduleView`]).

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::failure::Failure;
use crate::api::schedule::{PortalZone, Progress};
use crate::backup::date::{Timestamp, DAY_MS};
use crate::backup::schedule::{due_words, judge, missed_words, Cron, Period, Schedule, Verdict};
use crate::backup::zone::{wall_clock, FixedOffset, Zone};
use crate::backup::{Backup, Storage};
use crate::web::clock::offset_minutes_at;
use crate::web::intl::{local_time, IntlZone};

/// What is known of one of the answers beside the history.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Known<T> {
    /// Nothing asked for (before a load): the group is not shown.
    #[default]
    Idle,
    Reading,
    Read(T),
    /// Could not be read; why, in a few words.
    Unread(String),
}

impl<T> Known<T> {
    fn from_result(result: Result<T, Failure>) -> Self {
        match result {
            Ok(t) => Known::Read(t),
            Err(f) => Known::Unread(f.brief()),
        }
    }
}

/// What is known beside the history of the portal whose history is shown.
#[derive(Clone, Debug, Default, PartialEq)]
struct Facts {
    schedule: Known<Option<Schedule>>,
    zone: Known<PortalZone>,
    progress: Option<Progress>,
    /// A backup or restore the page saw running that ended with an error, in the server's
    /// words (the alert).
    progress_error: Option<String>,
    /// Workspace dumps: the typed-in thresholds keep judging them (issue 14).
    dump: bool,
}

/// The schedule, the zone and the progress: one signal (each signal type costs the page its
/// own code), and the group's words as a memo over it, the history and the clock.
#[derive(Clone, Copy)]
pub struct Automatic {
    facts: RwSignal<Facts>,
    view: Memo<Option<ScheduleView>>,
}

/// The first words of the judgement and how the page marks it (never by colour alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Ok,
    Warning,
    Alert,
}

/// The "Automatic backups" group, worded.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleView {
    /// Starts with one of the contract's five judgements.
    pub judgement: String,
    pub mark: Mark,
    /// "Schedule: every day at 02:00 UTC (03:00 your time)", "Schedule: none", "Schedule:
    /// unknown (…)".
    pub schedule: String,
    /// "Stored in Third-party storage; keeps the newest 30."
    pub storage: Option<String>,
    /// How the portal's zone was found, when it is not plainly known.
    pub zone_note: Option<String>,
    /// "Missed 2 of the last 30 scheduled backups", and the missed due times, newest first.
    pub missed: Option<(String, Vec<Timestamp>)>,
    /// `lastBackupTime`, and whether that attempt left no backup.
    pub last_attempt: Option<(Timestamp, bool)>,
    /// The next run, on the portal's clock in words ("02:00 tomorrow").
    pub next: Option<String>,
    /// Whether the schedule is known: the thresholds step aside.
    pub judges: bool,
}

/// Why a schedule can vanish by itself (docspace-api.md, "How the scheduler really behaves").
const WHY_NONE: &str = "A schedule can disappear without anyone touching it: DocSpace deletes it when a scheduled backup fails for billing or quota reasons (and emails the owner).";

impl Automatic {
    pub(super) fn new(backups: Memo<Arc<Vec<Backup>>>, clock: RwSignal<Timestamp>) -> Self {
        let facts = RwSignal::new(Facts::default());
        let view = Memo::new(move |_| {
            let now = clock.get();
            facts.with(|f| backups.with(|b| worded(f, b, now)))
        });
        Automatic { facts, view }
    }

    /// The group as it reads now (`None`: not shown).
    pub fn view(self) -> Option<ScheduleView> {
        self.view.get()
    }

    /// The missed runs, for the plot.
    pub fn missed_runs(self) -> Vec<Timestamp> {
        self.view.with(|v| {
            v.as_ref()
                .and_then(|v| v.missed.as_ref())
                .map(|(_, runs)| runs.clone())
                .unwrap_or_default()
        })
    }

    /// Whether a known schedule judges the history (the thresholds then step aside).
    pub fn judges(self) -> bool {
        self.view.with(|v| v.as_ref().is_some_and(|v| v.judges))
    }

    /// The schedule's storage and its parameters, when a schedule is known: where "Back up
    /// now" may put a backup besides temporary storage.
    pub fn schedule_storage(self) -> Option<(Storage, Vec<(String, String)>)> {
        self.facts.with(|f| match &f.schedule {
            Known::Read(Some(s)) => Some((s.storage, s.storage_params.clone())),
            _ => None,
        })
    }

    /// [`Automatic::schedule_storage`], as a click handler reads it; a storage the server did
    /// not name is not offered.
    pub fn schedule_storage_now(self) -> Option<(Storage, Vec<(String, String)>)> {
        untrack(|| self.schedule_storage()).filter(|(s, _)| matches!(s, Storage::Code(_)))
    }

    /// The running backup or restore, if any (read in a reactive closure).
    pub fn running(self) -> Option<Progress> {
        self.facts.with(|f| f.progress.clone().filter(|p| !p.ended))
    }

    pub(super) fn running_now(self) -> bool {
        self.facts
            .with_untracked(|f| f.progress.as_ref().is_some_and(|p| !p.ended))
    }

    /// A backup or restore that failed on the portal, in the server's words.
    pub fn progress_error(self) -> Option<String> {
        self.facts.with(|f| f.progress_error.clone())
    }

    /// A load starts: a new portal (or Dump setting) is read afresh; a reload of the same one
    /// keeps what it showed until the new answers come. A failed task's alert stays through
    /// the reload that follows it, until the admin asks for something.
    pub(super) fn begin(self, same_portal: bool, dump: bool, for_user: bool) {
        self.facts.update(|f| {
            if !same_portal || f.schedule == Known::Idle {
                *f = Facts {
                    schedule: Known::Reading,
                    zone: Known::Reading,
                    dump,
                    ..Facts::default()
                };
            }
            if for_user {
                f.progress_error = None;
            }
        });
    }

    pub(super) fn read_schedule(self, answer: Result<Option<Schedule>, Failure>) {
        self.facts
            .update(|f| f.schedule = Known::from_result(answer));
    }

    pub(super) fn read_zone(self, answer: Result<PortalZone, Failure>) {
        self.facts.update(|f| f.zone = Known::from_result(answer));
    }

    /// The progress as a load read it; a failure to read it says nothing (the bar just is not
    /// shown). A task that had ended before is not news: DocSpace may keep answering with it.
    pub(super) fn read_progress(self, answer: Result<Option<Progress>, Failure>) {
        self.facts.update(|f| f.progress = answer.ok().flatten());
    }

    /// The progress as the poll read it: a task the page saw running that now ends with an
    /// error is the alert.
    pub(super) fn follow_progress(self, progress: Option<Progress>) {
        self.facts.update(|f| {
            let was_running = f.progress.as_ref().is_some_and(|p| !p.ended);
            if let Some(p) = progress.as_ref().filter(|_| was_running) {
                if let Some(error) = &p.error {
                    f.progress_error = Some(format!(
                        "The {} failed on the portal: “{error}”.",
                        p.task.noun()
                    ));
                }
            }
            f.progress = progress;
        });
    }

    /// Whatever is still being read will not come (cancelled, timed out): says why.
    pub(super) fn abandon(self, why: &str) {
        let reading = self
            .facts
            .with_untracked(|f| f.schedule == Known::Reading || f.zone == Known::Reading);
        if reading {
            self.facts.update(|f| {
                if f.schedule == Known::Reading {
                    f.schedule = Known::Unread(why.to_owned());
                }
                if f.zone == Known::Reading {
                    f.zone = Known::Unread(why.to_owned());
                }
            });
        }
    }

    /// Nothing beside the history came (a version-1 plugin).
    pub(super) fn not_sent(self) {
        let why = "the DocSpace plugin did not send it; update the plugin";
        self.facts.update(|f| {
            f.schedule = Known::Unread(why.into());
            f.zone = Known::Unread(why.into());
            f.progress = None;
        });
    }

    /// The sample data's schedule: every night at 02:00 UTC, keeping 30, to Amazon S3.
    pub(super) fn show_sample(self, now: Timestamp) {
        let schedule = Cron::new(Period::Daily, 2).map(|cron| {
            let last_run = cron
                .due_between(
                    &FixedOffset(0),
                    Timestamp::from_millis(now.millis() - DAY_MS),
                    now,
                )
                .last()
                .copied();
            Schedule {
                cron,
                storage: Storage::Code(5),
                storage_params: vec![],
                keeps: Some(30),
                last_attempt: last_run,
            }
        });
        self.facts.set(Facts {
            schedule: Known::Read(schedule),
            zone: Known::Read(PortalZone {
                id: Some("UTC".into()),
                offset_minutes: Some(0),
            }),
            ..Facts::default()
        });
    }
}

/// The portal's zone as the page can use it: its rules, its name, and a note when only part
/// of it is known.
struct Resolved {
    rules: Box<dyn Zone>,
    name: String,
    note: Option<String>,
}

/// "UTC+01:00", "UTC−03:30", "UTC".
fn offset_words(minutes: i32) -> String {
    if minutes == 0 {
        return "UTC".into();
    }
    let sign = if minutes < 0 { '−' } else { '+' };
    let m = minutes.abs();
    format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
}

fn resolve(zone: &Known<PortalZone>) -> Resolved {
    let utc = || Resolved {
        rules: Box::new(FixedOffset(0)),
        name: "UTC".into(),
        note: None,
    };
    let (id, offset) = match zone {
        Known::Read(z) => (z.id.clone(), z.offset_minutes),
        Known::Unread(why) => {
            return Resolved {
                note: Some(format!(
                    "The portal's time zone could not be read ({why}): times are taken as UTC."
                )),
                ..utc()
            }
        }
        Known::Idle | Known::Reading => return utc(),
    };
    if let Some(intl) = id.as_deref().and_then(IntlZone::new) {
        return Resolved {
            rules: Box::new(intl),
            name: id.unwrap_or_default(),
            note: None,
        };
    }
    match (id, offset) {
        (Some(id), Some(offset)) => Resolved {
            rules: Box::new(FixedOffset(offset)),
            name: offset_words(offset),
            note: Some(format!(
                "This browser does not know the portal's time zone “{id}”: its offset today ({}) is used for every day, so runs before a daylight-saving change may be an hour off.",
                offset_words(offset)
            )),
        },
        (None, Some(offset)) => Resolved {
            rules: Box::new(FixedOffset(offset)),
            name: offset_words(offset),
            note: None,
        },
        (id, None) => Resolved {
            note: Some(match id {
                Some(id) => format!(
                    "This browser does not know the portal's time zone “{id}”: times are taken as UTC."
                ),
                None => "The portal did not say its time zone: times are taken as UTC.".into(),
            }),
            ..utc()
        },
    }
}

/// The group's words from what is known.
fn worded(facts: &Facts, backups: &[Backup], now: Timestamp) -> Option<ScheduleView> {
    let (schedule, zone) = (&facts.schedule, &facts.zone);
    let plain = |judgement: String, mark, schedule: String| ScheduleView {
        judgement,
        mark,
        schedule,
        storage: None,
        zone_note: None,
        missed: None,
        last_attempt: None,
        next: None,
        judges: false,
    };
    // Judged on the portal's clock only once its zone is known (or known to be unknown).
    let reading = *schedule == Known::Reading
        || (matches!(schedule, Known::Read(Some(_))) && *zone == Known::Reading);
    if reading {
        return Some(plain(
            "Schedule unknown until it is read.".into(),
            Mark::Warning,
            "Schedule: reading…".into(),
        ));
    }
    let schedule = match schedule {
        Known::Idle | Known::Reading => return None,
        Known::Unread(why) => {
            return Some(plain(
                "Schedule unknown: the newest backup's age is judged against the thresholds below instead.".into(),
                Mark::Warning,
                format!("Schedule: unknown ({why})."),
            ))
        }
        Known::Read(None) => {
            return Some(plain(
                format!("No automatic backups scheduled. {WHY_NONE}"),
                Mark::Warning,
                "Schedule: none".into(),
            ))
        }
        Known::Read(Some(s)) => s,
    };
    let zone = resolve(zone);
    let rules = zone.rules.as_ref();
    let created: Vec<Timestamp> = backups.iter().filter_map(|b| b.created).collect();
    let j = judge(schedule, rules, &created, now);

    // "(03:00 your time)" when the reader's clock differs from the portal's at the next run.
    let yours = j.next_due.and_then(|next| {
        let theirs = wall_clock(next, rules) - next.millis();
        let mine = i64::from(offset_minutes_at(next)) * 60_000;
        (theirs != mine).then(|| format!(" ({} your time)", local_time(next)))
    });
    let (judgement, mark) = match j.verdict {
        Verdict::OnSchedule if j.judged == 0 => (
            "On schedule: no run was due since the oldest backup.".to_owned(),
            Mark::Ok,
        ),
        Verdict::OnSchedule => ("On schedule.".to_owned(), Mark::Ok),
        Verdict::Missed { due } => (
            format!(
                "{} (due {}).",
                j.verdict.words(),
                due_words(due, now, rules)
            ),
            Mark::Alert,
        ),
        Verdict::DueNow { due } => (
            format!(
                "{} ({}): its backup has not appeared yet.",
                j.verdict.words(),
                due_words(due, now, rules)
            ),
            Mark::Warning,
        ),
    };
    Some(ScheduleView {
        judgement,
        mark,
        schedule: format!(
            "Schedule: {} {}{}",
            schedule.cron.words(),
            zone.name,
            yours.unwrap_or_default()
        ),
        storage: Some(match schedule.keeps {
            Some(n) => format!(
                "Stored in {}; keeps the newest {n}.",
                schedule.storage.label()
            ),
            None => format!("Stored in {}.", schedule.storage.label()),
        }),
        zone_note: zone.note,
        missed: (!j.missed.is_empty()).then(|| (missed_words(j.missed.len(), j.judged), j.missed)),
        last_attempt: schedule.last_attempt.map(|at| (at, j.attempt_left_nothing)),
        next: j.next_due.map(|next| due_words(next, now, rules)),
        // Workspace dumps keep the thresholds' judgement below as well (issue 14).
        judges: !facts.dump,
    })
}
