//! Component tests in headless Chromium (wasm-bindgen-test): each mounts one component into a
//! fresh container, acts through real DOM events, and reads the DOM as a person would see it.
//! Run with `cargo test --target wasm32-unknown-unknown -p docspace-backups` (scripts/test.sh).
#![cfg(target_arch = "wasm32")]

use docspace_backups::backup::date::{DocDate, Timestamp};
use docspace_backups::backup::find::ViewQuery;
use docspace_backups::backup::{Backup, Expiry, Storage};
use docspace_backups::components::{BackupCard, ConnectionForm, Results};
use docspace_backups::state::{AppState, LoadKey, Loaded, Source, Status};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh container in the document, removed when dropped.
struct Mounted {
    root: HtmlElement,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
    }
}

impl Mounted {
    fn new<N: IntoView + 'static>(state: AppState, view: impl FnOnce() -> N + 'static) -> Mounted {
        let document = leptos::prelude::document();
        let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
        document.body().unwrap().append_child(&root).unwrap();
        let handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view()
        });
        handle.forget();
        Mounted { root }
    }

    fn find(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .collect()
    }

    /// The `attr` of every element matching `selector`, in document order.
    fn attrs(&self, selector: &str, attr: &str) -> Vec<String> {
        self.all(selector)
            .iter()
            .filter_map(|e| e.get_attribute(attr))
            .collect()
    }

    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    /// The input a `<label>` with this text points at.
    fn field(&self, label: &str) -> HtmlInputElement {
        let label_el = self
            .all("label")
            .into_iter()
            .find(|l| l.text_content().unwrap_or_default().trim() == label)
            .unwrap_or_else(|| panic!("no label {label:?}"));
        let id = label_el
            .get_attribute("for")
            .expect("label names its field");
        self.find(&format!("#{id}"))
            .expect("labelled field exists")
            .unchecked_into()
    }

    fn button(&self, name: &str) -> Option<HtmlElement> {
        self.all("button")
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().trim() == name)
            .map(|b| b.unchecked_into())
    }

    /// Types into a field the way the browser reports typing: value, then an `input` event.
    fn type_into(&self, label: &str, text: &str) {
        let input = self.field(label);
        input.set_value(text);
        let ev = web_sys::Event::new_with_event_init_dict("input", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        })
        .unwrap();
        input.dispatch_event(&ev).unwrap();
    }
}

/// Lets the reactive system run its queued effects.
async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        leptos::prelude::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn ts(iso: &str) -> Timestamp {
    DocDate::parse(iso).timestamp().expect("a test date")
}

fn backup(name: Option<&str>, storage: Storage, created: Option<&str>, expiry: Expiry) -> Backup {
    Backup {
        id: "3f2c1a9e-8b7d-4c1e-9a55-0c2d7e4b6f10".into(),
        file_name: name.map(Into::into),
        storage,
        created: created.map(ts),
        expiry,
    }
}

#[wasm_bindgen_test]
async fn a_card_names_itself_and_says_everything_in_words() {
    let b = backup(
        Some("myportal_2024-05-02_08-00-05.tar.gz"),
        Storage::Code(4),
        Some("2024-05-02T08:00:07Z"),
        Expiry::At(ts("2024-05-03T08:00:07Z")),
    );
    let now = ts("2024-05-04T00:00:00Z");
    let state = AppState::new(String::new(), ViewQuery::default());
    state.set_now(now);
    let m = Mounted::new(state, move || view! { <BackupCard backup=b/> });
    tick().await;
    let article = m.find("article").expect("an article");
    assert_eq!(
        article.get_attribute("aria-label").as_deref(),
        Some("myportal_2024-05-02_08-00-05.tar.gz")
    );
    let text = m.text();
    assert!(text.contains("Temporary storage"), "{text}");
    assert!(text.contains("Expired"), "{text}");
    assert!(
        text.contains("3f2c1a9e-8b7d-4c1e-9a55-0c2d7e4b6f10"),
        "{text}"
    );
    let times = m.attrs("time", "datetime");
    assert_eq!(times, ["2024-05-02T08:00:07Z", "2024-05-03T08:00:07Z"]);
    // The reader's locale shows the year somewhere in the visible date.
    assert!(m.all("time")[0].text_content().unwrap().contains("2024"));
    let copy = m.all("button")[0].text_content().unwrap();
    assert_eq!(
        copy,
        "Copy backup ID of myportal_2024-05-02_08-00-05.tar.gz"
    );
}

