//! Times in the reader's locale and time zone (`Intl.DateTimeFormat`), and in words relative to
//! now (`Intl.RelativeTimeFormat`). The numbers come from `backup`; only the words are made here.

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::backup::date::Timestamp;
use crate::backup::relative::relative;
use crate::backup::timeline::noon_of;
use crate::backup::zone::Zone;

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

#[wasm_bindgen]
extern "C" {
    /// `Intl.DateTimeFormat(locales, options)` (callable without `new`), its throw caught.
    #[wasm_bindgen(catch, js_namespace = Intl, js_name = DateTimeFormat)]
    fn checked_date_time_format(
        locales: &Array,
        options: &Object,
    ) -> Result<Intl::DateTimeFormat, JsValue>;
}

/// A time zone's rules through the browser's `Intl` (its copy of the IANA database): the
/// offset at an instant is read off the formatted `longOffset` ("GMT+01:00").
pub struct IntlZone(Function);

impl IntlZone {
    /// The zone named `id`, if this browser knows it (IANA ids; not Windows ones).
    pub fn new(id: &str) -> Option<IntlZone> {
        let opts = Object::new();
        for (k, v) in [("timeZone", id), ("timeZoneName", "longOffset")] {
            let _ = Reflect::set(&opts, &JsValue::from_str(k), &JsValue::from_str(v));
        }
        let locales = Array::of1(&JsValue::from_str("en-US"));
        // An unknown zone throws a RangeError, caught here rather than through the page.
        let format = checked_date_time_format(&locales, &opts).ok()?;
        Some(IntlZone(format.format()))
    }
}

impl Zone for IntlZone {
    fn offset_minutes(&self, at: Timestamp) -> i32 {
        let text = format_with(&self.0, at);
        text.rsplit_once("GMT")
            .and_then(|(_, offset)| gmt_offset_minutes(offset))
            .unwrap_or(0)
    }
}

/// "+01:00", "-03:30", "" (UTC itself) → minutes east.
fn gmt_offset_minutes(text: &str) -> Option<i32> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0);
    }
    let (sign, rest) = if let Some(rest) = text.strip_prefix('+') {
        (1, rest)
    } else if let Some(rest) = text.strip_prefix(['-', '\u{2212}']) {
        (-1, rest)
    } else {
        return None;
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    Some(sign * (h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?))
}

#[cfg(test)]
mod tests {
    use super::gmt_offset_minutes;

    #[test]
    fn long_offsets_as_intl_writes_them() {
        assert_eq!(gmt_offset_minutes(""), Some(0));
        assert_eq!(gmt_offset_minutes("+01:00"), Some(60));
        assert_eq!(gmt_offset_minutes("+05:45"), Some(345));
        assert_eq!(gmt_offset_minutes("-03:30"), Some(-210));
        assert_eq!(gmt_offset_minutes("\u{2212}10:00"), Some(-600));
        assert_eq!(gmt_offset_minutes("+14"), Some(840));
        assert_eq!(gmt_offset_minutes("CET"), None);
    }
}
