//! Stage 1, analyse: split an article's text into paragraphs, sentences and
//! tokens, all as byte spans into the unchanged text, and mark boilerplate
//! lines (bylines, share widgets) so later stages ignore them.

use crate::lexicon::Lexicon;
use crate::model::Span;

/// A sentence: its span, paragraph and whether it is page furniture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Byte span into the text.
    pub span: Span,
    /// Index into [`Document::paragraphs`].
    pub paragraph: usize,
    /// Boilerplate lines are kept for offsets but never searched for mentions.
    pub boilerplate: bool,
    /// Index range into [`Document::tokens`].
    pub tokens: std::ops::Range<usize>,
}

/// A word or punctuation token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte span into the text.
    pub span: Span,
}

/// The analysed article: the text and its structure. Offsets never change.
#[derive(Debug)]
pub struct Document<'text> {
    /// The article text, unchanged.
    pub text: &'text str,
    /// Paragraph spans (separated by blank lines).
    pub paragraphs: Vec<Span>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Tokens in text order.
    pub tokens: Vec<Token>,
    /// The text has (almost) no capital letters: some corpora are lower-cased,
    /// and rules that rely on capitals must not expect them.
    pub lowercase: bool,
}

impl<'text> Document<'text> {
    /// The sentence holding byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let index = self
            .sentences
            .partition_point(|sentence| sentence.span[1] <= offset);
        (index < self.sentences.len() && self.sentences[index].span[0] <= offset).then_some(index)
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &'text str {
        &self.text[span[0]..span[1]]
    }
}

/// Analyses `text` with the sentence rules of `lexicon`.
///
/// ```
/// let lexicon = placard_engine::lexicon::builtin("en").unwrap();
/// let document = placard_engine::analyse::analyse("Police came. Dr. Smith left.\n\nLike this: Like Loading...", lexicon);
/// assert_eq!(document.sentences.len(), 3);
/// assert!(document.sentences[2].boilerplate);
/// ```
pub fn analyse<'text>(text: &'text str, lexicon: &Lexicon) -> Document<'text> {
    let (mut n_letters, mut n_capitals) = (0usize, 0usize);
    for character in text.chars().filter(|c| c.is_alphabetic()) {
        n_letters += 1;
        n_capitals += usize::from(character.is_uppercase());
    }
    let lowercase = n_letters >= 20 && n_capitals * 200 < n_letters;
    let paragraphs = split_paragraphs(text);
    let mut sentences = Vec::new();
    for (paragraph_idx, paragraph) in paragraphs.iter().enumerate() {
        // A single line break inside a paragraph also ends a sentence: plain
        // text from pages puts headings and captions on lines of their own.
        let mut line_start = paragraph[0];
        for line in text[paragraph[0]..paragraph[1]].split_inclusive('\n') {
            let line_span = trim_span(text, [line_start, line_start + line.len()]);
            line_start += line.len();
            if line_span[0] >= line_span[1] {
                continue;
            }
            let line_text = &text[line_span[0]..line_span[1]];
            let boilerplate = lexicon
                .boilerplate_lines
                .iter()
                .any(|pattern| pattern.is_match(line_text));
            for sentence_span in split_sentences(text, line_span, lexicon, lowercase) {
                sentences.push(Sentence {
                    span: sentence_span,
                    paragraph: paragraph_idx,
                    boilerplate,
                    tokens: 0..0,
                });
            }
        }
    }
    let mut tokens = Vec::new();
    for sentence in &mut sentences {
        let first = tokens.len();
        tokenise(text, sentence.span, &mut tokens);
        sentence.tokens = first..tokens.len();
    }
    Document {
        text,
        paragraphs,
        sentences,
        tokens,
        lowercase,
    }
}

fn trim_span(text: &str, span: Span) -> Span {
    let slice = &text[span[0]..span[1]];
    let leading = slice.len() - slice.trim_start().len();
    let trailing = slice.len() - slice.trim_end().len();
    if leading == slice.len() {
        return [span[1], span[1]];
    }
    [span[0] + leading, span[1] - trailing]
}

fn split_paragraphs(text: &str) -> Vec<Span> {
    let mut paragraphs = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'\n' {
            // A blank line (only spaces between two newlines) ends a paragraph.
            let mut probe = index + 1;
            while probe < bytes.len()
                && (bytes[probe] == b' ' || bytes[probe] == b'\t' || bytes[probe] == b'\r')
            {
                probe += 1;
            }
            if probe < bytes.len() && bytes[probe] == b'\n' {
                let span = trim_span(text, [start, index]);
                if span[0] < span[1] {
                    paragraphs.push(span);
                }
                start = probe + 1;
                index = probe + 1;
                continue;
            }
        }
        index += 1;
    }
    let span = trim_span(text, [start, text.len()]);
    if span[0] < span[1] {
        paragraphs.push(span);
    }
    paragraphs
}

const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', ')', ']', '“'];

