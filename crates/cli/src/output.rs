//! Renderings of events for people and tools: a table, flat CSV (one row per
//! event), JSONL, GeoJSON, PLOVER-shaped JSONL, ACLED-shaped CSV and Parquet.

mod parquet;

use anyhow::Result;
use placard_engine::gazetteer::Gazetteer;
use placard_engine::taxonomy::{Answers, Taxonomy};
use placard_engine::{CountRange, DatePrecision, Event, PlacePrecision};
use std::io::Write;

/// Output formats of `placard events`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EventFormat {
    /// Aligned columns for the terminal.
    Table,
    /// One row per event, flat columns.
    Csv,
    /// One event per line, every field.
    Jsonl,
    /// A FeatureCollection of points (events without coordinates have null geometry).
    Geojson,
    /// One PLOVER-shaped record per line (event, mode, actor, recipient,
    /// location, date, citation), mapped by `data/taxonomy.toml`.
    Plover,
    /// ACLED's columns, one row per event, mapped by `data/taxonomy.toml`.
    Acled,
    /// The CSV columns, typed, as a Parquet file (binary: redirect it).
    Parquet,
}

fn range_text(range: &Option<CountRange>) -> String {
    match range {
        Some(range) if range.low == range.high => range.low.to_string(),
        Some(range) => format!("{}–{}", range.low, range.high),
        None => String::new(),
    }
}

fn date_text(event: &Event) -> String {
    match &event.date {
        Some(date) if date.start == date.end => date.start.clone(),
        Some(date) => format!("{}..{}", date.start, date.end),
        None => String::new(),
    }
}

