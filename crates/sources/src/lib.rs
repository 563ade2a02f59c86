//! Placard's readers: bytes in, [`Article`]s out.
//!
//! [`read_paths`] takes what the user named on the command line (files,
//! directories, `-` for stdin) and reports each article it finds, or each
//! input it had to give up on, through a callback as an [`Item`]. Nothing here
//! panics or stops a batch because of bad input: an unreadable file, a broken
//! JSONL line, invalid UTF-8, an oversized line or a gzip bomb each become one
//! [`Skip`] that names the input and the position, and reading goes on.
//!
//! One file per reader:
//!
//! - `walk.rs`: paths, directories and stdin; picks a reader by content
//!   (gzip, WARC, ARC and HTML are recognised by their first bytes), else by
//!   extension.
//! - `text.rs`: `.txt` and `.md` files, with optional front matter.
//! - `jsonl.rs`: article JSONL, one object per line, read with a bounded
//!   buffer; records with `html` instead of `text` go through `html.rs`.
//! - `html.rs`: an HTML page: charset, main text, metadata.
//! - `feed.rs`: RSS, Atom and RDF feeds, one article per item.
//! - `warc.rs`, `arc.rs`: web archives, record by record; `http.rs` turns an
//!   archived HTTP response into a page.
//! - `gzip.rs`: any of the above gzipped, with a cap on the inflated size.
//! - `limits.rs`: the size limits every reader enforces.
#![warn(missing_docs)]

mod arc;
mod feed;
mod gzip;
mod html;
mod http;
mod jsonl;
mod limits;
mod text;
mod walk;
mod warc;

use placard_engine::text::{article_id_for_content, content_hash};
use placard_engine::Article;
use std::fmt;

pub use feed::{entry_item, parse_feed, Feed, FeedEntry};
pub use jsonl::read_jsonl_str;
pub use limits::{HtmlExtraction, ReadLimits};
pub use walk::{read_paths, read_paths_deferred};

/// Where an article came from, for `placard read`'s `source` field and for
/// messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The path as given or found while walking a directory, or `-` for stdin.
    pub input: String,
    /// The 1-based line number for a JSONL record, the byte offset of the
    /// record in the (decompressed) archive for a WARC or ARC record, the
    /// 1-based item number for a feed item; `None` for a whole-file article.
    pub record: Option<u64>,
}

/// An article together with its content hash and origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourcedArticle {
    /// The article, with `id` given by the input or derived from its content.
    pub article: Article,
    /// `placard_engine::text::content_hash` of the text, so the same text
    /// under two ids is still recognised as one.
    pub content_hash: String,
    /// Where it was read from.
    pub origin: Origin,
}

/// An input, or part of one, that produced no article, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skip {
    /// The path as given or found, or `-` for stdin.
    pub input: String,
    /// Where in the input, when it is narrower than the whole input:
    /// `line 3` for a JSONL line, `byte 1042` for a position in a text file.
    pub position: Option<String>,
    /// What was wrong, for people ("invalid JSON: expected value at column 1").
    pub reason: String,
}

impl Skip {
    fn new(input: &str, position: Option<String>, reason: impl Into<String>) -> Skip {
        Skip {
            input: input.to_owned(),
            position,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Skip {
    /// One line: `input:position: reason`, or `input: reason` without a position.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.position {
            Some(position) => write!(formatter, "{}:{}: {}", self.input, position, self.reason),
            None => write!(formatter, "{}: {}", self.input, self.reason),
        }
    }
}

/// What a reader reports: an article, or a skip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    /// An article that was read.
    Article(SourcedArticle),
    /// Something that could not be read; the batch goes on.
    Skipped(Skip),
    /// A part of an input that is not an article by nature, such as a WARC
    /// `request` record or an archived image: counted, not an error.
    Passed(Skip),
    /// An HTML page read but not yet extracted, from
    /// [`read_paths_deferred`] only: [`PendingPage::extract`] turns it into
    /// an article or a skip, on whichever thread the caller likes.
    Page(PendingPage),
}

impl Item {
    /// The item itself, or the article or skip of a [`Item::Page`].
    pub fn extracted(self, limits: &ReadLimits) -> Item {
        match self {
            Item::Page(page) => page.extract(limits),
            other => other,
        }
    }
}

/// An HTML page as read (a file, or an archived response's body), with
/// what is known about it; extracting it is the expensive part of reading
/// HTML, so callers may spread it over threads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingPage {
    bytes: Vec<u8>,
    http_charset: Option<String>,
    url: Option<String>,
    fallback_published: Option<String>,
    origin: Origin,
    position: Option<String>,
}

impl PendingPage {
    /// A page fetched over HTTP from `url`, with the charset of its
    /// `Content-Type`; `input` names it in the article's origin and in
    /// skips (for `placard watch`, the URL itself).
    pub fn fetched(
        bytes: Vec<u8>,
        http_charset: Option<String>,
        url: &str,
        input: &str,
    ) -> PendingPage {
        PendingPage {
            bytes,
            http_charset,
            url: Some(url.to_owned()),
            fallback_published: None,
            origin: Origin {
                input: input.to_owned(),
                record: None,
            },
            position: None,
        }
    }

