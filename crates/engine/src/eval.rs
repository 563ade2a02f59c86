//! Scores predicted reports against gold annotations, for `placard eval`.
//!
//! The gold format and the scoring rules are those of `../shared/eval/README.md`;
//! this module implements them and is pure: callers read the files, run the
//! pipeline and hand in `(GoldArticle, Vec<Report>)` pairs. [`parse_gold`]
//! reads a gold file's text, [`score`] compares, [`EvalReport::render_table`]
//! prints. [`score_case2021`] scores the CASE 2021 protest-detection set.
//!
//! # Matching
//!
//! Only gold events and predicted reports with modality `asserted` take part.
//! A prediction matches a gold event of the same article when
//!
//! 1. the kinds are equal;
//! 2. the gold date is null, or both dates are given and the intervals overlap
//!    (dates compare as strings after taking their first ten characters, so a
//!    date-time compares as its day); an undated prediction never matches a
//!    dated gold event;
//! 3. the gold place is null; or both are given and either the gold place has a
//!    `geonames_id` equal to the predicted one, or it has none and the names
//!    agree ([`PlaceNames`]) or, where the gold place has a country, the
//!    prediction is a country-level place with that country code.
//!
//! Within an article, every matching (gold, prediction) pair is a candidate.
//! Candidates are taken greedily, one-to-one, by decreasing *agreement* — the
//! number of the ten scored fields ([`Field`]) on which the pair does not
//! disagree — then by gold order, then by prediction order.
//!
//! # Decisions the README leaves open
//!
//! - A field *agrees* for the greedy order when it is not counted on the pair
//!   (both sides empty) or counted and fully right; a claims or conditions
//!   fraction below one counts as disagreement. Counting "not wrong" rather than
//!   "right" lets a prediction that leaves an empty gold field empty win over one
//!   that fills it with something.
//! - A gold place without `geonames_id` but with a country is treated as
//!   "country-level or name-level": the same name (any form the [`PlaceNames`]
//!   implementation knows) or, when the predicted place's precision is
//!   `country`, the same country code. A predicted city in the right country
//!   does not match a country-only gold place: the gold says the text names no
//!   city, so naming one is an error of the extractor.
//! - A gold place with a `geonames_id` matches only the same id, even when the
//!   predicted place has no id but the right name: the ids are what the
//!   gazetteer is for. Because places must agree for a pair to match, the
//!   `place` field is right on every matched pair and `place_precision` never
//!   counts a country-only prediction there; both are kept because the README
//!   asks for them, but place errors show in the misses (reason `place`).
//! - Field accuracy is counted on matched pairs only. A field is counted when
//!   gold or prediction has a non-empty value, except: `claims`, `conditions`,
//!   `sources` and `date` are counted only when the gold has a value, and
//!   `place` only when the gold place is not null. Claims and conditions score
//!   the fraction of gold phrases found, so their "correct" column can be
//!   fractional.
//! - A false positive is a modality error when it matches no asserted gold
//!   event of its article (by the matching rule, ignoring assignment) and does
//!   match a planned, hypothetical or negated one; the first such gold event in
//!   file order is named. A duplicate of a matched prediction is a plain false
//!   positive. Modality errors also appear in the false-positive list, marked.
//! - A miss names the closest prediction of the same kind (any modality),
//!   closest meaning fewest failed criteria among date and place, asserted
//!   before not asserted, then prediction order. The reason is `date`, `place`,
//!   `date+place`; `taken` when an asserted prediction matches but was assigned
//!   to another gold event; `modality` when only a not-asserted prediction
//!   matches; `no prediction of this kind` otherwise.
//! - Predictions belong to the article they are paired with in the input;
//!   `Report::article_id` is not consulted. An article's language is
//!   `article.language`, or `unknown`.
//! - Precision, recall and F1 are `None` (JSON `null`, `-` in tables) when their
//!   denominator is zero. F1 is `2·TP / (2·TP + FP + FN)`.
//! - Lists are sorted by article id, then by gold or prediction order within the
//!   article, so the report does not depend on the order articles were processed.
//! - [`parse_gold`] rejects a line whose dates are not `YYYY-MM-DD`, whose date
//!   start is after its end, whose range has low above high, or whose article id
//!   appeared on an earlier line.
//!
//! ```
//! use placard_engine::eval::{parse_gold, score, LowercaseNames};
//! let line = r#"{"article": {"id": "a1", "language": "en", "text": "Crowds marched."},
//!   "events": [{"kind": "protest", "mode": "march", "modality": "asserted", "date": null,
//!   "place": null, "evidence": "Crowds marched"}]}"#;
//! let (gold, errors) = parse_gold("gold.jsonl", &line.replace('\n', " "));
//! assert!(errors.is_empty());
//! let scored: Vec<_> = gold.into_iter().map(|article| (article, Vec::new())).collect();
//! let report = score(&scored, &LowercaseNames);
//! assert_eq!((report.overall.gold, report.overall.true_positives), (1, 0));
//! assert_eq!(report.overall.recall, Some(0.0));
//! ```

mod case2021;
mod clusters;
#[cfg(test)]
mod tests;

pub use case2021::{parse_case2021_tsv, score_case2021, Case2021Report};
pub use clusters::{parse_clusters, score_clusters, ClusterItem, ClusterScore};

