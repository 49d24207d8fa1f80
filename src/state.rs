//! The page's state, as signals, and the life of a request.
//!
//! One request runs at a time. A new submit or Cancel aborts the running one (AbortController),
//! and a generation number guards against the rare answer that had already arrived when the
//! abort came: a stale answer can never overwrite a newer one.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use std::time::Duration;

use crate::api::{
    fetch_history, prepare, Failure, FetchError, FieldErrors, FormInput, History, Origin,
    PageContext,
};
use crate::backup::date::Timestamp;
use crate::backup::summary::Thresholds;
use crate::backup::view::ViewQuery;
use crate::backup::{count_words, sample, sort_newest_first, Backup};
use crate::components::clock::now;

/// How long the page waits for the portal before it gives up (said beside Cancel).
pub const TIMEOUT_SECONDS: u16 = 30;

/// How many cards the list builds at first, and how many more each "Show more" adds: a
/// history of 100,000 backups must not build 100,000 cards' DOM at once.
pub const PAGE_SIZE: usize = 100;

/// What a list of cards was loaded for: the same portal and Dump make a "reload".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadKey {
    pub origin: Origin,
    pub dump: bool,
}

/// Cards on screen, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    /// The portal and Dump they came from; `None` for the sample data.
    pub key: Option<LoadKey>,
    pub backups: Vec<Backup>,
    pub loaded_at: Timestamp,
    /// A later reload of the same portal failed: these cards are what was loaded before.
    pub stale: bool,
}

/// Every signal of the page. `Copy`, so components take it from context freely.
#[derive(Clone, Copy)]
pub struct AppState {
    pub portal: RwSignal<String>,
    pub token: RwSignal<String>,
    /// "Remember token in this tab" (sessionStorage), off unless the reader ticks it.
    pub keep_token: RwSignal<bool>,
    pub dump: RwSignal<bool>,
    pub errors: RwSignal<FieldErrors>,
    pub loading: RwSignal<bool>,
    /// The live status line's words.
    pub status: RwSignal<String>,
    /// The one alert's text, when the last request failed.
    pub alert: RwSignal<Option<String>>,
    pub loaded: RwSignal<Option<Loaded>>,
    /// How many of the visible cards the list builds (a multiple of [`PAGE_SIZE`]).
    pub shown: RwSignal<usize>,
    /// The order, search and filters (mirrored in the query string).
    pub view: RwSignal<ViewQuery>,
    /// The page's clock, moved on every minute: relative times and "Expired" follow it.
    pub now: RwSignal<Timestamp>,
    pub thresholds: RwSignal<Thresholds>,
    /// Positions in `loaded.backups` of the cards the view leaves, in order (memoised: a
    /// keystroke in Search filters once, whoever reads it).
    pub visible: Memo<Vec<usize>>,
    /// Set when a load the user asked for (not an auto-refresh) has finished; the results take
    /// focus then.
    pub focus_results: RwSignal<u64>,
    /// postMessage messages ignored (foreign, malformed): shown in a debug line, never rendered.
    pub ignored: RwSignal<u32>,
    generation: StoredValue<u64>,
    running: StoredValue<Option<AbortController>, LocalStorage>,
}

impl AppState {
    /// Fresh state; `portal` pre-fills the Portal URL (from the page's `?portal=`).
    pub fn new(portal: String, view: ViewQuery) -> Self {
        let loaded = RwSignal::new(None::<Loaded>);
        let view = RwSignal::new(view);
        let clock = RwSignal::new(now());
        let visible = Memo::new(move |_| {
            loaded.with(|l| {
                l.as_ref().map_or_else(Vec::new, |l| {
                    view.with(|v| v.apply(&l.backups, clock.get()))
                })
            })
        });
        AppState {
            portal: RwSignal::new(portal),
            token: RwSignal::new(String::new()),
            keep_token: RwSignal::new(false),
            dump: RwSignal::new(false),
            errors: RwSignal::new(FieldErrors::default()),
            loading: RwSignal::new(false),
            status: RwSignal::new(String::new()),
            alert: RwSignal::new(None),
            loaded,
            shown: RwSignal::new(PAGE_SIZE),
            view,
            now: clock,
            thresholds: RwSignal::new(Thresholds::default()),
            visible,
            focus_results: RwSignal::new(0),
            ignored: RwSignal::new(0),
            generation: StoredValue::new(0),
            running: StoredValue::new_local(None),
        }
    }

    /// Validates the form and, when it is valid, starts loading. Returns the field errors
    /// (nothing is sent while there are any).
    pub fn submit(self, page: PageContext) -> FieldErrors {
        self.submit_with(page, true)
    }

