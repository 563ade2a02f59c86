//! The text reader: one `.txt` or `.md` file is one article.
//!
//! The whole file is the article text, except an optional front-matter block
//! at the very top (`---`, `key: value` lines, `---`) that supplies metadata.
//! A Markdown file without a title in front matter takes its first `# Heading`
//! as the title, but the heading stays in the text so nothing is lost.

use crate::{
    invalid_utf8_reason, read_error_reason, ArticleFields, Item, Origin, ReadLimits, Skip, UTF8_BOM,
};
use std::io::Read;

/// Which flavour of text a file holds; only Markdown has headings to look for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TextKind {
    Plain,
    Markdown,
}

/// The skip for a text input whose size, known up front, is over the limit.
/// Checked before opening so a 1 GB file is never read.
pub(crate) fn too_large(input: &str, size: u64, limits: &ReadLimits) -> Skip {
    Skip::new(
        input,
        None,
        format!(
            "{size} bytes exceeds the article limit of {}",
            limits.max_article_bytes
        ),
    )
}

/// Reads one article from `reader`, holding at most one byte more than the
/// article limit, and reports it (or why not) to `on_item`.
pub(crate) fn read_text(
    input: &str,
    reader: &mut dyn Read,
    kind: TextKind,
    limits: &ReadLimits,
    on_item: &mut dyn FnMut(Item),
) {
    let max = limits.max_article_bytes;
    // One byte past the limit tells "exactly at the limit" from "over it"
    // without reading the rest of a stream whose size we do not know.
    let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    let mut bytes = Vec::new();
    if let Err(error) = reader.take(cap).read_to_end(&mut bytes) {
        on_item(Item::Skipped(Skip::new(
            input,
            None,
            read_error_reason(&error),
        )));
        return;
    }
    if bytes.len() > max {
        on_item(Item::Skipped(Skip::new(
            input,
            None,
            format!("larger than the article limit of {max} bytes"),
        )));
        return;
    }
    on_item(article_from_bytes(input, &bytes, kind));
}

/// Turns a whole file's bytes into an article, or a skip naming the first
/// invalid byte.
fn article_from_bytes(input: &str, bytes: &[u8], kind: TextKind) -> Item {
    let (bom_len, content) = match bytes.strip_prefix(UTF8_BOM) {
        Some(rest) => (UTF8_BOM.len(), rest),
        None => (0, bytes),
    };
    let text = match std::str::from_utf8(content) {
        Ok(text) => text,
        Err(error) => {
            // Offsets are into the file as stored, so they count the BOM.
            let position = format!("byte {}", bom_len + error.valid_up_to());
            return Item::Skipped(Skip::new(input, Some(position), invalid_utf8_reason(bytes)));
        }
    };
    let (mut fields, body) = match split_front_matter(text) {
        Some((fields, body)) => (fields, body),
        None => (ArticleFields::default(), text),
    };
    if kind == TextKind::Markdown && fields.title.is_none() {
        fields.title = markdown_title(body);
    }
    fields.text = body.to_owned();
    fields.into_item(Origin {
        input: input.to_owned(),
        record: None,
    })
}

/// Splits a leading front-matter block from the body.
///
/// Returns `None`, leaving the whole text as the body, unless the block is
/// well formed: opened and closed by `---` lines, and every other non-blank
/// line either `key: value` or an indented or `-` line (nested YAML, which is
/// ignored). That keeps a text that merely starts with a `---` rule intact.
fn split_front_matter(text: &str) -> Option<(ArticleFields, &str)> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let mut consumed = first.len();
    let mut fields = ArticleFields::default();
    for line in lines {
        consumed += line.len();
        let content = line.trim_end();
        if content == "---" {
            // Line breaks between the block and the text are layout, not text.
            let body = text[consumed..].trim_start_matches(['\r', '\n']);
            return Some((fields, body));
        }
        if content.trim().is_empty() || line.starts_with([' ', '\t', '-']) {
            continue;
        }
        let (key, value) = content.split_once(':')?;
        let key_is_name = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !key_is_name {
            return None;
        }
        let value = unquote(value.trim());
        let value = (!value.is_empty()).then(|| value.to_owned());
        match key.to_ascii_lowercase().as_str() {
            "id" => fields.id = value,
            "url" => fields.url = value,
            "outlet" => fields.outlet = value,
            "published" => fields.published = value,
            "language" => fields.language = value,
            "title" => fields.title = value,
            // Other keys (tags, author …) are common in exported notes; they
            // are not article metadata, so they are ignored, not an error.
            _ => {}
        }
    }
    None
}

