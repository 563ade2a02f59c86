//! Each `EventFilter` field selects the right events, in the right order.

use crate::support::{article, event, report, stored, EventSpec};
use placard_engine::{ActorGroup, Kind};
use placard_store::{EventFilter, Store, StoreError};

/// Seven hand-made events in three countries (RU, BY, GE), two kinds, with
/// day, multi-day, month and missing dates. Sorted by start date, then id:
///
/// | event            | kind    | place, country   | dates                  | groups                 |
/// |------------------|---------|------------------|------------------------|------------------------|
/// | ev-minsk         | protest | Minsk, BY        | 2023-10-01..2023-10-31 | students               |
/// | ev-moscow-arrest | arrest  | Moscow, RU       | 2023-11-07             | police                 |
/// | ev-moscow-rally  | protest | Moscow, RU       | 2023-11-07             | soldiers_relatives     |
/// | ev-novosibirsk   | arrest  | Novosibirsk, RU  | 2023-11-10..2023-11-12 | police, activists      |
/// | ev-hrodna        | protest | Гродно, BY       | 2023-12-01             | pensioners             |
/// | ev-tbilisi       | protest | Tbilisi, GE      | 2024-03-08             | opposition, students   |
/// | ev-batumi        | arrest  | Batumi, GE       | none                   | police                 |
fn store() -> Store {
    use ActorGroup::*;
    let specs: [EventSpec<'_>; 7] = [
        EventSpec {
            id: "ev-batumi",
            kind: Kind::Arrest,
            place: Some(("Batumi", "GE")),
            dates: None,
            groups: &[Police],
            reports: &["r1"],
        },
        EventSpec {
            id: "ev-tbilisi",
            kind: Kind::Protest,
            place: Some(("Tbilisi", "GE")),
            dates: Some(("2024-03-08", "2024-03-08")),
            groups: &[Opposition, Students],
            reports: &["r2"],
        },
        EventSpec {
            id: "ev-moscow-rally",
            kind: Kind::Protest,
            place: Some(("Moscow", "RU")),
            dates: Some(("2023-11-07", "2023-11-07")),
            groups: &[SoldiersRelatives],
            reports: &["r3"],
        },
        EventSpec {
            id: "ev-moscow-arrest",
            kind: Kind::Arrest,
            place: Some(("Moscow", "RU")),
            dates: Some(("2023-11-07", "2023-11-07")),
            groups: &[Police],
            reports: &["r4"],
        },
        EventSpec {
            id: "ev-novosibirsk",
            kind: Kind::Arrest,
            place: Some(("Novosibirsk", "RU")),
            dates: Some(("2023-11-10", "2023-11-12")),
            groups: &[Police, Activists],
            reports: &["r5"],
        },
        EventSpec {
            id: "ev-minsk",
            kind: Kind::Protest,
            place: Some(("Minsk", "BY")),
            dates: Some(("2023-10-01", "2023-10-31")),
            groups: &[Students],
            reports: &["r6"],
        },
        // A non-ASCII name, where SQLite's own case folding would fail.
        EventSpec {
            id: "ev-hrodna",
            kind: Kind::Protest,
            place: Some(("Гродно", "BY")),
            dates: Some(("2023-12-01", "2023-12-01")),
            groups: &[Pensioners],
            reports: &["r7"],
        },
    ];
    let reports = (1..=7)
        .map(|n| report("a-1", &format!("r{n}"), Kind::Protest))
        .collect();
    let mut store = Store::open_in_memory().unwrap();
    store
        .insert_batch(&[stored(article("a-1", "text"), "h1", reports)])
        .unwrap();
    let events: Vec<_> = specs.into_iter().map(event).collect();
    store.replace_events(&events).unwrap();
    store
}

fn ids(store: &Store, filter: EventFilter) -> Vec<String> {
    store
        .events(&filter)
        .unwrap()
        .into_iter()
        .map(|event| event.event_id)
        .collect()
}

#[test]
fn no_filter_lists_all_by_date_then_id_undated_last() {
    assert_eq!(
        ids(&store(), EventFilter::default()),
        [
            "ev-minsk",
            "ev-moscow-arrest",
            "ev-moscow-rally",
            "ev-novosibirsk",
            "ev-hrodna",
            "ev-tbilisi",
            "ev-batumi",
        ]
    );
}

