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

use placard_engine::{ActorGroup, Article, Event, Kind, Report, ReviewStatus};
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
    /// Only events of this mode (`demo`, `march`, `cordon` …).
    pub mode: Option<String>,
    /// Only events whose size range reaches this many people or more
    /// (its high end is at least this); events without a size never match.
    pub size_min: Option<u64>,
    /// Only events whose size range reaches this many people or fewer
    /// (its low end is at most this); events without a size never match.
    pub size_max: Option<u64>,
    /// Only events whose place, claims, reasons, conditions, publishers or
    /// sources contain this text (case-insensitive for ASCII letters).
    pub text: Option<String>,
    /// Only events with this review status.
    pub status: Option<ReviewStatus>,
    /// Only events after this one in the usual order (keyset pagination).
    pub after: Option<EventCursor>,
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
    /// What clustering scores within a block.
    pub traits: placard_engine::dedup::ClusterTraits,
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
            traits: self.traits,
        }
    }
}

/// Where an event sits in the usual order of [`Store::events`]: a page of
/// events continues after the last one of the previous page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventCursor {
    /// The event's start date (`None` for undated events, which sort last).
    pub date_start: Option<String>,
    /// The event's id.
    pub event_id: String,
}

impl EventCursor {
    /// The cursor that continues after `event`.
    pub fn after(event: &Event) -> EventCursor {
        EventCursor {
            date_start: event.date.as_ref().map(|date| date.start.clone()),
            event_id: event.event_id.clone(),
        }
    }
}

/// How [`Store::stats`] buckets events in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeBucket {
    /// By start day (`YYYY-MM-DD`).
    Day,
    /// By the Monday of the start day's ISO week (`YYYY-MM-DD`).
    Week,
}

/// Event counts of [`Store::stats`], each list ordered by its key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventStats {
    /// All matching events.
    pub total: u64,
    /// By day or week of the start date; undated events are left out.
    pub by_period: Vec<(String, u64)>,
    /// By kind.
    pub by_kind: Vec<(String, u64)>,
    /// By country code; events without a country under `""`.
    pub by_country: Vec<(String, u64)>,
    /// By review status.
    pub by_status: Vec<(String, u64)>,
}

/// Who may write through the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Reviews events: accept, reject, edit, merge, split.
    Coder,
    /// A coder who can also create tokens and delete audit entries.
    Admin,
}

