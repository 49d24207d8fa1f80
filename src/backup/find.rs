//! Finding backups: the order, the search and the filters an admin picks, how they travel in
//! the page's query string, and which backups they leave on screen. Pure Rust.

use std::sync::Arc;

use super::date::Timestamp;
use super::{caseless, Backup, Expiry, Storage};

/// The order of the cards.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    #[default]
    Newest,
    Oldest,
    Name,
    Storage,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::Newest, Sort::Oldest, Sort::Name, Sort::Storage];

    /// Its value in the query string (`sort=oldest`).
    pub fn key(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
            Sort::Name => "name",
            Sort::Storage => "storage",
        }
    }

    /// Its words in the "Sort by" list.
    pub fn label(self) -> &'static str {
        match self {
            Sort::Newest => "Newest first",
            Sort::Oldest => "Oldest first",
            Sort::Name => "File name",
            Sort::Storage => "Storage type",
        }
    }

    pub fn from_key(key: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.key() == key)
    }
}

/// The expiry filters: at most one is on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExpiryFilter {
    #[default]
    Any,
    /// Only backups whose expiry has passed.
    Expired,
    /// Only backups that are kept until deleted.
    NeverExpires,
}

impl ExpiryFilter {
    fn key(self) -> Option<&'static str> {
        match self {
            ExpiryFilter::Any => None,
            ExpiryFilter::Expired => Some("expired"),
            ExpiryFilter::NeverExpires => Some("never"),
        }
    }

    fn admits(self, expiry: Expiry, now: Timestamp) -> bool {
        match self {
            ExpiryFilter::Any => true,
            ExpiryFilter::Expired => expiry.is_expired(now),
            ExpiryFilter::NeverExpires => expiry == Expiry::Never,
        }
    }

    /// How many of `backups` this filter leaves: the count on its chip.
    pub fn count(self, backups: &[Backup], now: Timestamp) -> usize {
        backups
            .iter()
            .filter(|b| self.admits(b.expiry, now))
            .count()
    }
}

/// Everything that decides which cards show, in which order. Kept in the query string, so a
/// view can be bookmarked, shared, and walked with back and forward. Never holds the token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewQuery {
    pub sort: Sort,
    /// What the Search box holds: part of a file name or an id, any case.
    pub search: String,
    /// The storage chips that are on; none on means every storage.
    pub storages: Vec<Storage>,
    pub expiry: ExpiryFilter,
}

/// The query-string names this module owns; every other parameter (`portal`, …) is left alone.
pub const QUERY_KEYS: [&str; 4] = ["sort", "q", "storage", "expiry"];

impl ViewQuery {
    /// Reads the view from query parameters (`get("sort")` …). Unknown values fall back to the
    /// default rather than failing: a hand-edited link still opens.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> ViewQuery {
        let storages = get("storage")
            .map(|s| {
                let mut list: Vec<Storage> = s
                    .split(',')
                    .filter_map(|code| match code.trim() {
                        "" => None,
                        "none" => Some(Storage::Missing),
                        n => n.parse().ok().map(Storage::Code),
                    })
                    .collect();
                list.sort_by_key(|s| storage_rank(*s));
                list.dedup();
                list
            })
            .unwrap_or_default();
        ViewQuery {
            sort: get("sort")
                .and_then(|s| Sort::from_key(&s))
                .unwrap_or_default(),
            search: get("q").unwrap_or_default(),
            storages,
            expiry: match get("expiry").as_deref() {
                Some("expired") => ExpiryFilter::Expired,
                Some("never") => ExpiryFilter::NeverExpires,
                _ => ExpiryFilter::Any,
            },
        }
    }

    /// The parameters this view sets, in a fixed order; defaults are left out, so the plain
    /// view keeps a plain address.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.sort != Sort::Newest {
            out.push(("sort", self.sort.key().to_owned()));
        }
        if !self.search.is_empty() {
            out.push(("q", self.search.clone()));
        }
        if !self.storages.is_empty() {
            let codes: Vec<String> = self
                .storages
                .iter()
                .map(|s| match s {
                    Storage::Code(n) => n.to_string(),
                    Storage::Missing => "none".to_owned(),
                })
                .collect();
            out.push(("storage", codes.join(",")));
        }
        if let Some(key) = self.expiry.key() {
            out.push(("expiry", key.to_owned()));
        }
        out
    }

    /// Turns one storage chip on or off.
    pub fn toggle_storage(&mut self, storage: Storage) {
        if let Some(at) = self.storages.iter().position(|s| *s == storage) {
            self.storages.remove(at);
        } else {
            self.storages.push(storage);
            self.storages.sort_by_key(|s| storage_rank(*s));
        }
    }

    /// Whether any filter narrows the list (the order alone does not).
    pub fn narrows(&self) -> bool {
        !self.search.trim().is_empty()
            || !self.storages.is_empty()
            || self.expiry != ExpiryFilter::Any
    }

    fn admits(&self, b: &Backup, needle: &str, now: Timestamp) -> bool {
        (self.storages.is_empty() || self.storages.contains(&b.storage))
            && self.expiry.admits(b.expiry, now)
            && (needle.is_empty()
                || contains_caseless(b.title(), needle)
                || contains_caseless(&b.id, needle))
    }

    /// The positions in `backups` (which are newest first) of the cards to show, in order.
    pub fn apply(&self, backups: &[Backup], now: Timestamp) -> Vec<usize> {
        let needle: String = self.search.trim().to_lowercase();
        let mut shown: Vec<usize> = (0..backups.len())
            .filter(|&i| self.admits(&backups[i], &needle, now))
            .collect();
        match self.sort {
            Sort::Newest => {}
            // Newest first reversed, except that unknown dates stay last.
            Sort::Oldest => {
                let known = shown
                    .iter()
                    .take_while(|&&i| backups[i].created.is_some())
                    .count();
                shown[..known].reverse();
            }
            // Stable sorts: ties keep the newest-first order.
            Sort::Name => shown
                .sort_by(|&a, &b| caseless(backups[a].title()).cmp(caseless(backups[b].title()))),
            Sort::Storage => shown.sort_by(|&a, &b| {
                storage_rank(backups[a].storage).cmp(&storage_rank(backups[b].storage))
            }),
        }
        shown
    }
}

