//! Language data: the lexicons and patterns of one language, loaded from
//! `data/lang/<code>.toml` (embedded in the binary) and compiled once.
//!
//! The engine's code knows how to apply these tables and nothing about any
//! language; adding a language is adding a data file (plus morphology where
//! inflection needs it).

use crate::model::{ActorGroup, Kind, Modality, SourceType};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The language data files built into the binary: (code, TOML text).
const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("../../../data/lang/en.toml")),
    ("ru", include_str!("../../../data/lang/ru.toml")),
    ("uk", include_str!("../../../data/lang/uk.toml")),
];

/// Codes of the languages Placard can extract from.
pub fn supported_languages() -> Vec<&'static str> {
    BUILTIN.iter().map(|(code, _)| *code).collect()
}

/// The compiled data of a built-in language, or `None` if unsupported.
pub fn builtin(code: &str) -> Option<&'static Lexicon> {
    static CACHE: OnceLock<Vec<(&'static str, Lexicon)>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|(code, toml_text)| {
                // The embedded files are checked by `tests::builtin_data_compiles`,
                // so a failure here is a build defect, not bad user input.
                let lexicon = Lexicon::from_toml(toml_text)
                    .unwrap_or_else(|error| panic!("data/lang/{code}.toml: {error}"));
                (*code, lexicon)
            })
            .collect()
    });
    cache
        .iter()
        .find(|(cached_code, _)| *cached_code == code)
        .map(|(_, lexicon)| lexicon)
}

/// Why a language file could not be compiled.
#[derive(Debug)]
pub struct LexiconError(pub String);

impl std::fmt::Display for LexiconError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl std::error::Error for LexiconError {}

#[derive(Deserialize)]
struct RawLanguage {
    language: String,
    #[serde(default)]
    ascii_word_boundaries: bool,
    /// Regex for a dateline at the start of an article, with a `place` group.
    #[serde(default)]
    dateline: Option<String>,
    #[serde(default)]
    naming_cues: Vec<String>,
    /// Regex for a happening that covers the whole country.
    #[serde(default)]
    nationwide: Option<String>,
    /// Regex for a phrase that spreads what a sentence tells over a whole
    /// country ("across Russia", "in dozens of Russian cities").
    #[serde(default)]
    country_scope: Option<String>,
    /// Regex for the words that make a group already introduced ("the
    /// activists", "эти активисты"), ending where the noun starts.
    #[serde(default)]
    definite_before: Option<String>,
    /// Regex for a verb form that says its subject is plural ("провели").
    #[serde(default)]
    plural_verb: Option<String>,
    /// Regex for a verb form that may have one person as its subject
    /// ("голодал", "began").
    #[serde(default)]
    singular_verb: Option<String>,
    /// Regex for the ending of a surname ("Шеин", "Коваленко"): a lone
    /// capitalised word is read as a person only with one.
    #[serde(default)]
    surname: Option<String>,
    /// Regex for a sentence opening with a place ("in ", "at ").
    #[serde(default)]
    locative_opening: Option<String>,
    /// Regex for the words after a happening that put it at a protest
    /// ("detained at the …", "задержанных на …").
    #[serde(default)]
    at_protest: Option<String>,
    abbreviations: Vec<String>,
    boilerplate_lines: Vec<String>,
    trigger: Vec<RawTrigger>,
    cue: Vec<RawCue>,
    actor: Vec<RawActor>,
    numbers: BTreeMap<String, u64>,
    multipliers: BTreeMap<String, [u64; 2]>,
    vague: Vec<RawVague>,
    approximator: Vec<RawApproximator>,
    relative_date: Vec<RawRelativeDate>,
    known_source: Vec<RawKnownSource>,
    attribution: Vec<RawAttribution>,
    unnamed_source: Vec<RawUnnamed>,
    #[serde(default)]
    pronoun_source: Vec<RawUnnamed>,
    counts: RawCounts,
    calendar: RawCalendar,
    relative: RawRelative,
    stance: RawStance,
    not_source_names: Vec<String>,
    arguments: RawArguments,
}

#[derive(Deserialize)]
struct RawCounts {
    /// Number words that count only before a multiplier ("a dozen", not "a").
    needs_multiplier: Vec<String>,
    /// Regex for the plural ending of multiplier words ("dozens" of "dozen").
    multiplier_plural: String,
    /// Characters that group thousands in digits ("," in "1,300"; a space in
    /// "1 300").
    #[serde(default = "default_thousands")]
    thousands_separators: String,
    /// The decimal mark ("." in "1.12", "," in "1,12").
    #[serde(default = "default_decimal")]
    decimal_separator: String,
    participants: String,
    /// Regex for words just before a count that make it not a crowd
    /// ("ранены 28 человек": 28 injured).
    #[serde(default)]
    other_before: Option<String>,
    size_before: String,
    detained_after: String,
    detained_before: String,
    other_after: String,
    /// Regex for the verb of a clause whose subject the count is, however
    /// long the subject ("15 workers trying to enforce the bandh on … road
    /// were arrested"); tried only when nothing else placed the count.
    #[serde(default)]
    detained_verb: Option<String>,
    /// Regex for what stops that search: a comma, a number, a conjunction
    /// or a relative pronoun starts another clause with its own subject.
    #[serde(default)]
    subject_breaks: Option<String>,
}

fn default_thousands() -> String {
    ",".into()
}

