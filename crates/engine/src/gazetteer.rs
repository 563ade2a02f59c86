//! The built-in gazetteer: finds place names in English, Russian and Ukrainian news text and resolves
//! them to GeoNames records (countries, first-level divisions, cities).
//!
//! The data is `data/places.tsv`, built by `cargo xtask places` from GeoNames
//! (CC BY 4.0) and embedded in the binary; `data/place_stoplist.txt` lists the
//! names that are also English words. See `data/places.README.md`.
//!
//! Matching works on word tokens (runs of letters and digits). A mention must
//! start with a capital letter; the longest name known at that point wins
//! ("New York" over "York"). Common words, given names and GeoNames
//! alternate names need a cue before them ("in Reading"). Ambiguous names are
//! resolved by, in order: a "City, Region" pair ("Paris, Texas"), a division
//! suffix ("Kharkiv Oblast"), a country's own name ("Georgia"), the countries
//! the rest of the text names without ambiguity (the nearest such mention
//! counting extra), curated names over GeoNames alternates, population, and a
//! main name over an alias; a division then gives way to a city of the same
//! name in the same country ("Kharkiv" the city, not the oblast).
//!
//! Russian and Ukrainian inflect names ("в Москве", "Житомирської області"):
//! a capitalised Cyrillic word that names nothing as written is matched by
//! its stems (see `stem_forms`), a GeoNames alternate name found that way
//! only after a cue ("в", "у", "из", "біля", "в городе" …), and the cue of
//! the first name of a list carries over to the rest ("в Казани и Омске").
//!
//! Minor towns (every other town of 1,000 people or more, from
//! `data/towns.tsv.gz`) are named only with a capital letter, after a strong
//! cue, in a text that confirms their country ("in Horenka" next to "Kyiv"),
//! or right before their own region ("Paris, Texas"); any other reading of
//! the name wins over them. Adding all 154,000 of them changed no dev-set
//! score, where listing them as ordinary towns had cost 4.5 points of
//! English F1 ("On", "Police", "Alexander", "March" are towns too). The
//! cue must be in the name's script and not Russian "на" (regions and
//! landmarks: "на Урале", "на Майдане"), a Cyrillic name must not look like
//! an adjective ("в Черном море") or hold a lower-case word, and a major
//! town found through a stem beats a minor town's exact form ("во Львове").
//! On the 7,987 texts of `../shared/data/news-corpus`, 47 of 28,046 place
//! mentions are minor towns (154 before these rules, mostly wrong; now
//! mostly villages rightly named: "в Козині під Києвом", "у Млинові");
//! `examples/minor_towns.rs` lists them.
//!
//! Speed (2026-11-28, release build, 2-core machine, nothing else running):
//! `find_mentions` takes about 30 µs on a 2,958-byte English news text with
//! 52 place mentions and about 82 µs on a 3,812-byte Russian one with 45
//! (mean of 20,000 calls after 1,000 warm-up calls). Reading the embedded
//! index (174,411 places, 342,382 keys, 16.9 MB) takes about 9 ms (18 ms while
//! other builds ran), most of it
//! materialising the records; parsing the same tables at start-up took
//! 365 ms. Measured with `cargo run --release -p placard-engine --example
//! gazetteer_speed` and `--example gazetteer_load`.

mod index;
mod keys;

use crate::model::{PlacePrecision, PlaceValue};
use keys::{
    is_cyrillic, is_word_char, key_hash, normalise_key, push_lowercase, stem_forms, MIN_STEM_CHARS,
    STEM_KEY_MARK,
};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The index `build.rs` makes from `data/places.tsv`, `data/towns.tsv.gz`
/// (columns described in `data/places.README.md`) and
/// `data/place_stoplist.txt` (names that are also words); its layout is in
/// `gazetteer/index.rs`.
const INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.idx"));

/// Words after a name that make it a first-level division ("Kharkiv Oblast",
/// "Novosibirsk region") rather than the city of the same name.
const DIVISION_SUFFIXES: [&str; 10] = [
    "oblast",
    "region",
    "province",
    "state",
    "krai",
    "kray",
    "republic",
    "governorate",
    "prefecture",
    "county",
];

/// Words after a name that make it part of a street or square name
/// ("Pushkin Square", "Kirov Street"), not the town it is named after.
const LANDMARK_WORDS: [&str; 11] = [
    "square",
    "street",
    "avenue",
    "prospekt",
    "prospect",
    "boulevard",
    "lane",
    "embankment",
    "park",
    "monument",
    "highway",
];

/// Capitalised words that may stand right before a place without making the
/// two a person's name ("Protesters in Moscow": "In Moscow"; "Northern Ireland").
const ALLOWED_BEFORE: [&str; 26] = [
    "in",
    "at",
    "near",
    "from",
    "to",
    "the",
    "and",
    "of",
    "for",
    "on",
    "by",
    "with",
    "across",
    "outside",
    "inside",
    "into",
    "around",
    "throughout",
    "north",
    "south",
    "east",
    "west",
    "central",
    "greater",
    "downtown",
    "occupied",
];

/// Cue phrases, longest first so "city of" wins over "of"-less matches;
/// each is stored as its words in reverse order, as `cue_before` reads them.
/// Russian and Ukrainian prepositions and "город"/"місто" words play the
/// part of "in", "near" and "city of" ("в Москве", "у місті Києві").
const CUES: [(&str, &[&str]); 43] = [
    ("city of", &["of", "city"]),
    ("town of", &["of", "town"]),
    ("village of", &["of", "village"]),
    ("capital of", &["of", "capital"]),
    ("region of", &["of", "region"]),
    ("outskirts of", &["of", "outskirts"]),
    ("streets of", &["of", "streets"]),
    ("cities of", &["of", "cities"]),
    ("near", &["near"]),
    ("outside", &["outside"]),
    ("in", &["in"]),
    ("at", &["at"]),
    ("from", &["from"]),
    ("to", &["to"]),
    ("across", &["across"]),
    ("throughout", &["throughout"]),
    ("around", &["around"]),
    ("в", &["в"]),
    ("во", &["во"]),
    ("у", &["у"]),
    ("на", &["на"]),
    ("из", &["из"]),
    ("под", &["под"]),
    ("около", &["около"]),
    ("возле", &["возле"]),
    ("біля", &["біля"]),
    ("поблизу", &["поблизу"]),
    ("город", &["город"]),
    ("городе", &["городе"]),
    ("города", &["города"]),
    ("місто", &["місто"]),
    ("місті", &["місті"]),
    ("міста", &["міста"]),
    ("столице", &["столице"]),
    ("столиці", &["столиці"]),
    // Weaker: "from", "to", "across" in Russian and Ukrainian.
    ("з", &["з"]),
    ("із", &["із"]),
    ("зі", &["зі"]),
    ("от", &["от"]),
    ("до", &["до"]),
    ("к", &["к"]),
    ("по", &["по"]),
    ("через", &["через"]),
];

/// Cues strong enough to make a common word ("Reading", "Nice") a place.
const STRONG_CUES: [&str; 25] = [
    "in",
    "at",
    "near",
    "outside",
    "city of",
    "town of",
    "village of",
    "в",
    "во",
    "у",
    "на",
    "из",
    "под",
    "около",
    "возле",
    "біля",
    "поблизу",
    "город",
    "городе",
    "города",
    "місто",
    "місті",
    "міста",
    "столице",
    "столиці",
];

/// Endings of Russian and Ukrainian adjectives in any case, lower case: a
/// minor town's name that ends in one of them is read as the adjective
/// ("в Забайкальском крае", "Українське", "Верхней палате").
const MINOR_ADJECTIVE_ENDINGS: [&str; 28] = [
    "ом", "ем", "ое", "ее", "ой", "ей", "ая", "яя", "ий", "ый", "ых", "их", "ую", "юю", "ого",
    "его", "ому", "ему", "ым", "им", "ій", "ої", "ою", "ьке", "ька", "ське", "ська", "не",
];

