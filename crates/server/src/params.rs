//! Query parameters, read by hand so that every malformed value gets a 400
//! naming the parameter (axum's `Query` answers in plain text).
//!
//! Values only ever reach SQL as bound parameters (in `placard-store`);
//! the checks here are for clear messages, not for safety.

use crate::error::ApiError;
use placard_engine::{ActorGroup, Kind, ReviewStatus};
use placard_store::{EventCursor, EventFilter, TimeBucket};
use std::collections::BTreeMap;
use utoipa::IntoParams;

/// Events per page when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 50;
/// The most events a page holds; a larger `limit` is capped to this.
pub const MAX_LIMIT: usize = 500;
/// The longest text a free-text parameter (`q`, `place`, `mode`) takes.
const MAX_TEXT: usize = 200;

/// The filters every event route takes (documentation of the OpenAPI
/// parameters; the parsing is [`Params::filter`]).
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct FilterParams {
    /// Events whose dates reach this day or later (`YYYY-MM-DD`).
    since: Option<String>,
    /// Events whose dates reach this day or earlier (`YYYY-MM-DD`).
    until: Option<String>,
    /// A kind: protest, permit_request, permit_refused, permit_granted, ban,
    /// police_action, arrest, force, prosecution, official_meeting.
    kind: Option<String>,
    /// A mode (demo, march, picket, strike, cordon …).
    mode: Option<String>,
    /// An ISO 3166-1 alpha-2 country code (any case).
    country: Option<String>,
    /// A place name (any case).
    place: Option<String>,
    /// An actor group (students, workers, soldiers_relatives …).
    group: Option<String>,
    /// Events whose size range reaches this many people or more.
    size_min: Option<u64>,
    /// Events whose size range reaches this many people or fewer.
    size_max: Option<u64>,
    /// Text in the place, claims, reasons, conditions, publishers or sources.
    q: Option<String>,
    /// A review status: unreviewed, accepted, rejected.
    status: Option<String>,
}

/// Paging of `GET /api/events`.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct PageParams {
    /// The `next_cursor` of the previous page.
    cursor: Option<String>,
    /// Events per page (default 50, at most 500; larger values are capped).
    limit: Option<usize>,
}

/// The raw query, by name; each name may appear once.
#[derive(Debug)]
pub struct Params(BTreeMap<String, String>);

impl Params {
    /// Reads pairs from the query string, refusing names not in `allowed`
    /// and names given twice.
    pub fn new(pairs: Vec<(String, String)>, allowed: &[&str]) -> Result<Params, ApiError> {
        let mut map = BTreeMap::new();
        for (name, value) in pairs {
            if !allowed.contains(&name.as_str()) {
                let shown: String = name.chars().take(40).collect();
                return Err(ApiError::parameter(
                    &shown,
                    format!(
                        "unknown parameter {shown:?}; this route takes: {}",
                        allowed.join(", ")
                    ),
                ));
            }
            if map.contains_key(&name) {
                return Err(ApiError::parameter(&name, format!("{name} is given twice")));
            }
            map.insert(name, value);
        }
        Ok(Params(map))
    }

    fn text(&self, name: &str, max_chars: usize) -> Result<Option<String>, ApiError> {
        match self.0.get(name) {
            None => Ok(None),
            Some(value) if value.is_empty() => {
                Err(ApiError::parameter(name, format!("{name} is empty")))
            }
            Some(value) if value.chars().count() > max_chars || value.contains('\0') => {
                Err(ApiError::parameter(
                    name,
                    format!("{name} must be at most {max_chars} characters"),
                ))
            }
            Some(value) => Ok(Some(value.clone())),
        }
    }

    fn number(&self, name: &str) -> Result<Option<u64>, ApiError> {
        self.0
            .get(name)
            .map(|value| {
                value.parse::<u64>().map_err(|_| {
                    ApiError::parameter(
                        name,
                        format!(
                            "{name} must be a whole number ≥ 0, got {:?}",
                            shorten(value)
                        ),
                    )
                })
            })
            .transpose()
    }

