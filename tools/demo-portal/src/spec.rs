//! DocSpace's own description of its answers, and the check that the demo portal keeps to it.
//!
//! `openapi/backup.json` holds the operations this project uses and their schemas, extracted
//! from ONLYOFFICE's OpenAPI document (see `openapi/README.md`: source, commit, licence). It is
//! OpenAPI 3.1, whose schema objects are JSON Schema 2020-12, so nothing is converted: each
//! operation's answer schema is checked as `{"$ref": "#/paths/…/schema", …the document}`, and
//! the `#/components/schemas/…` references resolve inside the document, as in the original.
//!
//! The demo portal notes every answer it sends from an operation with a schema ([`Answer`],
//! [`Demo::answers`]): the history, the schedule, the progress and the portal settings;
//! [`off_spec`] says which of them do not match. Answers a test made hostile on purpose (the
//! faults of getbackuphistory, and the writes' faults) are marked, in one place each
//! ([`departure`], [`write_departure`]), and not checked.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{json, Value};

use crate::{Demo, Fault, WriteFault};

/// The extract, read at run time (it is AGPL-licensed data; it is kept out of the binaries).
pub const SPEC_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/backup.json");

/// The one operation the faults of [`crate::Behaviour`] act on.
pub const HISTORY_OPERATION: &str = "/api/2.0/backup/getbackuphistory";

/// Why the answers under this fault may not match the spec: every fault is a deliberate
/// departure, and this is the one place that says so (README, "Where the demo departs from
/// DocSpace's description"). The match has no catch-all, so a new fault must be placed here.
pub fn departure(fault: &Fault) -> Option<&'static str> {
    Some(match fault {
        Fault::Envelope(..) => {
            "an error envelope: the spec lists error statuses without describing their body"
        }
        Fault::Bare(_) => "a bare error status: the spec describes no body for it",
        Fault::GatewayPage { .. } => "nginx's HTML error page: not an answer of DocSpace's API",
        Fault::Ok200(_) => {
            "a 200 whose body the test wrote by hand, hostile or odd on purpose, to see the page \
             cope with what a portal should not send"
        }
        Fault::NoCors => {
            "an empty 200 without CORS headers: the browser refuses it before the page reads it"
        }
        Fault::CutMidBody => "a 200 cut off mid-body: truncated JSON on purpose",
    })
}

/// Why the answers of a write under this fault may not match the spec ([`departure`]'s
/// counterpart for [`crate::Behaviour::write_fault`]). A held or delayed write ends in the
/// normal answer, which is checked.
pub fn write_departure(fault: &WriteFault) -> Option<&'static str> {
    match fault {
        WriteFault::PaymentRequired => {
            Some("a 402 error envelope: the spec lists the status without describing its body")
        }
        WriteFault::Forbidden => Some("a bare 403: the spec describes no body for it"),
        WriteFault::ServerError => Some("a 500 error envelope: the spec describes no 500"),
        WriteFault::Hold(_) | WriteFault::Delay(_) => None,
    }
}

/// One answer the demo portal sent from an operation the spec describes.
#[derive(Clone, Debug)]
pub struct Answer {
    pub method: String,
    /// The request's path (without the query), as the page asked for it.
    pub path: String,
    pub status: u16,
    pub content_type: String,
    /// The whole body; `None` for a deliberate departure (not read, so a cut body stays cut).
    pub body: Option<Bytes>,
    /// Why this answer is exempt from the check ([`departure`]); `None` for a normal answer.
    pub departure: Option<&'static str>,
}

impl Demo {
    /// Every answer sent so far from an operation with a schema, in order.
    pub fn answers(&self) -> Vec<Answer> {
        self.answers.lock().map(|a| a.clone()).unwrap_or_default()
    }

    /// Notes an answer as if the portal had sent it: for the test that proves the check
    /// catches a mismatch.
    pub fn note_answer(&self, answer: Answer) {
        if let Ok(mut log) = self.answers.lock() {
            log.push(answer);
        }
    }

    /// Forgets the answers noted so far.
    pub fn forget_answers(&self) {
        if let Ok(mut log) = self.answers.lock() {
            log.clear();
        }
    }
}

/// The answers among `answers` that do not match the spec, one line each (exempt ones skipped).
pub fn off_spec(answers: &[Answer]) -> Vec<String> {
    answers
        .iter()
        .filter(|a| a.departure.is_none())
        .filter_map(|a| {
            let body = a.body.as_deref().unwrap_or_default();
            check(&a.method, &a.path, a.status, &a.content_type, body)
                .err()
                .map(|why| format!("{} {} → {}: {why}", a.method, a.path, a.status))
        })
        .collect()
}

