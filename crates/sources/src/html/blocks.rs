//! Main text without a DOM: one pass of a small tag lexer over the decoded
//! page keeps a stack of open elements (which is also the nesting check)
//! and collects the tags the metadata comes from. It drops subtrees that
//! are page furniture by tag, marks furniture by class/id words (unless the
//! element turns out to hold most of the page, or most of its prose: a
//! wrapper), cuts the text into blocks at block-level tags, and credits
//! each block's length to the containers above it (never to
//! paragraph-level elements); the container with the most credited text is
//! the article. It grows upwards while what a parent adds is text rather
//! than links; its link-poor blocks, its long link-rich ones, the ordered
//! lists near it that are not mostly links, the long blocks of what it grew
//! over and of the region around it, and the headings that head something
//! kept are the main text.
//!
//! About 0.45 ms for a 150 KB page, a seventh of the tree-based extractor,
//! and better than Python trafilatura on both benchmarks (ARCHITECTURE.md,
//! "HTML main text", has the figures and the caveat that the thresholds
//! below were tuned on them). `html.rs` uses it by default, and as a second
//! opinion under `--tree-html`. `examples/streaming_extractor.rs` times it
//! alone, in memory. This file uses nothing from the crate, so that example
//! can include it.

use std::collections::HashMap;

/// Subtrees never read: not text, or page furniture by their tag.
const SKIPPED_TAGS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "nav",
    "footer", "aside", "button", "select", "textarea", "menu", "dialog", "rt", "rp",
];
/// Subtrees whose class or id has one of these words (split at spaces,
/// `-` and `_`) are furniture; see also [`WEAK_FURNITURE_WORDS`].
const FURNITURE_WORDS: &[&str] = &[
    "comment",
    "comments",
    "share",
    "sharing",
    "social",
    "related",
    "cookie",
    "cookies",
    "consent",
    "advert",
    "advertisement",
    "ads",
    "sponsor",
    "sponsored",
    "newsletter",
    "subscribe",
    "breadcrumb",
    "breadcrumbs",
    "navbar",
    "nav",
    "navigation",
    "menu",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "disqus",
    "caption",
    "credit",
    "credits",
    "copyright",
    "author",
    "bio",
    "byline",
    "cta",
    "disclaimer",
    "affiliate",
];
/// Furniture words that page builders also put on the article's own
/// boxes (`elementor-widget-container`, `content-sidebar-wrap`): furniture
/// only in a class or id without a word of [`STRUCTURE_WORDS`]. (Measured
/// on trafilatura-eval: as plain furniture words they cost 0.03 F1 before
/// the wrapper rule of `choose` and gained 0.002 after it; as weak words,
/// 0.001 more.)
const WEAK_FURNITURE_WORDS: &[&str] = &["sidebar", "footer", "widget", "ad", "banner"];
const STRUCTURE_WORDS: &[&str] = &[
    "container",
    "wrap",
    "wrapper",
    "inner",
    "content",
    "text",
    "body",
    "editor",
    "populated",
];
/// Tags whose start or end closes the current block of text.
const BLOCK_TAGS: &[&str] = &[
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
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "section",
    "article",
    "main",
    "header",
    "figure",
    "figcaption",
    "hr",
    "body",
    "html",
    "title",
    "address",
    "center",
];
/// Elements that hold a paragraph's text, never an article: text is not
/// credited to them.
const TEXT_LEVEL_TAGS: &[&str] = &[
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "span", "a", "strong", "b", "em", "i", "font", "li",
    "label", "small", "time", "dt", "dd", "pre", "code",
];
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

const BLOCK: u8 = 1;
const SKIPPED: u8 = 2;
const TEXT_LEVEL: u8 = 4;
const VOID: u8 = 8;

