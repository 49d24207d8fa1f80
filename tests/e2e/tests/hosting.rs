//! The ways the page is hosted: under a sub-path as GitHub Pages serves it, and on the portal's
//! own origin where the admin's session cookie is enough.

use e2e::{
    ensure, Check, Page, Server, DEMO_SESSION, DEMO_TOKEN, PAGES_PATH, PLUGIN_HOST_PATH,
    SAME_ORIGIN_PATH, SESSION_COOKIE, SIGN_IN_PATH,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_a_sub_path_as_github_pages_serves_it() {
    Page::run(async |page| {
        // GitHub Pages answers /repo with a redirect to /repo/; the page must load from there.
        page.goto(&format!("{PAGES_PATH}?portal={}", page.portal_origin()))
            .await;
        let address = page.address().await?;
        ensure(address.contains(&format!("{PAGES_PATH}/?portal=")), || {
            format!("not redirected: {address}")
        })?;
        page.show_backups_with(DEMO_TOKEN).await?;
        page.wait_for_status(&format!("{} backups", page.demo.records(false).len()))
            .await?;
        // Each of the page's files came from under the sub-path.
        let fetched: Vec<String> = page
            .demo
            .requests()
            .into_iter()
            .filter(|r| r.server == Server::Page)
            .map(|r| r.path_and_query)
            .collect();
        for ending in [".css", "_bg.wasm", ".js"] {
            ensure(
                fetched
                    .iter()
                    .any(|p| p.starts_with(&format!("{PAGES_PATH}/")) && p.ends_with(ending)),
                || format!("no {ending} fetched under {PAGES_PATH}/: {fetched:?}"),
            )?;
        }
        Ok(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_portals_own_origin_the_session_cookie_is_enough() {
    Page::run(async |page| {
        let site = format!("http://{}", page.site);
        // The admin signs in to the portal (its HttpOnly session cookie is set) and opens the
        // page the portal's nginx serves beside the API.
        page.goto_url(&format!("{site}{SIGN_IN_PATH}")).await;
        let address = page.address().await?;
        ensure(
            address == format!("{site}{SAME_ORIGIN_PATH}/?portal={site}"),
            || address.clone(),
        )?;
        ensure(page.value_of("Portal URL").await? == site, || {
            "the portal is not pre-filled".into()
        })?;
        // Script cannot read the session cookie; the page never needs to.
        let seen = page.js("return document.cookie", vec![]).await?;
        ensure(seen == "", || {
            format!("the session cookie is readable: {seen}")
        })?;

        ensure(page.value_of("Access token").await?.is_empty(), || {
            "a token was filled in".into()
        })?;
        page.click("Show backups").await?;
        page.wait_for_status(&format!("{} backups", page.demo.records(false).len()))
            .await?;
        page.wait_for_a_loads_requests().await?;
        let calls: Vec<_> = page
            .demo
            .requests()
            .into_iter()
            .filter(|r| r.path_and_query.starts_with("/api/"))
            .collect();
        // The history, the schedule, the progress and the settings: plain GETs, no preflight.
        ensure(
            calls.iter().all(|c| c.method == "GET") && e2e::asks_the_four(&calls),
            || format!("four plain GETs, no preflight: {calls:?}"),
        )?;
        for call in &calls {
            ensure(call.authorization.is_none(), || {
                format!("a token was sent: {call:?}")
            })?;
            ensure(
                call.cookie
                    .as_deref()
                    .is_some_and(|c| c.contains(&format!("{SESSION_COOKIE}={DEMO_SESSION}"))),
                || format!("the session cookie did not go along: {call:?}"),
            )?;
        }
        Ok(())
    })
    .await;
}

/// Opens the host page that plays DocSpace on `host`, framing the page server's page, and
/// works inside the frame once the app has mounted.
async fn framed_by(page: &Page, host: &str, query: &str) -> Check {
    page.open_framed(&format!(
        "{host}{PLUGIN_HOST_PATH}?app={}{query}",
        page.page_origin()
    ))
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_a_plugin_frame_the_history_comes_by_message_without_a_token() {
    Page::run(async |page| {
        let site = format!("http://{}", page.site);
        // The admin is signed in to the portal; the plugin's host page frames the backups page.
        page.goto_url(&format!("{site}{SIGN_IN_PATH}")).await;
        framed_by(page, &site, "").await?;
        let records = page.demo.records(false);
        page.wait_for_status(&format!(
            "{} backups (sent by the DocSpace plugin)",
            records.len()
        ))
        .await?;
        ensure(page.cards().await?.len() == records.len(), || {
            "not every card".into()
        })?;
        ensure(page.value_of("Access token").await?.is_empty(), || {
            "a token reached the page".into()
        })?;
        // Embed mode: compact, DocSpace's theme from the query, the portal pre-filled.
        let facts = page
            .js(
                "return [document.documentElement.classList.contains('embed'),
                         document.documentElement.dataset.theme,
                         getComputedStyle(document.querySelector('.footnote')).display]",
                vec![],
            )
            .await?;
        ensure(facts == serde_json::json!([true, "dark", "none"]), || {
            format!("embed mode: {facts}")
        })?;
        ensure(page.value_of("Portal URL").await? == site, || {
            "the portal is not pre-filled".into()
        })?;
        // The history went to the page by message: the page itself called no API.
        let from_page: Vec<_> = page
            .demo
            .requests()
            .into_iter()
            .filter(|r| {
                r.path_and_query.starts_with("/api/")
                    && r.origin.as_deref() == Some(&page.page_origin())
            })
            .collect();
        ensure(from_page.is_empty(), || {
            format!("the page fetched by itself: {from_page:?}")
        })?;

        // Copy works where the frame allows clipboard-write.
        page.click(&format!("Copy backup ID of {}", records[0].file_name))
            .await?;
        page.wait_for_status("Copied backup ID").await?;

        // The host saw the page's ready, and answered it.
        page.into_frame(None).await?;
        let seen = page.js("return window.__seen", vec![]).await?;
        ensure(
            seen == serde_json::json!(["got docspace-backups:ready", "sent history 200"]),
            || format!("the host saw: {seen}"),
        )?;
        page.into_frame(Some(0)).await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_from_another_origin_is_ignored_and_counted() {
    Page::run(async |page| {
        let site = format!("http://{}", page.site);
        // The API origin frames the page but claims to be the portal at `site`; it posts unasked.
        framed_by(
            page,
            &page.portal_origin(),
            &format!("&portal={site}&eager=1"),
        )
        .await?;
        page.wait_for("the debug line", async || {
            Ok(page
                .js(
                    "return document.querySelector('.debug')?.textContent ?? ''",
                    vec![],
                )
                .await?
                == "Ignored 1 message that did not come from the portal's plugin.")
        })
        .await?;
        ensure(page.cards().await?.is_empty(), || {
            "a foreign message was rendered".into()
        })?;
        ensure(page.alerts().await?.is_empty(), || {
            "a foreign message became an alert".into()
        })?;
        // The page announced itself to the portal's origin only, so this host never heard it.
        page.into_frame(None).await?;
        let seen = page.js("return window.__seen", vec![]).await?;
        ensure(seen == serde_json::json!(["sent history 401"]), || {
            format!("the host saw: {seen}")
        })?;
        page.into_frame(Some(0)).await
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_without_clipboard_access_selects_the_id_instead() {
    Page::run(async |page| {
        let site = format!("http://{}", page.site);
        page.goto_url(&format!("{site}{SIGN_IN_PATH}")).await;
        framed_by(page, &site, "&clipboard=no").await?;
        let records = page.demo.records(false);
        page.wait_for_status(&format!("{} backups (sent by the DocSpace plugin)", records.len()))
            .await?;
        page.click(&format!("Copy backup ID of {}", records[0].file_name)).await?;
        page.wait_for_status(
            "Could not copy: the browser refused. The backup ID is selected; press Ctrl+C to copy it.",
        )
        .await?;
        let selected = page.js("return String(window.getSelection())", vec![]).await?;
        ensure(selected == records[0].id.as_str(), || format!("selected: {selected}"))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_put_in_the_address_is_dropped_unread() {
    Page::run(async |page| {
        page.goto(&format!(
            "/?embed=1&portal={}&token={DEMO_TOKEN}",
            page.portal_origin()
        ))
        .await;
        let address = page.address().await?;
        ensure(
            !address.contains(DEMO_TOKEN) && address.contains("embed=1"),
            || format!("the address still holds the token: {address}"),
        )?;
        ensure(page.value_of("Access token").await?.is_empty(), || {
            "the token was used".into()
        })?;
        // Only the navigation that brought it carried the token: no later request has it, in its
        // address, a header, a cookie or a Referer.
        let carried: Vec<_> = page
            .demo
            .requests()
            .into_iter()
            .filter(|r| {
                [&Some(r.path_and_query.clone()), &r.authorization, &r.cookie, &r.referer]
                    .iter()
                    .any(|v| v.as_deref().is_some_and(|v| v.contains(DEMO_TOKEN)))
            })
            .collect();
        ensure(
            carried.len() == 1
                && carried[0].server == Server::Page
                && carried[0].path_and_query.starts_with("/?embed=1&")
                && carried[0].referer.is_none(),
            || format!("requests that carried the token: {carried:?}"),
        )?;
        let stored = page
            .js(
                "const all = s => Object.keys(s).map(k => k + '=' + s.getItem(k)).join(';');
                 return { local: all(localStorage), session: all(sessionStorage), cookie: document.cookie,
                          history: JSON.stringify(history.state) ?? '',
                          url: location.href }",
                vec![],
            )
            .await?;
        ensure(!stored.to_string().contains(DEMO_TOKEN), || {
            format!("the token was kept: {stored}")
        })?;
        let embed = page
            .js(
                "return document.documentElement.classList.contains('embed')",
                vec![],
            )
            .await?;
        ensure(embed == true, || {
            "?embed=1 did not switch to embed mode".into()
        })
    })
    .await;
}

/// The built plugin (plugin/dist/plugin.js, made by the test command before these tests) in the
/// host page: its settings block's frame, its answer to `ready`, the cards.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_built_plugin_frames_the_page_and_hands_it_the_history() {
    Page::run(async |page| {
        let site = format!("http://{}", page.site);
        page.goto_url(&format!("{site}{SIGN_IN_PATH}")).await;
        framed_by(page, &site, "&plugin=real").await?;
        let records = page.demo.records(false);
        page.wait_for_status(&format!(
            "{} backups (sent by the DocSpace plugin)",
            records.len()
        ))
        .await?;
        ensure(page.value_of("Access token").await?.is_empty(), || {
            "a token reached the page".into()
        })?;
        page.click(&format!("Copy backup ID of {}", records[0].file_name))
            .await?;
        page.wait_for_status("Copied backup ID").await?;
        page.into_frame(None).await?;
        let seen = page.js("return window.__seen", vec![]).await?;
        ensure(seen == serde_json::json!(["plugin registered"]), || {
            format!("the host saw: {seen}")
        })?;
        let calls: Vec<_> = page
            .demo
            .requests()
            .into_iter()
            .filter(|r| r.path_and_query.starts_with("/api/"))
            .collect();
        ensure(
            e2e::asks_the_four(&calls)
                && calls
                    .iter()
                    .all(|c| c.authorization.is_none() && c.cookie.is_some()),
            || format!("the plugin's four calls, with the session and no token: {calls:?}"),
        )?;
        page.into_frame(Some(0)).await
    })
    .await;
}

/// The single-file build (`cargo run -p xtask -- single-file`, which the test command runs
/// before these tests), opened straight from disk.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_single_file_opens_from_disk_and_loads_the_cards() {
    Page::run(async |page| {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/single/backup-history.html")
            .canonicalize()
            .map_err(|e| format!("target/single/backup-history.html: {e} (build it first)"))?;
        let before = page.demo.requests().len();
        page.goto_url(&format!(
            "file://{}?portal={}",
            file.display(),
            page.portal_origin()
        ))
        .await;
        let facts = page
            .js(
                "return [location.protocol, document.scripts.length, document.querySelectorAll('link').length]",
                vec![],
            )
            .await?;
        ensure(facts == serde_json::json!(["file:", 1, 0]), || {
            format!("not one self-contained file: {facts}")
        })?;
        page.show_backups_with(DEMO_TOKEN).await?;
        let records = page.demo.records(false);
        page.wait_for_status(&format!("{} backups", records.len()))
            .await?;
        ensure(page.cards().await?.len() == records.len(), || "not every card".into())?;
        // Nothing came from the page server: only the API was asked, by the file's page.
        let since: Vec<_> = page.demo.requests().into_iter().skip(before).collect();
        ensure(
            since.iter().all(|r| r.server == Server::Api && r.origin.as_deref() == Some("null")),
            || format!("requests other than the API's: {since:?}"),
        )
    })
    .await;
}