use crate::model::{
    ActorGroup, Article, DateValue, Kind, Modality, PlacePrecision, PlaceValue, Report,
};
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// One line of a gold file: an article and the events annotated in it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct GoldArticle {
    /// The article as the pipeline should read it.
    pub article: Article,
    /// The annotated events, in file order (the order breaks ties when matching).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub events: Vec<GoldEvent>,
}

/// One annotated event.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct GoldEvent {
    /// What happened.
    pub kind: Kind,
    /// The kind's mode, when the text says it.
    #[serde(default)]
    pub mode: Option<String>,
    /// Whether it happened; only `asserted` events are scored as events.
    pub modality: Modality,
    /// The interval the happening falls in; null when the text gives no clue.
    #[serde(default)]
    pub date: Option<GoldDate>,
    /// The most specific place the text names; null when unknown.
    #[serde(default)]
    pub place: Option<GoldPlace>,
    /// The actor's group from the closed list.
    #[serde(default)]
    pub actor_group: Option<ActorGroup>,
    /// Participants, as the range the words allow.
    #[serde(default)]
    pub size: Option<GoldRange>,
    /// Detentions, as the range the words allow.
    #[serde(default)]
    pub detained: Option<GoldRange>,
    /// Lowercase key phrases a correct claim must contain.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub claims: Vec<String>,
    /// The stated ground of a refusal or ban, lowercase.
    #[serde(default)]
    pub reason: Option<String>,
    /// Key phrases of conditions imposed on a granted permit.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub conditions: Vec<String>,
    /// Names of the sources the article cites for the event.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub sources: Vec<String>,
    /// A short phrase from the text locating the event, for people.
    #[serde(default)]
    pub evidence: String,
}

/// A gold date interval, inclusive, as ISO 8601 days.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct GoldDate {
    /// First possible day.
    pub start: String,
    /// Last possible day.
    pub end: String,
}

/// A gold place.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct GoldPlace {
    /// The place's name ("Moscow", "Russia").
    pub name: String,
    /// ISO 3166-1 alpha-2 code.
    #[serde(default)]
    pub country: Option<String>,
    /// GeoNames id, where a city is meant.
    #[serde(default)]
    pub geonames_id: Option<u64>,
}

/// A gold count range, inclusive.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct GoldRange {
    /// Lowest value the words allow.
    pub low: u64,
    /// Highest value the words allow.
    pub high: u64,
}

/// Annotators may write `null` for an empty list; both mean "none".
fn null_as_empty<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// Parses a gold file's text. Returns the articles that parsed and one
/// message per rejected line (`input:line: problem`); blank lines are skipped.
pub fn parse_gold(input_name: &str, data: &str) -> (Vec<GoldArticle>, Vec<String>) {
    let mut articles = Vec::new();
    let mut errors = Vec::new();
    let mut line_of_id: BTreeMap<String, usize> = BTreeMap::new();
    for (line_idx, line) in data.lines().enumerate() {
        let line_no = line_idx + 1;
        // A byte-order mark or CRLF line ending is an editor's doing, not an error.
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        let gold = match serde_json::from_str::<GoldArticle>(line) {
            Ok(gold) => gold,
            Err(error) => {
                errors.push(format!("{input_name}:{line_no}: {error}"));
                continue;
            }
        };
        if let Some(problem) = gold_problem(&gold) {
            errors.push(format!("{input_name}:{line_no}: {problem}"));
            continue;
        }
        if let Some(first_line) = line_of_id.get(&gold.article.id) {
            errors.push(format!(
                "{input_name}:{line_no}: article id {:?} already used on line {first_line}",
                gold.article.id
            ));
            continue;
        }
        line_of_id.insert(gold.article.id.clone(), line_no);
        articles.push(gold);
    }
    (articles, errors)
}

/// The first thing wrong with a parsed gold line that JSON typing cannot catch.
fn gold_problem(gold: &GoldArticle) -> Option<String> {
    for (event_idx, event) in gold.events.iter().enumerate() {
        let event_no = event_idx + 1;
        if let Some(date) = &event.date {
            let (Some(start), Some(end)) = (parse_day(&date.start), parse_day(&date.end)) else {
                return Some(format!(
                    "event {event_no}: date {:?}..{:?} is not YYYY-MM-DD",
                    date.start, date.end
                ));
            };
            if start > end {
                return Some(format!(
                    "event {event_no}: date start {} is after end {}",
                    date.start, date.end
                ));
            }
        }
        for (field, range) in [("size", &event.size), ("detained", &event.detained)] {
            if let Some(range) = range {
                if range.low > range.high {
                    return Some(format!(
                        "event {event_no}: {field} low {} is above high {}",
                        range.low, range.high
                    ));
                }
            }
        }
    }
    None
}

/// Decides whether a gold place name and a predicted place name the same place.
pub trait PlaceNames {
    /// True when `gold_name` is a name of the place `predicted` resolved to.
    fn same_place_name(&self, gold_name: &str, predicted: &PlaceValue) -> bool;
}

/// Compares the gold name with the predicted canonical name and the predicted
/// words, ignoring case and runs of whitespace. Stands in for the gazetteer,
/// which also knows other language forms.
#[derive(Clone, Copy, Debug, Default)]
pub struct LowercaseNames;

