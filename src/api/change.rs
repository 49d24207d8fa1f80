//! The requests that change a portal's backups (`startbackup`, `deletebackup/{id}`,
//! `deletebackuphistory`, `startrestore`) and what their answers and failures say. Sent only
//! after a confirming click in a dialog (`state::changes`); here they are plain values.

use std::fmt::Write as _;

use super::failure::{status_words, Failure};
use super::schedule::{read_progress, Progress};

pub const RESTORE_PROGRESS_PATH: &str = "/api/2.0/backup/getrestoreprogress";

/// One change, as the admin confirmed it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// `POST startbackup`: a backup now, to `storage` with its parameters.
    BackUpNow {
        storage: i64,
        params: Vec<(String, String)>,
        dump: bool,
    },
    /// `DELETE deletebackup/{id}`: the record and its file.
    Delete { id: String },
    /// `DELETE deletebackuphistory?Dump=`: every backup of that kind.
    DeleteAll { dump: bool },
    /// `POST startrestore`: the portal back to a backup from its list, as DocSpace's own backup
    /// list sends it (storage 0, the backup's id as `fileId`; docspace-api.md).
    Restore {
        backup_id: String,
        notify: bool,
        dump: bool,
    },
}

/// Whether a backup id can go into a path: not empty, and not made of dots only (`.` and `..`,
/// written plainly or percent-encoded, would be resolved as path steps by the URL parser).
pub fn sendable_id(id: &str) -> bool {
    !id.is_empty() && !id.chars().all(|c| c == '.')
}

/// A JSON string literal (quotes and escapes), without a JSON library's generic writer.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// DocSpace's `storageParams` list: `[{"key":"folderId","value":"…"}]`.
fn params_json(params: &[(String, String)]) -> String {
    let items: Vec<String> = params
        .iter()
        .map(|(k, v)| format!(r#"{{"key":{},"value":{}}}"#, json_string(k), json_string(v)))
        .collect();
    format!("[{}]", items.join(","))
}

impl Change {
    pub fn method(&self) -> &'static str {
        match self {
            Change::BackUpNow { .. } | Change::Restore { .. } => "POST",
            Change::Delete { .. } | Change::DeleteAll { .. } => "DELETE",
        }
    }

    /// The path (its query is [`Change::query`]); an id goes in percent-encoded.
    pub fn path(&self) -> String {
        match self {
            Change::BackUpNow { .. } => "/api/2.0/backup/startbackup".into(),
            Change::Delete { id } => {
                let id: String = id
                    .bytes()
                    .map(|b| match b {
                        b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                            (b as char).to_string()
                        }
                        b => format!("%{b:02X}"),
                    })
                    .collect();
                format!("/api/2.0/backup/deletebackup/{id}")
            }
            Change::DeleteAll { .. } => "/api/2.0/backup/deletebackuphistory".into(),
            Change::Restore { .. } => "/api/2.0/backup/startrestore".into(),
        }
    }

    /// The query (`Dump` of "Delete all"), given to gloo-net apart from the path: it appends
    /// its own, possibly empty, query to a URL that has one.
    pub fn query(&self) -> Vec<(&'static str, &'static str)> {
        match self {
            Change::DeleteAll { dump } => vec![("Dump", if *dump { "true" } else { "false" })],
            _ => Vec::new(),
        }
    }

    /// The JSON body, for the POSTs.
    pub fn body(&self) -> Option<String> {
        match self {
            Change::BackUpNow {
                storage,
                params,
                dump,
            } => Some(format!(
                r#"{{"storageType":{storage},"storageParams":{},"dump":{dump}}}"#,
                params_json(params)
            )),
            Change::Restore {
                backup_id,
                notify,
                dump,
            } => Some(format!(
                r#"{{"backupId":{id},"storageType":0,"storageParams":{},"notify":{notify},"dump":{dump}}}"#,
                params_json(&[("fileId".into(), backup_id.clone())]),
                id = json_string(backup_id),
            )),
            Change::Delete { .. } | Change::DeleteAll { .. } => None,
        }
    }

    /// What it is, for the log: "Delete backup demo_….tar.gz".
    pub fn words(&self, name: &str) -> String {
        match self {
            Change::BackUpNow { .. } => "Back up now".into(),
            Change::Delete { .. } => format!("Delete backup {name}"),
            Change::DeleteAll { dump: false } => "Delete all backups".into(),
            Change::DeleteAll { dump: true } => "Delete all workspace backups".into(),
            Change::Restore { .. } => format!("Restore portal from {name}"),
        }
    }
}

/// What the portal answered to a change it accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Accepted {
    /// `true`: done (a deletion).
    Done,
    /// A task started (a backup, a restore), with its first progress.
    Started(Option<Progress>),
}

