//! The page's address: where it runs, its query string, and the history entries that carry
//! the view (back and forward walk through views).

use wasm_bindgen::JsValue;
use web_sys::UrlSearchParams;

use crate::api::request::PageContext;

/// Where this page runs, for same-origin and mixed-content decisions.
pub fn page_context() -> PageContext {
    let origin = leptos::prelude::window()
        .location()
        .origin()
        .unwrap_or_default();
    PageContext { origin }
}

/// A parameter of the page's query string, e.g. `?portal=…`.
pub fn query_param(name: &str) -> Option<String> {
    let search = leptos::prelude::window().location().search().ok()?;
    UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// Rewrites the page's query string: drops `owned` keys, then sets `pairs`; every other
/// parameter stays. `push` adds a history entry (back returns to the previous view); otherwise
/// the current entry is replaced (typing in Search).
pub fn set_query(owned: &[&str], pairs: &[(&'static str, String)], push: bool) {
    let window = leptos::prelude::window();
    let location = window.location();
    let Ok(params) = UrlSearchParams::new_with_str(&location.search().unwrap_or_default()) else {
        return;
    };
    for key in owned {
        params.delete(key);
    }
    for (k, v) in pairs {
        params.append(k, v);
    }
    let query = String::from(params.to_string());
    let url = format!(
        "{}{}{}",
        location.pathname().unwrap_or_default(),
        if query.is_empty() { "" } else { "?" },
        query
    );
    if location.search().ok().as_deref() == Some(&format!("?{query}"))
        || (query.is_empty() && location.search().ok().as_deref() == Some(""))
    {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = if push {
            history.push_state_with_url(&JsValue::NULL, "", Some(&url))
        } else {
            history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
        };
    }
}
