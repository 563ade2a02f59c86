//! The article JSONL reader: one JSON object per line.
//!
//! Each line is `{"id"?, "url"?, "outlet"?, "published"?, "language"?,
//! "title"?, "text" | "html"}`; other keys are ignored so files written by
//! `placard read` (which adds `source`) read back. Lines are read through a
//! bounded buffer: a line longer than [`ReadLimits::max_line_bytes`] streams
//! past and is skipped without ever being held in memory, so a 1 GB line costs
//! no more than the limit.

use crate::html::{extract, PageContext};
use crate::{
    invalid_utf8_reason, read_error_reason, ArticleFields, Item, Origin, ReadLimits, Skip, UTF8_BOM,
};
use serde::Deserialize;
use serde_json::error::Category;
use serde_json::Value;
use std::io::{self, BufRead};

/// Reads article JSONL held in memory, such as the demo corpora embedded in
/// the binary. `input_name` names the data in origins and skips.
///
/// ```
/// use placard_sources::{read_jsonl_str, Item, ReadLimits};
/// let data = "{\"id\": 7, \"text\": \"Two dozen women rallied.\"}\n\noops\n";
/// let mut items = Vec::new();
/// read_jsonl_str("demo.jsonl", data, &ReadLimits::standard(), &mut |item| items.push(item));
/// assert!(matches!(&items[0], Item::Article(a) if a.article.id == "7"));
/// assert!(matches!(&items[1], Item::Skipped(s)
///     if s.to_string() == "demo.jsonl:line 3: invalid JSON: expected value at column 1"));
/// ```
pub fn read_jsonl_str(
    input_name: &str,
    data: &str,
    limits: &ReadLimits,
    on_item: &mut dyn FnMut(Item),
) {
    read_jsonl(input_name, &mut data.as_bytes(), limits, on_item);
}

/// Reads article JSONL from any buffered reader: files, stdin, gzip streams.
/// A read error ends this input (with a skip naming the line); a bad line
/// skips only that line.
pub(crate) fn read_jsonl(
    input: &str,
    reader: &mut dyn BufRead,
    limits: &ReadLimits,
    on_item: &mut dyn FnMut(Item),
) {
    let mut line = Vec::new();
    let mut line_number: u64 = 0;
    loop {
        line_number += 1;
        let position = || Some(format!("line {line_number}"));
        match next_line(reader, &mut line, limits.max_line_bytes) {
            Ok(Line::End) => return,
            Ok(Line::Complete) => {}
            Ok(Line::TooLong { length }) => {
                let reason = format!(
                    "{length} bytes exceeds the line limit of {}",
                    limits.max_line_bytes
                );
                on_item(Item::Skipped(Skip::new(input, position(), reason)));
                continue;
            }
            Err(error) => {
                let reason = read_error_reason(&error);
                on_item(Item::Skipped(Skip::new(input, position(), reason)));
                return;
            }
        }
        let mut bytes = &line[..];
        let mut bom_len = 0;
        if line_number == 1 {
            if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
                bytes = rest;
                bom_len = UTF8_BOM.len();
            }
        }
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => on_item(parse_record(input, line_number, text, limits)),
            Err(error) => {
                let reason = format!(
                    "{} at byte {} of the line",
                    invalid_utf8_reason(bytes),
                    bom_len + error.valid_up_to()
                );
                on_item(Item::Skipped(Skip::new(input, position(), reason)));
            }
        }
    }
}

/// What [`next_line`] found.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// The buffer holds the next line, without its `\n`.
    Complete,
    /// The next line was longer than the limit and has been discarded.
    TooLong { length: u64 },
    /// No more input.
    End,
}

/// Reads the next line into `line`, keeping at most `max` bytes of it.
///
/// `BufRead::read_until` would grow the buffer to the whole line, so this
/// works chunk by chunk on `fill_buf`: once a line passes `max`, the rest of
/// it is only counted and consumed until its newline.
fn next_line(reader: &mut dyn BufRead, line: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    line.clear();
    let mut length: u64 = 0;
    let mut too_long = false;
    let mut started = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok(match (started, too_long) {
                (false, _) => Line::End,
                (true, false) => Line::Complete,
                (true, true) => Line::TooLong { length },
            });
        }
        started = true;
        let newline = available.iter().position(|&byte| byte == b'\n');
        let chunk_len = newline.unwrap_or(available.len());
        length += chunk_len as u64;
        if !too_long {
            if length > max as u64 {
                too_long = true;
                line.clear();
            } else {
                line.extend_from_slice(&available[..chunk_len]);
            }
        }
        reader.consume(chunk_len + usize::from(newline.is_some()));
        if newline.is_some() {
            return Ok(if too_long {
                Line::TooLong { length }
            } else {
                Line::Complete
            });
        }
    }
}

