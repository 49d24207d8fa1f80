//! The Portal URL rules of the UI contract: what the user typed, reduced to an http(s) origin.
//!
//! Implemented by hand on purpose: browsers' URL parsers accept far too much
//! (Chromium turns `https://not a url` into a host).

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// A portal's origin: scheme, host and (non-default) port. Always a valid http(s) origin.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    scheme: Scheme,
    /// Lower-cased; IPv6 literals keep their brackets.
    host: String,
    port: Option<u16>,
}

impl Origin {
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The host, lower-cased (IPv6 literals with their brackets).
    pub fn host(&self) -> &str {
        &self.host
    }

    /// localhost, `*.localhost`, 127.0.0.0/8 and [::1]: browsers treat these as secure
    /// contexts, so an https page may call them over http.
    pub fn is_loopback(&self) -> bool {
        let h = self.host.as_str();
        h == "localhost"
            || h.ends_with(".localhost")
            || h == "[::1]"
            || h.strip_prefix("127.")
                .is_some_and(|rest| rest.split('.').count() == 3)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme.as_str(), self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        Ok(())
    }
}

/// Why a Portal URL was refused; each says what to do in the field's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlError {
    Empty,
    Scheme(String),
    Credentials,
    NoHost,
    BadHost,
    BadPort,
    /// An https page cannot call an http portal (browsers block mixed content).
    MixedContent,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlError::Empty => f.write_str("Enter your portal's address, for example yourportal.onlyoffice.com."),
            UrlError::Scheme(s) => write!(
                f,
                "“{s}:” addresses cannot be used. Enter an http:// or https:// address, for example https://yourportal.onlyoffice.com."
            ),
            UrlError::Credentials => f.write_str(
                "Remove the user name or password from the address: put the access token in its own field.",
            ),
            UrlError::NoHost => f.write_str("The address has no host name. Enter it like yourportal.onlyoffice.com."),
            UrlError::BadHost => f.write_str(
                "This is not a valid host name: it may hold only letters, digits, dots and hyphens, with no spaces.",
            ),
            UrlError::BadPort => f.write_str("The port must be a number from 1 to 65535."),
            UrlError::MixedContent => f.write_str(
                "This page was loaded over https, so the browser will not let it call an http:// portal. Use the portal's https:// address.",
            ),
        }
    }
}

/// Reduces what the user typed to the portal's origin, or says why it cannot.
///
/// Accepts `portal.example.com`, `https://portal.example.com/`, `https://portal.example.com/some/page`,
/// `http://127.0.0.1:8092`. A bare host gets `https://`, except localhost, 127.0.0.1 and [::1].
pub fn parse_portal_url(input: &str) -> Result<Origin, UrlError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(UrlError::Empty);
    }
    let (scheme, rest) = split_scheme(text)?;
    let authority_end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    if authority.contains('@') {
        return Err(UrlError::Credentials);
    }
    if authority.is_empty() {
        return Err(UrlError::NoHost);
    }
    let (host, port) = split_host_port(authority)?;
    let host = normalise_host(host)?;
    let scheme = scheme.unwrap_or(
        if matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]") {
            Scheme::Http
        } else {
            Scheme::Https
        },
    );
    let port = port.filter(|&p| p != scheme.default_port());
    Ok(Origin { scheme, host, port })
}

