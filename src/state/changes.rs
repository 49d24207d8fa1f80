//! Changes to the portal's backups: the dialog that asks first, the one change on its way, and
//! the log of what this tab changed. Nothing is sent before [`AppState::confirm`], which only the
//! dialog's confirming button calls; a change whose answer fails or never comes leaves every
//! card as it was.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use super::{AppState, LoadKey, Status, TIMEOUT_SECONDS};
use crate::api::change::{change_failure, read_change, sendable_id, Accepted, Change};
use crate::api::client::{send_change, FetchError};
use crate::api::failure::Failure;
use crate::api::request::HistoryRequest;
use crate::backup::date::Timestamp;
use crate::backup::{Backup, Storage};

/// DocSpace's temporary storage (`DataStore`, 4): a backup there expires after a day.
const TEMPORARY_STORAGE: i64 = 4;
use crate::web::clock::now;

/// The dialog that is open: what the admin is asked to confirm.
#[derive(Clone, Debug, PartialEq)]
pub enum Asking {
    BackUpNow,
    Delete(Backup),
    DeleteAll,
    Restore(Backup),
}

/// One line of "Changes made from this page".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logged {
    pub at: Timestamp,
    pub what: String,
    pub outcome: String,
}

/// The changes' signals.
#[derive(Clone, Copy)]
pub struct Changes {
    asking: RwSignal<Option<Asking>>,
    /// A change is on its way: every confirming button is disabled (a double click sends one).
    sending: RwSignal<bool>,
    /// A refused or failed change, in words (the alert).
    alert: RwSignal<Option<String>>,
    log: RwSignal<Vec<Logged>>,
    /// The backup a "Back up now" made, to announce and focus once the history has it.
    awaited: RwSignal<Option<String>>,
    /// `?readonly=1` (or the plugin's choice): no button that changes anything.
    readonly: bool,
    /// The portal (and Dump) the open dialog asks about, as it was when it opened: the change
    /// goes there, whatever the form holds by the time of the click.
    target: StoredValue<Option<(HistoryRequest, String)>>,
}

impl Changes {
    pub(super) fn new(readonly: bool) -> Self {
        Changes {
            asking: RwSignal::new(None),
            sending: RwSignal::new(false),
            alert: RwSignal::new(None),
            log: RwSignal::new(Vec::new()),
            awaited: RwSignal::new(None),
            readonly,
            target: StoredValue::new(None),
        }
    }

    /// Whether buttons that change the portal are shown at all.
    pub fn allowed(self) -> bool {
        !self.readonly
    }

    /// The open dialog (read in a reactive closure).
    pub fn asking(self) -> Option<Asking> {
        self.asking.get()
    }

    /// The open dialog, as a click handler reads it.
    pub fn asking_now(self) -> Option<Asking> {
        self.asking.get_untracked()
    }

    pub fn is_sending(self) -> bool {
        self.sending.get()
    }

    pub fn alert(self) -> Option<String> {
        self.alert.get()
    }

    pub fn log(self) -> Vec<Logged> {
        self.log.get()
    }

    /// Cancel, Escape, or the dialog closed: nothing is sent.
    pub fn dismiss(self) {
        self.asking.set(None);
    }

    /// The id of a backup "Back up now" made, once; the view focuses its card.
    pub fn take_awaited(self, backups: &[Backup]) -> Option<Backup> {
        let id = self.awaited.get_untracked()?;
        let made = backups.iter().find(|b| b.id == id)?.clone();
        self.awaited.set(None);
        Some(made)
    }

    pub(super) fn clear_alert(self) {
        if self.alert.with_untracked(Option::is_some) {
            self.alert.set(None);
        }
    }

    fn note(self, what: String, outcome: String) {
        self.log.update(|l| {
            l.push(Logged {
                at: now(),
                what,
                outcome,
            })
        });
    }
}

impl AppState {
    /// Whether the page may offer changes now: not read-only, a portal's own backups shown
    /// (not the sample data, not the plugin's: the plugin holds the session, not the page).
    pub fn can_change(self) -> bool {
        self.changes.allowed() && self.load.is_from_portal()
    }

    /// Opens a dialog about the portal shown now (nothing is sent).
    pub fn ask(self, asking: Asking) {
        if !self.can_change_now() {
            return;
        }
        if let Asking::Delete(b) | Asking::Restore(b) = &asking {
            if !sendable_id(&b.id) {
                return;
            }
        }
        self.changes.target.set_value(self.last_request.get_value());
        self.changes.asking.set(Some(asking));
    }

    /// Whether a backup's card offers its changes: an id that can be sent, on a portal's own
    /// backups (read in a reactive closure).
    pub fn can_change_backup(self, id: &str) -> bool {
        sendable_id(id) && self.can_change()
    }

    fn can_change_now(self) -> bool {
        self.changes.allowed() && untrack(|| self.load.is_from_portal())
    }

    /// The host name of the portal the dialog asks about, which the dangerous dialogs ask to
    /// be typed.
    pub fn portal_host(self) -> Option<String> {
        self.changes
            .target
            .with_value(|r| r.as_ref().map(|(req, _)| req.origin.host().to_owned()))
    }

