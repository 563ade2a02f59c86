//! HTML pages: bytes in, one article out.
//!
//! Two steps, each its own function so the WARC/ARC and JSONL readers can
//! share them:
//!
//! 1. [`decode`]: bytes to text. A byte order mark wins; then the charset the
//!    HTTP header or a `<meta>` declares; chardetng guesses when nothing is
//!    declared, and overrules a declaration that is plainly wrong (bytes that
//!    are not the UTF-8 they claim to be, or Cyrillic text labelled as a Latin
//!    or as the other Cyrillic code page, as Russian and Ukrainian sites often
//!    do with windows-1251 and KOI8-R).
//! 2. [`extract`]: by default ([`HtmlExtraction::Blocks`]) one pass of
//!    `html/blocks.rs` over the page gives the main text (one paragraph per
//!    block, separated by blank lines), refuses absurdly deep nesting and
//!    tags with absurdly many attributes, and collects the tags the
//!    metadata comes from: `<title>`/`og:title`, the published time
//!    (`article:published_time` and similar meta tags, JSON-LD
//!    `datePublished`, `<time datetime>`, a date in the URL),
//!    `og:site_name` (else the URL's host), the canonical URL and the
//!    language (`<html lang>`, `content-language`, `og:locale`). Under
//!    [`HtmlExtraction::Tree`], [`check_depth`] guards html5ever first, the
//!    `trafilatura` crate finds the main text, and the block extractor is a
//!    second opinion when the crate keeps far too little.
//!
//! ARCHITECTURE.md ("HTML main text") says why the default is our own
//! extractor, with the measurements.

use crate::{ArticleFields, HtmlExtraction, ReadLimits};
use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};
use regex::bytes::Regex as BytesRegex;
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// What the caller knows about a page besides its bytes.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PageContext<'a> {
    /// The charset of the HTTP `Content-Type` header, if the page came over
    /// HTTP (from a WARC or ARC record).
    pub http_charset: Option<&'a str>,
    /// The URL the page was fetched from.
    pub url: Option<&'a str>,
    /// A publication time to use when the page names none (a WARC record's
    /// capture date).
    pub fallback_published: Option<&'a str>,
}

/// Decodes and extracts one page; `Err` holds the reason for a skip.
pub(crate) fn page_to_fields(
    bytes: &[u8],
    context: &PageContext<'_>,
    limits: &ReadLimits,
) -> Result<ArticleFields, String> {
    if bytes.len() > limits.max_page_bytes {
        return Err(format!(
            "page of {} bytes exceeds the page limit of {}",
            bytes.len(),
            limits.max_page_bytes
        ));
    }
    let (html, _encoding) = decode(bytes, context.http_charset, context.url);
    extract(&html, context, limits)
}

/// Bytes to text: see the module documentation for the order of evidence.
/// Returns the text and the encoding used.
pub(crate) fn decode(
    bytes: &[u8],
    http_charset: Option<&str>,
    url: Option<&str>,
) -> (String, &'static Encoding) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), encoding);
    }
    // Valid UTF-8 with non-ASCII bytes in it is UTF-8, whatever is declared
    // (the rules below reach the same answer, after running the detector).
    if !bytes.is_ascii() {
        if let Ok(text) = std::str::from_utf8(bytes) {
            return (text.to_owned(), UTF_8);
        }
    }
    let declared = http_charset
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(META_SCAN_BYTES)]))
        // A page cannot declare UTF-16 from inside itself (HTML's rule): the
        // bytes it was read with are ASCII-compatible.
        .map(|encoding| encoding.output_encoding());
    let guess = || {
        let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
        // The first 64 KiB settle the guess; feeding whole pages cost 5 % of
        // the reading time on the extraction benchmark.
        let sample = &bytes[..bytes.len().min(DETECTOR_SAMPLE_BYTES)];
        detector.feed(sample, sample.len() == bytes.len());
        detector.guess(url.and_then(top_level_domain), Utf8Detection::Allow)
    };
    let encoding = match declared {
        Some(declared) if declared == UTF_8 => {
            if mostly_utf8(bytes) {
                UTF_8
            } else {
                guess()
            }
        }
        // Pure ASCII reads the same in every ASCII-compatible encoding.
        Some(declared) if bytes.is_ascii() => declared,
        // Text in a Cyrillic code page is runs of bytes from 0xC0 up; a
        // page without three in a row cannot be Cyrillic mislabelled, and
        // (not being UTF-8, see above) nothing else overrules a single-byte
        // declaration.
        Some(declared)
            if declared.is_single_byte()
                && !has_high_byte_runs(&bytes[..bytes.len().min(DETECTOR_SAMPLE_BYTES)]) =>
        {
            declared
        }
        Some(declared) => {
            let guessed = guess();
            let plainly_wrong = guessed == UTF_8
                || (is_cyrillic(guessed) && guessed != declared && declared.is_single_byte());
            if plainly_wrong {
                guessed
            } else {
                declared
            }
        }
        None => guess(),
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), encoding)
}

