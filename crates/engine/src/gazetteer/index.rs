//! The gazetteer's embedded index: its byte layout and the code that builds
//! it from `data/places.tsv`, `data/towns.tsv.gz` and
//! `data/place_stoplist.txt`.
//!
//! Like `keys.rs`, this file is compiled into the engine's build script,
//! which runs [`build`] and embeds the bytes, and into the engine, which
//! reads them with the layout constants below. Parsing 170,000 rows and
//! inserting a million keys at every start took 365 ms; reading the built
//! index takes a few milliseconds, because nothing is parsed or hashed at
//! load: records and key slots are read from the bytes where they lie.
//!
//! Layout (all integers little-endian):
//!
//! | section | size | what |
//! |---|---|---|
//! | header | `HEADER_LEN` | `MAGIC`, then the `u32` counts of [`Header`] in field order |
//! | strings | `strings_len` bytes | record names, division names and all-capital letter forms, UTF-8, one after another |
//! | records | `n_records × RECORD_LEN` | see `write_record` |
//! | key hashes | `n_keys × 8` | [`key_hash`] of every key, ascending |
//! | buckets | `(n_buckets + 1) × 4` | first key of each bucket: the keys whose hash starts with the bucket's bits |
//! | entry starts | `(n_keys + 1) × 4` | first entry of each key |
//! | longer names | `n_keys × 4` | bit `n` set: a name of `n` ≥ 2 words starts with this one-word key |
//! | key flags | `n_keys` bytes | `KEY_NEVER`, `KEY_CUE_ONLY`: the stoplist's verdict on the key |
//! | entries | `n_entries × 4` | record index and `ENTRY_*` bits |
//! | exact letters | `n_exact × 10` | entry index `u32`, string offset `u32`, length `u16` |
//!
//! Keys are stored as hashes only. A word of a text that is no name could
//! share a 64-bit hash with a name by chance; with about a million keys the
//! odds are about one in 10¹³ per word looked up, far below any error the
//! rules make. Two names sharing a hash would be worse (one would vanish),
//! so the build counts them in `n_collisions` and a test keeps it at 0.

#![allow(dead_code)]

use super::keys::{
    division_base_name, is_cyrillic, is_word_char, key_hash, normalise_key_into, stem_keys,
};
use std::collections::{HashMap, HashSet};

pub const MAGIC: &[u8; 8] = b"PLCGAZ01";
/// The magic and nine `u32` counts.
pub const HEADER_LEN: usize = 8 + 9 * 4;
pub const RECORD_LEN: usize = 40;
pub const EXACT_LEN: usize = 10;

pub const KIND_COUNTRY: u8 = 0;
pub const KIND_ADMIN1: u8 = 1;
pub const KIND_CITY: u8 = 2;
/// Record flag: a town from `towns.tsv.gz`, below the listing thresholds.
pub const RECORD_MINOR: u8 = 1;

/// An entry's record index takes the low bits; the flags sit above it.
pub const ENTRY_RECORD_BITS: u32 = 21;
pub const ENTRY_RECORD_MASK: u32 = (1 << ENTRY_RECORD_BITS) - 1;
/// Two bits of `via`: 0 name, 1 alias, 2 demonym.
pub const ENTRY_VIA_SHIFT: u32 = 21;
pub const ENTRY_WEAK: u32 = 1 << 23;
pub const ENTRY_MINOR: u32 = 1 << 24;
pub const ENTRY_EXACT: u32 = 1 << 25;

pub const VIA_NAME: u32 = 0;
pub const VIA_ALIAS: u32 = 1;
pub const VIA_DEMONYM: u32 = 2;

pub const KEY_NEVER: u8 = 1;
pub const KEY_CUE_ONLY: u8 = 2;

/// No capital, no division: `u32::MAX` in a record's capital field.
pub const NONE_U32: u32 = u32::MAX;

