//! A test's whole world: one demo portal (its API origin, a page server and the same-origin
//! site), one headless Chromium, the page opened with `?portal=` set to the demo portal.

use std::net::SocketAddr;
use std::ops::Deref;

use browser::Browser;
use demo_portal::{spawn, Demo, SeenRequest, Server};
use serde_json::json;

use crate::{dist_dir, ensure, Check};

/// One browser, one demo portal, one page server. It derefs to its [`Browser`] for the plain
/// WebDriver commands (`js`, `cdp`, `keys`, `console`, frames).
pub struct Page {
    pub demo: Demo,
    pub api: SocketAddr,
    pub app: SocketAddr,
    /// The portal with the page behind the same origin (`/backup-history/` and the API).
    pub site: SocketAddr,
    browser: Browser,
}

impl Deref for Page {
    type Target = Browser;

    fn deref(&self) -> &Browser {
        &self.browser
    }
}

impl Page {
    /// Starts everything and opens the page with `?portal=` set to the demo portal.
    pub async fn open() -> Page {
        let demo = Demo::new(chrono::Utc::now());
        let api = spawn("127.0.0.1:0", demo.api_router())
            .await
            .expect("demo API");
        let app = spawn("127.0.0.1:0", demo.page_router(dist_dir()))
            .await
            .expect("page server");
        let site = spawn("127.0.0.1:0", demo.site_router(dist_dir()))
            .await
            .expect("same-origin site");
        let page = Page {
            demo,
            api,
            app,
            site,
            browser: Browser::launch().await,
        };
        page.goto(&format!("/?portal=http://{api}")).await;
        page
    }

    /// Runs `scenario` on a fresh page, always closes the browser, then reports the result.
    pub async fn run(scenario: impl AsyncFnOnce(&Page) -> Check) {
        let page = Page::open().await;
        let mut outcome = scenario(&page).await;
        if outcome.is_ok() {
            outcome = page.csp_violations().await.and_then(|v| {
                ensure(v.is_empty(), || {
                    format!("Content-Security-Policy violations: {v:?}")
                })
            });
        }
        if outcome.is_ok() {
            outcome = page.console_is_quiet().await;
        }
        if outcome.is_ok() {
            outcome = page.answers_keep_to_spec();
        }
        page.close().await;
        if let Err(why) = outcome {
            panic!("{why}");
        }
    }

    /// Closes the browser (always, before a test reports).
    pub async fn close(self) {
        self.browser.close().await;
    }

    pub fn portal_origin(&self) -> String {
        format!("http://{}", self.api)
    }

    pub fn page_origin(&self) -> String {
        format!("http://{}", self.app)
    }

    /// Opens a path of the page server and waits until the app has mounted its form.
    pub async fn goto(&self, path_and_query: &str) {
        self.goto_url(&format!("http://{}{path_and_query}", self.app))
            .await;
    }

    /// Opens any address and waits until the app has mounted its form.
    pub async fn goto_url(&self, url: &str) {
        self.client.goto(url).await.expect("navigation");
        self.wait_for("the form to mount", async || {
            Ok(self
                .js("return !!document.querySelector('form')", vec![])
                .await?
                == json!(true))
        })
        .await
        .expect("the app mounted (a CSP that blocks the loader or the wasm stops it here)");
        self.watch_csp()
            .await
            .expect("listening for CSP violations");
    }

    /// Every request that reached the portal's API origin, preflights included.
    pub fn api_requests(&self) -> Vec<SeenRequest> {
        self.demo
            .requests()
            .into_iter()
            .filter(|r| r.server == Server::Api)
            .collect()
    }

    /// Waits until the API has seen one load's four requests (the history, and beside it the
    /// schedule, progress and settings: [`crate::A_LOADS_GETS`]).
    pub async fn wait_for_a_loads_requests(&self) -> Check {
        self.wait_for("the requests beside the history", async || {
            Ok(self
                .demo
                .requests()
                .iter()
                .filter(|r| r.path_and_query.starts_with("/api/"))
                .count()
                == crate::A_LOADS_GETS.len())
        })
        .await
    }

    /// History requests (not preflights) the demo portal has received.
    pub fn history_gets(&self) -> Vec<demo_portal::SeenRequest> {
        self.demo
            .requests()
            .into_iter()
            .filter(|r| {
                r.server == Server::Api
                    && r.method == "GET"
                    && r.path_and_query.contains("/getbackuphistory")
            })
            .collect()
    }

    /// Opens a host page that frames the app (the demo's plugin host, any origin) and works
    /// inside its frame from the moment the app has mounted there, watching for CSP violations.
    pub async fn open_framed(&self, host_page: &str) -> Check {
        self.open_url(host_page).await?;
        self.wait_for("the frame", async || {
            Ok(self
                .js("return document.querySelectorAll('iframe').length", vec![])
                .await?
                == 1)
        })
        .await?;
        self.into_frame(Some(0)).await?;
        self.wait_for("the framed app", async || {
            Ok(self
                .js("return !!document.querySelector('form')", vec![])
                .await?
                == true)
        })
        .await?;
        self.watch_csp().await
    }
}