/// One input line as serde sees it. `id` stays a raw value because inputs
/// give it as a string or a number and both are accepted.
#[derive(Deserialize)]
#[serde(expecting = "an article object")]
struct Record {
    id: Option<Value>,
    url: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    language: Option<String>,
    title: Option<String>,
    text: Option<String>,
    html: Option<String>,
}

/// Parses one non-blank line into an article or a skip.
fn parse_record(input: &str, line_number: u64, line: &str, limits: &ReadLimits) -> Item {
    let skip = |reason: String| {
        Item::Skipped(Skip::new(
            input,
            Some(format!("line {line_number}")),
            reason,
        ))
    };
    // serde's derived struct also accepts a JSON array as positional fields;
    // an article is an object, so anything else is named for what it is.
    if !line.trim_start().starts_with('{') {
        return skip(match serde_json::from_str::<Value>(line) {
            Ok(value) => format!(
                "invalid article record: expected an article object, found {}",
                json_type_name(&value)
            ),
            Err(error) => json_reason(&error),
        });
    }
    let record: Record = match serde_json::from_str(line) {
        Ok(record) => record,
        Err(error) => return skip(json_reason(&error)),
    };
    let id = match record.id {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => non_empty(Some(id)),
        Some(Value::Number(number)) => Some(number.to_string()),
        Some(other) => {
            return skip(format!(
                "id must be a string or a number, not {}",
                json_type_name(&other)
            ))
        }
    };
    let text = match (record.text, record.html) {
        (Some(text), _) => text,
        (None, Some(html)) => {
            if html.len() > limits.max_page_bytes {
                return skip(format!(
                    "html of {} bytes exceeds the page limit of {}",
                    html.len(),
                    limits.max_page_bytes
                ));
            }
            let url = non_empty(record.url);
            let context = PageContext {
                http_charset: None,
                url: url.as_deref(),
                fallback_published: None,
            };
            let page = match extract(&html, &context, limits) {
                Ok(page) => page,
                Err(reason) => return skip(reason),
            };
            if page.text.trim().is_empty() {
                return skip("empty: no main text found in html".into());
            }
            // What the record says wins over what the page says.
            let fields = ArticleFields {
                id,
                url: url.or(page.url),
                outlet: non_empty(record.outlet).or(page.outlet),
                published: non_empty(record.published).or(page.published),
                language: non_empty(record.language).or(page.language),
                title: non_empty(record.title).or(page.title),
                text: page.text,
            };
            return fields.into_item(Origin {
                input: input.to_owned(),
                record: Some(line_number),
            });
        }
        (None, None) => return skip("no text field".into()),
    };
    if text.len() > limits.max_article_bytes {
        return skip(format!(
            "text of {} bytes exceeds the article limit of {}",
            text.len(),
            limits.max_article_bytes
        ));
    }
    let fields = ArticleFields {
        id,
        // An empty string carries no metadata; "missing is null".
        url: non_empty(record.url),
        outlet: non_empty(record.outlet),
        published: non_empty(record.published),
        language: non_empty(record.language),
        title: non_empty(record.title),
        text,
    };
    fields.into_item(Origin {
        input: input.to_owned(),
        record: Some(line_number),
    })
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|value| !value.trim().is_empty())
}

/// serde's message with its location cut to the column: the line number is
/// already the skip's position, and within a line it is always 1.
fn json_reason(error: &serde_json::Error) -> String {
    let what = match error.classify() {
        Category::Data => "invalid article record",
        Category::Io | Category::Syntax | Category::Eof => "invalid JSON",
    };
    let full = error.to_string();
    let location = format!(" at line {} column {}", error.line(), error.column());
    match full.strip_suffix(&location) {
        Some(message) => format!("{what}: {message} at column {}", error.column()),
        None => format!("{what}: {full}"),
    }
}

fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};
    use std::io::Read;

    fn check(data: &str, expect: Expect) {
        check_with(data, &ReadLimits::standard(), expect);
    }

    fn check_with(data: &str, limits: &ReadLimits, expect: Expect) {
        let mut rendered = String::new();
        read_jsonl_str("in.jsonl", data, limits, &mut |item| {
            rendered.push_str(&render(&item));
            rendered.push('\n');
        });
        expect.assert_eq(&rendered);
    }

    fn render(item: &Item) -> String {
        match item {
            Item::Article(sourced) => {
                let article = &sourced.article;
                format!(
                    "record {:?}: id={} url={:?} outlet={:?} published={:?} language={:?} title={:?} text={:?}",
                    sourced.origin.record,
                    article.id,
                    article.url,
                    article.outlet,
                    article.published,
                    article.language,
                    article.title,
                    article.text
                )
            }
            Item::Skipped(skip) => format!("skip {skip}"),
            Item::Passed(skip) => format!("passed {skip}"),
            Item::Page(page) => format!("unextracted page from {}", page.origin().input),
        }
    }

    #[test]
    fn reads_all_fields_and_numeric_ids() {
        check(
            r#"{"id": "u-1", "url": "https://x/1", "outlet": "UNIAN", "published": "2023-11-08", "language": "en", "title": "T", "text": "Body one.", "source": "ignored"}
{"id": 42, "text": "Body two."}
{"id": 4.5, "text": "Body three.", "url": ""}
"#,
            expect![[r#"
                record Some(1): id=u-1 url=Some("https://x/1") outlet=Some("UNIAN") published=Some("2023-11-08") language=Some("en") title=Some("T") text="Body one."
                record Some(2): id=42 url=None outlet=None published=None language=None title=None text="Body two."
                record Some(3): id=4.5 url=None outlet=None published=None language=None title=None text="Body three."
            "#]],
        );
    }

    #[test]
    fn missing_id_is_derived_from_content() {
        let mut items = Vec::new();
        read_jsonl_str(
            "in.jsonl",
            "{\"text\": \"Two dozen women\"}",
            &ReadLimits::standard(),
            &mut |item| items.push(item),
        );
        let [Item::Article(sourced)] = &items[..] else {
            panic!("expected one article, got {items:?}");
        };
        assert_eq!(
            sourced.article.id,
            placard_engine::text::article_id_for_content("Two dozen women")
        );
        assert_eq!(
            sourced.content_hash,
            placard_engine::text::content_hash("Two dozen women")
        );
    }

    #[test]
    fn bad_lines_are_skipped_and_reading_goes_on() {
        check(
            "{\"id\": \"a\", \"text\": \"A.\"}\n\
             not json\n\
             \n   \t\n\
             {\"id\": \"b\", \"text\": \"B.\"\n\
             {\"id\": \"c\", \"html\": \"<p>C</p>\"}\n\
             {\"id\": \"d\", \"title\": \"no body\"}\n\
             {\"id\": \"e\", \"text\": 5}\n\
             {\"id\": [1], \"text\": \"F.\"}\n\
             [\"x\", null, null, null, null, null, \"text\"]\n\
             \"just a string\"\n\
             {\"id\": \"g\", \"text\": \"  \"}\n\
             {\"id\": \"h\", \"text\": \"H.\"}",
            expect![[r#"
                record Some(1): id=a url=None outlet=None published=None language=None title=None text="A."
                skip in.jsonl:line 2: invalid JSON: expected ident at column 2
                skip in.jsonl:line 5: invalid JSON: EOF while parsing an object at column 24
                record Some(6): id=c url=None outlet=None published=None language=None title=None text="C"
                skip in.jsonl:line 7: no text field
                skip in.jsonl:line 8: invalid article record: invalid type: integer `5`, expected a string at column 21
                skip in.jsonl:line 9: id must be a string or a number, not an array
                skip in.jsonl:line 10: invalid article record: expected an article object, found an array
                skip in.jsonl:line 11: invalid article record: expected an article object, found a string
                skip in.jsonl:line 12: empty
                record Some(13): id=h url=None outlet=None published=None language=None title=None text="H."
            "#]],
        );
    }

    #[test]
    fn bom_and_crlf_are_not_part_of_the_record() {
        check(
            "\u{feff}{\"id\": \"a\", \"text\": \"A.\"}\r\n{\"id\": \"b\", \"text\": \"B.\"}\r\n",
            expect![[r#"
                record Some(1): id=a url=None outlet=None published=None language=None title=None text="A."
                record Some(2): id=b url=None outlet=None published=None language=None title=None text="B."
            "#]],
        );
    }

    #[test]
    fn invalid_utf8_is_reported_per_line() {
        let data: &[u8] = b"{\"id\": \"a\", \"text\": \"A.\"}\n{\"text\": \"\xC3(\"}\n{\"id\": \"c\", \"text\": \"C.\"}\n";
        let mut rendered = String::new();
        read_jsonl(
            "in.jsonl",
            &mut &data[..],
            &ReadLimits::standard(),
            &mut |item| {
                rendered.push_str(&render(&item));
                rendered.push('\n');
            },
        );
        expect![[r#"
            record Some(1): id=a url=None outlet=None published=None language=None title=None text="A."
            skip in.jsonl:line 2: invalid UTF-8 at byte 10 of the line
            record Some(3): id=c url=None outlet=None published=None language=None title=None text="C."
        "#]]
        .assert_eq(&rendered);
    }

    #[test]
    fn long_lines_and_texts_are_skipped() {
        let limits = ReadLimits {
            max_article_bytes: 3,
            max_line_bytes: 30,
            max_decompressed_bytes: 1,
            ..ReadLimits::standard()
        };
        // Line 2 is 38 bytes, over the line limit; line 3 fits the line but
        // its text does not fit the article limit.
        check_with(
            "{\"text\": \"abc\"}\n{\"text\": \"abcdefghijklmnopqrstuvwxyz\"}\n{\"text\": \"abcd\"}\n{\"id\": 1, \"text\": \"xyz\"}",
            &limits,
            expect![[r#"
                record Some(1): id=a-06b05ab6733a6185 url=None outlet=None published=None language=None title=None text="abc"
                skip in.jsonl:line 2: 38 bytes exceeds the line limit of 30
                skip in.jsonl:line 3: text of 4 bytes exceeds the article limit of 3
                record Some(4): id=1 url=None outlet=None published=None language=None title=None text="xyz"
            "#]],
        );
    }

    /// A reader that produces `remaining` bytes of `x` and then one newline,
    /// without ever holding them: stands in for a huge file.
    struct LongLine {
        remaining: u64,
        newline_sent: bool,
    }

    impl Read for LongLine {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.remaining == 0 {
                if self.newline_sent || buf.is_empty() {
                    return Ok(0);
                }
                self.newline_sent = true;
                buf[0] = b'\n';
                return Ok(1);
            }
            let n = buf.len().min(self.remaining as usize);
            buf[..n].fill(b'x');
            self.remaining -= n as u64;
            Ok(n)
        }
    }

    #[test]
    fn a_huge_line_never_grows_the_buffer_past_the_limit() {
        let max = 1024 * 1024;
        let length = 50 * 1024 * 1024 + 7;
        let mut reader = io::BufReader::with_capacity(
            64 * 1024,
            LongLine {
                remaining: length,
                newline_sent: false,
            },
        );
        let mut line = Vec::new();
        let found = next_line(&mut reader, &mut line, max).unwrap();
        assert_eq!(found, Line::TooLong { length });
        // The buffer held at most `max` bytes, so Vec doubling bounds its
        // capacity by twice that, far below the 50 MiB line.
        assert!(line.capacity() <= 2 * max, "capacity {}", line.capacity());
        assert_eq!(next_line(&mut reader, &mut line, max).unwrap(), Line::End);
    }

    #[test]
    fn next_line_handles_a_last_line_without_newline() {
        let mut data: &[u8] = b"ab\n\ncd";
        let mut line = Vec::new();
        assert_eq!(next_line(&mut data, &mut line, 10).unwrap(), Line::Complete);
        assert_eq!(line, b"ab");
        assert_eq!(next_line(&mut data, &mut line, 10).unwrap(), Line::Complete);
        assert_eq!(line, b"");
        assert_eq!(next_line(&mut data, &mut line, 10).unwrap(), Line::Complete);
        assert_eq!(line, b"cd");
        assert_eq!(next_line(&mut data, &mut line, 10).unwrap(), Line::End);
        // Exactly at the limit is fine; one byte over is not.
        let mut data: &[u8] = b"abc\nabcd\n";
        assert_eq!(next_line(&mut data, &mut line, 3).unwrap(), Line::Complete);
        assert_eq!(
            next_line(&mut data, &mut line, 3).unwrap(),
            Line::TooLong { length: 4 }
        );
    }
}
