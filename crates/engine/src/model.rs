//! The values that flow through Placard: articles in, reports and events out.
//!
//! These types are the output contract of `../shared/DESIGN.md`. Spans in a
//! [`Report`] are character offsets (Unicode scalar values) into
//! [`Article::text`]; inside the engine, stages work with byte offsets and the
//! pipeline converts them once, at the end (see `pipeline.rs`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// A half-open `[start, end)` range. Byte offsets inside the engine, character
/// offsets in everything the engine returns.
pub type Span = [usize; 2];

/// One news article as read from an input, before any analysis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// The input's `id` when given, else `a-` followed by the content hash.
    pub id: String,
    /// Where the article was published, when known.
    pub url: Option<String>,
    /// The publisher ("UNIAN"). Reports name it as their `publisher`.
    pub outlet: Option<String>,
    /// Publication time as given (ISO 8601 date or date-time). Relative dates
    /// ("yesterday") are resolved against it.
    pub published: Option<String>,
    /// ISO 639-1 code when given or detected.
    pub language: Option<String>,
    /// Headline, when known. Not part of `text`, so spans never point into it.
    pub title: Option<String>,
    /// The article body. All spans index into this string.
    pub text: String,
}

/// The ten kinds of happening Placard records (DESIGN.md, taxonomy).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// People publicly voice a grievance.
    Protest,
    /// Organisers apply for or notify of a public action.
    PermitRequest,
    /// Authorities refuse a permit; `reason` holds the stated ground.
    PermitRefused,
    /// Authorities approve a permit; `conditions` holds what they imposed.
    PermitGranted,
    /// A general restriction on assemblies.
    Ban,
    /// Intervention short of detention or force.
    PoliceAction,
    /// Detentions; `detained` holds the count.
    Arrest,
    /// Force used against participants.
    Force,
    /// Legal consequences for participants.
    Prosecution,
    /// Officials meet about protests or their participants.
    OfficialMeeting,
}

impl Kind {
    /// Every kind, in taxonomy order.
    pub const ALL: [Kind; 10] = [
        Kind::Protest,
        Kind::PermitRequest,
        Kind::PermitRefused,
        Kind::PermitGranted,
        Kind::Ban,
        Kind::PoliceAction,
        Kind::Arrest,
        Kind::Force,
        Kind::Prosecution,
        Kind::OfficialMeeting,
    ];

    /// The snake_case name used in data files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Protest => "protest",
            Kind::PermitRequest => "permit_request",
            Kind::PermitRefused => "permit_refused",
            Kind::PermitGranted => "permit_granted",
            Kind::Ban => "ban",
            Kind::PoliceAction => "police_action",
            Kind::Arrest => "arrest",
            Kind::Force => "force",
            Kind::Prosecution => "prosecution",
            Kind::OfficialMeeting => "official_meeting",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }

    /// Families of kinds: the protest itself, permits and bans, the state's
    /// responses on the street, officials meeting. A request and its refusal
    /// share places and overlapping words; a protest and the force used
    /// against it do not.
    pub fn family(self) -> u8 {
        match self {
            Kind::Protest => 0,
            Kind::PermitRequest | Kind::PermitRefused | Kind::PermitGranted | Kind::Ban => 1,
            Kind::PoliceAction | Kind::Arrest | Kind::Force | Kind::Prosecution => 2,
            Kind::OfficialMeeting => 3,
        }
    }

    /// Kinds that answer a protest and so carry a `response_to` link.
    pub fn answers_protest(self) -> bool {
        matches!(
            self,
            Kind::PoliceAction
                | Kind::Arrest
                | Kind::Force
                | Kind::PermitRequest
                | Kind::PermitRefused
                | Kind::PermitGranted
                | Kind::Prosecution
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// Whether a mention reports something that happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// Reported as having happened (also when attributed to a source).
    Asserted,
    /// Announced, scheduled, anticipated.
    Planned,
    /// Conditional, demanded, feared, generic or habitual.
    Hypothetical,
    /// Said not to have happened, or cancelled.
    Negated,
}

impl Modality {
    /// The snake_case name used in data files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Planned => "planned",
            Modality::Hypothetical => "hypothetical",
            Modality::Negated => "negated",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(name: &str) -> Option<Modality> {
        [
            Modality::Asserted,
            Modality::Planned,
            Modality::Hypothetical,
            Modality::Negated,
        ]
        .into_iter()
        .find(|modality| modality.as_str() == name)
    }
}

/// The closed, growable list of actor groups (DESIGN.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ActorGroup {
    SoldiersRelatives,
    Workers,
    Students,
    Opposition,
    Residents,
    Pensioners,
    Journalists,
    Activists,
    Religious,
    Police,
    SecurityForces,
    Authorities,
    Government,
    Party,
    Other,
}

