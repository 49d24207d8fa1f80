//! What the browser remembers of the page: read once at the start, written back by one Effect
//! per preference whenever it changes (as Leptos's todomvc does). The keys, where each lives
//! and how it is written: [`crate::web::storage`].

use leptos::prelude::*;

use super::{connection, AppState};
use crate::backup::find::ViewQuery;
use crate::backup::health::Thresholds;
use crate::web::address::query_param;
use crate::web::storage::{store_text, Keep, Pref, DUMP, PORTAL, THRESHOLDS, TOKEN};

/// Everything remembered, as read at the start.
#[derive(Clone, Debug, Default)]
pub(super) struct Stored {
    pub form: connection::Stored,
    pub thresholds: Option<Thresholds>,
    /// `?readonly=1`: no button that changes the portal (not remembered: the address says it).
    pub readonly: bool,
}

impl AppState {
    /// The state as the page opens: the view from the address, the portal from `?portal=` or
    /// else as remembered, the Dump choice and thresholds as remembered, and the token only if
    /// this tab was asked to keep it.
    pub fn from_browser() -> AppState {
        let stored = Stored {
            form: connection::Stored {
                portal: PORTAL.recall(),
                dump: DUMP.recall(),
                token: TOKEN.recall(),
            },
            thresholds: THRESHOLDS.recall(),
            readonly: query_param("readonly").is_some_and(|v| v == "1" || v == "true"),
        };
        let portal = query_param("portal")
            .filter(|p| !p.is_empty())
            .or_else(|| stored.form.portal.clone())
            .unwrap_or_default();
        AppState::with_stored(portal, ViewQuery::from_query(query_param), stored)
    }

    /// From now on, each preference is written to the browser when it changes.
    pub fn keep_remembering(self) {
        let remembered = self.form.remembered;
        persist(&PORTAL, move || remembered.portal.get());
        persist(&DUMP, move || remembered.dump.get());
        persist(&TOKEN, move || remembered.token.get());
        let thresholds = self.thresholds;
        persist(&THRESHOLDS, move || Some(thresholds.get()));
    }
}

/// Writes `pref` whenever `value` changes (`None`: forgets it). Not at the start: what is
/// stored then is what was just read.
pub(super) fn persist<T: 'static>(pref: &'static Pref<T>, value: impl Fn() -> Option<T> + 'static) {
    write_back(
        pref.keep,
        pref.key,
        Box::new(move || value().map(|v| pref.encode(&v))),
    );
}

/// The one Effect of every preference (its code is in the wasm once, whatever the type).
fn write_back(keep: Keep, key: &'static str, encoded: Box<dyn Fn() -> Option<String>>) {
    Effect::watch(
        encoded,
        move |text, _, _| store_text(keep, key, text.as_deref()),
        false,
    );
}
