//! Stage 1, language: which language an article is written in.
//!
//! A language given with the article is trusted. Otherwise the text is
//! identified with `whatlang` (trigram statistics, 70 languages, no model
//! download): first the whole text; when that is not reliable (mixed texts,
//! long quotes in another language), each paragraph on its own, and the
//! language with most characters wins. A language Placard has no data for
//! (German, Polish, Chinese …) is reported as such, never forced into a
//! supported one.

use crate::model::Article;

/// How the language was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LanguageSource {
    /// The article said so.
    Given,
    /// Identified from the whole text.
    Detected,
    /// Identified paragraph by paragraph, the majority by length.
    DetectedByParagraph,
}

/// The decided language of an article.
#[derive(Clone, Debug, PartialEq)]
pub struct LanguageDecision {
    /// ISO 639-1 code where one exists ("en", "de"), else ISO 639-3; `None`
    /// when the text gives too little to tell.
    pub code: Option<String>,
    /// How it was decided.
    pub source: LanguageSource,
    /// 0–1; 1 for a given language.
    pub confidence: f64,
}

/// Longest prefix examined in one detection: more text adds time, not accuracy.
const MAX_DETECTION_BYTES: usize = 6_000;

/// Paragraphs shorter than this say too little to vote.
const MIN_PARAGRAPH_CHARS: usize = 25;

