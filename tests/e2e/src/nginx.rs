//! A real nginx (Debian's package, installed by scripts/setup.sh) serving a copy of the built
//! `dist/` the way the README tells an admin to: the README's own `location` block, read out of
//! README.md, in a config this module writes, on a loopback port, workers as `www-data`.
//!
//! Start: `nginx -c <temp>/nginx.conf -e <temp>/error.log` with `daemon off;`, as a child of
//! the test. Stop: [`Nginx`]'s `Drop` sends `nginx -s stop` (the master ends its workers) and
//! waits for the child; the temp folder goes with it.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{closed_port, dist_dir};

/// Where the README's recipe puts the page's files; the tests put a copy elsewhere and change
/// only this folder in the block.
pub const README_FOLDER: &str = "/var/www/backup-history/";

/// The README's marker line right before the nginx block an admin pastes.
const README_MARKER: &str = "<!-- nginx-location: tested by tests/e2e/tests/nginx.rs -->";

/// The fenced ```nginx block that follows the marker in README.md, de-indented.
pub fn readme_location_block() -> Result<String, String> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&path).map_err(|e| format!("README.md: {e}"))?;
    let after = readme
        .split_once(README_MARKER)
        .ok_or_else(|| format!("README.md lost its marker {README_MARKER}"))?
        .1;
    let mut lines = after.lines().skip_while(|l| l.trim().is_empty());
    let fence = lines.next().unwrap_or_default();
    if fence.trim() != "```nginx" {
        return Err(format!(
            "README.md: the marker is not followed by a ```nginx block but {fence:?}"
        ));
    }
    let indent = fence.len() - fence.trim_start().len();
    let body: Vec<&str> = lines.take_while(|l| l.trim() != "```").collect();
    Ok(body
        .iter()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()))
        .collect::<Vec<_>>()
        .join("\n"))
}

/// The README's `location` block with [`README_FOLDER`] replaced by `folder` (which must end
/// in `/`, as `alias` wants). Fails if the block no longer names that folder exactly once.
pub fn readme_location_for(folder: &Path) -> Result<String, String> {
    let block = readme_location_block()?;
    let uses = block.matches(README_FOLDER).count();
    if uses != 1 {
        return Err(format!(
            "the README's nginx block names {README_FOLDER} {uses} times, not once:\n{block}"
        ));
    }
    Ok(block.replace(README_FOLDER, &format!("{}/", folder.display())))
}

/// A running nginx; stopped on drop.
pub struct Nginx {
    pub addr: SocketAddr,
    /// The copy of `dist/` nginx serves (what an admin copied with `cp -r dist/* …`).
    pub www: PathBuf,
    dir: PathBuf,
    child: Option<Child>,
}

impl Nginx {
    /// Copies `dist/` into a fresh folder as `cp -r` would (modes kept), writes a config whose
    /// `server` holds the README's location block (pointed at that folder) and `extra`, and
    /// starts nginx on a free loopback port.
    pub fn start(extra: &str) -> Result<Nginx, String> {
        let port = closed_port();
        let dir = std::env::temp_dir().join(format!("e2e-nginx-{}-{port}", std::process::id()));
        let www = dir.join("www/backup-history");
        for folder in [&dir, &dir.join("www"), &www, &dir.join("temp")] {
            std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
            // Searchable by the workers whatever the umask, like /var/www is.
            std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755))
                .map_err(|e| format!("{}: {e}", folder.display()))?;
        }
        copy_like_cp(&dist_dir(), &www)?;
        let location = readme_location_for(&www)?;
        // Workers as an unprivileged user, as Debian's nginx runs them; `user` only means
        // something to a master that runs as root.
        let user = if running_as_root() {
            "user www-data;"
        } else {
            ""
        };
        let d = dir.display();
        let config = format!(
            "daemon off;\nmaster_process on;\nworker_processes 1;\n{user}\npid {d}/nginx.pid;\n\
             error_log {d}/error.log warn;\nevents {{ worker_connections 64; }}\n\
             http {{\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n\
             access_log {d}/access.log;\n    client_body_temp_path {d}/temp/body;\n\
             proxy_temp_path {d}/temp/proxy;\n    fastcgi_temp_path {d}/temp/fastcgi;\n\
             uwsgi_temp_path {d}/temp/uwsgi;\n    scgi_temp_path {d}/temp/scgi;\n\
             server {{\n        listen 127.0.0.1:{port};\n        server_name localhost;\n\n\
             # The README's block, verbatim but for the folder:\n{location}\n\n{extra}\n    }}\n}}\n"
        );
        let conf = dir.join("nginx.conf");
        std::fs::write(&conf, config).map_err(|e| e.to_string())?;
        let child = Command::new(binary())
            .arg("-c")
            .arg(&conf)
            .arg("-e")
            .arg(dir.join("error.log"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("starting nginx ({}): {e}", binary()))?;
        let mut nginx = Nginx {
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            www,
            dir,
            child: Some(child),
        };
        nginx.wait_until_listening()?;
        Ok(nginx)
    }

    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// nginx's own error log so far (for failure messages).
    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }

    fn wait_until_listening(&mut self) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if TcpStream::connect(self.addr).is_ok() {
                return Ok(());
            }
            if let Some(child) = self.child.as_mut() {
                if let Ok(Some(code)) = child.try_wait() {
                    let mut err = String::new();
                    if let Some(mut e) = child.stderr.take() {
                        let _ = e.read_to_string(&mut err);
                    }
                    return Err(format!("nginx exited ({code}): {err}{}", self.error_log()));
                }
            }
            if started.elapsed() > Duration::from_secs(15) {
                return Err(format!("nginx did not listen: {}", self.error_log()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = Command::new(binary())
            .arg("-c")
            .arg(self.dir.join("nginx.conf"))
            .arg("-e")
            .arg(self.dir.join("error.log"))
            .args(["-s", "stop"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if let Some(mut child) = self.child.take() {
            let started = Instant::now();
            while matches!(child.try_wait(), Ok(None)) && started.elapsed() < Duration::from_secs(5)
            {
                std::thread::sleep(Duration::from_millis(50));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `NGINX`, else Debian's `/usr/sbin/nginx` (not on a plain user's PATH), else `nginx`.
fn binary() -> String {
    std::env::var("NGINX").unwrap_or_else(|_| {
        if Path::new("/usr/sbin/nginx").exists() {
            "/usr/sbin/nginx".into()
        } else {
            "nginx".into()
        }
    })
}

fn running_as_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Copies a folder's files as `cp -r` does: the same modes (so a file the build left private
/// stays private, as it would on a real server), new folders as the umask makes them.
fn copy_like_cp(from: &Path, to: &Path) -> Result<(), String> {
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.file_type().map_err(|e| e.to_string())?.is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| e.to_string())?;
            copy_like_cp(&entry.path(), &target)?;
        } else {
            // std::fs::copy keeps the permission bits, as cp does.
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("{}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// One plain HTTP/1.1 answer, read whole.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `GET path` from `addr` with `Connection: close`, as a plain client (no browser cache, no
/// CORS) sees it.
pub fn get(addr: SocketAddr, path: &str) -> Result<Answer, String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("{addr}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("reading {path}: {e}"))?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("{path}: no end of headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("{path}: no status line in {head:?}"))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Ok(Answer {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    })
}
