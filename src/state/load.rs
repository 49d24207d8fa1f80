//! The load: the cards on screen and where they came from, whether a request is running, the
//! one alert, and the plugin's ignored messages.

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::url::Origin;
use crate::backup::date::Timestamp;
use crate::backup::Backup;

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
    /// Shared, so every reader of the list holds the same one (a memo compares it by address).
    pub backups: Arc<Vec<Backup>>,
    pub loaded_at: Timestamp,
    /// A later reload of the same portal failed: these cards are what was loaded before.
    pub stale: bool,
}

/// The load's signals. Its changes are driven by [`super::AppState`]'s submit, cancel, sample
/// and plugin methods, which also keep the request lifecycle and the status line in step; the
/// component tests call them directly.
#[derive(Clone, Copy)]
pub struct Load {
    loading: RwSignal<bool>,
    loaded: RwSignal<Option<Loaded>>,
    /// The one alert's text, when the last request failed.
    alert: RwSignal<Option<String>>,
    /// Moved on when a load the user asked for (not an auto-refresh) has finished; the results
    /// take focus then.
    finished_for_user: RwSignal<u64>,
    /// postMessage messages ignored (foreign, malformed): shown in a debug line, never rendered.
    ignored: RwSignal<u32>,
    /// The last answer came from the DocSpace plugin (it is asked again, not fetched).
    from_plugin: RwSignal<bool>,
    backups: Memo<Arc<Vec<Backup>>>,
}

impl Load {
    pub(super) fn new() -> Self {
        let loaded = RwSignal::new(None::<Loaded>);
        Load {
            loading: RwSignal::new(false),
            loaded,
            alert: RwSignal::new(None),
            finished_for_user: RwSignal::new(0),
            ignored: RwSignal::new(0),
            from_plugin: RwSignal::new(false),
            backups: Memo::new(move |_| {
                loaded.with(|l| l.as_ref().map(|l| l.backups.clone()).unwrap_or_default())
            }),
        }
    }

    /// Every loaded backup, newest first (empty before a load).
    pub fn backups(self) -> Memo<Arc<Vec<Backup>>> {
        self.backups
    }

    /// Whether a request runs (read in a reactive closure).
    pub fn is_loading(self) -> bool {
        self.loading.get()
    }

    /// The alert's text, if any (read in a reactive closure).
    pub fn alert(self) -> Option<String> {
        self.alert.get()
    }

    /// Whether there are cards to show.
    pub fn has_cards(self) -> bool {
        self.backups.with(|b| !b.is_empty())
    }

    /// Whether the cards on screen were loaded for `key` (a reload of the same portal).
    pub(super) fn shows(self, key: &LoadKey) -> bool {
        self.loaded
            .with_untracked(|l| l.as_ref().is_some_and(|l| l.key.as_ref() == Some(key)))
    }

    /// Whether the cards on screen came from the DocSpace plugin.
    pub(super) fn came_from_plugin(self) -> bool {
        self.from_plugin.get_untracked()
    }

    pub(super) fn set_from_plugin(self, yes: bool) {
        self.from_plugin.set(yes);
    }

    /// Whether the cards on screen came from the page's own request to a portal (read in a
    /// reactive closure).
    pub fn is_from_portal(self) -> bool {
        !self.from_plugin.get()
            && self
                .loaded
                .with(|l| l.as_ref().is_some_and(|l| l.key.is_some()))
    }

    /// Whether the cards on screen are the sample data.
    pub fn is_sample(self) -> bool {
        self.loaded
            .with(|l| l.as_ref().is_some_and(|l| l.key.is_none()))
    }

    /// When the cards on screen were loaded, if a later reload failed.
    pub fn stale_since(self) -> Option<Timestamp> {
        self.loaded
            .with(|l| l.as_ref().filter(|l| l.stale).map(|l| l.loaded_at))
    }

    /// Where the cards came from (the portal's host; `None`: the sample data) and when.
    pub fn source(self) -> Option<(Option<String>, Timestamp)> {
        self.loaded.with_untracked(|l| {
            l.as_ref().map(|l| {
                let host = l.key.as_ref().map(|k| k.origin.host().to_owned());
                (host, l.loaded_at)
            })
        })
    }

    /// How many loads the user asked for have finished (read in a reactive closure).
    pub fn finished_for_user(self) -> u64 {
        self.finished_for_user.get()
    }

    pub fn ignored(self) -> u32 {
        self.ignored.get()
    }

    pub(super) fn loading_now(self) -> bool {
        self.loading.get_untracked()
    }

    /// A load for `key` starts: cards of another portal or Dump setting must not sit beside
    /// its answer, and the last alert is over.
    pub fn begin(self, key: &LoadKey, request_runs: bool) {
        if self
            .loaded
            .with_untracked(|l| l.as_ref().is_some_and(|l| l.key.as_ref() != Some(key)))
        {
            self.loaded.set(None);
        }
        self.alert.set(None);
        if request_runs {
            self.loading.set(true);
        }
    }

    /// Shows `loaded`, replacing whatever was shown; `for_user` moves focus to the results.
    pub fn show(self, loaded: Loaded, for_user: bool) {
        self.loading.set(false);
        if self.alert.with_untracked(Option::is_some) {
            self.alert.set(None);
        }
        self.loaded.set(Some(loaded));
        if for_user {
            self.finished_for_user.update(|n| *n += 1);
        }
    }

    /// The load failed: only cards of this same portal and Dump remain (see `begin`); they
    /// stay, marked as stale, under the alert.
    pub fn fail(self, alert: String) {
        self.loading.set(false);
        self.loaded.update(|l| {
            if let Some(l) = l {
                l.stale = true;
            }
        });
        self.alert.set(Some(alert));
    }

    /// Nothing runs any more (cancelled or superseded by the sample data).
    pub fn stop(self) {
        self.loading.set(false);
    }

    pub(super) fn count_ignored(self) {
        self.ignored.update(|n| *n += 1);
    }
}
