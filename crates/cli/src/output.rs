//! Renderings of events for people and tools: a table, flat CSV (one row per
//! event), JSONL and GeoJSON.

use anyhow::Result;
use placard_engine::{CountRange, Event};
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

/// Writes events in `format`.
pub fn write_events(out: &mut dyn Write, events: &[Event], format: EventFormat) -> Result<()> {
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

fn write_csv(out: &mut dyn Write, events: &[Event]) -> Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_COLUMNS)?;
    for event in events {
        let place = event.place.as_ref();
        let optional = |value: Option<String>| value.unwrap_or_default();
        let record: Vec<String> = vec![
            event.event_id.clone(),
            event.kind.to_string(),
            optional(event.mode.clone()),
            optional(event.date.as_ref().map(|date| date.start.clone())),
            optional(event.date.as_ref().map(|date| date.end.clone())),
            optional(
                event
                    .date
                    .as_ref()
                    .map(|date| format!("{:?}", date.precision).to_lowercase()),
            ),
            optional(place.map(|place| place.name.clone())),
            optional(place.and_then(|place| place.country.clone())),
            optional(place.and_then(|place| place.admin1.clone())),
            optional(
                place
                    .and_then(|place| place.geonames_id)
                    .map(|id| id.to_string()),
            ),
            optional(place.and_then(|place| place.lat).map(|lat| lat.to_string())),
            optional(place.and_then(|place| place.lon).map(|lon| lon.to_string())),
            optional(place.map(|place| format!("{:?}", place.precision).to_lowercase())),
            event
                .actor_groups
                .iter()
                .map(|group| group.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            optional(event.size.as_ref().map(|size| size.low.to_string())),
            optional(event.size.as_ref().map(|size| size.high.to_string())),
            optional(
                event
                    .detained
                    .as_ref()
                    .map(|detained| detained.low.to_string()),
            ),
            optional(
                event
                    .detained
                    .as_ref()
                    .map(|detained| detained.high.to_string()),
            ),
            event.claims.join(" | "),
            event.reasons.join(" | "),
            event.conditions.join(" | "),
            event.reports.len().to_string(),
            event.articles.join(";"),
            event.publishers.join(";"),
            event.independent_sources.to_string(),
            event.response_to.join(";"),
            status_text(event).to_string(),
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
