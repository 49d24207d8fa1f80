//! The API layer: turning the form into a request, making it, and reading DocSpace's answers.
//! Plain types and functions; no view code.

pub mod client;
pub mod envelope;
pub mod error;
pub mod error_body;
pub mod message;
pub mod portal;
pub mod url;

pub use client::{fetch_history, FetchError};
pub use envelope::{parse_history, History, NotHistory};
pub use error::Failure;
pub use portal::{prepare, FieldErrors, FormInput, HistoryRequest, Origin, PageContext};
