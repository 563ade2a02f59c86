//! Stage 5, dedup: reconcile reports of many articles into events.
//!
//! Reconciliation blocks reports by kind and exact place (a city never
//! merges with its country, so a country-level report cannot swallow a
//! specific one), and within a block joins a report to a cluster all of
//! whose members' dates it overlaps, never two reports of the same article.
//! Among the clusters it may join, scoring (`scoring.rs`: actor group,
//! claims, size, cited sources, date precision) picks the best and vetoes
//! the impossible. Each event keeps
//! every report's own size and detention count next to the overall range, so
//! disagreement stays visible. Only asserted reports become events.

use crate::model::*;
use crate::text::stable_id;
use std::collections::{BTreeMap, BTreeSet, HashMap};

mod scoring;
pub use scoring::{affinity, ClusterSummary, ClusterTraits};

/// A cluster of one block that later reports may still join: the latest
/// first day and the earliest last day of its members (a report must
/// overlap every member), and the articles it already holds.
struct OpenCluster<'a> {
    idx: usize,
    max_start: &'a str,
    min_end: &'a str,
    articles: Vec<&'a str>,
    summary: ClusterSummary,
}

fn place_key(place: &Option<PlaceValue>) -> String {
    match place {
        Some(place) => place_key_of(
            place.geonames_id,
            place.country.as_deref(),
            Some(&place.name),
        ),
        None => place_key_of(None, None, None),
    }
}

/// The block key of a place from its parts, as a store keeps them: the
/// GeoNames id when there is one, else the country and the name, else none.
pub fn place_key_of(geonames_id: Option<u64>, country: Option<&str>, name: Option<&str>) -> String {
    match (geonames_id, name) {
        (Some(id), _) => format!("id:{id}"),
        (None, Some(name)) => format!("name:{}:{}", country.unwrap_or(""), name.to_lowercase()),
        (None, None) => "none".into(),
    }
}

/// The root a report rests on: the first named source it cites (what an
/// unnamed source is reached through), else its publisher. Two reports with
/// the same root are not independent confirmations.
pub fn source_root(report: &Report) -> Option<String> {
    report
        .sources
        .iter()
        .find_map(|source| match source.source_type {
            SourceType::Outlet | SourceType::Agency | SourceType::Organisation => {
                Some(source.name.clone())
            }
            SourceType::Unnamed => source.via.clone(),
            SourceType::Publisher => None,
        })
        .or_else(|| report.publisher.clone())
        .map(|root| root.to_lowercase())
}

/// What clustering needs to know of a report: the block it falls in (kind
/// and place), its dates, its article (two reports of one article are never
/// one event) and its id (the order within a block). Small enough that a
/// million fit in a few hundred megabytes without the reports themselves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterKey<'a> {
    /// What happened.
    pub kind: Kind,
    /// `place_key` of the report's place: a GeoNames id, else country and name.
    pub place: std::borrow::Cow<'a, str>,
    /// First and last day (ISO dates compare as strings).
    pub date: Option<(&'a str, &'a str)>,
    /// The article the report is in.
    pub article_id: &'a str,
    /// The report's id.
    pub report_id: &'a str,
    /// What scoring within the block weighs.
    pub traits: ClusterTraits,
}

