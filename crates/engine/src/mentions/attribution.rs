//! Attribution: who the text says its information comes from. Named outlets,
//! agencies and organisations ("according to Kommersant", "as UNIAN wrote"),
//! unnamed sources ("his source claims", "Kommersant sources"), and the stance
//! words attached to them ("which is moderately loyal to the Kremlin").

use crate::analyse::Document;
use crate::lexicon::Lexicon;
use crate::model::{SourceType, Span};

/// One cited source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceMention {
    /// Byte span of the name (or of the unnamed-source words).
    pub span: Span,
    /// Sentence index.
    pub sentence: usize,
    /// The name as written, without a leading "the".
    pub name: String,
    /// Outlet, agency, organisation or unnamed.
    pub source_type: SourceType,
    /// Stance words, when the text attaches any.
    pub description: Option<String>,
    /// For an unnamed source: the named source it belongs to.
    pub via: Option<String>,
    /// Where the stance words are, so later stages do not read them as actors.
    pub description_span: Option<Span>,
    /// The rule id.
    pub rule: String,
}

fn clean_name(raw: &str) -> &str {
    let trimmed = raw
        .trim()
        .trim_end_matches(['.', ',', ':'])
        .trim_matches(['«', '»', '"', '“', '”', '„']);
    trimmed
        .strip_prefix("the ")
        .or_else(|| trimmed.strip_prefix("The "))
        .map(|rest| {
            if rest.starts_with(|c: char| c.is_uppercase()) && rest.split_whitespace().count() == 1
            {
                trimmed
            } else {
                rest
            }
        })
        .unwrap_or(trimmed)
}

