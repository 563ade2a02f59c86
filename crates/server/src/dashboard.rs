//! The dashboard: a page and its script, style and basemap, compiled into
//! the binary so that `placard serve` needs no files and fetches nothing
//! from the internet.
//!
//! The page is plain HTML, CSS and a JavaScript module written for Placard
//! (no framework, no bundler): it reads the same `/api` a client would, so
//! the dashboard can never show something the API does not. Untrusted text
//! (articles, claims, outlet names) only ever reaches the page through
//! `textContent`, never as markup. The basemap is world-atlas's
//! `countries-50m.json` (Natural Earth shapes as TopoJSON, from npm; see
//! `dashboard/README.md`), drawn as SVG by the script: no tile server.

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;

/// One embedded file.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const INDEX: Asset = Asset {
    name: "index.html",
    content_type: "text/html; charset=utf-8",
    bytes: include_bytes!("../dashboard/index.html"),
};

/// What `/assets/{name}` serves.
const ASSETS: [Asset; 3] = [
    Asset {
        name: "app.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../dashboard/app.js"),
    },
    Asset {
        name: "app.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../dashboard/app.css"),
    },
    Asset {
        name: "countries-50m.json",
        content_type: "application/json",
        bytes: include_bytes!("../dashboard/countries-50m.json"),
    },
];

/// An entity tag per asset, from its bytes: the files change only with the
/// binary, so a browser revalidates cheaply and never keeps a stale script
/// after an upgrade.
fn etag(asset: &Asset) -> &'static str {
    static TAGS: OnceLock<Vec<(&'static str, String)>> = OnceLock::new();
    let tags = TAGS.get_or_init(|| {
        std::iter::once(&INDEX)
            .chain(ASSETS.iter())
            .map(|asset| {
                use sha2::Digest;
                let digest = sha2::Sha256::digest(asset.bytes);
                let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
                (asset.name, format!("\"{hex}\""))
            })
            .collect()
    });
    tags.iter()
        .find(|(name, _)| *name == asset.name)
        .map(|(_, tag)| tag.as_str())
        .unwrap_or("\"\"")
}

fn answer(asset: &Asset, request_headers: &HeaderMap) -> Response {
    let tag = etag(asset);
    let cache = [
        (header::ETAG, HeaderValue::from_static(tag)),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
    ];
    let fresh = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|t| t.trim() == tag));
    if fresh {
        return (StatusCode::NOT_MODIFIED, cache).into_response();
    }
    (
        cache,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        )],
        asset.bytes,
    )
        .into_response()
}

/// `GET /`: the dashboard page.
pub async fn page(headers: HeaderMap) -> Response {
    answer(&INDEX, &headers)
}

/// `GET /assets/{name}`: the page's script, style and basemap.
pub async fn asset(Path(name): Path<String>, headers: HeaderMap) -> Response {
    match ASSETS.iter().find(|asset| asset.name == name) {
        Some(asset) => answer(asset, &headers),
        None => {
            crate::error::ApiError::new(crate::error::ErrorCode::NotFound, "no such dashboard file")
                .into_response()
        }
    }
}
