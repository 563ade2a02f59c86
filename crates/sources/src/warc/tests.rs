//! WARC and ARC reader tests: records written here, and every record of the
//! real archives in `../shared/data/warc` accounted for (skipped, with a
//! message, when `../shared` is absent).

use super::*;
use crate::tests::render_item;
use crate::{read_paths, ReadLimits};
use expect_test::expect;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

fn record(headers: &[(&str, &str)], block: &str) -> String {
    let mut record = "WARC/1.0\r\n".to_owned();
    for (name, value) in headers {
        record.push_str(&format!("{name}: {value}\r\n"));
    }
    record.push_str(&format!(
        "Content-Length: {}\r\n\r\n{block}\r\n\r\n",
        block.len()
    ));
    record
}

const PAGE: &str = "<html lang=\"uk\"><head><meta charset=\"utf-8\"><title>Страйк у порту</title></head><body><nav><a href=\"/\">Головна</a></nav><article><p>Докери одеського порту в понеділок розпочали страйк, вимагаючи підвищення зарплат і безпечних умов праці.</p><p>Адміністрація порту заявила, що готова до переговорів.</p></article></body></html>";

fn read(data: &[u8], limits: &ReadLimits) -> String {
    let mut rendered = String::new();
    read_warc("a.warc", &mut &data[..], limits, &mut |item| {
        rendered.push_str(&render_item(&item));
        rendered.push('\n');
    });
    rendered
}