/// Removes one pair of matching quotes, as YAML writers add around values
/// with colons in them.
fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|rest| rest.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

/// The text of a level-one ATX heading on the first non-empty line.
fn markdown_title(body: &str) -> Option<String> {
    let first = body.lines().map(str::trim).find(|line| !line.is_empty())?;
    let heading = first.strip_prefix("# ")?;
    let heading = heading.trim_end_matches('#').trim();
    (!heading.is_empty()).then(|| heading.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    /// Reads `bytes` as a file named `input` and renders what came out.
    fn check(input: &str, bytes: &[u8], kind: TextKind, expect: Expect) {
        check_with(input, bytes, kind, &ReadLimits::standard(), expect);
    }

    fn check_with(input: &str, bytes: &[u8], kind: TextKind, limits: &ReadLimits, expect: Expect) {
        let mut rendered = String::new();
        read_text(input, &mut &bytes[..], kind, limits, &mut |item| {
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
                    "article id={} url={:?} outlet={:?} published={:?} language={:?} title={:?} text={:?}",
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
    fn plain_text_is_the_whole_file() {
        let text = "Two dozen women held posters.\n";
        let mut items = Vec::new();
        read_text(
            "a.txt",
            &mut text.as_bytes(),
            TextKind::Plain,
            &ReadLimits::standard(),
            &mut |item| items.push(item),
        );
        let [Item::Article(sourced)] = &items[..] else {
            panic!("expected one article, got {items:?}");
        };
        assert_eq!(sourced.article.text, text);
        assert_eq!(
            sourced.article.id,
            placard_engine::text::article_id_for_content(text)
        );
        assert_eq!(
            sourced.content_hash,
            placard_engine::text::content_hash(text)
        );
        assert_eq!(sourced.article.title, None);
        assert_eq!(
            sourced.origin,
            Origin {
                input: "a.txt".into(),
                record: None
            }
        );
    }

    #[test]
    fn front_matter_gives_metadata() {
        check(
            "a.md",
            b"---\nid: unian-1\nurl: https://unian.net/1\noutlet: UNIAN\npublished: 2023-11-08\nlanguage: en\ntitle: \"Wives: rally\"\ntags:\n  - protest\n---\n\nOn November 7 two dozen women rallied.\n",
            TextKind::Markdown,
            expect![[r#"
                article id=unian-1 url=Some("https://unian.net/1") outlet=Some("UNIAN") published=Some("2023-11-08") language=Some("en") title=Some("Wives: rally") text="On November 7 two dozen women rallied.\n"
            "#]],
        );
    }

    #[test]
    fn front_matter_with_crlf_line_breaks() {
        check(
            "a.txt",
            b"---\r\nid: x\r\n---\r\nBody.\r\n",
            TextKind::Plain,
            expect![[r#"
                article id=x url=None outlet=None published=None language=None title=None text="Body.\r\n"
            "#]],
        );
    }

    #[test]
    fn unclosed_or_prose_front_matter_is_kept_as_text() {
        // No closing line: the whole file is text.
        check(
            "a.txt",
            b"---\nid: x\nBody.\n",
            TextKind::Plain,
            expect![[r#"
                article id=a-928bc6fa69e5b846 url=None outlet=None published=None language=None title=None text="---\nid: x\nBody.\n"
            "#]],
        );
        // A rule, prose, a rule: not metadata.
        check(
            "a.txt",
            b"---\nThe rally began at noon.\n---\nMore.\n",
            TextKind::Plain,
            expect![[r#"
                article id=a-c8895d2b818735aa url=None outlet=None published=None language=None title=None text="---\nThe rally began at noon.\n---\nMore.\n"
            "#]],
        );
    }

    #[test]
    fn markdown_heading_becomes_title_and_stays_in_text() {
        check(
            "a.md",
            b"\n# Wives of mobilized rally in Moscow #\n\nText.\n",
            TextKind::Markdown,
            expect![[r#"
                article id=a-0b4431ded31ddc59 url=None outlet=None published=None language=None title=Some("Wives of mobilized rally in Moscow") text="\n# Wives of mobilized rally in Moscow #\n\nText.\n"
            "#]],
        );
        // Plain text never takes a title from a leading '#'.
        check(
            "a.txt",
            b"# Not a title\n",
            TextKind::Plain,
            expect![[r##"
                article id=a-25ac41ccc926f714 url=None outlet=None published=None language=None title=None text="# Not a title\n"
            "##]],
        );
        // A level-two heading is not the document title.
        check(
            "a.md",
            b"## Section\nText\n",
            TextKind::Markdown,
            expect![[r###"
                article id=a-74d03d83bf3ae3cc url=None outlet=None published=None language=None title=None text="## Section\nText\n"
            "###]],
        );
    }

    #[test]
    fn bom_is_removed() {
        check(
            "a.txt",
            b"\xEF\xBB\xBFHello.",
            TextKind::Plain,
            expect![[r#"
                article id=a-f6d59f18520336e6 url=None outlet=None published=None language=None title=None text="Hello."
            "#]],
        );
    }

    #[test]
    fn empty_and_whitespace_files_are_skipped() {
        check(
            "a.txt",
            b"",
            TextKind::Plain,
            expect![[r#"
            skip a.txt: empty
        "#]],
        );
        check(
            "a.txt",
            b" \n\t\r\n",
            TextKind::Plain,
            expect![[r#"
            skip a.txt: empty
        "#]],
        );
        check(
            "a.md",
            b"---\nid: x\n---\n\n",
            TextKind::Markdown,
            expect![[r#"
            skip a.md: empty
        "#]],
        );
    }

    #[test]
    fn invalid_utf8_names_the_byte() {
        // "abc" then a lone continuation byte at offset 3.
        check(
            "a.txt",
            b"abc\x80def",
            TextKind::Plain,
            expect![[r#"
            skip a.txt:byte 3: invalid UTF-8
        "#]],
        );
        // The BOM counts: offsets are into the file as stored.
        check(
            "a.txt",
            b"\xEF\xBB\xBFab\xFF",
            TextKind::Plain,
            expect![[r#"
            skip a.txt:byte 5: invalid UTF-8
        "#]],
        );
        check(
            "a.txt",
            b"\xFF\xFEa\x00",
            TextKind::Plain,
            expect![[r#"
            skip a.txt:byte 0: invalid UTF-8 (the file looks like UTF-16; convert it to UTF-8)
        "#]],
        );
    }

    #[test]
    fn streams_over_the_article_limit_are_skipped() {
        let limits = ReadLimits {
            max_article_bytes: 4,
            ..ReadLimits::standard()
        };
        check_with(
            "-",
            b"abcd",
            TextKind::Plain,
            &limits,
            expect![[r#"
                article id=a-8d6b60383dfa90c2 url=None outlet=None published=None language=None title=None text="abcd"
            "#]],
        );
        check_with(
            "-",
            b"abcde",
            TextKind::Plain,
            &limits,
            expect![[r#"
            skip -: larger than the article limit of 4 bytes
        "#]],
        );
    }

    #[test]
    fn known_sizes_over_the_limit_are_skipped_before_reading() {
        let skip = too_large("big.txt", 52_428_800, &ReadLimits::standard());
        assert_eq!(
            skip.to_string(),
            "big.txt: 52428800 bytes exceeds the article limit of 8388608"
        );
    }
}
