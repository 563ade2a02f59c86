//! Hand-made values for the tests, and a dump of a database's content.
//!
//! Every field of `Report` and `Event` is filled with a plausible value, so
//! that a field the store forgets to keep shows up as an inequality.

use placard_engine::{
    ActorGroup, ActorValue, Article, CountRange, CountValue, DatePrecision, DateValue, Event,
    FieldTrace, Kind, Modality, PlacePrecision, PlaceValue, Report, ReportCount, ReviewStatus,
    SourceRef, SourceType, TextValue,
};
use placard_store::StoredArticle;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::fmt::Write as _;
use std::path::Path;

pub fn article(id: &str, text: &str) -> Article {
    Article {
        id: id.to_owned(),
        url: Some(format!("https://www.unian.info/{id}")),
        outlet: Some("UNIAN".to_owned()),
        published: Some("2023-11-08T09:30:00+02:00".to_owned()),
        language: Some("en".to_owned()),
        title: Some("Wives of mobilized soldiers rally in Moscow".to_owned()),
        text: text.to_owned(),
    }
}

/// An article with everything optional missing.
pub fn bare_article(id: &str, text: &str) -> Article {
    Article {
        id: id.to_owned(),
        url: None,
        outlet: None,
        published: None,
        language: None,
        title: None,
        text: text.to_owned(),
    }
}

pub fn stored(article: Article, content_hash: &str, reports: Vec<Report>) -> StoredArticle {
    StoredArticle {
        source: format!("input.jsonl:{}", article.id),
        article,
        content_hash: content_hash.to_owned(),
        reports,
        signature: None,
    }
}

pub fn place(name: &str, country: &str, geonames_id: u64, lat: f64, lon: f64) -> PlaceValue {
    PlaceValue {
        text: name.to_owned(),
        span: [40, 40 + name.chars().count()],
        name: name.to_owned(),
        geonames_id: Some(geonames_id),
        country: Some(country.to_owned()),
        admin1: Some(name.to_owned()),
        lat: Some(lat),
        lon: Some(lon),
        precision: PlacePrecision::City,
        derived_from: None,
    }
}

pub fn date(start: &str, end: &str) -> DateValue {
    DateValue {
        start: start.to_owned(),
        end: end.to_owned(),
        precision: if start == end {
            DatePrecision::Day
        } else {
            DatePrecision::Days
        },
        text: Some("On November 7".to_owned()),
        span: Some([0, 13]),
        derived_from: None,
    }
}

/// A report with every field set, in Moscow on 2023-11-07.
pub fn report(article_id: &str, report_id: &str, kind: Kind) -> Report {
    Report {
        report_id: report_id.to_owned(),
        article_id: article_id.to_owned(),
        publisher: Some("UNIAN".to_owned()),
        kind,
        mode: Some("demo".to_owned()),
        modality: Modality::Asserted,
        date: Some(date("2023-11-07", "2023-11-07")),
        place: Some(place("Moscow", "RU", 524_901, 55.7522, 37.6156)),
        actor: Some(ActorValue {
            text: "two dozen women".to_owned(),
            group: Some(ActorGroup::SoldiersRelatives),
            span: [20, 35],
            group_from: Some("wives of mobilized soldiers".to_owned()),
        }),
        target: Some(ActorValue {
            text: "the authorities".to_owned(),
            group: Some(ActorGroup::Authorities),
            span: [90, 105],
            group_from: None,
        }),
        size: Some(CountValue {
            text: "two dozen".to_owned(),
            low: 20,
            high: 30,
            span: [20, 29],
        }),
        detained: Some(CountValue {
            text: "three".to_owned(),
            low: 3,
            high: 3,
            span: [120, 125],
        }),
        claims: vec![TextValue {
            text: "It's time for the mobilized to go home".to_owned(),
            span: [60, 98],
        }],
        reason: Some(TextValue {
            text: "Covid restrictions".to_owned(),
            span: [140, 158],
        }),
        conditions: vec![
            TextValue {
                text: "indoors".to_owned(),
                span: [170, 177],
            },
            TextValue {
                text: "entry only with a certificate".to_owned(),
                span: [180, 209],
            },
        ],
        sources: vec![
            SourceRef {
                name: "Kommersant".to_owned(),
                source_type: SourceType::Outlet,
                description: Some("moderately loyal to the Kremlin".to_owned()),
                span: Some([220, 230]),
                via: None,
            },
            SourceRef {
                name: "sources who attended".to_owned(),
                source_type: SourceType::Unnamed,
                description: None,
                span: Some([240, 260]),
                via: Some("The Insider".to_owned()),
            },
        ],
        response_to: Some("r-protest".to_owned()),
        evidence: vec![[0, 58], [300, 340]],
        confidence: 0.8,
        trace: vec![
            "en.protest.hold_posters".to_owned(),
            "en.size.dozen".to_owned(),
        ],
        explanation: vec![
            FieldTrace {
                field: "kind".to_owned(),
                rule: "en.protest.hold_posters".to_owned(),
                matched: Some("held posters".to_owned()),
                span: Some([36, 48]),
                note: "\"held posters\" at a rally means a protest".to_owned(),
            },
            FieldTrace {
                field: "size".to_owned(),
                rule: "en.size.dozen".to_owned(),
                matched: None,
                span: None,
                note: "\"two dozen\" is 20 to 30".to_owned(),
            },
        ],
    }
}

