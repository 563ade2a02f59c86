//! Feed reader tests: every fixture of `test_data/feeds` read as a file,
//! the text of item HTML, charset evidence, and random feeds that must not
//! panic.

use super::*;
use crate::tests::render_item;
use crate::{read_paths, ReadLimits};
use expect_test::{expect, Expect};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("test_data/feeds")
        .join(name)
}

fn check_file(name: &str, expect: Expect) {
    let path = fixture(name);
    let mut rendered = String::new();
    read_paths(
        std::slice::from_ref(&path),
        &ReadLimits::standard(),
        &mut |item| {
            let dir = path.parent().unwrap().to_string_lossy().into_owned();
            rendered.push_str(&render_item(&item).replace(&dir, "FEEDS"));
            rendered.push('\n');
        },
    );
    expect.assert_eq(&rendered);
}

#[test]
fn rss2_items_take_the_longer_text_and_skip_title_only_items() {
    check_file(
        "rss2_en.xml",
        expect![[r#"
            article FEEDS/rss2_en.xml@1 url=https://harbour-courier.example/2024/05/14/dockers-march published=2024-05-14T09:30:00Z lang=en outlet=The Harbour Courier title=Dockers march through Felixstowe over pay text="About 400 dock workers marched through Felixstowe on Monday, demanding a pay rise of 10 per cent, the Unite union said.\n\nPolice said the march was peaceful and no one was detained."
            article FEEDS/rss2_en.xml@2 url=https://harbour-courier.example/2024/05/13/school-picket published=2024-05-13T16:05:00Z lang=en outlet=The Harbour Courier title=Parents picket council over school closure text="Some 60 parents picketed Ipswich town hall on Monday evening against the planned closure of Westgate primary school."
            skipped FEEDS/rss2_en.xml:item 3: no text: the item (https://harbour-courier.example/2024/05/12/gallery) has no content, description or summary
        "#]],
    );
}

#[test]
fn atom_and_rdf_feeds() {
    check_file(
        "atom_uk.atom",
        expect![[r#"
            article FEEDS/atom_uk.atom@1 url=https://podil-visnyk.example/2024/03/02/mitynh published=2024-03-02T09:40:00Z lang=uk outlet=Подільський вісник title=Мітинг біля Київради проти забудови парку text="Близько 300 киян вийшли на мітинг біля Київради в суботу, вимагаючи скасувати забудову парку на Подолі.\n\nПоліція затримань не повідомляла."
            article FEEDS/atom_uk.atom@2 url=https://podil-visnyk.example/2024/03/01/straik published=2024-03-01T06:10:00Z lang=uk outlet=Подільський вісник title=Страйк водіїв тролейбусів у Харкові text="У п'ятницю водії тролейбусів Харкова оголосили страйк через затримку зарплати за два місяці.\n\nНа лінії вийшли лише шість тролейбусів із сорока, повідомили в міському транспортному підприємстві."
        "#]],
    );
    check_file(
        "rdf_ru.rdf",
        expect![[r#"
            article FEEDS/rdf_ru.rdf@1 url=https://uralskaya-nedelya.example/2024/06/10/skver published=2024-06-09T14:20:00Z lang=- outlet=Уральская неделя title=Жители Екатеринбурга вышли на пикет в защиту сквера text="В воскресенье около 200 жителей Екатеринбурга вышли на пикет против вырубки сквера на улице Малышева. Полиция задержала двух участников."
        "#]],
    );
    check_file(
        "rss091_en.xml",
        expect![[r#"
            article FEEDS/rss091_en.xml@1 url=https://midlands-weekly.example/2024/01/22/bus-strike published=- lang=en outlet=Midlands Weekly title=Bus drivers strike in Coventry text="Bus drivers in Coventry began a two-day strike on Monday in a dispute over pay, the union said."
        "#]],
    );
}

#[test]
fn cyrillic_feeds_decode_declared_or_not() {
    let expected = expect![[r#"
        article FEEDS/rss_cp1251.xml@1 url=https://volzhsky-kurier.example/2024/02/17/miting published=2024-02-17T10:00:00Z lang=ru outlet=Волжский курьер title=В Самаре прошёл митинг против повышения тарифов text="В субботу в Самаре около 150 человек пришли на согласованный митинг против повышения тарифов ЖКХ, сообщили организаторы."
    "#]];
    check_file("rss_cp1251.xml", expected);
    let declared = std::fs::read(fixture("rss_cp1251.xml")).unwrap();
    let undeclared = std::fs::read(fixture("rss_cp1251_undeclared.rss")).unwrap();
    let limits = ReadLimits::standard();
    let from_declared = parse_feed(&declared, None, None, &limits).unwrap();
    assert_eq!(
        parse_feed(&undeclared, None, None, &limits).unwrap(),
        from_declared
    );
    let koi8 = std::fs::read(fixture("rss_koi8r_undeclared.rss")).unwrap();
    assert_eq!(
        parse_feed(&koi8, None, None, &limits).unwrap(),
        from_declared
    );
    // An HTTP charset that agrees is used; the bytes are the same feed.
    assert_eq!(
        parse_feed(&undeclared, Some("windows-1251"), None, &limits).unwrap(),
        from_declared
    );
}

#[test]
fn broken_and_foreign_feeds_are_one_skip() {
    check_file(
        "broken.xml",
        expect![[r#"
            skipped FEEDS/broken.xml: not a readable feed: unable to parse XML: Parser error: syntax error: tag not closed: `>` not found before end of input
        "#]],
    );
    let limits = ReadLimits::standard();
    for (bytes, reason) in [
        (
            &b"<html><body>not a feed</body></html>"[..],
            "not a readable feed",
        ),
        (b"", "not a readable feed"),
        (
            b"<rss version=\"2.0\"><channel><item><title>x</ite",
            "not a readable feed",
        ),
    ] {
        let error = parse_feed(bytes, None, None, &limits).unwrap_err();
        assert!(error.starts_with(reason), "{error}");
    }
    let deep = format!("<rss version=\"2.0\">{}", "<channel>".repeat(5000));
    let error = parse_feed(deep.as_bytes(), None, None, &limits).unwrap_err();
    assert!(error.contains("deep"), "{error}");
    let small = ReadLimits {
        max_page_bytes: 100,
        ..limits
    };
    let error = parse_feed(&[b' '; 101], None, None, &small).unwrap_err();
    assert_eq!(error, "feed of 101 bytes exceeds the page limit of 100");
    // A stream is read only up to the limit.
    let mut items = Vec::new();
    let endless = std::io::repeat(b' ');
    read_feed("-", &mut endless.take(1 << 30), &small, &mut |item| {
        items.push(item)
    });
    assert_eq!(
        items,
        [Item::Skipped(Skip::new(
            "-",
            None,
            "larger than the page limit of 100 bytes"
        ))]
    );
}

#[test]
fn json_feeds_are_read_by_content() {
    check_file(
        "json_feed_ru.json",
        expect![[r#"
        article FEEDS/json_feed_ru.json@1 url=https://volzhsky-obozrevatel.example/2024/04/15/piket-musor published=2024-04-15T09:30:00Z lang=ru outlet=Волжский обозреватель title=Пикет против мусоросжигательного завода в Казани text="Около 150 жителей Казани в понедельник вышли на пикет у здания мэрии против строительства мусоросжигательного завода.\n\nПолиция задержала одного участника."
        article FEEDS/json_feed_ru.json@2 url=https://volzhsky-obozrevatel.example/2024/04/14/zabastovka published=2024-04-14T04:00:00Z lang=ru outlet=Волжский обозреватель title=Водители автобусов в Самаре объявили забастовку text="В воскресенье водители автобусов Самары объявили забастовку из-за задержки зарплаты."
        skipped FEEDS/json_feed_ru.json:item 3: no text: the item (https://volzhsky-obozrevatel.example/2024/04/13/foto) has no content, description or summary
    "#]],
    );
}

#[test]
fn feed_roots_are_recognised() {
    for (prefix, is_feed) in [
        (&b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">"[..], true),
        (b"<?xml version=\"1.0\"?><?xml-stylesheet href=\"a.xsl\"?>\n<!-- c -->\n<feed xmlns=\"http://www.w3.org/2005/Atom\">", true),
        (b"<rdf:RDF xmlns:rdf=\"x\">", true),
        (b"<!DOCTYPE rss SYSTEM \"x.dtd\"><rss version=\"0.91\">", true),
        (b"<?xml version=\"1.0\"?><html><body><rss>", false),
        (b"<feedback>", false),
        (b"<?xml version=\"1.0\"", false),
        (b"", false),
        (b"{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"title\": \"x\"", true),
        (b"{\"title\": \"x\", \"version\":\"https://jsonfeed.org/version/1\"}", true),
        (b"{\"id\": \"a\", \"text\": \"see \\\"version\\\": \\\"https://jsonfeed.org/version/1\\\"\"}", false),
        (b"[{\"version\": \"https://jsonfeed.org/version/1\"}]", false),
    ] {
        assert_eq!(
            looks_like_feed(prefix),
            is_feed,
            "{}",
            String::from_utf8_lossy(prefix)
        );
    }
}

#[test]
fn item_html_becomes_paragraphs() {
    let text = fragment_to_text(
        "<div><p>First &amp; <a href=\"/x\">linked</a> part.</p><!-- c --><style>p{}</style><p>Second&#160;part &laquo;quoted&raquo;.</p>Tail<br/>line</div>",
    );
    assert_eq!(
        text,
        "First & linked part.\n\nSecond part «quoted».\n\nTail\n\nline"
    );
    assert_eq!(fragment_to_text("plain text, 5 < 6"), "plain text, 5 < 6");
}

/// Random splices of feed markup: parsing never panics, and every article
/// has text.
#[test]
fn random_feeds_never_panic() {
    const PIECES: &[&str] = &[
        "<?xml version=\"1.0\" encoding=\"windows-1251\"?>",
        "<rss version=\"2.0\">",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">",
        "<channel>",
        "</channel>",
        "<item>",
        "</item>",
        "<entry>",
        "</entry>",
        "<title>Rally</title>",
        "<link>https://a.example/x</link>",
        "<link href=\"/rel\"/>",
        "<description>&lt;p&gt;Workers marched.&lt;/p&gt;</description>",
        "<summary type=\"html\">",
        "</summary>",
        "<pubDate>Tue, 14 May 2024 09:30:00 +0000</pubDate>",
        "<pubDate>yesterday</pubDate>",
        "<![CDATA[<p>x",
        "]]>",
        "&amp;",
        "&bogus;",
        "\u{0}",
        "<",
        ">",
        "Митинг",
    ];
    let limits = ReadLimits::standard();
    let fixtures: Vec<Vec<u8>> = [
        "rss2_en.xml",
        "atom_uk.atom",
        "rdf_ru.rdf",
        "rss_cp1251.xml",
        "rss_cp1251_undeclared.rss",
        "rss091_en.xml",
    ]
    .iter()
    .map(|name| std::fs::read(fixture(name)).unwrap())
    .collect();
    let mut rng = fastrand::Rng::with_seed(11);
    let mut n_articles = 0;
    for _ in 0..2000 {
        // A real feed with pieces spliced in, ranges cut out, or its end
        // cut off, even inside a character; or pieces alone.
        let mut bytes = if rng.u8(..10) == 0 {
            Vec::new()
        } else {
            fixtures[rng.usize(..fixtures.len())].clone()
        };
        for _ in 0..rng.usize(0..4) {
            let at = rng.usize(0..=bytes.len());
            match rng.u8(..3) {
                0 => {
                    let piece = PIECES[rng.usize(..PIECES.len())].as_bytes();
                    bytes.splice(at..at, piece.iter().copied());
                }
                1 => {
                    let end = rng.usize(at..=bytes.len());
                    bytes.drain(at..end);
                }
                _ => bytes.truncate(at),
            }
        }
        let mut on_item = |item: Item| match item {
            Item::Article(sourced) => {
                n_articles += 1;
                assert!(!sourced.article.text.trim().is_empty());
            }
            Item::Skipped(skip) => assert!(!skip.reason.is_empty()),
            other => panic!("unexpected {other:?}"),
        };
        read_feed("-", &mut &bytes[..], &limits, &mut on_item);
    }
    assert!(n_articles > 500, "{n_articles}");
}

#[test]
fn relative_links_resolve_against_the_feed_url() {
    let feed = b"<rss version=\"2.0\"><channel><title>T</title><item><title>A</title><link>/2024/05/14/a</link><description>Workers marched.</description></item></channel></rss>";
    let parsed = parse_feed(
        feed,
        None,
        Some("https://news.example/rss/all.xml"),
        &ReadLimits::standard(),
    )
    .unwrap();
    assert_eq!(
        parsed.entries[0].link.as_deref(),
        Some("https://news.example/2024/05/14/a")
    );
}
