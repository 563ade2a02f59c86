//! Paths in, readers picked: files, directories, stdin.
//!
//! [`read_paths`] is the entry point the CLI calls. Directories are walked
//! recursively in file-name order so the same tree always yields the same
//! sequence; hidden entries inside them are passed over. Each file goes to the
//! reader its extension names, through the gzip reader first when it ends in
//! `.gz`. Anything that cannot be read becomes a [`Skip`] and the walk goes on.

use crate::jsonl::read_jsonl;
use crate::text::{read_text, too_large, TextKind};
use crate::{gzip, Item, ReadLimits, Skip, UTF8_BOM};
use std::fs::{self, File, Metadata};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// Buffer size for file and stream readers; large enough that a huge line is
/// skimmed in few `fill_buf` calls.
const BUFFER_BYTES: usize = 64 * 1024;

/// How much leading whitespace stdin may have before we stop looking for a
/// `{` and treat it as text.
const SNIFF_LIMIT: usize = 64 * 1024;

/// Reads every article in `paths`, in order, and reports each article or skip
/// to `on_item`.
///
/// A path of `-` is stdin: JSONL when its first non-blank byte is `{`, else
/// one text article. A directory is walked recursively in sorted order. Files
/// are picked by extension: `.txt`/`.md` (text), `.jsonl`/`.json` (article
/// JSONL), each optionally `.gz`; a file named explicitly without an extension
/// is text. Never panics and never stops early because of bad input.
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

/// What a file holds, as its name says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Content {
    Text(TextKind),
    Jsonl,
}

/// Picks the reader for a file name: `(gzipped, content)`, or the reason it
/// has none. `explicit` files (named by the user) without an extension are
/// text; found in a directory, they are more likely build files or licences.
fn classify(path: &Path, explicit: bool) -> Result<(bool, Content), String> {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (gzipped, inner_name) = match name.strip_suffix(".gz") {
        Some(inner) => (true, inner),
        None => (false, name.as_str()),
    };
    let gz_suffix = if gzipped { ".gz" } else { "" };
    match Path::new(inner_name)
        .extension()
        .and_then(|ext| ext.to_str())
    {
        Some("txt" | "text") => Ok((gzipped, Content::Text(TextKind::Plain))),
        Some("md" | "markdown") => Ok((gzipped, Content::Text(TextKind::Markdown))),
        Some("jsonl" | "json" | "ndjson") => Ok((gzipped, Content::Jsonl)),
        None if explicit => Ok((gzipped, Content::Text(TextKind::Plain))),
        None if gzipped => Err("unsupported file type .gz".to_owned()),
        None => Err("unsupported file type (no extension)".to_owned()),
        Some(other) => Err(format!("unsupported file type .{other}{gz_suffix}")),
    }
}

fn read_file(
    path: &Path,
    input: &str,
    metadata: &Metadata,
    explicit: bool,
    limits: &ReadLimits,
    on_item: &mut dyn FnMut(Item),
) {
    let (gzipped, content) = match classify(path, explicit) {
        Ok(format) => format,
        Err(reason) => return on_item(Item::Skipped(Skip::new(input, None, reason))),
    };
    // Refuse an oversized text file before opening it. Only regular files
    // have a meaningful size; pipes and devices are capped while reading.
    let limit = u64::try_from(limits.max_article_bytes).unwrap_or(u64::MAX);
    if !gzipped && content != Content::Jsonl && metadata.is_file() && metadata.len() > limit {
        return on_item(Item::Skipped(too_large(input, metadata.len(), limits)));
    }
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) => {
            let reason = format!("cannot read: {error}");
            return on_item(Item::Skipped(Skip::new(input, None, reason)));
        }
    };
    match (gzipped, content) {
        (false, Content::Text(kind)) => read_text(input, &mut &file, kind, limits, on_item),
        (false, Content::Jsonl) => {
            let mut reader = BufReader::with_capacity(BUFFER_BYTES, file);
            read_jsonl(input, &mut reader, limits, on_item);
        }
        (true, Content::Text(kind)) => {
            read_text(
                input,
                &mut gzip::gunzip(file, limits),
                kind,
                limits,
                on_item,
            );
        }
        (true, Content::Jsonl) => {
            read_jsonl(input, &mut gzip::gunzip(file, limits), limits, on_item);
        }
    }
}

