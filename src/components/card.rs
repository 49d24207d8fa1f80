//! One backup's card.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser::{copy_text, select_contents};
use super::clock::{local_date_time, relative_words};
use crate::backup::date::Timestamp;
use crate::backup::{Backup, Expiry};
use crate::state::AppState;

/// A `<time>` in the reader's locale with the time in words beside it ("3 hours ago"),
/// which follows the page's clock; or "Unknown date".
fn time_or_unknown(ts: Option<Timestamp>, state: AppState) -> AnyView {
    match ts {
        Some(ts) => view! {
            <time datetime=ts.to_iso_utc()>{local_date_time(ts)}</time>
            <span class="relative">{move || format!(" ({})", relative_words(ts, state.now.get()))}</span>
        }
        .into_any(),
        None => view! { <span class="unknown">"Unknown date"</span> }.into_any(),
    }
}

#[component]
pub fn BackupCard(backup: Backup) -> impl IntoView {
    let state = expect_context::<AppState>();
    let title = backup.title().to_owned();
    let expiry_of = backup.expiry;
    let expired = move || expiry_of.is_expired(state.now.get());
    let expiry = match backup.expiry {
        Expiry::Never => view! { <span>"Does not expire"</span> }.into_any(),
        Expiry::Unknown => time_or_unknown(None, state),
        Expiry::At(ts) => view! {
            {time_or_unknown(Some(ts), state)}
            {move || expired().then(|| view! { " " <strong class="badge expired">"Expired"</strong> })}
        }
        .into_any(),
    };

    let id_text = NodeRef::<html::Code>::new();
    let id = backup.id.clone();
    let copy = move |_| {
        let id = id.clone();
        spawn_local(async move {
            if copy_text(&id).await {
                state.status.set("Copied backup ID".into());
            } else {
                if let Some(code) = id_text.get_untracked() {
                    select_contents(&code);
                }
                state
                    .status
                    .set("Could not copy: the browser refused. The backup ID is selected; press Ctrl+C to copy it.".into());
            }
        });
    };
    let id_row = if backup.id.is_empty() {
        view! { <dd class="unknown">"No ID in the portal's answer"</dd> }.into_any()
    } else {
        view! {
            <dd class="id-row">
                <code node_ref=id_text>{backup.id.clone()}</code>
                <button type="button" class="secondary small" on:click=copy>
                    "Copy backup ID"
                    <span class="visually-hidden">{format!(" of {title}")}</span>
                </button>
            </dd>
        }
        .into_any()
    };

    view! {
        <article class="card" class:is-expired=expired aria-label=title.clone()>
            <h3 class="file-name" dir="auto">{title.clone()}</h3>
            <dl>
                <div>
                    <dt>"Storage"</dt>
                    <dd>{backup.storage.label()}</dd>
                </div>
                <div>
                    <dt>"Created"</dt>
                    <dd>{time_or_unknown(backup.created, state)}</dd>
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
        </article>
    }
}
