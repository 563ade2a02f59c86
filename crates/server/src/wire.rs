//! The API's JSON types (wire types), converted by hand from the engine's
//! and the store's.
//!
//! Events and reports travel in the shape of the output contract
//! (`DESIGN.md`, the same JSON as `placard events --format jsonl` and
//! `placard extract`), so they are carried as JSON values here rather than
//! copied field by field; everything around them is typed.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A page of events.
#[derive(Serialize, ToSchema)]
pub struct EventsPage {
    /// Events in the contract's shape, by start date (undated last), then id.
    #[schema(value_type = Vec<Object>)]
    pub events: Vec<serde_json::Value>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// An event with everything it rests on.
#[derive(Serialize, ToSchema)]
pub struct EventDetail {
    /// The event in the contract's shape.
    #[schema(value_type = Object)]
    pub event: serde_json::Value,
    /// Its reports in the contract's shape: evidence spans, sources (the
    /// chain of who says so), claims, counts.
    #[schema(value_type = Vec<Object>)]
    pub reports: Vec<serde_json::Value>,
    /// The articles of those reports, with their full text (spans are
    /// character offsets into `text`).
    pub articles: Vec<ArticleBody>,
}

/// An article as stored. `text` is plain text, always a JSON string: it is
/// never interpreted as markup.
#[derive(Serialize, ToSchema)]
pub struct ArticleBody {
    /// Id.
    pub id: String,
    /// Where it was published.
    pub url: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication time as given.
    pub published: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// Title.
    pub title: Option<String>,
    /// Text.
    pub text: String,
    /// The file and record it was read from.
    pub source: Option<String>,
}

impl ArticleBody {
    /// The wire form of a stored article.
    pub fn of(article: placard_engine::Article, source: Option<String>) -> ArticleBody {
        ArticleBody {
            id: article.id,
            url: article.url,
            outlet: article.outlet,
            published: article.published,
            language: article.language,
            title: article.title,
            text: article.text,
            source,
        }
    }
}

/// Where a former event's reports went (when an id is no event any more).
#[derive(Serialize, ToSchema)]
pub struct Moved {
    /// `joined` or `split`.
    pub change: String,
    /// An event holding some of its reports.
    pub successor_id: String,
    /// How many.
    pub n_reports: i64,
}

/// One count of a statistic.
#[derive(Serialize, ToSchema)]
pub struct Count {
    /// What is counted: a day or week (its Monday), a kind, a country
    /// code (`""` for none) or a status.
    pub key: String,
    /// How many events.
    pub n: u64,
}

/// Event counts.
#[derive(Serialize, ToSchema)]
pub struct Stats {
    /// `day` or `week`.
    pub bucket: &'static str,
    /// All matching events.
    pub total: u64,
    /// By start day or week; undated events are not in it.
    pub by_period: Vec<Count>,
    /// By kind.
    pub by_kind: Vec<Count>,
    /// By country.
    pub by_country: Vec<Count>,
    /// By review status.
    pub by_status: Vec<Count>,
}

impl Stats {
    /// The wire form of the store's counts.
    pub fn of(stats: placard_store::EventStats, bucket: &'static str) -> Stats {
        let counts = |pairs: Vec<(String, u64)>| {
            pairs.into_iter().map(|(key, n)| Count { key, n }).collect()
        };
        Stats {
            bucket,
            total: stats.total,
            by_period: counts(stats.by_period),
            by_kind: counts(stats.by_kind),
            by_country: counts(stats.by_country),
            by_status: counts(stats.by_status),
        }
    }
}

/// Body of a merge: the other event, which joins the one in the path.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    /// The id of the event merged into this one.
    pub other: String,
}

/// Body of a split: the report that becomes an event of its own.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitBody {
    /// A report of the event in the path.
    pub report_id: String,
}

/// What a review action did.
#[derive(Serialize, ToSchema)]
pub struct ReviewOutcome {
    /// The decision stored (re-applied after every ingest).
    pub decision_id: i64,
    /// The audit-log entry.
    pub audit_id: i64,
    /// The event that now holds the decision's anchor report, in the
    /// contract's shape (`null` if the reports are gone).
    #[schema(value_type = Object)]
    pub event: serde_json::Value,
}

/// Body of `POST /api/tokens`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// Who will hold the token (letters, digits, `-_.@`).
    pub name: String,
    /// `coder` or `admin`.
    pub role: String,
}

/// A new token: shown once, stored only as a hash.
#[derive(Serialize, ToSchema)]
pub struct TokenCreated {
    /// Its name.
    pub name: String,
    /// Its role.
    pub role: String,
    /// The bearer token.
    pub token: String,
}

/// One audit-log entry.
#[derive(Serialize, ToSchema)]
pub struct AuditRecord {
    /// Its id.
    pub audit_id: i64,
    /// When (UTC).
    pub at: String,
    /// The token name.
    pub who: String,
    /// What was done.
    pub action: String,
    /// The event acted on.
    pub event_id: Option<String>,
    /// The decision stored.
    pub decision_id: Option<i64>,
    /// Before, as JSON.
    #[schema(value_type = Object)]
    pub before: serde_json::Value,
    /// After, as JSON.
    #[schema(value_type = Object)]
    pub after: serde_json::Value,
}

impl AuditRecord {
    /// The wire form of a stored entry.
    pub fn of(entry: placard_store::AuditEntry) -> AuditRecord {
        let parse = |json: Option<String>| {
            json.and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or(serde_json::Value::Null)
        };
        AuditRecord {
            audit_id: entry.audit_id,
            at: entry.at,
            who: entry.who,
            action: entry.action,
            event_id: entry.event_id,
            decision_id: entry.decision_id,
            before: parse(entry.before_json),
            after: parse(entry.after_json),
        }
    }
}
