//! "Are my backups healthy?": the summary above the cards and the backups-per-day plot.

use leptos::prelude::*;

use crate::backup::count_words;
use crate::backup::health::{Health, Summary};
use crate::backup::timeline::{day_of, Timeline};
use crate::state::AppState;
use crate::web::clock::offset_minutes;
use crate::web::intl::{local_date_time, local_day, relative_words};

#[component]
pub fn Overview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let backups = state.load.backups();
    // Only while cards are shown: the summary of nothing is not shown at all.
    let summary = Memo::new(move |_| {
        let (now, t) = (state.now(), state.thresholds());
        backups.with(|b| (!b.is_empty()).then(|| Summary::of(b, now, t)))
    });

    // A known schedule judges the history (the "Automatic backups" group above); the typed-in
    // thresholds are the fallback when there is none.
    let by_schedule = move || state.automatic.judges();
    let last_backup = move || {
        let s = summary.get()?;
        let t = state.thresholds();
        let now = state.now();
        let health = s.health;
        let verdict = (!by_schedule()).then(|| view! { <strong>{health.words(t)}</strong> });
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
                {verdict}
            </p>
        })
    };
    let next_expiry = move || {
        let s = summary.get()?;
        let now = state.now();
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
                        <p class="total">{move || summary.get().map(|s| count_words(s.total))}</p>
                        {last_backup}
                        {next_expiry}
                        <ul class="by-storage" aria-label="Backups by storage type">{by_storage}</ul>
                    </div>
                    <Show when=move || !by_schedule()>
                        <ThresholdFields/>
                    </Show>
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
    view! {
        <fieldset class="thresholds">
            <legend>"When is the last backup late?"</legend>
            {days_field("warn-days", "Warn after (days)", move || state.thresholds().warn_days, move |d| {
                state.set_thresholds(d, None)
            })}
            {days_field("alert-days", "Alert after (days)", move || state.thresholds().alert_days, move |d| {
                state.set_thresholds(None, d)
            })}
        </fieldset>
    }
}

/// A number of days; `set` gets what was typed (`None`: not a number).
fn days_field(
    id: &'static str,
    label: &'static str,
    days: impl Fn() -> u32 + Send + Sync + 'static,
    set: impl Fn(Option<u32>) + 'static,
) -> impl IntoView {
    view! {
        <div class="field inline">
            <label for=id>{label}</label>
            <input
                id=id
                type="number"
                // Thresholds::DAYS
                min="1"
                max="3650"
                inputmode="numeric"
                prop:value=move || days().to_string()
                on:change=move |ev| set(event_target_value(&ev).trim().parse().ok())
            />
        </div>
    }
}

/// Backups per day of the cards the view leaves, as bars; gaps marked with a band and said
/// in words beneath.
#[component]
fn DailyPlot() -> impl IntoView {
    let state = expect_context::<AppState>();
    let visible = state.view.visible();
    let offset = offset_minutes();
    let timeline = Memo::new(move |_| {
        let now = state.now();
        visible.with(|v| Timeline::of(v.iter().filter_map(|b| b.created), now, offset))
    });
    move || {
        let t = timeline.get()?;
        // The schedule's missed runs, by the reader's day, within the plot.
        let mut missed: Vec<i64> = state
            .automatic
            .missed_runs()
            .into_iter()
            .map(|at| day_of(at, offset))
            .filter(|d| (t.first_day..=t.last_day()).contains(d))
            .collect();
        missed.sort_unstable();
        missed.dedup();
        let mut description = t.describe(|day| local_day(day, offset));
        if !missed.is_empty() {
            let days: Vec<String> = missed.iter().map(|&d| local_day(d, offset)).collect();
            description.push_str(&format!(" Missed scheduled backups: {}.", days.join(", ")));
        }
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
        let marks = missed
            .iter()
            .map(|&d| {
                view! {
                    <rect class="missed" x=((d - t.first_day) * BAR).to_string() y=(HEIGHT - 6).to_string()
                        width=BAR.to_string() height="8"/>
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
                    {marks}
                    <line class="axis" x1="0" x2=width.to_string() y1=(HEIGHT + 1).to_string() y2=(HEIGHT + 1).to_string()/>
                </svg>
                <figcaption aria-hidden="true">{description}</figcaption>
            </figure>
        })
    }
}