fn is_scheme_token(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Splits off `scheme://`. `None` as the scheme means the user typed a bare host.
fn split_scheme(text: &str) -> Result<(Option<Scheme>, &str), UrlError> {
    if let Some(rest) = text.strip_prefix("//") {
        return Ok((None, rest));
    }
    let Some(colon) = text.find(':') else {
        return Ok((None, text));
    };
    let (before, after) = (&text[..colon], &text[colon + 1..]);
    if !is_scheme_token(before) {
        return Ok((None, text));
    }
    // `host:8080` and `host:8080/path` are a host and a port, not a scheme.
    let port_like = after
        .split(['/', '?', '#'])
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if port_like && !before.eq_ignore_ascii_case("http") && !before.eq_ignore_ascii_case("https") {
        return Ok((None, text));
    }
    let scheme = match before.to_ascii_lowercase().as_str() {
        "http" => Scheme::Http,
        "https" => Scheme::Https,
        other => return Err(UrlError::Scheme(other.to_owned())),
    };
    match after.strip_prefix("//") {
        Some(rest) => Ok((Some(scheme), rest)),
        None => Err(UrlError::NoHost),
    }
}

fn split_host_port(authority: &str) -> Result<(&str, Option<u16>), UrlError> {
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']').ok_or(UrlError::BadHost)?;
        let (host, after) = authority.split_at(close + 1);
        match after {
            "" => (host, None),
            _ => (
                host,
                Some(after.strip_prefix(':').ok_or(UrlError::BadHost)?),
            ),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port = match port {
        None | Some("") => None,
        Some(p) if p.bytes().all(|b| b.is_ascii_digit()) && p.len() <= 5 => {
            match p.parse::<u16>() {
                Ok(n) if n > 0 => Some(n),
                _ => return Err(UrlError::BadPort),
            }
        }
        Some(_) => return Err(UrlError::BadPort),
    };
    if host.is_empty() {
        return Err(UrlError::NoHost);
    }
    Ok((host, port))
}

fn normalise_host(host: &str) -> Result<String, UrlError> {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        let ok = inner.contains(':')
            && inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
        return if ok {
            Ok(format!("[{}]", inner.to_ascii_lowercase()))
        } else {
            Err(UrlError::BadHost)
        };
    }
    let host = host.strip_suffix('.').unwrap_or(host).to_lowercase();
    if host.is_empty() || host.len() > 253 {
        return Err(UrlError::BadHost);
    }
    let labels: Vec<&str> = host.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.chars().count() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    };
    if !labels.iter().all(label_ok) {
        return Err(UrlError::BadHost);
    }
    // All-numeric hosts must be a dotted IPv4 address; browsers would reinterpret anything else.
    if labels.iter().all(|l| l.bytes().all(|b| b.is_ascii_digit())) {
        let quad = labels.len() == 4
            && labels
                .iter()
                .all(|l| l.len() <= 3 && l.parse::<u8>().is_ok());
        if !quad {
            return Err(UrlError::BadHost);
        }
    }
    Ok(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> String {
        parse_portal_url(s)
            .map(|o| o.to_string())
            .unwrap_or_else(|e| format!("{e:?}"))
    }

    #[test]
    fn contract_examples_reduce_to_their_origin() {
        assert_eq!(origin("portal.example.com"), "https://portal.example.com");
        assert_eq!(
            origin("https://portal.example.com/"),
            "https://portal.example.com"
        );
        assert_eq!(
            origin("https://portal.example.com/some/page"),
            "https://portal.example.com"
        );
        assert_eq!(origin("http://127.0.0.1:8092"), "http://127.0.0.1:8092");
    }

    #[test]
    fn bare_loopback_hosts_get_http_others_https() {
        assert_eq!(origin("localhost:8092"), "http://localhost:8092");
        assert_eq!(origin("127.0.0.1"), "http://127.0.0.1");
        assert_eq!(origin("[::1]:8092"), "http://[::1]:8092");
        assert_eq!(origin("Portal.Example.COM."), "https://portal.example.com");
        assert_eq!(
            origin("portal.example.com:8443/x?y#z"),
            "https://portal.example.com:8443"
        );
        assert_eq!(
            origin("//portal.example.com/path"),
            "https://portal.example.com"
        );
    }

    #[test]
    fn default_ports_are_dropped_and_case_folded() {
        assert_eq!(
            origin("HTTPS://Portal.Example.com:443/"),
            "https://portal.example.com"
        );
        assert_eq!(
            origin("http://portal.example.com:80"),
            "http://portal.example.com"
        );
        assert_eq!(
            origin("http://portal.example.com:443"),
            "http://portal.example.com:443"
        );
        assert_eq!(
            origin("  https://portal.example.com  "),
            "https://portal.example.com"
        );
    }

    #[test]
    fn invalid_addresses_say_why() {
        let refused: [(UrlError, &[&str]); 4] = [
            (UrlError::Empty, &["", "   "]),
            (
                UrlError::NoHost,
                &["https://", "https:///path", "https:portal.example.com"],
            ),
            (
                UrlError::BadHost,
                &[
                    "https://not a url",
                    "portal example.com",
                    "https://por<tal>.com",
                    "https://-portal.com",
                    "https://a..b",
                    "https://999.1.1.1",
                    "https://12345",
                    "https://[zz::1]",
                ],
            ),
            (
                UrlError::BadPort,
                &[
                    "https://::1",
                    "https://portal.com:0",
                    "https://portal.com:65536",
                    "https://portal.com:8o",
                ],
            ),
        ];
        for (why, texts) in refused {
            for text in texts {
                assert_eq!(parse_portal_url(text), Err(why.clone()), "{text:?}");
            }
        }
    }

    #[test]
    fn only_http_and_https_schemes() {
        for (text, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("JavaScript://portal.com/%0aalert(1)", "javascript"),
            ("data:text/html,<b>x</b>", "data"),
            ("ftp://portal.example.com", "ftp"),
            ("file:///etc/passwd", "file"),
        ] {
            assert_eq!(
                parse_portal_url(text),
                Err(UrlError::Scheme(scheme.into())),
                "{text}"
            );
        }
    }

    #[test]
    fn credentials_in_the_url_are_refused() {
        assert_eq!(
            parse_portal_url("https://admin:pw@portal.com"),
            Err(UrlError::Credentials)
        );
        assert_eq!(
            parse_portal_url("admin@portal.com"),
            Err(UrlError::Credentials)
        );
        // An @ after the path is just part of the path, which is dropped.
        assert_eq!(origin("https://portal.com/a@b"), "https://portal.com");
    }

    #[test]
    fn international_host_names_are_kept_lower_cased() {
        assert_eq!(origin("Бэкап.рф"), "https://бэкап.рф");
        assert_eq!(origin("xn--80a.example"), "https://xn--80a.example");
    }
}