/// Endings of Russian and Ukrainian adjectives in the cases news uses most
/// ("Северной", "Московского", "Західній"), lower case.
const ADJECTIVE_ENDINGS: [&str; 10] =
    ["ой", "ого", "ому", "ая", "ую", "ий", "ый", "ых", "ої", "ій"];

/// Words before a Cyrillic name that make it part of a district, street,
/// square, station or institution name ("улица Ленина", "проспект Мира",
/// "университет имени Пушкина"), not the town.
const LANDMARK_WORDS_BEFORE: [&str; 52] = [
    // "района Отрадное": a city district named like a town elsewhere.
    "район",
    "района",
    "районе",
    "микрорайон",
    "микрорайона",
    "микрорайоне",
    "округа",
    "округе",
    "квартал",
    "квартале",
    "району",
    "районі",
    "мікрорайон",
    "мікрорайону",
    "мікрорайоні",
    "кварталі",
    "улица",
    "улице",
    "улицы",
    "улицу",
    "ул",
    "площадь",
    "площади",
    "проспект",
    "проспекте",
    "проспекта",
    "переулок",
    "переулке",
    "бульвар",
    "бульваре",
    "шоссе",
    "набережная",
    "набережной",
    "метро",
    "станция",
    "станции",
    "имени",
    "им",
    "вулиця",
    "вулиці",
    "вулицю",
    "вул",
    "площа",
    "площі",
    "проспекті",
    "провулок",
    "провулку",
    "станція",
    "станції",
    "імені",
    "бульварі",
    "шосе",
];

/// How a mention was recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MentionVia {
    /// The record's own name ("Kyiv").
    Name,
    /// Another name of the record ("Kiev", "Москва", "U.S.").
    Alias,
    /// A nationality adjective or noun naming a country ("Kenyan", "Russians").
    Demonym,
    /// A country's capital named through the country ("the Serbian capital").
    Capital,
}

/// One gazetteer entry: a country, a first-level division or a city.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceRecord {
    /// Country, admin1 or city.
    pub kind: PlacePrecision,
    /// GeoNames id; first-level divisions have none in our source.
    pub geonames_id: Option<u64>,
    /// Canonical English name.
    pub name: &'static str,
    /// ISO 3166-1 alpha-2 code.
    pub country: &'static str,
    /// Name of the first-level division (the division's own name for one).
    pub admin1: Option<&'static str>,
    /// Latitude in degrees (derived for countries and divisions, see README).
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Population (for divisions, the sum of their towns in GeoNames).
    pub population: u64,
}

impl PlaceRecord {
    /// The output-contract value for this record mentioned at `span` (byte
    /// offsets) of `text`, the text `span` indexes.
    ///
    /// ```
    /// use placard_engine::gazetteer::Gazetteer;
    /// let text = "Protesters gathered in Novosibirsk.";
    /// let mention = &Gazetteer::builtin().find_mentions(text)[0];
    /// let value = mention.record.to_value(text, mention.span);
    /// assert_eq!((value.text.as_str(), value.geonames_id), ("Novosibirsk", Some(1496747)));
    /// ```
    pub fn to_value(&self, text: &str, span: [usize; 2]) -> PlaceValue {
        PlaceValue {
            text: text.get(span[0]..span[1]).unwrap_or_default().to_string(),
            span,
            name: self.name.to_string(),
            geonames_id: self.geonames_id,
            country: Some(self.country.to_string()),
            admin1: self.admin1.map(str::to_string),
            lat: Some(self.lat),
            lon: Some(self.lon),
            precision: self.kind,
            derived_from: None,
        }
    }
}

/// How to read a text for places.
#[derive(Clone, Debug, Default)]
pub struct MentionOptions {
    /// The text has (almost) no capital letters: names need a strong cue.
    pub lowercase_text: bool,
    /// The country the outlet publishes from (see [`country_of_url`]): an
    /// ambiguous name leans to it, as a country named once in the text does.
    pub home_country: Option<String>,
    /// Keep every candidate record of each mention with its ranking signals,
    /// for `placard geocode`; off in extraction, where it would only cost.
    pub with_candidates: bool,
}

/// One reading of an ambiguous name, with what ranked it (best first).
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceCandidate {
    /// The record this reading resolves to.
    pub record: PlaceRecord,
    /// How the words name it.
    pub via: MentionVia,
    /// A weak name (a GeoNames alternate, a given name that is also a town)
    /// ranks after a strong one.
    pub weak: bool,
    /// A town from the minor towns' table (`data/towns.tsv.gz`): it needs a
    /// strong cue and a country the text confirms, and ranks after every
    /// town of the main table.
    pub minor: bool,
    /// Votes for the record's country: unambiguous mentions of places in it,
    /// plus 2 for the nearest such mention.
    pub country_votes: u32,
    /// The record is in the outlet's country: this settles a tie between
    /// towns of the same order of population, nothing more.
    pub in_home_country: bool,
}

/// A place named in a text.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceMention {
    /// Byte offsets into the text.
    pub span: [usize; 2],
    /// The words at `span`.
    pub text: String,
    /// The record the words resolved to.
    pub record: PlaceRecord,
    /// The preposition or phrase right before ("in", "city of", "near"), lower case.
    pub cue: Option<String>,
    /// How the words name the record.
    pub via: MentionVia,
    /// Every reading considered, best first; filled only when
    /// [`MentionOptions::with_candidates`] asks for it.
    pub candidates: Vec<PlaceCandidate>,
}

/// One way of naming a record, as an index entry says.
#[derive(Clone, Copy, Debug)]
struct NameEntry {
    record_idx: u32,
    via: MentionVia,
    /// A GeoNames alternate name (another language, an old name): weak
    /// evidence, used only after a strong cue or when written in Cyrillic.
    weak: bool,
    /// A town below the main table's thresholds (`data/towns.tsv.gz`): it
    /// needs a strong cue and a country the rest of the text confirms, and
    /// gives way to any other reading (see `resolve`).
    minor: bool,
    /// For all-capital forms ("US", "U.S.", "UK"): the letters that must match
    /// case-sensitively, so "us" and "Us" are not the United States.
    exact_letters: Option<&'static str>,
}

/// A key found in the index: where its entries are and what the stoplist
/// says of it.
#[derive(Clone, Copy, Debug)]
struct KeyRef {
    /// The key's position in the index, which identifies it.
    idx: u32,
    entries: (u32, u32),
    /// For a one-word key: bit `n` is set when a name of `n` ≥ 2 words starts
    /// with this word, so matching tries "new york city", then "new york".
    longer_names: u32,
    /// `index::KEY_NEVER`, `index::KEY_CUE_ONLY`.
    flags: u8,
}

impl KeyRef {
    /// False for a word that only starts longer names ("new").
    fn names_a_place(&self) -> bool {
        self.entries.1 > self.entries.0
    }

    fn never(&self) -> bool {
        self.flags & index::KEY_NEVER != 0
    }

    fn cue_only(&self) -> bool {
        self.flags & index::KEY_CUE_ONLY != 0
    }
}

/// A word token: byte offsets of a run of letters and digits.
#[derive(Clone, Copy, Debug)]
struct Token {
    start: usize,
    end: usize,
}

/// A name found in the text before ambiguity is resolved.
struct RawMatch {
    first_token: usize,
    /// One past the last token.
    end_token: usize,
    span: [usize; 2],
    entries: Vec<NameEntry>,
    cue: Option<String>,
    /// Set for "the Serbian capital": the demonym's country is replaced by its capital.
    capital_of_country: bool,
}