impl PlaceNames for LowercaseNames {
    fn same_place_name(&self, gold_name: &str, predicted: &PlaceValue) -> bool {
        let gold_name = normalise_phrase(gold_name);
        gold_name == normalise_phrase(&predicted.name)
            || gold_name == normalise_phrase(&predicted.text)
    }
}

/// The fields whose accuracy is reported on matched pairs, in table order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// Equal modes.
    Mode,
    /// Intersecting participant ranges.
    Size,
    /// Intersecting detention ranges.
    Detained,
    /// Equal actor groups.
    ActorGroup,
    /// Fraction of gold claim phrases found in predicted claims.
    Claims,
    /// Gold reason found in the predicted reason.
    Reason,
    /// Fraction of gold condition phrases found in predicted conditions.
    Conditions,
    /// Every gold source named among the predicted sources.
    Sources,
    /// Predicted interval close to the gold interval.
    Date,
    /// Same place by id, or by name or country where gold has no id.
    Place,
}

impl Field {
    /// Every field, in table order.
    pub const ALL: [Field; 10] = [
        Field::Mode,
        Field::Size,
        Field::Detained,
        Field::ActorGroup,
        Field::Claims,
        Field::Reason,
        Field::Conditions,
        Field::Sources,
        Field::Date,
        Field::Place,
    ];

    /// The snake_case name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Mode => "mode",
            Field::Size => "size",
            Field::Detained => "detained",
            Field::ActorGroup => "actor_group",
            Field::Claims => "claims",
            Field::Reason => "reason",
            Field::Conditions => "conditions",
            Field::Sources => "sources",
            Field::Date => "date",
            Field::Place => "place",
        }
    }
}

/// Event-level counts with the rates derived from them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    /// Asserted gold events.
    pub gold: usize,
    /// Asserted predicted reports.
    pub predicted: usize,
    /// Matched pairs.
    pub true_positives: usize,
    /// `TP / predicted`.
    pub precision: Option<f64>,
    /// `TP / gold`.
    pub recall: Option<f64>,
    /// `2·TP / (gold + predicted)`.
    pub f1: Option<f64>,
}

impl Counts {
    /// Predictions that matched nothing.
    pub fn false_positives(&self) -> usize {
        self.predicted - self.true_positives
    }

    /// Gold events nothing matched.
    pub fn false_negatives(&self) -> usize {
        self.gold - self.true_positives
    }

    /// Fills in the rates once counting is done.
    fn finish(&mut self) {
        self.precision = ratio(self.true_positives as f64, self.predicted);
        self.recall = ratio(self.true_positives as f64, self.gold);
        self.f1 = ratio(2.0 * self.true_positives as f64, self.gold + self.predicted);
    }
}

/// `part / whole`, or `None` when there is nothing to divide by.
fn ratio(part: f64, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part / whole as f64)
}

/// Accuracy of one field over the matched pairs it was counted on.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FieldScore {
    /// Sum of per-pair scores: 1 or 0, or a fraction for claims and conditions.
    pub correct: f64,
    /// Pairs the field was counted on.
    pub counted: usize,
    /// `correct / counted`.
    pub accuracy: Option<f64>,
}

/// For matched pairs whose gold place has a GeoNames id: how precise the
/// predicted place was.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PlacePrecisionScore {
    /// Matched pairs whose gold place has a `geonames_id`.
    pub pairs: usize,
    /// Predictions with that exact id.
    pub exact_id: usize,
    /// Predictions with another id (or none) but the right country.
    pub country_only: usize,
}

/// A gold event paired with a prediction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatchedPair {
    /// The article.
    pub article_id: String,
    /// Position of the gold event in the article's `events`, from 0.
    pub gold_index: usize,
    /// The predicted report.
    pub report_id: String,
    /// Their common kind.
    pub kind: Kind,
    /// How many of the ten fields agree (the greedy order).
    pub agreement: usize,
}

/// Why the closest prediction did not match a missed gold event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissReason {
    /// The date intervals do not overlap, or the prediction has no date.
    Date,
    /// The places do not agree, or the prediction has no place.
    Place,
    /// Neither date nor place agrees.
    DateAndPlace,
    /// A matching asserted prediction was assigned to another gold event.
    Taken,
    /// Only a prediction that is not asserted would match.
    Modality,
    /// The article has no prediction of this kind.
    NoPrediction,
}

impl MissReason {
    /// The words used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            MissReason::Date => "date",
            MissReason::Place => "place",
            MissReason::DateAndPlace => "date+place",
            MissReason::Taken => "taken",
            MissReason::Modality => "modality",
            MissReason::NoPrediction => "no prediction of this kind",
        }
    }
}

/// An asserted gold event no prediction matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Miss {
    /// The article.
    pub article_id: String,
    /// Position of the gold event in the article's `events`, from 0.
    pub gold_index: usize,
    /// The gold kind.
    pub kind: Kind,
    /// The gold evidence phrase.
    pub evidence: String,
    /// Why the closest prediction of the same kind did not match.
    pub reason: MissReason,
    /// That closest prediction, when there is one.
    pub closest_report: Option<String>,
}

