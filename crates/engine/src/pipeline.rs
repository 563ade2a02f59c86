//! The extraction pipeline, stage by stage, in order:
//!
//! 1. language: the article's language (given, else identified by
//!    `language.rs`); unsupported languages yield a diagnostic and no reports;
//! 2. analyse: paragraphs, sentences, tokens, boilerplate (`analyse.rs`);
//! 3. mentions: triggers, dates, counts, actors, sources (`mentions/`), places
//!    (`gazetteer.rs`);
//! 4. frames: one report per happening, with arguments, modality, inherited
//!    context and response links (`frames.rs`, dates resolved by `resolve.rs`);
//! 5. offsets: byte spans become character spans, once, here.
//!
//! Reconciling reports of many articles into events is `dedup.rs`, run by the
//! caller over a whole batch or store.

use crate::analyse;
use crate::frames::{self, ArticleContext, Mentions};
use crate::gazetteer::{country_of_url, Gazetteer, MentionOptions};
use crate::lexicon::{self, Lexicon};
use crate::mentions;
use crate::model::{Article, Diagnostic, Report, Span};
use crate::resolve;
use crate::text::CharIndex;

/// What the extractor is asked to do. Built into an [`Extractor`].
#[derive(Clone, Debug)]
pub struct ExtractorConfig {
    /// Language codes to extract; articles in others are reported as unsupported.
    pub languages: Vec<String>,
}

impl ExtractorConfig {
    /// Every language with built-in data.
    pub fn all_languages() -> ExtractorConfig {
        ExtractorConfig {
            languages: lexicon::supported_languages()
                .iter()
                .map(|code| code.to_string())
                .collect(),
        }
    }

    /// Compiles the language data. Fails on a language without data.
    pub fn build(&self) -> Result<Extractor, String> {
        let mut lexicons = Vec::new();
        for code in &self.languages {
            let lexicon = lexicon::builtin(code).ok_or_else(|| {
                format!(
                    "no language data for {code:?}; built in: {}",
                    lexicon::supported_languages().join(", ")
                )
            })?;
            lexicons.push(lexicon);
        }
        Ok(Extractor {
            lexicons,
            gazetteer: Gazetteer::builtin(),
        })
    }
}

/// The runtime extractor: compiled language data and the gazetteer.
#[derive(Debug)]
pub struct Extractor {
    lexicons: Vec<&'static Lexicon>,
    gazetteer: &'static Gazetteer,
}

/// The result of extracting one article.
#[derive(Debug)]
pub struct Extraction {
    /// One report per happening.
    pub reports: Vec<Report>,
    /// The language used, when one was.
    pub language: Option<String>,
    /// Set when the article is in a language without data: its code, or
    /// "unknown" when the text was too short to tell.
    pub unsupported_language: Option<String>,
    /// Things worth telling the user (unsupported language …).
    pub diagnostics: Vec<Diagnostic>,
}