/// Whether bytes declared UTF-8 are UTF-8: valid, or with fewer broken
/// sequences than well-formed non-ASCII characters (a UTF-8 page with a
/// stray Latin-1 byte pasted in stays UTF-8; a windows-1251 page labelled
/// UTF-8 has no well-formed sequences at all).
fn mostly_utf8(bytes: &[u8]) -> bool {
    if std::str::from_utf8(bytes).is_ok() {
        return true;
    }
    let (text, _) = UTF_8.decode_without_bom_handling(bytes);
    let (mut n_good, mut n_broken) = (0usize, 0usize);
    for character in text.chars().filter(|character| !character.is_ascii()) {
        if character == char::REPLACEMENT_CHARACTER {
            n_broken += 1;
        } else {
            n_good += 1;
        }
    }
    n_good > n_broken
}

/// Whether three bytes from 0xC0 up follow each other somewhere.
fn has_high_byte_runs(bytes: &[u8]) -> bool {
    let mut run = 0;
    for &byte in bytes {
        if byte >= 0xC0 {
            run += 1;
            if run == 3 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// How much of a page the charset detector reads.
const DETECTOR_SAMPLE_BYTES: usize = 64 * 1024;

/// How far into a page a `<meta charset>` is looked for (HTML says 1024
/// bytes; real pages put long scripts first, so a little more).
const META_SCAN_BYTES: usize = 4096;

fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    static META: LazyLock<BytesRegex> = LazyLock::new(|| {
        BytesRegex::new(r#"(?i-u)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)"#).unwrap()
    });
    let captures = META.captures(head)?;
    Encoding::for_label(&captures[1])
}

fn is_cyrillic(encoding: &'static Encoding) -> bool {
    matches!(
        encoding.name(),
        "windows-1251" | "KOI8-R" | "KOI8-U" | "IBM866" | "ISO-8859-5" | "x-mac-cyrillic"
    )
}

/// `ru` from `https://www.example.ru/a`, for chardetng's hint.
fn top_level_domain(url: &str) -> Option<&[u8]> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = after_scheme
        .split(['/', '?', '#'])
        .next()?
        .rsplit('@')
        .next()?;
    let host = host.split(':').next()?;
    let tld = host.rsplit('.').next()?;
    (!tld.is_empty() && tld.bytes().all(|byte| byte.is_ascii_alphabetic()))
        .then_some(tld.as_bytes())
}

/// Elements that never have content, so never deepen the tree.
const VOID_ELEMENTS: &[&[u8]] = &[
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param",
    b"source", b"track", b"wbr",
];

/// Elements HTML closes by itself when a sibling starts, which pages leave
/// open by the thousand; counting them would mistake a long list for depth.
const SELF_CLOSING_SIBLINGS: &[&[u8]] = &[
    b"p", b"li", b"dt", b"dd", b"option", b"tr", b"td", b"th", b"tbody", b"thead",
];

/// Refuses a page whose tags nest deeper than `max_depth` (an upper bound on
/// what the parser would build, found without building it), or that has a
/// tag with more than [`MAX_ATTRIBUTES`] attributes. Start tags open,
/// end tags close; void elements, self-closing siblings, comments and the
/// insides of `<script>` and `<style>` are passed over.
pub(crate) fn check_depth(html: &str, max_depth: usize) -> Result<(), String> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut index = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[index..]) {
        index += offset + 1;
        let rest = &bytes[index..];
        if rest.starts_with(b"!--") {
            index += memchr::memmem::find(rest, b"-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .iter()
            .take_while(|byte| byte.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || (!closing && !rest[0].is_ascii_alphabetic()) {
            continue;
        }
        let name = &rest[name_start..name_start + name_len];
        let is = |list: &[&[u8]]| list.iter().any(|known| known.eq_ignore_ascii_case(name));
        let tag_end = memchr::memchr(b'>', rest).map_or(rest.len(), |end| end + 1);
        if closing {
            if !is(SELF_CLOSING_SIBLINGS) {
                depth = depth.saturating_sub(1);
            }
            index += tag_end;
            continue;
        }
        let self_closed = tag_end >= 2 && rest[tag_end - 2] == b'/';
        let n_attributes = blocks::count_attributes(&rest[name_start + name_len..tag_end]);
        if n_attributes > MAX_ATTRIBUTES {
            return Err(format!(
                "an HTML tag has more than {MAX_ATTRIBUTES} attributes ({n_attributes})"
            ));
        }
        index += tag_end;
        let is_script = name.eq_ignore_ascii_case(b"script");
        if is_script || name.eq_ignore_ascii_case(b"style") {
            let closing_tag: &[u8] = if is_script { b"</script" } else { b"</style" };
            index += blocks::find_ignore_case(&bytes[index..], closing_tag)
                .unwrap_or(bytes.len() - index);
            continue;
        }
        if self_closed || is(VOID_ELEMENTS) || is(SELF_CLOSING_SIBLINGS) {
            continue;
        }
        depth += 1;
        if depth > max_depth {
            return Err(format!(
                "HTML nests deeper than the limit of {max_depth} elements"
            ));
        }
    }
    Ok(())
}

/// Most attributes one tag may have: html5ever checks each new attribute
/// against the earlier ones, so a tag with 300,000 of them took minutes
/// (measured: 20,000 took 0.7 s, 40,000 3.2 s). Real tags have dozens.
const MAX_ATTRIBUTES: usize = 1000;

/// Main text and metadata of decoded HTML.
pub(crate) fn extract(
    html: &str,
    context: &PageContext<'_>,
    limits: &ReadLimits,
) -> Result<ArticleFields, String> {
    if limits.html_extraction == HtmlExtraction::Blocks {
        // One pass: the block extractor checks the nesting itself, and
        // collects the metadata tags on the way.
        let mut scanned = blocks::scan(html, limits.max_html_depth, MAX_ATTRIBUTES)?;
        if scanned.text.is_empty() {
            return Err("no main text found".to_owned());
        }
        let text = std::mem::take(&mut scanned.text);
        let tags = PageTags::from_scan(&scanned);
        return with_metadata(
            html,
            text,
            tags,
            trafilatura::Metadata::default(),
            context,
            limits,
        );
    }
    check_depth(html, limits.max_html_depth)?;
    let (tree_text, metadata) = match main_text_html(html) {
        Ok((content_html, metadata)) => (
            paragraphs(&html_to_text(&content_html, BLOCK_ELEMENTS)),
            Ok(metadata),
        ),
        Err(reason) => (String::new(), Err(reason)),
    };
    // The second opinion rescues pages where the tree-based extractor kept
    // far too little (measured against the crate alone: +0.006 F1 on
    // trafilatura-eval, +0.013 on the Readability pages).
    let mut scanned = blocks::scan(html, usize::MAX, usize::MAX)?;
    let tags = PageTags::from_scan(&scanned);
    let text = if scanned.text.len() > RESCUE_RATIO * tree_text.len() {
        std::mem::take(&mut scanned.text)
    } else {
        tree_text
    };
    let metadata = match metadata {
        Ok(metadata) => metadata,
        Err(_) if !text.is_empty() => trafilatura::Metadata::default(),
        Err(reason) => return Err(reason),
    };
    with_metadata(html, text, tags, metadata, context, limits)
}

/// The article: its main text, and its metadata from the page's tags, else
/// from what the extractor found.
fn with_metadata(
    html: &str,
    text: String,
    tags: PageTags,
    metadata: trafilatura::Metadata,
    context: &PageContext<'_>,
    limits: &ReadLimits,
) -> Result<ArticleFields, String> {
    let text = nfc(text);
    if text.len() > limits.max_article_bytes {
        return Err(format!(
            "main text of {} bytes exceeds the article limit of {}",
            text.len(),
            limits.max_article_bytes
        ));
    }
    let canonical = tags
        .canonical
        .clone()
        .or_else(|| tags.meta("og:url").map(str::to_owned))
        .filter(|url| url.starts_with("http://") || url.starts_with("https://"));
    let url = canonical.or_else(|| context.url.map(str::to_owned));
    let title = tags
        .meta("og:title")
        .map(str::to_owned)
        .or_else(|| non_empty(metadata.title.clone()))
        .or_else(|| tags.json_ld.headline.clone())
        .or_else(|| {
            tags.title
                .as_deref()
                .map(|title| page_title(title, tags.meta("og:site_name"), &text, url.as_deref()))
        });
    let outlet = tags
        .meta("og:site_name")
        .or_else(|| tags.meta("application-name"))
        .map(str::to_owned)
        .or_else(|| tags.json_ld.publisher.clone())
        .or_else(|| non_empty(metadata.sitename.clone()))
        .or_else(|| url.as_deref().and_then(site_of_url));
    let published = tags
        .published(html)
        .or_else(|| metadata.date.map(|date| date.to_string()))
        .or_else(|| url.as_deref().and_then(date_in_url))
        .or_else(|| context.url.and_then(date_in_url))
        .or_else(|| {
            tags.date_texts
                .iter()
                .find_map(|line| dates::date_in_text(line))
        })
        .or_else(|| context.fallback_published.map(str::to_owned));
    Ok(ArticleFields {
        id: None,
        url,
        outlet,
        published,
        language: tags.language(),
        title: title.map(|title| collapse_spaces(&title)),
        text,
    })
}

/// The extractor's settings: comments excluded, no fallback extractors
/// (+0.004 F1 for 40 % more time, see ARCHITECTURE.md), and the least main
/// text it accepts before trying its baseline extractor instead.
fn extractor_options(min_extracted_size: usize) -> trafilatura::Options {
    let config = trafilatura::Config::default().with_min_extracted_size(min_extracted_size);
    trafilatura::Options::default()
        .with_exclude_comments(true)
        .with_config(config)
}

/// How many times longer the block extractor's text must be than the
/// tree-based extractor's to be taken instead.
const RESCUE_RATIO: usize = 5;

/// Below this many characters of main text the crate turns to its baseline
/// extractor (its default, and the better setting on the benchmarks).
const MIN_MAIN_TEXT: usize = 250;

/// The main text as HTML. The crate's baseline runs paragraphs together
/// ("ward.The union"), so a short result is extracted again accepting any
/// main text, which keeps a short article's paragraphs apart.
fn main_text_html(html: &str) -> Result<(String, trafilatura::Metadata), String> {
    let no_text = |error: trafilatura::TrafilaturaError| format!("no main text found ({error})");
    let result = trafilatura::extract(html, &extractor_options(MIN_MAIN_TEXT)).map_err(no_text)?;
    if result.content_text.len() >= 2 * MIN_MAIN_TEXT {
        return Ok((result.content_html, result.metadata));
    }
    // Taken only when it found (nearly) as much text, so that it never
    // trades the baseline's text for a scrap.
    match trafilatura::extract(html, &extractor_options(1)) {
        Ok(short)
            if short.content_text.trim().len() * 10 >= result.content_text.trim().len() * 8 =>
        {
            Ok((short.content_html, result.metadata))
        }
        _ => Ok((result.content_html, result.metadata)),
    }
}

/// Elements whose start or end breaks a paragraph.
const BLOCK_ELEMENTS: &[&str] = &[
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
    "header",
    "footer",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "hr",
    "main",
    "aside",
    "body",
    "html",
    "head",
    "title",
    "address",
    "details",
    "summary",
];

/// Cleaned HTML to text with a line break at the start and end of every
/// element named in `breaking`, tags and comments removed and character
/// references decoded. (The extractor's own plain text joins paragraphs
/// with spaces, which would lose the paragraph structure the engine reads.)
pub(crate) fn html_to_text(content_html: &str, breaking: &[&str]) -> String {
    static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?s)<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*>").unwrap()
    });
    let mut text = String::with_capacity(content_html.len());
    let mut last = 0;
    for captures in MARKUP.captures_iter(content_html) {
        let whole = captures.get(0).unwrap();
        text.push_str(&unescape(&content_html[last..whole.start()]));
        last = whole.end();
        let is_block = captures.get(2).is_some_and(|name| {
            breaking
                .iter()
                .any(|block| name.as_str().eq_ignore_ascii_case(block))
        });
        if is_block {
            text.push('\n');
        }
    }
    text.push_str(&unescape(&content_html[last..]));
    text
}