    /// The page's size in bytes, for batching.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the page has no bytes at all.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Where the page came from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Decodes the page and extracts its main text and metadata: an
    /// [`Item::Article`], or an [`Item::Skipped`] saying why not.
    pub fn extract(self, limits: &ReadLimits) -> Item {
        let context = html::PageContext {
            http_charset: self.http_charset.as_deref(),
            url: self.url.as_deref(),
            fallback_published: self.fallback_published.as_deref(),
        };
        let result =
            html::page_to_fields(&self.bytes, &context, limits).map_err(NoArticle::Skipped);
        page_item(result, self.origin, self.position)
    }
}

/// Why a page or archive record gave no article.
#[derive(Debug)]
enum NoArticle {
    /// Not an article by nature (an image, a redirect): [`Item::Passed`].
    Passed(String),
    /// Something wrong with it: [`Item::Skipped`].
    Skipped(String),
}

/// The item for an extracted page: an article, or the skip or pass that
/// says why not, at `position`.
fn page_item(
    result: Result<ArticleFields, NoArticle>,
    origin: Origin,
    position: Option<String>,
) -> Item {
    let skip = |reason: String| Skip::new(&origin.input, position.clone(), reason);
    match result {
        Ok(fields) if fields.text.trim().is_empty() => {
            Item::Skipped(skip("empty: no main text found".into()))
        }
        Ok(fields) => fields.into_item(origin),
        Err(NoArticle::Passed(reason)) => Item::Passed(skip(reason)),
        Err(NoArticle::Skipped(reason)) => Item::Skipped(skip(reason)),
    }
}

/// The fields a reader found before they become an [`Article`]; both readers
/// finish through [`ArticleFields::into_item`] so ids, hashes and the empty
/// check are decided in one place.
#[derive(Debug, Default)]
struct ArticleFields {
    id: Option<String>,
    url: Option<String>,
    outlet: Option<String>,
    published: Option<String>,
    language: Option<String>,
    title: Option<String>,
    text: String,
}

impl ArticleFields {
    fn into_item(self, origin: Origin) -> Item {
        if self.text.trim().is_empty() {
            let position = origin.record.map(|line| format!("line {line}"));
            return Item::Skipped(Skip::new(&origin.input, position, "empty"));
        }
        let content_hash = content_hash(&self.text);
        let id = self
            .id
            .unwrap_or_else(|| article_id_for_content(&self.text));
        Item::Article(SourcedArticle {
            article: Article {
                id,
                url: self.url,
                outlet: self.outlet,
                published: self.published,
                language: self.language,
                title: self.title,
                text: self.text,
            },
            content_hash,
            origin,
        })
    }
}

/// The byte order mark some editors put in front of UTF-8 files; it is not
/// part of the text.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Explains invalid UTF-8, with a hint when the bytes are plainly UTF-16,
/// the usual culprit for files saved by Windows tools.
fn invalid_utf8_reason(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        "invalid UTF-8 (the file looks like UTF-16; convert it to UTF-8)"
    } else {
        "invalid UTF-8"
    }
}

/// The reason for a skip caused by a failed read. A gzip stream over its
/// decompressed limit says so plainly; anything else is the OS's (or the
/// decoder's) own message.
fn read_error_reason(error: &std::io::Error) -> String {
    match error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<gzip::DecompressedTooLarge>())
    {
        Some(too_large) => too_large.to_string(),
        None => format!("cannot read: {error}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One line per item, for the readers' snapshot tests.
    pub(crate) fn render_item(item: &Item) -> String {
        match item {
            Item::Article(sourced) => {
                let article = &sourced.article;
                let show = |value: &Option<String>| value.as_deref().unwrap_or("-").to_owned();
                format!(
                    "article {}{} url={} published={} lang={} outlet={} title={} text={:?}",
                    sourced.origin.input,
                    sourced
                        .origin
                        .record
                        .map(|record| format!("@{record}"))
                        .unwrap_or_default(),
                    show(&article.url),
                    show(&article.published),
                    show(&article.language),
                    show(&article.outlet),
                    show(&article.title),
                    article.text
                )
            }
            Item::Skipped(skip) => format!("skipped {skip}"),
            Item::Passed(skip) => format!("passed {skip}"),
            Item::Page(page) => render_item(&page.clone().extract(&ReadLimits::standard())),
        }
    }

    #[test]
    fn skip_displays_on_one_line() {
        let with_position = Skip::new("a.jsonl", Some("line 3".into()), "no text field");
        assert_eq!(with_position.to_string(), "a.jsonl:line 3: no text field");
        let without = Skip::new("b.txt", None, "empty");
        assert_eq!(without.to_string(), "b.txt: empty");
    }

    #[test]
    fn fields_without_id_get_a_content_id() {
        let origin = Origin {
            input: "-".into(),
            record: None,
        };
        let fields = ArticleFields {
            text: "Two dozen women".into(),
            ..ArticleFields::default()
        };
        let Item::Article(sourced) = fields.into_item(origin) else {
            panic!("expected an article");
        };
        assert_eq!(
            sourced.article.id,
            article_id_for_content("Two dozen women")
        );
        assert_eq!(sourced.content_hash, content_hash("Two  dozen\nwomen"));
        assert!(sourced.article.id.starts_with("a-"));
        assert_eq!(sourced.article.id.len(), 18);
    }

    #[test]
    fn whitespace_only_text_is_empty() {
        let origin = Origin {
            input: "x.jsonl".into(),
            record: Some(4),
        };
        let fields = ArticleFields {
            text: " \n\t ".into(),
            ..ArticleFields::default()
        };
        assert_eq!(
            fields.into_item(origin),
            Item::Skipped(Skip::new("x.jsonl", Some("line 4".into()), "empty"))
        );
    }
}
