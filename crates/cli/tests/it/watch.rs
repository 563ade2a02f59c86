//! `placard watch --once` against feeds and pages served on 127.0.0.1 by
//! `server.rs`: RSS 2.0, Atom, RDF, a windows-1251 feed and pages, a
//! redirect, a 500, a slow server, a gzip bomb and broken XML in one batch;
//! then a second run that gets 304s, takes no item twice and stores
//! nothing new.

use super::server::{Request, Response, Server};
use super::*;
use placard_store::Store;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../sources/test_data/feeds")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The fixture with its invented outlets' addresses pointed at the server.
fn localised(name: &str, base: &str) -> Vec<u8> {
    let mut bytes = fixture(name);
    for (outlet, path) in [
        ("https://harbour-courier.example", "/harbour"),
        ("https://podil-visnyk.example", "/podil"),
        ("https://uralskaya-nedelya.example", "/ural"),
        ("https://volzhsky-kurier.example", "/volga"),
        ("https://midlands-weekly.example", "/midlands"),
    ] {
        let to = format!("{base}{path}");
        let mut replaced = Vec::with_capacity(bytes.len());
        let mut rest = &bytes[..];
        while let Some(at) = rest
            .windows(outlet.len())
            .position(|window| window == outlet.as_bytes())
        {
            replaced.extend_from_slice(&rest[..at]);
            replaced.extend_from_slice(to.as_bytes());
            rest = &rest[at + outlet.len()..];
        }
        replaced.extend_from_slice(rest);
        bytes = replaced;
    }
    bytes
}

const ETAG: &str = "\"rss-v1\"";
const LAST_MODIFIED: &str = "Sat, 02 Mar 2024 10:00:00 GMT";

fn routes(base_cell: Arc<OnceLock<String>>) -> impl Fn(&Request) -> Response + Send + Sync {
    let bomb = {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&vec![b' '; 8 << 20]).unwrap();
        encoder.finish().unwrap()
    };
    move |request: &Request| {
        let base = base_cell.get().cloned().unwrap_or_default();
        route(request, &base, &bomb)
    }
}

fn route(request: &Request, base: &str, bomb: &[u8]) -> Response {
    let html = "text/html; charset=utf-8";
    match request.path.as_str() {
        "/rss.xml" if request.header("if-none-match") == Some(ETAG) => {
            Response::new(304, "application/rss+xml", "")
        }
        "/rss.xml" => Response::new(
            200,
            "application/rss+xml; charset=utf-8",
            localised("rss2_en.xml", base),
        )
        .with_header("ETag", ETAG),
        // The same items in a second feed of the outlet.
        "/rss-all.xml" => Response::new(200, "application/rss+xml", localised("rss2_en.xml", base)),
        "/harbour/2024/05/14/dockers-march" => {
            Response::new(200, html, fixture("pages/dockers-march.html"))
        }
        "/atom.xml" if request.header("if-modified-since") == Some(LAST_MODIFIED) => {
            Response::new(304, "application/atom+xml", "")
        }
        "/atom.xml" => Response::new(200, "application/atom+xml", localised("atom_uk.atom", base))
            .with_header("Last-Modified", LAST_MODIFIED),
        "/podil/2024/03/02/mitynh" => Response::new(200, html, fixture("pages/mitynh.html")),
        "/rdf.rdf" => Response::new(200, "application/rdf+xml", localised("rdf_ru.rdf", base)),
        // Its charset is said by this header only.
        "/ural/2024/06/10/skver" => Response::new(
            200,
            "text/html; charset=windows-1251",
            fixture("pages/skver.html"),
        ),
        "/cp1251.xml" => Response::new(
            200,
            "application/rss+xml",
            localised("rss_cp1251.xml", base),
        ),
        // Its charset is said by its <meta> only.
        "/volga/2024/02/17/miting" => Response::new(200, "text/html", fixture("pages/miting.html")),
        "/old-feed.xml" => Response::new(301, "text/plain", "moved")
            .with_header("Location", &format!("{base}/moved/rss091.xml")),
        "/moved/rss091.xml" => Response::new(200, "text/xml", localised("rss091_en.xml", base)),
        "/midlands/2024/01/22/bus-strike" => {
            Response::new(200, html, fixture("pages/bus-strike.html"))
        }
        "/error.xml" => Response::new(500, "text/plain", "internal error"),
        "/slow.xml" => Response {
            delay: Duration::from_secs(3),
            ..Response::new(200, "text/xml", localised("rss091_en.xml", base))
        },
        "/bomb.xml" => Response::new(200, "application/rss+xml", bomb.to_vec())
            .with_header("Content-Encoding", "gzip"),
        "/broken.xml" => Response::new(200, "application/rss+xml", fixture("broken.xml")),
        _ => Response::new(404, "text/plain", "not found"),
    }
}

