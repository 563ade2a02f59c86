//! End-to-end test of `read_paths` over one directory that mixes every kind
//! of input the readers meet: good text, Markdown and JSONL, gzip, and the
//! bad inputs of DESIGN.md's "Bad input" (empty, invalid UTF-8, a 50 MB line,
//! a gzip bomb, an unsupported type). Each must yield exactly the articles and
//! skips listed, in sorted path order.

use expect_test::expect;
use flate2::write::GzEncoder;
use flate2::Compression;
use placard_engine::text::{article_id_for_content, content_hash};
use placard_sources::{read_paths, Item, ReadLimits};
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

const MIB: usize = 1024 * 1024;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::fast());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

/// Writes `prefix`, then `n_mib` MiB of `x`, then `suffix`, one chunk at a
/// time so the test itself never holds 50 MB either.
fn write_big(path: &Path, prefix: &[u8], n_mib: usize, suffix: &[u8]) {
    let mut file = BufWriter::new(File::create(path).unwrap());
    file.write_all(prefix).unwrap();
    let chunk = vec![b'x'; MIB];
    for _ in 0..n_mib {
        file.write_all(&chunk).unwrap();
    }
    file.write_all(suffix).unwrap();
    file.flush().unwrap();
}

/// One line per item, with the temporary directory shown as `ROOT` and long
/// texts cut to a prefix.
fn render(items: &[Item], root: &Path) -> String {
    let root = root.to_string_lossy().into_owned();
    let mut rendered = String::new();
    for item in items {
        let line = match item {
            Item::Article(sourced) => {
                let article = &sourced.article;
                let text: String = article.text.chars().take(40).collect();
                let record = sourced
                    .origin
                    .record
                    .map(|line| format!(":{line}"))
                    .unwrap_or_default();
                format!(
                    "article {} from {}{record} title={:?} outlet={:?} text={text:?}",
                    article.id, sourced.origin.input, article.title, article.outlet
                )
            }
            Item::Skipped(skip) => format!("skip {skip}"),
            Item::Passed(skip) => format!("passed {skip}"),
            Item::Page(page) => format!("unextracted page from {}", page.origin().input),
        };
        rendered.push_str(&line.replace(&root, "ROOT"));
        rendered.push('\n');
    }
    rendered
}

