//! Polite HTTP GETs for `placard watch`: each site's robots.txt obeyed
//! (its rules for us and its `Crawl-delay`), conditional requests, a delay
//! between requests to one host, connect and read timeouts, bounded retries
//! with exponential backoff, bounded redirects and a cap on what a response
//! may inflate to. Every failure is a reason (a `String`) for a counted
//! skip, never a panic or an aborted poll.

use flate2::read::{MultiGzDecoder, ZlibDecoder};
use std::collections::HashMap;
use std::io::Read;
use std::time::{Duration, Instant};
use ureq::ResponseExt;

/// How politely and how patiently to fetch.
#[derive(Clone, Debug)]
pub struct FetchConfig {
    /// Longest wait for a connection.
    pub connect_timeout: Duration,
    /// Longest wait for any one read (headers or body).
    pub read_timeout: Duration,
    /// Retries after a 5xx, a 429, a timeout or a broken connection.
    pub retries: u32,
    /// The first retry's wait; each further retry waits twice as long.
    pub backoff: Duration,
    /// Redirects followed at most.
    pub max_redirects: u32,
    /// Largest response body, after inflating gzip or deflate.
    pub max_bytes: usize,
    /// Least time between the end of one request to a host and the start
    /// of the next.
    pub host_delay: Duration,
}

