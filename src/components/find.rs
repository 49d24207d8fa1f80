//! Finding backups: Search, "Sort by", storage chips and expiry chips. Every change goes into
//! the page's query string, so the view can be bookmarked and walked with back and forward.

use leptos::prelude::*;

use crate::backup::find::{storage_counts, ExpiryFilter, Sort, ViewQuery, Visible};
use crate::backup::Storage;
use crate::state::AppState;

#[component]
pub fn FindBar() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (backups, view, query) = (state.load.backups(), state.view, state.view.query());
    let counts = Memo::new(move |_| backups.with(|b| storage_counts(b)));
    let expiry_counts = Memo::new(move |_| {
        let now = state.now();
        backups.with(|b| {
            (
                ExpiryFilter::Expired.count(b, now),
                ExpiryFilter::NeverExpires.count(b, now),
            )
        })
    });

    let storage_chip = move |storage: Storage, count: usize| {
        let on = move || query.with(|v| v.storages.contains(&storage));
        view! {
            <button
                type="button"
                class="chip"
                aria-pressed=move || on().to_string()
                on:click=move |_| view.change(true, |v| v.toggle_storage(storage))
            >
                {format!("{} ({count})", storage.label())}
            </button>
        }
    };
    let expiry_chip = move |filter: ExpiryFilter, label: &'static str, count: usize| {
        let on = move || query.with(|v| v.expiry == filter);
        view! {
            <button
                type="button"
                class="chip"
                aria-pressed=move || on().to_string()
                on:click=move |_| {
                    view.change(true, |v| {
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
                        prop:value=move || query.with(|v| v.search.clone())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            view.change(false, |v| v.search = text);
                        }
                    />
                </div>
                <div class="field">
                    <label for="sort">"Sort by"</label>
                    <select
                        id="sort"
                        on:change=move |ev| {
                            if let Some(sort) = Sort::from_key(&event_target_value(&ev)) {
                                view.change(true, |v| v.sort = sort);
                            }
                        }
                    >
                        {Sort::ALL
                            .into_iter()
                            .map(|sort| {
                                view! {
                                    <option
                                        value=sort.key()
                                        selected=move || query.with(|v| v.sort == sort)
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
                <Show when=move || query.with(ViewQuery::narrows)>
                    <button
                        type="button"
                        class="secondary small"
                        on:click=move |_| {
                            view.change(true, |v| {
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
                    let shown = view.visible().with(Visible::len);
                    let total = backups.with(|b| b.len());
                    if query.with(ViewQuery::narrows) {
                        format!("{shown} of {total} backups match.")
                    } else {
                        String::new()
                    }
                }}
            </p>
        </div>
    }
}
