//! `placard serve`: the real binary on a real SQLite file filled by
//! ingesting the demo corpus, spoken to over TCP with a minimal HTTP/1.1
//! client (std only).

use crate::{placard, stdout};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The demo corpus, from the repository.
fn demo_inputs() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/demo");
    ["en.jsonl", "ru.jsonl", "uk.jsonl"]
        .iter()
        .map(|name| dir.join(name).to_string_lossy().into_owned())
        .collect()
}

/// An article whose text and title carry markup that must never come back
/// as markup.
pub const HOSTILE_ARTICLE: &str = r#"{"id": "xss-1", "outlet": "Test Wire", "published": "2023-11-08T10:00:00Z", "language": "en", "title": "<img src=x onerror=alert(1)>", "text": "About 40 students rallied in Minsk on Tuesday <script>alert('x')</script> demanding <img src=x onerror=alert(2)> free elections."}"#;

/// Ingests the demo corpus (plus `extra` JSONL lines) into `dir/placard.db`.
pub fn ingest(dir: &Path, extra: &str) {
    std::fs::write(dir.join("extra.jsonl"), extra).unwrap();
    let mut args = vec!["ingest", "--db", "placard.db", "--quiet"];
    let inputs = demo_inputs();
    args.extend(inputs.iter().map(String::as_str));
    args.push("extra.jsonl");
    let output = placard(dir, &args, None);
    assert!(output.status.success(), "{output:?}");
}

pub fn token(dir: &Path, role: &str, name: &str) -> String {
    let output = placard(
        dir,
        &[
            "token",
            "create",
            "--db",
            "placard.db",
            "--role",
            role,
            "--name",
            name,
        ],
        None,
    );
    assert!(output.status.success(), "{output:?}");
    stdout(&output).trim().to_owned()
}

/// A running `placard serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    pub fn start(dir: &Path, extra_args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_placard"))
            .args(["serve", "--db", "placard.db", "--addr", "127.0.0.1:0"])
            .args(extra_args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("placard serve runs");
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        Server { child, addr }
    }

    fn request(
        &self,
        method: &str,
        target: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> Reply {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        let mut head = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
            self.addr
        );
        if let Some(token) = token {
            head.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        let body = body.unwrap_or("");
        if method != "GET" {
            head.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n",
                body.len()
            ));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        stream.write_all(body.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        Reply::parse(&raw)
    }

    fn get(&self, target: &str, token: Option<&str>) -> Reply {
        self.request("GET", target, token, None)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let split = raw
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
            .expect("a complete answer");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        if headers
            .iter()
            .any(|(name, value)| name == "transfer-encoding" && value == "chunked")
        {
            body = dechunk(&body);
        }
        Reply {
            status,
            headers,
            body,
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = body
            .windows(2)
            .position(|window| window == b"\r\n")
            .unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&body[..line_end]).unwrap(), 16).unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[line_end + 2..line_end + 2 + size]);
        body = &body[line_end + 2 + size + 2..];
    }
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

fn ids(page: &Value) -> Vec<String> {
    page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["event_id"].as_str().unwrap().to_owned())
        .collect()
}

/// Every page of `/api/events?{query}`, `limit` at a time.
fn walk(server: &Server, token: &str, query: &str, limit: usize) -> Vec<String> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut target = format!("/api/events?limit={limit}");
        if !query.is_empty() {
            target.push('&');
            target.push_str(query);
        }
        if let Some(cursor) = &cursor {
            target.push_str(&format!("&cursor={cursor}"));
        }
        let reply = server.get(&target, Some(token));
        assert_eq!(reply.status, 200, "{target}: {}", reply.text());
        let page = reply.json();
        let page_ids = ids(&page);
        assert!(page_ids.len() <= limit);
        all.extend(page_ids);
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => return all,
        }
    }
}