    fn choice<T>(
        &self,
        name: &str,
        parse: impl Fn(&str) -> Option<T>,
        names: &[&str],
    ) -> Result<Option<T>, ApiError> {
        self.0
            .get(name)
            .map(|value| {
                parse(value).ok_or_else(|| {
                    ApiError::parameter(
                        name,
                        format!(
                            "unknown {name} {:?}; one of: {}",
                            shorten(value),
                            names.join(", ")
                        ),
                    )
                })
            })
            .transpose()
    }

    /// The filter of the event routes (without paging).
    pub fn filter(&self) -> Result<EventFilter, ApiError> {
        let kind = self.choice("kind", Kind::parse, &Kind::ALL.map(Kind::as_str))?;
        let group = self.choice(
            "group",
            ActorGroup::parse,
            &ActorGroup::ALL.map(ActorGroup::as_str),
        )?;
        let status = self.choice(
            "status",
            |name| match name {
                "unreviewed" => Some(ReviewStatus::Unreviewed),
                "accepted" => Some(ReviewStatus::Accepted),
                "rejected" => Some(ReviewStatus::Rejected),
                _ => None,
            },
            &["unreviewed", "accepted", "rejected"],
        )?;
        let country = self.text("country", 2)?;
        if let Some(country) = &country {
            if country.len() != 2 || !country.bytes().all(|byte| byte.is_ascii_alphabetic()) {
                return Err(ApiError::parameter(
                    "country",
                    format!(
                        "country must be a two-letter ISO 3166-1 code, got {:?}",
                        shorten(country)
                    ),
                ));
            }
        }
        let size_min = self.number("size_min")?;
        let size_max = self.number("size_max")?;
        if let (Some(size_min), Some(size_max)) = (size_min, size_max) {
            if size_min > size_max {
                return Err(ApiError::parameter(
                    "size_min",
                    format!("size_min {size_min} is above size_max {size_max}"),
                ));
            }
        }
        Ok(EventFilter {
            kind,
            country,
            place: self.text("place", MAX_TEXT)?,
            since: self.text("since", 10)?,
            until: self.text("until", 10)?,
            group,
            mode: self.text("mode", MAX_TEXT)?,
            size_min,
            size_max,
            text: self.text("q", MAX_TEXT)?,
            status,
            after: None,
            limit: None,
        })
        .and_then(|filter| {
            // Dates are checked by the store too; checking here gives the
            // same message without touching the database.
            for (name, value) in [("since", &filter.since), ("until", &filter.until)] {
                if let Some(value) = value {
                    if !crate::review::is_iso_day(value) {
                        return Err(ApiError::parameter(
                            name,
                            format!(
                                "{name} must be an ISO date (YYYY-MM-DD), got {:?}",
                                shorten(value)
                            ),
                        ));
                    }
                }
            }
            Ok(filter)
        })
    }

    /// The page size: default, capped, never 0.
    pub fn limit(&self) -> Result<usize, ApiError> {
        match self.number("limit")? {
            None => Ok(DEFAULT_LIMIT),
            Some(0) => Err(ApiError::parameter("limit", "limit must be at least 1")),
            Some(limit) => Ok(usize::try_from(limit).unwrap_or(MAX_LIMIT).min(MAX_LIMIT)),
        }
    }

    /// Where the page starts.
    pub fn cursor(&self) -> Result<Option<EventCursor>, ApiError> {
        self.0
            .get("cursor")
            .map(|value| {
                decode_cursor(value).ok_or_else(|| {
                    ApiError::parameter(
                        "cursor",
                        "cursor must be the next_cursor of an earlier page, unchanged",
                    )
                })
            })
            .transpose()
    }

    /// The time bucket of `/api/stats`.
    pub fn bucket(&self) -> Result<TimeBucket, ApiError> {
        Ok(self
            .choice(
                "bucket",
                |name| match name {
                    "day" => Some(TimeBucket::Day),
                    "week" => Some(TimeBucket::Week),
                    _ => None,
                },
                &["day", "week"],
            )?
            .unwrap_or(TimeBucket::Week))
    }

