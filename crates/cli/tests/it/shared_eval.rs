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
