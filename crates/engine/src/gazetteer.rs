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
//! Speed (2026-11-28, release build, 2-core machine, nothing else running):
//! `find_mentions` takes about 30 µs on a 2,958-byte English news text with
//! 52 place mentions and about 85 µs on a 3,812-byte Russian one with 45
//! (mean of 20,000 calls after 1,000 warm-up calls); lower-casing each word
//! once per comparison site rather than per comparison cut the Russian
//! figure from about 207 µs. Building the gazetteer from the embedded table
//! takes 50–57 ms, just over the 50 ms budget; most of it is index insertion
//! (see `examples/gazetteer_load.rs`). Measured with
//! `cargo run --release -p placard-engine --example gazetteer_speed`.

use crate::model::{PlacePrecision, PlaceValue};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The embedded table; its columns are described in `data/places.README.md`.
const PLACES_TSV: &str = include_str!("../../../data/places.tsv");
/// Names that are also English words (see the file's header).
const STOPLIST: &str = include_str!("../../../data/place_stoplist.txt");

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

/// Russian and Ukrainian case endings of nouns and adjectives, lower case.
/// A Cyrillic name also matches a word when the two agree after either
/// loses one of these ("Москва"/"Москве" share "москв", "Болгария"/"Болгарии"
/// share "болгар", "Житомирська"/"Житомирської" share "житомирськ"). The
/// masculine genitive plural "-ов/-ев/-ів" is left out: it would cut
/// "Харьков" to "харьк". Adjective-forming "-ский/-ський" is left out too, so
/// "Киевский вокзал" does not become Kyiv.
#[cfg_attr(feature = "snowball-morphology", allow(dead_code))]
const CASE_ENDINGS: &[&str] = &[
    // Russian nouns.
    "а", "я", "о", "е", "ы", "и", "у", "ю", "ь", "й", "ой", "ей", "ою", "ею", "ом", "ем", "ам",
    "ям", "ах", "ях", "ами", "ями", "ью", "ия", "ии", "ию", "ией", "ие", "ье", "ья", "ьи",
    // Russian adjectives ("Ивановская", "Ивановской", "Нижний", "Нижнем").
    "ая", "яя", "ое", "ее", "ий", "ый", "ую", "ого", "его", "ому", "ему", "ым", "им", "ых", "их",
    "ые",
    // Ukrainian nouns and adjectives ("Києві", "Харкові", "Грузії", "Грузією",
    // "Житомирської", "Житомирській").
    "і", "ї", "є", "ові", "еві", "єві", "єю", "ія", "ії", "ію", "ією", "ої", "ій",
];

/// Endings of Russian and Ukrainian adjectives in the cases news uses most
/// ("Северной", "Московского", "Західній"), lower case.
const ADJECTIVE_ENDINGS: [&str; 10] =
    ["ой", "ого", "ому", "ая", "ую", "ий", "ый", "ых", "ої", "ій"];

/// A stem shorter than this (in letters) is not trusted: "Мали" and "Малые"
/// would otherwise share "мал".
const MIN_STEM_CHARS: usize = 4;

/// Marks a key made of stems, so stems never meet full names in the index.
const STEM_KEY_MARK: char = '~';

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

/// A multiply-rotate hasher (the one rustc uses, "FxHash"). Keys are short
/// names from our own data, so the flooding resistance of the default SipHash
/// buys nothing, and hashing is a large part of the lookup cost (switching
/// from SipHash cut parsing from about 70 to 55 ms and matching by a third).
#[derive(Default, Clone, Copy)]
struct NameHasher(u64);

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
        }
        for &byte in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(SEED);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

type NameSet = HashSet<Box<str>, BuildHasherDefault<NameHasher>>;

/// Hands a `u64` that already is a hash through unchanged.
#[derive(Default, Clone, Copy)]
struct PassThroughHasher(u64);

