//! The clipboard, and the fallback when the browser refuses it: selecting the text.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Clipboard, Node};

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
