//! Builds `data/places.tsv`, the gazetteer embedded in the engine, from a
//! GeoNames extract plus the hand-written `data/place_aliases.tsv`.
//!
//! The output is sorted and every number is printed with a fixed precision, so
//! rebuilding from the same inputs gives a byte-identical file and a reviewable
//! diff.

use anyhow::{bail, Context, Result};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufReader, Read, Write};
use std::path::Path;

/// Cities at or above this population are listed everywhere.
const MIN_POPULATION_WORLD: u64 = 40_000;
/// Our first users follow this region, so smaller towns there are listed too.
const FOCUS_COUNTRIES: [&str; 7] = ["RU", "UA", "BY", "GE", "KZ", "AM", "MD"];
const MIN_POPULATION_FOCUS: u64 = 15_000;
/// Alias caps keep the file small; the first forms kept are the likeliest
/// spellings in news (see `pick_latin_aliases`).
const MAX_LATIN_ALIASES: usize = 8;
const MAX_CYRILLIC_ALIASES: usize = 6;
/// Smaller towns (every other town of `cities1000`) go to `towns.tsv.gz`
/// with fewer names: the engine needs a cue and a confirming country to
/// name one (see `gazetteer.rs`), and they are nine towns in ten of the
/// table. Only towns in the focus region keep other spellings, because
/// Russian and Ukrainian news names their villages.
const MAX_MINOR_LATIN_ALIASES: usize = 2;
const MAX_MINOR_CYRILLIC_ALIASES: usize = 3;

/// The columns of `places.tsv`, written as its first line.
const HEADER: &str =
    "kind\tgeonames_id\tname\tcountry\tadmin1\tlat\tlon\tpopulation\tcapital\taliases\tdemonyms\talt_names";

/// One GeoNames populated place, as far as we use it.
struct City {
    geonames_id: u64,
    name: String,
    country: String,
    admin1_code: String,
    lat: f64,
    lon: f64,
    population: u64,
    alternate_names: Vec<String>,
}

/// One output row before it is printed.
struct Row {
    kind: &'static str,
    geonames_id: Option<u64>,
    name: String,
    country: String,
    admin1: String,
    lat: f64,
    lon: f64,
    population: u64,
    capital_id: Option<u64>,
    /// Names English news uses: hand-written ones and the name without diacritics.
    aliases: Vec<String>,
    demonyms: Vec<String>,
    /// GeoNames alternate names: other languages and old names, weaker evidence.
    alt_names: Vec<String>,
    /// A town below the listing thresholds, written to `towns.tsv.gz`.
    minor: bool,
}

impl Row {
    fn sort_key(&self) -> (u8, &str, &str, Option<u64>) {
        let kind_rank = match self.kind {
            "country" => 0,
            "admin1" => 1,
            _ => 2,
        };
        (kind_rank, &self.country, &self.name, self.geonames_id)
    }
}

