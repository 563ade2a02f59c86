//! `placard extract [PATH|-]`: the stateless pipe stage. Articles in, one
//! report per line out. The same content seen twice is extracted once.

use anyhow::Result;
use clap::Args;
use placard_engine::pipeline::ExtractorConfig;
use placard_sources::{Item, ReadLimits};
use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

/// Flags of `placard extract`.
#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Files or directories; none or `-` reads articles from stdin.
    pub paths: Vec<PathBuf>,
}

/// Runs `placard extract`; exit code 2 when something was skipped.
pub fn run(args: ExtractArgs) -> Result<u8> {
    let paths = super::inputs_or_stdin(args.paths);
    let extractor = ExtractorConfig::all_languages()
        .build()
        .map_err(anyhow::Error::msg)?;
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut seen: HashSet<String> = HashSet::new();
    let (mut n_articles, mut n_reports, mut n_skipped, mut n_duplicates) =
        (0usize, 0usize, 0usize, 0usize);
    let mut n_passed = 0usize;
    let mut write_error: Option<anyhow::Error> = None;
    crate::reading::read_paths(&paths, &ReadLimits::standard(), &mut |item| match item {
        Item::Article(sourced) => {
            if !seen.insert(sourced.content_hash.clone()) {
                n_duplicates += 1;
                return;
            }
            n_articles += 1;
            let extraction = extractor.extract(&sourced.article);
            for diagnostic in &extraction.diagnostics {
                eprintln!("note {}: {}", diagnostic.article_id, diagnostic.message);
            }
            for report in &extraction.reports {
                n_reports += 1;
                if write_error.is_none() {
                    let written = serde_json::to_writer(&mut stdout, report)
                        .map_err(anyhow::Error::from)
                        .and_then(|_| Ok(stdout.write_all(b"\n")?));
                    if let Err(error) = written {
                        write_error = Some(error);
                    }
                }
            }
        }
        Item::Skipped(skip) => {
            n_skipped += 1;
            eprintln!("skipped {skip}");
        }
        Item::Passed(_) => n_passed += 1,
        Item::Page(_) => unreachable!("crate::reading extracts every page"),
    });
    if let Some(error) = write_error {
        return Err(error);
    }
    stdout.flush()?;
    eprintln!("articles: {n_articles}  duplicates: {n_duplicates}  skipped: {n_skipped}  reports: {n_reports}");
    if n_passed > 0 {
        eprintln!("records passed over (not articles): {n_passed}");
    }
    Ok(if n_skipped == 0 {
        0
    } else {
        crate::EXIT_SKIPPED
    })
}
