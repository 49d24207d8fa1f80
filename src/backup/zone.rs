//! A time zone's rules as the schedule needs them: the offset at an instant ([`Zone`]), the
//! wall clock at an instant, and the instant a wall-clock time is due, across daylight-saving
//! gaps and overlaps. Pure Rust; the rules themselves come from the browser's `Intl` (the page)
//! or chrono-tz (the tests).

use super::date::{Timestamp, DAY_MS, MINUTE_MS};

/// A time zone's rules: its offset from UTC at any instant.
pub trait Zone {
    /// Minutes east of UTC at `at` (Berlin in summer: 120).
    fn offset_minutes(&self, at: Timestamp) -> i32;
}

/// A zone that never changes its offset (UTC, or a zone whose rules are not known: then only
/// today's offset is).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedOffset(pub i32);

impl Zone for FixedOffset {
    fn offset_minutes(&self, _: Timestamp) -> i32 {
        self.0
    }
}

/// The portal's wall clock at `at`, as milliseconds since 1970-01-01T00:00 on that clock.
pub fn wall_clock(at: Timestamp, zone: &dyn Zone) -> i64 {
    at.millis() + i64::from(zone.offset_minutes(at)) * MINUTE_MS
}

/// The first instant at which the zone's wall clock reads `wall` (milliseconds since
/// 1970-01-01T00:00 on that clock) or later: when a cron time is due.
pub fn first_instant_at(wall: i64, zone: &dyn Zone) -> Timestamp {
    let offset = |t: i64| i64::from(zone.offset_minutes(Timestamp::from_millis(t))) * MINUTE_MS;
    let local = |t: i64| t + offset(t);
    // A zone changes its offset at most once within a day either side.
    let (before, after) = (offset(wall - DAY_MS), offset(wall + DAY_MS));
    let fits = |o: i64| offset(wall - o) == o;
    match (fits(before), fits(after)) {
        // In an overlap the wall clock reads `wall` twice: the first time counts.
        (true, true) => Timestamp::from_millis((wall - before).min(wall - after)),
        (true, false) => Timestamp::from_millis(wall - before),
        (false, true) => Timestamp::from_millis(wall - after),
        // In a gap the clock jumps past `wall`: the run is due the moment it jumps. Offsets
        // change on whole minutes, so a search over minutes finds that moment exactly.
        (false, false) => {
            let (mut lo, mut hi) = (wall - before.max(after), wall - before.min(after));
            while hi - lo > MINUTE_MS {
                let mid = lo + (hi - lo) / MINUTE_MS / 2 * MINUTE_MS;
                if local(mid) >= wall {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            Timestamp::from_millis(hi)
        }
    }
}
