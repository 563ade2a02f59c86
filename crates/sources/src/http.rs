//! Archived HTTP responses (the payload of WARC `response` and ARC records)
//! to pages, and the byte-counting stream both archive readers walk.
//!
//! A response is kept as an article only when its status is 2xx and its
//! `Content-Type` is HTML; everything else is a counted skip that says why.
//! Chunked transfer encoding and gzip/deflate content encoding, which
//! archives keep as they came over the wire, are undone (the inflated size
//! capped by the page limit).

use crate::{Item, NoArticle, Origin, PendingPage, ReadLimits, Skip};
use flate2::read::{MultiGzDecoder, ZlibDecoder};
use std::io::{self, BufRead, Read};

/// The HTML body of one archived response and its HTTP charset, or the
/// reason there is none.
pub(crate) fn response_page(
    response: &[u8],
    limits: &ReadLimits,
) -> Result<(Vec<u8>, Option<String>), NoArticle> {
    let mut header_capacity = 64;
    let (status, header_len, headers) = loop {
        let mut headers = vec![httparse::EMPTY_HEADER; header_capacity];
        let mut parsed = httparse::Response::new(&mut headers);
        match parsed.parse(response) {
            Ok(httparse::Status::Complete(header_len)) => {
                let status = parsed.code.unwrap_or(0);
                let owned: Vec<(String, String)> = parsed
                    .headers
                    .iter()
                    .map(|header| {
                        (
                            header.name.to_ascii_lowercase(),
                            String::from_utf8_lossy(header.value).trim().to_owned(),
                        )
                    })
                    .collect();
                break (status, header_len, owned);
            }
            Ok(httparse::Status::Partial) => {
                return Err(NoArticle::Skipped("truncated HTTP headers".into()))
            }
            Err(httparse::Error::TooManyHeaders) if header_capacity < 1024 => {
                header_capacity *= 4;
            }
            Err(error) => {
                return Err(NoArticle::Skipped(format!(
                    "invalid HTTP response: {error}"
                )))
            }
        }
    };
    let header = |name: &str| {
        headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    if !(200..300).contains(&status) {
        return Err(NoArticle::Passed(format!("HTTP status {status}")));
    }
    let content_type = header("content-type").unwrap_or("");
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime != "text/html" && mime != "application/xhtml+xml" {
        let shown = if mime.is_empty() { "none" } else { &mime };
        return Err(NoArticle::Passed(format!(
            "not HTML (content type {shown})"
        )));
    }
    let charset = content_type.split(';').skip(1).find_map(|parameter| {
        let (key, value) = parameter.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(['"', '\'']))
    });
    let mut body = std::borrow::Cow::Borrowed(&response[header_len..]);
    if header("transfer-encoding")
        .is_some_and(|value| value.to_ascii_lowercase().contains("chunked"))
    {
        body = std::borrow::Cow::Owned(dechunk(&body));
    }
    match header("content-encoding")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("" | "identity") => {}
        Some(encoding @ ("gzip" | "x-gzip" | "deflate")) => {
            body = std::borrow::Cow::Owned(
                inflate(&body, encoding, limits).map_err(NoArticle::Skipped)?,
            );
        }
        Some(other) => {
            return Err(NoArticle::Skipped(format!(
                "unsupported content encoding {other}"
            )))
        }
    }
    Ok((body.into_owned(), charset.map(str::to_owned)))
}

/// Where an archived page came from.
pub(crate) struct PageSource<'a> {
    pub input: &'a str,
    /// Byte offset of the record.
    pub offset: u64,
    pub url: Option<&'a str>,
    /// The capture date, the publication time of last resort.
    pub date: Option<&'a str>,
}

/// The item for an archived response: a page to extract, or why not.
pub(crate) fn pending_item(
    page: Result<(Vec<u8>, Option<String>), NoArticle>,
    source: PageSource<'_>,
) -> Item {
    let position = Some(format!("record at byte {}", source.offset));
    match page {
        Ok((bytes, http_charset)) => Item::Page(PendingPage {
            bytes,
            http_charset,
            url: source.url.map(str::to_owned),
            fallback_published: source.date.map(str::to_owned),
            origin: Origin {
                input: source.input.to_owned(),
                record: Some(source.offset),
            },
            position,
        }),
        Err(NoArticle::Passed(reason)) => Item::Passed(Skip::new(source.input, position, reason)),
        Err(NoArticle::Skipped(reason)) => Item::Skipped(Skip::new(source.input, position, reason)),
    }
}

/// Undoes chunked transfer encoding; a broken chunk ends the body where it
/// breaks (archives cut responses, and the part kept is still the page).
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    while let Some(line_end) = body.iter().position(|&byte| byte == b'\n') {
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_text, 16) else {
            break;
        };
        body = &body[line_end + 1..];
        if size == 0 {
            break;
        }
        let take = size.min(body.len());
        out.extend_from_slice(&body[..take]);
        body = &body[take..];
        body = body
            .strip_prefix(b"\r\n")
            .or_else(|| body.strip_prefix(b"\n"))
            .unwrap_or(body);
    }
    out
}

