//! Reading DocSpace's success envelope (error bodies: [`super::error_body`]).
//!
//! Lenient by design (see `shared/docspace-api.md`): unknown fields are ignored, and a record
//! field of the wrong type degrades to "unknown" on its own card instead of failing the page.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::backup::date::DocDate;
use crate::backup::{Backup, Expiry, Storage};

/// What a JSON value is read as. Each field takes its shapes (a string, a number, an object);
/// any other value (null, another type) reads as absent. The parser hands values straight to
/// these functions: nothing is buffered, so a history of 100,000 records is read once, not
/// copied into an intermediate tree first (what serde's untagged enums would do).
pub(super) trait Shape<'de>: Sized {
    fn boolean(_: bool) -> Option<Self> {
        None
    }
    fn string(_: &str) -> Option<Self> {
        None
    }
    fn int(_: i64) -> Option<Self> {
        None
    }
    fn unsigned(n: u64) -> Option<Self> {
        i64::try_from(n).ok().and_then(Self::int)
    }
    fn float(_: f64) -> Option<Self> {
        None
    }
    fn null() -> Option<Self> {
        None
    }
    fn list<A: SeqAccess<'de>>(mut seq: A) -> Result<Option<Self>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// A value of shape `T`, or `None` when it has another shape.
pub(super) struct Lenient<T>(pub(super) Option<T>);

impl<T> Default for Lenient<T> {
    fn default() -> Self {
        Lenient(None)
    }
}

impl<'de, T: Shape<'de>> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Read<T>(PhantomData<T>);
        impl<'de, T: Shape<'de>> Visitor<'de> for Read<T> {
            type Value = Lenient<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
                Ok(Lenient(T::boolean(b)))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
                Ok(Lenient(T::int(n)))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
                Ok(Lenient(T::unsigned(n)))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Self::Value, E> {
                Ok(Lenient(T::float(n)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Lenient(T::string(s)))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Lenient(T::null()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                T::list(seq).map(Lenient)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::object(map).map(Lenient)
            }
        }
        d.deserialize_any(Read(PhantomData))
    }
}

impl Shape<'_> for String {
    fn string(s: &str) -> Option<Self> {
        Some(s.to_owned())
    }
}

/// `id` is a GUID string; a number is shown as written rather than dropped.
struct Id(String);

impl Shape<'_> for Id {
    fn string(s: &str) -> Option<Self> {
        Some(Id(s.to_owned()))
    }
    fn int(n: i64) -> Option<Self> {
        Some(Id(n.to_string()))
    }
    fn unsigned(n: u64) -> Option<Self> {
        Some(Id(n.to_string()))
    }
    fn float(n: f64) -> Option<Self> {
        serde_json::Number::from_f64(n).map(|n| Id(n.to_string()))
    }
}

/// `storageType` as a number (what DocSpace sends) or as an enum name.
impl Shape<'_> for Storage {
    fn string(s: &str) -> Option<Self> {
        Some(Storage::from_name(s))
    }
    fn int(n: i64) -> Option<Self> {
        Some(Storage::Code(n))
    }
}

/// A date string, parsed where it is read (no copy of the text is kept).
impl Shape<'_> for DocDate {
    fn string(s: &str) -> Option<Self> {
        Some(DocDate::parse(s))
    }
}

/// The fields read: the envelope's `response` and a record's five; others are skipped unread.
enum Field {
    Response,
    Id,
    FileName,
    StorageType,
    CreatedOn,
    ExpiresOn,
    Other,
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E>(self, name: &str) -> Result<Field, E> {
                Ok(match name {
                    "response" => Field::Response,
                    "id" => Field::Id,
                    "fileName" => Field::FileName,
                    "storageType" => Field::StorageType,
                    "createdOn" => Field::CreatedOn,
                    "expiresOn" => Field::ExpiresOn,
                    _ => Field::Other,
                })
            }
        }
        d.deserialize_identifier(Name)
    }
}