#[test]
fn a_mixed_directory_reads_every_good_input_and_skips_every_bad_one() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).unwrap();

    let first_text = "Two dozen women held posters in Moscow.\n";
    let second_text = "Police surrounded the protesters.";
    fs::write(corpus.join("a-first.txt"), first_text).unwrap();
    fs::write(corpus.join("b-second.txt"), second_text).unwrap();
    fs::write(
        corpus.join("c-report.md"),
        "---\nid: unian-2023-11-08\noutlet: UNIAN\npublished: 2023-11-08\ntitle: Wives of mobilized rally\n---\n\n# Ignored heading\n\nOn November 7 about two dozen wives rallied.\n",
    )
    .unwrap();
    fs::write(
        corpus.join("d-feed.jsonl"),
        concat!(
            "{\"id\": \"k-1\", \"outlet\": \"Kommersant\", \"title\": \"Refused\", \"text\": \"Requests were refused.\"}\n",
            "{\"id\": 2, \"text\": \"Novosibirsk approved one.\"}\n",
            "\n",
            "{\"id\": \"k-3\", \"text\": }\n",
            "{\"text\": \"A closed seminar was held.\"}\n",
        ),
    )
    .unwrap();
    fs::write(corpus.join("e-empty.txt"), "").unwrap();
    // "Valid start. " is 13 bytes, so the stray 0xFF is at byte 13.
    fs::write(corpus.join("f-broken.txt"), b"Valid start. \xFF and more.").unwrap();
    write_big(&corpus.join("g-huge.txt"), b"", 50, b"");
    // 24 bytes of prefix + 50 MiB + 2 bytes of suffix = 52428826 bytes,
    // followed by a good line that must still be read.
    write_big(
        &corpus.join("h-huge.jsonl"),
        b"{\"id\": \"huge\", \"text\": \"",
        50,
        b"\"}\n{\"id\": \"after-huge\", \"text\": \"Still read.\"}\n",
    );
    fs::write(
        corpus.join("i-archive.jsonl.gz"),
        gzip(b"{\"id\": \"gz-1\", \"text\": \"From the archive.\"}\n{\"id\": \"gz-2\", \"html\": \"<p>x</p>\"}\n"),
    )
    .unwrap();
    // 8 MiB of zeros deflate to a few KiB but pass the 4 MiB limit below.
    let bomb = gzip(&vec![0u8; 8 * MIB]);
    assert!(bomb.len() < 64 * 1024, "bomb is {} bytes", bomb.len());
    fs::write(corpus.join("j-bomb.jsonl.gz"), bomb).unwrap();
    fs::write(
        corpus.join("k-page.html"),
        "<html><p>A short page.</p></html>",
    )
    .unwrap();
    fs::write(corpus.join(".DS_Store"), b"\x00\x01").unwrap();

    let limits = ReadLimits {
        max_article_bytes: 8 * MIB,
        max_line_bytes: MIB,
        max_decompressed_bytes: 4 * MIB as u64,
        ..ReadLimits::standard()
    };
    let started = Instant::now();
    let mut items = Vec::new();
    read_paths(std::slice::from_ref(&corpus), &limits, &mut |item| {
        items.push(item)
    });
    let elapsed = started.elapsed();

    expect![[r##"
        article a-3da75a8402c5e973 from ROOT/corpus/a-first.txt title=None outlet=None text="Two dozen women held posters in Moscow.\n"
        article a-ccaf228e3e9cd439 from ROOT/corpus/b-second.txt title=None outlet=None text="Police surrounded the protesters."
        article unian-2023-11-08 from ROOT/corpus/c-report.md title=Some("Wives of mobilized rally") outlet=Some("UNIAN") text="# Ignored heading\n\nOn November 7 about t"
        article k-1 from ROOT/corpus/d-feed.jsonl:1 title=Some("Refused") outlet=Some("Kommersant") text="Requests were refused."
        article 2 from ROOT/corpus/d-feed.jsonl:2 title=None outlet=None text="Novosibirsk approved one."
        skip ROOT/corpus/d-feed.jsonl:line 4: invalid JSON: expected value at column 23
        article a-0ea15c4573bb7eba from ROOT/corpus/d-feed.jsonl:5 title=None outlet=None text="A closed seminar was held."
        skip ROOT/corpus/e-empty.txt: empty
        skip ROOT/corpus/f-broken.txt:byte 13: invalid UTF-8
        skip ROOT/corpus/g-huge.txt: 52428800 bytes exceeds the article limit of 8388608
        skip ROOT/corpus/h-huge.jsonl:line 1: 52428826 bytes exceeds the line limit of 1048576
        article after-huge from ROOT/corpus/h-huge.jsonl:2 title=None outlet=None text="Still read."
        article gz-1 from ROOT/corpus/i-archive.jsonl.gz:1 title=None outlet=None text="From the archive."
        article gz-2 from ROOT/corpus/i-archive.jsonl.gz:2 title=None outlet=None text="x"
        skip ROOT/corpus/j-bomb.jsonl.gz:line 1: gzip data inflates to more than 4194304 bytes, the decompressed limit
        article a-ae5df353b017883b from ROOT/corpus/k-page.html title=None outlet=None text="A short page."
    "##]]
    .assert_eq(&render(&items, dir.path()));

    // The content-derived ids and hashes are those of the exact file text.
    let article = |input_suffix: &str| {
        items
            .iter()
            .find_map(|item| match item {
                Item::Article(sourced) if sourced.origin.input.ends_with(input_suffix) => {
                    Some(sourced)
                }
                _ => None,
            })
            .unwrap()
    };
    let first = article("a-first.txt");
    assert_eq!(first.article.id, article_id_for_content(first_text));
    assert_eq!(first.content_hash, content_hash(first_text));
    assert_eq!(first.article.text, first_text);
    let second = article("b-second.txt");
    assert_eq!(second.article.id, article_id_for_content(second_text));
    let report = article("c-report.md");
    assert_eq!(
        report.article.text,
        "# Ignored heading\n\nOn November 7 about two dozen wives rallied.\n"
    );
    assert_eq!(report.article.published.as_deref(), Some("2023-11-08"));
    assert_eq!(
        report.content_hash,
        content_hash("# Ignored heading On November 7 about two dozen wives rallied.")
    );
    let seminar = items
        .iter()
        .find_map(|item| match item {
            Item::Article(sourced) if sourced.origin.record == Some(5) => Some(sourced),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        seminar.article.id,
        article_id_for_content("A closed seminar was held.")
    );

    let n_articles = items
        .iter()
        .filter(|item| matches!(item, Item::Article(_)))
        .count();
    assert_eq!((n_articles, items.len() - n_articles), (10, 6));
    // Skimming 100 MB must stay cheap even in a debug build.
    assert!(elapsed.as_secs() < 10, "reading took {elapsed:?}");
}

#[test]
fn paths_are_read_in_the_order_given() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("b.txt"), "Bee.").unwrap();
    fs::write(dir.path().join("a.md"), "# Ay\nText.").unwrap();
    let paths = [dir.path().join("b.txt"), dir.path().join("a.md")];
    let mut items = Vec::new();
    read_paths(&paths, &ReadLimits::standard(), &mut |item| {
        items.push(item)
    });
    let rendered = render(&items, dir.path());
    assert!(rendered.starts_with("article a-"), "{rendered}");
    let order: Vec<&str> = rendered
        .lines()
        .map(|line| {
            line.split(" from ")
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(order, ["ROOT/b.txt", "ROOT/a.md"]);
    assert!(rendered.contains("title=Some(\"Ay\")"), "{rendered}");
}
