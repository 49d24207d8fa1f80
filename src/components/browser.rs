//! The few facts the page takes from the browser: its origin, its query, the clipboard.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Clipboard, Node, UrlSearchParams};

use crate::api::PageContext;

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

/// Puts `text` on the clipboard. `false` when the browser refused (no permission, not focused,
/// not a secure context).
pub async fn copy_text(text: &str) -> bool {
    // A frame whose host left out `allow="clipboard-write"` may not write: do not try (the
    // browser would refuse and log a policy violation). Chromium says so up front.
    if clipboard_blocked_by_policy() {
        return false;
    }
    // `navigator.clipboard` is undefined outside secure contexts: check before calling into it.
    let navigator = leptos::prelude::window().navigator();
    let Some(clipboard) = Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .ok()
        .filter(|c| !c.is_undefined() && !c.is_null())
    else {
        return false;
    };
    let clipboard: Clipboard = clipboard.unchecked_into();
    JsFuture::from(clipboard.write_text(text)).await.is_ok()
}

/// `document.featurePolicy.allowsFeature("clipboard-write") === false`, where the browser has it.
fn clipboard_blocked_by_policy() -> bool {
    let document = leptos::prelude::document();
    let Ok(policy) = Reflect::get(&document, &JsValue::from_str("featurePolicy")) else {
        return false;
    };
    let Ok(allows) = Reflect::get(&policy, &JsValue::from_str("allowsFeature")) else {
        return false;
    };
    let Some(allows) = allows.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    allows
        .call1(&policy, &JsValue::from_str("clipboard-write"))
        .ok()
        .and_then(|v| v.as_bool())
        == Some(false)
}

/// Selects the text of `node`, so the reader can copy it by hand when the clipboard is refused.
pub fn select_contents(node: &Node) {
    if let Ok(Some(selection)) = leptos::prelude::window().get_selection() {
        let _ = selection.select_all_children(node);
    }
}

/// Where a remembered value lives: this browser (`localStorage`) or this tab (`sessionStorage`).
#[derive(Clone, Copy, Debug)]
pub enum Keep {
    Browser,
    Tab,
}

fn storage(keep: Keep) -> Option<web_sys::Storage> {
    let window = leptos::prelude::window();
    // Either can throw (storage disabled, sandboxed frame): then nothing is remembered.
    match keep {
        Keep::Browser => window.local_storage().ok().flatten(),
        Keep::Tab => window.session_storage().ok().flatten(),
    }
}

pub fn recall(keep: Keep, key: &str) -> Option<String> {
    storage(keep)?.get_item(key).ok().flatten()
}

pub fn remember(keep: Keep, key: &str, value: &str) {
    if let Some(s) = storage(keep) {
        let _ = s.set_item(key, value);
    }
}

pub fn forget(keep: Keep, key: &str) {
    if let Some(s) = storage(keep) {
        let _ = s.remove_item(key);
    }
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

/// Offers `text` as a file download named `name`.
pub fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let document = leptos::prelude::document();
    if let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// Sets `data-theme` on `<html>` ("light", "dark"), or removes it to follow the system.
pub fn apply_theme(theme: Option<&str>) {
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = match theme {
            Some(t) => root.set_attribute("data-theme", t),
            None => root.remove_attribute("data-theme"),
        };
    }
}

/// Adds a class to `<html>` (the embed layout).
pub fn set_root_class(class: &str) {
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.class_list().add_1(class);
    }
}
