//! `cargo run --release -p bench -- [--rounds N]`: the app's release `dist/` against the
//! hand-written page in `bench/baseline/`, both in headless Chromium against the demo portal
//! serving generated histories, alternating app and baseline in each round. Prints medians,
//! ratios and the budgets of the performance issue.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use browser::Browser;
use demo_portal::{spawn, Behaviour, Demo, DEMO_TOKEN};
use serde_json::{json, Value};

/// Runs at the start of every document: marks when the form is usable and when a load is done.
const PROBE: &str = r#"(() => {
  const b = window.__bench = {};
  let pending = false;
  const check = () => {
    if (b.formReady === undefined && document.readyState !== 'loading' && document.querySelector('form input')) {
      b.formReady = performance.now();
    }
    if (b.target && b.loaded === undefined && !pending) {
      const s = document.querySelector('[role=status]');
      if (s && s.textContent.trim() === b.target && document.querySelector('ul > li > article')) {
        pending = true;
        requestAnimationFrame(() => setTimeout(() => { b.loaded = performance.now(); }));
      }
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
  document.addEventListener('DOMContentLoaded', check);
  addEventListener('TrunkApplicationStarted', e => { window.__wasm = e.detail.wasm; });
})();"#;

#[derive(Clone, Copy, PartialEq)]
enum Variant {
    App,
    Baseline,
}

#[derive(Default)]
struct Samples {
    form_ready: Vec<f64>,
    load: [Vec<f64>; 3],
    keystroke: Vec<f64>,
    memory: Vec<f64>,
}

const SIZES: [usize; 3] = [100, 1_000, 10_000];

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Runs a script in the page; a script that throws is an error, not a `null`.
async fn js(page: &World, script: &str) -> Result<Value, String> {
    page.js(script, vec![]).await
}

