//! Every way a request can fail, and what the page says about it: the HTTP status,
//! the server's own message, and what the admin can do next.

use std::fmt;

use super::envelope::NotHistory;
use super::error_body::{looks_like_html, server_message};

/// A request that did not produce a backup history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// `fetch` itself failed: the host is unreachable, or the browser refused the answer
    /// because the portal's CORS policy does not allow this page's origin. Browsers do not
    /// say which, so the message names both.
    Unreachable { page_origin: String },
    /// The portal answered with a non-2xx status.
    Http {
        status: u16,
        server_message: Option<String>,
        html: bool,
        dump: bool,
    },
    /// A 2xx whose body is not a DocSpace backup history.
    NotHistory { status: u16, why: NotHistory },
    /// A 2xx whose body is not the schedule, progress or settings asked for.
    NotDocSpace { status: u16 },
    /// The body could not be read to its end (connection closed mid-body).
    BodyInterrupted { status: u16 },
    /// No answer within the page's time limit; the request was abandoned.
    TimedOut { seconds: u16 },
}

impl Failure {
    /// The failure in a few words, for a line beside the cards (the schedule, the progress)
    /// rather than the alert: the status and the server's own message, without advice.
    pub fn brief(&self) -> String {
        match self {
            Failure::Unreachable { .. } => "the portal could not be reached".into(),
            Failure::Http {
                status,
                server_message,
                ..
            } => match server_message {
                Some(msg) => format!("the portal answered {}: “{msg}”", status_words(*status)),
                None => format!("the portal answered {}", status_words(*status)),
            },
            Failure::NotHistory { status, .. } | Failure::NotDocSpace { status } => format!(
                "the portal answered {}, but not with DocSpace data",
                status_words(*status)
            ),
            Failure::BodyInterrupted { .. } => "the connection closed mid-answer".into(),
            Failure::TimedOut { seconds } => format!("no answer within {seconds} seconds"),
        }
    }