/// What the lists above say of a lowercased tag name: one lookup per tag
/// instead of four list scans (which took a tenth of the reading time).
fn tag_flags(name: &str) -> u8 {
    static FLAGS: std::sync::LazyLock<HashMap<&'static str, u8>> = std::sync::LazyLock::new(|| {
        let mut flags = HashMap::new();
        for (list, flag) in [
            (BLOCK_TAGS, BLOCK),
            (SKIPPED_TAGS, SKIPPED),
            (TEXT_LEVEL_TAGS, TEXT_LEVEL),
            (VOID_TAGS, VOID),
        ] {
            for name in list {
                *flags.entry(*name).or_default() |= flag;
            }
        }
        flags
    });
    FLAGS.get(name).copied().unwrap_or(0)
}

/// How many enclosing elements a block remembers: the containers that
/// can win are close to the text, and a page of a million tiny blocks a
/// thousand elements deep must not cost a thousand ids each.
const MAX_ANCESTORS: usize = 32;

struct Block {
    text: String,
    link_chars: usize,
    /// Ids of the open elements when the block ended, outermost first, at
    /// most [`MAX_ANCESTORS`] of them.
    ancestors: Vec<u32>,
    /// 1 to 6 for `<h1>` to `<h6>`, 0 for other blocks.
    heading: u8,
}

struct Open {
    name: String,
    id: u32,
    skipped: bool,
}

/// The main text of a decoded page: paragraphs separated by blank lines,
/// empty when no block qualifies. Never panics, whatever the input. (For
/// the tests and `examples/streaming_extractor.rs`; `html.rs` calls
/// [`scan`].)
#[allow(dead_code)]
pub(crate) fn main_text(html: &str) -> String {
    scan(html, usize::MAX, usize::MAX).map_or_else(|_| String::new(), |page| page.text)
}

/// What one pass over a page finds: its main text, and the tags its
/// metadata comes from, so that nothing else need read the whole page.
pub(crate) struct Scanned<'page> {
    pub text: String,
    /// Every `<meta>`, `<link>`, `<html>` and `<time>` start tag outside
    /// scripts and styles: its lowercased name and its attributes as
    /// written.
    pub tags: Vec<(&'static str, &'page str)>,
    /// The inside of the first `<title>`, as written.
    pub title: Option<&'page str>,
    /// The text of the first few elements that look like a date line
    /// (`<time>`, a class or id with `date`, `time`, `publish`, `datum` or
    /// `posted`), in page order, for a publication date the tags lack.
    pub date_texts: Vec<String>,
    /// The short blocks just before and after the page's first main
    /// heading, where a date line without a telling class sits.
    pub title_neighbours: Vec<String>,
    /// The insides of the first few `<script type="application/ld+json">`.
    pub json_ld: Vec<&'page str>,
}

/// How many JSON-LD scripts [`scan`] keeps.
const MAX_JSON_LD: usize = 8;

/// How many date-looking elements' texts [`scan`] keeps.
const MAX_DATE_TEXTS: usize = 12;
/// How much of each it keeps, in bytes.
const MAX_DATE_TEXT: usize = 160;
/// How many blocks on each side of the first main heading [`scan`] keeps.
const TITLE_NEIGHBOURS: usize = 3;