#[wasm_bindgen_test]
async fn relative_times_and_expired_follow_the_clock() {
    let b = backup(
        Some("temp.tar.gz"),
        Storage::Code(4),
        Some("2024-05-02T08:00:00Z"),
        Expiry::At(ts("2024-05-03T08:00:00Z")),
    );
    let state = AppState::new(String::new(), ViewQuery::default());
    state.set_now(ts("2024-05-02T11:10:00Z"));
    let m = Mounted::new(state, move || view! { <BackupCard backup=b/> });
    tick().await;
    let text = m.text();
    assert!(text.contains("(3 hours ago)"), "{text}");
    assert!(text.contains("(in 20 hours)"), "{text}");
    assert!(!text.contains("Expired"), "{text}");

    // A minute's tick of the page's clock, a day later: the words and the badge follow.
    state.set_now(ts("2024-05-03T09:10:00Z"));
    tick().await;
    let text = m.text();
    assert!(text.contains("(yesterday)"), "{text}");
    assert!(text.contains("(1 hour ago)"), "{text}");
    assert!(text.contains("Expired"), "{text}");
}

#[wasm_bindgen_test]
async fn a_card_given_another_backup_says_everything_anew_in_the_same_elements() {
    let first = backup(
        Some("first.tar.gz"),
        Storage::Code(4),
        Some("2024-05-02T08:00:00Z"),
        Expiry::At(ts("2024-05-03T08:00:00Z")),
    );
    let second = Backup {
        id: String::new(),
        file_name: Some("second.tar.gz".into()),
        storage: Storage::Code(0),
        created: None,
        expiry: Expiry::Never,
    };
    let state = AppState::new(String::new(), ViewQuery::default());
    state.set_now(ts("2024-05-04T00:00:00Z"));
    let slot = RwSignal::new(first.clone());
    let m = Mounted::new(state, move || view! { <BackupCard backup=slot/> });
    tick().await;
    let article = m.find("article").unwrap();
    assert!(m.text().contains("Expired"), "{}", m.text());

    slot.set(second);
    tick().await;
    let text = m.text();
    let same = m.find("article").unwrap();
    assert!(
        same.is_same_node(Some(&article)),
        "the card was rebuilt, not refilled"
    );
    assert_eq!(
        same.get_attribute("aria-label").as_deref(),
        Some("second.tar.gz")
    );
    for words in [
        "second.tar.gz",
        "DocSpace room",
        "Unknown date",
        "Does not expire",
        "No ID in the portal's answer",
    ] {
        assert!(text.contains(words), "{words:?} in {text}");
    }
    for gone in ["first.tar.gz", "Temporary storage", "Expired", "3f2c1a9e"] {
        assert!(!text.contains(gone), "{gone:?} still in {text}");
    }
    assert!(m.all("time").is_empty() && m.all("button").is_empty());

    slot.set(first);
    tick().await;
    let times = m.attrs("time", "datetime");
    assert_eq!(times, ["2024-05-02T08:00:00Z", "2024-05-03T08:00:00Z"]);
    assert_eq!(
        m.all("button")[0].text_content().unwrap(),
        "Copy backup ID of first.tar.gz"
    );
    assert!(m.text().contains("Expired"));
}