/// An asserted prediction that matched no gold event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FalsePositive {
    /// The article.
    pub article_id: String,
    /// Position of the report among the article's predictions, from 0.
    pub report_index: usize,
    /// The predicted kind.
    pub kind: Kind,
    /// The report.
    pub report_id: String,
    /// The words of the report's first evidence span, when it has one.
    pub evidence: Option<String>,
    /// Also listed under modality errors.
    pub modality_error: bool,
}

/// A false positive whose gold counterpart is planned, hypothetical or negated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ModalityError {
    /// The article.
    pub article_id: String,
    /// The kind.
    pub kind: Kind,
    /// The gold event's modality.
    pub gold_modality: Modality,
    /// The gold event's evidence phrase.
    pub gold_evidence: String,
    /// The predicted report.
    pub report_id: String,
}

/// The outcome of [`score`]: what `placard eval` prints or writes as JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EvalReport {
    /// Articles scored.
    pub articles: usize,
    /// Gold events not scored because they are not asserted.
    pub unscored_gold: usize,
    /// Predictions not scored because they are not asserted.
    pub unscored_predictions: usize,
    /// Micro-averaged counts over all kinds.
    pub overall: Counts,
    /// Counts per kind, for kinds present in gold or predictions.
    pub by_kind: BTreeMap<Kind, Counts>,
    /// Counts per article language.
    pub by_language: BTreeMap<String, Counts>,
    /// Field accuracy on matched pairs, every field listed.
    pub fields: BTreeMap<Field, FieldScore>,
    /// The same per article language.
    pub fields_by_language: BTreeMap<String, BTreeMap<Field, FieldScore>>,
    /// Place precision on matched pairs whose gold place has an id.
    pub place_precision: PlacePrecisionScore,
    /// Geocoding on its own, per article language: of the asserted gold
    /// events with a place that some prediction matches on kind and date,
    /// the share that such a prediction also places right. (Place accuracy
    /// on matched pairs is 1 by construction, as matching requires the
    /// places to agree.)
    pub place_given_kind_and_date: BTreeMap<String, FieldScore>,
    /// Every matched pair.
    pub matches: Vec<MatchedPair>,
    /// Asserted gold events nothing matched.
    pub misses: Vec<Miss>,
    /// Asserted predictions that matched nothing.
    pub false_positives: Vec<FalsePositive>,
    /// False positives whose gold counterpart is not asserted.
    pub modality_errors: Vec<ModalityError>,
}

/// Scores each article's predictions against its gold events.
pub fn score(articles: &[(GoldArticle, Vec<Report>)], names: &dyn PlaceNames) -> EvalReport {
    let mut report = EvalReport {
        articles: articles.len(),
        unscored_gold: 0,
        unscored_predictions: 0,
        overall: Counts::default(),
        by_kind: BTreeMap::new(),
        by_language: BTreeMap::new(),
        fields: Field::ALL
            .into_iter()
            .map(|field| (field, FieldScore::default()))
            .collect(),
        fields_by_language: BTreeMap::new(),
        place_precision: PlacePrecisionScore::default(),
        place_given_kind_and_date: BTreeMap::new(),
        matches: Vec::new(),
        misses: Vec::new(),
        false_positives: Vec::new(),
        modality_errors: Vec::new(),
    };
    for (gold, predictions) in articles {
        score_article(gold, predictions, names, &mut report);
    }
    report.overall.finish();
    report.by_kind.values_mut().for_each(Counts::finish);
    report.by_language.values_mut().for_each(Counts::finish);
    for field_score in report
        .fields
        .values_mut()
        .chain(
            report
                .fields_by_language
                .values_mut()
                .flat_map(BTreeMap::values_mut),
        )
        .chain(report.place_given_kind_and_date.values_mut())
    {
        field_score.accuracy = ratio(field_score.correct, field_score.counted);
    }
    // Pairs go in gold order; the stable sorts keep gold and prediction
    // order within an article for the other lists.
    report
        .matches
        .sort_by(|a, b| (&a.article_id, a.gold_index).cmp(&(&b.article_id, b.gold_index)));
    report
        .misses
        .sort_by(|a, b| a.article_id.cmp(&b.article_id));
    report
        .false_positives
        .sort_by(|a, b| a.article_id.cmp(&b.article_id));
    report
        .modality_errors
        .sort_by(|a, b| a.article_id.cmp(&b.article_id));
    report
}