/// The ids `placard events` lists with these flags.
fn cli_ids(dir: &Path, flags: &[&str]) -> Vec<String> {
    let mut args = vec!["events", "--db", "placard.db", "--format", "jsonl"];
    args.extend(flags);
    let output = placard(dir, &args, None);
    assert!(output.status.success(), "{output:?}");
    stdout(&output)
        .lines()
        .map(|line| {
            let event: Value = serde_json::from_str(line).unwrap();
            event["event_id"].as_str().unwrap().to_owned()
        })
        .collect()
}

fn assert_bad_parameter(reply: &Reply, parameter: &str) {
    assert_eq!(reply.status, 400, "{parameter}: {}", reply.text());
    let body = reply.json();
    assert_eq!(body["error"]["code"], "invalid_parameter", "{body}");
    assert_eq!(body["error"]["parameter"], parameter, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains(parameter));
}

#[test]
fn reading_filters_pages_exports_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    ingest(dir, &format!("{HOSTILE_ARTICLE}\n"));
    let reader = token(dir, "coder", "reader");
    let server = Server::start(dir, &[]);

    // Security headers on everything, the dashboard's place at `/`.
    let home = server.get("/", None);
    assert_eq!(home.status, 200);
    for reply in [
        &home,
        &server.get("/api/events", None),
        &server.get("/nowhere", None),
    ] {
        assert!(reply
            .header("content-security-policy")
            .is_some_and(|policy| policy.contains("default-src 'self'")
                && policy.contains("frame-ancestors 'none'")));
        assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    }
    assert_eq!(server.get("/nowhere", None).status, 404);

    // Reading needs a token unless --public-read.
    assert_eq!(server.get("/api/events", None).status, 401);
    assert_eq!(server.get("/api/events", Some("plc_wrong")).status, 401);
    assert_eq!(server.get("/api/events", Some(&reader)).status, 200);

    // Pages: every event once, in the order of `placard events`, whatever
    // the page size.
    let everything = cli_ids(dir, &[]);
    assert!(everything.len() > 40, "{}", everything.len());
    for limit in [1, 7, 500] {
        assert_eq!(
            walk(&server, &reader, "", limit),
            everything,
            "limit {limit}"
        );
    }
    // A limit above the cap is capped, not refused.
    let capped = server.get("/api/events?limit=100000", Some(&reader));
    assert_eq!(capped.status, 200);
    assert_eq!(ids(&capped.json()).len(), everything.len().min(500));

    // Filters agree with the command line, which shares the store's SQL.
    for (query, flags) in [
        ("kind=protest", vec!["--kind", "protest"]),
        ("country=ru", vec!["--country", "RU"]),
        ("place=moscow", vec!["--place", "Moscow"]),
        (
            "since=2021-01-01&until=2021-12-31",
            vec!["--since", "2021-01-01", "--until", "2021-12-31"],
        ),
        ("group=students", vec!["--group", "students"]),
        ("status=unreviewed", vec![]),
        (
            "kind=arrest&country=RU",
            vec!["--kind", "arrest", "--country", "RU"],
        ),
    ] {
        let expected = cli_ids(dir, &flags);
        assert!(!expected.is_empty(), "{query}");
        assert_eq!(walk(&server, &reader, query, 5), expected, "{query}");
    }
    // Filters the command line lacks: check what they return.
    let events = |query: &str| -> Vec<Value> {
        let reply = server.get(&format!("/api/events?limit=500&{query}"), Some(&reader));
        assert_eq!(reply.status, 200, "{query}: {}", reply.text());
        reply.json()["events"].as_array().unwrap().clone()
    };
    let marches = events("mode=march");
    assert!(!marches.is_empty());
    assert!(marches.iter().all(|event| event["mode"] == "march"));
    let big = events("size_min=1000");
    assert!(!big.is_empty());
    assert!(big
        .iter()
        .all(|event| event["size"]["high"].as_u64().unwrap() >= 1000));
    let small = events("size_max=50");
    assert!(small
        .iter()
        .all(|event| event["size"]["low"].as_u64().unwrap() <= 50));
    let navalny = events("q=navalny");
    assert!(!navalny.is_empty());
    assert!(navalny.len() < everything.len());
    assert!(events("status=accepted").is_empty());

    // Malformed parameters: 400, naming the parameter.
    for (query, parameter) in [
        ("since=2021-13-01", "since"),
        ("until=yesterday", "until"),
        ("kind=picnic", "kind"),
        ("group=aliens", "group"),
        ("status=maybe", "status"),
        ("country=Russia", "country"),
        ("size_min=-5", "size_min"),
        ("size_max=lots", "size_max"),
        ("size_min=10&size_max=5", "size_min"),
        ("limit=0", "limit"),
        ("limit=ten", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        ("colour=red", "colour"),
        ("kind=protest&kind=arrest", "kind"),
    ] {
        assert_bad_parameter(
            &server.get(&format!("/api/events?{query}"), Some(&reader)),
            parameter,
        );
    }
    assert_bad_parameter(
        &server.get("/api/stats?bucket=month", Some(&reader)),
        "bucket",
    );
    assert_bad_parameter(
        &server.get("/api/export?format=xlsx", Some(&reader)),
        "format",
    );
    assert_bad_parameter(&server.get("/api/export", Some(&reader)), "format");

    // SQL injection in every filter: no extra rows, never a 500, and the
    // database is intact afterwards.
    let attacks = [
        "' OR '1'='1",
        "' OR 1=1 --",
        "x'); DROP TABLE events; --",
        "\" OR \"\"=\"",
        "%",
        "_",
        "*",
        "1 UNION SELECT event_id, place_name, json FROM events",
        "protest' --",
        "RU' OR 'a'='a",
    ];
    for parameter in [
        "since", "until", "kind", "mode", "country", "place", "group", "size_min", "size_max", "q",
        "status", "cursor",
    ] {
        for attack in attacks {
            let target = format!("/api/events?limit=500&{parameter}={}", encode(attack));
            let reply = server.get(&target, Some(&reader));
            assert!(
                reply.status == 200 || reply.status == 400,
                "{target}: {} {}",
                reply.status,
                reply.text()
            );
            if reply.status == 200 {
                let events = reply.json()["events"].as_array().unwrap().clone();
                if parameter == "q" {
                    // Text search is a literal substring: "_" finds
                    // "police_action", but "%" is no wildcard.
                    for event in &events {
                        let text = event.to_string().to_lowercase();
                        assert!(text.contains(&attack.to_lowercase()), "{target}: {event}");
                    }
                } else {
                    assert!(events.is_empty(), "{target} returned rows");
                }
            }
            for route in ["/api/stats", "/api/export?format=jsonl&x=1"] {
                let joiner = if route.contains('?') { '&' } else { '?' };
                let target = format!("{route}{joiner}{parameter}={}", encode(attack));
                let status = server.get(&target, Some(&reader)).status;
                assert!(status == 200 || status == 400, "{target}: {status}");
            }
        }
    }
    assert_eq!(walk(&server, &reader, "", 500), everything);

    // Stats count the same events.
    let stats = server.get("/api/stats?bucket=day", Some(&reader)).json();
    assert_eq!(stats["total"].as_u64().unwrap() as usize, everything.len());
    let n_protests = stats["by_kind"]
        .as_array()
        .unwrap()
        .iter()
        .find(|count| count["key"] == "protest")
        .unwrap()["n"]
        .as_u64()
        .unwrap() as usize;
    assert_eq!(n_protests, cli_ids(dir, &["--kind", "protest"]).len());
    let weekly = server.get("/api/stats?country=RU", Some(&reader)).json();
    assert_eq!(weekly["bucket"], "week");

    // One event with its reports, evidence and articles.
    let busiest = walk(&server, &reader, "kind=protest", 500)
        .into_iter()
        .map(|id| {
            server
                .get(&format!("/api/events/{id}"), Some(&reader))
                .json()
        })
        .max_by_key(|detail| detail["reports"].as_array().unwrap().len())
        .unwrap();
    let reports = busiest["reports"].as_array().unwrap();
    assert!(reports.len() >= 2);
    assert!(reports
        .iter()
        .all(|report| !report["evidence"].as_array().unwrap().is_empty()));
    assert!(reports.iter().all(|report| report["sources"].is_array()));
    let articles = busiest["articles"].as_array().unwrap();
    assert!(!articles.is_empty());
    assert!(articles.iter().all(|article| article["text"]
        .as_str()
        .is_some_and(|text| !text.is_empty())));
    let missing = server.get("/api/events/e-0000000000000000", Some(&reader));
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"]["code"], "not_found");

    // Markup in an article is data: a JSON string, never HTML.
    let article = server.get("/api/articles/xss-1", Some(&reader));
    assert_eq!(article.status, 200);
    assert!(article
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let body = article.json();
    assert!(body["text"]
        .as_str()
        .unwrap()
        .contains("<script>alert('x')</script>"));
    assert!(body["title"].as_str().unwrap().contains("onerror=alert(1)"));
    assert!(!article.text().trim_start().starts_with('<'));
    assert_eq!(server.get("/api/articles/nope", Some(&reader)).status, 404);

    // Exports are downloads, byte for byte what `placard events` writes.
    for (format, content_type) in [
        ("csv", "text/csv"),
        ("jsonl", "application/x-ndjson"),
        ("geojson", "application/geo+json"),
        ("plover", "application/x-ndjson"),
        ("acled", "text/csv"),
    ] {
        let reply = server.get(
            &format!("/api/export?format={format}&kind=protest"),
            Some(&reader),
        );
        assert_eq!(reply.status, 200, "{format}");
        assert!(reply
            .header("content-type")
            .unwrap()
            .starts_with(content_type));
        assert!(reply
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment; filename="));
        let cli = placard(
            dir,
            &[
                "events",
                "--db",
                "placard.db",
                "--format",
                format,
                "--kind",
                "protest",
            ],
            None,
        );
        assert_eq!(reply.body, cli.stdout, "{format}");
    }

    // The OpenAPI document is OpenAPI 3 JSON, and every route in it is served.
    let document = server.get("/openapi.json", None).json();
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    let some_event = &everything[0];
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            let target = path
                .replace("/api/events/{id}", &format!("/api/events/{some_event}"))
                .replace("/api/articles/{id}", "/api/articles/xss-1")
                .replace("{id}", "999999");
            let reply = server.request(&method.to_ascii_uppercase(), &target, None, Some("{}"));
            // Without a token every route answers 401: it exists and is guarded.
            assert_eq!(reply.status, 401, "{method} {target}: {}", reply.text());
        }
    }
    drop(server);

    // With --public-read, reading needs no token; writing still does.
    let public = Server::start(dir, &["--public-read"]);
    assert_eq!(public.get("/api/events?limit=3", None).status, 200);
    assert_eq!(public.get("/api/articles/xss-1", None).status, 200);
    let write = public.request(
        "POST",
        &format!("/api/events/{some_event}/accept"),
        None,
        None,
    );
    assert_eq!(write.status, 401);
    assert_eq!(
        write.header("www-authenticate"),
        Some("Bearer realm=\"placard\"")
    );
}

