//! Project chores that are not part of the shipped binary.
//!
//! `cargo xtask places --geonames DIR --out data/places.tsv` rebuilds the
//! built-in place list from a GeoNames extract (see `data/places.README.md`).

mod places;

use anyhow::{bail, Context, Result};
use std::path::PathBuf;

const USAGE: &str = "usage: cargo xtask places --geonames DIR --out FILE [--aliases FILE]";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("places") => run_places(&args[1..]),
        _ => bail!("{USAGE}"),
    }
}

/// Parses the flags of `places` by hand: three paths do not justify a parser crate.
fn run_places(args: &[String]) -> Result<()> {
    let mut geonames_dir: Option<PathBuf> = None;
    let mut out_path: Option<PathBuf> = None;
    let mut aliases_path: Option<PathBuf> = None;
    let mut arg_iter = args.iter();
    while let Some(flag) = arg_iter.next() {
        let value = arg_iter
            .next()
            .with_context(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--geonames" => geonames_dir = Some(PathBuf::from(value)),
            "--out" => out_path = Some(PathBuf::from(value)),
            "--aliases" => aliases_path = Some(PathBuf::from(value)),
            other => bail!("unknown flag {other}\n{USAGE}"),
        }
    }
    let geonames_dir = geonames_dir.context(USAGE)?;
    let out_path = out_path.context(USAGE)?;
    // The hand-written aliases live beside the output unless told otherwise.
    let aliases_path = aliases_path.unwrap_or_else(|| out_path.with_file_name("place_aliases.tsv"));
    let summary = places::build(&geonames_dir, &aliases_path, &out_path)?;
    eprintln!("{summary}");
    Ok(())
}
