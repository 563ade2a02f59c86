//! HTML reader tests: golden files in `test_data/html` (pages written for
//! Placard, see `make_fixtures.py` there) and one-line checks.

use super::*;
use expect_test::{expect, Expect};
use std::path::Path;

fn render(result: &Result<ArticleFields, String>) -> String {
    match result {
        Ok(fields) => {
            let show = |value: &Option<String>| value.as_deref().unwrap_or("-").to_owned();
            format!(
                "url: {}\npublished: {}\nlanguage: {}\noutlet: {}\ntitle: {}\n\n{}\n",
                show(&fields.url),
                show(&fields.published),
                show(&fields.language),
                show(&fields.outlet),
                show(&fields.title),
                fields.text
            )
        }
        Err(reason) => format!("skip: {reason}\n"),
    }
}

/// Every `NAME.html` in `test_data/html` against `NAME.expected`. A missing
/// `.expected` is written and the test fails, so that it gets read by hand;
/// `UPDATE_EXPECT=1` rewrites them all.
#[test]
fn golden_pages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/html");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "html"))
        .collect();
    names.sort();
    assert!(names.len() >= 5, "{names:?}");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let got = render(&page_to_fields(
            &bytes,
            &PageContext::default(),
            &ReadLimits::standard(),
        ));
        let expected_path = path.with_extension("expected");
        match std::fs::read_to_string(&expected_path) {
            Ok(expected) if expected == got => {}
            Ok(_) if !update => failures.push(format!("{}: differs:\n{got}", path.display())),
            _ => {
                std::fs::write(&expected_path, &got).unwrap();
                if !update {
                    failures.push(format!("{}: written, check it", expected_path.display()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check_decode(bytes: &[u8], http_charset: Option<&str>, url: Option<&str>, expect: Expect) {
    let (text, encoding) = decode(bytes, http_charset, url);
    expect.assert_eq(&format!("{} {text:?}", encoding.name()));
}

#[test]
fn charsets() {
    let koi8 = encoding_rs::KOI8_R
        .encode("<p>Полиция задержала участников митинга у здания мэрии в субботу.</p>")
        .0;
    let cp1251 = encoding_rs::WINDOWS_1251
        .encode("<p>Поліція затримала учасників мітингу біля будівлі міськради.</p>")
        .0;
    // Declared and right.
    check_decode(
        &cp1251,
        Some("windows-1251"),
        None,
        expect![[
            r#"windows-1251 "<p>Поліція затримала учасників мітингу біля будівлі міськради.</p>""#
        ]],
    );
    // Declared over HTTP as Latin-1, plainly Cyrillic.
    check_decode(
        &koi8,
        Some("iso-8859-1"),
        None,
        expect![[
            r#"KOI8-U "<p>Полиция задержала участников митинга у здания мэрии в субботу.</p>""#
        ]],
    );
    // Nothing declared.
    check_decode(
        &koi8,
        None,
        Some("https://example.ru/a"),
        expect![[
            r#"KOI8-U "<p>Полиция задержала участников митинга у здания мэрии в субботу.</p>""#
        ]],
    );
    // A BOM wins over any declaration.
    check_decode(
        b"\xEF\xBB\xBF<p>\xD0\x9C</p>",
        Some("windows-1251"),
        None,
        expect![[r#"UTF-8 "<p>М</p>""#]],
    );
    // Declared UTF-8 but not UTF-8.
    check_decode(
        &cp1251,
        Some("utf-8"),
        None,
        expect![[
            r#"windows-1251 "<p>Поліція затримала учасників мітингу біля будівлі міськради.</p>""#
        ]],
    );
    // Declared UTF-8, UTF-8 but for one stray Latin-1 byte: still UTF-8.
    let stray = [
        "<p>Schafe auf der grünen Wiese, weiß und groß ".as_bytes(),
        b"\xE4</p>",
    ]
    .concat();
    check_decode(
        &stray,
        Some("utf-8"),
        None,
        expect![[r#"UTF-8 "<p>Schafe auf der grünen Wiese, weiß und groß �</p>""#]],
    );
    // ASCII declared as windows-1252 stays as declared.
    check_decode(
        b"<meta charset=windows-1252><p>plain</p>",
        None,
        None,
        expect![[r#"windows-1252 "<meta charset=windows-1252><p>plain</p>""#]],
    );
    // A page cannot declare UTF-16 from inside itself.
    check_decode(
        b"<meta charset=utf-16><p>x</p>",
        None,
        None,
        expect![[r#"UTF-8 "<meta charset=utf-16><p>x</p>""#]],
    );
}

#[test]
fn dates_urls_and_languages() {
    let dates: Vec<String> = [
        "2024-03-09T17:40:00+00:00",
        "2024-03-09 17:40",
        "2024-03-09T17:40:00.123Z",
        "2024-03-09, Saturday",
        "2024-13-09",
        "09.03.2024",
        "",
    ]
    .into_iter()
    .map(|value| format!("{value:?} -> {:?}", iso_date(value)))
    .collect();
    expect![[r#"
        "2024-03-09T17:40:00+00:00" -> Some("2024-03-09T17:40:00+00:00")
        "2024-03-09 17:40" -> Some("2024-03-09T17:40")
        "2024-03-09T17:40:00.123Z" -> Some("2024-03-09T17:40:00.123Z")
        "2024-03-09, Saturday" -> Some("2024-03-09")
        "2024-13-09" -> None
        "09.03.2024" -> None
        "" -> None"#]]
    .assert_eq(&dates.join("\n"));
    let urls: Vec<String> = [
        "https://a.example/2023/11/07/wives-rally",
        "https://a.example/news/2023-11-07-rally.html",
        "https://a.example/20231107/rally",
        "https://a.example/news/1234567",
        "https://a.example/2023/13/07/x",
    ]
    .into_iter()
    .map(|url| format!("{url} -> {:?}", date_in_url(url)))
    .collect();
    expect![[r#"
        https://a.example/2023/11/07/wives-rally -> Some("2023-11-07")
        https://a.example/news/2023-11-07-rally.html -> Some("2023-11-07")
        https://a.example/20231107/rally -> Some("2023-11-07")
        https://a.example/news/1234567 -> None
        https://a.example/2023/13/07/x -> None"#]]
    .assert_eq(&urls.join("\n"));
    assert_eq!(
        top_level_domain("https://user@www.example.ru:8080/a?b"),
        Some(&b"ru"[..])
    );
    assert_eq!(top_level_domain("http://127.0.0.1/"), None);
    let language =
        |head: &str| PageTags::from_scan(&blocks::scan(head, 100, 100).unwrap()).language();
    assert_eq!(language("<html lang='uk-UA'>").as_deref(), Some("uk"));
    assert_eq!(
        language("<html><meta http-equiv=Content-Language content=ru>").as_deref(),
        Some("ru")
    );
    assert_eq!(
        language("<meta property=og:locale content=en_GB>").as_deref(),
        Some("en")
    );
    assert_eq!(language("<html lang=''>"), None);
}

/// A page nested 100,000 elements deep, and one that only looks deep:
/// unclosed paragraphs and list items, void elements, comments and scripts
/// do not count as depth.
fn nesting_pages() -> (String, String) {
    let deep = "<div>".repeat(100_000) + "text";
    let flat = "<ul>".to_owned()
        + &"<li>item<br><img src=x><p>para".repeat(5_000)
        + "<!-- <div><div><div> -->"
        + "<script>for (i=0;i<9;i++) document.write('<div>')</script></ul>";
    (deep, flat)
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let limits = ReadLimits::standard();
    let (deep, flat) = nesting_pages();
    let result = page_to_fields(deep.as_bytes(), &PageContext::default(), &limits);
    expect![[r#"skip: HTML nests deeper than the limit of 1000 elements
"#]]
    .assert_eq(&render(&result));
    assert_eq!(check_depth(&flat, 10), Ok(()));
    assert!(check_depth(&"<b><i>".repeat(6), 10).is_err());
    // A tag with absurdly many attributes (html5ever's duplicate check is
    // quadratic in them); quoted `=` signs are values, not attributes.
    let many: String = (0..1001).map(|index| format!(" a{index}=x")).collect();
    expect!["an HTML tag has more than 1000 attributes (1001)"]
        .assert_eq(&check_depth(&format!("<div{many}>text</div>"), 1000).unwrap_err());
    let quoted = format!("<a href=\"/?{}\">x</a>", "k=v&".repeat(2000));
    assert_eq!(check_depth(&quoted, 1000), Ok(()));
}

/// The block extractor (the default) reads the page once: its own pass
/// refuses the pages `check_depth` refuses, and finds the metadata tags
/// outside comments and scripts.
#[test]
fn the_block_extractor_checks_nesting_and_reads_metadata_in_one_pass() {
    let fast = ReadLimits::standard();
    let (deep, flat) = nesting_pages();
    let result = page_to_fields(deep.as_bytes(), &PageContext::default(), &fast);
    expect![[r#"skip: HTML nests deeper than the limit of 1000 elements
"#]]
    .assert_eq(&render(&result));
    assert!(blocks::scan(&flat, 10, 1000).is_ok());
    assert!(blocks::scan(&"<b><i>".repeat(6), 10, 1000).is_err());
    let many: String = (0..1001).map(|index| format!(" a{index}=x")).collect();
    expect!["an HTML tag has more than 1000 attributes (1001)"].assert_eq(
        &blocks::scan(&format!("<div{many}>text</div>"), 1000, 1000)
            .err()
            .unwrap_or_default(),
    );
    // A commented-out meta tag, a `<time-ago>` and a `<title>` in a script
    // are not the page's.
    let page = "<html lang=uk><head><title>Страйк у порту | Портові новини</title><meta property=og:site_name content=\"Портові новини\"><!-- <meta property=article:published_time content=2020-01-01> --><script>var t = '<title>x</title>';</script></head><body><time-ago datetime=2024-05-02>yesterday</time-ago><article><p>Докери в Одесі у понеділок почали страйк, вимагаючи вищої платні.</p><time datetime=2024-05-01T09:00:00+03:00>1 May</time></article></body></html>";
    let article = page_to_fields(page.as_bytes(), &PageContext::default(), &fast).unwrap();
    assert_eq!(article.title.as_deref(), Some("Страйк у порту"));
    assert_eq!(article.outlet.as_deref(), Some("Портові новини"));
    assert_eq!(article.language.as_deref(), Some("uk"));
    assert_eq!(
        article.published.as_deref(),
        Some("2024-05-01T09:00:00+03:00")
    );
    // (The date's own five characters are too short a block to be text.)
    assert_eq!(
        article.text,
        "Докери в Одесі у понеділок почали страйк, вимагаючи вищої платні."
    );
}

#[test]
fn oversized_pages_are_refused() {
    let limits = ReadLimits {
        max_page_bytes: 100,
        ..ReadLimits::standard()
    };
    let page = "<p>".to_owned() + &"word ".repeat(40);
    expect![[r#"skip: page of 203 bytes exceeds the page limit of 100
"#]]
    .assert_eq(&render(&page_to_fields(
        page.as_bytes(),
        &PageContext::default(),
        &limits,
    )));
}

/// Random splices of tags, text and broken bytes: decoding and extraction
/// never panic, and every article has text.
#[test]
fn random_pages_never_panic() {
    const PIECES: &[&str] = &[
        "<html>",
        "<body>",
        "<div class=content>",
        "</div>",
        "<p>",
        "</p>",
        "<article>",
        "<nav>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<meta charset=koi8-r>",
        "<meta property=article:published_time content=2024-01-01>",
        "<title>",
        "</title>",
        "Protesters gathered in the square on Sunday afternoon. ",
        "Митинг прошёл мирно. ",
        "&amp;",
        "&#x",
        "&#99999999;",
        "<",
        ">",
        "\"",
        "'",
        "<time datetime=",
        "\u{0}",
        "\u{feff}",
        "<table><tr><td>",
        "<li>",
        "<br/>",
        "<html lang=",
        "<link rel=canonical href=",
    ];
    let limits = ReadLimits {
        max_html_depth: 20,
        ..ReadLimits::standard()
    };
    let mut rng = fastrand::Rng::with_seed(11);
    let mut n_articles = 0;
    for _ in 0..400 {
        let mut page = Vec::new();
        for _ in 0..rng.usize(0..60) {
            page.extend_from_slice(PIECES[rng.usize(..PIECES.len())].as_bytes());
        }
        if rng.bool() && !page.is_empty() {
            let at = rng.usize(..page.len());
            page[at] = rng.u8(..);
        }
        if let Ok(fields) = page_to_fields(&page, &PageContext::default(), &limits) {
            if !fields.text.trim().is_empty() {
                n_articles += 1;
            }
        }
    }
    assert!(n_articles > 10, "{n_articles}");
}

fn check_blocks(html: &str, expect: Expect) {
    expect.assert_eq(&blocks::main_text(html));
}

#[test]
fn block_extractor() {
    // Furniture by tag and by class is left out; the article's container
    // wins over the sidebar's links.
    check_blocks(
        "<html><body><nav><a href=/>Home</a></nav><div class=\"share-buttons\">Share this story with your friends on every network</div><div id=main><h1>Nurses rally</h1><p>About two hundred nurses rallied outside the hospital on Tuesday, demanding safe staffing.</p><p>The union said the protest would be repeated next month.</p></div><div class=\"comments\"><p>What a great article, thank you so much for writing it!</p></div><ul><li><a href=/a>A related story about something else entirely</a></li></ul></body></html>",
        expect![[r#"
            Nurses rally

            About two hundred nurses rallied outside the hospital on Tuesday, demanding safe staffing.

            The union said the protest would be repeated next month."#]],
    );
    // A furniture-classed wrapper that holds the whole page is a wrapper;
    // an unclosed link closes with its paragraph's container.
    check_blocks(
        "<div class=\"ads-helper\"><div class=article><p>Dockers in Odesa began a strike on Monday, demanding higher pay and safer work.</p><p><a href=/x>Read more about the port and then some more words</p><p>The port authority said it was ready to negotiate with the union.</p></div></div>",
        expect![[r#"
            Dockers in Odesa began a strike on Monday, demanding higher pay and safer work.

            The port authority said it was ready to negotiate with the union."#]],
    );
    // Entities, unclosed paragraphs, scripts and comments.
    check_blocks(
        "<article><p>Stra&szlig;e &amp; Platz: &bdquo;Nein&ldquo; &#8212; sagten die Demonstranten am Samstag.<p>Zweiter Absatz &unknown; bleibt, wie er ist.<script>var x = '<p>not text</p>';</script><!-- <p>nor this</p> --></article>",
        expect![[r#"
            Straße & Platz: „Nein“ — sagten die Demonstranten am Samstag.

            Zweiter Absatz &unknown; bleibt, wie er ist."#]],
    );
    // A `>` inside a quoted attribute value does not end the tag.
    check_blocks(
        "<div id=main><div data-video='{\"text\": \"<p>not text</p>\"}' class=x><p>The strike at the port continued on Tuesday, the union said.</p></div></div>",
        expect!["The strike at the port continued on Tuesday, the union said."],
    );
    // `no-share` is a modifier, not furniture; an author box is; a heading
    // over nothing kept ("Related") goes; the lead beside the body's
    // container is taken as the container grows to their parent.
    check_blocks(
        "<div class=post><p class=lead>Teachers in Lviv walked out on Monday morning over unpaid wages.</p><div class=\"entry no-share\"><p>About three hundred teachers gathered outside the city council, according to the union.</p><p>The council said the arrears would be paid by Friday.</p></div><div class=author-box><p>Our reporter has covered education in western Ukraine for ten years.</p></div><h3>Related</h3><ul><li><a href=/1>Another strike in another city last year</a></li></ul></div><footer>Copyright</footer>",
        expect![[r#"
            Teachers in Lviv walked out on Monday morning over unpaid wages.

            About three hundred teachers gathered outside the city council, according to the union.

            The council said the arrears would be paid by Friday."#]],
    );
    check_blocks("", expect![[r#""#]]);
    // A page of a few words: all of its text (stray `<` are text).
    check_blocks("<<<>>><p", expect!["<<<>>>"]);
    check_blocks("<body><p>Strike!</p></body>", expect!["Strike!"]);
}

/// The block extractor alone on random splices of tags, entities and text
/// (it also runs behind the depth check, but must not rely on it).
#[test]
fn block_extractor_never_panics() {
    const PIECES: &[&str] = &[
        "<div class=\"comments\">",
        "<div class='ads-helper'>",
        "<div id=main>",
        "</div>",
        "<p>",
        "</p>",
        "<a href=/x>",
        "</a>",
        "<li>",
        "<ul>",
        "</ul>",
        "<h2>",
        "</h2>",
        "<script>",
        "</script>",
        "<!--",
        "-->",
        "<nav>",
        "</nav>",
        "<br/>",
        "<title>",
        "&",
        "&#",
        "&#x1F600;",
        "&amp",
        ";",
        "<",
        ">",
        "</",
        "<//",
        "< p>",
        "Streik im Hafen. ",
        "Митинг прошёл мирно. ",
        "é",
        "\u{0}",
        "<DIV CLASS=share>",
        "</DIV>",
        "<p class=",
        "\"",
        "'",
    ];
    let mut rng = fastrand::Rng::with_seed(23);
    for _ in 0..2000 {
        let mut page = String::new();
        for _ in 0..rng.usize(0..80) {
            page.push_str(PIECES[rng.usize(..PIECES.len())]);
        }
        let text = blocks::main_text(&page);
        assert!(!text.contains("\n\n\n"), "{page:?}");
    }
    // Runs of stray `<`, unclosed comments and unclosed tags stay linear.
    for hostile in [
        "<".repeat(300_000) + ">",
        "< ".repeat(300_000),
        "<!--".to_owned() + &"x".repeat(300_000),
        "<a ".repeat(300_000),
    ] {
        let started = std::time::Instant::now();
        let _ = blocks::main_text(&hostile);
        let _ = check_depth(&hostile, 1000);
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }
    // Deep nesting with many blocks inside stays linear in time and memory.
    let deep = "<div>".repeat(900) + &"<p>A short paragraph of text.".repeat(100_000);
    let started = std::time::Instant::now();
    let text = blocks::main_text(&deep);
    assert!(text.starts_with("A short paragraph of text."));
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

/// The metadata helpers of the one-pass reading: attributes without a
/// regex, the Cyrillic pre-check before the charset detector, the title
/// and the outlet of a page that names no site.
#[test]
fn metadata_helpers() {
    let render = |source: &str| {
        attributes(source)
            .iter()
            .map(|(name, value)| format!("{name}={value:?}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let cases = [
        r#" property="og:title" content='Страйк &amp; мітинг'"#,
        " name=date content=2024-05-01 /",
        " pubdate datetime = \"2024-05-01T09:00\" data-x='a>b'",
        r#" content="unclosed"#,
        " =stray \"quoted\" a-b.c:d_e=1",
    ];
    let rendered: Vec<String> = cases.iter().map(|case| render(case)).collect();
    expect![[r#"
        property="og:title" content="Страйк & мітинг"
        name="date" content="2024-05-01"
        pubdate="" datetime="2024-05-01T09:00" data-x="a>b"
        content="unclosed"
        stray="" quoted="" a-b.c:d_e="1""#]]
    .assert_eq(&rendered.join("\n"));

    // windows-1251 "Митинг" is six bytes from 0xC0 up; Latin-1 "Grüße" has
    // no three in a row.
    assert!(has_high_byte_runs(b"<p>\xcc\xe8\xf2\xe8\xed\xe3</p>"));
    assert!(!has_high_byte_runs(b"<p>Gr\xfc\xdfe aus M\xfcnchen</p>"));

    assert_eq!(
        page_title(
            "Rally in Leeds - Leeds Post",
            None,
            "Rally in Leeds\n\nAbout two hundred",
            None
        ),
        "Rally in Leeds"
    );
    assert_eq!(
        page_title(
            "Leeds Post | Rally in Leeds",
            Some("Leeds Post"),
            "Other text",
            None
        ),
        "Rally in Leeds"
    );
    // The longest part of a title cut by ` | `, unless it names the site.
    assert_eq!(
        page_title(
            "Magic Cleaning | sheego ♥ Magazin",
            None,
            "x",
            Some("https://www.sheego.de/magazin/1")
        ),
        "Magic Cleaning"
    );
    assert_eq!(
        page_title(
            "Kyiv | Teachers strike over unpaid wages | News",
            None,
            "x",
            None
        ),
        "Teachers strike over unpaid wages"
    );
    assert_eq!(
        page_title("Rally in Leeds | Leeds Post", Some("Leeds Post"), "x", None),
        "Rally in Leeds"
    );
    assert_eq!(
        page_title("Rally - in - Leeds", None, "Nothing alike", None),
        "Rally - in - Leeds"
    );
    assert_eq!(
        site_of_url("https://www.kurier.example/news/1").as_deref(),
        Some("kurier.example")
    );
    assert_eq!(site_of_url("http://127.0.0.1:8080/a"), None);
    assert_eq!(site_of_url("not a url"), None);
}

/// A publication date the tags do not give: microdata or RDFa on any
/// element, a date line by its class, the short blocks around the title;
/// the tags, the URL and a date line win over what comes after them.
#[test]
fn publication_dates_beyond_the_tags() {
    let published = |page: &str, url: Option<&str>| {
        let context = PageContext {
            url,
            ..PageContext::default()
        };
        page_to_fields(page.as_bytes(), &context, &ReadLimits::standard())
            .map(|article| article.published.unwrap_or_else(|| "-".into()))
            .unwrap_or_else(|reason| format!("skip: {reason}"))
    };
    let body = "<p>Dockers in Odesa began a strike on Monday, demanding higher pay and safer work at the port.</p>";
    let cases = [
        // Microdata on a span, RDFa on a div.
        format!("<article><span itemprop=datePublished content=2024-05-01T08:00:00Z>1 May</span>{body}</article>"),
        format!("<article><div property=\"schema:dateCreated\" content=\"2024-05-02\"></div>{body}</article>"),
        // A date line by its class, in German; a comment's date is not one.
        format!("<article><div class=comment-date>3. Mai 2024</div><span class=\"post-date\">5. Mai 2024</span>{body}</article>"),
        // Next to the title, in Russian, without a telling class.
        format!("<article><h1>Забастовка в порту</h1><p>6 мая 2024, 10:15</p>{body}</article>"),
        // The URL's date comes before a date line's.
        format!("<article><span class=date>7 May 2024</span>{body}</article>"),
        // Nothing at all.
        format!("<article>{body}</article>"),
    ];
    let urls = [
        None,
        None,
        None,
        None,
        Some("https://port.example/2024/05/08/strike"),
        None,
    ];
    let found: Vec<String> = cases
        .iter()
        .zip(urls)
        .map(|(page, url)| published(page, url))
        .collect();
    expect![[r#"
        2024-05-01T08:00:00Z
        2024-05-02
        2024-05-05
        2024-05-06
        2024-05-08
        -"#]]
    .assert_eq(&found.join("\n"));
}

/// JSON-LD, wherever its article sits (a `@graph`, a CDATA wrapper), and
/// invalid JSON-LD passed over.
#[test]
fn json_ld_metadata() {
    let page = r#"<html><head><title>Страйк у порту | Портові новини | Новини</title>
<script type="application/ld+json">/* <![CDATA[ */ {"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "Портові новини"},
 {"@type": "NewsArticle", "headline": "Докери Одеси оголосили страйк", "datePublished": "2024-05-01T08:00:00+03:00",
  "publisher": {"@type": "Organization", "name": "Портові новини"}}]} /* ]]> */</script>
<script type="application/ld+json">{"headline": "broken", </script>
</head><body><article><p>Докери в Одесі у понеділок почали страйк, вимагаючи вищої платні.</p></article></body></html>"#;
    let article = page_to_fields(
        page.as_bytes(),
        &PageContext::default(),
        &ReadLimits::standard(),
    )
    .unwrap();
    assert_eq!(
        article.title.as_deref(),
        Some("Докери Одеси оголосили страйк")
    );
    assert_eq!(article.outlet.as_deref(), Some("Портові новини"));
    assert_eq!(
        article.published.as_deref(),
        Some("2024-05-01T08:00:00+03:00")
    );
}