    /// Classifies a non-2xx answer from its status and body.
    pub fn from_http(status: u16, body: &str, dump: bool) -> Self {
        Failure::Http {
            status,
            server_message: server_message(body),
            html: looks_like_html(body),
            dump,
        }
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

pub(super) fn status_words(status: u16) -> String {
    match reason_phrase(status) {
        "" => format!("HTTP {status}"),
        phrase => format!("HTTP {status} {phrase}"),
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Unreachable { page_origin } => write!(
                f,
                "The portal could not be reached, or it refused requests from this page's origin ({page_origin}). \
                 Check the address and your network connection. If the portal is up, its CORS policy must allow {page_origin}; \
                 for an OAuth token, add {page_origin} to the OAuth app's allowed origins."
            ),
            Failure::Http {
                status,
                server_message,
                html,
                dump,
            } => {
                write!(f, "The portal answered {}", status_words(*status))?;
                match server_message {
                    Some(msg) => write!(f, ": “{msg}”. ")?,
                    None if *html => f.write_str(" with an error page instead of data. ")?,
                    None => f.write_str(". ")?,
                }
                f.write_str(&advice(*status, *dump))
            }
            Failure::NotHistory { status, why } => {
                write!(f, "The portal answered {}, but ", status_words(*status))?;
                f.write_str(match why {
                    NotHistory::NotJson => "not with DocSpace data (the answer is not JSON). ",
                    NotHistory::NoResponse => "its answer has no backup list in it. ",
                    NotHistory::ResponseNotList => "the backup list in its answer is not a list. ",
                })?;
                f.write_str(
                    "This does not look like a DocSpace portal's API: check that the address is the portal itself, \
                     not a sign-in page, a proxy or another site.",
                )
            }
            Failure::NotDocSpace { status } => write!(
                f,
                "The portal answered {}, but not with DocSpace data.",
                status_words(*status)
            ),
            Failure::TimedOut { seconds } => write!(
                f,
                "The portal did not answer within {seconds} seconds, so the page stopped waiting. \
                 It may be overloaded, or a proxy may be holding the request. Try again in a few minutes, \
                 or check that the portal opens in another tab."
            ),
            Failure::BodyInterrupted { status } => write!(
                f,
                "The portal answered {}, but the connection closed before the whole answer arrived. Try again; \
                 if it keeps happening, a proxy between you and the portal may be cutting large answers.",
                status_words(*status)
            ),
        }
    }
}

fn advice(status: u16, dump: bool) -> String {
    match status {
        400 => "The portal did not accept the request. Check the portal address; if it is right, this DocSpace version may expect a different request.".into(),
        401 => "The access token is wrong or has expired. Create a new one (an API key under DocSpace → Developer Tools, or a personal token) and paste it here.".into(),
        402 => "The portal's plan does not allow this now. The portal owner can check the plan under Payments in DocSpace.".into(),
        403 => {
            let mut s = String::from(
                "Only the portal owner or a DocSpace admin may list backups. Use a token of such an account; an API key also needs the *:read scope.",
            );
            if dump {
                s.push_str(" Workspace backups (database dump) are refused on ONLYOFFICE's cloud: clear that box and try again.");
            }
            s
        }
        404 => "There is no backup history at this address. Check the portal URL; a DocSpace older than the backup API does not have it.".into(),
        408 | 429 => "The portal is busy. Wait a minute and try again.".into(),
        500..=599 => "The portal or the gateway in front of it failed. Try again in a few minutes; if it persists, the server's administrator should check DocSpace's services and logs.".into(),
        _ => "Check the portal address and try again.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn says(f: &Failure, parts: &[&str]) {
        let text = f.to_string();
        for p in parts {
            assert!(text.contains(p), "{text:?} should contain {p:?}");
        }
    }

    #[test]
    fn forbidden_envelope_names_status_message_and_remedy() {
        let body = r#"{"error":{"message":"Access denied","type":"System.Security.SecurityException","stack":"","hresult":-2146233078},"status":1,"statusCode":403}"#;
        let f = Failure::from_http(403, body, false);
        says(
            &f,
            &[
                "403",
                "Forbidden",
                "“Access denied”",
                "owner or a DocSpace admin",
                "*:read",
            ],
        );
        assert!(!f.to_string().contains("database dump"));
        says(
            &Failure::from_http(403, body, true),
            &["database dump", "clear that box"],
        );
    }

    #[test]
    fn unauthorized_with_an_empty_body() {
        let f = Failure::from_http(401, "", false);
        says(
            &f,
            &[
                "401 Unauthorized",
                "wrong or has expired",
                "Developer Tools",
            ],
        );
    }

    #[test]
    fn bare_payment_required_and_bad_request() {
        says(
            &Failure::from_http(402, "Payment Required", false),
            &["402", "plan"],
        );
        says(
            &Failure::from_http(
                400,
                r#"{"error":{"message":"Value cannot be null"},"statusCode":400}"#,
                false,
            ),
            &["400 Bad Request", "“Value cannot be null”"],
        );
    }

    #[test]
    fn not_found_and_server_errors() {
        says(
            &Failure::from_http(404, "", false),
            &["404 Not Found", "Check the portal URL"],
        );
        says(
            &Failure::from_http(
                500,
                r#"{"error":{"message":"Object reference not set"},"status":1,"statusCode":500}"#,
                false,
            ),
            &[
                "500 Internal Server Error",
                "“Object reference not set”",
                "Try again",
            ],
        );
        let nginx = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
        says(
            &Failure::from_http(502, nginx, false),
            &["502 Bad Gateway", "error page", "gateway"],
        );
        says(
            &Failure::from_http(599, "", false),
            &["HTTP 599.", "gateway"],
        );
    }

    #[test]
    fn a_200_that_is_not_docspace() {
        let f = Failure::NotHistory {
            status: 200,
            why: NotHistory::NotJson,
        };
        says(&f, &["200", "not JSON", "not look like a DocSpace"]);
        let f = Failure::NotHistory {
            status: 200,
            why: NotHistory::NoResponse,
        };
        says(&f, &["no backup list"]);
    }

    #[test]
    fn a_timeout_says_how_long_it_waited() {
        says(
            &Failure::TimedOut { seconds: 30 },
            &["did not answer within 30 seconds", "Try again"],
        );
    }

    #[test]
    fn browser_level_failure_names_the_page_origin() {
        let f = Failure::Unreachable {
            page_origin: "https://example.github.io".into(),
        };
        says(
            &f,
            &[
                "could not be reached",
                "refused",
                "https://example.github.io",
                "CORS",
            ],
        );
    }
}
