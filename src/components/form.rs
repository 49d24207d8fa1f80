//! The "Portal connection" form of the UI contract.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use crate::state::{AppState, TIMEOUT_SECONDS};
use crate::web::address::page_context;

/// `aria-describedby` for a field: its hint, and its error when it has one.
fn described_by(
    hint: &'static str,
    error_id: &'static str,
    error: impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    move || match error() {
        Some(_) => format!("{hint} {error_id}"),
        None => hint.to_owned(),
    }
}

/// `aria-invalid`: set only while the field has an error.
fn invalid(
    error: impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
) -> impl Fn() -> Option<&'static str> + Copy + Send + Sync + 'static {
    move || error().map(|_| "true")
}

/// The field's error message, read with the field (`aria-describedby`).
fn error_message(
    id: &'static str,
    error: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> impl IntoView {
    move || error().map(|m| view! { <p id=id class="field-error">{m}</p> })
}

#[component]
pub fn ConnectionForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let form = state.form;
    let show_token = RwSignal::new(false);
    let portal_input = NodeRef::<html::Input>::new();
    let token_input = NodeRef::<html::Input>::new();

    let portal_error = move || form.errors().with(|e| e.portal.clone());
    let token_error = move || form.errors().with(|e| e.token.clone());

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let errors = state.submit(page_context());
        // Take the reader to the first field that needs them; its message is read with it.
        let first_invalid = if errors.portal.is_some() {
            portal_input.get()
        } else if errors.token.is_some() {
            token_input.get()
        } else {
            None
        };
        if let Some(input) = first_invalid {
            let _ = input.focus();
        }
    };

    view! {
        <form class="connection" aria-label="Portal connection" novalidate on:submit=on_submit>
            <div class="field">
                <label for="portal-url">"Portal URL"</label>
                <input
                    id="portal-url"
                    name="portal"
                    type="url"
                    autocomplete="url"
                    inputmode="url"
                    spellcheck="false"
                    placeholder="yourportal.onlyoffice.com"
                    node_ref=portal_input
                    bind:value=form.portal()
                    aria-invalid=invalid(portal_error)
                    aria-describedby=described_by("portal-url-hint", "portal-url-error", portal_error)
                />
                <p id="portal-url-hint" class="hint">
                    "The portal's address, e.g. yourportal.onlyoffice.com. Only its origin is used."
                </p>
                {error_message("portal-url-error", portal_error)}
            </div>

            <div class="field">
                <label for="access-token">"Access token"</label>
                <div class="with-toggle">
                    <input
                        id="access-token"
                        name="token"
                        type=move || if show_token.get() { "text" } else { "password" }
                        autocomplete="off"
                        spellcheck="false"
                        autocapitalize="off"
                        node_ref=token_input
                        bind:value=form.token()
                        aria-invalid=invalid(token_error)
                        aria-describedby=described_by("access-token-hint", "access-token-error", token_error)
                    />
                    <button
                        type="button"
                        class="secondary"
                        aria-controls="access-token"
                        on:click=move |_| show_token.update(|s| *s = !*s)
                    >
                        {move || if show_token.get() { "Hide token" } else { "Show token" }}
                    </button>
                </div>
                <p id="access-token-hint" class="hint">
                    "An API key (sk-…) from DocSpace → Developer Tools, or a personal or OAuth token of the owner or an admin."
                </p>
                {error_message("access-token-error", token_error)}
            </div>

            <div class="field check">
                <input
                    id="keep-token"
                    type="checkbox"
                    aria-describedby="keep-token-hint"
                    bind:checked=form.keeps_token()
                />
                <label for="keep-token">"Remember token in this tab"</label>
                <p id="keep-token-hint" class="hint">
                    "Kept in this tab's session storage until the tab closes or you press Forget; otherwise only in memory."
                </p>
            </div>

            <div class="field check">
                <input id="dump" name="dump" type="checkbox" bind:checked=form.dump()/>
                <label for="dump">"Workspace backups (database dump)"</label>
            </div>

            <div class="actions">
                <button type="submit" class="primary">"Show backups"</button>
                <Show when=move || state.load.is_loading().get()>
                    <button type="button" class="secondary" on:click=move |_| state.cancel()>
                        "Cancel"
                    </button>
                    <span class="hint wait-note">{format!("The page stops waiting after {TIMEOUT_SECONDS} seconds.")}</span>
                </Show>
                <button type="button" class="secondary" on:click=move |_| state.load_sample()>
                    "Try with sample data"
                </button>
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| state.forget_remembered()
                >
                    "Forget"
                </button>
            </div>
        </form>
    }
}
