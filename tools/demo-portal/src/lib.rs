//! A stand-in DocSpace portal for the demo and the tests.
//!
//! It answers `GET /api/2.0/backup/getbackuphistory`, `getbackupschedule` and
//! `getbackupprogress` (each also under the older `/api/2.0/portal/` alias) and
//! `GET /api/2.0/settings` the way `shared/docspace-api.md` says the real server does: the
//! envelope, numeric enums, mixed .NET date forms, records in no particular order, CORS `*`
//! with preflight, an empty 401 for a wrong token and the 403 envelope for a non-admin. Its
//! writes (`startbackup`, `deletebackup/{id}`, `deletebackuphistory`, `startrestore`, and the
//! anonymous `getrestoreprogress`) change what it answers afterwards ([`writes`]). It also
//! serves `dist/` on a second address, so the page and the portal are different origins, as in
//! real life.
//!
//! Each admin token selects a situation ([`situation::Situation`]): a schedule, the history that
//! goes with it, maybe a running backup, and the portal's time zone.
//!
//! | token | situation |
//! |---|---|
//! | [`DEMO_TOKEN`], [`DEMO_API_KEY`], the session | daily 02:00 UTC, two nights missed, last run made |
//! | [`WEEKLY_TOKEN`] | weekly, the last run (50–51 h ago) left no backup |
//! | [`MONTHLY_TOKEN`] | monthly on the 31st, 03:00 UTC (months without one skipped) |
//! | [`UNSCHEDULED_TOKEN`] | no schedule; the default history |
//! | [`SCHEDULE_FORBIDDEN_TOKEN`] | history 200, schedule and progress 403 |
//! | [`RUNNING_TOKEN`] | daily, the last run still running: progress 0 → 100 in 6 s |
//! | [`BERLIN_TOKEN`] | daily 02:00 Europe/Berlin, 60 days across summer time |
//! | [`WINDOWS_ZONE_TOKEN`] | as Berlin, the zone given as "W. Europe Standard Time" |
//!
//! [`READ_ONLY_KEY`] (`Bearer sk-…`) reads as the owner does and may not write (a bare 403).

pub mod history;
pub mod situation;
pub mod spec;
pub mod writes;

pub use situation::{situation, Period, Progress, Schedule, Situation};
pub use writes::{
    Deleted, Maintenance, Restore, RestoreProgress, StartedBackup, WriteFault, WriteOp,
    RESTORE_DURATION,
};

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
pub use axum::http::StatusCode;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::Router;
use chrono::{DateTime, Utc};
use serde_json::json;
use tokio::net::TcpListener;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// A personal token of the demo portal's owner (sent as typed).
pub const DEMO_TOKEN: &str = "demo-admin-token";
/// An API key of the owner; DocSpace wants it as `Bearer sk-…`.
pub const DEMO_API_KEY: &str = "sk-demo-admin-key";
/// An API key of the owner with the `*:read` scope only (sent as `Bearer sk-…`): it reads
/// everything as the owner does, and every write gets a bare 403 (DocSpace's authorization
/// refuses a key without `*:write` before the operation runs; no message).
pub const READ_ONLY_KEY: &str = "sk-demo-readonly-key";
/// A token of a plain user: DocSpace answers 403 "Access denied".
pub const NON_ADMIN_TOKEN: &str = "demo-user-token";
/// An admin whose weekly schedule's last run (50 to 51 hours ago) left no backup
/// ([`Situation::Weekly`]).
pub const WEEKLY_TOKEN: &str = "demo-weekly-token";
/// An admin with a monthly schedule on the 31st at 03:00 UTC; months without a 31st have no
/// run ([`Situation::Monthly`]).
pub const MONTHLY_TOKEN: &str = "demo-monthly-token";
/// An admin whose portal has no backup schedule, for either kind of backup; the default
/// history ([`Situation::Unscheduled`]).
pub const UNSCHEDULED_TOKEN: &str = "demo-unscheduled-token";
/// An admin key that may read the history but not the schedule or the progress: those answer
/// 403 "Access denied" ([`Situation::ScheduleForbidden`]).
pub const SCHEDULE_FORBIDDEN_TOKEN: &str = "demo-schedule-forbidden-token";
/// An admin whose daily run of 1 to 2 hours ago is still running: the progress goes from 0 to
/// 100 in 6 seconds from its first request, then the backup is in the history
/// ([`Situation::Running`]).
pub const RUNNING_TOKEN: &str = "demo-running-token";
/// An admin whose portal is in Europe/Berlin: daily at 02:00 Berlin time
/// ([`Situation::Berlin`]).
pub const BERLIN_TOKEN: &str = "demo-berlin-token";
/// As [`BERLIN_TOKEN`], but the portal's time zone is the Windows id "W. Europe Standard Time"
/// ([`Situation::WindowsZone`]).
pub const WINDOWS_ZONE_TOKEN: &str = "demo-windows-zone-token";
/// The owner's session: DocSpace's HttpOnly cookie `asc_auth_key`, which a page on the
/// portal's own origin sends by itself.
pub const SESSION_COOKIE: &str = "asc_auth_key";
pub const DEMO_SESSION: &str = "demo-admin-session";