fn inflate(body: &[u8], encoding: &str, limits: &ReadLimits) -> Result<Vec<u8>, String> {
    let cap = u64::try_from(limits.max_page_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut out = Vec::new();
    let result = if encoding == "deflate" {
        ZlibDecoder::new(body).take(cap).read_to_end(&mut out)
    } else {
        MultiGzDecoder::new(body).take(cap).read_to_end(&mut out)
    };
    if let Err(error) = result {
        return Err(format!("cannot inflate the {encoding} body: {error}"));
    }
    if out.len() > limits.max_page_bytes {
        return Err(format!(
            "{encoding} body inflates to more than the page limit of {} bytes",
            limits.max_page_bytes
        ));
    }
    Ok(out)
}

/// A buffered stream that knows how many bytes it has handed out, so every
/// record and every skip can name its offset.
pub(crate) struct Counted<'a> {
    reader: &'a mut dyn BufRead,
    /// Bytes consumed so far.
    pub offset: u64,
}

/// What [`Counted::read_body`] got.
pub(crate) enum Body {
    /// The whole body.
    Kept(Vec<u8>),
    /// Larger than the limit; streamed past, not kept.
    TooLarge,
    /// The stream ended after `got` bytes.
    Truncated { got: u64 },
}

impl<'a> Counted<'a> {
    pub(crate) fn new(reader: &'a mut dyn BufRead) -> Counted<'a> {
        Counted { reader, offset: 0 }
    }

    /// The next line without its line break, at most `max` bytes kept;
    /// `None` at the end of the stream.
    pub(crate) fn read_line(&mut self, max: usize) -> io::Result<Option<Vec<u8>>> {
        let mut line = Vec::new();
        let mut started = false;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.is_empty() {
                return Ok(started.then_some(line));
            }
            started = true;
            let newline = available.iter().position(|&byte| byte == b'\n');
            let chunk_len = newline.unwrap_or(available.len());
            let room = max.saturating_sub(line.len());
            line.extend_from_slice(&available[..chunk_len.min(room)]);
            let consumed = chunk_len + usize::from(newline.is_some());
            self.reader.consume(consumed);
            self.offset += consumed as u64;
            if newline.is_some() {
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                return Ok(Some(line));
            }
        }
    }

    /// Reads a body of `length` bytes, keeping it only if it fits `max`.
    pub(crate) fn read_body(&mut self, length: u64, max: usize) -> io::Result<Body> {
        let keep = length <= max as u64;
        let mut kept = Vec::new();
        let mut remaining = length;
        while remaining > 0 {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if available.is_empty() {
                return Ok(Body::Truncated {
                    got: length - remaining,
                });
            }
            let n_bytes = available
                .len()
                .min(usize::try_from(remaining).unwrap_or(usize::MAX));
            if keep {
                kept.extend_from_slice(&available[..n_bytes]);
            }
            self.reader.consume(n_bytes);
            self.offset += n_bytes as u64;
            remaining -= n_bytes as u64;
        }
        Ok(if keep {
            Body::Kept(kept)
        } else {
            Body::TooLarge
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies_are_joined() {
        assert_eq!(
            dechunk(b"5\r\nhello\r\n7;x=y\r\n, world\r\n0\r\n\r\n"),
            b"hello, world"
        );
        // Cut in the middle of a chunk: what arrived is kept.
        assert_eq!(dechunk(b"5\r\nhel"), b"hel");
        assert_eq!(dechunk(b"zz\r\nhello"), b"");
    }

    #[test]
    fn non_html_and_errors_are_reasons() {
        let limits = ReadLimits::standard();
        let reason = |response: &[u8]| match response_page(response, &limits) {
            Ok((body, charset)) => format!("page of {} bytes, charset {charset:?}", body.len()),
            Err(NoArticle::Passed(reason)) => format!("passed: {reason}"),
            Err(NoArticle::Skipped(reason)) => reason,
        };
        assert_eq!(
            reason(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>x</p>"),
            "passed: HTTP status 404"
        );
        assert_eq!(
            reason(b"HTTP/1.1 200 OK\r\nContent-Type: image/gif\r\n\r\nGIF89a"),
            "passed: not HTML (content type image/gif)"
        );
        assert_eq!(
            reason(b"HTTP/1.1 200 OK\r\n\r\nplain"),
            "passed: not HTML (content type none)"
        );
        assert_eq!(
            reason(b"HTTP/1.1 200 OK\r\nContent-Ty"),
            "truncated HTTP headers"
        );
        assert_eq!(
            reason(b"\x00\x01garbage\r\n\r\n"),
            "invalid HTTP response: invalid HTTP version"
        );
        assert_eq!(
            reason(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\nnot gzip"),
            "cannot inflate the gzip body: unexpected end of file"
        );
    }
}
