//! Placard's storage: the only crate that knows SQL.
//!
//! A [`Store`] keeps articles, the reports extracted from them and the events
//! dedup made of those reports, in an SQLite file (`placard.db` by default).
//! The API is deliberately narrow and free of database-library types, so that
//! the PostgreSQL backend of a shared server can sit behind the same methods.
//!
//! Two promises matter to the rest of Placard:
//!
//! - **Idempotence.** Nothing time- or run-dependent is stored. Ingesting the
//!   same input twice skips every article as a duplicate (by id or by content
//!   hash), and [`Store::replace_events`] with the same events rewrites
//!   nothing, so the content stays the same, which is what makes an
//!   interrupted ingest resumable.
//! - **Refusing what it does not understand.** A file that is not a Placard
//!   database, or one written by a newer Placard, is refused with a
//!   [`StoreError`] that names the path, before anything is written to it.
//!
//! ```
//! use placard_store::{EventFilter, Store};
//!
//! let store = Store::open_in_memory()?;
//! assert_eq!(store.counts()?.articles, 0);
//! assert!(store.events(&EventFilter::default())?.is_empty());
//! # Ok::<(), placard_store::StoreError>(())
//! ```
#![warn(missing_docs)]

mod error;
mod schema;
mod sqlite;

pub use error::{BackendError, StoreError};

use placard_engine::{ActorGroup, Article, Event, Kind, Report};
use std::path::Path;

/// An article as stored, with what the store needs beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredArticle {
    /// The article.
    pub article: Article,
    /// Hash of the article's content; two articles with the same hash are
    /// one text, whatever their ids.
    pub content_hash: String,
    /// The file and record the article was read from, for people.
    pub source: String,
    /// The reports extracted from the article; each names it as `article_id`.
    pub reports: Vec<Report>,
    /// The text's syndication signature when the caller computed it already
    /// (in parallel, with extraction); `None` has the store compute it.
    pub signature: Option<placard_engine::syndication::Signature>,
}

/// What [`Store::insert_batch`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// Articles stored.
    pub n_inserted: usize,
    /// Articles skipped because their id or content was already stored.
    pub n_duplicates: usize,
    /// Reports stored (those of the inserted articles).
    pub n_reports: usize,
    /// For each skipped article: its id, and the id of the stored article it
    /// duplicates (the one with the same content when there is one, else the
    /// one with the same id).
    pub duplicate_ids: Vec<(String, String)>,
}

/// How many rows the store holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Stored articles.
    pub articles: usize,
    /// Stored reports.
    pub reports: usize,
    /// Stored events.
    pub events: usize,
}

/// Which events [`Store::events`] returns. Every field that is set must
/// match; the default matches every event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// Only events of this kind.
    pub kind: Option<Kind>,
    /// Only events in this country (ISO 3166-1 alpha-2, any case).
    pub country: Option<String>,
    /// Only events whose place has this canonical name (any case).
    pub place: Option<String>,
    /// Only events whose date interval reaches this day or later (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Only events whose date interval reaches this day or earlier (`YYYY-MM-DD`).
    pub until: Option<String>,
    /// Only events with this group among their `actor_groups`.
    pub group: Option<ActorGroup>,
    /// At most this many events, the first in the usual order.
    pub limit: Option<usize>,
}

/// A stored report's cluster key (see [`Store::cluster_keys`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredClusterKey {
    /// The report.
    pub report_id: String,
    /// Its article.
    pub article_id: String,
    /// What happened.
    pub kind: placard_engine::Kind,
    /// `placard_engine::dedup::place_key_of` of its place.
    pub place: String,
    /// First and last day.
    pub date: Option<(String, String)>,
}

impl StoredClusterKey {
    /// The engine's view of this key.
    pub fn key(&self) -> placard_engine::dedup::ClusterKey<'_> {
        placard_engine::dedup::ClusterKey {
            kind: self.kind,
            place: std::borrow::Cow::Borrowed(&self.place),
            date: self
                .date
                .as_ref()
                .map(|(start, end)| (start.as_str(), end.as_str())),
            article_id: &self.article_id,
            report_id: &self.report_id,
        }
    }
}

/// One step of a former event's lineage (see [`Store::lineage`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineageStep {
    /// The former event.
    pub event_id: String,
    /// `joined`: all its reports are now in one event; `split`: in several.
    pub change: String,
    /// An event that holds some of its reports now.
    pub successor_id: String,
    /// How many of its reports the successor holds.
    pub n_reports: i64,
}

/// A Placard database.
#[derive(Debug)]
pub struct Store {
    // One backend today; PostgreSQL will make this an enum.
    backend: sqlite::Sqlite,
}

