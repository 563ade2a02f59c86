//! Stage 3, frames: one report per happening per article. Triggers of one
//! kind and modality in a sentence form a group; each group takes the
//! arguments its sentence gives; groups that describe the same happening are
//! merged; then values the sentence did not give are inherited from the
//! discourse (same paragraph, an earlier anchor date, the article's focus),
//! each marked as derived and explained.
//!
//! Everything here works in byte offsets; `pipeline.rs` converts the finished
//! reports to character offsets.

use crate::analyse::Document;
use crate::gazetteer::{MentionVia, PlaceMention};
use crate::lexicon::Lexicon;
use crate::mentions::actors::ActorMention;
use crate::mentions::arguments::{self, ArgumentMention};
use crate::mentions::attribution::SourceMention;
use crate::mentions::counts::{CountMention, CountRole};
use crate::mentions::dates::{DateExpr, DateMention};
use crate::mentions::modality::{self, ModalityDecision};
use crate::mentions::triggers::TriggerMention;
use crate::model::*;
use crate::resolve::{self, Interval};
use chrono::{Datelike, NaiveDate};

/// Everything the mention finders found in one article.
#[derive(Debug)]
pub struct Mentions {
    /// Trigger words.
    pub triggers: Vec<TriggerMention>,
    /// Date expressions.
    pub dates: Vec<DateMention>,
    /// Counts.
    pub counts: Vec<CountMention>,
    /// Actors.
    pub actors: Vec<ActorMention>,
    /// Cited sources.
    pub sources: Vec<SourceMention>,
    /// Places.
    pub places: Vec<PlaceMention>,
    /// The dateline place ("lucknow: …"), when the article opens with one.
    pub dateline: Option<PlaceMention>,
}

/// The article-level facts frames need besides the text.
#[derive(Debug)]
pub struct ArticleContext<'article> {
    /// The article.
    pub article: &'article Article,
    /// Its publication day.
    pub published: Option<NaiveDate>,
}

/// A report under construction: byte spans, resolved interval kept for
/// comparisons.
#[derive(Clone, Debug)]
struct Draft {
    kind: Kind,
    mode: Option<String>,
    modality: Modality,
    triggers: Vec<TriggerMention>,
    sentences: Vec<usize>,
    date: Option<(DateValue, Interval)>,
    /// "14 июля" in an article without a publication date or a year nearby:
    /// not a date we can publish, but it still tells two happenings apart.
    unplaced_day: Option<(u32, u32)>,
    date_inherited: bool,
    place: Option<PlaceValue>,
    place_inherited: bool,
    /// The place came from the article as a whole (its lead, dateline or
    /// most-named place), not from the words around the mention.
    place_from_focus: bool,
    /// "A nationwide strike": the happening covers the whole country, so a
    /// rally in one of its cities is a part of it, not the same event.
    nationwide: bool,
    /// The sentence told of a whole country it did not name ("across the
    /// country"): the place the draft inherits is lifted to its country.
    country_scope_pending: bool,
    actor: Option<ActorValue>,
    target: Option<ActorValue>,
    size: Option<CountValue>,
    detained: Option<CountValue>,
    claims: Vec<TextValue>,
    reason: Option<TextValue>,
    conditions: Vec<TextValue>,
    sources: Vec<SourceRef>,
    response_to: Option<usize>,
    explanation: Vec<FieldTrace>,
}

fn trace(
    field: &str,
    rule: &str,
    document: &Document<'_>,
    span: Option<Span>,
    note: String,
) -> FieldTrace {
    FieldTrace {
        field: field.to_string(),
        rule: rule.to_string(),
        matched: span.map(|span| document.slice(span).to_string()),
        span,
        note,
    }
}

/// Whether two protest modes can describe one happening. Withdrawing
/// (strikes, hunger strikes, boycotts) and taking to the street (marches,
/// pickets, riots) are different happenings even on one day ("rioters set
/// fire to a bank during a nationwide strike"); the generic "demo" joins
/// either.
fn same_action(first: &Option<String>, second: &Option<String>) -> bool {
    let withdrawal = |mode: &str| matches!(mode, "strike" | "hunger_strike" | "boycott");
    match (first.as_deref(), second.as_deref()) {
        (Some(first), Some(second)) if first != "demo" && second != "demo" => {
            withdrawal(first) == withdrawal(second)
        }
        _ => true,
    }
}

/// Ranks modes so a merged report keeps the most specific or most severe one.
fn mode_rank(mode: &str) -> u8 {
    match mode {
        "riot" | "firearms" => 9,
        "hunger_strike" | "rubber_bullets" => 8,
        "strike" | "chemical" => 7,
        "march" | "beating" => 6,
        "picket" | "vigil" | "obstruct" | "boycott" | "online" => 5,
        "cordon" | "disperse" | "surround" | "search" | "sentence" => 4,
        "charge" => 3,
        "fine" => 2,
        _ => 1,
    }
}

fn better_mode(current: &Option<String>, candidate: &Option<String>) -> Option<String> {
    match (current, candidate) {
        (Some(current), Some(candidate)) => {
            if mode_rank(candidate) > mode_rank(current) {
                Some(candidate.clone())
            } else {
                Some(current.clone())
            }
        }
        (None, candidate) => candidate.clone(),
        (current, None) => current.clone(),
    }
}

/// Kinds whose actor is the state side by default.
fn default_state_group(kind: Kind) -> Option<ActorGroup> {
    match kind {
        Kind::PoliceAction | Kind::Arrest | Kind::Force => Some(ActorGroup::Police),
        Kind::PermitRefused
        | Kind::PermitGranted
        | Kind::Ban
        | Kind::Prosecution
        | Kind::OfficialMeeting => Some(ActorGroup::Authorities),
        Kind::Protest | Kind::PermitRequest => None,
    }
}

fn distance(span: Span, other: Span) -> usize {
    if other[1] <= span[0] {
        span[0] - other[1]
    } else {
        other[0].saturating_sub(span[1])
    }
}

/// Builds the reports of one article.
pub fn build_reports(
    document: &Document<'_>,
    lexicon: &Lexicon,
    context: &ArticleContext<'_>,
    mentions: &Mentions,
) -> Vec<(Report, Vec<usize>)> {
    let groups = group_triggers(document, lexicon, mentions);
    // A dispersal carried out by force is coded as force only (codebook).
    let force_sentences: Vec<usize> = groups
        .iter()
        .filter(|(triggers, decision)| {
            triggers[0].kind == Kind::Force && decision.modality == Modality::Asserted
        })
        .map(|(triggers, _)| triggers[0].sentence)
        .collect();
    let groups: Vec<_> = groups
        .into_iter()
        .filter(|(triggers, _)| {
            !(triggers[0].kind == Kind::PoliceAction
                && triggers
                    .iter()
                    .all(|trigger| trigger.mode.as_deref() == Some("disperse"))
                && force_sentences.contains(&triggers[0].sentence))
        })
        .collect();
    let mut drafts: Vec<Draft> = Vec::new();
    for (triggers, decision) in groups {
        let draft = draft_from_group(document, lexicon, context, mentions, triggers, &decision);
        for draft in split_by_place(document, lexicon, mentions, draft) {
            merge_or_push(document, lexicon, mentions, &mut drafts, draft);
        }
    }
    extend_strikes_to_places(document, lexicon, mentions, &mut drafts);
    inherit(document, lexicon, context, mentions, &mut drafts);
    let mut drafts = consolidate(drafts);
    link_responses(&mut drafts);
    // Police action, detentions and force are coded only against protest
    // participants (codebook): with no protest in the article to answer,
    // they are about something else (a raid on militants, a riot of mobs).
    // Detaining political or movement activists is coded without a protest
    // (codebook): the target says who was detained.
    let any_protest = drafts.iter().any(|draft| draft.kind == Kind::Protest);
    if !any_protest {
        let political = |draft: &Draft| {
            draft
                .target
                .as_ref()
                .and_then(|target| target.group)
                .is_some_and(|group| {
                    matches!(
                        group,
                        ActorGroup::Activists
                            | ActorGroup::Opposition
                            | ActorGroup::Party
                            | ActorGroup::Journalists
                    )
                })
        };
        drafts.retain(|draft| {
            !matches!(draft.kind, Kind::PoliceAction | Kind::Arrest | Kind::Force)
                || (draft.kind == Kind::Arrest && political(draft))
        });
    }
    finish(document, context, drafts)
}

/// One event per named place (codebook): a protest "in Ranchi and Dhanbad"
/// is two. A count cannot be split between places, so a report with a size
/// or detention count keeps its single place.
fn split_by_place(
    document: &Document<'_>,
    lexicon: &Lexicon,
    mentions: &Mentions,
    draft: Draft,
) -> Vec<Draft> {
    let Some(chosen) = &draft.place else {
        return vec![draft];
    };
    if chosen.derived_from.is_some() {
        return vec![draft];
    }
    let has_count = draft.size.is_some() || draft.detained.is_some();
    let sentence_idx = draft.triggers[0].sentence;
    let in_sentence: Vec<&PlaceMention> = mentions
        .places
        .iter()
        .filter(|place| {
            document.sentence_at(place.span[0]) == Some(sentence_idx)
                && place.via != MentionVia::Demonym
                && place.record.kind == chosen.precision
        })
        .collect();
    let Some(chosen_idx) = in_sentence
        .iter()
        .position(|place| place.span == chosen.span)
    else {
        return vec![draft];
    };
    // Extend from the chosen place over neighbours joined only by commas,
    // "and" or "or".
    let joined = |first: &PlaceMention, second: &PlaceMention| {
        let between = document.text[first.span[1]..second.span[0]].trim();
        let between = between.trim_start_matches(',').trim();
        between.is_empty()
            || lexicon
                .list_joiners
                .iter()
                .any(|joiner| between.eq_ignore_ascii_case(joiner))
    };
    let mut first = chosen_idx;
    while first > 0 && joined(in_sentence[first - 1], in_sentence[first]) {
        first -= 1;
    }
    let mut last = chosen_idx;
    while last + 1 < in_sentence.len() && joined(in_sentence[last], in_sentence[last + 1]) {
        last += 1;
    }
    if first == last {
        return vec![draft];
    }
    // A list belongs to the trigger nearest its first item: in "detained in
    // Gaya, Nawada and Patna during the bandh" the list is the detentions'.
    if !has_count
        && !owned_by(
            document,
            lexicon,
            mentions,
            sentence_idx,
            in_sentence[first].span,
            &draft.triggers,
        )
    {
        return vec![draft];
    }
    // A count over several places cannot be split (codebook): the report
    // takes the region they share, else their country.
    if has_count {
        let listed = &in_sentence[first..=last];
        let mut draft = draft;
        if let Some(region) = shared_region(listed) {
            draft.explanation.push(trace(
                "place",
                "split.count_over_places",
                document,
                Some([listed[0].span[0], listed[listed.len() - 1].span[1]]),
                format!(
                    "a count over {} places: the region they share, {}",
                    listed.len(),
                    region.name
                ),
            ));
            draft.place = Some(region);
        }
        return vec![draft];
    }
    in_sentence[first..=last]
        .iter()
        .map(|place| {
            let mut copy = draft.clone();
            let mut value = place
                .record
                .to_value(document.slice(place.span), place.span);
            value.text = document.slice(place.span).to_string();
            copy.explanation.push(trace(
                "place",
                "split.place_list",
                document,
                Some(place.span),
                format!(
                    "one of {} places named together; one report each",
                    last - first + 1
                ),
            ));
            copy.place = Some(value);
            copy
        })
        .collect()
}

