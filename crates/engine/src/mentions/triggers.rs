//! Trigger words: the words that say a happening of some kind took place.

use crate::analyse::Document;
use crate::lexicon::Lexicon;
use crate::model::{Kind, Span};

/// One trigger match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TriggerMention {
    /// Byte span of the matched words.
    pub span: Span,
    /// Sentence index.
    pub sentence: usize,
    /// Index into [`Lexicon::triggers`].
    pub rule: usize,
    /// The rule's kind.
    pub kind: Kind,
    /// The rule's mode.
    pub mode: Option<String>,
}

/// Finds all triggers outside boilerplate, keeping the longest of overlapping ones.
pub fn find_triggers(document: &Document<'_>, lexicon: &Lexicon) -> Vec<TriggerMention> {
    let text = document.text;
    let mut found = Vec::new();
    for (rule_idx, rule) in lexicon.triggers.iter().enumerate() {
        if let Some(article_requires) = &rule.article_requires {
            if !article_requires.is_match(text) {
                continue;
            }
        }
        for found_match in rule.pattern.find_iter(text) {
            let Some(sentence_idx) = document.sentence_at(found_match.start()) else {
                continue;
            };
            let sentence = &document.sentences[sentence_idx];
            if sentence.boilerplate {
                continue;
            }
            let sentence_text = document.slice(sentence.span);
            if let Some(requires) = &rule.requires {
                if !requires.is_match(sentence_text) {
                    continue;
                }
            }
            if let Some(excludes) = &rule.excludes {
                // Exclusions only count when they touch this match, so one
                // "air strike" does not hide a workers' strike elsewhere.
                let touches = excludes.find_iter(sentence_text).any(|excluded| {
                    let excluded_start = sentence.span[0] + excluded.start();
                    let excluded_end = sentence.span[0] + excluded.end();
                    excluded_start < found_match.end() && found_match.start() < excluded_end
                });
                if touches {
                    continue;
                }
            }
            if let Some(excludes_before) = &rule.excludes_before {
                let window_start =
                    super::floor_boundary(text, found_match.start().saturating_sub(40));
                let window_start = window_start.max(sentence.span[0]);
                if excludes_before.is_match(&text[window_start..found_match.start()]) {
                    continue;
                }
            }
            found.push(TriggerMention {
                span: [found_match.start(), found_match.end()],
                sentence: sentence_idx,
                rule: rule_idx,
                kind: rule.kind,
                mode: rule.mode.clone(),
            });
        }
    }
    super::drop_overlaps(found, |mention| mention.span)
}
