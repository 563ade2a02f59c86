//! Protest detection on the CASE 2021 task 2 snippets (`case2021_t2_dev.tsv`).
//!
//! Each snippet has one ACLED-style sub-type. Four mean a protest happened,
//! four are left out because a protest may or may not be involved (`MOB_VIOL`,
//! `ARREST`, `OTHER`, `CHANGE_TO_GROUP_ACT`), the rest are negatives. A snippet
//! is predicted positive when Placard emits an asserted `protest` report.
//!
//! On true positives the predicted sub-type is compared with the gold one. The
//! README maps each sub-type to a kind of report but not what wins when a
//! snippet yields several; following ACLED, where violence by demonstrators
//! makes a riot whatever the police did, the order is: an asserted protest of
//! mode `riot` → `VIOL_DEMONSTR`; else an asserted `force` report →
//! `FORCE_AGAINST_PROTEST`; else an asserted `police_action` or `arrest` report
//! → `PROTEST_WITH_INTER`; else `PEACE_PROTEST`.
//!
//! Sub-type names are compared after trimming; an unknown name is a negative,
//! as the README says of "all other classes". Id lists keep input order.

use crate::model::{Kind, Modality, Report};
use serde::Serialize;
use std::collections::BTreeMap;

const POSITIVE: [&str; 4] = [
    "PEACE_PROTEST",
    "PROTEST_WITH_INTER",
    "FORCE_AGAINST_PROTEST",
    "VIOL_DEMONSTR",
];
const NOT_SCORED: [&str; 4] = ["MOB_VIOL", "ARREST", "OTHER", "CHANGE_TO_GROUP_ACT"];

/// The outcome of [`score_case2021`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Case2021Report {
    /// Rows given.
    pub rows: usize,
    /// Rows with a positive or negative sub-type.
    pub scored: usize,
    /// Rows with a sub-type that is not scored.
    pub unscored: usize,
    /// Unscored rows Placard called positive, for information.
    pub unscored_predicted_positive: usize,
    /// Scored rows whose sub-type is a protest.
    pub gold_positive: usize,
    /// Scored rows with an asserted protest report.
    pub predicted_positive: usize,
    /// Scored rows both gold and predicted positive.
    pub true_positives: usize,
    /// Scored rows neither gold nor predicted positive.
    pub true_negatives: usize,
    /// `TP / predicted positive`.
    pub precision: Option<f64>,
    /// `TP / gold positive`.
    pub recall: Option<f64>,
    /// `2·TP / (gold positive + predicted positive)`.
    pub f1: Option<f64>,
    /// `(TP + TN) / scored`.
    pub accuracy: Option<f64>,
    /// True positives whose predicted sub-type equals the gold one.
    pub subtype_correct: usize,
    /// `subtype_correct / TP`.
    pub subtype_accuracy: Option<f64>,
    /// On true positives: gold sub-type → predicted sub-type → rows.
    pub subtype_confusion: BTreeMap<String, BTreeMap<String, usize>>,
    /// Negative rows predicted positive.
    pub false_positive_ids: Vec<String>,
    /// Positive rows predicted negative.
    pub missed_ids: Vec<String>,
}

/// Reads the TSV (`id`, `EventSnippet`, `SubType`, with or without the header
/// line). Returns `(id, snippet, sub-type)` rows and one message per bad line.
pub fn parse_case2021_tsv(data: &str) -> (Vec<(String, String, String)>, Vec<String>) {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for (line_idx, line) in data.lines().enumerate() {
        let line_no = line_idx + 1;
        let line = line.trim_start_matches('\u{feff}').trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let columns: Vec<&str> = line.split('\t').collect();
        if line_idx == 0 && columns.first().map(|id| id.trim()) == Some("id") {
            continue;
        }
        match columns.as_slice() {
            [id, snippet, subtype] if !id.trim().is_empty() && !subtype.trim().is_empty() => {
                rows.push((
                    id.trim().to_string(),
                    snippet.to_string(),
                    subtype.trim().to_string(),
                ));
            }
            [_, _, _] => errors.push(format!("line {line_no}: empty id or sub-type")),
            _ => errors.push(format!(
                "line {line_no}: expected 3 tab-separated columns, found {}",
                columns.len()
            )),
        }
    }
    (rows, errors)
}