/// The first-level division all `places` lie in, else their shared country,
/// as a derived place value.
fn shared_region(places: &[&PlaceMention]) -> Option<PlaceValue> {
    let first = places.first()?;
    let country = &first.record.country;
    if !places.iter().all(|place| &place.record.country == country) {
        return None;
    }
    let gazetteer = crate::gazetteer::Gazetteer::builtin();
    let admin1 = first.record.admin1.as_ref().filter(|admin1| {
        places
            .iter()
            .all(|place| place.record.admin1.as_ref() == Some(*admin1))
    });
    let record = admin1
        .and_then(|admin1| {
            gazetteer
                .lookup(admin1)
                .into_iter()
                .find(|record| record.kind == PlacePrecision::Admin1 && &record.country == country)
        })
        .or_else(|| gazetteer.country(country))?;
    let span = [first.span[0], places[places.len() - 1].span[1]];
    let mut value = record.to_value(record.name, span);
    value.derived_from = Some(format!(
        "the region shared by {} places named together",
        places.len()
    ));
    Some(value)
}

/// A phrase of a sentence that spreads its happenings over a country, and
/// the country it names, if it names one.
struct CountryScope {
    span: Span,
    place: Option<PlaceValue>,
}

/// The country scope of a clause ("across Russia", "across the country",
/// "in dozens of Russian cities"), when it has one. A scope naming a place
/// finer than a country ("across Pushkin Square") is not one.
fn country_scope(
    document: &Document<'_>,
    lexicon: &Lexicon,
    mentions: &Mentions,
    clause: Span,
) -> Option<CountryScope> {
    let pattern = lexicon.country_scope.as_ref()?;
    pattern.find_iter(document.slice(clause)).find_map(|found| {
        let span = [clause[0] + found.start(), clause[0] + found.end()];
        let inside: Vec<&PlaceMention> = mentions
            .places
            .iter()
            .filter(|place| span[0] <= place.span[0] && place.span[1] <= span[1])
            .collect();
        if inside
            .iter()
            .any(|place| place.record.kind != PlacePrecision::Country)
        {
            return None;
        }
        let place = inside.first().map(|place| {
            let mut value = place
                .record
                .to_value(document.slice(place.span), place.span);
            value.text = document.slice(place.span).to_string();
            value
        });
        Some(CountryScope { span, place })
    })
}

/// The country of `place` as a derived place value (the place itself when
/// it is a country); `None` when the gazetteer knows no such country.
fn lift_to_country(place: PlaceValue, why: &str) -> Option<PlaceValue> {
    if place.precision == PlacePrecision::Country {
        return Some(place);
    }
    let country = place.country.clone()?;
    let record = crate::gazetteer::Gazetteer::builtin().country(&country)?;
    let mut value = record.to_value(&place.text, place.span);
    value.text = place.text.clone();
    value.derived_from = Some(format!("{why}: the country of {}", place.name));
    Some(value)
}

/// Triggers of the same kind and modality in one sentence describe one happening.
fn group_triggers(
    document: &Document<'_>,
    lexicon: &Lexicon,
    mentions: &Mentions,
) -> Vec<(Vec<TriggerMention>, ModalityDecision)> {
    let mut groups: Vec<(Vec<TriggerMention>, ModalityDecision)> = Vec::new();
    let mut previous: Option<(&TriggerMention, ModalityDecision)> = None;
    for trigger in &mentions.triggers {
        let sentence_span = document.sentences[trigger.sentence].span;
        let mut decision = modality::decide(document, lexicon, sentence_span, trigger.span);
        // Coordinated triggers share their modality: in "would hold strikes
        // and marches" the cue before "strikes" covers "marches" too.
        if let Some((previous_trigger, previous_decision)) = &previous {
            let coordinated = previous_trigger.sentence == trigger.sentence
                && previous_trigger.kind.family() == trigger.kind.family()
                && previous_trigger.span[1] <= trigger.span[0]
                && {
                    let between = document.text[previous_trigger.span[1]..trigger.span[0]]
                        .trim_matches(|c: char| c.is_whitespace() || c == ',');
                    // "rallies or processions", "rallies or taking out processions".
                    let first_word = between.split_whitespace().next().unwrap_or("");
                    // Adjacent triggers ("taking out processions") are one phrase.
                    between.is_empty()
                        || between.split_whitespace().count() <= 3
                            && lexicon.list_joiners.iter().any(|joiner| {
                                between.eq_ignore_ascii_case(joiner)
                                    || first_word.eq_ignore_ascii_case(joiner)
                            })
                };
            if coordinated && decision.modality == Modality::Asserted {
                decision = previous_decision.clone();
            }
        }
        previous = Some((trigger, decision.clone()));
        if let Some((group, _)) = groups.iter_mut().find(|(group, group_decision)| {
            group[0].sentence == trigger.sentence
                && group[0].kind == trigger.kind
                && group_decision.modality == decision.modality
                && group
                    .iter()
                    .all(|other| same_action(&other.mode, &trigger.mode))
        }) {
            group.push(trigger.clone());
        } else {
            groups.push((vec![trigger.clone()], decision));
        }
    }
    groups
}

