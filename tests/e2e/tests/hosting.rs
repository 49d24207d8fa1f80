//! The ways the page is hosted: under a sub-path as GitHub Pages serves it, and on the portal's
//! own origin where the admin's session cookie is enough.

use e2e::{
    ensure, Page, Server, DEMO_SESSION, DEMO_TOKEN, PAGES_PATH, SAME_ORIGIN_PATH, SESSION_COOKIE,
    SIGN_IN_PATH,
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
        let calls: Vec<_> = page
            .demo
            .requests()
            .into_iter()
            .filter(|r| r.path_and_query.starts_with("/api/"))
            .collect();
        ensure(calls.len() == 1 && calls[0].method == "GET", || {
            format!("one plain GET, no preflight: {calls:?}")
        })?;
        ensure(calls[0].authorization.is_none(), || {
            format!("a token was sent: {:?}", calls[0])
        })?;
        ensure(
            calls[0]
                .cookie
                .as_deref()
                .is_some_and(|c| c.contains(&format!("{SESSION_COOKIE}={DEMO_SESSION}"))),
            || format!("the session cookie did not go along: {:?}", calls[0]),
        )
    })
    .await;
}
