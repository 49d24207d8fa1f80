//! The end-to-end harness: the built `dist/` and the demo portal on loopback origins, driven
//! in headless Chromium through ChromeDriver (`tools/browser`).
//!
//! - `world`: a test's servers and browser ([`Page::open`], [`Page::run`] and its gates).
//! - `queries`: finding things as a person does — fields by their label, buttons by their
//!   name, the status line and alerts by their role, cards in the "Backups" region.
//! - `audits`: the CSP, console and axe-core checks.
//! - `spec`: every demo answer against DocSpace's OpenAPI schemas.
//! - [`nginx`]: a real nginx serving `dist/` with the README's recipe.

use std::path::PathBuf;
use std::time::Duration;

mod audits;
pub mod nginx;
mod queries;
mod spec;
mod world;

pub use browser::{closed_port, Browser};
pub use queries::Card;
pub use world::Page;

pub use demo_portal::history::generated as generated_history;
pub use demo_portal::situation::{situation, Situation};
pub use demo_portal::spec::Answer;
pub use demo_portal::{history, situation as situations};
pub use demo_portal::{
    Behaviour, Fault, Hold, Maintenance, SeenRequest, Server, WriteFault, WriteOp, BERLIN_TOKEN,
    DEMO_API_KEY, DEMO_SESSION, DEMO_TOKEN, MONTHLY_TOKEN, NON_ADMIN_TOKEN, PAGES_PATH,
    PLUGIN_HOST_PATH, READ_ONLY_KEY, RUNNING_TOKEN, SAME_ORIGIN_PATH, SCHEDULE_FORBIDDEN_TOKEN,
    SESSION_COOKIE, SIGN_IN_PATH, UNSCHEDULED_TOKEN, WEEKLY_TOKEN, WINDOWS_ZONE_TOKEN,
};

/// The four GETs of a load: the history, and beside it the schedule, the progress (same Dump)
/// and the portal's settings.
pub const A_LOADS_GETS: [&str; 4] = [
    "/api/2.0/backup/getbackuphistory?Dump=false",
    "/api/2.0/backup/getbackupprogress?Dump=false",
    "/api/2.0/backup/getbackupschedule?Dump=false",
    "/api/2.0/settings",
];

/// Whether `calls` are exactly one load's four GETs, in any order.
pub fn asks_the_four(calls: &[SeenRequest]) -> bool {
    let mut paths: Vec<&str> = calls.iter().map(|c| c.path_and_query.as_str()).collect();
    paths.sort_unstable();
    paths == A_LOADS_GETS
}

/// An HTTP status for a [`Fault`].
pub fn status(code: u16) -> demo_portal::StatusCode {
    demo_portal::StatusCode::from_u16(code).expect("a valid status")
}

/// What a failed check says; the harness closes the browser before reporting it.
pub type Check = Result<(), String>;

/// How long a state may take to appear before a check gives up (a deadline, not a measurement).
pub(crate) const PATIENCE: Duration = Duration::from_secs(20);

/// The workspace's `dist/`, built by `trunk build --release` before the tests run.
pub fn dist_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist");
    assert!(
        dir.join("index.html").exists(),
        "{} has no index.html: run `trunk build --release` first (scripts/test.sh does)",
        dir.display()
    );
    dir
}

/// A script's list of texts. Anything else is an error, never an empty list: a gate that
/// read "nothing" from a broken reply would pass without looking.
pub(crate) fn strings(v: &serde_json::Value) -> Result<Vec<String>, String> {
    v.as_array()
        .and_then(|a| a.iter().map(|x| x.as_str().map(str::to_owned)).collect())
        .ok_or_else(|| format!("not a list of texts: {v}"))
}

/// A condition as a check: `Err(message)` when it does not hold.
pub fn ensure(cond: bool, message: impl FnOnce() -> String) -> Check {
    if cond {
        Ok(())
    } else {
        Err(message())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn a_reply_that_is_not_a_list_of_texts_is_an_error() {
        assert_eq!(
            super::strings(&json!(["a", "b"])),
            Ok(vec!["a".into(), "b".into()])
        );
        assert_eq!(super::strings(&json!([])), Ok(vec![]));
        assert!(super::strings(&json!(null)).is_err());
        assert!(super::strings(&json!({"error": "x"})).is_err());
        assert!(super::strings(&json!(["a", 1])).is_err());
    }
}
