//! The browser's clock and the reader's locale and time zone (`Intl.DateTimeFormat`).

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::backup::date::Timestamp;

/// Now, by the browser's clock.
pub fn now() -> Timestamp {
    Timestamp::from_millis(Date::now() as i64)
}

thread_local! {
    /// One formatter for the page: building an `Intl.DateTimeFormat` per card would be wasteful.
    static DATE_TIME: Function = formatter(&[("dateStyle", "medium"), ("timeStyle", "short")]);
    static TIME: Function = formatter(&[("timeStyle", "short")]);
}

fn formatter(options: &[(&str, &str)]) -> Function {
    let opts = Object::new();
    for (k, v) in options {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&opts, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    // An empty locale list means the reader's own locale; no timeZone means theirs too.
    Intl::DateTimeFormat::new(&Array::new(), &opts).format()
}

fn format_with(f: &Function, ts: Timestamp) -> String {
    let date = Date::new(&JsValue::from_f64(ts.millis() as f64));
    f.call1(&JsValue::UNDEFINED, &date)
        .ok()
        .and_then(|v| v.as_string())
        // Out of Intl's range (±275,760 years): still say something true.
        .unwrap_or_else(|| ts.to_iso_utc())
}

/// Date and time of day, e.g. "1 May 2024, 12:20" in the reader's locale and zone.
pub fn local_date_time(ts: Timestamp) -> String {
    DATE_TIME.with(|f| format_with(f, ts))
}

/// Time of day only, e.g. "12:20".
pub fn local_time(ts: Timestamp) -> String {
    TIME.with(|f| format_with(f, ts))
}