/// Where the site router serves the page on the portal's own origin (as behind its nginx).
pub const SAME_ORIGIN_PATH: &str = "/backup-history";
/// The demo's stand-in for signing in to the portal: sets the owner's HttpOnly session cookie
/// and opens the page behind the same origin.
pub const SIGN_IN_PATH: &str = "/demo-sign-in";

/// A page that plays DocSpace with the backups plugin: it frames the page (`?app=ORIGIN`) and
/// answers its `ready` with the history (see `plugin-host.html`).
pub const PLUGIN_HOST_PATH: &str = "/demo-plugin-host.html";

/// Where the page router also serves the page, as GitHub Pages serves a project site.
pub const PAGES_PATH: &str = "/docspace-backups";

/// Which of the demo's two servers a request reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Server {
    /// The portal's API origin.
    Api,
    /// The origin serving `dist/` (the page itself).
    Page,
}

/// One request as the demo saw it, for tests that check what the page sent, and where.
#[derive(Clone, Debug)]
pub struct SeenRequest {
    pub server: Server,
    pub method: String,
    pub path_and_query: String,
    pub authorization: Option<String>,
    pub origin: Option<String>,
    pub cookie: Option<String>,
    pub referer: Option<String>,
    /// The body of a write (POST, PUT, PATCH, DELETE) to the portal's API, as text; `None` for
    /// every other request (reads, preflights, the page server's requests).
    pub body: Option<String>,
}

/// How the tests make the portal misbehave for the next requests: `delay`, `hold`, `fault` and
/// `history_size` act on getbackuphistory only ([`Fault::NoCors`] strips the CORS headers of
/// every answer); `write_fault` on one of the writes; `maintenance` on the restore's window.
#[derive(Clone, Debug, Default)]
pub struct Behaviour {
    /// Wait this long before answering (for Cancel and supersede tests).
    pub delay: Option<Duration>,
    /// Delay (or hold) only the requests that carry this `Authorization` value (all when `None`).
    pub delay_only_for: Option<String>,
    /// Hold the answer until the test releases it, and report what became of it.
    pub hold: Option<Hold>,
    /// Answer with this fault instead of the history.
    pub fault: Option<Fault>,
    /// Serve a generated history of this many backups (see [`history::generated`]) instead of
    /// the usual two months, for large-history tests and the benchmark.
    pub history_size: Option<usize>,
    /// Make one of the writes misbehave ([`writes`]); the others answer normally.
    pub write_fault: Option<(WriteOp, WriteFault)>,
    /// How the portal answers while a restore runs (by default as DocSpace does: a bare 403).
    pub maintenance: Maintenance,
}

/// An answer the portal holds back until the test calls [`Hold::release`]; then it reports
/// whether the answer went out or the page had hung up (an aborted fetch closes its
/// connection, and the server drops the request's handler).
#[derive(Clone, Debug, Default)]
pub struct Hold(Arc<Mutex<HoldState>>);

#[derive(Debug, Default)]
struct HoldState {
    arrived: bool,
    released: bool,
    outcome: Option<Held>,
}

/// What became of a held answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    /// Released and handed to the connection.
    Sent,
    /// The page closed the connection while the answer was held.
    HungUp,
}

impl Hold {
    /// Whether a held request has reached the portal.
    pub fn arrived(&self) -> bool {
        self.0.lock().is_ok_and(|s| s.arrived)
    }

    /// Lets the held answer go.
    pub fn release(&self) {
        if let Ok(mut s) = self.0.lock() {
            s.released = true;
        }
    }

    /// What became of the answer; `None` while it is held (or before its request came).
    pub fn outcome(&self) -> Option<Held> {
        self.0.lock().ok().and_then(|s| s.outcome)
    }

    fn settle(&self, held: Held) {
        if let Ok(mut s) = self.0.lock() {
            s.outcome.get_or_insert(held);
        }
    }

    async fn wait(&self) {
        /// Dropped with the handler when the page hangs up first.
        struct HangUp(Hold);
        impl Drop for HangUp {
            fn drop(&mut self) {
                self.0.settle(Held::HungUp);
            }
        }
        if let Ok(mut s) = self.0.lock() {
            s.arrived = true;
        }
        let hang_up = HangUp(self.clone());
        while !self.0.lock().is_ok_and(|s| s.released) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        // Nothing awaits after this: the answer goes to the connection now.
        self.settle(Held::Sent);
        drop(hang_up);
    }
}

