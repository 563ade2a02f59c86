//! Date expressions: explicit dates ("November 7", "7-9 November 2023",
//! "2023-11-07"), months, years, weekdays and relative expressions ("over the
//! weekend", "last week", "yesterday"). Finding them is here; turning them
//! into calendar intervals against the publication date is `resolve.rs`.

use crate::analyse::Document;
use crate::lexicon::{Lexicon, RelativeUnit};
use crate::model::Span;

/// Which occurrence of a weekday is meant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeekdayWhich {
    /// The latest one on or before the reference ("on Monday" in past-tense news).
    Nearest,
    /// "last Monday".
    Last,
    /// "next Monday".
    Next,
}

/// What a date expression says, before resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateExpr {
    /// A day or a run of days in a month, with or without the year.
    Days {
        /// The year when written.
        year: Option<i32>,
        /// 1–12.
        month: u32,
        /// First day.
        day: u32,
        /// Last day, for "7-9 November".
        day_end: Option<u32>,
    },
    /// A whole month.
    Month {
        /// The year when written.
        year: Option<i32>,
        /// 1–12.
        month: u32,
    },
    /// A whole year.
    Year(i32),
    /// A weekday, 0 = Monday.
    Weekday {
        /// 0 = Monday.
        weekday: u32,
        /// Which one.
        which: WeekdayWhich,
    },
    /// A unit relative to the reference date.
    Relative {
        /// Day, weekend, week, month, year.
        unit: RelativeUnit,
        /// Units from the reference.
        offset: i64,
    },
}

/// One date expression in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateMention {
    /// Byte span.
    pub span: Span,
    /// Sentence index.
    pub sentence: usize,
    /// What it says.
    pub expr: DateExpr,
    /// "since Friday": the happening runs from this date until publication.
    pub open_until_publication: bool,
    /// "planned for Saturday": the date of a planned happening.
    pub of_planned: bool,
    /// "last year's mobilisation": where the noun the date modifies starts;
    /// the date is that noun's, not the sentence's happening's.
    pub modifies: Option<usize>,
    /// "after 7 November, when twenty of them held posters": where the
    /// clause the date is the time of starts; the date is its happening's.
    pub when_clause: Option<usize>,
    /// A reference point ("after 7 November") kept only as the time of its
    /// when-clause.
    pub only_for_when: bool,
}

