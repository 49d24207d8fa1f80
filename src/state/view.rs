//! The view: the order, search and filters (mirrored in the query string), how many cards are
//! built, and the visible list they leave.

use std::sync::Arc;

use leptos::prelude::*;

use crate::backup::date::Timestamp;
use crate::backup::find::{ViewQuery, Visible, QUERY_KEYS};
use crate::backup::Backup;
use crate::web::address::set_query;

/// How many cards the list builds at first, and how many more each "Show more" adds: a
/// history of 100,000 backups must not build 100,000 cards' DOM at once.
pub const PAGE_SIZE: usize = 100;

#[derive(Clone, Copy)]
pub struct ViewState {
    query: RwSignal<ViewQuery>,
    /// How many of the visible cards the list builds (a multiple of [`PAGE_SIZE`]).
    shown: RwSignal<usize>,
    /// Memoised: a keystroke in Search filters once, whoever reads it.
    visible: Memo<Visible>,
}

impl ViewState {
    pub(super) fn new(
        query: ViewQuery,
        backups: Memo<Arc<Vec<Backup>>>,
        now: RwSignal<Timestamp>,
    ) -> Self {
        let query = RwSignal::new(query);
        let visible =
            Memo::new(move |_| backups.with(|all| query.with(|q| q.visible(all, now.get()))));
        ViewState {
            query,
            shown: RwSignal::new(PAGE_SIZE),
            visible,
        }
    }

    pub fn query(self) -> ReadSignal<ViewQuery> {
        self.query.read_only()
    }

    /// The backups the view leaves, in screen order.
    pub fn visible(self) -> Memo<Visible> {
        self.visible
    }

    /// How many of the visible cards are built (read in a reactive closure).
    pub fn shown(self) -> usize {
        self.shown.get().min(self.visible.with(Visible::len))
    }

    /// Changes the order, search or filters: back to the first page of cards, and the address
    /// says the new view. `push` adds a history entry (a chip, an order); typing replaces it.
    pub fn change(self, push: bool, f: impl FnOnce(&mut ViewQuery)) {
        self.query.update(f);
        self.first_page();
        let pairs = self.query.with_untracked(ViewQuery::to_query);
        set_query(&QUERY_KEYS, &pairs, push);
    }

    /// Back or forward reached another view: the address is the truth.
    pub fn follow_address(self, query: ViewQuery) {
        self.query.set(query);
        self.first_page();
    }

    /// "Show 100 more".
    pub fn show_more(self) {
        self.shown.update(|n| *n += PAGE_SIZE);
    }

    pub(super) fn first_page(self) {
        if self.shown.get_untracked() != PAGE_SIZE {
            self.shown.set(PAGE_SIZE);
        }
    }
}