impl<'a> ClusterKey<'a> {
    /// The key of a report; `None` unless it is asserted (only asserted
    /// reports become events).
    pub fn of(report: &'a Report) -> Option<ClusterKey<'a>> {
        (report.modality == Modality::Asserted).then(|| ClusterKey {
            kind: report.kind,
            place: std::borrow::Cow::Owned(place_key(&report.place)),
            date: report
                .date
                .as_ref()
                .map(|date| (date.start.as_str(), date.end.as_str())),
            article_id: report.article_id.as_str(),
            report_id: report.report_id.as_str(),
            traits: ClusterTraits::of(report),
        })
    }
}

/// Groups keys into events, as positions in `keys`: blocks by kind and
/// exact place, then within a block, in order of first day and id, each
/// report joins, of the clusters all of whose members' dates it overlaps
/// and that hold no report of its article, the one [`affinity`] scores
/// highest (the first made on a tie), unless it vetoes them all.
/// Deterministic: the same keys in any order give the same groups (in
/// block order, then creation order).
pub fn cluster(keys: &[ClusterKey]) -> Vec<Vec<usize>> {
    let mut blocks: BTreeMap<(Kind, &str), Vec<usize>> = BTreeMap::new();
    for (key_idx, key) in keys.iter().enumerate() {
        blocks
            .entry((key.kind, key.place.as_ref()))
            .or_default()
            .push(key_idx);
    }
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    for (_, mut members) in blocks {
        members.sort_by(|&first, &second| {
            let (first, second) = (&keys[first], &keys[second]);
            let first_start = first.date.map(|(start, _)| start);
            let second_start = second.date.map(|(start, _)| start);
            first_start
                .cmp(&second_start)
                .then_with(|| first.report_id.cmp(second.report_id))
        });
        // The clusters a later report may still join, in the order they
        // were made. Reports come in order of first day, so a cluster whose
        // earliest last day is before this report's first day can take no
        // later report either and leaves the list: the scan stays short
        // however many days a block spans.
        let mut open: Vec<OpenCluster> = Vec::new();
        for key_idx in members {
            let key = &keys[key_idx];
            // A week-level report ("last week") fits Monday's rally and
            // Wednesday's, and must not chain the two into one event. An
            // undated report stays on its own.
            let Some((start, end)) = key.date else {
                clusters.push(vec![key_idx]);
                continue;
            };
            open.retain(|cluster| cluster.min_end >= start);
            // The best score wins; `max_by_key` would keep the last of equals.
            let mut joinable: Option<(u32, &mut OpenCluster)> = None;
            for cluster in open.iter_mut() {
                if cluster.max_start > end || cluster.articles.contains(&key.article_id) {
                    continue;
                }
                let Some(score) = affinity(&key.traits, &cluster.summary) else {
                    continue;
                };
                if joinable.as_ref().is_none_or(|(best, _)| score > *best) {
                    joinable = Some((score, cluster));
                }
            }
            let joinable = joinable.map(|(_, cluster)| cluster);
            match joinable {
                Some(cluster) => {
                    cluster.max_start = cluster.max_start.max(start);
                    cluster.min_end = cluster.min_end.min(end);
                    cluster.articles.push(key.article_id);
                    cluster.summary.add(&key.traits);
                    clusters[cluster.idx].push(key_idx);
                }
                None => {
                    open.push(OpenCluster {
                        idx: clusters.len(),
                        max_start: start,
                        min_end: end,
                        articles: vec![key.article_id],
                        summary: ClusterSummary::of(&key.traits),
                    });
                    clusters.push(vec![key_idx]);
                }
            }
        }
    }
    clusters
}

/// Groups asserted reports into events, deterministically: the same reports
/// in any order give the same events with the same ids. `copies` maps each
/// article that copies another to its original (see `syndication`): a copy
/// is no independent source.
pub fn reconcile(reports: &[Report], copies: &BTreeMap<String, String>) -> Vec<Event> {
    let (asserted, keys): (Vec<&Report>, Vec<ClusterKey>) = reports
        .iter()
        .filter_map(|report| ClusterKey::of(report).map(|key| (report, key)))
        .unzip();
    let clusters: Vec<Vec<&Report>> = cluster(&keys)
        .into_iter()
        .map(|members| {
            members
                .into_iter()
                .map(|key_idx| asserted[key_idx])
                .collect()
        })
        .collect();
    let events: Vec<Event> = clusters
        .iter()
        .map(|cluster| event_of(cluster, copies))
        .collect();
    let event_of_report: HashMap<&str, usize> = clusters
        .iter()
        .enumerate()
        .flat_map(|(event_idx, cluster)| {
            cluster
                .iter()
                .map(move |report| (report.report_id.as_str(), event_idx))
        })
        .collect();
    let responses: Vec<Vec<String>> = clusters
        .iter()
        .map(|cluster| responses_of(cluster.iter().copied()))
        .collect();
    link_and_sort(events, &responses, &event_of_report)
}

/// Like [`reconcile`], for reports that are not all in memory: clusters
/// `keys` (see [`ClusterKey::of`]; asserted reports only), then asks
/// `fetch` for each cluster's reports, as positions in `keys`, one cluster
/// at a time, and must get them back in that order. Gives the same events
/// as `reconcile` over the same reports while holding only the keys, the
/// events and one cluster's reports.
pub fn reconcile_with<E>(
    keys: &[ClusterKey],
    copies: &BTreeMap<String, String>,
    mut fetch: impl FnMut(&[usize]) -> Result<Vec<Report>, E>,
) -> Result<Vec<Event>, E> {
    let clusters = cluster(keys);
    let mut events = Vec::with_capacity(clusters.len());
    let mut responses = Vec::with_capacity(clusters.len());
    for members in &clusters {
        let reports = fetch(members)?;
        let references: Vec<&Report> = reports.iter().collect();
        events.push(event_of(&references, copies));
        responses.push(responses_of(references.iter().copied()));
    }
    let event_of_report: HashMap<&str, usize> = clusters
        .iter()
        .enumerate()
        .flat_map(|(event_idx, members)| {
            members
                .iter()
                .map(move |&key_idx| (keys[key_idx].report_id, event_idx))
        })
        .collect();
    Ok(link_and_sort(events, &responses, &event_of_report))
}

/// The report ids a cluster's reports answer (`response_to`).
fn responses_of<'a>(reports: impl Iterator<Item = &'a Report>) -> Vec<String> {
    reports
        .filter_map(|report| report.response_to.clone())
        .collect()
}

