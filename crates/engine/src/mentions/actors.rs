//! Actor mentions: words naming a group ("the wives of the mobilized",
//! "police") or a generic crowd ("protesters", "two dozen women").

use crate::analyse::Document;
use crate::lexicon::Lexicon;
use crate::model::{ActorGroup, Span};

/// One actor mention.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorMention {
    /// Byte span.
    pub span: Span,
    /// Sentence index.
    pub sentence: usize,
    /// The group, `None` for generic words.
    pub group: Option<ActorGroup>,
    /// The rule id.
    pub rule: String,
}

/// Finds every actor mention outside boilerplate, longest first on overlap.
pub fn find_actors(document: &Document<'_>, lexicon: &Lexicon) -> Vec<ActorMention> {
    let mut found = Vec::new();
    for (sentence_idx, sentence) in document.sentences.iter().enumerate() {
        if sentence.boilerplate {
            continue;
        }
        let sentence_text = document.slice(sentence.span);
        for rule_idx in lexicon.actor_screen.matches(sentence_text).iter() {
            let rule = &lexicon.actors[rule_idx];
            for found_match in rule.pattern.find_iter(sentence_text) {
                found.push(ActorMention {
                    span: [
                        sentence.span[0] + found_match.start(),
                        sentence.span[0] + found_match.end(),
                    ],
                    sentence: sentence_idx,
                    group: rule.group,
                    rule: rule.id.clone(),
                });
            }
        }
    }
    super::drop_overlaps(found, |mention| mention.span)
}