#[test]
fn kind() {
    let filter = EventFilter {
        kind: Some(Kind::Arrest),
        ..EventFilter::default()
    };
    assert_eq!(
        ids(&store(), filter),
        ["ev-moscow-arrest", "ev-novosibirsk", "ev-batumi"]
    );
    let filter = EventFilter {
        kind: Some(Kind::Ban),
        ..EventFilter::default()
    };
    assert!(ids(&store(), filter).is_empty());
}

#[test]
fn country_in_any_case() {
    let store = store();
    let country = |code: &str| EventFilter {
        country: Some(code.to_owned()),
        ..EventFilter::default()
    };
    assert_eq!(ids(&store, country("BY")), ["ev-minsk", "ev-hrodna"]);
    assert_eq!(ids(&store, country("ge")), ["ev-tbilisi", "ev-batumi"]);
    assert!(ids(&store, country("UA")).is_empty());
}

#[test]
fn place_name_in_any_case_whole_name_only() {
    let store = store();
    let place = |name: &str| EventFilter {
        place: Some(name.to_owned()),
        ..EventFilter::default()
    };
    assert_eq!(
        ids(&store, place("moscow")),
        ["ev-moscow-arrest", "ev-moscow-rally"]
    );
    assert_eq!(ids(&store, place("гРОДНО")), ["ev-hrodna"]);
    assert!(ids(&store, place("Mos")).is_empty());
}

#[test]
fn since_and_until_select_overlapping_intervals() {
    let store = store();
    let range = |since: Option<&str>, until: Option<&str>| EventFilter {
        since: since.map(str::to_owned),
        until: until.map(str::to_owned),
        ..EventFilter::default()
    };
    // Novosibirsk ends on 2023-11-12, so it overlaps a range from the 11th.
    assert_eq!(
        ids(&store, range(Some("2023-11-11"), None)),
        ["ev-novosibirsk", "ev-hrodna", "ev-tbilisi"]
    );
    // Minsk starts on 2023-10-01 and spans the month.
    assert_eq!(ids(&store, range(None, Some("2023-10-15"))), ["ev-minsk"]);
    // Both bounds are inclusive: Minsk ends on the first day, Moscow starts on the last.
    assert_eq!(
        ids(&store, range(Some("2023-10-31"), Some("2023-11-07"))),
        ["ev-minsk", "ev-moscow-arrest", "ev-moscow-rally"]
    );
    assert!(ids(&store, range(Some("2023-11-08"), Some("2023-11-09"))).is_empty());
}

