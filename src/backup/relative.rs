//! A time in words relative to now, as numbers: "3 hours ago" is `(-3, Hour)`. The browser puts
//! them into the reader's language (`Intl.RelativeTimeFormat`, in `web::intl`).

use super::date::{Timestamp, DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS};

/// A unit `Intl.RelativeTimeFormat` knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Month,
    Year,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Second => "second",
            Unit::Minute => "minute",
            Unit::Hour => "hour",
            Unit::Day => "day",
            Unit::Month => "month",
            Unit::Year => "year",
        }
    }
}

/// `then` relative to `now` as a whole number of the largest fitting unit, negative in the
/// past: 3 h 12 min ago is `(-3, Hour)`, in 5 h 59 min is `(5, Hour)`.
pub fn relative(then: Timestamp, now: Timestamp) -> (i64, Unit) {
    let delta = then.millis().saturating_sub(now.millis());
    let abs = delta.unsigned_abs();
    let under = |ms: i64| abs < ms as u64;
    let (size, unit) = if under(MINUTE_MS) {
        (SECOND_MS, Unit::Second)
    } else if under(HOUR_MS) {
        (MINUTE_MS, Unit::Minute)
    } else if under(DAY_MS) {
        (HOUR_MS, Unit::Hour)
    } else if under(30 * DAY_MS) {
        (DAY_MS, Unit::Day)
    } else if under(365 * DAY_MS) {
        (30 * DAY_MS, Unit::Month)
    } else {
        (365 * DAY_MS, Unit::Year)
    };
    (delta / size, unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ms: i64) -> Timestamp {
        Timestamp::from_millis(ms)
    }

    #[test]
    fn relative_times_in_whole_units() {
        let now = at(1_000 * DAY_MS);
        let rel = |d: i64| relative(at(now.millis() + d), now);
        assert_eq!(rel(-(3 * HOUR_MS + 12 * MINUTE_MS)), (-3, Unit::Hour));
        assert_eq!(rel(5 * HOUR_MS + 59 * MINUTE_MS), (5, Unit::Hour));
        assert_eq!(rel(-30_000), (-30, Unit::Second));
        assert_eq!(rel(0), (0, Unit::Second));
        assert_eq!(rel(-90 * MINUTE_MS / 60), (-1, Unit::Minute));
        assert_eq!(rel(-2 * DAY_MS), (-2, Unit::Day));
        assert_eq!(rel(-65 * DAY_MS), (-2, Unit::Month));
        assert_eq!(rel(-800 * DAY_MS), (-2, Unit::Year));
        assert_eq!(relative(at(i64::MIN), at(i64::MAX)).1, Unit::Year);
    }
}