#[test]
fn records_become_articles_passes_and_skips() {
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{PAGE}\r\n0\r\n\r\n",
        PAGE.len()
    );
    let mut data = record(
        &[
            ("WARC-Type", "warcinfo"),
            ("Content-Type", "application/warc-fields"),
        ],
        "software: test\r\n",
    );
    data += &record(
        &[
            ("WARC-Type", "request"),
            ("WARC-Target-URI", "https://port.example.ua/news/strike"),
            ("Content-Type", "application/http; msgtype=request"),
        ],
        "GET /news/strike HTTP/1.1\r\n\r\n",
    );
    data += &record(
        &[
            ("WARC-Type", "response"),
            ("WARC-Target-URI", "<https://port.example.ua/news/strike>"),
            ("WARC-Date", "2024-05-20T08:00:00Z"),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        &response,
    );
    data += &record(
        &[
            ("WARC-Type", "response"),
            ("WARC-Target-URI", "https://port.example.ua/logo.png"),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\u{89}PNG",
    );
    data += "this is not a record\r\nnor this\r\n\r\n";
    data += "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: lots\r\n\r\n";
    data += &record(
        &[
            ("WARC-Type", "response"),
            ("WARC-Target-URI", "https://port.example.ua/moved"),
            ("Content-Type", "application/http; msgtype=response"),
        ],
        "HTTP/1.1 301 Moved Permanently\r\nLocation: /news\r\nContent-Type: text/html\r\n\r\n<a href=/news>moved</a>",
    );
    data += "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 1000\r\n\r\ncut off";
    expect![[r#"
        passed a.warc:record at byte 0: warcinfo record
        passed a.warc:record at byte 112: request record
        article a.warc@300 url=https://port.example.ua/news/strike published=2024-05-20T08:00:00Z lang=uk outlet=port.example.ua title=Страйк у порту text="Докери одеського порту в понеділок розпочали страйк, вимагаючи підвищення зарплат і безпечних умов праці.\n\nАдміністрація порту заявила, що готова до переговорів."
        passed a.warc:record at byte 1077: not HTML (content type image/png)
        skipped a.warc:record at byte 1284: corrupt record: expected a WARC/ version line
        skipped a.warc:record at byte 1318: corrupt record: no valid Content-Length
        passed a.warc:record at byte 1373: HTTP status 301
        skipped a.warc:record at byte 1627: truncated record: 7 of 1000 bytes
    "#]]
    .assert_eq(&read(data.as_bytes(), &ReadLimits::standard()));
}

#[test]
fn oversized_records_are_streamed_past() {
    let big = "x".repeat(5000);
    let mut data = record(
        &[("WARC-Type", "resource"), ("Content-Type", "text/html")],
        &big,
    );
    data += &record(&[("WARC-Type", "metadata")], "k: v");
    let limits = ReadLimits {
        max_page_bytes: 1000,
        ..ReadLimits::standard()
    };
    expect![[r#"
        skipped a.warc:record at byte 0: record of 5000 bytes exceeds the page limit of 1000
        passed a.warc:record at byte 5084: metadata record
    "#]]
    .assert_eq(&read(data.as_bytes(), &limits));
}

/// Cut anywhere and mutated, a WARC still reads without a panic.
#[test]
fn mutated_archives_never_panic() {
    let response = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{PAGE}");
    let mut data = record(&[("WARC-Type", "warcinfo")], "x: y");
    data += &record(
        &[
            ("WARC-Type", "response"),
            ("Content-Type", "application/http"),
        ],
        &response,
    );
    let data = data.into_bytes();
    let limits = ReadLimits::standard();
    let mut rng = fastrand::Rng::with_seed(5);
    for _ in 0..300 {
        let mut mutated = data[..rng.usize(..=data.len())].to_vec();
        for _ in 0..rng.usize(0..4) {
            if !mutated.is_empty() {
                let at = rng.usize(..mutated.len());
                mutated[at] = rng.u8(..);
            }
        }
        read_warc("m.warc", &mut &mutated[..], &limits, &mut |_| {});
        crate::arc::read_arc("m.arc", &mut &mutated[..], &limits, &mut |_| {});
    }
}

fn shared_warc_dir() -> Option<PathBuf> {
    let shared = std::env::var_os("PLACARD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    let dir = shared.join("data/warc/small-arcs-and-warcs");
    dir.is_dir().then_some(dir)
}

/// Counts records independently of the readers: WARC version lines, or ARC
/// header lines, at the start of a line in the decompressed bytes.
fn count_records(path: &Path) -> usize {
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).unwrap();
    if path.extension().is_some_and(|ext| ext == "gz") {
        // A truncated gzip member ends in an error; the bytes before it count.
        let _ = flate2::read::MultiGzDecoder::new(file).read_to_end(&mut bytes);
    } else {
        std::io::BufReader::new(file)
            .read_to_end(&mut bytes)
            .unwrap();
    }
    // ARC writers do not always end a record with a newline, so a header
    // line is not always at the start of a line.
    let arc_header = regex::bytes::Regex::new(
        r"(?:filedesc|https?|dns):\S+ \d+\.\d+\.\d+\.\d+ \d{14} \S+ \d+\r?\n",
    )
    .unwrap();
    let warc_header = regex::bytes::Regex::new(r"(?m)^WARC/\d\.\d+\r?$").unwrap();
    if bytes.starts_with(b"WARC/") {
        warc_header.find_iter(&bytes).count()
    } else {
        arc_header.find_iter(&bytes).count()
    }
}

/// Every record of the UK Web Archive's small test files is an article, a
/// counted pass or a counted skip: nothing is lost and nothing is counted
/// twice.
#[test]
fn every_record_of_the_real_archives_is_accounted_for() {
    let Some(dir) = shared_warc_dir() else {
        eprintln!("skipped: ../shared/data/warc is absent (set PLACARD_SHARED to its parent), so the real archives cannot be read");
        return;
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            let name = path.file_name().unwrap().to_string_lossy();
            name.contains(".arc") || name.contains(".warc")
        })
        .collect();
    paths.sort();
    let mut report = String::new();
    for path in paths {
        let mut offsets = Vec::new();
        let mut tally: BTreeMap<String, usize> = BTreeMap::new();
        read_paths(
            std::slice::from_ref(&path),
            &ReadLimits::standard(),
            &mut |item| {
                let item = item.extracted(&ReadLimits::standard());
                let (key, origin_record) = match &item {
                    Item::Article(sourced) => ("article".to_owned(), sourced.origin.record),
                    Item::Passed(skip) => (format!("passed: {}", skip.reason), None),
                    Item::Skipped(skip) => (format!("skipped: {}", skip.reason), None),
                    Item::Page(page) => ("unextracted page".to_owned(), page.origin().record),
                };
                let offset = match &item {
                    Item::Article(_) | Item::Page(_) => origin_record,
                    Item::Passed(skip) | Item::Skipped(skip) => skip
                        .position
                        .as_deref()
                        .and_then(|position| position.strip_prefix("record at byte "))
                        .and_then(|offset| offset.parse().ok()),
                };
                offsets.push(offset.expect("every item names its record"));
                *tally.entry(key).or_default() += 1;
            },
        );
        let n_items = offsets.len();
        offsets.sort_unstable();
        offsets.dedup();
        assert_eq!(
            offsets.len(),
            n_items,
            "{}: a record reported twice",
            path.display()
        );
        let n_records = count_records(&path);
        assert_eq!(n_items, n_records, "{}: {tally:?}", path.display());
        report.push_str(&format!(
            "{} ({n_records} records)\n",
            path.file_name().unwrap().to_string_lossy()
        ));
        for (key, count) in tally {
            report.push_str(&format!("  {count} {key}\n"));
        }
    }
    expect![[r#"
        IAH-20080430204825-00000-blackbook-truncated.arc (9 records)
          2 article
          1 passed: ARC file header
          1 passed: dns: record
          1 passed: not HTML (content type image/gif)
          1 passed: not HTML (content type image/jpeg)
          1 passed: not HTML (content type image/png)
          1 passed: not HTML (content type text/plain)
          1 passed: not HTML (content type text/xml)
        IAH-20080430204825-00000-blackbook-truncated.arc.gz (9 records)
          2 article
          1 passed: ARC file header
          1 passed: dns: record
          1 passed: not HTML (content type image/gif)
          1 passed: not HTML (content type image/jpeg)
          1 passed: not HTML (content type image/png)
          1 passed: not HTML (content type text/plain)
          1 passed: not HTML (content type text/xml)
        IAH-20080430204825-00000-blackbook-truncated.warc (23 records)
          2 article
          7 passed: metadata record
          1 passed: not HTML (content type image/gif)
          1 passed: not HTML (content type image/jpeg)
          1 passed: not HTML (content type image/png)
          1 passed: not HTML (content type text/dns)
          1 passed: not HTML (content type text/plain)
          1 passed: not HTML (content type text/xml)
          7 passed: request record
          1 passed: warcinfo record
        IAH-20080430204825-00000-blackbook-truncated.warc.gz (23 records)
          2 article
          7 passed: metadata record
          1 passed: not HTML (content type image/gif)
          1 passed: not HTML (content type image/jpeg)
          1 passed: not HTML (content type image/png)
          1 passed: not HTML (content type text/dns)
          1 passed: not HTML (content type text/plain)
          1 passed: not HTML (content type text/xml)
          7 passed: request record
          1 passed: warcinfo record
        IAH-urls-wget.warc.gz (36 records)
          2 article
          2 passed: HTTP status 301
          7 passed: HTTP status 302
          1 passed: not HTML (content type image/gif)
          1 passed: not HTML (content type image/jpeg)
          1 passed: not HTML (content type image/png)
          4 passed: not HTML (content type text/plain)
          1 passed: not HTML (content type text/xml)
          16 passed: request record
          1 passed: warcinfo record
    "#]]
    .assert_eq(&report);
}
