//! Reading DocSpace's answers: the success envelope and the error body.
//!
//! Lenient by design (see `shared/docspace-api.md`): unknown fields are ignored, and a record
//! field of the wrong type degrades to "unknown" on its own card instead of failing the page.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

use crate::backup::date::DocDate;
use crate::backup::{Backup, Expiry, Storage};

/// A value of type `T`, or anything else (null, another type), which then counts as absent.
#[derive(Deserialize)]
#[serde(untagged)]
enum Lenient<T> {
    Value(T),
    Other(IgnoredAny),
}

impl<T> Default for Lenient<T> {
    fn default() -> Self {
        Lenient::Other(IgnoredAny)
    }
}

impl<T> Lenient<T> {
    fn into_option(self) -> Option<T> {
        match self {
            Lenient::Value(v) => Some(v),
            Lenient::Other(_) => None,
        }
    }
}

/// `storageType` as a number (what DocSpace sends) or as an enum name.
#[derive(Deserialize)]
#[serde(untagged)]
enum StorageField {
    Code(i64),
    Name(String),
}

/// `id` is a GUID string; a number is shown as written rather than dropped.
#[derive(Deserialize)]
#[serde(untagged)]
enum IdField {
    Text(String),
    Number(serde_json::Number),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawRecord {
    #[serde(default)]
    id: Lenient<IdField>,
    #[serde(default)]
    file_name: Lenient<String>,
    #[serde(default)]
    storage_type: Lenient<StorageField>,
    #[serde(default)]
    created_on: Lenient<String>,
    #[serde(default)]
    expires_on: Lenient<String>,
}

impl From<RawRecord> for Backup {
    fn from(raw: RawRecord) -> Self {
        let id = match raw.id.into_option() {
            Some(IdField::Text(s)) => s,
            Some(IdField::Number(n)) => n.to_string(),
            None => String::new(),
        };
        let storage = match raw.storage_type.into_option() {
            Some(StorageField::Code(n)) => Storage::Code(n),
            Some(StorageField::Name(name)) => Storage::from_name(&name),
            None => Storage::Missing,
        };
        let created = raw
            .created_on
            .into_option()
            .and_then(|s| DocDate::parse(&s).timestamp());
        // No expiry sent at all reads as "does not expire", like the .NET minimum.
        let expiry = raw
            .expires_on
            .into_option()
            .map_or(Expiry::Never, |s| DocDate::parse(&s).into());
        Backup {
            id,
            file_name: raw.file_name.into_option(),
            storage,
            created,
            expiry,
        }
    }
}

/// A `T` read only from a JSON object. Serde's derived structs also accept arrays
/// (`[]` would become an all-default record); a record must be an object.
struct ObjectOnly<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectOnly<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Objects<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Objects<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(Objects(PhantomData)).map(ObjectOnly)
    }
}

#[derive(Deserialize)]
struct Envelope {
    response: Option<Lenient<Vec<Lenient<ObjectOnly<RawRecord>>>>>,
}

/// A backup history as the server sent it (unsorted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    pub backups: Vec<Backup>,
    /// Entries of `response` that were not objects at all (shown as a note, not as cards).
    pub skipped: usize,
}

/// Why a 200 answer was not a DocSpace backup history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotHistory {
    /// Not JSON at all (an HTML page, a truncated body).
    NotJson,
    /// JSON, but without a `response` field.
    NoResponse,
    /// `response` is there but is not a list.
    ResponseNotList,
}

/// Parses a successful `getbackuphistory` body.
pub fn parse_history(body: &str) -> Result<History, NotHistory> {
    let envelope: Envelope = serde_json::from_str(body).map_err(|_| NotHistory::NotJson)?;
    let list = match envelope.response {
        None => return Err(NotHistory::NoResponse),
        Some(Lenient::Other(_)) => return Err(NotHistory::ResponseNotList),
        Some(Lenient::Value(list)) => list,
    };
    let total = list.len();
    let backups: Vec<Backup> = list
        .into_iter()
        .filter_map(Lenient::into_option)
        .map(|ObjectOnly(raw)| Backup::from(raw))
        .collect();
    Ok(History {
        skipped: total - backups.len(),
        backups,
    })
}

/// The longest server message the page repeats; a longer one is cut with an ellipsis.
const MAX_MESSAGE_CHARS: usize = 300;

