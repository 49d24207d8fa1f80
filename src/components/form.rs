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

/// One of the form's text fields: its input is labelled by `label`, and reads `hint` (and its
/// error, while it has one) with it.
struct TextField {
    id: &'static str,
    name: &'static str,
    label: &'static str,
    hint_id: &'static str,
    hint: &'static str,
    error_id: &'static str,
}

const PORTAL: TextField = TextField {
    id: "portal-url",
    name: "portal",
    label: "Portal URL",
    hint_id: "portal-url-hint",
    hint: "The portal's address, e.g. yourportal.onlyoffice.com. Only its origin is used.",
    error_id: "portal-url-error",
};

const TOKEN: TextField = TextField {
    id: "access-token",
    name: "token",
    label: "Access token",
    hint_id: "access-token-hint",
    hint: "An API key (sk-…) from DocSpace → Developer Tools, or a personal or OAuth token of the owner or an admin. A key needs the *:read scope to list backups, and *:write as well to change them.",
    error_id: "access-token-error",
};

/// The field's `<div>`: its label, `input` (the input, or the input with what goes beside it),
/// its hint and its error.
fn text_field(
    field: &'static TextField,
    error: impl Fn() -> Option<String> + Send + Sync + 'static,
    input: impl IntoView,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=field.id>{field.label}</label>
            {input}
            <p id=field.hint_id class="hint">{field.hint}</p>
            {error_message(field.error_id, error)}
        </div>
    }
}

/// The field's `<input>`, bound to `value`; `attrs` are its own (type, autocomplete, …).
fn field_input(
    field: &'static TextField,
    node_ref: NodeRef<html::Input>,
    value: (ReadSignal<String>, WriteSignal<String>),
    error: impl Fn() -> Option<String> + Copy + Send + Sync + 'static,
    attrs: impl leptos::attr::Attribute,
) -> impl IntoView {
    view! {
        <input
            id=field.id
            name=field.name
            {..attrs}
            spellcheck="false"
            node_ref=node_ref
            bind:value=value
            aria-invalid=invalid(error)
            aria-describedby=described_by(field.hint_id, field.error_id, error)
        />
    }
}

#[component]
pub fn ConnectionForm() -> impl IntoView {
    let state = expect_context::<AppState>();
    let form = state.form;
    let show_token = RwSignal::new(false);
    let portal_input = NodeRef::<html::Input>::new();
    let token_input = NodeRef::<html::Input>::new();

    let portal_error = move || form.portal_error();
    let token_error = move || form.token_error();

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
            {text_field(
                &PORTAL,
                portal_error,
                field_input(
                    &PORTAL,
                    portal_input,
                    form.portal(),
                    portal_error,
                    view! { <{..} type="url" autocomplete="url" inputmode="url" placeholder="yourportal.onlyoffice.com"/> },
                ),
            )}

            {text_field(
                &TOKEN,
                token_error,
                view! {
                    <div class="with-toggle">
                        {field_input(
                            &TOKEN,
                            token_input,
                            form.token(),
                            token_error,
                            view! {
                                <{..}
                                    type=move || if show_token.get() { "text" } else { "password" }
                                    autocomplete="off"
                                    autocapitalize="off"
                                />
                            },
                        )}
                        <button
                            type="button"
                            class="secondary"
                            aria-controls=TOKEN.id
                            on:click=move |_| show_token.update(|s| *s = !*s)
                        >
                            {move || if show_token.get() { "Hide token" } else { "Show token" }}
                        </button>
                    </div>
                },
            )}

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
                <Show when=move || state.load.is_loading()>
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
