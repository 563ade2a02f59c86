//! News feeds: RSS 0.9x and 2.0, Atom, RDF (RSS 1.0); one article per item.
//!
//! [`parse_feed`] decodes the bytes itself (a byte order mark, then the HTTP
//! charset, then the XML declaration's encoding; UTF-8 when the bytes are
//! valid UTF-8; chardetng otherwise), so windows-1251 and KOI8-R feeds read
//! right whether or not they say what they are, and hands UTF-8 to
//! `feed-rs`. Each item's text is its `content:encoded` / Atom `content` or
//! its `description` / `summary`, whichever is longer once its HTML is
//! turned into paragraphs; its title, its link (the article's URL), its
//! publication time and the feed's title (the outlet) come along.
//!
//! An item with any text is an article, however short; an item with none
//! (a title and a link only) is a [`Skip`] that says so. A feed that is not
//! XML, not a feed, too large or nested absurdly deep is one skip naming
//! the input. `placard watch` uses the same parse and fetches each item's
//! page, merging it with the item in [`entry_item`].

use crate::html::{html_to_text, paragraphs};
use crate::{ArticleFields, Item, Origin, ReadLimits, Skip, SourcedArticle};
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};
use regex::Regex;
use std::io::Read;
use std::sync::LazyLock;

/// A feed as read: its own title and language and its items, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feed {
    /// The feed's title, the outlet of its articles.
    pub title: Option<String>,
    /// The feed's declared language (`<language>`, `xml:lang`).
    pub language: Option<String>,
    /// The items, in the feed's order.
    pub entries: Vec<FeedEntry>,
}

/// One item of a feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedEntry {
    /// The item's id: its `guid` / `id`, else one derived from link and
    /// title by `feed-rs` (stable across fetches).
    pub id: String,
    /// The item's link, the article's URL.
    pub link: Option<String>,
    /// The item's title, as text.
    pub title: Option<String>,
    /// Publication time (else the update time) in UTC, RFC 3339.
    pub published: Option<String>,
    /// The longer of the item's content and summary, as paragraphs of text
    /// separated by blank lines; empty when the item has neither.
    pub text: String,
    /// The item's own language, when it declares one.
    pub language: Option<String>,
}

/// Whether the first element of an XML document (after the declaration,
/// processing instructions, comments and a doctype) is a feed root:
/// `<rss>`, `<feed>` or `<rdf:RDF>`; or whether a JSON object declares a
/// JSON Feed version. `prefix` may be cut anywhere.
pub(crate) fn looks_like_feed(prefix: &[u8]) -> bool {
    looks_like_xml_feed(prefix) || looks_like_json_feed(prefix)
}

/// A JSON object with `"version": "https://jsonfeed.org/version/…"` in its
/// first bytes. An article line of JSONL that quotes such text has its
/// quotes escaped, so it does not match.
fn looks_like_json_feed(prefix: &[u8]) -> bool {
    static VERSION: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#""version"\s*:\s*"https?://jsonfeed\.org/version/"#).unwrap()
    });
    let start = prefix.iter().position(|byte| !byte.is_ascii_whitespace());
    start.is_some_and(|start| prefix[start] == b'{' && VERSION.is_match(prefix))
}

fn looks_like_xml_feed(prefix: &[u8]) -> bool {
    let mut rest = prefix;
    loop {
        let start = match rest.iter().position(|byte| !byte.is_ascii_whitespace()) {
            Some(start) => start,
            None => return false,
        };
        rest = &rest[start..];
        let skip_to = |rest: &[u8], end: &[u8]| {
            rest.windows(end.len())
                .position(|window| window == end)
                .map(|at| at + end.len())
        };
        let next = if rest.starts_with(b"<?") {
            skip_to(rest, b"?>")
        } else if rest.starts_with(b"<!--") {
            skip_to(rest, b"-->")
        } else if rest.starts_with(b"<!") {
            skip_to(rest, b">")
        } else {
            let root = |name: &[u8]| {
                rest.len() > name.len()
                    && rest.starts_with(name)
                    && matches!(rest[name.len()], b' ' | b'>' | b'\t' | b'\r' | b'\n' | b'/')
            };
            return root(b"<rss") || root(b"<feed") || root(b"<rdf:RDF") || root(b"<RDF");
        };
        match next {
            Some(next) => rest = &rest[next..],
            None => return false,
        }
    }
}

