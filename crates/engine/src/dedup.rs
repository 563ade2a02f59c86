//! Stage 5, dedup: reconcile reports of many articles into events.
//!
//! This first reconciliation blocks reports by kind and exact place (a city
//! never merges with its country, so a country-level report cannot swallow a
//! specific one), and links reports of one block whose date intervals overlap
//! (single link), never two reports of the same article. Each event keeps
//! every report's own size and detention count next to the overall range, so
//! disagreement stays visible. Only asserted reports become events.

use crate::model::*;
use crate::text::stable_id;
use std::collections::{BTreeMap, BTreeSet};

fn place_key(place: &Option<PlaceValue>) -> String {
    match place {
        Some(place) => match place.geonames_id {
            Some(id) => format!("id:{id}"),
            None => format!(
                "name:{}:{}",
                place.country.as_deref().unwrap_or(""),
                place.name.to_lowercase()
            ),
        },
        None => "none".into(),
    }
}

fn overlaps(first: &DateValue, second: &DateValue) -> bool {
    first.start <= second.end && second.start <= first.end
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

/// Groups asserted reports into events, deterministically: the same reports
/// in any order give the same events with the same ids. `copies` maps each
/// article that copies another to its original (see `syndication`): a copy
/// is no independent source.
pub fn reconcile(reports: &[Report], copies: &BTreeMap<String, String>) -> Vec<Event> {
    let mut blocks: BTreeMap<(Kind, String), Vec<&Report>> = BTreeMap::new();
    for report in reports
        .iter()
        .filter(|report| report.modality == Modality::Asserted)
    {
        blocks
            .entry((report.kind, place_key(&report.place)))
            .or_default()
            .push(report);
    }
    let mut clusters: Vec<Vec<&Report>> = Vec::new();
    for (_, mut members) in blocks {
        members.sort_by(|first, second| {
            let first_start = first.date.as_ref().map(|date| date.start.as_str());
            let second_start = second.date.as_ref().map(|date| date.start.as_str());
            first_start
                .cmp(&second_start)
                .then_with(|| first.report_id.cmp(&second.report_id))
        });
        let mut block_clusters: Vec<Vec<&Report>> = Vec::new();
        for report in members {
            // A report joins a cluster whose every dated member it overlaps:
            // a week-level report ("last week") fits Monday's rally and
            // Wednesday's, and must not chain the two into one event.
            let joinable = report.date.as_ref().and_then(|date| {
                block_clusters.iter().position(|cluster| {
                    cluster
                        .iter()
                        .all(|member| member.article_id != report.article_id)
                        && cluster.iter().any(|member| member.date.is_some())
                        && cluster.iter().all(|member| {
                            member
                                .date
                                .as_ref()
                                .is_none_or(|other| overlaps(date, other))
                        })
                })
            });
            match joinable {
                Some(position) => block_clusters[position].push(report),
                None => block_clusters.push(vec![report]),
            }
        }
        clusters.extend(block_clusters);
    }
    let mut events: Vec<Event> = clusters
        .iter()
        .map(|cluster| event_of(cluster, copies))
        .collect();
    // Event-level links: an event answers the events holding the protests
    // its reports answer.
    let event_of_report: BTreeMap<&str, String> = clusters
        .iter()
        .zip(&events)
        .flat_map(|(cluster, event)| {
            cluster
                .iter()
                .map(move |report| (report.report_id.as_str(), event.event_id.clone()))
        })
        .collect();
    for (cluster, event) in clusters.iter().zip(events.iter_mut()) {
        let mut targets: BTreeSet<String> = BTreeSet::new();
        for report in cluster {
            if let Some(target) = report
                .response_to
                .as_deref()
                .and_then(|target| event_of_report.get(target))
            {
                targets.insert(target.clone());
            }
        }
        event.response_to = targets.into_iter().collect();
    }
    events.sort_by(|first, second| {
        let first_start = first.date.as_ref().map(|date| date.start.clone());
        let second_start = second.date.as_ref().map(|date| date.start.clone());
        first_start
            .cmp(&second_start)
            .then_with(|| first.event_id.cmp(&second.event_id))
    });
    events
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

fn event_of(cluster: &[&Report], copies: &BTreeMap<String, String>) -> Event {
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