/// One paragraph per non-blank line of the extractor's text, separated by a
/// blank line (the engine's paragraph break), spaces inside a line collapsed.
pub(crate) fn paragraphs(content: &str) -> String {
    let mut text = String::with_capacity(content.len());
    for line in content.lines() {
        let line = collapse_spaces(line);
        if line.is_empty() {
            continue;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&line);
    }
    text
}

fn collapse_spaces(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn non_empty(value: String) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// The `<meta>`, `<link rel=canonical>`, `<title>` and `<html lang>` of a
/// page, found lexically.
#[derive(Debug, Default)]
struct PageTags {
    /// `property`, `name`, `itemprop` or `http-equiv` (lowercased) to
    /// `content` (or `datetime`), the first of each kept.
    metas: HashMap<String, String>,
    canonical: Option<String>,
    title: Option<String>,
    html_lang: Option<String>,
    /// The texts of the page's date lines, then of the short blocks
    /// around its first main heading, for [`dates::date_in_text`].
    date_texts: Vec<String>,
    /// What the page's JSON-LD says.
    json_ld: JsonLd,
}

/// The first `datePublished`, `headline` and publisher's `name` of a page's
/// JSON-LD scripts (schema.org), wherever they sit in them.
#[derive(Debug, Default)]
struct JsonLd {
    published: Option<String>,
    headline: Option<String>,
    publisher: Option<String>,
}

impl JsonLd {
    fn read(scripts: &[&str]) -> JsonLd {
        let mut found = JsonLd::default();
        for script in scripts {
            // Some pages wrap it for old browsers: `/* <![CDATA[ */ … /* ]]> */`.
            let mut inside = script.trim();
            for wrapper in ["/*", "<![CDATA[", "*/"] {
                inside = inside.strip_prefix(wrapper).unwrap_or(inside).trim_start();
            }
            for wrapper in ["*/", "]]>", "/*"] {
                inside = inside.strip_suffix(wrapper).unwrap_or(inside).trim_end();
            }
            // Invalid JSON-LD (trailing commas, raw line breaks) is passed
            // over; the regex of `PageTags::published` still reads its date.
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(inside) {
                found.visit(&value, 0);
            }
        }
        found
    }

    fn visit(&mut self, value: &serde_json::Value, depth: usize) {
        if depth > 8 {
            return;
        }
        match value {
            serde_json::Value::Array(items) => {
                for item in items {
                    self.visit(item, depth + 1);
                }
            }
            serde_json::Value::Object(object) => {
                let text = |key: &str| {
                    object
                        .get(key)
                        .and_then(serde_json::Value::as_str)
                        .map(str::trim)
                        .filter(|text| !text.is_empty())
                        .map(unescape)
                };
                if self.published.is_none() {
                    self.published = text("datePublished");
                }
                if self.headline.is_none() {
                    self.headline = text("headline");
                }
                if self.publisher.is_none() {
                    self.publisher = match object.get("publisher") {
                        Some(serde_json::Value::String(name)) => non_empty(name.trim().to_owned()),
                        Some(serde_json::Value::Object(publisher)) => publisher
                            .get("name")
                            .and_then(serde_json::Value::as_str)
                            .and_then(|name| non_empty(unescape(name.trim()))),
                        Some(serde_json::Value::Array(publishers)) => publishers
                            .iter()
                            .find_map(|publisher| publisher.get("name")?.as_str())
                            .and_then(|name| non_empty(unescape(name.trim()))),
                        _ => None,
                    };
                }
                for (key, child) in object {
                    if key != "publisher" && (child.is_object() || child.is_array()) {
                        self.visit(child, depth + 1);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Meta names whose content is a publication time, best first.
const PUBLISHED_METAS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "datecreated",
    "uploaddate",
    "citation_publication_date",
    "citation_date",
    "publication_date",
    "published_time",
    "og:published_time",
    "article:published",
    "created",
];

impl PageTags {
    /// The metadata of the tags the block extractor's pass collected.
    fn from_scan(scanned: &blocks::Scanned<'_>) -> PageTags {
        let mut tags = PageTags {
            title: scanned.title.and_then(|title| non_empty(unescape(title))),
            date_texts: scanned
                .date_texts
                .iter()
                .chain(&scanned.title_neighbours)
                .cloned()
                .collect(),
            json_ld: JsonLd::read(&scanned.json_ld),
            ..PageTags::default()
        };
        for (name, inside) in &scanned.tags {
            let attributes = attributes(inside.strip_suffix('>').unwrap_or(inside));
            let get = |key: &str| {
                attributes
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(key))
                    .map(|(_, value)| value.as_str())
            };
            match *name {
                "meta" | "itemprop" => {
                    let key = if *name == "meta" {
                        get("property")
                            .or_else(|| get("name"))
                            .or_else(|| get("itemprop"))
                            .or_else(|| get("http-equiv"))
                    } else {
                        // Microdata, or RDFa (`property="schema:dateCreated"`).
                        get("itemprop").or_else(|| {
                            get("property").map(|property| {
                                property.strip_prefix("schema:").unwrap_or(property)
                            })
                        })
                    };
                    let value = get("content").or_else(|| get("datetime"));
                    if let (Some(key), Some(value)) = (key, value) {
                        let value = value.trim();
                        if !value.is_empty() {
                            tags.metas
                                .entry(key.trim().to_ascii_lowercase())
                                .or_insert_with(|| value.to_owned());
                        }
                    }
                }
                "link" => {
                    let is_canonical = get("rel").is_some_and(|rel| {
                        rel.split_whitespace()
                            .any(|word| word.eq_ignore_ascii_case("canonical"))
                    });
                    if is_canonical && tags.canonical.is_none() {
                        tags.canonical = get("href").map(|href| href.trim().to_owned());
                    }
                }
                "html" if tags.html_lang.is_none() => {
                    tags.html_lang = get("lang").or_else(|| get("xml:lang")).map(str::to_owned);
                }
                "time" => {
                    let key = if get("itemprop")
                        .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
                        || get("pubdate").is_some()
                    {
                        "time:published"
                    } else {
                        "time"
                    };
                    if let Some(datetime) = get("datetime") {
                        tags.metas
                            .entry(key.to_owned())
                            .or_insert_with(|| datetime.trim().to_owned());
                    }
                }
                _ => {}
            }
        }
        tags
    }

    fn meta(&self, key: &str) -> Option<&str> {
        self.metas.get(key).map(String::as_str)
    }

    /// The publication time: meta tags, then JSON-LD, then a `<time>`
    /// marked as the publication time, then the first `<time datetime>`.
    fn published(&self, html: &str) -> Option<String> {
        static JSON_LD: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(
                r#"["'](?:datePublished|dateCreated|uploadDate)["']\s*:\s*["']([^"']{8,40})["']"#,
            )
            .unwrap()
        });
        PUBLISHED_METAS
            .iter()
            .filter_map(|key| self.meta(key))
            .find_map(iso_date)
            .or_else(|| self.json_ld.published.as_deref().and_then(iso_date))
            .or_else(|| {
                // Only when no meta tag names it: a search of the whole page.
                JSON_LD
                    .captures(html)
                    .and_then(|c| c.get(1))
                    .and_then(|m| iso_date(m.as_str()))
            })
            .or_else(|| {
                self.meta("time:published")
                    .into_iter()
                    .chain(self.meta("time"))
                    .find_map(iso_date)
            })
    }

    /// The primary language subtag, lowercased: `ru` from `ru-RU`.
    fn language(&self) -> Option<String> {
        [
            self.html_lang.as_deref(),
            self.meta("content-language"),
            self.meta("og:locale"),
        ]
        .into_iter()
        .flatten()
        .find_map(|tag| {
            let primary = tag.trim().split(['-', '_', ',']).next()?.trim();
            (2..=3)
                .contains(&primary.len())
                .then(|| primary.to_ascii_lowercase())
                .filter(|code| code.bytes().all(|byte| byte.is_ascii_lowercase()))
        })
    }
}

/// A tag's attributes as (name, value) pairs, values unescaped; an
/// attribute without a value (`<time pubdate>`) has an empty one. Written
/// out rather than a regex: capture groups sent the regex engine to its
/// slowest strategy, a twentieth of the reading time.
fn attributes(source: &str) -> Vec<(String, String)> {
    let bytes = source.as_bytes();
    let mut pairs = Vec::new();
    let mut index = 0;
    let is_name =
        |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b':' | b'.' | b'-');
    while index < bytes.len() {
        if !(bytes[index].is_ascii_alphabetic() || matches!(bytes[index], b'_' | b':')) {
            index += 1;
            continue;
        }
        let name_start = index;
        while index < bytes.len() && is_name(bytes[index]) {
            index += 1;
        }
        let name = &source[name_start..index];
        while index < bytes.len() && bytes[index].is_ascii_whitespace() {
            index += 1;
        }
        if bytes.get(index) != Some(&b'=') {
            pairs.push((name.to_owned(), String::new()));
            continue;
        }
        index += 1;
        while index < bytes.len() && bytes[index].is_ascii_whitespace() {
            index += 1;
        }
        let value = match bytes.get(index) {
            Some(&quote @ (b'"' | b'\'')) => {
                let start = index + 1;
                let end =
                    memchr::memchr(quote, &bytes[start..]).map_or(bytes.len(), |at| start + at);
                index = (end + 1).min(bytes.len());
                &source[start..end]
            }
            _ => {
                let start = index;
                while index < bytes.len()
                    && !bytes[index].is_ascii_whitespace()
                    && !matches!(bytes[index], b'"' | b'\'' | b'>')
                {
                    index += 1;
                }
                &source[start..index]
            }
        };
        pairs.push((name.to_owned(), unescape(value)));
    }
    pairs
}

/// An ISO 8601 date or date-time as written, when it starts with a valid
/// `YYYY-MM-DD`; a date-time is kept whole, anything after a bare date that
/// is not a time is dropped.
fn iso_date(value: &str) -> Option<String> {
    let value = value.trim();
    let day = value.get(..10)?;
    let bytes = day.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && bytes[4] == b'-' && digits(5..7) && bytes[7] == b'-' && digits(8..10)) {
        return None;
    }
    let year: u32 = day[..4].parse().ok()?;
    let month: u32 = day[5..7].parse().ok()?;
    let day_of_month: u32 = day[8..10].parse().ok()?;
    if !(1900..=2999).contains(&year)
        || !(1..=12).contains(&month)
        || !(1..=31).contains(&day_of_month)
    {
        return None;
    }
    static DATE_TIME: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
            .unwrap()
    });
    if DATE_TIME.is_match(value) {
        Some(value.replacen(' ', "T", 1))
    } else {
        Some(day.to_owned())
    }
}

