use wasm_bindgen::JsCast;

fn main() {
    console_error_panic_hook::set_once();
    let document = leptos::prelude::document();
    // index.html paints the heading and the footer at once; the app fills its two slots.
    let slot = |id: &str| {
        document
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    };
    if let Some(theme) = slot("theme") {
        leptos::mount::mount_to(theme, docspace_backups::components::ThemeSlot).forget();
    }
    match slot("app") {
        Some(app) => leptos::mount::mount_to(app, docspace_backups::App).forget(),
        None => leptos::mount::mount_to_body(docspace_backups::App),
    }
}
