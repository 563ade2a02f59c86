//! Reconciliation tests on hand-made reports.

use super::*;
use std::collections::BTreeMap;

fn report(
    id: &str,
    article: &str,
    publisher: &str,
    kind: Kind,
    place: Option<(&str, u64)>,
    date: Option<(&str, &str)>,
    size: Option<(u64, u64)>,
) -> Report {
    Report {
        report_id: id.into(),
        article_id: article.into(),
        publisher: Some(publisher.into()),
        kind,
        mode: Some("demo".into()),
        modality: Modality::Asserted,
        date: date.map(|(start, end)| DateValue {
            start: start.into(),
            end: end.into(),
            precision: if start == end {
                DatePrecision::Day
            } else {
                DatePrecision::Days
            },
            text: None,
            span: None,
            derived_from: None,
        }),
        place: place.map(|(name, id)| PlaceValue {
            text: name.into(),
            span: [0, 1],
            name: name.into(),
            geonames_id: Some(id),
            country: Some("RU".into()),
            admin1: None,
            lat: None,
            lon: None,
            precision: PlacePrecision::City,
            derived_from: None,
        }),
        actor: None,
        target: None,
        size: size.map(|(low, high)| CountValue {
            text: format!("{low}-{high}"),
            low,
            high,
            span: [0, 1],
        }),
        detained: None,
        claims: vec![],
        reason: None,
        conditions: vec![],
        sources: vec![],
        response_to: None,
        evidence: vec![[0, 1]],
        confidence: 0.8,
        trace: vec![],
        explanation: vec![],
    }
}

#[test]
fn same_place_overlapping_days_merge_and_keep_disagreement() {
    let reports = vec![
        report(
            "r1",
            "a1",
            "Wire A",
            Kind::Protest,
            Some(("Moscow", 524901)),
            Some(("2021-01-23", "2021-01-23")),
            Some((2000, 9999)),
        ),
        report(
            "r2",
            "a2",
            "Wire B",
            Kind::Protest,
            Some(("Moscow", 524901)),
            Some(("2021-01-22", "2021-01-24")),
            Some((3200, 4800)),
        ),
        // Another city the same day: a different happening.
        report(
            "r3",
            "a3",
            "Wire C",
            Kind::Protest,
            Some(("Novosibirsk", 1496747)),
            Some(("2021-01-23", "2021-01-23")),
            None,
        ),
        // The same city a week later: a different happening.
        report(
            "r4",
            "a4",
            "Wire A",
            Kind::Protest,
            Some(("Moscow", 524901)),
            Some(("2021-01-31", "2021-01-31")),
            None,
        ),
    ];
    let events = reconcile(&reports, &BTreeMap::new());
    type Summary = (Vec<String>, String, Option<(u64, u64)>, usize);
    let mut summary: Vec<Summary> = events
        .iter()
        .map(|event| {
            (
                event.reports.clone(),
                event
                    .date
                    .as_ref()
                    .map(|date| format!("{}..{}", date.start, date.end))
                    .unwrap_or_default(),
                event.size.as_ref().map(|size| (size.low, size.high)),
                event.independent_sources,
            )
        })
        .collect();
    summary.sort();
    assert_eq!(
        summary,
        vec![
            (
                vec!["r1".into(), "r2".into()],
                "2021-01-23..2021-01-23".into(),
                Some((2000, 9999)),
                2
            ),
            (vec!["r3".into()], "2021-01-23..2021-01-23".into(), None, 1),
            (vec!["r4".into()], "2021-01-31..2021-01-31".into(), None, 1),
        ]
    );
    let moscow = events
        .iter()
        .find(|event| event.reports.len() == 2)
        .unwrap();
    assert_eq!(moscow.size.as_ref().unwrap().by_report.len(), 2);
}

#[test]
fn order_does_not_change_ids_and_same_article_never_merges() {
    let mut reports = vec![
        report(
            "r1",
            "a1",
            "Wire A",
            Kind::Protest,
            Some(("Moscow", 524901)),
            Some(("2021-01-23", "2021-01-23")),
            None,
        ),
        report(
            "r2",
            "a1",
            "Wire A",
            Kind::Protest,
            Some(("Moscow", 524901)),
            Some(("2021-01-23", "2021-01-23")),
            None,
        ),
        report(
            "r3",
            "a2",
            "Wire B",
            Kind::Protest,
            Some(("Moscow", 524901)),
            Some(("2021-01-23", "2021-01-23")),
            None,
        ),
    ];
    let forward = reconcile(&reports, &BTreeMap::new());
    reports.reverse();
    let backward = reconcile(&reports, &BTreeMap::new());
    assert_eq!(forward, backward);
    assert_eq!(
        forward.len(),
        2,
        "two reports of one article are two happenings"
    );
}

