//! `placard events`: list events with filters, as a table, CSV, JSONL,
//! GeoJSON, PLOVER-shaped JSONL, ACLED-shaped CSV or Parquet.

use crate::output::{write_events, EventFormat};
use anyhow::{anyhow, Result};
use clap::Args;
use placard_engine::{ActorGroup, Kind, ReviewStatus};
use placard_store::EventFilter;
use std::path::PathBuf;

/// Flags of `placard events`.
#[derive(Args, Debug)]
pub struct EventsArgs {
    /// SQLite database file.
    #[arg(long, default_value_os_t = crate::default_db())]
    pub db: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = EventFormat::Table)]
    pub format: EventFormat,
    /// Only this kind (protest, arrest, permit_refused …).
    #[arg(long)]
    pub kind: Option<String>,
    /// Only this country (ISO 3166-1 alpha-2, e.g. RU).
    #[arg(long)]
    pub country: Option<String>,
    /// Only this place name.
    #[arg(long)]
    pub place: Option<String>,
    /// Only events on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only events on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<String>,
    /// Only events with this actor group (students, workers, soldiers_relatives …).
    #[arg(long)]
    pub group: Option<String>,
    /// Only events with this review status (unreviewed, accepted, rejected).
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// At most this many events.
    #[arg(long)]
    pub limit: Option<usize>,
}

/// Review statuses on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusArg {
    /// Nobody has reviewed it.
    Unreviewed,
    /// A coder accepted it.
    Accepted,
    /// A coder rejected it.
    Rejected,
}

/// Runs `placard events`.
pub fn run(args: EventsArgs) -> Result<u8> {
    let kind = args
        .kind
        .as_deref()
        .map(|name| {
            Kind::parse(name).ok_or_else(|| {
                anyhow!(
                    "unknown kind {name:?}; kinds: {}",
                    Kind::ALL.map(|kind| kind.as_str()).join(", ")
                )
            })
        })
        .transpose()?;
    let group = args
        .group
        .as_deref()
        .map(|name| {
            ActorGroup::parse(name).ok_or_else(|| {
                anyhow!(
                    "unknown actor group {name:?}; groups: {}",
                    ActorGroup::ALL.map(|group| group.as_str()).join(", ")
                )
            })
        })
        .transpose()?;
    let store = super::open_existing_store(&args.db)?;
    let filter = EventFilter {
        kind,
        country: args.country,
        place: args.place,
        since: args.since,
        until: args.until,
        group,
        limit: args.limit,
        status: args.status.map(|status| match status {
            StatusArg::Unreviewed => ReviewStatus::Unreviewed,
            StatusArg::Accepted => ReviewStatus::Accepted,
            StatusArg::Rejected => ReviewStatus::Rejected,
        }),
        ..EventFilter::default()
    };
    let events = store.events(&filter)?;
    // ACLED's sub-event of a protest depends on the events answering it,
    // which the filters may have left out.
    let context = if args.format == EventFormat::Acled {
        store.events(&EventFilter::default())?
    } else {
        Vec::new()
    };
    let mut stdout = std::io::stdout().lock();
    if args.format == EventFormat::Parquet && std::io::IsTerminal::is_terminal(&stdout) {
        anyhow::bail!(
            "Parquet is a binary file: redirect it, e.g. `placard events --format parquet > events.parquet`"
        );
    }
    write_events(&mut stdout, &events, &context, args.format)?;
    Ok(0)
}
