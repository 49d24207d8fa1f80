//! Embedded in a DocSpace plugin's iframe (or opened with `?embed=1`): a compact layout, the
//! theme from `?theme=`, and the postMessage protocol of [`crate::api::message`].

use js_sys::{Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::MessageEvent;

use super::address::query_param;
use super::document::Theme;
use crate::api::message::{accept, Fields, Ignored, Message, Part, READY, VERSION};
use crate::api::url::{parse_portal_url, Origin};

/// Whether the page runs inside a frame.
pub fn framed() -> bool {
    let window = window();
    match window.top() {
        Ok(Some(top)) => !Object::is(&top, &window),
        // A cross-origin top that cannot even be named: framed.
        _ => true,
    }
}

/// Embed mode: framed, or asked for with `?embed=1`.
pub fn embedded() -> bool {
    framed() || query_param("embed").is_some_and(|v| v == "1" || v == "true")
}

/// `?theme=light|dark` (DocSpace's two themes), for embed mode.
pub fn theme_from_query() -> Option<Theme> {
    query_param("theme").and_then(|t| Theme::from_key(&t))
}

/// The framing page's origin, where the browser says it (Chromium, Safari).
fn parent_origin() -> Option<String> {
    let origins = Reflect::get(&window().location(), &JsValue::from_str("ancestorOrigins")).ok()?;
    Reflect::get(&origins, &JsValue::from_str("0"))
        .ok()?
        .as_string()
}

fn get(data: &JsValue, key: &str) -> JsValue {
    Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Version 2's `{status, body}` under `key`, if the message has an object there.
fn part(data: &JsValue, key: &str) -> Option<Part> {
    let part = get(data, key);
    part.is_object().then(|| Part {
        status: get(&part, "status").as_f64(),
        body: get(&part, "body").as_string(),
    })
}

fn fields(data: &JsValue) -> Fields {
    Fields {
        kind: get(data, "type").as_string(),
        status: get(data, "status").as_f64(),
        body: get(data, "body").as_string(),
        dump: get(data, "dump").as_bool(),
        schedule: part(data, "schedule"),
        progress: part(data, "progress"),
        settings: part(data, "settings"),
    }
}

/// Listens for the plugin's history and announces the page to the portal's origin. Only when
/// framed and `?portal=` names a valid origin: otherwise there is nobody to talk to. Each
/// message, checked, goes to `receive` with the portal it is from.
pub fn connect_plugin(receive: impl Fn(&Origin, Result<Message, Ignored>) + 'static) {
    if !framed() {
        return;
    }
    let Some(portal) = query_param("portal").and_then(|p| parse_portal_url(&p).ok()) else {
        return;
    };
    let target = portal.to_string();
    let listening = portal.clone();
    let handle = window_event_listener(leptos::ev::message, move |ev: MessageEvent| {
        let window = window();
        let from_parent = match (ev.source(), window.parent()) {
            (Some(source), Ok(Some(parent))) => Object::is(&source, &parent),
            _ => false,
        };
        let checked = accept(&ev.origin(), from_parent, &listening, fields(&ev.data()));
        receive(&listening, checked);
    });
    on_cleanup(move || handle.remove());

    // Sent to the portal's origin only: a page framed by anyone else says nothing. Where the
    // browser names the framing origin (`location.ancestorOrigins`), a mismatch is not even
    // attempted (the browser would refuse it and log the refusal).
    if parent_origin().is_some_and(|o| o != target) {
        return;
    }
    PLUGIN.with(|p| *p.borrow_mut() = Some(target));
    ask_plugin(false);
}

thread_local! {
    /// The portal's origin, once the page has found the plugin to talk to.
    static PLUGIN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Says `ready` to the plugin (again): it answers with fresh answers, or with the progress
/// alone (`only_progress`). Whether there is a plugin to ask.
pub fn ask_plugin(only_progress: bool) -> bool {
    let Some(target) = PLUGIN.with(|p| p.borrow().clone()) else {
        return false;
    };
    let ready = Object::new();
    let _ = Reflect::set(
        &ready,
        &JsValue::from_str("type"),
        &JsValue::from_str(READY),
    );
    let _ = Reflect::set(
        &ready,
        &JsValue::from_str("version"),
        &JsValue::from(VERSION),
    );
    if only_progress {
        let _ = Reflect::set(
            &ready,
            &JsValue::from_str("only"),
            &JsValue::from_str("progress"),
        );
    }
    if let Ok(Some(parent)) = window().parent() {
        let _ = parent.post_message(&ready, &target);
    }
    true
}
