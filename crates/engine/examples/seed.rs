//! Prints the reports of gold articles given on the command line (development aid).
fn main() {
    let path = std::env::args().nth(1).expect("gold file");
    let data = std::fs::read_to_string(&path).expect("readable");
    let (gold, errors) = placard_engine::eval::parse_gold(&path, &data);
    assert!(errors.is_empty(), "{errors:?}");
    let extractor = placard_engine::pipeline::ExtractorConfig::all_languages()
        .build()
        .unwrap();
    let mut pairs = Vec::new();
    for article in gold {
        let extraction = extractor.extract(&article.article);
        if std::env::var("SHOW").is_ok() {
            for report in &extraction.reports {
                eprintln!("{}", serde_json::to_string(report).unwrap());
            }
        }
        pairs.push((article, extraction.reports));
    }
    let report = placard_engine::eval::score(&pairs, &placard_engine::eval::LowercaseNames);
    eprintln!("{}", report.render_table());
}
