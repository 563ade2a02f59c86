//! The route handlers of `/api`. Each one checks access, reads its
//! parameters (a malformed one is a 400 naming it), runs its store work on
//! the pool and answers JSON.

use crate::auth::{require_reader, require_role, Caller};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::params::{encode_cursor, names_with, FilterParams, PageParams, Params};
use crate::review::{self, Action};
use crate::wire::{
    ArticleBody, AuditRecord, EventDetail, EventsPage, MergeBody, Moved, ReviewOutcome, SplitBody,
    Stats, TokenCreated, TokenRequest,
};
use crate::{AppState, ExportFormat};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use placard_engine::Event;
use placard_store::{AuditEntry, Decision, EventCursor, EventFilter, Role, TimeBucket};
use std::collections::BTreeSet;
use std::sync::Arc;

type Shared = State<Arc<AppState>>;
type Pairs = Query<Vec<(String, String)>>;

fn to_value<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(value).map_err(ApiError::internal)
}

/// The current time for the audit log, RFC 3339 in UTC.
pub fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or(0);
    chrono::DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(0), 0)
        .map(|time| time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// List events, filtered, a page at a time.
#[utoipa::path(get, path = "/api/events", tag = "events",
    params(FilterParams, PageParams),
    responses(
        (status = 200, description = "A page of events", body = EventsPage),
        (status = 400, description = "A malformed parameter", body = ErrorBody),
        (status = 401, description = "No token and no --public-read", body = ErrorBody),
    ))]
pub async fn list_events(
    State(state): Shared,
    headers: HeaderMap,
    Query(pairs): Pairs,
) -> Result<Json<EventsPage>, ApiError> {
    require_reader(&state, &headers).await?;
    let params = Params::new(pairs, &names_with(&["cursor", "limit"]))?;
    let limit = params.limit()?;
    let filter = EventFilter {
        after: params.cursor()?,
        // One more than asked tells whether another page follows.
        limit: Some(limit + 1),
        ..params.filter()?
    };
    let mut events = state.pool.run(move |store| store.events(&filter)).await??;
    let next_cursor = if events.len() > limit {
        events.truncate(limit);
        events
            .last()
            .map(|event| encode_cursor(&EventCursor::after(event)))
    } else {
        None
    };
    let events = events.iter().map(to_value).collect::<Result<_, _>>()?;
    Ok(Json(EventsPage {
        events,
        next_cursor,
    }))
}

/// One event with its reports (evidence spans, source chains) and the
/// full texts of their articles. A former event's id answers 404 with
/// where its reports went.
#[utoipa::path(get, path = "/api/events/{id}", tag = "events",
    params(("id" = String, Path, description = "Event id")),
    responses(
        (status = 200, description = "The event", body = EventDetail),
        (status = 404, description = "No such event", body = ErrorBody),
    ))]
pub async fn get_event(
    State(state): Shared,
    headers: HeaderMap,
    Path(event_id): Path<String>,
) -> Result<Json<EventDetail>, ApiError> {
    require_reader(&state, &headers).await?;
    let found = state
        .pool
        .run(move |store| -> Result<_, placard_store::StoreError> {
            let Some(event) = store.event(&event_id)? else {
                return Ok(Err((event_id.clone(), store.lineage(&event_id)?)));
            };
            let reports = store.reports_of_event(&event.event_id)?;
            let mut articles = Vec::new();
            for article_id in &event.articles {
                if let Some(article) = store.article(article_id)? {
                    let source = store.article_source(article_id)?;
                    articles.push(ArticleBody::of(article, source));
                }
            }
            Ok(Ok((event, reports, articles)))
        })
        .await??;
    match found {
        Ok((event, reports, articles)) => Ok(Json(EventDetail {
            event: to_value(&event)?,
            reports: reports.iter().map(to_value).collect::<Result<_, _>>()?,
            articles,
        })),
        Err((event_id, lineage)) => {
            let moved: Vec<Moved> = lineage
                .into_iter()
                .map(|step| Moved {
                    change: step.change,
                    successor_id: step.successor_id,
                    n_reports: step.n_reports,
                })
                .collect();
            let message = if moved.is_empty() {
                format!("no event {event_id:?}")
            } else {
                let successors: Vec<&str> = moved
                    .iter()
                    .map(|step| step.successor_id.as_str())
                    .collect();
                format!(
                    "{event_id:?} is no event any more; its reports are now in {}",
                    successors.join(", ")
                )
            };
            Err(ApiError::new(ErrorCode::NotFound, message))
        }
    }
}

