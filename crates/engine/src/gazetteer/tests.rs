//! Table-driven tests of the gazetteer: sentences written for these tests, and
//! the mentions each must yield. Every GeoNames id below was checked by hand
//! against `cities1000.json` / `countries.json` of the GeoNames extract.

use super::*;

/// Formats mentions as `surface => Name/CC/geonames_id/via[/cue]`, one per
/// mention, so a failing case shows everything that was found.
fn describe(text: &str) -> Vec<String> {
    Gazetteer::builtin()
        .find_mentions(text)
        .iter()
        .map(|mention| {
            assert_eq!(&text[mention.span[0]..mention.span[1]], mention.text);
            let id = mention
                .record
                .geonames_id
                .map(|id| id.to_string())
                .unwrap_or_else(|| "-".to_string());
            let cue = mention
                .cue
                .as_deref()
                .map(|cue| format!(" [{cue}]"))
                .unwrap_or_default();
            format!(
                "{} => {}/{}/{}/{:?}{cue}",
                mention.text, mention.record.name, mention.record.country, id, mention.via
            )
        })
        .collect()
}

/// Checks every case of a table and reports all failures at once.
fn check_cases(cases: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let found = describe(text);
        if found != *expected {
            failures.push(format!(
                "{text}\n  expected {expected:?}\n  found    {found:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn mentions_in_english_sentences() {
    // (sentence, expected mentions in text order)
    let cases: &[(&str, &[&str])] = &[
        (
            "On November 7 in Moscow, two dozen women held a picket.",
            &["Moscow => Moscow/RU/524901/Name [in]"],
        ),
        (
            "A similar picket took place in Novosibirsk.",
            &["Novosibirsk => Novosibirsk/RU/1496747/Name [in]"],
        ),
        (
            "Protesters in the Kenyan city of Kisumu blocked roads.",
            &[
                "Kenyan => Kenya/KE/192950/Demonym [in]",
                "Kisumu => Kisumu/KE/191245/Name [city of]",
            ],
        ),
        (
            "Thousands rallied in the Serbian capital on Saturday.",
            &["Serbian capital => Belgrade/RS/792680/Capital [in]"],
        ),
        (
            "Students marched in the capital of Serbia.",
            &["Serbia => Belgrade/RS/792680/Capital [capital of]"],
        ),
        (
            "Rallies were held in Kiev and Kharkov.",
            &[
                "Kiev => Kyiv/UA/703448/Alias [in]",
                "Kharkov => Kharkiv/UA/706483/Alias",
            ],
        ),
        ("Reading the statement, he said nothing new.", &[]),
        (
            "The strike began in Reading on Monday.",
            &["Reading => Reading/GB/2639577/Name [in]"],
        ),
        (
            "Similar pickets were reported in several more cities of Russia.",
            &["Russia => Russia/RU/2017370/Name [cities of]"],
        ),
        (
            // With cities of 40,000 listed, York, Pennsylvania competes with
            // York, England; "New York" makes the text about the US.
            "Marchers crossed New York and then York.",
            &[
                "New York => New York City/US/5128581/Alias",
                "York => York/US/4562407/Name",
            ],
        ),
        (
            "Relatives gathered in St. Petersburg and St Petersburg and Saint Petersburg.",
            &[
                "St. Petersburg => Saint Petersburg/RU/498817/Alias [in]",
                "St Petersburg => Saint Petersburg/RU/498817/Alias",
                "Saint Petersburg => Saint Petersburg/RU/498817/Name",
            ],
        ),
        (
            "Officials in Washington declined to comment.",
            &["Washington => Washington/US/4140963/Name [in]"],
        ),
        (
            "A rally in Washington, D.C. drew hundreds.",
            &["Washington, D.C. => Washington/US/4140963/Alias [in]"],
        ),
        ("They will march in may, or perhaps in march.", &[]),
        ("Protests resumed in March and May.", &[]),
        (
            "The U.S. and the UK condemned the arrests; us too.",
            &[
                "U.S. => United States/US/6252001/Alias",
                "UK => United Kingdom/GB/2635167/Alias",
            ],
        ),
        (
            "Police detained activists in the Kharkiv Oblast and in Kharkiv.",
            &[
                "Kharkiv Oblast => Kharkiv/UA/-/Name [in]",
                "Kharkiv => Kharkiv/UA/706483/Name [in]",
            ],
        ),
        (
            "Pickets in the Novosibirsk region and Novosibirsk Oblast.",
            &[
                "Novosibirsk region => Novosibirsk Oblast/RU/-/Alias [in]",
                "Novosibirsk Oblast => Novosibirsk Oblast/RU/-/Name",
            ],
        ),
        (
            // The square is a venue of its city; the poet is no town.
            "A crowd gathered on Pushkin Square, recalling Alexander Pushkin.",
            &["Pushkin Square => Moscow/RU/524901/Alias"],
        ),
        (
            "Students held a vigil in Syntagma Square; others crossed Independence Square.",
            &["Syntagma Square => Athens/GR/264371/Alias [in]"],
        ),
        (
            "Residents of Bogotá and Zürich joined.",
            &[
                "Bogotá => Bogotá/CO/3688689/Name",
                "Zürich => Zürich/CH/2657896/Name",
            ],
        ),
        (
            "It was Nice to see the Split vote in Bath.",
            &["Bath => Bath/GB/2656173/Name [in]"],
        ),
        (
            "Акция прошла в Москве и в городе Москва.",
            &[
                "Москве => Moscow/RU/524901/Alias [в]",
                "Москва => Moscow/RU/524901/Alias [городе]",
            ],
        ),
        (
            "Russians and Ukrainians protested in Odessa and Lvov.",
            &[
                "Russians => Russia/RU/2017370/Demonym",
                "Ukrainians => Ukraine/UA/690791/Demonym",
                "Odessa => Odesa/UA/698740/Alias [in]",
                "Lvov => Lviv/UA/702550/Alias",
            ],
        ),
        // Given names that are also towns need a cue; a capitalised word
        // before a name makes it a person's.
        ("Vladimir Putin said the rallies were illegal.", &[]),
        (
            "Relatives picketed in Vladimir.",
            &["Vladimir => Vladimir/RU/473247/Name [in]"],
        ),
        ("Critics of President Andrew Jackson rallied.", &[]),
        // Short all-capital words are acronyms unless the form is one.
        ("The URI and the ITU published rules.", &[]),
        // GeoNames alternate names need a strong cue in Latin script.
        (
            "Moskau reacted; a picket was held in Moskau.",
            &["Moskau => Moscow/RU/524901/Alias [in]"],
        ),
        ("A statement from the White House followed.", &[]),
        // Headlines in capitals still match.
        (
            "PROTEST IN MOSCOW",
            &["MOSCOW => Moscow/RU/524901/Name [in]"],
        ),
        // A division elsewhere beats a small town of the same name, and a
        // country's own name beats everything.
        (
            "Voters in Virginia and Jamaica.",
            &[
                "Virginia => Virginia/US/-/Name [in]",
                "Jamaica => Jamaica/JM/3489940/Name",
            ],
        ),
        // The nearest unambiguous mention settles a shared alias: Niš, not Nice.
        (
            "Paris and Paris again; students in Novi Sad and Nis marched.",
            &[
                "Paris => Paris/FR/2988507/Name",
                "Paris => Paris/FR/2988507/Name",
                "Novi Sad => Novi Sad/RS/3194360/Name [in]",
                "Nis => Niš/RS/787657/Alias",
            ],
        ),
    ];
    check_cases(cases);
}

#[test]
fn city_region_pairs() {
    // Paris, Texas has 24,782 people: a minor town, which the region after
    // it confirms. Alone, "Paris" is France's capital.
    let paris_readings = Gazetteer::builtin().lookup("Paris");
    assert_eq!(paris_readings[0].country, "FR");
    assert!(paris_readings.iter().any(|record| record.country == "US"));
    assert_eq!(
        describe("A small rally in Paris, Texas."),
        [
            "Paris => Paris/US/4717560/Name [in]",
            "Texas => Texas/US/-/Name"
        ]
    );
    // A town that is in neither table stays unnamed rather than resolved
    // elsewhere: the region alone is kept.
    assert_eq!(
        describe("A small rally in Zzyzxville, Texas."),
        ["Texas => Texas/US/-/Name"]
    );
    // Each Portland is the one in the region named after it (Portland,
    // Maine has 66,000 people, listed since the floor is 40,000).
    assert_eq!(
        describe("Marches in Portland, Maine and Portland, Oregon."),
        [
            "Portland => Portland/US/4975802/Name [in]",
            "Maine => Maine/US/-/Name",
            "Portland => Portland/US/5746545/Name",
            "Oregon => Oregon/US/-/Name",
        ]
    );
    // A list of cities is not a pair.
    assert_eq!(
        describe("Pickets in Novosibirsk, Moscow and Kazan."),
        [
            "Novosibirsk => Novosibirsk/RU/1496747/Name [in]",
            "Moscow => Moscow/RU/524901/Name",
            "Kazan => Kazan/RU/551487/Name",
        ]
    );
}

#[test]
fn context_countries_settle_ambiguous_names() {
    // Without context Georgia is the country; next to Atlanta it is the state.
    assert_eq!(
        describe("Protests in Georgia."),
        ["Georgia => Georgia/GE/614540/Name [in]"]
    );
    assert_eq!(
        describe("Protests in Atlanta, Georgia."),
        [
            "Atlanta => Atlanta/US/4180439/Name [in]",
            "Georgia => Georgia/US/-/Name"
        ]
    );
}

#[test]
fn lookup_and_same_place() {
    let gazetteer = Gazetteer::builtin();
    let cases: &[(&str, &str, bool)] = &[
        ("Kiev", "Kyiv", true),
        ("Москва", "Moscow", true),
        ("KHARKOV", "Харків", true),
        ("St. Petersburg", "Leningrad", true),
        ("Moscow", "Kyiv", false),
        ("Nowhere-on-Sea", "Nowhere-on-Sea", false),
    ];
    for (name_a, name_b, expected) in cases {
        assert_eq!(
            gazetteer.same_place(name_a, name_b),
            *expected,
            "{name_a} / {name_b}"
        );
    }
    assert_eq!(gazetteer.lookup("odessa")[0].geonames_id, Some(698740));
    assert!(gazetteer.lookup("no such place").is_empty());
}

#[test]
fn to_value_fills_the_contract() {
    let text = "On November 7 in Moscow, two dozen women gathered.";
    let mention = &Gazetteer::builtin().find_mentions(text)[0];
    let value = mention.record.to_value(text, mention.span);
    assert_eq!(value.text, "Moscow");
    assert_eq!(value.span, [17, 23]);
    assert_eq!(value.geonames_id, Some(524901));
    assert_eq!(value.country.as_deref(), Some("RU"));
    assert_eq!(value.admin1.as_deref(), Some("Moscow"));
    assert_eq!(value.precision, PlacePrecision::City);
    assert!(
        (value.lat.unwrap() - 55.752).abs() < 0.01 && (value.lon.unwrap() - 37.618).abs() < 0.01
    );
    assert_eq!(value.derived_from, None);
}

#[test]
fn embedded_table_is_complete() {
    let gazetteer = Gazetteer::builtin();
    let count = |kind| {
        gazetteer
            .records
            .iter()
            .filter(|record| record.kind == kind)
            .count()
    };
    assert!(count(PlacePrecision::Country) > 240);
    assert!(count(PlacePrecision::Admin1) > 3_500);
    assert!(count(PlacePrecision::City) > 7_000);
    // Every country with a capital in the table points at a city of its own.
    for (record, capital) in gazetteer.records.iter().zip(&gazetteer.capitals) {
        if let Some(capital_idx) = capital {
            let capital = &gazetteer.records[*capital_idx as usize];
            assert_eq!(
                (capital.kind, &capital.country),
                (PlacePrecision::City, &record.country)
            );
        }
    }
    // Names are indexed by hash alone: none may share one (the build
    // counts names dropped for a hash already taken), and no row of the
    // tables was malformed.
    assert_eq!(gazetteer.header.n_collisions, 0);
    assert_eq!(gazetteer.header.n_bad_rows, 0);
    assert!(gazetteer.header.n_keys > 300_000, "{:?}", gazetteer.header);
    // Every town of `cities1000` is in: the main table and the minor towns.
    assert!(
        gazetteer.records.len() > 170_000,
        "{}",
        gazetteer.records.len()
    );
    // At least 80 countries have a demonym.
    let n_with_demonym = (0..gazetteer.header.n_keys as usize)
        .flat_map(|key_idx| gazetteer.entries_of(gazetteer.key_at(key_idx)))
        .filter(|entry| entry.via == MentionVia::Demonym)
        .map(|entry| entry.record_idx)
        .collect::<HashSet<_>>()
        .len();
    assert!(n_with_demonym >= 80, "{n_with_demonym}");
}

#[test]
fn odd_input_does_not_panic() {
    let gazetteer = Gazetteer::builtin();
    for text in [
        "",
        " ",
        ".",
        "Ё",
        "St.",
        "U.S",
        "Moscow",
        "«Москва»",
        "in\u{0301}Kyiv",
        "Kyiv\u{0}Lviv",
    ] {
        let mentions = gazetteer.find_mentions(text);
        for mention in mentions {
            assert!(
                text.is_char_boundary(mention.span[0]) && text.is_char_boundary(mention.span[1])
            );
        }
    }
}

/// Russian and Ukrainian sentences: inflected names found through their
/// stems, Cyrillic cues, and words that must not become places. GeoNames ids
/// checked by hand against `cities1000.json` / `countries.json`.
#[test]
fn mentions_in_russian_and_ukrainian_sentences() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Вчера в Москве прошёл митинг.",
            &["Москве => Moscow/RU/524901/Alias [в]"],
        ),
        (
            "Активисты приехали из Москвы.",
            &["Москвы => Moscow/RU/524901/Alias [из]"],
        ),
        (
            "Протест у Києві зібрав сотні людей.",
            &["Києві => Kyiv/UA/703448/Alias [у]"],
        ),
        (
            "Колона рушила до Києва вранці.",
            &["Києва => Kyiv/UA/703448/Alias [до]"],
        ),
        (
            // A venue, inflected, names its city.
            "Рядом с перекрытой полицией Манежной площадью прошёл сход.",
            &["Манежной площадью => Moscow/RU/524901/Alias"],
        ),
        (
            "Люди вийшли на Майдан Незалежності.",
            &["Майдан Незалежності => Kyiv/UA/703448/Alias [на]"],
        ),
        (
            // Country names from the ISO 3166-1 translations, inflected; a
            // country name that is a common word needs a cue.
            "Того же дня протесты прошли в Тунисе, Боливии и во Вьетнаме, а также в Того.",
            &[
                "Тунисе => Tunisia/TN/2464461/Alias [в]",
                "Боливии => Bolivia/BO/3923057/Alias [в]",
                "Вьетнаме => Vietnam/VN/1562822/Alias [во]",
                "Того => Togo/TG/2363686/Alias [в]",
            ],
        ),
        (
            "Мали місце протести у Малі та в Гвінеї.",
            &[
                "Малі => Mali/ML/2453866/Alias [у]",
                "Гвінеї => Guinea/GN/2420477/Alias [в]",
            ],
        ),
        (
            "Пикет прошёл в Новосибирске.",
            &["Новосибирске => Novosibirsk/RU/1496747/Alias [в]"],
        ),
        (
            "Студенти зі Львова вийшли на акцію.",
            &["Львова => Lviv/UA/702550/Alias [зі]"],
        ),
        (
            "Во Харькове полиция задержала двоих.",
            &["Харькове => Kharkiv/UA/706483/Alias [во]"],
        ),
        (
            "Мітинг у Харкові закінчився мирно.",
            &["Харкові => Kharkiv/UA/706483/Alias [у]"],
        ),
        (
            "Акция прошла в Санкт-Петербурге и в Петербурге снова.",
            &[
                "Санкт-Петербурге => Saint Petersburg/RU/498817/Alias [в]",
                "Петербурге => Saint Petersburg/RU/498817/Alias [в]",
            ],
        ),
        (
            "Жители Нижнем Новгороде вышли на пикет.",
            &["Нижнем Новгороде => Nizhniy Novgorod/RU/520555/Alias"],
        ),
        (
            "Пожежа сталася у Житомирської області.",
            &["Житомирської області => Zhytomyr Oblast/UA/-/Alias [у]"],
        ),
        (
            "Жители Ивановской области протестуют.",
            &["Ивановской области => Ivanovo Oblast/RU/-/Alias"],
        ),
        (
            "Сбор подписей в Київській області продолжается.",
            &["Київській області => Kyiv Oblast/UA/-/Alias [в]"],
        ),
        (
            "Забастовка в Московской области.",
            &["Московской области => Moscow Oblast/RU/-/Alias [в]"],
        ),
        (
            "Демонстрация в Болгарии собрала тысячи.",
            &["Болгарии => Bulgaria/BG/732800/Alias [в]"],
        ),
        (
            "Посол Грузии сделал заявление.",
            &["Грузии => Georgia/GE/614540/Alias"],
        ),
        (
            "Протести у Грузії тривають.",
            &["Грузії => Georgia/GE/614540/Alias [у]"],
        ),
        (
            "Делегация из Германии и США прибыла.",
            &[
                "Германии => Germany/DE/2921044/Alias [из]",
                "США => United States/US/6252001/Alias [из]",
            ],
        ),
        (
            "Акція пройшла в Тбілісі та в Тбилиси.",
            &[
                "Тбілісі => Tbilisi/GE/611717/Alias [в]",
                "Тбилиси => Tbilisi/GE/611717/Alias [в]",
            ],
        ),
        (
            "Рыбаки из Астрахани вышли на пикет.",
            &["Астрахани => Astrakhan/RU/580497/Alias [из]"],
        ),
        (
            "Посольство в Вашингтоне молчит.",
            &["Вашингтоне => Washington/US/4140963/Alias [в]"],
        ),
        (
            "В Софии и Варне прошли акции.",
            &[
                "Софии => Sofia/BG/727011/Alias [в]",
                "Варне => Varna/BG/726050/Alias [в]",
            ],
        ),
        // A surname that looks like a city after a first name.
        ("Об этом сказал Иван Москвин.", &[]),
        ("Эксперт Иван Москвина не комментирует.", &[]),
        // A common word that is a place name, in lower case.
        ("Они говорили про мир и москву.", &[]),
        // A street named after a person, not the town Pushkin.
        ("Пикет прошёл на улице Пушкина.", &[]),
        // A city district named like a town elsewhere.
        ("Депутат собрания района Отрадное задержан.", &[]),
        // A given name and surname, not the town the first name spells.
        ("Среди задержанных оказался Лев Пономарев.", &[]),
        // A surname read once after a given name stays a person later on,
        // unless a preposition makes it a place again.
        (
            "Премьер Бойко Борисов выступил в парламенте. «Хватит», — заявил Борисов.",
            &[],
        ),
        (
            "Премьер Бойко Борисов выступил. Митинг прошёл в Борисове.",
            &["Борисове => Barysaw/BY/630376/Alias [в]"],
        ),
        // "на улицы" is plural: the streets of the town, which stands.
        (
            "Сотни человек вышли на улицы Тбилиси.",
            &["Тбилиси => Tbilisi/GE/611717/Alias"],
        ),
        // An adjective before a capitalised noun is not a town.
        (
            "Активисты из Северной Италии приехали.",
            &["Италии => Italy/IT/3175395/Alias"],
        ),
        // The English reading is unchanged by the Cyrillic cues.
        (
            "Рекламу показали в Moscow и в Лондоне.",
            &[
                "Moscow => Moscow/RU/524901/Name [в]",
                "Лондоне => London/GB/2643743/Alias [в]",
            ],
        ),
    ];
    check_cases(cases);
}