    /// Whether the dialog asks about workspace dumps.
    pub fn shows_dump(self) -> bool {
        self.changes
            .target
            .with_value(|r| r.as_ref().is_some_and(|(req, _)| req.dump))
    }

    /// The open dialog's confirming button: the change it asked about, with the admin's
    /// choices (`notify` users of a restore; a backup now `to_schedule`'s storage, else to
    /// temporary storage). Nothing else sends a change.
    pub fn confirm_dialog(self, notify: bool, to_schedule: bool) {
        let Some(asking) = self.changes.asking_now() else {
            return;
        };
        let dump = self.shows_dump();
        let (change, name) = match asking {
            Asking::Delete(b) => (Change::Delete { id: b.id.clone() }, b.title().to_owned()),
            Asking::DeleteAll => (Change::DeleteAll { dump }, String::new()),
            Asking::Restore(b) => (
                Change::Restore {
                    backup_id: b.id.clone(),
                    notify,
                    dump,
                },
                b.title().to_owned(),
            ),
            Asking::BackUpNow => {
                let scheduled = self.automatic.schedule_storage_now();
                let (storage, params) = match (to_schedule, scheduled) {
                    (true, Some((Storage::Code(code), params))) => (code, params),
                    // The schedule's storage was chosen but is gone: nothing is sent elsewhere.
                    (true, _) => return self.changes.dismiss(),
                    (false, _) => (TEMPORARY_STORAGE, Vec::new()),
                };
                (
                    Change::BackUpNow {
                        storage,
                        params,
                        dump,
                    },
                    String::new(),
                )
            }
        };
        self.confirm(change, name);
    }

    /// Sends `change` (named `name` for the log and status) to the portal the dialog asked
    /// about, once, if it is still the one shown. Its answer acts only if it still is.
    fn confirm(self, change: Change, name: String) {
        let changes = self.changes;
        if changes.readonly || changes.sending.get_untracked() {
            return;
        }
        let Some((request, page_origin)) = changes.target.get_value() else {
            return;
        };
        let key = LoadKey {
            origin: request.origin.clone(),
            dump: request.dump,
        };
        if !self.load.shows(&key) {
            return;
        }
        changes.sending.set(true);
        changes.asking.set(None);
        changes.clear_alert();
        let what = change.words(&name);
        self.status.say(Status::Changing(what.clone()));

        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(AbortController::signal);
        // A change whose answer never comes: said so, and the admin may Refresh to see.
        let timer = set_timeout_with_handle(
            move || {
                if let Some(c) = &controller {
                    c.abort();
                }
            },
            Duration::from_secs(TIMEOUT_SECONDS.into()),
        )
        .ok();
        spawn_local(async move {
            let answer = send_change(&request, &change, signal.as_ref(), &page_origin).await;
            if let Some(timer) = timer {
                timer.clear();
            }
            changes.sending.set(false);
            let outcome = match answer {
                Ok(a) => read_change(&change, a.status, &a.body),
                Err(FetchError::Aborted) => Err(change_failure(&Failure::TimedOut {
                    seconds: TIMEOUT_SECONDS,
                })),
                Err(FetchError::Failed(f)) => Err(change_failure(&f)),
            };
            changes.note(
                what.clone(),
                match &outcome {
                    Ok(_) => "done".into(),
                    Err(why) => why.clone(),
                },
            );
            // The admin loaded another portal meanwhile: nothing on screen is about this one.
            if !self.load.shows(&key) {
                return;
            }
            match outcome {
                Err(why) => {
                    changes.alert.set(Some(why));
                    self.status.say(Status::ChangeFailed);
                }
                Ok(accepted) => self.accepted(&change, accepted, name),
            }
        });
    }

    /// What a change the portal accepted does to the page.
    fn accepted(self, change: &Change, accepted: Accepted, name: String) {
        let started = match accepted {
            Accepted::Started(progress) => progress,
            Accepted::Done => None,
        };
        match change {
            Change::Delete { .. } => self.status.say(Status::Deleted(name.clone())),
            Change::DeleteAll { .. } => self.status.say(Status::DeletedAll),
            Change::BackUpNow { .. } => {
                self.changes
                    .awaited
                    .set(started.as_ref().and_then(|p| p.task_id.clone()));
                self.status.say(Status::BackupStarted);
            }
            Change::Restore { .. } => {
                self.status.say(Status::RestoreStarted);
                self.automatic.follow_progress(started);
                return self.poll_restore();
            }
        }
        match change {
            // The server answers `true` even for an id it does not hold: reading the history
            // again proves what is there. The status line keeps saying what was done.
            Change::Delete { id } => self.reload_quietly(Some((id.clone(), name))),
            Change::DeleteAll { .. } => self.reload_quietly(None),
            _ => {
                self.automatic.follow_progress(started);
                self.keep_polling();
                if !self.automatic.running_now() {
                    self.reload_quietly(None);
                }
            }
        }
    }
}
