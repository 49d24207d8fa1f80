//! Browser adapters: the few browser facts and effects the page needs, each a thin wrapper over
//! `web-sys`. No page state and no views: values go in and come out, so the layers above decide.
//! May import `api` and `backup` (their types), never `state` or `components`.

pub mod address;
pub mod clipboard;
pub mod clock;
pub mod document;
pub mod intl;
pub mod plugin;
pub mod storage;
