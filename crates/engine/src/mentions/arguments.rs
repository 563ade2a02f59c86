//! Arguments in running text: claims (slogans in quotes, "demanding …"),
//! the stated reason of a refusal or ban ("citing …"), and the conditions of
//! a granted permit ("on condition that …").

use crate::analyse::Document;
use crate::lexicon::Lexicon;
use crate::model::Span;

/// A piece of text found as an argument, with the rule that found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgumentMention {
    /// Byte span of the words.
    pub span: Span,
    /// The rule id.
    pub rule: String,
}

/// Longest claim, in words: beyond that the end of the phrase was missed.
const MAX_PHRASE_WORDS: usize = 25;

/// Quoted stretches of a sentence: spans of the text inside the quote marks.
pub fn quotes_in(document: &Document<'_>, lexicon: &Lexicon, sentence: Span) -> Vec<Span> {
    let text = document.slice(sentence);
    let mut quotes = Vec::new();
    let mut open: Option<(usize, char)> = None;
    for (byte_idx, character) in text.char_indices() {
        match open {
            None => {
                if let Some((_, close)) = lexicon
                    .quotes
                    .iter()
                    .find(|(opening, _)| *opening == character)
                {
                    open = Some((byte_idx + character.len_utf8(), *close));
                }
            }
            Some((start, close)) => {
                if character == close {
                    if byte_idx > start {
                        quotes.push([sentence[0] + start, sentence[0] + byte_idx]);
                    }
                    open = None;
                }
            }
        }
    }
    quotes
}

/// Slogans: quotes introduced by a slogan cue ("posters", "chanting"), and
/// quotes that follow such a slogan with only "and" or a comma between.
pub fn slogans(document: &Document<'_>, lexicon: &Lexicon, sentence: Span) -> Vec<ArgumentMention> {
    let text = document.text;
    let mut found = Vec::new();
    let mut previous_end: Option<usize> = None;
    for quote in quotes_in(document, lexicon, sentence) {
        let before = &text[sentence[0]..quote[0]];
        // Drop the opening quote mark itself from the text searched for cues.
        let before_cue =
            before.trim_end_matches(|c: char| lexicon.quotes.iter().any(|(open, _)| *open == c));
        let chained = previous_end.is_some_and(|end| {
            let between = text[end..quote[0]].trim_matches(|c: char| {
                c.is_whitespace()
                    || lexicon
                        .quotes
                        .iter()
                        .any(|(open, close)| *open == c || *close == c)
                    || c == ','
                    || c == '.'
            });
            between.is_empty()
                || between.eq_ignore_ascii_case("and")
                || between.eq_ignore_ascii_case("or")
        });
        if lexicon.slogan_cues.is_match(before_cue) || chained {
            let content = trim_punctuation(text, quote);
            if content[0] < content[1] {
                found.push(ArgumentMention {
                    span: content,
                    rule: format!("{}.claim.slogan", lexicon.language),
                });
                previous_end = Some(quote[1]);
                continue;
            }
        }
        previous_end = None;
    }
    found
}

/// Phrases introduced by `cues` within `sentence`, starting at or after `from`,
/// each ending at the language's phrase end. The cue word is kept for claims
/// ("against the war") and dropped for reasons and conditions.
pub fn phrases_after(
    document: &Document<'_>,
    lexicon: &Lexicon,
    sentence: Span,
    from: usize,
    cues: &regex::Regex,
    keep_cue: bool,
    rule: &str,
) -> Vec<ArgumentMention> {
    let text = document.text;
    let sentence_text = &text[sentence[0]..sentence[1]];
    let mut found = Vec::new();
    for cue in cues.find_iter(sentence_text) {
        let cue_span = [sentence[0] + cue.start(), sentence[0] + cue.end()];
        if cue_span[0] < from {
            continue;
        }
        if let Some(phrase) = phrase_from(document, lexicon, cue_span, sentence[1], keep_cue, rule)
        {
            found.push(phrase);
        }
    }
    found
}

/// The phrase after the cue at `cue_span`, up to the language's phrase end
/// (or `limit`), at most `MAX_PHRASE_WORDS` words; the cue itself is kept
/// when `keep_cue` ("against the war"). `None` when nothing follows.
pub fn phrase_from(
    document: &Document<'_>,
    lexicon: &Lexicon,
    cue_span: Span,
    limit: usize,
    keep_cue: bool,
    rule: &str,
) -> Option<ArgumentMention> {
    let text = document.text;
    let phrase_start = if keep_cue { cue_span[0] } else { cue_span[1] };
    let rest = &text[cue_span[1]..limit];
    let rest_end = lexicon
        .claim_end
        .find(rest)
        .map(|end| end.start())
        .unwrap_or(rest.len());
    let mut phrase_end = cue_span[1] + rest_end;
    let mut n_words = 0;
    for (byte_idx, character) in text[phrase_start..phrase_end].char_indices() {
        if character.is_whitespace() {
            n_words += 1;
            if n_words == MAX_PHRASE_WORDS {
                phrase_end = phrase_start + byte_idx;
                break;
            }
        }
    }
    let span = trim_punctuation(text, [phrase_start, phrase_end]);
    // A cue with nothing of substance after it ("over") is not an argument.
    let after_cue = text[cue_span[1].min(span[1])..span[1]].trim();
    (span[1] > span[0] && after_cue.len() > 2).then(|| ArgumentMention {
        span,
        rule: rule.to_string(),
    })
}

/// Splits a conditions phrase into its parts ("indoors and that …").
pub fn split_conditions(document: &Document<'_>, lexicon: &Lexicon, phrase: Span) -> Vec<Span> {
    let text = document.text;
    let mut parts = Vec::new();
    let mut start = phrase[0];
    for separator in lexicon
        .condition_split
        .find_iter(&text[phrase[0]..phrase[1]])
    {
        parts.push(trim_punctuation(
            text,
            [start, phrase[0] + separator.start()],
        ));
        start = phrase[0] + separator.end();
    }
    parts.push(trim_punctuation(text, [start, phrase[1]]));
    parts.retain(|part| part[1] > part[0]);
    parts
}

/// Trims whitespace, quote marks and trailing punctuation off a span.
pub fn trim_punctuation(text: &str, span: Span) -> Span {
    let slice = &text[span[0]..span[1]];
    let is_edge = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '“'
                    | '”'
                    | '«'
                    | '»'
                    | '„'
                    | '‘'
                    | '’'
                    | ','
                    | '.'
                    | ';'
                    | ':'
                    | '!'
                    | '?'
                    | '—'
                    | '–'
                    | '('
                    | ')'
            )
    };
    let trimmed_start = slice.len() - slice.trim_start_matches(is_edge).len();
    let trimmed = slice.trim_matches(is_edge);
    [
        span[0] + trimmed_start,
        span[0] + trimmed_start + trimmed.len(),
    ]
}
