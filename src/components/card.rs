//! One backup's card.

use leptos::either::Either;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backup::date::Timestamp;
use crate::backup::{Backup, Expiry};
use crate::state::{AppState, Asking, Status};
use crate::web::clipboard::{copy_text, select_contents};
use crate::web::intl::{local_date_time, relative_words};

/// A `<time>` in the reader's locale with the time in words beside it ("3 hours ago"),
/// which follows the page's clock; or "Unknown date". Rebuilt in place when `ts` changes.
fn time_or_unknown(ts: Signal<Option<Timestamp>>, state: AppState) -> impl IntoView {
    move || match ts.get() {
        Some(ts) => Either::Left(view! {
            <time datetime=ts.to_iso_utc()>{local_date_time(ts)}</time>
            <span class="relative">{move || format!(" ({})", relative_words(ts, state.now()))}</span>
        }),
        None => Either::Right(view! { <span class="unknown">"Unknown date"</span> }),
    }
}

/// One backup's card. It follows `backup`: when the list's slot gets another backup (a new
/// search, another order), the same elements take the new text instead of being rebuilt.
#[component]
pub fn BackupCard(#[prop(into)] backup: Signal<Backup>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let title = Memo::new(move |_| backup.with(|b| b.title().to_owned()));
    let id = Memo::new(move |_| backup.with(|b| b.id.clone()));
    let expiry_of = Memo::new(move |_| backup.with(|b| b.expiry));
    let expired = move || expiry_of.get().is_expired(state.now());
    let created = Signal::derive(move || backup.with(|b| b.created));
    let expires_at = Signal::derive(move || match expiry_of.get() {
        Expiry::At(ts) => Some(ts),
        _ => None,
    });
    let expiry = move || match expiry_of.get() {
        Expiry::Never => Either::Left(view! { <span>"Does not expire"</span> }),
        Expiry::Unknown | Expiry::At(_) => Either::Right(view! {
            {time_or_unknown(expires_at, state)}
            {move || expired().then(|| view! { " " <strong class="badge expired">"Expired"</strong> })}
        }),
    };

    let id_text = NodeRef::<html::Code>::new();
    let copy = move |_| {
        let id = id.get_untracked();
        spawn_local(async move {
            if copy_text(&id).await {
                state.status.say(Status::CopiedId);
            } else {
                if let Some(code) = id_text.get_untracked() {
                    select_contents(&code);
                }
                state.status.say(Status::CopyIdRefused);
            }
        });
    };
    let id_row = move || {
        if id.with(String::is_empty) {
            Either::Left(view! { <dd class="unknown">"No ID in the portal's answer"</dd> })
        } else {
            Either::Right(view! {
                <dd class="id-row">
                    <code node_ref=id_text>{id}</code>
                    <button type="button" class="secondary small" on:click=copy>
                        "Copy backup ID"
                        <span class="visually-hidden">{move || format!(" of {}", title.get())}</span>
                    </button>
                </dd>
            })
        }
    };

    view! {
        // Focusable by the page (not by Tab): a backup made now is focused when it appears.
        <article class="card" class:is-expired=expired aria-label=title tabindex="-1" data-id=id>
            <h3 class="file-name" dir="auto">{title}</h3>
            <dl>
                <div>
                    <dt>"Storage"</dt>
                    <dd>{move || backup.with(|b| b.storage.label())}</dd>
                </div>
                <div>
                    <dt>"Created"</dt>
                    <dd>{time_or_unknown(created, state)}</dd>
                </div>
                <div>
                    <dt>"Expires"</dt>
                    <dd>{expiry}</dd>
                </div>
                <div>
                    <dt>"Backup ID"</dt>
                    {id_row}
                </div>
            </dl>
            <Show when=move || id.with(|id| state.can_change_backup(id))>
                <div class="card-actions">
                    <button type="button" class="secondary small" on:click=move |_| {
                        state.ask(Asking::Restore(backup.get_untracked()))
                    }>
                        "Restore"
                        <span class="visually-hidden">{move || format!(" from {}", title.get())}</span>
                    </button>
                    <button type="button" class="secondary small danger-outline" on:click=move |_| {
                        state.ask(Asking::Delete(backup.get_untracked()))
                    }>
                        "Delete backup"
                        <span class="visually-hidden">{move || format!(" {}", title.get())}</span>
                    </button>
                </div>
            </Show>
        </article>
    }
}
