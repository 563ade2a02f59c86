//! Articles already stored, by id or by content, are skipped and listed.

use crate::support::{article, report, stored};
use placard_engine::Kind;
use placard_store::{BatchOutcome, Counts, Store, StoreError};

#[test]
fn same_id_twice_is_a_duplicate_and_its_reports_are_not_stored() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_batch(&[stored(
            article("a-1", "first text"),
            "h1",
            vec![report("a-1", "r-1", Kind::Protest)],
        )])
        .unwrap();
    // Same id, other content: still the same article as far as ingest goes.
    let outcome = store
        .insert_batch(&[stored(
            article("a-1", "edited text"),
            "h2",
            vec![report("a-1", "r-2", Kind::Arrest)],
        )])
        .unwrap();
    assert_eq!(
        outcome,
        BatchOutcome {
            n_inserted: 0,
            n_duplicates: 1,
            n_reports: 0,
            duplicate_ids: vec![("a-1".to_owned(), "a-1".to_owned())],
        }
    );
    assert_eq!(store.report("r-2").unwrap(), None);
    assert_eq!(store.article("a-1").unwrap().unwrap().text, "first text");
    assert!(!store.has_content("h2").unwrap());
    assert_eq!(
        store.counts().unwrap(),
        Counts {
            articles: 1,
            reports: 1,
            events: 0,
        }
    );
}

#[test]
fn same_content_under_another_id_is_a_duplicate() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_batch(&[stored(
            article("a-1", "the text"),
            "h1",
            vec![report("a-1", "r-1", Kind::Protest)],
        )])
        .unwrap();
    let outcome = store
        .insert_batch(&[
            stored(
                article("a-2", "the text"),
                "h1",
                vec![report("a-2", "r-2", Kind::Protest)],
            ),
            stored(article("a-3", "another text"), "h3", vec![]),
        ])
        .unwrap();
    assert_eq!(
        outcome,
        BatchOutcome {
            n_inserted: 1,
            n_duplicates: 1,
            n_reports: 0,
            duplicate_ids: vec![("a-2".to_owned(), "a-1".to_owned())],
        }
    );
    assert_eq!(store.article("a-2").unwrap(), None);
    assert_eq!(store.report("r-2").unwrap(), None);
    assert!(store.article("a-3").unwrap().is_some());
}

#[test]
fn duplicates_inside_one_batch_are_caught() {
    let mut store = Store::open_in_memory().unwrap();
    let outcome = store
        .insert_batch(&[
            stored(
                article("a-1", "text one"),
                "h1",
                vec![report("a-1", "r-1", Kind::Protest)],
            ),
            // Same content as a-1.
            stored(
                article("a-2", "text one"),
                "h1",
                vec![report("a-2", "r-2", Kind::Protest)],
            ),
            // Same id as a-1.
            stored(
                article("a-1", "text two"),
                "h2",
                vec![report("a-1", "r-3", Kind::Protest)],
            ),
        ])
        .unwrap();
    assert_eq!(
        outcome,
        BatchOutcome {
            n_inserted: 1,
            n_duplicates: 2,
            n_reports: 1,
            duplicate_ids: vec![
                ("a-2".to_owned(), "a-1".to_owned()),
                ("a-1".to_owned(), "a-1".to_owned()),
            ],
        }
    );
    let report_ids: Vec<String> = store
        .all_reports()
        .unwrap()
        .into_iter()
        .map(|report| report.report_id)
        .collect();
    assert_eq!(report_ids, ["r-1"]);
}

#[test]
fn a_failing_batch_stores_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let error = store
        .insert_batch(&[
            stored(
                article("a-1", "fine"),
                "h1",
                vec![report("a-1", "r-1", Kind::Protest)],
            ),
            // A report that names another article is a caller bug.
            stored(
                article("a-2", "broken"),
                "h2",
                vec![report("a-9", "r-2", Kind::Protest)],
            ),
        ])
        .unwrap_err();
    assert!(
        matches!(&error, StoreError::ReportOfOtherArticle { report_id, .. } if report_id == "r-2"),
        "{error:?}"
    );
    assert!(!error.is_user_error());
    assert_eq!(store.counts().unwrap(), Counts::default());
}
