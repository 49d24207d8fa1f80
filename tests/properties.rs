//! Property tests: generated input never panics the parsers, and what they accept is sound.
//! Native only (`cargo test`); each property runs 4,096 cases.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use docspace_backups::api::envelope::{parse_history, NotHistory};
use docspace_backups::api::request::{prepare, FormInput, PageContext};
use docspace_backups::api::token::authorization;
use docspace_backups::api::url::parse_portal_url;
use docspace_backups::backup::date::DocDate;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 4096,
        // Failures are reported with their minimal input; nothing is written into the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Strings that look like what people paste into a URL field, and some that do not.
fn url_like() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z]{0,8}(:(//)?)?[a-zA-Z0-9.:@\\[\\]_ -]{0,30}(/[ -~]{0,20})?",
        "(https?://)?([a-z0-9-]{1,10}\\.){0,3}[a-z]{2,6}(:[0-9]{1,6})?(/.{0,10})?",
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn accepted_urls_are_canonical_http_origins(input in url_like()) {
        if let Ok(origin) = parse_portal_url(&input) {
            let text = origin.to_string();
            prop_assert!(text.starts_with("http://") || text.starts_with("https://"), "{text}");
            let host_port = text.split_once("://").unwrap().1;
            prop_assert!(!host_port.is_empty());
            prop_assert!(!host_port.contains(['/', '?', '#', '@', ' ', '\\']), "{text}");
            prop_assert!(!host_port.chars().any(char::is_whitespace), "{text}");
            // Canonical: reading the origin again gives the same origin.
            prop_assert_eq!(parse_portal_url(&text), Ok(origin));
        }
    }

    #[test]
    fn a_request_goes_only_to_an_http_origin_with_a_clean_header(
        portal in url_like(),
        token in any::<String>(),
        dump in any::<bool>(),
    ) {
        let page = PageContext { origin: "https://example.github.io".into() };
        if let Ok(req) = prepare(&FormInput { portal, token, dump }, &page) {
            let url = req.url();
            prop_assert!(url.starts_with("http://") || url.starts_with("https://"), "{url}");
            prop_assert!(url.ends_with(if dump { "?Dump=true" } else { "?Dump=false" }), "{url}");
            if let Some(auth) = req.authorization {
                prop_assert!(!auth.is_empty());
                prop_assert!(auth.bytes().all(|b| (b' '..=b'~').contains(&b)), "{auth:?}");
            }
        }
    }

    #[test]
    fn a_line_break_never_reaches_a_header(a in "[ -~]{0,20}", b in "[ -~]{0,20}", brk in "\r|\n|\r\n") {
        let portal = parse_portal_url("portal.example.com").unwrap();
        let token = format!("{a}{brk}{b}");
        // Refusing is always safe; accepting is allowed only for surrounding whitespace.
        if let Ok(header) = authorization(&token, &portal, "") {
            prop_assert!(a.trim().is_empty() || b.trim().is_empty(), "{token:?} was accepted");
            prop_assert!(!header.unwrap_or_default().contains(['\r', '\n']));
        }
    }

    #[test]
    fn dates_never_panic(text in any::<String>()) {
        let _ = DocDate::parse(&text);
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
    fn any_body_parses_or_is_refused_without_panic(body in any::<String>()) {
        let _ = parse_history(&body);
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
