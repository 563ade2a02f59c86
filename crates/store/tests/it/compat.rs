//! A database made by schema version 1 stays readable.
//!
//! `tests/fixtures/schema_v1.db` was written by this crate at schema 1 and is
//! committed; later versions must open it (migrating a copy) and read the
//! same values back. Its content is spelled out below, frozen: do not edit it
//! to match new test helpers. To rebuild the file (only ever at schema 1),
//! run
//! `PLACARD_WRITE_FIXTURES=1 cargo test -p placard-store write_schema_v1_fixture`.

use placard_engine::{
    ActorGroup, ActorValue, Article, CountRange, CountValue, DatePrecision, DateValue, Event,
    FieldTrace, Kind, Modality, PlacePrecision, PlaceValue, Report, ReportCount, ReviewStatus,
    SourceRef, SourceType, TextValue,
};
use placard_store::{EventFilter, Store, StoredArticle};
use std::path::{Path, PathBuf};

fn fixture_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema_v1.db")
}

const TEXT: &str = "On November 7, about two dozen wives of mobilized soldiers held posters \
in Moscow: \"It's time for the mobilized to go home\". Police surrounded them.";

fn v1_article() -> Article {
    Article {
        id: "unian-2023-11-08".to_owned(),
        url: Some("https://www.unian.info/world/rally-moscow".to_owned()),
        outlet: Some("UNIAN".to_owned()),
        published: Some("2023-11-08".to_owned()),
        language: Some("en".to_owned()),
        title: Some("Wives of mobilized rally in Moscow".to_owned()),
        text: TEXT.to_owned(),
    }
}

fn moscow() -> PlaceValue {
    PlaceValue {
        text: "Moscow".to_owned(),
        span: [75, 81],
        name: "Moscow".to_owned(),
        geonames_id: Some(524_901),
        country: Some("RU".to_owned()),
        admin1: Some("Moscow".to_owned()),
        lat: Some(55.7522),
        lon: Some(37.6156),
        precision: PlacePrecision::City,
        derived_from: None,
    }
}

fn november_7() -> DateValue {
    DateValue {
        start: "2023-11-07".to_owned(),
        end: "2023-11-07".to_owned(),
        precision: DatePrecision::Day,
        text: Some("On November 7".to_owned()),
        span: Some([0, 13]),
        derived_from: None,
    }
}

fn v1_reports() -> Vec<Report> {
    let protest = Report {
        report_id: "r-protest".to_owned(),
        article_id: "unian-2023-11-08".to_owned(),
        publisher: Some("UNIAN".to_owned()),
        kind: Kind::Protest,
        mode: Some("demo".to_owned()),
        modality: Modality::Asserted,
        date: Some(november_7()),
        place: Some(moscow()),
        actor: Some(ActorValue {
            text: "two dozen wives of mobilized soldiers".to_owned(),
            group: Some(ActorGroup::SoldiersRelatives),
            span: [21, 58],
            group_from: None,
        }),
        target: None,
        size: Some(CountValue {
            text: "two dozen".to_owned(),
            low: 20,
            high: 30,
            span: [21, 30],
        }),
        detained: None,
        claims: vec![TextValue {
            text: "It's time for the mobilized to go home".to_owned(),
            span: [84, 122],
        }],
        reason: None,
        conditions: vec![],
        sources: vec![SourceRef {
            name: "UNIAN".to_owned(),
            source_type: SourceType::Publisher,
            description: None,
            span: None,
            via: None,
        }],
        response_to: None,
        evidence: vec![[0, 123]],
        confidence: 0.8,
        trace: vec!["en.protest.hold_posters".to_owned()],
        explanation: vec![
            FieldTrace {
                field: "kind".to_owned(),
                rule: "en.protest.hold_posters".to_owned(),
                matched: Some("held posters".to_owned()),
                span: Some([59, 71]),
                note: "posters held in public are a protest".to_owned(),
            },
            FieldTrace {
                field: "size".to_owned(),
                rule: "en.size.dozen".to_owned(),
                matched: Some("two dozen".to_owned()),
                span: Some([21, 30]),
                note: "two dozen is 20 to 30".to_owned(),
            },
        ],
    };
    let cordon = Report {
        report_id: "r-cordon".to_owned(),
        article_id: "unian-2023-11-08".to_owned(),
        publisher: Some("UNIAN".to_owned()),
        kind: Kind::PoliceAction,
        mode: Some("cordon".to_owned()),
        modality: Modality::Asserted,
        date: Some(november_7()),
        place: Some(moscow()),
        actor: Some(ActorValue {
            text: "Police".to_owned(),
            group: Some(ActorGroup::Police),
            span: [125, 131],
            group_from: None,
        }),
        target: Some(ActorValue {
            text: "them".to_owned(),
            group: Some(ActorGroup::SoldiersRelatives),
            span: [143, 147],
            group_from: Some("two dozen wives of mobilized soldiers".to_owned()),
        }),
        size: None,
        detained: None,
        claims: vec![],
        reason: None,
        conditions: vec![],
        sources: vec![],
        response_to: Some("r-protest".to_owned()),
        evidence: vec![[125, 148]],
        confidence: 0.7,
        trace: vec!["en.police.surround".to_owned()],
        explanation: vec![FieldTrace {
            field: "kind".to_owned(),
            rule: "en.police.surround".to_owned(),
            matched: Some("surrounded".to_owned()),
            span: Some([132, 142]),
            note: "police surrounding people is a cordon".to_owned(),
        }],
    };
    // all_reports order: by article, then report id.
    vec![cordon, protest]
}

