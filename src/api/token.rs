//! The Access token's rules: what could never be a header value is refused, and what the user
//! typed becomes the `Authorization` header DocSpace expects.

use std::fmt;

use super::url::Origin;

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
pub(crate) fn clean_token(token: &str) -> Result<&str, TokenError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::url::parse_portal_url;

    fn o(s: &str) -> Origin {
        parse_portal_url(s).unwrap()
    }

    #[test]
    fn api_keys_get_bearer_other_tokens_go_as_typed() {
        let p = o("portal.example.com");
        for (typed, sent) in [
            ("sk-abc", "Bearer sk-abc"),
            ("  sk-abc\t", "Bearer sk-abc"),
            ("Bearer eyJ.x.y", "Bearer eyJ.x.y"),
            ("Bearer sk-abc", "Bearer sk-abc"),
            ("ABCDEF==", "ABCDEF=="),
        ] {
            let header = authorization(typed, &p, "http://127.0.0.1:8080");
            assert_eq!(header, Ok(Some(sent.to_owned())), "{typed:?}");
        }
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
        for (typed, why) in [
            ("abc\r\nX-Evil: 1", TokenError::LineBreak),
            ("abc\ndef", TokenError::LineBreak),
            ("abc\u{200b}def", TokenError::Invisible),
            ("abc\u{0}def", TokenError::Invisible),
            ("tökén", TokenError::Invisible),
        ] {
            assert_eq!(authorization(typed, &p, ""), Err(why), "{typed:?}");
        }
    }
}
