//! The visible list as CSV and as JSON, for a spreadsheet or a script: dates in UTC ISO 8601,
//! storage as DocSpace's number and in words.

use serde_json::{json, Value};

use super::date::Timestamp;
use super::{Backup, Expiry, Storage};

/// The two export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// Its name, as the status line says it ("Exported 3 backups as CSV").
    pub fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV",
            Format::Json => "JSON",
        }
    }

    /// The file's media type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Csv => "text/csv;charset=utf-8",
            Format::Json => "application/json",
        }
    }

    /// The visible list written in this format.
    pub fn write(self, backups: &[&Backup], now: Timestamp) -> String {
        match self {
            Format::Csv => to_csv(backups, now),
            Format::Json => to_json(backups, now),
        }
    }

    /// The file name: `backups-portal.example.com-2024-05-01.csv`, where the list came from and
    /// when. `loaded` is the portal's host (`None`: the sample data) and the time of the load;
    /// with nothing loaded, just `backups.csv`.
    pub fn file_name(self, loaded: Option<(Option<&str>, Timestamp)>) -> String {
        let extension = match self {
            Format::Csv => "csv",
            Format::Json => "json",
        };
        match loaded {
            Some((host, at)) => {
                let day: String = at.to_iso_utc().chars().take(10).collect();
                format!("backups-{}-{day}.{extension}", host.unwrap_or("sample"))
            }
            None => format!("backups.{extension}"),
        }
    }
}

const CSV_HEADER: &str = "id,fileName,storageType,storage,createdOn,expiresOn,expired";

/// RFC 4180 CSV with a header row and CRLF line ends. A value a spreadsheet would run as a
/// formula (it starts with `=`, `+`, `-`, `@`, a tab or CR) gets a leading `'`, so a hostile
/// file name cannot become one.
pub fn to_csv(backups: &[&Backup], now: Timestamp) -> String {
    let mut out = String::with_capacity(64 + backups.len() * 160);
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    for b in backups {
        let fields = [
            b.id.clone(),
            b.file_name.clone().unwrap_or_default(),
            storage_code(b.storage).map_or_else(String::new, |n| n.to_string()),
            b.storage.label(),
            iso(b.created),
            expiry_iso(b.expiry),
            b.expiry.is_expired(now).to_string(),
        ];
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_csv_field(&mut out, f);
        }
        out.push_str("\r\n");
    }
    out
}

fn push_csv_field(out: &mut String, value: &str) {
    let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let quote = formula || value.contains([',', '"', '\r', '\n']);
    if quote {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    for c in value.chars() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
    }
    if quote {
        out.push('"');
    }
}

/// A JSON array, one object per backup; `null` where the portal sent nothing readable.
pub fn to_json(backups: &[&Backup], now: Timestamp) -> String {
    let items: Vec<Value> = backups
        .iter()
        .map(|b| {
            json!({
                "id": b.id,
                "fileName": b.file_name,
                "storageType": storage_code(b.storage),
                "storage": b.storage.label(),
                "createdOn": b.created.map(Timestamp::to_iso_utc),
                "expiresOn": match b.expiry { Expiry::At(at) => Some(at.to_iso_utc()), _ => None },
                "doesNotExpire": b.expiry == Expiry::Never,
                "expired": b.expiry.is_expired(now),
            })
        })
        .collect();
    // Serialising a `Value` cannot fail.
    serde_json::to_string_pretty(&items).unwrap_or_default()
}

fn storage_code(s: Storage) -> Option<i64> {
    match s {
        Storage::Code(n) => Some(n),
        Storage::Missing => None,
    }
}

fn iso(ts: Option<Timestamp>) -> String {
    ts.map(Timestamp::to_iso_utc).unwrap_or_default()
}

fn expiry_iso(e: Expiry) -> String {
    match e {
        Expiry::At(at) => at.to_iso_utc(),
        Expiry::Never | Expiry::Unknown => String::new(),
    }
}

/// The IDs, one a line, for "Copy all visible IDs" (records without one are left out).
pub fn id_lines(backups: &[&Backup]) -> String {
    let ids: Vec<&str> = backups
        .iter()
        .map(|b| b.id.as_str())
        .filter(|id| !id.is_empty())
        .collect();
    ids.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::fixture::backup;

    fn sample() -> Vec<Backup> {
        vec![
            backup()
                .id("3f2c")
                .name("demo_2024-05-01.tar.gz")
                .storage(5)
                .created(1_714_558_831_000)
                .build(),
            backup()
                .name("=HYPERLINK(\"http://x\",\"a, b\")")
                .expires(1_000)
                .build(),
        ]
    }

    #[test]
    fn csv_has_a_header_and_quotes_what_needs_it() {
        let list = sample();
        let refs: Vec<&Backup> = list.iter().collect();
        let csv = to_csv(&refs, Timestamp::from_millis(2_000));
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], CSV_HEADER);
        assert_eq!(
            lines[1],
            "3f2c,demo_2024-05-01.tar.gz,5,Third-party storage,2024-05-01T10:20:31Z,,false"
        );
        assert_eq!(
            lines[2],
            r#","'=HYPERLINK(""http://x"",""a, b"")",,Unknown storage,,1970-01-01T00:00:01Z,true"#
        );
        assert_eq!(lines[3], "");
    }

    #[test]
    fn json_has_iso_dates_and_storage_in_numbers_and_words() {
        let list = sample();
        let refs: Vec<&Backup> = list.iter().collect();
        let v: Value =
            serde_json::from_str(&to_json(&refs, Timestamp::from_millis(2_000))).unwrap();
        assert_eq!(v[0]["storageType"], 5);
        assert_eq!(v[0]["storage"], "Third-party storage");
        assert_eq!(v[0]["createdOn"], "2024-05-01T10:20:31Z");
        assert_eq!(v[0]["expiresOn"], Value::Null);
        assert_eq!(v[0]["doesNotExpire"], true);
        assert_eq!(v[1]["storageType"], Value::Null);
        assert_eq!(v[1]["expired"], true);
        assert_eq!(v.as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn file_names_say_where_from_and_which_day() {
        let at = Timestamp::from_millis(1_714_558_831_000);
        assert_eq!(
            Format::Csv.file_name(Some((Some("portal.example.com"), at))),
            "backups-portal.example.com-2024-05-01.csv"
        );
        assert_eq!(
            Format::Json.file_name(Some((None, at))),
            "backups-sample-2024-05-01.json"
        );
        assert_eq!(Format::Csv.file_name(None), "backups.csv");
    }

    #[test]
    fn id_lines_skip_missing_ids() {
        let list = sample();
        let refs: Vec<&Backup> = list.iter().collect();
        assert_eq!(id_lines(&refs), "3f2c");
    }
}
