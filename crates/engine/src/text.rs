//! Small text utilities shared by every stage: content hashing and the one
//! conversion from byte offsets to character offsets.

use xxhash_rust::xxh3::xxh3_128;

/// Collapses every run of whitespace to one space and trims the ends, so the
/// same text saved with other line endings or indentation hashes the same.
pub fn normalise_for_hash(text: &str) -> String {
    let mut normalised = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !normalised.is_empty() {
            normalised.push(' ');
        }
        normalised.push_str(word);
    }
    normalised
}

/// A stable hash of an article's normalised content, as 32 hex digits.
///
/// ```
/// use placard_engine::text::content_hash;
/// assert_eq!(content_hash("Two  dozen\nwomen"), content_hash("Two dozen women "));
/// assert_ne!(content_hash("a"), content_hash("b"));
/// ```
pub fn content_hash(text: &str) -> String {
    format!("{:032x}", xxh3_128(normalise_for_hash(text).as_bytes()))
}

/// The article id used when the input gives none: `a-` and the first 16 hex
/// digits of the content hash.
pub fn article_id_for_content(text: &str) -> String {
    format!("a-{}", &content_hash(text)[..16])
}

/// A short stable id from several parts, for reports and events.
pub fn stable_id(prefix: &str, parts: &[&str]) -> String {
    let joined = parts.join("\u{1f}");
    format!("{prefix}-{:016x}", xxh3_128(joined.as_bytes()) as u64)
}

/// Maps byte offsets of one text to character offsets (Unicode scalar values,
/// what Python's `str` indexes). Built once per article.
#[derive(Debug)]
pub struct CharIndex {
    /// `char_at_byte[b]` is the number of characters before byte `b`, for every
    /// byte offset including `text.len()`.
    char_at_byte: Vec<u32>,
}

impl CharIndex {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> CharIndex {
        let mut char_at_byte = vec![0u32; text.len() + 1];
        let mut n_chars = 0u32;
        let mut next_byte = 0usize;
        for (byte_idx, character) in text.char_indices() {
            for slot in &mut char_at_byte[next_byte..=byte_idx] {
                *slot = n_chars;
            }
            n_chars += 1;
            next_byte = byte_idx + 1;
            let _ = character;
        }
        for slot in &mut char_at_byte[next_byte..] {
            *slot = n_chars;
        }
        CharIndex { char_at_byte }
    }

    /// The character offset of a byte offset (clamped to the text).
    pub fn char_offset(&self, byte_offset: usize) -> usize {
        let last = self.char_at_byte.len() - 1;
        self.char_at_byte[byte_offset.min(last)] as usize
    }

    /// Converts a byte span to a character span.
    pub fn span(&self, byte_span: [usize; 2]) -> [usize; 2] {
        [
            self.char_offset(byte_span[0]),
            self.char_offset(byte_span[1]),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_scalar_values() {
        let text = "«Да» — yes";
        let index = CharIndex::new(text);
        let byte_of_yes = text.find("yes").unwrap();
        assert_eq!(index.char_offset(byte_of_yes), 7);
        assert_eq!(index.char_offset(text.len()), 10);
        assert_eq!(index.span([0, 2]), [0, 1]);
    }
}
