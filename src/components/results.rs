//! The "Backups" region: status line, alert, and the list of cards.

use leptos::prelude::*;

use super::card::BackupCard;
use super::clock::local_date_time;
use crate::state::{AppState, PAGE_SIZE};

#[component]
pub fn Results() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_cards = move || {
        state
            .loaded
            .with(|l| l.as_ref().is_some_and(|l| !l.backups.is_empty()))
    };
    let stale_at = move || {
        state
            .loaded
            .with(|l| l.as_ref().filter(|l| l.stale).map(|l| l.loaded_at))
    };

    view! {
        <section class="results" aria-labelledby="results-title" aria-busy=move || state.loading.get().to_string()>
            <h2 id="results-title">"Backups"</h2>
            <p class="status" role="status">{move || state.status.get()}</p>
            <Show when=move || {
                !state.loading.get() && state.status.with(String::is_empty) && state.alert.with(Option::is_none)
            }>
                <p class="hint idle">
                    "Nothing loaded yet. Enter your portal's address and an access token, then press Show backups."
                </p>
            </Show>
            <div class="alert" role="alert" class:shown=move || state.alert.with(Option::is_some)>
                {move || state.alert.get()}
            </div>
            {move || {
                stale_at()
                    .map(|at| {
                        view! {
                            <p class="stale">
                                "Showing the backups loaded at "
                                <time datetime=at.to_iso_utc()>{local_date_time(at)}</time>
                                "; they may be out of date."
                            </p>
                        }
                    })
            }}
            <Show when=has_cards>
                <ul class="cards">
                    <For
                        each=move || {
                            state.loaded.with(|l| {
                                l.as_ref()
                                    .map(|l| {
                                        // Judged at load time: "Expired" is true of the data as loaded.
                                        let at = l.loaded_at;
                                        let shown = state.shown.get();
                                        l.backups
                                            .iter()
                                            .take(shown)
                                            .cloned()
                                            .enumerate()
                                            .map(|(i, b)| (i, b, at))
                                            .collect()
                                    })
                                    .unwrap_or_else(Vec::new)
                            })
                        }
                        key=|(i, b, at)| (*i, b.id.clone(), *at)
                        children=|(_, backup, now)| view! { <li><BackupCard backup now/></li> }
                    />
                </ul>
                <MoreCards/>
            </Show>
        </section>
    }
}

/// "Showing 100 of 115,000 backups" and a button that builds the next page of cards.
#[component]
fn MoreCards() -> impl IntoView {
    let state = expect_context::<AppState>();
    let total = move || {
        state
            .loaded
            .with(|l| l.as_ref().map_or(0, |l| l.backups.len()))
    };
    let shown = move || state.shown.get().min(total());
    view! {
        <Show when=move || { shown() < total() }>
            <p class="more">
                <span>{move || format!("Showing {} of {} backups.", shown(), total())}</span>
                " "
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| state.shown.update(|n| *n += PAGE_SIZE)
                >
                    {move || format!("Show {} more", PAGE_SIZE.min(total() - shown()))}
                </button>
            </p>
        </Show>
    }
}
