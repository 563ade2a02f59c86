//! A calendar date written in a page's text ("April 19, 2019", "5. Oktober
//! 2013", "23 mai 2019", "19 апреля 2019 г.", "07.11.2023", "2019/02/09"),
//! for a publication date the page's tags do not give: the text of its date
//! line (`<time>`, `<span class="post-date">`).
//!
//! Only whole dates count (day, month and year); a slashed date is read only
//! when its order is certain (a year first, or a day above 12). Month names
//! are those of the languages of the pages we read most: English, German,
//! French, Spanish, Italian, Portuguese, Dutch, Polish, Russian and
//! Ukrainian, full and abbreviated, in the forms a date uses (the genitive
//! in Slavic languages, the nominative too).

use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Month names and abbreviations, lowercased, by month.
const MONTHS: [&[&str]; 12] = [
    &[
        "january",
        "jan",
        "januar",
        "jänner",
        "janvier",
        "janv",
        "enero",
        "ene",
        "gennaio",
        "gen",
        "janeiro",
        "januari",
        "stycznia",
        "styczeń",
        "styczen",
        "января",
        "январь",
        "янв",
        "січня",
        "січень",
        "січ",
    ],
    &[
        "february",
        "feb",
        "februar",
        "février",
        "fevrier",
        "févr",
        "fevr",
        "febrero",
        "febbraio",
        "fevereiro",
        "fev",
        "februari",
        "lutego",
        "luty",
        "февраля",
        "февраль",
        "фев",
        "лютого",
        "лютий",
        "лют",
    ],
    &[
        "march",
        "mar",
        "märz",
        "maerz",
        "mär",
        "mars",
        "marzo",
        "março",
        "marco",
        "maart",
        "marca",
        "marzec",
        "марта",
        "март",
        "мар",
        "березня",
        "березень",
        "бер",
    ],
    &[
        "april",
        "apr",
        "avril",
        "avr",
        "abril",
        "abr",
        "aprile",
        "kwietnia",
        "kwiecień",
        "kwiecien",
        "апреля",
        "апрель",
        "апр",
        "квітня",
        "квітень",
        "квіт",
    ],
    &[
        "may",
        "mai",
        "mayo",
        "maggio",
        "mag",
        "maio",
        "mei",
        "maja",
        "maj",
        "мая",
        "май",
        "травня",
        "травень",
        "трав",
    ],
    &[
        "june",
        "jun",
        "juni",
        "juin",
        "junio",
        "giugno",
        "giu",
        "junho",
        "czerwca",
        "czerwiec",
        "июня",
        "июнь",
        "июн",
        "червня",
        "червень",
        "черв",
    ],
    &[
        "july",
        "jul",
        "juli",
        "juillet",
        "juil",
        "julio",
        "luglio",
        "lug",
        "julho",
        "lipca",
        "lipiec",
        "июля",
        "июль",
        "июл",
        "липня",
        "липень",
        "лип",
    ],
    &[
        "august",
        "aug",
        "août",
        "aout",
        "agosto",
        "ago",
        "augustus",
        "sierpnia",
        "sierpień",
        "sierpien",
        "августа",
        "август",
        "авг",
        "серпня",
        "серпень",
        "серп",
    ],
    &[
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "setiembre",
        "settembre",
        "set",
        "setembro",
        "września",
        "wrzesień",
        "wrzesien",
        "сентября",
        "сентябрь",
        "сен",
        "вересня",
        "вересень",
        "вер",
    ],
    &[
        "october",
        "oct",
        "oktober",
        "okt",
        "octobre",
        "octubre",
        "ottobre",
        "ott",
        "outubro",
        "out",
        "października",
        "październik",
        "pazdziernik",
        "октября",
        "октябрь",
        "окт",
        "жовтня",
        "жовтень",
        "жовт",
    ],
    &[
        "november",
        "nov",
        "novembre",
        "noviembre",
        "novembro",
        "listopada",
        "listopad",
        "ноября",
        "ноябрь",
        "ноя",
        "листопада",
        "листопад",
        "лист",
    ],
    &[
        "december",
        "dec",
        "dezember",
        "dez",
        "décembre",
        "decembre",
        "déc",
        "diciembre",
        "dic",
        "dicembre",
        "dezembro",
        "grudnia",
        "grudzień",
        "grudzien",
        "декабря",
        "декабрь",
        "дек",
        "грудня",
        "грудень",
        "груд",
    ],
];

fn month_numbers() -> &'static HashMap<&'static str, u32> {
    static NUMBERS: LazyLock<HashMap<&'static str, u32>> = LazyLock::new(|| {
        let mut numbers = HashMap::new();
        for (index, names) in MONTHS.iter().enumerate() {
            for name in *names {
                numbers.insert(*name, index as u32 + 1);
            }
        }
        numbers
    });
    &NUMBERS
}