#[test]
fn the_outlet_country_settles_close_calls_only() {
    // Brest, Belarus (347,138) and Brest, France (144,899) are of one order
    // of population: a French outlet means its own. Boston, Massachusetts
    // (653,833) stays ahead of Boston, Lincolnshire (45,339) even for a
    // British outlet.
    let country_in = |text: &str, url: Option<&str>| -> Vec<String> {
        let options = MentionOptions {
            home_country: url.and_then(country_of_url),
            ..MentionOptions::default()
        };
        Gazetteer::builtin()
            .find_mentions_with(text, &options)
            .into_iter()
            .map(|mention| format!("{} {}", mention.text, mention.record.country))
            .collect()
    };
    let text = "Dockers marched in Brest while students rallied in Boston.";
    assert_eq!(country_in(text, None), ["Brest BY", "Boston US"]);
    assert_eq!(
        country_in(text, Some("https://www.ouest-france.fr/bretagne/brest/")),
        ["Brest FR", "Boston US"]
    );
    assert_eq!(
        country_in(text, Some("https://www.bbc.co.uk/news/uk-1")),
        ["Brest BY", "Boston US"]
    );
    // A ".tv" or ".io" site says nothing of its country.
    assert_eq!(country_of_url("https://protest.tv/brest"), None);
    assert_eq!(country_of_url("not a url"), None);
}

