//! The document around the app: the theme attribute and the embed class on `<html>`, and files
//! offered for download.

use wasm_bindgen::{JsCast, JsValue};

/// A theme the reader (or DocSpace around the page) picked; none picked follows the system.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    /// Its name in `data-theme`, in storage and in `?theme=` (DocSpace's two themes).
    pub fn key(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_key(key: &str) -> Option<Theme> {
        match key {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
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
pub fn apply_theme(theme: Option<Theme>) {
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = match theme {
            Some(t) => root.set_attribute("data-theme", t.key()),
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

/// Whether the tab is hidden (in the background, minimised): polling waits.
pub fn is_hidden() -> bool {
    leptos::prelude::document().hidden()
}

/// The element that has focus (the button that opened a dialog), if it is an HTML element.
pub fn active_element() -> Option<web_sys::HtmlElement> {
    leptos::prelude::document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Gives focus back to an element.
pub fn focus(el: &web_sys::HtmlElement) {
    let _ = el.focus();
}

/// Focuses the card of a backup (its `<article data-id>`), scrolling it into view.
pub fn focus_card(id: &str) {
    let selector = format!("article[data-id=\"{}\"]", id.replace(['"', '\\'], ""));
    if let Ok(Some(el)) = leptos::prelude::document().query_selector(&selector) {
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}
