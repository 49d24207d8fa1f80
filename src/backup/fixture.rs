//! Backups for unit tests: one builder, so a test names only the fields it is about.

use super::date::Timestamp;
use super::sample::guid;
use super::{Backup, Expiry, Storage};

/// A record with nothing known (no id, no name, no storage, no dates, never expires), to be
/// filled in: `backup().id("a").name("x.tar.gz").created(1_000).build()`.
pub fn backup() -> BackupBuilder {
    BackupBuilder(Backup::default())
}

pub struct BackupBuilder(Backup);

impl BackupBuilder {
    pub fn id(mut self, id: &str) -> Self {
        self.0.id = id.to_owned();
        self
    }

    /// A GUID-shaped id, the same for the same seed (as the sample data's).
    pub fn guid(self, seed: u64) -> Self {
        self.id(&guid(seed))
    }

    pub fn name(mut self, name: &str) -> Self {
        self.0.file_name = Some(name.to_owned());
        self
    }

    pub fn storage(mut self, code: i64) -> Self {
        self.0.storage = Storage::Code(code);
        self
    }

    pub fn created(mut self, millis: i64) -> Self {
        self.0.created = Some(Timestamp::from_millis(millis));
        self
    }

    pub fn expiry(mut self, expiry: Expiry) -> Self {
        self.0.expiry = expiry;
        self
    }

    pub fn expires(self, millis: i64) -> Self {
        self.expiry(Expiry::At(Timestamp::from_millis(millis)))
    }

    pub fn build(self) -> Backup {
        self.0
    }
}
