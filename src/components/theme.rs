//! Light or dark: follows the system unless the reader picks one; remembered in this browser.

use leptos::prelude::*;

use super::browser::{apply_theme, forget, recall, remember, Keep};

const THEME_KEY: &str = "theme";

/// `embedded`: DocSpace's theme from `?theme=` wins over the remembered one for this view.
#[component]
pub fn ThemePicker(embedded: bool) -> impl IntoView {
    let from_host = if embedded {
        super::embed::theme_from_query()
    } else {
        None
    };
    let initial = from_host
        .or_else(|| recall(Keep::Browser, THEME_KEY))
        .filter(|t| t == "light" || t == "dark");
    apply_theme(initial.as_deref());
    let choice = RwSignal::new(initial.unwrap_or_else(|| "system".to_owned()));
    let on_change = move |ev| {
        let picked = event_target_value(&ev);
        match picked.as_str() {
            "light" | "dark" => {
                apply_theme(Some(&picked));
                remember(Keep::Browser, THEME_KEY, &picked);
            }
            _ => {
                apply_theme(None);
                forget(Keep::Browser, THEME_KEY);
            }
        }
        choice.set(picked);
    };
    view! {
        <div class="field theme">
            <label for="theme">"Theme"</label>
            <select id="theme" on:change=on_change>
                {[("system", "System"), ("light", "Light"), ("dark", "Dark")]
                    .into_iter()
                    .map(|(value, label)| {
                        view! { <option value=value selected=move || choice.with(|c| c == value)>{label}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
