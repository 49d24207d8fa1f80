//! The views: small components that read [`AppState`] from context and call the layers below.

pub mod browser;
mod card;
pub mod clock;
mod form;
mod results;

use leptos::prelude::*;

pub use card::BackupCard;
pub use form::ConnectionForm;
pub use results::Results;

use crate::state::AppState;

/// The whole page: a heading, the connection form and the results.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new(browser::query_param("portal").unwrap_or_default());
    provide_context(state);
    view! {
        <main class="page">
            <header class="masthead">
                <h1>"DocSpace backups"</h1>
                <p class="lead">
                    "See every backup of your ONLYOFFICE DocSpace portal: when it was made, where it is kept and when it expires."
                </p>
            </header>
            <ConnectionForm/>
            <Results/>
            <footer class="footnote">
                <p>
                    "Your access token stays in this tab's memory and is sent only to the portal you name. "
                    "Nothing is stored."
                </p>
            </footer>
        </main>
    }
}