#[test]
fn watch_polls_feeds_politely_and_remembers_what_it_took() {
    // The routes need the server's address, known only once it listens.
    let base_cell = Arc::new(OnceLock::<String>::new());
    let server = Server::start(routes(Arc::clone(&base_cell)));
    base_cell.set(server.base.clone()).unwrap();
    let base = &server.base;
    let dir = tempfile::tempdir().unwrap();
    let feeds = format!(
        "# Feeds for the watch test\n{base}/rss.xml\n{base}/atom.xml  # Atom, Ukrainian\n\n{base}/rdf.rdf\n{base}/cp1251.xml\n{base}/old-feed.xml\n{base}/error.xml\n{base}/slow.xml\n{base}/bomb.xml\n{base}/broken.xml\n{base}/rss.xml\n{base}/rss-all.xml\n"
    );
    std::fs::write(dir.path().join("feeds.txt"), feeds).unwrap();
    let args = [
        "watch",
        "feeds.txt",
        "--db",
        "watch.db",
        "--once",
        "--delay",
        "0",
        "--timeout",
        "1",
        "--retries",
        "1",
        "--backoff",
        "0.05",
        "--max-bytes",
        "1000000",
    ];

    let first = placard(dir.path(), &args, None);
    let summary = stdout(&first).replace(base.as_str(), "BASE");
    assert_eq!(
        first.status.code(),
        Some(2),
        "failed feeds give exit code 2\n{summary}\n{}",
        String::from_utf8_lossy(&first.stderr)
    );
    for line in [
        "feeds fetched: 6\n",
        "not modified: 0\n",
        "failed: 4\n",
        "items taken from another feed already: 3\n",
        "  failed BASE/error.xml: HTTP 500 (after 2 attempts)\n",
        "  failed BASE/slow.xml: timed out",
        "  failed BASE/bomb.xml: gzip body inflates to more than the limit of 1000000 bytes\n",
        "  failed BASE/broken.xml: not a readable feed: ",
        "items new: 8\n",
        "pages fetched: 5\n",
        "  page BASE/harbour/2024/05/13/school-picket: HTTP 404\n",
        "articles stored: 7\n",
        "skipped: 5\n",
        "  skipped BASE/rss.xml:item 3: no text: the item (BASE/harbour/2024/05/12/gallery) has no content, description or summary\n",
    ] {
        assert!(summary.contains(line), "{line:?} in\n{summary}");
    }
    // Each page was fetched once, though two feeds list it.
    assert_eq!(
        server.requests("/harbour/2024/05/14/dockers-march").len(),
        1
    );
    // The 500 was retried once; the slow server was given up on.
    assert_eq!(server.requests("/error.xml").len(), 2);
    assert_eq!(server.requests("/slow.xml").len(), 2);

    let store = Store::open(&dir.path().join("watch.db")).unwrap();
    let articles: Vec<placard_engine::Article> = store
        .article_prints()
        .unwrap()
        .iter()
        .map(|print| store.article(&print.id).unwrap().unwrap())
        .collect();
    drop(store);
    assert_eq!(
        articles.len(),
        7,
        "every stored article is long enough to have a print"
    );
    let by_url = |suffix: &str| {
        articles
            .iter()
            .find(|article| {
                article
                    .url
                    .as_deref()
                    .is_some_and(|url| url.ends_with(suffix))
            })
            .unwrap_or_else(|| panic!("no article for {suffix}"))
    };
    // Pages in windows-1251, declared by HTTP and by <meta>, decoded right.
    let skver = by_url("/ural/2024/06/10/skver");
    assert!(skver.text.contains("«Сквер — наш»"), "{}", skver.text);
    assert_eq!(skver.outlet.as_deref(), Some("Уральская неделя"));
    let miting = by_url("/volga/2024/02/17/miting");
    assert!(miting.text.contains("на площади Славы"), "{}", miting.text);
    assert_eq!(miting.outlet.as_deref(), Some("Волжский курьер"));
    assert_eq!(miting.published.as_deref(), Some("2024-02-17T10:00:00Z"));
    // The page's full text, not the item's one-line description.
    assert!(by_url("/dockers-march").text.contains("strike ballot"));
    // A page that failed: the item's own text stands in.
    assert!(by_url("/school-picket")
        .text
        .starts_with("Some 60 parents picketed"));
    assert!(by_url("/straik").text.contains("тролейбусів"));
    // The feed reached through a redirect.
    assert!(by_url("/bus-strike").text.contains("Harnall Lane depot"));

    let second = placard(dir.path(), &args, None);
    let summary = stdout(&second).replace(base.as_str(), "BASE");
    for line in [
        "feeds fetched: 4\n",
        "not modified: 2\n",
        "failed: 4\n",
        "items new: 0\n",
        "pages fetched: 0\n",
        "articles stored: 0\n",
    ] {
        assert!(summary.contains(line), "{line:?} in\n{summary}");
    }
    // The conditional GETs sent back what the first responses said.
    let rss = server.requests("/rss.xml");
    assert_eq!(
        rss.len(),
        2,
        "the feed listed twice is asked for once a poll"
    );
    assert_eq!(rss[0].header("if-none-match"), None);
    assert_eq!(rss[1].header("if-none-match"), Some(ETAG));
    let atom = server.requests("/atom.xml");
    assert_eq!(atom[1].header("if-modified-since"), Some(LAST_MODIFIED));
    let store = Store::open(&dir.path().join("watch.db")).unwrap();
    assert_eq!(store.counts().unwrap().articles, 7);
    assert!(dir.path().join("watch.db.watch.json").exists());
}