#[test]
fn candidates_come_best_first_with_their_signals() {
    let options = MentionOptions {
        with_candidates: true,
        ..MentionOptions::default()
    };
    let mentions = Gazetteer::builtin()
        .find_mentions_with("Rallies in France: dockers marched in Brest.", &options);
    let summary: Vec<(String, Vec<(String, u32)>)> = mentions
        .iter()
        .map(|mention| {
            (
                mention.text.clone(),
                mention
                    .candidates
                    .iter()
                    .map(|candidate| {
                        (
                            candidate.record.country.to_string(),
                            candidate.country_votes,
                        )
                    })
                    .collect(),
            )
        })
        .collect();
    // France is named once without ambiguity (1 vote) and is the nearest
    // such mention to Brest (2 more), so the French Brest beats the larger
    // Belarusian region and city, which stay listed with no votes.
    assert_eq!(
        summary,
        [
            ("France".to_string(), vec![("FR".to_string(), 1)]),
            (
                "Brest".to_string(),
                vec![
                    ("FR".to_string(), 3),
                    ("BY".to_string(), 0),
                    ("BY".to_string(), 0)
                ]
            ),
        ]
    );
    // Without the option nothing is kept.
    assert!(Gazetteer::builtin()
        .find_mentions("Rallies in Paris.")
        .iter()
        .all(|mention| mention.candidates.is_empty()));
}

