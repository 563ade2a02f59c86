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
    // Article-level requirements, decided once per rule and article.
    let mut article_ok: Vec<Option<bool>> = vec![None; lexicon.triggers.len()];
    for (sentence_idx, sentence) in document.sentences.iter().enumerate() {
        if sentence.boilerplate {
            continue;
        }
        let sentence_text = document.slice(sentence.span);
        // One pass of the screen says which rules can match here at all.
        for rule_idx in lexicon.trigger_screen.matches(sentence_text).iter() {
            let rule = &lexicon.triggers[rule_idx];
            let allowed = *article_ok[rule_idx].get_or_insert_with(|| {
                rule.article_requires
                    .as_ref()
                    .is_none_or(|pattern| pattern.is_match(text))
            });
            if !allowed {
                continue;
            }
            // Context a rule requires may stand in the two sentences before, in
            // the same paragraph ("… clashed with police. Bus services were
            // hit. At least 40 persons have been arrested.").
            let context_start = (sentence_idx.saturating_sub(2)..sentence_idx)
                .map(|previous| &document.sentences[previous])
                .find(|previous| previous.paragraph == sentence.paragraph && !previous.boilerplate)
                .map(|previous| previous.span[0])
                .unwrap_or(sentence.span[0]);
            let context = &text[context_start..sentence.span[1]];
            for found_match in rule.pattern.find_iter(sentence_text) {
                let span = [
                    sentence.span[0] + found_match.start(),
                    sentence.span[0] + found_match.end(),
                ];
                if let Some(requires) = &rule.requires {
                    if !requires.is_match(context) {
                        break;
                    }
                }
                if let Some(excludes) = &rule.excludes {
                    // Exclusions only count when they touch this match, so one
                    // "air strike" does not hide a workers' strike elsewhere.
                    let touches = excludes.find_iter(sentence_text).any(|excluded| {
                        let excluded_start = sentence.span[0] + excluded.start();
                        let excluded_end = sentence.span[0] + excluded.end();
                        excluded_start < span[1] && span[0] < excluded_end
                    });
                    if touches {
                        continue;
                    }
                }
                if let Some(excludes_before) = &rule.excludes_before {
                    let window_start = super::chars_back(text, span[0], 40).max(sentence.span[0]);
                    if excludes_before.is_match(&text[window_start..span[0]]) {
                        continue;
                    }
                }
                found.push(TriggerMention {
                    span,
                    sentence: sentence_idx,
                    rule: rule_idx,
                    kind: rule.kind,
                    mode: rule.mode.clone(),
                });
            }
        }
    }
    // Overlaps are resolved within a family of kinds: "attacked a peaceful
    // protest" is both force and a protest, but "refused to approve" is a
    // refusal only.
    let mut kept = Vec::with_capacity(found.len());
    for family in 0..4 {
        kept.extend(super::drop_overlaps(
            found
                .iter()
                .filter(|mention| mention.kind.family() == family)
                .cloned()
                .collect(),
            |mention| mention.span,
        ));
    }
    kept.sort_by_key(|mention| (mention.span[0], mention.span[1]));
    kept
}
