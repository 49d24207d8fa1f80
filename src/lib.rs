//! DocSpace backups: a Leptos single-page app that lists a DocSpace portal's backups.
//!
//! Layers, each importing only those below it:
//! - [`components`]: the views (browser tests); read state, call its methods;
//! - [`state`]: the page's signals by concern, changed only through named methods;
//! - [`web`]: browser adapters (clock, storage, clipboard, address, Intl, plugin messages);
//! - [`api`]: request building, the DocSpace envelope, error decoding (native tests);
//! - [`backup`]: the domain: records, dates, order, judgements (native tests).

pub mod api;
pub mod backup;
pub mod components;
pub mod state;
pub mod web;

pub use components::App;
