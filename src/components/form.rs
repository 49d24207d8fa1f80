//! The "Portal connection" form of the UI contract.

use leptos::ev::SubmitEvent;
use leptos::html;
use leptos::prelude::*;

use super::browser::{forget, page_context, remember, Keep};
use crate::state::{AppState, TIMEOUT_SECONDS};

/// Where the form's remembered values live.
pub const PORTAL_KEY: &str = "portal";
pub const DUMP_KEY: &str = "dump";
pub const TOKEN_KEY: &str = "token";

/// Remembers the portal and Dump in this browser, and the token in this tab when asked to.
fn remember_form(state: AppState) {
    remember(
        Keep::Browser,
        PORTAL_KEY,
        state.portal.get_untracked().trim(),
    );
    remember(
        Keep::Browser,
        DUMP_KEY,
        &state.dump.get_untracked().to_string(),
    );
    if state.keep_token.get_untracked() {
        remember(Keep::Tab, TOKEN_KEY, state.token.get_untracked().trim());
    }
}

/// `aria-describedby` for a field: its hint, and its error when it has one.
fn described_by(hint: &'static str, error: &'static str, has_error: bool) -> String {
    if has_error {
        format!("{hint} {error}")
    } else {
        hint.to_owned()
    }
}

#[component]
pub fn ConnectionForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let show_token = RwSignal::new(false);
    let portal_input = NodeRef::<html::Input>::new();
    let token_input = NodeRef::<html::Input>::new();

    let portal_error = move || state.errors.with(|e| e.portal.clone());
    let token_error = move || state.errors.with(|e| e.token.clone());

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let errors = state.submit(page_context());
        if errors.portal.is_none() && errors.token.is_none() {
            remember_form(state);
        }
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
                    bind:value=state.portal
                    aria-invalid=move || portal_error().map(|_| "true")
                    aria-describedby=move || {
                        described_by("portal-url-hint", "portal-url-error", portal_error().is_some())
                    }
                />
                <p id="portal-url-hint" class="hint">
                    "The portal's address, e.g. yourportal.onlyoffice.com. Only its origin is used."
                </p>
                {move || portal_error().map(|m| view! { <p id="portal-url-error" class="field-error">{m}</p> })}
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
                        bind:value=state.token
                        aria-invalid=move || token_error().map(|_| "true")
                        aria-describedby=move || {
                            described_by("access-token-hint", "access-token-error", token_error().is_some())
                        }
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
                {move || token_error().map(|m| view! { <p id="access-token-error" class="field-error">{m}</p> })}
            </div>

            <div class="field check">
                <input
                    id="keep-token"
                    type="checkbox"
                    aria-describedby="keep-token-hint"
                    prop:checked=move || state.keep_token.get()
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        state.keep_token.set(on);
                        if on {
                            remember(Keep::Tab, TOKEN_KEY, state.token.get_untracked().trim());
                        } else {
                            forget(Keep::Tab, TOKEN_KEY);
                        }
                    }
                />
                <label for="keep-token">"Remember token in this tab"</label>
                <p id="keep-token-hint" class="hint">
                    "Kept in this tab's session storage until the tab closes or you press Forget; otherwise only in memory."
                </p>
            </div>

            <div class="field check">
                <input id="dump" name="dump" type="checkbox" bind:checked=state.dump/>
                <label for="dump">"Workspace backups (database dump)"</label>
            </div>

            <div class="actions">
                <button type="submit" class="primary">"Show backups"</button>
                <Show when=move || state.loading.get()>
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
                    on:click=move |_| {
                        for (keep, key) in [(Keep::Browser, PORTAL_KEY), (Keep::Browser, DUMP_KEY), (Keep::Tab, TOKEN_KEY)] {
                            forget(keep, key);
                        }
                        state.keep_token.set(false);
                        state.status.set("Forgot the remembered portal URL, Dump choice and token".into());
                    }
                >
                    "Forget"
                </button>
            </div>
        </form>
    }
}