/// The counts at the head of the index.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub strings_len: u32,
    pub n_records: u32,
    pub n_keys: u32,
    /// The number of buckets is `1 << bucket_bits`.
    pub bucket_bits: u32,
    pub n_entries: u32,
    pub n_exact: u32,
    /// Distinct names whose hash equalled an earlier name's; each was dropped.
    pub n_collisions: u32,
    /// Records from `places.tsv` (the rest are minor towns).
    pub n_major_records: u32,
    /// Names the build dropped as malformed rows.
    pub n_bad_rows: u32,
}

impl Header {
    pub fn to_bytes(self) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        for value in [
            self.strings_len,
            self.n_records,
            self.n_keys,
            self.bucket_bits,
            self.n_entries,
            self.n_exact,
            self.n_collisions,
            self.n_major_records,
            self.n_bad_rows,
        ] {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        bytes
    }

    /// The header of `bytes`, or `None` when they are not an index of this layout.
    pub fn parse(bytes: &[u8]) -> Option<Header> {
        if bytes.len() < HEADER_LEN || &bytes[..8] != MAGIC {
            return None;
        }
        let field = |idx: usize| read_u32(bytes, 8 + idx * 4);
        Some(Header {
            strings_len: field(0),
            n_records: field(1),
            n_keys: field(2),
            bucket_bits: field(3),
            n_entries: field(4),
            n_exact: field(5),
            n_collisions: field(6),
            n_major_records: field(7),
            n_bad_rows: field(8),
        })
    }

    /// Byte offsets of the sections, in layout order, and the total length.
    pub fn sections(&self) -> Sections {
        let strings = HEADER_LEN;
        let records = strings + self.strings_len as usize;
        let key_hashes = records + self.n_records as usize * RECORD_LEN;
        let buckets = key_hashes + self.n_keys as usize * 8;
        let entry_starts = buckets + ((1usize << self.bucket_bits) + 1) * 4;
        let longer_names = entry_starts + (self.n_keys as usize + 1) * 4;
        let key_flags = longer_names + self.n_keys as usize * 4;
        let entries = key_flags + self.n_keys as usize;
        let exact = entries + self.n_entries as usize * 4;
        let end = exact + self.n_exact as usize * EXACT_LEN;
        Sections {
            strings,
            records,
            key_hashes,
            buckets,
            entry_starts,
            longer_names,
            key_flags,
            entries,
            exact,
            end,
        }
    }
}

/// Where each section starts.
#[derive(Clone, Copy, Debug)]
pub struct Sections {
    pub strings: usize,
    pub records: usize,
    pub key_hashes: usize,
    pub buckets: usize,
    pub entry_starts: usize,
    pub longer_names: usize,
    pub key_flags: usize,
    pub entries: usize,
    pub exact: usize,
    pub end: usize,
}

pub fn read_u16(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([bytes[at], bytes[at + 1]])
}

pub fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

pub fn read_u64(bytes: &[u8], at: usize) -> u64 {
    let mut word = [0u8; 8];
    word.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(word)
}

/// One record as the build holds it.
struct RecordRow {
    kind: u8,
    flags: u8,
    country: [u8; 2],
    geonames_id: u32,
    name: (u32, u16),
    admin1: (u32, u16),
    lat: i32,
    lon: i32,
    population: u64,
    capital_geonames_id: Option<u64>,
}

/// One way of naming a record, before packing.
#[derive(Clone)]
struct EntryRow {
    record_idx: u32,
    via: u32,
    weak: bool,
    minor: bool,
    exact_letters: Option<String>,
}

#[derive(Default)]
struct KeyRow {
    entries: Vec<EntryRow>,
    longer_names: u32,
}

/// The build's state: records, strings and the key table by key text.
#[derive(Default)]
struct Builder {
    strings: String,
    string_offsets: HashMap<String, (u32, u16)>,
    records: Vec<RecordRow>,
    keys: HashMap<String, KeyRow>,
    never: HashSet<String>,
    cue_only: HashSet<String>,
    n_bad_rows: u32,
}