/// Reads the GeoNames files and the hand aliases, writes `out_path`, and
/// returns a one-line summary for the terminal.
pub fn build(geonames_dir: &Path, aliases_path: &Path, out_path: &Path) -> Result<String> {
    let cities = read_cities(&geonames_dir.join("cities1000.json.gz"))?;
    let countries = read_json(&geonames_dir.join("countries.json"))?;
    let admin1_list = read_json(&geonames_dir.join("admin1.json"))?;

    let countries = countries
        .as_object()
        .context("countries.json: expected an object keyed by ISO code")?;
    let admin1_list = admin1_list
        .as_array()
        .context("admin1.json: expected a list")?;

    let mut admin1_names: HashMap<String, String> = HashMap::new();
    for entry in admin1_list {
        let code = entry["code"].as_str().context("admin1.json: code")?;
        let name = entry["name"].as_str().context("admin1.json: name")?;
        admin1_names.insert(code.to_string(), name.to_string());
    }

    let mut cities_by_country: HashMap<&str, Vec<&City>> = HashMap::new();
    for city in &cities {
        cities_by_country
            .entry(city.country.as_str())
            .or_default()
            .push(city);
    }

    let mut rows: Vec<Row> = Vec::new();
    let mut capital_ids: HashSet<u64> = HashSet::new();

    // Countries. GeoNames gives no centroid here, so the point is the
    // population-weighted mean of the country's towns: it lands where people
    // live, which is what a map of protests wants.
    for (iso, country) in countries {
        let Some(country_cities) = cities_by_country.get(iso.as_str()) else {
            // Antarctica, uninhabited islands and dissolved states have no towns
            // and so no point; the README lists them.
            continue;
        };
        let (lat, lon) = weighted_centre(country_cities);
        let capital_name = country["capital"].as_str().unwrap_or("");
        let capital = find_capital(country_cities, capital_name);
        if let Some(capital) = capital {
            capital_ids.insert(capital.geonames_id);
        }
        rows.push(Row {
            kind: "country",
            geonames_id: country["geonameid"].as_u64(),
            name: country["name"]
                .as_str()
                .context("country name")?
                .to_string(),
            country: iso.clone(),
            admin1: String::new(),
            lat,
            lon,
            population: country["population"].as_u64().unwrap_or(0),
            capital_id: capital.map(|city| city.geonames_id),
            aliases: Vec::new(),
            demonyms: Vec::new(),
            alt_names: Vec::new(),
            minor: false,
        });
    }

    // First-level divisions: the point is their most populous town and the
    // population the sum of their listed towns (both derived, see README).
    let mut cities_by_admin1: HashMap<String, Vec<&City>> = HashMap::new();
    for city in &cities {
        cities_by_admin1
            .entry(format!("{}.{}", city.country, city.admin1_code))
            .or_default()
            .push(city);
    }
    for (code, name) in &admin1_names {
        let Some(division_cities) = cities_by_admin1.get(code) else {
            continue;
        };
        let largest = division_cities
            .iter()
            .max_by_key(|city| (city.population, std::cmp::Reverse(city.geonames_id)))
            .context("non-empty")?;
        let country = code.split('.').next().unwrap_or("").to_string();
        rows.push(Row {
            kind: "admin1",
            geonames_id: None,
            name: name.clone(),
            country,
            admin1: name.clone(),
            lat: largest.lat,
            lon: largest.lon,
            population: division_cities.iter().map(|city| city.population).sum(),
            capital_id: None,
            aliases: fold_latin(name).into_iter().collect(),
            demonyms: Vec::new(),
            alt_names: Vec::new(),
            minor: false,
        });
    }

    // An alternate name that is the main name of another real town ("Venice"
    // listed for Dayton, "Petersburg" for Saint Petersburg) would only mislead.
    let town_names: HashMap<&str, Vec<u64>> = cities
        .iter()
        .filter(|city| city.population >= MIN_POPULATION_FOCUS)
        .fold(HashMap::new(), |mut names, city| {
            names
                .entry(city.name.as_str())
                .or_default()
                .push(city.geonames_id);
            names
        });

    // Cities.
    for city in &cities {
        let in_focus = FOCUS_COUNTRIES.contains(&city.country.as_str());
        let listed = city.population >= MIN_POPULATION_WORLD
            || capital_ids.contains(&city.geonames_id)
            || (in_focus && city.population >= MIN_POPULATION_FOCUS);
        let minor = !listed;
        let (max_latin, max_cyrillic) = match (minor, in_focus) {
            (false, _) => (MAX_LATIN_ALIASES, MAX_CYRILLIC_ALIASES),
            (true, true) => (MAX_MINOR_LATIN_ALIASES, MAX_MINOR_CYRILLIC_ALIASES),
            (true, false) => (0, 0),
        };
        let admin1 = admin1_names
            .get(&format!("{}.{}", city.country, city.admin1_code))
            .cloned()
            .unwrap_or_default();
        let aliases: Vec<String> = fold_latin(&city.name).into_iter().collect();
        let mut alt_names: Vec<String> = Vec::new();
        for alt_name in pick_latin_aliases(&city.name, &city.alternate_names)
            .into_iter()
            .take(max_latin)
        {
            let names_other_town = town_names
                .get(alt_name.as_str())
                .is_some_and(|ids| ids.iter().any(|id| *id != city.geonames_id));
            if !aliases.contains(&alt_name) && !names_other_town {
                alt_names.push(alt_name);
            }
        }
        alt_names.extend(
            pick_cyrillic_aliases(&city.alternate_names)
                .into_iter()
                .take(max_cyrillic),
        );
        rows.push(Row {
            kind: "city",
            geonames_id: Some(city.geonames_id),
            name: city.name.clone(),
            country: city.country.clone(),
            admin1,
            lat: city.lat,
            lon: city.lon,
            population: city.population,
            capital_id: None,
            aliases,
            demonyms: Vec::new(),
            alt_names,
            minor,
        });
    }

    let n_hand = merge_hand_aliases(&mut rows, aliases_path, true)?;
    // Russian and Ukrainian country names generated from ISO 3166-1
    // translations (data/tools/country_names.py); a country the build leaves
    // out (Antarctica) is skipped there, not an error.
    let generated = aliases_path.with_file_name("country_names_ruuk.tsv");
    let n_generated = if generated.exists() {
        merge_hand_aliases(&mut rows, &generated, false)?
    } else {
        0
    };

    rows.sort_by(|left, right| left.sort_key().cmp(&right.sort_key()));
    let mut out = String::with_capacity(3 << 20);
    out.push_str(HEADER);
    out.push('\n');
    let mut towns = out.clone();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &rows {
        let (kind_count, table) = if row.minor {
            ("town", &mut towns)
        } else {
            (row.kind, &mut out)
        };
        *counts.entry(kind_count).or_default() += 1;
        let _ = writeln!(
            table,
            "{}\t{}\t{}\t{}\t{}\t{:.4}\t{:.4}\t{}\t{}\t{}\t{}\t{}",
            row.kind,
            row.geonames_id.map(|id| id.to_string()).unwrap_or_default(),
            row.name,
            row.country,
            row.admin1,
            row.lat,
            row.lon,
            row.population,
            row.capital_id.map(|id| id.to_string()).unwrap_or_default(),
            row.aliases.join("|"),
            row.demonyms.join("|"),
            row.alt_names.join("|"),
        );
    }
    std::fs::write(out_path, &out).with_context(|| format!("writing {}", out_path.display()))?;
    // Gzip with a zero mtime and no file name in the header, so the same
    // table always gives the same bytes.
    let towns_path = out_path.with_file_name("towns.tsv.gz");
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(towns.as_bytes())?;
    let towns_gz = encoder.finish()?;
    std::fs::write(&towns_path, &towns_gz)
        .with_context(|| format!("writing {}", towns_path.display()))?;
    Ok(format!(
        "wrote {} ({} bytes) and {} ({} bytes gzipped): {:?}, {} hand-written alias lines and {} generated country-name lines merged",
        out_path.display(),
        out.len(),
        towns_path.display(),
        towns_gz.len(),
        counts,
        n_hand,
        n_generated
    ))
}

