//! Paths in, readers picked: files, directories, stdin.
//!
//! [`read_paths`] is the entry point the CLI calls. Directories are walked
//! recursively in file-name order so the same tree always yields the same
//! sequence; hidden entries inside them are passed over. Each input goes to
//! the reader its content names (gzip by its magic bytes, then WARC, ARC and
//! HTML by their first bytes), else the one its extension names. Anything
//! that cannot be read becomes a [`Skip`] and the walk goes on.

use crate::arc::read_arc;
use crate::feed::read_feed;
use crate::jsonl::read_jsonl;
use crate::text::{read_text, too_large, TextKind};
use crate::warc::read_warc;
use crate::{gzip, read_error_reason, Item, Origin, PendingPage, ReadLimits, Skip, UTF8_BOM};
use std::fs::{self, File, Metadata};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Buffer size for file and stream readers; large enough that a huge line is
/// skimmed in few `fill_buf` calls.
const BUFFER_BYTES: usize = 64 * 1024;

/// Reads every article in `paths`, in order, and reports each article or skip
/// to `on_item`.
///
/// A directory is walked recursively in sorted order. Every input, files and
/// stdin (`-`) alike, is recognised by its first bytes where they are
/// unmistakable: gzip (unwrapped, then looked at again), a WARC (`WARC/`), an
/// ARC (`filedesc://`), a feed (`<rss`, `<feed`, `<rdf:RDF` as the first
/// element), an HTML page (`<!DOCTYPE html`, `<html`, ...);
/// otherwise by extension: `.txt`/`.md` (text), `.jsonl`/`.json` (article
/// JSONL), `.html`/`.htm`, `.warc`, `.arc`, `.rss`/`.atom`/`.rdf`/`.xml`
/// (feeds), each optionally `.gz`. A file of
/// another extension is read as JSONL when its first non-blank byte is `{`;
/// one named explicitly (or stdin) is otherwise text. Never panics and never
/// stops early because of bad input.
///
/// ```
/// use placard_sources::{read_paths, Item, ReadLimits};
/// let mut skips = Vec::new();
/// read_paths(&["no/such/file.txt".into()], &ReadLimits::standard(), &mut |item| {
///     if let Item::Skipped(skip) = item {
///         skips.push(skip.to_string());
///     }
/// });
/// assert!(skips[0].starts_with("no/such/file.txt: cannot read: "));
/// ```
pub fn read_paths(paths: &[PathBuf], limits: &ReadLimits, on_item: &mut dyn FnMut(Item)) {
    read_paths_deferred(paths, limits, &mut |item| on_item(item.extracted(limits)));
}

/// [`read_paths`], but HTML pages (files, and the HTML responses of WARC and
/// ARC archives) come as [`Item::Page`], read and not yet extracted, so
/// that the caller can extract them on several threads. Items come in input
/// order; keeping that order is the caller's part.
pub fn read_paths_deferred(paths: &[PathBuf], limits: &ReadLimits, on_item: &mut dyn FnMut(Item)) {
    for path in paths {
        if path.as_os_str() == "-" {
            read_stream("-", &mut io::stdin().lock(), limits, on_item);
        } else {
            read_path(path, limits, on_item);
        }
    }
}

/// One path the user named: a directory to walk or a file to read.
fn read_path(path: &Path, limits: &ReadLimits, on_item: &mut dyn FnMut(Item)) {
    let input = path.to_string_lossy().into_owned();
    match fs::metadata(path) {
        Ok(metadata) if metadata.is_dir() => walk_directory(path, limits, on_item),
        Ok(metadata) => read_file(path, &input, &metadata, true, limits, on_item),
        Err(error) => on_item(Item::Skipped(Skip::new(
            &input,
            None,
            format!("cannot read: {error}"),
        ))),
    }
}