/// The gazetteer: records plus an index from normalised names to them.
pub struct Gazetteer {
    records: Vec<PlaceRecord>,
    /// For a country record, the index of its capital's record.
    capitals: Vec<Option<u32>>,
    /// ISO country code ("GR") to the country's record: a code is not a
    /// name people write, so it is kept out of the index.
    country_by_code: HashMap<&'static str, u32>,
    /// The embedded index (layout in `gazetteer/index.rs`) and where its
    /// sections start.
    index: &'static [u8],
    header: index::Header,
    sections: index::Sections,
    /// Entry index to the letters of an all-capital form ("US").
    exact_letters: HashMap<u32, &'static str>,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Gazetteer")
            .field("n_records", &self.records.len())
            .field("n_keys", &self.header.n_keys)
            .finish()
    }
}

/// Why the embedded index could not be read: only a build gone wrong can
/// cause it, and tests read the index on every run.
#[derive(Debug)]
struct CorruptIndex(&'static str);

impl Gazetteer {
    /// The gazetteer of the embedded index, read on first use.
    ///
    /// ```
    /// use placard_engine::gazetteer::Gazetteer;
    /// assert!(Gazetteer::builtin().same_place("Kiev", "Kyiv"));
    /// ```
    pub fn builtin() -> &'static Gazetteer {
        static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();
        BUILTIN.get_or_init(|| match Gazetteer::from_index(INDEX) {
            Ok(gazetteer) => gazetteer,
            // The index is built with the crate and checked by its tests:
            // an empty gazetteer here would silently lose every place.
            Err(CorruptIndex(what)) => panic!("the embedded gazetteer index is corrupt: {what}"),
        })
    }

    /// Reads an index built by `index::build`: the records are materialised
    /// (their strings borrowed from the index), the key table is read in
    /// place at lookup time.
    fn from_index(index: &'static [u8]) -> Result<Gazetteer, CorruptIndex> {
        let header = index::Header::parse(index).ok_or(CorruptIndex("no header"))?;
        let sections = header.sections();
        if sections.end != index.len() {
            return Err(CorruptIndex("sections do not add up to its length"));
        }
        let strings = std::str::from_utf8(&index[sections.strings..sections.records])
            .map_err(|_| CorruptIndex("strings are not UTF-8"))?;
        let string_at = |offset: u32, len: u16| -> Result<&'static str, CorruptIndex> {
            let start = offset as usize;
            strings
                .get(start..start + len as usize)
                .ok_or(CorruptIndex("a string reference is out of range"))
        };
        let n_records = header.n_records as usize;
        let mut records = Vec::with_capacity(n_records);
        let mut capitals = Vec::with_capacity(n_records);
        let mut country_by_code = HashMap::with_capacity(300);
        for record_idx in 0..n_records {
            let at = sections.records + record_idx * index::RECORD_LEN;
            let bytes = &index[at..at + index::RECORD_LEN];
            let kind = match bytes[0] {
                index::KIND_COUNTRY => PlacePrecision::Country,
                index::KIND_ADMIN1 => PlacePrecision::Admin1,
                _ => PlacePrecision::City,
            };
            let country = std::str::from_utf8(&bytes[2..4])
                .map_err(|_| CorruptIndex("a country code is not UTF-8"))?;
            let geonames_id = index::read_u32(bytes, 4);
            let name = string_at(index::read_u32(bytes, 8), index::read_u16(bytes, 12))?;
            let admin1_len = index::read_u16(bytes, 18);
            let admin1 = if admin1_len == 0 {
                None
            } else {
                Some(string_at(index::read_u32(bytes, 14), admin1_len)?)
            };
            let capital = index::read_u32(bytes, 36);
            if kind == PlacePrecision::Country {
                country_by_code.insert(country, record_idx as u32);
            }
            records.push(PlaceRecord {
                kind,
                geonames_id: (geonames_id != 0).then_some(u64::from(geonames_id)),
                name,
                country,
                admin1,
                lat: f64::from(index::read_u32(bytes, 20) as i32) / 10_000.0,
                lon: f64::from(index::read_u32(bytes, 24) as i32) / 10_000.0,
                population: index::read_u64(bytes, 28),
            });
            capitals.push((capital != index::NONE_U32).then_some(capital));
        }
        let mut exact_letters = HashMap::with_capacity(header.n_exact as usize);
        for exact_idx in 0..header.n_exact as usize {
            let at = sections.exact + exact_idx * index::EXACT_LEN;
            let letters = string_at(
                index::read_u32(index, at + 4),
                index::read_u16(index, at + 8),
            )?;
            exact_letters.insert(index::read_u32(index, at), letters);
        }
        Ok(Gazetteer {
            records,
            capitals,
            country_by_code,
            index,
            header,
            sections,
            exact_letters,
        })
    }

    /// The key `key` in the index: its hash picks a bucket of about two
    /// keys, whose hashes are compared. No key text is stored (see
    /// `gazetteer/index.rs`).
    fn find_key(&self, key: &str) -> Option<KeyRef> {
        let hash = key_hash(key);
        let bucket = index::bucket_of(hash, self.header.bucket_bits);
        let bucket_at = self.sections.buckets + bucket * 4;
        let first = index::read_u32(self.index, bucket_at) as usize;
        let end = index::read_u32(self.index, bucket_at + 4) as usize;
        let key_idx = (first..end).find(|&key_idx| {
            index::read_u64(self.index, self.sections.key_hashes + key_idx * 8) == hash
        })?;
        Some(self.key_at(key_idx))
    }

    /// The key at position `key_idx` of the index.
    fn key_at(&self, key_idx: usize) -> KeyRef {
        let starts_at = self.sections.entry_starts + key_idx * 4;
        KeyRef {
            idx: key_idx as u32,
            entries: (
                index::read_u32(self.index, starts_at),
                index::read_u32(self.index, starts_at + 4),
            ),
            longer_names: index::read_u32(self.index, self.sections.longer_names + key_idx * 4),
            flags: self.index[self.sections.key_flags + key_idx],
        }
    }

    /// The entries of a key, in the order the table gave its names.
    fn entries_of(&self, key: KeyRef) -> impl Iterator<Item = NameEntry> + '_ {
        (key.entries.0..key.entries.1).map(move |entry_idx| {
            let packed =
                index::read_u32(self.index, self.sections.entries + entry_idx as usize * 4);
            let via = match (packed >> index::ENTRY_VIA_SHIFT) & 3 {
                index::VIA_NAME => MentionVia::Name,
                index::VIA_DEMONYM => MentionVia::Demonym,
                _ => MentionVia::Alias,
            };
            NameEntry {
                record_idx: packed & index::ENTRY_RECORD_MASK,
                via,
                weak: packed & index::ENTRY_WEAK != 0,
                minor: packed & index::ENTRY_MINOR != 0,
                exact_letters: if packed & index::ENTRY_EXACT != 0 {
                    self.exact_letters.get(&entry_idx).copied()
                } else {
                    None
                },
            }
        })
    }

    /// All records that `name` names (any alias, any case), best first.
    ///
    /// ```
    /// use placard_engine::gazetteer::Gazetteer;
    /// let records = Gazetteer::builtin().lookup("москва");
    /// assert_eq!(records[0].geonames_id, Some(524901));
    /// ```
    pub fn lookup(&self, name: &str) -> Vec<&PlaceRecord> {
        let Some(found) = self.find_key(&normalise_key(name)) else {
            return Vec::new();
        };
        let mut ranked: Vec<NameEntry> = self.entries_of(found).collect();
        ranked.sort_by_key(|entry| self.rank(entry, &HashMap::new(), None, None));
        if let Some(first) = ranked.first() {
            let best_idx = self.prefer_city_in_division(first, &ranked).record_idx;
            if let Some(position) = ranked.iter().position(|entry| entry.record_idx == best_idx) {
                let best = ranked.remove(position);
                ranked.insert(0, best);
            }
        }
        ranked
            .into_iter()
            .map(|entry| &self.records[entry.record_idx as usize])
            .collect()
    }

    /// The country whose ISO code is `code`.
    ///
    /// ```
    /// use placard_engine::gazetteer::Gazetteer;
    /// assert_eq!(Gazetteer::builtin().country("GR").unwrap().name, "Greece");
    /// ```
    pub fn country(&self, code: &str) -> Option<&PlaceRecord> {
        self.country_by_code
            .get(code)
            .map(|&idx| &self.records[idx as usize])
    }

    /// True when both names can name the same record ("Kiev" and "Kyiv",
    /// "Москва" and "Moscow").
    pub fn same_place(&self, name_a: &str, name_b: &str) -> bool {
        let records_of = |name: &str| -> HashSet<u32> {
            self.find_key(&normalise_key(name))
                .map(|found| {
                    self.entries_of(found)
                        .map(|entry| entry.record_idx)
                        .collect()
                })
                .unwrap_or_default()
        };
        let records_a = records_of(name_a);
        !records_a.is_empty() && records_of(name_b).iter().any(|idx| records_a.contains(idx))
    }

    /// Every place named in `text`, in text order, without overlaps.
    ///
    /// ```
    /// use placard_engine::gazetteer::Gazetteer;
    /// let mentions = Gazetteer::builtin().find_mentions("Rallies in New York and the Kenyan capital.");
    /// let names: Vec<&str> = mentions.iter().map(|m| m.record.name).collect();
    /// assert_eq!(names, ["New York City", "Nairobi"]);
    /// ```
    pub fn find_mentions(&self, text: &str) -> Vec<PlaceMention> {
        self.find_mentions_in(text, false)
    }

    /// Like [`Gazetteer::find_mentions`]; for a text that arrived lower-cased
    /// (`lowercase_text`), a name without a capital is accepted where a strong
    /// cue ("in", "near", "city of") stands right before it.
    pub fn find_mentions_in(&self, text: &str, lowercase_text: bool) -> Vec<PlaceMention> {
        self.find_mentions_with(
            text,
            &MentionOptions {
                lowercase_text,
                ..MentionOptions::default()
            },
        )
    }

    /// Every place named in `text`, read with `options`.
    ///
    /// ```
    /// use placard_engine::gazetteer::{Gazetteer, MentionOptions};
    /// let options = MentionOptions { with_candidates: true, ..MentionOptions::default() };
    /// let mentions = Gazetteer::builtin().find_mentions_with("Students marched in Odessa.", &options);
    /// assert_eq!(mentions[0].record.country, "UA");
    /// assert!(mentions[0].candidates.iter().any(|candidate| candidate.record.country == "US"));
    /// ```
    pub fn find_mentions_with(&self, text: &str, options: &MentionOptions) -> Vec<PlaceMention> {
        let tokens = tokenize(text);
        let raw_matches = self.raw_matches(text, &tokens, options.lowercase_text);
        self.resolve(text, &tokens, raw_matches, options)
    }

    /// Finds the longest known name at each capitalised token and applies the
    /// rules that need only the words around it (stoplist, cues, person names,
    /// street names).
    fn raw_matches(&self, text: &str, tokens: &[Token], lowercase_text: bool) -> Vec<RawMatch> {
        let mut matches = Vec::new();
        let mut key = String::with_capacity(64);
        let mut token_idx = 0;
        // Names already read as a person's ("Бойко Борисов"): without a
        // strong cue, a later bare mention ("заявил Борисов") is that person.
        let mut surnames: Vec<u32> = Vec::new();
        while token_idx < tokens.len() {
            let token = tokens[token_idx];
            let starts_upper = text[token.start..]
                .chars()
                .next()
                .is_some_and(char::is_uppercase);
            // In a lower-cased text a name needs a strong cue before it, or
            // to continue a list that began with one ("in ranchi and dhanbad").
            let continues_list = |matches: &Vec<RawMatch>| {
                matches.last().is_some_and(|previous: &RawMatch| {
                    let between = text[previous.span[1]..token.start].trim();
                    previous
                        .cue
                        .as_deref()
                        .is_some_and(|cue| STRONG_CUES.contains(&cue))
                        && (between == ","
                            || between == "and"
                            || between == ", and"
                            || between == "or")
                })
            };
            let cued_lowercase = lowercase_text
                && (cue_before(text, token.start).is_some_and(|cue| STRONG_CUES.contains(&cue))
                    || continues_list(&matches));
            if !starts_upper && !cued_lowercase {
                token_idx += 1;
                continue;
            }
            key.clear();
            push_lowercase(&text[token.start..token.end], &mut key);
            let mut found: Option<(usize, KeyRef)> = None;
            let first = self.find_key(&key);
            if let Some(first) = first.filter(|first| first.longer_names != 0) {
                // Lowercase the following words once, noting where each ends,
                // then try the longest known name first.
                let max_words = (31 - first.longer_names.leading_zeros()) as usize;
                let mut key_ends = [0usize; 32];
                key_ends[1] = key.len();
                let mut n_joined = 1;
                while n_joined < max_words && token_idx + n_joined < tokens.len() {
                    let previous = tokens[token_idx + n_joined - 1];
                    let next = tokens[token_idx + n_joined];
                    if !joinable(text, previous, next) {
                        break;
                    }
                    key.push(' ');
                    push_lowercase(&text[next.start..next.end], &mut key);
                    n_joined += 1;
                    key_ends[n_joined] = key.len();
                }
                for n_words in (2..=n_joined).rev() {
                    if first.longer_names & (1 << n_words) == 0 {
                        continue;
                    }
                    let longer = self
                        .find_key(&key[..key_ends[n_words]])
                        .filter(|longer| longer.names_a_place());
                    if let Some(longer) = longer {
                        found = Some((n_words, longer));
                        break;
                    }
                }
            }
            if found.is_none() {
                found = first
                    .filter(|first| first.names_a_place())
                    .map(|first| (1, first));
            }
            // Russian and Ukrainian inflect names: "в Москве", "Житомирської
            // області". Only when the word as written names nothing, or only
            // minor towns: "во Львове" is Lviv, not the village of Lvove.
            let mut stemmed = false;
            let only_minor = |found: &Option<(usize, KeyRef)>| {
                found.is_some_and(|(_, key)| self.entries_of(key).all(|entry| entry.minor))
            };
            if key.starts_with(is_cyrillic) && (found.is_none() || only_minor(&found)) {
                let by_stem = self.stem_match(text, tokens, token_idx);
                if by_stem.is_some() && (found.is_none() || !only_minor(&by_stem)) {
                    found = by_stem;
                    stemmed = true;
                }
                // "Северной Италии", "Московского Кремля": an adjective in
                // front of a capitalised noun describes that noun.
                let adjective = ADJECTIVE_ENDINGS.iter().any(|ending| key.ends_with(ending));
                let before_capital = tokens.get(token_idx + 1).is_some_and(|next| {
                    joinable(text, token, *next)
                        && text[next.start..]
                            .chars()
                            .next()
                            .is_some_and(char::is_uppercase)
                });
                if found.is_some_and(|(n_words, _)| n_words == 1) && adjective && before_capital {
                    found = None;
                }
            }
            let Some((n_words, found)) = found else {
                token_idx += 1;
                continue;
            };
            let end_token = token_idx + n_words;
            let mut span = [token.start, tokens[end_token - 1].end];
            // "U.S." and "D.C." end in a dot that belongs to the name.
            if text[span[1]..].starts_with('.')
                && tokens[end_token - 1].end - tokens[end_token - 1].start == 1
            {
                span[1] += 1;
            }
            let surface = &text[span[0]..span[1]];
            // "URI" or "ITU" in capitals is an acronym, not Uri or Itu: short
            // all-capital words only match all-capital forms ("US", "UK").
            let n_letters = surface.chars().filter(|c| is_word_char(*c)).count();
            let short_capitals = n_letters <= 3 && !surface.chars().any(char::is_lowercase);
            let cue = cue_before(text, span[0]).or_else(|| list_cue(text, &matches, span[0]));
            let strong_cue = cue.is_some_and(|cue| STRONG_CUES.contains(&cue));
            let latin = surface.chars().next().is_some_and(|c| c < '\u{0370}');
            let mut entries: Vec<NameEntry> = self
                .entries_of(found)
                .filter(|entry| match entry.exact_letters {
                    Some(letters) => surface
                        .chars()
                        .filter(|c| is_word_char(*c))
                        .eq(letters.chars()),
                    None => !short_capitals,
                })
                .collect();
            // GeoNames alternate names give way to any main name or curated
            // alias, and alone need a strong cue in Latin script: "Thorn" is
            // an old name of Toruń, "White House" a translation of Casablanca.
            if entries.iter().any(|entry| !entry.weak) {
                entries.retain(|entry| !entry.weak);
            } else if latin && !strong_cue {
                entries.clear();
            } else if stemmed && cue.is_none() {
                // An inflected GeoNames alternate name ("Иванова" for
                // Ivanovo) is as often a surname: it needs a cue ("в Иванове").
                entries.clear();
            }
            // A minor town's name is as likely a word or a surname ("Police",
            // "Alexander", "On"): alone it needs its capital and a strong cue
            // ("in Bilohorodka") in its own script, and `resolve` then asks
            // the text for its country. Russian "на" names regions and
            // landmarks ("на Урале", "на Майдане", "на Лубянке"), not
            // villages, and a Cyrillic name with an adjective's ending
            // ("в Черном море", "в Белый дом") is the adjective.
            if entries.iter().all(|entry| entry.minor) {
                let cyrillic_name = surface.starts_with(is_cyrillic);
                let cue_in_script =
                    cue.is_some_and(|cue| cue.starts_with(is_cyrillic) == cyrillic_name);
                let lower_surface = lowercase(surface);
                // "в Південному мікрорайоні" is a district of the town the
                // text is about, whatever GeoNames lists under that name.
                let adjectival = cyrillic_name
                    && (MINOR_ADJECTIVE_ENDINGS
                        .iter()
                        .any(|ending| lower_surface.ends_with(ending))
                        || surface
                            .split(' ')
                            .any(|word| word.starts_with(char::is_lowercase)));
                if !strong_cue || !starts_upper || !cue_in_script || cue == Some("на") || adjectival
                {
                    entries.clear();
                }
            }
            // "в Кировске Ленинградской области": a name right after a place
            // is its region, not a person's surname.
            let after_place = matches
                .last()
                .is_some_and(|previous: &RawMatch| previous.end_token == token_idx)
                && entries.iter().any(|entry| {
                    self.records[entry.record_idx as usize].kind != PlacePrecision::City
                });
            if !after_place && Self::names_a_person(text, tokens, token_idx, end_token, cue) {
                surnames.push(found.idx);
                token_idx += 1;
                continue;
            }
            let remembered_person = !strong_cue && surnames.contains(&found.idx);
            if entries.is_empty()
                || remembered_person
                || !Self::plausible(text, tokens, token_idx, end_token, found, cue)
            {
                token_idx += 1;
                continue;
            }
            let mut raw = RawMatch {
                first_token: token_idx,
                end_token,
                span,
                entries,
                cue: cue.map(str::to_string),
                capital_of_country: false,
            };
            // "the Serbian capital" names Belgrade.
            if raw
                .entries
                .iter()
                .all(|entry| entry.via == MentionVia::Demonym)
                && end_token < tokens.len()
                && &text[tokens[end_token].start..tokens[end_token].end] == "capital"
                && joinable(text, tokens[end_token - 1], tokens[end_token])
            {
                raw.end_token += 1;
                raw.span[1] = tokens[end_token].end;
                raw.capital_of_country = true;
            }
            // "the capital of Serbia" names Belgrade too.
            if raw.cue.as_deref() == Some("capital of") {
                raw.capital_of_country = true;
            }
            // "Armenia's capital" names Yerevan as well.
            let possessive_capital = ["'s capital", "’s capital"]
                .into_iter()
                .find(|suffix| text[raw.span[1]..].starts_with(suffix));
            if let Some(suffix) = possessive_capital {
                let names_country = raw.entries.iter().any(|entry| {
                    self.records[entry.record_idx as usize].kind == PlacePrecision::Country
                });
                if names_country {
                    raw.span[1] += suffix.len();
                    while raw.end_token < tokens.len() && tokens[raw.end_token].end <= raw.span[1] {
                        raw.end_token += 1;
                    }
                    raw.capital_of_country = true;
                }
            }
            token_idx = raw.end_token;
            matches.push(raw);
        }
        matches
    }

    /// The longest Cyrillic name that agrees with the words from `token_idx`
    /// on in their stems (see `stem_forms`): "Нижнем Новгороде" is "Нижний
    /// Новгород", "Києві" is "Київ". A one-word match must drop an ending from
    /// the word, because the word as written was already looked up.
    fn stem_match(
        &self,
        text: &str,
        tokens: &[Token],
        token_idx: usize,
    ) -> Option<(usize, KeyRef)> {
        let token = tokens[token_idx];
        // A stem needs `MIN_STEM_CHARS` letters and an ending: shorter words
        // ("СК", "ООН") are answered without allocating.
        text[token.start..token.end].chars().nth(MIN_STEM_CHARS)?;
        let mut word = String::new();
        push_lowercase(&text[token.start..token.end], &mut word);
        let mut following: Option<Vec<Vec<String>>> = None;
        let mut single: Option<(usize, KeyRef)> = None;
        let mut key = String::with_capacity(64);
        for form in stem_forms(&word) {
            key.clear();
            key.push(STEM_KEY_MARK);
            key.push_str(&form);
            let Some(first) = self.find_key(&key) else {
                continue;
            };
            if first.longer_names != 0 {
                let max_words = (31 - first.longer_names.leading_zeros()) as usize;
                let following = following.get_or_insert_with(|| {
                    let mut words = Vec::new();
                    let mut last = token_idx;
                    while words.len() + 1 < max_words.min(4)
                        && last + 1 < tokens.len()
                        && joinable(text, tokens[last], tokens[last + 1])
                    {
                        let next = tokens[last + 1];
                        let mut next_word = String::new();
                        push_lowercase(&text[next.start..next.end], &mut next_word);
                        words.push(stem_forms(&next_word));
                        last += 1;
                    }
                    words
                });
                for n_words in (2..=following.len() + 1).rev() {
                    if first.longer_names & (1 << n_words) == 0 {
                        continue;
                    }
                    if let Some(longer) =
                        self.find_stem_combination(&mut key, &following[..n_words - 1])
                    {
                        return Some((n_words, longer));
                    }
                }
            }
            if single.is_none() && first.names_a_place() && form != word {
                single = Some((1, first));
            }
        }
        single
    }

    /// Extends the stem key `key` by one form of each word in `words`, trying
    /// every combination, and returns the first that names a place.
    fn find_stem_combination(&self, key: &mut String, words: &[Vec<String>]) -> Option<KeyRef> {
        let Some((forms, rest)) = words.split_first() else {
            return self.find_key(key).filter(|found| found.names_a_place());
        };
        let key_len = key.len();
        for form in forms {
            key.push(' ');
            key.push_str(form);
            let found = self.find_stem_combination(key, rest);
            key.truncate(key_len);
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// Whether the words at `first_token..end_token` are part of a person's
    /// name rather than a place: "Лев Пономарев", "Alexander Pushkin".
    fn names_a_person(
        text: &str,
        tokens: &[Token],
        first_token: usize,
        end_token: usize,
        cue: Option<&str>,
    ) -> bool {
        let strong_cue = cue.is_some_and(|cue| STRONG_CUES.contains(&cue));
        // "Лев Пономарев": a one-word Cyrillic name followed by a capitalised
        // Cyrillic word, with no cue before, is a given name and surname.
        if let Some(next) = tokens.get(end_token) {
            let next_word = &text[next.start..next.end];
            let single_word = end_token == first_token + 1;
            let cyrillic_name = text[tokens[first_token].start..].starts_with(is_cyrillic);
            if single_word
                && cyrillic_name
                && !strong_cue
                && joinable(text, tokens[end_token - 1], *next)
                && next_word.starts_with(is_cyrillic)
                && next_word.chars().next().is_some_and(char::is_uppercase)
            {
                return true;
            }
        }
        // "Alexander Pushkin", "Andrew Jackson": a capitalised word right before
        // that is neither a cue nor the start of a sentence makes a person's name.
        if first_token > 0 && cue.is_none() {
            let previous = tokens[first_token - 1];
            let between = &text[previous.end..tokens[first_token].start];
            let previous_word = &text[previous.start..previous.end];
            let capitalised = previous_word.chars().next().is_some_and(char::is_uppercase);
            // A Cyrillic adjective is no given name: "Северной Италии".
            let adjective = !previous_word.is_ascii()
                && ADJECTIVE_ENDINGS
                    .iter()
                    .any(|ending| previous_word.ends_with(ending));
            if capitalised
                && between == " "
                && !adjective
                && !ALLOWED_BEFORE
                    .iter()
                    .any(|word| word.eq_ignore_ascii_case(previous_word))
                && !is_sentence_start(text, previous.start)
            {
                return true;
            }
        }
        false
    }

    /// The rules that reject a found name because of its surroundings.
    fn plausible(
        text: &str,
        tokens: &[Token],
        first_token: usize,
        end_token: usize,
        key: KeyRef,
        cue: Option<&str>,
    ) -> bool {
        if key.never() {
            return false;
        }
        let strong_cue = cue.is_some_and(|cue| STRONG_CUES.contains(&cue));
        if key.cue_only() && !strong_cue {
            return false;
        }
        // Without its capital a name that is also a word is just the word,
        // cue or not: "at the temple" in a lower-cased text.
        let written_lowercase = text[tokens[first_token].start..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        if written_lowercase && key.cue_only() {
            return false;
        }
        // "Pushkin Square", "Kirov Street": a street named after the town's namesake.
        if let Some(next) = tokens.get(end_token) {
            let next_word = &text[next.start..next.end];
            let capitalised = next_word.chars().next().is_some_and(char::is_uppercase);
            if capitalised
                && joinable(text, tokens[end_token - 1], *next)
                && LANDMARK_WORDS
                    .iter()
                    .any(|word| word.eq_ignore_ascii_case(next_word))
            {
                return false;
            }
        }
        // "улица Ленина", "проспект Мира": a street named after a person.
        if first_token > 0 {
            let previous = tokens[first_token - 1];
            let previous_word = lowercase(&text[previous.start..previous.end]);
            // "вышли на улицы Тбилиси" is the streets of the town, not a
            // street named after it: "улицы"/"вулиці" after "на", "в", "по"
            // or "у" is plural.
            let plural_streets =
                ["улицы", "вулиці"].contains(&previous_word.as_ref()) && first_token >= 2 && {
                    let before = tokens[first_token - 2];
                    let before_word = lowercase(&text[before.start..before.end]);
                    ["на", "в", "по", "у"].contains(&before_word.as_ref())
                };
            if !previous_word.is_ascii()
                && !plural_streets
                && LANDMARK_WORDS_BEFORE.contains(&previous_word.as_ref())
            {
                return false;
            }
        }
        true
    }

    /// Picks one record per match, using the whole text as context.
    fn resolve(
        &self,
        text: &str,
        tokens: &[Token],
        mut matches: Vec<RawMatch>,
        options: &MentionOptions,
    ) -> Vec<PlaceMention> {
        // "Paris, Texas", "Kyiv, Ukraine": a city followed by a comma and a
        // division or country keeps only the candidates inside it. When none is
        // inside and the second name is only ever a region, the first name is a
        // town we do not list, and resolving it elsewhere would be wrong.
        let mut dropped = vec![false; matches.len()];
        let mut region_confirmed = vec![false; matches.len()];
        for match_idx in 0..matches.len().saturating_sub(1) {
            let (current, next) = (&matches[match_idx], &matches[match_idx + 1]);
            // Russian and Ukrainian put the region after the town in the
            // genitive, without a comma: "в Кировске Ленинградской области".
            let between = &text[current.span[1]..next.span[0]];
            let cyrillic_pair = between == " "
                && text[current.span[0]..].starts_with(is_cyrillic)
                && text[next.span[0]..].starts_with(is_cyrillic);
            if next.first_token != current.end_token || (between != ", " && !cyrillic_pair) {
                continue;
            }
            // "Німеччині, Бельгії, Швеції": a list of countries, not a town
            // and its region.
            let names_country = current.entries.iter().any(|entry| {
                self.records[entry.record_idx as usize].kind == PlacePrecision::Country
            });
            if names_country {
                continue;
            }
            let region_records: Vec<&PlaceRecord> = next
                .entries
                .iter()
                .map(|entry| &self.records[entry.record_idx as usize])
                .filter(|record| record.kind != PlacePrecision::City)
                .collect();
            if region_records.is_empty() {
                continue;
            }
            let inside: Vec<NameEntry> = current
                .entries
                .iter()
                .filter(|entry| {
                    let record = &self.records[entry.record_idx as usize];
                    record.kind != PlacePrecision::Country
                        && region_records.iter().any(|region| {
                            region.country == record.country
                                && (region.kind == PlacePrecision::Country
                                    || region.admin1 == record.admin1)
                        })
                })
                .cloned()
                .collect();
            let region_only = region_records.len() == next.entries.len();
            if !inside.is_empty() {
                // The region is read in the light of the city too ("Atlanta,
                // Georgia" is the US state, not the country).
                let chosen_countries: HashSet<&str> = inside
                    .iter()
                    .map(|entry| self.records[entry.record_idx as usize].country)
                    .collect();
                let chosen_admin1: HashSet<Option<&str>> = inside
                    .iter()
                    .map(|entry| self.records[entry.record_idx as usize].admin1)
                    .collect();
                matches[match_idx].entries = inside;
                let region_entries: Vec<NameEntry> = matches[match_idx + 1]
                    .entries
                    .iter()
                    .filter(|entry| {
                        let record = &self.records[entry.record_idx as usize];
                        record.kind != PlacePrecision::City
                            && chosen_countries.contains(record.country)
                            && (record.kind == PlacePrecision::Country
                                || chosen_admin1.contains(&record.admin1))
                    })
                    .cloned()
                    .collect();
                if !region_entries.is_empty() {
                    matches[match_idx + 1].entries = region_entries;
                }
                region_confirmed[match_idx] = true;
            } else if region_only {
                dropped[match_idx] = true;
            }
        }

        // A minor town gives way to any other reading of its name ("Paris"
        // is France's, not one of the small Parises), and alone it must be
        // in a country the text names otherwise, or the outlet's: "in
        // Bilohorodka" in a report on Kyiv, not "in March" (a town in
        // England) in one on Kenya.
        for raw in matches.iter_mut() {
            if raw.entries.iter().any(|entry| !entry.minor) {
                raw.entries.retain(|entry| !entry.minor);
            }
        }
        let minor_only: Vec<bool> = matches
            .iter()
            .map(|raw| raw.entries.iter().all(|entry| entry.minor))
            .collect();
        // Countries named without ambiguity by the other mentions.
        let confirming_countries: HashSet<&str> = matches
            .iter()
            .zip(&dropped)
            .zip(&minor_only)
            .filter(|((_, is_dropped), is_minor)| !**is_dropped && !**is_minor)
            .filter_map(|((raw, _), _)| {
                let first_country = self.records[raw.entries[0].record_idx as usize].country;
                raw.entries
                    .iter()
                    .all(|entry| self.records[entry.record_idx as usize].country == first_country)
                    .then_some(first_country)
            })
            .chain(options.home_country.as_deref())
            .collect();
        for match_idx in 0..matches.len() {
            if !minor_only[match_idx] || region_confirmed[match_idx] {
                continue;
            }
            let raw = &mut matches[match_idx];
            raw.entries.retain(|entry| {
                confirming_countries.contains(self.records[entry.record_idx as usize].country)
            });
            if raw.entries.is_empty() {
                dropped[match_idx] = true;
            }
        }

        // "Kharkiv Oblast", "Novosibirsk region": the division, suffix included.
        for raw in matches.iter_mut() {
            let Some(next) = tokens.get(raw.end_token) else {
                continue;
            };
            if !joinable(text, tokens[raw.end_token - 1], *next) {
                continue;
            }
            let next_word = &text[next.start..next.end];
            if !DIVISION_SUFFIXES
                .iter()
                .any(|suffix| suffix.eq_ignore_ascii_case(next_word))
            {
                continue;
            }
            // "Moscow State University" is not a state.
            if next_word.eq_ignore_ascii_case("state") {
                if let Some(after) = tokens.get(raw.end_token + 1) {
                    if text[after.start..]
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                    {
                        continue;
                    }
                }
            }
            let divisions: Vec<NameEntry> = raw
                .entries
                .iter()
                .filter(|entry| {
                    self.records[entry.record_idx as usize].kind == PlacePrecision::Admin1
                })
                .cloned()
                .collect();
            if !divisions.is_empty() {
                raw.entries = divisions;
                raw.span[1] = next.end;
                raw.end_token += 1;
            }
        }

        // Countries the text names without ambiguity vote for the readings of
        // ambiguous names.
        let mut country_votes: HashMap<&str, u32> = HashMap::new();
        for (raw, is_dropped) in matches.iter().zip(&dropped) {
            if *is_dropped {
                continue;
            }
            let first_country = &self.records[raw.entries[0].record_idx as usize].country;
            if raw
                .entries
                .iter()
                .all(|entry| &self.records[entry.record_idx as usize].country == first_country)
            {
                *country_votes.entry(first_country).or_default() += 1;
            }
        }

        // The nearest unambiguous mention counts extra: "Novi Sad and Nis" is
        // Niš in Serbia even when France is named as often elsewhere.
        let sole_countries: Vec<Option<&str>> = matches
            .iter()
            .zip(&dropped)
            .map(|(raw, is_dropped)| {
                let first = raw.entries.first().filter(|_| !is_dropped)?;
                let first_country = self.records[first.record_idx as usize].country;
                raw.entries
                    .iter()
                    .all(|entry| self.records[entry.record_idx as usize].country == first_country)
                    .then_some(first_country)
            })
            .collect();
        let nearest_country = |match_idx: usize| -> Option<&str> {
            (1..sole_countries.len()).find_map(|distance| {
                let before = match_idx
                    .checked_sub(distance)
                    .and_then(|idx| sole_countries[idx]);
                before.or_else(|| sole_countries.get(match_idx + distance).copied().flatten())
            })
        };

        let mut mentions = Vec::with_capacity(matches.len());
        for (match_idx, (raw, is_dropped)) in matches.iter().zip(&dropped).enumerate() {
            if *is_dropped {
                continue;
            }
            let near = if raw.entries.len() > 1 {
                nearest_country(match_idx)
            } else {
                None
            };
            let Some(best) = raw.entries.iter().min_by_key(|entry| {
                self.rank(entry, &country_votes, near, options.home_country.as_deref())
            }) else {
                continue;
            };
            let best = self.prefer_city_in_division(best, &raw.entries);
            let candidates = if options.with_candidates {
                self.candidates(best, &raw.entries, &country_votes, near, options)
            } else {
                Vec::new()
            };
            let mut record_idx = best.record_idx as usize;
            let mut via = best.via;
            if raw.capital_of_country && self.records[record_idx].kind == PlacePrecision::Country {
                if let Some(capital_idx) = self.capitals[record_idx] {
                    record_idx = capital_idx as usize;
                    via = MentionVia::Capital;
                }
            }
            mentions.push(PlaceMention {
                span: raw.span,
                text: text[raw.span[0]..raw.span[1]].to_string(),
                record: self.records[record_idx].clone(),
                cue: raw.cue.clone(),
                via,
                candidates,
            });
        }
        mentions
    }

    /// The readings of one mention in rank order, the chosen one first.
    fn candidates(
        &self,
        best: &NameEntry,
        entries: &[NameEntry],
        country_votes: &HashMap<&str, u32>,
        near_country: Option<&str>,
        options: &MentionOptions,
    ) -> Vec<PlaceCandidate> {
        let home = options.home_country.as_deref();
        let mut ranked: Vec<&NameEntry> = entries.iter().collect();
        ranked.sort_by_key(|entry| {
            (
                entry.record_idx != best.record_idx,
                self.rank(entry, country_votes, near_country, home),
            )
        });
        ranked.dedup_by_key(|entry| entry.record_idx);
        ranked
            .into_iter()
            .map(|entry| {
                let record = &self.records[entry.record_idx as usize];
                let (_, _, std::cmp::Reverse(votes), ..) =
                    self.rank(entry, country_votes, near_country, home);
                PlaceCandidate {
                    record: record.clone(),
                    via: entry.via,
                    weak: entry.weak,
                    minor: entry.minor,
                    country_votes: votes,
                    in_home_country: home == Some(record.country),
                }
            })
            .collect()
    }

    /// "Kharkiv", "New York", "Washington" name both a division and its
    /// main city; without a suffix ("Oblast", "State") the city is meant. A
    /// division elsewhere ("Virginia" the US state against Virginia, South
    /// Africa) keeps its place.
    fn prefer_city_in_division<'a>(
        &self,
        best: &'a NameEntry,
        entries: &'a [NameEntry],
    ) -> &'a NameEntry {
        let best_record = &self.records[best.record_idx as usize];
        if best_record.kind != PlacePrecision::Admin1 {
            return best;
        }
        entries
            .iter()
            .filter(|entry| {
                let record = &self.records[entry.record_idx as usize];
                record.kind == PlacePrecision::City
                    && record.country == best_record.country
                    && entry.weak == best.weak
                    && !entry.minor
            })
            .max_by_key(|entry| {
                (
                    self.records[entry.record_idx as usize].population,
                    std::cmp::Reverse(entry.record_idx),
                )
            })
            .unwrap_or(best)
    }

    /// Sort key of a candidate: lower is better.
    fn rank(
        &self,
        entry: &NameEntry,
        country_votes: &HashMap<&str, u32>,
        near_country: Option<&str>,
        home_country: Option<&str>,
    ) -> CandidateRank {
        let record = &self.records[entry.record_idx as usize];
        let mut votes = country_votes.get(record.country).copied().unwrap_or(0);
        if near_country == Some(record.country) {
            votes += 2;
        }
        // A country's name or short form is the country ("Georgia", "Jamaica",
        // "Holland") whatever else the text names. Cities and divisions compete
        // on population here; `prefer_city_in_division` then moves from a
        // division to a city of the same name in the same country.
        let not_country = record.kind != PlacePrecision::Country;
        // Population comes before name-versus-alias: "Odessa" in the news is
        // Odesa, Ukraine (an alias), not Odessa, Texas (a name), and
        // "St. Petersburg" is Russia's, not Florida's.
        let via_rank = match entry.via {
            MentionVia::Name | MentionVia::Demonym | MentionVia::Capital => 0,
            MentionVia::Alias => 1,
        };
        // The outlet's country settles a choice between towns of the same
        // order of population (two Kirovsks of 25,000–30,000), never one
        // against a city ten times larger ("Boston" in a British outlet is
        // still more likely Massachusetts than Lincolnshire).
        let order_of_population = record.population.checked_ilog10().unwrap_or(0);
        let abroad = home_country.is_some_and(|home| home != record.country);
        (
            not_country,
            entry.minor,
            std::cmp::Reverse(votes),
            entry.weak,
            std::cmp::Reverse(order_of_population),
            abroad,
            std::cmp::Reverse(record.population),
            via_rank,
            entry.record_idx,
        )
    }
}

