//! The form as typed, turned into the request or into field errors: the page's context, the
//! checks of both fields at once, and the request itself (rules of each field: [`super::url`],
//! [`super::token`]).

use std::fmt;

use super::token::{authorization, clean_token};
use super::url::{parse_portal_url, Origin, Scheme, UrlError};

/// The path of the one call this app makes.
pub const HISTORY_PATH: &str = "/api/2.0/backup/getbackuphistory";

/// Where the page itself runs; decides same-origin and mixed-content questions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageContext {
    /// `window.location.origin`, e.g. `https://example.github.io`.
    pub origin: String,
}

impl PageContext {
    fn is_https(&self) -> bool {
        self.origin.starts_with("https:")
    }
}

/// The form as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormInput {
    pub portal: String,
    pub token: String,
    pub dump: bool,
}

/// The errors to mark on the form; nothing is sent while any is set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors {
    pub portal: Option<String>,
    pub token: Option<String>,
}

/// A request ready to send. Its `Debug` hides the token, so it can never reach a log.
#[derive(Clone, PartialEq, Eq)]
pub struct HistoryRequest {
    pub origin: Origin,
    pub dump: bool,
    pub authorization: Option<String>,
}

impl fmt::Debug for HistoryRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HistoryRequest")
            .field("origin", &self.origin)
            .field("dump", &self.dump)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl HistoryRequest {
    /// The history's endpoint, without its query.
    pub fn endpoint(&self) -> String {
        self.endpoint_of(HISTORY_PATH)
    }

    /// Another endpoint of the same portal (the schedule, the settings).
    pub fn endpoint_of(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    /// The query's one parameter, as DocSpace names it.
    pub fn query(&self) -> [(&'static str, &'static str); 1] {
        [("Dump", if self.dump { "true" } else { "false" })]
    }

    /// The full URL, as sent.
    pub fn url(&self) -> String {
        let [(name, value)] = self.query();
        format!("{}?{name}={value}", self.endpoint())
    }
}

/// Checks the whole form. Both fields are checked, so every problem shows at once.
pub fn prepare(input: &FormInput, page: &PageContext) -> Result<HistoryRequest, FieldErrors> {
    let origin = parse_portal_url(&input.portal).and_then(|o| {
        if page.is_https() && o.scheme() == Scheme::Http && !o.is_loopback() {
            Err(UrlError::MixedContent)
        } else {
            Ok(o)
        }
    });
    let auth = match &origin {
        Ok(o) => authorization(&input.token, o, &page.origin).map_err(Some),
        // Without a portal, a malformed token is still reported; emptiness is judged later.
        Err(_) => Err(clean_token(&input.token).err()),
    };
    match (origin, auth) {
        (Ok(origin), Ok(authorization)) => Ok(HistoryRequest {
            origin,
            dump: input.dump,
            authorization,
        }),
        (origin, auth) => Err(FieldErrors {
            portal: origin.err().map(|e| e.to_string()),
            token: auth.err().flatten().map(|e| e.to_string()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::token::TokenError;

    /// `prepare` of the form as typed, on a page served from `page`.
    fn try_form(
        portal: &str,
        token: &str,
        dump: bool,
        page: &str,
    ) -> Result<HistoryRequest, FieldErrors> {
        let input = FormInput {
            portal: portal.into(),
            token: token.into(),
            dump,
        };
        prepare(
            &input,
            &PageContext {
                origin: page.into(),
            },
        )
    }

    const LOCAL_PAGE: &str = "http://127.0.0.1:8080";
    const PAGES: &str = "https://x.github.io";

    #[test]
    fn prepare_builds_the_request_url() {
        let req = try_form("http://127.0.0.1:8092/x", "t", false, LOCAL_PAGE).unwrap();
        assert_eq!(
            req.url(),
            "http://127.0.0.1:8092/api/2.0/backup/getbackuphistory?Dump=false"
        );
        let req = try_form("portal.example.com", "sk-1", true, PAGES).unwrap();
        assert_eq!(
            req.url(),
            "https://portal.example.com/api/2.0/backup/getbackuphistory?Dump=true"
        );
        assert_eq!(req.authorization.as_deref(), Some("Bearer sk-1"));
    }

    #[test]
    fn https_page_refuses_http_portal_but_not_loopback() {
        let errs = try_form("http://portal.example.com", "t", false, PAGES).unwrap_err();
        assert_eq!(errs.portal, Some(UrlError::MixedContent.to_string()));
        assert!(try_form("http://127.0.0.1:8092", "t", false, PAGES).is_ok());
        assert!(try_form("http://portal.example.com", "t", false, LOCAL_PAGE).is_ok());
    }

    #[test]
    fn both_fields_report_at_once() {
        let errs = try_form("ftp://x", "a\nb", false, LOCAL_PAGE).unwrap_err();
        assert!(errs.portal.is_some());
        assert_eq!(errs.token, Some(TokenError::LineBreak.to_string()));
        // An empty token is only judged once the portal is known.
        let errs = try_form("", "", false, LOCAL_PAGE).unwrap_err();
        assert_eq!(errs.portal, Some(UrlError::Empty.to_string()));
        assert_eq!(errs.token, None);
        let errs = try_form("portal.example.com", "", false, LOCAL_PAGE).unwrap_err();
        assert_eq!(errs.token, Some(TokenError::Required.to_string()));
    }

    #[test]
    fn debug_never_shows_the_token() {
        let req = try_form("portal.example.com", "sk-secret", false, "http://x").unwrap();
        let shown = format!("{req:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }
}
