//! The postMessage protocol between the page in an iframe and the DocSpace plugin around it,
//! so the plugin can supply the history and no token ever reaches the page.
//!
//! 1. The page, framed with `?portal=<portal origin>`, posts `{type: "docspace-backups:ready",
//!    version: 1}` to its parent, with that origin as the target (nobody else can read it).
//! 2. The plugin (same origin as the portal, the admin's session) fetches
//!    `getbackuphistory` and posts `{type: "docspace-backups:history", status, body, dump}`:
//!    the HTTP status, the body as text, and whether it asked for `Dump=true`. Version 2 (the
//!    page says `version: 2` in its `ready`) adds `schedule`, `progress` and `settings`, each
//!    `{status, body}` of `getbackupschedule`, `getbackupprogress` and `settings` (status 0: the
//!    plugin's fetch failed). A version-1 plugin's message still shows the history; the schedule
//!    is then unknown. The page says `ready` again to ask for fresh answers (the progress).
//! 3. The page accepts a message only from its parent window and only from the portal's
//!    origin, reads it with the same code as a fetched answer ([`read_answer`]) and shows it.
//!    Anything else is ignored and counted, never shown.

use super::answer::read_answer;
use super::envelope::History;
use super::failure::Failure;
use super::schedule::{read_progress, read_schedule, read_zone, PortalZone, Progress};
use super::url::Origin;
use crate::backup::schedule::Schedule;

pub const READY: &str = "docspace-backups:ready";
pub const HISTORY: &str = "docspace-backups:history";
pub const VERSION: u32 = 2;

/// The fields of a message's `data`, as the browser layer reads them (absent or of the wrong
/// type: `None`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fields {
    pub kind: Option<String>,
    pub status: Option<f64>,
    pub body: Option<String>,
    pub dump: Option<bool>,
    /// Version 2's answers beside the history (`None`: not in the message).
    pub schedule: Option<Part>,
    pub progress: Option<Part>,
    pub settings: Option<Part>,
}

/// One of version 2's answers as the browser layer reads it: `{status, body}`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Part {
    pub status: Option<f64>,
    pub body: Option<String>,
}

/// A history message that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivered {
    pub dump: bool,
    pub answer: Result<History, Failure>,
    /// What a version-2 plugin sent beside the history; `None` from a version-1 plugin.
    pub beside: Option<Beside>,
}

/// The schedule, the progress and the portal's zone, each read on its own.
#[derive(Clone, Debug, PartialEq)]
pub struct Beside {
    pub schedule: Result<Option<Schedule>, Failure>,
    pub progress: Result<Option<Progress>, Failure>,
    pub zone: Result<PortalZone, Failure>,
}

/// A part's status and body; a status 0, or none, is a fetch of the plugin's that failed.
fn part(p: Option<Part>, portal: &Origin) -> Result<(u16, String), Failure> {
    let p = p.unwrap_or_default();
    match (valid_status(p.status), p.body) {
        (Some(status), Some(body)) => Ok((status, body)),
        _ => Err(Failure::Unreachable {
            page_origin: portal.to_string(),
        }),
    }
}

fn valid_status(status: Option<f64>) -> Option<u16> {
    status
        .filter(|s| s.fract() == 0.0 && (100.0..=599.0).contains(s))
        .map(|s| s as u16)
}

/// Why a message was ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ignored {
    /// Not from the window that frames the page.
    NotFromParent,
    /// From another origin than the portal named in `?portal=`.
    ForeignOrigin,
    /// Not one of this protocol's messages.
    NotOurs,
    /// Ours, but missing a field or with a field of the wrong type.
    Malformed,
}