/// Country-code top-level domains that sites use for their letters, not
/// their country (".tv", ".io", ".me"), so they say nothing of the outlet.
const GENERIC_COUNTRY_DOMAINS: [&str; 12] = [
    "ai", "cc", "co", "fm", "io", "ly", "me", "nu", "sh", "to", "tv", "ws",
];

/// The country an article's URL places its outlet in, from the country-code
/// top-level domain ("unian.ua" → UA, "bbc.co.uk" → GB), when it names one.
///
/// ```
/// use placard_engine::gazetteer::country_of_url;
/// assert_eq!(country_of_url("https://www.unian.ua/politics/1.html").as_deref(), Some("UA"));
/// assert_eq!(country_of_url("https://www.bbc.co.uk/news").as_deref(), Some("GB"));
/// assert_eq!(country_of_url("https://example.com/a"), None);
/// ```
pub fn country_of_url(url: &str) -> Option<String> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = after_scheme.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    let host = host.split(':').next()?.trim_end_matches('.');
    let (_, top) = host.rsplit_once('.')?;
    let top = top.to_ascii_lowercase();
    if top.len() != 2 || GENERIC_COUNTRY_DOMAINS.contains(&top.as_str()) {
        return None;
    }
    // ".uk" is the one ccTLD that is not the ISO code.
    let code = if top == "uk" {
        "GB".to_string()
    } else {
        top.to_ascii_uppercase()
    };
    Gazetteer::builtin().country(&code).map(|_| code)
}

