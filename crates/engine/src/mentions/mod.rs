//! Stage 2, mentions: everything the extractor looks for in the text, each
//! kind of mention in its own file. Every finder takes the analysed
//! [`Document`](crate::analyse::Document) and the language's
//! [`Lexicon`](crate::lexicon::Lexicon) and returns byte spans; none of them
//! decides what a mention means for a report (that is `frames.rs`).

pub mod actors;
pub mod arguments;
pub mod attribution;
pub mod counts;
pub mod dates;
pub mod modality;
pub mod triggers;

/// Largest char boundary of `text` that is `<= offset`.
pub(crate) fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Smallest char boundary of `text` that is `>= offset`.
pub(crate) fn ceil_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// The byte offset `n_chars` characters before `offset` (or 0): windows
/// measured in characters reach as far in Cyrillic as in Latin text.
pub(crate) fn chars_back(text: &str, offset: usize, n_chars: usize) -> usize {
    text[..offset]
        .char_indices()
        .rev()
        .nth(n_chars.saturating_sub(1))
        .map(|(index, _)| index)
        .unwrap_or(0)
}

/// The byte offset `n_chars` characters after `offset` (or the end).
pub(crate) fn chars_forward(text: &str, offset: usize, n_chars: usize) -> usize {
    text[offset..]
        .char_indices()
        .nth(n_chars)
        .map(|(index, _)| offset + index)
        .unwrap_or(text.len())
}

/// Keeps the longest of overlapping items (ties: the earlier one), in text order.
pub(crate) fn drop_overlaps<T>(mut items: Vec<T>, span_of: impl Fn(&T) -> [usize; 2]) -> Vec<T> {
    items.sort_by_key(|item| {
        let span = span_of(item);
        (span[0], std::cmp::Reverse(span[1]))
    });
    let mut kept: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        let span = span_of(&item);
        let overlaps = kept.iter().any(|other| {
            let other_span = span_of(other);
            span[0] < other_span[1] && other_span[0] < span[1]
        });
        if !overlaps {
            kept.push(item);
        } else if let Some(position) = kept.iter().position(|other| {
            let other_span = span_of(other);
            span[0] < other_span[1] && other_span[0] < span[1]
        }) {
            let other_span = span_of(&kept[position]);
            if span[1] - span[0] > other_span[1] - other_span[0] {
                kept[position] = item;
            }
        }
    }
    kept.sort_by_key(|item| span_of(item)[0]);
    kept
}
