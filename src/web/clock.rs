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