/// A report with every optional field missing and every list empty.
pub fn bare_report(article_id: &str, report_id: &str) -> Report {
    Report {
        report_id: report_id.to_owned(),
        article_id: article_id.to_owned(),
        publisher: None,
        kind: Kind::Ban,
        mode: None,
        modality: Modality::Hypothetical,
        date: None,
        place: None,
        actor: None,
        target: None,
        size: None,
        detained: None,
        claims: Vec::new(),
        reason: None,
        conditions: Vec::new(),
        sources: Vec::new(),
        response_to: None,
        evidence: Vec::new(),
        confidence: 0.25,
        trace: Vec::new(),
        explanation: Vec::new(),
    }
}

/// What an event is made of, for [`event`].
pub struct EventSpec<'a> {
    pub id: &'a str,
    pub kind: Kind,
    pub place: Option<(&'a str, &'a str)>,
    pub dates: Option<(&'a str, &'a str)>,
    pub groups: &'a [ActorGroup],
    pub reports: &'a [&'a str],
}

/// An event with every field set from `spec` plus fixed plausible values.
pub fn event(spec: EventSpec<'_>) -> Event {
    let by_report: Vec<ReportCount> = spec
        .reports
        .iter()
        .map(|report_id| ReportCount {
            report_id: (*report_id).to_owned(),
            publisher: Some("UNIAN".to_owned()),
            text: "two dozen".to_owned(),
            low: 20,
            high: 30,
        })
        .collect();
    Event {
        event_id: spec.id.to_owned(),
        kind: spec.kind,
        mode: Some("demo".to_owned()),
        date: spec.dates.map(|(start, end)| date(start, end)),
        place: spec
            .place
            .map(|(name, country)| place(name, country, 100_000, 50.25, 30.5)),
        actor_groups: spec.groups.to_vec(),
        size: Some(CountRange {
            low: 20,
            high: 50,
            by_report: by_report.clone(),
        }),
        detained: Some(CountRange {
            low: 3,
            high: 3,
            by_report,
        }),
        claims: vec!["It's time for the mobilized to go home".to_owned()],
        reasons: vec!["Covid restrictions".to_owned()],
        conditions: vec!["indoors".to_owned()],
        reports: spec.reports.iter().map(|id| (*id).to_owned()).collect(),
        articles: vec!["a-seed".to_owned()],
        publishers: vec!["UNIAN".to_owned()],
        independent_sources: 2,
        source_roots: vec!["Kommersant".to_owned(), "The Insider".to_owned()],
        response_to: vec!["ev-protest".to_owned()],
        status: ReviewStatus::Unreviewed,
    }
}

/// Every table's rows, ordered by all columns, plus the schema and the
/// header fields Placard sets: two dumps are equal when the content is.
pub fn dump(path: &Path) -> String {
    let connection = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut out = String::new();
    for pragma in ["user_version", "application_id"] {
        let value: i64 = connection
            .query_row(&format!("PRAGMA {pragma}"), [], |row| row.get(0))
            .unwrap();
        writeln!(out, "{pragma} = {value}").unwrap();
    }
    let mut tables = connection
        .prepare("SELECT name, sql FROM sqlite_schema ORDER BY type, name")
        .unwrap();
    let objects: Vec<(String, Option<String>)> = tables
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (name, sql) in &objects {
        writeln!(out, "schema {name}: {sql:?}").unwrap();
    }
    let table_names = connection
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get::<_, String>(0))
        .unwrap()
        .map(Result::unwrap)
        .collect::<Vec<_>>();
    for table in table_names {
        // Identifiers cannot be bound; these come from sqlite_schema itself.
        let n_columns = connection
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .unwrap()
            .column_count();
        let order: Vec<String> = (1..=n_columns).map(|n| n.to_string()).collect();
        let mut statement = connection
            .prepare(&format!(
                "SELECT * FROM \"{table}\" ORDER BY {}",
                order.join(", ")
            ))
            .unwrap();
        let mut rows = statement.query([]).unwrap();
        writeln!(out, "table {table}").unwrap();
        while let Some(row) = rows.next().unwrap() {
            let values: Vec<String> = (0..n_columns)
                .map(|index| show(row.get_ref(index).unwrap()))
                .collect();
            writeln!(out, "  {}", values.join(" | ")).unwrap();
        }
    }
    out
}

/// One value of a dump: text as a quoted string, not as bytes.
fn show(value: ValueRef<'_>) -> String {
    match value {
        ValueRef::Null => "NULL".to_owned(),
        ValueRef::Integer(integer) => integer.to_string(),
        // Debug prints the shortest form that reads back as the same f64.
        ValueRef::Real(real) => format!("{real:?}"),
        ValueRef::Text(text) => format!("{:?}", String::from_utf8_lossy(text)),
        ValueRef::Blob(blob) => format!("blob {blob:02x?}"),
    }
}

/// A raw connection to the file, for checks below the store's API.
pub fn raw(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}
