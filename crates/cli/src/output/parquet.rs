//! The events as a Parquet file: the flat columns of the CSV export, typed
//! (dates as dates, counts as integers, coordinates as doubles), so pandas,
//! pyarrow, DuckDB and R read them without parsing.

use super::{FlatEvent, CSV_COLUMNS};
use anyhow::{Context, Result};
use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::parser::parse_message_type;
use placard_engine::Event;
use std::sync::Arc;

/// The schema, in `CSV_COLUMNS` order (checked by a test).
const SCHEMA: &str = "message placard_event {
    REQUIRED BYTE_ARRAY event_id (UTF8);
    REQUIRED BYTE_ARRAY kind (UTF8);
    OPTIONAL BYTE_ARRAY mode (UTF8);
    OPTIONAL INT32 date_start (DATE);
    OPTIONAL INT32 date_end (DATE);
    OPTIONAL BYTE_ARRAY date_precision (UTF8);
    OPTIONAL BYTE_ARRAY place (UTF8);
    OPTIONAL BYTE_ARRAY country (UTF8);
    OPTIONAL BYTE_ARRAY admin1 (UTF8);
    OPTIONAL INT64 geonames_id;
    OPTIONAL DOUBLE lat;
    OPTIONAL DOUBLE lon;
    OPTIONAL BYTE_ARRAY place_precision (UTF8);
    REQUIRED BYTE_ARRAY actor_groups (UTF8);
    OPTIONAL INT64 size_low;
    OPTIONAL INT64 size_high;
    OPTIONAL INT64 detained_low;
    OPTIONAL INT64 detained_high;
    REQUIRED BYTE_ARRAY claims (UTF8);
    REQUIRED BYTE_ARRAY reasons (UTF8);
    REQUIRED BYTE_ARRAY conditions (UTF8);
    REQUIRED INT64 n_reports;
    REQUIRED BYTE_ARRAY articles (UTF8);
    REQUIRED BYTE_ARRAY publishers (UTF8);
    REQUIRED INT64 independent_sources;
    REQUIRED BYTE_ARRAY response_to (UTF8);
    REQUIRED BYTE_ARRAY status (UTF8);
}";

/// One column's values: present ones, and a definition level per row (1
/// present, 0 null) for optional columns.
enum Column {
    Text(Vec<Option<String>>),
    Date(Vec<Option<i32>>),
    Integer(Vec<Option<i64>>),
    Double(Vec<Option<f64>>),
}

/// Days since 1970-01-01, as Parquet's DATE stores them.
fn epoch_day(iso: &str) -> Option<i32> {
    let day = chrono::NaiveDate::parse_from_str(iso.get(..10)?, "%Y-%m-%d").ok()?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?;
    i32::try_from((day - epoch).num_days()).ok()
}

fn columns(events: &[Event]) -> Vec<Column> {
    let flat: Vec<FlatEvent> = events.iter().map(FlatEvent::of).collect();
    let text =
        |pick: fn(&FlatEvent) -> Option<String>| Column::Text(flat.iter().map(pick).collect());
    let date = |pick: fn(&FlatEvent) -> Option<&String>| {
        Column::Date(
            flat.iter()
                .map(|row| pick(row).and_then(|iso| epoch_day(iso)))
                .collect(),
        )
    };
    let integer = |pick: fn(&FlatEvent) -> Option<u64>| {
        Column::Integer(
            flat.iter()
                .map(|row| pick(row).and_then(|n| i64::try_from(n).ok()))
                .collect(),
        )
    };
    let double =
        |pick: fn(&FlatEvent) -> Option<f64>| Column::Double(flat.iter().map(pick).collect());
    vec![
        text(|row| Some(row.event_id.clone())),
        text(|row| Some(row.kind.clone())),
        text(|row| row.mode.clone()),
        date(|row| row.date_start.as_ref()),
        date(|row| row.date_end.as_ref()),
        text(|row| row.date_precision.clone()),
        text(|row| row.place.clone()),
        text(|row| row.country.clone()),
        text(|row| row.admin1.clone()),
        integer(|row| row.geonames_id),
        double(|row| row.lat),
        double(|row| row.lon),
        text(|row| row.place_precision.clone()),
        text(|row| Some(row.actor_groups.clone())),
        integer(|row| row.size_low),
        integer(|row| row.size_high),
        integer(|row| row.detained_low),
        integer(|row| row.detained_high),
        text(|row| Some(row.claims.clone())),
        text(|row| Some(row.reasons.clone())),
        text(|row| Some(row.conditions.clone())),
        integer(|row| Some(row.n_reports)),
        text(|row| Some(row.articles.clone())),
        text(|row| Some(row.publishers.clone())),
        integer(|row| Some(row.independent_sources)),
        text(|row| Some(row.response_to.clone())),
        text(|row| Some(row.status.clone())),
    ]
}

