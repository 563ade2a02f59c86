//! Measures the gazetteer on Russian and Ukrainian news with gold places
//! (`ruuk_dev.jsonl`): recall of the gold places among `find_mentions`, and
//! the mentions that are no gold place (a rough false-positive count).
//!
//! Run with `cargo run --release -p placard-engine --example ruuk_places -- FILE`;
//! add `--list` to print every mention and every missed gold place.

use placard_engine::gazetteer::{Gazetteer, PlaceMention};
use placard_engine::model::PlacePrecision;
use serde_json::Value;

/// A gold place as the eval file gives it: a GeoNames id for a city; a
/// country code alone for a country or (named in the text's language) a division.
struct Gold {
    name: String,
    geonames_id: Option<u64>,
    country: String,
}

impl Gold {
    fn is_division(&self) -> bool {
        let name = self.name.to_lowercase();
        ["область", "oblast", "край", "region"]
            .iter()
            .any(|word| name.contains(word))
    }

    fn found_by(&self, mention: &PlaceMention) -> bool {
        let record = &mention.record;
        match self.geonames_id {
            Some(id) => record.geonames_id == Some(id),
            None if self.is_division() => {
                record.kind == PlacePrecision::Admin1 && record.country == self.country
            }
            None => record.kind == PlacePrecision::Country && record.country == self.country,
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .iter()
        .find(|arg| !arg.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "/work/shared/eval/ruuk_dev.jsonl".to_string());
    let list = args.iter().any(|arg| arg == "--list");
    let text = std::fs::read_to_string(&path).expect("reading the eval file");
    let gazetteer = Gazetteer::builtin();
    let (mut n_gold, mut n_found, mut n_other, mut n_articles) = (0, 0, 0, 0);
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let value: Value = serde_json::from_str(line).expect("a JSON line");
        let article_text = value["article"]["text"].as_str().unwrap_or_default();
        let id = value["article"]["id"].as_str().unwrap_or_default();
        let mut golds: Vec<Gold> = Vec::new();
        for event in value["events"].as_array().into_iter().flatten() {
            let place = &event["place"];
            let Some(name) = place["name"].as_str() else {
                continue;
            };
            let gold = Gold {
                name: name.to_string(),
                geonames_id: place["geonames_id"].as_u64(),
                country: place["country"].as_str().unwrap_or_default().to_string(),
            };
            if !golds.iter().any(|known| known.name == gold.name) {
                golds.push(gold);
            }
        }
        let mentions = gazetteer.find_mentions(article_text);
        n_articles += 1;
        for gold in &golds {
            n_gold += 1;
            if mentions.iter().any(|mention| gold.found_by(mention)) {
                n_found += 1;
            } else if list {
                eprintln!("{id}: MISSED {}", gold.name);
            }
        }
        for mention in &mentions {
            let is_gold = golds.iter().any(|gold| gold.found_by(mention));
            if !is_gold {
                n_other += 1;
            }
            if list {
                eprintln!(
                    "{id}: {} {:?} -> {} ({}, {:?}) cue={:?}",
                    if is_gold { "gold " } else { "other" },
                    mention.text,
                    mention.record.name,
                    mention.record.country,
                    mention.record.kind,
                    mention.cue
                );
            }
        }
    }
    eprintln!(
        "gold places found: {n_found}/{n_gold} ({:.1}%); mentions of no gold place: {n_other} in {n_articles} articles ({:.2} per article)",
        100.0 * n_found as f64 / n_gold.max(1) as f64,
        n_other as f64 / n_articles.max(1) as f64
    );
}
