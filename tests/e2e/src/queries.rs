//! Finding things as a person does: fields by their label, buttons by their name, the status
//! line and alerts by their role, cards by the list in the "Backups" region; and waiting for
//! a state to appear.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::Locator;
use serde_json::Value;

use crate::{Check, Page, PATIENCE};

impl Page {
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
        let xpath = format!("//label[normalize-space()={}]", xpath_literal(label));
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

    pub async fn value_of(&self, label: &str) -> Result<String, String> {
        let f = self.field(label).await?;
        Ok(f.prop("value")
            .await
            .map_err(|e| e.to_string())?
            .unwrap_or_default())
    }

    /// The button whose accessible text is exactly `name` (visible or visually hidden).
    pub async fn button(&self, name: &str) -> Result<Element, String> {
        let xpath = format!("//button[normalize-space()={}]", xpath_literal(name));
        self.client
            .find(Locator::XPath(&xpath))
            .await
            .map_err(|_| format!("no button named {name:?}"))
    }

    pub async fn has_button(&self, name: &str) -> Result<bool, String> {
        let xpath = format!("//button[normalize-space()={}]", xpath_literal(name));
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
        crate::strings(&v)
    }

    pub async fn wait_for_status(&self, text: &str) -> Check {
        self.wait_for(&format!("the status line to say {text:?}"), async || {
            Ok(self.status().await?.eq_ignore_ascii_case(text))
        })
        .await
    }

    /// Waits for the status line to start with `start` (what follows names a file).
    pub async fn wait_for_status_starting(&self, start: &str) -> Check {
        self.wait_for(&format!("the status line to start {start:?}"), async || {
            Ok(self.status().await?.starts_with(start))
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

    /// A file the browser has finished downloading, by name, once it is there.
    pub async fn downloaded(&self, name: &str) -> Result<String, String> {
        let path = self.downloads.join(name);
        self.wait_for(&format!("the download {name}"), async || Ok(path.exists()))
            .await?;
        // Chromium writes to `name.crdownload` and renames when done, so the file is whole.
        std::fs::read_to_string(&path).map_err(|e| e.to_string())
    }

    /// Saves a PNG of the page as `target/screenshots/NAME.png` (for the README and for looking
    /// at failures).
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf, String> {
        self.save_screenshot(&screenshots_dir(), name).await
    }

    /// Saves a PNG of the whole page, below the fold too (README screenshots).
    pub async fn screenshot_full(&self, name: &str) -> Result<PathBuf, String> {
        self.save_full_screenshot(&screenshots_dir(), name).await
    }
}

/// Finds the region (a `<section>` or `role=region`) whose accessible name is "Backups", as `r`.
const FIND_REGION: &str = "const r = [...document.querySelectorAll('section,[role=region]')].find(s => {
      const id = s.getAttribute('aria-labelledby');
      const name = id ? document.getElementById(id)?.textContent.trim() : s.getAttribute('aria-label');
      return name === 'Backups';
    });";

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

fn screenshots_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/screenshots")
}

/// A text as an XPath 1.0 string literal: in single quotes, or double quotes when it holds an
/// apostrophe ("Type the portal's host name to confirm").
fn xpath_literal(text: &str) -> String {
    if text.contains('\'') {
        format!("\"{text}\"")
    } else {
        format!("'{text}'")
    }
}