impl Role {
    /// The name stored and shown: `coder` or `admin`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Coder => "coder",
            Role::Admin => "admin",
        }
    }

    /// The role of a name, if it is one.
    pub fn parse(name: &str) -> Option<Role> {
        match name {
            "coder" => Some(Role::Coder),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// An API token as stored: never the token itself, only its hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenRecord {
    /// Who holds it; the audit log names them so.
    pub name: String,
    /// What it may do.
    pub role: Role,
    /// When it was created (RFC 3339, UTC).
    pub created_at: String,
}

/// A human review decision, keyed by report ids so that it survives the
/// events being rebuilt (see `migrations/0004_review.sql`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Its number; decisions apply in this order. 0 before it is stored.
    pub decision_id: i64,
    /// What was decided: `accept`, `reject`, `edit`, `merge` or `split`.
    pub action: String,
    /// The report that identifies the event the decision is about.
    pub anchor_report: String,
    /// For a merge, every report of the events merged.
    pub report_ids: Vec<String>,
    /// For an edit, `{"field": …, "value": …}` as JSON text.
    pub value_json: Option<String>,
    /// The token name of who decided.
    pub created_by: String,
    /// When (RFC 3339, UTC).
    pub created_at: String,
}

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// Its number. 0 before it is stored.
    pub audit_id: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// The token name of who acted.
    pub who: String,
    /// What was done (`accept`, `merge`, `token_create` …).
    pub action: String,
    /// The event acted on, when there is one.
    pub event_id: Option<String>,
    /// The decision recorded, when there is one.
    pub decision_id: Option<i64>,
    /// The state before, as JSON text.
    pub before_json: Option<String>,
    /// The state after, as JSON text.
    pub after_json: Option<String>,
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

    /// Reads the file through a memory map of up to `bytes` (SQLite caps
    /// it at 2 GiB unless built otherwise). The server maps the whole file:
    /// pages beyond the map are copied in with a read call each, which at
    /// the default 256 MiB was a tenth of its time under load at a million
    /// events. The map is address space shared with the operating system's
    /// file cache, but the pages touched count in the process's resident
    /// memory, so ingest keeps the default.
    pub fn set_memory_map(&self, bytes: u64) -> Result<(), StoreError> {
        self.backend.set_memory_map(bytes)
    }

    /// Rewrites one stored event in place: same id, same reports, other
    /// values (a review decision that moves no report). `false` when no
    /// event has its id.
    pub fn update_event(&mut self, event: &Event) -> Result<bool, StoreError> {
        self.backend.update_event(event)
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

    /// Counts of the events that match `filter` (its `after` and `limit`
    /// are ignored) by period, kind, country and status.
    pub fn stats(
        &self,
        filter: &EventFilter,
        bucket: TimeBucket,
    ) -> Result<EventStats, StoreError> {
        self.backend.stats(filter, bucket)
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

    /// Stores a new API token's hash under `name`. A name already in use is
    /// a user error.
    pub fn insert_token(
        &mut self,
        record: &TokenRecord,
        token_hash: &str,
    ) -> Result<(), StoreError> {
        self.backend.insert_token(record, token_hash)
    }

    /// The token whose hash is `token_hash`, if any.
    pub fn token_by_hash(&self, token_hash: &str) -> Result<Option<TokenRecord>, StoreError> {
        self.backend.token_by_hash(token_hash)
    }

    /// Every review decision, in the order they apply.
    pub fn decisions(&self) -> Result<Vec<Decision>, StoreError> {
        self.backend.decisions()
    }

    /// Stores a decision and its audit entry in one transaction, and
    /// returns the decision's id (also written into the audit entry) and
    /// the audit entry's id.
    pub fn insert_decision(
        &mut self,
        decision: &Decision,
        audit: &AuditEntry,
    ) -> Result<(i64, i64), StoreError> {
        self.backend.insert_decision(decision, audit)
    }

    /// Appends an entry to the audit log and returns its id.
    pub fn insert_audit(&mut self, audit: &AuditEntry) -> Result<i64, StoreError> {
        self.backend.insert_audit(audit)
    }

    /// Fills in `after_json` (and `event_id`) of an audit entry once the
    /// outcome of its decision is known.
    pub fn complete_audit(
        &mut self,
        audit_id: i64,
        event_id: Option<&str>,
        after_json: &str,
    ) -> Result<(), StoreError> {
        self.backend.complete_audit(audit_id, event_id, after_json)
    }

    /// The audit log, newest first, at most `limit` entries.
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        self.backend.audit_log(limit)
    }

    /// Deletes one audit entry; false when there was none.
    pub fn delete_audit(&mut self, audit_id: i64) -> Result<bool, StoreError> {
        self.backend.delete_audit(audit_id)
    }

    /// The event that holds a report now, if any.
    pub fn event_of_report(&self, report_id: &str) -> Result<Option<String>, StoreError> {
        self.backend.event_of_report(report_id)
    }

    /// Refreshes the statistics SQLite's query planner chooses indexes by
    /// (`ANALYZE`; half a second at a million events). Without them a
    /// filter on status and country can walk the wrong index (100 ms
    /// instead of 24 ms at a million events). A long-running reader such as
    /// the server calls it when it starts; it writes only SQLite's own
    /// `sqlite_stat1` table.
    pub fn optimize(&self) -> Result<(), StoreError> {
        self.backend.optimize()
    }

    /// The schema version of the database (after migration, the newest this
    /// program knows).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        self.backend.schema_version()
    }
}
