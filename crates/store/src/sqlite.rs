//! The SQLite backend: every SQL statement the store runs on SQLite.
//!
//! Values go in as serde JSON plus the columns the filters need (see
//! `migrations/0001_init.sql`); they come out by parsing the JSON, so a column
//! and the JSON can never disagree about what is returned. Every statement is
//! a fixed string with `?` placeholders, prepared through rusqlite's
//! statement cache; no value is ever formatted into SQL.

use crate::error::{BackendError, StoreError};
use crate::schema;
use crate::{
    AuditEntry, BatchOutcome, Counts, Decision, EventCursor, EventFilter, EventStats, LineageStep,
    Role, StoredArticle, StoredClusterKey, TimeBucket, TokenRecord,
};
use placard_engine::dedup::ClusterTraits;
use placard_engine::syndication::{self, ArticlePrint, Signature};
use placard_engine::{Article, Event, FieldTrace, Kind, Report, ReviewStatus};
use rusqlite::functions::FunctionFlags;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

/// How long a statement waits for another process's write lock before
/// failing with [`StoreError::Busy`]. Long enough to ride out another
/// ingest's batch commit, short enough that a stuck process is noticed.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The columns of `events` after `event_id`, in the order [`event_row`] fills them.
const EVENT_COLUMNS: &str = "kind, mode, date_start, date_end, country, place_name, place_key, \
     lat, lon, size_low, size_high, status, json";

/// Rewrites an event's row: the values of `EVENT_COLUMNS`, then its id,
/// and `search_text` computed from the bound values (numbered as in
/// `event_row`) in the same statement.
fn update_event_sql() -> String {
    format!(
        "UPDATE events SET kind = ?, mode = ?, date_start = ?, date_end = ?, \
         country = ?, place_name = ?, place_key = ?, lat = ?, lon = ?, size_low = ?, \
         size_high = ?, status = ?, json = ?, search_text = {} WHERE event_id = ?14",
        search_text_sql("?6", "?1", "?2", "?13")
    )
}

/// One open SQLite database.
#[derive(Debug)]
pub(crate) struct Sqlite {
    connection: Connection,
}

impl Sqlite {
    /// Opens or creates the file, checks it is a Placard database and brings
    /// its schema up to date.
    pub(crate) fn open(path: &Path) -> Result<Sqlite, StoreError> {
        // No SQLITE_OPEN_URI: a path is a path, even if it starts with "file:".
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let connection =
            Connection::open_with_flags(path, flags).map_err(|error| StoreError::CannotOpen {
                path: path.to_owned(),
                reason: error.to_string(),
            })?;
        Sqlite::set_up(connection, path, true).map_err(|error| recognise_foreign_file(error, path))
    }

    /// A fresh database that lives only as long as the value (for tests).
    pub(crate) fn open_in_memory() -> Result<Sqlite, StoreError> {
        let connection = Connection::open_in_memory()?;
        Sqlite::set_up(connection, Path::new(":memory:"), false)
    }

    fn set_up(
        mut connection: Connection,
        path: &Path,
        is_file: bool,
    ) -> Result<Sqlite, StoreError> {
        connection.busy_timeout(BUSY_TIMEOUT)?;
        // Off by default in SQLite, per connection; the schema relies on it.
        connection.execute_batch("PRAGMA foreign_keys = ON")?;
        // The first read of the file: a text file or another program's
        // database is refused here, before WAL mode writes to its header.
        schema::check_identity(&connection, path)?;
        if is_file {
            // WAL lets `placard serve` read while an ingest writes. The mode
            // is stored in the file, so this is a no-op after the first open.
            // A file system without shared memory keeps its old mode, which
            // is slower but correct, so the answer is not checked.
            let _mode: String =
                connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
            // In WAL mode NORMAL never corrupts the file; a crash can lose
            // only the last commits, which a resumed ingest redoes.
            connection.execute_batch("PRAGMA synchronous = NORMAL")?;
            // A 32 MiB page cache per connection (SQLite's default is 2 MiB)
            // and reads through a 256 MiB memory map. The server widens the
            // map to the whole file (`set_memory_map`); ingest keeps this
            // one, because every mapped page it touches counts in its
            // resident memory, which the clustering benchmark bounds.
            connection.execute_batch("PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456")?;
        }
        // The text filter's substring test. SQLite's instr() compares byte
        // by byte from every position, and a search for a rare phrase
        // reads tens of thousands of index entries: under load it took a
        // sixth of the server's time. The standard library's search
        // looks at many bytes per instruction.
        connection.create_scalar_function(
            "placard_contains",
            2,
            FunctionFlags::SQLITE_UTF8
                | FunctionFlags::SQLITE_DETERMINISTIC
                | FunctionFlags::SQLITE_INNOCUOUS,
            |context| Ok(contains(context.get_raw(0), context.get_raw(1))),
        )?;
        schema::migrate(&mut connection, path)?;
        Ok(Sqlite { connection })
    }

    pub(crate) fn optimize(&self) -> Result<(), StoreError> {
        // A full ANALYZE: half a second at a million events, and sampled
        // statistics (analysis_limit) could not tell a status from a
        // country apart.
        self.connection.execute_batch("ANALYZE")?;
        Ok(())
    }

    pub(crate) fn schema_version(&self) -> Result<u32, StoreError> {
        schema::user_version(&self.connection)
    }

    pub(crate) fn insert_batch(
        &mut self,
        batch: &[StoredArticle],
    ) -> Result<BatchOutcome, StoreError> {
        // IMMEDIATE: take the write lock up front. A deferred transaction
        // that reads first and writes later can fail with "busy" without
        // waiting when another process committed in between.
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut outcome = BatchOutcome::default();
        for stored in batch {
            // Checked one by one against what is stored so far, so that
            // duplicates inside the batch itself are caught too.
            if let Some(stored_id) =
                find_duplicate(&transaction, &stored.article.id, &stored.content_hash)?
            {
                outcome.n_duplicates += 1;
                outcome
                    .duplicate_ids
                    .push((stored.article.id.clone(), stored_id));
                continue;
            }
            insert_article(&transaction, stored)?;
            for report in &stored.reports {
                if report.article_id != stored.article.id {
                    return Err(StoreError::ReportOfOtherArticle {
                        report_id: report.report_id.clone(),
                        report_article: report.article_id.clone(),
                        article_id: stored.article.id.clone(),
                    });
                }
                insert_report(&transaction, report)?;
                outcome.n_reports += 1;
            }
            outcome.n_inserted += 1;
        }
        transaction.commit()?;
        Ok(outcome)
    }