/// One article: metadata and full text (always a JSON string).
#[utoipa::path(get, path = "/api/articles/{id}", tag = "articles",
    params(("id" = String, Path, description = "Article id")),
    responses(
        (status = 200, description = "The article", body = ArticleBody),
        (status = 404, description = "No such article", body = ErrorBody),
    ))]
pub async fn get_article(
    State(state): Shared,
    headers: HeaderMap,
    Path(article_id): Path<String>,
) -> Result<Json<ArticleBody>, ApiError> {
    require_reader(&state, &headers).await?;
    let lookup_id = article_id.clone();
    let found = state
        .pool
        .run(move |store| -> Result<_, placard_store::StoreError> {
            let Some(article) = store.article(&lookup_id)? else {
                return Ok(None);
            };
            Ok(Some((article, store.article_source(&lookup_id)?)))
        })
        .await??;
    match found {
        Some((article, source)) => Ok(Json(ArticleBody::of(article, source))),
        None => Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no article {article_id:?}"),
        )),
    }
}

/// Event counts by day or week, kind, country and status, for the same
/// filters as the list.
#[utoipa::path(get, path = "/api/stats", tag = "events",
    params(FilterParams,
        ("bucket" = Option<String>, Query, description = "day or week (default week)")),
    responses(
        (status = 200, description = "Counts", body = Stats),
        (status = 400, description = "A malformed parameter", body = ErrorBody),
    ))]
pub async fn stats(
    State(state): Shared,
    headers: HeaderMap,
    Query(pairs): Pairs,
) -> Result<Json<Stats>, ApiError> {
    require_reader(&state, &headers).await?;
    let params = Params::new(pairs, &names_with(&["bucket"]))?;
    let bucket = params.bucket()?;
    let filter = params.filter()?;
    let stats = state
        .pool
        .run(move |store| store.stats(&filter, bucket))
        .await??;
    let name = match bucket {
        TimeBucket::Day => "day",
        TimeBucket::Week => "week",
    };
    Ok(Json(Stats::of(stats, name)))
}

/// Every matching event as a file: csv, jsonl, geojson, plover (JSONL) or
/// acled (CSV).
#[utoipa::path(get, path = "/api/export", tag = "events",
    params(FilterParams,
        ("format" = String, Query, description = "csv, jsonl, geojson, plover or acled")),
    responses(
        (status = 200, description = "The file, as an attachment"),
        (status = 400, description = "A malformed parameter", body = ErrorBody),
    ))]
pub async fn export(
    State(state): Shared,
    headers: HeaderMap,
    Query(pairs): Pairs,
) -> Result<Response, ApiError> {
    require_reader(&state, &headers).await?;
    let params = Params::new(pairs, &names_with(&["format"]))?;
    let format = match params.get("format") {
        Some(name) => ExportFormat::parse(name).ok_or_else(|| {
            ApiError::parameter(
                "format",
                "unknown format; one of: csv, jsonl, geojson, plover, acled",
            )
        })?,
        None => return Err(ApiError::parameter("format", "format is required")),
    };
    let filter = params.filter()?;
    let exporter = state.exporter;
    let bytes = state
        .pool
        .run(move |store| -> Result<Vec<u8>, ApiError> {
            let events = store.events(&filter)?;
            // ACLED's sub-event of a protest depends on the events answering it.
            let context = if format == ExportFormat::Acled {
                store.events(&EventFilter::default())?
            } else {
                Vec::new()
            };
            let mut bytes = Vec::new();
            exporter(&mut bytes, &events, &context, format).map_err(ApiError::internal)?;
            Ok(bytes)
        })
        .await??;
    let (content_type, extension) = format.media_type();
    let disposition = format!("attachment; filename=\"placard-events.{extension}\"");
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).map_err(ApiError::internal)?,
    );
    Ok(response)
}

