//! `placard read PATH...`: print the articles read, as JSONL, with where each
//! came from. No extraction.

use anyhow::Result;
use clap::Args;
use placard_sources::Item;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;

/// Flags of `placard read`.
#[derive(Args, Debug)]
pub struct ReadArgs {
    /// Files or directories; none or `-` reads stdin.
    pub paths: Vec<PathBuf>,
    /// Find HTML pages' main text with the `trafilatura` crate's tree-based
    /// extractor (the block extractor as second opinion) instead of the
    /// block extractor alone: about seven times slower, and no better on the
    /// benchmarks (see ARCHITECTURE.md).
    #[arg(long)]
    pub tree_html: bool,
}

/// One output line: the article's fields plus its source.
#[derive(Serialize)]
struct ReadLine<'article> {
    id: &'article str,
    url: &'article Option<String>,
    outlet: &'article Option<String>,
    published: &'article Option<String>,
    language: &'article Option<String>,
    title: &'article Option<String>,
    text: &'article str,
    content_hash: &'article str,
    source: SourceLine<'article>,
}

#[derive(Serialize)]
struct SourceLine<'article> {
    input: &'article str,
    record: Option<u64>,
}

/// Runs `placard read`; exit code 2 when something was skipped.
pub fn run(args: ReadArgs) -> Result<u8> {
    let paths = super::inputs_or_stdin(args.paths);
    let mut stdout = std::io::stdout().lock();
    let mut n_skipped = 0usize;
    let mut passed = std::collections::BTreeMap::new();
    let mut write_error = None;
    let limits = super::read_limits(args.tree_html);
    crate::reading::read_paths(&paths, &limits, &mut |item| match item {
        Item::Article(sourced) => {
            let article = &sourced.article;
            let line = ReadLine {
                id: &article.id,
                url: &article.url,
                outlet: &article.outlet,
                published: &article.published,
                language: &article.language,
                title: &article.title,
                text: &article.text,
                content_hash: &sourced.content_hash,
                source: SourceLine {
                    input: &sourced.origin.input,
                    record: sourced.origin.record,
                },
            };
            if write_error.is_none() {
                if let Err(error) = serde_json::to_writer(&mut stdout, &line)
                    .map_err(anyhow::Error::from)
                    .and_then(|_| Ok(stdout.write_all(b"\n")?))
                {
                    write_error = Some(error);
                }
            }
        }
        Item::Skipped(skip) => {
            n_skipped += 1;
            eprintln!("skipped {skip}");
        }
        Item::Passed(skip) => *passed.entry(skip.reason).or_insert(0usize) += 1,
        Item::Page(_) => unreachable!("crate::reading extracts every page"),
    });
    if !passed.is_empty() {
        let total: usize = passed.values().sum();
        eprintln!("records passed over (not articles): {total}");
        for (reason, n) in &passed {
            eprintln!("  {n} {reason}");
        }
    }
    if let Some(error) = write_error {
        return Err(error);
    }
    Ok(if n_skipped == 0 {
        0
    } else {
        crate::EXIT_SKIPPED
    })
}