fn draft_from_group(
    document: &Document<'_>,
    lexicon: &Lexicon,
    context: &ArticleContext<'_>,
    mentions: &Mentions,
    triggers: Vec<TriggerMention>,
    decision: &ModalityDecision,
) -> Draft {
    let kind = triggers[0].kind;
    let sentence_idx = triggers[0].sentence;
    let sentence = &document.sentences[sentence_idx];
    let anchor = triggers[0].span;
    let mut explanation = Vec::new();
    let mut mode = None;
    for trigger in &triggers {
        mode = better_mode(&mode, &trigger.mode);
        let rule = &lexicon.triggers[trigger.rule];
        explanation.push(trace(
            "kind",
            &rule.id,
            document,
            Some(trigger.span),
            format!(
                "trigger rule {} says {}{}",
                rule.id,
                kind,
                rule.mode
                    .as_ref()
                    .map(|mode| format!(" ({mode})"))
                    .unwrap_or_default()
            ),
        ));
    }
    match &decision.rule {
        Some(rule) => explanation.push(trace(
            "modality",
            rule,
            document,
            decision.span,
            format!("cue makes it {}", decision.modality.as_str()),
        )),
        None => explanation.push(trace(
            "modality",
            "default.asserted",
            document,
            None,
            "no planned, hypothetical or negating cue in the clause".into(),
        )),
    }

    // Date: the expression nearest the trigger in its sentence.
    let future = decision.modality == Modality::Planned;
    let fallback_year = fallback_year(mentions, anchor[0]);
    let mut date = None;
    // A date belongs to the trigger nearest it: in "refused to approve a
    // rally planned for Saturday", Saturday dates the rally, not the refusal.
    // A date belongs to the nearest asserted trigger of its sentence, when
    // there is one: the rally an application is for claims no date from
    // the application around it.
    let in_sentence: Vec<(&TriggerMention, bool)> = mentions
        .triggers
        .iter()
        .filter(|trigger| trigger.sentence == sentence_idx)
        .map(|trigger| {
            let asserted = modality::decide(document, lexicon, sentence.span, trigger.span)
                .modality
                == Modality::Asserted;
            (trigger, asserted)
        })
        .collect();
    let any_asserted = in_sentence.iter().any(|(_, asserted)| *asserted);
    // "people detained at the January 23 rally": a happening put at a
    // protest is dated by it. The protest it is at, if any (at most 60
    // bytes on, past the language's "at the", with no clause punctuation).
    let protest_at = |trigger: &TriggerMention| -> Option<Span> {
        let at_protest = lexicon.at_protest.as_ref()?;
        in_sentence
            .iter()
            .map(|(protest, _)| protest)
            .filter(|protest| protest.kind == Kind::Protest && protest.span[0] >= trigger.span[1])
            .min_by_key(|protest| protest.span[0])
            .filter(|protest| protest.span[0] - trigger.span[1] <= 60)
            .filter(|protest| {
                document
                    .text
                    .get(trigger.span[1]..protest.span[0])
                    .is_some_and(|between| {
                        at_protest.is_match(between) && !between.contains([',', ';', ':'])
                    })
            })
            .map(|protest| protest.span)
    };
    // Each dated link: the happening, the protest it was at, and the span
    // between them holding the date.
    let links: Vec<(Span, Span)> = in_sentence
        .iter()
        .filter_map(|(trigger, _)| {
            let protest = protest_at(trigger)?;
            let gap = [trigger.span[1], protest[0]];
            mentions
                .dates
                .iter()
                .any(|date| gap[0] <= date.span[0] && date.span[1] <= gap[1])
                .then_some((trigger.span, gap))
        })
        .collect();
    let dated_at_protest: Vec<Span> = links
        .iter()
        .flat_map(|&(trigger, gap)| {
            let protest = in_sentence
                .iter()
                .map(|(protest, _)| protest.span)
                .find(|protest| protest[0] == gap[1]);
            std::iter::once(trigger).chain(protest)
        })
        .collect();
    let in_link = |date: &DateMention| {
        links
            .iter()
            .any(|(_, gap)| gap[0] <= date.span[0] && date.span[1] <= gap[1])
    };
    // "after 7 November, when twenty of them held posters": the date is the
    // time of the first happening of its when-clause.
    let when_owner = |date: &DateMention| {
        let clause = date.when_clause?;
        in_sentence
            .iter()
            .map(|(trigger, _)| trigger.span)
            .filter(|span| span[0] >= clause)
            .min_by_key(|span| span[0])
    };
    let nearest_trigger_is_ours = |date: &DateMention| {
        if let Some(owner) = when_owner(date) {
            return triggers.iter().any(|ours| ours.span == owner);
        }
        // A reference point ("after 7 November") whose when-clause tells no
        // happening we know of dates nothing.
        if date.only_for_when {
            return false;
        }
        // A date between a happening and the protest it was at is theirs
        // alone (`at_our_protest`).
        !in_link(date)
            && in_sentence
                .iter()
                // "planned for Saturday" dates the planned happening instead.
                .filter(|(_, asserted)| {
                    if date.of_planned {
                        !*asserted
                    } else {
                        *asserted || !any_asserted
                    }
                })
                // A happening dated by the protest it was at, and that protest,
                // leave the sentence's other dates to the others: in "Courts
                // spent Monday and Tuesday hearing cases against people
                // detained at the January 23 rally, handing down fines", Monday
                // and Tuesday date the fines.
                .filter(|(trigger, _)| !dated_at_protest.contains(&trigger.span))
                .min_by_key(|(trigger, _)| distance(date.span, trigger.span))
                .is_some_and(|(nearest, _)| triggers.iter().any(|ours| ours.span == nearest.span))
    };
    let at_our_protest = |date: &DateMention| {
        triggers.iter().any(|ours| {
            let between = |start: usize, end: usize| start <= date.span[0] && date.span[1] <= end;
            // Ours at a protest, or the protest ours are at.
            protest_at(ours).is_some_and(|protest| between(ours.span[1], protest[0]))
                || in_sentence.iter().any(|(other, _)| {
                    protest_at(other).is_some_and(|protest| {
                        protest == ours.span && between(other.span[1], protest[0])
                    })
                })
        })
    };
    let mut dates_in_sentence: Vec<&DateMention> = mentions
        .dates
        .iter()
        .filter(|date| {
            date.sentence == sentence_idx && (nearest_trigger_is_ours(date) || at_our_protest(date))
        })
        // "the husbands called up in last year's mobilisation held posters
        // … on Tuesday": a date modifying a noun that is no happening of
        // the article dates that noun only.
        .filter(|date| {
            date.modifies.is_none_or(|noun| {
                mentions
                    .triggers
                    .iter()
                    .any(|trigger| trigger.span[0] == noun)
            })
        })
        .collect();
    dates_in_sentence.sort_by_key(|date| distance(anchor, date.span));
    // Any day of the sentence will do here, whichever trigger owns it: it
    // only keeps "14 июля … пошли к мэрии" apart from "20 июля … митинг".
    let unplaced_day = mentions
        .dates
        .iter()
        .filter(|date| date.sentence == sentence_idx)
        .filter_map(|date| match date.expr {
            DateExpr::Days {
                year: None,
                month,
                day,
                day_end: None,
            } => Some((distance(anchor, date.span), (month, day))),
            _ => None,
        })
        .min()
        .map(|(_, day)| day);
    // The nearest expression that resolves: without a publication date
    // "on Saturday" cannot be placed, but "Dec. 14, 2019" can.
    let resolved = dates_in_sentence.into_iter().find_map(|date| {
        resolve::resolve(&date.expr, context.published, fallback_year, future).map(|interval| {
            // "since Friday" runs until publication.
            match context.published {
                Some(published) if date.open_until_publication && interval.start <= published => (
                    date,
                    Interval {
                        start: interval.start,
                        end: published,
                        precision: DatePrecision::Interval,
                    },
                ),
                _ => (date, interval),
            }
        })
    });
    if let Some((date_mention, interval)) = resolved {
        {
            let text = document.slice(date_mention.span).to_string();
            explanation.push(trace(
                "date",
                &format!("{}.date", lexicon.language),
                document,
                Some(date_mention.span),
                format!(
                    "{:?} resolved against {} to {}..{}",
                    date_mention.expr,
                    context
                        .published
                        .map(|day| day.to_string())
                        .unwrap_or_else(|| "the article's own year".into()),
                    interval.start,
                    interval.end
                ),
            ));
            date = Some((
                DateValue {
                    start: interval.start.to_string(),
                    end: interval.end.to_string(),
                    precision: interval.precision,
                    text: Some(text),
                    span: Some(date_mention.span),
                    derived_from: None,
                },
                interval,
            ));
        }
    }

    let claim_mentions = if kind == Kind::Protest {
        find_claims(document, lexicon, sentence.span, &triggers)
    } else {
        Vec::new()
    };
    // Place: a named place in the sentence, nearest the trigger; names beat
    // demonyms ("the Kenyan city of Kisumu" is Kisumu). A place inside a
    // claim ("against the torching of a train near Godhra") is where the
    // grievance happened, not the protest.
    let place = mentions
        .places
        .iter()
        .filter(|place| document.sentence_at(place.span[0]) == Some(sentence_idx))
        .filter(|place| {
            !claim_mentions
                .iter()
                .any(|claim| claim.span[0] <= place.span[0] && place.span[1] <= claim.span[1])
        })
        // Nor is a place inside an actor's name ("members of the Pensioners'
        // Party of Ukraine").
        .filter(|place| {
            !mentions
                .actors
                .iter()
                .any(|actor| actor.span[0] <= place.span[0] && place.span[1] <= actor.span[1])
        })
        // A dateline ("Johannesburg Angolan police …") says where the story
        // was filed, not where it happened.
        .min_by_key(|place| {
            (
                place.via == MentionVia::Demonym,
                is_dateline(document, mentions, place.span),
                // "the twin city of Omdurman" names the place precisely.
                !place
                    .cue
                    .as_deref()
                    .is_some_and(|cue| lexicon.naming_cues.iter().any(|naming| naming == cue)),
                distance(anchor, place.span),
            )
        })
        .map(|place| {
            explanation.push(trace(
                "place",
                &format!("gazetteer.{:?}", place.via).to_lowercase(),
                document,
                Some(place.span),
                format!(
                    "{} in the trigger's sentence{}",
                    place.record.name,
                    place
                        .cue
                        .as_ref()
                        .map(|cue| format!(" after {cue:?}"))
                        .unwrap_or_default()
                ),
            ));
            let mut value = place.record.to_value(&place.text, place.span);
            value.text = document.slice(place.span).to_string();
            value
        });

    // "A nationwide strike": the country, whatever town the sentence names.
    let nationwide = kind == Kind::Protest
        && lexicon.nationwide.as_ref().is_some_and(|nationwide| {
            triggers.iter().any(|trigger| {
                nationwide
                    .find_iter(document.slice(sentence.span))
                    .any(|cue| {
                        let cue_span =
                            [sentence.span[0] + cue.start(), sentence.span[0] + cue.end()];
                        cue_span[0] <= trigger.span[0] && trigger.span[1] <= cue_span[1]
                    })
            })
        });
    let place = match place {
        Some(found) if nationwide && found.precision != PlacePrecision::Country => {
            let country = found.country.clone().unwrap_or_default();
            match crate::gazetteer::Gazetteer::builtin().country(&country) {
                Some(record) => {
                    let mut value = record.to_value(&found.text, found.span);
                    value.derived_from = Some(format!(
                        "a nationwide happening: the country of {}",
                        found.name
                    ));
                    explanation.push(trace(
                        "place",
                        "nationwide",
                        document,
                        Some(found.span),
                        format!("nationwide: {}", record.name),
                    ));
                    Some(value)
                }
                None => Some(found),
            }
        }
        place => place,
    };
    let nationwide = nationwide
        && place
            .as_ref()
            .is_some_and(|place| place.precision == PlacePrecision::Country);
    // "Police across Russia detained more than 3,000 people", "rallies in
    // dozens of Russian cities": whatever the sentence tells, it tells of
    // the whole country, a happening apart from the city where it also
    // took place ("More than 1,000 of them were held in Moscow").
    // The scope reaches its own clause: in "Nationally the union counted
    // 300 pickets, while in Kazan the city agreed …" the approval is Kazan's.
    let clause = modality::clause_around(document, lexicon, sentence.span, anchor[0]);
    let scope = country_scope(document, lexicon, mentions, clause);
    let (place, nationwide, country_scope_pending) = match scope {
        Some(scope) => {
            let found = scope.place.or(place);
            match found {
                Some(found) => {
                    let lifted = lift_to_country(found, "a sentence told of the whole country");
                    match lifted {
                        Some(value) => {
                            explanation.push(trace(
                                "place",
                                "country_scope",
                                document,
                                Some(scope.span),
                                format!("told of the whole country: {}", value.name),
                            ));
                            (Some(value), true, false)
                        }
                        None => (None, nationwide, false),
                    }
                }
                // "across the country" names no country: the article's
                // place, once known, says which (`inherit`).
                None => (None, true, true),
            }
        }
        None => (place, nationwide, false),
    };

    // Actor: state kinds take a state group; protests and requests anyone else.
    let wants_state = default_state_group(kind).is_some();
    // "loyal to the Kremlin" describes a source; the Kremlin is not an actor there.
    let in_stance = |span: Span| {
        mentions
            .sources
            .iter()
            .filter_map(|source| source.description_span)
            .any(|stance| span[0] < stance[1] && stance[0] < span[1])
    };
    let actor = mentions
        .actors
        .iter()
        .filter(|actor| actor.sentence == sentence_idx && !in_stance(actor.span))
        .filter(|actor| match actor.group {
            Some(group) => group.is_state() == wants_state,
            None => !wants_state,
        })
        .min_by_key(|actor| (actor.span[0] > anchor[0], distance(anchor, actor.span)))
        .map(|actor| {
            explanation.push(trace(
                "actor",
                &actor.rule,
                document,
                Some(actor.span),
                "actor words in the trigger's sentence".into(),
            ));
            ActorValue {
                text: document.slice(actor.span).to_string(),
                group: actor.group,
                span: actor.span,
                group_from: None,
            }
        });
    // Target: for responses, the participants named in the sentence.
    let target = if wants_state {
        mentions
            .actors
            .iter()
            .filter(|actor| {
                actor.sentence == sentence_idx && actor.group.is_none_or(|group| !group.is_state())
            })
            .min_by_key(|actor| distance(anchor, actor.span))
            .map(|actor| ActorValue {
                text: document.slice(actor.span).to_string(),
                group: actor.group,
                span: actor.span,
                group_from: None,
            })
    } else {
        None
    };

    // A number inside a date ("Wednesday 05 May 2010") counts nothing.
    let in_date = |count: &CountMention| {
        mentions
            .dates
            .iter()
            .any(|date| count.span[0] < date.span[1] && date.span[0] < count.span[1])
    };
    let counts_in_sentence = |role: CountRole| {
        mentions.counts.iter().filter(move |count| {
            count.sentence == sentence_idx && count.role == role && !in_date(count)
        })
    };
    let union = |found: Vec<&CountMention>,
                 field: &str,
                 explanation: &mut Vec<FieldTrace>|
     -> Option<CountValue> {
        let first = found.first()?;
        let mut value = CountValue {
            text: document.slice(first.span).to_string(),
            low: first.low,
            high: first.high,
            span: first.span,
        };
        for count in &found {
            value.low = value.low.min(count.low);
            value.high = value.high.max(count.high);
            explanation.push(trace(
                field,
                &count.rule,
                document,
                Some(count.span),
                format!("read as {}–{}", count.low, count.high),
            ));
        }
        Some(value)
    };
    let size = if kind == Kind::Protest {
        let mut sizes: Vec<&CountMention> = counts_in_sentence(CountRole::Size).collect();
        if sizes.is_empty() {
            // "nearly 300 kar sevaks took out the march": a count standing
            // right before a protest word of its clause counts the crowd,
            // whatever the noun between them.
            let clause = modality::clause_around(document, lexicon, sentence.span, anchor[0]);
            sizes.extend(counts_in_sentence(CountRole::Other).filter(|count| {
                count.span[0] >= clause[0]
                    && triggers.iter().any(|trigger| {
                        // At most two words between: the crowd's noun ("kar
                        // sevaks"), not a phrase ("organisers of Sunday's").
                        let between = document
                            .text
                            .get(count.span[1]..trigger.span[0])
                            .unwrap_or("x,");
                        trigger.span[0] >= count.span[1]
                            && between.split_whitespace().count() <= 2
                            && !between
                                .contains(|c: char| c.is_ascii_digit() || c == ',' || c == ';')
                    })
            }));
        }
        union(sizes, "size", &mut explanation)
            // A planned march ("a larger march next week") is not yet counted.
            .or_else(|| {
                (decision.modality == Modality::Asserted)
                    .then(|| {
                        counted_before(
                            document,
                            lexicon,
                            mentions,
                            actor.as_ref(),
                            &mut explanation,
                        )
                    })
                    .flatten()
            })
            .or_else(|| {
                lone_named_protester(document, lexicon, mentions, &triggers, &mut explanation)
            })
    } else {
        None
    };
    let detained = if kind == Kind::Arrest {
        union(
            counts_in_sentence(CountRole::Detained).collect(),
            "detained",
            &mut explanation,
        )
    } else {
        None
    };

    let mut claims = Vec::new();
    for claim in &claim_mentions {
        explanation.push(trace(
            "claims",
            &claim.rule,
            document,
            Some(claim.span),
            "a demand or slogan in the protest sentence".into(),
        ));
        claims.push(TextValue {
            text: document.slice(claim.span).to_string(),
            span: claim.span,
        });
    }

    // Reasons and conditions often follow in the next sentence ("… were
    // refused. The authorities cited Covid restrictions.").
    let next_sentence = document
        .sentences
        .get(sentence_idx + 1)
        .filter(|next| next.paragraph == sentence.paragraph && !next.boilerplate);
    // Phrases after `cues` from the trigger on, else in the next sentence.
    let here_or_next = |cues: &regex::Regex, rule: &str| {
        let here = arguments::phrases_after(
            document,
            lexicon,
            sentence.span,
            anchor[0],
            cues,
            false,
            rule,
        );
        match next_sentence {
            Some(next) if here.is_empty() => arguments::phrases_after(
                document,
                lexicon,
                next.span,
                next.span[0],
                cues,
                false,
                rule,
            ),
            _ => here,
        }
    };
    let mut reason = None;
    if matches!(kind, Kind::PermitRefused | Kind::Ban) {
        let rule = format!("{}.reason", lexicon.language);
        let found = here_or_next(&lexicon.reason_cues, &rule);
        if let Some(first) = found.into_iter().next() {
            explanation.push(trace(
                "reason",
                &first.rule,
                document,
                Some(first.span),
                "the stated ground after a reason cue".into(),
            ));
            reason = Some(TextValue {
                text: document.slice(first.span).to_string(),
                span: first.span,
            });
        }
    }
    let mut conditions = Vec::new();
    if kind == Kind::PermitGranted {
        let rule = format!("{}.condition", lexicon.language);
        let found = here_or_next(&lexicon.condition_cues, &rule);
        for phrase in found {
            // Conditions run to the end of their sentence: they are lists.
            let sentence_end = document.sentences
                [document.sentence_at(phrase.span[0]).unwrap_or(sentence_idx)]
            .span[1];
            let whole = arguments::trim_punctuation(document.text, [phrase.span[0], sentence_end]);
            for part in arguments::split_conditions(document, lexicon, whole) {
                explanation.push(trace(
                    "conditions",
                    &phrase.rule,
                    document,
                    Some(part),
                    "a condition imposed with the approval".into(),
                ));
                conditions.push(TextValue {
                    text: document.slice(part).to_string(),
                    span: part,
                });
            }
        }
    }

    let sources = sources_in(mentions, &[sentence_idx], &mut explanation, document);

    Draft {
        kind,
        mode,
        modality: decision.modality,
        triggers,
        sentences: vec![sentence_idx],
        unplaced_day: if date.is_none() { unplaced_day } else { None },
        date,
        date_inherited: false,
        place,
        place_inherited: false,
        place_from_focus: false,
        nationwide,
        country_scope_pending,
        actor,
        target,
        size,
        detained,
        claims,
        reason,
        conditions,
        sources,
        response_to: None,
        explanation,
    }
}