/// The server's own words from an error body, if it has any:
/// `error.message` (DocSpace's envelope), else a top-level `message`, else ASP.NET's
/// problem-details `title`. Not JSON (an nginx page, an empty body): `None`.
pub fn server_message(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let text = [
        value.pointer("/error/message"),
        value.get("message"),
        value.get("title"),
        value.get("error"),
    ]
    .into_iter()
    .flatten()
    .find_map(|v| v.as_str())?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    Some(if text.chars().count() > MAX_MESSAGE_CHARS {
        let cut: String = text.chars().take(MAX_MESSAGE_CHARS).collect();
        format!("{cut}…")
    } else {
        text
    })
}

/// Whether a body looks like an HTML page (what nginx sends for 502/503/504).
pub fn looks_like_html(body: &str) -> bool {
    let head = body
        .trim_start()
        .get(..body.trim_start().len().min(64))
        .unwrap_or("");
    let head = head.to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<head")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::date::Timestamp;

    const DOC_EXAMPLE: &str = r#"{
      "response": [
        {"id": "3f2c1a9e-8b7d-4c1e-9a55-0c2d7e4b6f10",
         "fileName": "myportal_2024-05-01_10-20-30.tar.gz",
         "storageType": 0,
         "createdOn": "2024-05-01T10:20:31",
         "expiresOn": "0001-01-01T00:00:00"},
        {"id": "a1b2c3d4-0000-4e5f-8a9b-123456789abc",
         "fileName": "myportal_2024-05-02_08-00-05.tar.gz",
         "storageType": 4,
         "createdOn": "2024-05-02T08:00:07",
         "expiresOn": "2024-05-03T08:00:07"}
      ],
      "count": 2,
      "links": [{"href": "https://myportal.onlyoffice.com/api/2.0/backup/getbackuphistory?Dump=false", "action": "GET"}],
      "status": 0,
      "statusCode": 200
    }"#;

    fn ts(iso: &str) -> Timestamp {
        DocDate::parse(iso).timestamp().unwrap()
    }

    #[test]
    fn the_documented_envelope() {
        let h = parse_history(DOC_EXAMPLE).unwrap();
        assert_eq!(h.skipped, 0);
        assert_eq!(
            h.backups,
            vec![
                Backup {
                    id: "3f2c1a9e-8b7d-4c1e-9a55-0c2d7e4b6f10".into(),
                    file_name: Some("myportal_2024-05-01_10-20-30.tar.gz".into()),
                    storage: Storage::Code(0),
                    created: Some(ts("2024-05-01T10:20:31Z")),
                    expiry: Expiry::Never,
                },
                Backup {
                    id: "a1b2c3d4-0000-4e5f-8a9b-123456789abc".into(),
                    file_name: Some("myportal_2024-05-02_08-00-05.tar.gz".into()),
                    storage: Storage::Code(4),
                    created: Some(ts("2024-05-02T08:00:07Z")),
                    expiry: Expiry::At(ts("2024-05-03T08:00:07Z")),
                },
            ]
        );
    }

    #[test]
    fn empty_history_and_total_field() {
        let h = parse_history(r#"{"response":[],"count":0,"total":0,"status":0,"statusCode":200}"#)
            .unwrap();
        assert!(h.backups.is_empty());
    }

    #[test]
    fn unknown_fields_anywhere_are_ignored() {
        let h = parse_history(
            r#"{"response":[{"id":"x","fileName":"a","storageType":3,"createdOn":"2024-05-01T10:20:31Z",
                "expiresOn":"0001-01-01T00:00:00","sizeBytes":12,"tags":{"a":[1,2]}}],
                "newField":{"deep":[null]},"count":1}"#,
        )
        .unwrap();
        assert_eq!(h.backups.len(), 1);
        assert_eq!(h.backups[0].storage, Storage::Code(3));
    }

    #[test]
    fn every_date_form_of_the_api_doc() {
        let body = r#"{"response":[
            {"id":"1","createdOn":"2024-05-01T10:20:31"},
            {"id":"2","createdOn":"2024-05-01T10:20:31.1234567"},
            {"id":"3","createdOn":"2024-05-01T10:20:31.123456Z"},
            {"id":"4","createdOn":"2024-05-01T13:20:31.0000000+03:00"}]}"#;
        let got: Vec<String> = parse_history(body)
            .unwrap()
            .backups
            .iter()
            .map(|b| b.created.unwrap().to_iso_utc())
            .collect();
        assert_eq!(
            got,
            [
                "2024-05-01T10:20:31Z",
                "2024-05-01T10:20:31.123Z",
                "2024-05-01T10:20:31.123Z",
                "2024-05-01T10:20:31Z"
            ]
        );
    }

    #[test]
    fn hostile_or_odd_records_degrade_on_their_own_card() {
        let body = r#"{"response":[
            {"id":null,"fileName":null,"storageType":"nine","createdOn":12,"expiresOn":"soon"},
            {"fileName":"<script>alert(1)</script>","storageType":9,"createdOn":"0001-01-01T00:00:00"},
            {"id":42,"storageType":"DataStore","expiresOn":null},
            {"id":"x","storageType":4.5,"createdOn":"not a date"},
            7, "text", null, []
        ]}"#;
        let h = parse_history(body).unwrap();
        assert_eq!(h.skipped, 4);
        let b = &h.backups;
        assert_eq!((b[0].id.as_str(), b[0].title()), ("", "Unnamed backup"));
        assert_eq!(b[0].storage, Storage::Missing);
        assert_eq!(b[0].created, None);
        assert_eq!(b[0].expiry, Expiry::Unknown);
        assert_eq!(b[1].title(), "<script>alert(1)</script>");
        assert_eq!(b[1].storage.label(), "Unknown storage (9)");
        assert_eq!(b[1].created, None, "the minimum date is no creation date");
        assert_eq!((b[2].id.as_str(), b[2].storage), ("42", Storage::Code(4)));
        assert_eq!(b[2].expiry, Expiry::Never);
        assert_eq!(b[3].storage, Storage::Missing);
        assert_eq!(b[3].created, None);
    }

    #[test]
    fn answers_that_are_not_a_history() {
        assert_eq!(parse_history(""), Err(NotHistory::NotJson));
        assert_eq!(
            parse_history("<!DOCTYPE html><html>"),
            Err(NotHistory::NotJson)
        );
        assert_eq!(
            parse_history(r#"{"response":[{"id":"x"#),
            Err(NotHistory::NotJson)
        );
        assert_eq!(parse_history(r#"{"count":0}"#), Err(NotHistory::NoResponse));
        assert_eq!(
            parse_history(r#"{"response":null}"#),
            Err(NotHistory::NoResponse)
        );
        assert_eq!(
            parse_history(r#"{"response":{"id":"x"}}"#),
            Err(NotHistory::ResponseNotList)
        );
        assert_eq!(
            parse_history(r#"{"response":"ok"}"#),
            Err(NotHistory::ResponseNotList)
        );
        assert_eq!(parse_history("[1,2]"), Err(NotHistory::NotJson));
    }

    #[test]
    fn server_messages_from_every_error_shape() {
        let envelope = r#"{"error":{"message":"Access denied","type":"System.Security.SecurityException","stack":"…","hresult":-2146233078},"status":1,"statusCode":403}"#;
        assert_eq!(server_message(envelope).as_deref(), Some("Access denied"));
        assert_eq!(
            server_message(r#"{"message":"  Plan\n expired "}"#).as_deref(),
            Some("Plan expired")
        );
        assert_eq!(
            server_message(r#"{"type":"x","title":"Unauthorized","status":401}"#).as_deref(),
            Some("Unauthorized")
        );
        assert_eq!(
            server_message(r#"{"error":"invalid_token"}"#).as_deref(),
            Some("invalid_token")
        );
        assert_eq!(server_message(""), None);
        assert_eq!(
            server_message("<html><body>502 Bad Gateway</body></html>"),
            None
        );
        assert_eq!(server_message(r#"{"error":{"message":""}}"#), None);
        assert_eq!(server_message(r#"{"error":{"message":42}}"#), None);
        let long = format!(r#"{{"error":{{"message":"{}"}}}}"#, "é".repeat(1000));
        let cut = server_message(&long).unwrap();
        assert_eq!(cut.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn html_detection() {
        assert!(looks_like_html("\n<!DOCTYPE html>\n<html>"));
        assert!(looks_like_html(
            "<html><head><title>502 Bad Gateway</title>"
        ));
        assert!(!looks_like_html(r#"{"response":[]}"#));
        assert!(!looks_like_html(""));
        assert!(!looks_like_html("é"));
    }
}