impl Store {
    /// Opens the SQLite database at `path`, creating it if missing, and
    /// brings its schema up to date.
    ///
    /// The file is put in WAL mode (readers and one writer at once), with
    /// foreign keys enforced and a busy timeout, so a second process waits
    /// for a writer instead of failing at once. A file that is not a Placard
    /// database, or whose schema is newer than this program's, is refused
    /// with a user error and left untouched.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Ok(Store {
            backend: sqlite::Sqlite::open(path)?,
        })
    }

    /// A fresh database in memory, gone when the `Store` is dropped.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Ok(Store {
            backend: sqlite::Sqlite::open_in_memory()?,
        })
    }

    /// Stores a batch of articles with their reports, in one transaction:
    /// either the whole batch is stored or, on error, none of it.
    ///
    /// An article whose id or content hash is already stored (including
    /// earlier in the same batch) is a duplicate: it is counted and listed in
    /// [`BatchOutcome::duplicate_ids`], not stored, and neither are its
    /// reports. That is not an error; it is how a repeated ingest resumes.
    pub fn insert_batch(&mut self, batch: &[StoredArticle]) -> Result<BatchOutcome, StoreError> {
        self.backend.insert_batch(batch)
    }

    /// Whether an article with this content hash is stored, so that callers
    /// can skip extraction for text they have already seen.
    pub fn has_content(&self, content_hash: &str) -> Result<bool, StoreError> {
        self.backend.has_content(content_hash)
    }

    /// Every stored report, ordered by article id, then report id, with its
    /// explanation.
    pub fn all_reports(&self) -> Result<Vec<Report>, StoreError> {
        self.backend.all_reports()
    }

    /// What clustering needs of every asserted report (see
    /// `placard_engine::dedup::ClusterKey`), read from the report columns
    /// without decoding any report: a million take a few hundred megabytes.
    pub fn cluster_keys(&self) -> Result<Vec<StoredClusterKey>, StoreError> {
        self.backend.cluster_keys()
    }

    /// The reports with these ids, in this order, without their
    /// explanations (reconciling does not need them). An id that is not
    /// stored is an error.
    pub fn reports_by_ids(&self, report_ids: &[&str]) -> Result<Vec<Report>, StoreError> {
        self.backend.reports_by_ids(report_ids)
    }

    /// Makes the stored events, and the links from events to their reports,
    /// equal to `events`, in one transaction.
    ///
    /// Rows that are already equal are left untouched, changed rows are
    /// updated, rows not in `events` are deleted and new ones inserted, so
    /// repeating a call changes nothing. Every report an event names must be
    /// stored, and event ids must be unique.
    pub fn replace_events(&mut self, events: &[Event]) -> Result<(), StoreError> {
        self.backend.replace_events(events)
    }

    /// The events that match `filter`, ordered by start date (undated events
    /// last), then event id.
    ///
    /// `since` and `until` select events whose date interval overlaps
    /// `[since, until]`; either bound may be open. An event without a date
    /// matches no date filter. Malformed dates are a user error.
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<Event>, StoreError> {
        self.backend.events(filter)
    }

    /// One event by id.
    pub fn event(&self, event_id: &str) -> Result<Option<Event>, StoreError> {
        self.backend.event(event_id)
    }

    /// The stored reports an event rests on, ordered by article id, then
    /// report id, with their explanations.
    pub fn reports_of_event(&self, event_id: &str) -> Result<Vec<Report>, StoreError> {
        self.backend.reports_of_event(event_id)
    }

    /// Where the reports of a former event went, when `event_id` is no
    /// event any more: one step per event holding some of them, most
    /// reports first. Empty for a current or unknown id.
    pub fn lineage(&self, event_id: &str) -> Result<Vec<LineageStep>, StoreError> {
        self.backend.lineage(event_id)
    }

    /// One report by id, with its explanation.
    pub fn report(&self, report_id: &str) -> Result<Option<Report>, StoreError> {
        self.backend.report(report_id)
    }

    /// Every article's syndication signature (see
    /// `placard_engine::syndication`); texts too short for one are left out.
    pub fn article_prints(
        &self,
    ) -> Result<Vec<placard_engine::syndication::ArticlePrint>, StoreError> {
        self.backend.article_prints()
    }

    /// Replaces the record of which article copies which (copy → original).
    pub fn replace_copies(
        &mut self,
        copies: &std::collections::BTreeMap<String, String>,
    ) -> Result<(), StoreError> {
        self.backend.replace_copies(copies)
    }

    /// Which article copies which (copy → original), as last recorded.
    pub fn copies(&self) -> Result<std::collections::BTreeMap<String, String>, StoreError> {
        self.backend.copies()
    }

    /// One article by id.
    pub fn article(&self, article_id: &str) -> Result<Option<Article>, StoreError> {
        self.backend.article(article_id)
    }

    /// Where an article was read from (the `source` it was stored with).
    pub fn article_source(&self, article_id: &str) -> Result<Option<String>, StoreError> {
        self.backend.article_source(article_id)
    }

    /// How many articles, reports and events are stored.
    pub fn counts(&self) -> Result<Counts, StoreError> {
        self.backend.counts()
    }

    /// The schema version of the database (after migration, the newest this
    /// program knows).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        self.backend.schema_version()
    }
}
