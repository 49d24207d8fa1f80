//! `cargo run -p xtask -- single-file [--dist DIR] [--out FILE]`
//!
//! Makes one self-contained `backup-history.html` from a built `dist/`: the stylesheet in a
//! `<style>`, the wasm-bindgen glue and the wasm (as base64) in one inline module script, and a
//! Content-Security-Policy that allows exactly those two by their SHA-256 hashes. It opens
//! straight from disk (`file://`), where module scripts and a separate `.wasm` cannot be fetched.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use base64::Engine as _;
use sha2::{Digest, Sha256};

fn main() -> ExitCode {
    let args = args::from_env();
    match args.first().map(String::as_str) {
        Some("single-file") => {
            let dist = PathBuf::from(args::value_or(&args, "--dist", "dist"));
            let out = PathBuf::from(args::value_or(
                &args,
                "--out",
                "target/single/backup-history.html",
            ));
            match single_file(&dist, &out) {
                Ok(bytes) => {
                    println!("{}: {bytes} bytes", out.display());
                    ExitCode::SUCCESS
                }
                Err(why) => {
                    eprintln!("single-file: {why}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!("usage: cargo run -p xtask -- single-file [--dist DIR] [--out FILE]");
            ExitCode::from(2)
        }
    }
}

/// The one file in `dir` whose name passes `pick`.
fn find(dir: &Path, what: &str, pick: impl Fn(&str) -> bool) -> Result<PathBuf, String> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| {
            format!(
                "{}: {e} (build it first: trunk build --release)",
                dir.display()
            )
        })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&pick))
        .collect();
    match found.len() {
        1 => Ok(found.remove(0)),
        n => Err(format!(
            "expected one {what} in {}, found {n}",
            dir.display()
        )),
    }
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn sha256_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Text between `start` and `end` in `html` (exclusive), for the page's head parts.
fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)? + start.len();
    let to = html[from..].find(end)? + from;
    Some(&html[from..to])
}

fn single_file(dist: &Path, out: &Path) -> Result<usize, String> {
    let index = read(&dist.join("index.html"))?;
    let css = read(&find(dist, "stylesheet", |n| n.ends_with(".css"))?)?;
    let glue = read(&find(dist, "wasm-bindgen glue", |n| {
        n.ends_with(".js") && !n.starts_with("loader-")
    })?)?;
    let wasm_path = find(dist, "wasm", |n| n.ends_with("_bg.wasm"))?;
    let wasm = fs::read(&wasm_path).map_err(|e| format!("{}: {e}", wasm_path.display()))?;

    // The glue is an ES module; inline, its `export`s are harmless and `__wbg_init` is in scope.
    // It is given the wasm's bytes, so it never fetches (nor needs `import.meta.url`).
    let wasm64 = base64::engine::general_purpose::STANDARD.encode(&wasm);
    let script = format!(
        "{glue}\n;\nconst bytes = Uint8Array.from(atob(\"{wasm64}\"), c => c.charCodeAt(0));\n\
         await __wbg_init({{ module_or_path: bytes }});\n"
    );
    for (name, text) in [("script", &script), ("style", &css)] {
        if text.to_ascii_lowercase().contains(&format!("</{name}")) {
            return Err(format!(
                "the {name} holds a closing </{name}> tag; cannot inline it"
            ));
        }
    }

    let description = between(&index, "<meta name=\"description\" content=\"", "\"")
        .unwrap_or("See every backup of an ONLYOFFICE DocSpace portal.");
    let title = between(&index, "<title>", "</title>").unwrap_or("DocSpace backups");
    // The page's static body (heading, slots, footer), as trunk left it.
    let body = between(&index, "<body>", "</body>").unwrap_or_default();
    let csp = format!(
        "default-src 'none'; script-src {} 'wasm-unsafe-eval'; style-src {}; img-src data:; \
         connect-src *; object-src 'none'; base-uri 'none'; form-action 'none'",
        sha256_source(&script),
        sha256_source(&css)
    );
    let html = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"description\" content=\"{description}\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
         <title>{title}</title>\n<style>{css}</style>\n\
         <script type=\"module\">{script}</script>\n</head>\n<body>{body}</body>\n</html>\n"
    );
    if let Some(dir) = out.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    fs::write(out, &html).map_err(|e| format!("{}: {e}", out.display()))?;
    readable_by_everyone(out)?;
    Ok(html.len())
}

/// Mode 0644 whatever the umask: the file is meant to be handed out and served (a web server's
/// workers run as another user). scripts/check-readable.sh checks it in the test command.
fn readable_by_everyone(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt as _;
    fs::set_permissions(path, fs::Permissions::from_mode(0o644))
        .map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_csp_sources() {
        // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
        assert_eq!(
            sha256_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }

    #[test]
    fn a_closing_tag_in_the_code_is_refused() {
        let dir = std::env::temp_dir().join(format!("xtask-test-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("index.html"), "<title>t</title>").unwrap();
        fs::write(dir.join("main.css"), "body{}").unwrap();
        fs::write(dir.join("app.js"), "const s = '</script>';").unwrap();
        fs::write(dir.join("app_bg.wasm"), b"\0asm").unwrap();
        let err = single_file(&dir, &dir.join("out.html")).unwrap_err();
        assert!(err.contains("</script>"), "{err}");
        fs::write(dir.join("app.js"), "const s = 1;").unwrap();
        let n = single_file(&dir, &dir.join("out.html")).unwrap();
        let html = fs::read_to_string(dir.join("out.html")).unwrap();
        assert_eq!(n, html.len());
        assert!(html.contains("AGFzbQ=="), "the wasm is inlined as base64");
        use std::os::unix::fs::PermissionsExt as _;
        let mode = fs::metadata(dir.join("out.html"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644, "readable by everyone: {mode:o}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