/// Checks a message and reads its answer.
pub fn accept(
    origin: &str,
    from_parent: bool,
    portal: &Origin,
    f: Fields,
) -> Result<Delivered, Ignored> {
    if !from_parent {
        return Err(Ignored::NotFromParent);
    }
    if origin != portal.to_string() {
        return Err(Ignored::ForeignOrigin);
    }
    if f.kind.as_deref() != Some(HISTORY) {
        return Err(Ignored::NotOurs);
    }
    let status = valid_status(f.status).ok_or(Ignored::Malformed)?;
    let body = f.body.ok_or(Ignored::Malformed)?;
    let dump = f.dump.unwrap_or(false);
    let beside = f.schedule.is_some().then(|| Beside {
        schedule: part(f.schedule, portal).and_then(|(s, b)| read_schedule(s, &b, dump)),
        progress: part(f.progress, portal).and_then(|(s, b)| read_progress(s, &b, dump)),
        zone: part(f.settings, portal).and_then(|(s, b)| read_zone(s, &b)),
    });
    Ok(Delivered {
        dump,
        answer: read_answer(status, &body, dump),
        beside,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::url::parse_portal_url;

    fn portal() -> Origin {
        parse_portal_url("https://portal.example.com").unwrap()
    }

    fn history(status: f64, body: &str) -> Fields {
        Fields {
            kind: Some(HISTORY.into()),
            status: Some(status),
            body: Some(body.into()),
            ..Fields::default()
        }
    }

    const BODY: &str = r#"{"response":[{"id":"a","fileName":"x.tar.gz","storageType":0,"createdOn":"2024-05-01T10:20:31","expiresOn":"0001-01-01T00:00:00"}],"status":0,"statusCode":200}"#;

    #[test]
    fn a_history_from_the_portal_is_read_like_a_fetch() {
        let d = accept(
            "https://portal.example.com",
            true,
            &portal(),
            history(200.0, BODY),
        )
        .unwrap();
        assert!(!d.dump);
        assert_eq!(d.answer.unwrap().backups.len(), 1);
        let d = accept(
            "https://portal.example.com",
            true,
            &portal(),
            history(403.0, r#"{"error":{"message":"Access denied"}}"#),
        )
        .unwrap();
        assert!(matches!(d.answer, Err(Failure::Http { status: 403, .. })));
        let d = accept(
            "https://portal.example.com",
            true,
            &portal(),
            history(200.0, "<html>"),
        )
        .unwrap();
        assert!(matches!(d.answer, Err(Failure::NotHistory { .. })));
    }

    #[test]
    fn version_2_brings_the_schedule_progress_and_zone_each_on_its_own() {
        let schedule = r#"{"response":{"storageType":5,"cronParams":{"period":0,"hour":2},"backupsStored":30}}"#;
        let fields = Fields {
            schedule: Some(Part {
                status: Some(200.0),
                body: Some(schedule.into()),
            }),
            progress: Some(Part {
                status: Some(403.0),
                body: Some(r#"{"error":{"message":"Access denied"}}"#.into()),
            }),
            // The plugin's fetch of the settings failed.
            settings: Some(Part {
                status: Some(0.0),
                body: Some(String::new()),
            }),
            ..history(200.0, BODY)
        };
        let d = accept("https://portal.example.com", true, &portal(), fields).unwrap();
        assert_eq!(d.answer.unwrap().backups.len(), 1, "the history as ever");
        let beside = d.beside.expect("version 2");
        assert_eq!(beside.schedule.unwrap().unwrap().keeps, Some(30));
        assert!(matches!(
            beside.progress,
            Err(Failure::Http { status: 403, .. })
        ));
        assert!(matches!(beside.zone, Err(Failure::Unreachable { .. })));
        // Version 1: nothing beside.
        let d = accept(
            "https://portal.example.com",
            true,
            &portal(),
            history(200.0, BODY),
        )
        .unwrap();
        assert_eq!(d.beside, None);
    }

    #[test]
    fn anything_else_is_ignored() {
        let p = portal();
        assert_eq!(
            accept("https://evil.example", true, &p, history(200.0, BODY)),
            Err(Ignored::ForeignOrigin)
        );
        assert_eq!(
            accept(
                "https://portal.example.com:444",
                true,
                &p,
                history(200.0, BODY)
            ),
            Err(Ignored::ForeignOrigin)
        );
        assert_eq!(
            accept(
                "https://portal.example.com",
                false,
                &p,
                history(200.0, BODY)
            ),
            Err(Ignored::NotFromParent)
        );
        let other = Fields {
            kind: Some("something-else".into()),
            ..history(200.0, BODY)
        };
        assert_eq!(
            accept("https://portal.example.com", true, &p, other),
            Err(Ignored::NotOurs)
        );
        assert_eq!(
            accept("https://portal.example.com", true, &p, Fields::default()),
            Err(Ignored::NotOurs)
        );
        for status in [0.0, 200.5, 1e9, f64::NAN] {
            assert_eq!(
                accept(
                    "https://portal.example.com",
                    true,
                    &p,
                    history(status, BODY)
                ),
                Err(Ignored::Malformed)
            );
        }
        let no_body = Fields {
            body: None,
            ..history(200.0, BODY)
        };
        assert_eq!(
            accept("https://portal.example.com", true, &p, no_body),
            Err(Ignored::Malformed)
        );
    }
}
