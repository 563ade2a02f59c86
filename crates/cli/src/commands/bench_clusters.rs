//! `placard bench --reports N`: the clustering benchmark. Generates N
//! reports of made-up happenings and times `dedup::reconcile` on them, on
//! one thread, with the process's peak memory.
//!
//! The reports are real extractor output used as templates: the reports of
//! generated articles (see `bench.rs`), each copied with a new article,
//! report id, publisher, date and place. Happenings get about three reports
//! each (from 1 to 9), spread over two years and 5,000 places; one report
//! in ten has only a week-level date, one in twenty no date, one in ten only
//! its country, so blocking meets the cases that make it hard.

use anyhow::{bail, Result};
use placard_engine::dedup::{self, ClusterKey};
use placard_engine::model::{DatePrecision, DateValue, Modality, PlacePrecision, PlaceValue};
use placard_engine::pipeline::Extractor;
use placard_engine::{Article, Report};
use placard_store::{StoredArticle, StoredClusterKey};
use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;

/// Distinct places of the generated happenings.
const N_PLACES: u64 = 5_000;
/// Countries the places lie in.
const N_COUNTRIES: u64 = 40;
/// The days the happenings spread over.
const N_DAYS: u64 = 730;
const N_PUBLISHERS: usize = 300;

/// Runs the clustering benchmark on `n_reports` reports made from the
/// reports `extractor` finds in `articles`.
pub fn run(
    n_reports: usize,
    seed: u64,
    articles: &[Article],
    extractor: &Extractor,
    through_store: bool,
) -> Result<u8> {
    let mut stdout = std::io::stdout().lock();
    let templates: Vec<Report> = articles
        .iter()
        .flat_map(|article| extractor.extract(article).reports)
        .filter(|report| report.modality == Modality::Asserted)
        .map(|mut report| {
            // Reports loaded from the store carry no explanation either.
            report.explanation.clear();
            report
        })
        .collect();
    if templates.is_empty() {
        bail!("the template articles gave no asserted report");
    }
    let generator = Generator::new(n_reports, seed, &templates);
    let memory_start = peak_memory_kib();
    writeln!(
        stdout,
        "reports: {} generated from {} extracted templates; peak memory at start {}",
        n_reports,
        templates.len(),
        describe_memory(memory_start)
    )?;

    if through_store {
        reconcile_through_store(&generator, n_reports, &mut stdout)?;
    }

    // First as `placard ingest` reconciles: keep only each report's
    // cluster key, cluster, then build the events one cluster at a time
    // from reports fetched again (from the store there; generated again
    // here).
    let started = Instant::now();
    let owned_keys: Vec<OwnedKey> = (0..n_reports)
        .filter_map(|report_idx| OwnedKey::of(&generator.report(report_idx)))
        .collect();
    let keys: Vec<ClusterKey> = owned_keys.iter().map(OwnedKey::borrow).collect();
    let keyed = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let n_clusters = dedup::cluster(&keys).len();
    let clustering = started.elapsed().as_secs_f64();
    let copies = BTreeMap::new();
    let started = Instant::now();
    let events = dedup::reconcile_with(&keys, &copies, |members| {
        Ok::<_, std::convert::Infallible>(
            members
                .iter()
                .map(|&key_idx| generator.report(owned_keys[key_idx].report_idx))
                .collect(),
        )
    })
    .unwrap_or_else(|never| match never {});
    let reconciling = started.elapsed().as_secs_f64();
    let n_multi = events
        .iter()
        .filter(|event| event.reports.len() > 1)
        .count();
    writeln!(
        stdout,
        "by keys: keys {:.2} s; cluster alone {:.2} s ({:.0} reports/s, 1 thread, {} clusters); \
         reconcile_with {:.2} s: {} events, {} with more than one report; peak memory {}",
        keyed,
        clustering,
        n_reports as f64 / clustering,
        n_clusters,
        reconciling,
        events.len(),
        n_multi,
        describe_memory(peak_memory_kib())
    )?;
    drop(events);
    drop(keys);
    drop(owned_keys);

    // Then everything in memory, as `placard ingest` reconciles today.
    let started = Instant::now();
    let reports: Vec<Report> = (0..n_reports)
        .map(|report_idx| generator.report(report_idx))
        .collect();
    let generated = started.elapsed().as_secs_f64();
    let memory_reports = peak_memory_kib();
    let started = Instant::now();
    let events = dedup::reconcile(&reports, &copies);
    let reconciling = started.elapsed().as_secs_f64();
    writeln!(
        stdout,
        "in memory: generate {:.2} s (peak memory {}), reconcile {:.2} s ({:.0} reports/s, 1 thread): {} events; peak memory {}",
        generated,
        describe_memory(memory_reports),
        reconciling,
        n_reports as f64 / reconciling,
        events.len(),
        describe_memory(peak_memory_kib())
    )?;
    Ok(0)
}

