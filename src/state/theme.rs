//! Light or dark: follows the system unless the reader picks one; remembered in this browser.
//! In embed mode DocSpace's theme (`?theme=`) wins over the remembered one for this view, and
//! is never itself remembered.

use leptos::prelude::*;

use super::remember::persist;
use crate::web::document::{apply_theme, Theme};
use crate::web::plugin::theme_from_query;
use crate::web::storage::THEME;

#[derive(Clone, Copy)]
pub struct ThemeChoice {
    /// What the picker shows: a theme, or `None` for the system's.
    shown: RwSignal<Option<Theme>>,
    /// What this browser keeps.
    remembered: RwSignal<Option<Theme>>,
}

impl ThemeChoice {
    /// Applies the theme at once (before the first paint) and keeps the reader's picks.
    pub fn new(embedded: bool) -> Self {
        let stored = THEME.recall();
        let initial = embedded.then(theme_from_query).flatten().or(stored);
        apply_theme(initial);
        let choice = ThemeChoice {
            shown: RwSignal::new(initial),
            remembered: RwSignal::new(stored),
        };
        persist(&THEME, move || choice.remembered.get());
        choice
    }

    /// What the picker shows (read in a reactive closure).
    pub fn shown(self) -> Option<Theme> {
        self.shown.get()
    }

    /// The reader picked `theme` (`None`: the system's).
    pub fn pick(self, theme: Option<Theme>) {
        apply_theme(theme);
        self.remembered.set(theme);
        self.shown.set(theme);
    }
}
