//! `placard geocode TEXT`: the places the gazetteer finds in a text, each
//! with every reading it considered and the signals that ranked them, so a
//! wrong pin can be traced to its cause.

use anyhow::{Context, Result};
use clap::Args;
use placard_engine::gazetteer::{country_of_url, Gazetteer, MentionOptions, PlaceMention};
use placard_engine::text::CharIndex;
use std::io::{Read, Write};

/// Flags of `placard geocode`.
#[derive(Args, Debug)]
pub struct GeocodeArgs {
    /// The text to read; `-` or nothing reads standard input.
    pub text: Option<String>,
    /// The article's URL: its country-code domain leans ambiguous names
    /// towards the outlet's country.
    #[arg(long)]
    pub url: Option<String>,
    /// The text is lower-cased: names then need a cue such as "in".
    #[arg(long)]
    pub lowercase: bool,
    /// Print one JSON object per mention instead of a listing.
    #[arg(long)]
    pub json: bool,
}

/// Runs `placard geocode`.
pub fn run(args: GeocodeArgs) -> Result<u8> {
    let text = match args.text.as_deref() {
        None | Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading the text from standard input")?;
            text
        }
        Some(text) => text.to_string(),
    };
    let home_country = args.url.as_deref().and_then(country_of_url);
    let options = MentionOptions {
        lowercase_text: args.lowercase,
        home_country: home_country.clone(),
        with_candidates: true,
    };
    let mentions = Gazetteer::builtin().find_mentions_with(&text, &options);
    // Spans are printed in characters, as everywhere in Placard's output.
    let index = CharIndex::new(&text);
    let mut stdout = std::io::stdout().lock();
    if args.json {
        for mention in &mentions {
            writeln!(
                stdout,
                "{}",
                mention_json(mention, index.span(mention.span))
            )?;
        }
        return Ok(0);
    }
    if let Some(country) = &home_country {
        writeln!(stdout, "outlet country (from the URL): {country}")?;
    }
    if mentions.is_empty() {
        writeln!(stdout, "no places found")?;
    }
    for mention in &mentions {
        let record = &mention.record;
        let span = index.span(mention.span);
        writeln!(
            stdout,
            "{:?} [{}..{}) -> {}{} ({}, {}, {:?}){}",
            mention.text,
            span[0],
            span[1],
            record.name,
            record
                .geonames_id
                .map(|id| format!(" #{id}"))
                .unwrap_or_default(),
            record.country,
            record.kind.as_str(),
            mention.via,
            mention
                .cue
                .as_ref()
                .map(|cue| format!(" after {cue:?}"))
                .unwrap_or_default()
        )?;
        for (rank, candidate) in mention.candidates.iter().enumerate() {
            let record = &candidate.record;
            writeln!(
                stdout,
                "  {}. {:<28} {:<3} {:<7} {:<30} votes {:>2}  population {:>10}  {:?}{}{}{}",
                rank + 1,
                record.name,
                record.country,
                record.kind.as_str(),
                record.admin1.unwrap_or("-"),
                candidate.country_votes,
                record.population,
                candidate.via,
                if candidate.weak { " (weak)" } else { "" },
                if candidate.minor { " (minor town)" } else { "" },
                if candidate.in_home_country {
                    " (outlet's country)"
                } else {
                    ""
                }
            )?;
        }
    }
    Ok(0)
}

fn mention_json(mention: &PlaceMention, span: [usize; 2]) -> serde_json::Value {
    let record_json = |record: &placard_engine::gazetteer::PlaceRecord| {
        serde_json::json!({
            "name": record.name,
            "geonames_id": record.geonames_id,
            "country": record.country,
            "admin1": record.admin1,
            "lat": record.lat,
            "lon": record.lon,
            "precision": record.kind.as_str(),
            "population": record.population,
        })
    };
    serde_json::json!({
        "text": mention.text,
        "span": span,
        "cue": mention.cue,
        "via": format!("{:?}", mention.via).to_lowercase(),
        "place": record_json(&mention.record),
        "candidates": mention.candidates.iter().map(|candidate| {
            let mut value = record_json(&candidate.record);
            value["via"] = format!("{:?}", candidate.via).to_lowercase().into();
            value["weak"] = candidate.weak.into();
            value["minor"] = candidate.minor.into();
            value["country_votes"] = candidate.country_votes.into();
            value["in_home_country"] = candidate.in_home_country.into();
            value
        }).collect::<Vec<_>>(),
    })
}