/// Splits a line at sentence ends. A sentence starts with a capital, a digit
/// or an opening quote; in a lower-cased text (`lowercase`) with any letter.
fn split_sentences(text: &str, line: Span, lexicon: &Lexicon, lowercase: bool) -> Vec<Span> {
    let slice = &text[line[0]..line[1]];
    let mut spans = Vec::new();
    let mut start = 0;
    let characters: Vec<(usize, char)> = slice.char_indices().collect();
    let mut index = 0;
    while index < characters.len() {
        let (byte_idx, character) = characters[index];
        if matches!(character, '.' | '!' | '?' | '…') {
            // Take closing quotes and brackets with the sentence.
            let mut end_idx = index + 1;
            while end_idx < characters.len() && CLOSERS.contains(&characters[end_idx].1) {
                end_idx += 1;
            }
            let followed_by_space =
                end_idx < characters.len() && characters[end_idx].1.is_whitespace();
            if followed_by_space && !is_abbreviation(slice, byte_idx, character, lexicon) {
                let mut next = end_idx;
                while next < characters.len() && characters[next].1.is_whitespace() {
                    next += 1;
                }
                let starts_sentence = next < characters.len() && {
                    let next_char = characters[next].1;
                    next_char.is_uppercase()
                        || (lowercase && next_char.is_lowercase())
                        || next_char.is_numeric()
                        || matches!(next_char, '“' | '"' | '«' | '„' | '‘' | '(' | '—' | '–')
                };
                if starts_sentence {
                    let end_byte = characters[end_idx].0;
                    spans.push(trim_span(text, [line[0] + start, line[0] + end_byte]));
                    start = characters[next].0;
                    index = next;
                    continue;
                }
            }
        }
        index += 1;
    }
    let last = trim_span(text, [line[0] + start, line[1]]);
    if last[0] < last[1] {
        spans.push(last);
    }
    spans
}

fn is_abbreviation(slice: &str, dot_byte: usize, character: char, lexicon: &Lexicon) -> bool {
    if character != '.' {
        return false;
    }
    let before = &slice[..dot_byte];
    let word_start = before
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace() || *c == '(' || *c == '"' || *c == '“')
        .map(|(position, c)| position + c.len_utf8())
        .unwrap_or(0);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    // Initials ("A. Navalny") never end a sentence.
    let mut word_chars = word.chars();
    if let (Some(first), None) = (word_chars.next(), word_chars.next()) {
        if first.is_uppercase() {
            return true;
        }
    }
    let lowercase = word.to_lowercase();
    lexicon.abbreviations.contains(&lowercase)
}

fn tokenise(text: &str, span: Span, tokens: &mut Vec<Token>) {
    let slice = &text[span[0]..span[1]];
    let mut word_start: Option<usize> = None;
    for (byte_idx, character) in slice.char_indices() {
        let in_word = character.is_alphanumeric()
            || ((character == '\'' || character == '’' || character == '-')
                && word_start.is_some());
        match (in_word, word_start) {
            (true, None) => word_start = Some(byte_idx),
            (false, Some(start)) => {
                tokens.push(Token {
                    span: [span[0] + start, span[0] + byte_idx],
                });
                word_start = None;
            }
            _ => {}
        }
        if !in_word && !character.is_whitespace() {
            tokens.push(Token {
                span: [
                    span[0] + byte_idx,
                    span[0] + byte_idx + character.len_utf8(),
                ],
            });
        }
    }
    if let Some(start) = word_start {
        tokens.push(Token {
            span: [span[0] + start, span[1]],
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    fn check(text: &str, expected: Expect) {
        let lexicon = crate::lexicon::builtin("en").unwrap();
        let document = analyse(text, lexicon);
        let mut rendered = String::new();
        for sentence in &document.sentences {
            rendered.push_str(&format!(
                "p{} {}{:?}\n",
                sentence.paragraph,
                if sentence.boilerplate {
                    "[boilerplate] "
                } else {
                    ""
                },
                document.slice(sentence.span)
            ));
        }
        expected.assert_eq(&rendered);
    }

    #[test]
    fn sentences_and_paragraphs() {
        check(
            " date 2023-11-20 Yuri Kobzar19:25, 20.11.23\n\nPolice came at 5 p.m. on Nov. 7. They left.\n“Go home,” she said. U.S. officials agreed!\n\nLike this: Like Loading...",
            expect![[r#"
                p0 [boilerplate] "date 2023-11-20 Yuri Kobzar19:25, 20.11.23"
                p1 "Police came at 5 p.m. on Nov. 7."
                p1 "They left."
                p1 "“Go home,” she said."
                p1 "U.S. officials agreed!"
                p2 [boilerplate] "Like this: Like Loading..."
            "#]],
        );
    }

    #[test]
    fn quotes_close_sentences() {
        check(
            "“Stop it at any cost. Persuade, pay.” says the source. A. Navalny spoke.",
            expect![[r#"
                p0 "“Stop it at any cost."
                p0 "Persuade, pay.” says the source."
                p0 "A. Navalny spoke."
            "#]],
        );
    }

    #[test]
    fn tokens_keep_offsets() {
        let lexicon = crate::lexicon::builtin("en").unwrap();
        let document = analyse("It’s time, go home.", lexicon);
        let words: Vec<&str> = document
            .tokens
            .iter()
            .map(|token| document.slice(token.span))
            .collect();
        assert_eq!(words, ["It’s", "time", ",", "go", "home", "."]);
    }
}
