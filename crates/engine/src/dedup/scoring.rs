//! Scoring inside a block: which of the clusters a report may join (same
//! kind and place, overlapping dates, none of its article's reports) it
//! belongs with, and which it must stay out of.
//!
//! Blocking says only that two reports could be one happening. Within a
//! block, a report's actor group, claims, crowd size, cited sources and
//! date precision say whether they are: two rallies in one city on one day,
//! one of two dozen pensioners demanding heating and one of 40,000 calling
//! for a president's release, are two happenings even if nothing else
//! tells them apart. The traits are compact (a few words per report) so
//! that a million of them sit beside the cluster keys.

use crate::model::{ActorGroup, DatePrecision, Report, SourceType};

/// The top two bits of `ClusterTraits::claims` say which scripts its words
/// are in (ASCII, other); the rest hold the words.
const ASCII_CLAIMS: u64 = 1 << 63;
const OTHER_SCRIPT_CLAIMS: u64 = 1 << 62;
const CLAIM_WORDS: u64 = !(ASCII_CLAIMS | OTHER_SCRIPT_CLAIMS);

/// Sizes further apart than this factor are not estimates of one crowd
/// (organisers and police differ by three or four times, rarely ten).
const SIZE_RATIO: u64 = 10;

/// What scoring needs to know of a report besides its block and dates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClusterTraits {
    /// The acting group, when the report names one.
    pub actor_group: Option<ActorGroup>,
    /// The crowd size, else the detention count: (low, high).
    pub count: Option<(u64, u64)>,
    /// The words of the claims, as a set of 62 bits (a word sets the bit of
    /// its hash; one bit in common is an overlap), and in the top two bits
    /// the scripts they are written in: claims in different scripts cannot
    /// be compared word for word.
    pub claims: u64,
    /// The named sources the report cites (never its publisher), as a set of
    /// 64 bits.
    pub sources: u64,
    /// The date is one day (not a week, month or interval).
    pub day: bool,
}

/// FNV-1a: a fixed hash, so that the same words set the same bits on every
/// run and machine (the std hasher is seeded per process).
fn hash_of(word: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in word.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

fn source_bit(name: &str) -> u64 {
    1 << (hash_of(name) % 64)
}

fn claim_word_bits(word: &str) -> u64 {
    let script = if word.is_ascii() {
        ASCII_CLAIMS
    } else {
        OTHER_SCRIPT_CLAIMS
    };
    script | 1 << (hash_of(word) % 62)
}

impl ClusterTraits {
    /// The traits of a report.
    pub fn of(report: &Report) -> ClusterTraits {
        // Words of four letters or more carry a claim ("release",
        // "pension", "Navalny"); shorter ones are mostly function words.
        let claims = report
            .claims
            .iter()
            .flat_map(|claim| claim.text.split(|c: char| !c.is_alphanumeric()))
            .filter(|word| word.chars().count() >= 4)
            .fold(0, |bits, word| bits | claim_word_bits(&word.to_lowercase()));
        let sources = report
            .sources
            .iter()
            .filter_map(|source| match source.source_type {
                SourceType::Outlet | SourceType::Agency | SourceType::Organisation => {
                    Some(source.name.as_str())
                }
                SourceType::Unnamed => source.via.as_deref(),
                SourceType::Publisher => None,
            })
            .fold(0, |bits, name| bits | source_bit(&name.to_lowercase()));
        ClusterTraits {
            actor_group: report.actor.as_ref().and_then(|actor| actor.group),
            count: report
                .size
                .as_ref()
                .or(report.detained.as_ref())
                .map(|count| (count.low, count.high)),
            claims,
            sources,
            day: report
                .date
                .as_ref()
                .is_some_and(|date| date.precision == DatePrecision::Day),
        }
    }

    /// The traits as one short text, for a store column: `group|low-high|
    /// claims|sources|day`, empty fields for what the report lacks.
    pub fn encode(&self) -> String {
        format!(
            "{}|{}|{:x}|{:x}|{}",
            self.actor_group.map(ActorGroup::as_str).unwrap_or(""),
            self.count
                .map(|(low, high)| format!("{low}-{high}"))
                .unwrap_or_default(),
            self.claims,
            self.sources,
            u8::from(self.day)
        )
    }

    /// Reads [`ClusterTraits::encode`]'s text; `None` if it is not one.
    pub fn decode(text: &str) -> Option<ClusterTraits> {
        let mut fields = text.split('|');
        let group = fields.next()?;
        let count = fields.next()?;
        let claims = u64::from_str_radix(fields.next()?, 16).ok()?;
        let sources = u64::from_str_radix(fields.next()?, 16).ok()?;
        let day = match fields.next()? {
            "0" => false,
            "1" => true,
            _ => return None,
        };
        if fields.next().is_some() {
            return None;
        }
        let actor_group = match group {
            "" => None,
            name => Some(ActorGroup::parse(name)?),
        };
        let count = match count {
            "" => None,
            range => {
                let (low, high) = range.split_once('-')?;
                Some((low.parse().ok()?, high.parse().ok()?))
            }
        };
        Some(ClusterTraits {
            actor_group,
            count,
            claims,
            sources,
            day,
        })
    }
}

/// The traits of a cluster's members taken together: every group, the
/// range all counts span, every claim word and source, whether any date is
/// one day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClusterSummary {
    groups: u32,
    count: Option<(u64, u64)>,
    claims: u64,
    sources: u64,
    day: bool,
}