/// Stores the reports in a fresh SQLite file (two per article), then
/// reconciles them exactly as `placard ingest` does, and reports both times
/// and the peak memory (which runs first, so the figure is this phase's).
fn reconcile_through_store(
    generator: &Generator<'_>,
    n_reports: usize,
    stdout: &mut impl Write,
) -> Result<()> {
    let directory =
        std::env::temp_dir().join(format!("placard-bench-reports-{}", std::process::id()));
    std::fs::create_dir_all(&directory)?;
    let mut store = super::open_store(&directory.join("reports.db"))?;
    let started = Instant::now();
    let n_articles = n_reports.div_ceil(2);
    for first_article in (0..n_articles).step_by(5_000) {
        let batch: Vec<StoredArticle> = (first_article..(first_article + 5_000).min(n_articles))
            .map(|article_idx| StoredArticle {
                article: Article {
                    id: format!("a-bench-{article_idx:08}"),
                    url: None,
                    outlet: None,
                    published: None,
                    language: Some("en".into()),
                    title: None,
                    text: format!("Generated article {article_idx}."),
                },
                content_hash: format!("bench-{article_idx}"),
                source: "bench".into(),
                reports: (article_idx * 2..(article_idx * 2 + 2).min(n_reports))
                    .map(|report_idx| generator.report(report_idx))
                    .collect(),
                signature: None,
            })
            .collect();
        store.insert_batch(&batch)?;
    }
    let storing = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let events = placard_server::review::reconcile_stored(&store, &BTreeMap::new())?;
    let reconciling = started.elapsed().as_secs_f64();
    writeln!(
        stdout,
        "through SQLite: store {:.1} s; keys, cluster and events from the store {:.1} s ({:.0} reports/s, 1 thread): {} events; peak memory {}",
        storing,
        reconciling,
        n_reports as f64 / reconciling,
        events.len(),
        describe_memory(peak_memory_kib())
    )?;
    drop(events);
    drop(store);
    let _ = std::fs::remove_dir_all(&directory);
    Ok(())
}

/// A report's cluster key with its own strings, and where to get the
/// report again.
struct OwnedKey {
    key: StoredClusterKey,
    report_idx: usize,
}

impl OwnedKey {
    fn of(report: &Report) -> Option<OwnedKey> {
        let key = ClusterKey::of(report)?;
        let report_idx = report
            .report_id
            .strip_prefix("r-bench-")
            .and_then(|digits| digits.parse().ok())?;
        Some(OwnedKey {
            key: StoredClusterKey {
                report_id: key.report_id.to_string(),
                article_id: key.article_id.to_string(),
                kind: key.kind,
                place: key.place.into_owned(),
                date: key
                    .date
                    .map(|(start, end)| (start.to_string(), end.to_string())),
                traits: key.traits,
            },
            report_idx,
        })
    }

    fn borrow(&self) -> ClusterKey<'_> {
        self.key.key()
    }
}

/// Copies of the templates as reports of made-up happenings. Any report
/// can be made again from its position alone, as a store would fetch it.
struct Generator<'a> {
    seed: u64,
    n_happenings: u64,
    templates: &'a [Report],
    start_day: chrono::NaiveDate,
}

impl<'a> Generator<'a> {
    fn new(n_reports: usize, seed: u64, templates: &'a [Report]) -> Generator<'a> {
        Generator {
            seed,
            n_happenings: (n_reports / 3).max(1) as u64,
            templates,
            start_day: chrono::NaiveDate::from_ymd_opt(2022, 1, 1).expect("a valid day"),
        }
    }

    fn report(&self, report_idx: usize) -> Report {
        let mut rng = fastrand::Rng::with_seed(
            self.seed ^ (report_idx as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        );
        // A few happenings are reported often, most once or twice.
        let happening = (rng.u64(0..self.n_happenings) * rng.u64(1..4)) % self.n_happenings;
        let template = &self.templates[(happening as usize * 7919) % self.templates.len()];
        let mut report = template.clone();
        report.report_id = format!("r-bench-{report_idx:08}");
        report.article_id = format!("a-bench-{:08}", report_idx / 2);
        report.publisher = Some(format!("Outlet {}", rng.usize(0..N_PUBLISHERS)));
        let day = self.start_day + chrono::Days::new(happening * 13 % N_DAYS);
        report.date = match rng.u32(0..20) {
            0 => None,
            1 | 2 => {
                let week_start = day - chrono::Days::new(u64::from(rng.u32(0..7)));
                Some(date_value(
                    week_start,
                    week_start + chrono::Days::new(6),
                    DatePrecision::Week,
                ))
            }
            _ => Some(date_value(day, day, DatePrecision::Day)),
        };
        let place_idx = happening * 31 % N_PLACES;
        let country_idx = place_idx % N_COUNTRIES;
        report.place = Some(if rng.u32(0..10) == 0 {
            place_value(
                format!("Country {country_idx}"),
                9_000_000 + country_idx,
                country_idx,
                PlacePrecision::Country,
            )
        } else {
            place_value(
                format!("Town {place_idx}"),
                8_000_000 + place_idx,
                country_idx,
                PlacePrecision::City,
            )
        });
        report.response_to = None;
        report
    }
}

fn date_value(
    start: chrono::NaiveDate,
    end: chrono::NaiveDate,
    precision: DatePrecision,
) -> DateValue {
    DateValue {
        start: start.to_string(),
        end: end.to_string(),
        precision,
        text: Some("on Saturday".into()),
        span: Some([10, 21]),
        derived_from: None,
    }
}

fn place_value(
    name: String,
    geonames_id: u64,
    country_idx: u64,
    precision: PlacePrecision,
) -> PlaceValue {
    PlaceValue {
        text: name.clone(),
        span: [30, 30 + name.len()],
        name,
        geonames_id: Some(geonames_id),
        country: Some(format!("C{country_idx}")),
        admin1: None,
        lat: Some(50.0),
        lon: Some(30.0),
        precision,
        derived_from: None,
    }
}

/// The process's peak resident memory in KiB (`VmHWM` on Linux), when the
/// system tells.
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

fn describe_memory(kib: Option<u64>) -> String {
    kib.map_or_else(
        || "unknown".to_string(),
        |kib| format!("{:.0} MiB", kib as f64 / 1024.0),
    )
}
