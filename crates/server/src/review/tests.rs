//! Decisions applied to hand-made reports: structure first, then statuses
//! and edits, and decisions whose reports are gone change nothing.

use super::{apply_decisions, Action, Edit};
use placard_engine::{dedup, Event, Report, ReviewStatus};
use placard_store::Decision;
use std::collections::BTreeMap;

/// An asserted protest report in `city` on `day`, `size` people.
fn report(report_id: &str, article_id: &str, city: &str, day: &str, size: u64) -> Report {
    serde_json::from_value(serde_json::json!({
        "report_id": report_id, "article_id": article_id, "publisher": "Outlet",
        "kind": "protest", "mode": "demo", "modality": "asserted",
        "date": {"start": day, "end": day, "precision": "day", "text": day, "span": [0, 10]},
        "place": {"text": city, "span": [20, 26], "name": city, "geonames_id": city.len(),
                  "country": "RU", "admin1": city, "lat": 55.0, "lon": 37.0, "precision": "city"},
        "actor": null, "target": null,
        "size": {"text": size.to_string(), "low": size, "high": size, "span": [30, 32]},
        "detained": null, "claims": [], "reason": null, "conditions": [], "sources": [],
        "response_to": null, "evidence": [[0, 40]], "confidence": 0.8, "trace": []
    }))
    .unwrap()
}

fn decision(decision_id: i64, action: &Action, anchor: &str) -> Decision {
    Decision {
        decision_id,
        action: action.name().to_owned(),
        anchor_report: anchor.to_owned(),
        report_ids: match action {
            Action::Merge(report_ids) => report_ids.clone(),
            _ => Vec::new(),
        },
        value_json: match action {
            Action::Edit(edit) => Some(serde_json::to_string(edit).unwrap()),
            _ => None,
        },
        created_by: "ana".to_owned(),
        created_at: "2026-11-28T05:00:00Z".to_owned(),
    }
}

/// Two reports of one Moscow protest and one of a Kazan protest.
fn reports() -> Vec<Report> {
    vec![
        report("r-a", "a-1", "Moscow", "2023-11-07", 20),
        report("r-b", "a-2", "Moscow", "2023-11-07", 30),
        report("r-c", "a-3", "Kazan City", "2023-11-07", 10),
    ]
}

fn reviewed(reports: &[Report], decisions: &[Decision]) -> Vec<Event> {
    let copies = BTreeMap::new();
    apply_decisions(
        dedup::reconcile(reports, &copies),
        reports,
        &copies,
        decisions,
    )
}

fn grouping(events: &[Event]) -> Vec<Vec<String>> {
    let mut groups: Vec<Vec<String>> = events.iter().map(|event| event.reports.clone()).collect();
    groups.sort();
    groups
}

#[test]
fn no_decisions_change_nothing() {
    let reports = reports();
    let copies = BTreeMap::new();
    assert_eq!(reviewed(&reports, &[]), dedup::reconcile(&reports, &copies));
    assert_eq!(
        grouping(&reviewed(&reports, &[])),
        [vec!["r-a", "r-b"], vec!["r-c"]]
    );
}

#[test]
fn split_then_merge_regroup_reports() {
    let reports = reports();
    let split = decision(1, &Action::Split, "r-b");
    let events = reviewed(&reports, std::slice::from_ref(&split));
    assert_eq!(grouping(&events), [vec!["r-a"], vec!["r-b"], vec!["r-c"]]);

    let merge = Action::Merge(vec!["r-b".to_owned(), "r-c".to_owned()]);
    let events = reviewed(&reports, &[split, decision(2, &merge, "r-b")]);
    assert_eq!(grouping(&events), [vec!["r-a"], vec!["r-b", "r-c"]]);
}

#[test]
fn edits_and_statuses_survive_a_later_merge() {
    let reports = reports();
    let size = Action::Edit(Edit::Size {
        low: 100,
        high: 200,
    });
    let merge = Action::Merge(vec!["r-a".to_owned(), "r-c".to_owned()]);
    let decisions = [
        decision(1, &size, "r-c"),
        decision(2, &Action::Accept, "r-c"),
        decision(3, &merge, "r-a"),
    ];
    let events = reviewed(&reports, &decisions);
    assert_eq!(events.len(), 1);
    let event = &events[0];
    assert_eq!(event.reports, ["r-a", "r-b", "r-c"]);
    assert_eq!(event.status, ReviewStatus::Accepted);
    let size = event.size.as_ref().unwrap();
    assert_eq!((size.low, size.high), (100, 200));
    // Each report's own count is still there.
    assert_eq!(size.by_report.len(), 3);
}

#[test]
fn later_decisions_win_and_unknown_reports_are_ignored() {
    let reports = reports();
    let decisions = [
        decision(1, &Action::Reject, "r-a"),
        decision(2, &Action::Accept, "r-b"),
        decision(3, &Action::Reject, "r-gone"),
        decision(4, &Action::Split, "r-gone"),
        decision(
            5,
            &Action::Edit(Edit::Date {
                start: "2023-11-08".to_owned(),
                end: "2023-11-09".to_owned(),
            }),
            "r-c",
        ),
        decision(
            6,
            &Action::Edit(Edit::Kind {
                value: "ban".to_owned(),
            }),
            "r-c",
        ),
        decision(
            7,
            &Action::Edit(Edit::PlaceName {
                value: "Казань".to_owned(),
            }),
            "r-c",
        ),
    ];
    let events = reviewed(&reports, &decisions);
    assert_eq!(grouping(&events), [vec!["r-a", "r-b"], vec!["r-c"]]);
    let moscow = events
        .iter()
        .find(|event| event.reports.len() == 2)
        .unwrap();
    assert_eq!(moscow.status, ReviewStatus::Accepted);
    let kazan = events
        .iter()
        .find(|event| event.reports.len() == 1)
        .unwrap();
    assert_eq!(kazan.kind, placard_engine::Kind::Ban);
    assert_eq!(kazan.place.as_ref().unwrap().name, "Казань");
    let date = kazan.date.as_ref().unwrap();
    assert_eq!(
        (date.start.as_str(), date.end.as_str()),
        ("2023-11-08", "2023-11-09")
    );
    assert_eq!(date.derived_from.as_deref(), Some("edited in review"));
}

#[test]
fn edits_are_validated() {
    let bad = [
        Edit::Date {
            start: "2023-11-09".to_owned(),
            end: "2023-11-08".to_owned(),
        },
        Edit::Date {
            start: "yesterday".to_owned(),
            end: "2023-11-08".to_owned(),
        },
        Edit::Size { low: 5, high: 4 },
        Edit::Kind {
            value: "picnic".to_owned(),
        },
        Edit::Mode {
            value: Some("<script>".to_owned()),
        },
        Edit::PlaceName {
            value: " ".to_owned(),
        },
    ];
    for edit in bad {
        assert!(edit.validate().is_err(), "{edit:?}");
    }
    assert!(Edit::Mode { value: None }.validate().is_ok());
    assert!(Edit::Size { low: 5, high: 5 }.validate().is_ok());
}