/// The event (as JSON) holding `report_id` in `placard events --format jsonl`.
fn event_holding(events: &[Value], report_id: &str) -> Value {
    events
        .iter()
        .find(|event| {
            event["reports"]
                .as_array()
                .unwrap()
                .iter()
                .any(|report| report == report_id)
        })
        .unwrap_or_else(|| panic!("no event holds {report_id}"))
        .clone()
}

fn cli_events(dir: &Path) -> Vec<Value> {
    let output = placard(
        dir,
        &["events", "--db", "placard.db", "--format", "jsonl"],
        None,
    );
    stdout(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn reports_of(event: &Value) -> Vec<String> {
    event["reports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|report| report.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn review_needs_roles_is_audited_and_survives_reingest() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    ingest(dir, "");
    let coder = token(dir, "coder", "ana");
    let admin = token(dir, "admin", "root");
    let server = Server::start(dir, &[]);

    let events = cli_events(dir);
    let multi: Vec<&Value> = events
        .iter()
        .filter(|event| reports_of(event).len() >= 2)
        .collect();
    let singles: Vec<&Value> = events
        .iter()
        .filter(|event| reports_of(event).len() == 1)
        .collect();
    assert!(multi.len() >= 2 && singles.len() >= 5);
    let id = |event: &Value| event["event_id"].as_str().unwrap().to_owned();

    // Writes without a token, or with a wrong one: 401.
    let split_target = format!("/api/events/{}/split", id(multi[0]));
    let split_off = reports_of(multi[0]).last().unwrap().clone();
    let split_body = format!("{{\"report_id\": \"{split_off}\"}}");
    for bad in [None, Some("plc_forged")] {
        assert_eq!(
            server
                .request("POST", &split_target, bad, Some(&split_body))
                .status,
            401
        );
    }
    // A coder may not do admin things: 403.
    let new_token = r#"{"name": "bob", "role": "coder"}"#;
    assert_eq!(
        server
            .request("POST", "/api/tokens", Some(&coder), Some(new_token))
            .status,
        403
    );
    assert_eq!(
        server
            .request("DELETE", "/api/audit/1", Some(&coder), None)
            .status,
        403
    );
    // An admin may.
    let created = server.request("POST", "/api/tokens", Some(&admin), Some(new_token));
    assert_eq!(created.status, 201, "{}", created.text());
    let bob = created.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(server.get("/api/events?limit=1", Some(&bob)).status, 200);
    assert_eq!(
        server
            .request("POST", "/api/tokens", Some(&admin), Some(new_token))
            .status,
        409
    );

    // Bad review bodies: 400, and nothing stored.
    for (route, body) in [
        ("edit", r#"{"field": "size", "low": 9, "high": 3}"#),
        ("edit", r#"{"field": "kind", "value": "picnic"}"#),
        ("edit", r#"{"field": "colour", "value": "red"}"#),
        ("edit", "not json"),
        ("merge", r#"{"other": "e-nope"}"#),
        ("split", r#"{"report_id": "r-nope"}"#),
    ] {
        let target = format!("/api/events/{}/{route}", id(multi[1]));
        let reply = server.request("POST", &target, Some(&coder), Some(body));
        assert_eq!(reply.status, 400, "{route} {body}: {}", reply.text());
    }
    let one_report = format!("/api/events/{}/split", id(singles[0]));
    let only = reports_of(singles[0])[0].clone();
    let reply = server.request(
        "POST",
        &one_report,
        Some(&coder),
        Some(&format!("{{\"report_id\": \"{only}\"}}")),
    );
    assert_eq!(reply.status, 409);

    // The decisions.
    let post = |target: String, body: &str| {
        let reply = server.request("POST", &target, Some(&coder), Some(body));
        assert_eq!(reply.status, 200, "{target}: {}", reply.text());
        reply.json()
    };
    let split = post(split_target.clone(), &split_body);
    assert_eq!(reports_of(&split["event"]), [split_off.as_str()]);
    let accepted_anchor = reports_of(multi[1])[0].clone();
    let accepted = post(format!("/api/events/{}/accept", id(multi[1])), "");
    assert_eq!(accepted["event"]["status"], "accepted");
    let rejected_anchor = reports_of(singles[0])[0].clone();
    post(format!("/api/events/{}/reject", id(singles[0])), "");
    let edited_anchor = reports_of(singles[1])[0].clone();
    let edited = post(
        format!("/api/events/{}/edit", id(singles[1])),
        r#"{"field": "size", "low": 111, "high": 222}"#,
    );
    assert_eq!(edited["event"]["size"]["low"], 111);
    post(
        format!("/api/events/{}/edit", id(singles[1])),
        r#"{"field": "place_name", "value": "Somewhere <b>bold</b>"}"#,
    );
    // Accepts, rejects and edits rewrite only their own event; a full
    // rebuild (re-ingesting the same input) must find nothing to change,
    // in the events or in the columns their filters use.
    let incremental = cli_events(dir);
    let by_status = |status: &str| cli_ids(dir, &["--status", status]);
    let statuses = (by_status("accepted"), by_status("rejected"));
    assert_eq!((statuses.0.len(), statuses.1.len()), (1, 1));
    ingest(dir, "");
    assert_eq!(cli_events(dir), incremental);
    assert_eq!((by_status("accepted"), by_status("rejected")), statuses);
    let merged_reports: Vec<String> = [singles[2], singles[3]]
        .iter()
        .flat_map(|event| reports_of(event))
        .collect();
    let merged = post(
        format!("/api/events/{}/merge", id(singles[2])),
        &format!("{{\"other\": \"{}\"}}", id(singles[3])),
    );
    let mut got = reports_of(&merged["event"]);
    got.sort();
    let mut want = merged_reports.clone();
    want.sort();
    assert_eq!(got, want);

    // Audited: who, what, before and after.
    let log = server.get("/api/audit", Some(&coder)).json();
    let log = log.as_array().unwrap();
    let decisions: Vec<&Value> = log
        .iter()
        .filter(|entry| entry["decision_id"].is_number())
        .collect();
    assert_eq!(decisions.len(), 6);
    assert!(decisions.iter().all(|entry| entry["who"] == "ana"));
    assert!(decisions
        .iter()
        .all(|entry| entry["before"].is_array() && entry["after"].is_object()));
    assert!(log
        .iter()
        .any(|entry| entry["action"] == "token_create" && entry["who"] == "root"));
    let first_id = log.last().unwrap()["audit_id"].as_i64().unwrap();
    assert_eq!(
        server
            .request(
                "DELETE",
                &format!("/api/audit/{first_id}"),
                Some(&admin),
                None
            )
            .status,
        204
    );
    drop(server);

    // What the decisions say, checked on `placard events` output.
    let check = |events: &[Value]| {
        assert_eq!(
            reports_of(&event_holding(events, &split_off)),
            [split_off.as_str()]
        );
        assert_eq!(
            event_holding(events, &accepted_anchor)["status"],
            "accepted"
        );
        assert_eq!(
            event_holding(events, &rejected_anchor)["status"],
            "rejected"
        );
        let edited = event_holding(events, &edited_anchor);
        assert_eq!(edited["size"]["low"], 111);
        assert_eq!(edited["size"]["high"], 222);
        assert_eq!(edited["place"]["name"], "Somewhere <b>bold</b>");
        let merged = event_holding(events, &merged_reports[0]);
        for report_id in &merged_reports {
            assert!(reports_of(&merged).contains(report_id), "{report_id}");
        }
    };
    let before = cli_events(dir);
    check(&before);
    let table = stdout(&placard(dir, &["events", "--db", "placard.db"], None));
    assert!(table.contains("accepted") && table.contains("rejected"));

    // Re-ingest the same input plus a new article: every decision holds.
    ingest(
        dir,
        &format!(
            "{}\n",
            serde_json::json!({
                "id": "new-1", "outlet": "Late Wire", "published": "2021-01-24T09:00:00Z",
                "language": "en", "text": crate::REPORT_MOSCOW,
            })
        ),
    );
    let after = cli_events(dir);
    check(&after);
    assert!(after.iter().any(|event| event["articles"]
        .as_array()
        .unwrap()
        .iter()
        .any(|id| id == "new-1")));
    // The accepted and rejected events filter by status on the command line.
    let accepted = cli_ids(dir, &["--status", "accepted"]);
    assert_eq!(accepted.len(), 1);
    assert_eq!(cli_ids(dir, &["--status", "rejected"]).len(), 1);
}

#[test]
fn serving_a_missing_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = placard(
        dir.path(),
        &["serve", "--db", "nope.db", "--addr", "127.0.0.1:0"],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("does not exist"));
}
