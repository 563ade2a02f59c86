//! The one error type of the store, [`StoreError`].
//!
//! Variants fall into two groups, as in Meilisearch's milli: user errors are
//! things the person running Placard can fix (a wrong path, a file that is not
//! a Placard database, a database written by a newer Placard, a malformed
//! filter), so the CLI prints them plainly; internal errors mean a bug or a
//! broken disk, so the CLI reports them as such. [`StoreError::is_user_error`]
//! tells them apart. No variant carries a database-library type, so a second
//! backend can slot in without changing this enum's public face.

use std::fmt;
use std::path::PathBuf;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// User error: the file could not be opened or created (missing folder,
    /// permissions, a directory in its place).
    #[error("{path}: cannot open the database: {reason}")]
    CannotOpen {
        /// The path given.
        path: PathBuf,
        /// What the database library said.
        reason: String,
    },

    /// User error: the file exists but is not a Placard database.
    #[error("{path}: not a Placard database ({reason})")]
    NotPlacard {
        /// The path given.
        path: PathBuf,
        /// Why it was not recognised, for people.
        reason: String,
    },

    /// User error: the database was written by a newer Placard whose schema
    /// this program does not know; opening it could damage it.
    #[error(
        "{path}: database is newer than this program (schema {found} > {known}); \
         use a newer Placard"
    )]
    TooNew {
        /// The path given.
        path: PathBuf,
        /// The schema version recorded in the file.
        found: u32,
        /// The newest schema version this program knows.
        known: u32,
    },

    /// User error: another process holds the database for longer than the
    /// busy timeout (typically a second `placard ingest` on the same file).
    #[error("the database is busy: another Placard process is writing to it")]
    Busy,

    /// User error: an [`EventFilter`](crate::EventFilter) value has the wrong shape.
    #[error("invalid filter: {field} must be {expected}, got {value:?}")]
    InvalidFilter {
        /// The filter field ("since", "until").
        field: &'static str,
        /// What the field accepts.
        expected: &'static str,
        /// What it got.
        value: String,
    },

    /// User error: a token of this name exists already.
    #[error("a token named {0:?} exists already; pick another name")]
    TokenNameTaken(String),

    /// Internal error: the same event id appears twice in one
    /// [`Store::replace_events`](crate::Store::replace_events) call.
    #[error("internal error: event {0} appears twice in one set of events")]
    DuplicateEvent(String),

    /// Internal error: an event names a report that is not stored.
    #[error("internal error: event {event_id} rests on report {report_id}, which is not stored")]
    UnknownReport {
        /// The event.
        event_id: String,
        /// The report it names.
        report_id: String,
    },

    /// Internal error: a report in a batch names another article than the one
    /// it is stored with.
    #[error(
        "internal error: report {report_id} belongs to article {report_article}, not {article_id}"
    )]
    ReportOfOtherArticle {
        /// The report.
        report_id: String,
        /// The article the report names.
        report_article: String,
        /// The article it came with.
        article_id: String,
    },

    /// Internal error: a stored row could not be turned back into a value.
    #[error("internal error: stored {table} row {id} is unreadable: {reason}")]
    Corrupt {
        /// The table.
        table: &'static str,
        /// The row's key.
        id: String,
        /// What failed.
        reason: String,
    },

    /// Internal error: a value could not be serialised for storage.
    #[error("internal error: cannot serialise {what}: {reason}")]
    Serialise {
        /// What was being serialised ("report r-1").
        what: String,
        /// What failed.
        reason: String,
    },

    /// Internal error: the database library failed.
    #[error("internal database error: {0}")]
    Database(#[source] BackendError),
}

impl StoreError {
    /// True for errors the user can fix (path, file, version, filter, a
    /// concurrent writer); false for bugs and broken files.
    pub fn is_user_error(&self) -> bool {
        match self {
            StoreError::CannotOpen { .. }
            | StoreError::NotPlacard { .. }
            | StoreError::TooNew { .. }
            | StoreError::Busy
            | StoreError::InvalidFilter { .. }
            | StoreError::TokenNameTaken(_) => true,
            StoreError::DuplicateEvent(_)
            | StoreError::UnknownReport { .. }
            | StoreError::ReportOfOtherArticle { .. }
            | StoreError::Corrupt { .. }
            | StoreError::Serialise { .. }
            | StoreError::Database(_) => false,
        }
    }
}

/// An error from the database library, kept opaque so that the library's
/// types stay out of the public API.
pub struct BackendError(pub(crate) rusqlite::Error);

impl fmt::Display for BackendError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, formatter)
    }
}

impl fmt::Debug for BackendError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, formatter)
    }
}

impl std::error::Error for BackendError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> StoreError {
        // A lock held past the busy timeout is not a bug: say so plainly.
        if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) {
            return StoreError::Busy;
        }
        StoreError::Database(BackendError(error))
    }
}
