//! `replace_events` touches exactly the rows that differ, and repeating any
//! call leaves the content unchanged.

use crate::support::{article, dump, event, raw, report, stored, EventSpec};
use placard_engine::{ActorGroup, Event, Kind};
use placard_store::{EventFilter, Store, StoreError, StoredArticle};
use std::path::Path;

fn batch() -> Vec<StoredArticle> {
    vec![
        stored(
            article("a-1", "first"),
            "h1",
            vec![
                report("a-1", "r1", Kind::Protest),
                report("a-1", "r2", Kind::PoliceAction),
            ],
        ),
        stored(
            article("a-2", "second"),
            "h2",
            vec![
                report("a-2", "r3", Kind::Protest),
                report("a-2", "r4", Kind::Arrest),
            ],
        ),
    ]
}

fn simple_event(id: &str, kind: Kind, reports: &[&str]) -> Event {
    event(EventSpec {
        id,
        kind,
        place: Some(("Moscow", "RU")),
        dates: Some(("2023-11-07", "2023-11-07")),
        groups: &[ActorGroup::SoldiersRelatives],
        reports,
    })
}

/// Records every write to `events` and `event_reports` in a log table, with
/// triggers stored in the file so that the store's own connection fires them.
fn install_change_log(path: &Path) {
    raw(path)
        .execute_batch(
            "CREATE TABLE change_log (change TEXT NOT NULL);
             CREATE TRIGGER log_event_insert AFTER INSERT ON events BEGIN
                 INSERT INTO change_log VALUES ('insert event ' || new.event_id); END;
             CREATE TRIGGER log_event_update AFTER UPDATE ON events BEGIN
                 INSERT INTO change_log VALUES ('update event ' || new.event_id); END;
             CREATE TRIGGER log_event_delete AFTER DELETE ON events BEGIN
                 INSERT INTO change_log VALUES ('delete event ' || old.event_id); END;
             CREATE TRIGGER log_link_insert AFTER INSERT ON event_reports BEGIN
                 INSERT INTO change_log VALUES ('insert link ' || new.event_id || ' ' || new.report_id); END;
             CREATE TRIGGER log_link_delete AFTER DELETE ON event_reports BEGIN
                 INSERT INTO change_log VALUES ('delete link ' || old.event_id || ' ' || old.report_id); END;",
        )
        .unwrap();
}

/// The log's entries, sorted, and the log emptied.
fn take_changes(path: &Path) -> Vec<String> {
    let connection = raw(path);
    let mut changes: Vec<String> = connection
        .prepare("SELECT change FROM change_log")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    connection.execute("DELETE FROM change_log", []).unwrap();
    changes.sort();
    changes
}

#[test]
fn only_changed_removed_and_added_rows_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("placard.db");
    let a = simple_event("ev-a", Kind::Protest, &["r1"]);
    let b = simple_event("ev-b", Kind::PoliceAction, &["r2"]);
    let c = simple_event("ev-c", Kind::Protest, &["r3"]);
    {
        let mut store = Store::open(&path).unwrap();
        store.insert_batch(&batch()).unwrap();
        store.replace_events(&[a.clone(), b.clone(), c]).unwrap();
    }
    install_change_log(&path);

    // ev-a unchanged; ev-b gains a report and a wider size; ev-c goes;
    // ev-d arrives on ev-c's report.
    let mut b_changed = simple_event("ev-b", Kind::PoliceAction, &["r2", "r4"]);
    b_changed.size.as_mut().unwrap().high = 60;
    let d = simple_event("ev-d", Kind::Arrest, &["r3"]);
    let new_events = [a.clone(), b_changed.clone(), d.clone()];

    let mut store = Store::open(&path).unwrap();
    store.replace_events(&new_events).unwrap();
    assert_eq!(
        take_changes(&path),
        [
            "delete event ev-c",
            "delete link ev-c r3",
            "insert event ev-d",
            "insert link ev-b r4",
            "insert link ev-d r3",
            "update event ev-b",
        ]
    );
    assert_eq!(
        store.events(&EventFilter::default()).unwrap(),
        new_events.to_vec()
    );
    let b_reports: Vec<String> = store
        .reports_of_event("ev-b")
        .unwrap()
        .into_iter()
        .map(|report| report.report_id)
        .collect();
    assert_eq!(b_reports, ["r2", "r4"]);
    assert!(store.reports_of_event("ev-c").unwrap().is_empty());

    // The same events again: nothing is written at all.
    store.replace_events(&new_events).unwrap();
    assert_eq!(take_changes(&path), Vec::<String>::new());

    // No events: everything goes, links included.
    store.replace_events(&[]).unwrap();
    assert_eq!(
        take_changes(&path),
        [
            "delete event ev-a",
            "delete event ev-b",
            "delete event ev-d",
            "delete link ev-a r1",
            "delete link ev-b r2",
            "delete link ev-b r4",
            "delete link ev-d r3",
        ]
    );
    assert_eq!(store.counts().unwrap().events, 0);
}

