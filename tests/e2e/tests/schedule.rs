//! "Is my backup on schedule?": the "Automatic backups" group against each of the demo portal's
//! situations (shared/ui-contract.md, "The schedule"), found by its heading, its lines, the list
//! of missed runs and the progress bar, as a person reads them. What each situation must show
//! is derived from the demo's own schedule and records, never from the hour the test runs at.

use chrono::{DateTime, Utc};
use e2e::{
    ensure, history, situations, Check, Page, BERLIN_TOKEN, DEMO_TOKEN, MONTHLY_TOKEN,
    PLUGIN_HOST_PATH, RUNNING_TOKEN, SCHEDULE_FORBIDDEN_TOKEN, SIGN_IN_PATH, UNSCHEDULED_TOKEN,
    WEEKLY_TOKEN, WINDOWS_ZONE_TOKEN,
};
use serde_json::{json, Value};

/// The group named by its "Automatic backups" heading: its lines, the missed runs' `datetime`s
/// and the progress bar (name, value), or `None` when there is no such group.
async fn group(
    page: &Page,
) -> Result<Option<(Vec<String>, Vec<String>, Option<(String, String)>)>, String> {
    let found = page
        .js(
            r#"const h = [...document.querySelectorAll('h1,h2,h3,h4')]
                 .find(h => h.textContent.trim() === 'Automatic backups');
               const g = h && h.closest('[role=group]');
               if (!g || g.getAttribute('aria-labelledby') !== h.id) return null;
               const list = [...g.querySelectorAll('ul')]
                 .find(u => u.getAttribute('aria-label') === 'Missed scheduled backups');
               const bar = g.querySelector('[role=progressbar]');
               return {
                 lines: g.innerText.split('\n').map(l => l.trim()).filter(l => l),
                 missed: list ? [...list.querySelectorAll('li time')].map(t => t.getAttribute('datetime')) : [],
                 bar: bar ? [bar.getAttribute('aria-label'), bar.getAttribute('aria-valuenow')] : null,
               };"#,
            vec![],
        )
        .await?;
    if found.is_null() {
        return Ok(None);
    }
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let bar = strings(&found["bar"]);
    Ok(Some((
        strings(&found["lines"]),
        strings(&found["missed"]),
        (bar.len() == 2).then(|| (bar[0].clone(), bar[1].clone())),
    )))
}

/// The group's lines once its schedule has been read (not "reading…").
async fn read_lines(page: &Page) -> Result<Vec<String>, String> {
    let mut seen = Vec::new();
    page.wait_for("the schedule to be read", async || {
        seen = match group(page).await? {
            Some((lines, _, _)) => lines,
            None => return Ok(false),
        };
        Ok(seen
            .iter()
            .any(|l| l.starts_with("Schedule:") && !l.contains("reading")))
    })
    .await?;
    Ok(seen)
}

/// The judgement: the line under the heading.
fn judgement(lines: &[String]) -> &str {
    lines.get(1).map_or("", String::as_str)
}

fn has_line(lines: &[String], start: &str) -> Check {
    ensure(lines.iter().any(|l| l.starts_with(start)), || {
        format!("no line starting {start:?} in {lines:#?}")
    })
}

