//! Human review decisions, re-applied to the events dedup rebuilds.
//!
//! A decision names reports, never only an event: event ids change when a
//! report joins or leaves an event, report ids do not. After every
//! reconcile (in `placard ingest`, and in the server after each decision)
//! [`apply_decisions`] turns the machine's events into the reviewed ones:
//!
//! 1. merges and splits, in decision order, regroup the reports (a merge:
//!    "these reports are one event"; a split: "this report is an event of
//!    its own"), and the regrouped events are rebuilt with
//!    `placard_engine::dedup::event_of`;
//! 2. then accepts, rejects and edits, in decision order, change the event
//!    that holds each decision's anchor report.
//!
//! Structure goes first so that an edit made before a merge survives it.
//! A decision whose reports are gone (or were never asserted) changes
//! nothing. [`apply_decisions`] is pure; [`rebuild_events`] is the I/O
//! around it, shared by ingest and the server. An accept, reject or edit
//! moves no report, so the server applies it to the one event it names
//! ([`Action::apply_to`]) instead of rebuilding all of them; the result is
//! the same, since the stored events are always a full rebuild's and the
//! new decision comes last.

use placard_engine::{dedup, CountRange, DatePrecision, DateValue, Event, Kind, PlacePrecision};
use placard_engine::{PlaceValue, Report, ReviewStatus};
use placard_store::{Decision, Store, StoreError, StoredClusterKey};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What a coder decided; the closed set the API accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// The event holding the anchor is right.
    Accept,
    /// The event holding the anchor is no event (kept, marked rejected).
    Reject,
    /// One field of the event holding the anchor is corrected.
    Edit(Edit),
    /// These reports are one event.
    Merge(Vec<String>),
    /// The anchor report is an event of its own.
    Split,
}

impl Action {
    /// The name stored in `review_decisions.action`.
    pub fn name(&self) -> &'static str {
        match self {
            Action::Accept => "accept",
            Action::Reject => "reject",
            Action::Edit(_) => "edit",
            Action::Merge(_) => "merge",
            Action::Split => "split",
        }
    }

    /// Applies an accept, reject or edit to `event`; `false` (and nothing
    /// done) for a merge or split, which regroup reports.
    pub fn apply_to(&self, event: &mut Event) -> bool {
        match self {
            Action::Accept => event.status = ReviewStatus::Accepted,
            Action::Reject => event.status = ReviewStatus::Rejected,
            Action::Edit(edit) => edit.apply(event),
            Action::Merge(_) | Action::Split => return false,
        }
        true
    }

    /// Reads a stored decision back; `None` for one this program does not
    /// understand (it is then skipped, not fatal).
    pub fn of_decision(decision: &Decision) -> Option<Action> {
        Some(match decision.action.as_str() {
            "accept" => Action::Accept,
            "reject" => Action::Reject,
            "split" => Action::Split,
            "merge" => Action::Merge(decision.report_ids.clone()),
            "edit" => Action::Edit(serde_json::from_str(decision.value_json.as_deref()?).ok()?),
            _ => return None,
        })
    }
}

/// A corrected field and its new value. Stored as JSON in
/// `review_decisions.value_json`, and read as the body of an edit request
/// (`{"field": "date", "start": "2023-11-07", "end": "2023-11-07"}`,
/// `{"field": "size", "low": 20, "high": 50}`, `{"field": "mode", "value": null}` …).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(tag = "field", rename_all = "snake_case", deny_unknown_fields)]
pub enum Edit {
    /// The date interval (inclusive ISO days).
    Date {
        /// First day.
        start: String,
        /// Last day.
        end: String,
    },
    /// The place's name (the coordinates stay those of the gazetteer).
    PlaceName {
        /// The corrected name.
        value: String,
    },
    /// The size range.
    Size {
        /// Fewest people.
        low: u64,
        /// Most people.
        high: u64,
    },
    /// The kind.
    Kind {
        /// A kind name (`protest`, `arrest` …).
        value: String,
    },
    /// The mode (`demo`, `march` …), or none.
    Mode {
        /// The mode, `null` for none.
        value: Option<String>,
    },
}

/// What the derived value says when a person set it.
const EDITED: &str = "edited in review";