fn group_bit(group: ActorGroup) -> u32 {
    1 << ActorGroup::ALL
        .iter()
        .position(|known| *known == group)
        .unwrap_or(0)
}

impl ClusterSummary {
    /// A summary of one report.
    pub fn of(traits: &ClusterTraits) -> ClusterSummary {
        let mut summary = ClusterSummary::default();
        summary.add(traits);
        summary
    }

    /// Adds a member.
    pub fn add(&mut self, traits: &ClusterTraits) {
        self.groups |= traits.actor_group.map(group_bit).unwrap_or(0);
        self.count = match (self.count, traits.count) {
            (Some((low, high)), Some((other_low, other_high))) => {
                Some((low.min(other_low), high.max(other_high)))
            }
            (count, other) => count.or(other),
        };
        self.claims |= traits.claims;
        self.sources |= traits.sources;
        self.day |= traits.day;
    }
}

/// How well a report fits a cluster it may join: `None` when it must stay
/// out, else a score (higher fits better).
///
/// It stays out when its count and the cluster's are more than ten times
/// apart, no source is shared, and either the claims have no word in common
/// or the actor groups differ: then nothing but the block joins them. A
/// count alone never splits (one outlet's "hundreds" and another's "40,000"
/// may be one crowd seen from two sides), and claims in different scripts
/// (a Ukrainian and an English account) are never disjoint.
///
/// The score prefers, in order of weight, a shared cited source, shared
/// claim words, the same actor group and overlapping counts, and one-day
/// dates on both sides.
pub fn affinity(traits: &ClusterTraits, cluster: &ClusterSummary) -> Option<u32> {
    let shared_source = traits.sources & cluster.sources != 0;
    let claims_overlap = traits.claims & cluster.claims & CLAIM_WORDS != 0;
    // Only claims in a script both sides use can be told disjoint: an
    // English and a Ukrainian account of one march share no words.
    let same_script = traits.claims & cluster.claims & !CLAIM_WORDS != 0;
    let claims_disjoint = same_script && !claims_overlap;
    let bit = traits.actor_group.map(group_bit);
    let same_group = bit.is_some_and(|bit| cluster.groups & bit != 0);
    let other_group = bit.is_some_and(|bit| cluster.groups != 0 && cluster.groups & bit == 0);
    let (counts_overlap, counts_apart) = match (traits.count, cluster.count) {
        (Some((low, high)), Some((cluster_low, cluster_high))) => (
            low <= cluster_high && cluster_low <= high,
            high.saturating_mul(SIZE_RATIO) < cluster_low
                || cluster_high.saturating_mul(SIZE_RATIO) < low,
        ),
        _ => (false, false),
    };
    if counts_apart && !shared_source && (claims_disjoint || other_group) {
        return None;
    }
    Some(
        4 * u32::from(shared_source)
            + 2 * u32::from(claims_overlap)
            + u32::from(same_group)
            + u32::from(counts_overlap)
            + u32::from(traits.day && cluster.day),
    )
}
