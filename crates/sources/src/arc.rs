//! The ARC reader: the Internet Archive's older archive format.
//!
//! A record is one header line, `URL IP-address archive-date content-type
//! length` (version 1; version 2 has more fields, the length always last),
//! then `length` bytes: the HTTP response as it came. The first record
//! (`filedesc://`) describes the file. As in the WARC reader, records are
//! streamed, HTML responses become articles (the archive date as the
//! publication time when the page names none), others are passed over and
//! counted, and corrupt or truncated records are skips at `record at byte N`.

use crate::http::{pending_item, response_page, Body, Counted, PageSource};
use crate::{read_error_reason, Item, ReadLimits, Skip};
use std::io::BufRead;

const MAX_LINE_BYTES: usize = 64 * 1024;

pub(crate) fn read_arc(
    input: &str,
    reader: &mut dyn BufRead,
    limits: &ReadLimits,
    on_item: &mut dyn FnMut(Item),
) {
    let mut stream = Counted::new(reader);
    let skip = |offset: u64, reason: String| {
        Skip::new(input, Some(format!("record at byte {offset}")), reason)
    };
    let mut resyncing = false;
    loop {
        let start = stream.offset;
        let line = match stream.read_line(MAX_LINE_BYTES) {
            Ok(Some(line)) => line,
            Ok(None) => return,
            Err(error) => return on_item(Item::Skipped(skip(start, read_error_reason(&error)))),
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let line = String::from_utf8_lossy(&line);
        let fields: Vec<&str> = line.split_ascii_whitespace().collect();
        let length = fields.last().and_then(|last| last.parse::<u64>().ok());
        let header_ok = fields.len() >= 5 && fields[0].contains(':');
        let Some(length) = length.filter(|_| header_ok) else {
            if !resyncing {
                resyncing = true;
                on_item(Item::Skipped(skip(
                    start,
                    "corrupt record: expected an ARC header line".into(),
                )));
            }
            continue;
        };
        resyncing = false;
        let body = match stream.read_body(length, limits.max_page_bytes) {
            Ok(Body::Kept(body)) => body,
            Ok(Body::TooLarge) => {
                let reason = format!(
                    "record of {length} bytes exceeds the page limit of {}",
                    limits.max_page_bytes
                );
                on_item(Item::Skipped(skip(start, reason)));
                continue;
            }
            Ok(Body::Truncated { got }) => {
                let reason = format!("truncated record: {got} of {length} bytes");
                return on_item(Item::Skipped(skip(start, reason)));
            }
            Err(error) => return on_item(Item::Skipped(skip(start, read_error_reason(&error)))),
        };
        let url = fields[0];
        if url.starts_with("filedesc:") {
            on_item(Item::Passed(skip(start, "ARC file header".into())));
            continue;
        }
        if !(url.starts_with("http:") || url.starts_with("https:")) {
            let scheme = url.split(':').next().unwrap_or("");
            on_item(Item::Passed(skip(start, format!("{scheme}: record"))));
            continue;
        }
        let date = arc_date(fields[2]);
        on_item(pending_item(
            response_page(&body, limits),
            PageSource {
                input,
                offset: start,
                url: Some(url),
                date: date.as_deref(),
            },
        ));
    }
}

/// `20080430204825` to `2008-04-30T20:48:25Z`.
fn arc_date(compact: &str) -> Option<String> {
    let digits = compact.as_bytes();
    if digits.len() < 14 || !digits[..14].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let part = |range: std::ops::Range<usize>| &compact[range];
    Some(format!(
        "{}-{}-{}T{}:{}:{}Z",
        part(0..4),
        part(4..6),
        part(6..8),
        part(8..10),
        part(10..12),
        part(12..14)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::expect;

    #[test]
    fn archive_dates_become_iso() {
        assert_eq!(
            arc_date("20080430204825").as_deref(),
            Some("2008-04-30T20:48:25Z")
        );
        assert_eq!(arc_date("2008"), None);
    }

    #[test]
    fn records_are_read_passed_and_skipped() {
        let page = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html lang=en><head><title>Rally</title></head><body><article><p>Two dozen women rallied in Moscow on Saturday, holding posters and demanding that their husbands come home.</p><p>Police surrounded them but detained nobody, the organisers said.</p></article></body></html>";
        let gif = "HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\n\r\nGIF89a";
        let mut data = "filedesc://x.arc 0.0.0.0 20080430204825 text/plain 3\nabc\n".to_owned();
        data.push_str(&format!(
            "http://example.org/a 1.2.3.4 20231107120000 text/html {}\n{page}\n",
            page.len()
        ));
        data.push_str("garbage line\nmore garbage\n");
        data.push_str(&format!(
            "http://example.org/b.gif 1.2.3.4 20231107120001 image/gif {}\n{gif}\n",
            gif.len()
        ));
        data.push_str("dns:example.org 1.2.3.4 20231107120002 text/dns 4\nabcd\n");
        data.push_str("http://example.org/c 1.2.3.4 20231107120003 text/html 500\ncut short");
        let mut rendered = String::new();
        read_arc(
            "x.arc",
            &mut data.as_bytes(),
            &ReadLimits::standard(),
            &mut |item| {
                rendered.push_str(&crate::tests::render_item(&item));
                rendered.push('\n');
            },
        );
        expect![[r#"
            passed x.arc:record at byte 0: ARC file header
            article x.arc@57 url=http://example.org/a published=2023-11-07T12:00:00Z lang=en outlet=example.org title=Rally text="Two dozen women rallied in Moscow on Saturday, holding posters and demanding that their husbands come home.\n\nPolice surrounded them but detained nobody, the organisers said."
            skipped x.arc:record at byte 446: corrupt record: expected an ARC header line
            passed x.arc:record at byte 472: not HTML (content type image/gif)
            passed x.arc:record at byte 584: dns: record
            skipped x.arc:record at byte 639: truncated record: 9 of 500 bytes
        "#]]
        .assert_eq(&rendered);
    }
}
