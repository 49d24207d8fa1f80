//! Reading DocSpace's error bodies: the server's own words, and whether an answer is an HTML
//! page (a proxy's) rather than DocSpace's JSON.

/// The longest server message the page repeats; a longer one is cut with an ellipsis.
const MAX_MESSAGE_CHARS: usize = 300;

/// The server's own words from an error body, if it has any:
/// `error.message` (DocSpace's envelope), else a top-level `message`, else ASP.NET's
/// problem-details `title`. Not JSON (an nginx page, an empty body): `None`.
pub fn server_message(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let text = [
        value.pointer("/error/message"),
        value.get("message"),
        value.get("title"),
        value.get("error"),
    ]
    .into_iter()
    .flatten()
    .find_map(|v| v.as_str())?;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return None;
    }
    Some(if text.chars().count() > MAX_MESSAGE_CHARS {
        let cut: String = text.chars().take(MAX_MESSAGE_CHARS).collect();
        format!("{cut}…")
    } else {
        text
    })
}

/// Whether a body looks like an HTML page (what nginx sends for 502/503/504).
pub fn looks_like_html(body: &str) -> bool {
    let head = body
        .trim_start()
        .get(..body.trim_start().len().min(64))
        .unwrap_or("");
    let head = head.to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with("<head")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_messages_from_every_error_shape() {
        let envelope = r#"{"error":{"message":"Access denied","type":"System.Security.SecurityException","stack":"…","hresult":-2146233078},"status":1,"statusCode":403}"#;
        assert_eq!(server_message(envelope).as_deref(), Some("Access denied"));
        assert_eq!(
            server_message(r#"{"message":"  Plan\n expired "}"#).as_deref(),
            Some("Plan expired")
        );
        assert_eq!(
            server_message(r#"{"type":"x","title":"Unauthorized","status":401}"#).as_deref(),
            Some("Unauthorized")
        );
        assert_eq!(
            server_message(r#"{"error":"invalid_token"}"#).as_deref(),
            Some("invalid_token")
        );
        assert_eq!(server_message(""), None);
        assert_eq!(
            server_message("<html><body>502 Bad Gateway</body></html>"),
            None
        );
        assert_eq!(server_message(r#"{"error":{"message":""}}"#), None);
        assert_eq!(server_message(r#"{"error":{"message":42}}"#), None);
        let long = format!(r#"{{"error":{{"message":"{}"}}}}"#, "é".repeat(1000));
        let cut = server_message(&long).unwrap();
        assert_eq!(cut.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn html_detection() {
        assert!(looks_like_html("\n<!DOCTYPE html>\n<html>"));
        assert!(looks_like_html(
            "<html><head><title>502 Bad Gateway</title>"
        ));
        assert!(!looks_like_html(r#"{"response":[]}"#));
        assert!(!looks_like_html(""));
        assert!(!looks_like_html("é"));
    }
}
