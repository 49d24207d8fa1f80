//! What the page asks for beside the history (the schedule, the portal's settings and the
//! progress), and the progress poll while a backup or restore runs. Each answer is shown when it
//! comes, if its load is still the newest; each has its own failure.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::{AbortController, AbortSignal};

use super::{AppState, LoadKey, Status, Ticket, TIMEOUT_SECONDS};
use crate::api::change::RESTORE_PROGRESS_PATH;
use crate::api::client::{fetch_anonymous, fetch_answer, FetchError};
use crate::api::failure::Failure;
use crate::api::request::HistoryRequest;
use crate::api::schedule::{
    read_progress, read_schedule, read_zone, Progress, PROGRESS_PATH, SCHEDULE_PATH, SETTINGS_PATH,
};
use crate::web::document::is_hidden;
use crate::web::plugin::ask_plugin;

/// How often a running backup's progress is asked for, while the tab is visible.
pub const PROGRESS_POLL: Duration = Duration::from_secs(2);
/// How long one ask for the progress may take before it is given up.
const POLL_TIMEOUT: Duration = Duration::from_secs(10);
/// Failed asks in a row after which the page stops asking (and the bar goes).
const POLL_MISSES: u8 = 15;

/// The progress poll: its timer, the ask on its way, and the failed asks in a row.
#[derive(Default)]
pub(super) struct Poll {
    timer: Option<IntervalHandle>,
    asking: Option<AbortController>,
    misses: u8,
    /// Moved on by every stop: an answer of an earlier poll is not read.
    generation: u32,
    /// It follows a restore (`getrestoreprogress`, anonymous) rather than a backup.
    restore: bool,
}

/// The answers read beside the history.
#[derive(Clone, Copy)]
enum Part {
    Schedule,
    Zone,
    Progress,
}

impl AppState {
    /// The schedule, the portal's zone and the progress, asked for beside the history. They
    /// share the history's abort signal, so a new submit or Cancel stops them while the history
    /// still runs; after that, its generation guard drops their late answers. They have their
    /// own time limit: the history may well have answered first.
    pub(super) fn read_beside(
        self,
        request: &HistoryRequest,
        page_origin: &str,
        ticket: Ticket,
        signal: Option<AbortSignal>,
    ) {
        let current = move || self.requests.try_with_value(|r| r.is_current(ticket)) == Some(true);
        for part in [Part::Schedule, Part::Zone, Part::Progress] {
            let (request, page_origin, signal) =
                (request.clone(), page_origin.to_owned(), signal.clone());
            spawn_local(async move {
                let (path, with_dump) = match part {
                    Part::Schedule => (SCHEDULE_PATH, true),
                    Part::Zone => (SETTINGS_PATH, false),
                    Part::Progress => (PROGRESS_PATH, true),
                };
                let answer =
                    fetch_answer(&request, path, with_dump, signal.as_ref(), &page_origin).await;
                if !current() {
                    return;
                }
                let answer = match answer {
                    Ok(a) => Ok(a),
                    Err(FetchError::Aborted) => return,
                    Err(FetchError::Failed(f)) => Err(f),
                };
                let dump = request.dump;
                match part {
                    Part::Schedule => self
                        .automatic
                        .read_schedule(answer.and_then(|a| read_schedule(a.status, &a.body, dump))),
                    Part::Zone => self
                        .automatic
                        .read_zone(answer.and_then(|a| read_zone(a.status, &a.body))),
                    Part::Progress => {
                        self.automatic.read_progress(
                            answer.and_then(|a| read_progress(a.status, &a.body, dump)),
                        );
                        self.keep_polling();
                    }
                }
            });
        }
        // Whatever has not come when the time limit passes is given up (the timer is not kept:
        // once the load is no longer the newest, it does nothing).
        let _ = set_timeout_with_handle(
            move || {
                if current() {
                    let failure = Failure::TimedOut {
                        seconds: TIMEOUT_SECONDS,
                    };
                    self.automatic.abandon(&failure.brief());
                }
            },
            Duration::from_secs(TIMEOUT_SECONDS.into()),
        );
    }

    /// Starts the poll when a backup or restore runs, stops it when none does.
    pub(super) fn keep_polling(self) {
        if !self.automatic.running_now() {
            return self.stop_polling();
        }
        if self.poll.with_value(|p| p.timer.is_none()) {
            let timer = set_interval_with_handle(move || self.poll_progress(), PROGRESS_POLL).ok();
            self.poll.update_value(|p| p.timer = timer);
        }
    }