#[test]
fn malformed_dates_are_a_user_error() {
    let error = store()
        .events(&EventFilter {
            until: Some("2023".to_owned()),
            ..EventFilter::default()
        })
        .unwrap_err();
    assert!(error.is_user_error());
    assert!(
        matches!(error, StoreError::InvalidFilter { field: "until", .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "invalid filter: until must be an ISO date (YYYY-MM-DD), got \"2023\""
    );
}

#[test]
fn group_matches_any_of_the_actor_groups() {
    let store = store();
    let group = |group| EventFilter {
        group: Some(group),
        ..EventFilter::default()
    };
    assert_eq!(
        ids(&store, group(ActorGroup::Students)),
        ["ev-minsk", "ev-tbilisi"]
    );
    assert_eq!(
        ids(&store, group(ActorGroup::Police)),
        ["ev-moscow-arrest", "ev-novosibirsk", "ev-batumi"]
    );
    assert_eq!(
        ids(&store, group(ActorGroup::Activists)),
        ["ev-novosibirsk"]
    );
    assert!(ids(&store, group(ActorGroup::Workers)).is_empty());
}

#[test]
fn limit_keeps_the_first_in_order() {
    let store = store();
    let limit = |n| EventFilter {
        limit: Some(n),
        ..EventFilter::default()
    };
    assert_eq!(ids(&store, limit(2)), ["ev-minsk", "ev-moscow-arrest"]);
    assert!(ids(&store, limit(0)).is_empty());
    assert_eq!(ids(&store, limit(100)).len(), 7);
    // With a place filter the limit applies after the place test.
    let filter = EventFilter {
        place: Some("Moscow".to_owned()),
        limit: Some(1),
        ..EventFilter::default()
    };
    assert_eq!(ids(&store, filter), ["ev-moscow-arrest"]);
}

#[test]
fn filters_combine() {
    let filter = EventFilter {
        kind: Some(Kind::Protest),
        country: Some("RU".to_owned()),
        since: Some("2023-11-01".to_owned()),
        group: Some(ActorGroup::SoldiersRelatives),
        ..EventFilter::default()
    };
    assert_eq!(ids(&store(), filter), ["ev-moscow-rally"]);
}

#[test]
fn pages_follow_each_other_without_gaps_or_repeats() {
    let store = store();
    let all = ids(&store, EventFilter::default());
    for page_size in 1..=4 {
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = store
                .events(&EventFilter {
                    after: after.clone(),
                    limit: Some(page_size),
                    ..EventFilter::default()
                })
                .unwrap();
            let Some(last) = page.last() else { break };
            after = Some(placard_store::EventCursor::after(last));
            seen.extend(page.into_iter().map(|event| event.event_id));
        }
        assert_eq!(seen, all, "page size {page_size}");
    }
}

#[test]
fn mode_size_status_and_text() {
    let store = store();
    let with = |filter: EventFilter| ids(&store, filter).len();
    // Every hand-made event is a demo of 20-50 people, unreviewed.
    let mode = |mode: &str| EventFilter {
        mode: Some(mode.to_owned()),
        ..EventFilter::default()
    };
    assert_eq!(with(mode("demo")), 7);
    assert_eq!(with(mode("march")), 0);
    let size = |size_min, size_max| EventFilter {
        size_min,
        size_max,
        ..EventFilter::default()
    };
    assert_eq!(with(size(Some(50), None)), 7);
    assert_eq!(with(size(Some(51), None)), 0);
    assert_eq!(with(size(None, Some(20))), 7);
    assert_eq!(with(size(None, Some(19))), 0);
    let status = |status| EventFilter {
        status: Some(status),
        ..EventFilter::default()
    };
    assert_eq!(with(status(placard_engine::ReviewStatus::Unreviewed)), 7);
    assert_eq!(with(status(placard_engine::ReviewStatus::Accepted)), 0);
    let text = |text: &str| EventFilter {
        text: Some(text.to_owned()),
        ..EventFilter::default()
    };
    assert_eq!(ids(&store, text("tbilisi")), ["ev-tbilisi"]);
    assert_eq!(with(text("MOBILIZED")), 7);
    // Wildcards and quotes are plain text.
    for odd in ["%", "_", "' OR 1=1 --", "\") OR (\"1\"=\"1"] {
        assert_eq!(with(text(odd)), 0, "{odd}");
    }
}

#[test]
fn stats_count_by_period_kind_country_and_status() {
    let store = store();
    let stats = store
        .stats(&EventFilter::default(), placard_store::TimeBucket::Week)
        .unwrap();
    assert_eq!(stats.total, 7);
    assert_eq!(
        stats.by_kind,
        [("arrest".to_owned(), 3), ("protest".to_owned(), 4)]
    );
    assert_eq!(
        stats.by_country,
        [
            ("BY".to_owned(), 2),
            ("GE".to_owned(), 2),
            ("RU".to_owned(), 3)
        ]
    );
    // 2023-11-07 (two events) is a Tuesday and 2023-11-10 a Friday: their
    // week starts on Monday 2023-11-06.
    assert!(stats.by_period.contains(&("2023-11-06".to_owned(), 3)));
    assert_eq!(
        stats.by_period.iter().map(|(_, n)| n).sum::<u64>(),
        6,
        "the undated event is left out"
    );
    let by_day = store
        .stats(
            &EventFilter {
                country: Some("RU".to_owned()),
                ..EventFilter::default()
            },
            placard_store::TimeBucket::Day,
        )
        .unwrap();
    assert_eq!(
        by_day.by_period,
        [("2023-11-07".to_owned(), 2), ("2023-11-10".to_owned(), 1)]
    );
}

#[test]
fn unknown_dates_are_refused_in_stats_too() {
    let error = store()
        .stats(
            &EventFilter {
                since: Some("yesterday".to_owned()),
                ..EventFilter::default()
            },
            placard_store::TimeBucket::Day,
        )
        .unwrap_err();
    assert!(matches!(
        error,
        StoreError::InvalidFilter { field: "since", .. }
    ));
}