impl Edit {
    /// Checks the values before the decision is stored, so that a stored
    /// edit always applies. The error names the bad value.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Edit::Date { start, end } => {
                for (name, value) in [("start", start), ("end", end)] {
                    if !is_iso_day(value) {
                        return Err(format!(
                            "{name} must be an ISO date (YYYY-MM-DD), got {value:?}"
                        ));
                    }
                }
                if start > end {
                    return Err(format!("start {start} is after end {end}"));
                }
            }
            Edit::PlaceName { value } => {
                if value.trim().is_empty() || value.chars().count() > 200 {
                    return Err("value must be a place name of 1 to 200 characters".to_owned());
                }
            }
            Edit::Size { low, high } => {
                if low > high {
                    return Err(format!("low {low} is above high {high}"));
                }
            }
            Edit::Kind { value } => {
                if Kind::parse(value).is_none() {
                    return Err(format!(
                        "unknown kind {value:?}; kinds: {}",
                        Kind::ALL.map(|kind| kind.as_str()).join(", ")
                    ));
                }
            }
            Edit::Mode { value } => {
                if let Some(value) = value {
                    let ok = !value.is_empty()
                        && value.len() <= 40
                        && value
                            .bytes()
                            .all(|byte| byte.is_ascii_lowercase() || byte == b'_');
                    if !ok {
                        return Err(format!("mode must be a snake_case word, got {value:?}"));
                    }
                }
            }
        }
        Ok(())
    }

    fn apply(&self, event: &mut Event) {
        match self {
            Edit::Date { start, end } => {
                event.date = Some(DateValue {
                    start: start.clone(),
                    end: end.clone(),
                    precision: if start == end {
                        DatePrecision::Day
                    } else {
                        DatePrecision::Days
                    },
                    text: None,
                    span: None,
                    derived_from: Some(EDITED.to_owned()),
                });
            }
            Edit::PlaceName { value } => match &mut event.place {
                Some(place) => {
                    place.name = value.clone();
                    place.derived_from = Some(EDITED.to_owned());
                }
                None => {
                    event.place = Some(PlaceValue {
                        text: value.clone(),
                        span: [0, 0],
                        name: value.clone(),
                        geonames_id: None,
                        country: None,
                        admin1: None,
                        lat: None,
                        lon: None,
                        precision: PlacePrecision::City,
                        derived_from: Some(EDITED.to_owned()),
                    });
                }
            },
            Edit::Size { low, high } => {
                // Each report's own count stays: the edit sets the range.
                let by_report = event
                    .size
                    .take()
                    .map(|size| size.by_report)
                    .unwrap_or_default();
                event.size = Some(CountRange {
                    low: *low,
                    high: *high,
                    by_report,
                });
            }
            Edit::Kind { value } => {
                if let Some(kind) = Kind::parse(value) {
                    event.kind = kind;
                }
            }
            Edit::Mode { value } => event.mode = value.clone(),
        }
    }
}

pub(crate) fn is_iso_day(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(index, byte)| index == 4 || index == 7 || byte.is_ascii_digit())
        && (b"01".as_slice()..=b"12".as_slice()).contains(&&bytes[5..7])
        && (b"01".as_slice()..=b"31".as_slice()).contains(&&bytes[8..10])
}

/// The reviewed events: `events` (from `dedup::reconcile` over `reports`)
/// with `decisions` applied, in the order `reconcile` gives.
pub fn apply_decisions(
    events: Vec<Event>,
    reports: &[Report],
    copies: &BTreeMap<String, String>,
    decisions: &[Decision],
) -> Vec<Event> {
    let actions: Vec<Action> = decisions.iter().filter_map(Action::of_decision).collect();
    let anchors: Vec<&str> = decisions
        .iter()
        .filter(|decision| Action::of_decision(decision).is_some())
        .map(|decision| decision.anchor_report.as_str())
        .collect();

    let mut events = regroup(events, reports, copies, &actions, &anchors);

    let event_of_report: HashMap<String, usize> = events
        .iter()
        .enumerate()
        .flat_map(|(index, event)| {
            event
                .reports
                .iter()
                .map(move |report_id| (report_id.clone(), index))
        })
        .collect();
    for (action, anchor) in actions.iter().zip(&anchors) {
        let Some(&index) = event_of_report.get(*anchor) else {
            continue;
        };
        action.apply_to(&mut events[index]);
    }
    dedup::sort_events(&mut events);
    events
}

/// Applies merges and splits; events whose reports did not move are kept
/// as they are, the others are rebuilt from their reports.
fn regroup(
    events: Vec<Event>,
    reports: &[Report],
    copies: &BTreeMap<String, String>,
    actions: &[Action],
    anchors: &[&str],
) -> Vec<Event> {
    if !actions
        .iter()
        .any(|action| matches!(action, Action::Merge(_) | Action::Split))
    {
        return events;
    }
    // Groups of report ids, and which group holds each report.
    let mut groups: Vec<BTreeSet<String>> = events
        .iter()
        .map(|event| event.reports.iter().cloned().collect())
        .collect();
    let mut changed = vec![false; groups.len()];
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for (index, group) in groups.iter().enumerate() {
        for report_id in group {
            group_of.insert(report_id.clone(), index);
        }
    }
    for (action, anchor) in actions.iter().zip(anchors) {
        match action {
            Action::Merge(report_ids) => {
                let targets: BTreeSet<usize> = report_ids
                    .iter()
                    .filter_map(|report_id| group_of.get(report_id).copied())
                    .collect();
                let mut targets = targets.into_iter();
                let Some(into) = targets.next() else { continue };
                for from in targets {
                    let moved = std::mem::take(&mut groups[from]);
                    for report_id in &moved {
                        group_of.insert(report_id.clone(), into);
                    }
                    groups[into].extend(moved);
                    changed[from] = true;
                    changed[into] = true;
                }
            }
            Action::Split => {
                let Some(&from) = group_of.get(*anchor) else {
                    continue;
                };
                if groups[from].len() < 2 {
                    continue;
                }
                groups[from].remove(*anchor);
                changed[from] = true;
                group_of.insert((*anchor).to_owned(), groups.len());
                groups.push(BTreeSet::from([(*anchor).to_owned()]));
                changed.push(true);
            }
            Action::Accept | Action::Reject | Action::Edit(_) => {}
        }
    }

    // Reports in the order reconcile saw them, so that a rebuilt event's
    // first report (its kind and place key) is chosen as reconcile would.
    let position: HashMap<&str, usize> = reports
        .iter()
        .enumerate()
        .map(|(index, report)| (report.report_id.as_str(), index))
        .collect();
    let mut old_events: Vec<Option<Event>> = events.into_iter().map(Some).collect();
    old_events.resize_with(groups.len(), || None);
    let mut result = Vec::new();
    for (index, group) in groups.iter().enumerate() {
        if group.is_empty() {
            continue;
        }
        if !changed[index] {
            if let Some(event) = old_events[index].take() {
                result.push(event);
                continue;
            }
        }
        let mut members: Vec<&Report> = group
            .iter()
            .filter_map(|report_id| position.get(report_id.as_str()))
            .map(|&index| &reports[index])
            .collect();
        members.sort_by_key(|report| position[report.report_id.as_str()]);
        if !members.is_empty() {
            result.push(dedup::event_of(&members, copies));
        }
    }
    relink(&mut result, reports);
    result
}

