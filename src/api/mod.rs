//! The API layer: turning the form into a request, making it, and reading DocSpace's answers.
//! Plain types and functions; no view code. Each item has one path, its module's: the module
//! names the file it is in.

pub mod answer;
pub mod change;
pub mod client;
pub mod envelope;
pub mod error_body;
pub mod failure;
pub mod message;
pub mod request;
pub mod schedule;
pub mod token;
pub mod url;
