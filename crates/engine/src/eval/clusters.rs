//! Scoring events as clusters of reports: B-cubed and pairwise precision and
//! recall against a gold list of which article reports which happening.
//!
//! A gold item is one article's account of one happening (article, kind,
//! date, place). It is matched to a report of that article with the same
//! kind, an overlapping date and an agreeing place, each report used once.
//! The predicted cluster of an item is the event holding its report; an
//! item no report matches is a cluster of its own, so missing a report
//! costs recall, not nothing.

use crate::model::{Event, Kind, Modality, Report};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One article's account of one gold happening.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterItem {
    /// The gold happening.
    pub label: String,
    /// The article.
    pub article_id: String,
    /// What happened.
    pub kind: Kind,
    /// First and last day, when the gold has a date.
    pub date: Option<(String, String)>,
    /// A GeoNames id or a country code; `None` agrees with any place.
    pub place: Option<String>,
}

/// Reads the tab-separated gold (see `data/demo/clusters.tsv`); an error
/// names the line.
pub fn parse_clusters(text: &str) -> Result<Vec<ClusterItem>, String> {
    let mut items = Vec::new();
    for (line_idx, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [label, article_id, kind, start, end, place] = fields[..] else {
            return Err(format!(
                "line {}: expected 6 tab-separated fields",
                line_idx + 1
            ));
        };
        let kind = Kind::parse(kind)
            .ok_or_else(|| format!("line {}: unknown kind {kind:?}", line_idx + 1))?;
        let date = match (start, end) {
            ("", "") => None,
            (start, end) if !start.is_empty() && !end.is_empty() && start <= end => {
                Some((start.to_string(), end.to_string()))
            }
            _ => {
                return Err(format!(
                    "line {}: a date needs a first and a last day",
                    line_idx + 1
                ))
            }
        };
        items.push(ClusterItem {
            label: label.to_string(),
            article_id: article_id.to_string(),
            kind,
            date,
            place: (!place.is_empty()).then(|| place.to_string()),
        });
    }
    Ok(items)
}

/// How well events group the reports of one happening.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ClusterScore {
    /// Gold items.
    pub items: usize,
    /// Gold items matched to a report.
    pub matched: usize,
    /// B-cubed precision, recall and F1.
    pub b3_precision: f64,
    /// B-cubed recall.
    pub b3_recall: f64,
    /// B-cubed F1.
    pub b3_f1: f64,
    /// Of the item pairs put in one event, the share in one gold happening.
    pub pair_precision: f64,
    /// Of the item pairs in one gold happening, the share put in one event.
    pub pair_recall: f64,
    /// Pairwise F1.
    pub pair_f1: f64,
    /// Gold items no report matched (article, kind, label).
    pub unmatched: Vec<(String, Kind, String)>,
}

fn agrees(item: &ClusterItem, report: &Report) -> bool {
    let date_ok = match (&item.date, &report.date) {
        (None, _) => true,
        (Some((start, end)), Some(date)) => {
            date.start.as_str() <= end.as_str() && start.as_str() <= date.end.as_str()
        }
        (Some(_), None) => false,
    };
    let place_ok = match (&item.place, &report.place) {
        (None, _) => true,
        (Some(wanted), Some(place)) => {
            if wanted.chars().all(|c| c.is_ascii_digit()) {
                place.geonames_id.map(|id| id.to_string()).as_deref() == Some(wanted.as_str())
            } else {
                place.country.as_deref() == Some(wanted.as_str())
                    && place.precision == crate::model::PlacePrecision::Country
            }
        }
        (Some(_), None) => false,
    };
    report.article_id == item.article_id
        && report.kind == item.kind
        && report.modality == Modality::Asserted
        && date_ok
        && place_ok
}

fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    }
}

/// Scores `events` (built from `reports`) against the gold `items`.
pub fn score_clusters(items: &[ClusterItem], reports: &[Report], events: &[Event]) -> ClusterScore {
    let event_of_report: BTreeMap<&str, &str> = events
        .iter()
        .flat_map(|event| {
            event
                .reports
                .iter()
                .map(move |report| (report.as_str(), event.event_id.as_str()))
        })
        .collect();
    let mut used: BTreeSet<&str> = BTreeSet::new();
    let mut unmatched = Vec::new();
    // Each item's predicted cluster: its report's event, else itself alone.
    let predicted: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let report = reports
                .iter()
                .filter(|report| !used.contains(report.report_id.as_str()) && agrees(item, report))
                .min_by_key(|report| report.report_id.as_str());
            match report.and_then(|report| {
                used.insert(report.report_id.as_str());
                event_of_report.get(report.report_id.as_str())
            }) {
                Some(event_id) => event_id.to_string(),
                None => {
                    unmatched.push((item.article_id.clone(), item.kind, item.label.clone()));
                    format!("unmatched:{index}")
                }
            }
        })
        .collect();
    let n = items.len();
    if n == 0 {
        return ClusterScore::default();
    }
    let (mut b3_precision, mut b3_recall) = (0.0, 0.0);
    let (mut same_both, mut same_predicted, mut same_gold) = (0usize, 0usize, 0usize);
    for i in 0..n {
        let (mut in_predicted, mut in_gold, mut in_both) = (0usize, 0usize, 0usize);
        for j in 0..n {
            let same_p = predicted[i] == predicted[j];
            let same_g = items[i].label == items[j].label;
            in_predicted += same_p as usize;
            in_gold += same_g as usize;
            in_both += (same_p && same_g) as usize;
            if j > i {
                same_predicted += same_p as usize;
                same_gold += same_g as usize;
                same_both += (same_p && same_g) as usize;
            }
        }
        b3_precision += in_both as f64 / in_predicted as f64;
        b3_recall += in_both as f64 / in_gold as f64;
    }
    let b3_precision = b3_precision / n as f64;
    let b3_recall = b3_recall / n as f64;
    let ratio = |part: usize, whole: usize| {
        if whole == 0 {
            1.0
        } else {
            part as f64 / whole as f64
        }
    };
    let pair_precision = ratio(same_both, same_predicted);
    let pair_recall = ratio(same_both, same_gold);
    ClusterScore {
        items: n,
        matched: n - unmatched.len(),
        b3_precision,
        b3_recall,
        b3_f1: f1(b3_precision, b3_recall),
        pair_precision,
        pair_recall,
        pair_f1: f1(pair_precision, pair_recall),
        unmatched,
    }
}