    pub(crate) fn has_content(&self, content_hash: &str) -> Result<bool, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT 1 FROM articles WHERE content_hash = ?")?;
        Ok(statement.exists([content_hash])?)
    }

    pub(crate) fn cluster_keys(&self) -> Result<Vec<StoredClusterKey>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            // A report stored before schema 7 has no traits column value:
            // only then is its JSON read, to compute them.
            "SELECT report_id, article_id, kind, date_start, date_end, geonames_id, country, \
             place_name, cluster_traits, CASE WHEN cluster_traits IS NULL THEN json END \
             FROM reports WHERE modality = 'asserted' ORDER BY article_id, report_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, Option<i64>>(5)?,
                row.get::<_, Option<String>>(6)?,
                row.get::<_, Option<String>>(7)?,
                row.get::<_, Option<String>>(8)?,
                row.get::<_, Option<String>>(9)?,
            ))
        })?;
        let mut keys = Vec::new();
        for row in rows {
            let (
                report_id,
                article_id,
                kind,
                start,
                end,
                geonames_id,
                country,
                place_name,
                traits,
                json,
            ) = row?;
            let traits = match (traits, json) {
                (Some(traits), _) => ClusterTraits::decode(&traits),
                (None, Some(json)) => serde_json::from_str::<Report>(&json)
                    .ok()
                    .map(|report| ClusterTraits::of(&report)),
                (None, None) => None,
            }
            .ok_or_else(|| StoreError::Corrupt {
                table: "reports",
                id: report_id.clone(),
                reason: "unreadable cluster traits".to_owned(),
            })?;
            let kind = Kind::parse(&kind).ok_or_else(|| StoreError::Corrupt {
                table: "reports",
                id: report_id.clone(),
                reason: format!("unknown kind {kind:?}"),
            })?;
            let place = placard_engine::dedup::place_key_of(
                geonames_id.and_then(|id| u64::try_from(id).ok()),
                country.as_deref(),
                place_name.as_deref(),
            );
            keys.push(StoredClusterKey {
                report_id,
                article_id,
                kind,
                place,
                date: start.zip(end),
                traits,
            });
        }
        Ok(keys)
    }

    pub(crate) fn reports_by_ids(&self, report_ids: &[&str]) -> Result<Vec<Report>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT json FROM reports WHERE report_id = ?")?;
        let mut reports = Vec::with_capacity(report_ids.len());
        for report_id in report_ids {
            let json: Option<String> = statement
                .query_row([report_id], |row| row.get(0))
                .optional()?;
            let json = json.ok_or_else(|| StoreError::Corrupt {
                table: "reports",
                id: (*report_id).to_owned(),
                reason: "asked for but not stored".into(),
            })?;
            reports.push(decode_report(report_id, &json, "[]")?);
        }
        Ok(reports)
    }

    pub(crate) fn all_reports(&self) -> Result<Vec<Report>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT report_id, json, explanation_json FROM reports \
             ORDER BY article_id, report_id",
        )?;
        let rows = statement.query_map([], report_columns)?;
        decode_reports(rows)
    }

    pub(crate) fn set_memory_map(&self, bytes: u64) -> Result<(), StoreError> {
        // PRAGMA values cannot be bound as parameters; this is a number.
        self.connection
            .execute_batch(&format!("PRAGMA mmap_size = {bytes}"))?;
        Ok(())
    }

    pub(crate) fn update_event(&mut self, event: &Event) -> Result<bool, StoreError> {
        let row = event_row(event)?;
        let event_id = Value::Text(event.event_id.clone());
        let mut update_row = self.connection.prepare_cached(&update_event_sql())?;
        let changed =
            update_row.execute(rusqlite::params_from_iter(row.iter().chain([&event_id])))?;
        Ok(changed == 1)
    }

    pub(crate) fn replace_events(&mut self, events: &[Event]) -> Result<(), StoreError> {
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;

        // Only ids are held in memory; rows are compared one at a time, so a
        // large events table is never loaded whole.
        let mut new_ids = BTreeSet::new();
        let mut new_links = BTreeSet::new();
        for event in events {
            if !new_ids.insert(event.event_id.as_str()) {
                return Err(StoreError::DuplicateEvent(event.event_id.clone()));
            }
            for report_id in &event.reports {
                new_links.insert((event.event_id.clone(), report_id.clone()));
            }
        }
        let old_ids: BTreeSet<String> = {
            let mut statement = transaction.prepare_cached("SELECT event_id FROM events")?;
            let ids = statement.query_map([], |row| row.get(0))?;
            ids.collect::<Result<_, _>>()?
        };
        let old_links: BTreeSet<(String, String)> = {
            let mut statement =
                transaction.prepare_cached("SELECT event_id, report_id FROM event_reports")?;
            let links = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
            links.collect::<Result<_, _>>()?
        };

        // Links go first and events second when deleting, the other way
        // round when inserting, so that every link always has its event.
        {
            let mut delete_link = transaction
                .prepare_cached("DELETE FROM event_reports WHERE event_id = ? AND report_id = ?")?;
            for (event_id, report_id) in old_links.difference(&new_links) {
                delete_link.execute([event_id, report_id])?;
            }
            let mut delete_event =
                transaction.prepare_cached("DELETE FROM events WHERE event_id = ?")?;
            for event_id in &old_ids {
                if !new_ids.contains(event_id.as_str()) {
                    delete_event.execute([event_id])?;
                }
            }
        }
        {
            let mut select_row = transaction.prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS} FROM events WHERE event_id = ?"
            ))?;
            // `search_text` is computed from the bound values (numbered as
            // in `event_row`, after the event id), in the same statement.
            let mut insert_row = transaction.prepare_cached(&format!(
                "INSERT INTO events (event_id, {EVENT_COLUMNS}, search_text) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {})",
                search_text_sql("?7", "?2", "?3", "?14")
            ))?;
            let mut update_row = transaction.prepare_cached(&update_event_sql())?;
            for event in events {
                let row = event_row(event)?;
                let event_id = Value::Text(event.event_id.clone());
                let stored: Option<Vec<Value>> = select_row
                    .query_row([&event.event_id], |stored| {
                        (0..row.len()).map(|index| stored.get(index)).collect()
                    })
                    .optional()?;
                match stored {
                    Some(stored) if stored == row => {}
                    Some(_) => {
                        let values = row.iter().chain([&event_id]);
                        update_row.execute(rusqlite::params_from_iter(values))?;
                    }
                    None => {
                        let values = [&event_id].into_iter().chain(row.iter());
                        insert_row.execute(rusqlite::params_from_iter(values))?;
                    }
                }
            }
        }
        {
            let mut report_exists =
                transaction.prepare_cached("SELECT 1 FROM reports WHERE report_id = ?")?;
            let mut insert_link = transaction
                .prepare_cached("INSERT INTO event_reports (event_id, report_id) VALUES (?, ?)")?;
            for (event_id, report_id) in new_links.difference(&old_links) {
                // The foreign key would refuse the row anyway; checking first
                // turns SQLite's anonymous "constraint failed" into a message
                // that names the event and the report.
                if !report_exists.exists([report_id])? {
                    return Err(StoreError::UnknownReport {
                        event_id: event_id.clone(),
                        report_id: report_id.clone(),
                    });
                }
                insert_link.execute([event_id, report_id])?;
            }
        }
        record_lineage(&transaction, &old_links, &new_links, &new_ids)?;
        transaction.commit()?;
        Ok(())
    }

    pub(crate) fn lineage(&self, event_id: &str) -> Result<Vec<LineageStep>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT change, successor_id, n_reports FROM event_lineage \
             WHERE event_id = ? ORDER BY n_reports DESC, successor_id",
        )?;
        let rows = statement.query_map([event_id], |row| {
            Ok(LineageStep {
                event_id: event_id.to_owned(),
                change: row.get(0)?,
                successor_id: row.get(1)?,
                n_reports: row.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn events(&self, filter: &EventFilter) -> Result<Vec<Event>, StoreError> {
        let selection = Selection::of(&self.connection, filter)?;
        let limit = filter.limit.unwrap_or(usize::MAX);
        let mut events = Vec::new();
        // Two passes in the order dated events (by start, then id), then
        // undated ones (by id), the way PostgreSQL sorts NULLs last. Each
        // pass is a range of an index on (filter column, date_start,
        // event_id), so a page costs the same at any depth; one query
        // ordered by `date_start IS NULL` would sort the whole table.
        let after = filter.after.as_ref();
        if after.is_none_or(|cursor| cursor.date_start.is_some()) {
            let mut sql = format!(
                "SELECT event_id, json FROM events WHERE {} AND date_start IS NOT NULL",
                selection.condition
            );
            let mut values = selection.values.clone();
            if let Some(EventCursor {
                date_start: Some(date_start),
                event_id,
            }) = after
            {
                sql.push_str(" AND (date_start, event_id) > (?, ?)");
                values.push(Value::Text(date_start.clone()));
                values.push(Value::Text(event_id.clone()));
            }
            sql.push_str(" ORDER BY date_start, event_id");
            self.collect_events(sql, values, limit, &mut events)?;
        }
        if events.len() < limit {
            let mut sql = format!(
                "SELECT event_id, json FROM events WHERE {} AND date_start IS NULL",
                selection.condition
            );
            let mut values = selection.values.clone();
            if let Some(EventCursor {
                date_start: None,
                event_id,
            }) = after
            {
                sql.push_str(" AND event_id > ?");
                values.push(Value::Text(event_id.clone()));
            }
            sql.push_str(" ORDER BY event_id");
            self.collect_events(sql, values, limit, &mut events)?;
        }
        Ok(events)
    }

    /// Runs one pass of [`Sqlite::events`], appending up to `limit` events
    /// in all.
    fn collect_events(
        &self,
        mut sql: String,
        mut values: Vec<Value>,
        limit: usize,
        events: &mut Vec<Event>,
    ) -> Result<(), StoreError> {
        if limit != usize::MAX {
            sql.push_str(" LIMIT ?");
            let remaining = limit - events.len();
            values.push(Value::Integer(i64::try_from(remaining).unwrap_or(i64::MAX)));
        }
        let mut statement = self.connection.prepare_cached(&sql)?;
        let rows = statement.query_map(rusqlite::params_from_iter(values), |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        for row in rows {
            if events.len() >= limit {
                break;
            }
            let (event_id, json) = row?;
            events.push(decode_event(&event_id, &json)?);
        }
        Ok(())
    }

    pub(crate) fn stats(
        &self,
        filter: &EventFilter,
        bucket: TimeBucket,
    ) -> Result<EventStats, StoreError> {
        let selection = Selection::of(&self.connection, filter)?;
        // Only columns of the filter indexes, so that the filters are
        // answered from an index alone. Events are counted by start day;
        // weeks are made of days afterwards, once per day rather than once
        // per event.
        let sql = format!(
            "SELECT date_start, kind, country, status FROM events WHERE {}",
            selection.condition
        );
        let mut statement = self.connection.prepare_cached(&sql)?;
        let mut rows = statement.query(rusqlite::params_from_iter(selection.values.iter()))?;
        let mut by_day = Tally::default();
        let mut by_kind = Tally::default();
        let mut by_country = Tally::default();
        let mut by_status = Tally::default();
        let mut total = 0;
        while let Some(row) = rows.next()? {
            total += 1;
            if let Some(day) = text_bytes(row, 0)? {
                by_day.add(day);
            }
            by_kind.add(text_bytes(row, 1)?.unwrap_or_default());
            by_country.add(text_bytes(row, 2)?.unwrap_or_default());
            by_status.add(text_bytes(row, 3)?.unwrap_or_default());
        }
        drop(rows);
        let by_day = by_day.counts()?;
        let (by_kind, by_country, by_status) =
            (by_kind.counts()?, by_country.counts()?, by_status.counts()?);
        let by_period = match bucket {
            TimeBucket::Day => by_day,
            TimeBucket::Week => {
                let mut by_week: BTreeMap<String, u64> = BTreeMap::new();
                for (day, n) in by_day {
                    if let Some(week) = self.week_of(&day)? {
                        *by_week.entry(week).or_default() += n;
                    }
                }
                by_week
            }
        };
        Ok(EventStats {
            total,
            by_period: by_period.into_iter().collect(),
            by_kind: by_kind.into_iter().collect(),
            by_country: by_country.into_iter().collect(),
            by_status: by_status.into_iter().collect(),
        })
    }

    /// The Monday of the ISO week of `day`, as SQLite's
    /// `date(day, 'weekday 0', '-6 days')` names it ('weekday 0' moves to
    /// the Sunday on or after the day, six days back is that week's
    /// Monday): computed here for well-formed days, asked of SQLite for
    /// anything else, so that both give the same answer.
    fn week_of(&self, day: &str) -> Result<Option<String>, StoreError> {
        if let Some(monday) = monday_of(day) {
            return Ok(Some(monday));
        }
        let mut statement = self
            .connection
            .prepare_cached("SELECT date(?, 'weekday 0', '-6 days')")?;
        Ok(statement.query_row([day], |row| row.get(0))?)
    }

    pub(crate) fn event(&self, event_id: &str) -> Result<Option<Event>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT json FROM events WHERE event_id = ?")?;
        let json: Option<String> = statement
            .query_row([event_id], |row| row.get(0))
            .optional()?;
        json.map(|json| decode_event(event_id, &json)).transpose()
    }

    pub(crate) fn reports_of_event(&self, event_id: &str) -> Result<Vec<Report>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT reports.report_id, reports.json, reports.explanation_json \
             FROM event_reports JOIN reports ON reports.report_id = event_reports.report_id \
             WHERE event_reports.event_id = ? \
             ORDER BY reports.article_id, reports.report_id",
        )?;
        let rows = statement.query_map([event_id], report_columns)?;
        decode_reports(rows)
    }

    pub(crate) fn report(&self, report_id: &str) -> Result<Option<Report>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT report_id, json, explanation_json FROM reports WHERE report_id = ?",
        )?;
        let columns = statement
            .query_row([report_id], report_columns)
            .optional()?;
        columns
            .map(|(report_id, json, explanation_json)| {
                decode_report(&report_id, &json, &explanation_json)
            })
            .transpose()
    }

    /// Every article with a signature, for syndication. Articles stored
    /// before schema 2 get theirs computed from their text here.
    pub(crate) fn article_prints(&self) -> Result<Vec<ArticlePrint>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT id, published, signature, n_shingles, \
                    CASE WHEN signature IS NULL THEN text END \
             FROM articles ORDER BY id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, Option<Vec<u8>>>(2)?,
                row.get::<_, Option<u32>>(3)?,
                row.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut prints = Vec::new();
        for row in rows {
            let (id, published, blob, n_shingles, text) = row?;
            let signature = match (blob, n_shingles, text) {
                (Some(blob), Some(n_shingles), _) => signature_of_blob(&blob, n_shingles),
                (_, _, Some(text)) => syndication::signature(&text),
                _ => None,
            };
            if let Some(signature) = signature {
                prints.push(ArticlePrint {
                    id,
                    published,
                    signature,
                });
            }
        }
        Ok(prints)
    }

    /// Replaces which article copies which.
    pub(crate) fn replace_copies(
        &mut self,
        copies: &BTreeMap<String, String>,
    ) -> Result<(), StoreError> {
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        transaction.execute("DELETE FROM article_copies", [])?;
        {
            let mut statement = transaction
                .prepare_cached("INSERT INTO article_copies (article_id, copy_of) VALUES (?, ?)")?;
            for (article_id, copy_of) in copies {
                statement.execute(params![article_id, copy_of])?;
            }
        }
        transaction.commit()?;
        Ok(())
    }

    /// Which article copies which, as last computed.
    pub(crate) fn copies(&self) -> Result<BTreeMap<String, String>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT article_id, copy_of FROM article_copies")?;
        let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn article(&self, article_id: &str) -> Result<Option<Article>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT id, url, outlet, published, language, title, text \
             FROM articles WHERE id = ?",
        )?;
        let article = statement
            .query_row([article_id], |row| {
                Ok(Article {
                    id: row.get(0)?,
                    url: row.get(1)?,
                    outlet: row.get(2)?,
                    published: row.get(3)?,
                    language: row.get(4)?,
                    title: row.get(5)?,
                    text: row.get(6)?,
                })
            })
            .optional()?;
        Ok(article)
    }

    pub(crate) fn article_source(&self, article_id: &str) -> Result<Option<String>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT source FROM articles WHERE id = ?")?;
        Ok(statement
            .query_row([article_id], |row| row.get(0))
            .optional()?)
    }

    pub(crate) fn insert_token(
        &mut self,
        record: &TokenRecord,
        token_hash: &str,
    ) -> Result<(), StoreError> {
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let taken = transaction
            .prepare_cached("SELECT 1 FROM api_tokens WHERE name = ?")?
            .exists([&record.name])?;
        if taken {
            return Err(StoreError::TokenNameTaken(record.name.clone()));
        }
        transaction.execute(
            "INSERT INTO api_tokens (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)",
            params![
                record.name,
                record.role.as_str(),
                token_hash,
                record.created_at
            ],
        )?;
        transaction.commit()?;
        Ok(())
    }

    pub(crate) fn token_by_hash(
        &self,
        token_hash: &str,
    ) -> Result<Option<TokenRecord>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT name, role, created_at FROM api_tokens WHERE token_hash = ?")?;
        let row: Option<(String, String, String)> = statement
            .query_row([token_hash], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?;
        row.map(|(name, role, created_at)| {
            let role = Role::parse(&role).ok_or_else(|| StoreError::Corrupt {
                table: "api_tokens",
                id: name.clone(),
                reason: format!("unknown role {role:?}"),
            })?;
            Ok(TokenRecord {
                name,
                role,
                created_at,
            })
        })
        .transpose()
    }

    pub(crate) fn decisions(&self) -> Result<Vec<Decision>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT decision_id, action, anchor_report, report_ids, value_json, created_by, \
             created_at FROM review_decisions ORDER BY decision_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
            ))
        })?;
        let mut decisions = Vec::new();
        for row in rows {
            let (
                decision_id,
                action,
                anchor_report,
                report_ids,
                value_json,
                created_by,
                created_at,
            ) = row?;
            let report_ids: Vec<String> =
                serde_json::from_str(&report_ids).map_err(|error| StoreError::Corrupt {
                    table: "review_decisions",
                    id: decision_id.to_string(),
                    reason: error.to_string(),
                })?;
            decisions.push(Decision {
                decision_id,
                action,
                anchor_report,
                report_ids,
                value_json,
                created_by,
                created_at,
            });
        }
        Ok(decisions)
    }

    pub(crate) fn insert_decision(
        &mut self,
        decision: &Decision,
        audit: &AuditEntry,
    ) -> Result<(i64, i64), StoreError> {
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let report_ids = to_json(&decision.report_ids, || "report ids".to_owned())?;
        transaction.execute(
            "INSERT INTO review_decisions \
             (action, anchor_report, report_ids, value_json, created_by, created_at) \
             VALUES (?, ?, ?, ?, ?, ?)",
            params![
                decision.action,
                decision.anchor_report,
                report_ids,
                decision.value_json,
                decision.created_by,
                decision.created_at
            ],
        )?;
        let decision_id = transaction.last_insert_rowid();
        let audit = AuditEntry {
            decision_id: Some(decision_id),
            ..audit.clone()
        };
        let audit_id = insert_audit_row(&transaction, &audit)?;
        transaction.commit()?;
        Ok((decision_id, audit_id))
    }

    pub(crate) fn insert_audit(&mut self, audit: &AuditEntry) -> Result<i64, StoreError> {
        insert_audit_row(&self.connection, audit)
    }

    pub(crate) fn complete_audit(
        &mut self,
        audit_id: i64,
        event_id: Option<&str>,
        after_json: &str,
    ) -> Result<(), StoreError> {
        self.connection.execute(
            "UPDATE audit_log SET after_json = ?, event_id = coalesce(?, event_id) \
             WHERE audit_id = ?",
            params![after_json, event_id, audit_id],
        )?;
        Ok(())
    }

    pub(crate) fn audit_log(&self, limit: usize) -> Result<Vec<AuditEntry>, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT audit_id, at, who, action, event_id, decision_id, before_json, after_json \
             FROM audit_log ORDER BY audit_id DESC LIMIT ?",
        )?;
        let rows = statement.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |row| {
            Ok(AuditEntry {
                audit_id: row.get(0)?,
                at: row.get(1)?,
                who: row.get(2)?,
                action: row.get(3)?,
                event_id: row.get(4)?,
                decision_id: row.get(5)?,
                before_json: row.get(6)?,
                after_json: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub(crate) fn delete_audit(&mut self, audit_id: i64) -> Result<bool, StoreError> {
        let n_deleted = self
            .connection
            .execute("DELETE FROM audit_log WHERE audit_id = ?", [audit_id])?;
        Ok(n_deleted > 0)
    }

    pub(crate) fn event_of_report(&self, report_id: &str) -> Result<Option<String>, StoreError> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT event_id FROM event_reports WHERE report_id = ? LIMIT 1")?;
        Ok(statement
            .query_row([report_id], |row| row.get(0))
            .optional()?)
    }

    pub(crate) fn counts(&self) -> Result<Counts, StoreError> {
        let mut statement = self.connection.prepare_cached(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM reports), \
             (SELECT count(*) FROM events)",
        )?;
        let (articles, reports, events): (i64, i64, i64) =
            statement.query_row([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        // count(*) is never negative; the conversion cannot fail in practice.
        let to_usize = |count: i64| usize::try_from(count).unwrap_or(usize::MAX);
        Ok(Counts {
            articles: to_usize(articles),
            reports: to_usize(reports),
            events: to_usize(events),
        })
    }
}

/// The `WHERE` condition of an [`EventFilter`], shared by the event list
/// and the statistics.
struct Selection {
    /// Fixed SQL fragments joined by `AND`; every value is a `?`.
    condition: String,
    /// The bound values, in the order of their placeholders.
    values: Vec<Value>,
}

impl Selection {
    fn of(connection: &Connection, filter: &EventFilter) -> Result<Selection, StoreError> {
        // The condition is assembled from fixed fragments only; every value
        // is a bound parameter, in the order the fragments are appended.
        let mut condition = String::from("1 = 1");
        let mut values: Vec<Value> = Vec::new();
        if let Some(kind) = filter.kind {
            condition.push_str(" AND kind = ?");
            values.push(Value::Text(kind.as_str().to_owned()));
        }
        if let Some(mode) = &filter.mode {
            condition.push_str(" AND mode = ?");
            values.push(Value::Text(mode.clone()));
        }
        if let Some(country) = &filter.country {
            // Stored codes are ISO 3166-1 upper case; accept "ru" for "RU".
            condition.push_str(" AND country = ?");
            values.push(Value::Text(country.to_ascii_uppercase()));
        }
        // Interval overlap: the event may have happened on a day in
        // [since, until] when it ends on or after `since` and starts on or
        // before `until`. ISO dates compare correctly as strings. Undated
        // events never match a date filter.
        if let Some(since) = &filter.since {
            check_iso_date("since", since)?;
            condition.push_str(" AND date_end >= ?");
            values.push(Value::Text(since.clone()));
            // `date_end >= since` alone lets SQLite walk the date index from
            // the first event on. No event is longer than the longest
            // stored one (an O(log n) read of `events_by_length`), so its
            // start is at most that many days before `since`: a bound the
            // index can seek to.
            let longest: Option<f64> = connection
                .prepare_cached(
                    "SELECT max(julianday(date_end) - julianday(date_start)) FROM events",
                )?
                .query_row([], |row| row.get(0))?;
            if let Some(longest) = longest.filter(|days| days.is_finite()) {
                condition.push_str(" AND date_start >= date(?, ?)");
                values.push(Value::Text(since.clone()));
                values.push(Value::Text(format!(
                    "-{} days",
                    longest.max(0.0).ceil() as i64
                )));
            }
        }
        if let Some(until) = &filter.until {
            check_iso_date("until", until)?;
            condition.push_str(" AND date_start <= ?");
            values.push(Value::Text(until.clone()));
        }
        if let Some(group) = filter.group {
            // Groups have no column of their own: they are a list, so look
            // inside the stored JSON with SQLite's built-in json_each.
            condition.push_str(
                " AND EXISTS (SELECT 1 FROM json_each(events.json, '$.actor_groups') \
                 WHERE json_each.value = ?)",
            );
            values.push(Value::Text(group.as_str().to_owned()));
        }
        // Size ranges overlap the asked range: [low, high] reaches size_min
        // when high >= size_min, and size_max when low <= size_max.
        if let Some(size_min) = filter.size_min {
            condition.push_str(" AND size_high >= ?");
            values.push(Value::Integer(i64::try_from(size_min).unwrap_or(i64::MAX)));
        }
        if let Some(size_max) = filter.size_max {
            condition.push_str(" AND size_low <= ?");
            values.push(Value::Integer(i64::try_from(size_max).unwrap_or(i64::MAX)));
        }
        if let Some(status) = filter.status {
            condition.push_str(" AND status = ?");
            values.push(Value::Text(status_name(status).to_owned()));
        }
        if let Some(text) = &filter.text {
            // A plain substring, not LIKE, so '%' and '_' in it mean
            // themselves. ASCII letters are folded on both sides
            // (`search_text` is stored through SQLite's lower(), see
            // `migrations/0005_place_and_text.sql`); other letters must
            // match in case.
            condition.push_str(" AND placard_contains(search_text, ?)");
            values.push(Value::Text(text.to_ascii_lowercase()));
        }
        if let Some(place) = &filter.place {
            // SQLite's case folding (NOCASE, lower()) covers ASCII only, and
            // place names are not all ASCII ("Zürich"), so names are
            // compared by their `place_key`, lower-cased in Rust.
            condition.push_str(" AND place_key = ?");
            values.push(Value::Text(place_key(place)));
        }
        Ok(Selection { condition, values })
    }
}

/// The `search_text` of an event, the text the `q` filter looks in, as SQL
/// over its place name, kind, mode and JSON (columns or parameters). It
/// must stay the expression `migrations/0005_place_and_text.sql` filled
/// the column with (tested).
fn search_text_sql(place_name: &str, kind: &str, mode: &str, json: &str) -> String {
    format!(
        "lower(coalesce({place_name}, '') || ' ' || {kind} || ' ' || coalesce({mode}, '') \
         || ' ' || coalesce(json_extract({json}, '$.place.text'), '') \
         || ' ' || coalesce(json_extract({json}, '$.claims'), '') \
         || ' ' || coalesce(json_extract({json}, '$.reasons'), '') \
         || ' ' || coalesce(json_extract({json}, '$.conditions'), '') \
         || ' ' || coalesce(json_extract({json}, '$.publishers'), '') \
         || ' ' || coalesce(json_extract({json}, '$.source_roots'), ''))"
    )
}

/// `placard_contains(haystack, needle)`: whether the text `needle` occurs in
/// the text `haystack`, as `instr(haystack, needle) > 0` says (NULL when
/// either is not text, which no filter matches). Both are UTF-8 from SQLite,
/// so a match of the bytes is a match of the characters.
fn contains(haystack: ValueRef<'_>, needle: ValueRef<'_>) -> Option<bool> {
    let (ValueRef::Text(haystack), ValueRef::Text(needle)) = (haystack, needle) else {
        return None;
    };
    Some(
        match (std::str::from_utf8(haystack), std::str::from_utf8(needle)) {
            (Ok(haystack), Ok(needle)) => haystack.contains(needle),
            // Not UTF-8 after all: compare the bytes the slow way.
            _ => {
                needle.is_empty()
                    || haystack
                        .windows(needle.len())
                        .any(|window| window == needle)
            }
        },
    )
}

/// How a place name is compared: in Unicode lower case. Stored beside the
/// name as `place_key` (see `migrations/0005_place_and_text.sql`).
pub(crate) fn place_key(place_name: &str) -> String {
    place_name.to_lowercase()
}

/// The Monday of the week of a `YYYY-MM-DD` day that exists in the
/// proleptic Gregorian calendar (`None` for anything else), by the day
/// count since 1970-01-01 of Howard Hinnant's `days_from_civil` and back.
fn monday_of(day: &str) -> Option<String> {
    let bytes = day.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = bytes.get(range)?;
        digits.iter().all(u8::is_ascii_digit).then(|| {
            digits
                .iter()
                .fold(0, |value, digit| value * 10 + i64::from(digit - b'0'))
        })
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (year, month, day_of_month) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=month_days).contains(&day_of_month) {
        return None;
    }
    let days = days_from_civil(year, month, day_of_month);
    // 1970-01-01 was a Thursday: three days after a Monday.
    let monday = days - (days + 3).rem_euclid(7);
    let (year, month, day_of_month) = civil_from_days(monday);
    Some(format!("{year:04}-{month:02}-{day_of_month:02}"))
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Column `index` of a row as the bytes of its text, borrowed from SQLite;
/// `None` for NULL. Text is checked to be UTF-8 once per counted key (see
/// [`Tally`]), not once per row.
fn text_bytes<'row>(
    row: &'row rusqlite::Row<'_>,
    index: usize,
) -> rusqlite::Result<Option<&'row [u8]>> {
    match row.get_ref(index)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(bytes) => Ok(Some(bytes)),
        value => Err(rusqlite::Error::InvalidColumnType(
            index,
            String::new(),
            value.data_type(),
        )),
    }
}