async fn wait_number(page: &World, expr: &str, patience: Duration) -> Result<f64, String> {
    let started = std::time::Instant::now();
    loop {
        if let Some(n) = js(page, &format!("return {expr}")).await?.as_f64() {
            return Ok(n);
        }
        if started.elapsed() > patience {
            return Err(format!("gave up waiting for {expr}"));
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Self time by function of a `Profiler.stop` profile, heaviest first, on stderr.
fn print_profile(profile: &Value) {
    let nodes = profile["nodes"].as_array().cloned().unwrap_or_default();
    let mut hits: HashMap<u64, u64> = HashMap::new();
    for id in profile["samples"].as_array().into_iter().flatten() {
        *hits.entry(id.as_u64().unwrap_or(0)).or_default() += 1;
    }
    let total = hits.values().sum::<u64>().max(1);
    let mut by_name: HashMap<String, u64> = HashMap::new();
    for node in &nodes {
        let id = node["id"].as_u64().unwrap_or(0);
        let frame = &node["callFrame"];
        let name = format!(
            "{} {}",
            frame["functionName"].as_str().unwrap_or("?"),
            frame["url"]
                .as_str()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("")
        );
        *by_name.entry(name).or_default() += hits.get(&id).copied().unwrap_or(0);
    }
    // Inclusive time by function (children summed), to see which part is heavy.
    let children: HashMap<u64, Vec<u64>> = nodes
        .iter()
        .map(|n| {
            let kids = n["children"].as_array().into_iter().flatten();
            (
                n["id"].as_u64().unwrap_or(0),
                kids.filter_map(Value::as_u64).collect(),
            )
        })
        .collect();
    fn inclusive(id: u64, children: &HashMap<u64, Vec<u64>>, hits: &HashMap<u64, u64>) -> u64 {
        hits.get(&id).copied().unwrap_or(0)
            + children
                .get(&id)
                .into_iter()
                .flatten()
                .map(|&c| inclusive(c, children, hits))
                .sum::<u64>()
    }
    let mut own: HashMap<String, u64> = HashMap::new();
    for node in &nodes {
        let name = node["callFrame"]["functionName"].as_str().unwrap_or("");
        if !name.is_empty() && !name.starts_with('(') {
            let short: String = name.rsplit_once("::h").map_or(name, |(a, _)| a).into();
            *own.entry(short).or_default() +=
                inclusive(node["id"].as_u64().unwrap_or(0), &children, &hits);
        }
    }
    let mut own: Vec<_> = own.into_iter().collect();
    own.sort_by_key(|row| std::cmp::Reverse(row.1));
    for (name, n) in own.into_iter().take(40) {
        eprintln!("incl {:5.1}% {n:5} {name}", 100.0 * n as f64 / total as f64);
    }
    let mut rows: Vec<_> = by_name.into_iter().filter(|(_, n)| *n > 0).collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.1));
    eprintln!("profile: {total} samples");
    let mut kinds: HashMap<&str, u64> = HashMap::new();
    for node in &nodes {
        let frame = &node["callFrame"];
        let url = frame["url"].as_str().unwrap_or("");
        let name = frame["functionName"].as_str().unwrap_or("");
        let kind = if url.ends_with(".wasm") {
            "wasm"
        } else if url.ends_with(".js") {
            "js glue"
        } else if name.starts_with('(') {
            name
        } else {
            "browser built-ins (DOM, Intl)"
        };
        *kinds.entry(kind).or_default() += hits
            .get(&node["id"].as_u64().unwrap_or(0))
            .copied()
            .unwrap_or(0);
    }
    for (kind, n) in kinds {
        eprintln!("kind {:5.1}% {n:5} {kind}", 100.0 * n as f64 / total as f64);
    }
    for (name, n) in rows.into_iter().take(30) {
        eprintln!("{:5.1}% {n:5} {name}", 100.0 * n as f64 / total as f64);
    }
}

/// One navigation, one load of `n` backups; at 10,000 also a keystroke and the memory.
async fn measure(
    page: &World,
    url: &str,
    n: usize,
    samples: &mut Samples,
    slot: usize,
    profile: bool,
) -> Result<(), String> {
    page.demo.set_behaviour(Behaviour {
        history_size: Some(n),
        ..Behaviour::default()
    });
    if profile && slot == 0 {
        page.cdp("Profiler.enable", json!({})).await?;
        page.cdp("Profiler.setSamplingInterval", json!({ "interval": 100 }))
            .await?;
        page.cdp("Profiler.start", json!({})).await?;
    }
    page.client.goto(url).await.map_err(|e| e.to_string())?;
    let ready = wait_number(
        page,
        "window.__bench && window.__bench.formReady",
        Duration::from_secs(20),
    )
    .await?;
    if slot == 0 {
        samples.form_ready.push(ready);
    }
    if profile && slot == 0 {
        let p = page.cdp("Profiler.stop", json!({})).await?;
        eprintln!("\nCPU profile: navigation → form ready ({ready:.0} ms)");
        print_profile(&p["profile"]);
    }
    js(
        page,
        &format!(
            "const t = document.querySelector('input[type=password]');
             t.value = '{DEMO_TOKEN}'; t.dispatchEvent(new Event('input', {{ bubbles: true }}));
             window.__bench.target = '{n} backups';
             window.__bench.t0 = performance.now();
             document.querySelector('form').requestSubmit();"
        ),
    )
    .await?;
    let loaded = wait_number(page, "window.__bench.loaded", Duration::from_secs(120)).await?;
    let t0 = wait_number(page, "window.__bench.t0", Duration::from_secs(1)).await?;
    samples.load[slot].push(loaded - t0);
    if n == 10_000 {
        // Memory right after the load, before a search narrows anything.
        page.cdp("HeapProfiler.collectGarbage", json!({})).await?;
        let mem = js(
            page,
            "return performance.memory.usedJSHeapSize + (window.__wasm ? window.__wasm.memory.buffer.byteLength : 0)",
        )
        .await?;
        let mem = mem
            .as_f64()
            .ok_or_else(|| format!("the memory reading is not a number: {mem}"))?;
        samples.memory.push(mem / 1_048_576.0);
        if profile {
            page.cdp("Profiler.enable", json!({})).await?;
            page.cdp("Profiler.setSamplingInterval", json!({ "interval": 100 }))
                .await?;
            page.cdp("Profiler.start", json!({})).await?;
        }
        let typed = page
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const s = document.querySelector('input[type=search]');
                 const t0 = performance.now();
                 s.value = window.__q || '_13-00';
                 s.dispatchEvent(new Event('input', { bubbles: true }));
                 requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0)));",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        let typed = typed
            .as_f64()
            .ok_or_else(|| format!("the keystroke timing is not a number: {typed}"))?;
        samples.keystroke.push(typed);
        if profile {
            let profile = page.cdp("Profiler.stop", json!({})).await?;
            eprintln!("\nCPU profile: the search keystroke");
            print_profile(&profile["profile"]);
        }
        let matches = js(
            page,
            "return document.querySelectorAll('ul > li > article').length",
        )
        .await?;
        if matches.as_u64().unwrap_or(0) == 0 {
            return Err("the search left no cards".into());
        }
    }
    Ok(())
}

/// npm `lighthouse` 12.8 with Debian's Chromium.
type Scores = (Vec<(String, f64)>, String);