/// What the last response said about a resource, sent back so that an
/// unchanged resource costs a 304 and nothing more.
#[derive(Clone, Debug, Default)]
pub struct Validators {
    /// The `ETag`, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified`, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// A successful response.
#[derive(Debug)]
pub struct Body {
    /// The body, inflated.
    pub bytes: Vec<u8>,
    /// The `Content-Type`'s media type, lower-cased, if any.
    pub mime: Option<String>,
    /// The `Content-Type`'s charset, if any.
    pub charset: Option<String>,
    /// Where the body came from after redirects.
    pub final_url: String,
    /// The validators to send next time.
    pub validators: Validators,
}

/// What a GET gave.
#[derive(Debug)]
pub enum Fetched {
    /// 304: the resource is as it was.
    NotModified,
    /// 2xx with its body.
    Body(Body),
}

/// Why a GET gave nothing.
#[derive(Debug)]
pub struct FetchError {
    /// For people: "HTTP 500 (after 3 attempts)".
    pub reason: String,
    /// Whether asking again later may help (timeouts, 5xx, broken
    /// connections), as opposed to a 404 or an oversized body.
    pub transient: bool,
}

impl FetchError {
    fn permanent(reason: impl Into<String>) -> FetchError {
        FetchError {
            reason: reason.into(),
            transient: false,
        }
    }
}

/// One attempt's outcome: final, or worth another try (after at least the
/// wait the server asked for with `Retry-After`, if any).
enum Attempt {
    Done(Result<Fetched, String>),
    Retry(String, Option<Duration>),
}

/// The longest `Retry-After` obeyed; a server asking for more is treated
/// as failing for this poll.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// The product token robots.txt rules name us by (`User-agent:
/// placard-watch`); the `User-Agent` header is this with the version.
const ROBOTS_AGENT: &str = "placard-watch";

/// How long a site's robots.txt is trusted before it is asked for again
/// (RFC 9309 asks crawlers not to cache it for more than a day).
const ROBOTS_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// The longest `Crawl-delay` obeyed; a site asking for more is asked at
/// this pace (and a watch polls every few minutes anyway).
const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

/// What one site's robots.txt says, and when it was read.
struct SiteRules {
    /// `None` when the site has no rules for us: no robots.txt (a 4xx), or
    /// one that does not parse.
    robot: Option<texting_robots::Robot>,
    read_at: Instant,
}

/// A blocking HTTP client that remembers when it last asked each host and
/// what each site's robots.txt says.
pub struct Fetcher {
    agent: ureq::Agent,
    config: FetchConfig,
    last_request: HashMap<String, Instant>,
    /// By robots.txt URL (scheme, host and port).
    robots: HashMap<String, SiteRules>,
    /// By host, from `Crawl-delay`, when longer than the configured delay.
    crawl_delay: HashMap<String, Duration>,
    /// Requests sent, retries and robots.txt included.
    pub n_requests: usize,
}

impl Fetcher {
    /// A client with `config`'s timeouts and redirect bound.
    pub fn new(config: FetchConfig) -> Fetcher {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(config.max_redirects)
            .timeout_connect(Some(config.connect_timeout))
            .timeout_recv_response(Some(config.read_timeout))
            .timeout_per_read(Some(config.read_timeout))
            .user_agent(concat!("placard-watch/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Fetcher {
            agent,
            config,
            last_request: HashMap::new(),
            robots: HashMap::new(),
            crawl_delay: HashMap::new(),
            n_requests: 0,
        }
    }

    /// GETs `url` if the site's robots.txt lets us, conditionally when
    /// `validators` hold anything, retrying transient failures with
    /// exponential backoff; `Err` says why not.
    pub fn get(&mut self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let host = host_of(url)
            .ok_or_else(|| FetchError::permanent(format!("not an http(s) URL: {url}")))?;
        self.check_robots(url, &host)?;
        let mut n_attempts = 0u32;
        loop {
            n_attempts += 1;
            self.wait_for(&host);
            self.n_requests += 1;
            let outcome = self.attempt(url, validators);
            self.last_request.insert(host.clone(), Instant::now());
            match outcome {
                Attempt::Done(result) => return result.map_err(FetchError::permanent),
                Attempt::Retry(_, Some(asked)) if asked > MAX_RETRY_AFTER => {
                    return Err(FetchError {
                        reason: format!("the server asks to retry after {} s", asked.as_secs()),
                        transient: true,
                    });
                }
                Attempt::Retry(_, asked) if n_attempts <= self.config.retries => {
                    let factor = 1u32 << (n_attempts - 1).min(16);
                    let backoff = self.config.backoff.saturating_mul(factor);
                    std::thread::sleep(backoff.max(asked.unwrap_or_default()));
                }
                Attempt::Retry(reason, _) => {
                    let plural = if n_attempts == 1 { "" } else { "s" };
                    return Err(FetchError {
                        reason: format!("{reason} (after {n_attempts} attempt{plural})"),
                        transient: true,
                    });
                }
            }
        }
    }

    /// Whether robots.txt lets us fetch `url`, reading the site's rules
    /// first when they are not known or more than a day old. Following
    /// RFC 9309: a robots.txt answering 4xx means no rules; one that cannot
    /// be reached (5xx, timeout) means nothing may be fetched for now, a
    /// transient failure, and it is asked for again next time.
    fn check_robots(&mut self, url: &str, host: &str) -> Result<(), FetchError> {
        let Ok(robots_url) = texting_robots::get_robots_url(url) else {
            return Ok(());
        };
        let known = self
            .robots
            .get(&robots_url)
            .is_some_and(|rules| rules.read_at.elapsed() < ROBOTS_TTL);
        if !known {
            let rules = self.read_robots(&robots_url, host)?;
            self.robots.insert(robots_url.clone(), rules);
        }
        match self
            .robots
            .get(&robots_url)
            .and_then(|rules| rules.robot.as_ref())
        {
            Some(robot) if !robot.allowed(url) => Err(FetchError::permanent(format!(
                "disallowed for {ROBOTS_AGENT} by {robots_url}"
            ))),
            _ => Ok(()),
        }
    }

    /// Fetches and parses one robots.txt (a single attempt: the feed or
    /// page it guards is retried next poll anyway).
    fn read_robots(&mut self, robots_url: &str, host: &str) -> Result<SiteRules, FetchError> {
        self.wait_for(host);
        self.n_requests += 1;
        let outcome = self.attempt(robots_url, &Validators::default());
        self.last_request.insert(host.to_owned(), Instant::now());
        let robot = match outcome {
            Attempt::Done(Ok(Fetched::Body(body))) => {
                texting_robots::Robot::new(ROBOTS_AGENT, &body.bytes).ok()
            }
            // A 4xx, an oversized or undecodable file: no usable rules.
            Attempt::Done(_) => None,
            Attempt::Retry(reason, _) => {
                return Err(FetchError {
                    reason: format!("{robots_url} could not be read ({reason}), so nothing on the site is fetched for now"),
                    transient: true,
                })
            }
        };
        let delay = robot
            .as_ref()
            .and_then(|robot| robot.delay)
            .filter(|seconds| seconds.is_finite() && *seconds > 0.0)
            .map(|seconds| Duration::from_secs_f32(seconds).min(MAX_CRAWL_DELAY));
        match delay {
            Some(delay) => self.crawl_delay.insert(host.to_owned(), delay),
            None => self.crawl_delay.remove(host),
        };
        Ok(SiteRules {
            robot,
            read_at: Instant::now(),
        })
    }

    /// Sleeps until `host` may be asked again: the configured delay, or the
    /// site's `Crawl-delay` when longer.
    fn wait_for(&self, host: &str) {
        if let Some(last) = self.last_request.get(host) {
            let delay = self
                .crawl_delay
                .get(host)
                .map_or(self.config.host_delay, |asked| {
                    (*asked).max(self.config.host_delay)
                });
            let ready = *last + delay;
            let now = Instant::now();
            if ready > now {
                std::thread::sleep(ready - now);
            }
        }
    }

    fn attempt(&self, url: &str, validators: &Validators) -> Attempt {
        let mut request = self
            .agent
            .get(url)
            .header("Accept-Encoding", "gzip, deflate")
            .header(
                "Accept",
                "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5",
            );
        if let Some(etag) = &validators.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(last_modified) = &validators.last_modified {
            request = request.header("If-Modified-Since", last_modified);
        }
        let response = match request.call() {
            Ok(response) => response,
            Err(ureq::Error::Timeout(which)) => {
                return Attempt::Retry(format!("timed out ({which})"), None)
            }
            Err(ureq::Error::Io(error)) => {
                return Attempt::Retry(format!("connection failed: {error}"), None)
            }
            Err(ureq::Error::TooManyRedirects) => {
                return Attempt::Done(Err(format!(
                    "more than {} redirects",
                    self.config.max_redirects
                )))
            }
            Err(error) => return Attempt::Done(Err(error.to_string())),
        };
        let status = response.status().as_u16();
        match status {
            304 => return Attempt::Done(Ok(Fetched::NotModified)),
            200..=299 => {}
            429 | 500..=599 => {
                let asked = response
                    .headers()
                    .get("retry-after")
                    .and_then(|value| value.to_str().ok())
                    .and_then(|value| retry_after(value, chrono::Utc::now()));
                return Attempt::Retry(format!("HTTP {status}"), asked);
            }
            300..=399 => {
                return Attempt::Done(Err(format!(
                    "HTTP {status}: a redirect without a usable Location"
                )))
            }
            _ => return Attempt::Done(Err(format!("HTTP {status}"))),
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        let content_type = header("content-type");
        let mime = content_type.as_deref().map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        });
        let charset = content_type.as_deref().and_then(|value| {
            value.split(';').skip(1).find_map(|parameter| {
                let (key, value) = parameter.split_once('=')?;
                key.trim()
                    .eq_ignore_ascii_case("charset")
                    .then(|| value.trim().trim_matches(['"', '\'']).to_owned())
            })
        });
        let encoding = header("content-encoding").map(|value| value.to_ascii_lowercase());
        let validators = Validators {
            etag: header("etag"),
            last_modified: header("last-modified"),
        };
        let final_url = response.get_uri().to_string();
        let max_bytes = self.config.max_bytes;
        let cap = u64::try_from(max_bytes)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        let mut raw = Vec::new();
        if let Err(error) = response
            .into_body()
            .into_reader()
            .take(cap)
            .read_to_end(&mut raw)
        {
            return Attempt::Retry(format!("reading the body failed: {error}"), None);
        }
        if raw.len() > max_bytes {
            return Attempt::Done(Err(format!(
                "response larger than the limit of {max_bytes} bytes"
            )));
        }
        let bytes = match encoding.as_deref() {
            None | Some("identity") => raw,
            Some(coding @ ("gzip" | "x-gzip" | "deflate")) => {
                match inflate(&raw, coding, max_bytes) {
                    Ok(bytes) => bytes,
                    Err(reason) => return Attempt::Done(Err(reason)),
                }
            }
            Some(other) => {
                return Attempt::Done(Err(format!("unsupported content encoding {other}")))
            }
        };
        Attempt::Done(Ok(Fetched::Body(Body {
            bytes,
            mime,
            charset,
            final_url,
            validators,
        })))
    }
}

/// The wait a `Retry-After` header asks for: delay-seconds, or an HTTP
/// date (`Wed, 21 Oct 2026 07:28:00 GMT`), counted from `now`; a date in
/// the past asks for no wait. `None` for a value that is neither.
fn retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    // IMF-fixdate is RFC 2822's form with "GMT" as the zone.
    let when = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let wait = when.with_timezone(&chrono::Utc) - now;
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// Inflates a gzip or deflate body, refusing to go past `max_bytes` (a
/// decompression bomb stops there).
fn inflate(body: &[u8], coding: &str, max_bytes: usize) -> Result<Vec<u8>, String> {
    let cap = u64::try_from(max_bytes)
        .unwrap_or(u64::MAX)
        .saturating_add(1);
    let mut out = Vec::new();
    let result = if coding == "deflate" {
        ZlibDecoder::new(body).take(cap).read_to_end(&mut out)
    } else {
        MultiGzDecoder::new(body).take(cap).read_to_end(&mut out)
    };
    if let Err(error) = result {
        return Err(format!("cannot inflate the {coding} body: {error}"));
    }
    if out.len() > max_bytes {
        return Err(format!(
            "{coding} body inflates to more than the limit of {max_bytes} bytes"
        ));
    }
    Ok(out)
}

/// The host (and port) of an `http` or `https` URL, lower-cased.
pub fn host_of(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next().unwrap_or(authority);
    (!host.is_empty()).then(|| host.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_urls() {
        let hosts: Vec<Option<String>> = [
            "https://Example.org/feed.xml",
            "http://127.0.0.1:8080?x=1",
            "http://user@host.example:81/a",
            "ftp://example.org/",
            "https://",
            "not a url",
        ]
        .iter()
        .map(|url| host_of(url))
        .collect();
        assert_eq!(
            hosts,
            [
                Some("example.org".to_owned()),
                Some("127.0.0.1:8080".to_owned()),
                Some("host.example:81".to_owned()),
                None,
                None,
                None
            ]
        );
    }

    #[test]
    fn retry_after_takes_seconds_or_an_http_date() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-10-21T07:27:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        let cases = [
            ("120", Some(120)),
            (" 5 ", Some(5)),
            ("Wed, 21 Oct 2026 07:28:00 GMT", Some(60)),
            ("Wed, 21 Oct 2026 07:20:00 GMT", Some(0)),
            ("Wed, 21 Oct 2026 09:28:00 +0200", Some(60)),
            ("soon", None),
            ("-3", None),
            ("", None),
        ];
        for (value, seconds) in cases {
            assert_eq!(
                retry_after(value, now),
                seconds.map(Duration::from_secs),
                "{value:?}"
            );
        }
    }

    #[test]
    fn inflating_is_capped() {
        use flate2::write::GzEncoder;
        use std::io::Write;
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&vec![b'a'; 1 << 20]).unwrap();
        let bomb = encoder.finish().unwrap();
        assert!(bomb.len() < 4096);
        assert_eq!(
            inflate(&bomb, "gzip", 1000).unwrap_err(),
            "gzip body inflates to more than the limit of 1000 bytes"
        );
        assert_eq!(inflate(&bomb, "gzip", 1 << 20).unwrap().len(), 1 << 20);
        assert!(inflate(b"not gzip", "gzip", 1000)
            .unwrap_err()
            .starts_with("cannot inflate the gzip body"));
    }
}