#[test]
fn repeating_ingest_and_dedup_leaves_the_content_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("placard.db");
    let events = [
        simple_event("ev-a", Kind::Protest, &["r1", "r3"]),
        simple_event("ev-b", Kind::Arrest, &["r4"]),
    ];

    let mut store = Store::open(&path).unwrap();
    store.insert_batch(&batch()).unwrap();
    store.replace_events(&events).unwrap();
    let first = dump(&path);
    assert!(
        first.contains("table events\n  \"ev-a\" | \"protest\""),
        "{first}"
    );

    let outcome = store.insert_batch(&batch()).unwrap();
    assert_eq!((outcome.n_inserted, outcome.n_duplicates), (0, 2));
    store.replace_events(&events).unwrap();
    assert_eq!(dump(&path), first);

    // And again after a reopen, as a resumed ingest would do it.
    drop(store);
    let mut store = Store::open(&path).unwrap();
    store.insert_batch(&batch()).unwrap();
    store.replace_events(&events).unwrap();
    assert_eq!(dump(&path), first);
}

#[test]
fn a_repeated_event_id_is_refused_and_nothing_changes() {
    let mut store = Store::open_in_memory().unwrap();
    store.insert_batch(&batch()).unwrap();
    let a = simple_event("ev-a", Kind::Protest, &["r1"]);
    store.replace_events(std::slice::from_ref(&a)).unwrap();

    let error = store
        .replace_events(&[
            simple_event("ev-b", Kind::Protest, &["r2"]),
            simple_event("ev-b", Kind::Arrest, &["r3"]),
        ])
        .unwrap_err();
    assert!(
        matches!(&error, StoreError::DuplicateEvent(id) if id == "ev-b"),
        "{error:?}"
    );
    assert!(!error.is_user_error());
    assert_eq!(store.events(&EventFilter::default()).unwrap(), vec![a]);
}

#[test]
fn an_event_on_an_unknown_report_is_refused_and_rolled_back() {
    let mut store = Store::open_in_memory().unwrap();
    store.insert_batch(&batch()).unwrap();
    let a = simple_event("ev-a", Kind::Protest, &["r1"]);
    store.replace_events(std::slice::from_ref(&a)).unwrap();

    let error = store
        .replace_events(&[simple_event("ev-x", Kind::Protest, &["r-missing"])])
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "internal error: event ev-x rests on report r-missing, which is not stored"
    );
    // The deletion of ev-a that came first in the transaction is undone.
    assert_eq!(store.events(&EventFilter::default()).unwrap(), vec![a]);
    assert_eq!(store.reports_of_event("ev-a").unwrap().len(), 1);
}