/// One host asked for a feed and its pages is asked at most once per
/// `--delay`; a 503's `Retry-After` is obeyed; a redirect loop stops at
/// `--max-redirects`; a body over `--max-bytes` is refused.
#[test]
fn watch_waits_between_requests_to_a_host_and_bounds_redirects_and_sizes() {
    let base_cell = Arc::new(OnceLock::<String>::new());
    let routes_base = Arc::clone(&base_cell);
    let n_busy = std::sync::atomic::AtomicUsize::new(0);
    let server = Server::start(move |request: &Request| {
        let base = routes_base.get().cloned().unwrap_or_default();
        match request.path.as_str() {
            // Busy at first, asking for a second's patience.
            "/busy.xml" if n_busy.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 => {
                Response::new(503, "text/plain", "busy").with_header("Retry-After", "1")
            }
            "/busy.xml" => Response::new(200, "text/xml", localised("rss091_en.xml", &base)),
            "/rss.xml" => {
                Response::new(200, "application/rss+xml", localised("rss2_en.xml", &base))
            }
            "/harbour/2024/05/14/dockers-march" => {
                Response::new(200, "text/html", fixture("pages/dockers-march.html"))
            }
            "/loop.xml" => Response::new(302, "text/plain", "")
                .with_header("Location", &format!("{base}/loop.xml")),
            "/huge.xml" => Response::new(200, "application/rss+xml", vec![b' '; 3000]),
            _ => Response::new(404, "text/plain", "not found"),
        }
    });
    base_cell.set(server.base.clone()).unwrap();
    let base = &server.base;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("feeds.txt"),
        format!("{base}/rss.xml\n{base}/loop.xml\n{base}/huge.xml\n{base}/busy.xml\n"),
    )
    .unwrap();
    let output = placard(
        dir.path(),
        &[
            "watch",
            "feeds.txt",
            "--db",
            "w.db",
            "--once",
            "--delay",
            "0.3",
            "--timeout",
            "2",
            "--retries",
            "1",
            "--max-redirects",
            "3",
            "--max-bytes",
            "2000",
        ],
        None,
    );
    let summary = stdout(&output).replace(base.as_str(), "BASE");
    for line in [
        "feeds fetched: 2\n",
        "  failed BASE/loop.xml: more than 3 redirects\n",
        "  failed BASE/huge.xml: response larger than the limit of 2000 bytes\n",
        "items new: 4\n",
        "pages fetched: 1\n",
        "articles stored: 3\n",
    ] {
        assert!(summary.contains(line), "{line:?} in\n{summary}");
    }
    assert_eq!(
        server.requests("/loop.xml").len(),
        4,
        "the first request and 3 redirects"
    );
    // robots.txt (once: it answers 404, so no rules), the first feed and
    // its three pages: one request to the host at a time, 0.3 s apart at
    // least. (Redirect hops are ureq's and not spaced.)
    let requests = server.all_requests();
    let spaced: Vec<&Request> = requests
        .iter()
        .filter(|request| request.path != "/loop.xml")
        .collect();
    assert_eq!(spaced.len(), 9, "{spaced:?}");
    assert_eq!(spaced[0].path, "/robots.txt");
    assert_eq!(server.requests("/robots.txt").len(), 1);
    let busy = server.requests("/busy.xml");
    assert_eq!(busy.len(), 2);
    assert!(
        busy[1].at - busy[0].at >= Duration::from_millis(990),
        "Retry-After obeyed"
    );
    for pair in spaced.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(290),
            "{gap:?} between {} and {}",
            pair[0].path,
            pair[1].path
        );
    }
}