fn default_decimal() -> String {
    ".".into()
}

fn default_true() -> bool {
    true
}

#[derive(Deserialize)]
struct RawCalendar {
    /// Whether month and weekday names are capitalised in running text
    /// (English: yes; Russian and Ukrainian: no).
    #[serde(default = "default_true")]
    names_capitalised: bool,
    months: Vec<String>,
    month_abbreviations: Vec<String>,
    weekdays: Vec<String>,
    /// Regex alternation between the ends of a range ("7-9", "7 to 9").
    range_joiners: String,
    /// Regex for what may follow a day number ("th", "-го").
    ordinal_suffix: String,
    /// Regex for what may stand between a day and its month ("of").
    day_month_link: String,
    /// Regex for what may follow a year ("году", "р.").
    year_suffix: String,
    /// Regex for the words before a bare year ("in 2023").
    year_prefix: String,
    /// Regex for words after a weekday that keep it one date ("morning").
    day_parts: String,
    /// A month name without a day or year counts only after one of these
    /// words ("in May"): alone it is too often a verb or a name.
    bare_month_after: Vec<String>,
}

#[derive(Deserialize)]
struct RawRelative {
    #[serde(default)]
    since_before: Option<String>,
    #[serde(default)]
    planned_date_before: Option<String>,
    #[serde(default)]
    modifier_after: Option<String>,
    #[serde(default)]
    when_after: Option<String>,
    not_event_date_before: String,
    days_ago: String,
    weekday_last: String,
    weekday_next: String,
    #[serde(default)]
    before_cues: Option<String>,
    after_cues: String,
}

#[derive(Deserialize)]
struct RawStance {
    pattern: String,
    after: String,
    before: String,
}

#[derive(Deserialize)]
struct RawArguments {
    claim_cues: String,
    claim_cues_after_trigger: String,
    #[serde(default)]
    claim_modifiers: Option<String>,
    claim_end: String,
    quote_open: Vec<String>,
    quote_close: Vec<String>,
    slogan_cues: String,
    reason_cues: String,
    condition_cues: String,
    condition_split: String,
    clause_breaks: String,
    list_joiners: Vec<String>,
}

#[derive(Deserialize)]
struct RawTrigger {
    id: String,
    kind: String,
    mode: Option<String>,
    pattern: String,
    #[serde(default)]
    case_sensitive: bool,
    requires: Option<String>,
    excludes: Option<String>,
    excludes_before: Option<String>,
    article_requires: Option<String>,
}

#[derive(Deserialize)]
struct RawCue {
    id: String,
    modality: String,
    scope: String,
    window: usize,
    pattern: String,
}

#[derive(Deserialize)]
struct RawActor {
    id: String,
    group: Option<String>,
    #[serde(default)]
    generic: bool,
    pattern: String,
}

#[derive(Deserialize)]
struct RawVague {
    pattern: String,
    low: u64,
    high: u64,
}

#[derive(Deserialize)]
struct RawApproximator {
    pattern: String,
    low: f64,
    high: f64,
}

#[derive(Deserialize)]
struct RawRelativeDate {
    pattern: String,
    unit: String,
    offset: i64,
}

#[derive(Deserialize)]
struct RawKnownSource {
    names: Vec<String>,
    #[serde(rename = "type")]
    source_type: String,
}

#[derive(Deserialize)]
struct RawAttribution {
    id: String,
    pattern: String,
    #[serde(default)]
    known_only: bool,
}

#[derive(Deserialize)]
struct RawUnnamed {
    id: String,
    pattern: String,
}

/// One way of saying that a happening took place.
#[derive(Debug)]
pub struct TriggerRule {
    /// Rule id with the language prefix ("en.protest.generic").
    pub id: String,
    /// The kind it signals.
    pub kind: Kind,
    /// The mode it signals, if any.
    pub mode: Option<String>,
    /// The words.
    pub pattern: Regex,
    /// The sentence must also match this.
    pub requires: Option<Regex>,
    /// The sentence must not match this.
    pub excludes: Option<Regex>,
    /// The 40 bytes before the match must not match this.
    pub excludes_before: Option<Regex>,
    /// The article must match this somewhere.
    pub article_requires: Option<Regex>,
}

/// Where a modality cue must stand relative to the trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueScope {
    /// Ends within `window` bytes before the trigger.
    Before,
    /// Starts within `window` bytes after the trigger.
    After,
}

/// Words that make a mention planned, hypothetical or negated.
#[derive(Debug)]
pub struct CueRule {
    /// Rule id.
    pub id: String,
    /// The modality the cue signals.
    pub modality: Modality,
    /// Before or after the trigger.
    pub scope: CueScope,
    /// How far from the trigger, in bytes.
    pub window: usize,
    /// The words; anchored at the trigger side by the data.
    pub pattern: Regex,
}

/// Words naming an actor, and the group they belong to.
#[derive(Debug)]
pub struct ActorRule {
    /// Rule id.
    pub id: String,
    /// The group, or `None` for generic words ("protesters", "women").
    pub group: Option<ActorGroup>,
    /// The words.
    pub pattern: Regex,
}

/// A count word without a number ("dozens").
#[derive(Debug)]
pub struct VagueCount {
    /// The words.
    pub pattern: Regex,
    /// Range low.
    pub low: u64,
    /// Range high.
    pub high: u64,
}