/// The ways a real portal, its gateway or the network answer badly (docspace-api.md, "Errors").
#[derive(Clone, Debug)]
pub enum Fault {
    /// DocSpace's error envelope (`{"error":{"message":…},"status":1,"statusCode":…}`).
    Envelope(StatusCode, &'static str),
    /// The status with an empty body: 401 from the authentication layer, 402 from the payment
    /// filter, a 404.
    Bare(StatusCode),
    /// nginx's own HTML error page (502/503/504), with or without CORS headers.
    GatewayPage { status: StatusCode, cors: bool },
    /// A 200 with this body, whatever it is.
    Ok200(&'static str),
    /// No CORS headers on anything, the preflight included.
    NoCors,
    /// A 200 that promises a long body, sends its start, then drops the connection.
    CutMidBody,
}

/// Set on a response that must go out without CORS headers (a gateway's page); the CORS
/// layer removes it and adds nothing.
const WITHOUT_CORS: &str = "x-demo-without-cors";

/// The demo portal's state: its clock at start, what it has been asked, and the running
/// situation's backup.
#[derive(Clone)]
pub struct Demo {
    now: DateTime<Utc>,
    /// When `now` was, on the real clock: the demo's clock runs on from `now`.
    started: Instant,
    running: Arc<Mutex<RunningBackup>>,
    seen: Arc<Mutex<Vec<SeenRequest>>>,
    behaviour: Arc<Mutex<Behaviour>>,
    /// The answers checked against DocSpace's OpenAPI description (see [`spec`]).
    answers: Arc<Mutex<Vec<spec::Answer>>>,
    /// What the writes changed: deleted records, started backups, the restore.
    writes: Arc<Mutex<writes::WriteState>>,
}

impl Demo {
    pub fn new(now: DateTime<Utc>) -> Self {
        Demo {
            now,
            started: Instant::now(),
            running: Arc::default(),
            seen: Arc::default(),
            behaviour: Arc::default(),
            answers: Arc::default(),
            writes: Arc::default(),
        }
    }

    /// Changes how the following history requests are answered.
    pub fn set_behaviour(&self, behaviour: Behaviour) {
        if let Ok(mut b) = self.behaviour.lock() {
            *b = behaviour;
        }
    }

    fn behaviour(&self) -> Behaviour {
        self.behaviour.lock().map(|b| b.clone()).unwrap_or_default()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The demo's clock: `now`, plus the real time since the demo was made.
    pub fn clock(&self) -> DateTime<Utc> {
        self.clock_at(Instant::now())
    }

    fn clock_at(&self, at: Instant) -> DateTime<Utc> {
        let since = at.saturating_duration_since(self.started);
        self.now + chrono::Duration::from_std(since).unwrap_or_default()
    }

    /// The records this portal serves to the owner (the default situation), newest first.
    pub fn records(&self, dump: bool) -> Vec<history::Record> {
        self.records_for(DEMO_TOKEN, dump)
    }

    /// The records getbackuphistory serves to `token`'s situation, newest first: for
    /// [`RUNNING_TOKEN`], with the running task's backup once it has completed; with the
    /// backups startbackup made, without those deleted (see [`writes`]).
    pub fn records_for(&self, token: &str, dump: bool) -> Vec<history::Record> {
        self.records_for_at(token, dump, Instant::now())
    }

    /// [`Demo::records_for`] as they stand at the real-clock moment `at`.
    pub fn records_for_at(&self, token: &str, dump: bool, at: Instant) -> Vec<history::Record> {
        let situation = situation(token);
        let mut records = situation.records(self.now, dump);
        if situation == Situation::Running && !dump {
            if let Some(made) = self.running_backup_at(at) {
                records.push(made);
            }
        }
        self.with_writes(situation, dump, at, records)
    }

    /// What getbackuphistory serves to `token` at `at`: [`Demo::records_for_at`], or the
    /// behaviour's generated history, with the writes' changes.
    pub(crate) fn served_records_at(
        &self,
        token: &str,
        dump: bool,
        at: Instant,
    ) -> Vec<history::Record> {
        match self.behaviour().history_size {
            Some(n) => {
                self.with_writes(situation(token), dump, at, history::generated(self.now, n))
            }
            None => self.records_for_at(token, dump, at),
        }
    }

    /// `records` with the backups startbackup made by `at`, without those deleted, newest first.
    fn with_writes(
        &self,
        situation: Situation,
        dump: bool,
        at: Instant,
        mut records: Vec<history::Record>,
    ) -> Vec<history::Record> {
        records.extend(self.made_backups_at(situation, dump, at));
        self.drop_deleted(situation, &mut records);
        records.sort_by_key(|r| std::cmp::Reverse(r.created_on));
        records
    }

    /// The 200 answer's body for `Dump=dump`, as the server sends it to the owner (the current
    /// behaviour's generated history, if it asks for one).
    pub fn history_body(&self, dump: bool) -> String {
        self.history_body_for(DEMO_TOKEN, dump)
    }

    /// The 200 answer's body of getbackuphistory for `token`'s situation.
    pub fn history_body_for(&self, token: &str, dump: bool) -> String {
        let records = self.served_records_at(token, dump, Instant::now());
        envelope(
            Some(json!(history::response_json(&records))),
            &format!("/api/2.0/backup/getbackuphistory?Dump={dump}"),
        )
    }

    /// The schedule getbackupschedule answers to `token` for `Dump=dump` (`None`: no schedule).
    pub fn schedule(&self, token: &str, dump: bool) -> Option<Schedule> {
        situation(token).schedule(self.now, dump)
    }

    /// The 200 answer's body of getbackupschedule (no `response` without a schedule).
    pub fn schedule_body(&self, token: &str, dump: bool) -> String {
        envelope(
            self.schedule(token, dump).map(|s| s.to_json()),
            &format!("/api/2.0/backup/getbackupschedule?Dump={dump}"),
        )
    }

    /// What getbackupprogress answers to `token` now (`None`: nothing runs). A backup
    /// startbackup started for this situation and kind runs from its start (see [`writes`]);
    /// otherwise only [`RUNNING_TOKEN`]'s portal backup runs: its first request starts the
    /// task's clock, the progress follows [`situation::progress_percent`]. After the completed
    /// answer has been given once, nothing runs any more. This changes the demo's state, as
    /// the request does.
    pub fn progress(&self, token: &str, dump: bool) -> Option<Progress> {
        self.progress_at(token, dump, Instant::now())
    }

    /// [`Demo::progress`] asked at the real-clock moment `at` (for tests that step the clock).
    pub fn progress_at(&self, token: &str, dump: bool, at: Instant) -> Option<Progress> {
        if let Some(started) = self.started_progress_at(situation(token), dump, at) {
            return Some(started);
        }
        if dump || situation(token) != Situation::Running {
            return None;
        }
        let mut running = self.running.lock().ok()?;
        if running.completion_answered {
            return None;
        }
        let started = *running.started.get_or_insert(at);
        let progress = situation::progress_percent(at.saturating_duration_since(started));
        running.completion_answered = progress >= 100;
        Some(Progress {
            progress,
            task_id: situation::running_task_id(),
        })
    }

    /// The 200 answer's body of getbackupprogress (no `response` when nothing runs); asking for
    /// it is a progress request ([`Demo::progress`]).
    pub fn progress_body(&self, token: &str, dump: bool) -> String {
        envelope(
            self.progress(token, dump).map(|p| p.to_json()),
            &format!("/api/2.0/backup/getbackupprogress?Dump={dump}"),
        )
    }

    /// Puts the running situation's backup back before its first progress request: it has not
    /// started, and has made no backup.
    pub fn restart_progress(&self) {
        if let Ok(mut running) = self.running.lock() {
            *running = RunningBackup::default();
        }
    }

    /// The backup the running situation's task has made, once it has completed.
    pub fn running_backup(&self) -> Option<history::Record> {
        self.running_backup_at(Instant::now())
    }

    fn running_backup_at(&self, at: Instant) -> Option<history::Record> {
        let started = self.running.lock().ok()?.started?;
        let completed = started + situation::BACKUP_DURATION;
        (at >= completed).then(|| situation::running_backup(self.clock_at(completed)))
    }

    /// The `response` of `GET /api/2.0/settings` for `token`'s situation, at the demo's clock.
    pub fn settings(&self, token: &str) -> serde_json::Value {
        situation(token).settings(self.clock())
    }

    /// The 200 answer's body of `GET /api/2.0/settings`.
    pub fn settings_body(&self, token: &str) -> String {
        envelope(Some(self.settings(token)), "/api/2.0/settings")
    }

    /// Every request received so far by either server, preflights included.
    pub fn requests(&self) -> Vec<SeenRequest> {
        self.seen.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// The write requests (POST, PUT, PATCH, DELETE) the portal's API received so far, in
    /// order, each with its body: what the page asked the portal to change, whatever the
    /// answer was.
    pub fn writes(&self) -> Vec<SeenRequest> {
        self.requests()
            .into_iter()
            .filter(|r| {
                r.server == Server::Api
                    && r.path_and_query.starts_with("/api/")
                    && ["POST", "PUT", "PATCH", "DELETE"].contains(&r.method.as_str())
            })
            .collect()
    }

    /// The portal's API, behind the CORS policy DocSpace ships (`*`, no credentials).
    pub fn api_router(&self) -> Router {
        self.api_routes()
            .fallback(|| async { StatusCode::NOT_FOUND })
            .layer(middleware::from_fn_with_state(
                self.clone(),
                writes::maintenance,
            ))
            .layer(middleware::from_fn_with_state(self.clone(), spec::note))
            .layer(middleware::from_fn_with_state(self.clone(), cors))
            .layer(middleware::from_fn_with_state(
                (self.clone(), Server::Api),
                record,
            ))
            .with_state(self.clone())
    }

    fn api_routes(&self) -> Router<Demo> {
        let mut routes = Router::new();
        // Every backup operation under both prefixes (nginx maps /portal/ to /backup/).
        for prefix in ["/api/2.0/backup", "/api/2.0/portal"] {
            routes = routes
                .route(
                    &format!("{prefix}/startbackup"),
                    post(writes::start_backup_handler),
                )
                .route(
                    &format!("{prefix}/deletebackup/{{id}}"),
                    delete(writes::delete_backup_handler),
                )
                .route(
                    &format!("{prefix}/deletebackuphistory"),
                    delete(writes::delete_history_handler),
                )
                .route(
                    &format!("{prefix}/startrestore"),
                    post(writes::start_restore_handler),
                )
                .route(
                    &format!("{prefix}/getrestoreprogress"),
                    get(writes::restore_progress_handler),
                );
        }
        routes
            .route("/api/2.0/backup/getbackuphistory", get(history_handler))
            .route("/api/2.0/portal/getbackuphistory", get(history_handler))
            .route("/api/2.0/backup/getbackupschedule", get(schedule_handler))
            .route("/api/2.0/portal/getbackupschedule", get(schedule_handler))
            .route("/api/2.0/backup/getbackupprogress", get(progress_handler))
            .route("/api/2.0/portal/getbackupprogress", get(progress_handler))
            .route("/api/2.0/settings", get(settings_handler))
            .route(PLUGIN_HOST_PATH, get(plugin_host))
            .route("/demo-plugin.js", get(built_plugin))
    }

    /// The portal as a self-hosted admin runs it with the page behind the same nginx: the API
    /// and `dist/` under [`SAME_ORIGIN_PATH`] on one origin. Its requests are logged as
    /// [`Server::Api`].
    pub fn site_router(&self, dist: PathBuf) -> Router {
        self.api_routes()
            .route(SIGN_IN_PATH, get(sign_in))
            .nest_service(SAME_ORIGIN_PATH, static_dist(dist))
            .fallback(|| async { StatusCode::NOT_FOUND })
            .layer(middleware::from_fn_with_state(
                self.clone(),
                writes::maintenance,
            ))
            .layer(middleware::from_fn_with_state(self.clone(), spec::note))
            .layer(middleware::from_fn_with_state(self.clone(), cors))
            .layer(middleware::from_fn_with_state(SAME_ORIGIN_PATH, add_slash))
            .layer(middleware::from_fn_with_state(
                (self.clone(), Server::Api),
                record,
            ))
            .with_state(self.clone())
    }

    /// Serves a built `dist/` folder, logging its requests beside the API's.
    /// The page is served at `/` and, as GitHub Pages serves a project site, under
    /// [`PAGES_PATH`] (`/docspace-backups` redirects to `/docspace-backups/`).
    pub fn page_router(&self, dist: PathBuf) -> Router {
        Router::new()
            .nest_service(PAGES_PATH, static_dist(dist.clone()))
            .fallback_service(static_dist(dist))
            .layer(middleware::from_fn_with_state(PAGES_PATH, add_slash))
            .layer(middleware::from_fn_with_state(
                (self.clone(), Server::Page),
                record,
            ))
    }
}

/// The running situation's backup task: when its first progress request came, and whether the
/// completed progress has been answered (after which nothing runs).
#[derive(Debug, Default)]
struct RunningBackup {
    started: Option<Instant>,
    completion_answered: bool,
}

/// DocSpace's success envelope around `response`, which is left out when `None` (null
/// properties are not written). `count` is the length of a list, 1 for any other value and 0
/// without one (read in DocSpace-server's `SuccessApiResponse`); `links` holds the request.
pub fn envelope(response: Option<serde_json::Value>, path_and_query: &str) -> String {
    envelope_for("GET", response, path_and_query)
}

/// [`envelope`] of a request of another method: `links[0].action` is the request's method.
pub fn envelope_for(
    method: &str,
    response: Option<serde_json::Value>,
    path_and_query: &str,
) -> String {
    let count = match &response {
        None => 0,
        Some(serde_json::Value::Array(list)) => list.len(),
        Some(_) => 1,
    };
    let mut body = serde_json::Map::new();
    if let Some(response) = response {
        body.insert("response".into(), response);
    }
    body.insert("count".into(), json!(count));
    body.insert(
        "links".into(),
        json!([{"href": format!("http://demo.invalid{path_and_query}"), "action": method}]),
    );
    body.insert("status".into(), json!(0));
    body.insert("statusCode".into(), json!(200));
    serde_json::Value::Object(body).to_string()
}

async fn plugin_host() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        include_str!("plugin-host.html"),
    )
        .into_response()
}

/// The built DocSpace plugin (`node plugin/scripts/build.mjs`), for the host page's
/// `?plugin=real`.
async fn built_plugin() -> Response {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../plugin/dist/plugin.js");
    match tokio::fs::read_to_string(path).await {
        Ok(js) => ([(header::CONTENT_TYPE, "text/javascript")], js).into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "plugin/dist/plugin.js is not built").into_response(),
    }
}

async fn sign_in(headers: HeaderMap) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(
            header::SET_COOKIE,
            format!("{SESSION_COOKIE}={DEMO_SESSION}; Path=/; HttpOnly; SameSite=Lax"),
        )
        .header(
            header::LOCATION,
            format!("{SAME_ORIGIN_PATH}/?portal=http://{host}"),
        )
        .body(Body::empty())
        .unwrap_or_default()
}