/// Event-level links (an event answers the events holding the protests its
/// reports answer), then the events in order of first day and id.
fn link_and_sort(
    mut events: Vec<Event>,
    responses: &[Vec<String>],
    event_of_report: &HashMap<&str, usize>,
) -> Vec<Event> {
    let links: Vec<Vec<String>> = responses
        .iter()
        .map(|answered| {
            let targets: BTreeSet<&str> = answered
                .iter()
                .filter_map(|report_id| event_of_report.get(report_id.as_str()))
                .map(|&event_idx| events[event_idx].event_id.as_str())
                .collect();
            targets.into_iter().map(str::to_string).collect()
        })
        .collect();
    for (event, targets) in events.iter_mut().zip(links) {
        event.response_to = targets;
    }
    sort_events(&mut events);
    events
}

/// Events in their usual order: by first day (undated first), then id.
pub fn sort_events(events: &mut [Event]) {
    events.sort_by(|first, second| {
        let first_start = first.date.as_ref().map(|date| date.start.as_str());
        let second_start = second.date.as_ref().map(|date| date.start.as_str());
        first_start
            .cmp(&second_start)
            .then_with(|| first.event_id.cmp(&second.event_id))
    });
}

fn count_range(
    cluster: &[&Report],
    pick: impl Fn(&Report) -> Option<&CountValue>,
) -> Option<CountRange> {
    let by_report: Vec<ReportCount> = cluster
        .iter()
        .filter_map(|report| {
            pick(report).map(|count| ReportCount {
                report_id: report.report_id.clone(),
                publisher: report.publisher.clone(),
                text: count.text.clone(),
                low: count.low,
                high: count.high,
            })
        })
        .collect();
    let low = by_report.iter().map(|count| count.low).min()?;
    let high = by_report.iter().map(|count| count.high).max()?;
    Some(CountRange {
        low,
        high,
        by_report,
    })
}

