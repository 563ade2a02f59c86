//! Lists every mention the gazetteer resolves to a minor town (from
//! `data/towns.tsv.gz`) in a JSONL corpus on stdin, with its context, and
//! counts them: the check that minor towns stay rare and mostly right on
//! real news (development aid).
//!
//! `zcat ../shared/data/news-corpus/articles.jsonl.gz | cargo run --release -p placard-engine --example minor_towns`
#![allow(clippy::print_stdout)]
use placard_engine::gazetteer::{Gazetteer, MentionOptions};
use std::io::BufRead;

fn main() {
    let gazetteer = Gazetteer::builtin();
    let options = MentionOptions {
        with_candidates: true,
        ..MentionOptions::default()
    };
    let (mut n_texts, mut n_mentions, mut n_minor) = (0, 0, 0);
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let text = value["text"].as_str().unwrap_or("");
        n_texts += 1;
        for mention in gazetteer.find_mentions_with(text, &options) {
            n_mentions += 1;
            if !mention
                .candidates
                .first()
                .is_some_and(|candidate| candidate.minor)
            {
                continue;
            }
            n_minor += 1;
            let mut start = mention.span[0].saturating_sub(60);
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (mention.span[1] + 30).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            println!(
                "{} | {} {} {} | {}",
                value["id"],
                mention.record.name,
                mention.record.country,
                mention.record.population,
                text[start..end].replace('\n', " ")
            );
        }
    }
    println!("texts {n_texts}, place mentions {n_mentions}, minor towns {n_minor}");
}