/// Matches one article and adds its outcome to `report`.
fn score_article(
    gold: &GoldArticle,
    predictions: &[Report],
    names: &dyn PlaceNames,
    report: &mut EvalReport,
) {
    let article_id = &gold.article.id;
    let language = gold
        .article
        .language
        .clone()
        .unwrap_or_else(|| "unknown".to_string());
    let is_asserted_gold = |gold_idx: &usize| gold.events[*gold_idx].modality == Modality::Asserted;
    let is_asserted_prediction =
        |report_idx: &usize| predictions[*report_idx].modality == Modality::Asserted;
    let gold_indices: Vec<usize> = (0..gold.events.len()).filter(is_asserted_gold).collect();
    let report_indices: Vec<usize> = (0..predictions.len())
        .filter(is_asserted_prediction)
        .collect();
    report.unscored_gold += gold.events.len() - gold_indices.len();
    report.unscored_predictions += predictions.len() - report_indices.len();

    // Every matching pair is a candidate; the sort realises "most agreement
    // first, then gold order, then prediction order".
    let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
    for &gold_idx in &gold_indices {
        for &report_idx in &report_indices {
            let event = &gold.events[gold_idx];
            let prediction = &predictions[report_idx];
            if criteria(event, prediction, names).all() {
                let agreement = agreement(&field_scores(event, prediction, names));
                candidates.push((agreement, gold_idx, report_idx));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut report_of_gold: BTreeMap<usize, usize> = BTreeMap::new();
    let mut gold_of_report: BTreeMap<usize, usize> = BTreeMap::new();
    for (agreement, gold_idx, report_idx) in candidates {
        if report_of_gold.contains_key(&gold_idx) || gold_of_report.contains_key(&report_idx) {
            continue;
        }
        report_of_gold.insert(gold_idx, report_idx);
        gold_of_report.insert(report_idx, gold_idx);
        let event = &gold.events[gold_idx];
        let prediction = &predictions[report_idx];
        report.matches.push(MatchedPair {
            article_id: article_id.clone(),
            gold_index: gold_idx,
            report_id: prediction.report_id.clone(),
            kind: event.kind,
            agreement,
        });
        add_fields(event, prediction, names, &language, report);
    }

    // Geocoding on its own: where kind and date are found, is the place?
    for &gold_idx in &gold_indices {
        let event = &gold.events[gold_idx];
        if event.place.is_none() {
            continue;
        }
        let found: Vec<Criteria> = report_indices
            .iter()
            .map(|&report_idx| criteria(event, &predictions[report_idx], names))
            .filter(|found| found.kind && found.date)
            .collect();
        if found.is_empty() {
            continue;
        }
        let placed = found.iter().any(|found| found.place) as usize as f64;
        for key in [language.to_string(), "all".to_string()] {
            let score = report.place_given_kind_and_date.entry(key).or_default();
            score.correct += placed;
            score.counted += 1;
        }
    }

    // Event counts: overall, per kind and per language move together.
    for &gold_idx in &gold_indices {
        let kind = gold.events[gold_idx].kind;
        let matched = report_of_gold.contains_key(&gold_idx) as usize;
        for counts in counts_for(report, kind, &language) {
            counts.gold += 1;
            counts.true_positives += matched;
        }
    }
    for &report_idx in &report_indices {
        let kind = predictions[report_idx].kind;
        for counts in counts_for(report, kind, &language) {
            counts.predicted += 1;
        }
    }

    for &gold_idx in &gold_indices {
        if report_of_gold.contains_key(&gold_idx) {
            continue;
        }
        let event = &gold.events[gold_idx];
        let (reason, closest_report) = miss_reason(event, predictions, names);
        report.misses.push(Miss {
            article_id: article_id.clone(),
            gold_index: gold_idx,
            kind: event.kind,
            evidence: event.evidence.clone(),
            reason,
            closest_report,
        });
    }

    for &report_idx in &report_indices {
        if gold_of_report.contains_key(&report_idx) {
            continue;
        }
        let prediction = &predictions[report_idx];
        let modality_error = modality_error(gold, prediction, names);
        report.false_positives.push(FalsePositive {
            article_id: article_id.clone(),
            report_index: report_idx,
            kind: prediction.kind,
            report_id: prediction.report_id.clone(),
            evidence: prediction
                .evidence
                .first()
                .and_then(|span| char_slice(&gold.article.text, *span)),
            modality_error: modality_error.is_some(),
        });
        report.modality_errors.extend(modality_error);
    }
}

/// The three counters one event or prediction adds to.
fn counts_for<'a>(report: &'a mut EvalReport, kind: Kind, language: &str) -> [&'a mut Counts; 3] {
    [
        &mut report.overall,
        report.by_kind.entry(kind).or_default(),
        report.by_language.entry(language.to_string()).or_default(),
    ]
}

/// The matching criteria besides the kind, each on its own so that misses
/// can say which failed.
struct Criteria {
    kind: bool,
    date: bool,
    place: bool,
}

impl Criteria {
    fn all(&self) -> bool {
        self.kind && self.date && self.place
    }
}

fn criteria(event: &GoldEvent, prediction: &Report, names: &dyn PlaceNames) -> Criteria {
    Criteria {
        kind: event.kind == prediction.kind,
        date: dates_overlap(event.date.as_ref(), prediction.date.as_ref()),
        place: places_agree(event.place.as_ref(), prediction.place.as_ref(), names),
    }
}

/// The day part of an ISO date or date-time, for string comparison.
fn day(iso: &str) -> &str {
    iso.get(..10).unwrap_or(iso)
}

fn parse_day(iso: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(day(iso), "%Y-%m-%d").ok()
}

fn dates_overlap(gold: Option<&GoldDate>, predicted: Option<&DateValue>) -> bool {
    match (gold, predicted) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(gold), Some(predicted)) => {
            day(&predicted.start) <= day(&gold.end) && day(&gold.start) <= day(&predicted.end)
        }
    }
}

