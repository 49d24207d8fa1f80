//! The page's state, by concern: the connection form, the load, the view and the status line,
//! each with private signals changed only through named methods. What spans them (a submit,
//! the sample data, the plugin's answer) is here.

mod beside;
mod changes;
mod connection;
mod lifecycle;
mod load;
mod remember;
mod schedule;
mod status;
mod theme;
mod view;

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

pub use changes::{Asking, Changes, Logged};
pub use connection::Connection;
pub use lifecycle::{Abort, Lifecycle, Ticket};
pub use load::{Load, LoadKey, Loaded};
pub use schedule::{Automatic, Known, Mark, ScheduleView};
pub use status::{Source, Status, StatusLine};
pub use theme::ThemeChoice;
pub use view::{ViewState, PAGE_SIZE};

use crate::api::client::{fetch_history, FetchError};
use crate::api::envelope::History;
use crate::api::failure::Failure;
use crate::api::message::{Ignored, Message};
use crate::api::request::{prepare, FieldErrors, HistoryRequest, PageContext};
use crate::api::url::Origin;
use crate::backup::date::Timestamp;
use crate::backup::find::ViewQuery;
use crate::backup::health::Thresholds;
use crate::backup::{sample, sort_newest_first, Backup};
use crate::web::clock::now;

/// How long the page waits for the portal before it gives up (said beside Cancel).
pub const TIMEOUT_SECONDS: u16 = 30;

pub use beside::PROGRESS_POLL;

/// Every concern of the page. `Copy`, so components take it from context freely.
#[derive(Clone, Copy)]
pub struct AppState {
    pub form: Connection,
    pub load: Load,
    pub view: ViewState,
    pub status: StatusLine,
    /// The schedule, the portal's zone and a running backup, beside the history.
    pub automatic: Automatic,
    /// Changes to the portal's backups: the dialog, the one on its way, the log.
    pub changes: Changes,

    /// The last request sent, to ask the same portal for its progress.
    last_request: StoredValue<Option<(HistoryRequest, String)>>,
    /// The progress poll, while a backup or restore runs.
    poll: StoredValue<beside::Poll, LocalStorage>,
    /// The page's clock, moved on every minute: relative times and "Expired" follow it.
    clock: RwSignal<Timestamp>,
    thresholds: RwSignal<Thresholds>,
    requests: StoredValue<Lifecycle<AbortController>, LocalStorage>,
}

impl AppState {
    /// Fresh state, remembering nothing; `portal` pre-fills the Portal URL.
    pub fn new(portal: String, view: ViewQuery) -> Self {
        AppState::with_stored(portal, view, remember::Stored::default())
    }

    fn with_stored(portal: String, query: ViewQuery, stored: remember::Stored) -> Self {
        let clock = RwSignal::new(now());
        let load = Load::new();
        AppState {
            form: Connection::new(portal, stored.form),
            load,
            view: ViewState::new(query, load.backups(), clock),
            status: StatusLine::new(),
            automatic: Automatic::new(load.backups(), clock),
            changes: Changes::new(stored.readonly),

            last_request: StoredValue::new(None),
            poll: StoredValue::new_local(beside::Poll::default()),
            clock,
            thresholds: RwSignal::new(stored.thresholds.unwrap_or_default()),
            requests: StoredValue::new_local(Lifecycle::default()),
        }
    }

    /// The page's clock (read in a reactive closure to follow it).
    pub fn now(self) -> Timestamp {
        self.clock.get()
    }

    /// The page's clock moves on (every minute, and at each load).
    pub fn set_now(self, at: Timestamp) {
        self.clock.set(at);
    }

    /// The summary's thresholds (read in a reactive closure).
    pub fn thresholds(self) -> Thresholds {
        self.thresholds.get()
    }

    /// What the admin typed in either threshold field (`None`: not a number).
    pub fn set_thresholds(self, warn_days: Option<u32>, alert_days: Option<u32>) {
        self.thresholds
            .update(|t| *t = t.with(warn_days, alert_days));
    }

