//! `placard eval --gold FILE`: extract the gold articles and score the
//! reports as `../shared/eval/README.md` prescribes. A `.tsv` gold file is
//! read as CASE-2021 snippets and scored for protest detection.
//! `placard eval --clusters FILE --db DB` scores the events of a database as
//! clusters of reports (B-cubed and pairwise) against a gold grouping.

use anyhow::{bail, Context, Result};
use clap::Args;
use placard_engine::eval;
use placard_engine::pipeline::ExtractorConfig;
use placard_engine::Article;
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;

/// Flags of `placard eval`.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Gold file: annotated articles (JSONL), or CASE-2021 snippets (.tsv).
    #[arg(long, required_unless_present = "clusters")]
    pub gold: Option<PathBuf>,
    /// Gold grouping of reports into happenings (as `data/demo/clusters.tsv`),
    /// scored against the events of `--db`.
    #[arg(long, conflicts_with = "gold")]
    pub clusters: Option<PathBuf>,
    /// The database whose events `--clusters` scores.
    #[arg(long, default_value_os_t = crate::default_db())]
    pub db: PathBuf,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Scores the events of `db` against the gold grouping in `path`.
fn run_clusters(path: &std::path::Path, db: &std::path::Path, json: bool) -> Result<u8> {
    let data =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let items = eval::parse_clusters(&data)
        .map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?;
    let store = super::open_existing_store(db)?;
    let reports = store.all_reports()?;
    let events = store.events(&placard_store::EventFilter::default())?;
    let score = eval::score_clusters(&items, &reports, &events);
    let mut stdout = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut stdout, &score)?;
        writeln!(stdout)?;
    } else {
        write!(stdout, "{}", score.render())?;
    }
    Ok(0)
}

/// Runs `placard eval`.
pub fn run(args: EvalArgs) -> Result<u8> {
    if let Some(clusters) = &args.clusters {
        return run_clusters(clusters, &args.db, args.json);
    }
    let Some(gold_path) = args.gold.clone() else {
        bail!("give --gold FILE or --clusters FILE");
    };
    let data = std::fs::read_to_string(&gold_path)
        .with_context(|| format!("reading {}", gold_path.display()))?;
    let name = gold_path.display().to_string();
    let extractor = ExtractorConfig::all_languages()
        .build()
        .map_err(anyhow::Error::msg)?;
    let mut stdout = std::io::stdout().lock();
    if gold_path
        .extension()
        .is_some_and(|extension| extension == "tsv")
    {
        let (rows, errors) = eval::parse_case2021_tsv(&data);
        for error in &errors {
            eprintln!("{name}: {error}");
        }
        let scored: Vec<(String, String, Vec<placard_engine::Report>)> = rows
            .into_par_iter()
            .map(|(id, snippet, subtype)| {
                let article = Article {
                    id: format!("case21t2-{id}"),
                    url: None,
                    outlet: None,
                    published: None,
                    language: Some("en".into()),
                    title: None,
                    text: snippet,
                };
                let reports = extractor.extract(&article).reports;
                (id, subtype, reports)
            })
            .collect();
        let report = eval::score_case2021(&scored);
        if args.json {
            serde_json::to_writer_pretty(&mut stdout, &report)?;
            writeln!(stdout)?;
        } else {
            write!(stdout, "{}", report.render_table())?;
        }
        return Ok(if errors.is_empty() {
            0
        } else {
            crate::EXIT_SKIPPED
        });
    }
    let (gold, errors) = eval::parse_gold(&name, &data);
    for error in &errors {
        eprintln!("{error}");
    }
    if gold.is_empty() {
        bail!("{name}: no gold articles could be read");
    }
    let pairs: Vec<(eval::GoldArticle, Vec<placard_engine::Report>)> = gold
        .into_par_iter()
        .map(|gold_article| {
            let reports = extractor.extract(&gold_article.article).reports;
            (gold_article, reports)
        })
        .collect();
    let report = eval::score(&pairs, placard_engine::gazetteer::Gazetteer::builtin());
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        write!(stdout, "{}", report.render_table())?;
    }
    Ok(if errors.is_empty() {
        0
    } else {
        crate::EXIT_SKIPPED
    })
}