/// "About two dozen bjp activists were arrested. The activists were staging
/// a dharna": a protest whose actor is a group introduced just before
/// ("the activists") takes the count given with that group, whatever that
/// count was said about; those arrested are among those who protested.
fn counted_before(
    document: &Document<'_>,
    lexicon: &Lexicon,
    mentions: &Mentions,
    actor: Option<&ActorValue>,
    explanation: &mut Vec<FieldTrace>,
) -> Option<CountValue> {
    let actor = actor?;
    let definite = lexicon.definite_before.as_ref()?;
    let sentence_idx = document.sentence_at(actor.span[0])?;
    let sentence = &document.sentences[sentence_idx];
    let before_start =
        crate::mentions::chars_back(document.text, actor.span[0], 20).max(sentence.span[0]);
    if !definite.is_match(&document.text[before_start..actor.span[0]]) {
        return None;
    }
    let noun = actor.text.split_whitespace().last()?.to_lowercase();
    let count = mentions
        .counts
        .iter()
        .filter(|count| {
            count.sentence < sentence_idx
                && count.sentence + 2 >= sentence_idx
                && document.sentences[count.sentence].paragraph == sentence.paragraph
                && matches!(count.role, CountRole::Size | CountRole::Detained)
        })
        .rfind(|count| {
            let end = crate::mentions::chars_forward(document.text, count.span[1], 40)
                .min(document.sentences[count.sentence].span[1]);
            document.text[count.span[1]..end.max(count.span[1])]
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| word == noun)
        })?;
    explanation.push(trace(
        "size",
        "discourse.size.same_group",
        document,
        Some(count.span),
        format!(
            "{:?} names the group counted here before, read as {}–{}",
            actor.text, count.low, count.high
        ),
    ));
    Some(CountValue {
        text: document.slice(count.span).to_string(),
        low: count.low,
        high: count.high,
        span: count.span,
    })
}

/// "Мария Алёхина начала голодовку", "когда голодал Шеин": a protest whose
/// subject is one named person has a size of one (the codebook's "a named
/// single person 1–1"). The name is a run of capitalised words that is the
/// subject of a singular verb: right after a trigger that is such a verb,
/// or opening its clause before the trigger with such a verb between them.
/// Places, actors, sources, dates and counts are not names; a plural verb
/// or a word before the name ("президента Дональда Трампа") rules it out.
fn lone_named_protester(
    document: &Document<'_>,
    lexicon: &Lexicon,
    mentions: &Mentions,
    triggers: &[TriggerMention],
    explanation: &mut Vec<FieldTrace>,
) -> Option<CountValue> {
    let singular = lexicon.singular_verb.as_ref()?;
    if document.lowercase {
        return None;
    }
    let sentence = &document.sentences[triggers[0].sentence];
    let tokens = &document.tokens[sentence.tokens.clone()];
    let words: Vec<&str> = tokens
        .iter()
        .map(|token| document.slice(token.span))
        .collect();
    let is_word = |word: &str| {
        word.chars()
            .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
    };
    let capitalised = |word: &str| {
        let mut chars = word.chars();
        chars.next().is_some_and(char::is_uppercase)
            && chars.clone().any(char::is_lowercase)
            && !chars.any(char::is_uppercase)
            && word.chars().count() >= 3
            && is_word(word)
    };
    // A headline in title case capitalises every word.
    let n_words = words.iter().filter(|word| is_word(word)).count();
    let n_capitalised = words.iter().filter(|word| capitalised(word)).count();
    if n_capitalised * 2 > n_words {
        return None;
    }
    let overlaps = |span: Span, other: Span| span[0] < other[1] && other[0] < span[1];
    let in_date = |index: usize| {
        mentions
            .dates
            .iter()
            .any(|date| overlaps(tokens[index].span, date.span))
    };
    // Words already read as something else are no one's name.
    let other_spans: Vec<Span> = (mentions.places.iter().map(|place| place.span))
        .chain(mentions.actors.iter().map(|actor| actor.span))
        .chain(mentions.sources.iter().map(|source| source.span))
        .chain(mentions.counts.iter().map(|count| count.span))
        .chain(mentions.triggers.iter().map(|trigger| trigger.span))
        .filter(|span| sentence.span[0] <= span[0] && span[1] <= sentence.span[1])
        .collect();
    let taken = |index: usize| {
        in_date(index)
            || other_spans
                .iter()
                .any(|&span| overlaps(tokens[index].span, span))
    };
    let name_word = |index: usize| capitalised(words[index]) && !taken(index);
    let is_singular = |index: usize| singular.is_match(words[index]);
    let is_plural = |index: usize| {
        lexicon
            .plural_verb
            .as_ref()
            .is_some_and(|pattern| pattern.is_match(words[index]))
    };
    // Nothing but the clause's start may stand before the name: a word
    // there makes the name a genitive or an object.
    let opens_clause =
        |index: usize| index == 0 || !is_word(words[index - 1]) || in_date(index - 1);
    let found = triggers.iter().find_map(|trigger| {
        let first = tokens
            .iter()
            .position(|token| token.span[0] >= trigger.span[0])?;
        let last = tokens
            .iter()
            .rposition(|token| token.span[1] <= trigger.span[1])
            .unwrap_or(first);
        if (first..=last).any(is_plural) {
            return None;
        }
        // After the trigger: "голодал Шеин".
        if is_singular(last) && last + 1 < words.len() && name_word(last + 1) {
            let start = last + 1;
            let mut end = start;
            while end + 1 < words.len() && end - start < 2 && name_word(end + 1) {
                end += 1;
            }
            return Some((start, end));
        }
        // Before it: "Мария Алёхина начала голодовку", "Navalny began a
        // hunger strike", with a singular verb in between or as the trigger.
        let mut index = first;
        let mut verb = is_singular(first);
        while index > 0 && first - index < 3 {
            index -= 1;
            if name_word(index) {
                let end = index;
                let mut start = index;
                while start > 0 && end - start < 2 && name_word(start - 1) {
                    start -= 1;
                }
                // A lone capitalised word opening the sentence may be any word.
                let opens_sentence_alone = start == 0 && start == end;
                return (verb && opens_clause(start) && !opens_sentence_alone)
                    .then_some((start, end));
            }
            if !is_word(words[index]) || is_plural(index) {
                return None;
            }
            verb |= is_singular(index);
        }
        None
    });
    let (start, end) = found?;
    // "протестовала Википедия": one word must look like a surname.
    let looks_like_surname = |index: usize| {
        lexicon
            .surname
            .as_ref()
            .is_none_or(|pattern| pattern.is_match(words[index]))
    };
    if start == end && !looks_like_surname(start) {
        return None;
    }
    let span = [tokens[start].span[0], tokens[end].span[1]];
    explanation.push(trace(
        "size",
        "discourse.size.named_person",
        document,
        Some(span),
        "one named person is the subject of the protest".into(),
    ));
    Some(CountValue {
        text: document.slice(span).to_string(),
        low: 1,
        high: 1,
        span,
    })
}

