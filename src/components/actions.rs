//! Acting on what is shown: copy every visible ID, export the visible list, refresh now or on
//! an interval. Filters, focus and scroll position stay as they are across a refresh.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::browser::{copy_text, download, page_context};
use crate::backup::export::{id_lines, to_csv, to_json};
use crate::backup::Backup;
use crate::state::AppState;

/// The choices of "Auto-refresh", in minutes (0: off).
const INTERVALS: [(u32, &str); 5] = [
    (0, "Off"),
    (1, "Every minute"),
    (5, "Every 5 minutes"),
    (15, "Every 15 minutes"),
    (60, "Every hour"),
];

/// The visible backups, in screen order, given to `f`.
fn with_visible<R>(state: AppState, f: impl FnOnce(&[&Backup]) -> R) -> R {
    state.loaded.with_untracked(|l| {
        let backups = l.as_ref().map(|l| l.backups.as_slice()).unwrap_or_default();
        state.visible.with_untracked(|v| {
            let list: Vec<&Backup> = v.iter().filter_map(|&i| backups.get(i)).collect();
            f(&list)
        })
    })
}

/// `backups-portal.example.com-2024-05-01`: where they came from and when.
fn file_stem(state: AppState) -> String {
    state.loaded.with_untracked(|l| match l {
        Some(l) => {
            let from = l
                .key
                .as_ref()
                .map_or_else(|| "sample".to_owned(), |k| k.origin.host().to_owned());
            let day: String = l.loaded_at.to_iso_utc().chars().take(10).collect();
            format!("backups-{from}-{day}")
        }
        None => "backups".to_owned(),
    })
}

#[component]
pub fn Actions() -> impl IntoView {
    let state = expect_context::<AppState>();
    let timer = StoredValue::new_local(None::<IntervalHandle>);
    let minutes = RwSignal::new(0u32);

    let copy_all = move |_| {
        let (ids, n) = with_visible(state, |list| (id_lines(list), list.len()));
        spawn_local(async move {
            let words = if copy_text(&ids).await {
                format!("Copied {n} backup IDs")
            } else {
                "Could not copy: the browser refused. Export the list instead.".to_owned()
            };
            state.status.set(words);
        });
    };
    let export = move |csv: bool| {
        let now = state.now.get_untracked();
        let (text, n) = with_visible(state, |list| {
            (
                if csv {
                    to_csv(list, now)
                } else {
                    to_json(list, now)
                },
                list.len(),
            )
        });
        let stem = file_stem(state);
        if csv {
            download(&format!("{stem}.csv"), "text/csv;charset=utf-8", &text);
        } else {
            download(&format!("{stem}.json"), "application/json", &text);
        }
        state.status.set(format!(
            "Exported {n} backups as {}",
            if csv { "CSV" } else { "JSON" }
        ));
    };
    // A refresh, by hand or on the interval, leaves focus, scroll and the pages shown alone.
    let refresh = move || {
        if !state.loading.get_untracked() {
            state.submit_with(page_context(), false);
        }
    };
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
            <button type="button" class="secondary" on:click=move |_| export(true)>"Export CSV"</button>
            <button type="button" class="secondary" on:click=move |_| export(false)>"Export JSON"</button>
            <Show when=move || !state.is_sample()>
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
