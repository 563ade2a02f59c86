//! Schema migrations for the SQLite backend.
//!
//! Migration `n` (1-based) is `MIGRATIONS[n - 1]`, an SQL file under
//! `crates/store/migrations/` embedded at compile time. The applied version
//! lives in `PRAGMA user_version`, and `PRAGMA application_id` marks the file
//! as Placard's so that another program's SQLite file is refused instead of
//! being filled with our tables. Pending migrations run in order inside one
//! transaction, so a failure leaves the file at its old version.
//!
//! Migrations are append-only: once released, a file is never edited, because
//! databases in the wild were made with it (`tests/fixtures/schema_v1.db`
//! guards this).

use crate::error::StoreError;
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;

/// The migrations in order; the schema version is the number applied.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_syndication.sql"),
    include_str!("../migrations/0003_event_lineage.sql"),
    include_str!("../migrations/0004_review.sql"),
    include_str!("../migrations/0005_place_and_text.sql"),
    include_str!("../migrations/0006_mode_index.sql"),
    include_str!("../migrations/0007_cluster_traits.sql"),
];

/// The newest schema version this program knows.
pub(crate) const CURRENT_VERSION: u32 = MIGRATIONS.len() as u32;

/// `PRAGMA application_id` of a Placard database: "PLCD" in ASCII.
pub(crate) const APPLICATION_ID: i32 = 0x504C_4344;

/// Reads the schema version recorded in the file.
pub(crate) fn user_version(connection: &Connection) -> Result<u32, StoreError> {
    let version: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    // user_version is a signed 32-bit header field; a negative value was not
    // written by Placard, and reads as "far too new" rather than wrapping.
    Ok(u32::try_from(version).unwrap_or(u32::MAX))
}

/// Checks that the file is a Placard database (or empty) of a version this
/// program knows, and applies pending migrations.
pub(crate) fn migrate(connection: &mut Connection, path: &Path) -> Result<(), StoreError> {
    // Check before taking the write lock, so that a file we must refuse is
    // refused even when it is read-only or busy, and is never written to.
    check_identity(connection, path)?;
    if user_version(connection)? == CURRENT_VERSION {
        return Ok(());
    }

    // IMMEDIATE takes the write lock now: two processes opening a fresh file
    // at once serialise here, and the second sees the first one's work when
    // it re-reads the version below.
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    check_identity(&transaction, path)?;
    let from_version = user_version(&transaction)?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(from_version as usize) {
        prepare_migration(&transaction, index + 1)?;
        transaction.execute_batch(sql)?;
        // PRAGMA values cannot be bound as parameters; these are our own
        // integer constants, never user input.
        transaction.execute_batch(&format!("PRAGMA user_version = {}", index + 1))?;
    }
    transaction.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}"))?;
    transaction.commit()?;
    Ok(())
}

/// What a migration's SQL needs from Rust, done just before it runs.
fn prepare_migration(connection: &Connection, version: usize) -> Result<(), StoreError> {
    if version == 5 {
        // Every stored place name with its Unicode lower case, which SQL
        // cannot compute (see `0005_place_and_text.sql`). A few thousand
        // names even at a million events.
        connection.execute_batch(
            "CREATE TEMP TABLE place_keys \
             (place_name TEXT PRIMARY KEY NOT NULL, place_key TEXT NOT NULL)",
        )?;
        let names: Vec<String> = connection
            .prepare("SELECT DISTINCT place_name FROM events WHERE place_name IS NOT NULL")?
            .query_map([], |row| row.get(0))?
            .collect::<Result<_, _>>()?;
        let mut insert = connection.prepare("INSERT INTO temp.place_keys VALUES (?, ?)")?;
        for name in &names {
            insert.execute([name, &crate::sqlite::place_key(name)])?;
        }
    }
    Ok(())
}

/// Refuses files that belong to another program or to a newer Placard.
pub(crate) fn check_identity(connection: &Connection, path: &Path) -> Result<(), StoreError> {
    let application_id: i32 =
        connection.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    if application_id != 0 && application_id != APPLICATION_ID {
        return Err(StoreError::NotPlacard {
            path: path.to_owned(),
            reason: format!("it belongs to another program, application id {application_id:#x}"),
        });
    }
    let version = user_version(connection)?;
    if version > CURRENT_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_owned(),
            found: version,
            known: CURRENT_VERSION,
        });
    }
    if version == 0 {
        // Version 0 is a file no migration has touched: only an empty one is ours to fill.
        let n_objects: i64 =
            connection.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
        if n_objects > 0 {
            return Err(StoreError::NotPlacard {
                path: path.to_owned(),
                reason: "it is an SQLite database with other tables".to_owned(),
            });
        }
    } else if application_id == 0 {
        return Err(StoreError::NotPlacard {
            path: path.to_owned(),
            reason: format!("it has schema version {version} but no Placard application id"),
        });
    }
    Ok(())
}