impl ActorGroup {
    /// Every group, in list order.
    pub const ALL: [ActorGroup; 15] = [
        ActorGroup::SoldiersRelatives,
        ActorGroup::Workers,
        ActorGroup::Students,
        ActorGroup::Opposition,
        ActorGroup::Residents,
        ActorGroup::Pensioners,
        ActorGroup::Journalists,
        ActorGroup::Activists,
        ActorGroup::Religious,
        ActorGroup::Police,
        ActorGroup::SecurityForces,
        ActorGroup::Authorities,
        ActorGroup::Government,
        ActorGroup::Party,
        ActorGroup::Other,
    ];

    /// The snake_case name used in data files and output.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorGroup::SoldiersRelatives => "soldiers_relatives",
            ActorGroup::Workers => "workers",
            ActorGroup::Students => "students",
            ActorGroup::Opposition => "opposition",
            ActorGroup::Residents => "residents",
            ActorGroup::Pensioners => "pensioners",
            ActorGroup::Journalists => "journalists",
            ActorGroup::Activists => "activists",
            ActorGroup::Religious => "religious",
            ActorGroup::Police => "police",
            ActorGroup::SecurityForces => "security_forces",
            ActorGroup::Authorities => "authorities",
            ActorGroup::Government => "government",
            ActorGroup::Party => "party",
            ActorGroup::Other => "other",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(name: &str) -> Option<ActorGroup> {
        ActorGroup::ALL
            .into_iter()
            .find(|group| group.as_str() == name)
    }

    /// Groups of the state side: they answer protests rather than hold them.
    pub fn is_state(self) -> bool {
        matches!(
            self,
            ActorGroup::Police
                | ActorGroup::SecurityForces
                | ActorGroup::Authorities
                | ActorGroup::Government
        )
    }
}

/// How precise a resolved date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// One calendar day.
    Day,
    /// A few days (a weekend, "between 7 and 9 November").
    Days,
    /// A calendar week or "last week".
    Week,
    /// A calendar month.
    Month,
    /// A calendar year.
    Year,
    /// Only bounds the text allows (after an earlier happening, before publication).
    Interval,
}

/// When a happening took place: an interval of calendar days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateValue {
    /// First possible day, ISO 8601 (`YYYY-MM-DD`).
    pub start: String,
    /// Last possible day, inclusive.
    pub end: String,
    /// How wide the interval is meant to be.
    pub precision: DatePrecision,
    /// The words the date came from; `None` for a derived interval.
    pub text: Option<String>,
    /// Where those words are; `None` for a derived interval.
    pub span: Option<Span>,
    /// What a derived interval was derived from ("after 2023-11-07, before publication").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<String>,
}

/// How specific a resolved place is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlacePrecision {
    /// A populated place.
    City,
    /// A first-level division (region, state, oblast).
    Admin1,
    /// A whole country.
    Country,
}

impl PlacePrecision {
    /// The snake_case name used in the output contract.
    pub fn as_str(self) -> &'static str {
        match self {
            PlacePrecision::City => "city",
            PlacePrecision::Admin1 => "admin1",
            PlacePrecision::Country => "country",
        }
    }
}

/// Where a happening took place, with the gazetteer record it resolved to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceValue {
    /// The words as they stand in the text ("Novosibirsk", "cities of Russia").
    pub text: String,
    /// Where those words are.
    pub span: Span,
    /// Canonical English name.
    pub name: String,
    /// GeoNames id, for cities and countries that have one.
    pub geonames_id: Option<u64>,
    /// ISO 3166-1 alpha-2 code.
    pub country: Option<String>,
    /// First-level division name, when known.
    pub admin1: Option<String>,
    /// Latitude in degrees.
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lon: Option<f64>,
    /// City, admin1 or country.
    pub precision: PlacePrecision,
    /// Set when the place was not named next to the happening but taken from
    /// the article's context; says from where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<String>,
}

/// Who acted, or against whom.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorValue {
    /// The words naming the actor.
    pub text: String,
    /// The group from the closed list, when the words (or their context) say it.
    pub group: Option<ActorGroup>,
    /// Where those words are.
    pub span: Span,
    /// Set when the group came from an earlier mention ("the wives of …") rather
    /// than from these words ("two dozen women").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_from: Option<String>,
}

/// A count as a range of plausible values ("two dozen" is 20–30).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountValue {
    /// The words the count came from.
    pub text: String,
    /// Lowest value the words allow.
    pub low: u64,
    /// Highest value the words allow.
    pub high: u64,
    /// Where those words are.
    pub span: Span,
}

/// A piece of text with its position: a claim, a reason, a condition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextValue {
    /// The words.
    pub text: String,
    /// Where they are.
    pub span: Span,
}

/// What kind of source a report rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceType {
    /// The article's own publisher, reporting on its own.
    Publisher,
    /// A newspaper, website or broadcaster the article cites.
    Outlet,
    /// A news agency (Interfax, Reuters).
    Agency,
    /// A named organisation or group (a rights group, a ministry).
    Organisation,
    /// A source the text does not name ("sources who attended", "his source").
    Unnamed,
}