fn read_json(path: &Path) -> Result<Value> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    serde_json::from_reader(BufReader::new(file))
        .with_context(|| format!("parsing {}", path.display()))
}

fn read_cities(path: &Path) -> Result<Vec<City>> {
    let file = File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let mut text = String::new();
    GzDecoder::new(BufReader::new(file))
        .read_to_string(&mut text)
        .with_context(|| format!("decompressing {}", path.display()))?;
    let parsed: Value =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
    let object = parsed
        .as_object()
        .context("cities1000: expected an object keyed by geonameid")?;
    let mut cities = Vec::with_capacity(object.len());
    for value in object.values() {
        let alternate_names = value["alternatenames"]
            .as_array()
            .map(|names| {
                names
                    .iter()
                    .filter_map(|name| name.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        cities.push(City {
            geonames_id: value["geonameid"].as_u64().context("geonameid")?,
            name: value["name"].as_str().context("name")?.to_string(),
            country: value["countrycode"].as_str().unwrap_or("").to_string(),
            admin1_code: value["admin1code"].as_str().unwrap_or("").to_string(),
            lat: value["latitude"].as_f64().context("latitude")?,
            lon: value["longitude"].as_f64().context("longitude")?,
            population: value["population"].as_u64().unwrap_or(0),
            alternate_names,
        });
    }
    // The JSON object's order is not something to rely on.
    cities.sort_by_key(|city| city.geonames_id);
    Ok(cities)
}

/// Population-weighted mean position, averaged as unit vectors so that a
/// country across the 180th meridian (Fiji, Russia's far east) does not land
/// on the other side of the globe.
fn weighted_centre(cities: &[&City]) -> (f64, f64) {
    let total: u64 = cities.iter().map(|city| city.population).sum();
    let (mut x, mut y, mut z) = (0.0f64, 0.0f64, 0.0f64);
    for city in cities {
        // With no population figures at all, every town counts the same.
        let weight = if total == 0 {
            1.0
        } else {
            city.population as f64
        };
        let (lat, lon) = (city.lat.to_radians(), city.lon.to_radians());
        x += weight * lat.cos() * lon.cos();
        y += weight * lat.cos() * lon.sin();
        z += weight * lat.sin();
    }
    let lon = y.atan2(x).to_degrees();
    let lat = z.atan2((x * x + y * y).sqrt()).to_degrees();
    (lat, lon)
}

/// The country's capital: the most populous town whose name or an alternate
/// name equals the capital named in `countries.json`.
fn find_capital<'a>(cities: &[&'a City], capital_name: &str) -> Option<&'a City> {
    if capital_name.is_empty() {
        return None;
    }
    let by_name = cities
        .iter()
        .filter(|city| city.name == capital_name)
        .max_by_key(|city| city.population);
    by_name
        .or_else(|| {
            cities
                .iter()
                .filter(|city| city.alternate_names.iter().any(|alt| alt == capital_name))
                .max_by_key(|city| city.population)
        })
        .copied()
}

