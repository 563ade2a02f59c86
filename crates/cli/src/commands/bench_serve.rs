//! `placard bench --serve N`: the API load benchmark. Writes N generated
//! events into a database (or reuses one given with `--db` that holds
//! them), starts the real `placard serve` on it, and has `--clients`
//! threads send requests as fast as answers come, each on its own
//! connection per request, then prints latency percentiles per route.
//!
//! The events are made up, not extracted: a kind, a mode, a day over ten
//! years (one in twenty undated), one of 5,000 places in 40 countries,
//! groups, a size range, a claim and publishers; they rest on no reports,
//! which the API does not need for listing, counting or showing them.

use anyhow::{bail, Context, Result};
use placard_engine::{
    ActorGroup, CountRange, DatePrecision, DateValue, Event, Kind, PlacePrecision, PlaceValue,
    ReviewStatus,
};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const N_PLACES: u64 = 5_000;
const N_COUNTRIES: u64 = 40;
const N_DAYS: i64 = 3_650;

/// Settings of the serve benchmark.
pub struct ServeBench {
    /// Events to generate.
    pub n_events: usize,
    /// Concurrent clients.
    pub clients: usize,
    /// Requests each client sends.
    pub requests_per_client: usize,
    /// A database to reuse (generated into when it holds no events).
    pub db: Option<PathBuf>,
    /// Seed of the generator.
    pub seed: u64,
}

fn country(index: u64) -> String {
    let first = b'A' + (index / 26) as u8;
    let second = b'A' + (index % 26) as u8;
    String::from_utf8(vec![first, second]).unwrap_or_default()
}

fn event_id(index: usize) -> String {
    placard_engine::text::stable_id("e", &["bench", &index.to_string()])
}

fn generate_event(rng: &mut fastrand::Rng, index: usize) -> Event {
    let kind = Kind::ALL[rng.usize(..Kind::ALL.len())];
    let place = rng.u64(..N_PLACES);
    let date = (rng.u8(..20) != 0).then(|| {
        let start = chrono::NaiveDate::from_ymd_opt(2016, 1, 1).unwrap_or_default()
            + chrono::Duration::days(rng.i64(0..N_DAYS));
        let end = start + chrono::Duration::days(if rng.u8(..10) == 0 { 2 } else { 0 });
        DateValue {
            start: start.to_string(),
            end: end.to_string(),
            precision: if start == end {
                DatePrecision::Day
            } else {
                DatePrecision::Days
            },
            text: Some("on Saturday".to_owned()),
            span: Some([10, 21]),
            derived_from: None,
        }
    });
    let low = rng.u64(1..5_000);
    let size = (kind == Kind::Protest).then(|| CountRange {
        low,
        high: low + rng.u64(..low + 1),
        by_report: Vec::new(),
    });
    let group = ActorGroup::ALL[rng.usize(..ActorGroup::ALL.len())];
    Event {
        event_id: event_id(index),
        kind,
        mode: (kind == Kind::Protest)
            .then(|| ["demo", "march", "picket", "strike"][rng.usize(..4)].to_owned()),
        date,
        place: Some(PlaceValue {
            text: format!("Town{place}"),
            span: [30, 30 + 4 + place.to_string().len()],
            name: format!("Town{place}"),
            geonames_id: Some(100_000 + place),
            country: Some(country(place % N_COUNTRIES)),
            admin1: Some(format!("Region{}", place % 400)),
            lat: Some(-60.0 + (place as f64) * 0.024),
            lon: Some(-170.0 + (place as f64) * 0.068),
            precision: PlacePrecision::City,
            derived_from: None,
        }),
        actor_groups: vec![group],
        size,
        detained: None,
        claims: vec![format!("demand number {}", rng.u32(..1_000))],
        reasons: Vec::new(),
        conditions: Vec::new(),
        reports: Vec::new(),
        articles: Vec::new(),
        publishers: vec![format!("Outlet{}", rng.u32(..300))],
        independent_sources: 1,
        source_roots: vec![format!("Outlet{}", rng.u32(..300))],
        response_to: Vec::new(),
        status: match rng.u8(..10) {
            0 => ReviewStatus::Accepted,
            1 => ReviewStatus::Rejected,
            _ => ReviewStatus::Unreviewed,
        },
    }
}

