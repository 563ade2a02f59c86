//! How fast is the block extractor, timed as Python trafilatura is (pages
//! already in memory, no start-up, no output)? Runs `src/html/blocks.rs`
//! (the default HTML extractor, see there) on every page of a directory.
//!
//! `cargo run --release -p placard-sources --example streaming_extractor -- DIR > OUT.jsonl`
//! writes `{"file", "text"}` lines that `bench/extract_html.py score` reads,
//! and prints its speed on stderr.

use std::time::Instant;

#[path = "../src/html/blocks.rs"]
#[allow(dead_code)] // The metadata tags `scan` collects are not needed here.
mod blocks;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: streaming_extractor DIR > OUT.jsonl");
        std::process::exit(2);
    };
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("a readable directory")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.is_file())
        .collect();
    names.sort();
    let pages: Vec<Vec<u8>> = names
        .iter()
        .map(|path| std::fs::read(path).expect("a readable page"))
        .collect();
    let started = Instant::now();
    let texts: Vec<String> = pages
        .iter()
        .map(|page| blocks::main_text(&decode(page)))
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    let mut out = String::new();
    for (path, text) in names.iter().zip(&texts) {
        let file = path.file_name().unwrap_or_default().to_string_lossy();
        out.push_str(&serde_json::json!({"file": file, "text": text}).to_string());
        out.push('\n');
    }
    std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes())
        .expect("stdout written");
    eprintln!(
        "streaming extractor: {} pages in {seconds:.2} s, {:.1} pages/s (decoding included)",
        pages.len(),
        pages.len() as f64 / seconds
    );
}

/// The page's declared charset, else UTF-8 (the library's `html::decode`
/// does more: BOM, HTTP header, chardetng).
fn decode(page: &[u8]) -> String {
    let head = String::from_utf8_lossy(&page[..page.len().min(4096)]).to_ascii_lowercase();
    let declared = head.find("charset=").and_then(|at| {
        let label: String = head[at + 8..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    });
    let encoding = match declared {
        Some(encoding) if std::str::from_utf8(page).is_err() => encoding.output_encoding(),
        _ => encoding_rs::UTF_8,
    };
    encoding.decode_without_bom_handling(page).0.into_owned()
}