/// ISO 639-1 codes for the ISO 639-3 codes whatlang gives, for the languages
/// news is often in; others keep their three-letter code.
const TWO_LETTER: &[(&str, &str)] = &[
    ("eng", "en"),
    ("rus", "ru"),
    ("ukr", "uk"),
    ("bel", "be"),
    ("bul", "bg"),
    ("deu", "de"),
    ("fra", "fr"),
    ("spa", "es"),
    ("por", "pt"),
    ("ita", "it"),
    ("pol", "pl"),
    ("ces", "cs"),
    ("slk", "sk"),
    ("srp", "sr"),
    ("hrv", "hr"),
    ("slv", "sl"),
    ("mkd", "mk"),
    ("ron", "ro"),
    ("hun", "hu"),
    ("nld", "nl"),
    ("swe", "sv"),
    ("dan", "da"),
    ("nob", "nb"),
    ("fin", "fi"),
    ("est", "et"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("tur", "tr"),
    ("ell", "el"),
    ("kat", "ka"),
    ("hye", "hy"),
    ("aze", "az"),
    ("uzb", "uz"),
    ("cmn", "zh"),
    ("jpn", "ja"),
    ("kor", "ko"),
    ("ara", "ar"),
    ("heb", "he"),
    ("pes", "fa"),
    ("hin", "hi"),
    ("ben", "bn"),
    ("urd", "ur"),
    ("vie", "vi"),
    ("tha", "th"),
    ("ind", "id"),
    ("cat", "ca"),
    ("lat", "la"),
    ("epo", "eo"),
];

fn two_letter(lang: whatlang::Lang) -> String {
    let code = lang.code();
    TWO_LETTER
        .iter()
        .find(|(three, _)| *three == code)
        .map(|(_, two)| two.to_string())
        .unwrap_or_else(|| code.to_string())
}

fn prefix(text: &str, max_bytes: usize) -> &str {
    let mut end = text.len().min(max_bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Decides the language of `article`.
///
/// ```
/// use placard_engine::{Article, language::identify};
/// let article = |text: &str| Article { id: "a".into(), url: None, outlet: None, published: None, language: None, title: None, text: text.into() };
/// assert_eq!(identify(&article("Около двух десятков женщин вышли на пикет у здания мэрии в Москве.")).code.as_deref(), Some("ru"));
/// assert_eq!(identify(&article("Близько двох десятків жінок вийшли на пікет біля будівлі мерії у Києві.")).code.as_deref(), Some("uk"));
/// assert_eq!(identify(&article("Rund zweihundert Menschen demonstrierten am Samstag vor dem Rathaus in Berlin.")).code.as_deref(), Some("de"));
/// ```
pub fn identify(article: &Article) -> LanguageDecision {
    if let Some(given) = &article.language {
        let primary = given
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .trim()
            .to_lowercase();
        if !primary.is_empty() {
            return LanguageDecision {
                code: Some(primary),
                source: LanguageSource::Given,
                confidence: 1.0,
            };
        }
    }
    let text = &article.text;
    if let Some(info) = whatlang::detect(prefix(text, MAX_DETECTION_BYTES)) {
        if info.is_reliable() {
            return LanguageDecision {
                code: Some(two_letter(info.lang())),
                source: LanguageSource::Detected,
                confidence: info.confidence(),
            };
        }
    }
    // Mixed or short text: let each paragraph vote with its length.
    let mut votes: Vec<(String, f64)> = Vec::new();
    for paragraph in text.split("\n\n") {
        let n_chars = paragraph.chars().filter(|c| c.is_alphabetic()).count();
        if n_chars < MIN_PARAGRAPH_CHARS {
            continue;
        }
        if let Some(info) = whatlang::detect(prefix(paragraph, MAX_DETECTION_BYTES)) {
            let code = two_letter(info.lang());
            let weight = n_chars as f64 * info.confidence();
            match votes.iter_mut().find(|(known, _)| *known == code) {
                Some((_, total)) => *total += weight,
                None => votes.push((code, weight)),
            }
        }
    }
    let total: f64 = votes.iter().map(|(_, weight)| weight).sum();
    match votes
        .into_iter()
        .max_by(|first, second| first.1.total_cmp(&second.1))
    {
        Some((code, weight)) if total > 0.0 => LanguageDecision {
            code: Some(code),
            source: LanguageSource::DetectedByParagraph,
            confidence: weight / total,
        },
        // Too little text for paragraphs: take the whole-text guess if any.
        _ => match whatlang::detect(prefix(text, MAX_DETECTION_BYTES)) {
            Some(info) => LanguageDecision {
                code: Some(two_letter(info.lang())),
                source: LanguageSource::Detected,
                confidence: info.confidence(),
            },
            None => LanguageDecision {
                code: None,
                source: LanguageSource::Detected,
                confidence: 0.0,
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> Article {
        Article {
            id: "a".into(),
            url: None,
            outlet: None,
            published: None,
            language: None,
            title: None,
            text: text.into(),
        }
    }

    #[test]
    fn given_language_is_trusted_and_normalised() {
        let mut given = article("Texte quelconque.");
        given.language = Some("en-GB".into());
        assert_eq!(
            identify(&given),
            LanguageDecision {
                code: Some("en".into()),
                source: LanguageSource::Given,
                confidence: 1.0
            }
        );
    }

    #[test]
    fn unsupported_languages_are_named_not_forced() {
        for (text, code) in [
            ("Kilkuset mieszkańców protestowało w sobotę przed urzędem miasta w Krakowie przeciwko nowym opłatom.", "pl"),
            ("数百名学生星期六在市政府门前举行抗议，要求降低学费。", "zh"),
            ("Plusieurs centaines de personnes ont manifesté samedi devant la mairie de Lyon contre la réforme.", "fr"),
        ] {
            assert_eq!(identify(&article(text)).code.as_deref(), Some(code), "{text}");
        }
    }

    #[test]
    fn a_long_foreign_quote_does_not_decide_the_language() {
        let text = "Около сотни жителей вышли на митинг у здания администрации в Иванове в субботу, требуя отставки главы города.\n\n\
                    «We want clean water», — было написано на одном из плакатов.\n\n\
                    Полиция задержала троих участников акции, сообщили местные СМИ. Организаторы намерены провести новый митинг через неделю.";
        assert_eq!(identify(&article(text)).code.as_deref(), Some("ru"));
    }
}
