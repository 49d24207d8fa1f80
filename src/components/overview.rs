//! "Are my backups healthy?": the summary above the cards and the backups-per-day plot.

use leptos::prelude::*;

use super::browser::{remember, Keep};
use super::clock::{local_date_time, local_day, offset_minutes, relative_words};
use crate::backup::summary::{days_words, Health, Summary, Timeline};
use crate::state::AppState;

#[component]
pub fn Overview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let summary = Memo::new(move |_| {
        let now = state.now.get();
        let t = state.thresholds.get();
        state
            .loaded
            .with(|l| l.as_ref().map(|l| Summary::of(&l.backups, now, t)))
    });

    let last_backup = move || {
        let s = summary.get()?;
        let t = state.thresholds.get();
        let now = state.now.get();
        let health = s.health;
        let class = match health {
            Health::OnSchedule => "health ok",
            Health::Late => "health late",
            Health::Overdue | Health::NoBackups => "health overdue",
        };
        Some(view! {
            <p class=class>
                {s.newest.map(|at| view! {
                    "Last backup "
                    <time datetime=at.to_iso_utc() title=local_date_time(at)>{relative_words(at, now)}</time>
                    ". "
                })}
                <strong>{health.words(t)}</strong>
            </p>
        })
    };
    let next_expiry = move || {
        let s = summary.get()?;
        let now = state.now.get();
        Some(match s.next_expiry {
            Some((at, name)) => view! {
                <p>
                    "Next expiry: "
                    <time datetime=at.to_iso_utc() title=local_date_time(at)>{relative_words(at, now)}</time>
                    " ("<span dir="auto">{name}</span>")."
                </p>
            }
            .into_any(),
            None => view! { <p>"Nothing expires."</p> }.into_any(),
        })
    };
    let by_storage = move || {
        summary.get().map(|s| {
            s.by_storage
                .into_iter()
                .map(|(storage, n)| view! { <li>{format!("{}: {n}", storage.label())}</li> })
                .collect_view()
        })
    };

    view! {
        <Show when=move || summary.with(Option::is_some)>
            <section class="overview" aria-labelledby="overview-title">
                <h3 id="overview-title">"Summary"</h3>
                <div class="overview-grid">
                    <div class="facts">
                        <p class="total">{move || summary.get().map(|s| crate::backup::count_words(s.total))}</p>
                        {last_backup}
                        {next_expiry}
                        <ul class="by-storage" aria-label="Backups by storage type">{by_storage}</ul>
                    </div>
                    <ThresholdFields/>
                </div>
                <DailyPlot/>
            </section>
        </Show>
    }
}

/// The admin's two thresholds, in days; remembered in this browser.
#[component]
fn ThresholdFields() -> impl IntoView {
    let state = expect_context::<AppState>();
    let set = move |warn: Option<u32>, alert: Option<u32>| {
        state.thresholds.update(|t| {
            if let Some(w) = warn {
                t.warn_days = w.clamp(1, 3650);
            }
            if let Some(a) = alert {
                t.alert_days = a.clamp(1, 3650);
            }
        });
        let t = state.thresholds.get_untracked();
        remember(
            Keep::Browser,
            "thresholds",
            &format!("{},{}", t.warn_days, t.alert_days),
        );
    };
    view! {
        <fieldset class="thresholds">
            <legend>"When is the last backup late?"</legend>
            <div class="field inline">
                <label for="warn-days">"Warn after (days)"</label>
                <input
                    id="warn-days"
                    type="number"
                    min="1"
                    max="3650"
                    inputmode="numeric"
                    prop:value=move || state.thresholds.get().warn_days.to_string()
                    on:change=move |ev| set(event_target_value(&ev).trim().parse().ok(), None)
                />
            </div>
            <div class="field inline">
                <label for="alert-days">"Alert after (days)"</label>
                <input
                    id="alert-days"
                    type="number"
                    min="1"
                    max="3650"
                    inputmode="numeric"
                    prop:value=move || state.thresholds.get().alert_days.to_string()
                    on:change=move |ev| set(None, event_target_value(&ev).trim().parse().ok())
                />
            </div>
        </fieldset>
    }
}

/// The reader's words for a cadence of `days`.
fn cadence_words(days: i64) -> String {
    match days {
        1 => "daily".to_owned(),
        7 => "weekly".to_owned(),
        n => format!("every {n} days"),
    }
}

/// What the plot shows, in words: its text alternative, also printed under it.
fn describe(t: &Timeline, offset: i32) -> String {
    let mut text = format!(
        "Backups per day from {} to {}: at most {} a day, usually {}. ",
        local_day(t.first_day, offset),
        local_day(t.last_day(), offset),
        t.most_in_a_day(),
        cadence_words(t.cadence)
    );
    if t.gaps.is_empty() {
        text.push_str("No gaps in that cadence.");
        return text;
    }
    let missed = t.missed_days();
    let days = days_words(u32::try_from(missed).unwrap_or(u32::MAX));
    let runs: Vec<String> = t
        .gaps
        .iter()
        .take(5)
        .map(|&(a, b)| {
            if a == b {
                local_day(a, offset)
            } else {
                format!("{} – {}", local_day(a, offset), local_day(b, offset))
            }
        })
        .collect();
    let more = t.gaps.len().saturating_sub(runs.len());
    text.push_str(&format!("Gaps: no backups on {days} ({}", runs.join("; ")));
    if more > 0 {
        text.push_str(&format!("; and {more} more"));
    }
    text.push_str(").");
    text
}

/// Backups per day of the cards the view leaves, as bars; gaps marked with a band and said
/// in words beneath.
#[component]
fn DailyPlot() -> impl IntoView {
    let state = expect_context::<AppState>();
    let offset = offset_minutes();
    let timeline = Memo::new(move |_| {
        let now = state.now.get();
        state.loaded.with(|l| {
            let l = l.as_ref()?;
            state
                .visible
                .with(|v| Timeline::of(v.iter().filter_map(|&i| l.backups[i].created), now, offset))
        })
    });
    move || {
        let t = timeline.get()?;
        let description = describe(&t, offset);
        const BAR: i64 = 6;
        const HEIGHT: u32 = 48;
        let width = t.counts.len() as i64 * BAR;
        let most = t.most_in_a_day().max(1);
        let bars = t
            .counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| {
                let h = (HEIGHT * n / most).max(4);
                view! {
                    <rect class="bar" x=(i as i64 * BAR + 1).to_string() y=(HEIGHT - h).to_string()
                        width=(BAR - 2).to_string() height=h.to_string()/>
                }
            })
            .collect_view();
        let gaps = t
            .gaps
            .iter()
            .map(|&(a, b)| {
                view! {
                    <rect class="gap" x=((a - t.first_day) * BAR).to_string() y="0"
                        width=((b - a + 1) * BAR).to_string() height=HEIGHT.to_string()/>
                }
            })
            .collect_view();
        Some(view! {
            <figure class="plot">
                <svg
                    role="img"
                    aria-labelledby="plot-title plot-desc"
                    viewBox=format!("0 0 {width} {}", HEIGHT + 2)
                    preserveAspectRatio="none"
                    focusable="false"
                >
                    <title id="plot-title">"Backups per day"</title>
                    <desc id="plot-desc">{description.clone()}</desc>
                    {gaps}
                    {bars}
                    <line class="axis" x1="0" x2=width.to_string() y1=(HEIGHT + 1).to_string() y2=(HEIGHT + 1).to_string()/>
                </svg>
                <figcaption aria-hidden="true">{description}</figcaption>
            </figure>
        })
    }
}