/// Recomputes the links between events (`response_to`) after regrouping,
/// as `dedup::reconcile` does: an event answers the events holding the
/// reports its reports answer.
fn relink(events: &mut [Event], reports: &[Report]) {
    let report_by_id: HashMap<&str, &Report> = reports
        .iter()
        .map(|report| (report.report_id.as_str(), report))
        .collect();
    let event_of_report: HashMap<String, String> = events
        .iter()
        .flat_map(|event| {
            event
                .reports
                .iter()
                .map(|report_id| (report_id.clone(), event.event_id.clone()))
        })
        .collect();
    for event in events.iter_mut() {
        let targets: BTreeSet<String> = event
            .reports
            .iter()
            .filter_map(|report_id| report_by_id.get(report_id.as_str()))
            .filter_map(|report| report.response_to.as_deref())
            .filter_map(|target| event_of_report.get(target))
            .cloned()
            .collect();
        event.response_to = targets.into_iter().collect();
    }
}

/// Every stored asserted report reconciled into events. Clustering reads
/// only each report's key; the reports themselves are read one cluster at
/// a time, so memory holds the keys and the events, never every report at
/// once.
pub fn reconcile_stored(
    store: &Store,
    copies: &BTreeMap<String, String>,
) -> Result<Vec<Event>, StoreError> {
    let stored_keys = store.cluster_keys()?;
    let keys: Vec<dedup::ClusterKey> = stored_keys.iter().map(StoredClusterKey::key).collect();
    dedup::reconcile_with(&keys, copies, |members| {
        let report_ids: Vec<&str> = members
            .iter()
            .map(|&key_idx| keys[key_idx].report_id)
            .collect();
        store.reports_by_ids(&report_ids)
    })
}

/// The reports that merges and splits among `decisions` move: every report
/// of each event that holds a report a merge or split names. Only their
/// events are rebuilt ([`apply_decisions`]), so only they are read, in the
/// order `Store::all_reports` gives.
fn reports_regrouped_by(
    store: &Store,
    events: &[Event],
    decisions: &[Decision],
) -> Result<Vec<Report>, StoreError> {
    let named: std::collections::HashSet<&str> = decisions
        .iter()
        .filter(|decision| decision.action == "merge" || decision.action == "split")
        .flat_map(|decision| {
            std::iter::once(decision.anchor_report.as_str())
                .chain(decision.report_ids.iter().map(String::as_str))
        })
        .collect();
    if named.is_empty() {
        return Ok(Vec::new());
    }
    let needed: Vec<&str> = events
        .iter()
        .filter(|event| event.reports.iter().any(|id| named.contains(id.as_str())))
        .flat_map(|event| event.reports.iter().map(String::as_str))
        .collect();
    let mut reports = store.reports_by_ids(&needed)?;
    reports.sort_by(|first, second| {
        (first.article_id.as_str(), first.report_id.as_str())
            .cmp(&(second.article_id.as_str(), second.report_id.as_str()))
    });
    Ok(reports)
}

/// Reconciles every stored report into events (memory bound by
/// [`reconcile_stored`]), applies the stored review decisions and stores
/// the result: what `placard ingest` does after its batches, and the server
/// after a merge or split. Returns the events stored.
pub fn rebuild_events(store: &mut Store) -> Result<Vec<Event>, StoreError> {
    let copies = store.copies()?;
    let events = reconcile_stored(store, &copies)?;
    let decisions = store.decisions()?;
    let reports = reports_regrouped_by(store, &events, &decisions)?;
    let events = apply_decisions(events, &reports, &copies, &decisions);
    store.replace_events(&events)?;
    Ok(events)
}

#[cfg(test)]
mod tests;
