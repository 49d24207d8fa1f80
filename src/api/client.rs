//! The network calls, through the browser's `fetch` (gloo-net): the history, and beside it the
//! schedule, the progress and the portal's settings, each read by its own module.

use gloo_net::http::Request;
use web_sys::{AbortSignal, RequestCache, RequestCredentials};

use super::answer::read_answer;
use super::change::Change;
use super::envelope::History;
use super::failure::Failure;
use super::request::{HistoryRequest, HISTORY_PATH};

/// How a fetch ended when it did not produce what was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// Cancelled or superseded by the user: not a failure to report.
    Aborted,
    Failed(Failure),
}

/// A whole answer: its status and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// `GET {portal}{path}` (with `?Dump=` when `with_dump`), for the portal `req` names.
///
/// The token goes in the `Authorization` header to the portal's origin only. Cookies go
/// along only when the portal is this page's own origin (`credentials: same-origin`), and
/// nothing is cached (`cache: no-store`), so a reload always asks the server.
pub async fn fetch_answer(
    req: &HistoryRequest,
    path: &str,
    with_dump: bool,
    signal: Option<&AbortSignal>,
    page_origin: &str,
) -> Result<Answer, FetchError> {
    get(
        req,
        path,
        with_dump,
        req.authorization.as_deref(),
        signal,
        page_origin,
    )
    .await
}

/// The same without the token: `getrestoreprogress` is anonymous, and a restoring portal may
/// not know the token's session any more.
pub async fn fetch_anonymous(
    req: &HistoryRequest,
    path: &str,
    signal: Option<&AbortSignal>,
    page_origin: &str,
) -> Result<Answer, FetchError> {
    get(req, path, true, None, signal, page_origin).await
}

async fn get(
    req: &HistoryRequest,
    path: &str,
    with_dump: bool,
    auth: Option<&str>,
    signal: Option<&AbortSignal>,
    page_origin: &str,
) -> Result<Answer, FetchError> {
    // The query goes through `.query()`: gloo-net appends its own (possibly empty) query to a
    // URL that already has one, which would send `?Dump=false&`.
    let query = if with_dump { &req.query()[..] } else { &[] };
    let mut builder = Request::get(&req.endpoint_of(path))
        .query(query.iter().copied())
        .header("Accept", "application/json")
        .cache(RequestCache::NoStore)
        .credentials(RequestCredentials::SameOrigin)
        .abort_signal(signal);
    if let Some(auth) = auth {
        builder = builder.header("Authorization", auth);
    }
    answer(builder.build(), signal, page_origin).await
}

/// Sends a confirmed change (`POST`/`DELETE`) to the portal `req` names, with its token.
pub async fn send_change(
    req: &HistoryRequest,
    change: &Change,
    signal: Option<&AbortSignal>,
    page_origin: &str,
) -> Result<Answer, FetchError> {
    let url = req.endpoint_of(&change.path());
    let builder = match change.method() {
        "POST" => Request::post(&url),
        _ => Request::delete(&url),
    };
    let mut builder = builder
        .query(change.query())
        .header("Accept", "application/json")
        .cache(RequestCache::NoStore)
        .credentials(RequestCredentials::SameOrigin)
        .abort_signal(signal);
    if let Some(auth) = &req.authorization {
        builder = builder.header("Authorization", auth);
    }
    let request = match change.body() {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    };
    answer(request, signal, page_origin).await
}

/// Sends a built request and reads its whole answer.
async fn answer(
    request: Result<Request, gloo_net::Error>,
    signal: Option<&AbortSignal>,
    page_origin: &str,
) -> Result<Answer, FetchError> {
    let aborted = || signal.is_some_and(AbortSignal::aborted);
    let unreachable = || {
        FetchError::Failed(Failure::Unreachable {
            page_origin: page_origin.to_owned(),
        })
    };
    let response = match request.map_err(|_| unreachable())?.send().await {
        Ok(r) => r,
        Err(_) if aborted() => return Err(FetchError::Aborted),
        Err(_) => return Err(unreachable()),
    };
    let status = response.status();
    match response.text().await {
        Ok(body) => Ok(Answer { status, body }),
        Err(_) if aborted() => Err(FetchError::Aborted),
        Err(_) => Err(FetchError::Failed(Failure::BodyInterrupted { status })),
    }
}

/// `GET {portal}/api/2.0/backup/getbackuphistory?Dump=…`, parsed.
pub async fn fetch_history(
    req: &HistoryRequest,
    signal: Option<&AbortSignal>,
    page_origin: &str,
) -> Result<History, FetchError> {
    let answer = fetch_answer(req, HISTORY_PATH, true, signal, page_origin).await?;
    read_answer(answer.status, &answer.body, req.dump).map_err(FetchError::Failed)
}
