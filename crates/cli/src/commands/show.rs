//! `placard show EVENT_ID`: an event, its reports, the words each value came
//! from, and each report's source chain (publisher → cited source → unnamed).

use anyhow::{bail, Result};
use clap::Args;
use placard_engine::{Report, SourceType, Span};
use std::io::Write;
use std::path::PathBuf;

/// Flags of `placard show`.
#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The event id (from `placard events`).
    pub event_id: String,
    /// SQLite database file.
    #[arg(long, default_value_os_t = crate::default_db())]
    pub db: PathBuf,
    /// Print the event and its reports as JSON instead.
    #[arg(long)]
    pub json: bool,
}

/// The text of a character span.
pub fn char_slice(text: &str, span: Span) -> String {
    text.chars()
        .skip(span[0])
        .take(span[1].saturating_sub(span[0]))
        .collect()
}

/// A report's source chain as one line.
pub fn source_chain(report: &Report) -> String {
    let mut links: Vec<String> = Vec::new();
    let publisher = report
        .publisher
        .clone()
        .unwrap_or_else(|| "unknown publisher".into());
    links.push(publisher);
    for source in &report.sources {
        if source.source_type == SourceType::Publisher {
            continue;
        }
        let mut link = match (&source.source_type, &source.via) {
            (SourceType::Unnamed, Some(via)) => format!("{via} → unnamed: {}", source.name),
            (SourceType::Unnamed, None) => format!("unnamed: {}", source.name),
            (source_type, _) => format!("{} ({:?})", source.name, source_type)
                .to_lowercase()
                .replacen(&source.name.to_lowercase(), &source.name, 1),
        };
        if let Some(description) = &source.description {
            link.push_str(&format!(" [{description}]"));
        }
        links.push(link);
    }
    links.join(" → ")
}

/// Writes a reconciled count and, under it, what each report said.
fn write_range(out: &mut dyn Write, label: &str, range: &placard_engine::CountRange) -> Result<()> {
    writeln!(out, "  {label} {}–{} across reports", range.low, range.high)?;
    for count in &range.by_report {
        writeln!(
            out,
            "             {} says {:?} ({}–{})",
            count.publisher.as_deref().unwrap_or("?"),
            count.text,
            count.low,
            count.high
        )?;
    }
    Ok(())
}

/// Runs `placard show`.
pub fn run(args: ShowArgs) -> Result<u8> {
    let store = super::open_existing_store(&args.db)?;
    let Some(event) = store.event(&args.event_id)? else {
        // An id that was an event before a later ingest joined or split it:
        // say where its reports are now.
        let lineage = store.lineage(&args.event_id)?;
        let Some(first) = lineage.first() else {
            bail!("no event {:?} in {}", args.event_id, args.db.display());
        };
        let successors: Vec<String> = lineage
            .iter()
            .map(|step| {
                let plural = if step.n_reports == 1 { "" } else { "s" };
                format!("{} ({} report{plural})", step.successor_id, step.n_reports)
            })
            .collect();
        let verb = if first.change == "split" {
            "were split between"
        } else {
            "are now in"
        };
        bail!(
            "no event {:?} in {} any more: its reports {verb} {}",
            args.event_id,
            args.db.display(),
            successors.join(", ")
        );
    };
    let reports = store.reports_of_event(&args.event_id)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(
            &mut stdout,
            &serde_json::json!({"event": event, "reports": reports}),
        )?;
        writeln!(stdout)?;
        return Ok(0);
    }
    writeln!(
        stdout,
        "event {}  {}{}",
        event.event_id,
        event.kind,
        event
            .mode
            .as_ref()
            .map(|mode| format!(" ({mode})"))
            .unwrap_or_default()
    )?;
    if let Some(date) = &event.date {
        writeln!(
            stdout,
            "  date:      {}..{} ({:?})",
            date.start, date.end, date.precision
        )?;
    }
    if let Some(place) = &event.place {
        writeln!(
            stdout,
            "  place:     {} {} ({:?}, geonames {})",
            place.name,
            place.country.as_deref().unwrap_or(""),
            place.precision,
            place
                .geonames_id
                .map(|id| id.to_string())
                .unwrap_or_else(|| "-".into())
        )?;
    }
    for (label, range) in [("size:     ", &event.size), ("detained: ", &event.detained)] {
        if let Some(range) = range {
            write_range(&mut stdout, label, range)?;
        }
    }
    if !event.actor_groups.is_empty() {
        writeln!(
            stdout,
            "  actors:    {}",
            event
                .actor_groups
                .iter()
                .map(|group| group.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    for claim in &event.claims {
        writeln!(stdout, "  claim:     {claim}")?;
    }
    for reason in &event.reasons {
        writeln!(stdout, "  reason:    {reason}")?;
    }
    for condition in &event.conditions {
        writeln!(stdout, "  condition: {condition}")?;
    }
    writeln!(
        stdout,
        "  sources:   {} independent ({}); publishers: {}",
        event.independent_sources,
        event.source_roots.join(", "),
        event.publishers.join(", ")
    )?;
    for target in &event.response_to {
        writeln!(stdout, "  answers:   {target}")?;
    }
    let copies = store.copies()?;
    for report in &reports {
        let article = store.article(&report.article_id)?;
        let text = article
            .as_ref()
            .map(|article| article.text.as_str())
            .unwrap_or("");
        writeln!(
            stdout,
            "\n  report {} from {} ({}, confidence {})",
            report.report_id,
            report.article_id,
            report.publisher.as_deref().unwrap_or("?"),
            report.confidence
        )?;
        writeln!(stdout, "    chain:    {}", source_chain(report))?;
        if let Some(original) = copies.get(&report.article_id) {
            writeln!(
                stdout,
                "    copy of:  {original} (syndicated text: one source with it)"
            )?;
        }
        for span in &report.evidence {
            writeln!(
                stdout,
                "    evidence: [{}, {}) {:?}",
                span[0],
                span[1],
                char_slice(text, *span)
            )?;
        }
        if let Some(size) = &report.size {
            writeln!(
                stdout,
                "    size:     {:?} → {}–{}",
                size.text, size.low, size.high
            )?;
        }
        if let Some(date) = &report.date {
            writeln!(
                stdout,
                "    date:     {}..{} from {}",
                date.start,
                date.end,
                date.text
                    .clone()
                    .or_else(|| date.derived_from.clone())
                    .unwrap_or_default()
            )?;
        }
    }
    Ok(0)
}
