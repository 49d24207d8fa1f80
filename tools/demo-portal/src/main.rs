//! `demo-portal [--api ADDR] [--app ADDR] [--dist DIR] [--history N]`: the demo portal and the built page.
//!
//! The portal answers the backup history, schedule and progress and the portal settings, and
//! takes the writes (start a backup, delete one or all, restore); each admin token selects a
//! situation (see the banner, or `demo_portal::Situation`).

use std::path::PathBuf;

use demo_portal::{
    spawn, Behaviour, Demo, Situation, DEMO_API_KEY, DEMO_TOKEN, NON_ADMIN_TOKEN, READ_ONLY_KEY,
};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = args::from_env();
    let api = args::value_or(&args, "--api", "127.0.0.1:8092");
    let app = args::value_or(&args, "--app", "127.0.0.1:8080");
    let dist = PathBuf::from(args::value_or(&args, "--dist", "dist"));
    if !dist.join("index.html").exists() {
        eprintln!(
            "{} has no index.html: build the page first (trunk build --release).",
            dist.display()
        );
        std::process::exit(2);
    }
    let demo = Demo::new(chrono::Utc::now());
    // `--history N`: serve N generated hourly backups instead of the usual two months.
    let history = args::value_or(&args, "--history", "");
    if !history.is_empty() {
        match history.parse::<usize>() {
            Ok(n) => demo.set_behaviour(Behaviour {
                history_size: Some(n),
                ..Behaviour::default()
            }),
            Err(_) => {
                eprintln!("--history takes a number of backups, not {history:?}.");
                std::process::exit(2);
            }
        }
    }
    let api = spawn(&api, demo.api_router()).await?;
    let app = spawn(&app, demo.page_router(dist)).await?;
    println!();
    println!("  Demo portal  http://{api}");
    println!("  Open         http://{app}/?portal=http://{api}");
    println!("  Token        {DEMO_TOKEN}   (paste it into \"Access token\")");
    println!("               {DEMO_API_KEY} is an API key for the same admin;");
    println!("               {READ_ONLY_KEY} is a read-only key: it reads, every write gets 403;");
    println!("               {NON_ADMIN_TOKEN} is a plain user and gets 403 Access denied.");
    println!();
    println!("  Writes       Back up, Delete, Delete all and Restore change later answers");
    println!("               (per situation); while a restore runs (5 s) the API answers 403,");
    println!("               but for settings and getrestoreprogress.");
    println!();
    println!("  Situations   each token is an admin of the portal in another situation:");
    for situation in Situation::ALL {
        println!("    {:<31} {}", situation.token(), situation.summary());
    }
    println!();
    println!("  Ctrl+C stops both.");
    tokio::signal::ctrl_c().await?;
    Ok(())
}