/// The backups a view leaves, in screen order: the loaded list (shared, not copied) and the
/// positions in it of the cards to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visible {
    all: Arc<Vec<Backup>>,
    order: Vec<usize>,
}

impl ViewQuery {
    /// The backups of `all` (newest first) this view leaves, in its order.
    pub fn visible(&self, all: &Arc<Vec<Backup>>, now: Timestamp) -> Visible {
        Visible {
            order: self.apply(all, now),
            all: Arc::clone(all),
        }
    }
}

impl Visible {
    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The backup at position `pos` of the screen.
    pub fn get(&self, pos: usize) -> Option<&Backup> {
        self.order.get(pos).and_then(|&i| self.all.get(i))
    }

    /// In screen order.
    pub fn iter(&self) -> impl Iterator<Item = &Backup> {
        self.order.iter().filter_map(|&i| self.all.get(i))
    }
}

/// Storage types in their numeric order, unknown codes after, a missing type last.
pub fn storage_rank(s: Storage) -> (u8, i64) {
    match s {
        Storage::Code(n) if (0..=5).contains(&n) => (0, n),
        Storage::Code(n) => (1, n),
        Storage::Missing => (2, 0),
    }
}

/// `needle` must already be lower case.
fn contains_caseless(hay: &str, needle: &str) -> bool {
    if hay.is_ascii() && needle.is_ascii() {
        let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
        return needle.len() <= hay.len()
            && hay
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle));
    }
    hay.to_lowercase().contains(needle)
}