impl Extractor {
    /// Extracts the reports of one article. Never fails: what cannot be done
    /// becomes a diagnostic.
    ///
    /// ```
    /// use placard_engine::{Article, pipeline::ExtractorConfig};
    /// let extractor = ExtractorConfig::all_languages().build().unwrap();
    /// let article = Article {
    ///     id: "doc".into(), url: None, outlet: Some("Demo Wire".into()),
    ///     published: Some("2023-11-20".into()), language: Some("en".into()), title: None,
    ///     text: "On November 7 in Moscow, two dozen women held a protest.".into(),
    /// };
    /// let extraction = extractor.extract(&article);
    /// assert_eq!(extraction.reports[0].kind.as_str(), "protest");
    /// assert_eq!(extraction.reports[0].size.as_ref().unwrap().low, 20);
    /// ```
    pub fn extract(&self, article: &Article) -> Extraction {
        let mut diagnostics = Vec::new();
        let language = crate::language::identify(article).code;
        let lexicon = language.as_deref().and_then(|code| {
            self.lexicons
                .iter()
                .find(|lexicon| lexicon.language == code)
        });
        let Some(lexicon) = lexicon else {
            diagnostics.push(Diagnostic {
                article_id: article.id.clone(),
                message: format!(
                    "language {} is not supported (supported: {})",
                    language.as_deref().unwrap_or("unknown"),
                    self.lexicons
                        .iter()
                        .map(|lexicon| lexicon.language.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
            let unsupported_language = Some(language.clone().unwrap_or_else(|| "unknown".into()));
            return Extraction {
                reports: Vec::new(),
                language,
                unsupported_language,
                diagnostics,
            };
        };
        let published = article
            .published
            .as_deref()
            .and_then(resolve::publication_day);
        if article.published.is_some() && published.is_none() {
            diagnostics.push(Diagnostic {
                article_id: article.id.clone(),
                message: format!(
                    "publication date {:?} is not an ISO 8601 date; relative dates stay unresolved",
                    article.published.as_deref().unwrap_or("")
                ),
            });
        }
        let document = analyse::analyse(&article.text, lexicon);
        let found = Mentions {
            triggers: mentions::triggers::find_triggers(&document, lexicon),
            dates: mentions::dates::find_dates(&document, lexicon),
            counts: mentions::counts::find_counts(&document, lexicon),
            actors: mentions::actors::find_actors(&document, lexicon),
            sources: mentions::attribution::find_sources(&document, lexicon),
            places: self
                .gazetteer
                .find_mentions_with(
                    &article.text,
                    &MentionOptions {
                        lowercase_text: document.lowercase,
                        // "Kirovsk" in a Ukrainian outlet is first Ukraine's.
                        home_country: article.url.as_deref().and_then(country_of_url),
                        with_candidates: false,
                    },
                )
                .into_iter()
                .filter(|place| {
                    document
                        .sentence_at(place.span[0])
                        .is_some_and(|sentence| !document.sentences[sentence].boilerplate)
                })
                .collect(),
            dateline: None,
        };
        let dateline = find_dateline(&document, lexicon, self.gazetteer, &found.places);
        let found = Mentions { dateline, ..found };
        let context = ArticleContext { article, published };
        let built = frames::build_reports(&document, lexicon, &context, &found);
        let index = CharIndex::new(&article.text);
        let reports = built
            .into_iter()
            .map(|(report, _)| to_char_offsets(report, &index))
            .collect();
        Extraction {
            reports,
            language: Some(lexicon.language.clone()),
            unsupported_language: None,
            diagnostics,
        }
    }
}

/// The place an article's dateline names ("lucknow: …", "KYIV —"), from the
/// gazetteer's mentions or, when the name stood without the cues a
/// lower-cased text needs, looked up directly.
fn find_dateline(
    document: &analyse::Document<'_>,
    lexicon: &Lexicon,
    gazetteer: &Gazetteer,
    places: &[crate::gazetteer::PlaceMention],
) -> Option<crate::gazetteer::PlaceMention> {
    let pattern = lexicon.dateline.as_ref()?;
    let first = document
        .sentences
        .iter()
        .find(|sentence| !sentence.boilerplate)?;
    let captures = pattern.captures(document.slice(first.span))?;
    let name = captures.name("place")?;
    let span = [first.span[0] + name.start(), first.span[0] + name.end()];
    if let Some(mention) = places.iter().find(|place| place.span[0] == span[0]) {
        return Some(mention.clone());
    }
    let record = gazetteer.lookup(name.as_str().trim()).into_iter().next()?;
    Some(crate::gazetteer::PlaceMention {
        span,
        text: name.as_str().to_string(),
        record: record.clone(),
        cue: None,
        via: crate::gazetteer::MentionVia::Name,
        candidates: Vec::new(),
    })
}

/// Converts every span of a report from bytes to characters.
fn to_char_offsets(mut report: Report, index: &CharIndex) -> Report {
    let convert = |span: &mut Span| *span = index.span(*span);
    if let Some(date) = &mut report.date {
        if let Some(span) = &mut date.span {
            convert(span);
        }
    }
    if let Some(place) = &mut report.place {
        convert(&mut place.span);
    }
    for actor in [&mut report.actor, &mut report.target]
        .into_iter()
        .flatten()
    {
        convert(&mut actor.span);
    }
    for count in [&mut report.size, &mut report.detained]
        .into_iter()
        .flatten()
    {
        convert(&mut count.span);
    }
    for value in report
        .claims
        .iter_mut()
        .chain(report.conditions.iter_mut())
        .chain(report.reason.iter_mut())
    {
        convert(&mut value.span);
    }
    for source in &mut report.sources {
        if let Some(span) = &mut source.span {
            convert(span);
        }
    }
    for span in &mut report.evidence {
        convert(span);
    }
    for entry in &mut report.explanation {
        if let Some(span) = &mut entry.span {
            convert(span);
        }
    }
    report
}