/// Words before a number that make it a range ("about", "more than").
#[derive(Debug)]
pub struct Approximator {
    /// Anchored at the end: matched against the text before the number.
    pub pattern: Regex,
    /// Factor for the low end.
    pub low: f64,
    /// Factor for the high end.
    pub high: f64,
}

/// Units of relative dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelativeUnit {
    /// Days from the reference.
    Day,
    /// Saturday–Sunday around the reference.
    Weekend,
    /// Monday–Sunday weeks from the reference's week.
    Week,
    /// Calendar months from the reference's month.
    Month,
    /// Calendar years from the reference's year.
    Year,
}

/// A relative date expression ("last week").
#[derive(Debug)]
pub struct RelativeDateRule {
    /// The words.
    pub pattern: Regex,
    /// The unit.
    pub unit: RelativeUnit,
    /// How many units from the reference.
    pub offset: i64,
}

/// A pattern citing a source.
#[derive(Debug)]
pub struct AttributionRule {
    /// Rule id.
    pub id: String,
    /// Has a `name` capture group, and maybe `unnamed`.
    pub pattern: Regex,
    /// Accept only names in the known-source list (for loose patterns like "X said").
    pub known_only: bool,
}

/// Everything the extractor knows about one language.
#[derive(Debug)]
pub struct Lexicon {
    /// ISO 639-1 code.
    pub language: String,
    /// Lowercase abbreviations that do not end sentences.
    pub abbreviations: Vec<String>,
    /// Page-furniture lines.
    pub boilerplate_lines: Vec<Regex>,
    /// A dateline at the start of an article ("LUCKNOW:"), `place` group.
    pub dateline: Option<Regex>,
    /// Gazetteer cues that name a place precisely ("city of"): such a place
    /// beats a nearer one in the same sentence.
    pub naming_cues: Vec<String>,
    /// A happening covering the whole country ("a nationwide strike").
    pub nationwide: Option<Regex>,
    /// A phrase spreading a sentence's happenings over a whole country
    /// ("detentions across Russia", "в десятках российских городов").
    pub country_scope: Option<Regex>,
    /// Before an actor noun: the group was introduced before ("the activists").
    pub definite_before: Option<Regex>,
    /// A whole word that is a plural verb form: its subject is not one person.
    pub plural_verb: Option<Regex>,
    /// A whole word that is a verb form one person can be the subject of.
    pub singular_verb: Option<Regex>,
    /// A whole word that looks like a surname.
    pub surname: Option<Regex>,
    /// A sentence opening that introduces a place ("In Lyon, …").
    pub locative_opening: Option<Regex>,
    /// After a happening's words, those that put it at a protest ("detained
    /// at the January 23 rally"): a date between them dates both.
    pub at_protest: Option<Regex>,
    /// Trigger rules.
    pub triggers: Vec<TriggerRule>,
    /// Screen over all trigger patterns: which rules can match a sentence.
    pub trigger_screen: RegexSet,
    /// Modality cues.
    pub cues: Vec<CueRule>,
    /// Actor rules.
    pub actors: Vec<ActorRule>,
    /// Screen over all actor patterns.
    pub actor_screen: RegexSet,
    /// Number words → values.
    pub numbers: BTreeMap<String, u64>,
    /// Multiplier words → (low factor, high factor).
    pub multipliers: BTreeMap<String, [u64; 2]>,
    /// Matches a number written in digits or words, with its multipliers.
    pub number_pattern: Regex,
    /// Number words that count only before a multiplier.
    pub needs_multiplier: Vec<String>,
    /// Thousands separators in digits.
    pub thousands_separators: Vec<char>,
    /// The decimal mark.
    pub decimal_separator: char,
    /// Regex for a plural ending of multipliers, anchored at the end.
    pub multiplier_plural: Regex,
    /// Counts without numbers.
    pub vague: Vec<VagueCount>,
    /// Screen over the count patterns: whether a sentence can hold a count.
    pub count_screen: RegexSet,
    /// Screen over the date patterns: whether a sentence can hold a date.
    pub date_screen: RegexSet,
    /// Approximators.
    pub approximators: Vec<Approximator>,
    /// After a count: participants follow.
    pub participants: Regex,
    /// Before a count: a crowd size follows.
    pub size_before: Regex,
    /// After a count: detained.
    pub detained_after: Regex,
    /// Before a count: detained.
    pub detained_before: Regex,
    /// After a count: not a size.
    pub other_after: Regex,
    /// Before a count: not a size.
    pub other_before: Option<Regex>,
    /// The verb that makes a count's long subject detained, and what stops
    /// the search for it (see `RawCounts::detained_verb`).
    pub detained_verb: Option<(Regex, Regex)>,
    /// Month names, lowercase, January first.
    pub months: Vec<String>,
    /// Explicit dates: ISO, month-day, day-month, month-year, year.
    pub date_patterns: DatePatterns,
    /// The same, matching month and weekday names in any case, for texts
    /// that arrive lower-cased.
    pub date_patterns_caseless: DatePatterns,
    /// Relative dates.
    pub relative_dates: Vec<RelativeDateRule>,
    /// Before a date: the happening runs from it until publication ("since").
    pub since_before: Option<Regex>,
    /// Before a date: it dates a planned happening ("planned for").
    pub planned_date_before: Option<Regex>,
    /// After a date: the date modifies the noun that follows ("last
    /// year's mobilisation"), ending where that noun starts.
    pub date_modifier_after: Option<Regex>,
    /// After a date: a clause that tells what happened then ("on November
    /// 7, when two dozen women held posters"), ending where it starts.
    pub date_when_after: Option<Regex>,
    /// Before a date: the date is a reference point, not a happening's.
    pub not_event_date_before: Regex,
    /// "three days ago".
    pub days_ago: Regex,
    /// Before a weekday: the past one.
    pub weekday_last: Regex,
    /// Before a weekday: the next one.
    pub weekday_next: Regex,
    /// Sentence openings that place it after the previous happening.
    pub after_cues: Regex,
    /// Sentence openings that report an earlier, different happening.
    pub before_cues: Option<Regex>,
    /// Known source names → type, lowercase keys.
    pub known_sources: BTreeMap<String, (String, SourceType)>,
    /// Every written form of a known source, with its canonical name, for
    /// finding bare mentions in text: (form, canonical, type).
    pub known_source_forms: Vec<(String, String, SourceType)>,
    /// Source citations.
    pub attributions: Vec<AttributionRule>,
    /// Unnamed sources.
    pub unnamed_sources: Vec<AttributionRule>,
    /// Citations by pronoun («по его данным»): the source named just before.
    pub pronoun_sources: Vec<AttributionRule>,
    /// Lowercase words that look like names in attribution patterns but never
    /// are sources ("he", "they").
    pub not_source_names: Vec<String>,
    /// After a source name: its stance.
    pub stance_after: Regex,
    /// Before a source name: its stance.
    pub stance_before: Regex,
    /// Demand cues, anywhere in a protest sentence.
    pub claim_cues: Regex,
    /// Demand cues that count only right after a protest trigger; anchored
    /// at the start of the text after the trigger.
    pub claim_cues_after_trigger: Regex,
    /// Stance words before a protest word that name its claim ("anti-war").
    pub claim_modifiers: Option<Regex>,
    /// Where a claim ends.
    pub claim_end: Regex,
    /// Quote marks, as (open, close) pairs.
    pub quotes: Vec<(char, char)>,
    /// Before a quote: it is a slogan.
    pub slogan_cues: Regex,
    /// Reason cues.
    pub reason_cues: Regex,
    /// Condition cues.
    pub condition_cues: Regex,
    /// Splits a condition list.
    pub condition_split: Regex,
    /// Clause boundaries inside a sentence.
    pub clause_breaks: Regex,
    /// Words joining items of a list ("and", "or").
    pub list_joiners: Vec<String>,
}