/// Text in Unicode's composed form (NFC), as the web's own rules ask:
/// pages mix forms (Bengali's `য়` as one code point or two), and spans and
/// searches need one.
fn nfc(text: String) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return text;
    }
    text.nfc().collect()
}

/// The article's title from the page's `<title>`: without the site's
/// name when the page names its site; else the part between separators
/// (`|`, `-`, `—`, `–`, `::`, `·`) that the main text opens with; else, for
/// a title cut by ` | ` (which sites put between the headline, sections
/// and their name), the longest part that does not name the site (its
/// host's main label, `sheego` of `sheego.de`); else all of it.
fn page_title(title: &str, site: Option<&str>, text: &str, url: Option<&str>) -> String {
    let title = without_site_name(title, site);
    let opening = text.lines().next().unwrap_or("").trim();
    if opening == title {
        return title;
    }
    let opened_with = (!opening.is_empty())
        .then(|| {
            [" | ", " - ", " — ", " – ", " :: ", " · "]
                .iter()
                .flat_map(|separator| title.split(separator))
                .map(str::trim)
                .find(|part| *part == opening)
        })
        .flatten();
    if let Some(part) = opened_with {
        return part.to_owned();
    }
    let label = url
        .and_then(site_of_url)
        .and_then(|host| {
            let mut labels = host.rsplit('.');
            labels.next();
            labels.next().map(str::to_lowercase)
        })
        .filter(|label| label.len() >= 3);
    // A short part with the label in it is the site's name ("sheego ♥
    // Magazin"); a long one is a headline that mentions it.
    let names_site = |part: &str| {
        label.as_deref().is_some_and(|label| {
            part.chars().count() <= label.chars().count() + 20
                && part.to_lowercase().replace(' ', "").contains(label)
        })
    };
    title
        .split(" | ")
        .map(str::trim)
        .filter(|part| !names_site(part))
        .reduce(|longest, part| {
            if part.chars().count() > longest.chars().count() {
                part
            } else {
                longest
            }
        })
        .filter(|part| !part.is_empty())
        .map_or(title.clone(), str::to_owned)
}