#[wasm_bindgen_test]
async fn an_odd_record_still_renders_its_card() {
    let b = Backup {
        id: String::new(),
        file_name: None,
        storage: Storage::Code(9),
        created: None,
        expiry: Expiry::Never,
    };
    let m = Mounted::new(
        AppState::new(String::new(), ViewQuery::default()),
        move || {
            view! { <BackupCard backup=b/> }
        },
    );
    tick().await;
    assert_eq!(
        m.find("article")
            .unwrap()
            .get_attribute("aria-label")
            .as_deref(),
        Some("Unnamed backup")
    );
    let text = m.text();
    for words in [
        "Unknown storage (9)",
        "Unknown date",
        "Does not expire",
        "No ID in the portal's answer",
    ] {
        assert!(text.contains(words), "{words:?} in {text}");
    }
    assert!(!text.contains("Expired"));
    assert!(m.all("button").is_empty(), "no copy button without an id");
}

#[wasm_bindgen_test]
async fn markup_in_a_file_name_is_shown_as_text() {
    let b = backup(
        Some("<img src=x onerror=alert(1)><script>alert(2)</script>"),
        Storage::Code(0),
        None,
        Expiry::Never,
    );
    let m = Mounted::new(
        AppState::new(String::new(), ViewQuery::default()),
        move || {
            view! { <BackupCard backup=b/> }
        },
    );
    tick().await;
    assert!(
        m.find("img").is_none() && m.find("script").is_none(),
        "markup was parsed"
    );
    assert!(m
        .find("h3")
        .unwrap()
        .text_content()
        .unwrap()
        .starts_with("<img src=x"));
}