/// [`main_text`] and the metadata tags, in one pass; `Err` when the page
/// nests more than `max_depth` elements deep or has a tag with more than
/// `max_attributes` attributes (the messages of `html::check_depth`).
pub(crate) fn scan(
    html: &str,
    max_depth: usize,
    max_attributes: usize,
) -> Result<Scanned<'_>, String> {
    let bytes = html.as_bytes();
    let mut tags: Vec<(&'static str, &str)> = Vec::new();
    let mut title: Option<&str> = None;
    let mut date_texts: Vec<String> = Vec::new();
    let mut json_ld: Vec<&str> = Vec::new();
    // Open date-looking elements: id, blocks then, text length then.
    let mut date_lines: Vec<(u32, usize, usize)> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut next_id = 0u32;
    let mut blocks: Vec<Block> = Vec::new();
    let mut text = String::new();
    let mut link_chars = 0usize;
    let mut in_link = 0usize;
    let mut heading = 0u8;
    let mut index = 0;
    let mut skipping = 0usize;
    let mut furniture: Vec<u32> = Vec::new();
    // Elements that hold a paragraph's text, never an article.
    let mut text_level = std::collections::HashSet::new();
    // Ordered lists: a list of sources or steps reads as the article's.
    let mut ordered_lists = std::collections::HashSet::new();
    let flush = |text: &mut String,
                 link_chars: &mut usize,
                 heading: &mut u8,
                 stack: &[Open],
                 blocks: &mut Vec<Block>| {
        let mut trimmed = String::with_capacity(text.len());
        for word in text.split_whitespace() {
            if !trimmed.is_empty() {
                trimmed.push(' ');
            }
            trimmed.push_str(word);
        }
        if !trimmed.is_empty() {
            blocks.push(Block {
                link_chars: (*link_chars).min(trimmed.len()),
                ancestors: stack[stack.len().saturating_sub(MAX_ANCESTORS)..]
                    .iter()
                    .map(|open| open.id)
                    .collect(),
                heading: *heading,
                text: trimmed,
            });
        }
        text.clear();
        *link_chars = 0;
        *heading = 0;
    };
    while index < bytes.len() {
        let Some(offset) = memchr::memchr(b'<', &bytes[index..]) else {
            if skipping == 0 {
                push_text(&mut text, &html[index..], in_link > 0, &mut link_chars);
            }
            break;
        };
        if skipping == 0 && offset > 0 {
            push_text(
                &mut text,
                &html[index..index + offset],
                in_link > 0,
                &mut link_chars,
            );
        }
        index += offset;
        let rest = &bytes[index..];
        if rest.starts_with(b"<!--") {
            index += find(rest, b"-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = 1 + usize::from(closing);
        let name_len = rest[name_start.min(rest.len())..]
            .iter()
            .take_while(|byte| byte.is_ascii_alphanumeric() || **byte == b'-')
            .count();
        // Found only when needed: looking ahead from every stray `<` of
        // "<<<<…>" would make the pass quadratic.
        let tag_end = || tag_end(rest);
        if name_len == 0 {
            // `<!DOCTYPE`, `<?xml`, a stray `<`.
            if rest
                .get(1)
                .is_some_and(|byte| *byte == b'!' || *byte == b'?')
            {
                index += tag_end();
            } else {
                if skipping == 0 {
                    text.push('<');
                }
                index += 1;
            }
            continue;
        }
        let name = html[index + name_start..index + name_start + name_len].to_ascii_lowercase();
        let end = tag_end();
        let attributes =
            &html[index + name_start + name_len..index + end.max(name_start + name_len)];
        index += end;
        let flags = tag_flags(&name);
        let is_block = flags & BLOCK != 0;
        if !closing {
            // `<span itemprop="datePublished" content="…">`: a meta tag in
            // all but name.
            static ITEMPROP: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
                std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"itemprop"));
            static PROPERTY: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
                std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"property="));
            if name != "meta"
                && (ITEMPROP.find(attributes.as_bytes()).is_some()
                    || PROPERTY.find(attributes.as_bytes()).is_some())
            {
                tags.push(("itemprop", attributes));
            }
            // An attribute takes at least two bytes (`a=`).
            if attributes.len() / 2 > max_attributes {
                let n_attributes = count_attributes(attributes.as_bytes());
                if n_attributes > max_attributes {
                    return Err(format!(
                        "an HTML tag has more than {max_attributes} attributes ({n_attributes})"
                    ));
                }
            }
            match name.as_str() {
                "meta" => tags.push(("meta", attributes)),
                "link" => tags.push(("link", attributes)),
                "html" => tags.push(("html", attributes)),
                "time" => tags.push(("time", attributes)),
                _ => {}
            }
        }
        if closing {
            if let Some(position) = stack.iter().rposition(|open| open.name == name) {
                if skipping == 0 && is_block {
                    flush(
                        &mut text,
                        &mut link_chars,
                        &mut heading,
                        &stack,
                        &mut blocks,
                    );
                }
                for open in stack.drain(position..) {
                    if open.skipped {
                        skipping -= 1;
                    }
                    // An `<a>` left open closes with its container.
                    if open.name == "a" {
                        in_link -= 1;
                    }
                    if let Some(at) = date_lines.iter().position(|(id, ..)| *id == open.id) {
                        let (_, first_block, start) = date_lines.swap_remove(at);
                        let mut line = String::new();
                        if first_block == blocks.len() {
                            line.push_str(text.get(start..).unwrap_or(""));
                        } else {
                            for block in &blocks[first_block..] {
                                line.push_str(&block.text);
                                line.push(' ');
                            }
                            line.push_str(&text);
                        }
                        let line = line.trim();
                        if !line.is_empty() && date_texts.len() < MAX_DATE_TEXTS {
                            let mut end = line.len().min(MAX_DATE_TEXT);
                            while !line.is_char_boundary(end) {
                                end -= 1;
                            }
                            date_texts.push(line[..end].to_owned());
                        }
                    }
                }
            }
            continue;
        }
        // A table row is one block; its cells are apart by a space.
        if matches!(name.as_str(), "td" | "th") && skipping == 0 {
            text.push(' ');
        }
        if is_block && skipping == 0 {
            flush(
                &mut text,
                &mut link_chars,
                &mut heading,
                &stack,
                &mut blocks,
            );
        }
        if flags & VOID != 0 || attributes.ends_with("/>") {
            continue;
        }
        // Raw text: jump to the end tag.
        if matches!(
            name.as_str(),
            "script" | "style" | "textarea" | "noscript" | "template" | "title"
        ) {
            let close = format!("</{name}");
            let inside =
                find_ignore_case(&bytes[index..], close.as_bytes()).unwrap_or(bytes.len() - index);
            if name == "title" && title.is_none() {
                title = Some(&html[index..index + inside]);
            }
            if name == "script"
                && json_ld.len() < MAX_JSON_LD
                && attributes.to_ascii_lowercase().contains("ld+json")
            {
                json_ld.push(&html[index..index + inside]);
            }
            index += inside;
            continue;
        }
        // A block start closes an open paragraph, as HTML does.
        if is_block && stack.last().is_some_and(|top| top.name == "p") {
            let open = stack.pop().expect("a top");
            if open.skipped {
                skipping -= 1;
            }
        }
        // List items and cells close an open sibling.
        if matches!(
            name.as_str(),
            "li" | "dt" | "dd" | "tr" | "td" | "th" | "option"
        ) {
            if let Some(top) = stack.last() {
                if top.name == name {
                    let open = stack.pop().expect("a top");
                    if open.skipped {
                        skipping -= 1;
                    }
                }
            }
        }
        // The page's outer elements carry classes for the whole page
        // (`has-sidebar`), never for furniture.
        let outer = matches!(name.as_str(), "html" | "body" | "main" | "article");
        let mut skipped = flags & SKIPPED != 0;
        let tag_names = names(attributes);
        if !outer && tag_names.as_ref().is_some_and(is_furniture) {
            if flags & TEXT_LEVEL != 0 && !is_block && name != "a" {
                // Inside a paragraph (a caption's credit, a share count):
                // never a wrapper, and gone before its block ends. (Not a
                // link: annotated texts class their notes' links `popup`.)
                skipped = true;
            } else {
                // Decided once the page is read: a "furniture" element
                // that holds most of the page is a wrapper (`ads-helper`).
                furniture.push(next_id + 1);
            }
        }
        if skipped {
            skipping += 1;
        }
        if name == "a" {
            // A link inside a link closes the outer one, as HTML does.
            if let Some(position) = stack.iter().rposition(|open| open.name == "a") {
                for open in stack.drain(position..) {
                    if open.skipped {
                        skipping -= 1;
                    }
                    if open.name == "a" {
                        in_link -= 1;
                    }
                }
            }
            in_link += 1;
        }
        if name.len() == 2 && name.starts_with('h') && name.as_bytes()[1].is_ascii_digit() {
            heading = name.as_bytes()[1] - b'0';
        }
        next_id += 1;
        if skipping == 0
            && date_texts.len() + date_lines.len() < MAX_DATE_TEXTS
            && (name == "time" || tag_names.as_ref().is_some_and(is_date_line))
        {
            date_lines.push((next_id, blocks.len(), text.len()));
        }
        if stack.len() >= max_depth {
            return Err(format!(
                "HTML nests deeper than the limit of {max_depth} elements"
            ));
        }
        if flags & TEXT_LEVEL != 0 {
            text_level.insert(next_id);
        }
        if name == "ol" {
            ordered_lists.insert(next_id);
        }
        stack.push(Open {
            name,
            id: next_id,
            skipped,
        });
    }
    flush(
        &mut text,
        &mut link_chars,
        &mut heading,
        &stack,
        &mut blocks,
    );
    let title_neighbours = blocks
        .iter()
        .position(|block| block.heading == 1)
        .or_else(|| blocks.iter().position(|block| block.heading == 2))
        .map(|at| {
            blocks
                [at.saturating_sub(TITLE_NEIGHBOURS)..(at + 1 + TITLE_NEIGHBOURS).min(blocks.len())]
                .iter()
                .filter(|block| block.text.len() <= MAX_DATE_TEXT)
                .map(|block| block.text.clone())
                .collect()
        })
        .unwrap_or_default();
    Ok(Scanned {
        text: choose(&blocks, &furniture, &text_level, &ordered_lists),
        tags,
        title,
        date_texts,
        title_neighbours,
        json_ld,
    })
}