/// `kurier.example` from `https://www.kurier.example/news/1`: the outlet of
/// a page that names none.
fn site_of_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    if parsed
        .host()
        .is_some_and(|host| !matches!(host, url::Host::Domain(_)))
    {
        return None;
    }
    Some(host.strip_prefix("www.").unwrap_or(host).to_owned())
}

/// `Pensioners rally` from `Pensioners rally | Example Post` when the
/// page names its site `Example Post`.
fn without_site_name(title: &str, site: Option<&str>) -> String {
    let title = title.trim();
    site.map(str::trim)
        .filter(|site| !site.is_empty())
        .and_then(|site| title.strip_suffix(site))
        .map(|rest| {
            rest.trim_end()
                .trim_end_matches(['|', '-', '–', '—', ':', '·'])
                .trim_end()
        })
        .filter(|rest| !rest.is_empty())
        .unwrap_or(title)
        .to_owned()
}

/// A date written in a URL path: `/2023/11/07/`, `/2023-11-07-`, `/20231107/`.
pub(crate) fn date_in_url(url: &str) -> Option<String> {
    static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"/((?:19|20)\d{2})[/\-_]?(0[1-9]|1[0-2])[/\-_]?(0[1-9]|[12]\d|3[01])(?:[/\-_.]|$)",
        )
        .unwrap()
    });
    let captures = URL_DATE.captures(url)?;
    iso_date(&format!(
        "{}-{}-{}",
        &captures[1], &captures[2], &captures[3]
    ))
}

/// Character references in attribute values, titles and feed items' HTML.
pub(crate) fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});").unwrap()
    });
    REFERENCE
        .replace_all(text, |captures: &regex::Captures<'_>| {
            let name = &captures[1];
            let character =
                if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
                } else if let Some(decimal) = name.strip_prefix('#') {
                    decimal.parse().ok().and_then(char::from_u32)
                } else {
                    match name {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        "nbsp" => Some(' '),
                        "laquo" => Some('«'),
                        "raquo" => Some('»'),
                        "mdash" => Some('—'),
                        "ndash" => Some('–'),
                        "hellip" => Some('…'),
                        _ => None,
                    }
                };
            character.map_or_else(|| captures[0].to_owned(), String::from)
        })
        .into_owned()
}

mod blocks;
mod dates;
#[cfg(test)]
mod tests;
