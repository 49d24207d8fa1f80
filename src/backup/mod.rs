//! The domain: what a backup is, in words an admin reads, and how a list of them is ordered.
//! Pure Rust; no browser, no view code.

pub mod date;
pub mod export;
pub mod find;
pub mod health;
pub mod relative;
pub mod sample;
pub mod schedule;
pub mod timeline;
pub mod zone;

#[cfg(test)]
pub(crate) mod fixture;

use date::{DocDate, Timestamp};

/// Where a backup is kept: DocSpace's `BackupStorageType`, by the number it sends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Storage {
    /// A number the server sent (known or not).
    Code(i64),
    /// The field was missing or not a number.
    #[default]
    Missing,
}

impl Storage {
    /// The storage in words, as the UI contract names it.
    pub fn label(self) -> String {
        match self {
            Storage::Code(n) => match known_storage_label(n) {
                Some(label) => label.to_owned(),
                None => format!("Unknown storage ({n})"),
            },
            Storage::Missing => "Unknown storage".to_owned(),
        }
    }

    /// Reads the names .NET would send if the server serialised enums as strings.
    pub fn from_name(name: &str) -> Self {
        let code = match name.trim().to_ascii_lowercase().as_str() {
            "documents" => 0,
            "thridpartydocuments" | "thirdpartydocuments" => 1,
            "customcloud" => 2,
            "local" => 3,
            "datastore" => 4,
            "thirdpartyconsumer" => 5,
            _ => return name.trim().parse().map_or(Storage::Missing, Storage::Code),
        };
        Storage::Code(code)
    }
}

fn known_storage_label(n: i64) -> Option<&'static str> {
    Some(match n {
        0 => "DocSpace room",
        1 => "Third-party resource",
        2 => "Custom cloud storage",
        3 => "Server folder",
        4 => "Temporary storage",
        5 => "Third-party storage",
        _ => return None,
    })
}

/// When a backup stops being available.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Expiry {
    /// The .NET minimum date, or no expiry sent at all.
    #[default]
    Never,
    At(Timestamp),
    /// Sent, but not a date we can read.
    Unknown,
}

impl From<DocDate> for Expiry {
    fn from(d: DocDate) -> Self {
        match d {
            DocDate::At(ts) => Expiry::At(ts),
            DocDate::Min => Expiry::Never,
            DocDate::Unknown => Expiry::Unknown,
        }
    }
}

impl Expiry {
    pub fn is_expired(self, now: Timestamp) -> bool {
        matches!(self, Expiry::At(ts) if ts <= now)
    }
}

/// One backup, as the page shows it. The default is a record with nothing known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Backup {
    /// The id restore and delete take; empty when the server sent none.
    pub id: String,
    pub file_name: Option<String>,
    pub storage: Storage,
    /// `None` when the date was missing, the minimum, or unreadable.
    pub created: Option<Timestamp>,
    pub expiry: Expiry,
}

impl Backup {
    /// The card's name: the file name, or "Unnamed backup".
    pub fn title(&self) -> &str {
        match self.file_name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => name,
            _ => "Unnamed backup",
        }
    }
}

/// Newest first; backups with unknown dates last; ties broken by name then id,
/// so the order never depends on the order the server happened to send.
pub fn sort_newest_first(backups: &mut [Backup]) {
    backups.sort_by(|a, b| {
        // `None` sorts after every `Some` when compared reversed like this.
        b.created
            .is_some()
            .cmp(&a.created.is_some())
            .then_with(|| b.created.cmp(&a.created))
            .then_with(|| caseless(a.title()).cmp(caseless(b.title())))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// Compares names as a reader would, ignoring case, without allocating.
fn caseless(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}

/// The status line's words for a count: "No backups yet", "1 backup", "12 backups".
pub fn count_words(n: usize) -> String {
    match n {
        0 => "No backups yet".to_owned(),
        1 => "1 backup".to_owned(),
        n => format!("{n} backups"),
    }
}

/// "1 day", "7 days".
pub fn days_words(n: u32) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn backup(id: &str, name: Option<&str>, created: Option<i64>) -> Backup {
        let b = fixture::backup().id(id);
        let b = match name {
            Some(name) => b.name(name),
            None => b,
        };
        match created {
            Some(ms) => b.created(ms),
            None => b,
        }
        .build()
    }

    #[test]
    fn storage_words_follow_the_contract() {
        let words: Vec<String> = (0..=6).map(|n| Storage::Code(n).label()).collect();
        assert_eq!(
            words,
            [
                "DocSpace room",
                "Third-party resource",
                "Custom cloud storage",
                "Server folder",
                "Temporary storage",
                "Third-party storage",
                "Unknown storage (6)"
            ]
        );
        assert_eq!(Storage::Code(-1).label(), "Unknown storage (-1)");
        assert_eq!(Storage::Missing.label(), "Unknown storage");
    }

    #[test]
    fn storage_names_as_dotnet_would_spell_them() {
        assert_eq!(Storage::from_name("DataStore"), Storage::Code(4));
        assert_eq!(Storage::from_name("ThridpartyDocuments"), Storage::Code(1));
        assert_eq!(Storage::from_name("7"), Storage::Code(7));
        assert_eq!(Storage::from_name("cloud?"), Storage::Missing);
    }

    #[test]
    fn newest_first_unknown_dates_last_ties_by_name_then_id() {
        let list = vec![
            backup("a", Some("old"), Some(1_000)),
            backup("b", None, None),
            backup("c", Some("new"), Some(3_000)),
            backup("d", Some("mid-b"), Some(2_000)),
            backup("e", Some("mid-a"), Some(2_000)),
            backup("f", Some("also unknown"), None),
            backup("h", Some("Same"), Some(500)),
            backup("g", Some("same"), Some(500)),
        ];
        // "also unknown" before "Unnamed backup": names compare without regard to case; "Same"
        // and "same" at the same instant are told apart by id.
        let expected = ["c", "e", "d", "a", "g", "h", "f", "b"];
        // Not a stable sort: the order never depends on the order the server sent.
        for reversed in [false, true] {
            let mut list = list.clone();
            if reversed {
                list.reverse();
            }
            sort_newest_first(&mut list);
            let ids: Vec<&str> = list.iter().map(|b| b.id.as_str()).collect();
            assert_eq!(ids, expected, "input reversed: {reversed}");
        }
    }

    #[test]
    fn titles_fall_back_for_missing_or_blank_names() {
        assert_eq!(backup("x", None, None).title(), "Unnamed backup");
        assert_eq!(backup("x", Some("  "), None).title(), "Unnamed backup");
        assert_eq!(backup("x", Some("a.tar.gz"), None).title(), "a.tar.gz");
    }

    #[test]
    fn expiry_compares_with_now() {
        let now = Timestamp::from_millis(10_000);
        assert!(Expiry::At(Timestamp::from_millis(9_999)).is_expired(now));
        assert!(!Expiry::At(Timestamp::from_millis(10_001)).is_expired(now));
        assert!(!Expiry::Never.is_expired(now));
        assert!(!Expiry::Unknown.is_expired(now));
    }

    #[test]
    fn count_words_say_it_in_words() {
        assert_eq!(count_words(0), "No backups yet");
        assert_eq!(count_words(1), "1 backup");
        assert_eq!(count_words(12), "12 backups");
        assert_eq!(days_words(1), "1 day");
        assert_eq!(days_words(7), "7 days");
    }
}
