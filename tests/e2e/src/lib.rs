//! The end-to-end harness: the built `dist/` and the demo portal on two loopback origins,
//! driven in headless Chromium through ChromeDriver.
//!
//! Helpers find things as a person does: fields by their label, buttons by their name, the
//! status line and alert by their role, cards by the list in the "Backups" region.

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use demo_portal::{spawn, Demo};
use fantoccini::elements::Element;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use tokio::process::{Child, Command};

pub mod nginx;
mod spec;

pub use demo_portal::history::generated as generated_history;
pub use demo_portal::spec::Answer;
pub use demo_portal::{
    Behaviour, Fault, SeenRequest, Server, DEMO_API_KEY, DEMO_SESSION, DEMO_TOKEN, NON_ADMIN_TOKEN,
    PAGES_PATH, PLUGIN_HOST_PATH, SAME_ORIGIN_PATH, SESSION_COOKIE, SIGN_IN_PATH,
};

/// An HTTP status for a [`Fault`].
pub fn status(code: u16) -> demo_portal::StatusCode {
    demo_portal::StatusCode::from_u16(code).expect("a valid status")
}

/// What a failed check says; the harness closes the browser before reporting it.
pub type Check = Result<(), String>;

/// How long a state may take to appear before a check gives up (a deadline, not a measurement).
const PATIENCE: Duration = Duration::from_secs(20);

/// The workspace's `dist/`, built by `trunk build --release` before the tests run.
pub fn dist_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist");
    assert!(
        dir.join("index.html").exists(),
        "{} has no index.html: run `trunk build --release` first (scripts/test.sh does)",
        dir.display()
    );
    dir
}

/// A port nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// One browser, one demo portal, one page server: a test's whole world.
pub struct Page {
    pub demo: Demo,
    pub api: SocketAddr,
    pub app: SocketAddr,
    /// The portal with the page behind the same origin (`/backup-history/` and the API).
    pub site: SocketAddr,
    pub client: Client,
    driver: Child,
    /// Where the browser saves downloads.
    pub downloads: PathBuf,
    _profile: TempDir,
}

