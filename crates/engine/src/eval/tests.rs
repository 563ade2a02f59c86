//! Tests of the scoring rules. Every expected number was worked out by hand
//! from the gold lines and predictions next to it; the comments show the sums.

use super::*;
use crate::model::{ActorValue, CountValue, DatePrecision, SourceRef, SourceType, TextValue};
use expect_test::expect;

const MOSCOW: &str = r#""place": {"name": "Moscow", "country": "RU", "geonames_id": 524901}"#;
const NOV_7: &str = r#""date": {"start": "2023-11-07", "end": "2023-11-07"}"#;

/// One gold article from compact event JSON (missing fields default), read
/// through [`parse_gold`] so the parser is exercised too.
fn gold_article(id: &str, language: &str, text: &str, events: &[&str]) -> GoldArticle {
    let line = format!(
        r#"{{"article": {{"id": "{id}", "language": "{language}", "text": {text:?}}}, "events": [{}]}}"#,
        events.join(", ")
    );
    let (mut articles, errors) = parse_gold("test", &line);
    assert_eq!(errors, Vec::<String>::new());
    articles.remove(0)
}

/// An event with kind, modality and extra fields as JSON members.
fn event(kind: &str, modality: &str, fields: &[&str]) -> String {
    let mut members = vec![
        format!(r#""kind": "{kind}""#),
        format!(r#""modality": "{modality}""#),
    ];
    members.extend(fields.iter().map(|field| field.to_string()));
    format!("{{{}}}", members.join(", "))
}

/// A bare asserted prediction; the builder methods below add values.
fn prediction(report_id: &str, kind: Kind) -> Report {
    Report {
        report_id: report_id.to_string(),
        article_id: String::new(),
        publisher: None,
        kind,
        mode: None,
        modality: Modality::Asserted,
        date: None,
        place: None,
        actor: None,
        target: None,
        size: None,
        detained: None,
        claims: Vec::new(),
        reason: None,
        conditions: Vec::new(),
        sources: Vec::new(),
        response_to: None,
        evidence: Vec::new(),
        confidence: 0.5,
        trace: Vec::new(),
        explanation: Vec::new(),
    }
}

fn text_value(text: &str) -> TextValue {
    TextValue {
        text: text.to_string(),
        span: [0, 0],
    }
}

fn count_value(low: u64, high: u64) -> CountValue {
    CountValue {
        text: format!("{low}-{high}"),
        low,
        high,
        span: [0, 0],
    }
}

fn place_value(
    name: &str,
    geonames_id: Option<u64>,
    country: &str,
    precision: PlacePrecision,
) -> PlaceValue {
    PlaceValue {
        text: name.to_string(),
        span: [0, 0],
        name: name.to_string(),
        geonames_id,
        country: Some(country.to_string()),
        admin1: None,
        lat: None,
        lon: None,
        precision,
        derived_from: None,
    }
}

trait Build {
    fn mode(self, mode: &str) -> Self;
    fn modality(self, modality: Modality) -> Self;
    fn on(self, start: &str, end: &str) -> Self;
    fn at(self, place: PlaceValue) -> Self;
    fn moscow(self) -> Self;
    fn group(self, group: ActorGroup) -> Self;
    fn size(self, low: u64, high: u64) -> Self;
    fn claims(self, claims: &[&str]) -> Self;
    fn reason(self, reason: &str) -> Self;
    fn conditions(self, conditions: &[&str]) -> Self;
    fn sources(self, names: &[&str]) -> Self;
    fn evidence(self, text: &str, phrase: &str) -> Self;
}

impl Build for Report {
    fn mode(mut self, mode: &str) -> Self {
        self.mode = Some(mode.to_string());
        self
    }
    fn modality(mut self, modality: Modality) -> Self {
        self.modality = modality;
        self
    }
    fn on(mut self, start: &str, end: &str) -> Self {
        self.date = Some(DateValue {
            start: start.to_string(),
            end: end.to_string(),
            precision: DatePrecision::Day,
            text: None,
            span: None,
            derived_from: None,
        });
        self
    }
    fn at(mut self, place: PlaceValue) -> Self {
        self.place = Some(place);
        self
    }
    fn moscow(self) -> Self {
        self.at(place_value(
            "Moscow",
            Some(524901),
            "RU",
            PlacePrecision::City,
        ))
    }
    fn group(mut self, group: ActorGroup) -> Self {
        self.actor = Some(ActorValue {
            text: group.as_str().to_string(),
            group: Some(group),
            span: [0, 0],
            group_from: None,
        });
        self
    }
    fn size(mut self, low: u64, high: u64) -> Self {
        self.size = Some(count_value(low, high));
        self
    }
    fn claims(mut self, claims: &[&str]) -> Self {
        self.claims = claims.iter().map(|claim| text_value(claim)).collect();
        self
    }
    fn reason(mut self, reason: &str) -> Self {
        self.reason = Some(text_value(reason));
        self
    }
    fn conditions(mut self, conditions: &[&str]) -> Self {
        self.conditions = conditions.iter().map(|text| text_value(text)).collect();
        self
    }
    fn sources(mut self, names: &[&str]) -> Self {
        self.sources = names
            .iter()
            .map(|name| SourceRef {
                name: name.to_string(),
                source_type: SourceType::Outlet,
                description: None,
                span: None,
                via: None,
            })
            .collect();
        self
    }
    /// Adds the character span of `phrase` in `text` as evidence.
    fn evidence(mut self, text: &str, phrase: &str) -> Self {
        let byte_start = text.find(phrase).unwrap();
        let start = text[..byte_start].chars().count();
        self.evidence.push([start, start + phrase.chars().count()]);
        self
    }
}

fn score_lowercase(articles: Vec<(GoldArticle, Vec<Report>)>) -> EvalReport {
    score(&articles, &LowercaseNames)
}

/// `gold/predicted/TP` of the overall counts.
fn overall(report: &EvalReport) -> String {
    let counts = &report.overall;
    format!(
        "{}/{}/{}",
        counts.gold, counts.predicted, counts.true_positives
    )
}

/// `field correct/counted` for every field, in table order.
fn fields(report: &EvalReport) -> String {
    report
        .fields
        .iter()
        .map(|(field, score)| format!("{} {}/{}", field.as_str(), score.correct, score.counted))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `article:gold_index=report_id` for every matched pair.
fn pairs(report: &EvalReport) -> String {
    report
        .matches
        .iter()
        .map(|pair| format!("{}:{}={}", pair.article_id, pair.gold_index, pair.report_id))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `article:kind:reason` for every miss.
fn misses(report: &EvalReport) -> String {
    report
        .misses
        .iter()
        .map(|miss| format!("{}:{}:{}", miss.article_id, miss.kind, miss.reason.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn assert_close(actual: Option<f64>, expected: f64) {
    let actual = actual.unwrap();
    assert!(
        (actual - expected).abs() < 1e-9,
        "{actual} is not {expected}"
    );
}

#[test]
fn exact_match_scores_every_field() {
    let gold = gold_article(
        "a",
        "en",
        "text",
        &[&event(
            "protest",
            "asserted",
            &[
                r#""mode": "demo""#,
                NOV_7,
                MOSCOW,
                r#""actor_group": "soldiers_relatives""#,
                r#""size": {"low": 20, "high": 30}"#,
                r#""claims": ["time for the mobilized to go home", "no to indefinite mobilization"]"#,
                r#""sources": ["UNIAN"]"#,
            ],
        )],
    );
    let report = prediction("r", Kind::Protest)
        .mode("demo")
        .on("2023-11-07", "2023-11-07")
        .moscow()
        .group(ActorGroup::SoldiersRelatives)
        .size(20, 30)
        .claims(&[
            "time for the mobilized to go home",
            "no to indefinite mobilization",
        ])
        .sources(&["UNIAN"]);
    let scored = score_lowercase(vec![(gold, vec![report])]);
    assert_eq!(overall(&scored), "1/1/1");
    assert_eq!(scored.overall.precision, Some(1.0));
    assert_eq!(scored.overall.recall, Some(1.0));
    assert_eq!(scored.overall.f1, Some(1.0));
    // Detained, reason and conditions are empty on both sides: not counted.
    assert_eq!(
        fields(&scored),
        "mode 1/1, size 1/1, detained 0/0, actor_group 1/1, claims 1/1, reason 0/0, \
         conditions 0/0, sources 1/1, date 1/1, place 1/1"
    );
    assert_eq!(scored.matches[0].agreement, 10);
    assert_eq!(
        scored.place_precision,
        PlacePrecisionScore {
            pairs: 1,
            exact_id: 1,
            country_only: 0
        }
    );
    assert!(scored.misses.is_empty() && scored.false_positives.is_empty());
}

#[test]
fn dates_must_overlap() {
    let dated = event("protest", "asserted", &[NOV_7, MOSCOW]);
    let undated = event("protest", "asserted", &[MOSCOW]);
    let articles = vec![
        // Two days later: no overlap.
        (
            gold_article("a-later", "en", "t", &[&dated]),
            vec![prediction("r1", Kind::Protest)
                .on("2023-11-09", "2023-11-09")
                .moscow()],
        ),
        // A date-time compares as its day, and an interval reaching into the
        // gold day overlaps it.
        (
            gold_article("b-overlap", "en", "t", &[&dated, &dated]),
            vec![
                prediction("r2", Kind::Protest)
                    .on("2023-11-07T10:00:00+03:00", "2023-11-07T12:00:00+03:00")
                    .moscow(),
                prediction("r3", Kind::Protest)
                    .on("2023-11-01", "2023-11-07")
                    .moscow(),
            ],
        ),
        // No predicted date never matches a dated gold event.
        (
            gold_article("c-undated-prediction", "en", "t", &[&dated]),
            vec![prediction("r4", Kind::Protest).moscow()],
        ),
        // An undated gold event accepts any date, and none.
        (
            gold_article("d-undated-gold", "en", "t", &[&undated, &undated]),
            vec![
                prediction("r5", Kind::Protest)
                    .on("2020-01-01", "2020-01-01")
                    .moscow(),
                prediction("r6", Kind::Protest).moscow(),
            ],
        ),
    ];
    let scored = score_lowercase(articles);
    assert_eq!(
        pairs(&scored),
        "b-overlap:0=r2 b-overlap:1=r3 d-undated-gold:0=r5 d-undated-gold:1=r6"
    );
    assert_eq!(
        misses(&scored),
        "a-later:protest:date c-undated-prediction:protest:date"
    );
    // Gold 6, predicted 6, TP 4.
    assert_eq!(overall(&scored), "6/6/4");
    // Date accuracy is counted on the two dated gold events only; r3 spans
    // 7 days against 1 (> 2·1 + 1), so it is wrong.
    assert_eq!(scored.fields[&Field::Date].correct, 1.0);
    assert_eq!(scored.fields[&Field::Date].counted, 2);
}

#[test]
fn country_only_gold_place_accepts_same_name_or_a_country_level_prediction() {
    let russia = r#""place": {"name": "Russia", "country": "RU", "geonames_id": null}"#;
    let dharwad = r#""place": {"name": "Dharwad", "country": "IN", "geonames_id": null}"#;
    let refused = event("permit_refused", "asserted", &[russia]);
    let refusal = |id: &str, place: PlaceValue| prediction(id, Kind::PermitRefused).at(place);
    let articles = vec![
        // Another language form of the country, at country precision.
        (
            gold_article("a", "en", "t", &[&refused]),
            vec![refusal(
                "r-country",
                place_value(
                    "Российская Федерация",
                    Some(2017370),
                    "RU",
                    PlacePrecision::Country,
                ),
            )],
        ),
        // A city in the right country is not the country.
        (
            gold_article("b", "en", "t", &[&refused]),
            vec![refusal(
                "r-city",
                place_value("Novosibirsk", Some(1496747), "RU", PlacePrecision::City),
            )],
        ),
        // The same name in other case matches whatever the precision.
        (
            gold_article("c", "en", "t", &[&refused]),
            vec![refusal(
                "r-name",
                place_value("RUSSIA", None, "RU", PlacePrecision::Admin1),
            )],
        ),
        // A gold place without id but with a country is name-level or
        // country-level: the country alone is accepted.
        (
            gold_article("d", "en", "t", &[&event("protest", "asserted", &[dharwad])]),
            vec![prediction("r-india", Kind::Protest).at(place_value(
                "India",
                Some(1269750),
                "IN",
                PlacePrecision::Country,
            ))],
        ),
        // A predicted place that is null never matches a gold place.
        (
            gold_article("e", "en", "t", &[&refused]),
            vec![prediction("r-nowhere", Kind::PermitRefused)],
        ),
        // A null gold place accepts a null prediction.
        (
            gold_article("f", "en", "t", &[&event("ban", "asserted", &[])]),
            vec![prediction("r-ban", Kind::Ban)],
        ),
    ];
    let scored = score_lowercase(articles);
    assert_eq!(
        pairs(&scored),
        "a:0=r-country c:0=r-name d:0=r-india f:0=r-ban"
    );
    assert_eq!(
        misses(&scored),
        "b:permit_refused:place e:permit_refused:place"
    );
    // Place is counted on the three pairs with a gold place (a, c, d; f has
    // none); none has a gold id, so place precision counts nothing.
    assert_eq!(scored.fields[&Field::Place].counted, 3);
    assert_eq!(scored.fields[&Field::Place].correct, 3.0);
    assert_eq!(scored.place_precision.pairs, 0);
}

#[test]
fn geonames_ids_must_be_equal_where_gold_has_one() {
    let gold = event("protest", "asserted", &[NOV_7, MOSCOW]);
    let articles = vec![
        (
            gold_article("a", "en", "t", &[&gold]),
            vec![prediction("r-spb", Kind::Protest)
                .on("2023-11-07", "2023-11-07")
                .at(place_value(
                    "Saint Petersburg",
                    Some(498817),
                    "RU",
                    PlacePrecision::City,
                ))],
        ),
        // The right name without the id is not enough.
        (
            gold_article("b", "en", "t", &[&gold]),
            vec![prediction("r-noid", Kind::Protest)
                .on("2023-11-07", "2023-11-07")
                .at(place_value("Moscow", None, "RU", PlacePrecision::City))],
        ),
    ];
    let scored = score_lowercase(articles);
    assert_eq!(overall(&scored), "2/2/0");
    assert_eq!(misses(&scored), "a:protest:place b:protest:place");
    assert_eq!(scored.misses[0].closest_report.as_deref(), Some("r-spb"));
}

#[test]
fn greedy_assignment_prefers_field_agreement_then_file_order() {
    let demo = event(
        "protest",
        "asserted",
        &[
            NOV_7,
            MOSCOW,
            r#""mode": "demo""#,
            r#""size": {"low": 20, "high": 30}"#,
        ],
    );
    let march = event(
        "protest",
        "asserted",
        &[
            NOV_7,
            MOSCOW,
            r#""mode": "march""#,
            r#""size": {"low": 200, "high": 999}"#,
        ],
    );
    let predicted = |id: &str, mode: &str, low: u64, high: u64| {
        prediction(id, Kind::Protest)
            .on("2023-11-07", "2023-11-07")
            .moscow()
            .mode(mode)
            .size(low, high)
    };
    let plain = event("protest", "asserted", &[NOV_7, MOSCOW]);
    let plain_prediction = |id: &str| {
        prediction(id, Kind::Protest)
            .on("2023-11-07", "2023-11-07")
            .moscow()
    };
    let articles = vec![
        // Every pair matches. (demo, p-march) and (march, p-demo) agree on 8
        // fields (mode and size wrong); the crossed pairs on all 10, so they
        // win although file order alone would pair demo with p-march.
        (
            gold_article("a", "en", "t", &[&demo, &march]),
            vec![
                predicted("p-march", "march", 200, 999),
                predicted("p-demo", "demo", 20, 30),
            ],
        ),
        // Equal agreement: gold order, then prediction order.
        (
            gold_article("b", "en", "t", &[&plain, &plain]),
            vec![plain_prediction("q0"), plain_prediction("q1")],
        ),
        // One prediction for two equal gold events: the first gets it, the
        // second is missed because its match was taken.
        (
            gold_article("c", "en", "t", &[&plain, &plain]),
            vec![plain_prediction("s0")],
        ),
    ];
    let scored = score_lowercase(articles);
    assert_eq!(
        pairs(&scored),
        "a:0=p-demo a:1=p-march b:0=q0 b:1=q1 c:0=s0"
    );
    assert_eq!(
        scored
            .matches
            .iter()
            .map(|pair| pair.agreement)
            .collect::<Vec<_>>(),
        [10, 10, 10, 10, 10]
    );
    assert_eq!(misses(&scored), "c:protest:taken");
    assert_eq!(scored.misses[0].gold_index, 1);
    assert_eq!(scored.fields[&Field::Mode].correct, 2.0);
    assert_eq!(scored.fields[&Field::Mode].counted, 2);
}

#[test]
fn asserted_prediction_of_a_negated_event_is_a_modality_error() {
    let text = "The police surrounded them but did not beat them.";
    let gold = gold_article(
        "a",
        "en",
        text,
        &[
            &event(
                "police_action",
                "asserted",
                &[NOV_7, MOSCOW, r#""evidence": "The police surrounded them""#],
            ),
            &event(
                "force",
                "negated",
                &[NOV_7, MOSCOW, r#""evidence": "did not beat them""#],
            ),
            &event("arrest", "asserted", &[NOV_7, MOSCOW]),
        ],
    );
    let on_the_day =
        |id: &str, kind: Kind| prediction(id, kind).on("2023-11-07", "2023-11-07").moscow();
    let predictions = vec![
        on_the_day("p-police", Kind::PoliceAction),
        // A duplicate of a matched prediction: a plain false positive.
        on_the_day("p-police-again", Kind::PoliceAction),
        on_the_day("p-force", Kind::Force).evidence(text, "did not beat them"),
        // Not asserted: neither a prediction nor a match, but it explains
        // why the arrest was missed.
        on_the_day("p-arrest", Kind::Arrest).modality(Modality::Planned),
    ];
    let scored = score_lowercase(vec![(gold, predictions)]);
    // Gold: police_action and arrest (force is negated). Predicted:
    // the three asserted reports. TP 1.
    assert_eq!(overall(&scored), "2/3/1");
    assert_eq!((scored.unscored_gold, scored.unscored_predictions), (1, 1));
    assert_eq!(misses(&scored), "a:arrest:modality");
    let false_positives: Vec<_> = scored
        .false_positives
        .iter()
        .map(|fp| {
            (
                fp.report_id.as_str(),
                fp.evidence.as_deref(),
                fp.modality_error,
            )
        })
        .collect();
    assert_eq!(
        false_positives,
        [
            ("p-police-again", None, false),
            ("p-force", Some("did not beat them"), true)
        ]
    );
    assert_eq!(
        scored.modality_errors,
        [ModalityError {
            article_id: "a".to_string(),
            kind: Kind::Force,
            gold_modality: Modality::Negated,
            gold_evidence: "did not beat them".to_string(),
            report_id: "p-force".to_string(),
        }]
    );
    assert_eq!(scored.by_kind[&Kind::Force].predicted, 1);
    assert_eq!(scored.by_kind[&Kind::Force].gold, 0);
}

#[test]
fn phrase_fields_score_fractions_after_normalising() {
    let gold = gold_article(
        "a",
        "en",
        "t",
        &[
            &event(
                "protest",
                "asserted",
                &[
                    r#""claims": ["it's time for the mobilized to go home", "no to indefinite mobilization"]"#,
                    r#""sources": ["The Insider", "Kommersant"]"#,
                ],
            ),
            &event(
                "permit_granted",
                "asserted",
                &[r#""conditions": ["indoors", "certificate"]"#],
            ),
            &event(
                "permit_refused",
                "asserted",
                &[
                    r#""reason": "covid restrictions""#,
                    r#""claims": ["free them"]"#,
                    r#""sources": ["UNIAN"]"#,
                ],
            ),
        ],
    );
    let predictions = vec![
        // Curly apostrophe, capitals and a double space still contain the
        // first claim; the second claim is absent: 1/2.
        prediction("p-protest", Kind::Protest)
            .claims(&["“It’s  Time for the mobilized to go home”"])
            .sources(&["«The Insider»", "the Kommersant"]),
        prediction("p-granted", Kind::PermitGranted)
            .conditions(&["held indoors", "upon presentation of a certificate"]),
        prediction("p-refused", Kind::PermitRefused)
            .reason("the authorities cited Covid  restrictions")
            .claims(&["Free them!"]),
    ];
    let scored = score_lowercase(vec![(gold, predictions)]);
    assert_eq!(overall(&scored), "3/3/3");
    // Claims: 0.5 (protest) + 1 (refused) over 2 pairs. Conditions: 2/2 found
    // on one pair. Reason: found on one pair. Sources: both names found on the
    // protest; UNIAN missing on the refusal.
    assert_eq!(
        fields(&scored),
        "mode 0/0, size 0/0, detained 0/0, actor_group 0/0, claims 1.5/2, reason 1/1, \
         conditions 1/1, sources 1/2, date 0/0, place 0/0"
    );
    assert_close(scored.fields[&Field::Claims].accuracy, 0.75);
}

#[test]
fn a_field_is_counted_only_when_a_side_has_a_value() {
    let gold = gold_article(
        "a",
        "en",
        "t",
        &[
            &event("protest", "asserted", &[]),
            &event(
                "arrest",
                "asserted",
                &[r#""detained": {"low": 10, "high": 12}"#],
            ),
        ],
    );
    let predictions = vec![
        // Gold has nothing. Mode, size, actor group and reason are counted
        // (and wrong) because the prediction has them; claims and sources are
        // counted only when gold has them; date and place only with a gold
        // value.
        prediction("p-protest", Kind::Protest)
            .mode("demo")
            .size(1, 5)
            .group(ActorGroup::Students)
            .reason("because")
            .claims(&["anything"])
            .sources(&["UNIAN"])
            .on("2023-11-07", "2023-11-07")
            .moscow(),
        // Detained missing in the prediction: counted, wrong. Everything else
        // is empty on both sides.
        prediction("p-arrest", Kind::Arrest),
    ];
    let scored = score_lowercase(vec![(gold, predictions)]);
    assert_eq!(
        fields(&scored),
        "mode 0/1, size 0/1, detained 0/1, actor_group 0/1, claims 0/0, reason 0/1, \
         conditions 0/0, sources 0/0, date 0/0, place 0/0"
    );
    assert_eq!(scored.fields[&Field::Claims].accuracy, None);
    // p-protest disagrees on mode, size, actor group and reason: 6 of 10.
    assert_eq!(scored.matches[0].agreement, 6);
    assert_eq!(scored.matches[1].agreement, 9);
}

#[test]
fn per_kind_and_per_language_counts() {
    let protest = event("protest", "asserted", &[]);
    let arrest = event("arrest", "asserted", &[]);
    let articles = vec![
        (
            gold_article("en-1", "en", "t", &[&protest, &protest, &arrest]),
            vec![
                prediction("p1", Kind::Protest),
                prediction("p2", Kind::Protest),
                prediction("p3", Kind::Protest),
            ],
        ),
        (
            gold_article("ru-1", "ru", "t", &[&protest]),
            vec![prediction("p4", Kind::Protest), prediction("p5", Kind::Ban)],
        ),
        (
            // No language: counted under "unknown".
            GoldArticle {
                article: Article {
                    id: "x-1".to_string(),
                    url: None,
                    outlet: None,
                    published: None,
                    language: None,
                    title: None,
                    text: String::new(),
                },
                events: Vec::new(),
            },
            vec![prediction("p6", Kind::Protest)],
        ),
    ];
    let scored = score_lowercase(articles);
    // protest: gold 3, predicted 5 (p1 p2 p3 p4 p6), TP 3 → P 3/5, R 1,
    // F1 2·3/(3+5) = 0.75.
    let protest = &scored.by_kind[&Kind::Protest];
    assert_eq!(
        (protest.gold, protest.predicted, protest.true_positives),
        (3, 5, 3)
    );
    assert_close(protest.precision, 0.6);
    assert_close(protest.recall, 1.0);
    assert_close(protest.f1, 0.75);
    // arrest: gold 1, nothing predicted → P undefined, R 0, F1 0.
    let arrest = &scored.by_kind[&Kind::Arrest];
    assert_eq!(
        (arrest.precision, arrest.recall, arrest.f1),
        (None, Some(0.0), Some(0.0))
    );
    // ban: predicted once, never in gold → P 0, R undefined, F1 0.
    let ban = &scored.by_kind[&Kind::Ban];
    assert_eq!(
        (ban.precision, ban.recall, ban.f1),
        (Some(0.0), None, Some(0.0))
    );
    assert_eq!(
        scored.by_kind.keys().copied().collect::<Vec<_>>(),
        [Kind::Protest, Kind::Ban, Kind::Arrest]
    );
    // Overall: gold 4, predicted 6, TP 3 → P 0.5, R 0.75, F1 6/10.
    assert_eq!(overall(&scored), "4/6/3");
    assert_close(scored.overall.f1, 0.6);
    // en: gold 3, predicted 3, TP 2; ru: gold 1, predicted 2, TP 1 → F1 2/3;
    // unknown: gold 0, predicted 1.
    let by_language: Vec<_> = scored
        .by_language
        .iter()
        .map(|(language, counts)| {
            format!(
                "{language} {}/{}/{}",
                counts.gold, counts.predicted, counts.true_positives
            )
        })
        .collect();
    assert_eq!(by_language, ["en 3/3/2", "ru 1/2/1", "unknown 0/1/0"]);
    assert_close(scored.by_language["ru"].f1, 2.0 / 3.0);
}

#[test]
fn date_accuracy_allows_a_day_each_side_or_a_modestly_wider_interval() {
    // gold start, gold end, predicted start, predicted end, correct?
    let cases = "
        2023-11-07 2023-11-07  2023-11-07 2023-11-07  yes
        2023-11-07 2023-11-07  2023-11-06 2023-11-08  yes  within a day each side
        2023-11-07 2023-11-07  2023-11-05 2023-11-07  yes  contains, 3 days <= 2*1+1
        2023-11-07 2023-11-07  2023-11-04 2023-11-07  no   contains, 4 days > 2*1+1
        2023-11-07 2023-11-08  2023-11-08 2023-11-10  no   overlaps only
        2023-11-18 2023-11-19  2023-11-17 2023-11-20  yes  weekend, within widened
        2023-11-18 2023-11-19  2023-11-13 2023-11-19  no   the week: 7 days > 2*2+1
        2023-11-07 2023-11-20  2023-11-01 2023-11-29  yes  29 days <= 2*14+1
        2023-11-07 2023-11-20  2023-11-01 2023-11-30  no   30 days
        2023-11-07 2023-11-07  2023-11-07T23:00 2023-11-08T01:00  yes  date-times as days
        2023-11-07 2023-11-07  9-Nov 2023-11-07  no   unparseable
    ";
    for case in cases.lines().filter(|line| !line.trim().is_empty()) {
        let words: Vec<&str> = case.split_whitespace().collect();
        let [gold_start, gold_end, predicted_start, predicted_end, verdict, ..] = words[..] else {
            panic!("bad case {case:?}");
        };
        let correct = verdict == "yes";
        let gold = GoldDate {
            start: gold_start.to_string(),
            end: gold_end.to_string(),
        };
        let predicted = prediction("r", Kind::Protest)
            .on(predicted_start, predicted_end)
            .date
            .unwrap();
        assert_eq!(
            date_close(&gold, &predicted),
            correct,
            "{gold_start}..{gold_end} vs {predicted_start}..{predicted_end}"
        );
    }
}

#[test]
fn false_positive_evidence_is_cut_by_characters() {
    let text = "«Да» — протест у мэрии";
    let gold = gold_article("a", "ru", text, &[]);
    let report = prediction("r", Kind::Protest).evidence(text, "протест");
    assert_eq!(report.evidence, [[7, 14]]);
    let mut out_of_range = prediction("r-bad", Kind::Protest);
    out_of_range.evidence.push([20, 40]);
    let scored = score_lowercase(vec![(gold, vec![report, out_of_range])]);
    let evidence: Vec<_> = scored
        .false_positives
        .iter()
        .map(|fp| fp.evidence.as_deref())
        .collect();
    assert_eq!(evidence, [Some("протест"), None]);
}

#[test]
fn parse_gold_reports_bad_lines_by_input_and_line() {
    let data = [
        r#"{"article": {"id": "a", "text": "t"}, "events": [], "annotator": "x"}"#,
        "",
        r#"{"article": {"id": "b", "text": "t"}, "events": [{"kind": "parade", "modality": "asserted"}]}"#,
        r#"{"article": {"id": "a", "text": "t"}, "events": null}"#,
        r#"{"article": {"id": "c", "text": "t"}, "events": [{"kind": "ban", "modality": "asserted", "date": {"start": "2023-11-09", "end": "2023-11-07"}}]}"#,
        r#"{"article": {"id": "d", "text": "t"}, "events": [{"kind": "ban", "modality": "asserted", "date": {"start": "9 Nov", "end": "2023-11-07"}}]}"#,
        r#"{"article": {"id": "e", "text": "t"}, "events": [{"kind": "arrest", "modality": "asserted", "detained": {"low": 9, "high": 3}}]}"#,
        "not json",
        r#"{"article": {"id": "f", "text": "t"}, "events": [{"kind": "ban", "modality": "planned", "claims": null}]}"#,
    ]
    .join("\r\n");
    let (articles, errors) = parse_gold("gold.jsonl", &data);
    let ids: Vec<_> = articles
        .iter()
        .map(|gold| gold.article.id.as_str())
        .collect();
    assert_eq!(ids, ["a", "f"]);
    let expected_prefixes = [
        "gold.jsonl:3: unknown variant `parade`",
        "gold.jsonl:4: article id \"a\" already used on line 1",
        "gold.jsonl:5: event 1: date start 2023-11-09 is after end 2023-11-07",
        "gold.jsonl:6: event 1: date \"9 Nov\"..\"2023-11-07\" is not YYYY-MM-DD",
        "gold.jsonl:7: event 1: detained low 9 is above high 3",
        "gold.jsonl:8: ",
    ];
    assert_eq!(errors.len(), expected_prefixes.len(), "{errors:#?}");
    for (error, prefix) in errors.iter().zip(expected_prefixes) {
        assert!(
            error.starts_with(prefix),
            "{error:?} does not start with {prefix:?}"
        );
    }
}
#[test]
fn render_table_for_a_small_case() {
    let (gold, errors) = parse_gold(
        "render.jsonl",
        include_str!("../../test_data/eval/render.jsonl"),
    );
    assert!(errors.is_empty(), "{errors:?}");
    let english = gold[0].article.text.clone();
    let russian = gold[1].article.text.clone();
    let english_predictions = vec![
        prediction("p-protest", Kind::Protest)
            .mode("demo")
            .on("2023-11-07", "2023-11-07")
            .moscow()
            .group(ActorGroup::SoldiersRelatives)
            .size(24, 99)
            .claims(&["No to indefinite mobilization"])
            .sources(&["UNIAN"])
            .evidence(&english, "two dozen women"),
        prediction("p-police", Kind::PoliceAction)
            .mode("cordon")
            .on("2023-11-07", "2023-11-07")
            .moscow()
            .group(ActorGroup::Police),
        prediction("p-force", Kind::Force)
            .mode("beating")
            .on("2023-11-07", "2023-11-07")
            .moscow()
            .evidence(&english, "did not beat them"),
        prediction("p-refused", Kind::PermitRefused)
            .on("2023-11-08", "2023-11-08")
            .at(place_value(
                "Novosibirsk",
                Some(1496747),
                "RU",
                PlacePrecision::City,
            ))
            .reason("Covid restrictions")
            .evidence(&english, "refused permission everywhere"),
    ];
    let russian_predictions = vec![prediction("p-ru", Kind::Arrest).evidence(&russian, "пикет")];
    let mut gold = gold.into_iter();
    let articles = vec![
        (gold.next().unwrap(), english_predictions),
        (gold.next().unwrap(), russian_predictions),
    ];
    let scored = score_lowercase(articles);
    // By hand: gold asserted 3 + 1 = 4 (the negated force is not scored);
    // predicted 4 + 1 = 5; matched: p-protest and p-police → TP 2, FP 3, FN 2,
    // P 2/5, R 2/4, F1 4/9. protest: 2/1/1 → P 1, R .5, F1 2/3.
    // en: 3/4/2 → F1 4/7; ru: 1/1/0. Fields: mode 1/2 (cordon ≠ surround),
    // size 24–99 meets 20–30, actor group 2/2, claims, sources, date, place.
    let table = scored.render_table();
    expect![[r#"
        overall: 2 articles  gold 4  predicted 5  TP 2  FP 3  FN 2  P 0.400  R 0.500  F1 0.444
        not scored (not asserted): 1 gold events, 0 predictions

        kind              gold  pred    TP      P      R     F1
        protest              2     1     1  1.000  0.500  0.667
        permit_refused       1     1     0  0.000  0.000  0.000
        police_action        1     1     1  1.000  1.000  1.000
        arrest               0     1     0  0.000      -  0.000
        force                0     1     0  0.000      -  0.000

        language en: gold 3  predicted 4  TP 2  FP 2  FN 1  P 0.500  R 0.667  F1 0.571
        language ru: gold 1  predicted 1  TP 0  FP 1  FN 1  P 0.000  R 0.000  F1 0.000

        field             correct  counted accuracy
        mode                    1        2    0.500
        size                    1        1    1.000
        detained                0        0        -
        actor_group             2        2    1.000
        claims                  1        1    1.000
        reason                  0        0        -
        conditions              0        0        -
        sources                 1        1    1.000
        date                    2        2    1.000
        place                   2        2    1.000
        place precision: 2 pairs with gold id, exact id 2, country only 0
        place where kind and date agree: all 0.667 (2/3), en 0.667 (2/3)

        misses (2):
          r-en-1  permit_refused  "refused permission everywhere"  -> place (closest p-refused)
          r-ru-1  protest  "прошёл пикет"  -> no prediction of this kind
        false positives (3):
          r-en-1  force  p-force  "did not beat them"  [modality error]
          r-en-1  permit_refused  p-refused  "refused permission everywhere"
          r-ru-1  arrest  p-ru  "пикет"
        modality errors (1):
          r-en-1  force  gold negated  "did not beat them"  p-force
    "#]]
    .assert_eq(&table);
    // The JSON form carries the same numbers.
    let json = serde_json::to_value(&scored).unwrap();
    assert_eq!(json["by_kind"]["protest"]["true_positives"], 1);
    assert_eq!(json["fields"]["mode"]["counted"], 2);
    assert_eq!(json["misses"][1]["reason"], "no_prediction");
}

#[test]
fn case2021_counts_protest_detection_and_subtypes() {
    let protest = || prediction("r", Kind::Protest);
    let rows = vec![
        (
            "1".to_string(),
            "PEACE_PROTEST".to_string(),
            vec![protest().mode("demo")],
        ),
        // Riot wins over the arrest.
        (
            "2".to_string(),
            "VIOL_DEMONSTR".to_string(),
            vec![protest().mode("riot"), prediction("a", Kind::Arrest)],
        ),
        // Force wins over intervention: wrong sub-type.
        (
            "3".to_string(),
            "PROTEST_WITH_INTER".to_string(),
            vec![protest(), prediction("f", Kind::Force)],
        ),
        // A planned protest is not a prediction.
        (
            "4".to_string(),
            "FORCE_AGAINST_PROTEST".to_string(),
            vec![protest().modality(Modality::Planned)],
        ),
        ("5".to_string(), "ARMED_CLASH".to_string(), vec![protest()]),
        // Not scored, even when predicted.
        ("6".to_string(), "ARREST".to_string(), vec![protest()]),
        ("7".to_string(), "MOB_VIOL".to_string(), Vec::new()),
        ("8".to_string(), "DIPLO".to_string(), Vec::new()),
        // An arrest alone is not a protest.
        (
            "9".to_string(),
            "NATURAL_DISASTER".to_string(),
            vec![prediction("a", Kind::Arrest)],
        ),
    ];
    let report = score_case2021(&rows);
    // Scored 7: gold positive 1–4, predicted positive 1, 2, 3, 5 → TP 3,
    // FP 1, FN 1, TN 2 (8, 9). P = R = F1 = 3/4, accuracy 5/7; sub-types
    // right on 1 and 2 of 3.
    expect![[r#"
        case2021: 9 rows, 7 scored, 2 not scored (1 of them predicted protest)
        protest: gold 4  predicted 4  TP 3  FP 1  FN 1  TN 2  P 0.750  R 0.750  F1 0.750  accuracy 0.714
        sub-type on true positives: 2 of 3 correct, accuracy 0.667
          PEACE_PROTEST          -> PEACE_PROTEST             1
          PROTEST_WITH_INTER     -> FORCE_AGAINST_PROTEST     1
          VIOL_DEMONSTR          -> VIOL_DEMONSTR             1
        false positives: 5
        missed: 4
    "#]]
    .assert_eq(&report.render_table());
    assert_close(report.accuracy, 5.0 / 7.0);
}

#[test]
fn case2021_tsv_parsing() {
    let data = "id\tEventSnippet\tSubType\r\n2\tCrowds marched.\tPEACE_PROTEST\r\n\n3\tonly two\r\n4\t\t \r\n5\tA\tB\tC\n";
    let (rows, errors) = parse_case2021_tsv(data);
    assert_eq!(
        rows,
        [(
            "2".to_string(),
            "Crowds marched.".to_string(),
            "PEACE_PROTEST".to_string()
        )]
    );
    assert_eq!(
        errors,
        [
            "line 4: expected 3 tab-separated columns, found 2",
            "line 5: empty id or sub-type",
            "line 6: expected 3 tab-separated columns, found 4",
        ]
    );
}
