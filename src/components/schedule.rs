//! "Automatic backups": the portal's schedule in words, the judgement of its due runs, the
//! missed ones, the last attempt, and a backup or restore running on the portal.

use leptos::prelude::*;

use crate::backup::date::Timestamp;
use crate::state::{AppState, Mark};
use crate::web::intl::local_date_time;

fn time(at: Timestamp) -> impl IntoView {
    view! { <time datetime=at.to_iso_utc()>{local_date_time(at)}</time> }
}

#[component]
pub fn AutomaticBackups() -> impl IntoView {
    let automatic = expect_context::<AppState>().automatic;
    let group = move || {
        automatic.view().map(|v| {
            let mark = match v.mark {
                Mark::Ok => "judgement ok",
                Mark::Warning => "judgement late",
                Mark::Alert => "judgement overdue",
            };
            let missed = v.missed.map(|(words, runs)| {
                view! {
                    <p class="missed-count">{words}</p>
                    <ul class="missed" aria-label="Missed scheduled backups">
                        {runs.into_iter().map(|at| view! { <li>{time(at)}</li> }).collect_view()}
                    </ul>
                }
            });
            let attempt = v.last_attempt.map(|(at, left_nothing)| {
                view! {
                    <p>
                        "Last attempt " {time(at)}
                        {if left_nothing { ": left no backup." } else { "." }}
                    </p>
                }
            });
            // What needs the admin first: the judgement, what was missed, the last attempt;
            // then the schedule itself.
            view! {
                <p class=mark>{v.judgement}</p>
                {missed}
                {attempt}
                <p class="schedule-line">{v.schedule}</p>
                {v.storage.map(|s| view! { <p>{s}</p> })}
                {v.next.map(|n| view! { <p>{format!("Next run: {n}.")}</p> })}
                {v.zone_note.map(|n| view! { <p class="note">{n}</p> })}
            }
        })
    };
    let progress = move || {
        automatic.running().map(|p| {
            let percent = p.percent.to_string();
            let shown = format!("{}: {percent}%", p.task.words());
            let value = percent.clone();
            view! {
                <div class="progress">
                    <span aria-hidden="true">{shown}</span>
                    <div
                        class="progress-track"
                        role="progressbar"
                        aria-label=p.task.words()
                        aria-valuemin="0"
                        aria-valuemax="100"
                        aria-valuenow=value
                    >
                        // An SVG bar: a width attribute, where an inline style would need the
                        // page's CSP to allow inline styles.
                        <svg viewBox="0 0 100 6" preserveAspectRatio="none" focusable="false" aria-hidden="true">
                            <rect class="progress-fill" x="0" y="0" width=percent height="6"/>
                        </svg>
                    </div>
                </div>
            }
        })
    };
    // Built as a whole when its words change (each minute at most): a few paragraphs.
    move || {
        group().map(|g| {
            view! {
                <section class="automatic" role="group" aria-labelledby="automatic-title">
                    <h3 id="automatic-title">"Automatic backups"</h3>
                    {g}
                    {progress}
                </section>
            }
        })
    }
}