impl Hasher for PassThroughHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut hasher = NameHasher(self.0);
        hasher.write(bytes);
        self.0 = hasher.0;
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The hash a normalised key is indexed under.
fn key_hash(key: &str) -> u64 {
    let mut hasher = NameHasher::default();
    hasher.write(key.as_bytes());
    hasher.finish()
}

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
    pub name: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// Name of the first-level division (the division's own name for one).
    pub admin1: Option<String>,
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
            name: self.name.clone(),
            geonames_id: self.geonames_id,
            country: Some(self.country.clone()),
            admin1: self.admin1.clone(),
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

/// One way of naming a record, stored under its normalised key.
#[derive(Clone, Debug)]
struct NameEntry {
    record_idx: u32,
    via: MentionVia,
    /// A GeoNames alternate name (another language, an old name): weak
    /// evidence, used only after a strong cue or when written in Cyrillic.
    weak: bool,
    /// For all-capital forms ("US", "U.S.", "UK"): the letters that must match
    /// case-sensitively, so "us" and "Us" are not the United States.
    exact_letters: Option<Box<str>>,
}

/// Everything stored under one normalised key. The key text lives in
/// `Gazetteer::key_text` and most keys name one record, stored inline: this
/// saves two allocations per key, about a tenth of the table's parse time.
struct KeyEntries {
    key_start: u32,
    key_len: u32,
    /// The first record the key names; `None` for a word that only starts
    /// longer names.
    first_entry: Option<NameEntry>,
    /// Further records the key names (several Washingtons).
    more_entries: Vec<NameEntry>,
    /// For a one-word key: bit `n` is set when a name of `n` ≥ 2 words starts
    /// with this word, so matching tries "new york city", then "new york".
    longer_names: u32,
}

impl KeyEntries {
    fn entries(&self) -> impl Iterator<Item = &NameEntry> {
        self.first_entry.iter().chain(&self.more_entries)
    }

    fn names_a_place(&self) -> bool {
        self.first_entry.is_some()
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
    /// name people write, so it is kept out of `index`.
    country_by_code: HashMap<String, u32>,
    /// Hash of a normalised name ("st petersburg") to its place in `keys`.
    /// Keyed by the hash alone so that a miss (most capitalised words are
    /// not places) touches one table slot and never a string; a hit compares
    /// the stored key.
    index: HashMap<u64, u32, BuildHasherDefault<PassThroughHasher>>,
    keys: Vec<KeyEntries>,
    /// Every key's text, one after another.
    key_text: String,
    /// Names dropped because their hash equalled another's (a test keeps it 0).
    n_hash_collisions: usize,
    never: NameSet,
    cue_only: NameSet,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Gazetteer")
            .field("n_records", &self.records.len())
            .field("n_names", &self.keys.len())
            .finish()
    }
}

