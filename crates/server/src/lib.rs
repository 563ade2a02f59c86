//! Placard's HTTP server: the JSON API over a Placard database, the review
//! workflow, and the dashboard. The only crate with wire types.
//!
//! [`serve`] runs it; [`app`] builds the router, so that tests and
//! benchmarks can bind it where they like. Every answer carries a
//! Content-Security-Policy and `X-Content-Type-Options: nosniff`. Reading
//! needs a bearer token unless the server runs with `public_read`; writing
//! always does, with the role the route asks for.
//!
//! Routes (the OpenAPI document at `/openapi.json` is generated from the
//! handlers' annotations, so it cannot drift from them):
//!
//! | route | who |
//! |---|---|
//! | `GET /api/events`, `/api/events/{id}`, `/api/articles/{id}`, `/api/stats`, `/api/export` | readers |
//! | `POST /api/events/{id}/accept`, `reject`, `edit`, `merge`, `split`; `GET /api/audit` | coders |
//! | `POST /api/tokens`, `DELETE /api/audit/{id}` | admins |
//! | `GET /` and `/assets/{name}`: the dashboard (it asks the API for its data, with the token it is given) | anyone |

pub mod api;
pub mod auth;
mod dashboard;
pub mod error;
mod params;
mod pool;
pub mod review;
pub mod wire;

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use placard_engine::Event;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use pool::Pool;

/// The formats of `GET /api/export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// One row per event, flat columns.
    Csv,
    /// One event per line.
    Jsonl,
    /// A FeatureCollection.
    Geojson,
    /// PLOVER-shaped JSONL.
    Plover,
    /// ACLED-shaped CSV.
    Acled,
}

impl ExportFormat {
    /// The format of a `format` parameter.
    pub fn parse(name: &str) -> Option<ExportFormat> {
        Some(match name {
            "csv" => ExportFormat::Csv,
            "jsonl" => ExportFormat::Jsonl,
            "geojson" => ExportFormat::Geojson,
            "plover" => ExportFormat::Plover,
            "acled" => ExportFormat::Acled,
            _ => return None,
        })
    }

    /// Content type and file extension.
    pub fn media_type(self) -> (&'static str, &'static str) {
        match self {
            ExportFormat::Csv => ("text/csv; charset=utf-8", "csv"),
            ExportFormat::Jsonl => ("application/x-ndjson", "jsonl"),
            ExportFormat::Geojson => ("application/geo+json", "geojson"),
            ExportFormat::Plover => ("application/x-ndjson", "plover.jsonl"),
            ExportFormat::Acled => ("text/csv; charset=utf-8", "acled.csv"),
        }
    }
}

/// Writes `events` in a format; `context` holds every event (ACLED's
/// protest sub-events depend on the events answering them). The renderers
/// live with the `placard events` command, which hands them in, so that
/// the file a user downloads is byte for byte what the command writes.
pub type Exporter = fn(&mut Vec<u8>, &[Event], &[Event], ExportFormat) -> anyhow::Result<()>;

/// Settings of `placard serve`.
#[derive(Debug)]
pub struct ServeConfig {
    /// The SQLite database.
    pub db: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// Whether reading needs no token.
    pub public_read: bool,
    /// The export renderers.
    pub exporter: Exporter,
}

/// What the handlers share.
#[derive(Debug)]
pub struct AppState {
    /// Open stores.
    pub pool: Pool,
    /// Whether reading needs no token.
    pub public_read: bool,
    /// The export renderers.
    pub exporter: Exporter,
    /// Held while a write rebuilds events, so writes never interleave.
    pub writer: tokio::sync::Mutex<()>,
}

/// The Content-Security-Policy of every answer. The dashboard lives with
/// it (same-origin scripts, styles and images only; no inline script or
/// style, no framing), and JSON answers need nothing more.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Placard API",
        description = "Protest events reconciled from news reports, with the evidence for every value."
    ),
    modifiers(&BearerScheme)
)]
struct ApiDoc;

struct BearerScheme;