/// Runs the benchmark and prints its figures.
pub fn run(bench: ServeBench) -> Result<u8> {
    let mut stdout = std::io::stdout().lock();
    let temporary = match &bench.db {
        Some(_) => None,
        None => Some(temporary_dir()?),
    };
    let db = match (&bench.db, &temporary) {
        (Some(db), _) => db.clone(),
        (None, Some(dir)) => dir.join("bench.db"),
        (None, None) => bail!("no database"),
    };
    let mut store = super::open_store(&db)?;
    let n_stored = store.counts()?.events;
    if n_stored == 0 {
        let started = Instant::now();
        let mut rng = fastrand::Rng::with_seed(bench.seed);
        let events: Vec<Event> = (0..bench.n_events)
            .map(|index| generate_event(&mut rng, index))
            .collect();
        store.replace_events(&events)?;
        writeln!(
            stdout,
            "generated and stored {} events in {:.1} s ({})",
            events.len(),
            started.elapsed().as_secs_f64(),
            db.display()
        )?;
    } else {
        writeln!(stdout, "reusing {} with {n_stored} events", db.display())?;
    }
    let n_events = store.counts()?.events;
    drop(store);
    stdout.flush()?;

    let mut server = Command::new(std::env::current_exe()?)
        .args(["serve", "--public-read", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .context("starting placard serve")?;
    let mut line = String::new();
    if let Some(stderr) = server.stderr.take() {
        BufReader::new(stderr).read_line(&mut line)?;
    }
    let Some(addr) = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .map(str::to_owned)
    else {
        let _ = server.kill();
        bail!("placard serve did not start: {line}");
    };

    let started = Instant::now();
    let results: Vec<Vec<(&'static str, Duration, u16)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..bench.clients)
            .map(|client| {
                let addr = addr.clone();
                let seed = bench.seed + client as u64;
                scope.spawn(move || client_run(&addr, seed, bench.requests_per_client, n_events))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap_or_default())
            .collect()
    });
    let elapsed = started.elapsed();
    let _ = server.kill();
    let _ = server.wait();

    let mut by_route: BTreeMap<&str, Vec<Duration>> = BTreeMap::new();
    let mut failures: BTreeMap<(&str, u16), usize> = BTreeMap::new();
    let mut n_requests = 0;
    for (route, latency, status) in results.into_iter().flatten() {
        n_requests += 1;
        if status != 200 {
            *failures.entry((route, status)).or_default() += 1;
        }
        by_route.entry(route).or_default().push(latency);
        by_route.entry("all").or_default().push(latency);
        if route.starts_with("events") {
            // The goal of issue 7 is about these: every filtered list.
            by_route.entry("all event lists").or_default().push(latency);
        }
    }
    writeln!(
        stdout,
        "{n_requests} requests from {} clients in {:.1} s: {:.0} requests/s over {n_events} events",
        bench.clients,
        elapsed.as_secs_f64(),
        n_requests as f64 / elapsed.as_secs_f64()
    )?;
    writeln!(
        stdout,
        "{:<28} {:>7} {:>9} {:>9} {:>9} {:>9}",
        "route", "n", "p50 ms", "p95 ms", "p99 ms", "max ms"
    )?;
    for (route, mut latencies) in by_route {
        latencies.sort();
        let at = |quantile: f64| {
            let index = ((latencies.len() as f64 - 1.0) * quantile).round() as usize;
            latencies[index].as_secs_f64() * 1000.0
        };
        writeln!(
            stdout,
            "{route:<28} {:>7} {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
            latencies.len(),
            at(0.5),
            at(0.95),
            at(0.99),
            at(1.0)
        )?;
    }
    for ((route, status), n) in failures {
        writeln!(stdout, "not 200: {route} answered {status} {n} times")?;
    }
    if let Some(dir) = temporary {
        std::fs::remove_dir_all(dir)?;
    }
    Ok(0)
}

/// A fresh directory for the generated database, removed at the end.
fn temporary_dir() -> Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("placard-bench-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// One client: a fixed mix of routes, in turn, shaped like the dashboard's
/// traffic. Eight in ten requests list events: the first page, then the
/// filters a reader combines (kind, country, a date range, a place, a size
/// range with a status, free text) and next pages that follow the cursor
/// of the client's previous list with the same filter. The other two show
/// one event and count one country's events.
fn client_run(
    addr: &str,
    seed: u64,
    n_requests: usize,
    n_events: usize,
) -> Vec<(&'static str, Duration, u16)> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut results = Vec::with_capacity(n_requests);
    // The previous list's query (without cursor) and its next cursor.
    let mut previous: Option<(String, String)> = None;
    for turn in 0..n_requests {
        let country = country(rng.u64(..N_COUNTRIES));
        let year = 2016 + rng.u32(..10);
        let (route, query) = match turn % 10 {
            0 => ("events first page", "limit=50".to_owned()),
            1 => {
                let kind = Kind::ALL[rng.usize(..Kind::ALL.len())].as_str();
                (
                    "events kind+country",
                    format!("kind={kind}&country={country}&limit=50"),
                )
            }
            2 => {
                let month = 1 + rng.u32(..12);
                (
                    "events date range",
                    format!("since={year}-{month:02}-01&until={year}-{month:02}-28&limit=50"),
                )
            }
            3 | 6 => match &previous {
                Some((query, cursor)) => ("events next page", format!("{query}&cursor={cursor}")),
                None => ("events next page", format!("country={country}&limit=50")),
            },
            4 => (
                // Lower case: the dashboard sends what the reader typed.
                "events place+years",
                format!(
                    "place=town{}&since={year}-01-01&until={}-12-31&limit=50",
                    rng.u64(..N_PLACES),
                    year + 2
                ),
            ),
            5 => {
                // Words of the generated events: an outlet (publisher or
                // source, about one event in 150) or a claim (one in 90),
                // alone or within a country.
                let text = if rng.bool() {
                    format!("outlet{}", rng.u32(..300))
                } else {
                    format!("demand+number+{}", rng.u32(..1_000))
                };
                let within = if rng.bool() {
                    format!("&country={country}")
                } else {
                    String::new()
                };
                ("events text", format!("q={text}{within}&limit=50"))
            }
            7 => (
                "events status+size",
                format!("status=accepted&size_min=1000&size_max=20000&country={country}&limit=50"),
            ),
            8 => ("event by id", String::new()),
            _ => (
                "stats one country",
                format!("country={country}&bucket=week"),
            ),
        };
        let target = match route {
            "event by id" => format!("/api/events/{}", event_id(rng.usize(..n_events.max(1)))),
            "stats one country" => format!("/api/stats?{query}"),
            _ => format!("/api/events?{query}"),
        };
        let started = Instant::now();
        let (status, body) = get(addr, &target).unwrap_or((0, Vec::new()));
        results.push((route, started.elapsed(), status));
        if route.starts_with("events") && status == 200 {
            // The next "next page" continues this list. The clients share
            // the cores with the server, so they find the cursor (hex
            // digits) without parsing the whole page.
            let filter = match query.split_once("&cursor=") {
                Some((filter, _)) => filter.to_owned(),
                None => query,
            };
            previous = next_cursor(&body).map(|cursor| (filter, cursor));
        }
    }
    results
}

/// The `next_cursor` of a page of events, found by its key.
fn next_cursor(body: &[u8]) -> Option<String> {
    let key = b"\"next_cursor\":\"";
    let start = body.windows(key.len()).position(|window| window == key)? + key.len();
    let length = body[start..].iter().position(|&byte| byte == b'"')?;
    String::from_utf8(body[start..start + length].to_vec()).ok()
}

/// A GET over a fresh connection: the status and the body.
fn get(addr: &str, target: &str) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(addr)?;
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]);
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    Ok((status, raw.get(split + 4..).unwrap_or_default().to_vec()))
}
