//! `placard watch FEEDS.txt`: poll news feeds and ingest their new items.

use crate::watch::fetch::{FetchConfig, Fetcher};
use crate::watch::state::WatchState;
use crate::watch::{poll, read_feeds_file, WatchConfig};
use anyhow::{bail, Result};
use clap::Args;
use placard_engine::pipeline::ExtractorConfig;
use placard_sources::ReadLimits;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

/// Flags of `placard watch`.
#[derive(Args, Debug)]
pub struct WatchArgs {
    /// A file of feed URLs (RSS, Atom, RDF), one a line; `#` starts a comment.
    pub feeds: PathBuf,
    /// SQLite database file; the watch state is kept beside it in DB.watch.json.
    #[arg(long, default_value_os_t = crate::default_db())]
    pub db: PathBuf,
    /// Seconds between the starts of two polls.
    #[arg(long, default_value_t = 900)]
    pub interval: u64,
    /// Poll every feed once and exit (exit code 2 if a feed failed or an item was skipped).
    #[arg(long)]
    pub once: bool,
    /// Seconds between two requests to the same host.
    #[arg(long, default_value_t = 2.0)]
    pub delay: f64,
    /// Seconds to wait for a connection, and for each read of a response.
    #[arg(long, default_value_t = 20.0)]
    pub timeout: f64,
    /// Retries of a request after a 5xx, 429, timeout or broken connection.
    #[arg(long, default_value_t = 2)]
    pub retries: u32,
    /// Seconds before the first retry; each further retry waits twice as long.
    #[arg(long, default_value_t = 2.0)]
    pub backoff: f64,
    /// Redirects followed at most.
    #[arg(long, default_value_t = 5)]
    pub max_redirects: u32,
    /// Largest response (a feed or a page), in bytes, after inflating.
    #[arg(long, default_value_t = ReadLimits::standard().max_page_bytes)]
    pub max_bytes: usize,
    /// Find HTML pages' main text with the `trafilatura` crate's tree-based
    /// extractor (the block extractor as second opinion) instead of the
    /// block extractor alone: about seven times slower, and no better on the
    /// benchmarks (see ARCHITECTURE.md).
    #[arg(long)]
    pub tree_html: bool,
}

fn seconds(value: f64, flag: &str) -> Result<Duration> {
    if !value.is_finite() || value < 0.0 {
        bail!("--{flag} must be a number of seconds, 0 or more");
    }
    Ok(Duration::from_secs_f64(value))
}

/// Runs `placard watch`.
pub fn run(args: WatchArgs) -> Result<u8> {
    let feeds = read_feeds_file(&args.feeds)?;
    if feeds.is_empty() {
        bail!("{} lists no feed URLs", args.feeds.display());
    }
    let fetch_config = FetchConfig {
        connect_timeout: seconds(args.timeout, "timeout")?,
        read_timeout: seconds(args.timeout, "timeout")?,
        retries: args.retries,
        backoff: seconds(args.backoff, "backoff")?,
        max_redirects: args.max_redirects,
        max_bytes: args.max_bytes,
        host_delay: seconds(args.delay, "delay")?,
    };
    let mut limits = super::read_limits(args.tree_html);
    limits.max_page_bytes = args.max_bytes;
    let config = WatchConfig {
        feeds,
        limits,
        state_path: WatchState::path_for(&args.db),
    };
    let mut store = super::open_store(&args.db)?;
    let extractor = ExtractorConfig::all_languages()
        .build()
        .map_err(anyhow::Error::msg)?;
    let mut state = WatchState::load(&config.state_path)?;
    let mut fetcher = Fetcher::new(fetch_config);
    let interval = Duration::from_secs(args.interval);
    let mut n_poll = 0u64;
    loop {
        n_poll += 1;
        let started = std::time::Instant::now();
        let summary = match poll(&mut store, &extractor, &mut fetcher, &mut state, &config) {
            Ok(summary) => summary,
            Err(error) if !args.once => {
                // A long-running watch outlives a bad poll (a locked
                // database, a full disk): nothing of it was remembered, so
                // the next poll takes the same items again.
                eprintln!("placard: poll {n_poll} failed: {error:#}");
                std::thread::sleep(interval.saturating_sub(started.elapsed()));
                continue;
            }
            Err(error) => return Err(error),
        };
        {
            let mut stdout = std::io::stdout().lock();
            if !args.once {
                writeln!(stdout, "poll {n_poll}")?;
            }
            write!(stdout, "{}", summary.render())?;
            stdout.flush()?;
        }
        if args.once {
            return Ok(if summary.has_problems() {
                crate::EXIT_SKIPPED
            } else {
                0
            });
        }
        std::thread::sleep(interval.saturating_sub(started.elapsed()));
    }
}
