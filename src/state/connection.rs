//! The "Portal connection" form as typed, its field errors, and which of its values this
//! browser should remember (written by `remember`'s Effects).

use leptos::prelude::*;

use crate::api::request::{FieldErrors, FormInput};

/// The form's fields. Changed only through the methods below.
#[derive(Clone, Copy)]
pub struct Connection {
    portal: RwSignal<String>,
    token: RwSignal<String>,
    /// "Remember token in this tab" (sessionStorage), off unless the reader ticks it.
    keep_token: RwSignal<bool>,
    dump: RwSignal<bool>,
    errors: RwSignal<FieldErrors>,
    pub(super) remembered: Remembered,
}

/// What the browser should hold of the form; `None`: nothing (forgotten, or never kept).
#[derive(Clone, Copy)]
pub(super) struct Remembered {
    pub portal: RwSignal<Option<String>>,
    pub dump: RwSignal<Option<bool>>,
    pub token: RwSignal<Option<String>>,
}

impl Connection {
    /// `portal` pre-fills the Portal URL; `stored` is what the browser remembered.
    pub(super) fn new(portal: String, stored: Stored) -> Self {
        let keep_token = stored.token.is_some();
        Connection {
            portal: RwSignal::new(portal),
            token: RwSignal::new(stored.token.clone().unwrap_or_default()),
            keep_token: RwSignal::new(keep_token),
            dump: RwSignal::new(stored.dump.unwrap_or(false)),
            errors: RwSignal::new(FieldErrors::default()),
            remembered: Remembered {
                portal: RwSignal::new(stored.portal),
                dump: RwSignal::new(stored.dump),
                token: RwSignal::new(stored.token),
            },
        }
    }

    /// The Portal URL field's binding: what it shows, and what typing in it changes.
    pub fn portal(self) -> (ReadSignal<String>, WriteSignal<String>) {
        self.portal.split()
    }

    pub fn token(self) -> (ReadSignal<String>, WriteSignal<String>) {
        self.token.split()
    }

    /// "Remember token in this tab": ticking it keeps the token as it stands in this tab at
    /// once, clearing it forgets the token.
    pub fn keeps_token(self) -> (ReadSignal<bool>, SignalSetter<bool>) {
        let keep = SignalSetter::map(move |on| self.keep_token_in_tab(on));
        (self.keep_token.read_only(), keep)
    }

    pub fn dump(self) -> (ReadSignal<bool>, WriteSignal<bool>) {
        self.dump.split()
    }

    /// The Portal URL's error, if any (read in a reactive closure).
    pub fn portal_error(self) -> Option<String> {
        self.errors.with(|e| e.portal.clone())
    }

    /// The Access token's error, if any (read in a reactive closure).
    pub fn token_error(self) -> Option<String> {
        self.errors.with(|e| e.token.clone())
    }

    fn keep_token_in_tab(self, keep: bool) {
        self.keep_token.set(keep);
        let token = keep.then(|| self.token.get_untracked().trim().to_owned());
        self.remembered.token.set(token);
    }

    /// The fields as typed now.
    pub(super) fn input(self) -> FormInput {
        FormInput {
            portal: self.portal.get_untracked(),
            token: self.token.get_untracked(),
            dump: self.dump.get_untracked(),
        }
    }

    pub(super) fn show_errors(self, errors: FieldErrors) {
        self.errors.set(errors);
    }

    /// A valid submit: the portal and Dump are remembered in this browser, the token in this
    /// tab when asked.
    pub(super) fn remember_submitted(self) {
        let FormInput {
            portal,
            token,
            dump,
        } = self.input();
        self.remembered.portal.set(Some(portal.trim().to_owned()));
        self.remembered.dump.set(Some(dump));
        if self.keep_token.get_untracked() {
            self.remembered.token.set(Some(token.trim().to_owned()));
        }
    }

    /// "Forget": nothing of the form stays in the browser (what is typed stays on screen).
    pub(super) fn forget_remembered(self) {
        self.remembered.portal.set(None);
        self.remembered.dump.set(None);
        self.remembered.token.set(None);
        self.keep_token.set(false);
    }
}

/// The form's values as the browser remembered them at the start.
#[derive(Clone, Debug, Default)]
pub(super) struct Stored {
    pub portal: Option<String>,
    pub dump: Option<bool>,
    pub token: Option<String>,
}