fn parse_body<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|error| ApiError {
        code: ErrorCode::InvalidBody,
        message: format!("the body must be JSON of this route's shape: {error}"),
        parameter: None,
    })
}

/// What a review request asks for, once checked against its event.
struct Plan {
    action: Action,
    /// The report the decision hangs on; `None`: the event's first report.
    anchor: Option<String>,
    /// Other events involved (merged into this one).
    others: Vec<String>,
}

impl Plan {
    fn on_event(action: Action) -> Plan {
        Plan {
            action,
            anchor: None,
            others: Vec::new(),
        }
    }
}

/// Stores a decision about `event_id`, rebuilds the events with every
/// decision applied, and completes the audit entry with the outcome.
async fn decide(
    state: &AppState,
    caller: Caller,
    event_id: String,
    make: impl FnOnce(&Event) -> Result<Plan, ApiError> + Send + 'static,
) -> Result<Json<ReviewOutcome>, ApiError> {
    // One decision at a time: each rebuild must see every earlier decision.
    let _writer = state.writer.lock().await;
    let outcome = state
        .pool
        .run(move |store| -> Result<ReviewOutcome, ApiError> {
            let event = store.event(&event_id)?.ok_or_else(|| {
                ApiError::new(ErrorCode::NotFound, format!("no event {event_id:?}"))
            })?;
            let plan = make(&event)?;
            let mut before = vec![to_value(&event)?];
            let mut report_ids: BTreeSet<String> = event.reports.iter().cloned().collect();
            for other_id in &plan.others {
                let other = store.event(other_id)?.ok_or_else(|| {
                    ApiError::parameter("other", format!("no event {other_id:?}"))
                })?;
                report_ids.extend(other.reports.iter().cloned());
                before.push(to_value(&other)?);
            }
            let action = match plan.action {
                Action::Merge(_) => Action::Merge(report_ids.into_iter().collect()),
                action => action,
            };
            // Reports of an event are sorted: the first is its smallest id.
            let anchor = plan
                .anchor
                .or_else(|| event.reports.first().cloned())
                .unwrap_or_default();
            let at = now();
            let decision = Decision {
                decision_id: 0,
                action: action.name().to_owned(),
                anchor_report: anchor.clone(),
                report_ids: match &action {
                    Action::Merge(report_ids) => report_ids.clone(),
                    _ => Vec::new(),
                },
                value_json: match &action {
                    Action::Edit(edit) => {
                        Some(serde_json::to_string(edit).map_err(ApiError::internal)?)
                    }
                    _ => None,
                },
                created_by: caller.name.clone(),
                created_at: at.clone(),
            };
            let audit = AuditEntry {
                audit_id: 0,
                at,
                who: caller.name.clone(),
                action: action.name().to_owned(),
                event_id: Some(event.event_id.clone()),
                decision_id: None,
                before_json: Some(serde_json::to_string(&before).map_err(ApiError::internal)?),
                after_json: None,
            };
            let (decision_id, audit_id) = store.insert_decision(&decision, &audit)?;
            // An accept, reject or edit changes only its event; a merge or
            // split regroups reports, and every event is rebuilt as ingest
            // does (review.rs says why both give the same events).
            let mut updated = event.clone();
            let after = if action.apply_to(&mut updated) {
                store.update_event(&updated)?;
                Some(updated)
            } else {
                review::rebuild_events(store)?
                    .into_iter()
                    .find(|event| event.reports.contains(&anchor))
            };
            let after_json = to_value(&after)?;
            store.complete_audit(
                audit_id,
                None,
                &serde_json::to_string(&after_json).map_err(ApiError::internal)?,
            )?;
            Ok(ReviewOutcome {
                decision_id,
                audit_id,
                event: after_json,
            })
        })
        .await??;
    Ok(Json(outcome))
}