/// Demands and slogans of a protest in its sentence: quoted slogans, phrases
/// after demand cues anywhere, and "against/over …" right after a trigger.
fn find_claims(
    document: &Document<'_>,
    lexicon: &Lexicon,
    sentence: Span,
    triggers: &[TriggerMention],
) -> Vec<ArgumentMention> {
    let mut found: Vec<ArgumentMention> = arguments::slogans(document, lexicon, sentence);
    found.extend(arguments::phrases_after(
        document,
        lexicon,
        sentence,
        sentence[0],
        &lexicon.claim_cues,
        true,
        &format!("{}.claim.demand", lexicon.language),
    ));
    for trigger in triggers {
        let after = &document.text[trigger.span[1]..sentence[1]];
        let cue = lexicon
            .claim_cues_after_trigger
            .captures(after)
            .and_then(|captures| captures.name("cue"));
        if let Some(cue) = cue {
            let cue_span = [trigger.span[1] + cue.start(), trigger.span[1] + cue.end()];
            let rule = format!("{}.claim.against", lexicon.language);
            if let Some(claim) =
                arguments::phrase_from(document, lexicon, cue_span, sentence[1], true, &rule)
            {
                found.push(claim);
            }
        }
    }
    if let Some(modifiers) = &lexicon.claim_modifiers {
        for modifier in modifiers.find_iter(&document.text[sentence[0]..sentence[1]]) {
            let span = [sentence[0] + modifier.start(), sentence[0] + modifier.end()];
            // Only right before a trigger: "an anti-government protest".
            let before_trigger = triggers.iter().any(|trigger| {
                trigger.span[0] >= span[1]
                    && document.text[span[1]..trigger.span[0]]
                        .split_whitespace()
                        .count()
                        <= 1
            });
            if before_trigger {
                found.push(ArgumentMention {
                    span,
                    rule: format!("{}.claim.modifier", lexicon.language),
                });
            }
        }
    }
    crate::mentions::drop_overlaps(found, |claim| claim.span)
}

/// Whether the trigger nearest `span` in its sentence is one of `ours`, or no
/// trigger of the sentence is nearer than ours.
/// A trigger that is not asserted ("permission to hold rallies in several
/// cities") claims nothing: the place stays with the request around it.
fn owned_by(
    document: &Document<'_>,
    lexicon: &Lexicon,
    mentions: &Mentions,
    sentence_idx: usize,
    span: Span,
    ours: &[TriggerMention],
) -> bool {
    let nearest = mentions
        .triggers
        .iter()
        .filter(|trigger| trigger.sentence == sentence_idx)
        .min_by_key(|trigger| distance(span, trigger.span));
    nearest.is_none_or(|nearest| {
        ours.iter()
            .any(|own| own.span == nearest.span || own.kind.family() == nearest.kind.family())
            || modality::decide(
                document,
                lexicon,
                document.sentences[sentence_idx].span,
                nearest.span,
            )
            .modality
                != Modality::Asserted
    })
}

/// Whether a place opens the article, where datelines stand.
fn is_dateline(document: &Document<'_>, mentions: &Mentions, span: Span) -> bool {
    mentions
        .dateline
        .as_ref()
        .is_some_and(|dateline| dateline.span == span)
        || document
            .sentences
            .iter()
            .find(|sentence| !sentence.boilerplate)
            .is_some_and(|first| first.span[0] == span[0])
}

/// The latest explicit year written before `offset`, for "November 7" in an
/// article without a publication date.
fn fallback_year(mentions: &Mentions, offset: usize) -> Option<i32> {
    mentions
        .dates
        .iter()
        .filter(|date| date.span[0] <= offset)
        .filter_map(written_year)
        .next_back()
        .or_else(|| mentions.dates.iter().find_map(written_year))
}

/// The year a date expression writes out, if it writes one.
fn written_year(date: &DateMention) -> Option<i32> {
    match date.expr {
        DateExpr::Days {
            year: Some(year), ..
        }
        | DateExpr::Month {
            year: Some(year), ..
        }
        | DateExpr::Year(year) => Some(year),
        _ => None,
    }
}

fn sources_in(
    mentions: &Mentions,
    sentences: &[usize],
    explanation: &mut Vec<FieldTrace>,
    document: &Document<'_>,
) -> Vec<SourceRef> {
    let mut sources: Vec<SourceRef> = Vec::new();
    for mention in mentions
        .sources
        .iter()
        .filter(|mention| sentences.contains(&mention.sentence))
    {
        if sources
            .iter()
            .any(|source| source.name == mention.name && source.source_type == mention.source_type)
        {
            continue;
        }
        explanation.push(trace(
            "sources",
            &mention.rule,
            document,
            Some(mention.span),
            format!("{} cited as {:?}", mention.name, mention.source_type),
        ));
        sources.push(SourceRef {
            name: mention.name.clone(),
            source_type: mention.source_type,
            description: mention.description.clone(),
            span: Some(mention.span),
            via: mention.via.clone(),
        });
    }
    sources
}

fn places_compatible(first: &Option<PlaceValue>, second: &Option<PlaceValue>) -> bool {
    match (first, second) {
        (Some(first), Some(second)) => {
            if first.geonames_id.is_some() && first.geonames_id == second.geonames_id {
                return true;
            }
            let same_country = first.country.is_some() && first.country == second.country;
            // A country contains its cities: "Russia" and "Moscow" may be one happening.
            same_country
                && (first.precision == PlacePrecision::Country
                    || second.precision == PlacePrecision::Country
                    || first.name.eq_ignore_ascii_case(&second.name))
        }
        _ => true,
    }
}

/// The day of the year a draft is about, when it names exactly one, placed
/// on the calendar or not.
fn day_of_year(draft: &Draft) -> Option<(u32, u32)> {
    match &draft.date {
        Some((_, interval)) if interval.start == interval.end => {
            Some((interval.start.month(), interval.start.day()))
        }
        Some(_) => None,
        None => draft.unplaced_day,
    }
}

fn days_of_year_compatible(first: &Draft, second: &Draft) -> bool {
    match (day_of_year(first), day_of_year(second)) {
        (Some(first), Some(second)) => first == second,
        _ => true,
    }
}

fn dates_compatible(
    first: &Option<(DateValue, Interval)>,
    second: &Option<(DateValue, Interval)>,
) -> bool {
    match (first, second) {
        (Some((_, first)), Some((_, second))) => first.overlaps(second),
        _ => true,
    }
}

fn more_specific_place(
    current: Option<PlaceValue>,
    candidate: Option<PlaceValue>,
) -> Option<PlaceValue> {
    match (current, candidate) {
        (Some(current), Some(candidate)) => {
            if candidate.precision < current.precision {
                Some(candidate)
            } else {
                Some(current)
            }
        }
        (current, candidate) => current.or(candidate),
    }
}

/// Two drafts' actor groups do not tell different happenings apart: equal,
/// or one of them unknown.
fn actor_groups_agree(first: &Draft, second: &Draft) -> bool {
    match (
        first.actor.as_ref().and_then(|actor| actor.group),
        second.actor.as_ref().and_then(|actor| actor.group),
    ) {
        (Some(first), Some(second)) => first == second,
        _ => true,
    }
}

/// Merges a draft into an earlier one about the same happening, or adds it.
fn merge_or_push(
    document: &Document<'_>,
    lexicon: &Lexicon,
    mentions: &Mentions,
    drafts: &mut Vec<Draft>,
    draft: Draft,
) {
    // "Earlier, two dozen activists were arrested": a sentence opening like
    // this reports another happening, never the one before it.
    let first_sentence = draft.sentences[0];
    let opens_earlier = lexicon
        .before_cues
        .as_ref()
        .is_some_and(|cues| cues.is_match(document.slice(document.sentences[first_sentence].span)));
    // A flashback: a dated happening of a sentence that tells a later one
    // ("gathered on Saturday to demand the release of Navalny, who was
    // detained last Sunday"), by position in `drafts`.
    let flashbacks: Vec<bool> = drafts
        .iter()
        .map(|earlier| {
            earlier.date.as_ref().is_some_and(|(_, interval)| {
                drafts.iter().any(|other| {
                    other.sentences[0] == earlier.sentences[0]
                        && other
                            .date
                            .as_ref()
                            .is_some_and(|(_, later)| later.start > interval.end)
                })
            })
        })
        .collect();
    let same = drafts.iter_mut().enumerate().rev().find(|(position, existing)| {
        // Far-apart mentions are one happening only when they share an
        // explicit place or date; otherwise a passing mention in the lead
        // would swallow the account further down. "Near" counts sentences,
        // as some articles are one long paragraph.
        // An undated mention does not reach across a paragraph break to a
        // flashback: "Riot police … dragged others to waiting vans" goes on
        // with the rally, not with "who was detained at a Moscow airport
        // last Sunday" told in the sentence before.
        let paragraph_of = |sentence: usize| document.sentences[sentence].paragraph;
        let flashback = flashbacks[*position];
        let near = existing.sentences.iter().any(|&sentence| {
            draft.sentences.iter().any(|&other| {
                sentence.abs_diff(other) <= 3
                    && (paragraph_of(sentence) == paragraph_of(other)
                        || !(flashback && draft.date.is_none()))
            })
        });
        if opens_earlier && !existing.sentences.contains(&first_sentence) {
            return false;
        }
        let explicit_agreement = (existing.place.is_some() && draft.place.is_some())
            || (existing.date.is_some() && draft.date.is_some());
        // Two different counts far apart are two happenings ("about 35 were
        // arrested" … "earlier, two dozen were arrested"); a count restated in
        // the next sentence is a second estimate of the same one.
        let adjacent = existing.sentences.iter().any(|&sentence| draft.sentences.iter().any(|&other| sentence.abs_diff(other) <= 1));
        let counts_conflict = |first: &Option<CountValue>, second: &Option<CountValue>| {
            matches!((first, second), (Some(first), Some(second)) if first.high < second.low || second.high < first.low)
        };
        let conflicting_counts = counts_conflict(&existing.size, &draft.size) || counts_conflict(&existing.detained, &draft.detained);
        // A different count for one named place, after a count with none,
        // is a breakdown ("more than 1,300 detained in dozens of cities …
        // hundreds of them in Moscow"), not a second estimate.
        let breakdown = existing.place.is_none() && draft.place.is_some();
        // A rally in one city during a nationwide strike is a part of it,
        // reported on its own.
        // So is a count told after a city named in its paragraph ("Police
        // across Russia detained more than 3,000 …" ¶ "In Moscow people
        // gathered. Police said about 4,000 took part"): a figure for one
        // city is not a second estimate of the whole country's. A count
        // with no city before it ("tens of thousands joined the walkout")
        // may be the country's own. And a mention in another paragraph
        // than the country's happening ("The crowd chanted …" ¶ "… rallies
        // were held across Russia") tells of the city the article is about.
        let local_part = |whole: &Draft, part: &Draft| {
            let same_paragraph = whole.sentences.iter().any(|&sentence| {
                part.sentences
                    .iter()
                    .any(|&other| paragraph_of(sentence) == paragraph_of(other))
            });
            whole.nationwide
                && !part.nationwide
                && (part
                    .place
                    .as_ref()
                    .is_some_and(|place| place.precision != PlacePrecision::Country)
                    || !same_paragraph
                    || (part.place.is_none()
                        && (part.size.is_some() || part.detained.is_some())
                        && city_named_before(document, mentions, part, whole)))
        };
        (near || explicit_agreement)
            && !local_part(existing, &draft)
            && !local_part(&draft, existing)
            && ((adjacent && !breakdown) || !conflicting_counts)
            && same_action(&existing.mode, &draft.mode)
            && existing.kind == draft.kind
            && existing.modality == draft.modality
            && places_compatible(&existing.place, &draft.place)
            && dates_compatible(&existing.date, &draft.date)
            && days_of_year_compatible(existing, &draft)
            && actor_groups_agree(existing, &draft)
    });
    let Some((_, existing)) = same else {
        drafts.push(draft);
        return;
    };
    absorb(existing, draft);
}

