//! Every fault a real portal, its gateway or the network can produce: the exact alert a user
//! sees, and that the page stays usable afterwards (the next good load clears the alert).

use std::time::Duration;

use e2e::{ensure, status, Behaviour, Fault, Page, DEMO_TOKEN};

/// Loads with `fault` in force, checks the one alert says each of `parts` (the page's origin
/// stands in for `{origin}`), then lifts the fault and checks the page recovers.
async fn alert_for(fault: Fault, parts: &[&str]) {
    let parts: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
    Page::run(async move |page| {
        page.demo.set_behaviour(Behaviour {
            fault: Some(fault.clone()),
            ..Behaviour::default()
        });
        page.show_backups_with(DEMO_TOKEN).await?;
        let alert = page.wait_for_alert().await?;
        for part in &parts {
            let part = part.replace("{origin}", &page.page_origin());
            ensure(alert.contains(&part), || {
                format!("{fault:?}: the alert should say {part:?}: {alert:?}")
            })?;
        }
        ensure(page.cards().await?.is_empty(), || {
            format!("{fault:?}: cards beside a failure")
        })?;
        ensure(!page.busy().await?, || format!("{fault:?}: still busy"))?;

        page.demo.set_behaviour(Behaviour::default());
        page.click("Show backups").await?;
        page.wait_for_status(&format!("{} backups", page.demo.records(false).len()))
            .await?;
        ensure(page.alerts().await?.is_empty(), || {
            format!("{fault:?}: the alert stayed after a good load")
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_request_envelope() {
    let fault = Fault::Envelope(status(400), "The value 'maybe' is not valid for Dump.");
    alert_for(
        fault,
        &[
            "HTTP 400 Bad Request",
            "“The value 'maybe' is not valid for Dump.”",
            "did not accept",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unauthorized_with_an_empty_body() {
    alert_for(
        Fault::Bare(status(401)),
        &["HTTP 401 Unauthorized", "wrong or has expired"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn payment_required_bare() {
    alert_for(
        Fault::Bare(status(402)),
        &["HTTP 402 Payment Required", "plan"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forbidden_envelope() {
    let fault = Fault::Envelope(status(403), "Access denied");
    alert_for(
        fault,
        &[
            "HTTP 403 Forbidden",
            "“Access denied”",
            "owner or a DocSpace admin",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_found() {
    alert_for(
        Fault::Bare(status(404)),
        &["HTTP 404 Not Found", "Check the portal URL"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn internal_error_envelope() {
    let fault = Fault::Envelope(
        status(500),
        "Object reference not set to an instance of an object.",
    );
    alert_for(
        fault,
        &[
            "HTTP 500 Internal Server Error",
            "“Object reference not set",
            "Try again",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_pages_with_cors_headers() {
    for (code, words) in [
        (502, "Bad Gateway"),
        (503, "Service Unavailable"),
        (504, "Gateway Timeout"),
    ] {
        let fault = Fault::GatewayPage {
            status: status(code),
            cors: true,
        };
        alert_for(
            fault,
            &[&format!("HTTP {code} {words}"), "error page", "gateway"],
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_page_without_cors_headers_reads_as_unreachable() {
    let fault = Fault::GatewayPage {
        status: status(502),
        cors: false,
    };
    alert_for(fault, &["could not be reached", "refused", "{origin}"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_cors_headers_at_all() {
    alert_for(
        Fault::NoCors,
        &["could not be reached", "refused", "{origin}"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_closed_mid_body() {
    alert_for(
        Fault::CutMidBody,
        &[
            "HTTP 200 OK",
            "connection closed before the whole answer arrived",
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ok_with_truncated_json() {
    let fault = Fault::Ok200(r#"{"response":[{"id":"3f2c1a9e-8b7d","fileName":"a.tar"#);
    alert_for(
        fault,
        &["HTTP 200 OK", "not JSON", "not look like a DocSpace"],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ok_without_response() {
    let fault = Fault::Ok200(r#"{"count":0,"status":0,"statusCode":200}"#);
    alert_for(fault, &["HTTP 200 OK", "no backup list"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ok_with_response_not_a_list() {
    let fault = Fault::Ok200(r#"{"response":{"id":"x"},"count":1,"status":0,"statusCode":200}"#);
    alert_for(fault, &["HTTP 200 OK", "is not a list"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_without_an_id_still_gets_its_card() {
    Page::run(async |page| {
        page.demo.set_behaviour(Behaviour {
            fault: Some(Fault::Ok200(
                r#"{"response":[{"fileName":"no-id.tar.gz","storageType":0,"createdOn":"2024-05-01T10:20:31","expiresOn":"0001-01-01T00:00:00"}],"count":1,"status":0,"statusCode":200}"#,
            )),
            ..Behaviour::default()
        });
        page.show_backups_with(DEMO_TOKEN).await?;
        page.wait_for_status("1 backup").await?;
        let cards = page.cards().await?;
        ensure(cards.len() == 1 && cards[0].name == "no-id.tar.gz", || format!("{cards:?}"))?;
        ensure(cards[0].text.contains("No ID in the portal's answer"), || format!("{:?}", cards[0].text))?;
        ensure(cards[0].buttons.is_empty(), || "a copy button with nothing to copy".into())?;
        ensure(page.alerts().await?.is_empty(), || "an odd record is not a failure".into())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_that_never_answers_times_out_after_30_seconds() {
    Page::run(async |page| {
        page.demo.set_behaviour(Behaviour {
            delay: Some(Duration::from_secs(120)),
            ..Behaviour::default()
        });
        // Taken before the request leaves, so the time to the alert is at least the page's wait.
        let sent = std::time::Instant::now();
        page.show_backups_with(DEMO_TOKEN).await?;
        page.wait_for_status("Loading backups…").await?;
        let note = page
            .js("return document.querySelector('form').innerText", vec![])
            .await?;
        ensure(
            note.as_str()
                .unwrap_or_default()
                .contains("stops waiting after 30 seconds"),
            || format!("the time limit is not stated: {note}"),
        )?;
        page.wait_longer_for("the timeout", Duration::from_secs(60), async || {
            Ok(!page.alerts().await?.is_empty())
        })
        .await?;
        // A lower bound, not a timing budget: the page did not give up before about 30 seconds
        // (half a second of slack for the two processes' clocks).
        let waited = sent.elapsed();
        ensure(waited >= Duration::from_millis(29_500), || {
            format!("the page gave up after {waited:?}, before 30 seconds")
        })?;
        let alert = page.wait_for_alert().await?;
        ensure(alert.contains("did not answer within 30 seconds"), || {
            format!("{alert:?}")
        })?;
        ensure(!page.busy().await?, || {
            "still busy after the timeout".into()
        })?;
        ensure(!page.has_button("Cancel").await?, || {
            "Cancel outlived the timeout".into()
        })?;

        page.demo.set_behaviour(Behaviour::default());
        page.click("Show backups").await?;
        page.wait_for_status(&format!("{} backups", page.demo.records(false).len()))
            .await
    })
    .await;
}

/// Enough generated backups for a body of more than 20 MB (about 183 bytes a record).
const TWENTY_MB_OF_BACKUPS: usize = 115_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_very_large_history_of_20_megabytes() {
    Page::run(async |page| {
        page.demo.set_behaviour(Behaviour {
            history_size: Some(TWENTY_MB_OF_BACKUPS),
            ..Behaviour::default()
        });
        let body = page.demo.history_body(false).len();
        ensure(body > 20 * 1024 * 1024, || {
            format!("the body is only {body} bytes")
        })?;
        page.show_backups_with(DEMO_TOKEN).await?;
        let total = format!("{TWENTY_MB_OF_BACKUPS} backups");
        page.wait_longer_for("the large history", Duration::from_secs(90), async || {
            Ok(page.status().await? == total)
        })
        .await?;
        // Only the first page of cards is built, newest first, with the way to the rest.
        let newest = demo_portal_newest(page);
        let cards = page.cards().await?;
        ensure(cards.len() == 100, || {
            format!("{} cards built at once", cards.len())
        })?;
        ensure(cards[0].name == newest, || {
            format!("first card {:?}, want {newest:?}", cards[0].name)
        })?;
        let region = page
            .js("return document.querySelector('section').innerText", vec![])
            .await?;
        ensure(
            region
                .as_str()
                .unwrap_or_default()
                .contains(&format!("Showing 100 of {total}.")),
            || format!("no count of what is shown: {region}"),
        )?;
        page.click("Show 100 more").await?;
        page.wait_for("the next 100 cards", async || {
            Ok(page.cards().await?.len() == 200)
        })
        .await?;
        // Each built card tells a screen reader where it stands in the whole list.
        let place = page
            .js(
                "const li = document.querySelectorAll('li:has(> article)');
                 return [li[0], li[199]].map(l => l.getAttribute('aria-posinset') + ' of ' + l.getAttribute('aria-setsize'))",
                vec![],
            )
            .await?;
        let want = serde_json::json!([format!("1 of {TWENTY_MB_OF_BACKUPS}"), format!("200 of {TWENTY_MB_OF_BACKUPS}")]);
        ensure(place == want, || format!("list positions {place}, want {want}"))?;
        ensure(page.alerts().await?.is_empty(), || {
            "a large answer is not a failure".into()
        })?;

        // Still usable: a normal load replaces it.
        page.demo.set_behaviour(Behaviour::default());
        page.click("Show backups").await?;
        page.wait_longer_for("the usual history", Duration::from_secs(60), async || {
            Ok(page.status().await? == format!("{} backups", page.demo.records(false).len()))
        })
        .await?;
        let cards = page.cards().await?.len();
        ensure(cards == page.demo.records(false).len(), || {
            format!("{cards} cards after the reload")
        })
    })
    .await;
}

/// The file name of the newest generated backup: the first card.
fn demo_portal_newest(page: &Page) -> String {
    e2e::generated_history(page.demo.now(), 1)[0]
        .file_name
        .clone()
}