/// Checks one answer against the spec. `Ok` when it matches, or when the spec gives no schema
/// for this operation and status (DocSpace's error statuses carry none).
pub fn check(
    method: &str,
    path: &str,
    status: u16,
    content_type: &str,
    body: &[u8],
) -> Result<(), String> {
    let Some(validator) = validator(method, path, status)? else {
        return Ok(());
    };
    if !content_type.starts_with("application/json") {
        return Err(format!(
            "the spec describes a JSON body; the answer is {content_type:?}"
        ));
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .take(5)
        .map(|e| format!("at {:?}: {e}", e.instance_path().as_str()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// The spec's operation for a request path: `/api/2.0/portal/<name>` is nginx's alias of
/// `/api/2.0/backup/<name>` (docspace-api.md), and `{id}` matches one path segment.
pub fn operation(method: &str, path: &str) -> Option<String> {
    let path = match path.strip_prefix("/api/2.0/portal/") {
        Some(name) => format!("/api/2.0/backup/{name}"),
        None => path.to_owned(),
    };
    let method = method.to_ascii_lowercase();
    let paths = spec().ok()?.get("paths")?.as_object()?;
    paths
        .iter()
        .find(|(template, ops)| matches_template(template, &path) && ops.get(&method).is_some())
        .map(|(template, _)| template.clone())
}

fn matches_template(template: &str, path: &str) -> bool {
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) || t == p)
}

/// The whole extract, parsed once.
pub fn spec() -> Result<&'static Value, String> {
    static SPEC: OnceLock<Result<Value, String>> = OnceLock::new();
    SPEC.get_or_init(|| {
        let text = std::fs::read_to_string(SPEC_FILE).map_err(|e| format!("{SPEC_FILE}: {e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("{SPEC_FILE}: {e}"))
    })
    .as_ref()
    .map_err(Clone::clone)
}

type Validators = Mutex<HashMap<(String, u16), Option<Arc<jsonschema::Validator>>>>;

/// The compiled schema of `status`'s JSON answer for the operation at `path`; `None` when the
/// spec has no such operation, or no schema for that status.
pub fn validator(
    method: &str,
    path: &str,
    status: u16,
) -> Result<Option<Arc<jsonschema::Validator>>, String> {
    static CACHE: OnceLock<Validators> = OnceLock::new();
    let Some(template) = operation(method, path) else {
        return Ok(None);
    };
    let method = method.to_ascii_lowercase();
    let key = (format!("{method} {template}"), status);
    let cache = CACHE.get_or_init(Validators::default);
    if let Some(found) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return Ok(found);
    }
    let doc = spec()?;
    let pointer = format!(
        "/paths/{}/{method}/responses/{status}/content/application~1json/schema",
        template.replace('~', "~0").replace('/', "~1")
    );
    let compiled = match doc.pointer(&pointer) {
        None => None,
        Some(_) => {
            // The document itself is the root: `$ref`s into it resolve as in the original.
            let mut root = doc.clone();
            if let Some(map) = root.as_object_mut() {
                // A URI fragment: `{id}`'s braces must be percent-encoded.
                let fragment = pointer.replace('{', "%7B").replace('}', "%7D");
                map.insert("$ref".into(), json!(format!("#{fragment}")));
            }
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .with_format("date-time", dotnet_date_time)
                .with_format("date-span", dotnet_time_span)
                .build(&root)
                .map_err(|e| format!("the schema at {pointer} does not compile: {e}"))?;
            Some(Arc::new(validator))
        }
    };
    if let Ok(mut c) = cache.lock() {
        c.insert(key, compiled.clone());
    }
    Ok(compiled)
}

/// `format: date-time`, as DocSpace really sends it: RFC 3339, except that the offset may be
/// missing (a plain .NET DateTime in UTC) and the fraction may have up to 7 digits
/// (docspace-api.md, "Dates"). The spec's RFC 3339 is stricter than its own server.
pub fn dotnet_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'-'))
        || !(digits(8..10) && matches!(b.get(10), Some(b'T' | b't')) && digits(11..13))
        || !(b.get(13) == Some(&b':')
            && digits(14..16)
            && b.get(16) == Some(&b':')
            && digits(17..19))
    {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=7).contains(&n) {
            return false;
        }
        rest = &fraction[n..];
    }
    let offset_ok = match rest.as_bytes() {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    };
    // The calendar and clock must be real: parse the date and time without the fraction.
    offset_ok && chrono::NaiveDateTime::parse_from_str(&s[..19], "%Y-%m-%dT%H:%M:%S").is_ok()
}