impl Gazetteer {
    /// The gazetteer built from the embedded `data/places.tsv`, parsed on first use.
    ///
    /// ```
    /// use placard_engine::gazetteer::Gazetteer;
    /// assert!(Gazetteer::builtin().same_place("Kiev", "Kyiv"));
    /// ```
    pub fn builtin() -> &'static Gazetteer {
        static BUILTIN: OnceLock<Gazetteer> = OnceLock::new();
        BUILTIN.get_or_init(|| Gazetteer::from_tsv(PLACES_TSV, STOPLIST))
    }

    /// Builds a gazetteer from a `places.tsv`-shaped table and a stoplist.
    /// Malformed lines are skipped: the embedded table is checked by tests,
    /// and the engine does not fail on data.
    fn from_tsv(places_tsv: &str, stoplist: &str) -> Gazetteer {
        let mut gazetteer = Gazetteer {
            records: Vec::with_capacity(21_000),
            capitals: Vec::with_capacity(21_000),
            country_by_code: HashMap::with_capacity(300),
            // About 180,000 names plus 170,000 stem keys of Cyrillic names.
            index: HashMap::with_capacity_and_hasher(130_000, Default::default()),
            keys: Vec::with_capacity(130_000),
            key_text: String::with_capacity(2 << 20),
            n_hash_collisions: 0,
            never: NameSet::default(),
            cue_only: NameSet::default(),
        };
        // The stoplist comes first: it decides which Cyrillic names get stem keys.
        let mut section = "";
        for line in stoplist.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') {
                section = line;
                continue;
            }
            let word: Box<str> = normalise_key(line).into();
            match section {
                "[never]" => gazetteer.never.insert(word),
                _ => gazetteer.cue_only.insert(word),
            };
        }
        // Capitals are given as GeoNames ids; they are resolved after all rows.
        let mut capital_ids: Vec<(u32, u64)> = Vec::new();
        let mut idx_by_geonames_id: HashMap<u64, u32> = HashMap::new();
        let mut key_buffer = String::new();
        for line in places_tsv.lines().skip(1) {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 12 {
                continue;
            }
            let kind = match fields[0] {
                "country" => PlacePrecision::Country,
                "admin1" => PlacePrecision::Admin1,
                "city" => PlacePrecision::City,
                _ => continue,
            };
            let record_idx = gazetteer.records.len() as u32;
            let geonames_id = fields[1].parse::<u64>().ok();
            if let Some(id) = geonames_id {
                idx_by_geonames_id.insert(id, record_idx);
            }
            if let Ok(capital_id) = fields[8].parse::<u64>() {
                capital_ids.push((record_idx, capital_id));
            }
            let record = PlaceRecord {
                kind,
                geonames_id,
                name: fields[2].to_string(),
                country: fields[3].to_string(),
                admin1: (!fields[4].is_empty()).then(|| fields[4].to_string()),
                lat: fields[5].parse().unwrap_or(0.0),
                lon: fields[6].parse().unwrap_or(0.0),
                population: fields[7].parse().unwrap_or(0),
            };
            if kind == PlacePrecision::Country {
                gazetteer
                    .country_by_code
                    .insert(record.country.clone(), record_idx);
            }
            gazetteer.add_name(
                &mut key_buffer,
                fields[2],
                record_idx,
                MentionVia::Name,
                false,
            );
            if kind == PlacePrecision::Admin1 {
                // "Novosibirsk Oblast" is also called "Novosibirsk"; the city of
                // that name still wins unless a suffix follows (see `resolve`).
                if let Some(base) = division_base_name(fields[2]) {
                    gazetteer.add_name(&mut key_buffer, base, record_idx, MentionVia::Alias, false);
                }
            }
            for alias in fields[9].split('|').filter(|alias| !alias.is_empty()) {
                gazetteer.add_name(&mut key_buffer, alias, record_idx, MentionVia::Alias, false);
            }
            for demonym in fields[10].split('|').filter(|form| !form.is_empty()) {
                gazetteer.add_name(
                    &mut key_buffer,
                    demonym,
                    record_idx,
                    MentionVia::Demonym,
                    false,
                );
            }
            for alt_name in fields[11].split('|').filter(|form| !form.is_empty()) {
                gazetteer.add_name(
                    &mut key_buffer,
                    alt_name,
                    record_idx,
                    MentionVia::Alias,
                    true,
                );
            }
            gazetteer.records.push(record);
            gazetteer.capitals.push(None);
        }
        for (country_idx, capital_id) in capital_ids {
            gazetteer.capitals[country_idx as usize] = idx_by_geonames_id.get(&capital_id).copied();
        }
        gazetteer
    }

    fn add_name(
        &mut self,
        key_buffer: &mut String,
        form: &str,
        record_idx: u32,
        via: MentionVia,
        weak: bool,
    ) {
        key_buffer.clear();
        normalise_key_into(form, key_buffer);
        if key_buffer.is_empty() {
            return;
        }
        let n_letters = form.chars().filter(|c| is_word_char(*c)).count();
        let all_capitals = n_letters >= 2 && !form.chars().any(char::is_lowercase);
        let exact_letters = all_capitals.then(|| {
            let letters: String = form.chars().filter(|c| is_word_char(*c)).collect();
            letters.into_boxed_str()
        });
        let entry = NameEntry {
            record_idx,
            via,
            weak,
            exact_letters,
        };
        let cyrillic = key_buffer.starts_with(is_cyrillic);
        let never = cyrillic && self.never.contains(key_buffer.as_str());
        let cue_only = cyrillic && self.cue_only.contains(key_buffer.as_str());
        let key = std::mem::take(key_buffer);
        if cyrillic && !never {
            // A given name that is also a town ("Владимир") keeps its stems
            // only as weak evidence, which needs a cue before it.
            let stem_entry = NameEntry {
                weak: entry.weak || cue_only,
                ..entry.clone()
            };
            for stem_key in stem_keys(&key) {
                self.insert_entry(&stem_key, stem_entry.clone());
            }
        }
        self.insert_entry(&key, entry);
        *key_buffer = key;
    }

    /// Stores `entry` under `key` and marks the key's first word as the start
    /// of a longer name.
    fn insert_entry(&mut self, key: &str, entry: NameEntry) {
        let n_words = key.split(' ').count();
        let Some(slot) = self.slot(key) else {
            return;
        };
        let record_idx = entry.record_idx;
        let key_entries = &mut self.keys[slot];
        // The same record under the same key twice (a name repeated as an
        // alias) adds nothing; keep the strongest `via`, which came first.
        if !key_entries
            .entries()
            .any(|known| known.record_idx == record_idx)
        {
            if key_entries.first_entry.is_none() {
                key_entries.first_entry = Some(entry);
            } else {
                key_entries.more_entries.push(entry);
            }
        }
        if n_words >= 2 {
            let first_word = key.split(' ').next().unwrap_or_default();
            if let Some(first_slot) = self.slot(first_word) {
                self.keys[first_slot].longer_names |= 1 << n_words.min(31);
            }
        }
    }

    /// The position of `key` in `keys`, added if new; `None` on a hash
    /// collision. Only lengths are compared on a hit: comparing the bytes of
    /// every repeated name was a tenth of the load time, and the test
    /// `no_two_names_share_a_hash` proves that no two different names of the
    /// embedded table share a hash.
    fn slot(&mut self, key: &str) -> Option<usize> {
        let hash = key_hash(key);
        match self.index.get(&hash) {
            Some(&idx) if self.keys[idx as usize].key_len as usize == key.len() => {
                Some(idx as usize)
            }
            Some(_) => {
                self.n_hash_collisions += 1;
                None
            }
            None => {
                let idx = self.keys.len();
                self.keys.push(KeyEntries {
                    key_start: self.key_text.len() as u32,
                    key_len: key.len() as u32,
                    first_entry: None,
                    more_entries: Vec::new(),
                    longer_names: 0,
                });
                self.key_text.push_str(key);
                self.index.insert(hash, idx as u32);
                Some(idx)
            }
        }
    }

    fn find_key(&self, key: &str) -> Option<&KeyEntries> {
        let idx = *self.index.get(&key_hash(key))?;
        let found = &self.keys[idx as usize];
        (self.key_of(found) == key).then_some(found)
    }

    fn key_of(&self, key_entries: &KeyEntries) -> &str {
        let start = key_entries.key_start as usize;
        &self.key_text[start..start + key_entries.key_len as usize]
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
        let mut ranked: Vec<NameEntry> = found.entries().cloned().collect();
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
                .map(|found| found.entries().map(|entry| entry.record_idx).collect())
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
    /// let names: Vec<&str> = mentions.iter().map(|m| m.record.name.as_str()).collect();
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
        let mut surnames: Vec<String> = Vec::new();
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
            let mut found: Option<(usize, &KeyEntries)> = None;
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
            // області". Only when the word as written names nothing.
            let mut stemmed = false;
            if found.is_none() && key.starts_with(is_cyrillic) {
                found = self.stem_match(text, tokens, token_idx);
                stemmed = found.is_some();
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
            let mut entries: Vec<NameEntry> = found
                .entries()
                .filter(|entry| match &entry.exact_letters {
                    Some(letters) => surface
                        .chars()
                        .filter(|c| is_word_char(*c))
                        .eq(letters.chars()),
                    None => !short_capitals,
                })
                .cloned()
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
            let name_key = self.key_of(found);
            if Self::names_a_person(text, tokens, token_idx, end_token, cue) {
                surnames.push(name_key.to_string());
                token_idx += 1;
                continue;
            }
            let remembered_person = !strong_cue && surnames.iter().any(|known| known == name_key);
            if entries.is_empty()
                || remembered_person
                || !self.plausible(text, tokens, token_idx, end_token, name_key, cue)
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
    ) -> Option<(usize, &KeyEntries)> {
        let token = tokens[token_idx];
        // A stem needs `MIN_STEM_CHARS` letters and an ending: shorter words
        // ("СК", "ООН") are answered without allocating.
        text[token.start..token.end].chars().nth(MIN_STEM_CHARS)?;
        let mut word = String::new();
        push_lowercase(&text[token.start..token.end], &mut word);
        let mut following: Option<Vec<Vec<String>>> = None;
        let mut single: Option<(usize, &KeyEntries)> = None;
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
    fn find_stem_combination(
        &self,
        key: &mut String,
        words: &[Vec<String>],
    ) -> Option<&KeyEntries> {
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
        &self,
        text: &str,
        tokens: &[Token],
        first_token: usize,
        end_token: usize,
        key: &str,
        cue: Option<&str>,
    ) -> bool {
        if self.never.contains(key) {
            return false;
        }
        let strong_cue = cue.is_some_and(|cue| STRONG_CUES.contains(&cue));
        if self.cue_only.contains(key) && !strong_cue {
            return false;
        }
        // Without its capital a name that is also a word is just the word,
        // cue or not: "at the temple" in a lower-cased text.
        let written_lowercase = text[tokens[first_token].start..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        if written_lowercase && self.cue_only.contains(key) {
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
        for match_idx in 0..matches.len().saturating_sub(1) {
            let (current, next) = (&matches[match_idx], &matches[match_idx + 1]);
            if next.first_token != current.end_token
                || !text[current.span[1]..next.span[0]].starts_with(", ")
                || text[current.span[1]..next.span[0]].len() != 2
            {
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
                let chosen_countries: HashSet<String> = inside
                    .iter()
                    .map(|entry| self.records[entry.record_idx as usize].country.clone())
                    .collect();
                let chosen_admin1: HashSet<Option<String>> = inside
                    .iter()
                    .map(|entry| self.records[entry.record_idx as usize].admin1.clone())
                    .collect();
                matches[match_idx].entries = inside;
                let region_entries: Vec<NameEntry> = matches[match_idx + 1]
                    .entries
                    .iter()
                    .filter(|entry| {
                        let record = &self.records[entry.record_idx as usize];
                        record.kind != PlacePrecision::City
                            && chosen_countries.contains(&record.country)
                            && (record.kind == PlacePrecision::Country
                                || chosen_admin1.contains(&record.admin1))
                    })
                    .cloned()
                    .collect();
                if !region_entries.is_empty() {
                    matches[match_idx + 1].entries = region_entries;
                }
            } else if region_only {
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
                *country_votes.entry(first_country.as_str()).or_default() += 1;
            }
        }

        // The nearest unambiguous mention counts extra: "Novi Sad and Nis" is
        // Niš in Serbia even when France is named as often elsewhere.
        let sole_countries: Vec<Option<&str>> = matches
            .iter()
            .zip(&dropped)
            .map(|(raw, is_dropped)| {
                let first_country = &self.records[raw.entries[0].record_idx as usize].country;
                let sole = !is_dropped
                    && raw.entries.iter().all(|entry| {
                        &self.records[entry.record_idx as usize].country == first_country
                    });
                sole.then_some(first_country.as_str())
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
                let (_, std::cmp::Reverse(votes), ..) =
                    self.rank(entry, country_votes, near_country, home);
                PlaceCandidate {
                    record: record.clone(),
                    via: entry.via,
                    weak: entry.weak,
                    country_votes: votes,
                    in_home_country: home == Some(record.country.as_str()),
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
        let mut votes = country_votes
            .get(record.country.as_str())
            .copied()
            .unwrap_or(0);
        if near_country == Some(record.country.as_str()) {
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
    std::cmp::Reverse<u32>,
    bool,
    std::cmp::Reverse<u32>,
    bool,
    std::cmp::Reverse<u64>,
    u8,
    u32,
);

/// The name of a division without its generic word: "Novosibirsk Oblast" →
/// "Novosibirsk", "Stavropol Kray" → "Stavropol", "Kyiv City" → "Kyiv".
fn division_base_name(name: &str) -> Option<&str> {
    const GENERIC: [&str; 12] = [
        " Oblast",
        " oblast",
        " Kray",
        " Krai",
        " Region",
        " Province",
        " Republic",
        " Governorate",
        " Prefecture",
        " City",
        " County",
        " Autonomous Okrug",
    ];
    GENERIC
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .or_else(|| name.strip_prefix("Republic of "))
        .filter(|base| !base.is_empty())
}

/// Cyrillic letters (the Russian and Ukrainian ones and the rest of the block).
fn is_cyrillic(character: char) -> bool {
    matches!(character, 'Ѐ'..='ӿ')
}

#[cfg_attr(feature = "snowball-morphology", allow(dead_code))]
fn is_cyrillic_vowel(character: char) -> bool {
    matches!(
        character,
        'а' | 'е' | 'ё' | 'и' | 'о' | 'у' | 'ы' | 'э' | 'ю' | 'я' | 'і' | 'ї' | 'є'
    )
}

/// The forms of one lower-case Cyrillic word that another inflection of it
/// may share: the word itself, with "ё" read as "е" as most texts write it;
/// for a Ukrainian word whose last syllable has "і"/"ї" before final
/// consonants, the forms with the vowel that returns in the other cases
/// ("Київ"/"Києва", "Харків"/"Харкова", "Львів"/"Львові"); and each of these
/// without a case ending from `CASE_ENDINGS` that leaves at least
/// `MIN_STEM_CHARS` letters. The word itself comes first.
#[cfg(not(feature = "snowball-morphology"))]
fn stem_forms(word: &str) -> Vec<String> {
    let base: String = word
        .chars()
        .map(|character| if character == 'ё' { 'е' } else { character })
        .collect();
    let mut whole_forms = vec![base.clone()];
    let chars: Vec<char> = base.chars().collect();
    if let Some(vowel_idx) = chars.iter().rposition(|c| is_cyrillic_vowel(*c)) {
        let n_after = chars.len() - vowel_idx - 1;
        let replacements: &[char] = match chars[vowel_idx] {
            'і' => &['о', 'е'],
            'ї' => &['є'],
            _ => &[],
        };
        if (1..=3).contains(&n_after) {
            for &replacement in replacements {
                let mut changed = chars.clone();
                changed[vowel_idx] = replacement;
                whole_forms.push(changed.into_iter().collect());
            }
        }
    }
    let mut forms = whole_forms.clone();
    for whole in &whole_forms {
        let n_chars = whole.chars().count();
        for ending in CASE_ENDINGS {
            let Some(stem) = whole.strip_suffix(ending) else {
                continue;
            };
            if n_chars - ending.chars().count() >= MIN_STEM_CHARS
                && !forms.iter().any(|known| known == stem)
            {
                forms.push(stem.to_string());
            }
        }
    }
    forms
}

/// The comparison build (`--features snowball-morphology`, run by
/// `bench/morphology.sh`): the word itself and its Russian and Ukrainian
/// Snowball stems, with the same minimum stem length. Not used in
/// releases: our own table matched more inflected place names on the dev
/// sets (figures in ARCHITECTURE.md).
#[cfg(feature = "snowball-morphology")]
fn stem_forms(word: &str) -> Vec<String> {
    use snowball_stemmers_rs::{Algorithm, Stemmer};
    static STEMMERS: OnceLock<[Stemmer; 2]> = OnceLock::new();
    let stemmers = STEMMERS.get_or_init(|| {
        [
            Stemmer::create(Algorithm::Russian),
            Stemmer::create(Algorithm::Ukrainian),
        ]
    });
    let base: String = word
        .chars()
        .map(|character| if character == 'ё' { 'е' } else { character })
        .collect();
    let mut forms = vec![base.clone()];
    for stemmer in stemmers {
        let stem = stemmer.stem(&base).into_owned();
        if stem.chars().count() >= MIN_STEM_CHARS && !forms.contains(&stem) {
            forms.push(stem);
        }
    }
    forms
}

/// The stem keys a Cyrillic name is stored under: every combination of its
/// words' `stem_forms` (at most `MAX_STEM_KEYS`), each key starting with
/// `STEM_KEY_MARK`. Names of more than four words get none.
fn stem_keys(key: &str) -> Vec<String> {
    const MAX_STEM_KEYS: usize = 16;
    let words: Vec<&str> = key.split(' ').collect();
    if words.len() > 4 {
        return Vec::new();
    }
    let mut keys = vec![STEM_KEY_MARK.to_string()];
    for (word_idx, word) in words.iter().enumerate() {
        let forms = stem_forms(word);
        let mut longer = Vec::with_capacity(keys.len() * forms.len());
        for prefix in &keys {
            for form in &forms {
                if longer.len() == MAX_STEM_KEYS {
                    break;
                }
                let mut combined = prefix.clone();
                if word_idx > 0 {
                    combined.push(' ');
                }
                combined.push_str(form);
                longer.push(combined);
            }
        }
        keys = longer;
    }
    keys
}

/// A text word in lower case, borrowed when it already is.
fn lowercase(word: &str) -> std::borrow::Cow<'_, str> {
    if word.chars().any(char::is_uppercase) {
        std::borrow::Cow::Owned(word.to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(word)
    }
}

/// Lowercases `word` onto `out` without allocating. Most words are ASCII,
/// and the byte-wise path for them is several times faster than
/// `char::to_lowercase` (it was a quarter of the matching time).
fn push_lowercase(word: &str, out: &mut String) {
    if word.is_ascii() {
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
    } else {
        for character in word.chars() {
            out.extend(character.to_lowercase());
        }
    }
}

/// The key a name is stored under: its words, lower case, one space apart
/// ("St. Petersburg" → "st petersburg", "Washington, D.C." → "washington d c").
fn normalise_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    normalise_key_into(name, &mut key);
    key
}

fn normalise_key_into(name: &str, key: &mut String) {
    // The common case, one plain ASCII word, skips the per-character loop.
    if name.bytes().all(|byte| byte.is_ascii_alphanumeric()) {
        push_lowercase(name, key);
        return;
    }
    let mut in_word = false;
    for character in name.chars() {
        if is_word_char(character) {
            if !in_word && !key.is_empty() {
                key.push(' ');
            }
            in_word = true;
            key.extend(character.to_lowercase());
        } else {
            in_word = false;
        }
    }
}

/// Letters and digits, the characters of word tokens. Latin and Cyrillic
/// letters are answered from their ranges; `char::is_alphanumeric` looks
/// them up in a table, which was a tenth of the table's parse time.
fn is_word_char(character: char) -> bool {
    match character {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\u{0}'..='\u{7f}' | '×' | '÷' => false,
        'À'..='ɏ' | 'Ѐ'..='ԯ' => true,
        _ => character.is_alphanumeric(),
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