/// A tag's `class` and `id` values, lowercased.
#[derive(Default)]
struct Names {
    class: String,
    id: String,
}

/// The `class` and `id` of a tag's attributes, `None` without either: found
/// from the tag's `=` signs, so that the many tags without them cost one
/// byte search.
fn names(attributes: &str) -> Option<Names> {
    let bytes = attributes.as_bytes();
    let mut found: Option<Names> = None;
    for at in memchr::memchr_iter(b'=', bytes) {
        let before = &bytes[..at];
        let is_class =
            before.len() >= 6 && before[before.len() - 6..].eq_ignore_ascii_case(b" class");
        let is_id = !is_class
            && before.len() >= 3
            && before[before.len() - 3..].eq_ignore_ascii_case(b" id");
        if !is_class && !is_id {
            continue;
        }
        // Only the attribute's own value, not the rest of the tag.
        let value = &attributes[at + 1..];
        let (value, end) = match value.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let value = &value[1..];
                (value, value.find(quote).unwrap_or(value.len()))
            }
            _ => (value, value.find([' ', '>', '/']).unwrap_or(value.len())),
        };
        let names = found.get_or_insert_with(Names::default);
        let target = if is_class {
            &mut names.class
        } else {
            &mut names.id
        };
        if !target.is_empty() {
            target.push(' ');
        }
        target.push_str(&value[..end].to_ascii_lowercase());
    }
    found
}

