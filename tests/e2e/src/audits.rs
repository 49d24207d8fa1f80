//! The gates every end-to-end test passes after its scenario (`Page::run`) and the audits
//! tests call: Content-Security-Policy violations, the console, axe-core.

use crate::{ensure, Check, Page, DEMO_API_KEY, DEMO_TOKEN, NON_ADMIN_TOKEN};

impl Page {
    /// From here on, every CSP violation in the current document is recorded; `Page::run`
    /// fails the test on any (it reads them in whatever frame the test ends in).
    pub async fn watch_csp(&self) -> Check {
        self.js(
            "window.__cspViolations = [];
             document.addEventListener('securitypolicyviolation',
               e => window.__cspViolations.push(e.effectiveDirective + ' blocked ' + e.blockedURI));",
            vec![],
        )
        .await
        .map(|_| ())
    }

    /// The CSP violations seen since the last navigation.
    pub async fn csp_violations(&self) -> Result<Vec<String>, String> {
        let v = self
            .js("return window.__cspViolations ?? ['no listener']", vec![])
            .await?;
        crate::strings(&v)
    }

    /// Fails when the console holds anything but the browser's notes on failed requests (see
    /// [`browser_note`]), or when any line, the browser's too, carries a demo portal token.
    pub async fn console_is_quiet(&self) -> Check {
        let lines = self.console().await?;
        let own: Vec<_> = lines
            .iter()
            .filter(|(source, message)| !browser_note(source, message))
            .collect();
        ensure(own.is_empty(), || format!("the page logged: {own:?}"))?;
        let leaks: Vec<_> = lines
            .iter()
            .filter(|(_, m)| {
                [DEMO_TOKEN, DEMO_API_KEY, NON_ADMIN_TOKEN]
                    .iter()
                    .any(|t| m.contains(t))
            })
            .collect();
        ensure(leaks.is_empty(), || {
            format!("a token in the console: {leaks:?}")
        })
    }

    /// Runs axe-core (WCAG 2.0–2.2 A and AA rules) over the page as it is now; returns one line
    /// per violation and element. `AXE_CORE_JS` (set by scripts/test.sh) names axe.min.js.
    pub async fn axe(&self) -> Result<Vec<String>, String> {
        let path = std::env::var("AXE_CORE_JS").unwrap_or_else(|_| {
            format!(
                "{}/.cache/docspace-backups-tools/node_modules/axe-core/axe.min.js",
                std::env::var("HOME").unwrap_or_default()
            )
        });
        let source = std::fs::read_to_string(&path)
            .map_err(|e| format!("axe-core at {path}: {e} (scripts/test.sh installs it)"))?;
        let script = format!(
            "const done = arguments[arguments.length - 1];
             {source}
             ;axe.run(document, {{ runOnly: {{ type: 'tag',
                 values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }} }})
               .then(r => done(r.violations.flatMap(v => v.nodes.map(n =>
                   v.id + ' (' + v.impact + '): ' + n.target.join(' ') + ' - ' + n.failureSummary))),
                     e => done(['axe failed: ' + e]));"
        );
        let v = self
            .client
            .execute_async(&script, vec![])
            .await
            .map_err(|e| format!("running axe: {e}"))?;
        crate::strings(&v)
    }
}

/// What the browser itself writes to the console about a request the page made: a failed
/// load (a 4xx, a refused connection) or a response CORS kept from the page. Everything else
/// there came from the page: its own logging, an uncaught error or panic, a warning about its
/// markup.
fn browser_note(source: &str, message: &str) -> bool {
    source == "network"
        || (source == "javascript" && message.contains("has been blocked by CORS policy"))
}