fn walk_directory(root: &Path, limits: &ReadLimits, on_item: &mut dyn FnMut(Item)) {
    // Links are followed so a corpus assembled from symlinks reads like a
    // copy; walkdir detects link loops and reports them as errors.
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let input = error.path().unwrap_or(root).to_string_lossy().into_owned();
                // walkdir's own message repeats the path; keep only the cause.
                let reason = match error.io_error() {
                    Some(io_error) => format!("cannot read: {io_error}"),
                    None => error.to_string(),
                };
                on_item(Item::Skipped(Skip::new(&input, None, reason)));
                continue;
            }
        };
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        let input = entry.path().to_string_lossy().into_owned();
        if !file_type.is_file() {
            on_item(Item::Skipped(Skip::new(&input, None, "not a regular file")));
            continue;
        }
        match entry.metadata() {
            Ok(metadata) => read_file(entry.path(), &input, &metadata, false, limits, on_item),
            Err(error) => {
                let reason = match error.io_error() {
                    Some(io_error) => format!("cannot read: {io_error}"),
                    None => error.to_string(),
                };
                on_item(Item::Skipped(Skip::new(&input, None, reason)));
            }
        }
    }
}

fn is_hidden(file_name: &std::ffi::OsStr) -> bool {
    file_name.as_encoded_bytes().starts_with(b".")
}

/// What an input holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Content {
    Text(TextKind),
    Jsonl,
    Html,
    Warc,
    Arc,
    Feed,
}

/// What a file's name says: gzipped or not, and its content when the
/// extension is one we know (`Err` holds the extension shown in a skip).
fn classify(path: &Path) -> (bool, Result<Content, String>) {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (gzipped, inner_name) = match name.strip_suffix(".gz") {
        Some(inner) => (true, inner),
        None => (false, name.as_str()),
    };
    let gz_suffix = if gzipped { ".gz" } else { "" };
    let content = match Path::new(inner_name)
        .extension()
        .and_then(|ext| ext.to_str())
    {
        Some("txt" | "text") => Ok(Content::Text(TextKind::Plain)),
        Some("md" | "markdown") => Ok(Content::Text(TextKind::Markdown)),
        Some("jsonl" | "json" | "ndjson") => Ok(Content::Jsonl),
        Some("html" | "htm" | "xhtml" | "shtml") => Ok(Content::Html),
        Some("warc") => Ok(Content::Warc),
        Some("arc") => Ok(Content::Arc),
        Some("rss" | "atom" | "rdf" | "xml") => Ok(Content::Feed),
        None if gzipped => Err("unsupported file type .gz".to_owned()),
        None => Err("unsupported file type (no extension)".to_owned()),
        Some(other) => Err(format!("unsupported file type .{other}{gz_suffix}")),
    };
    (gzipped, content)
}

/// How many leading bytes the content sniffers look at.
const SNIFF_BYTES: usize = 2048;

/// The two bytes every gzip member starts with.
const GZIP_MAGIC: &[u8] = b"\x1f\x8b";

/// What the first bytes of an input say it is, for the formats that say so
/// unmistakably: WARC, ARC, HTML; JSONL when the first non-blank byte is `{`
/// (`Some(Jsonl)` is only a hint, used when the name says nothing).
fn sniff_content(prefix: &[u8]) -> Option<Content> {
    let rest = prefix.strip_prefix(UTF8_BOM).unwrap_or(prefix);
    if rest.starts_with(b"WARC/") {
        return Some(Content::Warc);
    }
    if rest.starts_with(b"filedesc://") {
        return Some(Content::Arc);
    }
    if crate::feed::looks_like_feed(rest) {
        return Some(Content::Feed);
    }
    let start = rest.iter().position(|byte| !byte.is_ascii_whitespace())?;
    let rest = &rest[start..];
    if rest.first() == Some(&b'{') {
        return Some(Content::Jsonl);
    }
    let lower = rest[..rest.len().min(SNIFF_BYTES)].to_ascii_lowercase();
    let opens_html = |bytes: &[u8]| {
        [&b"<!doctype html"[..], b"<html", b"<head", b"<body"]
            .iter()
            .any(|tag| bytes.starts_with(tag))
    };
    let leads_to_html = lower.starts_with(b"<?xml") || lower.starts_with(b"<!--");
    let html_later = || {
        lower
            .windows(5)
            .position(|window| window == b"<html")
            .is_some()
    };
    (opens_html(&lower) || (leads_to_html && html_later())).then_some(Content::Html)
}

