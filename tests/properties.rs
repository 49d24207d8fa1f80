//! Property tests: generated input never panics the parsers, and what they accept is sound.
//! Native only (`cargo test`); each property runs 4,096 cases.
//!
//! A property whose assertions sit in an accepting branch counts the cases that reach them and
//! fails below a floor, so a generator that stops producing acceptable input is caught
//! (`cargo test --test properties -- --nocapture` prints the counts).
#![cfg(not(target_arch = "wasm32"))]

use std::cell::Cell;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use docspace_backups::api::envelope::{parse_history, NotHistory};
use docspace_backups::api::request::{prepare, FormInput, PageContext};
use docspace_backups::api::token::{authorization, TokenError};
use docspace_backups::api::url::parse_portal_url;
use docspace_backups::backup::date::DocDate;
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{TestCaseError, TestRunner};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 4096,
        // Failures are reported with their minimal input; nothing is written into the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Runs `property` over the configured number of cases of `input`; `property` says whether the
/// case reached its accepting branch. Fails the test on a failed case, or when fewer than
/// `floor_percent` % of the cases were accepted; returns the count.
fn run_counting<S: Strategy>(
    name: &str,
    input: S,
    floor_percent: u32,
    property: impl Fn(S::Value) -> Result<bool, TestCaseError>,
) -> u32 {
    let accepted = Cell::new(0u32);
    let mut runner = TestRunner::new(config());
    let outcome = runner.run(&input, |value| {
        if property(value)? {
            accepted.set(accepted.get() + 1);
        }
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{name}: {failure}");
    }
    let (accepted, cases) = (accepted.get(), config().cases);
    println!("{name}: {accepted} of {cases} cases reached the accepting branch");
    assert!(
        accepted * 100 >= cases * floor_percent,
        "{name}: only {accepted} of {cases} generated cases were accepted (floor {floor_percent} %): \
         the generator no longer reaches the assertions"
    );
    accepted
}

/// `base` with up to `max_edits` one-character edits (delete, insert or replace) at generated
/// places, the new characters drawn mostly from `alphabet`: input that is nearly right, so the
/// parsers' accepting paths run as well as their refusals.
fn mutated(
    base: impl Strategy<Value = String>,
    alphabet: &'static str,
    max_edits: usize,
) -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        3 => prop::sample::select(alphabet.chars().collect::<Vec<_>>()),
        1 => any::<char>(),
    ];
    let edit = (0u8..3, any::<Index>(), ch);
    (base, prop::collection::vec(edit, 0..=max_edits)).prop_map(|(text, edits)| {
        let mut chars: Vec<char> = text.chars().collect();
        for (kind, at, c) in edits {
            match kind {
                0 if !chars.is_empty() => {
                    chars.remove(at.index(chars.len()));
                }
                1 => chars.insert(at.index(chars.len() + 1), c),
                _ if !chars.is_empty() => {
                    let i = at.index(chars.len());
                    chars[i] = c;
                }
                _ => {}
            }
        }
        chars.into_iter().collect()
    })
}

/// Portal addresses an https page may call, valid by construction (an https origin, or http
/// on loopback), with the odd one pasted as a page URL, plus some of anything.
fn portal_like() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "(https://)?[a-z][a-z0-9]{0,8}(\\.[a-z][a-z0-9]{0,8}){0,2}\\.[a-z]{2,6}(:[1-9][0-9]{0,3})?(/[a-z]{0,8})?",
        1 => "http://(127\\.0\\.0\\.1|localhost)(:[1-9][0-9]{0,3})?",
        1 => url_like(),
    ]
}

/// Tokens as people paste them: API keys (`sk-…`, sent as Bearer), personal and OAuth tokens,
/// with surrounding blanks; plus some of anything.
fn token_like() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[ \t]{0,2}sk-[!-~]{1,30}[ \t]{0,2}",
        2 => "[ \t]{0,2}(Bearer )?[!-~]{1,40}[ \t]{0,2}",
        1 => any::<String>(),
    ]
}

/// Date-shaped text in every form DocSpace sends, the .NET minimum and dates beside it.
fn date_like() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "(19[7-9][0-9]|20[0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{1,7})?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])?",
        1 => Just("0001-01-01T00:00:00".to_owned()),
        1 => "0001-0[1-2]-0[1-3]T0[0-3]:00:00(Z|\\+03:00)?",
    ]
}

/// Envelope-shaped bodies: a `response` list of record-shaped values, or another value there.
fn body_like() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(json_value(), 0..6).prop_map(|records| {
            let n = records.len();
            serde_json::json!({"response": records, "count": n, "status": 0, "statusCode": 200})
                .to_string()
        }),
        1 => json_value().prop_map(|v| serde_json::json!({"response": v}).to_string()),
    ]
}

