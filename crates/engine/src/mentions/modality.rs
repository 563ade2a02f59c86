//! Modality cues: whether a trigger reports something that happened, is
//! planned, hypothetical or negated. Cues reach only within the trigger's
//! clause.

use crate::analyse::Document;
use crate::lexicon::{CueScope, Lexicon};
use crate::model::{Modality, Span};

/// The decided modality of one trigger and the cue behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModalityDecision {
    /// The modality.
    pub modality: Modality,
    /// The cue rule id, `None` for the asserted default.
    pub rule: Option<String>,
    /// The cue's words.
    pub span: Option<Span>,
}

/// The clause of `sentence_span` around `offset`: clause breaks bound it.
pub fn clause_around(
    document: &Document<'_>,
    lexicon: &Lexicon,
    sentence_span: Span,
    offset: usize,
) -> Span {
    let sentence_text = document.slice(sentence_span);
    let mut start = sentence_span[0];
    let mut end = sentence_span[1];
    for clause_break in lexicon.clause_breaks.find_iter(sentence_text) {
        let break_start = sentence_span[0] + clause_break.start();
        let break_end = sentence_span[0] + clause_break.end();
        if break_end <= offset {
            start = start.max(break_end);
        } else if break_start >= offset && break_start < end {
            end = break_start;
        }
    }
    [start, end]
}

/// Decides the modality of the trigger at `trigger` in sentence `sentence_span`.
///
/// Conditional and generic cues win over planned ones, and both over negation:
/// "as long as it doesn't go out into the streets" is a hypothetical protest,
/// not a denied one.
pub fn decide(
    document: &Document<'_>,
    lexicon: &Lexicon,
    sentence_span: Span,
    trigger: Span,
) -> ModalityDecision {
    let text = document.text;
    let clause = clause_around(document, lexicon, sentence_span, trigger[0]);
    let mut best: Option<(u8, ModalityDecision)> = None;
    for cue in &lexicon.cues {
        let found = match cue.scope {
            CueScope::Before => {
                let window_start =
                    super::floor_boundary(text, trigger[0].saturating_sub(cue.window))
                        .max(clause[0]);
                let before = &text[window_start..trigger[0].max(window_start)];
                cue.pattern
                    .find(before)
                    .map(|found| [window_start + found.start(), window_start + found.end()])
            }
            CueScope::After => {
                let window_end = super::ceil_boundary(text, trigger[1] + cue.window).min(clause[1]);
                if window_end <= trigger[1] {
                    None
                } else {
                    cue.pattern
                        .find(&text[trigger[1]..window_end])
                        .map(|found| [trigger[1] + found.start(), trigger[1] + found.end()])
                }
            }
        };
        let Some(span) = found else { continue };
        let rank = match cue.modality {
            Modality::Hypothetical => 3,
            Modality::Planned => 2,
            Modality::Negated => 1,
            Modality::Asserted => 0,
        };
        if best.as_ref().is_none_or(|(best_rank, _)| rank > *best_rank) {
            best = Some((
                rank,
                ModalityDecision {
                    modality: cue.modality,
                    rule: Some(cue.id.clone()),
                    span: Some(span),
                },
            ));
        }
    }
    best.map(|(_, decision)| decision)
        .unwrap_or(ModalityDecision {
            modality: Modality::Asserted,
            rule: None,
            span: None,
        })
}