impl ClusterScore {
    /// The score as lines for people.
    pub fn render(&self) -> String {
        let mut text = format!(
            "clusters: {} gold items, {} matched to a report\n\
             B3        P {:.3}  R {:.3}  F1 {:.3}\n\
             pairwise  P {:.3}  R {:.3}  F1 {:.3}\n",
            self.items,
            self.matched,
            self.b3_precision,
            self.b3_recall,
            self.b3_f1,
            self.pair_precision,
            self.pair_recall,
            self.pair_f1
        );
        for (article, kind, label) in &self.unmatched {
            text.push_str(&format!("  unmatched: {label} {kind} in {article}\n"));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DatePrecision, DateValue, PlacePrecision, PlaceValue, ReviewStatus};

    fn item(label: &str, article: &str) -> ClusterItem {
        ClusterItem {
            label: label.into(),
            article_id: article.into(),
            kind: Kind::Protest,
            date: Some(("2024-03-03".into(), "2024-03-03".into())),
            place: Some("625144".into()),
        }
    }

    fn report(id: &str, article: &str) -> Report {
        let mut report: Report = serde_json::from_value(serde_json::json!({
            "report_id": id, "article_id": article, "publisher": null,
            "kind": "protest", "mode": null, "modality": "asserted",
            "date": null, "place": null, "actor": null, "target": null,
            "size": null, "detained": null, "claims": [], "reason": null,
            "conditions": [], "sources": [], "response_to": null,
            "evidence": [], "confidence": 1.0, "trace": []
        }))
        .unwrap();
        report.date = Some(DateValue {
            start: "2024-03-03".into(),
            end: "2024-03-03".into(),
            precision: DatePrecision::Day,
            text: None,
            span: None,
            derived_from: None,
        });
        report.place = Some(PlaceValue {
            text: "Minsk".into(),
            span: [0, 5],
            name: "Minsk".into(),
            geonames_id: Some(625144),
            country: Some("BY".into()),
            admin1: None,
            lat: None,
            lon: None,
            precision: PlacePrecision::City,
            derived_from: None,
        });
        report
    }

    fn event(id: &str, reports: &[&str]) -> Event {
        let mut event: Event = serde_json::from_value(serde_json::json!({
            "event_id": id, "kind": "protest", "mode": null, "date": null,
            "place": null, "actor_groups": [], "size": null, "detained": null,
            "claims": [], "reasons": [], "conditions": [], "reports": [],
            "articles": [], "publishers": [], "independent_sources": 0,
            "source_roots": [], "response_to": [], "status": "unreviewed"
        }))
        .unwrap();
        event.reports = reports.iter().map(|report| report.to_string()).collect();
        event.status = ReviewStatus::Unreviewed;
        event
    }

    #[test]
    fn b_cubed_and_pairs_by_hand() {
        // Gold: a, b, c are one happening; d another. Predicted: {a, b},
        // {c, d}. B3 precision: a 1, b 1, c 1/2, d 1/2 → 0.75; recall: a
        // 2/3, b 2/3, c 1/3, d 1 → 2/3. Pairs predicted together: ab, cd;
        // gold together: ab, ac, bc; both: ab → P 1/2, R 1/3.
        let items = [
            item("x", "a"),
            item("x", "b"),
            item("x", "c"),
            item("y", "d"),
        ];
        let reports = [
            report("ra", "a"),
            report("rb", "b"),
            report("rc", "c"),
            report("rd", "d"),
        ];
        let events = [event("e1", &["ra", "rb"]), event("e2", &["rc", "rd"])];
        let score = score_clusters(&items, &reports, &events);
        assert_eq!(score.matched, 4);
        assert!((score.b3_precision - 0.75).abs() < 1e-9);
        assert!((score.b3_recall - 2.0 / 3.0).abs() < 1e-9);
        assert!((score.pair_precision - 0.5).abs() < 1e-9);
        assert!((score.pair_recall - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn an_unmatched_item_stands_alone() {
        let items = [item("x", "a"), item("x", "b")];
        let reports = [report("ra", "a")];
        let events = [event("e1", &["ra"])];
        let score = score_clusters(&items, &reports, &events);
        assert_eq!(score.matched, 1);
        assert_eq!(
            score.unmatched,
            [("b".to_string(), Kind::Protest, "x".to_string())]
        );
        assert!((score.b3_precision - 1.0).abs() < 1e-9);
        assert!((score.b3_recall - 0.5).abs() < 1e-9);
    }

    #[test]
    fn bad_lines_are_named() {
        assert_eq!(
            parse_clusters("# comment\nx\ta\tprotest\t\t\t\nx\tb\tpicnic\t\t\t\n").unwrap_err(),
            "line 3: unknown kind \"picnic\""
        );
        assert_eq!(
            parse_clusters("x\ta\tprotest\t2024-01-02\t\t1\n").unwrap_err(),
            "line 1: a date needs a first and a last day"
        );
    }
}