/// Strings that look like what people paste into a URL field, and some that do not.
fn url_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z]{0,8}(:(//)?)?[a-zA-Z0-9.:@\\[\\]_ -]{0,30}(/[ -~]{0,20})?",
        "(https?://)?([a-z0-9-]{1,10}\\.){0,3}[a-z]{2,6}(:[0-9]{1,6})?(/.{0,10})?",
    ]
}

#[test]
fn accepted_urls_are_canonical_http_origins() {
    let input = prop_oneof![url_like(), portal_like()];
    run_counting(
        "accepted_urls_are_canonical_http_origins",
        input,
        30,
        |input| {
            let Ok(origin) = parse_portal_url(&input) else {
                return Ok(false);
            };
            let text = origin.to_string();
            prop_assert!(
                text.starts_with("http://") || text.starts_with("https://"),
                "{text}"
            );
            let host_port = text.split_once("://").unwrap().1;
            prop_assert!(!host_port.is_empty());
            prop_assert!(
                !host_port.contains(['/', '?', '#', '@', ' ', '\\']),
                "{text}"
            );
            prop_assert!(!host_port.chars().any(char::is_whitespace), "{text}");
            // Canonical: reading the origin again gives the same origin.
            prop_assert_eq!(parse_portal_url(&text), Ok(origin));
            Ok(true)
        },
    );
}

#[test]
fn a_request_goes_only_to_an_http_origin_with_a_clean_header() {
    let bearer = Cell::new(0u32);
    let input = (portal_like(), token_like(), any::<bool>());
    run_counting(
        "a_request_goes_only_to_an_http_origin_with_a_clean_header",
        input,
        50,
        |(portal, token, dump)| {
            let page = PageContext {
                origin: "https://example.github.io".into(),
            };
            let typed = token.trim().to_owned();
            let Ok(req) = prepare(
                &FormInput {
                    portal: portal.clone(),
                    token,
                    dump,
                },
                &page,
            ) else {
                return Ok(false);
            };
            let url = req.url();
            prop_assert!(
                url.starts_with("https://") || req.origin.is_loopback(),
                "{url}"
            );
            prop_assert!(
                url.starts_with(&format!("{}/api/2.0/", parse_portal_url(&portal).unwrap())),
                "{url}"
            );
            prop_assert!(
                url.ends_with(if dump { "?Dump=true" } else { "?Dump=false" }),
                "{url}"
            );
            let auth = req.authorization.unwrap_or_default();
            prop_assert!(auth.bytes().all(|b| (b' '..=b'~').contains(&b)), "{auth:?}");
            // An API key goes as Bearer; any other token as typed, trimmed.
            if typed.starts_with("sk-") {
                bearer.set(bearer.get() + 1);
                prop_assert_eq!(auth, format!("Bearer {typed}"));
            } else {
                prop_assert!(!typed.is_empty());
                prop_assert_eq!(auth, typed);
            }
            Ok(true)
        },
    );
    let bearer = bearer.get();
    println!("  of which {bearer} were API keys sent as Bearer");
    assert!(
        bearer * 100 >= config().cases * 20,
        "only {bearer} cases reached the sk- → Bearer path"
    );
}

#[test]
fn dates_never_panic() {
    let input = prop_oneof![
        2 => date_like(),
        3 => mutated(date_like(), "0123456789-:T.Z+ ", 3),
        1 => any::<String>(),
    ];
    run_counting(
        "dates_never_panic",
        input,
        25,
        |text| match DocDate::parse(&text) {
            DocDate::Unknown => Ok(false),
            DocDate::Min => {
                prop_assert!(
                    text.trim().starts_with("0001-01-01"),
                    "{text:?} read as the minimum"
                );
                Ok(true)
            }
            DocDate::At(ts) => {
                // What was read is an instant the page can print, and reads back as itself.
                let iso = ts.to_iso_utc();
                if iso.as_bytes().get(4) == Some(&b'-') && !iso.starts_with("0001-01-01T") {
                    prop_assert_eq!(
                        DocDate::parse(&iso),
                        DocDate::At(ts),
                        "{:?} -> {}",
                        text,
                        iso
                    );
                }
                Ok(true)
            }
        },
    );
}

#[test]
fn any_body_parses_or_is_refused_without_panic() {
    let input = prop_oneof![3 => mutated(body_like(), "{}[]\":,0123456789.-eEtrufalsn ", 2), 1 => any::<String>()];
    run_counting(
        "any_body_parses_or_is_refused_without_panic",
        input,
        25,
        |body| {
            let Ok(history) = parse_history(&body) else {
                return Ok(false);
            };
            // serde_json's own tree as the oracle: a JSON object whose `response` is a list, with
            // one card per object in it and the rest counted.
            let value: serde_json::Value = match serde_json::from_str(&body) {
                Ok(value) => value,
                // serde_json skips a value the parser ignores (an unknown field, a list entry that
                // is not a record) without checking a number's range; its tree refuses 1e999. Such
                // a body has no tree to compare with, so it is not counted as checked.
                Err(e) if e.to_string().starts_with("number out of range") => return Ok(false),
                Err(e) => {
                    return Err(TestCaseError::fail(format!(
                        "accepted a body that is not JSON ({e}): {body:?}"
                    )))
                }
            };
            let list = value["response"].as_array();
            prop_assert!(
                list.is_some(),
                "accepted without a response list: {:?}",
                body
            );
            let list = list.unwrap();
            prop_assert_eq!(
                history.backups.len(),
                list.iter().filter(|v| v.is_object()).count()
            );
            prop_assert_eq!(history.backups.len() + history.skipped, list.len());
            Ok(true)
        },
    );
}

