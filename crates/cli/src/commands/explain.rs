//! `placard explain REPORT_ID`: every value of a report with the rule,
//! lexicon entry and words that produced it.

use anyhow::{anyhow, Result};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Flags of `placard explain`.
#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// The report id (from `placard show` or `placard extract`).
    pub report_id: String,
    /// SQLite database file.
    #[arg(long, default_value_os_t = crate::default_db())]
    pub db: PathBuf,
}

/// Runs `placard explain`.
pub fn run(args: ExplainArgs) -> Result<u8> {
    let store = super::open_existing_store(&args.db)?;
    let report = store
        .report(&args.report_id)?
        .ok_or_else(|| anyhow!("no report {:?} in {}", args.report_id, args.db.display()))?;
    let article = store.article(&report.article_id)?;
    let text = article
        .as_ref()
        .map(|article| article.text.as_str())
        .unwrap_or("");
    let mut stdout = std::io::stdout().lock();
    writeln!(
        stdout,
        "report {} ({} {}) from article {}",
        report.report_id,
        report.modality.as_str(),
        report.kind,
        report.article_id
    )?;
    let value_of = |field: &str| -> String {
        let json = serde_json::to_value(&report).unwrap_or_default();
        match field {
            "kind" => format!(
                "{}{}",
                report.kind,
                report
                    .mode
                    .as_ref()
                    .map(|mode| format!(" / {mode}"))
                    .unwrap_or_default()
            ),
            "modality" => report.modality.as_str().to_string(),
            "actor" => report
                .actor
                .as_ref()
                .map(|actor| {
                    format!(
                        "{:?} → {}",
                        actor.text,
                        actor
                            .group
                            .map(|group| group.as_str())
                            .unwrap_or("no group")
                    )
                })
                .unwrap_or_default(),
            "size" | "detained" | "date" | "place" | "reason" => json
                .get(field)
                .map(|value| compact(value, field))
                .unwrap_or_default(),
            "claims" | "conditions" => report_list(&json, field),
            "sources" => super::show::source_chain(&report),
            "response_to" => report.response_to.clone().unwrap_or_default(),
            _ => String::new(),
        }
    };
    let mut fields: Vec<&str> = Vec::new();
    for entry in &report.explanation {
        if !fields.contains(&entry.field.as_str()) {
            fields.push(&entry.field);
        }
    }
    for field in fields {
        writeln!(stdout, "\n{field}: {}", value_of(field))?;
        for entry in report
            .explanation
            .iter()
            .filter(|entry| entry.field == field)
        {
            let words = match (&entry.matched, entry.span) {
                (Some(matched), Some(span)) => {
                    format!(" {matched:?} at [{}, {})", span[0], span[1])
                }
                (Some(matched), None) => format!(" {matched:?}"),
                _ => String::new(),
            };
            writeln!(stdout, "  rule {}{words}: {}", entry.rule, entry.note)?;
        }
    }
    writeln!(stdout, "\nevidence:")?;
    for span in &report.evidence {
        writeln!(
            stdout,
            "  [{}, {}) {:?}",
            span[0],
            span[1],
            super::show::char_slice(text, *span)
        )?;
    }
    Ok(0)
}

fn compact(value: &serde_json::Value, field: &str) -> String {
    match field {
        "size" | "detained" => format!("{} → {}–{}", value["text"], value["low"], value["high"]),
        "date" => format!(
            "{}..{} ({})",
            value["start"].as_str().unwrap_or(""),
            value["end"].as_str().unwrap_or(""),
            value["precision"].as_str().unwrap_or("")
        ),
        "place" => format!(
            "{} ({}, {}, geonames {})",
            value["name"].as_str().unwrap_or(""),
            value["country"].as_str().unwrap_or(""),
            value["precision"].as_str().unwrap_or(""),
            value["geonames_id"]
        ),
        _ => value
            .get("text")
            .map(|text| text.to_string())
            .unwrap_or_else(|| value.to_string()),
    }
}

fn report_list(json: &serde_json::Value, field: &str) -> String {
    json[field]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| item["text"].to_string())
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}
