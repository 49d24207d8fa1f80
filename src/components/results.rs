//! The "Backups" region: status line, alert, summary, find bar, actions and the list of cards.

use leptos::html;
use leptos::prelude::*;

use super::actions::Actions;
use super::card::BackupCard;
use super::dialog::ChangeDialog;
use super::find::FindBar;
use super::overview::Overview;
use super::schedule::AutomaticBackups;
use crate::backup::find::Visible;
use crate::state::{AppState, Asking, Status, PAGE_SIZE};
use crate::web::document::focus_card;
use crate::web::intl::local_date_time;

#[component]
pub fn Results() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (load, visible) = (state.load, state.view.visible());
    // After a load the reader asked for, focus goes to the results' heading: the status line
    // beneath it has said the outcome, and the list follows.
    let heading = NodeRef::<html::H2>::new();
    Effect::new(move |seen: Option<u64>| {
        let n = load.finished_for_user();
        if seen.is_some_and(|s| s != n) {
            if let Some(h) = heading.get_untracked() {
                let _ = h.focus();
            }
        }
        n
    });
    let status = state.status;
    let alert = move || {
        load.alert()
            .or_else(|| state.changes.alert())
            .or_else(|| state.automatic.progress_error())
    };
    // A backup "Back up now" made: once the history has it, said and focused.
    Effect::new(move |_| {
        let made = load.backups().with(|b| state.changes.take_awaited(b));
        if let Some(made) = made {
            state
                .status
                .say(Status::BackupMade(made.title().to_owned()));
            request_animation_frame(move || focus_card(&made.id));
        }
    });

    view! {
        <section class="results" aria-labelledby="results-title" aria-busy=move || load.is_loading().to_string()>
            <h2 id="results-title" tabindex="-1" node_ref=heading>"Backups"</h2>
            <p class="status" role="status">{move || status.words()}</p>
            <Show when=move || { !load.is_loading() && status.is_idle() && alert().is_none() }>
                <p class="hint idle">
                    "Nothing loaded yet. Enter your portal's address and an access token, then press Show backups. "
                    "No portal at hand? Try the sample data."
                </p>
            </Show>
            <Show when=move || { load.ignored() > 0 }>
                <p class="debug">
                    {move || {
                        let n = load.ignored();
                        format!(
                            "Ignored {n} message{} that did not come from the portal's plugin.",
                            if n == 1 { "" } else { "s" },
                        )
                    }}
                </p>
            </Show>
            // One alert: the load's failure, or a backup that failed on the portal.
            <div class="alert" role="alert" class:shown=move || alert().is_some()>
                {alert}
            </div>
            <Show when=move || load.is_sample()>
                <p class="sample-note">
                    <strong>"Sample data"</strong>
                    ": made up in this page to show what it does; not from any portal."
                </p>
            </Show>
            {move || {
                load.stale_since()
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
            <AutomaticBackups/>
            <ChangeButtons/>
            <ChangeDialog/>
            <ChangeLog/>
            <Show when=move || load.has_cards()>
                <Overview/>
                <FindBar/>
                <Actions/>
                <Show
                    when=move || visible.with(|v| !v.is_empty())
                    fallback=|| view! { <p class="hint">"No backups match. Change the search or clear the filters."</p> }
                >
                    <ul class="cards">
                        // Keyed by position: a new search or order refills the same slots in
                        // place instead of tearing 100 cards down and building 100 new ones.
                        <For
                            each=move || 0..state.view.shown()
                            key=|pos| *pos
                            // A screen reader says "item 1 of 115000", not "of 100".
                            children=move |pos| {
                                view! {
                                    <li aria-posinset=pos + 1 aria-setsize=move || visible.with(Visible::len)>
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
    let visible = expect_context::<AppState>().view.visible();
    // The default only for the moment between the list shrinking and this slot going away.
    let backup = Memo::new(move |_| visible.with(|v| v.get(pos).cloned().unwrap_or_default()));
    view! { <BackupCard backup/> }
}

/// "Showing 100 of 115000 backups." and a button that builds the next page of cards.
#[component]
fn MoreCards() -> impl IntoView {
    let view = expect_context::<AppState>().view;
    let total = move || view.visible().with(Visible::len);
    let shown = move || view.shown();
    view! {
        <Show when=move || { shown() < total() }>
            <p class="more">
                <span>{move || format!("Showing {} of {} backups.", shown(), total())}</span>
                " "
                <button type="button" class="secondary" on:click=move |_| view.show_more()>
                    {move || format!("Show {} more", PAGE_SIZE.min(total() - shown()))}
                </button>
            </p>
        </Show>
    }
}

/// "Back up now" and "Delete all backups": each opens its dialog; nothing is sent from here.
#[component]
fn ChangeButtons() -> impl IntoView {
    let state = expect_context::<AppState>();
    view! {
        <Show when=move || state.can_change()>
            <div class="toolbar changes" role="group" aria-label="Change the portal's backups">
                <button type="button" class="secondary" on:click=move |_| state.ask(Asking::BackUpNow)>
                    "Back up now"
                </button>
                <button type="button" class="secondary danger-outline" on:click=move |_| state.ask(Asking::DeleteAll)>
                    "Delete all backups"
                </button>
            </div>
        </Show>
    }
}

/// "Changes made from this page": each change sent from this tab, its time and its outcome.
#[component]
fn ChangeLog() -> impl IntoView {
    let changes = expect_context::<AppState>().changes;
    move || {
        let log = changes.log();
        (!log.is_empty()).then(|| {
            view! {
                <section class="change-log" aria-labelledby="change-log-title">
                    <h3 id="change-log-title">"Changes made from this page"</h3>
                    <ol>
                        {log
                            .into_iter()
                            .rev()
                            .map(|l| {
                                view! {
                                    <li>
                                        <time datetime=l.at.to_iso_utc()>{local_date_time(l.at)}</time>
                                        {format!(" {}: {}", l.what, l.outcome)}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                </section>
            }
        })
    }
}