/// Latin forms worth matching in English text: plain ASCII, capitalised, at
/// least three letters and not an all-capitals code (airport codes like "MOW"
/// would match acronyms). Forms that start like the main name come first,
/// because those are the transliteration variants news uses ("Kiev",
/// "Kharkov"); then shorter before longer.
fn pick_latin_aliases(name: &str, alternate_names: &[String]) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::new();
    seen.insert(name.to_lowercase());
    let first_letter = name.chars().next();
    let mut candidates: Vec<&String> = alternate_names
        .iter()
        .filter(|alt| {
            alt.is_ascii()
                && alt.chars().count() >= 3
                && alt.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && alt.chars().any(|c| c.is_ascii_lowercase())
                && alt
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || " -'.".contains(c))
        })
        .collect();
    candidates.sort_by_key(|alt| {
        (
            alt.chars().next() != first_letter,
            alt.len().abs_diff(name.len()),
            alt.as_str(),
        )
    });
    let mut picked = Vec::new();
    for alt in candidates {
        if picked.len() == MAX_LATIN_ALIASES {
            break;
        }
        if seen.insert(alt.to_lowercase()) {
            picked.push(alt.clone());
        }
    }
    picked
}

/// Latin letters with diacritics and their plain forms. English news often
/// drops the marks ("Nis" for "Niš", "Bogota"), so the plain form of every
/// name is listed as an alias.
const FOLDS: [(&str, &str); 47] = [
    ("àáâãäåāăą", "a"),
    ("ÀÁÂÃÄÅĀĂĄ", "A"),
    ("çćĉċč", "c"),
    ("ÇĆĈĊČ", "C"),
    ("ďđ", "d"),
    ("ĎĐ", "D"),
    ("èéêëēĕėęěǝə", "e"),
    ("ÈÉÊËĒĔĖĘĚƏ", "E"),
    ("ĝğġģ", "g"),
    ("ĜĞĠĢ", "G"),
    ("ĥħ", "h"),
    ("ĤĦ", "H"),
    ("ìíîïĩīĭįı", "i"),
    ("ÌÍÎÏĨĪĬĮİ", "I"),
    ("ĵ", "j"),
    ("ķ", "k"),
    ("Ķ", "K"),
    ("ĺļľŀł", "l"),
    ("ĹĻĽĿŁ", "L"),
    ("ñńņň", "n"),
    ("ÑŃŅŇ", "N"),
    ("òóôõöøōŏő", "o"),
    ("ÒÓÔÕÖØŌŎŐ", "O"),
    ("ŕŗř", "r"),
    ("ŔŖŘ", "R"),
    ("śŝşšș", "s"),
    ("ŚŜŞŠȘ", "S"),
    ("ţťŧț", "t"),
    ("ŢŤŦȚ", "T"),
    ("ùúûüũūŭůűų", "u"),
    ("ÙÚÛÜŨŪŬŮŰŲ", "U"),
    ("ŵ", "w"),
    ("Ŵ", "W"),
    ("ýÿŷ", "y"),
    ("ÝŸŶ", "Y"),
    ("źżž", "z"),
    ("ŹŻŽ", "Z"),
    ("ß", "ss"),
    ("æ", "ae"),
    ("Æ", "Ae"),
    ("œ", "oe"),
    ("Œ", "Oe"),
    ("ð", "d"),
    ("Ð", "D"),
    ("þ", "th"),
    ("Þ", "Th"),
    ("ʼ’‘", "'"),
];