/// Whether a class or id names a date line (`post-date`, `published`,
/// `datum`), and not a comment's or an update's.
fn is_date_line(names: &Names) -> bool {
    [&names.class, &names.id].iter().any(|value| {
        ["date", "time", "publish", "datum", "posted"]
            .iter()
            .any(|word| value.contains(word))
            && !value.contains("comment")
            && !value.contains("update")
            && !value.contains("modified")
    })
}

/// Attributes in the inside of a tag: `=` signs outside quotes. (Also
/// `html::check_depth`'s, before the tree-based extractor.)
pub(crate) fn count_attributes(inside: &[u8]) -> usize {
    let mut quote = None;
    let mut n_attributes = 0;
    for &byte in inside {
        match (quote, byte) {
            (None, b'"' | b'\'') => quote = Some(byte),
            (Some(open), _) if byte == open => quote = None,
            (None, b'=') => n_attributes += 1,
            _ => {}
        }
    }
    n_attributes
}

fn push_text(text: &mut String, raw: &str, in_link: bool, link_chars: &mut usize) {
    let decoded = decode_entities(raw);
    if in_link {
        *link_chars += decoded.trim().len();
    }
    text.push_str(&decoded);
}

fn is_furniture(names: &Names) -> bool {
    [(&names.class, false), (&names.id, true)]
        .iter()
        .any(|(value, is_id)| {
            let structural = || {
                value
                    .split([' ', '-', '_', '\t', '\n'])
                    .any(|word| STRUCTURE_WORDS.contains(&word))
            };
            value
                .split_ascii_whitespace()
                // `no-share`, `with-navigation`, `has-comments`: a
                // modifier of the element, not what it is.
                .filter(|token| {
                    !["no-", "no_", "with-", "with_", "has-", "has_"]
                        .iter()
                        .any(|prefix| token.starts_with(prefix))
                })
                // An id of four words or more is a heading's slug
                // (`sharing-with-a-single-developer`), not a component.
                .filter(|token| !is_id || token.split(['-', '_']).count() < 4)
                .any(|token| {
                    token.split(['-', '_']).any(|word| {
                        FURNITURE_WORDS.contains(&word)
                            // `relatedposts`, `relatedarticles`.
                            || word.starts_with("related")
                            || (WEAK_FURNITURE_WORDS.contains(&word) && !structural())
                    })
                })
        })
}