/// robots.txt is read once per site and obeyed: a page disallowed for
/// `placard-watch` is never requested (the item's own text stands in), the
/// site's `Crawl-delay` spaces the requests when longer than `--delay`, and
/// a site whose robots.txt fails with a 5xx is not fetched from at all.
#[test]
fn watch_obeys_robots_txt() {
    let base_cell = Arc::new(OnceLock::<String>::new());
    let routes_base = Arc::clone(&base_cell);
    let server = Server::start(move |request: &Request| {
        let base = routes_base.get().cloned().unwrap_or_default();
        match request.path.as_str() {
            // Everyone else is kept out; we may take all but one folder.
            "/robots.txt" => Response::new(
                200,
                "text/plain",
                "User-agent: *\nDisallow: /\n\nUser-agent: placard-watch\nDisallow: /harbour/2024/05/13/\nCrawl-delay: 0.6\n",
            ),
            "/rss.xml" => {
                Response::new(200, "application/rss+xml", localised("rss2_en.xml", &base))
            }
            "/harbour/2024/05/14/dockers-march" => {
                Response::new(200, "text/html", fixture("pages/dockers-march.html"))
            }
            _ => Response::new(404, "text/plain", "not found"),
        }
    });
    base_cell.set(server.base.clone()).unwrap();
    let failing = Server::start(|request: &Request| match request.path.as_str() {
        "/robots.txt" => Response::new(503, "text/plain", "down"),
        _ => Response::new(200, "application/rss+xml", fixture("rss2_en.xml")),
    });
    let base = &server.base;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("feeds.txt"),
        format!("{base}/rss.xml\n{}/rss.xml\n", failing.base),
    )
    .unwrap();
    let output = placard(
        dir.path(),
        &[
            "watch",
            "feeds.txt",
            "--db",
            "w.db",
            "--once",
            "--delay",
            "0.1",
            "--retries",
            "0",
        ],
        None,
    );
    let summary = stdout(&output)
        .replace(base.as_str(), "BASE")
        .replace(failing.base.as_str(), "DOWN");
    for line in [
        "feeds fetched: 1\n",
        "  failed DOWN/rss.xml: DOWN/robots.txt could not be read (HTTP 503), so nothing on the site is fetched for now\n",
        "  page BASE/harbour/2024/05/13/school-picket: disallowed for placard-watch by BASE/robots.txt\n",
        "articles stored: 2\n",
    ] {
        assert!(summary.contains(line), "{line:?} in\n{summary}");
    }
    assert!(server
        .requests("/harbour/2024/05/13/school-picket")
        .is_empty());
    assert_eq!(server.requests("/robots.txt").len(), 1);
    assert_eq!(
        failing.all_requests().len(),
        1,
        "only robots.txt asked of the failing site"
    );
    let requests = server.all_requests();
    assert_eq!(
        requests.len(),
        4,
        "robots.txt, feed, two pages: {requests:?}"
    );
    for pair in requests.windows(2) {
        let gap = pair[1].at - pair[0].at;
        assert!(
            gap >= Duration::from_millis(590),
            "Crawl-delay: {gap:?} between {} and {}",
            pair[0].path,
            pair[1].path
        );
    }
}