/// The name with Latin diacritics removed, when that changes it and leaves
/// plain ASCII (names in other scripts are left alone).
fn fold_latin(name: &str) -> Option<String> {
    let mut folded = String::with_capacity(name.len());
    for character in name.chars() {
        match FOLDS.iter().find(|(marked, _)| marked.contains(character)) {
            Some((_, plain)) => folded.push_str(plain),
            None => folded.push(character),
        }
    }
    (folded != name && folded.is_ascii()).then_some(folded)
}

/// Is this a letter of the Russian or Ukrainian alphabet (the forms the
/// Russian/Ukrainian extractors will need)? Other Cyrillic alphabets
/// (Serbian, Kazakh, Tatar …) are left out to keep the file small.
fn is_ru_uk_letter(c: char) -> bool {
    matches!(
        c,
        'А'..='я' | 'Ё' | 'ё' | 'І' | 'і' | 'Ї' | 'ї' | 'Є' | 'є' | 'Ґ' | 'ґ'
    )
}

fn pick_cyrillic_aliases(alternate_names: &[String]) -> Vec<String> {
    let mut seen: HashSet<String> = HashSet::new();
    let mut picked = Vec::new();
    for alt in alternate_names {
        if picked.len() == MAX_CYRILLIC_ALIASES {
            break;
        }
        let well_formed = alt.chars().count() >= 3
            && alt
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() && is_ru_uk_letter(c))
            && alt
                .chars()
                .all(|c| is_ru_uk_letter(c) || " -'’".contains(c));
        if well_formed && seen.insert(alt.to_lowercase()) {
            picked.push(alt.clone());
        }
    }
    picked
}

/// Merges `place_aliases.tsv` (kind, country, name, alias|demonym, forms) into
/// the rows. A line naming a place that is not in the output is an error, so
/// the hand file cannot silently rot when GeoNames renames something.
fn merge_hand_aliases(rows: &mut [Row], aliases_path: &Path, strict: bool) -> Result<usize> {
    let text = std::fs::read_to_string(aliases_path)
        .with_context(|| format!("reading {}", aliases_path.display()))?;
    let mut n_lines = 0;
    for (line_idx, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [kind, country, name, alias_type, forms] = fields[..] else {
            bail!(
                "{}:{}: expected 5 tab-separated fields",
                aliases_path.display(),
                line_idx + 1
            );
        };
        // Several rows can share kind, country and name (two Washingtons); the
        // most populous is the one news means.
        let target = rows
            .iter_mut()
            .filter(|row| row.kind == kind && row.country == country && row.name == name)
            .max_by_key(|row| row.population);
        let target = match target {
            Some(target) => target,
            None if !strict => continue,
            None => bail!(
                "{}:{}: no {kind} named {name} in {country}",
                aliases_path.display(),
                line_idx + 1
            ),
        };
        let list = match alias_type {
            "alias" => &mut target.aliases,
            "demonym" => &mut target.demonyms,
            other => bail!(
                "{}:{}: type must be alias or demonym, not {other}",
                aliases_path.display(),
                line_idx + 1
            ),
        };
        let mut new_forms: Vec<String> = Vec::new();
        for form in forms
            .split('|')
            .map(str::trim)
            .filter(|form| !form.is_empty())
        {
            let known = list.iter().chain(&new_forms).any(|known| known == form);
            if !known && form != target.name {
                new_forms.push(form.to_string());
            }
        }
        // Hand forms go first: they are the ones we know news uses.
        list.splice(0..0, new_forms);
        let (aliases, alt_names) = (&target.aliases, &mut target.alt_names);
        alt_names.retain(|alt_name| !aliases.contains(alt_name));
        n_lines += 1;
    }
    Ok(n_lines)
}