fn places_agree(
    gold: Option<&GoldPlace>,
    predicted: Option<&PlaceValue>,
    names: &dyn PlaceNames,
) -> bool {
    match (gold, predicted) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(gold), Some(predicted)) => match gold.geonames_id {
            Some(gold_id) => predicted.geonames_id == Some(gold_id),
            None => {
                names.same_place_name(&gold.name, predicted)
                    || (predicted.precision == PlacePrecision::Country
                        && same_country(gold.country.as_deref(), predicted.country.as_deref()))
            }
        },
    }
}

fn same_country(gold: Option<&str>, predicted: Option<&str>) -> bool {
    match (gold, predicted) {
        (Some(gold), Some(predicted)) => gold.trim().eq_ignore_ascii_case(predicted.trim()),
        _ => false,
    }
}

/// Each field's score on a pair, in [`Field::ALL`] order: `None` when the
/// field is not counted, else the score from 0 to 1.
fn field_scores(
    event: &GoldEvent,
    prediction: &Report,
    names: &dyn PlaceNames,
) -> [Option<f64>; 10] {
    Field::ALL.map(|field| field_score(field, event, prediction, names))
}

fn field_score(
    field: Field,
    event: &GoldEvent,
    prediction: &Report,
    names: &dyn PlaceNames,
) -> Option<f64> {
    let as_score = |correct: bool| if correct { 1.0 } else { 0.0 };
    match field {
        Field::Mode => {
            let gold_mode = non_empty(event.mode.as_deref());
            let predicted_mode = non_empty(prediction.mode.as_deref());
            (gold_mode.is_some() || predicted_mode.is_some())
                .then(|| as_score(gold_mode == predicted_mode))
        }
        Field::Size => range_score(event.size.as_ref(), prediction.size.as_ref()),
        Field::Detained => range_score(event.detained.as_ref(), prediction.detained.as_ref()),
        Field::ActorGroup => {
            let predicted_group = prediction.actor.as_ref().and_then(|actor| actor.group);
            (event.actor_group.is_some() || predicted_group.is_some())
                .then(|| as_score(event.actor_group == predicted_group))
        }
        Field::Claims => phrases_found(&event.claims, &prediction.claims),
        Field::Conditions => phrases_found(&event.conditions, &prediction.conditions),
        Field::Reason => {
            let gold_reason = non_empty(event.reason.as_deref());
            let predicted_reason = non_empty(
                prediction
                    .reason
                    .as_ref()
                    .map(|reason| reason.text.as_str()),
            );
            match (gold_reason, predicted_reason) {
                (None, None) => None,
                (Some(gold), Some(predicted)) => Some(as_score(
                    normalise_phrase(predicted).contains(&normalise_phrase(gold)),
                )),
                _ => Some(0.0),
            }
        }
        Field::Sources => {
            let gold_sources: Vec<String> = event
                .sources
                .iter()
                .map(|name| normalise_source(name))
                .filter(|name| !name.is_empty())
                .collect();
            if gold_sources.is_empty() {
                return None;
            }
            let predicted_sources: Vec<String> = prediction
                .sources
                .iter()
                .map(|source| normalise_source(&source.name))
                .collect();
            Some(as_score(
                gold_sources
                    .iter()
                    .all(|gold| predicted_sources.contains(gold)),
            ))
        }
        Field::Date => {
            let gold = event.date.as_ref()?;
            Some(as_score(
                prediction
                    .date
                    .as_ref()
                    .is_some_and(|predicted| date_close(gold, predicted)),
            ))
        }
        Field::Place => {
            let gold = event.place.as_ref()?;
            Some(as_score(places_agree(
                Some(gold),
                prediction.place.as_ref(),
                names,
            )))
        }
    }
}

/// The greedy order's agreement: fields not counted or fully right.
fn agreement(scores: &[Option<f64>; 10]) -> usize {
    scores
        .iter()
        .filter(|score| score.is_none_or(|value| value >= 1.0))
        .count()
}

fn add_fields(
    event: &GoldEvent,
    prediction: &Report,
    names: &dyn PlaceNames,
    language: &str,
    report: &mut EvalReport,
) {
    let by_language = report
        .fields_by_language
        .entry(language.to_string())
        .or_insert_with(|| {
            Field::ALL
                .into_iter()
                .map(|field| (field, FieldScore::default()))
                .collect()
        });
    for (field, score) in Field::ALL
        .into_iter()
        .zip(field_scores(event, prediction, names))
    {
        if let Some(value) = score {
            for field_score in [
                report.fields.entry(field).or_default(),
                by_language.entry(field).or_default(),
            ] {
                field_score.correct += value;
                field_score.counted += 1;
            }
        }
    }
    let Some(gold_place) = &event.place else {
        return;
    };
    let Some(gold_id) = gold_place.geonames_id else {
        return;
    };
    let precision = &mut report.place_precision;
    precision.pairs += 1;
    let predicted = prediction.place.as_ref();
    if predicted.and_then(|place| place.geonames_id) == Some(gold_id) {
        precision.exact_id += 1;
    } else if same_country(
        gold_place.country.as_deref(),
        predicted.and_then(|place| place.country.as_deref()),
    ) {
        precision.country_only += 1;
    }
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|text| !text.trim().is_empty())
}

fn range_score(
    gold: Option<&GoldRange>,
    predicted: Option<&crate::model::CountValue>,
) -> Option<f64> {
    match (gold, predicted) {
        (None, None) => None,
        (Some(gold), Some(predicted)) => Some(
            if predicted.low <= gold.high && gold.low <= predicted.high {
                1.0
            } else {
                0.0
            },
        ),
        _ => Some(0.0),
    }
}