    /// Follows a restore the admin started: its progress is anonymous (a restoring portal
    /// answers nothing else) and, when it ends, the admin must sign in again.
    pub(super) fn poll_restore(self) {
        self.stop_polling();
        self.poll.update_value(|p| p.restore = true);
        let timer = set_interval_with_handle(move || self.poll_progress(), PROGRESS_POLL).ok();
        self.poll.update_value(|p| p.timer = timer);
    }

    /// Whether the page follows a restore (the portal refuses everything else meanwhile).
    pub(super) fn follows_restore(self) -> bool {
        self.poll.with_value(|p| p.restore)
    }

    /// A new load, the sample data, Cancel, or the task's end: nothing polls any more, and an
    /// ask on its way is aborted.
    pub(super) fn stop_polling(self) {
        self.poll.update_value(|p| {
            if let Some(timer) = p.timer.take() {
                timer.clear();
            }
            if let Some(asking) = p.asking.take() {
                asking.abort();
            }
            p.misses = 0;
            p.restore = false;
            p.generation = p.generation.wrapping_add(1);
        });
    }

    /// One tick of the poll: asks for the progress, unless the tab is hidden, a load runs, or
    /// the last ask has not been answered yet.
    fn poll_progress(self) {
        if is_hidden() || self.load.loading_now() || self.poll.with_value(|p| p.asking.is_some()) {
            return;
        }
        // Inside DocSpace the plugin is asked, and answers with the progress alone.
        if self.load.came_from_plugin() {
            ask_plugin(true);
            return;
        }
        let Some((request, page_origin)) = self.last_request.get_value() else {
            return self.stop_polling();
        };
        let key = LoadKey {
            origin: request.origin.clone(),
            dump: request.dump,
        };
        let Ok(controller) = AbortController::new() else {
            return;
        };
        let signal = controller.signal();
        let (generation, restore) = self.poll.with_value(|p| (p.generation, p.restore));
        let give_up = controller.clone();
        let timer = set_timeout_with_handle(move || give_up.abort(), POLL_TIMEOUT).ok();
        self.poll.update_value(|p| p.asking = Some(controller));
        spawn_local(async move {
            let answer = if restore {
                fetch_anonymous(&request, RESTORE_PROGRESS_PATH, Some(&signal), &page_origin).await
            } else {
                fetch_answer(&request, PROGRESS_PATH, true, Some(&signal), &page_origin).await
            };
            if let Some(timer) = timer {
                timer.clear();
            }
            // Stopped meanwhile (a new load, Cancel, the sample data): not about what is shown.
            if self.poll.with_value(|p| p.generation) != generation || !self.load.shows(&key) {
                return;
            }
            self.poll.update_value(|p| p.asking = None);
            let answer = match answer {
                Ok(a) => read_progress(a.status, &a.body, request.dump),
                Err(FetchError::Aborted) => Err(Failure::TimedOut {
                    seconds: POLL_TIMEOUT.as_secs() as u16,
                }),
                Err(FetchError::Failed(f)) => Err(f),
            };
            self.polled(answer);
        });
    }

    /// A polled progress, fetched or sent by the plugin. The bar moves; a failed ask keeps it
    /// (a busy portal may not answer every one); when the task ends, the history loads again.
    pub(super) fn polled(self, answer: Result<Option<Progress>, Failure>) {
        let progress = match answer {
            Ok(progress) => progress,
            Err(_) => {
                let misses = self.poll.with_value(|p| p.misses).saturating_add(1);
                self.poll.update_value(|p| p.misses = misses);
                // A restoring portal may restart: its restore is followed until it ends.
                if misses >= POLL_MISSES && !self.follows_restore() {
                    self.stop_polling();
                    self.automatic.follow_progress(None);
                }
                return;
            }
        };
        self.poll.update_value(|p| p.misses = 0);
        let restore = self.poll.with_value(|p| p.restore);
        let failed = progress.as_ref().is_some_and(|p| p.error.is_some());
        self.automatic.follow_progress(progress);
        if self.automatic.running_now() {
            return;
        }
        self.stop_polling();
        if restore {
            // The portal is back; every session ended with the restore.
            self.status.say(if failed {
                Status::RestoreFailed
            } else {
                Status::RestoreFinished
            });
            return;
        }
        if self.load.came_from_plugin() {
            ask_plugin(false);
        } else if let Some((request, page_origin)) = self.last_request.get_value() {
            // The same portal, as it was asked for: not whatever the form holds now.
            self.start(request, page_origin, false);
        }
    }
}