impl Builder {
    /// Stores `text` once and returns its offset and length.
    fn string(&mut self, text: &str) -> (u32, u16) {
        if let Some(&known) = self.string_offsets.get(text) {
            return known;
        }
        let reference = (
            self.strings.len() as u32,
            text.len().min(u16::MAX as usize) as u16,
        );
        self.strings.push_str(text);
        self.string_offsets.insert(text.to_string(), reference);
        reference
    }

    fn read_stoplist(&mut self, stoplist: &str) {
        let mut section = "";
        let mut key = String::new();
        for line in stoplist.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with('[') {
                section = line;
                continue;
            }
            key.clear();
            normalise_key_into(line, &mut key);
            match section {
                "[never]" => self.never.insert(key.clone()),
                _ => self.cue_only.insert(key.clone()),
            };
        }
    }

    /// Adds the rows of one `places.tsv`-shaped table; `minor` marks every
    /// record of it as a minor town.
    fn read_table(&mut self, table: &str, minor: bool) {
        for line in table.lines().skip(1) {
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() < 12 {
                self.n_bad_rows += 1;
                continue;
            }
            let kind = match fields[0] {
                "country" => KIND_COUNTRY,
                "admin1" => KIND_ADMIN1,
                "city" => KIND_CITY,
                _ => {
                    self.n_bad_rows += 1;
                    continue;
                }
            };
            let country_bytes = fields[3].as_bytes();
            if country_bytes.len() != 2 {
                self.n_bad_rows += 1;
                continue;
            }
            let record_idx = self.records.len() as u32;
            let name = self.string(fields[2]);
            let admin1 = if fields[4].is_empty() {
                (0, 0)
            } else {
                self.string(fields[4])
            };
            let degrees = |field: &str| {
                let value: f64 = field.parse().unwrap_or(0.0);
                (value * 10_000.0).round() as i32
            };
            self.records.push(RecordRow {
                kind,
                flags: if minor { RECORD_MINOR } else { 0 },
                country: [country_bytes[0], country_bytes[1]],
                geonames_id: fields[1]
                    .parse::<u64>()
                    .ok()
                    .and_then(|id| u32::try_from(id).ok())
                    .unwrap_or(0),
                name,
                admin1,
                lat: degrees(fields[5]),
                lon: degrees(fields[6]),
                population: fields[7].parse().unwrap_or(0),
                capital_geonames_id: fields[8].parse().ok(),
            });
            let add = |builder: &mut Builder, form: &str, via: u32, weak: bool| {
                builder.add_name(form, record_idx, via, weak, minor);
            };
            add(self, fields[2], VIA_NAME, false);
            if kind == KIND_ADMIN1 {
                // "Novosibirsk Oblast" is also called "Novosibirsk"; the city of
                // that name still wins unless a suffix follows (see `resolve`).
                if let Some(base) = division_base_name(fields[2]) {
                    add(self, base, VIA_ALIAS, false);
                }
            }
            for alias in fields[9].split('|').filter(|alias| !alias.is_empty()) {
                add(self, alias, VIA_ALIAS, false);
            }
            for demonym in fields[10].split('|').filter(|form| !form.is_empty()) {
                add(self, demonym, VIA_DEMONYM, false);
            }
            for alt_name in fields[11].split('|').filter(|form| !form.is_empty()) {
                add(self, alt_name, VIA_ALIAS, true);
            }
        }
    }

    fn add_name(&mut self, form: &str, record_idx: u32, via: u32, weak: bool, minor: bool) {
        let mut key = String::with_capacity(form.len());
        normalise_key_into(form, &mut key);
        if key.is_empty() {
            return;
        }
        let n_letters = form.chars().filter(|c| is_word_char(*c)).count();
        let all_capitals = n_letters >= 2 && !form.chars().any(char::is_lowercase);
        let exact_letters = all_capitals.then(|| {
            form.chars()
                .filter(|c| is_word_char(*c))
                .collect::<String>()
        });
        let entry = EntryRow {
            record_idx,
            via,
            weak,
            minor,
            exact_letters,
        };
        let cyrillic = key.starts_with(is_cyrillic);
        let never = cyrillic && self.never.contains(&key);
        let cue_only = cyrillic && self.cue_only.contains(&key);
        if cyrillic && !never {
            // A given name that is also a town ("Владимир") keeps its stems
            // only as weak evidence, which needs a cue before it.
            let stem_entry = EntryRow {
                weak: entry.weak || cue_only,
                ..entry.clone()
            };
            for stem_key in stem_keys(&key) {
                self.insert_entry(&stem_key, stem_entry.clone());
            }
        }
        self.insert_entry(&key, entry);
    }

    /// Stores `entry` under `key` and marks the key's first word as the start
    /// of a longer name.
    fn insert_entry(&mut self, key: &str, entry: EntryRow) {
        let key_row = self.keys.entry(key.to_string()).or_default();
        // The same record under the same key twice (a name repeated as an
        // alias) adds nothing; keep the strongest `via`, which came first.
        if !key_row
            .entries
            .iter()
            .any(|known| known.record_idx == entry.record_idx)
        {
            key_row.entries.push(entry);
        }
        let n_words = key.split(' ').count();
        if n_words >= 2 {
            let first_word = key.split(' ').next().unwrap_or_default();
            self.keys
                .entry(first_word.to_string())
                .or_default()
                .longer_names |= 1 << n_words.min(31);
        }
    }

    fn into_bytes(mut self) -> Vec<u8> {
        // Capitals point at records by GeoNames id in the table and by
        // record index in the index.
        let idx_by_geonames_id: HashMap<u32, u32> = self
            .records
            .iter()
            .enumerate()
            .filter(|(_, record)| record.geonames_id != 0)
            .map(|(idx, record)| (record.geonames_id, idx as u32))
            .rev()
            .collect();
        let n_major_records = self
            .records
            .iter()
            .filter(|record| record.flags & RECORD_MINOR == 0)
            .count() as u32;

        // Keys in hash order; a second name with an equal hash is dropped
        // and counted.
        let mut keys: Vec<(u64, String, KeyRow)> = self
            .keys
            .drain()
            .map(|(key, row)| (key_hash(&key), key, row))
            .collect();
        keys.sort_by(|left, right| (left.0, &left.1).cmp(&(right.0, &right.1)));
        let n_before = keys.len();
        keys.dedup_by_key(|(hash, _, _)| *hash);
        let n_collisions = (n_before - keys.len()) as u32;

        // Enough buckets for about two keys each.
        let bucket_bits = (usize::BITS - keys.len().max(2).leading_zeros()).saturating_sub(1);
        let n_buckets = 1usize << bucket_bits;

        let mut entries: Vec<u32> = Vec::new();
        let mut entry_starts: Vec<u32> = Vec::with_capacity(keys.len() + 1);
        let mut exact: Vec<(u32, (u32, u16))> = Vec::new();
        for (_, _, row) in &keys {
            entry_starts.push(entries.len() as u32);
            for entry in &row.entries {
                let mut packed = entry.record_idx & ENTRY_RECORD_MASK;
                packed |= entry.via << ENTRY_VIA_SHIFT;
                if entry.weak {
                    packed |= ENTRY_WEAK;
                }
                if entry.minor {
                    packed |= ENTRY_MINOR;
                }
                if let Some(letters) = &entry.exact_letters {
                    packed |= ENTRY_EXACT;
                    let reference = self.string(letters);
                    exact.push((entries.len() as u32, reference));
                }
                entries.push(packed);
            }
        }
        entry_starts.push(entries.len() as u32);

        let header = Header {
            strings_len: self.strings.len() as u32,
            n_records: self.records.len() as u32,
            n_keys: keys.len() as u32,
            bucket_bits,
            n_entries: entries.len() as u32,
            n_exact: exact.len() as u32,
            n_collisions,
            n_major_records,
            n_bad_rows: self.n_bad_rows,
        };
        let mut bytes = header.to_bytes();
        bytes.extend_from_slice(self.strings.as_bytes());
        for record in &self.records {
            write_record(&mut bytes, record, &idx_by_geonames_id);
        }
        for (hash, _, _) in &keys {
            bytes.extend_from_slice(&hash.to_le_bytes());
        }
        // Bucket `b` holds the keys whose hash's top `bucket_bits` bits are `b`.
        let mut key_idx = 0usize;
        for bucket in 0..=n_buckets {
            while key_idx < keys.len() && bucket_of(keys[key_idx].0, bucket_bits) < bucket {
                key_idx += 1;
            }
            bytes.extend_from_slice(&(key_idx as u32).to_le_bytes());
        }
        for start in &entry_starts {
            bytes.extend_from_slice(&start.to_le_bytes());
        }
        for (_, _, row) in &keys {
            bytes.extend_from_slice(&row.longer_names.to_le_bytes());
        }
        for (_, key, _) in &keys {
            let mut flags = 0u8;
            if self.never.contains(key) {
                flags |= KEY_NEVER;
            }
            if self.cue_only.contains(key) {
                flags |= KEY_CUE_ONLY;
            }
            bytes.push(flags);
        }
        for packed in &entries {
            bytes.extend_from_slice(&packed.to_le_bytes());
        }
        for (entry_idx, (offset, len)) in &exact {
            bytes.extend_from_slice(&entry_idx.to_le_bytes());
            bytes.extend_from_slice(&offset.to_le_bytes());
            bytes.extend_from_slice(&len.to_le_bytes());
        }
        bytes
    }
}

