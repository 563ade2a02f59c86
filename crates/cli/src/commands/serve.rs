//! `placard serve`: the HTTP API over a database.

use crate::output::{write_events, EventFormat};
use anyhow::Result;
use clap::Args;
use placard_engine::Event;
use placard_server::{ExportFormat, ServeConfig};
use std::net::SocketAddr;
use std::path::PathBuf;

/// Flags of `placard serve`.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// SQLite database file.
    #[arg(long, default_value_os_t = crate::default_db())]
    pub db: PathBuf,
    /// Address to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Let anyone read without a token (writing always needs one).
    #[arg(long)]
    pub public_read: bool,
}

/// Runs `placard serve` until Ctrl-C.
pub fn run(args: ServeArgs) -> Result<u8> {
    // Fail on a missing or foreign file before binding the port.
    drop(super::open_existing_store(&args.db)?);
    placard_server::serve(ServeConfig {
        db: args.db,
        addr: args.addr,
        public_read: args.public_read,
        exporter: export,
    })?;
    Ok(0)
}

/// The server's downloads are the `placard events` renderings.
fn export(
    out: &mut Vec<u8>,
    events: &[Event],
    context: &[Event],
    format: ExportFormat,
) -> Result<()> {
    let format = match format {
        ExportFormat::Csv => EventFormat::Csv,
        ExportFormat::Jsonl => EventFormat::Jsonl,
        ExportFormat::Geojson => EventFormat::Geojson,
        ExportFormat::Plover => EventFormat::Plover,
        ExportFormat::Acled => EventFormat::Acled,
    };
    write_events(out, events, context, format)
}