/// The first whole date in `text`, as `YYYY-MM-DD`.
pub(crate) fn date_in_text(text: &str) -> Option<String> {
    static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?x)
            \b(?P<iso_y>(?:19|20)\d{2})[-/.](?P<iso_m>\d{1,2})[-/.](?P<iso_d>\d{1,2})(?:T|\b)
            | \b(?P<dot_d>\d{1,2})\.\s?(?P<dot_m>\d{1,2})\.\s?(?P<dot_y>(?:19|20)\d{2})\b
            | \b(?P<sl_a>\d{1,2})/(?P<sl_b>\d{1,2})/(?P<sl_y>(?:19|20)\d{2})\b",
        )
        .unwrap()
    });
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        // A month is a run of letters checked against the table afterwards,
        // which keeps the expression small.
        Regex::new(
            r"(?x)(?i)
            \b(?P<d1>\d{1,2})(?:st|nd|rd|th|er|\.)?\s+(?:de\s+)?(?P<m1>\p{L}{3,12})\.?,?\s+(?:de\s+|del\s+)?(?P<y1>(?:19|20)\d{2})\b
            | \b(?P<m2>\p{L}{3,12})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d{2})\b",
        )
        .unwrap()
    });
    let numeric = NUMERIC.captures_iter(text).find_map(|captures| {
        let number = |name: &str| captures.name(name)?.as_str().parse::<u32>().ok();
        let start = captures.get(0)?.start();
        let date = if let Some(year) = number("iso_y") {
            valid(year, number("iso_m")?, number("iso_d")?)
        } else if let Some(year) = number("dot_y") {
            valid(year, number("dot_m")?, number("dot_d")?)
        } else {
            let (first, second, year) = (number("sl_a")?, number("sl_b")?, number("sl_y")?);
            // Only an order that cannot be the other one.
            if first > 12 {
                valid(year, second, first)
            } else if second > 12 {
                valid(year, first, second)
            } else {
                None
            }
        }?;
        Some((start, date))
    });
    let named = NAMED.captures_iter(text).find_map(|captures| {
        let month_name = captures
            .name("m1")
            .or_else(|| captures.name("m2"))?
            .as_str()
            .to_lowercase();
        let month = *month_numbers().get(month_name.as_str())?;
        let day = captures
            .name("d1")
            .or_else(|| captures.name("d2"))?
            .as_str()
            .parse()
            .ok()?;
        let year = captures
            .name("y1")
            .or_else(|| captures.name("y2"))?
            .as_str()
            .parse()
            .ok()?;
        Some((captures.get(0)?.start(), valid(year, month, day)?))
    });
    // The one written first.
    match (numeric, named) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a.1 } else { b.1 }),
        (a, b) => a.or(b).map(|(_, date)| date),
    }
}

fn valid(year: u32, month: u32, day: u32) -> Option<String> {
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => return None,
    };
    ((1990..=2100).contains(&year) && (1..=days_in_month).contains(&day))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_date_lines() {
        let cases = [
            "April 19, 2019",
            "Jan 18, 2019",
            "Samstag, 5. Oktober 2013",
            "10. Oktober 2021",
            "23 mai 2019",
            "26 de abril de 2022",
            "22 Apr, 2022",
            "19 апреля 2019 г., 14:05",
            "Опубліковано 3 березня 2024",
            "11 listopada 2023",
            "Stand - 12.11.2021",
            "am 29.12.2010, 13:36 Uhr",
            "2019/02/09",
            "Posted 2013-04-04T18:52:11+00:00",
            "News date : 04/21/2022",
            "21/04/2022",
            "04/05/2022",
            "May 2019",
            "31.02.2020",
            "Updated 3 days ago",
            "Ausgabe 8/2021",
        ];
        let found: Vec<String> = cases
            .iter()
            .map(|case| format!("{case} -> {}", date_in_text(case).unwrap_or("-".into())))
            .collect();
        expect_test::expect![[r#"
            April 19, 2019 -> 2019-04-19
            Jan 18, 2019 -> 2019-01-18
            Samstag, 5. Oktober 2013 -> 2013-10-05
            10. Oktober 2021 -> 2021-10-10
            23 mai 2019 -> 2019-05-23
            26 de abril de 2022 -> 2022-04-26
            22 Apr, 2022 -> 2022-04-22
            19 апреля 2019 г., 14:05 -> 2019-04-19
            Опубліковано 3 березня 2024 -> 2024-03-03
            11 listopada 2023 -> 2023-11-11
            Stand - 12.11.2021 -> 2021-11-12
            am 29.12.2010, 13:36 Uhr -> 2010-12-29
            2019/02/09 -> 2019-02-09
            Posted 2013-04-04T18:52:11+00:00 -> 2013-04-04
            News date : 04/21/2022 -> 2022-04-21
            21/04/2022 -> 2022-04-21
            04/05/2022 -> -
            May 2019 -> -
            31.02.2020 -> -
            Updated 3 days ago -> -
            Ausgabe 8/2021 -> -"#]]
        .assert_eq(&found.join("\n"));
    }
}
