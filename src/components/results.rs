//! The "Backups" region: status line, alert, and the list of cards.

use leptos::prelude::*;

use super::card::BackupCard;
use super::clock::local_date_time;
use crate::state::AppState;

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
                                        l.backups.iter().cloned().enumerate().map(|(i, b)| (i, b, at)).collect()
                                    })
                                    .unwrap_or_else(Vec::new)
                            })
                        }
                        key=|(i, b, at)| (*i, b.id.clone(), *at)
                        children=|(_, backup, now)| view! { <li><BackupCard backup now/></li> }
                    />
                </ul>
            </Show>
        </section>
    }
}
