//! `placard ingest PATH...`: read, extract, reconcile, store.

use crate::ingest::{run_ingest, IngestConfig, IngestInput};
use anyhow::Result;
use clap::Args;
use placard_engine::pipeline::ExtractorConfig;
use placard_sources::ReadLimits;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Flags of `placard ingest`.
#[derive(Args, Debug)]
pub struct IngestArgs {
    /// Files or directories (.txt, .md, .jsonl, any of them .gz); `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// SQLite database file.
    #[arg(long, default_value_os_t = crate::default_db())]
    pub db: PathBuf,
    /// Articles stored per transaction.
    #[arg(long, default_value_t = 256)]
    pub batch_size: usize,
    /// Largest article accepted, in bytes.
    #[arg(long, default_value_t = ReadLimits::standard().max_article_bytes)]
    pub max_article_bytes: usize,
    /// Never draw a progress bar.
    #[arg(long)]
    pub quiet: bool,
    /// Find HTML pages' main text with the `trafilatura` crate's tree-based
    /// extractor (the block extractor as second opinion) instead of the
    /// block extractor alone: about seven times slower, and no better on the
    /// benchmarks (see ARCHITECTURE.md).
    #[arg(long)]
    pub tree_html: bool,
}

/// Runs `placard ingest`; exit code 2 when something was skipped.
pub fn run(args: IngestArgs) -> Result<u8> {
    let mut store = super::open_store(&args.db)?;
    let extractor = ExtractorConfig::all_languages()
        .build()
        .map_err(anyhow::Error::msg)?;
    let mut limits = super::read_limits(args.tree_html);
    limits.max_article_bytes = args.max_article_bytes;
    let config = IngestConfig {
        input: IngestInput::Paths(args.paths),
        batch_size: args.batch_size.max(1),
        limits,
        progress: !args.quiet && std::io::stderr().is_terminal(),
    };
    let summary = run_ingest(&mut store, &extractor, &config)?;
    let mut stdout = std::io::stdout().lock();
    write!(stdout, "{}", summary.render())?;
    Ok(if summary.skipped.is_empty() {
        0
    } else {
        crate::EXIT_SKIPPED
    })
}