/// Whether a place finer than a country is named before `part` in its
/// paragraph, outside the sentences of `whole`.
fn city_named_before(
    document: &Document<'_>,
    mentions: &Mentions,
    part: &Draft,
    whole: &Draft,
) -> bool {
    let start = part.triggers[0].span[0];
    let paragraph = document.sentences[part.sentences[0]].paragraph;
    mentions.places.iter().any(|place| {
        place.span[1] <= start
            && place.via != MentionVia::Demonym
            && place.record.kind != PlacePrecision::Country
            && document.sentence_at(place.span[0]).is_some_and(|sentence| {
                document.sentences[sentence].paragraph == paragraph
                    && !whole.sentences.contains(&sentence)
            })
    })
}

/// Folds `draft` into `existing`, keeping the more specific of each value.
fn absorb(existing: &mut Draft, draft: Draft) {
    existing.mode = better_mode(&existing.mode, &draft.mode);
    existing.triggers.extend(draft.triggers);
    for sentence in draft.sentences {
        if !existing.sentences.contains(&sentence) {
            existing.sentences.push(sentence);
        }
    }
    if existing.unplaced_day.is_none() {
        existing.unplaced_day = draft.unplaced_day;
    }
    if existing.date.is_none() {
        existing.date = draft.date;
    } else if let (Some((_, existing_interval)), Some((_, draft_interval))) =
        (&existing.date, &draft.date)
    {
        if draft_interval.n_days() < existing_interval.n_days() {
            existing.date = draft.date;
        }
    }
    existing.place = more_specific_place(existing.place.take(), draft.place);
    existing.nationwide |= draft.nationwide;
    // Keep the first actor, unless a later mention names the group.
    let draft_has_group = draft
        .actor
        .as_ref()
        .is_some_and(|actor| actor.group.is_some());
    let existing_has_group = existing
        .actor
        .as_ref()
        .is_some_and(|actor| actor.group.is_some());
    if existing.actor.is_none() || (draft_has_group && !existing_has_group) {
        existing.actor = draft.actor;
    }
    if existing.target.is_none() {
        existing.target = draft.target;
    }
    existing.size = union_counts(existing.size.take(), draft.size);
    existing.detained = union_counts(existing.detained.take(), draft.detained);
    for claim in draft.claims {
        if !existing
            .claims
            .iter()
            .any(|known| known.text.eq_ignore_ascii_case(&claim.text))
        {
            existing.claims.push(claim);
        }
    }
    if existing.reason.is_none() {
        existing.reason = draft.reason;
    }
    existing.conditions.extend(draft.conditions);
    for source in draft.sources {
        if !existing
            .sources
            .iter()
            .any(|known| known.name == source.name && known.source_type == source.source_type)
        {
            existing.sources.push(source);
        }
    }
    existing.explanation.extend(draft.explanation);
}

fn union_counts(first: Option<CountValue>, second: Option<CountValue>) -> Option<CountValue> {
    match (first, second) {
        (Some(mut first), Some(second)) => {
            first.low = first.low.min(second.low);
            first.high = first.high.max(second.high);
            Some(first)
        }
        (first, second) => first.or(second),
    }
}