/// A scratch folder removed on drop (Chromium's fresh profile).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
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
        let port = closed_port();
        let driver =
            Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .kill_on_drop(true)
                .spawn()
                .expect("chromedriver on PATH (scripts/setup.sh installs it)");
        let profile =
            std::env::temp_dir().join(format!("e2e-chromium-{}-{port}", std::process::id()));
        let caps = json!({
            "browserName": "chrome",
            // The console, read after each test: the page must log nothing of its own.
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--window-size=1280,900",
                    // Exact heap figures for the benchmark (performance.memory).
                    "--enable-precise-memory-info",
                    format!("--user-data-dir={}", profile.display()),
                ],
                // Exports land here, where a test can read them.
                "prefs": {
                    "download.default_directory": profile.join("downloads").display().to_string(),
                    "download.prompt_for_download": false,
                },
            },
        });
        let caps = match caps {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let webdriver = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&webdriver)
                .await
            {
                Ok(c) => break c,
                Err(e) if started.elapsed() > PATIENCE => panic!("chromedriver did not start: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        let page = Page {
            demo,
            api,
            app,
            site,
            client,
            driver,
            downloads: profile.join("downloads"),
            _profile: TempDir(profile),
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

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
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

    /// From here on, every CSP violation in the current document is recorded; `Page::run`
    /// fails the test on any (it reads them in whatever frame the test ends in).
    pub async fn watch_csp(&self) -> Check {
        self.js(
            "window.__cspViolations = [];
             document.addEventListener('securitypolicyviolation',
               e => window.__cspViolations.push(e.effectiveDirective + ' blocked ' + e.blockedURI));",
            vec![],
        )
        .await
        .map(|_| ())
    }

    /// The browser's console since the last read: `(source, message)` pairs.
    pub async fn console(&self) -> Result<Vec<(String, String)>, String> {
        let v = self
            .client
            .issue_cmd(BrowserLog)
            .await
            .map_err(|e| format!("reading the console: {e}"))?;
        console_entries(&v)
    }

    /// Fails when the console holds anything but the browser's notes on failed requests (see
    /// [`browser_note`]), or when any line, the browser's too, carries a demo portal token.
    pub async fn console_is_quiet(&self) -> Check {
        let lines = self.console().await?;
        let own: Vec<_> = lines
            .iter()
            .filter(|(source, message)| !browser_note(source, message))
            .collect();
        ensure(own.is_empty(), || format!("the page logged: {own:?}"))?;
        let leaks: Vec<_> = lines
            .iter()
            .filter(|(_, m)| {
                [DEMO_TOKEN, DEMO_API_KEY, NON_ADMIN_TOKEN]
                    .iter()
                    .any(|t| m.contains(t))
            })
            .collect();
        ensure(leaks.is_empty(), || {
            format!("a token in the console: {leaks:?}")
        })
    }

    /// What the clipboard holds (the test grants itself clipboard-read; a person would paste).
    pub async fn clipboard(&self) -> Result<String, String> {
        self.grant("clipboard-read").await?;
        let v = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1]; navigator.clipboard.readText().then(done, e => done('refused: ' + e))",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Runs axe-core (WCAG 2.0–2.2 A and AA rules) over the page as it is now; returns one line
    /// per violation and element. `AXE_CORE_JS` (set by scripts/test.sh) names axe.min.js.
    pub async fn axe(&self) -> Result<Vec<String>, String> {
        let path = std::env::var("AXE_CORE_JS").unwrap_or_else(|_| {
            format!(
                "{}/.cache/docspace-backups-tools/node_modules/axe-core/axe.min.js",
                std::env::var("HOME").unwrap_or_default()
            )
        });
        let source = std::fs::read_to_string(&path)
            .map_err(|e| format!("axe-core at {path}: {e} (scripts/test.sh installs it)"))?;
        let script = format!(
            "const done = arguments[arguments.length - 1];
             {source}
             ;axe.run(document, {{ runOnly: {{ type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }} }})
               .then(r => done(r.violations.flatMap(v => v.nodes.map(n =>
                   v.id + ' (' + v.impact + '): ' + n.target.join(' ') + ' - ' + n.failureSummary))),
                     e => done(['axe failed: ' + e]));"
        );
        let v = self
            .client
            .execute_async(&script, vec![])
            .await
            .map_err(|e| format!("running axe: {e}"))?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Presses keys on whatever has focus, as a keyboard user would.
    pub async fn keys(&self, keys: &str) -> Check {
        self.client
            .active_element()
            .await
            .map_err(|e| e.to_string())?
            .send_keys(keys)
            .await
            .map_err(|e| e.to_string())
    }

    /// The focused element, described: tag, id, and its text or label.
    pub async fn focused(&self) -> Result<String, String> {
        let v = self
            .js(
                "const e = document.activeElement;
                 const label = e.id ? document.querySelector(`label[for='${e.id}']`)?.textContent : null;
                 return e.tagName.toLowerCase() + '#' + (e.id || '') + ' ' + (label ?? e.textContent).trim()",
                vec![],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// Picks the option whose text is `option` in the `<select>` labelled `label`.
    pub async fn choose(&self, label: &str, option: &str) -> Check {
        self.field(label)
            .await?
            .select_by_label(option)
            .await
            .map_err(|e| format!("choosing {option:?} in {label:?}: {e}"))
    }

    /// The page's address as the browser shows it.
    pub async fn address(&self) -> Result<String, String> {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .map_err(|e| e.to_string())
    }

    /// A file the browser has finished downloading, by name, once it is there.
    pub async fn downloaded(&self, name: &str) -> Result<String, String> {
        let path = self.downloads.join(name);
        self.wait_for(&format!("the download {name}"), async || Ok(path.exists()))
            .await?;
        // Chromium writes to `name.crdownload` and renames when done, so the file is whole.
        std::fs::read_to_string(&path).map_err(|e| e.to_string())
    }

    /// Runs a Chrome DevTools Protocol command through ChromeDriver (media emulation).
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        self.client
            .issue_cmd(Cdp(json!({"cmd": cmd, "params": params})))
            .await
            .map_err(|e| format!("{cmd}: {e}"))
    }

    /// Opens any address without waiting for the app (a host page that frames it).
    pub async fn open_url(&self, url: &str) -> Check {
        self.client.goto(url).await.map_err(|e| e.to_string())
    }

    /// Works inside the first iframe from here on (`None`: back to the top document).
    pub async fn into_frame(&self, frame: Option<u16>) -> Check {
        match frame {
            Some(i) => self.client.clone().enter_frame(i).await,
            None => self.client.clone().enter_parent_frame().await,
        }
        .map(|_| ())
        .map_err(|e| e.to_string())
    }

    /// The CSP violations seen since the last navigation.
    pub async fn csp_violations(&self) -> Result<Vec<String>, String> {
        let v = self
            .js("return window.__cspViolations ?? ['no listener']", vec![])
            .await?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .map(|x| x.as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Runs a script in the page and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.client
            .execute(script, args)
            .await
            .map_err(|e| format!("script failed: {e}"))
    }

    /// Polls `cond` until it holds, or fails saying what was awaited.
    pub async fn wait_for(
        &self,
        what: &str,
        cond: impl AsyncFnMut() -> Result<bool, String>,
    ) -> Check {
        self.wait_longer_for(what, PATIENCE, cond).await
    }

    /// [`Page::wait_for`] with another deadline, for states that take long by design.
    pub async fn wait_longer_for(
        &self,
        what: &str,
        patience: Duration,
        mut cond: impl AsyncFnMut() -> Result<bool, String>,
    ) -> Check {
        let started = Instant::now();
        loop {
            if cond().await? {
                return Ok(());
            }
            if started.elapsed() > patience {
                return Err(format!(
                    "gave up waiting for {what}; status line: {:?}; alerts: {:?}",
                    self.status().await.unwrap_or_default(),
                    self.alerts().await.unwrap_or_default()
                ));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The input whose `<label>` says `label`.
    pub async fn field(&self, label: &str) -> Result<Element, String> {
        let xpath = format!("//label[normalize-space()='{label}']");
        let label_el = self
            .client
            .find(Locator::XPath(&xpath))
            .await
            .map_err(|_| format!("no label {label:?}"))?;
        let id = label_el
            .attr("for")
            .await
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("label {label:?} names no field"))?;
        self.client
            .find(Locator::Id(&id))
            .await
            .map_err(|_| format!("label {label:?} points at no field"))
    }

    /// Replaces what a labelled field holds by typing, as a person would: select all, delete,
    /// type. (WebDriver's "clear" fires no `input` event, so a page would never hear of it.)
    pub async fn type_into(&self, label: &str, text: &str) -> Check {
        const CTRL: &str = "\u{E009}";
        const RELEASE_MODIFIERS: &str = "\u{E000}";
        const BACKSPACE: &str = "\u{E003}";
        let f = self.field(label).await?;
        f.send_keys(&format!("{CTRL}a{RELEASE_MODIFIERS}{BACKSPACE}{text}"))
            .await
            .map_err(|e| e.to_string())
    }

    /// Grants the page a browser permission (W3C WebDriver Permissions), as a user's prompt would.
    pub async fn grant(&self, permission: &'static str) -> Check {
        self.client
            .issue_cmd(GrantPermission(permission))
            .await
            .map(|_| ())
            .map_err(|e| format!("granting {permission}: {e}"))
    }

    pub async fn value_of(&self, label: &str) -> Result<String, String> {
        let f = self.field(label).await?;
        Ok(f.prop("value")
            .await
            .map_err(|e| e.to_string())?
            .unwrap_or_default())
    }

    /// The button whose accessible text is exactly `name` (visible or visually hidden).
    pub async fn button(&self, name: &str) -> Result<Element, String> {
        let xpath = format!("//button[normalize-space()='{name}']");
        self.client
            .find(Locator::XPath(&xpath))
            .await
            .map_err(|_| format!("no button named {name:?}"))
    }

    pub async fn has_button(&self, name: &str) -> Result<bool, String> {
        let xpath = format!("//button[normalize-space()='{name}']");
        Ok(!self
            .client
            .find_all(Locator::XPath(&xpath))
            .await
            .map_err(|e| e.to_string())?
            .is_empty())
    }

    pub async fn click(&self, button: &str) -> Check {
        self.button(button)
            .await?
            .click()
            .await
            .map_err(|e| e.to_string())
    }

    /// Fills the token and submits with the "Show backups" button.
    pub async fn show_backups_with(&self, token: &str) -> Check {
        self.type_into("Access token", token).await?;
        self.click("Show backups").await
    }

    /// The live status line's text.
    pub async fn status(&self) -> Result<String, String> {
        let v = self
            .js("const s = document.querySelector('[role=status]'); return s ? s.textContent.trim() : null", vec![])
            .await?;
        v.as_str()
            .map(str::to_owned)
            .ok_or_else(|| "no role=status element".into())
    }

    /// The texts of every `role=alert` element that has text.
    pub async fn alerts(&self) -> Result<Vec<String>, String> {
        let v = self
            .js(
                "return [...document.querySelectorAll('[role=alert]')].map(e => e.textContent.trim()).filter(Boolean)",
                vec![],
            )
            .await?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default())
    }

    pub async fn wait_for_status(&self, text: &str) -> Check {
        self.wait_for(&format!("the status line to say {text:?}"), async || {
            Ok(self.status().await?.eq_ignore_ascii_case(text))
        })
        .await
    }

    pub async fn wait_for_alert(&self) -> Result<String, String> {
        self.wait_for("an alert", async || Ok(!self.alerts().await?.is_empty()))
            .await?;
        let alerts = self.alerts().await?;
        match alerts.as_slice() {
            [one] => Ok(one.clone()),
            many => Err(format!(
                "expected exactly one alert with text, saw {many:?}"
            )),
        }
    }

    /// The "Backups" region's `aria-busy`.
    pub async fn busy(&self) -> Result<bool, String> {
        let v = self
            .js(
                &format!("{FIND_REGION} return r ? r.getAttribute('aria-busy') : 'no region named Backups'"),
                vec![],
            )
            .await?;
        match v.as_str() {
            Some("true") => Ok(true),
            Some("false") => Ok(false),
            other => Err(format!("aria-busy of the Backups region: {other:?}")),
        }
    }

    /// Every card in the list of the "Backups" region, in screen order.
    pub async fn cards(&self) -> Result<Vec<Card>, String> {
        let v = self
            .js(
                &format!("{FIND_REGION} if (!r) return [];
                 return [...r.querySelectorAll('ul > li > article, ol > li > article, [role=list] > [role=listitem] > article')]
                   .map(a => ({{
                     name: a.getAttribute('aria-label') ?? '',
                     text: (() => {{
                       const w = document.createTreeWalker(a, NodeFilter.SHOW_TEXT), parts = [];
                       while (w.nextNode()) parts.push(w.currentNode.nodeValue);
                       return parts.join(' ').replace(/\\s+/g, ' ').trim();
                     }})(),
                     times: [...a.querySelectorAll('time')].map(t => t.getAttribute('datetime')),
                     copy: [...a.querySelectorAll('button')].map(b => b.textContent.trim()),
                   }}))"),
                vec![],
            )
            .await?;
        serde_json::from_value::<Vec<Value>>(v)
            .map_err(|e| e.to_string())?
            .into_iter()
            .map(|c| {
                let strings = |k: &str| -> Vec<String> {
                    c[k].as_array()
                        .map(|a| {
                            a.iter()
                                .filter_map(|x| x.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default()
                };
                Ok(Card {
                    name: c["name"].as_str().unwrap_or_default().to_owned(),
                    text: c["text"].as_str().unwrap_or_default().to_owned(),
                    times: strings("times"),
                    buttons: strings("copy"),
                })
            })
            .collect()
    }

    /// Saves a PNG of the page (for the README and for looking at failures).
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf, String> {
        let png = self.client.screenshot().await.map_err(|e| e.to_string())?;
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).map_err(|e| e.to_string())?;
        Ok(path)
    }

    /// Saves a PNG of the whole page, below the fold too (README screenshots).
    pub async fn screenshot_full(&self, name: &str) -> Result<PathBuf, String> {
        use base64::Engine as _;
        let shot = self
            .cdp(
                "Page.captureScreenshot",
                json!({"format": "png", "captureBeyondViewport": true}),
            )
            .await?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap_or_default())
            .map_err(|e| e.to_string())?;
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).map_err(|e| e.to_string())?;
        Ok(path)
    }

    /// Every request that reached the portal's API origin, preflights included.
    pub fn api_requests(&self) -> Vec<SeenRequest> {
        self.demo
            .requests()
            .into_iter()
            .filter(|r| r.server == Server::Api)
            .collect()
    }

    /// History requests (not preflights) the demo portal has received.
    pub fn history_gets(&self) -> Vec<demo_portal::SeenRequest> {
        self.demo
            .requests()
            .into_iter()
            .filter(|r| r.server == Server::Api && r.method == "GET")
            .collect()
    }
}

/// Finds the region (a `<section>` or `role=region`) whose accessible name is "Backups", as `r`.
const FIND_REGION: &str = "const r = [...document.querySelectorAll('section,[role=region]')].find(s => {
      const id = s.getAttribute('aria-labelledby');
      const name = id ? document.getElementById(id)?.textContent.trim() : s.getAttribute('aria-label');
      return name === 'Backups';
    });";

/// What the browser itself writes to the console about a request the page made: a failed
/// load (a 4xx, a refused connection) or a response CORS kept from the page. Everything else
/// there came from the page: its own logging, an uncaught error or panic, a warning about its
/// markup.
fn browser_note(source: &str, message: &str) -> bool {
    source == "network"
        || (source == "javascript" && message.contains("has been blocked by CORS policy"))
}

/// The console entries in ChromeDriver's reply: `(source, message)` pairs. Anything but a list
/// of entries with a text `message` is an error, never "no messages".
fn console_entries(reply: &Value) -> Result<Vec<(String, String)>, String> {
    let entries = reply
        .as_array()
        .ok_or_else(|| format!("the console reply is not a list: {reply}"))?;
    entries
        .iter()
        .map(|e| {
            let message = e["message"].as_str();
            let message =
                message.ok_or_else(|| format!("a console entry without a message: {e}"))?;
            let source = e["source"].as_str().unwrap_or_default();
            Ok((source.to_owned(), message.to_owned()))
        })
        .collect()
}

/// ChromeDriver's log endpoint (`goog:loggingPrefs` above): the browser console's entries.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"type": "browser"}).to_string()),
        )
    }
}

#[derive(Debug)]
struct Cdp(Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

#[derive(Debug)]
struct GrantPermission(&'static str);

impl WebDriverCompatibleCommand for GrantPermission {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/permissions",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({"descriptor": {"name": self.0}, "state": "granted"});
        (http::Method::POST, Some(body.to_string()))
    }
}

/// One card as a person reads it.
#[derive(Debug, Clone)]
pub struct Card {
    /// The article's accessible name.
    pub name: String,
    /// Everything it says, its text pieces joined by spaces, as a screen reader reads it.
    /// (Not `innerText`: cards scrolled far off screen are not rendered —
    /// `content-visibility: auto` — until a person scrolls to them, and `innerText` reads
    /// them as empty.)
    pub text: String,
    /// The `datetime` of each `<time>` in it.
    pub times: Vec<String>,
    /// The names of its buttons.
    pub buttons: Vec<String>,
}

/// A condition as a check: `Err(message)` when it does not hold.
pub fn ensure(cond: bool, message: impl FnOnce() -> String) -> Check {
    if cond {
        Ok(())
    } else {
        Err(message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_console_reply_that_is_not_a_list_of_entries_is_an_error() {
        assert!(console_entries(&json!({"error": "no such session"})).is_err());
        assert!(console_entries(&Value::Null).is_err());
        assert!(console_entries(&json!([{"level": "SEVERE"}])).is_err());
        assert_eq!(console_entries(&json!([])), Ok(vec![]));
        assert_eq!(
            console_entries(&json!([{"source": "console-api", "message": "hi", "level": "INFO"}])),
            Ok(vec![("console-api".to_owned(), "hi".to_owned())])
        );
    }
}