/// Reads a feed file or stream (held whole up to the page limit) and
/// reports one article or skip per item; a feed that cannot be read is one
/// skip.
pub(crate) fn read_feed(
    input: &str,
    reader: &mut dyn Read,
    limits: &ReadLimits,
    on_item: &mut dyn FnMut(Item),
) {
    let cap = u64::try_from(limits.max_page_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut bytes = Vec::new();
    if let Err(error) = reader.take(cap).read_to_end(&mut bytes) {
        let reason = crate::read_error_reason(&error);
        return on_item(Item::Skipped(Skip::new(input, None, reason)));
    }
    if bytes.len() > limits.max_page_bytes {
        let reason = format!(
            "larger than the page limit of {} bytes",
            limits.max_page_bytes
        );
        return on_item(Item::Skipped(Skip::new(input, None, reason)));
    }
    let feed = match parse_feed(&bytes, None, None, limits) {
        Ok(feed) => feed,
        Err(reason) => return on_item(Item::Skipped(Skip::new(input, None, reason))),
    };
    for (index, entry) in feed.entries.iter().enumerate() {
        on_item(entry_item(&feed, entry, input, index + 1, None));
    }
}

/// Parses a feed's bytes. `http_charset` is the charset of the HTTP
/// `Content-Type`, `base_url` the address the feed came from (relative
/// links are resolved against it). `Err` holds the reason for a skip.
pub fn parse_feed(
    bytes: &[u8],
    http_charset: Option<&str>,
    base_url: Option<&str>,
    limits: &ReadLimits,
) -> Result<Feed, String> {
    if bytes.len() > limits.max_page_bytes {
        return Err(format!(
            "feed of {} bytes exceeds the page limit of {}",
            bytes.len(),
            limits.max_page_bytes
        ));
    }
    let text = decode_feed(bytes, http_charset);
    let text = without_declarations(&text);
    crate::html::check_depth(&text, limits.max_html_depth)?;
    // The parser has panicked on declarations in odd places (found by
    // `random_feeds_never_panic`; they are removed above); a panic on some
    // other input still must not end a batch. The parser is built and
    // dropped inside, so nothing half-updated outlives a panic.
    let parsed = std::panic::catch_unwind(|| {
        feed_rs::parser::Builder::new()
            .base_uri(base_url)
            .sanitize_content(false)
            .build()
            .parse(text.as_bytes())
    })
    .map_err(|_| "not a readable feed: the feed parser failed on it".to_owned())?
    .map_err(|error| format!("not a readable feed: {error}"))?;
    let title = parsed
        .title
        .as_ref()
        .and_then(|title| non_empty(&fragment_to_text(&title.content)));
    // Links feed-rs left relative (a JSON Feed's, or any feed read from a
    // file) are resolved against the feed's own address when it gives one.
    let base = base_url
        .and_then(|url| url::Url::parse(url).ok())
        .or_else(|| {
            parsed
                .links
                .iter()
                .find_map(|link| url::Url::parse(link.href.trim()).ok())
        })
        .filter(|url| matches!(url.scheme(), "http" | "https"));
    let entries = parsed
        .entries
        .iter()
        .map(|entry| {
            let content = entry
                .content
                .as_ref()
                .and_then(|content| content.body.as_deref())
                .map(fragment_to_text)
                .unwrap_or_default();
            let summary = entry
                .summary
                .as_ref()
                .map(|summary| fragment_to_text(&summary.content))
                .unwrap_or_default();
            let text = if content.len() >= summary.len() {
                content
            } else {
                summary
            };
            let link = entry
                .links
                .iter()
                .find(|link| link.rel.as_deref().is_none_or(|rel| rel == "alternate"))
                .or(entry.links.first())
                .map(|link| link.href.trim().to_owned())
                .filter(|href| !href.is_empty())
                .map(|href| match (&base, url::Url::parse(&href)) {
                    (Some(base), Err(url::ParseError::RelativeUrlWithoutBase)) => {
                        base.join(&href).map(String::from).unwrap_or(href)
                    }
                    _ => href,
                });
            FeedEntry {
                id: entry.id.clone(),
                link,
                title: entry
                    .title
                    .as_ref()
                    .and_then(|title| non_empty(&fragment_to_text(&title.content))),
                published: entry
                    .published
                    .or(entry.updated)
                    .map(|time| time.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
                text,
                language: entry.language.clone(),
            }
        })
        .collect();
    Ok(Feed {
        title,
        language: parsed.language.clone(),
        entries,
    })
}

/// The article for one feed item, at 1-based `index` of `input`. With a
/// `page` (the item's link fetched and extracted), the page's text is taken
/// unless the item's own text is longer, and the item's link, title, date
/// and the feed's title win over the page's; without one the item's text is
/// the article. An item without text and without a page is a skip.
pub fn entry_item(
    feed: &Feed,
    entry: &FeedEntry,
    input: &str,
    index: usize,
    page: Option<SourcedArticle>,
) -> Item {
    let origin = Origin {
        input: input.to_owned(),
        record: u64::try_from(index).ok(),
    };
    let page = page.map(|sourced| sourced.article);
    let page_text_len = page.as_ref().map_or(0, |page| page.text.len());
    let (text, page) = match page {
        Some(page) if page_text_len >= entry.text.len() => (page.text.clone(), Some(page)),
        other => (entry.text.clone(), other),
    };
    if text.trim().is_empty() {
        let shown = entry.link.as_deref().unwrap_or(&entry.id);
        return Item::Skipped(Skip::new(
            input,
            Some(format!("item {index}")),
            format!("no text: the item ({shown}) has no content, description or summary"),
        ));
    }
    let from_page = |get: fn(&placard_engine::Article) -> &Option<String>| {
        page.as_ref().and_then(|page| get(page).clone())
    };
    let fields = ArticleFields {
        id: None,
        url: entry.link.clone().or_else(|| from_page(|page| &page.url)),
        outlet: feed
            .title
            .clone()
            .or_else(|| from_page(|page| &page.outlet)),
        published: entry
            .published
            .clone()
            .or_else(|| from_page(|page| &page.published)),
        language: from_page(|page| &page.language)
            .or_else(|| entry.language.clone())
            .or_else(|| feed.language.clone())
            .map(|language| primary_language(&language)),
        title: entry
            .title
            .clone()
            .or_else(|| from_page(|page| &page.title)),
        text,
    };
    fields.into_item(origin)
}

/// `ru-RU` → `ru`: the engine's language codes are ISO 639-1.
fn primary_language(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or(tag)
        .trim()
        .to_ascii_lowercase()
}

/// Bytes to text; see the module documentation for the order of evidence.
fn decode_feed(bytes: &[u8], http_charset: Option<&str>) -> String {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    let declared = http_charset
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| xml_encoding(bytes))
        // UTF-16 without a byte order mark is not what the bytes are when
        // the declaration could be read as ASCII.
        .filter(|encoding| encoding.is_ascii_compatible());
    let valid_utf8 = std::str::from_utf8(bytes).is_ok();
    let encoding = match declared {
        Some(encoding) if encoding == UTF_8 && !valid_utf8 => detect(bytes),
        Some(encoding) => encoding,
        None if valid_utf8 => UTF_8,
        None => detect(bytes),
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    text.into_owned()
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(&bytes[..bytes.len().min(64 * 1024)], true);
    detector.guess(None, Utf8Detection::Allow)
}

/// The `encoding` of the XML declaration, if the bytes start with one.
fn xml_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    static ENCODING: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']"#)
            .unwrap()
    });
    let head = &bytes[..bytes.len().min(512)];
    let captures = ENCODING.captures(head)?;
    Encoding::for_label(&captures[1])
}

