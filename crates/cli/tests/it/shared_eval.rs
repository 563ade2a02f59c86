//! Scores on the real gold files in `../shared` (skipped without it).

use super::*;

#[test]
fn seed_report_scores_perfectly() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared is absent, so the seed gold cannot be scored");
        return;
    };
    let gold = shared.join("data/seed/gold.jsonl");
    let output = placard(
        Path::new("."),
        &["eval", "--gold", gold.to_str().unwrap(), "--json"],
        None,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let overall = &report["overall"];
    // The seed's gold has six asserted events; F1 = 1.0 means all six found
    // and nothing else asserted.
    assert_eq!(overall["gold"], 6, "{overall}");
    assert_eq!(overall["predicted"], 6, "{overall}");
    assert_eq!(overall["true_positives"], 6, "{overall}");
    assert_eq!(overall["f1"], 1.0, "{overall}");
    assert!(report["modality_errors"].as_array().unwrap().is_empty());
}

#[test]
fn seed_non_asserted_mentions_keep_their_modality() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared is absent, so the seed article cannot be read");
        return;
    };
    let gold_line = std::fs::read_to_string(shared.join("data/seed/gold.jsonl")).unwrap();
    let gold: serde_json::Value = serde_json::from_str(gold_line.lines().next().unwrap()).unwrap();
    let article = &gold["article"];
    let output = placard(Path::new("."), &["extract"], Some(&format!("{article}\n")));
    let reports: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let text: Vec<char> = article["text"].as_str().unwrap().chars().collect();
    let evidence_of = |report: &serde_json::Value| -> Vec<String> {
        report["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|span| {
                text[span[0].as_u64().unwrap() as usize..span[1].as_u64().unwrap() as usize]
                    .iter()
                    .collect()
            })
            .collect()
    };
    // "Anything, as long as it doesn't go out into the streets, … even 50 people"
    let hypothetical = reports
        .iter()
        .find(|report| {
            report["kind"] == "protest" && evidence_of(report).iter().any(|words| words == "go out")
        })
        .expect("a protest report for 'go out into the streets'");
    assert_eq!(hypothetical["modality"], "hypothetical");
    assert_eq!(
        (
            hypothetical["size"]["low"].as_u64(),
            hypothetical["size"]["high"].as_u64()
        ),
        (Some(50), Some(50))
    );
    // "they did not kick them"
    let kick = reports
        .iter()
        .find(|report| {
            report["kind"] == "force" && evidence_of(report).iter().any(|words| words == "kick")
        })
        .expect("a force report for 'kick'");
    assert_eq!(kick["modality"], "negated");
    assert_eq!(kick["mode"], "beating");
}

/// The floors recorded in `eval/floors.json` hold: a dev score below its
/// floor fails the build (a ratchet: floors are raised as quality rises).
#[test]
fn dev_scores_stay_above_their_floors() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared is absent, so the dev gold sets cannot be scored");
        return;
    };
    let floors_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../eval/floors.json");
    let floors: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(floors_path).unwrap()).unwrap();
    let mut failures = Vec::new();
    for floor in floors["floors"].as_array().unwrap() {
        let gold = shared.join(floor["gold"].as_str().unwrap());
        let scope = floor["scope"].as_str().unwrap();
        // A floor is on F1, or on a field's accuracy on matched events.
        let (metric, minimum) = match floor["accuracy"].as_f64() {
            Some(minimum) => ("accuracy", minimum),
            None => ("F1", floor["f1"].as_f64().unwrap()),
        };
        let output = placard(
            Path::new("."),
            &["eval", "--gold", gold.to_str().unwrap(), "--json"],
            None,
        );
        let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        let score = match scope {
            "overall" => report["overall"]["f1"].as_f64(),
            "protest" => report["f1"].as_f64(),
            geocoding if geocoding.starts_with("geocoding:") => report["place_given_kind_and_date"]
                [geocoding.trim_start_matches("geocoding:")]["accuracy"]
                .as_f64(),
            field if field.starts_with("field:") => {
                report["fields"][field.trim_start_matches("field:")]["accuracy"].as_f64()
            }
            language => {
                report["by_language"][language.trim_start_matches("language:")]["f1"].as_f64()
            }
        }
        .unwrap_or(0.0);
        if score + 1e-9 < minimum {
            failures.push(format!(
                "{} {scope}: {metric} {score:.3} is below its floor {minimum:.3}",
                floor["gold"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The HTML reader's main text on trafilatura's own evaluation pages, scored
/// as `bench/extract_html.py` does: a `with` snippet found in the text is a
/// true positive, missed a false negative; a `without` snippet found is a
/// false positive. The floor is just under the 0.9277 measured when the
/// block extractor became the default (Python trafilatura: 0.9267).
#[test]
fn html_main_text_holds_its_trafilatura_eval_score() {
    let Some(shared) = shared_dir() else {
        eprintln!("skipped: ../shared is absent, so trafilatura-eval cannot be scored");
        return;
    };
    let eval_dir = shared.join("data/boilerplate/trafilatura-eval");
    let evaldata: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(eval_dir.join("evaldata.json")).unwrap())
            .unwrap();
    // `placard read` takes the gzipped pages as they are.
    let output = placard(
        Path::new("."),
        &["read", eval_dir.join("html").to_str().unwrap()],
        None,
    );
    let mut texts = std::collections::HashMap::new();
    for line in stdout(&output).lines() {
        let article: serde_json::Value = serde_json::from_str(line).unwrap();
        let input = article["source"]["input"].as_str().unwrap().to_owned();
        let file = Path::new(&input).file_name().unwrap().to_string_lossy();
        let words: Vec<&str> = article["text"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .collect();
        texts.insert(file.trim_end_matches(".gz").to_owned(), words.join(" "));
    }
    let normal = |snippet: &serde_json::Value| {
        snippet
            .as_str()
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (mut found, mut missed, mut leaked, mut n_pages) = (0usize, 0usize, 0usize, 0usize);
    for record in evaldata.as_object().unwrap().values() {
        let file = record["file"].as_str().unwrap();
        if !eval_dir.join("html").join(format!("{file}.gz")).exists() {
            continue;
        }
        n_pages += 1;
        // A page skipped by the reader has no text: its snippets are missed.
        let text = texts.get(file).map_or("", String::as_str);
        for snippet in record["with"].as_array().unwrap() {
            if text.contains(&normal(snippet)) {
                found += 1;
            } else {
                missed += 1;
            }
        }
        for snippet in record["without"].as_array().unwrap() {
            if text.contains(&normal(snippet)) {
                leaked += 1;
            }
        }
    }
    let precision = found as f64 / (found + leaked) as f64;
    let recall = found as f64 / (found + missed) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall);
    eprintln!(
        "trafilatura-eval: {n_pages} pages, F1 {f1:.4} (precision {precision:.3}, recall {recall:.3})"
    );
    assert!(n_pages > 800, "{n_pages} pages");
    assert!(
        f1 >= 0.925,
        "trafilatura-eval F1 {f1:.4} fell under the floor of 0.925"
    );
}
