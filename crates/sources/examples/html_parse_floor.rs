//! How fast can an extractor be? Times, on the pages of a directory,
//! decoding alone, html5ever's tokenizer alone (the floor of a streaming
//! extractor on it), building the html5ever tree (what the trafilatura crate
//! starts with), and the crate's whole extraction.
//!
//! `cargo run --release -p placard-sources --example html_parse_floor -- DIR`
//! (bench/extract_html.sh writes such a directory to
//! target/bench-extract/pages).

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::Cell;
use std::time::Instant;

/// Counts tokens; what a streaming extractor would do with them is left out.
struct CountTokens(Cell<u64>);

impl TokenSink for CountTokens {
    type Handle = ();

    fn process_token(&self, _token: Token, _line_number: u64) -> TokenSinkResult<()> {
        self.0.set(self.0.get() + 1);
        TokenSinkResult::Continue
    }
}

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: html_parse_floor DIR");
        std::process::exit(2);
    };
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("a readable directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_file() {
            pages.push(std::fs::read(&path).expect("a readable page"));
        }
    }
    let n_pages = pages.len() as f64;
    let n_bytes: usize = pages.iter().map(Vec::len).sum();
    let started = Instant::now();
    let texts: Vec<String> = pages
        .iter()
        .map(|page| encoding_rs::UTF_8.decode(page).0.into_owned())
        .collect();
    let decode = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut n_tokens = 0;
    for text in &texts {
        let tokenizer = Tokenizer::new(CountTokens(Cell::new(0)), TokenizerOpts::default());
        let queue = BufferQueue::default();
        queue.push_back(StrTendril::from_slice(text));
        let _ = tokenizer.feed(&queue);
        tokenizer.end();
        n_tokens += tokenizer.sink.0.get();
    }
    let tokenize = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for text in &texts {
        std::hint::black_box(trafilatura::dom::Document::parse(text));
    }
    let parse = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let options = trafilatura::Options::default().with_exclude_comments(true);
    for text in &texts {
        let _ = std::hint::black_box(trafilatura::extract(text, &options));
    }
    let extract = started.elapsed().as_secs_f64();
    eprintln!(
        "{n_pages} pages, {:.0} KB on average\n\
         decode only:      {:7.1} pages/s ({:.2} ms/page)\n\
         html5ever tokens: {:7.1} pages/s ({:.2} ms/page, {n_tokens} tokens)\n\
         html5ever tree:   {:7.1} pages/s ({:.2} ms/page)\n\
         whole extraction: {:7.1} pages/s ({:.2} ms/page)",
        n_bytes as f64 / n_pages / 1000.0,
        n_pages / decode,
        decode * 1000.0 / n_pages,
        n_pages / tokenize,
        tokenize * 1000.0 / n_pages,
        n_pages / parse,
        parse * 1000.0 / n_pages,
        n_pages / extract,
        extract * 1000.0 / n_pages,
    );
}