/// The bucket of a hash: its top `bucket_bits` bits.
pub fn bucket_of(hash: u64, bucket_bits: u32) -> usize {
    if bucket_bits == 0 {
        0
    } else {
        (hash >> (64 - bucket_bits)) as usize
    }
}

/// A record is `RECORD_LEN` bytes: kind `u8`, flags `u8`, country code
/// `[u8; 2]`, GeoNames id `u32` (0: none), name offset `u32` and length
/// `u16`, division name offset `u32` and length `u16` (length 0: none),
/// latitude and longitude `i32` in 1/10,000 of a degree, population `u64`,
/// capital's record index `u32` (`NONE_U32`: none).
fn write_record(bytes: &mut Vec<u8>, record: &RecordRow, idx_by_geonames_id: &HashMap<u32, u32>) {
    let start = bytes.len();
    bytes.push(record.kind);
    bytes.push(record.flags);
    bytes.extend_from_slice(&record.country);
    bytes.extend_from_slice(&record.geonames_id.to_le_bytes());
    bytes.extend_from_slice(&record.name.0.to_le_bytes());
    bytes.extend_from_slice(&record.name.1.to_le_bytes());
    bytes.extend_from_slice(&record.admin1.0.to_le_bytes());
    bytes.extend_from_slice(&record.admin1.1.to_le_bytes());
    bytes.extend_from_slice(&record.lat.to_le_bytes());
    bytes.extend_from_slice(&record.lon.to_le_bytes());
    bytes.extend_from_slice(&record.population.to_le_bytes());
    let capital = record
        .capital_geonames_id
        .and_then(|id| u32::try_from(id).ok())
        .and_then(|id| idx_by_geonames_id.get(&id).copied())
        .unwrap_or(NONE_U32);
    bytes.extend_from_slice(&capital.to_le_bytes());
    debug_assert_eq!(bytes.len() - start, RECORD_LEN);
}

/// Builds the index from the main table, the minor towns' table (both
/// `places.tsv`-shaped) and the stoplist.
pub fn build(places_tsv: &str, towns_tsv: &str, stoplist: &str) -> Vec<u8> {
    let mut builder = Builder::default();
    // The stoplist comes first: it decides which Cyrillic names get stem keys.
    builder.read_stoplist(stoplist);
    builder.read_table(places_tsv, false);
    builder.read_table(towns_tsv, true);
    builder.into_bytes()
}