/// A feed file given to `placard read` or `placard ingest` is picked by its
/// content, whatever its name: one article per item with text, the
/// title-only item a skip.
#[test]
fn read_takes_a_feed_file_by_content() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("latest.dat"), fixture("rss_cp1251.xml")).unwrap();
    std::fs::write(dir.path().join("harbour.txt"), fixture("rss2_en.xml")).unwrap();
    let output = placard(dir.path(), &["read", "latest.dat", "harbour.txt"], None);
    assert_eq!(
        output.status.code(),
        Some(2),
        "the title-only item is a skip"
    );
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["outlet"], "Волжский курьер");
    assert_eq!(lines[0]["source"]["record"], 1);
    assert_eq!(
        lines[2]["url"],
        "https://harbour-courier.example/2024/05/13/school-picket"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("harbour.txt:item 3: no text"), "{stderr}");

    let ingest = placard(
        dir.path(),
        &[
            "ingest",
            "latest.dat",
            "harbour.txt",
            "--db",
            "f.db",
            "--quiet",
        ],
        None,
    );
    let summary = stdout(&ingest);
    assert_eq!(ingest.status.code(), Some(2), "{summary}");
    assert!(summary.contains("stored: 3\n"), "{summary}");
    assert!(
        summary.contains("skipped harbour.txt:item 3: no text"),
        "{summary}"
    );
}

/// Without `--once` the watch polls every `--interval` seconds in one
/// process: the second poll gets a 304 and takes nothing again.
#[test]
fn watch_polls_again_after_the_interval() {
    use std::io::BufRead;
    let base_cell = Arc::new(OnceLock::<String>::new());
    let routes_base = Arc::clone(&base_cell);
    let server = Server::start(move |request: &Request| {
        let base = routes_base.get().cloned().unwrap_or_default();
        match request.path.as_str() {
            "/rss.xml" if request.header("if-none-match") == Some(ETAG) => {
                Response::new(304, "application/rss+xml", "")
            }
            "/rss.xml" => {
                Response::new(200, "application/rss+xml", localised("rss2_en.xml", &base))
                    .with_header("ETag", ETAG)
            }
            _ => Response::new(404, "text/plain", "not found"),
        }
    });
    base_cell.set(server.base.clone()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("feeds.txt"),
        format!("{}/rss.xml\n", server.base),
    )
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_placard"))
        .args([
            "watch",
            "feeds.txt",
            "--db",
            "w.db",
            "--interval",
            "1",
            "--delay",
            "0",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while lines
        .iter()
        .filter(|line: &&String| line.starts_with("events in database"))
        .count()
        < 2
    {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match receiver.recv_timeout(left) {
            Ok(line) => lines.push(line),
            Err(_) => break,
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let output = lines.join("\n");
    let second = output
        .split("poll 2\n")
        .nth(1)
        .unwrap_or_else(|| panic!("{output}"));
    assert!(output.starts_with("poll 1\nfeeds fetched: 1\n"), "{output}");
    assert!(output.contains("articles stored: 2\n"), "{output}");
    assert!(
        second.starts_with("feeds fetched: 0\nnot modified: 1\n"),
        "{second}"
    );
    assert!(second.contains("items new: 0\n"), "{second}");
    assert_eq!(server.requests("/rss.xml").len(), 2);
}