#[test]
fn minor_towns_need_a_cue_and_a_confirming_country() {
    // Towns below the main table's thresholds come from `towns.tsv.gz`
    // (ids checked in cities1000.json).
    let cases: &[(&str, &[&str])] = &[
        // Horenka (UA, 5,358 people): after "in", in a text that names Kyiv.
        // "Police" is a town in Poland (34,350): no cue, so it is the word.
        (
            "Police detained five activists in Horenka, a village near Kyiv.",
            &[
                "Horenka => Horenka/UA/8516167/Name [in]",
                "Kyiv => Kyiv/UA/703448/Name [near]",
            ],
        ),
        // The same name with no country to confirm it stays unnamed.
        ("Police detained five activists in Horenka.", &[]),
        // March (GB, 21,051) in a text about Kenya is the month.
        (
            "Teachers in Kenya went on strike in March.",
            &["Kenya => Kenya/KE/192950/Name [in]"],
        ),
        // Tarusa (RU, 10,180), inflected, after "в", with Kaluga confirming Russia.
        (
            "В Тарусе прошёл пикет, а в Калуге — митинг.",
            &[
                "Тарусе => Tarusa/RU/484287/Alias [в]",
                "Калуге => Kaluga/RU/553915/Alias [в]",
            ],
        ),
        // Without a cue a minor town's name is not read as the town.
        (
            "Жители Тарусы вышли на пикет в Калуге.",
            &["Калуге => Kaluga/RU/553915/Alias [в]"],
        ),
        // A major town of the name wins over minor ones: Reading, England
        // (Reading, Ohio has 10,324 people).
        (
            "Nurses rallied in Reading.",
            &["Reading => Reading/GB/2639577/Name [in]"],
        ),
        // A name written by a man ("Alexander") is no town without a cue.
        (
            "Alexander said the rally in Kyiv was peaceful.",
            &["Kyiv => Kyiv/UA/703448/Name [in]"],
        ),
    ];
    check_cases(cases);
    // Never from a lower-cased text, even after a cue.
    let mentions = Gazetteer::builtin().find_mentions_in("pickets in horenka near kyiv", true);
    let names: Vec<&str> = mentions.iter().map(|mention| mention.record.name).collect();
    assert_eq!(names, ["Kyiv"]);
}