    /// [`AppState::submit`]; `user` is false for a refresh, which keeps focus, scroll and the
    /// number of cards built.
    pub fn submit_with(self, page: PageContext, user: bool) -> FieldErrors {
        let input = FormInput {
            portal: self.portal.get_untracked(),
            token: self.token.get_untracked(),
            dump: self.dump.get_untracked(),
        };
        match prepare(&input, &page) {
            Err(errors) => {
                self.errors.set(errors.clone());
                errors
            }
            Ok(request) => {
                self.errors.set(FieldErrors::default());
                self.start(request, page.origin, user);
                FieldErrors::default()
            }
        }
    }

    /// Stops the running request; its answer, if it still comes, is dropped.
    pub fn cancel(self) {
        if !self.loading.get_untracked() {
            return;
        }
        self.abort_running();
        self.loading.set(false);
        self.status.set("Cancelled".into());
    }

    fn abort_running(self) {
        self.generation.update_value(|g| *g += 1);
        if let Some(controller) = self.running.try_update_value(Option::take).flatten() {
            controller.abort();
        }
    }

    /// Shows the sample history: no network, clearly labelled.
    pub fn load_sample(self) {
        self.abort_running();
        self.loading.set(false);
        self.alert.set(None);
        self.errors.set(FieldErrors::default());
        let at = now();
        self.now.set(at);
        let backups = sample::history(at);
        self.shown.set(PAGE_SIZE);
        self.status
            .set(format!("{} (sample data)", count_words(backups.len())));
        self.loaded.set(Some(Loaded {
            key: None,
            backups,
            loaded_at: at,
            stale: false,
        }));
        self.focus_results.update(|n| *n += 1);
    }

    /// Shows what the DocSpace plugin around the page posted (see [`crate::api::message`]).
    pub fn deliver(self, origin: Origin, delivered: crate::api::message::Delivered) {
        self.abort_running();
        let key = LoadKey {
            origin,
            dump: delivered.dump,
        };
        if self
            .loaded
            .with_untracked(|l| l.as_ref().is_some_and(|l| l.key.as_ref() != Some(&key)))
        {
            self.loaded.set(None);
        }
        self.alert.set(None);
        match delivered.answer {
            Ok(history) => {
                self.succeed(key, history, false);
                self.status
                    .update(|s| s.push_str(" (sent by the DocSpace plugin)"));
            }
            Err(failure) => self.fail(failure),
        }
    }

    /// Whether the cards on screen are the sample data.
    pub fn is_sample(self) -> bool {
        self.loaded
            .with(|l| l.as_ref().is_some_and(|l| l.key.is_none()))
    }

    fn start(self, request: crate::api::HistoryRequest, page_origin: String, user: bool) {
        self.abort_running();
        let generation = self.generation.get_value();
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(AbortController::signal);
        self.running.set_value(controller);

        let key = LoadKey {
            origin: request.origin.clone(),
            dump: request.dump,
        };
        // Cards of another portal or Dump setting must not sit beside this one's answer.
        if self
            .loaded
            .with_untracked(|l| l.as_ref().is_some_and(|l| l.key.as_ref() != Some(&key)))
        {
            self.loaded.set(None);
        }
        self.alert.set(None);
        self.loading.set(true);
        self.status.set("Loading backups…".into());

        // A portal that never answers must not keep the page waiting for ever.
        let timer = set_timeout_with_handle(
            move || {
                if self.generation.get_value() == generation && self.loading.get_untracked() {
                    self.abort_running();
                    self.fail(Failure::TimedOut {
                        seconds: TIMEOUT_SECONDS,
                    });
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
            if self.generation.get_value() != generation {
                return; // superseded, cancelled or timed out while the answer was on its way
            }
            self.running.set_value(None);
            match result {
                Ok(history) => self.succeed(key, history, user),
                Err(FetchError::Aborted) => {}
                Err(FetchError::Failed(failure)) => self.fail(failure),
            }
        });
    }

    fn succeed(self, key: LoadKey, history: History, user: bool) {
        let mut backups = history.backups;
        sort_newest_first(&mut backups);
        let mut status = count_words(backups.len());
        if history.skipped > 0 {
            let noun = if history.skipped == 1 {
                "entry"
            } else {
                "entries"
            };
            status.push_str(&format!(
                " ({} unreadable {noun} left out)",
                history.skipped
            ));
        }
        self.loading.set(false);
        let at = now();
        self.now.set(at);
        if user {
            self.shown.set(PAGE_SIZE);
        }
        self.loaded.set(Some(Loaded {
            key: Some(key),
            backups,
            loaded_at: at,
            stale: false,
        }));
        self.status.set(status);
        if user {
            self.focus_results.update(|n| *n += 1);
        }
    }

    fn fail(self, failure: Failure) {
        self.loading.set(false);
        // Only cards of this same portal and Dump remain (see `start`): keep them, marked.
        self.loaded.update(|l| {
            if let Some(l) = l {
                l.stale = true;
            }
        });
        self.alert.set(Some(failure.to_string()));
        self.status.set("Could not load backups".into());
    }
}
