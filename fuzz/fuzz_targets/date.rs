//! Any text in a date field: the .NET date parser never panics, and what it reads prints.
#![no_main]

use docspace_backups::backup::date::DocDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(ts) = DocDate::parse(text).timestamp() {
        let _ = ts.to_iso_utc();
    }
});