/// Fills what the sentence did not say from the discourse, marking it derived.
fn inherit(
    document: &Document<'_>,
    lexicon: &Lexicon,
    context: &ArticleContext<'_>,
    mentions: &Mentions,
    drafts: &mut [Draft],
) {
    let first_offset = |draft: &Draft| {
        draft
            .triggers
            .iter()
            .map(|trigger| trigger.span[0])
            .min()
            .unwrap_or(0)
    };
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by_key(|&index| first_offset(&drafts[index]));

    // The article's focus: its most often named city, else country.
    let focus = article_focus(&mentions.places);

    for position in 0..order.len() {
        let index = order[position];
        let offset = first_offset(&drafts[index]);
        // The draft's main sentence: the one of its first trigger in text order.
        let sentence_idx = drafts[index]
            .triggers
            .iter()
            .min_by_key(|trigger| trigger.span[0])
            .map(|trigger| trigger.sentence)
            .unwrap_or(0);
        let paragraph = document.sentences[sentence_idx].paragraph;
        let sentence_text = document.slice(document.sentences[sentence_idx].span);
        let starts_after = lexicon.after_cues.is_match(sentence_text);
        // "Earlier, …": the happening is before what was told, so no interval
        // that starts after it applies.
        let starts_earlier = lexicon
            .before_cues
            .as_ref()
            .is_some_and(|cues| cues.is_match(sentence_text));
        let earlier: Vec<usize> = order[..position].to_vec();

        if drafts[index].date.is_none() {
            // A report in the same sentence, before or after this one, dates it
            // first ("police used tear gas against demonstrators on 7 July").
            let same_sentence = order
                .iter()
                .filter(|&&other| other != index)
                .map(|&other| &drafts[other])
                .find(|other| {
                    other.modality == Modality::Asserted
                        && !other.date_inherited
                        && other.date.is_some()
                        && other.sentences.contains(&sentence_idx)
                });
            let same_paragraph =
                same_sentence.or_else(|| {
                    earlier
                        .iter()
                        .rev()
                        .map(|&other| &drafts[other])
                        .find(|other| {
                            other.sentences.iter().any(|&sentence| {
                                document.sentences[sentence].paragraph == paragraph
                            }) && other.date.is_some()
                                && other.modality == Modality::Asserted
                        })
                });
            let dated_before = |other: &&Draft| {
                other.modality == Modality::Asserted
                    && !other.date_inherited
                    && other.date.is_some()
            };
            // Of the happenings of the anchor's sentence, the latest: "gathered
            // on Saturday to demand the release of Navalny, who was detained
            // last Sunday" goes on from Saturday, not from the flashback.
            let anchor = earlier
                .iter()
                .rev()
                .map(|&other| &drafts[other])
                .find(dated_before)
                .map(|latest| {
                    earlier
                        .iter()
                        .map(|&other| &drafts[other])
                        .filter(dated_before)
                        .filter(|other| other.sentences[0] == latest.sentences[0])
                        .max_by_key(|other| other.date.as_ref().map(|(_, interval)| interval.start))
                        .unwrap_or(latest)
                });
            // Planned or hypothetical happenings take no date from what did
            // happen around them; "no one was detained" shares its time.
            let asserted = matches!(
                drafts[index].modality,
                Modality::Asserted | Modality::Negated
            );
            let derived = match (same_paragraph, starts_after) {
                (Some(other), false) if asserted => other.date.as_ref().map(|(value, interval)| {
                    let mut value = value.clone();
                    value.derived_from = Some(format!(
                        "the {} reported earlier in the same paragraph",
                        other.kind
                    ));
                    (value, *interval, "same paragraph")
                }),
                _ if starts_earlier => None,
                _ => match (anchor, context.published, drafts[index].modality) {
                    (Some(anchor), Some(published), Modality::Asserted) => {
                        let anchor_start = anchor
                            .date
                            .as_ref()
                            .map(|(_, interval)| interval.start)
                            .unwrap_or(published);
                        (anchor_start <= published).then(|| {
                            let interval = Interval { start: anchor_start, end: published, precision: DatePrecision::Interval };
                            (
                                DateValue {
                                    start: anchor_start.to_string(),
                                    end: published.to_string(),
                                    precision: DatePrecision::Interval,
                                    text: None,
                                    span: None,
                                    derived_from: Some(format!("after the {} of {} reported before it, and before publication", anchor.kind, anchor_start)),
                                },
                                interval,
                                "after an earlier happening",
                            )
                        })
                    }
                    // Without a publication date the article's own timeline is
                    // all there is (codebook): the happening reported before it.
                    (Some(anchor), None, Modality::Asserted) => anchor.date.as_ref().map(|(value, interval)| {
                        let mut value = value.clone();
                        value.derived_from = Some(format!(
                            "the article's own timeline: the {} reported before it (no publication date)",
                            anchor.kind
                        ));
                        (value, *interval, "article timeline")
                    }),
                    // No dated happening before it: the latest date the text
                    // names before it (and not after publication) opens the
                    // interval that ends with publication.
                    (None, Some(published), Modality::Asserted) => mentions
                        .dates
                        .iter()
                        .rev()
                        .filter(|date| date.span[1] <= offset)
                        .filter_map(|date| resolve::resolve(&date.expr, Some(published), None, false).map(|interval| (date, interval)))
                        .find(|(_, interval)| interval.start <= published)
                        .map(|(date, interval)| {
                            (
                                DateValue {
                                    start: interval.start.to_string(),
                                    end: published.to_string(),
                                    precision: DatePrecision::Interval,
                                    text: None,
                                    span: None,
                                    derived_from: Some(format!(
                                        "after {:?}, the last date named before it, and before publication",
                                        document.slice(date.span)
                                    )),
                                },
                                Interval { start: interval.start, end: published, precision: DatePrecision::Interval },
                                "after a date named before it",
                            )
                        }),
                    _ => None,
                },
            };
            if let Some((value, interval, how)) = derived {
                drafts[index].explanation.push(FieldTrace {
                    field: "date".into(),
                    rule: format!("discourse.date.{}", how.replace(' ', "_")),
                    matched: None,
                    span: None,
                    note: value.derived_from.clone().unwrap_or_default(),
                });
                drafts[index].date = Some((value, interval));
                drafts[index].date_inherited = true;
            }
        }

        if drafts[index].place.is_none() {
            let same_paragraph = earlier
                .iter()
                .rev()
                .map(|&other| &drafts[other])
                .find(|other| {
                    other.sentences.iter().any(|&sentence| {
                        document.sentences[sentence].paragraph == paragraph
                            && sentence_idx.abs_diff(sentence) <= 3
                    }) && other.place.is_some()
                })
                .and_then(|other| {
                    other.place.clone().map(|place| {
                        (
                            place,
                            format!("the {} reported earlier in the same paragraph", other.kind),
                            other.place_from_focus,
                        )
                    })
                });
            // A place named earlier in the same paragraph, outside any report.
            let named_before = || {
                mentions
                    .places
                    .iter()
                    .rev()
                    .filter(|place| place.span[1] <= offset && place.via != MentionVia::Demonym)
                    .find(|place| {
                        // Same paragraph and at most three sentences back: some
                        // articles are a single paragraph.
                        document.sentence_at(place.span[0]).is_some_and(|sentence| {
                            document.sentences[sentence].paragraph == paragraph
                                && sentence_idx.abs_diff(sentence) <= 3
                        })
                    })
                    .map(|place| {
                        let mut value = place
                            .record
                            .to_value(document.slice(place.span), place.span);
                        value.text = document.slice(place.span).to_string();
                        (
                            value,
                            "a place named earlier in the same paragraph".to_string(),
                            false,
                        )
                    })
            };
            // The article's focus: where its lead happening took place, else
            // its dateline (where the story was filed), else the place it
            // names most often.
            let lead_place = order
                .iter()
                .map(|&other| &drafts[other])
                // A place the lead took from its own paragraph ("… clashed
                // in taldih village in canning") counts; one it took from the
                // article as a whole would only echo the dateline.
                .find(|other| {
                    other.modality == Modality::Asserted
                        && other.place.is_some()
                        && !other.place_from_focus
                        // A happening told of the whole country ("Police
                        // across Russia detained …") is not where the
                        // article is: "riot police hitting protesters" told
                        // below happened in one of its cities.
                        && (!other.nationwide || drafts[index].nationwide)
                })
                .and_then(|other| other.place.clone());
            let focus_value = || {
                if let Some(place) = lead_place {
                    return Some((
                        place,
                        "the place of the article's lead happening".to_string(),
                    ));
                }
                if let Some(dateline) = &mentions.dateline {
                    let mut value = dateline
                        .record
                        .to_value(document.slice(dateline.span), dateline.span);
                    value.text = document.slice(dateline.span).to_string();
                    return Some((value, "the article's dateline".to_string()));
                }
                focus.map(|place| {
                    let mut value = place
                        .record
                        .to_value(document.slice(place.span), place.span);
                    value.text = document.slice(place.span).to_string();
                    (value, "the place the article names most often".to_string())
                })
            };
            let found = same_paragraph
                .or_else(named_before)
                .or_else(|| focus_value().map(|(value, note)| (value, note, true)));
            if let Some((mut value, note, from_focus)) = found {
                value.derived_from = Some(note.clone());
                // "Detentions across the country": the country of the place
                // the discourse gives.
                if drafts[index].country_scope_pending {
                    if let Some(country) = lift_to_country(value.clone(), &note) {
                        value = country;
                    }
                }
                drafts[index].explanation.push(FieldTrace {
                    field: "place".into(),
                    rule: "discourse.place".into(),
                    matched: Some(value.text.clone()),
                    span: Some(value.span),
                    note,
                });
                drafts[index].place = Some(value);
                drafts[index].place_inherited = true;
                drafts[index].place_from_focus = from_focus;
            }
        }

        let kind = drafts[index].kind;
        let needs_group = drafts[index]
            .actor
            .as_ref()
            .is_none_or(|actor| actor.group.is_none());
        if needs_group {
            if let Some(state_group) = default_state_group(kind) {
                // A state actor in the next sentence ("The authorities cited …"),
                // else the kind's usual actor.
                let next_sentence_actor = mentions.actors.iter().find(|actor| {
                    actor.sentence == sentence_idx + 1
                        && actor.group.is_some_and(|group| group.is_state())
                        && document.sentences[actor.sentence].paragraph == paragraph
                });
                let (text, span, group, note) = match next_sentence_actor {
                    Some(actor) => (
                        document.slice(actor.span).to_string(),
                        actor.span,
                        actor.group.expect("filtered"),
                        "named in the next sentence".to_string(),
                    ),
                    None => {
                        let trigger = drafts[index].triggers[0].span;
                        (
                            document.slice(trigger).to_string(),
                            trigger,
                            state_group,
                            format!("the usual actor of a {kind}; no actor named"),
                        )
                    }
                };
                drafts[index].explanation.push(FieldTrace {
                    field: "actor".into(),
                    rule: "discourse.actor.state".into(),
                    matched: Some(text.clone()),
                    span: Some(span),
                    note: note.clone(),
                });
                drafts[index].actor = Some(ActorValue {
                    text,
                    group: Some(group),
                    span,
                    group_from: Some(note),
                });
            } else {
                // A crowd named generically ("two dozen women") belongs to the
                // group the paragraph or the one before it named.
                let group_mention = mentions
                    .actors
                    .iter()
                    .rev()
                    .filter(|actor| {
                        actor.span[1]
                            <= offset.max(
                                drafts[index]
                                    .actor
                                    .as_ref()
                                    .map(|actor| actor.span[1])
                                    .unwrap_or(0),
                            )
                    })
                    .filter(|actor| actor.group.is_some_and(|group| !group.is_state()))
                    .find(|actor| {
                        let actor_paragraph = document.sentences[actor.sentence].paragraph;
                        actor_paragraph == paragraph || actor_paragraph + 1 == paragraph
                    });
                if let Some(group_mention) = group_mention {
                    let note = format!(
                        "group from {:?} earlier in the text",
                        document.slice(group_mention.span)
                    );
                    drafts[index].explanation.push(FieldTrace {
                        field: "actor".into(),
                        rule: group_mention.rule.clone(),
                        matched: Some(document.slice(group_mention.span).to_string()),
                        span: Some(group_mention.span),
                        note: note.clone(),
                    });
                    match &mut drafts[index].actor {
                        Some(actor) => {
                            actor.group = group_mention.group;
                            actor.group_from = Some(note);
                        }
                        None => {
                            drafts[index].actor = Some(ActorValue {
                                text: document.slice(group_mention.span).to_string(),
                                group: group_mention.group,
                                span: group_mention.span,
                                group_from: Some(note),
                            });
                        }
                    }
                }
            }
        }

        if drafts[index].sources.is_empty() {
            // Only a draft's own sentences source it. Carrying an attribution
            // on to later sentences of the paragraph ("по данным ОВД-Инфо,
            // задержали 39 человек. 20 июля прошёл митинг …") scored worse on
            // both dev sets: sources accuracy en 0.90 → 0.97, ru+uk 0.73 →
            // 0.85 without it (one sentence of carry-over: 0.94 and 0.79; the
            // annotators gave the next sentence's rally or cordon to the
            // publisher).
            let own_sentences = drafts[index].sentences.clone();
            let mut explanation = Vec::new();
            let sources = sources_in(mentions, &own_sentences, &mut explanation, document);
            drafts[index].sources = sources;
            drafts[index].explanation.extend(explanation);
        }
        let publisher = context.article.outlet.clone();
        if let Some(publisher) = publisher {
            let only_publisher = drafts[index]
                .sources
                .iter()
                .all(|source| source.source_type == SourceType::Unnamed && source.via.is_none());
            if drafts[index].sources.is_empty() || only_publisher {
                drafts[index].explanation.push(FieldTrace {
                    field: "sources".into(),
                    rule: "default.publisher".into(),
                    matched: None,
                    span: None,
                    note: format!("no source cited: {publisher} reports on its own"),
                });
                drafts[index].sources.insert(
                    0,
                    SourceRef {
                        name: publisher,
                        source_type: SourceType::Publisher,
                        description: None,
                        span: None,
                        via: None,
                    },
                );
            } else {
                for source in &mut drafts[index].sources {
                    if source
                        .name
                        .eq_ignore_ascii_case(&context.article.outlet.clone().unwrap_or_default())
                    {
                        source.source_type = SourceType::Publisher;
                    }
                }
            }
        }

        // A happening dated after publication has not happened yet.
        if drafts[index].modality == Modality::Asserted {
            if let (Some((_, interval)), Some(published)) = (&drafts[index].date, context.published)
            {
                if interval.start > published {
                    drafts[index].modality = Modality::Planned;
                    drafts[index].explanation.push(FieldTrace {
                        field: "modality".into(),
                        rule: "resolve.future_date".into(),
                        matched: None,
                        span: None,
                        note: format!("dated {} after publication on {published}", interval.start),
                    });
                }
            }
        }
    }
}

fn article_focus(places: &[PlaceMention]) -> Option<&PlaceMention> {
    let mut best: Option<(&PlaceMention, usize)> = None;
    for place in places
        .iter()
        .filter(|place| place.via != MentionVia::Demonym)
    {
        let n_mentions = places
            .iter()
            .filter(|other| other.record == place.record)
            .count();
        let better = match best {
            None => true,
            Some((current, current_n)) => {
                (place.record.kind < current.record.kind
                    && n_mentions >= 1
                    && current.record.kind == PlacePrecision::Country
                    && place.record.country == current.record.country)
                    || (place.record.kind == current.record.kind && n_mentions > current_n)
            }
        };
        if better {
            best = Some((place, n_mentions));
        }
    }
    best.map(|(place, _)| place)
}