/// Lighthouse's four category scores for `url`, and its timings in one line (what the
/// performance score is made of, and which element was the largest paint).
fn lighthouse(url: &str) -> Result<Scores, String> {
    let out = std::env::temp_dir().join(format!("lighthouse-{}.json", std::process::id()));
    let status = Command::new("lighthouse")
        .arg(url)
        .args([
            "--only-categories=performance,accessibility,best-practices,seo",
            "--output=json",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ])
        .arg(format!("--output-path={}", out.display()))
        .env(
            "CHROME_PATH",
            std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
        )
        .status()
        .map_err(|e| format!("lighthouse: {e} (scripts/bench.sh installs it)"))?;
    if !status.success() {
        return Err(format!("lighthouse exited with {status}"));
    }
    let text = std::fs::read_to_string(&out).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&out);
    let report: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let scores = ["performance", "accessibility", "best-practices", "seo"]
        .iter()
        .map(|k| {
            let score = report["categories"][k]["score"]
                .as_f64()
                .unwrap_or(f64::NAN)
                * 100.0;
            (k.to_string(), score)
        })
        .collect();
    let audits = &report["audits"];
    let shown = |id: &str| {
        audits[id]["displayValue"]
            .as_str()
            .unwrap_or("?")
            .to_owned()
    };
    let lcp_element = audits["largest-contentful-paint-element"]["details"]["items"][0]["items"][0]
        ["node"]["snippet"]
        .as_str()
        .unwrap_or("?")
        .chars()
        .take(80)
        .collect::<String>();
    let timings = format!(
        "FCP {}, LCP {} (largest paint: {lcp_element}), TBT {}, CLS {}, Speed Index {}",
        shown("first-contentful-paint"),
        shown("largest-contentful-paint"),
        shown("total-blocking-time"),
        shown("cumulative-layout-shift"),
        shown("speed-index"),
    );
    Ok((scores, timings))
}

/// raw, gzip -9 and brotli bytes of every file in `dir`. A missing or empty folder, or a
/// compressor that is missing or fails, is an error: counting it as 0 bytes would print "met".
fn transfer(dir: &Path) -> Result<(u64, u64, u64), String> {
    transfer_using(dir, "gzip", "brotli")
}

fn transfer_using(dir: &Path, gzip: &str, brotli: &str) -> Result<(u64, u64, u64), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut total = (0, 0, 0);
    let mut files = 0;
    for e in entries {
        let p = e.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if !p.is_file() {
            continue;
        }
        let count = |cmd: &str, args: &[&str]| -> Result<u64, String> {
            let out = Command::new(cmd)
                .args(args)
                .arg(&p)
                .output()
                .map_err(|e| format!("{cmd}: {e} (scripts/setup.sh installs it)"))?;
            if !out.status.success() || out.stdout.is_empty() {
                return Err(format!(
                    "{cmd} {} failed ({}): {}",
                    p.display(),
                    out.status,
                    String::from_utf8_lossy(&out.stderr).trim()
                ));
            }
            Ok(out.stdout.len() as u64)
        };
        total.0 += std::fs::metadata(&p).map_err(|e| e.to_string())?.len();
        total.1 += count(gzip, &["-9c"])?;
        total.2 += count(brotli, &["-c"])?;
        files += 1;
    }
    if files == 0 {
        return Err(format!(
            "{} holds no files: build it first (trunk build --release)",
            dir.display()
        ));
    }
    Ok(total)
}

fn row(name: &str, app: f64, base: f64, unit: &str, budget: Option<f64>) {
    let ratio = app / base;
    let verdict = match budget {
        Some(b) if ratio <= b => format!("≤ {b:.1}× met"),
        Some(b) => format!("≤ {b:.1}× NOT met"),
        None => String::new(),
    };
    println!("| {name} | {app:.1} {unit} | {base:.1} {unit} | {ratio:.2}× | {verdict} |");
}

/// What the benchmark drives: the demo portal (the API the page calls) and one headless
/// Chromium. The test harness is not used, so measuring never depends on test code.
struct World {
    demo: Demo,
    browser: Browser,
}

impl std::ops::Deref for World {
    type Target = Browser;

    fn deref(&self) -> &Browser {
        &self.browser
    }
}