/// Counts of the values of one column. A country's statistics read
/// 25,000 rows at a million events into a few thousand keys, and rows come
/// by day from an index, so a key is mostly the one before: a run of equal
/// keys is counted without a map lookup, and a key is copied only when it
/// is new.
#[derive(Default)]
struct Tally {
    counts: BTreeMap<Vec<u8>, u64>,
    last: Vec<u8>,
    run: u64,
}

impl Tally {
    fn add(&mut self, key: &[u8]) {
        if self.run > 0 && self.last == key {
            self.run += 1;
            return;
        }
        self.flush();
        self.last.clear();
        self.last.extend_from_slice(key);
        self.run = 1;
    }

    fn flush(&mut self) {
        if self.run == 0 {
            return;
        }
        match self.counts.get_mut(&self.last) {
            Some(n) => *n += self.run,
            None => {
                self.counts.insert(self.last.clone(), self.run);
            }
        }
        self.run = 0;
    }

    /// The counts by key, in key order (byte order is `str` order).
    fn counts(mut self) -> Result<BTreeMap<String, u64>, StoreError> {
        self.flush();
        self.counts
            .into_iter()
            .map(|(key, n)| {
                String::from_utf8(key)
                    .map(|key| (key, n))
                    .map_err(|error| StoreError::Corrupt {
                        table: "events",
                        id: String::new(),
                        reason: format!("a filter column is not UTF-8: {error}"),
                    })
            })
            .collect()
    }
}