fn v1_event() -> Event {
    Event {
        event_id: "ev-moscow-2023-11-07".to_owned(),
        kind: Kind::Protest,
        mode: Some("demo".to_owned()),
        date: Some(november_7()),
        place: Some(moscow()),
        actor_groups: vec![ActorGroup::SoldiersRelatives],
        size: Some(CountRange {
            low: 20,
            high: 30,
            by_report: vec![ReportCount {
                report_id: "r-protest".to_owned(),
                publisher: Some("UNIAN".to_owned()),
                text: "two dozen".to_owned(),
                low: 20,
                high: 30,
            }],
        }),
        detained: None,
        claims: vec!["It's time for the mobilized to go home".to_owned()],
        reasons: vec![],
        conditions: vec![],
        reports: vec!["r-protest".to_owned(), "r-cordon".to_owned()],
        articles: vec!["unian-2023-11-08".to_owned()],
        publishers: vec!["UNIAN".to_owned()],
        independent_sources: 1,
        source_roots: vec!["UNIAN".to_owned()],
        response_to: vec![],
        status: ReviewStatus::Unreviewed,
    }
}

#[test]
fn schema_v1_fixture_is_readable() {
    let fixture = fixture_path();
    assert!(
        fixture.exists(),
        "{} is missing; it is committed, restore it from git",
        fixture.display()
    );
    // Opening migrates and switches to WAL, so work on a copy: the committed
    // file must stay exactly as schema 1 wrote it.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema_v1.db");
    std::fs::copy(&fixture, &path).unwrap();
    let version: u32 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 1, "the fixture itself must stay at schema 1");

    let store = Store::open(&path).unwrap();
    let counts = store.counts().unwrap();
    assert_eq!((counts.articles, counts.reports, counts.events), (1, 2, 1));
    assert_eq!(
        store.article("unian-2023-11-08").unwrap(),
        Some(v1_article())
    );
    assert_eq!(
        store.article_source("unian-2023-11-08").unwrap().as_deref(),
        Some("seed/unian.jsonl:1")
    );
    assert!(store.has_content("xxh3:5b1e0d7c2a9f3e41").unwrap());
    assert_eq!(store.all_reports().unwrap(), v1_reports());
    // Schema 5 (cluster traits) came on top: a report stored before it has
    // no traits column value, and its traits are computed from its JSON.
    let mut keys = store.cluster_keys().unwrap();
    keys.sort_by(|first, second| first.report_id.cmp(&second.report_id));
    let mut expected: Vec<(String, placard_engine::dedup::ClusterTraits)> = v1_reports()
        .iter()
        .filter(|report| report.modality == Modality::Asserted)
        .map(|report| {
            (
                report.report_id.clone(),
                placard_engine::dedup::ClusterTraits::of(report),
            )
        })
        .collect();
    expected.sort_by(|first, second| first.0.cmp(&second.0));
    assert_eq!(
        keys.iter()
            .map(|key| (key.report_id.clone(), key.traits))
            .collect::<Vec<_>>(),
        expected
    );
    let protest = store.report("r-protest").unwrap().unwrap();
    assert_eq!(protest.explanation.len(), 2);
    assert_eq!(protest.explanation[0].rule, "en.protest.hold_posters");
    assert_eq!(
        store.events(&EventFilter::default()).unwrap(),
        vec![v1_event()]
    );
    let moscow_protests = EventFilter {
        kind: Some(Kind::Protest),
        country: Some("RU".to_owned()),
        place: Some("moscow".to_owned()),
        since: Some("2023-11-07".to_owned()),
        until: Some("2023-11-07".to_owned()),
        group: Some(ActorGroup::SoldiersRelatives),
        limit: Some(10),
        ..EventFilter::default()
    };
    assert_eq!(store.events(&moscow_protests).unwrap().len(), 1);
    // Schema 5 filled the place keys and the search text of stored events.
    let text = EventFilter {
        text: Some("MOBILIZED to go".to_owned()),
        ..EventFilter::default()
    };
    assert_eq!(store.events(&text).unwrap().len(), 1);
    assert_eq!(
        store.reports_of_event("ev-moscow-2023-11-07").unwrap(),
        v1_reports()
    );
    // Schema 2 (syndication) came on top: no copies recorded yet, and the
    // schema-1 article's signature is computed from its text.
    assert_eq!(store.schema_version().unwrap(), 7);
    assert!(store.copies().unwrap().is_empty());
    let prints = store.article_prints().unwrap();
    assert_eq!(prints.len(), 1);
    assert_eq!(
        Some(prints[0].signature.clone()),
        placard_engine::syndication::signature(&v1_article().text)
    );
}

/// Rebuilds the fixture when `PLACARD_WRITE_FIXTURES=1`; otherwise does nothing.
#[test]
fn write_schema_v1_fixture() {
    if std::env::var_os("PLACARD_WRITE_FIXTURES").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema_v1.db");
    {
        let mut store = Store::open(&path).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            1,
            "schema_v1.db must be written at schema 1; add schema_vN.db for a new version"
        );
        let mut reports = v1_reports();
        reports.reverse();
        store
            .insert_batch(&[StoredArticle {
                article: v1_article(),
                content_hash: "xxh3:5b1e0d7c2a9f3e41".to_owned(),
                source: "seed/unian.jsonl:1".to_owned(),
                reports,
                signature: None,
            }])
            .unwrap();
        store.replace_events(&[v1_event()]).unwrap();
    }
    // One self-contained file: fold the WAL back in and compact.
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection
        .query_row("PRAGMA journal_mode = DELETE", [], |row| {
            row.get::<_, String>(0)
        })
        .unwrap();
    connection.execute_batch("VACUUM").unwrap();
    drop(connection);
    std::fs::create_dir_all(fixture_path().parent().unwrap()).unwrap();
    std::fs::copy(&path, fixture_path()).unwrap();
}