/// Accept an event: it is right as it stands.
#[utoipa::path(post, path = "/api/events/{id}/accept", tag = "review",
    params(("id" = String, Path, description = "Event id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Decision stored", body = ReviewOutcome),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
    ))]
pub async fn accept(
    State(state): Shared,
    headers: HeaderMap,
    Path(event_id): Path<String>,
) -> Result<Json<ReviewOutcome>, ApiError> {
    let caller = require_role(&state, &headers, Role::Coder).await?;
    decide(&state, caller, event_id, |_| {
        Ok(Plan::on_event(Action::Accept))
    })
    .await
}

/// Reject an event: it is no event (it stays, marked rejected).
#[utoipa::path(post, path = "/api/events/{id}/reject", tag = "review",
    params(("id" = String, Path, description = "Event id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Decision stored", body = ReviewOutcome),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
    ))]
pub async fn reject(
    State(state): Shared,
    headers: HeaderMap,
    Path(event_id): Path<String>,
) -> Result<Json<ReviewOutcome>, ApiError> {
    let caller = require_role(&state, &headers, Role::Coder).await?;
    decide(&state, caller, event_id, |_| {
        Ok(Plan::on_event(Action::Reject))
    })
    .await
}

/// Correct one field of an event: date, place_name, size, kind or mode.
#[utoipa::path(post, path = "/api/events/{id}/edit", tag = "review",
    params(("id" = String, Path, description = "Event id")),
    request_body = crate::review::Edit,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Decision stored", body = ReviewOutcome),
        (status = 400, description = "A malformed value", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
    ))]
pub async fn edit(
    State(state): Shared,
    headers: HeaderMap,
    Path(event_id): Path<String>,
    body: Bytes,
) -> Result<Json<ReviewOutcome>, ApiError> {
    let caller = require_role(&state, &headers, Role::Coder).await?;
    let edit = parse_body::<crate::review::Edit>(&body)?;
    edit.validate().map_err(|message| ApiError {
        code: ErrorCode::InvalidBody,
        message,
        parameter: None,
    })?;
    decide(&state, caller, event_id, move |_| {
        Ok(Plan::on_event(Action::Edit(edit)))
    })
    .await
}

/// Merge another event into this one: their reports are one event.
#[utoipa::path(post, path = "/api/events/{id}/merge", tag = "review",
    params(("id" = String, Path, description = "Event id")),
    request_body = MergeBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Decision stored", body = ReviewOutcome),
        (status = 400, description = "A malformed body or unknown other event", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
    ))]
pub async fn merge(
    State(state): Shared,
    headers: HeaderMap,
    Path(event_id): Path<String>,
    body: Bytes,
) -> Result<Json<ReviewOutcome>, ApiError> {
    let caller = require_role(&state, &headers, Role::Coder).await?;
    let body: MergeBody = parse_body(&body)?;
    if body.other == event_id {
        return Err(ApiError::parameter(
            "other",
            "an event cannot merge with itself",
        ));
    }
    decide(&state, caller, event_id, move |_| {
        Ok(Plan {
            action: Action::Merge(Vec::new()),
            anchor: None,
            others: vec![body.other],
        })
    })
    .await
}

/// Split a report off an event: that report is an event of its own.
#[utoipa::path(post, path = "/api/events/{id}/split", tag = "review",
    params(("id" = String, Path, description = "Event id")),
    request_body = SplitBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Decision stored", body = ReviewOutcome),
        (status = 400, description = "The report is not in the event", body = ErrorBody),
        (status = 409, description = "The event has only that report", body = ErrorBody),
        (status = 401, description = "No valid token", body = ErrorBody),
    ))]
pub async fn split(
    State(state): Shared,
    headers: HeaderMap,
    Path(event_id): Path<String>,
    body: Bytes,
) -> Result<Json<ReviewOutcome>, ApiError> {
    let caller = require_role(&state, &headers, Role::Coder).await?;
    let body: SplitBody = parse_body(&body)?;
    let report_id = body.report_id;
    decide(&state, caller, event_id, move |event| {
        if !event.reports.contains(&report_id) {
            return Err(ApiError::parameter(
                "report_id",
                format!("report {report_id:?} is not in event {}", event.event_id),
            ));
        }
        if event.reports.len() < 2 {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "the event has only this report; there is nothing to split",
            ));
        }
        Ok(Plan {
            action: Action::Split,
            anchor: Some(report_id),
            others: Vec::new(),
        })
    })
    .await
}

