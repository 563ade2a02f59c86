//! Counts: numbers in digits or words and vague quantities ("dozens"), each
//! turned into a range and given a role: the size of a crowd, a number of
//! detainees, or something else (casualties, years) that must not be a size.

use crate::analyse::Document;
use crate::lexicon::Lexicon;
use crate::model::Span;

/// What a count counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CountRole {
    /// People taking part.
    Size,
    /// People detained.
    Detained,
    /// Anything else.
    Other,
    /// Words around it say it is not people taking part (injured, killed,
    /// years, hours): never a crowd, whatever follows.
    NotPeople,
}

/// One count in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountMention {
    /// Byte span, approximator included ("about 50").
    pub span: Span,
    /// Sentence index.
    pub sentence: usize,
    /// Lowest value the words allow.
    pub low: u64,
    /// Highest value the words allow.
    pub high: u64,
    /// What is counted.
    pub role: CountRole,
    /// How the range was read, for `placard explain`.
    pub rule: String,
}

/// Finds every count outside boilerplate.
pub fn find_counts(document: &Document<'_>, lexicon: &Lexicon) -> Vec<CountMention> {
    let text = document.text;
    let mut counts = Vec::new();
    for (sentence_idx, sentence) in document.sentences.iter().enumerate() {
        if sentence.boilerplate {
            continue;
        }
        let sentence_text = document.slice(sentence.span);
        if !lexicon.count_screen.is_match(sentence_text) {
            continue;
        }
        let mut raw: Vec<(Span, u64, u64, String)> = Vec::new();
        for vague in &lexicon.vague {
            for found in vague.pattern.find_iter(sentence_text) {
                raw.push((
                    [
                        sentence.span[0] + found.start(),
                        sentence.span[0] + found.end(),
                    ],
                    vague.low,
                    vague.high,
                    format!("{}.count.vague", lexicon.language),
                ));
            }
        }
        for captures in lexicon.number_pattern.captures_iter(sentence_text) {
            let whole = captures.get(0).expect("group 0 always exists");
            let Some((low, high)) = number_range(lexicon, &captures) else {
                continue;
            };
            raw.push((
                [
                    sentence.span[0] + whole.start(),
                    sentence.span[0] + whole.end(),
                ],
                low,
                high,
                format!("{}.count.number", lexicon.language),
            ));
        }
        for (span, low, high, rule) in super::drop_overlaps(raw, |item| item.0) {
            let (span, low, high, rule) =
                widen(text, sentence.span, lexicon, span, low, high, rule);
            let role = role_of(text, sentence.span, lexicon, span);
            counts.push(CountMention {
                span,
                sentence: sentence_idx,
                low,
                high,
                role,
                rule,
            });
        }
    }
    counts
}

fn parse_number_words(lexicon: &Lexicon, words: &str) -> Option<u64> {
    let mut total = 0u64;
    for word in words.split(|c: char| c.is_whitespace() || c == '-') {
        if word.is_empty() {
            continue;
        }
        total += *lexicon.numbers.get(&word.to_lowercase())?;
    }
    Some(total)
}

/// Reads digits written the language's way: "1,300" and "1.12" in English,
/// "1 300" and "1,12" in Ukrainian.
fn parse_digits(lexicon: &Lexicon, value: &str) -> Option<f64> {
    let normalised: String = value
        .chars()
        .filter(|c| !lexicon.thousands_separators.contains(c) && !c.is_whitespace())
        .map(|c| {
            if c == lexicon.decimal_separator {
                '.'
            } else {
                c
            }
        })
        .collect();
    normalised.parse::<f64>().ok()
}