fn status_text(event: &Event) -> &'static str {
    match event.status {
        placard_engine::ReviewStatus::Unreviewed => "unreviewed",
        placard_engine::ReviewStatus::Accepted => "accepted",
        placard_engine::ReviewStatus::Rejected => "rejected",
    }
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Writes events in `format`. `context` holds every event the listed ones
/// may be answered by (a protest's ACLED sub-event depends on them); it may
/// be `events` itself.
pub fn write_events(
    out: &mut dyn Write,
    events: &[Event],
    context: &[Event],
    format: EventFormat,
) -> Result<()> {
    match format {
        EventFormat::Table => write_table(out, events),
        EventFormat::Csv => write_csv(out, events),
        EventFormat::Jsonl => {
            for event in events {
                serde_json::to_writer(&mut *out, event)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        }
        EventFormat::Geojson => write_geojson(out, events),
        EventFormat::Plover => write_plover(out, events),
        EventFormat::Acled => write_acled(out, events, context),
        EventFormat::Parquet => {
            out.write_all(&parquet::to_parquet(events)?)?;
            Ok(())
        }
    }
}

/// The country's English name for ACLED's actor names ("Protesters (Russia)").
fn country_name(code: &str) -> String {
    Gazetteer::builtin()
        .country(code)
        .map(|record| record.name.to_string())
        .unwrap_or_else(|| code.to_string())
}

fn plover_date(event: &Event) -> serde_json::Value {
    match &event.date {
        Some(date) => serde_json::json!({
            "start": date.start,
            "end": date.end,
            "precision": date.precision,
        }),
        None => serde_json::Value::Null,
    }
}

fn write_plover(out: &mut dyn Write, events: &[Event]) -> Result<()> {
    let taxonomy = Taxonomy::builtin();
    for event in events {
        let code = taxonomy.plover(event.kind, event.mode.as_deref());
        let country = event.place.as_ref().and_then(|place| place.country.clone());
        // The protesting side acts in a PROTEST; the state acts in its
        // responses, and the protesters are their recipient.
        let groups_where = |state: bool| -> Vec<&str> {
            event
                .actor_groups
                .iter()
                .filter(|group| group.is_state() == state)
                .map(|group| group.as_str())
                .collect()
        };
        let (actor, recipient) = if event.kind == placard_engine::Kind::Protest {
            (groups_where(false), Vec::new())
        } else {
            (groups_where(true), groups_where(false))
        };
        let record = serde_json::json!({
            "id": event.event_id,
            "date": plover_date(event),
            "event": code.event,
            "mode": code.mode,
            "context": event.claims,
            "actor": actor,
            "actor_country": country,
            "recipient": recipient,
            "recipient_country": country,
            "size": event.size.as_ref().map(|size| serde_json::json!({"low": size.low, "high": size.high})),
            "location": event.place.as_ref().map(|place| serde_json::json!({
                "name": place.name,
                "country": place.country,
                "admin1": place.admin1,
                "geonames_id": place.geonames_id,
                "lat": place.lat,
                "lon": place.lon,
                "precision": place.precision,
            })),
            "citation": {
                "publishers": event.publishers,
                "articles": event.articles,
                "reports": event.reports,
                "independent_sources": event.independent_sources,
            },
            "placard_kind": event.kind,
            "placard_mode": event.mode,
        });
        serde_json::to_writer(&mut *out, &record)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// ACLED's columns, in the order ACLED publishes them (those Placard can fill).
pub const ACLED_COLUMNS: [&str; 19] = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
];

fn write_acled(out: &mut dyn Write, events: &[Event], context: &[Event]) -> Result<()> {
    let taxonomy = Taxonomy::builtin();
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(ACLED_COLUMNS)?;
    for event in events {
        let answered_by: Vec<&Event> = context
            .iter()
            .filter(|other| other.response_to.contains(&event.event_id))
            .collect();
        let answers = Answers {
            force: answered_by
                .iter()
                .any(|other| other.kind == placard_engine::Kind::Force),
            intervention: answered_by.iter().any(|other| {
                matches!(
                    other.kind,
                    placard_engine::Kind::PoliceAction | placard_engine::Kind::Arrest
                )
            }),
        };
        let code = taxonomy.acled(event.kind, event.mode.as_deref(), answers);
        let place = event.place.as_ref();
        let country_code = place.and_then(|place| place.country.clone());
        let country = country_code
            .as_deref()
            .map(country_name)
            .unwrap_or_default();
        let in_country = |who: &str| {
            if country.is_empty() {
                who.to_string()
            } else {
                format!("{who} ({country})")
            }
        };
        let is_protest = event.kind == placard_engine::Kind::Protest;
        let rioting = code.event_type == "Riots";
        let state_actor = in_country("Police Forces");
        let crowd_actor = in_country(if rioting { "Rioters" } else { "Protesters" });
        let (actor1, actor2) = if is_protest {
            (crowd_actor, String::new())
        } else {
            (state_actor, crowd_actor)
        };
        let assoc_actor_1 = if is_protest {
            event
                .actor_groups
                .iter()
                .filter(|group| !group.is_state())
                .map(|group| in_country(&group_label(group.as_str())))
                .collect::<Vec<_>>()
                .join("; ")
        } else {
            String::new()
        };
        // ACLED: 1 the town itself, 2 near it or part of a region, 3 the
        // region or country only.
        let geo_precision = match place.map(|place| place.precision) {
            Some(PlacePrecision::City) => "1",
            Some(PlacePrecision::Admin1) => "3",
            Some(PlacePrecision::Country) => "3",
            None => "",
        };
        // ACLED: 1 the day, 2 within a week, 3 within a month.
        let time_precision = match event.date.as_ref().map(|date| date.precision) {
            Some(DatePrecision::Day) => "1",
            Some(DatePrecision::Days | DatePrecision::Week) => "2",
            Some(_) => "3",
            None => "",
        };
        let size_tag = event.size.as_ref().map(|size| {
            if size.low == size.high {
                format!("crowd size={}", size.low)
            } else {
                format!("crowd size={}-{}", size.low, size.high)
            }
        });
        let mut notes = format!(
            "{}{}",
            event.kind,
            event
                .mode
                .as_deref()
                .map(|mode| format!(" ({mode})"))
                .unwrap_or_default()
        );
        if let Some(detained) = &event.detained {
            notes.push_str(&format!("; detained {}-{}", detained.low, detained.high));
        }
        if !event.claims.is_empty() {
            notes.push_str(&format!("; claims: {}", event.claims.join(" | ")));
        }
        if !event.reasons.is_empty() {
            notes.push_str(&format!("; stated reason: {}", event.reasons.join(" | ")));
        }
        notes.push_str(&format!("; placard event {}", event.event_id));
        let record = [
            event.event_id.clone(),
            event
                .date
                .as_ref()
                .map(|date| date.start.clone())
                .unwrap_or_default(),
            time_precision.to_string(),
            code.event_type,
            code.sub_event_type,
            actor1,
            assoc_actor_1,
            actor2,
            country.clone(),
            place
                .and_then(|place| place.admin1.clone())
                .unwrap_or_default(),
            place.map(|place| place.name.clone()).unwrap_or_default(),
            place
                .and_then(|place| place.lat)
                .map(|lat| format!("{lat:.4}"))
                .unwrap_or_default(),
            place
                .and_then(|place| place.lon)
                .map(|lon| format!("{lon:.4}"))
                .unwrap_or_default(),
            geo_precision.to_string(),
            event.publishers.join("; "),
            String::new(),
            notes,
            "0".to_string(),
            size_tag.unwrap_or_default(),
        ];
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}

/// "soldiers_relatives" → "Soldiers relatives", as ACLED names associated actors.
fn group_label(group: &str) -> String {
    let spaced = group.replace('_', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => spaced,
    }
}

fn write_table(out: &mut dyn Write, events: &[Event]) -> Result<()> {
    let header = [
        "event", "kind", "mode", "date", "place", "size", "detained", "actors", "reports",
        "sources", "status",
    ];
    let rows: Vec<[String; 11]> = events
        .iter()
        .map(|event| {
            [
                event.event_id.clone(),
                event.kind.to_string(),
                event.mode.clone().unwrap_or_default(),
                date_text(event),
                event
                    .place
                    .as_ref()
                    .map(|place| {
                        truncate(
                            &format!(
                                "{}{}",
                                place.name,
                                place
                                    .country
                                    .as_ref()
                                    .map(|country| format!(", {country}"))
                                    .unwrap_or_default()
                            ),
                            22,
                        )
                    })
                    .unwrap_or_default(),
                range_text(&event.size),
                range_text(&event.detained),
                truncate(
                    &event
                        .actor_groups
                        .iter()
                        .map(|group| group.as_str())
                        .collect::<Vec<_>>()
                        .join(","),
                    20,
                ),
                event.reports.len().to_string(),
                event.independent_sources.to_string(),
                status_text(event).to_string(),
            ]
        })
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|title| title.chars().count()).collect();
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row.iter()) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let write_row = |out: &mut dyn Write, cells: &[String]| -> Result<()> {
        let line: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
        Ok(())
    };
    write_row(out, &header.map(String::from))?;
    for row in &rows {
        write_row(out, row)?;
    }
    writeln!(out, "{} events", events.len())?;
    Ok(())
}

/// The flat CSV columns, in order.
pub const CSV_COLUMNS: [&str; 27] = [
    "event_id",
    "kind",
    "mode",
    "date_start",
    "date_end",
    "date_precision",
    "place",
    "country",
    "admin1",
    "geonames_id",
    "lat",
    "lon",
    "place_precision",
    "actor_groups",
    "size_low",
    "size_high",
    "detained_low",
    "detained_high",
    "claims",
    "reasons",
    "conditions",
    "n_reports",
    "articles",
    "publishers",
    "independent_sources",
    "response_to",
    "status",
];

/// One event as flat, typed columns (`CSV_COLUMNS`): what the CSV and
/// Parquet exports write.
#[derive(Debug)]
pub struct FlatEvent {
    pub event_id: String,
    pub kind: String,
    pub mode: Option<String>,
    pub date_start: Option<String>,
    pub date_end: Option<String>,
    pub date_precision: Option<String>,
    pub place: Option<String>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub geonames_id: Option<u64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub place_precision: Option<String>,
    pub actor_groups: String,
    pub size_low: Option<u64>,
    pub size_high: Option<u64>,
    pub detained_low: Option<u64>,
    pub detained_high: Option<u64>,
    pub claims: String,
    pub reasons: String,
    pub conditions: String,
    pub n_reports: u64,
    pub articles: String,
    pub publishers: String,
    pub independent_sources: u64,
    pub response_to: String,
    pub status: String,
}

impl FlatEvent {
    /// The flat columns of `event`; lists are joined (`;` for ids and
    /// names, ` | ` for phrases that may hold a semicolon).
    pub fn of(event: &Event) -> FlatEvent {
        let place = event.place.as_ref();
        let lower_debug = |value: &dyn std::fmt::Debug| format!("{value:?}").to_lowercase();
        FlatEvent {
            event_id: event.event_id.clone(),
            kind: event.kind.to_string(),
            mode: event.mode.clone(),
            date_start: event.date.as_ref().map(|date| date.start.clone()),
            date_end: event.date.as_ref().map(|date| date.end.clone()),
            date_precision: event.date.as_ref().map(|date| lower_debug(&date.precision)),
            place: place.map(|place| place.name.clone()),
            country: place.and_then(|place| place.country.clone()),
            admin1: place.and_then(|place| place.admin1.clone()),
            geonames_id: place.and_then(|place| place.geonames_id),
            lat: place.and_then(|place| place.lat),
            lon: place.and_then(|place| place.lon),
            place_precision: place.map(|place| place.precision.as_str().to_string()),
            actor_groups: event
                .actor_groups
                .iter()
                .map(|group| group.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            size_low: event.size.as_ref().map(|size| size.low),
            size_high: event.size.as_ref().map(|size| size.high),
            detained_low: event.detained.as_ref().map(|detained| detained.low),
            detained_high: event.detained.as_ref().map(|detained| detained.high),
            claims: event.claims.join(" | "),
            reasons: event.reasons.join(" | "),
            conditions: event.conditions.join(" | "),
            n_reports: event.reports.len() as u64,
            articles: event.articles.join(";"),
            publishers: event.publishers.join(";"),
            independent_sources: event.independent_sources as u64,
            response_to: event.response_to.join(";"),
            status: status_text(event).to_string(),
        }
    }
}

fn write_csv(out: &mut dyn Write, events: &[Event]) -> Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_COLUMNS)?;
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let number = |value: Option<u64>| value.map(|number| number.to_string()).unwrap_or_default();
    for event in events {
        let flat = FlatEvent::of(event);
        let record: [String; 27] = [
            flat.event_id,
            flat.kind,
            text(&flat.mode),
            text(&flat.date_start),
            text(&flat.date_end),
            text(&flat.date_precision),
            text(&flat.place),
            text(&flat.country),
            text(&flat.admin1),
            number(flat.geonames_id),
            flat.lat.map(|lat| lat.to_string()).unwrap_or_default(),
            flat.lon.map(|lon| lon.to_string()).unwrap_or_default(),
            text(&flat.place_precision),
            flat.actor_groups,
            number(flat.size_low),
            number(flat.size_high),
            number(flat.detained_low),
            number(flat.detained_high),
            flat.claims,
            flat.reasons,
            flat.conditions,
            flat.n_reports.to_string(),
            flat.articles,
            flat.publishers,
            flat.independent_sources.to_string(),
            flat.response_to,
            flat.status,
        ];
        writer.write_record(&record)?;
    }
    writer.flush()?;
    Ok(())
}