    /// "Show backups": validates the form and, when it is valid, remembers it and starts
    /// loading. Returns the field errors (nothing is sent while there are any).
    pub fn submit(self, page: PageContext) -> FieldErrors {
        let errors = self.send(page, true);
        if errors == FieldErrors::default() {
            self.form.remember_submitted();
        }
        errors
    }

    /// Loads the same portal again, by hand or on the interval, unless a load runs. Focus,
    /// scroll and the number of cards built stay as they are.
    pub fn refresh(self, page: PageContext) {
        // A restoring portal refuses everything but its restore's progress: nothing to reload.
        if !self.load.loading_now() && !self.follows_restore() {
            self.send(page, false);
        }
    }

    fn send(self, page: PageContext, for_user: bool) -> FieldErrors {
        match prepare(&self.form.input(), &page) {
            Err(errors) => {
                self.form.show_errors(errors.clone());
                errors
            }
            Ok(request) => {
                self.form.show_errors(FieldErrors::default());
                self.start(request, page.origin, for_user);
                FieldErrors::default()
            }
        }
    }

    /// Cancel: stops the running request; its answer, if it still comes, is dropped.
    pub fn cancel(self) {
        if !self.load.loading_now() {
            return;
        }
        self.requests.update_value(|r| {
            r.stop();
        });
        self.load.stop();
        self.stop_polling();
        self.automatic.abandon("cancelled");
        self.status.say(Status::Cancelled);
    }

    /// "Forget": the browser forgets the portal, the Dump choice and the token.
    pub fn forget_remembered(self) {
        self.form.forget_remembered();
        self.status.say(Status::Forgot);
    }

    /// Shows the sample history: no network, clearly labelled.
    pub fn load_sample(self) {
        self.requests.update_value(|r| {
            r.stop();
        });
        self.load.stop();
        self.form.show_errors(FieldErrors::default());
        let at = now();
        let backups = sample::history(at);
        self.stop_polling();
        self.load.set_from_plugin(false);
        self.automatic.show_sample(at);
        let status = Status::Loaded {
            count: backups.len(),
            skipped: 0,
            from: Source::Sample,
        };
        self.show(None, at, backups, status, true);
    }

    /// A message from the DocSpace plugin around the page (see [`crate::api::message`]): its
    /// answer is shown like a fetched one; anything else is only counted.
    pub fn receive(self, portal: &Origin, message: Result<Message, Ignored>) {
        let delivered = match message {
            Ok(Message::History(delivered)) => delivered,
            // The progress alone, asked for while a backup runs.
            Ok(Message::Progress(progress)) => return self.polled(progress),
            Err(_) => return self.load.count_ignored(),
        };
        self.requests.update_value(|r| {
            r.stop();
        });
        self.stop_polling();
        let key = LoadKey {
            origin: portal.clone(),
            dump: delivered.dump,
        };
        let same = self.load.shows(&key);
        self.load.begin(&key, false);
        self.load.set_from_plugin(true);
        self.automatic.begin(same, delivered.dump, false);
        match delivered.beside {
            Some(beside) => {
                self.automatic.read_schedule(beside.schedule);
                self.automatic.read_zone(beside.zone);
                self.automatic.read_progress(beside.progress);
            }
            None => self.automatic.not_sent(),
        }
        self.keep_polling();
        match delivered.answer {
            Ok(history) => self.succeed(key, history, Source::Plugin, false),
            Err(failure) => self.fail(failure),
        }
    }

    fn start(self, request: HistoryRequest, page_origin: String, for_user: bool) {
        self.start_load(request, page_origin, for_user, None);
    }

