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

/// Selects the text of `node`, so the reader can copy it by hand when the clipboard is refused.
pub fn select_contents(node: &Node) {
    if let Ok(Some(selection)) = leptos::prelude::window().get_selection() {
        let _ = selection.select_all_children(node);
    }
}