/// A backup record: must be a JSON object (anything else in the list is skipped and counted).
impl<'de> Shape<'de> for Backup {
    fn object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let mut id = None;
        let mut file_name = None;
        let mut storage = None;
        let mut created: Option<DocDate> = None;
        // No expiry sent at all (or null) reads as "does not expire", like the .NET minimum.
        let mut expires: Option<DocDate> = None;
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Id => id = map.next_value::<Lenient<Id>>()?.0,
                Field::FileName => file_name = map.next_value::<Lenient<String>>()?.0,
                Field::StorageType => storage = map.next_value::<Lenient<Storage>>()?.0,
                Field::CreatedOn => created = map.next_value::<Lenient<DocDate>>()?.0,
                Field::ExpiresOn => expires = map.next_value::<Lenient<DocDate>>()?.0,
                Field::Response | Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Some(Backup {
            id: id.map(|Id(s)| s).unwrap_or_default(),
            file_name,
            storage: storage.unwrap_or(Storage::Missing),
            created: created.and_then(DocDate::timestamp),
            expiry: expires.map_or(Expiry::Never, Expiry::from),
        }))
    }
}

/// The envelope's `response`: null, a list of records, or (absent here) something else.
enum Response {
    Null,
    /// The records, and how many entries were not objects.
    List(Vec<Backup>, usize),
}

impl<'de> Shape<'de> for Response {
    fn null() -> Option<Self> {
        Some(Response::Null)
    }
    fn list<A: SeqAccess<'de>>(mut seq: A) -> Result<Option<Self>, A::Error> {
        let mut backups = Vec::new();
        let mut skipped = 0;
        while let Some(Lenient(entry)) = seq.next_element::<Lenient<Backup>>()? {
            match entry {
                Some(backup) => backups.push(backup),
                None => skipped += 1,
            }
        }
        Ok(Some(Response::List(backups, skipped)))
    }
}

/// The success envelope: an object whose `response` is read; `None` while it is absent.
struct Envelope(Option<Lenient<Response>>);

impl<'de> Shape<'de> for Envelope {
    fn object<A: MapAccess<'de>>(mut map: A) -> Result<Option<Self>, A::Error> {
        let mut response = None;
        while let Some(key) = map.next_key::<Field>()? {
            if let Field::Response = key {
                response = Some(map.next_value::<Lenient<Response>>()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Some(Envelope(response)))
    }
}

/// A history as the server sent it (unsorted).
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
    let envelope = match serde_json::from_str::<Lenient<Envelope>>(body) {
        Ok(Lenient(Some(envelope))) => envelope,
        _ => return Err(NotHistory::NotJson),
    };
    match envelope.0 {
        None | Some(Lenient(Some(Response::Null))) => Err(NotHistory::NoResponse),
        Some(Lenient(None)) => Err(NotHistory::ResponseNotList),
        Some(Lenient(Some(Response::List(backups, skipped)))) => Ok(History { backups, skipped }),
    }
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
    fn numbers_of_every_size_and_repeated_fields() {
        let body = r#"{"response":[
            {"id":18446744073709551615,"storageType":18446744073709551615},
            {"id":-3,"storageType":-1,"fileName":"first","fileName":"second"},
            {"id":2.5,"storageType":true,"createdOn":["2024-05-01T10:20:31Z"]}
        ],"response2":{}}"#;
        let b = parse_history(body).unwrap().backups;
        assert_eq!(
            (b[0].id.as_str(), b[0].storage),
            ("18446744073709551615", Storage::Missing)
        );
        assert_eq!((b[1].id.as_str(), b[1].storage), ("-3", Storage::Code(-1)));
        assert_eq!(
            b[1].title(),
            "second",
            "a repeated field: the last one counts"
        );
        assert_eq!(
            (b[2].id.as_str(), b[2].storage, b[2].created),
            ("2.5", Storage::Missing, None)
        );
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
}