    /// A load; `reread`: it re-reads the history after a change, and the status line keeps
    /// saying what was done (unless the history shows otherwise).
    fn start_load(
        self,
        request: HistoryRequest,
        page_origin: String,
        for_user: bool,
        reread: Option<Reread>,
    ) {
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(AbortController::signal);
        let Some(ticket) = self.requests.try_update_value(|r| r.begin(controller)) else {
            return; // the page is gone
        };
        let key = LoadKey {
            origin: request.origin.clone(),
            dump: request.dump,
        };
        let same = self.load.shows(&key);
        self.load.begin(&key, true);
        self.load.set_from_plugin(false);
        self.stop_polling();
        self.automatic.begin(same, request.dump, for_user);
        if for_user {
            self.changes.clear_alert();
        }
        if reread.is_none() {
            self.status.say(Status::Loading);
        }
        // Another portal or Dump setting: a dialog asked about the last one is closed.
        if !same {
            self.changes.dismiss();
        }
        self.last_request
            .set_value(Some((request.clone(), page_origin.clone())));
        self.read_beside(&request, &page_origin, ticket, signal.clone());

        // A portal that never answers must not keep the page waiting for ever.
        let timer = set_timeout_with_handle(
            move || {
                if self.requests.try_update_value(|r| r.time_out(ticket)) == Some(true) {
                    let failure = Failure::TimedOut {
                        seconds: TIMEOUT_SECONDS,
                    };
                    self.automatic.abandon(&failure.brief());
                    self.fail(failure);
                }
            },
            Duration::from_secs(TIMEOUT_SECONDS.into()),
        )
        .ok();

        spawn_local(async move {
            let result = fetch_history(&request, signal.as_ref(), &page_origin).await;
            if let Some(timer) = timer {
                timer.clear();
            }
            // Superseded, cancelled or timed out while the answer was on its way: dropped.
            if self.requests.try_update_value(|r| r.finish(ticket)) != Some(true) {
                return;
            }
            match result {
                Ok(history) => self.succeed_reread(key, history, for_user, reread),
                Err(FetchError::Aborted) => {}
                Err(FetchError::Failed(failure)) => self.fail(failure),
            }
        });
    }

    fn succeed(self, key: LoadKey, history: History, from: Source, for_user: bool) {
        let mut backups = history.backups;
        sort_newest_first(&mut backups);
        let status = Status::Loaded {
            count: backups.len(),
            skipped: history.skipped,
            from,
        };
        self.show(Some(key), now(), backups, status, for_user);
    }

    /// A history read again after a change: the status keeps what was done, unless a deleted
    /// backup is still listed (the server answers `true` even for an id it does not hold).
    fn succeed_reread(
        self,
        key: LoadKey,
        history: History,
        for_user: bool,
        reread: Option<Reread>,
    ) {
        let Some(reread) = reread else {
            return self.succeed(key, history, Source::Portal, for_user);
        };
        let mut backups = history.backups;
        sort_newest_first(&mut backups);
        let status = match reread.gone {
            Some((id, name)) if backups.iter().any(|b| b.id == id) => Status::StillListed(name),
            _ => self.status.current(),
        };
        self.show(Some(key), now(), backups, status, for_user);
    }

    /// Shows `backups` (newest first), loaded `at` for `key` (`None`: the sample data), and
    /// says `status`. `for_user`: a load the reader asked for, which starts at the first page
    /// of cards and takes focus to the results.
    fn show(
        self,
        key: Option<LoadKey>,
        at: Timestamp,
        backups: Vec<Backup>,
        status: Status,
        for_user: bool,
    ) {
        self.set_now(at);
        if for_user {
            self.view.first_page();
        }
        self.status.say(status);
        let loaded = Loaded {
            key,
            backups: Arc::new(backups),
            loaded_at: at,
            stale: false,
        };
        self.load.show(loaded, for_user);
    }

    /// Reads the same portal's history again, as it was asked for, keeping the status line
    /// (`gone`: the id and name of a backup that must no longer be listed).
    fn reload_quietly(self, gone: Option<(String, String)>) {
        if let Some((request, page_origin)) = self.last_request.get_value() {
            self.start_load(request, page_origin, false, Some(Reread { gone }));
        }
    }

    fn fail(self, failure: Failure) {
        self.load.fail(failure.to_string());
        self.status.say(Status::Failed);
    }
}

/// A load that re-reads the history after a change ([`AppState::reload_quietly`]).
struct Reread {
    gone: Option<(String, String)>,
}
