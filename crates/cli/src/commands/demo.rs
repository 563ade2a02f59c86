//! `placard demo`: ingest the bundled corpus and print its events.

use crate::ingest::{run_ingest, IngestConfig, IngestInput};
use crate::output::{write_events, EventFormat};
use anyhow::Result;
use clap::Args;
use placard_engine::pipeline::ExtractorConfig;
use placard_sources::ReadLimits;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// The demo corpora: short reports written for Placard about real protests,
/// in English, Russian and Ukrainian.
pub const DEMO_CORPORA: [(&str, &str); 3] = [
    (
        "demo/en.jsonl",
        include_str!("../../../../data/demo/en.jsonl"),
    ),
    (
        "demo/ru.jsonl",
        include_str!("../../../../data/demo/ru.jsonl"),
    ),
    (
        "demo/uk.jsonl",
        include_str!("../../../../data/demo/uk.jsonl"),
    ),
];

/// Flags of `placard demo`.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// SQLite database file to fill.
    #[arg(long, default_value_os_t = crate::default_db())]
    pub db: PathBuf,
}

/// Runs `placard demo`.
pub fn run(args: DemoArgs) -> Result<u8> {
    let mut store = super::open_store(&args.db)?;
    let extractor = ExtractorConfig::all_languages()
        .build()
        .map_err(anyhow::Error::msg)?;
    let config = IngestConfig {
        input: IngestInput::Embedded(DEMO_CORPORA.to_vec()),
        batch_size: 256,
        limits: ReadLimits::standard(),
        progress: std::io::stderr().is_terminal(),
    };
    let summary = run_ingest(&mut store, &extractor, &config)?;
    let events = store.events(&placard_store::EventFilter::default())?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "Demo corpus ingested into {}", args.db.display())?;
    write!(stdout, "{}", summary.render())?;
    writeln!(stdout)?;
    write_events(&mut stdout, &events, &events, EventFormat::Table)?;
    writeln!(
        stdout,
        "\nNext: placard show EVENT_ID --db {0}   placard events --format csv --db {0}",
        args.db.display()
    )?;
    Ok(if summary.skipped.is_empty() {
        0
    } else {
        crate::EXIT_SKIPPED
    })
}
