//! The "Backups" region: status line, alert, summary, find bar, actions and the list of cards.

use leptos::html;
use leptos::prelude::*;

use super::actions::Actions;
use super::card::BackupCard;
use super::clock::local_date_time;
use super::find::FindBar;
use super::overview::Overview;
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
    // After a load the reader asked for, focus goes to the results' heading: the status line
    // beneath it has said the outcome, and the list follows.
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move |seen: Option<u64>| {
        let n = state.focus_results.get();
        if seen.is_some_and(|s| s != n) {
            if let Some(h) = heading.get_untracked() {
                let _ = h.focus();
            }
        }
        n
    });

    view! {
        <section class="results" aria-labelledby="results-title" aria-busy=move || state.loading.get().to_string()>
            <h2 id="results-title" tabindex="-1" node_ref=heading>"Backups"</h2>
            <p class="status" role="status">{move || state.status.get()}</p>
            <Show when=move || {
                !state.loading.get() && state.status.with(String::is_empty) && state.alert.with(Option::is_none)
            }>
                <p class="hint idle">
                    "Nothing loaded yet. Enter your portal's address and an access token, then press Show backups. "
                    "No portal at hand? Try the sample data."
                </p>
            </Show>
            <Show when=move || { state.ignored.get() > 0 }>
                <p class="debug">
                    {move || {
                        let n = state.ignored.get();
                        format!(
                            "Ignored {n} message{} that did not come from the portal's plugin.",
                            if n == 1 { "" } else { "s" },
                        )
                    }}
                </p>
            </Show>
            <div class="alert" role="alert" class:shown=move || state.alert.with(Option::is_some)>
                {move || state.alert.get()}
            </div>
            <Show when=move || state.is_sample()>
                <p class="sample-note">
                    <strong>"Sample data"</strong>
                    ": made up in this page to show what it does; not from any portal."
                </p>
            </Show>
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
                <Overview/>
                <FindBar/>
                <Actions/>
                <Show
                    when=move || state.visible.with(|v| !v.is_empty())
                    fallback=|| view! { <p class="hint">"No backups match. Change the search or clear the filters."</p> }
                >
                    <ul class="cards">
                        // Keyed by position: a new search or order refills the same slots in
                        // place instead of tearing 100 cards down and building 100 new ones.
                        <For
                            each=move || 0..state.visible.with(Vec::len).min(state.shown.get())
                            key=|pos| *pos
                            // A screen reader says "item 1 of 115000", not "of 100".
                            children=move |pos| {
                                view! {
                                    <li
                                        aria-posinset=pos + 1
                                        aria-setsize=move || state.visible.with(Vec::len)
                                    >
                                        <CardSlot pos/>
                                    </li>
                                }
                            }
                        />
                    </ul>
                    <MoreCards/>
                </Show>
            </Show>
        </section>
    }
}

/// The card at position `pos` of the visible list. When the list changes, the slot's card
/// follows in place: the same elements get the new backup's text and attributes.
#[component]
fn CardSlot(pos: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let backup = Memo::new(move |_| {
        state
            .loaded
            .with(|l| {
                let l = l.as_ref()?;
                state
                    .visible
                    .with(|v| v.get(pos).and_then(|&i| l.backups.get(i).cloned()))
            })
            // Only for the moment between the list shrinking and this slot going away.
            .unwrap_or_default()
    });
    view! { <BackupCard backup/> }
}

/// "Showing 100 of 115000 backups." and a button that builds the next page of cards.
#[component]
fn MoreCards() -> impl IntoView {
    let state = expect_context::<AppState>();
    let total = move || state.visible.with(Vec::len);
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
