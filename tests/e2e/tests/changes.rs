//! Changing the portal's backups (shared/ui-contract.md, "Changing the portal's backups"): every
//! change asks first in a modal dialog, and each safety rule of the issue holds against the demo
//! portal, which keeps real state (a deleted backup is gone from the next history).

use std::time::Duration;

use e2e::{
    ensure, Behaviour, Check, Hold, Page, WriteFault, WriteOp, DEMO_SESSION, DEMO_TOKEN,
    READ_ONLY_KEY, RUNNING_TOKEN, SAME_ORIGIN_PATH, SESSION_COOKIE, SIGN_IN_PATH,
};
use serde_json::{json, Value};

/// Loads the demo portal's backups with `token` and waits for the cards.
async fn load(page: &Page, token: &str) -> Check {
    page.show_backups_with(token).await?;
    let n = page.demo.records_for(token, false).len();
    page.wait_for_status(&format!("{n} backups")).await
}

/// The open dialog: its accessible name, its description and whether it is modal; `None` when
/// no dialog is open.
async fn dialog(page: &Page) -> Result<Option<(String, String, bool)>, String> {
    let v = page
        .js(
            r#"const d = document.querySelector('dialog[open]');
               if (!d) return null;
               const text = id => (document.getElementById(id) || {}).textContent || '';
               return [text(d.getAttribute('aria-labelledby')), text(d.getAttribute('aria-describedby')),
                       d.getAttribute('aria-modal') === 'true' && d.matches(':modal')];"#,
            vec![],
        )
        .await?;
    Ok(v.as_array().map(|a| {
        (
            a[0].as_str().unwrap_or_default().to_owned(),
            a[1].as_str().unwrap_or_default().to_owned(),
            a[2] == json!(true),
        )
    }))
}

/// Clicks the button named `name` inside the open dialog.
async fn in_dialog(page: &Page, name: &str) -> Check {
    let clicked = page
        .js(
            "const b = [...document.querySelectorAll('dialog[open] button')]
               .find(b => b.textContent.trim() === arguments[0]);
             if (!b || b.disabled) return false; b.click(); return true;",
            vec![json!(name)],
        )
        .await?;
    ensure(clicked == json!(true), || {
        format!("no enabled button {name:?} in an open dialog")
    })
}

/// Whether the dialog's button `name` is enabled.
async fn enabled(page: &Page, name: &str) -> Result<bool, String> {
    let v = page
        .js(
            "const b = [...document.querySelectorAll('dialog[open] button')]
               .find(b => b.textContent.trim() === arguments[0]);
             return !!b && !b.disabled;",
            vec![json!(name)],
        )
        .await?;
    Ok(v == json!(true))
}

/// Clicks the first card's button whose name starts with `start` ("Delete backup", "Restore");
/// returns that card's file name.
async fn on_first_card(page: &Page, start: &str) -> Result<String, String> {
    let v = page
        .js(
            "const a = document.querySelector('li > article');
             const b = [...a.querySelectorAll('button')].find(b => b.textContent.startsWith(arguments[0]));
             b.focus(); b.click();
             return a.getAttribute('aria-label');",
            vec![json!(start)],
        )
        .await?;
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("no card button {start:?}"))
}