/// Reads up to [`SNIFF_BYTES`] from `reader` (or all of it if shorter) and
/// hands back those bytes and a reader that yields them again, then the rest.
fn sniffed<'a>(mut reader: Box<dyn Read + 'a>) -> io::Result<(Vec<u8>, Box<dyn BufRead + 'a>)> {
    let mut prefix = vec![0u8; SNIFF_BYTES];
    let mut filled = 0;
    while filled < prefix.len() {
        match reader.read(&mut prefix[filled..]) {
            Ok(0) => break,
            Ok(n_read) => filled += n_read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        }
    }
    prefix.truncate(filled);
    let replay = io::Cursor::new(prefix.clone()).chain(reader);
    Ok((
        prefix,
        Box::new(BufReader::with_capacity(BUFFER_BYTES, replay)),
    ))
}

fn read_file(
    path: &Path,
    input: &str,
    metadata: &Metadata,
    explicit: bool,
    limits: &ReadLimits,
    on_item: &mut dyn FnMut(Item),
) {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) => {
            let reason = format!("cannot read: {error}");
            return on_item(Item::Skipped(Skip::new(input, None, reason)));
        }
    };
    // Only regular files have a meaningful size; pipes and devices are
    // capped while reading.
    let size = metadata.is_file().then_some(metadata.len());
    let (named_gzip, named) = classify(path);
    read_input(
        input,
        Box::new(file),
        Named {
            gzipped: named_gzip,
            content: named,
            explicit,
            size,
        },
        limits,
        on_item,
    );
}

/// What is known of an input before its bytes are looked at.
struct Named {
    gzipped: bool,
    content: Result<Content, String>,
    /// Named by the user rather than found in a directory: read as text when
    /// nothing else fits.
    explicit: bool,
    /// The size on disk, for refusing an oversized file before reading it.
    size: Option<u64>,
}

/// Picks the reader for an input by its first bytes, then by its name, and
/// runs it. Gzip is recognised by its magic bytes (or a `.gz` name) and
/// unwrapped first.
fn read_input(
    input: &str,
    reader: Box<dyn Read + '_>,
    named: Named,
    limits: &ReadLimits,
    on_item: &mut dyn FnMut(Item),
) {
    let skip_error =
        |error: io::Error| Item::Skipped(Skip::new(input, None, read_error_reason(&error)));
    let (prefix, reader) = match sniffed(reader) {
        Ok(sniffed) => sniffed,
        Err(error) => return on_item(skip_error(error)),
    };
    let (gzipped, prefix, mut reader) = if prefix.starts_with(GZIP_MAGIC) || named.gzipped {
        // A web archive gets its own, larger cap: see `ReadLimits`.
        let start = gzip::inflated_start(&prefix, 16);
        let archive = matches!(named.content, Ok(Content::Warc | Content::Arc))
            || matches!(sniff_content(&start), Some(Content::Warc | Content::Arc));
        let cap = if archive {
            limits.max_archive_bytes
        } else {
            limits.max_decompressed_bytes
        };
        match sniffed(Box::new(gzip::gunzip_capped(reader, cap))) {
            Ok((prefix, reader)) => (true, prefix, reader),
            Err(error) => return on_item(skip_error(error)),
        }
    } else {
        (false, prefix, reader)
    };
    let sniffed_content = sniff_content(&prefix);
    let content = match (sniffed_content, named.content) {
        (Some(found @ (Content::Warc | Content::Arc | Content::Html | Content::Feed)), _) => found,
        (_, Ok(content)) => content,
        (Some(Content::Jsonl), Err(_)) => Content::Jsonl,
        (_, Err(_)) if named.explicit => Content::Text(TextKind::Plain),
        (_, Err(reason)) => return on_item(Item::Skipped(Skip::new(input, None, reason))),
    };
    // A plain file over its limit is refused before it is read.
    let known_size = if gzipped { None } else { named.size };
    match content {
        Content::Text(kind) => {
            let limit = u64::try_from(limits.max_article_bytes).unwrap_or(u64::MAX);
            if let Some(size) = known_size.filter(|&size| size > limit) {
                return on_item(Item::Skipped(too_large(input, size, limits)));
            }
            read_text(input, &mut reader, kind, limits, on_item);
        }
        Content::Jsonl => read_jsonl(input, &mut reader, limits, on_item),
        Content::Html | Content::Feed => {
            let limit = u64::try_from(limits.max_page_bytes).unwrap_or(u64::MAX);
            if let Some(size) = known_size.filter(|&size| size > limit) {
                let reason = format!(
                    "{size} bytes exceeds the page limit of {}",
                    limits.max_page_bytes
                );
                return on_item(Item::Skipped(Skip::new(input, None, reason)));
            }
            if content == Content::Feed {
                read_feed(input, &mut reader, limits, on_item);
            } else {
                read_html(input, &mut reader, limits, on_item);
            }
        }
        Content::Warc => read_warc(input, &mut reader, limits, on_item),
        Content::Arc => read_arc(input, &mut reader, limits, on_item),
    }
}

