//! Bearer tokens: how they are made, stored and checked.
//!
//! A token is `plc_` and 64 hex digits (32 bytes from the operating
//! system's random source). Only its SHA-256 is stored, so a copy of the
//! database gives nobody a working token; the token itself is shown once,
//! when it is created.

use crate::error::{ApiError, ErrorCode};
use crate::AppState;
use axum::http::{header, HeaderMap};
use placard_store::{Role, Store, StoreError, TokenRecord};
use sha2::{Digest, Sha256};

/// A new token's text.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(format!("plc_{}", hex(&bytes)))
}

/// What is stored for a token: the hex SHA-256 of its text.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Creates a token for `name` with `role`, stores its hash and returns the
/// token (the only time it exists outside the client).
pub fn create_token(
    store: &mut Store,
    name: &str,
    role: Role,
    now: &str,
) -> Result<String, TokenError> {
    if name.is_empty()
        || name.chars().count() > 64
        || !name
            .chars()
            .all(|char| char.is_alphanumeric() || "-_.@".contains(char))
    {
        return Err(TokenError::BadName(name.to_owned()));
    }
    let token = new_token().map_err(|error| TokenError::Random(error.to_string()))?;
    let record = TokenRecord {
        name: name.to_owned(),
        role,
        created_at: now.to_owned(),
    };
    store.insert_token(&record, &token_hash(&token))?;
    Ok(token)
}

/// Why a token could not be created.
#[derive(Debug)]
pub enum TokenError {
    /// The name is empty, too long or has characters other than letters,
    /// digits and `-_.@`.
    BadName(String),
    /// The operating system gave no random bytes.
    Random(String),
    /// The store refused (a name taken) or failed.
    Store(StoreError),
}

impl From<StoreError> for TokenError {
    fn from(error: StoreError) -> TokenError {
        TokenError::Store(error)
    }
}

impl std::fmt::Display for TokenError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenError::BadName(name) => write!(
                formatter,
                "token name {name:?} must be 1 to 64 letters, digits or -_.@"
            ),
            TokenError::Random(reason) => write!(formatter, "no random bytes: {reason}"),
            TokenError::Store(error) => write!(formatter, "{error}"),
        }
    }
}

impl std::error::Error for TokenError {}

impl From<TokenError> for ApiError {
    fn from(error: TokenError) -> ApiError {
        match error {
            TokenError::BadName(_) => ApiError::parameter("name", error.to_string()),
            TokenError::Random(reason) => ApiError::internal(reason),
            TokenError::Store(error) => error.into(),
        }
    }
}

/// Who is asking, when they gave a valid token.
#[derive(Clone, Debug)]
pub struct Caller {
    /// The token's name.
    pub name: String,
    /// Its role.
    pub role: Role,
}

/// The caller named by the request's bearer token; `None` without an
/// `Authorization` header. A header that is there but wrong is an error.
pub async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Option<Caller>, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let unauthorized = || {
        ApiError::new(
            ErrorCode::Unauthorized,
            "the Authorization header must be `Bearer <token>` with a token from `placard token create`",
        )
    };
    let text = value.to_str().map_err(|_| unauthorized())?;
    let token = text
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .ok_or_else(unauthorized)?;
    let hash = token_hash(token);
    let record = state
        .pool
        .run(move |store| store.token_by_hash(&hash))
        .await??;
    match record {
        Some(record) => Ok(Some(Caller {
            name: record.name,
            role: record.role,
        })),
        None => Err(ApiError::new(ErrorCode::Unauthorized, "unknown token")),
    }
}

/// Checks that the caller may read: anyone with `--public-read`, else any
/// valid token.
pub async fn require_reader(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let caller = caller(state, headers).await?;
    if caller.is_none() && !state.public_read {
        return Err(ApiError::new(
            ErrorCode::Unauthorized,
            "reading needs a bearer token (or a server started with --public-read)",
        ));
    }
    Ok(())
}

/// Checks that the caller has at least `role`, and returns them.
pub async fn require_role(
    state: &AppState,
    headers: &HeaderMap,
    role: Role,
) -> Result<Caller, ApiError> {
    let Some(caller) = caller(state, headers).await? else {
        return Err(ApiError::new(
            ErrorCode::Unauthorized,
            "writing needs a bearer token: `Authorization: Bearer <token>`",
        ));
    };
    if caller.role < role {
        return Err(ApiError::new(
            ErrorCode::Forbidden,
            format!(
                "token {:?} has role {}; this needs {}",
                caller.name,
                caller.role.as_str(),
                role.as_str()
            ),
        ));
    }
    Ok(caller)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_hashes_are_sha256() {
        let first = new_token().unwrap();
        let second = new_token().unwrap();
        assert_ne!(first, second);
        assert_eq!(first.len(), 4 + 64);
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn names_are_checked_and_unique() {
        let mut store = Store::open_in_memory().unwrap();
        let now = "2026-11-28T05:00:00Z";
        let token = create_token(&mut store, "ana", Role::Coder, now).unwrap();
        let record = store.token_by_hash(&token_hash(&token)).unwrap().unwrap();
        assert_eq!((record.name.as_str(), record.role), ("ana", Role::Coder));
        assert!(matches!(
            create_token(&mut store, "ana", Role::Admin, now),
            Err(TokenError::Store(StoreError::TokenNameTaken(_)))
        ));
        for bad in ["", "a b", "<script>", &"x".repeat(65)] {
            assert!(matches!(
                create_token(&mut store, bad, Role::Coder, now),
                Err(TokenError::BadName(_))
            ));
        }
    }
}
