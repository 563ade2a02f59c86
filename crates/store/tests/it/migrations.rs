//! Opening files: fresh, reopened, foreign, too new; WAL mode.

use crate::support::{article, raw, stored};
use placard_store::{Store, StoreError};

/// "PLCD", the application id Placard writes.
const APPLICATION_ID: i64 = 0x504C_4344;

fn pragma(path: &std::path::Path, name: &str) -> rusqlite::types::Value {
    raw(path)
        .query_row(&format!("PRAGMA {name}"), [], |row| row.get(0))
        .unwrap()
}

#[test]
fn a_fresh_file_gets_the_newest_version_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("placard.db");
    {
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), 7);
        store
            .insert_batch(&[stored(article("a-1", "text"), "h1", vec![])])
            .unwrap();
    }
    assert_eq!(pragma(&path, "user_version"), 7.into());
    assert_eq!(pragma(&path, "application_id"), APPLICATION_ID.into());

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), 7);
    assert_eq!(store.counts().unwrap().articles, 1);
}

#[test]
fn an_empty_file_is_initialised() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").unwrap();
    assert_eq!(Store::open(&path).unwrap().schema_version().unwrap(), 7);
}

#[test]
fn files_are_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("placard.db");
    let _store = Store::open(&path).unwrap();
    assert_eq!(pragma(&path, "journal_mode"), "wal".to_owned().into());
}

#[test]
fn a_newer_schema_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    raw(&path)
        .execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = 99;"
        ))
        .unwrap();
    let before = std::fs::read(&path).unwrap();

    let error = Store::open(&path).unwrap_err();
    assert!(error.is_user_error());
    assert!(
        matches!(
            error,
            StoreError::TooNew {
                found: 99,
                known: 7,
                ..
            }
        ),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("database is newer than this program (schema 99 > 7)"),
        "{message}"
    );
    assert!(message.contains("future.db"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_newer_schema_without_application_id_is_still_too_new() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    raw(&path)
        .execute_batch("PRAGMA user_version = 99;")
        .unwrap();
    let error = Store::open(&path).unwrap_err();
    assert!(
        matches!(error, StoreError::TooNew { found: 99, .. }),
        "{error:?}"
    );
}

#[test]
fn a_text_file_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.db");
    let text = "id,title\n1,not a database\n".repeat(50);
    std::fs::write(&path, &text).unwrap();

    let error = Store::open(&path).unwrap_err();
    assert!(error.is_user_error());
    assert_eq!(
        error.to_string(),
        format!(
            "{}: not a Placard database (it is not an SQLite database)",
            path.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();

    let with_tables = dir.path().join("other.db");
    raw(&with_tables)
        .execute_batch("CREATE TABLE contacts (name TEXT);")
        .unwrap();
    let error = Store::open(&with_tables).unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with("not a Placard database (it is an SQLite database with other tables)"),
        "{error}"
    );
    // Nothing of ours was added.
    let n_tables: i64 = raw(&with_tables)
        .query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))
        .unwrap();
    assert_eq!(n_tables, 1);

    let other_id = dir.path().join("other-id.db");
    raw(&other_id)
        .execute_batch("PRAGMA application_id = 1234;")
        .unwrap();
    let error = Store::open(&other_id).unwrap_err();
    assert!(
        matches!(&error, StoreError::NotPlacard { reason, .. } if reason.contains("0x4d2")),
        "{error:?}"
    );

    let versioned = dir.path().join("versioned.db");
    raw(&versioned)
        .execute_batch("PRAGMA user_version = 1;")
        .unwrap();
    let error = Store::open(&versioned).unwrap_err();
    assert!(matches!(error, StoreError::NotPlacard { .. }), "{error:?}");
}

#[test]
fn a_missing_folder_is_a_user_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("placard.db");
    let error = Store::open(&path).unwrap_err();
    assert!(error.is_user_error());
    assert!(matches!(error, StoreError::CannotOpen { .. }), "{error:?}");
    assert!(error.to_string().contains("no-such-folder"), "{error}");
}