/// One HTML page from a file or stream, held whole up to the page limit.
fn read_html(
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
        let reason = read_error_reason(&error);
        return on_item(Item::Skipped(Skip::new(input, None, reason)));
    }
    on_item(Item::Page(PendingPage {
        bytes,
        http_charset: None,
        url: None,
        fallback_published: None,
        origin: Origin {
            input: input.to_owned(),
            record: None,
        },
        position: None,
    }));
}

/// Reads a stream of unknown format (stdin) by its content: gzip, WARC,
/// ARC, HTML, JSONL when its first non-blank byte is `{`, else one text
/// article. The bytes looked at are put back in front of the stream, so line
/// numbers, offsets and text are as sent.
fn read_stream(
    input: &str,
    reader: &mut dyn BufRead,
    limits: &ReadLimits,
    on_item: &mut dyn FnMut(Item),
) {
    let named = Named {
        gzipped: false,
        content: Err("unknown".to_owned()),
        explicit: true,
        size: None,
    };
    read_input(input, Box::new(reader), named, limits, on_item);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gzip::tests::gzip;
    use expect_test::{expect, Expect};

    fn render(items: &[Item], root: &Path) -> String {
        let root = root.to_string_lossy().into_owned();
        let mut rendered = String::new();
        for item in items {
            let line = match item {
                Item::Article(sourced) => format!(
                    "article {} from {}{} title={:?} text={:?}",
                    sourced.article.id,
                    sourced.origin.input,
                    sourced
                        .origin
                        .record
                        .map(|line| format!(":{line}"))
                        .unwrap_or_default(),
                    sourced.article.title,
                    sourced.article.text
                ),
                Item::Skipped(skip) => format!("skip {skip}"),
                Item::Passed(skip) => format!("passed {skip}"),
                Item::Page(page) => format!("unextracted page from {}", page.origin().input),
            };
            rendered.push_str(&line.replace(&root, "ROOT"));
            rendered.push('\n');
        }
        rendered
    }

    fn check_stream(data: &[u8], expect: Expect) {
        let mut items = Vec::new();
        read_stream("-", &mut &data[..], &ReadLimits::standard(), &mut |item| {
            items.push(item)
        });
        expect.assert_eq(&render(&items, Path::new("/nonexistent")));
    }

    #[test]
    fn stdin_is_sniffed() {
        check_stream(
            b"\n  {\"id\": \"a\", \"text\": \"A.\"}\n{\"id\": \"b\", \"text\": \"B.\"}\n",
            expect![[r#"
                article a from -:2 title=None text="A."
                article b from -:3 title=None text="B."
            "#]],
        );
        check_stream(
            b"\xEF\xBB\xBF{\"id\": \"a\", \"text\": \"A.\"}",
            expect![[r#"
                article a from -:1 title=None text="A."
            "#]],
        );
        check_stream(
            b"  Two dozen women rallied. {not json}\n",
            expect![[r#"
                article a-f4c7e2774bcf3789 from - title=None text="  Two dozen women rallied. {not json}\n"
            "#]],
        );
        check_stream(
            b"",
            expect![[r#"
            skip -: empty
        "#]],
        );
        check_stream(
            b"\n\n \t",
            expect![[r#"
            skip -: empty
        "#]],
        );
    }

    /// A reader that hands out one byte per `fill_buf`, like a slow pipe.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn sniffing_survives_short_reads() {
        let data = b"\xEF\xBB\xBF \n{\"id\": \"a\", \"text\": \"A.\"}";
        let mut reader = BufReader::with_capacity(1, Trickle(data));
        let mut items = Vec::new();
        read_stream("-", &mut reader, &ReadLimits::standard(), &mut |item| {
            items.push(item)
        });
        expect![[r#"
            article a from -:2 title=None text="A."
        "#]]
        .assert_eq(&render(&items, Path::new("/nonexistent")));
    }

    #[test]
    fn classify_by_name_and_content() {
        let names: Vec<String> = [
            "a.txt",
            "a.TXT",
            "a.md",
            "a.jsonl",
            "a.json",
            "a.jsonl.gz",
            "a.md.GZ",
            "a.html",
            "a.htm.gz",
            "a.warc",
            "a.warc.gz",
            "a.arc.gz",
            "a.tar.gz",
            "README",
            "notes.gz",
        ]
        .into_iter()
        .map(|name| {
            let (gzipped, content) = classify(Path::new(name));
            format!("{name}: gz={gzipped} {content:?}")
        })
        .collect();
        expect![[r#"
            a.txt: gz=false Ok(Text(Plain))
            a.TXT: gz=false Ok(Text(Plain))
            a.md: gz=false Ok(Text(Markdown))
            a.jsonl: gz=false Ok(Jsonl)
            a.json: gz=false Ok(Jsonl)
            a.jsonl.gz: gz=true Ok(Jsonl)
            a.md.GZ: gz=true Ok(Text(Markdown))
            a.html: gz=false Ok(Html)
            a.htm.gz: gz=true Ok(Html)
            a.warc: gz=false Ok(Warc)
            a.warc.gz: gz=true Ok(Warc)
            a.arc.gz: gz=true Ok(Arc)
            a.tar.gz: gz=true Err("unsupported file type .tar.gz")
            README: gz=false Err("unsupported file type (no extension)")
            notes.gz: gz=true Err("unsupported file type .gz")"#]]
        .assert_eq(&names.join("\n"));
        let sniffs: Vec<String> = [
            &b"WARC/1.0\r\n"[..],
            b"filedesc://x.arc 0.0.0.0",
            b"\xEF\xBB\xBF  <!DOCTYPE HTML><p>x",
            b"\n<html lang=ru>",
            b"<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">",
            b"<!-- saved page -->\n<HTML>",
            b"<!-- a comment in Markdown -->\n# Title",
            b"  {\"text\": \"x\"}",
            b"Plain text <html> later",
            b"",
        ]
        .into_iter()
        .map(|prefix| {
            format!(
                "{:?}: {:?}",
                String::from_utf8_lossy(prefix),
                sniff_content(prefix)
            )
        })
        .collect();
        expect![[r#"
            "WARC/1.0\r\n": Some(Warc)
            "filedesc://x.arc 0.0.0.0": Some(Arc)
            "\u{feff}  <!DOCTYPE HTML><p>x": Some(Html)
            "\n<html lang=ru>": Some(Html)
            "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">": Some(Html)
            "<!-- saved page -->\n<HTML>": Some(Html)
            "<!-- a comment in Markdown -->\n# Title": None
            "  {\"text\": \"x\"}": Some(Jsonl)
            "Plain text <html> later": None
            "": None"#]]
        .assert_eq(&sniffs.join("\n"));
    }

    /// Inputs named for one format and holding another are read by what
    /// they hold: a WARC named `.dat`, HTML named `.txt`, gzip without `.gz`,
    /// gzipped HTML named `.html`, JSONL named `.log`.
    #[test]
    fn content_wins_over_names() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let page = "<!DOCTYPE html><html lang=\"en\"><head><title>Rally in Leeds</title></head><body><nav><a href=/>Home</a></nav><article><p>About two hundred nurses rallied outside Leeds General Infirmary on Tuesday, demanding safe staffing on every ward.</p><p>The union said the protest would be repeated next month if talks fail.</p></article></body></html>";
        let record = format!(
            "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://example.org/2024/03/05/rally\r\nWARC-Date: 2024-03-06T10:00:00Z\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{page}\r\n\r\n",
            page.len()
        );
        fs::write(root.join("a-archive.dat"), &record).unwrap();
        fs::write(root.join("b-page.txt"), page).unwrap();
        fs::write(root.join("c-page.bin"), gzip(page.as_bytes())).unwrap();
        fs::write(root.join("d-page.html"), gzip(page.as_bytes())).unwrap();
        fs::write(root.join("e-records.log"), "{\"id\": \"e\", \"html\": \"<p>One short paragraph about a strike at the port of Odesa, which dockers began on Monday.</p>\"}\n").unwrap();
        fs::write(root.join("f-notes.txt"), "{not json, a note}").unwrap();
        fs::write(root.join("g-image.png"), b"\x89PNG\r\n").unwrap();
        let mut rendered = String::new();
        read_paths(
            &[root.to_path_buf()],
            &ReadLimits::standard(),
            &mut |item| {
                rendered.push_str(
                    &crate::tests::render_item(&item).replace(&*root.to_string_lossy(), "ROOT"),
                );
                rendered.push('\n');
            },
        );
        expect![[r#"
            article ROOT/a-archive.dat@0 url=https://example.org/2024/03/05/rally published=2024-03-05 lang=en outlet=example.org title=Rally in Leeds text="About two hundred nurses rallied outside Leeds General Infirmary on Tuesday, demanding safe staffing on every ward.\n\nThe union said the protest would be repeated next month if talks fail."
            article ROOT/b-page.txt url=- published=- lang=en outlet=- title=Rally in Leeds text="About two hundred nurses rallied outside Leeds General Infirmary on Tuesday, demanding safe staffing on every ward.\n\nThe union said the protest would be repeated next month if talks fail."
            article ROOT/c-page.bin url=- published=- lang=en outlet=- title=Rally in Leeds text="About two hundred nurses rallied outside Leeds General Infirmary on Tuesday, demanding safe staffing on every ward.\n\nThe union said the protest would be repeated next month if talks fail."
            article ROOT/d-page.html url=- published=- lang=en outlet=- title=Rally in Leeds text="About two hundred nurses rallied outside Leeds General Infirmary on Tuesday, demanding safe staffing on every ward.\n\nThe union said the protest would be repeated next month if talks fail."
            article ROOT/e-records.log@1 url=- published=- lang=- outlet=- title=- text="One short paragraph about a strike at the port of Odesa, which dockers began on Monday."
            article ROOT/f-notes.txt url=- published=- lang=- outlet=- title=- text="{not json, a note}"
            skipped ROOT/g-image.png: unsupported file type .png
        "#]]
        .assert_eq(&rendered);
    }

    #[test]
    fn explicit_files_directories_and_missing_paths() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("b/.hidden-dir")).unwrap();
        fs::write(root.join("NOTES"), "Explicit, no extension.").unwrap();
        fs::write(root.join("b/z.txt"), "Zed.").unwrap();
        fs::write(root.join("b/a.txt"), "Ay.").unwrap();
        fs::write(root.join("b/.hidden.txt"), "Hidden.").unwrap();
        fs::write(root.join("b/.hidden-dir/c.txt"), "Hidden too.").unwrap();
        fs::write(root.join("b/Makefile"), "all:").unwrap();
        fs::write(
            root.join("b/c.txt.gz"),
            gzip(b"---\nid: gz-text\n---\nGzipped text."),
        )
        .unwrap();
        fs::write(root.join("b/d.jsonl.gz"), b"not gzip").unwrap();
        let paths = [
            root.join("NOTES"),
            root.join("b"),
            root.join("missing.txt"),
            // Hidden files named explicitly are read.
            root.join("b/.hidden.txt"),
        ];
        let mut items = Vec::new();
        read_paths(&paths, &ReadLimits::standard(), &mut |item| {
            items.push(item)
        });
        expect![[r#"
            article a-6ed3b272315ad352 from ROOT/NOTES title=None text="Explicit, no extension."
            skip ROOT/b/Makefile: unsupported file type (no extension)
            article a-934c9c5bd97801a3 from ROOT/b/a.txt title=None text="Ay."
            article gz-text from ROOT/b/c.txt.gz title=None text="Gzipped text."
            skip ROOT/b/d.jsonl.gz: cannot read: unexpected end of file
            article a-8f1fa0c3c8691809 from ROOT/b/z.txt title=None text="Zed."
            skip ROOT/missing.txt: cannot read: No such file or directory (os error 2)
            article a-3f75dd84fbf891fa from ROOT/b/.hidden.txt title=None text="Hidden."
        "#]]
        .assert_eq(&render(&items, root));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_and_broken_links_are_skips() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("d")).unwrap();
        std::os::unix::fs::symlink(root.join("d"), root.join("d/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("gone.txt"), root.join("d/broken.txt")).unwrap();
        let mut items = Vec::new();
        read_paths(&[root.join("d")], &ReadLimits::standard(), &mut |item| {
            items.push(item)
        });
        expect![[r#"
            skip ROOT/d/broken.txt: cannot read: No such file or directory (os error 2)
            skip ROOT/d/loop: File system loop found: ROOT/d/loop points to an ancestor ROOT/d
        "#]]
        .assert_eq(&render(&items, root));
    }

    /// Random splices of JSON, front matter and broken bytes, read as stdin
    /// and as gzip, under small limits: no input may panic, every article has
    /// text within the limit, and every skip says why.
    #[test]
    fn random_input_never_panics() {
        const PIECES: &[&[u8]] = &[
            b"{",
            b"}",
            b"[",
            b"]",
            b"\"text\"",
            b"\"html\"",
            b"\"id\"",
            b":",
            b",",
            b" ",
            b"\n",
            b"\r\n",
            b"---\n",
            b"# ",
            b"id: x\n",
            b"\xEF\xBB\xBF",
            b"\xFF",
            b"\xC3",
            b"null",
            b"1e999",
            b"-0",
            b"\"\\ud800\"",
            b"\"\\u00e9\"",
            b"\"abc\"",
            b"\x1f\x8b",
            b"\x00",
            b"\xF0\x9F\x93",
            b"\"\\",
            b"WARC/1.0\r\n",
            b"WARC-Type: response\r\n",
            b"Content-Type: application/http\r\n",
            b"Content-Length: 12\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
            b"filedesc://x 0.0.0.0 20080430204825 text/plain 5\n",
            b"http://a.example/ 1.2.3.4 20080430204825 text/html 9\n",
            b"<!DOCTYPE html>",
            b"<p>Protesters marched on Sunday.</p>",
            b"<div>",
        ];
        let mut limits = ReadLimits {
            max_article_bytes: 64,
            max_line_bytes: 48,
            max_decompressed_bytes: 96,
            max_archive_bytes: 96,
            max_page_bytes: 256,
            max_html_depth: 16,
            html_extraction: crate::HtmlExtraction::Blocks,
        };
        let mut rng = fastrand::Rng::with_seed(7);
        let mut n_articles = 0;
        for round in 0..3000 {
            // Both extractors see the same kinds of garbage.
            limits.html_extraction = if round % 2 == 0 {
                crate::HtmlExtraction::Blocks
            } else {
                crate::HtmlExtraction::Tree
            };
            let mut data = Vec::new();
            for _ in 0..rng.usize(0..24) {
                data.extend_from_slice(PIECES[rng.usize(..PIECES.len())]);
            }
            let mut check = |item: Item| match item.extracted(&limits) {
                Item::Article(sourced) => {
                    n_articles += 1;
                    assert!(!sourced.article.text.trim().is_empty());
                    assert!(sourced.article.text.len() <= limits.max_article_bytes);
                    assert!(!sourced.article.id.is_empty());
                }
                Item::Skipped(skip) | Item::Passed(skip) => {
                    assert!(!skip.reason.is_empty(), "{skip:?}")
                }
                Item::Page(page) => panic!("extracted, yet a page: {page:?}"),
            };
            read_stream("-", &mut &data[..], &limits, &mut check);
            read_jsonl("-", &mut &data[..], &limits, &mut check);
            read_text("-", &mut &data[..], TextKind::Markdown, &limits, &mut check);
            let compressed = gzip(&data);
            // Truncated gzip too: decoders must fail cleanly, not panic.
            let cut = rng.usize(0..=compressed.len());
            read_jsonl(
                "-",
                &mut gzip::gunzip(&compressed[..cut], &limits),
                &limits,
                &mut check,
            );
        }
        // The generator is not degenerate: some inputs do make articles.
        assert!(n_articles > 100, "{n_articles}");
    }
}

#[cfg(test)]
mod archive_cap_tests {
    use super::*;
    use crate::gzip::tests::gzip;

    /// A gzipped web archive may inflate past the gzip cap (real crawls
    /// do), up to its own cap; any other gzip stream may not.
    #[test]
    fn gzipped_archives_have_their_own_cap() {
        let dir = tempfile::tempdir().unwrap();
        let padding = "x".repeat(4000);
        let mut archive = String::new();
        for _ in 0..3 {
            archive.push_str(&format!(
                "WARC/1.0\r\nWARC-Type: metadata\r\nContent-Length: {}\r\n\r\n{padding}\r\n\r\n",
                padding.len()
            ));
        }
        std::fs::write(dir.path().join("crawl.bin"), gzip(archive.as_bytes())).unwrap();
        std::fs::write(
            dir.path().join("big.txt.gz"),
            gzip(padding.repeat(3).as_bytes()),
        )
        .unwrap();
        let limits = ReadLimits {
            max_decompressed_bytes: 10_000,
            max_archive_bytes: 20_000,
            ..ReadLimits::standard()
        };
        let mut rendered = Vec::new();
        read_paths(&[dir.path().to_path_buf()], &limits, &mut |item| {
            let line = crate::tests::render_item(&item);
            rendered.push(line.replace(&*dir.path().to_string_lossy(), "ROOT"));
        });
        expect_test::expect![[r#"
            skipped ROOT/big.txt.gz: gzip data inflates to more than 10000 bytes, the decompressed limit
            passed ROOT/crawl.bin:record at byte 0: metadata record
            passed ROOT/crawl.bin:record at byte 4059: metadata record
            passed ROOT/crawl.bin:record at byte 8118: metadata record"#]]
        .assert_eq(&rendered.join("\n"));
    }
}
