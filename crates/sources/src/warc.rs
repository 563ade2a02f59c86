//! The WARC reader: a web archive, record by record.
//!
//! A record is a `WARC/<version>` line, header lines, a blank line and
//! `Content-Length` bytes of block. Records are streamed: only a block that
//! fits [`ReadLimits::max_page_bytes`] is ever held in memory. `response`
//! records whose HTTP payload is HTML, and `resource` records that are HTML,
//! become articles (the URL from `WARC-Target-URI`, `WARC-Date` as the
//! publication time when the page names none). Every other record is passed
//! over and counted ([`Item::Passed`], reason `request record`, `not HTML
//! (content type image/gif)`, ...). A corrupt record is a [`Skip`] and the
//! reader looks for the next `WARC/` line; a truncated one is a skip that ends
//! the input. Positions are `record at byte N` of the (decompressed) stream.

use crate::http::{pending_item, response_page, Body, Counted, PageSource};
use crate::{read_error_reason, Item, ReadLimits, Skip};
use std::io::BufRead;

/// Longest header line kept; longer ones are cut (and so fail to parse).
const MAX_LINE_BYTES: usize = 64 * 1024;
/// Most header lines in one record before it is called corrupt.
const MAX_HEADER_LINES: usize = 1024;

pub(crate) fn read_warc(
    input: &str,
    reader: &mut dyn BufRead,
    limits: &ReadLimits,
    on_item: &mut dyn FnMut(Item),
) {
    let mut stream = Counted::new(reader);
    let skip = |offset: u64, reason: String| {
        Skip::new(input, Some(format!("record at byte {offset}")), reason)
    };
    // Set while looking for the next record after a corrupt one.
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
        if !line.starts_with(b"WARC/") {
            if !resyncing {
                resyncing = true;
                on_item(Item::Skipped(skip(
                    start,
                    "corrupt record: expected a WARC/ version line".into(),
                )));
            }
            continue;
        }
        resyncing = false;
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut ended = false;
        loop {
            match stream.read_line(MAX_LINE_BYTES) {
                Ok(Some(line)) if line.is_empty() => {
                    ended = true;
                    break;
                }
                Ok(Some(line)) => {
                    if headers.len() >= MAX_HEADER_LINES {
                        break;
                    }
                    let line = String::from_utf8_lossy(&line);
                    if let Some((name, value)) = line.split_once(':') {
                        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
                    }
                }
                Ok(None) => {
                    return on_item(Item::Skipped(skip(
                        start,
                        "truncated record: the input ends inside its headers".into(),
                    )))
                }
                Err(error) => {
                    return on_item(Item::Skipped(skip(start, read_error_reason(&error))))
                }
            }
        }
        let header = |name: &str| {
            headers
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.as_str())
        };
        let length = header("content-length").and_then(|value| value.parse::<u64>().ok());
        let Some(length) = length.filter(|_| ended) else {
            resyncing = true;
            let reason = if ended {
                "corrupt record: no valid Content-Length"
            } else {
                "corrupt record: too many header lines"
            };
            on_item(Item::Skipped(skip(start, reason.into())));
            continue;
        };
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
        let record_type = header("warc-type").unwrap_or("").to_ascii_lowercase();
        let content_type = header("content-type").unwrap_or("").to_ascii_lowercase();
        let url = header("warc-target-uri").map(|uri| uri.trim_matches(['<', '>']));
        let date = header("warc-date");
        let page = match record_type.as_str() {
            "response" if content_type.starts_with("application/http") => {
                response_page(&body, limits)
            }
            "response" | "resource" if content_type.starts_with("text/html") => Ok((body, None)),
            "response" | "resource" => {
                let shown = content_type.split(';').next().unwrap_or("").trim();
                let shown = if shown.is_empty() { "none" } else { shown };
                on_item(Item::Passed(skip(
                    start,
                    format!("not HTML (content type {shown})"),
                )));
                continue;
            }
            "" => {
                on_item(Item::Skipped(skip(
                    start,
                    "corrupt record: no WARC-Type".into(),
                )));
                continue;
            }
            other => {
                on_item(Item::Passed(skip(start, format!("{other} record"))));
                continue;
            }
        };
        on_item(pending_item(
            page,
            PageSource {
                input,
                offset: start,
                url,
                date,
            },
        ));
    }
}

#[cfg(test)]
mod tests;
