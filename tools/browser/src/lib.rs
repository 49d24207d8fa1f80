//! Headless Chromium driven through ChromeDriver (fantoccini), as the end-to-end tests and the
//! benchmark both need it: a fresh profile per browser, the console kept for reading, and the
//! few WebDriver and DevTools commands fantoccini does not name (the console log, CDP,
//! permissions). Nothing here knows the app or the demo portal.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use tokio::process::{Child, Command};

/// How long ChromeDriver may take to start (a deadline, not a measurement).
const START_PATIENCE: Duration = Duration::from_secs(20);

/// A port nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// One headless Chromium with its ChromeDriver and a fresh profile, removed when dropped.
pub struct Browser {
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

impl Browser {
    /// Starts ChromeDriver (`CHROMEDRIVER`, else `chromedriver` on PATH) and a headless
    /// Chromium (`CHROMIUM`, else `/usr/bin/chromium`) with the flags this machine needs.
    pub async fn launch() -> Browser {
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
        let Value::Object(caps) = caps else {
            unreachable!("a JSON object literal")
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
                Err(e) if started.elapsed() > START_PATIENCE => {
                    panic!("chromedriver did not start: {e}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        Browser {
            client,
            driver,
            downloads: profile.join("downloads"),
            _profile: TempDir(profile),
        }
    }

    /// Ends the WebDriver session and ChromeDriver (always, before a test reports).
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
    }

    /// Runs a script in the page and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.client
            .execute(script, args)
            .await
            .map_err(|e| format!("script failed: {e}"))
    }

    /// Runs a Chrome DevTools Protocol command through ChromeDriver (media emulation, profiles).
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        self.client
            .issue_cmd(SessionPost {
                path: "goog/cdp/execute",
                body: json!({"cmd": cmd, "params": params}),
            })
            .await
            .map_err(|e| format!("{cmd}: {e}"))
    }

    /// The browser's console since the last read: `(source, message)` pairs.
    pub async fn console(&self) -> Result<Vec<(String, String)>, String> {
        let v = self
            .client
            .issue_cmd(SessionPost {
                path: "se/log",
                body: json!({"type": "browser"}),
            })
            .await
            .map_err(|e| format!("reading the console: {e}"))?;
        console_entries(&v)
    }

    /// Grants the page a browser permission (W3C WebDriver Permissions), as a user's prompt would.
    pub async fn grant(&self, permission: &'static str) -> Result<(), String> {
        self.client
            .issue_cmd(SessionPost {
                path: "permissions",
                body: json!({"descriptor": {"name": permission}, "state": "granted"}),
            })
            .await
            .map(|_| ())
            .map_err(|e| format!("granting {permission}: {e}"))
    }

    /// Presses keys on whatever has focus, as a keyboard user would.
    pub async fn keys(&self, keys: &str) -> Result<(), String> {
        self.client
            .active_element()
            .await
            .map_err(|e| e.to_string())?
            .send_keys(keys)
            .await
            .map_err(|e| e.to_string())
    }

    /// The page's address as the browser shows it.
    pub async fn address(&self) -> Result<String, String> {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .map_err(|e| e.to_string())
    }

    /// Opens any address without waiting for anything in it.
    pub async fn open_url(&self, url: &str) -> Result<(), String> {
        self.client.goto(url).await.map_err(|e| e.to_string())
    }

    /// Works inside the page's iframe number `frame` from here on (`None`: back to the parent).
    pub async fn into_frame(&self, frame: Option<u16>) -> Result<(), String> {
        match frame {
            Some(i) => self.client.clone().enter_frame(i).await,
            None => self.client.clone().enter_parent_frame().await,
        }
        .map(|_| ())
        .map_err(|e| e.to_string())
    }

    /// Saves a PNG of the viewport as `dir/name.png`.
    pub async fn save_screenshot(&self, dir: &Path, name: &str) -> Result<PathBuf, String> {
        let png = self.client.screenshot().await.map_err(|e| e.to_string())?;
        save_png(dir, name, &png)
    }

    /// Saves a PNG of the whole page, below the fold too, as `dir/name.png`.
    pub async fn save_full_screenshot(&self, dir: &Path, name: &str) -> Result<PathBuf, String> {
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
        save_png(dir, name, &png)
    }
}

fn save_png(dir: &Path, name: &str, png: &[u8]) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, png).map_err(|e| e.to_string())?;
    Ok(path)
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

/// A POST to one of ChromeDriver's session endpoints that fantoccini does not name: the
/// console log (`se/log`, fed by `goog:loggingPrefs` above), DevTools (`goog/cdp/execute`) and
/// W3C Set Permission (`permissions`).
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/{}",
            session.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
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
