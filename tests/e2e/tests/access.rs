//! Accessibility: axe-core finds no WCAG 2.2 A/AA violation in any state, in either theme, and
//! the whole daily task can be done from the keyboard alone.

use e2e::{ensure, Behaviour, Check, Fault, Page, DEMO_TOKEN};

/// Audits the page as it is, in the light and then the dark theme.
async fn audit(page: &Page, state: &str) -> Check {
    for theme in ["Light", "Dark"] {
        page.choose("Theme", theme).await?;
        let violations = page.axe().await?;
        ensure(violations.is_empty(), || {
            format!("axe, {state}, {theme} theme:\n{}", violations.join("\n"))
        })?;
    }
    page.choose("Theme", "System").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_nothing_in_any_state_or_theme() {
    Page::run(async |page| {
        // The audit can fail: a nameless button is found.
        page.js("document.body.append(Object.assign(document.createElement('button'), {id: 'nameless'}))", vec![])
            .await?;
        let found = page.axe().await?;
        ensure(found.iter().any(|v| v.starts_with("button-name") && v.contains("#nameless")), || {
            format!("axe missed a nameless button: {found:?}")
        })?;
        page.js("document.getElementById('nameless').remove()", vec![]).await?;

        audit(page, "the empty form").await?;

        page.type_into("Portal URL", "ftp://nope").await?;
        page.click("Show backups").await?;
        page.wait_for("the field error", async || {
            Ok(page
                .field("Portal URL")
                .await?
                .attr("aria-invalid")
                .await
                .map_err(|e| e.to_string())?
                .as_deref()
                == Some("true"))
        })
        .await?;
        audit(page, "an invalid field").await?;

        page.type_into("Portal URL", &page.portal_origin()).await?;
        page.show_backups_with(DEMO_TOKEN).await?;
        page.wait_for_status(&format!("{} backups", page.demo.records(false).len()))
            .await?;
        audit(page, "the results").await?;
        page.click("Temporary storage (3)").await?;
        audit(page, "a filtered list").await?;

        page.demo.set_behaviour(Behaviour {
            fault: Some(Fault::Envelope(e2e::status(500), "Boom")),
            ..Behaviour::default()
        });
        page.click("Show backups").await?;
        page.wait_for_alert().await?;
        audit(page, "an error over stale cards").await?;

        page.click("Try with sample data").await?;
        page.wait_for_status("45 backups (sample data)").await?;
        audit(page, "the sample data").await
    })
    .await;
}

const TAB: &str = "\u{E004}";
const ENTER: &str = "\u{E007}";
const SPACE: &str = "\u{E00D}";
const DOWN: &str = "\u{E015}";
const SHIFT: &str = "\u{E008}";
const RELEASE: &str = "\u{E000}";

/// Presses `key` (Tab, or Shift+Tab) until the focused element's description starts with
/// `what`. Every element the keys focus on the way must show a focus ring; after 80 presses
/// it fails, saying where it got to.
async fn walk_to(page: &Page, what: &str, key: &str) -> Check {
    for _ in 0..80 {
        if page.focused().await?.starts_with(what) {
            return Ok(());
        }
        page.keys(key).await?;
        let ring = page
            .js(
                "const s = getComputedStyle(document.activeElement);
                 return document.activeElement === document.body
                   || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
                   || s.outlineStyle + ' ' + s.outlineWidth",
                vec![],
            )
            .await?;
        if ring != true {
            return Err(format!(
                "no visible focus ring on {:?} (outline: {ring})",
                page.focused().await?
            ));
        }
    }
    Err(format!(
        "the keys never reached {what:?}; at {:?}",
        page.focused().await?
    ))
}

/// Tabs forward to `what` (see [`walk_to`]).
async fn tab_to(page: &Page, what: &str) -> Check {
    walk_to(page, what, TAB).await
}

/// Tabs backward to `what` (see [`walk_to`]).
async fn shift_tab_to(page: &Page, what: &str) -> Check {
    walk_to(page, what, &format!("{SHIFT}{TAB}{RELEASE}")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_filter_sort_and_copy_with_the_keyboard_alone() {
    Page::run(async |page| {
        page.grant("clipboard-write").await?;
        let records = page.demo.records(false);
        page.js("document.activeElement.blur()", vec![]).await?;

        // Load: type the token and press Enter in the field.
        tab_to(page, "input#access-token").await?;
        page.keys(&format!("{DEMO_TOKEN}{ENTER}")).await?;
        page.wait_for_status(&format!("{} backups", records.len()))
            .await?;
        // Focus moved to the results' heading, above the status line.
        page.wait_for("focus on the results", async || {
            Ok(page
                .focused()
                .await?
                .starts_with("h2#results-title Backups"))
        })
        .await?;

        // Filter: a storage chip, pressed with Space.
        tab_to(page, "button# Temporary storage (3)").await?;
        page.keys(SPACE).await?;
        page.wait_for("3 cards", async || Ok(page.cards().await?.len() == 3))
            .await?;

        // Sort: back to the "Sort by" list, one step down is "Oldest first".
        shift_tab_to(page, "select#sort").await?;
        page.keys(DOWN).await?;
        let oldest_temporary = records
            .iter()
            .rev()
            .find(|r| r.storage_type == 4)
            .map(|r| r.file_name.clone());
        page.wait_for("oldest first", async || {
            Ok(page.cards().await?.first().map(|c| c.name.clone()) == oldest_temporary)
        })
        .await?;

        // Copy: the first card's button, pressed with Enter.
        let name = oldest_temporary.unwrap_or_default();
        tab_to(page, &format!("button# Copy backup ID of {name}")).await?;
        page.keys(ENTER).await?;
        page.wait_for_status("Copied backup ID").await?;
        let id = records
            .iter()
            .find(|r| r.file_name == name)
            .map(|r| r.id.clone())
            .unwrap_or_default();
        // (Every control the keys reached on the way showed a focus ring: see `walk_to`.)
        let copied = page.clipboard().await?;
        ensure(copied == id, || {
            format!("clipboard {copied:?}, want {id:?}")
        })
    })
    .await;
}
