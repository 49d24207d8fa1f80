//! Times in the reader's locale and time zone (`Intl.DateTimeFormat`), and in words relative to
//! now (`Intl.RelativeTimeFormat`). The numbers come from `backup`; only the words are made here.

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::backup::date::Timestamp;
use crate::backup::relative::relative;
use crate::backup::timeline::noon_of;

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

thread_local! {
    static RELATIVE: Option<Intl::RelativeTimeFormat> = {
        let opts = Object::new();
        let _ = Reflect::set(&opts, &JsValue::from_str("numeric"), &JsValue::from_str("auto"));
        Some(Intl::RelativeTimeFormat::new(&Array::new(), &opts))
    };
    static DAY: Function = formatter(&[("day", "numeric"), ("month", "short")]);
}

/// `then` in words relative to `now`, e.g. "3 hours ago", "in 5 hours", "yesterday".
pub fn relative_words(then: Timestamp, now: Timestamp) -> String {
    let (n, unit) = relative(then, now);
    RELATIVE.with(|f| {
        f.as_ref()
            .map(|f| String::from(f.format(n as f64, unit.as_str())))
            .unwrap_or_default()
    })
}

/// A day number of the reader's zone as a short date, e.g. "12 May".
pub fn local_day(day: i64, offset_minutes: i32) -> String {
    DAY.with(|f| format_with(f, noon_of(day, offset_minutes)))
}
