//! Acting on what is shown: copy every visible ID, export the visible list, refresh now or on
//! an interval. Filters, focus and scroll position stay as they are across a refresh.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::backup::export::{id_lines, Format};
use crate::state::{AppState, Status};
use crate::web::address::page_context;
use crate::web::clipboard::copy_text;
use crate::web::document::download;

/// The choices of "Auto-refresh", in minutes (0: off).
const INTERVALS: [(u32, &str); 5] = [
    (0, "Off"),
    (1, "Every minute"),
    (5, "Every 5 minutes"),
    (15, "Every 15 minutes"),
    (60, "Every hour"),
];

#[component]
pub fn Actions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let timer = StoredValue::new_local(None::<IntervalHandle>);
    let minutes = RwSignal::new(0u32);

    let visible = state.view.visible();
    let copy_all = move |_| {
        let (ids, n) =
            visible.with_untracked(|v| (id_lines(&v.iter().collect::<Vec<_>>()), v.len()));
        spawn_local(async move {
            let copied = copy_text(&ids).await;
            state.status.say(if copied {
                Status::CopiedIds(n)
            } else {
                Status::CopyIdsRefused
            });
        });
    };
    let export = move |format: Format| {
        let now = state.now();
        let (text, count) =
            visible.with_untracked(|v| (format.write(&v.iter().collect::<Vec<_>>(), now), v.len()));
        let source = state.load.source();
        let name = format.file_name(source.as_ref().map(|(host, at)| (host.as_deref(), *at)));
        download(&name, format.mime(), &text);
        state.status.say(Status::Exported { count, format });
    };
    // A refresh, by hand or on the interval, leaves focus, scroll and the pages shown alone.
    let refresh = move || state.refresh(page_context());
    let set_interval_minutes = move |m: u32| {
        minutes.set(m);
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        if m > 0 {
            let handle =
                set_interval_with_handle(refresh, Duration::from_secs(u64::from(m) * 60)).ok();
            timer.set_value(handle);
        }
    };
    on_cleanup(move || {
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    });

    view! {
        <div class="toolbar" role="group" aria-label="Actions">
            <button type="button" class="secondary" on:click=copy_all>"Copy all visible IDs"</button>
            <button type="button" class="secondary" on:click=move |_| export(Format::Csv)>"Export CSV"</button>
            <button type="button" class="secondary" on:click=move |_| export(Format::Json)>"Export JSON"</button>
            <Show when=move || !state.load.is_sample()>
                <button type="button" class="secondary" on:click=move |_| refresh()>"Refresh"</button>
                <label class="inline-label" for="auto-refresh">"Auto-refresh"</label>
                <select
                    id="auto-refresh"
                    on:change=move |ev| set_interval_minutes(event_target_value(&ev).parse().unwrap_or(0))
                >
                    {INTERVALS
                        .into_iter()
                        .map(|(m, label)| {
                            view! { <option value=m.to_string() selected=move || minutes.get() == m>{label}</option> }
                        })
                        .collect_view()}
                </select>
            </Show>
        </div>
    }
}