fn insert_audit_row(connection: &Connection, audit: &AuditEntry) -> Result<i64, StoreError> {
    connection.execute(
        "INSERT INTO audit_log \
         (at, who, action, event_id, decision_id, before_json, after_json) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        params![
            audit.at,
            audit.who,
            audit.action,
            audit.event_id,
            audit.decision_id,
            audit.before_json,
            audit.after_json
        ],
    )?;
    Ok(connection.last_insert_rowid())
}

/// Turns the errors SQLite gives for a file that is not a database at all
/// into the user error that names the path.
fn recognise_foreign_file(error: StoreError, path: &Path) -> StoreError {
    let StoreError::Database(BackendError(sqlite_error)) = &error else {
        return error;
    };
    let reason = match sqlite_error.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => "it is not an SQLite database",
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => "the SQLite file is damaged",
        _ => return error,
    };
    StoreError::NotPlacard {
        path: path.to_owned(),
        reason: reason.to_owned(),
    }
}

/// The stored article that makes `article_id`/`content_hash` a duplicate,
/// preferring the one with the same content.
fn find_duplicate(
    connection: &Connection,
    article_id: &str,
    content_hash: &str,
) -> Result<Option<String>, StoreError> {
    let mut by_content =
        connection.prepare_cached("SELECT id FROM articles WHERE content_hash = ?")?;
    if let Some(stored_id) = by_content
        .query_row([content_hash], |row| row.get(0))
        .optional()?
    {
        return Ok(Some(stored_id));
    }
    let mut by_id = connection.prepare_cached("SELECT id FROM articles WHERE id = ?")?;
    Ok(by_id.query_row([article_id], |row| row.get(0)).optional()?)
}

