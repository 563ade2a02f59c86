//! API errors: one type, [`ApiError`], and the one table that maps each
//! kind of failure to an HTTP status and a JSON body.
//!
//! The body is always `{"error": {"code", "message", "parameter"?}}`, so a
//! client never has to parse text. User errors name what to fix; internal
//! errors say only that something broke (the detail goes to the server's
//! standard error, never to the client).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use placard_store::StoreError;
use serde::Serialize;

/// What went wrong, as far as the client is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// A query parameter or body field is malformed or unknown.
    InvalidParameter,
    /// The request body is not the JSON the route takes.
    InvalidBody,
    /// No (valid) bearer token where one is needed.
    Unauthorized,
    /// The token's role may not do this.
    Forbidden,
    /// No such event, article, route or audit entry.
    NotFound,
    /// The request contradicts the stored state (a name taken, a split of
    /// a one-report event).
    Conflict,
    /// Another process holds the database.
    Busy,
    /// A bug or a broken database.
    Internal,
}

impl ErrorCode {
    /// The status and the code's name: the whole mapping, in one place.
    fn parts(self) -> (StatusCode, &'static str) {
        match self {
            ErrorCode::InvalidParameter => (StatusCode::BAD_REQUEST, "invalid_parameter"),
            ErrorCode::InvalidBody => (StatusCode::BAD_REQUEST, "invalid_body"),
            ErrorCode::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ErrorCode::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            ErrorCode::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            ErrorCode::Conflict => (StatusCode::CONFLICT, "conflict"),
            ErrorCode::Busy => (StatusCode::SERVICE_UNAVAILABLE, "busy"),
            ErrorCode::Internal => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

/// An error answer of the API.
#[derive(Debug)]
pub struct ApiError {
    /// Its kind.
    pub code: ErrorCode,
    /// For people.
    pub message: String,
    /// The query parameter or body field at fault, when there is one.
    pub parameter: Option<String>,
}

impl ApiError {
    /// A malformed or unknown query parameter.
    pub fn parameter(parameter: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            code: ErrorCode::InvalidParameter,
            message: message.into(),
            parameter: Some(parameter.to_owned()),
        }
    }

    /// Any other error.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
            parameter: None,
        }
    }

    /// Something that should not happen: logged here, hidden from the client.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        eprintln!("placard serve: internal error: {detail}");
        ApiError::new(ErrorCode::Internal, "internal error; see the server log")
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        match &error {
            StoreError::InvalidFilter { field, .. } => {
                ApiError::parameter(field, error.to_string())
            }
            StoreError::TokenNameTaken(_) => ApiError::new(ErrorCode::Conflict, error.to_string()),
            StoreError::Busy => ApiError::new(ErrorCode::Busy, error.to_string()),
            _ => ApiError::internal(error),
        }
    }
}

/// The JSON body of an error.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The error.
    pub error: ErrorDetail,
}

/// What an error says.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// `invalid_parameter`, `invalid_body`, `unauthorized`, `forbidden`,
    /// `not_found`, `conflict`, `busy` or `internal`.
    pub code: &'static str,
    /// For people.
    pub message: String,
    /// The query parameter or body field at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<String>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code) = self.code.parts();
        let body = ErrorBody {
            error: ErrorDetail {
                code,
                message: self.message,
                parameter: self.parameter,
            },
        };
        let mut response = (status, axum::Json(body)).into_response();
        if self.code == ErrorCode::Unauthorized {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"placard\""),
            );
        }
        response
    }
}
