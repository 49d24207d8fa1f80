//! The one network call, through the browser's `fetch` (gloo-net).

use gloo_net::http::Request;
use web_sys::{AbortSignal, RequestCache, RequestCredentials};

use super::answer::read_answer;
use super::envelope::History;
use super::failure::Failure;
use super::request::HistoryRequest;

/// How a fetch ended when it did not produce a history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// Cancelled or superseded by the user: not a failure to report.
    Aborted,
    Failed(Failure),
}

/// `GET {portal}/api/2.0/backup/getbackuphistory?Dump=…`, parsed.
///
/// The token goes in the `Authorization` header to the portal's origin only. Cookies go
/// along only when the portal is this page's own origin (`credentials: same-origin`), and
/// nothing is cached (`cache: no-store`), so a reload always asks the server.
pub async fn fetch_history(
    req: &HistoryRequest,
    signal: Option<&AbortSignal>,
    page_origin: &str,
) -> Result<History, FetchError> {
    let aborted = || signal.is_some_and(AbortSignal::aborted);
    // The query goes through `.query()`: gloo-net appends its own (possibly empty) query to a
    // URL that already has one, which would send `?Dump=false&`.
    let mut builder = Request::get(&req.endpoint())
        .query(req.query())
        .header("Accept", "application/json")
        .cache(RequestCache::NoStore)
        .credentials(RequestCredentials::SameOrigin)
        .abort_signal(signal);
    if let Some(auth) = &req.authorization {
        builder = builder.header("Authorization", auth);
    }
    let response = match builder.send().await {
        Ok(r) => r,
        Err(_) if aborted() => return Err(FetchError::Aborted),
        Err(_) => {
            return Err(FetchError::Failed(Failure::Unreachable {
                page_origin: page_origin.to_owned(),
            }))
        }
    };
    let status = response.status();
    let body = match response.text().await {
        Ok(body) => body,
        Err(_) if aborted() => return Err(FetchError::Aborted),
        Err(_) => return Err(FetchError::Failed(Failure::BodyInterrupted { status })),
    };
    read_answer(status, &body, req.dump).map_err(FetchError::Failed)
}