/// The fraction of gold phrases contained in some predicted text; `None`
/// when the gold has no phrases.
fn phrases_found(gold: &[String], predicted: &[crate::model::TextValue]) -> Option<f64> {
    let gold: Vec<String> = gold
        .iter()
        .map(|phrase| normalise_phrase(phrase))
        .filter(|phrase| !phrase.is_empty())
        .collect();
    if gold.is_empty() {
        return None;
    }
    let predicted: Vec<String> = predicted
        .iter()
        .map(|value| normalise_phrase(&value.text))
        .collect();
    let found = gold
        .iter()
        .filter(|phrase| predicted.iter().any(|text| text.contains(phrase.as_str())))
        .count();
    Some(found as f64 / gold.len() as f64)
}

/// Within the gold interval widened by a day each side, or containing it
/// while at most twice as long plus a day.
fn date_close(gold: &GoldDate, predicted: &DateValue) -> bool {
    let (Some(gold_start), Some(gold_end), Some(predicted_start), Some(predicted_end)) = (
        parse_day(&gold.start),
        parse_day(&gold.end),
        parse_day(&predicted.start),
        parse_day(&predicted.end),
    ) else {
        return false;
    };
    let one_day = chrono::Days::new(1);
    let within = gold_start
        .checked_sub_days(one_day)
        .is_some_and(|low| low <= predicted_start)
        && gold_end
            .checked_add_days(one_day)
            .is_some_and(|high| predicted_end <= high);
    let length_in_days = |start: NaiveDate, end: NaiveDate| (end - start).num_days() + 1;
    let contains = predicted_start <= gold_start
        && gold_end <= predicted_end
        && length_in_days(predicted_start, predicted_end)
            <= 2 * length_in_days(gold_start, gold_end) + 1;
    within || contains
}

/// Lowercase, straight quotes and apostrophes, single spaces: the form in
/// which claims, reasons and conditions are compared. The modifier letter
/// apostrophe is included because Ukrainian text uses it for the apostrophe.
fn normalise_phrase(text: &str) -> String {
    let straightened: String = text
        .chars()
        .map(|character| match character {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2bc}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' => '"',
            other => other,
        })
        .collect();
    straightened
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lowercase, without quotes, single spaces, without a leading "the ": the
/// form in which source names are compared ("«The Insider»" is "insider").
fn normalise_source(name: &str) -> String {
    let unquoted: String = name
        .chars()
        .filter(|character| {
            !matches!(
                character,
                '«' | '»'
                    | '"'
                    | '\u{201c}'
                    | '\u{201d}'
                    | '\u{201e}'
                    | '\''
                    | '\u{2018}'
                    | '\u{2019}'
            )
        })
        .collect();
    let normalised = normalise_phrase(&unquoted);
    match normalised.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => normalised,
    }
}

/// Why the closest prediction of the gold event's kind did not match it.
fn miss_reason(
    event: &GoldEvent,
    predictions: &[Report],
    names: &dyn PlaceNames,
) -> (MissReason, Option<String>) {
    let closest = predictions
        .iter()
        .enumerate()
        .filter(|(_, prediction)| prediction.kind == event.kind)
        .map(|(report_idx, prediction)| {
            let criteria = criteria(event, prediction, names);
            let failures = usize::from(!criteria.date) + usize::from(!criteria.place);
            let not_asserted = prediction.modality != Modality::Asserted;
            ((failures, not_asserted, report_idx), criteria, prediction)
        })
        .min_by_key(|(key, _, _)| *key);
    let Some(((_, not_asserted, _), criteria, prediction)) = closest else {
        return (MissReason::NoPrediction, None);
    };
    let reason = match (criteria.date, criteria.place) {
        (true, true) if not_asserted => MissReason::Modality,
        // An asserted prediction that matches but stayed unassigned cannot
        // exist after the greedy pass, so it went to another gold event.
        (true, true) => MissReason::Taken,
        (false, true) => MissReason::Date,
        (true, false) => MissReason::Place,
        (false, false) => MissReason::DateAndPlace,
    };
    (reason, Some(prediction.report_id.clone()))
}

/// The modality error an unmatched asserted prediction makes, if any.
fn modality_error(
    gold: &GoldArticle,
    prediction: &Report,
    names: &dyn PlaceNames,
) -> Option<ModalityError> {
    let matches = |event: &&GoldEvent| criteria(event, prediction, names).all();
    if gold
        .events
        .iter()
        .filter(|event| event.modality == Modality::Asserted)
        .any(|event| matches(&event))
    {
        return None;
    }
    let event = gold
        .events
        .iter()
        .filter(|event| event.modality != Modality::Asserted)
        .find(matches)?;
    Some(ModalityError {
        article_id: gold.article.id.clone(),
        kind: prediction.kind,
        gold_modality: event.modality,
        gold_evidence: event.evidence.clone(),
        report_id: prediction.report_id.clone(),
    })
}

/// The characters of `text` in a character-offset span, if it lies inside.
fn char_slice(text: &str, span: [usize; 2]) -> Option<String> {
    let [start, end] = span;
    if start >= end {
        return None;
    }
    let slice: String = text.chars().skip(start).take(end - start).collect();
    (slice.chars().count() == end - start).then_some(slice)
}

