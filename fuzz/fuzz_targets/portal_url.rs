//! Any text in the Portal URL field: never a panic, and an accepted URL is an http(s) origin
//! with no path, query, user or whitespace.
#![no_main]

use docspace_backups::api::url::parse_portal_url;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &str| {
    if let Ok(origin) = parse_portal_url(input) {
        let s = origin.to_string();
        assert!(s.starts_with("http://") || s.starts_with("https://"), "{s}");
        let rest = s.split_once("://").map(|(_, r)| r).unwrap_or_default();
        assert!(!rest.is_empty(), "no host in {s}");
        assert!(!rest.contains(['/', '?', '#', '@', ' ', '\t', '\n', '\r']), "{s}");
    }
});
