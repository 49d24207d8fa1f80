//! The views: small components that read [`AppState`] from context and call its methods.

mod actions;
mod card;
mod dialog;
mod find;
mod form;
mod overview;
mod results;
mod schedule;
mod theme;

use std::time::Duration;

use leptos::prelude::*;

pub use card::BackupCard;
pub use form::ConnectionForm;
pub use results::Results;

use crate::backup::find::ViewQuery;
use crate::state::AppState;
use crate::web::address::{query_param, set_query};
use crate::web::clock::now;
use crate::web::document::set_root_class;
use crate::web::plugin::{connect_plugin, embedded};

/// The app: the connection form and the results (index.html holds the heading and footer).
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::from_browser();
    provide_context(state);
    state.keep_remembering();
    if embedded() {
        set_root_class("embed");
    }
    // A token never belongs in an address: one put there by mistake is dropped unread.
    if query_param("token").is_some() {
        set_query(&["token"], &[], false);
    }
    connect_plugin(move |portal, message| state.receive(portal, message));

    // Back and forward walk through views: the address is the truth.
    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        state
            .view
            .follow_address(ViewQuery::from_query(query_param));
    });
    // Relative times and "Expired" follow the clock, a minute at a time.
    if let Ok(tick) =
        set_interval_with_handle(move || state.set_now(now()), Duration::from_secs(60))
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
    view! { <theme::ThemePicker embedded=embedded()/> }
}