/// A signature as stored: its minima as little-endian `u32`s.
fn signature_blob(signature: &Signature) -> Vec<u8> {
    signature
        .minima
        .iter()
        .flat_map(|minimum| minimum.to_le_bytes())
        .collect()
}

fn signature_of_blob(blob: &[u8], n_shingles: u32) -> Option<Signature> {
    (blob.len() == 4 * syndication::SIGNATURE_LEN).then(|| Signature {
        minima: blob
            .chunks_exact(4)
            .map(|bytes| u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
            .collect(),
        n_shingles,
    })
}

fn insert_article(connection: &Connection, stored: &StoredArticle) -> Result<(), StoreError> {
    let article = &stored.article;
    let signature = stored
        .signature
        .clone()
        .or_else(|| syndication::signature(&article.text));
    let mut statement = connection.prepare_cached(
        "INSERT INTO articles \
         (id, content_hash, url, outlet, published, language, title, text, source, \
          signature, n_shingles) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?;
    statement.execute(params![
        article.id,
        stored.content_hash,
        article.url,
        article.outlet,
        article.published,
        article.language,
        article.title,
        article.text,
        stored.source,
        signature.as_ref().map(signature_blob),
        signature.as_ref().map(|signature| signature.n_shingles),
    ])?;
    Ok(())
}

fn insert_report(connection: &Connection, report: &Report) -> Result<(), StoreError> {
    let json = to_json(report, || format!("report {}", report.report_id))?;
    let explanation_json = to_json(&report.explanation, || {
        format!("explanation of report {}", report.report_id)
    })?;
    let date = report.date.as_ref();
    let place = report.place.as_ref();
    let mut statement = connection.prepare_cached(
        "INSERT INTO reports \
         (report_id, article_id, kind, mode, modality, date_start, date_end, country, \
          geonames_id, place_name, json, explanation_json, cluster_traits) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?;
    statement.execute(params![
        report.report_id,
        report.article_id,
        report.kind.as_str(),
        report.mode,
        report.modality.as_str(),
        date.map(|date| &date.start),
        date.map(|date| &date.end),
        place.and_then(|place| place.country.as_ref()),
        place.and_then(|place| place.geonames_id).and_then(integer),
        place.map(|place| &place.name),
        json,
        explanation_json,
        ClusterTraits::of(report).encode(),
    ])?;
    Ok(())
}

/// The values of an event's columns after `event_id`, in [`EVENT_COLUMNS`]
/// order. The same values are bound on write and compared with what is
/// stored, so an unchanged event is not rewritten.
fn event_row(event: &Event) -> Result<Vec<Value>, StoreError> {
    fn text(value: Option<&String>) -> Value {
        value.map_or(Value::Null, |value| Value::Text(value.clone()))
    }
    // SQLite stores NaN as NULL; mapping it here keeps the comparison with
    // the stored row exact.
    fn real(value: Option<f64>) -> Value {
        value
            .filter(|value| value.is_finite())
            .map_or(Value::Null, Value::Real)
    }
    fn count(value: Option<u64>) -> Value {
        value.and_then(integer).map_or(Value::Null, Value::Integer)
    }
    let date = event.date.as_ref();
    let place = event.place.as_ref();
    let size = event.size.as_ref();
    let json = to_json(event, || format!("event {}", event.event_id))?;
    Ok(vec![
        Value::Text(event.kind.as_str().to_owned()),
        text(event.mode.as_ref()),
        text(date.map(|date| &date.start)),
        text(date.map(|date| &date.end)),
        text(place.and_then(|place| place.country.as_ref())),
        text(place.map(|place| &place.name)),
        text(place.map(|place| place_key(&place.name)).as_ref()),
        real(place.and_then(|place| place.lat)),
        real(place.and_then(|place| place.lon)),
        count(size.map(|size| size.low)),
        count(size.map(|size| size.high)),
        Value::Text(status_name(event.status).to_owned()),
        Value::Text(json),
    ])
}

/// The serde name of a review status.
fn status_name(status: ReviewStatus) -> &'static str {
    match status {
        ReviewStatus::Unreviewed => "unreviewed",
        ReviewStatus::Accepted => "accepted",
        ReviewStatus::Rejected => "rejected",
    }
}

/// SQLite integers are signed 64-bit. A larger count or id is absurd input;
/// its filter column stays NULL while the JSON keeps the value as given.
fn integer(value: u64) -> Option<i64> {
    i64::try_from(value).ok()
}

fn to_json<T: serde::Serialize + ?Sized>(
    value: &T,
    what: impl FnOnce() -> String,
) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|error| StoreError::Serialise {
        what: what(),
        reason: error.to_string(),
    })
}