#[test]
fn regions_of_the_focus_countries_in_russian_and_ukrainian() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Акция прошла в Мангистауской области.",
            &["Мангистауской области => Mangystau/KZ/-/Alias [в]"],
        ),
        (
            "Протести в Приднестровье и Гагаузии.",
            &[
                "Приднестровье => Transnistria/MD/-/Alias [в]",
                "Гагаузии => Gagauzia/MD/-/Alias [в]",
            ],
        ),
        // The region after a town, in the genitive without a comma, picks
        // the town: two Kirovsks in Russia.
        (
            "Пикет прошёл в Кировске Ленинградской области.",
            &[
                "Кировске => Kirovsk/RU/548392/Alias [в]",
                "Ленинградской области => Leningradskaya Oblast'/RU/-/Alias",
            ],
        ),
        (
            "Пикет прошёл в Кировске Мурманской области.",
            &[
                "Кировске => Kirovsk/RU/548391/Alias [в]",
                "Мурманской области => Murmansk/RU/-/Alias",
            ],
        ),
        (
            "Мітинг у Самцхе-Джавахеті.",
            &["Самцхе-Джавахеті => Samtskhe-Javakheti/GE/-/Alias [у]"],
        ),
    ];
    check_cases(cases);
}

#[test]
fn minor_towns_are_not_adjectives_districts_or_landmarks() {
    // Each of these once resolved to a minor town on the news corpus.
    let cases: &[(&str, &[&str])] = &[
        // Lviv, not the village of Lvove (its exact Cyrillic form).
        (
            "Акции прошли в Киеве, в Харькове и во Львове.",
            &[
                "Киеве => Kyiv/UA/703448/Alias [в]",
                "Харькове => Kharkiv/UA/706483/Alias [в]",
                "Львове => Lviv/UA/702550/Alias [во]",
            ],
        ),
        // Adjectives before a noun, a district, a landmark after "на".
        (
            "Шторм в Черном море, учения в России.",
            &["России => Russia/RU/2017370/Alias [в]"],
        ),
        (
            "Будівництво в Південному мікрорайоні триває, повідомили в Україні.",
            &["Україні => Ukraine/UA/690791/Alias [в]"],
        ),
        (
            "Протестующие собрались на Майдане, сообщили в Украине.",
            &["Украине => Ukraine/UA/690791/Alias [в]"],
        ),
    ];
    check_cases(cases);
}
