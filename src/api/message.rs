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
//!    is then unknown.
//! 3. While a backup runs, the page asks every 2 seconds for the progress alone: `{type:
//!    "docspace-backups:ready", version: 2, only: "progress"}`, answered by `{type:
//!    "docspace-backups:progress", progress: {status, body}, dump}` (a version-1 plugin answers
//!    with the whole history instead, which the page reads as a new load).
//! 4. The page accepts a message only from its parent window and only from the portal's
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
pub const PROGRESS: &str = "docspace-backups:progress";
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

/// A message that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    /// The history, and (version 2) what is beside it: a load.
    History(Delivered),
    /// The progress alone, asked for while a backup runs.
    Progress(Result<Option<Progress>, Failure>),
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
) -> Result<Message, Ignored> {
    if !from_parent {
        return Err(Ignored::NotFromParent);
    }
    if origin != portal.to_string() {
        return Err(Ignored::ForeignOrigin);
    }
    let dump = f.dump.unwrap_or(false);
    match f.kind.as_deref() {
        Some(HISTORY) => {}
        Some(PROGRESS) => {
            let progress = f.progress.ok_or(Ignored::Malformed)?;
            return Ok(Message::Progress(
                part(Some(progress), portal).and_then(|(s, b)| read_progress(s, &b, dump)),
            ));
        }
        _ => return Err(Ignored::NotOurs),
    }
    let body = f.body.ok_or(Ignored::Malformed)?;
    // Status 0: the plugin's own fetch of the history failed (the portal is unreachable).
    let answer = match f.status {
        Some(0.0) => Err(Failure::Unreachable {
            page_origin: portal.to_string(),
        }),
        status => read_answer(valid_status(status).ok_or(Ignored::Malformed)?, &body, dump),
    };
    let beside = f.schedule.is_some().then(|| Beside {
        schedule: part(f.schedule, portal).and_then(|(s, b)| read_schedule(s, &b, dump)),
        progress: part(f.progress, portal).and_then(|(s, b)| read_progress(s, &b, dump)),
        zone: part(f.settings, portal).and_then(|(s, b)| read_zone(s, &b)),
    });
    Ok(Message::History(Delivered {
        dump,
        answer,
        beside,
    }))
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

    fn delivered(m: Result<Message, Ignored>) -> Delivered {
        match m {
            Ok(Message::History(d)) => d,
            other => panic!("not a history: {other:?}"),
        }
    }

    const BODY: &str = r#"{"response":[{"id":"a","fileName":"x.tar.gz","storageType":0,"createdOn":"2024-05-01T10:20:31","expiresOn":"0001-01-01T00:00:00"}],"status":0,"statusCode":200}"#;

    #[test]
    fn a_history_from_the_portal_is_read_like_a_fetch() {
        let d = delivered(accept(
            "https://portal.example.com",
            true,
            &portal(),
            history(200.0, BODY),
        ));
        assert!(!d.dump);
        assert_eq!(d.answer.unwrap().backups.len(), 1);
        let d = delivered(accept(
            "https://portal.example.com",
            true,
            &portal(),
            history(403.0, r#"{"error":{"message":"Access denied"}}"#),
        ));
        assert!(matches!(d.answer, Err(Failure::Http { status: 403, .. })));
        let d = delivered(accept(
            "https://portal.example.com",
            true,
            &portal(),
            history(200.0, "<html>"),
        ));
        assert!(matches!(d.answer, Err(Failure::NotHistory { .. })));
        // The plugin could not fetch the history at all.
        let d = delivered(accept(
            "https://portal.example.com",
            true,
            &portal(),
            history(0.0, "TypeError"),
        ));
        assert!(matches!(d.answer, Err(Failure::Unreachable { .. })));
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
        let d = delivered(accept(
            "https://portal.example.com",
            true,
            &portal(),
            fields,
        ));
        assert_eq!(d.answer.unwrap().backups.len(), 1, "the history as ever");
        let beside = d.beside.expect("version 2");
        assert_eq!(beside.schedule.unwrap().unwrap().keeps, Some(30));
        assert!(matches!(
            beside.progress,
            Err(Failure::Http { status: 403, .. })
        ));
        assert!(matches!(beside.zone, Err(Failure::Unreachable { .. })));
        // Version 1: nothing beside.
        let d = delivered(accept(
            "https://portal.example.com",
            true,
            &portal(),
            history(200.0, BODY),
        ));
        assert_eq!(d.beside, None);
        // The progress alone, while a backup runs.
        let progress = Fields {
            kind: Some(PROGRESS.into()),
            progress: Some(Part {
                status: Some(200.0),
                body: Some(r#"{"response":{"progress":40,"status":1}}"#.into()),
            }),
            ..Fields::default()
        };
        match accept("https://portal.example.com", true, &portal(), progress) {
            Ok(Message::Progress(Ok(Some(p)))) => assert_eq!(p.percent, 40),
            other => panic!("{other:?}"),
        }
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
        for status in [200.5, 1e9, f64::NAN] {
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
