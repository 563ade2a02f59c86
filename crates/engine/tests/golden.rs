//! Golden tests of the whole extraction: every `test_data/extract/*.txt`
//! (metadata lines, a blank line, then the article text) is extracted and
//! rendered compactly; the rendering must equal the `.expected` file beside
//! it. A missing `.expected` is written and the test fails so that it gets
//! read and checked by hand; `UPDATE_EXPECT=1` rewrites them all.

use placard_engine::pipeline::ExtractorConfig;
use placard_engine::{Article, Report};
use std::path::Path;

fn render(article: &Article, reports: &[Report]) -> String {
    let characters: Vec<char> = article.text.chars().collect();
    let slice = |span: [usize; 2]| -> String { characters[span[0]..span[1]].iter().collect() };
    let index_of = |id: &str| reports.iter().position(|report| report.report_id == id);
    let mut lines = Vec::new();
    for (index, report) in reports.iter().enumerate() {
        let mut line = format!("#{index} {}", report.kind);
        if let Some(mode) = &report.mode {
            line.push_str(&format!("/{mode}"));
        }
        line.push_str(&format!(" {}", report.modality.as_str()));
        if let Some(date) = &report.date {
            line.push_str(&format!(" date={}..{}", date.start, date.end));
        }
        if let Some(place) = &report.place {
            line.push_str(&format!(
                " place={}({})",
                place.name,
                place
                    .geonames_id
                    .map(|id| id.to_string())
                    .unwrap_or_else(|| place.country.clone().unwrap_or_default())
            ));
        }
        if let Some(actor) = &report.actor {
            line.push_str(&format!(
                " actor={:?}:{}",
                actor.text,
                actor.group.map(|group| group.as_str()).unwrap_or("-")
            ));
        }
        for (name, count) in [("size", &report.size), ("detained", &report.detained)] {
            if let Some(count) = count {
                line.push_str(&format!(
                    " {name}={:?}:{}-{}",
                    count.text, count.low, count.high
                ));
            }
        }
        for claim in &report.claims {
            line.push_str(&format!(" claim={:?}", claim.text));
        }
        if let Some(reason) = &report.reason {
            line.push_str(&format!(" reason={:?}", reason.text));
        }
        for condition in &report.conditions {
            line.push_str(&format!(" condition={:?}", condition.text));
        }
        let sources: Vec<String> = report
            .sources
            .iter()
            .map(|source| format!("{}:{:?}", source.name, source.source_type).to_lowercase())
            .collect();
        line.push_str(&format!(" sources=[{}]", sources.join(", ")));
        if let Some(target) = report.response_to.as_deref().and_then(index_of) {
            line.push_str(&format!(" answers=#{target}"));
        }
        let evidence: Vec<String> = report
            .evidence
            .iter()
            .map(|span| format!("{:?}", slice(*span)))
            .collect();
        line.push_str(&format!(" evidence=[{}]", evidence.join(", ")));
        lines.push(line);
    }
    lines.join("\n") + "\n"
}

fn parse_fixture(name: &str, content: &str) -> Article {
    let (header, text) = content
        .split_once("\n\n")
        .expect("metadata, blank line, text");
    let mut article = Article {
        id: name.to_string(),
        url: None,
        outlet: None,
        published: None,
        language: Some("en".into()),
        title: None,
        text: text.to_string(),
    };
    for line in header.lines() {
        let (key, value) = line.split_once(": ").expect("key: value");
        match key {
            "published" => article.published = Some(value.into()),
            "outlet" => article.outlet = Some(value.into()),
            "language" => article.language = Some(value.into()),
            other => panic!("{name}: unknown metadata key {other}"),
        }
    }
    article
}

#[test]
fn extract_golden_files() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/extract");
    let extractor = ExtractorConfig::all_languages().build().unwrap();
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut paths: Vec<_> = std::fs::read_dir(&directory)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 5, "fixtures present");
    let mut failures = Vec::new();
    for path in paths {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let article = parse_fixture(&name, &std::fs::read_to_string(&path).unwrap());
        let rendered = render(&article, &extractor.extract(&article).reports);
        let expected_path = path.with_extension("expected");
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == rendered => {}
            Ok(_) if update => std::fs::write(&expected_path, &rendered).unwrap(),
            Ok(expected) => failures.push(format!(
                "{name}:\n--- expected\n{expected}--- actual\n{rendered}"
            )),
            Err(_) => {
                std::fs::write(&expected_path, &rendered).unwrap();
                if !update {
                    failures.push(format!("{name}: wrote a new .expected; check it by hand"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
