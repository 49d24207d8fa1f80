//! Finding backups: Search, "Sort by", storage chips and expiry chips. Every change goes into
//! the page's query string, so the view can be bookmarked and walked with back and forward.

use leptos::prelude::*;

use super::browser::set_query;
use crate::backup::view::{storage_counts, ExpiryFilter, Sort, ViewQuery, QUERY_KEYS};
use crate::backup::Storage;
use crate::state::{AppState, PAGE_SIZE};

/// Changes the view, resets the list to its first page and writes the query string.
fn change_view(state: AppState, push: bool, f: impl FnOnce(&mut ViewQuery)) {
    state.view.update(f);
    if state.shown.get_untracked() != PAGE_SIZE {
        state.shown.set(PAGE_SIZE);
    }
    let pairs = state.view.with_untracked(ViewQuery::to_query);
    set_query(&QUERY_KEYS, &pairs, push);
}

#[component]
pub fn FindBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let total = move || {
        state
            .loaded
            .with(|l| l.as_ref().map_or(0, |l| l.backups.len()))
    };
    let counts = Memo::new(move |_| {
        state.loaded.with(|l| {
            l.as_ref()
                .map(|l| storage_counts(&l.backups))
                .unwrap_or_default()
        })
    });
    let expiry_counts = Memo::new(move |_| {
        let now = state.now.get();
        state.loaded.with(|l| {
            l.as_ref().map_or((0, 0), |l| {
                let expired = l
                    .backups
                    .iter()
                    .filter(|b| b.expiry.is_expired(now))
                    .count();
                let never = l
                    .backups
                    .iter()
                    .filter(|b| b.expiry == crate::backup::Expiry::Never)
                    .count();
                (expired, never)
            })
        })
    });

    let storage_chip = move |storage: Storage, count: usize| {
        let on = move || state.view.with(|v| v.storages.contains(&storage));
        view! {
            <button
                type="button"
                class="chip"
                aria-pressed=move || on().to_string()
                on:click=move |_| change_view(state, true, |v| v.toggle_storage(storage))
            >
                {format!("{} ({count})", storage.label())}
            </button>
        }
    };
    let expiry_chip = move |filter: ExpiryFilter, label: &'static str, count: usize| {
        let on = move || state.view.with(|v| v.expiry == filter);
        view! {
            <button
                type="button"
                class="chip"
                aria-pressed=move || on().to_string()
                on:click=move |_| {
                    change_view(state, true, |v| {
                        v.expiry = if v.expiry == filter { ExpiryFilter::Any } else { filter };
                    })
                }
            >
                {format!("{label} ({count})")}
            </button>
        }
    };

    view! {
        <div class="find" role="search" aria-label="Find backups">
            <div class="find-row">
                <div class="field">
                    <label for="search">"Search"</label>
                    <input
                        id="search"
                        type="search"
                        autocomplete="off"
                        spellcheck="false"
                        placeholder="File name or backup ID"
                        prop:value=move || state.view.with(|v| v.search.clone())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            change_view(state, false, |v| v.search = text);
                        }
                    />
                </div>
                <div class="field">
                    <label for="sort">"Sort by"</label>
                    <select
                        id="sort"
                        on:change=move |ev| {
                            if let Some(sort) = Sort::from_key(&event_target_value(&ev)) {
                                change_view(state, true, |v| v.sort = sort);
                            }
                        }
                    >
                        {Sort::ALL
                            .into_iter()
                            .map(|sort| {
                                view! {
                                    <option
                                        value=sort.key()
                                        selected=move || state.view.with(|v| v.sort == sort)
                                    >
                                        {sort.label()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <div class="chips" role="group" aria-label="Storage type">
                {move || {
                    counts
                        .get()
                        .into_iter()
                        .map(|(storage, count)| storage_chip(storage, count))
                        .collect_view()
                }}
            </div>
            <div class="chips" role="group" aria-label="Expiry">
                {move || {
                    let (expired, never) = expiry_counts.get();
                    view! {
                        {expiry_chip(ExpiryFilter::Expired, "Expired", expired)}
                        {expiry_chip(ExpiryFilter::NeverExpires, "Does not expire", never)}
                    }
                }}
                <Show when=move || state.view.with(ViewQuery::narrows)>
                    <button
                        type="button"
                        class="secondary small"
                        on:click=move |_| {
                            change_view(state, true, |v| {
                                *v = ViewQuery { sort: v.sort, ..ViewQuery::default() };
                            })
                        }
                    >
                        "Clear filters"
                    </button>
                </Show>
            </div>
            <p class="shown-count" aria-live="polite">
                {move || {
                    let shown = state.visible.with(Vec::len);
                    let total = total();
                    if state.view.with(ViewQuery::narrows) {
                        format!("{shown} of {total} backups match.")
                    } else {
                        String::new()
                    }
                }}
            </p>
        </div>
    }
}
