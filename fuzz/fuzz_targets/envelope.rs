//! Any body a portal could send: the history parser and the error-body reader never panic.
#![no_main]

use docspace_backups::api::error_body::{looks_like_html, server_message};
use docspace_backups::api::envelope::parse_history;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|body: &str| {
    if let Ok(history) = parse_history(body) {
        for b in &history.backups {
            let _ = (b.title(), b.storage.label(), b.created.map(|c| c.to_iso_utc()));
        }
    }
    let _ = server_message(body);
    let _ = looks_like_html(body);
});
