//! The README's self-hosting recipe on a real nginx (see `e2e::nginx`): the built `dist/`
//! copied as an admin copies it, served by the README's own `location` block with workers as
//! `www-data` — at a sub-path beside a portal on another origin, and on the portal's own origin
//! with nginx proxying the API (as DocSpace's nginx does), where the session cookie is enough.

use e2e::nginx::{get, Nginx};
use e2e::{ensure, Check, Page, DEMO_TOKEN, PLUGIN_HOST_PATH, SIGN_IN_PATH};

/// What a portal's nginx adds beside the page: everything else goes to the portal (here the
/// demo's same-origin site: the API, its sign-in, the host page that plays DocSpace).
fn portal_proxy(page: &Page) -> String {
    format!(
        "location / {{\n    proxy_pass http://{};\n    proxy_set_header Host $http_host;\n}}",
        page.site
    )
}

/// The `Content-Security-Policy` of the built `index.html`'s `<meta>`.
fn meta_policy() -> Result<String, String> {
    let html =
        std::fs::read_to_string(e2e::dist_dir().join("index.html")).map_err(|e| e.to_string())?;
    let (_, rest) = html
        .split_once("http-equiv=\"Content-Security-Policy\"")
        .ok_or("index.html has no CSP meta")?;
    let (_, rest) = rest
        .split_once("content=\"")
        .ok_or("CSP meta without content")?;
    Ok(rest.split('"').next().unwrap_or_default().to_owned())
}

