//! The status line: every message it can show, and the words of each, decided here alone.

use leptos::prelude::*;

use crate::backup::count_words;
use crate::backup::export::Format;

/// Where the cards on screen came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The page's own request to the portal.
    Portal,
    /// The DocSpace plugin around the page posted them.
    Plugin,
    /// The sample history, made in the page.
    Sample,
}

/// What the status line says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Status {
    /// Nothing has happened yet: the line is empty (and the page shows its idle hint).
    #[default]
    Idle,
    Loading,
    /// `count` cards shown; `skipped` entries of the answer were not records.
    Loaded {
        count: usize,
        skipped: usize,
        from: Source,
    },
    Cancelled,
    /// The alert says why.
    Failed,
    CopiedId,
    /// The clipboard was refused; the ID is selected instead.
    CopyIdRefused,
    CopiedIds(usize),
    CopyIdsRefused,
    Exported {
        count: usize,
        format: Format,
    },
    Forgot,
    /// A confirmed change is on its way to the portal.
    Changing(String),
    /// The alert says why.
    ChangeFailed,
    Deleted(String),
    DeletedAll,
    BackupStarted,
    /// The backup "Back up now" started is in the history.
    BackupMade(String),
    RestoreStarted,
    RestoreFinished,
    RestoreFailed,
    /// The portal answered a deletion, but the backup is still listed.
    StillListed(String),
}

impl Status {
    pub fn words(&self) -> String {
        match self {
            Status::Idle => String::new(),
            Status::Loading => "Loading backups…".into(),
            Status::Loaded {
                count,
                skipped,
                from,
            } => {
                let mut words = count_words(*count);
                if *skipped > 0 {
                    let noun = if *skipped == 1 { "entry" } else { "entries" };
                    words.push_str(&format!(" ({skipped} unreadable {noun} left out)"));
                }
                match from {
                    Source::Portal => {}
                    Source::Plugin => words.push_str(" (sent by the DocSpace plugin)"),
                    Source::Sample => words.push_str(" (sample data)"),
                }
                words
            }
            Status::Cancelled => "Cancelled".into(),
            Status::Failed => "Could not load backups".into(),
            Status::CopiedId => "Copied backup ID".into(),
            Status::CopyIdRefused => "Could not copy: the browser refused. The backup ID is selected; press Ctrl+C to copy it.".into(),
            Status::CopiedIds(n) => format!("Copied {n} backup IDs"),
            Status::CopyIdsRefused => {
                "Could not copy: the browser refused. Export the list instead.".into()
            }
            Status::Exported { count, format } => {
                format!("Exported {count} backups as {}", format.label())
            }
            Status::Forgot => "Forgot the remembered portal URL, Dump choice and token".into(),
            Status::Changing(what) => format!("{what}: waiting for the portal…"),
            Status::ChangeFailed => "The change was not made, or may not have been".into(),
            Status::Deleted(name) => format!("Deleted backup {name}"),
            Status::DeletedAll => "Deleted all backups".into(),
            Status::BackupStarted => "Backup started".into(),
            Status::BackupMade(name) => format!("Backup made: {name}"),
            Status::RestoreStarted => {
                "Restore started. The portal is unavailable while it restores.".into()
            }
            Status::RestoreFailed => "The restore failed (the alert says why)".into(),
            Status::StillListed(name) => {
                format!("The portal answered, but {name} is still listed")
            }
            Status::RestoreFinished => {
                "Restore finished. Sign in to the portal again: the restore ended every session."
                    .into()
            }
        }
    }
}

/// The live status line (`role="status"`).
#[derive(Clone, Copy)]
pub struct StatusLine(RwSignal<Status>);

impl StatusLine {
    pub(super) fn new() -> Self {
        StatusLine(RwSignal::new(Status::Idle))
    }

    /// Puts `status` on the line (said again even when the words are the same).
    pub fn say(self, status: Status) {
        self.0.set(status);
    }

    /// What the line says now, as a message (not tracked).
    pub(super) fn current(self) -> Status {
        self.0.get_untracked()
    }

    /// What the line says now (read in a reactive closure).
    pub fn words(self) -> String {
        self.0.with(Status::words)
    }

    pub fn is_idle(self) -> bool {
        self.0.with(|s| *s == Status::Idle)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(count: usize, skipped: usize, from: Source) -> String {
        Status::Loaded {
            count,
            skipped,
            from,
        }
        .words()
    }

    #[test]
    fn a_load_says_how_many_and_from_where() {
        assert_eq!(loaded(0, 0, Source::Portal), "No backups yet");
        assert_eq!(loaded(12, 0, Source::Portal), "12 backups");
        assert_eq!(
            loaded(3, 1, Source::Portal),
            "3 backups (1 unreadable entry left out)"
        );
        assert_eq!(
            loaded(65, 2, Source::Plugin),
            "65 backups (2 unreadable entries left out) (sent by the DocSpace plugin)"
        );
        assert_eq!(loaded(45, 0, Source::Sample), "45 backups (sample data)");
    }

    #[test]
    fn every_other_message() {
        assert_eq!(Status::Idle.words(), "");
        assert_eq!(Status::Loading.words(), "Loading backups…");
        assert_eq!(Status::Failed.words(), "Could not load backups");
        assert_eq!(Status::CopiedIds(3).words(), "Copied 3 backup IDs");
        assert_eq!(
            Status::Exported {
                count: 2,
                format: Format::Json
            }
            .words(),
            "Exported 2 backups as JSON"
        );
        assert!(Status::CopyIdRefused.words().contains("press Ctrl+C"));
        assert!(Status::Forgot.words().starts_with("Forgot"));
        // The contract's words after a confirmed change.
        assert_eq!(
            Status::Deleted("a.tar.gz".into()).words(),
            "Deleted backup a.tar.gz"
        );
        assert_eq!(Status::DeletedAll.words(), "Deleted all backups");
        assert_eq!(Status::BackupStarted.words(), "Backup started");
        assert!(Status::RestoreStarted
            .words()
            .starts_with("Restore started"));
    }
}
