//! The ingest orchestrator: read inputs as a stream, extract each batch in
//! parallel, store each batch in one transaction, then reconcile events.
//!
//! Articles already stored (same content) are neither extracted nor written
//! again, so an interrupted ingest resumes where it stopped and a repeated
//! one changes nothing.

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use placard_engine::pipeline::Extractor;
use placard_engine::Diagnostic;
use placard_sources::{Item, ReadLimits, Skip, SourcedArticle};
use placard_store::{Store, StoredArticle};
use rayon::prelude::*;
use std::path::PathBuf;

/// Where articles come from.
pub enum IngestInput {
    /// Files, directories or `-`.
    Paths(Vec<PathBuf>),
    /// Embedded JSONL corpora: (name, contents) each.
    Embedded(Vec<(&'static str, &'static str)>),
    /// Items read already (`placard watch`: feed items and their pages),
    /// pages extracted.
    Items(Vec<Item>),
}

/// Settings of one ingest run.
pub struct IngestConfig {
    /// The inputs.
    pub input: IngestInput,
    /// Articles per transaction.
    pub batch_size: usize,
    /// Reader limits.
    pub limits: ReadLimits,
    /// Show a progress bar (only drawn on a terminal).
    pub progress: bool,
}

/// What an ingest run did.
#[derive(Debug, Default)]
pub struct IngestSummary {
    /// Articles the readers produced.
    pub articles_read: usize,
    /// Articles newly stored.
    pub articles_stored: usize,
    /// Articles already stored (same id or content), not stored again.
    pub duplicates: usize,
    /// Inputs or records skipped, with reasons.
    pub skipped: Vec<Skip>,
    /// Records passed over because they are not articles by nature (WARC
    /// requests, archived images), by reason.
    pub passed: std::collections::BTreeMap<String, usize>,
    /// Per-article notes (unsupported language …).
    pub diagnostics: Vec<Diagnostic>,
    /// Articles stored without reports because their language has no data,
    /// by language code.
    pub unsupported_languages: std::collections::BTreeMap<String, usize>,
    /// Reports extracted from the newly stored articles.
    pub reports: usize,
    /// Events in the database after reconciliation.
    pub events: usize,
    /// Articles in the database after the run.
    pub articles_in_db: usize,
    /// Stored articles that copy another stored article (syndication).
    pub copies: usize,
}

impl IngestSummary {
    /// Renders the summary for people.
    pub fn render(&self) -> String {
        let mut text = format!(
            "articles read: {}\nstored: {}\nalready stored: {}\nskipped: {}\nreports: {}\nevents in database: {} (articles: {})\n",
            self.articles_read,
            self.articles_stored,
            self.duplicates,
            self.skipped.len(),
            self.reports,
            self.events,
            self.articles_in_db,
        );
        if self.copies > 0 {
            text.push_str(&format!(
                "copies of another article (one source with it): {}\n",
                self.copies
            ));
        }
        if !self.unsupported_languages.is_empty() {
            let by_language: Vec<String> = self
                .unsupported_languages
                .iter()
                .map(|(code, n)| format!("{code}: {n}"))
                .collect();
            let total: usize = self.unsupported_languages.values().sum();
            text.push_str(&format!(
                "unsupported language (stored, not extracted): {total} ({})\n",
                by_language.join(", ")
            ));
        }
        if !self.diagnostics.is_empty() {
            text.push_str(&format!("notes: {}\n", self.diagnostics.len()));
            for diagnostic in self.diagnostics.iter().take(50) {
                text.push_str(&format!(
                    "  note {}: {}\n",
                    diagnostic.article_id, diagnostic.message
                ));
            }
        }
        if !self.passed.is_empty() {
            let total: usize = self.passed.values().sum();
            text.push_str(&format!("records passed over (not articles): {total}\n"));
            for (reason, n) in &self.passed {
                text.push_str(&format!("  {n} {reason}\n"));
            }
        }
        for skip in &self.skipped {
            text.push_str(&format!("  skipped {skip}\n"));
        }
        text
    }
}

