//! What a hostile portal cannot do to the page, and where the token may and may not go.

use e2e::{ensure, Behaviour, Check, Fault, Page, Server, DEMO_API_KEY, DEMO_TOKEN};
use serde_json::json;

const LONG_NAME: &str = "portal_with_a_name_that_never_ends_0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz.tar.gz";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_and_scripts_in_records_stay_text_and_odd_names_display() {
    let names = [
        "<img src=x onerror=\"window.__pwned=1\">.tar.gz",
        "<script>window.__pwned=2</script>",
        "نسخة_احتياطية_2024-05-01.tar.gz",
        "backup 🚀✅ 2024-05-01.tar.gz",
        LONG_NAME,
    ];
    // Made in the last days (relative to now), so the summary's plot, an <svg> of the page's
    // own, is drawn beside the cards: only what is inside the cards counts as injected.
    let now = chrono::Utc::now();
    let records: Vec<_> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let made = now - chrono::Duration::days(i as i64 + 1);
            json!({
                "id": format!("\"><svg onload=window.__pwned={i}>"),
                "fileName": name,
                "storageType": 0,
                "createdOn": made.format("%Y-%m-%dT%H:%M:%S").to_string(),
                "expiresOn": "0001-01-01T00:00:00",
            })
        })
        .collect();
    let body = json!({"response": records, "count": names.len(), "status": 0, "statusCode": 200})
        .to_string();
    let body: &'static str = Box::leak(body.into_boxed_str());
    Page::run(async move |page| {
        page.demo.set_behaviour(Behaviour {
            fault: Some(Fault::Ok200(body)),
            ..Behaviour::default()
        });
        page.show_backups_with(DEMO_TOKEN).await?;
        page.wait_for_status("5 backups").await?;
        let cards = page.cards().await?;
        let mut shown: Vec<&str> = cards.iter().map(|c| c.name.as_str()).collect();
        shown.sort_unstable();
        let mut expected = names.to_vec();
        expected.sort_unstable();
        ensure(shown == expected, || format!("names shown {shown:?}"))?;
        for card in &cards {
            ensure(card.text.contains(&card.name), || format!("{:?} does not show its own name", card.name))?;
            ensure(card.text.contains("\"><svg onload"), || format!("{:?}: the id is not shown as text", card.name))?;
        }
        let facts = page
            .js(
                "const region = document.querySelector('section.results');
                 const cards = [...region.querySelectorAll('article')];
                 const wide = cards.filter(a => a.scrollWidth > a.clientWidth + 1);
                 return {
                   pwned: window.__pwned ?? null,
                   cards: cards.length,
                   plot: region.querySelectorAll('svg[role=img]').length,
                   injected: cards.reduce((n, a) => n + a.querySelectorAll('img, svg, script').length, 0),
                   overflowing: wide.map(a => a.getAttribute('aria-label')),
                   pageScrollsSideways: document.documentElement.scrollWidth > window.innerWidth,
                 }",
                vec![],
            )
            .await?;
        ensure(facts["pwned"].is_null(), || format!("a record's script ran: {facts}"))?;
        ensure(facts["cards"] == 5 && facts["plot"] == 1, || format!("five cards and the plot beside them: {facts}"))?;
        ensure(facts["injected"] == 0, || format!("a record's markup became elements: {facts}"))?;
        ensure(facts["overflowing"].as_array().is_some_and(Vec::is_empty), || format!("a card overflows: {facts}"))?;
        ensure(facts["pageScrollsSideways"] == false, || format!("the page scrolls sideways: {facts}"))?;
        page.screenshot("hostile-records").await?;
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_token_goes_only_to_the_portal_in_the_header_and_is_never_stored() {
    Page::run(async |page| {
        page.show_backups_with(DEMO_API_KEY).await?;
        page.wait_for_status(&format!("{} backups", page.demo.records(false).len())).await?;
        page.click(&format!("Copy backup ID of {}", page.demo.records(false)[0].file_name)).await?;
        page.wait_for_status("Copied backup ID").await?;

        let seen = page.demo.requests();
        ensure(seen.iter().any(|r| r.server == Server::Page), || "the page's own requests were not seen".into())?;
        for r in &seen {
            let leaks_in_url = r.path_and_query.contains(DEMO_API_KEY);
            ensure(!leaks_in_url, || format!("the token is in a URL: {r:?}"))?;
            match r.server {
                Server::Page => ensure(r.authorization.is_none(), || format!("the page server got a token: {r:?}"))?,
                Server::Api if r.method == "GET" => ensure(
                    r.authorization.as_deref() == Some(&format!("Bearer {DEMO_API_KEY}")),
                    || format!("{r:?}"),
                )?,
                // A preflight carries no credentials, only the header's name.
                Server::Api => ensure(r.authorization.is_none(), || format!("a preflight carried the token: {r:?}"))?,
            }
        }

        let stored = page
            .js(
                "const all = s => Object.keys(s).map(k => k + '=' + s.getItem(k)).join(';');
                 return { local: all(localStorage), session: all(sessionStorage), cookie: document.cookie,
                          url: location.href, history: JSON.stringify(history.state) ?? '' }",
                vec![],
            )
            .await?;
        let text = stored.to_string();
        ensure(!text.contains(DEMO_API_KEY), || format!("the token was kept: {text}"))?;
        // Without the opt-in, only the portal URL and the Dump choice are remembered.
        let local = stored["local"].as_str().unwrap_or_default();
        let keys: Vec<&str> = local.split(';').filter_map(|kv| kv.split_once('=')).map(|(k, _)| k).collect();
        ensure(keys.iter().all(|k| ["portal", "dump"].contains(k)), || format!("localStorage holds more: {text}"))?;
        ensure(stored["session"] == "" && stored["cookie"] == "", || {
            format!("session storage or cookies are not empty: {text}")
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_runs_under_a_strict_content_security_policy() {
    Page::run(async |page| {
        let facts = page
            .js(
                "const meta = document.querySelector('meta[http-equiv=Content-Security-Policy]');
                 return { csp: meta ? meta.content : null,
                          inline: [...document.scripts].filter(s => !s.src).length }",
                vec![],
            )
            .await?;
        let csp = facts["csp"].as_str().ok_or("no CSP meta")?;
        for directive in [
            "script-src 'self' 'wasm-unsafe-eval';",
            "object-src 'none'",
            "base-uri 'none'",
            "connect-src *",
        ] {
            ensure(csp.contains(directive), || format!("CSP lacks {directive:?}: {csp}"))?;
        }
        ensure(!csp.contains("unsafe-inline"), || format!("CSP allows inline code: {csp}"))?;
        ensure(facts["inline"] == 0, || format!("inline scripts remain: {facts}"))?;

        // The CSP is really enforced here: an inline script the page did not ship is refused.
        let ran = page
            .js(
                "const s = document.createElement('script'); s.textContent = 'window.__inlineRan = true';
                 document.head.appendChild(s); return window.__inlineRan === true",
                vec![],
            )
            .await?;
        ensure(ran == false, || "an inline script ran despite the CSP".into())?;
        page.wait_for("the violation report", async || {
            Ok(page.csp_violations().await?.iter().any(|v| v.starts_with("script-src")))
        })
        .await?;
        page.js("window.__cspViolations = []", vec![]).await?;
        // The browser reported that test's violation in the console too; reading it drains it.
        let console = page.console().await?;
        ensure(console.iter().any(|(source, _)| source == "security"), || {
            format!("no console report of the refused script: {console:?}")
        })?;

        // A whole load under it, cross-origin fetch included, reports nothing.
        page.show_backups_with(DEMO_TOKEN).await?;
        page.wait_for_status(&format!("{} backups", page.demo.records(false).len())).await
    })
    .await;
}

/// The gate every test ends with (`Page::console_is_quiet`, run by `Page::run`) does catch what
/// it is there for: the page's own logging, an uncaught error, and a token in any line, the
/// browser's notes on failed requests too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_gate_catches_a_log_an_error_and_a_token() {
    Page::run(async |page| {
        page.console_is_quiet().await?;
        // Each read drains the console, so the gate at the end of this test finds it quiet.
        let caught = async |what: &str, script: &str, says: &str| -> Check {
            page.js(script, vec![]).await?;
            let mut seen = None;
            page.wait_for(&format!("the gate to catch {what}"), async || {
                seen = page.console_is_quiet().await.err();
                Ok(seen.is_some())
            })
            .await?;
            let why = seen.unwrap_or_default();
            ensure(why.contains(says), || {
                format!("{what}: the gate said {why:?}")
            })
        };
        caught(
            "console.log",
            "console.log('a line of the page')",
            "the page logged",
        )
        .await?;
        caught(
            "an uncaught error",
            "setTimeout(() => { throw new Error('thrown by the test') })",
            "thrown by the test",
        )
        .await?;
        // A failed request is only the browser's note, allowed, unless its address holds a token.
        caught(
            "a token in the browser's note on a failed request",
            &format!("fetch('/no-such-file?t={DEMO_TOKEN}').catch(() => {{}})"),
            "a token in the console",
        )
        .await
    })
    .await;
}
