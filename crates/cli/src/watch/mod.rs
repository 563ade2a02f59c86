//! `placard watch`: poll feeds, fetch each new item's page, ingest.
//!
//! One poll goes through the feeds in the order of the feeds file. A feed
//! is asked for conditionally (a 304 costs nothing more); a changed feed is
//! parsed by `placard_sources::parse_feed`, and each item not taken before
//! has its link fetched and extracted by the HTML reader, the item's own
//! text standing in when the page fails or says less; an item whose link
//! any feed gave before is taken without a fetch. The new articles go
//! through the ingest orchestrator (`crate::ingest::run_ingest`), so they
//! are stored, extracted and reconciled into events like any other input.
//! Only then is the poll remembered (`state.rs`): items taken and the
//! feed's validators. A feed with an item whose page failed and that had no
//! text of its own keeps its old validators, so the next poll asks for it
//! again and retries that item.

pub mod fetch;
pub mod state;

use crate::ingest::{run_ingest, IngestConfig, IngestInput};
use anyhow::{bail, Result};
use fetch::{FetchError, Fetched, Fetcher, Validators};
use placard_engine::pipeline::Extractor;
use placard_sources::{entry_item, parse_feed, Item, PendingPage, ReadLimits, Skip};
use placard_store::Store;
use state::WatchState;
use std::path::{Path, PathBuf};

/// The feed URLs of a feeds file: one per line, blank lines and `#`
/// comments ignored, duplicates dropped. Anything else than an http(s)
/// URL is an error naming the line.
pub fn read_feeds_file(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| anyhow::anyhow!("reading {}: {error}", path.display()))?;
    let mut feeds: Vec<String> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.split(" #").next().unwrap_or("").trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if fetch::host_of(line).is_none() {
            bail!(
                "{}:{}: not an http(s) URL: {line}",
                path.display(),
                index + 1
            );
        }
        if !feeds.iter().any(|feed| feed == line) {
            feeds.push(line.to_owned());
        }
    }
    Ok(feeds)
}

/// Settings of a watch.
pub struct WatchConfig {
    /// Feed URLs, in order.
    pub feeds: Vec<String>,
    /// Reader limits for feeds and pages.
    pub limits: ReadLimits,
    /// Where the state is kept.
    pub state_path: PathBuf,
}

/// What one poll did.
#[derive(Debug, Default)]
pub struct PollSummary {
    /// Feeds that answered with a body.
    pub feeds_fetched: usize,
    /// Feeds that answered 304.
    pub feeds_not_modified: usize,
    /// Feeds that failed, with the reason.
    pub feeds_failed: Vec<(String, String)>,
    /// Items not taken before.
    pub items_new: usize,
    /// Items new to their feed whose link another feed gave already (an
    /// outlet's section feeds overlap): taken without fetching again.
    pub items_in_other_feeds: usize,
    /// Item pages fetched and read.
    pub pages_fetched: usize,
    /// Item pages that failed, with the reason (the item's text was used
    /// when it had any).
    pub pages_failed: Vec<(String, String)>,
    /// Articles newly stored.
    pub articles_stored: usize,
    /// Articles already in the database (same content).
    pub already_stored: usize,
    /// Feeds and items skipped, with reasons (failed feeds included).
    pub skipped: Vec<Skip>,
    /// Reports extracted from the new articles.
    pub reports: usize,
    /// Events in the database after the poll.
    pub events: usize,
    /// Articles in the database after the poll.
    pub articles_in_db: usize,
}

impl PollSummary {
    /// Renders the summary for people.
    pub fn render(&self) -> String {
        let mut text = format!(
            "feeds fetched: {}\nnot modified: {}\nfailed: {}\n",
            self.feeds_fetched,
            self.feeds_not_modified,
            self.feeds_failed.len()
        );
        for (url, reason) in &self.feeds_failed {
            text.push_str(&format!("  failed {url}: {reason}\n"));
        }
        text.push_str(&format!("items new: {}\n", self.items_new));
        if self.items_in_other_feeds > 0 {
            text.push_str(&format!(
                "items taken from another feed already: {}\n",
                self.items_in_other_feeds
            ));
        }
        text.push_str(&format!("pages fetched: {}\n", self.pages_fetched));
        if !self.pages_failed.is_empty() {
            text.push_str(&format!(
                "pages failed (item text used where it had any): {}\n",
                self.pages_failed.len()
            ));
            for (url, reason) in &self.pages_failed {
                text.push_str(&format!("  page {url}: {reason}\n"));
            }
        }
        text.push_str(&format!(
            "articles stored: {}\nalready stored: {}\nreports: {}\nskipped: {}\n",
            self.articles_stored,
            self.already_stored,
            self.reports,
            self.skipped.len()
        ));
        for skip in &self.skipped {
            text.push_str(&format!("  skipped {skip}\n"));
        }
        text.push_str(&format!(
            "events in database: {} (articles: {})\n",
            self.events, self.articles_in_db
        ));
        text
    }

    /// Whether anything failed or was skipped (exit code 2 for `--once`).
    pub fn has_problems(&self) -> bool {
        !self.skipped.is_empty()
    }
}

/// What a poll learnt of one feed, applied to the state once the articles
/// are stored.
struct Learnt {
    feed: String,
    validators: Option<Validators>,
    items: Vec<(String, Option<String>)>,
}

