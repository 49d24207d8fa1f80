//! The dates DocSpace sends for backups: plain .NET `DateTime` values.
//!
//! Seen forms (see `shared/docspace-api.md`, "Dates"):
//! `2024-05-01T10:20:31` (no offset: UTC), up to 7 fractional digits,
//! a trailing `Z`, or an offset such as `+03:00`. `0001-01-01T00:00:00`
//! is .NET's minimum value and means "no date" (for expiry: never).
//!
//! Everything here is pure Rust, so it is tested natively and costs the
//! wasm no date library.

use std::fmt;

/// Lengths of time in milliseconds, the unit of [`Timestamp`].
pub const SECOND_MS: i64 = 1_000;
pub const MINUTE_MS: i64 = 60 * SECOND_MS;
pub const HOUR_MS: i64 = 60 * MINUTE_MS;
pub const DAY_MS: i64 = 24 * HOUR_MS;

/// A point in time, in milliseconds since the Unix epoch, UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(i64);

/// What a DocSpace date field turned out to hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocDate {
    /// A real instant.
    At(Timestamp),
    /// The .NET minimum date (`0001-01-01T00:00:00`): "no date".
    Min,
    /// Missing, null, or not a date this parser understands.
    Unknown,
}

impl DocDate {
    /// Reads one DocSpace date string. Never fails: what cannot be read is `Unknown`.
    pub fn parse(text: &str) -> Self {
        match parse_parts(text.trim()) {
            Some(parts) if parts.is_dotnet_min() => DocDate::Min,
            Some(parts) => DocDate::At(parts.to_timestamp()),
            None => DocDate::Unknown,
        }
    }

    pub fn timestamp(self) -> Option<Timestamp> {
        match self {
            DocDate::At(ts) => Some(ts),
            _ => None,
        }
    }
}

impl Timestamp {
    pub const fn from_millis(ms: i64) -> Self {
        Timestamp(ms)
    }

    pub const fn millis(self) -> i64 {
        self.0
    }

    /// The UTC ISO 8601 form, as a `<time datetime>` attribute wants it:
    /// `2024-05-01T10:20:31Z`, with `.123` milliseconds only when not zero.
    pub fn to_iso_utc(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ms = self.0.rem_euclid(1000);
        let secs = self.0.div_euclid(1000);
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            sod / 3600,
            (sod / 60) % 60,
            sod % 60
        )?;
        if ms != 0 {
            write!(f, ".{ms:03}")?;
        }
        f.write_str("Z")
    }
}

/// The fields of a date-time as written, before time-zone arithmetic.
#[derive(Debug, Clone, Copy)]
struct Parts {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    millis: u32,
    /// Minutes east of UTC; 0 when the text had no offset (UTC).
    offset_minutes: i32,
}

impl Parts {
    fn is_dotnet_min(&self) -> bool {
        // .NET's DateTime.MinValue; with an offset it is still "no date".
        self.year == 1 && self.month == 1 && self.day == 1
    }

    fn to_timestamp(self) -> Timestamp {
        let days = days_from_civil(self.year, self.month, self.day);
        let secs = days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(self.offset_minutes) * 60;
        Timestamp(secs * 1000 + i64::from(self.millis))
    }
}

/// A tiny cursor over ASCII bytes.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Exactly `n` ASCII digits as a number.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let slice = self.bytes.get(self.pos..self.pos + n)?;
        let mut v: u32 = 0;
        for &b in slice {
            if !b.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(b - b'0');
        }
        self.pos += n;
        Some(v)
    }

    fn done(&self) -> bool {
        self.pos == self.bytes.len()
    }
}