/// Sort key of a candidate record (see `Gazetteer::rank`).
type CandidateRank = (
    bool,
    bool,
    std::cmp::Reverse<u32>,
    bool,
    std::cmp::Reverse<u32>,
    bool,
    std::cmp::Reverse<u64>,
    u8,
    u32,
);

/// A text word in lower case, borrowed when it already is.
fn lowercase(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut start: Option<usize> = None;
    for (byte_idx, character) in text.char_indices() {
        if is_word_char(character) {
            if start.is_none() {
                start = Some(byte_idx);
            }
        } else if let Some(token_start) = start.take() {
            tokens.push(Token {
                start: token_start,
                end: byte_idx,
            });
        }
    }
    if let Some(token_start) = start {
        tokens.push(Token {
            start: token_start,
            end: text.len(),
        });
    }
    tokens
}

/// Can two adjacent tokens be words of one name? Yes across a space, a hyphen,
/// an apostrophe ("Xi'an") or ", " ("Washington, D.C."); a dot only after an
/// abbreviation of up to three letters ("St. Petersburg", "U.S."), so a
/// sentence end does not glue two names together.
fn joinable(text: &str, previous: Token, next: Token) -> bool {
    let between = &text[previous.end..next.start];
    if between.is_empty() || between.len() > 3 {
        return false;
    }
    let mut n_dots = 0;
    let mut n_commas = 0;
    for character in between.chars() {
        match character {
            ' ' | '-' | '\'' | '’' => {}
            '.' => n_dots += 1,
            ',' => n_commas += 1,
            _ => return false,
        }
    }
    if n_dots + n_commas > 1 {
        return false;
    }
    n_dots == 0 || previous.end - previous.start <= 3
}

