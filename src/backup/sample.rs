//! "Try with sample data": a realistic history made in the page, with no network, for a
//! visitor who has no portal at hand. Six weeks of nightly backups to Amazon S3 with two
//! missed nights, manual backups to a room and a server folder, temporary ones (one expired).

use super::date::{Timestamp, DAY_MS, HOUR_MS, MINUTE_MS};
use super::{Backup, Expiry, Storage};

/// The file name DocSpace gives a backup: `{alias}_{yyyy-MM-dd_HH-mm-ss}.tar.gz`.
fn file_name(made: Timestamp) -> String {
    // "2024-05-01T02:00:00Z" → "2024-05-01_02-00-00"
    let iso = Timestamp::from_millis(made.millis() - made.millis().rem_euclid(1_000)).to_iso_utc();
    let stamp: String = iso
        .trim_end_matches('Z')
        .chars()
        .map(|c| match c {
            'T' => '_',
            ':' => '-',
            c => c,
        })
        .collect();
    format!("example_{stamp}.tar.gz")
}

/// A GUID-shaped id (version 4, RFC 4122 variant), the same for the same seed: the one helper
/// for made-up ids, in the sample data and in tests.
pub fn guid(seed: u64) -> String {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5DEE_CE66_D1CE_4E5B;
    let mut next = || {
        x ^= x >> 31;
        x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 29;
        x
    };
    let (a, b) = (next(), next());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | ((b >> 48) & 0x3fff),
        b & 0xffff_ffff_ffff
    )
}

fn backup(seed: u64, made: i64, storage: i64, expiry: Expiry) -> Backup {
    let made = Timestamp::from_millis(made);
    Backup {
        id: guid(seed),
        file_name: Some(file_name(made)),
        storage: Storage::Code(storage),
        created: Some(Timestamp::from_millis(made.millis() + 3_000)),
        expiry,
    }
}

/// The sample history as of `now`, newest first.
pub fn history(now: Timestamp) -> Vec<Backup> {
    let now = now.millis();
    let midnight = now - now.rem_euclid(DAY_MS);
    // The nightly run at 02:00 UTC, today's if it has happened.
    let last_night = if now - midnight >= 2 * HOUR_MS {
        midnight + 2 * HOUR_MS
    } else {
        midnight - DAY_MS + 2 * HOUR_MS
    };
    let mut out = Vec::new();
    for night in 0..42i64 {
        if night == 12 || night == 13 {
            continue; // two missed nights: the timeline shows the gap
        }
        out.push(backup(
            night as u64,
            last_night - night * DAY_MS + (night * 7 % 40) * 1_000,
            5,
            Expiry::Never,
        ));
    }
    for (n, days_ago, storage) in [(0u64, 5i64, 0i64), (1, 19, 3), (2, 33, 0)] {
        let made = last_night - days_ago * DAY_MS + 9 * HOUR_MS + 41 * MINUTE_MS;
        out.push(backup(100 + n, made, storage, Expiry::Never));
    }
    // Temporary backups are kept for a day.
    for (n, hours_ago) in [(0u64, 4i64), (1, 31)] {
        let made = now - hours_ago * HOUR_MS - 17 * MINUTE_MS;
        let expires = Timestamp::from_millis(made + DAY_MS);
        out.push(backup(200 + n, made, 4, Expiry::At(expires)));
    }
    super::sort_newest_first(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_realistic_history() {
        // 2024-05-01T12:34:56Z
        let now = Timestamp::from_millis(1_714_566_896_000);
        let list = history(now);
        assert_eq!(list.len(), 40 + 3 + 2);
        assert_eq!(
            list[1].file_name.as_deref(),
            Some("example_2024-05-01_02-00-00.tar.gz")
        );
        let expired = list.iter().filter(|b| b.expiry.is_expired(now)).count();
        assert_eq!(expired, 1);
        let ids: std::collections::HashSet<&str> = list.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids.len(), list.len());
        assert!(list.iter().all(|b| b.created.is_some_and(|c| c <= now)));
    }

    #[test]
    fn guids_are_guid_shaped_and_stable() {
        let id = guid(7);
        assert_eq!(id, guid(7));
        assert_ne!(id, guid(8));
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
        assert_eq!(id.as_bytes()[14], b'4', "version 4: {id}");
        assert!(
            matches!(id.as_bytes()[19], b'8' | b'9' | b'a' | b'b'),
            "variant: {id}"
        );
    }
}
