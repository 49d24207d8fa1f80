//! The viewer end to end: the release dist/ in headless Chromium, the demo portal on another
//! loopback origin (real HTTP, real CORS preflight), the form filled and read as a person would.

use std::time::Duration;

use demo_portal::{Held, Hold};
use e2e::{
    closed_port, ensure, status, Behaviour, Fault, Page, SeenRequest, DEMO_API_KEY, DEMO_TOKEN,
    NON_ADMIN_TOKEN,
};

/// The UI contract's words for each storage type (kept here independently of the app's table).
fn contract_storage_words(n: i64) -> String {
    match n {
        0 => "DocSpace room".into(),
        1 => "Third-party resource".into(),
        2 => "Custom cloud storage".into(),
        3 => "Server folder".into(),
        4 => "Temporary storage".into(),
        5 => "Third-party storage".into(),
        n => format!("Unknown storage ({n})"),
    }
}

fn iso(d: chrono::DateTime<chrono::Utc>) -> String {
    d.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cards_show_every_backup_newest_first_in_the_contracts_words() {
    Page::run(async |page| {
        page.show_backups_with(DEMO_TOKEN).await?;
        let records = page.demo.records(false);
        page.wait_for_status(&format!("{} backups", records.len()))
            .await?;
        ensure(!page.busy().await?, || "still busy after loading".into())?;
        ensure(page.alerts().await?.is_empty(), || {
            "an alert after a good load".into()
        })?;

        let cards = page.cards().await?;
        let names: Vec<&str> = cards.iter().map(|c| c.name.as_str()).collect();
        let expected: Vec<&str> = records.iter().map(|r| r.file_name.as_str()).collect();
        ensure(names == expected, || {
            format!("cards, newest first:\n{names:?}\nexpected\n{expected:?}")
        })?;

        let now = page.demo.now();
        for (card, record) in cards.iter().zip(&records) {
            let storage = contract_storage_words(record.storage_type);
            ensure(card.text.contains(&storage), || {
                format!("{} should say {storage:?}: {:?}", card.name, card.text)
            })?;
            ensure(card.text.contains(&record.id), || {
                format!("{} should show its id", card.name)
            })?;
            ensure(card.times.first() == Some(&iso(record.created_on)), || {
                format!(
                    "{}: created <time datetime> {:?}, expected {}",
                    card.name,
                    card.times,
                    iso(record.created_on)
                )
            })?;
            match record.expires_on {
                None => ensure(card.text.contains("Does not expire"), || {
                    format!("{} should not expire", card.name)
                })?,
                Some(exp) => {
                    ensure(card.times.get(1) == Some(&iso(exp)), || {
                        format!("{}: expiry time {:?}", card.name, card.times)
                    })?;
                    let expired = exp <= now;
                    ensure(card.text.contains("Expired") == expired, || {
                        format!("{}: expired={expired} but reads {:?}", card.name, card.text)
                    })?;
                }
            }
            ensure(
                card.buttons
                    .iter()
                    .any(|b| b.starts_with("Copy backup ID") && b.contains(&record.file_name)),
                || format!("{}: copy button names {:?}", card.name, card.buttons),
            )?;
        }
        ensure(
            cards.iter().filter(|c| c.text.contains("Expired")).count() == 1,
            || "exactly one expired backup".into(),
        )?;
        page.screenshot("cards").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_api_key_goes_as_bearer_after_a_real_preflight() {
    Page::run(async |page| {
        page.show_backups_with(DEMO_API_KEY).await?;
        page.wait_for_status(&format!("{} backups", page.demo.records(false).len()))
            .await?;
        let seen = page.api_requests();
        let preflight = seen.iter().find(|r| r.method == "OPTIONS");
        ensure(
            preflight.is_some_and(|p| p.origin.as_deref() == Some(&page.page_origin())),
            || {
                format!(
                    "expected a CORS preflight from {}: {seen:?}",
                    page.page_origin()
                )
            },
        )?;
        let gets = page.history_gets();
        ensure(gets.len() == 1, || format!("one GET expected: {gets:?}"))?;
        let get = &gets[0];
        ensure(
            get.path_and_query == "/api/2.0/backup/getbackuphistory?Dump=false",
            || format!("{get:?}"),
        )?;
        ensure(
            get.authorization.as_deref() == Some(&format!("Bearer {DEMO_API_KEY}")),
            || format!("{get:?}"),
        )?;
        // The schedule, progress and settings go to the same portal with the same key.
        page.wait_for("the requests beside the history", async || {
            Ok(page
                .api_requests()
                .iter()
                .filter(|r| r.method == "GET")
                .count()
                == 4)
        })
        .await?;
        let beside: Vec<SeenRequest> = page
            .api_requests()
            .into_iter()
            .filter(|r| r.method == "GET")
            .collect();
        let paths: Vec<&str> = beside.iter().map(|r| r.path_and_query.as_str()).collect();
        for path in [
            "/api/2.0/backup/getbackupschedule?Dump=false",
            "/api/2.0/backup/getbackupprogress?Dump=false",
            "/api/2.0/settings",
        ] {
            ensure(paths.contains(&path), || {
                format!("{path} not asked: {paths:?}")
            })?;
        }
        ensure(
            beside
                .iter()
                .all(|r| r.authorization.as_deref() == Some(&format!("Bearer {DEMO_API_KEY}"))),
            || format!("{beside:?}"),
        )?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_token_says_401_and_keeps_what_was_typed() {
    Page::run(async |page| {
        page.show_backups_with("not-a-real-token").await?;
        let alert = page.wait_for_alert().await?;
        ensure(
            alert.contains("401") && alert.contains("wrong or has expired"),
            || format!("401 alert: {alert:?}"),
        )?;
        ensure(page.cards().await?.is_empty(), || {
            "no cards after a 401".into()
        })?;
        ensure(page.status().await? == "Could not load backups", || {
            "status after failure".into()
        })?;
        ensure(
            page.value_of("Access token").await? == "not-a-real-token",
            || "the token was cleared".into(),
        )?;
        ensure(
            page.value_of("Portal URL").await? == page.portal_origin(),
            || "the URL was cleared".into(),
        )?;
        ensure(!page.busy().await?, || "busy after a failure".into())?;

        // The page stays usable: the right token now loads, and the alert goes.
        page.show_backups_with(DEMO_TOKEN).await?;
        page.wait_for_status(&format!("{} backups", page.demo.records(false).len()))
            .await?;
        ensure(page.alerts().await?.is_empty(), || {
            "the alert outlived a good load".into()
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_admin_gets_403_with_the_servers_message_and_what_to_do() {
    Page::run(async |page| {
        page.show_backups_with(NON_ADMIN_TOKEN).await?;
        let alert = page.wait_for_alert().await?;
        for part in ["403", "Access denied", "owner or a DocSpace admin"] {
            ensure(alert.contains(part), || {
                format!("403 alert should say {part:?}: {alert:?}")
            })?;
        }
        page.screenshot("alert-403").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dump_box_asks_for_workspace_backups() {
    Page::run(async |page| {
        page.field("Workspace backups (database dump)")
            .await?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        page.show_backups_with(DEMO_TOKEN).await?;
        let dumps = page.demo.records(true);
        page.wait_for_status(&format!("{} backups", dumps.len()))
            .await?;
        // One card per dump, in the portal's order, and one request that asked for dumps.
        let names: Vec<String> = page.cards().await?.into_iter().map(|c| c.name).collect();
        let expected: Vec<String> = dumps.iter().map(|r| r.file_name.clone()).collect();
        ensure(!expected.is_empty() && names == expected, || {
            format!("cards {names:?}, expected the dumps {expected:?}")
        })?;
        let gets = page.history_gets();
        ensure(
            gets.len() == 1 && gets[0].path_and_query.ends_with("?Dump=true"),
            || format!("expected exactly one GET with Dump=true: {gets:?}"),
        )
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_fields_are_marked_and_nothing_is_sent() {
    Page::run(async |page| {
        page.type_into("Portal URL", "javascript:alert(1)").await?;
        page.show_backups_with(DEMO_TOKEN).await?;
        let url = page.field("Portal URL").await?;
        page.wait_for("Portal URL to be marked invalid", async || {
            Ok(url.attr("aria-invalid").await.map_err(|e| e.to_string())?.as_deref() == Some("true"))
        })
        .await?;
        let described = url.attr("aria-describedby").await.map_err(|e| e.to_string())?.unwrap_or_default();
        let message = page
            .js(
                "return arguments[0].split(' ').map(id => document.getElementById(id)?.textContent ?? '').join(' ')",
                vec![described.into()],
            )
            .await?;
        let message = message.as_str().unwrap_or_default();
        ensure(message.contains("http://") && message.contains("https://"), || format!("URL message: {message:?}"))?;

        // A cross-origin portal with no token: the token field is the one marked.
        page.type_into("Portal URL", &page.portal_origin()).await?;
        page.show_backups_with("").await?;
        let token = page.field("Access token").await?;
        page.wait_for("Access token to be marked invalid", async || {
            Ok(token.attr("aria-invalid").await.map_err(|e| e.to_string())?.as_deref() == Some("true"))
        })
        .await?;
        ensure(url.attr("aria-invalid").await.map_err(|e| e.to_string())?.is_none(), || "URL still marked".into())?;
        let sent = page.api_requests();
        ensure(sent.is_empty(), || format!("requests were sent: {sent:?}"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_portal_names_the_pages_origin() {
    Page::run(async |page| {
        page.type_into("Portal URL", &format!("127.0.0.1:{}", closed_port()))
            .await?;
        page.show_backups_with(DEMO_TOKEN).await?;
        let alert = page.wait_for_alert().await?;
        ensure(
            alert.contains("could not be reached") && alert.contains(&page.page_origin()),
            || {
                format!(
                    "unreachable alert should name {}: {alert:?}",
                    page.page_origin()
                )
            },
        )
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_ends_the_wait_and_says_so() {
    Page::run(async |page| {
        page.demo.set_behaviour(Behaviour {
            delay: Some(Duration::from_secs(30)),
            ..Behaviour::default()
        });
        page.show_backups_with(DEMO_TOKEN).await?;
        page.wait_for_status("Loading backups…").await?;
        ensure(page.busy().await?, || {
            "aria-busy should be true while loading".into()
        })?;
        ensure(page.has_button("Show backups").await?, || {
            "Show backups must stay usable".into()
        })?;
        page.click("Cancel").await?;
        page.wait_for_status("Cancelled").await?;
        ensure(!page.busy().await?, || "still busy after Cancel".into())?;
        ensure(!page.has_button("Cancel").await?, || {
            "Cancel stays after cancelling".into()
        })?;
        ensure(page.alerts().await?.is_empty(), || {
            "Cancel is not a failure".into()
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_submit_replaces_the_running_one_and_its_late_answer_is_dropped() {
    Page::run(async |page| {
        // The non-admin's 403 is held by the portal until the test lets it go; the admin's
        // answer is immediate.
        let hold = Hold::default();
        page.demo.set_behaviour(Behaviour {
            hold: Some(hold.clone()),
            delay_only_for: Some(NON_ADMIN_TOKEN.into()),
            ..Behaviour::default()
        });
        page.show_backups_with(NON_ADMIN_TOKEN).await?;
        page.wait_for_status("Loading backups…").await?;
        page.wait_for("the first request to reach the portal", async || {
            Ok(hold.arrived())
        })
        .await?;
        page.show_backups_with(DEMO_TOKEN).await?;
        let n = page.demo.records(false).len();
        page.wait_for_status(&format!("{n} backups")).await?;

        // Now the first answer may go: the portal sends it, or finds the page has hung up.
        hold.release();
        page.wait_for("the held answer to be sent or refused", async || {
            Ok(hold.outcome().is_some())
        })
        .await?;
        if hold.outcome() == Some(Held::Sent) {
            // It is on its way: wait until the browser holds both answers whole.
            page.wait_for("the late answer to reach the browser", async || {
                let v = page
                    .js(
                        "return performance.getEntriesByType('resource')
                           .filter(e => e.name.includes('getbackuphistory')).length",
                        vec![],
                    )
                    .await?;
                Ok(v == 2)
            })
            .await?;
        }
        // The late answer (if it came at all) has reached the page; for a moment more, nothing
        // it said may show.
        for _ in 0..10 {
            ensure(page.status().await? == format!("{n} backups"), || {
                "a stale answer changed the status".into()
            })?;
            let alerts = page.alerts().await?;
            ensure(alerts.is_empty(), || {
                format!("a stale answer raised {alerts:?}")
            })?;
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        ensure(page.cards().await?.len() == n, || {
            "a stale answer changed the cards".into()
        })?;
        ensure(page.history_gets().len() == 2, || {
            format!("{:?}", page.history_gets())
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_click_is_harmless() {
    Page::run(async |page| {
        page.type_into("Access token", DEMO_TOKEN).await?;
        // Two clicks in the same instant: two submits, as a double-click makes.
        let button = page.button("Show backups").await?;
        let button = serde_json::to_value(&button).map_err(|e| e.to_string())?;
        page.js("arguments[0].click(); arguments[0].click();", vec![button])
            .await?;
        let n = page.demo.records(false).len();
        page.wait_for_status(&format!("{n} backups")).await?;
        ensure(page.cards().await?.len() == n, || {
            "cards doubled or missing".into()
        })?;
        ensure(page.alerts().await?.is_empty(), || {
            "a double click raised an alert".into()
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_reload_keeps_the_earlier_cards_labelled() {
    Page::run(async |page| {
        page.show_backups_with(DEMO_TOKEN).await?;
        let n = page.demo.records(false).len();
        page.wait_for_status(&format!("{n} backups")).await?;
        page.demo.set_behaviour(Behaviour {
            fault: Some(Fault::Envelope(
                status(500),
                "The demo portal was told to fail",
            )),
            ..Behaviour::default()
        });
        page.click("Show backups").await?;
        let alert = page.wait_for_alert().await?;
        ensure(
            alert.contains("500") && alert.contains("told to fail"),
            || format!("{alert:?}"),
        )?;
        ensure(page.cards().await?.len() == n, || {
            "the earlier cards went away".into()
        })?;
        let region_text = page
            .js(
                "return document.querySelector('.results').innerText",
                vec![],
            )
            .await?;
        ensure(
            region_text
                .as_str()
                .unwrap_or_default()
                .contains("Showing the backups loaded at"),
            || "the kept cards are not labelled with their load time".into(),
        )?;

        // Another portal failing shows no cards at all.
        page.type_into("Portal URL", &format!("127.0.0.1:{}", closed_port()))
            .await?;
        page.click("Show backups").await?;
        page.wait_for("the cards to go", async || {
            Ok(page.cards().await?.is_empty())
        })
        .await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_can_be_shown_and_hidden() {
    Page::run(async |page| {
        page.type_into("Access token", "abc").await?;
        let token = page.field("Access token").await?;
        let kind = async || token.attr("type").await.map_err(|e| e.to_string());
        ensure(kind().await?.as_deref() == Some("password"), || {
            "token should start hidden".into()
        })?;
        page.click("Show token").await?;
        page.wait_for("the token to show", async || {
            Ok(kind().await?.as_deref() == Some("text"))
        })
        .await?;
        page.click("Hide token").await?;
        page.wait_for("the token to hide", async || {
            Ok(kind().await?.as_deref() == Some("password"))
        })
        .await?;
        ensure(page.value_of("Access token").await? == "abc", || {
            "toggling lost the token".into()
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_backup_id_says_copied() {
    Page::run(async |page| {
        page.show_backups_with(DEMO_TOKEN).await?;
        let records = page.demo.records(false);
        page.wait_for_status(&format!("{} backups", records.len()))
            .await?;
        let name = format!("Copy backup ID of {}", records[0].file_name);
        page.click(&name).await?;
        page.wait_for_status("Copied backup ID").await?;
        // Reading it back is the test's own step; a person would paste.
        let copied = page.clipboard().await?;
        ensure(copied == records[0].id, || {
            format!("clipboard holds {copied:?}")
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_has_one_heading_a_language_and_the_named_form() {
    Page::run(async |page| {
        let facts = page
            .js(
                "return [document.documentElement.lang, document.querySelectorAll('h1').length,
                         document.querySelector('form')?.getAttribute('aria-label'),
                         document.querySelector('form')?.noValidate]",
                vec![],
            )
            .await?;
        ensure(
            facts == serde_json::json!(["en", 1, "Portal connection", true]),
            || format!("{facts}"),
        )?;
        page.screenshot("form").await?;
        Ok(())
    })
    .await;
}
