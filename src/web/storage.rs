//! Everything the browser remembers for the page, in one place: each key, where it lives
//! (this browser's `localStorage` or this tab's `sessionStorage`) and how its value is written.
//! The token is never kept beyond the tab. When is each written: `state::remember`.

use super::document::Theme;
use crate::backup::health::Thresholds;

/// Where a remembered value lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// This browser (`localStorage`).
    Browser,
    /// This tab, until it closes (`sessionStorage`).
    Tab,
}

/// One remembered value: where, under which key, and its encoding.
pub struct Pref<T> {
    pub keep: Keep,
    pub key: &'static str,
    encode: fn(&T) -> String,
    decode: fn(&str) -> Option<T>,
}

/// The Portal URL as last submitted (trimmed).
pub static PORTAL: Pref<String> = Pref::text(Keep::Browser, "portal");

/// "Workspace backups (database dump)": `true` or `false`.
pub static DUMP: Pref<bool> = Pref {
    keep: Keep::Browser,
    key: "dump",
    encode: bool::to_string,
    decode: flag,
};

/// The token, only when "Remember token in this tab" is ticked.
pub static TOKEN: Pref<String> = Pref::text(Keep::Tab, "token");

/// The summary's thresholds in days: `warn,alert`, e.g. `1,7`.
pub static THRESHOLDS: Pref<Thresholds> = Pref {
    keep: Keep::Browser,
    key: "thresholds",
    encode: |t| format!("{},{}", t.warn_days, t.alert_days),
    decode: thresholds,
};

/// The theme picked: `light` or `dark`; absent follows the system.
pub static THEME: Pref<Theme> = Pref {
    keep: Keep::Browser,
    key: "theme",
    encode: |t| t.key().to_owned(),
    decode: Theme::from_key,
};

fn flag(s: &str) -> Option<bool> {
    Some(s == "true")
}

fn thresholds(s: &str) -> Option<Thresholds> {
    let (w, a) = s.split_once(',')?;
    Some(Thresholds {
        warn_days: w.parse().ok()?,
        alert_days: a.parse().ok()?,
    })
}

impl Pref<String> {
    /// Text kept as it is.
    const fn text(keep: Keep, key: &'static str) -> Self {
        Pref {
            keep,
            key,
            encode: String::clone,
            decode: |s| Some(s.to_owned()),
        }
    }
}

impl<T> Pref<T> {
    /// The remembered value; `None` when there is none, it cannot be read, or storage is off.
    pub fn recall(&self) -> Option<T> {
        let stored = storage(self.keep)?.get_item(self.key).ok().flatten()?;
        (self.decode)(&stored)
    }

    /// The value as it is written.
    pub fn encode(&self, value: &T) -> String {
        (self.encode)(value)
    }

    /// Remembers `Some(value)`; forgets on `None`.
    pub fn store(&self, value: Option<&T>) {
        store_text(self.keep, self.key, value.map(self.encode).as_deref());
    }
}

/// Writes `text` under `key` (already encoded), or removes the key on `None`.
pub fn store_text(keep: Keep, key: &str, text: Option<&str>) {
    let Some(storage) = storage(keep) else {
        return;
    };
    let _ = match text {
        Some(t) => storage.set_item(key, t),
        None => storage.remove_item(key),
    };
}

fn storage(keep: Keep) -> Option<web_sys::Storage> {
    let window = leptos::prelude::window();
    // Either can throw (storage disabled, sandboxed frame): then nothing is remembered.
    match keep {
        Keep::Browser => window.local_storage().ok().flatten(),
        Keep::Tab => window.session_storage().ok().flatten(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: PartialEq + std::fmt::Debug>(pref: &Pref<T>, value: T, stored: &str) {
        assert_eq!((pref.encode)(&value), stored, "{}", pref.key);
        assert_eq!((pref.decode)(stored), Some(value), "{}", pref.key);
    }

    #[test]
    fn every_value_reads_back_as_written() {
        round_trip(
            &PORTAL,
            "https://portal.example.com".to_owned(),
            "https://portal.example.com",
        );
        round_trip(&DUMP, true, "true");
        round_trip(&DUMP, false, "false");
        round_trip(&TOKEN, "sk-abc".to_owned(), "sk-abc");
        let t = Thresholds {
            warn_days: 2,
            alert_days: 14,
        };
        round_trip(&THRESHOLDS, t, "2,14");
        round_trip(&THEME, Theme::Dark, "dark");
        round_trip(&THEME, Theme::Light, "light");
    }

    #[test]
    fn odd_stored_values_read_as_nothing_or_the_default() {
        assert_eq!((DUMP.decode)("yes"), Some(false));
        assert_eq!((THRESHOLDS.decode)("2"), None);
        assert_eq!((THRESHOLDS.decode)("2,x"), None);
        assert_eq!((THEME.decode)("system"), None);
    }

    #[test]
    fn only_the_token_stays_in_the_tab() {
        assert_eq!(TOKEN.keep, Keep::Tab);
        for keep in [PORTAL.keep, DUMP.keep, THRESHOLDS.keep, THEME.keep] {
            assert_eq!(keep, Keep::Browser);
        }
        // The keys the end-to-end tests read, unchanged.
        let keys = [PORTAL.key, DUMP.key, TOKEN.key, THRESHOLDS.key, THEME.key];
        assert_eq!(keys, ["portal", "dump", "token", "thresholds", "theme"]);
    }
}