/// The event of one cluster of reports: reconciled fields, every report's
/// own counts, and independent sources. Links between events
/// (`response_to`) need every cluster and are filled by [`reconcile`].
pub fn event_of(cluster: &[&Report], copies: &BTreeMap<String, String>) -> Event {
    let first = cluster[0];
    let mut report_ids: Vec<String> = cluster
        .iter()
        .map(|report| report.report_id.clone())
        .collect();
    report_ids.sort();
    let event_id = stable_id(
        "e",
        &[
            first.kind.as_str(),
            &place_key(&first.place),
            &report_ids[0],
        ],
    );

    // Mode: the one most reports give, ties to the most specific.
    let mut mode_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for report in cluster {
        if let Some(mode) = &report.mode {
            *mode_counts.entry(mode.as_str()).or_default() += 1;
        }
    }
    let mode = mode_counts
        .iter()
        .max_by_key(|(mode, count)| (**count, **mode != "demo"))
        .map(|(mode, _)| mode.to_string());

    // Date: the intersection of all intervals when they share days, else the
    // narrowest one.
    let dates: Vec<&DateValue> = cluster
        .iter()
        .filter_map(|report| report.date.as_ref())
        .collect();
    let date = if dates.is_empty() {
        None
    } else {
        let start = dates
            .iter()
            .map(|date| date.start.clone())
            .max()
            .expect("non-empty");
        let end = dates
            .iter()
            .map(|date| date.end.clone())
            .min()
            .expect("non-empty");
        let narrowest = dates
            .iter()
            .min_by_key(|date| (date.end.clone(), std::cmp::Reverse(date.start.clone())))
            .expect("non-empty");
        let narrowest = dates
            .iter()
            .copied()
            .filter(|date| date.precision <= narrowest.precision)
            .min_by_key(|date| date.precision)
            .unwrap_or(narrowest);
        if start <= end {
            let exemplar = dates
                .iter()
                .find(|date| date.start == start && date.end == end)
                .copied();
            Some(DateValue {
                start: start.clone(),
                end: end.clone(),
                precision: exemplar
                    .map(|date| date.precision)
                    .unwrap_or(if start == end {
                        DatePrecision::Day
                    } else {
                        DatePrecision::Days
                    }),
                text: exemplar.and_then(|date| date.text.clone()),
                span: exemplar.and_then(|date| date.span),
                derived_from: exemplar
                    .map_or(Some("intersection of the reports' dates".into()), |date| {
                        date.derived_from.clone()
                    }),
            })
        } else {
            Some((*narrowest).clone())
        }
    };
    let place = cluster
        .iter()
        .filter_map(|report| report.place.as_ref())
        .min_by_key(|place| (place.precision, place.derived_from.is_some()))
        .cloned();

    let mut actor_groups: Vec<ActorGroup> = cluster
        .iter()
        .filter_map(|report| report.actor.as_ref().and_then(|actor| actor.group))
        .collect();
    actor_groups.sort();
    actor_groups.dedup();
    let mut claims: Vec<String> = Vec::new();
    let mut reasons: Vec<String> = Vec::new();
    let mut conditions: Vec<String> = Vec::new();
    for report in cluster {
        for claim in &report.claims {
            if !claims
                .iter()
                .any(|known| known.eq_ignore_ascii_case(&claim.text))
            {
                claims.push(claim.text.clone());
            }
        }
        if let Some(reason) = &report.reason {
            if !reasons
                .iter()
                .any(|known| known.eq_ignore_ascii_case(&reason.text))
            {
                reasons.push(reason.text.clone());
            }
        }
        for condition in &report.conditions {
            if !conditions
                .iter()
                .any(|known| known.eq_ignore_ascii_case(&condition.text))
            {
                conditions.push(condition.text.clone());
            }
        }
    }
    let articles: BTreeSet<String> = cluster
        .iter()
        .map(|report| report.article_id.clone())
        .collect();
    let publishers: BTreeSet<String> = cluster
        .iter()
        .filter_map(|report| report.publisher.clone())
        .collect();
    // A syndicated story and its copies are one source, named as the
    // original names it (else as the first copy in id order does).
    let original_of = |report: &Report| {
        copies
            .get(&report.article_id)
            .cloned()
            .unwrap_or_else(|| report.article_id.clone())
    };
    let mut root_of_story: BTreeMap<String, String> = BTreeMap::new();
    let mut by_article: Vec<&&Report> = cluster.iter().collect();
    by_article.sort_by_key(|report| {
        let original = original_of(report);
        (report.article_id != original, report.article_id.clone())
    });
    for report in by_article {
        if let Some(root) = source_root(report) {
            root_of_story.entry(original_of(report)).or_insert(root);
        }
    }
    let roots: BTreeSet<String> = root_of_story.into_values().collect();

    Event {
        event_id,
        kind: first.kind,
        mode,
        date,
        place,
        actor_groups,
        size: count_range(cluster, |report| report.size.as_ref()),
        detained: count_range(cluster, |report| report.detained.as_ref()),
        claims,
        reasons,
        conditions,
        reports: report_ids,
        articles: articles.into_iter().collect(),
        publishers: publishers.into_iter().collect(),
        independent_sources: roots.len(),
        source_roots: roots.into_iter().collect(),
        response_to: Vec::new(),
        status: ReviewStatus::Unreviewed,
    }
}

#[cfg(test)]
mod tests;