/// `/prefix` → `/prefix/` (keeping the query), as GitHub Pages and nginx answer a folder
/// without its slash: the page's relative file names must resolve inside the folder.
async fn add_slash(State(prefix): State<&'static str>, req: Request, next: Next) -> Response {
    if req.uri().path() == prefix {
        let query = req
            .uri()
            .query()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        return axum::response::Redirect::permanent(&format!("{prefix}/{query}")).into_response();
    }
    next.run(req).await
}

/// `dist/`, never cached, so a rebuild shows at once.
fn static_dist(dist: PathBuf) -> Router {
    Router::new()
        .fallback_service(ServeDir::new(dist).append_index_html_on_directories(true))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// Binds `addr` (port 0 for any free port) and serves `router` in the background.
pub async fn spawn(addr: &str, router: Router) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Ok(local)
}

async fn record(
    State((demo, server)): State<(Demo, Server)>,
    req: Request,
    next: Next,
) -> Response {
    let mut seen = seen_request(server, &req);
    let req = if server == Server::Api && is_write(req.method()) {
        // Read whole, kept as text, and handed on unchanged.
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, WRITE_BODY_LIMIT)
            .await
            .unwrap_or_default();
        seen.body = Some(String::from_utf8_lossy(&bytes).into_owned());
        Request::from_parts(parts, Body::from(bytes))
    } else {
        req
    };
    if let Ok(mut log) = demo.seen.lock() {
        log.push(seen);
    }
    next.run(req).await
}

