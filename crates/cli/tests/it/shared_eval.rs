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