/// Shortens a phrase for a one-line table entry.
fn clip(text: &str, max_chars: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max_chars {
        return one_line;
    }
    let mut clipped: String = one_line.chars().take(max_chars - 1).collect();
    clipped.push('…');
    clipped
}

/// A rate with three decimals, or `-` when undefined.
fn rate(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |value| format!("{value:.3}"))
}

/// A sum of scores: whole numbers without decimals, fractions with two.
fn amount(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.2}")
    }
}

fn counts_line(counts: &Counts) -> String {
    format!(
        "gold {}  predicted {}  TP {}  FP {}  FN {}  P {}  R {}  F1 {}",
        counts.gold,
        counts.predicted,
        counts.true_positives,
        counts.false_positives(),
        counts.false_negatives(),
        rate(counts.precision),
        rate(counts.recall),
        rate(counts.f1)
    )
}

impl EvalReport {
    /// Plain-text tables for the terminal: overall, per kind, per language,
    /// fields, then one line per miss, false positive and modality error.
    pub fn render_table(&self) -> String {
        let mut lines = vec![
            format!(
                "overall: {} articles  {}",
                self.articles,
                counts_line(&self.overall)
            ),
            format!(
                "not scored (not asserted): {} gold events, {} predictions",
                self.unscored_gold, self.unscored_predictions
            ),
            String::new(),
            format!(
                "{:<16} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6}",
                "kind", "gold", "pred", "TP", "P", "R", "F1"
            ),
        ];
        for (kind, counts) in &self.by_kind {
            lines.push(format!(
                "{:<16} {:>5} {:>5} {:>5} {:>6} {:>6} {:>6}",
                kind.as_str(),
                counts.gold,
                counts.predicted,
                counts.true_positives,
                rate(counts.precision),
                rate(counts.recall),
                rate(counts.f1)
            ));
        }
        lines.push(String::new());
        for (language, counts) in &self.by_language {
            lines.push(format!("language {language}: {}", counts_line(counts)));
        }
        lines.push(String::new());
        lines.push(format!(
            "{:<16} {:>8} {:>8} {:>8}",
            "field", "correct", "counted", "accuracy"
        ));
        for (field, field_score) in &self.fields {
            lines.push(format!(
                "{:<16} {:>8} {:>8} {:>8}",
                field.as_str(),
                amount(field_score.correct),
                field_score.counted,
                rate(field_score.accuracy)
            ));
        }
        if self.fields_by_language.len() > 1 {
            lines.push(String::new());
            let mut header = format!("{:<16}", "by language");
            for language in self.fields_by_language.keys() {
                header.push_str(&format!(" {:>15}", language));
            }
            lines.push(header);
            for field in Field::ALL {
                let mut line = format!("{:<16}", field.as_str());
                for scores in self.fields_by_language.values() {
                    let score = scores.get(&field).cloned().unwrap_or_default();
                    line.push_str(&format!(
                        " {:>6} {:>7}",
                        rate(score.accuracy),
                        format!("{}/{}", amount(score.correct), score.counted)
                    ));
                }
                lines.push(line);
            }
        }
        let precision = &self.place_precision;
        lines.push(format!(
            "place precision: {} pairs with gold id, exact id {}, country only {}",
            precision.pairs, precision.exact_id, precision.country_only
        ));
        let geocoding: Vec<String> = self
            .place_given_kind_and_date
            .iter()
            .map(|(language, score)| {
                format!(
                    "{language} {} ({}/{})",
                    rate(score.accuracy),
                    amount(score.correct),
                    score.counted
                )
            })
            .collect();
        lines.push(format!(
            "place where kind and date agree: {}",
            geocoding.join(", ")
        ));
        lines.push(String::new());
        lines.push(format!("misses ({}):", self.misses.len()));
        for miss in &self.misses {
            let closest = miss
                .closest_report
                .as_deref()
                .map(|report_id| format!(" (closest {report_id})"))
                .unwrap_or_default();
            lines.push(format!(
                "  {}  {}  {:?}  -> {}{closest}",
                miss.article_id,
                miss.kind,
                clip(&miss.evidence, 80),
                miss.reason.as_str()
            ));
        }
        lines.push(format!("false positives ({}):", self.false_positives.len()));
        for false_positive in &self.false_positives {
            let evidence = false_positive
                .evidence
                .as_deref()
                .map(|evidence| format!("  {:?}", clip(evidence, 80)))
                .unwrap_or_default();
            let marker = if false_positive.modality_error {
                "  [modality error]"
            } else {
                ""
            };
            lines.push(format!(
                "  {}  {}  {}{evidence}{marker}",
                false_positive.article_id, false_positive.kind, false_positive.report_id
            ));
        }
        lines.push(format!("modality errors ({}):", self.modality_errors.len()));
        for error in &self.modality_errors {
            lines.push(format!(
                "  {}  {}  gold {}  {:?}  {}",
                error.article_id,
                error.kind,
                error.gold_modality.as_str(),
                clip(&error.gold_evidence, 80),
                error.report_id
            ));
        }
        let mut table = lines.join("\n");
        table.push('\n');
        table
    }
}
