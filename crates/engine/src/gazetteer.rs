//! Temporary place list, replaced by the built-in gazetteer.
use crate::model::{PlacePrecision, PlaceValue};
use std::sync::OnceLock;

/// A place.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceRecord {
    pub kind: PlacePrecision,
    pub geonames_id: Option<u64>,
    pub name: String,
    pub country: String,
    pub admin1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
}
/// How found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionVia {
    Name,
    Alias,
    Demonym,
    Capital,
}
/// A mention.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceMention {
    pub span: [usize; 2],
    pub text: String,
    pub record: PlaceRecord,
    pub cue: Option<String>,
    pub via: MentionVia,
}
/// The list.
#[derive(Debug)]
pub struct Gazetteer {
    records: Vec<PlaceRecord>,
}
impl PlaceRecord {
    /// To value.
    pub fn to_value(&self, text: &str, span: [usize; 2]) -> PlaceValue {
        PlaceValue {
            text: text.to_string(),
            span,
            name: self.name.clone(),
            geonames_id: self.geonames_id,
            country: Some(self.country.clone()),
            admin1: self.admin1.clone(),
            lat: Some(self.lat),
            lon: Some(self.lon),
            precision: self.kind,
            derived_from: None,
        }
    }
}
impl Gazetteer {
    /// Built in.
    pub fn builtin() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| Gazetteer {
            records: vec![
                PlaceRecord {
                    kind: PlacePrecision::City,
                    geonames_id: Some(524901),
                    name: "Moscow".into(),
                    country: "RU".into(),
                    admin1: Some("Moscow".into()),
                    lat: 55.75,
                    lon: 37.61,
                    population: 10_000_000,
                },
                PlaceRecord {
                    kind: PlacePrecision::City,
                    geonames_id: Some(1496747),
                    name: "Novosibirsk".into(),
                    country: "RU".into(),
                    admin1: None,
                    lat: 55.0,
                    lon: 82.9,
                    population: 1_400_000,
                },
                PlaceRecord {
                    kind: PlacePrecision::Country,
                    geonames_id: Some(2017370),
                    name: "Russia".into(),
                    country: "RU".into(),
                    admin1: None,
                    lat: 60.0,
                    lon: 90.0,
                    population: 140_000_000,
                },
            ],
        })
    }
    /// Find.
    pub fn find_mentions(&self, text: &str) -> Vec<PlaceMention> {
        let mut out = Vec::new();
        for record in &self.records {
            for (start, _) in text.match_indices(record.name.as_str()) {
                out.push(PlaceMention {
                    span: [start, start + record.name.len()],
                    text: record.name.clone(),
                    record: record.clone(),
                    cue: None,
                    via: MentionVia::Name,
                });
            }
        }
        out.sort_by_key(|m| m.span[0]);
        out
    }
}
impl crate::eval::PlaceNames for Gazetteer {
    fn same_place_name(&self, gold_name: &str, predicted: &PlaceValue) -> bool {
        gold_name.eq_ignore_ascii_case(&predicted.name)
            || gold_name.eq_ignore_ascii_case(&predicted.text)
    }
}