/// The text without XML declarations: it is UTF-8 now, whatever a
/// declaration said, and the parser must not decode it a second time (nor
/// meet a declaration past the start, which made it panic).
fn without_declarations(text: &str) -> String {
    static DECLARATION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"<\?xml(?:\s[^>]*?)?\?>|<\?xml\s[^>]*$").unwrap());
    DECLARATION.replace_all(text.trim_start(), "").into_owned()
}

fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// Elements whose start or end breaks a paragraph in an item's HTML.
const BREAKING_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "section",
    "article",
    "figure",
    "figcaption",
    "hr",
    "dd",
    "dt",
    "td",
    "th",
];

/// An item's HTML fragment (or plain text) as paragraphs separated by blank
/// lines: scripts, styles and comments dropped, tags removed, a break at
/// every block element, character references decoded, spaces collapsed.
/// Feed items are short, so a lexical pass is enough; whole pages go
/// through the HTML reader instead.
pub(crate) fn fragment_to_text(fragment: &str) -> String {
    static DROPPED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?is)<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<!\[CDATA\[|\]\]>",
        )
        .unwrap()
    });
    paragraphs(&html_to_text(
        &DROPPED.replace_all(fragment, " "),
        BREAKING_ELEMENTS,
    ))
}

#[cfg(test)]
mod tests;