/// Runs an ingest into `store`.
pub fn run_ingest(
    store: &mut Store,
    extractor: &Extractor,
    config: &IngestConfig,
) -> Result<IngestSummary> {
    let mut summary = IngestSummary::default();
    let progress = if config.progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {pos} articles {msg} [{elapsed}]")
                .expect("valid template"),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut batch: Vec<SourcedArticle> = Vec::with_capacity(config.batch_size);
    let mut failure: Option<anyhow::Error> = None;
    {
        let mut on_item = |item: Item| {
            if failure.is_some() {
                return;
            }
            match item {
                Item::Article(article) => {
                    summary.articles_read += 1;
                    progress.inc(1);
                    batch.push(article);
                    if batch.len() >= config.batch_size {
                        if let Err(error) = store_batch(store, extractor, &mut batch, &mut summary)
                        {
                            failure = Some(error);
                        }
                        progress.set_message(format!("{} reports", summary.reports));
                    }
                }
                Item::Skipped(skip) => summary.skipped.push(skip),
                Item::Passed(skip) => *summary.passed.entry(skip.reason).or_default() += 1,
                Item::Page(_) => unreachable!("crate::reading extracts every page"),
            }
        };
        match &config.input {
            IngestInput::Paths(paths) => {
                crate::reading::read_paths(paths, &config.limits, &mut on_item)
            }
            IngestInput::Embedded(corpora) => {
                for (name, data) in corpora {
                    placard_sources::read_jsonl_str(name, data, &config.limits, &mut on_item);
                }
            }
            IngestInput::Items(items) => {
                for item in items {
                    on_item(item.clone().extracted(&config.limits));
                }
            }
        }
    }
    if let Some(error) = failure {
        return Err(error);
    }
    store_batch(store, extractor, &mut batch, &mut summary)?;
    progress.finish_and_clear();

    // Copies of one story (a wire text reprinted by several sites) are found
    // across everything stored, then count as one source in every event.
    let copies = placard_engine::syndication::find_copies(&store.article_prints()?);
    store.replace_copies(&copies)?;
    summary.copies = copies.len();
    // Human review decisions (merges, splits, accepts, rejects, edits) are
    // keyed by report ids and re-applied to every rebuild, so re-ingesting
    // never undoes a coder's work.
    placard_server::review::rebuild_events(store)?;
    let counts = store.counts()?;
    summary.events = counts.events;
    summary.articles_in_db = counts.articles;
    Ok(summary)
}

fn store_batch(
    store: &mut Store,
    extractor: &Extractor,
    batch: &mut Vec<SourcedArticle>,
    summary: &mut IngestSummary,
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    // Skip what is stored already before paying for extraction.
    let mut fresh = Vec::with_capacity(batch.len());
    for article in batch.drain(..) {
        if store.has_content(&article.content_hash)? {
            summary.duplicates += 1;
        } else {
            fresh.push(article);
        }
    }
    let extracted: Vec<(StoredArticle, Vec<Diagnostic>, Option<String>)> = fresh
        .into_par_iter()
        .map(|sourced| {
            let extraction = extractor.extract(&sourced.article);
            let source = match sourced.origin.record {
                Some(record) => format!("{}:{record}", sourced.origin.input),
                None => sourced.origin.input.clone(),
            };
            (
                StoredArticle {
                    // Signed here, in parallel with extraction, rather than
                    // one by one inside the store's write transaction.
                    signature: placard_engine::syndication::signature(&sourced.article.text),
                    article: sourced.article,
                    content_hash: sourced.content_hash,
                    source,
                    reports: extraction.reports,
                },
                extraction.diagnostics,
                extraction.unsupported_language,
            )
        })
        .collect();
    let mut to_store = Vec::with_capacity(extracted.len());
    for (stored, diagnostics, unsupported_language) in extracted {
        summary.diagnostics.extend(diagnostics);
        if let Some(code) = unsupported_language {
            *summary.unsupported_languages.entry(code).or_default() += 1;
        }
        to_store.push(stored);
    }
    let outcome = store.insert_batch(&to_store)?;
    summary.articles_stored += outcome.n_inserted;
    summary.duplicates += outcome.n_duplicates;
    summary.reports += outcome.n_reports;
    Ok(())
}