#[wasm_bindgen_test]
async fn an_invalid_portal_is_marked_and_described_and_nothing_loads() {
    let state = AppState::new(String::new(), ViewQuery::default());
    let m = Mounted::new(state, ConnectionForm);
    tick().await;
    m.type_into("Portal URL", "ftp://portal.example.com");
    m.type_into("Access token", "abc");
    m.button("Show backups").unwrap().click();
    tick().await;
    let url = m.field("Portal URL");
    assert_eq!(url.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = url.get_attribute("aria-describedby").unwrap();
    let message: String = described
        .split(' ')
        .filter_map(|id| m.find(&format!("#{id}")))
        .map(|e| e.text_content().unwrap_or_default())
        .collect();
    assert!(
        message.contains("“ftp:” addresses cannot be used"),
        "{message}"
    );
    assert_eq!(m.field("Access token").get_attribute("aria-invalid"), None);
    assert!(!state.load.is_loading(), "nothing may be sent");
    // What the user typed stays.
    assert_eq!(url.value(), "ftp://portal.example.com");
}

#[wasm_bindgen_test]
async fn a_token_with_an_invisible_character_is_refused() {
    let state = AppState::new("portal.example.com".into(), ViewQuery::default());
    let m = Mounted::new(state, ConnectionForm);
    tick().await;
    assert_eq!(
        m.field("Portal URL").value(),
        "portal.example.com",
        "pre-filled"
    );
    // (A line break cannot get this far: browsers strip CR/LF from a single-line input's
    // value. The rule against them is tested natively in api::portal.)
    m.type_into("Access token", "abc\u{200b}def");
    m.button("Show backups").unwrap().click();
    tick().await;
    let token = m.field("Access token");
    assert_eq!(token.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(
        m.text().contains("invisible or non-ASCII characters"),
        "{}",
        m.text()
    );
    assert!(!state.load.is_loading());
}

#[wasm_bindgen_test]
async fn the_token_toggle_renames_itself() {
    let m = Mounted::new(
        AppState::new(String::new(), ViewQuery::default()),
        ConnectionForm,
    );
    tick().await;
    assert_eq!(m.field("Access token").type_(), "password");
    assert!(m.button("Cancel").is_none(), "no Cancel while idle");
    m.button("Show token").unwrap().click();
    tick().await;
    assert_eq!(m.field("Access token").type_(), "text");
    assert!(m.button("Hide token").is_some());
}

fn key() -> LoadKey {
    LoadKey {
        origin: docspace_backups::api::url::parse_portal_url("portal.example.com").unwrap(),
        dump: false,
    }
}

fn loaded() -> Loaded {
    Loaded {
        key: Some(key()),
        backups: std::sync::Arc::new(vec![
            backup(
                Some("new.tar.gz"),
                Storage::Code(0),
                Some("2024-05-02T08:00:07Z"),
                Expiry::Never,
            ),
            backup(
                Some("old.tar.gz"),
                Storage::Code(3),
                Some("2024-05-01T08:00:07Z"),
                Expiry::Never,
            ),
        ]),
        loaded_at: ts("2024-05-02T09:00:00Z"),
        stale: false,
    }
}

#[wasm_bindgen_test]
async fn results_show_status_cards_and_one_alert() {
    let state = AppState::new(String::new(), ViewQuery::default());
    let m = Mounted::new(state, Results);
    tick().await;
    let region = m.find("section").unwrap();
    let title_id = region.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        m.find(&format!("#{title_id}"))
            .unwrap()
            .text_content()
            .unwrap(),
        "Backups"
    );
    assert_eq!(region.get_attribute("aria-busy").as_deref(), Some("false"));
    assert!(m
        .all("[role=alert]")
        .iter()
        .all(|a| a.text_content().unwrap().trim().is_empty()));

    state.load.begin(&key(), true);
    tick().await;
    assert_eq!(region.get_attribute("aria-busy").as_deref(), Some("true"));

    state.status.say(Status::Loaded {
        count: 2,
        skipped: 0,
        from: Source::Portal,
    });
    state.load.show(loaded(), true);
    tick().await;
    let names = m.attrs("li > article", "aria-label");
    assert_eq!(names, ["new.tar.gz", "old.tar.gz"]);
    assert_eq!(
        m.find("[role=status]").unwrap().text_content().unwrap(),
        "2 backups"
    );

    // A reload of the same portal fails: the alert, and the cards stay, marked.
    state.load.begin(&key(), true);
    state.load.fail("The portal answered HTTP 500".into());
    tick().await;
    let alerts: Vec<String> = m
        .all("[role=alert]")
        .iter()
        .map(|a| a.text_content().unwrap())
        .filter(|t| !t.trim().is_empty())
        .collect();
    assert_eq!(alerts, ["The portal answered HTTP 500"]);
    assert!(
        m.text().contains("Showing the backups loaded at"),
        "stale cards are labelled"
    );
    assert_eq!(m.all("li > article").len(), 2);
}

/// A plugin message of protocol version 2 for portal.example.com: the history in `loaded()`'s
/// shape and the three answers beside it (`None`: a version-1 message).
fn plugin_message(
    beside: Option<[(f64, &str); 3]>,
) -> Result<docspace_backups::api::message::Message, docspace_backups::api::message::Ignored> {
    use docspace_backups::api::message::{accept, Fields, Part, HISTORY};
    let history = r#"{"response":[
        {"id":"a","fileName":"new.tar.gz","storageType":5,"createdOn":"2024-05-02T02:00:07","expiresOn":"0001-01-01T00:00:00"},
        {"id":"b","fileName":"old.tar.gz","storageType":5,"createdOn":"2024-05-01T02:00:07","expiresOn":"0001-01-01T00:00:00"}]}"#;
    let part = |(status, body): (f64, &str)| Part {
        status: Some(status),
        body: Some(body.to_owned()),
    };
    let [schedule, progress, settings] = match beside {
        Some(parts) => parts.map(|p| Some(part(p))),
        None => [None, None, None],
    };
    accept(
        "https://portal.example.com",
        true,
        &key().origin,
        Fields {
            kind: Some(HISTORY.into()),
            status: Some(200.0),
            body: Some(history.into()),
            dump: Some(false),
            schedule,
            progress,
            settings,
        },
    )
}