/// A strike or shutdown reported place by place ("in dhanbad the response
/// was total; in hazaribagh most shops were closed") is one event per named
/// place (codebook). Sentences that open with a place, after the strike's
/// first mention and not claimed by another report, extend the strike to
/// each place they list. Counts are not copied: they cannot be split. When
/// this names towns, a region- or country-level strike report without a
/// count gives way to them.
fn extend_strikes_to_places(
    document: &Document<'_>,
    lexicon: &Lexicon,
    mentions: &Mentions,
    drafts: &mut Vec<Draft>,
) {
    let Some(opening) = &lexicon.locative_opening else {
        return;
    };
    let Some(strike_idx) = drafts.iter().position(|draft| {
        draft.kind == Kind::Protest
            && draft.modality == Modality::Asserted
            && draft.mode.as_deref() == Some("strike")
    }) else {
        return;
    };
    let first_sentence = drafts[strike_idx]
        .sentences
        .iter()
        .copied()
        .min()
        .unwrap_or(0);
    // Sentences held by reports of other kinds stay theirs; a protest report
    // in such a sentence ("stone-pelting took place when bandh supporters
    // tried to force shops shut") is the strike there and is absorbed: a
    // strike whose enforcers throw stones keeps the mode strike (codebook).
    // So are those of a protest with its own count ("In Lyon, as many as
    // 8,000 people marched"): a counted crowd is a report of its own.
    let taken_by_others: Vec<usize> = drafts
        .iter()
        .enumerate()
        .filter(|(index, draft)| {
            *index != strike_idx && (draft.kind != Kind::Protest || draft.size.is_some())
        })
        .flat_map(|(_, draft)| draft.sentences.iter().copied())
        .collect();
    let mut copies: Vec<Draft> = Vec::new();
    for (sentence_idx, sentence) in document.sentences.iter().enumerate() {
        if sentence.boilerplate
            || sentence_idx <= first_sentence
            || taken_by_others.contains(&sentence_idx)
        {
            continue;
        }
        let Some(open) = opening.find(document.slice(sentence.span)) else {
            continue;
        };
        // The places listed right after the opening ("in ranchi and dhanbad").
        let list_start = sentence.span[0] + open.end();
        let mut cursor = list_start;
        let mut listed: Vec<&PlaceMention> = Vec::new();
        for place in mentions
            .places
            .iter()
            .filter(|place| place.span[0] >= list_start && place.span[1] <= sentence.span[1])
        {
            let between = document.text[cursor..place.span[0]]
                .trim_matches(|c: char| c.is_whitespace() || c == ',');
            if !between.is_empty()
                && !lexicon
                    .list_joiners
                    .iter()
                    .any(|joiner| between.eq_ignore_ascii_case(joiner))
            {
                break;
            }
            listed.push(place);
            cursor = place.span[1];
        }
        // Towns only: a region is where no town is named (codebook).
        for place in listed.into_iter().filter(|place| {
            place.via != MentionVia::Demonym && place.record.kind == PlacePrecision::City
        }) {
            let mut copy = drafts[strike_idx].clone();
            copy.sentences = vec![sentence_idx];
            copy.triggers = vec![TriggerMention {
                span: sentence.span,
                sentence: sentence_idx,
                ..drafts[strike_idx].triggers[0].clone()
            }];
            copy.size = None;
            let mut value = place
                .record
                .to_value(document.slice(place.span), place.span);
            value.text = document.slice(place.span).to_string();
            copy.place = Some(value);
            copy.place_inherited = false;
            copy.place_from_focus = false;
            copy.explanation.push(trace(
                "place",
                "extend.strike_by_place",
                document,
                Some(place.span),
                "a sentence opening with this place reports the strike there".into(),
            ));
            copies.push(copy);
        }
    }
    if copies.is_empty() {
        return;
    }
    let extended: Vec<usize> = copies
        .iter()
        .flat_map(|copy| copy.sentences.iter().copied())
        .collect();
    let coarse = drafts[strike_idx]
        .place
        .as_ref()
        .is_some_and(|place| place.precision != PlacePrecision::City);
    let drop_strike = coarse && drafts[strike_idx].size.is_none();
    let mut index = 0;
    drafts.retain(|draft| {
        let keep = if index == strike_idx {
            !drop_strike
        } else {
            !(draft.kind == Kind::Protest
                && draft.modality == Modality::Asserted
                && draft
                    .sentences
                    .iter()
                    .all(|sentence| extended.contains(sentence)))
        };
        index += 1;
        keep
    });
    for copy in copies {
        merge_or_push(document, lexicon, mentions, drafts, copy);
    }
}

/// One report per happening, once context is filled in: mentions of one
/// kind and modality far apart in the article that end with the same place,
/// overlapping dates and no conflicting actor group or count are one
/// happening (the codebook's event: one place, day and organiser).
fn consolidate(drafts: Vec<Draft>) -> Vec<Draft> {
    let same_place = |first: &Option<PlaceValue>, second: &Option<PlaceValue>| match (first, second)
    {
        (Some(first), Some(second)) => match (first.geonames_id, second.geonames_id) {
            (Some(first_id), Some(second_id)) => first_id == second_id,
            _ => first.name == second.name && first.country == second.country,
        },
        (None, None) => true,
        _ => false,
    };
    let counts_agree =
        |first: &Option<CountValue>, second: &Option<CountValue>| match (first, second) {
            (Some(first), Some(second)) => first.low <= second.high && second.low <= first.high,
            _ => true,
        };
    let mut consolidated: Vec<Draft> = Vec::with_capacity(drafts.len());
    for draft in drafts {
        let target = consolidated.iter_mut().find(|existing| {
            // A dated hunger strike given the article's city, and an undated
            // action told far below in a named city given the strike's date,
            // agree only on what each borrowed: no evidence. (A region named
            // in passing, "the situation in Gujarat", is too weak a place to
            // keep two mentions apart.)
            let far = !existing.sentences.iter().any(|&sentence| {
                draft
                    .sentences
                    .iter()
                    .any(|&other| sentence.abs_diff(other) <= 3)
            });
            let own_city = |candidate: &Draft| {
                !candidate.place_inherited
                    && candidate
                        .place
                        .as_ref()
                        .is_some_and(|place| place.precision == PlacePrecision::City)
            };
            let borrowed_crosswise = far
                && existing.date_inherited != draft.date_inherited
                && existing.place_inherited != draft.place_inherited
                && existing.date_inherited != existing.place_inherited
                && (own_city(existing) || own_city(&draft));
            !borrowed_crosswise
                && existing.kind == draft.kind
                && existing.modality == draft.modality
                && same_action(&existing.mode, &draft.mode)
                && same_place(&existing.place, &draft.place)
                && match (&existing.date, &draft.date) {
                    (Some((_, first)), Some((_, second))) => first.overlaps(second),
                    (None, None) => true,
                    _ => false,
                }
                && days_of_year_compatible(existing, &draft)
                && actor_groups_agree(existing, &draft)
                && counts_agree(&existing.size, &draft.size)
                && counts_agree(&existing.detained, &draft.detained)
        });
        match target {
            Some(existing) => absorb(existing, draft),
            None => consolidated.push(draft),
        }
    }
    consolidated
}

/// Links each response (cordon, arrest, refusal …) to the protest it answers.
fn link_responses(drafts: &mut [Draft]) {
    let protests: Vec<(usize, usize, Vec<usize>, Modality)> = drafts
        .iter()
        .enumerate()
        .filter(|(_, draft)| draft.kind == Kind::Protest)
        .map(|(index, draft)| {
            (
                index,
                draft.triggers[0].span[0],
                draft.sentences.clone(),
                draft.modality,
            )
        })
        .collect();
    for draft in drafts.iter_mut() {
        if !draft.kind.answers_protest() {
            continue;
        }
        let offset = draft.triggers[0].span[0];
        let sentence = draft.triggers[0].sentence;
        let in_sentence = protests.iter().find(|protest| {
            protest.2.contains(&sentence)
                || draft.sentences.iter().any(|own| protest.2.contains(own))
        });
        let earlier_asserted = protests
            .iter()
            .rev()
            .find(|protest| protest.1 < offset && protest.3 == Modality::Asserted);
        let any_asserted = protests
            .iter()
            .find(|protest| protest.3 == Modality::Asserted);
        if let Some(protest) = in_sentence.or(earlier_asserted).or(any_asserted) {
            draft.response_to = Some(protest.0);
            draft.explanation.push(FieldTrace {
                field: "response_to".into(),
                rule: "link.nearest_protest".into(),
                matched: None,
                span: None,
                note: if in_sentence.is_some() {
                    "the protest in the same sentence".into()
                } else {
                    "the nearest asserted protest before it".into()
                },
            });
        }
    }
}

fn finish(
    document: &Document<'_>,
    context: &ArticleContext<'_>,
    drafts: Vec<Draft>,
) -> Vec<(Report, Vec<usize>)> {
    let article_id = &context.article.id;
    let ids: Vec<String> = drafts
        .iter()
        .map(|draft| {
            let first = draft
                .triggers
                .iter()
                .map(|trigger| trigger.span[0])
                .min()
                .unwrap_or(0);
            let place = draft
                .place
                .as_ref()
                .map(|place| place.name.as_str())
                .unwrap_or("");
            crate::text::stable_id(
                "r",
                &[article_id, draft.kind.as_str(), &first.to_string(), place],
            )
        })
        .collect();
    let _ = document;
    drafts
        .into_iter()
        .enumerate()
        .map(|(index, draft)| {
            let mut trace_ids: Vec<String> = Vec::new();
            for entry in &draft.explanation {
                if !trace_ids.contains(&entry.rule) {
                    trace_ids.push(entry.rule.clone());
                }
            }
            let mut filled = 0.0f32;
            filled += if draft.date.is_some() && !draft.date_inherited {
                0.1
            } else {
                0.0
            };
            filled += if draft.place.is_some() && !draft.place_inherited {
                0.1
            } else {
                0.0
            };
            filled += if draft
                .actor
                .as_ref()
                .is_some_and(|actor| actor.group_from.is_none())
            {
                0.05
            } else {
                0.0
            };
            filled += if draft.size.is_some() || !draft.claims.is_empty() {
                0.05
            } else {
                0.0
            };
            filled += 0.05 * (draft.triggers.len().min(3) as f32 - 1.0);
            let confidence = ((0.55 + filled) * 100.0).round() / 100.0;
            let mut evidence: Vec<Span> =
                draft.triggers.iter().map(|trigger| trigger.span).collect();
            evidence.sort();
            evidence.dedup();
            let report = Report {
                report_id: ids[index].clone(),
                article_id: article_id.clone(),
                publisher: context.article.outlet.clone(),
                kind: draft.kind,
                mode: draft.mode,
                modality: draft.modality,
                date: draft.date.map(|(value, _)| value),
                place: draft.place,
                actor: draft.actor,
                target: draft.target,
                size: draft.size,
                detained: draft.detained,
                claims: draft.claims,
                reason: draft.reason,
                conditions: draft.conditions,
                sources: draft.sources,
                response_to: draft.response_to.map(|target| ids[target].clone()),
                evidence,
                confidence: confidence.min(0.95),
                trace: trace_ids,
                explanation: draft.explanation,
            };
            (report, draft.sentences)
        })
        .collect()
}
