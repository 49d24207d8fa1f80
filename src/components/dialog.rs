//! The dialog that asks before anything changes on the portal: a native `<dialog>` opened with
//! `showModal()` (focus stays inside, Escape closes it), naming what will happen to what, with
//! "Cancel" focused first and the dangerous button styled as such but never the default. Closing
//! it any way returns focus to the button that opened it.

use leptos::html;
use leptos::prelude::*;

use crate::state::{AppState, Asking};
use crate::web::document::{active_element, focus};
use crate::web::intl::local_date_time;

/// The storage a "Back up now" goes to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    Schedule,
    Temporary,
}

#[component]
pub fn ChangeDialog() -> impl IntoView {
    let state = expect_context::<AppState>();
    let changes = state.changes;
    let dialog = NodeRef::<html::Dialog>::new();
    // The button that opened the dialog, to give focus back to.
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let typed = RwSignal::new(String::new());
    let notify = RwSignal::new(false);
    let target = RwSignal::new(Target::Temporary);

    // Opened and closed with the state: showModal() makes it modal and focuses Cancel.
    Effect::new(move |_| {
        let open = changes.asking().is_some();
        let Some(d) = dialog.get() else { return };
        if open && !d.open() {
            opener.set_value(active_element());
            typed.set(String::new());
            notify.set(false);
            target.set(if state.automatic.schedule_storage_now().is_some() {
                Target::Schedule
            } else {
                Target::Temporary
            });
            let _ = d.show_modal();
        } else if !open && d.open() {
            d.close();
        }
    });
    let on_close = move |_| {
        changes.dismiss();
        if let Some(el) = opener.try_update_value(Option::take).flatten() {
            focus(&el);
        }
    };

    let host = move || state.portal_host().unwrap_or_default();
    let host_typed = move || {
        let h = host();
        !h.is_empty() && typed.with(|t| t.trim().eq_ignore_ascii_case(&h))
    };
    let confirm = move |_| {
        state.confirm_dialog(
            notify.get_untracked(),
            target.get_untracked() == Target::Schedule,
        );
    };

    // Built when the dialog opens; what runs meanwhile (a poll every 2 s) does not rebuild it,
    // so focus and a screen reader's place stay where they are.
    let body = move || {
        let asking = changes.asking()?;
        let running = untrack(|| state.automatic.running());
        let when = |b: &crate::backup::Backup| {
            b.created
                .map_or_else(|| "an unknown date".to_owned(), local_date_time)
        };
        let (title, consequences, button, needs_host): (String, Vec<String>, &str, bool) = match &asking {
            Asking::Delete(b) => (
                format!("Delete backup {}?", b.title()),
                vec![
                    format!(
                        "The backup {}, created {}, in {}, is deleted from the portal, and its file with it.",
                        b.title(),
                        when(b),
                        b.storage.label()
                    ),
                    "This cannot be undone.".into(),
                ],
                "Delete backup",
                false,
            ),
            Asking::DeleteAll => (
                "Delete all backups?".into(),
                vec![
                    format!(
                        "Every {} of {} is deleted, and their files with them.",
                        if state.shows_dump() { "workspace backup" } else { "backup" },
                        host()
                    ),
                    "This cannot be undone.".into(),
                ],
                "Delete all backups",
                true,
            ),
            Asking::Restore(b) => (
                format!("Restore the portal from {}?", b.title()),
                vec![
                    format!("The portal {} goes back to the backup {}, created {}, in {}.", host(), b.title(), when(b), b.storage.label()),
                    "The portal is unavailable while it restores.".into(),
                    format!("Every change made after {} is lost.", when(b)),
                    "On ONLYOFFICE's cloud, every user's password is reset.".into(),
                ],
                "Restore portal",
                true,
            ),
            Asking::BackUpNow => (
                "Start a backup now?".into(),
                vec![match &running {
                    // DocSpace runs one task at a time: a second start only finds the first.
                    Some(p) => format!("{} on the portal: wait until it ends.", p.task.words()),
                    None => format!(
                        "The portal {} makes a backup now; the page shows its progress, and the new backup when it is done.",
                        host()
                    ),
                }],
                "Start backup",
                false,
            ),
        };
        let is_backup = matches!(asking, Asking::BackUpNow);
        let storage_choice = is_backup.then(|| {
            let scheduled = state.automatic.schedule_storage_now().map(|(s, _)| s.label());
            view! {
                <fieldset class="choice">
                    <legend>"Where to"</legend>
                    {scheduled.map(|label| view! {
                        <label>
                            <input type="radio" name="target" prop:checked=move || target.get() == Target::Schedule
                                on:change=move |_| target.set(Target::Schedule)/>
                            {format!(" The schedule's storage: {label}")}
                        </label>
                    })}
                    <label>
                        <input type="radio" name="target" prop:checked=move || target.get() == Target::Temporary
                            on:change=move |_| target.set(Target::Temporary)/>
                        " Temporary storage: kept for one day, then deleted"
                    </label>
                </fieldset>
            }
        });
        let notify_box = matches!(asking, Asking::Restore(_)).then(|| view! {
            <label class="check">
                <input type="checkbox" prop:checked=move || notify.get() on:change=move |ev| notify.set(event_target_checked(&ev))/>
                " Notify users by email"
            </label>
        });
        let host_field = needs_host.then(|| view! {
            <div class="field">
                <label for="confirm-host">"Type the portal's host name to confirm"</label>
                <input id="confirm-host" type="text" autocomplete="off" spellcheck="false"
                    aria-describedby="confirm-host-hint"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))/>
                <p id="confirm-host-hint" class="hint">{format!("The host name is {}.", host())}</p>
            </div>
        });
        Some(view! {
            <h2 id="change-title">{title}</h2>
            <div id="change-consequences">
                {consequences.into_iter().map(|c| view! { <p>{c}</p> }).collect_view()}
            </div>
            {storage_choice}
            {notify_box}
            {host_field}
            <div class="dialog-buttons">
                // Cancel is focused first and is what Enter presses by default.
                <button type="button" class="secondary" autofocus on:click=move |_| changes.dismiss()>"Cancel"</button>
                <button
                    type="button"
                    class=if is_backup { "primary" } else { "danger" }
                    disabled=move || {
                        changes.is_sending()
                            || (needs_host && !host_typed())
                            || (is_backup && running.is_some())
                    }
                    on:click=confirm
                >
                    {button}
                </button>
            </div>
        })
    };

    view! {
        <dialog
            node_ref=dialog
            class="change-dialog"
            aria-modal="true"
            aria-labelledby="change-title"
            aria-describedby="change-consequences"
            on:close=on_close
        >
            {body}
        </dialog>
    }
}