/// The `report_id, json, explanation_json` columns of a report query.
fn report_columns(row: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, String)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
}

fn decode_reports(
    rows: impl Iterator<Item = rusqlite::Result<(String, String, String)>>,
) -> Result<Vec<Report>, StoreError> {
    let mut reports = Vec::new();
    for row in rows {
        let (report_id, json, explanation_json) = row?;
        reports.push(decode_report(&report_id, &json, &explanation_json)?);
    }
    Ok(reports)
}

fn decode_report(
    report_id: &str,
    json: &str,
    explanation_json: &str,
) -> Result<Report, StoreError> {
    let corrupt = |error: serde_json::Error| StoreError::Corrupt {
        table: "reports",
        id: report_id.to_owned(),
        reason: error.to_string(),
    };
    let mut report: Report = serde_json::from_str(json).map_err(corrupt)?;
    let explanation: Vec<FieldTrace> = serde_json::from_str(explanation_json).map_err(corrupt)?;
    report.explanation = explanation;
    Ok(report)
}

fn decode_event(event_id: &str, json: &str) -> Result<Event, StoreError> {
    serde_json::from_str(json).map_err(|error| StoreError::Corrupt {
        table: "events",
        id: event_id.to_owned(),
        reason: error.to_string(),
    })
}

/// Accepts `YYYY-MM-DD` only. Shorter forms would compare wrongly as strings
/// ("2023-11-07" > "2023" makes `until = "2023"` exclude all of 2023), so
/// they are refused rather than silently mis-filtered.
fn check_iso_date(field: &'static str, value: &str) -> Result<(), StoreError> {
    let bytes = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    let well_formed = bytes.len() == 10
        && digits(0..4)
        && bytes[4] == b'-'
        && digits(5..7)
        && bytes[7] == b'-'
        && digits(8..10)
        && (b"01".as_slice()..=b"12".as_slice()).contains(&&bytes[5..7])
        && (b"01".as_slice()..=b"31".as_slice()).contains(&&bytes[8..10]);
    if well_formed {
        Ok(())
    } else {
        Err(StoreError::InvalidFilter {
            field,
            expected: "an ISO date (YYYY-MM-DD)",
            value: value.to_owned(),
        })
    }
}

