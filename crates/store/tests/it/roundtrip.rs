//! What goes in comes out equal, through a real file and a reopen.

use crate::support::{article, bare_article, bare_report, event, report, stored, EventSpec};
use placard_engine::{ActorGroup, Kind};
use placard_store::{BatchOutcome, Counts, EventFilter, Store};

#[test]
fn articles_reports_and_events_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("placard.db");

    // Stored out of order, to see all_reports sort by article, then report.
    let second = stored(
        article("b-2", "On November 7 about two dozen women held posters."),
        "hash-b",
        vec![
            report("b-2", "r-b2", Kind::Protest),
            report("b-2", "r-b1", Kind::PoliceAction),
        ],
    );
    let first = stored(
        bare_article("a-1", "Текст статьи: unicode survives."),
        "hash-a",
        vec![bare_report("a-1", "r-a1")],
    );
    let protest = event(EventSpec {
        id: "ev-1",
        kind: Kind::Protest,
        place: Some(("Moscow", "RU")),
        dates: Some(("2023-11-07", "2023-11-07")),
        groups: &[ActorGroup::SoldiersRelatives],
        reports: &["r-b2", "r-a1"],
    });
    {
        let mut store = Store::open(&path).unwrap();
        let outcome = store
            .insert_batch(&[second.clone(), first.clone()])
            .unwrap();
        assert_eq!(
            outcome,
            BatchOutcome {
                n_inserted: 2,
                n_duplicates: 0,
                n_reports: 3,
                duplicate_ids: vec![],
            }
        );
        store
            .replace_events(std::slice::from_ref(&protest))
            .unwrap();
    }

    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.counts().unwrap(),
        Counts {
            articles: 2,
            reports: 3,
            events: 1,
        }
    );
    assert_eq!(store.article("b-2").unwrap(), Some(second.article.clone()));
    assert_eq!(store.article("a-1").unwrap(), Some(first.article.clone()));
    assert_eq!(
        store.article_source("b-2").unwrap().as_deref(),
        Some("input.jsonl:b-2")
    );

    // The explanation is not in the JSON contract, so it is the field most
    // likely to be lost; check it explicitly as well as through equality.
    let r_b2 = store.report("r-b2").unwrap().unwrap();
    assert_eq!(r_b2.explanation.len(), 2);
    assert_eq!(r_b2.explanation[1].note, "\"two dozen\" is 20 to 30");
    assert_eq!(r_b2, second.reports[0]);

    let all = store.all_reports().unwrap();
    assert_eq!(
        all,
        vec![
            first.reports[0].clone(),
            second.reports[1].clone(),
            second.reports[0].clone()
        ]
    );

    assert_eq!(store.event("ev-1").unwrap(), Some(protest.clone()));
    assert_eq!(
        store.events(&EventFilter::default()).unwrap(),
        vec![protest]
    );
    // Ordered by article id, not by the event's list.
    assert_eq!(
        store.reports_of_event("ev-1").unwrap(),
        vec![first.reports[0].clone(), second.reports[0].clone()]
    );
    assert_eq!(store.schema_version().unwrap(), 7);
}

#[test]
fn unknown_ids_are_none_or_empty() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.article("nope").unwrap(), None);
    assert_eq!(store.article_source("nope").unwrap(), None);
    assert_eq!(store.report("nope").unwrap(), None);
    assert_eq!(store.event("nope").unwrap(), None);
    assert!(store.reports_of_event("nope").unwrap().is_empty());
    assert!(store.all_reports().unwrap().is_empty());
    assert_eq!(store.counts().unwrap(), Counts::default());
}

#[test]
fn in_memory_store_round_trips_too() {
    let mut store = Store::open_in_memory().unwrap();
    let one = stored(
        article("a-1", "text"),
        "h1",
        vec![report("a-1", "r-1", Kind::Arrest)],
    );
    store.insert_batch(std::slice::from_ref(&one)).unwrap();
    assert_eq!(store.report("r-1").unwrap(), Some(one.reports[0].clone()));
    assert_eq!(store.schema_version().unwrap(), 7);
}

#[test]
fn an_article_without_reports_is_stored() {
    let mut store = Store::open_in_memory().unwrap();
    let outcome = store
        .insert_batch(&[stored(article("a-1", "nothing happened"), "h1", vec![])])
        .unwrap();
    assert_eq!((outcome.n_inserted, outcome.n_reports), (1, 0));
    assert!(store.has_content("h1").unwrap());
    assert!(!store.has_content("h2").unwrap());
}