/// Compiled explicit-date patterns of a language.
#[derive(Debug)]
pub struct DatePatterns {
    /// `2023-11-07`.
    pub iso: Regex,
    /// `November 7`, `Nov. 7-9, 2023`: groups month, day, day_end, year.
    pub month_day: Regex,
    /// `7 November`, `7-9 November 2023`, `between 7 and 20 November`.
    pub day_month: Regex,
    /// `in November 2023`, `in November`.
    pub month_year: Regex,
    /// `in 2023`.
    pub year: Regex,
    /// `on Monday`, `last Monday`: group weekday.
    pub weekday: Regex,
    /// Weekday names, lowercase, Monday first.
    pub weekdays: Vec<String>,
    /// Month abbreviations, lowercase, January first.
    pub month_abbreviations: Vec<String>,
    /// Words after which a bare month name counts as a date.
    pub bare_month_after: Vec<String>,
}

/// Replaces every `\b` of a pattern with `replacement`, leaving other
/// escapes (`\\b` is a backslash and a "b") as they are.
fn replace_word_boundaries(pattern: &str, replacement: &str) -> String {
    let mut rewritten = String::with_capacity(pattern.len() + 16);
    let mut characters = pattern.chars();
    while let Some(character) = characters.next() {
        if character == '\\' {
            match characters.next() {
                Some('b') => rewritten.push_str(replacement),
                Some(escaped) => {
                    rewritten.push('\\');
                    rewritten.push(escaped);
                }
                None => rewritten.push('\\'),
            }
        } else {
            rewritten.push(character);
        }
    }
    rewritten
}

/// Rewrites `\b` as the ASCII word boundary `(?-u:\b)`. The regex crate's
/// fast DFA cannot evaluate a Unicode word boundary once the text holds a
/// non-ASCII byte (a curly quote is enough) and falls back to engines ten
/// times slower; for languages written in ASCII letters the ASCII boundary
/// finds the same words.
fn ascii_boundaries(pattern: &str) -> String {
    replace_word_boundaries(pattern, "(?-u:\\b)")
}

/// Removes every `\b` from a pattern. Word boundaries only ever reject
/// matches, so the result matches wherever the original does (and more): a
/// cheap screen. Without them the regex crate's fast DFA runs on any text.
fn without_word_boundaries(pattern: &str) -> String {
    replace_word_boundaries(pattern, "")
}

/// A `RegexSet` over the boundary-free forms of `patterns`, all caseless.
fn screen_of<'pattern>(
    patterns: impl IntoIterator<Item = &'pattern str>,
) -> Result<RegexSet, LexiconError> {
    let stripped: Vec<String> = patterns.into_iter().map(without_word_boundaries).collect();
    // Unicode classes (`\\w` over Cyrillic) make large sets; the screen is
    // built once per language, so a generous limit costs nothing at run time.
    RegexSetBuilder::new(&stripped)
        .case_insensitive(true)
        .size_limit(256 * 1024 * 1024)
        .dfa_size_limit(64 * 1024 * 1024)
        .build()
        .map_err(|error| LexiconError(format!("screen: {error}")))
}