fn write_geojson(out: &mut dyn Write, events: &[Event]) -> Result<()> {
    let features: Vec<serde_json::Value> = events
        .iter()
        .map(|event| {
            let geometry = match event
                .place
                .as_ref()
                .and_then(|place| Some((place.lon?, place.lat?)))
            {
                Some((lon, lat)) => serde_json::json!({"type": "Point", "coordinates": [lon, lat]}),
                None => serde_json::Value::Null,
            };
            serde_json::json!({
                "type": "Feature",
                "id": event.event_id,
                "geometry": geometry,
                "properties": {
                    "event_id": event.event_id,
                    "kind": event.kind,
                    "mode": event.mode,
                    "date_start": event.date.as_ref().map(|date| &date.start),
                    "date_end": event.date.as_ref().map(|date| &date.end),
                    "place": event.place.as_ref().map(|place| &place.name),
                    "country": event.place.as_ref().and_then(|place| place.country.as_ref()),
                    "place_precision": event.place.as_ref().map(|place| place.precision),
                    "size_low": event.size.as_ref().map(|size| size.low),
                    "size_high": event.size.as_ref().map(|size| size.high),
                    "detained_low": event.detained.as_ref().map(|detained| detained.low),
                    "detained_high": event.detained.as_ref().map(|detained| detained.high),
                    "actor_groups": event.actor_groups,
                    "claims": event.claims,
                    "n_reports": event.reports.len(),
                    "independent_sources": event.independent_sources,
                    "status": status_text(event),
                }
            })
        })
        .collect();
    serde_json::to_writer_pretty(
        &mut *out,
        &serde_json::json!({"type": "FeatureCollection", "features": features}),
    )?;
    out.write_all(b"\n")?;
    Ok(())
}