impl utoipa::Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API routes and their OpenAPI document.
fn api_router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(api::list_events))
        .routes(routes!(api::get_event))
        .routes(routes!(api::get_article))
        .routes(routes!(api::stats))
        .routes(routes!(api::export))
        .routes(routes!(api::accept))
        .routes(routes!(api::reject))
        .routes(routes!(api::edit))
        .routes(routes!(api::merge))
        .routes(routes!(api::split))
        .routes(routes!(api::audit_log))
        .routes(routes!(api::delete_audit))
        .routes(routes!(api::create_token))
}

/// The OpenAPI document of every API route.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api_router().into_openapi()
}

/// The whole application: API, `/openapi.json`, and the dashboard (`/`
/// and `/assets/…`), with the security headers on every answer.
pub fn app(state: Arc<AppState>) -> Router {
    let (router, document) = api_router().split_for_parts();
    let document = Arc::new(document);
    router
        .route(
            "/openapi.json",
            axum::routing::get(move || {
                let document = Arc::clone(&document);
                async move { axum::Json(document.as_ref().clone()) }
            }),
        )
        .route("/", axum::routing::get(dashboard::page))
        .route("/assets/{name}", axum::routing::get(dashboard::asset))
        .fallback(not_found)
        .with_state(state)
        .layer(axum::middleware::from_fn(security_headers))
}

async fn not_found() -> error::ApiError {
    error::ApiError::new(
        error::ErrorCode::NotFound,
        "no such route; see /openapi.json",
    )
}

/// Opens the database, binds `addr` and serves until Ctrl-C. Prints the
/// address it listens on (useful with port 0) to standard error.
pub fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        // More connections than cores: a slow query (statistics over a
        // whole country) then holds one connection, not a quarter of them.
        let n_connections = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .clamp(2, 8)
            * 4;
        let pool = Pool::open(&config.db, n_connections)?;
        let state = Arc::new(AppState {
            pool,
            public_read: config.public_read,
            exporter: config.exporter,
            writer: tokio::sync::Mutex::new(()),
        });
        let listener = tokio::net::TcpListener::bind(config.addr).await?;
        let local = listener.local_addr()?;
        eprintln!(
            "placard serve: listening on http://{local}/ (reading {})",
            if config.public_read {
                "public"
            } else {
                "needs a token"
            }
        );
        axum::serve(listener, app(state))
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every route the API serves, with its method. Adding a route means
    /// adding it here, and the test checks the document has it.
    const ROUTES: [(&str, &str); 13] = [
        ("get", "/api/events"),
        ("get", "/api/events/{id}"),
        ("get", "/api/articles/{id}"),
        ("get", "/api/stats"),
        ("get", "/api/export"),
        ("post", "/api/events/{id}/accept"),
        ("post", "/api/events/{id}/reject"),
        ("post", "/api/events/{id}/edit"),
        ("post", "/api/events/{id}/merge"),
        ("post", "/api/events/{id}/split"),
        ("get", "/api/audit"),
        ("delete", "/api/audit/{id}"),
        ("post", "/api/tokens"),
    ];

    #[test]
    fn every_route_is_in_the_openapi_document() {
        let text = openapi().to_json().unwrap();
        let document: serde_json::Value = serde_json::from_str(&text).unwrap();
        let version = document["openapi"].as_str().unwrap();
        assert!(version.starts_with("3."), "{version}");
        assert!(document["info"]["title"].is_string());
        let paths = document["paths"].as_object().unwrap();
        let mut documented: Vec<(String, String)> = paths
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .unwrap()
                    .keys()
                    .map(move |method| (method.clone(), path.clone()))
            })
            .collect();
        documented.sort();
        let mut expected: Vec<(String, String)> = ROUTES
            .iter()
            .map(|(method, path)| ((*method).to_owned(), (*path).to_owned()))
            .collect();
        expected.sort();
        assert_eq!(documented, expected);
        // Every operation answers something documented, and every
        // reference points at a schema that exists.
        for (method, path) in &expected {
            let operation = &document["paths"][path][method];
            assert!(operation["responses"]
                .as_object()
                .is_some_and(|r| !r.is_empty()));
        }
        let schemas = document["components"]["schemas"].as_object().unwrap();
        for reference in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let name = reference.split('"').next().unwrap();
            assert!(schemas.contains_key(name), "missing schema {name}");
        }
    }
}