/// Splits optional values into the present ones and definition levels.
fn levels<T: Clone>(values: &[Option<T>]) -> (Vec<T>, Vec<i16>) {
    let present = values.iter().flatten().cloned().collect();
    let definition = values
        .iter()
        .map(|value| i16::from(value.is_some()))
        .collect();
    (present, definition)
}

fn write_column(
    writer: &mut SerializedColumnWriter<'_>,
    column: &Column,
    required: bool,
) -> Result<()> {
    // A required column takes no definition levels.
    macro_rules! write {
        ($type:ty, $values:expr) => {{
            let (present, definition) = levels($values);
            let definition = (!required).then_some(definition.as_slice());
            writer
                .typed::<$type>()
                .write_batch(&present, definition, None)?;
        }};
    }
    match column {
        Column::Text(values) => {
            let bytes: Vec<Option<ByteArray>> = values
                .iter()
                .map(|value| {
                    value
                        .as_ref()
                        .map(|text| ByteArray::from(text.as_bytes().to_vec()))
                })
                .collect();
            write!(ByteArrayType, &bytes)
        }
        Column::Date(values) => write!(Int32Type, values),
        Column::Integer(values) => write!(Int64Type, values),
        Column::Double(values) => write!(DoubleType, values),
    }
    Ok(())
}

/// The events as the bytes of a Parquet file (one row group, Snappy).
pub fn to_parquet(events: &[Event]) -> Result<Vec<u8>> {
    let schema = Arc::new(parse_message_type(SCHEMA).context("the Parquet schema")?);
    let required: Vec<bool> = schema
        .get_fields()
        .iter()
        .map(|field| field.get_basic_info().repetition() == parquet::basic::Repetition::REQUIRED)
        .collect();
    let properties = Arc::new(
        WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("placard {}", env!("CARGO_PKG_VERSION")))
            .build(),
    );
    let mut bytes = Vec::new();
    let mut writer = SerializedFileWriter::new(&mut bytes, schema, properties)?;
    let mut row_group = writer.next_row_group()?;
    let columns = columns(events);
    let mut index = 0;
    while let Some(mut column_writer) = row_group.next_column()? {
        write_column(&mut column_writer, &columns[index], required[index])?;
        column_writer.close()?;
        index += 1;
    }
    row_group.close()?;
    writer.close()?;
    debug_assert_eq!(index, CSV_COLUMNS.len());
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_has_the_csv_columns_in_order() {
        let schema = parse_message_type(SCHEMA).unwrap();
        let names: Vec<&str> = schema
            .get_fields()
            .iter()
            .map(|field| field.name())
            .collect();
        assert_eq!(names, CSV_COLUMNS);
    }

    #[test]
    fn dates_count_days_from_1970() {
        assert_eq!(epoch_day("1970-01-02"), Some(1));
        assert_eq!(epoch_day("2023-11-07"), Some(19668));
        assert_eq!(epoch_day("not a date"), None);
    }

    #[test]
    fn no_events_is_still_a_file() {
        let bytes = to_parquet(&[]).unwrap();
        assert_eq!(&bytes[..4], b"PAR1");
        assert_eq!(&bytes[bytes.len() - 4..], b"PAR1");
    }
}
