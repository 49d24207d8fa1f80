//! An admin's daily view: find (search, sort, chips, kept in the address), judge (summary and
//! plot), act (copy all, export, refresh), remember, try the sample data, themes, phone, print.

use std::time::Duration;

use chrono::{DateTime, Utc};
use e2e::{ensure, Behaviour, Check, Fault, Page, DEMO_TOKEN, UNSCHEDULED_TOKEN};
use serde_json::{json, Value};

/// Loads the demo portal's usual history and waits for its cards.
async fn load(page: &Page) -> Check {
    page.show_backups_with(DEMO_TOKEN).await?;
    page.wait_for_status(&format!("{} backups", page.demo.records(false).len()))
        .await
}

/// The visible text of the element matching `css` ("" when there is none).
async fn text_of(page: &Page, css: &str) -> Result<String, String> {
    let v = page
        .js(
            "const e = document.querySelector(arguments[0]); return e ? e.innerText : ''",
            vec![json!(css)],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

async fn card_names(page: &Page) -> Result<Vec<String>, String> {
    Ok(page.cards().await?.into_iter().map(|c| c.name).collect())
}

async fn wait_for_cards(page: &Page, n: usize) -> Check {
    page.wait_for(&format!("{n} cards"), async || {
        Ok(page.cards().await?.len() == n)
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sample_data_needs_no_portal() {
    Page::run(async |page| {
        page.click("Try with sample data").await?;
        page.wait_for_status("45 backups (sample data)").await?;
        ensure(page.api_requests().is_empty(), || {
            "the sample data went to the network".into()
        })?;
        let region = text_of(page, "section.results").await?;
        ensure(region.contains("Sample data: made up in this page"), || {
            format!("not labelled as sample data: {region}")
        })?;
        ensure(page.cards().await?.len() == 45, || {
            "not every sample backup has a card".into()
        })?;
        ensure(
            region.contains("Last backup") && region.contains("On schedule"),
            || format!("no judgement: {region}"),
        )?;
        // The plot's text alternative names the two missed nights.
        let plot = page
            .js(
                "const svg = document.querySelector('svg[role=img]');
                 return svg ? svg.getAttribute('aria-labelledby').split(' ')
                   .map(id => document.getElementById(id).textContent).join(' | ') : null",
                vec![],
            )
            .await?;
        let plot = plot.as_str().ok_or("no plot with role=img")?;
        ensure(
            plot.starts_with("Backups per day | Backups per day from"),
            || plot.to_string(),
        )?;
        ensure(
            plot.contains("usually daily") && plot.contains("Gaps: no backups on 2 days"),
            || format!("the gap is not said: {plot}"),
        )?;
        // Cards far down are left unrendered until they come near the screen; scrolled to, the
        // last one shows its words. (A full-page capture shows blank space there; see README.)
        page.screenshot_full("sample-data").await?;
        page.js(
            "const a = document.querySelectorAll('li > article'); a[a.length - 1].scrollIntoView()",
            vec![],
        )
        .await?;
        page.wait_for("the last card drawn once scrolled to", async || {
            let text = page
                .js(
                    "const a = document.querySelectorAll('li > article'); return a[a.length - 1].innerText",
                    vec![],
                )
                .await?;
            Ok(text.as_str().unwrap_or_default().contains("Backup ID"))
        })
        .await?;
        page.screenshot("sample-data-last-cards").await?;
        page.js(
            "document.querySelector('.overview').scrollIntoView()",
            vec![],
        )
        .await?;
        page.screenshot("sample-data-summary").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_sort_and_filters_live_in_the_address() {
    Page::run(async |page| {
        load(page).await?;
        let records = page.demo.records(false);
        let all = records.len();

        // Search by part of an id, in upper case.
        let target = &records[5];
        page.type_into("Search", &target.id[..13].to_uppercase()).await?;
        wait_for_cards(page, 1).await?;
        ensure(card_names(page).await? == [target.file_name.clone()], || "the wrong card matched".into())?;
        ensure(page.address().await?.contains("q="), || "the search is not in the address".into())?;
        page.type_into("Search", "").await?;
        wait_for_cards(page, all).await?;

        // A storage chip with its count, then the Expired chip.
        page.click("Temporary storage (3)").await?;
        wait_for_cards(page, 3).await?;
        ensure(page.cards().await?.iter().all(|c| c.text.contains("Temporary storage")), || "a card of another storage".into())?;
        ensure(page.address().await?.contains("storage=4"), || "the chip is not in the address".into())?;
        page.click("Expired (1)").await?;
        wait_for_cards(page, 1).await?;
        ensure(page.cards().await?[0].text.contains("Expired"), || "the card is not expired".into())?;
        let narrowed = text_of(page, ".shown-count").await?;
        ensure(narrowed == format!("1 of {all} backups match."), || format!("{narrowed:?}"))?;

        // Clear, then oldest first.
        page.click("Clear filters").await?;
        wait_for_cards(page, all).await?;
        page.choose("Sort by", "Oldest first").await?;
        page.wait_for("oldest first", async || {
            Ok(page.cards().await?.first().map(|c| c.name.clone()) == records.last().map(|r| r.file_name.clone()))
        })
        .await?;
        ensure(page.address().await?.contains("sort=oldest"), || "the order is not in the address".into())?;
        page.choose("Sort by", "Storage type").await?;
        page.wait_for("by storage", async || Ok(page.cards().await?[0].text.contains("DocSpace room")))
            .await?;

        // Back walks through the views.
        page.client.back().await.map_err(|e| e.to_string())?;
        page.wait_for("oldest first again", async || {
            Ok(page.cards().await?.first().map(|c| c.name.clone()) == records.last().map(|r| r.file_name.clone()))
        })
        .await?;
        page.client.back().await.map_err(|e| e.to_string())?;
        page.client.back().await.map_err(|e| e.to_string())?;
        wait_for_cards(page, 1).await?;
        ensure(
            page.address().await?.contains("expiry=expired"),
            || "back did not bring the filter back".into(),
        )?;

        // A bookmarked view opens as it was.
        let address = page.address().await?;
        let path = address.split_once(&page.page_origin()).map(|(_, p)| p.to_owned()).unwrap_or_default();
        page.goto(&path).await;
        load(page).await?;
        wait_for_cards(page, 1).await?;
        let pressed = page
            .js("return [...document.querySelectorAll('button[aria-pressed=true]')].map(b => b.textContent)", vec![])
            .await?;
        ensure(pressed == json!(["Temporary storage (3)", "Expired (1)"]), || format!("pressed: {pressed}"))
    })
    .await;
}

/// What `Intl.RelativeTimeFormat` (English, `numeric: "auto"`) says for `then` seen from
/// `now`, in the largest whole unit that fits, cut toward zero (months of 30 days, years of
/// 365): "3 hours ago", "in 1 hour", "yesterday", "now". Written here apart from the app's rule.
fn relative_words(then: DateTime<Utc>, now: DateTime<Utc>) -> String {
    const UNITS: [(i64, &str); 6] = [
        (1_000, "second"),
        (60_000, "minute"),
        (3_600_000, "hour"),
        (86_400_000, "day"),
        (30 * 86_400_000, "month"),
        (365 * 86_400_000, "year"),
    ];
    let delta = (then - now).num_milliseconds();
    let (size, unit) = UNITS
        .into_iter()
        .rev()
        .find(|(size, _)| delta.abs() >= *size)
        .unwrap_or(UNITS[0]);
    let n = delta / size;
    match (n, unit) {
        (0, "second") => "now".into(),
        (-1, "day") => "yesterday".into(),
        (1, "day") => "tomorrow".into(),
        (-1, "month" | "year") => format!("last {unit}"),
        (1, "month" | "year") => format!("next {unit}"),
        (n, unit) => {
            let plural = if n.abs() == 1 { "" } else { "s" };
            if n < 0 {
                format!("{} {unit}{plural} ago", -n)
            } else {
                format!("in {n} {unit}{plural}")
            }
        }
    }
}

/// The words the page may show for `then`: its clock reads some instant between `from` and
/// `to` (it moves on every minute), so each second in between is a candidate.
fn words_between(then: DateTime<Utc>, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut at = from;
    while at <= to + chrono::Duration::seconds(1) {
        let w = relative_words(then, at);
        if !words.contains(&w) {
            words.push(w);
        }
        at += chrono::Duration::seconds(1);
    }
    words
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_judges_the_newest_backup_in_words() {
    Page::run(async |page| {
        let from = Utc::now();
        load(page).await?;
        let summary = text_of(page, ".overview").await?;
        let to = Utc::now();
        // The fixture depends on now: its newest backup is the temporary one of 3 hours ago, or,
        // from 02:00 to about 05:12 UTC, that day's 02:00 run (demo_portal::history::records).
        let records = page.demo.records(false);
        let newest = records[0].created_on;
        let last = words_between(newest, from, to);
        // The portal's schedule judges (tests/e2e/tests/schedule.rs): no threshold verdict here.
        ensure(last.iter().any(|w| summary.contains(&format!("Last backup {w}."))), || {
            format!("the summary does not say \"Last backup {}.\": {summary}", last.join("\" or \""))
        })?;
        ensure(!summary.contains("Warning:") && !summary.contains("Alert:"), || summary.to_string())?;
        let soonest = records.iter().filter_map(|r| r.expires_on).filter(|e| *e > to).min().ok_or("nothing expires")?;
        let next = words_between(soonest, from, to);
        ensure(next.iter().any(|w| summary.contains(&format!("Next expiry: {w}"))), || {
            format!("the summary does not say \"Next expiry: {}\": {summary}", next.join("\" or \""))
        })?;
        let count = |t: i64| records.iter().filter(|r| r.storage_type == t).count();
        for part in [
            format!("{} backups", records.len()),
            format!("Third-party storage: {}", count(5)),
            format!("Temporary storage: {}", count(4)),
            "usually daily".into(),
            // The two nights the portal's schedule missed (tests/e2e/tests/schedule.rs).
            "Missed scheduled backups:".into(),
        ] {
            ensure(summary.contains(&part), || format!("the summary lacks {part:?}: {summary}"))?;
        }

        // A portal without a schedule is judged by the thresholds. An old backup (ten days
        // before now): red, said in words; a longer alert threshold makes it amber.
        let made = (Utc::now() - chrono::Duration::days(10)).format("%Y-%m-%dT%H:%M:%S");
        let body = format!(
            r#"{{"response":[{{"id":"a","fileName":"old.tar.gz","storageType":0,"createdOn":"{made}","expiresOn":"0001-01-01T00:00:00"}}],"count":1,"status":0,"statusCode":200}}"#
        );
        page.demo.set_behaviour(Behaviour {
            fault: Some(Fault::Ok200(Box::leak(body.into_boxed_str()))),
            ..Behaviour::default()
        });
        page.show_backups_with(UNSCHEDULED_TOKEN).await?;
        page.wait_for_status("1 backup").await?;
        page.wait_for("the thresholds to judge", async || {
            Ok(text_of(page, ".overview").await?.contains("Last backup 10 days ago. Alert: older than 7 days"))
        })
        .await?;
        page.type_into("Alert after (days)", "30\t").await?;
        page.wait_for("amber", async || Ok(text_of(page, ".overview").await?.contains("Warning: older than 1 day")))
            .await?;
        page.screenshot("summary-warning").await?;
        Ok(())
    })
    .await;
}

#[test]
fn relative_words_read_as_intl_says_them() {
    let now = Utc::now();
    let ago = |s: i64| relative_words(now - chrono::Duration::seconds(s), now);
    assert_eq!(ago(0), "now");
    assert_eq!(ago(59), "59 seconds ago");
    assert_eq!(ago(61), "1 minute ago");
    assert_eq!(ago(3 * 3600 + 12 * 60), "3 hours ago");
    assert_eq!(ago(86_400 + 5), "yesterday");
    assert_eq!(ago(10 * 86_400), "10 days ago");
    assert_eq!(
        relative_words(now + chrono::Duration::seconds(3 * 3600 + 47 * 60), now),
        "in 3 hours"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_all_visible_ids_and_export_them() {
    Page::run(async |page| {
        load(page).await?;
        let temporary: Vec<String> = page
            .demo
            .records(false)
            .into_iter()
            .filter(|r| r.storage_type == 4)
            .map(|r| r.id)
            .collect();
        page.click("Temporary storage (3)").await?;
        wait_for_cards(page, 3).await?;
        page.click("Copy all visible IDs").await?;
        page.wait_for_status("Copied 3 backup IDs").await?;
        let copied = page.clipboard().await?;
        ensure(copied == temporary.join("\n"), || {
            format!("clipboard: {copied:?}")
        })?;

        page.click("Export CSV").await?;
        page.wait_for_status("Exported 3 backups as CSV").await?;
        let csv = exported(page, "csv").await?;
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        ensure(
            lines[0] == "id,fileName,storageType,storage,createdOn,expiresOn,expired",
            || csv.to_string(),
        )?;
        ensure(lines.len() == 4, || csv.to_string())?;
        for (line, id) in lines[1..].iter().zip(&temporary) {
            ensure(
                line.starts_with(&format!("{id},")) && line.contains(",4,Temporary storage,"),
                || line.to_string(),
            )?;
        }

        page.click("Export JSON").await?;
        page.wait_for_status("Exported 3 backups as JSON").await?;
        let json: Value =
            serde_json::from_str(&exported(page, "json").await?).map_err(|e| e.to_string())?;
        let items = json.as_array().ok_or("not a JSON array")?;
        ensure(items.len() == 3, || format!("{json}"))?;
        ensure(
            items.iter().all(|i| {
                i["storageType"] == 4
                    && i["storage"] == "Temporary storage"
                    && i["createdOn"].as_str().is_some_and(|d| d.ends_with('Z'))
            }),
            || format!("{json}"),
        )
    })
    .await;
}

/// The one exported file with this extension, once the browser has written it.
async fn exported(page: &Page, ext: &str) -> Result<String, String> {
    let mut found = None;
    page.wait_for(&format!("a .{ext} download"), async || {
        found = std::fs::read_dir(&page.downloads)
            .ok()
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == ext));
        Ok(found.is_some())
    })
    .await?;
    let path = found.ok_or("no download")?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    ensure(name.starts_with("backups-127.0.0.1-"), || {
        format!("file name {name}")
    })?;
    std::fs::read_to_string(path).map_err(|e| e.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_keeps_the_view_focus_and_scroll_and_auto_refresh_reloads() {
    Page::run(async |page| {
        load(page).await?;
        page.click("Server folder (20)").await?;
        wait_for_cards(page, 20).await?;
        // The schedule's lines above the cards come with their own answer: read before scrolling.
        page.wait_for("the schedule", async || Ok(text_of(page, ".automatic").await?.contains("Next run")))
            .await?;
        // Scrolled down, with Refresh still on screen (a click on a button out of view would
        // scroll to it first).
        page.js(
            "const b = [...document.querySelectorAll('button')].find(b => b.textContent === 'Refresh');
             window.scrollTo(0, b.getBoundingClientRect().top + window.scrollY - 300)",
            vec![],
        )
        .await?;
        // Cards coming into view get their real height (content-visibility), which may move
        // the scroll position by itself: the refresh must keep whatever it is once settled.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let y = page.js("return window.scrollY", vec![]).await?;
        page.click("Refresh").await?;
        page.wait_for("a second request", async || Ok(page.history_gets().len() == 2)).await?;
        page.wait_for("the reload", async || Ok(!page.busy().await?)).await?;
        let facts = page
            .js("return [window.scrollY, document.activeElement.textContent, document.querySelectorAll('article').length]", vec![])
            .await?;
        ensure(facts == json!([y, "Refresh", 20]), || format!("after Refresh at {y}: {facts}"))?;

        page.choose("Auto-refresh", "Every minute").await?;
        page.wait_longer_for("the auto-refresh", Duration::from_secs(80), async || {
            Ok(page.history_gets().len() == 3)
        })
        .await?;
        page.wait_for("the reload", async || Ok(!page.busy().await?)).await?;
        let facts = page
            .js("return [window.scrollY, document.activeElement.id, document.querySelectorAll('article').length]", vec![])
            .await?;
        ensure(facts == json!([y, "auto-refresh", 20]), || format!("after the auto-refresh at {y}: {facts}"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_portal_is_remembered_and_the_token_only_on_request() {
    Page::run(async |page| {
        page.field("Workspace backups (database dump)")
            .await?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        page.show_backups_with(DEMO_TOKEN).await?;
        page.wait_for_status("6 backups").await?;
        page.goto("/").await;
        ensure(
            page.value_of("Portal URL").await? == page.portal_origin(),
            || "the portal was not remembered".into(),
        )?;
        ensure(page.value_of("Access token").await?.is_empty(), || {
            "the token was kept without asking".into()
        })?;
        let dump = page
            .field("Workspace backups (database dump)")
            .await?
            .prop("checked")
            .await
            .map_err(|e| e.to_string())?;
        ensure(dump.as_deref() == Some("true"), || {
            "Dump was not remembered".into()
        })?;

        page.type_into("Access token", DEMO_TOKEN).await?;
        page.field("Remember token in this tab")
            .await?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        page.goto("/").await;
        ensure(page.value_of("Access token").await? == DEMO_TOKEN, || {
            "the token was not kept in this tab".into()
        })?;
        let stored = page
            .js(
                "return [localStorage.getItem('token'), sessionStorage.getItem('token')]",
                vec![],
            )
            .await?;
        ensure(stored == json!([null, DEMO_TOKEN]), || {
            format!("token storage: {stored}")
        })?;

        page.click("Forget").await?;
        page.wait_for_status("Forgot the remembered portal URL, Dump choice and token")
            .await?;
        let left = page
            .js(
                "return [localStorage.length, sessionStorage.length]",
                vec![],
            )
            .await?;
        ensure(left == json!([0, 0]), || format!("left behind: {left}"))?;
        ensure(page.value_of("Access token").await? == DEMO_TOKEN, || {
            "Forget cleared what was typed".into()
        })
    })
    .await;
}

async fn background(page: &Page) -> Result<String, String> {
    let v = page
        .js(
            "return getComputedStyle(document.body).backgroundColor",
            vec![],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

const LIGHT: &str = "rgb(246, 247, 249)";
const DARK: &str = "rgb(21, 24, 30)";

async fn system_scheme(page: &Page, scheme: &str) -> Check {
    page.cdp(
        "Emulation.setEmulatedMedia",
        json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
    )
    .await
    .map(|_| ())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn themes_follow_the_system_unless_picked() {
    Page::run(async |page| {
        system_scheme(page, "light").await?;
        ensure(background(page).await? == LIGHT, || "not light".into())?;
        system_scheme(page, "dark").await?;
        ensure(background(page).await? == DARK, || {
            "the system's dark is not followed".into()
        })?;
        page.choose("Theme", "Light").await?;
        ensure(background(page).await? == LIGHT, || {
            "the picked light theme is not shown".into()
        })?;
        page.goto("/").await;
        ensure(background(page).await? == LIGHT, || {
            "the picked theme was not remembered".into()
        })?;
        system_scheme(page, "light").await?;
        page.choose("Theme", "Dark").await?;
        ensure(background(page).await? == DARK, || {
            "the picked dark theme is not shown".into()
        })?;
        page.choose("Theme", "System").await?;
        ensure(background(page).await? == LIGHT, || {
            "System does not follow the system".into()
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_320_pixel_phone_and_print() {
    Page::run(async |page| {
        page.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": 320, "height": 720, "deviceScaleFactor": 1, "mobile": true}),
        )
        .await?;
        load(page).await?;
        let wide = page
            .js("return [document.documentElement.scrollWidth, innerWidth]", vec![])
            .await?;
        ensure(wide[0] == wide[1] && wide[1] == 320, || format!("the page scrolls sideways at 320 px: {wide}"))?;

        page.cdp("Emulation.setEmulatedMedia", json!({"media": "print"})).await?;
        let printed = page
            .js(
                "const shown = s => [...document.querySelectorAll(s)].filter(e => e.offsetParent !== null).length;
                 return [shown('form'), shown('.find'), shown('article'), shown('article button')]",
                vec![],
            )
            .await?;
        let cards = page.demo.records(false).len();
        ensure(printed == json!([0, 0, cards, 0]), || format!("print shows [form, find, cards, buttons] = {printed}"))
    })
    .await;
}

/// Not a test but a tool (it checks nothing): the README's screenshots, made from the built
/// page, light and dark, desktop and phone. They go to target/screenshots; with
/// `UPDATE_SCREENSHOTS=1` also to docs/screenshots. Run it by name (see the README):
/// `cargo test -p e2e --locked --test daily -- --ignored screenshots_for_the_readme`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a tool that makes the README's screenshots; run it with --ignored"]
async fn screenshots_for_the_readme() {
    Page::run(async |page| {
        load(page).await?;
        for (device, width, height, mobile) in
            [("desktop", 1280, 1500, false), ("phone", 390, 1400, true)]
        {
            page.cdp(
                "Emulation.setDeviceMetricsOverride",
                json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}),
            )
            .await?;
            for theme in ["Light", "Dark"] {
                page.choose("Theme", theme).await?;
                page.js(
                    "document.activeElement.blur(); window.scrollTo(0, 0)",
                    vec![],
                )
                .await?;
                let name = format!("{device}-{}", theme.to_lowercase());
                let shot = page.screenshot(&name).await?;
                if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
                    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                        .join("../../docs/screenshots");
                    std::fs::create_dir_all(&docs).map_err(|e| e.to_string())?;
                    std::fs::copy(&shot, docs.join(format!("{name}.png")))
                        .map_err(|e| e.to_string())?;
                }
            }
        }
        page.choose("Theme", "System").await
    })
    .await;
}