fn parse_parts(text: &str) -> Option<Parts> {
    let mut c = Cursor {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let year = c.digits(4)?;
    if !c.eat(b'-') {
        return None;
    }
    let month = c.digits(2)?;
    if !c.eat(b'-') {
        return None;
    }
    let day = c.digits(2)?;
    if !(c.eat(b'T') || c.eat(b't') || c.eat(b' ')) {
        return None;
    }
    let hour = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.digits(2)?;
    // Seconds are always sent, but a missing ":ss" is harmless to accept.
    let second = if c.eat(b':') { c.digits(2)? } else { 0 };

    let mut millis = 0;
    if c.eat(b'.') {
        // Up to 7 digits (.NET ticks); keep milliseconds, ignore the rest.
        let start = c.pos;
        while c.peek().is_some_and(|b| b.is_ascii_digit()) {
            c.pos += 1;
        }
        let frac = &text[start..c.pos];
        if frac.is_empty() || frac.len() > 9 {
            return None;
        }
        for (i, b) in frac.bytes().take(3).enumerate() {
            millis += u32::from(b - b'0') * 10u32.pow(2 - i as u32);
        }
    }

    let offset_minutes = match c.peek() {
        None => 0,
        Some(b'Z' | b'z') => {
            c.pos += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            c.pos += 1;
            let h = c.digits(2)?;
            c.eat(b':');
            let m = c.digits(2)?;
            if h > 14 || m > 59 {
                return None;
            }
            let total = (h * 60 + m) as i32;
            if sign == b'-' {
                -total
            } else {
                total
            }
        }
        Some(_) => return None,
    };
    if !c.done() {
        return None;
    }

    let valid = (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(i64::from(year), month)
        && hour <= 23
        && minute <= 59
        && second <= 59;
    valid.then_some(Parts {
        year: i64::from(year),
        month,
        day,
        hour,
        minute,
        second,
        millis,
        offset_minutes,
    })
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str) -> String {
        match DocDate::parse(text) {
            DocDate::At(ts) => ts.to_iso_utc(),
            other => format!("{other:?}"),
        }
    }

    /// Each text reads as the UTC instant beside it.
    fn reads_as(cases: &[(&str, &str)]) {
        for (text, utc) in cases {
            assert_eq!(iso(text), *utc, "{text:?}");
        }
    }

    #[test]
    fn no_offset_is_utc() {
        reads_as(&[("2024-05-01T10:20:31", "2024-05-01T10:20:31Z")]);
    }

    #[test]
    fn seven_fractional_digits_keep_milliseconds() {
        reads_as(&[
            ("2024-05-01T10:20:31.1234567", "2024-05-01T10:20:31.123Z"),
            ("2024-05-01T10:20:31.5", "2024-05-01T10:20:31.500Z"),
            ("2024-05-01T10:20:31.0000000", "2024-05-01T10:20:31Z"),
        ]);
    }

    #[test]
    fn z_suffix() {
        reads_as(&[("2024-05-01T10:20:31.123456Z", "2024-05-01T10:20:31.123Z")]);
    }

    #[test]
    fn positive_and_negative_offsets_convert_to_utc() {
        reads_as(&[
            ("2024-05-01T13:20:31.0000000+03:00", "2024-05-01T10:20:31Z"),
            ("2024-05-01T05:50:31-04:30", "2024-05-01T10:20:31Z"),
            // Crossing midnight and a month end.
            ("2024-03-01T01:00:00+02:00", "2024-02-29T23:00:00Z"),
            ("2024-05-01T10:20:31+0300", "2024-05-01T07:20:31Z"),
        ]);
    }

    #[test]
    fn the_dotnet_minimum_is_a_sentinel_not_a_date() {
        assert_eq!(DocDate::parse("0001-01-01T00:00:00"), DocDate::Min);
        assert_eq!(DocDate::parse("0001-01-01T00:00:00Z"), DocDate::Min);
        assert_eq!(
            DocDate::parse("0001-01-01T00:00:00.0000000+00:00"),
            DocDate::Min
        );
    }

    #[test]
    fn unreadable_text_is_unknown_never_a_panic() {
        for bad in [
            "",
            "yesterday",
            "2024-13-01T00:00:00",
            "2024-02-30T00:00:00",
            "2023-02-29T00:00:00",
            "2024-05-01T24:00:00",
            "2024-05-01T10:60:00",
            "2024-05-01",
            "2024-05-01T10:20:31+",
            "2024-05-01T10:20:31+15:00",
            "2024-05-01T10:20:31.",
            "2024-05-01T10:20:31.1234567890",
            "2024-05-01T10:20:31 extra",
            "٢٠٢٤-05-01T10:20:31",
            "2024-05-01T10:20:3é",
        ] {
            assert_eq!(DocDate::parse(bad), DocDate::Unknown, "{bad:?}");
        }
    }

    #[test]
    fn leap_day_and_surrounding_whitespace() {
        assert_eq!(iso(" 2024-02-29T00:00:00 "), "2024-02-29T00:00:00Z");
        assert_eq!(iso("2000-02-29 12:00:00"), "2000-02-29T12:00:00Z");
    }

    #[test]
    fn epoch_arithmetic_matches_known_instants() {
        let DocDate::At(ts) = DocDate::parse("1970-01-01T00:00:00Z") else {
            panic!("epoch did not parse")
        };
        assert_eq!(ts.millis(), 0);
        let DocDate::At(ts) = DocDate::parse("2024-05-01T10:20:31Z") else {
            panic!("date did not parse")
        };
        assert_eq!(ts.millis(), 1_714_558_831_000);
        let DocDate::At(ts) = DocDate::parse("1969-12-31T23:59:59.999Z") else {
            panic!("pre-epoch did not parse")
        };
        assert_eq!(ts.millis(), -1);
        assert_eq!(ts.to_iso_utc(), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn civil_round_trip_over_centuries() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }
}
