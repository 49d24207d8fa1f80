//! The spec gate of [`Page::run`]: every answer the demo portal sent during a test matches
//! DocSpace's own OpenAPI description (`tools/demo-portal/openapi`, checked by
//! `demo_portal::spec`), except the deliberate departures marked in `demo_portal::spec::departure`.

use crate::{ensure, Check, Page};

impl Page {
    /// The demo portal's answers so far that do not match DocSpace's description, one line each.
    pub fn answers_off_spec(&self) -> Vec<String> {
        demo_portal::spec::off_spec(&self.demo.answers())
    }

    /// Fails when any answer the demo portal sent so far does not match DocSpace's description.
    pub fn answers_keep_to_spec(&self) -> Check {
        let off = self.answers_off_spec();
        ensure(off.is_empty(), || {
            format!(
                "the demo portal answered off DocSpace's OpenAPI schemas \
                 (tools/demo-portal/openapi):\n{}",
                off.join("\n")
            )
        })
    }
}