/// Compiles the patterns of one language file with its settings.
#[derive(Clone, Copy)]
struct PatternCompiler {
    ascii_word_boundaries: bool,
}

impl PatternCompiler {
    fn compile(self, pattern: &str, case_insensitive: bool) -> Result<Regex, LexiconError> {
        let pattern = if self.ascii_word_boundaries {
            ascii_boundaries(pattern)
        } else {
            pattern.to_string()
        };
        RegexBuilder::new(&pattern)
            .case_insensitive(case_insensitive)
            .build()
            .map_err(|error| LexiconError(format!("bad pattern {pattern:?}: {error}")))
    }

    fn compile_ci(self, pattern: &str) -> Result<Regex, LexiconError> {
        self.compile(pattern, true)
    }

    fn compile_optional(self, pattern: &Option<String>) -> Result<Option<Regex>, LexiconError> {
        pattern
            .as_deref()
            .map(|pattern| self.compile_ci(pattern))
            .transpose()
    }
}

fn capitalise(word: &str) -> String {
    let mut characters = word.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

impl Lexicon {
    /// Parses and compiles one language file.
    pub fn from_toml(toml_text: &str) -> Result<Lexicon, LexiconError> {
        let raw: RawLanguage =
            toml::from_str(toml_text).map_err(|error| LexiconError(error.to_string()))?;
        let patterns = PatternCompiler {
            ascii_word_boundaries: raw.ascii_word_boundaries,
        };
        let prefix = raw.language.clone();

        let mut triggers = Vec::new();
        for rule in &raw.trigger {
            let kind = Kind::parse(&rule.kind)
                .ok_or_else(|| LexiconError(format!("{}: unknown kind {}", rule.id, rule.kind)))?;
            triggers.push(TriggerRule {
                id: format!("{prefix}.{}", rule.id),
                kind,
                mode: rule.mode.clone(),
                pattern: patterns.compile(&rule.pattern, !rule.case_sensitive)?,
                requires: patterns.compile_optional(&rule.requires)?,
                excludes: patterns.compile_optional(&rule.excludes)?,
                excludes_before: patterns.compile_optional(&rule.excludes_before)?,
                article_requires: patterns.compile_optional(&rule.article_requires)?,
            });
        }

        let mut cues = Vec::new();
        for cue in &raw.cue {
            let modality = Modality::parse(&cue.modality).ok_or_else(|| {
                LexiconError(format!("{}: unknown modality {}", cue.id, cue.modality))
            })?;
            let scope = match cue.scope.as_str() {
                "before" => CueScope::Before,
                "after" => CueScope::After,
                other => return Err(LexiconError(format!("{}: unknown scope {other}", cue.id))),
            };
            cues.push(CueRule {
                id: format!("{prefix}.{}", cue.id),
                modality,
                scope,
                window: cue.window,
                pattern: patterns.compile_ci(&cue.pattern)?,
            });
        }

        let mut actors = Vec::new();
        for actor in &raw.actor {
            let group =
                match (&actor.group, actor.generic) {
                    (Some(name), false) => Some(ActorGroup::parse(name).ok_or_else(|| {
                        LexiconError(format!("{}: unknown group {name}", actor.id))
                    })?),
                    (None, true) => None,
                    _ => {
                        return Err(LexiconError(format!(
                            "{}: an actor rule has either a group or generic = true",
                            actor.id
                        )))
                    }
                };
            actors.push(ActorRule {
                id: format!("{prefix}.{}", actor.id),
                group,
                pattern: patterns.compile_ci(&actor.pattern)?,
            });
        }

        // Numbers in words ("two dozen", "twenty-five thousand") or digits
        // ("1,300", "1.12 million", "20-30"), each optionally followed by
        // multiplier words. Longer words first so "seventeen" beats "seven".
        let mut number_words: Vec<&String> = raw.numbers.keys().collect();
        number_words.sort_by_key(|word| std::cmp::Reverse(word.len()));
        let number_words = number_words
            .iter()
            .map(|word| regex::escape(word))
            .collect::<Vec<_>>()
            .join("|");
        let mut multiplier_words: Vec<&String> = raw.multipliers.keys().collect();
        multiplier_words.sort_by_key(|word| std::cmp::Reverse(word.len()));
        let multiplier_words = multiplier_words
            .iter()
            .map(|word| regex::escape(word))
            .collect::<Vec<_>>()
            .join("|");
        let range_joiners = &raw.calendar.range_joiners;
        let plural = &raw.counts.multiplier_plural;
        let thousands = regex::escape(&raw.counts.thousands_separators);
        let decimal = regex::escape(&raw.counts.decimal_separator);
        // Digit groups may also stand apart from their separator ("20 , 000"),
        // as in corpora distributed as space-separated tokens.
        let number_pattern = patterns.compile_ci(&format!(
            r"\b(?P<value>\d{{1,3}}(?:(?:[{thousands}]| [{thousands}] )\d{{3}})+(?:[{decimal}]\d+)?|\d+(?:[{decimal}]\d+)?|(?:{number_words})(?:[\s-](?:{number_words}))?)(?:\s*(?:{range_joiners})\s*(?P<value_end>\d{{1,3}}(?:[{thousands}]\d{{3}})+|\d+))?(?P<multipliers>(?:[\s-]+(?:{multiplier_words})(?:{plural})?\b)*)\b"
        ))?;

        // Each month or weekday entry may list inflected forms separated by
        // "|" ("ноябрь|ноября|ноябре"); every form is matched.
        let names_capitalised = raw.calendar.names_capitalised;
        let forms_of = |entries: &[String]| -> Vec<String> {
            let mut forms: Vec<String> = entries
                .iter()
                .flat_map(|entry| entry.split('|'))
                .map(|form| {
                    if names_capitalised {
                        capitalise(form)
                    } else {
                        form.to_string()
                    }
                })
                .map(|form| regex::escape(&form))
                .collect();
            forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
            forms
        };
        let month_alternatives = forms_of(
            &raw.calendar
                .months
                .iter()
                .chain(raw.calendar.month_abbreviations.iter())
                .cloned()
                .collect::<Vec<_>>(),
        )
        .join("|");
        let weekday_alternatives = forms_of(&raw.calendar.weekdays).join("|");
        // Month and weekday names are capitalised in running English text;
        // matching them case-sensitively keeps "march" and "may" the verbs out.
        let calendar = &raw.calendar;
        let (joiners, ordinal, link, year_suffix, year_prefix, day_parts) = (
            &calendar.range_joiners,
            &calendar.ordinal_suffix,
            &calendar.day_month_link,
            &calendar.year_suffix,
            &calendar.year_prefix,
            &calendar.day_parts,
        );
        // An empty suffix list means no suffix group at all.
        let year_suffix = if year_suffix.is_empty() {
            String::new()
        } else {
            format!(r"(?:\s*(?:{year_suffix}))?")
        };
        let build_dates = |cased: bool| -> Result<DatePatterns, LexiconError> {
            Ok(DatePatterns {
                iso: patterns.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b", false)?,
                month_day: patterns.compile(
                    &format!(
                        r"\b(?P<month>{month_alternatives})\.?\s+(?P<day>\d{{1,2}})(?:{ordinal})?(?:\s*(?:{joiners})\s*(?P<day_end>\d{{1,2}})(?:{ordinal})?)?(?:,?\s+(?P<year>\d{{4}}){year_suffix})?\b"
                    ),
                    !cased,
                )?,
                day_month: patterns.compile(
                    &format!(
                        r"\b(?P<day>\d{{1,2}})(?:{ordinal})?(?:\s*(?:{joiners})\s*(?P<day_end>\d{{1,2}})(?:{ordinal})?)?\s+(?:(?:{link})\s+)?(?P<month>{month_alternatives})\b\.?(?:,?\s+(?P<year>\d{{4}}){year_suffix})?"
                    ),
                    !cased,
                )?,
                month_year: patterns.compile(
                    &format!(
                        r"\b(?P<month>{month_alternatives})(?:\s+(?:(?:{link})\s+)?(?P<year>\d{{4}}){year_suffix})?\b"
                    ),
                    !cased,
                )?,
                year: patterns.compile(
                    &format!(r"\b(?:{year_prefix})\s+(?P<year>(?:19|20)\d{{2}})\b{year_suffix}"),
                    true,
                )?,
                weekday: patterns.compile(
                    &format!(r"\b(?P<weekday>{weekday_alternatives})(?:\s+(?:{day_parts}))?\b"),
                    !cased,
                )?,
                weekdays: calendar.weekdays.clone(),
                month_abbreviations: calendar.month_abbreviations.clone(),
                bare_month_after: calendar.bare_month_after.clone(),
            })
        };
        // Languages that do not capitalise the names match them in any case.
        let date_patterns = build_dates(names_capitalised)?;
        // Some corpora arrive lower-cased; for them names are matched caselessly.
        let date_patterns_caseless = build_dates(false)?;

        let mut relative_dates = Vec::new();
        for rule in &raw.relative_date {
            let unit = match rule.unit.as_str() {
                "day" => RelativeUnit::Day,
                "weekend" => RelativeUnit::Weekend,
                "week" => RelativeUnit::Week,
                "month" => RelativeUnit::Month,
                "year" => RelativeUnit::Year,
                other => return Err(LexiconError(format!("unknown date unit {other}"))),
            };
            relative_dates.push(RelativeDateRule {
                pattern: patterns.compile_ci(&rule.pattern)?,
                unit,
                offset: rule.offset,
            });
        }

        let mut known_sources = BTreeMap::new();
        let mut known_source_forms = Vec::new();
        for group in &raw.known_source {
            let source_type = match group.source_type.as_str() {
                "agency" => SourceType::Agency,
                "outlet" => SourceType::Outlet,
                "organisation" => SourceType::Organisation,
                other => return Err(LexiconError(format!("unknown source type {other}"))),
            };
            // "Медиазона|Медиазоны|Медиазоне": every form names the first.
            for entry in &group.names {
                let canonical = entry.split('|').next().unwrap_or(entry).to_string();
                for form in entry.split('|') {
                    known_sources.insert(form.to_lowercase(), (canonical.clone(), source_type));
                    known_source_forms.push((form.to_string(), canonical.clone(), source_type));
                }
            }
        }

        let attributions = raw
            .attribution
            .iter()
            .map(|rule| {
                Ok(AttributionRule {
                    id: format!("{prefix}.{}", rule.id),
                    // Source names are found by capitalisation: case matters.
                    pattern: patterns.compile(&rule.pattern, false)?,
                    known_only: rule.known_only,
                })
            })
            .collect::<Result<Vec<_>, LexiconError>>()?;
        // Unnamed and pronoun sources are found case-insensitively and name
        // no one themselves: `find_sources` links them to a named source.
        let linked_source_rules = |rules: &[RawUnnamed]| {
            rules
                .iter()
                .map(|rule| {
                    Ok(AttributionRule {
                        id: format!("{prefix}.{}", rule.id),
                        pattern: patterns.compile_ci(&rule.pattern)?,
                        known_only: false,
                    })
                })
                .collect::<Result<Vec<_>, LexiconError>>()
        };
        let pronoun_sources = linked_source_rules(&raw.pronoun_source)?;
        let unnamed_sources = linked_source_rules(&raw.unnamed_source)?;

        if raw.arguments.quote_open.len() != raw.arguments.quote_close.len() {
            return Err(LexiconError(
                "quote_open and quote_close differ in length".into(),
            ));
        }
        let first_char = |text: &String| text.chars().next().unwrap_or('"');
        let quotes = raw
            .arguments
            .quote_open
            .iter()
            .zip(&raw.arguments.quote_close)
            .map(|(open, close)| (first_char(open), first_char(close)))
            .collect();

        let vague: Vec<VagueCount> = raw
            .vague
            .iter()
            .map(|vague| {
                Ok(VagueCount {
                    pattern: patterns.compile_ci(&vague.pattern)?,
                    low: vague.low,
                    high: vague.high,
                })
            })
            .collect::<Result<_, LexiconError>>()?;
        let days_ago = patterns.compile_ci(&raw.relative.days_ago)?;
        // Screens let the finders skip sentences with nothing to find; with
        // Unicode word boundaries (Cyrillic) the full patterns are slow.
        let count_screen = screen_of(
            std::iter::once(number_pattern.as_str())
                .chain(vague.iter().map(|vague| vague.pattern.as_str())),
        )?;
        let date_patterns_all = [&date_patterns, &date_patterns_caseless];
        let date_screen = screen_of(
            date_patterns_all
                .iter()
                .flat_map(|set| {
                    [
                        set.iso.as_str(),
                        set.month_day.as_str(),
                        set.day_month.as_str(),
                        set.month_year.as_str(),
                        set.year.as_str(),
                        set.weekday.as_str(),
                    ]
                })
                .chain(relative_dates.iter().map(|rule| rule.pattern.as_str()))
                .chain(std::iter::once(days_ago.as_str())),
        )?;
        let optional_ci = |pattern: &Option<String>| {
            pattern
                .as_deref()
                .map(|pattern| patterns.compile_ci(pattern))
                .transpose()
        };
        Ok(Lexicon {
            language: raw.language.clone(),
            abbreviations: raw.abbreviations.clone(),
            naming_cues: raw.naming_cues.clone(),
            nationwide: optional_ci(&raw.nationwide)?,
            country_scope: optional_ci(&raw.country_scope)?,
            definite_before: optional_ci(&raw.definite_before)?,
            plural_verb: optional_ci(&raw.plural_verb)?,
            singular_verb: optional_ci(&raw.singular_verb)?,
            surname: optional_ci(&raw.surname)?,
            locative_opening: optional_ci(&raw.locative_opening)?,
            at_protest: optional_ci(&raw.at_protest)?,
            dateline: raw
                .dateline
                .as_deref()
                .map(|pattern| patterns.compile(pattern, true))
                .transpose()?,
            boilerplate_lines: raw
                .boilerplate_lines
                .iter()
                .map(|pattern| patterns.compile_ci(pattern))
                .collect::<Result<_, _>>()?,
            trigger_screen: screen_of(raw.trigger.iter().map(|rule| rule.pattern.as_str()))?,
            triggers,
            cues,
            actor_screen: screen_of(raw.actor.iter().map(|rule| rule.pattern.as_str()))?,
            actors,
            numbers: raw.numbers.clone(),
            multipliers: raw.multipliers.clone(),
            number_pattern,
            needs_multiplier: raw.counts.needs_multiplier.clone(),
            thousands_separators: raw.counts.thousands_separators.chars().collect(),
            decimal_separator: raw.counts.decimal_separator.chars().next().unwrap_or('.'),
            multiplier_plural: patterns
                .compile_ci(&format!("(?:{})$", raw.counts.multiplier_plural))?,
            vague,
            count_screen,
            date_screen,
            approximators: raw
                .approximator
                .iter()
                .map(|approximator| {
                    Ok(Approximator {
                        pattern: patterns.compile_ci(&approximator.pattern)?,
                        low: approximator.low,
                        high: approximator.high,
                    })
                })
                .collect::<Result<_, LexiconError>>()?,
            participants: patterns.compile_ci(&raw.counts.participants)?,
            size_before: patterns.compile_ci(&raw.counts.size_before)?,
            detained_after: patterns.compile_ci(&raw.counts.detained_after)?,
            detained_before: patterns.compile_ci(&raw.counts.detained_before)?,
            other_after: patterns.compile_ci(&raw.counts.other_after)?,
            other_before: raw
                .counts
                .other_before
                .as_deref()
                .map(|pattern| patterns.compile_ci(pattern))
                .transpose()?,
            detained_verb: match (&raw.counts.detained_verb, &raw.counts.subject_breaks) {
                (Some(verb), Some(breaks)) => {
                    Some((patterns.compile_ci(verb)?, patterns.compile_ci(breaks)?))
                }
                _ => None,
            },
            months: raw.calendar.months.clone(),
            date_patterns,
            date_patterns_caseless,
            relative_dates,
            planned_date_before: raw
                .relative
                .planned_date_before
                .as_deref()
                .map(|pattern| patterns.compile_ci(pattern))
                .transpose()?,
            date_modifier_after: raw
                .relative
                .modifier_after
                .as_deref()
                .map(|pattern| patterns.compile_ci(pattern))
                .transpose()?,
            date_when_after: raw
                .relative
                .when_after
                .as_deref()
                .map(|pattern| patterns.compile_ci(pattern))
                .transpose()?,
            since_before: raw
                .relative
                .since_before
                .as_deref()
                .map(|pattern| patterns.compile_ci(pattern))
                .transpose()?,
            not_event_date_before: patterns.compile_ci(&raw.relative.not_event_date_before)?,
            days_ago,
            weekday_last: patterns.compile_ci(&raw.relative.weekday_last)?,
            weekday_next: patterns.compile_ci(&raw.relative.weekday_next)?,
            after_cues: patterns.compile_ci(&raw.relative.after_cues)?,
            before_cues: raw
                .relative
                .before_cues
                .as_deref()
                .map(|pattern| patterns.compile_ci(pattern))
                .transpose()?,
            known_sources,
            known_source_forms,
            attributions,
            unnamed_sources,
            pronoun_sources,
            not_source_names: raw
                .not_source_names
                .iter()
                .map(|name| name.to_lowercase())
                .collect(),
            stance_after: patterns
                .compile_ci(&raw.stance.after.replace("{stance}", &raw.stance.pattern))?,
            stance_before: patterns
                .compile_ci(&raw.stance.before.replace("{stance}", &raw.stance.pattern))?,
            claim_cues: patterns.compile_ci(&raw.arguments.claim_cues)?,
            claim_cues_after_trigger: patterns
                .compile_ci(&raw.arguments.claim_cues_after_trigger)?,
            claim_modifiers: raw
                .arguments
                .claim_modifiers
                .as_deref()
                .map(|pattern| patterns.compile_ci(pattern))
                .transpose()?,
            claim_end: patterns.compile_ci(&raw.arguments.claim_end)?,
            quotes,
            slogan_cues: patterns.compile_ci(&raw.arguments.slogan_cues)?,
            reason_cues: patterns.compile_ci(&raw.arguments.reason_cues)?,
            condition_cues: patterns.compile_ci(&raw.arguments.condition_cues)?,
            condition_split: patterns.compile_ci(&raw.arguments.condition_split)?,
            clause_breaks: patterns.compile_ci(&raw.arguments.clause_breaks)?,
            list_joiners: raw.arguments.list_joiners.clone(),
        })
    }

    /// The month number (1–12) of a month name or abbreviation.
    pub fn month_number(&self, name: &str) -> Option<u32> {
        let lowercase = name.trim_end_matches('.').to_lowercase();
        let find = |entries: &[String]| {
            entries
                .iter()
                .position(|entry| entry.split('|').any(|form| form == lowercase))
        };
        find(&self.months)
            .or_else(|| find(&self.date_patterns.month_abbreviations))
            .map(|index| index as u32 + 1)
    }

    /// Looks a source name up in the known-source list.
    pub fn known_source(&self, name: &str) -> Option<&(String, SourceType)> {
        self.known_sources.get(&name.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_data_compiles() {
        for code in supported_languages() {
            let lexicon = builtin(code).expect("listed language loads");
            assert_eq!(lexicon.language, code);
            assert!(lexicon.triggers.len() > 20);
            // Every kind of the taxonomy has at least one trigger.
            for kind in Kind::ALL {
                assert!(
                    lexicon.triggers.iter().any(|rule| rule.kind == kind),
                    "{code}: no trigger for {kind}"
                );
            }
        }
    }

    #[test]
    fn no_doubled_escapes_in_literal_strings() {
        // In TOML literal strings ('…') a backslash is taken as written, so
        // "\\b" would reach the regex as a literal backslash and silently
        // never match. Patterns in basic strings ("…") are written doubled on
        // purpose and are decoded by TOML before this check could see them.
        for (code, toml_text) in BUILTIN {
            for (line_idx, line) in toml_text.lines().enumerate() {
                if let Some(start) = line.find(" = '") {
                    assert!(
                        !line[start..].contains("\\\\"),
                        "data/lang/{code}.toml:{}: doubled backslash in a literal string",
                        line_idx + 1
                    );
                }
            }
        }
    }

    #[test]
    fn screens_drop_only_word_boundaries() {
        assert_eq!(without_word_boundaries(r"\bri\\b\d+\b"), r"ri\\b\d+");
    }

    #[test]
    fn ascii_boundaries_rewrite_only_word_boundaries() {
        assert_eq!(
            ascii_boundaries(r"\bri\\b\d+\b"),
            r"(?-u:\b)ri\\b\d+(?-u:\b)"
        );
    }

    #[test]
    fn month_numbers() {
        let lexicon = builtin("en").unwrap();
        assert_eq!(lexicon.month_number("November"), Some(11));
        assert_eq!(lexicon.month_number("Nov."), Some(11));
        assert_eq!(lexicon.month_number("Smarch"), None);
    }
}
