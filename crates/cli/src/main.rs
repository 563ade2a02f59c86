//! The `placard` command line: flags are parsed here, turned into validated
//! settings, and handed to the subcommand in `commands/`. The work itself is
//! done by the engine, sources and store crates.

mod commands;
mod ingest;
mod output;
mod reading;
mod watch;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit code when the run finished but some input was skipped.
pub const EXIT_SKIPPED: u8 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "placard",
    version,
    about = "Turn news reports into a protest-event dataset, with evidence for every value."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Ingest the bundled sample corpus into a database and print its events.
    Demo(commands::demo::DemoArgs),
    /// Print the articles read from inputs as JSONL (metadata, text and source); no extraction.
    Read(commands::read::ReadArgs),
    /// Read, extract, reconcile and store articles. Resumable and idempotent.
    Ingest(commands::ingest::IngestArgs),
    /// Poll news feeds (RSS, Atom, RDF), fetch each new item's page, ingest; remembers what it saw.
    Watch(commands::watch::WatchArgs),
    /// Stateless pipe stage: articles in, reports JSONL out.
    Extract(commands::extract::ExtractArgs),
    /// List events from a database.
    Events(commands::events::EventsArgs),
    /// Show one event with its reports, evidence and source chains.
    Show(commands::show::ShowArgs),
    /// Show which rules and lexicon entries produced each value of a report.
    Explain(commands::explain::ExplainArgs),
    /// Show the places found in a text, with every candidate and what ranked it.
    Geocode(commands::geocode::GeocodeArgs),
    /// Score extraction against a gold file (precision, recall, F1, field accuracy).
    Eval(commands::eval::EvalArgs),
    /// Measure extract and ingest speed on a generated English corpus.
    Bench(commands::bench::BenchArgs),
    /// Serve the HTTP JSON API (events, articles, stats, exports, review).
    Serve(commands::serve::ServeArgs),
    /// Create API tokens for `placard serve`.
    Token(commands::token::TokenArgs),
}

/// The default database: `./placard.db`.
pub fn default_db() -> PathBuf {
    PathBuf::from("placard.db")
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo(args) => commands::demo::run(args),
        Command::Read(args) => commands::read::run(args),
        Command::Ingest(args) => commands::ingest::run(args),
        Command::Watch(args) => commands::watch::run(args),
        Command::Extract(args) => commands::extract::run(args),
        Command::Events(args) => commands::events::run(args),
        Command::Show(args) => commands::show::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Geocode(args) => commands::geocode::run(args),
        Command::Eval(args) => commands::eval::run(args),
        Command::Bench(args) => commands::bench::run(args),
        Command::Serve(args) => commands::serve::run(args),
        Command::Token(args) => commands::token::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // The reader of our output went away (`placard events | head`):
        // nothing is wrong, stop quietly.
        Err(error)
            if error.chain().any(|cause| {
                let broken = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
                cause.downcast_ref::<std::io::Error>().is_some_and(broken)
                    // The CSV writer wraps the error without exposing it as a source.
                    || cause
                        .downcast_ref::<csv::Error>()
                        .is_some_and(|csv_error| match csv_error.kind() {
                            csv::ErrorKind::Io(io) => broken(io),
                            _ => false,
                        })
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("placard: {error:#}");
            ExitCode::from(1)
        }
    }
}