async fn focused_text(page: &Page) -> Result<String, String> {
    let v = page
        .js("return document.activeElement.textContent.trim()", vec![])
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

async fn wait_for_dialog(page: &Page) -> Result<(String, String, bool), String> {
    let mut found = None;
    page.wait_for("the dialog", async || {
        found = dialog(page).await?;
        Ok(found.is_some())
    })
    .await?;
    found.ok_or_else(|| "no dialog".into())
}

async fn types_host(page: &Page) -> Check {
    let host = page.portal_origin().replace("http://", "");
    let host = host.split(':').next().unwrap_or_default().to_owned();
    page.type_into("Type the portal's host name to confirm", &host)
        .await
}

async fn cards(page: &Page) -> Result<usize, String> {
    Ok(page.cards().await?.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_asks_first_then_the_card_leaves_when_the_portal_confirmed() {
    Page::run(async |page| {
        load(page, DEMO_TOKEN).await?;
        let before = cards(page).await?;
        let name = on_first_card(page, "Delete backup").await?;
        let (title, described, modal) = wait_for_dialog(page).await?;
        ensure(title == format!("Delete backup {name}?") && modal, || {
            format!("{title:?} modal={modal}")
        })?;
        ensure(
            described.contains(&name)
                && described.contains("created")
                && described.contains("cannot be undone"),
            || described.clone(),
        )?;
        ensure(focused_text(page).await? == "Cancel", || "Cancel is not focused first".into())?;
        ensure(page.demo.writes().is_empty(), || "sent before the confirming click".into())?;

        in_dialog(page, "Delete backup").await?;
        page.wait_for_status(&format!("Deleted backup {name}")).await?;
        let writes = page.demo.writes();
        ensure(
            writes.len() == 1
                && writes[0].method == "DELETE"
                && writes[0].path_and_query.starts_with("/api/2.0/backup/deletebackup/")
                && writes[0].authorization.as_deref() == Some(DEMO_TOKEN),
            || format!("{writes:?}"),
        )?;
        // The list is read again: the card is gone, the status still says what was done.
        page.wait_for("the card to leave", async || Ok(cards(page).await? == before - 1))
            .await?;
        let names: Vec<String> = page.cards().await?.into_iter().map(|c| c.name).collect();
        ensure(!names.contains(&name), || format!("{name} is still listed"))?;
        ensure(page.status().await? == format!("Deleted backup {name}"), || "the status moved on".into())?;
        let log = page
            .js("return [...document.querySelectorAll('section')].find(s => s.querySelector('h3') && s.querySelector('h3').textContent === 'Changes made from this page').innerText", vec![])
            .await?;
        ensure(
            log.as_str().is_some_and(|l| l.contains(&format!("Delete backup {name}: done"))),
            || format!("the log: {log}"),
        )
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_and_escape_send_nothing_and_give_focus_back() {
    Page::run(async |page| {
        load(page, DEMO_TOKEN).await?;
        for close in ["Cancel", "Escape"] {
            let name = on_first_card(page, "Restore").await?;
            wait_for_dialog(page).await?;
            if close == "Cancel" {
                in_dialog(page, "Cancel").await?;
            } else {
                page.keys("\u{E00C}").await?;
            }
            page.wait_for("the dialog to close", async || {
                Ok(dialog(page).await?.is_none())
            })
            .await?;
            let focused = focused_text(page).await?;
            ensure(focused == format!("Restore from {name}"), || {
                format!("after {close}, focus is on {focused:?}")
            })?;
        }
        page.click("Back up now").await?;
        wait_for_dialog(page).await?;
        page.keys("\u{E00C}").await?;
        page.wait_for("the dialog to close", async || {
            Ok(dialog(page).await?.is_none())
        })
        .await?;
        ensure(focused_text(page).await? == "Back up now", || {
            "focus lost".into()
        })?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let writes = page.demo.writes();
        ensure(writes.is_empty(), || format!("sent: {writes:?}"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_double_click_on_the_confirming_button_sends_one_request() {
    Page::run(async |page| {
        load(page, DEMO_TOKEN).await?;
        on_first_card(page, "Delete backup").await?;
        wait_for_dialog(page).await?;
        page.js(
            "const b = [...document.querySelectorAll('dialog[open] button')].find(b => b.textContent.trim() === 'Delete backup');
             b.click(); b.click();",
            vec![],
        )
        .await?;
        page.wait_for_status_starting("Deleted backup").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let writes = page.demo.writes();
        ensure(writes.len() == 1, || format!("{} requests: {writes:?}", writes.len()))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_all_needs_the_host_name_typed() {
    Page::run(async |page| {
        load(page, DEMO_TOKEN).await?;
        page.click("Delete all backups").await?;
        let (title, described, _) = wait_for_dialog(page).await?;
        ensure(
            title == "Delete all backups?" && described.contains("cannot be undone"),
            || format!("{title} / {described}"),
        )?;
        ensure(!enabled(page, "Delete all backups").await?, || {
            "enabled before the host name".into()
        })?;
        page.type_into("Type the portal's host name to confirm", "example.com")
            .await?;
        ensure(!enabled(page, "Delete all backups").await?, || {
            "enabled by another host".into()
        })?;
        types_host(page).await?;
        page.wait_for("the button to be enabled", async || {
            enabled(page, "Delete all backups").await
        })
        .await?;
        in_dialog(page, "Delete all backups").await?;
        page.wait_for_status("Deleted all backups").await?;
        let writes = page.demo.writes();
        ensure(
            writes.len() == 1
                && writes[0].method == "DELETE"
                && writes[0].path_and_query == "/api/2.0/backup/deletebackuphistory?Dump=false",
            || format!("{writes:?}"),
        )?;
        page.wait_for("no cards", async || Ok(cards(page).await? == 0))
            .await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_says_what_it_does_and_follows_its_progress() {
    Page::run(async |page| {
        load(page, DEMO_TOKEN).await?;
        let name = on_first_card(page, "Restore").await?;
        let (title, described, _) = wait_for_dialog(page).await?;
        ensure(title == format!("Restore the portal from {name}?"), || title.clone())?;
        for says in [
            "unavailable while it restores",
            "Every change made after",
            "password is reset",
        ] {
            ensure(described.contains(says), || format!("the dialog does not say {says:?}: {described}"))?;
        }
        ensure(!enabled(page, "Restore portal").await?, || "enabled before the host name".into())?;
        page.js(
            "[...document.querySelectorAll('dialog[open] label')].find(l => l.textContent.includes('Notify users by email')).querySelector('input').click()",
            vec![],
        )
        .await?;
        types_host(page).await?;
        if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
            page.js("document.activeElement.blur()", vec![]).await?;
            let shot = page.screenshot("restore-dialog").await?;
            let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
            std::fs::copy(&shot, docs.join("restore-dialog.png")).map_err(|e| e.to_string())?;
        }
        in_dialog(page, "Restore portal").await?;
        page.wait_for_status_starting("Restore started").await?;
        let writes = page.demo.writes();
        let body: Value = serde_json::from_str(writes[0].body.as_deref().unwrap_or("null"))
            .map_err(|e| e.to_string())?;
        ensure(
            writes.len() == 1
                && writes[0].path_and_query == "/api/2.0/backup/startrestore"
                && body["notify"] == json!(true)
                && body["storageParams"][0]["key"] == json!("fileId"),
            || format!("{writes:?}"),
        )?;
        // Its progress, asked anonymously, until it is done.
        page.wait_for("the restore's progress bar", async || {
            Ok(page
                .js("const b = document.querySelector('[role=progressbar]'); return b && b.getAttribute('aria-label')", vec![])
                .await?
                == json!("Restore in progress"))
        })
        .await?;
        page.wait_longer_for("the restore to finish", Duration::from_secs(30), async || {
            Ok(page.status().await?.starts_with("Restore finished. Sign in to the portal again"))
        })
        .await?;
        let asked: Vec<_> = page
            .api_requests()
            .into_iter()
            .filter(|r| r.path_and_query.contains("getrestoreprogress"))
            .collect();
        ensure(
            !asked.is_empty() && asked.iter().all(|r| r.authorization.is_none()),
            || format!("{asked:?}"),
        )
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_up_now_follows_the_progress_and_focuses_the_new_backup() {
    Page::run(async |page| {
        load(page, DEMO_TOKEN).await?;
        let before = cards(page).await?;
        page.click("Back up now").await?;
        let (_, described, _) = wait_for_dialog(page).await?;
        ensure(described.contains("makes a backup now"), || described.clone())?;
        // Temporary storage, rather than the schedule's (the default).
        page.js(
            "[...document.querySelectorAll('dialog[open] label')].find(l => l.textContent.includes('Temporary storage')).querySelector('input').click()",
            vec![],
        )
        .await?;
        in_dialog(page, "Start backup").await?;
        page.wait_for_status("Backup started").await?;
        let writes = page.demo.writes();
        let body: Value = serde_json::from_str(writes[0].body.as_deref().unwrap_or("null"))
            .map_err(|e| e.to_string())?;
        ensure(body["storageType"] == json!(4), || format!("{writes:?}"))?;
        page.wait_longer_for("the new backup", Duration::from_secs(30), async || {
            Ok(page.status().await?.starts_with("Backup made: "))
        })
        .await?;
        ensure(cards(page).await? == before + 1, || "no new card".into())?;
        let made = page.status().await?.trim_start_matches("Backup made: ").to_owned();
        let focused = page
            .js("return document.activeElement.getAttribute('aria-label')", vec![])
            .await?;
        ensure(focused == json!(made), || format!("focus on {focused}, made {made}"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_a_backup_runs_back_up_now_says_so_and_sends_nothing() {
    Page::run(async |page| {
        load(page, RUNNING_TOKEN).await?;
        page.wait_for("the progress bar", async || {
            Ok(page
                .js(
                    "return !!document.querySelector('[role=progressbar]')",
                    vec![],
                )
                .await?
                == json!(true))
        })
        .await?;
        page.click("Back up now").await?;
        let (_, described, _) = wait_for_dialog(page).await?;
        ensure(
            described.contains("Backup in progress on the portal: wait until it ends."),
            || described.clone(),
        )?;
        ensure(!enabled(page, "Start backup").await?, || {
            "Start backup is enabled".into()
        })?;
        in_dialog(page, "Cancel").await?;
        let writes = page.demo.writes();
        ensure(writes.is_empty(), || format!("{writes:?}"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_failed_and_unanswered_changes_keep_every_card() {
    Page::run(async |page| {
        // A key without *:write: the 403 says so.
        load(page, &format!("Bearer {READ_ONLY_KEY}")).await?;
        let before = cards(page).await?;
        on_first_card(page, "Delete backup").await?;
        wait_for_dialog(page).await?;
        in_dialog(page, "Delete backup").await?;
        let alert = page.wait_for_alert().await?;
        ensure(alert.contains("403") && alert.contains("*:write"), || {
            alert.clone()
        })?;
        ensure(cards(page).await? == before, || "a card left".into())?;

        // A failure of the portal: its words, and the cards stay.
        load(page, DEMO_TOKEN).await?;
        page.demo.set_behaviour(Behaviour {
            write_fault: Some((WriteOp::DeleteBackup, WriteFault::ServerError)),
            ..Behaviour::default()
        });
        let before = cards(page).await?;
        on_first_card(page, "Delete backup").await?;
        wait_for_dialog(page).await?;
        in_dialog(page, "Delete backup").await?;
        page.wait_for("the 500", async || {
            Ok(page.alerts().await?.iter().any(|a| a.contains("500")))
        })
        .await?;
        ensure(cards(page).await? == before, || "a card left".into())?;

        // 402: the plan's free backups are used up.
        page.demo.set_behaviour(Behaviour {
            write_fault: Some((WriteOp::StartBackup, WriteFault::PaymentRequired)),
            ..Behaviour::default()
        });
        page.click("Back up now").await?;
        wait_for_dialog(page).await?;
        in_dialog(page, "Start backup").await?;
        page.wait_for("the 402", async || {
            Ok(page
                .alerts()
                .await?
                .iter()
                .any(|a| a.contains("402") && a.contains(WriteOp::StartBackup.payment_message())))
        })
        .await?;

        // No answer at all: after 30 seconds, the change may or may not have happened.
        let hold = Hold::default();
        page.demo.set_behaviour(Behaviour {
            write_fault: Some((WriteOp::DeleteBackup, WriteFault::Hold(hold.clone()))),
            ..Behaviour::default()
        });
        on_first_card(page, "Delete backup").await?;
        wait_for_dialog(page).await?;
        in_dialog(page, "Delete backup").await?;
        page.wait_longer_for("the time limit", Duration::from_secs(40), async || {
            Ok(page
                .alerts()
                .await?
                .iter()
                .any(|a| a.contains("may or may not have happened") && a.contains("Refresh")))
        })
        .await?;
        ensure(cards(page).await? == before, || "a card left".into())?;
        hold.release();
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_for_another_portal_changes_nothing_on_screen() {
    Page::run(async |page| {
        load(page, DEMO_TOKEN).await?;
        let hold = Hold::default();
        page.demo.set_behaviour(Behaviour {
            write_fault: Some((WriteOp::DeleteBackup, WriteFault::Hold(hold.clone()))),
            ..Behaviour::default()
        });
        let name = on_first_card(page, "Delete backup").await?;
        wait_for_dialog(page).await?;
        in_dialog(page, "Delete backup").await?;
        page.wait_for(
            "the delete to reach the portal",
            async || Ok(hold.arrived()),
        )
        .await?;
        // Meanwhile the admin looks at the workspace dumps instead.
        page.field("Workspace backups (database dump)")
            .await?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        page.click("Show backups").await?;
        let dumps = page.demo.records(true).len();
        page.wait_for_status(&format!("{dumps} backups")).await?;
        hold.release();
        page.wait_for("the log", async || {
            Ok(page
                .js(
                    "return document.body.innerText.includes(arguments[0])",
                    vec![json!(format!("Delete backup {name}: done"))],
                )
                .await?
                == json!(true))
        })
        .await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        ensure(page.status().await? == format!("{dumps} backups"), || {
            "the status changed".into()
        })?;
        ensure(cards(page).await? == dumps, || {
            "the dumps' cards changed".into()
        })?;
        let alerts = page.alerts().await?;
        ensure(alerts.is_empty(), || format!("{alerts:?}"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_shows_no_button_that_changes_anything() {
    Page::run(async |page| {
        page.goto(&format!("/?readonly=1&portal={}", page.portal_origin()))
            .await;
        load(page, DEMO_TOKEN).await?;
        let buttons = page
            .js(
                "return [...document.querySelectorAll('button')].map(b => b.textContent.trim())",
                vec![],
            )
            .await?;
        let changing = buttons
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|b| b.as_str())
                    .filter(|b| {
                        b.starts_with("Delete") || b.starts_with("Restore") || *b == "Back up now"
                    })
                    .count()
            })
            .unwrap_or(0);
        ensure(changing == 0, || {
            format!("buttons that change the portal: {buttons}")
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_portals_own_origin_the_session_changes_too() {
    Page::run(async |page| {
        let site = format!("http://{}", page.site);
        page.goto_url(&format!("{site}{SIGN_IN_PATH}")).await;
        page.click("Show backups").await?;
        page.wait_for_status(&format!("{} backups", page.demo.records(false).len()))
            .await?;
        let name = on_first_card(page, "Delete backup").await?;
        wait_for_dialog(page).await?;
        in_dialog(page, "Delete backup").await?;
        page.wait_for_status(&format!("Deleted backup {name}"))
            .await?;
        let writes = page.demo.writes();
        ensure(
            writes.len() == 1
                && writes[0].authorization.is_none()
                && writes[0]
                    .cookie
                    .as_deref()
                    .is_some_and(|c| c.contains(&format!("{SESSION_COOKIE}={DEMO_SESSION}"))),
            || format!("{writes:?}"),
        )?;
        ensure(page.address().await?.contains(SAME_ORIGIN_PATH), || {
            "not on the portal's origin".into()
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_nothing_with_each_dialog_open() {
    Page::run(async |page| {
        load(page, DEMO_TOKEN).await?;
        for (open, card) in [
            ("Back up now", false),
            ("Delete all backups", false),
            ("Delete backup", true),
            ("Restore", true),
        ] {
            for theme in ["Light", "Dark"] {
                page.choose("Theme", theme).await?;
                if card {
                    on_first_card(page, open).await?;
                } else {
                    page.click(open).await?;
                }
                wait_for_dialog(page).await?;
                let violations = page.axe().await?;
                ensure(violations.is_empty(), || {
                    format!(
                        "axe, the {open} dialog, {theme}:\n{}",
                        violations.join("\n")
                    )
                })?;
                in_dialog(page, "Cancel").await?;
                page.wait_for("the dialog to close", async || {
                    Ok(dialog(page).await?.is_none())
                })
                .await?;
            }
        }
        Ok(())
    })
    .await;
}
