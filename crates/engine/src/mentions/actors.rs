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
    for rule in &lexicon.actors {
        for found_match in rule.pattern.find_iter(document.text) {
            let Some(sentence) = document.sentence_at(found_match.start()) else {
                continue;
            };
            if document.sentences[sentence].boilerplate {
                continue;
            }
            found.push(ActorMention {
                span: [found_match.start(), found_match.end()],
                sentence,
                group: rule.group,
                rule: rule.id.clone(),
            });
        }
    }
    super::drop_overlaps(found, |mention| mention.span)
}