/// Reads one number match as a range: "two dozen" is 20–30, "1.12 million"
/// 1,120,000, "20-30" 20–30. `None` for matches that are not counts ("a").
fn number_range(lexicon: &Lexicon, captures: &regex::Captures<'_>) -> Option<(u64, u64)> {
    let value_text = captures.name("value")?.as_str();
    let multipliers = captures
        .name("multipliers")
        .map(|m| m.as_str())
        .unwrap_or("");
    let is_digits = value_text.starts_with(|c: char| c.is_ascii_digit());
    // "000" or "05" is a fragment of a code, a time or a split number, never
    // a count of people.
    if value_text.starts_with('0') && value_text[1..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let value = if is_digits {
        parse_digits(lexicon, value_text)?
    } else {
        parse_number_words(lexicon, value_text)? as f64
    };
    let (mut low_factor, mut high_factor) = (1u64, 1u64);
    let mut n_multipliers = 0;
    for word in multipliers.split(|c: char| c.is_whitespace() || c == '-') {
        let word = word.to_lowercase();
        if word.is_empty() {
            continue;
        }
        // "dozens" is the plural of "dozen": try the word, then its singular.
        let singular = lexicon.multiplier_plural.replace(&word, "");
        let factors = lexicon
            .multipliers
            .get(&word)
            .or_else(|| lexicon.multipliers.get(singular.as_ref()));
        if let Some([low, high]) = factors {
            low_factor *= low;
            high_factor *= high;
            n_multipliers += 1;
        }
    }
    // "a"/"an" only count before a multiplier ("a dozen"); a lone "one" is
    // usually a pronoun ("one of the organisers").
    let lowercase = value_text.to_lowercase();
    if n_multipliers == 0 && !is_digits && lexicon.needs_multiplier.contains(&lowercase) {
        return None;
    }
    // Years and times are not counts of people.
    if n_multipliers == 0 && is_digits && value_text.len() == 4 && (1900.0..2100.0).contains(&value)
    {
        return None;
    }
    let low = (value * low_factor as f64).round() as u64;
    let high = (value * high_factor as f64).round() as u64;
    if let Some(value_end) = captures.name("value_end") {
        let end = parse_digits(lexicon, value_end.as_str())?;
        let high_end = (end * high_factor as f64).round() as u64;
        if high_end >= low {
            return Some((low, high_end));
        }
    }
    Some((low, high))
}

/// Applies an approximator just before the count ("about", "more than").
fn widen(
    text: &str,
    sentence: Span,
    lexicon: &Lexicon,
    span: Span,
    low: u64,
    high: u64,
    rule: String,
) -> (Span, u64, u64, String) {
    let window_start = super::chars_back(text, span[0], 30).max(sentence[0]);
    let before = &text[window_start..span[0]];
    for approximator in &lexicon.approximators {
        if let Some(found) = approximator.pattern.find(before) {
            // The widened range rounds outwards so "about 50" is 40–60.
            let widened_low = (low as f64 * approximator.low).floor() as u64;
            let widened_high = (high as f64 * approximator.high).ceil() as u64;
            let start = window_start + found.start();
            let start =
                start + (text[start..span[0]].len() - text[start..span[0]].trim_start().len());
            return (
                [start, span[1]],
                widened_low,
                widened_high.max(widened_low),
                format!("{rule}+approximator"),
            );
        }
    }
    (span, low, high, rule)
}

fn role_of(text: &str, sentence: Span, lexicon: &Lexicon, span: Span) -> CountRole {
    let after_end = super::chars_forward(text, span[1], 60).min(sentence[1]);
    let after = &text[span[1]..after_end.max(span[1])];
    let before_start = super::chars_back(text, span[0], 50).max(sentence[0]);
    let before = &text[before_start..span[0]];
    if lexicon.other_after.is_match(after)
        || lexicon
            .other_before
            .as_ref()
            .is_some_and(|pattern| pattern.is_match(before))
    {
        return CountRole::NotPeople;
    }
    if lexicon.detained_after.is_match(after) || lexicon.detained_before.is_match(before) {
        return CountRole::Detained;
    }
    if lexicon.participants.is_match(after) || lexicon.size_before.is_match(before) {
        return if subject_of_detention(text, sentence, lexicon, span) {
            CountRole::Detained
        } else {
            CountRole::Size
        };
    }
    CountRole::Other
}

/// True when the count heads the subject of a "were arrested" further on
/// in its clause: "around 15 vhp workers trying to enforce the bandh on
/// bhattacharya road in patna were arrested at once".
fn subject_of_detention(text: &str, sentence: Span, lexicon: &Lexicon, span: Span) -> bool {
    let Some((verb, breaks)) = &lexicon.detained_verb else {
        return false;
    };
    let end = super::chars_forward(text, span[1], 160).min(sentence[1]);
    let after = &text[span[1]..end.max(span[1])];
    let Some(found) = verb.find(after) else {
        return false;
    };
    let subject = &after[..found.start()];
    subject.split_whitespace().count() <= 14 && !breaks.is_match(subject)
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    fn check(text: &str, expected: Expect) {
        check_in("en", text, expected);
    }

    fn check_in(language: &str, text: &str, expected: Expect) {
        let lexicon = crate::lexicon::builtin(language).unwrap();
        let document = crate::analyse::analyse(text, lexicon);
        let rendered: String = find_counts(&document, lexicon)
            .iter()
            .map(|count| {
                format!(
                    "{:?} {}-{} {:?}\n",
                    document.slice(count.span),
                    count.low,
                    count.high,
                    count.role
                )
            })
            .collect();
        expected.assert_eq(&rendered);
    }

    #[test]
    fn separators_follow_the_language() {
        let lexicon = crate::lexicon::builtin("uk").unwrap();
        let text = "Страйкували 1,12 мільйона людей, у Києві — 1 300 осіб.";
        let document = crate::analyse::analyse(text, lexicon);
        let ranges: Vec<(String, u64, u64)> = find_counts(&document, lexicon)
            .iter()
            .map(|count| {
                (
                    document.slice(count.span).to_string(),
                    count.low,
                    count.high,
                )
            })
            .collect();
        assert_eq!(
            ranges,
            [
                ("1,12 мільйона".to_string(), 1_120_000, 1_120_000),
                ("1 300".to_string(), 1300, 1300)
            ]
        );
    }

    #[test]
    fn codebook_ranges() {
        // Ranges from the codebook: two dozen 20–30, about N 0.8N–1.2N,
        // more than N N–2N, dozens 24–99, hundreds 200–999.
        check(
            "Two dozen women came out. About 50 people marched. More than 1,000 protesters gathered. \
             Police detained at least 27 people. Dozens of students and hundreds of workers joined. \
             Several thousand people rallied while 3 were injured in 2023.",
            expect![[r#"
                "Two dozen" 20-30 Size
                "About 50" 40-60 Size
                "More than 1,000" 1000-2000 Size
                "at least 27" 27-54 Detained
                "Dozens" 24-99 Size
                "hundreds" 200-999 Size
                "Several thousand" 2000-9999 Size
                "3" 3-3 NotPeople
            "#]],
        );
    }

    #[test]
    fn a_long_subject_keeps_its_verb() {
        // The count heads the subject of "were arrested", however long; a
        // comma or a conjunction starts another clause with its own subject.
        check(
            "Around 15 workers trying to enforce the bandh on the main road in Patna were arrested. \
             About 300 people marched to the square and 20 were arrested. \
             Some 200 students gathered outside, and police arrested them. \
             The three bank workers - two women and a man - were killed.",
            expect![[r#"
                "Around 15" 12-18 Detained
                "About 300" 240-360 Size
                "20" 20-20 Detained
                "Some 200" 160-240 Size
                "three" 3-3 NotPeople
                "two" 2-2 NotPeople
            "#]],
        );
    }

    #[test]
    fn serial_numbers_and_split_groups() {
        // A law's article and a code are not crowds; a number whose groups
        // stand apart ("20 , 000") is still one number.
        check(
            "Police said as many as 20 , 000 people marched. They were charged under Article 141 \
             and held in cell 007.",
            expect![[r#"
                "as many as 20 , 000" 16000-20000 Size
                "141" 141-141 NotPeople
            "#]],
        );
        check_in(
            "ru",
            "Дело возбудили по ст. 141 УК из-за акции. Задержано 12 человек по ч. 2 статьи 20.2.",
            expect![[r#"
                "141" 141-141 NotPeople
                "12" 12-12 Detained
                "2" 2-2 NotPeople
                "20" 20-20 NotPeople
                "2" 2-2 Other
            "#]],
        );
        check_in(
            "uk",
            "Справу відкрили за ст. 340 через акцію, в якій взяли участь 300 осіб.",
            expect![[r#"
                "340" 340-340 NotPeople
                "300" 300-300 Size
            "#]],
        );
    }
}
