//! Size limits that keep a reader's memory bounded whatever it is fed.
//!
//! Every reader checks these before it allocates: a text file's size is
//! compared with [`ReadLimits::max_article_bytes`] before it is opened, a JSONL
//! line is measured while it streams past, and a gzip stream is cut off once it
//! has produced [`ReadLimits::max_decompressed_bytes`]. Going over a limit
//! skips that input (or that line), never the whole batch.

/// How large an input may be before a reader refuses it.
///
/// There is deliberately no `Default`: callers say which limits they mean,
/// usually [`ReadLimits::standard`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadLimits {
    /// Largest article text, in bytes: the size of a text file, or of the
    /// `text` field of a JSONL record.
    pub max_article_bytes: usize,
    /// Longest JSONL line, in bytes (without its line break). Longer lines are
    /// skipped without ever being held in memory.
    pub max_line_bytes: usize,
    /// Most bytes one gzip stream may inflate to; beyond it the input is
    /// treated as a decompression bomb and skipped.
    pub max_decompressed_bytes: u64,
    /// The same for a gzipped WARC or ARC, which real crawls fill with
    /// gigabytes: its reader holds one record at a time, so only reading
    /// time grows with it.
    pub max_archive_bytes: u64,
    /// Largest HTML page, in bytes, before decoding: an HTML file, a JSONL
    /// `html` field, or the payload of a WARC or ARC record. Larger WARC and
    /// ARC records are streamed past without being held in memory.
    pub max_page_bytes: usize,
    /// Deepest element nesting an HTML page may have before it is parsed;
    /// deeper pages are skipped (a defence against pages built to exhaust
    /// the parser).
    pub max_html_depth: usize,
    /// How an HTML page's main text is found (not a limit, but carried to
    /// every reader alongside them).
    pub html_extraction: HtmlExtraction,
}

/// How an HTML page's main text is found; see ARCHITECTURE.md, "HTML main
/// text", for the measurements behind each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HtmlExtraction {
    /// Our block extractor (`html/blocks.rs`, no DOM, one pass over the
    /// page): the better text on both benchmarks, and the faster.
    #[default]
    Blocks,
    /// The `trafilatura` crate's tree-based extractor (html5ever), with the
    /// block extractor as a second opinion: about seven times slower; kept
    /// for comparison and for pages the block extractor gets wrong.
    Tree,
}

impl ReadLimits {
    /// The limits the command line uses: 8 MiB per article, 16 MiB per JSONL
    /// line, 256 MiB per decompressed gzip stream (64 GiB for a web
    /// archive), 16 MiB per HTML page, nesting 1,000 elements deep.
    ///
    /// ```
    /// let limits = placard_sources::ReadLimits::standard();
    /// assert_eq!(limits.max_article_bytes, 8 * 1024 * 1024);
    /// assert_eq!(limits.max_line_bytes, 16 * 1024 * 1024);
    /// assert_eq!(limits.max_decompressed_bytes, 256 * 1024 * 1024);
    /// assert_eq!(limits.max_archive_bytes, 64 * 1024 * 1024 * 1024);
    /// assert_eq!(limits.max_page_bytes, 16 * 1024 * 1024);
    /// assert_eq!(limits.max_html_depth, 1000);
    /// assert_eq!(limits.html_extraction, placard_sources::HtmlExtraction::Blocks);
    /// ```
    pub fn standard() -> ReadLimits {
        const MIB: usize = 1024 * 1024;
        ReadLimits {
            max_article_bytes: 8 * MIB,
            max_line_bytes: 16 * MIB,
            max_decompressed_bytes: 256 * MIB as u64,
            max_archive_bytes: 64 * 1024 * MIB as u64,
            max_page_bytes: 16 * MIB,
            max_html_depth: 1000,
            html_extraction: HtmlExtraction::Blocks,
        }
    }
}