/// The most of a write's body the demo reads (the portal's writes carry a few hundred bytes).
const WRITE_BODY_LIMIT: usize = 1 << 20;

/// Whether a request of this method changes something (so its body is recorded).
fn is_write(method: &Method) -> bool {
    [Method::POST, Method::PUT, Method::PATCH, Method::DELETE].contains(method)
}

fn seen_request(server: Server, req: &Request) -> SeenRequest {
    let header_text = |name: header::HeaderName| {
        req.headers()
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    SeenRequest {
        server,
        method: req.method().to_string(),
        path_and_query: req
            .uri()
            .path_and_query()
            .map(|p| p.to_string())
            .unwrap_or_default(),
        authorization: header_text(header::AUTHORIZATION),
        origin: header_text(header::ORIGIN),
        cookie: header_text(header::COOKIE),
        referer: header_text(header::REFERER),
        body: None,
    }
}

/// ASP.NET's CORS middleware with DocSpace's default policy: any origin, any header, any method,
/// no credentials. A preflight is answered before authentication, and every answer (errors too)
/// carries `Access-Control-Allow-Origin: *`.
async fn cors(State(demo): State<Demo>, req: Request, next: Next) -> Response {
    if matches!(demo.behaviour().fault, Some(Fault::NoCors)) {
        return next.run(req).await;
    }
    if req.method() == Method::OPTIONS && req.headers().contains_key(header::ORIGIN) {
        let requested = req
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned()
            .unwrap_or_else(|| HeaderValue::from_static("*"));
        return Response::builder()
            .status(StatusCode::NO_CONTENT)
            .header(header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")
            .header(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                "GET,POST,PUT,DELETE,OPTIONS",
            )
            .header(header::ACCESS_CONTROL_ALLOW_HEADERS, requested)
            .header(header::ACCESS_CONTROL_MAX_AGE, "600")
            .body(Body::empty())
            .unwrap_or_default();
    }
    let mut response = next.run(req).await;
    if response.headers_mut().remove(WITHOUT_CORS).is_none() {
        response.headers_mut().insert(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        );
    }
    response
}

/// `Dump` as ASP.NET binds it: case-insensitive name, `true`/`false` in any case.
fn dump_param(query: Option<&str>) -> Result<bool, String> {
    let Some(query) = query else { return Ok(false) };
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k.eq_ignore_ascii_case("dump") {
            return match v.to_ascii_lowercase().as_str() {
                "true" => Ok(true),
                "false" | "" => Ok(false),
                _ => Err(format!("The value '{v}' is not valid for Dump.")),
            };
        }
    }
    Ok(false)
}

fn fault_response(fault: Fault) -> Response {
    match fault {
        Fault::Envelope(status, message) => error_envelope(status, message, "System.Exception"),
        Fault::Bare(status) => status.into_response(),
        Fault::GatewayPage { status, cors } => {
            let reason = status.canonical_reason().unwrap_or("Error");
            let page = format!(
                "<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                code = status.as_u16()
            );
            let mut response =
                (status, [(header::CONTENT_TYPE, "text/html")], page).into_response();
            if !cors {
                response
                    .headers_mut()
                    .insert(WITHOUT_CORS, HeaderValue::from_static("1"));
            }
            response
        }
        Fault::Ok200(body) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response(),
        // Handled by the CORS layer; the answer itself is the normal one.
        Fault::NoCors => StatusCode::OK.into_response(),
        Fault::CutMidBody => {
            // Headers and a first chunk go out; a moment later the connection drops.
            let steps = futures_util::stream::unfold(0u8, |step| async move {
                match step {
                    0 => Some((Ok(&br#"{"response":[{"id":"3f2c1a9e","#[..]), 1)),
                    1 => {
                        tokio::time::sleep(Duration::from_millis(300)).await;
                        let cut = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "cut");
                        Some((Err(cut), 2))
                    }
                    _ => None,
                }
            });
            Response::builder()
                .status(StatusCode::OK)
                .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
                .header(header::CONTENT_LENGTH, "100000")
                .body(Body::from_stream(steps))
                .unwrap_or_default()
        }
    }
}

fn error_envelope(status: StatusCode, message: &str, kind: &str) -> Response {
    error_envelope_with(status, message, kind, -2146233078)
}

/// [`error_envelope`] with the exception's HRESULT.
fn error_envelope_with(status: StatusCode, message: &str, kind: &str, hresult: i64) -> Response {
    let body = json!({
        "error": {"message": message, "type": kind, "stack": "", "hresult": hresult},
        "status": 1,
        "statusCode": status.as_u16(),
    });
    (
        status,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

async fn history_handler(
    State(demo): State<Demo>,
    headers: HeaderMap,
    req: Request,
) -> Result<Response, Refused> {
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // Delays come first, so a slow answer can be any answer (a 403 too).
    let behaviour = demo.behaviour();
    if let Some(delay) = behaviour.delay {
        if behaviour
            .delay_only_for
            .as_deref()
            .is_none_or(|t| t == auth)
        {
            tokio::time::sleep(delay).await;
        }
    }
    if let Some(hold) = &behaviour.hold {
        if behaviour
            .delay_only_for
            .as_deref()
            .is_none_or(|t| t == auth)
        {
            hold.wait().await;
        }
    }
    let token = admin(&headers)?;
    if let Some(fault) = behaviour.fault {
        return Ok(fault_response(fault));
    }
    let dump = dump_param(req.uri().query()).map_err(Refused::BadArgument)?;
    Ok(json_ok(demo.history_body_for(&token, dump)))
}

/// `GET …/getbackupschedule?Dump=`: the situation's schedule, or an envelope without
/// `response` when there is none.
async fn schedule_handler(
    State(demo): State<Demo>,
    headers: HeaderMap,
    req: Request,
) -> Result<Response, Refused> {
    let token = scheduler_admin(&headers)?;
    let dump = dump_param(req.uri().query()).map_err(Refused::BadArgument)?;
    Ok(json_ok(demo.schedule_body(&token, dump)))
}

/// `GET …/getbackupprogress?Dump=`: the running backup, or an envelope without `response`.
async fn progress_handler(
    State(demo): State<Demo>,
    headers: HeaderMap,
    req: Request,
) -> Result<Response, Refused> {
    let token = scheduler_admin(&headers)?;
    let dump = dump_param(req.uri().query()).map_err(Refused::BadArgument)?;
    Ok(json_ok(demo.progress_body(&token, dump)))
}

/// `GET /api/2.0/settings`: the portal's time zone and language, among others.
async fn settings_handler(
    State(demo): State<Demo>,
    headers: HeaderMap,
) -> Result<Response, Refused> {
    Ok(json_ok(demo.settings_body(&admin(&headers)?)))
}

/// Who calls, as DocSpace's authentication layer and permission check see it.
#[derive(Debug, PartialEq)]
enum Caller {
    /// The owner or an admin, with the `Authorization` value that selects the situation.
    Admin(String),
    /// A signed-in user who is no admin.
    User,
    /// No credentials the portal knows.
    Unknown,
}

fn caller(headers: &HeaderMap) -> Caller {
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // No Authorization header: the session cookie, as on the portal's own origin.
    let session = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|c| {
            c.split(';')
                .any(|kv| kv.trim() == format!("{SESSION_COOKIE}={DEMO_SESSION}"))
        });
    if auth.is_empty() && session {
        Caller::Admin(DEMO_TOKEN.to_owned())
    } else if auth == NON_ADMIN_TOKEN {
        Caller::User
    } else if auth == format!("Bearer {DEMO_API_KEY}")
        || auth == format!("Bearer {READ_ONLY_KEY}")
        || Situation::ALL.iter().any(|s| s.token() == auth)
    {
        Caller::Admin(auth.to_owned())
    } else {
        Caller::Unknown
    }
}

/// Why the portal refuses a request before the operation answers.
#[derive(Debug)]
enum Refused {
    /// Unknown credentials: the authentication layer answers before the API, a bare 401 (no
    /// envelope, no body).
    Unauthorized,
    /// A user who may not: the 403 envelope "Access denied".
    AccessDenied,
    /// A parameter ASP.NET cannot bind: the 400 envelope.
    BadArgument(String),
    /// A key without the scope the operation needs: ASP.NET's authorization forbids, a bare 403.
    Scope,
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::Unauthorized => StatusCode::UNAUTHORIZED.into_response(),
            Refused::AccessDenied => error_envelope(
                StatusCode::FORBIDDEN,
                "Access denied",
                "System.Security.SecurityException",
            ),
            Refused::BadArgument(message) => error_envelope(
                StatusCode::BAD_REQUEST,
                &message,
                "System.ArgumentException",
            ),
            Refused::Scope => StatusCode::FORBIDDEN.into_response(),
        }
    }
}

/// The admin's `Authorization` value (the one that selects the situation), or the refusal.
fn admin(headers: &HeaderMap) -> Result<String, Refused> {
    match caller(headers) {
        Caller::Admin(token) => Ok(token),
        Caller::User => Err(Refused::AccessDenied),
        Caller::Unknown => Err(Refused::Unauthorized),
    }
}

/// As [`admin`]; the schedule situation's key without the right scope is refused too.
fn scheduler_admin(headers: &HeaderMap) -> Result<String, Refused> {
    let token = admin(headers)?;
    if situation(&token).forbids_schedule() {
        return Err(Refused::AccessDenied);
    }
    Ok(token)
}

fn json_ok(body: String) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// One raw HTTP/1.1 exchange with the demo portal; returns the head and body as text.
    async fn exchange(demo: &Demo, request: &str) -> String {
        let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        answer.to_ascii_lowercase()
    }

    const GET: &str = "GET /api/2.0/backup/getbackuphistory?Dump=false HTTP/1.1\r\nHost: x\r\n\
        Origin: http://page\r\nAuthorization: demo-admin-token\r\nConnection: close\r\n\r\n";

    #[tokio::test]
    async fn answers_carry_cors_unless_a_fault_strips_it() {
        let demo = Demo::new(Utc::now());
        let ok = exchange(&demo, GET).await;
        assert!(ok.starts_with("http/1.1 200"), "{ok}");
        assert!(ok.contains("access-control-allow-origin: *"), "{ok}");

        demo.set_behaviour(Behaviour {
            fault: Some(Fault::GatewayPage {
                status: StatusCode::BAD_GATEWAY,
                cors: true,
            }),
            ..Behaviour::default()
        });
        let page = exchange(&demo, GET).await;
        assert!(
            page.starts_with("http/1.1 502") && page.contains("<center>nginx</center>"),
            "{page}"
        );
        assert!(page.contains("access-control-allow-origin: *"), "{page}");

        demo.set_behaviour(Behaviour {
            fault: Some(Fault::GatewayPage {
                status: StatusCode::BAD_GATEWAY,
                cors: false,
            }),
            ..Behaviour::default()
        });
        let bare = exchange(&demo, GET).await;
        assert!(bare.starts_with("http/1.1 502"), "{bare}");
        assert!(!bare.contains("access-control-allow-origin"), "{bare}");
    }

    #[tokio::test]
    async fn preflight_allows_the_requested_headers() {
        let demo = Demo::new(Utc::now());
        let answer = exchange(
            &demo,
            "OPTIONS /api/2.0/backup/getbackuphistory HTTP/1.1\r\nHost: x\r\nOrigin: http://page\r\n\
             Access-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: authorization\r\n\
             Connection: close\r\n\r\n",
        )
        .await;
        assert!(answer.starts_with("http/1.1 204"), "{answer}");
        assert!(
            answer.contains("access-control-allow-headers: authorization"),
            "{answer}"
        );
    }

    #[tokio::test]
    async fn a_held_answer_is_sent_on_release_or_reported_hung_up() {
        async fn until(what: &str, cond: impl Fn() -> bool) {
            for _ in 0..500 {
                if cond() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            panic!("gave up waiting for {what}");
        }
        let demo = Demo::new(Utc::now());
        let addr = spawn("127.0.0.1:0", demo.api_router()).await.unwrap();
        for hang_up in [true, false] {
            let hold = Hold::default();
            demo.set_behaviour(Behaviour {
                hold: Some(hold.clone()),
                ..Behaviour::default()
            });
            let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            stream.write_all(GET.as_bytes()).await.unwrap();
            until("the request", || hold.arrived()).await;
            tokio::time::sleep(Duration::from_millis(100)).await;
            assert_eq!(hold.outcome(), None, "not held");
            if hang_up {
                drop(stream);
                until("the hang-up", || hold.outcome().is_some()).await;
                assert_eq!(hold.outcome(), Some(Held::HungUp));
            } else {
                hold.release();
                let mut answer = String::new();
                stream.read_to_string(&mut answer).await.unwrap();
                assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
                assert_eq!(hold.outcome(), Some(Held::Sent));
            }
        }
    }

    #[test]
    fn dump_binds_like_aspnet() {
        assert_eq!(dump_param(None), Ok(false));
        assert_eq!(dump_param(Some("Dump=false")), Ok(false));
        assert_eq!(dump_param(Some("dump=True")), Ok(true));
        assert_eq!(dump_param(Some("x=1&DUMP=true")), Ok(true));
        assert!(dump_param(Some("Dump=yes")).is_err());
    }
}