/// Polls every feed once, ingests the new articles and saves the state.
pub fn poll(
    store: &mut Store,
    extractor: &Extractor,
    fetcher: &mut Fetcher,
    state: &mut WatchState,
    config: &WatchConfig,
) -> Result<PollSummary> {
    let mut summary = PollSummary::default();
    let mut items: Vec<Item> = Vec::new();
    let mut learnt: Vec<Learnt> = Vec::new();
    // Links taken by any feed, before or in this poll.
    let mut known_links: std::collections::HashSet<String> = state
        .feeds
        .values()
        .flat_map(|feed| feed.seen.iter().cloned())
        .collect();
    for feed_url in &config.feeds {
        let feed_state = state.feeds.get(feed_url).cloned().unwrap_or_default();
        let validators = Validators {
            etag: feed_state.etag.clone(),
            last_modified: feed_state.last_modified.clone(),
        };
        let fail = |summary: &mut PollSummary, reason: String| {
            summary
                .feeds_failed
                .push((feed_url.clone(), reason.clone()));
            summary.skipped.push(Skip {
                input: feed_url.clone(),
                position: None,
                reason,
            });
        };
        let body = match fetcher.get(feed_url, &validators) {
            Ok(Fetched::NotModified) => {
                summary.feeds_not_modified += 1;
                continue;
            }
            Ok(Fetched::Body(body)) => body,
            Err(error) => {
                fail(&mut summary, error.reason);
                continue;
            }
        };
        let feed = match parse_feed(
            &body.bytes,
            body.charset.as_deref(),
            Some(&body.final_url),
            &config.limits,
        ) {
            Ok(feed) => feed,
            Err(reason) => {
                fail(&mut summary, reason);
                continue;
            }
        };
        summary.feeds_fetched += 1;
        let mut retry_later = false;
        let mut taken = Vec::new();
        for (index, entry) in feed.entries.iter().enumerate() {
            if feed_state.has_seen(&entry.id, entry.link.as_deref()) {
                continue;
            }
            if let Some(link) = entry
                .link
                .as_deref()
                .filter(|link| known_links.contains(*link))
            {
                summary.items_in_other_feeds += 1;
                taken.push((entry.id.clone(), Some(link.to_owned())));
                continue;
            }
            summary.items_new += 1;
            let mut page_failed_transiently = false;
            let page = match &entry.link {
                Some(link) => match fetch_page(fetcher, link, &config.limits) {
                    Ok(page) => {
                        summary.pages_fetched += 1;
                        page
                    }
                    Err(error) => {
                        page_failed_transiently = error.transient;
                        summary.pages_failed.push((link.clone(), error.reason));
                        None
                    }
                },
                None => None,
            };
            let item = entry_item(&feed, entry, feed_url, index + 1, page);
            if page_failed_transiently && !matches!(item, Item::Article(_)) {
                // Nothing to store yet: ask again next poll.
                retry_later = true;
            } else {
                taken.push((entry.id.clone(), entry.link.clone()));
                known_links.extend(entry.link.clone());
            }
            items.push(item);
        }
        learnt.push(Learnt {
            feed: feed_url.clone(),
            validators: (!retry_later).then_some(body.validators),
            items: taken,
        });
    }

    let ingest = run_ingest(
        store,
        extractor,
        &IngestConfig {
            input: IngestInput::Items(items),
            batch_size: 256,
            limits: config.limits,
            progress: false,
        },
    )?;
    summary.articles_stored = ingest.articles_stored;
    summary.already_stored = ingest.duplicates;
    summary.reports = ingest.reports;
    summary.skipped.extend(ingest.skipped);
    summary.events = ingest.events;
    summary.articles_in_db = ingest.articles_in_db;

    for learnt in learnt {
        let feed_state = state.feeds.entry(learnt.feed).or_default();
        if let Some(validators) = learnt.validators {
            feed_state.etag = validators.etag;
            feed_state.last_modified = validators.last_modified;
        }
        for (id, link) in &learnt.items {
            feed_state.remember(id, link.as_deref());
        }
    }
    state.save(&config.state_path)?;
    Ok(summary)
}

/// Fetches and extracts an item's page; `Err` when it could not be
/// fetched, is not HTML or has no main text (the item's text stands in).
fn fetch_page(
    fetcher: &mut Fetcher,
    link: &str,
    limits: &ReadLimits,
) -> Result<Option<placard_sources::SourcedArticle>, FetchError> {
    let permanent = |reason: String| FetchError {
        reason,
        transient: false,
    };
    let body = match fetcher.get(link, &Validators::default())? {
        Fetched::Body(body) => body,
        Fetched::NotModified => {
            return Err(permanent("HTTP 304 to an unconditional request".into()))
        }
    };
    if let Some(mime) = body.mime.as_deref() {
        if !mime.contains("html") {
            return Err(permanent(format!("not HTML (content type {mime})")));
        }
    }
    let page = PendingPage::fetched(body.bytes, body.charset, &body.final_url, link);
    match page.extract(limits) {
        Item::Article(article) => Ok(Some(article)),
        Item::Skipped(skip) | Item::Passed(skip) => Err(permanent(skip.reason)),
        Item::Page(_) => Ok(None),
    }
}
