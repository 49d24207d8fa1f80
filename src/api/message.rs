//! The postMessage protocol between the page in an iframe and the DocSpace plugin around it,
//! so the plugin can supply the history and no token ever reaches the page.
//!
//! 1. The page, framed with `?portal=<portal origin>`, posts `{type: "docspace-backups:ready",
//!    version: 1}` to its parent, with that origin as the target (nobody else can read it).
//! 2. The plugin (same origin as the portal, the admin's session) fetches
//!    `getbackuphistory` and posts `{type: "docspace-backups:history", status, body, dump}`:
//!    the HTTP status, the body as text, and whether it asked for `Dump=true`.
//! 3. The page accepts a message only from its parent window and only from the portal's
//!    origin, reads it with the same code as a fetched answer ([`read_answer`]) and shows it.
//!    Anything else is ignored and counted, never shown.

use super::answer::read_answer;
use super::envelope::History;
use super::failure::Failure;
use super::url::Origin;

pub const READY: &str = "docspace-backups:ready";
pub const HISTORY: &str = "docspace-backups:history";
pub const VERSION: u32 = 1;

/// The fields of a message's `data`, as the browser layer reads them (absent or of the wrong
/// type: `None`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fields {
    pub kind: Option<String>,
    pub status: Option<f64>,
    pub body: Option<String>,
    pub dump: Option<bool>,
}

/// A history message that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub struct Delivered {
    pub dump: bool,
    pub answer: Result<History, Failure>,
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
    let status = f
        .status
        .filter(|s| s.fract() == 0.0 && (100.0..=599.0).contains(s))
        .ok_or(Ignored::Malformed)? as u16;
    let body = f.body.ok_or(Ignored::Malformed)?;
    let dump = f.dump.unwrap_or(false);
    Ok(Delivered {
        dump,
        answer: read_answer(status, &body, dump),
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
            dump: None,
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
