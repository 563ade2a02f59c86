//! One file per subcommand: its flags and its `run`.

pub mod bench;
pub mod bench_clusters;
pub mod bench_serve;
pub mod demo;
pub mod eval;
pub mod events;
pub mod explain;
pub mod extract;
pub mod geocode;
pub mod ingest;
pub mod read;
pub mod serve;
pub mod show;
pub mod token;
pub mod watch;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// Opens a database given as a path. PostgreSQL URLs are recognised and
/// refused with a clear message until the server backend lands.
pub fn open_store(db: &Path) -> Result<placard_store::Store> {
    let as_text = db.to_string_lossy();
    if as_text.starts_with("postgres://") || as_text.starts_with("postgresql://") {
        bail!("PostgreSQL databases are not supported yet; use a SQLite file path");
    }
    placard_store::Store::open(db).with_context(|| format!("opening {}", db.display()))
}

/// Opens an existing database for reading; a missing file is a user error
/// rather than a new empty database.
pub fn open_existing_store(db: &Path) -> Result<placard_store::Store> {
    if !db.exists() && !db.to_string_lossy().starts_with("postgres") {
        bail!(
            "{} does not exist; run `placard ingest` or `placard demo` first",
            db.display()
        );
    }
    open_store(db)
}

/// The readers' standard limits, with the tree-based HTML extractor when
/// `--tree-html` is given.
pub fn read_limits(tree_html: bool) -> placard_sources::ReadLimits {
    placard_sources::ReadLimits {
        html_extraction: if tree_html {
            placard_sources::HtmlExtraction::Tree
        } else {
            placard_sources::HtmlExtraction::Blocks
        },
        ..placard_sources::ReadLimits::standard()
    }
}

/// Inputs as paths; none means standard input.
pub fn inputs_or_stdin(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        paths
    }
}