/// Shortest block of main text, in bytes (measured: 1 and 10 score the same,
/// 25 and 40 lose recall).
const MIN_BLOCK: usize = 10;
/// Shortest block taken from beside the best container (measured: 80
/// gains recall and loses as much precision; 300 loses recall).
const MIN_SIBLING_BLOCK: usize = 150;
/// How far up from the best container long blocks are still taken
/// (measured on trafilatura-eval: 0 levels 0.874, 1 0.881, 3 0.899, 5 0.903,
/// 8 0.899).
const SIBLING_LEVELS: usize = 5;

/// A furniture-classed element holding this many tenths of the page's text
/// or more is a wrapper, not furniture.
const WRAPPER_TENTHS: usize = 6;
/// A block this long with few links is prose; a "furniture" element
/// holding more than half of the page's prose is a wrapper too.
const PROSE_BLOCK: usize = 100;
/// How many levels the best container may grow upwards, as long as what a
/// parent adds has fewer than one character in [`GROW_LINK_DENSITY`] in
/// links (measured on trafilatura-eval, F1: 0 levels 0.919, 2 0.921,
/// 3 0.921, 5 0.921 with more recall and less precision each level; 1 in 3
/// and 1 in 5 score alike).
const GROW_LEVELS: usize = 3;
const GROW_LINK_DENSITY: usize = 3;
/// Shortest block taken from what growing added (measured: 25 0.919,
/// 50 0.921, 80 0.921 with less recall).
const MIN_GROWN_BLOCK: usize = 50;
/// A block of the article's container this long is kept with up to this
/// many tenths of link text: a reference list, a paragraph of sources
/// (measured on the Readability pages, word F1: not kept 0.958; 100 bytes
/// and 7 tenths 0.962, 40 bytes 0.965; 25 or 60 bytes, 8 or 9 tenths within
/// 0.001; no change on trafilatura-eval).
const MIN_LINKED_BLOCK: usize = 40;
const LINKED_BLOCK_TENTHS: usize = 7;
/// An ordered list near the article (in its region) with this many bytes
/// and less than this many tenths of link text is the article's, every
/// item of it: references, steps, a ranking, whose items alone look like
/// links (measured on the Readability pages, word F1: without 0.965, 6 to
/// 9 tenths 0.969 (the three Wikipedia pages' references), 5 tenths no
/// change; 300 or 1,000 bytes alike; no change on trafilatura-eval).
const MIN_ORDERED_LIST: usize = 500;
const ORDERED_LIST_LINK_TENTHS: usize = 7;