/// Is `byte_idx` the first word of a sentence (after `.`, `!`, `?`, a line
/// break or at the start, possibly behind an opening quote)?
fn is_sentence_start(text: &str, byte_idx: usize) -> bool {
    for character in text[..byte_idx].chars().rev() {
        match character {
            '"' | '“' | '‘' | '\'' | '(' | '«' => continue,
            ' ' | '\t' => continue,
            '.' | '!' | '?' | '\n' | ':' => return true,
            _ => return false,
        }
    }
    true
}

/// The cue of a list the name continues: "в Казани, Самаре и Омске" puts
/// "Самаре" and "Омске" under the "в" of "Казани". English lists are left
/// as they were.
fn list_cue(text: &str, matches: &[RawMatch], byte_idx: usize) -> Option<&'static str> {
    const LIST_JOINS: [&str; 6] = [", ", " и ", " і ", " та ", " й ", ", а также "];
    let previous = matches.last()?;
    let between = text.get(previous.span[1]..byte_idx)?;
    if !LIST_JOINS.contains(&between) {
        return None;
    }
    let previous_cue = previous.cue.as_deref()?;
    CUES.iter()
        .map(|(cue, _)| *cue)
        .find(|cue| *cue == previous_cue && !cue.is_ascii())
}

/// The cue phrase ending right before `byte_idx` ("in", "city of", "near"),
/// skipping one "the" ("in the Serbian capital" has the cue "in").
fn cue_before(text: &str, byte_idx: usize) -> Option<&'static str> {
    // Only the last few words can form a cue; this keeps the scan short.
    let mut window_start = byte_idx.saturating_sub(40);
    while !text.is_char_boundary(window_start) {
        window_start += 1;
    }
    let window = text[window_start..byte_idx].trim_end();
    // A cue is in the same clause: stop at punctuation before the name.
    if window.ends_with([',', '.', ';', ':', '(', '"']) {
        return None;
    }
    let mut words: [&str; 3] = [""; 3];
    let mut n_words = 0;
    let mut skipped_the = false;
    for word in window
        .rsplit(char::is_whitespace)
        .filter(|word| !word.is_empty())
    {
        // Skip one "the" right before the name, and only that one.
        if n_words == 0 && !skipped_the && word.eq_ignore_ascii_case("the") {
            skipped_the = true;
            continue;
        }
        if n_words == words.len() {
            break;
        }
        words[n_words] = word;
        n_words += 1;
    }
    // Lower-cased once here rather than in each of the many comparisons
    // below: that conversion was half the matching time on Cyrillic text.
    let lowered: Vec<std::borrow::Cow<'_, str>> = words[..n_words]
        .iter()
        .map(|word| lowercase(word))
        .collect();
    CUES.iter()
        .find(|(_, reversed_words)| {
            reversed_words.len() <= lowered.len()
                && reversed_words
                    .iter()
                    .zip(&lowered)
                    .all(|(cue_word, word)| word == cue_word)
        })
        .map(|(cue, _)| *cue)
}

#[cfg(test)]
mod tests;

impl crate::eval::PlaceNames for Gazetteer {
    /// Gold names match any form the gazetteer knows ("Kiev" and "Kyiv").
    fn same_place_name(&self, gold_name: &str, predicted: &crate::model::PlaceValue) -> bool {
        gold_name.eq_ignore_ascii_case(&predicted.name)
            || gold_name.eq_ignore_ascii_case(&predicted.text)
            || self.same_place(gold_name, &predicted.name)
    }
}
