//! The theme picker: System, Light or Dark.

use leptos::prelude::*;

use crate::state::ThemeChoice;
use crate::web::document::Theme;

/// `embedded`: DocSpace's theme from `?theme=` wins over the remembered one for this view.
#[component]
pub fn ThemePicker(embedded: bool) -> impl IntoView {
    let choice = ThemeChoice::new(embedded);
    let on_change = move |ev| choice.pick(Theme::from_key(&event_target_value(&ev)));
    view! {
        <div class="field theme">
            <label for="theme">"Theme"</label>
            <select id="theme" on:change=on_change>
                {[(None, "system", "System"), (Some(Theme::Light), "light", "Light"), (Some(Theme::Dark), "dark", "Dark")]
                    .into_iter()
                    .map(|(theme, value, label)| {
                        view! { <option value=value selected=move || choice.shown() == theme>{label}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}