/// Every file of `dist/` answers 200 from nginx with a type the browser accepts for it.
fn every_file_is_served(nginx: &Nginx) -> Check {
    let mut names: Vec<String> = std::fs::read_dir(&nginx.www)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    ensure(names.iter().any(|n| n.starts_with("loader-")), || {
        format!("no loader in dist/: {names:?}")
    })?;
    for name in names.iter().map(String::as_str).chain([""]) {
        let answer = get(nginx.addr, &format!("/backup-history/{name}"))?;
        let wanted = match name.rsplit_once('.').map(|(_, ext)| ext) {
            Some("wasm") => "application/wasm",
            Some("js") => "application/javascript",
            Some("css") => "text/css",
            _ => "text/html",
        };
        let got = answer.header("content-type").unwrap_or_default();
        ensure(answer.status == 200 && got.starts_with(wanted), || {
            format!(
                "/backup-history/{name}: {} {got:?}, wanted 200 {wanted}\nnginx's log: {}",
                answer.status,
                nginx.error_log()
            )
        })?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_a_sub_path_nginx_serves_every_file_and_the_cards_load() {
    Page::run(async |page| {
        let nginx = Nginx::start("")?;
        every_file_is_served(&nginx)?;
        // The folder without its slash keeps the link's ?portal=.
        let portal = page.portal_origin();
        let answer = get(nginx.addr, &format!("/backup-history?portal={portal}"))?;
        let location = answer.header("location").unwrap_or_default();
        ensure(
            answer.status == 301
                && location.ends_with(&format!("/backup-history/?portal={portal}")),
            || format!("redirect: {} {location:?}", answer.status),
        )?;

        page.goto_url(&format!(
            "{}/backup-history?portal={portal}",
            nginx.origin()
        ))
        .await;
        ensure(page.value_of("Portal URL").await? == portal, || {
            "the portal is not pre-filled after the redirect".into()
        })?;
        page.show_backups_with(DEMO_TOKEN).await?;
        let records = page.demo.records(false);
        page.wait_for_status(&format!("{} backups", records.len()))
            .await?;
        ensure(page.cards().await?.len() == records.len(), || {
            "not every card".into()
        })?;
        // The page came from nginx, not from the demo's own page server.
        let from_demo: Vec<_> = page
            .demo
            .requests()
            .into_iter()
            .filter(|r| r.path_and_query.starts_with("/backup-history"))
            .collect();
        ensure(from_demo.is_empty(), || {
            format!("the demo served the page: {from_demo:?}")
        })
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_the_portals_nginx_the_session_cookie_is_enough() {
    Page::run(async |page| {
        let nginx = Nginx::start(&portal_proxy(page))?;
        let site = nginx.origin();
        // The admin signs in through the portal's nginx and lands on the page beside the API.
        page.goto_url(&format!("{site}{SIGN_IN_PATH}")).await;
        let address = page.address().await?;
        ensure(
            address == format!("{site}/backup-history/?portal={site}"),
            || address.clone(),
        )?;
        ensure(page.value_of("Access token").await?.is_empty(), || {
            "a token was filled in".into()
        })?;
        page.click("Show backups").await?;
        let records = page.demo.records(false);
        page.wait_for_status(&format!("{} backups", records.len()))
            .await?;
        page.wait_for_a_loads_requests().await?;
        let seen = page.demo.requests();
        let calls: Vec<_> = seen
            .iter()
            .filter(|r| r.path_and_query.starts_with("/api/"))
            .cloned()
            .collect();
        ensure(
            calls.iter().all(|c| c.method == "GET") && e2e::asks_the_four(&calls),
            || format!("four plain GETs through nginx, no preflight: {calls:?}"),
        )?;
        ensure(
            calls.iter().all(|c| {
                c.authorization.is_none()
                    && c.cookie
                        .as_deref()
                        .is_some_and(|c| c.contains("asc_auth_key="))
            }),
            || format!("the session cookie and no token: {calls:?}"),
        )?;
        ensure(
            !seen
                .iter()
                .any(|r| r.path_and_query.starts_with("/backup-history")),
            || "the demo, not nginx, served the page".into(),
        )
    })
    .await;
}

/// Collects the console until a line mentions `needle` (reading the console empties it).
async fn console_until(page: &Page, needle: &str) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    page.wait_for(&format!("a console line with {needle:?}"), async || {
        lines.extend(page.console().await?.into_iter().map(|(_, m)| m));
        Ok(lines.iter().any(|l| l.contains(needle)))
    })
    .await
    .map_err(|e| format!("{e}; the console had: {lines:?}"))?;
    Ok(lines)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_readmes_csp_header_only_the_portal_may_frame_the_page() {
    Page::run(async |page| {
        let nginx = Nginx::start(&portal_proxy(page))?;
        let site = nginx.origin();
        // The header is the page's own policy plus frame-ancestors, so the two cannot drift.
        let header = get(nginx.addr, "/backup-history/")?
            .header("content-security-policy")
            .unwrap_or_default()
            .to_owned();
        let wanted = format!("{}; frame-ancestors 'self'", meta_policy()?);
        ensure(header == wanted, || {
            format!("the README's CSP header is\n  {header}\nnot the page's policy:\n  {wanted}")
        })?;

        // Framed by the portal itself (the plugin's frame), under that header: the cards come.
        page.goto_url(&format!("{site}{SIGN_IN_PATH}")).await;
        let app = format!("{site}/backup-history");
        page.open_framed(&format!("{site}{PLUGIN_HOST_PATH}?app={app}"))
            .await?;
        let records = page.demo.records(false);
        page.wait_for_status(&format!(
            "{} backups (sent by the DocSpace plugin)",
            records.len()
        ))
        .await?;
        page.into_frame(None).await?;

        // Framed by another origin: the browser refuses to show the page at all.
        let asked_before = page.demo.requests().len();
        page.open_url(&format!(
            "{}{PLUGIN_HOST_PATH}?app={app}&portal={site}",
            page.portal_origin()
        ))
        .await?;
        page.watch_csp().await?;
        let lines = console_until(page, "frame-ancestors").await?;
        ensure(
            lines.iter().any(|l| {
                // Chromium: "Framing 'http://…/' violates the following Content Security
                // Policy directive: "frame-ancestors 'self'". The request has been blocked."
                l.contains(&format!("Framing '{site}/' violates"))
                    && l.contains("frame-ancestors 'self'")
                    && l.contains("blocked")
            }),
            || format!("no refusal to frame the page: {lines:?}"),
        )?;
        page.into_frame(Some(0)).await?;
        let inside = page
            .js(
                "return [location.href, !!document.querySelector('form')]",
                vec![],
            )
            .await
            .unwrap_or_default();
        ensure(inside[1] != true, || {
            format!("the refused frame shows the page: {inside}")
        })?;
        page.into_frame(None).await?;
        // The page itself never ran there, so nothing more reached the portal.
        let since: Vec<_> = page
            .demo
            .requests()
            .into_iter()
            .skip(asked_before)
            .collect();
        ensure(
            !since.iter().any(|r| r.path_and_query.starts_with("/api/")),
            || format!("the refused frame called the API: {since:?}"),
        )
    })
    .await;
}
