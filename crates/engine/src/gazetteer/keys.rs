//! How names become index keys. This file is compiled twice: into the
//! engine, which turns the words of a text into keys to look up, and into
//! the engine's build script (`build.rs`), which turns every name of the
//! gazetteer into keys when it builds the embedded index. Sharing the code is
//! what guarantees that both sides agree on every key.
#![allow(dead_code)]

/// The hash a normalised key is indexed under: XXH3, 64 bits. The index
/// keeps hashes, not key texts (see `index.rs`).
pub fn key_hash(key: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(key.as_bytes())
}

/// Russian and Ukrainian case endings of nouns and adjectives, lower case.
/// A Cyrillic name also matches a word when the two agree after either
/// loses one of these ("Москва"/"Москве" share "москв", "Болгария"/"Болгарии"
/// share "болгар", "Житомирська"/"Житомирської" share "житомирськ"). The
/// masculine genitive plural "-ов/-ев/-ів" is left out: it would cut
/// "Харьков" to "харьк". Adjective-forming "-ский/-ський" is left out too, so
/// "Киевский вокзал" does not become Kyiv.
#[cfg_attr(feature = "snowball-morphology", allow(dead_code))]
pub const CASE_ENDINGS: &[&str] = &[
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

/// A stem shorter than this (in letters) is not trusted: "Мали" and "Малые"
/// would otherwise share "мал".
pub const MIN_STEM_CHARS: usize = 4;

/// Marks a key made of stems, so stems never meet full names in the index.
pub const STEM_KEY_MARK: char = '~';

/// Cyrillic letters (the Russian and Ukrainian ones and the rest of the block).
pub fn is_cyrillic(character: char) -> bool {
    matches!(character, 'Ѐ'..='ӿ')
}

#[cfg_attr(feature = "snowball-morphology", allow(dead_code))]
pub fn is_cyrillic_vowel(character: char) -> bool {
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
pub fn stem_forms(word: &str) -> Vec<String> {
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
pub fn stem_forms(word: &str) -> Vec<String> {
    use snowball_stemmers_rs::{Algorithm, Stemmer};
    use std::sync::OnceLock;
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
pub fn stem_keys(key: &str) -> Vec<String> {
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

/// Lowercases `word` onto `out` without allocating. Most words are ASCII,
/// and the byte-wise path for them is several times faster than
/// `char::to_lowercase` (it was a quarter of the matching time).
pub fn push_lowercase(word: &str, out: &mut String) {
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
pub fn normalise_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    normalise_key_into(name, &mut key);
    key
}

pub fn normalise_key_into(name: &str, key: &mut String) {
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
pub fn is_word_char(character: char) -> bool {
    match character {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\u{0}'..='\u{7f}' | '×' | '÷' => false,
        'À'..='ɏ' | 'Ѐ'..='ԯ' => true,
        _ => character.is_alphanumeric(),
    }
}

/// The name of a division without its generic word: "Novosibirsk Oblast" →
/// "Novosibirsk", "Stavropol Kray" → "Stavropol", "Kyiv City" → "Kyiv".
pub fn division_base_name(name: &str) -> Option<&str> {
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
