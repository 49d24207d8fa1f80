//! The views: small components that read [`AppState`] from context and call the layers below.

mod actions;
pub mod browser;
mod card;
pub mod clock;
pub mod embed;
mod find;
mod form;
mod overview;
mod results;
mod theme;

use std::time::Duration;

use leptos::prelude::*;

pub use card::BackupCard;
pub use form::ConnectionForm;
pub use results::Results;

use crate::backup::summary::Thresholds;
use crate::backup::view::ViewQuery;
use crate::state::{AppState, PAGE_SIZE};
use browser::{query_param, recall, Keep};

/// The view as the page's query string says.
fn view_from_address() -> ViewQuery {
    ViewQuery::from_query(query_param)
}

/// The state, with what this browser remembers: the portal (unless `?portal=` names one), the
/// Dump choice, the thresholds, and the token only if this tab was asked to keep it.
fn initial_state() -> AppState {
    let portal = query_param("portal")
        .filter(|p| !p.is_empty())
        .or_else(|| recall(Keep::Browser, form::PORTAL_KEY))
        .unwrap_or_default();
    let state = AppState::new(portal, view_from_address());
    state
        .dump
        .set(recall(Keep::Browser, form::DUMP_KEY).as_deref() == Some("true"));
    if let Some(token) = recall(Keep::Tab, form::TOKEN_KEY) {
        state.token.set(token);
        state.keep_token.set(true);
    }
    if let Some((w, a)) = recall(Keep::Browser, "thresholds").and_then(|t| {
        let (w, a) = t.split_once(',')?;
        Some((w.parse().ok()?, a.parse().ok()?))
    }) {
        state.thresholds.set(Thresholds {
            warn_days: w,
            alert_days: a,
        });
    }
    state
}

/// The app: the connection form and the results (index.html holds the heading and footer).
#[component]
pub fn App() -> impl IntoView {
    let state = initial_state();
    provide_context(state);
    if embed::embedded() {
        browser::set_root_class("embed");
    }
    // A token never belongs in an address: one put there by mistake is dropped unread.
    if query_param("token").is_some() {
        browser::set_query(&["token"], &[], false);
    }
    embed::connect_plugin(state);

    // Back and forward walk through views: the address is the truth.
    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        state.view.set(view_from_address());
        state.shown.set(PAGE_SIZE);
    });
    // Relative times and "Expired" follow the clock, a minute at a time.
    if let Ok(tick) =
        set_interval_with_handle(move || state.now.set(clock::now()), Duration::from_secs(60))
    {
        on_cleanup(move || tick.clear());
    }

    view! {
        <ConnectionForm/>
        <Results/>
    }
}

/// The theme picker, mounted into index.html's `#theme` beside the static heading.
#[component]
pub fn ThemeSlot() -> impl IntoView {
    view! { <theme::ThemePicker embedded=embed::embedded()/> }
}