/// Each storage type in the list with its count, in [`storage_rank`] order.
pub fn storage_counts(backups: &[Backup]) -> Vec<(Storage, usize)> {
    let mut counts: Vec<(Storage, usize)> = Vec::new();
    for b in backups {
        match counts.iter_mut().find(|(s, _)| *s == b.storage) {
            Some((_, n)) => *n += 1,
            None => counts.push((b.storage, 1)),
        }
    }
    counts.sort_by_key(|(s, _)| storage_rank(*s));
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup::fixture::{backup, BackupBuilder};
    use crate::backup::sort_newest_first;

    /// A list as the server might send it, put in the page's base order (newest first).
    fn base_order(mut backups: Vec<Backup>) -> Vec<Backup> {
        sort_newest_first(&mut backups);
        backups
    }

    fn b(id: &str, name: &str, storage: i64) -> BackupBuilder {
        backup().id(id).name(name).storage(storage)
    }

    fn list() -> Vec<Backup> {
        base_order(vec![
            b("id-1", "beta.tar.gz", 5).created(3_000).build(),
            b("id-2", "Alpha.tar.gz", 0)
                .created(2_000)
                .expires(1_500)
                .build(),
            b("id-3", "gamma.tar.gz", 4)
                .created(4_000)
                .expires(9_000)
                .build(),
            b("id-4", "delta.tar.gz", 5).build(),
            b("ID-5", "épsilon.tar.gz", 3)
                .created(1_000)
                .expiry(Expiry::Unknown)
                .build(),
        ])
    }

    fn ids(list: &[Backup], shown: &[usize]) -> Vec<String> {
        shown.iter().map(|&i| list[i].id.clone()).collect()
    }

    const NOW: Timestamp = Timestamp::from_millis(5_000);

    #[test]
    fn every_order() {
        let l = list();
        let order = |sort| {
            ids(
                &l,
                &ViewQuery {
                    sort,
                    ..ViewQuery::default()
                }
                .apply(&l, NOW),
            )
        };
        assert_eq!(
            order(Sort::Newest),
            ["id-3", "id-1", "id-2", "ID-5", "id-4"]
        );
        assert_eq!(
            order(Sort::Oldest),
            ["ID-5", "id-2", "id-1", "id-3", "id-4"]
        );
        assert_eq!(order(Sort::Name), ["id-2", "id-1", "id-4", "id-3", "ID-5"]);
        assert_eq!(
            order(Sort::Storage),
            ["id-2", "ID-5", "id-3", "id-1", "id-4"]
        );
    }

    #[test]
    fn search_matches_names_and_ids_in_any_case() {
        let l = list();
        let find = |q: &str| {
            let v = ViewQuery {
                search: q.into(),
                ..ViewQuery::default()
            };
            ids(&l, &v.apply(&l, NOW))
        };
        assert_eq!(find("ALPHA"), ["id-2"]);
        assert_eq!(find(" id-5 "), ["ID-5"]);
        assert_eq!(find("ÉPS"), ["ID-5"]);
        assert_eq!(find("tar.gz").len(), 5);
        assert!(find("nothing like it").is_empty());
    }

    #[test]
    fn storage_and_expiry_filters() {
        let l = list();
        let mut v = ViewQuery::default();
        v.toggle_storage(Storage::Code(5));
        assert_eq!(ids(&l, &v.apply(&l, NOW)), ["id-1", "id-4"]);
        v.toggle_storage(Storage::Code(4));
        assert_eq!(ids(&l, &v.apply(&l, NOW)), ["id-3", "id-1", "id-4"]);
        v.toggle_storage(Storage::Code(5));
        assert_eq!(ids(&l, &v.apply(&l, NOW)), ["id-3"]);

        let expired = ViewQuery {
            expiry: ExpiryFilter::Expired,
            ..ViewQuery::default()
        };
        assert_eq!(ids(&l, &expired.apply(&l, NOW)), ["id-2"]);
        let never = ViewQuery {
            expiry: ExpiryFilter::NeverExpires,
            ..ViewQuery::default()
        };
        assert_eq!(ids(&l, &never.apply(&l, NOW)), ["id-1", "id-4"]);
    }

    #[test]
    fn the_query_string_round_trips_and_leaves_defaults_out() {
        assert!(ViewQuery::default().to_query().is_empty());
        let v = ViewQuery {
            sort: Sort::Name,
            search: "a&b=c".into(),
            storages: vec![Storage::Code(0), Storage::Code(5), Storage::Missing],
            expiry: ExpiryFilter::NeverExpires,
        };
        let pairs = v.to_query();
        let back = ViewQuery::from_query(|k| {
            pairs
                .iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(back, v);
        assert!(pairs.iter().all(|(k, _)| QUERY_KEYS.contains(k)));
    }

    #[test]
    fn odd_query_values_fall_back() {
        let v = ViewQuery::from_query(|k| match k {
            "sort" => Some("sideways".into()),
            "storage" => Some("5,,x,5,0".into()),
            "expiry" => Some("soon".into()),
            _ => None,
        });
        assert_eq!(v.sort, Sort::Newest);
        assert_eq!(v.storages, [Storage::Code(0), Storage::Code(5)]);
        assert_eq!(v.expiry, ExpiryFilter::Any);
    }

    #[test]
    fn the_visible_list_follows_the_order_and_shares_the_records() {
        let all = Arc::new(list());
        let v = ViewQuery {
            sort: Sort::Oldest,
            ..ViewQuery::default()
        }
        .visible(&all, NOW);
        let ids: Vec<&str> = v.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["ID-5", "id-2", "id-1", "id-3", "id-4"]);
        assert_eq!(
            (v.len(), v.get(1).map(|b| b.id.as_str())),
            (5, Some("id-2"))
        );
        assert!(v.get(5).is_none() && !v.is_empty());
        assert!(Visible::default().is_empty());
    }

    #[test]
    fn expiry_chips_count_what_their_filter_leaves() {
        let l = list();
        assert_eq!(ExpiryFilter::Expired.count(&l, NOW), 1);
        assert_eq!(ExpiryFilter::NeverExpires.count(&l, NOW), 2);
        assert_eq!(ExpiryFilter::Any.count(&l, NOW), 5);
        // The clock moves on: the second temporary backup expires too.
        assert_eq!(
            ExpiryFilter::Expired.count(&l, Timestamp::from_millis(9_000)),
            2
        );
    }

    #[test]
    fn counts_by_storage_in_type_order() {
        let counts = storage_counts(&list());
        assert_eq!(
            counts,
            [
                (Storage::Code(0), 1),
                (Storage::Code(3), 1),
                (Storage::Code(4), 1),
                (Storage::Code(5), 2)
            ]
        );
    }
}