fn iso(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Shows `token`'s situation and waits for its cards.
async fn show(page: &Page, token: &str) -> Check {
    page.show_backups_with(token).await?;
    let n = page.demo.records_for(token, false).len();
    page.wait_for_status(&format!("{n} backups")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daily_schedule_with_two_missed_nights_lists_them() {
    Page::run(async |page| {
        show(page, DEMO_TOKEN).await?;
        let lines = read_lines(page).await?;
        let last = history::last_run(page.demo.now());
        ensure(judgement(&lines).starts_with("On schedule"), || format!("{lines:#?}"))?;
        has_line(&lines, "Schedule: every day at 02:00 UTC")?;
        has_line(&lines, "Stored in Third-party storage; keeps the newest 30.")?;
        // Keeping 30, the newest 30 made runs and the 2 missed among them are judged.
        has_line(&lines, "Missed 2 of the last 32 scheduled backups")?;
        has_line(&lines, "Last attempt")?;
        let (_, missed, bar) = group(page).await?.ok_or("no group")?;
        let expected: Vec<String> = history::MISSED_NIGHTS
            .iter()
            .map(|&d| iso(last - chrono::Duration::days(d)))
            .collect();
        ensure(missed == expected, || format!("missed {missed:?}, expected {expected:?}"))?;
        ensure(bar.is_none(), || "a progress bar with nothing running".into())?;
        // The schedule judges: the typed-in thresholds step aside.
        let thresholds = page
            .js("return [...document.querySelectorAll('legend')].some(l => l.textContent.includes('When is the last backup late'))", vec![])
            .await?;
        ensure(thresholds == json!(false), || "the thresholds are still shown".into())?;
        // The plot's text alternative names the missed nights too.
        let plot = page
            .js("return document.querySelector('svg[role=img] desc').textContent", vec![])
            .await?;
        ensure(
            plot.as_str().is_some_and(|d| d.contains("Missed scheduled backups:")),
            || format!("the plot does not say: {plot}"),
        )?;
        // Dump: the workspace's own schedule, weekly on Sunday.
        page.field("Workspace backups (database dump)")
            .await?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        page.click("Show backups").await?;
        page.wait_for_status(&format!("{} backups", page.demo.records(true).len()))
            .await?;
        page.wait_for("the dump schedule", async || {
            Ok(read_lines(page).await?.iter().any(|l| l == "Schedule: every week on Sunday at 02:00 UTC"))
        })
        .await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_weekly_run_that_left_nothing_is_missed() {
    Page::run(async |page| {
        show(page, WEEKLY_TOKEN).await?;
        let lines = read_lines(page).await?;
        let due = situations::weekly_last_run(page.demo.now());
        let weekday = due.format("%A").to_string();
        let hour = due.format("%H:00").to_string();
        ensure(
            judgement(&lines)
                .starts_with(&format!("Missed the last scheduled backup (due {hour} ")),
            || format!("{lines:#?}"),
        )?;
        has_line(
            &lines,
            &format!("Schedule: every week on {weekday} at {hour} UTC"),
        )?;
        has_line(&lines, "Stored in DocSpace room; keeps the newest 10.")?;
        let made = page.demo.records_for(WEEKLY_TOKEN, false).len();
        has_line(
            &lines,
            &format!("Missed 1 of the last {} scheduled backups", made + 1),
        )?;
        ensure(
            lines
                .iter()
                .any(|l| l.starts_with("Last attempt") && l.ends_with(": left no backup.")),
            || format!("the last attempt is not said to have left nothing: {lines:#?}"),
        )?;
        let (_, missed, _) = group(page).await?.ok_or("no group")?;
        ensure(missed == [iso(due)], || format!("missed {missed:?}"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_monthly_schedule_on_the_31st_is_on_schedule_in_short_months() {
    Page::run(async |page| {
        show(page, MONTHLY_TOKEN).await?;
        let lines = read_lines(page).await?;
        has_line(&lines, "Schedule: every month on day 31 at 03:00 UTC")?;
        has_line(&lines, "Stored in Server folder; keeps the newest 12.")?;
        ensure(judgement(&lines).starts_with("On schedule"), || {
            format!("{lines:#?}")
        })?;
        ensure(!lines.iter().any(|l| l.starts_with("Missed")), || {
            format!("{lines:#?}")
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_schedule_is_a_warning_and_the_thresholds_judge() {
    Page::run(async |page| {
        show(page, UNSCHEDULED_TOKEN).await?;
        let lines = read_lines(page).await?;
        ensure(
            judgement(&lines).starts_with("No automatic backups scheduled"),
            || format!("{lines:#?}"),
        )?;
        ensure(judgement(&lines).contains("billing"), || {
            format!("no word on why a schedule disappears: {lines:#?}")
        })?;
        has_line(&lines, "Schedule: none")?;
        let thresholds = page
            .js("return [...document.querySelectorAll('legend')].some(l => l.textContent.includes('When is the last backup late'))", vec![])
            .await?;
        ensure(thresholds == json!(true), || "the thresholds are gone".into())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schedule_the_token_may_not_read_is_unknown_and_the_cards_stay() {
    Page::run(async |page| {
        show(page, SCHEDULE_FORBIDDEN_TOKEN).await?;
        let lines = read_lines(page).await?;
        ensure(judgement(&lines).starts_with("Schedule unknown"), || {
            format!("{lines:#?}")
        })?;
        has_line(
            &lines,
            "Schedule: unknown (the portal answered HTTP 403 Forbidden: “Access denied”).",
        )?;
        let n = page.demo.records_for(SCHEDULE_FORBIDDEN_TOKEN, false).len();
        let cards = page.cards().await?.len();
        ensure(cards > 0 && cards <= n, || format!("{cards} cards of {n}"))?;
        let alerts = page.alerts().await?;
        ensure(alerts.is_empty(), || {
            format!("an alert for the schedule: {alerts:?}")
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_backup_shows_its_progress_then_the_new_backup() {
    Page::run(async |page| {
        let before = page.demo.records_for(RUNNING_TOKEN, false).len();
        show(page, RUNNING_TOKEN).await?;
        let lines = read_lines(page).await?;
        // The run due within the last two hours has not left its backup yet.
        ensure(judgement(&lines).starts_with("Due now"), || {
            format!("{lines:#?}")
        })?;
        // The bar moves: at least two values on the way, named for what runs.
        let mut values = Vec::new();
        page.wait_longer_for(
            "the backup to finish",
            std::time::Duration::from_secs(30),
            async || match group(page).await?.and_then(|(_, _, bar)| bar) {
                Some((name, value)) => {
                    ensure(name == "Backup in progress", || {
                        format!("the bar is named {name:?}")
                    })?;
                    if values.last() != Some(&value) {
                        values.push(value);
                    }
                    Ok(false)
                }
                None => Ok(!values.is_empty()),
            },
        )
        .await?;
        ensure(values.len() >= 2, || {
            format!("the bar did not move: {values:?}")
        })?;
        // Then the history reloads by itself, with the new backup, and the run is made.
        page.wait_for_status(&format!("{} backups", before + 1))
            .await?;
        page.wait_for("the judgement to follow", async || {
            Ok(judgement(&lines_now(page).await?).starts_with("On schedule"))
        })
        .await?;
        // And the polling stopped.
        let polls = || {
            page.api_requests()
                .iter()
                .filter(|r| r.path_and_query.contains("getbackupprogress"))
                .count()
        };
        let after = polls();
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        ensure(polls() == after, || {
            format!("still polling: {after} → {}", polls())
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sample_data_during_a_running_backup_stops_the_polls() {
    Page::run(async |page| {
        show(page, RUNNING_TOKEN).await?;
        page.wait_for("the progress bar", async || {
            Ok(group(page).await?.is_some_and(|(_, _, bar)| bar.is_some()))
        })
        .await?;
        page.click("Try with sample data").await?;
        page.wait_for_status("45 backups (sample data)").await?;
        let polls = || {
            page.api_requests()
                .iter()
                .filter(|r| r.method == "GET" && r.path_and_query.contains("getbackupprogress"))
                .count()
        };
        let before = polls();
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        ensure(polls() == before, || {
            format!(
                "the portal is still asked for its progress: {before} → {}",
                polls()
            )
        })?;
        let bar = group(page).await?.and_then(|(_, _, bar)| bar);
        ensure(bar.is_none(), || {
            format!("the sample data shows a progress bar: {bar:?}")
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hidden_tab_is_not_polled() {
    Page::run(async |page| {
        let before = page.demo.records_for(RUNNING_TOKEN, false).len();
        show(page, RUNNING_TOKEN).await?;
        page.wait_for("the progress bar", async || {
            Ok(group(page).await?.is_some_and(|(_, _, bar)| bar.is_some()))
        })
        .await?;
        let polls = || {
            page.api_requests()
                .iter()
                .filter(|r| r.method == "GET" && r.path_and_query.contains("getbackupprogress"))
                .count()
        };
        // Another tab comes to the front: this one is hidden, as the admin would leave it.
        let tab = page
            .cdp(
                "Target.createTarget",
                json!({"url": "about:blank", "background": false}),
            )
            .await?;
        let hidden = page.js("return document.visibilityState", vec![]).await?;
        ensure(hidden == json!("hidden"), || format!("the tab is {hidden}"))?;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let asked = polls();
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        ensure(polls() == asked, || {
            format!("polled while hidden: {asked} → {}", polls())
        })?;
        // Back to this tab: the polls go on, and the finished backup shows.
        page.cdp("Target.closeTarget", json!({"targetId": tab["targetId"]}))
            .await?;
        page.wait_for("the tab to be visible", async || {
            Ok(page.js("return document.visibilityState", vec![]).await? == json!("visible"))
        })
        .await?;
        page.wait_for_status(&format!("{} backups", before + 1))
            .await?;
        ensure(polls() > asked, || "no poll after the tab came back".into())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inside_docspace_the_plugin_is_asked_for_the_progress_alone() {
    Page::run(async |page| {
        let site = format!("http://{}", page.site);
        page.goto_url(&format!("{site}{SIGN_IN_PATH}")).await;
        let before = page.demo.records_for(RUNNING_TOKEN, false).len();
        page.open_framed(&format!(
            "{site}{PLUGIN_HOST_PATH}?app={}&as={RUNNING_TOKEN}",
            page.page_origin()
        ))
        .await?;
        page.wait_for("the progress bar", async || {
            Ok(group(page).await?.is_some_and(|(_, _, bar)| bar.is_some()))
        })
        .await?;
        // The backup completes: the page asks for everything once more and shows the new one.
        page.wait_longer_for(
            "the new backup",
            std::time::Duration::from_secs(30),
            async || {
                Ok(page.status().await?
                    == format!("{} backups (sent by the DocSpace plugin)", before + 1))
            },
        )
        .await?;
        page.into_frame(None).await?;
        let seen = page.js("return window.__seen", vec![]).await?;
        page.into_frame(Some(0)).await?;
        let seen: Vec<String> = seen
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let histories = seen
            .iter()
            .filter(|s| s.starts_with("sent history"))
            .count();
        let progresses = seen
            .iter()
            .filter(|s| s.starts_with("sent progress"))
            .count();
        // Two loads (the first, and the one after the backup ended); the ticks between are light.
        ensure(histories == 2 && progresses >= 2, || {
            format!("the host saw: {seen:?}")
        })
    })
    .await;
}

/// The group's lines as they are now.
async fn lines_now(page: &Page) -> Result<Vec<String>, String> {
    Ok(group(page).await?.map(|(l, _, _)| l).unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_portal_in_berlin_is_judged_on_its_clock_and_said_in_the_readers() {
    Page::run(async |page| {
        // The reader is in New York: 02:00 in Berlin (winter) is 20:00 the day before.
        page.cdp(
            "Emulation.setTimezoneOverride",
            json!({"timezoneId": "America/New_York"}),
        )
        .await?;
        show(page, BERLIN_TOKEN).await?;
        let lines = read_lines(page).await?;
        ensure(judgement(&lines).starts_with("On schedule"), || {
            format!("{lines:#?}")
        })?;
        let schedule = lines
            .iter()
            .find(|l| l.starts_with("Schedule:"))
            .cloned()
            .unwrap_or_default();
        ensure(
            schedule.starts_with("Schedule: every day at 02:00 Europe/Berlin (")
                && schedule.contains("8:00")
                && schedule.ends_with(" your time)"),
            || format!("{schedule:?}"),
        )?;
        // Sixty nights across the end of summer time, every one made.
        ensure(!lines.iter().any(|l| l.starts_with("Missed")), || {
            format!("{lines:#?}")
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_windows_zone_id_falls_back_to_todays_offset_and_says_so() {
    Page::run(async |page| {
        show(page, WINDOWS_ZONE_TOKEN).await?;
        let lines = read_lines(page).await?;
        has_line(&lines, "Schedule: every day at 02:00 UTC+01:00")?;
        ensure(
            lines
                .iter()
                .any(|l| l.contains("“W. Europe Standard Time”") && l.contains("offset today")),
            || format!("no note on the zone: {lines:#?}"),
        )
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plugin_sends_the_schedule_and_an_old_plugin_leaves_it_unknown() {
    Page::run(async |page| {
        let site = format!("http://{}", page.site);
        page.goto_url(&format!("{site}{SIGN_IN_PATH}")).await;
        for (query, expected) in [
            ("", "Schedule: every day at 02:00 UTC"),
            (
                "&protocol=1",
                "Schedule: unknown (the DocSpace plugin did not send it; update the plugin).",
            ),
        ] {
            page.open_framed(&format!(
                "{site}{PLUGIN_HOST_PATH}?app={}{query}",
                page.page_origin()
            ))
            .await?;
            let lines = read_lines(page).await?;
            has_line(&lines, expected)?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sample_data_has_a_schedule_with_missed_nights() {
    Page::run(async |page| {
        page.click("Try with sample data").await?;
        let lines = read_lines(page).await?;
        ensure(judgement(&lines).starts_with("On schedule"), || {
            format!("{lines:#?}")
        })?;
        has_line(&lines, "Schedule: every day at 02:00 UTC")?;
        has_line(&lines, "Missed 2 of the last")?;
        let (_, missed, _) = group(page).await?.ok_or("no group")?;
        ensure(missed.len() == 2, || format!("{missed:?}"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_nothing_in_the_groups_states() {
    Page::run(async |page| {
        // The progress bar first, while it runs (six seconds).
        show(page, RUNNING_TOKEN).await?;
        page.wait_for("the progress bar", async || {
            Ok(group(page).await?.is_some_and(|(_, _, bar)| bar.is_some()))
        })
        .await?;
        let violations = page.axe().await?;
        ensure(violations.is_empty(), || {
            format!("axe, a running backup:\n{}", violations.join("\n"))
        })?;
        for token in [
            DEMO_TOKEN,
            WEEKLY_TOKEN,
            UNSCHEDULED_TOKEN,
            SCHEDULE_FORBIDDEN_TOKEN,
        ] {
            show(page, token).await?;
            read_lines(page).await?;
            for theme in ["Light", "Dark"] {
                page.choose("Theme", theme).await?;
                let violations = page.axe().await?;
                ensure(violations.is_empty(), || {
                    format!("axe, {token}, {theme}:\n{}", violations.join("\n"))
                })?;
            }
        }
        Ok(())
    })
    .await;
}

/// Not a test but a tool (it checks nothing): the README's picture of the group, from the built
/// page against the demo portal. With `UPDATE_SCREENSHOTS=1` it goes to `docs/screenshots/`:
/// `cargo test -p e2e --locked --test schedule -- --ignored screenshot_for_the_readme`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a tool that makes the README's screenshot; run it with --ignored"]
async fn screenshot_for_the_readme() {
    Page::run(async |page| {
        show(page, DEMO_TOKEN).await?;
        read_lines(page).await?;
        // The group and the summary beneath it, at the top of a viewport just their height.
        let height = page
            .js(
                "const g = document.querySelector('[role=group][aria-labelledby=automatic-title]');
                 const s = document.querySelector('.overview');
                 return Math.ceil(s.getBoundingClientRect().bottom - g.getBoundingClientRect().top) + 24",
                vec![],
            )
            .await?;
        page.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 1000, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        )
        .await?;
        page.js(
            "document.activeElement.blur();
             const g = document.querySelector('[role=group][aria-labelledby=automatic-title]');
             window.scrollTo(0, g.getBoundingClientRect().top + window.scrollY - 12)",
            vec![],
        )
        .await?;
        let shot = page.screenshot("schedule").await?;
        if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
            let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
            std::fs::copy(&shot, docs.join("schedule.png")).map_err(|e| e.to_string())?;
        }
        Ok(())
    })
    .await;
}