/// The container with the most good text, and its good blocks.
fn choose(
    blocks: &[Block],
    furniture: &[u32],
    text_level: &std::collections::HashSet<u32>,
    ordered_lists: &std::collections::HashSet<u32>,
) -> String {
    let total: usize = blocks.iter().map(|block| block.text.len()).sum();
    let prose =
        |block: &Block| block.text.len() >= PROSE_BLOCK && block.link_chars * 4 < block.text.len();
    let total_prose: usize = blocks
        .iter()
        .filter(|block| prose(block))
        .map(|block| block.text.len())
        .sum();
    let mut held: HashMap<u32, (usize, usize)> = furniture.iter().map(|id| (*id, (0, 0))).collect();
    for block in blocks {
        for id in &block.ancestors {
            if let Some((size, prose_size)) = held.get_mut(id) {
                *size += block.text.len();
                if prose(block) {
                    *prose_size += block.text.len();
                }
            }
        }
    }
    let active: std::collections::HashSet<u32> = held
        .into_iter()
        .filter(|(_, (size, prose_size))| {
            *size * 10 < total * WRAPPER_TENTHS && *prose_size * 2 <= total_prose
        })
        .map(|(id, _)| id)
        .collect();
    let in_furniture = |block: &Block| block.ancestors.iter().any(|id| active.contains(id));
    let good = |block: &Block| {
        block.text.len() >= MIN_BLOCK
            // Less than half link text (measured: a third loses 0.012 F1
            // on the Readability pages, two thirds 0.007).
            && block.link_chars * 2 < block.text.len()
            && !in_furniture(block)
    };
    let mut credit: HashMap<u32, f64> = HashMap::new();
    for block in blocks.iter().filter(|block| good(block)) {
        let weight = block.text.len() as f64
            + 50.0 * block.text.matches(['.', ',', '!', '?']).count() as f64;
        for (distance, id) in block.ancestors.iter().rev().enumerate() {
            // (Measured: a geometric decay of 0.5, 0.7 or 0.9 a level scores
            // 0.005-0.013 lower on trafilatura-eval.)
            let share = match distance {
                0 => 1.0,
                1 => 0.8,
                2 => 0.5,
                _ => 0.2,
            };
            if !text_level.contains(id) {
                *credit.entry(*id).or_default() += weight * share;
            }
        }
    }
    let Some((&best, _)) = credit
        .iter()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)))
    else {
        // No block qualifies (a page of a few words): all the text that is
        // not furniture.
        let texts: Vec<&str> = blocks
            .iter()
            .filter(|block| !in_furniture(block))
            .map(|block| block.text.as_str())
            .collect();
        return texts.join("\n\n");
    };
    // The region a few levels above the best container: its other long,
    // link-poor blocks are often more of the article (a split body, a lead
    // outside the body's wrapper).
    let region = blocks.iter().find_map(|block| {
        let at = block.ancestors.iter().position(|id| *id == best)?;
        Some(block.ancestors[at.saturating_sub(SIBLING_LEVELS)])
    });
    // Grown upwards while what a parent adds is text rather than links: an
    // article split over sibling containers (a lead, a body, a box).
    let chain: Vec<u32> = blocks
        .iter()
        .find_map(|block| {
            let at = block.ancestors.iter().position(|id| *id == best)?;
            Some(block.ancestors[..=at].to_vec())
        })
        .unwrap_or_default();
    let mut container = best;
    for parent in chain.iter().rev().skip(1).take(GROW_LEVELS) {
        let (chars, links) = blocks
            .iter()
            .filter(|block| {
                block.ancestors.contains(parent)
                    && !block.ancestors.contains(&container)
                    && !in_furniture(block)
            })
            .fold((0, 0), |(chars, links), block| {
                (chars + block.text.len(), links + block.link_chars)
            });
        if links * GROW_LINK_DENSITY >= chars && chars > 0 {
            break;
        }
        container = *parent;
    }
    let list_of = |block: &Block| {
        block
            .ancestors
            .iter()
            .rev()
            .find(|id| ordered_lists.contains(id))
            .copied()
    };
    let mut list_text: HashMap<u32, (usize, usize)> = HashMap::new();
    for block in blocks {
        if let Some(list) = list_of(block) {
            let entry = list_text.entry(list).or_default();
            entry.0 += block.text.len();
            entry.1 += block.link_chars;
        }
    }
    let prose_list = |block: &Block| {
        list_of(block).is_some_and(|list| {
            let (chars, links) = list_text[&list];
            chars >= MIN_ORDERED_LIST && links * 10 < chars * ORDERED_LIST_LINK_TENTHS
        })
    };
    let mut out = Vec::new();
    for block in blocks {
        let in_list = prose_list(block)
            && !in_furniture(block)
            && region.is_some_and(|region| block.ancestors.contains(&region));
        let inside = in_list
            || block.ancestors.contains(&best)
            || (block.ancestors.contains(&container)
                && block.text.len() >= MIN_GROWN_BLOCK
                && block.link_chars * 5 < block.text.len());
        let beside = !inside
            && region.is_some_and(|region| block.ancestors.contains(&region))
            && block.text.len() >= MIN_SIBLING_BLOCK
            && block.link_chars * 5 < block.text.len();
        if !inside && !beside {
            continue;
        }
        let keep = in_list
            || good(block)
            || (block.ancestors.contains(&best)
                && block.text.len() >= MIN_LINKED_BLOCK
                && block.link_chars * 10 < block.text.len() * LINKED_BLOCK_TENTHS
                && !in_furniture(block))
            || (block.heading > 0
                && block.link_chars * 2 < block.text.len()
                && !in_furniture(block));
        if keep {
            out.push((block.text.as_str(), block.heading));
        }
    }
    // A heading followed by no kept text before the next heading or the
    // end heads something that was dropped ("Related articles").
    let mut kept = Vec::with_capacity(out.len());
    for (index, (text, heading)) in out.iter().enumerate() {
        let heads_nothing = out
            .get(index + 1)
            .is_none_or(|(_, next)| *next > 0 && *next <= *heading);
        if *heading > 0 && heads_nothing {
            continue;
        }
        kept.push(*text);
    }
    if kept.is_empty() {
        // A page of nothing but headings.
        kept = out.iter().map(|(text, _)| *text).collect();
    }
    kept.join("\n\n")
}