/// Reads a stream of unknown format (stdin): JSONL if its first non-blank
/// byte is `{`, else one text article. The bytes looked at are put back in
/// front of the stream, so line numbers and text are as sent.
fn read_stream(
    input: &str,
    reader: &mut dyn BufRead,
    limits: &ReadLimits,
    on_item: &mut dyn FnMut(Item),
) {
    let mut prefix = Vec::new();
    let is_jsonl = loop {
        if let Some(is_jsonl) = sniff(&prefix) {
            break is_jsonl;
        }
        if prefix.len() >= SNIFF_LIMIT {
            break false;
        }
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => {
                let reason = format!("cannot read: {error}");
                return on_item(Item::Skipped(Skip::new(input, None, reason)));
            }
        };
        if available.is_empty() {
            break false;
        }
        let n_bytes = available.len();
        prefix.extend_from_slice(available);
        reader.consume(n_bytes);
    };
    let mut whole = (&prefix[..]).chain(reader);
    if is_jsonl {
        read_jsonl(input, &mut whole, limits, on_item);
    } else {
        read_text(input, &mut whole, TextKind::Plain, limits, on_item);
    }
}

/// `Some(true)` once the first non-blank byte after an optional BOM is `{`,
/// `Some(false)` once it is anything else, `None` while undecided.
fn sniff(prefix: &[u8]) -> Option<bool> {
    if prefix.len() < UTF8_BOM.len() && UTF8_BOM.starts_with(prefix) {
        // Possibly a BOM cut by a short read; wait for more.
        return None;
    }
    let rest = prefix.strip_prefix(UTF8_BOM).unwrap_or(prefix);
    rest.iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .map(|&byte| byte == b'{')
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
    fn classify_by_extension() {
        let check = |name: &str, explicit: bool| match classify(Path::new(name), explicit) {
            Ok((gzipped, content)) => format!("{name}: gz={gzipped} {content:?}"),
            Err(reason) => format!("{name}: {reason}"),
        };
        let rendered: Vec<String> = [
            ("a.txt", false),
            ("a.TXT", false),
            ("a.md", false),
            ("a.jsonl", false),
            ("a.json", false),
            ("a.jsonl.gz", false),
            ("a.md.GZ", false),
            ("a.html", false),
            ("a.tar.gz", false),
            ("README", false),
            ("README", true),
            ("notes.gz", false),
            ("notes.gz", true),
        ]
        .into_iter()
        .map(|(name, explicit)| check(name, explicit))
        .collect();
        expect![[r#"
            a.txt: gz=false Text(Plain)
            a.TXT: gz=false Text(Plain)
            a.md: gz=false Text(Markdown)
            a.jsonl: gz=false Jsonl
            a.json: gz=false Jsonl
            a.jsonl.gz: gz=true Jsonl
            a.md.GZ: gz=true Text(Markdown)
            a.html: unsupported file type .html
            a.tar.gz: unsupported file type .tar.gz
            README: unsupported file type (no extension)
            README: gz=false Text(Plain)
            notes.gz: unsupported file type .gz
            notes.gz: gz=true Text(Plain)"#]]
        .assert_eq(&rendered.join("\n"));
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
            skip ROOT/b/d.jsonl.gz:line 1: cannot read: unexpected end of file
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
        ];
        let limits = ReadLimits {
            max_article_bytes: 64,
            max_line_bytes: 48,
            max_decompressed_bytes: 96,
        };
        let mut rng = fastrand::Rng::with_seed(7);
        let mut n_articles = 0;
        for _ in 0..3000 {
            let mut data = Vec::new();
            for _ in 0..rng.usize(0..24) {
                data.extend_from_slice(PIECES[rng.usize(..PIECES.len())]);
            }
            let mut check = |item: Item| match item {
                Item::Article(sourced) => {
                    n_articles += 1;
                    assert!(!sourced.article.text.trim().is_empty());
                    assert!(sourced.article.text.len() <= limits.max_article_bytes);
                    assert!(!sourced.article.id.is_empty());
                }
                Item::Skipped(skip) => assert!(!skip.reason.is_empty(), "{skip:?}"),
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