/// Scores protest detection: each row is `(id, gold sub-type, the reports
/// Placard produced for the snippet)`.
pub fn score_case2021(rows: &[(String, String, Vec<Report>)]) -> Case2021Report {
    let mut report = Case2021Report {
        rows: rows.len(),
        scored: 0,
        unscored: 0,
        unscored_predicted_positive: 0,
        gold_positive: 0,
        predicted_positive: 0,
        true_positives: 0,
        true_negatives: 0,
        precision: None,
        recall: None,
        f1: None,
        accuracy: None,
        subtype_correct: 0,
        subtype_accuracy: None,
        subtype_confusion: BTreeMap::new(),
        false_positive_ids: Vec::new(),
        missed_ids: Vec::new(),
    };
    for (id, subtype, reports) in rows {
        let subtype = subtype.trim();
        let predicted = reports
            .iter()
            .any(|report| asserted(report) && report.kind == Kind::Protest);
        if NOT_SCORED.contains(&subtype) {
            report.unscored += 1;
            report.unscored_predicted_positive += usize::from(predicted);
            continue;
        }
        let gold = POSITIVE.contains(&subtype);
        report.scored += 1;
        report.gold_positive += usize::from(gold);
        report.predicted_positive += usize::from(predicted);
        match (gold, predicted) {
            (true, true) => {
                report.true_positives += 1;
                let predicted_subtype = predicted_subtype(reports);
                report.subtype_correct += usize::from(predicted_subtype == subtype);
                *report
                    .subtype_confusion
                    .entry(subtype.to_string())
                    .or_default()
                    .entry(predicted_subtype.to_string())
                    .or_default() += 1;
            }
            (false, false) => report.true_negatives += 1,
            (false, true) => report.false_positive_ids.push(id.clone()),
            (true, false) => report.missed_ids.push(id.clone()),
        }
    }
    let ratio = |part: usize, whole: usize| (whole > 0).then(|| part as f64 / whole as f64);
    report.precision = ratio(report.true_positives, report.predicted_positive);
    report.recall = ratio(report.true_positives, report.gold_positive);
    report.f1 = ratio(
        2 * report.true_positives,
        report.gold_positive + report.predicted_positive,
    );
    report.accuracy = ratio(report.true_positives + report.true_negatives, report.scored);
    report.subtype_accuracy = ratio(report.subtype_correct, report.true_positives);
    report
}

fn asserted(report: &Report) -> bool {
    report.modality == Modality::Asserted
}

/// The sub-type the reports of one snippet amount to (see the module doc for
/// the order).
fn predicted_subtype(reports: &[Report]) -> &'static str {
    let any = |wanted: &dyn Fn(&Report) -> bool| {
        reports
            .iter()
            .any(|report| asserted(report) && wanted(report))
    };
    if any(&|report| report.kind == Kind::Protest && report.mode.as_deref() == Some("riot")) {
        "VIOL_DEMONSTR"
    } else if any(&|report| report.kind == Kind::Force) {
        "FORCE_AGAINST_PROTEST"
    } else if any(&|report| matches!(report.kind, Kind::PoliceAction | Kind::Arrest)) {
        "PROTEST_WITH_INTER"
    } else {
        "PEACE_PROTEST"
    }
}

impl Case2021Report {
    /// Plain-text summary for the terminal.
    pub fn render_table(&self) -> String {
        let rate = |value: Option<f64>| {
            value.map_or_else(|| "-".to_string(), |value| format!("{value:.3}"))
        };
        let mut lines = vec![
            format!(
                "case2021: {} rows, {} scored, {} not scored ({} of them predicted protest)",
                self.rows, self.scored, self.unscored, self.unscored_predicted_positive
            ),
            format!(
                "protest: gold {}  predicted {}  TP {}  FP {}  FN {}  TN {}  P {}  R {}  F1 {}  accuracy {}",
                self.gold_positive,
                self.predicted_positive,
                self.true_positives,
                self.false_positive_ids.len(),
                self.missed_ids.len(),
                self.true_negatives,
                rate(self.precision),
                rate(self.recall),
                rate(self.f1),
                rate(self.accuracy)
            ),
            format!(
                "sub-type on true positives: {} of {} correct, accuracy {}",
                self.subtype_correct,
                self.true_positives,
                rate(self.subtype_accuracy)
            ),
        ];
        for (gold, predicted_counts) in &self.subtype_confusion {
            for (predicted, n_rows) in predicted_counts {
                lines.push(format!("  {gold:<22} -> {predicted:<22} {n_rows:>4}"));
            }
        }
        lines.push(format!(
            "false positives: {}",
            self.false_positive_ids.join(" ")
        ));
        lines.push(format!("missed: {}", self.missed_ids.join(" ")));
        let mut table = lines.join("\n");
        table.push('\n');
        table
    }
}
