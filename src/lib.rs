//! DocSpace backups: a Leptos single-page app that lists a DocSpace portal's backups.
//!
//! Layers, each readable and testable alone:
//! - [`api`]: request building, the DocSpace envelope, error decoding (native tests);
//! - [`backup`]: the domain: records, dates, order (native tests);
//! - [`state`]: the page's signals and the request lifecycle;
//! - [`components`]: the views (browser tests).

pub mod api;
pub mod backup;
pub mod components;
pub mod state;

pub use components::App;