/// `format: date-span`, a .NET TimeSpan as System.Text.Json writes it: `[-][d.]hh:mm:ss[.f…]`
/// with up to 7 fractional digits (`01:00:00`, `-08:30:00`, `1.02:00:00`).
pub fn dotnet_time_span(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let (clock, fraction) = match s.split_once('.') {
        // A dot before the first colon separates the days.
        Some((days, rest)) if !days.contains(':') => {
            if days.is_empty() || !days.bytes().all(|b| b.is_ascii_digit()) {
                return false;
            }
            match rest.split_once('.') {
                Some((clock, fraction)) => (clock, Some(fraction)),
                None => (rest, None),
            }
        }
        Some((clock, fraction)) => (clock, Some(fraction)),
        None => (s, None),
    };
    let parts: Vec<&str> = clock.split(':').collect();
    let two_digits = |p: &str, max: u32| {
        p.len() == 2
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| n <= max)
    };
    parts.len() == 3
        && two_digits(parts[0], 23)
        && two_digits(parts[1], 59)
        && two_digits(parts[2], 59)
        && fraction
            .is_none_or(|f| (1..=7).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Middleware: notes each answer from an operation with a schema. A normal answer's body is
/// read whole and sent on unchanged; a deliberate departure's is not read at all.
pub(crate) async fn note(State(demo): State<Demo>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let Some(template) = operation(method.as_str(), &path).filter(|_| method != Method::OPTIONS)
    else {
        return next.run(req).await;
    };
    // Read as the handler does, when the request arrives; only the history plays the faults.
    let behaviour = demo.behaviour();
    let departure = match template.as_str() {
        HISTORY_OPERATION => behaviour.fault.as_ref().and_then(departure),
        write => behaviour
            .write_fault
            .as_ref()
            .filter(|(op, _)| op.operation() == write)
            .and_then(|(_, fault)| write_departure(fault)),
    };
    let response = next.run(req).await;
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let mut answer = Answer {
        method: method.to_string(),
        path,
        status: response.status().as_u16(),
        content_type,
        body: None,
        departure,
    };
    let response = if departure.is_some() {
        response
    } else {
        let (parts, body) = response.into_parts();
        match axum::body::to_bytes(body, usize::MAX).await {
            Ok(bytes) => {
                answer.body = Some(bytes.clone());
                Response::from_parts(parts, Body::from(bytes))
            }
            Err(e) => {
                answer.body = Some(Bytes::from(format!("(the body could not be read: {e})")));
                Response::from_parts(parts, Body::empty())
            }
        }
    };
    demo.note_answer(answer);
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history;
    use chrono::{DateTime, Utc};

    const HISTORY: &str = "/api/2.0/backup/getbackuphistory";

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-27T05:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn check_history(body: &str) -> Result<(), String> {
        check(
            "GET",
            HISTORY,
            200,
            "application/json; charset=utf-8",
            body.as_bytes(),
        )
    }

    #[test]
    fn every_operation_has_a_schema_that_compiles() {
        let paths = spec().unwrap()["paths"].as_object().unwrap();
        assert_eq!(paths.len(), 11, "{:?}", paths.keys());
        for (path, ops) in paths {
            for method in ops.as_object().unwrap().keys() {
                let concrete = path.replace("{id}", "3f2c1a9e-8b7d-4c1e-9a55-0c2d7e4b6f10");
                assert!(
                    validator(method, &concrete, 200).unwrap().is_some(),
                    "{method} {path}"
                );
            }
        }
        assert!(validator("GET", HISTORY, 403).unwrap().is_none());
        assert!(validator("GET", "/api/2.0/elsewhere", 200)
            .unwrap()
            .is_none());
    }

    /// Each kind of answer the demo portal serves normally, straight from the fixtures.
    #[test]
    fn every_normal_fixture_matches_the_spec() {
        let demo = Demo::new(now());
        for dump in [false, true] {
            check_history(&demo.history_body(dump)).unwrap();
        }
        for n in [0, 1, 1_000] {
            demo.set_behaviour(crate::Behaviour {
                history_size: Some(n),
                ..crate::Behaviour::default()
            });
            check_history(&demo.history_body(false)).unwrap_or_else(|e| panic!("{n}: {e}"));
        }
        // The record alone too, in each of the four date forms.
        for (form, record) in history::records(now(), false).iter().enumerate().take(4) {
            let body = json!({"response": [record.to_json(form)], "count": 1}).to_string();
            check_history(&body).unwrap_or_else(|e| panic!("form {form}: {e}"));
        }
    }

    #[test]
    fn a_mismatch_is_reported_with_where_it_is() {
        let good = json!({"id": "3f2c1a9e-8b7d-4c1e-9a55-0c2d7e4b6f10", "fileName": "a.tar.gz",
            "storageType": 5, "createdOn": "2024-05-01T10:20:31", "expiresOn": "0001-01-01T00:00:00"});
        let with = |key: &str, value: Value| {
            let mut record = good.clone();
            record[key] = value;
            json!({"response": [record], "count": 1, "status": 0, "statusCode": 200}).to_string()
        };
        check_history(&with("storageType", json!(5))).unwrap();
        let string_type = check_history(&with("storageType", json!("5"))).unwrap_err();
        assert!(
            string_type.contains("/response/0/storageType"),
            "{string_type}"
        );
        let unknown_type = check_history(&with("storageType", json!(9))).unwrap_err();
        assert!(unknown_type.contains("storageType"), "{unknown_type}");
        assert!(check_history(&with("createdOn", json!("yesterday"))).is_err());
        assert!(check_history(&with("id", json!("a"))).is_err());
        // A renamed field: the spec requires fileName and allows nothing else.
        let renamed = good.to_string().replace("fileName", "filename");
        let renamed =
            check_history(&format!(r#"{{"response":[{renamed}],"count":1}}"#)).unwrap_err();
        assert!(
            renamed.contains("fileName") && renamed.contains("filename"),
            "{renamed}"
        );
        assert!(check_history(r#"{"response":{"id":"x"}}"#).is_err());
        assert!(check("GET", HISTORY, 200, "text/html", b"<html>").is_err());
        // An error status has no schema in the spec: nothing to check.
        check("GET", HISTORY, 403, "application/json", b"{}").unwrap();
    }

    /// One GET through the demo portal's router; the answer's head and body as text.
    async fn get(addr: std::net::SocketAddr, path: &str, token: &str) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: x\r\nAuthorization: {token}\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer).await;
        String::from_utf8_lossy(&answer).into_owned()
    }

    #[tokio::test]
    async fn the_portal_notes_its_answers_and_marks_departures() {
        let demo = Demo::new(now());
        let addr = crate::spawn("127.0.0.1:0", demo.api_router())
            .await
            .unwrap();
        let ok = get(
            addr,
            "/api/2.0/backup/getbackuphistory?Dump=false",
            crate::DEMO_TOKEN,
        )
        .await;
        assert!(
            ok.ends_with(&demo.history_body(false)),
            "sent on unchanged: {ok:.300}"
        );
        get(
            addr,
            "/api/2.0/portal/getbackuphistory?Dump=true",
            crate::DEMO_TOKEN,
        )
        .await;
        get(addr, HISTORY, crate::NON_ADMIN_TOKEN).await;
        get(addr, "/api/2.0/elsewhere", crate::DEMO_TOKEN).await;
        let hostile = r#"{"response":[{"id":"3f2c1a9e-8b7d-4c1e-9a55-0c2d7e4b6f10","fileName":"a","storageType":"5","createdOn":"2024-05-01T10:20:31","expiresOn":"0001-01-01T00:00:00"}]}"#;
        for fault in [Fault::Ok200(hostile), Fault::CutMidBody] {
            demo.set_behaviour(crate::Behaviour {
                fault: Some(fault),
                ..crate::Behaviour::default()
            });
            get(addr, HISTORY, crate::DEMO_TOKEN).await;
        }
        let answers = demo.answers();
        let seen: Vec<(u16, bool, bool)> = answers
            .iter()
            .map(|a| (a.status, a.body.is_some(), a.departure.is_some()))
            .collect();
        assert_eq!(
            seen,
            [
                (200, true, false),
                (200, true, false),
                (403, true, false),
                (200, false, true),
                (200, false, true)
            ]
        );
        assert_eq!(off_spec(&answers), Vec::<String>::new());

        // The same hostile body, were it the portal's own answer, is reported.
        demo.note_answer(Answer {
            body: Some(Bytes::from_static(hostile.as_bytes())),
            departure: None,
            ..answers[0].clone()
        });
        let off = off_spec(&demo.answers());
        assert_eq!(off.len(), 1, "{off:?}");
        assert!(
            off[0].starts_with(
                "GET /api/2.0/backup/getbackuphistory → 200: at \"/response/0/storageType\""
            ),
            "{off:?}"
        );
    }

    #[test]
    fn dates_as_docspace_sends_them() {
        for ok in [
            "2024-05-01T10:20:31",
            "2024-05-01T10:20:31.1234567",
            "2024-05-01T10:20:31.123456Z",
            "2024-05-01T13:20:31.0000000+03:00",
            "0001-01-01T00:00:00",
        ] {
            assert!(dotnet_date_time(ok), "{ok}");
        }
        for bad in [
            "2024-05-01",
            "2024-05-01 10:20:31",
            "2024-13-01T10:20:31",
            "2024-05-01T10:20:31.12345678",
            "2024-05-01T10:20:31+0300",
            "yesterday",
        ] {
            assert!(!dotnet_date_time(bad), "{bad}");
        }
    }

    #[test]
    fn time_spans_as_dotnet_writes_them() {
        for ok in [
            "01:00:00",
            "-08:30:00",
            "00:00:00",
            "1.02:00:00",
            "01:00:00.5",
            "-1.00:00:00.1234567",
        ] {
            assert!(dotnet_time_span(ok), "{ok}");
        }
        for bad in [
            "1:00:00",
            "+01:00",
            "01:00",
            "24:00:00",
            "01:60:00",
            "",
            "-",
            "01:00:00.12345678",
            ".01:00:00",
            "1 hour",
        ] {
            assert!(!dotnet_time_span(bad), "{bad}");
        }
    }

    #[test]
    fn the_schedule_progress_and_settings_are_checked_too() {
        const SCHEDULE: &str = "/api/2.0/portal/getbackupschedule";
        const PROGRESS: &str = "/api/2.0/backup/getbackupprogress";
        const SETTINGS: &str = "/api/2.0/settings";
        let json = "application/json; charset=utf-8";
        let demo = Demo::new(now());
        let check_body = |path: &str, body: &str| check("GET", path, 200, json, body.as_bytes());
        for s in crate::Situation::ALL {
            for dump in [false, true] {
                check_body(SCHEDULE, &demo.schedule_body(s.token(), dump)).unwrap();
            }
            check_body(SETTINGS, &demo.settings_body(s.token())).unwrap();
        }
        let running = demo.progress_body(crate::RUNNING_TOKEN, false);
        assert!(running.contains("\"taskId\""), "{running}");
        check_body(PROGRESS, &running).unwrap();
        // No schedule: an envelope without `response` passes, a null one does not.
        check_body(SCHEDULE, r#"{"count":0,"status":0,"statusCode":200}"#).unwrap();
        assert!(check_body(SCHEDULE, r#"{"response":null,"count":0}"#).is_err());
        // Enums go out as numbers.
        let mut schedule = demo.schedule(crate::DEMO_TOKEN, false).unwrap().to_json();
        schedule["cronParams"]["period"] = json!("EveryDay");
        let named = check_body(SCHEDULE, &json!({ "response": schedule }).to_string());
        assert!(named.unwrap_err().contains("/response/cronParams/period"));
        let mut progress: Value = serde_json::from_str(&running).unwrap();
        progress["response"]["status"] = json!(7);
        assert!(check_body(PROGRESS, &progress.to_string()).is_err());
        // The settings' required fields and the TimeSpan form.
        let mut settings = json!({ "response": demo.settings(crate::BERLIN_TOKEN) });
        settings["response"]["utcOffset"] = json!("+01:00");
        assert!(check_body(SETTINGS, &settings.to_string())
            .unwrap_err()
            .contains("utcOffset"));
        let mut settings = json!({ "response": demo.settings(crate::BERLIN_TOKEN) });
        settings["response"]
            .as_object_mut()
            .unwrap()
            .remove("baseDomain");
        assert!(check_body(SETTINGS, &settings.to_string())
            .unwrap_err()
            .contains("baseDomain"));
    }

    #[test]
    fn the_alias_and_the_id_segment_find_their_operation() {
        assert_eq!(
            operation("GET", "/api/2.0/portal/getbackuphistory").as_deref(),
            Some(HISTORY)
        );
        for name in ["getbackupschedule", "getbackupprogress"] {
            let operation_of = |prefix| operation("GET", &format!("/api/2.0/{prefix}/{name}"));
            assert_eq!(
                operation_of("portal").as_deref(),
                Some(format!("/api/2.0/backup/{name}").as_str())
            );
            assert_eq!(operation_of("portal"), operation_of("backup"));
        }
        assert_eq!(
            operation("GET", "/api/2.0/settings").as_deref(),
            Some("/api/2.0/settings")
        );
        assert_eq!(operation("GET", "/api/2.0/portal/settings"), None);
        assert_eq!(
            operation("DELETE", "/api/2.0/backup/deletebackup/abc").as_deref(),
            Some("/api/2.0/backup/deletebackup/{id}")
        );
        assert_eq!(operation("POST", HISTORY), None);
        assert_eq!(operation("DELETE", "/api/2.0/backup/deletebackup/"), None);
    }
}