const DAILY_2AM: &str = r#"{"response":{"storageType":5,"cronParams":{"period":0,"hour":2,"day":0},"backupsStored":30,"lastBackupTime":"2024-05-02T02:00:00"}}"#;
const NOTHING_RUNS: &str = r#"{"status":0,"statusCode":200}"#;
const UTC_SETTINGS: &str = r#"{"response":{"timezone":"UTC","utcOffset":"00:00:00"}}"#;

/// The "Automatic backups" group's paragraphs, by its heading.
fn group_lines(m: &Mounted) -> Vec<String> {
    let Some(heading) = m
        .all("h3")
        .into_iter()
        .find(|h| h.text_content().unwrap_or_default() == "Automatic backups")
    else {
        return Vec::new();
    };
    let group = heading.closest("[role=group]").unwrap().expect("a group");
    assert_eq!(group.get_attribute("aria-labelledby"), Some(heading.id()));
    let list = group.query_selector_all("p").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|p| p.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn the_group_says_the_schedule_and_its_judgement() {
    let state = AppState::new(String::new(), ViewQuery::default());
    let m = Mounted::new(state, Results);
    tick().await;
    assert!(group_lines(&m).is_empty(), "no group before a load");

    // A monthly schedule whose last run was due three days ago at 02:00 UTC, and was attempted:
    // the history (of 2024) has nothing near it, so it was missed, whatever the hour now.
    let due = js_sys::Date::new_0();
    due.set_utc_date(due.get_utc_date() - 3);
    due.set_utc_hours(2);
    due.set_utc_minutes(0);
    due.set_utc_seconds(0);
    due.set_utc_milliseconds(0);
    let iso = String::from(due.to_iso_string()); // 2026-11-25T02:00:00.000Z
    let schedule = format!(
        r#"{{"response":{{"storageType":0,"cronParams":{{"period":2,"hour":2,"day":{}}},"backupsStored":12,"lastBackupTime":"{}"}}}}"#,
        due.get_utc_date(),
        &iso[..19]
    );
    state.receive(
        &key().origin,
        plugin_message(Some([
            (200.0, &schedule),
            (200.0, NOTHING_RUNS),
            (200.0, UTC_SETTINGS),
        ])),
    );
    tick().await;
    let lines = group_lines(&m);
    assert!(
        lines[0].starts_with("Missed the last scheduled backup (due 02:00 on "),
        "{lines:?}"
    );
    let every = format!(
        "Schedule: every month on day {} at 02:00 UTC",
        due.get_utc_date()
    );
    assert!(lines.contains(&every), "{lines:?}");
    assert!(lines.contains(&"Stored in DocSpace room; keeps the newest 12.".to_owned()));
    assert!(lines
        .iter()
        .any(|l| l.starts_with("Last attempt") && l.ends_with(": left no backup.")));
    let missed = m.attrs(
        "ul[aria-label='Missed scheduled backups'] li time",
        "datetime",
    );
    assert_eq!(
        missed.first(),
        Some(&iso.replace(".000Z", "Z")),
        "newest first"
    );
    assert!(
        !m.text().contains("When is the last backup late?"),
        "the thresholds step aside"
    );
}

#[wasm_bindgen_test]
async fn a_schedule_that_cannot_be_read_leaves_the_cards_and_the_thresholds() {
    let state = AppState::new(String::new(), ViewQuery::default());
    let m = Mounted::new(state, Results);
    state.receive(
        &key().origin,
        plugin_message(Some([
            (403.0, r#"{"error":{"message":"Access denied"}}"#),
            (403.0, r#"{"error":{"message":"Access denied"}}"#),
            (200.0, UTC_SETTINGS),
        ])),
    );
    tick().await;
    let lines = group_lines(&m);
    assert!(lines[0].starts_with("Schedule unknown"), "{lines:?}");
    assert!(lines.contains(
        &"Schedule: unknown (the portal answered HTTP 403 Forbidden: “Access denied”).".to_owned()
    ));
    assert_eq!(m.all("li > article").len(), 2, "the cards stay");
    assert!(m.text().contains("When is the last backup late?"));

    // A version-1 plugin sends no schedule: it says so.
    state.receive(&key().origin, plugin_message(None));
    tick().await;
    assert!(group_lines(&m).contains(
        &"Schedule: unknown (the DocSpace plugin did not send it; update the plugin).".to_owned()
    ));

    // No schedule at all: a warning, and why a schedule can vanish.
    state.receive(
        &key().origin,
        plugin_message(Some([
            (200.0, NOTHING_RUNS),
            (200.0, NOTHING_RUNS),
            (200.0, UTC_SETTINGS),
        ])),
    );
    tick().await;
    let lines = group_lines(&m);
    assert!(
        lines[0].starts_with("No automatic backups scheduled"),
        "{lines:?}"
    );
    assert!(lines[0].contains("billing"));
    assert!(lines.contains(&"Schedule: none".to_owned()));
}

#[wasm_bindgen_test]
async fn a_running_backup_is_a_named_progress_bar() {
    let state = AppState::new(String::new(), ViewQuery::default());
    let m = Mounted::new(state, Results);
    let running = r#"{"response":{"isCompleted":false,"progress":45,"error":"","backupProgressEnum":0,"status":1}}"#;
    state.receive(
        &key().origin,
        plugin_message(Some([
            (200.0, DAILY_2AM),
            (200.0, running),
            (200.0, UTC_SETTINGS),
        ])),
    );
    tick().await;
    let bar = m.find("[role=progressbar]").expect("a progress bar");
    assert_eq!(
        bar.get_attribute("aria-label").as_deref(),
        Some("Backup in progress")
    );
    assert_eq!(bar.get_attribute("aria-valuenow").as_deref(), Some("45"));
    assert_eq!(bar.get_attribute("aria-valuemin").as_deref(), Some("0"));
    assert_eq!(bar.get_attribute("aria-valuemax").as_deref(), Some("100"));

    // The poll (the plugin's progress alone) sees it fail: the bar goes, and the alert says
    // the server's words.
    let failed = r#"{"response":{"isCompleted":true,"progress":60,"error":"Disk full","backupProgressEnum":0,"status":4}}"#;
    state.receive(&key().origin, progress_message(failed));
    tick().await;
    assert!(m.find("[role=progressbar]").is_none());
    assert_eq!(
        alerts(&m),
        ["The backup failed on the portal: “Disk full”."]
    );

    // A load that finds a task that had failed before is not news: no alert.
    let state = AppState::new(String::new(), ViewQuery::default());
    let m = Mounted::new(state, Results);
    state.receive(
        &key().origin,
        plugin_message(Some([
            (200.0, DAILY_2AM),
            (200.0, failed),
            (200.0, UTC_SETTINGS),
        ])),
    );
    tick().await;
    assert!(m.find("[role=progressbar]").is_none());
    assert!(alerts(&m).is_empty(), "{:?}", alerts(&m));
}

/// The alerts' texts (the one alert region, when it says something).
fn alerts(m: &Mounted) -> Vec<String> {
    m.all("[role=alert]")
        .iter()
        .map(|a| a.text_content().unwrap())
        .filter(|t| !t.trim().is_empty())
        .collect()
}

/// The plugin's answer to the page's ask for the progress alone.
fn progress_message(
    body: &str,
) -> Result<docspace_backups::api::message::Message, docspace_backups::api::message::Ignored> {
    use docspace_backups::api::message::{accept, Fields, Part, PROGRESS};
    accept(
        "https://portal.example.com",
        true,
        &key().origin,
        Fields {
            kind: Some(PROGRESS.into()),
            progress: Some(Part {
                status: Some(200.0),
                body: Some(body.to_owned()),
            }),
            ..Fields::default()
        },
    )
}