/// Records where the reports of every event id that disappears went (see
/// `migrations/0003_event_lineage.sql`), and forgets the lineage of ids
/// that are events again.
fn record_lineage(
    transaction: &rusqlite::Transaction<'_>,
    old_links: &BTreeSet<(String, String)>,
    new_links: &BTreeSet<(String, String)>,
    new_ids: &BTreeSet<&str>,
) -> Result<(), StoreError> {
    let event_of_report: std::collections::HashMap<&str, &str> = new_links
        .iter()
        .map(|(event_id, report_id)| (report_id.as_str(), event_id.as_str()))
        .collect();
    let mut successors: BTreeMap<&str, BTreeMap<&str, i64>> = BTreeMap::new();
    for (event_id, report_id) in old_links {
        if new_ids.contains(event_id.as_str()) {
            continue;
        }
        let entry = successors.entry(event_id.as_str()).or_default();
        if let Some(successor) = event_of_report.get(report_id.as_str()) {
            *entry.entry(successor).or_default() += 1;
        }
    }
    let mut insert = transaction.prepare_cached(
        "INSERT OR REPLACE INTO event_lineage (event_id, change, successor_id, n_reports) \
         VALUES (?, ?, ?, ?)",
    )?;
    for (event_id, by_successor) in &successors {
        let change = if by_successor.len() == 1 {
            "joined"
        } else {
            "split"
        };
        for (successor_id, n_reports) in by_successor {
            insert.execute(rusqlite::params![event_id, change, successor_id, n_reports])?;
        }
    }
    transaction.execute(
        "DELETE FROM event_lineage WHERE event_id IN (SELECT event_id FROM events)",
        [],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{check_iso_date, monday_of, Sqlite};

    #[test]
    fn placard_contains_answers_as_instr_does() {
        let sqlite = Sqlite::open_in_memory().unwrap();
        let pairs = [
            ("demand number 170", "number 17"),
            ("demand number 170", "number 18"),
            ("zürich", "ürich"),
            ("zürich", "ÜRICH"),
            ("ab", "abc"),
            ("a%c", "%"),
            ("abc", ""),
            ("", "a"),
        ];
        for (haystack, needle) in pairs {
            let answers: (Option<bool>, Option<bool>) = sqlite
                .connection
                .query_row(
                    "SELECT placard_contains(?1, ?2), instr(?1, ?2) > 0",
                    [haystack, needle],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .unwrap();
            assert_eq!(answers.0, answers.1, "{haystack:?} {needle:?}");
        }
        let with_null: (Option<bool>, Option<bool>) = sqlite
            .connection
            .query_row(
                "SELECT placard_contains(NULL, 'a'), instr(NULL, 'a') > 0",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap();
        assert_eq!(with_null, (None, None));
    }

    #[test]
    fn weeks_are_named_by_their_monday_as_sqlite_names_them() {
        let connection = rusqlite::Connection::open_in_memory().unwrap();
        let mut days = vec![
            "1600-02-29".to_owned(),
            "1900-03-01".to_owned(),
            "2000-02-29".to_owned(),
            "2024-12-31".to_owned(),
            "9999-12-31".to_owned(),
        ];
        // Every day of five years, across leap years and year ends.
        let mut statement = connection
            .prepare("SELECT date('2019-12-25', ? || ' days')")
            .unwrap();
        for offset in 0..1_830 {
            days.push(statement.query_row([offset], |row| row.get(0)).unwrap());
        }
        for day in &days {
            let sqlite: String = connection
                .query_row("SELECT date(?, 'weekday 0', '-6 days')", [day], |row| {
                    row.get(0)
                })
                .unwrap();
            assert_eq!(monday_of(day).as_deref(), Some(sqlite.as_str()), "{day}");
        }
        // What SQLite reads differently (or not at all) is left to SQLite.
        for odd in [
            "2023-02-29",
            "2023-02-30",
            "2023-13-01",
            "2023-1-01",
            "2023-11-07T10:00",
            "",
        ] {
            assert_eq!(monday_of(odd), None, "{odd}");
        }
    }

    #[test]
    fn iso_dates_are_checked() {
        for good in ["2023-11-07", "1999-01-01", "2024-12-31"] {
            assert!(check_iso_date("since", good).is_ok(), "{good}");
        }
        for bad in [
            "2023",
            "2023-11",
            "2023-13-01",
            "2023-00-10",
            "2023-11-32",
            "2023-11-00",
            "2023/11/07",
            "20231107",
            "2023-11-07T10:00",
            "",
            "２０２３-11-07",
        ] {
            assert!(check_iso_date("since", bad).is_err(), "{bad}");
        }
    }
}