/// Reads a change's answer: a 2xx is accepted; anything else is the failure, in the words of a
/// change ([`change_failure`]).
pub fn read_change(change: &Change, status: u16, body: &str) -> Result<Accepted, String> {
    if !(200..300).contains(&status) {
        return Err(change_failure(&Failure::from_http(status, body, false)));
    }
    Ok(match change {
        Change::BackUpNow { .. } | Change::Restore { .. } => {
            Accepted::Started(read_progress(status, body, false).ok().flatten())
        }
        Change::Delete { .. } | Change::DeleteAll { .. } => Accepted::Done,
    })
}

/// A refused or failed change in words: the status, the server's message, and what to do.
pub fn change_failure(failure: &Failure) -> String {
    let Failure::Http {
        status,
        server_message,
        ..
    } = failure
    else {
        return match failure {
            Failure::TimedOut { seconds } => format!(
                "The portal did not answer within {seconds} seconds: the change may or may not have happened. Refresh to see the backups as they are now."
            ),
            other => format!(
                "The change was not made: {}. Check the connection and try again.",
                other.brief()
            ),
        };
    };
    let mut s = format!("The portal refused the change: {}", status_words(*status));
    if let Some(msg) = server_message {
        let _ = write!(s, ": “{msg}”");
    }
    s.push_str(". ");
    s.push_str(match status {
        401 => "The access token is wrong or has expired. Create a new one and paste it here.",
        402 => "The portal's plan does not allow this now (a plan's free backups may be used up this month). The owner can check the plan under Payments in DocSpace.",
        403 => "Only the portal owner or a DocSpace admin may change backups, and an API key needs the *:write scope (a key with *:read only can list them).",
        404 => "The portal does not know this backup any more: Refresh to see the list as it is.",
        409 => "Something else runs on the portal (a backup or a restore): wait until it ends.",
        500..=599 => "The portal failed: try again in a few minutes; if it persists, the server's administrator should check DocSpace's logs.",
        _ => "Nothing was changed. Refresh to see the backups as they are now.",
    });
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_change_is_the_request_docspace_expects() {
        let now = Change::BackUpNow {
            storage: 5,
            params: vec![("bucket".into(), "b\"q".into())],
            dump: false,
        };
        assert_eq!(now.method(), "POST");
        assert_eq!(now.path(), "/api/2.0/backup/startbackup");
        assert_eq!(
            now.body().unwrap(),
            r#"{"storageType":5,"storageParams":[{"key":"bucket","value":"b\"q"}],"dump":false}"#
        );
        let delete = Change::Delete {
            id: "3f2c/../x y".into(),
        };
        assert_eq!(delete.method(), "DELETE");
        assert_eq!(
            delete.path(),
            "/api/2.0/backup/deletebackup/3f2c%2F..%2Fx%20y",
            "an id cannot reach another path"
        );
        assert_eq!(delete.body(), None);
        assert!(sendable_id("3f2c1a9e-0000-4000-8000-000000000000"));
        for id in ["", ".", "..", "..."] {
            assert!(!sendable_id(id), "{id:?}");
        }
        let all = Change::DeleteAll { dump: true };
        assert_eq!(all.path(), "/api/2.0/backup/deletebackuphistory");
        assert_eq!(all.query(), [("Dump", "true")]);
        let restore = Change::Restore {
            backup_id: "a1".into(),
            notify: true,
            dump: false,
        };
        assert_eq!(
            restore.body().unwrap(),
            r#"{"backupId":"a1","storageType":0,"storageParams":[{"key":"fileId","value":"a1"}],"notify":true,"dump":false}"#
        );
        assert_eq!(json_string("a\nb"), r#""a\u000ab""#);
    }

    #[test]
    fn answers_and_refusals_in_words() {
        let delete = Change::Delete { id: "a".into() };
        assert_eq!(
            read_change(&delete, 200, r#"{"response":true}"#),
            Ok(Accepted::Done)
        );
        let start = Change::BackUpNow {
            storage: 4,
            params: vec![],
            dump: false,
        };
        let progress =
            r#"{"response":{"progress":0,"status":0,"isCompleted":false,"backupProgressEnum":0}}"#;
        assert!(matches!(
            read_change(&start, 200, progress),
            Ok(Accepted::Started(Some(p))) if p.percent == 0 && !p.ended
        ));
        let refused =
            read_change(&delete, 403, r#"{"error":{"message":"Access denied"}}"#).unwrap_err();
        assert!(
            refused.contains("HTTP 403 Forbidden: “Access denied”"),
            "{refused}"
        );
        assert!(refused.contains("*:write"), "{refused}");
        let payment = read_change(&start, 402, "").unwrap_err();
        assert!(
            payment.contains("HTTP 402") && payment.contains("free backups"),
            "{payment}"
        );
        let late = change_failure(&Failure::TimedOut { seconds: 30 });
        assert!(late.contains("may or may not have happened") && late.contains("Refresh"));
    }
}
