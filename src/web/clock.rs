//! The browser's clock and the reader's offset from UTC.

use js_sys::Date;

use crate::backup::date::Timestamp;

/// Now, by the browser's clock.
pub fn now() -> Timestamp {
    Timestamp::from_millis(Date::now() as i64)
}

/// The reader's offset from UTC now, in minutes east (Moscow: 180).
pub fn offset_minutes() -> i32 {
    -(Date::new_0().get_timezone_offset() as i32)
}

/// The reader's offset from UTC at an instant, in minutes east (their own daylight saving).
pub fn offset_minutes_at(at: Timestamp) -> i32 {
    let date = Date::new(&wasm_bindgen::JsValue::from_f64(at.millis() as f64));
    -(date.get_timezone_offset() as i32)
}