#[tokio::main]
async fn main() -> Result<(), String> {
    let args = args::from_env();
    let rounds: usize = match args::value(&args, "--rounds") {
        None => 5,
        Some(n) => n
            .parse()
            .map_err(|_| format!("--rounds takes a whole number, not {n:?}"))?,
    };
    // --profile: CPU profiles of the app's start and of its keystroke, by kind and heaviest
    // functions, on stderr (build without wasm-opt to keep the wasm's names).
    let profile = args::flag(&args, "--profile");
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let baseline_dir = root.join("bench/baseline");
    // Sizes first: a missing compressor or an empty dist/ stops the run before any browser.
    let app_transfer = transfer(&root.join("dist"))?;
    let base_transfer = transfer(&baseline_dir)?;

    let demo = Demo::new(chrono::Utc::now());
    let api = spawn("127.0.0.1:0", demo.api_router())
        .await
        .map_err(|e| e.to_string())?;
    let app_server = spawn("127.0.0.1:0", demo.page_router(root.join("dist")))
        .await
        .map_err(|e| e.to_string())?;
    let baseline = spawn("127.0.0.1:0", demo.page_router(baseline_dir.clone()))
        .await
        .map_err(|e| e.to_string())?;
    let page = World {
        demo,
        browser: Browser::launch().await,
    };
    page.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": PROBE }),
    )
    .await?;
    let portal = format!("http://{api}");
    let app_url = format!("http://{app_server}/?portal={portal}");
    let base_url = format!("http://{baseline}/index.html?portal={portal}");

    let mut app = Samples::default();
    let mut base = Samples::default();
    let mut outcome = Ok(());
    'rounds: for round in 1..=rounds {
        eprintln!("round {round}/{rounds}");
        for (slot, n) in SIZES.into_iter().enumerate() {
            for variant in [Variant::App, Variant::Baseline] {
                let (url, samples) = match variant {
                    Variant::App => (&app_url, &mut app),
                    Variant::Baseline => (&base_url, &mut base),
                };
                let profile = profile && variant == Variant::App;
                if let Err(e) = measure(&page, url, n, samples, slot, profile).await {
                    outcome = Err(e);
                    break 'rounds;
                }
            }
        }
    }
    let lighthouse = if outcome.is_ok() && !args::flag(&args, "--no-lighthouse") {
        let url = app_url.clone();
        tokio::task::spawn_blocking(move || lighthouse(&url))
            .await
            .map_err(|e| e.to_string())?
    } else {
        Err("skipped".into())
    };
    page.browser.close().await;
    outcome?;

    let (ar, ag, ab) = app_transfer;
    let (br, bg, bb) = base_transfer;
    println!();
    println!("Chromium headless, {rounds} rounds, app and baseline alternating; medians.");
    println!();
    println!("| transfer (whole page) | raw | gzip -9 | brotli |");
    println!("|---|---|---|---|");
    println!("| app dist/ | {ar} | {ag} | {ab} |");
    println!("| baseline | {br} | {bg} | {bb} |");
    let budget = if ab <= 100 * 1024 { "met" } else { "NOT met" };
    println!();
    println!(
        "Budget: whole dist ≤ 100 KB brotli ({} KB): {budget}.",
        ab / 1024
    );
    println!();
    println!("| measure | app | baseline | ratio | budget |");
    println!("|---|---|---|---|---|");
    row(
        "navigation → form ready",
        median(&app.form_ready),
        median(&base.form_ready),
        "ms",
        Some(2.0),
    );
    for (slot, n) in SIZES.into_iter().enumerate() {
        let budget = match n {
            1_000 => Some(1.2),
            10_000 => Some(1.0),
            _ => None,
        };
        row(
            &format!("submit → cards usable, N = {n}"),
            median(&app.load[slot]),
            median(&base.load[slot]),
            "ms",
            budget,
        );
    }
    let key = median(&app.keystroke);
    row(
        "search keystroke → next frame, N = 10,000",
        key,
        median(&base.keystroke),
        "ms",
        None,
    );
    println!(
        "|   (absolute budget ≤ 16 ms) | {key:.1} ms | | | {} |",
        if key <= 16.0 { "met" } else { "NOT met" }
    );
    row(
        "JS heap + wasm memory, N = 10,000",
        median(&app.memory),
        median(&base.memory),
        "MB",
        Some(2.0),
    );
    println!();
    match lighthouse {
        Ok((scores, timings)) => {
            println!("| Lighthouse (the app, default mobile throttling) | score | budget 100 |");
            println!("|---|---|---|");
            for (k, v) in scores {
                let met = if v >= 100.0 { "met" } else { "NOT met" };
                println!("| {k} | {v:.0} | {met} |");
            }
            println!();
            println!("Lighthouse timings: {timings}");
        }
        Err(why) => println!("Lighthouse: {why}"),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch folder of this test's own.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("bench-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn an_empty_or_missing_dist_is_an_error_not_zero_bytes() {
        let dir = scratch("empty");
        let empty = transfer(&dir);
        assert!(
            empty.as_ref().is_err_and(|e| e.contains("holds no files")),
            "{empty:?}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(transfer(&dir).is_err(), "a missing folder counted");
    }

    #[test]
    fn a_missing_or_failing_compressor_is_an_error_not_zero_bytes() {
        let dir = scratch("tools");
        std::fs::write(dir.join("index.html"), "<!doctype html><title>x</title>").unwrap();
        let missing = transfer_using(&dir, "gzip", "no-such-brotli");
        assert!(
            missing
                .as_ref()
                .is_err_and(|e| e.contains("no-such-brotli")),
            "{missing:?}"
        );
        let failing = transfer_using(&dir, "false", "false");
        assert!(
            failing.is_err(),
            "a failing compressor counted: {failing:?}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