/// Finds every date expression outside boilerplate, longest first on overlap.
pub fn find_dates(document: &Document<'_>, lexicon: &Lexicon) -> Vec<DateMention> {
    let mut found = Vec::new();
    for (sentence_idx, sentence) in document.sentences.iter().enumerate() {
        if sentence.boilerplate {
            continue;
        }
        let sentence_text = document.slice(sentence.span);
        if !lexicon.date_screen.is_match(sentence_text) {
            continue;
        }
        let base = sentence.span[0];
        let mut push = |start: usize, end: usize, expr: DateExpr| {
            found.push(DateMention {
                span: [base + start, base + end],
                sentence: sentence_idx,
                expr,
                open_until_publication: false,
                of_planned: false,
                modifies: None,
                when_clause: None,
                only_for_when: false,
            });
        };
        let patterns = if document.lowercase {
            &lexicon.date_patterns_caseless
        } else {
            &lexicon.date_patterns
        };
        for captures in patterns.iso.captures_iter(sentence_text) {
            let whole = captures.get(0).expect("group 0");
            let number = |name: &str| {
                captures
                    .name(name)
                    .and_then(|m| m.as_str().parse::<u32>().ok())
            };
            if let (Some(year), Some(month), Some(day)) =
                (number("year"), number("month"), number("day"))
            {
                push(
                    whole.start(),
                    whole.end(),
                    DateExpr::Days {
                        year: Some(year as i32),
                        month,
                        day,
                        day_end: None,
                    },
                );
            }
        }
        for pattern in [&patterns.month_day, &patterns.day_month] {
            for captures in pattern.captures_iter(sentence_text) {
                let whole = captures.get(0).expect("group 0");
                let Some(month) = captures
                    .name("month")
                    .and_then(|m| lexicon.month_number(m.as_str()))
                else {
                    continue;
                };
                let number = |name: &str| {
                    captures
                        .name(name)
                        .and_then(|m| m.as_str().parse::<u32>().ok())
                };
                let Some(day) = number("day").filter(|day| (1..=31).contains(day)) else {
                    continue;
                };
                let day_end = number("day_end").filter(|end| *end > day && *end <= 31);
                let year = number("year").map(|year| year as i32);
                push(
                    whole.start(),
                    whole.end(),
                    DateExpr::Days {
                        year,
                        month,
                        day,
                        day_end,
                    },
                );
            }
        }
        for captures in patterns.month_year.captures_iter(sentence_text) {
            let whole = captures.get(0).expect("group 0");
            let Some(month) = captures
                .name("month")
                .and_then(|m| lexicon.month_number(m.as_str()))
            else {
                continue;
            };
            let year = captures
                .name("year")
                .and_then(|m| m.as_str().parse::<i32>().ok());
            // A bare month name needs a preposition before it: "May" alone is
            // too often a verb or a name.
            if year.is_none() {
                let before = sentence_text[..whole.start()].trim_end().to_lowercase();
                let preposition = patterns
                    .bare_month_after
                    .iter()
                    .any(|word| before.ends_with(&format!(" {word}")) || before == *word);
                if !preposition {
                    continue;
                }
            }
            push(whole.start(), whole.end(), DateExpr::Month { year, month });
        }
        for captures in patterns.year.captures_iter(sentence_text) {
            let whole = captures.get(0).expect("group 0");
            let year_match = captures.name("year").expect("year group");
            if let Ok(year) = year_match.as_str().parse::<i32>() {
                let _ = whole;
                push(year_match.start(), year_match.end(), DateExpr::Year(year));
            }
        }
        for captures in patterns.weekday.captures_iter(sentence_text) {
            let whole = captures.get(0).expect("group 0");
            let name = captures
                .name("weekday")
                .expect("weekday group")
                .as_str()
                .to_lowercase();
            let Some(weekday) = patterns
                .weekdays
                .iter()
                .position(|day| day.split('|').any(|form| form == name))
            else {
                continue;
            };
            let before = &sentence_text[..whole.start()];
            let (which, start) = if let Some(found) = lexicon.weekday_last.find(before) {
                (WeekdayWhich::Last, found.start())
            } else if let Some(found) = lexicon.weekday_next.find(before) {
                (WeekdayWhich::Next, found.start())
            } else {
                (WeekdayWhich::Nearest, whole.start())
            };
            push(
                start,
                whole.end(),
                DateExpr::Weekday {
                    weekday: weekday as u32,
                    which,
                },
            );
        }
        for rule in &lexicon.relative_dates {
            for found_match in rule.pattern.find_iter(sentence_text) {
                push(
                    found_match.start(),
                    found_match.end(),
                    DateExpr::Relative {
                        unit: rule.unit,
                        offset: rule.offset,
                    },
                );
            }
        }
        for captures in lexicon.days_ago.captures_iter(sentence_text) {
            let whole = captures.get(0).expect("group 0");
            let amount = captures.get(1).map(|m| m.as_str()).unwrap_or("");
            let days = amount.parse::<i64>().ok().or_else(|| {
                lexicon
                    .numbers
                    .get(&amount.to_lowercase())
                    .map(|value| *value as i64)
            });
            if let Some(days) = days {
                push(
                    whole.start(),
                    whole.end(),
                    DateExpr::Relative {
                        unit: RelativeUnit::Day,
                        offset: -days,
                    },
                );
            }
        }
    }
    let found = super::drop_overlaps(found, |mention| mention.span);
    // "Saturday, Dec. 14, 2019": the weekday only restates the date after it.
    let mut kept: Vec<DateMention> = Vec::with_capacity(found.len());
    for (index, mention) in found.iter().enumerate() {
        let restated = matches!(mention.expr, DateExpr::Weekday { .. })
            && found.get(index + 1).is_some_and(|next| {
                matches!(next.expr, DateExpr::Days { .. })
                    && document.text[mention.span[1]..next.span[0]]
                        .trim_matches(|c: char| c == ',' || c.is_whitespace())
                        .is_empty()
            });
        let sentence_start = document.sentences[mention.sentence].span[0];
        let reference_point = lexicon
            .not_event_date_before
            .is_match(&document.text[sentence_start..mention.span[0]]);
        let when_clause = lexicon.date_when_after.as_ref().and_then(|pattern| {
            pattern
                .find(&document.text[mention.span[1]..])
                .map(|found| mention.span[1] + found.end())
        });
        // "after 7 November, when twenty of them held posters": a reference
        // point for what comes before, and the time of its when-clause.
        if !restated && (!reference_point || when_clause.is_some()) {
            let before = &document.text[sentence_start..mention.span[0]];
            let since = lexicon
                .since_before
                .as_ref()
                .is_some_and(|pattern| pattern.is_match(before));
            let of_planned = lexicon
                .planned_date_before
                .as_ref()
                .is_some_and(|pattern| pattern.is_match(before));
            let modifies = lexicon.date_modifier_after.as_ref().and_then(|pattern| {
                pattern
                    .find(&document.text[mention.span[1]..])
                    .map(|found| mention.span[1] + found.end())
            });
            kept.push(DateMention {
                open_until_publication: since,
                of_planned,
                modifies,
                when_clause,
                only_for_when: reference_point,
                ..mention.clone()
            });
        }
    }
    kept
}
