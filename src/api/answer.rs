//! Reading a whole answer, however it came: fetched by the page ([`super::client`]) or posted
//! by the DocSpace plugin ([`super::message`]). A 2xx must be a DocSpace backup history;
//! anything else is a failure with its status and the server's words.

use super::envelope::{parse_history, History};
use super::failure::Failure;

/// The history in an answer of `status` with `body`, or why there is none. `dump`: the
/// request asked for workspace dumps (a 403 then says why).
pub fn read_answer(status: u16, body: &str, dump: bool) -> Result<History, Failure> {
    if !(200..300).contains(&status) {
        return Err(Failure::from_http(status, body, dump));
    }
    parse_history(body).map_err(|why| Failure::NotHistory { status, why })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::envelope::NotHistory;

    #[test]
    fn a_2xx_with_a_history_is_read() {
        let h = read_answer(200, r#"{"response":[{"id":"a"}, 7]}"#, false).unwrap();
        assert_eq!((h.backups.len(), h.skipped), (1, 1));
        assert!(read_answer(204, r#"{"response":[]}"#, false).is_ok());
    }

    #[test]
    fn a_2xx_that_is_not_a_history_says_why() {
        assert_eq!(
            read_answer(200, "<html>sign in</html>", false),
            Err(Failure::NotHistory {
                status: 200,
                why: NotHistory::NotJson
            })
        );
    }

    #[test]
    fn any_other_status_is_a_failure_with_the_servers_words() {
        let body = r#"{"error":{"message":"Access denied"},"statusCode":403}"#;
        assert_eq!(
            read_answer(403, body, true),
            Err(Failure::from_http(403, body, true))
        );
        // A 3xx that reached the page is not a history either.
        assert!(matches!(
            read_answer(302, "", false),
            Err(Failure::Http { status: 302, .. })
        ));
    }
}
