//! Stage 4, resolve: turn date expressions into calendar intervals against
//! the publication date. Places are resolved by the gazetteer
//! (`gazetteer.rs`), sizes by `mentions/counts.rs`.

use crate::lexicon::RelativeUnit;
use crate::mentions::dates::{DateExpr, WeekdayWhich};
use crate::model::DatePrecision;
use chrono::{Datelike, Duration, NaiveDate};

/// A resolved interval of days, inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// How precise.
    pub precision: DatePrecision,
}

impl Interval {
    /// Whether two intervals share a day.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Length in days.
    pub fn n_days(&self) -> i64 {
        (self.end - self.start).num_days() + 1
    }
}

/// Parses a publication time ("2023-11-20T19:25:00+02:00", "2023-11-20") to
/// its calendar day as written (the local date of the publisher).
pub fn publication_day(published: &str) -> Option<NaiveDate> {
    let day_part = published.trim().get(..10)?;
    NaiveDate::parse_from_str(day_part, "%Y-%m-%d").ok()
}

fn month_interval(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some((start, next - Duration::days(1)))
}

/// Resolves one expression.
///
/// `reference` is the publication day; `fallback_year` a year the article's
/// own timeline fixes, used for "November 7" when there is no publication
/// date. `future` says the happening is planned, so "on Monday" means the
/// coming Monday.
pub fn resolve(
    expr: &DateExpr,
    reference: Option<NaiveDate>,
    fallback_year: Option<i32>,
    future: bool,
) -> Option<Interval> {
    match *expr {
        DateExpr::Days {
            year,
            month,
            day,
            day_end,
        } => {
            let year = match year {
                Some(year) => year,
                None => match reference {
                    // "November 7" in an article of 20 January means last November
                    // unless the happening is still to come.
                    Some(reference) => {
                        let this_year = NaiveDate::from_ymd_opt(reference.year(), month, day)?;
                        if !future && this_year > reference + Duration::days(7) {
                            reference.year() - 1
                        } else if future && this_year + Duration::days(7) < reference {
                            reference.year() + 1
                        } else {
                            reference.year()
                        }
                    }
                    None => fallback_year?,
                },
            };
            let start = NaiveDate::from_ymd_opt(year, month, day)?;
            let end = match day_end {
                Some(day_end) => NaiveDate::from_ymd_opt(year, month, day_end)?,
                None => start,
            };
            let precision = if start == end {
                DatePrecision::Day
            } else {
                DatePrecision::Days
            };
            Some(Interval {
                start,
                end,
                precision,
            })
        }
        DateExpr::Month { year, month } => {
            let year = match (year, reference) {
                (Some(year), _) => year,
                (None, Some(reference)) => {
                    if !future && month > reference.month() {
                        reference.year() - 1
                    } else {
                        reference.year()
                    }
                }
                (None, None) => fallback_year?,
            };
            let (start, end) = month_interval(year, month)?;
            Some(Interval {
                start,
                end,
                precision: DatePrecision::Month,
            })
        }
        DateExpr::Year(year) => Some(Interval {
            start: NaiveDate::from_ymd_opt(year, 1, 1)?,
            end: NaiveDate::from_ymd_opt(year, 12, 31)?,
            precision: DatePrecision::Year,
        }),
        DateExpr::Weekday { weekday, which } => {
            let reference = reference?;
            let reference_weekday = reference.weekday().num_days_from_monday() as i64;
            let weekday = weekday as i64;
            let day = match (which, future) {
                (WeekdayWhich::Next, _) | (WeekdayWhich::Nearest, true) => {
                    let ahead = (weekday - reference_weekday).rem_euclid(7);
                    let ahead = if ahead == 0 && which == WeekdayWhich::Next {
                        7
                    } else {
                        ahead
                    };
                    reference + Duration::days(ahead)
                }
                (WeekdayWhich::Nearest, false) => {
                    let back = (reference_weekday - weekday).rem_euclid(7);
                    reference - Duration::days(back)
                }
                (WeekdayWhich::Last, _) => {
                    let back = (reference_weekday - weekday).rem_euclid(7);
                    let back = if back == 0 { 7 } else { back };
                    reference - Duration::days(back)
                }
            };
            Some(Interval {
                start: day,
                end: day,
                precision: DatePrecision::Day,
            })
        }
        DateExpr::Relative { unit, offset } => {
            let reference = reference?;
            match unit {
                RelativeUnit::Day => {
                    let day = reference + Duration::days(offset);
                    Some(Interval {
                        start: day,
                        end: day,
                        precision: DatePrecision::Day,
                    })
                }
                RelativeUnit::Weekend => {
                    // The latest Saturday–Sunday that has begun by the
                    // reference day (the coming one when planned).
                    let reference_weekday = reference.weekday().num_days_from_monday() as i64;
                    let back_to_saturday = (reference_weekday - 5).rem_euclid(7);
                    let mut saturday = reference - Duration::days(back_to_saturday);
                    if future && saturday < reference - Duration::days(1) {
                        saturday += Duration::days(7);
                    }
                    saturday += Duration::days(7 * offset);
                    Some(Interval {
                        start: saturday,
                        end: saturday + Duration::days(1),
                        precision: DatePrecision::Days,
                    })
                }
                RelativeUnit::Week => {
                    let monday = reference
                        - Duration::days(reference.weekday().num_days_from_monday() as i64)
                        + Duration::days(7 * offset);
                    let mut end = monday + Duration::days(6);
                    if offset == 0 && !future {
                        end = end.min(reference);
                    }
                    Some(Interval {
                        start: monday,
                        end,
                        precision: DatePrecision::Week,
                    })
                }
                RelativeUnit::Month => {
                    let total = reference.year() * 12 + reference.month0() as i32 + offset as i32;
                    let (start, mut end) =
                        month_interval(total.div_euclid(12), total.rem_euclid(12) as u32 + 1)?;
                    if offset == 0 && !future {
                        end = end.min(reference);
                    }
                    Some(Interval {
                        start,
                        end,
                        precision: DatePrecision::Month,
                    })
                }
                RelativeUnit::Year => {
                    let year = reference.year() + offset as i32;
                    Some(Interval {
                        start: NaiveDate::from_ymd_opt(year, 1, 1)?,
                        end: NaiveDate::from_ymd_opt(year, 12, 31)?,
                        precision: DatePrecision::Year,
                    })
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn check(expr: DateExpr, reference: &str, future: bool, expected: (&str, &str)) {
        let interval = resolve(&expr, Some(day(reference)), None, future).unwrap();
        assert_eq!(
            (interval.start, interval.end),
            (day(expected.0), day(expected.1)),
            "{expr:?}"
        );
    }

    #[test]
    fn relative_to_publication() {
        // 2023-11-20 was a Monday.
        let monday = "2023-11-20";
        check(
            DateExpr::Relative {
                unit: RelativeUnit::Weekend,
                offset: 0,
            },
            monday,
            false,
            ("2023-11-18", "2023-11-19"),
        );
        check(
            DateExpr::Relative {
                unit: RelativeUnit::Day,
                offset: -1,
            },
            monday,
            false,
            ("2023-11-19", "2023-11-19"),
        );
        check(
            DateExpr::Relative {
                unit: RelativeUnit::Week,
                offset: -1,
            },
            monday,
            false,
            ("2023-11-13", "2023-11-19"),
        );
        check(
            DateExpr::Weekday {
                weekday: 1,
                which: WeekdayWhich::Nearest,
            },
            monday,
            false,
            ("2023-11-14", "2023-11-14"),
        );
        check(
            DateExpr::Weekday {
                weekday: 0,
                which: WeekdayWhich::Nearest,
            },
            monday,
            false,
            ("2023-11-20", "2023-11-20"),
        );
        check(
            DateExpr::Weekday {
                weekday: 5,
                which: WeekdayWhich::Nearest,
            },
            monday,
            true,
            ("2023-11-25", "2023-11-25"),
        );
        check(
            DateExpr::Days {
                year: None,
                month: 11,
                day: 7,
                day_end: None,
            },
            monday,
            false,
            ("2023-11-07", "2023-11-07"),
        );
        check(
            DateExpr::Days {
                year: None,
                month: 12,
                day: 24,
                day_end: None,
            },
            "2024-01-10",
            false,
            ("2023-12-24", "2023-12-24"),
        );
        check(
            DateExpr::Month {
                year: None,
                month: 7,
            },
            monday,
            false,
            ("2023-07-01", "2023-07-31"),
        );
        check(
            DateExpr::Relative {
                unit: RelativeUnit::Month,
                offset: -1,
            },
            "2024-01-10",
            false,
            ("2023-12-01", "2023-12-31"),
        );
    }

    #[test]
    fn no_reference_needs_a_year() {
        assert_eq!(
            resolve(
                &DateExpr::Days {
                    year: None,
                    month: 11,
                    day: 7,
                    day_end: None
                },
                None,
                None,
                false
            ),
            None
        );
        assert!(resolve(
            &DateExpr::Days {
                year: None,
                month: 11,
                day: 7,
                day_end: None
            },
            None,
            Some(2019),
            false
        )
        .is_some());
        assert_eq!(
            resolve(
                &DateExpr::Relative {
                    unit: RelativeUnit::Day,
                    offset: -1
                },
                None,
                Some(2019),
                false
            ),
            None
        );
    }
}