    /// A raw value (for `format`).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

/// The filter parameter names, for [`Params::new`].
pub const FILTER_NAMES: [&str; 11] = [
    "since", "until", "kind", "mode", "country", "place", "group", "size_min", "size_max", "q",
    "status",
];

/// `FILTER_NAMES` plus `extra`.
pub fn names_with(extra: &[&'static str]) -> Vec<&'static str> {
    FILTER_NAMES.iter().chain(extra).copied().collect()
}

fn shorten(value: &str) -> String {
    value.chars().take(60).collect()
}

/// A cursor is the hex of `<date>|<event id>` (an empty date for undated
/// events): opaque to clients, and checked on the way back in.
pub fn encode_cursor(cursor: &EventCursor) -> String {
    let text = format!(
        "{}|{}",
        cursor.date_start.as_deref().unwrap_or(""),
        cursor.event_id
    );
    text.bytes().map(|byte| format!("{byte:02x}")).collect()
}

fn decode_cursor(value: &str) -> Option<EventCursor> {
    if !value.len().is_multiple_of(2) || value.len() > 400 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..value.len())
        .step_by(2)
        .map(|index| u8::from_str_radix(value.get(index..index + 2)?, 16).ok())
        .collect();
    let text = String::from_utf8(bytes?).ok()?;
    let (date, event_id) = text.split_once('|')?;
    let id_ok = !event_id.is_empty()
        && event_id
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_');
    let date_ok = date.is_empty() || crate::review::is_iso_day(date);
    (id_ok && date_ok).then(|| EventCursor {
        date_start: (!date.is_empty()).then(|| date.to_owned()),
        event_id: event_id.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_junk_is_refused() {
        for cursor in [
            EventCursor {
                date_start: Some("2023-11-07".to_owned()),
                event_id: "e-0123abcd".to_owned(),
            },
            EventCursor {
                date_start: None,
                event_id: "e-ff".to_owned(),
            },
        ] {
            assert_eq!(decode_cursor(&encode_cursor(&cursor)), Some(cursor));
        }
        for junk in ["", "zz", "abc", "7c", "323032337c", "' OR 1=1 --"] {
            assert_eq!(decode_cursor(junk), None, "{junk}");
        }
    }

    #[test]
    fn bad_values_name_their_parameter() {
        let cases = [
            ("since", "2023-13-01"),
            ("until", "tomorrow"),
            ("kind", "picnic"),
            ("group", "aliens"),
            ("status", "maybe"),
            ("country", "Russia"),
            ("size_min", "-1"),
            ("size_max", "many"),
            ("q", ""),
            ("limit", "0"),
            ("limit", "ten"),
            ("cursor", "nope"),
            ("bucket", "month"),
        ];
        let names = names_with(&["limit", "cursor", "bucket"]);
        for (name, value) in cases {
            let params = Params::new(vec![(name.to_owned(), value.to_owned())], &names).unwrap();
            let error = params
                .filter()
                .and_then(|_| params.limit())
                .and_then(|_| params.cursor())
                .and_then(|_| params.bucket())
                .unwrap_err();
            assert_eq!(error.parameter.as_deref(), Some(name), "{name}={value}");
        }
        let error = Params::new(vec![("colour".to_owned(), "red".to_owned())], &names).unwrap_err();
        assert_eq!(error.parameter.as_deref(), Some("colour"));
        let twice = vec![
            ("kind".to_owned(), "protest".to_owned()),
            ("kind".to_owned(), "arrest".to_owned()),
        ];
        assert!(Params::new(twice, &names).is_err());
    }

    #[test]
    fn limit_is_capped() {
        let names = names_with(&["limit"]);
        let params = Params::new(vec![("limit".to_owned(), "100000".to_owned())], &names).unwrap();
        assert_eq!(params.limit().unwrap(), MAX_LIMIT);
        let params = Params::new(Vec::new(), &names).unwrap();
        assert_eq!(params.limit().unwrap(), DEFAULT_LIMIT);
    }
}