/// One link of a report's source chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRef {
    /// Name as written ("Kommersant"); for an unnamed source, the words used.
    pub name: String,
    /// Publisher, outlet, agency, organisation or unnamed.
    #[serde(rename = "type")]
    pub source_type: SourceType,
    /// Stance words the text attaches ("moderately loyal to the Kremlin").
    pub description: Option<String>,
    /// Where the name is; `None` for the publisher taken from article metadata.
    pub span: Option<Span>,
    /// For an unnamed source, the name of the source that cites it ("The Insider").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
}

/// Why a value has the value it has: the rule or lexicon entry, for `placard explain`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldTrace {
    /// The output field ("kind", "size", "date", "modality" …).
    pub field: String,
    /// The rule id from the language data ("en.protest.rally").
    pub rule: String,
    /// The words the rule matched, when it matched words.
    pub matched: Option<String>,
    /// Where those words are (character offsets).
    pub span: Option<Span>,
    /// A sentence for people: what the rule decided and from what.
    pub note: String,
}

/// One article's account of one happening.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Stable id: a hash of the article id, kind and first evidence span.
    pub report_id: String,
    /// The article this report comes from.
    pub article_id: String,
    /// The article's outlet.
    pub publisher: Option<String>,
    /// What happened.
    pub kind: Kind,
    /// The kind's mode (`demo`, `cordon`, `fine` …), when the words say it.
    pub mode: Option<String>,
    /// Whether it happened, per the text.
    pub modality: Modality,
    /// When.
    pub date: Option<DateValue>,
    /// Where.
    pub place: Option<PlaceValue>,
    /// Who acted.
    pub actor: Option<ActorValue>,
    /// Against whom, where stated.
    pub target: Option<ActorValue>,
    /// How many took part.
    pub size: Option<CountValue>,
    /// How many were detained.
    pub detained: Option<CountValue>,
    /// Demands and slogans.
    pub claims: Vec<TextValue>,
    /// The stated ground of a refusal or ban.
    pub reason: Option<TextValue>,
    /// Conditions imposed on a granted permit.
    pub conditions: Vec<TextValue>,
    /// The chain of sources the text gives for this happening.
    pub sources: Vec<SourceRef>,
    /// For responses (cordon, arrest, refusal …), the protest report they answer.
    pub response_to: Option<String>,
    /// Every span of words that mentions the happening.
    pub evidence: Vec<Span>,
    /// How sure the rules are, 0–1.
    pub confidence: f32,
    /// Ids of the rules that fired, in order.
    pub trace: Vec<String>,
    /// Per-field explanation for `placard explain`; stored, not part of the
    /// JSONL contract.
    #[serde(skip)]
    pub explanation: Vec<FieldTrace>,
}

/// Review state of an event (the review workflow lands with the server).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Machine output nobody has looked at.
    Unreviewed,
    /// A coder accepted it.
    Accepted,
    /// A coder rejected it.
    Rejected,
}

/// A count reconciled across reports: the overall range and each report's own value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountRange {
    /// Lowest value any report allows.
    pub low: u64,
    /// Highest value any report allows.
    pub high: u64,
    /// Each report's own range, so disagreement stays visible.
    pub by_report: Vec<ReportCount>,
}

/// One report's count inside a [`CountRange`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportCount {
    /// The report.
    pub report_id: String,
    /// Its publisher.
    pub publisher: Option<String>,
    /// Its words.
    pub text: String,
    /// Its range.
    pub low: u64,
    /// Its range.
    pub high: u64,
}

/// The reconciled view of all reports of one happening.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Stable id derived from the reports it rests on.
    pub event_id: String,
    /// What happened.
    pub kind: Kind,
    /// The mode most reports give.
    pub mode: Option<String>,
    /// The narrowest interval consistent with the reports.
    pub date: Option<DateValue>,
    /// The most specific place the reports agree on.
    pub place: Option<PlaceValue>,
    /// Actor groups named by the reports.
    pub actor_groups: Vec<ActorGroup>,
    /// Size range across reports, with each report's value.
    pub size: Option<CountRange>,
    /// Detained range across reports, with each report's value.
    pub detained: Option<CountRange>,
    /// Claims of all reports, without repeats.
    pub claims: Vec<String>,
    /// Stated reasons of all reports.
    pub reasons: Vec<String>,
    /// Conditions of all reports.
    pub conditions: Vec<String>,
    /// The reports behind the event.
    pub reports: Vec<String>,
    /// The articles behind those reports.
    pub articles: Vec<String>,
    /// The publishers of those articles.
    pub publishers: Vec<String>,
    /// How many distinct original sources confirm the event.
    pub independent_sources: usize,
    /// The names of those original sources.
    pub source_roots: Vec<String>,
    /// Events this one answers (a cordon answers a protest).
    pub response_to: Vec<String>,
    /// Review state.
    pub status: ReviewStatus,
}

/// Something worth telling the user about one article that is not an error:
/// the engine never fails on an article, it reports what it could not do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The article concerned.
    pub article_id: String,
    /// What happened, for people.
    pub message: String,
}