#[test]
fn vanished_events_leave_their_lineage() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("lineage.db")).unwrap();
    store
        .insert_batch(&[
            stored(
                article("a-1", "Text one."),
                "hash-1",
                vec![report("a-1", "r-1", Kind::Protest)],
            ),
            stored(
                article("a-2", "Text two."),
                "hash-2",
                vec![report("a-2", "r-2", Kind::Protest)],
            ),
        ])
        .unwrap();
    let spec = |id: &'static str, reports: &'static [&'static str]| {
        event(EventSpec {
            id,
            kind: Kind::Protest,
            place: Some(("Moscow", "RU")),
            dates: Some(("2023-11-07", "2023-11-07")),
            groups: &[],
            reports,
        })
    };
    // Two events, then one that holds both of their reports.
    store
        .replace_events(&[spec("ev-a", &["r-1"]), spec("ev-b", &["r-2"])])
        .unwrap();
    assert!(store.lineage("ev-a").unwrap().is_empty());
    store
        .replace_events(&[spec("ev-ab", &["r-1", "r-2"])])
        .unwrap();
    let steps = |store: &Store, id: &str| -> Vec<(String, String, i64)> {
        store
            .lineage(id)
            .unwrap()
            .into_iter()
            .map(|step| (step.change, step.successor_id, step.n_reports))
            .collect()
    };
    assert_eq!(
        steps(&store, "ev-a"),
        [("joined".into(), "ev-ab".into(), 1)]
    );
    assert_eq!(
        steps(&store, "ev-b"),
        [("joined".into(), "ev-ab".into(), 1)]
    );
    // The same events again record nothing new.
    store
        .replace_events(&[spec("ev-ab", &["r-1", "r-2"])])
        .unwrap();
    assert!(store.lineage("ev-ab").unwrap().is_empty());
    // Split again: the joined event points at both parts, and the old ids,
    // being events once more, lose their lineage.
    store
        .replace_events(&[spec("ev-a", &["r-1"]), spec("ev-b", &["r-2"])])
        .unwrap();
    assert_eq!(
        steps(&store, "ev-ab"),
        [
            ("split".into(), "ev-a".into(), 1),
            ("split".into(), "ev-b".into(), 1)
        ]
    );
    assert!(store.lineage("ev-a").unwrap().is_empty());
}

/// `search_text`, what the text filter reads, is written with the row and
/// follows its changes (by `replace_events` and by `update_event`): it
/// stays the expression schema 5 filled it with.
#[test]
fn search_text_is_written_with_the_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("placard.db");
    let a = simple_event("ev-a", Kind::Protest, &["r1"]);
    let b = simple_event("ev-b", Kind::PoliceAction, &["r2"]);
    let mut store = Store::open(&path).unwrap();
    store.insert_batch(&batch()).unwrap();
    store.replace_events(&[a.clone(), b]).unwrap();
    let mut b_changed = simple_event("ev-b", Kind::PoliceAction, &["r2"]);
    b_changed.claims = vec!["Free the Pensioners".to_owned()];
    store.replace_events(&[a, b_changed]).unwrap();
    let text = EventFilter {
        text: Some("the PENSIONERS".to_owned()),
        ..EventFilter::default()
    };
    let found: Vec<String> = store
        .events(&text)
        .unwrap()
        .into_iter()
        .map(|event| event.event_id)
        .collect();
    assert_eq!(found, ["ev-b"]);
    // A review decision rewrites one event in place.
    let mut a_edited = simple_event("ev-a", Kind::Protest, &["r1"]);
    a_edited.claims = vec!["Feed the Pensioners".to_owned()];
    assert!(store.update_event(&a_edited).unwrap());
    let found: Vec<String> = store
        .events(&text)
        .unwrap()
        .into_iter()
        .map(|event| event.event_id)
        .collect();
    assert_eq!(found, ["ev-a", "ev-b"]);
    drop(store);
    let (n_events, n_differing): (i64, i64) = raw(&path)
        .query_row(
            "SELECT count(*), count(*) FILTER (WHERE search_text IS NOT lower(\
                 coalesce(place_name, '') || ' ' || kind || ' ' || coalesce(mode, '') || ' ' \
                 || coalesce(json_extract(json, '$.place.text'), '') || ' ' \
                 || coalesce(json_extract(json, '$.claims'), '') || ' ' \
                 || coalesce(json_extract(json, '$.reasons'), '') || ' ' \
                 || coalesce(json_extract(json, '$.conditions'), '') || ' ' \
                 || coalesce(json_extract(json, '$.publishers'), '') || ' ' \
                 || coalesce(json_extract(json, '$.source_roots'), ''))) FROM events",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!((n_events, n_differing), (2, 0));
}
