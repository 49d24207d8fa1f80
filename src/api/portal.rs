//! What the user typed into the form, turned into a request or into field errors:
//! the token rules, the page's context, and the request itself.

use std::fmt;

pub use super::url::{parse_portal_url, Origin, Scheme, UrlError};

/// The path of the one call this app makes.
pub const HISTORY_PATH: &str = "/api/2.0/backup/getbackuphistory";

/// Why an Access token was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenError {
    /// Empty, and the portal is not this page's own origin (no session cookie goes along).
    Required,
    LineBreak,
    Invisible,
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenError::Required => "Enter an access token: an API key (sk-…) from DocSpace → Developer Tools, or a personal or OAuth token. Only a page served by the portal itself can go without one.",
            TokenError::LineBreak => "The token must be on one line. Paste it again without the line break.",
            TokenError::Invisible => "The token holds invisible or non-ASCII characters. Copy it again from DocSpace and paste it here.",
        })
    }
}

/// Trims the token and refuses what could never be a header value (or could inject one).
fn clean_token(token: &str) -> Result<&str, TokenError> {
    let token = token.trim();
    if token.contains(['\r', '\n']) {
        Err(TokenError::LineBreak)
    } else if token.chars().any(|c| !(' '..='~').contains(&c)) {
        Err(TokenError::Invisible)
    } else {
        Ok(token)
    }
}

/// The `Authorization` header value for what the user typed, or `None` to send none
/// (an empty token on the portal's own origin: the session cookie authenticates).
pub fn authorization(
    token: &str,
    portal: &Origin,
    page_origin: &str,
) -> Result<Option<String>, TokenError> {
    let token = clean_token(token)?;
    if token.is_empty() {
        return if portal.to_string() == page_origin {
            Ok(None)
        } else {
            Err(TokenError::Required)
        };
    }
    Ok(Some(if token.starts_with("sk-") {
        format!("Bearer {token}")
    } else {
        token.to_owned()
    }))
}

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
    /// The endpoint, without its query.
    pub fn endpoint(&self) -> String {
        format!("{}{HISTORY_PATH}", self.origin)
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

    fn o(s: &str) -> Origin {
        parse_portal_url(s).unwrap()
    }

    #[test]
    fn api_keys_get_bearer_other_tokens_go_as_typed() {
        let p = o("portal.example.com");
        let page = "http://127.0.0.1:8080";
        assert_eq!(
            authorization("sk-abc", &p, page),
            Ok(Some("Bearer sk-abc".into()))
        );
        assert_eq!(
            authorization("  sk-abc\t", &p, page),
            Ok(Some("Bearer sk-abc".into()))
        );
        assert_eq!(
            authorization("Bearer eyJ.x.y", &p, page),
            Ok(Some("Bearer eyJ.x.y".into()))
        );
        assert_eq!(
            authorization("Bearer sk-abc", &p, page),
            Ok(Some("Bearer sk-abc".into()))
        );
        assert_eq!(
            authorization("ABCDEF==", &p, page),
            Ok(Some("ABCDEF==".into()))
        );
    }

    #[test]
    fn empty_token_only_on_the_portals_own_origin() {
        let p = o("http://127.0.0.1:8092");
        assert_eq!(authorization("", &p, "http://127.0.0.1:8092"), Ok(None));
        assert_eq!(
            authorization("  ", &p, "http://127.0.0.1:8080"),
            Err(TokenError::Required)
        );
    }

    #[test]
    fn tokens_that_could_inject_headers_are_refused() {
        let p = o("portal.example.com");
        assert_eq!(
            authorization("abc\r\nX-Evil: 1", &p, ""),
            Err(TokenError::LineBreak)
        );
        assert_eq!(
            authorization("abc\ndef", &p, ""),
            Err(TokenError::LineBreak)
        );
        assert_eq!(
            authorization("abc\u{200b}def", &p, ""),
            Err(TokenError::Invisible)
        );
        assert_eq!(
            authorization("abc\u{0}def", &p, ""),
            Err(TokenError::Invisible)
        );
        assert_eq!(authorization("tökén", &p, ""), Err(TokenError::Invisible));
    }

    fn page(origin: &str) -> PageContext {
        PageContext {
            origin: origin.into(),
        }
    }

    fn input(portal: &str, token: &str, dump: bool) -> FormInput {
        FormInput {
            portal: portal.into(),
            token: token.into(),
            dump,
        }
    }

    #[test]
    fn prepare_builds_the_request_url() {
        let req = prepare(
            &input("http://127.0.0.1:8092/x", "t", false),
            &page("http://127.0.0.1:8080"),
        )
        .unwrap();
        assert_eq!(
            req.url(),
            "http://127.0.0.1:8092/api/2.0/backup/getbackuphistory?Dump=false"
        );
        let req = prepare(
            &input("portal.example.com", "sk-1", true),
            &page("https://x.github.io"),
        )
        .unwrap();
        assert_eq!(
            req.url(),
            "https://portal.example.com/api/2.0/backup/getbackuphistory?Dump=true"
        );
        assert_eq!(req.authorization.as_deref(), Some("Bearer sk-1"));
    }

    #[test]
    fn https_page_refuses_http_portal_but_not_loopback() {
        let errs = prepare(
            &input("http://portal.example.com", "t", false),
            &page("https://x.github.io"),
        )
        .unwrap_err();
        assert_eq!(errs.portal, Some(UrlError::MixedContent.to_string()));
        assert!(prepare(
            &input("http://127.0.0.1:8092", "t", false),
            &page("https://x.github.io")
        )
        .is_ok());
        assert!(prepare(
            &input("http://portal.example.com", "t", false),
            &page("http://127.0.0.1:8080")
        )
        .is_ok());
    }

    #[test]
    fn both_fields_report_at_once() {
        let errs = prepare(
            &input("ftp://x", "a\nb", false),
            &page("http://127.0.0.1:8080"),
        )
        .unwrap_err();
        assert!(errs.portal.is_some());
        assert_eq!(errs.token, Some(TokenError::LineBreak.to_string()));
        // An empty token is only judged once the portal is known.
        let errs = prepare(&input("", "", false), &page("http://127.0.0.1:8080")).unwrap_err();
        assert_eq!(errs.portal, Some(UrlError::Empty.to_string()));
        assert_eq!(errs.token, None);
        let errs = prepare(
            &input("portal.example.com", "", false),
            &page("http://127.0.0.1:8080"),
        )
        .unwrap_err();
        assert_eq!(errs.token, Some(TokenError::Required.to_string()));
    }

    #[test]
    fn debug_never_shows_the_token() {
        let req = prepare(
            &input("portal.example.com", "sk-secret", false),
            &page("http://x"),
        )
        .unwrap();
        let shown = format!("{req:?}");
        assert!(!shown.contains("secret"), "{shown}");
        assert!(shown.contains("<redacted>"));
    }
}