/// The audit log, newest first.
#[utoipa::path(get, path = "/api/audit", tag = "review",
    params(("limit" = Option<usize>, Query, description = "At most this many (default 50, at most 500)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Entries", body = Vec<AuditRecord>),
        (status = 401, description = "No valid token", body = ErrorBody),
    ))]
pub async fn audit_log(
    State(state): Shared,
    headers: HeaderMap,
    Query(pairs): Pairs,
) -> Result<Json<Vec<AuditRecord>>, ApiError> {
    require_role(&state, &headers, Role::Coder).await?;
    let params = Params::new(pairs, &["limit"])?;
    let limit = params.limit()?;
    let entries = state
        .pool
        .run(move |store| store.audit_log(limit))
        .await??;
    Ok(Json(entries.into_iter().map(AuditRecord::of).collect()))
}

/// Delete one audit entry (admin only).
#[utoipa::path(delete, path = "/api/audit/{id}", tag = "admin",
    params(("id" = i64, Path, description = "Audit entry id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 404, description = "No such entry", body = ErrorBody),
    ))]
pub async fn delete_audit(
    State(state): Shared,
    headers: HeaderMap,
    Path(audit_id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let caller = require_role(&state, &headers, Role::Admin).await?;
    let audit_id: i64 = audit_id
        .parse()
        .map_err(|_| ApiError::parameter("id", "the audit entry id must be a number"))?;
    let _writer = state.writer.lock().await;
    let deleted = state
        .pool
        .run(move |store| -> Result<bool, ApiError> {
            let deleted = store.delete_audit(audit_id)?;
            if deleted {
                // Deleting from the audit log is itself audited.
                store.insert_audit(&AuditEntry {
                    audit_id: 0,
                    at: now(),
                    who: caller.name,
                    action: "audit_delete".to_owned(),
                    event_id: None,
                    decision_id: None,
                    before_json: Some(format!("{{\"audit_id\":{audit_id}}}")),
                    after_json: None,
                })?;
            }
            Ok(deleted)
        })
        .await??;
    if deleted {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::new(
            ErrorCode::NotFound,
            format!("no audit entry {audit_id}"),
        ))
    }
}

/// Create a token (admin only). The token is in this answer and nowhere else.
#[utoipa::path(post, path = "/api/tokens", tag = "admin",
    request_body = TokenRequest,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "Created", body = TokenCreated),
        (status = 401, description = "No valid token", body = ErrorBody),
        (status = 403, description = "Not an admin", body = ErrorBody),
        (status = 409, description = "The name is taken", body = ErrorBody),
    ))]
pub async fn create_token(
    State(state): Shared,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<TokenCreated>), ApiError> {
    let caller = require_role(&state, &headers, Role::Admin).await?;
    let request: TokenRequest = parse_body(&body)?;
    let role = Role::parse(&request.role)
        .ok_or_else(|| ApiError::parameter("role", "role must be coder or admin"))?;
    let _writer = state.writer.lock().await;
    let name = request.name.clone();
    let token = state
        .pool
        .run(move |store| -> Result<String, ApiError> {
            let at = now();
            let token = crate::auth::create_token(store, &name, role, &at)?;
            store.insert_audit(&AuditEntry {
                audit_id: 0,
                at,
                who: caller.name,
                action: "token_create".to_owned(),
                event_id: None,
                decision_id: None,
                before_json: None,
                after_json: Some(
                    serde_json::json!({"name": name, "role": role.as_str()}).to_string(),
                ),
            })?;
            Ok(token)
        })
        .await??;
    Ok((
        StatusCode::CREATED,
        Json(TokenCreated {
            name: request.name,
            role: role.as_str().to_owned(),
            token,
        }),
    ))
}