/// Finds cited sources outside boilerplate, in text order.
pub fn find_sources(document: &Document<'_>, lexicon: &Lexicon) -> Vec<SourceMention> {
    let text = document.text;
    let mut found: Vec<SourceMention> = Vec::new();
    let add_named =
        |span: Span, name: &str, rule: &str, known_only: bool, found: &mut Vec<SourceMention>| {
            let Some(sentence) = document.sentence_at(span[0]) else {
                return false;
            };
            if document.sentences[sentence].boilerplate {
                return false;
            }
            let known = lexicon.known_source(name).cloned();
            if known_only && known.is_none() {
                return false;
            }
            if lexicon.not_source_names.contains(&name.to_lowercase()) || name.is_empty() {
                return false;
            }
            let (name, source_type) = match known {
                Some((canonical, source_type)) => (canonical, source_type),
                None => (name.to_string(), SourceType::Outlet),
            };
            let stance = stance_of(text, lexicon, span);
            found.push(SourceMention {
                span,
                sentence,
                name,
                source_type,
                description: stance.as_ref().map(|(words, _)| words.clone()),
                via: None,
                description_span: stance.map(|(_, stance_span)| stance_span),
                rule: rule.to_string(),
            });
            true
        };
    for rule in &lexicon.attributions {
        for captures in rule.pattern.captures_iter(text) {
            let Some(name_match) = captures.name("name") else {
                continue;
            };
            // A name never runs past its sentence ("according to Ukrinform.
            // Police detained …" cites Ukrinform).
            let raw_name = name_match.as_str();
            let raw_name = match document.sentence_at(name_match.start()) {
                Some(sentence) => {
                    &raw_name[..raw_name
                        .len()
                        .min(document.sentences[sentence].span[1] - name_match.start())]
                }
                None => raw_name,
            };
            let raw_name = raw_name.split(". ").next().unwrap_or(raw_name);
            let cleaned = clean_name(raw_name);
            let offset = name_match.as_str().find(cleaned).unwrap_or(0);
            let span = [
                name_match.start() + offset,
                name_match.start() + offset + cleaned.len(),
            ];
            let accepted = add_named(span, cleaned, &rule.id, rule.known_only, &mut found);
            if let (true, Some(unnamed)) = (accepted, captures.name("unnamed")) {
                if let Some(sentence) = document.sentence_at(unnamed.start()) {
                    // The span covers the unnamed noun alone, so the named
                    // source before it survives as a mention of its own.
                    // Either order: "Kommersant sources", «джерела видання X».
                    let whole = [
                        name_match.start().min(unnamed.start()),
                        name_match.end().max(unnamed.end()),
                    ];
                    found.push(SourceMention {
                        span: [unnamed.start(), unnamed.end()],
                        sentence,
                        name: text[whole[0]..whole[1]].to_string(),
                        source_type: SourceType::Unnamed,
                        description: None,
                        via: Some(cleaned.to_string()),
                        description_span: None,
                        rule: rule.id.clone(),
                    });
                }
            }
        }
    }
    // Bare mentions of known outlets ("The opposition publication The Insider
    // presents…") cite them for their sentence and anchor later unnamed sources.
    for (form, canonical, source_type) in &lexicon.known_source_forms {
        if *source_type == SourceType::Organisation
            || form.chars().next().is_some_and(|c| c.is_lowercase())
        {
            continue;
        }
        let mut search_from = 0;
        while let Some(position) = text[search_from..].find(form.as_str()) {
            let start = search_from + position;
            let end = start + form.len();
            search_from = end;
            let boundary_before = text[..start]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let boundary_after = text[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if boundary_before && boundary_after {
                add_named(
                    [start, end],
                    canonical,
                    &format!("{}.attr.known_source", lexicon.language),
                    false,
                    &mut found,
                );
            }
        }
    }
    found = super::drop_overlaps(found, |mention| mention.span);
    // "По его данным" cites the source named last, in its sentence or the
    // one before: "…, сообщает ОВД-Инфо. По его данным, сотни задержаний …".
    let mut by_pronoun = Vec::new();
    for rule in &lexicon.pronoun_sources {
        for found_match in rule.pattern.find_iter(text) {
            let Some(sentence) = document.sentence_at(found_match.start()) else {
                continue;
            };
            if document.sentences[sentence].boilerplate {
                continue;
            }
            let antecedent = found.iter().rev().find(|named| {
                named.span[1] <= found_match.start()
                    && named.source_type != SourceType::Unnamed
                    && named.sentence + 1 >= sentence
            });
            if let Some(named) = antecedent {
                by_pronoun.push(SourceMention {
                    span: [found_match.start(), found_match.end()],
                    sentence,
                    name: named.name.clone(),
                    source_type: named.source_type,
                    description: named.description.clone(),
                    via: None,
                    description_span: None,
                    rule: rule.id.clone(),
                });
            }
        }
    }
    found.extend(by_pronoun);
    found.sort_by_key(|mention| mention.span);
    // Unnamed sources belong to the last named source before them.
    let mut unnamed = Vec::new();
    for rule in &lexicon.unnamed_sources {
        for found_match in rule.pattern.find_iter(text) {
            let Some(sentence) = document.sentence_at(found_match.start()) else {
                continue;
            };
            if document.sentences[sentence].boilerplate {
                continue;
            }
            let via = found
                .iter()
                .rev()
                .find(|named| {
                    named.span[1] <= found_match.start() && named.source_type != SourceType::Unnamed
                })
                .map(|named| named.name.clone());
            unnamed.push(SourceMention {
                span: [found_match.start(), found_match.end()],
                sentence,
                name: found_match.as_str().to_string(),
                source_type: SourceType::Unnamed,
                description: None,
                via,
                description_span: None,
                rule: rule.id.clone(),
            });
        }
    }
    found.extend(unnamed);
    let mut found = super::drop_overlaps(found, |mention| mention.span);
    // A stance stated once ("the opposition publication The Insider") holds for
    // later mentions of the same source.
    for index in 0..found.len() {
        if found[index].description.is_none() {
            let name = found[index].name.clone();
            if let Some(description) = found
                .iter()
                .find(|other| other.name == name && other.description.is_some())
                .and_then(|other| other.description.clone())
            {
                found[index].description = Some(description);
            }
        }
    }
    found
}

fn stance_of(text: &str, lexicon: &Lexicon, span: Span) -> Option<(String, Span)> {
    let after_end = super::chars_forward(text, span[1], 80);
    if let Some(captures) = lexicon.stance_after.captures(&text[span[1]..after_end]) {
        if let Some(stance) = captures.name("stance") {
            return Some((
                stance.as_str().to_string(),
                [span[1] + stance.start(), span[1] + stance.end()],
            ));
        }
    }
    let before_start = super::chars_back(text, span[0], 60);
    if let Some(captures) = lexicon.stance_before.captures(&text[before_start..span[0]]) {
        if let Some(stance) = captures.name("stance") {
            return Some((
                stance.as_str().to_string(),
                [before_start + stance.start(), before_start + stance.end()],
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use expect_test::{expect, Expect};

    fn check(text: &str, expected: Expect) {
        check_in("en", text, expected);
    }

    fn check_in(language: &str, text: &str, expected: Expect) {
        let lexicon = crate::lexicon::builtin(language).unwrap();
        let document = crate::analyse::analyse(text, lexicon);
        let rendered: String = find_sources(&document, lexicon)
            .iter()
            .map(|source| {
                format!(
                    "{:?} {:?} desc={:?} via={:?}\n",
                    source.name, source.source_type, source.description, source.via
                )
            })
            .collect();
        expected.assert_eq(&rendered);
    }

    #[test]
    fn names_stop_at_the_sentence_end() {
        check(
            "Students rallied, according to Ukrinform. Police detained 12 people.",
            expect![[r#"
                "Ukrinform" Agency desc=None via=None
            "#]],
        );
    }

    #[test]
    fn stance_and_unnamed_sources() {
        check(
            "According to the publication Kommersant, which is moderately loyal to the Kremlin, a seminar was held. \
             The opposition publication The Insider disagrees. His source claims otherwise.",
            expect![[r#"
                "Kommersant" Outlet desc=Some("moderately loyal to the Kremlin") via=None
                "The Insider" Outlet desc=Some("opposition") via=None
                "His source" Unnamed desc=None via=Some("The Insider")
            "#]],
        );
    }

    #[test]
    fn a_descriptor_between_verb_and_name() {
        // "сообщает правозащитный проект ОВД-Инфо": the kind of source
        // stands between the verb and the name.
        check_in(
            "ru",
            "Задержаны 30 человек, сообщает правозащитный проект ОВД-Инфо.",
            expect![[r#"
                "ОВД-Инфо" Organisation desc=None via=None
            "#]],
        );
        check_in(
            "uk",
            "Затримали 30 людей, повідомляє незалежне видання «Медіазона».",
            expect![[r#"
                "Медіазона" Outlet desc=Some("незалежне") via=None
            "#]],
        );
    }

    #[test]
    fn a_pronoun_cites_the_source_named_just_before() {
        // "По его данным" is ОВД-Инфо's data; a pronoun two sentences after
        // the name, or a person's words, cite nobody.
        check_in(
            "ru",
            "Задержаны 1300 человек, сообщает ОВД-Инфо. По его данным, сотни задержаний пришлись на Москву. \
             Песков возражает. Впрочем, по его данным, задержаний не было. По его словам, всё спокойно.",
            expect![[r#"
                "ОВД-Инфо" Organisation desc=None via=None
                "ОВД-Инфо" Organisation desc=None via=None
            "#]],
        );
    }
}