/// The case proptest once shrank a failure to (it was kept in a regressions file that this
/// suite, with `failure_persistence: None`, never read): a carriage return before the token.
#[test]
fn a_leading_carriage_return_is_trimmed_off_the_token() {
    let portal = parse_portal_url("portal.example.com").unwrap();
    assert_eq!(authorization("\ra", &portal, ""), Ok(Some("a".to_owned())));
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_line_break_never_reaches_a_header(a in "[ -~]{0,20}", b in "[ -~]{0,20}", brk in "\r|\n|\r\n") {
        let portal = parse_portal_url("portal.example.com").unwrap();
        let token = format!("{a}{brk}{b}");
        // Accepted only when the break is surrounding whitespace, and then without it.
        match authorization(&token, &portal, "") {
            Ok(header) => {
                prop_assert!(a.trim().is_empty() || b.trim().is_empty(), "{token:?} was accepted");
                prop_assert!(!header.unwrap_or_default().contains(['\r', '\n']));
            }
            Err(TokenError::LineBreak) => {
                prop_assert!(!a.trim().is_empty() && !b.trim().is_empty(), "{token:?} was refused");
            }
            Err(TokenError::Required) => prop_assert!(token.trim().is_empty()),
            Err(other) => prop_assert!(false, "{token:?}: {other:?}"),
        }
    }

    #[test]
    fn every_dotnet_form_of_an_instant_reads_as_that_instant(
        secs in -62_000_000_000i64..250_000_000_000,
        ticks in 0u32..10_000_000,
        offset_minutes in -14 * 60i32..=14 * 60,
        form in 0usize..4,
    ) {
        let instant: DateTime<Utc> = Utc.timestamp_opt(secs, ticks * 100).unwrap();
        prop_assume!(instant.format("%Y").to_string().len() == 4 && instant.format("%Y").to_string() != "0001");
        let base = instant.format("%Y-%m-%dT%H:%M:%S");
        let text = match form {
            0 => base.to_string(),
            1 => format!("{base}.{ticks:07}"),
            2 => format!("{base}.{:06}Z", ticks / 10),
            _ => {
                let zone = FixedOffset::east_opt(offset_minutes * 60).unwrap();
                let local = instant.with_timezone(&zone);
                format!("{}.{ticks:07}{}", local.format("%Y-%m-%dT%H:%M:%S"), local.format("%:z"))
            }
        };
        prop_assume!(!text.starts_with('-') && text.as_bytes()[4] == b'-');
        let expected_ms = if form == 0 { secs * 1000 } else { secs * 1000 + i64::from(ticks / 10_000) };
        match DocDate::parse(&text) {
            DocDate::At(ts) => prop_assert_eq!(ts.millis(), expected_ms, "{}", text),
            DocDate::Min => prop_assert!(text.starts_with("0001-01-01"), "{}", text),
            DocDate::Unknown => prop_assert!(false, "{} did not parse", text),
        }
    }

    #[test]
    fn any_json_records_each_become_a_card_or_are_counted(records in prop::collection::vec(json_value(), 0..8)) {
        let objects = records.iter().filter(|v| v.is_object()).count();
        let body = serde_json::json!({"response": records, "count": 0}).to_string();
        let history = parse_history(&body).expect("a response list is a history");
        prop_assert_eq!(history.backups.len(), objects);
        prop_assert_eq!(history.skipped, records.len() - objects);
    }

    #[test]
    fn a_body_without_a_list_is_never_a_history(value in json_value()) {
        let body = serde_json::json!({"response": value}).to_string();
        match parse_history(&body) {
            Ok(_) => prop_assert!(value.is_array()),
            Err(why) => prop_assert!(matches!(why, NotHistory::NoResponse | NotHistory::ResponseNotList)),
        }
    }
}

/// Arbitrary JSON, biased towards record-shaped objects with odd field values.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{json, Value};
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        any::<String>().prop_map(Value::from),
        "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})?"
            .prop_map(Value::from),
    ];
    let record = (leaf.clone(), leaf.clone(), leaf.clone(), leaf.clone(), leaf.clone()).prop_map(
        |(id, name, storage, created, expires)| {
            json!({"id": id, "fileName": name, "storageType": storage, "createdOn": created, "expiresOn": expires})
        },
    );
    prop_oneof![
        3 => record,
        1 => leaf.clone(),
        1 => prop::collection::vec(leaf, 0..3).prop_map(Value::from),
    ]
}