/// Where the tag starting `rest` ends (just past its `>`), or the end of
/// the input. A `>` inside a quoted attribute value does not end it: pages
/// put JSON with HTML in it (`data-video='{"text": "<p>…</p>"}'`) there.
fn tag_end(rest: &[u8]) -> usize {
    let mut index = 1;
    let mut after_equals = false;
    while index < rest.len() {
        match rest[index] {
            b'>' => return index + 1,
            b'=' => after_equals = true,
            quote @ (b'"' | b'\'') if after_equals => {
                match rest[index + 1..].iter().position(|&byte| byte == quote) {
                    Some(close) => index += close + 1,
                    None => return rest.len(),
                }
                after_equals = false;
            }
            byte if byte.is_ascii_whitespace() => {}
            _ => after_equals = false,
        }
        index += 1;
    }
    rest.len()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

/// `needle` starts with `<`, which has no case. (Also `html::check_depth`'s.)
pub(crate) fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memchr_iter(needle[0], haystack).find(|&at| {
        haystack
            .get(at..at + needle.len())
            .is_some_and(|window| window.eq_ignore_ascii_case(needle))
    })
}

/// The character references news pages use most; others stay as written.
fn decode_entities(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.contains('&') {
        return std::borrow::Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
            .map(|e| e + 1);
        let decoded = end
            .filter(|&end| rest[end..].starts_with(';'))
            .and_then(|end| {
                let name = &rest[1..end];
                let character = if let Some(number) =
                    name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                {
                    u32::from_str_radix(number, 16)
                        .ok()
                        .and_then(char::from_u32)
                } else if let Some(number) = name.strip_prefix('#') {
                    number.parse().ok().and_then(char::from_u32)
                } else {
                    named_entity(name)
                };
                character.map(|character| (character, end + 1))
            });
        match decoded {
            Some((character, length)) => {
                out.push(character);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "aacute" => 'á',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "ntilde" => 'ñ',
        "ccedil" => 'ç',
        "copy" => '©',
        "reg" => '®',
        "euro" => '€',
        "deg" => '°',
        "middot" => '·',
        "bull" => '•',
        "shy" => '\u{AD}',
        "zwnj" => '\u{200C}',
        _ => return None,
    })
}