#[test]
fn sources_citing_one_root_count_once() {
    let mut first = report(
        "r1",
        "a1",
        "Wire A",
        Kind::Arrest,
        Some(("Moscow", 524901)),
        Some(("2021-01-23", "2021-01-23")),
        None,
    );
    let mut second = report(
        "r2",
        "a2",
        "Wire B",
        Kind::Arrest,
        Some(("Moscow", 524901)),
        Some(("2021-01-23", "2021-01-23")),
        None,
    );
    for (report, span) in [(&mut first, [1, 2]), (&mut second, [3, 4])] {
        report.sources.push(SourceRef {
            name: "OVD-Info".into(),
            source_type: SourceType::Organisation,
            description: None,
            span: Some(span),
            via: None,
        });
    }
    let events = reconcile(&[first, second], &BTreeMap::new());
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].independent_sources, 1);
    assert_eq!(events[0].source_roots, vec!["ovd-info".to_string()]);
}

#[test]
fn non_asserted_reports_are_not_events() {
    let mut planned = report(
        "r1",
        "a1",
        "Wire A",
        Kind::Protest,
        Some(("Moscow", 524901)),
        None,
        None,
    );
    planned.modality = Modality::Planned;
    assert!(reconcile(&[planned], &BTreeMap::new()).is_empty());
}

#[test]
fn syndicated_copies_are_one_source() {
    // A wire story, a site's reprint of it, and an outlet's own report of
    // the same rally: two independent sources, not three.
    let day = Some(("2024-03-03", "2024-03-03"));
    let moscow = Some(("Moscow", 524901));
    let reports = [
        report("r-wire", "wire-1", "Wire", Kind::Protest, moscow, day, None),
        report("r-site", "site-1", "Site", Kind::Protest, moscow, day, None),
        report("r-own", "own-1", "Own", Kind::Protest, moscow, day, None),
    ];
    let copies: BTreeMap<String, String> = [("site-1".to_string(), "wire-1".to_string())].into();
    let events = reconcile(&reports, &copies);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].independent_sources, 2);
    assert_eq!(events[0].source_roots, ["own", "wire"]);
    // Both publishers still appear; only the count of sources changes.
    assert_eq!(events[0].publishers, ["Own", "Site", "Wire"]);
    let unaware = reconcile(&reports, &BTreeMap::new());
    assert_eq!(unaware[0].independent_sources, 3);
    // The event and its id do not depend on syndication.
    assert_eq!(unaware[0].event_id, events[0].event_id);
}

#[test]
fn a_week_level_report_does_not_chain_two_days() {
    // Rallies on Monday and on Wednesday in one city, and a third report
    // that only says "last week": two events, not one.
    let moscow = Some(("Moscow", 524901));
    let reports = [
        report(
            "r-mon",
            "a-mon",
            "Wire",
            Kind::Protest,
            moscow,
            Some(("2024-03-04", "2024-03-04")),
            None,
        ),
        report(
            "r-week",
            "a-week",
            "Weekly",
            Kind::Protest,
            moscow,
            Some(("2024-03-04", "2024-03-10")),
            None,
        ),
        report(
            "r-wed",
            "a-wed",
            "Daily",
            Kind::Protest,
            moscow,
            Some(("2024-03-06", "2024-03-06")),
            None,
        ),
    ];
    let events = reconcile(&reports, &BTreeMap::new());
    assert_eq!(events.len(), 2, "{events:#?}");
    let days: Vec<(&str, &str)> = events
        .iter()
        .map(|event| {
            let date = event.date.as_ref().unwrap();
            (date.start.as_str(), date.end.as_str())
        })
        .collect();
    assert_eq!(
        days,
        [("2024-03-04", "2024-03-04"), ("2024-03-06", "2024-03-06")]
    );
    // The week-level report sits with one of them, never alone.
    assert_eq!(
        events
            .iter()
            .map(|event| event.reports.len())
            .sum::<usize>(),
        3
    );
}
